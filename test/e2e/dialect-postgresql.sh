# PostgreSQL: a database of its own for this test, on the server that
# scripts/test.sh started (REVGEN_TEST_PG_URL), dropped at exit.
: "${REVGEN_TEST_PG_URL:?the PostgreSQL tests need REVGEN_TEST_PG_URL (scripts/test.sh sets it)}"
pg_db="e2e_$(basename "$work" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
pg_base=${REVGEN_TEST_PG_URL%/*}
psql -XAtq -v ON_ERROR_STOP=1 -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE $pg_db" >/dev/null
trap 'rm -rf "$work"
      for d in $pg_db ${pg_db}_dev; do
          psql -XAtq -d "$REVGEN_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
      done' EXIT

db_url() { echo "$pg_base/$pg_db"; }
db_sql() { psql -XAtq -v ON_ERROR_STOP=1 -d "$pg_base/$pg_db" -c "$1"; }
db_tables() { psql -XAtq -d "$pg_base/$pg_db" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"; }
# A second, scratch database for --replay --dev-url.
db_dev_url() {
	psql -XAtq -v ON_ERROR_STOP=1 -d "$REVGEN_TEST_PG_URL" -c "CREATE DATABASE ${pg_db}_dev" >/dev/null
	echo "$pg_base/${pg_db}_dev"
}
