#!/usr/bin/env bash
# The test command of the README: installs what the tests need, starts the test servers (PostgreSQL,
# Redis, RabbitMQ, an SQS and an S3 server) on 127.0.0.1, lints the API, builds and runs every test
# project, stops the servers (also when something fails), and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-prerequisites.sh

echo "== buf lint (Protos/, STANDARD rules)"
npx --no-install buf lint
echo "buf lint: clean"

echo "== build"
dotnet build Grid.sln -c Release -nologo -clp:ErrorsOnly

echo "== fresh clone: the repository stands on its own"
# A clone into an empty folder, with nothing beside it, must build and pass the workflow tests, and nothing in the
# repository may refer to a folder outside it.
scripts/check-fresh-clone.sh

echo "== test servers"
export GRID_SERVERS_DIR=${GRID_SERVERS_DIR:-$(mktemp -d /tmp/grid-servers.XXXXXX)}
trap 'scripts/servers/stop.sh >/dev/null 2>&1 || true' EXIT
scripts/servers/start.sh
# shellcheck disable=SC1091
source "$GRID_SERVERS_DIR/env"

filter=()
if [ -z "${GRID_TEST_MONGODB:-}" ]; then
  echo "MongoDB conformance tests SKIPPED: GRID_TEST_MONGODB is not set and no MongoDB server can be installed on this machine."
  filter=(--filter "Backend!=MongoDb")
fi

echo "== test"
log=$(mktemp)
status=0
# One test project at a time (-m:1): several suites start clusters of processes or restart servers, and
# running them side by side on a 2-core machine starves the tests that bound a latency (cancellation
# within a second, lease recovery) of CPU for whole seconds.
dotnet test Grid.sln -c Release --no-build -nologo -m:1 "${filter[@]}" 2>&1 | tee "$log" || status=$?

# dotnet test prints one "Passed!/Failed! - Failed: F, Passed: P, ..." line per test project.
read -r passed failed < <(sed -nE 's/.*Failed: +([0-9]+), Passed: +([0-9]+),.*/\2 \1/p' "$log" | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
