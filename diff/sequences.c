/*
 * sequences.c - see sequences.h.
 */
#include "diff/sequences.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool same(const struct rg_sequence *a, const struct rg_sequence *b)
{
	return rg_streq(a->type, b->type) && rg_streq(a->start, b->start) &&
	       rg_streq(a->increment, b->increment) && rg_streq(a->min, b->min) &&
	       rg_streq(a->max, b->max) && rg_streq(a->cache, b->cache) && a->cycle == b->cycle;
}

static bool ident_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '$';
}

/* Does a column default of s name the sequence (as a word, any case:
 * nextval('order_no'), NEXT VALUE FOR order_no)? */
static bool named_by_default(const struct rg_schema *s, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < s->ntables; i++)
		for (size_t k = 0; k < s->tables[i]->ncolumns; k++) {
			const char *d = s->tables[i]->columns[k]->default_expr;
			for (const char *p = d; p && *p; p++)
				if (strncasecmp(p, name, n) == 0 && (p == d || !ident_char(p[-1])) &&
				    !ident_char(p[n]))
					return true;
		}
	return false;
}

void rg_diff_sequences(const struct rg_schema *from, const struct rg_schema *to,
		       const struct rg_compare *d, struct rg_op **pre, size_t *npre,
		       size_t *cap_pre, struct rg_op **post, size_t *npost, size_t *cap_post)
{
	if (!d->sequence_defaults)
		return;
	for (size_t i = 0; i < to->nsequences; i++) {
		const struct rg_sequence *t = to->sequences[i];
		const struct rg_sequence *f = rg_schema_find_sequence(from, t->name);
		if (!f)
			rg_op_push(pre, npre, cap_pre, RG_OP_CREATE_SEQUENCE, NULL, t);
		else if (!same(f, t))
			rg_op_push(pre, npre, cap_pre, RG_OP_ALTER_SEQUENCE, f, t);
	}
	/* one the models do not declare, unless a default of theirs takes
	 * its numbers: that one is theirs, only not described (and the
	 * database would refuse to drop it under the default) */
	for (size_t i = 0; i < from->nsequences; i++)
		if (!rg_schema_find_sequence(to, from->sequences[i]->name) &&
		    !named_by_default(to, from->sequences[i]->name))
			rg_op_push(post, npost, cap_post, RG_OP_DROP_SEQUENCE, from->sequences[i], NULL);
}

void rg_sequence_fill(struct rg_arena *a, struct rg_sequence *q, long long lo, long long hi,
		      long long cache)
{
	if (!q->increment)
		q->increment = "1";
	bool up = strtoll(q->increment, NULL, 10) > 0;
	if (!q->min)
		q->min = up ? "1" : rg_arena_printf(a, "%lld", lo);
	if (!q->max)
		q->max = up ? rg_arena_printf(a, "%lld", hi) : "-1";
	if (!q->start)
		q->start = up ? q->min : q->max;
	if (!q->cache)
		q->cache = rg_arena_printf(a, "%lld", cache);
}
