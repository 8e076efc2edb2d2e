/*
 * cache.c - the model cache files (cache.h says what is kept and when it
 * is used, and why several states).
 *
 * A file, one state: "RGMODEL6", the key (16 bytes), the body's length (u64) and
 * its XXH3-128 hash (16 bytes), then the body: the files (path, hash, the
 * indexes of the files they include), and then each file's declarations
 * block: the names of the files its locations point into, then for each
 * kind of enum rg_cache_kind in order a count and the objects (tables,
 * sequences, domains).  A block stands alone, so that what a file not
 * parsed again declares is written back as the bytes that were read
 * (re-encoding every table to change a few was a large part of a load).
 * An object is its members in the order of its field table (diff/schema.h),
 * each by its kind: a string, a bool (one byte), an enum (u32), a location
 * (file index, line, column), names (count, strings; no count when shared
 * with an earlier entry), an optional object (u32 0 or 1, the object), an
 * array of objects (count, objects).
 * Integers are little-endian u32 (this cache never leaves the machine that
 * wrote it, but a fixed layout costs nothing).  A string is its length + 1
 * (0 for NULL), its bytes and a NUL, so that a loaded schema points into
 * the file's bytes (kept in the schema's arena) instead of copying them.
 */
#include "introspect/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <xxhash.h>

static const char magic[8] = {'R', 'G', 'M', 'O', 'D', 'E', 'L', '6'};

const struct rg_struct_desc *const rg_cache_descs[RG_CACHE_KINDS] = {
	[RG_CACHE_TABLE] = &rg_table_desc,
	[RG_CACHE_SEQUENCE] = &rg_sequence_desc,
	[RG_CACHE_DOMAIN] = &rg_domain_desc,
};
#define HEADER_LEN (8 + 16 + 8 + 16)

void rg_cache_hash(const void *data, size_t len, uint8_t out[16])
{
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	memcpy(out, c.digest, 16);
}

int rg_cache_key(struct rg_cache_key *key, const char *const *parts, size_t nparts)
{
	size_t len = 0;
	struct rg_error err;
	/* any rebuild of revgen (a loader that reads annotations differently)
	 * makes another key */
	char *exe = rg_read_file("/proc/self/exe", &len, &err);
	if (!exe)
		return -1;
	XXH3_state_t *st = XXH3_createState();
	if (!st) {
		free(exe);
		return -1;
	}
	XXH3_128bits_reset(st);
	XXH3_128bits_update(st, magic, sizeof(magic));
	XXH3_128bits_update(st, exe, len);
	free(exe);
	for (size_t i = 0; i < nparts; i++) {
		/* each part with its length (or a marker for NULL), so that
		 * ("ab", "c") and ("a", "bc") differ */
		uint64_t n = parts[i] ? strlen(parts[i]) : UINT64_MAX;
		XXH3_128bits_update(st, &n, sizeof(n));
		if (parts[i])
			XXH3_128bits_update(st, parts[i], (size_t)n);
	}
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	XXH3_freeState(st);
	memcpy(key->bytes, c.digest, 16);
	return 0;
}

/* ---- writing ---- */

struct writer {
	struct rg_buf b;
	/* the distinct file names of locations, in the order first seen */
	const char **files;
	size_t nfiles, capfiles;
};

static void put_u32(struct writer *w, uint32_t v)
{
	unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
	rg_buf_addn(&w->b, (const char *)b, 4);
}

static void put_str(struct writer *w, const char *s)
{
	if (!s) {
		put_u32(w, 0);
		return;
	}
	size_t n = strlen(s);
	put_u32(w, (uint32_t)n + 1);
	rg_buf_addn(&w->b, s, n + 1);
}

static uint32_t file_index(struct writer *w, const char *file)
{
	if (!file)
		return 0;
	/* locations come in runs of one file: look at the latest first */
	for (size_t i = w->nfiles; i-- > 0;)
		if (w->files[i] == file || strcmp(w->files[i], file) == 0)
			return (uint32_t)i + 1;
	rg_grow((void **)&w->files, &w->capfiles, w->nfiles + 1, sizeof(*w->files));
	w->files[w->nfiles++] = file;
	return (uint32_t)w->nfiles;
}

/* Locations are written after the file table is known: a first pass
 * collects the names, so here an index is always found. */
static void put_loc(struct writer *w, const struct rg_loc *loc)
{
	put_u32(w, file_index(w, loc->file));
	put_u32(w, loc->line);
	put_u32(w, loc->col);
}

/* The file names of the locations in the object at o, of type d. */
static void collect_files(struct writer *w, const struct rg_struct_desc *d, const void *o)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		const char *m = (const char *)o + f->off;
		if (f->kind == RG_FIELD_LOC) {
			file_index(w, ((const struct rg_loc *)m)->file);
		} else if (f->kind == RG_FIELD_OBJ) {
			if (*(const void *const *)m)
				collect_files(w, f->type, *(const void *const *)m);
		} else if (f->kind == RG_FIELD_OBJS) {
			const void *const *items = *(const void *const *const *)m;
			for (size_t k = 0, n = *RG_FIELD_COUNT(o, f); k < n; k++)
				collect_files(w, f->type, items[k]);
		}
	}
}

static void put_object(struct writer *w, const struct rg_struct_desc *d, const void *o)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		const char *m = (const char *)o + f->off;
		switch (f->kind) {
		case RG_FIELD_STR:
			put_str(w, *(const char *const *)m);
			break;
		case RG_FIELD_BOOL:
			rg_buf_addn(&w->b, *(const bool *)m ? "\1" : "\0", 1);
			break;
		case RG_FIELD_ENUM:
			put_u32(w, *(const unsigned *)m);
			break;
		case RG_FIELD_LOC:
			put_loc(w, (const struct rg_loc *)m);
			break;
		case RG_FIELD_NAMES: {
			const char *const *names = *(const char *const *const *)m;
			size_t n = *RG_FIELD_COUNT(o, f);
			if (!(f->flags & RG_FIELD_SHARED_COUNT))
				put_u32(w, (uint32_t)n);
			for (size_t k = 0; k < n; k++)
				put_str(w, names[k]);
			break;
		}
		case RG_FIELD_OBJ:
			put_u32(w, *(const void *const *)m != NULL);
			if (*(const void *const *)m)
				put_object(w, f->type, *(const void *const *)m);
			break;
		case RG_FIELD_OBJS: {
			const void *const *items = *(const void *const *const *)m;
			size_t n = *RG_FIELD_COUNT(o, f);
			put_u32(w, (uint32_t)n);
			for (size_t k = 0; k < n; k++)
				put_object(w, f->type, items[k]);
			break;
		}
		}
	}
}

/*
 * Removes the temporary files (path.tmp.PID) that writers killed before
 * their rename left beside path: those whose process is gone.
 */
static void remove_stale_temporaries(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct rg_buf dir = RG_BUF_INIT, prefix = RG_BUF_INIT, victim = RG_BUF_INIT;
	if (slash)
		rg_buf_addn(&dir, path, (size_t)(slash - path) + (slash == path));
	else
		rg_buf_add(&dir, ".");
	rg_buf_addf(&prefix, "%s.tmp.", slash ? slash + 1 : path);
	DIR *d = opendir(dir.data);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix.data, prefix.len) != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + prefix.len, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		rg_buf_reset(&victim);
		rg_buf_addf(&victim, "%s/%s", dir.data, e->d_name);
		unlink(victim.data);
	}
	if (d)
		closedir(d);
	rg_buf_free(&dir);
	rg_buf_free(&prefix);
	rg_buf_free(&victim);
}

void rg_cache_slot_path(struct rg_buf *b, const char *path, unsigned slot)
{
	rg_buf_reset(b);
	if (slot == 0)
		rg_buf_add(b, path);
	else
		rg_buf_addf(b, "%s.%u", path, slot);
}

/*
 * Makes the file tmp the newest state: the states in slots 0 .. hole - 1
 * each move one slot older (over the one in slot hole, which is dropped
 * or was moved away), then tmp takes slot 0.  Each step is a rename, so a
 * reader opens either a whole state or none; a concurrent writer can make
 * one of the renames fail or drop a state another just moved, which is
 * only a miss.
 */
static void push_front(const char *path, const char *tmp, unsigned hole)
{
	struct rg_buf from = RG_BUF_INIT, to = RG_BUF_INIT;
	for (unsigned i = hole; i-- > 0;) {
		rg_cache_slot_path(&from, path, i);
		rg_cache_slot_path(&to, path, i + 1);
		/* (a slot never written, or taken by another writer: a gap,
		 * which a load skips) */
		if (rename(from.data, to.data) != 0 && errno != ENOENT)
			break;
	}
	if (rename(tmp, path) != 0)
		unlink(tmp);
	rg_buf_free(&from);
	rg_buf_free(&to);
}

/* The temporary file beside path that a writer makes and renames. */
static void temporary_path(struct rg_buf *b, const char *path)
{
	rg_buf_addf(b, "%s.tmp.%ld", path, (long)getpid());
}

/*
 * Writes the n pieces as the newest state at path, by way of a temporary
 * file (push_front), without fsync: a cache lost in a crash is only a
 * slower next load.
 */
static void write_replace(const char *path, const struct iovec *v, size_t n)
{
	struct rg_buf tmp = RG_BUF_INIT;
	temporary_path(&tmp, path);
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 && errno == ENOENT) {
		/* folders missing: make each (mkdir -p) and try again */
		for (char *slash = strchr(tmp.data + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			int made = mkdir(tmp.data, 0755);
			*slash = '/';
			if (made != 0 && errno != EEXIST)
				break;
		}
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		rg_buf_free(&tmp);
		return;
	}
	remove_stale_temporaries(path);
	bool ok = true;
	for (size_t p = 0; p < n; p++)
		for (size_t off = 0; ok && off < v[p].iov_len;) {
			ssize_t w = write(fd, (const char *)v[p].iov_base + off, v[p].iov_len - off);
			if (w < 0 && errno == EINTR)
				continue;
			ok = w > 0;
			if (ok)
				off += (size_t)w;
		}
	if (close(fd) != 0)
		ok = false;
	if (ok)
		push_front(path, tmp.data, RG_CACHE_SLOTS - 1);
	else
		unlink(tmp.data);
	rg_buf_free(&tmp);
}

void rg_cache_promote(const char *path, unsigned slot)
{
	if (slot == 0 || slot >= RG_CACHE_SLOTS)
		return;
	struct rg_buf from = RG_BUF_INIT, tmp = RG_BUF_INIT;
	rg_cache_slot_path(&from, path, slot);
	temporary_path(&tmp, path);
	/* out of its slot first, so that the others can move up over it */
	if (rename(from.data, tmp.data) == 0)
		push_front(path, tmp.data, slot);
	rg_buf_free(&from);
	rg_buf_free(&tmp);
}

/*
 * The body is written as pieces: the file table and the blocks encoded
 * now, from the writer's buffer, and the blocks of files not parsed again,
 * straight from the bytes the load read.  Copying those into one buffer
 * would touch (and fault in) memory the size of the whole cache, for the
 * one header that changed.
 */
struct piece {
	const char *p; /* NULL: at off in the writer's buffer (it moves as it grows) */
	size_t off, len;
};

void rg_cache_store(const char *path, const struct rg_cache_key *key,
		    const struct rg_cache_file *files, size_t nfiles)
{
	struct writer w = {RG_BUF_INIT, NULL, 0, 0};
	struct piece *pc = rg_xcalloc(nfiles + 1, sizeof(*pc));
	size_t npc = 0;
	put_u32(&w, (uint32_t)nfiles);
	for (size_t i = 0; i < nfiles; i++) {
		const struct rg_cache_file *f = &files[i];
		put_str(&w, f->path);
		rg_buf_addn(&w.b, (const char *)f->hash, 16);
		put_u32(&w, (uint32_t)f->nincludes);
		for (size_t k = 0; k < f->nincludes; k++)
			put_u32(&w, f->includes[k]);
	}
	pc[npc++] = (struct piece){NULL, 0, w.b.len};
	for (size_t i = 0; i < nfiles; i++) {
		const struct rg_cache_file *f = &files[i];
		if (f->block) {
			pc[npc++] = (struct piece){f->block, 0, f->block_len};
			continue;
		}
		size_t start = w.b.len;
		w.nfiles = 0;
		for (int kind = 0; kind < RG_CACHE_KINDS; kind++)
			for (size_t k = 0; k < f->decls[kind].n; k++)
				collect_files(&w, rg_cache_descs[kind], f->decls[kind].items[k]);
		put_u32(&w, (uint32_t)w.nfiles);
		for (size_t k = 0; k < w.nfiles; k++)
			put_str(&w, w.files[k]);
		for (int kind = 0; kind < RG_CACHE_KINDS; kind++) {
			put_u32(&w, (uint32_t)f->decls[kind].n);
			for (size_t k = 0; k < f->decls[kind].n; k++)
				put_object(&w, rg_cache_descs[kind], f->decls[kind].items[k]);
		}
		if (!pc[npc - 1].p) /* follows the previous buffer piece */
			pc[npc - 1].len += w.b.len - start;
		else
			pc[npc++] = (struct piece){NULL, start, w.b.len - start};
	}

	struct iovec *v = rg_xcalloc(npc + 1, sizeof(*v));
	XXH3_state_t *st = XXH3_createState();
	char head[HEADER_LEN];
	if (!st)
		goto out;
	XXH3_128bits_reset(st);
	uint64_t len = 0;
	for (size_t i = 0; i < npc; i++) {
		const char *p = pc[i].p ? pc[i].p : w.b.data + pc[i].off;
		v[i + 1] = (struct iovec){(void *)p, pc[i].len};
		XXH3_128bits_update(st, p, pc[i].len);
		len += pc[i].len;
	}
	memcpy(head, magic, sizeof(magic));
	memcpy(head + 8, key->bytes, 16);
	for (int i = 0; i < 8; i++)
		head[24 + i] = (char)(unsigned char)(len >> (8 * i));
	XXH128_canonical_t c;
	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(st));
	memcpy(head + 32, c.digest, 16);
	v[0] = (struct iovec){head, sizeof(head)};
	write_replace(path, v, npc + 1);
out:
	XXH3_freeState(st);
	free(v);
	free(pc);
	rg_buf_free(&w.b);
	free(w.files);
}

/* ---- reading ---- */

struct reader {
	const char *p, *end;
	bool bad; /* set by the first read past the end or malformed field */
	struct rg_schema *s;
	const char **files;
	uint32_t nfiles;
	/* min_bytes() of the few struct types met so far: it is asked for
	 * every array of every table */
	struct min_bytes_memo {
		const struct rg_struct_desc *d;
		size_t n;
	} mins[16];
	size_t nmins;
};

static uint32_t get_u32(struct reader *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = true;
		return 0;
	}
	const unsigned char *b = (const unsigned char *)r->p;
	r->p += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Most of a file is strings: one test of the bytes left for the length
 * and the string together. */
static const char *get_str(struct reader *r)
{
	size_t left = (size_t)(r->end - r->p);
	if (r->bad || left < 4) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *b = (const unsigned char *)r->p;
	uint32_t n = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	if (n == 0) {
		r->p += 4;
		return NULL;
	}
	if (left - 4 < n || r->p[4 + n - 1] != '\0') {
		r->bad = true;
		return NULL;
	}
	r->p += 4 + n;
	return (const char *)b + 4;
}

/* A count of items of at least min_bytes each, refused when the rest of
 * the file could not hold them (so a garbled count allocates nothing). */
static size_t get_count(struct reader *r, size_t min_bytes)
{
	uint32_t n = get_u32(r);
	if (!r->bad && (size_t)(r->end - r->p) / min_bytes < n)
		r->bad = true;
	return r->bad ? 0 : n;
}

static void get_loc(struct reader *r, struct rg_loc *loc)
{
	uint32_t f = get_u32(r);
	loc->line = get_u32(r);
	loc->col = get_u32(r);
	if (f > r->nfiles)
		r->bad = true;
	loc->file = f && !r->bad ? r->files[f - 1] : NULL;
}

/* The fewest bytes an object of type d takes in the file, to bound a
 * count of them (get_count). */
static size_t min_bytes(struct reader *r, const struct rg_struct_desc *d)
{
	for (size_t i = 0; i < r->nmins; i++)
		if (r->mins[i].d == d)
			return r->mins[i].n;
	size_t n = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct rg_field *f = &d->fields[i];
		if (f->kind == RG_FIELD_BOOL)
			n += 1;
		else if (f->kind == RG_FIELD_LOC)
			n += 12;
		else if (!(f->flags & RG_FIELD_SHARED_COUNT))
			n += 4;
	}
	if (r->nmins < RG_ARRAY_LEN(r->mins))
		r->mins[r->nmins++] = (struct min_bytes_memo){d, n};
	return n;
}

/*
 * Reads the members of the object o of type d, zeroed by the caller.
 * Strings point into the file's bytes; arrays go in the schema's arena.
 * The first malformed member sets r->bad, and the rest read as nothing.
 */
static void get_object(struct reader *r, const struct rg_struct_desc *d, void *o)
{
	struct rg_arena *a = r->s->arena;
	/* in locals: the stores below may alias the table as far as the
	 * compiler knows, which would reload it every member */
	for (const struct rg_field *f = d->fields, *end = f + d->nfields; f < end; f++) {
		char *m = (char *)o + f->off;
		/* most members are strings: a branch the processor predicts
		 * rather than the switch's indirect jump */
		if (f->kind == RG_FIELD_STR) {
			*(const char **)m = get_str(r);
			/* what every consumer takes for granted of a loaded table */
			if (!*(const char **)m && (f->flags & RG_FIELD_REQUIRED))
				r->bad = true;
			continue;
		}
		switch (f->kind) {
		case RG_FIELD_STR:
			break;
		case RG_FIELD_BOOL:
			if (r->bad || r->p == r->end || (unsigned char)*r->p > 1) {
				r->bad = true;
				break;
			}
			*(bool *)m = *r->p++;
			break;
		case RG_FIELD_ENUM: {
			uint32_t v = get_u32(r);
			if (v >= f->nenum)
				r->bad = true;
			*(unsigned *)m = r->bad ? 0 : v;
			break;
		}
		case RG_FIELD_LOC:
			get_loc(r, (struct rg_loc *)m);
			break;
		case RG_FIELD_NAMES: {
			size_t *n = RG_FIELD_COUNT(o, f);
			/* a shared count was read, and bounded, with its owner */
			if (!(f->flags & RG_FIELD_SHARED_COUNT))
				*n = get_count(r, 4);
			const char **names = rg_arena_alloc(a, (*n ? *n : 1) * sizeof(char *));
			for (size_t k = 0; k < *n; k++)
				names[k] = get_str(r);
			*(const char ***)m = names;
			break;
		}
		case RG_FIELD_OBJ:
			if (get_u32(r)) {
				void *obj = rg_arena_alloc(a, f->type->size);
				get_object(r, f->type, obj);
				*(void **)m = obj;
			}
			break;
		case RG_FIELD_OBJS: {
			size_t n = get_count(r, min_bytes(r, f->type));
			void **items = rg_arena_alloc(a, (n ? n : 1) * sizeof(void *));
			/* the objects in one block: one allocation, not n */
			char *objs = n ? rg_arena_alloc(a, n * f->type->size) : NULL;
			for (size_t k = 0; k < n; k++) {
				items[k] = objs + k * f->type->size;
				get_object(r, f->type, items[k]);
			}
			*(void ***)m = items;
			*RG_FIELD_COUNT(o, f) = n;
			*(size_t *)((char *)o + f->cap_off) = n;
			break;
		}
		}
	}
}

/* Reads exactly len bytes; false on a short file or an error. */
static bool read_all(int fd, char *buf, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = read(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

long rg_cache_load(const char *path, const struct rg_cache_key *key, struct rg_schema *s,
		   struct rg_cache_file **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char head[HEADER_LEN];
	struct stat st;
	uint64_t body = 0;
	if (fstat(fd, &st) != 0 || !read_all(fd, head, sizeof(head)) ||
	    memcmp(head, magic, sizeof(magic)) != 0 || memcmp(head + 8, key->bytes, 16) != 0)
		goto miss;
	for (int i = 0; i < 8; i++)
		body |= (uint64_t)(unsigned char)head[24 + i] << (8 * i);
	if (st.st_size < HEADER_LEN || body != (uint64_t)st.st_size - HEADER_LEN)
		goto miss;
	/* the body goes straight into the schema's arena, where its strings
	 * stay: the loaded tables point into these bytes (a miss leaves them
	 * there, unused, until the schema goes) */
	char *bytes = rg_arena_alloc(s->arena, (size_t)body);
	uint8_t h[16];
	if (!read_all(fd, bytes, (size_t)body))
		goto miss;
	rg_cache_hash(bytes, (size_t)body, h);
	if (memcmp(h, head + 32, 16) != 0)
		goto miss;
	close(fd);
	fd = -1;
	struct reader r = {.p = bytes, .end = bytes + body, .s = s};
	size_t nfiles = get_count(&r, 4 + 16 + 4);
	struct rg_cache_file *files = rg_arena_alloc(s->arena, (nfiles ? nfiles : 1) * sizeof(*files));
	for (size_t i = 0; i < nfiles && !r.bad; i++) {
		struct rg_cache_file *f = &files[i];
		f->path = get_str(&r);
		if (!f->path || r.end - r.p < 16) {
			r.bad = true;
			break;
		}
		memcpy(f->hash, r.p, 16);
		r.p += 16;
		f->nincludes = get_count(&r, 4);
		uint32_t *inc = rg_arena_alloc(s->arena, (f->nincludes ? f->nincludes : 1) * sizeof(*inc));
		for (size_t k = 0; k < f->nincludes; k++)
			if ((inc[k] = get_u32(&r)) >= nfiles)
				r.bad = true;
		f->includes = inc;
	}
	for (size_t i = 0; i < nfiles && !r.bad; i++) {
		struct rg_cache_file *f = &files[i];
		f->block = r.p;
		r.nfiles = (uint32_t)get_count(&r, 4);
		r.files = rg_arena_alloc(s->arena, (r.nfiles ? r.nfiles : 1) * sizeof(char *));
		for (uint32_t k = 0; k < r.nfiles; k++)
			if (!(r.files[k] = get_str(&r)))
				r.bad = true;
		for (int kind = 0; kind < RG_CACHE_KINDS; kind++) {
			const struct rg_struct_desc *d = rg_cache_descs[kind];
			size_t n = get_count(&r, min_bytes(&r, d));
			void **items = rg_arena_alloc(s->arena, (n ? n : 1) * sizeof(*items));
			for (size_t k = 0; k < n && !r.bad; k++) {
				items[k] = rg_arena_alloc(s->arena, d->size);
				get_object(&r, d, items[k]);
			}
			f->decls[kind] = (struct rg_cache_decls){items, n};
		}
		f->block_len = (size_t)(r.p - (const char *)f->block);
	}
	if (r.bad || r.p != r.end)
		goto miss;
	*out = files;
	return (long)nfiles;
miss:
	if (fd >= 0)
		close(fd);
	return -1;
}
