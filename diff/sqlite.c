/*
 * sqlite.c (diff) - SQLite's canonical forms.  SQLite keeps the text of a
 * declaration as it was given, so little needs bringing together.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "diff/compare.h"

/* SQLite keeps the declared type as written, so generic types need no
 * translation but the unsigned ones, which become the smallest signed
 * name that promises their range (as PostgreSQL's; the CHECK (col >= 0)
 * is rg_compare_lower_models'; a 64-bit one has none and is refused
 * there); only AUTOINCREMENT insists on exactly INTEGER. */
static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *lite;
	} map[] = {
		{"TINYINT UNSIGNED", "SMALLINT"}, {"SMALLINT UNSIGNED", "INTEGER"},
		{"INTEGER UNSIGNED", "BIGINT"},
	};
	if (c->autoincrement) {
		rg_buf_add(out, "INTEGER");
		return;
	}
	if (c->generic && c->enum_name) {
		rg_buf_add(out, "TEXT"); /* and a CHECK of its labels */
		return;
	}
	if (c->generic)
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].lite);
				return;
			}
	rg_buf_add(out, c->type ? c->type : "");
}

/* Declared types compare as text: SQLite gives back what it was given, and
 * a user who changes RG_TYPE(INT) to RG_TYPE(INTEGER) sees that change
 * (both have INTEGER affinity, but other tools read the declared type). */
static void canon(struct rg_buf *out, const char *s)
{
	rg_sql_canon(out, s);
}

/*
 * SQLite keeps any value in any column and never truncates one; a value
 * converts only between affinities (the rules of its "Datatypes" page:
 * INT anywhere in the name, then CHAR/CLOB/TEXT, BLOB, REAL/FLOA/DOUB,
 * else NUMERIC).  Within one affinity the declared size is still the
 * column's contract to other tools, so a smaller one is reported:
 * NVARCHAR(300) -> NVARCHAR(200) warns, NVARCHAR(200) -> NVARCHAR(300)
 * or CHAR(20) -> TEXT does not.  Integers are 8 bytes whatever the
 * name; the names that promise less (TINYINT, SMALLINT, MEDIUMINT) are
 * held to it.  Floating point is always 8 bytes.
 */
static void type_range(const char *canon, struct rg_type_range *out)
{
	long long args[2];
	int nargs;
	const char *rest;
	size_t len = rg_type_split(canon, args, &nargs, &rest);
	char name[64];
	snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63), canon);
	out->family = RG_TF_UNKNOWN;
	if (*rest || nargs < 0 || len > 63)
		return;
	if (strstr(name, "INT")) {
		static const struct {
			const char *name;
			long long bits;
		} small[] = {{"TINYINT", 7}, {"SMALLINT", 15}, {"INT2", 15}, {"MEDIUMINT", 23}};
		*out = (struct rg_type_range){RG_TF_INTEGER, 63, 63};
		for (size_t i = 0; i < RG_ARRAY_LEN(small); i++)
			if (strcmp(name, small[i].name) == 0)
				out->a = out->b = small[i].bits;
	} else if (strstr(name, "CHAR") || strstr(name, "CLOB") || strstr(name, "TEXT")) {
		*out = (struct rg_type_range){RG_TF_STRING,
			nargs ? args[0] : RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED};
	} else if (strstr(name, "REAL") || strstr(name, "FLOA") || strstr(name, "DOUB")) {
		*out = (struct rg_type_range){RG_TF_FLOAT, 8, 0};
	} else if ((strcmp(name, "NUMERIC") == 0 || strcmp(name, "DECIMAL") == 0)) {
		*out = (struct rg_type_range){RG_TF_DECIMAL, RG_TYPE_UNBOUNDED, RG_TYPE_UNBOUNDED};
		if (nargs) {
			out->b = nargs == 2 ? args[1] : 0;
			out->a = args[0] - out->b;
		}
	}
}

/* CHECK expressions: an identifier in double quotes is the same
 * identifier without them (SQLite's are case-insensitive either way), so
 * the "col" >= 0 revgen writes for a C type (diff/lower.h) meets a
 * hand-written col >= 0; quotes around anything else are kept. */
static void canon_expr(struct rg_buf *out, const char *s)
{
	struct rg_buf plain = RG_BUF_INIT;
	for (const char *p = s; *p;) {
		if (*p == '\'') { /* a string: as it is */
			const char *e = p + 1;
			while (*e && !(*e == '\'' && e[1] != '\'')) {
				if (*e == '\'' && e[1] == '\'')
					e++;
				e++;
			}
			if (*e)
				e++;
			rg_buf_addn(&plain, p, (size_t)(e - p));
			p = e;
			continue;
		}
		size_t n = 0;
		if (*p == '"' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			n = 1;
			while (isalnum((unsigned char)p[n + 1]) || p[n + 1] == '_')
				n++;
			if (p[n + 1] != '"')
				n = 0;
		}
		if (n) {
			rg_buf_addn(&plain, p + 1, n);
			p += n + 2;
		} else {
			rg_buf_addc(&plain, *p++);
		}
	}
	rg_sql_canon(out, rg_buf_str(&plain));
	rg_buf_free(&plain);
}

/* A number by its exact value: SQLite keeps the default as written, and
 * 1.50 is the value 1.5 (a quoted '1.50' is text, kept as it is). */
static void canon_default(struct rg_buf *out, const char *s)
{
	struct rg_buf a = RG_BUF_INIT;
	rg_sql_canon(&a, s);
	if (!rg_sql_number(out, rg_buf_str(&a)))
		rg_buf_add(out, rg_buf_str(&a));
	rg_buf_free(&a);
}

/* A column's COLLATE: names without case, and BINARY is no COLLATE at all
 * (SQLite's default).  A rebuild changes it (emit/sqlite.c). */
static bool same_collation(const struct rg_table *tf, const struct rg_column *f,
			   const struct rg_table *tt, const struct rg_column *t)
{
	(void)tf;
	(void)tt;
	return !f || !t || rg_same_collation(f->collation, t->collation, "BINARY", true);
}

const struct rg_compare rg_compare_sqlite = {
	/* REFERENCES is resolved when rows are written, not at CREATE
	 * TABLE, and there is no ALTER TABLE ADD FOREIGN KEY */
	.caps = RG_CAP_FORWARD_REFERENCES | RG_CAP_PARTIAL_INDEX | RG_CAP_EXPR_INDEX |
		RG_CAP_DESC_INDEX | RG_CAP_TYPELESS | RG_CAP_COLUMN_COLLATIONS |
		RG_CAP_DEFERRABLE_FK | RG_CAP_AUTOINC_WHOLE_PK |
		RG_CAP_VIRTUAL_GENERATED | RG_CAP_KEY_COLLATE | RG_CAP_ROWID_STRICT,
	/* tables, columns and indexes: ASCII letters without case, kept as
	 * written; constraint names are text SQLite keeps and never compares */
	.table_names = RG_NAMES_ANY_CASE,
	.column_names = RG_NAMES_ANY_CASE,
	.index_names = RG_NAMES_ANY_CASE,
	.render_type = render_type,
	.canon_type = canon,
	.canon_default = canon_default,
	.canon_expr = canon_expr,
	.type_range = type_range,
	.same_charset = same_collation,
};
