#!/usr/bin/env bash
# Installs what the build and the tests need and the machine lacks. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "the .NET SDK 10 is required (dotnet not on PATH)" >&2; exit 1; }

# npm tools pinned in package.json / package-lock.json: buf (proto lint), and the Kubernetes schema
# models and YAML parser tests/manifests/validate.mjs uses (checked through kubernetes-models, the
# newest addition, so machines that already had buf get them too).
if [ ! -x node_modules/.bin/buf ] || [ ! -f node_modules/kubernetes-models/package.json ]; then
  # npm ci refuses the lock: the registry served here lacks buf's binaries for other platforms.
  npm install --no-audit --no-fund --loglevel=error
fi

# Helm v4 at .tools/helm/helm, for the chart tests (tests/Grid.Deployment.Tests).
scripts/install-helm.sh

# dcmtk: the independent DICOM implementation our DICOM tests talk to.
if [ -x scripts/install-dcmtk.sh ]; then
  scripts/install-dcmtk.sh
fi

# The servers the backend tests talk to (PostgreSQL, Redis, RabbitMQ from Debian; SQS and S3 servers from npm).
scripts/servers/install.sh
