/*
 * conn.h - what every catalog reader's connection shares.
 *
 * A dialect's connection struct (introspect/sqlite.c, pg.c, mysql.c)
 * starts with a struct rg_conn, so the code above can carry it around;
 * rg_dialect_connect (emit/dialect.h) fills in which dialect it belongs to
 * and, unless the connect function did, how it compares.
 */
#ifndef RG_CONN_H
#define RG_CONN_H

#include <stddef.h>

struct rg_dialect;
struct rg_compare;

struct rg_conn {
	const struct rg_dialect *dialect;
	/* What the differ knows of this database: the dialect's, unless the
	 * server's settings change it (MySQL's lower_case_table_names); a
	 * connect function that sets it wins over rg_dialect_connect. */
	const struct rg_compare *compare;
	/*
	 * SQL that puts back the session settings revgen's own statements
	 * rely on, run before it writes its tables after a revision's
	 * statements, which may have changed them (PostgreSQL: the
	 * search_path, which pg_dump's output empties); NULL: none.  Owned
	 * by the connection.
	 */
	char *own_session;
};

struct rg_introspect_opts {
	/* Tables to leave out: globs (exclude_tables) plus the version table. */
	const char *const *exclude;
	size_t nexclude;
};

#endif
