# A PostgreSQL hot standby (issue 21, 3): a streaming replica of the
# test's server, made with pg_basebackup.  There `current`, `check`,
# `history` and `inspect` answer as on the primary; `upgrade`,
# `downgrade` and `stamp` refuse at once, naming the server as a standby,
# exit 2, and the database is unchanged.  A revision applied on the
# primary shows on the standby.  The other databases have no such thing.
[ "$E2E_DIALECT" = postgresql ] || exit 0
. "$RG_SOURCE_ROOT/scripts/pg-server.sh" # PG_BIN, pg_as, free_port

project_blog
expect 0 --autogenerate -m one
expect 0 upgrade head
primary_url=$(db_url)

sb=$(mktemp -d "${TMPDIR:-/tmp}/revgen-standby.XXXXXX")
[ "$(id -u)" -eq 0 ] && chown postgres "$sb"
sb_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$sb/data" -m immediate -t 10 stop >/dev/null 2>&1 || true
	rm -rf "$sb"
}
# then what dialect-postgresql.sh set to run at exit (it drops the database)
prev_exit=$(trap -p EXIT)
prev_exit=${prev_exit#trap -- \'}
prev_exit=${prev_exit%\' EXIT}
trap 'sb_stop; eval "$prev_exit"' EXIT
pg_as "$PG_BIN/pg_basebackup" -h "$REVGEN_TEST_PG_HOST" -p "$REVGEN_TEST_PG_PORT" -U postgres \
	-D "$sb/data" -R -X stream >/dev/null 2>"$sb/basebackup.log" ||
	fail "pg_basebackup: $(cat "$sb/basebackup.log")"
# a standby needs at least the primary's connection slots
max=$(psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "SHOW max_connections")
port=$(free_port)
pg_as "$PG_BIN/pg_ctl" -D "$sb/data" -l "$sb/server.log" -w -t 60 \
	-o "-p $port -k $sb -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=$max" \
	start >/dev/null || fail "standby: $(tail -5 "$sb/server.log")"
standby_url=$(echo "$primary_url" | sed "s|:$REVGEN_TEST_PG_PORT/|:$port/|")
[ "$(psql -XAtq -d "$standby_url" -c "SELECT pg_is_in_recovery()")" = t ] || fail "not a standby"

# the read-only commands: the same answers as the primary's
for cmd in current history check "inspect --format sql"; do
	expect 0 $cmd
	on_primary=$out
	sed -i "s|^url = .*|url = $standby_url|" revgen.ini
	expect 0 $cmd
	[ "$out" = "$on_primary" ] || fail "$cmd: the standby says '$out', the primary '$on_primary'"
	sed -i "s|^url = .*|url = $primary_url|" revgen.ini
done

# what changes the database: refused before any statement
sed -i "s|^url = .*|url = $standby_url|" revgen.ini
for cmd in "upgrade head" "downgrade -1" "downgrade base" "stamp base"; do
	expect 2 $cmd
	contains "$errout" "the server at 127.0.0.1:$port is a hot standby"
	lacks "$errout" "read-only transaction"
done
expect 0 current
contains "$out" "(head)"

# a change on the primary reaches the standby, whose check then reports
# the models' next change as the primary would
sed -i "s|^url = .*|url = $primary_url|" revgen.ini
sed -i 's/^\(struct RG_TABLE(posts)[^{]*{\)/\1\n\tint32_t *likes;/' models/*.h
expect 0 --autogenerate -m likes
expect 0 upgrade head
expect 0 current
want=$out
sed -i "s|^url = .*|url = $standby_url|" revgen.ini
for _ in $(seq 50); do
	rg current
	[ "$out" = "$want" ] && break
	sleep 0.2
done
[ "$out" = "$want" ] || fail "the standby did not follow: '$out', want '$want'"
expect 0 check
contains "$out" "No changes"
