/*
 * parse.c - classifies one statement (lint.h) with a tokenizer.
 *
 * The statements come from rg_split_sql(), so each is whole and has no
 * comment around it; what is left to read is the statement's head (the
 * kind, the table) and, for ALTER TABLE, its comma-separated actions at
 * parenthesis depth 0.  Anything not recognised is RG_LK_OTHER or
 * RG_LA_OTHER: the rules never guess about what they cannot read.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/lint.h"

enum tok_kind { T_WORD, T_QUOTED, T_STRING, T_NUMBER, T_PUNCT };

struct tok {
	enum tok_kind kind;
	const char *s; /* in the statement: start */
	size_t n;      /* length in the statement */
	char *text;    /* a word or quoted identifier unquoted; NULL otherwise */
	int depth;     /* parenthesis depth before the token */
};

struct p {
	struct rg_arena *a;
	const char *dialect;
	const char *sql;
	struct tok *t;
	size_t n, cap;
};

static void push(struct p *p, enum tok_kind k, const char *s, size_t n, int depth)
{
	rg_grow((void **)&p->t, &p->cap, p->n + 1, sizeof(*p->t));
	struct tok *t = &p->t[p->n++];
	t->kind = k;
	t->s = s;
	t->n = n;
	t->depth = depth;
	t->text = NULL;
	if (k == T_WORD) {
		t->text = rg_arena_strndup(p->a, s, n);
	} else if (k == T_QUOTED) {
		/* the quote doubled inside stands for itself */
		char q = s[0] == '[' ? ']' : s[0];
		struct rg_buf b = RG_BUF_INIT;
		for (size_t i = 1; i + 1 < n; i++) {
			rg_buf_addc(&b, s[i]);
			if (s[i] == q && s[i + 1] == q)
				i++;
		}
		t->text = rg_arena_strdup(p->a, rg_buf_str(&b));
		rg_buf_free(&b);
	}
}

/* The length of the quoted text at s (quote q).  backslash: a backslash
 * escapes the next character (MySQL's strings, PostgreSQL's E'...'); in
 * PostgreSQL's and SQLite's standard strings it is a character. */
static size_t quoted_end(const char *s, char q, bool backslash)
{
	size_t i = 1;
	for (; s[i]; i++) {
		if (backslash && s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (s[i] == q) {
			if (s[i + 1] == q) {
				i++;
				continue;
			}
			return i + 1;
		}
	}
	return i;
}

static void tokenize(struct p *p)
{
	const char *s = p->sql;
	bool mysql = strcmp(p->dialect, "mysql") == 0;
	int depth = 0;
	size_t i = 0;
	while (s[i]) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			i++;
		} else if (c == '-' && s[i + 1] == '-') {
			while (s[i] && s[i] != '\n')
				i++;
		} else if (c == '/' && s[i + 1] == '*') {
			const char *e = strstr(s + i + 2, "*/");
			i = e ? (size_t)(e - s) + 2 : strlen(s);
		} else if (c == '\'') {
			size_t n = quoted_end(s + i, '\'', mysql);
			push(p, T_STRING, s + i, n, depth);
			i += n;
		} else if (c == '"' || c == '`') {
			size_t n = quoted_end(s + i, (char)c, false);
			push(p, T_QUOTED, s + i, n, depth);
			i += n;
		} else if (c == '$' && (s[i + 1] == '$' || isalpha((unsigned char)s[i + 1]) ||
					s[i + 1] == '_')) {
			/* a dollar quote: $tag$ ... $tag$ */
			size_t j = i + 1;
			while (isalnum((unsigned char)s[j]) || s[j] == '_')
				j++;
			if (s[j] != '$') {
				push(p, T_PUNCT, s + i, 1, depth);
				i++;
				continue;
			}
			size_t taglen = j - i + 1;
			const char *e = s + j + 1;
			while ((e = strchr(e, '$')) && strncmp(e, s + i, taglen) != 0)
				e++;
			size_t n = e ? (size_t)(e - (s + i)) + taglen : strlen(s + i);
			push(p, T_STRING, s + i, n, depth);
			i += n;
		} else if (isalpha(c) || c == '_' || c >= 0x80) {
			size_t j = i;
			while (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$' ||
			       (unsigned char)s[j] >= 0x80)
				j++;
			/* E'...' and N'...' strings */
			if (j == i + 1 && s[j] == '\'' && strchr("eEnNbBxX", c)) {
				size_t n = quoted_end(s + j, '\'', mysql || c == 'e' || c == 'E');
				push(p, T_STRING, s + i, n + 1, depth);
				i = j + n;
				continue;
			}
			push(p, T_WORD, s + i, j - i, depth);
			i = j;
		} else if (isdigit(c)) {
			size_t j = i;
			while (isalnum((unsigned char)s[j]) || s[j] == '.')
				j++;
			push(p, T_NUMBER, s + i, j - i, depth);
			i = j;
		} else {
			if (c == ')' && depth > 0)
				depth--;
			push(p, T_PUNCT, s + i, 1, depth);
			if (c == '(')
				depth++;
			i++;
		}
	}
}

/* ---- reading tokens ---- */

static bool is(const struct p *p, size_t i, size_t e, const char *word)
{
	return i < e && p->t[i].kind == T_WORD && strcasecmp(p->t[i].text, word) == 0;
}

static bool punct(const struct p *p, size_t i, size_t e, char c)
{
	return i < e && p->t[i].kind == T_PUNCT && p->t[i].s[0] == c;
}

static bool ident(const struct p *p, size_t i, size_t e)
{
	return i < e && (p->t[i].kind == T_WORD || p->t[i].kind == T_QUOTED);
}

/* Skips the words given (each optional, in order, case-insensitively). */
static size_t skip_words(const struct p *p, size_t i, size_t e, const char *const *words)
{
	for (; *words; words++)
		if (is(p, i, e, *words))
			i++;
	return i;
}

/* IF [NOT] EXISTS */
static size_t skip_if(const struct p *p, size_t i, size_t e)
{
	if (is(p, i, e, "IF") && is(p, i + 1, e, "EXISTS"))
		return i + 2;
	if (is(p, i, e, "IF") && is(p, i + 1, e, "NOT") && is(p, i + 2, e, "EXISTS"))
		return i + 3;
	return i;
}

/* A name, qualified or not: its last part (the table, not the schema);
 * *i moves past it.  NULL when there is none. */
static char *name(const struct p *p, size_t *i, size_t e)
{
	if (!ident(p, *i, e))
		return NULL;
	char *last = p->t[*i].text;
	(*i)++;
	while (punct(p, *i, e, '.') && ident(p, *i + 1, e)) {
		last = p->t[*i + 1].text;
		*i += 2;
	}
	return last;
}

static char *text_of(const struct p *p, size_t from, size_t to)
{
	if (from >= to)
		return NULL;
	const char *s = p->t[from].s, *end = p->t[to - 1].s + p->t[to - 1].n;
	return rg_arena_strndup(p->a, s, (size_t)(end - s));
}

/* The index of the token closing the parenthesis opened at i. */
static size_t close_paren(const struct p *p, size_t i, size_t e)
{
	int d = p->t[i].depth;
	for (size_t k = i + 1; k < e; k++)
		if (punct(p, k, e, ')') && p->t[k].depth == d)
			return k;
	return e;
}

/* "(a, b DESC, c)" at i: the plain column names when every part is one
 * (an expression or a prefix length makes it *n = 0). */
static void key_columns(const struct p *p, size_t i, size_t e, char ***cols, size_t *n)
{
	*cols = NULL;
	*n = 0;
	if (!punct(p, i, e, '('))
		return;
	size_t end = close_paren(p, i, e), cap = 0;
	size_t k = i + 1;
	while (k < end) {
		if (!ident(p, k, end)) {
			*n = 0;
			return;
		}
		char *c = p->t[k++].text;
		while (k < end && (is(p, k, end, "ASC") || is(p, k, end, "DESC") ||
				   is(p, k, end, "COLLATE") || is(p, k, end, "NULLS") ||
				   is(p, k, end, "FIRST") || is(p, k, end, "LAST")))
			k += is(p, k, end, "COLLATE") ? 2 : 1;
		if (k < end && !punct(p, k, end, ',')) {
			*n = 0;
			return;
		}
		k++;
		rg_arena_push(p->a, (void ***)cols, n, &cap, c);
	}
}

/* Functions whose value differs per row: a column added with one as its
 * default is filled row by row (PostgreSQL rewrites the table). */
static bool volatile_call(const struct p *p, size_t from, size_t to)
{
	static const char *const fns[] = {
		"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
		"uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday",
		"nextval", "uuid", "rand", "uuid_short", "sysdate", "random_bytes",
		"randomblob",
	};
	for (size_t k = from; k + 1 < to; k++) {
		if (p->t[k].kind != T_WORD || !punct(p, k + 1, to, '('))
			continue;
		for (size_t f = 0; f < RG_ARRAY_LEN(fns); f++)
			if (strcasecmp(p->t[k].text, fns[f]) == 0)
				return true;
	}
	return false;
}

/* Words that end a column's type in its definition. */
static bool ends_type(const struct p *p, size_t k, size_t e)
{
	static const char *const w[] = {
		"NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE", "REFERENCES",
		"CHECK", "GENERATED", "COLLATE", "AS", "AUTO_INCREMENT", "COMMENT", "FIRST",
		"AFTER", "ON", "USING", "INVISIBLE", "VISIBLE", "AUTOINCREMENT", "KEY",
		"CHARACTER", "CHARSET", "STORED", "VIRTUAL", "SRID",
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(w); i++)
		if (is(p, k, e, w[i]))
			return true;
	return false;
}

/* A column definition from i (its name) to e, into a. */
static void column_def(struct p *p, size_t i, size_t e, struct rg_lint_action *a)
{
	a->column = name(p, &i, e);
	int d = i < e ? p->t[i].depth : 0;
	size_t ts = i;
	while (i < e && !(p->t[i].depth == d && ends_type(p, i, e)))
		i++;
	a->type = text_of(p, ts, i);
	static const char *const serials[] = {"serial", "bigserial", "smallserial",
					       "serial2", "serial4", "serial8"};
	for (size_t s = 0; a->type && s < RG_ARRAY_LEN(serials); s++)
		if (strcasecmp(a->type, serials[s]) == 0)
			a->fills = true;
	for (; i < e; i++) {
		if (p->t[i].depth != d)
			continue;
		if (is(p, i, e, "NOT") && is(p, i + 1, e, "NULL")) {
			a->not_null = true;
			i++;
		} else if (is(p, i, e, "PRIMARY") && is(p, i + 1, e, "KEY")) {
			a->not_null = true;
		} else if (is(p, i, e, "DEFAULT")) {
			size_t s = ++i;
			while (i < e && !(p->t[i].depth == d && i > s && ends_type(p, i, e)))
				i++;
			a->default_expr = text_of(p, s, i);
			a->volatile_default = volatile_call(p, s, i);
			i--;
		} else if (is(p, i, e, "IDENTITY") || is(p, i, e, "AUTO_INCREMENT") ||
			   is(p, i, e, "STORED") || is(p, i, e, "AUTOINCREMENT")) {
			a->fills = true;
		} else if (is(p, i, e, "GENERATED") || (is(p, i, e, "AS") && punct(p, i + 1, e, '('))) {
			/* a generated column computes its values: never "without a default" */
			a->default_expr = a->default_expr ? a->default_expr : (char *)"(generated)";
			if (!is(p, i + 3, e, "IDENTITY") && !is(p, i + 4, e, "IDENTITY"))
				a->generated = true;
			if (is(p, i, e, "GENERATED") && !is(p, i + 3, e, "IDENTITY") &&
			    !is(p, i + 4, e, "IDENTITY") && strcmp(p->dialect, "postgresql") == 0)
				a->fills = true; /* PostgreSQL's generated columns are STORED */
		} else if (is(p, i, e, "REFERENCES")) {
			size_t k = i + 1;
			a->ref_table = name(p, &k, e);
		} else if ((is(p, i, e, "CHARACTER") && is(p, i + 1, e, "SET")) ||
			   is(p, i, e, "CHARSET")) {
			i += is(p, i, e, "CHARSET") ? 1 : 2;
			if (ident(p, i, e))
				a->charset = p->t[i].text;
		} else if (is(p, i, e, "FIRST") || is(p, i, e, "AFTER")) {
			a->positioned = true;
		}
	}
}

/* ADD ... from i (past ADD) to e. */
static void add_action(struct p *p, size_t i, size_t e, struct rg_lint_action *a)
{
	if (is(p, i, e, "CONSTRAINT")) {
		i++;
		a->constraint = name(p, &i, e);
	}
	bool unique = false;
	if (is(p, i, e, "PRIMARY") && is(p, i + 1, e, "KEY")) {
		a->kind = RG_LA_ADD_PK;
		i += 2;
	} else if (is(p, i, e, "UNIQUE")) {
		a->kind = RG_LA_ADD_UNIQUE;
		unique = true;
		i++;
		if (is(p, i, e, "INDEX") || is(p, i, e, "KEY"))
			i++;
	} else if (is(p, i, e, "FOREIGN") && is(p, i + 1, e, "KEY")) {
		a->kind = RG_LA_ADD_FK;
		i += 2;
		if (ident(p, i, e))
			i++; /* MySQL's index name */
	} else if (is(p, i, e, "CHECK")) {
		a->kind = RG_LA_ADD_CHECK;
		i++;
		if (punct(p, i, e, '('))
			a->check = text_of(p, i + 1, close_paren(p, i, e));
	} else if (is(p, i, e, "INDEX") || is(p, i, e, "KEY") || is(p, i, e, "FULLTEXT") ||
		   is(p, i, e, "SPATIAL")) {
		a->kind = RG_LA_ADD_INDEX;
		a->fulltext = is(p, i, e, "FULLTEXT") || is(p, i, e, "SPATIAL");
		i++;
		if (is(p, i, e, "INDEX") || is(p, i, e, "KEY"))
			i++;
	} else if (is(p, i, e, "EXCLUDE")) {
		a->kind = RG_LA_OTHER;
		return;
	} else {
		if (is(p, i, e, "COLUMN"))
			i++;
		i = skip_if(p, i, e);
		a->kind = RG_LA_ADD_COLUMN;
		column_def(p, i, e, a);
		return;
	}
	if ((a->kind == RG_LA_ADD_INDEX || unique) && ident(p, i, e) && !is(p, i, e, "USING"))
		a->constraint = name(p, &i, e);
	if (is(p, i, e, "USING") && is(p, i + 1, e, "INDEX"))
		a->using_index = true;
	if (is(p, i, e, "USING") && !a->using_index)
		i += 2; /* MySQL's USING BTREE */
	if (a->kind != RG_LA_ADD_CHECK)
		key_columns(p, i, e, &a->columns, &a->ncolumns);
	for (size_t k = i; k < e; k++) {
		if (is(p, k, e, "NOT") && is(p, k + 1, e, "VALID"))
			a->not_valid = true;
		if (a->kind == RG_LA_ADD_FK && is(p, k, e, "REFERENCES")) {
			size_t j = k + 1;
			a->ref_table = name(p, &j, e);
		}
	}
}

static void alter_column(struct p *p, size_t i, size_t e, struct rg_lint_action *a)
{
	if (is(p, i, e, "COLUMN"))
		i++;
	a->column = name(p, &i, e);
	if (is(p, i, e, "TYPE") || (is(p, i, e, "SET") && is(p, i + 1, e, "DATA"))) {
		i += is(p, i, e, "TYPE") ? 1 : 3;
		a->kind = RG_LA_ALTER_TYPE;
		size_t s = i;
		while (i < e && !is(p, i, e, "USING") && !is(p, i, e, "COLLATE"))
			i++;
		a->type = text_of(p, s, i);
	} else if (is(p, i, e, "SET") && is(p, i + 1, e, "NOT") && is(p, i + 2, e, "NULL")) {
		a->kind = RG_LA_SET_NOT_NULL;
	} else if (is(p, i, e, "DROP") && is(p, i + 1, e, "NOT") && is(p, i + 2, e, "NULL")) {
		a->kind = RG_LA_DROP_NOT_NULL;
	} else if (is(p, i, e, "SET") && is(p, i + 1, e, "DEFAULT")) {
		a->kind = RG_LA_SET_DEFAULT;
		a->default_expr = text_of(p, i + 2, e);
	} else if (is(p, i, e, "DROP") && is(p, i + 1, e, "DEFAULT")) {
		a->kind = RG_LA_DROP_DEFAULT;
	}
}

static void action(struct p *p, size_t i, size_t e, struct rg_lint_action *a)
{
	memset(a, 0, sizeof(*a));
	if (is(p, i, e, "ADD")) {
		add_action(p, i + 1, e, a);
	} else if (is(p, i, e, "DROP")) {
		i++;
		if (is(p, i, e, "CONSTRAINT") || is(p, i, e, "FOREIGN") || is(p, i, e, "CHECK")) {
			i += is(p, i, e, "FOREIGN") ? 2 : 1;
			i = skip_if(p, i, e);
			a->kind = RG_LA_DROP_CONSTRAINT;
			a->constraint = name(p, &i, e);
		} else if (is(p, i, e, "PRIMARY")) {
			a->kind = RG_LA_DROP_PK;
		} else if (is(p, i, e, "INDEX") || is(p, i, e, "KEY")) {
			i++;
			i = skip_if(p, i, e);
			a->kind = RG_LA_DROP_INDEX;
			a->constraint = name(p, &i, e);
		} else if (!is(p, i, e, "DEFAULT")) {
			if (is(p, i, e, "COLUMN"))
				i++;
			i = skip_if(p, i, e);
			a->kind = RG_LA_DROP_COLUMN;
			a->column = name(p, &i, e);
		}
	} else if (is(p, i, e, "ALTER")) {
		alter_column(p, i + 1, e, a);
	} else if (is(p, i, e, "MODIFY") || is(p, i, e, "CHANGE")) {
		bool change = is(p, i, e, "CHANGE");
		i++;
		if (is(p, i, e, "COLUMN"))
			i++;
		a->kind = RG_LA_MODIFY;
		if (change) {
			char *old = name(p, &i, e);
			column_def(p, i, e, a);
			a->new_name = a->column;
			a->column = old;
		} else {
			column_def(p, i, e, a);
		}
	} else if (is(p, i, e, "RENAME")) {
		i++;
		if (is(p, i, e, "TO") || is(p, i, e, "AS") || (i < e && p->t[i].kind != T_WORD) ||
		    (ident(p, i, e) && i + 1 >= e)) {
			if (is(p, i, e, "TO") || is(p, i, e, "AS"))
				i++;
			a->kind = RG_LA_RENAME_TABLE;
			a->new_name = name(p, &i, e);
		} else if (is(p, i, e, "INDEX") || is(p, i, e, "KEY") || is(p, i, e, "CONSTRAINT")) {
			a->kind = RG_LA_OTHER;
		} else {
			if (is(p, i, e, "COLUMN"))
				i++;
			a->kind = RG_LA_RENAME_COLUMN;
			a->column = name(p, &i, e);
			if (is(p, i, e, "TO"))
				i++;
			a->new_name = name(p, &i, e);
		}
	} else if (is(p, i, e, "VALIDATE") && is(p, i + 1, e, "CONSTRAINT")) {
		a->kind = RG_LA_VALIDATE;
		i += 2;
		a->constraint = name(p, &i, e);
	} else if (is(p, i, e, "ALGORITHM")) {
		a->kind = RG_LA_ALGORITHM;
		i++;
		if (punct(p, i, e, '='))
			i++;
		if (ident(p, i, e))
			a->type = p->t[i].text;
	} else if (is(p, i, e, "CONVERT") && is(p, i + 1, e, "TO")) {
		a->kind = RG_LA_CONVERT_CHARSET;
	}
}

static void alter_table(struct p *p, size_t i, struct rg_lint_stmt *st)
{
	static const char *const opt[] = {"ONLY", NULL};
	i = skip_if(p, i, p->n);
	i = skip_words(p, i, p->n, opt);
	st->table = name(p, &i, p->n);
	if (!st->table)
		return;
	st->kind = RG_LK_ALTER_TABLE;
	size_t cap = 0;
	while (i < p->n) {
		size_t e = i;
		while (e < p->n && !(punct(p, e, p->n, ',') && p->t[e].depth == 0))
			e++;
		rg_grow((void **)&st->acts, &cap, st->nacts + 1, sizeof(*st->acts));
		action(p, i, e, &st->acts[st->nacts++]);
		i = e + 1;
	}
	/* the actions live in the arena like the rest */
	struct rg_lint_action *acts = rg_arena_alloc(p->a, st->nacts * sizeof(*acts) + 1);
	if (st->nacts)
		memcpy(acts, st->acts, st->nacts * sizeof(*acts));
	free(st->acts);
	st->acts = acts;
}

/* CREATE TABLE's columns, from its '(' at i to the ')' at e, as
 * RG_LA_ADD_COLUMN actions (table constraints left out). */
static void table_columns(struct p *p, size_t i, size_t e, struct rg_lint_stmt *st)
{
	static const char *const constraint[] = {"CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN",
						 "CHECK", "KEY", "INDEX", "EXCLUDE", "FULLTEXT",
						 "SPATIAL", "LIKE"};
	size_t n = 0;
	for (size_t k = i + 1; k < e; k++)
		n += punct(p, k, e, ',') && p->t[k].depth == p->t[i].depth + 1;
	st->acts = rg_arena_alloc(p->a, (n + 1) * sizeof(*st->acts));
	size_t s = i + 1;
	while (s < e) {
		size_t end = s;
		while (end < e && !(punct(p, end, e, ',') && p->t[end].depth == p->t[i].depth + 1))
			end++;
		bool column = ident(p, s, end);
		for (size_t c = 0; column && c < RG_ARRAY_LEN(constraint); c++)
			if (is(p, s, end, constraint[c]))
				column = false;
		if (column) {
			struct rg_lint_action *a = &st->acts[st->nacts++];
			memset(a, 0, sizeof(*a));
			a->kind = RG_LA_ADD_COLUMN;
			column_def(p, s, end, a);
		}
		s = end + 1;
	}
}

static void create(struct p *p, size_t i, struct rg_lint_stmt *st)
{
	size_t e = p->n;
	if (is(p, i, e, "OR") && is(p, i + 1, e, "REPLACE"))
		i += 2;
	if (is(p, i, e, "TEMP") || is(p, i, e, "TEMPORARY")) {
		st->temporary = true;
		i++;
	}
	static const char *const kinds[] = {"UNLOGGED", "UNIQUE", "FULLTEXT", "SPATIAL", NULL};
	if (is(p, i, e, "UNIQUE"))
		st->unique = true;
	i = skip_words(p, i, e, kinds);
	if (is(p, i, e, "TABLE")) {
		i = skip_if(p, i + 1, e);
		st->kind = RG_LK_CREATE_TABLE;
		st->table = name(p, &i, e);
		if (punct(p, i, e, '('))
			table_columns(p, i, close_paren(p, i, e), st);
	} else if (is(p, i, e, "INDEX")) {
		i++;
		if (is(p, i, e, "CONCURRENTLY")) {
			st->concurrently = true;
			i++;
		}
		i = skip_if(p, i, e);
		if (!is(p, i, e, "ON"))
			st->object = name(p, &i, e);
		while (i < e && !is(p, i, e, "ON"))
			i++; /* MySQL's USING BTREE before ON */
		i++;
		if (is(p, i, e, "ONLY"))
			i++;
		st->table = name(p, &i, e);
		if (is(p, i, e, "USING"))
			i += 2;
		key_columns(p, i, e, &st->columns, &st->ncolumns);
		if (st->table)
			st->kind = RG_LK_CREATE_INDEX;
	}
}

static void drop(struct p *p, size_t i, struct rg_lint_stmt *st)
{
	size_t e = p->n;
	if (is(p, i, e, "TEMPORARY"))
		i++;
	if (is(p, i, e, "TABLE")) {
		i = skip_if(p, i + 1, e);
		st->table = name(p, &i, e);
		if (st->table)
			st->kind = RG_LK_DROP_TABLE;
	} else if (is(p, i, e, "INDEX")) {
		i++;
		if (is(p, i, e, "CONCURRENTLY")) {
			st->concurrently = true;
			i++;
		}
		i = skip_if(p, i, e);
		st->object = name(p, &i, e);
		if (is(p, i, e, "ON")) {
			i++;
			st->table = name(p, &i, e);
		}
		if (st->object)
			st->kind = RG_LK_DROP_INDEX;
	}
}

/* INSERT ... SELECT's list from i: each item a plain column's name, or
 * NULL for an expression. */
static void select_list(struct p *p, size_t i, size_t e, struct rg_lint_stmt *st)
{
	size_t cap = 0;
	while (i < e && !(is(p, i, e, "FROM") && p->t[i].depth == 0)) {
		size_t end = i;
		while (end < e && !(p->t[end].depth == 0 &&
				    (punct(p, end, e, ',') || is(p, end, e, "FROM"))))
			end++;
		char *col = end == i + 1 && ident(p, i, end) ? p->t[i].text : NULL;
		rg_arena_push(p->a, (void ***)&st->sources, &st->nsources, &cap, col);
		i = punct(p, end, e, ',') ? end + 1 : end;
	}
}

void rg_lint_classify(struct rg_arena *a, const char *dialect, const char *sql,
		      unsigned line, struct rg_lint_stmt *st)
{
	memset(st, 0, sizeof(*st));
	st->line = line;
	st->sql = sql;
	struct p p = {a, dialect, sql, NULL, 0, 0};
	tokenize(&p);
	size_t e = p.n, i = 1;
	if (is(&p, 0, e, "ALTER") && is(&p, 1, e, "TABLE")) {
		alter_table(&p, 2, st);
	} else if (is(&p, 0, e, "CREATE")) {
		create(&p, 1, st);
	} else if (is(&p, 0, e, "DROP")) {
		drop(&p, 1, st);
	} else if (is(&p, 0, e, "RENAME") && is(&p, 1, e, "TABLE")) {
		i = 2;
		st->table = name(&p, &i, e);
		if (is(&p, i, e, "TO")) {
			i++;
			st->object = name(&p, &i, e);
		}
		if (st->table && st->object)
			st->kind = RG_LK_RENAME_TABLE;
	} else if ((is(&p, 0, e, "INSERT") || is(&p, 0, e, "REPLACE")) && is(&p, 1, e, "INTO")) {
		i = 2;
		st->table = name(&p, &i, e);
		key_columns(&p, i, e, &st->columns, &st->ncolumns);
		if (punct(&p, i, e, '('))
			i = close_paren(&p, i, e) + 1;
		if (is(&p, i, e, "SELECT"))
			select_list(&p, i + 1, e, st);
		for (; i < e; i++)
			if (is(&p, i, e, "FROM") && p.t[i].depth == 0) {
				i++;
				st->object = name(&p, &i, e);
				break;
			}
		if (st->table)
			st->kind = RG_LK_INSERT;
	} else if (is(&p, 0, e, "SET")) {
		if (is(&p, 1, e, "SESSION") || is(&p, 1, e, "LOCAL"))
			i++;
		st->kind = RG_LK_SET;
		st->object = ident(&p, i, e) ? p.t[i].text : NULL;
		for (i++; i < e && (is(&p, i, e, "TO") || punct(&p, i, e, '=')); i++)
			;
		st->value = text_of(&p, i, e);
	} else if (is(&p, 0, e, "ALTER") && is(&p, 1, e, "TYPE")) {
		i = 2;
		st->object = name(&p, &i, e);
		if (is(&p, i, e, "ADD") && is(&p, i + 1, e, "VALUE"))
			st->kind = RG_LK_ENUM_ADD_VALUE;
	} else if (is(&p, 0, e, "REINDEX")) {
		st->kind = RG_LK_REINDEX;
		for (i = 1; i < e; i++)
			if (is(&p, i, e, "CONCURRENTLY"))
				st->concurrently = true;
	} else if (is(&p, 0, e, "VACUUM")) {
		st->kind = RG_LK_VACUUM;
	}
	free(p.t);
}
