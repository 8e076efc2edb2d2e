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

/* The one head, or an error naming them all. */
static int single_head(const struct rg_graph *g, const char *target, size_t *out,
		       struct rg_error *err)
{
	size_t *heads, n;
	rg_graph_heads(g, &heads, &n);
	int rc = 0;
	if (n == 1) {
		*out = heads[0];
	} else if (n == 0) {
		rc = rg_error_set(err, "%s: there are no revisions yet", target);
	} else {
		struct rg_buf b = RG_BUF_INIT;
		heads_list(&b, g, heads, n);
		rc = rg_error_set(err,
			"%s: the revisions have %zu heads (%s); join them with `revgen merge -m MSG`, "
			"or name one (an id or label@head)", target, n, rg_buf_str(&b));
		rg_buf_free(&b);
	}
	free(heads);
	return rc;
}

/* The child of ix on the way to head h (in topological order, the first
 * revision after ix that has ix as a parent and h as a descendant). */
static long step_up(const struct rg_graph *g, size_t ix, const bool *toward)
{
	for (size_t i = ix + 1; i < g->n; i++) {
		if (!toward[i])
			continue;
		for (size_t k = 0; k < g->revs[i]->ndown; k++)
			if (g->parents[i][k] == ix)
				return (long)i;
	}
	return -1;
}

int rg_plan_resolve(const struct rg_graph *g, const char *target, size_t *out,
		    bool *base, struct rg_error *err)
{
	*base = false;
	if (strcmp(target, "base") == 0) {
		*base = true;
		return 0;
	}
	/* REV+N / REV-N / head-N: a revision, then steps */
	const char *sign = NULL;
	for (const char *p = target + 1; *p; p++)
		if ((*p == '+' || *p == '-') && p[1] >= '0' && p[1] <= '9')
			sign = p;
	if (sign) {
		char *endp;
		long steps = strtol(sign + 1, &endp, 10);
		if (*endp || steps <= 0)
			return rg_error_set(err, "'%s': expected REV+N or REV-N with N > 0", target);
		char *rev = rg_xstrndup(target, (size_t)(sign - target));
		size_t ix;
		bool b;
		int rc = rg_plan_resolve(g, rev, &ix, &b, err);
		free(rev);
		if (rc < 0)
			return -1;
		if (b)
			return rg_error_set(err, "'%s': base has nothing below or above it to count from",
					    target);
		if (*sign == '-') {
			/* down through first parents */
			for (long i = 0; i < steps; i++) {
				if (g->revs[ix]->ndown == 0) {
					if (i == steps - 1) {
						*base = true;
						return 0;
					}
					return rg_error_set(err, "'%s': only %ld revision(s) lie below", target, i);
				}
				ix = g->parents[ix][0];
			}
		} else {
			size_t head;
			if (single_head(g, target, &head, err) < 0)
				return -1;
			bool *toward = rg_xcalloc(g->n + 1, sizeof(bool));
			rg_graph_ancestors(g, head, toward);
			for (long i = 0; i < steps; i++) {
				long up = step_up(g, ix, toward);
				if (up < 0) {
					free(toward);
					return rg_error_set(err, "'%s': only %ld revision(s) lie above %s",
							    target, i, g->revs[ix]->id);
				}
				ix = (size_t)up;
			}
			free(toward);
		}
		*out = ix;
		return 0;
	}
	if (strcmp(target, "head") == 0)
		return single_head(g, target, out, err);
	size_t len = strlen(target);
	if (len > 5 && strcmp(target + len - 5, "@head") == 0) {
		/* the head of the branch that the label (or revision) is on */
		char *ref = rg_xstrndup(target, len - 5);
		size_t ix;
		int rc = rg_graph_lookup(g, ref, &ix, err);
		free(ref);
		if (rc < 0)
			return -1;
		size_t *heads, n, found = 0;
		rg_graph_heads(g, &heads, &n);
		bool *anc = rg_xcalloc(g->n + 1, sizeof(bool));
		for (size_t i = 0; i < n; i++) {
			memset(anc, 0, (g->n + 1) * sizeof(bool));
			rg_graph_ancestors(g, heads[i], anc);
			if (anc[ix]) {
				*out = heads[i];
				found++;
			}
		}
		free(anc);
		free(heads);
		if (found != 1)
			return rg_error_set(err, "'%s': %s", target,
					    found ? "the branch splits further; name a head" : "no head");
		return 0;
	}
	return rg_graph_lookup(g, target, out, err);
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
				"`revgen merge -m MSG`, or upgrade to `heads` to apply every branch",
				target, nheads, rg_buf_str(&b));
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
		bool base;
		if (rg_plan_resolve(g, target, &ix, &base, err) < 0)
			goto out;
		if (!base)
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
	size_t ix;
	bool base = false;
	if (rel < 0 && rg_plan_resolve(g, target, &ix, &base, err) < 0)
		goto out;
	if (rel < 0 && !base) {
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
