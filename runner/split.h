/*
 * split.h - splits a section of a revision file into statements.
 *
 * The lexer respects single, double and backquoted quotes, E'...' strings,
 * -- and / * * / comments, PostgreSQL dollar quotes ($$ and $tag$),
 * parentheses and trigger/procedure bodies (CREATE TRIGGER ... BEGIN ...
 * END;), so that a ';' inside any of them does not end a statement.
 * [brackets] are not quotes (they are PostgreSQL subscripts); split.c lists
 * what else is left out and why.
 */
#ifndef RG_SPLIT_H
#define RG_SPLIT_H

#include <stddef.h>

#include "util/util.h"

struct rg_stmt {
	char *sql;     /* statement text from its first token to its last:
			  no final ';', no comments before or after it */
	unsigned line; /* line (of the file) of its first token */
};

/* first_line: the file line number of the first line of sql.  Statements
 * that are only whitespace and comments are dropped.  An unterminated quote,
 * comment or body is an error naming the line where it began. */
int rg_split_sql(struct rg_stmt **out, size_t *n, const char *sql,
		 unsigned first_line, struct rg_error *err);
void rg_stmts_free(struct rg_stmt *s, size_t n); /* accepts NULL */

#endif
