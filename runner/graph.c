/*
 * graph.c - the revision graph: loads the .sql files of versions/, checks ids and links,
 * and orders the revisions topologically (parents first; among revisions
 * ready at the same time, by create date then id, so the order is stable).
 */
#include "runner/graph.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The public graph plus a sorted index for lookups by id. */
struct graph_impl {
	struct rg_graph g;
	size_t *by_id; /* indexes into g.revs, sorted by id */
};

void rg_graph_free(struct rg_graph *g)
{
	if (!g)
		return;
	struct graph_impl *gi = (struct graph_impl *)g;
	for (size_t i = 0; i < g->n; i++) {
		rg_revision_free(g->revs[i]);
		free(g->parents[i]);
	}
	free(g->revs);
	free(g->parents);
	free(gi->by_id);
	free(gi);
}

static const struct rg_revision *const *sort_revs;

static int cmp_by_id(const void *a, const void *b)
{
	return strcmp(sort_revs[*(const size_t *)a]->id,
		      sort_revs[*(const size_t *)b]->id);
}

long rg_graph_index(const struct rg_graph *g, const char *id)
{
	const struct graph_impl *gi = (const struct graph_impl *)g;
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->revs[gi->by_id[mid]]->id, id);
		if (c == 0)
			return (long)gi->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Which ready revision comes first: older create date, then id. */
static bool before(const struct rg_revision *a, const struct rg_revision *b)
{
	int c = strcmp(a->create_date ? a->create_date : "",
		       b->create_date ? b->create_date : "");
	return c ? c < 0 : strcmp(a->id, b->id) < 0;
}

static void build_index(struct graph_impl *gi)
{
	free(gi->by_id);
	gi->by_id = rg_xcalloc(gi->g.n + 1, sizeof(size_t));
	for (size_t i = 0; i < gi->g.n; i++)
		gi->by_id[i] = i;
	sort_revs = (const struct rg_revision *const *)gi->g.revs;
	qsort(gi->by_id, gi->g.n, sizeof(size_t), cmp_by_id);
}

int rg_graph_load(struct rg_graph **out, const char *dir, struct rg_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return rg_error_set(err, "%s: %s%s", dir, strerror(errno),
				    errno == ENOENT ? "; run `revgen init` first" : "");
	char **names = NULL;
	size_t nnames = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		rg_grow((void **)&names, &cap, nnames + 1, sizeof(char *));
		names[nnames++] = rg_xstrdup(e->d_name);
	}
	closedir(d);
	if (nnames > 1)
		qsort(names, nnames, sizeof(char *), cmp_name);

	struct graph_impl *gi = rg_xcalloc(1, sizeof(*gi));
	struct rg_graph *g = &gi->g;
	struct rg_revision **loaded = rg_xcalloc(nnames + 1, sizeof(*loaded));
	int rc = -1;
	size_t nloaded = 0;
	for (size_t i = 0; i < nnames; i++) {
		struct rg_buf path = RG_BUF_INIT;
		rg_buf_addf(&path, "%s/%s", dir, names[i]);
		int r = rg_revision_load(&loaded[nloaded], path.data, err);
		rg_buf_free(&path);
		if (r < 0)
			goto out;
		nloaded++;
	}
	g->n = nloaded;
	g->revs = loaded;
	build_index(gi);
	for (size_t i = 1; i < g->n; i++) {
		const struct rg_revision *a = g->revs[gi->by_id[i - 1]];
		const struct rg_revision *b = g->revs[gi->by_id[i]];
		if (strcmp(a->id, b->id) == 0) {
			rg_error_set(err, "%s and %s both have revision id %s; give one of them a new id",
				     a->path, b->path, a->id);
			goto out;
		}
	}
	for (size_t i = 0; i < g->n; i++) {
		const struct rg_revision *r = g->revs[i];
		for (size_t k = 0; k < r->ndown; k++)
			if (rg_graph_index(g, r->down[k]) < 0) {
				rg_error_set(err, "%s: Revises names %s, which no file in %s has",
					     r->path, r->down[k], dir);
				goto out;
			}
		for (size_t k = 0; k < r->ndepends; k++)
			if (rg_graph_index(g, r->depends[k]) < 0) {
				rg_error_set(err, "%s: Depends On names %s, which no file in %s has",
					     r->path, r->depends[k], dir);
				goto out;
			}
	}

	/* Kahn's algorithm over Revises and Depends On edges */
	size_t n = g->n;
	size_t *indeg = rg_xcalloc(n + 1, sizeof(size_t));
	bool *done = rg_xcalloc(n + 1, sizeof(bool));
	size_t *order = rg_xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		indeg[i] = g->revs[i]->ndown + g->revs[i]->ndepends;
	/* children lists, to decrement in O(edges) */
	size_t *nchild = rg_xcalloc(n + 1, sizeof(size_t));
	size_t **child = rg_xcalloc(n + 1, sizeof(size_t *));
	for (size_t i = 0; i < n; i++) {
		const struct rg_revision *r = g->revs[i];
		for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
			const char *pid = k < r->ndown ? r->down[k] : r->depends[k - r->ndown];
			size_t p = (size_t)rg_graph_index(g, pid);
			child[p] = rg_xrealloc(child[p], (nchild[p] + 1) * sizeof(size_t));
			child[p][nchild[p]++] = i;
		}
	}
	size_t norder = 0;
	for (;;) {
		/* the ready revision that comes first; O(n^2) in the worst
		 * case, fine for the thousands a project has */
		long pick = -1;
		for (size_t i = 0; i < n; i++)
			if (!done[i] && indeg[i] == 0 &&
			    (pick < 0 || before(g->revs[i], g->revs[pick])))
				pick = (long)i;
		if (pick < 0)
			break;
		done[pick] = true;
		order[norder++] = (size_t)pick;
		for (size_t k = 0; k < nchild[pick]; k++)
			indeg[child[pick][k]]--;
	}
	bool cycle = norder < n;
	if (cycle) {
		/* walk parents from a revision left over until one repeats */
		size_t at = 0;
		while (done[at])
			at++;
		struct rg_buf path = RG_BUF_INIT;
		bool *seen = rg_xcalloc(n + 1, sizeof(bool));
		while (!seen[at]) {
			seen[at] = true;
			rg_buf_addf(&path, "%s -> ", g->revs[at]->id);
			const struct rg_revision *r = g->revs[at];
			for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
				const char *pid = k < r->ndown ? r->down[k] : r->depends[k - r->ndown];
				size_t p = (size_t)rg_graph_index(g, pid);
				if (!done[p]) {
					at = p;
					break;
				}
			}
		}
		rg_buf_add(&path, g->revs[at]->id);
		rg_error_set(err, "%s: the revisions form a cycle (%s); fix the Revises lines",
			     g->revs[at]->path, path.data);
		rg_buf_free(&path);
		free(seen);
	}
	for (size_t i = 0; i < n; i++)
		free(child[i]);
	free(child);
	free(nchild);
	free(indeg);
	free(done);
	if (cycle) {
		free(order);
		goto out;
	}
	struct rg_revision **sorted = rg_xcalloc(n + 1, sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = g->revs[order[i]];
	free(order);
	free(g->revs);
	g->revs = sorted;
	loaded = sorted;
	build_index(gi);
	g->parents = rg_xcalloc(n + 1, sizeof(size_t *));
	for (size_t i = 0; i < n; i++) {
		const struct rg_revision *r = g->revs[i];
		g->parents[i] = rg_xcalloc(r->ndown + 1, sizeof(size_t));
		for (size_t k = 0; k < r->ndown; k++)
			g->parents[i][k] = (size_t)rg_graph_index(g, r->down[k]);
	}
	*out = g;
	rc = 0;
out:
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (rc < 0) {
		for (size_t i = 0; i < nloaded; i++)
			rg_revision_free(loaded[i]);
		free(loaded);
		free(gi->by_id);
		free(gi);
	}
	return rc;
}

int rg_graph_lookup(const struct rg_graph *g, const char *ref, size_t *out,
		    struct rg_error *err)
{
	long ix = rg_graph_index(g, ref);
	if (ix >= 0) {
		*out = (size_t)ix;
		return 0;
	}
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->revs[i]->nlabels; k++)
			if (strcmp(g->revs[i]->labels[k], ref) == 0) {
				*out = i;
				return 0;
			}
	size_t len = strlen(ref), found = 0, first = 0;
	struct rg_buf cands = RG_BUF_INIT;
	if (len >= 4) {
		for (size_t i = 0; i < g->n; i++)
			if (strncmp(g->revs[i]->id, ref, len) == 0) {
				if (found++ == 0)
					first = i;
				rg_buf_addf(&cands, "%s%s", found > 1 ? ", " : "", g->revs[i]->id);
			}
	}
	if (found == 1) {
		rg_buf_free(&cands);
		*out = first;
		return 0;
	}
	if (found > 1)
		rg_error_set(err, "revision '%s' is ambiguous: it starts %s; give more characters",
			     ref, cands.data);
	else if (len < 4 && g->n > 0)
		rg_error_set(err, "unknown revision '%s' (a prefix needs at least 4 characters)", ref);
	else
		rg_error_set(err, "unknown revision '%s'; `revgen history` lists them", ref);
	rg_buf_free(&cands);
	return -1;
}

void rg_graph_heads(const struct rg_graph *g, size_t **out, size_t *n)
{
	bool *has_child = rg_xcalloc(g->n + 1, sizeof(bool));
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->revs[i]->ndown; k++)
			has_child[g->parents[i][k]] = true;
	*out = rg_xcalloc(g->n + 1, sizeof(size_t));
	*n = 0;
	for (size_t i = 0; i < g->n; i++)
		if (!has_child[i])
			(*out)[(*n)++] = i;
	free(has_child);
}

void rg_graph_ancestors(const struct rg_graph *g, size_t idx, bool *mark)
{
	if (mark[idx])
		return;
	/* an explicit stack: histories can be thousands deep */
	size_t *stack = rg_xcalloc(g->n + 1, sizeof(size_t));
	size_t top = 0;
	mark[idx] = true;
	stack[top++] = idx;
	while (top > 0) {
		size_t i = stack[--top];
		const struct rg_revision *r = g->revs[i];
		for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
			size_t p = k < r->ndown ? g->parents[i][k]
						: (size_t)rg_graph_index(g, r->depends[k - r->ndown]);
			if (!mark[p]) {
				mark[p] = true;
				stack[top++] = p;
			}
		}
	}
	free(stack);
}
