/*
 * revision.c - revision files (SPEC §4): parse the header and the two
 * sections, render the template, make ids and file-name slugs.
 */
#include "emit/revision.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	size_t n = 0;
	for (; id[n]; n++)
		if (!(isdigit((unsigned char)id[n]) || (id[n] >= 'a' && id[n] <= 'z') ||
		      id[n] == '_'))
			return false;
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

void rg_revision_slug(struct rg_buf *out, const char *message)
{
	size_t start = out->len, chars = 0;
	bool pending_sep = false;
	for (const unsigned char *p = (const unsigned char *)message; *p;) {
		size_t clen = 1;
		if (*p >= 0x80) {
			/* a UTF-8 sequence: keep it whole (letters of other
			 * scripts make a perfectly good file name) */
			if ((*p & 0xe0) == 0xc0)
				clen = 2;
			else if ((*p & 0xf0) == 0xe0)
				clen = 3;
			else if ((*p & 0xf8) == 0xf0)
				clen = 4;
			for (size_t k = 1; k < clen; k++)
				if ((p[k] & 0xc0) != 0x80) {
					clen = 0;
					break;
				}
			if (clen == 0) { /* invalid UTF-8: a separator */
				pending_sep = true;
				p++;
				continue;
			}
		} else if (!isalnum(*p)) {
			pending_sep = true;
			p++;
			continue;
		}
		if (chars + 1 + (pending_sep ? 1 : 0) > 40)
			break;
		if (pending_sep && out->len > start) {
			rg_buf_addc(out, '_');
			chars++;
		}
		chars++;
		pending_sep = false;
		if (clen == 1)
			rg_buf_addc(out, (char)tolower(*p));
		else
			rg_buf_addn(out, (const char *)p, clen);
		p += clen;
	}
	if (out->len == start)
		rg_buf_add(out, "revision");
}

/* ---- parsing ---- */

static char *strip(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
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
 * trailing whitespace. */
static bool is_marker(const char *line, size_t len, const char *marker)
{
	size_t m = strlen(marker);
	if (len < m || strncmp(line, marker, m) != 0)
		return false;
	for (size_t i = m; i < len; i++)
		if (!isspace((unsigned char)line[i]))
			return false;
	return true;
}

int rg_revision_parse(struct rg_revision **out, const char *path,
		      const char *text, struct rg_error *err)
{
	struct rg_revision *r = rg_xcalloc(1, sizeof(*r));
	r->path = rg_xstrdup(path);
	r->text = rg_xstrdup(text);
	r->transactional = true;
	const char *up_start = NULL, *down_start = NULL;
	const char *up_marker = NULL, *down_marker = NULL;
	unsigned up_line = 0, down_line = 0;
	unsigned line = 1, id_line = 0;
	bool in_header = true, first = true;

	for (const char *p = text; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *next = eol ? eol + 1 : p + len;
		if (is_marker(p, len, "-- upgrade()")) {
			if (up_marker) {
				rg_error_set(err, "%s:%u: a second -- upgrade() section", path, line);
				goto fail;
			}
			up_marker = p;
			up_start = next;
			up_line = line + 1;
			in_header = false;
		} else if (is_marker(p, len, "-- downgrade()")) {
			if (down_marker) {
				rg_error_set(err, "%s:%u: a second -- downgrade() section", path, line);
				goto fail;
			}
			down_marker = p;
			down_start = next;
			down_line = line + 1;
			in_header = false;
		} else if (in_header && len >= 2 && strncmp(p, "--", 2) == 0) {
			char *content = strip(p + 2, len - 2);
			const char *colon = strchr(content, ':');
			static const char *const keys[] = {
				"Revision ID", "Revises", "Create Date",
				"Branch Labels", "Depends On", "Transaction",
			};
			int key = -1;
			if (colon)
				for (size_t k = 0; k < RG_ARRAY_LEN(keys); k++)
					if (strlen(keys[k]) == (size_t)(colon - content) &&
					    strncmp(content, keys[k], strlen(keys[k])) == 0)
						key = (int)k;
			if (key < 0 && first) {
				r->message = rg_xstrdup(content);
			} else if (key >= 0) {
				char *val = strip(colon + 1, strlen(colon + 1));
				switch (key) {
				case 0:
					free(r->id);
					r->id = val;
					val = NULL;
					id_line = line;
					break;
				case 1:
					split_list(val, &r->down, &r->ndown);
					break;
				case 2:
					free(r->create_date);
					r->create_date = val;
					val = NULL;
					break;
				case 3:
					split_list(val, &r->labels, &r->nlabels);
					break;
				case 4:
					split_list(val, &r->depends, &r->ndepends);
					break;
				case 5:
					if (strcasecmp(val, "no") == 0 || strcasecmp(val, "false") == 0 ||
					    strcasecmp(val, "off") == 0)
						r->transactional = false;
					else if (strcasecmp(val, "yes") && strcasecmp(val, "true") &&
						 strcasecmp(val, "on")) {
						rg_error_set(err, "%s:%u: Transaction must be yes or no, not '%s'",
							     path, line, val);
						free(val);
						free(content);
						goto fail;
					}
					break;
				}
				free(val);
			}
			free(content);
			first = false;
		} else if (in_header && len > 0 && strspn(p, " \t\r") != len) {
			/* SQL before any section: the header is over */
			in_header = false;
		}
		p = next;
	}

	if (!r->id || !*r->id) {
		rg_error_set(err, "%s:%u: no \"-- Revision ID:\" in the header", path,
			     id_line ? id_line : 1);
		goto fail;
	}
	if (!rg_revision_id_valid(r->id)) {
		rg_error_set(err, "%s:%u: revision id '%s' is not valid (1-32 of a-z, 0-9, _)",
			     path, id_line, r->id);
		goto fail;
	}
	for (size_t i = 0; i < r->ndown; i++) {
		if (strcmp(r->down[i], r->id) == 0) {
			rg_error_set(err, "%s: revision %s revises itself", path, r->id);
			goto fail;
		}
		if (!rg_revision_id_valid(r->down[i])) {
			rg_error_set(err, "%s: Revises names '%s', which is not a revision id",
				     path, r->down[i]);
			goto fail;
		}
	}
	if (!up_marker || !down_marker) {
		rg_error_set(err, "%s: no \"-- %s\" section line", path,
			     up_marker ? "downgrade()" : "upgrade()");
		goto fail;
	}
	/* each body runs to the next marker or the end */
	const char *up_end = down_marker > up_marker ? down_marker : text + strlen(text);
	const char *down_end = up_marker > down_marker ? up_marker : text + strlen(text);
	r->upgrade = rg_xstrndup(up_start, (size_t)(up_end - up_start));
	r->downgrade = rg_xstrndup(down_start, (size_t)(down_end - down_start));
	r->upgrade_line = up_line;
	r->downgrade_line = down_line;
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
	} vars[] = {
		{"message", v->message},
		{"revision", v->revision},
		{"down_revision", v->down_revision},
		{"create_date", v->create_date},
		{"upgrades", v->upgrades},
		{"downgrades", v->downgrades},
		{"branch_labels", v->branch_labels},
		{"depends_on", v->depends_on},
	};
	unsigned line = 1;
	for (const char *p = tmpl; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *close = strchr(p + 2, '}');
			const char *nl = strchr(p + 2, '\n');
			if (!close || (nl && nl < close))
				return rg_error_set(err, "%s:%u: unterminated ${", tmpl_name, line);
			size_t len = (size_t)(close - p - 2);
			bool found = false;
			for (size_t i = 0; i < RG_ARRAY_LEN(vars); i++) {
				if (strlen(vars[i].name) == len &&
				    strncmp(vars[i].name, p + 2, len) == 0) {
					const char *val = vars[i].value ? vars[i].value : "";
					/* a multi-line value keeps the template tidy
					 * when it ends in a newline of its own */
					size_t vlen = strlen(val);
					if (vlen > 0 && val[vlen - 1] == '\n' && close[1] == '\n')
						vlen--;
					rg_buf_addn(out, val, vlen);
					found = true;
				}
			}
			if (!found)
				return rg_error_set(err, "%s:%u: unknown placeholder ${%.*s}",
						    tmpl_name, line, (int)len, p + 2);
			p = close + 1;
			continue;
		}
		if (*p == '\n')
			line++;
		rg_buf_addc(out, *p++);
	}
	return 0;
}
