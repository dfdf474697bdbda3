#!/usr/bin/env bash
# Installs what the build and the tests need and the machine lacks. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "the .NET SDK 10 is required (dotnet not on PATH)" >&2; exit 1; }

# buf (proto lint) from npm, pinned in package.json / package-lock.json.
if [ ! -x node_modules/.bin/buf ]; then
  # npm ci refuses the lock: the registry served here lacks buf's binaries for other platforms.
  npm install --no-audit --no-fund --loglevel=error
fi

# dcmtk: the independent DICOM implementation our DICOM tests talk to.
if [ -x scripts/install-dcmtk.sh ]; then
  scripts/install-dcmtk.sh
fi

# The servers the backend tests talk to (PostgreSQL, Redis, RabbitMQ from Debian; SQS and S3 servers from npm).
scripts/servers/install.sh
