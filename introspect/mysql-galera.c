/*
 * mysql-galera.c (introspect) - the deploy lock on a MariaDB Galera
 * cluster (wsrep_on=ON).
 *
 * GET_LOCK is local to one node: two deployers connected to two nodes
 * would both get it and both run the same revision.  What is certified
 * across the cluster is a write: the lock is a row with a fixed key in an
 * InnoDB table (RG_MYSQL_LOCK_TABLE), inserted in its own autocommitted
 * transaction.  When two nodes insert it at once, Galera's certification
 * lets the first writeset in total order commit and fails the other with a
 * deadlock error (1213); a deployer that finds the row already there gets
 * a duplicate key (1062).  Either one waits and tries again.
 *
 * A holder that dies leaves its row.  The row names the holder's node (its
 * wsrep_gcomm_uuid, new each time a node joins), its connection id and its
 * account, and the lock is taken over only when that connection is known to
 * be gone: its node has left the cluster (not in mysql.wsrep_cluster_members),
 * or that node's PROCESSLIST, read here or through a connection to the node's
 * incoming address, lacks it.  Not a heartbeat and a timeout: a DDL statement
 * runs in total order isolation, which holds every commit in the cluster
 * until it ends, so a live holder in a long ALTER could not refresh a
 * heartbeat, and its lock would be taken from it.  When liveness cannot be
 * told (another account, whose threads PROCESSLIST hides; an address not
 * reachable from here), the lock is not taken over, and the wait's timeout
 * message says who holds it and how to clear it.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "introspect/mysql-internal.h"

enum {
	MY_ER_DUP_ENTRY = 1062,
	MY_ER_LOCK_WAIT_TIMEOUT = 1205,
	MY_ER_LOCK_DEADLOCK = 1213,
};

/* as long as GET_LOCK waits on a single server */
#define LOCK_WAIT_S 600

/*
 * A Galera node's session: reads wait until the node has applied every
 * write the cluster committed before them (wsrep_sync_wait bit 1), so that
 * `current` and `check` answer alike on every node, even one that a
 * revision's DDL or version-table update has not reached yet; and DDL runs
 * in total order isolation, on every node at once, whatever the server's
 * default: in RSU a revision's DDL would change this node alone while the
 * version table, replicated, said it was applied everywhere.
 */
int rg_my_galera_session(MYSQL *my)
{
	const char *sql = "SET SESSION wsrep_sync_wait = @@wsrep_sync_wait | 1, "
			  "SESSION wsrep_OSU_method = 'TOI'";
	return MY->mysql_real_query(my, sql, strlen(sql));
}

/* The first column of sql's first row as a malloc'd string in *out (NULL:
 * no row, or SQL NULL). */
static int one_value(struct mysql_conn *c, const char *sql, char **out, struct rg_error *err)
{
	char **rows;
	size_t n;
	*out = NULL;
	if (rg_mysql_query_column(&c->base, sql, &rows, &n, err) < 0)
		return -1;
	if (n > 0 && rows[0])
		*out = rg_xstrdup(rows[0]);
	rg_free_rows(rows, n);
	return 0;
}

/* The row of the deployer holding the lock. */
struct holder {
	char *row; /* the fields below point into it */
	const char *node_uuid, *connection_id, *account, *node_name, *client, *taken_at;
};

/* Reads the holder; *found false when the row is gone (released). */
static int read_holder(struct mysql_conn *c, struct holder *h, bool *found, struct rg_error *err)
{
	memset(h, 0, sizeof(*h));
	if (one_value(c, "SELECT CONCAT_WS(CHAR(31), node_uuid, connection_id, account, node_name, "
			 "client, taken_at) FROM `" RG_MYSQL_LOCK_TABLE "` WHERE id = 1",
		      &h->row, err) < 0)
		return -1;
	*found = h->row != NULL;
	if (!h->row)
		return 0;
	const char **f[] = {&h->node_uuid, &h->connection_id, &h->account,
			    &h->node_name, &h->client, &h->taken_at};
	char *p = h->row;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		*f[i] = p ? p : "";
		if (p && (p = strchr(p, '\x1f')))
			*p++ = '\0';
	}
	/* the connection id goes back into SQL unquoted */
	if (!*h->connection_id || strspn(h->connection_id, "0123456789") != strlen(h->connection_id))
		return rg_error_set(err, "%s: the lock row's connection id '%s' is not a number",
				    RG_MYSQL_LOCK_TABLE, h->connection_id);
	return 0;
}

/*
 * On the node c is connected to, which must be the holder's: *gone true
 * when the holder's connection is not in its PROCESSLIST.  Without the
 * PROCESS privilege PROCESSLIST shows only the account's own threads, so an
 * absent thread of another account proves nothing.
 */
static int connection_gone(struct mysql_conn *c, const struct holder *h, bool *gone,
			   struct rg_buf *why, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT CONCAT(VARIABLE_VALUE = ");
	rg_my_literal(&sql, h->node_uuid);
	rg_buf_add(&sql, ", CURRENT_USER() = ");
	rg_my_literal(&sql, h->account);
	rg_buf_addf(&sql, ", NOT EXISTS (SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = %s)) "
		    "FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_GCOMM_UUID'",
		    h->connection_id);
	char *v;
	int rc = one_value(c, sql.data, &v, err);
	rg_buf_free(&sql);
	if (rc < 0)
		return -1;
	/* three flags: the node is the holder's, the account too, no thread */
	*gone = false;
	if (!v || strlen(v) != 3)
		rg_buf_add(why, "its node does not say its wsrep_gcomm_uuid");
	else if (v[0] != '1')
		/* the node at that address restarted since: a new uuid, and
		 * none of the old connections */
		*gone = true;
	else if (v[1] != '1')
		rg_buf_addf(why, "it is another account's (%s), whose connections this one cannot see",
			    h->account);
	else
		*gone = v[2] == '1';
	free(v);
	return 0;
}

/* The holder's connection checked on its own node, at its incoming address
 * (host:port, as mysql.wsrep_cluster_members gives it), with c's account. */
static void gone_on_peer(struct mysql_conn *c, const struct holder *h, const char *address,
			 bool *gone, struct rg_buf *why)
{
	*gone = false;
	char *host = rg_xstrdup(address);
	char *colon = strrchr(host, ':');
	char *end = NULL;
	long port = colon ? strtol(colon + 1, &end, 10) : 0;
	if (!colon || end == colon + 1 || *end || port <= 0 || port > 65535) {
		rg_buf_addf(why, "its node's address '%s' names no port", address);
		free(host);
		return;
	}
	*colon = '\0';
	/* [v6]:port */
	char *name = host;
	if (name[0] == '[' && colon > name + 1 && colon[-1] == ']') {
		colon[-1] = '\0';
		name++;
	}
	struct mysql_conn peer = {.host = name, .user = c->user, .password = c->password,
				  .database = c->database, .port = (unsigned)port};
	struct rg_error perr;
	/* a failure there leaves the holder not known to be gone, as an
	 * unreachable node does */
	peer.my = rg_my_open_session(&peer, 0, &perr);
	if (!peer.my) {
		rg_buf_addf(why, "its node at %s cannot be reached from here: %s", address, perr.msg);
	} else {
		if (connection_gone(&peer, h, gone, why, &perr) < 0)
			rg_buf_addf(why, "its node at %s does not say: %s", address, perr.msg);
		MY->mysql_close(peer.my);
	}
	free(host);
}

/* *gone true when the holder's connection is known to be gone; why says
 * what kept it from being known, when it was not. */
static int holder_gone(struct mysql_conn *c, const struct holder *h, const char *own_uuid,
		       bool *gone, struct rg_buf *why, struct rg_error *err)
{
	*gone = false;
	rg_buf_reset(why);
	if (strcmp(h->node_uuid, own_uuid) == 0)
		return connection_gone(c, h, gone, why, err);
	struct rg_buf sql = RG_BUF_INIT;
	rg_buf_add(&sql, "SELECT COALESCE(node_incoming_address, '') FROM mysql.wsrep_cluster_members "
			 "WHERE node_uuid = ");
	rg_my_literal(&sql, h->node_uuid);
	char **rows;
	size_t n;
	struct rg_error merr;
	int rc = rg_mysql_query_column(&c->base, sql.data, &rows, &n, &merr);
	rg_buf_free(&sql);
	if (rc < 0) {
		/* no SELECT on mysql.*: the members are not known */
		rg_buf_addf(why, "the cluster's members cannot be read (%s)", merr.msg);
		return 0;
	}
	if (n == 0) {
		/* its node left the cluster, or rejoined under a new uuid:
		 * either way that connection ended */
		*gone = true;
		rg_free_rows(rows, n);
		return 0;
	}
	gone_on_peer(c, h, rows[0] ? rows[0] : "", gone, why);
	rg_free_rows(rows, n);
	return 0;
}

/* A random pause of ms to 2 * ms, so that deployers that collided do
 * not collide again in step. */
static void nap(long ms)
{
	ms += rand() % ms;
	struct timespec ts = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
	/* a signal that cuts the pause short only makes the next try
	 * sooner */
	(void)nanosleep(&ts, NULL);
}

int rg_my_galera_lock(struct mysql_conn *c, struct rg_error *err)
{
	bool exists;
	if (rg_mysql_table_exists(&c->base, RG_MYSQL_LOCK_TABLE, &exists, err) < 0)
		return rg_error_prefix(err, "the revgen lock");
	/* IF NOT EXISTS: another deployer may create it first (the CREATE runs
	 * in total order isolation, the later one a no-op) */
	if (!exists &&
	    rg_mysql_exec(&c->base, "CREATE TABLE IF NOT EXISTS `" RG_MYSQL_LOCK_TABLE "` ("
			  "id INT NOT NULL PRIMARY KEY, node_uuid VARCHAR(64) NOT NULL, "
			  "connection_id BIGINT UNSIGNED NOT NULL, account VARCHAR(400) NOT NULL, "
			  "node_name VARCHAR(255) NOT NULL, client VARCHAR(300) NOT NULL, "
			  "taken_at DATETIME(6) NOT NULL) ENGINE=InnoDB", err) < 0)
		return rg_error_prefix(err, "creating the lock table %s", RG_MYSQL_LOCK_TABLE);
	char *own;
	if (one_value(c, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
			 "WHERE VARIABLE_NAME = 'WSREP_GCOMM_UUID'", &own, err) < 0)
		return rg_error_prefix(err, "the revgen lock");
	if (!own || !*own) {
		free(own);
		return rg_error_set(err, "the server has wsrep_on=ON but no wsrep_gcomm_uuid: "
					 "is it in a cluster?");
	}
	char hostname[256] = "";
	if (gethostname(hostname, sizeof(hostname) - 1) != 0)
		strcpy(hostname, "?");
	struct rg_buf insert = RG_BUF_INIT, client = RG_BUF_INIT, why = RG_BUF_INIT;
	rg_buf_addf(&client, "revgen pid %ld on %s", (long)getpid(), hostname);
	rg_buf_add(&insert, "INSERT INTO `" RG_MYSQL_LOCK_TABLE "` (id, node_uuid, connection_id, "
			    "account, node_name, client, taken_at) VALUES (1, ");
	rg_my_literal(&insert, own);
	rg_buf_add(&insert, ", CONNECTION_ID(), CURRENT_USER(), @@wsrep_node_name, ");
	rg_my_literal(&insert, client.data);
	rg_buf_add(&insert, ", UTC_TIMESTAMP(6))");
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	double deadline = rg_now_ms() + LOCK_WAIT_S * 1000.0;
	struct holder h = {0};
	int rc = -1;
	for (;;) {
		free(h.row);
		memset(&h, 0, sizeof(h));
		if (rg_mysql_exec(&c->base, insert.data, err) == 0) {
			rc = 0;
			break;
		}
		unsigned no = MY->mysql_errno(c->my);
		/* after a collision the lock may be free at once; a live
		 * holder is asked about less often (on another node that is a
		 * connection each time) */
		long pause = 50;
		if (no == MY_ER_DUP_ENTRY) {
			pause = 250;
			bool found, gone;
			if (read_holder(c, &h, &found, err) < 0)
				break;
			if (!found)
				continue;
			if (holder_gone(c, &h, own, &gone, &why, err) < 0)
				break;
			if (gone) {
				struct rg_buf del = RG_BUF_INIT;
				rg_buf_add(&del, "DELETE FROM `" RG_MYSQL_LOCK_TABLE "` WHERE id = 1 "
						 "AND node_uuid = ");
				rg_my_literal(&del, h.node_uuid);
				rg_buf_addf(&del, " AND connection_id = %s", h.connection_id);
				int e = rg_mysql_exec(&c->base, del.data, err);
				rg_buf_free(&del);
				/* another waiter took it over first: try again */
				if (e < 0 && MY->mysql_errno(c->my) != MY_ER_LOCK_DEADLOCK)
					break;
				continue;
			}
		} else if (no != MY_ER_LOCK_DEADLOCK && no != MY_ER_LOCK_WAIT_TIMEOUT) {
			/* a failure, not a race (1213: another node's insert
			 * was certified first) */
			break;
		}
		if (rg_now_ms() > deadline) {
			if (h.row)
				rg_error_set(err, "could not take the revgen lock within %d s: %s holds it "
					     "through node %s (connection %s, account %s) since %s UTC%s%s; "
					     "if that deploy is gone, DELETE FROM %s",
					     LOCK_WAIT_S, h.client, h.node_name, h.connection_id, h.account,
					     h.taken_at, why.len ? ", and it is not known to be gone: " : "",
					     rg_buf_str(&why), RG_MYSQL_LOCK_TABLE);
			else
				rg_error_set(err, "could not take the revgen lock within %d s "
					     "(another deploy kept it)", LOCK_WAIT_S);
			break;
		}
		nap(pause);
	}
	free(h.row);
	free(own);
	rg_buf_free(&insert);
	rg_buf_free(&client);
	rg_buf_free(&why);
	return rc;
}

int rg_my_galera_unlock(struct mysql_conn *c, struct rg_error *err)
{
	/* only our own row: one taken over from us is the new holder's */
	const char *del = "DELETE FROM `" RG_MYSQL_LOCK_TABLE "` WHERE id = 1 AND connection_id = "
			  "CONNECTION_ID() AND node_uuid = (SELECT VARIABLE_VALUE FROM "
			  "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_GCOMM_UUID')";
	char *n;
	if (rg_mysql_exec(&c->base, del, err) < 0 ||
	    one_value(c, "SELECT ROW_COUNT()", &n, err) < 0)
		return rg_error_prefix(err, "releasing the revgen lock");
	bool released = n && strcmp(n, "1") == 0;
	free(n);
	if (!released)
		return rg_error_set(err, "releasing the revgen lock: %s no longer held this "
				    "connection's row (was it deleted by hand?)", RG_MYSQL_LOCK_TABLE);
	return 0;
}
