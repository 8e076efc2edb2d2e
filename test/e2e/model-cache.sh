# The model cache (introspect/cache.h): a second load of unchanged headers
# is served from .revgen-cache/models; a change to a model header, or to a
# header it includes from elsewhere, is seen at once, and only the model
# headers it reaches are parsed again; the last 4 states are kept, so
# switching versions back and forth parses each once; a damaged cache is a
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

# a sequence (PostgreSQL, MariaDB), a domain (PostgreSQL), a C enum and a
# view are cached as tables are: a second load parses nothing and gives the same
# schema (they stay for the check against the database below)
{
	printf '#include <stdint.h>\n#include <revgen.h>\n'
	printf 'enum mood { MOOD_OK, MOOD_SAD };\n'
	[ "$E2E_DIALECT" = sqlite ] || printf 'extern int64_t ticket_no RG_SEQUENCE(START 100 INCREMENT 5);\n'
	[ "$E2E_DIALECT" != postgresql ] ||
		printf 'typedef char *email_t RG_DOMAIN(text, NOT NULL, CHECK (VALUE ~ %s));\n' "'@'"
	printf 'struct RG_TABLE(people) person {\n\tint id RG_PRIMARY_KEY;\n\tenum mood mood;\n'
	[ "$E2E_DIALECT" != postgresql ] || printf '\temail_t email;\n'
	printf '};\n'
	printf 'struct RG_VIEW(sad_people, "SELECT id FROM people WHERE id > 1") sad_person {\n'
	printf '\tint id;\n};\n'
} > models/objects.h
expect 0 -v models --format json
contains "$errout" "(1 parsed, libclang"
objects=$out
contains "$objects" '"people"'
contains "$objects" '"sad_people"'
case $E2E_DIALECT in
postgresql) contains "$objects" '"email_t"'; contains "$objects" '"ticket_no"'
	contains "$objects" '"email_t_check"'; contains "$objects" '"mood"' ;;
mysql) contains "$objects" '"ticket_no"' ;;
esac
expect 0 -v models --format json
contains "$errout" "from the model cache"
[ "$out" = "$objects" ] || fail "the cached sequence, domain or enum differs from the parsed one"
[ "$out" = "$(sed 's/^model_cache = .*/model_cache = off/' revgen.ini > off.ini && "$REVGEN" -c off.ini models --format json)" ] ||
	fail "the cached sequence, domain or enum differs from a parse of every header"

# a model header changes: that one is parsed, the others come from the cache
sed -i 's|char label\[NAME_LEN\];|char label[NAME_LEN];\n\tint32_t weight RG_DEFAULT(1);|' models/tag.h
sed -i 's|#include <revgen.h>|#include <stdint.h>\n#include <revgen.h>|' models/tag.h
expect 0 -v models
contains "$errout" "(1 parsed, libclang"
contains "$out" "weight"
contains "$out" "CREATE TABLE users"
[ "$out" = "$(sed 's/^model_cache = .*/model_cache = off/' revgen.ini > off.ini && "$REVGEN" -c off.ini models)" ] ||
	fail "a partly cached load differs from a parse of every header"

# a header outside the models, included by one, changes
expect 0 -v models
contains "$errout" "from the model cache"
# (the DDL is in the dialect's spelling: varchar or VARCHAR)
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(40)"
printf '#define NAME_LEN 81\n' > include/limits.h
expect 0 -v models
contains "$errout" "(1 parsed, libclang"
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(80)"
lacks "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(40)"

# a new file that an #include would find first (the includer's folder
# comes before include_dirs for "limits.h") shadows the old one: seen
printf '#define NAME_LEN 61\n' > models/limits.h
expect 0 -v models
contains "$errout" "parsed, libclang"
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(60)"
rm models/limits.h
expect 0 -v models
contains "$(printf '%s' "$out" | tr A-Z a-z)" "varchar(80)"
expect 0 -v models
contains "$errout" "from the model cache"

# the last 4 states are kept (models, models.1 ...): switching branches
# back and forth (a, b, a, b) parses each version once, a fifth version
# drops the oldest, and a kept state whose files changed since is a miss
printf '#define SW_LEN 11\n' > include/sw_len.h
ver() {
	printf '#include <revgen.h>\n#include "sw_len.h"\nstruct RG_TABLE(t_sw) t_sw {\n' > models/sw.h
	printf '\tint id RG_PRIMARY_KEY;\n\tchar v%s[SW_LEN];\n};\n' "$1" >> models/sw.h
	expect 0 -v models
	contains "$out" "v$1 "
	case $2 in
	hit) contains "$errout" "from the model cache"
		[ "$out" = "$(sed 's/^model_cache = .*/model_cache = off/' revgen.ini > off.ini &&
			"$REVGEN" -c off.ini models)" ] || fail "version $1 from the cache differs from a parse" ;;
	parse) contains "$errout" "(1 parsed, libclang" ;;
	esac
}
ver a parse; ver b parse; ver a hit; ver b hit
ver c parse; ver d parse; ver e parse
[ -f .revgen-cache/models.3 ] && [ ! -e .revgen-cache/models.4 ] || fail "not 4 states kept: $(ls .revgen-cache)"
ver a parse     # dropped by e: now a e d c, newest first
ver d hit       # d a e c
ver c hit       # c d a e
rm .revgen-cache/models.1
ver e hit       # a state lost (another process's rename) is only a gap
printf '#define SW_LEN 21\n' > include/sw_len.h
ver a parse
contains "$(printf '%s' "$out" | tr A-Z a-z)" "va varchar(20)"
ver e parse
rm models/sw.h include/sw_len.h

# a header two model headers include: the second includer's #include is
# skipped by the include guard, and it still depends on the header
cat > include/shared.h <<'H'
#ifndef SHARED_H
#define SHARED_H
#define CODE_LEN 11
#endif
H
for m in a b; do
	cat > models/$m.h <<H
#include <revgen.h>
#include "shared.h"
struct RG_TABLE(t_$m) t_$m {
	int id RG_PRIMARY_KEY;
	char code[CODE_LEN];
};
H
done
expect 0 -v models
contains "$errout" "(2 parsed, libclang"
expect 0 -v models
contains "$errout" "from the model cache"
sed -i 's|CODE_LEN 11|CODE_LEN 21|' include/shared.h
expect 0 -v models
contains "$errout" "(2 parsed, libclang"
[ "$(printf '%s' "$out" | tr A-Z a-z | grep -c 'code varchar(20)')" = 2 ] || fail "t_a and t_b did not both see CODE_LEN change"

# a header that compiles only because one parsed before it included what
# it uses (a typedef, a macro, revgen.h itself): it depends on those files
# all the same, and an edit of it alone gives what a full parse gives
cat > include/types.h <<'H'
#ifndef TYPES_H
#define TYPES_H
#include <stdint.h>
typedef int32_t tag_id;
#define NOTE_LEN 11
#endif
H
cat > models/a1.h <<'H'
#include <revgen.h>
#include "types.h"
struct RG_TABLE(t_a1) t_a1 { tag_id id RG_PRIMARY_KEY; };
H
cat > models/a2.h <<'H'
struct RG_TABLE(t_a2) t_a2 { tag_id id RG_PRIMARY_KEY; char note[NOTE_LEN]; };
H
expect 0 -v models
contains "$(printf '%s' "$out" | tr A-Z a-z)" "note varchar(10)"
sed -i 's|int32_t tag_id|int64_t tag_id|; s|NOTE_LEN 11|NOTE_LEN 21|' include/types.h
expect 0 -v models
contains "$errout" "(2 parsed, libclang"
contains "$(printf '%s' "$out" | tr A-Z a-z)" "note varchar(20)"
[ "$(printf '%s' "$out" | tr A-Z a-z | grep -c 'id bigint')" -ge 2 ] || fail "t_a1 and t_a2 did not both see tag_id change"
sed -i 's|char note|char memo[5];\n\tchar note|' models/a2.h
expect 0 -v models
contains "$errout" "(libclang"
contains "$out" "memo"
rm models/a1.h models/a2.h

# a header that tests a macro another model header defines, without
# including it: an edit of either, a header added before it or taken out
# gives what a full parse gives (such headers are parsed all together)
cat > models/f1.h <<'H'
#include <revgen.h>
#define WITH_AUDIT 1
struct RG_TABLE(t_f1) t_f1 { int id RG_PRIMARY_KEY; };
H
cat > models/f2.h <<'H'
#include <revgen.h>
#ifdef WITH_AUDIT
struct RG_TABLE(t_audit) t_audit { int id RG_PRIMARY_KEY; };
#endif
struct RG_TABLE(t_f2) t_f2 { int id RG_PRIMARY_KEY; };
H
full() { sed 's/^model_cache = .*/model_cache = off/' revgen.ini > off.ini && "$REVGEN" -c off.ini models; }
expect 0 -v models
contains "$out" "CREATE TABLE t_audit"
sed -i 's|t_f2 { int id RG_PRIMARY_KEY; };|t_f2 { int id RG_PRIMARY_KEY; int n; };|' models/f2.h
expect 0 -v models
contains "$out" "CREATE TABLE t_audit"
[ "$out" = "$(full)" ] || fail "an edit of the header that tests a macro differs from a full parse"
sed -i '/WITH_AUDIT/d' models/f1.h
expect 0 -v models
lacks "$out" "t_audit"
printf '#define WITH_AUDIT 1\n' > models/f0.h
expect 0 -v models
contains "$out" "CREATE TABLE t_audit"
rm models/f0.h
expect 0 -v models
lacks "$out" "t_audit"
[ "$out" = "$(full)" ] || fail "a header taken out left a macro's table behind"
rm models/f1.h models/f2.h
# an include guard and #ifdef __cplusplus test nothing a header defines:
# an edit parses that header alone again (after one full parse that
# forgets the headers above)
cat > models/g.h <<'H'
#ifndef G_H
#define G_H
#include <revgen.h>
#ifdef __cplusplus
extern "C" {
#endif
struct RG_TABLE(t_g) t_g { int id RG_PRIMARY_KEY; };
#ifdef __cplusplus
}
#endif
#endif
H
expect 0 -v models
sed -i 's|t_g { int id RG_PRIMARY_KEY; };|t_g { int id RG_PRIMARY_KEY; int n; };|' models/g.h
expect 0 -v models
contains "$errout" "(1 parsed, libclang"
rm models/g.h

# a header taken out of the list: its tables go, nothing is parsed
rm models/b.h
expect 0 -v models
contains "$errout" "from the model cache"
lacks "$out" "t_b"
contains "$out" "t_a"
# a table moved from one header to another is no duplicate
sed -i 's|t_a|t_c|g' models/a.h
cat > models/b.h <<'H'
#include <revgen.h>
struct RG_TABLE(t_a) t_a {
	int id RG_PRIMARY_KEY;
};
H
expect 0 -v models
contains "$errout" "(2 parsed, libclang"
contains "$out" "CREATE TABLE t_a"
contains "$out" "CREATE TABLE t_c"
# a table declared again in a new header, beside its cached first
cat > models/c.h <<'H'
#include <revgen.h>
struct RG_TABLE(t_c) t_c2 {
	int id RG_PRIMARY_KEY;
};
H
expect 2 -v models
contains "$errout" "a second table named 't_c'"
rm models/a.h models/b.h models/c.h

# the models go to the database, then check answers from the cache
expect 0 --autogenerate -m "tags"
expect 0 upgrade head
expect 0 -v check
contains "$errout" "from the model cache"
contains "$out" "No changes detected"
# and the database's sequence, domain and enumerated type in its JSON
expect 0 inspect --format json
case $E2E_DIALECT in
postgresql)
	printf '%s' "$out" | grep -A2 '"enums": \[' | grep -q '"name": "mood"' || fail "no enum mood in: $out"
	contains "$out" '"name": "email_t"'
	contains "$out" '"email_t_check"'
	contains "$out" '"name": "ticket_no"' ;;
mysql) contains "$out" '"name": "ticket_no"'
	contains "$out" '"increment": "5"' ;;
esac

# a header broken after it was cached is reported, not served stale
cp models/tag.h tag.h.good
sed -i 's|int id RG_PRIMARY_KEY;|int id RG_PRIMARY_KEY|' models/tag.h
expect 2 -v models
contains "$errout" "tag.h:"
cp tag.h.good models/tag.h

# damaged caches: garbage, cut short, emptied
for damage in garbage short empty; do
	expect 0 models
	# (every state kept: an older one may answer for these headers)
	for f in .revgen-cache/models .revgen-cache/models.[1-9]; do
		[ -e "$f" ] || continue
		case $damage in
		garbage) head -c 5000 /dev/urandom > "$f" ;;
		short) head -c 3000 "$f" > cut && mv cut "$f" ;;
		empty) : > "$f" ;;
		esac
	done
	expect 0 -v models
	contains "$errout" "(libclang"
	[ "$out" = "$(cat /dev/null; "$REVGEN" models)" ] || fail "a $damage cache changed the models"
done

# what a writer killed before its rename left is cleaned up by the next
# write (a pid that no process has), and another live writer's is not
: > .revgen-cache/models.tmp.999999999
: > ".revgen-cache/models.tmp.$$"
touch models/tag.h
echo '/* touched */' >> models/tag.h
expect 0 models
[ ! -e .revgen-cache/models.tmp.999999999 ] || fail "a dead writer's temporary file was left"
[ -e ".revgen-cache/models.tmp.$$" ] || fail "a live process's temporary file was removed"
rm ".revgen-cache/models.tmp.$$"

# a cache path some folders deep: they are made
sed -i 's|^model_cache = .*|model_cache = .cache/a/b/models|' revgen.ini
expect 0 models
[ -f .cache/a/b/models ] || fail "the cache's folders were not made"
expect 0 -v models
contains "$errout" "from the model cache"

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
