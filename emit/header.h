/*
 * header.h - renders a schema as model headers (`revgen inspect --format
 * c`): the C structs, annotated with the macros of include/revgen.h, that
 * declare the tables a database holds, so that a project can adopt an
 * existing database by starting from its own schema.
 */
#ifndef RG_HEADER_H
#define RG_HEADER_H

#include "diff/compare.h"
#include "diff/schema.h"
#include "util/util.h"

/*
 * Appends a whole header to out: a guard named after guard_stem, the
 * includes, and the tables of s (in s's order; only `only` when it is not
 * NULL), typed for the dialect cmp compares with.  Constraint and index
 * names are written wherever they differ from what the naming convention
 * `naming` (RG_NAMING__COUNT entries, each NULL for the default; NULL: all
 * defaults) would give, so that the models name what the database names.
 * What the model language cannot say is written as a C comment naming the
 * object and why.
 */
void rg_header_render(struct rg_buf *out, const struct rg_compare *cmp,
		      char *const *naming, const struct rg_schema *s,
		      const struct rg_table *only, const char *guard_stem);
/* The same with s's views alone (RG_VIEW, RG_MATERIALIZED_VIEW), each a
 * struct of its columns: the header of the views beside one per table.
 * (rg_header_render with only NULL writes them after the tables.) */
void rg_header_render_views(struct rg_buf *out, const struct rg_compare *cmp,
			    const struct rg_schema *s, const char *guard_stem);

/* A whole header (as rg_header_render's) that declares s's standalone
 * sequences alone, or its domains alone (the header of a table with a
 * column of one includes it as "domains.h"); rg_header_render writes them
 * too when `only` is NULL. */
void rg_header_render_sequences(struct rg_buf *out, const struct rg_compare *cmp,
				const struct rg_schema *s, const char *guard_stem);
void rg_header_render_domains(struct rg_buf *out, const struct rg_compare *cmp,
			      const struct rg_schema *s, const char *guard_stem);

/* The file name (without ".h") for table t's header: its name made a C
 * identifier; the caller makes it unique. */
char *rg_header_file_stem(const char *table);

#endif
