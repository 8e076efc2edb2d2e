/*
 * init.c - `revgen init [DIR]`: the scaffolding of a new project.  Never
 * overwrites: an existing revgen.ini or template is kept and said so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "emit/revision.h"

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
	"\n"
	"; another environment: `revgen -n production upgrade head`\n"
	"; [production]\n"
	"; url = postgresql://app@db.internal/app\n";

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
	}
	rg_buf_free(&b);
	rg_cmd_info(ctx, "Next: write your models, then `revgen --autogenerate -m \"create tables\"`");
	return RG_EXIT_OK;
}
