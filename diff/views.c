/*
 * views.c - see views.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/views.h"

bool rg_sql_names_object(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = sql; *p;) {
		if (*p == '\'') { /* a string literal, '' inside */
			for (p++; *p && !(*p == '\'' && p[1] != '\''); p += *p == '\'' ? 2 : 1)
				;
			p += *p != '\0';
		} else if (*p == '"' || *p == '`' || *p == '[') {
			char close = *p == '[' ? ']' : *p;
			const char *q = ++p;
			while (*q && *q != close)
				q++;
			if ((size_t)(q - p) == n && memcmp(p, name, n) == 0)
				return true;
			p = *q ? q + 1 : q;
		} else if (isalnum((unsigned char)*p) || *p == '_' || (unsigned char)*p >= 0x80) {
			const char *q = p;
			while (isalnum((unsigned char)*q) || *q == '_' || *q == '$' ||
			       (unsigned char)*q >= 0x80)
				q++;
			if ((size_t)(q - p) == n && strncasecmp(p, name, n) == 0)
				return true;
			p = q;
		} else {
			p++;
		}
	}
	return false;
}

static bool excluded(const char *const *exclude, size_t nexclude, const char *name)
{
	for (size_t i = 0; i < nexclude; i++)
		if (rg_glob_match(exclude[i], name))
			return true;
	return false;
}

const struct rg_table *rg_view_find(const struct rg_compare *d, const struct rg_schema *s,
				    const char *name)
{
	for (size_t i = 0; i < s->nviews; i++)
		if (rg_name_same(d->table_names, s->views[i]->name, name))
			return s->views[i];
	return NULL;
}

/* The same query and kind, as views.h says. */
static bool same_view(const struct rg_table *f, const struct rg_table *t)
{
	if (f->materialized != t->materialized)
		return false;
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	rg_sql_canon(&a, f->view_query);
	rg_sql_canon(&b, t->view_canon ? t->view_canon : t->view_query);
	bool same = strcmp(rg_buf_str(&a), rg_buf_str(&b)) == 0;
	rg_buf_free(&a);
	rg_buf_free(&b);
	return same;
}

int rg_view_check_columns(const struct rg_compare *d, const struct rg_table *t,
			  const char *const *cols, size_t ncols, struct rg_error *err)
{
	bool same = t->ncolumns == ncols;
	for (size_t i = 0; same && i < ncols; i++)
		same = rg_name_same(d->column_names, t->columns[i]->name, cols[i]);
	if (same)
		return 0;
	struct rg_buf fs = RG_BUF_INIT, ts = RG_BUF_INIT;
	for (size_t i = 0; i < ncols; i++)
		rg_buf_addf(&fs, "%s%s", i ? ", " : "", cols[i]);
	for (size_t i = 0; i < t->ncolumns; i++)
		rg_buf_addf(&ts, "%s%s", i ? ", " : "", t->columns[i]->name);
	rg_error_set(err, "%s:%u: the fields of view %s's struct (%s) are not the columns the "
		     "database reports for its query (%s): make the struct's fields the query's "
		     "columns, in its order", t->loc.file ? t->loc.file : "?", t->loc.line, t->name,
		     rg_buf_str(&ts), rg_buf_str(&fs));
	rg_buf_free(&fs);
	rg_buf_free(&ts);
	return -1;
}

/* The same for a view whose query is the database's view's: its columns
 * (none known: a catalog that could not say) */
static int same_columns(const struct rg_compare *d, const struct rg_table *f,
			const struct rg_table *t, struct rg_error *err)
{
	if (f->ncolumns == 0)
		return 0;
	const char **cols = rg_xcalloc(f->ncolumns, sizeof(*cols));
	for (size_t i = 0; i < f->ncolumns; i++)
		cols[i] = f->columns[i]->name;
	int rc = rg_view_check_columns(d, t, cols, f->ncolumns, err);
	free(cols);
	return rc;
}

struct oplist {
	struct rg_op *v;
	size_t n, cap;
};

static const struct rg_table *op_view(const struct rg_op *op)
{
	return op->to ? op->to : op->from;
}

/*
 * Puts l in an order where each view comes after (reads: before) the
 * views of l its query names, name order where that leaves a choice (l is
 * in name order).  A cycle cannot be (no database makes one): what is
 * left goes in name order.
 */
static void order_ops(struct oplist *l, bool reads_first)
{
	if (l->n < 2)
		return;
	struct rg_op *out = rg_xcalloc(l->n + 1, sizeof(*out));
	bool *done = rg_xcalloc(l->n + 1, sizeof(bool));
	size_t k = 0;
	while (k < l->n) {
		size_t before = k;
		for (size_t i = 0; i < l->n; i++) {
			if (done[i])
				continue;
			bool ready = true;
			for (size_t j = 0; ready && j < l->n; j++) {
				if (done[j] || j == i)
					continue;
				/* i waits for j: i reads j (creating), j reads i
				 * (dropping) */
				const struct rg_table *a = op_view(&l->v[i]), *b = op_view(&l->v[j]);
				ready = reads_first ? !rg_sql_names_object(a->view_query, b->name)
						    : !rg_sql_names_object(b->view_query, a->name);
			}
			if (ready) {
				done[i] = true;
				out[k++] = l->v[i];
			}
		}
		for (size_t i = 0; k == before && i < l->n; i++)
			if (!done[i]) {
				done[i] = true;
				out[k++] = l->v[i];
			}
	}
	memcpy(l->v, out, l->n * sizeof(*out));
	free(out);
	free(done);
}

int rg_diff_views(const struct rg_schema *from, const struct rg_schema *to,
		  const struct rg_compare *d, const char *const *exclude, size_t nexclude,
		  bool every_view, struct rg_op **pre, size_t *npre, struct rg_op **post, size_t *npost,
		  struct rg_error *err)
{
	struct oplist drops = {NULL, 0, 0}, makes = {NULL, 0, 0};
	*pre = *post = NULL;
	*npre = *npost = 0;
	if (to->nviews == 0 && !every_view)
		return 0; /* views.h: the database's are not the models' to manage */
	bool replace = d->caps & RG_CAP_REPLACE_VIEW;
	/* dropped[i]: from->views[i] is dropped first */
	bool *dropped = rg_xcalloc(from->nviews + 1, sizeof(bool));
	for (size_t i = 0; i < from->nviews; i++) {
		const struct rg_table *f = from->views[i];
		if (excluded(exclude, nexclude, f->name))
			continue;
		const struct rg_table *t = rg_view_find(d, to, f->name);
		if (!t || (!same_view(f, t) && (!replace || f->materialized || t->materialized)))
			dropped[i] = true;
		else if (!same_view(f, t))
			rg_op_push(&makes.v, &makes.n, &makes.cap, RG_OP_REPLACE_VIEW, f, t);
		else if (same_columns(d, f, t, err) < 0)
			goto fail;
	}
	/* a view of the models that reads one dropped goes and comes back
	 * with it (views.h) */
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < from->nviews; i++) {
			if (dropped[i] || excluded(exclude, nexclude, from->views[i]->name))
				continue;
			for (size_t k = 0; !dropped[i] && k < from->nviews; k++)
				if (dropped[k] && rg_sql_names_object(from->views[i]->view_query,
								      from->views[k]->name))
					more = dropped[i] = true;
		}
	}
	for (size_t i = 0; i < from->nviews; i++)
		if (dropped[i])
			rg_op_push(&drops.v, &drops.n, &drops.cap, RG_OP_DROP_VIEW, from->views[i], NULL);
	for (size_t i = 0; i < to->nviews; i++) {
		const struct rg_table *t = to->views[i];
		if (excluded(exclude, nexclude, t->name))
			continue;
		const struct rg_table *f = rg_view_find(d, from, t->name);
		bool again = false;
		for (size_t k = 0; f && k < from->nviews; k++)
			again |= dropped[k] && from->views[k] == f;
		if (!f || again)
			rg_op_push(&makes.v, &makes.n, &makes.cap, RG_OP_CREATE_VIEW, NULL, t);
	}
	free(dropped);
	order_ops(&drops, false);
	order_ops(&makes, true);
	*pre = drops.v;
	*npre = drops.n;
	*post = makes.v;
	*npost = makes.n;
	return 0;
fail:
	free(dropped);
	free(drops.v);
	free(makes.v);
	return -1;
}
