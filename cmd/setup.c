/*
 * setup.c - the set-up a command declares in its entry of the command
 * table (main.c), done in one order for all, and the teardown after it:
 * the config, the models loading on their own thread, the revisions, the
 * database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "introspect/loader.h"
#include "runner/progress.h"
#include "runner/runner.h"
#include "util/spare.h"

/* ---- the config and the URL in it ---- */

static int load_config(struct rg_ctx *ctx)
{
	struct rg_error err;
	ctx->copts.require_file = true;
	if (rg_config_load(&ctx->cfg, &ctx->copts, &err) < 0)
		return rg_cmd_fail(&err);
	/* the managed PostgreSQL schemas name the models' objects and the
	 * catalog's (diff/schema.h), so they are known before either is
	 * read; a bad URL is the error of the command that needs it */
	struct rg_url *url;
	if (ctx->cfg->url && rg_url_parse(&url, ctx->cfg->url, &err) == 0) {
		char **names;
		size_t n;
		if (strcmp(url->scheme, "postgresql") == 0 &&
		    rg_url_schemas(url, &names, &n, &err) == 0) {
			rg_schemas_set((const char *const *)names, n);
			rg_free_strv(names, n);
		}
		rg_url_free(url);
	}
	return RG_EXIT_OK;
}

static int need_url(struct rg_ctx *ctx, struct rg_url **url)
{
	struct rg_error err;
	if (!ctx->cfg->url || !*ctx->cfg->url) {
		rg_cmd_error("no database URL: set `url` in %s, the REVGEN_URL environment variable, or --url",
			     ctx->cfg->path ? ctx->cfg->path : "revgen.ini");
		return RG_EXIT_ERROR;
	}
	if (rg_url_parse(url, ctx->cfg->url, &err) < 0) {
		rg_error_prefix(&err, "%s", ctx->cfg->url_source);
		return rg_cmd_fail(&err);
	}
	return RG_EXIT_OK;
}

int rg_cmd_dialect(struct rg_ctx *ctx, const struct rg_dialect **out)
{
	struct rg_url *url;
	int rc = need_url(ctx, &url);
	if (rc)
		return rc;
	*out = rg_dialect_for_scheme(url->scheme);
	if (!*out) {
		rg_cmd_error("%s: no dialect for URLs of scheme '%s'", url->redacted,
			     url->scheme);
		rg_url_free(url);
		return RG_EXIT_ERROR;
	}
	rg_url_free(url);
	return RG_EXIT_OK;
}

static int connect_db(struct rg_ctx *ctx, struct rg_conn **out)
{
	struct rg_url *url;
	struct rg_error err;
	int rc = need_url(ctx, &url);
	if (rc)
		return rc;
	const struct rg_dialect *d = rg_dialect_for_scheme(url->scheme);
	if (!d) {
		rg_cmd_error("%s: no dialect for URLs of scheme '%s'", url->redacted,
			     url->scheme);
		rg_url_free(url);
		return RG_EXIT_ERROR;
	}
	if (rg_dialect_connect(d, out, url, &err) < 0) {
		rg_error_prefix(&err, "cannot connect to %s", url->redacted);
		rg_url_free(url);
		return rg_cmd_fail(&err);
	}
	if (ctx->verbose)
		fprintf(stderr, "Connected to %s\n", url->redacted);
	rg_url_free(url);
	return RG_EXIT_OK;
}

/* ---- the revisions ---- */

char *rg_cmd_versions_dir(const struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "%s/versions", ctx->cfg->script_location);
	return rg_buf_detach(&b);
}

static int load_graph(struct rg_ctx *ctx)
{
	struct rg_error err;
	char *dir = rg_cmd_versions_dir(ctx);
	int rc = rg_graph_load(&ctx->graph, dir, &err);
	free(dir);
	if (rc < 0)
		return rg_cmd_fail(&err);
	return RG_EXIT_OK;
}

/* ---- the models ---- */

/* One load of the models: what the thread does, or the caller itself. */
struct rg_models_job {
	const struct rg_config *cfg;
	pthread_t thread;
	struct rg_schema *schema;
	struct rg_loader_stats stats;
	struct rg_error err;
	size_t nfiles;
	int rc; /* 0; -1: errors in the headers; -2: no file list, or no libclang */
};

/* The dialect of the configured URL, or NULL (none yet, or a bad one:
 * the command that needs it says so). */
static const struct rg_dialect *url_dialect(const struct rg_config *cfg)
{
	struct rg_url *url;
	struct rg_error err;
	if (!cfg->url || rg_url_parse(&url, cfg->url, &err) < 0)
		return NULL;
	const struct rg_dialect *d = rg_dialect_for_scheme(url->scheme);
	rg_url_free(url);
	return d;
}

static void load_job(void *arg)
{
	struct rg_models_job *j = arg;
	char **files = NULL;
	size_t nfiles = 0;
	if (rg_config_model_files(j->cfg, &files, &nfiles, &j->err) < 0) {
		j->rc = -2;
		return;
	}
	struct rg_loader_opts o = {
		.files = (const char *const *)files,
		.nfiles = nfiles,
		.include_dirs = (const char *const *)j->cfg->include_dirs,
		.ninclude_dirs = j->cfg->ninclude_dirs,
		.clang_args = (const char *const *)j->cfg->clang_args,
		.nclang_args = j->cfg->nclang_args,
		.cache_path = j->cfg->model_cache,
		.naming = j->cfg->naming,
	};
	/* the names revgen makes fit the database they are for */
	const struct rg_dialect *d = url_dialect(j->cfg);
	o.compare = d ? d->compare : NULL;
	j->nfiles = nfiles;
	j->rc = rg_load_models(&j->schema, &o, &j->stats, &j->err);
	rg_free_strv(files, nfiles);
}

/* Starts the load on a thread of its own; without one, rg_cmd_load_models
 * loads them itself as usual. */
static void models_start(struct rg_ctx *ctx)
{
	struct rg_models_job *j = rg_xcalloc(1, sizeof(*j));
	j->cfg = ctx->cfg;
	/* the database's client library is opened first (util/spare.h) */
	const struct rg_dialect *d = url_dialect(ctx->cfg);
	int (*open_client)(struct rg_error *err) = d ? d->open_client : NULL;
	if (rg_spare_launch(&j->thread, open_client, load_job, j) < 0) {
		free(j);
		return;
	}
	ctx->models_job = j;
}

/* Waits for a started load that nobody took (a command that failed before
 * it needed the models) and frees what it made. */
static void models_discard(struct rg_ctx *ctx)
{
	struct rg_models_job *j = ctx->models_job;
	if (!j)
		return;
	pthread_join(j->thread, NULL);
	rg_schema_free(j->schema);
	free(j);
	ctx->models_job = NULL;
}

int rg_cmd_load_models(struct rg_ctx *ctx, struct rg_schema **out)
{
	struct rg_models_job local = {.cfg = ctx->cfg}, *j = ctx->models_job;
	if (j) {
		pthread_join(j->thread, NULL);
		ctx->models_job = NULL;
	} else {
		j = &local;
		load_job(j);
	}
	int rc = RG_EXIT_OK;
	if (j->rc == -2) {
		rc = rg_cmd_fail(&j->err);
	} else if (j->rc < 0) {
		fprintf(stderr, "revgen: error: the model headers have errors; nothing was written:\n%s\n",
			j->err.msg);
		rc = RG_EXIT_ERROR;
	} else {
		*out = j->schema;
		if (ctx->verbose && j->stats.cached)
			fprintf(stderr, "Loaded %zu table(s) from %zu header(s) in %.1f ms (from the model cache: no header changed)\n",
				(*out)->ntables, j->nfiles, j->stats.total_ms);
		else if (ctx->verbose && j->stats.parsed < j->nfiles)
			fprintf(stderr, "Loaded %zu table(s) from %zu header(s) in %.1f ms (%zu parsed, libclang %.1f ms; the others from the model cache)\n",
				(*out)->ntables, j->nfiles, j->stats.total_ms, j->stats.parsed, j->stats.clang_ms);
		else if (ctx->verbose)
			fprintf(stderr, "Loaded %zu table(s) from %zu header(s) in %.1f ms (libclang %.1f ms)\n",
				(*out)->ntables, j->nfiles, j->stats.total_ms, j->stats.clang_ms);
	}
	if (j != &local)
		free(j);
	return rc;
}

/* ---- the set-up and the teardown ---- */

int rg_cmd_need(struct rg_ctx *ctx, unsigned needs)
{
	int rc = RG_EXIT_OK;
	if (needs)
		needs |= RG_NEED_CONFIG; /* every step reads it */
	needs &= ~ctx->done;
	if ((needs & RG_NEED_CONFIG) && (rc = load_config(ctx)))
		return rc;
	ctx->done |= needs & RG_NEED_CONFIG;
	if (needs & RG_NEED_MODELS)
		models_start(ctx);
	ctx->done |= needs & RG_NEED_MODELS;
	if ((needs & RG_NEED_GRAPH) && (rc = load_graph(ctx)))
		return rc;
	ctx->done |= needs & RG_NEED_GRAPH;
	if (needs & RG_NEED_DB) {
		if (ctx->replay)
			rc = rg_cmd_replay(ctx, ctx->graph, "heads", ctx->dev_url, &ctx->conn);
		else
			rc = connect_db(ctx, &ctx->conn);
		if (rc)
			return rc;
	}
	ctx->done |= needs & RG_NEED_DB;
	return RG_EXIT_OK;
}

int rg_cmd_setup(struct rg_ctx *ctx)
{
	return rg_cmd_need(ctx, ctx->needs);
}

void rg_cmd_teardown(struct rg_ctx *ctx)
{
	if (ctx->conn) {
		if (ctx->replay)
			rg_cmd_replay_done(ctx, ctx->conn, ctx->dev_url);
		ctx->conn->dialect->disconnect(ctx->conn);
	}
	rg_graph_free(ctx->graph);
	models_discard(ctx);
	rg_spare_stop();
	rg_config_free(ctx->cfg);
	memset(ctx, 0, sizeof(*ctx));
}

/* ---- the scratch database of --replay ----
 * The schema that the revisions make, computed without the shared
 * database: every revision applied to a scratch database (SQLite in
 * memory, or a --dev-url the user names, emptied before and after).  This
 * is what lets CI check models against revisions with no access to
 * production: `revgen check --replay`.  It is one way of meeting
 * RG_NEED_DB. */

/* Drops every table of the scratch database, the version table too, with
 * the same machinery as any migration: diff against nothing, render, run. */
static int wipe(struct rg_ctx *ctx, struct rg_conn *c, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_schema *db = NULL, *empty = rg_schema_new();
	struct rg_oplist ops;
	struct rg_buf sql = RG_BUF_INIT;
	struct rg_introspect_opts none = {NULL, 0};
	struct rg_diff_opts all = {.every_view = true};
	rg_oplist_init(&ops);
	int rc = d->introspect(c, &none, &db, err);
	if (rc == 0)
		rc = rg_diff(&ops, db, empty, d->compare, &all, err);
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

/* Whether a PostgreSQL URL lists the project's schemas (diff/schema.h). */
static bool same_schemas(const struct rg_url *u)
{
	size_t n, k;
	const char *const *want = rg_schemas(&n);
	char **have;
	struct rg_error err;
	if (rg_url_schemas(u, &have, &k, &err) < 0)
		return false;
	bool same = n == 0 || n == k;
	for (size_t i = 0; same && n && i < n; i++)
		same = strcmp(want[i], have[i]) == 0;
	rg_free_strv(have, k);
	return same;
}

int rg_cmd_replay(struct rg_ctx *ctx, const struct rg_graph *g, const char *target,
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
			rg_cmd_error("a scratch database on %s needs --dev-url URL: a throwaway database (or schema) "
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
	if (d == &rg_dialect_postgresql && !same_schemas(u)) {
		size_t n;
		const char *const *want = rg_schemas(&n);
		struct rg_buf list = RG_BUF_INIT;
		for (size_t i = 0; i < n; i++)
			rg_buf_addf(&list, "%s%s", i ? "," : "", want[i]);
		rg_cmd_error("--dev-url %s must manage the project's schemas, as the revisions name "
			     "them: add ?schema=%s", u->redacted, rg_buf_str(&list));
		rg_buf_free(&list);
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
	struct rg_run_opts o = {.version_table = ctx->cfg->version_table, .quiet = true,
				 .no_progress = true};
	double t0 = rg_now_ms();
	if ((dev_url && (wipe(ctx, c, &err) < 0 ||
			 rg_runner_drop_version_table(c, ctx->cfg->version_table, &err) < 0)) ||
	    (target && (rg_plan_upgrade(&plan, g, NULL, 0, target, &err) < 0 ||
			rg_runner_run(c, g, &plan, &o, &err) < 0))) {
		rg_plan_free(&plan);
		rg_cmd_replay_done(ctx, c, dev_url);
		d->disconnect(c);
		rg_error_prefix(&err, "replaying the revisions");
		return rg_cmd_fail(&err);
	}
	if (ctx->verbose && target)
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

int rg_cmd_read_state(struct rg_ctx *ctx, char ***cur, size_t *ncur,
		      struct rg_progress **part, size_t *npart)
{
	struct rg_error err;
	*cur = NULL;
	*part = NULL;
	*ncur = *npart = 0;
	if (rg_runner_current(ctx->conn, ctx->cfg->version_table, cur, ncur, &err) < 0 ||
	    rg_progress_read(ctx->conn, ctx->cfg->version_table, part, npart, &err) < 0) {
		rg_free_rows(*cur, *ncur);
		*cur = NULL;
		*ncur = 0;
		return rg_cmd_fail(&err);
	}
	return 0;
}

int rg_cmd_replay_move(struct rg_ctx *ctx, struct rg_conn *c, const struct rg_graph *g, bool up,
		       const char *target, struct rg_error *err)
{
	char **cur = NULL;
	size_t ncur = 0;
	struct rg_plan plan = {0};
	struct rg_run_opts o = {.version_table = ctx->cfg->version_table, .quiet = true};
	int rc = 0;
	if (rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, err) < 0 ||
	    (up ? rg_plan_upgrade(&plan, g, cur, ncur, target, err)
		: rg_plan_downgrade(&plan, g, cur, ncur, target, err)) < 0)
		rc = -1;
	else if (rg_runner_run(c, g, &plan, &o, err) < 0)
		rc = -2;
	rg_plan_free(&plan);
	rg_free_rows(cur, ncur);
	return rc;
}
