/*
 * runner.h - applies and reverts revisions, keeping the version table in
 * step (SPEC §7), and prints the same work as SQL for `--sql`.
 *
 * Planning is separate from running so that both the online and the
 * offline path, and the tests, use one notion of "what lies between the
 * current revisions and the target".
 */
#ifndef RG_RUNNER_H
#define RG_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "emit/dialect.h"
#include "runner/graph.h"
#include "util/util.h"

/* The steps to run, as indexes into g->revs, in running order. */
struct rg_plan {
	bool up;
	size_t n;
	size_t *steps;
	/* The version rows before the first step (ids; owned). */
	char **heads;
	size_t nheads;
};

void rg_plan_free(struct rg_plan *p);

/*
 * Resolves one revision of a target: an id, a unique prefix of 4+
 * characters, a branch label, "head" (the one head), "label@head" (the head
 * of that branch), "head-N" (N revisions below the head), "REV+N" and
 * "REV-N" (N steps above or below REV).  Sets *base (and no index) for
 * "base" and for "head-N" reaching below the first revision.
 */
int rg_plan_resolve(const struct rg_graph *g, const char *target, size_t *out,
		    bool *base, struct rg_error *err);

/*
 * Plans an upgrade from the applied heads to target: "head" (the one head;
 * several heads is an error naming them), "heads", "+N", or anything
 * rg_plan_resolve() takes.  Unknown ids among `current` are an error (the
 * version table names a revision no file has).
 */
int rg_plan_upgrade(struct rg_plan *out, const struct rg_graph *g,
		    char *const *current, size_t ncurrent, const char *target,
		    struct rg_error *err);
/* Plans a downgrade to target: "base", "-N", or anything rg_plan_resolve()
 * takes that is applied now. */
int rg_plan_downgrade(struct rg_plan *out, const struct rg_graph *g,
		      char *const *current, size_t ncurrent, const char *target,
		      struct rg_error *err);

/* Reads the version table's rows (none when the table does not exist). */
int rg_runner_current(struct rg_conn *c, const char *version_table,
		      char ***out, size_t *n, struct rg_error *err);

/* Drops the version table if it exists (scratch databases, `stamp base`
 * does not: it only deletes rows). */
int rg_runner_drop_version_table(struct rg_conn *c, const char *version_table,
				 struct rg_error *err);

/*
 * The log of applied revisions, beside the Alembic-shaped version table:
 * "<version_table>_log" (version_num, checksum of the file, applied_at in
 * UTC, duration_ms), one row per applied revision, written in the same
 * transaction as the revision.  out receives the table's name.
 */
void rg_runner_log_table(struct rg_buf *out, const char *version_table);
/* FNV-1a 64 of the file's text, as 16 hex digits: detects an edited file,
 * which is all it is for. */
void rg_runner_checksum(char out[17], const char *text);
/*
 * Fails when a revision the log says was applied has a file whose
 * checksum changed since, naming the file (with what to do); revisions
 * applied before the log existed are not checked.
 */
int rg_runner_verify_checksums(struct rg_conn *c, const struct rg_graph *g,
			       const char *version_table, struct rg_error *err);

struct rg_run_opts {
	const char *version_table;
	bool quiet; /* no progress lines */
	FILE *progress; /* where "Running upgrade ..." lines go (stderr) */
	/* No progress table (progress.h): a scratch database, thrown away
	 * after a failure anyway. */
	bool no_progress;
};

/*
 * Runs a plan against the database: each revision in its own transaction
 * together with its version-table update, or, when it cannot be one
 * (progress.h: outside a transaction, or DDL on MySQL), statement by
 * statement with its progress recorded, resuming where an earlier run of it
 * stopped.  A failing statement rolls its revision back (or leaves it
 * partly applied, recorded) and stops; err then names the file, the
 * statement's line and the database's message, and what state the
 * revision is in.  The caller holds the dialect's lock and has checked the
 * plan with rg_progress_check_plan.
 */
int rg_runner_run(struct rg_conn *c, const struct rg_graph *g,
		  const struct rg_plan *plan, const struct rg_run_opts *o,
		  struct rg_error *err);

/* The version table, its log and the progress table (progress.h) as if
 * revs[idx] had just run in direction up: `revgen resolve REV --applied`.
 * The caller holds the dialect's lock. */
int rg_runner_mark_done(struct rg_conn *c, const struct rg_graph *g, size_t idx,
			bool up, const char *version_table, struct rg_error *err);

/* Appends the SQL that rg_runner_run would execute, version-table DDL and
 * updates included, for `--sql`. */
int rg_runner_sql(struct rg_buf *out, const struct rg_dialect *d,
		  const struct rg_graph *g, const struct rg_plan *plan,
		  const char *version_table, struct rg_error *err);

#endif
