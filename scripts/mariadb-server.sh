# mariadb-server.sh - sourced by test.sh (and usable by hand): a throwaway
# MariaDB server in a temporary folder, on 127.0.0.1 at a free port, its
# socket in that folder.
#   mariadb_start [OPTION...]
#                   creates and starts it, with the server options given
#                   (a setting fixed at start: --lower-case-table-names=1);
#                   exports REVGEN_TEST_MYSQL_URL (and its parts:
#                   REVGEN_TEST_MYSQL_HOST, _PORT, _USER, _PASSWORD, _SOCKET)
#   mariadb_stop    stops it by its pid and removes the folder (safe to repeat)
# Every tool gets --no-defaults first, or it would read /etc/mysql and look
# for a socket under /run/mysqld.

mariadb_start() {
	# data in memory when /dev/shm is there: every CREATE TABLE makes files,
	# and on a disk 500 of them take seconds instead of half of one
	local parent=${TMPDIR:-/tmp}
	[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && parent=/dev/shm
	MY_DIR=$(mktemp -d "$parent/revgen-mariadb.XXXXXX")
	local as_root=()
	[ "$(id -u)" -eq 0 ] && as_root=(--user=root)
	mariadb-install-db --no-defaults "${as_root[@]}" --datadir="$MY_DIR/data" \
		--auth-root-authentication-method=normal --skip-test-db \
		>"$MY_DIR/install.log" 2>&1 || {
		cat "$MY_DIR/install.log" >&2
		return 1
	}
	# its own folder for temporary tables: in the shared /tmp, another
	# program's clean-up has removed one under a running query
	mkdir -p "$MY_DIR/tmp"
	MY_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mariadbd --no-defaults "${as_root[@]}" --datadir="$MY_DIR/data" \
		--socket="$MY_DIR/sock" --port="$MY_PORT" --bind-address=127.0.0.1 \
		--pid-file="$MY_DIR/pid" --log-error="$MY_DIR/error.log" --tmpdir="$MY_DIR/tmp" \
		--innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
		--skip-log-bin --max-connections=300 "$@" >"$MY_DIR/stdout.log" 2>&1 &
	MY_PID=$!
	local i
	for i in $(seq 1 300); do
		mariadb-admin --no-defaults --socket="$MY_DIR/sock" -uroot ping >/dev/null 2>&1 && break
		kill -0 "$MY_PID" 2>/dev/null || {
			cat "$MY_DIR/error.log" >&2
			return 1
		}
		sleep 0.1
	done
	# root@localhost answers only on the socket; tests use TCP as a user
	mariadb --no-defaults --socket="$MY_DIR/sock" -uroot -e \
		"CREATE USER 'revgen'@'127.0.0.1' IDENTIFIED BY 'revgen-test';
		 GRANT ALL PRIVILEGES ON *.* TO 'revgen'@'127.0.0.1' WITH GRANT OPTION;" || return 1
	export REVGEN_TEST_MYSQL_HOST=127.0.0.1 REVGEN_TEST_MYSQL_PORT=$MY_PORT \
		REVGEN_TEST_MYSQL_USER=revgen REVGEN_TEST_MYSQL_PASSWORD=revgen-test \
		REVGEN_TEST_MYSQL_SOCKET=$MY_DIR/sock
	export REVGEN_TEST_MYSQL_URL="mysql://revgen:revgen-test@127.0.0.1:$MY_PORT/mysql"
	echo "MariaDB on 127.0.0.1:$MY_PORT (pid $MY_PID)"
}

mariadb_stop() {
	[ -n "${MY_DIR:-}" ] || return 0
	if [ -n "${MY_PID:-}" ] && kill -0 "$MY_PID" 2>/dev/null; then
		kill "$MY_PID" 2>/dev/null
		local i
		for i in $(seq 1 100); do
			kill -0 "$MY_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$MY_PID" 2>/dev/null || true
	fi
	rm -rf "$MY_DIR"
	MY_DIR= MY_PID=
}
