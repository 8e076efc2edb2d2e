/*
 * graph.h - the revision graph: every file of versions/, linked by their
 * "Revises:" lines.  Loading checks ids (missing, duplicate), links
 * (unknown Revises / Depends On) and cycles, naming the file at fault.
 */
#ifndef RG_GRAPH_H
#define RG_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "runner/revision.h"
#include "util/util.h"

struct rg_graph {
	size_t n;
	struct rg_revision **revs; /* topological order: parents first; ties by
				      create date then id, so it is stable */
	/* parents[i][k]: index into revs of revs[i]->down[k] */
	size_t **parents;
};

/* Loads every *.sql file of dir (not recursive).  A missing dir is an
 * error; an empty one gives an empty graph. */
int rg_graph_load(struct rg_graph **out, const char *dir, struct rg_error *err);
void rg_graph_free(struct rg_graph *g); /* accepts NULL */

/* Adds r, which no revision of g revises, as g's last revision (g owns
 * it then): a revision about to be written, tried first (`revision
 * --verify`).  Its id must be new and its Revises and Depends On known. */
int rg_graph_append(struct rg_graph *g, struct rg_revision *r, struct rg_error *err);

/* Index of the revision with this exact id, or -1. */
long rg_graph_index(const struct rg_graph *g, const char *id);
/*
 * Resolves an id, a unique prefix of at least 4 characters, or a branch
 * label to its index.  Unknown or ambiguous (candidates listed) is an error.
 */
int rg_graph_lookup(const struct rg_graph *g, const char *ref, size_t *out,
		    struct rg_error *err);
/* The heads (revisions nobody revises), as indexes in revs order;
 * *out is malloc'd. */
void rg_graph_heads(const struct rg_graph *g, size_t **out, size_t *n);
/* Marks in mark[] (g->n bools, caller-allocated) idx and all its
 * ancestors (through Revises and Depends On). */
void rg_graph_ancestors(const struct rg_graph *g, size_t idx, bool *mark);

#endif
