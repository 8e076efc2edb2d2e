/*
 * naming.c - the naming convention (naming.h).
 */
#include "diff/naming.h"

#include <stdio.h>
#include <string.h>

static const char *const defaults[RG_NAMING__COUNT] = {
	[RG_NAMING_PK] = "pk_{table}",
	[RG_NAMING_FK] = "fk_{table}_{columns}_{ref_table}",
	[RG_NAMING_UQ] = "uq_{table}_{columns}",
	[RG_NAMING_IX] = "ix_{table}_{columns}",
	[RG_NAMING_CK] = "ck_{table}_{columns}",
};

/* The length of the field at s ("{table}" ...), 0 when s starts none. */
static size_t field_len(const char *s, const char *field)
{
	size_t n = strlen(field);
	return strncmp(s, field, n) == 0 ? n : 0;
}

static const char *make_name(struct rg_schema *s, char *const *conv_of,
			     enum rg_naming_kind k, const char *table,
			     const char *const *cols, size_t ncols,
			     const char *ref_table)
{
	const char *conv = conv_of && conv_of[k] ? conv_of[k] : defaults[k];
	struct rg_buf b = RG_BUF_INIT;
	for (const char *p = conv; *p;) {
		size_t len;
		if ((len = field_len(p, "{table}"))) {
			rg_buf_add(&b, table);
		} else if ((len = field_len(p, "{columns}"))) {
			for (size_t i = 0; i < ncols; i++) {
				if (i)
					rg_buf_addc(&b, '_');
				rg_buf_add(&b, cols[i]);
			}
		} else if ((len = field_len(p, "{ref_table}"))) {
			rg_buf_add(&b, ref_table ? ref_table : "");
		} else {
			/* config.c let no other field through: text */
			rg_buf_addc(&b, *p);
			len = 1;
		}
		p += len;
	}
	const char *out = rg_arena_strdup(s->arena, rg_buf_str(&b));
	rg_buf_free(&b);
	return out;
}

void rg_schema_apply_naming(struct rg_schema *s, char *const *n)
{
	for (size_t i = 0; i < s->ntables; i++) {
		struct rg_table *t = s->tables[i];
		if (t->pk && !t->pk->name && !t->pk->named)
			t->pk->name = make_name(s, n, RG_NAMING_PK, t->name, t->pk->cols,
						t->pk->ncols, NULL);
		for (size_t k = 0; k < t->nfks; k++) {
			struct rg_fk *f = t->fks[k];
			if (!f->name && !f->named)
				f->name = make_name(s, n, RG_NAMING_FK, t->name, f->cols,
						    f->ncols, f->ref_table);
		}
		for (size_t k = 0; k < t->nuniques; k++) {
			struct rg_unique *u = t->uniques[k];
			if (!u->name && !u->named)
				u->name = make_name(s, n, RG_NAMING_UQ, t->name, u->cols,
						    u->ncols, NULL);
		}
		for (size_t k = 0; k < t->nindexes; k++) {
			struct rg_index *x = t->indexes[k];
			if (!x->name && !x->named)
				x->name = make_name(s, n, RG_NAMING_IX, t->name, x->cols,
						    x->ncols, NULL);
		}
		/* a check has no column list: its {columns} is its number
		 * among the table's unnamed checks (in rg_schema_sort's
		 * order, by expression, so the same models give the same
		 * names) */
		unsigned nth = 0;
		for (size_t k = 0; k < t->nchecks; k++) {
			struct rg_check *ck = t->checks[k];
			if (ck->name || ck->named)
				continue;
			char num[24];
			snprintf(num, sizeof(num), "%u", ++nth);
			const char *col = num;
			ck->name = make_name(s, n, RG_NAMING_CK, t->name, &col, 1, NULL);
		}
	}
	rg_schema_sort(s);
}
