/*
 * differ.c - compares two schemas and lists the operations that turn the
 * first into the second.
 *
 * The order of the list is what makes both it and its inverse runnable:
 *   1 drop foreign keys        (nothing may still point at what changes)
 *   2 drop indexes, uniques, checks, primary keys of surviving tables
 *   3 rename tables, then columns
 *   4 create tables in foreign-key order, each followed by its indexes
 *   5 add and alter columns, table comments
 *   6 drop columns             (after the adds: a rename-by-hand keeps data)
 *   7 drop tables in reverse foreign-key order, each after its indexes
 *   8 add primary keys, uniques, checks, indexes of surviving tables
 *   9 add foreign keys         (everything they point at exists now)
 * Read backwards with each step inverted, the list is again in this order,
 * which is why rg_oplist_invert() can simply reverse it.
 */
#include "diff/differ.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit/dialect.h"

static const char *const op_names[] = {
	[RG_OP_CREATE_TABLE] = "create_table",
	[RG_OP_DROP_TABLE] = "drop_table",
	[RG_OP_RENAME_TABLE] = "rename_table",
	[RG_OP_ADD_COLUMN] = "add_column",
	[RG_OP_DROP_COLUMN] = "drop_column",
	[RG_OP_RENAME_COLUMN] = "rename_column",
	[RG_OP_ALTER_COLUMN] = "alter_column",
	[RG_OP_ADD_PK] = "add_primary_key",
	[RG_OP_DROP_PK] = "drop_primary_key",
	[RG_OP_ADD_UNIQUE] = "add_unique",
	[RG_OP_DROP_UNIQUE] = "drop_unique",
	[RG_OP_CREATE_INDEX] = "create_index",
	[RG_OP_DROP_INDEX] = "drop_index",
	[RG_OP_ADD_FK] = "add_foreign_key",
	[RG_OP_DROP_FK] = "drop_foreign_key",
	[RG_OP_ADD_CHECK] = "add_check",
	[RG_OP_DROP_CHECK] = "drop_check",
	[RG_OP_TABLE_COMMENT] = "table_comment",
};
_Static_assert(RG_ARRAY_LEN(op_names) == RG_OP__COUNT,
	       "op_names out of step with enum rg_op_kind");

const char *rg_op_kind_name(enum rg_op_kind k)
{
	return (size_t)k < RG_OP__COUNT ? op_names[k] : "unknown";
}

void rg_oplist_init(struct rg_oplist *l)
{
	memset(l, 0, sizeof(*l));
	l->arena = rg_arena_new();
}

void rg_oplist_free(struct rg_oplist *l)
{
	free(l->ops);
	rg_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

const char *rg_op_table_name(const struct rg_op *op)
{
	if (op->kind == RG_OP_RENAME_TABLE)
		return op->table_to->name;
	if (op->table)
		return op->table;
	return op->table_to ? op->table_to->name : op->table_from->name;
}

const char *rg_op_object_name(const struct rg_op *op)
{
	const void *o = op->to ? op->to : op->from;
	switch (op->kind) {
	case RG_OP_ADD_COLUMN:
	case RG_OP_DROP_COLUMN:
	case RG_OP_ALTER_COLUMN:
		return op->column ? op->column : ((const struct rg_column *)o)->name;
	case RG_OP_RENAME_COLUMN:
		return ((const struct rg_column *)op->to)->name;
	case RG_OP_ADD_PK:
	case RG_OP_DROP_PK:
		return ((const struct rg_pk *)o)->name ? ((const struct rg_pk *)o)->name
						       : "primary key";
	case RG_OP_ADD_UNIQUE:
	case RG_OP_DROP_UNIQUE:
		return ((const struct rg_unique *)o)->name;
	case RG_OP_CREATE_INDEX:
	case RG_OP_DROP_INDEX:
		return ((const struct rg_index *)o)->name;
	case RG_OP_ADD_FK:
	case RG_OP_DROP_FK:
		return ((const struct rg_fk *)o)->name;
	case RG_OP_ADD_CHECK:
	case RG_OP_DROP_CHECK:
		return ((const struct rg_check *)o)->name;
	default:
		return NULL;
	}
}

/* ---- comparing ---- */

struct ctx {
	const struct rg_dialect *d;
	struct rg_buf a, b; /* scratch */
	struct rg_oplist bucket[9];
	const struct rg_diff_opts *opts;
};

static bool excluded(const struct ctx *c, const char *table)
{
	if (!c->opts)
		return false;
	for (size_t i = 0; i < c->opts->nexclude; i++)
		if (rg_glob_match(c->opts->exclude[i], table))
			return true;
	return false;
}

static struct rg_op *add_op(struct ctx *c, int bucket, enum rg_op_kind kind,
			    const struct rg_table *tf, const struct rg_table *tt,
			    const void *from, const void *to)
{
	struct rg_oplist *l = &c->bucket[bucket];
	rg_grow((void **)&l->ops, &l->cap, l->n + 1, sizeof(struct rg_op));
	struct rg_op *op = &l->ops[l->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->table_from = tf;
	op->table_to = tt;
	op->from = from;
	op->to = to;
	return op;
}

static bool same_type(struct ctx *c, const struct rg_column *x,
		      const struct rg_column *y)
{
	struct rg_buf r = RG_BUF_INIT;
	rg_buf_reset(&c->a);
	rg_buf_reset(&c->b);
	c->d->render_type(&r, x);
	c->d->canon_type(&c->a, rg_buf_str(&r));
	rg_buf_reset(&r);
	c->d->render_type(&r, y);
	c->d->canon_type(&c->b, rg_buf_str(&r));
	rg_buf_free(&r);
	return strcmp(rg_buf_str(&c->a), rg_buf_str(&c->b)) == 0;
}

/* Compares defaults canonically; DEFAULT NULL (however the catalog casts
 * it) is no default, which catalogs report alike. */
static bool same_default(struct ctx *c, const char *x, const char *y)
{
	rg_buf_reset(&c->a);
	rg_buf_reset(&c->b);
	if (x)
		c->d->canon_default(&c->a, x);
	if (y)
		c->d->canon_default(&c->b, y);
	const char *cx = x && strcmp(rg_buf_str(&c->a), "NULL") != 0 ? rg_buf_str(&c->a) : NULL;
	const char *cy = y && strcmp(rg_buf_str(&c->b), "NULL") != 0 ? rg_buf_str(&c->b) : NULL;
	if (!cx || !cy)
		return cx == cy;
	return strcmp(cx, cy) == 0;
}

static bool same_expr(struct ctx *c, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	rg_buf_reset(&c->a);
	rg_buf_reset(&c->b);
	c->d->canon_expr(&c->a, x);
	c->d->canon_expr(&c->b, y);
	return strcmp(rg_buf_str(&c->a), rg_buf_str(&c->b)) == 0;
}

#define COLS_EQ(x, y) \
	rg_names_equal((x)->cols, (x)->ncols, (y)->cols, (y)->ncols)

static bool same_unique(struct ctx *c, const void *a, const void *b)
{
	const struct rg_unique *x = a, *y = b;
	(void)c;
	return COLS_EQ(x, y);
}

static bool same_index(struct ctx *c, const void *a, const void *b)
{
	const struct rg_index *x = a, *y = b;
	return x->unique == y->unique && COLS_EQ(x, y) && same_expr(c, x->where, y->where);
}

static enum rg_fk_action fk_action(const struct ctx *c, enum rg_fk_action a)
{
	if ((c->d->caps & RG_CAP_RESTRICT_IS_NO_ACTION) && a == RG_FK_RESTRICT)
		return RG_FK_NO_ACTION;
	return a;
}

static bool same_fk(struct ctx *c, const void *a, const void *b)
{
	const struct rg_fk *x = a, *y = b;
	return COLS_EQ(x, y) && strcmp(x->ref_table, y->ref_table) == 0 &&
	       rg_names_equal(x->ref_cols, x->ncols, y->ref_cols, y->ncols) &&
	       fk_action(c, x->on_delete) == fk_action(c, y->on_delete) &&
	       fk_action(c, x->on_update) == fk_action(c, y->on_update);
}

static bool same_check(struct ctx *c, const void *a, const void *b)
{
	const struct rg_check *x = a, *y = b;
	return same_expr(c, x->expr, y->expr);
}

/*
 * Matches two lists of constraints of one kind: by name where both sides
 * have one, else (one side unnamed, as catalogs that keep no names report
 * them) by definition.  Unmatched "from" objects are dropped, unmatched
 * "to" objects added, matched pairs that differ are dropped and re-added.
 */
typedef bool (*same_fn)(struct ctx *, const void *, const void *);
typedef const char *(*name_fn)(const void *);

static const char *unique_name(const void *o) { return ((const struct rg_unique *)o)->name; }
static const char *index_name(const void *o) { return ((const struct rg_index *)o)->name; }
static const char *fk_name(const void *o) { return ((const struct rg_fk *)o)->name; }
static const char *check_name(const void *o) { return ((const struct rg_check *)o)->name; }

static void match_objects(struct ctx *c, const struct rg_table *tf,
			  const struct rg_table *tt, void *const *from, size_t nf,
			  void *const *to, size_t nt, name_fn name, same_fn same,
			  enum rg_op_kind drop, int drop_bucket, enum rg_op_kind add,
			  int add_bucket)
{
	long *match = rg_xcalloc(nt + 1, sizeof(long)); /* to[i] -> from index */
	bool *taken = rg_xcalloc(nf + 1, sizeof(bool));
	for (size_t i = 0; i < nt; i++) {
		match[i] = -1;
		const char *n = name(to[i]);
		if (!n)
			continue;
		for (size_t k = 0; k < nf; k++)
			if (!taken[k] && rg_streq(name(from[k]), n)) {
				match[i] = (long)k;
				taken[k] = true;
				break;
			}
	}
	for (size_t i = 0; i < nt; i++) {
		if (match[i] >= 0)
			continue;
		for (size_t k = 0; k < nf; k++)
			if (!taken[k] && (!name(from[k]) || !name(to[i])) &&
			    same(c, from[k], to[i])) {
				match[i] = (long)k;
				taken[k] = true;
				break;
			}
	}
	for (size_t k = 0; k < nf; k++)
		if (!taken[k])
			add_op(c, drop_bucket, drop, tf, tt, from[k], NULL);
	for (size_t i = 0; i < nt; i++) {
		if (match[i] < 0) {
			add_op(c, add_bucket, add, tf, tt, NULL, to[i]);
		} else if (!same(c, from[match[i]], to[i])) {
			add_op(c, drop_bucket, drop, tf, tt, from[match[i]], NULL);
			add_op(c, add_bucket, add, tf, tt, NULL, to[i]);
		}
	}
	free(match);
	free(taken);
}

static void diff_columns(struct ctx *c, const struct rg_table *tf,
			 const struct rg_table *tt)
{
	bool *used = rg_xcalloc(tf->ncolumns + 1, sizeof(bool));
	for (size_t i = 0; i < tt->ncolumns; i++) {
		const struct rg_column *t = tt->columns[i];
		long k = rg_table_column_index(tf, t->name);
		if (k < 0 && t->renamed_from && !rg_table_find_column(tt, t->renamed_from)) {
			k = rg_table_column_index(tf, t->renamed_from);
			if (k >= 0 && !used[k])
				add_op(c, 2, RG_OP_RENAME_COLUMN, tf, tt, tf->columns[k], t);
		}
		if (k < 0 || used[k]) {
			add_op(c, 4, RG_OP_ADD_COLUMN, tf, tt, NULL, t);
			continue;
		}
		used[k] = true;
		const struct rg_column *f = tf->columns[k];
		unsigned bits = 0;
		if (!same_type(c, f, t))
			bits |= RG_ALTER_TYPE;
		if (f->not_null != t->not_null)
			bits |= RG_ALTER_NULL;
		if (!same_default(c, f->default_expr, t->default_expr))
			bits |= RG_ALTER_DEFAULT;
		if ((c->d->caps & RG_CAP_COMMENTS) && !rg_streq(f->comment, t->comment))
			bits |= RG_ALTER_COMMENT;
		if (f->autoincrement != t->autoincrement)
			bits |= RG_ALTER_AUTOINC;
		if (bits)
			add_op(c, 4, RG_OP_ALTER_COLUMN, tf, tt, f, t)->alter = bits;
	}
	for (size_t k = 0; k < tf->ncolumns; k++)
		if (!used[k])
			add_op(c, 5, RG_OP_DROP_COLUMN, tf, tt, tf->columns[k], NULL);
	free(used);
}

static void diff_pk(struct ctx *c, const struct rg_table *tf,
		    const struct rg_table *tt)
{
	const struct rg_pk *f = tf->pk, *t = tt->pk;
	if (!f && !t)
		return;
	if (f && t && COLS_EQ(f, t) &&
	    (!(c->d->caps & RG_CAP_NAMED_PK) || !f->name || !t->name ||
	     strcmp(f->name, t->name) == 0))
		return;
	if (f)
		add_op(c, 1, RG_OP_DROP_PK, tf, tt, f, NULL);
	if (t)
		add_op(c, 7, RG_OP_ADD_PK, tf, tt, NULL, t);
}

static void diff_table(struct ctx *c, const struct rg_table *tf,
		       const struct rg_table *tt)
{
	match_objects(c, tf, tt, (void *const *)tf->fks, tf->nfks,
		      (void *const *)tt->fks, tt->nfks, fk_name, same_fk,
		      RG_OP_DROP_FK, 0, RG_OP_ADD_FK, 8);
	diff_pk(c, tf, tt);
	match_objects(c, tf, tt, (void *const *)tf->uniques, tf->nuniques,
		      (void *const *)tt->uniques, tt->nuniques, unique_name,
		      same_unique, RG_OP_DROP_UNIQUE, 1, RG_OP_ADD_UNIQUE, 7);
	match_objects(c, tf, tt, (void *const *)tf->checks, tf->nchecks,
		      (void *const *)tt->checks, tt->nchecks, check_name,
		      same_check, RG_OP_DROP_CHECK, 1, RG_OP_ADD_CHECK, 7);
	match_objects(c, tf, tt, (void *const *)tf->indexes, tf->nindexes,
		      (void *const *)tt->indexes, tt->nindexes, index_name,
		      same_index, RG_OP_DROP_INDEX, 1, RG_OP_CREATE_INDEX, 7);
	diff_columns(c, tf, tt);
	if ((c->d->caps & RG_CAP_COMMENTS) && !rg_streq(tf->comment, tt->comment))
		add_op(c, 4, RG_OP_TABLE_COMMENT, tf, tt, tf, tt);
}

/* ---- table lookups and foreign-key order ---- */

struct tindex {
	const struct rg_table **t; /* sorted by name */
	size_t n;
};

static int cmp_tptr(const void *a, const void *b)
{
	return strcmp((*(const struct rg_table *const *)a)->name,
		      (*(const struct rg_table *const *)b)->name);
}

static void tindex_build(struct tindex *ix, const struct rg_schema *s,
			 const struct ctx *c)
{
	ix->t = rg_xcalloc(s->ntables + 1, sizeof(*ix->t));
	ix->n = 0;
	for (size_t i = 0; i < s->ntables; i++)
		if (!excluded(c, s->tables[i]->name))
			ix->t[ix->n++] = s->tables[i];
	qsort(ix->t, ix->n, sizeof(*ix->t), cmp_tptr);
}

static long tindex_find(const struct tindex *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(ix->t[mid]->name, name);
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Depth-first: a table after the (selected) tables it references; name
 * order where the references leave a choice; a cycle is cut where the walk
 * meets it again. */
static void fk_visit(const struct tindex *ix, const bool *selected, bool *seen,
		     size_t i, size_t *order, size_t *n)
{
	seen[i] = true;
	const struct rg_table *t = ix->t[i];
	for (size_t k = 0; k < t->nfks; k++) {
		long r = tindex_find(ix, t->fks[k]->ref_table);
		if (r >= 0 && selected[r] && !seen[r])
			fk_visit(ix, selected, seen, (size_t)r, order, n);
	}
	order[(*n)++] = i;
}

static size_t *fk_order(const struct tindex *ix, const bool *selected,
			size_t *n)
{
	bool *seen = rg_xcalloc(ix->n + 1, sizeof(bool));
	size_t *order = rg_xcalloc(ix->n + 1, sizeof(size_t));
	*n = 0;
	for (size_t i = 0; i < ix->n; i++)
		if (selected[i] && !seen[i])
			fk_visit(ix, selected, seen, i, order, n);
	free(seen);
	return order;
}

/* ---- destructive operations ---- */

/* A rough family and size of a canonical type, to tell widening changes
 * (safe) from the rest. */
struct tclass {
	int family; /* 0 unknown, 1 string, 2 integer, 3 float */
	long size;  /* chars for strings (-1 unbounded), bytes for numbers */
};

static struct tclass classify(const char *canon)
{
	struct tclass tc = {0, 0};
	char name[64];
	size_t n = 0;
	const char *p = canon;
	while (*p && *p != '(' && n + 1 < sizeof(name))
		name[n++] = (char)toupper((unsigned char)*p++);
	while (n > 0 && name[n - 1] == ' ')
		n--;
	name[n] = '\0';
	long arg = *p == '(' ? strtol(p + 1, NULL, 10) : -1;
	static const struct {
		const char *name;
		int family;
		long size;
	} known[] = {
		{"VARCHAR", 1, 0}, {"CHARACTER VARYING", 1, 0}, {"NVARCHAR", 1, 0},
		{"TEXT", 1, -1}, {"CLOB", 1, -1}, {"MEDIUMTEXT", 1, -1}, {"LONGTEXT", 1, -1},
		{"SMALLINT", 2, 2}, {"INT2", 2, 2}, {"INTEGER", 2, 4}, {"INT", 2, 4},
		{"INT4", 2, 4}, {"BIGINT", 2, 8}, {"INT8", 2, 8},
		{"REAL", 3, 4}, {"FLOAT4", 3, 4}, {"FLOAT", 3, 4},
		{"DOUBLE PRECISION", 3, 8}, {"DOUBLE", 3, 8}, {"FLOAT8", 3, 8},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(known); i++)
		if (strcmp(name, known[i].name) == 0) {
			tc.family = known[i].family;
			tc.size = known[i].size;
			if (tc.family == 1 && tc.size == 0)
				tc.size = arg > 0 ? arg : -1;
		}
	return tc;
}

static bool widening(struct ctx *c, const struct rg_column *f,
		     const struct rg_column *t)
{
	struct rg_buf r = RG_BUF_INIT;
	rg_buf_reset(&c->a);
	rg_buf_reset(&c->b);
	c->d->render_type(&r, f);
	c->d->canon_type(&c->a, rg_buf_str(&r));
	rg_buf_reset(&r);
	c->d->render_type(&r, t);
	c->d->canon_type(&c->b, rg_buf_str(&r));
	rg_buf_free(&r);
	struct tclass x = classify(rg_buf_str(&c->a)), y = classify(rg_buf_str(&c->b));
	if (!x.family || x.family != y.family)
		return false;
	if (y.size == -1)
		return true;
	return x.size != -1 && y.size >= x.size;
}

static void classify_op(struct ctx *c, struct rg_arena *arena, struct rg_op *op)
{
	op->destructive = false;
	op->warning = NULL;
	switch (op->kind) {
	case RG_OP_DROP_TABLE:
		op->destructive = true;
		op->warning = rg_arena_printf(arena, "drops table %s and all its rows",
					      op->table_from->name);
		break;
	case RG_OP_DROP_COLUMN:
		op->destructive = true;
		op->warning = rg_arena_printf(arena, "drops column %s.%s and its data",
					      op->table, ((const struct rg_column *)op->from)->name);
		break;
	case RG_OP_ALTER_COLUMN: {
		const struct rg_column *f = op->from, *t = op->to;
		if ((op->alter & RG_ALTER_TYPE) && !widening(c, f, t)) {
			struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
			c->d->render_type(&a, f);
			c->d->render_type(&b, t);
			op->destructive = true;
			op->warning = rg_arena_printf(arena,
				"changes the type of %s.%s from %s to %s: values may be cut or fail to convert",
				op->table, op->column, rg_buf_str(&a), rg_buf_str(&b));
			rg_buf_free(&a);
			rg_buf_free(&b);
		} else if ((op->alter & RG_ALTER_NULL) && t->not_null) {
			op->warning = rg_arena_printf(arena,
				"makes %s.%s NOT NULL: fails if a row holds NULL there",
				op->table, op->column);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * Sets op->table and op->column: the names when each operation runs, given
 * the renames before it in the list.
 */
static void assign_names(struct rg_oplist *l)
{
	/* renames are rare: without any, no look-back is needed */
	bool renames = false;
	for (size_t i = 0; i < l->n; i++)
		if (l->ops[i].kind == RG_OP_RENAME_TABLE || l->ops[i].kind == RG_OP_RENAME_COLUMN)
			renames = true;
	for (size_t i = 0; i < l->n; i++) {
		struct rg_op *op = &l->ops[i];
		if (op->kind == RG_OP_CREATE_TABLE || !op->table_from) {
			op->table = op->table_to->name;
		} else if (op->kind == RG_OP_DROP_TABLE || !op->table_to) {
			op->table = op->table_from->name;
		} else {
			/* renamed already? */
			op->table = op->table_from->name;
			for (size_t k = 0; renames && k < i; k++)
				if (l->ops[k].kind == RG_OP_RENAME_TABLE &&
				    l->ops[k].table_from == op->table_from)
					op->table = op->table_to->name;
			if (op->kind == RG_OP_RENAME_TABLE)
				op->table = op->table_from->name;
		}
		if (op->kind == RG_OP_ALTER_COLUMN) {
			const struct rg_column *f = op->from;
			op->column = f->name;
			for (size_t k = 0; renames && k < i; k++)
				if (l->ops[k].kind == RG_OP_RENAME_COLUMN &&
				    l->ops[k].from == op->from)
					op->column = ((const struct rg_column *)l->ops[k].to)->name;
		} else {
			op->column = NULL;
		}
	}
}

static void finish(struct ctx *c, struct rg_oplist *out)
{
	size_t total = 0;
	for (size_t b = 0; b < RG_ARRAY_LEN(c->bucket); b++)
		total += c->bucket[b].n;
	rg_grow((void **)&out->ops, &out->cap, out->n + total, sizeof(struct rg_op));
	for (size_t b = 0; b < RG_ARRAY_LEN(c->bucket); b++) {
		if (c->bucket[b].n)
			memcpy(out->ops + out->n, c->bucket[b].ops,
			       c->bucket[b].n * sizeof(struct rg_op));
		out->n += c->bucket[b].n;
		free(c->bucket[b].ops);
	}
	assign_names(out);
	for (size_t i = 0; i < out->n; i++)
		classify_op(c, out->arena, &out->ops[i]);
}

int rg_diff(struct rg_oplist *out, const struct rg_schema *from,
	    const struct rg_schema *to, const struct rg_dialect *d,
	    const struct rg_diff_opts *opts, struct rg_error *err)
{
	(void)err;
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.opts = opts;
	struct tindex fi, ti;
	tindex_build(&fi, from, &c);
	tindex_build(&ti, to, &c);

	/* pair tables: same name, else RG_RENAMED_FROM */
	long *pair = rg_xcalloc(ti.n + 1, sizeof(long)); /* to -> from */
	bool *from_used = rg_xcalloc(fi.n + 1, sizeof(bool));
	for (size_t i = 0; i < ti.n; i++) {
		pair[i] = tindex_find(&fi, ti.t[i]->name);
		if (pair[i] >= 0)
			from_used[pair[i]] = true;
	}
	for (size_t i = 0; i < ti.n; i++) {
		const char *old = ti.t[i]->renamed_from;
		if (pair[i] >= 0 || !old || tindex_find(&ti, old) >= 0)
			continue;
		long k = tindex_find(&fi, old);
		if (k >= 0 && !from_used[k]) {
			pair[i] = k;
			from_used[k] = true;
			add_op(&c, 2, RG_OP_RENAME_TABLE, fi.t[k], ti.t[i], fi.t[k], ti.t[i]);
		}
	}
	/* the table renames are in step 3 already, so column renames follow */
	for (size_t i = 0; i < ti.n; i++)
		if (pair[i] >= 0)
			diff_table(&c, fi.t[pair[i]], ti.t[i]);
	/* new tables, in foreign-key order, each with its indexes */
	bool *sel = rg_xcalloc(ti.n + 1, sizeof(bool));
	for (size_t i = 0; i < ti.n; i++)
		sel[i] = pair[i] < 0;
	size_t n;
	size_t *order = fk_order(&ti, sel, &n);
	for (size_t k = 0; k < n; k++) {
		const struct rg_table *t = ti.t[order[k]];
		add_op(&c, 3, RG_OP_CREATE_TABLE, NULL, t, NULL, t);
		for (size_t x = 0; x < t->nindexes; x++)
			add_op(&c, 3, RG_OP_CREATE_INDEX, NULL, t, NULL, t->indexes[x]);
	}
	free(order);
	free(sel);

	/* removed tables, in reverse foreign-key order, indexes first */
	sel = rg_xcalloc(fi.n + 1, sizeof(bool));
	for (size_t i = 0; i < fi.n; i++)
		sel[i] = !from_used[i];
	order = fk_order(&fi, sel, &n);
	for (size_t k = n; k-- > 0;) {
		const struct rg_table *t = fi.t[order[k]];
		for (size_t x = 0; x < t->nindexes; x++)
			add_op(&c, 6, RG_OP_DROP_INDEX, t, NULL, t->indexes[x], NULL);
		add_op(&c, 6, RG_OP_DROP_TABLE, t, NULL, t, NULL);
	}
	free(order);
	free(sel);

	finish(&c, out);
	free(pair);
	free(from_used);
	free(fi.t);
	free(ti.t);
	rg_buf_free(&c.a);
	rg_buf_free(&c.b);
	return 0;
}

static enum rg_op_kind inverse_kind(enum rg_op_kind k)
{
	switch (k) {
	case RG_OP_CREATE_TABLE: return RG_OP_DROP_TABLE;
	case RG_OP_DROP_TABLE: return RG_OP_CREATE_TABLE;
	case RG_OP_ADD_COLUMN: return RG_OP_DROP_COLUMN;
	case RG_OP_DROP_COLUMN: return RG_OP_ADD_COLUMN;
	case RG_OP_ADD_PK: return RG_OP_DROP_PK;
	case RG_OP_DROP_PK: return RG_OP_ADD_PK;
	case RG_OP_ADD_UNIQUE: return RG_OP_DROP_UNIQUE;
	case RG_OP_DROP_UNIQUE: return RG_OP_ADD_UNIQUE;
	case RG_OP_CREATE_INDEX: return RG_OP_DROP_INDEX;
	case RG_OP_DROP_INDEX: return RG_OP_CREATE_INDEX;
	case RG_OP_ADD_FK: return RG_OP_DROP_FK;
	case RG_OP_DROP_FK: return RG_OP_ADD_FK;
	case RG_OP_ADD_CHECK: return RG_OP_DROP_CHECK;
	case RG_OP_DROP_CHECK: return RG_OP_ADD_CHECK;
	default: return k; /* renames, alters and comments swap sides */
	}
}

void rg_oplist_invert(struct rg_oplist *out, const struct rg_oplist *in,
		      const struct rg_dialect *d)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	rg_grow((void **)&out->ops, &out->cap, out->n + in->n, sizeof(struct rg_op));
	size_t base = out->n;
	for (size_t i = in->n; i-- > 0;) {
		const struct rg_op *src = &in->ops[i];
		struct rg_op *op = &out->ops[out->n++];
		memset(op, 0, sizeof(*op));
		op->kind = inverse_kind(src->kind);
		op->table_from = src->table_to;
		op->table_to = src->table_from;
		op->from = src->to;
		op->to = src->from;
		op->alter = src->alter;
	}
	struct rg_oplist view = *out;
	view.ops = out->ops + base;
	view.n = out->n - base;
	assign_names(&view);
	for (size_t i = 0; i < view.n; i++)
		classify_op(&c, out->arena, &view.ops[i]);
	rg_buf_free(&c.a);
	rg_buf_free(&c.b);
}
