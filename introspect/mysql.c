/*
 * mysql.c (introspect) - MySQL and MariaDB through the libmysqlclient API
 * (Debian's libmariadb): the connection, and the catalog read from
 * information_schema in six to nine queries (tables, columns, indexes,
 * foreign-key columns and their rules, checks; on MariaDB, indexes and
 * foreign keys from InnoDB's dictionary when it can), whatever the number
 * of tables.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "introspect/libmariadb.h"
#include "introspect/mysql.h"
#include "util/spare.h"

/* libmariadb, opened at the first connection (libmariadb.h) */
#define MY (&rg_libmariadb_api)

struct mysql_conn {
	struct rg_conn base;
	MYSQL *my;
	bool mariadb;
	/* the database's name is letters, digits and _ only, so that InnoDB
	 * spells it (and "db/" prefixes) as it is */
	bool plain_db;
	unsigned long statements;
	/* what a second connection needs (introspection opens one) */
	char *host, *user, *password, *database, *socket;
	unsigned port;
};

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

/* A session with c's server, user and database, in utf8mb4: the
 * connection itself, and the second one that introspection opens. */
static MYSQL *open_session(const struct mysql_conn *c, unsigned long flags,
			   struct rg_error *err)
{
	MYSQL *my = MY->mysql_init(NULL);
	if (!my) {
		rg_error_set(err, "mysql_init: out of memory");
		return NULL;
	}
	if (MY->mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4") != 0 ||
	    !MY->mysql_real_connect(my, c->host, c->user, c->password, c->database, c->port,
				c->socket, flags)) {
		fail_my(err, my);
		MY->mysql_close(my);
		return NULL;
	}
	return my;
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
	if (!(c->my = open_session(c, CLIENT_MULTI_STATEMENTS, err))) {
		rg_mysql_disconnect(&c->base);
		return -1;
	}
	c->mariadb = strstr(MY->mysql_get_server_info(c->my), "MariaDB") != NULL;
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

/* The result of a query that returns rows; what, when not NULL, names
 * the query in a message. */
static MYSQL_RES *query(struct mysql_conn *c, const char *sql, const char *what,
			struct rg_error *err)
{
	c->statements++;
	if (MY->mysql_real_query(c->my, sql, strlen(sql)) != 0) {
		if (what)
			rg_error_set(err, "%s: %s", what, MY->mysql_error(c->my));
		else
			fail_my(err, c->my);
		return NULL;
	}
	MYSQL_RES *r = MY->mysql_store_result(c->my);
	if (!r) {
		if (MY->mysql_field_count(c->my) == 0)
			rg_error_set(err, "%s: the statement returns no rows", what ? what : sql);
		else if (what)
			rg_error_set(err, "%s: %s", what, MY->mysql_error(c->my));
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

/*
 * Like query(), for the two big results (36,000 column rows at 3000
 * tables): rows are read as the caller fetches them (mysql_use_result),
 * parsed in libmariadb's network buffer, where mysql_store_result would
 * copy the whole answer into fresh memory first (a thousand page faults).
 * The caller fetches until NULL and then calls stream_end(), which tells
 * the end of the rows from a failure.
 */
static MYSQL_RES *query_stream(struct mysql_conn *c, const char *sql, const char *what,
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

static int stream_end(struct mysql_conn *c, MYSQL_RES *r, const char *what, struct rg_error *err)
{
	int failed = MY->mysql_errno(c->my) != 0;
	if (failed)
		rg_error_set(err, "%s: %s", what, MY->mysql_error(c->my));
	MY->mysql_free_result(r);
	if (failed)
		return -1;
	return drain(c, err);
}

/*
 * A result kept whole, read as it arrives (query_stream), each row an
 * array of its cells copied into an arena, whose blocks are 2 MiB pages.
 * Held by mysql_store_result, the second connection's results cost 780
 * page faults at 3000 tables, at 12-14 us each on this project's
 * machines: 10 ms of a cached check's 50 ms of CPU.  Kept here: a few.
 */
struct rows {
	char ***v;
	size_t n, cap, next;
};

static char **next_row(struct rows *r)
{
	return r->next < r->n ? r->v[r->next++] : NULL;
}

/* Runs sql on c and keeps its rows in *r, allocated in a; -1 on failure. */
static int keep(struct mysql_conn *c, struct rg_arena *a, const char *sql, const char *what,
		struct rows *r, struct rg_error *err)
{
	*r = (struct rows){0};
	MYSQL_RES *res = query_stream(c, sql, what, err);
	if (!res)
		return -1;
	unsigned ncols = MY->mysql_num_fields(res);
	MYSQL_ROW row;
	while ((row = MY->mysql_fetch_row(res)) != NULL) {
		const unsigned long *len = MY->mysql_fetch_lengths(res);
		char **cells = rg_arena_alloc(a, (ncols ? ncols : 1) * sizeof(*cells));
		for (unsigned i = 0; i < ncols; i++)
			if (row[i])
				cells[i] = rg_arena_strndup(a, row[i], len ? len[i] : strlen(row[i]));
		rg_arena_push(a, (void ***)&r->v, &r->n, &r->cap, cells);
	}
	return stream_end(c, res, what, err);
}

int rg_mysql_query_column(struct rg_conn *base, const char *sql, char ***rows,
			  size_t *nrows, struct rg_error *err)
{
	struct mysql_conn *c = (struct mysql_conn *)base;
	MYSQL_RES *r = query(c, sql, NULL, err);
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

/* A string literal for a query built here (names come from our config or
 * the catalog). */
static void literal(struct rg_buf *b, const char *s)
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
	literal(&sql, table);
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
 * apply each revision once; GET_LOCK returns 1 when taken. */
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
	return lock_query(c, "GET_LOCK", err);
}

int rg_mysql_unlock(struct rg_conn *c, struct rg_error *err)
{
	return lock_query(c, "RELEASE_LOCK", err);
}

/* ---- the catalog ---- */

/*
 * The server sorts nothing: at 3000 tables ORDER BY cost 15 ms of the
 * columns query's 80 and 10 ms of the checks query's 120.  Tables and
 * checks are sorted in C (rg_schema_sort); columns come table by table in
 * their order, as the server fills the view from each table's definition,
 * and read_columns checks that they do.
 */
static const char tables_sql[] =
	"SELECT TABLE_NAME AS t, TABLE_COMMENT AS c FROM information_schema.TABLES "
	"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'";
#define COLUMNS_SQL                                                                          \
	"SELECT TABLE_NAME AS t, COLUMN_NAME AS n, COLUMN_TYPE AS ty, IS_NULLABLE AS nu, "   \
	"COLUMN_DEFAULT AS d, EXTRA AS e, COLUMN_COMMENT AS c, ORDINAL_POSITION AS o "       \
	"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
static const char columns_sql[] = COLUMNS_SQL;
static const char columns_ordered_sql[] = COLUMNS_SQL " ORDER BY t, o";
static const char indexes_sql[] =
	"SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c "
	"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
	"ORDER BY t, i, SEQ_IN_INDEX";
/*
 * A foreign key's columns, then its rules, in two queries: joined on the
 * server, REFERENTIAL_CONSTRAINTS is scanned for every database (EXPLAIN:
 * "Scanned all databases"), 0.8 s of a 1.2 s catalog read at 3000 tables;
 * apart, each reads only this schema's tables.
 */
static const char fks_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, COLUMN_NAME AS c, "
	"REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc "
	"FROM information_schema.KEY_COLUMN_USAGE "
	"WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL "
	"ORDER BY t, n, ORDINAL_POSITION";
/*
 * MariaDB's faster source of the same: InnoDB's own dictionary, which
 * answers without opening the tables (KEY_COLUMN_USAGE and
 * REFERENTIAL_CONSTRAINTS open every one: 0.2 s of a 0.5 s catalog read at
 * 3000 tables with the default table_open_cache).  Foreign keys exist only
 * in InnoDB, so the list is whole.  It needs the PROCESS privilege, and
 * names there are "db/name" in the file-name encoding, which is the name
 * itself when it has only letters, digits and _; otherwise (an '@' shows
 * an encoded character) the portable queries are used.
 */
static const char innodb_fks_sql[] =
	"SELECT ID AS id, FOR_NAME AS t, REF_NAME AS rt, TYPE AS ty "
	"FROM information_schema.INNODB_SYS_FOREIGN "
	"WHERE LEFT(FOR_NAME, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/')";
static const char innodb_fk_cols_sql[] =
	"SELECT ID AS id, FOR_COL_NAME AS c, REF_COL_NAME AS rc "
	"FROM information_schema.INNODB_SYS_FOREIGN_COLS "
	"WHERE LEFT(ID, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/') ORDER BY ID, POS";
/*
 * Indexes from InnoDB's dictionary, on MariaDB, under the same conditions
 * as its foreign keys: STATISTICS reads every table's definition (70 ms of
 * server time at 3000 tables with the default table_definition_cache),
 * these three about 10 ms.  Each is read whole and joined in C: joined on
 * the server, with no index on these views, they take seconds.  The
 * answer is used only when it covers every table TABLES listed and holds
 * nothing STATISTICS would show otherwise (innodb_indexes says what).
 */
static const char innodb_tables_sql[] =
	"SELECT TABLE_ID AS id, NAME AS t FROM information_schema.INNODB_SYS_TABLES "
	"WHERE LEFT(NAME, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/')";
static const char innodb_indexes_sql[] =
	"SELECT INDEX_ID AS id, TABLE_ID AS t, NAME AS i, TYPE AS ty "
	"FROM information_schema.INNODB_SYS_INDEXES";
static const char innodb_fields_sql[] =
	"SELECT INDEX_ID AS id, NAME AS c FROM information_schema.INNODB_SYS_FIELDS "
	"ORDER BY INDEX_ID, POS";
static const char fk_rules_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, DELETE_RULE AS del, UPDATE_RULE AS upd "
	"FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";
/*
 * MariaDB names checks per table and says which; MySQL 8 per schema.
 * MariaDB's CHECK_CONSTRAINTS opens every table: at 3000 tables 116 ms of
 * server time, the longest read of the catalog (TABLES 34, COLUMNS 64,
 * InnoDB's views 12), and more when InnoDB has evicted the tables'
 * definitions, as it does within seconds of being idle.  It is read on a
 * connection of its own (struct side).  MySQL 8's view reads its data
 * dictionary.
 */
static const char checks_mariadb_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, CHECK_CLAUSE AS e "
	"FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";
static const char checks_mysql_sql[] =
	"SELECT tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS n, cc.CHECK_CLAUSE AS e "
	"FROM information_schema.TABLE_CONSTRAINTS tc "
	"JOIN information_schema.CHECK_CONSTRAINTS cc "
	"  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
	"WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY t, n";

static bool excluded(const struct rg_introspect_opts *o, const char *name)
{
	for (size_t i = 0; o && i < o->nexclude; i++)
		if (rg_glob_match(o->exclude[i], name))
			return true;
	return false;
}

/* Tables are sorted by name: the catalog's rows find theirs by bsearch. */
static struct rg_table *find(const struct rg_schema *s, const char *name)
{
	size_t lo = 0, hi = s->ntables;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->tables[mid]->name, name);
		if (c == 0)
			return s->tables[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static enum rg_fk_action rule(const char *s)
{
	enum rg_fk_action a = RG_FK_NO_ACTION;
	if (s)
		rg_fk_action_parse(s, &a);
	return a;
}

/*
 * MySQL 8 reports a literal default unquoted (draft for 'draft') and an
 * expression one with DEFAULT_GENERATED in EXTRA; MariaDB quotes strings.
 * A literal is put back in quotes, unless the column is numeric (canon
 * turns '1' into 1 anyway) or it is CURRENT_TIMESTAMP on a temporal column.
 */
static const char *mysql8_default(struct rg_schema *s, const char *type, const char *def,
				  const char *extra)
{
	static const char *const bare[] = {"tinyint", "smallint", "mediumint", "int", "bigint",
					   "decimal", "float", "double", "bit"};
	if (extra && strstr(extra, "DEFAULT_GENERATED"))
		return rg_arena_strdup(s->arena, def);
	if (strncasecmp(def, "CURRENT_TIMESTAMP", 17) == 0)
		return rg_arena_strdup(s->arena, def);
	for (size_t i = 0; i < RG_ARRAY_LEN(bare); i++)
		if (strncmp(type, bare[i], strlen(bare[i])) == 0)
			return rg_arena_strdup(s->arena, def);
	struct rg_buf b = RG_BUF_INIT;
	literal(&b, def);
	const char *q = rg_arena_strdup(s->arena, rg_buf_str(&b));
	rg_buf_free(&b);
	return q;
}

static const char *cell(MYSQL_ROW row, int i)
{
	return row[i];
}

/* "db/name" -> "name" */
static const char *after_slash(const char *s)
{
	const char *p = s ? strchr(s, '/') : NULL;
	return p ? p + 1 : s;
}

/* Whether a failed query of InnoDB's views means only "not for this
 * user or server": no PROCESS privilege, no such view. */
static bool not_ours(MYSQL *my)
{
	unsigned e = MY->mysql_errno(my);
	return e == 1227 /* ER_SPECIFIC_ACCESS_DENIED_ERROR */ || e == 1109 /* ER_UNKNOWN_TABLE */;
}

/* InnoDB's foreign-key TYPE bits (dict0mem.h: DICT_FOREIGN_ON_*). */
static enum rg_fk_action innodb_rule(unsigned long type, bool update)
{
	if (type & (update ? 4u : 1u))
		return RG_FK_CASCADE;
	if (type & (update ? 8u : 2u))
		return RG_FK_SET_NULL;
	if (type & (update ? 32u : 16u))
		return RG_FK_NO_ACTION;
	return RG_FK_RESTRICT; /* what InnoDB does when the key says nothing */
}

struct id_fk {
	const char *id; /* in the schema's arena */
	struct rg_fk *fk;
};

static int cmp_id_fk(const void *a, const void *b)
{
	return strcmp(((const struct id_fk *)a)->id, ((const struct id_fk *)b)->id);
}

/* Whether InnoDB's dictionary can answer at all (innodb_fks_sql says why). */
static bool innodb_usable(const struct mysql_conn *c)
{
	return c->mariadb && c->plain_db;
}

/*
 * What InnoDB's dictionary says of foreign keys (innodb_fks_sql) and
 * indexes (innodb_tables_sql), each view read whole, to be joined in C by
 * innodb_fks and innodb_indexes.  fks and index say which of the two
 * could be read; when one could not (no PROCESS privilege), the portable
 * queries answer that part.
 */
struct innodb_dict {
	bool fks, index;
	struct rows fk_keys, fk_cols, tables, indexes, fields;
};

/*
 * Reads the views of InnoDB's dictionary into d on c, which need not be
 * the connection the schema is read on, keeping them in a.  0 when each
 * part was read or could not be for want of a privilege (d says which),
 * -1 on failure.
 */
static int innodb_dictionary(struct mysql_conn *c, struct rg_arena *a, struct innodb_dict *d,
			     struct rg_error *err)
{
	*d = (struct innodb_dict){0};
	if (!innodb_usable(c))
		return 0;
	struct rg_error qerr;
	d->fks = keep(c, a, innodb_fks_sql, "reading information_schema.INNODB_SYS_FOREIGN", &d->fk_keys,
		      &qerr) == 0 &&
		 keep(c, a, innodb_fk_cols_sql, "reading information_schema.INNODB_SYS_FOREIGN_COLS",
		      &d->fk_cols, &qerr) == 0;
	/* the same privilege guards all five: no index views without the first two */
	d->index = d->fks &&
		   keep(c, a, innodb_tables_sql, "reading information_schema.INNODB_SYS_TABLES", &d->tables,
			&qerr) == 0 &&
		   keep(c, a, innodb_indexes_sql, "reading information_schema.INNODB_SYS_INDEXES",
			&d->indexes, &qerr) == 0 &&
		   keep(c, a, innodb_fields_sql, "reading information_schema.INNODB_SYS_FIELDS", &d->fields,
			&qerr) == 0;
	if (d->index)
		return 0;
	if (!not_ours(c->my)) {
		*err = qerr;
		return -1;
	}
	return 0; /* what was read is kept, fks and index say what */
}

/*
 * Adds the foreign keys of the dictionary's answer d to s.  Returns 1, or
 * 0 with nothing added when the portable queries must answer instead (an
 * encoded name).
 */
static int innodb_fks(struct rg_schema *s, struct innodb_dict *d)
{
	struct rows *keys = &d->fk_keys, *cols = &d->fk_cols;
	struct id_fk *v = NULL;
	size_t n = 0, cap = 0;
	MYSQL_ROW row;
	bool encoded = false;
	while ((row = next_row(keys)) != NULL)
		for (int i = 0; i < 3; i++)
			if (!cell(row, i) || strchr(cell(row, i), '@'))
				encoded = true;
	while ((row = next_row(cols)) != NULL)
		if (!cell(row, 0) || !cell(row, 1) || !cell(row, 2) || strchr(cell(row, 0), '@'))
			encoded = true;
	if (encoded)
		return 0;
	keys->next = cols->next = 0;
	while ((row = next_row(keys)) != NULL) {
		struct rg_table *t = find(s, after_slash(cell(row, 1)));
		if (!t)
			continue;
		struct rg_fk *fk = rg_table_add_fk(s, t, after_slash(cell(row, 0)));
		fk->ref_table = rg_arena_strdup(s->arena, after_slash(cell(row, 2)));
		unsigned long type = cell(row, 3) ? strtoul(cell(row, 3), NULL, 10) : 0;
		fk->on_delete = innodb_rule(type, false);
		fk->on_update = innodb_rule(type, true);
		rg_grow((void **)&v, &cap, n + 1, sizeof(*v));
		v[n].id = rg_arena_strdup(s->arena, cell(row, 0));
		v[n++].fk = fk;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_id_fk);
	while (n && (row = next_row(cols)) != NULL) {
		struct id_fk key = {cell(row, 0), NULL};
		struct id_fk *hit = bsearch(&key, v, n, sizeof(*v), cmp_id_fk);
		if (!hit)
			continue;
		size_t k = hit->fk->ncols;
		rg_names_push(s, &hit->fk->cols, &hit->fk->ncols, cell(row, 1));
		rg_names_push(s, &hit->fk->ref_cols, &k, cell(row, 2));
	}
	free(v);
	return 1;
}

/*
 * While the first connection reads tables and columns, a second reads the
 * rest: the checks, and InnoDB's dictionary (or STATISTICS, when the
 * dictionary cannot be used); the server answers both at once.  At 3000
 * tables that is about 100 ms of the server's time on each.  Against
 * three connections (the checks in two halves by the CRC32 of the table's
 * name), on two cores, in turns: after the edit 296 ms against 314
 * (median of 16) and 273 against 291 (of 11); cached, 195 against 219 in
 * one series and 266 against 246 in another: no better, one connection
 * and one thread fewer.  Only reading runs there; the results are
 * processed by the caller, in the usual order, after the join.
 */
struct side {
	const struct mysql_conn *main;
	const char *checks_sql;
	bool statistics, dictionary; /* reads STATISTICS, the dictionary too */
	struct rg_arena *arena; /* what it keeps */
	struct rows indexes, checks;
	bool have_indexes, have_checks;
	struct innodb_dict dict;
	struct rg_error err;
	int rc;
	bool connected, started;
	unsigned long statements;
	struct rg_spare *spare; /* the thread it runs on, or */
	pthread_t thread;       /* one made for it */
};

static void *side_thread(void *arg)
{
	struct side *j = arg;
	const struct mysql_conn *m = j->main;
	j->rc = -1;
	if (MY->mysql_thread_init() != 0)
		return NULL;
	MYSQL *my = open_session(m, 0, &j->err);
	if (my) {
		j->connected = true;
		struct mysql_conn c2 = {.my = my, .mariadb = m->mariadb, .plain_db = m->plain_db};
		if ((j->have_checks = keep(&c2, j->arena, j->checks_sql, "reading information_schema.CHECK_CONSTRAINTS",
					   &j->checks, &j->err) == 0) &&
		    (!j->statistics ||
		     (j->have_indexes = keep(&c2, j->arena, indexes_sql, "reading information_schema.STATISTICS",
					     &j->indexes, &j->err) == 0)) &&
		    (!j->dictionary || innodb_dictionary(&c2, j->arena, &j->dict, &j->err) == 0))
			j->rc = 0;
		j->statements = c2.statements;
	}
	if (my)
		MY->mysql_close(my);
	MY->mysql_thread_end();
	return NULL;
}

/* On a spare thread when there is one (util/spare.h says why). */
static void side_start(struct side *j)
{
	j->spare = rg_spare_run(side_thread, j);
	j->started = j->spare || pthread_create(&j->thread, NULL, side_thread, j) == 0;
}

static void side_join(struct side *j)
{
	if (!j->started)
		return;
	j->started = false;
	if (j->spare)
		rg_spare_wait(j->spare);
	else
		pthread_join(j->thread, NULL);
}

/* Adds the checks of a CHECK_CONSTRAINTS result. */
static void add_checks(struct rg_schema *s, struct rows *r)
{
	MYSQL_ROW row;
	while ((row = next_row(r)) != NULL) {
		struct rg_table *t = find(s, cell(row, 0));
		if (!t)
			continue;
		/* MariaDB's JSON columns carry a check of their own, named
		 * after the column: part of the type, not of the model */
		const char *name = cell(row, 1), *expr = cell(row, 2);
		if (name && expr && rg_table_find_column(t, name) && strncmp(expr, "json_valid(", 11) == 0)
			continue;
		struct rg_check *ck = rg_table_add_check(s, t, name);
		ck->expr = rg_arena_strdup(s->arena, expr);
	}
}

/* Foreign keys from KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS. */
static int portable_fks(struct mysql_conn *c, struct rg_schema *s, struct rg_error *err)
{
	MYSQL_RES *r;
	MYSQL_ROW row;
	if (!(r = query(c, fks_sql, "reading information_schema.KEY_COLUMN_USAGE", err)))
		return -1;
	struct rg_fk *fk = NULL;
	struct rg_table *fk_table = NULL;
	while ((row = MY->mysql_fetch_row(r)) != NULL) {
		struct rg_table *t = find(s, cell(row, 0));
		if (!t)
			continue;
		if (!fk || fk_table != t || strcmp(fk->name, cell(row, 1)) != 0) {
			fk = rg_table_add_fk(s, t, cell(row, 1));
			fk->ref_table = rg_arena_strdup(s->arena, cell(row, 3));
			fk_table = t;
		}
		size_t n = fk->ncols;
		rg_names_push(s, &fk->cols, &fk->ncols, cell(row, 2));
		rg_names_push(s, &fk->ref_cols, &n, cell(row, 4));
	}
	MY->mysql_free_result(r);
	if (!(r = query(c, fk_rules_sql, "reading information_schema.REFERENTIAL_CONSTRAINTS", err)))
		return -1;
	while ((row = MY->mysql_fetch_row(r)) != NULL) {
		struct rg_table *t = find(s, cell(row, 0));
		for (size_t k = 0; t && cell(row, 1) && k < t->nfks; k++)
			if (strcmp(t->fks[k]->name, cell(row, 1)) == 0) {
				t->fks[k]->on_delete = rule(cell(row, 2));
				t->fks[k]->on_update = rule(cell(row, 3));
			}
	}
	MY->mysql_free_result(r);
	return 0;
}

/* Indexes, unique keys and the primary key from STATISTICS rows (t, i,
 * nu, c), in table, index and position order. */
static void statistics_indexes(struct rg_schema *s, struct rows *r)
{
	MYSQL_ROW row;
	struct rg_table *cur_t = NULL;
	const char *cur_name = NULL;
	const char ***cols = NULL;
	size_t *ncols = NULL;
	while ((row = next_row(r)) != NULL) {
		struct rg_table *t = find(s, cell(row, 0));
		if (!t || !cell(row, 3))
			continue; /* expression parts of functional indexes */
		const char *name = cell(row, 1);
		if (cur_t != t || !cur_name || strcmp(cur_name, name) != 0) {
			cur_t = t;
			cur_name = rg_arena_strdup(s->arena, name);
			if (strcmp(name, "PRIMARY") == 0) {
				struct rg_pk *pk = rg_table_set_pk(s, t, NULL);
				cols = &pk->cols;
				ncols = &pk->ncols;
			} else if (strcmp(cell(row, 2), "0") == 0) {
				struct rg_unique *u = rg_table_add_unique(s, t, name);
				cols = &u->cols;
				ncols = &u->ncols;
			} else {
				struct rg_index *x = rg_table_add_index(s, t, name);
				cols = &x->cols;
				ncols = &x->ncols;
			}
		}
		rg_names_push(s, cols, ncols, cell(row, 3));
	}
}

struct id_ref {
	unsigned long long id;
	struct rg_table *t;     /* a table's entry; NULL: not one of ours */
	const char ***cols;     /* an index's: where its columns go */
	size_t *ncols;
};

static int cmp_id_ref(const void *a, const void *b)
{
	unsigned long long x = ((const struct id_ref *)a)->id, y = ((const struct id_ref *)b)->id;
	return x < y ? -1 : x > y;
}

static struct id_ref *find_id(struct id_ref *v, size_t n, const char *id)
{
	struct id_ref key = {id ? strtoull(id, NULL, 10) : 0, NULL, NULL, NULL};
	return id && n ? bsearch(&key, v, n, sizeof(*v), cmp_id_ref) : NULL;
}

/* InnoDB's index TYPE bits (dict0mem.h) */
#define DICT_CLUSTERED 1u
#define DICT_UNIQUE 2u
#define DICT_FTS 32u
#define DICT_SPATIAL 64u

/*
 * The indexes of s's tables from the InnoDB views j holds.  Returns 0, with
 * nothing added, when STATISTICS must answer instead: a table of s that
 * InnoDB does not have (another engine, partitions), an encoded name, a
 * full-text or spatial index, one being built, or an index on a column
 * COLUMNS did not list (the hidden ones behind MariaDB's long unique keys).
 * A table without a primary key has a clustered index on a hidden row id
 * (GEN_CLUST_INDEX), which is no index of the model's.
 */
static int innodb_indexes(struct rg_schema *s, struct innodb_dict *j)
{
	struct id_ref *tabs = NULL, *idx = NULL;
	size_t ntabs = 0, captabs = 0, nidx = 0, capidx = 0, covered = 0;
	int ok = 0;
	MYSQL_ROW row;
	while ((row = next_row(&j->tables)) != NULL) {
		if (!cell(row, 0) || !cell(row, 1) || strchr(cell(row, 1), '@'))
			goto out;
		struct rg_table *t = find(s, after_slash(cell(row, 1)));
		covered += t != NULL;
		rg_grow((void **)&tabs, &captabs, ntabs + 1, sizeof(*tabs));
		tabs[ntabs++] = (struct id_ref){strtoull(cell(row, 0), NULL, 10), t, NULL, NULL};
	}
	if (covered != s->ntables)
		goto out;
	if (ntabs > 1)
		qsort(tabs, ntabs, sizeof(*tabs), cmp_id_ref);
	/* first every check, then (all passed) the building */
	for (int build = 0; build < 2; build++) {
		j->indexes.next = 0;
		while ((row = next_row(&j->indexes)) != NULL) {
			struct id_ref *tr = find_id(tabs, ntabs, cell(row, 1));
			if (!tr || !tr->t)
				continue;
			const char *name = cell(row, 2);
			unsigned long type = cell(row, 3) ? strtoul(cell(row, 3), NULL, 10) : 0;
			if (!cell(row, 0) || !name || strchr(name, '@') || (unsigned char)name[0] == 0xff ||
			    (type & (DICT_FTS | DICT_SPATIAL)))
				goto out;
			bool primary = strcmp(name, "PRIMARY") == 0;
			if ((type & DICT_CLUSTERED) && !primary && !(type & DICT_UNIQUE))
				continue; /* GEN_CLUST_INDEX */
			if (!build) {
				rg_grow((void **)&idx, &capidx, nidx + 1, sizeof(*idx));
				idx[nidx++] = (struct id_ref){strtoull(cell(row, 0), NULL, 10), tr->t, NULL, NULL};
				continue;
			}
			struct id_ref *ir = find_id(idx, nidx, cell(row, 0));
			if (primary) {
				struct rg_pk *pk = rg_table_set_pk(s, tr->t, NULL);
				ir->cols = &pk->cols;
				ir->ncols = &pk->ncols;
			} else if (type & DICT_UNIQUE) {
				struct rg_unique *u = rg_table_add_unique(s, tr->t, name);
				ir->cols = &u->cols;
				ir->ncols = &u->ncols;
			} else {
				struct rg_index *x = rg_table_add_index(s, tr->t, name);
				ir->cols = &x->cols;
				ir->ncols = &x->ncols;
			}
		}
		if (!build) {
			if (nidx > 1)
				qsort(idx, nidx, sizeof(*idx), cmp_id_ref);
			j->fields.next = 0;
			while ((row = next_row(&j->fields)) != NULL) {
				struct id_ref *ir = find_id(idx, nidx, cell(row, 0));
				if (ir && (!cell(row, 1) || !rg_table_find_column(ir->t, cell(row, 1))))
					goto out;
			}
		}
	}
	j->fields.next = 0;
	while ((row = next_row(&j->fields)) != NULL) {
		struct id_ref *ir = find_id(idx, nidx, cell(row, 0));
		if (ir && ir->cols)
			rg_names_push(s, ir->cols, ir->ncols, cell(row, 1));
	}
	ok = 1;
out:
	free(tabs);
	free(idx);
	return ok;
}

/*
 * Adds each table's columns from sql (columns_sql or its ordered twin).
 * Returns 1, or 0 when a column came out of its table's order (its
 * ORDINAL_POSITION is not the next one): the caller asks again with ORDER
 * BY.  -1 on failure.
 */
static int read_columns(struct mysql_conn *c, struct rg_schema *s, const char *sql,
			struct rg_error *err)
{
	static const char what[] = "reading information_schema.COLUMNS";
	MYSQL_RES *r = query_stream(c, sql, what, err);
	if (!r)
		return -1;
	MYSQL_ROW row;
	bool in_order = true;
	struct rg_table *t = NULL;
	while ((row = MY->mysql_fetch_row(r)) != NULL) {
		/* a table's rows come together: the previous row's table first */
		if (!t || !cell(row, 0) || strcmp(t->name, cell(row, 0)) != 0)
			t = find(s, cell(row, 0));
		if (!t)
			continue;
		if (!cell(row, 7) || strtoul(cell(row, 7), NULL, 10) != t->ncolumns + 1)
			in_order = false;
		struct rg_column *col = rg_table_add_column(s, t, cell(row, 1));
		col->type = rg_arena_strdup(s->arena, cell(row, 2));
		col->not_null = cell(row, 3) && strcmp(cell(row, 3), "NO") == 0;
		const char *def = cell(row, 4);
		/* MariaDB reports "no default" of a nullable column as NULL */
		if (def && strcmp(def, "NULL") != 0)
			col->default_expr = c->mariadb ? rg_arena_strdup(s->arena, def)
						       : mysql8_default(s, col->type, def, cell(row, 5));
		col->autoincrement = cell(row, 5) && strstr(cell(row, 5), "auto_increment");
		if (cell(row, 6) && *cell(row, 6))
			col->comment = rg_arena_strdup(s->arena, cell(row, 6));
	}
	if (stream_end(c, r, what, err) < 0)
		return -1;
	/* an ordered answer is taken as it comes: positions may have gaps
	 * there (MySQL 8 numbers the hidden columns of functional indexes) */
	return in_order || sql == columns_ordered_sql;
}

int rg_mysql_introspect(struct rg_conn *base, const struct rg_introspect_opts *o,
			struct rg_schema **out, struct rg_error *err)
{
	struct mysql_conn *c = (struct mysql_conn *)base;
	struct rg_schema *s = rg_schema_new();
	MYSQL_RES *r = NULL;
	MYSQL_ROW row;
	int rc = -1;
	struct side side = {.main = c, .checks_sql = c->mariadb ? checks_mariadb_sql : checks_mysql_sql,
			    .statistics = !innodb_usable(c), .dictionary = innodb_usable(c)};
	/* (after the join this connection keeps what it reads there too) */
	side.arena = rg_arena_new();
	side_start(&side);
	struct innodb_dict *dict, own_dict = {0};

	static const char tables_what[] = "reading information_schema.TABLES";
	if (!(r = query_stream(c, tables_sql, tables_what, err)))
		goto out;
	while ((row = MY->mysql_fetch_row(r)) != NULL) {
		if (!cell(row, 0) || excluded(o, cell(row, 0)))
			continue;
		struct rg_table *t = rg_schema_add_table(s, cell(row, 0));
		if (cell(row, 1) && *cell(row, 1))
			t->comment = rg_arena_strdup(s->arena, cell(row, 1));
	}
	rc = stream_end(c, r, tables_what, err);
	r = NULL;
	if (rc < 0)
		goto out;
	rc = -1;
	rg_schema_sort(s);

	int order = read_columns(c, s, c->mariadb ? columns_sql : columns_ordered_sql, err);
	if (order == 0) {
		/* out of order: the server sorts them after all */
		for (size_t i = 0; i < s->ntables; i++)
			s->tables[i]->ncolumns = 0;
		order = read_columns(c, s, columns_ordered_sql, err);
	}
	if (order < 0)
		goto out;

	/* the other connection's results; when it could not be had (a server
	 * at its connection limit, say), this one asks the same */
	side_join(&side);
	c->statements += side.statements;
	if (side.rc < 0 && side.connected) {
		*err = side.err;
		goto out;
	}
	dict = &side.dict;
	if (!side.connected) {
		dict = &own_dict;
		if (innodb_dictionary(c, side.arena, dict, err) < 0)
			goto out;
	}

	/* foreign keys before indexes: the index MySQL adds beside a foreign
	 * key (same name, same columns) is the key's, not the model's */
	if (!(dict->fks && innodb_fks(s, dict)) && portable_fks(c, s, err) < 0)
		goto out;
	bool indexed = dict->index && innodb_indexes(s, dict);
	if (!indexed) {
		if (!side.have_indexes &&
		    keep(c, side.arena, indexes_sql, "reading information_schema.STATISTICS", &side.indexes, err) < 0)
			goto out;
		statistics_indexes(s, &side.indexes);
	}
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		size_t w = 0;
		for (size_t k = 0; k < t->nindexes; k++) {
			bool implicit = false;
			for (size_t f = 0; f < t->nfks; f++)
				if (strcmp(t->fks[f]->name, t->indexes[k]->name) == 0 &&
				    rg_names_equal(t->fks[f]->cols, t->fks[f]->ncols,
						   t->indexes[k]->cols, t->indexes[k]->ncols))
					implicit = true;
			if (!implicit)
				t->indexes[w++] = t->indexes[k];
		}
		t->nindexes = w;
	}

	if (!side.have_checks &&
	    keep(c, side.arena, side.checks_sql, "reading information_schema.CHECK_CONSTRAINTS", &side.checks,
		 err) < 0)
		goto out;
	add_checks(s, &side.checks);

	rg_schema_sort(s);
	*out = s;
	s = NULL;
	rc = 0;
out:
	side_join(&side);
	rg_arena_free(side.arena);
	if (r)
		MY->mysql_free_result(r);
	rg_schema_free(s);
	return rc;
}
