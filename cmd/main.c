/*
 * main.c - revgen's entry point: global options, then one table that maps
 * each command to its function and its one-line help.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

/* A command: its function, its help line, and the set-up it needs before
 * its work (cmd.h, enum rg_need).  The function reads its arguments, then
 * calls rg_cmd_setup(); the dispatcher tears down after it. */
struct command {
	const char *name;
	int (*fn)(struct rg_ctx *ctx, int argc, char **argv);
	const char *summary;
	unsigned needs;
};

/* The modes that need more or less ask for it themselves: revision
 * --autogenerate (the models, then the database after its checks of the
 * revisions), upgrade/downgrade --sql (no database), stamp (the database
 * once the revision is resolved, not with --sql). */
static const struct command commands[] = {
	{"init", cmd_init, "create revgen.ini, migrations/versions/ and the revision template",
	 0},
	{"revision", cmd_revision, "write a new revision (--autogenerate: from the models' diff)",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"upgrade", cmd_upgrade, "apply revisions up to a target (default: head)",
	 RG_NEED_CONFIG | RG_NEED_GRAPH | RG_NEED_DB},
	{"downgrade", cmd_downgrade, "revert revisions down to a target (-1, an id, base)",
	 RG_NEED_CONFIG | RG_NEED_GRAPH | RG_NEED_DB},
	{"current", cmd_current, "show the revision(s) the database is at",
	 RG_NEED_CONFIG | RG_NEED_GRAPH | RG_NEED_DB},
	{"history", cmd_history, "list the revisions, newest first",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"check", cmd_check, "compare models with the database; exit 1 when they differ",
	 RG_NEED_CONFIG | RG_NEED_MODELS | RG_NEED_GRAPH | RG_NEED_DB},
	{"heads", cmd_heads, "list the revisions nothing revises yet",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"branches", cmd_branches, "list the branch points of the revision graph",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"show", cmd_show, "print one revision",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"merge", cmd_merge, "write a revision that joins several heads",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"stamp", cmd_stamp, "set the version table without running SQL",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"resolve", cmd_resolve, "say what the database holds of a partly applied revision",
	 RG_NEED_CONFIG | RG_NEED_GRAPH | RG_NEED_DB},
	{"models", cmd_models, "print the schema the model headers declare",
	 RG_NEED_CONFIG},
	{"lint", cmd_lint, "report locks, rewrites, data loss and risks of revisions",
	 RG_NEED_CONFIG | RG_NEED_GRAPH},
	{"inspect", cmd_inspect, "print the schema the database holds",
	 RG_NEED_CONFIG | RG_NEED_DB},
};

static const struct command *find_command(const char *name)
{
	for (size_t k = 0; k < RG_ARRAY_LEN(commands); k++)
		if (strcmp(commands[k].name, name) == 0)
			return &commands[k];
	return NULL;
}

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
	      "Over a fleet (a section with targets or target_schemas), upgrade, downgrade,\n"
	      "current and check run once per target and take -j N (at once; default 4),\n"
	      "--fail-fast (start no target after one fails) and --format text|json.\n"
	      "\n"
	      "Exit status: 0 success, 1 `check` found differences (or `lint` a finding at or\n"
	      "above --fail-on), 2 error.\n", f);
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
		cmd = find_command("revision");
		cargv = rg_xcalloc((size_t)cargc + 2, sizeof(char *));
		cargv[0] = (char *)"revision";
		memcpy(cargv + 1, argv + i, (size_t)cargc * sizeof(char *));
		cargc++;
	} else {
		cmd = find_command(name);
	}
	if (!cmd) {
		if (name[0] == '-')
			rg_cmd_error("unknown option '%s'; see `revgen --help`", name);
		else
			rg_cmd_error("unknown command '%s'; see `revgen --help`", name);
		return RG_EXIT_ERROR;
	}
	/* over a fleet, this process only runs one child per target */
	bool fleet = false;
	int rc = rg_fleet_run(&ctx, cargc, cargv, &fleet);
	if (fleet) {
		if (cargv != argv + i)
			free(cargv);
		return rc;
	}
	ctx.needs = cmd->needs;
	rc = cmd->fn(&ctx, cargc, cargv);
	rg_cmd_teardown(&ctx);
	if (cargv != argv + i)
		free(cargv);
	return rc;
}
