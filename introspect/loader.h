/*
 * loader.h - the model loader: reads structs annotated with the RG_ macros
 * of include/revgen.h through libclang and fills a schema.
 */
#ifndef RG_LOADER_H
#define RG_LOADER_H

#include <stddef.h>

#include "diff/compare.h"
#include "diff/schema.h"
#include "util/util.h"

struct rg_loader_opts {
	const char *const *files; /* headers to parse */
	size_t nfiles;
	const char *const *include_dirs; /* extra -I */
	size_t ninclude_dirs;
	const char *const *clang_args; /* extra flags (-D...) */
	size_t nclang_args;
	const char *cache_path; /* the model cache (cache.h); NULL: none */
	/* the naming conventions of what the models leave unnamed
	 * (diff/naming.h): rg_config's naming; NULL: the defaults */
	char *const *naming;
	/* the database's limit on names (diff/compare.h name_max) and what
	 * the models' C types imply on it (diff/lower.h); NULL: none */
	const struct rg_compare *compare;
};

struct rg_loader_stats {
	double clang_ms; /* time spent parsing in libclang */
	double total_ms;
	bool cached;     /* served from the model cache: no parse at all */
	size_t parsed;   /* headers parsed (the others came from the cache) */
};

/*
 * Parses every file (as C headers, with REVGEN_SCAN defined and revgen.h's
 * directory on the include path) and returns the tables they declare.
 * Errors (clang's diagnostics, unknown or misused annotations, references to
 * a missing table or column, two tables of one name) name file:line:col;
 * all of them are listed, one per line, no schema is returned, and the
 * result is -1; -2 means libclang itself could not be had (err says why).
 * stats may be NULL.
 */
int rg_load_models(struct rg_schema **out, const struct rg_loader_opts *o,
		   struct rg_loader_stats *stats, struct rg_error *err);

#endif
