/*
 * test-config.c - revgen.ini (sections, fallbacks, errors with lines,
 * relative paths) and URLs (every form, decoding, and never a password in
 * a message).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "test/test.h"

static char dir[256];

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static struct rg_config *load(const char *file, const char *section,
			      const char *url, struct rg_error *err)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	struct rg_config_opts o = {path, section, url, true};
	struct rg_config *c = NULL;
	if (rg_config_load(&c, &o, err) < 0)
		return NULL;
	return c;
}

static void config_tests(void)
{
	struct rg_error err;
	struct rg_config *c;
	char expect[600];

	put("revgen.ini",
	    "; a comment\n[revgen]\nurl = sqlite:///app.db   ; inline comment\n"
	    "models = models/*.h other/x.h\ninclude_dirs = include /abs/inc\n"
	    "clang_args = -DX=1 '-DMSG=hello world'\nexclude_tables = audit_* tmp\n\n"
	    "[production]\nurl = postgresql://app:pw@db/app\n");
	unsetenv("REVGEN_URL");
	CHECK((c = load("revgen.ini", NULL, NULL, &err)) != NULL);
	if (!c)
		return;
	snprintf(expect, sizeof(expect), "sqlite:///%s/app.db", dir);
	CHECK_STR(c->url, expect);
	snprintf(expect, sizeof(expect), "%s/migrations", dir);
	CHECK_STR(c->script_location, expect);
	CHECK(c->nmodels == 2);
	snprintf(expect, sizeof(expect), "%s/models/*.h", dir);
	CHECK_STR(c->models[0], expect);
	CHECK(c->ninclude_dirs == 2);
	CHECK_STR(c->include_dirs[1], "/abs/inc");
	CHECK(c->nclang_args == 2);
	CHECK_STR(c->clang_args[1], "-DMSG=hello world");
	CHECK(c->nexclude_tables == 2);
	CHECK_STR(c->version_table, "revgen_version");
	CHECK(!c->online_ddl);
	rg_config_free(c);

	/* -n production: its url, the rest from [revgen] */
	CHECK((c = load("revgen.ini", "production", NULL, &err)) != NULL);
	CHECK_STR(c->url, "postgresql://app:pw@db/app");
	CHECK(c->nmodels == 2);
	rg_config_free(c);

	/* precedence: --url, then REVGEN_URL, then the file */
	setenv("REVGEN_URL", "sqlite:///env.db", 1);
	CHECK((c = load("revgen.ini", NULL, NULL, &err)) != NULL);
	CHECK_STR(c->url, "sqlite:///env.db");
	CHECK_STR(c->url_source, "REVGEN_URL");
	rg_config_free(c);
	CHECK((c = load("revgen.ini", NULL, "sqlite:///flag.db", &err)) != NULL);
	CHECK_STR(c->url, "sqlite:///flag.db");
	rg_config_free(c);
	unsetenv("REVGEN_URL");

	/* relative paths stay relative to the file, wherever we run from */
	char cwd[512];
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(chdir("/") == 0);
	CHECK((c = load("revgen.ini", NULL, NULL, &err)) != NULL);
	snprintf(expect, sizeof(expect), "%s/migrations", dir);
	CHECK_STR(c->script_location, expect);
	rg_config_free(c);
	CHECK(chdir(cwd) == 0);

	CHECK(load("revgen.ini", "staging", NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "no section [staging]");
	CHECK_CONTAINS(err.msg, "[revgen], [production]");

	put("bad.ini", "[revgen]\nurl = sqlite://\nmodles = x.h\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "bad.ini:3: unknown key 'modles' in [revgen]");
	put("bad.ini", "[revgen]\nthis is not ini\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "bad.ini:2:");
	put("bad.ini", "[revgen]\nversion_table = bad-name\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "version_table");
	/* online_ddl: a yes or a no, with the key's line otherwise */
	put("online.ini", "[revgen]\nonline_ddl = true\n[prod]\nonline_ddl = no\n");
	CHECK((c = load("online.ini", NULL, NULL, &err)) != NULL);
	CHECK(c && c->online_ddl);
	rg_config_free(c);
	CHECK((c = load("online.ini", "prod", NULL, &err)) != NULL);
	CHECK(c && !c->online_ddl);
	rg_config_free(c);
	put("bad.ini", "[revgen]\nurl = sqlite://\nonline_ddl = maybe\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "bad.ini:3: online_ddl 'maybe' must be true or false");
	/* naming conventions: fields checked, with the key's line */
	put("names.ini", "[revgen]\nnaming_pk = {table}_pkey\n"
	    "naming_fk = {table}_{columns}_fkey_{ref_table}\n");
	CHECK((c = load("names.ini", NULL, NULL, &err)) != NULL);
	if (c) {
		CHECK_STR(c->naming[RG_NAMING_PK], "{table}_pkey");
		CHECK_STR(c->naming[RG_NAMING_FK], "{table}_{columns}_fkey_{ref_table}");
		CHECK(c->naming[RG_NAMING_UQ] == NULL);
		rg_config_free(c);
	}
	put("bad.ini", "[revgen]\nurl = sqlite://\nnaming_ix = ix_{ref_table}\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "bad.ini:3: naming_ix = ix_{ref_table}: unknown field");
	put("bad.ini", "[revgen]\nnaming_uq = uq_{table\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "naming_uq");
	put("bad.ini", "[revgen]\nnaming_ck = ck}\n");
	CHECK(load("bad.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "closes no field");
	CHECK(load("missing.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "missing.ini: no such file; run `revgen init`");

	/* model globs: sorted, deduplicated, an empty match is an error */
	char sub[600];
	snprintf(sub, sizeof(sub), "%s/models", dir);
	CHECK(mkdir(sub, 0755) == 0);
	put("models/b.h", "");
	put("models/a.h", "");
	put("globs.ini", "[revgen]\nmodels = models/*.h models/a.h\n");
	CHECK((c = load("globs.ini", NULL, NULL, &err)) != NULL);
	char **files;
	size_t n;
	CHECK(rg_config_model_files(c, &files, &n, &err) == 0);
	CHECK(n == 2);
	snprintf(expect, sizeof(expect), "%s/models/a.h", dir);
	CHECK_STR(files[0], expect);
	rg_free_strv(files, n);
	rg_config_free(c);
	put("globs.ini", "[revgen]\nmodels = nothing/*.h\n");
	CHECK((c = load("globs.ini", NULL, NULL, &err)) != NULL);
	CHECK(rg_config_model_files(c, &files, &n, &err) < 0);
	CHECK_CONTAINS(err.msg, "nothing/*.h' matches no file");
	rg_config_free(c);
}

static void url_tests(void)
{
	struct rg_url *u;
	struct rg_error err;
	CHECK(rg_url_parse(&u, "postgresql://app:p%40ss@db.internal:6543/my%20db?sslmode=require&application_name=rg", &err) == 0);
	CHECK_STR(u->scheme, "postgresql");
	CHECK_STR(u->user, "app");
	CHECK_STR(u->password, "p@ss");
	CHECK_STR(u->host, "db.internal");
	CHECK(u->port == 6543);
	CHECK_STR(u->database, "my db");
	CHECK(u->nparams == 2);
	CHECK_STR(u->keys[0], "sslmode");
	CHECK_STR(u->values[1], "rg");
	CHECK_STR(u->redacted, "postgresql://app:***@db.internal:6543/my%20db?sslmode=require&application_name=rg");
	rg_url_free(u);

	CHECK(rg_url_parse(&u, "postgres://localhost/app", &err) == 0);
	CHECK_STR(u->scheme, "postgresql");
	CHECK(u->user == NULL && u->port == 0);
	rg_url_free(u);
	CHECK(rg_url_parse(&u, "mariadb://root@[::1]:3307/app?unix_socket=%2Ftmp%2Fs", &err) == 0);
	CHECK_STR(u->scheme, "mysql");
	CHECK_STR(u->host, "::1");
	CHECK(u->port == 3307);
	CHECK_STR(u->values[0], "/tmp/s");
	rg_url_free(u);
	CHECK(rg_url_parse(&u, "sqlite:///rel/app.db", &err) == 0);
	CHECK_STR(u->path, "rel/app.db");
	rg_url_free(u);
	CHECK(rg_url_parse(&u, "sqlite:////abs/app.db", &err) == 0);
	CHECK_STR(u->path, "/abs/app.db");
	rg_url_free(u);
	CHECK(rg_url_parse(&u, "sqlite://", &err) == 0);
	CHECK_STR(u->path, "");
	rg_url_free(u);
	CHECK(rg_url_parse(&u, "sqlite:///:memory:", &err) == 0);
	CHECK_STR(u->path, "");
	rg_url_free(u);

	/* errors never show the password */
	static const char *const bad[] = {
		"postgresql://app:s3cret@db:99999/x",
		"postgresql://app:s3cret@db:12ab/x",
		"mysql://app:s3cret@[::1/x",
		"oracle://app:s3cret@db/x",
		"postgresql://app:s3cret%zz@db/x",
		"app:s3cret@db",
		"sqlite://host:s3cret@x/db",
	};
	for (size_t i = 0; i < RG_ARRAY_LEN(bad); i++) {
		err.msg[0] = '\0';
		CHECK(rg_url_parse(&u, bad[i], &err) < 0);
		CHECK(err.msg[0] != '\0');
		if (strstr(err.msg, "s3cret"))
			fprintf(stderr, "password shown for %s: %s\n", bad[i], err.msg);
		CHECK(strstr(err.msg, "s3cret") == NULL);
	}
	char *r = rg_url_redact("mysql://u:pw@h/db");
	CHECK_STR(r, "mysql://u:***@h/db");
	free(r);
	r = rg_url_redact("mysql://u:p@w@h/db");
	CHECK_STR(r, "mysql://u:***@h/db");
	free(r);
	r = rg_url_redact("sqlite:///x.db");
	CHECK_STR(r, "sqlite:///x.db");
	free(r);
}

/* A fleet's targets: white space and a comma after a URL separate them,
 * continuation lines add to them, ${NAME} is the environment's, relative
 * sqlite paths are the config folder's, and --url or REVGEN_URL name one
 * database instead. */
static void fleet_tests(void)
{
	struct rg_error err;
	struct rg_config *c;
	char expect[600];
	unsetenv("REVGEN_URL");
	setenv("RG_TEST_PW", "s3cret", 1);
	put("fleet.ini", "[revgen]\nurl = sqlite:///dev.db\n"
	    "[tenants]\ntargets = mysql://app:${RG_TEST_PW}@h1/t1, mysql://app@h2/t2?x=a,b\n"
	    "  sqlite:///t3.db\n"
	    "[schemas]\nurl = postgresql://${RG_TEST_USER_UNSET_NOT}@db/app\n"
	    "target_schemas = tenant_* public\n");
	CHECK((c = load("fleet.ini", "tenants", NULL, &err)) != NULL);
	if (c) {
		CHECK(c->ntargets == 3);
		if (c->ntargets == 3) {
			CHECK_STR(c->targets[0], "mysql://app:s3cret@h1/t1");
			CHECK_STR(c->targets[1], "mysql://app@h2/t2?x=a,b");
			snprintf(expect, sizeof(expect), "sqlite:///%s/t3.db", dir);
			CHECK_STR(c->targets[2], expect);
		}
		CHECK(c->ntarget_schemas == 0);
		rg_config_free(c);
	}
	/* the default section has no targets */
	CHECK((c = load("fleet.ini", NULL, NULL, &err)) != NULL);
	if (c) {
		CHECK(c->ntargets == 0);
		rg_config_free(c);
	}
	/* --url: one database, no fleet */
	CHECK((c = load("fleet.ini", "tenants", "sqlite:///one.db", &err)) != NULL);
	if (c) {
		CHECK(c->ntargets == 0);
		CHECK_STR(c->url, "sqlite:///one.db");
		rg_config_free(c);
	}
	/* an unset variable is an error naming the file, line and variable */
	CHECK(load("fleet.ini", "schemas", NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "fleet.ini:7: the environment variable RG_TEST_USER_UNSET_NOT is not set");
	setenv("RG_TEST_USER_UNSET_NOT", "app", 1);
	CHECK((c = load("fleet.ini", "schemas", NULL, &err)) != NULL);
	if (c) {
		CHECK_STR(c->url, "postgresql://app@db/app");
		CHECK(c->ntarget_schemas == 2);
		if (c->ntarget_schemas == 2)
			CHECK_STR(c->target_schemas[1], "public");
		rg_config_free(c);
	}
	unsetenv("RG_TEST_USER_UNSET_NOT");
	put("fleet.ini", "[revgen]\ntarget_schemas = tenant_*\n");
	CHECK(load("fleet.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "fleet.ini:2: target_schemas needs the url");
	put("fleet.ini", "[revgen]\nurl = mysql://a:${RG_TEST_PW@h/d\n");
	CHECK(load("fleet.ini", NULL, NULL, &err) == NULL);
	CHECK_CONTAINS(err.msg, "fleet.ini:2: unterminated ${");
	unsetenv("RG_TEST_PW");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/rg-config-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	config_tests();
	fleet_tests();
	url_tests();
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	TEST_DONE();
}
