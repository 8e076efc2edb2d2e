# Bad input: exit 2, a message that says where and what, nothing written,
# and never a password.
expect 2 current
contains "$errout" "revgen init"
expect 2 frobnicate
contains "$errout" "unknown command 'frobnicate'"
expect 0 --version
contains "$out" "revgen "
expect 0 --help
contains "$out" "upgrade"
for c in init revision upgrade downgrade current history heads branches show merge stamp \
	check models inspect; do
	expect 0 "$c" --help
	contains "$out" "usage: revgen $c"
	contains "$out" "Example:"
done
# each command's help names each of its options
opts_of() {
	case $1 in
	revision) echo "--message --autogenerate --rev-id --head --branch-label --depends-on --replay --dev-url --allow-empty-models" ;;
	upgrade | downgrade) echo "--sql --ignore-checksums" ;;
	check) echo "--format --replay --dev-url --allow-empty-models" ;;
	history) echo "--format --rev-range" ;;
	current | heads) echo "--format" ;;
	models | inspect) echo "--format" ;;
	merge) echo "--message --rev-id" ;;
	stamp) echo "--sql" ;;
	esac
}
for c in revision upgrade downgrade check history current heads models inspect merge stamp; do
	expect 0 "$c" --help
	for o in $(opts_of "$c"); do contains "$out" "$o"; done
done
project_blog
expect 2 revision
contains "$errout" "message is required"
expect 2 revision -m x --autogenrate
contains "$errout" "did you mean '--autogenerate'"
expect 2 --url "postgresql://app:s3cr3t@127.0.0.1:1/db" current
lacks "$errout" "s3cr3t"
contains "$errout" "***"
expect 2 --url "mysql://app:s3cr3t@[bad" current
lacks "$errout" "s3cr3t"
expect 2 --url "nosuch://x" current
contains "$errout" "nosuch"
expect 2 -n nosection current
contains "$errout" "nosection"
[ "$(nrevs)" -eq 0 ] || fail "files written"

# revision graph errors name the file
expect 0 revision -m one --rev-id aaaa00000001
expect 0 revision -m two --rev-id bbbb00000002
two=$out
cp "$two" migrations/versions/copy.sql
expect 2 history
contains "$errout" "bbbb00000002"
contains "$errout" "copy.sql"
rm migrations/versions/copy.sql
sed -i 's/^-- Revises: aaaa00000001/-- Revises: ffff00000009/' "$two"
expect 2 upgrade head
contains "$errout" "ffff00000009"
contains "$errout" "$(basename "$two")"
sed -i 's/^-- Revises: ffff00000009/-- Revises: aaaa00000001/' "$two"
sed -i 's/^-- Revision ID: .*$/-- Revision ID:/' migrations/versions/aaaa00000001_one.sql
expect 2 history
contains "$errout" "aaaa00000001_one.sql"

# output to a file or pipe carries no terminal escapes, NO_COLOR or not
for args in "--help" "history -v" "check" "heads" "upgrade --sql"; do
	NO_COLOR=1 rg $args
	! printf '%s%s' "$out" "$errout" | grep -q $'\033' || fail "escape codes in: revgen $args"
	rg $args
	! printf '%s%s' "$out" "$errout" | grep -q $'\033' || fail "escape codes in: revgen $args"
done
