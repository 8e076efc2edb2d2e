/*
 * sqlite.h - between the two halves of the SQLite dialect: the connection
 * and catalog reader (introspect/sqlite.c) and the SQL renderer
 * (emit/sqlite.c), which defines rg_dialect_sqlite.
 */
#ifndef RG_INTROSPECT_SQLITE_H
#define RG_INTROSPECT_SQLITE_H

#include "emit/dialect.h"

int rg_sqlite_connect(struct rg_conn **out, const struct rg_url *url,
		      struct rg_error *err);
void rg_sqlite_disconnect(struct rg_conn *c);
int rg_sqlite_exec(struct rg_conn *c, const char *sql, struct rg_error *err);
int rg_sqlite_query_column(struct rg_conn *c, const char *sql, char ***rows,
			   size_t *nrows, struct rg_error *err);
int rg_sqlite_table_exists(struct rg_conn *c, const char *table, bool *out,
			   struct rg_error *err);
int rg_sqlite_introspect(struct rg_conn *c, const struct rg_introspect_opts *o,
			 struct rg_schema **out, struct rg_error *err);
int rg_sqlite_begin(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_commit(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_rollback(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_lock(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_unlock(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_fk_off(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_fk_check(struct rg_conn *c, struct rg_error *err);
int rg_sqlite_fk_on(struct rg_conn *c, struct rg_error *err);
/* Statements run on this connection (each pragma read counts one). */
unsigned long rg_sqlite_statement_count(const struct rg_conn *c);

#endif
