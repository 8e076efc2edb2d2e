/*
 * verify.c - `revision --autogenerate --verify`: the new revision tried on
 * a scratch database that holds the existing revisions, before its file
 * is written.  Its upgrade must run, the models must then match, its
 * downgrade must bring back the schema from before, and its upgrade must
 * run again.  What a reviewer would otherwise find at the first upgrade
 * or, worse, at the first rollback in production (a downgrade that cannot
 * run, or that leaves a column behind) stops autogenerate here, with the
 * statement at fault.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "diff/differ.h"
#include "runner/runner.h"
#include "runner/split.h"

/* Prints the statement of r's section that err names: the runner's
 * message starts "<path>:<line>: " for a statement that failed. */
static void print_statement(const struct rg_revision *r, bool up, const char *msg)
{
	size_t plen = strlen(r->path);
	if (strncmp(msg, r->path, plen) != 0 || msg[plen] != ':')
		return;
	char *end;
	unsigned long line = strtoul(msg + plen + 1, &end, 10);
	if (end == msg + plen + 1 || *end != ':')
		return;
	struct rg_stmt *stmts = NULL;
	size_t n = 0;
	struct rg_error ignore;
	const char *body = up ? r->upgrade : r->downgrade;
	if (rg_split_sql(&stmts, &n, body ? body : "", up ? r->upgrade_line : r->downgrade_line,
			 &ignore) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (stmts[i].line == line)
			fprintf(stderr, "  the statement (line %lu of the revision):\n    %s;\n", line,
				stmts[i].sql);
	rg_stmts_free(stmts, n);
}

/* Runs r's upgrade (or its downgrade) on c, from whatever c's version
 * table says. */
static int run_step(struct rg_ctx *ctx, struct rg_conn *c, const struct rg_graph *g2,
		    const struct rg_revision *r, bool up, const char *what)
{
	struct rg_error err;
	int rc = rg_cmd_replay_move(ctx, c, g2, up, up ? r->id : "-1", &err);
	if (rc == -1)
		return rg_cmd_fail(&err);
	if (rc == -2) {
		rg_cmd_error("--verify: %s of the new revision fails on the scratch database "
			     "(nothing written): %s", what, err.msg);
		print_statement(r, up, err.msg);
		return RG_EXIT_ERROR;
	}
	return RG_EXIT_OK;
}

/* The scratch database as it is, for comparing with another reading of
 * it: every key part read in full. */
int rg_cmd_introspect_all(struct rg_ctx *ctx, struct rg_conn *c, struct rg_schema **out)
{
	int rc = rg_cmd_introspect(ctx, c, out);
	if (rc)
		return rc;
	struct rg_error err;
	if (c->dialect->reread_key_parts &&
	    c->dialect->reread_key_parts(c, *out, NULL, 0, &err) < 0) {
		rg_schema_free(*out);
		*out = NULL;
		return rg_cmd_fail(&err);
	}
	return RG_EXIT_OK;
}

/* After the upgrade: the models and the scratch database agree. */
static int models_match(struct rg_ctx *ctx, struct rg_conn *c, struct rg_schema *models)
{
	struct rg_schema *db = NULL;
	struct rg_oplist ops;
	rg_oplist_init(&ops);
	int rc = rg_cmd_introspect(ctx, c, &db);
	if (!rc)
		rc = rg_cmd_diff_db(ctx, c, models, db, &ops);
	if (!rc && ops.n) {
		rg_cmd_error("--verify: after the new revision's upgrade the scratch database still "
			     "differs from the models (nothing written); `check` would list:");
		rg_cmd_print_plan(stderr, &ops, c->dialect);
		rc = RG_EXIT_ERROR;
	}
	rg_oplist_free(&ops);
	rg_schema_free(db);
	return rc;
}

/* After the downgrade: the scratch database is as before the upgrade. */
static int schema_restored(struct rg_ctx *ctx, struct rg_conn *c,
			   const struct rg_schema *before)
{
	struct rg_schema *now = NULL;
	struct rg_oplist ops;
	struct rg_error err;
	rg_oplist_init(&ops);
	int rc = rg_cmd_introspect_all(ctx, c, &now);
	struct rg_diff_opts o = {
		.exclude = (const char *const *)ctx->cfg->exclude_tables,
		.nexclude = ctx->cfg->nexclude_tables,
		.every_view = true,
	};
	if (!rc && rg_diff(&ops, now, before, c->compare, &o, &err) < 0)
		rc = rg_cmd_fail(&err);
	if (!rc && ops.n) {
		rg_cmd_error("--verify: the new revision's downgrade does not bring the scratch "
			     "database back to its schema from before the upgrade (nothing written); "
			     "what would restore it:");
		rg_cmd_print_plan(stderr, &ops, c->dialect);
		rc = RG_EXIT_ERROR;
	}
	rg_oplist_free(&ops);
	rg_schema_free(now);
	return rc;
}

int rg_cmd_verify_revision(struct rg_ctx *ctx, const struct rg_graph *g, const char *path,
			   const char *text, struct rg_schema *models)
{
	struct rg_error err;
	double t0 = rg_now_ms();
	/* a graph of its own that holds the new revision: the command's stays
	 * what versions/ holds */
	struct rg_graph *g2 = NULL;
	struct rg_revision *r = NULL;
	char *dir = rg_cmd_versions_dir(ctx);
	int rc = rg_graph_load(&g2, dir, &err) < 0 ||
		 rg_revision_parse(&r, path, text, &err) < 0 ||
		 rg_graph_append(g2, r, &err) < 0 ? rg_cmd_fail(&err) : RG_EXIT_OK;
	free(dir);
	if (rc) {
		if (!g2 || g2->n == 0 || g2->revs[g2->n - 1] != r)
			rg_revision_free(r);
		rg_graph_free(g2);
		return rc;
	}
	/* under --replay the autogenerate's own database is the scratch one,
	 * at the revisions' heads */
	struct rg_conn *c = ctx->conn;
	if (!ctx->replay && (rc = rg_cmd_replay(ctx, g, "heads", ctx->dev_url, &c))) {
		rg_graph_free(g2);
		return rc;
	}
	struct rg_schema *before = NULL;
	if (!(rc = rg_cmd_introspect_all(ctx, c, &before)) &&
	    !(rc = run_step(ctx, c, g2, r, true, "the upgrade")) &&
	    !(rc = models_match(ctx, c, models)) &&
	    !(rc = run_step(ctx, c, g2, r, false, "the downgrade")) &&
	    !(rc = schema_restored(ctx, c, before)) &&
	    !(rc = run_step(ctx, c, g2, r, true, "the second upgrade (after the downgrade)")))
		rg_cmd_info(ctx, "Verified on a scratch database in %.0f ms: upgrade, check, "
			    "downgrade, upgrade", rg_now_ms() - t0);
	rg_schema_free(before);
	rg_graph_free(g2);
	if (!ctx->replay) {
		rg_cmd_replay_done(ctx, c, ctx->dev_url);
		c->dialect->disconnect(c);
	}
	return rc;
}
