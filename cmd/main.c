/*
 * main.c - revgen's entry point: global options, then one table that maps
 * each command to its function and its one-line help.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/spare.h"

struct command {
	const char *name;
	int (*fn)(struct rg_ctx *ctx, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"init", cmd_init, "create revgen.ini, migrations/versions/ and the revision template"},
	{"revision", cmd_revision, "write a new revision (--autogenerate: from the models' diff)"},
	{"upgrade", cmd_upgrade, "apply revisions up to a target (default: head)"},
	{"downgrade", cmd_downgrade, "revert revisions down to a target (-1, an id, base)"},
	{"current", cmd_current, "show the revision(s) the database is at"},
	{"history", cmd_history, "list the revisions, newest first"},
	{"check", cmd_check, "compare models with the database; exit 1 when they differ"},
	{"heads", cmd_heads, "list the revisions nothing revises yet"},
	{"branches", cmd_branches, "list the branch points of the revision graph"},
	{"show", cmd_show, "print one revision"},
	{"merge", cmd_merge, "write a revision that joins several heads"},
	{"stamp", cmd_stamp, "set the version table without running SQL"},
	{"models", cmd_models, "print the schema the model headers declare"},
	{"inspect", cmd_inspect, "print the schema the database holds"},
};

static void usage(FILE *f)
{
	fputs("usage: revgen [-c FILE] [-n NAME] [--url URL] [-q] [-v] COMMAND [ARGS]\n"
	      "       revgen --autogenerate -m MSG    (same as: revision --autogenerate -m MSG)\n"
	      "\n"
	      "Keeps a database schema in step with annotated C structs.\n"
	      "\n"
	      "Commands:\n", f);
	for (size_t i = 0; i < RG_ARRAY_LEN(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Global options:\n"
	      "  -c FILE      the config file (default: ./revgen.ini)\n"
	      "  -n NAME      the config section, e.g. production (keys fall back to [revgen])\n"
	      "  --url URL    the database URL (overrides REVGEN_URL and the config)\n"
	      "  -q           quiet: no progress lines\n"
	      "  -v           verbose\n"
	      "  --version    print the version\n"
	      "  --help       this help; `revgen COMMAND --help` for a command's\n"
	      "\n"
	      "Exit status: 0 success, 1 `check` found differences, 2 error.\n", f);
}

/* Consumes a global option at argv[*i]; returns 1 if it was one, 0 if not,
 * -1 on a usage error (printed). */
static int global_option(struct rg_ctx *ctx, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char **slot = NULL;
	const char *name = NULL;
	if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) {
		slot = &ctx->copts.path;
		name = a;
	} else if (strcmp(a, "-n") == 0 || strcmp(a, "--name") == 0) {
		slot = &ctx->copts.section;
		name = a;
	} else if (strcmp(a, "--url") == 0) {
		slot = &ctx->copts.url;
		name = a;
	} else if (rg_startswith(a, "--url=")) {
		ctx->copts.url = a + 6;
		return 1;
	} else if (rg_startswith(a, "--config=")) {
		ctx->copts.path = a + 9;
		return 1;
	} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
		ctx->quiet = true;
		return 1;
	} else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
		ctx->verbose++;
		return 1;
	} else {
		return 0;
	}
	if (*i + 1 >= argc) {
		rg_cmd_error("option %s needs a value", name);
		return -1;
	}
	*slot = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	struct rg_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	/* past a file size limit, a write should fail (and be reported, the
	 * half-written temporary file removed), not kill the process */
	signal(SIGXFSZ, SIG_IGN);
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0) {
			printf("revgen %s\n", RG_VERSION);
			return RG_EXIT_OK;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return RG_EXIT_OK;
		}
		int g = global_option(&ctx, argc, argv, &i);
		if (g < 0)
			return RG_EXIT_ERROR;
		if (g == 0)
			break;
	}
	if (i >= argc) {
		usage(stderr);
		return RG_EXIT_ERROR;
	}

	const char *name = argv[i];
	const struct command *cmd = NULL;
	char **cargv = argv + i;
	int cargc = argc - i;
	if (rg_startswith(name, "--autogenerate")) {
		/* `revgen --autogenerate -m MSG`: the revision command, which
		 * takes --autogenerate as its own option. */
		static const struct command autogen = {"revision", cmd_revision, NULL};
		cmd = &autogen;
		cargv = rg_xcalloc((size_t)cargc + 2, sizeof(char *));
		cargv[0] = (char *)"revision";
		memcpy(cargv + 1, argv + i, (size_t)cargc * sizeof(char *));
		cargc++;
	} else {
		for (size_t k = 0; k < RG_ARRAY_LEN(commands); k++)
			if (strcmp(commands[k].name, name) == 0)
				cmd = &commands[k];
	}
	if (!cmd) {
		if (name[0] == '-')
			rg_cmd_error("unknown option '%s'; see `revgen --help`", name);
		else
			rg_cmd_error("unknown command '%s'; see `revgen --help`", name);
		return RG_EXIT_ERROR;
	}
	int rc = cmd->fn(&ctx, cargc, cargv);
	rg_cmd_models_discard(&ctx);
	rg_spare_stop();
	if (cargv != argv + i)
		free(cargv);
	rg_config_free(ctx.cfg);
	return rc;
}
