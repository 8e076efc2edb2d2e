/*
 * lint.h - the analyser behind `revgen lint`: what a revision's statements
 * do to a database that is in use, per dialect and server version.
 *
 * Its parts:
 *   parse.c   each statement of a section (runner/split.c) classified by a
 *             tokenizer: its kind, its table and, for ALTER TABLE, each
 *             action with what it adds, drops, renames or changes
 *   rules.c   the rule table and the rules of each statement: findings with
 *             a rule id, a category, a severity, a reason and a remedy
 *   locks.c   the lock and rewrite rules per dialect and server version
 *   undo.c    whether the downgrade undoes the upgrade; lint-ignore comments
 *   live.c    the questions a live database answers for the data-dependent
 *             rules (has rows, duplicates, NULLs, values that do not fit)
 * Everything a finding or a statement holds lives in the arena of the
 * struct rg_lint that made it.
 */
#ifndef RG_LINT_H
#define RG_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "emit/dialect.h"
#include "runner/revision.h"
#include "util/util.h"

/* ---- statements ---- */

enum rg_lint_kind {
	RG_LK_OTHER,
	RG_LK_CREATE_TABLE,
	RG_LK_DROP_TABLE,
	RG_LK_ALTER_TABLE,
	RG_LK_RENAME_TABLE, /* MySQL's RENAME TABLE a TO b */
	RG_LK_CREATE_INDEX,
	RG_LK_DROP_INDEX,
	RG_LK_INSERT,       /* INSERT INTO table ... (SELECT ... FROM from) */
	RG_LK_SET,          /* SET [SESSION|LOCAL] name ... */
	RG_LK_ENUM_ADD_VALUE, /* PostgreSQL's ALTER TYPE ... ADD VALUE */
	RG_LK_REINDEX,
	RG_LK_VACUUM,
};

enum rg_lint_act {
	RG_LA_OTHER,
	RG_LA_ADD_COLUMN,
	RG_LA_DROP_COLUMN,
	RG_LA_RENAME_COLUMN,
	RG_LA_RENAME_TABLE,
	RG_LA_ALTER_TYPE,   /* PostgreSQL ALTER COLUMN TYPE */
	RG_LA_MODIFY,       /* MySQL MODIFY / CHANGE: the column again */
	RG_LA_SET_NOT_NULL,
	RG_LA_DROP_NOT_NULL,
	RG_LA_SET_DEFAULT,
	RG_LA_DROP_DEFAULT,
	RG_LA_ADD_FK,
	RG_LA_ADD_CHECK,
	RG_LA_ADD_UNIQUE,   /* UNIQUE constraint or MySQL's ADD UNIQUE KEY */
	RG_LA_ADD_PK,
	RG_LA_ADD_INDEX,    /* MySQL's ADD [FULLTEXT|SPATIAL] INDEX/KEY */
	RG_LA_DROP_CONSTRAINT,
	RG_LA_DROP_PK,
	RG_LA_DROP_INDEX,   /* MySQL's DROP INDEX/KEY */
	RG_LA_VALIDATE,
	RG_LA_ALGORITHM,    /* MySQL's ALGORITHM=x; value in type */
	RG_LA_CONVERT_CHARSET,
};

struct rg_lint_action {
	enum rg_lint_act kind;
	char *column;   /* the column added, dropped, changed (CHANGE: the old name) */
	char *new_name; /* a rename's target; CHANGE's new name */
	char *type;     /* a column's type as written; ALGORITHM's value */
	char *constraint; /* a constraint's or index's name */
	char *default_expr; /* as written; NULL when none */
	char *ref_table;  /* a foreign key's */
	char **columns;   /* key columns when every part is a plain column */
	size_t ncolumns;
	char *check;      /* a CHECK's expression, as written */
	char *charset;    /* a column's CHARACTER SET; NULL: the table's */
	bool not_null;
	bool volatile_default; /* a default computed per row: random(), nextval()... */
	bool fills;       /* serial, identity, AUTO_INCREMENT, STORED generated */
	bool generated;   /* GENERATED ALWAYS AS / AS (...): computed, not kept */
	bool positioned;  /* MySQL FIRST / AFTER */
	bool not_valid;
	bool using_index; /* ADD CONSTRAINT ... USING INDEX */
	bool fulltext;
};

struct rg_lint_stmt {
	enum rg_lint_kind kind;
	unsigned line;
	const char *sql;
	char *table;   /* the table it is on; for RENAME TABLE the old name */
	char *object;  /* an index's name; a rename's new name; INSERT's source; SET's name */
	char *value;   /* SET's value */
	char **columns; /* CREATE INDEX's, when plain columns; INSERT's list */
	size_t ncolumns;
	char **sources; /* INSERT ... SELECT's list: a plain column, or NULL */
	size_t nsources;
	bool concurrently, unique, temporary;
	struct rg_lint_action *acts; /* ALTER TABLE's; CREATE TABLE's columns (ADD_COLUMN) */
	size_t nacts;
};

struct rg_arena;

/* Classifies one statement of a dialect ("sqlite", "postgresql", "mysql");
 * never fails: what it does not know is RG_LK_OTHER / RG_LA_OTHER. */
void rg_lint_classify(struct rg_arena *a, const char *dialect, const char *sql,
		      unsigned line, struct rg_lint_stmt *out);

/* ---- findings ---- */

enum rg_lint_severity { RG_LINT_NOTICE, RG_LINT_WARNING, RG_LINT_ERROR };

const char *rg_lint_severity_name(enum rg_lint_severity s);
/* "notice", "warning", "error"; -1 for anything else */
int rg_lint_severity_parse(const char *s);

struct rg_lint_finding {
	const struct rg_revision *rev;
	unsigned line;        /* in rev->path */
	const char *section;  /* "upgrade" or "downgrade" */
	const char *rule;     /* e.g. "pg-create-index" */
	const char *category; /* destructive, data, lock, incompatible, hygiene */
	enum rg_lint_severity severity;
	char *message;        /* the reason, one line */
	const char *remedy;   /* one line */
	char *silenced;       /* the reason a lint-ignore comment gave; NULL */
};

/* The server a revision runs on: its version decides what locks or
 * rewrites (ADD COLUMN ... DEFAULT before PostgreSQL 11, INSTANT columns
 * in MySQL 8.0.12 and 8.0.29, MariaDB 10.3 and 10.4).  Unknown: the newest
 * behaviour of each. */
struct rg_lint_server {
	bool known;
	bool mariadb;
	int major, minor, patch;
};

/* Parses "16", "8.0.35", "10.11.6-MariaDB" (as SELECT VERSION() gives it)
 * or PostgreSQL's server_version_num ("160002"). */
int rg_lint_server_parse(struct rg_lint_server *out, const char *dialect,
			 const char *s);

struct rg_lint {
	struct rg_arena *arena;
	const struct rg_dialect *dialect;
	struct rg_lint_server server;
	/* The database the pending revisions will run on: the data-dependent
	 * rules ask it; NULL: they say what may fail. */
	struct rg_conn *conn;
	struct rg_lint_finding *f;
	size_t n, cap;
};

void rg_lint_init(struct rg_lint *l, const struct rg_dialect *d);
void rg_lint_free(struct rg_lint *l);
/*
 * Appends the findings of one revision.  live: ask l->conn about the data
 * (the revision is not applied yet, and those before it are, so the
 * tables are as it will find them).  -1 with err when the revision does
 * not split into statements or the database fails to answer.
 */
int rg_lint_revision(struct rg_lint *l, const struct rg_revision *rev, bool live,
		     struct rg_error *err);

/* ---- live.c: what the database holds (1 yes, 0 no, -1 error) ---- */

int rg_lint_table_exists(struct rg_conn *c, const char *table, struct rg_error *err);
/* Whether the table has every one of the columns now: not one that a
 * statement before, in the same revision, adds (0 also when the
 * database cannot say, which leaves the question unasked). */
int rg_lint_columns_exist(struct rg_conn *c, const char *table, const char *const *columns,
			  size_t n);
int rg_lint_has_rows(struct rg_conn *c, const char *table, struct rg_error *err);
int rg_lint_has_nulls(struct rg_conn *c, const char *table, const char *column,
		      struct rg_error *err);
int rg_lint_has_duplicates(struct rg_conn *c, const char *table,
			   char *const *columns, size_t n, struct rg_error *err);
/* Values of table.column that type (as written) cannot hold: 0 also when
 * the type's bounds are not known (the caller asks rg_lint_type_bounded). */
int rg_lint_has_misfits(struct rg_conn *c, const char *table, const char *column,
			const char *type, struct rg_error *err);
bool rg_lint_type_bounded(const struct rg_dialect *d, const char *type);
/* A column's type as the database has it now (malloc'd), whether it is NOT
 * NULL and its character set (MySQL; else NULL): 0 when there is no such
 * column, or on SQLite, whose declared types hold any value. */
int rg_lint_column_now(struct rg_conn *c, const char *table, const char *column,
		       char **type, bool *not_null, char **charset, struct rg_error *err);
/* The server's version, asked. */
int rg_lint_server_ask(struct rg_conn *c, struct rg_lint_server *out,
		       struct rg_error *err);

#endif
