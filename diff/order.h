/*
 * order.h - the differ's orderings (order.c), between differ.c and it.
 */
#ifndef RG_ORDER_H
#define RG_ORDER_H

#include <stdbool.h>
#include <stddef.h>

#include "diff/compare.h"
#include "diff/oplist.h"
#include "diff/schema.h"

/* One schema's tables (exclusions left out), sorted by name under the
 * database's rule for table names (rg_name_cmp). */
struct rg_tindex {
	const struct rg_table **t;
	size_t n;
	enum rg_name_rule rule;
};

/* The position of the table named name in ix (as the database compares
 * names), or -1. */
long rg_tindex_find(const struct rg_tindex *ix, const char *name);
/*
 * The indexes into ix of the tables sel marks, each after the tables its
 * foreign keys point at (a cycle is broken by name); *n of them, malloc'd.
 */
size_t *rg_fk_order(const struct rg_tindex *ix, const bool *sel, size_t *n);
/* pos[i]: where table i of the index is in order[0..n), or -1 (malloc'd). */
long *rg_fk_positions(const size_t *order, size_t n, size_t ntables);
/* t's indexes sorted by name, unnamed last (malloc'd). */
const struct rg_index **rg_sorted_indexes(const struct rg_table *t);
/* Sorts one step's operations (a stable merge sort; tmp holds n). */
void rg_sort_ops(struct rg_op *v, size_t n, struct rg_op *tmp);
/* Sets op->table and op->column of ops[0..n): the names when each
 * operation runs, given the renames before it. */
void rg_assign_names(struct rg_op *ops, size_t n);

/*
 * What foreign keys rest on (steps 1 and 9 of differ.c): the changes of a
 * diff to the tables it keeps that a foreign key cannot stay through --
 * the key or index that backs its referenced columns dropped or added, a
 * referenced column added or dropped, a column of either side changed in
 * type or character set.  PostgreSQL refuses to drop a key a foreign key
 * depends on and InnoDB to change a column one uses; a table created
 * before a key it references is added cannot declare the reference.
 */
struct rg_fk_deps;
/* Names of tables and columns are compared under the database's rules. */
struct rg_fk_deps *rg_fk_deps_new(enum rg_name_rule tables, enum rg_name_rule columns);
void rg_fk_deps_free(struct rg_fk_deps *d); /* accepts NULL */
/* Takes in what ops change (any ops; the kinds above count). */
void rg_fk_deps_add(struct rg_fk_deps *d, const struct rg_op *ops, size_t n);
/* Once every rg_fk_deps_add is done, before rg_fk_deps_hit. */
void rg_fk_deps_sort(struct rg_fk_deps *d);
/* True when fk, of the table named table, rests on something d changes:
 * with to_side, fk and table are the models' (names after the diff),
 * else the database's.  False for d or fk NULL. */
bool rg_fk_deps_hit(const struct rg_fk_deps *d, bool to_side, const char *table,
		    const struct rg_fk *fk);

#endif
