# docs/guide.md cannot rot: its blocks marked "sh runnable" run here, in
# order, in a copy of examples/blog, with `revgen` on the PATH, and every
# one must succeed.  SQLite only: the guide uses init's default URL.
[ "$E2E_DIALECT" = sqlite ] || return 0
cp -r "$RG_SOURCE_ROOT"/examples/blog/. .
mkdir -p "$work/bin"
if [ -n "${REVGEN_WRAPPER:-}" ]; then
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$REVGEN_WRAPPER" "$REVGEN" >"$work/bin/revgen"
	chmod +x "$work/bin/revgen"
else
	ln -s "$REVGEN" "$work/bin/revgen"
fi
blocks=$(python3 - "$RG_SOURCE_ROOT/docs/guide.md" "$work/block" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
n, cur = 0, None
for line in text:
    if cur is None and line.strip() == "```sh runnable":
        cur = []
    elif cur is not None and line.strip() == "```":
        n += 1
        open("%s%02d.sh" % (sys.argv[2], n), "w").write("\n".join(cur) + "\n")
        cur = None
    elif cur is not None:
        cur.append(line)
print(n)
PY
)
[ "$blocks" -ge 5 ] || fail "only $blocks runnable blocks found in docs/guide.md"
for f in "$work"/block*.sh; do
	PATH="$work/bin:$PATH" bash -e "$f" >"$work/.out" 2>"$work/.err" ||
		{ out=$(cat "$work/.out"); errout=$(cat "$work/.err"); fail "docs/guide.md block $(basename "$f"):
$(cat "$f")"; }
done
# and the workflow left the database where the models are
PATH="$work/bin:$PATH" revgen check >/dev/null || fail "check after the guide"
