# What hand-written SQLite schemas hold that revgen once could not say: a
# column with no declared type (RG_TYPE()) and a column's COLLATE
# (RG_COLLATE(NOCASE)).  The current schema is made by hand with rows;
# inspect --format c declares both and check is clean; a baseline from
# those headers builds the same columns; a model edit of the collation is
# a rebuild that keeps the rows, and its downgrade puts NOCASE back.  On
# PostgreSQL and MariaDB, RG_TYPE() is an error naming file:line.
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h
if [ "$E2E_DIALECT" != sqlite ]; then
	printf '#include <revgen.h>\nstruct RG_TABLE(bag) bag {\n\tint id RG_PRIMARY_KEY;\n\tchar *misc RG_TYPE();\n};\n' >models/bag.h
	expect 2 --autogenerate -m "bag"
	contains "$errout" "models/bag.h:4"
	contains "$errout" "RG_TYPE() (a column with no declared type) on bag.misc"
	[ -z "$(ls migrations/versions)" ] || fail "a revision was written"
	return 0
fi
db_sql "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL COLLATE NOCASE UNIQUE,
		misc, code TEXT COLLATE RTRIM);
	INSERT INTO users (email, misc, code) VALUES ('Ann@x', x'00ff', 'a  '), ('bob@x', 12, 'b');"
rows() { db_sql "SELECT id, email, hex(misc), typeof(misc), code FROM users ORDER BY id" | tr '\n' ' '; }
want=$(rows)
expect 0 inspect --format c --output models
h=$(cat models/users.h)
contains "$h" "char *email RG_NOT_NULL RG_COLLATE(NOCASE) RG_UNIQUE;"
contains "$h" "char *misc RG_TYPE();"
contains "$h" "char *code RG_COLLATE(RTRIM);"
expect 0 check

# the baseline on an empty database builds the same columns
mkdir base
(cd base && expect 0 init) || exit 1
cp models/users.h base/models/ && rm -f base/models/example.h
sed -i "s|^url = .*|url = sqlite:///$work/base.db|" base/revgen.ini
(cd base && expect 0 --autogenerate -m baseline && expect 0 upgrade head && expect 0 check) || exit 1
made=$(sqlite3 "$work/base.db" "SELECT sql FROM sqlite_master WHERE name = 'users'")
contains "$made" "email TEXT NOT NULL COLLATE NOCASE"
contains "$made" "misc,"
contains "$made" "code TEXT COLLATE RTRIM"

# NOCASE taken off by the model: a rebuild, rows kept; down again
sed -i 's/ RG_COLLATE(NOCASE)//' models/users.h
expect 0 --autogenerate -m "binary email"
expect 0 upgrade head
expect 0 check
[ "$(rows)" = "$want" ] || fail "rows after the rebuild: $(rows)"
lacks "$(db_sql "SELECT sql FROM sqlite_master WHERE name = 'users'")" "NOCASE"
[ "$(db_sql "SELECT count(*) FROM users WHERE email = 'ann@x'")" = 0 ] || fail "email still compares without case"
expect 0 downgrade -1
[ "$(rows)" = "$want" ] || fail "rows after the downgrade: $(rows)"
[ "$(db_sql "SELECT count(*) FROM users WHERE email = 'ann@x'")" = 1 ] || fail "the downgrade did not put NOCASE back"
