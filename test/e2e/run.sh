#!/usr/bin/env bash
# Runs one end-to-end test script (test/e2e/<name>.sh) once per database in
# REVGEN_TEST_DIALECTS (space-separated; default "sqlite"), each time in a
# fresh temporary project folder, the way a user runs revgen from the README.
set -u
name=$1
here=$(cd "$(dirname "$0")" && pwd)
: "${REVGEN:?REVGEN must name the built binary}"
dialects=${REVGEN_TEST_DIALECTS:-sqlite}
status=0
for dialect in $dialects; do
	echo "=== $name on $dialect"
	if ! E2E_DIALECT=$dialect E2E_DIR=$here bash -c '. "$E2E_DIR/lib.sh"; . "$E2E_DIR/'"$name"'.sh"'; then
		echo "FAILED: $name on $dialect"
		status=1
	fi
done
exit $status
