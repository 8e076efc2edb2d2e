# The model cache (introspect/cache.h): a second load of unchanged headers
# is served from .revgen-cache/models; a change to a model header, or to a
# header it includes from elsewhere, is seen at once; a damaged cache is a
# slower load, never an error or a stale answer; `model_cache = off` and an
# unwritable cache path leave revgen working.
project_blog
mkdir -p include
printf '#define NAME_LEN 41\n' > include/limits.h
cat > models/tag.h <<'H'
#include <revgen.h>
#include "limits.h"
struct RG_TABLE(tags) tag {
	int id RG_PRIMARY_KEY;
	char label[NAME_LEN];
};
H
sed -i 's|^include_dirs =.*|include_dirs = include|' revgen.ini
grep -qx '.revgen-cache/' .gitignore || fail "init did not keep the cache out of git"

expect 0 -v models
contains "$errout" "(libclang"
[ -f .revgen-cache/models ] || fail "no cache written"
first=$out
expect 0 -v models
contains "$errout" "from the model cache"
[ "$out" = "$first" ] || fail "the cached models differ from the parsed ones"

# a model header changes
sed -i 's|char label\[NAME_LEN\];|char label[NAME_LEN];\n\tint32_t weight RG_DEFAULT(1);|' models/tag.h
sed -i 's|#include <revgen.h>|#include <stdint.h>\n#include <revgen.h>|' models/tag.h
expect 0 -v models
contains "$errout" "(libclang"
contains "$out" "weight"

# a header outside the models, included by one, changes
expect 0 -v models
contains "$errout" "from the model cache"
# (the DDL is in the dialect's spelling: varchar or VARCHAR)
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(40)"
printf '#define NAME_LEN 81\n' > include/limits.h
expect 0 -v models
contains "$errout" "(libclang"
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(80)"
lacks "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(40)"

# the models go to the database, then check answers from the cache
expect 0 --autogenerate -m "tags"
expect 0 upgrade head
expect 0 -v check
contains "$errout" "from the model cache"
contains "$out" "No changes detected"

# a header broken after it was cached is reported, not served stale
cp models/tag.h tag.h.good
sed -i 's|int id RG_PRIMARY_KEY;|int id RG_PRIMARY_KEY|' models/tag.h
expect 2 -v models
contains "$errout" "tag.h:"
cp tag.h.good models/tag.h

# damaged caches: garbage, cut short, emptied
for damage in garbage short empty; do
	expect 0 models
	case $damage in
	garbage) head -c 5000 /dev/urandom > .revgen-cache/models ;;
	short) head -c 3000 .revgen-cache/models > cut && mv cut .revgen-cache/models ;;
	empty) : > .revgen-cache/models ;;
	esac
	expect 0 -v models
	contains "$errout" "(libclang"
	[ "$out" = "$(cat /dev/null; "$REVGEN" models)" ] || fail "a $damage cache changed the models"
done

# model_cache = off: no cache read or written
rm -rf .revgen-cache
sed -i 's|^model_cache = .*|model_cache = off|' revgen.ini
expect 0 -v models
expect 0 -v models
contains "$errout" "(libclang"
[ ! -e .revgen-cache ] || fail "a cache was written with model_cache = off"

# a cache that cannot be written (its folder would be a file)
sed -i 's|^model_cache = .*|model_cache = revgen.ini/models|' revgen.ini
expect 0 -v models
contains "$errout" "(libclang"
expect 0 check
