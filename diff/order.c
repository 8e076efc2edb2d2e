/*
 * order.c - the differ's orderings: tables in foreign-key order (steps 4
 * and 7 of differ.c), operations inside a step, and the names each
 * operation runs under once the renames before it have run.  Pure
 * functions of the operations and tables they are given.
 */
#include "diff/order.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

long rg_tindex_find(const struct rg_tindex *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = rg_name_cmp(ix->rule, ix->t[mid]->name, name);
		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- foreign-key order ---------------------------------------------- */

static void heap_push(size_t *h, size_t *n, size_t v)
{
	size_t i = (*n)++;
	h[i] = v;
	while (i > 0 && h[(i - 1) / 2] > h[i]) {
		size_t up = (i - 1) / 2, tmp = h[up];
		h[up] = h[i];
		h[i] = tmp;
		i = up;
	}
}

static size_t heap_pop(size_t *h, size_t *n)
{
	size_t top = h[0], i = 0;
	h[0] = h[--(*n)];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < *n && h[l] < h[m])
			m = l;
		if (r < *n && h[r] < h[m])
			m = r;
		if (m == i)
			return top;
		size_t tmp = h[m];
		h[m] = h[i];
		h[i] = tmp;
		i = m;
	}
}

/*
 * The strongly connected components of the graph of references (Tarjan's
 * algorithm, without recursion: a schema's chains of references can be
 * long): comp[i] for every selected i, and the size of each component.
 * The tables of a component larger than one are those in a cycle.
 */
static void components(size_t nt, const bool *sel, const size_t *start,
		       const size_t *succ, size_t *comp, size_t *size)
{
	size_t *index = rg_xcalloc(nt + 1, sizeof(size_t)); /* 0: unvisited */
	size_t *low = rg_xcalloc(nt + 1, sizeof(size_t));
	size_t *stack = rg_xcalloc(nt + 1, sizeof(size_t));
	size_t *call = rg_xcalloc(nt + 1, sizeof(size_t)); /* the DFS path */
	size_t *edge = rg_xcalloc(nt + 1, sizeof(size_t)); /* next edge of each */
	bool *on = rg_xcalloc(nt + 1, sizeof(bool));
	size_t next = 1, nstack = 0, ncomp = 0;
	for (size_t root = 0; root < nt; root++) {
		if (!sel[root] || index[root])
			continue;
		size_t depth = 0;
		call[depth++] = root;
		index[root] = low[root] = next++;
		edge[root] = start[root];
		stack[nstack++] = root;
		on[root] = true;
		while (depth) {
			size_t v = call[depth - 1];
			if (edge[v] < start[v + 1]) {
				size_t w = succ[edge[v]++];
				if (!index[w]) {
					index[w] = low[w] = next++;
					edge[w] = start[w];
					stack[nstack++] = w;
					on[w] = true;
					call[depth++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				size_t w;
				size[ncomp] = 0;
				do {
					w = stack[--nstack];
					on[w] = false;
					comp[w] = ncomp;
					size[ncomp]++;
				} while (w != v);
				ncomp++;
			}
			if (--depth && low[v] < low[call[depth - 1]])
				low[call[depth - 1]] = low[v];
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(edge);
	free(on);
}

/*
 * The selected tables of ix (indices, ix being sorted by name), each after
 * the selected tables it references: Kahn's algorithm taking the smallest
 * name among the tables that are ready, so name order holds wherever the
 * references leave a choice.  When none is ready, references go round a
 * cycle: the smallest name of a cycle whose references out of it are all
 * placed goes next.  Only keys inside that cycle then point forward (they
 * are what the differ moves out of CREATE TABLE); a table that merely
 * references a cycle still comes after it.  Returns a malloc'd array of
 * *n indices.
 */
size_t *rg_fk_order(const struct rg_tindex *ix, const bool *sel, size_t *n)
{
	size_t nt = ix->n;
	size_t *indeg = rg_xcalloc(nt + 1, sizeof(size_t));
	size_t *start = rg_xcalloc(nt + 2, sizeof(size_t)); /* CSR of edges */
	long **refs = rg_xcalloc(nt + 1, sizeof(long *));
	size_t nsel = 0;
	for (size_t i = 0; i < nt; i++) {
		if (!sel[i])
			continue;
		nsel++;
		const struct rg_table *t = ix->t[i];
		refs[i] = rg_xcalloc(t->nfks + 1, sizeof(long));
		for (size_t k = 0; k < t->nfks; k++) {
			long r = rg_tindex_find(ix, t->fks[k]->ref_table);
			if (r < 0 || !sel[r] || (size_t)r == i)
				r = -1; /* outside this set, or itself */
			refs[i][k] = r;
			if (r >= 0) {
				indeg[i]++;
				start[r + 1]++;
			}
		}
	}
	for (size_t i = 0; i < nt; i++)
		start[i + 1] += start[i];
	size_t *fill = rg_xcalloc(nt + 1, sizeof(size_t));
	size_t *dependents = rg_xcalloc(start[nt] + 1, sizeof(size_t));
	for (size_t i = 0; i < nt; i++)
		for (size_t k = 0; sel[i] && k < ix->t[i]->nfks; k++)
			if (refs[i][k] >= 0) {
				size_t r = (size_t)refs[i][k];
				dependents[start[r] + fill[r]++] = i;
			}
	/* components of the reversed graph are those of the graph itself */
	size_t *comp = rg_xcalloc(nt + 1, sizeof(size_t));
	size_t *csize = rg_xcalloc(nt + 1, sizeof(size_t));
	components(nt, sel, start, dependents, comp, csize);
	/* per component: references from it to tables not yet placed */
	size_t *outside = rg_xcalloc(nt + 1, sizeof(size_t));
	for (size_t i = 0; i < nt; i++)
		for (size_t k = 0; sel[i] && k < ix->t[i]->nfks; k++)
			if (refs[i][k] >= 0 && comp[refs[i][k]] != comp[i])
				outside[comp[i]]++;

	size_t *order = rg_xcalloc(nsel + 1, sizeof(size_t));
	size_t *heap = rg_xcalloc(nt + 1, sizeof(size_t));
	bool *queued = rg_xcalloc(nt + 1, sizeof(bool));
	size_t nheap = 0, done = 0;
	for (size_t i = 0; i < nt; i++)
		if (sel[i] && indeg[i] == 0) {
			queued[i] = true;
			heap_push(heap, &nheap, i);
		}
	while (done < nsel) {
		if (nheap == 0) {
			/* there is one: the condensation is acyclic, and a
			 * component of one table with nothing left to wait
			 * for would have been ready */
			size_t i = 0;
			while (!sel[i] || queued[i] || csize[comp[i]] < 2 || outside[comp[i]])
				i++;
			queued[i] = true;
			heap_push(heap, &nheap, i);
		}
		size_t i = heap_pop(heap, &nheap);
		order[done++] = i;
		for (size_t e = start[i]; e < start[i + 1]; e++) {
			size_t j = dependents[e];
			if (comp[j] != comp[i])
				outside[comp[j]]--;
			if (--indeg[j] == 0 && !queued[j]) {
				queued[j] = true;
				heap_push(heap, &nheap, j);
			}
		}
	}
	for (size_t i = 0; i < nt; i++)
		free(refs[i]);
	free(refs);
	free(indeg);
	free(start);
	free(fill);
	free(dependents);
	free(heap);
	free(queued);
	free(comp);
	free(csize);
	free(outside);
	*n = nsel;
	return order;
}

long *rg_fk_positions(const size_t *order, size_t n, size_t ntables)
{
	long *pos = rg_xcalloc(ntables + 1, sizeof(long));
	for (size_t i = 0; i < ntables; i++)
		pos[i] = -1;
	for (size_t k = 0; k < n; k++)
		pos[order[k]] = (long)k;
	return pos;
}

static int cmp_index_ptr(const void *x, const void *y)
{
	const char *a = (*(const struct rg_index *const *)x)->name;
	const char *b = (*(const struct rg_index *const *)y)->name;
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* A table's indexes by name, for CREATE_INDEX/DROP_INDEX next to its
 * CREATE_TABLE/DROP_TABLE (malloc'd). */
const struct rg_index **rg_sorted_indexes(const struct rg_table *t)
{
	const struct rg_index **v = rg_xcalloc(t->nindexes + 1, sizeof(*v));
	for (size_t i = 0; i < t->nindexes; i++)
		v[i] = t->indexes[i];
	qsort(v, t->nindexes, sizeof(*v), cmp_index_ptr);
	return v;
}

/* ---- ordering inside a step ------------------------------------------ */

/* The kinds of steps 1, 2, 8 and 9 in their order within one table. */
static int kind_rank(enum rg_op_kind k)
{
	switch (k) {
	case RG_OP_DROP_INDEX: case RG_OP_ADD_PK: return 0;
	case RG_OP_DROP_UNIQUE: case RG_OP_ADD_UNIQUE: return 1;
	case RG_OP_DROP_CHECK: case RG_OP_ADD_CHECK: return 2;
	case RG_OP_DROP_PK: case RG_OP_CREATE_INDEX: return 3;
	/* after the drops that may free the new name */
	case RG_OP_RENAME_INDEX: case RG_OP_RENAME_CONSTRAINT: return 5;
	/* a key's deferral, after a key it may be dropped and added as */
	case RG_OP_ALTER_FK: return 6;
	default: return 4;
	}
}

/* Table name, kind, object name; unnamed objects last.  Ties keep the
 * order the ops were made in (the sort is stable). */
static int cmp_ops(const struct rg_op *x, const struct rg_op *y)
{
	int r = strcmp(rg_op_table_name(x), rg_op_table_name(y));
	if (r)
		return r;
	r = kind_rank(x->kind) - kind_rank(y->kind);
	if (r)
		return r;
	const char *a = rg_op_object_name(x), *b = rg_op_object_name(y);
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* Stable merge sort (qsort is not stable, and ties must keep their
 * order for the output to be deterministic). */
void rg_sort_ops(struct rg_op *v, size_t n, struct rg_op *tmp)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	rg_sort_ops(v, h, tmp);
	rg_sort_ops(v + h, n - h, tmp);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp_ops(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* ---- names at run time ------------------------------------------------ */

struct renamed {
	uintptr_t key; /* the table_from or the "from" column */
	size_t pos;    /* where the rename is in the list */
};

static int cmp_renamed(const void *x, const void *y)
{
	uintptr_t a = ((const struct renamed *)x)->key;
	uintptr_t b = ((const struct renamed *)y)->key;
	return (a > b) - (a < b);
}

static const struct renamed *find_renamed(const struct renamed *v, size_t n,
					  const void *key)
{
	struct renamed k = {(uintptr_t)key, 0};
	return n ? bsearch(&k, v, n, sizeof(*v), cmp_renamed) : NULL;
}

/*
 * Sets op->table and op->column of ops[0..n): the names when each
 * operation runs, given the renames before it.  The renames are looked up
 * by the object they rename, in a sorted array: linear in the list.
 */
void rg_assign_names(struct rg_op *ops, size_t n)
{
	size_t nt = 0, nc = 0;
	for (size_t i = 0; i < n; i++) {
		nt += ops[i].kind == RG_OP_RENAME_TABLE;
		nc += ops[i].kind == RG_OP_RENAME_COLUMN;
	}
	struct renamed *rt = rg_xcalloc(nt + 1, sizeof(*rt));
	struct renamed *rc = rg_xcalloc(nc + 1, sizeof(*rc));
	nt = nc = 0;
	for (size_t i = 0; i < n; i++) {
		if (ops[i].kind == RG_OP_RENAME_TABLE)
			rt[nt++] = (struct renamed){(uintptr_t)ops[i].table_from, i};
		else if (ops[i].kind == RG_OP_RENAME_COLUMN)
			rc[nc++] = (struct renamed){(uintptr_t)ops[i].from, i};
	}
	qsort(rt, nt, sizeof(*rt), cmp_renamed);
	qsort(rc, nc, sizeof(*rc), cmp_renamed);
	for (size_t i = 0; i < n; i++) {
		struct rg_op *op = &ops[i];
		if (!op->table_from && !op->table_to) {
			op->table = rg_op_table_name(op); /* a type's */
		} else if (!op->table_from) {
			op->table = op->table_to->name;
		} else if (!op->table_to) {
			op->table = op->table_from->name;
		} else {
			const struct renamed *r = find_renamed(rt, nt, op->table_from);
			op->table = r && r->pos < i ? op->table_to->name
						    : op->table_from->name;
		}
		op->column = NULL;
		if (op->kind == RG_OP_ALTER_COLUMN) {
			const struct rg_column *f = op->from, *t = op->to;
			const struct renamed *r = find_renamed(rc, nc, f);
			op->column = r && r->pos < i ? t->name : f->name;
		}
	}
	free(rt);
	free(rc);
}

/* ---- what foreign keys rest on ---------------------------------------- */

/*
 * One thing a diff changes on a table it keeps that a foreign key may rest
 * on: a key or index dropped (step 2) or added (step 8), a column added,
 * dropped, or changed in type or character set.  Keyed by the table's name
 * on its side: the database's for what the "from" schema has, the models'
 * for what the "to" schema has.
 */
struct dep {
	const char *table;
	bool to_side;
	bool key;   /* cols: a key's or index's columns; else cols[0], a column */
	bool typed; /* a column's type or character set: the referencing
		       side's columns count too */
	const char *const *cols;
	size_t ncols;
};

struct rg_fk_deps {
	struct dep *v;
	size_t n, cap;
	enum rg_name_rule tables, columns;
};

struct rg_fk_deps *rg_fk_deps_new(enum rg_name_rule tables, enum rg_name_rule columns)
{
	struct rg_fk_deps *d = rg_xcalloc(1, sizeof(struct rg_fk_deps));
	d->tables = tables;
	d->columns = columns;
	return d;
}

void rg_fk_deps_free(struct rg_fk_deps *d)
{
	if (d)
		free(d->v);
	free(d);
}

static void dep_add(struct rg_fk_deps *d, struct dep x)
{
	rg_grow((void **)&d->v, &d->cap, d->n + 1, sizeof(*d->v));
	d->v[d->n++] = x;
}

static const char *const *col_name(const struct rg_column *c)
{
	return &c->name;
}

void rg_fk_deps_add(struct rg_fk_deps *d, const struct rg_op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct rg_op *op = &ops[i];
		const struct rg_table *tf = op->table_from, *tt = op->table_to;
		switch (op->kind) {
		case RG_OP_DROP_PK: {
			const struct rg_pk *k = op->from;
			dep_add(d, (struct dep){tf->name, false, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_ADD_PK: {
			const struct rg_pk *k = op->to;
			dep_add(d, (struct dep){tt->name, true, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_DROP_UNIQUE: {
			const struct rg_unique *k = op->from;
			dep_add(d, (struct dep){tf->name, false, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_ADD_UNIQUE: {
			const struct rg_unique *k = op->to;
			dep_add(d, (struct dep){tt->name, true, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_DROP_INDEX: {
			const struct rg_index *k = op->from;
			dep_add(d, (struct dep){tf->name, false, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_CREATE_INDEX: {
			const struct rg_index *k = op->to;
			dep_add(d, (struct dep){tt->name, true, true, false, k->cols, k->ncols});
			break;
		}
		case RG_OP_DROP_COLUMN:
			dep_add(d, (struct dep){tf->name, false, false, false, col_name(op->from), 1});
			break;
		case RG_OP_ADD_COLUMN:
			dep_add(d, (struct dep){tt->name, true, false, false, col_name(op->to), 1});
			break;
		case RG_OP_ALTER_COLUMN:
			if (!(op->alter & (RG_ALTER_TYPE | RG_ALTER_CHARSET)))
				break;
			dep_add(d, (struct dep){tf->name, false, false, true, col_name(op->from), 1});
			dep_add(d, (struct dep){tt->name, true, false, true, col_name(op->to), 1});
			break;
		default:
			break;
		}
	}
}

static int cmp_dep_rule(enum rg_name_rule r, const struct dep *a, const struct dep *b)
{
	if (a->to_side != b->to_side)
		return (int)a->to_side - (int)b->to_side;
	return rg_name_cmp(r, a->table, b->table);
}

/* qsort's comparators cannot be told the rule: one per rule */
static int cmp_dep_exact(const void *x, const void *y)
{
	return cmp_dep_rule(RG_NAMES_EXACT, x, y);
}

static int cmp_dep_fold(const void *x, const void *y)
{
	return cmp_dep_rule(RG_NAMES_ANY_CASE, x, y);
}

void rg_fk_deps_sort(struct rg_fk_deps *d)
{
	if (d->n) /* d->v is NULL until the first entry */
		qsort(d->v, d->n, sizeof(*d->v),
		      d->tables == RG_NAMES_EXACT ? cmp_dep_exact : cmp_dep_fold);
}

static bool has_name(enum rg_name_rule r, const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (rg_name_same(r, v[i], name))
			return true;
	return false;
}

/* The entries of one table on one side: [*lo, return). */
static size_t dep_range(const struct rg_fk_deps *d, bool to_side, const char *table,
			size_t *lo)
{
	struct dep key = {.table = table, .to_side = to_side};
	size_t a = 0, b = d->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (cmp_dep_rule(d->tables, &d->v[mid], &key) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (b < d->n && cmp_dep_rule(d->tables, &d->v[b], &key) == 0)
		b++;
	return b;
}

/*
 * A key rests on an index whose first columns are the referenced ones,
 * in any order: PostgreSQL's unique index of exactly those columns,
 * InnoDB's any index that starts with them.  Taking the wider rule for
 * both costs a foreign key dropped and added again where it was not
 * needed, never one left in the way.
 */
static bool backs(enum rg_name_rule r, const struct dep *x, const struct rg_fk *fk)
{
	if (x->ncols < fk->ncols)
		return false;
	for (size_t i = 0; i < fk->ncols; i++)
		if (!has_name(r, x->cols, fk->ncols, fk->ref_cols[i]))
			return false;
	return true;
}

bool rg_fk_deps_hit(const struct rg_fk_deps *d, bool to_side, const char *table,
		    const struct rg_fk *fk)
{
	if (!d || !fk)
		return false;
	size_t lo, hi = dep_range(d, to_side, fk->ref_table, &lo);
	for (size_t i = lo; i < hi; i++) {
		const struct dep *x = &d->v[i];
		if (x->key ? backs(d->columns, x, fk)
			   : has_name(d->columns, fk->ref_cols, fk->ncols, x->cols[0]))
			return true;
	}
	hi = dep_range(d, to_side, table, &lo);
	for (size_t i = lo; i < hi; i++)
		if (d->v[i].typed && has_name(d->columns, fk->cols, fk->ncols, d->v[i].cols[0]))
			return true;
	return false;
}
