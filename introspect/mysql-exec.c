/*
 * mysql-exec.c (introspect) - runs mysql-catalog.c's table of catalog
 * reads: which read answers for each kind of object, on which connection,
 * and which answers when one cannot.  It alone opens the second
 * connection.
 *
 * While the first connection reads the reads marked first (TABLES and
 * COLUMNS, into the schema as their rows arrive), a second asks the first
 * choice of every other kind and keeps the rows; the server answers both
 * at once, on two cores.  Measured at 3000 tables against one connection
 * asking it all (the same table and executor, the second connection
 * refused), two took clearly less wall time for the same CPU; the figures
 * are in the history of this comment.  Only asking runs there: every
 * reader runs on the caller's thread, kind after kind, after the join,
 * and so does every fallback.  When the second connection cannot be had
 * (a server at its connection limit, say), the first asks everything.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "introspect/mysql-internal.h"
#include "util/spare.h"

char **rg_my_next_row(struct rg_my_rows *r)
{
	if (r->live)
		return MY->mysql_fetch_row(r->live);
	return r->next < r->n ? r->v[r->next++] : NULL;
}

void rg_my_rewind(struct rg_my_rows *r)
{
	r->next = 0;
}

/*
 * Runs sql on c and keeps its rows in *r, allocated in a: read as they
 * arrive (rg_my_query_stream), each cell copied into the arena, whose
 * big blocks are 2 MiB pages.  mysql_store_result would make a fresh
 * malloc'd copy of every result instead, whose page faults were a
 * measurable part of revgen's time (bench/RESULTS.md).  -1 on failure.
 */
static int keep(struct mysql_conn *c, struct rg_arena *a, const char *sql, const char *what,
		struct rg_my_rows *r, struct rg_error *err)
{
	*r = (struct rg_my_rows){0};
	MYSQL_RES *res = rg_my_query_stream(c, sql, what, err);
	if (!res)
		return -1;
	unsigned ncols = MY->mysql_num_fields(res);
	MYSQL_ROW row;
	while ((row = MY->mysql_fetch_row(res)) != NULL) {
		const unsigned long *len = MY->mysql_fetch_lengths(res);
		char **cells = rg_arena_alloc(a, (ncols ? ncols : 1) * sizeof(*cells));
		for (unsigned i = 0; i < ncols; i++)
			if (row[i])
				cells[i] = rg_arena_strndup(a, row[i], len ? len[i] : strlen(row[i]));
		rg_arena_push(a, (void ***)&r->v, &r->n, &r->cap, cells);
	}
	return rg_my_stream_end(c, res, what, err);
}

/* Whether a failed query of InnoDB's views means only "not for this
 * user or server": no PROCESS privilege, no such view. */
static bool not_ours(MYSQL *my)
{
	unsigned e = MY->mysql_errno(my);
	return e == 1227 /* ER_SPECIFIC_ACCESS_DENIED_ERROR */ || e == 1109 /* ER_UNKNOWN_TABLE */;
}

static bool applies(const struct mysql_conn *c, const struct rg_my_read *r)
{
	if ((r->when & RG_MY_ON_MARIADB) && !c->mariadb)
		return false;
	if ((r->when & RG_MY_ON_MYSQL) && c->mariadb)
		return false;
	return !(r->when & RG_MY_DICTIONARY) || (c->mariadb && c->plain_db);
}

/* What became of a read's queries. */
enum asked { UNASKED, ANSWERED, REFUSED };

struct exec {
	struct rg_my_catalog *k;
	const struct rg_my_read *reads;
	enum asked *asked;                         /* one per read */
	struct rg_my_rows (*rows)[RG_MY_MAX_QUERIES]; /* one per read: its kept rows */
	struct rg_arena *arena; /* the kept rows; the second connection's until the join */
	bool refused;           /* a dictionary view was: ask no other */
	/* the second connection: the reads it asks, and how it went */
	size_t *todo, ntodo;
	struct rg_error side_err;
	int side_rc;
	bool connected, started;
	unsigned long side_statements;
	struct rg_spare *spare; /* the thread it runs on, or */
	pthread_t thread;       /* one made for it */
};

/* Asks read id's queries on c and keeps their rows; x->asked[id] says
 * whether the server answered or refused a dictionary view.  -1 on any
 * other failure. */
static int ask(struct exec *x, struct mysql_conn *c, size_t id, struct rg_error *err)
{
	const struct rg_my_read *r = &x->reads[id];
	bool dictionary = (r->when & RG_MY_DICTIONARY) != 0;
	x->asked[id] = REFUSED;
	if (dictionary && x->refused)
		return 0;
	for (size_t q = 0; q < RG_MY_MAX_QUERIES && r->query[q].sql; q++) {
		struct rg_error qerr;
		if (keep(c, x->arena, r->query[q].sql, r->query[q].what, &x->rows[id][q], &qerr) < 0) {
			if (dictionary && not_ours(c->my)) {
				x->refused = true;
				return 0;
			}
			*err = qerr;
			return -1;
		}
	}
	x->asked[id] = ANSWERED;
	return 0;
}

static void *side_thread(void *arg)
{
	struct exec *x = arg;
	const struct mysql_conn *m = x->k->conn;
	x->side_rc = -1;
	if (MY->mysql_thread_init() != 0)
		return NULL;
	MYSQL *my = rg_my_open_session(m, 0, &x->side_err);
	if (my) {
		x->connected = true;
		struct mysql_conn c2 = {.my = my, .mariadb = m->mariadb, .plain_db = m->plain_db};
		x->side_rc = 0;
		for (size_t i = 0; i < x->ntodo && x->side_rc == 0; i++)
			x->side_rc = ask(x, &c2, x->todo[i], &x->side_err);
		x->side_statements = c2.statements;
		MY->mysql_close(my);
	}
	MY->mysql_thread_end();
	return NULL;
}

/* On a spare thread when there is one (util/spare.h says why). */
static void side_start(struct exec *x)
{
	x->spare = rg_spare_run(side_thread, x);
	x->started = x->spare || pthread_create(&x->thread, NULL, side_thread, x) == 0;
}

static void side_join(struct exec *x)
{
	if (!x->started)
		return;
	x->started = false;
	if (x->spare)
		rg_spare_wait(x->spare);
	else
		pthread_join(x->thread, NULL);
	x->k->conn->statements += x->side_statements;
}

/* Read id into the schema: 1 when it answered, 0 when its fallback
 * must, -1 on failure. */
static int run(struct exec *x, size_t id, struct rg_error *err)
{
	const struct rg_my_read *r = &x->reads[id];
	struct mysql_conn *c = x->k->conn;
	if (r->first) {
		const char *what = r->query[0].what;
		struct rg_my_rows rows = {0};
		if (!(rows.live = rg_my_query_stream(c, r->query[0].sql, what, err)))
			return -1;
		bool answered = r->reader(x->k, &rows);
		if (rg_my_stream_end(c, rows.live, what, err) < 0)
			return -1;
		return answered;
	}
	/* the kept rows are the second connection's until it is done */
	side_join(x);
	if (x->connected && x->side_rc < 0) {
		*err = x->side_err;
		return -1;
	}
	if (x->asked[id] == UNASKED && ask(x, c, id, err) < 0)
		return -1;
	return x->asked[id] == ANSWERED && r->reader(x->k, x->rows[id]);
}

/* The read after id on its kind's route; n: none. */
static size_t fallback(const struct rg_my_read *reads, size_t n, size_t id)
{
	return reads[id].fallback < 0 ? n : (size_t)reads[id].fallback;
}

int rg_my_run(struct rg_my_catalog *k, const struct rg_my_read *reads, size_t n,
	      struct rg_error *err)
{
	struct exec x = {.k = k, .reads = reads};
	x.asked = rg_xcalloc(n, sizeof(*x.asked));
	x.rows = rg_xcalloc(n, sizeof(*x.rows));
	x.todo = rg_xcalloc(n, sizeof(*x.todo));
	x.arena = rg_arena_new();
	/* each kind's route: its first read in the table, then the
	 * fallbacks; the second connection asks the first that applies */
	size_t head[RG_MY__KINDS];
	for (int kind = 0; kind < RG_MY__KINDS; kind++) {
		head[kind] = 0;
		while (head[kind] < n && reads[head[kind]].kind != (enum rg_my_kind)kind)
			head[kind]++;
		size_t id = head[kind];
		while (id < n && !applies(k->conn, &reads[id]))
			id = fallback(reads, n, id);
		if (id < n && !reads[id].first)
			x.todo[x.ntodo++] = id;
	}
	if (x.ntodo)
		side_start(&x);

	int rc = 0;
	for (int kind = 0; kind < RG_MY__KINDS && rc >= 0; kind++) {
		rc = 0;
		for (size_t id = head[kind]; id < n && rc == 0; id = fallback(reads, n, id))
			if (applies(k->conn, &reads[id]))
				rc = run(&x, id, err);
	}
	side_join(&x);
	rg_arena_free(x.arena);
	free(x.asked);
	free(x.rows);
	free(x.todo);
	return rc < 0 ? -1 : 0;
}
