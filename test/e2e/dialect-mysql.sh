# MariaDB/MySQL: a database of its own for this test, on the server that
# scripts/test.sh started (REVGEN_TEST_MYSQL_URL), dropped at exit.
: "${REVGEN_TEST_MYSQL_URL:?the MySQL tests need REVGEN_TEST_MYSQL_URL (scripts/test.sh sets it)}"
my_db="e2e_$(basename "$work" | tr -c 'a-zA-Z0-9\n' '_' | tr 'A-Z' 'a-z')"
my_base=${REVGEN_TEST_MYSQL_URL%/*}
# mysql://user:pass@host:port -> client options
my_auth=${my_base#mysql://}
my_user=${my_auth%%:*}
my_pass=${my_auth#*:}
my_pass=${my_pass%%@*}
my_hostport=${my_auth##*@}
my_client() {
	mariadb --no-defaults -h "${my_hostport%:*}" -P "${my_hostport##*:}" -u "$my_user" \
		-p"$my_pass" -N -B "$@"
}
my_client -e "CREATE DATABASE $my_db CHARACTER SET utf8mb4"
trap 'rm -rf "$work"; my_client -e "DROP DATABASE IF EXISTS $my_db; DROP DATABASE IF EXISTS ${my_db}_dev" >/dev/null 2>&1' EXIT

db_url() { echo "$my_base/$my_db"; }
db_sql() { my_client -D "$my_db" -e "$1" | tr '\t' '|'; }
db_tables() { my_client -D "$my_db" -e "SHOW FULL TABLES WHERE Table_type = 'BASE TABLE'" | cut -f1 | sort; }
# A second, scratch database for --replay --dev-url.
db_dev_url() {
	my_client -e "CREATE DATABASE ${my_db}_dev CHARACTER SET utf8mb4"
	echo "$my_base/${my_db}_dev"
}
