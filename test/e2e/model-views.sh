# Views declared in the models (issue 20, item 4): RG_VIEW with its struct,
# a view of that view and, on PostgreSQL, RG_MATERIALIZED_VIEW.  From
# nothing: autogenerate, upgrade, check clean.  Then a view's query
# changes (a column appended) while a column under it widens: the revision
# makes the view anew after the table change, rows intact; check clean;
# the downgrade brings the old query back, check clean with the old
# models.  A struct whose fields are not the view's columns fails check,
# and a removed view is dropped.
mkdir -p models
# PostgreSQL: a materialized view, of the active users only once
# active_users has a name column ($2 set)
mat() {
	[ "$E2E_DIALECT" = postgresql ] || return 0
	local where=''
	[ -z "$1" ] || where=' " WHERE active"'
	cat <<H
struct RG_MATERIALIZED_VIEW(user_domains,
	"SELECT id, substr(email, strpos(email, '@') + 1) AS domain FROM users"$where) user_domain {
	int32_t id;
	char *domain;
};
H
}
model() { # $1: email's length, $2: the extra column of active_users, or nothing
	cat > models/shop.h <<H
#include <stdbool.h>
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(users) user {
	int32_t id    RG_PRIMARY_KEY;
	char   *email RG_TYPE(VARCHAR($1));
	char   *name  RG_TYPE(VARCHAR(40));
	bool    active;
};

/* the active ones, as the program reads them */
struct RG_VIEW(active_users,
	"SELECT id, email${2:+, $2}"
	" FROM users"
	" WHERE active") active_user {
	int32_t id;
	char *email;
	${2:+char *$2;}
};

struct RG_VIEW("Active Count", "SELECT count(*) AS n FROM active_users") active_count {
	int64_t n;
};
$(mat "$2")
H
}
expect 0 init
sed -i "s|^url = .*|url = $(db_url)|" revgen.ini
rm -f models/example.h
model 80 ""
cp models/shop.h shop.v1

expect 0 --autogenerate -m "views"
first=$(cat "$out")
contains "$(cat migrations/versions/*views*.sql)" "CREATE VIEW"
expect 0 upgrade head
expect 0 check
db_sql "INSERT INTO users (id, email, name, active) VALUES (1, 'ann@example.org', 'ann', TRUE),
	(2, 'bob@example.com', 'bob', FALSE), (3, 'cy@example.net', 'cy', TRUE)" >/dev/null
[ "$(db_sql "SELECT email FROM active_users ORDER BY id" | tr '\n' ' ')" = "ann@example.org cy@example.net " ] ||
	fail "the view does not show the active users"
q='"Active Count"'
[ "$E2E_DIALECT" = mysql ] && q='`Active Count`'
[ "$(db_sql "SELECT n FROM $q")" = 2 ] || fail "the view of the view counts wrong"
if [ "$E2E_DIALECT" = postgresql ]; then
	[ "$(db_sql "SELECT count(*) FROM user_domains")" = 0 ] || fail "the materialized view is not empty"
	db_sql "REFRESH MATERIALIZED VIEW user_domains" >/dev/null
	[ "$(db_sql "SELECT string_agg(domain, ',' ORDER BY id) FROM user_domains")" = "example.org,example.com,example.net" ] ||
		fail "the materialized view's rows"
fi

# the struct's fields must be the view's columns
sed 's/char \*email;/char *mail;/' shop.v1 > models/shop.h
expect 2 check
contains "$errout" "shop.h:"
contains "$errout" "active_users"
cp shop.v1 models/shop.h
expect 0 check

# a column appended to the query while the column under it widens
model 120 name
expect 1 check
expect 0 --autogenerate -m "names"
rev=$(cat migrations/versions/*names*.sql)
# the changed view goes before the table change and comes back after it;
# where a view cannot be replaced in place, so does the view of it
case $E2E_DIALECT in
mysql)
	contains "$rev" "CREATE OR REPLACE VIEW active_users AS"
	lacks "$rev" "DROP VIEW"
	;;
*)
	drop=$(printf '%s\n' "$rev" | grep -n '^DROP VIEW "Active Count"' | head -1 | cut -d: -f1)
	drop2=$(printf '%s\n' "$rev" | grep -n '^DROP VIEW active_users' | head -1 | cut -d: -f1)
	alter=$(printf '%s\n' "$rev" | grep -n '^ALTER TABLE users\|^CREATE TABLE _rg_new_users' | head -1 | cut -d: -f1)
	make=$(printf '%s\n' "$rev" | grep -n '^CREATE VIEW active_users' | head -1 | cut -d: -f1)
	make2=$(printf '%s\n' "$rev" | grep -n '^CREATE VIEW "Active Count"' | head -1 | cut -d: -f1)
	[ -n "$drop" ] && [ -n "$alter" ] && [ -n "$make2" ] && [ "$drop" -lt "$drop2" ] &&
		[ "$drop2" -lt "$alter" ] && [ "$alter" -lt "$make" ] && [ "$make" -lt "$make2" ] ||
		fail "the views are not around the table change: $rev"
	;;
esac
expect 0 upgrade head
expect 0 check
[ "$(db_sql "SELECT name FROM active_users ORDER BY id" | tr '\n' ' ')" = "ann cy " ] ||
	fail "the new column of the view: $(db_sql "SELECT name FROM active_users ORDER BY id")"
[ "$(db_sql "SELECT n FROM $q")" = 2 ] || fail "the view of the view after the change"
[ "$(db_sql "SELECT count(*) FROM users")" = 3 ] || fail "rows lost"
if [ "$E2E_DIALECT" = postgresql ]; then
	contains "$rev" "DROP MATERIALIZED VIEW user_domains;"
	contains "$rev" "WITH DATA;"
	# made again with its rows (WITH DATA), under the table change
	[ "$(db_sql "SELECT string_agg(domain, ',' ORDER BY id) FROM user_domains")" = "example.org,example.net" ] ||
		fail "the changed materialized view's rows"
fi

# back: the old query, check clean with the old models
expect 0 downgrade -1
cp shop.v1 models/shop.h
rm migrations/versions/*names*.sql
expect 0 check
[ "$(db_sql "SELECT email FROM active_users ORDER BY id" | tr '\n' ' ')" = "ann@example.org cy@example.net " ] ||
	fail "the downgraded view"
[ "$(db_sql "SELECT n FROM $q")" = 2 ] || fail "the view of the view after the downgrade"
[ "$E2E_DIALECT" != postgresql ] ||
	[ "$(db_sql "SELECT string_agg(domain, ',' ORDER BY id) FROM user_domains")" = "example.org,example.com,example.net" ] ||
	fail "the downgraded materialized view's rows"

# a view removed from the models is dropped, the view of it first
sed -i '/Active Count/,/^};/d' models/shop.h
expect 1 check
expect 0 --autogenerate -m "no count"
expect 0 upgrade head
expect 0 check
! db_sql "SELECT n FROM $q" >/dev/null 2>&1 || fail "the removed view is still there"
expect 0 downgrade -1
[ "$(db_sql "SELECT n FROM $q")" = 2 ] || fail "the downgrade did not bring the view back"
expect 0 upgrade head

# inspect writes the views back as models (views.h: the query as the
# server keeps it, the columns with C types): check is clean with them
expect 0 inspect --format c --output adopted
contains "$(cat adopted/views.h)" "RG_VIEW(active_users,"
[ "$E2E_DIALECT" != postgresql ] || contains "$(cat adopted/views.h)" "RG_MATERIALIZED_VIEW(user_domains,"
mv models models.own
mv adopted models
expect 0 check
rm -r models
mv models.own models

# a materialized view elsewhere: refused, naming the header's line
if [ "$E2E_DIALECT" != postgresql ]; then
	cat >> models/shop.h <<'H'
struct RG_MATERIALIZED_VIEW(mv, "SELECT id FROM users") mv { int32_t id; };
H
	expect 2 check
	contains "$errout" "shop.h:"
	contains "$errout" "RG_MATERIALIZED_VIEW mv"
fi
