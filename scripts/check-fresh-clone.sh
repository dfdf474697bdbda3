#!/usr/bin/env bash
# Clones the committed repository into an empty temporary folder (nothing beside it), checks that no file refers to
# the workspace outside the repository, and builds and runs the workflow tests there. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

workspace=$(mktemp -d /tmp/grid-fresh-clone.XXXXXX)
trap 'rm -rf "$workspace"' EXIT
git clone --quiet --no-hardlinks "$PWD" "$workspace/grid"
cd "$workspace/grid"

if outside=$(git grep -n '\.\./shared'); then
  echo "The repository refers to a folder outside itself:" >&2
  echo "$outside" >&2
  exit 1
fi
echo "no reference outside the repository (git grep '\.\./shared' finds nothing)"

dotnet build tests/Grid.Workflows.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Grid.Workflows.Tests -c Release --no-build -nologo
