/*
 * config.h - revgen.ini (SPEC §2, read with inih) and database URLs.
 */
#ifndef RG_CONFIG_H
#define RG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

struct rg_url {
	char *scheme;   /* normalised: "sqlite", "postgresql", "mysql" */
	char *user;     /* percent-decoded; NULL when absent */
	char *password; /* percent-decoded; NULL when absent */
	char *host;     /* NULL when absent */
	int port;       /* 0 when absent */
	char *database; /* postgresql/mysql: the path without '/'; NULL if none */
	char *path;     /* sqlite: the file path ("" or ":memory:" = memory) */
	size_t nparams; /* query parameters, percent-decoded */
	char **keys;
	char **values;
	char *redacted; /* the URL as given with the password as "***" */
};

/* PostgreSQL's managed schemas, the URL's schema=app,billing split at the
 * commas (default: public), the default first; NULL-terminated, *n names.
 * -1 (err set, naming the URL) for an empty name, a '.' or a name twice. */
int rg_url_schemas(const struct rg_url *u, char ***out, size_t *n, struct rg_error *err);
/* Parses a URL of SPEC §2.  Errors never show the password. */
int rg_url_parse(struct rg_url **out, const char *s, struct rg_error *err);
void rg_url_free(struct rg_url *u); /* accepts NULL */
/* A malloc'd copy of url with any password replaced by "***"; works on
 * strings that do not parse, too. */
char *rg_url_redact(const char *url);

/* The naming convention's kinds (diff/naming.h): revgen.ini's naming_pk,
 * naming_fk, naming_uq, naming_ix, naming_ck. */
enum rg_naming_kind { RG_NAMING_PK, RG_NAMING_FK, RG_NAMING_UQ, RG_NAMING_IX,
		      RG_NAMING_CK, RG_NAMING__COUNT };

struct rg_config {
	char *path;    /* the config file; NULL when none was found */
	char *dir;     /* its folder (cwd when there is no file); absolute */
	char *section; /* the section asked for */

	char *url;        /* after --url / REVGEN_URL / config; NULL if none */
	/* A fleet (cmd/fleet.c): the section's `targets` URLs (sqlite paths
	 * made absolute as url's) and `target_schemas` patterns, matched
	 * against the schemas of url's PostgreSQL database.  Both empty when
	 * --url or REVGEN_URL names one database, which then is the target. */
	char **targets;
	size_t ntargets;
	char **target_schemas;
	size_t ntarget_schemas;
	const char *url_source; /* "--url", "REVGEN_URL", or the config path */
	char *script_location; /* absolute */
	char **models;    /* glob patterns, absolute */
	size_t nmodels;
	char **include_dirs; /* absolute */
	size_t ninclude_dirs;
	char **clang_args;
	size_t nclang_args;
	char *version_table;
	char **exclude_tables;
	size_t nexclude_tables;
	char *model_cache; /* absolute; NULL when `model_cache = off` */
	char *lint_fail_on; /* "error" (default), "warning", "notice", "never" */
	bool online_ddl;    /* autogenerate writes the low-lock forms (--online) */
	/* naming conventions by enum rg_naming_kind, checked: text with
	 * the fields {table}, {columns} and (naming_fk) {ref_table};
	 * NULL: the default */
	char *naming[RG_NAMING__COUNT];
};

struct rg_config_opts {
	const char *path;    /* -c; NULL = "./revgen.ini" */
	const char *section; /* -n; NULL = "revgen" */
	const char *url;     /* --url; NULL = none */
	bool require_file;   /* false for `init`, which may create it */
};

/*
 * Loads the config.  Keys of the chosen section fall back to [revgen];
 * unknown keys and a section that does not exist are errors naming the
 * file (and line for keys).  The URL comes from opts->url, else the
 * environment variable REVGEN_URL, else the config.  A relative sqlite path
 * in the config's url is made relative to the config's folder (a URL given
 * on the command line or in the environment stays relative to the current
 * directory, as a shell user expects).
 */
int rg_config_load(struct rg_config **out, const struct rg_config_opts *opts,
		   struct rg_error *err);
void rg_config_free(struct rg_config *c); /* accepts NULL */

/* Expands the models globs to the sorted list of files; a glob that matches
 * nothing is an error naming it. */
int rg_config_model_files(const struct rg_config *c, char ***files,
			  size_t *n, struct rg_error *err);
void rg_free_strv(char **v, size_t n);

#endif
