/*
 * progress.c - the progress table of progress.h: running a revision
 * statement by statement, resuming it, describing it.
 */
#include "runner/progress.h"

#include "diff/schema.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a statement does to the database, for how it is recorded. */
enum kind {
	K_DML,	   /* data: runs in one transaction with its record */
	K_SESSION, /* session state: runs again on resuming */
	K_CATALOG, /* DDL whose effect the catalog fingerprint shows */
	K_OTHER,   /* anything else: a crash while it runs needs the operator */
};

/* The next word of sql (upper-cased into w, empty when none), past
 * whitespace and comments. */
static const char *next_word(const char *p, char *w, size_t cap)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			p += strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			p = end ? end + 2 : p + strlen(p);
		} else {
			break;
		}
	}
	size_t i = 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_') {
		if (i + 1 < cap)
			w[i++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
		p++;
	}
	w[i] = '\0';
	return p;
}

static bool word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static enum kind classify(const char *sql)
{
	static const char *const dml[] = {"INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE",
					  "WITH", "SELECT", "VALUES", NULL};
	static const char *const session[] = {"SET", "RESET", "PRAGMA", "USE", NULL};
	static const char *const ddl[] = {"CREATE", "ALTER", "DROP", "RENAME", NULL};
	/* between CREATE and what it creates: CREATE OR REPLACE VIEW, CREATE
	 * UNIQUE INDEX, ALTER ONLINE TABLE ... */
	static const char *const between[] = {"OR", "REPLACE", "UNIQUE", "FULLTEXT", "SPATIAL",
					      "MATERIALIZED", "VIRTUAL", "ONLINE", "OFFLINE",
					      "IGNORE", NULL};
	static const char *const shown[] = {"TABLE", "INDEX", "VIEW", "TRIGGER", "SEQUENCE",
					    "TYPE", "DOMAIN", "FUNCTION", "PROCEDURE", NULL};
	char w[32];
	const char *p = next_word(sql, w, sizeof(w));
	if (word_in(w, dml))
		return K_DML;
	if (word_in(w, session))
		return K_SESSION;
	if (!word_in(w, ddl))
		return K_OTHER;
	for (int i = 0; i < 4; i++) {
		p = next_word(p, w, sizeof(w));
		if (word_in(w, shown))
			return K_CATALOG;
		if (!word_in(w, between))
			break;
	}
	return K_OTHER;
}

bool rg_progress_tracked(const struct rg_dialect *d, const struct rg_revision *r,
			 const struct rg_stmt *s, size_t n)
{
	if (n == 0)
		return false;
	if (!r->transactional)
		return true;
	if (d->caps & RG_CAP_TRANSACTIONAL_DDL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (classify(s[i].sql) >= K_CATALOG)
			return true;
	return false;
}

void rg_progress_table(struct rg_buf *out, const char *version_table)
{
	rg_buf_addf(out, "%s_progress", version_table);
}

/* A string literal right on every dialect: MySQL reads backslashes as
 * escapes unless NO_BACKSLASH_ESCAPES is set, so there are none (the text
 * is a message for the operator, a '/' for a '\' does it no harm). */
static void literal(struct rg_buf *b, const char *s, size_t max)
{
	rg_buf_addc(b, '\'');
	for (size_t i = 0; s[i] && i < max; i++) {
		char ch = s[i] == '\\' ? '/' : s[i];
		if (ch == '\'')
			rg_buf_addc(b, '\'');
		rg_buf_addc(b, ch);
	}
	rg_buf_addc(b, '\'');
}

/* Runs "UPDATE <progress> SET <set> WHERE version_num = <id>". */
static int update(struct rg_conn *c, const char *version_table, const char *id,
		  const char *set, struct rg_error *err)
{
	struct rg_buf t = RG_BUF_INIT, q = RG_BUF_INIT;
	rg_progress_table(&t, version_table);
	/* (the statement before may have moved the search_path) */
	if (c->own_session)
		rg_buf_addf(&q, "%s;\n", c->own_session);
	rg_buf_add(&q, "UPDATE ");
	c->dialect->quote_ident(&q, t.data);
	rg_buf_addf(&q, " SET %s WHERE version_num = ", set);
	literal(&q, id, 64);
	int rc = c->dialect->exec(c, q.data, err);
	if (rc < 0)
		rg_error_prefix(err, "recording the progress of revision %s in %s", id, t.data);
	rg_buf_free(&t);
	rg_buf_free(&q);
	return rc;
}

void rg_progress_delete_sql(struct rg_buf *out, const struct rg_dialect *d,
			    const char *version_table, const char *id)
{
	struct rg_buf t = RG_BUF_INIT;
	rg_progress_table(&t, version_table);
	rg_buf_add(out, "DELETE FROM ");
	d->quote_ident(out, t.data);
	rg_buf_add(out, " WHERE version_num = ");
	literal(out, id, 64);
	rg_buf_free(&t);
}

void rg_progress_free(struct rg_progress *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].id);
		free(p[i].error);
	}
	free(p);
}

static const char *const columns[] = {
	"version_num", "direction", "statements_applied", "statements_total",
	"checksum", "pending_statement", "catalog_before", "error_message",
};

int rg_progress_read(struct rg_conn *c, const char *version_table,
		     struct rg_progress **out, size_t *n, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_buf t = RG_BUF_INIT, q = RG_BUF_INIT;
	char **col[RG_ARRAY_LEN(columns)] = {0};
	size_t ncol[RG_ARRAY_LEN(columns)] = {0};
	bool exists;
	int rc = 0;
	*out = NULL;
	*n = 0;
	rg_progress_table(&t, version_table);
	if (d->table_exists(c, t.data, &exists, err) < 0) {
		rc = -1;
		goto out;
	}
	if (!exists)
		goto out;
	/* a column a query: portable where string concatenation is not */
	for (size_t k = 0; k < RG_ARRAY_LEN(columns); k++) {
		rg_buf_reset(&q);
		rg_buf_addf(&q, "SELECT %s FROM ", columns[k]);
		d->quote_ident(&q, t.data);
		rg_buf_add(&q, " ORDER BY version_num");
		if (d->query_column(c, q.data, &col[k], &ncol[k], err) < 0) {
			rc = -1;
			goto out;
		}
		if (ncol[k] != ncol[0]) {
			rc = rg_error_set(err, "%s changed while being read", t.data);
			goto out;
		}
	}
	*out = rg_xcalloc(ncol[0] + 1, sizeof(**out));
	for (size_t i = 0; i < ncol[0]; i++) {
		struct rg_progress *p = &(*out)[(*n)++];
		p->id = rg_xstrdup(col[0][i] ? col[0][i] : "");
		p->up = !col[1][i] || strcmp(col[1][i], "downgrade") != 0;
		p->applied = col[2][i] ? strtoul(col[2][i], NULL, 10) : 0;
		p->total = col[3][i] ? strtoul(col[3][i], NULL, 10) : 0;
		snprintf(p->checksum, sizeof(p->checksum), "%s", col[4][i] ? col[4][i] : "");
		p->pending = col[5][i] ? strtoul(col[5][i], NULL, 10) : 0;
		snprintf(p->catalog, sizeof(p->catalog), "%s", col[6][i] ? col[6][i] : "");
		p->error = col[7][i] ? rg_xstrdup(col[7][i]) : NULL;
	}
out:
	for (size_t k = 0; k < RG_ARRAY_LEN(columns); k++)
		rg_free_rows(col[k], ncol[k]);
	rg_buf_free(&t);
	rg_buf_free(&q);
	return rc;
}

static int cmp_rows(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	return strcmp(x ? x : "", y ? y : "");
}

/* One name for the list of names_of(): as written and lower-cased.  A
 * quoted name with a quote or a backslash in it is left out, as a literal
 * would read differently on MySQL with and without NO_BACKSLASH_ESCAPES;
 * its object then looks unchanged, and a statement on it that a crash cut
 * short runs again (and fails if it had taken effect) or is left to the
 * operator. */
static void add_name(struct rg_buf *out, const char *name, size_t len)
{
	if (len == 0 || memchr(name, '\'', len) || memchr(name, '\\', len))
		return;
	for (int lower = 0; lower < 2; lower++) {
		rg_buf_add(out, out->len > 1 ? ", '" : "'");
		for (size_t i = 0; i < len; i++) {
			char ch = name[i];
			rg_buf_addc(out, lower && ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch);
		}
		rg_buf_addc(out, '\'');
	}
}

/* "('w1', 'w1', 'W2', 'w2', ...)": the words and quoted names of sql,
 * string literals left out (fingerprint.h), after the n names of also. */
static void names_of(struct rg_buf *out, const char *sql, const char *const *also, size_t n)
{
	rg_buf_addc(out, '(');
	for (size_t i = 0; i < n; i++)
		add_name(out, also[i], strlen(also[i]));
	for (const char *p = sql; *p;) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\'') {
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p += (*p == '\'' || *p == '\\') && p[1] ? 2 : 1)
				;
			p += *p != '\0';
		} else if (ch == '"' || ch == '`') {
			const char *end = strchr(p + 1, (char)ch);
			if (!end)
				break;
			add_name(out, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else if (ch == '_' || ch == '$' || ch >= 0x80 || (ch >= '0' && ch <= '9') ||
			   ((ch | 32) >= 'a' && (ch | 32) <= 'z')) {
			const char *start = p;
			while (*p == '_' || *p == '$' || (unsigned char)*p >= 0x80 ||
			       (*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z'))
				p++;
			add_name(out, start, (size_t)(p - start));
		} else {
			p++;
		}
	}
	if (out->len == 1)
		rg_buf_add(out, "''"); /* IN () is no SQL */
	rg_buf_addc(out, ')');
}

/* The fingerprint of the catalog's objects that stmt names, revgen's own
 * tables left out. */
static int fingerprint(struct rg_conn *c, const char *version_table, const char *stmt,
		       char out[17], struct rg_error *err)
{
	char **rows = NULL;
	size_t n = 0;
	struct rg_buf names = RG_BUF_INIT, spaces = RG_BUF_INIT, q = RG_BUF_INIT;
	size_t nschemas;
	const char *const *schemas = rg_schemas(&nschemas);
	names_of(&names, stmt, NULL, 0);
	names_of(&spaces, stmt, schemas, nschemas);
	for (const char *t = c->dialect->catalog_sql, *at; *t;) {
		const char *s1 = strstr(t, "@NAMES@"), *s2 = strstr(t, "@SCHEMAS@");
		bool is_names = s1 && (!s2 || s1 < s2);
		at = is_names ? s1 : s2;
		if (!at) {
			rg_buf_add(&q, t);
			break;
		}
		rg_buf_addf(&q, "%.*s%s", (int)(at - t), t, is_names ? names.data : spaces.data);
		t = at + (is_names ? 7 : 9);
	}
	int e = c->dialect->query_column(c, q.data, &rows, &n, err);
	rg_buf_free(&names);
	rg_buf_free(&spaces);
	rg_buf_free(&q);
	if (e < 0)
		return rg_error_prefix(err, "reading the catalog");
	if (n > 1) /* no rows: NULL, which qsort must not get */
		qsort(rows, n, sizeof(char *), cmp_rows);
	struct rg_buf own[3] = {RG_BUF_INIT, RG_BUF_INIT, RG_BUF_INIT};
	rg_buf_add(&own[0], version_table);
	rg_runner_log_table(&own[1], version_table);
	rg_progress_table(&own[2], version_table);
	uint64_t h = RG_HASH_SEED;
	for (size_t i = 0; i < n; i++) {
		const char *sep = rows[i] ? strchr(rows[i], '\x1f') : NULL;
		bool mine = false;
		for (size_t k = 0; sep && k < 3; k++)
			mine |= own[k].len == (size_t)(sep - rows[i]) &&
				strncasecmp(rows[i], own[k].data, own[k].len) == 0;
		if (!rows[i] || mine)
			continue;
		h = rg_hash_str(h, rows[i]);
		h = rg_hash_str(h, "\n");
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	for (size_t k = 0; k < 3; k++)
		rg_buf_free(&own[k]);
	rg_free_rows(rows, n);
	return 0;
}

static const char *section(const struct rg_revision *r, bool up, unsigned *line)
{
	*line = up ? r->upgrade_line : r->downgrade_line;
	return (up ? r->upgrade : r->downgrade) ? (up ? r->upgrade : r->downgrade) : "";
}

void rg_progress_describe(struct rg_buf *out, const struct rg_graph *g,
			  const struct rg_progress *p)
{
	rg_buf_addf(out, "partly %s: %zu of %zu statements", p->up ? "applied" : "reverted",
		    p->applied, p->total);
	long ix = rg_graph_index(g, p->id);
	if (ix < 0) {
		rg_buf_add(out, "; no file in versions/ has this revision");
	} else {
		const struct rg_revision *r = g->revs[ix];
		struct rg_stmt *s = NULL;
		size_t n = 0;
		unsigned line;
		char sum[17];
		struct rg_error ignore;
		rg_runner_checksum(sum, r->text ? r->text : "");
		size_t next = p->pending ? p->pending - 1 : p->applied;
		const char *body = section(r, p->up, &line);
		if (rg_split_sql(&s, &n, body, line, &ignore) == 0 && next < n)
			rg_buf_addf(out, "; next: %s:%u", r->path, s[next].line);
		rg_stmts_free(s, n);
		if (strcmp(sum, p->checksum) != 0)
			rg_buf_add(out, "; the file changed since");
	}
	if (p->pending && p->catalog[0])
		rg_buf_addf(out, "; statement %zu was running when the run stopped", p->pending);
	else if (p->pending)
		rg_buf_addf(out, "; statement %zu failed having changed the catalog, perhaps in part",
			    p->pending);
	if (p->error)
		rg_buf_addf(out, "; it failed: %s", p->error);
}

int rg_progress_check_plan(struct rg_conn *c, const struct rg_graph *g,
			   const struct rg_plan *plan, const char *version_table,
			   struct rg_error *err)
{
	struct rg_progress *p;
	size_t n;
	if (rg_progress_read(c, version_table, &p, &n, err) < 0)
		return -1;
	int rc = 0;
	if (n > 0 && !(plan->n > 0 && plan->up == p[0].up &&
		       strcmp(g->revs[plan->steps[0]]->id, p[0].id) == 0)) {
		struct rg_buf b = RG_BUF_INIT;
		rg_progress_describe(&b, g, &p[0]);
		rc = rg_error_set(err,
			"revision %s is %s; go on with it first (`revgen %s %s` resumes it), "
			"or say what the database holds with `revgen resolve %s --applied`, "
			"`--rolled-back` or `--ran N`",
			p[0].id, rg_buf_str(&b), p[0].up ? "upgrade" : "downgrade", p[0].id, p[0].id);
		rg_buf_free(&b);
	}
	rg_progress_free(p, n);
	return rc;
}

/* The note a failing statement's error gets. */
static int failed(struct rg_error *err, const struct rg_revision *r, bool up,
		  const struct rg_stmt *s, size_t k, size_t n, bool in_part, const char *table)
{
	char msg[sizeof(err->msg)];
	snprintf(msg, sizeof(msg), "%s", err->msg);
	if (in_part)
		return rg_error_set(err,
			"%s:%u: %s (revision %s runs outside a transaction, statement by statement: "
			"%zu of its %zu statements are applied, recorded in %s; this one failed yet "
			"changed the catalog, perhaps in part: check the database, then say what it "
			"holds with `revgen resolve %s --ran %zu` or `--ran %zu` (this one done or not), "
			"and run `revgen %s` again)",
			r->path, s[k].line, msg, r->id, k, n, table, r->id, k + 1, k,
			up ? "upgrade" : "downgrade");
	return rg_error_set(err,
		"%s:%u: %s (revision %s runs outside a transaction, statement by statement: "
		"%zu of its %zu statements are applied, recorded in %s; fix the cause and run "
		"`revgen %s` again to go on from this statement, or say what the database holds "
		"with `revgen resolve %s --applied`, `--rolled-back` or `--ran N`)",
		r->path, s[k].line, msg, r->id, k, n, table, up ? "upgrade" : "downgrade", r->id);
}

/* Records statement k's failure (its own transaction rolled back, a DDL
 * statement's error meaning it did not take effect). */
static void record_failure(struct rg_conn *c, const char *version_table,
			   const char *id, size_t k, const char *msg)
{
	struct rg_buf set = RG_BUF_INIT;
	struct rg_error ignore;
	rg_buf_addf(&set, "statements_applied = %zu, pending_statement = NULL, "
			  "catalog_before = NULL, error_message = ", k);
	literal(&set, msg, 1000);
	/* on failure the row keeps the statement pending: the next run asks
	 * the catalog */
	update(c, version_table, id, set.data, &ignore);
	rg_buf_free(&set);
}

/* Statement k of r, and its record. */
static int run_stmt(struct rg_conn *c, const struct rg_revision *r, const struct rg_stmt *s,
		    size_t k, const char *vt, struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	char set[160];
	snprintf(set, sizeof(set), "statements_applied = %zu, pending_statement = NULL, "
		 "catalog_before = NULL, error_message = NULL", k + 1);
	switch (classify(s[k].sql)) {
	case K_DML:
		if (d->begin(c, err) < 0)
			return -1;
		if (d->exec(c, s[k].sql, err) < 0) {
			struct rg_error ignore;
			d->rollback(c, &ignore);
			record_failure(c, vt, r->id, k, err->msg);
			return 1;
		}
		if (update(c, vt, r->id, set, err) < 0 || d->commit(c, err) < 0) {
			struct rg_error ignore;
			d->rollback(c, &ignore);
			return -1;
		}
		return 0;
	case K_SESSION:
		if (d->exec(c, s[k].sql, err) < 0) {
			record_failure(c, vt, r->id, k, err->msg);
			return 1;
		}
		return update(c, vt, r->id, set, err);
	case K_CATALOG:
	case K_OTHER:
		break;
	}
	char fp[17], pending[96];
	if (fingerprint(c, vt, s[k].sql, fp, err) < 0)
		return -1;
	snprintf(pending, sizeof(pending), "pending_statement = %zu, catalog_before = '%s'",
		 k + 1, fp);
	if (update(c, vt, r->id, pending, err) < 0)
		return -1;
	if (d->exec(c, s[k].sql, err) < 0) {
		/* a failed DDL statement normally changes nothing; one that
		 * did (MariaDB's DROP TABLE a, b without b drops a) stays
		 * pending with no fingerprint: only the operator can say */
		char after[17];
		struct rg_error ignore;
		if (fingerprint(c, vt, s[k].sql, after, &ignore) == 0 && strcmp(after, fp) == 0) {
			record_failure(c, vt, r->id, k, err->msg);
			return 1;
		}
		struct rg_buf set2 = RG_BUF_INIT;
		rg_buf_add(&set2, "catalog_before = '', error_message = ");
		literal(&set2, err->msg, 1000);
		update(c, vt, r->id, set2.data, &ignore);
		rg_buf_free(&set2);
		return 2;
	}
	return update(c, vt, r->id, set, err);
}

/* After a run stopped with statement p->pending running: the first
 * statement to run now, from the catalog. */
static int decide_pending(struct rg_conn *c, const struct rg_revision *r,
			  const struct rg_progress *p, const struct rg_stmt *s, size_t n,
			  const char *vt, size_t *start, struct rg_error *err)
{
	size_t k = p->pending - 1;
	char now[17];
	if (k >= n)
		return rg_error_set(err, "%s: revision %s: the progress table names statement %zu of %zu",
				    r->path, r->id, p->pending, n);
	if (fingerprint(c, vt, s[k].sql, now, err) < 0)
		return -1;
	/* no fingerprint: it failed having changed the catalog (run_stmt) */
	bool changed = p->catalog[0] && strcmp(now, p->catalog) != 0;
	if (changed) {
		*start = k + 1;
	} else if (p->catalog[0] && classify(s[k].sql) == K_CATALOG) {
		*start = k;
	} else {
		size_t len = strcspn(s[k].sql, "\n");
		return rg_error_set(err,
			"%s:%u: statement %zu of revision %s (%.*s%s) %s, and the catalog does not "
			"tell whether it took effect: check the database, then run "
			"`revgen resolve %s --ran %zu` if it did, or `revgen resolve %s --ran %zu` "
			"if it did not, and `revgen %s` again",
			r->path, s[k].line, k + 1, r->id, (int)(len > 60 ? 60 : len), s[k].sql,
			len > 60 ? "..." : "",
			p->catalog[0] ? "was running when an earlier run stopped"
				      : "failed having changed the catalog, perhaps in part",
			r->id, k + 1, r->id, k, p->up ? "upgrade" : "downgrade");
	}
	char set[120];
	snprintf(set, sizeof(set), "statements_applied = %zu, pending_statement = NULL, "
		 "catalog_before = NULL", *start);
	return update(c, vt, r->id, set, err);
}

/* The row for r: found (and checked against the file) or made. */
static int start_at(struct rg_conn *c, const struct rg_revision *r, bool up,
		    const struct rg_stmt *s, size_t n, const char *vt, size_t *start,
		    struct rg_error *err)
{
	const struct rg_dialect *d = c->dialect;
	struct rg_buf t = RG_BUF_INIT, q = RG_BUF_INIT;
	struct rg_progress *rows = NULL, *p = NULL;
	size_t nrows = 0;
	char sum[17];
	int rc = 0;
	*start = 0;
	rg_runner_checksum(sum, r->text ? r->text : "");
	rg_progress_table(&t, vt);
	rg_buf_add(&q, "CREATE TABLE IF NOT EXISTS ");
	d->quote_ident(&q, t.data);
	rg_buf_add(&q, " (version_num VARCHAR(32) NOT NULL PRIMARY KEY, direction VARCHAR(9) NOT NULL, "
		       "statements_applied INTEGER NOT NULL, statements_total INTEGER NOT NULL, "
		       "checksum VARCHAR(16) NOT NULL, pending_statement INTEGER, "
		       "catalog_before VARCHAR(16), error_message TEXT)");
	if (d->exec(c, q.data, err) < 0 || rg_progress_read(c, vt, &rows, &nrows, err) < 0) {
		rc = rg_error_prefix(err, "creating the progress table %s", t.data);
		goto out;
	}
	for (size_t i = 0; i < nrows; i++)
		if (strcmp(rows[i].id, r->id) == 0)
			p = &rows[i];
	if (!p) {
		rg_buf_reset(&q);
		rg_buf_add(&q, "INSERT INTO ");
		d->quote_ident(&q, t.data);
		rg_buf_add(&q, " (version_num, direction, statements_applied, statements_total, checksum) VALUES (");
		literal(&q, r->id, 64);
		rg_buf_addf(&q, ", '%s', 0, %zu, '%s')", up ? "upgrade" : "downgrade", n, sum);
		if (d->exec(c, q.data, err) < 0)
			rc = rg_error_prefix(err, "recording the progress of revision %s in %s", r->id, t.data);
		goto out;
	}
	if (p->up != up) {
		rc = rg_error_set(err, "revision %s is partly %s: go on with that first, or use `revgen resolve`",
				  r->id, p->up ? "applied" : "reverted");
		goto out;
	}
	if (strcmp(p->checksum, sum) != 0) {
		rc = rg_error_set(err,
			"%s: revision %s is partly %s (%zu of %zu statements) from a different "
			"version of this file (checksum %s then, %s now): restore the file to go on, "
			"or say what the database holds with `revgen resolve %s --ran N` (the first N "
			"statements of the file as it is now are applied), `--applied` or `--rolled-back`",
			r->path, r->id, up ? "applied" : "reverted", p->applied, p->total, p->checksum,
			sum, r->id);
		goto out;
	}
	if (p->pending)
		rc = decide_pending(c, r, p, s, n, vt, start, err);
	else
		*start = p->applied < n ? p->applied : n;
out:
	rg_progress_free(rows, nrows);
	rg_buf_free(&t);
	rg_buf_free(&q);
	return rc;
}

int rg_progress_run(struct rg_conn *c, const struct rg_revision *r, bool up,
		    const struct rg_stmt *s, size_t n, const char *version_table,
		    struct rg_error *err)
{
	size_t start;
	if (start_at(c, r, up, s, n, version_table, &start, err) < 0)
		return -1;
	/* the session the applied statements set up, again */
	for (size_t k = 0; k < start; k++)
		if (classify(s[k].sql) == K_SESSION && c->dialect->exec(c, s[k].sql, err) < 0)
			return rg_error_prefix(err, "%s:%u", r->path, s[k].line);
	for (size_t k = start; k < n; k++) {
		int e = run_stmt(c, r, s, k, version_table, err);
		if (e > 0) {
			struct rg_buf t = RG_BUF_INIT;
			rg_progress_table(&t, version_table);
			failed(err, r, up, s, k, n, e == 2, t.data);
			rg_buf_free(&t);
		}
		if (e != 0)
			return -1;
	}
	return 0;
}

int rg_progress_set_ran(struct rg_conn *c, const struct rg_progress *p,
			const struct rg_revision *r, size_t n, const char *version_table,
			struct rg_error *err)
{
	struct rg_stmt *s = NULL;
	size_t ns = 0;
	unsigned line;
	char sum[17], set[200];
	const char *body = section(r, p->up, &line);
	if (rg_split_sql(&s, &ns, body, line, err) < 0)
		return rg_error_prefix(err, "%s", r->path);
	rg_stmts_free(s, ns);
	if (n > ns)
		return rg_error_set(err, "%s: revision %s has %zu statement(s) to %s, not %zu",
				    r->path, r->id, ns, p->up ? "apply" : "revert", n);
	rg_runner_checksum(sum, r->text ? r->text : "");
	snprintf(set, sizeof(set), "statements_applied = %zu, statements_total = %zu, "
		 "checksum = '%s', pending_statement = NULL, catalog_before = NULL, "
		 "error_message = NULL", n, ns, sum);
	return update(c, version_table, r->id, set, err);
}
