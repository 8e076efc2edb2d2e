/*
 * sqlite.h - the SQLite connection and catalog reader
 * (introspect/sqlite.c), one of the dialect's three parts: with its
 * canonical forms (diff/sqlite.c) and its renderer (emit/sqlite.c),
 * emit/dialect.c makes rg_dialect_sqlite of them.
 */
#ifndef RG_INTROSPECT_SQLITE_H
#define RG_INTROSPECT_SQLITE_H

#include <stdbool.h>

#include "diff/schema.h"
#include "introspect/conn.h"
#include "util/util.h"

struct rg_url;

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
