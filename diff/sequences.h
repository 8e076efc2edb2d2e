/*
 * sequences.h - the differ's part for standalone sequences (struct
 * rg_sequence), on a database that has them (rg_compare's
 * sequence_defaults: PostgreSQL, MariaDB).  A sequence is made before the
 * tables of a revision, whose defaults may name it (nextval('order_no')),
 * and dropped after them.
 */
#ifndef RG_SEQUENCES_H
#define RG_SEQUENCES_H

#include "diff/compare.h"
#include "diff/oplist.h"

/*
 * Appends to *pre (malloc'd, *npre of them, capacity *cap_pre) the
 * CREATE_SEQUENCE and ALTER_SEQUENCE ops that bring from's sequences to
 * to's, and to *post those that DROP_SEQUENCE: a sequence of from that to
 * lacks, unless a column default of to names it (a model that takes its
 * numbers without RG_SEQUENCE: left as it is).  Both sides' values complete (the catalog's; the models' once
 * sequence_defaults filled them in), so they compare as text.
 */
void rg_diff_sequences(const struct rg_schema *from, const struct rg_schema *to,
		       const struct rg_compare *d, struct rg_op **pre, size_t *npre,
		       size_t *cap_pre, struct rg_op **post, size_t *npost, size_t *cap_post);

/*
 * The values q leaves out (NULL), as a database fills them in: increment
 * 1; ascending, min 1 and max `hi`; descending, min `lo` and max -1; start
 * min (ascending) or max; cache `cache`.  For sequence_defaults.
 */
void rg_sequence_fill(struct rg_arena *a, struct rg_sequence *q, long long lo, long long hi,
		      long long cache);

#endif
