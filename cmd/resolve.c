/*
 * resolve.c - `revgen resolve REV --applied|--rolled-back|--ran N`: says
 * what the database holds of a revision that a run left partly applied
 * (runner/progress.h), once the operator has looked: all of it (the
 * version table moves on, as after a whole run), none of it (the revision
 * runs from its first statement next time), or its first N statements
 * (the next run goes on from statement N+1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/progress.h"
#include "runner/runner.h"

/* The resolution, under the lock: p is REV's row. */
static int apply(struct rg_ctx *ctx, const struct rg_progress *p, size_t ix,
		 bool applied, bool rolled_back, size_t ran, struct rg_error *err)
{
	struct rg_conn *c = ctx->conn;
	const char *vt = ctx->cfg->version_table;
	if (applied)
		return rg_runner_mark_done(c, ctx->graph, ix, p->up, vt, err);
	if (rolled_back) {
		struct rg_buf sql = RG_BUF_INIT;
		rg_progress_delete_sql(&sql, c->dialect, vt, p->id);
		int rc = c->dialect->exec(c, sql.data, err);
		rg_buf_free(&sql);
		return rc;
	}
	return rg_progress_set_ran(c, p, ctx->graph->revs[ix], ran, vt, err);
}

int cmd_resolve(struct rg_ctx *ctx, int argc, char **argv)
{
	bool applied = false, rolled_back = false;
	const char *ran = NULL;
	const struct rg_option opts[] = {
		{0, "applied", RG_OPT_FLAG, NULL,
		 "all of it took effect: the version table moves on", &applied},
		{0, "rolled-back", RG_OPT_FLAG, NULL,
		 "none of it is in the database (undone by hand): it runs whole next time", &rolled_back},
		{0, "ran", RG_OPT_STRING, "N",
		 "its first N statements took effect: the next run goes on from N+1", &ran},
		{0},
	};
	static const struct rg_command_help help = {
		"resolve REV --applied|--rolled-back|--ran N",
		"Says what the database holds of a revision that an interrupted or failed run\n"
		"left partly applied (`revgen current` shows it), after you have checked.",
		"revgen resolve 3f9c0e7b2a41 --ran 57",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 1, &npos, &shown);
	if (rc || shown)
		return rc;
	char *end = NULL;
	unsigned long long n = ran ? strtoull(ran, &end, 10) : 0;
	if (npos != 1 || applied + rolled_back + (ran != NULL) != 1) {
		rg_cmd_error("resolve: a revision and one of --applied, --rolled-back, --ran N, "
			     "e.g. `revgen resolve 3f9c0e7b2a41 --ran 57`");
		return RG_EXIT_ERROR;
	}
	if (ran && (!*ran || *end || *ran == '-')) {
		rg_cmd_error("resolve: --ran takes a number of statements, not '%s'", ran);
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_graph *g = ctx->graph;
	struct rg_conn *c = ctx->conn;
	struct rg_error err;
	size_t ix;
	bool base;
	if (rg_plan_resolve(g, pos[0], &ix, &base, &err) < 0 ||
	    (base && rg_error_set(&err, "resolve: base is no revision") < 0))
		return rg_cmd_fail(&err);
	if (c->dialect->lock(c, &err) < 0)
		return rg_cmd_fail(&err);
	struct rg_progress *p = NULL;
	size_t np = 0;
	const struct rg_progress *mine = NULL;
	if (rg_progress_read(c, ctx->cfg->version_table, &p, &np, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	for (size_t i = 0; i < np; i++)
		if (strcmp(p[i].id, g->revs[ix]->id) == 0)
			mine = &p[i];
	if (!mine) {
		rg_cmd_error("resolve: revision %s is not partly applied (no run of it was cut short)",
			     g->revs[ix]->id);
		rc = RG_EXIT_ERROR;
		goto out;
	}
	if (apply(ctx, mine, ix, applied, rolled_back, (size_t)n, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	if (applied)
		rg_cmd_info(ctx, "Marked %s %s", mine->id, mine->up ? "applied" : "reverted");
	else if (rolled_back)
		rg_cmd_info(ctx, "Marked %s as not %s: it runs whole next time", mine->id,
			    mine->up ? "applied" : "reverted");
	else
		rg_cmd_info(ctx, "Marked the first %llu statement(s) of %s as done: the next run goes on from there",
			    n, mine->id);
	rc = RG_EXIT_OK;
out:
	if (c->dialect->unlock(c, &err) < 0 && rc == RG_EXIT_OK)
		rc = rg_cmd_fail(&err);
	rg_progress_free(p, np);
	return rc;
}
