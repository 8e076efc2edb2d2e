/*
 * lint.c - `revgen lint [REV...]`: the findings of lint/ on revision
 * files, as text, JSON (docs/json.md) or GitHub annotations, and an exit
 * status of 1 when one is at or above --fail-on (lint_fail_on).
 *
 * Which revisions: those named, or with --all every one, or else those the
 * database has not applied yet.  The database, when connected (not
 * --offline), also answers the data-dependent rules of those pending
 * revisions and gives the server's version.  The markdown summaries of
 * check and show (summary.c) lint the revision they show the same way.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "lint/lint.h"
#include "runner/runner.h"

/* GitHub's workflow commands: %, CR and LF escaped in the message, and
 * ',' and ':' too in a property. */
static void gh_escape(FILE *f, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", f);
		else if (*s == '\r')
			fputs("%0D", f);
		else if (*s == '\n')
			fputs("%0A", f);
		else if (property && *s == ':')
			fputs("%3A", f);
		else if (property && *s == ',')
			fputs("%2C", f);
		else
			fputc(*s, f);
	}
}

static void print_text(const struct rg_lint *l, bool verbose)
{
	size_t shown = 0, silenced = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct rg_lint_finding *f = &l->f[i];
		if (f->silenced) {
			silenced++;
			if (!verbose)
				continue;
		}
		shown++;
		printf("%s:%u: %s [%s] %s\n", f->rev->path, f->line,
		       rg_lint_severity_name(f->severity), f->rule, f->message);
		if (f->silenced)
			printf("    silenced: %s\n", f->silenced);
		else
			printf("    fix: %s\n", f->remedy);
	}
	if (shown == 0 && silenced == 0)
		printf("No findings.\n");
	else if (silenced && !verbose)
		printf("(%zu finding%s silenced by lint-ignore comments; -v shows them)\n",
		       silenced, silenced == 1 ? "" : "s");
}

/* GitHub places an annotation by the file's path in the repository: the
 * path relative to the current directory (the checkout, where CI runs
 * revgen), when the file is under it. */
const char *rg_cmd_relative(const char *path, const char *cwd)
{
	size_t n = cwd ? strlen(cwd) : 0;
	if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static void print_github(const struct rg_lint *l)
{
	char *cwd = getcwd(NULL, 0);
	for (size_t i = 0; i < l->n; i++) {
		const struct rg_lint_finding *f = &l->f[i];
		if (f->silenced)
			continue;
		printf("::%s file=", rg_lint_severity_name(f->severity));
		gh_escape(stdout, rg_cmd_relative(f->rev->path, cwd), true);
		printf(",line=%u,title=", f->line);
		gh_escape(stdout, "revgen lint ", true);
		gh_escape(stdout, f->rule, true);
		fputs("::", stdout);
		gh_escape(stdout, f->message, false);
		fputs(". Fix: ", stdout);
		gh_escape(stdout, f->remedy, false);
		fputc('\n', stdout);
	}
	free(cwd);
}

static int print_json(const struct rg_lint *l, const size_t *revs, size_t nrevs,
		      const struct rg_graph *g, bool live)
{
	json_t *root = json_object(), *arr = json_array(), *ra = json_array();
	for (size_t i = 0; i < nrevs; i++)
		json_array_append_new(ra, json_string(g->revs[revs[i]]->id));
	for (size_t i = 0; i < l->n; i++) {
		const struct rg_lint_finding *f = &l->f[i];
		json_t *o = json_object();
		json_object_set_new(o, "file", json_string(f->rev->path));
		json_object_set_new(o, "line", json_integer(f->line));
		json_object_set_new(o, "revision", json_string(f->rev->id));
		json_object_set_new(o, "section", json_string(f->section));
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "category", json_string(f->category));
		json_object_set_new(o, "severity", json_string(rg_lint_severity_name(f->severity)));
		json_object_set_new(o, "message", json_string(f->message));
		json_object_set_new(o, "remedy", json_string(f->remedy));
		json_object_set_new(o, "silenced", f->silenced ? json_string(f->silenced) : json_null());
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "revisions", ra);
	json_object_set_new(root, "database", json_boolean(live));
	json_object_set_new(root, "findings", arr);
	char *s = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!s) {
		rg_cmd_error("lint: cannot write the JSON");
		return RG_EXIT_ERROR;
	}
	puts(s);
	free(s);
	return RG_EXIT_OK;
}

int rg_cmd_lint_pending(struct rg_ctx *ctx, struct rg_conn *c, bool *pending)
{
	const struct rg_graph *g = ctx->graph;
	struct rg_error err;
	char **cur = NULL;
	size_t ncur = 0;
	/* applied: the version table's revisions and their ancestors */
	if (rg_runner_current(c, ctx->cfg->version_table, &cur, &ncur, &err) < 0)
		return rg_cmd_fail(&err);
	bool *applied = rg_xcalloc(g->n + 1, 1);
	for (size_t i = 0; i < ncur; i++) {
		long ix = rg_graph_index(g, cur[i]);
		if (ix >= 0)
			rg_graph_ancestors(g, (size_t)ix, applied);
	}
	rg_free_rows(cur, ncur);
	for (size_t i = 0; i < g->n; i++)
		pending[i] = !applied[i];
	free(applied);
	return RG_EXIT_OK;
}

/* The revisions to lint, in the graph's order, into *out (malloc'd). */
static int choose(struct rg_ctx *ctx, const char **pos, size_t npos, bool all,
		  size_t **out, size_t *n, bool **pending)
{
	const struct rg_graph *g = ctx->graph;
	struct rg_error err;
	*pending = rg_xcalloc(g->n + 1, 1);
	int rc = ctx->conn ? rg_cmd_lint_pending(ctx, ctx->conn, *pending) : RG_EXIT_OK;
	if (rc)
		return rc;
	bool *pick = rg_xcalloc(g->n + 1, 1);
	for (size_t i = 0; i < npos; i++) {
		size_t ix;
		if (rg_graph_lookup(g, pos[i], &ix, &err) < 0) {
			free(pick);
			return rg_cmd_fail(&err);
		}
		pick[ix] = true;
	}
	*out = rg_xcalloc(g->n + 1, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < g->n; i++)
		if (all || (npos ? pick[i] : (*pending)[i]))
			(*out)[(*n)++] = i;
	free(pick);
	return RG_EXIT_OK;
}

int rg_cmd_lint_summary(struct rg_lint *l, const struct rg_revision *rev, struct rg_conn *c,
			bool live)
{
	struct rg_error err;
	rg_lint_init(l, c->dialect);
	l->conn = live ? c : NULL;
	if (rg_lint_server_ask(c, &l->server, &err) < 0 ||
	    rg_lint_revision(l, rev, live, &err) < 0) {
		rg_error_prefix(&err, "lint");
		return rg_cmd_fail(&err);
	}
	return RG_EXIT_OK;
}

int cmd_lint(struct rg_ctx *ctx, int argc, char **argv)
{
	const char *format = "text", *fail_on = NULL, *server = NULL;
	bool all = false, offline = false;
	const struct rg_option opts[] = {
		{0, "all", RG_OPT_FLAG, NULL, "every revision (default: those not applied yet)", &all},
		{0, "format", RG_OPT_STRING, "FMT", "text (default), json or github", &format},
		{0, "fail-on", RG_OPT_STRING, "LEVEL",
		 "exit 1 on a finding at this severity or above: error (default), warning, notice, never",
		 &fail_on},
		{0, "offline", RG_OPT_FLAG, NULL,
		 "do not connect: no data checks (give REVs or --all)", &offline},
		{0, "server-version", RG_OPT_STRING, "V",
		 "the server's version when offline, e.g. 10, 8.0.35, 10.11-mariadb", &server},
		{0},
	};
	static const struct rg_command_help help = {
		"lint [REV...] [--all] [--format text|json|github] [--fail-on LEVEL] [--offline]",
		"Reports what the revisions would do to a database in use: destructive changes,\n"
		"changes that depend on the data (answered by the database when connected),\n"
		"locks and rewrites per dialect and server version, changes that break the code\n"
		"still running, and revision hygiene.  Silence a rule for one statement with\n"
		"`-- lint-ignore RULE: reason` right above it.  Exit 1 when a finding is at or\n"
		"above --fail-on (config: lint_fail_on).",
		"revgen lint --format github",
	};
	const char *pos[64];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, RG_ARRAY_LEN(pos), &npos,
				  &shown);
	if (rc || shown)
		return rc;
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "github") != 0) {
		rg_cmd_error("lint: unknown --format '%s' (text, json or github)", format);
		return RG_EXIT_ERROR;
	}
	if (fail_on && rg_lint_severity_parse(fail_on) < 0 && strcmp(fail_on, "never") != 0) {
		rg_cmd_error("lint: unknown --fail-on '%s' (error, warning, notice or never)", fail_on);
		return RG_EXIT_ERROR;
	}
	if (offline && !all && npos == 0) {
		rg_cmd_error("lint: --offline cannot tell which revisions are applied: name them or give --all");
		return RG_EXIT_ERROR;
	}
	if ((rc = rg_cmd_setup(ctx)))
		return rc;
	const struct rg_dialect *d;
	if ((rc = rg_cmd_dialect(ctx, &d)))
		return rc;
	if (!fail_on)
		fail_on = ctx->cfg->lint_fail_on;
	struct rg_lint l;
	rg_lint_init(&l, d);
	struct rg_error err;
	if (server && rg_lint_server_parse(&l.server, d->name, server) < 0) {
		rg_lint_free(&l);
		rg_cmd_error("lint: cannot read --server-version '%s'", server);
		return RG_EXIT_ERROR;
	}
	if (!offline) {
		if ((rc = rg_cmd_need(ctx, RG_NEED_DB))) {
			rg_lint_free(&l);
			return rc;
		}
		l.conn = ctx->conn;
		if (!server && rg_lint_server_ask(ctx->conn, &l.server, &err) < 0) {
			rg_lint_free(&l);
			return rg_cmd_fail(&err);
		}
	}
	size_t *revs = NULL, nrevs = 0;
	bool *pending = NULL;
	if ((rc = choose(ctx, pos, npos, all, &revs, &nrevs, &pending))) {
		free(pending);
		rg_lint_free(&l);
		return rc;
	}
	for (size_t i = 0; i < nrevs && rc == 0; i++)
		if (rg_lint_revision(&l, ctx->graph->revs[revs[i]], pending[revs[i]], &err) < 0)
			rc = rg_cmd_fail(&err);
	if (rc == 0) {
		if (strcmp(format, "json") == 0)
			rc = print_json(&l, revs, nrevs, ctx->graph, l.conn != NULL);
		else if (strcmp(format, "github") == 0)
			print_github(&l);
		else
			print_text(&l, ctx->verbose > 0);
	}
	int limit = rg_lint_severity_parse(fail_on);
	for (size_t i = 0; rc == 0 && limit >= 0 && i < l.n; i++)
		if (!l.f[i].silenced && (int)l.f[i].severity >= limit)
			rc = RG_EXIT_DIFF;
	free(revs);
	free(pending);
	rg_lint_free(&l);
	return rc;
}
