/*
 * test.h - the few macros the unit tests share.  Each test program runs its
 * cases, prints one line per failed check with file:line, and exits non-zero
 * when anything failed.
 */
#ifndef RG_TEST_H
#define RG_TEST_H

#include <stdio.h>
#include <string.h>

static int rg_test_failures;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                           \
			rg_test_failures++;                                 \
		}                                                           \
	} while (0)

#define CHECK_STR(got, want)                                                \
	do {                                                                \
		const char *g_ = (got), *w_ = (want);                       \
		if (!g_ || !w_ || strcmp(g_, w_) != 0) {                    \
			fprintf(stderr,                                     \
				"%s:%d: CHECK_STR failed: %s\n  got:  %s\n  want: %s\n", \
				__FILE__, __LINE__, #got, g_ ? g_ : "(null)", \
				w_ ? w_ : "(null)");                        \
			rg_test_failures++;                                 \
		}                                                           \
	} while (0)

#define CHECK_CONTAINS(hay, needle)                                         \
	do {                                                                \
		const char *h_ = (hay), *n_ = (needle);                     \
		if (!h_ || !strstr(h_, n_)) {                               \
			fprintf(stderr,                                     \
				"%s:%d: CHECK_CONTAINS failed: %s\n  in:   %s\n  want: %s\n", \
				__FILE__, __LINE__, #hay, h_ ? h_ : "(null)", n_); \
			rg_test_failures++;                                 \
		}                                                           \
	} while (0)

#define TEST_DONE()                                                         \
	do {                                                                \
		if (rg_test_failures)                                       \
			fprintf(stderr, "%d check(s) failed\n", rg_test_failures); \
		return rg_test_failures ? 1 : 0;                            \
	} while (0)

#endif
