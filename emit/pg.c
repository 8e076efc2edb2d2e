/*
 * pg.c (emit) - PostgreSQL's renderer: quoting, and operations as
 * PostgreSQL DDL.  Types are spelled as diff/pg.c spells them for
 * comparison, so what is compared is what is written.  Over 800 lines:
 * a column's change (type, serial and identity, generation, the views in
 * the way of it) is one piece whose parts share the column's rendering;
 * split off, they would need a header of their own for it.  So would the
 * low-lock forms of --online (rg_pg_render_online), which are the same
 * statements with another clause or two and share their builders.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "emit/render.h"

/*
 * Every keyword that is not UNRESERVED in PostgreSQL 15 (reserved,
 * type/function-name and column-name keywords): exactly the words that
 * PostgreSQL's own quote_ident() quotes.  Sorted, for bsearch.
 */
static const char *const keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp",
	"current_user", "dec", "decimal", "default", "deferrable", "desc",
	"distinct", "do", "else", "end", "except", "exists", "extract", "false",
	"fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially",
	"inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
	"isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
	"localtime", "localtimestamp", "national", "natural", "nchar", "none",
	"normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on",
	"only", "or", "order", "out", "outer", "overlaps", "overlay", "placing",
	"position", "precision", "primary", "real", "references", "returning",
	"right", "row", "select", "session_user", "setof", "similar", "smallint",
	"some", "substring", "symmetric", "table", "tablesample", "then", "time",
	"timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique",
	"user", "using", "values", "varchar", "variadic", "verbose", "when",
	"where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement",
	"xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
	"xmlserialize", "xmltable",
};

static int cmp_kw(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void rg_pg_quote_ident(struct rg_buf *out, const char *id)
{
	/* unquoted names fold to lower case: only [a-z_][a-z0-9_$]* that is
	 * not a keyword survives without quotes */
	bool plain = (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_';
	for (const char *p = id; plain && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || isdigit((unsigned char)*p) || *p == '_' ||
		      *p == '$'))
			plain = false;
	if (plain && bsearch(&id, keywords, RG_ARRAY_LEN(keywords), sizeof(char *), cmp_kw))
		plain = false;
	if (plain) {
		rg_buf_add(out, id);
		return;
	}
	rg_buf_addc(out, '"');
	for (const char *p = id; *p; p++) {
		if (*p == '"')
			rg_buf_addc(out, '"');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '"');
}

void rg_pg_quote_rel(struct rg_buf *out, const char *name)
{
	size_t n = rg_qualified_prefix(name);
	if (n) {
		char *schema = rg_xstrndup(name, n);
		rg_pg_quote_ident(out, schema);
		free(schema);
		rg_buf_addc(out, '.');
		name += n + 1;
	}
	rg_pg_quote_ident(out, name);
}

void rg_pg_quote_in_schema_of(struct rg_buf *out, const char *table, const char *name)
{
	size_t n = rg_qualified_prefix(table);
	if (n) {
		char *schema = rg_xstrndup(table, n);
		rg_pg_quote_ident(out, schema);
		free(schema);
		rg_buf_addc(out, '.');
	}
	rg_pg_quote_ident(out, name);
}

/* The name without its schema: what RENAME TO takes, and the base of the
 * names PostgreSQL derives from a table's (a serial's sequence). */
static const char *bare(const char *name)
{
	return rg_unqualified(name);
}

/* ---- rendering ---- */

static const struct rg_dialect *const D = &rg_dialect_postgresql;

/* The low-lock forms asked for (rg_pg_render_online): the server, and
 * whether a statement written needs the revision outside a transaction. */
struct online {
	const struct rg_server *srv;
	bool no_tx;
};

/* Whether op changes a table that exists before and after it, one that
 * may be in use while the revision runs: a new table is empty, and takes
 * the plain forms. */
static bool on_existing(const struct online *on, const struct rg_op *op)
{
	return on && op->table_from && op->table_to;
}

static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	rg_compare_postgresql.render_type(out, c);
}

static void canon_type(struct rg_buf *out, const char *type)
{
	rg_compare_postgresql.canon_type(out, type);
}

/* Numbered by a sequence the column owns (read from the catalog, or
 * RG_TYPE(serial) in a model), not an identity column. */
static bool is_serial(const struct rg_column *c)
{
	return c->serial || rg_compare_postgresql.type_autoincrements(c->type);
}

static bool autoincrements(const struct rg_column *c)
{
	return c->autoincrement || is_serial(c);
}

static bool is_identity(const struct rg_column *c)
{
	return c->autoincrement && !is_serial(c);
}

/* An identity's form: BY DEFAULT unless the model says ALWAYS
 * (RG_IDENTITY_ALWAYS), since BY DEFAULT still takes the ids of rows
 * copied in. */
static const char *generated(const struct rg_column *c)
{
	return c->identity_always ? "GENERATED ALWAYS" : "GENERATED BY DEFAULT";
}

/* The type without its sequence, which ALTER COLUMN ... TYPE and CREATE
 * SEQUENCE ... AS take: bigserial is no type, bigint is. */
static void plain_type(struct rg_buf *out, const struct rg_column *c)
{
	if (rg_compare_postgresql.type_autoincrements(c->type))
		canon_type(out, c->type);
	else
		render_type(out, c);
}

/* The type CREATE TABLE takes: a serial column read from the catalog is
 * an integer there, and written as the serial type of that integer so
 * that its sequence comes back with it. */
static void column_type(struct rg_buf *out, const struct rg_column *c)
{
	static const char *const serials[][2] = {
		{"integer", "serial"}, {"bigint", "bigserial"}, {"smallint", "smallserial"}};
	if (c->serial && !rg_compare_postgresql.type_autoincrements(c->type)) {
		struct rg_buf ct = RG_BUF_INIT;
		canon_type(&ct, c->type);
		for (size_t i = 0; i < RG_ARRAY_LEN(serials); i++)
			if (strcmp(rg_buf_str(&ct), serials[i][0]) == 0) {
				rg_buf_add(out, serials[i][1]);
				rg_buf_free(&ct);
				return;
			}
		rg_buf_free(&ct);
	}
	render_type(out, c);
}

static void alter_table(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	rg_pg_quote_rel(b, table);
	rg_buf_addc(b, ' ');
}

/* COLLATE after a type: what the column says, or nothing for the type's
 * own (which ALTER COLUMN ... TYPE without it also resets to). */
static void collate(struct rg_buf *b, const struct rg_column *c)
{
	if (c->collation && strcmp(c->collation, "default") != 0) {
		rg_buf_add(b, " COLLATE ");
		rg_pg_quote_ident(b, c->collation);
	}
}

static void column_def(struct rg_buf *b, const struct rg_column *c)
{
	rg_pg_quote_ident(b, c->name);
	rg_buf_addc(b, ' ');
	column_type(b, c);
	collate(b, c);
	if (is_identity(c))
		rg_buf_addf(b, " %s AS IDENTITY", generated(c));
	if (c->generated)
		rg_buf_addf(b, " GENERATED ALWAYS AS (%s) STORED", c->generated);
	if (c->not_null)
		rg_buf_add(b, " NOT NULL");
	if (c->default_expr && !c->autoincrement && !c->generated)
		rg_buf_addf(b, " DEFAULT %s", c->default_expr);
}

static void comment_on(struct rg_buf *b, const char *table, const char *column,
		       const char *text)
{
	rg_buf_add(b, column ? "COMMENT ON COLUMN " : "COMMENT ON TABLE ");
	rg_pg_quote_rel(b, table);
	if (column) {
		rg_buf_addc(b, '.');
		rg_pg_quote_ident(b, column);
	}
	rg_buf_add(b, " IS ");
	if (text)
		rg_sql_string(b, text);
	else
		rg_buf_add(b, "NULL");
	rg_buf_add(b, ";\n");
}

static void create_table(struct rg_buf *b, const struct rg_table *t)
{
	rg_buf_add(b, t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
	rg_pg_quote_rel(b, t->name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_add(b, sep);
		column_def(b, t->columns[i]);
		sep = ",\n    ";
	}
	if (t->pk) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, D, t->pk->name);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, t->pk->cols, t->pk->ncols);
	}
	rg_sql_uniques_checks(b, D, t, sep);
	rg_sql_foreign_keys(b, D, t, sep);
	rg_buf_add(b, "\n);\n");
	if (t->comment)
		comment_on(b, t->name, NULL, t->comment);
	for (size_t i = 0; i < t->ncolumns; i++)
		if (t->columns[i]->comment)
			comment_on(b, t->name, t->columns[i]->name, t->columns[i]->comment);
}

static void drop_constraint(struct rg_buf *b, const char *table, const char *name)
{
	alter_table(b, table);
	rg_buf_add(b, "DROP CONSTRAINT ");
	rg_pg_quote_ident(b, name);
	rg_buf_add(b, ";\n");
}

/* The family of a canonical type, for telling which changes PostgreSQL
 * converts by itself (0: none known). */
static int type_family(const char *canon)
{
	static const struct {
		const char *prefix;
		int family;
	} fam[] = {
		{"text", 1}, {"character", 1}, {"smallint", 2}, {"integer", 2},
		{"bigint", 2}, {"numeric", 2}, {"real", 2}, {"double precision", 2},
		{"timestamp", 3}, {"date", 3}, {"time ", 4}, {"time(", 4},
	};
	if (strchr(canon, '['))
		return 0;
	for (size_t i = 0; i < RG_ARRAY_LEN(fam); i++)
		if (rg_startswith(canon, fam[i].prefix))
			return fam[i].family;
	return 0;
}

/*
 * Whether ALTER COLUMN ... TYPE needs USING col::type.  Not inside one
 * family, nor towards a string type: there PostgreSQL's assignment cast
 * does it and refuses what does not fit, while the explicit cast USING
 * spells would cut 'abcdef' down to varchar(3) without a word.  Across
 * families (text -> integer) the explicit cast is the only way.
 */
static bool needs_using(const struct rg_column *f, const struct rg_column *t)
{
	struct rg_buf rf = RG_BUF_INIT, rt = RG_BUF_INIT, cf = RG_BUF_INIT, ct = RG_BUF_INIT;
	render_type(&rf, f);
	render_type(&rt, t);
	canon_type(&cf, rg_buf_str(&rf));
	canon_type(&ct, rg_buf_str(&rt));
	int ff = type_family(rg_buf_str(&cf)), ft = type_family(rg_buf_str(&ct));
	const char *open = strchr(rg_buf_str(&cf), '(');
	size_t base = open ? (size_t)(open - cf.data) : cf.len;
	/* the same type with other arguments: bit(3) -> bit(5) */
	bool same_base = strncmp(rg_buf_str(&cf), rg_buf_str(&ct), base) == 0 &&
			 (ct.len == base || ct.data[base] == '(');
	bool using = !(ft == 1 || (ff && ff == ft) || same_base);
	rg_buf_free(&rf);
	rg_buf_free(&rt);
	rg_buf_free(&cf);
	rg_buf_free(&ct);
	return using;
}

/* pg_catalog.pg_get_serial_sequence('table', 'column'): the sequence of
 * an identity or serial column, as a quoted, qualified name */
static void serial_sequence(struct rg_buf *b, const char *table, const char *col)
{
	struct rg_buf qt = RG_BUF_INIT;
	rg_pg_quote_rel(&qt, table);
	rg_buf_add(b, "pg_catalog.pg_get_serial_sequence(");
	rg_sql_string(b, rg_buf_str(&qt));
	rg_buf_add(b, ", ");
	rg_sql_string(b, col);
	rg_buf_addc(b, ')');
	rg_buf_free(&qt);
}

/* The name PostgreSQL gives a serial column's sequence (makeObjectName):
 * table_column_seq, the longer of the two names cut first, at a
 * character boundary, to fit 63 bytes. */
static void serial_sequence_name(struct rg_buf *b, const char *table, const char *col)
{
	size_t n1 = strlen(table), n2 = strlen(col);
	while (n1 + n2 > 63 - strlen("__seq")) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	while (n1 && (table[n1] & 0xC0) == 0x80)
		n1--;
	while (n2 && (col[n2] & 0xC0) == 0x80)
		n2--;
	rg_buf_addn(b, table, n1);
	rg_buf_addc(b, '_');
	rg_buf_addn(b, col, n2);
	rg_buf_add(b, "_seq");
}

/* body as a DO block, under a dollar quote the body does not contain */
static void do_block(struct rg_buf *b, const char *body)
{
	struct rg_buf tag = RG_BUF_INIT;
	rg_buf_add(&tag, "$rg$");
	for (unsigned i = 1; strstr(body, rg_buf_str(&tag)); i++) {
		rg_buf_reset(&tag);
		rg_buf_addf(&tag, "$rg%u$", i);
	}
	rg_buf_addf(b, "DO %s%s%s;\n", rg_buf_str(&tag), body, rg_buf_str(&tag));
	rg_buf_free(&tag);
}

/*
 * A change of how a column numbers itself where a serial one is involved:
 * the one way goes (a serial column's default and its sequence, or the
 * identity), the other comes, and the new sequence goes on from where the
 * old one was, or, from nothing, past the rows already there.  One DO
 * block, because the sequences' names are only known on the server.
 */
static void serial_change(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_column *f = op->from, *t = op->to;
	struct rg_buf body = RG_BUF_INIT, at = RG_BUF_INIT, seq = RG_BUF_INIT, qseq = RG_BUF_INIT;
	rg_buf_add(&at, "ALTER TABLE ");
	rg_pg_quote_rel(&at, op->table);
	rg_buf_add(&at, " ALTER COLUMN ");
	rg_pg_quote_ident(&at, op->column);
	serial_sequence(&seq, op->table, op->column);
	/* a column named n is the column, not the variable */
	rg_buf_add(&body, "#variable_conflict use_column\nDECLARE n bigint;\nBEGIN\n");
	if (autoincrements(f) && autoincrements(t))
		rg_buf_addf(&body, "n := pg_catalog.nextval(%s);\n", rg_buf_str(&seq));
	if (is_serial(f))
		rg_buf_addf(&body, "%s DROP DEFAULT;\nEXECUTE 'DROP SEQUENCE ' || %s;\n",
			    rg_buf_str(&at), rg_buf_str(&seq));
	else if (is_identity(f))
		rg_buf_addf(&body, "%s DROP IDENTITY;\n", rg_buf_str(&at));
	if (is_identity(t)) {
		rg_buf_addf(&body, "%s ADD %s AS IDENTITY;\n", rg_buf_str(&at), generated(t));
	} else if (is_serial(t)) {
		struct rg_buf name = RG_BUF_INIT;
		serial_sequence_name(&name, bare(op->table), op->column);
		rg_pg_quote_in_schema_of(&qseq, op->table, rg_buf_str(&name));
		rg_buf_free(&name);
		rg_buf_addf(&body, "CREATE SEQUENCE %s AS ", rg_buf_str(&qseq));
		plain_type(&body, t);
		rg_buf_add(&body, " OWNED BY ");
		rg_pg_quote_rel(&body, op->table);
		rg_buf_addc(&body, '.');
		rg_pg_quote_ident(&body, op->column);
		rg_buf_addf(&body, ";\n%s SET DEFAULT pg_catalog.nextval(", rg_buf_str(&at));
		rg_sql_string(&body, rg_buf_str(&qseq));
		rg_buf_add(&body, "::regclass);\n");
	}
	if (autoincrements(t)) {
		rg_buf_addf(&body, "PERFORM pg_catalog.setval(%s, COALESCE(n, (SELECT COALESCE(MAX(",
			    rg_buf_str(&seq));
		rg_pg_quote_ident(&body, op->column);
		rg_buf_add(&body, "), 0) + 1 FROM ");
		rg_pg_quote_rel(&body, op->table);
		rg_buf_add(&body, ")), false);\n");
	}
	rg_buf_add(&body, "END");
	do_block(b, rg_buf_str(&body));
	rg_buf_free(&body);
	rg_buf_free(&at);
	rg_buf_free(&seq);
	rg_buf_free(&qseq);
}

/* A column made generated, or given another expression (alter_column). */
static bool remade(const struct rg_op *op)
{
	return (op->alter & RG_ALTER_GENERATED) && ((const struct rg_column *)op->to)->generated;
}

/*
 * SET NOT NULL without its scan under an ACCESS EXCLUSIVE lock: a CHECK
 * (col IS NOT NULL) added NOT VALID (a moment's lock), validated (a scan
 * that lets writes go on), which SET NOT NULL then takes as proof
 * (PostgreSQL 12+), and dropped.  Each statement commits by itself.
 */
static void online_set_not_null(struct rg_buf *b, struct online *on, const struct rg_op *op)
{
	struct rg_buf expr = RG_BUF_INIT, name = RG_BUF_INIT;
	rg_pg_quote_ident(&expr, op->column);
	rg_buf_add(&expr, " IS NOT NULL");
	const struct rg_check ck = {.expr = rg_buf_str(&expr)};
	const char *n = rg_sql_check_name(&name, op->table_to->name, &ck);
	alter_table(b, op->table);
	rg_buf_add(b, "ADD CONSTRAINT ");
	rg_pg_quote_ident(b, n);
	rg_buf_addf(b, " CHECK (%s) NOT VALID;\n", rg_buf_str(&expr));
	alter_table(b, op->table);
	rg_buf_add(b, "VALIDATE CONSTRAINT ");
	rg_pg_quote_ident(b, n);
	rg_buf_add(b, ";\n");
	alter_table(b, op->table);
	rg_buf_add(b, "ALTER COLUMN ");
	rg_pg_quote_ident(b, op->column);
	rg_buf_add(b, " SET NOT NULL;\n");
	drop_constraint(b, op->table, n);
	rg_buf_free(&expr);
	rg_buf_free(&name);
	on->no_tx = true;
}

/* After an ADD ... NOT VALID, in a statement (and transaction) of its
 * own: the rows are checked under a lock that lets writes go on. */
static void validate(struct rg_buf *b, struct online *on, const char *table, const char *name)
{
	rg_buf_add(b, " NOT VALID;\n");
	alter_table(b, table);
	rg_buf_add(b, "VALIDATE CONSTRAINT ");
	rg_pg_quote_ident(b, name);
	rg_buf_add(b, ";\n");
	on->no_tx = true;
}

/* CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table ... ; */
static void create_index(struct rg_buf *b, const char *table, const struct rg_index *x,
			 bool concurrently)
{
	rg_buf_add(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (concurrently)
		rg_buf_add(b, "CONCURRENTLY ");
	rg_pg_quote_ident(b, x->name);
	rg_buf_add(b, " ON ");
	rg_pg_quote_rel(b, table);
	rg_buf_addc(b, ' ');
	if (x->method) {
		rg_buf_add(b, "USING ");
		rg_pg_quote_ident(b, x->method);
		rg_buf_addc(b, ' ');
	}
	rg_sql_key_parts(b, D, x);
	if (x->ninclude) {
		rg_buf_add(b, " INCLUDE ");
		rg_sql_names(b, D, x->include, x->ninclude);
	}
	if (x->where)
		rg_buf_addf(b, " WHERE %s", x->where);
	rg_buf_add(b, ";\n");
}

/*
 * A primary key or unique constraint on a table in use: its index built
 * CONCURRENTLY, then taken as the constraint's (a moment's lock).  what:
 * "PRIMARY KEY" or "UNIQUE".
 */
static void online_key(struct rg_buf *b, struct online *on, const char *table,
		       const char *name, const char *what, const char *const *cols, size_t n)
{
	rg_buf_add(b, "CREATE UNIQUE INDEX CONCURRENTLY ");
	rg_pg_quote_ident(b, name);
	rg_buf_add(b, " ON ");
	rg_pg_quote_rel(b, table);
	rg_buf_addc(b, ' ');
	rg_sql_names(b, D, cols, n);
	rg_buf_add(b, ";\n");
	alter_table(b, table);
	rg_buf_add(b, "ADD CONSTRAINT ");
	rg_pg_quote_ident(b, name);
	rg_buf_addf(b, " %s USING INDEX ", what);
	rg_pg_quote_ident(b, name);
	rg_buf_add(b, ";\n");
	on->no_tx = true;
}

static void alter_column(struct rg_buf *b, const struct rg_op *op, struct online *on)
{
	const struct rg_column *f = op->from, *t = op->to;
	const char *col = op->column;
#define ALTER_COL()                         \
	do {                                \
		alter_table(b, op->table);  \
		rg_buf_add(b, "ALTER COLUMN "); \
		rg_pg_quote_ident(b, col);        \
		rg_buf_addc(b, ' ');        \
	} while (0)
	if (remade(op)) {
		/* no ALTER makes a column generated or gives it another
		 * expression: it is made again, with all it is (what uses it
		 * is refused beforehand: rg_sql_refuse_remade) */
		alter_table(b, op->table);
		rg_buf_add(b, "DROP COLUMN ");
		rg_pg_quote_ident(b, col);
		rg_buf_add(b, ";\n");
		alter_table(b, op->table);
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, t);
		rg_buf_add(b, ";\n");
		if (t->comment)
			comment_on(b, op->table, col, t->comment);
		return;
	}
	if (op->alter & RG_ALTER_GENERATED) {
		/* the values computed so far stay, as a plain column's */
		ALTER_COL();
		rg_buf_add(b, "DROP EXPRESSION;\n");
	}
	bool autoinc = op->alter & RG_ALTER_AUTOINC;
	bool serial = autoinc && (is_serial(f) || is_serial(t));
	/* an identity either side: only ALWAYS <-> BY DEFAULT changes, and
	 * the sequence stays where it is */
	bool regenerate = autoinc && is_identity(f) && is_identity(t);
	/* a default in the way of a type change or of an identity goes
	 * first; the new one comes last */
	bool dflt = (op->alter & RG_ALTER_DEFAULT) || autoinc;
	if ((dflt || (op->alter & RG_ALTER_TYPE)) && f->default_expr && !autoincrements(f)) {
		ALTER_COL();
		rg_buf_add(b, "DROP DEFAULT;\n");
	}
	if (autoinc && !serial && !regenerate && f->autoincrement) {
		ALTER_COL();
		rg_buf_add(b, "DROP IDENTITY IF EXISTS;\n");
	}
	if (op->alter & (RG_ALTER_TYPE | RG_ALTER_CHARSET)) {
		ALTER_COL();
		rg_buf_add(b, "TYPE ");
		plain_type(b, t);
		collate(b, t);
		if ((op->alter & RG_ALTER_TYPE) && needs_using(f, t)) {
			rg_buf_add(b, " USING ");
			rg_pg_quote_ident(b, col);
			rg_buf_add(b, "::");
			plain_type(b, t);
		}
		rg_buf_add(b, ";\n");
		/* a serial column's sequence is of its type (an identity's
		 * follows by itself) */
		if ((op->alter & RG_ALTER_TYPE) && !autoinc && is_serial(f) && is_serial(t)) {
			struct rg_buf body = RG_BUF_INIT;
			rg_buf_add(&body, "BEGIN\nEXECUTE 'ALTER SEQUENCE ' || ");
			serial_sequence(&body, op->table, col);
			rg_buf_add(&body, " || ' AS ");
			plain_type(&body, t);
			rg_buf_add(&body, "';\nEND");
			do_block(b, rg_buf_str(&body));
			rg_buf_free(&body);
		}
	}
	if ((op->alter & RG_ALTER_NULL) && t->not_null && on_existing(on, op) &&
	    !(on->srv->known && on->srv->major < 12)) {
		online_set_not_null(b, on, op);
	} else if (op->alter & RG_ALTER_NULL) {
		ALTER_COL();
		rg_buf_add(b, t->not_null ? "SET NOT NULL;\n" : "DROP NOT NULL;\n");
	}
	if ((dflt || (op->alter & RG_ALTER_TYPE)) && t->default_expr && !autoincrements(t)) {
		ALTER_COL();
		rg_buf_addf(b, "SET DEFAULT %s;\n", t->default_expr);
	}
	if (serial) {
		serial_change(b, op);
	} else if (regenerate) {
		ALTER_COL();
		rg_buf_addf(b, "SET %s;\n", generated(t));
	} else if (autoinc && t->autoincrement) {
		ALTER_COL();
		rg_buf_addf(b, "ADD %s AS IDENTITY;\n", generated(t));
		/* the new sequence starts at 1: past the rows already there */
		struct rg_buf qt = RG_BUF_INIT;
		rg_pg_quote_rel(&qt, op->table);
		rg_buf_add(b, "SELECT pg_catalog.setval(");
		serial_sequence(b, op->table, col);
		rg_buf_add(b, ", COALESCE(MAX(");
		rg_pg_quote_ident(b, col);
		rg_buf_add(b, "), 0) + 1, false) FROM ");
		rg_buf_add(b, rg_buf_str(&qt));
		rg_buf_add(b, ";\n");
		rg_buf_free(&qt);
	}
	if (op->alter & RG_ALTER_COMMENT)
		comment_on(b, op->table, col, t->comment);
#undef ALTER_COL
}

/* on: the low-lock forms (rg_pg_render_online); NULL: the plain ones */
static void render_op(struct rg_buf *b, const struct rg_op *op, struct online *on)
{
	const struct rg_column *c;
	const struct rg_index *x;
	/* a dropped table's indexes go with it; the op is there for the
	 * inverse, which recreates them */
	if (op->kind == RG_OP_DROP_INDEX && !op->table_to)
		return;
	if (op->warning)
		rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
		create_table(b, op->table_to);
		break;
	case RG_OP_DROP_TABLE:
		rg_buf_add(b, "DROP TABLE ");
		rg_pg_quote_rel(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_TABLE: {
		/* into another schema first (SET SCHEMA), then the name */
		const char *to = op->table_to->name;
		size_t nf = rg_qualified_prefix(op->table), nt = rg_qualified_prefix(to);
		struct rg_buf moved = RG_BUF_INIT;
		rg_buf_add(&moved, op->table);
		if (nf != nt || strncmp(op->table, to, nf) != 0) {
			alter_table(b, op->table);
			rg_buf_add(b, "SET SCHEMA ");
			size_t ndef;
			const char *const *schemas = rg_schemas(&ndef);
			char *schema = nt ? rg_xstrndup(to, nt) : rg_xstrdup(schemas[0]);
			rg_pg_quote_ident(b, schema);
			rg_buf_add(b, ";\n");
			rg_buf_reset(&moved);
			rg_buf_addf(&moved, nt ? "%s.%s" : "%.0s%s", schema, bare(op->table));
			free(schema);
		}
		if (strcmp(bare(op->table), bare(to)) != 0) {
			alter_table(b, rg_buf_str(&moved));
			rg_buf_add(b, "RENAME TO ");
			rg_pg_quote_ident(b, bare(to));
			rg_buf_add(b, ";\n");
		}
		rg_buf_free(&moved);
		break;
	}
	case RG_OP_ADD_COLUMN:
		c = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, c);
		rg_buf_add(b, ";\n");
		if (c->comment)
			comment_on(b, op->table, c->name, c->comment);
		break;
	case RG_OP_DROP_COLUMN:
		alter_table(b, op->table);
		rg_buf_add(b, "DROP COLUMN ");
		rg_pg_quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_COLUMN:
		alter_table(b, op->table);
		rg_buf_add(b, "RENAME COLUMN ");
		rg_pg_quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		rg_pg_quote_ident(b, ((const struct rg_column *)op->to)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ALTER_COLUMN:
		alter_column(b, op, on);
		break;
	case RG_OP_ADD_PK: {
		const struct rg_pk *pk = op->to;
		if (on_existing(on, op)) {
			/* the name PostgreSQL would give it, so that the
			 * downgrade's DROP_PK finds it either way */
			struct rg_buf name = RG_BUF_INIT;
			rg_buf_addf(&name, "%s_pkey", bare(op->table));
			online_key(b, on, op->table, pk->name ? pk->name : name.data, "PRIMARY KEY",
				   pk->cols, pk->ncols);
			rg_buf_free(&name);
			break;
		}
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, pk->name);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, pk->cols, pk->ncols);
		rg_buf_add(b, ";\n");
		break;
	}
	case RG_OP_DROP_PK: {
		const struct rg_pk *pk = op->from;
		struct rg_buf name = RG_BUF_INIT;
		/* a key the catalog gave no name has PostgreSQL's default one */
		rg_buf_addf(&name, "%s_pkey", bare(op->table));
		drop_constraint(b, op->table, pk->name ? pk->name : name.data);
		rg_buf_free(&name);
		break;
	}
	case RG_OP_ADD_UNIQUE: {
		const struct rg_unique *u = op->to;
		if (on_existing(on, op) && u->name) {
			online_key(b, on, op->table, u->name, "UNIQUE", u->cols, u->ncols);
			break;
		}
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, u->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, u->cols, u->ncols);
		rg_buf_add(b, ";\n");
		break;
	}
	case RG_OP_DROP_UNIQUE:
		drop_constraint(b, op->table, ((const struct rg_unique *)op->from)->name);
		break;
	case RG_OP_ADD_CHECK: {
		const struct rg_check *ck = op->to;
		struct rg_buf name = RG_BUF_INIT;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		const char *n = rg_sql_check_name(&name, op->table_to->name, ck);
		rg_sql_constraint_name(b, D, n);
		rg_buf_addf(b, "CHECK (%s)", ck->expr);
		if (on_existing(on, op))
			validate(b, on, op->table, n);
		else
			rg_buf_add(b, ";\n");
		rg_buf_free(&name);
		break;
	}
	case RG_OP_DROP_CHECK: {
		struct rg_buf name = RG_BUF_INIT;
		drop_constraint(b, op->table, rg_sql_check_name(&name, op->table_from->name, op->from));
		rg_buf_free(&name);
		break;
	}
	case RG_OP_ADD_FK: {
		const struct rg_fk *f = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ADD ");
		rg_sql_fk_clause(b, D, f);
		/* (a key without a name cannot be validated by it) */
		if (on_existing(on, op) && f->name)
			validate(b, on, op->table, f->name);
		else
			rg_buf_add(b, ";\n");
		break;
	}
	case RG_OP_DROP_FK:
		drop_constraint(b, op->table, ((const struct rg_fk *)op->from)->name);
		break;
	case RG_OP_CREATE_INDEX:
		x = op->to;
		create_index(b, op->table, x, on_existing(on, op));
		if (on_existing(on, op))
			on->no_tx = true;
		break;
	case RG_OP_DROP_INDEX:
		rg_buf_add(b, "DROP INDEX ");
		if (on_existing(on, op)) {
			rg_buf_add(b, "CONCURRENTLY ");
			on->no_tx = true;
		}
		rg_pg_quote_in_schema_of(b, op->table, ((const struct rg_index *)op->from)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_TABLE_COMMENT:
		comment_on(b, op->table, NULL, op->table_to->comment);
		break;
	case RG_OP_RENAME_INDEX:
		/* renames the primary or unique constraint the index is too */
		rg_buf_add(b, "ALTER INDEX ");
		rg_pg_quote_in_schema_of(b, op->table, op->from);
		rg_buf_add(b, " RENAME TO ");
		rg_pg_quote_ident(b, op->to);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_CONSTRAINT:
		alter_table(b, op->table);
		rg_buf_add(b, "RENAME CONSTRAINT ");
		rg_pg_quote_ident(b, op->from);
		rg_buf_add(b, " TO ");
		rg_pg_quote_ident(b, op->to);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ALTER_FK: {
		/* in place: the key is not checked again (PostgreSQL 9.4+) */
		const struct rg_fk *f = op->to;
		alter_table(b, op->table);
		rg_buf_add(b, "ALTER CONSTRAINT ");
		rg_pg_quote_ident(b, f->name);
		rg_buf_add(b, !f->deferrable ? " NOT DEFERRABLE;\n"
			      : f->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED;\n"
			      : " DEFERRABLE INITIALLY IMMEDIATE;\n");
		break;
	}
	case RG_OP_CREATE_TYPE:
	case RG_OP_DROP_TYPE:
	case RG_OP_ALTER_TYPE:
		rg_pg_render_type_op(b, op);
		break;
	case RG_OP_CREATE_VIEW:
	case RG_OP_DROP_VIEW:
	case RG_OP_REPLACE_VIEW:
		rg_sql_view_op(b, D, op);
		break;
	case RG_OP_CREATE_SEQUENCE:
	case RG_OP_DROP_SEQUENCE:
	case RG_OP_ALTER_SEQUENCE:
		rg_sql_sequence_op(b, D, op, true);
		break;
	case RG_OP_CREATE_DOMAIN:
	case RG_OP_DROP_DOMAIN:
	case RG_OP_ALTER_DOMAIN:
		rg_pg_render_domain_op(b, op);
		break;
	case RG_OP_TABLE_OPTIONS: /* UNLOGGED, the one PostgreSQL has */
		alter_table(b, op->table);
		rg_buf_add(b, op->table_to->unlogged ? "SET UNLOGGED;\n" : "SET LOGGED;\n");
		break;
	case RG_OP_TABLE_CHARSET: /* MySQL's: the differ makes none here */
	case RG_OP__COUNT:
		break;
	}
}

/*
 * The managed schemas the revision puts something in, made first if they
 * are not there yet.  revgen never drops a schema: one may hold what no
 * model manages, and DROP SCHEMA of an emptied one is a person's choice.
 */
static void create_schemas(struct rg_buf *out, const struct rg_oplist *ops)
{
	size_t n;
	const char *const *schemas = rg_schemas(&n);
	for (size_t k = 1; k < n; k++) {
		size_t len = strlen(schemas[k]);
		for (size_t i = 0; i < ops->n; i++) {
			const struct rg_op *op = &ops->ops[i];
			const char *name = op->kind == RG_OP_RENAME_TABLE ? op->table_to->name
					   : op->table;
			bool creates = op->kind == RG_OP_CREATE_TABLE || op->kind == RG_OP_RENAME_TABLE ||
				       op->kind == RG_OP_CREATE_VIEW || op->kind == RG_OP_CREATE_TYPE ||
				       op->kind == RG_OP_CREATE_SEQUENCE || op->kind == RG_OP_CREATE_DOMAIN;
			if (creates && name && rg_qualified_prefix(name) == len &&
			    strncmp(name, schemas[k], len) == 0) {
				rg_buf_add(out, "CREATE SCHEMA IF NOT EXISTS ");
				rg_pg_quote_ident(out, schemas[k]);
				rg_buf_add(out, ";\n");
				break;
			}
		}
	}
}

/* ---- the views over changed columns ---- */

/* A view the revision drops and recreates, and the first reason why. */
struct view_use {
	const struct rg_dependent *view;
	const struct rg_table *table; /* the database's side, whose list has it */
	const char *column;
	bool done; /* recreated (placed in creation order) */
};

struct view_uses {
	size_t n, cap;
	struct view_use *v;
};

static bool uses_column(const struct rg_dependent *dep, const char *col)
{
	for (size_t i = 0; i < dep->ncols; i++)
		if (strcmp(dep->cols[i], col) == 0)
			return true;
	return false;
}

static struct view_use *find_use(const struct view_uses *u, const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].view->name, name) == 0)
			return &u->v[i];
	return NULL;
}

static const char *lower_kind(const struct rg_dependent *dep)
{
	return strcmp(dep->kind, "VIEW") == 0 ? "view" : "materialized view";
}

/*
 * The table of op on the database's side, which read its views: the one
 * before an upgrade, after a downgrade (the models declare none).  upgrade
 * says which.  NULL: no view uses the table.
 */
static const struct rg_table *db_side(const struct rg_op *op, bool *upgrade)
{
	*upgrade = op->table_from && op->table_from->ndependents;
	if (*upgrade)
		return op->table_from;
	return op->table_to && op->table_to->ndependents ? op->table_to : NULL;
}

static int refuse(struct rg_error *err, const struct rg_dependent *dep,
		  const struct rg_table *t, const char *col, const char *what)
{
	return rg_error_set(err,
		"%s %s uses %s%s%s, which this change %s: PostgreSQL refuses while %s exists, and "
		"revgen never changes a view the models do not describe: change or drop %s in a "
		"revision of your own first (or write this one by hand)",
		lower_kind(dep), dep->name, t->name, col ? "." : "", col ? col : "", what,
		dep->name, dep->name);
}

static void add_use(struct view_uses *u, const struct rg_dependent *dep,
		    const struct rg_table *t, const char *col)
{
	if (find_use(u, dep->name))
		return;
	rg_grow((void **)&u->v, &u->cap, u->n + 1, sizeof(*u->v));
	u->v[u->n++] = (struct view_use){dep, t, col, false};
}

/* An enumerated type remade (emit/pg-enum.c) alters the type of each
 * column that uses it, both ways: the same views are in its way. */
static void views_over_enum(const struct rg_oplist *ops, const struct rg_op *op,
			    struct view_uses *u)
{
	const struct rg_enum *t = op->to;
	if (t->add_values)
		return;
	for (size_t i = 0; i < t->nuser_tables; i++) {
		const struct rg_table *ut = t->user_tables[i];
		for (size_t k = 0; k < ut->ndependents; k++) {
			const struct rg_dependent *dep = ut->dependents[k];
			if (!rg_sql_view_in_ops(ops, dep->name) &&
			    uses_column(dep, t->user_columns[i]))
				add_use(u, dep, ut, t->user_columns[i]);
		}
	}
}

/*
 * The views PostgreSQL will not let the revision's statements past: those
 * that use a column whose type (or collation) changes, also through an
 * enumerated type remade, or that is made again as a generated column.
 * They are dropped first and recreated last, from the SQL autogenerate
 * read.  A column
 * dropped, or a table dropped, under a view cannot be done that way (the
 * view would come back broken), nor can the upgrade rename a column or
 * table of a view it recreates (the SQL names the old one): refused, with
 * the view's name.  The downgrade recreates them as the database had them,
 * after its renames back.
 */
static int views_in_the_way(const struct rg_oplist *ops, struct view_uses *u,
			    struct rg_error *err)
{
	bool upgrade;
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if (op->kind == RG_OP_ALTER_TYPE) {
			views_over_enum(ops, op, u);
			continue;
		}
		const struct rg_table *dt = db_side(op, &upgrade);
		if (!dt)
			continue;
		const struct rg_column *c = upgrade ? op->from : op->to;
		for (size_t k = 0; k < dt->ndependents; k++) {
			const struct rg_dependent *dep = dt->dependents[k];
			/* a view of the models the revision drops first and
			 * creates last (diff/views.h) is in nobody's way */
			if (rg_sql_view_in_ops(ops, dep->name))
				continue;
			if (op->kind == RG_OP_DROP_TABLE && upgrade)
				return refuse(err, dep, dt, NULL, "drops");
			if (op->kind == RG_OP_DROP_COLUMN && upgrade && uses_column(dep, c->name))
				return refuse(err, dep, dt, c->name, "drops");
			/* a column made generated is dropped and added again */
			bool remade = op->kind == RG_OP_ALTER_COLUMN &&
				      (op->alter & RG_ALTER_GENERATED) &&
				      ((const struct rg_column *)op->to)->generated;
			if (op->kind != RG_OP_ALTER_COLUMN ||
			    (!(op->alter & (RG_ALTER_TYPE | RG_ALTER_CHARSET)) && !remade) ||
			    !uses_column(dep, c->name))
				continue;
			add_use(u, dep, dt, c->name);
		}
	}
	for (size_t i = 0; i < ops->n && u->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		const struct rg_table *dt = db_side(op, &upgrade);
		if (!dt || !upgrade)
			continue;
		for (size_t k = 0; k < dt->ndependents; k++) {
			const struct rg_dependent *dep = dt->dependents[k];
			if (rg_sql_view_in_ops(ops, dep->name) || !find_use(u, dep->name))
				continue;
			if (op->kind == RG_OP_RENAME_TABLE)
				return refuse(err, dep, dt, NULL, "renames while the revision must drop and "
						  "recreate the view for a type change");
			if (op->kind == RG_OP_RENAME_COLUMN &&
			    uses_column(dep, ((const struct rg_column *)op->from)->name))
				return refuse(err, dep, dt, ((const struct rg_column *)op->from)->name,
					      "renames while the revision must drop and recreate the "
					      "view for a type change");
		}
	}
	return 0;
}

/*
 * Whether every view before v in every list that has v (views may use
 * several tables) is recreated already: each list is in the database's
 * creation order, so this finds an order that keeps all of them.
 */
static bool ready(const struct view_uses *u, const struct view_use *v)
{
	for (size_t i = 0; i < u->n; i++) {
		const struct rg_table *t = u->v[i].table;
		for (size_t k = 0; k < t->ndependents; k++) {
			const struct rg_dependent *dep = t->dependents[k];
			if (strcmp(dep->name, v->view->name) == 0)
				break;
			const struct view_use *w = find_use(u, dep->name);
			if (w && !w->done)
				return false;
		}
	}
	return true;
}

/* The views in creation order: dependents after what they use. */
static void creation_order(struct view_uses *u, const struct view_use **order)
{
	size_t n = 0;
	while (n < u->n) {
		size_t before = n;
		for (size_t i = 0; i < u->n; i++)
			if (!u->v[i].done && ready(u, &u->v[i])) {
				u->v[i].done = true;
				order[n++] = &u->v[i];
			}
		/* the lists always agree (one creation order); should they
		 * not, the rest go in the order found rather than never */
		if (n == before)
			for (size_t i = 0; i < u->n; i++)
				if (!u->v[i].done) {
					u->v[i].done = true;
					order[n++] = &u->v[i];
				}
	}
}

static int render_all(const struct rg_oplist *ops, struct online *on, struct rg_buf *out,
		      struct rg_error *err)
{
	if (rg_sql_refuse_remade(ops, remade, "PostgreSQL has no ALTER that makes a column "
				 "generated or changes its expression", err) < 0)
		return -1;
	struct view_uses u = {0, 0, NULL};
	if (views_in_the_way(ops, &u, err) < 0) {
		free(u.v);
		return -1;
	}
	create_schemas(out, ops);
	const struct view_use **order = rg_xcalloc(u.n + 1, sizeof(*order));
	creation_order(&u, order);
	if (u.n) {
		rg_buf_add(out, "-- Views over columns whose type changes: PostgreSQL refuses the change "
				"while they exist.\n-- Dropped here and recreated at the end as autogenerate "
				"read them (definition, options,\n-- comments, privileges, indexes, triggers); "
				"not recreated: their owner (now\n-- the role running this), column privileges "
				"and defaults, other rules, security labels.\n");
		for (size_t i = 0; i < u.n; i++)
			rg_buf_addf(out, "-- NOTE: %s %s uses %s.%s: the revision drops and recreates it\n",
				    lower_kind(order[i]->view), order[i]->view->name,
				    order[i]->table->name, order[i]->column);
		for (size_t i = u.n; i-- > 0;) {
			rg_buf_addf(out, "DROP %s ", order[i]->view->kind);
			rg_pg_quote_rel(out, order[i]->view->name);
			rg_buf_add(out, ";\n");
		}
	}
	for (size_t i = 0; i < ops->n; i++) {
		size_t before = out->len;
		if (before)
			rg_buf_addc(out, '\n');
		render_op(out, &ops->ops[i], on);
		if (before && out->len == before + 1) /* nothing to say */
			out->data[out->len = before] = '\0';
	}
	if (u.n)
		rg_buf_add(out, "\n-- the views dropped above, as they were\n");
	for (size_t i = 0; i < u.n; i++)
		rg_buf_add(out, order[i]->view->sql);
	free(order);
	free(u.v);
	return 0;
}

int rg_pg_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		     struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	return render_all(ops, NULL, out, err);
}

int rg_pg_render_online(const struct rg_dialect *d, const struct rg_oplist *ops,
			const struct rg_server *srv, struct rg_buf *out, bool *no_tx,
			struct rg_error *err)
{
	(void)d;
	struct online on = {srv, false};
	int rc = render_all(ops, &on, out, err);
	*no_tx = on.no_tx;
	return rc;
}
