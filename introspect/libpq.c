/*
 * libpq.c - opening libpq at run time (see libpq.h for why).
 */
#include "introspect/libpq.h"

#include <pthread.h>

/* libpq's soname has been libpq.so.5 since PostgreSQL 8.0 */
#define RG_LIBPQ_SONAME "libpq.so.5"

struct rg_libpq rg_libpq_api;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_libpq(void)
{
	void *h = dlopen(RG_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(failure, sizeof(failure),
			 "cannot load libpq (%s): %s; it is in Debian's libpq5 package", RG_LIBPQ_SONAME,
			 dlerror());
		return;
	}
#define RG_LIBPQ_RESOLVE(f) RG_DLIB_RESOLVE(h, rg_libpq_api, f, failure, "libpq (" RG_LIBPQ_SONAME ")")
	RG_LIBPQ_FUNCTIONS(RG_LIBPQ_RESOLVE)
#undef RG_LIBPQ_RESOLVE
	/* the handle stays open for the life of the process */
}

int rg_libpq_open(struct rg_error *err)
{
	pthread_once(&once, open_libpq);
	if (failure[0])
		return rg_error_set(err, "%s", failure);
	return 0;
}
