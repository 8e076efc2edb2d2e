# Config: -c from another folder (relative paths against the config's
# folder), -n sections falling back to [revgen], REVGEN_URL and --url.
# SQLite only: it is about where relative sqlite paths resolve.
[ "$E2E_DIALECT" = sqlite ] || return 0
project_blog
cat >> revgen.ini <<INI

[other]
url = sqlite:///other.db
INI
expect 0 --autogenerate -m "create tables"
proj=$PWD
mkdir -p elsewhere && cd elsewhere
expect 0 -c "$proj/revgen.ini" upgrade head
expect 0 -c "$proj/revgen.ini" check
expect 0 -c "$proj/revgen.ini" -n other upgrade head
[ -f "$proj/other.db" ] || fail "-n other did not use other.db next to the config"
expect 0 -c "$proj/revgen.ini" -n other current
contains "$out" "(head)"
REVGEN_URL="sqlite:///$proj/env.db" expect 0 -c "$proj/revgen.ini" upgrade head
[ -f "$proj/env.db" ] || fail "REVGEN_URL ignored"
REVGEN_URL="sqlite:///$proj/env.db" expect 0 -c "$proj/revgen.ini" --url "sqlite:///$proj/flag.db" upgrade head
[ -f "$proj/flag.db" ] || fail "--url did not win over REVGEN_URL"
cd "$proj"
