# A header that does not parse, or a bad annotation, writes nothing and
# names file:line:col.
project_blog
expect 0 --autogenerate -m "create tables"
expect 0 upgrade head
n=$(nrevs)
cat > models/bad.h <<'H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(bad) bad {
	int64_t id RG_PRIMARY_KEY
	int64_t other;
};
H
expect 2 --autogenerate -m "broken"
contains "$errout" "bad.h:4:"
[ "$(nrevs)" -eq "$n" ] || fail "a file was written"
expect 2 check
expect 2 models

cat > models/bad.h <<'H'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(bad) bad {
	int64_t id RG_PRIMARY_KEY;
	int64_t owner RG_REFERENCES(nobody, id);
};
H
expect 2 --autogenerate -m "broken"
contains "$errout" "bad.h:5:"
contains "$errout" "nobody"
[ "$(nrevs)" -eq "$n" ] || fail "a file was written"
rm models/bad.h
expect 0 check
