/*
 * libclang.c - opening libclang at run time (see libclang.h for why).
 */
#include "introspect/libclang.h"

#include "introspect/dlib.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#ifndef RG_LIBCLANG_SONAME
#error "meson defines RG_LIBCLANG_SONAME (the soname of the libclang revgen was built against)"
#endif

struct rg_libclang rg_libclang_api;
const char rg_libclang_soname[] = RG_LIBCLANG_SONAME;
static char failure[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void open_libclang(void)
{
	/* the soname the build linked against before: the same ABI, found
	 * the way the dynamic linker would have found it */
	void *h = dlopen(RG_LIBCLANG_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(failure, sizeof(failure),
			 "cannot load libclang (%s): %s; it is in Debian's libclang1-14 package",
			 RG_LIBCLANG_SONAME, dlerror());
		return;
	}
#define RG_LIBCLANG_RESOLVE(f) \
	RG_DLIB_RESOLVE(h, rg_libclang_api, f, failure, "libclang (" RG_LIBCLANG_SONAME ")")
	RG_LIBCLANG_FUNCTIONS(RG_LIBCLANG_RESOLVE)
#undef RG_LIBCLANG_RESOLVE
	/* the handle stays open for the life of the process */
}

int rg_libclang_open(struct rg_error *err)
{
	pthread_once(&once, open_libclang);
	if (failure[0])
		return rg_error_set(err, "%s", failure);
	return 0;
}
