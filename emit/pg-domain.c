/*
 * pg-domain.c (emit) - PostgreSQL's domains (diff/domains.h): CREATE
 * DOMAIN, DROP DOMAIN, and ALTER DOMAIN for a change of NOT NULL, DEFAULT
 * or checks.  A check is added under its name (the model's, or the
 * <domain>_check PostgreSQL would give it), so that the downgrade drops
 * it by that name.
 */
#include <string.h>

#include "diff/domains.h"
#include "emit/render.h"

static void check_clause(struct rg_buf *b, const struct rg_domain *dm, size_t k)
{
	rg_buf_add(b, " CONSTRAINT ");
	rg_pg_quote_ident(b, dm->check_names[k]);
	rg_buf_addf(b, " CHECK (%s)", dm->checks[k]);
}

static void alter_domain(struct rg_buf *b, const char *name)
{
	rg_buf_add(b, "ALTER DOMAIN ");
	rg_pg_quote_rel(b, name);
	rg_buf_addc(b, ' ');
}

void rg_pg_render_domain_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_compare *d = &rg_compare_postgresql;
	const struct rg_domain *f = op->from, *t = op->to;
	if (op->kind == RG_OP_DROP_DOMAIN) {
		rg_buf_add(b, "DROP DOMAIN ");
		rg_pg_quote_rel(b, f->name);
		rg_buf_add(b, ";\n");
		return;
	}
	if (op->kind == RG_OP_CREATE_DOMAIN) {
		rg_buf_add(b, "CREATE DOMAIN ");
		rg_pg_quote_rel(b, t->name);
		rg_buf_addf(b, " AS %s", t->type);
		if (t->default_expr)
			rg_buf_addf(b, " DEFAULT %s", t->default_expr);
		if (t->not_null)
			rg_buf_add(b, " NOT NULL");
		for (size_t k = 0; k < t->nchecks; k++)
			check_clause(b, t, k);
		rg_buf_add(b, ";\n");
		return;
	}
	/* the checks that go first: one kept under its name is not added
	 * again */
	for (size_t k = 0; k < f->nchecks; k++)
		if (!rg_domain_has_check(d, f, k, t)) {
			alter_domain(b, t->name);
			rg_buf_add(b, "DROP CONSTRAINT ");
			rg_pg_quote_ident(b, f->check_names[k]);
			rg_buf_add(b, ";\n");
		}
	if (f->not_null != t->not_null) {
		alter_domain(b, t->name);
		rg_buf_add(b, t->not_null ? "SET NOT NULL;\n" : "DROP NOT NULL;\n");
	}
	struct rg_buf x = RG_BUF_INIT, y = RG_BUF_INIT;
	if (f->default_expr)
		d->canon_default(&x, f->default_expr);
	if (t->default_expr)
		d->canon_default(&y, t->default_expr);
	if (!f->default_expr != !t->default_expr || strcmp(rg_buf_str(&x), rg_buf_str(&y)) != 0) {
		alter_domain(b, t->name);
		if (t->default_expr)
			rg_buf_addf(b, "SET DEFAULT %s;\n", t->default_expr);
		else
			rg_buf_add(b, "DROP DEFAULT;\n");
	}
	rg_buf_free(&x);
	rg_buf_free(&y);
	for (size_t k = 0; k < t->nchecks; k++)
		if (!rg_domain_has_check(d, t, k, f)) {
			alter_domain(b, t->name);
			rg_buf_add(b, "ADD");
			check_clause(b, t, k);
			rg_buf_add(b, ";\n");
		}
}
