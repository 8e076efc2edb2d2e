/*
 * mysql-catalog.c (introspect) - the MySQL/MariaDB catalog as a table of
 * reads (at the end of this file), one per kind of object and source:
 * its queries of information_schema, the reader that puts their rows in
 * the schema, and the read that answers when it cannot.  mysql-exec.c
 * runs the table; whatever the number of tables, the reads cost the same
 * number of queries (seven to ten).  Over 800 lines: one read per kind of
 * object, each a query and its reader kept side by side, as the table of
 * reads names them.
 *
 * The server sorts nothing it need not: ORDER BY was a measurable part of
 * the columns and checks queries on a large schema (bench/RESULTS.md).
 * Tables and checks are sorted in C (rg_schema_sort); columns come table
 * by table in their order, as the server fills the view from each table's
 * definition, and the columns reader checks that they do.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/config.h"
#include "introspect/mysql-internal.h"

static const char *cell(char **row, int i)
{
	return row[i];
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

/* "db/name" -> "name" */
static const char *after_slash(const char *s)
{
	const char *p = s ? strchr(s, '/') : NULL;
	return p ? p + 1 : s;
}

/* ---- tables ---- */

/*
 * The tables, and MariaDB's sequences (a sequence is a table to it).
 * With each table its ENGINE and the ROW_FORMAT it has (not the one
 * CREATE_OPTIONS says was asked for: InnoDB may have made another), and
 * what no model says of it (rg_table.unsaid): the other options of
 * CREATE_OPTIONS (stats_persistent=0...), and the partitioning, whose
 * method and expression only information_schema.PARTITIONS has (asked of
 * partitioned tables alone).
 */
static const char tables_sql[] =
	"SELECT t.TABLE_NAME AS t, t.TABLE_COMMENT AS c, t.TABLE_COLLATION AS co, "
	"t.ENGINE AS en, t.CREATE_OPTIONS AS op, "
	"CASE WHEN t.CREATE_OPTIONS LIKE '%partitioned%' THEN "
	"  (SELECT CONCAT('PARTITION BY ', p.PARTITION_METHOD, ' (', p.PARTITION_EXPRESSION, ')') "
	"   FROM information_schema.PARTITIONS p WHERE p.TABLE_SCHEMA = t.TABLE_SCHEMA "
	"   AND p.TABLE_NAME = t.TABLE_NAME AND p.PARTITION_ORDINAL_POSITION = 1) END AS pa "
	", t.ROW_FORMAT AS rf, t.TABLE_TYPE AS ty "
	"FROM information_schema.TABLES t "
	"WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE')";

static bool excluded(const struct rg_introspect_opts *o, const char *name)
{
	for (size_t i = 0; o && i < o->nexclude; i++)
		if (rg_glob_match(o->exclude[i], name))
			return true;
	return false;
}

static bool read_tables(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	char **row;
	while ((row = rg_my_next_row(rows)) != NULL) {
		if (!cell(row, 0) || excluded(k->opts, cell(row, 0)))
			continue;
		/* MariaDB's sequences, whose values are read after the rest
		 * (mysql-sequences.c) */
		if (cell(row, 7) && strcmp(cell(row, 7), "SEQUENCE") == 0) {
			rg_schema_add_sequence(k->s, cell(row, 0));
			continue;
		}
		struct rg_table *t = rg_schema_add_table(k->s, cell(row, 0));
		if (cell(row, 1) && *cell(row, 1))
			t->comment = rg_arena_strdup(k->s->arena, cell(row, 1));
		/* the character set is the collation's name up to its first
		 * '_' (latin1_swedish_ci), or all of it (binary) */
		const char *co = cell(row, 2);
		if (co && *co) {
			t->collation = rg_arena_strdup(k->s->arena, co);
			t->charset = rg_arena_strndup(k->s->arena, co, strcspn(co, "_"));
		}
		const char *en = cell(row, 3), *op = cell(row, 4), *pa = cell(row, 5);
		if (en && *en)
			t->engine = rg_arena_strdup(k->s->arena, en);
		if (cell(row, 6) && *cell(row, 6)) {
			char *rf = rg_arena_strdup(k->s->arena, cell(row, 6));
			for (char *c = rf; *c; c++)
				*c = (char)toupper((unsigned char)*c);
			t->row_format = rf;
		}
		if (pa)
			rg_names_push(k->s, &t->unsaid, &t->nunsaid, rg_arena_strdup(k->s->arena, pa));
		/* "row_format=COMPRESSED stats_persistent=0", and "partitioned";
		 * the row format is t->row_format */
		while (op && *op) {
			size_t len = strcspn(op, " ");
			if (len && strncmp(op, "partitioned", len) != 0 &&
			    strncasecmp(op, "row_format=", 11) != 0) {
				char *o = rg_arena_strndup(k->s->arena, op, len);
				for (char *c = o; *c && *c != '='; c++)
					*c = (char)toupper((unsigned char)*c);
				rg_names_push(k->s, &t->unsaid, &t->nunsaid, o);
			}
			op += len + (op[len] == ' ');
		}
	}
	rg_schema_sort(k->s);
	return true;
}

/* ---- columns ---- */

#define COLUMNS_SQL                                                                          \
	"SELECT TABLE_NAME AS t, COLUMN_NAME AS n, COLUMN_TYPE AS ty, IS_NULLABLE AS nu, "   \
	"COLUMN_DEFAULT AS d, EXTRA AS e, COLUMN_COMMENT AS c, ORDINAL_POSITION AS o, "      \
	"CHARACTER_SET_NAME AS cs, COLLATION_NAME AS co, GENERATION_EXPRESSION AS g "        \
	"FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
static const char columns_sql[] = COLUMNS_SQL;
static const char columns_ordered_sql[] = COLUMNS_SQL " ORDER BY t, o";

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
	rg_my_literal(&b, def);
	const char *q = rg_arena_strdup(s->arena, rg_buf_str(&b));
	rg_buf_free(&b);
	return q;
}

/* EXTRA's "on update current_timestamp()" (MariaDB), "DEFAULT_GENERATED
 * on update CURRENT_TIMESTAMP" (MySQL 8): the expression, or NULL. */
static const char *on_update(struct rg_schema *s, const char *extra)
{
	for (const char *p = extra; p && *p; p++)
		if (strncasecmp(p, "on update ", 10) == 0) {
			p += 10;
			return rg_arena_strndup(s->arena, p, strcspn(p, " "));
		}
	return NULL;
}

/*
 * Adds each table's columns.  Unless ordered (the server sorted them),
 * false, with no column kept, when a column came out of its table's order
 * (its ORDINAL_POSITION is not the next one): the ordered read follows.
 * An ordered answer is taken as it comes: positions may have gaps there
 * (MySQL 8 numbers the hidden columns of functional indexes).
 */
static bool columns(struct rg_my_catalog *k, struct rg_my_rows *rows, bool ordered)
{
	struct rg_schema *s = k->s;
	char **row;
	bool in_order = true;
	struct rg_table *t = NULL;
	while ((row = rg_my_next_row(rows)) != NULL) {
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
			col->default_expr = k->conn->mariadb ? rg_arena_strdup(s->arena, def)
							     : mysql8_default(s, col->type, def, cell(row, 5));
		col->autoincrement = cell(row, 5) && strstr(cell(row, 5), "auto_increment");
		if (cell(row, 6) && *cell(row, 6))
			col->comment = rg_arena_strdup(s->arena, cell(row, 6));
		col->charset = rg_arena_strdup(s->arena, cell(row, 8));
		col->collation = rg_arena_strdup(s->arena, cell(row, 9));
		col->on_update = on_update(s, cell(row, 5));
		col->invisible = cell(row, 5) && strstr(cell(row, 5), "INVISIBLE");
		/* EXTRA: "VIRTUAL GENERATED" or "STORED GENERATED" (any other
		 * kind is kept in the row, as STORED is); MySQL 8 reports an
		 * empty expression for every other column, MariaDB NULL */
		const char *gen = cell(row, 10), *extra = cell(row, 5);
		if (gen && *gen && extra && strstr(extra, "GENERATED") &&
		    !strstr(extra, "DEFAULT_GENERATED")) {
			col->generated = rg_arena_strdup(s->arena, gen);
			col->generated_virtual = strstr(extra, "VIRTUAL") != NULL;
			col->default_expr = NULL;
		}
	}
	if (in_order || ordered)
		return true;
	for (size_t i = 0; i < s->ntables; i++)
		s->tables[i]->ncolumns = 0;
	return false;
}

static bool read_columns(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	return columns(k, rows, false);
}

static bool read_columns_ordered(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	return columns(k, rows, true);
}

/* ---- checks ---- */

/*
 * MariaDB names checks per table and says which; MySQL 8 per schema.
 * MariaDB's CHECK_CONSTRAINTS opens every table: the longest read of the
 * catalog, and longer when InnoDB has evicted the tables' definitions, as
 * it does within seconds of being idle; the second connection reads it
 * while the first reads tables and columns.  MySQL 8's view reads its
 * data dictionary.
 */
static const char checks_mariadb_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, CHECK_CLAUSE AS e, LEVEL AS l "
	"FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";
static const char checks_mysql_sql[] =
	"SELECT tc.TABLE_NAME AS t, cc.CONSTRAINT_NAME AS n, cc.CHECK_CLAUSE AS e, NULL AS l "
	"FROM information_schema.TABLE_CONSTRAINTS tc "
	"JOIN information_schema.CHECK_CONSTRAINTS cc "
	"  ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
	"WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY t, n";

/*
 * The column of a column-level check: the one it is named after, except
 * after a RENAME COLUMN, which MariaDB does not carry to the name (a
 * MODIFY would): then the one column its clause names, which the catalog
 * writes in backquotes.  NULL when that is not one column either.
 */
static const char *check_column(struct rg_schema *s, const struct rg_table *t,
				const char *name, const char *expr)
{
	if (name && rg_table_find_column(t, name))
		return rg_arena_strdup(s->arena, name);
	const char *found = NULL;
	bool many = false;
	struct rg_buf id = RG_BUF_INIT;
	for (const char *p = expr; p && *p && !many;) {
		char q = *p++;
		if (q != '`' && q != '\'')
			continue;
		/* a quoted name or string, with its quote doubled inside */
		rg_buf_reset(&id);
		for (; *p && !(p[0] == q && p[1] != q); p++) {
			if (p[0] == q)
				p++;
			rg_buf_addc(&id, *p);
		}
		if (*p)
			p++;
		const struct rg_column *c = q == '`' ? rg_table_find_column(t, rg_buf_str(&id)) : NULL;
		if (c && found && strcmp(found, c->name) != 0)
			many = true;
		else if (c)
			found = c->name;
	}
	if (many)
		found = NULL;
	rg_buf_free(&id);
	return found;
}

static bool read_checks(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	char **row;
	while ((row = rg_my_next_row(rows)) != NULL) {
		struct rg_table *t = find(k->s, cell(row, 0));
		if (!t)
			continue;
		/* MariaDB's JSON is LONGTEXT in utf8mb4_bin with a check of its
		 * own, named after the column: the column is a JSON one (as
		 * MySQL 8 reports it), with no charset a model could give it
		 * (MariaDB refuses JSON CHARACTER SET ...), and the check is
		 * part of the type, not of the model */
		const char *name = cell(row, 1), *expr = cell(row, 2);
		struct rg_column *col = name ? rg_table_find_column(t, name) : NULL;
		if (col && expr && strncmp(expr, "json_valid(", 11) == 0) {
			col->type = "json";
			col->charset = col->collation = NULL;
			continue;
		}
		struct rg_check *ck = rg_table_add_check(k->s, t, name);
		ck->expr = rg_arena_strdup(k->s->arena, expr);
		/* MariaDB's column-level check, named after its column (MySQL 8
		 * makes every check a table constraint: no LEVEL) */
		const char *level = cell(row, 3);
		if (level && strcmp(level, "Column") == 0)
			ck->column = check_column(k->s, t, name, expr);
	}
	return true;
}

/* ---- foreign keys ---- */

/*
 * MariaDB's faster source: InnoDB's own dictionary, which answers without
 * opening the tables (KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS open
 * every one, a large part of the catalog read with the default
 * table_open_cache).  Foreign keys exist only in InnoDB, so the list is
 * whole.  It needs the PROCESS privilege, and names there are "db/name" in
 * the file-name encoding, which is the name itself when it has only
 * letters, digits and _; otherwise (an '@' shows an encoded character)
 * the portable queries answer.
 */
static const char innodb_fks_sql[] =
	"SELECT ID AS id, FOR_NAME AS t, REF_NAME AS rt, TYPE AS ty "
	"FROM information_schema.INNODB_SYS_FOREIGN "
	"WHERE LEFT(FOR_NAME, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/')";
static const char innodb_fk_cols_sql[] =
	"SELECT ID AS id, FOR_COL_NAME AS c, REF_COL_NAME AS rc "
	"FROM information_schema.INNODB_SYS_FOREIGN_COLS "
	"WHERE LEFT(ID, CHAR_LENGTH(DATABASE()) + 1) = CONCAT(DATABASE(), '/') ORDER BY ID, POS";

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

/* Rows of innodb_fks_sql, then of innodb_fk_cols_sql; false, with
 * nothing added, when a name is encoded. */
static bool innodb_fks(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	struct rg_schema *s = k->s;
	struct rg_my_rows *keys = &rows[0], *cols = &rows[1];
	struct id_fk *v = NULL;
	size_t n = 0, cap = 0;
	char **row;
	while ((row = rg_my_next_row(keys)) != NULL)
		for (int i = 0; i < 3; i++)
			if (!cell(row, i) || strchr(cell(row, i), '@'))
				return false;
	while ((row = rg_my_next_row(cols)) != NULL)
		if (!cell(row, 0) || !cell(row, 1) || !cell(row, 2) || strchr(cell(row, 0), '@'))
			return false;
	rg_my_rewind(keys);
	rg_my_rewind(cols);
	while ((row = rg_my_next_row(keys)) != NULL) {
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
	while (n && (row = rg_my_next_row(cols)) != NULL) {
		struct id_fk key = {cell(row, 0), NULL};
		struct id_fk *hit = bsearch(&key, v, n, sizeof(*v), cmp_id_fk);
		if (!hit)
			continue;
		size_t i = hit->fk->ncols;
		rg_names_push(s, &hit->fk->cols, &hit->fk->ncols, cell(row, 1));
		rg_names_push(s, &hit->fk->ref_cols, &i, cell(row, 2));
	}
	free(v);
	return true;
}

/*
 * A foreign key's columns, then its rules, in two queries: joined on the
 * server, REFERENTIAL_CONSTRAINTS is scanned for every database (EXPLAIN:
 * "Scanned all databases"), most of the catalog read on a large schema;
 * apart, each reads only this schema's tables.
 */
static const char fks_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, COLUMN_NAME AS c, "
	"REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc "
	"FROM information_schema.KEY_COLUMN_USAGE "
	"WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL "
	"ORDER BY t, n, ORDINAL_POSITION";
static const char fk_rules_sql[] =
	"SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS n, DELETE_RULE AS del, UPDATE_RULE AS upd "
	"FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()";

static enum rg_fk_action rule(const char *s)
{
	enum rg_fk_action a = RG_FK_NO_ACTION;
	if (s)
		rg_fk_action_parse(s, &a);
	return a;
}

/* Rows of fks_sql, then of fk_rules_sql. */
static bool portable_fks(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	struct rg_schema *s = k->s;
	char **row;
	struct rg_fk *fk = NULL;
	struct rg_table *fk_table = NULL;
	while ((row = rg_my_next_row(&rows[0])) != NULL) {
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
	while ((row = rg_my_next_row(&rows[1])) != NULL) {
		struct rg_table *t = find(s, cell(row, 0));
		for (size_t i = 0; t && cell(row, 1) && i < t->nfks; i++)
			if (strcmp(t->fks[i]->name, cell(row, 1)) == 0) {
				t->fks[i]->on_delete = rule(cell(row, 2));
				t->fks[i]->on_update = rule(cell(row, 3));
			}
	}
	return true;
}

/* ---- indexes, unique keys and primary keys ---- */

/*
 * From InnoDB's dictionary, on MariaDB, under the same conditions as its
 * foreign keys: STATISTICS reads every table's definition, these three
 * views answer in a fraction of its time.  Each is read whole and joined
 * in C: joined on the server, with no index on these views, they are far
 * slower.  The answer is used only when it covers every table TABLES
 * listed and holds nothing STATISTICS would show otherwise (innodb_indexes
 * says what).
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
 * Rows of the three views above.  False, with nothing added, when
 * STATISTICS must answer instead: a table of s that InnoDB does not have
 * (another engine, partitions), an encoded name, a full-text or spatial
 * index, one being built, or an index on a column COLUMNS did not list
 * (the hidden ones behind MariaDB's long unique keys).  A table without a
 * primary key has a clustered index on a hidden row id (GEN_CLUST_INDEX),
 * which is no index of the model's.
 */
static bool innodb_indexes(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	struct rg_schema *s = k->s;
	struct rg_my_rows *tables = &rows[0], *indexes = &rows[1], *fields = &rows[2];
	struct id_ref *tabs = NULL, *idx = NULL;
	size_t ntabs = 0, captabs = 0, nidx = 0, capidx = 0, covered = 0;
	bool ok = false;
	char **row;
	while ((row = rg_my_next_row(tables)) != NULL) {
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
		rg_my_rewind(indexes);
		while ((row = rg_my_next_row(indexes)) != NULL) {
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
			rg_my_rewind(fields);
			while ((row = rg_my_next_row(fields)) != NULL) {
				struct id_ref *ir = find_id(idx, nidx, cell(row, 0));
				if (ir && (!cell(row, 1) || !rg_table_find_column(ir->t, cell(row, 1))))
					goto out;
			}
		}
	}
	rg_my_rewind(fields);
	while ((row = rg_my_next_row(fields)) != NULL) {
		struct id_ref *ir = find_id(idx, nidx, cell(row, 0));
		if (ir && ir->cols)
			rg_names_push(s, ir->cols, ir->ncols, cell(row, 1));
	}
	ok = true;
out:
	free(tabs);
	free(idx);
	return ok;
}

/*
 * STATISTICS shows what InnoDB's dictionary views do not (their POS is
 * the field's position alone, with neither the prefix length SYS_FIELDS
 * keeps beside it nor MariaDB 10.8's DESC): a prefix part (SUB_PART) and
 * a descending one (COLLATION 'D').  A key part is then spelled as struct
 * rg_index says: "email(191)", "at DESC".
 */
static const char *stat_part(struct rg_schema *s, const char *col, const char *sub_part,
			     const char *collation)
{
	bool desc = collation && strcmp(collation, "D") == 0;
	if (!sub_part && !desc)
		return col;
	return rg_arena_printf(s->arena, "%s%s%s%s%s", col, sub_part ? "(" : "",
			       sub_part ? sub_part : "", sub_part ? ")" : "", desc ? " DESC" : "");
}

/* A unique key with a prefix or DESC part is a unique index to the
 * models (a constraint has plain columns): moved to t's indexes. */
static void unique_indexes(struct rg_schema *s, struct rg_table *t)
{
	size_t w = 0;
	for (size_t i = 0; i < t->nuniques; i++) {
		struct rg_unique *u = t->uniques[i];
		struct rg_index probe = {.cols = u->cols, .ncols = u->ncols};
		if (rg_index_plain(&probe)) {
			t->uniques[w++] = u;
			continue;
		}
		struct rg_index *x = rg_table_add_index(s, t, u->name);
		x->unique = true;
		x->cols = u->cols;
		x->ncols = u->ncols;
	}
	t->nuniques = w;
}

static const char statistics_sql[] =
	"SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c, "
	"INDEX_TYPE AS ty, SUB_PART AS sp, COLLATION AS co "
	"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
	"ORDER BY t, i, SEQ_IN_INDEX";

/* Rows of statistics_sql, in table, index and position order. */
static bool statistics_indexes(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	struct rg_schema *s = k->s;
	char **row;
	struct rg_table *cur_t = NULL;
	const char *cur_name = NULL;
	const char ***cols = NULL;
	size_t *ncols = NULL;
	while ((row = rg_my_next_row(rows)) != NULL) {
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
				const char *ty = cell(row, 4);
				if (ty && (strcmp(ty, "FULLTEXT") == 0 || strcmp(ty, "SPATIAL") == 0))
					x->kind = rg_arena_strdup(s->arena, ty);
			}
		}
		/* a primary key's columns are plain names to the models, and a
		 * SPATIAL index's whole columns show a SUB_PART of 32 */
		const char *ty = cell(row, 4);
		bool whole = strcmp(name, "PRIMARY") == 0 ||
			     (ty && (strcmp(ty, "FULLTEXT") == 0 || strcmp(ty, "SPATIAL") == 0));
		rg_names_push(s, cols, ncols,
			      whole ? cell(row, 3) : stat_part(s, cell(row, 3), cell(row, 5), cell(row, 6)));
	}
	for (size_t i = 0; i < s->ntables; i++)
		unique_indexes(s, s->tables[i]);
	return true;
}

/*
 * The key parts of the indexes of the tables named (all of them when n is
 * 0) that STATISTICS alone shows, set in s: what the dictionary's read
 * (innodb_indexes) leaves plain; not those of a primary key, nor of a
 * FULLTEXT or SPATIAL index (as statistics_indexes).  One query, which opens only the tables
 * named (their TABLE_NAME listed, which the server looks up rather than
 * reading every table's definition).
 */
int rg_mysql_reread_key_parts(struct rg_conn *base, struct rg_schema *s,
			      const char *const *tables, size_t n, struct rg_error *err)
{
	struct mysql_conn *c = (struct mysql_conn *)base;
	struct rg_buf q = RG_BUF_INIT;
	rg_buf_add(&q, "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, "
		       "COLLATION FROM information_schema.STATISTICS "
		       "WHERE TABLE_SCHEMA = DATABASE() AND (SUB_PART IS NOT NULL OR COLLATION = 'D') "
		       "AND INDEX_NAME <> 'PRIMARY' AND INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL')");
	for (size_t i = 0; i < n; i++) {
		rg_buf_add(&q, i ? ", " : " AND TABLE_NAME IN (");
		rg_my_literal(&q, tables[i]);
	}
	if (n)
		rg_buf_addc(&q, ')');
	const char *what = "reading information_schema.STATISTICS (prefix and DESC key parts)";
	MYSQL_RES *r = rg_my_query_stream(c, rg_buf_str(&q), what, err);
	rg_buf_free(&q);
	if (!r)
		return -1;
	MYSQL_ROW row;
	while ((row = MY->mysql_fetch_row(r)) != NULL) {
		struct rg_table *t = row[0] ? rg_schema_find_table(s, row[0]) : NULL;
		unsigned long seq = row[2] ? strtoul(row[2], NULL, 10) : 0;
		if (!t || !row[1] || !row[3] || seq == 0)
			continue;
		const char **cols = NULL;
		size_t ncols = 0;
		for (size_t i = 0; i < t->nuniques && !cols; i++)
			if (strcmp(t->uniques[i]->name, row[1]) == 0)
				cols = t->uniques[i]->cols, ncols = t->uniques[i]->ncols;
		for (size_t i = 0; i < t->nindexes && !cols; i++)
			if (t->indexes[i]->name && strcmp(t->indexes[i]->name, row[1]) == 0)
				cols = t->indexes[i]->cols, ncols = t->indexes[i]->ncols;
		if (cols && seq <= ncols && strcmp(cols[seq - 1], row[3]) == 0)
			cols[seq - 1] = stat_part(s, rg_arena_strdup(s->arena, row[3]), row[4], row[5]);
	}
	if (rg_my_stream_end(c, r, what, err) < 0)
		return -1;
	for (size_t i = 0; i < s->ntables; i++)
		unique_indexes(s, s->tables[i]);
	return 0;
}

/* ---- the table ---- */

/* ---- views ---- */

/*
 * The views that name each table, and the views that name those, with the
 * table's columns each names, so that emit/mysql.c can say which views a
 * dropped column or table leaves invalid (MySQL drops it under them, and
 * the view fails when used).  The server keeps a view's definition with
 * every name quoted (`db`.`t`.`c`, or an alias's `a`.`c`): a quoted word
 * is a name.  Conservative: a column spelled like one of another table
 * only costs a note.
 */
static const char views_sql[] =
	"SELECT v.TABLE_NAME AS v, v.VIEW_DEFINITION AS d, v.TABLE_SCHEMA AS s, "
	/* the view's columns, for the schema's views (a few rows each) */
	"(SELECT GROUP_CONCAT(c.COLUMN_NAME ORDER BY c.ORDINAL_POSITION SEPARATOR '\x1f') "
	"  FROM information_schema.COLUMNS c "
	"  WHERE c.TABLE_SCHEMA = v.TABLE_SCHEMA AND c.TABLE_NAME = v.TABLE_NAME) AS cols, "
	"(SELECT GROUP_CONCAT(c.COLUMN_TYPE ORDER BY c.ORDINAL_POSITION SEPARATOR '\x1f') "
	"  FROM information_schema.COLUMNS c "
	"  WHERE c.TABLE_SCHEMA = v.TABLE_SCHEMA AND c.TABLE_NAME = v.TABLE_NAME) AS types "
	"FROM information_schema.VIEWS v WHERE v.TABLE_SCHEMA = DATABASE()";

void rg_my_quote(struct rg_buf *q, const char *name)
{
	rg_buf_addc(q, '`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			rg_buf_addc(q, '`');
		rg_buf_addc(q, *p);
	}
	rg_buf_addc(q, '`');
}

/* Does the definition hold `name` as a quoted word? */
static bool names_quoted(const char *def, const char *name)
{
	struct rg_buf q = RG_BUF_INIT;
	rg_my_quote(&q, name);
	bool found = strstr(def, rg_buf_str(&q)) != NULL;
	rg_buf_free(&q);
	return found;
}

/* Adds to t the views that name it (round 0), then those that name a
 * view of the round before, each with the columns of t it names or the
 * views it names name. */
static void views_of(struct rg_schema *s, struct rg_table *t, char ***views, size_t n,
		     int *round)
{
	for (size_t v = 0; v < n; v++)
		round[v] = names_quoted(views[v][1], t->name) ? 0 : -1;
	for (int r = 1, more = 1; more; r++) {
		more = 0;
		for (size_t v = 0; v < n; v++)
			for (size_t w = 0; round[v] < 0 && w < n; w++)
				if (round[w] == r - 1 && names_quoted(views[v][1], views[w][0]))
					round[v] = r, more = 1;
	}
	size_t first = t->ndependents;
	for (int r = 0, any = 1; any; r++) {
		any = 0;
		for (size_t v = 0; v < n; v++) {
			if (round[v] != r)
				continue;
			any = 1;
			struct rg_buf sql = RG_BUF_INIT;
			rg_buf_add(&sql, "CREATE VIEW ");
			rg_my_quote(&sql, views[v][0]);
			rg_buf_addf(&sql, " AS %s", views[v][1]);
			struct rg_dependent *dep = rg_table_add_dependent(s, t, "VIEW", views[v][0],
									 rg_buf_str(&sql));
			rg_buf_free(&sql);
			for (size_t c = 0; c < t->ncolumns; c++) {
				const char *col = t->columns[c]->name;
				bool uses = r == 0 && names_quoted(views[v][1], col);
				for (size_t d = first; !uses && d + 1 < t->ndependents; d++) {
					const struct rg_dependent *w = t->dependents[d];
					if (!names_quoted(views[v][1], w->name))
						continue;
					for (size_t k = 0; !uses && k < w->ncols; k++)
						uses = strcmp(w->cols[k], col) == 0;
				}
				if (uses)
					rg_names_push(s, &dep->cols, &dep->ncols, col);
			}
		}
	}
}

static bool read_views(struct rg_my_catalog *k, struct rg_my_rows *rows)
{
	char ***views = NULL, **row;
	size_t n = 0, cap = 0;
	while ((row = rg_my_next_row(rows)) != NULL)
		if (cell(row, 0) && cell(row, 1)) {
			rg_grow((void **)&views, &cap, n + 1, sizeof(*views));
			views[n++] = row;
		}
	int *round = rg_xcalloc(n + 1, sizeof(int));
	for (size_t i = 0; n && i < k->s->ntables; i++)
		views_of(k->s, k->s->tables[i], views, n, round);
	/* and the schema's views, as a model compares them */
	for (size_t i = 0; i < n; i++) {
		if (excluded(k->opts, cell(views[i], 0)) || !cell(views[i], 2))
			continue;
		struct rg_buf def = RG_BUF_INIT;
		rg_my_unqualify(&def, cell(views[i], 1), cell(views[i], 2));
		struct rg_table *v = rg_schema_add_view(k->s, cell(views[i], 0), rg_buf_str(&def));
		rg_buf_free(&def);
		const char *cols = cell(views[i], 3), *types = cell(views[i], 4);
		while (cols && *cols) {
			size_t len = strcspn(cols, "\x1f"), tlen = types ? strcspn(types, "\x1f") : 0;
			struct rg_column *c = rg_table_add_column(k->s, v, rg_arena_strndup(k->s->arena, cols, len));
			c->type = rg_arena_strndup(k->s->arena, types ? types : "", tlen);
			cols += len + (cols[len] != '\0');
			if (types)
				types += tlen + (types[tlen] != '\0');
		}
	}
	free(round);
	free(views);
	return true;
}

enum {
	R_TABLES,
	R_COLUMNS,
	R_COLUMNS_ORDERED,
	R_CHECKS_MARIADB,
	R_CHECKS_MYSQL,
	R_FKS_DICTIONARY,
	R_FKS,
	R_INDEXES_DICTIONARY,
	R_INDEXES,
	R_VIEWS,
	R__N
};

#define COLUMNS_WHAT "reading information_schema.COLUMNS"
#define CHECKS_WHAT "reading information_schema.CHECK_CONSTRAINTS"

static const struct rg_my_read reads[R__N] = {
	[R_TABLES] = {
		RG_MY_TABLES, 0, true,
		{{tables_sql, "reading information_schema.TABLES"}},
		read_tables, -1,
	},
	/* MariaDB's columns come in order unsorted; MySQL 8's are sorted */
	[R_COLUMNS] = {
		RG_MY_COLUMNS, RG_MY_ON_MARIADB, true,
		{{columns_sql, COLUMNS_WHAT}},
		read_columns, R_COLUMNS_ORDERED,
	},
	[R_COLUMNS_ORDERED] = {
		RG_MY_COLUMNS, 0, true,
		{{columns_ordered_sql, COLUMNS_WHAT}},
		read_columns_ordered, -1,
	},
	[R_CHECKS_MARIADB] = {
		RG_MY_CHECKS, RG_MY_ON_MARIADB, false,
		{{checks_mariadb_sql, CHECKS_WHAT}},
		read_checks, R_CHECKS_MYSQL,
	},
	[R_CHECKS_MYSQL] = {
		RG_MY_CHECKS, RG_MY_ON_MYSQL, false,
		{{checks_mysql_sql, CHECKS_WHAT}},
		read_checks, -1,
	},
	[R_FKS_DICTIONARY] = {
		RG_MY_FKS, RG_MY_DICTIONARY, false,
		{{innodb_fks_sql, "reading information_schema.INNODB_SYS_FOREIGN"},
		 {innodb_fk_cols_sql, "reading information_schema.INNODB_SYS_FOREIGN_COLS"}},
		innodb_fks, R_FKS,
	},
	[R_FKS] = {
		RG_MY_FKS, 0, false,
		{{fks_sql, "reading information_schema.KEY_COLUMN_USAGE"},
		 {fk_rules_sql, "reading information_schema.REFERENTIAL_CONSTRAINTS"}},
		portable_fks, -1,
	},
	[R_INDEXES_DICTIONARY] = {
		RG_MY_INDEXES, RG_MY_DICTIONARY, false,
		{{innodb_tables_sql, "reading information_schema.INNODB_SYS_TABLES"},
		 {innodb_indexes_sql, "reading information_schema.INNODB_SYS_INDEXES"},
		 {innodb_fields_sql, "reading information_schema.INNODB_SYS_FIELDS"}},
		innodb_indexes, R_INDEXES,
	},
	[R_INDEXES] = {
		RG_MY_INDEXES, 0, false,
		{{statistics_sql, "reading information_schema.STATISTICS"}},
		statistics_indexes, -1,
	},
	[R_VIEWS] = {
		RG_MY_VIEWS, 0, false,
		{{views_sql, "reading information_schema.VIEWS"}},
		read_views, -1,
	},
};

/* Does one of t's keys or indexes, other than skip, begin with f's columns? */
static bool other_leads_with(const struct rg_table *t, const struct rg_index *skip,
			     const struct rg_fk *f)
{
	if (t->pk && t->pk->ncols >= f->ncols &&
	    rg_names_equal(t->pk->cols, f->ncols, f->cols, f->ncols))
		return true;
	for (size_t i = 0; i < t->nuniques; i++)
		if (t->uniques[i]->ncols >= f->ncols &&
		    rg_names_equal(t->uniques[i]->cols, f->ncols, f->cols, f->ncols))
			return true;
	for (size_t i = 0; i < t->nindexes; i++)
		if (t->indexes[i] != skip && t->indexes[i]->ncols >= f->ncols &&
		    rg_names_equal(t->indexes[i]->cols, f->ncols, f->cols, f->ncols))
			return true;
	return false;
}

/*
 * The index InnoDB adds for a foreign key when the table has none that
 * begins with the key's columns is the key's, not the model's: it is named
 * after the key's CONSTRAINT name when one was given, else after the key's
 * first column (a key written as `REFERENCES` by hand), has exactly the
 * key's columns, and InnoDB drops it by itself once another index can
 * serve.  Left in, every hand-made table with a foreign key would show a
 * `drop index` that MySQL refuses ("needed in a foreign key constraint").
 * It is recorded on the key (rg_fk.index), so that dropping the key drops
 * it too.
 */
static void take_implicit_indexes(struct rg_schema *s)
{
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		size_t w = 0;
		for (size_t k = 0; k < t->nindexes; k++) {
			struct rg_index *x = t->indexes[k];
			struct rg_fk *owner = NULL;
			for (size_t f = 0; f < t->nfks && !owner && !x->unique && !x->where && !x->kind; f++) {
				struct rg_fk *fk = t->fks[f];
				/* by the key's name, as revgen's own keys are made; by
				 * the first column only while nothing else serves */
				bool named = strcmp(fk->name, x->name) == 0 ||
					     (strcmp(fk->cols[0], x->name) == 0 &&
					      !other_leads_with(t, x, fk));
				if (!fk->index && named &&
				    rg_names_equal(fk->cols, fk->ncols, x->cols, x->ncols))
					owner = fk;
			}
			if (owner)
				owner->index = x->name;
			else
				t->indexes[w++] = x;
		}
		t->nindexes = w;
	}
}

int rg_mysql_introspect(struct rg_conn *base, const struct rg_introspect_opts *o,
			struct rg_schema **out, struct rg_error *err)
{
	struct rg_my_catalog k = {(struct mysql_conn *)base, o, rg_schema_new()};
	if (rg_my_run(&k, reads, R__N, err) < 0 ||
	    rg_my_read_sequences(k.conn, k.s, err) < 0) {
		rg_schema_free(k.s);
		return -1;
	}
	take_implicit_indexes(k.s);
	rg_schema_sort(k.s);
	*out = k.s;
	return 0;
}
