/*
 * graph.c - the commands about the revision graph itself: `heads`,
 * `branches`, `show` (read the files only) and `stamp` (writes the version
 * table, runs no migration SQL).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/progress.h"
#include "runner/runner.h"

static bool json_format(const char *format, const char *cmd, int *rc)
{
	*rc = RG_EXIT_OK;
	if (strcmp(format, "json") == 0)
		return true;
	if (strcmp(format, "text") != 0) {
		rg_cmd_error("%s: unknown --format '%s' (text or json)", cmd, format);
		*rc = RG_EXIT_ERROR;
	}
	return false;
}

int cmd_heads(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text";
	const struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT", "text (default) or json", &format},
		{0},
	};
	static const struct rg_command_help help = {
		"heads [-v] [--format text|json]",
		"Lists the revisions nothing revises yet: one for a straight history, more\n"
		"when branches have not been merged.",
		"revgen heads",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown)
		return rc;
	bool json = json_format(format, "heads", &rc);
	if (rc || (rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_graph *g = ctx->graph;
	size_t *heads, n;
	rg_graph_heads(g, &heads, &n);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct rg_revision *r = g->revs[heads[i]];
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "revision", json_string(r->id));
			json_object_set_new(o, "message", json_string(r->message));
			json_t *labels = json_array();
			for (size_t k = 0; k < r->nlabels; k++)
				json_array_append_new(labels, json_string(r->labels[k]));
			json_object_set_new(o, "branch_labels", labels);
			json_object_set_new(o, "path", json_string(r->path));
			json_array_append_new(arr, o);
		} else if (ctx->verbose) {
			printf("%s (head), %s\n    %s\n", r->id, r->message, r->path);
		} else {
			printf("%s (head)\n", r->id);
		}
	}
	if (json) {
		json_t *root = json_object();
		json_object_set_new(root, "heads", arr);
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(root);
	} else {
		json_decref(arr);
	}
	free(heads);
	return RG_EXIT_OK;
}

int cmd_branches(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_option opts[] = {{0}};
	static const struct rg_command_help help = {
		"branches",
		"Lists the branch points: revisions that more than one revision revises,\n"
		"with the branches that start there.",
		"revgen branches",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 0, &npos, &shown);
	if (rc || shown || (rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_graph *g = ctx->graph;
	for (size_t i = 0; i < g->n; i++) {
		struct rg_buf kids = RG_BUF_INIT;
		size_t n = 0;
		for (size_t k = i + 1; k < g->n; k++)
			for (size_t p = 0; p < g->revs[k]->ndown; p++)
				if (g->parents[k][p] == i) {
					rg_buf_addf(&kids, "%s%s", n ? ", " : "", g->revs[k]->id);
					n++;
				}
		if (n > 1)
			printf("%s (branchpoint), %s\n    -> %s\n", g->revs[i]->id, g->revs[i]->message,
			       kids.data);
		rg_buf_free(&kids);
	}
	return RG_EXIT_OK;
}

int cmd_show(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *dev_url = NULL;
	bool live = false;
	const struct rg_option opts[] = {
		{0, "format", RG_OPT_STRING, "FMT",
		 "text (default: the file) or markdown (its operations, lint's findings and their tables, for a pull request)",
		 &format},
		{0, "dev-url", RG_OPT_STRING, "URL",
		 "with --format markdown on PostgreSQL/MySQL: the scratch database to apply it on (it is emptied!)",
		 &dev_url},
		{0, "live", RG_OPT_FLAG, NULL,
		 "with --format markdown: lint with the project's database answering the data checks, as `lint` does",
		 &live},
		{0},
	};
	static const struct rg_command_help help = {
		"show REV [--format text|markdown [--dev-url URL] [--live]]",
		"Prints one revision: its header and its SQL. REV is anything a target\n"
		"can be: an id, a prefix, a label, head, head-1... With --format markdown,\n"
		"a summary instead: the operations it makes, read from a scratch database\n"
		"the revisions are applied on, lint's findings on it, and a diagram of the\n"
		"tables they touch.",
		"revgen show head --format markdown",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 1, &npos, &shown);
	if (rc || shown)
		return rc;
	if (npos != 1) {
		rg_cmd_error("show: which revision? e.g. `revgen show head`");
		return RG_EXIT_ERROR;
	}
	bool markdown = strcmp(format, "markdown") == 0;
	if (!markdown && strcmp(format, "text") != 0) {
		rg_cmd_error("show: unknown --format '%s' (text or markdown)", format);
		return RG_EXIT_ERROR;
	}
	if ((dev_url || live) && !markdown) {
		rg_cmd_error("show: %s goes with --format markdown", dev_url ? "--dev-url" : "--live");
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)) || (live && (rc = rg_cmd_need(ctx, RG_NEED_DB))))
		return rc;
	const struct rg_graph *g = ctx->graph;
	struct rg_error err;
	size_t ix;
	bool base;
	if (rg_plan_resolve(g, pos[0], &ix, &base, &err) < 0 ||
	    (base && rg_error_set(&err, "show: base is no revision") < 0))
		return rg_cmd_fail(&err);
	if (markdown)
		return rg_cmd_show_markdown(ctx, ix, dev_url, live);
	printf("Path: %s\n%s", g->revs[ix]->path, g->revs[ix]->text);
	return RG_EXIT_OK;
}

int cmd_stamp(struct rg_ctx *ctx, int argc, char **argv)
{
	bool sql = false;
	const struct rg_option opts[] = {
		{0, "sql", RG_OPT_FLAG, NULL, "print the SQL instead of running it", &sql},
		{0},
	};
	static const struct rg_command_help help = {
		"stamp REV [--sql]",
		"Sets the version table to REV (or empties it for base) without running\n"
		"any revision: for a database made by other means, or to repair the table.",
		"revgen stamp head",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 1, &npos, &shown);
	if (rc || shown)
		return rc;
	if (npos != 1) {
		rg_cmd_error("stamp: which revision? e.g. `revgen stamp head`");
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_graph *g = ctx->graph;
	struct rg_error err;
	size_t *ids = NULL, n = 0;
	if (strcmp(pos[0], "heads") == 0) {
		rg_graph_heads(g, &ids, &n);
	} else {
		size_t ix;
		bool base;
		if (rg_plan_resolve(g, pos[0], &ix, &base, &err) < 0)
			return rg_cmd_fail(&err);
		ids = rg_xcalloc(1, sizeof(size_t));
		if (!base)
			ids[n++] = ix;
	}
	const struct rg_dialect *d;
	struct rg_buf stmts = RG_BUF_INIT;
	if ((rc = rg_cmd_dialect(ctx, &d)))
		goto out;
	/* the whole table replaced, in one transaction */
	rg_buf_add(&stmts, "DELETE FROM ");
	d->quote_ident(&stmts, ctx->cfg->version_table);
	rg_buf_add(&stmts, ";\n");
	for (size_t i = 0; i < n; i++) {
		rg_buf_add(&stmts, "INSERT INTO ");
		d->quote_ident(&stmts, ctx->cfg->version_table);
		rg_buf_addf(&stmts, " (version_num) VALUES ('%s');\n", g->revs[ids[i]]->id);
	}
	if (sql) {
		struct rg_buf ddl = RG_BUF_INIT;
		rg_sql_version_table_ddl(&ddl, d, ctx->cfg->version_table);
		printf("%s\nBEGIN;\n%sCOMMIT;\n", ddl.data, stmts.data);
		rg_buf_free(&ddl);
		goto out;
	}
	/* after the revision is resolved: a wrong REV is reported before an
	 * unreachable database, and --sql needs none */
	if ((rc = rg_cmd_need(ctx, RG_NEED_DB)))
		goto out;
	struct rg_conn *c = ctx->conn;
	struct rg_buf ddl = RG_BUF_INIT;
	rg_sql_version_table_ddl(&ddl, d, ctx->cfg->version_table);
	/* a stamp says what the database holds: a partly applied revision's
	 * record (runner/progress.h) goes with the old rows */
	struct rg_buf progress = RG_BUF_INIT;
	bool has_progress = false;
	rg_progress_table(&progress, ctx->cfg->version_table);
	if (d->lock(c, &err) < 0) {
		rc = rg_cmd_fail(&err);
	} else {
		int e = d->table_exists(c, progress.data, &has_progress, &err);
		if (e == 0 && has_progress) {
			rg_buf_add(&stmts, "DELETE FROM ");
			d->quote_ident(&stmts, progress.data);
			rg_buf_add(&stmts, ";\n");
		}
		if (e < 0 || d->begin(c, &err) < 0 || d->exec(c, ddl.data, &err) < 0 ||
		    d->exec(c, stmts.data, &err) < 0 || d->commit(c, &err) < 0) {
			struct rg_error ignore;
			d->rollback(c, &ignore);
			rc = rg_cmd_fail(&err);
		} else {
			rg_cmd_info(ctx, "Stamped %s", n ? pos[0] : "base");
		}
		if (d->unlock(c, &err) < 0 && rc == RG_EXIT_OK)
			rc = rg_cmd_fail(&err);
	}
	rg_buf_free(&ddl);
	rg_buf_free(&progress);
out:
	rg_buf_free(&stmts);
	free(ids);
	return rc;
}
