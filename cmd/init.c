/*
 * init.c - `revgen init [DIR]`: the scaffolding of a new project.  Never
 * overwrites: an existing revgen.ini or template is kept and said so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "runner/revision.h"

static const char ini_text[] =
	"; revgen configuration: see README.md and `revgen --help`.\n"
	"; Relative paths are relative to this file's folder.\n"
	"[revgen]\n"
	"; the database: sqlite:///file.db, postgresql://user@host/db, mysql://user@host/db\n"
	"; (REVGEN_URL or --url override it)\n"
	"url = sqlite:///app.db\n"
	"; the folder of versions/ and script.sql.tmpl\n"
	"script_location = %s\n"
	"; headers with RG_TABLE structs (globs, space-separated)\n"
	"models = models/*.h\n"
	"; extra -I folders and flags for the model loader\n"
	"include_dirs =\n"
	"clang_args =\n"
	"version_table = revgen_version\n"
	"; globs of tables that autogenerate leaves alone\n"
	"exclude_tables =\n"
	"; what the model loader made last time, reused while no header changed\n"
	"; (a path, or off)\n"
	"model_cache = .revgen-cache/models\n"
	"\n"
	"; another environment: `revgen -n production upgrade head`\n"
	"; [production]\n"
	"; url = postgresql://app@db.internal/app\n";

static const char example_text[] =
	"/*\n"
	" * example.h - a model, written by `revgen init`.  Change `#if 0` to `#if 1`\n"
	" * (or write your own structs in models/), then:\n"
	" *     revgen --autogenerate -m \"create users\"\n"
	" *     revgen upgrade head\n"
	" * The header stays ordinary C: your program includes it as it is.\n"
	" */\n"
	"#include <stdbool.h>\n"
	"#include <stdint.h>\n"
	"#include <time.h>\n"
	"\n"
	"#include <revgen.h>\n"
	"\n"
	"#if 0\n"
	"struct RG_TABLE(users) user {\n"
	"\tint64_t id            RG_PRIMARY_KEY RG_AUTOINCREMENT;\n"
	"\tchar    username[256] RG_UNIQUE;              /* VARCHAR(255) NOT NULL */\n"
	"\tchar   *bio           RG_TYPE(VARCHAR(500));  /* a pointer: nullable */\n"
	"\tbool    active        RG_DEFAULT(TRUE);\n"
	"\ttime_t  created_at    RG_DEFAULT(CURRENT_TIMESTAMP);\n"
	"\tvoid   *session       RG_SKIP;                /* not a column */\n"
	"};\n"
	"#endif\n";

/* Adds line to .gitignore unless it is there already. */
static int ignore_line(const char *line, struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	char *old = NULL;
	if (access(".gitignore", F_OK) == 0) {
		if (!(old = rg_read_file(".gitignore", NULL, err)))
			return -1;
		for (char *p = old; p && *p;) {
			size_t n = strcspn(p, "\n");
			if (n == strlen(line) && strncmp(p, line, n) == 0) {
				free(old);
				return 0;
			}
			p += n + (p[n] == '\n');
		}
		rg_buf_add(&b, old);
		if (b.len && b.data[b.len - 1] != '\n')
			rg_buf_addc(&b, '\n');
	}
	rg_buf_addf(&b, "%s\n", line);
	int rc = rg_write_file_atomic(".gitignore", b.data, b.len, err);
	free(old);
	rg_buf_free(&b);
	return rc;
}

/* True when dir holds a .h file. */
static bool has_headers(const char *dir)
{
	glob_t g;
	struct rg_buf pat = RG_BUF_INIT;
	rg_buf_addf(&pat, "%s/*.h", dir);
	bool any = glob(pat.data, 0, NULL, &g) == 0;
	if (any)
		globfree(&g);
	rg_buf_free(&pat);
	return any;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	rg_cmd_error("%s: %s", path, strerror(errno));
	return -1;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int cmd_init(struct rg_ctx *ctx, int argc, char **argv)
{
	static const struct rg_option opts[] = {{0}};
	static const struct rg_command_help help = {
		"init [DIR]",
		"Creates revgen.ini (unless present), DIR/versions/ and DIR/script.sql.tmpl.\n"
		"DIR defaults to `migrations`.",
		"revgen init && revgen --autogenerate -m \"create tables\"",
	};
	const char *pos[1];
	size_t npos;
	bool shown;
	int rc = rg_parse_options(ctx, argc, argv, opts, &help, pos, 1, &npos, &shown);
	if (rc || shown)
		return rc;
	const char *dir = npos ? pos[0] : "migrations";
	const char *ini = ctx->copts.path ? ctx->copts.path : "revgen.ini";
	struct rg_error err;
	struct rg_buf b = RG_BUF_INIT;

	if (make_dir(dir) < 0)
		return RG_EXIT_ERROR;
	rg_buf_addf(&b, "%s/versions", dir);
	if (make_dir(b.data) < 0) {
		rg_buf_free(&b);
		return RG_EXIT_ERROR;
	}
	rg_cmd_info(ctx, "Created %s/", b.data);

	rg_buf_reset(&b);
	rg_buf_addf(&b, "%s/script.sql.tmpl", dir);
	if (exists(b.data)) {
		rg_cmd_info(ctx, "Kept %s (already there)", b.data);
	} else {
		if (rg_write_file_atomic(b.data, rg_default_template,
					 strlen(rg_default_template), &err) < 0) {
			rg_buf_free(&b);
			return rg_cmd_fail(&err);
		}
		rg_cmd_info(ctx, "Created %s", b.data);
	}

	if (exists(ini)) {
		rg_cmd_info(ctx, "Kept %s (already there)", ini);
	} else {
		rg_buf_reset(&b);
		rg_buf_addf(&b, ini_text, dir);
		if (rg_write_file_atomic(ini, b.data, b.len, &err) < 0) {
			rg_buf_free(&b);
			return rg_cmd_fail(&err);
		}
		rg_cmd_info(ctx, "Created %s: set `url` and `models` in it", ini);
		/* a new project: a model to start from, and the SQLite database
		 * kept out of git */
		if (!has_headers("models")) {
			if (make_dir("models") < 0) {
				rg_buf_free(&b);
				return RG_EXIT_ERROR;
			}
			if (access("models/example.h", F_OK) != 0) {
				if (rg_write_file_atomic("models/example.h", example_text,
							 strlen(example_text), &err) < 0) {
					rg_buf_free(&b);
					return rg_cmd_fail(&err);
				}
				rg_cmd_info(ctx, "Created models/example.h: a commented model to start from");
			}
		}
		if (ignore_line("app.db", &err) < 0 || ignore_line(".revgen-cache/", &err) < 0) {
			rg_buf_free(&b);
			return rg_cmd_fail(&err);
		}
	}
	rg_buf_free(&b);
	rg_cmd_info(ctx, "Next: write your models, then `revgen --autogenerate -m \"create tables\"`");
	return RG_EXIT_OK;
}
