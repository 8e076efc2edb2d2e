/*
 * mysql.c (emit) - MySQL/MariaDB's renderer: backquoting, and operations
 * as MySQL DDL (which MySQL 8 accepts as well as MariaDB).  Types are
 * spelled as diff/mysql.c spells them for comparison.  Over 800 lines:
 * the ALTER clauses, the statements that tie them together and the
 * online DDL of --online (which clause the server runs in place) read
 * the same helpers about keys, checks and AUTO_INCREMENT columns.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/mysql.h"
#include "emit/render.h"

/* The reserved words of MySQL 8.0 and of MariaDB 10.11 (each has some the
 * other lacks), lower case, in strcmp order for bsearch. */
static const char *const reserved[] = {
	"accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive",
	"before", "between", "bigint", "binary", "blob", "both", "by", "call", "cascade",
	"case", "change", "char", "character", "check", "collate", "column", "condition",
	"constraint", "continue", "convert", "create", "cross", "cube", "cume_dist",
	"current_date", "current_role", "current_time", "current_timestamp", "current_user",
	"cursor", "database", "databases", "day_hour", "day_microsecond", "day_minute",
	"day_second", "dec", "decimal", "declare", "default", "delayed", "delete",
	"delete_domain_id", "dense_rank", "desc", "describe", "deterministic", "distinct",
	"distinctrow", "div", "do_domain_ids", "double", "drop", "dual", "each", "else",
	"elseif", "empty", "enclosed", "escaped", "except", "exists", "exit", "explain",
	"false", "fetch", "first_value", "float", "float4", "float8", "for", "force",
	"foreign", "from", "fulltext", "function", "generated", "get", "grant", "group",
	"grouping", "groups", "having", "high_priority", "hour_microsecond", "hour_minute",
	"hour_second", "if", "ignore", "ignore_domain_ids", "in", "index", "infile", "inner",
	"inout", "insensitive", "insert", "int", "int1", "int2", "int3", "int4", "int8",
	"integer", "intersect", "interval", "into", "io_after_gtids", "io_before_gtids", "is",
	"iterate", "join", "json_table", "key", "keys", "kill", "lag", "last_value",
	"lateral", "lead", "leading", "leave", "left", "like", "limit", "linear", "lines",
	"load", "localtime", "localtimestamp", "lock", "long", "longblob", "longtext", "loop",
	"low_priority", "master_bind", "master_demote_to_replica", "master_demote_to_slave",
	"master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob", "mediumint",
	"mediumtext", "middleint", "minute_microsecond", "minute_second", "mod", "modifies",
	"natural", "no_write_to_binlog", "not", "nth_value", "ntile", "null", "numeric", "of",
	"offset", "on", "optimize", "optimizer_costs", "option", "optionally", "or", "order",
	"out", "outer", "outfile", "over", "page_checksum", "parse_vcol_expr", "partition",
	"percent_rank", "portion", "precision", "primary", "procedure", "purge", "range",
	"rank", "read", "read_write", "reads", "real", "recursive", "ref_system_id",
	"references", "regexp", "release", "rename", "repeat", "replace", "require",
	"resignal", "restrict", "return", "returning", "revoke", "right", "rlike", "row",
	"row_number", "rows", "schema", "schemas", "second_microsecond", "select",
	"sensitive", "separator", "set", "show", "signal", "smallint", "spatial", "specific",
	"sql", "sql_big_result", "sql_calc_found_rows", "sql_small_result", "sqlexception",
	"sqlstate", "sqlwarning", "ssl", "starting", "stats_auto_recalc", "stats_persistent",
	"stats_sample_pages", "stored", "straight_join", "system", "table", "terminated",
	"then", "tinyblob", "tinyint", "tinytext", "to", "trailing", "trigger", "true",
	"undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use", "using",
	"utc_date", "utc_time", "utc_timestamp", "values", "varbinary", "varchar",
	"varcharacter", "varying", "virtual", "when", "where", "while", "window", "with",
	"write", "xor", "year_month", "zerofill",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Bare only when [A-Za-z_][A-Za-z0-9_]* and not reserved: MySQL would take
 * more bare (a leading digit, $), but 1e5 then reads as a number and $ at
 * the start is deprecated.
 */
void rg_mysql_quote_ident(struct rg_buf *out, const char *id)
{
	bool plain = (isalpha((unsigned char)id[0]) || id[0] == '_') && strlen(id) < 64;
	char low[64];
	size_t n = 0;
	for (const char *p = id; plain && *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_')
			plain = false;
		low[n++] = (char)tolower((unsigned char)*p);
	}
	const char *key = low;
	if (plain) {
		low[n] = '\0';
		if (!bsearch(&key, reserved, RG_ARRAY_LEN(reserved), sizeof(char *), cmp_word)) {
			rg_buf_add(out, id);
			return;
		}
	}
	rg_buf_addc(out, '`');
	for (const char *p = id; *p; p++) {
		if (*p == '`')
			rg_buf_addc(out, '`');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '`');
}

/* ---- rendering ---- */

static const struct rg_dialect *const D = &rg_dialect_mysql;

static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	rg_compare_mysql.render_type(out, c);
}

static void alter_table(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	rg_mysql_quote_ident(b, table);
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

static bool same_name(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/*
 * CHARACTER SET and COLLATE after a string type.  MODIFY and ADD COLUMN
 * state them whenever the column or its table (table: NULL in CREATE
 * TABLE, whose own options say it) declares them: a MODIFY that says
 * nothing converts the column to the table's default.  A collation the
 * models leave open (RG_CHARSET alone) is the one the column has (from),
 * when that is of the same character set.
 */
static void charset_clause(struct rg_buf *b, const struct rg_column *c,
			   const struct rg_table *table, const struct rg_column *from)
{
	struct rg_mysql_type_cs ty;
	struct rg_buf t = RG_BUF_INIT;
	render_type(&t, c);
	rg_mysql_type_cs(rg_buf_str(&t), &ty);
	rg_buf_free(&t);
	/* the type's own text says it, or the BINARY attribute picks the
	 * _bin collation of the table's character set */
	if (!ty.string || ty.national || ty.binary || ty.charset[0] || ty.collation[0])
		return;
	const char *cs = c->charset, *co = c->collation;
	if (!cs && !co && table) {
		cs = table->charset;
		co = table->collation;
	}
	if (!co && cs && from && same_name(from->charset, cs))
		co = from->collation;
	if (cs)
		rg_buf_addf(b, " CHARACTER SET %s", cs);
	if (co)
		rg_buf_addf(b, " COLLATE %s", co);
}

/* check: the column-level CHECK's expression (MariaDB), or NULL */
static void column_def(struct rg_buf *b, const struct rg_column *c, const char *name,
		       const struct rg_table *table, const struct rg_column *from,
		       const char *check)
{
	rg_mysql_quote_ident(b, name);
	rg_buf_addc(b, ' ');
	render_type(b, c);
	charset_clause(b, c, table, from);
	/* MariaDB takes no NULL or NOT NULL on a generated column (its
	 * nullability is not compared: RG_CAP_GENERATED_NULLABLE) */
	if (c->generated)
		rg_buf_addf(b, " GENERATED ALWAYS AS (%s) %s", c->generated,
			    c->generated_virtual ? "VIRTUAL" : "STORED");
	else
		rg_buf_add(b, c->not_null ? " NOT NULL" : " NULL");
	if (c->default_expr && !c->autoincrement && !c->generated) {
		const char *d = c->default_expr;
		/* literals and CURRENT_TIMESTAMP as they are; expressions in
		 * parentheses, as MySQL 8 requires */
		if (rg_sql_is_literal(d) || strcasecmp(d, "CURRENT_TIMESTAMP") == 0)
			rg_buf_addf(b, " DEFAULT %s", d);
		else
			rg_buf_addf(b, " DEFAULT (%s)", d);
	}
	if (c->on_update)
		rg_buf_addf(b, " ON UPDATE %s", c->on_update);
	if (c->invisible)
		rg_buf_add(b, " INVISIBLE");
	if (c->autoincrement)
		rg_buf_add(b, " AUTO_INCREMENT");
	if (c->comment) {
		rg_buf_add(b, " COMMENT ");
		string_literal(b, c->comment);
	}
	if (check)
		rg_buf_addf(b, " CHECK (%s)", check);
}

/* True when expr names a column of t other than col (words and `names`
 * outside strings; a function named like a column counts too). */
static bool names_other_column(const struct rg_table *t, const char *col, const char *expr)
{
	struct rg_buf id = RG_BUF_INIT;
	bool other = false;
	for (const char *p = expr; *p && !other;) {
		rg_buf_reset(&id);
		if (*p == '\'' || *p == '"' || *p == '`') {
			char q = *p++;
			for (; *p && !(p[0] == q && p[1] != q); p++) {
				if (p[0] == q)
					p++;
				rg_buf_addc(&id, *p);
			}
			if (*p)
				p++;
			if (q != '`')
				continue;
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
				rg_buf_addc(&id, *p++);
		} else {
			p++;
			continue;
		}
		/* MySQL's column names are case-insensitive */
		for (size_t i = 0; i < t->ncolumns && !other; i++)
			other = strcasecmp(t->columns[i]->name, rg_buf_str(&id)) == 0 &&
				strcasecmp(col, rg_buf_str(&id)) != 0;
	}
	rg_buf_free(&id);
	return other;
}

/*
 * Whether ck is written in its column's definition.  One MariaDB read as
 * column-level is (so that it comes back as it was); a model's only when
 * it names no other column, which MySQL 8 refuses in a column's CHECK
 * (and makes a table constraint of anyway).
 */
static bool in_column(const struct rg_table *t, const struct rg_check *ck)
{
	return ck->column && rg_table_find_column(t, ck->column) &&
	       (!ck->loc.file || !names_other_column(t, ck->column, ck->expr));
}

/* The check of column name in t (rg_check.column), or NULL. */
static const struct rg_check *column_check(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->nchecks; i++)
		if (t->checks[i]->column && strcmp(t->checks[i]->column, name) == 0)
			return t->checks[i];
	return NULL;
}

/*
 * The column-level check a MODIFY COLUMN of an altered column restates,
 * since MariaDB drops one that MODIFY leaves out: the one the column has
 * on both sides, which the differ kept (the database's side has a column
 * only where the check is in the column).  One that goes or comes has an
 * op, and a MODIFY, of its own.
 */
static const char *kept_check(const struct rg_op *op)
{
	const struct rg_check *f = column_check(op->table_from,
						((const struct rg_column *)op->from)->name);
	const struct rg_check *t = column_check(op->table_to, op->column);
	if (!f || !t)
		return NULL;
	struct rg_buf cf = RG_BUF_INIT, ct = RG_BUF_INIT;
	rg_compare_mysql.canon_expr(&cf, f->expr);
	rg_compare_mysql.canon_expr(&ct, t->expr);
	bool same = strcmp(rg_buf_str(&cf), rg_buf_str(&ct)) == 0;
	rg_buf_free(&cf);
	rg_buf_free(&ct);
	return same ? t->expr : NULL;
}

/* A column-level check comes and goes with MODIFY COLUMN, which states the
 * column (as table has it) whole, with the check or without. */
static void modify_for_check(struct rg_buf *b, const struct rg_table *table,
			     const struct rg_check *ck, bool with)
{
	const struct rg_column *c = rg_table_find_column(table, ck->column);
	rg_buf_add(b, "MODIFY COLUMN ");
	column_def(b, c, c->name, table, NULL, with ? ck->expr : NULL);
}

/* "UNIQUE ", "FULLTEXT ", "SPATIAL " or nothing, before INDEX */
static void index_kind(struct rg_buf *b, const struct rg_index *x)
{
	if (x->kind)
		rg_buf_addf(b, "%s ", x->kind);
	else if (x->unique)
		rg_buf_add(b, "UNIQUE ");
}

/* A table's default character set and collation, when it has one. */
static void table_charset(struct rg_buf *b, const struct rg_table *t)
{
	if (t->charset)
		rg_buf_addf(b, " CHARACTER SET %s", t->charset);
	if (t->collation)
		rg_buf_addf(b, " COLLATE %s", t->collation);
}

/* "ENGINE=..., ROW_FORMAT=..." of table t, after `sep`; with `was` (ALTER
 * TABLE), those the differ found changed: each said on both sides, and not
 * the same (a NULL is the table's own, not changed) */
static void table_options(struct rg_buf *b, const char *sep, const struct rg_table *t,
			  const struct rg_table *was)
{
	if (t->engine && (!was || (was->engine && strcasecmp(was->engine, t->engine) != 0))) {
		rg_buf_addf(b, "%sENGINE=%s", sep, t->engine);
		sep = ", ";
	}
	if (t->row_format &&
	    (!was || (was->row_format && strcasecmp(was->row_format, t->row_format) != 0)))
		rg_buf_addf(b, "%sROW_FORMAT=%s", sep, t->row_format);
}

static void create_table(struct rg_buf *b, const struct rg_table *t)
{
	rg_buf_add(b, "CREATE TABLE ");
	rg_mysql_quote_ident(b, t->name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		const struct rg_column *c = t->columns[i];
		const struct rg_check *check = column_check(t, c->name);
		if (check && !in_column(t, check))
			check = NULL;
		rg_buf_add(b, sep);
		/* a column of the table's collation inherits it (one read from
		 * the catalog states it) */
		if (same_name(c->collation, t->collation) &&
		    (!c->charset || same_name(c->charset, t->charset))) {
			struct rg_column plain = *c;
			plain.charset = plain.collation = NULL;
			column_def(b, &plain, c->name, NULL, NULL, check ? check->expr : NULL);
		} else {
			column_def(b, c, c->name, NULL, NULL, check ? check->expr : NULL);
		}
		sep = ",\n    ";
	}
	if (t->pk) {
		rg_buf_add(b, sep);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, t->pk->cols, t->pk->ncols);
	}
	for (size_t i = 0; i < t->nuniques; i++) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, D, t->uniques[i]->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, t->uniques[i]->cols, t->uniques[i]->ncols);
	}
	for (size_t i = 0; i < t->nchecks; i++) {
		if (in_column(t, t->checks[i]))
			continue; /* in its column's definition */
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, D, t->checks[i]->name);
		rg_buf_addf(b, "CHECK (%s)", t->checks[i]->expr);
	}
	/* indexes inline, before the foreign keys: a key that finds an index
	 * to use makes MySQL create none of its own beside it */
	for (size_t i = 0; i < t->nindexes; i++) {
		rg_buf_add(b, sep);
		index_kind(b, t->indexes[i]);
		rg_buf_add(b, "INDEX ");
		rg_mysql_quote_ident(b, t->indexes[i]->name);
		rg_buf_addc(b, ' ');
		rg_sql_key_parts(b, D, t->indexes[i]);
	}
	rg_sql_foreign_keys(b, D, t, sep);
	rg_buf_add(b, "\n)");
	if (t->comment) {
		rg_buf_add(b, " COMMENT = ");
		string_literal(b, t->comment);
	}
	table_charset(b, t);
	table_options(b, " ", t, NULL);
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

static bool has_index_named(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->nindexes; i++)
		if (strcmp(t->indexes[i]->name, name) == 0)
			return true;
	for (size_t i = 0; i < t->nuniques; i++)
		if (rg_streq(t->uniques[i]->name, name))
			return true;
	for (size_t i = 0; i < t->nfks; i++)
		if (rg_streq(t->fks[i]->index, name))
			return true;
	return false;
}

/* The same foreign key by what it is (the differ pairs keys so; the
 * database's may be named otherwise than the model's) */
static bool same_key(const struct rg_fk *a, const struct rg_fk *b)
{
	if (a->ncols != b->ncols ||
	    strcmp(a->ref_table, b->ref_table) != 0)
		return false;
	for (size_t i = 0; i < a->ncols; i++)
		if (strcmp(a->cols[i], b->cols[i]) != 0 || strcmp(a->ref_cols[i], b->ref_cols[i]) != 0)
			return false;
	return true;
}

static bool has_exact_index(const struct rg_table *t, const struct rg_fk *f)
{
	for (size_t i = 0; i < t->nindexes; i++)
		if (t->indexes[i]->ncols == f->ncols && leads_with(t->indexes[i]->cols, f->ncols, f))
			return true;
	return false;
}

/*
 * A key (index, unique key, primary key) on cols added or dropped, where
 * cols begin with the columns of a foreign key the table keeps, and one
 * side of the op has the index InnoDB made for that key (rg_fk.index)
 * while the other has no index of its name or of exactly its columns.
 *
 * Adding such a key (adding): InnoDB drops an index it made itself once
 * another serves the key, but one made by a statement (a downgrade's
 * ADD INDEX below, a hand-written one) stays; dropped in the same
 * statement, it goes either way.  Dropping such a key (!adding, a
 * downgrade to a database that had InnoDB's index): the DROP alone would
 * leave the foreign key with no index, which MySQL refuses ("needed in a
 * foreign key constraint"), so the index is put back under its name in
 * the same statement.  Appends ", DROP INDEX ..." or ", ADD INDEX ..." to
 * b (NULL: only counts); returns how many.
 */
static int fk_index_moves(struct rg_buf *b, const struct rg_op *op,
			  const char *const *cols, size_t ncols, bool adding)
{
	const struct rg_table *had = adding ? op->table_from : op->table_to;
	const struct rg_table *lacks = adding ? op->table_to : op->table_from;
	int n = 0;
	if (!had || !lacks)
		return 0;
	for (size_t i = 0; i < had->nfks; i++) {
		const struct rg_fk *f = had->fks[i];
		bool kept = false;
		for (size_t k = 0; k < lacks->nfks && !kept; k++)
			kept = same_key(lacks->fks[k], f);
		if (!f->index || !kept || !leads_with(cols, ncols, f) ||
		    has_index_named(lacks, f->index) || has_exact_index(lacks, f))
			continue;
		if (b) {
			rg_buf_add(b, adding ? ", DROP INDEX " : ", ADD INDEX ");
			rg_mysql_quote_ident(b, f->index);
			if (!adding) {
				rg_buf_addc(b, ' ');
				rg_sql_names(b, D, f->cols, f->ncols);
			}
		}
		n++;
	}
	return n;
}

/*
 * MODIFY cannot make a VIRTUAL column of a plain or STORED one, nor the
 * other way ("not yet supported for generated columns"): a column that
 * becomes VIRTUAL is dropped and added again, last (its values are
 * computed; the differ compares no column order); one that stops being
 * VIRTUAL is added beside it, given its values, and takes its place and
 * name.  What uses the column is refused beforehand (rg_sql_refuse_remade).
 * Writes the rest of the ALTER TABLE begun for op and returns true; false
 * when MODIFY does.
 */
static bool remade(const struct rg_op *op)
{
	const struct rg_column *f = op->from, *t = op->to;
	return (op->alter & RG_ALTER_GENERATED) &&
	       (f->generated && f->generated_virtual) != (t->generated && t->generated_virtual);
}

static bool has_column(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; t && i < t->ncolumns; i++)
		if (strcasecmp(t->columns[i]->name, name) == 0)
			return true;
	return false;
}

/* The name the remade column has while the old one still holds the
 * values: the column's with _rg_new, numbered past any column of the
 * table before or after, and cut (at a character's start) to stay within
 * MySQL's 64 characters. */
static void temp_column(struct rg_buf *out, const struct rg_op *op)
{
	for (unsigned n = 1;; n++) {
		char suffix[24];
		snprintf(suffix, sizeof(suffix), n > 1 ? "_rg_new%u" : "_rg_new", n);
		size_t keep = strlen(op->column);
		if (keep > 64 - strlen(suffix)) {
			keep = 64 - strlen(suffix);
			while (keep && ((unsigned char)op->column[keep] & 0xC0) == 0x80)
				keep--;
		}
		rg_buf_reset(out);
		rg_buf_addn(out, op->column, keep);
		rg_buf_add(out, suffix);
		if (!has_column(op->table_from, rg_buf_str(out)) &&
		    !has_column(op->table_to, rg_buf_str(out)))
			return;
	}
}

static bool remade_column(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_column *t = op->to;
	if (!remade(op))
		return false;
	if (t->generated && t->generated_virtual) {
		rg_buf_add(b, "DROP COLUMN ");
		rg_mysql_quote_ident(b, op->column);
		rg_buf_add(b, ", ADD COLUMN ");
		column_def(b, t, op->column, op->table_to, NULL, kept_check(op));
		return true;
	}
	struct rg_buf tmp = RG_BUF_INIT;
	temp_column(&tmp, op);
	const char *n = rg_buf_str(&tmp);
	rg_buf_add(b, "ADD COLUMN ");
	column_def(b, t, n, op->table_to, NULL, NULL);
	rg_buf_add(b, " AFTER ");
	rg_mysql_quote_ident(b, op->column);
	rg_buf_add(b, ";\n");
	if (!t->generated) {
		rg_buf_add(b, "UPDATE ");
		rg_mysql_quote_ident(b, op->table);
		rg_buf_add(b, " SET ");
		rg_mysql_quote_ident(b, n);
		rg_buf_add(b, " = ");
		rg_mysql_quote_ident(b, op->column);
		rg_buf_add(b, ";\n");
	}
	alter_table(b, op->table);
	rg_buf_add(b, "DROP COLUMN ");
	rg_mysql_quote_ident(b, op->column);
	rg_buf_add(b, ", RENAME COLUMN ");
	rg_mysql_quote_ident(b, n);
	rg_buf_add(b, " TO ");
	rg_mysql_quote_ident(b, op->column);
	rg_buf_free(&tmp);
	return true;
}

/*
 * MySQL refuses any statement that leaves an AUTO_INCREMENT column
 * without an index it is the first column of ("there can be only one
 * auto column and it must be defined as a key"), so such a column and
 * its keys change in one ALTER TABLE: ADD COLUMN id ... AUTO_INCREMENT
 * with ADD PRIMARY KEY (id), DROP PRIMARY KEY with the DROP COLUMN or
 * the MODIFY that takes AUTO_INCREMENT away, a key of one moved from
 * (id) to (id, tenant) dropped and added at once.  The differ puts
 * columns and keys in different steps (diff/differ.c) for every other
 * database; here the ops of one table that concern an auto-increment
 * column are tied: they are written as one statement where the last of
 * them is in the list.  Keys come after columns and drops of keys before
 * them, so that is where the key comes or the column goes.
 */
static bool autoinc_column(const struct rg_table *t, const char *name)
{
	const struct rg_column *c = rg_table_find_column(t, name);
	return c && c->autoincrement;
}

/* Whether the key whose first part is first begins with an auto-increment
 * column of t. */
static bool autoinc_key(const struct rg_table *t, const char *first)
{
	struct rg_key_part kp;
	rg_key_part(first, &kp);
	if (kp.expr)
		return false;
	char *name = rg_xstrndup(kp.text, kp.len);
	bool ai = autoinc_column(t, name);
	free(name);
	return ai;
}

static bool tied(const struct rg_op *op)
{
	const struct rg_table *f = op->table_from, *t = op->table_to;
	if (!f || !t) /* a table created or dropped whole */
		return false;
	switch (op->kind) {
	case RG_OP_ADD_COLUMN:
		return ((const struct rg_column *)op->to)->autoincrement;
	case RG_OP_DROP_COLUMN:
		return ((const struct rg_column *)op->from)->autoincrement;
	case RG_OP_ALTER_COLUMN:
		return op->alter & RG_ALTER_AUTOINC;
	case RG_OP_ADD_PK:
		return autoinc_key(t, ((const struct rg_pk *)op->to)->cols[0]);
	case RG_OP_DROP_PK:
		return autoinc_key(f, ((const struct rg_pk *)op->from)->cols[0]);
	case RG_OP_ADD_UNIQUE:
		return autoinc_key(t, ((const struct rg_unique *)op->to)->cols[0]);
	case RG_OP_DROP_UNIQUE:
		return autoinc_key(f, ((const struct rg_unique *)op->from)->cols[0]);
	case RG_OP_CREATE_INDEX:
		return autoinc_key(t, ((const struct rg_index *)op->to)->cols[0]);
	case RG_OP_DROP_INDEX:
		return autoinc_key(f, ((const struct rg_index *)op->from)->cols[0]);
	default:
		return false;
	}
}

static bool same_table(const struct rg_op *a, const struct rg_op *b)
{
	return a->table_from == b->table_from && a->table_to == b->table_to;
}

/* The index an ALTER TABLE adds for CREATE INDEX (in a statement with
 * other clauses, see tied()). */
static void add_index(struct rg_buf *b, const struct rg_index *x)
{
	rg_buf_add(b, "ADD ");
	index_kind(b, x);
	rg_buf_add(b, "INDEX ");
	rg_mysql_quote_ident(b, x->name);
	rg_buf_addc(b, ' ');
	rg_sql_key_parts(b, D, x);
}

/* What op does as one clause of ALTER TABLE. */
static void alter_clause(struct rg_buf *b, const struct rg_op *op)
{
	switch (op->kind) {
	case RG_OP_CREATE_INDEX: {
		const struct rg_index *x = op->to;
		add_index(b, x);
		if (!x->kind)
			fk_index_moves(b, op, x->cols, x->ncols, true);
		break;
	}
	case RG_OP_DROP_INDEX: {
		const struct rg_index *x = op->from;
		rg_buf_add(b, "DROP INDEX ");
		rg_mysql_quote_ident(b, x->name);
		if (!x->kind)
			fk_index_moves(b, op, x->cols, x->ncols, false);
		break;
	}
	case RG_OP_RENAME_TABLE:
		rg_buf_add(b, "RENAME TO ");
		rg_mysql_quote_ident(b, op->table_to->name);
		break;
	case RG_OP_ADD_COLUMN:
		rg_buf_add(b, "ADD COLUMN ");
		/* its column-level check, if any, is an op of its own */
		column_def(b, op->to, ((const struct rg_column *)op->to)->name, op->table_to, NULL,
			   NULL);
		break;
	case RG_OP_DROP_COLUMN:
		rg_buf_add(b, "DROP COLUMN ");
		rg_mysql_quote_ident(b, ((const struct rg_column *)op->from)->name);
		break;
	case RG_OP_RENAME_COLUMN:
		rg_buf_add(b, "RENAME COLUMN ");
		rg_mysql_quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		rg_mysql_quote_ident(b, ((const struct rg_column *)op->to)->name);
		break;
	case RG_OP_ALTER_COLUMN:
		if (remade_column(b, op))
			break;
		/* MODIFY restates the whole column: type, character set,
		 * nullability, default, ON UPDATE, AUTO_INCREMENT and comment as
		 * the models want them; what it leaves out, MySQL resets */
		rg_buf_add(b, "MODIFY COLUMN ");
		column_def(b, op->to, op->column, op->table_to, op->from, kept_check(op));
		break;
	case RG_OP_ADD_PK: {
		const struct rg_pk *pk = op->to;
		rg_buf_add(b, "ADD PRIMARY KEY ");
		rg_sql_names(b, D, pk->cols, pk->ncols);
		fk_index_moves(b, op, pk->cols, pk->ncols, true);
		break;
	}
	case RG_OP_DROP_PK:
		rg_buf_add(b, "DROP PRIMARY KEY");
		fk_index_moves(b, op, op->table_from->pk->cols, op->table_from->pk->ncols, false);
		break;
	case RG_OP_ADD_UNIQUE: {
		const struct rg_unique *u = op->to;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, u->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, u->cols, u->ncols);
		fk_index_moves(b, op, u->cols, u->ncols, true);
		break;
	}
	case RG_OP_DROP_UNIQUE: {
		const struct rg_unique *u = op->from;
		rg_buf_add(b, "DROP INDEX ");
		rg_mysql_quote_ident(b, u->name);
		fk_index_moves(b, op, u->cols, u->ncols, false);
		break;
	}
	case RG_OP_ADD_CHECK: {
		const struct rg_check *ck = op->to;
		if (in_column(op->table_to, ck)) {
			modify_for_check(b, op->table_to, ck, true);
			break;
		}
		struct rg_buf name = RG_BUF_INIT;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, rg_sql_check_name(&name, op->table_to->name, ck));
		rg_buf_addf(b, "CHECK (%s)", ck->expr);
		rg_buf_free(&name);
		break;
	}
	case RG_OP_DROP_CHECK: {
		const struct rg_check *ck = op->from;
		/* MariaDB: DROP CONSTRAINT does not find a column-level check */
		if (in_column(op->table_from, ck)) {
			modify_for_check(b, op->table_from, ck, false);
			break;
		}
		struct rg_buf name = RG_BUF_INIT;
		/* MariaDB and MySQL >= 8.0.19 both take DROP CONSTRAINT */
		rg_buf_add(b, "DROP CONSTRAINT ");
		rg_mysql_quote_ident(b, rg_sql_check_name(&name, op->table_from->name, op->from));
		rg_buf_free(&name);
		break;
	}
	case RG_OP_ADD_FK: {
		const struct rg_fk *f = op->to;
		/* putting back a key the database had (a downgrade): its index
		 * first, under the name it had, or MySQL would make one named
		 * after the key and the upgrade's DROP INDEX would miss it */
		if (f->index) {
			rg_buf_add(b, "ADD INDEX ");
			rg_mysql_quote_ident(b, f->index);
			rg_buf_addc(b, ' ');
			rg_sql_names(b, D, f->cols, f->ncols);
			rg_buf_add(b, ", ");
		}
		rg_buf_add(b, "ADD ");
		rg_sql_fk_clause(b, D, f);
		break;
	}
	case RG_OP_DROP_FK: {
		const struct rg_fk *f = op->from;
		rg_buf_add(b, "DROP FOREIGN KEY ");
		rg_mysql_quote_ident(b, f->name);
		/* with no index of the table to lean on, MySQL made one when the
		 * key was added (named after it, or as the catalog recorded it,
		 * rg_fk.index): it goes with the key */
		if (f->index) {
			rg_buf_add(b, ", DROP INDEX ");
			rg_mysql_quote_ident(b, f->index);
		} else if (f->name && !covered(op->table_from, f)) {
			rg_buf_add(b, ", DROP INDEX ");
			rg_mysql_quote_ident(b, f->name);
		}
		break;
	}
	case RG_OP_RENAME_INDEX:
		/* unique keys too: MySQL's UNIQUE KEY is an index (MariaDB
		 * >= 10.5.2, MySQL >= 5.7) */
		rg_buf_add(b, "RENAME INDEX ");
		rg_mysql_quote_ident(b, op->from);
		rg_buf_add(b, " TO ");
		rg_mysql_quote_ident(b, op->to);
		break;
	case RG_OP_TABLE_COMMENT:
		rg_buf_add(b, "COMMENT = ");
		string_literal(b, op->table_to->comment ? op->table_to->comment : "");
		break;
	case RG_OP_TABLE_CHARSET:
		/* the default for columns to come; each column that changes
		 * has a MODIFY of its own */
		rg_buf_add(b, "DEFAULT");
		table_charset(b, op->table_to);
		break;
	case RG_OP_TABLE_OPTIONS:
		/* each a copy of the whole table into the new form */
		table_options(b, "", op->table_to, op->table_from);
		break;
	default:
		break;
	}
}

/*
 * The online DDL of `--online`: why the server must lock writes (or copy
 * the table) for op's ALTER, so that ALGORITHM=INPLACE, LOCK=NONE would
 * be refused; NULL when it can run it in place with writes going on.
 * NOT NULL in place needs a strict sql_mode (else the server refuses the
 * clause): the one revgen's sessions have on that server.
 */
/* Whether t has a VIRTUAL generated column other than name. */
static bool other_virtual(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->generated && t->columns[i]->generated_virtual &&
		    strcmp(t->columns[i]->name, name) != 0)
			return true;
	return false;
}

static const char *not_online(const struct rg_op *op, const struct rg_server *srv)
{
	switch (op->kind) {
	case RG_OP_ADD_COLUMN:
	case RG_OP_DROP_COLUMN: {
		const struct rg_column *c = op->kind == RG_OP_ADD_COLUMN ? op->to : op->from;
		if (c->generated && !c->generated_virtual)
			return "a STORED generated column is added or dropped by copying the table";
		if (other_virtual(op->table_from, c->name))
			return "beside VIRTUAL generated columns MariaDB adds or drops a column by copying the table";
		return NULL;
	}
	case RG_OP_ALTER_COLUMN: {
		const struct rg_column *t = op->to;
		if (op->alter & ~(RG_ALTER_DEFAULT | RG_ALTER_COMMENT | RG_ALTER_NULL))
			return "a column's type, character set or generation changes by copying the table";
		if ((op->alter & RG_ALTER_NULL) && t->not_null && !srv->strict)
			return "NOT NULL in place needs a strict sql_mode, which the server's is not";
		if (kept_check(op))
			return "MariaDB copies the table for a column's check";
		return NULL;
	}
	case RG_OP_CREATE_INDEX:
		if (((const struct rg_index *)op->to)->kind)
			return "a FULLTEXT or SPATIAL index is built while writes wait";
		return NULL;
	case RG_OP_ADD_PK:
		return srv->strict ? NULL
		       : "a new primary key makes its columns NOT NULL, in place only in a strict sql_mode";
	case RG_OP_DROP_PK:
		return "dropping the primary key copies the table";
	case RG_OP_ADD_CHECK:
		return "the server copies the table to add a check";
	case RG_OP_DROP_CHECK:
		if (in_column(op->table_from, op->from))
			return "a column's check is dropped by MODIFY, which copies the table";
		return NULL;
	case RG_OP_ADD_FK:
		return "adding a foreign key with foreign_key_checks on copies the table";
	case RG_OP_TABLE_CHARSET:
		if (srv->mariadb)
			return NULL;
		return "MySQL changes a table's default character set while writes wait";
	case RG_OP_TABLE_OPTIONS:
		return "new table options are applied by copying the table";
	default:
		return NULL;
	}
}

/* Whether an ALTER TABLE of op takes an ALGORITHM clause at all: a rename
 * or a comment changes the dictionary alone, with or without one. */
static bool online_clause_helps(const struct rg_op *op)
{
	return op->kind != RG_OP_RENAME_TABLE && op->kind != RG_OP_TABLE_COMMENT;
}

/*
 * ", ALGORITHM=..., LOCK=NONE" for op's ALTER TABLE.  MariaDB
 * reads ALGORITHM as the least it accepts (INPLACE still lets a column
 * be added INSTANT); MySQL 8 as the one to use, so a column added or
 * dropped, which it does INSTANT from 8.0.29, says so (INSTANT takes no
 * LOCK clause).
 */
static void online_clause(struct rg_buf *b, const struct rg_op *op, const struct rg_server *srv)
{
	bool mysql_instant = srv->known && !srv->mariadb &&
			     (srv->major > 8 || (srv->major == 8 && (srv->minor > 0 || srv->patch >= 29)));
	if (mysql_instant && (op->kind == RG_OP_ADD_COLUMN || op->kind == RG_OP_DROP_COLUMN))
		rg_buf_add(b, ", ALGORITHM=INSTANT");
	else
		rg_buf_add(b, ", ALGORITHM=INPLACE, LOCK=NONE");
}

/* The note above a statement --online leaves in its plain form. */
static void not_online_note(struct rg_buf *b, const char *why)
{
	rg_buf_addf(b, "-- NOTE: not online: %s; ALGORITHM=INPLACE, LOCK=NONE would be refused\n",
		    why);
}

/* srv: the server the low-lock forms are for (--online); NULL: plain */
static void render_op(struct rg_buf *b, const struct rg_op *op, const struct rg_server *srv)
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
		rg_mysql_quote_ident(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_CREATE_VIEW:
	case RG_OP_DROP_VIEW:
	case RG_OP_REPLACE_VIEW:
		rg_sql_view_op(b, D, op);
		return;
	case RG_OP_CREATE_SEQUENCE:
	case RG_OP_DROP_SEQUENCE:
	case RG_OP_ALTER_SEQUENCE:
		rg_sql_sequence_op(b, D, op, false);
		return;
	case RG_OP_CREATE_INDEX:
		x = op->to;
		/* with InnoDB's index of a foreign key to drop: an ALTER TABLE */
		/* with InnoDB's index of a foreign key to drop, or online (the
		 * ALTER's clauses are the same everywhere): an ALTER TABLE */
		if ((!x->kind && fk_index_moves(NULL, op, x->cols, x->ncols, true)) ||
		    (srv && !not_online(op, srv)))
			break;
		if (srv)
			not_online_note(b, not_online(op, srv));
		rg_buf_add(b, "CREATE ");
		index_kind(b, x);
		rg_buf_add(b, "INDEX ");
		rg_mysql_quote_ident(b, x->name);
		rg_buf_add(b, " ON ");
		rg_mysql_quote_ident(b, op->table);
		rg_buf_addc(b, ' ');
		rg_sql_key_parts(b, D, x);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_DROP_INDEX:
		x = op->from;
		/* with InnoDB's index of a foreign key to put back: ALTER TABLE */
		if ((!x->kind && fk_index_moves(NULL, op, x->cols, x->ncols, false)) || srv)
			break;
		rg_buf_add(b, "DROP INDEX ");
		rg_mysql_quote_ident(b, x->name);
		rg_buf_add(b, " ON ");
		rg_mysql_quote_ident(b, op->table);
		rg_buf_add(b, ";\n");
		return;
	default:
		break;
	}
	const char *why = srv ? not_online(op, srv) : NULL;
	if (why)
		not_online_note(b, why);
	alter_table(b, op->table);
	alter_clause(b, op);
	if (srv && !why && online_clause_helps(op))
		online_clause(b, op, srv);
	rg_buf_add(b, ";\n");
}

/*
 * MySQL drops or renames a column or table under the views that name it,
 * which then fail when used: the upgrade names each such view (autogenerate repeats
 * the notes).  revgen never changes a view, so the revision still does
 * what the models say.  Only the upgrade can meet one: the models, the
 * downgrade's source, have no views.
 */
static void note_broken_views(struct rg_buf *out, const struct rg_oplist *ops)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		const struct rg_table *t = op->table_from;
		bool drop = op->kind == RG_OP_DROP_COLUMN || op->kind == RG_OP_DROP_TABLE;
		bool column = op->kind == RG_OP_DROP_COLUMN || op->kind == RG_OP_RENAME_COLUMN;
		if (!t || !(drop || column || op->kind == RG_OP_RENAME_TABLE))
			continue;
		const char *col = column ? ((const struct rg_column *)op->from)->name : NULL;
		for (size_t k = 0; k < t->ndependents; k++) {
			const struct rg_dependent *dep = t->dependents[k];
			if (rg_sql_view_in_ops(ops, dep->name))
				continue; /* the revision makes it as the models say */
			bool uses = !col;
			for (size_t c = 0; !uses && c < dep->ncols; c++)
				uses = strcmp(dep->cols[c], col) == 0;
			if (uses)
				rg_buf_addf(out, "-- NOTE: view %s uses %s%s%s, which this revision %s: "
						 "MySQL leaves the view failing when used until you change it\n",
					    dep->name, t->name, col ? "." : "", col ? col : "",
					    drop ? "drops" : "renames");
		}
	}
}

/* Whether an op after ops[i] is tied to it (the statement waits for it). */
static bool tied_later(const struct rg_oplist *ops, size_t i)
{
	for (size_t j = i + 1; j < ops->n; j++)
		if (same_table(&ops->ops[j], &ops->ops[i]) && tied(&ops->ops[j]))
			return true;
	return false;
}

/* The statement of ops[last] and the tied ops before it, in their order. */
static void render_tied(struct rg_buf *b, const struct rg_oplist *ops, size_t last,
			const struct rg_server *srv)
{
	const struct rg_op *op = &ops->ops[last];
	if (srv)
		not_online_note(b, "an AUTO_INCREMENT column is filled, or its key checked, "
				   "while writes wait");
	for (size_t j = 0; j <= last; j++)
		if (same_table(&ops->ops[j], op) && tied(&ops->ops[j]) && ops->ops[j].warning)
			rg_buf_addf(b, "-- WARNING: %s\n", ops->ops[j].warning);
	alter_table(b, op->table);
	const char *sep = "";
	for (size_t j = 0; j <= last; j++) {
		if (!same_table(&ops->ops[j], op) || !tied(&ops->ops[j]))
			continue;
		rg_buf_add(b, sep);
		alter_clause(b, &ops->ops[j]);
		sep = ", ";
	}
	rg_buf_add(b, ";\n");
}

static int render_all(const struct rg_oplist *ops, const struct rg_server *srv,
		      struct rg_buf *out, struct rg_error *err)
{
	if (rg_sql_refuse_remade(ops, remade, "MySQL and MariaDB cannot MODIFY a column into or "
				 "out of VIRTUAL", err) < 0)
		return -1;
	note_broken_views(out, ops);
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		size_t before = out->len;
		if (before)
			rg_buf_addc(out, '\n');
		if (!tied(op)) {
			render_op(out, op, srv);
		} else if (!tied_later(ops, i)) {
			render_tied(out, ops, i, srv);
		}
		if (before && out->len == before + 1) /* nothing to say */
			out->data[out->len = before] = '\0';
	}
	return 0;
}

int rg_mysql_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
			struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	return render_all(ops, NULL, out, err);
}

int rg_mysql_render_online(const struct rg_dialect *d, const struct rg_oplist *ops,
			   const struct rg_server *srv, struct rg_buf *out, bool *no_tx,
			   struct rg_error *err)
{
	(void)d;
	/* MySQL's DDL commits by itself: the runner goes statement by
	 * statement whatever the revision says */
	*no_tx = false;
	return render_all(ops, srv, out, err);
}
