/*
 * revision.c - revision files (SPEC §4): parse the header and the two
 * sections, render the template, make ids and file-name slugs.
 *
 * The file format is line based: a header of "-- " comment lines (the
 * message first, then "Key: value" lines), then the sections, each opened
 * by a line that is exactly "-- upgrade()" or "-- downgrade()".  Parsing
 * is strict where a mistake would silently change what runs (SQL outside
 * any section, a section or a key given twice) and lenient elsewhere
 * (unknown keys, CRLF line ends, trailing blanks on a marker line).
 */
#include "runner/revision.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

void rg_revision_free(struct rg_revision *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->id);
	free(r->message);
	for (size_t i = 0; i < r->ndown; i++)
		free(r->down[i]);
	free(r->down);
	for (size_t i = 0; i < r->nlabels; i++)
		free(r->labels[i]);
	free(r->labels);
	for (size_t i = 0; i < r->ndepends; i++)
		free(r->depends[i]);
	free(r->depends);
	free(r->create_date);
	free(r->upgrade);
	free(r->downgrade);
	free(r->text);
	free(r);
}

bool rg_revision_id_valid(const char *id)
{
	if (!id)
		return false;
	size_t n = 0;
	for (; id[n]; n++) {
		char c = id[n];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_'))
			return false;
	}
	return n >= 1 && n <= 32;
}

int rg_revision_new_id(char out[13], struct rg_error *err)
{
	unsigned char bytes[6];
	size_t got = 0;
	while (got < sizeof(bytes)) {
		ssize_t r = getrandom(bytes + got, sizeof(bytes) - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return rg_error_set(err, "getrandom: %s", strerror(errno));
		}
		got += (size_t)r;
	}
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < sizeof(bytes); i++) {
		out[2 * i] = hex[bytes[i] >> 4];
		out[2 * i + 1] = hex[bytes[i] & 15];
	}
	out[12] = '\0';
	return 0;
}

/* ---- slugs ---- */

#define SLUG_MAX_CHARS 40 /* Alembic's truncate_slug_length */

/* Decodes one UTF-8 character at p into *cp; returns its length, or 0 for
 * a malformed sequence (overlong, surrogate, truncated, out of range). */
static size_t utf8_decode(const unsigned char *p, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;
	if (*p < 0x80) {
		*cp = *p;
		return 1;
	} else if ((*p & 0xe0) == 0xc0) {
		len = 2, c = *p & 0x1f, min = 0x80;
	} else if ((*p & 0xf0) == 0xe0) {
		len = 3, c = *p & 0x0f, min = 0x800;
	} else if ((*p & 0xf8) == 0xf0) {
		len = 4, c = *p & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Non-ASCII characters that are punctuation, symbols or spaces rather than
 * letters: they separate words in a slug as ASCII punctuation does.  A
 * short table of the blocks that hold them keeps the slug independent of
 * the locale. */
static bool unicode_separator(uint32_t c)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{0x0080, 0x00bf}, /* C1 controls, Latin-1 punctuation/symbols */
		{0x00d7, 0x00d7}, /* multiplication sign */
		{0x00f7, 0x00f7}, /* division sign */
		{0x2000, 0x2bff}, /* general punctuation ... misc. symbols/arrows */
		{0x3000, 0x3004}, /* ideographic space, 、。〃 */
		{0x3008, 0x3020}, /* CJK brackets and marks */
		{0x30fb, 0x30fb}, /* katakana middle dot */
		{0xfe30, 0xfe4f}, /* CJK compatibility forms */
		{0xff00, 0xff0f}, /* fullwidth punctuation ... */
		{0xff1a, 0xff20},
		{0xff3b, 0xff40},
		{0xff5b, 0xff65},
		{0x1f000, 0x1faff}, /* emoji and pictographs */
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(ranges); i++)
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	return false;
}

void rg_revision_slug(struct rg_buf *out, const char *message)
{
	/* words joined by '_', counted in characters */
	size_t start = out->len, chars = 0, last_sep = 0;
	bool pending_sep = false, cut = false;
	for (const unsigned char *p = (const unsigned char *)message; *p;) {
		uint32_t cp;
		size_t clen = utf8_decode(p, &cp);
		bool keep = clen > 1 ? !unicode_separator(cp)
				     : clen == 1 && ((cp >= 'a' && cp <= 'z') ||
						     (cp >= 'A' && cp <= 'Z') ||
						     (cp >= '0' && cp <= '9'));
		if (!keep) {
			pending_sep = true;
			p += clen ? clen : 1;
			continue;
		}
		bool sep = pending_sep && out->len > start;
		if (chars + (sep ? 1 : 0) + 1 > SLUG_MAX_CHARS) {
			cut = !sep; /* the limit falls inside a word */
			break;
		}
		if (sep) {
			last_sep = out->len;
			rg_buf_addc(out, '_');
			chars++;
		}
		pending_sep = false;
		if (clen == 1)
			rg_buf_addc(out, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
		else
			rg_buf_addn(out, (const char *)p, clen);
		chars++;
		p += clen;
	}
	/* like Alembic, drop a word the limit cut in two, unless it is the
	 * only one */
	if (cut && last_sep > start) {
		out->len = last_sep;
		out->data[out->len] = '\0';
	}
	if (out->len == start)
		rg_buf_add(out, "revision");
}

/* ---- parsing ---- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static char *strip(const char *s, size_t n)
{
	while (n > 0 && blank(*s)) {
		s++;
		n--;
	}
	while (n > 0 && blank(s[n - 1]))
		n--;
	return rg_xstrndup(s, n);
}

/* Splits a comma-separated list into *v (trimmed, empty items skipped). */
static void split_list(const char *s, char ***v, size_t *n)
{
	size_t cap = 0;
	while (*s) {
		size_t len = strcspn(s, ",");
		char *item = strip(s, len);
		if (*item) {
			rg_grow((void **)v, &cap, *n + 1, sizeof(char *));
			(*v)[(*n)++] = item;
		} else {
			free(item);
		}
		s += len;
		if (*s == ',')
			s++;
	}
}

/* True when the line (without its end) is exactly the marker, allowing
 * trailing whitespace (and so the \r of a CRLF line). */
static bool is_marker(const char *line, size_t len, const char *marker)
{
	size_t m = strlen(marker);
	if (len < m || strncmp(line, marker, m) != 0)
		return false;
	for (size_t i = m; i < len; i++)
		if (!blank(line[i]))
			return false;
	return true;
}

enum header_key {
	KEY_ID, KEY_REVISES, KEY_DATE, KEY_LABELS, KEY_DEPENDS, KEY_TRANSACTION,
	KEY_COUNT
};

static const char *const key_names[KEY_COUNT] = {
	[KEY_ID] = "Revision ID",
	[KEY_REVISES] = "Revises",
	[KEY_DATE] = "Create Date",
	[KEY_LABELS] = "Branch Labels",
	[KEY_DEPENDS] = "Depends On",
	[KEY_TRANSACTION] = "Transaction",
};

/* The known key that the comment content starts with ("Key:"), or -1.
 * Keys match case-insensitively: hand-edited headers vary. */
static int header_key(const char *content, const char **value)
{
	const char *colon = strchr(content, ':');
	if (!colon)
		return -1;
	for (int k = 0; k < KEY_COUNT; k++)
		if (strlen(key_names[k]) == (size_t)(colon - content) &&
		    strncasecmp(content, key_names[k], (size_t)(colon - content)) == 0) {
			*value = colon + 1;
			return k;
		}
	return -1;
}

/* Checks a list of ids from the header line at line. */
static int check_ids(char **ids, size_t n, const char *what,
		     const struct rg_revision *r, unsigned line, struct rg_error *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!rg_revision_id_valid(ids[i]))
			return rg_error_set(err, "%s:%u: %s names '%s', which is not a "
					    "revision id (1-32 of a-z, 0-9, _)",
					    r->path, line, what, ids[i]);
		if (strcmp(ids[i], r->id) == 0)
			return rg_error_set(err, "%s:%u: revision %s %s itself",
					    r->path, line, r->id,
					    strcmp(what, "Revises") == 0 ? "revises" : "depends on");
		for (size_t k = 0; k < i; k++)
			if (strcmp(ids[k], ids[i]) == 0)
				return rg_error_set(err, "%s:%u: %s names %s twice",
						    r->path, line, what, ids[i]);
	}
	return 0;
}

/* Applies one "Key: value" header line. */
static int header_line(struct rg_revision *r, int key, const char *value,
		       unsigned line, struct rg_error *err)
{
	char *val = strip(value, strlen(value));
	switch (key) {
	case KEY_ID:
		r->id = val;
		return 0;
	case KEY_REVISES:
		split_list(val, &r->down, &r->ndown);
		break;
	case KEY_DATE:
		r->create_date = val;
		return 0;
	case KEY_LABELS:
		split_list(val, &r->labels, &r->nlabels);
		break;
	case KEY_DEPENDS:
		split_list(val, &r->depends, &r->ndepends);
		break;
	case KEY_TRANSACTION:
		if (strcasecmp(val, "no") == 0 || strcasecmp(val, "false") == 0 ||
		    strcasecmp(val, "off") == 0) {
			r->transactional = false;
		} else if (strcasecmp(val, "yes") != 0 && strcasecmp(val, "true") != 0 &&
			   strcasecmp(val, "on") != 0) {
			rg_error_set(err, "%s:%u: Transaction must be yes or no, not '%s'",
				     r->path, line, val);
			free(val);
			return -1;
		}
		break;
	}
	free(val);
	return 0;
}

int rg_revision_parse(struct rg_revision **out, const char *path,
		      const char *text, struct rg_error *err)
{
	struct rg_revision *r = rg_xcalloc(1, sizeof(*r));
	r->path = rg_xstrdup(path);
	r->text = rg_xstrdup(text);
	r->transactional = true;
	/* per section (0 upgrade, 1 downgrade): where its body starts, the
	 * line of that start, and where its marker line is */
	static const char *const markers[2] = {"-- upgrade()", "-- downgrade()"};
	const char *body[2] = {NULL, NULL}, *marker[2] = {NULL, NULL};
	unsigned body_line[2] = {0, 0}, key_line[KEY_COUNT] = {0};
	unsigned line = 1;
	bool in_header = true, first_comment = true;
	const char *p = text;

	for (; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *next = eol ? eol + 1 : p + len;
		int sec = is_marker(p, len, markers[0]) ? 0
			  : is_marker(p, len, markers[1]) ? 1 : -1;
		if (sec >= 0) {
			if (marker[sec]) {
				rg_error_set(err, "%s:%u: a second %s section (the first is "
					     "on line %u)", path, line, markers[sec],
					     body_line[sec] - 1);
				goto fail;
			}
			marker[sec] = p;
			body[sec] = next;
			body_line[sec] = line + 1;
			in_header = false;
		} else if (in_header && len >= 2 && strncmp(p, "--", 2) == 0) {
			char *content = strip(p + 2, len - 2);
			const char *value;
			int key = header_key(content, &value);
			if (key < 0) {
				/* the message, or a comment line: unknown keys
				 * are ignored so that headers can carry notes */
				if (first_comment)
					r->message = rg_xstrdup(content);
			} else if (key_line[key]) {
				rg_error_set(err, "%s:%u: a second \"%s:\" line (the first is "
					     "on line %u)", path, line, key_names[key],
					     key_line[key]);
				free(content);
				goto fail;
			} else {
				key_line[key] = line;
				if (header_line(r, key, value, line, err) < 0) {
					free(content);
					goto fail;
				}
			}
			free(content);
			first_comment = false;
		} else if (in_header && strspn(p, " \t\r\f\v") < len) {
			rg_error_set(err, "%s:%u: SQL before the \"-- upgrade()\" line would "
				     "never run; move it into a section", path, line);
			goto fail;
		}
		p = next;
	}
	/* line is now one past the last line */
	unsigned last_line = line > 1 ? line - 1 : 1;

	if (!r->id) {
		rg_error_set(err, "%s:1: no \"-- Revision ID:\" in the header", path);
		goto fail;
	}
	if (!rg_revision_id_valid(r->id)) {
		rg_error_set(err, "%s:%u: revision id '%s' is not valid (1-32 of a-z, 0-9, _)",
			     path, key_line[KEY_ID], r->id);
		goto fail;
	}
	if (check_ids(r->down, r->ndown, "Revises", r, key_line[KEY_REVISES], err) < 0 ||
	    check_ids(r->depends, r->ndepends, "Depends On", r, key_line[KEY_DEPENDS],
		      err) < 0)
		goto fail;
	for (int sec = 0; sec < 2; sec++)
		if (!marker[sec]) {
			rg_error_set(err, "%s:%u: no \"%s\" line; a revision has an "
				     "upgrade() and a downgrade() section", path,
				     last_line, markers[sec]);
			goto fail;
		}
	/* each body runs to the other marker or to the end */
	const char *end = p;
	for (int sec = 0; sec < 2; sec++) {
		const char *stop = marker[1 - sec] > marker[sec] ? marker[1 - sec] : end;
		char *b = rg_xstrndup(body[sec], (size_t)(stop - body[sec]));
		if (sec == 0) {
			r->upgrade = b;
			r->upgrade_line = body_line[0];
		} else {
			r->downgrade = b;
			r->downgrade_line = body_line[1];
		}
	}
	if (!r->message)
		r->message = rg_xstrdup("");
	*out = r;
	return 0;
fail:
	rg_revision_free(r);
	return -1;
}

int rg_revision_load(struct rg_revision **out, const char *path,
		     struct rg_error *err)
{
	char *text = rg_read_file(path, NULL, err);
	if (!text)
		return -1;
	int rc = rg_revision_parse(out, path, text, err);
	free(text);
	return rc;
}

/* ---- the template ---- */

int rg_template_render(struct rg_buf *out, const char *tmpl,
		       const char *tmpl_name, const struct rg_template_vars *v,
		       struct rg_error *err)
{
	const struct {
		const char *name;
		const char *value;
		bool multiline; /* SQL; the others sit in "-- " header lines */
	} vars[] = {
		{"message", v->message, false},
		{"revision", v->revision, false},
		{"down_revision", v->down_revision, false},
		{"create_date", v->create_date, false},
		{"upgrades", v->upgrades, true},
		{"downgrades", v->downgrades, true},
		{"branch_labels", v->branch_labels, false},
		{"depends_on", v->depends_on, false},
	};
	size_t start = out->len;
	unsigned line = 1;
	for (const char *p = tmpl; *p;) {
		if (p[0] != '$' || p[1] != '{') {
			if (*p == '\n')
				line++;
			rg_buf_addc(out, *p++);
			continue;
		}
		const char *close = strchr(p + 2, '}');
		const char *nl = strchr(p + 2, '\n');
		if (!close || (nl && nl < close)) {
			out->len = start;
			if (out->data)
				out->data[start] = '\0';
			return rg_error_set(err, "%s:%u: unterminated ${ (a placeholder "
					    "reads ${name})", tmpl_name, line);
		}
		size_t len = (size_t)(close - p - 2);
		size_t i = 0;
		while (i < RG_ARRAY_LEN(vars) &&
		       !(strlen(vars[i].name) == len && strncmp(vars[i].name, p + 2, len) == 0))
			i++;
		if (i == RG_ARRAY_LEN(vars)) {
			out->len = start;
			if (out->data)
				out->data[start] = '\0';
			return rg_error_set(err, "%s:%u: unknown placeholder ${%.*s}; known "
					    "are ${message}, ${revision}, ${down_revision}, "
					    "${create_date}, ${upgrades}, ${downgrades}, "
					    "${branch_labels}, ${depends_on}",
					    tmpl_name, line, (int)len, p + 2);
		}
		const char *val = vars[i].value ? vars[i].value : "";
		size_t vlen = strlen(val);
		if (vars[i].multiline) {
			/* SQL ending in its own newline, before the template's:
			 * one newline, not a stray blank line */
			if (vlen > 0 && val[vlen - 1] == '\n' &&
			    (close[1] == '\n' || (close[1] == '\r' && close[2] == '\n')))
				vlen--;
			rg_buf_addn(out, val, vlen);
		} else {
			/* a line break would end the "-- " comment line and
			 * leave the rest of the value as SQL */
			for (size_t k = 0; k < vlen; k++)
				rg_buf_addc(out, val[k] == '\n' || val[k] == '\r' ? ' ' : val[k]);
		}
		p = close + 1;
	}
	return 0;
}
