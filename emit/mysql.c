/*
 * mysql.c (emit) - MySQL/MariaDB's half of rg_dialect_mysql: backquoting,
 * type spelling, canonical forms that make information_schema's text equal
 * to the models', and rendering operations as MySQL DDL (which MySQL 8
 * accepts as well as MariaDB).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit/dialect.h"
#include "introspect/libmariadb.h"
#include "introspect/mysql.h"

/* The reserved words of MySQL 8.0 and of MariaDB 10.11 (each has some the
 * other lacks), lower case, in strcmp order for bsearch. */
static const char *const reserved[] = {
	"accessible", "add", "all", "alter", "analyze", "and", "as", "asc", "asensitive",
	"before", "between", "bigint", "binary", "blob", "both", "by", "call", "cascade",
	"case", "change", "char", "character", "check", "collate", "column", "condition",
	"constraint", "continue", "convert", "create", "cross", "cube", "cume_dist",
	"current_date", "current_role", "current_time", "current_timestamp", "current_user",
	"cursor", "database", "databases", "day_hour", "day_microsecond", "day_minute",
	"day_second", "dec", "decimal", "declare", "default", "delayed", "delete",
	"delete_domain_id", "dense_rank", "desc", "describe", "deterministic", "distinct",
	"distinctrow", "div", "do_domain_ids", "double", "drop", "dual", "each", "else",
	"elseif", "empty", "enclosed", "escaped", "except", "exists", "exit", "explain",
	"false", "fetch", "first_value", "float", "float4", "float8", "for", "force",
	"foreign", "from", "fulltext", "function", "generated", "get", "grant", "group",
	"grouping", "groups", "having", "high_priority", "hour_microsecond", "hour_minute",
	"hour_second", "if", "ignore", "ignore_domain_ids", "in", "index", "infile", "inner",
	"inout", "insensitive", "insert", "int", "int1", "int2", "int3", "int4", "int8",
	"integer", "intersect", "interval", "into", "io_after_gtids", "io_before_gtids", "is",
	"iterate", "join", "json_table", "key", "keys", "kill", "lag", "last_value",
	"lateral", "lead", "leading", "leave", "left", "like", "limit", "linear", "lines",
	"load", "localtime", "localtimestamp", "lock", "long", "longblob", "longtext", "loop",
	"low_priority", "master_bind", "master_demote_to_replica", "master_demote_to_slave",
	"master_ssl_verify_server_cert", "match", "maxvalue", "mediumblob", "mediumint",
	"mediumtext", "middleint", "minute_microsecond", "minute_second", "mod", "modifies",
	"natural", "no_write_to_binlog", "not", "nth_value", "ntile", "null", "numeric", "of",
	"offset", "on", "optimize", "optimizer_costs", "option", "optionally", "or", "order",
	"out", "outer", "outfile", "over", "page_checksum", "parse_vcol_expr", "partition",
	"percent_rank", "portion", "precision", "primary", "procedure", "purge", "range",
	"rank", "read", "read_write", "reads", "real", "recursive", "ref_system_id",
	"references", "regexp", "release", "rename", "repeat", "replace", "require",
	"resignal", "restrict", "return", "returning", "revoke", "right", "rlike", "row",
	"row_number", "rows", "schema", "schemas", "second_microsecond", "select",
	"sensitive", "separator", "set", "show", "signal", "smallint", "spatial", "specific",
	"sql", "sql_big_result", "sql_calc_found_rows", "sql_small_result", "sqlexception",
	"sqlstate", "sqlwarning", "ssl", "starting", "stats_auto_recalc", "stats_persistent",
	"stats_sample_pages", "stored", "straight_join", "system", "table", "terminated",
	"then", "tinyblob", "tinyint", "tinytext", "to", "trailing", "trigger", "true",
	"undo", "union", "unique", "unlock", "unsigned", "update", "usage", "use", "using",
	"utc_date", "utc_time", "utc_timestamp", "values", "varbinary", "varchar",
	"varcharacter", "varying", "virtual", "when", "where", "while", "window", "with",
	"write", "xor", "year_month", "zerofill",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Bare only when [A-Za-z_][A-Za-z0-9_]* and not reserved: MySQL would take
 * more bare (a leading digit, $), but 1e5 then reads as a number and $ at
 * the start is deprecated.
 */
static void quote_ident(struct rg_buf *out, const char *id)
{
	bool plain = (isalpha((unsigned char)id[0]) || id[0] == '_') && strlen(id) < 64;
	char low[64];
	size_t n = 0;
	for (const char *p = id; plain && *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_')
			plain = false;
		low[n++] = (char)tolower((unsigned char)*p);
	}
	const char *key = low;
	if (plain) {
		low[n] = '\0';
		if (!bsearch(&key, reserved, RG_ARRAY_LEN(reserved), sizeof(char *), cmp_word)) {
			rg_buf_add(out, id);
			return;
		}
	}
	rg_buf_addc(out, '`');
	for (const char *p = id; *p; p++) {
		if (*p == '`')
			rg_buf_addc(out, '`');
		rg_buf_addc(out, *p);
	}
	rg_buf_addc(out, '`');
}

/*
 * Generic types in MySQL's spelling.  TIMESTAMP becomes DATETIME: MySQL's
 * TIMESTAMP converts through the session time zone, stops in 2038 and, on
 * older servers, updates itself on every UPDATE; a C time_t wants none of
 * that.  REAL becomes FLOAT: MariaDB reads REAL as DOUBLE.
 */
static void render_type(struct rg_buf *out, const struct rg_column *c)
{
	static const struct {
		const char *generic, *my;
	} map[] = {
		{"BOOLEAN", "TINYINT(1)"}, {"SMALLINT", "SMALLINT"}, {"INTEGER", "INT"},
		{"BIGINT", "BIGINT"}, {"REAL", "FLOAT"}, {"DOUBLE PRECISION", "DOUBLE"},
		{"TEXT", "TEXT"}, {"TIMESTAMP", "DATETIME"},
	};
	if (c->generic)
		for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
			if (strcmp(c->type, map[i].generic) == 0) {
				rg_buf_add(out, map[i].my);
				return;
			}
	rg_buf_add(out, c->type ? c->type : "");
}

/*
 * information_schema.COLUMNS.COLUMN_TYPE: int(11) on MariaDB, int on
 * MySQL 8, tinyint(1) for BOOLEAN on both.  Integer display widths go
 * (except tinyint(1), which is how both spell a boolean), synonyms meet.
 */
static void canon_type(struct rg_buf *out, const char *type)
{
	struct rg_buf low = RG_BUF_INIT;
	rg_sql_canon(&low, type);
	/* lower case outside quotes: ENUM('A') and ENUM('a') differ */
	bool quoted = false;
	for (char *p = low.data; p && *p; p++) {
		if (*p == '\'')
			quoted = !quoted;
		else if (!quoted)
			*p = (char)tolower((unsigned char)*p);
	}
	const char *s = rg_buf_str(&low);
	static const struct {
		const char *alias, *canon;
	} map[] = {
		{"integer", "int"}, {"bool", "tinyint(1)"}, {"boolean", "tinyint(1)"},
		{"double precision", "double"}, {"real", "double"}, {"numeric", "decimal"},
		{"character varying", "varchar"}, {"dec", "decimal"}, {"fixed", "decimal"},
		{"int4", "int"}, {"int8", "bigint"}, {"int2", "smallint"}, {"float8", "double"},
		{"float4", "float"}, {"character", "char"},
		/* MariaDB's JSON is LONGTEXT with a json_valid() check */
		{"json", "longtext"},
	};
	size_t name_len = strcspn(s, "( ");
	const char *rest = s + name_len;
	char name[40];
	snprintf(name, sizeof(name), "%.*s", (int)(name_len < 39 ? name_len : 39), s);
	/* two-word names */
	if (strncmp(s, "double precision", 16) == 0) {
		snprintf(name, sizeof(name), "double precision");
		rest = s + 16;
	} else if (strncmp(s, "character varying", 17) == 0) {
		snprintf(name, sizeof(name), "character varying");
		rest = s + 17;
	}
	const char *cname = name;
	for (size_t i = 0; i < RG_ARRAY_LEN(map); i++)
		if (strcmp(name, map[i].alias) == 0)
			cname = map[i].canon;
	bool integer = strcmp(cname, "int") == 0 || strcmp(cname, "bigint") == 0 ||
		       strcmp(cname, "smallint") == 0 || strcmp(cname, "mediumint") == 0 ||
		       (strcmp(cname, "tinyint") == 0 && strncmp(rest, "(1)", 3) != 0);
	if (strchr(cname, '(')) {
		rg_buf_add(out, cname);
	} else {
		rg_buf_add(out, cname);
		if (integer && rest[0] == '(') {
			const char *close = strchr(rest, ')');
			rest = close ? close + 1 : rest;
		}
		if (strcmp(cname, "decimal") == 0 && rest[0] != '(')
			rg_buf_add(out, "(10,0)");
		/* "int(10) unsigned" lost its space in the canonical form */
		if (rest[0] == ' ')
			rest++;
		if (isalpha((unsigned char)rest[0]))
			rg_buf_addc(out, ' ');
		rg_buf_add(out, rest);
	}
	rg_buf_free(&low);
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
static void canon_default(struct rg_buf *out, const char *expr)
{
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
	/* a number by its value: MySQL pads decimals (-1.5000 for -1.5) */
	if (rg_sql_is_literal(s) && (isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+' ||
				     s[0] == '.')) {
		char num[64];
		snprintf(num, sizeof(num), "%.15g", strtod(s, NULL));
		rg_buf_add(out, num);
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
				rg_buf_add(out, inner);
				rg_buf_free(&a);
				return;
			}
		}
	}
	rg_buf_add(out, s);
	rg_buf_free(&a);
}

/* ---- rendering ---- */

static const struct rg_dialect *const D = &rg_dialect_mysql;

static void alter_table(struct rg_buf *b, const char *table)
{
	rg_buf_add(b, "ALTER TABLE ");
	quote_ident(b, table);
	rg_buf_addc(b, ' ');
}

/* A MySQL string literal: quotes doubled, backslashes escaped. */
static void string_literal(struct rg_buf *b, const char *s)
{
	rg_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rg_buf_addc(b, '\'');
		else if (*s == '\\')
			rg_buf_addc(b, '\\');
		rg_buf_addc(b, *s);
	}
	rg_buf_addc(b, '\'');
}

static void column_def(struct rg_buf *b, const struct rg_column *c, const char *name)
{
	quote_ident(b, name);
	rg_buf_addc(b, ' ');
	render_type(b, c);
	rg_buf_add(b, c->not_null ? " NOT NULL" : " NULL");
	if (c->default_expr && !c->autoincrement) {
		const char *d = c->default_expr;
		/* literals and CURRENT_TIMESTAMP as they are; expressions in
		 * parentheses, as MySQL 8 requires */
		if (rg_sql_is_literal(d) || strcasecmp(d, "CURRENT_TIMESTAMP") == 0)
			rg_buf_addf(b, " DEFAULT %s", d);
		else
			rg_buf_addf(b, " DEFAULT (%s)", d);
	}
	if (c->autoincrement)
		rg_buf_add(b, " AUTO_INCREMENT");
	if (c->comment) {
		rg_buf_add(b, " COMMENT ");
		string_literal(b, c->comment);
	}
}

static void create_table(struct rg_buf *b, const struct rg_table *t)
{
	rg_buf_add(b, "CREATE TABLE ");
	quote_ident(b, t->name);
	rg_buf_add(b, " (");
	const char *sep = "\n    ";
	for (size_t i = 0; i < t->ncolumns; i++) {
		rg_buf_add(b, sep);
		column_def(b, t->columns[i], t->columns[i]->name);
		sep = ",\n    ";
	}
	if (t->pk) {
		rg_buf_add(b, sep);
		rg_buf_add(b, "PRIMARY KEY ");
		rg_sql_names(b, D, t->pk->cols, t->pk->ncols);
	}
	rg_sql_uniques_checks(b, D, t, sep);
	/* indexes inline, before the foreign keys: a key that finds an index
	 * to use makes MySQL create none of its own beside it */
	for (size_t i = 0; i < t->nindexes; i++) {
		rg_buf_add(b, sep);
		rg_buf_add(b, t->indexes[i]->unique ? "UNIQUE INDEX " : "INDEX ");
		quote_ident(b, t->indexes[i]->name);
		rg_buf_addc(b, ' ');
		rg_sql_names(b, D, t->indexes[i]->cols, t->indexes[i]->ncols);
	}
	rg_sql_foreign_keys(b, D, t, sep);
	rg_buf_add(b, "\n)");
	if (t->comment) {
		rg_buf_add(b, " COMMENT = ");
		string_literal(b, t->comment);
	}
	rg_buf_add(b, ";\n");
}

static bool leads_with(const char *const *cols, size_t n, const struct rg_fk *f)
{
	if (n < f->ncols)
		return false;
	for (size_t i = 0; i < f->ncols; i++)
		if (strcmp(cols[i], f->cols[i]) != 0)
			return false;
	return true;
}

/* Does an index, unique constraint or primary key of t begin with the
 * foreign key's columns (so that MySQL needed no index of its own)? */
static bool covered(const struct rg_table *t, const struct rg_fk *f)
{
	if (!t)
		return true;
	if (t->pk && leads_with(t->pk->cols, t->pk->ncols, f))
		return true;
	for (size_t i = 0; i < t->nindexes; i++)
		if (leads_with(t->indexes[i]->cols, t->indexes[i]->ncols, f))
			return true;
	for (size_t i = 0; i < t->nuniques; i++)
		if (leads_with(t->uniques[i]->cols, t->uniques[i]->ncols, f))
			return true;
	return false;
}

static void render_op(struct rg_buf *b, const struct rg_op *op)
{
	const struct rg_index *x;
	/* a dropped table's indexes go with it (and MySQL refuses to drop
	 * one that a foreign key needs), a created table's are in its CREATE
	 * TABLE; the ops are there for the inverse */
	if ((op->kind == RG_OP_DROP_INDEX && !op->table_to) ||
	    (op->kind == RG_OP_CREATE_INDEX && !op->table_from))
		return;
	if (op->warning)
		rg_buf_addf(b, "-- WARNING: %s\n", op->warning);
	switch (op->kind) {
	case RG_OP_CREATE_TABLE:
		create_table(b, op->table_to);
		return;
	case RG_OP_DROP_TABLE:
		rg_buf_add(b, "DROP TABLE ");
		quote_ident(b, op->table_from->name);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_CREATE_INDEX:
		x = op->to;
		rg_buf_add(b, x->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
		quote_ident(b, x->name);
		rg_buf_add(b, " ON ");
		quote_ident(b, op->table);
		rg_buf_addc(b, ' ');
		rg_sql_names(b, D, x->cols, x->ncols);
		rg_buf_add(b, ";\n");
		return;
	case RG_OP_DROP_INDEX:
		rg_buf_add(b, "DROP INDEX ");
		quote_ident(b, ((const struct rg_index *)op->from)->name);
		rg_buf_add(b, " ON ");
		quote_ident(b, op->table);
		rg_buf_add(b, ";\n");
		return;
	default:
		break;
	}
	alter_table(b, op->table);
	switch (op->kind) {
	case RG_OP_RENAME_TABLE:
		rg_buf_add(b, "RENAME TO ");
		quote_ident(b, op->table_to->name);
		break;
	case RG_OP_ADD_COLUMN:
		rg_buf_add(b, "ADD COLUMN ");
		column_def(b, op->to, ((const struct rg_column *)op->to)->name);
		break;
	case RG_OP_DROP_COLUMN:
		rg_buf_add(b, "DROP COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		break;
	case RG_OP_RENAME_COLUMN:
		rg_buf_add(b, "RENAME COLUMN ");
		quote_ident(b, ((const struct rg_column *)op->from)->name);
		rg_buf_add(b, " TO ");
		quote_ident(b, ((const struct rg_column *)op->to)->name);
		break;
	case RG_OP_ALTER_COLUMN:
		/* MODIFY restates the whole column: type, nullability, default,
		 * AUTO_INCREMENT and comment as the models want them */
		rg_buf_add(b, "MODIFY COLUMN ");
		column_def(b, op->to, op->column);
		break;
	case RG_OP_ADD_PK: {
		const struct rg_pk *pk = op->to;
		rg_buf_add(b, "ADD PRIMARY KEY ");
		rg_sql_names(b, D, pk->cols, pk->ncols);
		break;
	}
	case RG_OP_DROP_PK:
		rg_buf_add(b, "DROP PRIMARY KEY");
		break;
	case RG_OP_ADD_UNIQUE: {
		const struct rg_unique *u = op->to;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, u->name);
		rg_buf_add(b, "UNIQUE ");
		rg_sql_names(b, D, u->cols, u->ncols);
		break;
	}
	case RG_OP_DROP_UNIQUE:
		rg_buf_add(b, "DROP INDEX ");
		quote_ident(b, ((const struct rg_unique *)op->from)->name);
		break;
	case RG_OP_ADD_CHECK: {
		const struct rg_check *ck = op->to;
		rg_buf_add(b, "ADD ");
		rg_sql_constraint_name(b, D, ck->name);
		rg_buf_addf(b, "CHECK (%s)", ck->expr);
		break;
	}
	case RG_OP_DROP_CHECK:
		/* MariaDB and MySQL >= 8.0.19 both take DROP CONSTRAINT */
		rg_buf_add(b, "DROP CONSTRAINT ");
		quote_ident(b, ((const struct rg_check *)op->from)->name);
		break;
	case RG_OP_ADD_FK:
		rg_buf_add(b, "ADD ");
		rg_sql_fk_clause(b, D, op->to);
		break;
	case RG_OP_DROP_FK: {
		const struct rg_fk *f = op->from;
		rg_buf_add(b, "DROP FOREIGN KEY ");
		quote_ident(b, f->name);
		/* with no index of the table to lean on, MySQL made one named
		 * after the key when it was added: it goes with the key */
		if (f->name && !covered(op->table_from, f)) {
			rg_buf_add(b, ", DROP INDEX ");
			quote_ident(b, f->name);
		}
		break;
	}
	case RG_OP_TABLE_COMMENT:
		rg_buf_add(b, "COMMENT = ");
		string_literal(b, op->table_to->comment ? op->table_to->comment : "");
		break;
	default:
		break;
	}
	rg_buf_add(b, ";\n");
}

static int render_ops(const struct rg_dialect *d, const struct rg_oplist *ops,
		      struct rg_buf *out, struct rg_error *err)
{
	(void)d;
	(void)err;
	rg_sql_render_each(out, ops, render_op);
	return 0;
}

const struct rg_dialect rg_dialect_mysql = {
	.name = "mysql",
	.caps = RG_CAP_COMMENTS | RG_CAP_ALTER_COLUMN | RG_CAP_RESTRICT_IS_NO_ACTION,
	.quote_ident = quote_ident,
	.render_type = render_type,
	.canon_type = canon_type,
	.canon_default = canon_default,
	.canon_expr = canon_expr,
	.render_ops = render_ops,
	.open_client = rg_libmariadb_open,
	.connect = rg_mysql_connect,
	.disconnect = rg_mysql_disconnect,
	.exec = rg_mysql_exec,
	.query_column = rg_mysql_query_column,
	.table_exists = rg_mysql_table_exists,
	.introspect = rg_mysql_introspect,
	.statement_count = rg_mysql_statement_count,
	.begin = rg_mysql_begin,
	.commit = rg_mysql_commit,
	.rollback = rg_mysql_rollback,
	.lock = rg_mysql_lock,
	.unlock = rg_mysql_unlock,
};
