/*
 * pg.c (introspect) - PostgreSQL over libpq: the connection, and the
 * catalog read in four queries (tables, columns, constraints, indexes),
 * one per object kind, whatever the number of tables, as pg_dump does.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "introspect/pg.h"

struct pg_conn {
	struct rg_conn base;
	PGconn *pg;
	char *schema;
	unsigned long statements;
};

unsigned long rg_pg_statement_count(const struct rg_conn *c)
{
	return ((const struct pg_conn *)c)->statements;
}

/* Notices (IF NOT EXISTS "skipping", ...) are not errors: keep stderr for
 * what matters. */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The server's message: primary, then detail and hint when present. */
static int result_error(struct rg_error *err, PGconn *pg, PGresult *r)
{
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!primary) {
		rg_error_set(err, "%s", PQerrorMessage(pg));
		size_t n = strlen(err->msg);
		while (n > 0 && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
			err->msg[--n] = '\0';
		return -1;
	}
	const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	return rg_error_set(err, "%s%s%s%s%s%s", primary, detail ? "; " : "", detail ? detail : "",
			    hint ? " (hint: " : "", hint ? hint : "", hint ? ")" : "");
}

int rg_pg_connect(struct rg_conn **out, const struct rg_url *url,
		  struct rg_error *err)
{
	const char *keys[32], *vals[32];
	int n = 0;
	const char *schema = "public";
#define KV(k, v)                                \
	do {                                    \
		const char *v_ = (v);           \
		if (v_ && n < 30) {             \
			keys[n] = (k);          \
			vals[n] = v_;           \
			n++;                    \
		}                               \
	} while (0)
	char port[16];
	snprintf(port, sizeof(port), "%d", url->port);
	KV("host", url->host);
	KV("port", url->port ? port : NULL);
	KV("user", url->user);
	KV("password", url->password);
	KV("dbname", url->database);
	KV("application_name", "revgen");
	for (size_t i = 0; i < url->nparams; i++) {
		if (strcmp(url->keys[i], "schema") == 0)
			schema = url->values[i];
		else
			KV(url->keys[i], url->values[i]);
	}
#undef KV
	keys[n] = vals[n] = NULL;
	PGconn *pg = PQconnectdbParams(keys, vals, 0);
	if (!pg)
		return rg_error_set(err, "libpq: out of memory");
	if (PQstatus(pg) != CONNECTION_OK) {
		result_error(err, pg, NULL);
		PQfinish(pg);
		return -1;
	}
	PQsetNoticeProcessor(pg, quiet, NULL);
	struct pg_conn *c = rg_xcalloc(1, sizeof(*c));
	c->base.dialect = &rg_dialect_postgresql;
	c->pg = pg;
	c->schema = rg_xstrdup(schema);
	/* DDL without a schema lands in the managed schema */
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SET search_path TO ");
	rg_dialect_postgresql.quote_ident(&sql, schema);
	int rc = rg_pg_exec(&c->base, sql.data, err);
	rg_buf_free(&sql);
	if (rc < 0) {
		rg_pg_disconnect(&c->base);
		return -1;
	}
	*out = &c->base;
	return 0;
}

void rg_pg_disconnect(struct rg_conn *base)
{
	if (!base)
		return;
	struct pg_conn *c = (struct pg_conn *)base;
	PQfinish(c->pg);
	free(c->schema);
	free(c);
}

int rg_pg_exec(struct rg_conn *base, const char *sql, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	c->statements++;
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = result_error(err, c->pg, r);
	PQclear(r);
	return rc;
}

/* Runs a query with text parameters; the result is the caller's. */
static PGresult *query(struct pg_conn *c, const char *sql, int nparams,
		       const char *const *params, struct rg_error *err)
{
	c->statements++;
	PGresult *r = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		result_error(err, c->pg, r);
		PQclear(r);
		return NULL;
	}
	return r;
}

int rg_pg_query_column(struct rg_conn *base, const char *sql, char ***rows,
		       size_t *nrows, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	PGresult *r = query(c, sql, 0, NULL, err);
	if (!r)
		return -1;
	int n = PQntuples(r);
	*rows = rg_xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		(*rows)[i] = PQgetisnull(r, i, 0) ? NULL : rg_xstrdup(PQgetvalue(r, i, 0));
	*nrows = (size_t)n;
	PQclear(r);
	return 0;
}

int rg_pg_table_exists(struct rg_conn *base, const char *table, bool *out,
		       struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	const char *p[2] = {c->schema, table};
	PGresult *r = query(c, "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2",
			    2, p, err);
	if (!r)
		return -1;
	*out = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

int rg_pg_begin(struct rg_conn *c, struct rg_error *err)
{
	return rg_pg_exec(c, "BEGIN", err);
}

int rg_pg_commit(struct rg_conn *c, struct rg_error *err)
{
	return rg_pg_exec(c, "COMMIT", err);
}

int rg_pg_rollback(struct rg_conn *c, struct rg_error *err)
{
	return rg_pg_exec(c, "ROLLBACK", err);
}

/* A session-level advisory lock held across the per-revision
 * transactions; the key is fixed ("revgen" in ASCII), so every revgen on
 * this database queues on it. */
#define LOCK_KEY "7382469471325294"

int rg_pg_lock(struct rg_conn *c, struct rg_error *err)
{
	return rg_pg_exec(c, "SELECT pg_advisory_lock(" LOCK_KEY ")", err);
}

int rg_pg_unlock(struct rg_conn *c, struct rg_error *err)
{
	return rg_pg_exec(c, "SELECT pg_advisory_unlock(" LOCK_KEY ")", err);
}

/* ---- the catalog ---- */

static const char tables_sql[] =
	"SELECT c.oid, c.relname, pg_catalog.obj_description(c.oid, 'pg_class') "
	"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
	"ORDER BY c.relname";

static const char columns_sql[] =
	"SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
	"a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, "
	"pg_catalog.col_description(a.attrelid, a.attnum) "
	"FROM pg_catalog.pg_attribute a "
	"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
	"ORDER BY a.attrelid, a.attnum";

/* column lists joined with U+001F, which no sane name contains */
static const char constraints_sql[] =
	"SELECT con.conrelid, con.conname, con.contype, "
	"array_to_string(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o) "
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o), E'\\x1f'), "
	"rc.relname, "
	"array_to_string(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o) "
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o), E'\\x1f'), "
	"con.confdeltype, con.confupdtype, pg_catalog.pg_get_expr(con.conbin, con.conrelid) "
	"FROM pg_catalog.pg_constraint con "
	"JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
	"WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f', 'c') "
	"ORDER BY con.conrelid, con.conname";

static const char indexes_sql[] =
	"SELECT i.indrelid, ic.relname, i.indisunique, "
	"array_to_string(ARRAY(SELECT CASE WHEN k.n = 0 "
	"    THEN '(' || pg_catalog.pg_get_indexdef(i.indexrelid, k.o::int, true) || ')' "
	"    ELSE a.attname END "
	"  FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
	"  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n "
	"  WHERE k.o <= i.indnkeyatts ORDER BY k.o), E'\\x1f'), "
	"pg_catalog.pg_get_expr(i.indpred, i.indrelid) "
	"FROM pg_catalog.pg_index i "
	"JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
	"JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') "
	"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con "
	"  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')) "
	"ORDER BY i.indrelid, ic.relname";

struct oid_table {
	unsigned long oid;
	struct rg_table *t;
};

static int cmp_oid(const void *a, const void *b)
{
	unsigned long x = ((const struct oid_table *)a)->oid;
	unsigned long y = ((const struct oid_table *)b)->oid;
	return (x > y) - (x < y);
}

static struct rg_table *by_oid(const struct oid_table *v, size_t n, const char *oid)
{
	struct oid_table key = {strtoul(oid, NULL, 10), NULL};
	const struct oid_table *hit = bsearch(&key, v, n, sizeof(*v), cmp_oid);
	return hit ? hit->t : NULL;
}

static const char *val(PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static void split_names(struct rg_schema *s, const char *joined, const char ***out,
			size_t *n)
{
	while (joined && *joined) {
		size_t len = strcspn(joined, "\x1f");
		char *name = rg_arena_strndup(s->arena, joined, len);
		rg_names_push(s, out, n, name);
		joined += len;
		if (*joined)
			joined++;
	}
}

static enum rg_fk_action action(const char *code)
{
	switch (code ? code[0] : 'a') {
	case 'r': return RG_FK_RESTRICT;
	case 'c': return RG_FK_CASCADE;
	case 'n': return RG_FK_SET_NULL;
	case 'd': return RG_FK_SET_DEFAULT;
	default: return RG_FK_NO_ACTION;
	}
}

static bool excluded(const struct rg_introspect_opts *o, const char *name)
{
	for (size_t i = 0; o && i < o->nexclude; i++)
		if (rg_glob_match(o->exclude[i], name))
			return true;
	return false;
}

int rg_pg_introspect(struct rg_conn *base, const struct rg_introspect_opts *o,
		     struct rg_schema **out, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	const char *params[1] = {c->schema};
	struct rg_schema *s = rg_schema_new();
	PGresult *r = NULL;
	struct oid_table *tabs = NULL;
	size_t ntabs = 0;
	int rc = -1;

	if (!(r = query(c, tables_sql, 1, params, err)))
		goto out;
	tabs = rg_xcalloc((size_t)PQntuples(r) + 1, sizeof(*tabs));
	for (int i = 0; i < PQntuples(r); i++) {
		if (excluded(o, val(r, i, 1)))
			continue;
		struct rg_table *t = rg_schema_add_table(s, val(r, i, 1));
		t->comment = rg_arena_strdup(s->arena, val(r, i, 2));
		tabs[ntabs].oid = strtoul(val(r, i, 0), NULL, 10);
		tabs[ntabs++].t = t;
	}
	PQclear(r);
	qsort(tabs, ntabs, sizeof(*tabs), cmp_oid);

	if (!(r = query(c, columns_sql, 1, params, err)))
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, 0));
		if (!t)
			continue;
		struct rg_column *col = rg_table_add_column(s, t, val(r, i, 1));
		col->type = rg_arena_strdup(s->arena, val(r, i, 2));
		col->not_null = strcmp(val(r, i, 3), "t") == 0;
		const char *def = val(r, i, 4);
		const char *ident = val(r, i, 5);
		col->autoincrement = ident && *ident;
		/* a serial column is an autoincrement one; its nextval() default
		 * is PostgreSQL's business, not the model's */
		if (def && strncmp(def, "nextval(", 8) == 0) {
			col->autoincrement = true;
			def = NULL;
		}
		col->default_expr = rg_arena_strdup(s->arena, def);
		col->comment = rg_arena_strdup(s->arena, val(r, i, 6));
	}
	PQclear(r);

	if (!(r = query(c, constraints_sql, 1, params, err)))
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, 0));
		if (!t)
			continue;
		const char *name = val(r, i, 1);
		switch (val(r, i, 2)[0]) {
		case 'p': {
			struct rg_pk *pk = rg_table_set_pk(s, t, name);
			split_names(s, val(r, i, 3), &pk->cols, &pk->ncols);
			break;
		}
		case 'u': {
			struct rg_unique *u = rg_table_add_unique(s, t, name);
			split_names(s, val(r, i, 3), &u->cols, &u->ncols);
			break;
		}
		case 'f': {
			struct rg_fk *f = rg_table_add_fk(s, t, name);
			size_t n = 0;
			split_names(s, val(r, i, 3), &f->cols, &f->ncols);
			split_names(s, val(r, i, 5), &f->ref_cols, &n);
			f->ref_table = rg_arena_strdup(s->arena, val(r, i, 4));
			f->on_delete = action(val(r, i, 6));
			f->on_update = action(val(r, i, 7));
			break;
		}
		case 'c': {
			struct rg_check *ck = rg_table_add_check(s, t, name);
			ck->expr = rg_arena_strdup(s->arena, val(r, i, 8));
			break;
		}
		}
	}
	PQclear(r);

	if (!(r = query(c, indexes_sql, 1, params, err)))
		goto out;
	for (int i = 0; i < PQntuples(r); i++) {
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, 0));
		if (!t)
			continue;
		struct rg_index *x = rg_table_add_index(s, t, val(r, i, 1));
		x->unique = strcmp(val(r, i, 2), "t") == 0;
		split_names(s, val(r, i, 3), &x->cols, &x->ncols);
		x->where = rg_arena_strdup(s->arena, val(r, i, 4));
	}
	PQclear(r);
	r = NULL;

	rg_schema_sort(s);
	*out = s;
	s = NULL;
	rc = 0;
out:
	PQclear(r);
	free(tabs);
	rg_schema_free(s);
	return rc;
}
