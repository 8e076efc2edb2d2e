# SQLite: a database file in the test's folder.
db_url() { echo "sqlite:///$work/app.db"; }
db_sql() { sqlite3 -batch -bail "$work/app.db" "$1"; }
db_tables() { sqlite3 -batch -bail "$work/app.db" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"; }
# --replay needs no scratch database on SQLite: it replays in memory.
db_dev_url() { :; }
