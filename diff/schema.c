/*
 * schema.c - constructors, lookups and ordering for the schema model.
 */
#include "diff/schema.h"

#include <ctype.h>
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

struct rg_table *rg_schema_add_view(struct rg_schema *s, const char *name,
				    const char *query)
{
	struct rg_table *t = rg_arena_alloc(s->arena, sizeof(*t));
	t->name = rg_arena_strdup(s->arena, name);
	t->view_query = rg_arena_strdup(s->arena, query);
	PUSH(s, s->views, s->nviews, s->cap_views, t);
	return t;
}

struct rg_enum *rg_schema_add_enum(struct rg_schema *s, const char *name)
{
	struct rg_enum *e = rg_arena_alloc(s->arena, sizeof(*e));
	e->name = rg_arena_strdup(s->arena, name);
	PUSH(s, s->enums, s->nenums, s->cap_enums, e);
	return e;
}

struct rg_sequence *rg_schema_add_sequence(struct rg_schema *s, const char *name)
{
	struct rg_sequence *q = rg_arena_alloc(s->arena, sizeof(*q));
	q->name = rg_arena_strdup(s->arena, name);
	PUSH(s, s->sequences, s->nsequences, s->cap_sequences, q);
	return q;
}

struct rg_domain *rg_schema_add_domain(struct rg_schema *s, const char *name)
{
	struct rg_domain *dm = rg_arena_alloc(s->arena, sizeof(*dm));
	dm->name = rg_arena_strdup(s->arena, name);
	PUSH(s, s->domains, s->ndomains, s->cap_domains, dm);
	return dm;
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

struct rg_dependent *rg_table_add_dependent(struct rg_schema *s,
					    struct rg_table *t, const char *kind,
					    const char *name, const char *sql)
{
	struct rg_dependent *d = rg_arena_alloc(s->arena, sizeof(*d));
	d->kind = rg_arena_strdup(s->arena, kind);
	d->name = rg_arena_strdup(s->arena, name);
	d->sql = rg_arena_strdup(s->arena, sql);
	PUSH(s, t->dependents, t->ndependents, t->cap_dependents, d);
	return d;
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

/* True when part[0..*n) ends with the word w after a space; *n is then
 * cut before that space. */
static bool cut_word(const char *part, size_t *n, const char *w)
{
	size_t k = strlen(w);
	if (*n < k + 2 || part[*n - k - 1] != ' ' || strncmp(part + *n - k, w, k) != 0)
		return false;
	*n -= k + 1;
	return true;
}

void rg_key_part(const char *part, struct rg_key_part *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = strlen(part);
	if (cut_word(part, &n, "NULLS FIRST"))
		out->nulls = RG_NULLS_FIRST;
	else if (cut_word(part, &n, "NULLS LAST"))
		out->nulls = RG_NULLS_LAST;
	out->desc = cut_word(part, &n, "DESC");
	/* OPCLASS "x", then COLLATE "x", from the end: the names hold no '"',
	 * so the last but one '"' opens the name */
	for (int k = 0; k < 2 && n > 3 && part[n - 1] == '"'; k++) {
		size_t q = n - 1;
		while (q > 0 && part[q - 1] != '"')
			q--;
		if (q < 2 || part[q - 2] != ' ')
			break;
		size_t before = q - 2;
		if (k == 0 && cut_word(part, &before, "OPCLASS")) {
			out->opclass = part + q;
			out->opclass_len = n - 1 - q;
		} else if (cut_word(part, &before, "COLLATE")) {
			out->collation = part + q;
			out->collation_len = n - 1 - q;
			k = 2;
		} else {
			break;
		}
		n = before;
	}
	/* MySQL's prefix: "email(191)" */
	if (n > 3 && part[0] != '(' && part[n - 1] == ')') {
		size_t o = n - 1;
		while (o > 0 && isdigit((unsigned char)part[o - 1]))
			o--;
		if (o > 1 && o < n - 1 && part[o - 1] == '(') {
			out->prefix = strtoul(part + o, NULL, 10);
			n = o - 1;
		}
	}
	out->expr = n >= 2 && part[0] == '(' && part[n - 1] == ')';
	out->text = out->expr ? part + 1 : part;
	out->len = out->expr ? n - 2 : n;
}

bool rg_index_plain(const struct rg_index *x)
{
	if (x->method || x->ninclude)
		return false;
	for (size_t i = 0; i < x->ncols; i++) {
		struct rg_key_part kp;
		rg_key_part(x->cols[i], &kp);
		if (kp.expr || kp.desc || kp.nulls || kp.collation || kp.opclass || kp.prefix)
			return false;
	}
	return true;
}

/* ---- the field tables (schema.h) ---- */

#define STR(st, m, key, fl) \
	{key, RG_FIELD_STR, (fl), offsetof(struct st, m), 0, 0, NULL, NULL, 0}
#define BOOL(st, m, key, fl) \
	{key, RG_FIELD_BOOL, (fl), offsetof(struct st, m), 0, 0, NULL, NULL, 0}
#define LOC(st, m) \
	{NULL, RG_FIELD_LOC, RG_FIELD_NO_JSON, offsetof(struct st, m), 0, 0, NULL, NULL, 0}
#define NAMES(st, m, n, key, fl) \
	{key, RG_FIELD_NAMES, (fl), offsetof(struct st, m), offsetof(struct st, n), 0, \
	 NULL, NULL, 0}
#define FK_ACTION(st, m, key) \
	{key, RG_FIELD_ENUM, 0, offsetof(struct st, m), 0, 0, NULL, fk_action_names, \
	 RG_ARRAY_LEN(fk_action_names)}
#define OBJ(st, m, key, desc) \
	{key, RG_FIELD_OBJ, 0, offsetof(struct st, m), 0, 0, &(desc), NULL, 0}
#define OBJS(st, m, n, cap, key, desc) \
	{key, RG_FIELD_OBJS, 0, offsetof(struct st, m), offsetof(struct st, n), \
	 offsetof(struct st, cap), &(desc), NULL, 0}
#define OBJS_NO_JSON(st, m, n, cap, desc) \
	{NULL, RG_FIELD_OBJS, RG_FIELD_NO_JSON, offsetof(struct st, m), \
	 offsetof(struct st, n), offsetof(struct st, cap), &(desc), NULL, 0}
#define DESC(st, arr) {#st, sizeof(struct st), arr, RG_ARRAY_LEN(arr)}

/* the JSON keys' order is that of docs/json.md */
static const struct rg_field column_fields[] = {
	STR(rg_column, name, "name", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	STR(rg_column, type, "type", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	BOOL(rg_column, not_null, "nullable", RG_FIELD_JSON_NOT),
	STR(rg_column, default_expr, "default", 0),
	BOOL(rg_column, autoincrement, "autoincrement", 0),
	BOOL(rg_column, serial, "serial", 0),
	BOOL(rg_column, identity_always, "identity_always", 0),
	STR(rg_column, comment, "comment", 0),
	STR(rg_column, charset, "charset", 0),
	STR(rg_column, collation, "collation", 0),
	STR(rg_column, on_update, "on_update", 0),
	BOOL(rg_column, invisible, "invisible", 0),
	STR(rg_column, not_null_on_conflict, NULL, RG_FIELD_NO_JSON),
	STR(rg_column, generated, "generated", 0),
	BOOL(rg_column, generated_virtual, "generated_virtual", 0),
	STR(rg_column, enum_name, "enum", 0),
	NAMES(rg_column, labels, nlabels, "labels", 0),
	BOOL(rg_column, generic, NULL, RG_FIELD_NO_JSON),
	STR(rg_column, renamed_from, NULL, RG_FIELD_NO_JSON),
	LOC(rg_column, loc),
};
const struct rg_struct_desc rg_column_desc = DESC(rg_column, column_fields);

static const struct rg_field pk_fields[] = {
	STR(rg_pk, name, "name", 0),
	BOOL(rg_pk, named, NULL, RG_FIELD_NO_JSON),
	NAMES(rg_pk, cols, ncols, "columns", 0),
	STR(rg_pk, on_conflict, NULL, RG_FIELD_NO_JSON),
};
const struct rg_struct_desc rg_pk_desc = DESC(rg_pk, pk_fields);

static const struct rg_field unique_fields[] = {
	STR(rg_unique, name, "name", 0),
	BOOL(rg_unique, named, NULL, RG_FIELD_NO_JSON),
	NAMES(rg_unique, cols, ncols, "columns", 0),
	STR(rg_unique, on_conflict, NULL, RG_FIELD_NO_JSON),
	LOC(rg_unique, loc),
};
const struct rg_struct_desc rg_unique_desc = DESC(rg_unique, unique_fields);

static const struct rg_field index_fields[] = {
	STR(rg_index, name, "name", 0),
	BOOL(rg_index, named, NULL, RG_FIELD_NO_JSON),
	BOOL(rg_index, unique, "unique", 0),
	NAMES(rg_index, cols, ncols, "columns", 0),
	NAMES(rg_index, include, ninclude, "include", 0),
	STR(rg_index, where, "where", 0),
	STR(rg_index, kind, "kind", 0),
	STR(rg_index, method, "method", 0),
	STR(rg_index, opaque, "opaque", 0),
	BOOL(rg_index, invalid, NULL, RG_FIELD_NO_JSON),
	LOC(rg_index, loc),
};
const struct rg_struct_desc rg_index_desc = DESC(rg_index, index_fields);

static const struct rg_field fk_fields[] = {
	STR(rg_fk, name, "name", 0),
	BOOL(rg_fk, named, NULL, RG_FIELD_NO_JSON),
	NAMES(rg_fk, cols, ncols, "columns", 0),
	STR(rg_fk, ref_table, "ref_table", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	NAMES(rg_fk, ref_cols, ncols, "ref_columns", RG_FIELD_SHARED_COUNT),
	FK_ACTION(rg_fk, on_delete, "on_delete"),
	FK_ACTION(rg_fk, on_update, "on_update"),
	BOOL(rg_fk, deferrable, "deferrable", 0),
	BOOL(rg_fk, initially_deferred, "initially_deferred", 0),
	STR(rg_fk, index, NULL, RG_FIELD_NO_JSON),
	LOC(rg_fk, loc),
};
const struct rg_struct_desc rg_fk_desc = DESC(rg_fk, fk_fields);

static const struct rg_field check_fields[] = {
	STR(rg_check, name, "name", 0),
	BOOL(rg_check, named, NULL, RG_FIELD_NO_JSON),
	STR(rg_check, expr, "expression", RG_FIELD_JSON_STRING),
	STR(rg_check, column, "column", 0),
	LOC(rg_check, loc),
};
const struct rg_struct_desc rg_check_desc = DESC(rg_check, check_fields);

/* not in the JSON: it shows what the models can declare */
static const struct rg_field dependent_fields[] = {
	STR(rg_dependent, kind, NULL, RG_FIELD_REQUIRED | RG_FIELD_NO_JSON),
	STR(rg_dependent, name, NULL, RG_FIELD_REQUIRED | RG_FIELD_NO_JSON),
	STR(rg_dependent, sql, NULL, RG_FIELD_REQUIRED | RG_FIELD_NO_JSON),
	NAMES(rg_dependent, cols, ncols, NULL, RG_FIELD_NO_JSON),
};
const struct rg_struct_desc rg_dependent_desc = DESC(rg_dependent, dependent_fields);

static const struct rg_field table_fields[] = {
	STR(rg_table, name, "name", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	STR(rg_table, comment, "comment", 0),
	STR(rg_table, charset, "charset", 0),
	STR(rg_table, collation, "collation", 0),
	STR(rg_table, engine, "engine", 0),
	STR(rg_table, row_format, "row_format", 0),
	BOOL(rg_table, unlogged, "unlogged", 0),
	BOOL(rg_table, without_rowid, "without_rowid", 0),
	BOOL(rg_table, strict, "strict", 0),
	STR(rg_table, renamed_from, NULL, RG_FIELD_NO_JSON),
	LOC(rg_table, loc),
	OBJS(rg_table, columns, ncolumns, cap_columns, "columns", rg_column_desc),
	OBJ(rg_table, pk, "primary_key", rg_pk_desc),
	OBJS(rg_table, uniques, nuniques, cap_uniques, "unique_constraints", rg_unique_desc),
	OBJS(rg_table, indexes, nindexes, cap_indexes, "indexes", rg_index_desc),
	OBJS(rg_table, fks, nfks, cap_fks, "foreign_keys", rg_fk_desc),
	OBJS(rg_table, checks, nchecks, cap_checks, "checks", rg_check_desc),
	OBJS_NO_JSON(rg_table, dependents, ndependents, cap_dependents, rg_dependent_desc),
	NAMES(rg_table, unsaid, nunsaid, NULL, RG_FIELD_NO_JSON),
	/* a view's: the JSON has them under "views" (docs/json.md) */
	STR(rg_table, view_query, NULL, RG_FIELD_NO_JSON),
	BOOL(rg_table, materialized, NULL, RG_FIELD_NO_JSON),
	STR(rg_table, view_canon, NULL, RG_FIELD_NO_JSON),
};
const struct rg_struct_desc rg_table_desc = DESC(rg_table, table_fields);

/* the differ's members are its own, for one ALTER_TYPE (schema.h) */
static const struct rg_field enum_fields[] = {
	STR(rg_enum, name, "name", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	NAMES(rg_enum, labels, nlabels, "labels", 0),
	LOC(rg_enum, loc),
	NAMES(rg_enum, user_columns, nusers, NULL, RG_FIELD_NO_JSON),
	NAMES(rg_enum, user_defaults, nusers, NULL, RG_FIELD_NO_JSON | RG_FIELD_SHARED_COUNT),
	OBJS_NO_JSON(rg_enum, user_tables, nuser_tables, cap_user_tables, rg_table_desc),
	BOOL(rg_enum, add_values, NULL, RG_FIELD_NO_JSON),
};
const struct rg_struct_desc rg_enum_desc = DESC(rg_enum, enum_fields);

static const struct rg_field sequence_fields[] = {
	STR(rg_sequence, name, "name", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	STR(rg_sequence, type, "type", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	STR(rg_sequence, start, "start", 0),
	STR(rg_sequence, increment, "increment", 0),
	STR(rg_sequence, min, "min", 0),
	STR(rg_sequence, max, "max", 0),
	STR(rg_sequence, cache, "cache", 0),
	BOOL(rg_sequence, cycle, "cycle", 0),
	LOC(rg_sequence, loc),
};
const struct rg_struct_desc rg_sequence_desc = DESC(rg_sequence, sequence_fields);

static const struct rg_field domain_fields[] = {
	STR(rg_domain, name, "name", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	STR(rg_domain, type, "type", RG_FIELD_REQUIRED | RG_FIELD_JSON_STRING),
	BOOL(rg_domain, not_null, "nullable", RG_FIELD_JSON_NOT),
	STR(rg_domain, default_expr, "default", 0),
	NAMES(rg_domain, check_names, nchecks, "check_names", 0),
	NAMES(rg_domain, checks, nchecks, "checks", RG_FIELD_SHARED_COUNT),
	LOC(rg_domain, loc),
};
const struct rg_struct_desc rg_domain_desc = DESC(rg_domain, domain_fields);

#undef STR
#undef BOOL
#undef LOC
#undef NAMES
#undef FK_ACTION
#undef OBJ
#undef OBJS
#undef OBJS_NO_JSON
#undef DESC

/* ---- copying ---- */

static const char **copy_names(struct rg_schema *s, const char *const *src,
			       size_t n)
{
	const char **out = rg_arena_alloc(s->arena, (n ? n : 1) * sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = rg_arena_strdup(s->arena, src[i]);
	return out;
}

/* A deep copy of the struct of type d at src, in s's arena.  Locations
 * are copied as they are: their file names stay where they point. */
static void *copy_object(struct rg_schema *s, const struct rg_struct_desc *d,
			 const void *src)
{
	void *dst = rg_arena_alloc(s->arena, d->size);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		const char *from = (const char *)src + f->off;
		char *to = (char *)dst + f->off;
		switch (f->kind) {
		case RG_FIELD_STR:
			*(const char **)to = rg_arena_strdup(s->arena, *(const char *const *)from);
			break;
		case RG_FIELD_BOOL:
			*(bool *)to = *(const bool *)from;
			break;
		case RG_FIELD_ENUM:
			*(unsigned *)to = *(const unsigned *)from;
			break;
		case RG_FIELD_LOC:
			*(struct rg_loc *)to = *(const struct rg_loc *)from;
			break;
		case RG_FIELD_NAMES: {
			size_t n = *RG_FIELD_COUNT(src, f);
			*RG_FIELD_COUNT(dst, f) = n;
			*(const char ***)to = copy_names(s, *(const char *const *const *)from, n);
			break;
		}
		case RG_FIELD_OBJ: {
			const void *o = *(const void *const *)from;
			*(void **)to = o ? copy_object(s, f->type, o) : NULL;
			break;
		}
		case RG_FIELD_OBJS: {
			size_t n = *RG_FIELD_COUNT(src, f);
			const void *const *items = *(const void *const *const *)from;
			void **arr = rg_arena_alloc(s->arena, (n ? n : 1) * sizeof(void *));
			for (size_t k = 0; k < n; k++)
				arr[k] = copy_object(s, f->type, items[k]);
			*(void ***)to = arr;
			*RG_FIELD_COUNT(dst, f) = n;
			*(size_t *)((char *)dst + f->cap_off) = n;
			break;
		}
		}
	}
	return dst;
}

struct rg_table *rg_table_copy(struct rg_schema *s, const struct rg_table *t)
{
	struct rg_table *n = copy_object(s, &rg_table_desc, t);
	PUSH(s, s->tables, s->ntables, s->cap_tables, n);
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

struct rg_enum *rg_schema_find_enum(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nenums; i++)
		if (strcmp(s->enums[i]->name, name) == 0)
			return s->enums[i];
	return NULL;
}

struct rg_table *rg_schema_find_view(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nviews; i++)
		if (strcmp(s->views[i]->name, name) == 0)
			return s->views[i];
	return NULL;
}

struct rg_sequence *rg_schema_find_sequence(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nsequences; i++)
		if (strcmp(s->sequences[i]->name, name) == 0)
			return s->sequences[i];
	return NULL;
}

char *rg_type_object(const char *type)
{
	struct rg_buf b = RG_BUF_INIT;
	const char *p = type;
	for (int part = 0;; part++) {
		if (*p == '"') {
			size_t start = b.len;
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				rg_buf_addc(&b, *p);
				p += *p == '"';
			}
			if (*p != '"' || b.len == start)
				goto not_one;
			p++;
		} else {
			const char *w = p;
			while (*p && *p != '.' && *p != '"' && *p != '(' && *p != '[' &&
			       !isspace((unsigned char)*p))
				p++;
			if (p == w)
				goto not_one;
			/* unquoted, PostgreSQL folds it */
			for (; w < p; w++)
				rg_buf_addc(&b, (char)tolower((unsigned char)*w));
		}
		if (*p != '.' || part == 1)
			break;
		rg_buf_addc(&b, '.');
		p++;
	}
	if (*p)
		goto not_one;
	return rg_buf_detach(&b);
not_one:
	rg_buf_free(&b);
	return NULL;
}

bool rg_type_names(const char *type, const char *name)
{
	char *o = type ? rg_type_object(type) : NULL;
	bool same = o && strcmp(o, name) == 0;
	free(o);
	return same;
}

/* part quoted unless it reads the same unquoted (a keyword aside) */
static void quote_part(struct rg_buf *out, const char *p, size_t n)
{
	bool plain = n && (islower((unsigned char)p[0]) || p[0] == '_');
	for (size_t i = 1; plain && i < n; i++)
		plain = islower((unsigned char)p[i]) || isdigit((unsigned char)p[i]) ||
			p[i] == '_' || p[i] == '$';
	if (plain) {
		rg_buf_addn(out, p, n);
		return;
	}
	rg_buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			rg_buf_addc(out, '"');
		rg_buf_addc(out, p[i]);
	}
	rg_buf_addc(out, '"');
}

void rg_quote_type_name(struct rg_buf *out, const char *name)
{
	size_t ns = rg_qualified_prefix(name);
	if (ns) {
		quote_part(out, name, ns);
		rg_buf_addc(out, '.');
		name += ns + 1;
	}
	quote_part(out, name, strlen(name));
}

struct rg_domain *rg_schema_find_domain(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ndomains; i++)
		if (strcmp(s->domains[i]->name, name) == 0)
			return s->domains[i];
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

static int cmp_enum(const void *a, const void *b)
{
	return strcmp((*(const struct rg_enum *const *)a)->name,
		      (*(const struct rg_enum *const *)b)->name);
}

static int cmp_sequence(const void *a, const void *b)
{
	return strcmp((*(const struct rg_sequence *const *)a)->name,
		      (*(const struct rg_sequence *const *)b)->name);
}

static int cmp_domain(const void *a, const void *b)
{
	return strcmp((*(const struct rg_domain *const *)a)->name,
		      (*(const struct rg_domain *const *)b)->name);
}

void rg_schema_sort(struct rg_schema *s)
{
	if (s->ntables > 1)
		qsort(s->tables, s->ntables, sizeof(*s->tables), cmp_table);
	if (s->nenums > 1)
		qsort(s->enums, s->nenums, sizeof(*s->enums), cmp_enum);
	if (s->nviews > 1)
		qsort(s->views, s->nviews, sizeof(*s->views), cmp_table);
	if (s->nsequences > 1)
		qsort(s->sequences, s->nsequences, sizeof(*s->sequences), cmp_sequence);
	if (s->ndomains > 1)
		qsort(s->domains, s->ndomains, sizeof(*s->domains), cmp_domain);
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

/* ---- managed schemas (see schema.h) ---- */

static struct {
	char **names;
	size_t n;
} managed;

void rg_schemas_set(const char *const *names, size_t n)
{
	for (size_t i = 0; i < managed.n; i++)
		free(managed.names[i]);
	free(managed.names);
	managed.names = rg_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		managed.names[i] = rg_xstrdup(names[i]);
	managed.n = n;
}

const char *const *rg_schemas(size_t *n)
{
	*n = managed.n;
	return (const char *const *)managed.names;
}

size_t rg_qualified_prefix(const char *name)
{
	const char *dot = managed.n > 1 ? strchr(name, '.') : NULL;
	if (!dot)
		return 0;
	size_t len = (size_t)(dot - name);
	for (size_t i = 1; i < managed.n; i++)
		if (strlen(managed.names[i]) == len && memcmp(managed.names[i], name, len) == 0)
			return len;
	return 0;
}

const char *rg_unqualified(const char *name)
{
	size_t n = rg_qualified_prefix(name);
	return n ? name + n + 1 : name;
}
