/*
 * models.c - `revgen models` (the schema the headers declare) and
 * `revgen inspect` (the schema the database holds), as SQL or JSON, and
 * the database's schema as model headers (`inspect --format c`, the start
 * of adopting an existing database).  `models` is the first thing to run
 * when autogenerate "finds nothing".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "emit/diagram.h"
#include "emit/header.h"

static int print_schema(const struct rg_schema *s, const struct rg_dialect *d,
			const char *format)
{
	enum rg_diagram_format df;
	if (rg_diagram_format_parse(format, &df)) {
		struct rg_buf b = RG_BUF_INIT;
		rg_diagram_render(&b, df, d->compare, s, NULL);
		fputs(rg_buf_str(&b), stdout);
		rg_buf_free(&b);
		return RG_EXIT_OK;
	}
	if (strcmp(format, "json") == 0) {
		char *js = rg_cmd_schema_json(s);
		printf("%s\n", js);
		free(js);
		return RG_EXIT_OK;
	}
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err;
	if (rg_cmd_schema_sql(&b, d, s, &err) < 0) {
		rg_buf_free(&b);
		return rg_cmd_fail(&err);
	}
	if (s->ntables == 0)
		fprintf(stderr, "(no tables)\n");
	fputs(rg_buf_str(&b), stdout);
	rg_buf_free(&b);
	return RG_EXIT_OK;
}

/* with_c: `inspect`, which also takes --format c and --output DIR */
static int parse_format(struct rg_ctx *ctx, int argc, char **argv,
			const struct rg_command_help *help, bool with_c,
			const char **format, const char **output, bool *shown)
{
	struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT",
		 with_c ? "sql (default), json, mermaid, dot (ER diagrams) or c (model headers)"
			: "sql (default), json, mermaid or dot (ER diagrams)", format},
		{0, "output", RG_OPT_STRING, "DIR", "with --format c: one header per table in DIR", output},
		{0},
	};
	if (!with_c)
		opts[1] = (struct rg_option){0};
	const char *pos[1];
	size_t npos;
	int rc = rg_parse_options(ctx, argc, argv, opts, help, pos, 0, &npos, shown);
	if (rc || *shown)
		return rc;
	bool c = with_c && strcmp(*format, "c") == 0;
	enum rg_diagram_format df;
	if (strcmp(*format, "sql") != 0 && strcmp(*format, "json") != 0 && !c &&
	    !rg_diagram_format_parse(*format, &df)) {
		rg_cmd_error("%s: unknown --format '%s' (%s)", argv[0], *format,
			     with_c ? "sql, json, mermaid, dot or c" : "sql, json, mermaid or dot");
		return RG_EXIT_ERROR;
	}
	if (*output && !c) {
		rg_cmd_error("%s: --output goes with --format c", argv[0]);
		return RG_EXIT_ERROR;
	}
	return rg_cmd_setup(ctx);
}

int cmd_models(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_command_help help = {
		"models [--format sql|json|mermaid|dot]",
		"Prints the schema that the model headers declare, as the SQL that would\n"
		"create it in the configured database's dialect, as JSON, or as an ER\n"
		"diagram (Mermaid's erDiagram, Graphviz's dot) with the dialect's types.",
		"revgen models --format json",
	};
	const char *format = "sql", *output = NULL;
	bool shown;
	int rc = parse_format(ctx, argc, argv, &help, false, &format, &output, &shown);
	if (rc || shown)
		return rc;
	const struct rg_dialect *d = NULL;
	if (strcmp(format, "json") != 0 && (rc = rg_cmd_dialect(ctx, &d)))
		return rc;
	struct rg_schema *s;
	if ((rc = rg_cmd_load_models(ctx, &s)))
		return rc;
	rc = print_schema(s, d, format);
	rg_schema_free(s);
	return rc;
}

/* One header per table in dir, named after the table (made a C
 * identifier, numbered when two tables make the same one), views.h with
 * the views, and domains.h and sequences.h for PostgreSQL's domains and
 * the standalone sequences.  Nothing is
 * written when one of the files exists already: headers someone may have
 * edited are not overwritten, and a half-adopted set is worse than none;
 * a write that fails removes the files written before it. */
static int write_headers(struct rg_ctx *ctx, const struct rg_schema *s, const char *dir)
{
	const struct rg_dialect *d = ctx->conn->dialect;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		rg_cmd_error("%s: %s", dir, strerror(errno));
		return RG_EXIT_ERROR;
	}
	/* domains.h (which the tables' headers include by that name) and
	 * sequences.h first, so that a table of either name is the one
	 * numbered; then the tables', then the views in one header of their
	 * own */
	bool doms = s->ndomains && (d->compare->caps & RG_CAP_DOMAINS);
	bool seqs = s->nsequences && d->compare->sequence_defaults;
	size_t extra = (size_t)doms + (size_t)seqs, n = extra + s->ntables + (s->nviews > 0);
	char **paths = rg_xcalloc(n + 1, sizeof(*paths));
	int rc = RG_EXIT_OK;
	for (size_t i = 0; i < n && rc == RG_EXIT_OK; i++) {
		char *stem = i < extra ? rg_xstrdup(i == 0 && doms ? "domains" : "sequences")
			: i < extra + s->ntables ? rg_header_file_stem(s->tables[i - extra]->name)
			: rg_xstrdup("views");
		struct rg_buf p = RG_BUF_INIT;
		rg_buf_addf(&p, "%s/%s.h", dir, stem);
		/* a stem an earlier table has: numbered, as the struct tag is */
		for (unsigned num = 2;; num++) {
			bool taken = false;
			for (size_t k = 0; k < i && !taken; k++)
				taken = strcmp(paths[k], rg_buf_str(&p)) == 0;
			if (!taken)
				break;
			rg_buf_reset(&p);
			rg_buf_addf(&p, "%s/%s_%u.h", dir, stem, num);
		}
		free(stem);
		paths[i] = rg_buf_detach(&p);
		if (access(paths[i], F_OK) == 0) {
			rg_cmd_error("%s exists already: not overwritten (nothing written); "
				     "remove it or choose another --output", paths[i]);
			rc = RG_EXIT_ERROR;
		} else if (errno != ENOENT) {
			rg_cmd_error("%s: %s (nothing written)", paths[i], strerror(errno));
			rc = RG_EXIT_ERROR;
		}
	}
	size_t written = 0;
	for (size_t i = 0; i < n && rc == RG_EXIT_OK; i++, written++) {
		struct rg_buf b = RG_BUF_INIT;
		const char *base = strrchr(paths[i], '/') + 1;
		char *stem = rg_xstrndup(base, strlen(base) - 2);
		if (i >= extra + s->ntables)
			rg_header_render_views(&b, d->compare, s, stem);
		else if (i >= extra)
			rg_header_render(&b, d->compare, ctx->cfg->naming, s, s->tables[i - extra], stem);
		else if (i == 0 && doms)
			rg_header_render_domains(&b, d->compare, s, stem);
		else
			rg_header_render_sequences(&b, d->compare, s, stem);
		free(stem);
		struct rg_error err;
		if (rg_write_file_atomic(paths[i], b.data, b.len, &err) < 0) {
			rc = rg_cmd_fail(&err);
			for (size_t k = 0; k < written; k++)
				unlink(paths[k]);
		}
		rg_buf_free(&b);
	}
	if (rc == RG_EXIT_OK)
		rg_cmd_info(ctx, "%zu header(s) written in %s", n, dir);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

int cmd_inspect(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_command_help help = {
		"inspect [--format sql|json|mermaid|dot|c] [--output DIR]",
		"Prints the schema the database holds (the version table and\n"
		"exclude_tables left out), as SQL, JSON, an ER diagram (mermaid, dot) or\n"
		"model headers (c: one header\n"
		"on standard output, or with --output one per table in DIR and views.h\n"
		"with the views, which must not hold them yet).",
		"revgen inspect --format c --output models",
	};
	const char *format = "sql", *output = NULL;
	bool shown;
	int rc = parse_format(ctx, argc, argv, &help, true, &format, &output, &shown);
	if (rc || shown)
		return rc;
	struct rg_schema *s;
	if ((rc = rg_cmd_introspect(ctx, ctx->conn, &s)))
		return rc;
	/* every key part as it is, however long the fast read's
	 * shortcuts would have been */
	struct rg_error err;
	if (ctx->conn->dialect->reread_key_parts &&
	    ctx->conn->dialect->reread_key_parts(ctx->conn, s, NULL, 0, &err) < 0) {
		rg_schema_free(s);
		return rg_cmd_fail(&err);
	}
	if (strcmp(format, "c") != 0) {
		rc = print_schema(s, ctx->conn->dialect, format);
	} else {
		/* tables in name order, whatever order the catalog gave */
		rg_schema_sort(s);
		if (output) {
			rc = write_headers(ctx, s, output);
		} else {
			struct rg_buf b = RG_BUF_INIT;
			rg_header_render(&b, ctx->conn->dialect->compare, ctx->cfg->naming, s, NULL,
					 "schema");
			fputs(rg_buf_str(&b), stdout);
			rg_buf_free(&b);
		}
	}
	rg_schema_free(s);
	return rc;
}
