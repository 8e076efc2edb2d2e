# The bad-input catalogue: each case exits 2, says where and what, writes no
# file and leaves the database as it was.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
expect 0 upgrade head
cases=0

# the state that must not move: files, and the database's tables and version
state() {
	find . -path ./.out -prune -o -path ./.err -prune -o -type f -newer revgen.ini -print 2>/dev/null |
		grep -v -e '/\.out$' -e '/\.err$' -e '\.db' | sort
	db_tables
	db_sql "SELECT version_num FROM revgen_version"
}
touch revgen.ini

# bad WHAT ARGS...: exit 2, WHAT in the message, nothing changed
bad() {
	local what=$1
	shift
	local before after
	before=$(state)
	rg "$@"
	[ "$rc" -eq 2 ] || fail "case $((cases + 1)) (revgen $*): exit $rc, expected 2"
	contains "$errout" "revgen: error: "
	contains "$errout" "$what"
	after=$(state)
	[ "$before" = "$after" ] || fail "case $((cases + 1)) (revgen $*) changed something:
$before
---
$after"
	cases=$((cases + 1))
}

# command line
bad "unknown command 'upgrad'" upgrad head
bad "did you mean '--autogenerate'" revision -m x --autogenerat
bad "message is required" revision --autogenerate
bad "needs a value" revision -m
bad "unexpected argument" current extra
bad "target is required" downgrade
bad "unknown --format 'xml'" check --format xml
bad "a FROM:TO range is only for --sql" upgrade a0000000001:head

# configuration
bad "nosuch.ini: no such file" -c nosuch.ini current
printf '[revgen]\nurl = sqlite:///x.db\nmodles = x\n' > bad1.ini
bad "bad1.ini:3: unknown key 'modles'" -c bad1.ini current
printf '[revgen]\nthis is not ini\n' > bad2.ini
bad "bad2.ini:2:" -c bad2.ini current
bad "no section [staging]" -n staging current
printf '[revgen]\nmodels = nothing/*.h\nurl = %s\n' "$(db_url)" > bad3.ini
bad "matches no file" -c bad3.ini check
rm -f bad1.ini bad2.ini bad3.ini

# URLs and connections (never the password)
bad "unknown URL scheme 'oracle'" --url "oracle://u:pw@h/db" current
bad "the port must be a number" --url "postgresql://u:s3cret@h:99999/db" current
! printf '%s' "$errout" | grep -q s3cret || fail "password shown"
bad "cannot connect" --url "postgresql://u:s3cret@127.0.0.1:1/db" current
! printf '%s' "$errout" | grep -q s3cret || fail "password shown"
bad "cannot connect" --url "mysql://u:s3cret@127.0.0.1:1/db" current
! printf '%s' "$errout" | grep -q s3cret || fail "password shown"
# a wrong password, on a server that asks for one
if [ "$E2E_DIALECT" = postgresql ]; then
	hp=${REVGEN_TEST_PG_URL#*@}
	hp=${hp%%/*}
	bad "password authentication failed for user \"revgen_pw\"" --url "postgresql://revgen_pw:wr0ng-s3cret@$hp/postgres" current
	! printf '%s' "$errout" | grep -q wr0ng-s3cret || fail "password shown"
	contains "$errout" "revgen_pw:***@"
elif [ "$E2E_DIALECT" = mysql ]; then
	hp=${REVGEN_TEST_MYSQL_URL#*@}
	hp=${hp%%/*}
	bad "Access denied for user 'revgen'" --url "mysql://revgen:wr0ng-s3cret@$hp/mysql" current
	! printf '%s' "$errout" | grep -q wr0ng-s3cret || fail "password shown"
	contains "$errout" "revgen:***@"
fi

# targets
bad "unknown revision 'ffff'" upgrade ffff
bad "at least 4 characters" upgrade ab
bad "only 1 revision(s) are applied" downgrade -2
bad "is not a valid id" revision -m x --rev-id Bad-Id

# revision files
cp migrations/versions/a0000000001_create_tables.sql /tmp/rg-keep.$$
printf -- '-- broken\n-- upgrade()\n-- downgrade()\n' > migrations/versions/zz_broken.sql
bad "zz_broken.sql:1: no \"-- Revision ID:\"" history
rm migrations/versions/zz_broken.sql
printf -- '-- x\n-- Revision ID: b0000000001\n-- Revises: f0000000000\n\n-- upgrade()\n-- downgrade()\n' > migrations/versions/b_orphan.sql
bad "b_orphan.sql: Revises names f0000000000" upgrade head
rm migrations/versions/b_orphan.sql
cp migrations/versions/a0000000001_create_tables.sql migrations/versions/dup.sql
bad "both have revision id a0000000001" history
rm migrations/versions/dup.sql
printf -- '-- x\n-- Revision ID: b0000000001\n-- Revises: c0000000001\n\n-- upgrade()\n-- downgrade()\n' > migrations/versions/b.sql
printf -- '-- x\n-- Revision ID: c0000000001\n-- Revises: b0000000001\n\n-- upgrade()\n-- downgrade()\n' > migrations/versions/c.sql
bad "cycle" history
rm migrations/versions/b.sql migrations/versions/c.sql
printf -- '-- x\n-- Revision ID: b0000000001\n-- Revises: a0000000001\n-- upgrade()\n' > migrations/versions/nosec.sql
bad "nosec.sql:4: no \"-- downgrade()\"" upgrade head
rm migrations/versions/nosec.sql
printf -- "-- x\n-- Revision ID: b0000000001\n-- Revises: a0000000001\n-- upgrade()\nSELECT 'open;\n-- downgrade()\n" > migrations/versions/quote.sql
bad "unterminated" upgrade head
rm migrations/versions/quote.sql
cmp -s /tmp/rg-keep.$$ migrations/versions/a0000000001_create_tables.sql || fail "revision file changed"
rm -f /tmp/rg-keep.$$

# models
cat > models/bad.h <<'H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(bad) bad {
	int64_t id RG_PRIMARY_KEY
	int64_t other;
};
H
bad "bad.h:4:" --autogenerate -m "broken header"
printf '#include <revgen.h>\nstruct RG_TABLE(bad) bad { int id __attribute__((annotate("revgen:frobnicate"))); };\n' > models/bad.h
bad "bad.h:2:" --autogenerate -m "unknown annotation"
contains "$errout" "revgen:frobnicate"
printf '#include <stdint.h>\n#include <revgen.h>\nstruct RG_TABLE(bad) bad {\n\tint64_t id RG_PRIMARY_KEY;\n\tint64_t o RG_REFERENCES(nowhere, id);\n};\n' > models/bad.h
bad "no table 'nowhere'" --autogenerate -m "missing table"
printf '#include <stdint.h>\n#include <revgen.h>\nstruct RG_TABLE(bad) bad {\n\tint64_t id RG_PRIMARY_KEY;\n\tint64_t o RG_REFERENCES(users, nope);\n};\n' > models/bad.h
bad "has no column 'nope'" --autogenerate -m "missing column"
printf '#include <stdint.h>\n#include <revgen.h>\nstruct RG_TABLE(users) other {\n\tint64_t id RG_PRIMARY_KEY;\n};\n' > models/bad.h
bad "a second table named 'users'" --autogenerate -m "two tables"
printf '#include <revgen.h>\nstruct x { int a; };\nstruct RG_TABLE(bad) bad {\n\tint id RG_PRIMARY_KEY;\n\tstruct x nested;\n};\n' > models/bad.h
bad "has no SQL type" --autogenerate -m "unsupported type"
rm models/bad.h

# the database
expect 0 revision -m "second" --rev-id b0000000002
rm "$out"
db_sql "UPDATE revgen_version SET version_num = 'e0000000404'"
bad "names revision 'e0000000404', which no file" upgrade head
bad "names revision 'e0000000404'" --autogenerate -m "drifted"
db_sql "UPDATE revgen_version SET version_num = 'a0000000001'"

# a read-only versions folder (root writes anywhere: there, an immutable
# folder does it, where the file system has the attribute)
if [ "$(id -u)" -ne 0 ]; then
	chmod a-w migrations/versions
	bad "migrations/versions" revision -m "read-only"
	chmod u+w migrations/versions
elif chattr +i migrations/versions 2>/dev/null; then
	rg revision -m "read-only"
	chattr -i migrations/versions
	[ "$rc" -eq 2 ] || fail "read-only versions folder: exit $rc"
	contains "$errout" "migrations/versions"
	contains "$errout" "Operation not permitted"
	cases=$((cases + 1))
fi
# a file size limit (1 KiB) as a full disk: the revision is bigger, the
# write fails, and no partial revision file is left
{
	printf '#include <stdint.h>\n#include <revgen.h>\nstruct RG_TABLE(wide) wide {\n\tint64_t id RG_PRIMARY_KEY;\n'
	for i in $(seq 1 60); do printf '\tint32_t column_number_%d;\n' "$i"; done
	printf '};\n'
} > models/wide.h
(
	ulimit -f 1
	rg --autogenerate -m "no space"
	[ "$rc" -eq 2 ] || fail "no space: exit $rc"
	contains "$errout" "revgen: error: "
	contains "$errout" "no_space.sql"
)
rm models/wide.h
[ -z "$(find migrations/versions -name '*no_space*')" ] || fail "a partial revision file was left"
! ls migrations/versions/*.tmp.* >/dev/null 2>&1 || fail "a temporary file was left"
cases=$((cases + 1))

expect 0 check
echo "bad-input: $cases cases"
[ "$cases" -ge 30 ] || fail "only $cases cases"
