/*
 * render.c - the pieces of SQL every renderer writes alike, quoting
 * through the dialect it is given.
 */
#include "emit/render.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rg_sql_names(struct rg_buf *out, const struct rg_dialect *d,
		  const char *const *names, size_t n)
{
	rg_buf_addc(out, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_add(out, ", ");
		if (names[i][0] == '(')
			rg_buf_add(out, names[i]);
		else
			d->quote_ident(out, names[i]);
	}
	rg_buf_addc(out, ')');
}

void rg_sql_key_parts(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_index *x)
{
	rg_buf_addc(out, '(');
	for (size_t i = 0; i < x->ncols; i++) {
		struct rg_key_part kp;
		rg_key_part(x->cols[i], &kp);
		if (i)
			rg_buf_add(out, ", ");
		if (kp.expr) {
			rg_buf_addc(out, '(');
			rg_buf_addn(out, kp.text, kp.len);
			rg_buf_addc(out, ')');
		} else {
			char *name = rg_xstrndup(kp.text, kp.len);
			d->quote_ident(out, name);
			free(name);
		}
		if (kp.prefix)
			rg_buf_addf(out, "(%lu)", kp.prefix);
		if (kp.collation) {
			char *c = rg_xstrndup(kp.collation, kp.collation_len);
			rg_buf_add(out, " COLLATE ");
			d->quote_ident(out, c);
			free(c);
		}
		if (kp.opclass) {
			char *c = rg_xstrndup(kp.opclass, kp.opclass_len);
			rg_buf_addc(out, ' ');
			d->quote_ident(out, c);
			free(c);
		}
		if (kp.desc)
			rg_buf_add(out, " DESC");
		if (kp.nulls)
			rg_buf_add(out, kp.nulls == RG_NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
	}
	rg_buf_addc(out, ')');
}

void rg_sql_sequence_op(struct rg_buf *out, const struct rg_dialect *d, const struct rg_op *op,
			bool postgresql)
{
	const struct rg_sequence *q = op->kind == RG_OP_DROP_SEQUENCE ? op->from : op->to;
	rg_buf_add(out, op->kind == RG_OP_DROP_SEQUENCE ? "DROP SEQUENCE "
		   : op->kind == RG_OP_CREATE_SEQUENCE ? "CREATE SEQUENCE " : "ALTER SEQUENCE ");
	d->quote_rel(out, q->name);
	if (op->kind != RG_OP_DROP_SEQUENCE) {
		if (postgresql)
			rg_buf_addf(out, " AS %s", q->type);
		rg_buf_addf(out, " INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s",
			    q->increment, q->min, q->max, q->start, q->cache,
			    q->cycle ? " CYCLE" : postgresql ? " NO CYCLE" : " NOCYCLE");
	}
	rg_buf_add(out, ";\n");
}

void rg_sql_constraint_name(struct rg_buf *out, const struct rg_dialect *d,
			    const char *name)
{
	if (!name)
		return;
	rg_buf_add(out, "CONSTRAINT ");
	d->quote_ident(out, name);
	rg_buf_addc(out, ' ');
}

void rg_sql_fk_clause(struct rg_buf *out, const struct rg_dialect *d,
		      const struct rg_fk *f)
{
	rg_sql_constraint_name(out, d, f->name);
	rg_buf_add(out, "FOREIGN KEY ");
	rg_sql_names(out, d, f->cols, f->ncols);
	rg_buf_add(out, " REFERENCES ");
	d->quote_rel(out, f->ref_table);
	rg_buf_addc(out, ' ');
	rg_sql_names(out, d, f->ref_cols, f->ncols);
	if (f->on_delete != RG_FK_NO_ACTION)
		rg_buf_addf(out, " ON DELETE %s", rg_fk_action_sql(f->on_delete));
	if (f->on_update != RG_FK_NO_ACTION)
		rg_buf_addf(out, " ON UPDATE %s", rg_fk_action_sql(f->on_update));
	rg_sql_fk_deferral(out, f);
}

void rg_sql_fk_deferral(struct rg_buf *out, const struct rg_fk *f)
{
	if (f->deferrable)
		rg_buf_add(out, f->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
}

const char *rg_sql_check_name(struct rg_buf *scratch, const char *table,
			      const struct rg_check *ck)
{
	if (ck->name)
		return ck->name;
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *p = ck->expr; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	rg_buf_reset(scratch);
	rg_buf_addf(scratch, "ck_%s_%08x", rg_unqualified(table), (unsigned)h);
	return scratch->data;
}

void rg_sql_uniques_checks(struct rg_buf *out, const struct rg_dialect *d,
			   const struct rg_table *t, const char *sep)
{
	for (size_t i = 0; i < t->nuniques; i++) {
		rg_buf_add(out, sep);
		rg_sql_constraint_name(out, d, t->uniques[i]->name);
		rg_buf_add(out, "UNIQUE ");
		rg_sql_names(out, d, t->uniques[i]->cols, t->uniques[i]->ncols);
	}
	for (size_t i = 0; i < t->nchecks; i++) {
		rg_buf_add(out, sep);
		rg_sql_constraint_name(out, d, t->checks[i]->name);
		rg_buf_addf(out, "CHECK (%s)", t->checks[i]->expr);
	}
}

void rg_sql_foreign_keys(struct rg_buf *out, const struct rg_dialect *d,
			 const struct rg_table *t, const char *sep)
{
	for (size_t i = 0; i < t->nfks; i++) {
		rg_buf_add(out, sep);
		rg_sql_fk_clause(out, d, t->fks[i]);
	}
}

void rg_sql_version_table_ddl(struct rg_buf *out, const struct rg_dialect *d,
			      const char *table)
{
	struct rg_buf pk = RG_BUF_INIT;
	rg_buf_addf(&pk, "%s_pkc", table);
	rg_buf_add(out, "CREATE TABLE IF NOT EXISTS ");
	d->quote_ident(out, table);
	rg_buf_add(out, " (version_num VARCHAR(32) NOT NULL, CONSTRAINT ");
	d->quote_ident(out, pk.data);
	rg_buf_add(out, " PRIMARY KEY (version_num));");
	rg_buf_free(&pk);
}

bool rg_sql_mentions(const char *expr, const char *col)
{
	size_t n = strlen(col);
	for (const char *p = expr; p && (p = strcasestr(p, col)) != NULL; p += n) {
		bool before = p == expr || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

/* True when ops drop obj (a key, index or check of a table) before. */
static bool dropped(const struct rg_oplist *ops, const void *obj)
{
	for (size_t i = 0; i < ops->n; i++)
		if (ops->ops[i].from == obj && ops->ops[i].kind != RG_OP_ALTER_COLUMN)
			return true;
	return false;
}

/* Whether one of cols, key parts (struct rg_index) or plain names, is or
 * uses col. */
static bool names_col(const char *const *cols, size_t n, const char *col)
{
	for (size_t i = 0; i < n; i++) {
		struct rg_key_part kp;
		rg_key_part(cols[i], &kp);
		if (strcmp(cols[i], col) == 0 || (kp.expr && rg_sql_mentions(cols[i], col)) ||
		    (!kp.expr && kp.len == strlen(col) && strncmp(kp.text, col, kp.len) == 0))
			return true;
	}
	return false;
}

const char *rg_sql_remade_column_use(struct rg_buf *scratch, const struct rg_oplist *ops,
				     const struct rg_op *op)
{
	const struct rg_table *t = op->table_from;
	const char *col = ((const struct rg_column *)op->from)->name;
	rg_buf_reset(scratch);
	if (t->pk && names_col(t->pk->cols, t->pk->ncols, col) && !dropped(ops, t->pk))
		rg_buf_add(scratch, "the primary key");
	for (size_t i = 0; i < t->nuniques && !scratch->len; i++)
		if (names_col(t->uniques[i]->cols, t->uniques[i]->ncols, col) &&
		    !dropped(ops, t->uniques[i]))
			rg_buf_addf(scratch, "unique key %s", t->uniques[i]->name);
	for (size_t i = 0; i < t->nindexes && !scratch->len; i++) {
		const struct rg_index *x = t->indexes[i];
		if ((names_col(x->cols, x->ncols, col) || names_col(x->include, x->ninclude, col) ||
		     (x->where && rg_sql_mentions(x->where, col))) &&
		    !dropped(ops, x))
			rg_buf_addf(scratch, "index %s", x->name);
	}
	for (size_t i = 0; i < t->nfks && !scratch->len; i++)
		if (names_col(t->fks[i]->cols, t->fks[i]->ncols, col) && !dropped(ops, t->fks[i]))
			rg_buf_addf(scratch, "foreign key %s", t->fks[i]->name);
	for (size_t i = 0; i < t->nchecks && !scratch->len; i++)
		if (rg_sql_mentions(t->checks[i]->expr, col) && !dropped(ops, t->checks[i]))
			rg_buf_addf(scratch, "check %s", t->checks[i]->name ? t->checks[i]->name : t->checks[i]->expr);
	for (size_t i = 0; i < t->ncolumns && !scratch->len; i++) {
		const struct rg_column *c = t->columns[i];
		if (c->generated && strcmp(c->name, col) != 0 && rg_sql_mentions(c->generated, col))
			rg_buf_addf(scratch, "generated column %s", c->name);
	}
	return scratch->len ? rg_buf_str(scratch) : NULL;
}

int rg_sql_refuse_remade(const struct rg_oplist *ops, bool (*remade)(const struct rg_op *op),
			 const char *why, struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		const char *use;
		if (op->kind != RG_OP_ALTER_COLUMN || !remade(op) ||
		    !(use = rg_sql_remade_column_use(&b, ops, op)))
			continue;
		rg_error_set(err, "%s.%s: %s, so the revision would drop and add the column again, "
			     "and %s, which uses it, with it: change that in a revision of its own "
			     "first (drop it, then add it back after this one), or write this one by hand",
			     op->table, op->column, why, use);
		rg_buf_free(&b);
		return -1;
	}
	rg_buf_free(&b);
	return 0;
}

void rg_sql_view_op(struct rg_buf *out, const struct rg_dialect *d, const struct rg_op *op)
{
	if (op->kind != RG_OP_CREATE_VIEW && op->kind != RG_OP_DROP_VIEW &&
	    op->kind != RG_OP_REPLACE_VIEW)
		return;
	const struct rg_table *v = op->to ? op->to : op->from;
	const char *kind = v->materialized ? "MATERIALIZED VIEW " : "VIEW ";
	if (op->kind == RG_OP_DROP_VIEW) {
		rg_buf_addf(out, "DROP %s", kind);
		d->quote_rel(out, v->name);
		rg_buf_add(out, ";\n");
		return;
	}
	rg_buf_addf(out, "CREATE %s%s", op->kind == RG_OP_REPLACE_VIEW ? "OR REPLACE " : "", kind);
	d->quote_rel(out, v->name);
	rg_buf_add(out, " AS\n");
	/* the query without the blanks and ';' around it that a catalog
	 * (pg_get_viewdef) or a model may have */
	const char *q = v->view_query;
	size_t n = strlen(q);
	while (*q && strchr(" \t\r\n", *q)) {
		q++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n;", q[n - 1]))
		n--;
	rg_buf_addn(out, q, n);
	/* the rows are there when the revision ends: a program reading the
	 * view finds what the query says, as with a plain view */
	rg_buf_add(out, v->materialized ? "\nWITH DATA;\n" : ";\n");
}

bool rg_sql_view_in_ops(const struct rg_oplist *ops, const char *name)
{
	for (size_t i = 0; i < ops->n; i++) {
		const struct rg_op *op = &ops->ops[i];
		if ((op->kind == RG_OP_CREATE_VIEW || op->kind == RG_OP_DROP_VIEW ||
		     op->kind == RG_OP_REPLACE_VIEW) &&
		    strcmp(((const struct rg_table *)(op->to ? op->to : op->from))->name, name) == 0)
			return true;
	}
	return false;
}
