/*
 * loader.c - the model loader (loader.h): parses the model headers with
 * libclang (REVGEN_SCAN defined, so the RG_ macros are annotate
 * attributes), in batches, and has reader.c turn every struct carrying
 * RG_TABLE into a table of the schema.  With the model cache (cache.h),
 * deps.c records what each file read depends on, and a header none of
 * whose files changed is not parsed: its tables, sequences and domains
 * come from the cache.
 */
#include "introspect/loader.h"
#include "introspect/cache.h"
#include "introspect/deps.h"
#include "introspect/libclang.h"
#include "diff/lower.h"
#include "diff/naming.h"
#include "introspect/reader.h"

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

/* headers parsed in one translation unit (parse_all says why) */
#define BATCH_BYTES (1536 * 1024)

struct loader {
	const struct rg_loader_opts *o;
	struct rg_reader r; /* r.s: the schema being made */
	struct rg_deps *deps; /* the model cache's graph; NULL: no cache */
	/* clang's arguments (inc: revgen.h's -I) */
	const char **args;
	int nargs;
	struct rg_buf inc;
	/* the -I folders, made absolute, in the order clang searches them */
	char **search;
	size_t nsearch;
	struct rg_cache_key key;
	unsigned slot; /* the cache's state used (cache.h) */
	/* each model header's node, whether it is parsed, and what is
	 * parsed, in the order given */
	uint32_t *unit;
	bool *parse;
	const char **todo;
	size_t ntodo;
	double clang_ms;
};

/* Adds dir, made absolute as clang resolves it (from the current
 * folder), to the folders deps.c's add_shadows follows. */
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

/* Reads a translation unit's tables, and what its files depend on. */
static void visit_tu(struct loader *L, CXTranslationUnit tu)
{
	rg_reader_visit(&L->r, tu);
	if (L->deps)
		rg_deps_record_tu(L->deps, tu);
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

/* The record of preprocessing is what names every #include and macro
 * expansion, and it costs parse time: kept only when the graph is wanted. */
static unsigned parse_flags(const struct loader *L)
{
	return CXTranslationUnit_KeepGoing | CXTranslationUnit_SkipFunctionBodies |
	       CXTranslationUnit_Incomplete |
	       (L->deps ? CXTranslationUnit_DetailedPreprocessingRecord : 0);
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
		rg_reader_error(&L->r, NULL, "%s: libclang could not parse the file (error %d)", loc.file, (int)ec);
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
			rg_reader_error(&L->r, NULL, "%s", C->clang_getCString(s));
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
	struct CXUnsavedFile uf = {RG_DEPS_UMBRELLA, rg_buf_str(&umbrella),
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
	/* the managed PostgreSQL schemas decide how the models' names read
	 * (diff/schema.h) */
	size_t nschemas;
	const char *const *schemas = rg_schemas(&nschemas);
	rg_grow((void **)&parts, &cap, cap + nschemas + 1, sizeof(char *));
	parts[n++] = "schemas";
	for (size_t i = 0; i < nschemas; i++)
		parts[n++] = schemas[i];
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
 * read at the same time, so one unit for a very large schema would hold
 * all of it at once.  Each batch costs one more parse of the system
 * headers.
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

/*
 * clang's arguments and the folders an #include searches.  -x c-header: a
 * header parsed as a main file would warn about #pragma once;
 * -resource-dir: libclang's own guess is relative to the current
 * directory and misses stdbool.h on some installs.
 */
static void set_args(struct loader *L)
{
	const struct rg_loader_opts *o = L->o;
	L->args = rg_xcalloc(12 + 2 * o->ninclude_dirs + o->nclang_args, sizeof(char *));
	rg_buf_addf(&L->inc, "-I%s", revgen_include_dir());
	const char **a = L->args;
	int n = 0;
	a[n++] = "-x";
	a[n++] = "c-header";
	a[n++] = "-std=c11";
	a[n++] = "-DREVGEN_SCAN";
	a[n++] = "-resource-dir";
	a[n++] = RG_CLANG_RESOURCE_DIR;
	a[n++] = L->inc.data;
	for (size_t i = 0; i < o->ninclude_dirs; i++) {
		a[n++] = "-I";
		a[n++] = o->include_dirs[i];
	}
	for (size_t i = 0; i < o->nclang_args; i++)
		a[n++] = o->clang_args[i];
	L->nargs = n;
	/* the folders an #include searches, as deps.c's add_shadows
	 * follows them */
	L->search = rg_xcalloc(1 + o->ninclude_dirs + o->nclang_args, sizeof(*L->search));
	search_add(L, revgen_include_dir());
	for (size_t i = 0; i < o->ninclude_dirs; i++)
		search_add(L, o->include_dirs[i]);
	for (size_t i = 0; i < o->nclang_args; i++)
		if (strncmp(o->clang_args[i], "-I", 2) == 0)
			search_add(L, o->clang_args[i][2] ? o->clang_args[i] + 2
				   : i + 1 < o->nclang_args ? o->clang_args[++i] : "");
}

/* A new graph, for the schema being made. */
static void new_deps(struct loader *L)
{
	L->deps = rg_deps_new(L->r.s->arena, (const char *const *)L->search, L->nsearch);
	L->r.deps = L->deps;
}

/* Marks every model header for parsing. */
static void parse_every(struct loader *L)
{
	for (size_t i = 0; i < L->o->nfiles; i++) {
		L->parse[i] = true;
		L->todo[i] = L->o->files[i];
	}
	L->ntodo = L->o->nfiles;
}

/*
 * One state of the cache (cache.h), loaded into a schema of its own with
 * its graph: a state not chosen goes with its schema and leaves nothing
 * behind in the one the load returns.
 */
struct state {
	struct rg_schema *s;
	struct rg_deps *deps;
	uint32_t *unit;   /* each model header's node in deps */
	size_t answered;  /* the model headers it can give without a parse */
};

static void state_free(struct state *st)
{
	rg_deps_free(st->deps);
	rg_schema_free(st->s);
	free(st->unit);
	memset(st, 0, sizeof(*st));
}

/*
 * Loads state slot and counts the model headers it answers for: none
 * when it is a miss, and none when it answers for some only but a file
 * it recorded tests a macro.  Headers that test macros (deps.c's
 * tests_macros) are parsed with all the others or not at all: the load
 * that made the state saw one when it has the list's node (and this one
 * may find one in what it parses: rg_load_models's parse_again).
 */
static void state_load(struct loader *L, unsigned slot, struct rg_buf *path, struct state *st)
{
	const struct rg_loader_opts *o = L->o;
	st->s = rg_schema_new();
	st->deps = rg_deps_new(st->s->arena, (const char *const *)L->search, L->nsearch);
	st->unit = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*st->unit));
	rg_cache_slot_path(path, o->cache_path, slot);
	struct rg_cache_file *cf = NULL;
	long ncf = rg_cache_load(path->data, &L->key, st->s, &cf);
	bool order_dependent = ncf > 0 && rg_deps_add_cached(st->deps, cf, (size_t)ncf);
	rg_deps_set_headers(st->deps, o->files, o->nfiles, st->unit);
	st->answered = 0;
	for (size_t i = 0; ncf > 0 && i < o->nfiles; i++)
		st->answered += rg_deps_unchanged(st->deps, st->unit[i]);
	if (order_dependent && st->answered < o->nfiles)
		st->answered = 0;
}

/*
 * Reads the cache and marks for parsing the model headers that it cannot
 * answer for: those it does not have, and those a file of which changed.
 * Of the states kept, the newest that answers for the most headers is
 * used, and only it: the others are not read once one answers for all.
 */
static void plan_from_cache(struct loader *L)
{
	const struct rg_loader_opts *o = L->o;
	struct state best = {0}, next = {0};
	struct rg_buf path = RG_BUF_INIT;
	for (unsigned slot = 0; slot < RG_CACHE_SLOTS && (!best.s || best.answered < o->nfiles); slot++) {
		state_load(L, slot, &path, &next);
		if (!best.s || next.answered > best.answered) {
			state_free(&best);
			best = next;
			L->slot = slot;
		} else {
			state_free(&next);
		}
		memset(&next, 0, sizeof(next));
	}
	rg_buf_free(&path);
	if (best.answered == 0) {
		/* every header is parsed: no state is of use, and none is
		 * kept in memory through the parse */
		state_free(&best);
		new_deps(L);
		rg_deps_set_headers(L->deps, o->files, o->nfiles, L->unit);
	} else {
		/* the schema is still empty: the chosen state's takes its
		 * place */
		rg_schema_free(L->r.s);
		L->r.s = best.s;
		L->deps = L->r.deps = best.deps;
		memcpy(L->unit, best.unit, o->nfiles * sizeof(*L->unit));
		free(best.unit);
	}
	for (size_t i = 0; i < o->nfiles; i++) {
		L->parse[i] = !rg_deps_unchanged(L->deps, L->unit[i]);
		if (L->parse[i])
			L->todo[L->ntodo++] = o->files[i];
	}
}

/*
 * After a partial parse that failed or met a header that tests a macro:
 * a header that failed here, parsed without the headers the cache
 * answered for, may be one that compiles only after another (deps.h's
 * uses); one that tests a macro may see another answer after them.
 * Forgets the cache and parses them all, as a load without the cache
 * would, so that the answer never depends on what was cached.  A header
 * broken in itself costs one full parse.
 */
static void parse_again(struct loader *L, CXIndex index)
{
	rg_deps_free(L->deps);
	rg_schema_free(L->r.s);
	rg_reader_free(&L->r);
	L->r.s = rg_schema_new();
	new_deps(L);
	rg_deps_set_headers(L->deps, L->o->files, L->o->nfiles, L->unit);
	parse_every(L);
	parse_all(L, index, L->todo, L->ntodo, L->args, L->nargs);
}

/* What the cache has for the headers not parsed, and a new cache
 * when something was: every file the headers reach, and nothing else (an
 * old header's files go). */
static void use_cache(struct loader *L, bool store)
{
	const struct rg_loader_opts *o = L->o;
	uint32_t *roots = rg_xcalloc(o->nfiles ? o->nfiles : 1, sizeof(*roots));
	size_t n = 0;
	for (size_t i = 0; i < o->nfiles; i++)
		if (!L->parse[i])
			roots[n++] = L->unit[i];
	rg_deps_take_cached(L->deps, roots, n, L->r.s);
	rg_reader_check(&L->r, o->compare);
	if (store && L->r.nerrors == 0) {
		/* (a header parsed whose node is not fresh was named
		 * otherwise by libclang: it will be parsed again next time) */
		n = 0;
		for (size_t i = 0; i < o->nfiles; i++)
			if (L->unit[i] != RG_DEPS_NONE &&
			    (!L->parse[i] || rg_deps_fresh(L->deps, L->unit[i])))
				roots[n++] = L->unit[i];
		rg_deps_store(L->deps, o->cache_path, &L->key, roots, n);
	} else if (!store && L->r.nerrors == 0) {
		/* an older state answered for everything: the newest now, as a
		 * switch back to the branch it was made on makes it */
		rg_cache_promote(o->cache_path, L->slot);
	}
	free(roots);
}

int rg_load_models(struct rg_schema **out, const struct rg_loader_opts *o,
		   struct rg_loader_stats *stats, struct rg_error *err)
{
	double t0 = rg_now_ms();
	if (stats)
		stats->cached = false;
	struct loader L;
	memset(&L, 0, sizeof(L));
	L.o = o;
	L.r.s = rg_schema_new();
	size_t nf = o->nfiles ? o->nfiles : 1;
	L.unit = rg_xcalloc(nf, sizeof(*L.unit));
	L.parse = rg_xcalloc(nf, sizeof(*L.parse));
	L.todo = rg_xcalloc(nf, sizeof(*L.todo));
	set_args(&L);

	CXIndex index = NULL;
	int rc = -1;
	if (o->cache_path && cache_key(&L.key, L.args, L.nargs) == 0)
		plan_from_cache(&L);
	else
		parse_every(&L);
	if (L.ntodo == 0) {
		if (stats)
			stats->cached = true;
	} else if (rg_libclang_open(err) < 0) {
		rc = -2;
		goto out;
	} else if (!(index = C->clang_createIndex(0, 0))) {
		rg_error_set(err, "libclang: cannot create an index");
		goto out;
	}
	parse_all(&L, index, L.todo, L.ntodo, L.args, L.nargs);
	if (L.deps && (L.r.nerrors || rg_deps_order_dependent(L.deps)) && L.ntodo < o->nfiles)
		parse_again(&L, index);
	if (index)
		C->clang_disposeIndex(index);
	if (stats)
		stats->parsed = L.ntodo;
	if (L.r.nerrors == 0 && L.deps)
		use_cache(&L, L.ntodo > 0);
	else if (L.r.nerrors == 0)
		rg_reader_check(&L.r, o->compare);
	if (L.r.nerrors) {
		if (L.r.nerrors > L.r.shown)
			rg_buf_addf(&L.r.errors, "\n... and %zu more", L.r.nerrors - L.r.shown);
		rg_error_set(err, "%s", rg_buf_str(&L.r.errors));
		goto out;
	}
	/* after the cache, which keeps what the headers say: a new
	 * convention must not need a new parse */
	if ((o->compare && rg_compare_lower_models(o->compare, L.r.s, err) < 0) ||
	    rg_schema_apply_naming(L.r.s, o->naming, o->compare, err) < 0)
		goto out;
	*out = L.r.s;
	L.r.s = NULL;
	rc = 0;
out:
	if (stats) {
		stats->clang_ms = L.clang_ms;
		stats->total_ms = rg_now_ms() - t0;
	}
	free(L.unit);
	free(L.parse);
	free(L.todo);
	rg_deps_free(L.deps);
	rg_schema_free(L.r.s);
	rg_reader_free(&L.r);
	rg_buf_free(&L.inc);
	for (size_t i = 0; i < L.nsearch; i++)
		free(L.search[i]);
	free(L.search);
	free(L.args);
	return rc;
}
