/*
 * deps.h - what the declarations of each file the model loader read
 * depend on, for the model cache (cache.h says what is kept and why).
 *
 * A graph of files, named by real path: those the cache recorded, and
 * those this load's parses read ("fresh").  Every edge of a fresh file
 * comes from here, from two sources only:
 *  - rg_deps_record_tu, after each parse: libclang's record of the
 *    preprocessor (every #include, also those an include guard made a
 *    no-op, with the folders it looked in first; every macro expansion, to
 *    the file defining the macro) and its list of the files read (their
 *    hashes; one that tests a macro depends on the list of model headers);
 *  - rg_deps_typedef, the one way the reader (reader.c) looks a typedef's
 *    declaration up: the edge to the file defining it is recorded there.
 *    reader.c poisons libclang's own look-up functions, so a new reference
 *    the reader follows cannot miss its edge without failing to compile.
 */
#ifndef RG_DEPS_H
#define RG_DEPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <clang-c/Index.h>

#include "diff/schema.h"
#include "introspect/cache.h"

/* the in-memory file through which the loader parses a batch of headers:
 * its includes are the list of files, not a file's */
#define RG_DEPS_UMBRELLA "/revgen-models.h"

/* no node: a model header without a real path */
#define RG_DEPS_NONE UINT32_MAX

struct rg_deps;

/*
 * A graph whose paths live in arena (the schema's, as the cache's tables
 * do); search: the folders an #include searches after the includer's
 * own, made absolute, in clang's order (kept by the caller).
 */
struct rg_deps *rg_deps_new(struct rg_arena *arena, const char *const *search, size_t nsearch);
void rg_deps_free(struct rg_deps *d); /* accepts NULL */

/* Adds what a cache load gave; true when a file it recorded tests a
 * macro (the load then parses every header or none). */
bool rg_deps_add_cached(struct rg_deps *d, const struct rg_cache_file *files, size_t n);

/* The model headers, in order: node[i] gets files[i]'s node (or
 * RG_DEPS_NONE), and the list is what a file that tests a macro depends
 * on. */
void rg_deps_set_headers(struct rg_deps *d, const char *const *files, size_t n, uint32_t *node);

/* Whether every file a cached node reaches still holds what the cache
 * recorded (false for a node the cache did not have). */
bool rg_deps_unchanged(struct rg_deps *d, uint32_t node);

/* Records what tu read (see above); call it once a translation unit,
 * before tu is disposed of. */
void rg_deps_record_tu(struct rg_deps *d, CXTranslationUnit tu);

/* The declaration of typedef (or enum) t, named in file user: a use of
 * the file defining it.  d may be NULL (no cache). */
CXCursor rg_deps_typedef(struct rg_deps *d, CXFile user, CXType t);

/* Object obj, of kind (a table, a sequence, a domain), was declared in
 * file (NULL: no file, and no cache this load). */
void rg_deps_add_decl(struct rg_deps *d, CXFile file, enum rg_cache_kind kind, void *obj);

/* Whether a file this load parsed tests a macro. */
bool rg_deps_order_dependent(const struct rg_deps *d);

/* Whether this load's parses read the file of node. */
bool rg_deps_fresh(const struct rg_deps *d, uint32_t node);

/* Adds to s what the cache has declared in the files the roots reach
 * and this load did not parse. */
void rg_deps_take_cached(struct rg_deps *d, const uint32_t *roots, size_t n, struct rg_schema *s);

/* Writes the files the roots reach as the cache at path, unless a
 * declaration had no file or a root reaches a file named but not read. */
void rg_deps_store(struct rg_deps *d, const char *path, const struct rg_cache_key *key,
		   const uint32_t *roots, size_t n);

#endif
