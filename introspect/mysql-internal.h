/*
 * mysql-internal.h - what the three files of the MySQL/MariaDB reader
 * share, and no other file uses:
 *   mysql.c          the connection and its statements;
 *   mysql-exec.c     the executor, which runs a table of catalog reads and
 *                    alone owns the second connection;
 *   mysql-catalog.c  the table of reads: one per kind of object and
 *                    source, each a query, a reader and a fallback;
 *   mysql-galera.c   the deploy lock on a Galera cluster.
 */
#ifndef RG_INTROSPECT_MYSQL_INTERNAL_H
#define RG_INTROSPECT_MYSQL_INTERNAL_H

#include <stdbool.h>

#include "introspect/libmariadb.h"
#include "introspect/mysql.h"

/* libmariadb, opened at the first connection (libmariadb.h) */
#define MY (&rg_libmariadb_api)

struct mysql_conn {
	struct rg_conn base;
	MYSQL *my;
	bool mariadb;
	/* the database's name is letters, digits and _ only, so that InnoDB
	 * spells it (and "db/" prefixes) as it is */
	bool plain_db;
	/* a Galera cluster's node (wsrep_on=ON): the deploy lock is
	 * mysql-galera.c's, and every session reads causally */
	bool galera;
	unsigned long statements;
	/* what a second connection needs (the executor opens one) */
	char *host, *user, *password, *database, *socket;
	unsigned port;
};

/* ---- mysql.c ---- */

/* A session with c's server, user and database, in utf8mb4. */
MYSQL *rg_my_open_session(const struct mysql_conn *c, unsigned long flags,
			  struct rg_error *err);

/*
 * A query whose rows are read as the caller fetches them
 * (mysql_use_result), parsed in libmariadb's network buffer rather than
 * copied whole into fresh memory first; what names the query in a
 * message.  The caller fetches until NULL and then calls
 * rg_my_stream_end(), which tells the end of the rows from a failure.
 */
MYSQL_RES *rg_my_query_stream(struct mysql_conn *c, const char *sql, const char *what,
			      struct rg_error *err);
int rg_my_stream_end(struct mysql_conn *c, MYSQL_RES *r, const char *what,
		     struct rg_error *err);

/* A view's definition as the server keeps it (VIEW_DEFINITION: every
 * name of its own schema qualified, `db`.`t`) without that schema's
 * name, as a model writes it and as CREATE VIEW in another database
 * would take it: appended to out. */
void rg_my_unqualify(struct rg_buf *out, const char *def, const char *schema);
/* The values of MariaDB's standalone sequences, which the tables' read
 * put in s by name (mysql-sequences.c); 0, or -1 with err set. */
/* name as a MySQL identifier in backquotes, appended to q (the reader
 * cannot use emit/'s renderer, a stage above it) */
void rg_my_quote(struct rg_buf *q, const char *name);
int rg_my_read_sequences(struct mysql_conn *c, struct rg_schema *s, struct rg_error *err);

/* A string literal for a query or a default built here. */
void rg_my_literal(struct rg_buf *b, const char *s);

/* ---- mysql-galera.c: the deploy lock across a Galera cluster ---- */

/* Sets a Galera node's session up (mysql-galera.c says how); the status
 * of mysql_real_query. */
int rg_my_galera_session(MYSQL *my);

int rg_my_galera_lock(struct mysql_conn *c, struct rg_error *err);
int rg_my_galera_unlock(struct mysql_conn *c, struct rg_error *err);

/* ---- the catalog: mysql-exec.c runs what mysql-catalog.c lists ---- */

/*
 * A query's rows as a reader takes them: as they arrive on the connection
 * (live), or kept whole, each row an array of its cells, which a reader
 * may go through again (rg_my_rewind).
 */
struct rg_my_rows {
	MYSQL_RES *live;
	char ***v;
	size_t n, cap, next;
};

char **rg_my_next_row(struct rg_my_rows *r);
void rg_my_rewind(struct rg_my_rows *r);

/* What the readers add to, and what they need to know of the server. */
struct rg_my_catalog {
	struct mysql_conn *conn;
	const struct rg_introspect_opts *opts;
	struct rg_schema *s;
};

/* The kinds of object, in the order they are read into the schema: a
 * later kind's rows find their table, or its columns, there. */
enum rg_my_kind { RG_MY_TABLES, RG_MY_COLUMNS, RG_MY_CHECKS, RG_MY_FKS, RG_MY_INDEXES,
		   RG_MY_VIEWS, RG_MY__KINDS };

/* Where a read applies (struct rg_my_read's when); 0: everywhere. */
enum {
	RG_MY_ON_MARIADB = 1,
	RG_MY_ON_MYSQL = 2,
	/* InnoDB's dictionary views: MariaDB, a plain database name, and
	 * the PROCESS privilege.  When the server refuses one, the rest are
	 * not asked: the same privilege guards them all. */
	RG_MY_DICTIONARY = 4,
};

#define RG_MY_MAX_QUERIES 3

struct rg_my_read {
	enum rg_my_kind kind;
	unsigned when;
	/* read on the first connection, as its rows arrive, while the second
	 * asks for the other kinds: one query, and no dictionary view */
	bool first;
	struct {
		const char *sql, *what; /* what: for messages */
	} query[RG_MY_MAX_QUERIES]; /* those used first, the rest NULL */
	/* Adds what rows[i], the rows of query[i], say to k->s; false, with
	 * nothing added, when this source cannot answer for this schema.
	 * Rows that arrive live are read to their end. */
	bool (*reader)(struct rg_my_catalog *k, struct rg_my_rows *rows);
	/* the read that answers when this one does not apply to the server,
	 * is refused, or cannot answer; -1: none */
	int fallback;
};

/*
 * Runs reads[0..n) into k->s: for each kind, the first read of that kind
 * that applies to this server, then its fallbacks as long as one cannot
 * answer.  0, or -1 with err set.
 */
int rg_my_run(struct rg_my_catalog *k, const struct rg_my_read *reads, size_t n,
	      struct rg_error *err);

#endif
