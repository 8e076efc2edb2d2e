/*
 * loader.c - the model loader: parses headers with libclang (REVGEN_SCAN
 * defined, so the RG_ macros are annotate attributes) and turns every
 * struct carrying RG_TABLE into a table of the schema model.
 *
 * Errors are collected, not stopped at: a user fixing a header wants all
 * of its problems at once.  Any error means no schema.
 */
#include "introspect/loader.h"

#include <clang-c/Index.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef RG_CLANG_RESOURCE_DIR
#error "meson defines RG_CLANG_RESOURCE_DIR (clang's stdbool.h, stdint.h...)"
#endif

struct errors {
	struct rg_buf text;
	size_t n, shown;
};

static void add_error(struct errors *e, const struct rg_loc *loc,
		      const char *fmt, ...) RG_PRINTF(3, 4);

static void add_error(struct errors *e, const struct rg_loc *loc,
		      const char *fmt, ...)
{
	e->n++;
	/* keep the message within what struct rg_error holds */
	if (e->text.len > 1600)
		return;
	e->shown++;
	if (e->text.len)
		rg_buf_addc(&e->text, '\n');
	if (loc && loc->file)
		rg_buf_addf(&e->text, "%s:%u:%u: ", loc->file, loc->line, loc->col);
	va_list ap;
	va_start(ap, fmt);
	rg_buf_vaddf(&e->text, fmt, ap);
	va_end(ap);
}

/* ---- what one struct's annotations say, before it becomes a table ---- */

struct field_notes {
	const char *type;      /* RG_TYPE */
	bool pk, autoinc, not_null, nullable, unique, index, skip;
	const char *def, *ref_table, *ref_col, *on_delete, *on_update;
	const char *comment, *renamed_from, *name;
	struct rg_loc loc, ref_loc, autoinc_loc, on_loc;
};

struct loader {
	struct rg_schema *s;
	struct errors errs;
	/* structs already seen (a header included by several model files) */
	struct seen {
		unsigned long long dev, ino;
		unsigned offset;
	} *seen;
	size_t nseen, capseen;
	double clang_ms;
};

static struct rg_loc loc_of(struct loader *L, CXCursor c)
{
	struct rg_loc loc = {NULL, 0, 0};
	CXFile file;
	unsigned line, col, off;
	/* the expansion location: the user's header, not revgen.h where the
	 * macro that produced an attribute lives */
	clang_getExpansionLocation(clang_getCursorLocation(c), &file, &line, &col, &off);
	if (file) {
		CXString name = clang_getFileName(file);
		loc.file = rg_arena_strdup(L->s->arena, clang_getCString(name));
		clang_disposeString(name);
	}
	loc.line = line;
	loc.col = col;
	return loc;
}

static char *trim_dup(struct rg_arena *a, const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return rg_arena_strndup(a, s, n);
}

/*
 * A name as written in an annotation: an identifier (RG_NAME(bio)), or a C
 * string literal for names C cannot spell (RG_NAME("名前"),
 * RG_TABLE("it's \"odd\"")), whose quotes and escapes are undone here.
 */
static char *name_value(struct rg_arena *a, const char *v)
{
	size_t n = strlen(v);
	while (n > 0 && isspace((unsigned char)v[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*v)) {
		v++;
		n--;
	}
	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return rg_arena_strndup(a, v, n);
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 1; i + 1 < n; i++) {
		if (v[i] == '\\' && i + 2 < n)
			i++;
		rg_buf_addc(&b, v[i]);
	}
	char *out = rg_arena_strdup(a, rg_buf_str(&b));
	rg_buf_free(&b);
	return out;
}

/* "a, b, c" -> names pushed onto *cols */
static void split_cols(struct loader *L, const char *list, const char ***cols,
		       size_t *n)
{
	while (*list) {
		size_t len = strcspn(list, ",");
		char *c = trim_dup(L->s->arena, list, len);
		if (*c)
			rg_names_push(L->s, cols, n, c);
		list += len;
		if (*list == ',')
			list++;
	}
}

/* An annotation's key and value: "revgen:default:'x'" -> "default", "'x'" */
static bool split_annotation(const char *a, char *key, size_t keylen,
			     const char **value)
{
	if (strncmp(a, "revgen:", 7) != 0)
		return false;
	a += 7;
	size_t n = strcspn(a, ":");
	if (n >= keylen)
		n = keylen - 1;
	memcpy(key, a, n);
	key[n] = '\0';
	*value = a[n] == ':' ? a + n + 1 : NULL;
	return true;
}

/* ---- C types to SQL types ---- */

static const char *typedef_type(const char *name)
{
	static const struct {
		const char *c, *sql;
	} map[] = {
		{"time_t", "TIMESTAMP"}, {"int64_t", "BIGINT"}, {"int32_t", "INTEGER"},
		{"int16_t", "SMALLINT"}, {"bool", "BOOLEAN"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(name, map[i].c) == 0)
			return map[i].sql;
	return NULL;
}

/* The generic SQL type of a non-pointer C type, or NULL. */
static const char *scalar_type(CXType t)
{
	for (int guard = 0; guard < 32; guard++) {
		if (t.kind == CXType_Elaborated) {
			t = clang_Type_getNamedType(t);
			continue;
		}
		if (t.kind != CXType_Typedef)
			break;
		CXString n = clang_getTypedefName(t);
		const char *sql = typedef_type(clang_getCString(n));
		clang_disposeString(n);
		if (sql)
			return sql;
		t = clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t));
	}
	switch (clang_getCanonicalType(t).kind) {
	case CXType_Bool: return "BOOLEAN";
	case CXType_Short: return "SMALLINT";
	case CXType_Int: return "INTEGER";
	case CXType_Long:
	case CXType_LongLong: return "BIGINT";
	case CXType_Float: return "REAL";
	case CXType_Double: return "DOUBLE PRECISION";
	default: return NULL;
	}
}

static bool is_char(CXType t)
{
	enum CXTypeKind k = clang_getCanonicalType(t).kind;
	return k == CXType_Char_S || k == CXType_Char_U;
}

/*
 * The generic type of a field and whether C makes it nullable (a pointer).
 * Returns NULL for a type that has no SQL counterpart.
 */
static const char *field_type(struct loader *L, CXType t, bool *pointer)
{
	*pointer = false;
	CXType canon = clang_getCanonicalType(t);
	if (canon.kind == CXType_Pointer) {
		*pointer = true;
		CXType pointee = clang_getPointeeType(t);
		if (is_char(pointee))
			return "TEXT";
		return scalar_type(pointee);
	}
	if (canon.kind == CXType_ConstantArray && is_char(clang_getArrayElementType(canon))) {
		long long n = clang_getArraySize(canon);
		if (n < 2)
			return NULL;
		return rg_arena_printf(L->s->arena, "VARCHAR(%lld)", n - 1);
	}
	return scalar_type(t);
}

static bool integer_type(const char *sql)
{
	return strcmp(sql, "SMALLINT") == 0 || strcmp(sql, "INTEGER") == 0 ||
	       strcmp(sql, "BIGINT") == 0 || strcasestr(sql, "INT") != NULL;
}

/* ---- visiting ---- */

struct table_ctx {
	struct loader *L;
	struct rg_table *t;
	CXCursor cursor;
};

struct field_ctx {
	struct loader *L;
	struct field_notes *fn;
};

static enum CXChildVisitResult field_attr(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	(void)parent;
	struct field_ctx *fc = data;
	struct loader *L = fc->L;
	struct field_notes *fn = fc->fn;
	if (clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = clang_getCursorSpelling(c);
	const char *a = clang_getCString(sp);
	char key[32];
	const char *v;
	struct rg_loc loc = loc_of(L, c);
	struct rg_arena *ar = L->s->arena;
	if (!a || !split_annotation(a, key, sizeof(key), &v))
		goto out;
	if (strcmp(key, "type") == 0 && v && *v)
		fn->type = rg_arena_strdup(ar, v);
	else if (strcmp(key, "primary_key") == 0)
		fn->pk = true;
	else if (strcmp(key, "autoincrement") == 0) {
		fn->autoinc = true;
		fn->autoinc_loc = loc;
	} else if (strcmp(key, "not_null") == 0)
		fn->not_null = true;
	else if (strcmp(key, "nullable") == 0)
		fn->nullable = true;
	else if (strcmp(key, "unique") == 0)
		fn->unique = true;
	else if (strcmp(key, "index") == 0)
		fn->index = true;
	else if (strcmp(key, "skip") == 0)
		fn->skip = true;
	else if (strcmp(key, "default") == 0 && v && *v)
		fn->def = rg_arena_strdup(ar, v);
	else if (strcmp(key, "references") == 0 && v && strchr(v, ',')) {
		const char *comma = strchr(v, ',');
		fn->ref_table = trim_dup(ar, v, (size_t)(comma - v));
		fn->ref_col = trim_dup(ar, comma + 1, strlen(comma + 1));
		fn->ref_loc = loc;
	} else if (strcmp(key, "on_delete") == 0 && v) {
		fn->on_delete = rg_arena_strdup(ar, v);
		fn->on_loc = loc;
	} else if (strcmp(key, "on_update") == 0 && v) {
		fn->on_update = rg_arena_strdup(ar, v);
		fn->on_loc = loc;
	} else if (strcmp(key, "comment") == 0 && v)
		fn->comment = rg_arena_strdup(ar, v);
	else if (strcmp(key, "renamed_from") == 0 && v && *v)
		fn->renamed_from = name_value(ar, v);
	else if (strcmp(key, "name") == 0 && v && *v)
		fn->name = name_value(ar, v);
	else if (strcmp(key, "check") == 0 && v && strchr(v, ':')) {
		/* collected by the table visitor, which owns the checks */
	} else if (strcmp(key, "table") == 0 || strcmp(key, "index_on") == 0 ||
		   strcmp(key, "unique_on") == 0)
		add_error(&L->errs, &loc, "%s belongs between `struct` and the struct's tag, not on a field",
			  strcmp(key, "table") == 0 ? "RG_TABLE" : strcmp(key, "index_on") == 0 ? "RG_INDEX_ON" : "RG_UNIQUE_ON");
	else
		add_error(&L->errs, &loc, "unknown or malformed annotation \"%s\"", a);
out:
	clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* Collects column-level RG_CHECKs of a field into the table. */
static enum CXChildVisitResult field_checks(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	(void)parent;
	struct table_ctx *tc = data;
	if (clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = clang_getCursorSpelling(c);
	const char *a = clang_getCString(sp);
	char key[32];
	const char *v;
	if (a && split_annotation(a, key, sizeof(key), &v) && strcmp(key, "check") == 0 && v) {
		const char *colon = strchr(v, ':');
		if (colon) {
			struct rg_check *ck = rg_table_add_check(tc->L->s, tc->t, NULL);
			ck->name = trim_dup(tc->L->s->arena, v, (size_t)(colon - v));
			ck->expr = trim_dup(tc->L->s->arena, colon + 1, strlen(colon + 1));
			ck->loc = loc_of(tc->L, c);
		}
	}
	clang_disposeString(sp);
	return CXChildVisit_Continue;
}

static void add_field(struct table_ctx *tc, CXCursor field)
{
	struct loader *L = tc->L;
	struct rg_table *t = tc->t;
	struct field_notes fn;
	memset(&fn, 0, sizeof(fn));
	fn.loc = loc_of(L, field);
	struct field_ctx fc = {L, &fn};
	clang_visitChildren(field, field_attr, &fc);
	if (fn.skip)
		return;

	CXString fname = clang_getCursorSpelling(field);
	const char *cname = fn.name ? fn.name : clang_getCString(fname);
	struct rg_column *c = rg_table_add_column(L->s, t, cname);
	clang_disposeString(fname);
	c->loc = fn.loc;

	bool pointer;
	const char *inferred = field_type(L, clang_getCursorType(field), &pointer);
	if (fn.type) {
		c->type = fn.type;
		c->generic = false;
	} else if (inferred) {
		c->type = inferred;
		c->generic = true;
	} else {
		CXString ts = clang_getTypeSpelling(clang_getCursorType(field));
		add_error(&L->errs, &fn.loc,
			  "field '%s' of type '%s' has no SQL type: add RG_TYPE(...) or RG_SKIP",
			  c->name, clang_getCString(ts));
		clang_disposeString(ts);
		c->type = "";
	}
	if (fn.nullable && fn.not_null)
		add_error(&L->errs, &fn.loc, "column '%s' is both RG_NULLABLE and RG_NOT_NULL", c->name);
	c->not_null = fn.not_null || (!pointer && !fn.nullable);
	if (fn.pk) {
		if (fn.nullable)
			add_error(&L->errs, &fn.loc, "primary key column '%s' cannot be RG_NULLABLE", c->name);
		c->not_null = true;
		if (!t->pk)
			rg_table_set_pk(L->s, t, rg_arena_printf(L->s->arena, "pk_%s", t->name));
		rg_names_push(L->s, &t->pk->cols, &t->pk->ncols, c->name);
	}
	if (fn.autoinc) {
		if (!fn.pk)
			add_error(&L->errs, &fn.autoinc_loc, "RG_AUTOINCREMENT on '%s', which is not RG_PRIMARY_KEY", c->name);
		else if (*c->type && !integer_type(c->type))
			add_error(&L->errs, &fn.autoinc_loc, "RG_AUTOINCREMENT on '%s' of type %s: it needs an integer column",
				  c->name, c->type);
		c->autoincrement = true;
	}
	c->default_expr = fn.def;
	c->comment = fn.comment;
	c->renamed_from = fn.renamed_from;
	if (fn.unique) {
		struct rg_unique *u = rg_table_add_unique(L->s, t,
			rg_arena_printf(L->s->arena, "uq_%s_%s", t->name, c->name));
		rg_names_push(L->s, &u->cols, &u->ncols, c->name);
		u->loc = fn.loc;
	}
	if (fn.index) {
		struct rg_index *x = rg_table_add_index(L->s, t,
			rg_arena_printf(L->s->arena, "ix_%s_%s", t->name, c->name));
		rg_names_push(L->s, &x->cols, &x->ncols, c->name);
		x->loc = fn.loc;
	}
	if (fn.ref_table) {
		struct rg_fk *f = rg_table_add_fk(L->s, t,
			rg_arena_printf(L->s->arena, "fk_%s_%s_%s", t->name, c->name, fn.ref_table));
		size_t n = 0;
		rg_names_push(L->s, &f->cols, &f->ncols, c->name);
		rg_names_push(L->s, &f->ref_cols, &n, fn.ref_col);
		f->ref_table = fn.ref_table;
		f->loc = fn.ref_loc;
		if (fn.on_delete && rg_fk_action_parse(fn.on_delete, &f->on_delete) < 0)
			add_error(&L->errs, &fn.on_loc, "unknown ON DELETE action '%s' (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)",
				  fn.on_delete);
		if (fn.on_update && rg_fk_action_parse(fn.on_update, &f->on_update) < 0)
			add_error(&L->errs, &fn.on_loc, "unknown ON UPDATE action '%s' (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)",
				  fn.on_update);
	} else if (fn.on_delete || fn.on_update) {
		add_error(&L->errs, &fn.on_loc, "RG_ON_DELETE/RG_ON_UPDATE on '%s' without RG_REFERENCES", c->name);
	}
	clang_visitChildren(field, field_checks, tc);
}

static enum CXChildVisitResult struct_child(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	(void)parent;
	struct table_ctx *tc = data;
	struct loader *L = tc->L;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_FieldDecl) {
		add_field(tc, c);
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = clang_getCursorSpelling(c);
	const char *a = clang_getCString(sp);
	char key[32];
	const char *v;
	struct rg_loc loc = loc_of(L, c);
	if (!a || !split_annotation(a, key, sizeof(key), &v)) {
		clang_disposeString(sp);
		return CXChildVisit_Continue;
	}
	struct rg_arena *ar = L->s->arena;
	if (strcmp(key, "table") == 0) {
		/* named already */
	} else if ((strcmp(key, "index_on") == 0 || strcmp(key, "unique_on") == 0) && v &&
		   strchr(v, ':')) {
		const char *colon = strchr(v, ':');
		char *name = trim_dup(ar, v, (size_t)(colon - v));
		if (key[0] == 'i') {
			struct rg_index *x = rg_table_add_index(L->s, tc->t, name);
			split_cols(L, colon + 1, &x->cols, &x->ncols);
			x->loc = loc;
			if (!x->ncols)
				add_error(&L->errs, &loc, "RG_INDEX_ON(%s) names no column", name);
		} else {
			struct rg_unique *u = rg_table_add_unique(L->s, tc->t, name);
			split_cols(L, colon + 1, &u->cols, &u->ncols);
			u->loc = loc;
			if (!u->ncols)
				add_error(&L->errs, &loc, "RG_UNIQUE_ON(%s) names no column", name);
		}
	} else if (strcmp(key, "check") == 0 && v && strchr(v, ':')) {
		const char *colon = strchr(v, ':');
		struct rg_check *ck = rg_table_add_check(L->s, tc->t, NULL);
		ck->name = trim_dup(ar, v, (size_t)(colon - v));
		ck->expr = trim_dup(ar, colon + 1, strlen(colon + 1));
		ck->loc = loc;
	} else if (strcmp(key, "comment") == 0 && v) {
		tc->t->comment = rg_arena_strdup(ar, v);
	} else if (strcmp(key, "renamed_from") == 0 && v && *v) {
		tc->t->renamed_from = name_value(ar, v);
	} else {
		add_error(&L->errs, &loc, "\"%s\" is not a table annotation", a);
	}
	clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* The RG_TABLE name of a struct, if it has one. */
static enum CXChildVisitResult find_table_name(CXCursor c, CXCursor parent,
					       CXClientData data)
{
	(void)parent;
	char **name = data;
	if (clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		CXString sp = clang_getCursorSpelling(c);
		const char *a = clang_getCString(sp);
		if (a && strncmp(a, "revgen:table:", 13) == 0 && a[13]) {
			struct rg_arena *tmp = rg_arena_new();
			*name = rg_xstrdup(name_value(tmp, a + 13));
			rg_arena_free(tmp);
		}
		clang_disposeString(sp);
	}
	return CXChildVisit_Continue;
}

static bool already_seen(struct loader *L, CXCursor c)
{
	CXFile file;
	unsigned off;
	clang_getSpellingLocation(clang_getCursorLocation(c), &file, NULL, NULL, &off);
	CXFileUniqueID id;
	if (!file || clang_getFileUniqueID(file, &id) != 0)
		return false;
	for (size_t i = 0; i < L->nseen; i++)
		if (L->seen[i].dev == id.data[0] && L->seen[i].ino == id.data[1] &&
		    L->seen[i].offset == off)
			return true;
	rg_grow((void **)&L->seen, &L->capseen, L->nseen + 1, sizeof(*L->seen));
	L->seen[L->nseen].dev = id.data[0];
	L->seen[L->nseen].ino = id.data[1];
	L->seen[L->nseen].offset = off;
	L->nseen++;
	return false;
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	(void)parent;
	struct loader *L = data;
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	enum CXCursorKind k = clang_getCursorKind(c);
	if (k == CXCursor_TypedefDecl)
		return CXChildVisit_Recurse; /* typedef struct RG_TABLE(x) {...} x_t; */
	if (k != CXCursor_StructDecl || !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	char *name = NULL;
	clang_visitChildren(c, find_table_name, &name);
	if (!name)
		return CXChildVisit_Continue;
	if (already_seen(L, c)) {
		free(name);
		return CXChildVisit_Continue;
	}
	struct table_ctx tc = {L, rg_schema_add_table(L->s, name), c};
	free(name);
	tc.t->loc = loc_of(L, c);
	clang_visitChildren(c, struct_child, &tc);
	return CXChildVisit_Continue;
}

/* ---- checks across the whole schema ---- */

static void check_schema(struct loader *L)
{
	struct rg_schema *s = L->s;
	rg_schema_sort(s);
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		if (i > 0 && strcmp(s->tables[i - 1]->name, t->name) == 0)
			add_error(&L->errs, &t->loc, "a second table named '%s' (the first is at %s:%u)",
				  t->name, s->tables[i - 1]->loc.file ? s->tables[i - 1]->loc.file : "?",
				  s->tables[i - 1]->loc.line);
		if (t->ncolumns == 0)
			add_error(&L->errs, &t->loc, "table '%s' has no columns", t->name);
		for (size_t k = 0; k < t->ncolumns; k++)
			for (size_t j = 0; j < k; j++)
				if (strcmp(t->columns[j]->name, t->columns[k]->name) == 0)
					add_error(&L->errs, &t->columns[k]->loc,
						  "table '%s' has two columns named '%s'", t->name,
						  t->columns[k]->name);
		for (size_t k = 0; k < t->nindexes; k++)
			for (size_t j = 0; j < t->indexes[k]->ncols; j++)
				if (!rg_table_find_column(t, t->indexes[k]->cols[j]))
					add_error(&L->errs, &t->indexes[k]->loc,
						  "index %s names column '%s', which table '%s' does not have",
						  t->indexes[k]->name, t->indexes[k]->cols[j], t->name);
		for (size_t k = 0; k < t->nuniques; k++)
			for (size_t j = 0; j < t->uniques[k]->ncols; j++)
				if (!rg_table_find_column(t, t->uniques[k]->cols[j]))
					add_error(&L->errs, &t->uniques[k]->loc,
						  "unique constraint %s names column '%s', which table '%s' does not have",
						  t->uniques[k]->name, t->uniques[k]->cols[j], t->name);
	}
	/* references, with the tables sorted: binary search by name */
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		for (size_t k = 0; k < t->nfks; k++) {
			struct rg_fk *f = t->fks[k];
			size_t lo = 0, hi = s->ntables;
			const struct rg_table *ref = NULL;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				int cmp = strcmp(s->tables[mid]->name, f->ref_table);
				if (cmp == 0) {
					ref = s->tables[mid];
					break;
				}
				if (cmp < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (!ref)
				add_error(&L->errs, &f->loc, "RG_REFERENCES(%s, %s): no table '%s' in the models",
					  f->ref_table, f->ref_cols[0], f->ref_table);
			else if (!rg_table_find_column(ref, f->ref_cols[0]))
				add_error(&L->errs, &f->loc, "RG_REFERENCES(%s, %s): table '%s' has no column '%s'",
					  f->ref_table, f->ref_cols[0], f->ref_table, f->ref_cols[0]);
		}
	}
}

/* Where revgen.h lives: $REVGEN_INCLUDE_DIR, the source tree, or the
 * installed include directory. */
static const char *revgen_include_dir(void)
{
	const char *env = getenv("REVGEN_INCLUDE_DIR");
	if (env && *env)
		return env;
	struct stat st;
	if (stat(RG_SOURCE_INCLUDE_DIR "/revgen.h", &st) == 0)
		return RG_SOURCE_INCLUDE_DIR;
	return RG_INSTALL_INCLUDE_DIR;
}

static int parse_file(struct loader *L, CXIndex index, const char *file,
		      const char *const *args, int nargs)
{
	CXTranslationUnit tu = NULL;
	double t0 = rg_now_ms();
	enum CXErrorCode ec = clang_parseTranslationUnit2(index, file, args, nargs, NULL, 0,
		CXTranslationUnit_KeepGoing | CXTranslationUnit_SkipFunctionBodies |
		CXTranslationUnit_Incomplete, &tu);
	L->clang_ms += rg_now_ms() - t0;
	if (ec != CXError_Success || !tu) {
		struct rg_loc loc = {file, 0, 0};
		add_error(&L->errs, NULL, "%s: libclang could not parse the file (error %d)", loc.file, (int)ec);
		return -1;
	}
	unsigned nd = clang_getNumDiagnostics(tu);
	bool bad = false;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			CXString s = clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
							      CXDiagnostic_DisplayColumn);
			add_error(&L->errs, NULL, "%s", clang_getCString(s));
			clang_disposeString(s);
			bad = true;
		}
		clang_disposeDiagnostic(d);
	}
	/* after an error the AST is unreliable (a field can vanish): read
	 * nothing from this file */
	if (!bad)
		clang_visitChildren(clang_getTranslationUnitCursor(tu), top_level, L);
	clang_disposeTranslationUnit(tu);
	return bad ? -1 : 0;
}

/*
 * All the headers in one translation unit (an in-memory file that includes
 * each): the system headers they share are parsed once, not once a file,
 * which is most of the time on a large schema.  Used only when it parses
 * cleanly; headers without include guards that include one another, or
 * any error, send the caller back to one file at a time, where each error
 * is reported for its own file.
 */
static int parse_together(struct loader *L, CXIndex index, const struct rg_loader_opts *o,
			  const char *const *args, int nargs)
{
	struct rg_buf umbrella = RG_BUF_INIT;
	for (size_t i = 0; i < o->nfiles; i++) {
		char *abs = realpath(o->files[i], NULL);
		if (!abs) {
			rg_buf_free(&umbrella);
			return -1;
		}
		rg_buf_addf(&umbrella, "#include \"%s\"\n", abs);
		free(abs);
	}
	struct CXUnsavedFile uf = {"/revgen-models.h", rg_buf_str(&umbrella),
				   (unsigned long)umbrella.len};
	CXTranslationUnit tu = NULL;
	double t0 = rg_now_ms();
	enum CXErrorCode ec = clang_parseTranslationUnit2(index, uf.Filename, args, nargs, &uf, 1,
		CXTranslationUnit_KeepGoing | CXTranslationUnit_SkipFunctionBodies |
		CXTranslationUnit_Incomplete, &tu);
	L->clang_ms += rg_now_ms() - t0;
	int rc = -1;
	if (ec == CXError_Success && tu) {
		bool bad = false;
		unsigned nd = clang_getNumDiagnostics(tu);
		for (unsigned i = 0; i < nd && !bad; i++) {
			CXDiagnostic d = clang_getDiagnostic(tu, i);
			bad = clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
			clang_disposeDiagnostic(d);
		}
		if (!bad) {
			clang_visitChildren(clang_getTranslationUnitCursor(tu), top_level, L);
			rc = 0;
		}
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	rg_buf_free(&umbrella);
	return rc;
}

int rg_load_models(struct rg_schema **out, const struct rg_loader_opts *o,
		   struct rg_loader_stats *stats, struct rg_error *err)
{
	double t0 = rg_now_ms();
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.s = rg_schema_new();

	/* -x c-header: a header parsed as a main file would warn about
	 * #pragma once; -resource-dir: libclang's own guess is relative to
	 * the current directory and misses stdbool.h on some installs */
	size_t cap = 12 + 2 * o->ninclude_dirs + o->nclang_args;
	const char **args = rg_xcalloc(cap, sizeof(char *));
	struct rg_buf inc = RG_BUF_INIT;
	rg_buf_addf(&inc, "-I%s", revgen_include_dir());
	int nargs = 0;
	args[nargs++] = "-x";
	args[nargs++] = "c-header";
	args[nargs++] = "-std=c11";
	args[nargs++] = "-DREVGEN_SCAN";
	args[nargs++] = "-resource-dir";
	args[nargs++] = RG_CLANG_RESOURCE_DIR;
	args[nargs++] = inc.data;
	for (size_t i = 0; i < o->ninclude_dirs; i++) {
		args[nargs++] = "-I";
		args[nargs++] = o->include_dirs[i];
	}
	for (size_t i = 0; i < o->nclang_args; i++)
		args[nargs++] = o->clang_args[i];

	CXIndex index = clang_createIndex(0, 0);
	int rc = -1;
	if (!index) {
		rg_error_set(err, "libclang: cannot create an index");
		goto out;
	}
	if (o->nfiles < 2 || parse_together(&L, index, o, args, nargs) < 0)
		for (size_t i = 0; i < o->nfiles; i++)
			parse_file(&L, index, o->files[i], args, nargs);
	clang_disposeIndex(index);
	if (L.errs.n == 0)
		check_schema(&L);
	if (L.errs.n) {
		if (L.errs.n > L.errs.shown)
			rg_buf_addf(&L.errs.text, "\n... and %zu more", L.errs.n - L.errs.shown);
		rg_error_set(err, "%s", rg_buf_str(&L.errs.text));
		goto out;
	}
	*out = L.s;
	L.s = NULL;
	rc = 0;
out:
	if (stats) {
		stats->clang_ms = L.clang_ms;
		stats->total_ms = rg_now_ms() - t0;
	}
	rg_schema_free(L.s);
	rg_buf_free(&L.errs.text);
	rg_buf_free(&inc);
	free(L.seen);
	free(args);
	return rc;
}
