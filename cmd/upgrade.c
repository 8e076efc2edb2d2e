/*
 * upgrade.c - `revgen upgrade` and `revgen downgrade`: plan, take the
 * database lock, re-read the version table under it (another deployer may
 * have moved it), run.  With --sql, print instead, without connecting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "runner/progress.h"
#include "runner/runner.h"

/* Splits "A:B" for --sql; *from is NULL when there is no colon. */
static char *split_range(const char *target, const char **from,
			 const char **to)
{
	char *copy = rg_xstrdup(target);
	char *colon = strchr(copy, ':');
	if (colon) {
		*colon = '\0';
		*from = copy;
		*to = colon + 1;
	} else {
		*from = NULL;
		*to = copy;
	}
	return copy;
}

static int offline(struct rg_ctx *ctx, bool up, const char *target)
{
	const struct rg_graph *g = ctx->graph;
	const struct rg_dialect *d;
	struct rg_error err;
	struct rg_plan plan;
	int rc = rg_cmd_dialect(ctx, &d);
	if (rc)
		return rc;
	const char *from, *to;
	char *copy = split_range(target, &from, &to);
	char *cur[1];
	size_t ncur = 0;
	if (!from && !up) {
		rg_cmd_error("downgrade --sql needs the starting revision: `downgrade FROM:TO --sql`, e.g. head:base");
		free(copy);
		return RG_EXIT_ERROR;
	}
	if (from && strcmp(from, "head") == 0) {
		size_t *heads, nheads;
		rg_graph_heads(g, &heads, &nheads);
		if (nheads == 1)
			cur[ncur++] = g->revs[heads[0]]->id;
		free(heads);
	} else if (from && strcmp(from, "base") != 0) {
		size_t ix;
		if (rg_graph_lookup(g, from, &ix, &err) < 0) {
			free(copy);
			return rg_cmd_fail(&err);
		}
		cur[ncur++] = g->revs[ix]->id;
	}
	rc = up ? rg_plan_upgrade(&plan, g, cur, ncur, to, &err)
		: rg_plan_downgrade(&plan, g, cur, ncur, to, &err);
	free(copy);
	if (rc < 0)
		return rg_cmd_fail(&err);
	struct rg_buf sql = RG_BUF_INIT;
	if (rg_runner_sql(&sql, d, g, &plan, ctx->cfg->version_table, &err) < 0) {
		rg_plan_free(&plan);
		rg_buf_free(&sql);
		return rg_cmd_fail(&err);
	}
	fputs(rg_buf_str(&sql), stdout);
	rg_buf_free(&sql);
	rg_plan_free(&plan);
	return RG_EXIT_OK;
}

/* Tells a fleet where the run left the database, having failed or not:
 * read again, as a failed run may have applied revisions before. */
static void report_to(struct rg_ctx *ctx, struct rg_conn *c)
{
	struct rg_error err;
	char **cur = NULL;
	size_t ncur = 0;
	if (getenv("REVGEN_FLEET_FD") &&
	    rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, &err) == 0)
		rg_fleet_report("to", cur, ncur);
	rg_free_rows(cur, ncur);
}

static int migrate(struct rg_ctx *ctx, bool up, const char *target, bool ignore_checksums)
{
	struct rg_error err;
	struct rg_graph *g = ctx->graph;
	struct rg_conn *c = ctx->conn;
	struct rg_plan plan = {0};
	char **cur = NULL;
	size_t ncur = 0;
	int rc;

	if (c->dialect->lock(c, &err) < 0)
		return rg_cmd_fail(&err);
	if (rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, &err) < 0 ||
	    (!ignore_checksums &&
	     rg_runner_verify_checksums(c, g, ctx->cfg->version_table, &err) < 0) ||
	    (up ? rg_plan_upgrade(&plan, g, cur, ncur, target, &err)
		: rg_plan_downgrade(&plan, g, cur, ncur, target, &err)) < 0 ||
	    rg_progress_check_plan(c, g, &plan, ctx->cfg->version_table, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	rg_fleet_report("from", cur, ncur);
	if (plan.n == 0) {
		rg_cmd_info(ctx, "Nothing to do: the database is at %s",
			    ncur ? cur[0] : "base");
		rc = RG_EXIT_OK;
		goto out;
	}
	struct rg_run_opts o = {
		.version_table = ctx->cfg->version_table,
		.quiet = ctx->quiet,
		.progress = stderr,
	};
	if (rg_runner_run(c, g, &plan, &o, &err) < 0) {
		rc = rg_cmd_fail(&err);
		goto out;
	}
	rc = RG_EXIT_OK;
out:
	report_to(ctx, c);
	if (c->dialect->unlock(c, &err) < 0 && rc == RG_EXIT_OK)
		rc = rg_cmd_fail(&err);
	rg_plan_free(&plan);
	rg_free_rows(cur, ncur);
	return rc;
}

static int run(struct rg_ctx *ctx, int argc, char **argv, bool up)
{
	bool sql = false, ignore_checksums = false;
	const struct rg_option opts[] = {
		{0, "sql", RG_OPT_FLAG, NULL,
		 "print the SQL instead of running it (no connection); FROM:TO sets the start", &sql},
		{0, "ignore-checksums", RG_OPT_FLAG, NULL,
		 "run even if the file of an applied revision changed since", &ignore_checksums},
		{0},
	};
	static const struct rg_command_help up_help = {
		"upgrade [TARGET] [--sql]",
		"Applies revisions up to TARGET: head (default), heads, +N, an id,\n"
		"a unique prefix of 4+ characters. Each revision runs in its own transaction\n"
		"with its version-table update. Over a fleet (README \"Fleets\"): -j N,\n"
		"--fail-fast, --format text|json.",
		"revgen upgrade head",
	};
	static const struct rg_command_help down_help = {
		"downgrade TARGET [--sql]",
		"Reverts revisions down to TARGET: -N, an id or prefix, or base.\n"
		"Over a fleet (README \"Fleets\"): -j N, --fail-fast, --format text|json.",
		"revgen downgrade -1",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, up ? &up_help : &down_help,
				  pos, 1, &npos, &shown);
	if (rc || shown)
		return rc;
	if (!up && npos == 0) {
		rg_cmd_error("downgrade: a target is required (-1, a revision id, or base)");
		return RG_EXIT_ERROR;
	}
	const char *target = npos ? pos[0] : "head";
	if (sql)
		ctx->needs &= ~RG_NEED_DB;
	/* a broken config is reported before a misused range, as it is
	 * before anything the other commands check */
	if ((rc = rg_cmd_need(ctx, RG_NEED_CONFIG)))
		return rc;
	if (!sql && strchr(target, ':')) {
		rg_cmd_error("%s: a FROM:TO range is only for --sql", up ? "upgrade" : "downgrade");
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	return sql ? offline(ctx, up, target) : migrate(ctx, up, target, ignore_checksums);
}

int cmd_upgrade(struct rg_ctx *ctx, int argc, char **argv)
{
	return run(ctx, argc, argv, true);
}

int cmd_downgrade(struct rg_ctx *ctx, int argc, char **argv)
{
	return run(ctx, argc, argv, false);
}
