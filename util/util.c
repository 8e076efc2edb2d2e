/*
 * util.c - implementation of the shared toolbox declared in util.h.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int rg_error_set(struct rg_error *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

int rg_error_prefix(struct rg_error *err, const char *fmt, ...)
{
	if (err) {
		char prefix[1024];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(prefix, sizeof(prefix), fmt, ap);
		va_end(ap);
		/* "<prefix>: <old>", cut at the buffer's end */
		size_t plen = strlen(prefix) + 2;
		size_t olen = strnlen(err->msg, sizeof(err->msg) - 1);
		if (plen >= sizeof(err->msg))
			plen = sizeof(err->msg) - 1;
		if (plen + olen >= sizeof(err->msg))
			olen = sizeof(err->msg) - 1 - plen;
		memmove(err->msg + plen, err->msg, olen);
		err->msg[plen + olen] = '\0';
		memcpy(err->msg, prefix, plen - 2);
		err->msg[plen - 2] = ':';
		err->msg[plen - 1] = ' ';
	}
	return -1;
}

static void oom(void)
{
	fputs("revgen: error: out of memory\n", stderr);
	abort();
}

void *rg_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *rg_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *rg_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *rg_xstrdup(const char *s)
{
	return rg_xstrndup(s, strlen(s));
}

char *rg_xstrndup(const char *s, size_t n)
{
	char *p = rg_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void rg_grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
	if (need <= *cap)
		return;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	if (c > SIZE_MAX / elsize)
		oom();
	*arr = rg_xrealloc(*arr, c * elsize);
	*cap = c;
}

/* ---- rg_buf ---- */

static void buf_reserve(struct rg_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < need)
			c *= 2;
		b->data = rg_xrealloc(b->data, c);
		b->cap = c;
	}
}

void rg_buf_addn(struct rg_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void rg_buf_add(struct rg_buf *b, const char *s)
{
	rg_buf_addn(b, s, strlen(s));
}

void rg_buf_addc(struct rg_buf *b, char c)
{
	rg_buf_addn(b, &c, 1);
}

void rg_buf_vaddf(struct rg_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	char probe[1];
	va_copy(ap2, ap);
	/* a one-byte buffer rather than NULL: some compilers warn on NULL */
	int n = vsnprintf(probe, sizeof(probe), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void rg_buf_addf(struct rg_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rg_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *rg_buf_str(const struct rg_buf *b)
{
	return b->data ? b->data : "";
}

void rg_buf_reset(struct rg_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *rg_buf_detach(struct rg_buf *b)
{
	char *s = b->data ? b->data : rg_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void rg_buf_free(struct rg_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* ---- arena ----
 * Blocks are chained: the first of 64 KiB (most arenas stay that small),
 * the others of 2 MiB; big requests get a block of their own.  Blocks of
 * 2 MiB and more are mapped on a 2 MiB boundary and offered to the
 * kernel as transparent huge pages: a large schema is megabytes of
 * arena, and touching it 4 KiB at a time is a page fault per page, dear
 * on a paravirtualised machine (there it cost more than the catalog's
 * parsing; bench/RESULTS.md), where one huge page is a single fault.  Mapped memory comes zeroed and a block's bytes are handed
 * out once, so those blocks skip the memset too.  Building with
 * -DRG_ARENA_DEBUG (the sanitizer build does) sends every allocation to
 * malloc so that AddressSanitizer sees each one. */

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	size_t mapped; /* the length of its mapping, or 0 when malloc'd */
	max_align_t data[];
};

struct rg_arena {
	struct arena_block *head;
	size_t next_size;
};

#define ARENA_FIRST ((size_t)64 << 10)
#define ARENA_HUGE ((size_t)2 << 20)

struct rg_arena *rg_arena_new(void)
{
	return rg_xcalloc(1, sizeof(struct rg_arena));
}

static void block_release(struct arena_block *b)
{
	if (b->mapped)
		munmap(b, b->mapped);
	else
		free(b);
}

void rg_arena_free(struct rg_arena *a)
{
	if (!a)
		return;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *n = b->next;
		block_release(b);
		b = n;
	}
	free(a);
}

#ifndef RG_ARENA_DEBUG
/*
 * A block for size bytes of data: mapped on a huge-page boundary when it
 * is that big (the mapping's length rounded up to whole huge pages), else
 * malloc'd.  Falls back to malloc when the mapping fails.
 */
static struct arena_block *block_new(size_t size)
{
	size_t want = sizeof(struct arena_block) + size;
	if (want >= ARENA_HUGE) {
		size_t len = (want + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1);
		/* over-map by one huge page, then trim to the boundary */
		char *raw = mmap(NULL, len + ARENA_HUGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw != MAP_FAILED) {
			uintptr_t at = ((uintptr_t)raw + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1);
			char *p = (char *)at;
			if (p > raw)
				munmap(raw, (size_t)(p - raw));
			munmap(p + len, (size_t)(raw + ARENA_HUGE - p));
			/* advice only: without THP the block is ordinary pages */
			(void)madvise(p, len, MADV_HUGEPAGE);
			struct arena_block *b = (struct arena_block *)p;
			b->mapped = len;
			b->size = len - sizeof(*b);
			return b;
		}
	}
	struct arena_block *b = rg_xmalloc(want);
	b->mapped = 0;
	b->size = size;
	return b;
}
#endif

void *rg_arena_alloc(struct rg_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
#ifdef RG_ARENA_DEBUG
	struct arena_block *b = rg_xmalloc(sizeof(*b) + n);
	b->size = b->used = n;
	b->mapped = 0;
	b->next = a->head;
	a->head = b;
	memset(b->data, 0, n);
	return b->data;
#else
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t step = a->next_size ? a->next_size : ARENA_FIRST;
		bool own = n > step / 4;
		struct arena_block *nb = block_new(own ? n : step - sizeof(*nb));
		nb->used = 0;
		if (own && b) {
			/* a big one-off: keep the current block for small ones */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
			if (!own)
				a->next_size = ARENA_HUGE;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	if (!b->mapped)
		memset(p, 0, n);
	return p;
#endif
}

char *rg_arena_strndup(struct rg_arena *a, const char *s, size_t n)
{
	char *p = rg_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rg_arena_strdup(struct rg_arena *a, const char *s)
{
	return s ? rg_arena_strndup(a, s, strlen(s)) : NULL;
}

char *rg_arena_printf(struct rg_arena *a, const char *fmt, ...)
{
	/* most results are names, shorter than this: one formatting pass,
	 * not a measuring pass and a writing one */
	char small[256];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	char *p = rg_arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
	if (n < 0)
		*p = '\0';
	else if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void rg_arena_push(struct rg_arena *a, void ***arr, size_t *n, size_t *cap,
		   void *item)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		void **na = rg_arena_alloc(a, c * sizeof(void *));
		if (*n)
			memcpy(na, *arr, *n * sizeof(void *));
		*arr = na;
		*cap = c;
	}
	(*arr)[(*n)++] = item;
}

/* ---- strings & files ---- */

bool rg_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool rg_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcasecmp(a, b) == 0;
}

bool rg_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *rg_read_file(const char *path, size_t *len, struct rg_error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		rg_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct rg_buf b = RG_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rg_buf_addn(&b, chunk, n);
	if (ferror(f)) {
		rg_error_set(err, "%s: %s", path, strerror(errno));
		fclose(f);
		rg_buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (len)
		*len = b.len;
	return rg_buf_detach(&b);
}

int rg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct rg_error *err)
{
	struct rg_buf tmp = RG_BUF_INIT;
	rg_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		rg_error_set(err, "%s: %s", path, strerror(errno));
		rg_buf_free(&tmp);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.data, path) != 0)
		goto fail;
	rg_buf_free(&tmp);
	return 0;
fail:
	rg_error_set(err, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.data);
	rg_buf_free(&tmp);
	return -1;
}

bool rg_glob_match(const char *pattern, const char *name)
{
	return fnmatch(pattern, name, 0) == 0;
}

uint64_t rg_hash_str(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

double rg_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void rg_sql_string(struct rg_buf *out, const char *s)
{
	rg_buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rg_buf_addc(out, '\'');
		rg_buf_addc(out, *s);
	}
	rg_buf_addc(out, '\'');
}

void rg_free_rows(char **rows, size_t n)
{
	if (!rows)
		return;
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
	free(rows);
}
