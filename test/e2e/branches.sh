# Teams branch: two revisions from one, heads, merge, every target form,
# stamp, --sql ranges, check --replay, and the JSON shapes.
project_blog
expect 0 --autogenerate -m "create tables" --rev-id a0000000001
expect 0 upgrade head
# two developers each add a column from the same head
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *bio RG_TYPE(VARCHAR(500));|' models/user.h
expect 0 --autogenerate -m "add bio" --rev-id b0000000001 --branch-label profile
bio_rev=$out
# the second developer's branch is written against a0000000001 by hand
expect 0 revision -m "add nickname" --head a0000000001 --rev-id c0000000001
nick_rev=$out
sed -i 's|^-- upgrade()$|-- upgrade()\nALTER TABLE users ADD COLUMN nickname VARCHAR(40);|; s|^-- downgrade()$|-- downgrade()\nALTER TABLE users DROP COLUMN nickname;|' "$nick_rev"
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *nickname RG_TYPE(VARCHAR(40));|' models/user.h

expect 0 heads
contains "$out" "b0000000001 (head)"
contains "$out" "c0000000001 (head)"
expect 0 branches
contains "$out" "a0000000001 (branchpoint)"
expect 2 upgrade head
contains "$errout" "2 heads"
contains "$errout" "merge"
expect 2 revision -m "third"
contains "$errout" "2 heads"

# JSON shapes
expect 0 heads --format json
printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert sorted(h["revision"] for h in d["heads"]) == ["b0000000001", "c0000000001"], d'
expect 0 history --format json
printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d["revisions"]; assert len(r)==3 and all(set(x)>={"revision","down_revisions","message","is_head","path"} for x in r), d'

# one branch, then all
expect 0 upgrade profile@head
expect 0 current
contains "$out" "b0000000001"
expect 0 upgrade heads
expect 0 current --format json
printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert sorted(c["revision"] for c in d["current"]) == ["b0000000001", "c0000000001"] and all(c["is_head"] for c in d["current"]), d'
expect 0 check

expect 0 merge -m "join profile work" --rev-id d0000000001
expect 0 heads
contains "$out" "d0000000001 (head)"
lacks "$out" "b0000000001"
expect 0 upgrade head
expect 0 current
[ "$out" = "d0000000001 (head)" ] || fail "one row after the merge: $out"
expect 0 check

# down through the merge to the branch point, and back
expect 0 downgrade a0000000001
expect 0 current
[ "$out" = "a0000000001" ] || fail "at the branch point: $out"
! db_sql "SELECT nickname FROM users" >/dev/null 2>&1 || fail "nickname still there"
expect 0 upgrade head
expect 0 downgrade -1
expect 0 current
contains "$out" "b0000000001"
contains "$out" "c0000000001"
expect 0 upgrade head

# history of a range
expect 0 history -r b0000000001:head
contains "$out" "d0000000001"
contains "$out" "b0000000001"
lacks "$out" "c0000000001,"
lacks "$out" "<base>"
expect 0 history -r :a0000000001
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "history -r :a0000000001: $out"

# target forms
expect 0 show head
contains "$out" "Revision ID: d0000000001"
expect 0 show head-2
contains "$out" "Revision ID: a0000000001"
expect 0 show a0000000001+1
contains "$out" "Revision ID: b0000000001"
expect 0 show profile
contains "$out" "Revision ID: b0000000001"
expect 2 show zzzz
contains "$errout" "unknown revision 'zzzz'"
expect 2 show a00
contains "$errout" "at least 4 characters"
expect 0 downgrade head-3
expect 0 current
[ -z "$out" ] || fail "head-3 is base here: $out"
expect 0 upgrade a0000000001+1
expect 0 current
[ "$out" = "b0000000001" ] || fail "a0000000001+1: $out"

# stamp: the version table only
expect 0 stamp head
expect 0 current
[ "$out" = "d0000000001 (head)" ] || fail "stamp head: $out"
! db_sql "SELECT nickname FROM users" >/dev/null 2>&1 || fail "stamp ran SQL"
expect 0 stamp base
expect 0 current
[ -z "$out" ] || fail "stamp base: $out"
expect 0 stamp b0000000001
expect 0 upgrade head
expect 0 check

# offline ranges
expect 0 upgrade a0000000001:b0000000001 --sql
contains "$out" "UPDATE revgen_version SET version_num = 'b0000000001' WHERE version_num = 'a0000000001'"
contains "$out" "bio"
lacks "$out" "nickname"
expect 0 downgrade d0000000001:a0000000001 --sql
contains "$out" "DROP COLUMN nickname"
contains "$out" "DROP COLUMN bio"
lacks "$out" "DROP TABLE"

# check --replay: the revisions alone, no shared database
dev=$(db_dev_url)
expect 0 check --replay ${dev:+--dev-url "$dev"}
contains "$out" "No changes detected"
sed -i 's|^\(\s*char   \*nickname.*\)$|\1\n\tint32_t karma RG_DEFAULT(0);|' models/user.h
expect 1 check --replay ${dev:+--dev-url "$dev"}
contains "$out" "add column users.karma"
expect 0 revision --autogenerate --replay ${dev:+--dev-url "$dev"} -m "add karma"
contains "$(cat "$out")" "karma"
expect 0 check --replay ${dev:+--dev-url "$dev"}
