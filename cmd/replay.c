/*
 * replay.c - the schema that the revisions make, computed without the
 * shared database: every revision applied to a scratch database (SQLite in
 * memory, or a --dev-url the user names, emptied before and after).  This
 * is what lets CI check models against revisions with no access to
 * production: `revgen check --replay`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/runner.h"

/* Drops every table of the scratch database, the version table too, with
 * the same machinery as any migration: diff against nothing, render, run. */
static int wipe(struct rg_ctx *ctx, struct rg_conn *c, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_schema *db = NULL, *empty = rg_schema_new();
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	struct rg_introspect_opts none = {NULL, 0};
	rg_oplist_init(&ops);
	int rc = d->introspect(c, &none, &db, err);
	if (rc == 0)
		rc = rg_diff(&ops, db, empty, d->compare, NULL, err);
	if (rc == 0)
		rc = d->render_ops(d, &ops, &sql, err);
	if (rc == 0 && sql.len)
		rc = d->exec(c, sql.data, err);
	(void)ctx;
	rg_buf_free(&sql);
	rg_oplist_free(&ops);
	rg_schema_free(db);
	rg_schema_free(empty);
	return rc;
}

int rg_cmd_replay(struct rg_ctx *ctx, const struct rg_graph *g,
		  const char *dev_url, struct rg_conn **out)
{
	struct rg_error err;
	const struct rg_dialect *d;
	int rc = rg_cmd_dialect(ctx, &d);
	if (rc)
		return rc;
	const char *url = dev_url;
	if (!url) {
		if (d != &rg_dialect_sqlite) {
			rg_cmd_error("--replay on %s needs --dev-url URL: a throwaway database (or schema) "
				     "that revgen may empty, on the same kind of server", d->name);
			return RG_EXIT_ERROR;
		}
		url = "sqlite://"; /* in memory */
	}
	struct rg_url *u;
	if (rg_url_parse(&u, url, &err) < 0)
		return rg_cmd_fail(&err);
	if (rg_dialect_for_scheme(u->scheme) != d) {
		rg_cmd_error("--dev-url %s is not a %s database, as the project's is", u->redacted, d->name);
		rg_url_free(u);
		return RG_EXIT_ERROR;
	}
	struct rg_conn *c;
	if (rg_dialect_connect(d, &c, u, &err) < 0) {
		rg_error_prefix(&err, "cannot connect to the dev database %s", u->redacted);
		rg_url_free(u);
		return rg_cmd_fail(&err);
	}
	rg_url_free(u);

	struct rg_plan plan = {0};
	struct rg_run_opts o = {.version_table = ctx->cfg->version_table, .quiet = true};
	double t0 = rg_now_ms();
	if ((dev_url && (wipe(ctx, c, &err) < 0 ||
			 rg_runner_drop_version_table(c, ctx->cfg->version_table, &err) < 0)) ||
	    rg_plan_upgrade(&plan, g, NULL, 0, "heads", &err) < 0 ||
	    rg_runner_run(c, g, &plan, &o, &err) < 0) {
		rg_plan_free(&plan);
		rg_cmd_replay_done(ctx, c, dev_url);
		d->disconnect(c);
		rg_error_prefix(&err, "replaying the revisions");
		return rg_cmd_fail(&err);
	}
	if (ctx->verbose)
		fprintf(stderr, "Replayed %zu revision(s) on a scratch database in %.0f ms\n", plan.n,
			rg_now_ms() - t0);
	rg_plan_free(&plan);
	*out = c;
	return RG_EXIT_OK;
}

void rg_cmd_replay_done(struct rg_ctx *ctx, struct rg_conn *c, const char *dev_url)
{
	struct rg_error err;
	if (!c || !dev_url)
		return;
	if (wipe(ctx, c, &err) < 0 ||
	    rg_runner_drop_version_table(c, ctx->cfg->version_table, &err) < 0)
		fprintf(stderr, "revgen: warning: could not empty the dev database again: %s\n", err.msg);
}
