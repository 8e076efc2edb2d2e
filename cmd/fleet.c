/*
 * fleet.c - `upgrade`, `downgrade`, `current` and `check` over a fleet: the
 * config section's `targets` (URLs) and `target_schemas` (PostgreSQL
 * schemas of url's database matching a pattern), one per tenant.
 *
 * Each target is a child `revgen` (this binary again) with `--url` set to
 * it: the same code path as a run on one database, with its lock, resume
 * and errors, and the process-wide state (the managed schemas of
 * diff/schema.h, set from the URL) per target.  At most -j run at once;
 * their stdout and stderr are kept, and a third pipe (REVGEN_FLEET_FD)
 * carries the revisions before and after (rg_fleet_report).  A running
 * child is never killed: --fail-fast only stops starting new ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"

#define FLEET_FD 3
#define JOBS_DEFAULT 4
#define JOBS_MAX 256

enum state { WAITING, RUNNING, DONE, SKIPPED };

struct target {
	char *name; /* shown: the schema, or the redacted URL */
	char *url;  /* given to the child only: it may hold a password */
	char *redacted;
	enum state state;
	pid_t pid;
	int fd[3]; /* the child's stdout, stderr and report; -1 once closed */
	struct rg_buf buf[3];
	double t0, ms;
	int status; /* the child's exit status */
};

struct fleet {
	const char *command; /* upgrade, downgrade, current, check */
	int jobs;
	bool fail_fast, json, quiet, tty;
	int verbose;
	char **child_args; /* the command's own arguments, fleet options left out */
	size_t nchild_args;
	struct target *t;
	size_t n, ndone, nrunning, nfailed;
};

void rg_fleet_report(const char *key, char *const *revs, size_t n)
{
	if (!getenv("REVGEN_FLEET_FD"))
		return;
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "%s\t", key);
	for (size_t i = 0; i < n; i++)
		rg_buf_addf(&b, "%s%s", i ? "," : "", revs[i]);
	dprintf(FLEET_FD, "%s\n", rg_buf_str(&b));
	rg_buf_free(&b);
}

/* ---- the targets ---- */

static void add_target(struct fleet *f, size_t *cap, char *name, char *url)
{
	rg_grow((void **)&f->t, cap, f->n + 1, sizeof(*f->t));
	struct target *t = &f->t[f->n++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->url = url;
	t->redacted = rg_url_redact(url);
	t->fd[0] = t->fd[1] = t->fd[2] = -1;
}

/* url with its schema parameter replaced by `schema=name`, percent-escaped. */
static char *with_schema(const char *url, const char *name)
{
	struct rg_buf b = RG_BUF_INIT;
	const char *qm = strchr(url, '?');
	rg_buf_addn(&b, url, qm ? (size_t)(qm - url) : strlen(url));
	char sep = '?';
	for (const char *p = qm ? qm + 1 : ""; *p;) {
		size_t len = strcspn(p, "&");
		if (len && strncmp(p, "schema=", 7) != 0) {
			rg_buf_addc(&b, sep);
			rg_buf_addn(&b, p, len);
			sep = '&';
		}
		p += len + (p[len] == '&');
	}
	rg_buf_addf(&b, "%cschema=", sep);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')
			rg_buf_addc(&b, (char)*p);
		else
			rg_buf_addf(&b, "%%%02X", *p);
	}
	return rg_buf_detach(&b);
}

/* The schemas of url's database that match a target_schemas pattern:
 * pg_* and information_schema are PostgreSQL's own, never a tenant. */
static int schema_targets(struct fleet *f, size_t *cap, const struct rg_config *cfg)
{
	struct rg_error err;
	struct rg_url *u;
	if (rg_url_parse(&u, cfg->url, &err) < 0) {
		rg_error_prefix(&err, "%s", cfg->url_source);
		return rg_cmd_fail(&err);
	}
	if (strcmp(u->scheme, "postgresql") != 0) {
		rg_cmd_error("%s: target_schemas matches PostgreSQL schemas, but url %s is %s",
			     cfg->path, u->redacted, u->scheme);
		rg_url_free(u);
		return RG_EXIT_ERROR;
	}
	const struct rg_dialect *d = rg_dialect_for_scheme(u->scheme);
	struct rg_conn *c;
	if (rg_dialect_connect(d, &c, u, &err) < 0) {
		rg_error_prefix(&err, "listing the schemas of target_schemas: cannot connect to %s",
				u->redacted);
		rg_url_free(u);
		return rg_cmd_fail(&err);
	}
	rg_url_free(u);
	char **rows = NULL;
	size_t nrows = 0;
	int rc = d->query_column(c, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
				 "AND nspname <> 'information_schema' ORDER BY nspname COLLATE \"C\"",
				 &rows, &nrows, &err);
	d->disconnect(c);
	if (rc < 0) {
		rg_error_prefix(&err, "listing the schemas of target_schemas");
		return rg_cmd_fail(&err);
	}
	size_t before = f->n;
	for (size_t i = 0; i < nrows; i++) {
		bool match = false;
		for (size_t k = 0; rows[i] && !match && k < cfg->ntarget_schemas; k++)
			match = fnmatch(cfg->target_schemas[k], rows[i], 0) == 0;
		if (match)
			add_target(f, cap, rg_xstrdup(rows[i]), with_schema(cfg->url, rows[i]));
	}
	rg_free_rows(rows, nrows);
	if (f->n == before) {
		struct rg_buf pats = RG_BUF_INIT;
		for (size_t k = 0; k < cfg->ntarget_schemas; k++)
			rg_buf_addf(&pats, "%s%s", k ? " " : "", cfg->target_schemas[k]);
		rg_cmd_error("%s: target_schemas (%s) matches no schema of the database", cfg->path,
			     rg_buf_str(&pats));
		rg_buf_free(&pats);
		return RG_EXIT_ERROR;
	}
	return RG_EXIT_OK;
}

/* ---- running them ---- */

static void progress(struct fleet *f, const struct target *done)
{
	if (f->quiet)
		return;
	if (f->tty) {
		fprintf(stderr, "\r%zu/%zu done, %zu running, %zu failed\033[K", f->ndone, f->n,
			f->nrunning, f->nfailed);
	} else if (done) {
		fprintf(stderr, "[%zu/%zu] %s: %s (%.1f s)\n", f->ndone, f->n, done->name,
			done->state == SKIPPED ? "skipped"
			: done->status == 0    ? "ok"
			: done->status == 1    ? "differs"
					       : "failed",
			done->ms / 1000);
	}
	fflush(stderr);
}

/* Starts t's child: argv[0..] with t's URL in place of "--url"'s value. */
static void start(struct fleet *f, struct target *t, char **argv, size_t url_ix,
		 const char *exe)
{
	int p[3][2];
	size_t made = 0;
	for (; made < 3; made++)
		if (pipe2(p[made], O_CLOEXEC) < 0)
			break;
	pid_t pid = made == 3 ? fork() : -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(p[0][1], 1) < 0 || dup2(p[1][1], 2) < 0 ||
		    (p[2][1] == FLEET_FD ? fcntl(FLEET_FD, F_SETFD, 0) : dup2(p[2][1], FLEET_FD)) < 0 ||
		    setenv("REVGEN_FLEET_FD", "3", 1) < 0) {
			dprintf(2, "revgen: error: cannot set up the run: %s\n", strerror(errno));
			_exit(RG_EXIT_ERROR);
		}
		argv[url_ix] = t->url;
		execv(exe, argv);
		dprintf(2, "revgen: error: cannot run %s: %s\n", exe, strerror(errno));
		_exit(RG_EXIT_ERROR);
	}
	int saved = errno;
	for (size_t k = 0; k < made; k++) {
		close(p[k][1]);
		if (pid > 0)
			t->fd[k] = p[k][0];
		else
			close(p[k][0]);
	}
	t->t0 = rg_now_ms();
	if (pid < 0) {
		/* the target failed without running: shown as its error */
		rg_buf_addf(&t->buf[1], "revgen: error: cannot start a run for it: %s\n",
			    strerror(saved));
		t->state = DONE;
		t->status = RG_EXIT_ERROR;
		f->ndone++;
		f->nfailed++;
		progress(f, t);
		return;
	}
	t->pid = pid;
	t->state = RUNNING;
	f->nrunning++;
	progress(f, NULL);
}

/* Reads what is ready on the running children's pipes; reaps those whose
 * pipes all closed. */
static void pump(struct fleet *f)
{
	struct pollfd *pfd = rg_xcalloc(f->nrunning * 3 + 1, sizeof(*pfd));
	size_t *owner = rg_xcalloc(f->nrunning * 3 + 1, sizeof(size_t));
	size_t np = 0;
	for (size_t i = 0; i < f->n; i++)
		for (int k = 0; f->t[i].state == RUNNING && k < 3; k++)
			if (f->t[i].fd[k] >= 0) {
				pfd[np].fd = f->t[i].fd[k];
				pfd[np].events = POLLIN;
				owner[np++] = i * 3 + (size_t)k;
			}
	int r = np ? poll(pfd, np, -1) : 0;
	for (size_t j = 0; r > 0 && j < np; j++) {
		if (!pfd[j].revents)
			continue;
		struct target *t = &f->t[owner[j] / 3];
		int k = (int)(owner[j] % 3);
		char chunk[8192];
		ssize_t got = read(t->fd[k], chunk, sizeof(chunk));
		if (got > 0) {
			rg_buf_addn(&t->buf[k], chunk, (size_t)got);
		} else if (got == 0 || errno != EINTR) {
			close(t->fd[k]);
			t->fd[k] = -1;
		}
	}
	free(pfd);
	free(owner);
	for (size_t i = 0; i < f->n; i++) {
		struct target *t = &f->t[i];
		if (t->state != RUNNING || t->fd[0] >= 0 || t->fd[1] >= 0 || t->fd[2] >= 0)
			continue;
		int ws;
		while (waitpid(t->pid, &ws, 0) < 0 && errno == EINTR)
			;
		t->ms = rg_now_ms() - t->t0;
		if (WIFEXITED(ws)) {
			t->status = WEXITSTATUS(ws) > RG_EXIT_ERROR ? RG_EXIT_ERROR : WEXITSTATUS(ws);
		} else {
			t->status = RG_EXIT_ERROR;
			rg_buf_addf(&t->buf[1], "revgen: error: the run ended on signal %d\n",
				    WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
		}
		t->state = DONE;
		f->nrunning--;
		f->ndone++;
		if (t->status)
			f->nfailed++;
		progress(f, t);
	}
}

static void run_all(struct fleet *f, char **argv, size_t url_ix, const char *exe)
{
	size_t next = 0;
	while (f->ndone < f->n) {
		while (f->nrunning < (size_t)f->jobs && next < f->n && !(f->fail_fast && f->nfailed))
			start(f, &f->t[next++], argv, url_ix, exe);
		if (f->fail_fast && f->nfailed && f->nrunning == 0) {
			for (; next < f->n; next++) {
				f->t[next].state = SKIPPED;
				f->ndone++;
				progress(f, &f->t[next]);
			}
			break;
		}
		if (f->nrunning)
			pump(f);
	}
	if (f->tty && !f->quiet)
		fputs("\r\033[K", stderr);
}

/* ---- the summary ---- */

static const char *result(const struct target *t)
{
	if (t->state == SKIPPED)
		return "skipped";
	return t->status == 0 ? "ok" : t->status == 1 ? "differs" : "failed";
}

/* The revisions the child reported under key ("from", "to"): "base" for
 * none, NULL when it did not get that far. */
static char *reported(const struct target *t, const char *key)
{
	size_t klen = strlen(key);
	char *found = NULL;
	for (const char *p = rg_buf_str(&t->buf[2]); *p;) {
		size_t len = strcspn(p, "\n");
		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '\t') {
			free(found);
			found = len == klen + 1 ? rg_xstrdup("base")
						: rg_xstrndup(p + klen + 1, len - klen - 1);
		}
		p += len + (p[len] == '\n');
	}
	return found;
}

static json_t *revs_json(const char *revs)
{
	if (!revs)
		return json_null();
	json_t *a = json_array();
	for (const char *p = strcmp(revs, "base") == 0 ? "" : revs; *p;) {
		size_t len = strcspn(p, ",");
		json_array_append_new(a, json_stringn(p, len));
		p += len + (p[len] == ',');
	}
	return a;
}

static void print_json(const struct fleet *f, int worst, double ms)
{
	json_t *root = json_object(), *arr = json_array();
	size_t counts[4] = {0};
	for (size_t i = 0; i < f->n; i++) {
		const struct target *t = &f->t[i];
		const char *res = result(t);
		counts[t->state == SKIPPED ? 3 : t->status]++;
		char *from = reported(t, "from"), *to = reported(t, "to");
		json_t *o = json_object();
		json_object_set_new(o, "target", json_string(t->name));
		json_object_set_new(o, "url", json_string(t->redacted));
		json_object_set_new(o, "result", json_string(res));
		json_object_set_new(o, "exit_status",
				    t->state == SKIPPED ? json_null() : json_integer(t->status));
		json_object_set_new(o, "from", revs_json(from));
		json_object_set_new(o, "to", revs_json(to ? to : from));
		json_object_set_new(o, "seconds", json_real((double)(long long)(t->ms + 0.5) / 1000));
		/* current and check ran with --format json: their documents */
		json_t *doc = json_loads(rg_buf_str(&t->buf[0]), 0, NULL);
		json_object_set_new(o, "output", doc ? doc : json_null());
		if (!doc)
			json_object_set_new(o, "stdout", json_string(rg_buf_str(&t->buf[0])));
		json_object_set_new(o, "stderr", json_string(rg_buf_str(&t->buf[1])));
		json_array_append_new(arr, o);
		free(from);
		free(to);
	}
	json_object_set_new(root, "command", json_string(f->command));
	json_object_set_new(root, "jobs", json_integer(f->jobs));
	json_object_set_new(root, "seconds", json_real((double)(long long)(ms + 0.5) / 1000));
	json_object_set_new(root, "exit_status", json_integer(worst));
	json_t *c = json_object();
	json_object_set_new(c, "targets", json_integer((json_int_t)f->n));
	json_object_set_new(c, "ok", json_integer((json_int_t)counts[0]));
	json_object_set_new(c, "differs", json_integer((json_int_t)counts[1]));
	json_object_set_new(c, "failed", json_integer((json_int_t)counts[2]));
	json_object_set_new(c, "skipped", json_integer((json_int_t)counts[3]));
	json_object_set_new(root, "counts", c);
	json_object_set_new(root, "targets", arr);
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(root);
}

static void print_table(const struct fleet *f, double ms)
{
	/* current and check move nothing: one column says where it is */
	bool moves = strcmp(f->command, "upgrade") == 0 || strcmp(f->command, "downgrade") == 0;
	char **from = rg_xcalloc(f->n + 1, sizeof(char *)), **to = rg_xcalloc(f->n + 1, sizeof(char *));
	int wn = 6, wf = moves ? 4 : 2, wt = 2;
	size_t counts[4] = {0};
	for (size_t i = 0; i < f->n; i++) {
		from[i] = reported(&f->t[i], "from");
		to[i] = reported(&f->t[i], "to");
		int l = (int)strlen(f->t[i].name);
		wn = l > wn ? l : wn;
		l = from[i] ? (int)strlen(from[i]) : 1;
		wf = l > wf ? l : wf;
		l = to[i] ? (int)strlen(to[i]) : 1;
		wt = l > wt ? l : wt;
		counts[f->t[i].state == SKIPPED ? 3 : f->t[i].status]++;
	}
	if (moves)
		printf("%-*s  %-*s  %-*s  %8s  %s\n", wn, "TARGET", wf, "FROM", wt, "TO", "TIME", "RESULT");
	else
		printf("%-*s  %-*s  %8s  %s\n", wn, "TARGET", wf, "AT", "TIME", "RESULT");
	for (size_t i = 0; i < f->n; i++) {
		const struct target *t = &f->t[i];
		char time[32] = "-";
		if (t->state != SKIPPED)
			snprintf(time, sizeof(time), "%.1f s", t->ms / 1000);
		/* `current` of a revision a run left partly applied */
		char *partly = reported(t, "partly");
		if (moves)
			printf("%-*s  %-*s  %-*s  %8s  %s", wn, t->name, wf, from[i] ? from[i] : "-",
			       wt, to[i] ? to[i] : "-", time, result(t));
		else
			printf("%-*s  %-*s  %8s  %s", wn, t->name, wf, from[i] ? from[i] : "-", time,
			       result(t));
		printf(partly ? "; %s partly applied (-v: how far)\n" : "\n", partly);
		free(partly);
	}
	printf("%zu target(s): %zu ok", f->n, counts[0]);
	if (counts[1])
		printf(", %zu differ", counts[1]);
	printf(", %zu failed, %zu skipped; -j %d, %.1f s\n", counts[2], counts[3], f->jobs, ms / 1000);
	rg_free_strv(from, f->n);
	rg_free_strv(to, f->n);
}

static void print_indented(const char *text)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		fprintf(stderr, "  %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

/* Each target's own output, under its name: those that did not succeed
 * (all of them with -v), so the operator can act on each. */
static void print_outputs(const struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct target *t = &f->t[i];
		if (t->state == SKIPPED || (t->status == 0 && !f->verbose))
			continue;
		if (!t->buf[0].len && !t->buf[1].len)
			continue;
		fprintf(stderr, "\n%s (%s):\n", t->name, result(t));
		if (!f->json)
			print_indented(rg_buf_str(&t->buf[0]));
		print_indented(rg_buf_str(&t->buf[1]));
	}
}

/* ---- the entry ---- */

static bool is_fleet_command(const char *name)
{
	return strcmp(name, "upgrade") == 0 || strcmp(name, "downgrade") == 0 ||
	       strcmp(name, "current") == 0 || strcmp(name, "check") == 0;
}

/* Reads the command's arguments for what decides a fleet: the global
 * options it may carry (as rg_parse_options takes them), the fleet's own
 * (-j, --fail-fast, --format), and the modes that run on no database.
 * Returns -1 after printing a usage error. */
static int scan_args(struct fleet *f, struct rg_config_opts *copts, int argc, char **argv,
		     bool *no_db, bool *help, const char **format, bool *fleet_opts)
{
	f->child_args = rg_xcalloc((size_t)argc + 1, sizeof(char *));
	bool only_pos = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		if (only_pos || a[0] != '-' || strcmp(a, "-") == 0 || (a[1] >= '0' && a[1] <= '9') ||
		    (a[1] == '+')) {
			f->child_args[f->nchild_args++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0)
			only_pos = true;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			*help = true;
		if (strcmp(a, "--sql") == 0 || strcmp(a, "--replay") == 0)
			*no_db = true;
		if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
			f->quiet = true;
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
			f->verbose++;
		const char **slot = strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0 ? &copts->path
				    : strcmp(a, "-n") == 0 || strcmp(a, "--name") == 0  ? &copts->section
				    : strcmp(a, "--url") == 0				  ? &copts->url
													  : NULL;
		if (slot && i + 1 < argc) {
			*slot = argv[i + 1];
			f->child_args[f->nchild_args++] = argv[i++];
			f->child_args[f->nchild_args++] = argv[i];
			continue;
		}
		if (rg_startswith(a, "--url="))
			copts->url = a + 6;
		else if (rg_startswith(a, "--config="))
			copts->path = a + 9;
		if (strcmp(a, "--fail-fast") == 0) {
			f->fail_fast = *fleet_opts = true;
			continue;
		}
		if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 || strcmp(a, "--format") == 0) {
			if (i + 1 >= argc) {
				rg_cmd_error("%s: option %s needs a value", argv[0], a);
				return -1;
			}
			val = argv[++i];
		} else if (rg_startswith(a, "--jobs=") || rg_startswith(a, "--format=")) {
			val = strchr(a, '=') + 1;
		} else if (rg_startswith(a, "-j")) {
			val = a + 2;
		} else {
			f->child_args[f->nchild_args++] = argv[i];
			continue;
		}
		if (rg_startswith(a, "--format")) {
			*format = val;
			continue;
		}
		char *end;
		long j = strtol(val, &end, 10);
		if (!*val || *end || j < 1 || j > JOBS_MAX) {
			rg_cmd_error("%s: -j takes a number of targets to run at once, 1 to %d: not '%s'",
				     argv[0], JOBS_MAX, val);
			return -1;
		}
		f->jobs = (int)j;
		*fleet_opts = true;
	}
	return 0;
}

static void fleet_free(struct fleet *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->t[i].name);
		free(f->t[i].url);
		free(f->t[i].redacted);
		for (int k = 0; k < 3; k++)
			rg_buf_free(&f->t[i].buf[k]);
	}
	free(f->t);
	free(f->child_args);
}

int rg_fleet_run(struct rg_ctx *ctx, int argc, char **argv, bool *handled)
{
	*handled = false;
	if (!is_fleet_command(argv[0]) || getenv("REVGEN_FLEET_FD"))
		return RG_EXIT_OK;
	struct fleet f = {.command = argv[0], .jobs = JOBS_DEFAULT, .quiet = ctx->quiet,
			  .verbose = ctx->verbose};
	struct rg_config_opts copts = ctx->copts;
	bool no_db = false, help = false, fleet_opts = false;
	const char *format = NULL;
	int rc = RG_EXIT_OK;
	if (scan_args(&f, &copts, argc, argv, &no_db, &help, &format, &fleet_opts) < 0) {
		*handled = true;
		fleet_free(&f);
		return RG_EXIT_ERROR;
	}
	struct rg_config *cfg = NULL;
	struct rg_error err;
	copts.require_file = true;
	/* a config that does not load is the command's error to report, in
	 * its order; so is --help */
	if (help || rg_config_load(&cfg, &copts, &err) < 0 ||
	    (!cfg->ntargets && !cfg->ntarget_schemas)) {
		if (fleet_opts && !help && cfg) {
			rg_cmd_error("%s: -j and --fail-fast are for a fleet, and [%s] names no targets "
				     "(or --url / REVGEN_URL names one database)", argv[0], cfg->section);
			*handled = true;
			rc = RG_EXIT_ERROR;
		}
		goto out;
	}
	*handled = true;
	if (no_db) {
		rg_cmd_error("%s: --sql and --replay use no database, and [%s] names a fleet of them: "
			     "give --url to pick one", argv[0], cfg->section);
		rc = RG_EXIT_ERROR;
		goto out;
	}
	bool json = format && strcmp(format, "json") == 0;
	if (format && !json && strcmp(format, "text") != 0) {
		rg_cmd_error("%s: over a fleet, --format is text or json (the summary's), not '%s'",
			     argv[0], format);
		rc = RG_EXIT_ERROR;
		goto out;
	}
	f.json = json;
	size_t cap = 0;
	for (size_t i = 0; i < cfg->ntargets; i++)
		add_target(&f, &cap, rg_url_redact(cfg->targets[i]), rg_xstrdup(cfg->targets[i]));
	if (cfg->ntarget_schemas && (rc = schema_targets(&f, &cap, cfg)))
		goto out;

	/* the child's command line: -c, -n, --url (filled per target), the
	 * global flags given before the command, the command and its own
	 * arguments; current and check report in JSON when the summary is */
	char exe[PATH_MAX];
	ssize_t elen = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (elen < 0) {
		rg_cmd_error("cannot find revgen's own binary to run per target: %s", strerror(errno));
		rc = RG_EXIT_ERROR;
		goto out;
	}
	exe[elen] = '\0';
	char **cargv = rg_xcalloc(f.nchild_args + (size_t)ctx->verbose + 16, sizeof(char *));
	size_t k = 0, url_ix;
	cargv[k++] = (char *)"revgen";
	cargv[k++] = (char *)"-c";
	cargv[k++] = cfg->path;
	cargv[k++] = (char *)"-n";
	cargv[k++] = cfg->section;
	cargv[k++] = (char *)"--url";
	url_ix = k++;
	if (ctx->quiet)
		cargv[k++] = (char *)"-q";
	for (int v = 0; v < ctx->verbose; v++)
		cargv[k++] = (char *)"-v";
	cargv[k++] = argv[0];
	if (json && strcmp(argv[0], "upgrade") != 0 && strcmp(argv[0], "downgrade") != 0) {
		cargv[k++] = (char *)"--format";
		cargv[k++] = (char *)"json";
	}
	for (size_t i = 0; i < f.nchild_args; i++)
		cargv[k++] = f.child_args[i];
	cargv[k] = NULL;

	f.tty = isatty(STDERR_FILENO);
	/* a target whose pipe closes early must not take the fleet down */
	signal(SIGPIPE, SIG_IGN);
	double t0 = rg_now_ms();
	run_all(&f, cargv, url_ix, exe);
	double ms = rg_now_ms() - t0;
	free(cargv);
	for (size_t i = 0; i < f.n; i++)
		if (f.t[i].state == DONE && f.t[i].status > rc)
			rc = f.t[i].status;
	if (json)
		print_json(&f, rc, ms);
	else
		print_table(&f, ms);
	fflush(stdout);
	print_outputs(&f);
out:
	rg_config_free(cfg);
	fleet_free(&f);
	return rc;
}
