/*
 * pg.c (emit) - PostgreSQL's half of rg_dialect_postgresql: quoting, type
 * spelling, canonical forms that make the catalog's re-printed text equal
 * to what the models say, and rendering operations as PostgreSQL DDL.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit/dialect.h"
#include "introspect/pg.h"

/*
 * Every keyword that is not UNRESERVED in PostgreSQL 15 (reserved,
 * type/function-name and column-name keywords): exactly the words that
 * PostgreSQL's own quote_ident() quotes.  Sorted, for bsearch.
 */
static const char *const keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp",
	"current_user", "dec", "decimal", "default", "deferrable", "desc",
	"distinct", "do", "else", "end", "except", "exists", "extract", "false",
	"fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially",
	"inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
	"isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
	"localtime", "localtimestamp", "national", "natural", "nchar", "none",
	"normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on",
	"only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references", "returning",
	"right", "row", "select", "session_user", "setof", "similar", "smallint",
	"some", "substring", "symmetric", "table", "tablesample", "then", "time",
	"timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique",
	"user", "using", "values", "varchar", "variadic", "verbose", "when",
	"where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement",
	"xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
	"xmlserialize", "xmltable",
};

static int cmp_kw(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void quote_ident(struct rg_buf *out, const char *id)
{
	/* unquoted names fold to lower case: only [a-z_][a-z0-9_$]* that is
	 * not a keyword survives without quotes */
	bool plain = (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_';
	for (const char *p = id; plain && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || isdigit((unsigned char)*p) || *p == '_' ||
		      *p == '$'))
			plain = false;
	if (plain && bsearch(&id, keywords, RG_ARRAY_LEN(keywords), sizeof(char *), cmp_kw))
		plain = false;
	if (plain) {
		rg_buf_add(out, id);
		return;
	}
	rg_buf_addc(out, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			rg_buf_addc(out, '"');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '"');
}

static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *pg;
	} map[] = {
		{"BOOLEAN", "boolean"}, {"SMALLINT", "smallint"}, {"INTEGER", "integer"},
		{"BIGINT", "bigint"}, {"REAL", "real"}, {"DOUBLE PRECISION", "double precision"},
		{"TEXT", "text"}, {"TIMESTAMP", "timestamp"},
	};
	if (c->generic) {
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].pg);
				return;
			}
		if (strncmp(c->type, "VARCHAR", 7) == 0) {
			rg_buf_addf(out, "varchar%s", c->type + 7);
			return;
		}
	}
	rg_buf_add(out, c->type ? c->type : "");
}

/*
 * Types: every spelling PostgreSQL accepts for one type comes out as the
 * name format_type() prints, so "INTEGER", "int4" and "integer" compare
 * equal, "VARCHAR(255)" equals "character varying(255)".
 */
static void canon_type(struct rg_buf *out, const char *type)
{
	struct rg_buf low = RG_BUF_INIT, name = RG_BUF_INIT, args = RG_BUF_INIT;
	rg_sql_canon(&low, type);
	for (char *p = low.data; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	/* split "name(args) rest" into the name words and "(args)" */
	const char *s = rg_buf_str(&low);
	const char *open = strchr(s, '('), *close = open ? strchr(open, ')') : NULL;
	if (open && close) {
		rg_buf_addn(&name, s, (size_t)(open - s));
		rg_buf_addn(&args, open, (size_t)(close - open + 1));
		rg_buf_add(&name, close + 1);
	} else {
		rg_buf_add(&name, s);
	}
	const char *n = rg_buf_str(&name);
	bool array = false;
	if (name.len >= 2 && strcmp(n + name.len - 2, "[]") == 0) {
		array = true;
		name.data[name.len - 2] = '\0';
	}
	static const struct {
		const char *alias, *canon;
	} map[] = {
		{"int", "integer"}, {"int4", "integer"}, {"integer", "integer"},
		{"int2", "smallint"}, {"smallint", "smallint"}, {"int8", "bigint"},
		{"bigint", "bigint"}, {"bool", "boolean"}, {"boolean", "boolean"},
		{"float4", "real"}, {"real", "real"}, {"float8", "double precision"},
		{"float", "double precision"}, {"double precision", "double precision"},
		{"varchar", "character varying"}, {"character varying", "character varying"},
		{"char", "character"}, {"character", "character"}, {"bpchar", "character"},
		{"decimal", "numeric"}, {"numeric", "numeric"},
		{"timestamp", "timestamp without time zone"},
		{"timestamp without time zone", "timestamp without time zone"},
		{"timestamptz", "timestamp with time zone"},
		{"timestamp with time zone", "timestamp with time zone"},
		{"time", "time without time zone"}, {"time without time zone", "time without time zone"},
		{"timetz", "time with time zone"}, {"time with time zone", "time with time zone"},
	};
	const char *canon = rg_buf_str(&name);
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(canon, map[i].alias) == 0)
			canon = map[i].canon;
	/* format_type puts a precision between "timestamp" and "with(out)" */
	const char *tz = strstr(canon, " with");
	if (tz && args.len && (strncmp(canon, "timestamp", 9) == 0 || strncmp(canon, "time", 4) == 0)) {
		rg_buf_addn(out, canon, (size_t)(tz - canon));
		rg_buf_add(out, rg_buf_str(&args));
		rg_buf_add(out, tz);
	} else {
		rg_buf_add(out, canon);
		rg_buf_add(out, rg_buf_str(&args));
	}
	if (array)
		rg_buf_add(out, "[]");
	rg_buf_free(&low);
	rg_buf_free(&name);
	rg_buf_free(&args);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Removes "::type" casts (outside quotes), which the catalog adds to
 * defaults and expressions: 'draft'::character varying, (x)::text. */
static void strip_casts(struct rg_buf *out, const char *s)
{
	static const char *const more[] = {"varying", "precision", "without", "with", "time", "zone"};
	char q = 0;
	for (const char *p = s; *p;) {
		if (q) {
			if (*p == q)
				q = 0;
			rg_buf_addc(out, *p++);
			continue;
		}
		if (*p == '\'' || *p == '"') {
			q = *p;
			rg_buf_addc(out, *p++);
			continue;
		}
		if (p[0] == ':' && p[1] == ':') {
			p += 2;
			while (*p == ' ')
				p++;
			if (*p == '"') { /* a quoted type name */
				p++;
				while (*p && *p != '"')
					p++;
				if (*p)
					p++;
			}
			while (word_char(*p) || *p == '.')
				p++;
			/* multi-word type names, and only those words */
			for (;;) {
				const char *w = p;
				while (*w == ' ')
					w++;
				size_t len = 0;
				while (word_char(w[len]))
					len++;
				bool known = false;
				for (size_t i = 0; i < RG_ARRAY_LEN(more); i++)
					if (len == strlen(more[i]) && strncasecmp(w, more[i], len) == 0)
						known = true;
				if (!known)
					break;
				p = w + len;
			}
			if (*p == '(') {
				const char *close = strchr(p, ')');
				if (close)
					p = close + 1;
			}
			if (p[0] == '[' && p[1] == ']')
				p += 2;
			continue;
		}
		rg_buf_addc(out, *p++);
	}
}

/* Drops parentheses that only group (not those of a function call), each
 * replaced by a space, so that PostgreSQL's generous re-printing,
 * ((a >= 0) AND (a <= 9)), meets the user's a >= 0 AND a <= 9. */
static void drop_grouping(struct rg_buf *out, const char *s)
{
	size_t n = strlen(s);
	bool *call = rg_xcalloc(n + 1, sizeof(bool)); /* per '(': a call? */
	int *stack = rg_xcalloc(n + 1, sizeof(int));
	int top = 0;
	char q = 0;
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (q) {
			if (c == q)
				q = 0;
			rg_buf_addc(&b, c);
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
			rg_buf_addc(&b, c);
			continue;
		}
		if (c == '(') {
			size_t k = i;
			while (k > 0 && s[k - 1] == ' ')
				k--;
			bool is_call = k > 0 && (word_char(s[k - 1]) || s[k - 1] == '"');
			/* a keyword before '(' (AND (, IN (...) is grouping or a
			 * list; only IN lists must keep their parentheses */
			if (is_call && k >= 3) {
				size_t w = k;
				while (w > 0 && word_char(s[w - 1]))
					w--;
				if ((k - w == 3 && strncasecmp(s + w, "AND", 3) == 0) ||
				    (k - w == 2 && strncasecmp(s + w, "OR", 2) == 0) ||
				    (k - w == 3 && strncasecmp(s + w, "NOT", 3) == 0))
					is_call = false;
			}
			stack[top++] = (int)i;
			call[i] = is_call;
			rg_buf_addc(&b, is_call ? '(' : ' ');
			continue;
		}
		if (c == ')' && top > 0) {
			int open = stack[--top];
			rg_buf_addc(&b, call[open] ? ')' : ' ');
			continue;
		}
		rg_buf_addc(&b, c);
	}
	rg_sql_canon(out, rg_buf_str(&b));
	rg_buf_free(&b);
	free(call);
	free(stack);
}

/* x BETWEEN a AND b -> x >= a AND x <= b, as PostgreSQL stores it; on
 * canonical text, single-term operands. */
static void rewrite_between(struct rg_buf *out, const char *s)
{
	const char *p = strstr(s, " BETWEEN ");
	if (!p) {
		rg_buf_add(out, s);
		return;
	}
	const char *xs = p;
	while (xs > s && (word_char(xs[-1]) || xs[-1] == '.' || xs[-1] == '"'))
		xs--;
	const char *a = p + 9;
	const char *and = strstr(a, " AND ");
	if (!and || xs == p) {
		rg_buf_add(out, s);
		return;
	}
	const char *b = and + 5;
	const char *be = b;
	if (*be == '-' || *be == '+')
		be++;
	while (word_char(*be) || *be == '.' || *be == '\'')
		be++;
	rg_buf_addn(out, s, (size_t)(xs - s));
	rg_buf_addf(out, "%.*s>=%.*s AND %.*s<=%.*s", (int)(p - xs), xs, (int)(and - a), a,
		    (int)(p - xs), xs, (int)(be - b), b);
	rewrite_between(out, be);
}

static void canon_expr(struct rg_buf *out, const char *expr)
{
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT, c = RG_BUF_INIT;
	strip_casts(&a, expr);
	rg_sql_canon(&b, rg_buf_str(&a));
	rewrite_between(&c, rg_buf_str(&b));
	drop_grouping(out, rg_buf_str(&c));
	rg_buf_free(&a);
	rg_buf_free(&b);
	rg_buf_free(&c);
}

/*
 * Defaults: the catalog gives 'draft'::character varying, '-1'::integer,
 * now() for CURRENT_TIMESTAMP written as now(), ((1 + 2) * 3).  Casts go,
 * a quoted number is the number, now() is CURRENT_TIMESTAMP.
 */
static void canon_default(struct rg_buf *out, const char *expr)
{
	struct rg_buf a = RG_BUF_INIT;
	canon_expr(&a, expr);
	const char *s = rg_buf_str(&a);
	size_t n = a.len;
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		struct rg_buf inner = RG_BUF_INIT;
		rg_buf_addn(&inner, s + 1, n - 2);
		if (rg_sql_is_literal(inner.data) && inner.data[0] != '\'' &&
		    strcasecmp(inner.data, "NULL") != 0) {
			rg_buf_add(out, inner.data);
			rg_buf_free(&inner);
			rg_buf_free(&a);
			return;
		}
		rg_buf_free(&inner);
	}
	if (strcmp(s, "NOW()") == 0 || strcmp(s, "TRANSACTION_TIMESTAMP()") == 0)
		s = "CURRENT_TIMESTAMP";
	rg_buf_add(out, s);
	rg_buf_free(&a);
}

/* ---- rendering ---- */

static const struct rg_dialect *const D = &rg_dialect_postgresql;

static void alter_table(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	quote_ident(b, table);
	rg_buf_addc(b, ' ');
}

static void column_def(struct rg_buf *b, const struct rg_column *c)
{
	quote_ident(b, c->name);
	rg_buf_addc(b, ' ');
	render_type(b, c);
	/* BY DEFAULT, not ALWAYS: rows can still be copied in with their ids */
	if (c->autoincrement)
		rg_buf_add(b, " GENERATED BY DEFAULT AS IDENTITY");
	if (c->not_null)
		rg_buf_add(b, " NOT NULL");
	if (c->default_expr && !c->autoincrement)
		rg_buf_addf(b, " DEFAULT %s", c->default_expr);
}

static void comment_on(struct rg_buf *b, const char *table, const char *column,
		       const char *text)
{
	rg_buf_add(b, column ? "COMMENT ON COLUMN " : "COMMENT ON TABLE ");
	quote_ident(b, table);
	if (column) {
		rg_buf_addc(b, '.');
		quote_ident(b, column);
	}
	rg_buf_add(b, " IS ");
	if (text)
		rg_sql_string(b, text);
	else
		rg_buf_add(b, "NULL");
	rg_buf_add(b, ";\n");
}

static void create_table(struct rg_buf *b, const struct rg_table *t)
{
	rg_buf_add(b, "CREATE TABLE ");
	quote_ident(b, t->name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_add(b, sep);
		column_def(b, t->columns[i]);
		sep = ",\n    ";
	}
	if (t->pk) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, D, t->pk->name);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, t->pk->cols, t->pk->ncols);
	}
	rg_sql_uniques_checks(b, D, t, sep);
	rg_sql_foreign_keys(b, D, t, sep);
	rg_buf_add(b, "\n);\n");
	if (t->comment)
		comment_on(b, t->name, NULL, t->comment);
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->comment)
			comment_on(b, t->name, t->columns[i]->name, t->columns[i]->comment);
}

static void drop_constraint(struct rg_buf *b, const char *table, const char *name)
{
	alter_table(b, table);
	rg_buf_add(b, "DROP CONSTRAINT ");
	quote_ident(b, name);
	rg_buf_add(b, ";\n");
}

static void alter_column(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_column *f = op->from, *t = op->to;
	const char *col = op->column;
#define ALTER_COL()                         \
	do {                                \
		alter_table(b, op->table);  \
		rg_buf_add(b, "ALTER COLUMN "); \
		quote_ident(b, col);        \
		rg_buf_addc(b, ' ');        \
	} while (0)
	/* a default in the way of a type change or of an identity goes
	 * first; the new one comes last */
	bool dflt = (op->alter & RG_ALTER_DEFAULT) || (op->alter & RG_ALTER_AUTOINC);
	if ((dflt || (op->alter & RG_ALTER_TYPE)) && f->default_expr && !f->autoincrement) {
		ALTER_COL();
		rg_buf_add(b, "DROP DEFAULT;\n");
	}
	if ((op->alter & RG_ALTER_AUTOINC) && f->autoincrement) {
		ALTER_COL();
		rg_buf_add(b, "DROP IDENTITY IF EXISTS;\n");
	}
	if (op->alter & RG_ALTER_TYPE) {
		ALTER_COL();
		rg_buf_add(b, "TYPE ");
		render_type(b, t);
		rg_buf_add(b, " USING ");
		quote_ident(b, col);
		rg_buf_add(b, "::");
		render_type(b, t);
		rg_buf_add(b, ";\n");
	}
	if (op->alter & RG_ALTER_NULL) {
		ALTER_COL();
		rg_buf_add(b, t->not_null ? "SET NOT NULL;\n" : "DROP NOT NULL;\n");
	}
	if ((dflt || (op->alter & RG_ALTER_TYPE)) && t->default_expr && !t->autoincrement) {
		ALTER_COL();
		rg_buf_addf(b, "SET DEFAULT %s;\n", t->default_expr);
	}
	if ((op->alter & RG_ALTER_AUTOINC) && t->autoincrement) {
		ALTER_COL();
		rg_buf_add(b, "ADD GENERATED BY DEFAULT AS IDENTITY;\n");
	}
	if (op->alter & RG_ALTER_COMMENT)
		comment_on(b, op->table, col, t->comment);
#undef ALTER_COL
}

static void render_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_column *c;
	const struct rg_index *x;
	/* a dropped table's indexes go with it; the op is there for the
	 * inverse, which recreates them */
	if (op->kind == RG_OP_DROP_INDEX && !op->table_to)
		return;
	if (op->warning)
		rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
		create_table(b, op->table_to);
		break;
	case RG_OP_DROP_TABLE:
		rg_buf_add(b, "DROP TABLE ");
		quote_ident(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_TABLE:
		alter_table(b, op->table);
		rg_buf_add(b, "RENAME TO ");
		quote_ident(b, op->table_to->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ADD_COLUMN:
		c = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, c);
		rg_buf_add(b, ";\n");
		if (c->comment)
			comment_on(b, op->table, c->name, c->comment);
		break;
	case RG_OP_DROP_COLUMN:
		alter_table(b, op->table);
		rg_buf_add(b, "DROP COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_COLUMN:
		alter_table(b, op->table);
		rg_buf_add(b, "RENAME COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		quote_ident(b, ((const struct rg_column *)op->to)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ALTER_COLUMN:
		alter_column(b, op);
		break;
	case RG_OP_ADD_PK: {
		const struct rg_pk *pk = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, pk->name);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, pk->cols, pk->ncols);
		rg_buf_add(b, ";\n");
		break;
	}
	case RG_OP_DROP_PK: {
		const struct rg_pk *pk = op->from;
		struct rg_buf name = RG_BUF_INIT;
		/* a key the catalog gave no name has PostgreSQL's default one */
		rg_buf_addf(&name, "%s_pkey", op->table);
		drop_constraint(b, op->table, pk->name ? pk->name : name.data);
		rg_buf_free(&name);
		break;
	}
	case RG_OP_ADD_UNIQUE: {
		const struct rg_unique *u = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, u->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, u->cols, u->ncols);
		rg_buf_add(b, ";\n");
		break;
	}
	case RG_OP_DROP_UNIQUE:
		drop_constraint(b, op->table, ((const struct rg_unique *)op->from)->name);
		break;
	case RG_OP_ADD_CHECK: {
		const struct rg_check *ck = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, ck->name);
		rg_buf_addf(b, "CHECK (%s);\n", ck->expr);
		break;
	}
	case RG_OP_DROP_CHECK:
		drop_constraint(b, op->table, ((const struct rg_check *)op->from)->name);
		break;
	case RG_OP_ADD_FK:
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_fk_clause(b, D, op->to);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_DROP_FK:
		drop_constraint(b, op->table, ((const struct rg_fk *)op->from)->name);
		break;
	case RG_OP_CREATE_INDEX:
		x = op->to;
		rg_buf_add(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		quote_ident(b, x->name);
		rg_buf_add(b, " ON ");
		quote_ident(b, op->table);
		rg_buf_addc(b, ' ');
		rg_sql_names(b, D, x->cols, x->ncols);
		if (x->where)
			rg_buf_addf(b, " WHERE %s", x->where);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_DROP_INDEX:
		rg_buf_add(b, "DROP INDEX ");
		quote_ident(b, ((const struct rg_index *)op->from)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_TABLE_COMMENT:
		comment_on(b, op->table, NULL, op->table_to->comment);
		break;
	case RG_OP__COUNT:
		break;
	}
}

static int render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		      struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	(void)err;
	rg_sql_render_each(out, ops, render_op);
	return 0;
}

const struct rg_dialect rg_dialect_postgresql = {
	.name = "postgresql",
	.caps = RG_CAP_COMMENTS | RG_CAP_TRANSACTIONAL_DDL | RG_CAP_ALTER_COLUMN,
	.quote_ident = quote_ident,
	.render_type = render_type,
	.canon_type = canon_type,
	.canon_default = canon_default,
	.canon_expr = canon_expr,
	.render_ops = render_ops,
	.connect = rg_pg_connect,
	.disconnect = rg_pg_disconnect,
	.exec = rg_pg_exec,
	.query_column = rg_pg_query_column,
	.table_exists = rg_pg_table_exists,
	.introspect = rg_pg_introspect,
	.statement_count = rg_pg_statement_count,
	.begin = rg_pg_begin,
	.commit = rg_pg_commit,
	.rollback = rg_pg_rollback,
	.lock = rg_pg_lock,
	.unlock = rg_pg_unlock,
};
