/*
 * progress.h - statement-by-statement progress of the revisions that run
 * outside a transaction, so that an interrupted one can be resumed.
 *
 * Such a revision (every MySQL/MariaDB revision with a statement that
 * commits by itself, and "-- Transaction: no" on any dialect) has a row in
 * "<version_table>_progress" while it runs: how many of its statements are
 * applied, the checksum of its file, and, while a DDL statement runs, its
 * number and a fingerprint of the catalog taken before it.  No statement
 * runs twice:
 *
 *   - DML runs in one transaction with the row's update;
 *   - DDL is recorded as pending, run, recorded as done; after a crash with
 *     a statement pending, the catalog tells whether it took effect (its
 *     fingerprint changed), or, for a statement whose effect the catalog
 *     does not show, the run stops and names the statement to check and
 *     the `revgen resolve` command that says what happened;
 *   - session statements (SET, PRAGMA, USE) hold no data: they run again
 *     on resuming, before the first statement not applied.
 *
 * The row goes in the same transaction that moves the version table.
 */
#ifndef RG_PROGRESS_H
#define RG_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "emit/dialect.h"
#include "runner/graph.h"
#include "runner/runner.h"
#include "runner/split.h"
#include "util/util.h"

struct rg_progress {
	char *id;
	bool up;
	size_t applied, total;
	char checksum[17];
	size_t pending;	  /* 1-based number of the statement running when a run stopped; 0: none */
	char catalog[17]; /* the catalog's fingerprint before that statement */
	char *error;	  /* the message of the statement that failed, or NULL */
};

/* "<version_table>_progress" */
void rg_progress_table(struct rg_buf *out, const char *version_table);
/* The rows (none when the table does not exist). */
int rg_progress_read(struct rg_conn *c, const char *version_table,
		     struct rg_progress **out, size_t *n, struct rg_error *err);
void rg_progress_free(struct rg_progress *p, size_t n);

/* "partly applied: 57 of 201 statements; next: versions/x.sql:64", and
 * what else the row says (a pending statement, the error, a changed file). */
void rg_progress_describe(struct rg_buf *out, const struct rg_graph *g,
			  const struct rg_progress *p);

/* True when revision r runs statement by statement on d (see above). */
bool rg_progress_tracked(const struct rg_dialect *d, const struct rg_revision *r,
			 const struct rg_stmt *s, size_t n);

/* Fails unless the plan goes on with the partly applied revision, if
 * there is one: its first step, in the same direction. */
int rg_progress_check_plan(struct rg_conn *c, const struct rg_graph *g,
			   const struct rg_plan *plan, const char *version_table,
			   struct rg_error *err);

/* Runs the statements of r not applied yet, recording each; the version
 * table is the caller's (with rg_progress_delete_sql in its transaction). */
int rg_progress_run(struct rg_conn *c, const struct rg_revision *r, bool up,
		    const struct rg_stmt *s, size_t n, const char *version_table,
		    struct rg_error *err);
/* The statement that deletes r's row. */
void rg_progress_delete_sql(struct rg_buf *out, const struct rg_dialect *d,
			    const char *version_table, const char *id);
/* `revgen resolve REV --ran N`: the first n statements of r's file as it
 * is now are applied, nothing is pending. */
int rg_progress_set_ran(struct rg_conn *c, const struct rg_progress *p,
			const struct rg_revision *r, size_t n, const char *version_table,
			struct rg_error *err);

#endif
