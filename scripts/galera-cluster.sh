# galera-cluster.sh - sourced by test.sh (and usable by hand): a throwaway
# 3-node MariaDB Galera cluster on 127.0.0.1, in a temporary folder (in
# /dev/shm when there is one), each node with its own SQL, replication
# (gcomm) and IST port (a mysqldump SST would come to the SQL port).
#   galera_start    creates and starts it, waits until every node says
#                   wsrep_cluster_size=3 and wsrep_ready=ON; exports
#                   REVGEN_TEST_GALERA_URLS (the three nodes' URLs, one
#                   database "mysql", space-separated, as
#                   REVGEN_TEST_MYSQL_URL is) and REVGEN_TEST_GALERA_SOCKETS
#   galera_stop     stops the nodes by their pids, the first last (the
#                   clean shutdown a cluster expects), and removes the
#                   folder (safe to repeat)
#
# State transfer: a node joining a cluster needs the cluster's data.  No
# copy of it goes over a socket here: node 1 bootstraps the cluster once
# (which gives its data directory the cluster's UUID and a sequence number
# in grastate.dat), gets the test user, and shuts down cleanly; nodes 2 and
# 3 start from copies of that data directory, so that when node 1
# bootstraps again they are only a few configuration-change events behind,
# which IST sends from node 1's gcache.  The SST method still runs around an
# IST, in "bypass" mode: rsync's starts an rsync daemon on the joiner, which
# run by root switches to the user nobody and cannot write the data
# directory (the permission errors seen before), and takes seconds even when
# it works; mysqldump's bypass is one SET GLOBAL wsrep_start_position that
# the donor sends the joiner as the test user (wsrep_sst_auth), which every
# copy has.  So the servers run as root, as in mariadb-server.sh, and a
# cluster is up in some 15 s on an idle machine.
# Every tool gets --no-defaults first, as in mariadb-server.sh.

GALERA_PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}

# galera_free_ports N: N distinct free ports, one a line (one python3:
# its start takes a second on a loaded machine)
galera_free_ports() {
	python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# galera_node I [OPTION...]: starts node I in the background (pid in
# GALERA_PID[I]) with the options given after the common ones.
galera_node() {
	local i=$1
	shift
	local d=$GALERA_DIR/node$i
	local as_root=()
	[ "$(id -u)" -eq 0 ] && as_root=(--user=root)
	mariadbd --no-defaults "${as_root[@]}" --datadir="$d/data" \
		--socket="$d/sock" --port="${GALERA_SQL_PORT[$i]}" --bind-address=127.0.0.1 \
		--pid-file="$d/pid" --log-error="$d/error.log" --tmpdir="$d/tmp" \
		--innodb-buffer-pool-size=32M --innodb-flush-log-at-trx-commit=0 \
		--max-connections=100 \
		--binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
		--wsrep-on=ON --wsrep-sst-method=mysqldump --wsrep-sst-auth=revgen:revgen-test --wsrep-provider="$GALERA_PROVIDER" \
		--wsrep-cluster-name=revgen-test --wsrep-node-name="node$i" \
		--wsrep-node-address="127.0.0.1:${GALERA_GCOMM_PORT[$i]}" \
		--wsrep-node-incoming-address="127.0.0.1:${GALERA_SQL_PORT[$i]}" \
		--wsrep-sst-receive-address="127.0.0.1:${GALERA_SQL_PORT[$i]}" \
		--wsrep-provider-options="base_port=${GALERA_GCOMM_PORT[$i]};gmcast.listen_addr=tcp://127.0.0.1:${GALERA_GCOMM_PORT[$i]};ist.recv_addr=127.0.0.1:${GALERA_IST_PORT[$i]};gcache.size=16M" \
		"$@" >"$d/stdout.log" 2>&1 &
	GALERA_PID[$i]=$!
}

# galera_sql I SQL: runs SQL as root on node I's socket, rows tab-separated.
galera_sql() {
	mariadb --no-defaults --socket="$GALERA_DIR/node$1/sock" -uroot -N -B -e "$2"
}

# galera_wait I WHAT CONDITION-SQL: waits up to 60 s until CONDITION-SQL
# prints 1 on node I; fails, with the node's log, when the node dies or time
# runs out.
galera_wait() {
	local i=$1 what=$2 sql=$3 n
	for n in $(seq 1 600); do
		[ "$(galera_sql "$i" "$sql" 2>/dev/null)" = 1 ] && return 0
		if ! kill -0 "${GALERA_PID[$i]}" 2>/dev/null; then
			echo "galera: node $i died waiting for $what" >&2
			tail -30 "$GALERA_DIR/node$i/error.log" >&2
			return 1
		fi
		sleep 0.1
	done
	echo "galera: node $i: no $what within 60 s" >&2
	tail -30 "$GALERA_DIR/node$i/error.log" >&2
	return 1
}

# galera_kill I: stops node I by its pid, waiting for the clean shutdown.
galera_kill() {
	local pid=${GALERA_PID[$1]:-} n
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || return 0
	for n in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	GALERA_PID[$1]=
}

galera_start() {
	local parent=${TMPDIR:-/tmp}
	[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && parent=/dev/shm
	[ -f "$GALERA_PROVIDER" ] || {
		echo "galera: no $GALERA_PROVIDER (Debian's galera-4 package)" >&2
		return 1
	}
	GALERA_DIR=$(mktemp -d "$parent/revgen-galera.XXXXXX")
	GALERA_SQL_PORT=() GALERA_GCOMM_PORT=() GALERA_IST_PORT=() GALERA_PID=()
	local i ports as_root=()
	ports=($(galera_free_ports 9)) || return 1
	for i in 1 2 3; do
		mkdir -p "$GALERA_DIR/node$i/tmp"
		GALERA_SQL_PORT[$i]=${ports[$((3 * i - 3))]}
		GALERA_GCOMM_PORT[$i]=${ports[$((3 * i - 2))]}
		GALERA_IST_PORT[$i]=${ports[$((3 * i - 1))]}
	done
	[ "$(id -u)" -eq 0 ] && as_root=(--user=root)
	mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$GALERA_DIR/node1/data" \
		--auth-root-authentication-method=normal --skip-test-db \
		>"$GALERA_DIR/install.log" 2>&1 || {
		cat "$GALERA_DIR/install.log" >&2
		return 1
	}
	# node 1 alone: the cluster's UUID, and the test's user (TCP only, as
	# in mariadb-server.sh)
	galera_node 1 --wsrep-cluster-address=gcomm:// --wsrep-new-cluster
	galera_wait 1 "a primary component" "SELECT VARIABLE_VALUE = 'ON' FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_ready'" || return 1
	galera_sql 1 "CREATE USER 'revgen'@'127.0.0.1' IDENTIFIED BY 'revgen-test';
		GRANT ALL PRIVILEGES ON *.* TO 'revgen'@'127.0.0.1' WITH GRANT OPTION;" || return 1
	galera_kill 1
	grep -q '^seqno: *[0-9]' "$GALERA_DIR/node1/data/grastate.dat" || {
		echo "galera: node 1 did not shut down cleanly (grastate.dat has no seqno)" >&2
		cat "$GALERA_DIR/node1/data/grastate.dat" >&2
		return 1
	}
	# the joiners' copies: the same grastate.dat, without node 1's view of
	# the cluster (gvwstate.dat) or its files that name node 1
	for i in 2 3; do
		cp -a "$GALERA_DIR/node1/data" "$GALERA_DIR/node$i/data"
		rm -f "$GALERA_DIR/node$i/data/gvwstate.dat" "$GALERA_DIR/node$i/data/"*.pid
	done
	local members="127.0.0.1:${GALERA_GCOMM_PORT[1]},127.0.0.1:${GALERA_GCOMM_PORT[2]},127.0.0.1:${GALERA_GCOMM_PORT[3]}"
	galera_node 1 --wsrep-cluster-address=gcomm:// --wsrep-new-cluster
	galera_wait 1 "a primary component" "SELECT VARIABLE_VALUE = 'ON' FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_ready'" || return 1
	for i in 2 3; do
		galera_node "$i" --wsrep-cluster-address="gcomm://$members"
	done
	for i in 1 2 3; do
		galera_wait "$i" "wsrep_cluster_size=3 and wsrep_ready=ON" \
			"SELECT SUM(VARIABLE_NAME = 'wsrep_cluster_size' AND VARIABLE_VALUE = '3') + SUM(VARIABLE_NAME = 'wsrep_ready' AND VARIABLE_VALUE = 'ON') = 2 FROM information_schema.GLOBAL_STATUS" ||
			return 1
	done
	REVGEN_TEST_GALERA_URLS= REVGEN_TEST_GALERA_SOCKETS=
	for i in 1 2 3; do
		REVGEN_TEST_GALERA_URLS+="${REVGEN_TEST_GALERA_URLS:+ }mysql://revgen:revgen-test@127.0.0.1:${GALERA_SQL_PORT[$i]}/mysql"
		REVGEN_TEST_GALERA_SOCKETS+="${REVGEN_TEST_GALERA_SOCKETS:+ }$GALERA_DIR/node$i/sock"
	done
	export REVGEN_TEST_GALERA_URLS REVGEN_TEST_GALERA_SOCKETS
	echo "Galera cluster on 127.0.0.1:${GALERA_SQL_PORT[1]},${GALERA_SQL_PORT[2]},${GALERA_SQL_PORT[3]} (pids ${GALERA_PID[*]})"
}

galera_stop() {
	[ -n "${GALERA_DIR:-}" ] || return 0
	# the joiners first: the last node to leave is the one a restart
	# would bootstrap from
	galera_kill 3
	galera_kill 2
	galera_kill 1
	rm -rf "$GALERA_DIR"
	GALERA_DIR=
	unset REVGEN_TEST_GALERA_URLS REVGEN_TEST_GALERA_SOCKETS
}
