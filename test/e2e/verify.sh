# revision --autogenerate --verify: the revision is tried on a scratch
# database (upgrade, check, downgrade back to the schema from before,
# upgrade again) before its file is written; a step that fails writes
# nothing and names the statement.  The failures come from a project's
# revision template, the way a team's own template breaks revisions that
# revgen renders correctly.
project_blog
dev=$(db_dev_url)
expect 2 revision -m "x" --verify
contains "$errout" "--verify goes with --autogenerate"
if [ -n "$dev" ]; then
	# PostgreSQL and MySQL need a database to try it on
	expect 2 --autogenerate -m "create tables" --verify
	contains "$errout" "needs --dev-url URL"
	lacks "$errout" "Detected"
	[ "$(nrevs)" -eq 0 ] || fail "a revision was written without its verification"
fi
expect 0 --autogenerate -m "create tables" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "Verified on a scratch database"
first=$out
expect 0 upgrade head
expect 0 check

tmpl=migrations/script.sql.tmpl
cp "$tmpl" tmpl.orig
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *bio RG_TYPE(VARCHAR(500));|' models/user.h

# a template whose downgrade leaves out ${downgrades}: the downgrade runs,
# but the column stays
sed 's/^\${downgrades}$//' tmpl.orig >"$tmpl"
expect 2 --autogenerate -m "add bio" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "downgrade does not bring the scratch database back"
contains "$errout" "drop column users.bio"
[ "$(nrevs)" -eq 1 ] || fail "a revision that failed its verification was written"

# a downgrade statement that cannot run: a table the revisions never made
{ cat tmpl.orig; printf "\nDELETE FROM deploy_audit WHERE revision = '\${revision}';\n"; } >"$tmpl"
expect 2 --autogenerate -m "add bio" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "the downgrade of the new revision fails"
contains "$errout" "DELETE FROM deploy_audit WHERE revision"
[ "$(nrevs)" -eq 1 ] || fail "a revision whose downgrade fails was written"

# an upgrade statement that cannot run
sed 's/^\${upgrades}$/${upgrades}\nINSERT INTO deploy_audit VALUES (1);/' tmpl.orig >"$tmpl"
expect 2 --autogenerate -m "add bio" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "the upgrade of the new revision fails"
contains "$errout" "INSERT INTO deploy_audit VALUES (1)"
[ "$(nrevs)" -eq 1 ] || fail "a revision whose upgrade fails was written"

# an upgrade that leaves the models unmet
sed 's/^\${upgrades}$//' tmpl.orig >"$tmpl"
expect 2 --autogenerate -m "add bio" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "still differs from the models"
contains "$errout" "add column users.bio"
[ "$(nrevs)" -eq 1 ] || fail "a revision that does not reach the models was written"

# the real database was never touched by the attempts
expect 0 current
contains "$out" "$(basename "$first" | cut -d_ -f1)"
expect 1 check

cp tmpl.orig "$tmpl"
expect 0 --autogenerate -m "add bio" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "Verified on a scratch database"
[ "$(nrevs)" -eq 2 ] || fail "the verified revision was not written"
expect 0 upgrade head
expect 0 check

# under --replay the replayed scratch database is the one tried on
sed -i 's|^\(\s*char   \*bio.*\)$|\1\n\tint32_t karma RG_DEFAULT(0);|' models/user.h
expect 0 --autogenerate -m "add karma" --replay --verify ${dev:+--dev-url "$dev"}
contains "$errout" "Verified on a scratch database"
expect 0 upgrade head
expect 0 check

# no false alarm on the operations that rebuild, retype and constrain:
# each revision verified, then applied for real
sed -i 's|char   \*bio RG_TYPE(VARCHAR(500));|char   *bio RG_TYPE(TEXT);|; s|int32_t karma RG_DEFAULT(0);|int32_t karma RG_DEFAULT(0) RG_CHECK(ck_users_karma, karma >= 0);|' models/user.h
cat > models/tag.h <<'H'
#include <stdint.h>
#include <revgen.h>

struct RG_TABLE(tags) tag {
	int64_t id      RG_PRIMARY_KEY RG_AUTOINCREMENT;
	int64_t post_id RG_REFERENCES(posts, id) RG_ON_DELETE(CASCADE) RG_INDEX;
	char    name[41] RG_UNIQUE;
};
H
expect 0 --autogenerate -m "retype bio, check karma, tags" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "Verified on a scratch database"
expect 0 upgrade head
expect 0 check
sed -i '/int32_t karma/d' models/user.h
rm models/tag.h
expect 0 --autogenerate -m "drop karma and tags" --verify ${dev:+--dev-url "$dev"}
contains "$errout" "Verified on a scratch database"
expect 0 upgrade head
expect 0 check
expect 0 downgrade base
