/*
 * util.h - the small shared toolbox: growable strings, an arena for the
 * many small objects of a schema snapshot, and the error record that library
 * code fills in instead of printing.
 *
 * Conventions used across revgen: functions return 0 on success and -1 on
 * failure; a failing function has written "<where>: <what>" into the
 * struct rg_error its caller passed, and the command layer prints it once as
 * "revgen: error: ...".  Allocation failure aborts (there is no sane way to
 * continue a migration without memory).
 */
#ifndef RG_UTIL_H
#define RG_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define RG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define RG_PRINTF(a, b)
#endif

#define RG_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors ---------------------------------------------------------- */

struct rg_error {
	char msg[2048];
};

/* Formats the message into err (if err is not NULL) and returns -1, so that
 * callers can write `return rg_error_set(err, "...")`. */
int rg_error_set(struct rg_error *err, const char *fmt, ...) RG_PRINTF(2, 3);
/* Prefixes an existing message with "<prefix>: ". Returns -1. */
int rg_error_prefix(struct rg_error *err, const char *fmt, ...) RG_PRINTF(2, 3);

/* ---- memory ---------------------------------------------------------- */

void *rg_xmalloc(size_t n);
void *rg_xcalloc(size_t nmemb, size_t size);
void *rg_xrealloc(void *p, size_t n);
char *rg_xstrdup(const char *s);
char *rg_xstrndup(const char *s, size_t n);

/* Grows *arr (elements of elsize bytes) so that it can hold at least need
 * elements; *cap is updated. */
void rg_grow(void **arr, size_t *cap, size_t need, size_t elsize);

/* ---- growable string buffer (caller owns data; free with rg_buf_free) -- */

struct rg_buf {
	char *data; /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define RG_BUF_INIT {NULL, 0, 0}

void rg_buf_add(struct rg_buf *b, const char *s);
void rg_buf_addn(struct rg_buf *b, const char *s, size_t n);
void rg_buf_addc(struct rg_buf *b, char c);
void rg_buf_addf(struct rg_buf *b, const char *fmt, ...) RG_PRINTF(2, 3);
void rg_buf_vaddf(struct rg_buf *b, const char *fmt, va_list ap);
/* The string so far; "" for an empty buffer (never NULL). */
const char *rg_buf_str(const struct rg_buf *b);
void rg_buf_reset(struct rg_buf *b);
/* Hands the string to the caller (malloc'd, never NULL); the buffer is
 * left empty. */
char *rg_buf_detach(struct rg_buf *b);
void rg_buf_free(struct rg_buf *b);

/* ---- arena: many small allocations freed with one call ---------------- */

struct rg_arena;

struct rg_arena *rg_arena_new(void);
void rg_arena_free(struct rg_arena *a); /* accepts NULL */
void *rg_arena_alloc(struct rg_arena *a, size_t n); /* zeroed */
char *rg_arena_strdup(struct rg_arena *a, const char *s); /* NULL -> NULL */
char *rg_arena_strndup(struct rg_arena *a, const char *s, size_t n);
char *rg_arena_printf(struct rg_arena *a, const char *fmt, ...) RG_PRINTF(2, 3);
/* Appends item (a pointer) to the pointer array *arr of *n elements, growing
 * it inside the arena. */
void rg_arena_push(struct rg_arena *a, void ***arr, size_t *n, size_t *cap,
		   void *item);

/* ---- strings ---------------------------------------------------------- */

bool rg_streq(const char *a, const char *b); /* NULL-safe */
bool rg_strcaseeq(const char *a, const char *b); /* NULL-safe, ASCII */
bool rg_startswith(const char *s, const char *prefix);
/* 64-bit FNV-1a of s, continuing from h (RG_HASH_SEED to start): for hash
 * tables and short fingerprints, not for anything an attacker picks. */
#define RG_HASH_SEED 14695981039346656037u
uint64_t rg_hash_str(uint64_t h, const char *s);
/* Reads a whole file; returns a malloc'd NUL-terminated string or NULL with
 * err set ("<path>: <strerror>"). *len may be NULL. */
char *rg_read_file(const char *path, size_t *len, struct rg_error *err);
/* Writes data to path atomically: a temporary file in the same directory,
 * fsync, rename.  A failure leaves no file behind. */
int rg_write_file_atomic(const char *path, const char *data, size_t len,
			 struct rg_error *err);
/* True if the glob-style pattern (fnmatch) matches name. */
bool rg_glob_match(const char *pattern, const char *name);
/* Milliseconds on a monotonic clock. */
double rg_now_ms(void);
/* Appends s as an SQL string literal ('' doubled). */
void rg_sql_string(struct rg_buf *out, const char *s);
/* Frees n malloc'd strings and their array (a query's rows); accepts NULL. */
void rg_free_rows(char **rows, size_t n);

#endif
