/*
 * mysql.c (introspect) - MySQL and MariaDB through the libmysqlclient API
 * (Debian's libmariadb): the connection and its statements.  The catalog
 * is read by mysql-catalog.c's table of reads, run by mysql-exec.c
 * (mysql-internal.h says what the three share).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "diff/compare.h"
#include "diff/views.h"
#include "introspect/mysql-internal.h"

unsigned long rg_mysql_statement_count(const struct rg_conn *c)
{
	return ((const struct mysql_conn *)c)->statements;
}

static int fail_my(struct rg_error *err, MYSQL *my)
{
	return rg_error_set(err, "%s", MY->mysql_error(my));
}

static void end_library(void)
{
	MY->mysql_server_end();
}

/* The connection itself, and the executor's second one. */
MYSQL *rg_my_open_session(const struct mysql_conn *c, unsigned long flags,
			   struct rg_error *err)
{
	MYSQL *my = MY->mysql_init(NULL);
	if (!my) {
		rg_error_set(err, "mysql_init: out of memory");
		return NULL;
	}
	if (MY->mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0 ||
	    !MY->mysql_real_connect(my, c->host, c->user, c->password, c->database, c->port,
				c->socket, flags) ||
	    (c->galera && rg_my_galera_session(my) != 0)) {
		fail_my(err, my);
		MY->mysql_close(my);
		return NULL;
	}
	return my;
}

static MYSQL_RES *query(struct mysql_conn *c, const char *sql, struct rg_error *err);

/*
 * How the server compares table names: lower_case_table_names 0 keeps
 * them case-sensitive as stored (`a` and `A` are two tables), 1 stores
 * them in lower case and 2 compares them so; the differ pairs the models'
 * tables with the database's by that rule (diff/compare.h).
 */
static int read_table_case(struct mysql_conn *c, struct rg_error *err)
{
	/* and on MariaDB, in the same round trip, whether the server is a
	 * Galera node: NULL where it was built without wsrep (as MySQL's own
	 * server is, whose information_schema has no GLOBAL_VARIABLES) */
	MYSQL_RES *r = query(c, c->mariadb ? "SELECT @@lower_case_table_names, (SELECT "
			     "VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE "
			     "VARIABLE_NAME = 'WSREP_ON')"
			     : "SELECT @@lower_case_table_names", err);
	if (!r)
		return -1;
	MYSQL_ROW row = MY->mysql_fetch_row(r);
	bool known = row && row[0];
	bool folded = known && strcmp(row[0], "0") != 0;
	c->galera = known && c->mariadb && row[1] && strcmp(row[1], "ON") == 0;
	MY->mysql_free_result(r);
	if (!known)
		return rg_error_set(err, "SELECT @@lower_case_table_names: no value");
	if (c->galera && rg_my_galera_session(c->my) != 0)
		return fail_my(err, c->my);
	/* MySQL's own server has no CREATE SEQUENCE: its models may not
	 * declare one (rg_compare_check_models) */
	if (c->mariadb)
		c->base.compare = folded ? &rg_compare_mysql_lower_tables : &rg_compare_mysql;
	else
		c->base.compare = folded ? &rg_compare_oracle_mysql_lower_tables
			: &rg_compare_oracle_mysql;
	return 0;
}

int rg_mysql_connect(struct rg_conn **out, const struct rg_url *url,
		     struct rg_error *err)
{
	const char *socket = NULL;
	for (size_t i = 0; i < url->nparams; i++) {
		if (strcmp(url->keys[i], "unix_socket") == 0)
			socket = url->values[i];
		else
			return rg_error_set(err, "unknown URL parameter '%s' (mysql URLs take unix_socket)",
					    url->keys[i]);
	}
	if (!url->database)
		return rg_error_set(err, "the URL names no database: mysql://user@host/DATABASE");
	/* explicit, once, before any thread could race mysql_init's implicit
	 * call; mysql_library_end at exit frees what it set up */
	static bool library_ready;
	if (rg_libmariadb_open(err) < 0)
		return -1;
	if (!library_ready) {
		if (MY->mysql_server_init(0, NULL, NULL) != 0)
			return rg_error_set(err, "mysql_library_init failed");
		atexit(end_library);
		library_ready = true;
	}
	struct mysql_conn *c = rg_xcalloc(1, sizeof(*c));
	c->host = url->host ? rg_xstrdup(url->host) : NULL;
	c->user = url->user ? rg_xstrdup(url->user) : NULL;
	c->password = url->password ? rg_xstrdup(url->password) : NULL;
	c->database = rg_xstrdup(url->database);
	c->socket = socket ? rg_xstrdup(socket) : NULL;
	c->port = (unsigned)url->port;
	if (!(c->my = rg_my_open_session(c, CLIENT_MULTI_STATEMENTS, err))) {
		rg_mysql_disconnect(&c->base);
		return -1;
	}
	c->mariadb = strstr(MY->mysql_get_server_info(c->my), "MariaDB") != NULL;
	if (read_table_case(c, err) < 0) {
		rg_mysql_disconnect(&c->base);
		return -1;
	}
	c->plain_db = *url->database && strspn(url->database, "abcdefghijklmnopqrstuvwxyz"
					       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
				       strlen(url->database);
	*out = &c->base;
	return 0;
}

void rg_mysql_disconnect(struct rg_conn *base)
{
	if (!base)
		return;
	struct mysql_conn *c = (struct mysql_conn *)base;
	if (c->my)
		MY->mysql_close(c->my);
	free(c->host);
	free(c->user);
	free(c->password);
	free(c->database);
	free(c->socket);
	free(c);
}

/* Reads the rest of a batch's results, so the next query finds the
 * protocol in step. */
static int drain(struct mysql_conn *c, struct rg_error *err)
{
	for (;;) {
		int next = MY->mysql_next_result(c->my);
		if (next < 0)
			return 0;
		if (next > 0)
			return fail_my(err, c->my);
		MYSQL_RES *r = MY->mysql_store_result(c->my);
		if (r)
			MY->mysql_free_result(r);
		else if (MY->mysql_field_count(c->my) != 0)
			return fail_my(err, c->my);
	}
}

/* Runs sql (several statements allowed) and drains every result: the
 * protocol needs all of them read before the next query. */
int rg_mysql_exec(struct rg_conn *base, const char *sql, struct rg_error *err)
{
	struct mysql_conn *c = (struct mysql_conn *)base;
	c->statements++;
	if (MY->mysql_real_query(c->my, sql, strlen(sql)) != 0)
		return fail_my(err, c->my);
	MYSQL_RES *r = MY->mysql_store_result(c->my);
	if (r)
		MY->mysql_free_result(r);
	else if (MY->mysql_field_count(c->my) != 0)
		return fail_my(err, c->my);
	return drain(c, err);
}

/* The result of a query that returns rows, read whole. */
static MYSQL_RES *query(struct mysql_conn *c, const char *sql, struct rg_error *err)
{
	c->statements++;
	if (MY->mysql_real_query(c->my, sql, strlen(sql)) != 0) {
		fail_my(err, c->my);
		return NULL;
	}
	MYSQL_RES *r = MY->mysql_store_result(c->my);
	if (!r) {
		if (MY->mysql_field_count(c->my) == 0)
			rg_error_set(err, "%s: the statement returns no rows", sql);
		else
			fail_my(err, c->my);
		return NULL;
	}
	if (drain(c, err) < 0) {
		MY->mysql_free_result(r);
		return NULL;
	}
	return r;
}

/* Like query(), for the big results (mysql-internal.h). */
MYSQL_RES *rg_my_query_stream(struct mysql_conn *c, const char *sql, const char *what,
			      struct rg_error *err)
{
	c->statements++;
	if (MY->mysql_real_query(c->my, sql, strlen(sql)) != 0) {
		rg_error_set(err, "%s: %s", what, MY->mysql_error(c->my));
		return NULL;
	}
	MYSQL_RES *r = MY->mysql_use_result(c->my);
	if (!r)
		rg_error_set(err, "%s: %s", what,
			     MY->mysql_field_count(c->my) == 0 ? "the statement returns no rows"
							   : MY->mysql_error(c->my));
	return r;
}

int rg_my_stream_end(struct mysql_conn *c, MYSQL_RES *r, const char *what, struct rg_error *err)
{
	int failed = MY->mysql_errno(c->my) != 0;
	if (failed)
		rg_error_set(err, "%s: %s", what, MY->mysql_error(c->my));
	MY->mysql_free_result(r);
	if (failed)
		return -1;
	return drain(c, err);
}

int rg_mysql_query_column(struct rg_conn *base, const char *sql, char ***rows,
			  size_t *nrows, struct rg_error *err)
{
	struct mysql_conn *c = (struct mysql_conn *)base;
	MYSQL_RES *r = query(c, sql, err);
	if (!r)
		return -1;
	size_t n = (size_t)MY->mysql_num_rows(r), i = 0;
	*rows = rg_xcalloc(n + 1, sizeof(char *));
	MYSQL_ROW row;
	while ((row = MY->mysql_fetch_row(r)) != NULL && i < n) {
		(*rows)[i] = row[0] ? rg_xstrdup(row[0]) : NULL;
		i++;
	}
	*nrows = i;
	MY->mysql_free_result(r);
	return 0;
}

void rg_my_unqualify(struct rg_buf *out, const char *def, const char *schema)
{
	size_t n = strlen(schema);
	for (const char *p = def; *p;) {
		if (*p == '\'' || *p == '"') { /* a literal: \x and doubled quotes */
			char q = *p;
			rg_buf_addc(out, *p++);
			while (*p) {
				if (*p == '\\' && p[1]) {
					rg_buf_addn(out, p, 2);
					p += 2;
				} else if (*p == q && p[1] == q) {
					rg_buf_addn(out, p, 2);
					p += 2;
				} else if (*p == q) {
					break;
				} else {
					rg_buf_addc(out, *p++);
				}
			}
			if (*p)
				rg_buf_addc(out, *p++);
		} else if (*p == '`') { /* a name: `` inside */
			const char *e = p + 1;
			struct rg_buf name = RG_BUF_INIT;
			while (*e && !(*e == '`' && e[1] != '`')) {
				rg_buf_addc(&name, *e);
				e += *e == '`' ? 2 : 1;
			}
			if (*e)
				e++;
			if (e[0] == '.' && name.len == n && memcmp(rg_buf_str(&name), schema, n) == 0)
				e++; /* the schema's name and its dot go */
			else
				rg_buf_addn(out, p, (size_t)(e - p));
			rg_buf_free(&name);
			p = e;
		} else {
			rg_buf_addc(out, *p++);
		}
	}
}

int rg_mysql_view_texts(struct rg_conn *base, const struct rg_schema *db,
			struct rg_schema *models, struct rg_error *err)
{
	/*
	 * MySQL has no DDL a transaction takes back: the scratch view is made
	 * in the database itself under a name of this process's and dropped
	 * at once.  One a crash leaves behind is a view no model declares,
	 * which the next autogenerate drops.
	 */
	struct rg_buf name = RG_BUF_INIT, sql = RG_BUF_INIT;
	rg_buf_addf(&name, "_rg_view_text_%ld", (long)getpid());
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < models->nviews; i++) {
		struct rg_table *v = models->views[i];
		if (!rg_view_find(base->compare, db, v->name))
			continue;
		rg_buf_reset(&sql);
		rg_buf_add(&sql, "CREATE OR REPLACE VIEW `");
		rg_buf_add(&sql, rg_buf_str(&name));
		rg_buf_add(&sql, "` AS ");
		size_t n = strlen(v->view_query);
		while (n > 0 && strchr(" \t\r\n;", v->view_query[n - 1]))
			n--;
		rg_buf_addn(&sql, v->view_query, n);
		struct rg_error refused;
		if (rg_mysql_exec(base, rg_buf_str(&sql), &refused) < 0)
			continue; /* a query the server refuses: views.h */
		char **rows = NULL, **cols = NULL;
		size_t nrows = 0, ncols = 0;
		rg_buf_reset(&sql);
		rg_buf_add(&sql, "SELECT CONCAT(TABLE_SCHEMA, '\x1f', VIEW_DEFINITION) "
				 "FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ");
		rg_my_literal(&sql, rg_buf_str(&name));
		rc = rg_mysql_query_column(base, rg_buf_str(&sql), &rows, &nrows, err);
		rg_buf_reset(&sql);
		rg_buf_add(&sql, "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
				 "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ");
		rg_my_literal(&sql, rg_buf_str(&name));
		rg_buf_add(&sql, " ORDER BY ORDINAL_POSITION");
		if (rc == 0)
			rc = rg_mysql_query_column(base, rg_buf_str(&sql), &cols, &ncols, err);
		rg_buf_reset(&sql);
		rg_buf_add(&sql, "DROP VIEW IF EXISTS `");
		rg_buf_add(&sql, rg_buf_str(&name));
		rg_buf_add(&sql, "`");
		struct rg_error dropping;
		if (rg_mysql_exec(base, rg_buf_str(&sql), rc < 0 ? &dropping : err) < 0)
			rc = -1;
		if (rc == 0 && nrows == 1 && rows[0] && strchr(rows[0], '\x1f')) {
			char *sep = strchr(rows[0], '\x1f');
			*sep = '\0';
			struct rg_buf def = RG_BUF_INIT;
			rg_my_unqualify(&def, sep + 1, rows[0]);
			v->view_canon = rg_arena_strdup(models->arena, rg_buf_str(&def));
			rg_buf_free(&def);
			rc = rg_view_check_columns(base->compare, v, (const char *const *)cols, ncols, err);
		}
		rg_free_rows(rows, nrows);
		rg_free_rows(cols, ncols);
	}
	rg_buf_free(&name);
	rg_buf_free(&sql);
	return rc;
}

/* Names come from our config or the catalog. */
void rg_my_literal(struct rg_buf *b, const char *s)
{
	rg_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			rg_buf_addc(b, *s);
		rg_buf_addc(b, *s);
	}
	rg_buf_addc(b, '\'');
}

int rg_mysql_table_exists(struct rg_conn *base, const char *table, bool *out,
			  struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ");
	rg_my_literal(&sql, table);
	char **rows;
	size_t n;
	int rc = rg_mysql_query_column(base, sql.data, &rows, &n, err);
	rg_buf_free(&sql);
	if (rc < 0)
		return -1;
	*out = n > 0;
	rg_free_rows(rows, n);
	return 0;
}

int rg_mysql_begin(struct rg_conn *c, struct rg_error *err)
{
	return rg_mysql_exec(c, "START TRANSACTION", err);
}

int rg_mysql_commit(struct rg_conn *c, struct rg_error *err)
{
	return rg_mysql_exec(c, "COMMIT", err);
}

int rg_mysql_rollback(struct rg_conn *c, struct rg_error *err)
{
	return rg_mysql_exec(c, "ROLLBACK", err);
}

/* A named lock for the whole run, per database, so that two deployers
 * apply each revision once; GET_LOCK returns 1 when taken.  It is local to
 * one server: a Galera node's is a row (mysql-galera.c). */
static int lock_query(struct rg_conn *base, const char *fn, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	/* MySQL limits lock names to 64 characters: a long database name is
	 * replaced by its digest */
	rg_buf_addf(&sql, "SELECT %s(CONCAT('revgen:', IF(CHAR_LENGTH(DATABASE()) <= 57, "
		    "DATABASE(), MD5(DATABASE())))%s)", fn,
		    strcmp(fn, "GET_LOCK") == 0 ? ", 600" : "");
	char **rows;
	size_t n;
	int rc = rg_mysql_query_column(base, sql.data, &rows, &n, err);
	rg_buf_free(&sql);
	if (rc < 0)
		return -1;
	bool ok = n == 1 && rows[0] && strcmp(rows[0], "1") == 0;
	rg_free_rows(rows, n);
	if (!ok && strcmp(fn, "GET_LOCK") == 0)
		return rg_error_set(err, "could not take the revgen lock within 600 s (another deploy is running?)");
	return 0;
}

int rg_mysql_lock(struct rg_conn *c, struct rg_error *err)
{
	if (((struct mysql_conn *)c)->galera)
		return rg_my_galera_lock((struct mysql_conn *)c, err);
	return lock_query(c, "GET_LOCK", err);
}

int rg_mysql_unlock(struct rg_conn *c, struct rg_error *err)
{
	if (((struct mysql_conn *)c)->galera)
		return rg_my_galera_unlock((struct mysql_conn *)c, err);
	return lock_query(c, "RELEASE_LOCK", err);
}

