/*
 * sqlite.c (introspect) - SQLite's connection and catalog reader.
 *
 * The pragmas give columns, indexes and foreign keys, but not what SQLite
 * keeps only in the CREATE TABLE text: constraint names, CHECK expressions
 * and AUTOINCREMENT.  Those come from a small tokenizer over that text,
 * which also finds the views and triggers that name each table (its
 * dependents, which a rebuild must keep) and an index's expressions in
 * its CREATE INDEX text.  Over 800 lines: the tokenizer
 * is shared by both readers and is this file's own; splitting it off would
 * put a header between them for nothing else to use.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "config/config.h"
#include "diff/compare.h"
#include "introspect/sqlite.h"

struct sqlite_conn {
	struct rg_conn base;
	sqlite3 *db;
	char *path;  /* "" for in-memory */
	int lock_fd; /* flock held for a whole run; -1 when none */
	unsigned long statements;
};

unsigned long rg_sqlite_statement_count(const struct rg_conn *c)
{
	return ((const struct sqlite_conn *)c)->statements;
}

static sqlite3 *db_of(struct rg_conn *c)
{
	return ((struct sqlite_conn *)c)->db;
}

static int fail_db(struct rg_error *err, sqlite3 *db, const char *what)
{
	return rg_error_set(err, "%s: %s", what, sqlite3_errmsg(db));
}

int rg_sqlite_connect(struct rg_conn **out, const struct rg_url *url,
		      struct rg_error *err)
{
	struct sqlite_conn *c = rg_xcalloc(1, sizeof(*c));
	c->lock_fd = -1;
	c->path = rg_xstrdup(url->path ? url->path : "");
	const char *file = *c->path ? c->path : ":memory:";
	int rc = sqlite3_open_v2(file, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rg_error_set(err, "%s: %s", file,
			     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto fail;
	}
	/* a second deployer waits for the write lock instead of failing */
	if (sqlite3_busy_timeout(c->db, 30000) != SQLITE_OK) {
		fail_db(err, c->db, file);
		goto fail;
	}
	char *msg = NULL;
	if (sqlite3_exec(c->db, "PRAGMA foreign_keys = ON", NULL, NULL, &msg) != SQLITE_OK) {
		rg_error_set(err, "%s: %s", file, msg ? msg : "PRAGMA foreign_keys failed");
		sqlite3_free(msg);
		goto fail;
	}
	*out = &c->base;
	return 0;
fail:
	sqlite3_close(c->db);
	free(c->path);
	free(c);
	return -1;
}

void rg_sqlite_disconnect(struct rg_conn *base)
{
	if (!base)
		return;
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	sqlite3_close(c->db);
	/* closed only after SQLite's own handle: closing any descriptor of the
	 * database file drops the POSIX locks SQLite holds on it */
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	free(c->path);
	free(c);
}

int rg_sqlite_exec(struct rg_conn *c, const char *sql, struct rg_error *err)
{
	char *msg = NULL;
	((struct sqlite_conn *)c)->statements++;
	if (sqlite3_exec(db_of(c), sql, NULL, NULL, &msg) != SQLITE_OK) {
		rg_error_set(err, "%s", msg ? msg : sqlite3_errmsg(db_of(c)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int rg_sqlite_query_column(struct rg_conn *c, const char *sql, char ***rows,
			   size_t *nrows, struct rg_error *err)
{
	sqlite3_stmt *st;
	*rows = NULL;
	*nrows = 0;
	((struct sqlite_conn *)c)->statements++;
	if (sqlite3_prepare_v2(db_of(c), sql, -1, &st, NULL) != SQLITE_OK)
		return fail_db(err, db_of(c), sql);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		rg_grow((void **)rows, &cap, *nrows + 1, sizeof(char *));
		(*rows)[(*nrows)++] = v ? rg_xstrdup((const char *)v) : NULL;
	}
	if (rc != SQLITE_DONE) {
		fail_db(err, db_of(c), sql);
		sqlite3_finalize(st);
		rg_free_rows(*rows, *nrows);
		*rows = NULL;
		*nrows = 0;
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int rg_sqlite_table_exists(struct rg_conn *c, const char *table, bool *out,
			   struct rg_error *err)
{
	sqlite3_stmt *st;
	const char *sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1";
	if (sqlite3_prepare_v2(db_of(c), sql, -1, &st, NULL) != SQLITE_OK)
		return fail_db(err, db_of(c), "reading sqlite_master");
	if (sqlite3_bind_text(st, 1, table, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_finalize(st);
		return fail_db(err, db_of(c), "reading sqlite_master");
	}
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(err, db_of(c), "reading sqlite_master");
	*out = rc == SQLITE_ROW;
	return 0;
}

/* BEGIN IMMEDIATE takes the write lock at once, so two deployers queue
 * here (busy timeout) rather than fail later on a lock upgrade. */
int rg_sqlite_begin(struct rg_conn *c, struct rg_error *err)
{
	return rg_sqlite_exec(c, "BEGIN IMMEDIATE", err);
}

int rg_sqlite_commit(struct rg_conn *c, struct rg_error *err)
{
	return rg_sqlite_exec(c, "COMMIT", err);
}

int rg_sqlite_rollback(struct rg_conn *c, struct rg_error *err)
{
	return rg_sqlite_exec(c, "ROLLBACK", err);
}

/* Held for a whole upgrade or downgrade, across the per-revision
 * transactions: flock(2) on the database file, which does not interfere
 * with SQLite's own fcntl(2) locks. */
int rg_sqlite_lock(struct rg_conn *base, struct rg_error *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	if (!*c->path)
		return 0;
	if (c->lock_fd < 0) {
		c->lock_fd = open(c->path, O_RDONLY | O_CLOEXEC);
		if (c->lock_fd < 0)
			return rg_error_set(err, "%s: %s", c->path, strerror(errno));
	}
	while (flock(c->lock_fd, LOCK_EX) != 0)
		if (errno != EINTR)
			return rg_error_set(err, "%s: cannot lock: %s", c->path, strerror(errno));
	return 0;
}

int rg_sqlite_unlock(struct rg_conn *base, struct rg_error *err)
{
	struct sqlite_conn *c = (struct sqlite_conn *)base;
	if (c->lock_fd >= 0 && flock(c->lock_fd, LOCK_UN) != 0)
		return rg_error_set(err, "%s: cannot unlock: %s", c->path, strerror(errno));
	return 0;
}

int rg_sqlite_fk_off(struct rg_conn *c, struct rg_error *err)
{
	return rg_sqlite_exec(c, "PRAGMA foreign_keys = OFF", err);
}

int rg_sqlite_fk_on(struct rg_conn *c, struct rg_error *err)
{
	return rg_sqlite_exec(c, "PRAGMA foreign_keys = ON", err);
}

int rg_sqlite_fk_check(struct rg_conn *c, struct rg_error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_of(c), "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return fail_db(err, db_of(c), "PRAGMA foreign_key_check");
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		long long rowid = sqlite3_column_int64(st, 1);
		const char *parent = (const char *)sqlite3_column_text(st, 2);
		rg_error_set(err,
			     "the revision would leave row %lld of %s pointing at a missing row of %s "
			     "(PRAGMA foreign_key_check); it was not committed",
			     rowid, t ? t : "?", parent ? parent : "?");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_db(err, db_of(c), "PRAGMA foreign_key_check");
	return 0;
}

/* ---- reading the CREATE TABLE text ---- */

struct tok {
	const char *s; /* in the SQL text */
	size_t len;
	char kind; /* 'w' word/identifier, 's' string, 'p' punctuation */
	char *ident; /* unquoted identifier for 'w' (malloc'd) */
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

static void toks_free(struct toks *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		free(ts->t[i].ident);
	free(ts->t);
}

static void tokenize(const char *sql, struct toks *ts)
{
	memset(ts, 0, sizeof(*ts));
	const char *p = sql;
	while (*p) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		rg_grow((void **)&ts->t, &ts->cap, ts->n + 1, sizeof(struct tok));
		struct tok *t = &ts->t[ts->n++];
		memset(t, 0, sizeof(*t));
		t->s = p;
		if (*p == '"' || *p == '`' || *p == '[' || *p == '\'') {
			char close = *p == '[' ? ']' : *p;
			struct rg_buf id = RG_BUF_INIT;
			p++;
			while (*p) {
				if (*p == close) {
					if (close != ']' && p[1] == close) {
						rg_buf_addc(&id, close);
						p += 2;
						continue;
					}
					p++;
					break;
				}
				rg_buf_addc(&id, *p++);
			}
			t->kind = close == '\'' ? 's' : 'w';
			t->ident = rg_buf_detach(&id);
		} else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
			while (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80 || *p == '$')
				p++;
			t->kind = 'w';
			t->ident = rg_xstrndup(t->s, (size_t)(p - t->s));
		} else {
			t->kind = 'p';
			p++;
		}
		t->len = (size_t)(p - t->s);
	}
}

static bool is_word(const struct tok *t, const char *w)
{
	return t->kind == 'w' && t->s[0] != '"' && t->s[0] != '`' && t->s[0] != '[' &&
	       strcasecmp(t->ident, w) == 0;
}

static bool is_punct(const struct tok *t, char c)
{
	return t->kind == 'p' && t->s[0] == c;
}

/* Index of the token closing the '(' at i, or n. */
static size_t matching(const struct toks *ts, size_t i)
{
	int depth = 0;
	for (size_t k = i; k < ts->n; k++) {
		if (is_punct(&ts->t[k], '('))
			depth++;
		else if (is_punct(&ts->t[k], ')') && --depth == 0)
			return k;
	}
	return ts->n;
}

/* What the text says that pragmas do not. */
struct parsed {
	struct named {
		char *name;   /* NULL when unnamed */
		char kind;    /* 'u' unique, 'f' foreign key, 'c' check, 'p' pk,
			       * 'l' a column's COLLATE, 'g' a generated column's
			       * expression, 'n' a column's NOT NULL */
		char **cols;  /* for 'u', 'f', 'l', 'g' and 'n' (the column);
			       * for 'p' at table level */
		size_t ncols;
		char *expr;   /* for 'c'; for 'l' the collation; for 'g'; for
			       * 'f' the table it references */
		/* for 'f': DEFERRABLE [INITIALLY DEFERRED], which
		 * pragma_foreign_key_list does not tell */
		bool deferrable, deferred;
		/* for 'p', 'u' and 'n': the word of ON CONFLICT <word>, which
		 * no pragma tells; NULL when none */
		char *conflict;
		bool used;
	} *items;
	size_t n, cap;
	char *autoinc_col;
	bool without_rowid, strict; /* the table options after the ')' */
};

static void parsed_free(struct parsed *pd)
{
	for (size_t i = 0; i < pd->n; i++) {
		free(pd->items[i].name);
		for (size_t k = 0; k < pd->items[i].ncols; k++)
			free(pd->items[i].cols[k]);
		free(pd->items[i].cols);
		free(pd->items[i].expr);
		free(pd->items[i].conflict);
	}
	free(pd->items);
	free(pd->autoinc_col);
}

static struct named *parsed_add(struct parsed *pd, const char *name, char kind)
{
	rg_grow((void **)&pd->items, &pd->cap, pd->n + 1, sizeof(struct named));
	struct named *it = &pd->items[pd->n++];
	memset(it, 0, sizeof(*it));
	it->name = name ? rg_xstrdup(name) : NULL;
	it->kind = kind;
	return it;
}

/* Reads "( a, b )" at i into the item's columns; returns the index after. */
static size_t read_cols(const struct toks *ts, size_t i, struct named *it)
{
	size_t end = matching(ts, i);
	size_t cap = 0;
	for (size_t k = i + 1; k < end; k++) {
		if (ts->t[k].kind != 'w')
			continue;
		/* "col COLLATE x ASC": only the first word of each item */
		if (k > i + 1 && !is_punct(&ts->t[k - 1], ',') && !is_punct(&ts->t[k - 1], '('))
			continue;
		rg_grow((void **)&it->cols, &cap, it->ncols + 1, sizeof(char *));
		it->cols[it->ncols++] = rg_xstrdup(ts->t[k].ident);
	}
	return end < ts->n ? end + 1 : end;
}

static char *text_between(const struct toks *ts, size_t open)
{
	size_t close = matching(ts, open);
	if (close >= ts->n)
		return rg_xstrdup("");
	const char *s = ts->t[open].s + 1;
	const char *e = ts->t[close].s;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return rg_xstrndup(s, (size_t)(e - s));
}

/* One item of the table body: [CONSTRAINT name] table-constraint, or a
 * column definition with its column constraints. */
static void parse_item(const struct toks *ts, size_t s, size_t e,
		       struct parsed *pd)
{
	if (s >= e)
		return;
	const char *cname = NULL;
	size_t i = s;
	bool table_level = is_word(&ts->t[i], "CONSTRAINT") || is_word(&ts->t[i], "PRIMARY") ||
			   is_word(&ts->t[i], "UNIQUE") || is_word(&ts->t[i], "CHECK") ||
			   is_word(&ts->t[i], "FOREIGN");
	const char *column = NULL;
	/* the foreign key a DEFERRABLE after it belongs to, and the key or
	 * NOT NULL an ON CONFLICT after it belongs to (indexes: parsed_add
	 * may move the items) */
	size_t fk = SIZE_MAX, keyed = SIZE_MAX;
	if (!table_level) {
		column = ts->t[i].ident;
		i++;
	}
	for (; i < e; i++) {
		const struct tok *t = &ts->t[i];
		if (is_word(t, "CONSTRAINT") && i + 1 < e) {
			cname = ts->t[++i].ident;
		} else if (is_word(t, "PRIMARY")) {
			/* a column's PRIMARY KEY: pragma_table_xinfo says its
			 * column; the item holds its ON CONFLICT */
			struct named *it = parsed_add(pd, column ? NULL : cname, 'p');
			keyed = pd->n - 1;
			if (!column && i + 2 < e && is_punct(&ts->t[i + 2], '('))
				i = read_cols(ts, i + 2, it) - 1;
			cname = NULL;
		} else if (is_word(t, "NOT") && column && i + 1 < e && is_word(&ts->t[i + 1], "NULL")) {
			struct named *it = parsed_add(pd, NULL, 'n');
			keyed = pd->n - 1;
			it->cols = rg_xcalloc(1, sizeof(char *));
			it->cols[0] = rg_xstrdup(column);
			it->ncols = 1;
			i++;
		} else if (is_word(t, "ON") && i + 2 < e && is_word(&ts->t[i + 1], "CONFLICT") &&
			   ts->t[i + 2].kind == 'w') {
			/* ON CONFLICT follows only NOT NULL, PRIMARY KEY and
			 * UNIQUE (ON DELETE/UPDATE are a foreign key's) */
			if (keyed != SIZE_MAX) {
				char *w = rg_xstrdup(ts->t[i + 2].ident);
				for (char *p = w; *p; p++)
					*p = (char)toupper((unsigned char)*p);
				free(pd->items[keyed].conflict);
				pd->items[keyed].conflict = w;
			}
			i += 2;
		} else if (is_word(t, "COLLATE") && column && i + 1 < e && ts->t[i + 1].ident) {
			struct named *it = parsed_add(pd, NULL, 'l');
			it->cols = rg_xcalloc(1, sizeof(char *));
			it->cols[0] = rg_xstrdup(column);
			it->ncols = 1;
			it->expr = rg_xstrdup(ts->t[++i].ident);
		} else if (is_word(t, "AUTOINCREMENT") && column) {
			free(pd->autoinc_col);
			pd->autoinc_col = rg_xstrdup(column);
		} else if (is_word(t, "UNIQUE")) {
			struct named *it = parsed_add(pd, cname, 'u');
			keyed = pd->n - 1;
			if (column) {
				it->cols = rg_xcalloc(1, sizeof(char *));
				it->cols[0] = rg_xstrdup(column);
				it->ncols = 1;
			} else if (i + 1 < e && is_punct(&ts->t[i + 1], '(')) {
				i = read_cols(ts, i + 1, it) - 1;
			}
			cname = NULL;
		} else if (is_word(t, "CHECK") && i + 1 < e && is_punct(&ts->t[i + 1], '(')) {
			struct named *it = parsed_add(pd, cname, 'c');
			it->expr = text_between(ts, i + 1);
			i = matching(ts, i + 1);
			cname = NULL;
		} else if (is_word(t, "FOREIGN") && i + 2 < e && is_punct(&ts->t[i + 2], '(')) {
			struct named *it = parsed_add(pd, cname, 'f');
			fk = pd->n - 1;
			i = read_cols(ts, i + 2, it) - 1;
			cname = NULL;
		} else if (is_word(t, "REFERENCES")) {
			if (column) {
				struct named *it = parsed_add(pd, cname, 'f');
				fk = pd->n - 1;
				it->cols = rg_xcalloc(1, sizeof(char *));
				it->cols[0] = rg_xstrdup(column);
				it->ncols = 1;
				cname = NULL;
			}
			if (fk != SIZE_MAX && i + 1 < e && ts->t[i + 1].ident && !pd->items[fk].expr)
				pd->items[fk].expr = rg_xstrdup(ts->t[i + 1].ident);
		} else if (is_word(t, "DEFERRABLE") && fk != SIZE_MAX) {
			/* NOT DEFERRABLE [INITIALLY DEFERRED] is checked at once */
			bool on = !(i > s && is_word(&ts->t[i - 1], "NOT"));
			pd->items[fk].deferrable = on;
			pd->items[fk].deferred = on && i + 2 < e && is_word(&ts->t[i + 1], "INITIALLY") &&
						 is_word(&ts->t[i + 2], "DEFERRED");
		} else if (is_word(t, "AS") && column && i + 1 < e && is_punct(&ts->t[i + 1], '(')) {
			/* [GENERATED ALWAYS] AS (expr): only here, in no pragma */
			struct named *it = parsed_add(pd, NULL, 'g');
			it->cols = rg_xcalloc(1, sizeof(char *));
			it->cols[0] = rg_xstrdup(column);
			it->ncols = 1;
			it->expr = text_between(ts, i + 1);
			i = matching(ts, i + 1);
		} else if (is_punct(t, '(')) {
			i = matching(ts, i); /* skip type arguments, DEFAULT (...) */
		}
	}
}

static void parse_create_table(const char *sql, struct parsed *pd)
{
	struct toks ts;
	memset(pd, 0, sizeof(*pd));
	tokenize(sql, &ts);
	size_t open = 0;
	while (open < ts.n && !is_punct(&ts.t[open], '('))
		open++;
	size_t close = matching(&ts, open);
	size_t start = open + 1;
	int depth = 0;
	for (size_t k = open + 1; k <= close && k < ts.n; k++) {
		if (is_punct(&ts.t[k], '('))
			depth++;
		else if (is_punct(&ts.t[k], ')'))
			depth--;
		if ((depth == 0 && is_punct(&ts.t[k], ',')) || k == close) {
			parse_item(&ts, start, k, pd);
			start = k + 1;
		}
	}
	for (size_t k = close + 1; k < ts.n; k++) {
		if (k + 1 < ts.n && is_word(&ts.t[k], "WITHOUT") && is_word(&ts.t[k + 1], "ROWID"))
			pd->without_rowid = true;
		if (is_word(&ts.t[k], "STRICT"))
			pd->strict = true;
	}
	toks_free(&ts);
}

/* The first unused parsed item of this kind with these columns (and,
 * for a foreign key, referencing table ref; NULL: any). */
static struct named *find_named(struct parsed *pd, char kind,
				const char *const *cols, size_t n, const char *ref)
{
	for (size_t i = 0; i < pd->n; i++) {
		struct named *it = &pd->items[i];
		if (it->used || it->kind != kind || it->ncols != n ||
		    (ref && it->expr && strcasecmp(it->expr, ref) != 0))
			continue;
		bool eq = true;
		for (size_t k = 0; k < n; k++)
			if (strcasecmp(it->cols[k], cols[k]) != 0)
				eq = false;
		if (eq) {
			it->used = true;
			return it;
		}
	}
	return NULL;
}

/* ---- introspection ---- */

static bool is_excluded(const struct rg_introspect_opts *o, const char *name)
{
	for (size_t i = 0; o && i < o->nexclude; i++)
		if (rg_glob_match(o->exclude[i], name))
			return true;
	return false;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A prepared statement over a table-valued pragma, bound to one name. */
static int pragma(sqlite3 *db, sqlite3_stmt **st, const char *sql,
		  const char *arg, struct rg_error *err)
{
	if (!*st && sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return fail_db(err, db, sql);
	if (sqlite3_reset(*st) != SQLITE_OK || sqlite3_clear_bindings(*st) != SQLITE_OK ||
	    sqlite3_bind_text(*st, 1, arg, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return fail_db(err, db, sql);
	return 0;
}

/*
 * The text of key part `nth` of a CREATE INDEX statement, without its
 * COLLATE and ASC/DESC (malloc'd; NULL when the text has no such part).
 * SQLite keeps an expression only as written, so that is where it is.
 */
static char *index_part_text(const char *sql, size_t nth)
{
	struct toks ts;
	tokenize(sql, &ts);
	char *out = NULL;
	size_t i = 0;
	while (i < ts.n && !is_word(&ts.t[i], "ON"))
		i++;
	while (i < ts.n && !is_punct(&ts.t[i], '('))
		i++;
	size_t close = matching(&ts, i), start = i + 1, part = 0;
	int depth = 0;
	for (size_t k = start; i < ts.n && k <= close && k < ts.n; k++) {
		if (is_punct(&ts.t[k], '('))
			depth++;
		else if (is_punct(&ts.t[k], ')') && k != close)
			depth--;
		if (k != close && !(depth == 0 && is_punct(&ts.t[k], ',')))
			continue;
		if (part++ == nth) {
			size_t end = k;
			if (end > start && (is_word(&ts.t[end - 1], "ASC") || is_word(&ts.t[end - 1], "DESC")))
				end--;
			if (end > start + 2 && is_word(&ts.t[end - 2], "COLLATE"))
				end -= 2;
			if (end > start)
				out = rg_xstrndup(ts.t[start].s, (size_t)(ts.t[end - 1].s + ts.t[end - 1].len -
									  ts.t[start].s));
			break;
		}
		start = k + 1;
	}
	toks_free(&ts);
	return out;
}

/*
 * The key parts of an index (struct rg_index), and in *opaque why no model
 * can declare it (an expression revgen cannot read, or in a COLLATE of its
 * own), or NULL.  sql is the index's CREATE INDEX, NULL for one a
 * constraint made (no expressions there).  With t, a column part says the
 * collation the index has when it is not the column's (xinfo gives the
 * one in effect, the column's when the index names none); without (a
 * UNIQUE constraint's, plain names to the models), never.
 */
static int read_index_cols(sqlite3 *db, sqlite3_stmt **st, struct rg_schema *s,
			   const struct rg_table *t, const char *index, const char *sql,
			   const char ***cols, size_t *n, const char **opaque,
			   struct rg_error *err)
{
	if (pragma(db, st, "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(?1) "
		   "WHERE key ORDER BY seqno", index, err) < 0)
		return -1;
	int rc;
	*opaque = NULL;
	while ((rc = sqlite3_step(*st)) == SQLITE_ROW) {
		const char *name = col_text(*st, 1), *coll = col_text(*st, 3);
		bool desc = sqlite3_column_int(*st, 2) != 0;
		struct rg_buf part = RG_BUF_INIT;
		const struct rg_column *c = name && t ? rg_table_find_column(t, name) : NULL;
		const char *own = c && c->collation ? c->collation : "BINARY";
		bool coll_said = coll && c && strcasecmp(coll, own) != 0 && !strchr(coll, '"');
		if (name) {
			rg_buf_add(&part, name);
			if (coll_said)
				rg_buf_addf(&part, " COLLATE \"%s\"", coll);
		} else {
			char *text = sql ? index_part_text(sql, *n) : NULL;
			rg_buf_addf(&part, "(%s)", text ? text : "<expression>");
			if (!text)
				*opaque = "an expression revgen cannot read";
			free(text);
		}
		if (desc)
			rg_buf_add(&part, " DESC");
		rg_names_push(s, cols, n, rg_buf_str(&part));
		rg_buf_free(&part);
		if (coll && strcasecmp(coll, c ? own : "BINARY") != 0 && !coll_said && !*opaque)
			*opaque = rg_arena_printf(s->arena, "COLLATE %s", coll);
	}
	if (rc != SQLITE_DONE)
		return fail_db(err, db, index);
	return 0;
}

static enum rg_fk_action fk_action(const char *s)
{
	enum rg_fk_action a = RG_FK_NO_ACTION;
	if (s)
		rg_fk_action_parse(s, &a);
	return a;
}

/* The WHERE of a partial index, from its CREATE INDEX text. */
static char *index_where(const char *sql)
{
	if (!sql)
		return NULL;
	struct toks ts;
	tokenize(sql, &ts);
	char *out = NULL;
	int depth = 0;
	for (size_t i = 0; i < ts.n; i++) {
		if (is_punct(&ts.t[i], '('))
			depth++;
		else if (is_punct(&ts.t[i], ')'))
			depth--;
		else if (depth == 0 && is_word(&ts.t[i], "WHERE") && i + 1 < ts.n) {
			const char *s = ts.t[i + 1].s;
			size_t len = strlen(s);
			while (len > 0 && (isspace((unsigned char)s[len - 1]) || s[len - 1] == ';'))
				len--;
			out = rg_xstrndup(s, len);
			break;
		}
	}
	toks_free(&ts);
	return out;
}

/*
 * Every CREATE INDEX text of the database, by index name, read once: asked
 * of sqlite_master per index, which has no index on name, the reader went
 * through the whole schema table for each one (tables x indexes rows).
 */
struct index_sql {
	const char *name, *sql;
};
struct index_sqls {
	struct index_sql *v;
	size_t n;
};

static int cmp_index_sql(const void *a, const void *b)
{
	return strcmp(((const struct index_sql *)a)->name, ((const struct index_sql *)b)->name);
}

static int read_index_sqls(sqlite3 *db, struct rg_schema *s, struct index_sqls *out,
			   struct rg_error *err)
{
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	int rc;
	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master "
			       "WHERE type = 'index' AND sql IS NOT NULL", -1, &q, NULL) != SQLITE_OK)
		return fail_db(err, db, "reading sqlite_master");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (!col_text(q, 0) || !col_text(q, 1))
			continue;
		rg_grow((void **)&out->v, &cap, out->n + 1, sizeof(*out->v));
		out->v[out->n++] = (struct index_sql){rg_arena_strdup(s->arena, col_text(q, 0)),
						      rg_arena_strdup(s->arena, col_text(q, 1))};
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return fail_db(err, db, "reading sqlite_master");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_index_sql);
	return 0;
}

static const char *index_sql_of(const struct index_sqls *ix, const char *name)
{
	struct index_sql key = {name, NULL};
	const struct index_sql *hit = ix->n ? bsearch(&key, ix->v, ix->n, sizeof(*ix->v),
						      cmp_index_sql) : NULL;
	return hit ? hit->sql : NULL;
}

/*
 * An ON CONFLICT clause, in rg_table.unsaid: no model says one, so
 * `inspect --format c` names it, and a rebuild keeps it (emit/sqlite.c).
 */
static void unsaid_conflict(struct rg_schema *s, struct rg_table *t, const char *what,
			    const char *column, const char *word)
{
	const char *phrase = column ? rg_arena_printf(s->arena, "%s %s ON CONFLICT %s", what,
						      column, word)
				    : rg_arena_printf(s->arena, "%s ON CONFLICT %s", what, word);
	rg_names_push(s, &t->unsaid, &t->nunsaid, phrase);
}

static int read_table(sqlite3 *db, struct rg_schema *s, const char *name,
		      const char *sql, const struct index_sqls *ix, sqlite3_stmt **st,
		      struct rg_error *err)
{
	struct rg_table *t = rg_schema_add_table(s, name);
	struct parsed pd;
	parse_create_table(sql ? sql : "", &pd);
	int rc;
	t->without_rowid = pd.without_rowid;
	t->strict = pd.strict;

	/* columns and the primary key */
	/* table_xinfo, not table_info: only it lists generated columns
	 * (hidden 2 VIRTUAL, 3 STORED) */
	if (pragma(db, &st[0], "SELECT name, type, \"notnull\", dflt_value, pk, hidden "
		   "FROM pragma_table_xinfo(?1) WHERE hidden IN (0, 2, 3) ORDER BY cid",
		   name, err) < 0)
		goto fail;
	size_t npk = 0;
	struct rg_column *pkcols[64];
	int pkpos[64];
	while ((rc = sqlite3_step(st[0])) == SQLITE_ROW) {
		struct rg_column *c = rg_table_add_column(s, t, col_text(st[0], 0));
		c->type = rg_arena_strdup(s->arena, col_text(st[0], 1) ? col_text(st[0], 1) : "");
		c->not_null = sqlite3_column_int(st[0], 2) != 0;
		c->default_expr = rg_arena_strdup(s->arena, col_text(st[0], 3));
		int pk = sqlite3_column_int(st[0], 4);
		if (pk > 0 && npk < RG_ARRAY_LEN(pkcols)) {
			pkcols[npk] = c;
			pkpos[npk++] = pk;
		}
		if (pd.autoinc_col && strcasecmp(pd.autoinc_col, c->name) == 0)
			c->autoincrement = true;
		/* the text alone says a column's collation (BINARY when none) */
		for (size_t i = 0; i < pd.n; i++)
			if (pd.items[i].kind == 'l' && strcasecmp(pd.items[i].cols[0], c->name) == 0)
				c->collation = rg_arena_strdup(s->arena, pd.items[i].expr);
		for (size_t i = 0; i < pd.n; i++)
			if (pd.items[i].kind == 'n' && pd.items[i].conflict &&
			    strcasecmp(pd.items[i].cols[0], c->name) == 0) {
				c->not_null_on_conflict = rg_arena_strdup(s->arena, pd.items[i].conflict);
				unsaid_conflict(s, t, "NOT NULL of column", c->name, pd.items[i].conflict);
			}
		int hidden = sqlite3_column_int(st[0], 5);
		if (hidden == 2 || hidden == 3) {
			const char *cname = c->name;
			struct named *g = find_named(&pd, 'g', &cname, 1, NULL);
			if (!g) {
				rg_error_set(err, "%s.%s: a generated column whose expression is not "
					     "in the table's CREATE TABLE text", name, c->name);
				goto fail;
			}
			c->generated = rg_arena_strdup(s->arena, g->expr);
			c->generated_virtual = hidden == 2;
		}
	}
	if (rc != SQLITE_DONE) {
		fail_db(err, db, name);
		goto fail;
	}
	/* SQLite lets a key column hold NULL (an old bug kept for
	 * compatibility), except where it cannot: the INTEGER PRIMARY KEY
	 * that is the rowid, and every key column of a WITHOUT ROWID table.
	 * Those are NOT NULL whatever the declaration says. */
	for (size_t i = 0; i < npk; i++)
		if (pd.without_rowid || (npk == 1 && strcasecmp(pkcols[i]->type, "INTEGER") == 0))
			pkcols[i]->not_null = true;
	if (npk) {
		struct named *it = NULL;
		for (size_t i = 0; i < pd.n; i++)
			if (pd.items[i].kind == 'p')
				it = &pd.items[i];
		struct rg_pk *pk = rg_table_set_pk(s, t, it ? it->name : NULL);
		for (int pos = 1; pos <= (int)npk; pos++)
			for (size_t i = 0; i < npk; i++)
				if (pkpos[i] == pos)
					rg_names_push(s, &pk->cols, &pk->ncols, pkcols[i]->name);
		if (it && it->conflict) {
			pk->on_conflict = rg_arena_strdup(s->arena, it->conflict);
			unsaid_conflict(s, t, "PRIMARY KEY", NULL, it->conflict);
		}
	}

	/* indexes and unique constraints */
	if (pragma(db, &st[1], "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY name",
		   name, err) < 0)
		goto fail;
	while ((rc = sqlite3_step(st[1])) == SQLITE_ROW) {
		const char *iname = col_text(st[1], 0);
		const char *origin = col_text(st[1], 2);
		if (!iname || !origin || strcmp(origin, "pk") == 0)
			continue;
		const char **cols = NULL, *opaque;
		size_t ncols = 0;
		const char *isql = NULL;
		if (strcmp(origin, "c") == 0)
			isql = index_sql_of(ix, iname);
		if (read_index_cols(db, &st[2], s, strcmp(origin, "u") == 0 ? NULL : t, iname, isql,
				    &cols, &ncols, &opaque, err) < 0)
			goto fail;
		if (strcmp(origin, "u") == 0) {
			struct named *it = find_named(&pd, 'u', cols, ncols, NULL);
			struct rg_unique *u = rg_table_add_unique(s, t, it ? it->name : NULL);
			u->cols = cols;
			u->ncols = ncols;
			if (it && it->conflict) {
				u->on_conflict = rg_arena_strdup(s->arena, it->conflict);
				struct rg_buf what = RG_BUF_INIT;
				rg_buf_add(&what, "UNIQUE (");
				for (size_t k = 0; k < ncols; k++)
					rg_buf_addf(&what, "%s%s", k ? ", " : "", cols[k]);
				rg_buf_addc(&what, ')');
				unsaid_conflict(s, t, rg_buf_str(&what), NULL, it->conflict);
				rg_buf_free(&what);
			}
		} else {
			struct rg_index *x = rg_table_add_index(s, t, iname);
			x->unique = sqlite3_column_int(st[1], 1) != 0;
			x->cols = cols;
			x->ncols = ncols;
			x->opaque = opaque;
			/* a rebuild of the table must put it back as it was, and
			 * only its SQL says all of it */
			if (opaque && isql)
				rg_table_add_dependent(s, t, "INDEX", iname, isql);
			if (sqlite3_column_int(st[1], 3)) {
				char *w = index_where(isql);
				x->where = rg_arena_strdup(s->arena, w);
				free(w);
			}
		}
	}
	if (rc != SQLITE_DONE) {
		fail_db(err, db, name);
		goto fail;
	}

	/* foreign keys: rows grouped by id, in seq order */
	if (pragma(db, &st[3], "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
		   name, err) < 0)
		goto fail;
	struct rg_fk *fk = NULL;
	int last = -1;
	while ((rc = sqlite3_step(st[3])) == SQLITE_ROW) {
		int id = sqlite3_column_int(st[3], 0);
		if (id != last) {
			fk = rg_table_add_fk(s, t, NULL);
			fk->ref_table = rg_arena_strdup(s->arena, col_text(st[3], 1));
			fk->on_update = fk_action(col_text(st[3], 4));
			fk->on_delete = fk_action(col_text(st[3], 5));
			last = id;
		}
		size_t n = fk->ncols;
		rg_names_push(s, &fk->cols, &fk->ncols, col_text(st[3], 2));
		/* "REFERENCES t" without columns means t's primary key */
		const char *to = col_text(st[3], 3);
		rg_names_push(s, &fk->ref_cols, &n, to ? to : "");
	}
	if (rc != SQLITE_DONE) {
		fail_db(err, db, name);
		goto fail;
	}
	/* SQLite lists foreign keys last-declared first: match names and
	 * deferral by columns and referenced table, in declaration order
	 * (two keys on the same columns may reference different tables, or
	 * the same one) */
	for (size_t i = t->nfks; i-- > 0;) {
		struct rg_fk *f = t->fks[i];
		struct named *it = find_named(&pd, 'f', f->cols, f->ncols, f->ref_table);
		if (it && it->name)
			f->name = rg_arena_strdup(s->arena, it->name);
		if (it) {
			f->deferrable = it->deferrable;
			f->initially_deferred = it->deferred;
		}
	}
	for (size_t i = 0; i < pd.n; i++)
		if (pd.items[i].kind == 'c') {
			struct rg_check *ck = rg_table_add_check(s, t, pd.items[i].name);
			ck->expr = rg_arena_strdup(s->arena, pd.items[i].expr);
		}
	parsed_free(&pd);
	return 0;
fail:
	parsed_free(&pd);
	return -1;
}

/* The table SQLite takes name for: letters compared without case
 * ("REFERENCES Users" is the table USERS). */
static const struct rg_table *find_table(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (rg_name_same(RG_NAMES_ANY_CASE, s->tables[i]->name, name))
			return s->tables[i];
	return NULL;
}

/* Resolves "REFERENCES t" without columns to t's primary key. */
static void resolve_fk_targets(struct rg_schema *s)
{
	for (size_t i = 0; i < s->ntables; i++)
		for (size_t k = 0; k < s->tables[i]->nfks; k++) {
			struct rg_fk *f = s->tables[i]->fks[k];
			const struct rg_table *ref = find_table(s, f->ref_table);
			for (size_t c = 0; c < f->ncols; c++)
				if (!*f->ref_cols[c] && ref && ref->pk && c < ref->pk->ncols)
					f->ref_cols[c] = ref->pk->cols[c];
		}
}

/* A view or trigger of the database, with the words of its SQL. */
struct object {
	char *kind, *name, *on, *sql; /* on: the table a trigger is on */
	struct toks toks;
	bool taken;
};

/* Does obj name `name`: a trigger on it, or a word of its SQL? */
static bool names(const struct object *obj, const char *name)
{
	if (obj->on && strcasecmp(obj->on, name) == 0)
		return true;
	for (size_t i = 0; i < obj->toks.n; i++)
		if (obj->toks.t[i].kind == 'w' && strcasecmp(obj->toks.t[i].ident, name) == 0)
			return true;
	return false;
}

/*
 * Gives each table the views and triggers a rebuild must drop and
 * recreate: those that name it, and, again and again, those that name one
 * of them (a rebuild's RENAME fails on a view of a view of the table as
 * much as on a view of it).  A word of the SQL is a name: a column or
 * alias spelled like the table only costs a view recreated as it was.
 */
static int read_dependents(sqlite3 *db, struct rg_schema *s, struct rg_error *err)
{
	sqlite3_stmt *st;
	const char *sql = "SELECT upper(type), name, tbl_name, sql FROM sqlite_master "
			  "WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY rowid";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail_db(err, db, "reading sqlite_master");
	struct object *objs = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rg_grow((void **)&objs, &cap, n + 1, sizeof(*objs));
		struct object *o = &objs[n++];
		memset(o, 0, sizeof(*o));
		o->kind = rg_xstrdup(col_text(st, 0) ? col_text(st, 0) : "");
		o->name = rg_xstrdup(col_text(st, 1) ? col_text(st, 1) : "");
		if (strcmp(o->kind, "TRIGGER") == 0 && col_text(st, 2))
			o->on = rg_xstrdup(col_text(st, 2));
		o->sql = rg_xstrdup(col_text(st, 3) ? col_text(st, 3) : "");
		tokenize(o->sql, &o->toks);
	}
	if (rc != SQLITE_DONE)
		fail_db(err, db, "reading sqlite_master");
	sqlite3_finalize(st);
	for (size_t i = 0; rc == SQLITE_DONE && n && i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		for (size_t k = 0; k < n; k++)
			objs[k].taken = names(&objs[k], t->name);
		for (bool more = true; more;) {
			more = false;
			for (size_t k = 0; k < n; k++)
				for (size_t j = 0; !objs[k].taken && j < n; j++)
					if (objs[j].taken && strcmp(objs[j].kind, "VIEW") == 0 &&
					    names(&objs[k], objs[j].name))
						more = objs[k].taken = true;
		}
		for (size_t k = 0; k < n; k++)
			if (objs[k].taken)
				rg_table_add_dependent(s, t, objs[k].kind, objs[k].name, objs[k].sql);
	}
	for (size_t k = 0; k < n; k++) {
		free(objs[k].kind);
		free(objs[k].name);
		free(objs[k].on);
		free(objs[k].sql);
		toks_free(&objs[k].toks);
	}
	free(objs);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The query of a CREATE VIEW statement: the text after its AS (SQLite
 * keeps the statement as it was written); NULL when the text is not one.
 */
static const char *view_query(const struct toks *ts)
{
	size_t i = 0;
	if (i < ts->n && is_word(&ts->t[i], "CREATE"))
		i++;
	if (i < ts->n && (is_word(&ts->t[i], "TEMP") || is_word(&ts->t[i], "TEMPORARY")))
		i++;
	if (i >= ts->n || !is_word(&ts->t[i++], "VIEW"))
		return NULL;
	if (i + 2 < ts->n && is_word(&ts->t[i], "IF") && is_word(&ts->t[i + 1], "NOT") &&
	    is_word(&ts->t[i + 2], "EXISTS"))
		i += 3;
	i++; /* the name */
	if (i + 1 < ts->n && is_punct(&ts->t[i], '.'))
		i += 2; /* schema.name */
	if (i < ts->n && is_punct(&ts->t[i], '('))
		i = matching(ts, i) + 1;
	if (i + 1 >= ts->n || !is_word(&ts->t[i], "AS"))
		return NULL;
	return ts->t[i + 1].s;
}

/*
 * The views of the database (struct rg_schema's views), each with its
 * query and the columns SQLite reports for it with their declared types;
 * a view SQLite cannot prepare any more (a column gone under it) has
 * none, which the differ then does not compare.
 */
static int read_views(sqlite3 *db, struct rg_schema *s, const struct rg_introspect_opts *o,
		      struct rg_error *err)
{
	sqlite3_stmt *st, *cols = NULL;
	const char *sql = "SELECT name, sql FROM sqlite_master WHERE type = 'view' "
			  "AND sql IS NOT NULL ORDER BY name";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail_db(err, db, "reading sqlite_master");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = col_text(st, 0), *text = col_text(st, 1);
		if (!name || !text || is_excluded(o, name))
			continue;
		struct toks ts;
		tokenize(text, &ts);
		const char *q = view_query(&ts);
		struct rg_table *v = q ? rg_schema_add_view(s, name, q) : NULL;
		toks_free(&ts);
		if (!v)
			continue;
		if (!cols && sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info(?1) "
						"ORDER BY cid", -1, &cols, NULL) != SQLITE_OK)
			break;
		if (sqlite3_reset(cols) != SQLITE_OK || sqlite3_clear_bindings(cols) != SQLITE_OK ||
		    sqlite3_bind_text(cols, 1, name, -1, SQLITE_TRANSIENT) != SQLITE_OK)
			break;
		int r;
		while ((r = sqlite3_step(cols)) == SQLITE_ROW) {
			struct rg_column *c = rg_table_add_column(s, v, col_text(cols, 0) ? col_text(cols, 0) : "");
			c->type = rg_arena_strdup(s->arena, col_text(cols, 1) ? col_text(cols, 1) : "");
		}
		/* an error here is the view's own (it reads what is gone): its
		 * columns are left unknown; the reset returns that same error
		 * again, and leaves the statement ready for the next view */
		if (r != SQLITE_DONE) {
			v->ncolumns = 0;
			(void)sqlite3_reset(cols);
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		fail_db(err, db, "reading sqlite_master");
	else if (rc == SQLITE_ROW)
		fail_db(err, db, "reading a view's columns");
	sqlite3_finalize(st);
	sqlite3_finalize(cols);
	return rc == SQLITE_DONE ? 0 : -1;
}

int rg_sqlite_introspect(struct rg_conn *c, const struct rg_introspect_opts *o,
			 struct rg_schema **out, struct rg_error *err)
{
	sqlite3 *db = db_of(c);
	sqlite3_stmt *tables = NULL, *st[4] = {NULL};
	struct rg_schema *s = rg_schema_new();
	struct index_sqls ix = {NULL, 0};
	int rc = -1, r;
	if (read_index_sqls(db, s, &ix, err) < 0)
		goto out;
	const char *sql = "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
			  "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
	if (sqlite3_prepare_v2(db, sql, -1, &tables, NULL) != SQLITE_OK) {
		fail_db(err, db, "reading sqlite_master");
		goto out;
	}
	while ((r = sqlite3_step(tables)) == SQLITE_ROW) {
		const char *name = col_text(tables, 0);
		if (!name || is_excluded(o, name))
			continue;
		if (read_table(db, s, name, col_text(tables, 1), &ix, st, err) < 0)
			goto out;
	}
	if (r != SQLITE_DONE) {
		fail_db(err, db, "reading sqlite_master");
		goto out;
	}
	resolve_fk_targets(s);
	if (read_dependents(db, s, err) < 0 || read_views(db, s, o, err) < 0)
		goto out;
	rg_schema_sort(s);
	*out = s;
	s = NULL;
	rc = 0;
out:
	free(ix.v);
	sqlite3_finalize(tables);
	for (size_t i = 0; i < RG_ARRAY_LEN(st); i++)
		sqlite3_finalize(st[i]);
	rg_schema_free(s);
	return rc;
}
