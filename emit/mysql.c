/*
 * mysql.c (emit) - MySQL/MariaDB's half of rg_dialect_mysql: backquoting,
 * type spelling, canonical forms that make information_schema's text equal
 * to the models', and rendering operations as MySQL DDL (which MySQL 8
 * accepts as well as MariaDB).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/dialect.h"
#include "introspect/mysql.h"

/* MySQL 8.0's reserved words (MariaDB's are a subset for our purposes),
 * lower case, sorted for bsearch. */
static const char *const reserved[] = {
	"accessible", "add", "all", "alter", "analyze", "and", "as", "asc",
	"asensitive", "before", "between", "bigint", "binary", "blob", "both", "by",
	"call", "cascade", "case", "change", "char", "character", "check", "collate",
	"column", "condition", "constraint", "continue", "convert", "create",
	"cross", "cube", "cume_dist", "current_date", "current_time",
	"current_timestamp", "current_user", "cursor", "database", "databases",
	"day_hour", "day_microsecond", "day_minute", "day_second", "dec", "decimal",
	"declare", "default", "delayed", "delete", "dense_rank", "desc", "describe",
	"deterministic", "distinct", "distinctrow", "div", "double", "drop", "dual",
	"each", "else", "elseif", "empty", "enclosed", "escaped", "except", "exists",
	"exit", "explain", "false", "fetch", "first_value", "float", "float4",
	"float8", "for", "force", "foreign", "from", "fulltext", "function",
	"generated", "get", "grant", "group", "grouping", "groups", "having",
	"high_priority", "hour_microsecond", "hour_minute", "hour_second", "if",
	"ignore", "in", "index", "infile", "inner", "inout", "insensitive",
	"insert", "int", "int1", "int2", "int3", "int4", "int8", "integer",
	"intersect", "interval", "into", "io_after_gtids", "io_before_gtids", "is",
	"iterate", "join", "json_table", "key", "keys", "kill", "lag", "last_value",
	"lateral", "lead", "leading", "leave", "left", "like", "limit", "linear",
	"lines", "load", "localtime", "localtimestamp", "lock", "long", "longblob",
	"longtext", "loop", "low_priority", "master_bind",
	"master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob",
	"mediumint", "mediumtext", "middleint", "minute_microsecond",
	"minute_second", "mod", "modifies", "natural", "not", "no_write_to_binlog",
	"nth_value", "ntile", "null", "numeric", "of", "offset", "on", "optimize",
	"optimizer_costs", "option", "optionally", "or", "order", "out", "outer",
	"outfile", "over", "partition", "percent_rank", "precision", "primary",
	"procedure", "purge", "range", "rank", "read", "reads", "read_write",
	"real", "recursive", "references", "regexp", "release", "rename", "repeat",
	"replace", "require", "resignal", "restrict", "return", "returning",
	"revoke", "right", "rlike", "row", "rows", "row_number", "schema",
	"schemas", "second_microsecond", "select", "sensitive", "separator", "set",
	"show", "signal", "smallint", "spatial", "specific", "sql",
	"sql_big_result", "sql_calc_found_rows", "sql_small_result", "sqlexception",
	"sqlstate", "sqlwarning", "ssl", "starting", "stored", "straight_join",
	"system", "table", "terminated", "then", "tinyblob", "tinyint", "tinytext",
	"to", "trailing", "trigger", "true", "undo", "union", "unique", "unlock",
	"unsigned", "update", "usage", "use", "using", "utc_date", "utc_time",
	"utc_timestamp", "values", "varbinary", "varchar", "varcharacter",
	"varying", "virtual", "when", "where", "while", "window", "with", "write",
	"xor", "year_month", "zerofill",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void quote_ident(struct rg_buf *out, const char *id)
{
	bool plain = *id != '\0';
	bool digits = true;
	char low[64];
	size_t n = 0;
	for (const char *p = id; plain && *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '$')
			plain = false;
		if (!isdigit((unsigned char)*p))
			digits = false;
		if (n + 1 < sizeof(low))
			low[n++] = (char)tolower((unsigned char)*p);
	}
	low[n] = '\0';
	const char *key = low;
	if (plain && !digits && strlen(id) < sizeof(low) &&
	    !bsearch(&key, reserved, RG_ARRAY_LEN(reserved), sizeof(char *), cmp_word)) {
		rg_buf_add(out, id);
		return;
	}
	rg_buf_addc(out, '`');
	for (const char *p = id; *p; p++) {
		if (*p == '`')
			rg_buf_addc(out, '`');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '`');
}

/*
 * Generic types in MySQL's spelling.  TIMESTAMP becomes DATETIME: MySQL's
 * TIMESTAMP converts through the session time zone, stops in 2038 and, on
 * older servers, updates itself on every UPDATE; a C time_t wants none of
 * that.  REAL becomes FLOAT: MariaDB reads REAL as DOUBLE.
 */
static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *my;
	} map[] = {
		{"BOOLEAN", "TINYINT(1)"}, {"SMALLINT", "SMALLINT"}, {"INTEGER", "INT"},
		{"BIGINT", "BIGINT"}, {"REAL", "FLOAT"}, {"DOUBLE PRECISION", "DOUBLE"},
		{"TEXT", "TEXT"}, {"TIMESTAMP", "DATETIME"},
	};
	if (c->generic)
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].my);
				return;
			}
	rg_buf_add(out, c->type ? c->type : "");
}

/*
 * information_schema.COLUMNS.COLUMN_TYPE: int(11) on MariaDB, int on
 * MySQL 8, tinyint(1) for BOOLEAN on both.  Integer display widths go
 * (except tinyint(1), which is how both spell a boolean), synonyms meet.
 */
static void canon_type(struct rg_buf *out, const char *type)
{
	struct rg_buf low = RG_BUF_INIT;
	rg_sql_canon(&low, type);
	for (char *p = low.data; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	const char *s = rg_buf_str(&low);
	static const struct {
		const char *alias, *canon;
	} map[] = {
		{"integer", "int"}, {"bool", "tinyint(1)"}, {"boolean", "tinyint(1)"},
		{"double precision", "double"}, {"real", "double"}, {"numeric", "decimal"},
		{"character varying", "varchar"}, {"dec", "decimal"}, {"fixed", "decimal"},
		{"int4", "int"}, {"int8", "bigint"}, {"int2", "smallint"}, {"float8", "double"},
		{"float4", "float"},
		/* MariaDB's JSON is LONGTEXT with a json_valid() check */
		{"json", "longtext"},
	};
	size_t name_len = strcspn(s, "( ");
	const char *rest = s + name_len;
	char name[40];
	snprintf(name, sizeof(name), "%.*s", (int)(name_len < 39 ? name_len : 39), s);
	/* two-word names */
	if (strncmp(s, "double precision", 16) == 0) {
		snprintf(name, sizeof(name), "double precision");
		rest = s + 16;
	} else if (strncmp(s, "character varying", 17) == 0) {
		snprintf(name, sizeof(name), "character varying");
		rest = s + 17;
	}
	const char *cname = name;
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(name, map[i].alias) == 0)
			cname = map[i].canon;
	bool integer = strcmp(cname, "int") == 0 || strcmp(cname, "bigint") == 0 ||
		       strcmp(cname, "smallint") == 0 || strcmp(cname, "mediumint") == 0 ||
		       (strcmp(cname, "tinyint") == 0 && strncmp(rest, "(1)", 3) != 0);
	if (strchr(cname, '(')) {
		rg_buf_add(out, cname);
	} else {
		rg_buf_add(out, cname);
		if (integer && rest[0] == '(') {
			const char *close = strchr(rest, ')');
			rest = close ? close + 1 : rest;
		}
		if (strcmp(cname, "decimal") == 0 && rest[0] != '(')
			rg_buf_add(out, "(10,0)");
		/* "int(10) unsigned" lost its space in the canonical form */
		if (rest[0] == ' ')
			rest++;
		if (isalpha((unsigned char)rest[0]))
			rg_buf_addc(out, ' ');
		rg_buf_add(out, rest);
	}
	rg_buf_free(&low);
}

/* Check clauses come back with `backquotes`, the server's spacing, and
 * length() as its real name, octet_length(). */
static void canon_expr(struct rg_buf *out, const char *expr)
{
	struct rg_buf b = RG_BUF_INIT, c = RG_BUF_INIT;
	for (const char *p = expr; *p; p++)
		if (*p != '`')
			rg_buf_addc(&b, *p);
	rg_sql_canon(&c, rg_buf_str(&b));
	const char *s = rg_buf_str(&c);
	for (const char *p = s; *p;) {
		const char *hit = strstr(p, "OCTET_LENGTH(");
		if (!hit || (hit > s && (isalnum((unsigned char)hit[-1]) || hit[-1] == '_'))) {
			rg_buf_add(out, p);
			break;
		}
		rg_buf_addn(out, p, (size_t)(hit - p));
		rg_buf_add(out, "LENGTH(");
		p = hit + 13;
	}
	rg_buf_free(&b);
	rg_buf_free(&c);
}

/* Defaults as information_schema reports them: 'draft' or draft,
 * current_timestamp(), 1 for TRUE, 0.00 for 0.00. */
static void canon_default(struct rg_buf *out, const char *expr)
{
	struct rg_buf a = RG_BUF_INIT;
	canon_expr(&a, expr);
	const char *s = rg_buf_str(&a);
	static const struct {
		const char *from, *to;
	} map[] = {
		{"CURRENT_TIMESTAMP()", "CURRENT_TIMESTAMP"}, {"NOW()", "CURRENT_TIMESTAMP"},
		{"CURDATE()", "CURRENT_DATE"}, {"CURRENT_DATE()", "CURRENT_DATE"},
		{"CURTIME()", "CURRENT_TIME"}, {"TRUE", "1"}, {"FALSE", "0"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(s, map[i].from) == 0)
			s = map[i].to;
	/* a number by its value: MySQL pads decimals (-1.5000 for -1.5) */
	if (rg_sql_is_literal(s) && (isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+' ||
				     s[0] == '.')) {
		char num[64];
		snprintf(num, sizeof(num), "%.15g", strtod(s, NULL));
		rg_buf_add(out, num);
		rg_buf_free(&a);
		return;
	}
	/* a quoted number is the number: '1' on an INT column is 1 */
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		char inner[128];
		if (n - 2 < sizeof(inner)) {
			memcpy(inner, s + 1, n - 2);
			inner[n - 2] = '\0';
			if (rg_sql_is_literal(inner) && inner[0] != '\'') {
				rg_buf_add(out, inner);
				rg_buf_free(&a);
				return;
			}
		}
	}
	rg_buf_add(out, s);
	rg_buf_free(&a);
}

/* ---- rendering ---- */

static const struct rg_dialect *const D = &rg_dialect_mysql;

static void alter_table(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	quote_ident(b, table);
	rg_buf_addc(b, ' ');
}

/* A MySQL string literal: quotes doubled, backslashes escaped. */
static void string_literal(struct rg_buf *b, const char *s)
{
	rg_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rg_buf_addc(b, '\'');
		else if (*s == '\\')
			rg_buf_addc(b, '\\');
		rg_buf_addc(b, *s);
	}
	rg_buf_addc(b, '\'');
}

static void column_def(struct rg_buf *b, const struct rg_column *c, const char *name)
{
	quote_ident(b, name);
	rg_buf_addc(b, ' ');
	render_type(b, c);
	rg_buf_add(b, c->not_null ? " NOT NULL" : " NULL");
	if (c->default_expr && !c->autoincrement) {
		const char *d = c->default_expr;
		/* literals and CURRENT_TIMESTAMP as they are; expressions in
		 * parentheses, as MySQL 8 requires */
		if (rg_sql_is_literal(d) || strcasecmp(d, "CURRENT_TIMESTAMP") == 0)
			rg_buf_addf(b, " DEFAULT %s", d);
		else
			rg_buf_addf(b, " DEFAULT (%s)", d);
	}
	if (c->autoincrement)
		rg_buf_add(b, " AUTO_INCREMENT");
	if (c->comment) {
		rg_buf_add(b, " COMMENT ");
		string_literal(b, c->comment);
	}
}

static void create_table(struct rg_buf *b, const struct rg_table *t)
{
	rg_buf_add(b, "CREATE TABLE ");
	quote_ident(b, t->name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_add(b, sep);
		column_def(b, t->columns[i], t->columns[i]->name);
		sep = ",\n    ";
	}
	if (t->pk) {
		rg_buf_add(b, sep);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, t->pk->cols, t->pk->ncols);
	}
	rg_sql_uniques_checks(b, D, t, sep);
	/* indexes inline, before the foreign keys: a key that finds an index
	 * to use makes MySQL create none of its own beside it */
	for (size_t i = 0; i < t->nindexes; i++) {
		rg_buf_add(b, sep);
		rg_buf_add(b, t->indexes[i]->unique ? "UNIQUE INDEX " : "INDEX ");
		quote_ident(b, t->indexes[i]->name);
		rg_buf_addc(b, ' ');
		rg_sql_names(b, D, t->indexes[i]->cols, t->indexes[i]->ncols);
	}
	rg_sql_foreign_keys(b, D, t, sep);
	rg_buf_add(b, "\n)");
	if (t->comment) {
		rg_buf_add(b, " COMMENT = ");
		string_literal(b, t->comment);
	}
	rg_buf_add(b, ";\n");
}

static bool leads_with(const char *const *cols, size_t n, const struct rg_fk *f)
{
	if (n < f->ncols)
		return false;
	for (size_t i = 0; i < f->ncols; i++)
		if (strcmp(cols[i], f->cols[i]) != 0)
			return false;
	return true;
}

/* Does an index, unique constraint or primary key of t begin with the
 * foreign key's columns (so that MySQL needed no index of its own)? */
static bool covered(const struct rg_table *t, const struct rg_fk *f)
{
	if (!t)
		return true;
	if (t->pk && leads_with(t->pk->cols, t->pk->ncols, f))
		return true;
	for (size_t i = 0; i < t->nindexes; i++)
		if (leads_with(t->indexes[i]->cols, t->indexes[i]->ncols, f))
			return true;
	for (size_t i = 0; i < t->nuniques; i++)
		if (leads_with(t->uniques[i]->cols, t->uniques[i]->ncols, f))
			return true;
	return false;
}

static void render_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_index *x;
	/* a dropped table's indexes go with it (and MySQL refuses to drop
	 * one that a foreign key needs), a created table's are in its CREATE
	 * TABLE; the ops are there for the inverse */
	if ((op->kind == RG_OP_DROP_INDEX && !op->table_to) ||
	    (op->kind == RG_OP_CREATE_INDEX && !op->table_from))
		return;
	if (op->warning)
		rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
		create_table(b, op->table_to);
		return;
	case RG_OP_DROP_TABLE:
		rg_buf_add(b, "DROP TABLE ");
		quote_ident(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_CREATE_INDEX:
		x = op->to;
		rg_buf_add(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		quote_ident(b, x->name);
		rg_buf_add(b, " ON ");
		quote_ident(b, op->table);
		rg_buf_addc(b, ' ');
		rg_sql_names(b, D, x->cols, x->ncols);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_DROP_INDEX:
		rg_buf_add(b, "DROP INDEX ");
		quote_ident(b, ((const struct rg_index *)op->from)->name);
		rg_buf_add(b, " ON ");
		quote_ident(b, op->table);
		rg_buf_add(b, ";\n");
		return;
	default:
		break;
	}
	alter_table(b, op->table);
	switch (op->kind) {
	case RG_OP_RENAME_TABLE:
		rg_buf_add(b, "RENAME TO ");
		quote_ident(b, op->table_to->name);
		break;
	case RG_OP_ADD_COLUMN:
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, op->to, ((const struct rg_column *)op->to)->name);
		break;
	case RG_OP_DROP_COLUMN:
		rg_buf_add(b, "DROP COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		break;
	case RG_OP_RENAME_COLUMN:
		rg_buf_add(b, "RENAME COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		quote_ident(b, ((const struct rg_column *)op->to)->name);
		break;
	case RG_OP_ALTER_COLUMN:
		/* MODIFY restates the whole column: type, nullability, default,
		 * AUTO_INCREMENT and comment as the models want them */
		rg_buf_add(b, "MODIFY COLUMN ");
		column_def(b, op->to, op->column);
		break;
	case RG_OP_ADD_PK: {
		const struct rg_pk *pk = op->to;
		rg_buf_add(b, "ADD PRIMARY KEY ");
		rg_sql_names(b, D, pk->cols, pk->ncols);
		break;
	}
	case RG_OP_DROP_PK:
		rg_buf_add(b, "DROP PRIMARY KEY");
		break;
	case RG_OP_ADD_UNIQUE: {
		const struct rg_unique *u = op->to;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, u->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, u->cols, u->ncols);
		break;
	}
	case RG_OP_DROP_UNIQUE:
		rg_buf_add(b, "DROP INDEX ");
		quote_ident(b, ((const struct rg_unique *)op->from)->name);
		break;
	case RG_OP_ADD_CHECK: {
		const struct rg_check *ck = op->to;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, ck->name);
		rg_buf_addf(b, "CHECK (%s)", ck->expr);
		break;
	}
	case RG_OP_DROP_CHECK:
		/* MariaDB and MySQL >= 8.0.19 both take DROP CONSTRAINT */
		rg_buf_add(b, "DROP CONSTRAINT ");
		quote_ident(b, ((const struct rg_check *)op->from)->name);
		break;
	case RG_OP_ADD_FK:
		rg_buf_add(b, "ADD ");
		rg_sql_fk_clause(b, D, op->to);
		break;
	case RG_OP_DROP_FK: {
		const struct rg_fk *f = op->from;
		rg_buf_add(b, "DROP FOREIGN KEY ");
		quote_ident(b, f->name);
		/* with no index of the table to lean on, MySQL made one named
		 * after the key when it was added: it goes with the key */
		if (f->name && !covered(op->table_from, f)) {
			rg_buf_add(b, ", DROP INDEX ");
			quote_ident(b, f->name);
		}
		break;
	}
	case RG_OP_TABLE_COMMENT:
		rg_buf_add(b, "COMMENT = ");
		string_literal(b, op->table_to->comment ? op->table_to->comment : "");
		break;
	default:
		break;
	}
	rg_buf_add(b, ";\n");
}

static int render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		      struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	(void)err;
	rg_sql_render_each(out, ops, render_op);
	return 0;
}

const struct rg_dialect rg_dialect_mysql = {
	.name = "mysql",
	.caps = RG_CAP_COMMENTS | RG_CAP_ALTER_COLUMN | RG_CAP_RESTRICT_IS_NO_ACTION,
	.quote_ident = quote_ident,
	.render_type = render_type,
	.canon_type = canon_type,
	.canon_default = canon_default,
	.canon_expr = canon_expr,
	.render_ops = render_ops,
	.connect = rg_mysql_connect,
	.disconnect = rg_mysql_disconnect,
	.exec = rg_mysql_exec,
	.query_column = rg_mysql_query_column,
	.table_exists = rg_mysql_table_exists,
	.introspect = rg_mysql_introspect,
	.statement_count = rg_mysql_statement_count,
	.begin = rg_mysql_begin,
	.commit = rg_mysql_commit,
	.rollback = rg_mysql_rollback,
	.lock = rg_mysql_lock,
	.unlock = rg_mysql_unlock,
};
