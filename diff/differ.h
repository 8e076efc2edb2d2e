/*
 * differ.h - compares two schemas and lists the operations that turn the
 * first ("from", usually the database) into the second ("to", usually the
 * models).
 *
 * Operations carry both sides of the change, so that one list renders the
 * upgrade and rg_oplist_invert() gives the exact downgrade (each operation
 * inverted, in reverse order).  The differ never asks which dialect it has:
 * comparisons go through the dialect's canonical forms and capabilities.
 */
#ifndef RG_DIFFER_H
#define RG_DIFFER_H

#include "diff/oplist.h"
#include "diff/schema.h"

struct rg_compare;

struct rg_diff_opts {
	/* Tables whose name matches one of these globs are left alone. */
	const char *const *exclude;
	size_t nexclude;
	/* The database's views are dropped too when `to` declares none (a
	 * scratch database emptied); without it they are left alone then
	 * (diff/views.h). */
	bool every_view;
};

/*
 * Fills out (initialised by the caller with rg_oplist_init) with the
 * operations that turn `from` into `to`, in an order that can run: drops of
 * foreign keys first, then drops of indexes/constraints, table drops in
 * reverse foreign-key order, renames, creates in foreign-key order, column
 * changes, then new indexes/constraints and foreign keys last.
 * Both schemas must outlive the list.  Deterministic: the same inputs give
 * the same list.
 */
int rg_diff(struct rg_oplist *out, const struct rg_schema *from,
	    const struct rg_schema *to, const struct rg_compare *d,
	    const struct rg_diff_opts *opts, struct rg_error *err);

/* Fills out (initialised by the caller) with the inverse of every operation
 * of in, in reverse order, with destructive/warning recomputed.  out may
 * point into in's arena (the tables of a foreign-key cycle): in must
 * outlive out. */
void rg_oplist_invert(struct rg_oplist *out, const struct rg_oplist *in,
		      const struct rg_compare *d);

#endif
