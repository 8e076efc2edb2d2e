/*
 * dialect.c - finds the dialect for a URL scheme; helpers every dialect
 * shares.
 */
#include "emit/dialect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const struct rg_dialect *rg_dialect_for_scheme(const char *scheme)
{
	if (strcmp(scheme, "sqlite") == 0)
		return &rg_dialect_sqlite;
	if (strcmp(scheme, "postgresql") == 0 || strcmp(scheme, "postgres") == 0)
		return &rg_dialect_postgresql;
	if (strcmp(scheme, "mysql") == 0 || strcmp(scheme, "mariadb") == 0)
		return &rg_dialect_mysql;
	return NULL;
}

void rg_free_rows(char **rows, size_t n)
{
	if (!rows)
		return;
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* True when the '(' at s[0] closes at s[len-1], outside quotes. */
static bool wraps_all(const char *s, size_t len)
{
	if (len < 2 || s[0] != '(' || s[len - 1] != ')')
		return false;
	int depth = 0;
	char q = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (q) {
			if (c == q)
				q = 0;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`')
			q = c;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0 && i != len - 1)
			return false;
	}
	return depth == 0;
}

void rg_sql_canon(struct rg_buf *out, const char *sql)
{
	struct rg_buf b = RG_BUF_INIT;
	char q = 0;
	bool pending_space = false;
	for (const char *p = sql; *p; p++) {
		char c = *p;
		if (q) {
			rg_buf_addc(&b, c);
			if (c == q)
				q = 0;
			continue;
		}
		if (isspace((unsigned char)c)) {
			pending_space = true;
			continue;
		}
		if (pending_space && b.len > 0 && word_char(b.data[b.len - 1]) &&
		    word_char(c))
			rg_buf_addc(&b, ' ');
		pending_space = false;
		if (c == '\'' || c == '"' || c == '`')
			q = c;
		rg_buf_addc(&b, (char)toupper((unsigned char)c));
	}
	const char *s = rg_buf_str(&b);
	size_t len = b.len;
	while (wraps_all(s, len)) {
		s++;
		len -= 2;
	}
	rg_buf_addn(out, s, len);
	rg_buf_free(&b);
}

bool rg_sql_is_literal(const char *sql)
{
	const char *p = sql;
	while (isspace((unsigned char)*p))
		p++;
	size_t len = strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len == 0)
		return false;
	if (p[0] == '\'') {
		for (size_t i = 1; i < len; i++)
			if (p[i] == '\'') {
				if (i + 1 < len && p[i + 1] == '\'') {
					i++;
					continue;
				}
				return i == len - 1;
			}
		return false;
	}
	static const char *const words[] = {"NULL", "TRUE", "FALSE"};
	for (size_t i = 0; i < RG_ARRAY_LEN(words); i++)
		if (len == strlen(words[i]) && strncasecmp(p, words[i], len) == 0)
			return true;
	size_t i = 0;
	if (p[i] == '-' || p[i] == '+')
		i++;
	bool digits = false, dot = false;
	for (; i < len; i++) {
		if (isdigit((unsigned char)p[i]))
			digits = true;
		else if (p[i] == '.' && !dot)
			dot = true;
		else if ((p[i] == 'e' || p[i] == 'E') && digits) {
			i++;
			if (i < len && (p[i] == '-' || p[i] == '+'))
				i++;
			if (i >= len)
				return false;
			for (; i < len; i++)
				if (!isdigit((unsigned char)p[i]))
					return false;
			return true;
		} else
			return false;
	}
	return digits;
}

void rg_sql_string(struct rg_buf *out, const char *s)
{
	rg_buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rg_buf_addc(out, '\'');
		rg_buf_addc(out, *s);
	}
	rg_buf_addc(out, '\'');
}

void rg_sql_names(struct rg_buf *out, const struct rg_dialect *d,
		  const char *const *names, size_t n)
{
	rg_buf_addc(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_add(out, ", ");
		if (names[i][0] == '(')
			rg_buf_add(out, names[i]);
		else
			d->quote_ident(out, names[i]);
	}
	rg_buf_addc(out, ')');
}

void rg_sql_constraint_name(struct rg_buf *out, const struct rg_dialect *d,
			    const char *name)
{
	if (!name)
		return;
	rg_buf_add(out, "CONSTRAINT ");
	d->quote_ident(out, name);
	rg_buf_addc(out, ' ');
}

void rg_sql_fk_clause(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_fk *f)
{
	rg_sql_constraint_name(out, d, f->name);
	rg_buf_add(out, "FOREIGN KEY ");
	rg_sql_names(out, d, f->cols, f->ncols);
	rg_buf_add(out, " REFERENCES ");
	d->quote_ident(out, f->ref_table);
	rg_buf_addc(out, ' ');
	rg_sql_names(out, d, f->ref_cols, f->ncols);
	if (f->on_delete != RG_FK_NO_ACTION)
		rg_buf_addf(out, " ON DELETE %s", rg_fk_action_sql(f->on_delete));
	if (f->on_update != RG_FK_NO_ACTION)
		rg_buf_addf(out, " ON UPDATE %s", rg_fk_action_sql(f->on_update));
}

void rg_sql_uniques_checks(struct rg_buf *out, const struct rg_dialect *d,
			   const struct rg_table *t, const char *sep)
{
	for (size_t i = 0; i < t->nuniques; i++) {
		rg_buf_add(out, sep);
		rg_sql_constraint_name(out, d, t->uniques[i]->name);
		rg_buf_add(out, "UNIQUE ");
		rg_sql_names(out, d, t->uniques[i]->cols, t->uniques[i]->ncols);
	}
	for (size_t i = 0; i < t->nchecks; i++) {
		rg_buf_add(out, sep);
		rg_sql_constraint_name(out, d, t->checks[i]->name);
		rg_buf_addf(out, "CHECK (%s)", t->checks[i]->expr);
	}
}

void rg_sql_foreign_keys(struct rg_buf *out, const struct rg_dialect *d,
			 const struct rg_table *t, const char *sep)
{
	for (size_t i = 0; i < t->nfks; i++) {
		rg_buf_add(out, sep);
		rg_sql_fk_clause(out, d, t->fks[i]);
	}
}

void rg_sql_version_table_ddl(struct rg_buf *out, const struct rg_dialect *d,
			      const char *table)
{
	struct rg_buf pk = RG_BUF_INIT;
	rg_buf_addf(&pk, "%s_pkc", table);
	rg_buf_add(out, "CREATE TABLE IF NOT EXISTS ");
	d->quote_ident(out, table);
	rg_buf_add(out, " (version_num VARCHAR(32) NOT NULL, CONSTRAINT ");
	d->quote_ident(out, pk.data);
	rg_buf_add(out, " PRIMARY KEY (version_num));");
	rg_buf_free(&pk);
}

void rg_sql_render_each(struct rg_buf *out, const struct rg_oplist *ops,
			void (*one)(struct rg_buf *out, const struct rg_op *op))
{
	for (size_t i = 0; i < ops->n; i++) {
		size_t before = out->len;
		if (before)
			rg_buf_addc(out, '\n');
		one(out, &ops->ops[i]);
		if (before && out->len == before + 1) /* nothing to say */
			out->data[out->len = before] = '\0';
	}
}
