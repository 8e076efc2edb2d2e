/*
 * dlib.h - the one way revgen resolves a library it opens with dlopen()
 * instead of linking it (libclang.h and libpq.h say why each is).
 *
 * A library's functions live in a table whose members carry the
 * library's own names and declared types (typeof of its prototypes), so a
 * call reads `C->clang_visitChildren(...)` and is type-checked as usual.
 * RG_DLIB_RESOLVE fills one member from handle h, or writes why not into
 * the char array `failure` and returns from the enclosing function.
 */
#ifndef RG_DLIB_H
#define RG_DLIB_H

#include <dlfcn.h>
#include <stdio.h>

#define RG_DLIB_MEMBER(f) __typeof__(f) *f;

/* dlsym returns void *; POSIX guarantees it converts to a function
 * pointer, which is what the union spells without a cast warning */
#define RG_DLIB_RESOLVE(h, table, f, failure, lib)                                     \
	{                                                                              \
		union {                                                                \
			void *p;                                                       \
			__typeof__(f) *fn;                                             \
		} u = {dlsym(h, #f)};                                                  \
		if (!u.p) {                                                            \
			snprintf(failure, sizeof(failure), "%s has no %s", lib, #f);    \
			return;                                                        \
		}                                                                      \
		(table).f = u.fn;                                                      \
	}

#endif
