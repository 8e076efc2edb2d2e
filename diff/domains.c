/*
 * domains.c - see domains.h.
 */
#include "diff/domains.h"

#include <string.h>

/* a and b the same in canonical form (NULL only equals NULL) */
static bool same(void (*canon)(struct rg_buf *, const char *), const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	struct rg_buf x = RG_BUF_INIT, y = RG_BUF_INIT;
	canon(&x, a);
	canon(&y, b);
	bool eq = strcmp(rg_buf_str(&x), rg_buf_str(&y)) == 0;
	rg_buf_free(&x);
	rg_buf_free(&y);
	return eq;
}

bool rg_domain_has_check(const struct rg_compare *d, const struct rg_domain *a, size_t k,
			 const struct rg_domain *b)
{
	for (size_t i = 0; i < b->nchecks; i++)
		if (same(d->canon_expr, a->checks[k], b->checks[i]))
			return true;
	return false;
}

static bool same_checks(const struct rg_compare *d, const struct rg_domain *a,
			const struct rg_domain *b)
{
	for (size_t k = 0; k < a->nchecks; k++)
		if (!rg_domain_has_check(d, a, k, b))
			return false;
	for (size_t k = 0; k < b->nchecks; k++)
		if (!rg_domain_has_check(d, b, k, a))
			return false;
	return true;
}

static bool used(const struct rg_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		for (size_t k = 0; k < s->tables[i]->ncolumns; k++)
			if (rg_type_names(s->tables[i]->columns[k]->type, name))
				return true;
	return false;
}

int rg_diff_domains(const struct rg_schema *from, const struct rg_schema *to,
		    const struct rg_compare *d, struct rg_op **pre, size_t *npre, size_t *cap_pre,
		    struct rg_op **post, size_t *npost, size_t *cap_post, struct rg_error *err)
{
	if (!(d->caps & RG_CAP_DOMAINS))
		return 0;
	for (size_t i = 0; i < to->ndomains; i++) {
		const struct rg_domain *t = to->domains[i];
		const struct rg_domain *f = rg_schema_find_domain(from, t->name);
		if (!f) {
			rg_op_push(pre, npre, cap_pre, RG_OP_CREATE_DOMAIN, NULL, t);
			continue;
		}
		if (!same(d->canon_type, f->type, t->type)) {
			const struct rg_loc *l = t->loc.file ? &t->loc : &f->loc;
			return rg_error_set(err, "%s:%u: domain %s: its base type %s is %s in the database; "
					    "ALTER DOMAIN cannot change it: write that revision by hand "
					    "(a new domain, the columns moved to it)",
					    l->file ? l->file : "?", l->line, t->name, t->type, f->type);
		}
		if (f->not_null != t->not_null ||
		    !same(d->canon_default, f->default_expr, t->default_expr) ||
		    !same_checks(d, f, t))
			rg_op_push(pre, npre, cap_pre, RG_OP_ALTER_DOMAIN, f, t);
	}
	for (size_t i = 0; i < from->ndomains; i++)
		if (!rg_schema_find_domain(to, from->domains[i]->name) &&
		    !used(to, from->domains[i]->name))
			rg_op_push(post, npost, cap_post, RG_OP_DROP_DOMAIN, from->domains[i], NULL);
	return 0;
}
