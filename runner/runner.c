/*
 * runner.c - runs a plan: each revision's statements and its version-table
 * update in one transaction, or prints the same as SQL for `--sql`.  A
 * revision that cannot run in one (progress.h) runs statement by statement
 * with its progress recorded, and only its bookkeeping is one transaction.
 *
 * The version table holds one row per applied head, as alembic_version
 * does; heads_* below keep an in-memory copy in step with each revision so
 * that the SQL written to the table is computed, never re-read.
 */
#include "runner/runner.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "runner/progress.h"
#include "runner/split.h"

/* ---- the set of applied heads ---- */

struct heads {
	char **ids;
	size_t n, cap;
};

static void heads_init(struct heads *h, char *const *ids, size_t n)
{
	memset(h, 0, sizeof(*h));
	for (size_t i = 0; i < n; i++) {
		rg_grow((void **)&h->ids, &h->cap, h->n + 1, sizeof(char *));
		h->ids[h->n++] = rg_xstrdup(ids[i]);
	}
}

static void heads_free(struct heads *h)
{
	rg_free_rows(h->ids, h->n);
	memset(h, 0, sizeof(*h));
}

static long heads_find(const struct heads *h, const char *id)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->ids[i], id) == 0)
			return (long)i;
	return -1;
}

static void heads_remove(struct heads *h, size_t i)
{
	free(h->ids[i]);
	memmove(h->ids + i, h->ids + i + 1, (h->n - i - 1) * sizeof(char *));
	h->n--;
}

static void heads_add(struct heads *h, const char *id)
{
	rg_grow((void **)&h->ids, &h->cap, h->n + 1, sizeof(char *));
	h->ids[h->n++] = rg_xstrdup(id);
}

static void sql_literal(struct rg_buf *b, const char *s)
{
	rg_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rg_buf_addc(b, '\'');
		rg_buf_addc(b, *s);
	}
	rg_buf_addc(b, '\'');
}

/* One statement on the version table; appended to *v as a malloc'd string. */
static void version_stmt(char ***v, size_t *n, size_t *cap,
			 const struct rg_dialect *d, const char *table,
			 const char *set, const char *where)
{
	struct rg_buf b = RG_BUF_INIT;
	if (set && where) {
		rg_buf_add(&b, "UPDATE ");
		d->quote_ident(&b, table);
		rg_buf_add(&b, " SET version_num = ");
		sql_literal(&b, set);
		rg_buf_add(&b, " WHERE version_num = ");
		sql_literal(&b, where);
	} else if (set) {
		rg_buf_add(&b, "INSERT INTO ");
		d->quote_ident(&b, table);
		rg_buf_add(&b, " (version_num) VALUES (");
		sql_literal(&b, set);
		rg_buf_addc(&b, ')');
	} else {
		rg_buf_add(&b, "DELETE FROM ");
		d->quote_ident(&b, table);
		rg_buf_add(&b, " WHERE version_num = ");
		sql_literal(&b, where);
	}
	rg_grow((void **)v, cap, *n + 1, sizeof(char *));
	(*v)[(*n)++] = rg_buf_detach(&b);
}

/*
 * The version-table statements for running revs[idx] in direction up, and
 * the new heads.  Upgrading R replaces the heads R revises by R (UPDATE
 * when one, DELETE + UPDATE for a merge, INSERT for a new root or branch);
 * downgrading R puts back those of R's parents that no other head still
 * covers.
 */
static void version_step(const struct rg_graph *g, const struct rg_dialect *d,
			 const char *table, struct heads *h, size_t idx,
			 bool up, char ***v, size_t *nv)
{
	const struct rg_revision *r = g->revs[idx];
	size_t cap = 0;
	*v = NULL;
	*nv = 0;
	if (up) {
		const char *replaced = NULL;
		for (size_t k = 0; k < r->ndown; k++) {
			long at = heads_find(h, r->down[k]);
			if (at < 0)
				continue;
			if (!replaced) {
				replaced = r->down[k];
				version_stmt(v, nv, &cap, d, table, r->id, replaced);
			} else {
				version_stmt(v, nv, &cap, d, table, NULL, r->down[k]);
			}
		}
		if (!replaced)
			version_stmt(v, nv, &cap, d, table, r->id, NULL);
		for (size_t k = 0; k < r->ndown; k++) {
			long at = heads_find(h, r->down[k]);
			if (at >= 0)
				heads_remove(h, (size_t)at);
		}
		heads_add(h, r->id);
		return;
	}

	long at = heads_find(h, r->id);
	if (at >= 0)
		heads_remove(h, (size_t)at);
	bool *covered = rg_xcalloc(g->n + 1, sizeof(bool));
	for (size_t i = 0; i < h->n; i++) {
		long hx = rg_graph_index(g, h->ids[i]);
		if (hx >= 0)
			rg_graph_ancestors(g, (size_t)hx, covered);
	}
	bool replaced = false;
	for (size_t k = 0; k < r->ndown; k++) {
		long px = rg_graph_index(g, r->down[k]);
		if (px < 0 || covered[px] || heads_find(h, r->down[k]) >= 0)
			continue;
		if (!replaced)
			version_stmt(v, nv, &cap, d, table, r->down[k], r->id);
		else
			version_stmt(v, nv, &cap, d, table, r->down[k], NULL);
		replaced = true;
		heads_add(h, r->down[k]);
	}
	if (!replaced)
		version_stmt(v, nv, &cap, d, table, NULL, r->id);
	free(covered);
}

int rg_runner_current(struct rg_conn *c, const char *version_table,
		      char ***out, size_t *n, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	bool exists;
	*out = NULL;
	*n = 0;
	if (d->table_exists(c, version_table, &exists, err) < 0)
		return -1;
	if (!exists)
		return 0;
	struct rg_buf q = RG_BUF_INIT;
	rg_buf_add(&q, "SELECT version_num FROM ");
	d->quote_ident(&q, version_table);
	rg_buf_add(&q, " ORDER BY version_num");
	int rc = d->query_column(c, q.data, out, n, err);
	rg_buf_free(&q);
	return rc;
}

void rg_runner_log_table(struct rg_buf *out, const char *version_table)
{
	rg_buf_addf(out, "%s_log", version_table);
}

void rg_runner_checksum(char out[17], const char *text)
{
	snprintf(out, 17, "%016llx", (unsigned long long)rg_hash_str(RG_HASH_SEED, text));
}

static void log_ddl(struct rg_buf *out, const struct rg_dialect *d, const char *version_table)
{
	struct rg_buf name = RG_BUF_INIT;
	rg_runner_log_table(&name, version_table);
	rg_buf_add(out, "CREATE TABLE IF NOT EXISTS ");
	d->quote_ident(out, name.data);
	rg_buf_add(out, " (version_num VARCHAR(32) NOT NULL PRIMARY KEY, checksum VARCHAR(16) NOT NULL, "
			"applied_at VARCHAR(32) NOT NULL, duration_ms INTEGER NOT NULL)");
	rg_buf_free(&name);
}

/* The log's row for a revision: replaced on upgrade, removed on
 * downgrade. */
static void log_stmts(char ***v, size_t *nv, const struct rg_dialect *d,
		      const char *version_table, const struct rg_revision *r, bool up,
		      double ms)
{
	struct rg_buf name = RG_BUF_INIT, b = RG_BUF_INIT;
	size_t cap = *nv;
	rg_runner_log_table(&name, version_table);
	rg_buf_add(&b, "DELETE FROM ");
	d->quote_ident(&b, name.data);
	rg_buf_add(&b, " WHERE version_num = ");
	sql_literal(&b, r->id);
	rg_grow((void **)v, &cap, *nv + 2, sizeof(char *));
	(*v)[(*nv)++] = rg_buf_detach(&b);
	if (up) {
		char sum[17], when[32];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		rg_runner_checksum(sum, r->text ? r->text : "");
		rg_buf_add(&b, "INSERT INTO ");
		d->quote_ident(&b, name.data);
		rg_buf_add(&b, " (version_num, checksum, applied_at, duration_ms) VALUES (");
		sql_literal(&b, r->id);
		rg_buf_addf(&b, ", '%s', '%s', %.0f)", sum, when, ms);
		(*v)[(*nv)++] = rg_buf_detach(&b);
	}
	rg_buf_free(&name);
}

int rg_runner_verify_checksums(struct rg_conn *c, const struct rg_graph *g,
			       const char *version_table, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_buf name = RG_BUF_INIT, q = RG_BUF_INIT;
	char **ids = NULL, **sums = NULL;
	size_t nids = 0, nsums = 0;
	bool exists;
	int rc = 0;
	rg_runner_log_table(&name, version_table);
	if (d->table_exists(c, name.data, &exists, err) < 0) {
		rc = -1;
		goto out;
	}
	if (!exists)
		goto out;
	/* two single-column queries: portable where string concatenation
	 * is not */
	rg_buf_add(&q, "SELECT version_num FROM ");
	d->quote_ident(&q, name.data);
	rg_buf_add(&q, " ORDER BY version_num");
	if (d->query_column(c, q.data, &ids, &nids, err) < 0) {
		rc = -1;
		goto out;
	}
	rg_buf_reset(&q);
	rg_buf_add(&q, "SELECT checksum FROM ");
	d->quote_ident(&q, name.data);
	rg_buf_add(&q, " ORDER BY version_num");
	if (d->query_column(c, q.data, &sums, &nsums, err) < 0 || nsums != nids) {
		rc = nsums != nids ? rg_error_set(err, "%s changed while being read", name.data) : -1;
		goto out;
	}
	for (size_t i = 0; i < nids; i++) {
		long ix = ids[i] ? rg_graph_index(g, ids[i]) : -1;
		if (ix < 0 || !sums[i])
			continue;
		char now[17];
		rg_runner_checksum(now, g->revs[ix]->text ? g->revs[ix]->text : "");
		if (strcmp(now, sums[i]) != 0) {
			rc = rg_error_set(err,
				"%s: revision %s was applied from a different version of this file "
				"(checksum %s then, %s now); an applied revision should not change: "
				"restore it and write a new revision, or pass --ignore-checksums",
				g->revs[ix]->path, ids[i], sums[i], now);
			goto out;
		}
	}
out:
	rg_free_rows(ids, nids);
	rg_free_rows(sums, nsums);
	rg_buf_free(&name);
	rg_buf_free(&q);
	return rc;
}

int rg_runner_drop_version_table(struct rg_conn *c, const char *version_table,
				 struct rg_error *err)
{
	bool exists;
	if (c->dialect->table_exists(c, version_table, &exists, err) < 0)
		return -1;
	if (!exists)
		return 0;
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "DROP TABLE ");
	c->dialect->quote_ident(&sql, version_table);
	int rc = c->dialect->exec(c, sql.data, err);
	rg_buf_free(&sql);
	return rc;
}

static const char *section_of(const struct rg_revision *r, bool up,
			      unsigned *line)
{
	*line = up ? r->upgrade_line : r->downgrade_line;
	return up ? r->upgrade : r->downgrade;
}

static void describe_heads(struct rg_buf *b, const struct heads *h)
{
	if (h->n == 0)
		rg_buf_add(b, "base");
	for (size_t i = 0; i < h->n; i++)
		rg_buf_addf(b, "%s%s", i ? ", " : "", h->ids[i]);
}

/* "Running upgrade 98765432abcd -> 3f9c0e7b2a41, add bio column (12 ms)":
 * the revision and the ones it revises, as Alembic prints them. */
static void progress_line(const struct rg_run_opts *o, const struct rg_revision *r,
			  bool up, double ms)
{
	if (o->quiet || !o->progress)
		return;
	struct rg_buf parents = RG_BUF_INIT;
	if (r->ndown == 0)
		rg_buf_add(&parents, "base");
	for (size_t i = 0; i < r->ndown; i++)
		rg_buf_addf(&parents, "%s%s", i ? ", " : "", r->down[i]);
	fprintf(o->progress, "Running %s %s -> %s, %s (%.0f ms)\n",
		up ? "upgrade" : "downgrade", up ? parents.data : r->id, up ? r->id : parents.data,
		r->message ? r->message : "", ms);
	rg_buf_free(&parents);
}

/* One revision's run: what it has done so far, for the failure message
 * and for undoing. */
struct run {
	const struct rg_revision *r;
	struct rg_stmt *stmts;
	size_t nstmts;
	size_t ran;          /* statements that succeeded */
	bool in_txn, hooked; /* BEGIN done, before_revision hook done */
	bool tracked;        /* statement by statement (progress.h) */
	struct heads before; /* the applied heads before it */
};

/* The transaction frame, opened: the dialect's hook, then BEGIN for a
 * transactional revision (a tracked one begins only for its bookkeeping). */
static int frame_open(struct rg_conn *c, struct run *run, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	if (d->before_revision) {
		if (d->before_revision(c, err) < 0)
			return -1;
		run->hooked = true;
	}
	if (run->r->transactional && !run->tracked) {
		if (d->begin(c, err) < 0)
			return -1;
		run->in_txn = true;
	}
	return 0;
}

/* The frame, closed: the dialect's last check, COMMIT, its hook.  A step
 * that fails is not undone again by frame_abort: each flag is cleared
 * before its step. */
static int frame_close(struct rg_conn *c, struct run *run, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	if (d->check_revision && d->check_revision(c, err) < 0)
		return rg_error_prefix(err, "%s", run->r->path);
	if (run->in_txn) {
		run->in_txn = false;
		if (d->commit(c, err) < 0)
			return rg_error_prefix(err, "%s: commit", run->r->path);
	}
	if (run->hooked) {
		run->hooked = false;
		if (d->after_revision(c, err) < 0)
			return -1;
	}
	return 0;
}

/* The frame, after a failure: ROLLBACK, then the dialect's hook. */
static void frame_abort(struct rg_conn *c, const struct run *run)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_error ignore;
	if (run->in_txn)
		d->rollback(c, &ignore);
	if (run->hooked && d->after_revision)
		d->after_revision(c, &ignore);
}

/* The version table and its log, IF NOT EXISTS. */
static int create_tables(struct rg_conn *c, const char *version_table, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_buf ddl = RG_BUF_INIT;
	rg_sql_version_table_ddl(&ddl, d, version_table);
	int e = d->exec(c, ddl.data, err);
	if (e == 0) {
		rg_buf_reset(&ddl);
		log_ddl(&ddl, d, version_table);
		e = d->exec(c, ddl.data, err);
	}
	rg_buf_free(&ddl);
	if (e < 0)
		return rg_error_prefix(err, "creating the version table %s", version_table);
	return 0;
}

/* The revision's statements, in the frame.  A tracked revision records
 * its progress as it goes, and then begins the transaction of its
 * bookkeeping. */
static int run_statements(struct rg_conn *c, struct run *run, bool up,
			  const char *version_table, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	if (run->tracked) {
		if (rg_progress_run(c, run->r, up, run->stmts, run->nstmts, version_table, err) < 0 ||
		    d->begin(c, err) < 0)
			return -1;
		run->in_txn = true;
		return 0;
	}
	for (size_t i = 0; i < run->nstmts; i++) {
		if (d->exec(c, run->stmts[i].sql, err) < 0)
			return rg_error_prefix(err, "%s:%u", run->r->path, run->stmts[i].line);
		run->ran++;
	}
	return 0;
}

/* The version table and its log brought in step with revs[idx] (h moves
 * on with them), in one round trip: with small revisions it is most of the
 * work. */
static int bookkeeping(struct rg_conn *c, const struct rg_graph *g, size_t idx,
		       bool up, bool tracked, struct heads *h, const char *version_table,
		       double t0, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	char **vsql = NULL;
	size_t nv = 0;
	version_step(g, d, version_table, h, idx, up, &vsql, &nv);
	log_stmts(&vsql, &nv, d, version_table, g->revs[idx], up, rg_now_ms() - t0);
	struct rg_buf batch = RG_BUF_INIT;
	if (c->own_session)
		rg_buf_addf(&batch, "%s;\n", c->own_session);
	if (tracked) {
		rg_progress_delete_sql(&batch, d, version_table, g->revs[idx]->id);
		rg_buf_add(&batch, ";\n");
	}
	for (size_t i = 0; i < nv; i++)
		rg_buf_addf(&batch, "%s%s", vsql[i], i + 1 < nv ? ";\n" : "");
	int e = d->exec(c, batch.data, err);
	rg_buf_free(&batch);
	rg_free_rows(vsql, nv);
	if (e < 0)
		return rg_error_prefix(err, "updating the version table %s", version_table);
	return 0;
}

/* Appends to err what state the failure left the database in: rolled back,
 * or (no transaction, or DDL that commits itself) which statements stay
 * applied. */
static void failure_note(struct rg_error *err, const struct run *run, bool rolled_back)
{
	struct rg_buf note = RG_BUF_INIT;
	if (rolled_back) {
		rg_buf_add(&note, "revision ");
		rg_buf_add(&note, run->r->id);
		rg_buf_add(&note, " was rolled back; the database stays at ");
		describe_heads(&note, &run->before);
	} else {
		rg_buf_addf(&note,
			    "revision %s ran outside a transaction: %zu of its %zu statement(s) "
			    "had run and stay applied",
			    run->r->id, run->ran, run->nstmts);
		for (size_t i = 0; i < run->ran; i++) {
			const char *sql = run->stmts[i].sql;
			/* skip leading comment lines: the SQL is what tells */
			while (sql[0] == '-' && sql[1] == '-' && strchr(sql, '\n'))
				sql = strchr(sql, '\n') + 1;
			size_t len = strcspn(sql, "\n");
			rg_buf_addf(&note, "%s line %u: %.*s%s", i ? ";" : ":", run->stmts[i].line,
				    (int)(len > 60 ? 60 : len), sql, len > 60 ? "..." : "");
		}
		rg_buf_add(&note, "; the version table still says ");
		describe_heads(&note, &run->before);
	}
	size_t len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, " (%s)", rg_buf_str(&note));
	rg_buf_free(&note);
}

/* Runs one revision; on failure err says where and what, and h is as it
 * was. */
static int run_one(struct rg_conn *c, const struct rg_graph *g, size_t idx,
		   bool up, bool first, struct heads *h,
		   const struct rg_run_opts *o, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct run run = {.r = g->revs[idx]};
	unsigned line;
	const char *body = section_of(run.r, up, &line);
	if (rg_split_sql(&run.stmts, &run.nstmts, body ? body : "", line, err) < 0)
		return rg_error_prefix(err, "%s", run.r->path);

	heads_init(&run.before, h->ids, h->n);
	run.tracked = !o->no_progress && rg_progress_tracked(d, run.r, run.stmts, run.nstmts);
	/* The version table is made on the first revision of an upgrade, in
	 * its transaction where DDL is transactional; before it elsewhere, as
	 * MySQL's implicit commit would end the transaction (and a tracked
	 * revision records its progress beside it). */
	bool make = (first && up) || run.tracked;
	bool before = make && (run.tracked || !(d->caps & RG_CAP_TRANSACTIONAL_DDL));
	double t0 = rg_now_ms();
	int rc = 0;
	if ((before && create_tables(c, o->version_table, err) < 0) ||
	    frame_open(c, &run, err) < 0 ||
	    (make && !before && create_tables(c, o->version_table, err) < 0) ||
	    run_statements(c, &run, up, o->version_table, err) < 0 ||
	    bookkeeping(c, g, idx, up, run.tracked, h, o->version_table, t0, err) < 0 ||
	    frame_close(c, &run, err) < 0) {
		/* an untracked revision in a transaction is DDL-safe: its
		 * dialect's DDL rolls back, or (MySQL) it has none */
		bool rolled_back = run.in_txn;
		frame_abort(c, &run);
		/* a tracked revision's error says it all (progress.c) */
		if (!run.tracked)
			failure_note(err, &run, rolled_back);
		heads_free(h);
		heads_init(h, run.before.ids, run.before.n);
		rc = -1;
	} else {
		progress_line(o, run.r, up, rg_now_ms() - t0);
	}
	heads_free(&run.before);
	rg_stmts_free(run.stmts, run.nstmts);
	return rc;
}

int rg_runner_mark_done(struct rg_conn *c, const struct rg_graph *g, size_t idx,
			bool up, const char *version_table, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	char **cur = NULL;
	size_t ncur = 0;
	if (rg_runner_current(c, version_table, &cur, &ncur, err) < 0)
		return -1;
	struct heads h;
	heads_init(&h, cur, ncur);
	rg_free_rows(cur, ncur);
	int rc = 0;
	if (d->begin(c, err) < 0 ||
	    bookkeeping(c, g, idx, up, true, &h, version_table, rg_now_ms(), err) < 0 ||
	    d->commit(c, err) < 0) {
		struct rg_error ignore;
		d->rollback(c, &ignore);
		rc = -1;
	}
	heads_free(&h);
	return rc;
}

int rg_runner_run(struct rg_conn *c, const struct rg_graph *g,
		  const struct rg_plan *plan, const struct rg_run_opts *o,
		  struct rg_error *err)
{
	struct heads h;
	heads_init(&h, plan->heads, plan->nheads);
	int rc = 0;
	for (size_t i = 0; i < plan->n && rc == 0; i++)
		rc = run_one(c, g, plan->steps[i], plan->up, i == 0, &h, o, err);
	heads_free(&h);
	return rc;
}

int rg_runner_sql(struct rg_buf *out, const struct rg_dialect *d,
		  const struct rg_graph *g, const struct rg_plan *plan,
		  const char *version_table, struct rg_error *err)
{
	struct heads h;
	heads_init(&h, plan->heads, plan->nheads);
	if (plan->up && plan->n > 0 && plan->nheads == 0) {
		rg_sql_version_table_ddl(out, d, version_table);
		rg_buf_add(out, "\n");
	}
	for (size_t i = 0; i < plan->n; i++) {
		const struct rg_revision *r = g->revs[plan->steps[i]];
		unsigned line;
		const char *body = section_of(r, plan->up, &line);
		struct rg_stmt *stmts = NULL;
		size_t nstmts = 0, nv = 0;
		char **vsql = NULL;
		if (rg_split_sql(&stmts, &nstmts, body ? body : "", line, err) < 0) {
			heads_free(&h);
			return rg_error_prefix(err, "%s", r->path);
		}
		rg_buf_addf(out, "-- Running %s %s, %s\n",
			    plan->up ? "upgrade to" : "downgrade of", r->id,
			    r->message ? r->message : "");
		if (d->offline_before_revision)
			rg_buf_addf(out, "%s\n", d->offline_before_revision);
		if (r->transactional)
			rg_buf_add(out, "BEGIN;\n");
		for (size_t k = 0; k < nstmts; k++)
			rg_buf_addf(out, "%s;\n", stmts[k].sql);
		version_step(g, d, version_table, &h, plan->steps[i], plan->up,
			     &vsql, &nv);
		for (size_t k = 0; k < nv; k++)
			rg_buf_addf(out, "%s;\n", vsql[k]);
		if (r->transactional)
			rg_buf_add(out, "COMMIT;\n");
		if (d->offline_after_revision)
			rg_buf_addf(out, "%s\n", d->offline_after_revision);
		rg_buf_add(out, "\n");
		rg_free_rows(vsql, nv);
		rg_stmts_free(stmts, nstmts);
	}
	heads_free(&h);
	return 0;
}
