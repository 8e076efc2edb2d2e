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
 * A made-up name longer than the database keeps (PostgreSQL: 63 bytes,
 * MySQL: 64 characters) is its start, cut between two characters, '_' and
 * 8 hex digits of a hash of the whole name, as SQLAlchemy's convention
 * does: it fits, is the same every time, and is what the catalog gives
 * back.
 *
 * Names matter only when an object is created: the differ matches
 * unnamed objects by their definition, so changing the convention never
 * renames what a database already has.
 */
#ifndef RG_NAMING_H
#define RG_NAMING_H

#include "config/config.h"
#include "diff/compare.h"
#include "diff/schema.h"

/* Gives every object of s whose name is NULL and that the model did not
 * name its conventional name (conv: RG_NAMING__COUNT conventions as
 * config.h's naming, each NULL for the default; conv NULL: all defaults),
 * then sorts s again (rg_schema_sort).  With d, a made-up name longer
 * than d->name_max is cut to fit and ends in '_' and 8 hex digits of a
 * hash of the whole name; a name the models wrote that is longer is an
 * error naming its file:line (-1, err set, s left as it was). */
int rg_schema_apply_naming(struct rg_schema *s, char *const *conv,
			   const struct rg_compare *d, struct rg_error *err);

#endif
