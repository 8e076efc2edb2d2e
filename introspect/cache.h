/*
 * cache.h - the model cache: what the loader made of the headers last
 * time, kept beside the config (`model_cache`, default
 * .revgen-cache/models), and used again while none of the files it was
 * made from has changed.
 *
 * libclang's parse is most of a model load (about 0.3 s for 3000 tables),
 * and most loads see headers that have not changed since the last one:
 * `revgen check` in a hook or in CI, autogenerate run again after fixing
 * the database.  Python caches Alembic's models the same way (.pyc).
 *
 * Validity: a key (the hash of revgen's own executable, the libclang
 * soname, the parse arguments, the model file list and the environment
 * that changes include lookup) and, for every file the parse read (model
 * headers, headers they include, system headers), its path and the hash
 * of its contents as libclang read them.  A load is served from the cache
 * only when the key matches and every one of those files still has that
 * content.  The hashes are XXH3-128 (libxxhash).  A new file that would
 * now shadow an included one on the include path is not noticed (ccache's
 * direct mode has the same blind spot); `model_cache = off` turns the cache
 * off, and deleting the file is always safe.
 *
 * A cache file that is missing, truncated, of another format or made by
 * another build is a miss, never an error; a cache that cannot be written
 * is skipped silently.  Writes go to a temporary file renamed over the old
 * one, so a reader never sees half a file.
 */
#ifndef RG_CACHE_H
#define RG_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "diff/schema.h"

struct rg_cache_key {
	uint8_t bytes[16];
};

/* A file the parse read, and the hash of what it held. */
struct rg_cache_dep {
	const char *path;
	uint8_t hash[16];
};

/* Hash of a buffer, as the cache records it. */
void rg_cache_hash(const void *data, size_t len, uint8_t out[16]);

/*
 * The key of a load: hashes every string of parts (NULL entries
 * included, as such) after revgen's executable.  Returns -1 when the
 * executable cannot be read (no cache then).
 */
int rg_cache_key(struct rg_cache_key *key, const char *const *parts, size_t nparts);

/* The cached schema for key, or NULL (a miss, for whatever reason). */
struct rg_schema *rg_cache_load(const char *path, const struct rg_cache_key *key);

/* Records s as what key and deps give; failures are ignored. */
void rg_cache_store(const char *path, const struct rg_cache_key *key,
		    const struct rg_cache_dep *deps, size_t ndeps,
		    const struct rg_schema *s);

#endif
