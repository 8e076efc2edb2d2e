/*
 * pg.c (introspect) - PostgreSQL over libpq: the connection, and the
 * catalog read in eight queries (tables, columns, constraints, indexes,
 * the views that use tables, enumerated types, sequences, domains), one
 * per object kind, whatever the number of tables, as pg_dump does.  Over 800 lines: the queries are most of it,
 * and they share the pipeline and the oid lookups.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "diff/views.h"
#include "introspect/libpq.h"
#include "introspect/pg.h"

/* libpq, opened at the first connection (libpq.h) */
#define PQ (&rg_libpq_api)

struct pg_conn {
	struct rg_conn base;
	PGconn *pg;
	char *schema;  /* the default one, where the search_path points */
	char *schemas; /* all managed ones, a text[] literal (catalog queries' $1) */
	unsigned long statements;
	/* a hot standby (pg_is_in_recovery): what reads works, what would
	 * change the database is refused before it starts (rg_pg_lock) */
	bool standby;
	char *server; /* host:port, for that message */
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
	const char *primary = r ? PQ->PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!primary) {
		rg_error_set(err, "%s", PQ->PQerrorMessage(pg));
		size_t n = strlen(err->msg);
		while (n > 0 && (err->msg[n - 1] == '\n' || err->msg[n - 1] == ' '))
			err->msg[--n] = '\0';
		return -1;
	}
	const char *detail = PQ->PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *hint = PQ->PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
	return rg_error_set(err, "%s%s%s%s%s%s", primary, detail ? "; " : "", detail ? detail : "",
			    hint ? " (hint: " : "", hint ? hint : "", hint ? ")" : "");
}

/* Session set-up in one round trip: unqualified DDL lands in the managed
 * schema, notices stay quiet, and a schema that does not exist is said so
 * now rather than as "no schema has been selected to create in" later. */
static const char setup_sql[] =
	"SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1::text), false), "
	"pg_catalog.set_config('client_min_messages', 'warning', false), "
	"EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::text) AS found, "
	"pg_catalog.pg_is_in_recovery() AS standby";

static PGresult *query(struct pg_conn *c, const char *sql, int nparams,
		       const char *const *params, struct rg_error *err);

int rg_pg_connect(struct rg_conn **out, const struct rg_url *url,
		  struct rg_error *err)
{
	if (rg_libpq_open(err) < 0)
		return -1;
	/* libpq's keywords: the URL's parts, then its query parameters
	 * (sslmode, connect_timeout...) but `schema`, which is revgen's */
	size_t cap = 7 + url->nparams;
	const char **keys = rg_xcalloc(cap, sizeof(char *));
	const char **vals = rg_xcalloc(cap, sizeof(char *));
	size_t n = 0;
	char **schemas;
	size_t nschemas;
	if (rg_url_schemas(url, &schemas, &nschemas, err) < 0)
		return -1;
	const char *schema = schemas[0];
	char port[16];
	snprintf(port, sizeof(port), "%d", url->port);
	const char *const parts[][2] = {
		{"host", url->host}, {"port", url->port ? port : NULL}, {"user", url->user},
		{"password", url->password}, {"dbname", url->database},
		{"application_name", "revgen"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(parts); i++)
		if (parts[i][1]) {
			keys[n] = parts[i][0];
			vals[n++] = parts[i][1];
		}
	for (size_t i = 0; i < url->nparams; i++) {
		if (strcmp(url->keys[i], "schema") != 0) {
			keys[n] = url->keys[i];
			vals[n++] = url->values[i];
		}
	}
	PGconn *pg = PQ->PQconnectdbParams(keys, vals, 0);
	free(keys);
	free(vals);
	if (!pg || PQ->PQstatus(pg) != CONNECTION_OK) {
		if (pg)
			result_error(err, pg, NULL);
		else
			rg_error_set(err, "libpq: out of memory");
		PQ->PQfinish(pg);
		rg_free_strv(schemas, nschemas);
		return -1;
	}
	PQ->PQsetNoticeProcessor(pg, quiet, NULL);
	struct pg_conn *c = rg_xcalloc(1, sizeof(*c));
	c->pg = pg;
	c->schema = rg_xstrdup(schema);
	/* every catalog query's $1: the managed schemas as a text[] literal,
	 * the default first ("{"app","billing"}") */
	struct rg_buf lit = RG_BUF_INIT;
	rg_buf_addc(&lit, '{');
	for (size_t i = 0; i < nschemas; i++) {
		rg_buf_add(&lit, i ? ",\"" : "\"");
		for (const char *p = schemas[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				rg_buf_addc(&lit, '\\');
			rg_buf_addc(&lit, *p);
		}
		rg_buf_addc(&lit, '"');
	}
	rg_buf_addc(&lit, '}');
	c->schemas = rg_buf_detach(&lit);
	rg_free_strv(schemas, nschemas);
	struct rg_buf own = RG_BUF_INIT;
	rg_buf_add(&own, "SET search_path = \"");
	for (const char *p = c->schema; *p; p++) {
		if (*p == '"')
			rg_buf_addc(&own, '"');
		rg_buf_addc(&own, *p);
	}
	rg_buf_addc(&own, '"');
	c->base.own_session = rg_buf_detach(&own);
	const char *params[1] = {c->schema};
	PGresult *r = query(c, setup_sql, 1, params, err);
	if (!r) {
		rg_pg_disconnect(&c->base);
		return -1;
	}
	int found = PQ->PQfnumber(r, "found"), standby = PQ->PQfnumber(r, "standby");
	bool exists = PQ->PQntuples(r) == 1 && found >= 0 && strcmp(PQ->PQgetvalue(r, 0, found), "t") == 0;
	c->standby = PQ->PQntuples(r) == 1 && standby >= 0 &&
		     strcmp(PQ->PQgetvalue(r, 0, standby), "t") == 0;
	PQ->PQclear(r);
	const char *host = url->host ? url->host : "localhost";
	size_t len = strlen(host) + 16;
	c->server = rg_xcalloc(len, 1);
	snprintf(c->server, len, url->port ? "%s:%d" : "%s", host, url->port);
	if (!exists) {
		rg_error_set(err, "schema \"%s\" does not exist (create it, or fix the URL's "
			     "schema parameter)", c->schema);
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
	PQ->PQfinish(c->pg);
	free(c->schema);
	free(c->schemas);
	free(c->base.own_session);
	free(c->server);
	free(c);
}

int rg_pg_exec(struct rg_conn *base, const char *sql, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	c->statements++;
	PGresult *r = PQ->PQexec(c->pg, sql);
	ExecStatusType st = r ? PQ->PQresultStatus(r) : PGRES_FATAL_ERROR;
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = result_error(err, c->pg, r);
	PQ->PQclear(r);
	return rc;
}

/* Runs a query with text parameters; the result is the caller's. */
static PGresult *query(struct pg_conn *c, const char *sql, int nparams,
		       const char *const *params, struct rg_error *err)
{
	c->statements++;
	PGresult *r = PQ->PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);
	if (!r || PQ->PQresultStatus(r) != PGRES_TUPLES_OK) {
		result_error(err, c->pg, r);
		PQ->PQclear(r);
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
	int n = PQ->PQntuples(r);
	*rows = rg_xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		(*rows)[i] = PQ->PQgetisnull(r, i, 0) ? NULL : rg_xstrdup(PQ->PQgetvalue(r, i, 0));
	*nrows = (size_t)n;
	PQ->PQclear(r);
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
	*out = PQ->PQntuples(r) > 0;
	PQ->PQclear(r);
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

/*
 * A session-level advisory lock, held across the per-revision
 * transactions.  Its key is a hash (64-bit FNV-1a) of "revgen:" and the
 * managed schema: every revgen deploying this schema of this database
 * queues on it (advisory locks are per database already), while projects
 * in other schemas of the same database do not wait for each other.
 */
static int advisory(struct rg_conn *base, const char *fn, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	uint64_t h = rg_hash_str(rg_hash_str(RG_HASH_SEED, "revgen:"), c->schema);
	char sql[96];
	/* 63 bits: the key is a signed bigint */
	snprintf(sql, sizeof(sql), "SELECT pg_catalog.%s(%" PRId64 ")", fn, (int64_t)(h >> 1));
	return rg_pg_exec(base, sql, err);
}

/* Taken by what changes the database (upgrade, downgrade, stamp) and
 * by nothing that only reads: the place to refuse a standby, before the
 * first statement rather than at it. */
int rg_pg_lock(struct rg_conn *c, struct rg_error *err)
{
	const struct pg_conn *p = (const struct pg_conn *)c;
	if (p->standby)
		return rg_error_set(err, "the server at %s is a hot standby (in recovery): it takes no "
				    "changes; run this against the primary (check, current, history "
				    "and inspect work here)", p->server);
	return advisory(c, "pg_advisory_lock", err);
}

int rg_pg_unlock(struct rg_conn *c, struct rg_error *err)
{
	return advisory(c, "pg_advisory_unlock", err);
}

/* ---- the catalog ---- */

/*
 * Every catalog query's $1 is the managed schemas (pg_conn's schemas, a
 * text[] literal, the default first).  MANAGED: a row of one of them;
 * QNAME: an object's name as revgen keeps it, "schema.name" outside the
 * default schema (diff/schema.h); QIDENT: the same quoted for SQL.
 */
#define MANAGED(nsp) nsp " = ANY($1::text[])"
#define QNAME(nsp, rel) "CASE WHEN " nsp " = ($1::text[])[1] THEN " rel \
	" ELSE " nsp " || '.' || " rel " END"
#define QIDENT(nsp, rel) "CASE WHEN " nsp " = ($1::text[])[1] THEN pg_catalog.quote_ident(" rel \
	") ELSE pg_catalog.quote_ident(" nsp ") || '.' || pg_catalog.quote_ident(" rel ") END"

/*
 * The catalog queries.  Each reads one kind of object for the whole
 * schema; none is ordered (the model sorts what it needs, and columns are
 * put in attnum order here: a server-side sort of every column's wide
 * row was a large part of the columns query).  Comments come from joining pg_description,
 * not from col_description(), a lookup per row.  Defaults are deparsed
 * without their relation (pg_get_expr(adbin, 0), allowed for expressions
 * without column references, which a default cannot have): with the
 * relation, every table's relcache entry is built in the new backend, most
 * of the query's time on a large schema.  Generated columns, whose
 * expressions do name columns, keep it; attgenerated says which they are.
 */
static const char tables_sql[] =
	"SELECT c.oid AS rel, " QNAME("n.nspname", "c.relname") " AS name, ds.description AS comment, "
	"c.relpersistence = 'u' AS unlogged, "
	"pg_catalog.concat_ws(E'\\x1f', "
	"  CASE WHEN c.relkind = 'p' THEN 'PARTITION BY ' || pg_catalog.pg_get_partkeydef(c.oid) END, "
	"  (SELECT 'INHERITS (' || pg_catalog.string_agg(pg_catalog.quote_ident(p.relname), ', ' "
	"      ORDER BY i.inhseqno) || ')' "
	"    FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class p ON p.oid = i.inhparent "
	"    WHERE i.inhrelid = c.oid), "
	"  (SELECT pg_catalog.string_agg('TRIGGER ' || pg_catalog.quote_ident(tg.tgname), E'\\x1f' "
	"      ORDER BY tg.tgname) "
	"    FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid = c.oid AND NOT tg.tgisinternal)) AS unsaid "
	"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = c.oid "
	"  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = 0 "
	"WHERE " MANAGED("n.nspname") " AND c.relkind IN ('r', 'p') AND NOT c.relispartition";

static const char columns_sql[] =
	"SELECT a.attrelid AS rel, a.attnum AS num, a.attname AS name, "
	"pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, "
	"CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0) "
	"  ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS dflt, "
	"a.attidentity AS identity, ds.description AS comment, co.collname AS coll, "
	/* serial: the default depends on a sequence the column owns ('a');
	 * asked only of columns with a default, never of an identity */
	"CASE WHEN d.oid IS NOT NULL AND a.attidentity = '' THEN EXISTS ("
	"  SELECT 1 FROM pg_catalog.pg_depend dd JOIN pg_catalog.pg_depend od "
	"    ON od.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND od.objid = dd.refobjid "
	"    AND od.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
	"    AND od.refobjid = a.attrelid AND od.refobjsubid = a.attnum AND od.deptype = 'a' "
	"  WHERE dd.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND dd.objid = d.oid "
	"    AND dd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass) "
	"  ELSE false END AS serial, a.attgenerated AS generated "
	"FROM pg_catalog.pg_attribute a "
	"JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	/* a collation only where it is not the type's own */
	"JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid "
	"LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
	"  AND a.attcollation <> ty.typcollation "
	"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
	"LEFT JOIN pg_catalog.pg_description ds ON ds.objoid = a.attrelid "
	"  AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ds.objsubid = a.attnum "
	"WHERE " MANAGED("n.nspname") " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped";

/*
 * Constraint and index columns come as attribute numbers (conkey, indkey),
 * named here from the columns query: resolving them on the server, a
 * subquery per constraint, was most of these two queries.  Names are still
 * asked of the server where the columns query cannot answer: a foreign key
 * to a table of another schema, and the expressions of an expression
 * index (pg_get_indexdef), joined with U+001F, which no sane name contains.
 * Exclusion constraints are read only for their index, which, like the
 * indexes of primary keys and unique constraints, is not an index of the
 * model.
 */
static const char constraints_sql[] =
	"SELECT con.conrelid AS rel, con.conname AS name, con.contype AS kind, "
	"con.conkey AS keys, con.confrelid AS ref_rel, con.confkey AS ref_keys, "
	/* a table of an unmanaged schema by its bare name, as before */
	"CASE WHEN " MANAGED("rn.nspname") " THEN " QNAME("rn.nspname", "rc.relname")
	"  ELSE rc.relname END AS ref_table, "
	"CASE WHEN con.contype = 'f' AND NOT " MANAGED("rn.nspname") " THEN "
	"  array_to_string(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o) "
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n "
	"  ORDER BY k.o), E'\\x1f') END AS ref_names, "
	"con.confdeltype AS on_delete, con.confupdtype AS on_update, "
	"con.condeferrable AS deferrable, con.condeferred AS deferred, "
	"pg_catalog.pg_get_expr(con.conbin, con.conrelid) AS expr, con.conindid AS ind "
	"FROM pg_catalog.pg_constraint con "
	"JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace "
	"LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid "
	"LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
	"WHERE " MANAGED("n.nspname") " AND con.contype IN ('p', 'u', 'f', 'c', 'x')";

/*
 * Key parts are named on the client from indkey as above, unless one says
 * more than its column (expr_cols: each part as struct rg_index spells
 * it): an expression, DESC, NULLS FIRST/LAST against its order's default,
 * an operator class that is not its type's default (read from pg_opclass,
 * not from pg_get_indexdef's text, which deparses the rest its own way),
 * or a collation that is not its column's.  An expression's collation is
 * the one it takes from its inputs (lower(email) on a COLLATE "C" column
 * is in "C"), which only pg_get_indexdef knows: it writes COLLATE where
 * the index's differs, so a part says COLLATE when the definition does and
 * the collation is not the database's default.  `include`: the INCLUDE
 * columns; `method`: the access method, NULL for btree.  `opaque` is why
 * no model can declare the index: an operator class or collation whose
 * name has a '"' (the quotes of a key part) or an operator class with
 * options (PostgreSQL 13's attoptions on the index).
 */
static const char indexes_sql[] =
	/* every key part of the schema's indexes in one pass rather than a
	 * subquery per index and question, and pg_attribute looked up by its
	 * index per part rather than hashed whole: on a large schema this
	 * query then costs about what the plain key parts did */
	"WITH parts AS (SELECT i.indexrelid AS ind, k.o, k.n = 0 AS is_expr, a.attname, "
	"  oc.opcdefault, oc.opcname, co.collname, i.indoption[(k.o - 1)::int] AS opt, "
	"  i.indcollation[(k.o - 1)::int] <> 0 AND CASE WHEN k.n = 0 "
	"    THEN i.indcollation[(k.o - 1)::int] <> 100 "
	"      AND pg_catalog.pg_get_indexdef(i.indexrelid) LIKE '% COLLATE %' "
	"    ELSE i.indcollation[(k.o - 1)::int] <> a.attcollation END AS coll, "
	"  ia.attoptions IS NOT NULL AS has_options "
	"  FROM pg_catalog.pg_index i "
	"  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
	"  JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace "
	"  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
	"  JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[(k.o - 1)::int] "
	"  LEFT JOIN LATERAL (SELECT attname, attcollation FROM pg_catalog.pg_attribute "
	"    WHERE attrelid = i.indrelid AND attnum = k.n) a ON true "
	"  LEFT JOIN pg_catalog.pg_collation co ON co.oid = i.indcollation[(k.o - 1)::int] "
	"  LEFT JOIN LATERAL (SELECT attoptions FROM pg_catalog.pg_attribute "
	"    WHERE attrelid = i.indexrelid AND attnum = k.o) ia ON true "
	"  WHERE " MANAGED("n.nspname") " AND k.o <= i.indnkeyatts), "
	"spelled AS (SELECT ind, "
	"  bool_or(is_expr OR NOT opcdefault OR opt <> 0 OR coll) AS said, "
	"  string_agg(CASE WHEN is_expr "
	"    THEN '(' || pg_catalog.pg_get_indexdef(ind, o::int, true) || ')' ELSE attname END "
	"    || CASE WHEN coll THEN ' COLLATE \"' || collname || '\"' ELSE '' END "
	"    || CASE WHEN NOT opcdefault THEN ' OPCLASS \"' || opcname || '\"' ELSE '' END "
	"    || CASE WHEN opt & 1 = 1 THEN ' DESC' ELSE '' END "
	"    || CASE WHEN (opt & 1 = 1) = (opt & 2 = 2) THEN '' "
	"      WHEN opt & 2 = 2 THEN ' NULLS FIRST' ELSE ' NULLS LAST' END, "
	"    E'\\x1f' ORDER BY o) AS cols, "
	"  (array_agg(CASE WHEN opcname LIKE '%\"%' THEN 'operator class ' || opcname "
	"    WHEN has_options THEN 'operator class options' "
	"    ELSE 'COLLATE ' || collname END ORDER BY o) "
	"    FILTER (WHERE opcname LIKE '%\"%' OR has_options "
	"      OR (coll AND collname LIKE '%\"%')))[1] AS opaque "
	"  FROM parts GROUP BY ind) "
	"SELECT i.indrelid AS rel, ic.relname AS name, i.indisunique AS is_unique, "
	"i.indkey AS keys, i.indnkeyatts AS nkeys, "
	"CASE WHEN sp.said THEN sp.cols END AS expr_cols, "
	"CASE WHEN i.indnatts > i.indnkeyatts THEN "
	"  array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n "
	"  WHERE k.o > i.indnkeyatts ORDER BY k.o), E'\\x1f') END AS include, "
	"pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS pred, i.indexrelid AS ind, "
	"NULLIF(am.amname, 'btree') AS method, sp.opaque, NOT i.indisvalid AS invalid "
	"FROM pg_catalog.pg_index i "
	"JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
	"JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
	"JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace "
	"LEFT JOIN spelled sp ON sp.ind = i.indexrelid "
	"WHERE " MANAGED("n.nspname");

/*
 * The views and materialized views of the schema that use each table, and
 * the views that use those, again and again: PostgreSQL refuses to change
 * the type of, or to drop, a column a view uses while the view exists, so
 * the renderer drops them and puts them back around such a change (see
 * emit/pg.c).  A view's uses are the dependencies of its _RETURN rule
 * (pg_rewrite) on columns; a view on a view takes the table columns of the
 * views it uses, since dropping those takes it too.  One row per (table,
 * view), views in creation order: after every view they use (depth), then
 * by oid.  depth stops at 100 in case a view was replaced into a loop.
 *
 * sql is what recreating takes: the definition (names as the managed
 * schema's search_path shows them), WITH options (security_barrier,
 * check_option, a materialized view's storage), a materialized view left
 * unpopulated, comments on the view and its columns, a materialized
 * view's indexes, the triggers on a view (INSTEAD OF), and the privileges
 * granted on it.  Not: its owner (the role running the revision owns the
 * new one), column privileges, column defaults, rules besides _RETURN,
 * security labels; emit/pg.c says so in the revision.  Index and trigger
 * definitions name their relation with its schema, which is taken off so
 * that the revision works in whichever schema it runs.
 */
static const char views_sql[] =
	"WITH RECURSIVE uses AS ("
	"  SELECT DISTINCT rw.ev_class AS view, d.refobjid AS rel, d.refobjsubid AS col "
	"  FROM pg_catalog.pg_class v "
	"  JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace "
	"  JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid "
	"  JOIN pg_catalog.pg_depend d ON d.objid = rw.oid "
	"    AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass "
	"    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass "
	"    AND d.deptype = 'n' AND d.refobjid <> v.oid "
	"  WHERE " MANAGED("n.nspname") " AND v.relkind IN ('v', 'm')), "
	"lvl AS (SELECT DISTINCT view, 0 AS depth FROM uses "
	"  UNION SELECT u.view, l.depth + 1 FROM lvl l JOIN uses u ON u.rel = l.view "
	"  WHERE l.depth < 100), "
	"closure AS (SELECT u.rel AS tbl, u.col, u.view FROM uses u "
	"  JOIN pg_catalog.pg_class t ON t.oid = u.rel AND t.relkind IN ('r', 'p') "
	"  UNION SELECT c.tbl, c.col, u.view FROM closure c JOIN uses u ON u.rel = c.view) "
	"SELECT p.tbl AS rel, " QNAME("n.nspname", "v.relname") " AS name, v.relkind AS kind, "
	"array_to_string(ARRAY(SELECT a.attname FROM closure c "
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.tbl AND a.attnum = c.col "
	"  WHERE c.tbl = p.tbl AND c.view = p.view ORDER BY a.attnum), E'\\x1f') AS cols, "
	"pg_catalog.format(E'CREATE %s %s%s AS\\n%s%s;\\n', "
	"  CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, " QIDENT("n.nspname", "v.relname") ", "
	"  ' WITH (' || pg_catalog.array_to_string(v.reloptions, ', ') || ')', "
	"  pg_catalog.rtrim(pg_catalog.pg_get_viewdef(v.oid), ';'), "
	"  CASE WHEN v.relkind = 'm' AND NOT v.relispopulated THEN E'\\nWITH NO DATA' END) "
	"|| COALESCE((SELECT pg_catalog.string_agg(CASE WHEN ds.objsubid = 0 "
	"    THEN pg_catalog.format(E'COMMENT ON %s %s IS %L;\\n', "
	"      CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, "
	QIDENT("n.nspname", "v.relname") ", ds.description) "
	"    ELSE pg_catalog.format(E'COMMENT ON COLUMN %s.%I IS %L;\\n', "
	QIDENT("n.nspname", "v.relname") ", a.attname, ds.description) "
	"    END, '' ORDER BY ds.objsubid) "
	"  FROM pg_catalog.pg_description ds "
	"  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = v.oid AND a.attnum = ds.objsubid "
	"  WHERE ds.objoid = v.oid AND ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass), '') "
	"|| COALESCE((SELECT pg_catalog.string_agg(pg_catalog.replace(pg_catalog.pg_get_indexdef(i.indexrelid), "
	"    ' ON ' || pg_catalog.quote_ident(($1::text[])[1]) || '.', ' ON ') || E';\\n', '' ORDER BY i.indexrelid) "
	"  FROM pg_catalog.pg_index i WHERE i.indrelid = v.oid), '') "
	"|| COALESCE((SELECT pg_catalog.string_agg(pg_catalog.replace(pg_catalog.pg_get_triggerdef(tg.oid), "
	"    ' ON ' || pg_catalog.quote_ident(($1::text[])[1]) || '.', ' ON ') || E';\\n', '' ORDER BY tg.tgname) "
	"  FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid = v.oid AND NOT tg.tgisinternal), '') "
	"|| COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format(E'GRANT %s ON %s TO %s%s;\\n', "
	"    acl.privilege_type, " QIDENT("n.nspname", "v.relname") ", CASE WHEN acl.grantee = 0 THEN 'PUBLIC' "
	"    ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(acl.grantee)) END, "
	"    CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END), '' "
	"    ORDER BY acl.grantee, acl.privilege_type) "
	"  FROM pg_catalog.aclexplode(v.relacl) acl WHERE acl.grantee <> v.relowner), '') AS sql "
	"FROM (SELECT DISTINCT tbl, view FROM closure) p "
	"JOIN pg_catalog.pg_class v ON v.oid = p.view "
	"JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace "
	"JOIN (SELECT view, max(depth) AS depth FROM lvl GROUP BY view) dp ON dp.view = p.view "
	"ORDER BY dp.depth, v.oid";

/* The schema's views as a model compares them (struct rg_table's
 * view_query): the query as the server prints it, without the blanks and
 * ';' around it, and the columns with their types. */
#define VIEW_TEXT(oid) "pg_catalog.regexp_replace(pg_catalog.pg_get_viewdef(" oid "), " \
	"'^\\s+|[\\s;]+$', '', 'g')"
#define VIEW_COLS(oid, what) "pg_catalog.array_to_string(ARRAY(SELECT " what \
	" FROM pg_catalog.pg_attribute a WHERE a.attrelid = " oid \
	" AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum), E'\\x1f')"
static const char model_views_sql[] =
	"SELECT " QNAME("n.nspname", "c.relname") " AS name, c.relkind AS kind, " VIEW_TEXT("c.oid") " AS query, "
	VIEW_COLS("c.oid", "a.attname") " AS cols, "
	VIEW_COLS("c.oid", "pg_catalog.format_type(a.atttypid, a.atttypmod)") " AS types, "
	/* the functions of the database's own it calls, which no model
	 * declares: a baseline made from the models needs them first */
	"(SELECT pg_catalog.string_agg(DISTINCT 'FUNCTION ' || p.oid::pg_catalog.regprocedure::text, "
	"    E'\\x1f') "
	"  FROM pg_catalog.pg_rewrite rw JOIN pg_catalog.pg_depend d "
	"    ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid "
	"    AND d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass "
	"  JOIN pg_catalog.pg_proc p ON p.oid = d.refobjid "
	"  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace "
	"  WHERE rw.ev_class = c.oid AND pn.nspname NOT IN ('pg_catalog', 'information_schema')) "
	"  AS unsaid "
	"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE " MANAGED("n.nspname") " AND c.relkind IN ('v', 'm')";

struct oid_table {
	unsigned long oid;
	struct rg_table *t;
};

/* The schema's enumerated types, their labels in the type's order joined
 * with U+001F: every one, used or not, so that a model's enum finds the
 * type it would make (and a hand-made one is seen, to be left alone). */
static const char enums_sql[] =
	"SELECT " QNAME("n.nspname", "t.typname") " AS name, array_to_string(ARRAY(SELECT e.enumlabel "
	"  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), "
	"  E'\\x1f') AS labels, "
	"(SELECT count(*) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS count "
	"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
	"WHERE " MANAGED("n.nspname") " AND t.typtype = 'e'";

/* The schema's standalone sequences: not those a column owns, a serial's
 * (deptype 'a', also a sequence made OWNED BY a column) or an identity's
 * ('i'), which are the column's */
static const char sequences_sql[] =
	"SELECT " QNAME("n.nspname", "c.relname") " AS name, pg_catalog.format_type(s.seqtypid, NULL) AS type, "
	"s.seqstart AS start, s.seqincrement AS increment, s.seqmin AS min, s.seqmax AS max, "
	"s.seqcache AS cache, s.seqcycle AS cycle "
	"FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	"WHERE " MANAGED("n.nspname") " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
	"  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid "
	"  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i'))";

/* The schema's domains, each with its checks (names and expressions in
 * name order, joined with U+001F, and counted) */
static const char domains_sql[] =
	"SELECT " QNAME("n.nspname", "t.typname") " AS name, pg_catalog.format_type(t.typbasetype, t.typtypmod) AS type, "
	"t.typnotnull AS notnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0) AS dflt, "
	"(SELECT pg_catalog.string_agg(c.conname, E'\\x1f' ORDER BY c.conname) "
	"  FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS cnames, "
	"(SELECT pg_catalog.string_agg(pg_catalog.pg_get_expr(c.conbin, 0), E'\\x1f' ORDER BY c.conname) "
	"  FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c') AS cdefs, "
	"(SELECT count(*) FROM pg_catalog.pg_constraint c "
	"  WHERE c.contypid = t.oid AND c.contype = 'c') AS ncheck "
	"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
	"WHERE " MANAGED("n.nspname") " AND t.typtype = 'd'";

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
	return PQ->PQgetisnull(r, row, col) ? NULL : PQ->PQgetvalue(r, row, col);
}

/* Length of the quoted token at p ('...' or "...", doubled quotes
 * inside), or 0 when p is not at one or it does not end. */
static size_t quoted_len(const char *p)
{
	char q = *p;
	if (q != '\'' && q != '"')
		return 0;
	for (size_t i = 1; p[i]; i++)
		if (p[i] == q) {
			if (p[i + 1] != q)
				return i + 1;
			i++;
		}
	return 0;
}

static size_t skip_lit(const char *p, const char *lit)
{
	size_t n = strlen(lit);
	return strncmp(p, lit, n) == 0 ? n : 0;
}

/*
 * At p, PostgreSQL's print of `col IN ('a', 'b')` (or NOT IN) on a varchar
 * column:
 *   (col)::text = ANY ((ARRAY['a'::character varying, ...])::text[])
 * appended to out as `col IN ('a', ...)`; returns the length matched, 0
 * (nothing appended) when p is not at one.
 */
static size_t in_list(struct rg_buf *out, const char *p)
{
	const char *q = p, *col;
	size_t n, cl;
	if (*q++ != '(')
		return 0;
	col = q;
	if ((cl = quoted_len(q)) == 0)
		while ((q[cl] >= 'a' && q[cl] <= 'z') || q[cl] == '_' ||
		       (cl && q[cl] >= '0' && q[cl] <= '9'))
			cl++;
	if (!cl || !(n = skip_lit(q + cl, ")::text ")))
		return 0;
	q += cl + n;
	bool negated = (n = skip_lit(q, "<> ALL ((ARRAY[")) != 0;
	if (!negated && !(n = skip_lit(q, "= ANY ((ARRAY[")))
		return 0;
	q += n;
	struct rg_buf items = RG_BUF_INIT;
	for (;;) {
		size_t ll = quoted_len(q);
		if (*q != '\'' || !ll || !(n = skip_lit(q + ll, "::character varying"))) {
			rg_buf_free(&items);
			return 0;
		}
		if (items.len)
			rg_buf_add(&items, ", ");
		rg_buf_addn(&items, q, ll);
		q += ll + n;
		if ((n = skip_lit(q, ", ")) == 0)
			break;
		q += n;
	}
	if (!(n = skip_lit(q, "])::text[])"))) {
		rg_buf_free(&items);
		return 0;
	}
	rg_buf_addn(out, col, cl);
	rg_buf_addf(out, " %sIN (%s)", negated ? "NOT " : "", rg_buf_str(&items));
	rg_buf_free(&items);
	return (size_t)(q + n - p);
}

/*
 * An expression (a CHECK, an index's WHERE) as the server printed it,
 * written the way it can be given back.  PostgreSQL's print is not always
 * read back to the same expression: `status IN ('a', 'b')` on a varchar
 * column is printed as `(status)::text = ANY ((ARRAY['a'::character
 * varying, ...])::text[])`, which, given back, is stored and printed as
 * `ARRAY[('a'::character varying)::text, ...]`.  A constraint that a
 * downgrade or a baseline recreates from the catalog's text would then be
 * another print of the same test than the one it replaces.  Such a list is
 * given back as the IN list it was written as; everything else is kept
 * byte for byte.
 */
static const char *source_form(struct rg_schema *s, const char *expr)
{
	if (!expr || !strstr(expr, "::character varying"))
		return expr ? rg_arena_strdup(s->arena, expr) : NULL;
	struct rg_buf b = RG_BUF_INIT;
	for (const char *p = expr; *p;) {
		size_t n = quoted_len(p);
		if (n) {
			rg_buf_addn(&b, p, n);
			p += n;
		} else if ((n = in_list(&b, p)) != 0) {
			p += n;
		} else {
			rg_buf_addc(&b, *p++);
		}
	}
	const char *r = rg_arena_strdup(s->arena, rg_buf_str(&b));
	rg_buf_free(&b);
	return r;
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

/*
 * Sends every catalog query at once, in a libpq pipeline: one round trip,
 * and the server runs the next query while this side reads the last one's
 * rows.  On success res[i] is the result of sqls[i]; on failure every
 * result is cleared and err says the first error.
 */
static int pipeline(struct pg_conn *c, const char *const *sqls, PGresult **res, size_t n,
		    struct rg_error *err)
{
	const char *params[1] = {c->schemas};
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		res[i] = NULL;
	if (!PQ->PQenterPipelineMode(c->pg))
		return result_error(err, c->pg, NULL);
	for (size_t i = 0; i < n && rc == 0; i++) {
		c->statements++;
		if (!PQ->PQsendQueryParams(c->pg, sqls[i], 1, NULL, params, NULL, NULL, 0))
			rc = result_error(err, c->pg, NULL);
	}
	if (rc == 0 && !PQ->PQpipelineSync(c->pg))
		rc = result_error(err, c->pg, NULL);
	if (rc < 0) {
		/* nothing was synced: the connection is in no state to be
		 * reused, but the caller only reports and disconnects */
		return rc;
	}
	/* each query's results end with a NULL; the sync comes last */
	for (size_t i = 0; i < n; i++) {
		PGresult *r;
		while ((r = PQ->PQgetResult(c->pg)) != NULL) {
			if (PQ->PQresultStatus(r) == PGRES_TUPLES_OK && !res[i]) {
				res[i] = r;
				continue;
			}
			/* after a failure the queries behind it come back
			 * PGRES_PIPELINE_ABORTED: the first error is the one to tell */
			if (rc == 0)
				rc = result_error(err, c->pg, r);
			PQ->PQclear(r);
		}
		if (!res[i] && rc == 0)
			rc = result_error(err, c->pg, NULL);
	}
	PGresult *sync = PQ->PQgetResult(c->pg);
	if (!sync || PQ->PQresultStatus(sync) != PGRES_PIPELINE_SYNC) {
		if (rc == 0)
			rc = result_error(err, c->pg, sync);
	}
	PQ->PQclear(sync);
	if (!PQ->PQexitPipelineMode(c->pg) && rc == 0)
		rc = result_error(err, c->pg, NULL);
	if (rc < 0)
		for (size_t i = 0; i < n; i++) {
			PQ->PQclear(res[i]);
			res[i] = NULL;
		}
	return rc;
}

/* Finds a catalog result's columns by name (the aliases of the queries
 * above), so a reordered SELECT cannot silently shift them.  idx receives
 * one column number per name. */
static int columns_of(PGresult *r, const char *const *names, int *idx, size_t n,
		      struct rg_error *err)
{
	for (size_t i = 0; i < n; i++)
		if ((idx[i] = PQ->PQfnumber(r, names[i])) < 0)
			return rg_error_set(err, "catalog query: no column \"%s\" in its result", names[i]);
	return 0;
}

enum { TB_REL, TB_NAME, TB_COMMENT, TB_UNLOGGED, TB_UNSAID, TB__N };
static const char *const tb_names[] = {"rel", "name", "comment", "unlogged", "unsaid"};
_Static_assert(RG_ARRAY_LEN(tb_names) == TB__N, "one name per column");
enum { CO_REL, CO_NUM, CO_NAME, CO_TYPE, CO_NOTNULL, CO_DFLT, CO_IDENTITY, CO_COMMENT,
       CO_COLL, CO_SERIAL, CO_GENERATED, CO__N };
static const char *const co_names[] = {"rel", "num", "name", "type", "notnull", "dflt",
				       "identity", "comment", "coll", "serial", "generated"};
_Static_assert(RG_ARRAY_LEN(co_names) == CO__N, "one name per column");
enum { CN_REL, CN_NAME, CN_KIND, CN_KEYS, CN_REF_REL, CN_REF_KEYS, CN_REF_TABLE,
       CN_REF_NAMES, CN_ON_DELETE, CN_ON_UPDATE, CN_DEFERRABLE, CN_DEFERRED, CN_EXPR,
       CN_IND, CN__N };
static const char *const cn_names[] = {"rel", "name", "kind", "keys", "ref_rel",
				       "ref_keys", "ref_table", "ref_names", "on_delete",
				       "on_update", "deferrable", "deferred", "expr", "ind"};
_Static_assert(RG_ARRAY_LEN(cn_names) == CN__N, "one name per column");
enum { IX_REL, IX_NAME, IX_UNIQUE, IX_KEYS, IX_NKEYS, IX_EXPR_COLS, IX_INCLUDE, IX_PRED, IX_IND,
       IX_METHOD, IX_OPAQUE, IX_INVALID, IX__N };
static const char *const ix_names[] = {"rel", "name", "is_unique", "keys", "nkeys",
				       "expr_cols", "include", "pred", "ind", "method",
				       "opaque", "invalid"};
_Static_assert(RG_ARRAY_LEN(ix_names) == IX__N, "one name per column");

enum { VW_REL, VW_NAME, VW_KIND, VW_COLS, VW_SQL, VW__N };
static const char *const vw_names[] = {"rel", "name", "kind", "cols", "sql"};
_Static_assert(RG_ARRAY_LEN(vw_names) == VW__N, "one name per column");
enum { MV_NAME, MV_KIND, MV_QUERY, MV_COLS, MV_TYPES, MV_UNSAID, MV__N };
static const char *const mv_names[] = {"name", "kind", "query", "cols", "types", "unsaid"};
_Static_assert(RG_ARRAY_LEN(mv_names) == MV__N, "one name per column");
enum { SQ_NAME, SQ_TYPE, SQ_START, SQ_INCREMENT, SQ_MIN, SQ_MAX, SQ_CACHE, SQ_CYCLE, SQ__N };
static const char *const sq_names[] = {"name", "type", "start", "increment", "min", "max",
				       "cache", "cycle"};
_Static_assert(RG_ARRAY_LEN(sq_names) == SQ__N, "one name per column");
enum { DM_NAME, DM_TYPE, DM_NOTNULL, DM_DFLT, DM_CNAMES, DM_CDEFS, DM_NCHECK, DM__N };
static const char *const dm_names[] = {"name", "type", "notnull", "dflt", "cnames", "cdefs",
				       "ncheck"};
_Static_assert(RG_ARRAY_LEN(dm_names) == DM__N, "one name per column");
enum { EN_NAME, EN_LABELS, EN_COUNT, EN__N };
static const char *const en_names[] = {"name", "labels", "count"};
_Static_assert(RG_ARRAY_LEN(en_names) == EN__N, "one name per column");

/* A row of the columns query, to be put in (table, attnum) order. */
struct col_row {
	unsigned long oid;
	long num;
	int row;
};

static int cmp_col_row(const void *a, const void *b)
{
	const struct col_row *x = a, *y = b;
	if (x->oid != y->oid)
		return (x->oid > y->oid) - (x->oid < y->oid);
	return (x->num > y->num) - (x->num < y->num);
}

/* The columns query's rows in (table, attnum) order: names by number. */
struct attnames {
	PGresult *r;
	int name_col;
	struct col_row *rows;
	size_t n;
};

/* The name of column num of table oid, or NULL. */
static const char *attname(const struct attnames *a, unsigned long oid, long num)
{
	struct col_row key = {oid, num, 0};
	const struct col_row *hit = bsearch(&key, a->rows, a->n, sizeof(*a->rows), cmp_col_row);
	return hit ? PQ->PQgetvalue(a->r, hit->row, a->name_col) : NULL;
}

/* The numbers of "{1,2}" (an int2[]) or "1 2" (an int2vector). */
static size_t parse_nums(const char *s, long **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	while (s && *s) {
		if (*s == '-' || (*s >= '0' && *s <= '9')) {
			char *end;
			long v = strtol(s, &end, 10);
			rg_grow((void **)out, &cap, n + 1, sizeof(**out));
			(*out)[n++] = v;
			s = end;
		} else {
			s++;
		}
	}
	return n;
}

/* Pushes the names of columns nums of table oid; false when one has no
 * name (a column the columns query did not return). */
static bool push_attnames(struct rg_schema *s, const struct attnames *a, unsigned long oid,
			  const char *nums, size_t max, const char ***out, size_t *n)
{
	long *v;
	size_t k = parse_nums(nums, &v);
	bool ok = true;
	for (size_t i = 0; i < k && i < max && ok; i++) {
		const char *name = attname(a, oid, v[i]);
		if (name)
			rg_names_push(s, out, n, name);
		else
			ok = false;
	}
	free(v);
	return ok;
}

static void read_columns(struct rg_schema *s, PGresult *r, const int *f,
			 const struct oid_table *tabs, size_t ntabs, struct attnames *names)
{
	int nrows = PQ->PQntuples(r);
	struct col_row *rows = rg_xcalloc((size_t)nrows + 1, sizeof(*rows));
	for (int i = 0; i < nrows; i++) {
		rows[i].oid = strtoul(val(r, i, f[CO_REL]), NULL, 10);
		rows[i].num = strtol(val(r, i, f[CO_NUM]), NULL, 10);
		rows[i].row = i;
	}
	qsort(rows, (size_t)nrows, sizeof(*rows), cmp_col_row);
	struct rg_table *t = NULL;
	for (int k = 0; k < nrows; k++) {
		int i = rows[k].row;
		if (k == 0 || rows[k].oid != rows[k - 1].oid)
			t = by_oid(tabs, ntabs, val(r, i, f[CO_REL]));
		if (!t)
			continue;
		struct rg_column *col = rg_table_add_column(s, t, val(r, i, f[CO_NAME]));
		col->type = rg_arena_strdup(s->arena, val(r, i, f[CO_TYPE]));
		col->not_null = strcmp(val(r, i, f[CO_NOTNULL]), "t") == 0;
		const char *def = val(r, i, f[CO_DFLT]);
		const char *ident = val(r, i, f[CO_IDENTITY]);
		col->autoincrement = ident && *ident;
		col->identity_always = ident && *ident == 'a';
		/* a serial column is an autoincrement one; its nextval() default
		 * is PostgreSQL's business, not the model's.  A nextval() of a
		 * sequence the column does not own (one shared by tables), or on
		 * a type no serial type is, is a default like any other. */
		const char *serial = val(r, i, f[CO_SERIAL]);
		if (def && strncmp(def, "nextval(", 8) == 0 && serial && strcmp(serial, "t") == 0 &&
		    (strcmp(col->type, "integer") == 0 || strcmp(col->type, "bigint") == 0 ||
		     strcmp(col->type, "smallint") == 0)) {
			col->autoincrement = col->serial = true;
			def = NULL;
		}
		/* a generated column's expression is in pg_attrdef too, and
		 * is no default: 's' STORED, 'v' VIRTUAL (PostgreSQL 18) */
		const char *gen = val(r, i, f[CO_GENERATED]);
		if (gen && *gen) {
			col->generated = rg_arena_strdup(s->arena, def ? def : "NULL");
			col->generated_virtual = gen[0] == 'v';
			def = NULL;
		}
		col->default_expr = rg_arena_strdup(s->arena, def);
		col->comment = rg_arena_strdup(s->arena, val(r, i, f[CO_COMMENT]));
		col->collation = rg_arena_strdup(s->arena, val(r, i, f[CO_COLL]));
	}
	*names = (struct attnames){r, f[CO_NAME], rows, (size_t)nrows};
}

/* Indexes that belong to a constraint (primary key, unique, exclusion). */
struct owned {
	unsigned long *v;
	size_t n, cap;
};

static int cmp_ulong(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
	return (x > y) - (x < y);
}

static void read_constraints(struct rg_schema *s, PGresult *r, const int *f,
			     const struct oid_table *tabs, size_t ntabs,
			     const struct attnames *names, struct owned *owned,
			     struct rg_error *err)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		const char *kind = val(r, i, f[CN_KIND]);
		if (strchr("pux", kind[0])) {
			rg_grow((void **)&owned->v, &owned->cap, owned->n + 1, sizeof(*owned->v));
			owned->v[owned->n++] = strtoul(val(r, i, f[CN_IND]), NULL, 10);
		}
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, f[CN_REL]));
		if (!t)
			continue;
		unsigned long rel = strtoul(val(r, i, f[CN_REL]), NULL, 10);
		const char *name = val(r, i, f[CN_NAME]), *keys = val(r, i, f[CN_KEYS]);
		bool ok = true;
		switch (kind[0]) {
		case 'p': {
			struct rg_pk *pk = rg_table_set_pk(s, t, name);
			ok = push_attnames(s, names, rel, keys, SIZE_MAX, &pk->cols, &pk->ncols);
			break;
		}
		case 'u': {
			struct rg_unique *u = rg_table_add_unique(s, t, name);
			ok = push_attnames(s, names, rel, keys, SIZE_MAX, &u->cols, &u->ncols);
			break;
		}
		case 'f': {
			struct rg_fk *fk = rg_table_add_fk(s, t, name);
			size_t n = 0;
			ok = push_attnames(s, names, rel, keys, SIZE_MAX, &fk->cols, &fk->ncols);
			const char *other = val(r, i, f[CN_REF_NAMES]);
			if (other)
				split_names(s, other, &fk->ref_cols, &n);
			else if (ok)
				ok = push_attnames(s, names, strtoul(val(r, i, f[CN_REF_REL]), NULL, 10),
						   val(r, i, f[CN_REF_KEYS]), SIZE_MAX, &fk->ref_cols, &n);
			fk->ref_table = rg_arena_strdup(s->arena, val(r, i, f[CN_REF_TABLE]));
			fk->on_delete = action(val(r, i, f[CN_ON_DELETE]));
			fk->on_update = action(val(r, i, f[CN_ON_UPDATE]));
			fk->deferrable = strcmp(val(r, i, f[CN_DEFERRABLE]), "t") == 0;
			fk->initially_deferred = strcmp(val(r, i, f[CN_DEFERRED]), "t") == 0;
			break;
		}
		case 'c': {
			struct rg_check *ck = rg_table_add_check(s, t, name);
			ck->expr = source_form(s, val(r, i, f[CN_EXPR]));
			break;
		}
		}
		/* a table altered between the queries: say so rather than
		 * report a constraint on the wrong columns */
		if (!ok && !err->msg[0])
			rg_error_set(err, "table \"%s\" changed while its catalog was read "
				     "(constraint %s names a column it no longer has); run again",
				     t->name, name);
	}
	if (owned->n > 1)
		qsort(owned->v, owned->n, sizeof(*owned->v), cmp_ulong);
}

static void read_indexes(struct rg_schema *s, PGresult *r, const int *f,
			 const struct oid_table *tabs, size_t ntabs,
			 const struct attnames *names, const struct owned *owned,
			 struct rg_error *err)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, f[IX_REL]));
		if (!t)
			continue;
		unsigned long ind = strtoul(val(r, i, f[IX_IND]), NULL, 10);
		if (owned->n && bsearch(&ind, owned->v, owned->n, sizeof(*owned->v), cmp_ulong))
			continue;
		struct rg_index *x = rg_table_add_index(s, t, val(r, i, f[IX_NAME]));
		x->unique = strcmp(val(r, i, f[IX_UNIQUE]), "t") == 0;
		const char *exprs = val(r, i, f[IX_EXPR_COLS]);
		if (exprs) {
			split_names(s, exprs, &x->cols, &x->ncols);
		} else if (!push_attnames(s, names, strtoul(val(r, i, f[IX_REL]), NULL, 10),
					  val(r, i, f[IX_KEYS]),
					  strtoul(val(r, i, f[IX_NKEYS]), NULL, 10), &x->cols,
					  &x->ncols) &&
			   !err->msg[0]) {
			rg_error_set(err, "table \"%s\" changed while its catalog was read "
				     "(index %s names a column it no longer has); run again",
				     t->name, x->name);
		}
		if (val(r, i, f[IX_INCLUDE]))
			split_names(s, val(r, i, f[IX_INCLUDE]), &x->include, &x->ninclude);
		x->where = source_form(s, val(r, i, f[IX_PRED]));
		x->method = rg_arena_strdup(s->arena, val(r, i, f[IX_METHOD]));
		x->opaque = rg_arena_strdup(s->arena, val(r, i, f[IX_OPAQUE]));
		x->invalid = strcmp(val(r, i, f[IX_INVALID]), "t") == 0;
	}
}

/* Gives each table the views that use it (views_sql), in creation order. */
static void read_views(struct rg_schema *s, PGresult *r, const int *f,
		       const struct oid_table *tabs, size_t ntabs)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		struct rg_table *t = by_oid(tabs, ntabs, val(r, i, f[VW_REL]));
		if (!t)
			continue;
		const char *kind = strcmp(val(r, i, f[VW_KIND]), "m") == 0 ? "MATERIALIZED VIEW" : "VIEW";
		struct rg_dependent *d = rg_table_add_dependent(s, t, kind, val(r, i, f[VW_NAME]),
								val(r, i, f[VW_SQL]));
		split_names(s, val(r, i, f[VW_COLS]), &d->cols, &d->ncols);
	}
}

static void read_model_views(struct rg_schema *s, PGresult *r, const int *f,
			     const struct rg_introspect_opts *o)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		if (excluded(o, val(r, i, f[MV_NAME])))
			continue;
		struct rg_table *v = rg_schema_add_view(s, val(r, i, f[MV_NAME]), val(r, i, f[MV_QUERY]));
		v->materialized = strcmp(val(r, i, f[MV_KIND]), "m") == 0;
		const char **names = NULL, **types = NULL;
		size_t nn = 0, nt = 0;
		split_names(s, val(r, i, f[MV_COLS]), &names, &nn);
		split_names(s, val(r, i, f[MV_TYPES]), &types, &nt);
		for (size_t k = 0; k < nn; k++)
			rg_table_add_column(s, v, names[k])->type = k < nt ? types[k] : "";
		split_names(s, val(r, i, f[MV_UNSAID]), &v->unsaid, &v->nunsaid);
	}
}

int rg_pg_view_texts(struct rg_conn *base, const struct rg_schema *db,
		     struct rg_schema *models, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	bool any = false;
	for (size_t i = 0; i < models->nviews && !any; i++)
		any = rg_view_find(base->compare, db, models->views[i]->name) != NULL;
	if (!any)
		return 0;
	/* a temporary view in a transaction rolled back: nothing of it is
	 * ever seen by another session, nor left behind */
	if (rg_pg_exec(base, "BEGIN", err) < 0)
		return -1;
	int rc = 0;
	struct rg_buf sql = RG_BUF_INIT;
	for (size_t i = 0; rc == 0 && i < models->nviews; i++) {
		struct rg_table *v = models->views[i];
		if (!rg_view_find(base->compare, db, v->name))
			continue;
		rg_buf_reset(&sql);
		rg_buf_add(&sql, "CREATE TEMPORARY VIEW _rg_view_text AS ");
		size_t n = strlen(v->view_query);
		while (n > 0 && strchr(" \t\r\n;", v->view_query[n - 1]))
			n--;
		rg_buf_addn(&sql, v->view_query, n);
		struct rg_error refused;
		if ((rc = rg_pg_exec(base, "SAVEPOINT rg_view_text", err)) < 0)
			break;
		if (rg_pg_exec(base, rg_buf_str(&sql), &refused) == 0) {
			PGresult *r = query(c, "SELECT " VIEW_TEXT("'pg_temp._rg_view_text'::pg_catalog.regclass")
					    ", " VIEW_COLS("'pg_temp._rg_view_text'::pg_catalog.regclass",
							   "a.attname"), 0, NULL, err);
			if (!r) {
				rc = -1;
				break;
			}
			v->view_canon = rg_arena_strdup(models->arena, val(r, 0, 0));
			const char **cols = NULL;
			size_t ncols = 0;
			split_names(models, val(r, 0, 1), &cols, &ncols);
			PQ->PQclear(r);
			if ((rc = rg_view_check_columns(base->compare, v, cols, ncols, err)) < 0)
				break;
		}
		rc = rg_pg_exec(base, "ROLLBACK TO SAVEPOINT rg_view_text", err);
	}
	rg_buf_free(&sql);
	struct rg_error ignored;
	if (rg_pg_exec(base, "ROLLBACK", rc < 0 ? &ignored : err) < 0)
		rc = -1;
	return rc;
}

static void read_enums(struct rg_schema *s, PGresult *r, const int *f)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		struct rg_enum *e = rg_schema_add_enum(s, val(r, i, f[EN_NAME]));
		/* counted: no label and one label "" both join to "" */
		const char *joined = val(r, i, f[EN_LABELS]);
		long n = strtol(val(r, i, f[EN_COUNT]), NULL, 10);
		for (long k = 0; k < n; k++) {
			size_t len = strcspn(joined, "\x1f");
			rg_names_push(s, &e->labels, &e->nlabels, rg_arena_strndup(s->arena, joined, len));
			joined += len;
			if (*joined)
				joined++;
		}
	}
}

static void read_sequences(struct rg_schema *s, PGresult *r, const int *f,
			   const struct rg_introspect_opts *o)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		if (excluded(o, val(r, i, f[SQ_NAME])))
			continue;
		struct rg_sequence *q = rg_schema_add_sequence(s, val(r, i, f[SQ_NAME]));
		q->type = rg_arena_strdup(s->arena, val(r, i, f[SQ_TYPE]));
		q->start = rg_arena_strdup(s->arena, val(r, i, f[SQ_START]));
		q->increment = rg_arena_strdup(s->arena, val(r, i, f[SQ_INCREMENT]));
		q->min = rg_arena_strdup(s->arena, val(r, i, f[SQ_MIN]));
		q->max = rg_arena_strdup(s->arena, val(r, i, f[SQ_MAX]));
		q->cache = rg_arena_strdup(s->arena, val(r, i, f[SQ_CACHE]));
		q->cycle = strcmp(val(r, i, f[SQ_CYCLE]), "t") == 0;
	}
}

/* n names joined with U+001F into *out */
static void split_n(struct rg_schema *s, const char *joined, long n, const char ***out)
{
	size_t count = 0;
	for (long k = 0; k < n; k++) {
		size_t len = strcspn(joined, "\x1f");
		rg_names_push(s, out, &count, rg_arena_strndup(s->arena, joined, len));
		joined += len;
		if (*joined)
			joined++;
	}
}

static void read_domains(struct rg_schema *s, PGresult *r, const int *f)
{
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		struct rg_domain *dm = rg_schema_add_domain(s, val(r, i, f[DM_NAME]));
		dm->type = rg_arena_strdup(s->arena, val(r, i, f[DM_TYPE]));
		dm->not_null = strcmp(val(r, i, f[DM_NOTNULL]), "t") == 0;
		if (!PQ->PQgetisnull(r, i, f[DM_DFLT]))
			dm->default_expr = rg_arena_strdup(s->arena, val(r, i, f[DM_DFLT]));
		long n = strtol(val(r, i, f[DM_NCHECK]), NULL, 10);
		dm->nchecks = (size_t)n;
		split_n(s, val(r, i, f[DM_CNAMES]), n, &dm->check_names);
		split_n(s, val(r, i, f[DM_CDEFS]), n, &dm->checks);
		for (size_t k = 0; k < dm->nchecks; k++)
			dm->checks[k] = source_form(s, dm->checks[k]);
	}
}

int rg_pg_introspect(struct rg_conn *base, const struct rg_introspect_opts *o,
		     struct rg_schema **out, struct rg_error *err)
{
	struct pg_conn *c = (struct pg_conn *)base;
	static const char *const sqls[] = {tables_sql, columns_sql, constraints_sql, indexes_sql,
					   views_sql, enums_sql, model_views_sql, sequences_sql, domains_sql};
	PGresult *res[RG_ARRAY_LEN(sqls)];
	int ft[TB__N], fc[CO__N], fn[CN__N], fi[IX__N], fv[VW__N], fe[EN__N], fm[MV__N],
		fq[SQ__N], fd[DM__N];
	if (pipeline(c, sqls, res, RG_ARRAY_LEN(sqls), err) < 0)
		return -1;
	struct rg_schema *s = NULL;
	struct oid_table *tabs = NULL;
	size_t ntabs = 0;
	struct attnames names = {NULL, 0, NULL, 0};
	struct owned owned = {NULL, 0, 0};
	int rc = -1;
	if (columns_of(res[0], tb_names, ft, TB__N, err) < 0 ||
	    columns_of(res[1], co_names, fc, CO__N, err) < 0 ||
	    columns_of(res[2], cn_names, fn, CN__N, err) < 0 ||
	    columns_of(res[3], ix_names, fi, IX__N, err) < 0 ||
	    columns_of(res[4], vw_names, fv, VW__N, err) < 0 ||
	    columns_of(res[5], en_names, fe, EN__N, err) < 0 ||
	    columns_of(res[6], mv_names, fm, MV__N, err) < 0 ||
	    columns_of(res[7], sq_names, fq, SQ__N, err) < 0 ||
	    columns_of(res[8], dm_names, fd, DM__N, err) < 0)
		goto out;

	s = rg_schema_new();
	PGresult *r = res[0];
	tabs = rg_xcalloc((size_t)PQ->PQntuples(r) + 1, sizeof(*tabs));
	for (int i = 0; i < PQ->PQntuples(r); i++) {
		const char *name = val(r, i, ft[TB_NAME]);
		if (excluded(o, name))
			continue;
		struct rg_table *t = rg_schema_add_table(s, name);
		t->comment = rg_arena_strdup(s->arena, val(r, i, ft[TB_COMMENT]));
		t->unlogged = strcmp(val(r, i, ft[TB_UNLOGGED]), "t") == 0;
		split_names(s, val(r, i, ft[TB_UNSAID]), &t->unsaid, &t->nunsaid);
		tabs[ntabs].oid = strtoul(val(r, i, ft[TB_REL]), NULL, 10);
		tabs[ntabs++].t = t;
	}
	/* every later row finds its table by oid: a binary search, so that
	 * many tables cost no more than sorting them */
	qsort(tabs, ntabs, sizeof(*tabs), cmp_oid);
	/* every table's columns, excluded tables' too: constraints name
	 * theirs by number, and may refer to an excluded table */
	read_columns(s, res[1], fc, tabs, ntabs, &names);
	err->msg[0] = '\0';
	read_constraints(s, res[2], fn, tabs, ntabs, &names, &owned, err);
	read_indexes(s, res[3], fi, tabs, ntabs, &names, &owned, err);
	read_views(s, res[4], fv, tabs, ntabs);
	read_enums(s, res[5], fe);
	read_model_views(s, res[6], fm, o);
	read_sequences(s, res[7], fq, o);
	read_domains(s, res[8], fd);
	if (err->msg[0])
		goto out;
	rg_schema_sort(s);
	*out = s;
	s = NULL;
	rc = 0;
out:
	for (size_t i = 0; i < RG_ARRAY_LEN(sqls); i++)
		PQ->PQclear(res[i]);
	free(tabs);
	free(names.rows);
	free(owned.v);
	rg_schema_free(s);
	return rc;
}
