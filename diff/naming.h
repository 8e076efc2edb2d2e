/*
 * naming.h - the names revgen gives the keys, constraints and indexes a
 * model does not name (revgen.ini's naming_pk, naming_fk, naming_uq,
 * naming_ix, naming_ck, read and checked by config/config.c).
 *
 * A convention is text with fields in braces: {table}, {columns} (the
 * object's columns joined by '_'; for a check, which has no column list,
 * its number among the table's unnamed checks) and, for foreign keys, {ref_table}.
 * The defaults are revgen's historical names: pk_{table},
 * fk_{table}_{columns}_{ref_table}, uq_{table}_{columns},
 * ix_{table}_{columns}, ck_{table}_{columns}.
 *
 * Names matter only when an object is created: the differ matches
 * unnamed objects by their definition, so changing the convention never
 * renames what a database already has.
 */
#ifndef RG_NAMING_H
#define RG_NAMING_H

#include "config/config.h"
#include "diff/schema.h"

/* Gives every object of s whose name is NULL and that the model did not
 * name its conventional name (conv: RG_NAMING__COUNT conventions as
 * config.h's naming, each NULL for the default; conv NULL: all defaults),
 * then sorts s again (rg_schema_sort). */
void rg_schema_apply_naming(struct rg_schema *s, char *const *conv);

#endif
