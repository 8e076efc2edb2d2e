/*
 * libmariadb.c - opening libmariadb at run time (see libmariadb.h for why).
 */
#include "introspect/libmariadb.h"

#include <pthread.h>

/* the soname of Debian's libmariadb3 (MariaDB Connector/C 3) */
#define RG_LIBMARIADB_SONAME "libmariadb.so.3"

struct rg_libmariadb rg_libmariadb_api;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_libmariadb(void)
{
	void *h = dlopen(RG_LIBMARIADB_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(failure, sizeof(failure),
			 "cannot load libmariadb (%s): %s; it is in Debian's libmariadb3 package",
			 RG_LIBMARIADB_SONAME, dlerror());
		return;
	}
#define RG_LIBMARIADB_RESOLVE(f) \
	RG_DLIB_RESOLVE(h, rg_libmariadb_api, f, failure, "libmariadb (" RG_LIBMARIADB_SONAME ")")
	RG_LIBMARIADB_FUNCTIONS(RG_LIBMARIADB_RESOLVE)
#undef RG_LIBMARIADB_RESOLVE
	/* the handle stays open for the life of the process */
}

int rg_libmariadb_open(struct rg_error *err)
{
	pthread_once(&once, open_libmariadb);
	if (failure[0])
		return rg_error_set(err, "%s", failure);
	return 0;
}
