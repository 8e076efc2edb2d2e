/*
 * views.h - the differ's part for views (struct rg_table with view_query,
 * in a schema's views).  Views are dropped before anything else of a
 * revision and created after everything else: a view reads tables (and
 * other views), so every table it reads exists and has its new columns
 * when it is created, and no table change meets a view the revision
 * replaces.  Among views, a view is created after those it reads and
 * dropped before them.
 *
 * Which views: while the models declare none, the database's views are
 * left alone (they are only what a table change must keep, struct
 * rg_dependent).  Once the models declare a view, they describe every
 * view: one of the database's that no model declares is dropped.
 */
#ifndef RG_VIEWS_H
#define RG_VIEWS_H

#include "diff/compare.h"
#include "diff/oplist.h"

/*
 * The operations that bring from's views to to's: *pre (DROP_VIEW, to run
 * first) and *post (CREATE_VIEW, REPLACE_VIEW, to run last), malloc'd
 * arrays of *npre and *npost (free them); exclude: globs of names left
 * alone; every_view: from's views are the models' to manage even when to
 * declares none (a scratch database emptied).  A view whose query (as compared below) or kind changed is
 * replaced in place where the database can (RG_CAP_REPLACE_VIEW), else
 * dropped and created, and so is each view of the models that reads one
 * dropped so (the database would refuse the DROP or keep it broken).
 *
 * Queries compare as the server keeps them: the model's view_canon (the
 * server's text of its query, asked by the dialect's connection) against
 * the catalog's, both through rg_sql_canon; without view_canon the
 * model's own text.  -1 with err naming the model's file:line when a view
 * whose query is the database's has other columns than its struct's
 * fields (names and count).
 */
int rg_diff_views(const struct rg_schema *from, const struct rg_schema *to,
		  const struct rg_compare *d, const char *const *exclude, size_t nexclude,
		  bool every_view, struct rg_op **pre, size_t *npre, struct rg_op **post, size_t *npost,
		  struct rg_error *err);

/* The view of s the database takes name for (d's rule for table names),
 * or NULL. */
const struct rg_table *rg_view_find(const struct rg_compare *d, const struct rg_schema *s,
				    const char *name);

/* -1 with err naming model's file:line when cols (the columns the
 * database reports for its query) are not the struct's fields, by name
 * and count (under d's rule for column names). */
int rg_view_check_columns(const struct rg_compare *d, const struct rg_table *model,
			  const char *const *cols, size_t ncols, struct rg_error *err);

/* True when the word name (bare, any case; or quoted "", ``, []) is in
 * sql outside string literals: what a query reads, as far as its text
 * says. */
bool rg_sql_names_object(const char *sql, const char *name);

#endif
