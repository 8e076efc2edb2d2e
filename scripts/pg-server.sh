# pg-server.sh - sourced by test.sh (and usable by hand): a throwaway
# PostgreSQL 15 cluster in a temporary folder, on 127.0.0.1 at a free port.
#   pg_start   creates and starts it; exports REVGEN_TEST_PG_HOST,
#              REVGEN_TEST_PG_PORT and REVGEN_TEST_PG_URL (the `postgres`
#              superuser's URL of the `postgres` database; tests create
#              their own databases from it)
#   pg_stop    stops it by its pid and removes the folder (safe to call on
#              every exit path, and more than once)
# PG_EXTRA_OPTS adds server options (the benchmark logs statements).
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` user that Debian's package creates.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/revgen-pg.XXXXXX")
	[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" --auth=trust -U postgres -E UTF8 \
		--locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || {
		cat "$PG_DIR/initdb.log" >&2
		return 1
	}
	# one role that must give a password, for the tests of a wrong one
	# (the first matching line of pg_hba.conf wins)
	sed -i '1i host all revgen_pw 127.0.0.1/32 scram-sha-256' "$PG_DIR/data/pg_hba.conf"
	PG_PORT=$(free_port)
	# fsync off: a throwaway cluster need not survive a power cut
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${PG_EXTRA_OPTS:-}" \
		start >/dev/null || {
		cat "$PG_DIR/server.log" >&2
		return 1
	}
	PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
	psql -XAtq -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
		-c "CREATE ROLE revgen_pw LOGIN PASSWORD 'right-password'" >/dev/null || return 1
	export REVGEN_TEST_PG_HOST=127.0.0.1 REVGEN_TEST_PG_PORT=$PG_PORT
	export REVGEN_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
	echo "PostgreSQL on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

pg_stop() {
	[ -n "${PG_DIR:-}" ] || return 0
	if [ -n "${PG_PID:-}" ] && kill -0 "$PG_PID" 2>/dev/null; then
		# fast: sessions are ended, no waiting for clients; a server that
		# does not go within 10 s is killed
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -t 10 stop >/dev/null 2>&1 ||
			kill -9 "$PG_PID" 2>/dev/null
	fi
	rm -rf "$PG_DIR"
	PG_DIR= PG_PID=
}
