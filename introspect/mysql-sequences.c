/*
 * mysql-sequences.c (introspect) - the values of MariaDB's standalone
 * sequences (10.3+; MySQL has none).  information_schema has no view of
 * them before MariaDB 11.5: a sequence is a table of one row
 * (start_value, increment, ...), so the values are one SELECT of all of
 * them, asked only when the tables' read found one.
 */
#include <string.h>

#include "introspect/mysql-internal.h"

int rg_my_read_sequences(struct mysql_conn *c, struct rg_schema *s, struct rg_error *err)
{
	if (!s->nsequences)
		return 0;
	struct rg_buf q = RG_BUF_INIT;
	for (size_t i = 0; i < s->nsequences; i++) {
		rg_buf_add(&q, i ? " UNION ALL SELECT " : "SELECT ");
		rg_my_literal(&q, s->sequences[i]->name);
		rg_buf_add(&q, ", start_value, increment, minimum_value, maximum_value, cache_size, "
			       "cycle_option FROM ");
		rg_my_quote(&q, s->sequences[i]->name);
	}
	static const char what[] = "reading the sequences' values";
	MYSQL_RES *res = rg_my_query_stream(c, q.data, what, err);
	rg_buf_free(&q);
	if (!res)
		return -1;
	MYSQL_ROW row;
	while ((row = MY->mysql_fetch_row(res)) != NULL) {
		bool null = false;
		for (int i = 0; i < 7; i++)
			null |= !row[i];
		struct rg_sequence *sq = null ? NULL : rg_schema_find_sequence(s, row[0]);
		if (!sq)
			continue;
		sq->type = "bigint";
		sq->start = rg_arena_strdup(s->arena, row[1]);
		sq->increment = rg_arena_strdup(s->arena, row[2]);
		sq->min = rg_arena_strdup(s->arena, row[3]);
		sq->max = rg_arena_strdup(s->arena, row[4]);
		sq->cache = rg_arena_strdup(s->arena, row[5]);
		sq->cycle = strcmp(row[6], "0") != 0;
	}
	if (rg_my_stream_end(c, res, what, err) < 0)
		return -1;
	for (size_t i = 0; i < s->nsequences; i++)
		if (!s->sequences[i]->start)
			return rg_error_set(err, "%s: no row for sequence %s", what, s->sequences[i]->name);
	return 0;
}
