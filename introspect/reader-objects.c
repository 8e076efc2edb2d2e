/*
 * reader-objects.c - what a model declares outside its RG_TABLE structs
 * (reader.h): a standalone sequence (RG_SEQUENCE on a file-scope
 * variable) and a PostgreSQL domain (RG_DOMAIN on a typedef, whose
 * fields are columns of it), each into the schema with its file:line.
 */
#include "introspect/reader.h"
#include "introspect/libclang.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libclang's functions, valid once rg_libclang_open succeeded */
#define C (&rg_libclang_api)

/* as in reader.c: a declaration is looked up through rg_deps_typedef only */
#pragma GCC poison clang_getTypeDeclaration clang_getCursorReferenced clang_getCursorDefinition

/* ---- standalone sequences ---- */

/* A number of RG_SEQUENCE's text, at *p: its decimal text in the arena,
 * or NULL (not a whole number that fits in 64 bits). */
static const char *seq_number(struct rg_arena *ar, const char **p)
{
	while (**p == ' ')
		(*p)++;
	char *end;
	errno = 0;
	long long v = strtoll(*p, &end, 10);
	if (end == *p || errno || (*end && *end != ' '))
		return NULL;
	*p = end;
	return rg_arena_printf(ar, "%lld", v);
}

/* Is the word at *p (any case) w, then a space or the end?  Then past it. */
static bool seq_word(const char **p, const char *w)
{
	while (**p == ' ')
		(*p)++;
	size_t n = strlen(w);
	if (strncasecmp(*p, w, n) != 0 || ((*p)[n] && (*p)[n] != ' '))
		return false;
	*p += n;
	return true;
}

/*
 * RG_SEQUENCE's options, as CREATE SEQUENCE says them: START [WITH] n,
 * INCREMENT [BY] n, MINVALUE n, NO MINVALUE, MAXVALUE n, NO MAXVALUE,
 * CACHE n, CYCLE, NO CYCLE.  False at the first it cannot read.
 */
static bool seq_options(struct rg_arena *ar, struct rg_sequence *q, const char *p)
{
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return true;
		const char **slot = NULL;
		if (seq_word(&p, "START")) {
			seq_word(&p, "WITH");
			slot = &q->start;
		} else if (seq_word(&p, "INCREMENT")) {
			seq_word(&p, "BY");
			slot = &q->increment;
		} else if (seq_word(&p, "MINVALUE")) {
			slot = &q->min;
		} else if (seq_word(&p, "MAXVALUE")) {
			slot = &q->max;
		} else if (seq_word(&p, "CACHE")) {
			slot = &q->cache;
		} else if (seq_word(&p, "CYCLE")) {
			q->cycle = true;
			continue;
		} else if (seq_word(&p, "NO")) {
			/* the default: what a sequence is without the option */
			if (seq_word(&p, "CYCLE"))
				q->cycle = false;
			else if (seq_word(&p, "MINVALUE"))
				q->min = NULL;
			else if (seq_word(&p, "MAXVALUE"))
				q->max = NULL;
			else
				return false;
			continue;
		} else {
			return false;
		}
		if (!(*slot = seq_number(ar, &p)))
			return false;
	}
}

/* The value of a declaration's annotation that starts with prefix
 * ("revgen:domain:"), in the arena; NULL when it has none. */
struct annotation_find {
	struct rg_arena *ar;
	const char *prefix;
	const char *value;
};

static enum CXChildVisitResult find_annotation(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct annotation_find *af = data;
	if (C->clang_getCursorKind(c) == CXCursor_AnnotateAttr) {
		CXString sp = C->clang_getCursorSpelling(c);
		const char *a = C->clang_getCString(sp);
		size_t n = strlen(af->prefix);
		if (a && strncmp(a, af->prefix, n) == 0)
			af->value = rg_arena_strdup(af->ar, a + n);
		C->clang_disposeString(sp);
	}
	return CXChildVisit_Continue;
}

static const char *annotation_of(struct rg_reader *r, CXCursor decl, const char *prefix)
{
	struct annotation_find af = {r->s->arena, prefix, NULL};
	C->clang_visitChildren(decl, find_annotation, &af);
	return af.value;
}

/* ---- PostgreSQL's schemas ---- */

const char *rg_reader_qualify(struct rg_reader *r, const struct rg_loc *loc,
			      const char *schema, const char *name)
{
	if (!schema)
		return rg_reader_resolve(r, loc, name);
	size_t n;
	const char *const *managed = rg_schemas(&n);
	if (!n) {
		rg_reader_error(r, loc, "RG_SCHEMA(%s) on %s: only PostgreSQL has schemas inside a "
				"database (on MySQL and MariaDB a schema is a database, one per URL)",
				schema, name);
		return name;
	}
	if (strcmp(schema, managed[0]) == 0)
		return name;
	for (size_t i = 1; i < n; i++)
		if (strcmp(schema, managed[i]) == 0) {
			if (strchr(name, '.'))
				rg_reader_error(r, loc, "%s: while several schemas are managed a name "
						"cannot hold a '.' (revgen writes schema.name)", name);
			struct rg_buf b = RG_BUF_INIT;
			rg_buf_addf(&b, "%s.%s", schema, name);
			const char *q = rg_arena_strdup(r->s->arena, rg_buf_str(&b));
			rg_buf_free(&b);
			return q;
		}
	struct rg_buf list = RG_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		rg_buf_addf(&list, "%s%s", i ? "," : "", managed[i]);
	rg_reader_error(r, loc, "%s: schema %s is not managed (the URL's schema=%s): add it "
			"there, as schema=%s,%s", name, schema, rg_buf_str(&list),
			rg_buf_str(&list), schema);
	rg_buf_free(&list);
	return name;
}

const char *rg_reader_resolve(struct rg_reader *r, const struct rg_loc *loc, const char *name)
{
	size_t n;
	rg_schemas(&n);
	const char *dot = n > 1 ? strchr(name, '.') : NULL;
	if (!dot)
		return name;
	char *schema = rg_xstrndup(name, (size_t)(dot - name));
	const char *q = rg_reader_qualify(r, loc, schema, dot + 1);
	free(schema);
	return q;
}

const char *rg_reader_schema_of(struct rg_reader *r, CXCursor decl)
{
	const char *v = annotation_of(r, decl, "revgen:schema:");
	return v && *v ? v : NULL;
}

static enum CXChildVisitResult sequence_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	struct rg_reader *r = data;
	if (C->clang_getCursorKind(c) != CXCursor_AnnotateAttr)
		return CXChildVisit_Continue;
	CXString sp = C->clang_getCursorSpelling(c);
	const char *a = C->clang_getCString(sp);
	char key[32];
	const char *v;
	if (a && rg_reader_split_annotation(a, key, sizeof(key), &v) && strcmp(key, "sequence") == 0) {
		struct rg_loc loc = rg_reader_loc(r, parent);
		CXFile file = r->last_file;
		CXString name = C->clang_getCursorSpelling(parent);
		struct rg_sequence *q = rg_schema_add_sequence(r->s, rg_reader_qualify(r, &loc,
			rg_reader_schema_of(r, parent), C->clang_getCString(name)));
		C->clang_disposeString(name);
		q->loc = loc;
		if (r->deps)
			rg_deps_add_decl(r->deps, file, RG_CACHE_SEQUENCE, q);
		/* the type's size is its typedefs' (int64_t, or the models'
		 * own): each a file the variable's file uses, for the cache */
		CXType t = C->clang_getCursorType(parent);
		for (int guard = 0; guard < 32; guard++) {
			if (t.kind == CXType_Elaborated)
				t = C->clang_Type_getNamedType(t);
			else if (t.kind == CXType_Typedef)
				t = C->clang_getTypedefDeclUnderlyingType(rg_deps_typedef(r->deps, file, t));
			else
				break;
		}
		t = C->clang_getCanonicalType(t);
		long long size = C->clang_Type_getSizeOf(t);
		bool integer = t.kind == CXType_Short || t.kind == CXType_Int ||
			       t.kind == CXType_Long || t.kind == CXType_LongLong;
		q->type = !integer ? NULL : size == 8 ? "bigint" : size == 4 ? "integer"
			: size == 2 ? "smallint" : NULL;
		if (!q->type)
			rg_reader_error(r, &loc, "RG_SEQUENCE on %s: its type must be a signed "
					"integer of 16, 32 or 64 bits (int16_t, int32_t, int64_t)",
					q->name);
		if (!seq_options(r->s->arena, q, v ? v : ""))
			rg_reader_error(r, &loc, "RG_SEQUENCE(%s) on %s: write START n, INCREMENT n, "
					"MINVALUE n, MAXVALUE n, CACHE n, CYCLE or their NO forms",
					v ? v : "", q->name);
	} else if (a && strncmp(a, "revgen:", 7) == 0 && strncmp(a, "revgen:schema:", 14) != 0) {
		struct rg_loc loc = rg_reader_loc(r, c);
		rg_reader_error(r, &loc, "\"%s\" is not an annotation of a variable", a);
	}
	C->clang_disposeString(sp);
	return CXChildVisit_Continue;
}

/* ---- domains (PostgreSQL) ---- */

/* The length of the text at p up to the first top-level stop character
 * (outside parentheses and quotes), or to the end. */
static size_t top_level_len(const char *p, const char *stops)
{
	int depth = 0;
	size_t i = 0;
	for (; p[i]; i++) {
		if (p[i] == '\'' || p[i] == '"') {
			char q = p[i];
			for (i++; p[i] && p[i] != q; i++)
				;
			if (!p[i])
				break;
		} else if (depth == 0 && strchr(stops, p[i])) {
			break;
		} else if (p[i] == '(') {
			depth++;
		} else if (p[i] == ')') {
			depth--;
		}
	}
	return i;
}

/* Is the word at p (any case) w, then no identifier character? */
static bool word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* The end of a DEFAULT's expression at p: a top-level comma, or a
 * clause's first word (NOT NULL, CHECK, CONSTRAINT) after a space. */
static size_t default_len(const char *p)
{
	size_t n = top_level_len(p, ",");
	for (size_t i = 1; i < n; i++) {
		if (p[i - 1] == ' ' && (word_at(p + i, "NOT") || word_at(p + i, "CHECK") ||
					word_at(p + i, "CONSTRAINT"))) {
			/* only at depth 0: the text before has balanced parentheses */
			int depth = 0;
			bool quoted = false;
			for (size_t k = 0; k < i; k++) {
				if (p[k] == '\'')
					quoted = !quoted;
				else if (!quoted && p[k] == '(')
					depth++;
				else if (!quoted && p[k] == ')')
					depth--;
			}
			if (depth == 0 && !quoted)
				return i;
		}
	}
	return n;
}

/*
 * RG_DOMAIN(base type, clauses): the clauses as CREATE DOMAIN writes
 * them, commas between them allowed: NOT NULL, NULL, DEFAULT expr,
 * [CONSTRAINT name] CHECK (expr).  False at the first it cannot read.
 */
static bool domain_clauses(struct rg_reader *r, struct rg_domain *dm, const char *p)
{
	struct rg_arena *ar = r->s->arena;
	size_t nnames = 0;
	const char *name = NULL;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			return !name; /* CONSTRAINT name without its CHECK */
		if (word_at(p, "NOT") && word_at(p + 3 + strspn(p + 3, " "), "NULL")) {
			p += 3 + strspn(p + 3, " ") + 4;
			dm->not_null = true;
		} else if (word_at(p, "NULL")) {
			p += 4;
			dm->not_null = false;
		} else if (word_at(p, "DEFAULT")) {
			p += 7 + strspn(p + 7, " ");
			size_t n = default_len(p);
			while (n && p[n - 1] == ' ')
				n--;
			if (!n)
				return false;
			dm->default_expr = rg_arena_strndup(ar, p, n);
			p += n;
		} else if (word_at(p, "CONSTRAINT") && p[10 + strspn(p + 10, " ")] == '"') {
			/* a quoted name, as SQL quotes it ("" inside) */
			p += 10 + strspn(p + 10, " ") + 1;
			struct rg_buf b = RG_BUF_INIT;
			for (; *p && !(*p == '"' && p[1] != '"'); p++) {
				rg_buf_addc(&b, *p);
				p += *p == '"';
			}
			bool closed = *p == '"' && b.len;
			name = closed ? rg_arena_strdup(ar, rg_buf_str(&b)) : NULL;
			rg_buf_free(&b);
			if (!closed)
				return false;
			p++;
		} else if (word_at(p, "CONSTRAINT")) {
			p += 10 + strspn(p + 10, " ");
			size_t n = strcspn(p, " (,");
			if (!n)
				return false;
			name = rg_arena_strndup(ar, p, n);
			p += n;
		} else if (word_at(p, "CHECK")) {
			p += 5 + strspn(p + 5, " ");
			if (*p != '(')
				return false;
			size_t n = top_level_len(p + 1, ")");
			if (p[1 + n] != ')')
				return false;
			const char *expr = rg_arena_strndup(ar, p + 1, n);
			p += n + 2;
			rg_names_push(r->s, &dm->checks, &dm->nchecks, expr);
			rg_names_push(r->s, &dm->check_names, &nnames, name ? name : "");
			name = NULL;
		} else {
			return false;
		}
	}
}

/* PostgreSQL's names of unnamed checks: <domain>_check, then _check1, ...,
 * each not taken by another of the domain's */
static void name_checks(struct rg_reader *r, struct rg_domain *dm)
{
	unsigned next = 0;
	for (size_t k = 0; k < dm->nchecks; k++) {
		if (*dm->check_names[k])
			continue;
		for (;; next++) {
			const char *base = rg_unqualified(dm->name);
			const char *n = next ? rg_arena_printf(r->s->arena, "%s_check%u", base, next)
					     : rg_arena_printf(r->s->arena, "%s_check", base);
			bool taken = false;
			for (size_t j = 0; j < dm->nchecks && !taken; j++)
				taken = strcmp(dm->check_names[j], n) == 0;
			if (!taken) {
				dm->check_names[k] = n;
				next++;
				break;
			}
		}
	}
}

const char *rg_reader_domain_text(struct rg_reader *r, CXCursor typedef_decl)
{
	if (C->clang_getCursorKind(typedef_decl) != CXCursor_TypedefDecl)
		return NULL;
	return annotation_of(r, typedef_decl, "revgen:domain:");
}

/* RG_NAME on the typedef names a domain whose name C cannot spell
 * (`typedef int64_t big RG_NAME("bıgınt") RG_DOMAIN(bigint);`) */
const char *rg_reader_domain_name(struct rg_reader *r, const struct rg_loc *loc,
				  CXCursor typedef_decl)
{
	const char *named = annotation_of(r, typedef_decl, "revgen:name:");
	if (named && *named)
		return rg_reader_qualify(r, loc, rg_reader_schema_of(r, typedef_decl),
					 rg_reader_name_value(r->s->arena, named));
	CXString spelling = C->clang_getCursorSpelling(typedef_decl);
	const char *name = rg_arena_strdup(r->s->arena,
		rg_reader_qualify(r, loc, rg_reader_schema_of(r, typedef_decl),
				  C->clang_getCString(spelling)));
	C->clang_disposeString(spelling);
	return name;
}

/* `typedef char *email_t RG_DOMAIN(text, CHECK (VALUE ~ '@'));` */
void rg_reader_add_domain(struct rg_reader *r, CXCursor c, const char *text)
{
	struct rg_loc loc = rg_reader_loc(r, c);
	struct rg_domain *dm = rg_schema_add_domain(r->s, rg_reader_domain_name(r, &loc, c));
	dm->loc = loc;
	if (r->deps)
		rg_deps_add_decl(r->deps, r->last_file, RG_CACHE_DOMAIN, dm);
	size_t n = top_level_len(text, ",");
	size_t end = n;
	while (end && text[end - 1] == ' ')
		end--;
	size_t start = strspn(text, " ");
	if (end <= start) {
		rg_reader_error(r, &dm->loc, "RG_DOMAIN on %s: the base type comes first, "
				"RG_DOMAIN(text, CHECK (VALUE <> ''))", dm->name);
		return;
	}
	dm->type = rg_arena_strndup(r->s->arena, text + start, end - start);
	if (!domain_clauses(r, dm, text + n))
		rg_reader_error(r, &dm->loc, "RG_DOMAIN(%s) on %s: after the base type write NOT NULL, "
				"DEFAULT expr, [CONSTRAINT name] CHECK (expr)", text, dm->name);
	name_checks(r, dm);
}

void rg_reader_variable(struct rg_reader *r, CXCursor var)
{
	C->clang_visitChildren(var, sequence_attr, r);
}
