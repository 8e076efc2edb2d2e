/*
 * models.c - `revgen models` (the schema the headers declare) and
 * `revgen inspect` (the schema the database holds), as SQL or JSON.
 * `models` is the first thing to run when autogenerate "finds nothing".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static int print_schema(const struct rg_schema *s, const struct rg_dialect *d,
			const char *format)
{
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

static int parse_format(struct rg_ctx *ctx, int argc, char **argv,
			const struct rg_command_help *help, const char **format,
			bool *shown)
{
	const struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT", "sql (default) or json", format},
		{0},
	};
	const char *pos[1];
	size_t npos;
	int rc = rg_parse_options(ctx, argc, argv, opts, help, pos, 0, &npos, shown);
	if (rc || *shown)
		return rc;
	if (strcmp(*format, "sql") != 0 && strcmp(*format, "json") != 0) {
		rg_cmd_error("%s: unknown --format '%s' (sql or json)", argv[0], *format);
		return RG_EXIT_ERROR;
	}
	return rg_cmd_setup(ctx);
}

int cmd_models(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_command_help help = {
		"models [--format sql|json]",
		"Prints the schema that the model headers declare, as the SQL that would\n"
		"create it in the configured database's dialect, or as JSON.",
		"revgen models --format json",
	};
	const char *format = "sql";
	bool shown;
	int rc = parse_format(ctx, argc, argv, &help, &format, &shown);
	if (rc || shown)
		return rc;
	const struct rg_dialect *d = NULL;
	if (strcmp(format, "sql") == 0 && (rc = rg_cmd_dialect(ctx, &d)))
		return rc;
	struct rg_schema *s;
	if ((rc = rg_cmd_load_models(ctx, &s)))
		return rc;
	rc = print_schema(s, d, format);
	rg_schema_free(s);
	return rc;
}

int cmd_inspect(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_command_help help = {
		"inspect [--format sql|json]",
		"Prints the schema the database holds (the version table and\n"
		"exclude_tables left out), as SQL or JSON.",
		"revgen inspect",
	};
	const char *format = "sql";
	bool shown;
	int rc = parse_format(ctx, argc, argv, &help, &format, &shown);
	if (rc || shown)
		return rc;
	struct rg_schema *s;
	if ((rc = rg_cmd_introspect(ctx, ctx->conn, &s)))
		return rc;
	rc = print_schema(s, ctx->conn->dialect, format);
	rg_schema_free(s);
	return rc;
}
