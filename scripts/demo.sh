#!/usr/bin/env bash
# demo.sh - installs what is missing, builds revgen, and runs the workflow
# of the guide (docs/guide.md) on examples/blog against SQLite, printing each command
# before it runs it.  Works in a temporary copy; the repository is not
# touched.
set -euo pipefail
. "$(dirname "$0")/setup.sh"

install_missing build
build build
revgen=$root/build/revgen

demo=$(mktemp -d "${TMPDIR:-/tmp}/revgen-demo.XXXXXX")
cp -r "$root/examples/blog/." "$demo/"
cd "$demo"

# Shows a command as one would type it (quoted), bold on a terminal unless
# NO_COLOR is set, then runs it.
bold= plain=
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	bold=$(printf '\033[1m')
	plain=$(printf '\033[0m')
fi
step() {
	local shown= a
	for a in "$@"; do
		if [[ $a =~ ^[A-Za-z0-9_./:=+*-]+$ ]]; then
			shown+=" $a"
		else
			shown+=" \"${a//\"/\\\"}\""
		fi
	done
	printf '\n%s$%s%s\n' "$bold" "$shown" "$plain"
	"$@"
}
revgen() { "$revgen" "$@"; }

echo "Demo project: $demo (examples/blog)"
step revgen init
step revgen --autogenerate -m "create users and posts"
step cat migrations/versions/*_create_users_and_posts.sql
step revgen upgrade head
step revgen current

echo
echo "# Example 1 of the guide: add a bio field to the user model"
sed -i 's|^\(\s*char    username\[256\].*\)$|\1\n\tchar   *bio           RG_TYPE(VARCHAR(500));  /* new */|' models/user.h
step grep -n bio models/user.h
step revgen check || true
step revgen --autogenerate -m "add bio to users"
step cat migrations/versions/*_add_bio_to_users.sql
step revgen upgrade head
step revgen history
step revgen check
echo
echo "Done. The project is in $demo; try \`cd $demo && $revgen downgrade -1\`."
