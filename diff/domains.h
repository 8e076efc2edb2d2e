/*
 * domains.h - the differ's part for PostgreSQL's domains (struct
 * rg_domain; RG_CAP_DOMAINS).  A domain is made before the tables of a
 * revision, whose columns may be of it, and dropped after them.
 */
#ifndef RG_DOMAINS_H
#define RG_DOMAINS_H

#include "diff/compare.h"
#include "diff/oplist.h"

/*
 * Appends to *pre (malloc'd, *npre of them, capacity *cap_pre) the
 * CREATE_DOMAIN and ALTER_DOMAIN ops that bring from's domains to to's
 * (NOT NULL, DEFAULT and checks, compared in d's canonical forms; a
 * check's name is not compared), and to *post the DROP_DOMAIN of each of
 * from's that to lacks and no column of to is of.  -1 with err naming the
 * model's file:line for a change of a domain's base type, which ALTER
 * DOMAIN cannot make.
 */
int rg_diff_domains(const struct rg_schema *from, const struct rg_schema *to,
		    const struct rg_compare *d, struct rg_op **pre, size_t *npre, size_t *cap_pre,
		    struct rg_op **post, size_t *npost, size_t *cap_post, struct rg_error *err);

/* True when a's check k is one of b's, in d's canonical form. */
bool rg_domain_has_check(const struct rg_compare *d, const struct rg_domain *a, size_t k,
			 const struct rg_domain *b);

#endif
