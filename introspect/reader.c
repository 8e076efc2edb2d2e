/*
 * reader.c - the RG_TABLE structs of a translation unit into the schema
 * (reader.h).  The annotations are annotate attributes (REVGEN_SCAN makes
 * the RG_ macros so), read off each struct and field cursor.  Over 800
 * lines: every annotation is taken apart here (an index's key parts too)
 * with the same few helpers and reported through the same error list,
 * which a split would have to share through a header of its own.
 */
#include "introspect/reader.h"
#include "introspect/libclang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libclang's functions, valid once rg_libclang_open succeeded */
#define C (&rg_libclang_api)

/* A declaration a field names is looked up through rg_deps_typedef only,
 * which records the use for the model cache (deps.h): a look-up that
 * skipped it would leave the cache stale, so it does not compile. */
#pragma GCC poison clang_getTypeDeclaration clang_getCursorReferenced clang_getCursorDefinition

void rg_reader_error(struct rg_reader *r, const struct rg_loc *loc, const char *fmt, ...)
{
	r->nerrors++;
	/* keep the message within what struct rg_error holds */
	if (r->errors.len > 1600)
		return;
	r->shown++;
	if (r->errors.len)
		rg_buf_addc(&r->errors, '\n');
	if (loc && loc->file)
		rg_buf_addf(&r->errors, "%s:%u:%u: ", loc->file, loc->line, loc->col);
	va_list ap;
	va_start(ap, fmt);
	rg_buf_vaddf(&r->errors, fmt, ap);
	va_end(ap);
}

/* ---- what one struct's annotations say, before it becomes a table ---- */

struct field_notes {
	const char *type;      /* RG_TYPE */
	bool pk, autoinc, not_null, nullable, unique, index, skip;
	bool identity_always, deferrable, initially_deferred;
	const char *def, *ref_table, *ref_col, *on_delete, *on_update;
	const char *generated; /* RG_GENERATED(_VIRTUAL) */
	bool generated_virtual;
	bool invisible;
	unsigned ngenerated;   /* how many of the two */
	const char *comment, *renamed_from, *name, *charset, *collation;
	/* RG_PRIMARY_KEY_NAME, RG_UNIQUE_NAME, RG_INDEX_NAME, RG_REFERENCES_NAME */
	const char *pk_name, *unique_name, *index_name, *fk_name;
	struct rg_loc name_loc;
	struct rg_loc loc, ref_loc, autoinc_loc, on_loc, defer_loc, gen_loc;
	/* column-level RG_CHECKs, added to the table after the column */
	struct field_check {
		const char *name, *expr;
		struct rg_loc loc;
	} *checks;
	size_t nchecks, capchecks;
};



/* Where a cursor is: the expansion location, the user's header, not
 * revgen.h where the macro that produced an attribute lives. */
struct rg_loc rg_reader_loc(struct rg_reader *r, CXCursor c)
{
	struct rg_loc loc = {NULL, 0, 0};
	CXFile file = NULL;
	unsigned line = 0, col = 0, off = 0;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &file, &line, &col, &off);
	if (file && file != r->last_file) {
		CXString name = C->clang_getFileName(file);
		r->last_name = rg_arena_strdup(r->s->arena, C->clang_getCString(name));
		r->last_file = file;
		C->clang_disposeString(name);
	}
	loc.file = file ? r->last_name : NULL;
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
 * RG_TABLE("it's \"odd\""), RG_INDEX_ON("my index", "First Name")), whose
 * quotes and escapes are undone here.
 */
char *rg_reader_name_value(struct rg_arena *a, const char *v)
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

/* The length of the text up to the first comma outside parentheses and
 * quotes: the end of one key part of an index. */
static size_t part_len(const char *s)
{
	int depth = 0;
	char quote = 0;
	size_t i = 0;
	for (; s[i]; i++) {
		char ch = s[i];
		if (quote) {
			if (ch == '\\' && s[i + 1])
				i++;
			else if (ch == quote)
				quote = 0;
		} else if (ch == '\'' || ch == '"') {
			quote = ch;
		} else if (ch == '(') {
			depth++;
		} else if (ch == ')') {
			depth--;
		} else if (ch == ',' && depth == 0) {
			break;
		}
	}
	return i;
}

/* The length of the name at p: an identifier, or a C string literal
 * (with its quotes); 0 when there is none. */
static size_t word_len(const char *p)
{
	size_t n = 0;
	if (*p == '"') {
		for (n = 1; p[n] && p[n] != '"'; n++)
			if (p[n] == '\\' && p[n + 1])
				n++;
		return p[n] ? n + 1 : 0;
	}
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '$')
		n++;
	return n;
}

/* True when the keyword kw starts p (any case, then not a word character). */
static bool at_keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);
	return strncasecmp(p, kw, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_' &&
	       p[n] != '$';
}

/* When the keyword kw starts *p, skips it and the spaces after it. */
static bool keyword(const char **p, const char *kw)
{
	if (!at_keyword(*p, kw))
		return false;
	*p += strlen(kw);
	while (isspace((unsigned char)**p))
		(*p)++;
	return true;
}

/* The name at *p (word_len) undone into the arena, and *p past it and its
 * spaces; NULL when there is none or it holds a '"' (key parts keep a
 * collation and an operator class in double quotes). */
static const char *take_word(struct rg_arena *a, const char **p)
{
	size_t n = word_len(*p);
	if (!n)
		return NULL;
	const char *w = rg_reader_name_value(a, rg_arena_strndup(a, *p, n));
	*p += n;
	while (isspace((unsigned char)**p))
		(*p)++;
	return *w && !strchr(w, '"') ? w : NULL;
}

/*
 * One key part as written in RG_INDEX_ON and the like: a column name (an
 * identifier or a C string literal) with an optional prefix length in
 * parentheses, or an expression in parentheses; then, each optional and
 * in this order, COLLATE name, an operator class, ASC or DESC, NULLS
 * FIRST or NULLS LAST.  NULL when it is none of these.  Stored as struct
 * rg_index says (ASC, the default, left out).
 */
static const char *key_part(struct rg_arena *a, const char *p)
{
	size_t n = strlen(p), body;
	if (p[0] == '(') {
		int depth = 0;
		for (body = 0; body < n; body++)
			if (p[body] == '(')
				depth++;
			else if (p[body] == ')' && --depth == 0)
				break;
		if (body == n)
			return NULL;
		body++;
	} else {
		body = word_len(p);
	}
	if (body == 0)
		return NULL;
	struct rg_buf b = RG_BUF_INIT;
	if (p[0] == '(') {
		char *inner = trim_dup(a, p + 1, body - 2);
		if (*inner)
			rg_buf_addf(&b, "(%s)", inner);
	} else {
		rg_buf_add(&b, rg_reader_name_value(a, rg_arena_strndup(a, p, body)));
	}
	const char *rest = p + body;
	while (isspace((unsigned char)*rest))
		rest++;
	bool ok = b.len > 0;
	if (ok && p[0] != '(' && *rest == '(') {
		char *end;
		unsigned long len = strtoul(rest + 1, &end, 10);
		ok = isdigit((unsigned char)rest[1]) && len > 0 && *end == ')';
		rg_buf_addf(&b, "(%lu)", len);
		rest = end + 1;
		while (isspace((unsigned char)*rest))
			rest++;
	}
	if (ok && keyword(&rest, "COLLATE")) {
		const char *w = take_word(a, &rest);
		ok = w != NULL;
		rg_buf_addf(&b, " COLLATE \"%s\"", w ? w : "");
	}
	if (ok && *rest && !at_keyword(rest, "ASC") && !at_keyword(rest, "DESC") &&
	    !at_keyword(rest, "NULLS")) {
		const char *w = take_word(a, &rest);
		ok = w != NULL;
		rg_buf_addf(&b, " OPCLASS \"%s\"", w ? w : "");
	}
	if (ok && keyword(&rest, "DESC"))
		rg_buf_add(&b, " DESC");
	else if (ok)
		keyword(&rest, "ASC");
	if (ok && keyword(&rest, "NULLS"))
		ok = keyword(&rest, "FIRST") ? (rg_buf_add(&b, " NULLS FIRST"), true)
		     : keyword(&rest, "LAST") ? (rg_buf_add(&b, " NULLS LAST"), true)
		     : false;
	const char *out = ok && !*rest ? rg_arena_strdup(a, rg_buf_str(&b)) : NULL;
	rg_buf_free(&b);
	return out;
}

/* The key parts of an index macro pushed onto *cols, and the columns of
 * its last item INCLUDE (...) onto *include; false (reported at loc) when
 * one is malformed. */
static bool split_parts(struct rg_reader *r, const struct rg_loc *loc,
			const char *macro, const char *name, const char *list,
			const char ***cols, size_t *n, const char ***include,
			size_t *ninclude)
{
	bool ok = true;
	while (*list) {
		size_t len = part_len(list);
		char *raw = trim_dup(r->s->arena, list, len);
		const char *in = raw;
		const char *kp = NULL;
		if (keyword(&in, "INCLUDE") && *in == '(' && in[strlen(in) - 1] == ')') {
			/* INCLUDE (a, b): plain columns, and the last item */
			char *inner = trim_dup(r->s->arena, in + 1, strlen(in) - 2);
			ok = *inner && !list[len];
			while (ok && *inner) {
				size_t w = part_len(inner);
				char *c = trim_dup(r->s->arena, inner, w);
				ok = *c && word_len(c) == strlen(c);
				if (ok)
					rg_names_push(r->s, include, ninclude, rg_reader_name_value(r->s->arena, c));
				inner += w;
				if (*inner == ',')
					inner++;
			}
			if (!ok)
				rg_reader_error(r, loc, "%s(%s): '%s' is not INCLUDE (column, ...) "
						"after the key parts", macro, name, raw);
		} else if ((kp = *raw ? key_part(r->s->arena, raw) : NULL)) {
			rg_names_push(r->s, cols, n, kp);
		} else if (*raw || list[len] == ',') {
			rg_reader_error(r, loc, "%s(%s): key part '%s' is neither a column (with a "
					"prefix length in parentheses) nor an expression in parentheses, each "
					"optionally followed by COLLATE name, an operator class, ASC or DESC, "
					"and NULLS FIRST or NULLS LAST",
					macro, name, raw);
			ok = false;
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return ok;
}

/* "index_on" -> "INDEX_ON": an annotation's key as its macro spells it */
static const char *upper_dup(struct rg_arena *a, const char *key)
{
	char *u = rg_arena_strdup(a, key);
	for (char *p = u; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return u;
}

/* An annotation's key and value: "revgen:default:'x'" -> "default", "'x'" */
bool rg_reader_split_annotation(const char *a, char *key, size_t keylen,
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

/* An unsigned C integer of so many bytes: the generic spelling that each
 * dialect renders as its own unsigned type or as the smallest signed one
 * holding the range (diff/compare.h, rg_compare_lower_models). */
static const char *unsigned_type(long long bytes)
{
	switch (bytes) {
	case 1: return "TINYINT UNSIGNED";
	case 2: return "SMALLINT UNSIGNED";
	case 4: return "INTEGER UNSIGNED";
	case 8: return "BIGINT UNSIGNED";
	default: return NULL; /* an unsigned __int128: no SQL integer holds it */
	}
}

/* A C enum a field's type is: its declaration and the name of the last
 * typedef on the way to it (an anonymous enum's name). */
struct enum_ref {
	bool found;
	CXCursor decl;
	const char *typedef_name;
};

/* The generic SQL type of a non-pointer C type, or NULL; "ENUM" for a C
 * enum, which en then names.  Each typedef on the way, and the enum, is
 * a file the field's file uses (rg_deps_typedef). */
static const char *scalar_type(struct rg_reader *r, CXType t, struct enum_ref *en)
{
	for (int guard = 0; guard < 32; guard++) {
		if (t.kind == CXType_Elaborated) {
			t = C->clang_Type_getNamedType(t);
			continue;
		}
		if (t.kind != CXType_Typedef)
			break;
		CXCursor decl = rg_deps_typedef(r->deps, r->field_file, t);
		CXString n = C->clang_getTypedefName(t);
		const char *sql = typedef_type(C->clang_getCString(n));
		if (!sql) /* it may name an enum without a tag */
			en->typedef_name = rg_arena_strdup(r->s->arena, C->clang_getCString(n));
		C->clang_disposeString(n);
		if (sql)
			return sql;
		t = C->clang_getTypedefDeclUnderlyingType(decl);
	}
	CXType canon = C->clang_getCanonicalType(t);
	switch (canon.kind) {
	case CXType_Enum:
		en->found = true;
		en->decl = rg_deps_typedef(r->deps, r->field_file, canon);
		return "ENUM";
	case CXType_UChar:
	case CXType_UShort:
	case CXType_UInt:
	case CXType_ULong:
	case CXType_ULongLong:
		return unsigned_type(C->clang_Type_getSizeOf(canon));
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
static const char *field_type(struct rg_reader *r, CXType t, bool *pointer,
			      struct enum_ref *en)
{
	*pointer = false;
	CXType canon = C->clang_getCanonicalType(t);
	if (canon.kind == CXType_Pointer) {
		*pointer = true;
		CXType pointee = C->clang_getPointeeType(t);
		if (is_char(pointee))
			return "TEXT";
		return scalar_type(r, pointee, en);
	}
	if (canon.kind == CXType_ConstantArray && is_char(C->clang_getArrayElementType(canon))) {
		long long n = C->clang_getArraySize(canon);
		if (n < 2)
			return NULL;
		return rg_arena_printf(r->s->arena, "VARCHAR(%lld)", n - 1);
	}
	if (canon.kind == CXType_ConstantArray) {
		/* a fixed-size array of a signed scalar: "DOUBLE PRECISION[4]",
		 * an array column where the database has them (diff/lower.h);
		 * the element's own type, typedefs and all (a time_t) */
		struct enum_ref elem_en = {false, C->clang_getNullCursor(), NULL};
		CXType elem = C->clang_getArrayElementType(t.kind == CXType_ConstantArray ? t : canon);
		const char *sql = scalar_type(r, elem, &elem_en);
		long long n = C->clang_getArraySize(canon);
		if (!sql || elem_en.found || strstr(sql, "UNSIGNED") || n < 1)
			return NULL;
		return rg_arena_printf(r->s->arena, "%s[%lld]", sql, n);
	}
	return scalar_type(r, t, en);
}

static bool integer_type(const char *sql)
{
	return strcmp(sql, "SMALLINT") == 0 || strcmp(sql, "INTEGER") == 0 ||
	       strcmp(sql, "BIGINT") == 0 || strcasestr(sql, "INT") != NULL;
}

/* ---- visiting ---- */

struct table_ctx {
	struct rg_reader *r;
	struct rg_table *t;
	CXCursor cursor;
	/* RG_PRIMARY_KEY_ON's columns and the table's RG_PRIMARY_KEY_NAME,
	 * applied once the fields are read (finish_pk) */
	const char **pk_cols;
	size_t npk_cols;
	bool pk_on;
	const char *pk_name;
	struct rg_loc pk_loc, pk_name_loc;
};

struct field_ctx {
	struct rg_reader *r;
	struct field_notes *fn;
};

static enum CXChildVisitResult field_attr(CXCursor c, CXCursor parent,
					  CXClientData data)
{
	(void)parent;
	struct field_ctx *fc = data;
	struct rg_reader *r = fc->r;
	struct field_notes *fn = fc->fn;
	if (C->clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(c);
	const char *a = C->clang_getCString(sp);
	char key[32];
	const char *v;
	struct rg_arena *ar = r->s->arena;
	if (!a || !rg_reader_split_annotation(a, key, sizeof(key), &v))
		goto out;
	/* where the annotation is, asked of libclang only when it is kept or
	 * reported: most annotations (types, defaults, flags) need none */
#define LOC() rg_reader_loc(r, c)
	/* RG_TYPE() is an SQLite column with no declared type (BLOB
	 * affinity); diff/compare.c refuses it elsewhere */
	if (strcmp(key, "type") == 0 && v)
		fn->type = rg_arena_strdup(ar, v);
	else if (strcmp(key, "primary_key") == 0)
		fn->pk = true;
	else if (strcmp(key, "autoincrement") == 0) {
		fn->autoinc = true;
		fn->autoinc_loc = LOC();
	} else if (strcmp(key, "identity_always") == 0) {
		/* RG_AUTOINCREMENT's form: the same checks apply */
		fn->autoinc = fn->identity_always = true;
		fn->autoinc_loc = LOC();
	} else if (strcmp(key, "deferrable") == 0 || strcmp(key, "initially_deferred") == 0) {
		fn->deferrable = true;
		fn->initially_deferred |= key[0] == 'i';
		fn->defer_loc = LOC();
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
	else if (strcmp(key, "invisible") == 0)
		fn->invisible = true;
	else if (strcmp(key, "default") == 0 && v && *v)
		fn->def = rg_arena_strdup(ar, v);
	else if ((strcmp(key, "generated") == 0 || strcmp(key, "generated_virtual") == 0) &&
		 v && *v) {
		fn->generated = rg_arena_strdup(ar, v);
		fn->generated_virtual = strcmp(key, "generated_virtual") == 0;
		fn->ngenerated++;
		fn->gen_loc = LOC();
	}
	else if (strcmp(key, "references") == 0 && v && strchr(v, ',')) {
		const char *comma = strchr(v, ',');
		fn->ref_loc = LOC();
		fn->ref_table = rg_reader_resolve(r, &fn->ref_loc,
						  rg_reader_name_value(ar, trim_dup(ar, v, (size_t)(comma - v))));
		fn->ref_col = rg_reader_name_value(ar, comma + 1);
	} else if (strcmp(key, "on_delete") == 0 && v) {
		fn->on_delete = rg_arena_strdup(ar, v);
		fn->on_loc = LOC();
	} else if (strcmp(key, "on_update") == 0 && v) {
		fn->on_update = rg_arena_strdup(ar, v);
		fn->on_loc = LOC();
	} else if (strcmp(key, "comment") == 0 && v)
		fn->comment = rg_arena_strdup(ar, v);
	else if (strcmp(key, "renamed_from") == 0 && v && *v)
		fn->renamed_from = rg_reader_name_value(ar, v);
	else if (strcmp(key, "name") == 0 && v && *v)
		fn->name = rg_reader_name_value(ar, v);
	else if (strcmp(key, "primary_key_name") == 0 && v && *v) {
		fn->pk_name = rg_reader_name_value(ar, v);
		fn->name_loc = LOC();
	} else if (strcmp(key, "unique_name") == 0 && v && *v) {
		fn->unique_name = rg_reader_name_value(ar, v);
		fn->name_loc = LOC();
	} else if (strcmp(key, "index_name") == 0 && v && *v) {
		fn->index_name = rg_reader_name_value(ar, v);
		fn->name_loc = LOC();
	} else if (strcmp(key, "references_name") == 0 && v && *v) {
		fn->fk_name = rg_reader_name_value(ar, v);
		fn->name_loc = LOC();
	} else if (strcmp(key, "charset") == 0 && v && *v)
		fn->charset = rg_reader_name_value(ar, v);
	else if (strcmp(key, "collate") == 0 && v && *v)
		fn->collation = rg_reader_name_value(ar, v);
	else if (strcmp(key, "check") == 0 && v && strchr(v, ':')) {
		const char *colon = strchr(v, ':');
		rg_grow((void **)&fn->checks, &fn->capchecks, fn->nchecks + 1, sizeof(*fn->checks));
		struct field_check *ck = &fn->checks[fn->nchecks++];
		ck->name = rg_reader_name_value(ar, trim_dup(ar, v, (size_t)(colon - v)));
		ck->expr = trim_dup(ar, colon + 1, strlen(colon + 1));
		ck->loc = LOC();
	} else if (strcmp(key, "table") == 0 || strcmp(key, "index_on") == 0 ||
		   strcmp(key, "unique_on") == 0 || strcmp(key, "fulltext_on") == 0 ||
		   strcmp(key, "spatial_on") == 0 || strcmp(key, "index_where") == 0 ||
		   strcmp(key, "unique_where") == 0 || strcmp(key, "foreign_key") == 0 ||
		   strcmp(key, "primary_key_on") == 0) {
		struct rg_loc loc = LOC();
		rg_reader_error(r, &loc, "RG_%s belongs between `struct` and the struct's tag, not on a field",
			  upper_dup(ar, key));
	} else {
		struct rg_loc loc = LOC();
		rg_reader_error(r, &loc, "unknown or malformed annotation \"%s\"", a);
	}
#undef LOC
out:
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* ---- C enums ---- */

struct label_ctx {
	struct rg_reader *r;
	const char *label; /* RG_LABEL's, else NULL */
	bool skip;
};

static enum CXChildVisitResult label_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct label_ctx *lc = data;
	if (C->clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(c);
	const char *a = C->clang_getCString(sp);
	char key[32];
	const char *v;
	if (a && rg_reader_split_annotation(a, key, sizeof(key), &v)) {
		if (strcmp(key, "label") == 0 && v) {
			lc->label = rg_arena_strdup(lc->r->s->arena, v);
		} else if (strcmp(key, "skip") == 0) {
			lc->skip = true;
		} else {
			struct rg_loc loc = rg_reader_loc(lc->r, c);
			rg_reader_error(lc->r, &loc, "\"%s\" on an enum constant: it takes RG_LABEL or RG_SKIP", a);
		}
	}
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

struct enum_ctx {
	struct rg_reader *r;
	struct rg_column *c;
};

static enum CXChildVisitResult enum_constant(CXCursor k, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct enum_ctx *ec = data;
	struct rg_reader *r = ec->r;
	if (C->clang_getCursorKind(k) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	struct label_ctx lc = {r, NULL, false};
	C->clang_visitChildren(k, label_attr, &lc);
	if (lc.skip)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(k);
	const char *label = lc.label ? lc.label : rg_arena_strdup(r->s->arena, C->clang_getCString(sp));
	C->clang_disposeString(sp);
	struct rg_loc loc = rg_reader_loc(r, k);
	if (!*label)
		rg_reader_error(r, &loc, "RG_LABEL(\"\"): a label cannot be empty");
	for (size_t i = 0; i < ec->c->nlabels; i++)
		if (strcmp(ec->c->labels[i], label) == 0)
			rg_reader_error(r, &loc, "enum %s has the label '%s' twice", ec->c->enum_name, label);
	rg_names_push(r->s, &ec->c->labels, &ec->c->nlabels, label);
	return CXChildVisit_Continue;
}

/* The name and labels of the C enum a column's field is: its constants in
 * C order, each the constant's name or its RG_LABEL, less RG_SKIP's (a
 * count or an alias that is no value of the column). */
static void enum_labels(struct rg_reader *r, struct rg_column *c, const struct enum_ref *en)
{
	/* an enum without a tag is spelled "" or, by newer libclangs,
	 * "enum (unnamed at f.h:3:9)": no identifier either way */
	CXString sp = C->clang_getCursorSpelling(en->decl);
	const char *tag = C->clang_getCString(sp);
	bool named = tag && *tag && !isdigit((unsigned char)*tag);
	for (const char *p = tag; named && *p; p++)
		named = isalnum((unsigned char)*p) || *p == '_' || *p == '$';
	c->enum_name = named ? rg_arena_strdup(r->s->arena, tag) : en->typedef_name;
	C->clang_disposeString(sp);
	if (c->enum_name)
		c->enum_name = rg_reader_qualify(r, &c->loc, rg_reader_schema_of(r, en->decl),
						 c->enum_name);
	if (!c->enum_name) {
		rg_reader_error(r, &c->loc, "field '%s' is of an enum without a name: give the enum a "
				"tag or a typedef, which names its type", c->name);
		return;
	}
	struct enum_ctx ec = {r, c};
	C->clang_visitChildren(en->decl, enum_constant, &ec);
	if (!c->nlabels)
		rg_reader_error(r, &c->loc, "field '%s': enum %s has no label", c->name, c->enum_name);
}

/* RG_CHECK(name, ...) names its check; RG_CHECK(, ...) leaves the name to
 * the naming convention, the way the database would name it. */
static void set_check_name(struct rg_check *ck, const char *name)
{
	ck->name = *name ? name : NULL;
	ck->named = *name != '\0';
}

static void add_field(struct table_ctx *tc, CXCursor field)
{
	struct rg_reader *r = tc->r;
	struct rg_table *t = tc->t;
	struct field_notes fn;
	memset(&fn, 0, sizeof(fn));
	fn.loc = rg_reader_loc(r, field);
	r->field_file = r->last_file;
	struct field_ctx fc = {r, &fn};
	C->clang_visitChildren(field, field_attr, &fc);
	if (fn.skip) {
		free(fn.checks);
		return;
	}

	CXString fname = C->clang_getCursorSpelling(field);
	const char *cname = fn.name ? fn.name : C->clang_getCString(fname);
	struct rg_column *c = rg_table_add_column(r->s, t, cname);
	C->clang_disposeString(fname);
	c->loc = fn.loc;

	bool pointer;
	struct enum_ref en = {false, C->clang_getNullCursor(), NULL};
	const char *inferred = field_type(r, C->clang_getCursorType(field), &pointer, &en);
	/* a typedef with RG_DOMAIN: the column is of the domain */
	CXType ft = C->clang_getCursorType(field);
	if (ft.kind == CXType_Elaborated)
		ft = C->clang_Type_getNamedType(ft);
	CXCursor td = C->clang_getNullCursor();
	if (!fn.type && ft.kind == CXType_Typedef)
		td = rg_deps_typedef(r->deps, r->field_file, ft);
	const char *domain = fn.type || ft.kind != CXType_Typedef ? NULL : rg_reader_domain_text(r, td);
	if (fn.type) {
		c->type = fn.type;
		c->generic = false;
	} else if (domain) {
		/* the domain's name as SQL spells a type, as the catalog's
		 * columns have it (diff/schema.h) */
		struct rg_buf q = RG_BUF_INIT;
		rg_quote_type_name(&q, rg_reader_domain_name(r, &c->loc, td));
		c->type = rg_arena_strdup(r->s->arena, rg_buf_str(&q));
		rg_buf_free(&q);
		c->generic = false;
	} else if (inferred) {
		c->type = inferred;
		c->generic = true;
		if (en.found)
			enum_labels(r, c, &en);
	} else {
		CXString ts = C->clang_getTypeSpelling(C->clang_getCursorType(field));
		rg_reader_error(r, &fn.loc,
			  "field '%s' of type '%s' has no SQL type: add RG_TYPE(...) or RG_SKIP",
			  c->name, C->clang_getCString(ts));
		C->clang_disposeString(ts);
		c->type = "";
	}
	if (fn.nullable && fn.not_null)
		rg_reader_error(r, &fn.loc, "column '%s' is both RG_NULLABLE and RG_NOT_NULL", c->name);
	c->not_null = fn.not_null || (!pointer && !fn.nullable);
	if (fn.pk) {
		if (fn.nullable)
			rg_reader_error(r, &fn.loc, "primary key column '%s' cannot be RG_NULLABLE", c->name);
		c->not_null = true;
		/* unnamed: the naming convention names it (diff/naming.h) */
		if (!t->pk)
			rg_table_set_pk(r->s, t, NULL);
		if (fn.pk_name) {
			if (t->pk->named && strcmp(t->pk->name, fn.pk_name) != 0)
				rg_reader_error(r, &fn.name_loc, "RG_PRIMARY_KEY_NAME(%s): the primary key of '%s' is named %s already",
					  fn.pk_name, t->name, t->pk->name);
			t->pk->name = fn.pk_name;
			t->pk->named = true;
		}
		rg_names_push(r->s, &t->pk->cols, &t->pk->ncols, c->name);
	}
	if (fn.autoinc) {
		const char *macro = fn.identity_always ? "RG_IDENTITY_ALWAYS" : "RG_AUTOINCREMENT";
		if (!fn.pk)
			rg_reader_error(r, &fn.autoinc_loc, "%s on '%s', which is not RG_PRIMARY_KEY", macro, c->name);
		else if (*c->type && !integer_type(c->type))
			rg_reader_error(r, &fn.autoinc_loc, "%s on '%s' of type %s: it needs an integer column",
				  macro, c->name, c->type);
		c->autoincrement = true;
		c->identity_always = fn.identity_always;
	}
	c->default_expr = fn.def;
	c->generated = fn.generated;
	c->generated_virtual = fn.generated_virtual;
	c->invisible = fn.invisible;
	if (fn.generated) {
		/* the database computes the value: nothing else may give one */
		const char *other = fn.ngenerated > 1 ? "a second RG_GENERATED"
			: fn.def ? "RG_DEFAULT" : fn.autoinc ? "RG_AUTOINCREMENT"
			: fn.on_update && !fn.ref_table ? "RG_ON_UPDATE" : NULL;
		if (other)
			rg_reader_error(r, &fn.gen_loc, "generated column '%s' cannot also have %s",
					c->name, other);
	}
	c->comment = fn.comment;
	c->charset = fn.charset;
	c->collation = fn.collation;
	c->renamed_from = fn.renamed_from;
	if (fn.unique) {
		struct rg_unique *u = rg_table_add_unique(r->s, t, fn.unique_name);
		u->named = fn.unique_name != NULL;
		rg_names_push(r->s, &u->cols, &u->ncols, c->name);
		u->loc = fn.loc;
	}
	if (fn.index) {
		struct rg_index *x = rg_table_add_index(r->s, t, fn.index_name);
		x->named = fn.index_name != NULL;
		rg_names_push(r->s, &x->cols, &x->ncols, c->name);
		x->loc = fn.loc;
	}
	if ((fn.pk_name && !fn.pk) || (fn.unique_name && !fn.unique) ||
	    (fn.index_name && !fn.index) || (fn.fk_name && !fn.ref_table))
		rg_reader_error(r, &fn.name_loc, "an RG_..._NAME on '%s' names a key or index the column does not have",
			  c->name);
	if (fn.ref_table) {
		struct rg_fk *f = rg_table_add_fk(r->s, t, fn.fk_name);
		f->named = fn.fk_name != NULL;
		size_t n = 0;
		rg_names_push(r->s, &f->cols, &f->ncols, c->name);
		rg_names_push(r->s, &f->ref_cols, &n, fn.ref_col);
		f->ref_table = fn.ref_table;
		f->loc = fn.ref_loc;
		f->deferrable = fn.deferrable;
		f->initially_deferred = fn.initially_deferred;
		if (fn.on_delete && rg_fk_action_parse(fn.on_delete, &f->on_delete) < 0)
			rg_reader_error(r, &fn.on_loc, "unknown ON DELETE action '%s' (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)",
				  fn.on_delete);
		if (fn.on_update && rg_fk_action_parse(fn.on_update, &f->on_update) < 0)
			rg_reader_error(r, &fn.on_loc, "unknown ON UPDATE action '%s' (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)",
				  fn.on_update);
	} else if (fn.on_update && !fn.on_delete && strncasecmp(fn.on_update, "CURRENT_TIMESTAMP", 17) == 0) {
		/* no key to act for: MySQL's column ON UPDATE */
		c->on_update = fn.on_update;
	} else if (fn.on_delete || fn.on_update) {
		rg_reader_error(r, &fn.on_loc, "RG_ON_DELETE/RG_ON_UPDATE on '%s' without RG_REFERENCES "
				"(a column's own RG_ON_UPDATE takes CURRENT_TIMESTAMP)", c->name);
	}
	if (fn.deferrable && !fn.ref_table)
		rg_reader_error(r, &fn.defer_loc, "RG_DEFERRABLE/RG_INITIALLY_DEFERRED on '%s' without RG_REFERENCES",
				c->name);
	bool column_check = false;
	for (size_t i = 0; i < fn.nchecks; i++) {
		struct rg_check *ck = rg_table_add_check(r->s, t, NULL);
		set_check_name(ck, fn.checks[i].name);
		ck->expr = fn.checks[i].expr;
		ck->loc = fn.checks[i].loc;
		/* MariaDB's column-level check has no name of its own and a
		 * column one at most: the first unnamed check of the field */
		if (!ck->named && !column_check) {
			ck->column = c->name;
			column_check = true;
		}
	}
	free(fn.checks);
}

/*
 * RG_INDEX_ON, RG_UNIQUE_ON, RG_FULLTEXT_ON, RG_SPATIAL_ON: "name:parts";
 * RG_INDEX_WHERE, RG_UNIQUE_WHERE: "name:parts" U+001F "predicate"; the
 * name may be followed by USING method.  A unique key of plain columns is
 * a unique constraint; one with anything else (an expression, a DESC
 * part, an operator class, INCLUDE, a predicate...) can only be a unique
 * index.
 */
/*
 * RG_PRIMARY_KEY_ON(col, ...): a primary key whose columns are in another
 * order than the struct's fields (PostgreSQL's partitioned tables often
 * lead with the partition key), which RG_PRIMARY_KEY on each field cannot
 * say.  Plain columns only, as a primary key has.
 */
static void add_pk_on(struct table_ctx *tc, const char *v, const struct rg_loc *loc)
{
	struct rg_reader *r = tc->r;
	struct rg_arena *ar = r->s->arena;
	if (tc->pk_on) {
		rg_reader_error(r, loc, "RG_PRIMARY_KEY_ON: table '%s' has one already", tc->t->name);
		return;
	}
	tc->pk_on = true;
	tc->pk_loc = *loc;
	while (*v) {
		size_t len = part_len(v);
		char *raw = trim_dup(ar, v, len);
		if (!*raw || word_len(raw) != strlen(raw)) {
			rg_reader_error(r, loc, "RG_PRIMARY_KEY_ON: '%s' is not a column's name "
					"(a primary key has plain columns)", raw);
			return;
		}
		rg_names_push(r->s, &tc->pk_cols, &tc->npk_cols, rg_reader_name_value(ar, raw));
		v += len;
		if (*v == ',')
			v++;
	}
	if (!tc->npk_cols)
		rg_reader_error(r, loc, "RG_PRIMARY_KEY_ON names no column");
}

/* The table's RG_PRIMARY_KEY_ON and RG_PRIMARY_KEY_NAME, once its fields
 * are read: the key's columns are NOT NULL, as the database makes them. */
static void finish_pk(struct table_ctx *tc)
{
	struct rg_reader *r = tc->r;
	struct rg_table *t = tc->t;
	if (tc->pk_on && tc->npk_cols) {
		if (t->pk) {
			rg_reader_error(r, &tc->pk_loc, "RG_PRIMARY_KEY_ON on '%s', whose fields have "
					"RG_PRIMARY_KEY: one primary key, said once", t->name);
			return;
		}
		rg_table_set_pk(r->s, t, NULL);
		for (size_t i = 0; i < tc->npk_cols; i++) {
			struct rg_column *c = NULL;
			for (size_t k = 0; k < t->ncolumns && !c; k++)
				if (strcmp(t->columns[k]->name, tc->pk_cols[i]) == 0)
					c = t->columns[k];
			if (!c) {
				rg_reader_error(r, &tc->pk_loc, "RG_PRIMARY_KEY_ON: table '%s' has no "
						"column '%s'", t->name, tc->pk_cols[i]);
				continue;
			}
			c->not_null = true;
			rg_names_push(r->s, &t->pk->cols, &t->pk->ncols, c->name);
		}
	}
	if (tc->pk_name) {
		if (!t->pk)
			rg_reader_error(r, &tc->pk_name_loc, "RG_PRIMARY_KEY_NAME(%s) on table '%s', "
					"which has no primary key", tc->pk_name, t->name);
		else if (t->pk->named && strcmp(t->pk->name, tc->pk_name) != 0)
			rg_reader_error(r, &tc->pk_name_loc, "RG_PRIMARY_KEY_NAME(%s): the primary "
					"key of '%s' is named %s already", tc->pk_name, t->name,
					t->pk->name);
		else {
			t->pk->name = tc->pk_name;
			t->pk->named = true;
		}
	}
}

static void add_index(struct table_ctx *tc, const char *key, const char *v,
		      const struct rg_loc *loc)
{
	struct rg_reader *r = tc->r;
	struct rg_arena *ar = r->s->arena;
	const char *colon = strchr(v, ':');
	char *name = trim_dup(ar, v, (size_t)(colon - v));
	/* "ix USING gin": the access method after the name, as CREATE INDEX
	 * says it after the table */
	const char *method = NULL;
	size_t nlen = word_len(name);
	if (nlen && name[nlen]) {
		const char *after = name + nlen;
		while (isspace((unsigned char)*after))
			after++;
		if (keyword(&after, "USING"))
			method = take_word(ar, &after);
		if (!method || *after) {
			rg_reader_error(r, loc, "RG_%s(%s): after the index's name only USING "
					"and an access method (gin, gist, ...)", upper_dup(ar, key), name);
			return;
		}
		name[nlen] = '\0';
	}
	name = rg_reader_name_value(ar, name);
	const char *macro = rg_arena_printf(ar, "RG_%s", upper_dup(ar, key));
	const char *parts = colon + 1, *sep = strchr(parts, '\x1f');
	const char *where = NULL;
	if (sep) {
		where = trim_dup(ar, sep + 1, strlen(sep + 1));
		parts = rg_arena_strndup(ar, parts, (size_t)(sep - parts));
		if (!*where)
			rg_reader_error(r, loc, "%s(%s): the predicate is empty", macro, name);
	}
	const char **cols = NULL, **include = NULL;
	size_t ncols = 0, ninclude = 0;
	split_parts(r, loc, macro, name, parts, &cols, &ncols, &include, &ninclude);
	if (!ncols) {
		rg_reader_error(r, loc, "%s(%s) names no column", macro, name);
		return;
	}
	/* btree is what an index is without USING: one form for the differ */
	if (method && strcasecmp(method, "btree") == 0)
		method = NULL;
	bool unique = key[0] == 'u';
	if (unique && !where && !method && !ninclude) {
		struct rg_index probe = {.cols = cols, .ncols = ncols};
		if (rg_index_plain(&probe)) {
			struct rg_unique *u = rg_table_add_unique(r->s, tc->t, name);
			u->named = true;
			u->cols = cols;
			u->ncols = ncols;
			u->loc = *loc;
			return;
		}
	}
	struct rg_index *x = rg_table_add_index(r->s, tc->t, name);
	x->named = true;
	x->unique = unique;
	x->cols = cols;
	x->ncols = ncols;
	x->include = include;
	x->ninclude = ninclude;
	x->method = method;
	x->where = where && *where ? where : NULL;
	x->loc = *loc;
	if (key[0] == 'f')
		x->kind = "FULLTEXT";
	else if (key[0] == 's')
		x->kind = "SPATIAL";
}

/*
 * A column list of RG_FOREIGN_KEY: "(a, b)", or one column without the
 * parentheses; each an identifier or a C string literal.  False (reported
 * at loc) when a part is neither.
 */
static bool fk_columns(struct rg_reader *r, const struct rg_loc *loc, const char *label,
		       const char *text, const char ***cols, size_t *n)
{
	struct rg_arena *ar = r->s->arena;
	char *list = trim_dup(ar, text, strlen(text));
	size_t len = strlen(list);
	if (len >= 2 && list[0] == '(' && list[len - 1] == ')')
		list = trim_dup(ar, list + 1, len - 2);
	bool ok = true;
	while (*list) {
		size_t plen = part_len(list);
		char *raw = trim_dup(ar, list, plen);
		bool ident = *raw && !isdigit((unsigned char)*raw);
		for (const char *p = raw; *p && ident; p++)
			ident = isalnum((unsigned char)*p) || *p == '_' || *p == '$';
		size_t rn = strlen(raw);
		if (ident || (rn >= 2 && raw[0] == '"' && raw[rn - 1] == '"' && part_len(raw) == rn)) {
			rg_names_push(r->s, cols, n, rg_reader_name_value(ar, raw));
		} else {
			rg_reader_error(r, loc, "%s: '%s' is not a column name", label, raw);
			ok = false;
		}
		list += plen;
		if (*list == ',')
			list++;
	}
	return ok;
}

/* An RG_FOREIGN_KEY item that says when the key is checked: 1 for
 * DEFERRABLE INITIALLY DEFERRED, 0 for DEFERRABLE [INITIALLY IMMEDIATE],
 * -1 for anything else.  Words are compared apart from the spaces
 * between them, which the preprocessor may have changed. */
static int deferral(const char *clause)
{
	static const char *const forms[][3] = {{"DEFERRABLE", NULL, NULL},
		{"DEFERRABLE", "INITIALLY", "IMMEDIATE"}, {"DEFERRABLE", "INITIALLY", "DEFERRED"}};
	for (size_t f = 0; f < RG_ARRAY_LEN(forms); f++) {
		const char *p = clause;
		bool match = true;
		for (size_t w = 0; w < 3 && forms[f][w] && match; w++) {
			while (isspace((unsigned char)*p))
				p++;
			size_t n = strlen(forms[f][w]);
			match = strncasecmp(p, forms[f][w], n) == 0 &&
				(!p[n] || isspace((unsigned char)p[n]));
			p += match ? n : 0;
		}
		while (match && isspace((unsigned char)*p))
			p++;
		if (match && !*p)
			return f == 2;
	}
	return -1;
}

/*
 * RG_FOREIGN_KEY(name, (a, b), ref_table, (x, y)[, ON DELETE action]
 * [, ON UPDATE action][, DEFERRABLE [INITIALLY DEFERRED]]): "name" U+001F "(a, b)" U+001F "ref_table"
 * U+001F "(x, y), ON DELETE action".  The separator is a control byte so
 * that any name a C string literal spells (a ',' or ':' in it) passes.
 */
static void add_foreign_key(struct table_ctx *tc, const char *v, const struct rg_loc *loc)
{
	struct rg_reader *r = tc->r;
	struct rg_arena *ar = r->s->arena;
	const char *field[4] = {NULL};
	const char *p = v;
	for (size_t i = 0; i < 3; i++) {
		const char *sep = strchr(p, '\x1f');
		if (!sep) {
			rg_reader_error(r, loc, "malformed RG_FOREIGN_KEY \"%s\"", v);
			return;
		}
		field[i] = rg_arena_strndup(ar, p, (size_t)(sep - p));
		p = sep + 1;
	}
	field[3] = p;
	const char *name = rg_reader_name_value(ar, field[0]);
	const char *ref_table = rg_reader_resolve(r, loc, rg_reader_name_value(ar, field[2]));
	const char *label = rg_arena_printf(ar, "RG_FOREIGN_KEY(%s, %s, %s)", trim_dup(ar, field[0], strlen(field[0])),
					    trim_dup(ar, field[1], strlen(field[1])), ref_table);
	/* the referenced columns, then the actions, each after a comma */
	size_t rlen = part_len(field[3]);
	const char *ref_list = rg_arena_strndup(ar, field[3], rlen);
	const char *actions = field[3] + rlen;
	const char **cols = NULL, **ref_cols = NULL;
	size_t ncols = 0, nref = 0;
	bool ok = fk_columns(r, loc, label, field[1], &cols, &ncols);
	ok = fk_columns(r, loc, label, ref_list, &ref_cols, &nref) && ok;
	if (ok && (!ncols || !*ref_table)) {
		rg_reader_error(r, loc, "%s: it needs columns, a table and the columns they reference", label);
		ok = false;
	} else if (ok && ncols != nref) {
		rg_reader_error(r, loc, "%s: %zu column%s reference %zu", label, ncols,
				ncols == 1 ? "" : "s", nref);
		ok = false;
	}
	enum rg_fk_action on_delete = RG_FK_NO_ACTION, on_update = RG_FK_NO_ACTION;
	bool have_delete = false, have_update = false, deferrable = false, deferred = false;
	while (*actions) {
		if (*actions == ',')
			actions++;
		size_t alen = part_len(actions);
		char *clause = trim_dup(ar, actions, alen);
		actions += alen;
		int defer = deferral(clause);
		if (defer >= 0) {
			if (deferrable) {
				rg_reader_error(r, loc, "%s: a second DEFERRABLE", label);
				ok = false;
			}
			deferrable = true;
			deferred = defer;
			continue;
		}
		bool del = strncasecmp(clause, "ON DELETE ", 10) == 0;
		bool upd = strncasecmp(clause, "ON UPDATE ", 10) == 0;
		enum rg_fk_action *act = del ? &on_delete : &on_update;
		bool *seen = del ? &have_delete : &have_update;
		if (!del && !upd) {
			rg_reader_error(r, loc, "%s: '%s' is neither ON DELETE action, ON UPDATE action "
					"nor DEFERRABLE [INITIALLY DEFERRED]",
					label, clause);
			ok = false;
		} else if (*seen) {
			rg_reader_error(r, loc, "%s: a second %.9s", label, clause);
			ok = false;
		} else if (rg_fk_action_parse(clause + 10, act) < 0) {
			rg_reader_error(r, loc, "%s: unknown action '%s' (CASCADE, RESTRICT, SET NULL, SET DEFAULT, NO ACTION)",
					label, trim_dup(ar, clause + 10, strlen(clause + 10)));
			ok = false;
		}
		*seen = true;
	}
	if (!ok)
		return;
	struct rg_fk *f = rg_table_add_fk(r->s, tc->t, *name ? name : NULL);
	f->named = *name != '\0';
	f->cols = cols;
	f->ncols = ncols;
	f->ref_table = ref_table;
	f->ref_cols = ref_cols;
	f->on_delete = on_delete;
	f->on_update = on_update;
	f->deferrable = deferrable;
	f->initially_deferred = deferred;
	f->loc = *loc;
}

static enum CXChildVisitResult struct_child(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	(void)parent;
	struct table_ctx *tc = data;
	struct rg_reader *r = tc->r;
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
	if (!a || !rg_reader_split_annotation(a, key, sizeof(key), &v) || strcmp(key, "table") == 0 ||
	    strcmp(key, "view") == 0 || strcmp(key, "materialized_view") == 0) {
		/* RG_TABLE (RG_VIEW) named the table (view) already */
		C->clang_disposeString(sp);
		return CXChildVisit_Continue;
	}
	struct rg_loc loc = rg_reader_loc(r, c);
	struct rg_arena *ar = r->s->arena;
	if ((strcmp(key, "index_on") == 0 || strcmp(key, "unique_on") == 0 ||
	     strcmp(key, "fulltext_on") == 0 || strcmp(key, "spatial_on") == 0 ||
	     strcmp(key, "index_where") == 0 || strcmp(key, "unique_where") == 0) && v &&
	    strchr(v, ':')) {
		add_index(tc, key, v, &loc);
	} else if (strcmp(key, "foreign_key") == 0 && v) {
		add_foreign_key(tc, v, &loc);
	} else if (strcmp(key, "primary_key_on") == 0 && v) {
		add_pk_on(tc, v, &loc);
	} else if (strcmp(key, "primary_key_name") == 0 && v && *v) {
		tc->pk_name = rg_reader_name_value(ar, v);
		tc->pk_name_loc = loc;
	} else if (strcmp(key, "check") == 0 && v && strchr(v, ':')) {
		const char *colon = strchr(v, ':');
		struct rg_check *ck = rg_table_add_check(r->s, tc->t, NULL);
		set_check_name(ck, rg_reader_name_value(ar, trim_dup(ar, v, (size_t)(colon - v))));
		ck->expr = trim_dup(ar, colon + 1, strlen(colon + 1));
		ck->loc = loc;
	} else if (strcmp(key, "comment") == 0 && v) {
		tc->t->comment = rg_arena_strdup(ar, v);
	} else if (strcmp(key, "renamed_from") == 0 && v && *v) {
		tc->t->renamed_from = rg_reader_name_value(ar, v);
	} else if (strcmp(key, "charset") == 0 && v && *v) {
		tc->t->charset = rg_reader_name_value(ar, v);
	} else if (strcmp(key, "collate") == 0 && v && *v) {
		tc->t->collation = rg_reader_name_value(ar, v);
	} else if ((strcmp(key, "engine") == 0 || strcmp(key, "row_format") == 0) && v) {
		/* written into ENGINE= and ROW_FORMAT= as it is: a word, or the
		 * statement would say something else */
		if (!*v || v[strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_")])
			rg_reader_error(r, &loc, "%s(%s): the value must be a word such as %s",
					*key == 'e' ? "RG_ENGINE" : "RG_ROW_FORMAT", v,
					*key == 'e' ? "InnoDB" : "DYNAMIC");
		else if (*key == 'e')
			tc->t->engine = rg_arena_strdup(ar, v);
		else
			tc->t->row_format = rg_arena_strdup(ar, v);
	} else if (strcmp(key, "unlogged") == 0 && !v) {
		tc->t->unlogged = true;
	} else if (strcmp(key, "without_rowid") == 0 && !v) {
		tc->t->without_rowid = true;
	} else if (strcmp(key, "strict") == 0 && !v) {
		tc->t->strict = true;
	} else if (strcmp(key, "schema") == 0 && v && *v) {
		/* read with the name (find_table_name) */
	} else {
		rg_reader_error(r, &loc, "\"%s\" is not a table annotation", a);
	}
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* What makes a struct a model: RG_TABLE's name, or RG_VIEW's (or
 * RG_MATERIALIZED_VIEW's) name and query. */
struct model_head {
	char *name, *query; /* malloc'd; name NULL: no such annotation */
	char *schema;       /* RG_SCHEMA's, malloc'd; NULL: none */
	bool materialized;
};

static enum CXChildVisitResult find_table_name(CXCursor c, CXCursor parent,
					       CXClientData data)
{
	(void)parent;
	struct model_head *h = data;
	if (C->clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		CXString sp = C->clang_getCursorSpelling(c);
		const char *a = C->clang_getCString(sp);
		char key[32];
		const char *v;
		if (a && strncmp(a, "revgen:schema:", 14) == 0 && a[14] && !h->schema)
			h->schema = rg_xstrdup(a + 14);
		if (a && rg_reader_split_annotation(a, key, sizeof(key), &v) && v && *v && !h->name) {
			bool table = strcmp(key, "table") == 0;
			bool view = strcmp(key, "view") == 0;
			bool mat = strcmp(key, "materialized_view") == 0;
			/* a view's value: its name, U+001F, the query */
			size_t n = table ? strlen(v) : strcspn(v, "\x1f");
			if (table || ((view || mat) && v[n])) {
				struct rg_arena *tmp = rg_arena_new();
				h->name = rg_xstrdup(rg_reader_name_value(tmp, rg_arena_strndup(tmp, v, n)));
				rg_arena_free(tmp);
				if (!table)
					h->query = rg_xstrdup(v + n + 1);
				h->materialized = mat;
			}
		}
		C->clang_disposeString(sp);
	}
	return CXChildVisit_Continue;
}

/* Adds a struct's place to the set; false if it was there already. */
static bool seen_insert(struct rg_reader *r, unsigned long long dev, unsigned long long ino,
			unsigned off)
{
	size_t mask = r->capseen - 1;
	size_t h = (size_t)((ino * 0x9e3779b97f4a7c15ull) ^ (dev << 7) ^ off) & mask;
	for (;; h = (h + 1) & mask) {
		struct seen *e = &r->seen[h];
		if (!e->used) {
			*e = (struct seen){dev, ino, off, true};
			r->nseen++;
			return true;
		}
		if (e->dev == dev && e->ino == ino && e->offset == off)
			return false;
	}
}

static bool already_seen(struct rg_reader *r, CXCursor c)
{
	CXFile file;
	unsigned off;
	C->clang_getSpellingLocation(C->clang_getCursorLocation(c), &file, NULL, NULL, &off);
	CXFileUniqueID id;
	if (!file || C->clang_getFileUniqueID(file, &id) != 0)
		return false;
	if (2 * (r->nseen + 1) > r->capseen) {
		struct seen *old = r->seen;
		size_t oldcap = r->capseen;
		r->capseen = oldcap ? 2 * oldcap : 256;
		r->seen = rg_xcalloc(r->capseen, sizeof(*r->seen));
		r->nseen = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].used)
				seen_insert(r, old[i].dev, old[i].ino, old[i].offset);
		free(old);
	}
	return !seen_insert(r, id.data[0], id.data[1], off);
}

static enum CXChildVisitResult top_level(CXCursor c, CXCursor parent,
					 CXClientData data)
{
	(void)parent;
	struct rg_reader *r = data;
	enum CXCursorKind k = C->clang_getCursorKind(c);
	/* the preprocessor's record, there when the cache is wanted, is
	 * deps.c's to read */
	if ((k >= CXCursor_FirstPreprocessing && k <= CXCursor_LastPreprocessing) ||
	    C->clang_Location_isInSystemHeader(C->clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (k == CXCursor_TypedefDecl) {
		const char *text = rg_reader_domain_text(r, c);
		if (text) {
			if (!already_seen(r, c))
				rg_reader_add_domain(r, c, text);
			return CXChildVisit_Continue;
		}
		return CXChildVisit_Recurse; /* typedef struct RG_TABLE(x) {...} x_t; */
	}
	if (k == CXCursor_VarDecl) {
		if (!already_seen(r, c))
			rg_reader_variable(r, c);
		return CXChildVisit_Continue;
	}
	if (k != CXCursor_StructDecl || !C->clang_isCursorDefinition(c))
		return CXChildVisit_Continue;
	struct model_head h = {NULL, NULL, NULL, false};
	C->clang_visitChildren(c, find_table_name, &h);
	if (!h.name || already_seen(r, c)) {
		free(h.name);
		free(h.query);
		free(h.schema);
		return CXChildVisit_Continue;
	}
	/* a view is a table with a query until rg_reader_check moves it to
	 * the views: so the model cache keeps it as it keeps a table */
	struct rg_loc loc = rg_reader_loc(r, c);
	struct table_ctx tc = {.r = r, .cursor = c,
			       .t = rg_schema_add_table(r->s, rg_reader_qualify(r, &loc, h.schema,
										h.name))};
	if (h.query) {
		tc.t->view_query = rg_arena_strdup(r->s->arena, h.query);
		tc.t->materialized = h.materialized;
	}
	free(h.name);
	free(h.query);
	free(h.schema);
	tc.t->loc = loc;
	/* the file the table is declared in (loc_of's) */
	if (r->deps)
		rg_deps_add_decl(r->deps, r->last_file, RG_CACHE_TABLE, tc.t);
	C->clang_visitChildren(c, struct_child, &tc);
	finish_pk(&tc);
	return CXChildVisit_Continue;
}

/* ---- checks across the whole schema ---- */

/* The column of t the database takes name for, or NULL. */
static const struct rg_column *find_column(enum rg_name_rule rule, const struct rg_table *t,
					   const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (rg_name_same(rule, t->columns[i]->name, name))
			return t->columns[i];
	return NULL;
}

/* The table of s (sorted by name) the database takes name for, or NULL:
 * the exact name by binary search, else one under another case. */
static const struct rg_table *find_table(enum rg_name_rule rule, const struct rg_schema *s,
					 const char *name)
{
	size_t lo = 0, hi = s->ntables;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(s->tables[mid]->name, name);
		if (cmp == 0)
			return s->tables[mid];
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; rule != RG_NAMES_EXACT && i < s->ntables; i++)
		if (rg_name_same(rule, s->tables[i]->name, name))
			return s->tables[i];
	return NULL;
}

void rg_reader_check(struct rg_reader *r, const struct rg_compare *d)
{
	enum rg_name_rule tables = d ? d->table_names : RG_NAMES_EXACT;
	enum rg_name_rule columns = d ? d->column_names : RG_NAMES_EXACT;
	struct rg_schema *s = r->s;
	/* the views to their own list, so that nothing after takes one for a
	 * table (a table keeps its place in the cache until here) */
	size_t nt = 0;
	for (size_t i = 0; i < s->ntables; i++)
		if (s->tables[i]->view_query)
			rg_arena_push(s->arena, (void ***)&s->views, &s->nviews, &s->cap_views,
				      s->tables[i]);
		else
			s->tables[nt++] = s->tables[i];
	s->ntables = nt;
	rg_schema_sort(s);
	for (size_t i = 0; i < s->nviews; i++) {
		struct rg_table *v = s->views[i];
		const struct rg_table *same = find_table(tables, s, v->name);
		if (i > 0 && rg_name_same(tables, s->views[i - 1]->name, v->name))
			same = s->views[i - 1];
		if (same)
			rg_reader_error(r, &v->loc, "view '%s': a %s of that name is at %s:%u", v->name,
				  same->view_query ? "second view" : "table",
				  same->loc.file ? same->loc.file : "?", same->loc.line);
		if (v->ncolumns == 0)
			rg_reader_error(r, &v->loc, "view '%s' has no columns: its struct's fields "
				  "are the view's columns", v->name);
		if (!*v->view_query)
			rg_reader_error(r, &v->loc, "view '%s' has an empty query", v->name);
		/* a view has no keys of its own: the attributes of a table's */
		if (v->pk || v->nuniques || v->nindexes || v->nfks || v->nchecks)
			rg_reader_error(r, &v->loc, "view '%s' has a key, index or check: a view "
				  "has none (declare them on the tables it reads)", v->name);
		for (size_t k = 0; k < v->ncolumns; k++)
			for (size_t j = 0; j < k; j++)
				if (rg_name_same(columns, v->columns[j]->name, v->columns[k]->name))
					rg_reader_error(r, &v->columns[k]->loc,
						  "view '%s' has two columns named '%s'", v->name,
						  v->columns[k]->name);
	}
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		if (i > 0 && strcmp(s->tables[i - 1]->name, t->name) == 0)
			rg_reader_error(r, &t->loc, "a second table named '%s' (the first is at %s:%u)",
				  t->name, s->tables[i - 1]->loc.file ? s->tables[i - 1]->loc.file : "?",
				  s->tables[i - 1]->loc.line);
		if (t->ncolumns == 0)
			rg_reader_error(r, &t->loc, "table '%s' has no columns", t->name);
		/* every pair: one comparison under the database's rule, and
		 * the exact one only to word the error */
		for (size_t k = 0; k < t->ncolumns; k++)
			for (size_t j = 0; j < k; j++) {
				const char *a = t->columns[j]->name, *b = t->columns[k]->name;
				/* the first letters, folded, tell most pairs apart */
				if (((*a ^ *b) & ~0x20) != 0 || rg_name_cmp(columns, a, b) != 0)
					continue;
				if (strcmp(a, b) == 0)
					rg_reader_error(r, &t->columns[k]->loc,
						  "table '%s' has two columns named '%s'", t->name, b);
				else
					rg_reader_error(r, &t->columns[k]->loc,
						  "table '%s' has two columns named '%s' and '%s', one name to the database",
						  t->name, a, b);
			}
		for (size_t k = 0; k < t->nindexes; k++)
			for (size_t j = 0; j < t->indexes[k]->ncols; j++) {
				/* an expression's columns are the database's to check */
				struct rg_key_part kp;
				rg_key_part(t->indexes[k]->cols[j], &kp);
				char *col = rg_arena_strndup(s->arena, kp.text, kp.len);
				if (!kp.expr && !find_column(columns, t, col))
					rg_reader_error(r, &t->indexes[k]->loc,
						  "index %s names column '%s', which table '%s' does not have",
						  t->indexes[k]->name, col, t->name);
			}
		for (size_t k = 0; k < t->nindexes; k++)
			for (size_t j = 0; j < t->indexes[k]->ninclude; j++)
				if (!find_column(columns, t, t->indexes[k]->include[j]))
					rg_reader_error(r, &t->indexes[k]->loc,
						  "index %s includes column '%s', which table '%s' does not have",
						  t->indexes[k]->name, t->indexes[k]->include[j], t->name);
		for (size_t k = 0; k < t->nuniques; k++)
			for (size_t j = 0; j < t->uniques[k]->ncols; j++)
				if (!find_column(columns, t, t->uniques[k]->cols[j]))
					rg_reader_error(r, &t->uniques[k]->loc,
						  "unique constraint %s names column '%s', which table '%s' does not have",
						  t->uniques[k]->name, t->uniques[k]->cols[j], t->name);
	}
	/* a sequence is a relation too (PostgreSQL, MariaDB): its name is
	 * no other sequence's nor a table's */
	for (size_t i = 0; i < s->nsequences; i++) {
		const struct rg_sequence *q = s->sequences[i];
		const struct rg_table *t = find_table(tables, s, q->name);
		if (i > 0 && strcmp(s->sequences[i - 1]->name, q->name) == 0)
			rg_reader_error(r, &q->loc, "a second sequence named '%s' (the first is at %s:%u)",
					q->name, s->sequences[i - 1]->loc.file ? s->sequences[i - 1]->loc.file : "?",
					s->sequences[i - 1]->loc.line);
		else if (t)
			rg_reader_error(r, &q->loc, "sequence '%s' has the name of a table (at %s:%u)",
					q->name, t->loc.file ? t->loc.file : "?", t->loc.line);
	}
	for (size_t i = 1; i < s->ndomains; i++)
		if (strcmp(s->domains[i - 1]->name, s->domains[i]->name) == 0)
			rg_reader_error(r, &s->domains[i]->loc, "a second domain named '%s' (the first is at %s:%u)",
					s->domains[i]->name,
					s->domains[i - 1]->loc.file ? s->domains[i - 1]->loc.file : "?",
					s->domains[i - 1]->loc.line);
	/* references, with the tables sorted */
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		for (size_t k = 0; k < t->nfks; k++) {
			struct rg_fk *f = t->fks[k];
			const struct rg_table *ref = find_table(tables, s, f->ref_table);
			size_t missing = 0;
			while (ref && missing < f->ncols && find_column(columns, ref, f->ref_cols[missing]))
				missing++;
			if (!ref || missing < f->ncols) {
				/* what the key references, as written */
				struct rg_buf what = RG_BUF_INIT;
				for (size_t j = 0; j < f->ncols; j++)
					rg_buf_addf(&what, "%s%s", j ? ", " : "", f->ref_cols[j]);
				if (!ref)
					rg_reader_error(r, &f->loc, "references %s(%s): no table '%s' in the models",
						  f->ref_table, rg_buf_str(&what), f->ref_table);
				for (size_t j = missing; ref && j < f->ncols; j++)
					if (!find_column(columns, ref, f->ref_cols[j]))
						rg_reader_error(r, &f->loc, "references %s(%s): table '%s' has no column '%s'",
							  f->ref_table, rg_buf_str(&what), f->ref_table, f->ref_cols[j]);
				rg_buf_free(&what);
			}
			/* RG_REFERENCES is on its column; RG_FOREIGN_KEY names them */
			for (size_t j = 0; j < f->ncols; j++)
				if (!find_column(columns, t, f->cols[j]))
					rg_reader_error(r, &f->loc, "foreign key %s%snames column '%s', which table '%s' does not have",
						  f->named ? f->name : "", f->named ? " " : "", f->cols[j], t->name);
		}
	}
}

void rg_reader_visit(struct rg_reader *r, CXTranslationUnit tu)
{
	C->clang_visitChildren(C->clang_getTranslationUnitCursor(tu), top_level, r);
	r->last_file = r->field_file = NULL;
}

void rg_reader_free(struct rg_reader *r)
{
	rg_buf_free(&r->errors);
	free(r->seen);
	memset(r, 0, sizeof(*r));
}
