/*
 * mysql.c (diff) - MySQL/MariaDB's canonical forms: information_schema
 * spells types, defaults and CHECK expressions its own way (and MariaDB
 * and MySQL 8 differently), and these make that text equal to the models'.
 * Over 800 lines: three canonical forms (types with their character sets,
 * defaults, CHECK expressions), each a small tokenizer of its own; split,
 * they would share the type-word helpers across files.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diff/compare.h"
#include "diff/sequences.h"
#include "diff/mysql.h"

/*
 * Generic types in MySQL's spelling.  TIMESTAMP becomes DATETIME: MySQL's
 * TIMESTAMP converts through the session time zone, stops in 2038 and, on
 * older servers, updates itself on every UPDATE; a C time_t wants none of
 * that.  REAL becomes FLOAT: MariaDB reads REAL as DOUBLE.  An unsigned C
 * integer is the UNSIGNED integer of its width, a C enum ENUM(its labels).
 */
static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *my;
	} map[] = {
		{"BOOLEAN", "TINYINT(1)"}, {"SMALLINT", "SMALLINT"}, {"INTEGER", "INT"},
		{"BIGINT", "BIGINT"}, {"REAL", "FLOAT"}, {"DOUBLE PRECISION", "DOUBLE"},
		{"TEXT", "TEXT"}, {"TIMESTAMP", "DATETIME"},
		{"TINYINT UNSIGNED", "TINYINT UNSIGNED"}, {"SMALLINT UNSIGNED", "SMALLINT UNSIGNED"},
		{"INTEGER UNSIGNED", "INT UNSIGNED"}, {"BIGINT UNSIGNED", "BIGINT UNSIGNED"},
	};
	if (c->generic && c->enum_name) {
		/* the labels as string literals: a quote doubled, and a
		 * backslash too (an escape in MySQL's default sql_mode) */
		rg_buf_add(out, "ENUM(");
		for (size_t i = 0; i < c->nlabels; i++) {
			rg_buf_add(out, i ? ",'" : "'");
			for (const char *p = c->labels[i]; *p; p++) {
				if (*p == '\'' || *p == '\\')
					rg_buf_addc(out, *p);
				rg_buf_addc(out, *p);
			}
			rg_buf_addc(out, '\'');
		}
		rg_buf_addc(out, ')');
		return;
	}
	if (c->generic)
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].my);
				return;
			}
	rg_buf_add(out, c->type ? c->type : "");
}

/* ---- types ----
 *
 * A type's text is split in words, each with its parenthesised arguments
 * ("varchar(10)", "unsigned"); the words that speak of characters
 * (CHARACTER SET x, COLLATE y, BINARY, NATIONAL) are taken out of the type
 * and compared as the column's character set (same_charset). */

#define MAX_WORDS 16

struct type_words {
	char *buf; /* small, or malloc'd: type_words_free */
	char small[64];
	char *w[MAX_WORDS];
	size_t n;
};

static void type_words_free(struct type_words *tw)
{
	if (tw->buf != tw->small)
		free(tw->buf);
}

/* True when rg_sql_canon would only change the case of type: one word
 * of letters, digits and argument lists ("varchar(40)", "int(11)",
 * "decimal(10,2)"), as nearly every column's type is.  The differ asks
 * for the character set of every column, and canonicalising (a buffer,
 * a copy) each time was most of a large diff. */
static bool plain_type(const char *type)
{
	if (*type == '(')
		return false;
	for (const char *p = type; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_(),", *p))
			return false;
	return true;
}

/* The canonical text of type in lower case (outside quotes: ENUM('A') and
 * ENUM('a') differ), split in words; past MAX_WORDS, the last word takes
 * the rest with its spaces. */
static void split_type(const char *type, struct type_words *tw)
{
	struct rg_buf low = RG_BUF_INIT;
	const char *text = type ? type : "";
	if (!plain_type(text)) {
		rg_sql_canon(&low, text);
		text = rg_buf_str(&low);
	}
	size_t need = 2 * strlen(text) + 2; /* room for a '\0' after every ')' */
	tw->buf = need <= sizeof(tw->small) ? tw->small : rg_xmalloc(need);
	size_t o = 0;
	bool quoted = false;
	tw->n = 0;
	bool start = true;
	/* rg_sql_canon keeps no space after ')': "varchar(40)binary" */
	for (const char *p = text; *p; p++) {
		char ch = *p;
		if (ch == '\'')
			quoted = !quoted;
		if (!quoted && ch == ' ' && tw->n < MAX_WORDS) {
			tw->buf[o++] = '\0';
			start = true;
			continue;
		}
		if (start && tw->n < MAX_WORDS) {
			tw->w[tw->n++] = tw->buf + o;
			start = false;
		}
		tw->buf[o++] = quoted ? ch : (char)tolower((unsigned char)ch);
		if (!quoted && ch == ')' && isalpha((unsigned char)p[1]) && tw->n < MAX_WORDS) {
			tw->buf[o++] = '\0';
			start = true;
		}
	}
	tw->buf[o] = '\0';
	rg_buf_free(&low);
}

/* "varchar(10)" is the word "varchar" */
static bool word_is(const char *w, const char *name)
{
	size_t n = strlen(name);
	return strncmp(w, name, n) == 0 && (w[n] == '\0' || w[n] == '(');
}

/* utf8 is MySQL's old name of utf8mb3 (and utf8_bin of utf8mb3_bin) */
static void charset_name(char *out, size_t len, const char *s, size_t n)
{
	size_t o = 0;
	if (n >= 4 && strncasecmp(s, "utf8", 4) == 0 && (n == 4 || s[4] == '_')) {
		memcpy(out, "utf8mb3", 7); /* len is at least 64 */
		o = 7;
		s += 4;
		n -= 4;
	}
	for (size_t i = 0; i < n && o + 1 < len; i++)
		out[o++] = (char)tolower((unsigned char)s[i]);
	out[o] = '\0';
}

/*
 * Splits the type in its core (name, arguments, attributes such as
 * unsigned) and what it says of characters.  Aliases of the name are
 * MySQL's own: NATIONAL VARCHAR, NVARCHAR, NCHAR VARCHAR and NCHAR VARYING
 * are VARCHAR in utf8mb3; CHAR VARYING is VARCHAR; LONG VARCHAR is
 * MEDIUMTEXT.
 */
static void parse_type(const char *type, struct type_words *tw, const char **name_args,
		       struct rg_mysql_type_cs *cs)
{
	static char longtext[] = "mediumtext", longblob[] = "mediumblob";
	memset(cs, 0, sizeof(*cs));
	split_type(type, tw);
	size_t w = 0, i = 0;
	char **v = tw->w;
	if (i < tw->n && strcmp(v[i], "national") == 0) {
		cs->national = true;
		i++;
	}
	if (i < tw->n && (word_is(v[i], "nchar") || word_is(v[i], "nvarchar"))) {
		cs->national = true;
		if (word_is(v[i], "nchar") && i + 1 < tw->n &&
		    (word_is(v[i + 1], "varchar") || word_is(v[i + 1], "varying")))
			memcpy(v[++i], "varchar", 7); /* as long as "varying" */
		else
			memmove(v[i], v[i] + 1, strlen(v[i])); /* "varchar(10)", "char(10)" */
	}
	/* CHAR(n) VARYING, CHARACTER VARYING(n) */
	if (i + 1 < tw->n && (word_is(v[i], "char") || word_is(v[i], "character")) &&
	    word_is(v[i + 1], "varying")) {
		i++;
		memcpy(v[i], "varchar", 7);
	} else if (i < tw->n && word_is(v[i], "character")) {
		memmove(v[i] + 4, v[i] + 9, strlen(v[i] + 9) + 1); /* "char(10)" */
	} else if (i < tw->n && strcmp(v[i], "long") == 0) {
		bool bin = i + 1 < tw->n && strcmp(v[i + 1], "varbinary") == 0;
		if (i + 1 < tw->n && (bin || strcmp(v[i + 1], "varchar") == 0))
			i++;
		v[i] = bin ? longblob : longtext;
	}
	if (i + 1 < tw->n && strcmp(v[i], "double") == 0 && word_is(v[i + 1], "precision")) {
		i++; /* "precision(10,2)" -> "double(10,2)" */
		memmove(v[i] + 6, v[i] + 9, strlen(v[i] + 9) + 1);
		memcpy(v[i], "double", 6);
	}
	*name_args = i < tw->n ? v[i++] : "";
	static const char *const strings[] = {"char", "varchar", "tinytext", "text", "mediumtext",
					      "longtext", "enum", "set"};
	for (size_t k = 0; k < RG_ARRAY_LEN(strings); k++)
		cs->string |= word_is(*name_args, strings[k]);
	cs->string |= cs->national;
	for (; i < tw->n; i++) {
		const char *arg = NULL;
		bool collate = false;
		if (strcmp(v[i], "character") == 0 && i + 2 < tw->n && strcmp(v[i + 1], "set") == 0) {
			arg = v[i + 2];
			i += 2;
		} else if (strcmp(v[i], "charset") == 0 && i + 1 < tw->n) {
			arg = v[++i];
		} else if (strcmp(v[i], "collate") == 0 && i + 1 < tw->n) {
			arg = v[++i];
			collate = true;
		} else if (strcmp(v[i], "binary") == 0 && cs->string) {
			cs->binary = true;
			continue;
		}
		if (arg)
			charset_name(collate ? cs->collation : cs->charset, sizeof(cs->charset), arg,
				     strlen(arg));
		else
			v[w++] = v[i]; /* an attribute of the core: unsigned, zerofill */
	}
	tw->n = w;
}

/*
 * The differ asks this of every column on both sides, and a schema has a
 * few dozen distinct types among tens of thousands of columns: answers
 * are remembered per thread (emit and the differ may run on different
 * ones), in a small table indexed by a hash of the text.  Fixed-size
 * entries: nothing to free, and a type too long for one is parsed anew.
 */
#define TYPE_CS_MEMO 64

void rg_mysql_type_cs(const char *type, struct rg_mysql_type_cs *out)
{
	static _Thread_local struct {
		char type[48];
		struct rg_mysql_type_cs cs;
	} memo[TYPE_CS_MEMO];
	const char *text = type ? type : "";
	size_t len = strlen(text);
	unsigned h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 16777619u;
	bool keep = len > 0 && len < sizeof(memo[0].type);
	h %= TYPE_CS_MEMO;
	if (keep && strcmp(memo[h].type, text) == 0) {
		*out = memo[h].cs;
		return;
	}
	struct type_words tw;
	const char *core;
	parse_type(text, &tw, &core, out);
	type_words_free(&tw);
	if (keep) {
		memcpy(memo[h].type, text, len + 1);
		memo[h].cs = *out;
	}
}

/*
 * information_schema.COLUMNS.COLUMN_TYPE: int(11) on MariaDB, int on
 * MySQL 8, tinyint(1) for BOOLEAN on both, year(4) on MariaDB for YEAR,
 * varchar(10) for NVARCHAR(10) and VARCHAR(10) BINARY (their character
 * set and collation are compared apart).  Integer display widths go
 * (except tinyint(1), which is how both spell a boolean), synonyms meet.
 */
static void canon_type(struct rg_buf *out, const char *type)
{
	struct type_words tw;
	struct rg_mysql_type_cs cs;
	const char *s;
	parse_type(type, &tw, &s, &cs);
	static const struct {
		const char *alias, *canon;
	} map[] = {
		{"integer", "int"}, {"bool", "tinyint(1)"}, {"boolean", "tinyint(1)"},
		{"real", "double"}, {"numeric", "decimal"}, {"dec", "decimal"},
		{"fixed", "decimal"}, {"int1", "tinyint"}, {"int2", "smallint"},
		{"int3", "mediumint"}, {"middleint", "mediumint"}, {"int4", "int"},
		{"int8", "bigint"}, {"float8", "double"}, {"float4", "float"},
		/* MariaDB's JSON, LONGTEXT with a json_valid() check, is read
		 * as json (introspect/mysql-catalog.c): not a LONGTEXT */
	};
	size_t name_len = strcspn(s, "(");
	const char *rest = s + name_len;
	char name[40];
	snprintf(name, sizeof(name), "%.*s", (int)(name_len < 39 ? name_len : 39), s);
	const char *cname = name;
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(name, map[i].alias) == 0)
			cname = map[i].canon;
	bool integer = strcmp(cname, "int") == 0 || strcmp(cname, "bigint") == 0 ||
		       strcmp(cname, "smallint") == 0 || strcmp(cname, "mediumint") == 0 ||
		       (strcmp(cname, "tinyint") == 0 && strncmp(rest, "(1)", 3) != 0);
	rg_buf_add(out, cname);
	if (!strchr(cname, '(')) {
		/* YEAR(4) is YEAR: the only width MySQL has kept */
		if ((integer || strcmp(cname, "year") == 0) && rest[0] == '(') {
			const char *close = strchr(rest, ')');
			rest = close ? close + 1 : rest;
		}
		if (strcmp(cname, "decimal") == 0 && rest[0] != '(')
			rg_buf_add(out, "(10,0)");
		rg_buf_add(out, rest);
	}
	for (size_t i = 0; i < tw.n; i++) {
		rg_buf_addc(out, ' ');
		rg_buf_add(out, tw.w[i]);
	}
	type_words_free(&tw);
}

/* ---- character sets ---- */

/* A character set and collation; collation "" means "the character
 * set's default, whichever it is" (a model's RG_CHARSET alone). */
struct cs_pair {
	char cs[64], co[64];
};

/* From what a model or catalog says (cs or co may be NULL); false when
 * it says nothing.  A collation alone names its character set: its name
 * up to the first '_' (latin1_swedish_ci). */
static bool pair_of(struct cs_pair *p, const char *cs, const char *co)
{
	p->cs[0] = p->co[0] = '\0';
	if (co && *co) {
		charset_name(p->co, sizeof(p->co), co, strlen(co));
		if (!cs || !*cs)
			charset_name(p->cs, sizeof(p->cs), p->co, strcspn(p->co, "_"));
	}
	if (cs && *cs)
		charset_name(p->cs, sizeof(p->cs), cs, strlen(cs));
	return p->cs[0] != '\0';
}

/* The models' side: a table's default, as declared, else as the
 * database has it (a model that says nothing leaves it as it is). */
static bool table_pair(struct cs_pair *p, const struct rg_table *tf, const struct rg_table *tt)
{
	if (pair_of(p, tt->charset, tt->collation))
		return true;
	return tf && pair_of(p, tf->charset, tf->collation);
}

static bool same_charset(const struct rg_table *tf, const struct rg_column *f,
			 const struct rg_table *tt, const struct rg_column *t)
{
	struct cs_pair want, have;
	if (!t) {
		if (!pair_of(&want, tt->charset, tt->collation))
			return true; /* the database's default, whatever it is */
		if (!pair_of(&have, tf->charset, tf->collation))
			return false;
	} else {
		struct rg_mysql_type_cs ty;
		rg_mysql_type_cs(t->type, &ty);
		/* numbers, dates, blobs have none (a charset declared there is
		 * not rendered either); nor has JSON, which MariaDB keeps as
		 * utf8mb4_bin LONGTEXT whatever the table's */
		if (!ty.string)
			return true;
		bool declared = pair_of(&want, t->charset, t->collation) ||
				pair_of(&want, ty.charset, ty.collation);
		if (!declared && ty.national)
			declared = pair_of(&want, "utf8mb3", NULL);
		if (!f->charset)
			return !declared; /* the database's is no string */
		if (!declared && !table_pair(&want, tf, tt))
			return true; /* models against models: nothing to go by */
		if (ty.binary && !t->collation && !ty.collation[0])
			snprintf(want.co, sizeof(want.co), "%.40s_bin", want.cs);
		pair_of(&have, f->charset, f->collation);
	}
	return strcmp(want.cs, have.cs) == 0 && (!want.co[0] || strcmp(want.co, have.co) == 0);
}

/* ---- canonical CHECK expressions ----
 *
 * The server does not keep a CHECK clause as written: MariaDB re-prints
 * it with `backquotes`, minimal parentheses, its own names for functions
 * (ucase, lcase, octet_length, substr, MOD), <> for !=, 1 for TRUE,
 * `d` = 0 for NOT d and 'it\'s' for 'it''s'; MySQL 8 wraps every
 * comparison in parentheses and prefixes strings with _utf8mb4.  The
 * canonical form undoes all of that on both sides, so that equal
 * meanings compare equal: strings in one spelling, then tokens, then
 * redundant parentheses removed by operator precedence. */

/* Appends the string literal at p (quoted with ' or ") as '...' with ''
 * for a quote; returns the position after it. */
static const char *norm_string(struct rg_buf *b, const char *p)
{
	char q = *p++;
	rg_buf_addc(b, '\'');
	while (*p) {
		if (*p == '\\' && p[1]) {
			if (p[1] == '\'')
				rg_buf_add(b, "''");
			else if (p[1] == '"')
				rg_buf_addc(b, '"');
			else
				rg_buf_addn(b, p, 2);
			p += 2;
		} else if (*p == q && p[1] == q) {
			rg_buf_add(b, q == '\'' ? "''" : "\"");
			p += 2;
		} else if (*p == q) {
			p++;
			break;
		} else {
			rg_buf_add(b, *p == '\'' ? "''" : (char[]){*p, '\0'});
			p++;
		}
	}
	rg_buf_addc(b, '\'');
	return p;
}

/* Strings in one spelling, identifiers without their backquotes. */
static void norm_quotes(struct rg_buf *b, const char *p)
{
	while (*p) {
		if (*p == '\'' || *p == '"') {
			p = norm_string(b, p);
		} else if (*p == '`') {
			for (p++; *p; p++) {
				if (*p == '`' && p[1] == '`')
					p++;
				else if (*p == '`')
					break;
				rg_buf_addc(b, *p);
			}
			if (*p)
				p++;
		} else {
			rg_buf_addc(b, *p++);
		}
	}
}

struct tok {
	const char *s;
	size_t n;
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static bool tok_is(const struct tok *t, const char *s)
{
	return t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

static bool tok_word(const struct tok *t)
{
	unsigned char c = (unsigned char)t->s[0];
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static void toks_insert(struct toks *t, size_t at, const char *s)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = rg_xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	memmove(t->v + at + 1, t->v + at, (t->n - at) * sizeof(*t->v));
	t->v[at] = (struct tok){s, strlen(s)};
	t->n++;
}

static void toks_remove(struct toks *t, size_t at)
{
	memmove(t->v + at, t->v + at + 1, (t->n - at - 1) * sizeof(*t->v));
	t->n--;
}

/* Splits canonical text (rg_sql_canon's output) into words, '...'
 * strings and operators. */
static void tokenize(struct toks *t, const char *s)
{
	static const char *const ops[] = {"<=>", "<=", ">=", "<>", "!=", "&&", "||", "<<", ">>", ":="};
	while (*s) {
		const char *b = s;
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '\'') {
			for (s++; *s; s++)
				if (*s == '\'' && s[1] == '\'')
					s++;
				else if (*s == '\'')
					break;
			if (*s)
				s++;
		} else if (tok_word(&(struct tok){s, 1})) {
			while (*s && (tok_word(&(struct tok){s, 1}) || *s == '.'))
				s++;
		} else {
			s++;
			for (size_t i = 0; i < RG_ARRAY_LEN(ops); i++)
				if (strncmp(b, ops[i], strlen(ops[i])) == 0) {
					s = b + strlen(ops[i]);
					break;
				}
		}
		toks_insert(t, t->n, "");
		t->v[t->n - 1] = (struct tok){b, (size_t)(s - b)};
	}
}

static bool is_any(const struct tok *t, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (tok_is(t, words[i]))
			return true;
	return false;
}

static const char *const op_words[] = {"AND", "OR", "XOR", "NOT", "IS", "LIKE", "BETWEEN",
				       "REGEXP", "RLIKE", "DIV", "MOD", "IN", "CASE", "WHEN",
				       "THEN", "ELSE", "END"};

/* Where t[i] binds as an operator: 1 OR ... 12 unary; 0 for operands
 * and for what ends an operand (, ) THEN ELSE END WHEN). */
static int level(const struct toks *t, size_t i)
{
	static const struct {
		const char *op;
		int level;
	} binary[] = {
		{"OR", 1}, {"XOR", 2}, {"AND", 3}, {"=", 5}, {"<", 5}, {">", 5}, {"<=", 5},
		{">=", 5}, {"<>", 5}, {"<=>", 5}, {"IS", 5}, {"LIKE", 5}, {"BETWEEN", 5},
		{"REGEXP", 5}, {"RLIKE", 5}, {"IN", 5}, {"|", 6}, {"&", 7}, {"<<", 8},
		{">>", 8}, {"+", 9}, {"-", 9}, {"*", 10}, {"/", 10}, {"DIV", 10},
		{"MOD", 10}, {"^", 11},
	};
	const struct tok *k = &t->v[i];
	bool after_operand = i > 0 && (tok_is(&t->v[i - 1], ")") || t->v[i - 1].s[0] == '\'' ||
				       (tok_word(&t->v[i - 1]) &&
					!is_any(&t->v[i - 1], op_words, RG_ARRAY_LEN(op_words))) ||
				       tok_is(&t->v[i - 1], "END"));
	if (tok_is(k, "NOT")) {
		/* NOT IN, NOT LIKE, IS NOT: part of a comparison */
		if ((i > 0 && tok_is(&t->v[i - 1], "IS")) ||
		    (i + 1 < t->n && is_any(&t->v[i + 1], (const char *const[]){"IN", "LIKE", "BETWEEN",
										 "REGEXP", "RLIKE"}, 5)))
			return 5;
		return 4;
	}
	if (!after_operand && (tok_is(k, "-") || tok_is(k, "+") || tok_is(k, "~") || tok_is(k, "!")))
		return 12;
	for (size_t j = 0; j < RG_ARRAY_LEN(binary); j++)
		if (tok_is(k, binary[j].op))
			return binary[j].level;
	return 0;
}

/* A column name standing alone at t[i]. */
static bool column_operand(const struct toks *t, size_t i)
{
	const struct tok *k = &t->v[i];
	return tok_word(k) && !isdigit((unsigned char)k->s[0]) &&
	       !is_any(k, op_words, RG_ARRAY_LEN(op_words)) &&
	       !(i + 1 < t->n && (tok_is(&t->v[i + 1], "(") || tok_is(&t->v[i + 1], ".")));
}

/* True when an operand ends before t[i]: the end, a logical operator or
 * what closes a group or a CASE branch. */
static bool operand_ends(const struct toks *t, size_t i)
{
	static const char *const ends[] = {")", ",", "THEN", "ELSE", "END", "WHEN"};
	if (i >= t->n)
		return true;
	int l = level(t, i);
	return (l >= 1 && l <= 3) || is_any(&t->v[i], ends, RG_ARRAY_LEN(ends));
}

/* The index of the ')' closing the '(' at i, or t->n. */
static size_t closing(const struct toks *t, size_t i)
{
	int depth = 0;
	for (size_t j = i; j < t->n; j++) {
		if (tok_is(&t->v[j], "(") || tok_is(&t->v[j], "CASE"))
			depth++;
		else if ((tok_is(&t->v[j], ")") || tok_is(&t->v[j], "END")) && --depth == 0)
			return tok_is(&t->v[j], ")") ? j : t->n;
	}
	return t->n;
}

/* True when the parentheses at open..close group (not a call, an IN list
 * or a row) and the operators around them bind less tightly than the
 * loosest one inside, so that they change nothing. */
static bool redundant(const struct toks *t, size_t open, size_t close)
{
	if (close == open + 1)
		return false;
	int left = 0, right = 0;
	if (open > 0) {
		const struct tok *p = &t->v[open - 1];
		if (tok_word(p) && !is_any(p, op_words, RG_ARRAY_LEN(op_words)))
			return false; /* a function's arguments */
		if (tok_is(p, "IN"))
			return false;
		left = level(t, open - 1);
	}
	if (close + 1 < t->n)
		right = level(t, close + 1);
	int inner = 99, depth = 0;
	bool between = false;
	for (size_t j = open + 1; j < close; j++) {
		const struct tok *k = &t->v[j];
		if (tok_is(k, "(") || tok_is(k, "CASE"))
			depth++;
		else if (tok_is(k, ")") || tok_is(k, "END"))
			depth--;
		else if (depth == 0 && tok_is(k, ","))
			return false; /* a row (a, b) */
		else if (depth == 0) {
			int l = level(t, j);
			if (tok_is(k, "BETWEEN"))
				between = true;
			else if (between && tok_is(k, "AND")) {
				between = false;
				continue;
			}
			if (l && l < inner)
				inner = l;
		}
	}
	return inner > left && inner >= right;
}

static void canon_expr(struct rg_buf *out, const char *expr)
{
	struct rg_buf b = RG_BUF_INIT, c = RG_BUF_INIT;
	struct toks t = {0};
	norm_quotes(&b, expr);
	rg_sql_canon(&c, rg_buf_str(&b));
	tokenize(&t, rg_buf_str(&c));
	static const struct {
		const char *from, *to;
	} alias[] = {
		{"!=", "<>"}, {"&&", "AND"}, {"||", "OR"}, {"%", "MOD"},
	}, func[] = {
		{"UPPER", "UCASE"}, {"LOWER", "LCASE"}, {"LENGTH", "OCTET_LENGTH"},
		{"SUBSTRING", "SUBSTR"}, {"CHARACTER_LENGTH", "CHAR_LENGTH"},
	};
	for (size_t i = 0; i < t.n; i++) {
		struct tok *k = &t.v[i];
		for (size_t j = 0; j < RG_ARRAY_LEN(alias); j++)
			if (tok_is(k, alias[j].from))
				*k = (struct tok){alias[j].to, strlen(alias[j].to)};
		for (size_t j = 0; j < RG_ARRAY_LEN(func); j++)
			if (i + 1 < t.n && tok_is(&t.v[i + 1], "(") && tok_is(k, func[j].from))
				*k = (struct tok){func[j].to, strlen(func[j].to)};
		bool after_is = i > 0 && (tok_is(&t.v[i - 1], "IS") ||
					  (tok_is(&t.v[i - 1], "NOT") && i > 1 && tok_is(&t.v[i - 2], "IS")));
		if (!after_is && tok_is(k, "TRUE"))
			*k = (struct tok){"1", 1};
		else if (!after_is && tok_is(k, "FALSE"))
			*k = (struct tok){"0", 1};
		/* _utf8mb4'x' is 'x' */
		if (k->s[0] == '_' && i + 1 < t.n && t.v[i + 1].s[0] == '\'') {
			toks_remove(&t, i);
			i--;
		}
	}
	/* NOT d and !d are d = 0 when d is a lone column */
	for (size_t i = 0; i + 1 < t.n; i++)
		if ((tok_is(&t.v[i], "!") || (tok_is(&t.v[i], "NOT") && level(&t, i) == 4)) &&
		    column_operand(&t, i + 1) && operand_ends(&t, i + 2)) {
			toks_remove(&t, i);
			toks_insert(&t, i + 1, "=");
			toks_insert(&t, i + 2, "0");
		}
	for (size_t i = 0; i < t.n; i++) {
		if (!tok_is(&t.v[i], "("))
			continue;
		size_t close = closing(&t, i);
		if (close < t.n && redundant(&t, i, close)) {
			toks_remove(&t, close);
			toks_remove(&t, i);
			i = (size_t)-1; /* from the start: the outer groups changed */
		}
	}
	/* NOT a > 0 is a <= 0 (MariaDB folds it so) */
	static const struct {
		const char *op, *inverse;
	} inv[] = {
		{"=", "<>"}, {"<>", "="}, {"<", ">="}, {">=", "<"}, {">", "<="}, {"<=", ">"},
	};
	for (size_t i = 0; i + 3 < t.n; i++) {
		if (!tok_is(&t.v[i], "NOT") || level(&t, i) != 4 || !operand_ends(&t, i + 4) ||
		    t.v[i + 1].s[0] == '(' || t.v[i + 3].s[0] == '(' || level(&t, i + 1) ||
		    level(&t, i + 3))
			continue;
		for (size_t j = 0; j < RG_ARRAY_LEN(inv); j++)
			if (tok_is(&t.v[i + 2], inv[j].op)) {
				t.v[i + 2] = (struct tok){inv[j].inverse, strlen(inv[j].inverse)};
				toks_remove(&t, i);
				break;
			}
	}
	for (size_t i = 0; i < t.n; i++) {
		if (i && tok_word(&t.v[i - 1]) && tok_word(&t.v[i]))
			rg_buf_addc(out, ' ');
		rg_buf_addn(out, t.v[i].s, t.v[i].n);
	}
	free(t.v);
	rg_buf_free(&b);
	rg_buf_free(&c);
}

/* Defaults as information_schema reports them: 'draft' or draft,
 * current_timestamp(), 1 for TRUE, 0.00 for 0.00. */
/*
 * MariaDB keeps a model's NEXT VALUE FOR order_no (or NEXTVAL(order_no))
 * as nextval(`db`.`order_no`): each is nextval(order_no) here, the
 * sequence's name without its quotes or database (a default names a
 * sequence of its own database).  False when expr is neither.
 */
static bool sequence_default(struct rg_buf *out, const char *expr)
{
	while (*expr == ' ')
		expr++;
	size_t n = strlen(expr);
	while (n && expr[n - 1] == ' ')
		n--;
	const char *name;
	size_t len;
	if (n > 15 && strncasecmp(expr, "NEXT VALUE FOR ", 15) == 0) {
		name = expr + 15;
		len = n - 15;
	} else if (n > 9 && strncasecmp(expr, "NEXTVAL(", 8) == 0 && expr[n - 1] == ')') {
		name = expr + 8;
		len = n - 9;
	} else {
		return false;
	}
	/* the last part of `db`.`name`, db.name or `name` */
	for (size_t i = len; i-- > 0;)
		if (name[i] == '.') {
			len -= i + 1;
			name += i + 1;
			break;
		}
	if (len >= 2 && name[0] == '`' && name[len - 1] == '`') {
		name++;
		len -= 2;
	}
	if (!len || memchr(name, '`', len) || memchr(name, ' ', len))
		return false;
	rg_buf_add(out, "NEXTVAL(");
	rg_buf_addn(out, name, len);
	rg_buf_addc(out, ')');
	return true;
}

static void canon_default(struct rg_buf *out, const char *expr)
{
	if (sequence_default(out, expr))
		return;
	struct rg_buf a = RG_BUF_INIT;
	canon_expr(&a, expr);
	const char *s = rg_buf_str(&a);
	static const struct {
		const char *from, *to;
	} map[] = {
		{"CURRENT_TIMESTAMP()", "CURRENT_TIMESTAMP"}, {"NOW()", "CURRENT_TIMESTAMP"},
		{"CURDATE()", "CURRENT_DATE"}, {"CURRENT_DATE()", "CURRENT_DATE"},
		{"CURTIME()", "CURRENT_TIME"}, {"TRUE", "1"}, {"FALSE", "0"},
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(s, map[i].from) == 0)
			s = map[i].to;
	/* a number by its exact value: MySQL pads decimals to the scale
	 * (-1.5000 for -1.5), and a DECIMAL(35,30) has digits a double
	 * would lose */
	if (rg_sql_number(out, s)) {
		rg_buf_free(&a);
		return;
	}
	/* a quoted number is the number: '1' on an INT column is 1 */
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		char inner[128];
		if (n - 2 < sizeof(inner)) {
			memcpy(inner, s + 1, n - 2);
			inner[n - 2] = '\0';
			if (rg_sql_is_literal(inner) && inner[0] != '\'') {
				if (!rg_sql_number(out, inner))
					rg_buf_add(out, inner);
				rg_buf_free(&a);
				return;
			}
		}
	}
	rg_buf_add(out, s);
	rg_buf_free(&a);
}

/*
 * Types as canon_type spells them (display widths gone, synonyms met).
 * VARCHAR(n) and CHAR(n) count characters, the TEXT types bytes: with up
 * to 4 bytes a character (utf8mb4) VARCHAR(100) may not fit TINYTEXT, and
 * no VARCHAR value exceeds the 65,535 bytes of a row.  CHAR(n) gives its
 * values back without trailing spaces.  UNSIGNED integers hold no
 * negatives and one bit more above zero.
 */
static void type_range(const char *canon, struct rg_type_range *out)
{
	static const struct {
		const char *name;
		enum rg_type_family family;
		long long a, b;
	} known[] = {
		{"tinyint", RG_TF_INTEGER, 7, 7}, {"smallint", RG_TF_INTEGER, 15, 15},
		{"mediumint", RG_TF_INTEGER, 23, 23}, {"int", RG_TF_INTEGER, 31, 31},
		{"bigint", RG_TF_INTEGER, 63, 63},
		{"float", RG_TF_FLOAT, 4, 0}, {"double", RG_TF_FLOAT, 8, 0},
		/* a 0: sized by the argument; NVARCHAR/NCHAR are utf8mb3 */
		{"varchar", RG_TF_STRING, 0, 0}, {"char", RG_TF_PADDED, 0, 0},
		{"nvarchar", RG_TF_STRING, 0, 0}, {"nchar", RG_TF_PADDED, 0, 0},
		{"tinytext", RG_TF_STRING, 255, 255}, {"text", RG_TF_STRING, 65535, 65535},
		{"mediumtext", RG_TF_STRING, 16777215, 16777215},
		{"longtext", RG_TF_STRING, 4294967295LL, 4294967295LL},
		{"decimal", RG_TF_DECIMAL, 0, 0},
	};
	long long args[2];
	int nargs;
	const char *rest;
	size_t len = rg_type_split(canon, args, &nargs, &rest);
	out->family = RG_TF_UNKNOWN;
	bool is_unsigned = false;
	static const char uns[] = " unsigned";
	if (len > strlen(uns) && strcmp(canon + len - strlen(uns), uns) == 0 && !*rest) {
		len -= strlen(uns); /* int unsigned */
		is_unsigned = true;
	} else if (strcmp(rest, uns) == 0) {
		is_unsigned = true; /* tinyint(1) unsigned */
	} else if (*rest) {
		return; /* BINARY, CHARACTER SET ...: not known to be alike */
	}
	if (nargs < 0)
		return;
	for (size_t i = 0; i < RG_ARRAY_LEN(known); i++) {
		if (strlen(known[i].name) != len || strncmp(canon, known[i].name, len) != 0)
			continue;
		enum rg_type_family f = known[i].family;
		*out = (struct rg_type_range){f, known[i].a, known[i].b};
		if (f == RG_TF_INTEGER && is_unsigned) {
			out->b = out->a + 1;
			out->a = 0;
		} else if ((f == RG_TF_STRING && !known[i].a) || f == RG_TF_PADDED) {
			if (nargs != 1 || is_unsigned) {
				out->family = RG_TF_UNKNOWN;
				return;
			}
			out->a = args[0];
			out->b = 4 * args[0] < 65535 || f == RG_TF_PADDED ? 4 * args[0] : 65535;
		} else if (f == RG_TF_DECIMAL && nargs >= 1 && !is_unsigned) {
			long long scale = nargs == 2 ? args[1] : 0;
			out->a = args[0] - scale;
			out->b = scale;
		} else if (nargs || is_unsigned) {
			/* tinyint(1) is a boolean, still a tinyint; other
			 * arguments (float(7,3), text(100)) and UNSIGNED
			 * floats and decimals are not known */
			if (!(f == RG_TF_INTEGER && nargs == 1))
				out->family = RG_TF_UNKNOWN;
		}
		return;
	}
}

/*
 * Columns, indexes and constraints: names without case, kept as written
 * (a case-only change is RENAME COLUMN / RENAME INDEX; a foreign key or
 * check is dropped and added).  Tables: as lower_case_table_names says,
 * which the connection reads (introspect/mysql.c): 0, case-sensitive as
 * stored (Linux' default: `a` and `A` are two tables); 1 and 2, compared
 * in lower case, rg_compare_mysql_lower_tables.
 */
/* MariaDB's (MySQL has none: its server refuses CREATE SEQUENCE): BIGINT
 * only, one short of its range either way, cache 1000 */
static const char *sequence_defaults(struct rg_arena *a, struct rg_sequence *q)
{
	if (strcmp(q->type, "bigint") != 0)
		return "MariaDB's sequences are BIGINT: declare it int64_t";
	rg_sequence_fill(a, q, -LLONG_MAX, LLONG_MAX - 1, 1000);
	return NULL;
}

#define MYSQL_COMPARE(tables, sequences) {                                                        \
	.caps = RG_CAP_COMMENTS | RG_CAP_RESTRICT_IS_NO_ACTION | RG_CAP_RENAME_INDEX |  \
		RG_CAP_CHARSETS | RG_CAP_ON_UPDATE | RG_CAP_INDEX_KINDS |               \
		RG_CAP_DEFAULT_AT_SCALE | RG_CAP_AUTOINC_LEADS_KEY |                      \
		RG_CAP_VIRTUAL_GENERATED | RG_CAP_GENERATED_NULLABLE |                    \
		RG_CAP_UNSIGNED | RG_CAP_ENUM_COLUMNS | RG_CAP_PREFIX_PART |             \
		RG_CAP_DESC_INDEX | RG_CAP_INVISIBLE | RG_CAP_REPLACE_VIEW | RG_CAP_ENGINE, \
	.table_names = (tables),                                                       \
	.column_names = RG_NAMES_ANY_CASE,                                             \
	.index_names = RG_NAMES_ANY_CASE,                                              \
	.constraint_names = RG_NAMES_ANY_CASE,                                         \
	.name_max = 64,                                                                \
	.name_max_chars = true,                                                        \
	.render_type = render_type,                                                    \
	.canon_type = canon_type,                                                      \
	.canon_default = canon_default,                                                \
	.canon_expr = canon_expr,                                                      \
	.type_range = type_range,                                                      \
	.same_charset = same_charset,                                                  \
	.sequence_defaults = (sequences),                                              \
}

const struct rg_compare rg_compare_mysql = MYSQL_COMPARE(RG_NAMES_EXACT, sequence_defaults);
const struct rg_compare rg_compare_mysql_lower_tables =
	MYSQL_COMPARE(RG_NAMES_LOWER, sequence_defaults);
/* MySQL's own server (not MariaDB): no sequences */
const struct rg_compare rg_compare_oracle_mysql = MYSQL_COMPARE(RG_NAMES_EXACT, NULL);
const struct rg_compare rg_compare_oracle_mysql_lower_tables = MYSQL_COMPARE(RG_NAMES_LOWER, NULL);
