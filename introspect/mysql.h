/*
 * mysql.h - the MySQL/MariaDB connection and catalog reader
 * (introspect/mysql.c, mysql-catalog.c and mysql-exec.c, through the
 * libmysqlclient API), one of the dialect's three parts: with its
 * canonical forms (diff/mysql.c) and its renderer (emit/mysql.c),
 * emit/dialect.c makes rg_dialect_mysql of them.
 */
#ifndef RG_INTROSPECT_MYSQL_H
#define RG_INTROSPECT_MYSQL_H

#include <stdbool.h>

#include "diff/schema.h"
#include "introspect/conn.h"
#include "util/util.h"

struct rg_url;

int rg_mysql_connect(struct rg_conn **out, const struct rg_url *url,
		     struct rg_error *err);
void rg_mysql_disconnect(struct rg_conn *c);
int rg_mysql_exec(struct rg_conn *c, const char *sql, struct rg_error *err);
int rg_mysql_query_column(struct rg_conn *c, const char *sql, char ***rows,
			  size_t *nrows, struct rg_error *err);
int rg_mysql_table_exists(struct rg_conn *c, const char *table, bool *out,
			  struct rg_error *err);
int rg_mysql_introspect(struct rg_conn *c, const struct rg_introspect_opts *o,
			struct rg_schema **out, struct rg_error *err);
/* See struct rg_dialect's reread_key_parts. */
int rg_mysql_reread_key_parts(struct rg_conn *c, struct rg_schema *s,
			      const char *const *tables, size_t n, struct rg_error *err);
int rg_mysql_view_texts(struct rg_conn *c, const struct rg_schema *db,
			struct rg_schema *models, struct rg_error *err);
int rg_mysql_begin(struct rg_conn *c, struct rg_error *err);
int rg_mysql_commit(struct rg_conn *c, struct rg_error *err);
int rg_mysql_rollback(struct rg_conn *c, struct rg_error *err);
/* GET_LOCK on one server; on a Galera cluster a row of
 * RG_MYSQL_LOCK_TABLE (mysql-galera.c), a table that introspection leaves
 * out as it does the version table. */
#define RG_MYSQL_LOCK_TABLE "revgen_lock"
int rg_mysql_lock(struct rg_conn *c, struct rg_error *err);
int rg_mysql_unlock(struct rg_conn *c, struct rg_error *err);

/* Queries sent on this connection so far (introspection must cost a
 * constant number). */
unsigned long rg_mysql_statement_count(const struct rg_conn *c);

#endif
