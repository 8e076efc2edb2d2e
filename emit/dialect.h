/*
 * dialect.h - one database dialect behind one interface.
 *
 * A dialect is a `const struct rg_dialect` holding everything that differs
 * between SQLite, PostgreSQL and MySQL: connecting, reading the catalog,
 * quoting, spelling types, canonical forms for comparison, rendering
 * operations, transactions and locks.  The differ, the runner and the
 * commands only ever talk to this interface.
 *
 * Connections: a dialect's connection struct starts with a struct rg_conn,
 * so the generic code can carry it around.
 */
#ifndef RG_DIALECT_H
#define RG_DIALECT_H

#include "diff/differ.h"
#include "diff/schema.h"
#include "util/util.h"

struct rg_url;

/* Capabilities the differ and runner ask about. */
#define RG_CAP_COMMENTS 0x01u        /* table/column comments exist */
#define RG_CAP_TRANSACTIONAL_DDL 0x02u /* DDL rolls back with the transaction */
#define RG_CAP_NAMED_PK 0x04u        /* the catalog keeps primary key names */
#define RG_CAP_ALTER_COLUMN 0x08u    /* can ALTER a column in place */
#define RG_CAP_RESTRICT_IS_NO_ACTION 0x10u /* InnoDB: the two are one, and
					      the catalog says RESTRICT */

struct rg_conn {
	const struct rg_dialect *dialect;
};

struct rg_introspect_opts {
	/* Tables to leave out: globs (exclude_tables) plus the version table. */
	const char *const *exclude;
	size_t nexclude;
};

struct rg_dialect {
	const char *name; /* "sqlite", "postgresql", "mysql" */
	unsigned caps;

	/* ---- rendering (no connection needed) ---- */

	/* Appends ident, quoted only if it must be, always correctly. */
	void (*quote_ident)(struct rg_buf *out, const char *ident);
	/* Appends the column's type in this dialect's spelling (generic types
	 * translated, RG_TYPE passed through). */
	void (*render_type)(struct rg_buf *out, const struct rg_column *c);
	/* Canonical forms for comparison: two spellings the database treats
	 * as the same must come out byte-identical.  Each depends on its
	 * input text alone: the differ computes a form once per distinct
	 * text. */
	void (*canon_type)(struct rg_buf *out, const char *type);
	void (*canon_default)(struct rg_buf *out, const char *expr);
	void (*canon_expr)(struct rg_buf *out, const char *expr); /* CHECK */
	/* True when a column of this type numbers itself, as if it were
	 * autoincrement (PostgreSQL's serial types); NULL: no such type. */
	bool (*type_autoincrements)(const char *type);
	/*
	 * Appends the SQL of ops, one statement per line group, each ending in
	 * ";\n", with a "-- WARNING: <op->warning>" line above each destructive
	 * operation.  Statement text must survive rg_split_sql().
	 */
	int (*render_ops)(const struct rg_dialect *d, const struct rg_oplist *ops,
			  struct rg_buf *out, struct rg_error *err);

	/* ---- connection ---- */

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
};

extern const struct rg_dialect rg_dialect_sqlite;
extern const struct rg_dialect rg_dialect_postgresql;
extern const struct rg_dialect rg_dialect_mysql;

/* The dialect for a URL scheme ("sqlite", "postgresql", "postgres",
 * "mysql", "mariadb"); NULL when none. */
const struct rg_dialect *rg_dialect_for_scheme(const char *scheme);

void rg_free_rows(char **rows, size_t n);

/*
 * The canonical text of an SQL fragment (a type, a default, a CHECK
 * expression) for comparisons: outside quotes, letters upper-cased and
 * whitespace dropped except a single space between two word characters;
 * parentheses that wrap the whole fragment stripped.  Quoted text is kept
 * byte for byte.  Dialects build their canon_* on it.
 */
void rg_sql_canon(struct rg_buf *out, const char *sql);
/* True when the fragment is a literal: a number, a '...' string, NULL,
 * TRUE or FALSE. */
bool rg_sql_is_literal(const char *sql);
/* Appends s as an SQL string literal ('' doubled). */
void rg_sql_string(struct rg_buf *out, const char *s);

/* Builders every dialect's renderer shares, quoting through d. */
/* "(a, b)"; a name that starts with '(' is an index expression, kept as
 * the catalog gave it. */
void rg_sql_names(struct rg_buf *out, const struct rg_dialect *d,
		  const char *const *names, size_t n);
/* "[CONSTRAINT name ]FOREIGN KEY (a) REFERENCES t (b)[ ON DELETE x]..." */
void rg_sql_fk_clause(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_fk *f);
/* "[CONSTRAINT name ]" */
void rg_sql_constraint_name(struct rg_buf *out, const struct rg_dialect *d,
			    const char *name);
/* A CREATE TABLE's named UNIQUE and CHECK constraints, each after sep. */
void rg_sql_uniques_checks(struct rg_buf *out, const struct rg_dialect *d,
			   const struct rg_table *t, const char *sep);
/* A CREATE TABLE's FOREIGN KEY constraints, each after sep. */
void rg_sql_foreign_keys(struct rg_buf *out, const struct rg_dialect *d,
			 const struct rg_table *t, const char *sep);
/* The version table of SPEC §7, created if it is not there. */
void rg_sql_version_table_ddl(struct rg_buf *out, const struct rg_dialect *d,
			      const char *table);
/* Renders each operation with one(), a blank line between the ones that
 * say something. */
void rg_sql_render_each(struct rg_buf *out, const struct rg_oplist *ops,
			void (*one)(struct rg_buf *out, const struct rg_op *op));

#endif
