/*
 * schema.c - constructors, lookups and ordering for the schema model.
 */
#include "diff/schema.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const fk_action_names[] = {
	[RG_FK_NO_ACTION] = "NO ACTION",
	[RG_FK_RESTRICT] = "RESTRICT",
	[RG_FK_CASCADE] = "CASCADE",
	[RG_FK_SET_NULL] = "SET NULL",
	[RG_FK_SET_DEFAULT] = "SET DEFAULT",
};
_Static_assert(RG_ARRAY_LEN(fk_action_names) == RG_FK_SET_DEFAULT + 1,
	       "fk_action_names out of step with enum rg_fk_action");

const char *rg_fk_action_sql(enum rg_fk_action a)
{
	if ((size_t)a < RG_ARRAY_LEN(fk_action_names))
		return fk_action_names[a];
	return "NO ACTION";
}

int rg_fk_action_parse(const char *s, enum rg_fk_action *out)
{
	char norm[32];
	size_t n = 0;
	for (; *s && n + 1 < sizeof(norm); s++) {
		char c = *s;
		if (c == '_' || c == '\t')
			c = ' ';
		if (c == ' ' && (n == 0 || norm[n - 1] == ' '))
			continue;
		norm[n++] = c;
	}
	while (n > 0 && norm[n - 1] == ' ')
		n--;
	norm[n] = '\0';
	for (size_t i = 0; i < RG_ARRAY_LEN(fk_action_names); i++) {
		if (strcasecmp(norm, fk_action_names[i]) == 0) {
			*out = (enum rg_fk_action)i;
			return 0;
		}
	}
	return -1;
}

struct rg_schema *rg_schema_new(void)
{
	struct rg_schema *s = rg_xcalloc(1, sizeof(*s));
	s->arena = rg_arena_new();
	return s;
}

void rg_schema_free(struct rg_schema *s)
{
	if (!s)
		return;
	rg_arena_free(s->arena);
	free(s);
}

#define PUSH(s, arr, n, cap, item) \
	rg_arena_push((s)->arena, (void ***)&(arr), &(n), &(cap), (item))

struct rg_table *rg_schema_add_table(struct rg_schema *s, const char *name)
{
	struct rg_table *t = rg_arena_alloc(s->arena, sizeof(*t));
	t->name = rg_arena_strdup(s->arena, name);
	PUSH(s, s->tables, s->ntables, s->cap_tables, t);
	return t;
}

struct rg_column *rg_table_add_column(struct rg_schema *s, struct rg_table *t,
				      const char *name)
{
	struct rg_column *c = rg_arena_alloc(s->arena, sizeof(*c));
	c->name = rg_arena_strdup(s->arena, name);
	PUSH(s, t->columns, t->ncolumns, t->cap_columns, c);
	return c;
}

struct rg_pk *rg_table_set_pk(struct rg_schema *s, struct rg_table *t,
			      const char *name)
{
	struct rg_pk *pk = rg_arena_alloc(s->arena, sizeof(*pk));
	pk->name = rg_arena_strdup(s->arena, name);
	t->pk = pk;
	return pk;
}

struct rg_unique *rg_table_add_unique(struct rg_schema *s, struct rg_table *t,
				      const char *name)
{
	struct rg_unique *u = rg_arena_alloc(s->arena, sizeof(*u));
	u->name = rg_arena_strdup(s->arena, name);
	PUSH(s, t->uniques, t->nuniques, t->cap_uniques, u);
	return u;
}

struct rg_index *rg_table_add_index(struct rg_schema *s, struct rg_table *t,
				    const char *name)
{
	struct rg_index *ix = rg_arena_alloc(s->arena, sizeof(*ix));
	ix->name = rg_arena_strdup(s->arena, name);
	PUSH(s, t->indexes, t->nindexes, t->cap_indexes, ix);
	return ix;
}

struct rg_fk *rg_table_add_fk(struct rg_schema *s, struct rg_table *t,
			      const char *name)
{
	struct rg_fk *fk = rg_arena_alloc(s->arena, sizeof(*fk));
	fk->name = rg_arena_strdup(s->arena, name);
	PUSH(s, t->fks, t->nfks, t->cap_fks, fk);
	return fk;
}

struct rg_check *rg_table_add_check(struct rg_schema *s, struct rg_table *t,
				    const char *name)
{
	struct rg_check *ck = rg_arena_alloc(s->arena, sizeof(*ck));
	ck->name = rg_arena_strdup(s->arena, name);
	PUSH(s, t->checks, t->nchecks, t->cap_checks, ck);
	return ck;
}

void rg_names_push(struct rg_schema *s, const char ***cols, size_t *n,
		   const char *col)
{
	const char **na = rg_arena_alloc(s->arena, (*n + 1) * sizeof(char *));
	if (*n)
		memcpy(na, *cols, *n * sizeof(char *));
	na[*n] = rg_arena_strdup(s->arena, col);
	*cols = na;
	(*n)++;
}

static const char **copy_names(struct rg_schema *s, const char *const *src,
			       size_t n)
{
	const char **out = rg_arena_alloc(s->arena, (n ? n : 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = rg_arena_strdup(s->arena, src[i]);
	return out;
}

struct rg_table *rg_table_copy(struct rg_schema *s, const struct rg_table *t)
{
	struct rg_arena *a = s->arena;
	struct rg_table *n = rg_schema_add_table(s, t->name);
	n->comment = rg_arena_strdup(a, t->comment);
	n->renamed_from = rg_arena_strdup(a, t->renamed_from);
	n->loc = t->loc;
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct rg_column *c = t->columns[i];
		struct rg_column *d = rg_table_add_column(s, n, c->name);
		*d = *c;
		d->name = rg_arena_strdup(a, c->name);
		d->type = rg_arena_strdup(a, c->type);
		d->default_expr = rg_arena_strdup(a, c->default_expr);
		d->comment = rg_arena_strdup(a, c->comment);
		d->renamed_from = rg_arena_strdup(a, c->renamed_from);
	}
	if (t->pk) {
		struct rg_pk *pk = rg_table_set_pk(s, n, t->pk->name);
		pk->ncols = t->pk->ncols;
		pk->cols = copy_names(s, t->pk->cols, pk->ncols);
	}
	for (size_t i = 0; i < t->nuniques; i++) {
		const struct rg_unique *u = t->uniques[i];
		struct rg_unique *d = rg_table_add_unique(s, n, u->name);
		d->ncols = u->ncols;
		d->cols = copy_names(s, u->cols, u->ncols);
		d->loc = u->loc;
	}
	for (size_t i = 0; i < t->nindexes; i++) {
		const struct rg_index *x = t->indexes[i];
		struct rg_index *d = rg_table_add_index(s, n, x->name);
		d->unique = x->unique;
		d->ncols = x->ncols;
		d->cols = copy_names(s, x->cols, x->ncols);
		d->where = rg_arena_strdup(a, x->where);
		d->loc = x->loc;
	}
	for (size_t i = 0; i < t->nfks; i++) {
		const struct rg_fk *f = t->fks[i];
		struct rg_fk *d = rg_table_add_fk(s, n, f->name);
		d->ncols = f->ncols;
		d->cols = copy_names(s, f->cols, f->ncols);
		d->ref_table = rg_arena_strdup(a, f->ref_table);
		d->ref_cols = copy_names(s, f->ref_cols, f->ncols);
		d->on_delete = f->on_delete;
		d->on_update = f->on_update;
		d->loc = f->loc;
	}
	for (size_t i = 0; i < t->nchecks; i++) {
		const struct rg_check *c = t->checks[i];
		struct rg_check *d = rg_table_add_check(s, n, c->name);
		d->expr = rg_arena_strdup(a, c->expr);
		d->loc = c->loc;
	}
	return n;
}

struct rg_table *rg_schema_find_table(const struct rg_schema *s,
				      const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i]->name, name) == 0)
			return s->tables[i];
	return NULL;
}

struct rg_column *rg_table_find_column(const struct rg_table *t,
				       const char *name)
{
	long i = rg_table_column_index(t, name);
	return i < 0 ? NULL : t->columns[i];
}

long rg_table_column_index(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i]->name, name) == 0)
			return (long)i;
	return -1;
}

bool rg_table_column_in_pk(const struct rg_table *t, const char *name)
{
	if (!t->pk)
		return false;
	for (size_t i = 0; i < t->pk->ncols; i++)
		if (strcmp(t->pk->cols[i], name) == 0)
			return true;
	return false;
}

bool rg_names_equal(const char *const *a, size_t na, const char *const *b,
		    size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!rg_streq(a[i], b[i]))
			return false;
	return true;
}

static int cmp_names(const char *a, const char *b)
{
	if (!a || !b)
		return a ? -1 : b ? 1 : 0; /* unnamed last */
	return strcmp(a, b);
}

static int cmp_cols(const char *const *a, size_t na, const char *const *b,
		    size_t nb)
{
	for (size_t i = 0; i < na && i < nb; i++) {
		int c = strcmp(a[i], b[i]);
		if (c)
			return c;
	}
	return (na > nb) - (na < nb);
}

static int cmp_table(const void *x, const void *y)
{
	const struct rg_table *a = *(const struct rg_table *const *)x;
	const struct rg_table *b = *(const struct rg_table *const *)y;
	return strcmp(a->name, b->name);
}

static int cmp_unique(const void *x, const void *y)
{
	const struct rg_unique *a = *(const struct rg_unique *const *)x;
	const struct rg_unique *b = *(const struct rg_unique *const *)y;
	int c = cmp_names(a->name, b->name);
	return c ? c : cmp_cols(a->cols, a->ncols, b->cols, b->ncols);
}

static int cmp_index(const void *x, const void *y)
{
	const struct rg_index *a = *(const struct rg_index *const *)x;
	const struct rg_index *b = *(const struct rg_index *const *)y;
	int c = cmp_names(a->name, b->name);
	return c ? c : cmp_cols(a->cols, a->ncols, b->cols, b->ncols);
}

static int cmp_fk(const void *x, const void *y)
{
	const struct rg_fk *a = *(const struct rg_fk *const *)x;
	const struct rg_fk *b = *(const struct rg_fk *const *)y;
	int c = cmp_names(a->name, b->name);
	return c ? c : cmp_cols(a->cols, a->ncols, b->cols, b->ncols);
}

static int cmp_check(const void *x, const void *y)
{
	const struct rg_check *a = *(const struct rg_check *const *)x;
	const struct rg_check *b = *(const struct rg_check *const *)y;
	int c = cmp_names(a->name, b->name);
	return c ? c : strcmp(a->expr ? a->expr : "", b->expr ? b->expr : "");
}

void rg_schema_sort(struct rg_schema *s)
{
	if (s->ntables > 1)
		qsort(s->tables, s->ntables, sizeof(*s->tables), cmp_table);
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		if (t->nuniques > 1)
			qsort(t->uniques, t->nuniques, sizeof(void *), cmp_unique);
		if (t->nindexes > 1)
			qsort(t->indexes, t->nindexes, sizeof(void *), cmp_index);
		if (t->nfks > 1)
			qsort(t->fks, t->nfks, sizeof(void *), cmp_fk);
		if (t->nchecks > 1)
			qsort(t->checks, t->nchecks, sizeof(void *), cmp_check);
	}
}
