#!/usr/bin/env bash
# Installs dcmtk (storescu, storescp, echoscu, dcmdump, dump2dcm, dcm2json),
# the independent DICOM implementation Grid.Dicom's tests run against.
set -euo pipefail

if command -v dcmdump >/dev/null 2>&1; then
  echo "dcmtk already installed: $(command -v dcmdump)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends dcmtk
command -v dcmdump >/dev/null
echo "dcmtk installed: $(command -v dcmdump)"
