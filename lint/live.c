/*
 * live.c - the questions the data-dependent rules put to the database the
 * pending revisions will run on.  Each is one read-only SELECT with LIMIT
 * 1, so that the answer costs a scan at most, never a result set; names
 * are quoted by the dialect's own quote_ident.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/compare.h"
#include "lint/lint.h"

static int any_row(struct rg_conn *c, const char *sql, struct rg_error *err)
{
	char **rows = NULL;
	size_t n = 0;
	if (c->dialect->query_column(c, sql, &rows, &n, err) < 0)
		return -1;
	rg_free_rows(rows, n);
	return n > 0;
}

static void ident(struct rg_buf *b, struct rg_conn *c, const char *name)
{
	c->dialect->quote_ident(b, name);
}

static int ask(struct rg_conn *c, struct rg_buf *sql, struct rg_error *err)
{
	rg_buf_add(sql, " LIMIT 1");
	int r = any_row(c, rg_buf_str(sql), err);
	rg_buf_free(sql);
	return r;
}

int rg_lint_table_exists(struct rg_conn *c, const char *table, struct rg_error *err)
{
	bool yes = false;
	if (c->dialect->table_exists(c, table, &yes, err) < 0)
		return -1;
	return yes;
}

/* "a, b, c", each quoted */
static void ident_list(struct rg_buf *b, struct rg_conn *c, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_add(b, ", ");
		ident(b, c, names[i]);
	}
}

int rg_lint_columns_exist(struct rg_conn *c, const char *table, const char *const *columns,
			  size_t n)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT ");
	ident_list(&sql, c, columns, n);
	rg_buf_add(&sql, " FROM ");
	ident(&sql, c, table);
	rg_buf_add(&sql, " WHERE 1 = 0");
	struct rg_error err;
	return ask(c, &sql, &err) == 0;
}

int rg_lint_has_rows(struct rg_conn *c, const char *table, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT 1 FROM ");
	ident(&sql, c, table);
	return ask(c, &sql, err);
}

int rg_lint_has_nulls(struct rg_conn *c, const char *table, const char *column,
		      struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT 1 FROM ");
	ident(&sql, c, table);
	rg_buf_add(&sql, " WHERE ");
	ident(&sql, c, column);
	rg_buf_add(&sql, " IS NULL");
	return ask(c, &sql, err);
}

/* Rows with NULL in a key part are never duplicates of each other (all
 * three dialects): only rows with every part set are grouped. */
int rg_lint_has_duplicates(struct rg_conn *c, const char *table,
			   char *const *columns, size_t n, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT, cols = RG_BUF_INIT;
	ident_list(&cols, c, (const char *const *)columns, n);
	rg_buf_add(&sql, "SELECT 1 FROM ");
	ident(&sql, c, table);
	for (size_t i = 0; i < n; i++) {
		rg_buf_add(&sql, i ? " AND " : " WHERE ");
		ident(&sql, c, columns[i]);
		rg_buf_add(&sql, " IS NOT NULL");
	}
	rg_buf_addf(&sql, " GROUP BY %s HAVING COUNT(*) > 1", rg_buf_str(&cols));
	rg_buf_free(&cols);
	return ask(c, &sql, err);
}

/* The condition a value of column outside type meets, into cond; false
 * when the type's bounds are not known or too wide to matter. */
static bool misfit_condition(struct rg_buf *cond, const struct rg_dialect *d,
			     const char *column, const char *type)
{
	if (!d->compare->type_range)
		return false;
	struct rg_buf canon = RG_BUF_INIT;
	d->compare->canon_type(&canon, type);
	struct rg_type_range r;
	d->compare->type_range(rg_buf_str(&canon), &r);
	rg_buf_free(&canon);
	struct rg_buf col = RG_BUF_INIT;
	if (column)
		d->quote_ident(&col, column);
	bool ok = true;
	/* SQLite keeps any value in any column: a declared length or range
	 * refuses nothing */
	if (strcmp(d->name, "sqlite") == 0) {
		ok = false;
	} else if ((r.family == RG_TF_STRING || r.family == RG_TF_PADDED) &&
		   r.a != RG_TYPE_UNBOUNDED) {
		rg_buf_addf(cond, "CHAR_LENGTH(%s) > %lld", rg_buf_str(&col), r.a);
	} else if (r.family == RG_TF_INTEGER && r.a < 63 && r.b < 63) {
		long long lo = r.a ? -(1LL << r.a) : 0, hi = (1LL << r.b) - 1;
		rg_buf_addf(cond, "(%s < %lld OR %s > %lld)", rg_buf_str(&col), lo,
			    rg_buf_str(&col), hi);
	} else if (r.family == RG_TF_DECIMAL && r.a >= 0 && r.a < 30) {
		rg_buf_addf(cond, "ABS(%s) >= 1", rg_buf_str(&col));
		for (long long i = 0; i < r.a; i++)
			rg_buf_add(cond, "0");
	} else {
		ok = false;
	}
	rg_buf_free(&col);
	return ok;
}

bool rg_lint_type_bounded(const struct rg_dialect *d, const char *type)
{
	struct rg_buf cond = RG_BUF_INIT;
	bool ok = type && misfit_condition(&cond, d, NULL, type);
	rg_buf_free(&cond);
	return ok;
}

int rg_lint_has_misfits(struct rg_conn *c, const char *table, const char *column,
			const char *type, struct rg_error *err)
{
	struct rg_buf cond = RG_BUF_INIT, sql = RG_BUF_INIT;
	if (!misfit_condition(&cond, c->dialect, column, type)) {
		rg_buf_free(&cond);
		return 0;
	}
	rg_buf_add(&sql, "SELECT 1 FROM ");
	ident(&sql, c, table);
	rg_buf_addf(&sql, " WHERE %s", rg_buf_str(&cond));
	rg_buf_free(&cond);
	return ask(c, &sql, err);
}

/* s as a string literal: quotes doubled, and on MySQL, where a backslash
 * escapes, backslashes too. */
static void literal(struct rg_buf *b, struct rg_conn *c, const char *s)
{
	bool mysql = strcmp(c->dialect->name, "mysql") == 0;
	rg_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || (mysql && *s == '\\'))
			rg_buf_addc(b, *s);
		rg_buf_addc(b, *s);
	}
	rg_buf_addc(b, '\'');
}

int rg_lint_column_now(struct rg_conn *c, const char *table, const char *column,
		       char **type, bool *not_null, char **charset, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	*type = *charset = NULL;
	*not_null = false;
	if (strcmp(c->dialect->name, "postgresql") == 0) {
		/* the table as the search path finds it, as the revision names it */
		rg_buf_add(&sql, "SELECT format_type(atttypid, atttypmod) || '|' || "
				 "CASE WHEN attnotnull THEN 'NO' ELSE 'YES' END || '|' "
				 "FROM pg_attribute WHERE attrelid = to_regclass(quote_ident(");
		literal(&sql, c, table);
		rg_buf_add(&sql, ")) AND attname = ");
		literal(&sql, c, column);
		rg_buf_add(&sql, " AND attnum > 0 AND NOT attisdropped");
	} else if (strcmp(c->dialect->name, "mysql") == 0) {
		rg_buf_add(&sql, "SELECT CONCAT(COLUMN_TYPE, '|', IS_NULLABLE, '|', "
				 "IFNULL(CHARACTER_SET_NAME, '')) FROM information_schema.COLUMNS "
				 "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ");
		literal(&sql, c, table);
		rg_buf_add(&sql, " AND COLUMN_NAME = ");
		literal(&sql, c, column);
	} else {
		return 0; /* SQLite: a declared type holds any value */
	}
	char **rows = NULL;
	size_t n = 0;
	int rc = c->dialect->query_column(c, rg_buf_str(&sql), &rows, &n, err);
	rg_buf_free(&sql);
	if (rc < 0)
		return -1;
	char *row = n && rows[0] ? rows[0] : NULL;
	char *bar = row ? strchr(row, '|') : NULL;
	char *bar2 = bar ? strchr(bar + 1, '|') : NULL;
	if (bar2) {
		*type = rg_xstrndup(row, (size_t)(bar - row));
		*not_null = strncmp(bar + 1, "NO", 2) == 0;
		*charset = bar2[1] ? rg_xstrdup(bar2 + 1) : NULL;
	}
	rg_free_rows(rows, n);
	return *type != NULL;
}

int rg_lint_server_parse(struct rg_lint_server *out, const char *dialect, const char *s)
{
	memset(out, 0, sizeof(*out));
	int v[3] = {0, 0, 0}, k = 0;
	const char *p = s;
	while (k < 3 && *p >= '0' && *p <= '9') {
		char *end;
		long x = strtol(p, &end, 10);
		if (x < 0 || x > 10000000)
			return -1;
		v[k++] = (int)x;
		p = end;
		if (*p != '.')
			break;
		p++;
	}
	if (k == 0)
		return -1;
	/* PostgreSQL's server_version_num: 160002 is 16.2 (10 and later) */
	if (strcmp(dialect, "postgresql") == 0 && k == 1 && v[0] >= 100000) {
		v[1] = v[0] % 10000;
		v[0] /= 10000;
	}
	out->known = true;
	out->major = v[0];
	out->minor = v[1];
	out->patch = v[2];
	out->mariadb = strcasestr(s, "mariadb") != NULL;
	return 0;
}

int rg_lint_server_ask(struct rg_conn *c, struct rg_lint_server *out, struct rg_error *err)
{
	const char *name = c->dialect->name;
	const char *q = strcmp(name, "postgresql") == 0 ? "SHOW server_version_num" :
			strcmp(name, "mysql") == 0 ? "SELECT VERSION()" : "SELECT sqlite_version()";
	char **rows = NULL;
	size_t n = 0;
	if (c->dialect->query_column(c, q, &rows, &n, err) < 0)
		return -1;
	int rc = n && rows[0] ? rg_lint_server_parse(out, name, rows[0]) : -1;
	if (rc < 0)
		rg_error_set(err, "cannot read the server's version from \"%s\"",
			     n && rows[0] ? rows[0] : "");
	rg_free_rows(rows, n);
	return rc;
}
