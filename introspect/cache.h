/*
 * cache.h - the model cache: what the loader made of the headers the last
 * few times, kept beside the config (`model_cache`, default
 * .revgen-cache/models), and used again while none of the files it was
 * made from has changed.
 *
 * libclang's parse is most of a model load (bench/RESULTS.md),
 * and most loads see headers that have not changed since the last one:
 * `revgen check` in a hook or in CI, autogenerate run again after fixing
 * the database.  Python caches Alembic's models the same way (.pyc).
 *
 * What is kept, per file read (model headers, headers they include, system
 * headers): its path, the hash of its contents as libclang read them, the
 * files it includes and what is declared in it (tables, views until the
 * loader moves them, sequences, domains; enums are made from columns
 * after), all under a key (the hash of revgen's own executable, the
 * libclang soname, the parse arguments and the environment that changes
 * include lookup).  What a model header declares is taken from the cache
 * when the key matches and every
 * file it reaches through its includes still has its recorded content;
 * the loader parses only the headers for which that fails, so editing one
 * header of many re-parses that one.  The hashes are XXH3-128 (libxxhash).
 *
 * A file depends on what it includes and also on the files that define
 * the macros it expands and the typedefs its fields name, so that a model
 * header that compiles only because one parsed before it included what it
 * needs is still invalidated by a change there (deps.h says where each
 * edge comes from).
 * A file that tests a macro (deps.c's tests_macros) depends on every
 * header parsed before it, which nothing names: it makes the loader
 * parse all or nothing.  A file depends too on the absence of each file
 * an #include looked for before the one it found (deps.c's
 * add_shadows), recorded with a hash of zeros.  Not seen: a new file in
 * the compiler's own folders or an -isystem/-iquote one, which would now
 * shadow an included one; `model_cache = off` turns the cache off, and
 * deleting the file is always safe.
 *
 * The last RG_CACHE_SLOTS states are kept, newest first, each a cache
 * file of its own: the path, then path.1, path.2 ...  Switching git
 * branches back and forth, or `git stash` and back, gives headers one of
 * those states held, and each switch would otherwise be a full parse.
 * The loader uses the state that answers for the most model headers (the
 * newest of those that answer for all, when one does: it looks no
 * further) and moves it to the front; a load that parsed something
 * stores its state in front and the oldest goes.  Separate files rather
 * than one holding every state: a load reads and checks the hash of only
 * the states it tries, usually the first, and a store writes one state
 * and renames the others, never copying them.  Only one state is used by
 * a load, never a mix: each was made by one load, so what it says of
 * order-dependent headers (deps.c's tests_macros) holds together.
 *
 * A cache file that is missing, truncated, of another format or made by
 * another build is a miss, never an error; a cache that cannot be written
 * is skipped silently.  Writes go to a temporary file renamed into place,
 * and states move between slots by renames, so a reader never sees half
 * a file; concurrent revgen processes can at worst drop a state (a miss).
 */
#ifndef RG_CACHE_H
#define RG_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "diff/schema.h"

struct rg_cache_key {
	uint8_t bytes[16];
};

/*
 * What a file can declare, each kind kept as its field table
 * (diff/schema.h, rg_cache_descs) describes it, in this order.
 */
enum rg_cache_kind {
	RG_CACHE_TABLE,    /* struct rg_table: a table, or a view */
	RG_CACHE_SEQUENCE, /* struct rg_sequence */
	RG_CACHE_DOMAIN,   /* struct rg_domain */
	RG_CACHE_KINDS
};

extern const struct rg_struct_desc *const rg_cache_descs[RG_CACHE_KINDS];

/* The objects of one kind a file declares, in declaration order. */
struct rg_cache_decls {
	void *const *items;
	size_t n;
};

/*
 * A file the parses read: its real path, the hash of what it held, the
 * files its #include directives name (every directive, also those an
 * include guard made a no-op: the second includer of a header depends on
 * it as much as the first), and what is declared in it.
 */
struct rg_cache_file {
	const char *path;
	uint8_t hash[16];
	const uint32_t *includes; /* indexes into the same array */
	size_t nincludes;
	struct rg_cache_decls decls[RG_CACHE_KINDS];
	/* as read from the cache (its declarations block, in the cache's
	 * bytes), or NULL: a store writes these bytes back instead */
	const void *block;
	size_t block_len;
};

/* Hash of a buffer, as the cache records it. */
void rg_cache_hash(const void *data, size_t len, uint8_t out[16]);

/*
 * The key of a load: hashes every string of parts (NULL entries
 * included, as such) after revgen's executable.  Returns -1 when the
 * executable cannot be read (no cache then).
 */
int rg_cache_key(struct rg_cache_key *key, const char *const *parts, size_t nparts);

/* The states kept (cache.h's opening comment). */
#define RG_CACHE_SLOTS 4

/* The file of state slot of the cache at path (0: the newest, path
 * itself), in b (reset first). */
void rg_cache_slot_path(struct rg_buf *b, const char *path, unsigned slot);

/*
 * The files recorded for key in the cache file path (one state),
 * allocated in s's arena (what they declare
 * is not added to s): *files and their count, or -1 for a miss, whatever
 * the reason.  Nothing here says whether a file still holds what it did;
 * the loader checks the ones it uses.
 */
long rg_cache_load(const char *path, const struct rg_cache_key *key, struct rg_schema *s,
		   struct rg_cache_file **files);

/* Records files as what key gives, as the newest state of the cache at
 * path (the oldest goes); failures are ignored. */
void rg_cache_store(const char *path, const struct rg_cache_key *key,
		    const struct rg_cache_file *files, size_t nfiles);

/* Makes state slot of the cache at path the newest (the newer ones move
 * one older); failures are ignored. */
void rg_cache_promote(const char *path, unsigned slot);

#endif
