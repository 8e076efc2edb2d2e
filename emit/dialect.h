/*
 * dialect.h - one database dialect behind one interface.
 *
 * A dialect is a `const struct rg_dialect` holding everything that differs
 * between SQLite, PostgreSQL and MySQL.  Each is made of three parts, one
 * per stage, found by the dialect's name:
 *
 *   introspect/<d>.c   the connection and the catalog reader
 *   diff/<d>.c         canonical forms for comparison (struct rg_compare)
 *   emit/<d>.c         the SQL renderer
 *
 * and emit/dialect.c puts the three together.  The runner and the commands
 * talk to this interface; the differ sees only the comparison part.
 */
#ifndef RG_DIALECT_H
#define RG_DIALECT_H

#include "diff/compare.h"
#include "diff/differ.h"
#include "diff/schema.h"
#include "introspect/conn.h"
#include "util/util.h"

struct rg_url;

/* The server a revision is written for, as far as the low-lock forms of
 * render_online depend on it; known false: the newest behaviour. */
struct rg_server {
	bool known;
	bool mariadb;
	int major, minor, patch;
	/* MySQL: the sessions' sql_mode is strict (STRICT_TRANS_TABLES or
	 * STRICT_ALL_TABLES), which NOT NULL in place needs */
	bool strict;
};

/* Capabilities the runner asks about (the differ's are in diff/compare.h). */
#define RG_CAP_TRANSACTIONAL_DDL 0x01u /* DDL rolls back with the transaction */

struct rg_dialect {
	const char *name; /* "sqlite", "postgresql", "mysql" */
	unsigned caps;

	/* ---- comparing (diff/<d>.c) ---- */

	const struct rg_compare *compare;

	/* ---- rendering (emit/<d>.c; no connection needed) ---- */

	/* Appends ident, quoted only if it must be, always correctly. */
	void (*quote_ident)(struct rg_buf *out, const char *ident);
	/* The same for the name of a table, view, type, sequence or domain,
	 * which on PostgreSQL can be "schema.name" (diff/schema.h). */
	void (*quote_rel)(struct rg_buf *out, const char *name);
	/*
	 * Appends the SQL of ops, one statement per line group, each ending in
	 * ";\n", with a "-- WARNING: <op->warning>" line above each destructive
	 * operation.  Statement text must survive rg_split_sql().
	 */
	int (*render_ops)(const struct rg_dialect *d, const struct rg_oplist *ops,
			  struct rg_buf *out, struct rg_error *err);
	/*
	 * render_ops with the statements that would hold a long lock on a
	 * table in use written, where srv can, in a form that does not
	 * (`revision --autogenerate --online`).  *no_tx set: those forms only
	 * help when each statement commits by itself (PostgreSQL's CREATE
	 * INDEX CONCURRENTLY, a VALIDATE apart from the ADD that holds its
	 * lock to COMMIT), so the revision runs outside a transaction.  NULL:
	 * the dialect has no such forms (SQLite).
	 */
	int (*render_online)(const struct rg_dialect *d, const struct rg_oplist *ops,
			     const struct rg_server *srv, struct rg_buf *out, bool *no_tx,
			     struct rg_error *err);

	/* ---- connection and catalog (introspect/<d>.c) ---- */

	/* Opens the client library, once per process, from any thread (the
	 * first call does the work, the others wait for it); NULL when it is
	 * linked.  -1 with err set when it cannot be had. */
	int (*open_client)(struct rg_error *err);
	int (*connect)(struct rg_conn **out, const struct rg_url *url,
		       struct rg_error *err);
	void (*disconnect)(struct rg_conn *c); /* accepts NULL */
	/* Runs one statement (or a batch without results). The message on
	 * failure is the database's own. */
	int (*exec)(struct rg_conn *c, const char *sql, struct rg_error *err);
	/* Runs a query and returns the first column of every row as malloc'd
	 * strings (NULL values become NULL entries). */
	int (*query_column)(struct rg_conn *c, const char *sql, char ***rows,
			    size_t *nrows, struct rg_error *err);
	/* True when the table exists (version table). */
	int (*table_exists)(struct rg_conn *c, const char *table, bool *out,
			    struct rg_error *err);
	int (*introspect)(struct rg_conn *c, const struct rg_introspect_opts *o,
			  struct rg_schema **out, struct rg_error *err);
	/*
	 * Sets in s the key parts of the indexes of the tables named (every
	 * table when n is 0) that introspect's fast read cannot show; NULL
	 * when it shows them all.  MySQL: prefix and DESC parts, which
	 * InnoDB's dictionary views do not show and STATISTICS, slow on a
	 * large schema, does.  Asked for the tables whose models have such a
	 * part (a model's email(191) is otherwise a difference forever), and
	 * by inspect for all.
	 */
	int (*reread_key_parts)(struct rg_conn *c, struct rg_schema *s,
				const char *const *tables, size_t n, struct rg_error *err);
	/*
	 * Gives each view of models that db has too its view_canon: the
	 * server's own text of the model's query, read from a scratch view
	 * that is then dropped (diff/views.h compares it with db's); -1 with
	 * err when a struct's fields are not the columns the server gives its
	 * query.  A query the server refuses keeps no view_canon (it differs
	 * from the database's, which the server took).  NULL: the database
	 * keeps a view's text as written (SQLite).
	 */
	int (*view_texts)(struct rg_conn *c, const struct rg_schema *db,
			  struct rg_schema *models, struct rg_error *err);
	/* Statements sent on this connection so far (for `-v`, and the tests
	 * that hold introspection to a constant number). */
	unsigned long (*statement_count)(const struct rg_conn *c);
	int (*begin)(struct rg_conn *c, struct rg_error *err);
	int (*commit)(struct rg_conn *c, struct rg_error *err);
	int (*rollback)(struct rg_conn *c, struct rg_error *err);
	/* Held for a whole upgrade/downgrade run. */
	int (*lock)(struct rg_conn *c, struct rg_error *err);
	int (*unlock)(struct rg_conn *c, struct rg_error *err);
	/*
	 * Optional hooks around one revision (NULL when the dialect needs
	 * none).  SQLite uses them for the table-rebuild procedure: foreign keys
	 * off before BEGIN (the pragma is a no-op inside a transaction), a
	 * foreign_key_check before COMMIT that fails the revision if any row
	 * would be orphaned, foreign keys back on after COMMIT or ROLLBACK.
	 */
	int (*before_revision)(struct rg_conn *c, struct rg_error *err);
	int (*check_revision)(struct rg_conn *c, struct rg_error *err);
	int (*after_revision)(struct rg_conn *c, struct rg_error *err);
	/* The same hooks as SQL text for `--sql` output (NULL: none). */
	const char *offline_before_revision;
	const char *offline_after_revision;
	/* The query of introspect/fingerprint.h: what the runner hashes to
	 * tell whether a DDL statement cut short by a crash took effect. */
	const char *catalog_sql;
};

extern const struct rg_dialect rg_dialect_sqlite;
extern const struct rg_dialect rg_dialect_postgresql;
extern const struct rg_dialect rg_dialect_mysql;

/* The dialect for a URL scheme ("sqlite", "postgresql", "postgres",
 * "mysql", "mariadb"); NULL when none. */
const struct rg_dialect *rg_dialect_for_scheme(const char *scheme);

/* The version table of SPEC §7, created if it is not there. */
void rg_sql_version_table_ddl(struct rg_buf *out, const struct rg_dialect *d,
			      const char *table);

/* d->connect, and the connection says it is d's: use this, not
 * d->connect, to open one. */
int rg_dialect_connect(const struct rg_dialect *d, struct rg_conn **out,
		       const struct rg_url *url, struct rg_error *err);

#endif
