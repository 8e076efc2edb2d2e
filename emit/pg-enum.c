/*
 * pg-enum.c (emit) - PostgreSQL's enumerated types (diff/enums.h): CREATE
 * TYPE ... AS ENUM, DROP TYPE, and a change of labels, added in place
 * when it can be (ALTER TYPE ... ADD VALUE, which PostgreSQL 12 and later
 * run inside the revision's transaction), else the type remade with every
 * column that uses it.  A label is never renamed in place: nothing in a
 * model says that one label is another one renamed, and a guess would
 * give rows another value.
 */
#include <string.h>

#include "emit/render.h"

static void literal(struct rg_buf *b, const char *s)
{
	rg_buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			rg_buf_addc(b, '\'');
		rg_buf_addc(b, *p);
	}
	rg_buf_addc(b, '\'');
}

static void create_type(struct rg_buf *b, const char *name, const struct rg_enum *e)
{
	rg_buf_add(b, "CREATE TYPE ");
	rg_pg_quote_rel(b, name);
	rg_buf_add(b, " AS ENUM (");
	for (size_t i = 0; i < e->nlabels; i++) {
		if (i)
			rg_buf_add(b, ", ");
		literal(b, e->labels[i]);
	}
	rg_buf_add(b, ");\n");
}

static bool has_label(const struct rg_enum *e, const char *label)
{
	for (size_t i = 0; i < e->nlabels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return true;
	return false;
}

/* Each label of t that f lacks, in t's order: after the label before it
 * in t (there by then), or, for those before f's first, before that one. */
static void add_values(struct rg_buf *b, const struct rg_enum *f, const struct rg_enum *t)
{
	size_t first_old = 0;
	while (first_old < t->nlabels && !has_label(f, t->labels[first_old]))
		first_old++;
	for (size_t i = 0; i < t->nlabels; i++) {
		if (has_label(f, t->labels[i]))
			continue;
		rg_buf_add(b, "ALTER TYPE ");
		rg_pg_quote_rel(b, t->name);
		rg_buf_add(b, " ADD VALUE ");
		literal(b, t->labels[i]);
		if (i < first_old && first_old < t->nlabels) {
			rg_buf_add(b, " BEFORE ");
			literal(b, t->labels[first_old]);
		} else if (i > 0) {
			rg_buf_add(b, " AFTER ");
			literal(b, t->labels[i - 1]);
		}
		rg_buf_add(b, ";\n");
	}
}

/*
 * The type remade with t's labels: the old one renamed out of the way,
 * the new one made under the name, each column that uses the type moved
 * to it through its text (a row whose label t lacks fails the revision,
 * which is rolled back whole), the old one dropped.  A default cannot be
 * cast so and is set again afterwards.
 */
static void remake(struct rg_buf *b, const struct rg_enum *t)
{
	/* a name the old type can have meanwhile, cut to the 63 bytes
	 * PostgreSQL keeps between two UTF-8 characters: its own prefix
	 * keeps it apart from the type's name */
	static const char prefix[] = "_revgen_old_";
	/* in the type's own schema, which RENAME TO keeps */
	size_t ns = rg_qualified_prefix(t->name);
	const char *base = ns ? t->name + ns + 1 : t->name;
	size_t keep = strlen(base);
	if (keep > 63 - (sizeof(prefix) - 1))
		keep = 63 - (sizeof(prefix) - 1);
	while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
		keep--;
	struct rg_buf old = RG_BUF_INIT;
	rg_buf_addf(&old, "%s%.*s", prefix, (int)keep, base);
	rg_buf_add(b, "ALTER TYPE ");
	rg_pg_quote_rel(b, t->name);
	rg_buf_add(b, " RENAME TO ");
	rg_pg_quote_ident(b, rg_buf_str(&old));
	rg_buf_add(b, ";\n");
	create_type(b, t->name, t);
	for (size_t i = 0; i < t->nusers; i++) {
		rg_buf_add(b, "ALTER TABLE ");
		rg_pg_quote_rel(b, t->user_tables[i]->name);
		rg_buf_add(b, " ALTER COLUMN ");
		rg_pg_quote_ident(b, t->user_columns[i]);
		rg_buf_add(b, " DROP DEFAULT, ALTER COLUMN ");
		rg_pg_quote_ident(b, t->user_columns[i]);
		rg_buf_add(b, " TYPE ");
		rg_pg_quote_rel(b, t->name);
		rg_buf_add(b, " USING ");
		rg_pg_quote_ident(b, t->user_columns[i]);
		rg_buf_add(b, "::text::");
		rg_pg_quote_rel(b, t->name);
		if (t->user_defaults[i]) {
			rg_buf_add(b, ", ALTER COLUMN ");
			rg_pg_quote_ident(b, t->user_columns[i]);
			rg_buf_addf(b, " SET DEFAULT %s", t->user_defaults[i]);
		}
		rg_buf_add(b, ";\n");
	}
	rg_buf_add(b, "DROP TYPE ");
	rg_pg_quote_in_schema_of(b, t->name, rg_buf_str(&old));
	rg_buf_add(b, ";\n");
	rg_buf_free(&old);
}

void rg_pg_render_type_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_enum *f = op->from, *t = op->to;
	switch (op->kind) {
	case RG_OP_CREATE_TYPE:
		create_type(b, t->name, t);
		break;
	case RG_OP_DROP_TYPE:
		rg_buf_add(b, "DROP TYPE ");
		rg_pg_quote_rel(b, f->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ALTER_TYPE:
		if (t->add_values)
			add_values(b, f, t);
		else
			remake(b, t);
		break;
	default:
		break;
	}
}
