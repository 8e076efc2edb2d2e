/*
 * enums.h - the differ's part for enumerated types (struct rg_enum), on a
 * database that names them (RG_CAP_ENUM_TYPES: PostgreSQL).  A type is
 * made before anything else of a revision and dropped after everything
 * else, so the columns that use it always find it.
 */
#ifndef RG_ENUMS_H
#define RG_ENUMS_H

#include "diff/compare.h"
#include "diff/oplist.h"

/*
 * The operations that bring from's types to to's, into *pre (to run
 * first: CREATE_TYPE, ALTER_TYPE) and *post (to run last: DROP_TYPE),
 * malloc'd arrays of *npre and *npost (free them); their objects are
 * copies in arena.  A type of the models the database lacks is created,
 * one whose labels differ is altered; one of the database's is dropped
 * only when a column of the database uses it and no column of the models
 * does (so a type no model describes, unused, or used by a column whose
 * RG_TYPE names it, is left alone).
 */
void rg_diff_enums(const struct rg_schema *from, const struct rg_schema *to,
		   const struct rg_compare *d, struct rg_arena *arena,
		   struct rg_op **pre, size_t *npre, struct rg_op **post, size_t *npost);

/* destructive and warning of an enum operation (see struct rg_op). */
void rg_enum_classify(struct rg_op *op, struct rg_arena *arena);

#endif
