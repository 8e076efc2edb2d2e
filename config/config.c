/*
 * config.c - revgen.ini (read with inih) and database URLs (SPEC §2).
 *
 * The config is read in two passes over inih's callbacks: every key of
 * every section is collected, then the chosen section is resolved with
 * [revgen] as its fallback.  That keeps "unknown key" and "unknown section"
 * errors exact whatever the order of sections in the file.
 *
 * Some 840 lines: the URL parser and the ini reader share the error
 * conventions and the redaction, and split apart each would be half a
 * module.
 */
#include "config/config.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rg_free_strv(char **v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- URLs ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decodes s[0..n); NULL on a malformed escape. */
static char *pct_decode(const char *s, size_t n)
{
	char *out = rg_xmalloc(n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? hexval((unsigned char)s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
			if (hi < 0 || lo < 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

char *rg_url_redact(const char *url)
{
	const char *sep = strstr(url, "://");
	/* not a URL at all: "user:pass@host" is still worth masking */
	const char *auth = sep ? sep + 3 : url;
	/* the last '@' before the query ends the userinfo, even when an
	 * unescaped "/" or "#" in the password would end the authority before it:
	 * masking too much is harmless, too little is not */
	size_t qlen = strcspn(auth, "?");
	const char *at = NULL;
	for (const char *p = auth; p < auth + qlen; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return rg_xstrdup(url);
	const char *colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon)
		return rg_xstrdup(url);
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addn(&b, url, (size_t)(colon + 1 - url));
	rg_buf_add(&b, "***");
	rg_buf_add(&b, at);
	return rg_buf_detach(&b);
}

void rg_url_free(struct rg_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->user);
	free(u->password);
	free(u->host);
	free(u->database);
	free(u->path);
	rg_free_strv(u->keys, u->nparams);
	rg_free_strv(u->values, u->nparams);
	free(u->redacted);
	free(u);
}

static int parse_query(struct rg_url *u, const char *q, const char *shown,
		       struct rg_error *err)
{
	size_t cap = 0, vcap = 0;
	while (*q) {
		size_t len = strcspn(q, "&");
		if (len > 0) {
			const char *eq = memchr(q, '=', len);
			size_t klen = eq ? (size_t)(eq - q) : len;
			char *k = pct_decode(q, klen);
			char *v = eq ? pct_decode(eq + 1, len - klen - 1) : rg_xstrdup("");
			if (!k || !v || !*k) {
				free(k);
				free(v);
				return rg_error_set(err, "%s: malformed query parameter", shown);
			}
			rg_grow((void **)&u->keys, &cap, u->nparams + 1, sizeof(char *));
			rg_grow((void **)&u->values, &vcap, u->nparams + 1, sizeof(char *));
			u->keys[u->nparams] = k;
			u->values[u->nparams] = v;
			u->nparams++;
		}
		q += len;
		if (*q == '&')
			q++;
	}
	return 0;
}

int rg_url_parse(struct rg_url **out, const char *s, struct rg_error *err)
{
	struct rg_url *u = rg_xcalloc(1, sizeof(*u));
	char *shown = rg_url_redact(s);
	u->redacted = shown;
	const char *sep = strstr(s, "://");
	if (!sep) {
		rg_error_set(err, "%s: not a URL (expected scheme://...; e.g. sqlite:///app.db)", shown);
		goto fail;
	}
	char scheme[32];
	size_t slen = (size_t)(sep - s);
	if (slen == 0 || slen >= sizeof(scheme)) {
		rg_error_set(err, "%s: unknown URL scheme", shown);
		goto fail;
	}
	for (size_t i = 0; i < slen; i++)
		scheme[i] = (char)tolower((unsigned char)s[i]);
	scheme[slen] = '\0';
	/* "postgresql+psycopg2" and the like: the driver part is SQLAlchemy's */
	char *plus = strchr(scheme, '+');
	if (plus)
		*plus = '\0';
	if (strcmp(scheme, "postgres") == 0)
		strcpy(scheme, "postgresql");
	if (strcmp(scheme, "mariadb") == 0)
		strcpy(scheme, "mysql");
	if (strcmp(scheme, "sqlite") && strcmp(scheme, "postgresql") &&
	    strcmp(scheme, "mysql")) {
		rg_error_set(err, "%s: unknown URL scheme '%s' (supported: sqlite, postgresql, postgres, mysql, mariadb)",
			     shown, scheme);
		goto fail;
	}
	u->scheme = rg_xstrdup(scheme);
	const char *rest = sep + 3;

	const char *qm = strchr(rest, '?');
	const char *end = qm ? qm : rest + strlen(rest);
	if (qm && parse_query(u, qm + 1, shown, err) < 0)
		goto fail;

	if (strcmp(scheme, "sqlite") == 0) {
		/* sqlite:///rel.db -> "rel.db"; sqlite:////abs.db -> "/abs.db" */
		if (rest == end) {
			u->path = rg_xstrdup("");
		} else if (*rest != '/') {
			rg_error_set(err, "%s: a sqlite URL has no host: use sqlite:///relative.db or sqlite:////absolute.db",
				     shown);
			goto fail;
		} else {
			u->path = pct_decode(rest + 1, (size_t)(end - rest - 1));
			if (!u->path) {
				rg_error_set(err, "%s: malformed %%-escape in the path", shown);
				goto fail;
			}
			if (strcmp(u->path, ":memory:") == 0)
				u->path[0] = '\0';
		}
		*out = u;
		return 0;
	}

	const char *slash = memchr(rest, '/', (size_t)(end - rest));
	const char *aend = slash ? slash : end;
	const char *at = NULL;
	for (const char *p = rest; p < aend; p++)
		if (*p == '@')
			at = p;
	const char *hostp = rest;
	if (at) {
		const char *colon = memchr(rest, ':', (size_t)(at - rest));
		const char *uend = colon ? colon : at;
		u->user = pct_decode(rest, (size_t)(uend - rest));
		if (colon)
			u->password = pct_decode(colon + 1, (size_t)(at - colon - 1));
		if (!u->user || (colon && !u->password)) {
			rg_error_set(err, "%s: malformed %%-escape in the user or password", shown);
			goto fail;
		}
		if (!*u->user) {
			free(u->user);
			u->user = NULL;
		}
		hostp = at + 1;
	}
	const char *portp = NULL;
	const char *hend = aend;
	if (*hostp == '[') {
		const char *close = memchr(hostp, ']', (size_t)(aend - hostp));
		if (!close) {
			rg_error_set(err, "%s: unterminated [ in the host", shown);
			goto fail;
		}
		u->host = rg_xstrndup(hostp + 1, (size_t)(close - hostp - 1));
		if (close + 1 < aend) {
			if (close[1] != ':') {
				rg_error_set(err, "%s: unexpected text after the host", shown);
				goto fail;
			}
			portp = close + 2;
		}
	} else {
		const char *colon = memchr(hostp, ':', (size_t)(aend - hostp));
		if (colon) {
			hend = colon;
			portp = colon + 1;
		}
		if (hend > hostp)
			u->host = pct_decode(hostp, (size_t)(hend - hostp));
	}
	if (portp) {
		long port = 0;
		const char *p = portp;
		if (p == aend)
			goto badport;
		for (; p < aend; p++) {
			if (!isdigit((unsigned char)*p))
				goto badport;
			port = port * 10 + (*p - '0');
			if (port > 65535)
				goto badport;
		}
		if (port < 1)
			goto badport;
		u->port = (int)port;
	}
	if (slash && slash + 1 < end) {
		u->database = pct_decode(slash + 1, (size_t)(end - slash - 1));
		if (!u->database) {
			rg_error_set(err, "%s: malformed %%-escape in the database name", shown);
			goto fail;
		}
	}
	if (strcmp(u->scheme, "postgresql") == 0) {
		char **names;
		size_t n;
		if (rg_url_schemas(u, &names, &n, err) < 0)
			goto fail;
		rg_free_strv(names, n);
	}
	*out = u;
	return 0;
badport:
	rg_error_set(err, "%s: the port must be a number from 1 to 65535", shown);
fail:
	rg_url_free(u);
	return -1;
}

int rg_url_schemas(const struct rg_url *u, char ***out, size_t *n, struct rg_error *err)
{
	const char *v = "public";
	for (size_t i = 0; i < u->nparams; i++)
		if (strcmp(u->keys[i], "schema") == 0)
			v = u->values[i];
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	for (const char *p = v;;) {
		size_t len = strcspn(p, ",");
		const char *b = p, *e = p + len;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		char *name = rg_xstrndup(b, (size_t)(e - b));
		const char *why = !*name ? "an empty name" : strchr(name, '.') ? "a name with a '.'" : NULL;
		for (size_t i = 0; !why && i < *n; i++)
			if (strcmp((*out)[i], name) == 0)
				why = "a name twice";
		if (why) {
			rg_error_set(err, "%s: the schema parameter (%s) has %s: give the schemas "
				     "to manage separated by commas, the default first",
				     u->redacted, v, why);
			free(name);
			rg_free_strv(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		rg_grow((void **)out, &cap, *n + 2, sizeof(char *));
		(*out)[(*n)++] = name;
		(*out)[*n] = NULL;
		if (!p[len])
			break;
		p += len + 1;
	}
	return 0;
}

/* ---- the ini file ---- */

struct kv {
	char *section, *key, *value;
};

struct ini_state {
	struct kv *kvs;
	size_t n, cap;
	char **sections;
	size_t nsections, capsections;
};

static char *trim_value(const char *v)
{
	/* inline "; comment" (inih may or may not strip it, depending on how
	 * the library was built) */
	const char *end = v + strlen(v);
	for (const char *p = v; *p; p++)
		if ((*p == ';' || *p == '#') && (p == v || isspace((unsigned char)p[-1]))) {
			end = p;
			break;
		}
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	while (v < end && isspace((unsigned char)*v))
		v++;
	return rg_xstrndup(v, (size_t)(end - v));
}

static int on_ini(void *user, const char *section, const char *name,
		  const char *value)
{
	struct ini_state *st = user;
	bool seen = false;
	for (size_t i = 0; i < st->nsections; i++)
		if (strcmp(st->sections[i], section) == 0)
			seen = true;
	if (!seen) {
		rg_grow((void **)&st->sections, &st->capsections, st->nsections + 1,
			sizeof(char *));
		st->sections[st->nsections++] = rg_xstrdup(section);
	}
	if (!name) /* a section with no keys (INI_CALL_HANDLER_ON_NEW_SECTION) */
		return 1;
	rg_grow((void **)&st->kvs, &st->cap, st->n + 1, sizeof(struct kv));
	st->kvs[st->n].section = rg_xstrdup(section);
	st->kvs[st->n].key = rg_xstrdup(name);
	st->kvs[st->n].value = trim_value(value ? value : "");
	st->n++;
	return 1;
}

static void ini_state_free(struct ini_state *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->kvs[i].section);
		free(st->kvs[i].key);
		free(st->kvs[i].value);
	}
	free(st->kvs);
	rg_free_strv(st->sections, st->nsections);
}

static const char *lookup(const struct ini_state *st, const char *section,
			  const char *key)
{
	const char *found = NULL;
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->kvs[i].section, section) == 0 &&
		    strcmp(st->kvs[i].key, key) == 0)
			found = st->kvs[i].value; /* the last one wins */
	return found;
}

/* The line of `key` inside [section] in text, for messages; 0 if unseen. */
static unsigned key_line(const char *text, const char *section, const char *key)
{
	unsigned line = 1;
	char cur[256] = "";
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *q = p;
		while (q < p + len && isspace((unsigned char)*q))
			q++;
		if (*q == '[') {
			const char *close = memchr(q, ']', (size_t)(p + len - q));
			if (close && (size_t)(close - q - 1) < sizeof(cur)) {
				memcpy(cur, q + 1, (size_t)(close - q - 1));
				cur[close - q - 1] = '\0';
			}
		} else if (strcmp(cur, section) == 0 &&
			   strncmp(q, key, strlen(key)) == 0) {
			const char *r = q + strlen(key);
			while (*r == ' ' || *r == '\t')
				r++;
			if (*r == '=' || *r == ':')
				return line;
		}
		if (!eol)
			break;
		p = eol + 1;
		line++;
	}
	return 0;
}

static const char *const known_keys[] = {
	"url", "script_location", "models", "include_dirs", "clang_args",
	"version_table", "exclude_tables", "model_cache", "naming_pk", "naming_fk",
	"naming_uq", "naming_ix", "naming_ck", "lint_fail_on", "online_ddl", "targets",
	"target_schemas",
};

/* known_keys' naming_* in the order of enum rg_naming_kind */
#define NAMING_KEY(k) known_keys[8 + (k)]

/* Checks a naming convention: braces only around a known field, and
 * {ref_table} only for foreign keys; NULL when fine, else why not. */
static const char *naming_problem(enum rg_naming_kind k, const char *conv)
{
	if (!*conv)
		return "it is empty";
	for (const char *p = conv; *p; p++) {
		if (*p == '}')
			return "a '}' that closes no field";
		if (*p != '{')
			continue;
		static const char *const fields[] = {"{table}", "{columns}", "{ref_table}"};
		size_t n = 0;
		for (size_t i = 0; i < RG_ARRAY_LEN(fields) && !n; i++)
			if ((i < 2 || k == RG_NAMING_FK) &&
			    strncmp(p, fields[i], strlen(fields[i])) == 0)
				n = strlen(fields[i]);
		if (!n)
			return k == RG_NAMING_FK
				       ? "unknown field (known: {table}, {columns}, {ref_table})"
				       : "unknown field (known: {table}, {columns})";
		p += n - 1;
	}
	return NULL;
}

/* Splits on whitespace; with shell_quotes, '...' and "..." group words. */
static void split_words(const char *s, bool shell_quotes, char ***out,
			size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while (*s) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		struct rg_buf w = RG_BUF_INIT;
		while (*s && !isspace((unsigned char)*s)) {
			if (shell_quotes && (*s == '\'' || *s == '"')) {
				char q = *s++;
				while (*s && *s != q)
					rg_buf_addc(&w, *s++);
				if (*s)
					s++;
			} else {
				rg_buf_addc(&w, *s++);
			}
		}
		rg_grow((void **)out, &cap, *n + 1, sizeof(char *));
		(*out)[(*n)++] = rg_buf_detach(&w);
	}
}

static char *absolute(const char *dir, const char *path)
{
	if (path[0] == '/')
		return rg_xstrdup(path);
	struct rg_buf b = RG_BUF_INIT;
	rg_buf_addf(&b, "%s/%s", dir, path);
	return rg_buf_detach(&b);
}

static void absolute_all(const char *dir, char **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *a = absolute(dir, v[i]);
		free(v[i]);
		v[i] = a;
	}
}

void rg_config_free(struct rg_config *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->dir);
	free(c->section);
	free(c->url);
	rg_free_strv(c->targets, c->ntargets);
	rg_free_strv(c->target_schemas, c->ntarget_schemas);
	free(c->script_location);
	rg_free_strv(c->models, c->nmodels);
	rg_free_strv(c->include_dirs, c->ninclude_dirs);
	rg_free_strv(c->clang_args, c->nclang_args);
	free(c->version_table);
	free(c->lint_fail_on);
	free(c->model_cache);
	rg_free_strv(c->exclude_tables, c->nexclude_tables);
	for (size_t k = 0; k < RG_NAMING__COUNT; k++)
		free(c->naming[k]);
	free(c);
}

static bool valid_table_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* ${NAME} in a URL of the config file is that environment variable's
 * value, so that a password need not be written in a file kept in git.
 * The value goes in as written (percent-escape what a URL cannot hold). */
static int expand_env(const char *v, char **out, const char *file, unsigned line,
		      struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	for (const char *p = v; *p;) {
		if (p[0] != '$' || p[1] != '{') {
			rg_buf_addc(&b, *p++);
			continue;
		}
		const char *close = strchr(p + 2, '}');
		if (!close) {
			rg_buf_free(&b);
			return rg_error_set(err, "%s:%u: unterminated ${ (${NAME} reads the environment variable NAME)",
					    file, line);
		}
		char *name = rg_xstrndup(p + 2, (size_t)(close - p - 2));
		const char *val = getenv(name);
		if (!val) {
			rg_error_set(err, "%s:%u: the environment variable %s is not set", file, line, name);
			free(name);
			rg_buf_free(&b);
			return -1;
		}
		free(name);
		rg_buf_add(&b, val);
		p = close + 1;
	}
	*out = rg_buf_detach(&b);
	return 0;
}

/* A URL of the config file: ${NAME} expanded, and a relative sqlite path
 * made relative to the config's folder, so the tool works from any
 * directory. */
static int config_url(const struct rg_config *c, const char *v, unsigned line, char **out,
		      struct rg_error *err)
{
	char *u = NULL;
	if (expand_env(v, &u, c->path ? c->path : "revgen.ini", line, err) < 0)
		return -1;
	if (rg_startswith(u, "sqlite:///") && u[10] != '/' && u[10] != '\0' &&
	    u[10] != '?' && !rg_startswith(u + 10, ":memory:")) {
		struct rg_buf b = RG_BUF_INIT;
		rg_buf_addf(&b, "sqlite:///%s/%s", c->dir, u + 10);
		free(u);
		u = rg_buf_detach(&b);
	}
	*out = u;
	return 0;
}

/* `targets` of section: URLs separated by white space (a comma after one
 * is allowed, as in a list; one inside, as in ?schema=a,b, is the URL's),
 * on one line or several (every `targets` line of the section counts). */
static int collect_targets(struct rg_config *c, const struct ini_state *st, const char *section,
			   unsigned line, struct rg_error *err)
{
	size_t cap = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (strcmp(st->kvs[i].section, section) != 0 || strcmp(st->kvs[i].key, "targets") != 0)
			continue;
		char **words;
		size_t n;
		split_words(st->kvs[i].value, false, &words, &n);
		for (size_t k = 0; k < n; k++) {
			size_t len = strlen(words[k]);
			if (len && words[k][len - 1] == ',')
				words[k][--len] = '\0';
			char *u = NULL;
			if (!len)
				continue;
			if (config_url(c, words[k], line, &u, err) < 0) {
				rg_free_strv(words, n);
				return -1;
			}
			rg_grow((void **)&c->targets, &cap, c->ntargets + 1, sizeof(char *));
			c->targets[c->ntargets++] = u;
		}
		rg_free_strv(words, n);
	}
	return 0;
}

int rg_config_load(struct rg_config **out, const struct rg_config_opts *opts,
		   struct rg_error *err)
{
	const char *path = opts->path ? opts->path : "revgen.ini";
	const char *section = opts->section ? opts->section : "revgen";
	struct rg_config *c = rg_xcalloc(1, sizeof(*c));
	struct ini_state st;
	memset(&st, 0, sizeof(st));
	char *text = NULL;
	char cwd[PATH_MAX];
	int rc = -1;

	if (!getcwd(cwd, sizeof(cwd))) {
		rg_error_set(err, "cannot read the current directory: %s", strerror(errno));
		goto out;
	}
	c->section = rg_xstrdup(section);
	if (access(path, F_OK) != 0) {
		if (opts->require_file) {
			rg_error_set(err, "%s: no such file; run `revgen init` first, or pass -c FILE", path);
			goto out;
		}
		c->dir = rg_xstrdup(cwd);
	} else {
		struct rg_error rerr;
		if (!(text = rg_read_file(path, NULL, &rerr))) {
			rg_error_set(err, "%s", rerr.msg);
			goto out;
		}
		int perr = ini_parse_string(text, on_ini, &st);
		if (perr > 0) {
			rg_error_set(err, "%s:%d: not a valid ini line (expected [section] or key = value)",
				     path, perr);
			goto out;
		} else if (perr < 0) {
			rg_error_set(err, "%s: cannot parse (%d)", path, perr);
			goto out;
		}
		char *abs = realpath(path, NULL);
		if (!abs) {
			rg_error_set(err, "%s: %s", path, strerror(errno));
			goto out;
		}
		c->path = abs;
		char *slash = strrchr(abs, '/');
		c->dir = rg_xstrndup(abs, slash == abs ? 1 : (size_t)(slash - abs));
	}

	/* every key must be known, in every section */
	for (size_t i = 0; i < st.n; i++) {
		bool known = false;
		for (size_t k = 0; k < RG_ARRAY_LEN(known_keys); k++)
			if (strcmp(st.kvs[i].key, known_keys[k]) == 0)
				known = true;
		if (!known) {
			rg_error_set(err, "%s:%u: unknown key '%s' in [%s] (known: url, script_location, models, include_dirs, clang_args, version_table, exclude_tables, model_cache, naming_pk, naming_fk, naming_uq, naming_ix, naming_ck, lint_fail_on, online_ddl, targets, target_schemas)",
				     path, key_line(text, st.kvs[i].section, st.kvs[i].key),
				     st.kvs[i].key, st.kvs[i].section);
			goto out;
		}
	}
	bool have = strcmp(section, "revgen") == 0 && !c->path;
	for (size_t i = 0; i < st.nsections; i++)
		if (strcmp(st.sections[i], section) == 0)
			have = true;
	if (!have && (c->path || strcmp(section, "revgen") != 0)) {
		if (strcmp(section, "revgen") == 0 && c->path) {
			/* a file without [revgen] is fine: defaults apply */
		} else {
			struct rg_buf b = RG_BUF_INIT;
			for (size_t i = 0; i < st.nsections; i++)
				rg_buf_addf(&b, "%s[%s]", i ? ", " : "", st.sections[i]);
			rg_error_set(err, "%s: no section [%s] (the file has: %s)",
				     c->path ? c->path : path, section,
				     st.nsections ? rg_buf_str(&b) : "none");
			rg_buf_free(&b);
			goto out;
		}
	}

#define GET(key, def) \
	(lookup(&st, section, key) ? lookup(&st, section, key) \
	 : lookup(&st, "revgen", key) ? lookup(&st, "revgen", key) : (def))

	const char *v = GET("script_location", "migrations");
	c->script_location = absolute(c->dir, *v ? v : "migrations");
	split_words(GET("models", "models/*.h"), false, &c->models, &c->nmodels);
	absolute_all(c->dir, c->models, c->nmodels);
	split_words(GET("include_dirs", ""), false, &c->include_dirs, &c->ninclude_dirs);
	absolute_all(c->dir, c->include_dirs, c->ninclude_dirs);
	split_words(GET("clang_args", ""), true, &c->clang_args, &c->nclang_args);
	split_words(GET("exclude_tables", ""), false, &c->exclude_tables, &c->nexclude_tables);
	v = GET("model_cache", ".revgen-cache/models");
	if (*v && strcmp(v, "off") != 0)
		c->model_cache = absolute(c->dir, v);
	v = GET("version_table", "revgen_version");
	if (!valid_table_name(v)) {
		rg_error_set(err, "%s:%u: version_table '%s' must be letters, digits and _",
			     c->path ? c->path : path,
			     key_line(text ? text : "", section, "version_table"), v);
		goto out;
	}
	c->version_table = rg_xstrdup(v);
	/* the lowest severity of a `revgen lint` finding that fails it */
	v = GET("lint_fail_on", "error");
	if (strcmp(v, "error") != 0 && strcmp(v, "warning") != 0 && strcmp(v, "notice") != 0 &&
	    strcmp(v, "never") != 0) {
		rg_error_set(err, "%s:%u: lint_fail_on '%s' must be error, warning, notice or never",
			     c->path ? c->path : path,
			     key_line(text ? text : "", section, "lint_fail_on"), v);
		goto out;
	}
	c->lint_fail_on = rg_xstrdup(v);
	/* autogenerate's low-lock forms (revision --online) by default */
	v = GET("online_ddl", "false");
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "on") == 0) {
		c->online_ddl = true;
	} else if (strcmp(v, "false") != 0 && strcmp(v, "no") != 0 && strcmp(v, "off") != 0) {
		rg_error_set(err, "%s:%u: online_ddl '%s' must be true or false",
			     c->path ? c->path : path,
			     key_line(text ? text : "", section, "online_ddl"), v);
		goto out;
	}
	for (int k = 0; k < RG_NAMING__COUNT; k++) {
		if (!(v = GET(NAMING_KEY(k), NULL)))
			continue;
		const char *why = naming_problem((enum rg_naming_kind)k, v);
		if (why) {
			rg_error_set(err, "%s:%u: %s = %s: %s", c->path ? c->path : path,
				     key_line(text ? text : "", section, NAMING_KEY(k)),
				     NAMING_KEY(k), v, why);
			goto out;
		}
		c->naming[k] = rg_xstrdup(v);
	}

	const char *env = getenv("REVGEN_URL");
	const char *file = c->path ? c->path : "revgen.ini";
	if (opts->url) {
		c->url = rg_xstrdup(opts->url);
		c->url_source = "--url";
	} else if (env && *env) {
		c->url = rg_xstrdup(env);
		c->url_source = "REVGEN_URL";
	} else {
		if ((v = GET("url", NULL)) && *v) {
			c->url_source = file;
			if (config_url(c, v, key_line(text ? text : "", section, "url"), &c->url, err) < 0)
				goto out;
		}
		/* a fleet; --url or REVGEN_URL name one database instead */
		const char *tsec = lookup(&st, section, "targets") ? section : "revgen";
		split_words(GET("target_schemas", ""), false, &c->target_schemas,
			    &c->ntarget_schemas);
		if (c->ntarget_schemas && !c->url) {
			rg_error_set(err, "%s:%u: target_schemas needs the url of the PostgreSQL database "
				     "whose schemas it matches", file,
				     key_line(text ? text : "", section, "target_schemas"));
			goto out;
		}
		if (collect_targets(c, &st, tsec, key_line(text ? text : "", tsec, "targets"), err) < 0)
			goto out;
	}
#undef GET
	*out = c;
	c = NULL;
	rc = 0;
out:
	free(text);
	ini_state_free(&st);
	rg_config_free(c);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rg_config_model_files(const struct rg_config *c, char ***files,
			  size_t *n, struct rg_error *err)
{
	char **out = NULL;
	size_t cnt = 0, cap = 0;
	for (size_t i = 0; i < c->nmodels; i++) {
		glob_t g;
		int r = glob(c->models[i], GLOB_BRACE, NULL, &g);
		if (r == GLOB_NOMATCH) {
			rg_free_strv(out, cnt);
			return rg_error_set(err, "%s: models: '%s' matches no file",
					    c->path ? c->path : "revgen.ini", c->models[i]);
		}
		if (r != 0) {
			rg_free_strv(out, cnt);
			return rg_error_set(err, "models: cannot expand '%s'", c->models[i]);
		}
		for (size_t k = 0; k < g.gl_pathc; k++) {
			rg_grow((void **)&out, &cap, cnt + 1, sizeof(char *));
			out[cnt++] = rg_xstrdup(g.gl_pathv[k]);
		}
		globfree(&g);
	}
	if (cnt > 1)
		qsort(out, cnt, sizeof(char *), cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < cnt; i++) {
		if (w > 0 && strcmp(out[w - 1], out[i]) == 0) {
			free(out[i]);
			continue;
		}
		out[w++] = out[i];
	}
	*files = out;
	*n = w;
	return 0;
}
