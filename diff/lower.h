/*
 * lower.h - what a model's C types imply on one database beyond a column
 * type, added to the models once they are loaded (introspect/loader.c),
 * before their names are made (diff/naming.h).
 */
#ifndef RG_LOWER_H
#define RG_LOWER_H

#include "diff/compare.h"
#include "diff/schema.h"

/*
 * What a model's C types say that a column type of d's database cannot:
 * an unsigned C integer (the generic "... UNSIGNED" types) where the
 * database has no unsigned types gets a signed type that holds its range
 * (render_type) and an unnamed CHECK ("col" >= 0), so a negative value is
 * refused as C would never hold it.  A C enum (the generic "ENUM"):
 * where the database names enumerated types (PostgreSQL), one struct
 * rg_enum per enum in s->enums; where it has no ENUM column type either
 * (SQLite), a CHECK ("col" IN ('label', ...)).  A C array of a scalar
 * (the generic "<type>[n]"): where the database has array columns, a
 * CHECK (cardinality("col") = n).  -1 with err naming the model's
 * file:line for a type the database has nothing to hold (a 64-bit
 * unsigned integer on SQLite, whose integers are 64-bit signed; two enums
 * of one name with other labels; an enum named as a table; a C array
 * where the database has no array columns).  Run on
 * models once they are loaded, before their names are made.
 */
int rg_compare_lower_models(const struct rg_compare *d, struct rg_schema *s,
			    struct rg_error *err);

#endif
