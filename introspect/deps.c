/*
 * deps.c - the dependency graph of the model headers, for the model cache
 * (deps.h says where its edges come from, cache.h what it is for).
 */
#include "introspect/deps.h"
#include "introspect/libclang.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libclang's functions, valid once rg_libclang_open succeeded */
#define C (&rg_libclang_api)

/* the node that stands for the list of model headers (no file's real
 * path: those begin with '/'); what depends on it, see tests_macros */
#define MODEL_LIST "revgen:model-headers"

/*
 * A file the models are made of: known from the cache, or read by this
 * load's parses ("fresh": then its edges and declarations are those of this
 * load).
 */
struct node {
	const char *path; /* in the arena */
	uint8_t hash[16];
	bool hashed;      /* hash known: from the cache, or from this parse */
	bool fresh;
	enum { UNCHECKED, SAME, CHANGED } state; /* of a cached node's file */
	unsigned mark;    /* the walk that saw it last */
	const uint32_t *inc;
	size_t ninc, capinc; /* cap 0: inc belongs to the cache */
	/* what the file declares, by kind; capacity 0: the cache's array */
	struct rg_cache_decls decls[RG_CACHE_KINDS];
	size_t capdecls[RG_CACHE_KINDS];
	const void *block; /* the cache's bytes of those (cache.h) */
	size_t block_len;
};

struct rg_deps {
	struct rg_arena *arena;
	struct node *nodes;
	size_t n, cap;
	uint32_t *slots; /* open addressing by path: node index + 1, 0 empty */
	size_t nslots;   /* a power of two, never more than half full */
	unsigned walk;
	const char *const *search;
	size_t nsearch;
	uint8_t list_hash[16]; /* of the model headers' list: MODEL_LIST's */
	bool order_dependent;  /* a file parsed tests a macro */
	bool uncacheable;      /* a declaration no file can be named for */
	/* the translation unit being recorded */
	CXTranslationUnit tu;
	/* the last "uses" edge added, and the file of the latest declaration
	 * with its node: runs of cursors share them (CXFiles die with their
	 * unit) */
	CXFile use_from, use_to, decl_file;
	uint32_t decl_file_node;
};

/* The hash of a node for a file that did not exist when a parse looked
 * for it (add_shadows, node_same): all zeros, which no file's XXH3 is in
 * practice. */
static const uint8_t absent[16];

struct rg_deps *rg_deps_new(struct rg_arena *arena, const char *const *search, size_t nsearch)
{
	struct rg_deps *d = rg_xcalloc(1, sizeof(*d));
	d->arena = arena;
	d->search = search;
	d->nsearch = nsearch;
	return d;
}

void rg_deps_free(struct rg_deps *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		if (d->nodes[i].capinc)
			free((void *)d->nodes[i].inc);
		for (int k = 0; k < RG_CACHE_KINDS; k++)
			if (d->nodes[i].capdecls[k])
				free((void *)d->nodes[i].decls[k].items);
	}
	free(d->nodes);
	free(d->slots);
	free(d);
}

/* ---- nodes ---- */

static void slot_insert(struct rg_deps *d, uint32_t idx)
{
	size_t mask = d->nslots - 1;
	size_t h = (size_t)rg_hash_str(RG_HASH_SEED, d->nodes[idx].path) & mask;
	while (d->slots[h])
		h = (h + 1) & mask;
	d->slots[h] = idx + 1;
}

/* The node of path, added (cached, unchecked, empty) when missing. */
static uint32_t node_of(struct rg_deps *d, const char *path)
{
	if (d->nslots) {
		size_t mask = d->nslots - 1;
		for (size_t h = (size_t)rg_hash_str(RG_HASH_SEED, path) & mask; d->slots[h];
		     h = (h + 1) & mask)
			if (strcmp(d->nodes[d->slots[h] - 1].path, path) == 0)
				return d->slots[h] - 1;
	}
	if (2 * (d->n + 1) > d->nslots) {
		free(d->slots);
		d->nslots = d->nslots ? 2 * d->nslots : 64;
		d->slots = rg_xcalloc(d->nslots, sizeof(*d->slots));
		for (size_t i = 0; i < d->n; i++)
			slot_insert(d, (uint32_t)i);
	}
	rg_grow((void **)&d->nodes, &d->cap, d->n + 1, sizeof(*d->nodes));
	struct node *nd = &d->nodes[d->n];
	memset(nd, 0, sizeof(*nd));
	nd->path = rg_arena_strdup(d->arena, path);
	slot_insert(d, (uint32_t)d->n);
	return (uint32_t)d->n++;
}

/* The node of a file this load parsed: what the cache said of it gives
 * way to what this parse saw, once. */
static uint32_t fresh_node(struct rg_deps *d, CXFile file)
{
	CXString rp = C->clang_File_tryGetRealPathName(file);
	const char *path = C->clang_getCString(rp);
	CXString name = {NULL, 0};
	if (!path || !*path) {
		name = C->clang_getFileName(file);
		path = C->clang_getCString(name);
	}
	uint32_t idx = node_of(d, path ? path : "");
	C->clang_disposeString(rp);
	if (name.data)
		C->clang_disposeString(name);
	struct node *nd = &d->nodes[idx];
	if (!nd->fresh) {
		nd->fresh = true;
		nd->hashed = false;
		nd->inc = NULL;
		nd->ninc = nd->capinc = 0;
		memset(nd->decls, 0, sizeof(nd->decls));
		memset(nd->capdecls, 0, sizeof(nd->capdecls));
		nd->block = NULL;
		nd->block_len = 0;
	}
	return idx;
}

/* A node this load makes that is no file it read: fresh, with hash. */
static uint32_t marker_node(struct rg_deps *d, const char *path, const uint8_t hash[16])
{
	uint32_t idx = node_of(d, path);
	struct node *nd = &d->nodes[idx];
	if (!nd->fresh) {
		const char *name = nd->path;
		memset(nd, 0, sizeof(*nd));
		nd->path = name;
		nd->fresh = nd->hashed = true;
		memcpy(nd->hash, hash, 16);
	}
	return idx;
}

/* Node a depends on node b (both fresh). */
static void add_edge(struct rg_deps *d, uint32_t a, uint32_t b)
{
	struct node *nd = &d->nodes[a];
	for (size_t i = 0; i < nd->ninc; i++)
		if (nd->inc[i] == b)
			return;
	rg_grow((void **)&nd->inc, &nd->capinc, nd->ninc + 1, sizeof(*nd->inc));
	((uint32_t *)nd->inc)[nd->ninc++] = b;
}

bool rg_deps_add_cached(struct rg_deps *d, const struct rg_cache_file *files, size_t n)
{
	bool order_dependent = false;
	for (size_t i = 0; i < n; i++) {
		order_dependent |= strcmp(files[i].path, MODEL_LIST) == 0;
		uint32_t idx = node_of(d, files[i].path); /* (may move nodes) */
		struct node *nd = &d->nodes[idx];
		memcpy(nd->hash, files[i].hash, 16);
		nd->hashed = true;
		nd->inc = files[i].includes;
		nd->ninc = files[i].nincludes;
		memcpy(nd->decls, files[i].decls, sizeof(nd->decls));
		nd->block = files[i].block;
		nd->block_len = files[i].block_len;
	}
	return order_dependent;
}

void rg_deps_set_headers(struct rg_deps *d, const char *const *files, size_t n, uint32_t *node)
{
	struct rg_buf list = RG_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		node[i] = RG_DEPS_NONE;
		char *abs = realpath(files[i], NULL);
		if (abs) {
			node[i] = node_of(d, abs);
			rg_buf_addn(&list, abs, strlen(abs) + 1);
			free(abs);
		}
	}
	rg_cache_hash(list.data ? list.data : "", list.len, d->list_hash);
	rg_buf_free(&list);
}

bool rg_deps_order_dependent(const struct rg_deps *d)
{
	return d->order_dependent;
}

bool rg_deps_fresh(const struct rg_deps *d, uint32_t node)
{
	return d->nodes[node].fresh;
}

/* ---- recording a parse ---- */

static bool is_umbrella(CXFile file)
{
	CXString name = C->clang_getFileName(file);
	bool yes = strcmp(C->clang_getCString(name), RG_DEPS_UMBRELLA) == 0;
	C->clang_disposeString(name);
	return yes;
}

/*
 * Where an #include looked before the file it found: its includer's
 * folder (for "name"), then revgen's include folder, include_dirs and
 * clang_args' -I, in that order, up to the first that has the name.  A
 * file made at one of those later would be included instead, so the
 * includer depends on each staying absent.  (The compiler's own folders
 * and -iquote/-isystem are not followed: a header made there is not seen.)
 */
static void add_shadows(struct rg_deps *d, CXFile from, unsigned offset, uint32_t from_idx,
			const char *name)
{
	size_t size = 0;
	const char *text = C->clang_getFileContents(d->tu, from, &size);
	bool quoted = true; /* (a macro for a name: both ways) */
	for (size_t i = offset; text && i < size && text[i] != '\n'; i++)
		if (text[i] == '<' || text[i] == '"') {
			quoted = text[i] == '"';
			break;
		}
	struct rg_buf path = RG_BUF_INIT;
	for (size_t k = quoted ? 0 : 1; k <= d->nsearch; k++) {
		rg_buf_reset(&path);
		if (k == 0) {
			const char *includer = d->nodes[from_idx].path, *slash = strrchr(includer, '/');
			if (!slash)
				continue;
			rg_buf_addn(&path, includer, (size_t)(slash - includer));
		} else {
			rg_buf_add(&path, d->search[k - 1]);
		}
		rg_buf_addf(&path, "/%s", name);
		struct stat st;
		if (stat(path.data, &st) == 0)
			break;
		uint32_t a = marker_node(d, path.data, absent); /* (may move nodes) */
		add_edge(d, from_idx, a);
	}
	rg_buf_free(&path);
}

/* An #include directive (the record keeps every one, also those an
 * include guard skips): an edge of the graph, and the places it looked
 * first (add_shadows). */
static void add_include(struct rg_deps *d, CXCursor c)
{
	CXFile from = NULL, to = C->clang_getIncludedFile(c);
	unsigned offset = 0;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &from, NULL, NULL, &offset);
	if (!from || !to || is_umbrella(from))
		return;
	uint32_t a = fresh_node(d, from), b = fresh_node(d, to);
	add_edge(d, a, b);
	CXString spelled = C->clang_getCursorSpelling(c);
	const char *name = C->clang_getCString(spelled);
	if (name && *name && name[0] != '/')
		add_shadows(d, from, offset, a, name);
	C->clang_disposeString(spelled);
}

/*
 * A "uses" edge: from a file that expands a macro or names a typedef to
 * the file that defines it.  A header that compiles only because one
 * parsed before it included what it needs depends on that one all the
 * same, and the cache must know (its includes do not say so).
 */
static void add_use(struct rg_deps *d, CXFile from, CXCursor def)
{
	CXFile to = NULL;
	C->clang_getExpansionLocation(C->clang_getCursorLocation(def), &to, NULL, NULL, NULL);
	if (!from || !to || from == to || (from == d->use_from && to == d->use_to))
		return;
	d->use_from = from;
	d->use_to = to;
	uint32_t a = fresh_node(d, from), b = fresh_node(d, to);
	add_edge(d, a, b);
}

CXCursor rg_deps_typedef(struct rg_deps *d, CXFile user, CXType t)
{
	CXCursor decl = C->clang_getTypeDeclaration(t);
	if (d)
		add_use(d, user, decl);
	return decl;
}

void rg_deps_add_decl(struct rg_deps *d, CXFile file, enum rg_cache_kind kind, void *obj)
{
	if (!file) {
		d->uncacheable = true;
		return;
	}
	if (file != d->decl_file) {
		d->decl_file = file;
		d->decl_file_node = fresh_node(d, file);
	}
	struct node *nd = &d->nodes[d->decl_file_node];
	struct rg_cache_decls *dl = &nd->decls[kind];
	rg_grow((void **)&dl->items, &nd->capdecls[kind], dl->n + 1, sizeof(*dl->items));
	((void **)dl->items)[dl->n++] = obj;
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
	struct rg_deps *d = data;
	if (is_umbrella(file))
		return;
	uint32_t idx = fresh_node(d, file); /* (may move nodes) */
	struct node *nd = &d->nodes[idx];
	if (nd->hashed)
		return;
	size_t size = 0;
	const char *text = C->clang_getFileContents(d->tu, file, &size);
	rg_cache_hash(text ? text : "", text ? size : 0, nd->hash);
	nd->hashed = true;
	if (text && !C->clang_Location_isInSystemHeader(C->clang_getLocationForOffset(d->tu, file, 0)) &&
	    tests_macros(text, size)) {
		d->order_dependent = true;
		uint32_t list = marker_node(d, MODEL_LIST, d->list_hash); /* (may move nodes) */
		add_edge(d, idx, list);
	}
}

/* The preprocessor's record: the translation unit's top level has every
 * directive and expansion of every file, before and between the
 * declarations, which are skipped. */
static enum CXChildVisitResult record_top_level(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct rg_deps *d = data;
	enum CXCursorKind k = C->clang_getCursorKind(c);
	if (k == CXCursor_InclusionDirective) {
		add_include(d, c);
	} else if (k == CXCursor_MacroExpansion) {
		CXFile at = NULL;
		C->clang_getExpansionLocation(C->clang_getCursorLocation(c), &at, NULL, NULL, NULL);
		add_use(d, at, C->clang_getCursorReferenced(c));
	}
	return CXChildVisit_Continue;
}

void rg_deps_record_tu(struct rg_deps *d, CXTranslationUnit tu)
{
	d->tu = tu;
	C->clang_visitChildren(C->clang_getTranslationUnitCursor(tu), record_top_level, d);
	C->clang_getInclusions(tu, add_read, d);
	d->tu = NULL;
	d->use_from = d->use_to = d->decl_file = NULL;
}

/* ---- reading the graph ---- */

/* Whether a cached node's file still holds what the cache says. */
static bool node_same(struct rg_deps *d, struct node *nd)
{
	if (nd->state == UNCHECKED && strcmp(nd->path, MODEL_LIST) == 0)
		nd->state = nd->hashed && memcmp(nd->hash, d->list_hash, 16) == 0 ? SAME : CHANGED;
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
static bool walk(struct rg_deps *d, const uint32_t *roots, size_t nroots,
		 bool (*fn)(struct rg_deps *, struct node *, void *), void *arg)
{
	d->walk++;
	uint32_t *stack = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (size_t r = 0; r < nroots && ok; r++) {
		rg_grow((void **)&stack, &cap, n + 1, sizeof(*stack));
		stack[n++] = roots[r];
		while (n && ok) {
			struct node *nd = &d->nodes[stack[--n]];
			if (nd->mark == d->walk)
				continue;
			nd->mark = d->walk;
			if (!(ok = fn(d, nd, arg)))
				break;
			rg_grow((void **)&stack, &cap, n + nd->ninc, sizeof(*stack));
			for (size_t i = 0; i < nd->ninc; i++)
				stack[n++] = nd->inc[i];
		}
	}
	free(stack);
	return ok;
}

static bool unchanged_fn(struct rg_deps *d, struct node *nd, void *arg)
{
	(void)arg;
	return node_same(d, nd);
}

bool rg_deps_unchanged(struct rg_deps *d, uint32_t node)
{
	/* a header the cache does not have (an empty node) is parsed */
	return node != RG_DEPS_NONE && d->nodes[node].hashed && walk(d, &node, 1, unchanged_fn, NULL);
}

static bool take_cached_fn(struct rg_deps *d, struct node *nd, void *arg)
{
	(void)d;
	struct rg_schema *s = arg;
	if (nd->fresh)
		return true;
	/* each kind to the schema's list of it, as the reader adds them */
	struct {
		void ***items;
		size_t *n, *cap;
	} to[RG_CACHE_KINDS] = {
		[RG_CACHE_TABLE] = {(void ***)&s->tables, &s->ntables, &s->cap_tables},
		[RG_CACHE_SEQUENCE] = {(void ***)&s->sequences, &s->nsequences, &s->cap_sequences},
		[RG_CACHE_DOMAIN] = {(void ***)&s->domains, &s->ndomains, &s->cap_domains},
	};
	for (int k = 0; k < RG_CACHE_KINDS; k++)
		for (size_t i = 0; i < nd->decls[k].n; i++)
			rg_arena_push(s->arena, to[k].items, to[k].n, to[k].cap, nd->decls[k].items[i]);
	return true;
}

void rg_deps_take_cached(struct rg_deps *d, const uint32_t *roots, size_t n, struct rg_schema *s)
{
	walk(d, roots, n, take_cached_fn, s);
}

struct collect {
	uint32_t *ids; /* the nodes reached, in order */
	size_t n, cap;
};

static bool collect_fn(struct rg_deps *d, struct node *nd, void *arg)
{
	struct collect *c = arg;
	if (nd->fresh && !nd->hashed)
		return false; /* a file this parse named but did not read */
	rg_grow((void **)&c->ids, &c->cap, c->n + 1, sizeof(*c->ids));
	c->ids[c->n++] = (uint32_t)(nd - d->nodes);
	return true;
}

/* Writes the nodes of keep, renumbered in that order, as the cache. */
static void store_nodes(struct rg_deps *d, const char *path, const struct rg_cache_key *key,
			const struct collect *keep)
{
	struct rg_cache_file *files = rg_xcalloc(keep->n ? keep->n : 1, sizeof(*files));
	uint32_t *pos = rg_xcalloc(d->n ? d->n : 1, sizeof(*pos));
	size_t ninc = 0;
	for (size_t i = 0; i < keep->n; i++) {
		pos[keep->ids[i]] = (uint32_t)i;
		ninc += d->nodes[keep->ids[i]].ninc;
	}
	/* every include of a kept node is kept: the walk went through it */
	uint32_t *inc = rg_xcalloc(ninc ? ninc : 1, sizeof(*inc)), *p = inc;
	for (size_t i = 0; i < keep->n; i++) {
		const struct node *nd = &d->nodes[keep->ids[i]];
		files[i] = (struct rg_cache_file){.path = nd->path, .includes = p, .nincludes = nd->ninc,
						  .block = nd->block, .block_len = nd->block_len};
		memcpy(files[i].hash, nd->hash, 16);
		memcpy(files[i].decls, nd->decls, sizeof(files[i].decls));
		for (size_t k = 0; k < nd->ninc; k++)
			*p++ = pos[nd->inc[k]];
	}
	rg_cache_store(path, key, files, keep->n);
	free(inc);
	free(pos);
	free(files);
}

void rg_deps_store(struct rg_deps *d, const char *path, const struct rg_cache_key *key,
		   const uint32_t *roots, size_t n)
{
	if (d->uncacheable)
		return;
	struct collect keep = {NULL, 0, 0};
	if (walk(d, roots, n, collect_fn, &keep))
		store_nodes(d, path, key, &keep);
	free(keep.ids);
}
