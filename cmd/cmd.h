/*
 * cmd.h - what the subcommands share: the context built from the global
 * options, a table-driven option parser that also writes `--help`, and the
 * set-up a command declares (config, models, revisions, database) with the
 * dispatcher doing it and tearing it down.
 *
 * Commands return their exit status (SPEC §5): 0 success, 1 `check` found a
 * difference, 2 any error.  Errors are printed here, once, as
 * "revgen: error: <where>: <what>".
 */
#ifndef RG_CMD_H
#define RG_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config/config.h"
#include "diff/schema.h"
#include "emit/dialect.h"
#include "runner/graph.h"
#include "util/util.h"

#define RG_EXIT_OK 0
#define RG_EXIT_DIFF 1
#define RG_EXIT_ERROR 2

/*
 * What a command needs set up before its work, as its entry in the command
 * table (main.c) declares it.  rg_cmd_setup() does the steps in this order
 * whatever the command: the models' thread starts before the revisions
 * load and the database connects, so that libclang parses meanwhile.
 */
enum rg_need {
	RG_NEED_CONFIG = 1 << 0, /* ctx->cfg; revgen.ini must exist */
	RG_NEED_MODELS = 1 << 1, /* the models loading on their own thread (rg_cmd_load_models takes them) */
	RG_NEED_GRAPH = 1 << 2,  /* ctx->graph, the revisions in versions/ */
	RG_NEED_DB = 1 << 3,     /* ctx->conn: the database, or with ctx->replay a scratch one (setup.c) */
};

struct rg_ctx {
	struct rg_config_opts copts;
	int verbose;
	bool quiet;
	/* The set-up: the dispatcher sets needs from the command's entry; a
	 * command may change them for its mode before rg_cmd_setup(). */
	unsigned needs;
	unsigned done; /* the steps done so far */
	bool replay;   /* RG_NEED_DB replays the revisions on a scratch database */
	const char *dev_url; /* that database: NULL for SQLite in memory */
	/* What the set-up made; rg_cmd_teardown() frees it. */
	struct rg_config *cfg;
	struct rg_graph *graph;
	struct rg_conn *conn;
	struct rg_models_job *models_job; /* a load not taken yet */
};

/* ---- options ---- */

enum rg_opt_kind { RG_OPT_FLAG, RG_OPT_STRING };

struct rg_option {
	char short_name;       /* 0 = none */
	const char *long_name; /* NULL ends a table */
	enum rg_opt_kind kind;
	const char *argname;   /* for --help: "MSG" */
	const char *help;
	void *value; /* bool * for flags, const char ** for strings */
};

struct rg_command_help {
	const char *usage;   /* "revision -m MSG [--autogenerate] ..." */
	const char *summary; /* one line */
	const char *example; /* may be NULL */
};

/*
 * Parses argv (the command's own arguments, argv[0] being the command
 * name) against opts (the global options are accepted too and set ctx);
 * positional arguments are collected into pos (at most
 * maxpos).  `--help` prints the help and sets *help_shown.  Returns 0, or 2
 * after printing a usage error that suggests the nearest option.
 */
int rg_parse_options(struct rg_ctx *ctx, int argc, char **argv,
		     const struct rg_option *opts,
		     const struct rg_command_help *help, const char **pos,
		     size_t maxpos, size_t *npos, bool *help_shown);

/* ---- reporting ---- */

void rg_cmd_error(const char *fmt, ...) RG_PRINTF(1, 2);
int rg_cmd_fail(const struct rg_error *err); /* prints, returns 2 */
void rg_cmd_info(const struct rg_ctx *ctx, const char *fmt, ...) RG_PRINTF(2, 3);

/* ---- set-up (setup.c) ---- */

/*
 * Does the steps of ctx->needs not done yet.  A command calls it once it
 * has read its arguments, so that their errors come first.  Prints the
 * error and returns 2 on failure.
 */
int rg_cmd_setup(struct rg_ctx *ctx);
/* Does the given steps not done yet, in the same order (each implies the
 * config): for a step a command takes only later, or only in one mode. */
int rg_cmd_need(struct rg_ctx *ctx, unsigned needs);
/* After the command: disconnects (emptying a replay's dev database),
 * frees the revisions, waits for a models load nobody took, ends the spare
 * threads, frees the config. */
void rg_cmd_teardown(struct rg_ctx *ctx);
/* The dialect of the configured URL, without connecting (--sql). */
int rg_cmd_dialect(struct rg_ctx *ctx, const struct rg_dialect **out);
/* The models: those the set-up's thread loaded (RG_NEED_MODELS), waiting
 * for them, else loaded here. */
int rg_cmd_load_models(struct rg_ctx *ctx, struct rg_schema **out);
/* The path of versions/ under script_location (malloc'd). */
char *rg_cmd_versions_dir(const struct rg_ctx *ctx);

/* ---- reading and rendering (common.c) ---- */

/* Introspects the database, leaving out the version table and
 * exclude_tables. */
int rg_cmd_introspect(struct rg_ctx *ctx, struct rg_conn *c,
		      struct rg_schema **out);

/* The same with every key part read as it is (MySQL's prefix and DESC
 * parts): a schema compared with another introspected one (verify.c). */
int rg_cmd_introspect_all(struct rg_ctx *ctx, struct rg_conn *c,
			  struct rg_schema **out);

/* Renders a schema as the SQL that creates it. */
int rg_cmd_schema_sql(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_schema *s, struct rg_error *err);
/* Renders a schema as JSON (docs/json.md). */
char *rg_cmd_schema_json(const struct rg_schema *s);

/* ---- comparing models with the database (check.c) ---- */

/* Fails (2, printed) unless the version table is at the graph's head(s):
 * autogenerate and check compare against the schema the revisions make. */
int rg_cmd_require_head(struct rg_ctx *ctx, struct rg_conn *c,
			const struct rg_graph *g);
/*
 * Loads the models, introspects the database and diffs them into ops
 * (initialised here).  Refuses when the models declare no table but the
 * database has some, unless allow_empty.  *models and *db must be freed by
 * the caller after ops (ops point into them).
 */
int rg_cmd_autodiff(struct rg_ctx *ctx, struct rg_conn *c, bool allow_empty,
		    struct rg_schema **models, struct rg_schema **db,
		    struct rg_oplist *ops);
/* Diffs db (introspected from c) into ops (initialised by the caller)
 * against models, as autogenerate does: the key parts and view texts
 * only the server can tell read first, exclude_tables left out. */
int rg_cmd_diff_db(struct rg_ctx *ctx, struct rg_conn *c, struct rg_schema *models,
		   struct rg_schema *db, struct rg_oplist *ops);
/* One operation as a line of the plan, without indent or marker:
 * "+ add column users.bio VARCHAR(500)". */
void rg_cmd_plan_line(struct rg_buf *out, const struct rg_op *op, const struct rg_dialect *d);
/* Prints ops as a readable plan ("+ add column users.bio VARCHAR(500)"),
 * destructive ones marked. */
void rg_cmd_print_plan(FILE *f, const struct rg_oplist *ops,
		       const struct rg_dialect *d);

/* ---- writing revisions (revision.c) ---- */

struct rg_new_revision {
	const char *message;
	const char *rev_id;   /* NULL: a random one */
	const char *down;     /* "Revises:" text, "" for a root */
	const char *labels;   /* NULL or "" for none */
	const char *depends;  /* NULL or "" for none */
	const char *upgrade, *downgrade;
	const struct rg_oplist *ops; /* for the stderr warnings; may be NULL */
	bool no_transaction;  /* "-- Transaction: no" (--online's forms need it) */
	/* --verify: the models the revision must bring a scratch database
	 * to before the file is written (verify.c); NULL: no verification */
	struct rg_schema *verify_models;
};

/* Renders the project's template and writes the file atomically; prints
 * its path.  Returns an exit status (errors printed). */
int rg_cmd_write_revision(struct rg_ctx *ctx, const struct rg_graph *g,
			  const struct rg_new_revision *nr);

/* ---- lint (lint.c) ---- */

struct rg_lint;
struct rg_revision;
/* pending[i] (g->n of them): whether c has not applied revision i, that
 * is neither its version table nor their ancestors name it. */
int rg_cmd_lint_pending(struct rg_ctx *ctx, struct rg_conn *c, bool *pending);
/* rev's findings into l (initialised here; the caller frees it), with the
 * lock rules of c's server.  live: c is the project's database and rev
 * runs on it next, so its data answers the data rules (as `revgen lint`
 * does for a pending revision); else they say what may fail. */
int rg_cmd_lint_summary(struct rg_lint *l, const struct rg_revision *rev, struct rg_conn *c,
			bool live);
/* path relative to cwd when under it: how forges name a file */
const char *rg_cmd_relative(const char *path, const char *cwd);

/* ---- Markdown summaries for pull requests (summary.c) ---- */

struct rg_summary {
	const char *title;            /* the heading's text (Markdown) */
	const char *intro;            /* a paragraph under it; may be NULL */
	const struct rg_oplist *ops;  /* what changes */
	const char *sql;              /* the SQL that does it */
	const struct rg_schema *after; /* the schema after ops: the diagram's */
	const struct rg_dialect *d;
	/* lint's findings on the SQL; file:line shown when it is a file */
	const struct rg_lint *lint;
	bool lint_lines;
};

/* Appends the summary: the heading, the operations (destructive ones
 * marked), lint's findings (when s->lint), the SQL folded in <details>,
 * and a Mermaid diagram of the tables the operations touch. */
void rg_cmd_markdown(struct rg_buf *out, const struct rg_summary *s);
/* `show REV --format markdown`: the operations of revs[ix], from the
 * schemas a scratch database (dev_url, as --replay's) has before and
 * after it, and lint's findings on it (live: with the project's database,
 * ctx->conn, answering the data rules when it has not applied it). */
int rg_cmd_show_markdown(struct rg_ctx *ctx, size_t ix, const char *dev_url, bool live);

/* ---- verifying a new revision before it is written (verify.c) ---- */

/*
 * Tries the revision text, about to be written to path, on a scratch
 * database holding g's revisions: its upgrade runs, the models then
 * match, its downgrade brings back the schema from before, its upgrade
 * runs again.  The scratch database is ctx->conn under --replay, else one
 * rg_cmd_replay() makes (ctx->dev_url).  Returns 0, or 2 after printing
 * what failed (and the statement, when one did).
 */
int rg_cmd_verify_revision(struct rg_ctx *ctx, const struct rg_graph *g, const char *path,
			   const char *text, struct rg_schema *models);

/* ---- replaying revisions on a scratch database (setup.c) ---- */

/*
 * Connects to a scratch database (an in-memory SQLite for SQLite projects,
 * else dev_url, which is emptied) and applies the revisions to it up to
 * target ("heads": every revision; NULL: none): the schema the revisions
 * make, without the shared database.
 */
int rg_cmd_replay(struct rg_ctx *ctx, const struct rg_graph *g, const char *target,
		  const char *dev_url, struct rg_conn **out);
/* Empties the dev database again after a replay (nothing for in-memory). */
void rg_cmd_replay_done(struct rg_ctx *ctx, struct rg_conn *c, const char *dev_url);
/* Moves the scratch database c from where its version table says: up to
 * target, or (!up) down to it ("-1": one revision back).  0; -1 with err
 * when there is no such plan; -2 with the runner's err (which names the
 * file and line) when a statement fails. */
int rg_cmd_replay_move(struct rg_ctx *ctx, struct rg_conn *c, const struct rg_graph *g, bool up,
		       const char *target, struct rg_error *err);

/* Where the connected database is: the revisions its version table
 * holds and those a run left partly applied (runner/progress.h), both
 * for `current` and `history -i`.  0, or the exit status of the failure
 * (reported). */
struct rg_progress;
int rg_cmd_read_state(struct rg_ctx *ctx, char ***cur, size_t *ncur,
		      struct rg_progress **part, size_t *npart);

/* ---- fleets (fleet.c) ---- */

/*
 * When argv is upgrade, downgrade, current or check and the config section
 * names targets (and no --url or REVGEN_URL one database), runs it once
 * per target, at most -j at once, prints the summary and sets *handled;
 * returns the worst target's exit status.  Otherwise leaves the command
 * to run as usual (*handled false), except for a usage error of the fleet
 * options (handled, 2).
 */
int rg_fleet_run(struct rg_ctx *ctx, int argc, char **argv, bool *handled);
/* In a run a fleet started: tells it the revisions the database is at
 * ("from": before the command's work, "to": after); nothing otherwise. */
void rg_fleet_report(const char *key, char *const *revs, size_t n);

/* ---- commands ---- */

int cmd_init(struct rg_ctx *ctx, int argc, char **argv);
int cmd_revision(struct rg_ctx *ctx, int argc, char **argv);
int cmd_upgrade(struct rg_ctx *ctx, int argc, char **argv);
int cmd_downgrade(struct rg_ctx *ctx, int argc, char **argv);
int cmd_current(struct rg_ctx *ctx, int argc, char **argv);
int cmd_history(struct rg_ctx *ctx, int argc, char **argv);
int cmd_check(struct rg_ctx *ctx, int argc, char **argv);
int cmd_models(struct rg_ctx *ctx, int argc, char **argv);
int cmd_inspect(struct rg_ctx *ctx, int argc, char **argv);
int cmd_merge(struct rg_ctx *ctx, int argc, char **argv);
int cmd_heads(struct rg_ctx *ctx, int argc, char **argv);
int cmd_branches(struct rg_ctx *ctx, int argc, char **argv);
int cmd_show(struct rg_ctx *ctx, int argc, char **argv);
int cmd_stamp(struct rg_ctx *ctx, int argc, char **argv);
int cmd_resolve(struct rg_ctx *ctx, int argc, char **argv);
int cmd_lint(struct rg_ctx *ctx, int argc, char **argv);

#endif
