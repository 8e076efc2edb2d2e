/*
 * graph.c - the revision graph: loads the .sql files of versions/, checks
 * ids and links, and orders the revisions topologically (parents first;
 * among revisions ready at the same time, by create date then id, so the
 * order does not depend on file names or the directory's order).
 *
 * Lookups by id go through an index sorted by id (binary search), and the
 * topological sort keeps its ready set in a heap: a project with thousands
 * of revisions loads in time n log n.
 */
#include "runner/graph.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct id_entry {
	const char *id;
	size_t ix; /* into revs */
};

/* The public graph plus its index by id. */
struct graph_impl {
	struct rg_graph g;
	struct id_entry *by_id; /* sorted by id, then ix */
};

void rg_graph_free(struct rg_graph *g)
{
	if (!g)
		return;
	struct graph_impl *gi = (struct graph_impl *)g;
	for (size_t i = 0; i < g->n; i++) {
		rg_revision_free(g->revs[i]);
		if (g->parents)
			free(g->parents[i]);
	}
	free(g->revs);
	free(g->parents);
	free(gi->by_id);
	free(gi);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->ix > y->ix) - (x->ix < y->ix);
}

static void build_index(struct graph_impl *gi)
{
	free(gi->by_id);
	gi->by_id = rg_xcalloc(gi->g.n + 1, sizeof(*gi->by_id));
	for (size_t i = 0; i < gi->g.n; i++)
		gi->by_id[i] = (struct id_entry){gi->g.revs[i]->id, i};
	qsort(gi->by_id, gi->g.n, sizeof(*gi->by_id), cmp_entry);
}

/* The first position in by_id whose id is >= key. */
static size_t lower_bound(const struct graph_impl *gi, const char *key)
{
	size_t lo = 0, hi = gi->g.n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(gi->by_id[mid].id, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long rg_graph_index(const struct rg_graph *g, const char *id)
{
	const struct graph_impl *gi = (const struct graph_impl *)g;
	size_t at = lower_bound(gi, id);
	if (at < g->n && strcmp(gi->by_id[at].id, id) == 0)
		return (long)gi->by_id[at].ix;
	return -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Which of two ready revisions comes first: older create date, then id. */
static bool before(const struct rg_revision *a, const struct rg_revision *b)
{
	int c = strcmp(a->create_date ? a->create_date : "",
		       b->create_date ? b->create_date : "");
	return c ? c < 0 : strcmp(a->id, b->id) < 0;
}

/* ---- a binary min-heap of revision indexes, ordered by before() ---- */

struct heap {
	size_t *v;
	size_t n;
	struct rg_revision **revs;
};

static bool heap_less(const struct heap *h, size_t i, size_t j)
{
	return before(h->revs[h->v[i]], h->revs[h->v[j]]);
}

static void heap_swap(struct heap *h, size_t i, size_t j)
{
	size_t t = h->v[i];
	h->v[i] = h->v[j];
	h->v[j] = t;
}

static void heap_push(struct heap *h, size_t x)
{
	size_t i = h->n++;
	h->v[i] = x;
	while (i > 0 && heap_less(h, i, (i - 1) / 2)) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static size_t heap_pop(struct heap *h)
{
	size_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	for (size_t i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (r < h->n && heap_less(h, r, m))
			m = r;
		if (m == i)
			break;
		heap_swap(h, i, m);
		i = m;
	}
	return top;
}

/* ---- loading ---- */

/* The names of the revision files of dir, sorted: regular files (or links
 * to them) ending in .sql, hidden ones left out (editors' swap files). */
static int list_files(char ***out, size_t *n, const char *dir,
		      struct rg_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return rg_error_set(err, "%s: %s%s", dir, strerror(errno),
				    errno == ENOENT ? "; run `revgen init` first" : "");
	char **names = NULL;
	size_t nnames = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	for (;;) {
		errno = 0;
		if (!(e = readdir(d))) {
			if (errno)
				rc = rg_error_set(err, "%s: %s", dir, strerror(errno));
			break;
		}
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".sql") != 0)
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, 0) < 0) {
			rc = rg_error_set(err, "%s/%s: %s", dir, e->d_name, strerror(errno));
			break;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		rg_grow((void **)&names, &cap, nnames + 1, sizeof(char *));
		names[nnames++] = rg_xstrdup(e->d_name);
	}
	if (closedir(d) < 0 && rc == 0)
		rc = rg_error_set(err, "%s: %s", dir, strerror(errno));
	if (rc < 0) {
		for (size_t i = 0; i < nnames; i++)
			free(names[i]);
		free(names);
		return -1;
	}
	if (nnames > 1)
		qsort(names, nnames, sizeof(char *), cmp_name);
	*out = names;
	*n = nnames;
	return 0;
}

/* Checks that ids are unique, links resolve and labels are unique. */
static int check_links(struct graph_impl *gi, const char *dir, struct rg_error *err)
{
	struct rg_graph *g = &gi->g;
	for (size_t i = 1; i < g->n; i++)
		if (strcmp(gi->by_id[i - 1].id, gi->by_id[i].id) == 0)
			return rg_error_set(err, "%s and %s both have revision id %s; give "
					    "one of them a new id",
					    g->revs[gi->by_id[i - 1].ix]->path,
					    g->revs[gi->by_id[i].ix]->path, gi->by_id[i].id);
	for (size_t i = 0; i < g->n; i++) {
		const struct rg_revision *r = g->revs[i];
		for (size_t k = 0; k < r->ndown; k++)
			if (rg_graph_index(g, r->down[k]) < 0)
				return rg_error_set(err, "%s: Revises names %s, which no file "
						    "in %s has", r->path, r->down[k], dir);
		for (size_t k = 0; k < r->ndepends; k++)
			if (rg_graph_index(g, r->depends[k]) < 0)
				return rg_error_set(err, "%s: Depends On names %s, which no "
						    "file in %s has", r->path, r->depends[k], dir);
	}
	/* labels: sorted (label, revision) pairs show duplicates side by side */
	size_t nl = 0;
	for (size_t i = 0; i < g->n; i++)
		nl += g->revs[i]->nlabels;
	struct id_entry *labels = rg_xcalloc(nl + 1, sizeof(*labels));
	nl = 0;
	for (size_t i = 0; i < g->n; i++)
		for (size_t k = 0; k < g->revs[i]->nlabels; k++)
			labels[nl++] = (struct id_entry){g->revs[i]->labels[k], i};
	qsort(labels, nl, sizeof(*labels), cmp_entry);
	int rc = 0;
	for (size_t i = 0; i < nl && rc == 0; i++) {
		long other = rg_graph_index(g, labels[i].id);
		if (i > 0 && strcmp(labels[i - 1].id, labels[i].id) == 0)
			rc = rg_error_set(err, "%s and %s both have branch label '%s'",
					  g->revs[labels[i - 1].ix]->path,
					  g->revs[labels[i].ix]->path, labels[i].id);
		else if (other >= 0)
			rc = rg_error_set(err, "%s: branch label '%s' is also the id of %s",
					  g->revs[labels[i].ix]->path, labels[i].id,
					  g->revs[other]->path);
	}
	free(labels);
	return rc;
}

/* The parents of revs[i] through Revises and Depends On, in that order. */
static size_t edge_parent(const struct rg_graph *g, size_t i, size_t k)
{
	const struct rg_revision *r = g->revs[i];
	const char *pid = k < r->ndown ? r->down[k] : r->depends[k - r->ndown];
	return (size_t)rg_graph_index(g, pid);
}

/* Reports a cycle among the revisions left undone by the sort.  Each of
 * them has an undone parent, so walking parents from any of them must come
 * back to a revision seen before: that one is on a cycle. */
static int report_cycle(const struct rg_graph *g, const bool *done,
			struct rg_error *err)
{
	size_t at = 0;
	while (done[at])
		at++;
	bool *seen = rg_xcalloc(g->n + 1, sizeof(bool));
	while (!seen[at]) {
		seen[at] = true;
		const struct rg_revision *r = g->revs[at];
		for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
			size_t p = edge_parent(g, at, k);
			if (!done[p]) {
				at = p;
				break;
			}
		}
	}
	free(seen);
	struct rg_buf path = RG_BUF_INIT;
	size_t from = at;
	do {
		rg_buf_addf(&path, "%s -> ", g->revs[at]->id);
		const struct rg_revision *r = g->revs[at];
		for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
			size_t p = edge_parent(g, at, k);
			if (!done[p]) {
				at = p;
				break;
			}
		}
	} while (at != from);
	rg_buf_add(&path, g->revs[from]->id);
	rg_error_set(err, "%s: the revisions form a cycle (%s, each revising the "
		     "next); fix the Revises lines", g->revs[from]->path, path.data);
	rg_buf_free(&path);
	return -1;
}

/* Kahn's algorithm over Revises and Depends On edges; on success *order
 * holds the indexes of revs in their new order. */
static int topo_sort(const struct rg_graph *g, size_t **order, struct rg_error *err)
{
	size_t n = g->n;
	size_t *indeg = rg_xcalloc(n + 1, sizeof(size_t));
	bool *done = rg_xcalloc(n + 1, sizeof(bool));
	/* children in one flat array (CSR): first[i] .. first[i + 1] */
	size_t *first = rg_xcalloc(n + 2, sizeof(size_t));
	size_t nedges = 0;
	for (size_t i = 0; i < n; i++) {
		indeg[i] = g->revs[i]->ndown + g->revs[i]->ndepends;
		nedges += indeg[i];
		for (size_t k = 0; k < indeg[i]; k++)
			first[edge_parent(g, i, k) + 1]++;
	}
	for (size_t i = 0; i < n; i++)
		first[i + 1] += first[i];
	size_t *child = rg_xcalloc(nedges + 1, sizeof(size_t));
	size_t *fill = rg_xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < indeg[i]; k++) {
			size_t p = edge_parent(g, i, k);
			child[first[p] + fill[p]++] = i;
		}
	free(fill);

	struct heap h = {rg_xcalloc(n + 1, sizeof(size_t)), 0, g->revs};
	for (size_t i = 0; i < n; i++)
		if (indeg[i] == 0)
			heap_push(&h, i);
	size_t *out = rg_xcalloc(n + 1, sizeof(size_t));
	size_t nout = 0;
	while (h.n > 0) {
		size_t i = heap_pop(&h);
		done[i] = true;
		out[nout++] = i;
		/* a merge lists its parent once per edge; each edge counted */
		for (size_t e = first[i]; e < first[i + 1]; e++)
			if (--indeg[child[e]] == 0)
				heap_push(&h, child[e]);
	}
	int rc = 0;
	if (nout < n) {
		rc = report_cycle(g, done, err);
		free(out);
	} else {
		*order = out;
	}
	free(h.v);
	free(child);
	free(first);
	free(done);
	free(indeg);
	return rc;
}

int rg_graph_load(struct rg_graph **out, const char *dir, struct rg_error *err)
{
	char **names = NULL;
	size_t nnames = 0;
	if (list_files(&names, &nnames, dir, err) < 0)
		return -1;

	struct graph_impl *gi = rg_xcalloc(1, sizeof(*gi));
	struct rg_graph *g = &gi->g;
	g->revs = rg_xcalloc(nnames + 1, sizeof(*g->revs));
	int rc = -1;
	for (size_t i = 0; i < nnames; i++) {
		struct rg_buf path = RG_BUF_INIT;
		rg_buf_addf(&path, "%s/%s", dir, names[i]);
		int r = rg_revision_load(&g->revs[g->n], path.data, err);
		rg_buf_free(&path);
		if (r < 0)
			goto out;
		g->n++;
	}
	build_index(gi);
	if (check_links(gi, dir, err) < 0)
		goto out;
	size_t *order;
	if (topo_sort(g, &order, err) < 0)
		goto out;
	struct rg_revision **sorted = rg_xcalloc(g->n + 1, sizeof(*sorted));
	for (size_t i = 0; i < g->n; i++)
		sorted[i] = g->revs[order[i]];
	free(order);
	free(g->revs);
	g->revs = sorted;
	build_index(gi);
	g->parents = rg_xcalloc(g->n + 1, sizeof(size_t *));
	for (size_t i = 0; i < g->n; i++) {
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
	if (rc < 0)
		rg_graph_free(g);
	return rc;
}

int rg_graph_append(struct rg_graph *g, struct rg_revision *r, struct rg_error *err)
{
	if (rg_graph_index(g, r->id) >= 0)
		return rg_error_set(err, "%s: a revision with id %s exists already", r->path, r->id);
	for (size_t k = 0; k < r->ndown; k++)
		if (rg_graph_index(g, r->down[k]) < 0)
			return rg_error_set(err, "%s: revises unknown revision %s", r->path, r->down[k]);
	for (size_t k = 0; k < r->ndepends; k++)
		if (rg_graph_index(g, r->depends[k]) < 0)
			return rg_error_set(err, "%s: depends on unknown revision %s", r->path,
					    r->depends[k]);
	/* nothing revises r yet: after every revision is a topological place */
	g->revs = rg_xrealloc(g->revs, (g->n + 2) * sizeof(*g->revs));
	g->parents = rg_xrealloc(g->parents, (g->n + 2) * sizeof(*g->parents));
	g->parents[g->n] = rg_xcalloc(r->ndown + 1, sizeof(size_t));
	for (size_t k = 0; k < r->ndown; k++)
		g->parents[g->n][k] = (size_t)rg_graph_index(g, r->down[k]);
	g->revs[g->n++] = r;
	build_index((struct graph_impl *)g);
	return 0;
}

int rg_graph_lookup(const struct rg_graph *g, const char *ref, size_t *out,
		    struct rg_error *err)
{
	const struct graph_impl *gi = (const struct graph_impl *)g;
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
	size_t len = strlen(ref);
	if (len < 4)
		return rg_error_set(err, "unknown revision '%s' (a prefix needs at least "
				    "4 characters)", ref);
	/* the ids starting with ref are adjacent in the sorted index */
	size_t at = lower_bound(gi, ref), end = at;
	while (end < g->n && strncmp(gi->by_id[end].id, ref, len) == 0)
		end++;
	if (end - at == 1) {
		*out = gi->by_id[at].ix;
		return 0;
	}
	if (end == at)
		return rg_error_set(err, "unknown revision '%s'; `revgen history` lists "
				    "them", ref);
	struct rg_buf cands = RG_BUF_INIT;
	for (size_t i = at; i < end; i++)
		rg_buf_addf(&cands, "%s%s", i > at ? ", " : "", gi->by_id[i].id);
	rg_error_set(err, "revision '%s' is ambiguous: it starts %s; give more "
		     "characters", ref, cands.data);
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
	/* an explicit stack: histories can be thousands deep */
	size_t *stack = rg_xcalloc(g->n + 1, sizeof(size_t));
	size_t top = 0;
	mark[idx] = true;
	stack[top++] = idx;
	while (top > 0) {
		size_t i = stack[--top];
		const struct rg_revision *r = g->revs[i];
		for (size_t k = 0; k < r->ndown + r->ndepends; k++) {
			size_t p = edge_parent(g, i, k);
			if (!mark[p]) {
				mark[p] = true;
				stack[top++] = p;
			}
		}
	}
	free(stack);
}
