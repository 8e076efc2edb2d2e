/*
 * test-cache.c - the model cache on its own: the file's round trip and
 * its misses (another key, cut short, a byte changed, garbage); the
 * states kept, as stores and promotions move them; and the
 * dependency graph a load records (deps.h) for a few real headers in a
 * temporary folder: which files each header depends on, and which
 * headers a change makes the next load parse again.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "introspect/cache.h"
#include "introspect/loader.h"
#include "test/test.h"

static char dir[256];

static void write_text(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	CHECK(fclose(f) == 0);
}

static char *path_of(const char *name)
{
	static char path[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

/* ---- the file ---- */

/* A table, a sequence and a domain, declared in /models/things.h. */
static struct rg_schema *one_of_each(void)
{
	struct rg_schema *s = rg_schema_new();
	struct rg_table *t = rg_schema_add_table(s, "things");
	struct rg_column *c = rg_table_add_column(s, t, "id");
	c->type = "INTEGER";
	c->not_null = true;
	c->loc = (struct rg_loc){"/models/things.h", 3, 2};
	t->loc = (struct rg_loc){"/models/things.h", 2, 1};
	struct rg_sequence *q = rg_schema_add_sequence(s, "ticket_no");
	q->type = "bigint";
	q->start = "100";
	q->cycle = true;
	q->loc = (struct rg_loc){"/models/things.h", 5, 1};
	struct rg_domain *dm = rg_schema_add_domain(s, "email_t");
	dm->type = "text";
	dm->not_null = true;
	rg_names_push(s, &dm->checks, &dm->nchecks, "VALUE ~ '@'");
	dm->check_names = rg_arena_alloc(s->arena, sizeof(char *));
	dm->check_names[0] = "email_t_check";
	dm->loc = (struct rg_loc){"/models/things.h", 6, 1};
	return s;
}

/* f (as loaded) holds what one_of_each declares. */
static void check_one_of_each(const struct rg_cache_file *f)
{
	CHECK(f->decls[RG_CACHE_TABLE].n == 1 && f->decls[RG_CACHE_SEQUENCE].n == 1 &&
	      f->decls[RG_CACHE_DOMAIN].n == 1);
	if (f->decls[RG_CACHE_TABLE].n == 1) {
		const struct rg_table *t = f->decls[RG_CACHE_TABLE].items[0];
		CHECK_STR(t->name, "things");
		CHECK(t->ncolumns == 1 && t->columns[0]->not_null);
		CHECK_STR(t->columns[0]->type, "INTEGER");
		CHECK_STR(t->loc.file, "/models/things.h");
		CHECK(t->columns[0]->loc.line == 3);
	}
	if (f->decls[RG_CACHE_SEQUENCE].n == 1) {
		const struct rg_sequence *q = f->decls[RG_CACHE_SEQUENCE].items[0];
		CHECK_STR(q->name, "ticket_no");
		CHECK_STR(q->type, "bigint");
		CHECK_STR(q->start, "100");
		CHECK(q->increment == NULL && q->cycle && q->loc.line == 5);
		CHECK_STR(q->loc.file, "/models/things.h");
	}
	if (f->decls[RG_CACHE_DOMAIN].n == 1) {
		const struct rg_domain *dm = f->decls[RG_CACHE_DOMAIN].items[0];
		CHECK_STR(dm->name, "email_t");
		CHECK_STR(dm->type, "text");
		CHECK(dm->not_null && dm->default_expr == NULL && dm->nchecks == 1);
		if (dm->nchecks == 1) {
			CHECK_STR(dm->checks[0], "VALUE ~ '@'");
			CHECK_STR(dm->check_names[0], "email_t_check");
		}
		CHECK(dm->loc.line == 6);
	}
}

static void round_trip(void)
{
	struct rg_schema *s = one_of_each();
	struct rg_cache_key key = {{1, 2, 3}}, other = {{1, 2, 4}};
	uint32_t inc0[] = {1};
	struct rg_cache_file files[2] = {
		{.path = "/models/things.h", .hash = {7}, .includes = inc0, .nincludes = 1},
		{.path = "/usr/include/stdint.h", .hash = {9}},
	};
	files[0].decls[RG_CACHE_TABLE] = (struct rg_cache_decls){(void *const *)s->tables, 1};
	files[0].decls[RG_CACHE_SEQUENCE] = (struct rg_cache_decls){(void *const *)s->sequences, 1};
	files[0].decls[RG_CACHE_DOMAIN] = (struct rg_cache_decls){(void *const *)s->domains, 1};
	char *path = strdup(path_of("cache/models"));
	rg_cache_store(path, &key, files, 2);

	struct rg_schema *got = rg_schema_new();
	struct rg_cache_file *f = NULL;
	long n = rg_cache_load(path, &key, got, &f);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(f[0].path, "/models/things.h");
		CHECK(f[0].hash[0] == 7 && f[1].hash[0] == 9);
		CHECK(f[0].nincludes == 1 && f[0].includes[0] == 1);
		CHECK(f[1].nincludes == 0);
		for (int k = 0; k < RG_CACHE_KINDS; k++)
			CHECK(f[1].decls[k].n == 0);
		CHECK(f[0].block && f[0].block_len > 0);
		check_one_of_each(&f[0]);
		/* what a load that parsed nothing again writes back: the
		 * blocks as read */
		rg_cache_store(path_of("cache/again"), &key, f, 2);
		struct rg_schema *again = rg_schema_new();
		struct rg_cache_file *g = NULL;
		CHECK(rg_cache_load(path_of("cache/again"), &key, again, &g) == 2);
		if (g)
			check_one_of_each(&g[0]);
		rg_schema_free(again);
	}
	/* a miss: another key */
	CHECK(rg_cache_load(path, &other, got, &f) == -1);
	/* a miss: cut short, a byte of the body changed, garbage, nothing */
	size_t len = 0;
	struct rg_error err;
	char *bytes = rg_read_file(path, &len, &err);
	CHECK(bytes != NULL && len > 60);
	if (bytes) {
		const char *bad = path_of("cache/bad");
		CHECK(rg_write_file_atomic(bad, bytes, len - 1, &err) == 0);
		CHECK(rg_cache_load(bad, &key, got, &f) == -1);
		bytes[len - 3] ^= 1;
		CHECK(rg_write_file_atomic(bad, bytes, len, &err) == 0);
		CHECK(rg_cache_load(bad, &key, got, &f) == -1);
		memset(bytes, 'x', len);
		CHECK(rg_write_file_atomic(bad, bytes, len, &err) == 0);
		CHECK(rg_cache_load(bad, &key, got, &f) == -1);
		CHECK(rg_write_file_atomic(bad, "", 0, &err) == 0);
		CHECK(rg_cache_load(bad, &key, got, &f) == -1);
		free(bytes);
	}
	CHECK(rg_cache_load(path_of("cache/none"), &key, got, &f) == -1);
	rg_schema_free(got);
	rg_schema_free(s);
	free(path);
}

/* ---- the states kept ---- */

/* The state in slot of the cache at path is the one file named want
 * (NULL: a miss). */
static void check_slot(const char *path, const struct rg_cache_key *key, unsigned slot, const char *want)
{
	struct rg_buf b = RG_BUF_INIT;
	rg_cache_slot_path(&b, path, slot);
	struct rg_schema *s = rg_schema_new();
	struct rg_cache_file *f = NULL;
	long n = rg_cache_load(b.data, key, s, &f);
	if (!want) {
		CHECK(n == -1);
	} else {
		CHECK(n == 1);
		if (n == 1)
			CHECK_STR(f[0].path, want);
	}
	rg_schema_free(s);
	rg_buf_free(&b);
}

/* A store pushes a state to the front and drops the oldest; a promotion
 * moves one to the front, over a gap too; nothing is left beside them. */
static void slots(void)
{
	struct rg_cache_key key = {{5}};
	char *path = strdup(path_of("slots/models"));
	static const char *const v[] = {"/m/v0.h", "/m/v1.h", "/m/v2.h", "/m/v3.h", "/m/v4.h"};
	_Static_assert(RG_CACHE_SLOTS == 4, "the states below are for 4 slots");
	for (size_t i = 0; i < RG_ARRAY_LEN(v); i++)
		rg_cache_store(path, &key, &(struct rg_cache_file){.path = v[i]}, 1);
	check_slot(path, &key, 0, v[4]);
	check_slot(path, &key, 1, v[3]);
	check_slot(path, &key, 2, v[2]);
	check_slot(path, &key, 3, v[1]);
	check_slot(path, &key, 4, NULL);
	rg_cache_promote(path, 2);
	check_slot(path, &key, 0, v[2]);
	check_slot(path, &key, 1, v[4]);
	check_slot(path, &key, 2, v[3]);
	check_slot(path, &key, 3, v[1]);
	struct rg_buf b = RG_BUF_INIT;
	rg_cache_slot_path(&b, path, 1);
	CHECK(unlink(b.data) == 0);
	rg_cache_promote(path, 3);
	check_slot(path, &key, 0, v[1]);
	check_slot(path, &key, 1, v[2]);
	check_slot(path, &key, 2, NULL);
	check_slot(path, &key, 3, v[3]);
	/* a store moves states into the gap and drops none */
	rg_cache_store(path, &key, &(struct rg_cache_file){.path = v[0]}, 1);
	check_slot(path, &key, 0, v[0]);
	check_slot(path, &key, 1, v[1]);
	check_slot(path, &key, 2, v[2]);
	check_slot(path, &key, 3, v[3]);
	rg_buf_reset(&b);
	rg_buf_addf(&b, "ls -A '%s/slots' | grep -qv '^models\\(\\.[123]\\)\\?$'", dir);
	CHECK(system(b.data) != 0);
	rg_buf_free(&b);
	free(path);
}

/* ---- the graph ---- */

/* Loads the model headers names (in dir) with the cache; the number
 * parsed, or -1 on an error; the schema in *out unless out is NULL. */
static long load_into(const char *const *names, size_t n, struct rg_schema **out)
{
	const char *files[8];
	for (size_t i = 0; i < n; i++)
		files[i] = strdup(path_of(names[i]));
	const char *inc[] = {path_of("inc")};
	const char *inc_dir = strdup(inc[0]);
	inc[0] = inc_dir;
	struct rg_loader_opts o = {files, n, inc, 1, NULL, 0, path_of("models.cache"), NULL, NULL};
	struct rg_schema *s = NULL;
	struct rg_loader_stats st;
	struct rg_error err;
	long rc = rg_load_models(&s, &o, &st, &err) == 0 ? (long)st.parsed : -1;
	if (rc < 0)
		fprintf(stderr, "%s\n", err.msg);
	CHECK(rc < 0 || st.cached == (rc == 0));
	if (out)
		*out = s;
	else
		rg_schema_free(s);
	for (size_t i = 0; i < n; i++)
		free((void *)files[i]);
	free((void *)inc_dir);
	return rc;
}

static long load(const char *const *names, size_t n)
{
	return load_into(names, n, NULL);
}

/* The recorded files and their edges, read with the key the cache was
 * written under (cache.c: after the 8 bytes of the format's name). */
static long recorded(struct rg_schema *s, struct rg_cache_file **f)
{
	size_t len = 0;
	struct rg_error err;
	char *bytes = rg_read_file(path_of("models.cache"), &len, &err);
	CHECK(bytes && len > 24);
	if (!bytes || len <= 24) {
		free(bytes);
		return -1;
	}
	struct rg_cache_key key;
	memcpy(key.bytes, bytes + 8, 16);
	free(bytes);
	return rg_cache_load(path_of("models.cache"), &key, s, f);
}

static long find(const struct rg_cache_file *f, long n, const char *suffix)
{
	size_t sl = strlen(suffix);
	for (long i = 0; i < n; i++) {
		size_t pl = strlen(f[i].path);
		if (pl >= sl && strcmp(f[i].path + pl - sl, suffix) == 0)
			return i;
	}
	return -1;
}

/* Whether file from reaches file to through the recorded edges. */
static bool reaches(const struct rg_cache_file *f, long n, long from, long to)
{
	if (from < 0 || to < 0)
		return false;
	bool *seen = calloc((size_t)n, 1);
	long *stack = calloc((size_t)n + 1, sizeof(long)), sp = 0;
	bool found = false;
	stack[sp++] = from;
	while (sp && !found) {
		long i = stack[--sp];
		if (seen[i])
			continue;
		seen[i] = true;
		found = i == to;
		for (size_t k = 0; k < f[i].nincludes; k++)
			if (!seen[f[i].includes[k]])
				stack[sp++] = f[i].includes[k];
	}
	free(seen);
	free(stack);
	return found;
}

static void graph(void)
{
	char inc[300];
	snprintf(inc, sizeof(inc), "%s/inc", dir);
	CHECK(mkdir(inc, 0755) == 0);
	write_text("inc/types.h", "#ifndef TYPES_H\n#define TYPES_H\n#include <stdint.h>\n"
				  "typedef int32_t tag_id;\n#define NOTE_LEN 11\n#endif\n");
	/* a includes types.h; b uses its typedef and macro without including
	 * it (it compiles after a), e its typedef only; d stands alone; t
	 * tests a macro */
	write_text("a.h", "#include <revgen.h>\n#include \"types.h\"\n"
			  "struct RG_TABLE(t_a) t_a { tag_id id RG_PRIMARY_KEY; };\n");
	write_text("b.h", "struct RG_TABLE(t_b) t_b { tag_id id RG_PRIMARY_KEY; char note[NOTE_LEN]; };\n");
	write_text("e.h", "struct RG_TABLE(t_e) t_e { tag_id id RG_PRIMARY_KEY; };\n");
	write_text("d.h", "#include <revgen.h>\nstruct RG_TABLE(t_d) t_d { int id RG_PRIMARY_KEY; };\n");
	write_text("t.h", "#include <revgen.h>\n#ifdef WITH_T\n"
			  "struct RG_TABLE(t_t) t_t { int id RG_PRIMARY_KEY; };\n#endif\n");
	const char *names[] = {"a.h", "b.h", "e.h", "d.h"};
	CHECK(load(names, 4) == 4);

	struct rg_schema *s = rg_schema_new();
	struct rg_cache_file *f = NULL;
	long n = recorded(s, &f);
	CHECK(n > 0);
	long a = find(f, n, "/a.h"), b = find(f, n, "/b.h"), d = find(f, n, "/d.h");
	long e = find(f, n, "/e.h");
	long types = find(f, n, "/inc/types.h"), revgen = find(f, n, "/revgen.h");
	long stdint = find(f, n, "/stdint.h");
	CHECK(a >= 0 && b >= 0 && d >= 0 && types >= 0 && revgen >= 0 && stdint >= 0);
	/* includes */
	CHECK(reaches(f, n, a, types) && reaches(f, n, a, revgen) && reaches(f, n, a, stdint));
	CHECK(reaches(f, n, d, revgen) && !reaches(f, n, d, types));
	/* uses: b names types.h's typedef and macro, and revgen.h's macros */
	CHECK(reaches(f, n, b, types) && reaches(f, n, b, revgen));
	CHECK(reaches(f, n, e, types));
	/* shadows: "types.h" was looked for in a.h's folder first */
	long shadow = -1;
	for (long i = 0; i < n; i++)
		if (strcmp(f[i].path, path_of("types.h")) == 0)
			shadow = i;
	CHECK(shadow >= 0 && reaches(f, n, a, shadow) && !reaches(f, n, d, shadow));
	/* the tables are recorded with the file that declares them */
	CHECK(f[a].decls[RG_CACHE_TABLE].n == 1 && f[b].decls[RG_CACHE_TABLE].n == 1 &&
	      f[types].decls[RG_CACHE_TABLE].n == 0);
	rg_schema_free(s);

	/* what the next load parses */
	CHECK(load(names, 4) == 0);
	write_text("d.h", "#include <revgen.h>\nstruct RG_TABLE(t_d) t_d { int id RG_PRIMARY_KEY; int n; };\n");
	CHECK(load(names, 4) == 1);
	write_text("inc/types.h", "#ifndef TYPES_H\n#define TYPES_H\n#include <stdint.h>\n"
				  "typedef int64_t tag_id;\n#define NOTE_LEN 21\n#endif\n");
	CHECK(load(names, 4) == 3);
	CHECK(load(names, 4) == 0);
	/* a types.h made where a.h's #include looks first */
	write_text("types.h", "#include \"inc/types.h\"\n");
	CHECK(load(names, 4) > 0);
	CHECK(unlink(path_of("types.h")) == 0);
	/* gone again: the state kept from before it answers */
	CHECK(load(names, 4) == 0);

	/* a sequence and a domain come from the cache as they were parsed;
	 * the sequence's type is a typedef of a header it does not include,
	 * whose change is seen all the same */
	write_text("q.h", "#include <revgen.h>\n"
			  "extern tag_id ticket RG_SEQUENCE(START 5 CYCLE);\n"
			  "typedef char *email_t RG_DOMAIN(text, NOT NULL, CHECK (VALUE ~ '@'));\n");
	const char *with_q[] = {"a.h", "q.h"};
	struct rg_schema *first = NULL, *second = NULL;
	CHECK(load_into(with_q, 2, &first) == 2);
	CHECK(load_into(with_q, 2, &second) == 0);
	s = rg_schema_new();
	n = recorded(s, &f);
	long q = find(f, n, "/q.h");
	CHECK(q >= 0 && reaches(f, n, q, find(f, n, "/inc/types.h")));
	CHECK(q >= 0 && f[q].decls[RG_CACHE_SEQUENCE].n == 1 && f[q].decls[RG_CACHE_DOMAIN].n == 1 &&
	      f[q].decls[RG_CACHE_TABLE].n == 0);
	rg_schema_free(s);
	for (int k = 0; k < 2; k++) {
		struct rg_schema *got = k ? second : first;
		CHECK(got && got->nsequences == 1 && got->ndomains == 1 && got->ntables == 1);
		if (!got || got->nsequences != 1 || got->ndomains != 1)
			continue;
		CHECK_STR(got->sequences[0]->name, "ticket");
		CHECK_STR(got->sequences[0]->type, "bigint");
		CHECK_STR(got->sequences[0]->start, "5");
		CHECK(got->sequences[0]->cycle && got->sequences[0]->loc.line == 2);
		CHECK_STR(got->domains[0]->name, "email_t");
		CHECK_STR(got->domains[0]->type, "text");
		CHECK(got->domains[0]->not_null && got->domains[0]->nchecks == 1);
		CHECK_STR(got->domains[0]->check_names[0], "email_t_check");
		CHECK_STR(got->domains[0]->checks[0], "VALUE ~ '@'");
	}
	rg_schema_free(first);
	rg_schema_free(second);
	write_text("inc/types.h", "#ifndef TYPES_H\n#define TYPES_H\n#include <stdint.h>\n"
				  "typedef int16_t tag_id;\n#define NOTE_LEN 21\n#endif\n");
	CHECK(load_into(with_q, 2, &first) == 2);
	CHECK(first && first->nsequences == 1);
	if (first && first->nsequences == 1)
		CHECK_STR(first->sequences[0]->type, "smallint");
	rg_schema_free(first);

	/* a header that tests a macro depends on the list of headers */
	const char *with_t[] = {"t.h", "d.h"};
	CHECK(load(with_t, 2) == 2);
	s = rg_schema_new();
	n = recorded(s, &f);
	CHECK(reaches(f, n, find(f, n, "/t.h"), find(f, n, "revgen:model-headers")));
	CHECK(!reaches(f, n, find(f, n, "/d.h"), find(f, n, "revgen:model-headers")));
	rg_schema_free(s);
	/* ... and any change is a parse of every header */
	write_text("d.h", "#include <revgen.h>\nstruct RG_TABLE(t_d) t_d { int id RG_PRIMARY_KEY; };\n");
	CHECK(load(with_t, 2) == 2);
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/revgen-test-cache.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	round_trip();
	slots();
	graph();
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	TEST_DONE();
}
