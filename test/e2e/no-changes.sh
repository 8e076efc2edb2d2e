# "No changes detected" writes nothing; autogenerate on an out-of-date
# database refuses; empty models never drop everything.
project_blog
expect 0 --autogenerate -m "create tables"
[ "$(nrevs)" -eq 1 ] || fail "one revision expected"
expect 2 --autogenerate -m "again"
contains "$errout" "Target database is not up to date"
[ "$(nrevs)" -eq 1 ] || fail "a file was written"
expect 0 upgrade head
expect 0 --autogenerate -m "nothing"
contains "$errout" "No changes detected"
[ -z "$out" ] || fail "no path should be printed"
[ "$(nrevs)" -eq 1 ] || fail "a file was written for no changes"

# the classic "models not imported" accident
mv models/user.h models/user.h.off
mv models/post.h models/post.h.off
echo '/* nothing here */' > models/empty.h
expect 2 --autogenerate -m "oops"
contains "$errout" "declare no table"
[ "$(nrevs)" -eq 1 ] || fail "a file was written for empty models"

# an empty revision by hand
mv models/user.h.off models/user.h
mv models/post.h.off models/post.h
expect 0 revision -m "data fix"
contains "$(cat "$out")" "-- downgrade()"
expect 0 upgrade head
expect 0 check

# init in an empty folder: a model to start from, the database ignored by git
mkdir fresh && cd fresh
expect 0 init
[ -f models/example.h ] || fail "no example model"
grep -qx app.db .gitignore || fail "app.db not in .gitignore"
expect 0 models
sed -i 's/^#if 0$/#if 1/' models/example.h
expect 0 --autogenerate -m "create users"
contains "$(cat "$out")" "CREATE TABLE users"
expect 0 init
[ "$(grep -c . .gitignore)" -eq 2 ] || fail ".gitignore lines added twice"
cd ..
