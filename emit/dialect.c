/*
 * dialect.c - the three dialects, each put together from its parts (see
 * dialect.h): the connection and catalog reader of introspect/, the
 * canonical forms of diff/, the renderer of emit/.
 */
#include "emit/dialect.h"

#include <string.h>

#include "emit/render.h"
#include "introspect/fingerprint.h"
#include "introspect/libmariadb.h"
#include "introspect/libpq.h"
#include "introspect/mysql.h"
#include "introspect/pg.h"
#include "introspect/sqlite.h"

const struct rg_dialect rg_dialect_sqlite = {
	.name = "sqlite",
	.caps = RG_CAP_TRANSACTIONAL_DDL,
	.compare = &rg_compare_sqlite,
	.quote_ident = rg_sqlite_quote_ident,
	.quote_rel = rg_sqlite_quote_ident,
	.render_ops = rg_sqlite_render_ops,
	.connect = rg_sqlite_connect,
	.disconnect = rg_sqlite_disconnect,
	.exec = rg_sqlite_exec,
	.query_column = rg_sqlite_query_column,
	.table_exists = rg_sqlite_table_exists,
	.introspect = rg_sqlite_introspect,
	.statement_count = rg_sqlite_statement_count,
	.begin = rg_sqlite_begin,
	.commit = rg_sqlite_commit,
	.rollback = rg_sqlite_rollback,
	.lock = rg_sqlite_lock,
	.unlock = rg_sqlite_unlock,
	.before_revision = rg_sqlite_fk_off,
	.check_revision = rg_sqlite_fk_check,
	.after_revision = rg_sqlite_fk_on,
	.offline_before_revision = "PRAGMA foreign_keys = OFF;",
	.offline_after_revision = "PRAGMA foreign_key_check;\nPRAGMA foreign_keys = ON;",
	.catalog_sql = rg_sqlite_catalog_sql,
};

const struct rg_dialect rg_dialect_postgresql = {
	.name = "postgresql",
	.caps = RG_CAP_TRANSACTIONAL_DDL,
	.compare = &rg_compare_postgresql,
	.quote_ident = rg_pg_quote_ident,
	.quote_rel = rg_pg_quote_rel,
	.render_ops = rg_pg_render_ops,
	.render_online = rg_pg_render_online,
	.open_client = rg_libpq_open,
	.connect = rg_pg_connect,
	.disconnect = rg_pg_disconnect,
	.exec = rg_pg_exec,
	.query_column = rg_pg_query_column,
	.table_exists = rg_pg_table_exists,
	.introspect = rg_pg_introspect,
	.view_texts = rg_pg_view_texts,
	.statement_count = rg_pg_statement_count,
	.begin = rg_pg_begin,
	.commit = rg_pg_commit,
	.rollback = rg_pg_rollback,
	.lock = rg_pg_lock,
	.unlock = rg_pg_unlock,
	.catalog_sql = rg_pg_catalog_sql,
};

const struct rg_dialect rg_dialect_mysql = {
	.name = "mysql",
	.compare = &rg_compare_mysql,
	.quote_ident = rg_mysql_quote_ident,
	.quote_rel = rg_mysql_quote_ident,
	.render_ops = rg_mysql_render_ops,
	.render_online = rg_mysql_render_online,
	.open_client = rg_libmariadb_open,
	.connect = rg_mysql_connect,
	.disconnect = rg_mysql_disconnect,
	.exec = rg_mysql_exec,
	.query_column = rg_mysql_query_column,
	.table_exists = rg_mysql_table_exists,
	.introspect = rg_mysql_introspect,
	.reread_key_parts = rg_mysql_reread_key_parts,
	.view_texts = rg_mysql_view_texts,
	.statement_count = rg_mysql_statement_count,
	.begin = rg_mysql_begin,
	.commit = rg_mysql_commit,
	.rollback = rg_mysql_rollback,
	.lock = rg_mysql_lock,
	.unlock = rg_mysql_unlock,
	.catalog_sql = rg_mysql_catalog_sql,
};

const struct rg_dialect *rg_dialect_for_scheme(const char *scheme)
{
	if (strcmp(scheme, "sqlite") == 0)
		return &rg_dialect_sqlite;
	if (strcmp(scheme, "postgresql") == 0 || strcmp(scheme, "postgres") == 0)
		return &rg_dialect_postgresql;
	if (strcmp(scheme, "mysql") == 0 || strcmp(scheme, "mariadb") == 0)
		return &rg_dialect_mysql;
	return NULL;
}

int rg_dialect_connect(const struct rg_dialect *d, struct rg_conn **out,
		       const struct rg_url *url, struct rg_error *err)
{
	if (d->connect(out, url, err) < 0)
		return -1;
	(*out)->dialect = d;
	if (!(*out)->compare)
		(*out)->compare = d->compare;
	return 0;
}
