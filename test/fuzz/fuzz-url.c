/* fuzz-url.c - the URL parser and the password masking on arbitrary text:
 * a password must never survive redaction. */
#include "config/config.h"
#include "test/fuzz/fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct rg_url *u = NULL;
	struct rg_error err;
	char *r = rg_url_redact(s);
	free(r);
	if (rg_url_parse(&u, s, &err) == 0) {
		if (!u->scheme || !u->redacted)
			abort();
		/* a URL with a password shows "***" in its place */
		if (u->password && *u->password && !strstr(u->redacted, ":***@"))
			abort();
		rg_url_free(u);
	} else if (strstr(s, "://") && strchr(s, '@')) {
		/* an error message must not show what sits between the first
		 * ':' after "://" and the last '@' before the query */
		const char *auth = strstr(s, "://") + 3;
		size_t qlen = strcspn(auth, "?");
		const char *colon = NULL, *at = NULL;
		for (const char *p = auth; p < auth + qlen; p++)
			if (*p == '@')
				at = p;
		if (at)
			colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon && at && at > colon + 4) {
			char pw[64];
			size_t n = (size_t)(at - colon - 1);
			if (n < sizeof(pw) && !memchr(colon + 1, '/', n)) {
				memcpy(pw, colon + 1, n);
				pw[n] = '\0';
				/* shown only masked (the same text elsewhere in
				 * the URL, a query say, may show) */
				if (strstr(err.msg, pw) && !strstr(err.msg, ":***@") &&
				    !strstr(auth, "***"))
					abort();
			}
		}
	}
	free(s);
	return 0;
}
