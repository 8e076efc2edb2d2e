/*
 * sqlite.c (diff) - SQLite's canonical forms.  SQLite keeps the text of a
 * declaration as it was given, so little needs bringing together.
 */
#include "diff/compare.h"

/* SQLite keeps the declared type as written, so generic types need no
 * translation; only AUTOINCREMENT insists on exactly INTEGER. */
static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	if (c->autoincrement)
		rg_buf_add(out, "INTEGER");
	else
		rg_buf_add(out, c->type ? c->type : "");
}

/* Declared types compare as text: SQLite gives back what it was given, and
 * a user who changes RG_TYPE(INT) to RG_TYPE(INTEGER) sees that change
 * (both have INTEGER affinity, but other tools read the declared type). */
static void canon(struct rg_buf *out, const char *s)
{
	rg_sql_canon(out, s);
}

const struct rg_compare rg_compare_sqlite = {
	/* REFERENCES is resolved when rows are written, not at CREATE
	 * TABLE, and there is no ALTER TABLE ADD FOREIGN KEY */
	.caps = RG_CAP_FORWARD_REFERENCES,
	.render_type = render_type,
	.canon_type = canon,
	.canon_default = canon,
	.canon_expr = canon,
};
