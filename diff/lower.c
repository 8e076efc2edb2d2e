/*
 * lower.c - see lower.h.
 */
#include <string.h>

#include "diff/lower.h"

int rg_compare_lower_models(const struct rg_compare *d, struct rg_schema *s,
			    struct rg_error *err)
{
	if (d->caps & RG_CAP_UNSIGNED)
		return 0;
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		size_t ncolumns = t->ncolumns;
		for (size_t k = 0; k < ncolumns; k++) {
			const struct rg_column *c = t->columns[k];
			size_t len = c->type ? strlen(c->type) : 0;
			if (!c->generic || len < 9 || strcmp(c->type + len - 9, " UNSIGNED") != 0)
				continue;
			struct rg_buf b = RG_BUF_INIT;
			d->render_type(&b, c);
			bool held = strcmp(rg_buf_str(&b), c->type) != 0;
			rg_buf_free(&b);
			if (!held) {
				rg_error_set(err, "%s:%u:%u: %s.%s is a %.*s: the configured database has "
					     "no integer type that holds every value of it; use a signed "
					     "type or RG_TYPE(...)",
					     c->loc.file ? c->loc.file : "?", c->loc.line, c->loc.col,
					     t->name, c->name, (int)(len - 9), c->type);
				return -1;
			}
			/* always quoted: the name may be a keyword or need its case */
			struct rg_buf e = RG_BUF_INIT;
			rg_buf_addc(&e, '"');
			for (const char *p = c->name; *p; p++) {
				if (*p == '"')
					rg_buf_addc(&e, '"');
				rg_buf_addc(&e, *p);
			}
			rg_buf_add(&e, "\" >= 0");
			struct rg_check *ck = rg_table_add_check(s, t, NULL);
			ck->expr = rg_arena_strdup(s->arena, rg_buf_str(&e));
			ck->loc = c->loc;
			rg_buf_free(&e);
		}
	}
	return 0;
}
