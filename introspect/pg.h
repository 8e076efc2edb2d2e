/*
 * pg.h - the PostgreSQL connection and catalog reader (introspect/pg.c,
 * through libpq), one of the dialect's three parts: with its canonical
 * forms (diff/pg.c) and its renderer (emit/pg.c), emit/dialect.c makes
 * rg_dialect_postgresql of them.
 */
#ifndef RG_INTROSPECT_PG_H
#define RG_INTROSPECT_PG_H

#include <stdbool.h>

#include "diff/schema.h"
#include "introspect/conn.h"
#include "util/util.h"

struct rg_url;

int rg_pg_connect(struct rg_conn **out, const struct rg_url *url,
		  struct rg_error *err);
void rg_pg_disconnect(struct rg_conn *c);
int rg_pg_exec(struct rg_conn *c, const char *sql, struct rg_error *err);
int rg_pg_query_column(struct rg_conn *c, const char *sql, char ***rows,
		       size_t *nrows, struct rg_error *err);
int rg_pg_table_exists(struct rg_conn *c, const char *table, bool *out,
		       struct rg_error *err);
int rg_pg_introspect(struct rg_conn *c, const struct rg_introspect_opts *o,
		     struct rg_schema **out, struct rg_error *err);
int rg_pg_view_texts(struct rg_conn *c, const struct rg_schema *db,
		     struct rg_schema *models, struct rg_error *err);
int rg_pg_begin(struct rg_conn *c, struct rg_error *err);
int rg_pg_commit(struct rg_conn *c, struct rg_error *err);
int rg_pg_rollback(struct rg_conn *c, struct rg_error *err);
int rg_pg_lock(struct rg_conn *c, struct rg_error *err);
int rg_pg_unlock(struct rg_conn *c, struct rg_error *err);

/* Statements sent to the server on this connection so far: introspection
 * must cost a constant number, whatever the number of tables. */
unsigned long rg_pg_statement_count(const struct rg_conn *c);

#endif
