/*
 * differ.c - compares two schemas and lists the operations that turn the
 * first ("from", the database) into the second ("to", the models).
 *
 * The list is built in nine steps, always in this order:
 *   1 drop foreign keys of surviving tables (and any that rests on a key
 *     or column this diff changes: fks_around_keys)
 *   2 drop indexes, uniques, checks, primary keys of surviving tables;
 *     rename those kept under another name (foreign keys: in step 1)
 *   3 rename tables, then (per table) columns
 *   4 create tables in foreign-key order, each followed by its indexes
 *   5 add and alter columns, table comments
 *   6 drop columns
 *   7 drop tables in reverse foreign-key order, each after its indexes
 *   8 add primary keys, uniques, checks, indexes of surviving tables
 *   9 add foreign keys of surviving tables (and those of step 1 again)
 * Why: a foreign key is the only object that points at another table, so
 * dropping them all first (1) and adding them all last (9) means no step in
 * between trips over a reference; constraints are dropped (2) while the
 * names they were introspected with are still valid, i.e. before renames
 * (3), and added (8) once every column they need exists (4, 5) and every
 * column they must not mention is gone (6).  Read backwards with every
 * operation inverted, each step turns into its mirror (9<->1, 8<->2,
 * 7<->4, 6<->5, 3<->3), so the inverse list is in the same order and runs
 * too: that is all rg_oplist_invert() relies on.  Enumerated types come
 * before step 1 and after step 9 (diff/enums.h), views before and after
 * those (diff/views.h): the same mirror.
 *
 * Inside a step: tables by name (their new name), and per table the kinds
 * in the order listed above, then objects by name (unnamed ones last).
 * Steps 4 and 7 follow foreign keys instead (a topological sort taking the
 * smallest ready name, so name order holds wherever references allow;
 * that and the other orderings are in order.c); where new tables
 * reference each other in a cycle, the keys that close it are left out
 * of CREATE TABLE and added in step 9 (dropped tables: dropped in step
 * 1), see fks_later(); and
 * column operations (3, 5, 6) keep the declaration order of the columns,
 * because ADD COLUMN appends: adding in model order makes the database's
 * columns line up with the model's.
 *
 * Large schemas: tables are looked up by binary search in name-sorted
 * arrays and every pass over the operations is linear (or n log n), so
 * the diff stays a small part of a run however many tables there are.
 * Inside one table, linear scans are fine.
 *
 * Over 800 lines: matching objects, comparing them and filling the steps
 * all work on the one diff's state (struct ctx, the memoised canonical
 * forms, the table pairing), which no other file should see.
 */
#include "diff/differ.h"

#include <stdlib.h>
#include <string.h>

#include "diff/compare.h"
#include "diff/enums.h"
#include "diff/domains.h"
#include "diff/order.h"
#include "diff/views.h"
#include "diff/sequences.h"

/* ---- state of one diff ---------------------------------------------- */

enum { STEP_DROP_FK, STEP_DROP, STEP_RENAME, STEP_CREATE, STEP_COLUMNS,
       STEP_DROP_COLUMN, STEP_DROP_TABLE, STEP_ADD, STEP_ADD_FK, NSTEPS };

struct step {
	struct rg_op *ops;
	size_t n, cap;
};

/*
 * Canonical forms already computed, by input text.  A schema repeats a
 * handful of types and defaults thousands of times; canonicalising each
 * occurrence was most of a large schema's diff.  The dialects' canon_*
 * functions depend on their input alone, so a form can be reused.
 */
struct memo {
	struct memo_entry {
		const char *in, *out; /* in the ctx's memo arena */
		size_t hash;
	} *v;
	size_t n, cap; /* cap: a power of two, or 0 */
};

struct ctx {
	const struct rg_compare *d;
	const struct rg_diff_opts *opts;
	struct rg_buf a, b, r; /* scratch for canonical forms */
	struct rg_arena *memo_arena;
	struct memo types, defaults, exprs;
	struct step steps[NSTEPS];
	struct rg_tindex fi, ti;
	long *pair_of_from; /* fi index -> ti index of the same table, or -1 */
	/* foreign keys of surviving tables kept (renamed in place, if at
	 * all), and what the diff changes that one may rest on (order.h):
	 * see fks_around_keys() */
	struct kept_fk {
		const struct rg_table *tf, *tt;
		const struct rg_fk *f, *t;
	} *kept;
	size_t nkept, capkept;
	struct rg_fk_deps *deps;
	struct rg_arena *arena; /* the list's: what its ops point to */
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

static struct rg_op *add_op(struct ctx *c, int step, enum rg_op_kind kind,
			    const struct rg_table *tf, const struct rg_table *tt,
			    const void *from, const void *to)
{
	struct step *s = &c->steps[step];
	rg_grow((void **)&s->ops, &s->cap, s->n + 1, sizeof(struct rg_op));
	struct rg_op *op = &s->ops[s->n++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->table_from = tf;
	op->table_to = tt;
	op->from = from;
	op->to = to;
	return op;
}

/* qsort's comparators cannot be told the rule: one per rule */
static int cmp_table_ptr(const void *x, const void *y)
{
	return strcmp((*(const struct rg_table *const *)x)->name,
		      (*(const struct rg_table *const *)y)->name);
}

static int cmp_table_ptr_fold(const void *x, const void *y)
{
	return rg_name_cmp(RG_NAMES_ANY_CASE, (*(const struct rg_table *const *)x)->name,
			   (*(const struct rg_table *const *)y)->name);
}

/*
 * Names as the database compares them (diff/compare.h): one object under
 * two spellings is paired, never added and dropped.  renamed() tells
 * whether a pair's names differ in what the database keeps: a difference
 * of case is a rename where names keep their case, none where the server
 * folds them.
 */
static bool same_name(enum rg_name_rule r, const char *a, const char *b)
{
	return rg_name_same(r, a, b);
}

static bool renamed(enum rg_name_rule r, const char *from, const char *to)
{
	return r == RG_NAMES_LOWER ? !rg_name_same(r, from, to) : strcmp(from, to) != 0;
}

/* The position of the column of t named name, or -1. */
static long column_index(const struct ctx *c, const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (same_name(c->d->column_names, t->columns[i]->name, name))
			return (long)i;
	return -1;
}

static int tindex_build(struct rg_tindex *ix, const struct rg_schema *s,
			const struct ctx *c, const char *side,
			struct rg_error *err)
{
	ix->t = rg_xcalloc(s->ntables + 1, sizeof(*ix->t));
	ix->n = 0;
	ix->rule = c->d->table_names;
	for (size_t i = 0; i < s->ntables; i++)
		if (!excluded(c, s->tables[i]->name))
			ix->t[ix->n++] = s->tables[i];
	qsort(ix->t, ix->n, sizeof(*ix->t),
	      ix->rule == RG_NAMES_EXACT ? cmp_table_ptr : cmp_table_ptr_fold);
	/* binary search needs one table per name; two the database takes
	 * for one (SQLite's Users and users) could not both exist */
	for (size_t i = 1; i < ix->n; i++) {
		const char *a = ix->t[i - 1]->name, *b = ix->t[i]->name;
		if (strcmp(a, b) == 0)
			return rg_error_set(err, "%s: two tables named %s", side, a);
		if (same_name(ix->rule, a, b))
			return rg_error_set(err, "%s: two tables named %s and %s, one name to the database",
					    side, a, b);
	}
	return 0;
}

/* ---- renames -------------------------------------------------------- */

/*
 * The column of tt that renames tf's column `old` (RG_RENAMED_FROM), or
 * NULL.  A rename needs the old name in the database and not in the model,
 * and the new name in the model and not in the database; when two columns
 * claim one old name, the first declared wins.
 */
static const struct rg_column *renamed_column(const struct ctx *x,
					      const struct rg_table *tf,
					      const struct rg_table *tt,
					      const char *old)
{
	/* the claimant first: most tables rename nothing, and this is asked
	 * of every column of every key compared */
	for (size_t i = 0; i < tt->ncolumns; i++) {
		const struct rg_column *c = tt->columns[i];
		if (c->renamed_from && same_name(x->d->column_names, c->renamed_from, old) &&
		    column_index(x, tf, c->name) < 0)
			return column_index(x, tf, old) >= 0 && column_index(x, tt, old) < 0 ? c : NULL;
	}
	return NULL;
}

/* The name a column of tf has in tt once renames ran (a rename of case
 * alone included: compared under the column rule, it is the same). */
static const char *map_column(const struct ctx *x, const struct rg_table *tf,
			      const struct rg_table *tt, const char *name)
{
	const struct rg_column *c = tt ? renamed_column(x, tf, tt, name) : NULL;
	return c ? c->name : name;
}

/* A column of tf, after the renames, is the column `to` of tt. */
static bool maps_to(const struct ctx *x, const struct rg_table *tf,
		    const struct rg_table *tt, const char *from, const char *to)
{
	return same_name(x->d->column_names, map_column(x, tf, tt, from), to);
}

/* The surviving "to" table of a "from" table named `name`, or NULL. */
static const struct rg_table *paired_table(const struct ctx *c,
					   const char *name,
					   const struct rg_table **from)
{
	long k = rg_tindex_find(&c->fi, name);
	if (k < 0 || c->pair_of_from[k] < 0)
		return NULL;
	*from = c->fi.t[k];
	return c->ti.t[c->pair_of_from[k]];
}

/* ---- comparing ------------------------------------------------------ */

/* The type as the dialect spells it: a generic model type translated,
 * anything else (RG_TYPE, a catalog's text) as it is. */
static void spelled_type(const struct ctx *c, struct rg_buf *out,
			 const struct rg_column *col)
{
	if (col->generic)
		c->d->render_type(out, col);
	else
		rg_buf_add(out, col->type ? col->type : "");
}

/* fn(in), from the memo when it was computed before. */
static const char *memo_canon(struct ctx *c, struct memo *m,
			      void (*fn)(struct rg_buf *, const char *), const char *in)
{
	size_t h = (size_t)rg_hash_str(RG_HASH_SEED, in);
	for (size_t i = m->cap ? h & (m->cap - 1) : 0; m->cap; i = (i + 1) & (m->cap - 1)) {
		if (!m->v[i].in)
			break;
		if (m->v[i].hash == h && strcmp(m->v[i].in, in) == 0)
			return m->v[i].out;
	}
	if (!c->memo_arena)
		c->memo_arena = rg_arena_new();
	if (2 * (m->n + 1) > m->cap) {
		struct memo_entry *old = m->v;
		size_t oldcap = m->cap;
		m->cap = oldcap ? 2 * oldcap : 64;
		m->v = rg_xcalloc(m->cap, sizeof(*m->v));
		for (size_t k = 0; k < oldcap; k++)
			if (old[k].in) {
				size_t i = old[k].hash & (m->cap - 1);
				while (m->v[i].in)
					i = (i + 1) & (m->cap - 1);
				m->v[i] = old[k];
			}
		free(old);
	}
	struct rg_buf out = RG_BUF_INIT;
	fn(&out, in);
	size_t i = h & (m->cap - 1);
	while (m->v[i].in)
		i = (i + 1) & (m->cap - 1);
	m->v[i].in = rg_arena_strdup(c->memo_arena, in);
	m->v[i].out = rg_arena_strdup(c->memo_arena, rg_buf_str(&out));
	m->v[i].hash = h;
	m->n++;
	rg_buf_free(&out);
	return m->v[i].out;
}

static void canon_type(struct ctx *c, struct rg_buf *out,
		       const struct rg_column *col)
{
	rg_buf_reset(&c->r);
	spelled_type(c, &c->r, col);
	rg_buf_reset(out);
	rg_buf_add(out, memo_canon(c, &c->types, c->d->canon_type, rg_buf_str(&c->r)));
}

static bool same_type(struct ctx *c, const struct rg_column *x,
		      const struct rg_column *y)
{
	canon_type(c, &c->a, x);
	canon_type(c, &c->b, y);
	return strcmp(rg_buf_str(&c->a), rg_buf_str(&c->b)) == 0;
}

/* A serial column as the catalog reads it, or a type that is
 * autoincrement by itself (RG_TYPE(serial)). */
static bool serial(const struct ctx *c, const struct rg_column *col)
{
	return col->serial ||
	       (c->d->type_autoincrements && c->d->type_autoincrements(col->type));
}

/* RG_AUTOINCREMENT (an identity column), or a serial one. */
static bool autoincrements(const struct ctx *c, const struct rg_column *col)
{
	return col->autoincrement || serial(c, col);
}

/* DEFAULT NULL is no default: catalogs report the two alike. */
static const char *canon_default(struct ctx *c, struct rg_buf *out,
				 const char *expr)
{
	rg_buf_reset(out);
	if (!expr)
		return NULL;
	rg_buf_add(out, memo_canon(c, &c->defaults, c->d->canon_default, expr));
	return strcmp(rg_buf_str(out), "NULL") == 0 ? NULL : rg_buf_str(out);
}

static bool same_default(struct ctx *c, const char *x, const char *y)
{
	const char *cx = canon_default(c, &c->a, x);
	const char *cy = canon_default(c, &c->b, y);
	return cx && cy ? strcmp(cx, cy) == 0 : cx == cy;
}

static bool same_expr(struct ctx *c, const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(memo_canon(c, &c->exprs, c->d->canon_expr, x),
		      memo_canon(c, &c->exprs, c->d->canon_expr, y)) == 0;
}

/* Generated the same way: both plain, or the same kind of the same
 * expression as the dialect prints it. */
static bool same_generated(struct ctx *c, const struct rg_column *f,
			   const struct rg_column *t)
{
	return (!f->generated || f->generated_virtual == t->generated_virtual) &&
	       same_expr(c, f->generated, t->generated);
}

/* A column's defaults; where the database keeps a DECIMAL's default at
 * the column's scale (RG_CAP_DEFAULT_AT_SCALE), numbers compare so
 * rounded: the models' 1.005 is the 1.01 a DECIMAL(10,2) keeps. */
static bool same_column_default(struct ctx *c, const struct rg_column *f,
				const struct rg_column *t)
{
	if (same_default(c, f->default_expr, t->default_expr))
		return true;
	if (!(c->d->caps & RG_CAP_DEFAULT_AT_SCALE) || !c->d->type_range)
		return false;
	struct rg_type_range r;
	canon_type(c, &c->a, t);
	c->d->type_range(rg_buf_str(&c->a), &r);
	if (r.family != RG_TF_DECIMAL || r.b == RG_TYPE_UNBOUNDED ||
	    !canon_default(c, &c->a, f->default_expr) || !canon_default(c, &c->b, t->default_expr))
		return false;
	struct rg_buf x = RG_BUF_INIT, y = RG_BUF_INIT;
	bool same = rg_sql_number_at_scale(&x, rg_buf_str(&c->a), r.b) &&
		    rg_sql_number_at_scale(&y, rg_buf_str(&c->b), r.b) &&
		    strcmp(rg_buf_str(&x), rg_buf_str(&y)) == 0;
	rg_buf_free(&x);
	rg_buf_free(&y);
	return same;
}

/* Some catalogs report "no comment" as '' (MySQL), others as NULL. */
static bool same_comment(const char *x, const char *y)
{
	if (x && !*x)
		x = NULL;
	if (y && !*y)
		y = NULL;
	return rg_streq(x, y);
}

/* An ENGINE or ROW_FORMAT one side says nothing of is whatever the other
 * has (the models leave it as it is); MySQL reports "InnoDB" and
 * "Dynamic" where a model says INNODB, DYNAMIC.  The flags are what the
 * table is, said or not. */
static bool same_option(const char *x, const char *y)
{
	return !x || !y || strcasecmp(x, y) == 0;
}

static bool same_options(const struct rg_table *x, const struct rg_table *y)
{
	return same_option(x->engine, y->engine) && same_option(x->row_format, y->row_format) &&
	       x->unlogged == y->unlogged && x->without_rowid == y->without_rowid &&
	       x->strict == y->strict;
}

/*
 * Column lists of a "from" object (named as in the database) and a "to"
 * object, equal once the renames of this diff are applied to the first:
 * the database carries indexes and constraints along when it renames.
 */
static bool same_cols(const struct ctx *c, const struct rg_table *tf,
		      const struct rg_table *tt, const char *const *fc, size_t nf,
		      const char *const *tc, size_t nt)
{
	if (nf != nt)
		return false;
	for (size_t i = 0; i < nf; i++)
		if (!maps_to(c, tf, tt, fc[i], tc[i]))
			return false;
	return true;
}

struct pairctx {
	struct ctx *c;
	const struct rg_table *tf, *tt;
};

static bool same_unique(const struct pairctx *p, const void *x, const void *y)
{
	const struct rg_unique *f = x, *t = y;
	return same_cols(p->c, p->tf, p->tt, f->cols, f->ncols, t->cols, t->ncols);
}

/* NULLS FIRST/LAST as the order would have it anyway (PostgreSQL: ASC
 * puts them last, DESC first) is no NULLS at all. */
static enum rg_nulls nulls_said(const struct rg_key_part *kp)
{
	if ((kp->nulls == RG_NULLS_FIRST) == kp->desc)
		return RG_NULLS_DEFAULT;
	return kp->nulls;
}

/* A key part's collation: its own, else its column's (NULL: the
 * default), in a column so that the dialect's same_charset compares it. */
static void part_collation(const struct rg_key_part *kp, const struct rg_table *t,
			   const char *col, struct rg_column *out)
{
	const struct rg_column *c = kp->expr ? NULL : rg_table_find_column(t, col);
	out->collation = kp->collation ? rg_xstrndup(kp->collation, kp->collation_len)
		       : c && c->collation ? rg_xstrdup(c->collation) : NULL;
}

/* A key part's operator class, NULL when it is the one its column's
 * type takes anyway (text_ops on a text column); the caller frees it. */
static char *part_opclass(struct ctx *c, const struct rg_key_part *kp,
			  const struct rg_table *t, const char *col, const char *method)
{
	if (!kp->opclass)
		return NULL;
	char *op = rg_xstrndup(kp->opclass, kp->opclass_len);
	const struct rg_column *column = kp->expr ? NULL : rg_table_find_column(t, col);
	if (!column || !c->d->default_opclass)
		return op;
	struct rg_buf type = RG_BUF_INIT;
	spelled_type(c, &type, column);
	const char *canon = memo_canon(c, &c->types, c->d->canon_type, rg_buf_str(&type));
	rg_buf_free(&type);
	if (c->d->default_opclass(method, canon, op)) {
		free(op);
		return NULL;
	}
	return op;
}

/* The options of two key parts after their column or expression: the
 * same prefix, order, NULLS, operator class and collation. */
static bool same_part_options(const struct pairctx *p, const struct rg_index *fx,
			      const struct rg_index *tx, const struct rg_key_part *a,
			      const struct rg_key_part *b, const char *ca, const char *cb)
{
	if (a->desc != b->desc || a->prefix != b->prefix || nulls_said(a) != nulls_said(b))
		return false;
	char *oa = part_opclass(p->c, a, p->tf, ca, fx->method);
	char *ob = part_opclass(p->c, b, p->tt, cb, tx->method);
	bool same_op = rg_streq(oa, ob);
	free(oa);
	free(ob);
	if (!same_op)
		return false;
	if (!a->collation && !b->collation)
		return true;
	if (!p->c->d->same_charset)
		return false;
	struct rg_column f = {0}, t = {0};
	part_collation(a, p->tf, ca, &f);
	part_collation(b, p->tt, cb, &t);
	bool same = p->c->d->same_charset(p->tf, &f, p->tt, &t);
	free((char *)f.collation);
	free((char *)t.collation);
	return same;
}

/* Key parts (struct rg_index): a column as same_cols does, an expression
 * in canonical form (the server prints it its own way), and the options. */
static bool same_parts(const struct pairctx *p, const struct rg_index *f,
		       const struct rg_index *t)
{
	if (f->ncols != t->ncols)
		return false;
	for (size_t i = 0; i < f->ncols; i++) {
		struct rg_key_part a, b;
		rg_key_part(f->cols[i], &a);
		rg_key_part(t->cols[i], &b);
		if (a.expr != b.expr)
			return false;
		char *x = rg_xstrndup(a.text, a.len), *y = rg_xstrndup(b.text, b.len);
		bool same = (a.expr ? same_expr(p->c, x, y)
				    : maps_to(p->c, p->tf, p->tt, x, y)) &&
			    same_part_options(p, f, t, &a, &b, x, y);
		free(x);
		free(y);
		if (!same)
			return false;
	}
	return true;
}

static bool same_index(const struct pairctx *p, const void *x, const void *y)
{
	const struct rg_index *f = x, *t = y;
	return f->unique == t->unique && f->invalid == t->invalid && rg_streq(f->kind, t->kind) &&
	       rg_streq(f->method, t->method) && same_parts(p, f, t) &&
	       same_cols(p->c, p->tf, p->tt, f->include, f->ninclude, t->include, t->ninclude) &&
	       same_expr(p->c, f->where, t->where);
}

static enum rg_fk_action fk_action(const struct ctx *c, enum rg_fk_action a)
{
	if ((c->d->caps & RG_CAP_RESTRICT_IS_NO_ACTION) && a == RG_FK_RESTRICT)
		return RG_FK_NO_ACTION;
	return a;
}

/* DEFERRABLE and INITIALLY DEFERRED: not part of what a key is (same_fk),
 * a change of them is an ALTER_FK of the key kept. */
static bool same_deferral(const void *x, const void *y)
{
	const struct rg_fk *f = x, *t = y;
	return f->deferrable == t->deferrable && f->initially_deferred == t->initially_deferred;
}

static bool same_fk(const struct pairctx *p, const void *x, const void *y)
{
	const struct rg_fk *f = x, *t = y;
	struct ctx *c = p->c;
	if (!same_cols(c, p->tf, p->tt, f->cols, f->ncols, t->cols, t->ncols) ||
	    fk_action(c, f->on_delete) != fk_action(c, t->on_delete) ||
	    fk_action(c, f->on_update) != fk_action(c, t->on_update))
		return false;
	/* the referenced table may be renamed, and its columns too */
	const struct rg_table *rf = NULL;
	const struct rg_table *rt = paired_table(c, f->ref_table, &rf);
	if (!same_name(c->d->table_names, rt ? rt->name : f->ref_table, t->ref_table))
		return false;
	return same_cols(c, rf, rt, f->ref_cols, f->ncols, t->ref_cols, t->ncols);
}

/* The database's column-level check (MariaDB) is only that of the same
 * column in the models: any other is a table constraint, and MODIFY COLUMN
 * would drop it.  A model's column-level check matches a table constraint
 * of the database: the level only says how revgen writes a new one, and
 * MySQL 8 keeps none. */
static bool same_check(const struct pairctx *p, const void *x, const void *y)
{
	const struct rg_check *f = x, *t = y;
	if (f->column && !(t->column && maps_to(p->c, p->tf, p->tt, f->column, t->column)))
		return false;
	return same_expr(p->c, f->expr, t->expr);
}

typedef bool (*same_fn)(const struct pairctx *, const void *, const void *);
typedef const char *(*name_fn)(const void *);
typedef bool (*named_fn)(const void *);

static const char *unique_name(const void *o) { return ((const struct rg_unique *)o)->name; }
static const char *index_name(const void *o) { return ((const struct rg_index *)o)->name; }
static const char *fk_name(const void *o) { return ((const struct rg_fk *)o)->name; }
static const char *check_name(const void *o) { return ((const struct rg_check *)o)->name; }
static bool unique_named(const void *o) { return ((const struct rg_unique *)o)->named; }
static bool index_named(const void *o) { return ((const struct rg_index *)o)->named; }
static bool fk_named(const void *o) { return ((const struct rg_fk *)o)->named; }
static bool check_named(const void *o) { return ((const struct rg_check *)o)->named; }

struct objkind {
	name_fn name;
	named_fn named;
	same_fn same;
	enum rg_op_kind drop, add, rename;
	int drop_step, add_step;
	unsigned rename_cap; /* RG_CAP_RENAME_*: renamed in place */
};

/* Renames run in the drops' step, after the drops (order.c), so a name a
 * dropped object frees can be taken, and before the adds, so a name a
 * renamed object frees can be given. */
static const struct objkind uniques_k = {unique_name, unique_named, same_unique,
	RG_OP_DROP_UNIQUE, RG_OP_ADD_UNIQUE, RG_OP_RENAME_INDEX, STEP_DROP, STEP_ADD,
	RG_CAP_RENAME_INDEX};
static const struct objkind indexes_k = {index_name, index_named, same_index,
	RG_OP_DROP_INDEX, RG_OP_CREATE_INDEX, RG_OP_RENAME_INDEX, STEP_DROP, STEP_ADD,
	RG_CAP_RENAME_INDEX};
static const struct objkind fks_k = {fk_name, fk_named, same_fk,
	RG_OP_DROP_FK, RG_OP_ADD_FK, RG_OP_RENAME_CONSTRAINT, STEP_DROP_FK, STEP_ADD_FK,
	RG_CAP_RENAME_CONSTRAINT};
static const struct objkind checks_k = {check_name, check_named, same_check,
	RG_OP_DROP_CHECK, RG_OP_ADD_CHECK, RG_OP_RENAME_CONSTRAINT, STEP_DROP, STEP_ADD,
	RG_CAP_RENAME_CONSTRAINT};

/* Uniques are indexes to the differ (they share a pool); foreign keys
 * and checks are the other constraints. */
static enum rg_name_rule name_rule(const struct ctx *c, const struct objkind *k)
{
	return k->rename_cap == RG_CAP_RENAME_INDEX ? c->d->index_names
						     : c->d->constraint_names;
}

static bool renamed_table(const struct ctx *c, const struct rg_table *tf,
			  const struct rg_table *tt)
{
	return renamed(c->d->table_names, tf->name, tt->name);
}

/* An object of a table with its kind: uniques and indexes are matched in
 * one pool, since a unique index is what a unique constraint is. */
struct obj {
	const void *o;
	const struct objkind *k;
};

/*
 * A unique constraint and a unique index of the same columns are one
 * object to every database revgen knows: PostgreSQL makes the first as
 * the second, MySQL's UNIQUE KEY is an index, SQLite enforces both with
 * an index alike.  A partial index is not: it allows duplicates outside
 * its predicate.
 */
static bool same_obj(const struct pairctx *p, struct obj f, struct obj t)
{
	if (f.k == t.k)
		return f.k->same(p, f.o, t.o);
	const struct rg_unique *u = f.k == &uniques_k ? f.o : t.k == &uniques_k ? t.o : NULL;
	const struct rg_index *x = f.k == &indexes_k ? f.o : t.k == &indexes_k ? t.o : NULL;
	if (!u || !x || !x->unique || x->where || !rg_index_plain(x))
		return false;
	return u == f.o ? same_cols(p->c, p->tf, p->tt, u->cols, u->ncols, x->cols, x->ncols)
			: same_cols(p->c, p->tf, p->tt, x->cols, x->ncols, u->cols, u->ncols);
}

/* What a kept object whose name differs becomes: renamed in place where
 * the database can, else dropped and added again. */
static void rename_obj(const struct pairctx *p, struct obj f, struct obj t)
{
	struct ctx *c = p->c;
	if (c->d->caps & t.k->rename_cap) {
		add_op(c, t.k->drop_step, t.k->rename, p->tf, p->tt, f.k->name(f.o),
		       t.k->name(t.o));
		return;
	}
	add_op(c, f.k->drop_step, f.k->drop, p->tf, p->tt, f.o, NULL)->readd = true;
	add_op(c, t.k->add_step, t.k->add, p->tf, p->tt, NULL, t.o)->readd = true;
}

/*
 * Matches the keys, constraints and indexes of a surviving table by what
 * they are, not by their names: a database made by hand or by another
 * tool names them its own way (t_pkey, t_ibfk_1), and adopting it must
 * not drop and add every key.  A pair of the same name is taken first
 * (revgen's own objects), then one of the same definition, of the same
 * kind before a unique constraint for a unique index.  A kept object
 * whose name differs is renamed when the model wrote its name, when an
 * object added needs the name it has, or when its table is renamed (its
 * name is likely made of the old table name, which a new table of that
 * name would want: PostgreSQL's index names are the schema's); else it
 * keeps its name.  Unmatched
 * "from" objects are dropped, unmatched "to" objects added.
 */
static void match_objects(const struct pairctx *p, const struct obj *from,
			  size_t nf, const struct obj *to, size_t nt)
{
	/* on the stack for the usual handful, as in match_kinds */
	long mbuf[16];
	bool tbuf[16] = {0};
	long *match = nt <= RG_ARRAY_LEN(mbuf) ? mbuf : rg_xcalloc(nt, sizeof(long)); /* to[i] -> from index */
	bool *taken = nf <= RG_ARRAY_LEN(tbuf) ? tbuf : rg_xcalloc(nf, sizeof(bool));
	for (size_t i = 0; i < nt; i++)
		match[i] = -1;
	/* one pool's kinds share a rule of names (name_rule) */
	enum rg_name_rule rule = nt ? name_rule(p->c, to[0].k) : RG_NAMES_EXACT;
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < nt; i++) {
			const char *n = to[i].k->name(to[i].o);
			for (size_t j = 0; match[i] < 0 && j < nf; j++) {
				if (taken[j] ||
				    (pass == 0 && !(n && same_name(rule, from[j].k->name(from[j].o), n))) ||
				    (pass == 1 && from[j].k != to[i].k) ||
				    !same_obj(p, from[j], to[i]))
					continue;
				match[i] = (long)j;
				taken[j] = true;
			}
		}
	for (size_t j = 0; j < nf; j++)
		if (!taken[j])
			add_op(p->c, from[j].k->drop_step, from[j].k->drop, p->tf, p->tt,
			       from[j].o, NULL);
	for (size_t i = 0; i < nt; i++) {
		if (match[i] < 0) {
			add_op(p->c, to[i].k->add_step, to[i].k->add, p->tf, p->tt, NULL,
			       to[i].o);
			continue;
		}
		struct obj f = from[match[i]];
		const char *fn = f.k->name(f.o), *tn = to[i].k->name(to[i].o);
		/* a database that keeps no name has nothing to rename */
		bool wanted = false;
		if (fn && tn && renamed(rule, fn, tn)) {
			wanted = to[i].k->named(to[i].o) || renamed_table(p->c, p->tf, p->tt);
			/* an object added under the name, as the database
			 * compares names, would collide with this one */
			for (size_t k = 0; !wanted && k < nt; k++)
				wanted = match[k] < 0 && same_name(rule, to[k].k->name(to[k].o), fn);
		}
		bool redefer = to[i].k == &fks_k && !same_deferral(f.o, to[i].o);
		if (wanted && redefer) {
			/* one statement cannot rename a key and change when it
			 * is checked, and which name an ALTER_FK's inverse
			 * finds would depend on the order: added again as it
			 * is to be, a foreign key is only checked again */
			add_op(p->c, f.k->drop_step, f.k->drop, p->tf, p->tt, f.o, NULL);
			add_op(p->c, to[i].k->add_step, to[i].k->add, p->tf, p->tt, NULL, to[i].o);
			continue;
		}
		if (wanted)
			rename_obj(p, f, to[i]);
		if (to[i].k == &fks_k && !(wanted && !(p->c->d->caps & fks_k.rename_cap))) {
			struct ctx *c = p->c;
			rg_grow((void **)&c->kept, &c->capkept, c->nkept + 1, sizeof(*c->kept));
			c->kept[c->nkept++] = (struct kept_fk){p->tf, p->tt, f.o, to[i].o};
			if (redefer) {
				/* the key keeps the database's name, on both
				 * sides, for the downgrade too */
				struct rg_fk *alt = rg_arena_alloc(c->arena, sizeof(*alt));
				*alt = *(const struct rg_fk *)to[i].o;
				alt->name = ((const struct rg_fk *)f.o)->name;
				add_op(c, STEP_ADD_FK, RG_OP_ALTER_FK, p->tf, p->tt, f.o, alt);
			}
		}
	}
	if (match != mbuf)
		free(match);
	if (taken != tbuf)
		free(taken);
}

/* The objects of kinds k1 (n1 of them at v1) and k2 as one pool (malloc'd). */
/* v1's objects then v2's, in buf when n1 + n2 + 1 fit in its room */
static struct obj *pool(struct obj *buf, size_t room, void *const *v1, size_t n1,
			const struct objkind *k1, void *const *v2, size_t n2,
			const struct objkind *k2)
{
	struct obj *o = n1 + n2 + 1 <= room ? buf : rg_xcalloc(n1 + n2 + 1, sizeof(*o));
	o[n1 + n2] = (struct obj){0};
	for (size_t i = 0; i < n1; i++)
		o[i] = (struct obj){v1[i], k1};
	for (size_t i = 0; i < n2; i++)
		o[n1 + i] = (struct obj){v2[i], k2};
	return o;
}

static void match_kinds(const struct pairctx *p, const struct objkind *k1,
			void *const *f1, size_t nf1, void *const *t1, size_t nt1,
			const struct objkind *k2, void *const *f2, size_t nf2,
			void *const *t2, size_t nt2)
{
	/* called for every table pair, mostly with a handful of objects:
	 * those fit on the stack */
	struct obj fbuf[16], tbuf[16];
	struct obj *from = pool(fbuf, RG_ARRAY_LEN(fbuf), f1, nf1, k1, f2, nf2, k2);
	struct obj *to = pool(tbuf, RG_ARRAY_LEN(tbuf), t1, nt1, k1, t2, nt2, k2);
	match_objects(p, from, nf1 + nf2, to, nt1 + nt2);
	if (from != fbuf)
		free(from);
	if (to != tbuf)
		free(to);
}

static void diff_columns(struct ctx *c, const struct rg_table *tf,
			 const struct rg_table *tt)
{
	bool *used = rg_xcalloc(tf->ncolumns + 1, sizeof(bool));
	for (size_t i = 0; i < tt->ncolumns; i++) {
		const struct rg_column *t = tt->columns[i];
		/* names are unique in a table, and mostly in the same places */
		long k = i < tf->ncolumns && strcmp(tf->columns[i]->name, t->name) == 0
				 ? (long)i
				 : column_index(c, tf, t->name);
		if (k < 0 && t->renamed_from &&
		    renamed_column(c, tf, tt, t->renamed_from) == t)
			k = column_index(c, tf, t->renamed_from);
		/* the database's name under another case is this column:
		 * renamed where the case is kept (MySQL's Name to name) */
		if (k >= 0 && renamed(c->d->column_names, tf->columns[k]->name, t->name))
			add_op(c, STEP_RENAME, RG_OP_RENAME_COLUMN, tf, tt,
			       tf->columns[k], t);
		if (k < 0) {
			add_op(c, STEP_COLUMNS, RG_OP_ADD_COLUMN, tf, tt, NULL, t);
			continue;
		}
		used[k] = true;
		const struct rg_column *f = tf->columns[k];
		unsigned bits = 0;
		if (!same_type(c, f, t))
			bits |= RG_ALTER_TYPE;
		if (f->not_null != t->not_null &&
		    !(t->generated && (c->d->caps & RG_CAP_GENERATED_NULLABLE)))
			bits |= RG_ALTER_NULL;
		if (!same_column_default(c, f, t))
			bits |= RG_ALTER_DEFAULT;
		if ((c->d->caps & RG_CAP_COMMENTS) && !same_comment(f->comment, t->comment))
			bits |= RG_ALTER_COMMENT;
		/* serial <-> identity is a change too, made as the models ask,
		 * and so is an identity's ALWAYS <-> BY DEFAULT */
		if (autoincrements(c, f) != autoincrements(c, t) ||
		    (autoincrements(c, f) && serial(c, f) != serial(c, t)) ||
		    (f->autoincrement && t->autoincrement && !serial(c, f) && !serial(c, t) &&
		     f->identity_always != t->identity_always))
			bits |= RG_ALTER_AUTOINC;
		if (c->d->same_charset && !c->d->same_charset(tf, f, tt, t))
			bits |= RG_ALTER_CHARSET;
		if ((c->d->caps & RG_CAP_ON_UPDATE) && !same_default(c, f->on_update, t->on_update))
			bits |= RG_ALTER_ON_UPDATE;
		if (f->invisible != t->invisible)
			bits |= RG_ALTER_INVISIBLE;
		if (!same_generated(c, f, t))
			bits |= RG_ALTER_GENERATED;
		if (bits)
			add_op(c, STEP_COLUMNS, RG_OP_ALTER_COLUMN, tf, tt, f, t)->alter = bits;
	}
	for (size_t k = 0; k < tf->ncolumns; k++)
		if (!used[k])
			add_op(c, STEP_DROP_COLUMN, RG_OP_DROP_COLUMN, tf, tt,
			       tf->columns[k], NULL);
	free(used);
}

/* A primary key is one per table: kept when its columns are, and renamed
 * only when the model wrote its name or the table is renamed (as in
 * match_objects), and the database keeps one. */
static void diff_pk(struct ctx *c, const struct rg_table *tf,
		    const struct rg_table *tt)
{
	const struct rg_pk *f = tf->pk, *t = tt->pk;
	if (!f && !t)
		return;
	if (f && t && same_cols(c, tf, tt, f->cols, f->ncols, t->cols, t->ncols)) {
		if (!(c->d->caps & RG_CAP_NAMED_PK) || !(t->named || renamed_table(c, tf, tt)) ||
		    !f->name || strcmp(f->name, t->name) == 0)
			return;
		if (c->d->caps & RG_CAP_RENAME_INDEX) {
			add_op(c, STEP_DROP, RG_OP_RENAME_INDEX, tf, tt, f->name, t->name);
		} else {
			add_op(c, STEP_DROP, RG_OP_DROP_PK, tf, tt, f, NULL)->readd = true;
			add_op(c, STEP_ADD, RG_OP_ADD_PK, tf, tt, NULL, t)->readd = true;
		}
		return;
	}
	if (f)
		add_op(c, STEP_DROP, RG_OP_DROP_PK, tf, tt, f, NULL);
	if (t)
		add_op(c, STEP_ADD, RG_OP_ADD_PK, tf, tt, NULL, t);
}

/* The database's index of that name no model can declare, or NULL. */
static const struct rg_index *opaque_index(const struct ctx *c, const struct rg_table *t,
					   const char *name)
{
	for (size_t i = 0; name && i < t->nindexes; i++)
		if (t->indexes[i]->opaque && same_name(c->d->index_names, t->indexes[i]->name, name))
			return t->indexes[i];
	return NULL;
}

/*
 * The indexes of tf (the database's) that a model could declare, and
 * those of tt (the models') that are not one tf leaves alone: an index
 * no model can declare (struct rg_index's opaque) is never dropped,
 * renamed or compared, and a model index of its name is taken to be it,
 * since the model cannot say more of it.  Both arrays malloc'd.
 */
static void declarable_indexes(const struct ctx *c, const struct rg_table *tf,
			       const struct rg_table *tt,
			       struct rg_index ***fv, size_t *nf,
			       struct rg_index ***tv, size_t *nt)
{
	*fv = rg_xcalloc(tf->nindexes + 1, sizeof(**fv));
	*tv = rg_xcalloc(tt->nindexes + 1, sizeof(**tv));
	*nf = *nt = 0;
	for (size_t i = 0; i < tf->nindexes; i++)
		if (!tf->indexes[i]->opaque)
			(*fv)[(*nf)++] = tf->indexes[i];
	for (size_t i = 0; i < tt->nindexes; i++)
		if (!opaque_index(c, tf, tt->indexes[i]->name))
			(*tv)[(*nt)++] = tt->indexes[i];
}

/*
 * MySQL: the index InnoDB made for a foreign key the diff keeps (rg_fk.index,
 * exactly the key's columns) is the models' index of those columns, under
 * whatever name the model gives it.  The catalog cannot tell an index InnoDB
 * made from one declared (both are a plain KEY, and a declared one named
 * after the key's first column is taken for the key's), and InnoDB renames
 * its own when the key is re-pointed (fk_<new key> for author_id): matched
 * by name, a declared index would be created again after every such change.
 * Taken out of tv (from kept[first..]), a model index has nothing to create
 * or rename; a model index that only begins with the key's columns is
 * another index, and one the database has by name (tf's) is that one.  A foreign key dropped takes its index along (emit/mysql.c),
 * and a declared index is then created before a key is added (step 8, then
 * 9), so InnoDB uses it and makes none.
 */
static bool has_index(const struct ctx *c, const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->nindexes; i++)
		if (same_name(c->d->index_names, t->indexes[i]->name, name))
			return true;
	return false;
}

static void implicit_fk_indexes(const struct ctx *c, size_t first,
				const struct rg_table *tf, const struct rg_table *tt,
				struct rg_index **tv, size_t *nt)
{
	for (size_t k = first; k < c->nkept; k++) {
		const struct rg_fk *f = c->kept[k].f;
		if (!f->index)
			continue;
		/* one of the index's own name first, else the first that fits */
		size_t hit = *nt;
		for (int pass = 0; pass < 2 && hit == *nt; pass++)
			for (size_t i = 0; i < *nt && hit == *nt; i++) {
				const struct rg_index *x = tv[i];
				if ((pass == 0 && !same_name(c->d->index_names, x->name, f->index)) ||
				    has_index(c, tf, x->name) || x->unique || x->where || x->kind || !rg_index_plain(x) ||
				    !same_cols(c, tf, tt, f->cols, f->ncols, x->cols, x->ncols))
					continue;
				hit = i;
			}
		if (hit < *nt) {
			memmove(&tv[hit], &tv[hit + 1], (*nt - hit - 1) * sizeof(*tv));
			(*nt)--;
		}
	}
}

static void diff_table(struct ctx *c, const struct rg_table *tf,
		       const struct rg_table *tt)
{
	struct pairctx p = {c, tf, tt};
	size_t kept_before = c->nkept;
	match_kinds(&p, &fks_k, (void *const *)tf->fks, tf->nfks,
		    (void *const *)tt->fks, tt->nfks, NULL, NULL, 0, NULL, 0);
	diff_pk(c, tf, tt);
	struct rg_index **fx, **tx;
	size_t nfx, ntx;
	declarable_indexes(c, tf, tt, &fx, &nfx, &tx, &ntx);
	implicit_fk_indexes(c, kept_before, tf, tt, tx, &ntx);
	match_kinds(&p, &uniques_k, (void *const *)tf->uniques, tf->nuniques,
		    (void *const *)tt->uniques, tt->nuniques, &indexes_k,
		    (void *const *)fx, nfx, (void *const *)tx, ntx);
	free(fx);
	free(tx);
	match_kinds(&p, &checks_k, (void *const *)tf->checks, tf->nchecks,
		    (void *const *)tt->checks, tt->nchecks, NULL, NULL, 0, NULL, 0);
	if (c->d->same_charset && !c->d->same_charset(tf, NULL, tt, NULL))
		add_op(c, STEP_COLUMNS, RG_OP_TABLE_CHARSET, tf, tt, tf, tt);
	if (!same_options(tf, tt))
		add_op(c, STEP_COLUMNS, RG_OP_TABLE_OPTIONS, tf, tt, tf, tt);
	diff_columns(c, tf, tt);
	if ((c->d->caps & RG_CAP_COMMENTS) && !same_comment(tf->comment, tt->comment))
		add_op(c, STEP_COLUMNS, RG_OP_TABLE_COMMENT, tf, tt, tf, tt);
}

/* ---- destructive operations ---------------------------------------- */

/* True for a type change that every value survives, as the dialect tells
 * (VARCHAR(n) to a longer VARCHAR or to TEXT, SMALLINT -> INTEGER ->
 * BIGINT, NUMERIC(10,2) -> NUMERIC(12,2)...).  Anything it does not know
 * is not. */
static bool widening(struct ctx *c, const struct rg_column *f,
		     const struct rg_column *t)
{
	if (!c->d->type_range)
		return false;
	struct rg_type_range x, y;
	canon_type(c, &c->a, f);
	canon_type(c, &c->b, t);
	if (rg_labels_kept(rg_buf_str(&c->a), rg_buf_str(&c->b)))
		return true;
	c->d->type_range(rg_buf_str(&c->a), &x);
	c->d->type_range(rg_buf_str(&c->b), &y);
	return rg_type_widens(&x, &y);
}

static void classify_op(struct ctx *c, struct rg_arena *arena, struct rg_op *op)
{
	op->destructive = false;
	op->warning = NULL;
	switch (op->kind) {
	case RG_OP_DROP_TABLE:
		op->destructive = true;
		op->warning = rg_arena_printf(arena, "drops table %s and all its rows",
					      op->table);
		break;
	case RG_OP_DROP_COLUMN:
		/* a generated column's values are computed, not kept data */
		op->destructive = !((const struct rg_column *)op->from)->generated;
		op->warning = op->destructive ? rg_arena_printf(arena, "drops column %s.%s and its data",
					      op->table,
					      ((const struct rg_column *)op->from)->name) : NULL;
		break;
	case RG_OP_ADD_COLUMN: {
		const struct rg_column *t = op->to;
		if (t->not_null && !t->default_expr && !t->generated && !autoincrements(c, t))
			op->warning = rg_arena_printf(arena,
				"adds %s.%s NOT NULL without a default: may fail if %s holds rows",
				op->table, t->name, op->table);
		break;
	}
	case RG_OP_ALTER_COLUMN: {
		const struct rg_column *f = op->from, *t = op->to;
		const char *narrow = NULL, *notnull = NULL;
		if ((op->alter & RG_ALTER_TYPE) && !widening(c, f, t)) {
			rg_buf_reset(&c->a);
			rg_buf_reset(&c->b);
			spelled_type(c, &c->a, f);
			spelled_type(c, &c->b, t);
			op->destructive = true;
			narrow = rg_arena_printf(arena,
				"changes type of %s.%s from %s to %s: values may be truncated or fail to convert",
				op->table, op->column, rg_buf_str(&c->a), rg_buf_str(&c->b));
		}
		if ((op->alter & RG_ALTER_NULL) && t->not_null)
			notnull = rg_arena_printf(arena, "fails if %s.%s holds NULL",
						  op->table, op->column);
		if ((op->alter & RG_ALTER_GENERATED) && t->generated && !f->generated) {
			/* what the column held is computed over */
			op->destructive = true;
			notnull = rg_arena_printf(arena,
				"replaces the values of %s.%s by its generation expression%s%s",
				op->table, op->column, notnull ? "; " : "", notnull ? notnull : "");
		}
		if (narrow && notnull)
			op->warning = rg_arena_printf(arena, "%s; %s", narrow, notnull);
		else
			op->warning = narrow ? narrow : notnull;
		break;
	}
	case RG_OP_DROP_PK:
	case RG_OP_DROP_UNIQUE:
	case RG_OP_DROP_INDEX:
	case RG_OP_DROP_FK:
	case RG_OP_DROP_CHECK: {
		static const char *const what[] = {
			[RG_OP_DROP_PK] = "primary key", [RG_OP_DROP_UNIQUE] = "unique key",
			[RG_OP_DROP_INDEX] = "index", [RG_OP_DROP_FK] = "foreign key",
			[RG_OP_DROP_CHECK] = "check",
		};
		if (op->readd)
			op->warning = rg_arena_printf(arena,
				"%s %s.%s is dropped and added again under its new name: this database cannot rename it",
				what[op->kind], op->table, rg_op_object_name(op));
		break;
	}
	case RG_OP_ALTER_TYPE:
		rg_enum_classify(op, arena);
		break;
	case RG_OP_ALTER_DOMAIN: {
		/* what the domain refuses now may be in a column of it */
		const struct rg_domain *f = op->from, *t = op->to;
		bool adds = t->not_null && !f->not_null;
		for (size_t k = 0; k < t->nchecks && !adds; k++)
			adds = !rg_domain_has_check(c->d, t, k, f);
		if (adds)
			op->warning = rg_arena_printf(arena, "fails if a column of domain %s holds a "
						      "value its new NOT NULL or CHECK refuses", t->name);
		break;
	}
	case RG_OP_DROP_SEQUENCE:
		op->destructive = true;
		op->warning = rg_arena_printf(arena, "drops sequence %s and the number it is at",
					      ((const struct rg_sequence *)op->from)->name);
		break;
	default:
		break;
	}
}

static void finish_range(struct ctx *c, struct rg_oplist *l, size_t base)
{
	rg_assign_names(l->ops + base, l->n - base);
	for (size_t i = base; i < l->n; i++)
		classify_op(c, l->arena, &l->ops[i]);
}

static void ctx_free(struct ctx *c)
{
	for (size_t s = 0; s < NSTEPS; s++)
		free(c->steps[s].ops);
	free(c->fi.t);
	free(c->ti.t);
	free(c->pair_of_from);
	free(c->kept);
	rg_fk_deps_free(c->deps);
	rg_buf_free(&c->a);
	rg_buf_free(&c->b);
	rg_buf_free(&c->r);
	free(c->types.v);
	free(c->defaults.v);
	free(c->exprs.v);
	rg_arena_free(c->memo_arena);
}

/* ---- the diff ------------------------------------------------------- */

/*
 * Foreign keys that rest on what the diff changes in the tables it keeps
 * (order.h, rg_fk_deps): a key kept would stand in the way of the drop of
 * the key it references (PostgreSQL: "constraint ... depends on index")
 * or of a change of its columns' type (InnoDB); it is dropped in step 1
 * and added again in step 9, after the key it references is back.  Its
 * rename in place, if it had one, is that drop and add.  Foreign keys of
 * tables created or dropped are moved out of their CREATE TABLE the same
 * way (fks_later).  SQLite checks no reference when a table is altered,
 * and rebuilds tables to change them: nothing moves there.
 */
static void fks_around_keys(struct ctx *c)
{
	if (c->d->caps & RG_CAP_FORWARD_REFERENCES)
		return;
	c->deps = rg_fk_deps_new(c->d->table_names, c->d->column_names);
	static const int changes[] = {STEP_DROP, STEP_COLUMNS, STEP_DROP_COLUMN, STEP_ADD};
	for (size_t i = 0; i < RG_ARRAY_LEN(changes); i++)
		rg_fk_deps_add(c->deps, c->steps[changes[i]].ops, c->steps[changes[i]].n);
	rg_fk_deps_sort(c->deps);
	struct step *s1 = &c->steps[STEP_DROP_FK];
	for (size_t i = 0; i < c->nkept; i++) {
		const struct kept_fk *k = &c->kept[i];
		if (!rg_fk_deps_hit(c->deps, false, k->tf->name, k->f) &&
		    !rg_fk_deps_hit(c->deps, true, k->tt->name, k->t))
			continue;
		for (size_t j = 0; j < s1->n; j++)
			if (s1->ops[j].kind == RG_OP_RENAME_CONSTRAINT &&
			    s1->ops[j].table_from == k->tf && s1->ops[j].from == k->f->name) {
				memmove(&s1->ops[j], &s1->ops[j + 1],
					(s1->n - j - 1) * sizeof(*s1->ops));
				s1->n--;
				break;
			}
		/* added again as it is to be: its deferral needs no change */
		struct step *s9 = &c->steps[STEP_ADD_FK];
		for (size_t j = 0; j < s9->n; j++)
			if (s9->ops[j].kind == RG_OP_ALTER_FK && s9->ops[j].from == k->f) {
				memmove(&s9->ops[j], &s9->ops[j + 1],
					(s9->n - j - 1) * sizeof(*s9->ops));
				s9->n--;
				break;
			}
		add_op(c, STEP_DROP_FK, RG_OP_DROP_FK, k->tf, k->tt, k->f, NULL);
		add_op(c, STEP_ADD_FK, RG_OP_ADD_FK, k->tf, k->tt, NULL, k->t);
	}
}

/*
 * A foreign-key cycle among the tables one diff creates (or drops): the
 * table at position k of their order, as its CREATE TABLE declares it.
 * Its foreign keys to tables later in the order (those that close a
 * cycle; every other reference points back) cannot be in that statement
 * where the database checks that the target exists: then it is t without
 * them, copied into the list's arena, and each of them becomes an
 * ADD_FK of step 9 (create) or a DROP_FK of step 1 (drop), mirror images
 * as the inverse list needs.  So do its keys to a surviving table that
 * rest on what the diff changes there (fks_around_keys): a table dropped
 * would keep its key in the way of that change until step 7, a table
 * created would reference a key not added until step 8.  Only these keys
 * move: a revision without either keeps every key in its table's CREATE
 * TABLE, where a reader looks for it.  A self-reference is in its own table's statement, which every
 * database accepts.  SQLite resolves REFERENCES only when rows are
 * written and cannot add a foreign key to a table afterwards, so there
 * every key stays inline (RG_CAP_FORWARD_REFERENCES).
 */
static const struct rg_table *fks_later(struct ctx *c, struct rg_arena *arena,
					const struct rg_tindex *ix, const long *pos,
					const struct rg_table *t, size_t k, bool create)
{
	if (c->d->caps & RG_CAP_FORWARD_REFERENCES)
		return t;
	struct rg_table *copy = NULL;
	for (size_t i = 0; i < t->nfks; i++) {
		const struct rg_fk *f = t->fks[i];
		long r = rg_tindex_find(ix, f->ref_table);
		bool later = (r >= 0 && pos[r] > (long)k) ||
			     ((r < 0 || pos[r] < 0) && rg_fk_deps_hit(c->deps, create, t->name, f));
		if (later && !copy) {
			copy = rg_arena_alloc(arena, sizeof(*copy));
			*copy = *t;
			copy->fks = rg_arena_alloc(arena, (t->nfks + 1) * sizeof(*copy->fks));
			copy->nfks = 0;
			copy->cap_fks = t->nfks + 1;
			for (size_t j = 0; j < i; j++)
				copy->fks[copy->nfks++] = t->fks[j];
		}
		if (!later) {
			if (copy)
				copy->fks[copy->nfks++] = t->fks[i];
		} else if (create) {
			add_op(c, STEP_ADD_FK, RG_OP_ADD_FK, NULL, t, NULL, f);
		} else {
			add_op(c, STEP_DROP_FK, RG_OP_DROP_FK, t, NULL, f, NULL);
		}
	}
	return copy ? copy : t;
}

/* Pairs each "to" table with its "from" table: the same name (as the
 * database compares names: a difference of case alone is a rename where
 * the case is kept), else the one it was renamed from (old name in the
 * database and not claimed by a model table of that name, new name not
 * in the database). */
static long *pair_tables(struct ctx *c)
{
	long *pair = rg_xcalloc(c->ti.n + 1, sizeof(long)); /* to -> from */
	c->pair_of_from = rg_xcalloc(c->fi.n + 1, sizeof(long));
	for (size_t k = 0; k < c->fi.n; k++)
		c->pair_of_from[k] = -1;
	for (size_t i = 0; i < c->ti.n; i++) {
		pair[i] = rg_tindex_find(&c->fi, c->ti.t[i]->name);
		if (pair[i] < 0)
			continue;
		c->pair_of_from[pair[i]] = (long)i;
		/* the same table as the database compares names, under
		 * another case: renamed where the case is kept (SQLite) */
		if (renamed_table(c, c->fi.t[pair[i]], c->ti.t[i]))
			add_op(c, STEP_RENAME, RG_OP_RENAME_TABLE, c->fi.t[pair[i]],
			       c->ti.t[i], c->fi.t[pair[i]], c->ti.t[i]);
	}
	for (size_t i = 0; i < c->ti.n; i++) {
		const char *old = c->ti.t[i]->renamed_from;
		if (pair[i] >= 0 || !old || rg_tindex_find(&c->ti, old) >= 0)
			continue;
		long k = rg_tindex_find(&c->fi, old);
		if (k >= 0 && c->pair_of_from[k] < 0) {
			pair[i] = k;
			c->pair_of_from[k] = (long)i;
			add_op(c, STEP_RENAME, RG_OP_RENAME_TABLE, c->fi.t[k],
			       c->ti.t[i], c->fi.t[k], c->ti.t[i]);
		}
	}
	return pair;
}

int rg_diff(struct rg_oplist *out, const struct rg_schema *from,
	    const struct rg_schema *to, const struct rg_compare *d,
	    const struct rg_diff_opts *opts, struct rg_error *err)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.opts = opts;
	c.arena = out->arena;
	if (rg_compare_check_models(d, to, err) < 0)
		return -1;
	if (tindex_build(&c.fi, from, &c, "database schema", err) < 0 ||
	    tindex_build(&c.ti, to, &c, "models", err) < 0) {
		ctx_free(&c);
		return -1;
	}
	long *pair = pair_tables(&c);

	/* table renames are in their step already; column renames follow
	 * them, table by table */
	for (size_t i = 0; i < c.ti.n; i++)
		if (pair[i] >= 0)
			diff_table(&c, c.fi.t[pair[i]], c.ti.t[i]);
	fks_around_keys(&c);

	/* new tables, in foreign-key order, each with its indexes */
	bool *sel = rg_xcalloc(c.ti.n + 1, sizeof(bool));
	for (size_t i = 0; i < c.ti.n; i++)
		sel[i] = pair[i] < 0;
	size_t n;
	size_t *order = rg_fk_order(&c.ti, sel, &n);
	long *pos = rg_fk_positions(order, n, c.ti.n);
	for (size_t k = 0; k < n; k++) {
		const struct rg_table *t = c.ti.t[order[k]];
		t = fks_later(&c, out->arena, &c.ti, pos, t, k, true);
		add_op(&c, STEP_CREATE, RG_OP_CREATE_TABLE, NULL, t, NULL, t);
		const struct rg_index **ixs = rg_sorted_indexes(t);
		/* an index no model can declare has no SQL here that would
		 * make it as it is (a gin index is not a btree one) */
		for (size_t x = 0; x < t->nindexes; x++)
			if (!ixs[x]->opaque)
				add_op(&c, STEP_CREATE, RG_OP_CREATE_INDEX, NULL, t, NULL, ixs[x]);
		free(ixs);
	}
	free(order);
	free(pos);
	free(sel);

	/* removed tables, referencing tables first, each after its indexes */
	sel = rg_xcalloc(c.fi.n + 1, sizeof(bool));
	for (size_t k = 0; k < c.fi.n; k++)
		sel[k] = c.pair_of_from[k] < 0;
	order = rg_fk_order(&c.fi, sel, &n);
	pos = rg_fk_positions(order, n, c.fi.n);
	for (size_t k = n; k-- > 0;) {
		const struct rg_table *t = c.fi.t[order[k]];
		const struct rg_index **ixs = rg_sorted_indexes(t);
		for (size_t x = t->nindexes; x-- > 0;)
			if (!ixs[x]->opaque) /* nor its inverse, as above */
				add_op(&c, STEP_DROP_TABLE, RG_OP_DROP_INDEX, t, NULL, ixs[x], NULL);
		free(ixs);
		t = fks_later(&c, out->arena, &c.fi, pos, t, k, false);
		add_op(&c, STEP_DROP_TABLE, RG_OP_DROP_TABLE, t, NULL, t, NULL);
	}
	free(order);
	free(pos);
	free(sel);
	free(pair);

	static const int sorted_steps[] = {STEP_DROP_FK, STEP_DROP, STEP_ADD,
					   STEP_ADD_FK};
	for (size_t i = 0; i < RG_ARRAY_LEN(sorted_steps); i++) {
		struct step *s = &c.steps[sorted_steps[i]];
		struct rg_op *tmp = rg_xcalloc(s->n + 1, sizeof(*tmp));
		rg_sort_ops(s->ops, s->n, tmp);
		free(tmp);
	}

	/* enumerated types: made first, dropped last (diff/enums.h) */
	struct rg_op *pre, *post;
	size_t npre, npost;
	rg_diff_enums(from, to, d, out->arena, &pre, &npre, &post, &npost);
	/* and sequences, which a table's default may name (diff/sequences.h) */
	size_t cap_pre = npre, cap_post = npost;
	rg_diff_sequences(from, to, d, &pre, &npre, &cap_pre, &post, &npost, &cap_post);
	/* views: dropped before everything, made after it (diff/views.h) */
	struct rg_op *vpre = NULL, *vpost = NULL;
	size_t nvpre = 0, nvpost = 0;
	/* and domains, which a column may be of (diff/domains.h) */
	if (rg_diff_domains(from, to, d, &pre, &npre, &cap_pre, &post, &npost, &cap_post, err) < 0 ||
	    rg_diff_views(from, to, d, opts ? opts->exclude : NULL, opts ? opts->nexclude : 0,
			  opts && opts->every_view, &vpre, &nvpre, &vpost, &nvpost, err) < 0) {
		free(pre);
		free(post);
		ctx_free(&c);
		return -1;
	}
	size_t total = npre + npost + nvpre + nvpost, base = out->n;
	for (size_t s = 0; s < NSTEPS; s++)
		total += c.steps[s].n;
	rg_grow((void **)&out->ops, &out->cap, out->n + total, sizeof(struct rg_op));
	if (nvpre)
		memcpy(out->ops + out->n, vpre, nvpre * sizeof(struct rg_op));
	out->n += nvpre;
	if (npre)
		memcpy(out->ops + out->n, pre, npre * sizeof(struct rg_op));
	out->n += npre;
	for (size_t s = 0; s < NSTEPS; s++) {
		if (c.steps[s].n)
			memcpy(out->ops + out->n, c.steps[s].ops,
			       c.steps[s].n * sizeof(struct rg_op));
		out->n += c.steps[s].n;
	}
	if (npost)
		memcpy(out->ops + out->n, post, npost * sizeof(struct rg_op));
	out->n += npost;
	if (nvpost)
		memcpy(out->ops + out->n, vpost, nvpost * sizeof(struct rg_op));
	out->n += nvpost;
	free(pre);
	free(post);
	free(vpre);
	free(vpost);
	finish_range(&c, out, base);
	ctx_free(&c);
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
	case RG_OP_CREATE_TYPE: return RG_OP_DROP_TYPE;
	case RG_OP_DROP_TYPE: return RG_OP_CREATE_TYPE;
	case RG_OP_CREATE_VIEW: return RG_OP_DROP_VIEW;
	case RG_OP_DROP_VIEW: return RG_OP_CREATE_VIEW;
	case RG_OP_CREATE_SEQUENCE: return RG_OP_DROP_SEQUENCE;
	case RG_OP_DROP_SEQUENCE: return RG_OP_CREATE_SEQUENCE;
	case RG_OP_CREATE_DOMAIN: return RG_OP_DROP_DOMAIN;
	case RG_OP_DROP_DOMAIN: return RG_OP_CREATE_DOMAIN;
	default: return k; /* renames, alters and comments swap sides */
	}
}

void rg_oplist_invert(struct rg_oplist *out, const struct rg_oplist *in,
		      const struct rg_compare *d)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	size_t base = out->n;
	rg_grow((void **)&out->ops, &out->cap, out->n + in->n, sizeof(struct rg_op));
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
		op->readd = src->readd;
	}
	finish_range(&c, out, base);
	ctx_free(&c);
}
