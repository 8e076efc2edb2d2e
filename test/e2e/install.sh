# `meson install` into a temporary prefix: the binary, the header, revgen.pc,
# the template, the man page and the completion are there, and a tiny C
# program builds against the installed header with gcc and with clang,
# found through pkg-config.  Once per build, not per dialect.
[ "$E2E_DIALECT" = sqlite ] || return 0
[ -z "${REVGEN_WRAPPER:-}" ] || return 0
build=$(dirname "$REVGEN")
dest=$work/dest
meson install -C "$build" --destdir "$dest" --no-rebuild >"$work/install.log" 2>&1 ||
	fail "meson install: $(tail -5 "$work/install.log")"
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
root=$dest$prefix
for f in bin/revgen include/revgen.h share/revgen/revision.sql.tmpl share/man/man1/revgen.1 \
	share/bash-completion/completions/revgen; do
	[ -f "$root/$f" ] || fail "not installed: $f"
done
pc=$(find "$root" -name revgen.pc | head -1)
[ -n "$pc" ] || fail "revgen.pc not installed"
# the .pc names the real prefix; point pkg-config at the staged copy
cflags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root" --cflags revgen)
contains "$cflags" "$root/include"
cat > app.c <<'C'
#include <stdint.h>
#include <revgen.h>
struct RG_TABLE(users) user {
	int64_t id RG_PRIMARY_KEY RG_AUTOINCREMENT;
	char name[65] RG_UNIQUE;
};
int main(void) { struct user u = {1, "ann"}; return (int)u.id - 1; }
C
for cc in gcc clang-14; do
	command -v "$cc" >/dev/null || continue
	"$cc" -std=c11 -Wall -Wextra -Werror $cflags -o "app-$cc" app.c || fail "$cc cannot build against the installed header"
	"./app-$cc" || fail "app built with $cc"
done
MANPAGER=cat man -l "$root/share/man/man1/revgen.1" >/dev/null 2>&1 || true
