/*
 * compare.c - the canonical text every dialect's forms start from, and
 * the check that models use only what the dialect has.
 */
#include "diff/compare.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

bool rg_sql_number(struct rg_buf *out, const char *sql)
{
	const char *p = sql;
	while (isspace((unsigned char)*p))
		p++;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	/* the digits without the point, and where the point was */
	struct rg_buf digits = RG_BUF_INIT;
	long point = -1;
	for (; isdigit((unsigned char)*p) || (*p == '.' && point < 0); p++) {
		if (*p == '.')
			point = (long)digits.len;
		else
			rg_buf_addc(&digits, *p);
	}
	if (point < 0)
		point = (long)digits.len;
	long exp = 0;
	if ((*p == 'e' || *p == 'E') && digits.len) {
		char *end;
		errno = 0;
		exp = strtol(p + 1, &end, 10);
		/* a written exponent beyond any column's precision: not a
		 * number this form takes apart */
		if (end == p + 1 || !isdigit((unsigned char)end[-1]) || errno ||
		    exp > 1000 || exp < -1000)
			exp = LONG_MAX;
		else
			p = end;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p || !digits.len || exp == LONG_MAX) {
		rg_buf_free(&digits);
		return false;
	}
	/* the exponent moves the point; then zeros before the integer part
	 * and after the fraction are no part of the value */
	long pos = point + exp, len = (long)digits.len;
	const char *d = rg_buf_str(&digits);
	long first = 0, last = len; /* significant digits: [first, last) */
	while (first < len && d[first] == '0')
		first++;
	while (last > first && d[last - 1] == '0')
		last--;
	if (first == last) {
		rg_buf_addc(out, '0'); /* -0.00 is 0 */
		rg_buf_free(&digits);
		return true;
	}
	if (neg)
		rg_buf_addc(out, '-');
	if (pos <= first)
		rg_buf_addc(out, '0');
	for (long i = first; i < pos; i++)
		rg_buf_addc(out, i < last ? d[i] : '0');
	if (pos < last) {
		rg_buf_addc(out, '.');
		for (long i = pos; i < last; i++)
			rg_buf_addc(out, i < first ? '0' : d[i]);
	}
	rg_buf_free(&digits);
	return true;
}

bool rg_sql_number_at_scale(struct rg_buf *out, const char *num, long long scale)
{
	const char *point = strchr(num, '.');
	long long frac = point ? (long long)strlen(point + 1) : 0;
	if (frac <= scale || scale < 0)
		return rg_sql_number(out, num);
	/* the digits kept, without the point, then one up if the first
	 * digit dropped is 5 or more */
	struct rg_buf d = RG_BUF_INIT;
	const char *p = num + (*num == '-');
	rg_buf_addc(&d, '0'); /* room for a carry */
	rg_buf_addn(&d, p, (size_t)(point - p));
	rg_buf_addn(&d, point + 1, (size_t)scale);
	if (point[1 + scale] >= '5') {
		size_t i = d.len;
		while (i-- > 0 && d.data[i] == '9')
			d.data[i] = '0';
		d.data[i]++;
	}
	struct rg_buf s = RG_BUF_INIT;
	if (*num == '-')
		rg_buf_addc(&s, '-');
	rg_buf_addn(&s, d.data, d.len - (size_t)scale);
	rg_buf_addc(&s, '.');
	rg_buf_add(&s, d.data + d.len - (size_t)scale);
	bool ok = rg_sql_number(out, rg_buf_str(&s));
	rg_buf_free(&d);
	rg_buf_free(&s);
	return ok;
}

size_t rg_type_split(const char *canon, long long args[2], int *nargs,
		     const char **rest)
{
	size_t len = strcspn(canon, "(");
	const char *p = canon + len;
	*nargs = 0;
	*rest = p;
	while (len > 0 && canon[len - 1] == ' ')
		len--;
	if (*p != '(')
		return len;
	const char *close = strchr(p, ')');
	*rest = close ? close + 1 : p + strlen(p);
	for (p++; *nargs < 2; p++) {
		char *end;
		errno = 0;
		long long v = strtoll(p, &end, 10);
		if (end == p || errno || v < 0 || (*end != ',' && *end != ')'))
			break;
		args[(*nargs)++] = v;
		p = end;
		if (*end == ')')
			return len;
	}
	*nargs = -1;
	return len;
}

bool rg_type_widens(const struct rg_type_range *from, const struct rg_type_range *to)
{
	bool family = from->family == to->family ||
		      (from->family == RG_TF_PADDED && to->family == RG_TF_STRING);
	return from->family != RG_TF_UNKNOWN && to->family != RG_TF_UNKNOWN && family &&
	       from->a <= to->a && from->b <= to->b;
}

/* The next quoted label of a list "'a','b''c')" at *p, its text with
 * the doubled quotes as written, and *p past it and its comma; false at
 * the end of the list or on anything else. */
static bool next_label(const char **p, const char **text, size_t *len)
{
	const char *s = *p;
	if (*s != '\'')
		return false;
	*text = ++s;
	for (;; s++) {
		if (!*s)
			return false;
		if (*s == '\'' && s[1] == '\'')
			s++;
		else if (*s == '\'')
			break;
	}
	*len = (size_t)(s - *text);
	s++;
	if (*s == ',')
		s++;
	*p = s;
	return true;
}

static const char *label_list(const char *type)
{
	if (strncmp(type, "enum(", 5) == 0)
		return type + 5;
	if (strncmp(type, "set(", 4) == 0)
		return type + 4;
	return NULL;
}

bool rg_labels_kept(const char *from, const char *to)
{
	const char *f = label_list(from), *t = label_list(to);
	if (!f || !t || (f - from) != (t - to))
		return false;
	const char *text;
	size_t len;
	while (next_label(&f, &text, &len)) {
		const char *q = t, *other;
		size_t olen;
		bool found = false;
		while (!found && next_label(&q, &other, &olen))
			found = olen == len && memcmp(other, text, len) == 0;
		if (!found)
			return false;
	}
	/* the whole list was read: nothing but its closing parenthesis and
	 * no attribute after it (CHARACTER SET ...) */
	return strcmp(f, ")") == 0 && strchr(t, ')') && strcmp(strrchr(t, ')'), ")") == 0;
}

/* file:line:col of a model object, or nothing for one from a database */
static void at(struct rg_buf *b, const struct rg_loc *loc)
{
	if (loc->file)
		rg_buf_addf(b, "%s:%u:%u: ", loc->file, loc->line, loc->col);
}

/* Whether a key's first part is the column name (DESC or not). */
static bool leads(const char *const *cols, size_t n, const char *name)
{
	struct rg_key_part kp;
	if (!n)
		return false;
	rg_key_part(cols[0], &kp);
	return !kp.expr && kp.len == strlen(name) && strncmp(kp.text, name, kp.len) == 0;
}

/*
 * Why the database would not number model column c of t (NULL: it
 * would).  Without this a model SQLite cannot number is created as a
 * plain INTEGER and `check` reports it forever; MySQL refuses the
 * statement ("there can be only one auto column and it must be defined
 * as a key").
 */
static const char *autoinc_refused(const struct rg_compare *d, const struct rg_table *t,
				   const struct rg_column *c)
{
	if (!c->autoincrement || !c->loc.file)
		return NULL;
	if ((d->caps & RG_CAP_AUTOINC_WHOLE_PK) &&
	    !(t->pk && t->pk->ncols == 1 && strcmp(t->pk->cols[0], c->name) == 0))
		return "SQLite numbers only a column that is the whole primary key "
		       "(INTEGER PRIMARY KEY)";
	if (!(d->caps & RG_CAP_AUTOINC_LEADS_KEY))
		return NULL;
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i] != c && t->columns[i]->autoincrement)
			return "MySQL numbers only one column of a table";
	bool key = t->pk && leads(t->pk->cols, t->pk->ncols, c->name);
	for (size_t i = 0; i < t->nuniques && !key; i++)
		key = leads(t->uniques[i]->cols, t->uniques[i]->ncols, c->name);
	for (size_t i = 0; i < t->nindexes && !key; i++)
		key = leads(t->indexes[i]->cols, t->indexes[i]->ncols, c->name);
	return key ? NULL
		   : "MySQL numbers only a column that begins a key: put it first in the "
		     "primary key, or give it an RG_INDEX of its own";
}

/* Why MySQL would refuse invisible column c of t (NULL: it would not):
 * said here with file:line rather than by the server mid-revision. */
static const char *invisible_refused(const struct rg_table *t, const struct rg_column *c)
{
	if (c->not_null && !c->default_expr && !c->generated && !c->autoincrement)
		return "an invisible column NOT NULL needs a default (an INSERT does not name it)";
	for (size_t k = 0; k < t->ncolumns; k++)
		if (!t->columns[k]->invisible)
			return NULL;
	return "every column of the table is invisible; the database wants one it can show";
}

static bool autoinc_column(const struct rg_table *t)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->autoincrement)
			return true;
	return false;
}

/* SQLite's STRICT table takes these types alone: said here, with the
 * column's file:line, rather than by the CREATE TABLE that fails */
static bool strict_refuses(const struct rg_compare *d, const struct rg_table *t,
			   struct rg_buf *b, struct rg_error *err)
{
	static const char *const ok[] = {"INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"};
	for (size_t k = 0; k < t->ncolumns; k++) {
		struct rg_buf ty = RG_BUF_INIT;
		d->render_type(&ty, t->columns[k]);
		bool found = false;
		for (size_t i = 0; i < RG_ARRAY_LEN(ok) && !found; i++)
			found = strcasecmp(rg_buf_str(&ty), ok[i]) == 0;
		if (!found) {
			at(b, &t->columns[k]->loc);
			rg_error_set(err, "%scolumn %s.%s is %s, which a STRICT table (RG_STRICT) "
				     "refuses: give it RG_TYPE(INTEGER), RG_TYPE(REAL), RG_TYPE(TEXT), "
				     "RG_TYPE(BLOB) or RG_TYPE(ANY)", rg_buf_str(b), t->name,
				     t->columns[k]->name, rg_buf_str(&ty));
			rg_buf_free(&ty);
			rg_buf_free(b);
			return true;
		}
		rg_buf_free(&ty);
	}
	return false;
}

int rg_compare_check_models(const struct rg_compare *d, const struct rg_schema *s,
			    struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < s->ntables && !b.len; i++) {
		const struct rg_table *t = s->tables[i];
		bool cs = !(d->caps & RG_CAP_CHARSETS);
		const char *opt = !(d->caps & RG_CAP_ENGINE) && t->engine ? "RG_ENGINE"
			: !(d->caps & RG_CAP_ENGINE) && t->row_format ? "RG_ROW_FORMAT"
			: !(d->caps & RG_CAP_UNLOGGED) && t->unlogged ? "RG_UNLOGGED"
			: !(d->caps & RG_CAP_ROWID_STRICT) && t->without_rowid ? "RG_WITHOUT_ROWID"
			: !(d->caps & RG_CAP_ROWID_STRICT) && t->strict ? "RG_STRICT"
			: NULL;
		if (cs && (t->charset || t->collation)) {
			at(&b, &t->loc);
			rg_buf_addf(&b, "RG_CHARSET/RG_COLLATE on table %s", t->name);
		} else if (opt) {
			at(&b, &t->loc);
			rg_buf_addf(&b, "%s on table %s", opt, t->name);
		} else if (t->without_rowid && (!t->pk || autoinc_column(t))) {
			/* SQLite refuses both when it creates the table */
			at(&b, &t->loc);
			rg_error_set(err, "%sRG_WITHOUT_ROWID on table %s, which %s", rg_buf_str(&b),
				     t->name, t->pk ? "has an RG_AUTOINCREMENT column: a WITHOUT ROWID "
				     "table has no rowid to number rows by"
				     : "has no primary key: a WITHOUT ROWID table is kept in the order "
				     "of its primary key");
			rg_buf_free(&b);
			return -1;
		} else if (t->strict && strict_refuses(d, t, &b, err)) {
			return -1;
		}
		for (size_t k = 0; k < t->ncolumns && !b.len; k++) {
			const struct rg_column *c = t->columns[k];
			if (cs && (c->charset || (c->collation && !(d->caps & RG_CAP_COLUMN_COLLATIONS)))) {
				at(&b, &c->loc);
				rg_buf_addf(&b, "RG_CHARSET/RG_COLLATE on %s.%s", t->name, c->name);
			} else if (!d->type_autoincrements &&
				   rg_compare_postgresql.type_autoincrements(c->type)) {
				/* SQLite would take it as a plain integer that numbers
				 * nothing, MySQL as BIGINT UNSIGNED with a UNIQUE key
				 * the models do not declare */
				at(&b, &c->loc);
				rg_error_set(err, "%sRG_TYPE(%s) on %s.%s: serial types are PostgreSQL's; "
					     "write RG_AUTOINCREMENT on the primary key",
					     rg_buf_str(&b), c->type, t->name, c->name);
				rg_buf_free(&b);
				return -1;
			} else if (autoinc_refused(d, t, c)) {
				at(&b, &c->loc);
				rg_error_set(err, "%sRG_AUTOINCREMENT on %s.%s: %s", rg_buf_str(&b),
					     t->name, c->name, autoinc_refused(d, t, c));
				rg_buf_free(&b);
				return -1;
			} else if (!*c->type && !(d->caps & RG_CAP_TYPELESS)) {
				at(&b, &c->loc);
				rg_buf_addf(&b, "RG_TYPE() (a column with no declared type) on %s.%s",
					    t->name, c->name);
			} else if (!(d->caps & RG_CAP_VIRTUAL_GENERATED) && c->generated_virtual) {
				/* not made STORED quietly: a stored column takes room
				 * and is written with every row */
				at(&b, &c->loc);
				rg_error_set(err, "%sRG_GENERATED_VIRTUAL on %s.%s: this database has "
					     "STORED generated columns only; write RG_GENERATED",
					     rg_buf_str(&b), t->name, c->name);
				rg_buf_free(&b);
				return -1;
			} else if (c->invisible && !(d->caps & RG_CAP_INVISIBLE)) {
				at(&b, &c->loc);
				rg_buf_addf(&b, "RG_INVISIBLE on %s.%s", t->name, c->name);
			} else if (c->invisible && invisible_refused(t, c)) {
				at(&b, &c->loc);
				rg_error_set(err, "%sRG_INVISIBLE on %s.%s: %s", rg_buf_str(&b),
					     t->name, c->name, invisible_refused(t, c));
				rg_buf_free(&b);
				return -1;
			} else if (!(d->caps & RG_CAP_ON_UPDATE) && c->on_update) {
				at(&b, &c->loc);
				rg_buf_addf(&b, "RG_ON_UPDATE(%s) without RG_REFERENCES on %s.%s",
					    c->on_update, t->name, c->name);
			} else if (!(d->caps & RG_CAP_IDENTITY_ALWAYS) && c->identity_always) {
				at(&b, &c->loc);
				rg_buf_addf(&b, "RG_IDENTITY_ALWAYS (GENERATED ALWAYS AS IDENTITY) on %s.%s",
					    t->name, c->name);
			}
		}
		for (size_t k = 0; k < t->nfks && !b.len; k++) {
			const struct rg_fk *f = t->fks[k];
			const struct rg_table *ref = rg_schema_find_table(s, f->ref_table);
			if (ref && ref->unlogged && !t->unlogged) {
				/* PostgreSQL refuses it when the key is made */
				at(&b, &f->loc);
				rg_error_set(err, "%sforeign key %s of table %s references %s, which is "
					     "RG_UNLOGGED: only an unlogged table may reference an unlogged one",
					     rg_buf_str(&b), f->name ? f->name : "", t->name, ref->name);
				rg_buf_free(&b);
				return -1;
			}
			if (!(d->caps & RG_CAP_DEFERRABLE_FK) && f->deferrable) {
				at(&b, &f->loc);
				rg_buf_addf(&b, "a DEFERRABLE foreign key %s on table %s",
					    f->name ? f->name : "", t->name);
			}
		}
		for (size_t k = 0; k < t->nindexes && !b.len; k++) {
			const struct rg_index *x = t->indexes[k];
			uint64_t need = 0;
			for (size_t j = 0; j < x->ncols; j++) {
				struct rg_key_part kp;
				rg_key_part(x->cols[j], &kp);
				need |= (kp.expr ? RG_CAP_EXPR_INDEX : 0) | (kp.desc ? RG_CAP_DESC_INDEX : 0) |
					(kp.nulls ? RG_CAP_NULLS_ORDER : 0) | (kp.opclass ? RG_CAP_OPCLASS : 0) |
					(kp.collation ? RG_CAP_KEY_COLLATE : 0) |
					(kp.prefix ? RG_CAP_PREFIX_PART : 0);
			}
			need &= ~d->caps;
			const char *what = !(d->caps & RG_CAP_INDEX_KINDS) && x->kind ? x->kind
				: !(d->caps & RG_CAP_PARTIAL_INDEX) && x->where ? "a partial (WHERE)"
				: !(d->caps & RG_CAP_INDEX_INCLUDE) && x->ninclude ? "an INCLUDE (...)"
				: need & RG_CAP_EXPR_INDEX ? "an expression key part in the"
				: need & RG_CAP_DESC_INDEX ? "a DESC key part in the"
				: need & RG_CAP_NULLS_ORDER ? "a NULLS FIRST/LAST key part in the"
				: need & RG_CAP_OPCLASS ? "an operator class in the"
				: need & RG_CAP_KEY_COLLATE ? "a COLLATE key part in the"
				: need & RG_CAP_PREFIX_PART ? "a prefix key part, col(n), in the"
				: NULL;
			if (!what && !(d->caps & RG_CAP_INDEX_METHODS) && x->method) {
				/* MySQL: InnoDB would make a BTREE of USING HASH */
				at(&b, &x->loc);
				rg_buf_addf(&b, "USING %s in the index %s on table %s", x->method,
					    x->name, t->name);
			} else if (what) {
				at(&b, &x->loc);
				rg_buf_addf(&b, "%s index %s on table %s", what, x->name, t->name);
			}
		}
	}
	for (size_t i = 0; i < s->nviews && !b.len; i++)
		if (s->views[i]->materialized && !(d->caps & RG_CAP_MATERIALIZED_VIEWS)) {
			at(&b, &s->views[i]->loc);
			rg_error_set(err, "%sRG_MATERIALIZED_VIEW %s: materialized views are "
				     "PostgreSQL's; write RG_VIEW (a plain view) for this database",
				     rg_buf_str(&b), s->views[i]->name);
			rg_buf_free(&b);
			return -1;
		}
	if (!b.len && !d->sequence_defaults && s->nsequences) {
		at(&b, &s->sequences[0]->loc);
		rg_error_set(err, "%sRG_SEQUENCE %s: the configured database has no sequences "
			     "(PostgreSQL and MariaDB have them): remove it from the model, or keep it "
			     "in a header only that database's project reads",
			     rg_buf_str(&b), s->sequences[0]->name);
		rg_buf_free(&b);
		return -1;
	}
	if (!b.len && !(d->caps & RG_CAP_DOMAINS) && s->ndomains) {
		at(&b, &s->domains[0]->loc);
		rg_error_set(err, "%sRG_DOMAIN %s: the configured database has no domains "
			     "(PostgreSQL has them): give the fields RG_TYPE and RG_CHECK instead, or keep "
			     "the typedef in a header only a PostgreSQL project reads",
			     rg_buf_str(&b), s->domains[0]->name);
		rg_buf_free(&b);
		return -1;
	}
	if (!b.len)
		return 0;
	rg_error_set(err, "%s: the configured database has no such thing (MySQL and MariaDB "
		     "have charsets, ON UPDATE, FULLTEXT and SPATIAL, INVISIBLE columns, ENGINE and ROW_FORMAT; "
		     "PostgreSQL UNLOGGED tables; SQLite WITHOUT ROWID and STRICT tables; PostgreSQL and SQLite a column's RG_COLLATE, "
		     "PostgreSQL GENERATED ALWAYS identity columns; PostgreSQL and SQLite DEFERRABLE foreign keys; "
		     "SQLite columns with no type; "
		     "revgen manages partial indexes and expression key parts on PostgreSQL "
		     "and SQLite only, DESC key parts there and on MySQL and MariaDB, a key part's COLLATE on PostgreSQL and SQLite, USING, INCLUDE, "
		     "operator classes and NULLS FIRST/LAST on PostgreSQL only, a prefix key part "
		     "col(n) on MySQL and MariaDB only): remove it from the "
		     "model, or keep it in a header only that database's project reads",
		     rg_buf_str(&b));
	rg_buf_free(&b);
	return -1;
}

bool rg_same_collation(const char *a, const char *b, const char *none, bool any_case)
{
	int (*cmp)(const char *, const char *) = any_case ? strcasecmp : strcmp;
	if (a && cmp(a, none) == 0)
		a = NULL;
	if (b && cmp(b, none) == 0)
		b = NULL;
	return a && b ? cmp(a, b) == 0 : a == b;
}
