/*
 * loader.c - the model loader: parses headers with libclang (REVGEN_SCAN
 * defined, so the RG_ macros are annotate attributes) and turns every
 * struct carrying RG_TABLE into a table of the schema model.
 *
 * Errors are collected, not stopped at: a user fixing a header wants all
 * of its problems at once.  Any error means no schema.
 */
#include "introspect/loader.h"
#include "introspect/cache.h"
#include "introspect/libclang.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RG_CLANG_RESOURCE_DIR
#error "meson defines RG_CLANG_RESOURCE_DIR (clang's stdbool.h, stdint.h...)"
#endif

/* libclang's functions, valid once rg_libclang_open succeeded */
#define C (&rg_libclang_api)

/* headers parsed in one translation unit (rg_load_models says why) */
#define BATCH_BYTES (1536 * 1024)

/* the in-memory file that parse_together parses */
#define UMBRELLA "/revgen-models.h"
/* the node that stands for the list of model headers (no file's real
 * path: those begin with '/'); what depends on it, see tests_macros */
#define MODEL_LIST "revgen:model-headers"

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
	/* column-level RG_CHECKs, added to the table after the column */
	struct field_check {
		const char *name, *expr;
		struct rg_loc loc;
	} *checks;
	size_t nchecks, capchecks;
};

/* ---- the include graph of the model headers (for the model cache) ---- */

/*
 * A file the models are made of: known from the cache, or read by this
 * load's parses ("fresh": then its includes and tables are those of this
 * load).  Nodes are named by real path, the one name a file has whichever
 * way it was reached.
 */
struct node {
	const char *path; /* in the schema's arena */
	uint8_t hash[16];
	bool hashed;      /* hash known: from the cache, or from this parse */
	bool fresh;
	enum { UNCHECKED, SAME, CHANGED } state; /* of a cached node's file */
	unsigned mark;    /* the walk that saw it last */
	const uint32_t *inc;
	size_t ninc, capinc; /* cap 0: inc belongs to the cache */
	struct rg_table *const *tables;
	size_t ntables, captables; /* cap 0: tables belong to the cache */
	const void *block; /* the cache's bytes of those tables (cache.h) */
	size_t block_len;
};

struct graph {
	struct node *nodes;
	size_t n, cap;
	uint32_t *slots; /* open addressing by path: node index + 1, 0 empty */
	size_t nslots;   /* a power of two, never more than half full */
	unsigned walk;
};

struct loader {
	struct rg_schema *s;
	struct errors errs;
	/* structs already seen (a header included by several model files):
	 * an open-addressing set of (device, inode, offset), a power of two
	 * in size, never more than half full */
	struct seen {
		unsigned long long dev, ino;
		unsigned offset;
		bool used;
	} *seen;
	size_t nseen, capseen;
	/* the translation unit being visited */
	CXTranslationUnit tu;
	/* the file of the last location asked for, and its name in the
	 * arena: nearly every cursor is in the file of the one before, so a
	 * name is copied once a file rather than once a location */
	CXFile last_file;
	const char *last_name;
	/* the include graph, for the model cache (want_graph) */
	struct graph g;
	bool want_graph;
	/* the graph node of each table of s parsed in this load */
	uint32_t *table_node;
	size_t cap_table_node;
	/* the CXFile of the latest table, and its node */
	CXFile table_file;
	uint32_t table_file_node;
	bool uncacheable; /* a table no file can be named for */
	/* a file of this parse's tests a macro (tests_macros); the hash of
	 * the model headers' list, the hash MODEL_LIST's node records */
	bool order_dependent;
	uint8_t list_hash[16];
	/* the -I folders, made absolute, in the order clang searches them */
	char **search;
	size_t nsearch;
	/* the file of the field being read, and the last "uses" edge added */
	CXFile field_file, use_from, use_to;
	double clang_ms;
};

static void add_use(struct loader *L, CXFile from, CXCursor def);

/* Where a cursor is: the expansion location, the user's header, not
 * revgen.h where the macro that produced an attribute lives. */
static struct rg_loc loc_of(struct loader *L, CXCursor c)
{
	struct rg_loc loc = {NULL, 0, 0};
	CXFile file = NULL;
	unsigned line = 0, col = 0, off = 0;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &file, &line, &col, &off);
	if (file && file != L->last_file) {
		CXString name = C->clang_getFileName(file);
		L->last_name = rg_arena_strdup(L->s->arena, C->clang_getCString(name));
		L->last_file = file;
		C->clang_disposeString(name);
	}
	loc.file = file ? L->last_name : NULL;
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

/* The generic SQL type of a non-pointer C type, or NULL.  Each typedef
 * on the way is a file the field's file uses (add_use). */
static const char *scalar_type(struct loader *L, CXType t)
{
	for (int guard = 0; guard < 32; guard++) {
		if (t.kind == CXType_Elaborated) {
			t = C->clang_Type_getNamedType(t);
			continue;
		}
		if (t.kind != CXType_Typedef)
			break;
		CXCursor decl = C->clang_getTypeDeclaration(t);
		if (L->want_graph)
			add_use(L, L->field_file, decl);
		CXString n = C->clang_getTypedefName(t);
		const char *sql = typedef_type(C->clang_getCString(n));
		C->clang_disposeString(n);
		if (sql)
			return sql;
		t = C->clang_getTypedefDeclUnderlyingType(decl);
	}
	switch (C->clang_getCanonicalType(t).kind) {
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
	enum CXTypeKind k = C->clang_getCanonicalType(t).kind;
	return k == CXType_Char_S || k == CXType_Char_U;
}

/*
 * The generic type of a field and whether C makes it nullable (a pointer).
 * Returns NULL for a type that has no SQL counterpart.
 */
static const char *field_type(struct loader *L, CXType t, bool *pointer)
{
	*pointer = false;
	CXType canon = C->clang_getCanonicalType(t);
	if (canon.kind == CXType_Pointer) {
		*pointer = true;
		CXType pointee = C->clang_getPointeeType(t);
		if (is_char(pointee))
			return "TEXT";
		return scalar_type(L, pointee);
	}
	if (canon.kind == CXType_ConstantArray && is_char(C->clang_getArrayElementType(canon))) {
		long long n = C->clang_getArraySize(canon);
		if (n < 2)
			return NULL;
		return rg_arena_printf(L->s->arena, "VARCHAR(%lld)", n - 1);
	}
	return scalar_type(L, t);
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
	if (C->clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(c);
	const char *a = C->clang_getCString(sp);
	char key[32];
	const char *v;
	struct rg_arena *ar = L->s->arena;
	if (!a || !split_annotation(a, key, sizeof(key), &v))
		goto out;
	/* where the annotation is, asked of libclang only when it is kept or
	 * reported: most annotations (types, defaults, flags) need none */
#define LOC() loc_of(L, c)
	if (strcmp(key, "type") == 0 && v && *v)
		fn->type = rg_arena_strdup(ar, v);
	else if (strcmp(key, "primary_key") == 0)
		fn->pk = true;
	else if (strcmp(key, "autoincrement") == 0) {
		fn->autoinc = true;
		fn->autoinc_loc = LOC();
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
		fn->ref_loc = LOC();
	} else if (strcmp(key, "on_delete") == 0 && v) {
		fn->on_delete = rg_arena_strdup(ar, v);
		fn->on_loc = LOC();
	} else if (strcmp(key, "on_update") == 0 && v) {
		fn->on_update = rg_arena_strdup(ar, v);
		fn->on_loc = LOC();
	} else if (strcmp(key, "comment") == 0 && v)
		fn->comment = rg_arena_strdup(ar, v);
	else if (strcmp(key, "renamed_from") == 0 && v && *v)
		fn->renamed_from = name_value(ar, v);
	else if (strcmp(key, "name") == 0 && v && *v)
		fn->name = name_value(ar, v);
	else if (strcmp(key, "check") == 0 && v && strchr(v, ':')) {
		const char *colon = strchr(v, ':');
		rg_grow((void **)&fn->checks, &fn->capchecks, fn->nchecks + 1, sizeof(*fn->checks));
		struct field_check *ck = &fn->checks[fn->nchecks++];
		ck->name = trim_dup(ar, v, (size_t)(colon - v));
		ck->expr = trim_dup(ar, colon + 1, strlen(colon + 1));
		ck->loc = LOC();
	} else if (strcmp(key, "table") == 0 || strcmp(key, "index_on") == 0 ||
		   strcmp(key, "unique_on") == 0) {
		struct rg_loc loc = LOC();
		add_error(&L->errs, &loc, "%s belongs between `struct` and the struct's tag, not on a field",
			  strcmp(key, "table") == 0 ? "RG_TABLE" : strcmp(key, "index_on") == 0 ? "RG_INDEX_ON" : "RG_UNIQUE_ON");
	} else {
		struct rg_loc loc = LOC();
		add_error(&L->errs, &loc, "unknown or malformed annotation \"%s\"", a);
	}
#undef LOC
out:
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

static void add_field(struct table_ctx *tc, CXCursor field)
{
	struct loader *L = tc->L;
	struct rg_table *t = tc->t;
	struct field_notes fn;
	memset(&fn, 0, sizeof(fn));
	fn.loc = loc_of(L, field);
	L->field_file = L->last_file;
	struct field_ctx fc = {L, &fn};
	C->clang_visitChildren(field, field_attr, &fc);
	if (fn.skip) {
		free(fn.checks);
		return;
	}

	CXString fname = C->clang_getCursorSpelling(field);
	const char *cname = fn.name ? fn.name : C->clang_getCString(fname);
	struct rg_column *c = rg_table_add_column(L->s, t, cname);
	C->clang_disposeString(fname);
	c->loc = fn.loc;

	bool pointer;
	const char *inferred = field_type(L, C->clang_getCursorType(field), &pointer);
	if (fn.type) {
		c->type = fn.type;
		c->generic = false;
	} else if (inferred) {
		c->type = inferred;
		c->generic = true;
	} else {
		CXString ts = C->clang_getTypeSpelling(C->clang_getCursorType(field));
		add_error(&L->errs, &fn.loc,
			  "field '%s' of type '%s' has no SQL type: add RG_TYPE(...) or RG_SKIP",
			  c->name, C->clang_getCString(ts));
		C->clang_disposeString(ts);
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
	for (size_t i = 0; i < fn.nchecks; i++) {
		struct rg_check *ck = rg_table_add_check(L->s, t, NULL);
		ck->name = fn.checks[i].name;
		ck->expr = fn.checks[i].expr;
		ck->loc = fn.checks[i].loc;
	}
	free(fn.checks);
}

static enum CXChildVisitResult struct_child(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	(void)parent;
	struct table_ctx *tc = data;
	struct loader *L = tc->L;
	enum CXCursorKind k = C->clang_getCursorKind(c);
	if (k == CXCursor_FieldDecl) {
		add_field(tc, c);
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(c);
	const char *a = C->clang_getCString(sp);
	char key[32];
	const char *v;
	if (!a || !split_annotation(a, key, sizeof(key), &v) || strcmp(key, "table") == 0) {
		/* RG_TABLE named the table already */
		C->clang_disposeString(sp);
		return CXChildVisit_Continue;
	}
	struct rg_loc loc = loc_of(L, c);
	struct rg_arena *ar = L->s->arena;
	if ((strcmp(key, "index_on") == 0 || strcmp(key, "unique_on") == 0) && v &&
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
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* The RG_TABLE name of a struct, if it has one. */
static enum CXChildVisitResult find_table_name(CXCursor c, CXCursor parent,
					       CXClientData data)
{
	(void)parent;
	char **name = data;
	if (C->clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		CXString sp = C->clang_getCursorSpelling(c);
		const char *a = C->clang_getCString(sp);
		if (a && strncmp(a, "revgen:table:", 13) == 0 && a[13]) {
			struct rg_arena *tmp = rg_arena_new();
			*name = rg_xstrdup(name_value(tmp, a + 13));
			rg_arena_free(tmp);
		}
		C->clang_disposeString(sp);
	}
	return CXChildVisit_Continue;
}

/* Adds a struct's place to the set; false if it was there already. */
static bool seen_insert(struct loader *L, unsigned long long dev, unsigned long long ino,
			unsigned off)
{
	size_t mask = L->capseen - 1;
	size_t h = (size_t)((ino * 0x9e3779b97f4a7c15ull) ^ (dev << 7) ^ off) & mask;
	for (;; h = (h + 1) & mask) {
		struct seen *e = &L->seen[h];
		if (!e->used) {
			*e = (struct seen){dev, ino, off, true};
			L->nseen++;
			return true;
		}
		if (e->dev == dev && e->ino == ino && e->offset == off)
			return false;
	}
}

static bool already_seen(struct loader *L, CXCursor c)
{
	CXFile file;
	unsigned off;
	C->clang_getSpellingLocation(C->clang_getCursorLocation(c), &file, NULL, NULL, &off);
	CXFileUniqueID id;
	if (!file || C->clang_getFileUniqueID(file, &id) != 0)
		return false;
	if (2 * (L->nseen + 1) > L->capseen) {
		struct seen *old = L->seen;
		size_t oldcap = L->capseen;
		L->capseen = oldcap ? 2 * oldcap : 256;
		L->seen = rg_xcalloc(L->capseen, sizeof(*L->seen));
		L->nseen = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used)
				seen_insert(L, old[i].dev, old[i].ino, old[i].offset);
		free(old);
	}
	return !seen_insert(L, id.data[0], id.data[1], off);
}

static void slot_insert(struct graph *g, uint32_t idx)
{
	size_t mask = g->nslots - 1;
	size_t h = (size_t)rg_hash_str(RG_HASH_SEED, g->nodes[idx].path) & mask;
	while (g->slots[h])
		h = (h + 1) & mask;
	g->slots[h] = idx + 1;
}

/* The node of path, added (cached, unchecked, empty) when missing. */
static uint32_t node_of(struct loader *L, const char *path)
{
	struct graph *g = &L->g;
	if (g->nslots) {
		size_t mask = g->nslots - 1;
		for (size_t h = (size_t)rg_hash_str(RG_HASH_SEED, path) & mask; g->slots[h];
		     h = (h + 1) & mask)
			if (strcmp(g->nodes[g->slots[h] - 1].path, path) == 0)
				return g->slots[h] - 1;
	}
	if (2 * (g->n + 1) > g->nslots) {
		free(g->slots);
		g->nslots = g->nslots ? 2 * g->nslots : 64;
		g->slots = rg_xcalloc(g->nslots, sizeof(*g->slots));
		for (size_t i = 0; i < g->n; i++)
			slot_insert(g, (uint32_t)i);
	}
	rg_grow((void **)&g->nodes, &g->cap, g->n + 1, sizeof(*g->nodes));
	struct node *nd = &g->nodes[g->n];
	memset(nd, 0, sizeof(*nd));
	nd->path = rg_arena_strdup(L->s->arena, path);
	slot_insert(g, (uint32_t)g->n);
	return (uint32_t)g->n++;
}

/* The node of a file this load parsed: what the cache said of it gives
 * way to what this parse saw, once. */
static uint32_t fresh_node(struct loader *L, CXFile file)
{
	CXString rp = C->clang_File_tryGetRealPathName(file);
	const char *path = C->clang_getCString(rp);
	CXString name = {NULL, 0};
	if (!path || !*path) {
		name = C->clang_getFileName(file);
		path = C->clang_getCString(name);
	}
	uint32_t idx = node_of(L, path ? path : "");
	C->clang_disposeString(rp);
	if (name.data)
		C->clang_disposeString(name);
	struct node *nd = &L->g.nodes[idx];
	if (!nd->fresh) {
		nd->fresh = true;
		nd->hashed = false;
		nd->inc = NULL;
		nd->ninc = nd->capinc = 0;
		nd->tables = NULL;
		nd->ntables = nd->captables = 0;
		nd->block = NULL;
		nd->block_len = 0;
	}
	return idx;
}

static bool is_umbrella(CXFile file)
{
	CXString name = C->clang_getFileName(file);
	bool yes = strcmp(C->clang_getCString(name), UMBRELLA) == 0;
	C->clang_disposeString(name);
	return yes;
}

/* Node a depends on node b (both fresh). */
static void add_edge(struct loader *L, uint32_t a, uint32_t b)
{
	struct node *nd = &L->g.nodes[a];
	for (size_t i = 0; i < nd->ninc; i++)
		if (nd->inc[i] == b)
			return;
	rg_grow((void **)&nd->inc, &nd->capinc, nd->ninc + 1, sizeof(*nd->inc));
	((uint32_t *)nd->inc)[nd->ninc++] = b;
}

/* A node this load makes that is no file it read: fresh, with hash. */
static uint32_t marker_node(struct loader *L, const char *path, const uint8_t hash[16])
{
	uint32_t idx = node_of(L, path);
	struct node *nd = &L->g.nodes[idx];
	if (!nd->fresh) {
		const char *name = nd->path;
		memset(nd, 0, sizeof(*nd));
		nd->path = name;
		nd->fresh = nd->hashed = true;
		memcpy(nd->hash, hash, 16);
	}
	return idx;
}

/* The hash of a node for a file that did not exist when a parse looked
 * for it (add_shadows, node_same): all zeros, which no file's XXH3 is in
 * practice. */
static const uint8_t absent[16];

/*
 * Where an #include looked before the file it found: its includer's
 * folder (for "name"), then revgen's include folder, include_dirs and
 * clang_args' -I, in that order, up to the first that has the name.  A
 * file made at one of those later would be included instead, so the
 * includer depends on each staying absent.  (The compiler's own folders
 * and -iquote/-isystem are not followed: a header made there is not seen.)
 */
static void add_shadows(struct loader *L, CXFile from, unsigned offset, uint32_t from_idx,
			const char *name)
{
	size_t size = 0;
	const char *text = C->clang_getFileContents(L->tu, from, &size);
	bool quoted = true; /* (a macro for a name: both ways) */
	for (size_t i = offset; text && i < size && text[i] != '\n'; i++)
		if (text[i] == '<' || text[i] == '"') {
			quoted = text[i] == '"';
			break;
		}
	struct rg_buf path = RG_BUF_INIT;
	for (size_t k = quoted ? 0 : 1; k <= L->nsearch; k++) {
		rg_buf_reset(&path);
		if (k == 0) {
			const char *includer = L->g.nodes[from_idx].path, *slash = strrchr(includer, '/');
			if (!slash)
				continue;
			rg_buf_addn(&path, includer, (size_t)(slash - includer));
		} else {
			rg_buf_add(&path, L->search[k - 1]);
		}
		rg_buf_addf(&path, "/%s", name);
		struct stat st;
		if (stat(path.data, &st) == 0)
			break;
		uint32_t a = marker_node(L, path.data, absent); /* (may move nodes) */
		add_edge(L, from_idx, a);
	}
	rg_buf_free(&path);
}

/* An #include directive (the record keeps every one, also those an
 * include guard skips): an edge of the graph, and the places it looked
 * first (add_shadows). */
static void add_include(struct loader *L, CXCursor c)
{
	CXFile from = NULL, to = C->clang_getIncludedFile(c);
	unsigned offset = 0;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &from, NULL, NULL, &offset);
	/* the umbrella's own includes are the file list, no file's */
	if (!from || !to || is_umbrella(from))
		return;
	uint32_t a = fresh_node(L, from), b = fresh_node(L, to);
	add_edge(L, a, b);
	CXString spelled = C->clang_getCursorSpelling(c);
	const char *name = C->clang_getCString(spelled);
	if (name && *name && name[0] != '/')
		add_shadows(L, from, offset, a, name);
	C->clang_disposeString(spelled);
}

/*
 * A "uses" edge: from a file that expands a macro or names a typedef to
 * the file that defines it.  A header that compiles only because one
 * parsed before it included what it needs depends on that one all the
 * same, and the cache must know (its includes do not say so).
 */
static void add_use(struct loader *L, CXFile from, CXCursor def)
{
	CXFile to = NULL;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(def), &to, NULL, NULL, NULL);
	if (!from || !to || from == to || (from == L->use_from && to == L->use_to))
		return;
	L->use_from = from;
	L->use_to = to;
	uint32_t a = fresh_node(L, from), b = fresh_node(L, to);
	add_edge(L, a, b);
}

static bool ident_start(char c)
{
	return c == '_' || isalpha((unsigned char)c);
}

static bool ident_char(char c)
{
	return c == '_' || isalnum((unsigned char)c);
}

/*
 * Whether text (a file's) has a conditional directive that tests a macro
 * some other model header could define: #if, #ifdef, #ifndef or #elif
 * naming an identifier other than the file's include guard (a first
 * #ifndef X followed by #define X), `defined`, REVGEN_SCAN (the loader's
 * own -D) and the implementation's reserved names (__cplusplus, _WIN32),
 * which no model header defines.  Such a file's tables may depend on
 * the headers parsed before it, which its includes do not name: with
 * `#ifdef WITH_AUDIT` in one header and `#define WITH_AUDIT` in another,
 * parsing the first alone after an edit would drop its table.  A comment
 * that looks like a directive counts: it costs a parse, never an answer.
 */
static bool tests_macros(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	const char *guard = NULL; /* the first #ifndef's name, until the next directive */
	size_t guard_len = 0;
	bool guarded = false;     /* ... then confirmed by #define */
	for (int n = 1; p < end; p++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		/* a directive's line runs on through its continuations */
		while (eol < end && eol > p && eol[-1] == '\\') {
			const char *next = memchr(eol + 1, '\n', (size_t)(end - eol - 1));
			eol = next ? next : end;
		}
		const char *q = p;
		p = eol;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if (q == eol || *q != '#')
			continue;
		for (q++; q < eol && (*q == ' ' || *q == '\t'); q++)
			;
		const char *w = q;
		while (q < eol && ident_char(*q))
			q++;
#define IS(word) ((size_t)(q - w) == sizeof(word) - 1 && memcmp(w, word, sizeof(word) - 1) == 0)
		bool cond = IS("if") || IS("ifdef") || IS("ifndef") || IS("elif") || IS("elifdef") ||
			    IS("elifndef");
		bool define = IS("define"), ifndef = IS("ifndef");
#undef IS
		bool first = true, tested = false;
		for (const char *r = q; r < eol;) {
			if (r + 1 < eol && r[0] == '/' && r[1] == '/')
				break;
			if (r + 1 < eol && r[0] == '/' && r[1] == '*') {
				const char *close = memmem(r + 2, (size_t)(eol - r - 2), "*/", 2);
				if (!close)
					return true; /* the directive goes on after the comment */
				r = close + 2;
				continue;
			}
			if (isdigit((unsigned char)*r)) {
				while (r < eol && (ident_char(*r) || *r == '.'))
					r++;
				continue;
			}
			if (!ident_start(*r)) {
				r++;
				continue;
			}
			const char *id = r;
			while (r < eol && ident_char(*r))
				r++;
			size_t il = (size_t)(r - id);
			bool is_guard = guard && il == guard_len && memcmp(id, guard, il) == 0;
			if (n == 2 && guard && !guarded) {
				/* the first #ifndef was the guard only if this defines it */
				if (!(define && first && is_guard))
					return true;
				guarded = true;
				break;
			}
			if (!cond)
				break;
			if (n == 1 && ifndef && first) {
				guard = id;
				guard_len = il;
			} else if (!(id[0] == '_' && il > 1 && (id[1] == '_' || isupper((unsigned char)id[1]))) &&
				   !(il == 7 && memcmp(id, "defined", 7) == 0) &&
				   !(il == 11 && memcmp(id, "REVGEN_SCAN", 11) == 0) && !(is_guard && guarded)) {
				tested = true;
			}
			first = false;
		}
		if (tested || (n == 2 && guard && !guarded))
			return true;
		n++;
	}
	return guard && !guarded; /* an #ifndef and no directive after it */
}

/* Records a file the parse read, with the hash of what libclang read;
 * one that tests macros depends on the list of model headers too. */
static void add_read(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	(void)stack;
	(void)depth;
	struct loader *L = data;
	if (is_umbrella(file))
		return;
	uint32_t idx = fresh_node(L, file); /* (may move nodes) */
	struct node *nd = &L->g.nodes[idx];
	if (nd->hashed)
		return;
	size_t size = 0;
	const char *text = C->clang_getFileContents(L->tu, file, &size);
	rg_cache_hash(text ? text : "", text ? size : 0, nd->hash);
	nd->hashed = true;
	if (text && !C->clang_Location_isInSystemHeader(C->clang_getLocationForOffset(L->tu, file, 0)) &&
	    tests_macros(text, size)) {
		L->order_dependent = true;
		uint32_t list = marker_node(L, MODEL_LIST, L->list_hash); /* (may move nodes) */
		add_edge(L, idx, list);
	}
}

/* Whether a cached node's file still holds what the cache says. */
static bool node_same(struct loader *L, struct node *nd)
{
	if (nd->state == UNCHECKED && strcmp(nd->path, MODEL_LIST) == 0)
		nd->state = nd->hashed && memcmp(nd->hash, L->list_hash, 16) == 0 ? SAME : CHANGED;
	struct stat st;
	if (nd->state == UNCHECKED && nd->hashed && memcmp(nd->hash, absent, 16) == 0)
		nd->state = stat(nd->path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR) ? SAME : CHANGED;
	if (nd->state == UNCHECKED) {
		struct rg_error err;
		size_t len = 0;
		char *text = rg_read_file(nd->path, &len, &err);
		uint8_t h[16];
		if (text)
			rg_cache_hash(text, len, h);
		nd->state = text && nd->hashed && memcmp(h, nd->hash, 16) == 0 ? SAME : CHANGED;
		free(text);
	}
	return nd->state == SAME;
}

/*
 * Walks the graph from the nodes of roots, calling fn on each node once;
 * stops and returns false as soon as fn does.
 */
static bool walk(struct loader *L, const uint32_t *roots, size_t nroots,
		 bool (*fn)(struct loader *, struct node *, void *), void *arg)
{
	struct graph *g = &L->g;
	g->walk++;
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (size_t r = 0; r < nroots && ok; r++) {
		rg_grow((void **)&stack, &cap, n + 1, sizeof(*stack));
		stack[n++] = roots[r];
		while (n && ok) {
			struct node *nd = &g->nodes[stack[--n]];
			if (nd->mark == g->walk)
				continue;
			nd->mark = g->walk;
			if (!(ok = fn(L, nd, arg)))
				break;
			rg_grow((void **)&stack, &cap, n + nd->ninc, sizeof(*stack));
			for (size_t i = 0; i < nd->ninc; i++)
				stack[n++] = nd->inc[i];
		}
	}
	free(stack);
	return ok;
}

static bool unchanged_fn(struct loader *L, struct node *nd, void *arg)
{
	(void)arg;
	return node_same(L, nd);
}

/* Adds the tables the cache has for a file not parsed in this load. */
static bool take_cached_fn(struct loader *L, struct node *nd, void *arg)
{
	(void)arg;
	for (size_t i = 0; !nd->fresh && i < nd->ntables; i++)
		rg_arena_push(L->s->arena, (void ***)&L->s->tables, &L->s->ntables,
			      &L->s->cap_tables, nd->tables[i]);
	return true;
}

struct collect {
	uint32_t *ids; /* the nodes reached, in order */
	size_t n, cap;
};

static bool collect_fn(struct loader *L, struct node *nd, void *arg)
{
	struct collect *c = arg;
	if (nd->fresh && !nd->hashed)
		return false; /* a file this parse named but did not read */
	rg_grow((void **)&c->ids, &c->cap, c->n + 1, sizeof(*c->ids));
	c->ids[c->n++] = (uint32_t)(nd - L->g.nodes);
	return true;
}

static void free_graph(struct graph *g)
{
	for (size_t i = 0; i < g->n; i++) {
		if (g->nodes[i].capinc)
			free((void *)g->nodes[i].inc);
		if (g->nodes[i].captables)
			free((void *)g->nodes[i].tables);
	}
	free(g->nodes);
	free(g->slots);
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	(void)parent;
	struct loader *L = data;
	enum CXCursorKind k = C->clang_getCursorKind(c);
	if (k == CXCursor_InclusionDirective) {
		add_include(L, c);
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_MacroExpansion) {
		/* (only the graph asks for the record, so only it sees these) */
		CXFile at = NULL;
		C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &at, NULL, NULL, NULL);
		add_use(L, at, C->clang_getCursorReferenced(c));
		return CXChildVisit_Continue;
	}
	if (k == CXCursor_MacroDefinition ||
	    C->clang_Location_isInSystemHeader(C->clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_TypedefDecl)
		return CXChildVisit_Recurse; /* typedef struct RG_TABLE(x) {...} x_t; */
	if (k != CXCursor_StructDecl || !C->clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	char *name = NULL;
	C->clang_visitChildren(c, find_table_name, &name);
	if (!name)
		return CXChildVisit_Continue;
	if (already_seen(L, c)) {
		free(name);
		return CXChildVisit_Continue;
	}
	struct table_ctx tc = {L, rg_schema_add_table(L->s, name), c};
	free(name);
	tc.t->loc = loc_of(L, c);
	if (L->want_graph) {
		/* the file the table is declared in (loc_of's); none: the
		 * table cannot be kept, nor then the cache */
		if (!L->last_file)
			L->uncacheable = true;
		else if (L->last_file != L->table_file) {
			L->table_file = L->last_file;
			L->table_file_node = fresh_node(L, L->last_file);
		}
		rg_grow((void **)&L->table_node, &L->cap_table_node, L->s->ntables, sizeof(uint32_t));
		L->table_node[L->s->ntables - 1] = L->last_file ? L->table_file_node : UINT32_MAX;
	}
	C->clang_visitChildren(c, struct_child, &tc);
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

/* Adds dir, made absolute as clang resolves it (from the current
 * folder), to the folders add_shadows follows. */
static void search_add(struct loader *L, const char *dir)
{
	if (!*dir)
		return;
	struct rg_buf b = RG_BUF_INIT;
	if (dir[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		if (!cwd) {
			rg_buf_free(&b);
			return;
		}
		rg_buf_addf(&b, "%s/", cwd);
		free(cwd);
	}
	rg_buf_add(&b, dir);
	while (b.len > 1 && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	L->search[L->nsearch++] = rg_xstrdup(rg_buf_str(&b));
	rg_buf_free(&b);
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

/* Reads a translation unit's tables.  Its CXFiles die with it (a pointer
 * may come back for another file). */
static void visit_tu(struct loader *L, CXTranslationUnit tu)
{
	L->tu = tu;
	C->clang_visitChildren(C->clang_getTranslationUnitCursor(tu), top_level, L);
	if (L->want_graph)
		C->clang_getInclusions(tu, add_read, L);
	L->last_file = NULL;
	L->table_file = NULL;
	L->field_file = L->use_from = L->use_to = NULL;
	L->tu = NULL;
}

/*
 * Disposes of a translation unit and gives its memory back to the system:
 * freed, it would stay in the process (malloc keeps it), and the database
 * side of a comparison is still to come.
 */
static void dispose_tu(CXTranslationUnit tu)
{
	C->clang_disposeTranslationUnit(tu);
	malloc_trim(0);
}

/* The record of preprocessing is what names every #include (+2% of a
 * parse): kept only when the graph is wanted. */
static unsigned parse_flags(const struct loader *L)
{
	return CXTranslationUnit_KeepGoing | CXTranslationUnit_SkipFunctionBodies |
	       CXTranslationUnit_Incomplete |
	       (L->want_graph ? CXTranslationUnit_DetailedPreprocessingRecord : 0);
}

static int parse_file(struct loader *L, CXIndex index, const char *file,
		      const char *const *args, int nargs)
{
	CXTranslationUnit tu = NULL;
	double t0 = rg_now_ms();
	enum CXErrorCode ec = C->clang_parseTranslationUnit2(index, file, args, nargs, NULL, 0,
		parse_flags(L), &tu);
	L->clang_ms += rg_now_ms() - t0;
	if (ec != CXError_Success || !tu) {
		struct rg_loc loc = {file, 0, 0};
		add_error(&L->errs, NULL, "%s: libclang could not parse the file (error %d)", loc.file, (int)ec);
		return -1;
	}
	unsigned nd = C->clang_getNumDiagnostics(tu);
	bool bad = false;
	for (unsigned i = 0; i < nd; i++) {
		CXDiagnostic d = C->clang_getDiagnostic(tu, i);
		enum CXDiagnosticSeverity sev = C->clang_getDiagnosticSeverity(d);
		if (sev >= CXDiagnostic_Error) {
			CXString s = C->clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
							      CXDiagnostic_DisplayColumn);
			add_error(&L->errs, NULL, "%s", C->clang_getCString(s));
			C->clang_disposeString(s);
			bad = true;
		}
		C->clang_disposeDiagnostic(d);
	}
	/* after an error the AST is unreliable (a field can vanish): read
	 * nothing from this file */
	if (!bad)
		visit_tu(L, tu);
	dispose_tu(tu);
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
static int parse_together(struct loader *L, CXIndex index, const char *const *files,
			  size_t nfiles, const char *const *args, int nargs)
{
	struct rg_buf umbrella = RG_BUF_INIT;
	for (size_t i = 0; i < nfiles; i++) {
		char *abs = realpath(files[i], NULL);
		if (!abs) {
			rg_buf_free(&umbrella);
			return -1;
		}
		rg_buf_addf(&umbrella, "#include \"%s\"\n", abs);
		free(abs);
	}
	struct CXUnsavedFile uf = {UMBRELLA, rg_buf_str(&umbrella),
				   (unsigned long)umbrella.len};
	CXTranslationUnit tu = NULL;
	double t0 = rg_now_ms();
	enum CXErrorCode ec = C->clang_parseTranslationUnit2(index, uf.Filename, args, nargs, &uf, 1,
		parse_flags(L), &tu);
	L->clang_ms += rg_now_ms() - t0;
	int rc = -1;
	if (ec == CXError_Success && tu) {
		bool bad = false;
		unsigned nd = C->clang_getNumDiagnostics(tu);
		for (unsigned i = 0; i < nd && !bad; i++) {
			CXDiagnostic d = C->clang_getDiagnostic(tu, i);
			bad = C->clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
			C->clang_disposeDiagnostic(d);
		}
		if (!bad) {
			visit_tu(L, tu);
			rc = 0;
		}
	}
	if (tu)
		dispose_tu(tu);
	rg_buf_free(&umbrella);
	return rc;
}

/*
 * What decides what a header yields besides the contents of the files it
 * reaches: the libclang that would parse it, its arguments, and the
 * environment variables that change where clang looks for headers.  (Not
 * the file list: a header added to it or taken out leaves the others'
 * tables as they were.)
 */
static int cache_key(struct rg_cache_key *key, const char *const *args, int nargs)
{
	static const char *const env[] = {"CPATH", "C_INCLUDE_PATH", "CCC_OVERRIDE_OPTIONS"};
	size_t n = 0, cap = 2 + RG_ARRAY_LEN(env) + (size_t)nargs;
	const char **parts = rg_xcalloc(cap, sizeof(char *));
	parts[n++] = rg_libclang_soname;
	for (size_t i = 0; i < RG_ARRAY_LEN(env); i++)
		parts[n++] = getenv(env[i]);
	parts[n++] = "args";
	for (int i = 0; i < nargs; i++)
		parts[n++] = args[i];
	int rc = rg_cache_key(key, parts, n);
	free(parts);
	return rc;
}

/*
 * Parses the headers in batches of about BATCH_BYTES, each batch one
 * translation unit, disposed of before the next: a translation unit takes
 * some 45 bytes of memory per byte of header, and the catalog is being
 * read at the same time, so 10,000 tables in one unit went past 200 MB.
 * Each batch costs one more parse of the system headers, about 10 ms.
 */
static void parse_all(struct loader *L, CXIndex index, const char *const *files, size_t n,
		      const char *const *args, int nargs)
{
	for (size_t i = 0, j; i < n; i = j) {
		size_t bytes = 0;
		for (j = i; j < n && (j == i || bytes < BATCH_BYTES); j++) {
			struct stat st;
			bytes += stat(files[j], &st) == 0 ? (size_t)st.st_size : 0;
		}
		if (j - i < 2 || parse_together(L, index, files + i, j - i, args, nargs) < 0)
			for (size_t k = i; k < j; k++)
				parse_file(L, index, files[k], args, nargs);
	}
}

/* Forgets the cache and every parse so far (rg_load_models says when). */
static void start_over(struct loader *L)
{
	free_graph(&L->g);
	memset(&L->g, 0, sizeof(L->g));
	rg_schema_free(L->s);
	L->s = rg_schema_new();
	rg_buf_free(&L->errs.text);
	memset(&L->errs, 0, sizeof(L->errs));
	free(L->seen);
	L->seen = NULL;
	L->nseen = L->capseen = 0;
	L->uncacheable = false;
	L->order_dependent = false;
}

/* Writes the nodes of keep, renumbered in that order, as the cache. */
static void store_graph(struct loader *L, const char *path, const struct rg_cache_key *key,
			const struct collect *keep)
{
	struct graph *g = &L->g;
	struct rg_cache_file *files = rg_xcalloc(keep->n ? keep->n : 1, sizeof(*files));
	uint32_t *pos = rg_xcalloc(g->n ? g->n : 1, sizeof(*pos));
	size_t ninc = 0;
	for (size_t i = 0; i < keep->n; i++) {
		pos[keep->ids[i]] = (uint32_t)i;
		ninc += g->nodes[keep->ids[i]].ninc;
	}
	/* every include of a kept node is kept: the walk went through it */
	uint32_t *inc = rg_xcalloc(ninc ? ninc : 1, sizeof(*inc)), *p = inc;
	for (size_t i = 0; i < keep->n; i++) {
		const struct node *nd = &g->nodes[keep->ids[i]];
		files[i] = (struct rg_cache_file){nd->path, {0}, p, nd->ninc, nd->tables, nd->ntables,
						  nd->block, nd->block_len};
		memcpy(files[i].hash, nd->hash, 16);
		for (size_t k = 0; k < nd->ninc; k++)
			*p++ = pos[nd->inc[k]];
	}
	rg_cache_store(path, key, files, keep->n);
	free(inc);
	free(pos);
	free(files);
}

/* Marks every model header for parsing; returns how many that is. */
static size_t parse_every(const struct rg_loader_opts *o, bool *parse, const char **todo)
{
	for (size_t i = 0; i < o->nfiles; i++) {
		parse[i] = true;
		todo[i] = o->files[i];
	}
	return o->nfiles;
}

int rg_load_models(struct rg_schema **out, const struct rg_loader_opts *o,
		   struct rg_loader_stats *stats, struct rg_error *err)
{
	double t0 = rg_now_ms();
	if (stats)
		stats->cached = false;
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
	/* the folders an #include searches, as add_shadows follows them */
	L.search = rg_xcalloc(1 + o->ninclude_dirs + o->nclang_args, sizeof(*L.search));
	search_add(&L, revgen_include_dir());
	for (size_t i = 0; i < o->ninclude_dirs; i++)
		search_add(&L, o->include_dirs[i]);
	for (size_t i = 0; i < o->nclang_args; i++)
		if (strncmp(o->clang_args[i], "-I", 2) == 0)
			search_add(&L, o->clang_args[i][2] ? o->clang_args[i] + 2
				   : i + 1 < o->nclang_args ? o->clang_args[++i] : "");

	CXIndex index = NULL;
	int rc = -1;
	struct rg_cache_key key;
	bool keyed = o->cache_path && cache_key(&key, args, nargs) == 0;
	/* each model header's node (UINT32_MAX: none) and whether it must be
	 * parsed; what must be parsed, in the order given */
	uint32_t *unit = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*unit));
	uint32_t *roots = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*roots));
	bool *parse = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*parse));
	const char **todo = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*todo));
	size_t ntodo = 0;
	struct collect keep = {NULL, 0, 0};
	bool order_dependent = false;
	if (keyed) {
		L.want_graph = true;
		struct rg_cache_file *cf = NULL;
		long ncf = rg_cache_load(o->cache_path, &key, L.s, &cf);
		for (long i = 0; i < ncf; i++) {
			order_dependent |= strcmp(cf[i].path, MODEL_LIST) == 0;
			uint32_t idx = node_of(&L, cf[i].path); /* (may move nodes) */
			struct node *nd = &L.g.nodes[idx];
			memcpy(nd->hash, cf[i].hash, 16);
			nd->hashed = true;
			nd->inc = cf[i].includes;
			nd->ninc = cf[i].nincludes;
			nd->tables = cf[i].tables;
			nd->ntables = cf[i].ntables;
			nd->block = cf[i].block;
			nd->block_len = cf[i].block_len;
		}
	}
	struct rg_buf list = RG_BUF_INIT;
	for (size_t i = 0; i < o->nfiles; i++) {
		unit[i] = UINT32_MAX;
		char *abs = keyed ? realpath(o->files[i], NULL) : NULL;
		if (abs) {
			unit[i] = node_of(&L, abs);
			rg_buf_addn(&list, abs, strlen(abs) + 1);
			free(abs);
		}
	}
	rg_cache_hash(list.data ? list.data : "", list.len, L.list_hash);
	rg_buf_free(&list);
	for (size_t i = 0; i < o->nfiles; i++) {
		/* a header the cache does not have (an empty node) is parsed */
		struct node *nd = unit[i] != UINT32_MAX ? &L.g.nodes[unit[i]] : NULL;
		parse[i] = !nd || !nd->hashed || !walk(&L, &unit[i], 1, unchanged_fn, NULL);
		if (parse[i])
			todo[ntodo++] = o->files[i];
	}
	/* headers that test macros (tests_macros) are parsed with all the
	 * others or not at all: the last load saw one when its cache has
	 * the list's node, and this one may find one in what it parses */
	if (ntodo && ntodo < o->nfiles && order_dependent)
		ntodo = parse_every(o, parse, todo);
	if (ntodo == 0) {
		if (stats)
			stats->cached = true;
	} else if (rg_libclang_open(err) < 0) {
		rc = -2;
		goto out;
	} else if (!(index = C->clang_createIndex(0, 0))) {
		rg_error_set(err, "libclang: cannot create an index");
		goto out;
	}
	parse_all(&L, index, todo, ntodo, args, nargs);
	if ((L.errs.n || L.order_dependent) && ntodo < o->nfiles) {
		/*
		 * A header that failed here, parsed without the headers the
		 * cache answered for, may be one that compiles only after
		 * another (add_use); one that tests a macro may see another
		 * answer after them.  Parse them all, as a load without the
		 * cache would, so that the answer never depends on what was
		 * cached.  A header broken in itself costs one full parse.
		 */
		start_over(&L);
		ntodo = parse_every(o, parse, todo);
		parse_all(&L, index, todo, ntodo, args, nargs);
		for (size_t i = 0; i < o->nfiles; i++) {
			char *abs = realpath(o->files[i], NULL);
			unit[i] = abs ? node_of(&L, abs) : UINT32_MAX;
			free(abs);
		}
	}
	if (index)
		C->clang_disposeIndex(index);
	if (stats)
		stats->parsed = ntodo;
	if (L.errs.n == 0 && keyed) {
		/* the tables parsed go to their files' nodes, and the files
		 * not parsed give theirs from the cache */
		for (size_t i = 0; i < L.s->ntables; i++) {
			if (L.table_node[i] == UINT32_MAX)
				continue;
			struct node *nd = &L.g.nodes[L.table_node[i]];
			rg_grow((void **)&nd->tables, &nd->captables, nd->ntables + 1, sizeof(*nd->tables));
			((struct rg_table **)nd->tables)[nd->ntables++] = L.s->tables[i];
		}
		size_t nroots = 0;
		for (size_t i = 0; i < o->nfiles; i++)
			if (!parse[i])
				roots[nroots++] = unit[i];
		walk(&L, roots, nroots, take_cached_fn, NULL);
	}
	if (L.errs.n == 0)
		check_schema(&L);
	if (L.errs.n) {
		if (L.errs.n > L.errs.shown)
			rg_buf_addf(&L.errs.text, "\n... and %zu more", L.errs.n - L.errs.shown);
		rg_error_set(err, "%s", rg_buf_str(&L.errs.text));
		goto out;
	}
	/* a new cache when something was parsed: every file the headers
	 * reach, and nothing else (an old header's files go) */
	if (keyed && ntodo && !L.uncacheable) {
		/* (a header parsed whose node is not fresh was named
		 * otherwise by libclang: it will be parsed again next time) */
		size_t nroots = 0;
		for (size_t i = 0; i < o->nfiles; i++)
			if (unit[i] != UINT32_MAX && (!parse[i] || L.g.nodes[unit[i]].fresh))
				roots[nroots++] = unit[i];
		if (walk(&L, roots, nroots, collect_fn, &keep))
			store_graph(&L, o->cache_path, &key, &keep);
	}
	*out = L.s;
	L.s = NULL;
	rc = 0;
out:
	if (stats) {
		stats->clang_ms = L.clang_ms;
		stats->total_ms = rg_now_ms() - t0;
	}
	free(keep.ids);
	free(unit);
	free(roots);
	free(parse);
	free(todo);
	free(L.table_node);
	free_graph(&L.g);
	rg_schema_free(L.s);
	rg_buf_free(&L.errs.text);
	rg_buf_free(&inc);
	free(L.seen);
	for (size_t i = 0; i < L.nsearch; i++)
		free(L.search[i]);
	free(L.search);
	free(args);
	return rc;
}
