/*
 * rules.c - the rules of `revgen lint` on the upgrade section of a
 * revision (docs/lint.md lists them).  The downgrade is read only to see
 * whether it undoes the upgrade (undo.c) and for the type a column had
 * before: a downgrade drops what the upgrade created by design, so its
 * drops are not findings.
 *
 * A table created earlier in the same section is new: nothing reads it
 * yet and it holds no rows, so no lock, data or compatibility rule
 * applies to it.  SQLite's rebuild (create a copy, copy the rows, drop,
 * rename: emit/sqlite.c and SQLite's own procedure) is one change of the
 * table it rebuilds, not a drop and a rename.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/compare.h"
#include "lint/lint-internal.h"
#include "runner/split.h"

static const struct rg_lint_rule rules[] = {
	{"drop-table", "destructive", RG_LINT_ERROR,
	 "copy the data elsewhere first; drop it in a later release, once no running code reads it"},
	{"drop-column", "destructive", RG_LINT_ERROR,
	 "stop reading and writing the column in one release, drop it in the next"},
	{"narrowing-type", "destructive", RG_LINT_ERROR,
	 "check the values fit first (lint with the database reachable), or widen instead"},
	{"add-not-null", "data", RG_LINT_WARNING,
	 "give the column a DEFAULT, or add it nullable, fill it, then set NOT NULL"},
	{"set-not-null", "data", RG_LINT_WARNING,
	 "fill the NULLs first (UPDATE ... WHERE col IS NULL) in an earlier revision"},
	{"new-unique", "data", RG_LINT_WARNING,
	 "remove the duplicates first, in an earlier revision"},
	{"rename-table", "incompatible", RG_LINT_WARNING,
	 "deploy code that reads both names first (a view of the old name), rename after"},
	{"rename-column", "incompatible", RG_LINT_WARNING,
	 "add the new column and write both, switch readers, drop the old one later"},
	{"pg-create-index", "lock", RG_LINT_WARNING,
	 "CREATE INDEX CONCURRENTLY, in a revision with `-- Transaction: no`"},
	{"pg-drop-index", "lock", RG_LINT_NOTICE,
	 "DROP INDEX CONCURRENTLY, in a revision with `-- Transaction: no`"},
	{"pg-alter-type", "lock", RG_LINT_WARNING,
	 "add a column of the new type, backfill it in batches, switch to it"},
	{"pg-add-column-rewrite", "lock", RG_LINT_WARNING,
	 "add the column without the default, set the default, backfill in batches"},
	{"pg-set-not-null", "lock", RG_LINT_WARNING,
	 "ADD CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+)"},
	{"pg-add-fk", "lock", RG_LINT_WARNING,
	 "add it NOT VALID, then VALIDATE CONSTRAINT in a later statement"},
	{"pg-add-check", "lock", RG_LINT_WARNING,
	 "add it NOT VALID, then VALIDATE CONSTRAINT in a later statement"},
	{"pg-add-unique", "lock", RG_LINT_WARNING,
	 "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX"},
	{"pg-lock-timeout", "lock", RG_LINT_NOTICE,
	 "SET lock_timeout (e.g. '5s') at the start of the revision, and retry on failure"},
	{"mysql-copy", "lock", RG_LINT_WARNING,
	 "a tool that copies online (pt-online-schema-change, gh-ost), or a quiet hour"},
	{"mysql-rebuild", "lock", RG_LINT_NOTICE,
	 "plan for the time and disk of a full copy; writes go on meanwhile"},
	{"sqlite-rebuild", "lock", RG_LINT_WARNING,
	 "plan for the copy: every other writer waits for it"},
	{"tx-concurrently", "hygiene", RG_LINT_ERROR,
	 "add `-- Transaction: no` to the header, or move the statement to a revision that has it"},
	{"downgrade-mismatch", "hygiene", RG_LINT_WARNING,
	 "make downgrade() undo every change of upgrade()"},
	{"ignore-no-reason", "hygiene", RG_LINT_WARNING,
	 "write the reason after the rule: `-- lint-ignore RULE: why`"},
};

const struct rg_lint_rule *rg_lint_rules(size_t *n)
{
	*n = RG_ARRAY_LEN(rules);
	return rules;
}

static const struct rg_lint_rule *rule(const char *id)
{
	for (size_t i = 0; i < RG_ARRAY_LEN(rules); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	abort(); /* a rule id the table lacks is a bug here */
}

const char *rg_lint_severity_name(enum rg_lint_severity s)
{
	return s == RG_LINT_ERROR ? "error" : s == RG_LINT_WARNING ? "warning" : "notice";
}

int rg_lint_severity_parse(const char *s)
{
	for (int v = RG_LINT_NOTICE; v <= RG_LINT_ERROR; v++)
		if (rg_streq(s, rg_lint_severity_name((enum rg_lint_severity)v)))
			return v;
	return -1;
}

void rg_lint_add(struct rg_lint_ctx *x, unsigned line, const char *id, int sev,
		 const char *fmt, ...)
{
	const struct rg_lint_rule *r = rule(id);
	struct rg_lint *l = x->l;
	rg_grow((void **)&l->f, &l->cap, l->n + 1, sizeof(*l->f));
	struct rg_lint_finding *f = &l->f[l->n++];
	memset(f, 0, sizeof(*f));
	f->rev = x->rev;
	f->line = line;
	f->section = x->section;
	f->rule = r->id;
	f->category = r->category;
	f->severity = sev < 0 ? r->severity : (enum rg_lint_severity)sev;
	f->remedy = r->remedy;
	struct rg_buf b = RG_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	rg_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	f->message = rg_arena_strdup(l->arena, rg_buf_str(&b));
	rg_buf_free(&b);
	f->silenced = rg_lint_silenced(x, line, id);
}

/* ---- the section's context ---- */

bool rg_lint_same(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

static bool is_pg(const struct rg_lint_ctx *x)
{
	return strcmp(x->l->dialect->name, "postgresql") == 0;
}

static bool is_mysql(const struct rg_lint_ctx *x)
{
	return strcmp(x->l->dialect->name, "mysql") == 0;
}

/* True when stmts[0..upto) create table t, other than as a rebuild's copy */
static bool created_before(const struct rg_lint_ctx *x, size_t upto, const char *t)
{
	for (size_t i = 0; i < upto; i++) {
		const struct rg_lint_stmt *s = &x->up[i];
		if (s->kind == RG_LK_CREATE_TABLE && rg_lint_same(s->table, t) && !x->role[i])
			return true;
		if (s->kind == RG_LK_RENAME_TABLE && rg_lint_same(s->object, t) && created_before(x, i, s->table))
			return true;
	}
	return false;
}

static bool index_created_before(const struct rg_lint_ctx *x, size_t upto, const char *ix)
{
	for (size_t i = 0; i < upto; i++)
		if (x->up[i].kind == RG_LK_CREATE_INDEX && rg_lint_same(x->up[i].object, ix))
			return true;
	return false;
}

/*
 * Marks SQLite-style rebuilds in x->role: for DROP TABLE t at k, a later
 * ALTER TABLE n RENAME TO t whose n was filled from t (INSERT INTO n ...
 * FROM t) or created in the section.  The copy's CREATE, the INSERT and
 * the RENAME are ROLE_PART; the DROP is ROLE_REBUILD.
 */
static void find_rebuilds(struct rg_lint_ctx *x)
{
	for (size_t k = 0; k < x->nup; k++) {
		const struct rg_lint_stmt *d = &x->up[k];
		if (d->kind != RG_LK_DROP_TABLE)
			continue;
		for (size_t j = k + 1; j < x->nup; j++) {
			const struct rg_lint_stmt *r = &x->up[j];
			bool to_t = (r->kind == RG_LK_ALTER_TABLE && r->nacts == 1 &&
				     r->acts[0].kind == RG_LA_RENAME_TABLE &&
				     rg_lint_same(r->acts[0].new_name, d->table)) ||
				    (r->kind == RG_LK_RENAME_TABLE && rg_lint_same(r->object, d->table));
			if (!to_t)
				continue;
			size_t create = x->nup;
			for (size_t i = 0; i < k; i++)
				if (x->up[i].kind == RG_LK_CREATE_TABLE && rg_lint_same(x->up[i].table, r->table))
					create = i;
			if (create == x->nup)
				break;
			x->role[k] = ROLE_REBUILD;
			x->role[j] = ROLE_PART;
			x->role[create] = ROLE_PART;
			x->copy[k] = create;
			x->fill[k] = x->nup;
			for (size_t i = create; i < k; i++)
				if (x->up[i].kind == RG_LK_INSERT && rg_lint_same(x->up[i].table, r->table)) {
					x->role[i] = ROLE_PART;
					x->fill[k] = i;
				}
			break;
		}
	}
}

/* The column as the database has it now, for a revision that has not
 * run (the type, NULL / NOT NULL, the character set); NULL when it cannot
 * say.  A failed question leaves the answer to the downgrade: the
 * data-dependent rules ask the same database and report its error. */
static const struct rg_lint_action *column_now(const struct rg_lint_ctx *x, const char *table,
					       const char *column)
{
	if (!x->live || !x->l->conn)
		return NULL;
	char *type, *charset;
	bool not_null;
	struct rg_error err;
	if (rg_lint_column_now(x->l->conn, table, column, &type, &not_null, &charset, &err) <= 0)
		return NULL;
	struct rg_lint_action *a = rg_arena_alloc(x->l->arena, sizeof(*a));
	a->kind = RG_LA_MODIFY;
	a->column = rg_arena_strdup(x->l->arena, column);
	a->type = rg_arena_strdup(x->l->arena, type);
	a->charset = rg_arena_strdup(x->l->arena, charset);
	a->not_null = not_null;
	free(type);
	free(charset);
	return a;
}

/* The type a column had before the upgrade: the database's, for a
 * revision not applied yet, else the one the downgrade sets back (a
 * generated revision's does); NULL when neither says. */
const struct rg_lint_action *rg_lint_old_column(const struct rg_lint_ctx *x, const char *table,
						 const char *column)
{
	const struct rg_lint_action *now = column_now(x, table, column);
	if (now)
		return now;
	for (size_t i = 0; i < x->ndown; i++) {
		const struct rg_lint_stmt *s = &x->down[i];
		if (s->kind != RG_LK_ALTER_TABLE || !rg_lint_same(s->table, table))
			continue;
		for (size_t k = 0; k < s->nacts; k++) {
			const struct rg_lint_action *a = &s->acts[k];
			if ((a->kind == RG_LA_ALTER_TYPE || a->kind == RG_LA_MODIFY) && a->type &&
			    (rg_lint_same(a->column, column) || rg_lint_same(a->new_name, column)))
				return a;
		}
	}
	return NULL;
}

void rg_lint_canon(const struct rg_lint_ctx *x, struct rg_buf *b, const char *type)
{
	rg_buf_reset(b);
	x->l->dialect->compare->canon_type(b, type);
}

/* 1: from -> to may lose values; 0: it widens; -1: not known */
static int narrows(const struct rg_lint_ctx *x, const char *from, const char *to)
{
	const struct rg_compare *cmp = x->l->dialect->compare;
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	rg_lint_canon(x, &a, from);
	rg_lint_canon(x, &b, to);
	int r = 1;
	if (strcmp(rg_buf_str(&a), rg_buf_str(&b)) == 0) {
		r = 0;
	} else if (rg_labels_kept(rg_buf_str(&a), rg_buf_str(&b))) {
		r = 0;
	} else if (cmp->type_range) {
		struct rg_type_range ra, rb;
		cmp->type_range(rg_buf_str(&a), &ra);
		cmp->type_range(rg_buf_str(&b), &rb);
		if (rg_type_widens(&ra, &rb))
			r = 0;
	}
	rg_buf_free(&a);
	rg_buf_free(&b);
	return r;
}

/* ---- the data-dependent rules: the database answers when it can ---- */

enum ask { ASK_ROWS, ASK_NULLS, ASK_DUPS, ASK_MISFITS };

/*
 * Asks the live database; returns 1 (found), 0 (not), 2 (the table does
 * not exist yet: no rows), 3 (not asked: offline, or the question cannot
 * be put), -1 on error.
 */
static int ask(struct rg_lint_ctx *x, enum ask q, const char *table, const char *column,
	       char *const *cols, size_t ncols, const char *type)
{
	if (!x->live || !x->l->conn)
		return 3;
	struct rg_conn *c = x->l->conn;
	int e = rg_lint_table_exists(c, table, x->err);
	if (e <= 0)
		return e < 0 ? -1 : 2;
	/* a column the revision adds before: what it will hold is not in
	 * the database to read */
	const char *one[1] = {column};
	if ((column && !rg_lint_columns_exist(c, table, one, 1)) ||
	    (ncols && !rg_lint_columns_exist(c, table, (const char *const *)cols, ncols)))
		return 3;
	switch (q) {
	case ASK_ROWS:
		return rg_lint_has_rows(c, table, x->err);
	case ASK_NULLS:
		return rg_lint_has_nulls(c, table, column, x->err);
	case ASK_DUPS:
		return ncols ? rg_lint_has_duplicates(c, table, cols, ncols, x->err) : 3;
	case ASK_MISFITS:
		return rg_lint_type_bounded(x->l->dialect, type) ?
			rg_lint_has_misfits(c, table, column, type, x->err) : 3;
	}
	return 3;
}

static int add_not_null(struct rg_lint_ctx *x, const struct rg_lint_stmt *s,
			const struct rg_lint_action *a)
{
	if (strcmp(x->l->dialect->name, "sqlite") == 0) {
		rg_lint_add(x, s->line, "add-not-null", RG_LINT_ERROR,
			    "adds %s.%s NOT NULL without a default: SQLite refuses that on any table",
			    s->table, a->column);
		return 0;
	}
	int r = ask(x, ASK_ROWS, s->table, NULL, NULL, 0, NULL);
	if (r < 0)
		return -1;
	if (r == 1)
		rg_lint_add(x, s->line, "add-not-null", RG_LINT_ERROR,
			    "adds %s.%s NOT NULL without a default: %s has rows, so this fails",
			    s->table, a->column, s->table);
	else if (r == 0 || r == 2)
		rg_lint_add(x, s->line, "add-not-null", RG_LINT_NOTICE,
			    "adds %s.%s NOT NULL without a default: %s %s, so this runs today",
			    s->table, a->column, s->table, r == 2 ? "does not exist yet" : "is empty");
	else
		rg_lint_add(x, s->line, "add-not-null", -1,
			    "adds %s.%s NOT NULL without a default: fails if %s holds rows",
			    s->table, a->column, s->table);
	return 0;
}

static int set_not_null(struct rg_lint_ctx *x, const struct rg_lint_stmt *s, const char *col)
{
	int r = ask(x, ASK_NULLS, s->table, col, NULL, 0, NULL);
	if (r < 0)
		return -1;
	if (r == 1)
		rg_lint_add(x, s->line, "set-not-null", RG_LINT_ERROR,
			    "makes %s.%s NOT NULL: it holds NULLs, so this fails", s->table, col);
	else if (r == 0 || r == 2)
		rg_lint_add(x, s->line, "set-not-null", RG_LINT_NOTICE,
			    "makes %s.%s NOT NULL: no row holds NULL there today", s->table, col);
	else
		rg_lint_add(x, s->line, "set-not-null", -1,
			    "makes %s.%s NOT NULL: fails if a row holds NULL there", s->table, col);
	return 0;
}

static int new_unique(struct rg_lint_ctx *x, const struct rg_lint_stmt *s, const char *what,
		      char *const *cols, size_t ncols)
{
	int r = ask(x, ASK_DUPS, s->table, NULL, cols, ncols, NULL);
	if (r < 0)
		return -1;
	if (r == 1)
		rg_lint_add(x, s->line, "new-unique", RG_LINT_ERROR,
			    "adds %s on %s: the table holds duplicates, so this fails", what, s->table);
	else if (r == 0 || r == 2)
		rg_lint_add(x, s->line, "new-unique", RG_LINT_NOTICE,
			    "adds %s on %s: no duplicates there today", what, s->table);
	else
		rg_lint_add(x, s->line, "new-unique", -1,
			    "adds %s on %s: fails if the table holds duplicates", what, s->table);
	return 0;
}

/* A change of a column's type: narrowing from what the downgrade says
 * it was, or from the values the database holds. */
static int type_change(struct rg_lint_ctx *x, const struct rg_lint_stmt *s,
		       const char *col, const char *to, bool *changed)
{
	const struct rg_lint_action *old = rg_lint_old_column(x, s->table, col);
	int n = old ? narrows(x, old->type, to) : -1;
	*changed = n != 0;
	if (n == 0)
		return 0;
	int r = ask(x, ASK_MISFITS, s->table, col, NULL, 0, to);
	if (r < 0)
		return -1;
	if (r == 1)
		rg_lint_add(x, s->line, "narrowing-type", RG_LINT_ERROR,
			    "changes %s.%s to %s: some values do not fit, so this fails or truncates them",
			    s->table, col, to);
	else if (n == 1 && (r == 0 || r == 2))
		rg_lint_add(x, s->line, "narrowing-type", RG_LINT_NOTICE,
			    "changes %s.%s from %s to %s: every value fits today",
			    s->table, col, old->type, to);
	else if (n == 1)
		rg_lint_add(x, s->line, "narrowing-type", -1,
			    "changes %s.%s from %s to %s: values may be truncated or fail to convert",
			    s->table, col, old->type, to);
	return 0;
}

/* The columns t had before a rebuild: those of the copy the downgrade
 * rebuilds it from (a generated revision's does), else NULL. */
static const struct rg_lint_stmt *old_table(const struct rg_lint_ctx *x, const char *t)
{
	for (size_t j = 0; j < x->ndown; j++) {
		const struct rg_lint_stmt *r = &x->down[j];
		if (r->kind != RG_LK_ALTER_TABLE || r->nacts != 1 ||
		    r->acts[0].kind != RG_LA_RENAME_TABLE || !rg_lint_same(r->acts[0].new_name, t))
			continue;
		for (size_t i = 0; i < j; i++)
			if (x->down[i].kind == RG_LK_CREATE_TABLE && rg_lint_same(x->down[i].table, r->table))
				return &x->down[i];
	}
	return NULL;
}

/*
 * What a rebuild of s->table does to its columns, read from the copy's
 * CREATE TABLE and the INSERT that fills it: a new NOT NULL column without
 * a default fails the copy of any row, a column the INSERT fills from
 * another name is a rename, and a column of the old table (the downgrade's
 * copy says which) that the INSERT leaves out is dropped with its data.
 */
static int rebuild_columns(struct rg_lint_ctx *x, size_t k)
{
	const struct rg_lint_stmt *s = &x->up[k], *cre = &x->up[x->copy[k]];
	const struct rg_lint_stmt *ins = x->fill[k] < x->nup ? &x->up[x->fill[k]] : NULL;
	for (size_t c = 0; c < cre->nacts; c++) {
		const struct rg_lint_action *a = &cre->acts[c];
		size_t p = 0;
		while (ins && p < ins->ncolumns && !rg_lint_same(ins->columns[p], a->column))
			p++;
		if (!ins || p == ins->ncolumns) {
			if (a->not_null && !a->default_expr && !a->fills) {
				int r = ask(x, ASK_ROWS, s->table, NULL, NULL, 0, NULL);
				if (r < 0)
					return -1;
				if (r == 1 || r == 3)
					rg_lint_add(x, s->line, "add-not-null", r == 1 ? RG_LINT_ERROR : -1,
						    "adds %s.%s NOT NULL without a default in a rebuild: the copy %s",
						    s->table, a->column,
						    r == 1 ? "of its rows fails" : "fails if the table holds rows");
				else
					rg_lint_add(x, s->line, "add-not-null", RG_LINT_NOTICE,
						    "adds %s.%s NOT NULL without a default in a rebuild: %s is empty, so this runs today",
						    s->table, a->column, s->table);
			}
		} else if (p < ins->nsources && ins->sources[p] && !rg_lint_same(ins->sources[p], a->column)) {
			rg_lint_add(x, s->line, "rename-column", -1,
				    "renames column %s.%s to %s: code still running that uses the old name fails",
				    s->table, ins->sources[p], a->column);
		}
	}
	const struct rg_lint_stmt *old = old_table(x, s->table);
	for (size_t c = 0; old && c < old->nacts; c++) {
		const struct rg_lint_action *o = &old->acts[c];
		bool kept = false;
		for (size_t p = 0; ins && p < ins->nsources && !kept; p++)
			kept = rg_lint_same(ins->sources[p], o->column);
		if (!kept && !o->generated)
			rg_lint_add(x, s->line, "drop-column", -1,
				    "drops column %s.%s and its data; code still running that reads it fails",
				    s->table, o->column);
	}
	return 0;
}

/* ---- one statement of the upgrade ---- */

static int statement(struct rg_lint_ctx *x, size_t i)
{
	const struct rg_lint_stmt *s = &x->up[i];
	bool pg = is_pg(x), my = is_mysql(x);
	if (pg && x->rev->transactional &&
	    (s->concurrently || s->kind == RG_LK_VACUUM ||
	     (s->kind == RG_LK_ENUM_ADD_VALUE && rg_lint_pg_older(x, 12))))
		rg_lint_add(x, s->line, "tx-concurrently", -1,
			    "%s cannot run inside a transaction, and this revision runs in one",
			    s->kind == RG_LK_VACUUM ? "VACUUM" : s->kind == RG_LK_ENUM_ADD_VALUE ?
			    "ALTER TYPE ... ADD VALUE (before PostgreSQL 12)" : "CONCURRENTLY");
	if (x->role[i] == ROLE_PART)
		return 0;
	if (s->kind == RG_LK_SET && rg_lint_same(s->object, "lock_timeout"))
		x->lock_timeout = true;
	if (!s->table || created_before(x, i, s->table))
		return 0;
	if (pg && !x->lock_timeout && !x->lock_noted && rg_lint_pg_blocking(s)) {
		x->lock_noted = true;
		rg_lint_add(x, s->line, "pg-lock-timeout", -1,
			    "waits for a lock on %s with no lock_timeout set: queued behind a long "
			    "query, it blocks the queries that come after it", s->table);
	}
	switch (s->kind) {
	case RG_LK_DROP_TABLE:
		if (x->role[i] == ROLE_REBUILD) {
			if (strcmp(x->l->dialect->name, "sqlite") == 0)
				rg_lint_add(x, s->line, "sqlite-rebuild", -1,
					    "rebuilds %s: copies every row into a new table while holding the database's write lock",
					    s->table);
			return rebuild_columns(x, i);
		}
			rg_lint_add(x, s->line, "drop-table", -1,
				    "drops table %s and its rows; code still running that reads it fails",
				    s->table);
		return 0;
	case RG_LK_RENAME_TABLE:
		rg_lint_add(x, s->line, "rename-table", -1,
			    "renames table %s to %s: code still running that uses the old name fails",
			    s->table, s->object);
		return 0;
	case RG_LK_CREATE_INDEX:
		if (pg && !s->concurrently)
			rg_lint_add(x, s->line, "pg-create-index", -1,
				    "creates index %s on %s without CONCURRENTLY: writes to %s wait until it is built",
				    s->object ? s->object : "(unnamed)", s->table, s->table);
		if (s->unique)
			return new_unique(x, s, "a unique index", s->columns, s->ncolumns);
		return 0;
	case RG_LK_ALTER_TABLE:
		break;
	default:
		return 0;
	}
	if (pg)
		rg_lint_pg_alter(x, i);
	else if (my)
		rg_lint_mysql_alter(x, s);
	for (size_t k = 0; k < s->nacts; k++) {
		const struct rg_lint_action *a = &s->acts[k];
		bool changed;
		int rc = 0;
		switch (a->kind) {
		case RG_LA_ADD_COLUMN:
			if (a->not_null && !a->default_expr && !a->fills)
				rc = add_not_null(x, s, a);
			break;
		case RG_LA_DROP_COLUMN:
			rg_lint_add(x, s->line, "drop-column", -1,
				    "drops column %s.%s and its data; code still running that reads it fails",
				    s->table, a->column);
			if (strcmp(x->l->dialect->name, "sqlite") == 0)
				rg_lint_add(x, s->line, "sqlite-rebuild", -1,
					    "drops a column of %s: rewrites every row while holding the database's write lock",
					    s->table);
			break;
		case RG_LA_RENAME_COLUMN:
			rg_lint_add(x, s->line, "rename-column", -1,
				    "renames column %s.%s to %s: code still running that uses the old name fails",
				    s->table, a->column, a->new_name);
			break;
		case RG_LA_RENAME_TABLE:
			rg_lint_add(x, s->line, "rename-table", -1,
				    "renames table %s to %s: code still running that uses the old name fails",
				    s->table, a->new_name);
			break;
		case RG_LA_ALTER_TYPE:
			rc = type_change(x, s, a->column, a->type, &changed);
			break;
		case RG_LA_MODIFY: {
			if (a->new_name && !rg_lint_same(a->new_name, a->column))
				rg_lint_add(x, s->line, "rename-column", -1,
					    "renames column %s.%s to %s: code still running that uses the old name fails",
					    s->table, a->column, a->new_name);
			const struct rg_lint_action *old = rg_lint_old_column(x, s->table, a->column);
			if (a->type)
				rc = type_change(x, s, a->column, a->type, &changed);
			if (rc == 0 && old && a->not_null && !old->not_null)
				rc = set_not_null(x, s, a->column);
			break;
		}
		case RG_LA_SET_NOT_NULL:
			/* a validated CHECK (col IS NOT NULL) has proved there is no NULL */
			if (!rg_lint_valid_not_null_check(x, i, s->table, a->column))
				rc = set_not_null(x, s, a->column);
			break;
		case RG_LA_ADD_UNIQUE:
		case RG_LA_ADD_PK:
			if (!a->using_index)
				rc = new_unique(x, s, a->kind == RG_LA_ADD_PK ? "a primary key" : "a unique key",
						a->columns, a->ncolumns);
			break;
		default:
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void drop_index(struct rg_lint_ctx *x, size_t i)
{
	const struct rg_lint_stmt *s = &x->up[i];
	if (is_pg(x) && s->kind == RG_LK_DROP_INDEX && !s->concurrently &&
	    !index_created_before(x, i, s->object))
		rg_lint_add(x, s->line, "pg-drop-index", -1,
			    "drops index %s without CONCURRENTLY: an ACCESS EXCLUSIVE lock on its table",
			    s->object);
}

static int classify(struct rg_lint *l, const char *body, unsigned line,
		    struct rg_lint_stmt **out, size_t *n, struct rg_error *err)
{
	struct rg_stmt *st = NULL;
	size_t ns = 0;
	if (rg_split_sql(&st, &ns, body ? body : "", line, err) < 0)
		return -1;
	*out = rg_arena_alloc(l->arena, (ns + 1) * sizeof(**out));
	for (size_t i = 0; i < ns; i++)
		rg_lint_classify(l->arena, l->dialect->name, rg_arena_strdup(l->arena, st[i].sql),
				 st[i].line, &(*out)[i]);
	*n = ns;
	rg_stmts_free(st, ns);
	return 0;
}

int rg_lint_revision(struct rg_lint *l, const struct rg_revision *rev, bool live,
		     struct rg_error *err)
{
	struct rg_lint_ctx x = {.l = l, .rev = rev, .live = live, .err = err,
				.section = "upgrade"};
	if (classify(l, rev->upgrade, rev->upgrade_line, &x.up, &x.nup, err) < 0 ||
	    classify(l, rev->downgrade, rev->downgrade_line, &x.down, &x.ndown, err) < 0)
		return rg_error_prefix(err, "%s", rev->path);
	x.role = rg_arena_alloc(l->arena, x.nup + 1);
	x.copy = rg_arena_alloc(l->arena, (x.nup + 1) * sizeof(*x.copy));
	x.fill = rg_arena_alloc(l->arena, (x.nup + 1) * sizeof(*x.fill));
	rg_lint_read_ignores(&x);
	find_rebuilds(&x);
	for (size_t i = 0; i < x.nup; i++) {
		if (statement(&x, i) < 0)
			return rg_error_prefix(err, "%s:%u", rev->path, x.up[i].line);
		drop_index(&x, i);
	}
	rg_lint_undo(&x);
	return 0;
}

void rg_lint_init(struct rg_lint *l, const struct rg_dialect *d)
{
	memset(l, 0, sizeof(*l));
	l->arena = rg_arena_new();
	l->dialect = d;
}

void rg_lint_free(struct rg_lint *l)
{
	free(l->f);
	rg_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}
