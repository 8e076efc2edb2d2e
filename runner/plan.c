/*
 * plan.c - what lies between the applied revisions and a target, and how
 * the version table changes as each step runs.
 *
 * The graph's revs[] is in topological order, so "every revision needed,
 * parents first" is the needed set walked by ascending index, and a
 * downgrade walks it backwards.
 */
#include "runner/runner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void rg_plan_free(struct rg_plan *p)
{
	free(p->steps);
	rg_free_rows(p->heads, p->nheads);
	memset(p, 0, sizeof(*p));
}

/* Marks the ancestors (inclusive) of every applied head; fills cur[] with
 * their indexes.  An id that no file has is an error. */
static int mark_applied(const struct rg_graph *g, char *const *current,
			size_t ncurrent, bool *applied, struct rg_error *err)
{
	for (size_t i = 0; i < ncurrent; i++) {
		long ix = rg_graph_index(g, current[i]);
		if (ix < 0)
			return rg_error_set(err,
				"the version table names revision '%s', which no file in versions/ has; "
				"restore the file, or set the table with `revgen stamp`",
				current[i]);
		rg_graph_ancestors(g, (size_t)ix, applied);
	}
	return 0;
}

static void copy_heads(struct rg_plan *p, char *const *current, size_t n)
{
	p->heads = rg_xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		p->heads[i] = rg_xstrdup(current[i]);
	p->nheads = n;
}

/* Parses "+N" / "-N" (sign given); returns -1 when s is not of that form. */
static long parse_relative(const char *s, char sign)
{
	if (s[0] != sign || s[1] < '0' || s[1] > '9')
		return -1;
	char *end;
	errno = 0;
	long n = strtol(s + 1, &end, 10);
	if (*end || errno || n <= 0)
		return -1;
	return n;
}

static void heads_list(struct rg_buf *b, const struct rg_graph *g,
		       const size_t *heads, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rg_buf_addf(b, "%s%s", i ? ", " : "", g->revs[heads[i]]->id);
}

int rg_plan_upgrade(struct rg_plan *out, const struct rg_graph *g,
		    char *const *current, size_t ncurrent, const char *target,
		    struct rg_error *err)
{
	int rc = -1;
	bool *applied = rg_xcalloc(g->n + 1, sizeof(bool));
	bool *want = rg_xcalloc(g->n + 1, sizeof(bool));
	size_t *heads = NULL, nheads = 0;
	struct rg_plan p = {.up = true};

	if (mark_applied(g, current, ncurrent, applied, err) < 0)
		goto out;
	rg_graph_heads(g, &heads, &nheads);

	long rel = parse_relative(target, '+');
	if (strcmp(target, "head") == 0 || rel > 0) {
		if (nheads > 1) {
			struct rg_buf b = RG_BUF_INIT;
			heads_list(&b, g, heads, nheads);
			rg_error_set(err,
				"upgrade %s: the revisions have %zu heads (%s); join them with "
				"`revgen merge -m MSG %s` or upgrade to `heads`",
				target, nheads, rg_buf_str(&b), "REV REV");
			rg_buf_free(&b);
			goto out;
		}
		if (nheads == 1)
			rg_graph_ancestors(g, heads[0], want);
	} else if (strcmp(target, "heads") == 0) {
		for (size_t i = 0; i < nheads; i++)
			rg_graph_ancestors(g, heads[i], want);
	} else {
		size_t ix;
		if (rg_graph_lookup(g, target, &ix, err) < 0)
			goto out;
		rg_graph_ancestors(g, ix, want);
	}

	p.steps = rg_xcalloc(g->n + 1, sizeof(size_t));
	for (size_t i = 0; i < g->n; i++)
		if (want[i] && !applied[i])
			p.steps[p.n++] = i;
	if (rel > 0) {
		if ((size_t)rel > p.n) {
			rg_error_set(err,
				"upgrade %s: only %zu revision(s) lie between the database and head",
				target, p.n);
			goto out;
		}
		p.n = (size_t)rel;
	}
	copy_heads(&p, current, ncurrent);
	*out = p;
	memset(&p, 0, sizeof(p));
	rc = 0;
out:
	rg_plan_free(&p);
	free(applied);
	free(want);
	free(heads);
	return rc;
}

int rg_plan_downgrade(struct rg_plan *out, const struct rg_graph *g,
		      char *const *current, size_t ncurrent, const char *target,
		      struct rg_error *err)
{
	int rc = -1;
	bool *applied = rg_xcalloc(g->n + 1, sizeof(bool));
	bool *keep = rg_xcalloc(g->n + 1, sizeof(bool));
	struct rg_plan p = {.up = false};

	if (mark_applied(g, current, ncurrent, applied, err) < 0)
		goto out;

	long rel = parse_relative(target, '-');
	if (strcmp(target, "base") != 0 && rel < 0) {
		size_t ix;
		if (rg_graph_lookup(g, target, &ix, err) < 0)
			goto out;
		if (!applied[ix]) {
			rg_error_set(err,
				"downgrade %s: revision %s is not applied, so the database cannot go down to it",
				target, g->revs[ix]->id);
			goto out;
		}
		rg_graph_ancestors(g, ix, keep);
	}

	p.steps = rg_xcalloc(g->n + 1, sizeof(size_t));
	for (size_t i = g->n; i-- > 0;)
		if (applied[i] && !keep[i])
			p.steps[p.n++] = i;
	if (rel > 0) {
		if ((size_t)rel > p.n) {
			rg_error_set(err,
				"downgrade %s: only %zu revision(s) are applied",
				target, p.n);
			goto out;
		}
		p.n = (size_t)rel;
	}
	copy_heads(&p, current, ncurrent);
	*out = p;
	memset(&p, 0, sizeof(p));
	rc = 0;
out:
	rg_plan_free(&p);
	free(applied);
	free(keep);
	return rc;
}
