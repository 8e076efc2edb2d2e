/*
 * sqlite.c (emit) - SQLite's renderer: quoting, and operations as SQL.
 *
 * SQLite can ALTER little: rename a table or column, add a plain column,
 * drop an unconstrained one.  Everything else on an existing table is done
 * by one rebuild per table (https://www.sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"): create the new shape under a
 * temporary name, copy the rows, drop the old table, rename, recreate the
 * indexes, and each ON CONFLICT clause of a key the models leave as it is
 * (no model says one).  The runner turns foreign keys off around the revision and runs
 * PRAGMA foreign_key_check before COMMIT (see introspect/sqlite.c), so the
 * DROP cascades nothing and no row is left orphaned.
 */
#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "emit/render.h"

void rg_sqlite_quote_ident(struct rg_buf *out, const char *id)
{
	bool plain = (isalpha((unsigned char)id[0]) || id[0] == '_');
	for (const char *p = id; plain && *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			plain = false;
	if (plain && sqlite3_keyword_check(id, (int)strlen(id)))
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

static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	rg_compare_sqlite.render_type(out, c);
}

/* A DEFAULT clause: literals and CURRENT_* as they are, any other
 * expression in parentheses as SQLite requires. */
static void default_clause(struct rg_buf *b, const char *expr)
{
	rg_buf_add(b, " DEFAULT ");
	if (rg_sql_is_literal(expr) || strcasecmp(expr, "CURRENT_TIMESTAMP") == 0 ||
	    strcasecmp(expr, "CURRENT_DATE") == 0 || strcasecmp(expr, "CURRENT_TIME") == 0)
		rg_buf_add(b, expr);
	else
		rg_buf_addf(b, "(%s)", expr);
}

/*
 * The table a rebuild copies: its ON CONFLICT clauses (rg_pk.on_conflict),
 * which no model says, stay on each key and NOT NULL the models leave as
 * they are, since dropping one would change what an INSERT does.  NULL
 * for a table created anew.
 */
struct keep {
	const struct rg_oplist *ops;
	const struct rg_table *tf, *tt;
};

static const char *source_column(const struct rg_oplist *ops,
				 const struct rg_table *tf,
				 const struct rg_table *tt,
				 const struct rg_column *c);

/* Whether the key on tt's columns to is the key on tf's columns from
 * (through the renames of the revision). */
static bool same_key(const struct keep *k, const char *const *to, size_t nto,
		     const char *const *from, size_t nfrom)
{
	if (nto != nfrom)
		return false;
	for (size_t i = 0; i < nto; i++) {
		const struct rg_column *c = rg_table_find_column(k->tt, to[i]);
		const char *src = c ? source_column(k->ops, k->tf, k->tt, c) : NULL;
		if (!src || strcasecmp(src, from[i]) != 0)
			return false;
	}
	return true;
}

static const char *pk_conflict(const struct rg_table *t, const struct keep *k)
{
	if (t->pk->on_conflict || !k || !k->tf->pk)
		return t->pk->on_conflict;
	return same_key(k, t->pk->cols, t->pk->ncols, k->tf->pk->cols, k->tf->pk->ncols)
		       ? k->tf->pk->on_conflict : NULL;
}

static const char *unique_conflict(const struct rg_unique *u, const struct keep *k)
{
	if (u->on_conflict || !k)
		return u->on_conflict;
	for (size_t i = 0; i < k->tf->nuniques; i++) {
		const struct rg_unique *f = k->tf->uniques[i];
		if (f->on_conflict && same_key(k, u->cols, u->ncols, f->cols, f->ncols))
			return f->on_conflict;
	}
	return NULL;
}

/* c is NOT NULL in the new table */
static const char *not_null_conflict(const struct rg_column *c, const struct keep *k)
{
	if (c->not_null_on_conflict || !k)
		return c->not_null_on_conflict;
	const char *src = source_column(k->ops, k->tf, k->tt, c);
	const struct rg_column *f = src ? rg_table_find_column(k->tf, src) : NULL;
	return f && f->not_null ? f->not_null_on_conflict : NULL;
}

static void conflict_clause(struct rg_buf *b, const char *word)
{
	if (word)
		rg_buf_addf(b, " ON CONFLICT %s", word);
}

static bool inline_pk(const struct rg_table *t)
{
	return t->pk && t->pk->ncols == 1 &&
	       rg_table_find_column(t, t->pk->cols[0]) &&
	       rg_table_find_column(t, t->pk->cols[0])->autoincrement;
}

static void column_def(struct rg_buf *b, const struct rg_table *t,
		       const struct rg_column *c, const struct keep *k)
{
	rg_sqlite_quote_ident(b, c->name);
	if (c->autoincrement || *c->type) { /* RG_TYPE(): none */
		rg_buf_addc(b, ' ');
		render_type(b, c);
	}
	/* NOT NULL on key columns too: SQLite would otherwise let a PRIMARY
	 * KEY column hold NULL, and the catalog would report it nullable */
	if (c->not_null || rg_table_column_in_pk(t, c->name)) {
		rg_buf_add(b, " NOT NULL");
		conflict_clause(b, not_null_conflict(c, k));
	}
	if (c->collation) {
		rg_buf_add(b, " COLLATE ");
		rg_sqlite_quote_ident(b, c->collation);
	}
	if (inline_pk(t) && strcmp(t->pk->cols[0], c->name) == 0) {
		rg_buf_add(b, " PRIMARY KEY");
		conflict_clause(b, pk_conflict(t, k));
		rg_buf_add(b, " AUTOINCREMENT");
	}
	if (c->generated)
		rg_buf_addf(b, " GENERATED ALWAYS AS (%s) %s", c->generated,
			    c->generated_virtual ? "VIRTUAL" : "STORED");
	else if (c->default_expr)
		default_clause(b, c->default_expr);
}

static void create_table(struct rg_buf *b, const struct rg_table *t,
			 const char *name, const struct keep *k)
{
	rg_buf_add(b, "CREATE TABLE ");
	rg_sqlite_quote_ident(b, name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_add(b, sep);
		column_def(b, t, t->columns[i], k);
		sep = ",\n    ";
	}
	if (t->pk && !inline_pk(t)) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, &rg_dialect_sqlite, t->pk->name);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, &rg_dialect_sqlite, t->pk->cols, t->pk->ncols);
		conflict_clause(b, pk_conflict(t, k));
	}
	/* rg_sql_uniques_checks, with the conflict clause only SQLite has */
	for (size_t i = 0; i < t->nuniques; i++) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, &rg_dialect_sqlite, t->uniques[i]->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, &rg_dialect_sqlite, t->uniques[i]->cols, t->uniques[i]->ncols);
		conflict_clause(b, unique_conflict(t->uniques[i], k));
	}
	for (size_t i = 0; i < t->nchecks; i++) {
		rg_buf_add(b, sep);
		rg_sql_constraint_name(b, &rg_dialect_sqlite, t->checks[i]->name);
		rg_buf_addf(b, "CHECK (%s)", t->checks[i]->expr);
	}
	rg_sql_foreign_keys(b, &rg_dialect_sqlite, t, sep);
	rg_buf_add(b, "\n)");
	if (t->without_rowid)
		rg_buf_add(b, " WITHOUT ROWID");
	if (t->strict)
		rg_buf_add(b, t->without_rowid ? ", STRICT" : " STRICT");
	rg_buf_add(b, ";\n");
}

/* Whether an expression is one term: a function call or in parentheses,
 * which a COLLATE after it cannot bind inside of. */
static bool one_term(const char *e, size_t n)
{
	size_t i = 0;
	while (i < n && (isalnum((unsigned char)e[i]) || e[i] == '_'))
		i++;
	if (i == n || e[i] != '(' || e[n - 1] != ')')
		return false;
	int depth = 0;
	char q = 0;
	for (size_t k = i; k < n; k++) {
		if (q) {
			q = e[k] == q ? 0 : q;
		} else if (e[k] == '\'' || e[k] == '"') {
			q = e[k];
		} else if (e[k] == '(') {
			depth++;
		} else if (e[k] == ')' && --depth == 0 && k != n - 1) {
			return false;
		}
	}
	return depth == 0;
}

/*
 * The key parts, as SQLite keeps them in .schema: an expression with no
 * parentheses of its own (SQLite needs none in a key part), unless a
 * COLLATE follows one that is not a single term, where they say what the
 * COLLATE applies to.  (A model's "(lower(x))" is lower(x), not the
 * ((lower(x))) rg_sql_key_parts writes for the other dialects.)  Only
 * expression, COLLATE and DESC are SQLite's (compare caps).
 */
static void key_parts(struct rg_buf *b, const struct rg_index *x)
{
	rg_buf_addc(b, '(');
	for (size_t i = 0; i < x->ncols; i++) {
		struct rg_key_part kp;
		rg_key_part(x->cols[i], &kp);
		if (i)
			rg_buf_add(b, ", ");
		if (kp.expr) {
			bool wrap = kp.collation && !one_term(kp.text, kp.len);
			if (wrap)
				rg_buf_addc(b, '(');
			rg_buf_addn(b, kp.text, kp.len);
			if (wrap)
				rg_buf_addc(b, ')');
		} else {
			char *name = rg_xstrndup(kp.text, kp.len);
			rg_sqlite_quote_ident(b, name);
			free(name);
		}
		if (kp.collation) {
			char *c = rg_xstrndup(kp.collation, kp.collation_len);
			rg_buf_add(b, " COLLATE ");
			rg_sqlite_quote_ident(b, c);
			free(c);
		}
		if (kp.desc)
			rg_buf_add(b, " DESC");
	}
	rg_buf_addc(b, ')');
}

static void create_index(struct rg_buf *b, const char *table,
			 const struct rg_index *x)
{
	rg_buf_add(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	rg_sqlite_quote_ident(b, x->name);
	rg_buf_add(b, " ON ");
	rg_sqlite_quote_ident(b, table);
	rg_buf_addc(b, ' ');
	key_parts(b, x);
	if (x->where)
		rg_buf_addf(b, " WHERE %s", x->where);
	rg_buf_add(b, ";\n");
}

static void drop_index(struct rg_buf *b, const struct rg_index *x)
{
	rg_buf_add(b, "DROP INDEX ");
	rg_sqlite_quote_ident(b, x->name);
	rg_buf_add(b, ";\n");
}

static void alter_prefix(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	rg_sqlite_quote_ident(b, table);
	rg_buf_addc(b, ' ');
}

static bool column_constrained(const struct rg_table *t, const char *col)
{
	if (rg_table_column_in_pk(t, col))
		return true;
	for (size_t i = 0; i < t->nuniques; i++)
		for (size_t k = 0; k < t->uniques[i]->ncols; k++)
			if (strcmp(t->uniques[i]->cols[k], col) == 0)
				return true;
	for (size_t i = 0; i < t->nindexes; i++) {
		for (size_t k = 0; k < t->indexes[i]->ncols; k++)
			if (strcmp(t->indexes[i]->cols[k], col) == 0 ||
			    rg_sql_mentions(t->indexes[i]->cols[k], col))
				return true;
		if (t->indexes[i]->where && rg_sql_mentions(t->indexes[i]->where, col))
			return true;
	}
	for (size_t i = 0; i < t->nfks; i++)
		for (size_t k = 0; k < t->fks[i]->ncols; k++)
			if (strcmp(t->fks[i]->cols[k], col) == 0)
				return true;
	for (size_t i = 0; i < t->nchecks; i++)
		if (rg_sql_mentions(t->checks[i]->expr, col))
			return true;
	return false;
}

/* Can this operation run as it is, or must its table be rebuilt? */
static bool needs_rebuild(const struct rg_op *op)
{
	const struct rg_column *c;
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
	case RG_OP_DROP_TABLE:
	case RG_OP_RENAME_TABLE:
	case RG_OP_RENAME_COLUMN:
	case RG_OP_CREATE_INDEX:
	case RG_OP_DROP_INDEX:
	case RG_OP_TABLE_COMMENT:
	case RG_OP_TABLE_CHARSET: /* MySQL's: the differ makes none here */
		return false;
	case RG_OP_TABLE_OPTIONS: /* WITHOUT ROWID or STRICT: no ALTER says them */
		return true;
	case RG_OP_ADD_COLUMN:
		/* ALTER TABLE ADD COLUMN: no key, a NOT NULL column needs a
		 * default, and the default must be a constant */
		c = op->to;
		if (c->autoincrement || column_constrained(op->table_to, c->name))
			return true;
		/* ADD COLUMN takes a VIRTUAL column, but no STORED one (its
		 * values would have to be written into every row) */
		if (c->generated)
			return !c->generated_virtual;
		if (c->not_null && !c->default_expr)
			return true;
		return c->default_expr && !rg_sql_is_literal(c->default_expr);
	case RG_OP_DROP_COLUMN:
		/* a view or trigger that names the column makes SQLite's DROP
		 * COLUMN fail; the rebuild's check refuses it with its name */
		c = op->from;
		if (column_constrained(op->table_from, c->name))
			return true;
		for (size_t i = 0; i < op->table_from->ndependents; i++)
			if (rg_sql_mentions(op->table_from->dependents[i]->sql, c->name))
				return true;
		return false;
	case RG_OP_ALTER_COLUMN:
		return (op->alter & ~RG_ALTER_COMMENT) != 0;
	default:
		return true; /* keys, uniques, checks, foreign keys */
	}
}

/* The column of the old table a new column's rows come from: the same
 * name, or the old name of a rename in the list; NULL for a new column. */
static const char *source_column(const struct rg_oplist *ops,
				 const struct rg_table *tf,
				 const struct rg_table *tt,
				 const struct rg_column *c)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if (op->kind == RG_OP_RENAME_COLUMN && op->table_from == tf &&
		    op->table_to == tt &&
		    strcmp(((const struct rg_column *)op->to)->name, c->name) == 0)
			return ((const struct rg_column *)op->from)->name;
	}
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if (op->kind == RG_OP_RENAME_COLUMN && op->table_from == tf &&
		    op->table_to == tt &&
		    strcmp(((const struct rg_column *)op->from)->name, c->name) == 0)
			return NULL; /* the old column of that name was renamed away */
	}
	return rg_table_find_column(tf, c->name) ? c->name : NULL;
}

/*
 * A view, trigger or undeclarable index recreated after a rebuild is its SQL as autogenerate
 * read it: one that names a column the rebuild drops or renames would come
 * back broken (SQLite checks neither when it creates them), so autogenerate
 * refuses and names it.  Only the upgrade can meet one: the models, the
 * downgrade's source, have no views.
 */
static int check_dependents(const struct rg_oplist *ops, const struct rg_table *tf,
			    const struct rg_table *tt, struct rg_error *err)
{
	for (size_t i = 0; i < tf->ncolumns; i++) {
		const char *col = tf->columns[i]->name;
		bool kept = false;
		for (size_t k = 0; k < tt->ncolumns && !kept; k++) {
			const char *src = source_column(ops, tf, tt, tt->columns[k]);
			kept = src && strcmp(src, col) == 0 && strcmp(tt->columns[k]->name, col) == 0;
		}
		for (size_t k = 0; !kept && k < tf->ndependents; k++) {
			const struct rg_dependent *dep = tf->dependents[k];
			if (!rg_sql_view_in_ops(ops, dep->name) && rg_sql_mentions(dep->sql, col))
				return rg_error_set(err,
					"%s %s names column %s.%s, which this change %s: SQLite must rebuild %s, "
					"and would recreate %s as it was, broken. revgen never changes a view, "
					"trigger or index the models do not describe: change %s in a revision of your own "
					"first (or this one, written by hand)",
					strcmp(dep->kind, "VIEW") == 0 ? "view"
					: strcmp(dep->kind, "INDEX") == 0 ? "index" : "trigger", dep->name,
					tf->name, col,
					rg_table_find_column(tt, col) ? "replaces" : "drops or renames",
					tf->name, dep->name, dep->name);
		}
	}
	return 0;
}

static bool index_dependent(const struct rg_table *t, const char *name)
{
	for (size_t i = 0; i < t->ndependents; i++)
		if (strcmp(t->dependents[i]->kind, "INDEX") == 0 &&
		    strcmp(t->dependents[i]->name, name) == 0)
			return true;
	return false;
}

/* The ON CONFLICT clauses of tf that the new table has not: the models
 * change or drop their key or NOT NULL, and the clause goes with it. */
static void warn_conflicts_lost(struct rg_buf *b, const struct keep *k)
{
	const struct rg_table *tf = k->tf, *tt = k->tt;
	if (tf->pk && tf->pk->on_conflict && !(tt->pk && pk_conflict(tt, k)))
		rg_buf_addf(b, "-- WARNING: %s's PRIMARY KEY ON CONFLICT %s is not kept: the models "
			       "change that key\n", tf->name, tf->pk->on_conflict);
	for (size_t i = 0; i < tf->nuniques; i++) {
		const struct rg_unique *f = tf->uniques[i];
		bool kept = false;
		for (size_t j = 0; f->on_conflict && j < tt->nuniques && !kept; j++)
			kept = rg_streq(unique_conflict(tt->uniques[j], k), f->on_conflict);
		if (f->on_conflict && !kept) {
			rg_buf_addf(b, "-- WARNING: %s's UNIQUE (", tf->name);
			for (size_t j = 0; j < f->ncols; j++)
				rg_buf_addf(b, "%s%s", j ? ", " : "", f->cols[j]);
			rg_buf_addf(b, ") ON CONFLICT %s is not kept: the models change that key\n",
				    f->on_conflict);
		}
	}
	for (size_t i = 0; i < tf->ncolumns; i++) {
		const struct rg_column *f = tf->columns[i];
		if (!f->not_null || !f->not_null_on_conflict)
			continue;
		bool kept = false;
		for (size_t j = 0; j < tt->ncolumns && !kept; j++) {
			const struct rg_column *c = tt->columns[j];
			const char *src = source_column(k->ops, tf, tt, c);
			kept = src && strcasecmp(src, f->name) == 0 &&
			       (c->not_null || rg_table_column_in_pk(tt, c->name));
		}
		if (!kept)
			rg_buf_addf(b, "-- WARNING: %s.%s's NOT NULL ON CONFLICT %s is not kept: the "
				       "models change that column\n", tf->name, f->name,
				    f->not_null_on_conflict);
	}
}

static int rebuild(struct rg_buf *b, const struct rg_oplist *ops,
		   const struct rg_op *first, struct rg_error *err)
{
	const struct rg_table *tf = first->table_from, *tt = first->table_to;
	const char *current = first->table; /* its name when the rebuild runs */
	/* the database's side has the views and triggers (the models declare
	 * none): the table before an upgrade, after a downgrade */
	const struct rg_table *dt = tf->ndependents ? tf : tt;
	if (dt == tf && check_dependents(ops, tf, tt, err) < 0)
		return -1;
	struct rg_buf tmp = RG_BUF_INIT;
	rg_buf_addf(&tmp, "_rg_new_%s", tt->name);

	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if (op->table_from == tf && op->table_to == tt && op->warning)
			rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	}
	rg_buf_addf(b, "-- SQLite cannot ALTER this in place: rebuild %s (copy, drop, rename)\n",
		    tt->name);
	/* the views and triggers go first and come back last, as SQLite's
	 * procedure says: DROP TABLE would take the triggers with it, and the
	 * RENAME fails on a view or trigger that names a missing table */
	/* (not a view of the models the revision drops first and creates
	 * last, diff/views.h) */
	for (size_t i = dt->ndependents; i-- > 0;) {
		if (rg_sql_view_in_ops(ops, dt->dependents[i]->name))
			continue;
		rg_buf_addf(b, "DROP %s ", dt->dependents[i]->kind);
		rg_sqlite_quote_ident(b, dt->dependents[i]->name);
		rg_buf_add(b, ";\n");
	}
	/* WITHOUT ROWID and STRICT are tt's: a model says them (RG_WITHOUT_ROWID,
	 * RG_STRICT), and a rebuild is how SQLite changes them */
	struct keep k = {ops, tf, tt};
	warn_conflicts_lost(b, &k);
	create_table(b, tt, tmp.data, &k);

	struct rg_buf to = RG_BUF_INIT, from = RG_BUF_INIT;
	for (size_t i = 0; i < tt->ncolumns; i++) {
		const struct rg_column *c = tt->columns[i];
		const char *src = source_column(ops, tf, tt, c);
		/* a generated column computes its values: INSERT names none */
		if (c->generated)
			continue;
		if (!src) {
			if (c->not_null && !c->default_expr && !c->autoincrement)
				rg_buf_addf(b, "-- WARNING: new column %s.%s is NOT NULL without a default: "
					       "the copy fails if %s has rows; give it RG_DEFAULT\n",
					    tt->name, c->name, current);
			continue;
		}
		if (to.len) {
			rg_buf_add(&to, ", ");
			rg_buf_add(&from, ", ");
		}
		rg_sqlite_quote_ident(&to, c->name);
		rg_sqlite_quote_ident(&from, src);
	}
	if (to.len) {
		rg_buf_add(b, "INSERT INTO ");
		rg_sqlite_quote_ident(b, tmp.data);
		rg_buf_addf(b, " (%s)\n    SELECT %s FROM ", to.data, from.data);
		rg_sqlite_quote_ident(b, current);
		rg_buf_add(b, ";\n");
	}
	rg_buf_add(b, "DROP TABLE ");
	rg_sqlite_quote_ident(b, current);
	rg_buf_add(b, ";\n");
	alter_prefix(b, tmp.data);
	rg_buf_add(b, "RENAME TO ");
	rg_sqlite_quote_ident(b, tt->name);
	rg_buf_add(b, ";\n");
	/* an index no model can declare comes back from its own SQL, with
	 * the dependents, also when a model index of its name stands for it */
	for (size_t i = 0; i < tt->nindexes; i++)
		if (!tt->indexes[i]->opaque && !index_dependent(dt, tt->indexes[i]->name))
			create_index(b, tt->name, tt->indexes[i]);
	for (size_t i = 0; i < dt->ndependents; i++)
		if (!rg_sql_view_in_ops(ops, dt->dependents[i]->name))
			rg_buf_addf(b, "%s;\n", dt->dependents[i]->sql);
	rg_buf_free(&to);
	rg_buf_free(&from);
	rg_buf_free(&tmp);
	return 0;
}

static void simple_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_column *c;
	/* a dropped table's indexes go with it; the op is there for the
	 * inverse, which recreates them */
	if (op->kind == RG_OP_DROP_INDEX && !op->table_to)
		return;
	if (op->warning)
		rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
		create_table(b, op->table_to, op->table_to->name, NULL);
		break;
	case RG_OP_DROP_TABLE:
		rg_buf_add(b, "DROP TABLE ");
		rg_sqlite_quote_ident(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_TABLE:
		alter_prefix(b, op->table);
		rg_buf_add(b, "RENAME TO ");
		/* SQLite refuses a new name that differs in case alone ("there
		 * is already another table ... with this name"): through a
		 * name of its own, in the revision's transaction */
		if (rg_name_same(RG_NAMES_ANY_CASE, op->table, op->table_to->name)) {
			struct rg_buf tmp = RG_BUF_INIT;
			rg_buf_addf(&tmp, "_rg_case_%s", op->table_to->name);
			rg_sqlite_quote_ident(b, rg_buf_str(&tmp));
			rg_buf_add(b, ";\n");
			alter_prefix(b, rg_buf_str(&tmp));
			rg_buf_add(b, "RENAME TO ");
			rg_buf_free(&tmp);
		}
		rg_sqlite_quote_ident(b, op->table_to->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_RENAME_COLUMN:
		alter_prefix(b, op->table);
		rg_buf_add(b, "RENAME COLUMN ");
		rg_sqlite_quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		rg_sqlite_quote_ident(b, ((const struct rg_column *)op->to)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_ADD_COLUMN:
		c = op->to;
		alter_prefix(b, op->table);
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, op->table_to, c, NULL);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_DROP_COLUMN:
		alter_prefix(b, op->table);
		rg_buf_add(b, "DROP COLUMN ");
		rg_sqlite_quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, ";\n");
		break;
	case RG_OP_CREATE_INDEX:
		create_index(b, op->table, op->to);
		break;
	case RG_OP_DROP_INDEX:
		drop_index(b, op->from);
		break;
	case RG_OP_CREATE_VIEW:
	case RG_OP_DROP_VIEW:
	case RG_OP_REPLACE_VIEW:
		rg_sql_view_op(b, &rg_dialect_sqlite, op);
		break;
	default:
		/* comments: SQLite keeps none */
		break;
	}
}

int rg_sqlite_render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		      struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	/* tables to rebuild, keyed by their (from, to) pair */
	const struct rg_table **rb = rg_xcalloc(ops->n + 1, sizeof(*rb));
	bool *done = rg_xcalloc(ops->n + 1, sizeof(bool));
	size_t nrb = 0;
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if (!op->table_from || !op->table_to || !needs_rebuild(op))
			continue;
		bool seen = false;
		for (size_t k = 0; k < nrb; k++)
			if (rb[k] == op->table_from)
				seen = true;
		if (!seen)
			rb[nrb++] = op->table_from;
	}
	int rc = 0;
	bool first = true;
	for (size_t i = 0; i < ops->n && rc == 0; i++) {
		const struct rg_op *op = &ops->ops[i];
		long k = -1;
		if (op->table_from && op->table_to)
			for (size_t j = 0; j < nrb; j++)
				if (rb[j] == op->table_from)
					k = (long)j;
		if (k >= 0 && done[k])
			continue; /* part of a rebuild already written */
		size_t before = out->len;
		if (!first)
			rg_buf_addc(out, '\n');
		if (k >= 0) {
			done[k] = true;
			rc = rebuild(out, ops, op, err);
		} else {
			simple_op(out, op);
		}
		if (out->len == before + (first ? 0 : 1)) { /* nothing to say */
			out->len = before;
			if (out->data)
				out->data[before] = '\0';
		} else {
			first = false;
		}
	}
	free(rb);
	free(done);
	return rc;
}
