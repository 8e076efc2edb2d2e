# The CI recipes of examples/ci/ as shipped: ci-job.py reads each YAML file
# (a YAML parser, so a file GitHub or GitLab would not read fails here),
# and the commands of its job run in order, as the forge runs them, on the
# blog example kept in git with a base branch and a pull request's branch.
# The scratch database is the test's; `gh` and `curl` are stand-ins that
# keep the comment they were given (no network).
#   clean      check passes, no lint finding, the job succeeds and posts
#              the summary of the new revision
#   dangerous  a revision that drops a column: lint fails the job (exit 1,
#              a GitHub annotation on its line), the summary is posted still
#   drifted    a model changed with no revision: check fails the job, the
#              summary says what is missing
python3 -c 'import yaml' 2>/dev/null || fail "python3's yaml is needed (scripts/packages: python3-yaml)"
recipes=$RG_SOURCE_ROOT/examples/ci
dev=$(db_dev_url)
case $E2E_DIALECT in
postgresql) server=16 ;;
mysql) server=10.11.6-MariaDB ;;
*) server=3.40.1 ;;
esac

# revgen, gh and curl as the job finds them on PATH
mkdir -p "$work/bin" "$work/posted"
cat >"$work/bin/revgen" <<SH
#!/usr/bin/env bash
exec ${REVGEN_WRAPPER:-} "$REVGEN" "\$@"
SH
cat >"$work/bin/gh" <<'SH'
#!/usr/bin/env bash
# gh pr comment N --body-file FILE: keeps the arguments and the body
printf '%s\n' "$*" >"$POSTED/gh.args"
while [ $# -gt 0 ]; do
	[ "$1" = --body-file ] && cp "$2" "$POSTED/gh.body"
	shift
done
SH
cat >"$work/bin/curl" <<'SH'
#!/usr/bin/env bash
# curl ... --data-urlencode body@FILE URL: keeps the URL and the body
for a in "$@"; do
	case $a in
	body@*) cp "${a#body@}" "$POSTED/curl.body" ;;
	http*) printf '%s\n' "$a" >"$POSTED/curl.url" ;;
	esac
done
SH
chmod +x "$work/bin/"*

# the application: the blog, its first revision on main
mkdir app
cd app
project_blog
# (revisions written with --replay: each branch below starts from main,
# and no database need follow it)
autogen() { expect 0 --autogenerate --replay ${dev:+--dev-url "$dev"} -m "$1"; }
autogen "create users and posts"
printf '%s\n' revgen-summary.md '.revgen-*' >.gitignore
commit() { git add -A && git -c user.name=ci -c user.email=ci@example.org commit -qm "$1"; }
git init -q -b main .
commit base
git update-ref refs/remotes/origin/main main

# each recipe's job as a script that runs its commands as the forge does
for forge in github gitlab; do
	file=$recipes/github-actions.yml
	[ $forge = github ] || file=$recipes/gitlab-ci.yml
	python3 "$E2E_DIR/ci-job.py" "$forge" "$file" \
		--set REVGEN_DEV_URL="$dev" --set REVGEN_SERVER_VERSION="$server" \
		--set RUNNER_TEMP="$work/runner" --set GITHUB_BASE_REF=main \
		--set CI_MERGE_REQUEST_DIFF_BASE_SHA="$(git rev-parse main)" \
		--set REVGEN_NOTES_TOKEN=secret --set CI_API_V4_URL=https://gitlab.example.com/api/v4 \
		--set CI_PROJECT_ID=3 --set CI_MERGE_REQUEST_IID=7 \
		--expr github.base_ref=main --expr github.token=secret \
		--expr github.event.pull_request.number=7 >"$work/$forge.sh" 2>"$work/.err" ||
		fail "ci-job.py refused $file: $(cat "$work/.err")"
done

# job FORGE: runs the job here; its status in $job_rc, what it printed in
# $job_out, the comment it posted in $posted ("" when none)
job() {
	rm -rf "$work/posted"/* "$work/runner" revgen-summary.md .revgen-*
	mkdir -p "$work/runner"
	set +e
	job_out=$(PATH="$work/bin:$PATH" POSTED="$work/posted" bash "$work/$1.sh" 2>&1)
	job_rc=$?
	set -e
	out=$job_out
	posted=$(cat "$work/posted/gh.body" "$work/posted/curl.body" 2>/dev/null || true)
	if [ "$1" = github ]; then
		[ -z "$posted" ] || contains "$(cat "$work/posted/gh.args")" "pr comment 7 --body-file revgen-summary.md"
	else
		[ -z "$posted" ] || contains "$(cat "$work/posted/curl.url")" \
			"https://gitlab.example.com/api/v4/projects/3/merge_requests/7/notes"
	fi
}

# Under a wrapper (valgrind, in ./scripts/test.sh) GitLab's job runs on the
# clean pull request alone: it runs the same revgen commands as GitHub's,
# so memcheck would learn nothing more from it there, where every command
# is slow.
forges="github gitlab"
[ -z "${REVGEN_WRAPPER:-}" ] || forges=github

# clean: a nullable column, its revision with it
git checkout -qb clean main
sed -i 's|^\(\s*char\s*\*content.*\)$|&\n\tchar   *summary    RG_TYPE(VARCHAR(200));|' models/post.h
autogen "add summary to posts"
commit "summary"
for forge in github gitlab; do
	job $forge
	[ "$job_rc" -eq 0 ] || fail "$forge: the clean pull request failed the job"
	lacks "$job_out" "::error"
	contains "$posted" "### revgen check"
	contains "$posted" "No changes detected."
	contains "$posted" "add summary to posts"
	contains "$posted" '- `+ add column posts.summary'
	contains "$posted" "#### Lint"
done
printf '%s\n' "$posted" >clean.md
python3 "$E2E_DIR/mermaid-check.py" --markdown clean.md >/dev/null

# dangerous: a column dropped
git checkout -qb dangerous main
sed -i '/updated_at/d' models/post.h
autogen "drop updated_at"
commit "drop updated_at"
drop=$(ls migrations/versions/*_drop_updated_at.sql)
for forge in $forges; do
	job $forge
	[ "$job_rc" -eq 1 ] || fail "$forge: lint's error did not fail the job"
	if [ $forge = github ]; then
		# an annotation on the line of the diff
		contains "$job_out" "step Models and revisions agree: 0"
		contains "$job_out" "step Lint the new revisions: 1"
		contains "$job_out" "::error file=$drop,line="
		contains "$job_out" "title=revgen lint drop-column::"
	else
		contains "$job_out" "error [drop-column]"
	fi
	contains "$posted" '**error** `drop-column`'
	contains "$posted" "drop updated_at"
done

# drifted: a model changed, no revision for it
git checkout -qb drifted main
sed -i 's|^\(\s*char\s*\*content.*\)$|&\n\tint32_t likes      RG_DEFAULT(0);|' models/post.h
commit "likes"
for forge in $forges; do
	job $forge
	[ "$job_rc" -eq 1 ] || fail "$forge: the drift did not fail the job"
	[ $forge = gitlab ] || contains "$job_out" "step Models and revisions agree: 1"
	[ $forge = gitlab ] || lacks "$job_out" "step Lint the new revisions"
	[ $forge = github ] || contains "$job_out" "step script: 1"
	contains "$posted" "a revision is missing"
	contains "$posted" '- `+ add column posts.likes'
done
