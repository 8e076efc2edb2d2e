# SQLite: a database file in the test's folder.
db_url() { echo "sqlite:///$work/app.db"; }
db_sql() { sqlite3 -batch -bail "$work/app.db" "$1"; }
