#!/usr/bin/env bash
# Installs what scripts/servers/start.sh needs, each piece only if it is missing (safe to run again):
# Debian's postgresql-15, redis-server and rabbitmq-server (plus curl), and the npm packages fauxqs (SQS)
# and s3rver (S3) into scripts/servers/node_modules, at the exact versions of package.json.
set -euo pipefail
cd "$(dirname "$0")"

have_deb() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in postgresql-15 redis-server rabbitmq-server curl; do have_deb "$p" || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[servers] installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v node >/dev/null && command -v npm >/dev/null || { echo "[servers] node and npm are required" >&2; exit 1; }
# Installed when both packages are there at the versions package.json pins.
npm_ok() {
  node -e '
    const want = require("./package.json").dependencies;
    for (const [name, version] of Object.entries(want)) {
      let got;
      try { got = require(`./node_modules/${name}/package.json`).version; } catch { process.exit(1); }
      if (got !== version) process.exit(1);
    }' 2>/dev/null
}
if ! npm_ok; then
  echo "[servers] installing fauxqs and s3rver (npm)" >&2
  # Not `npm ci`: the registry served here lacks other platforms' optional packages named in the lock.
  npm install --no-audit --no-fund --loglevel=error
  npm_ok || { echo "[servers] npm packages still missing after npm install" >&2; exit 1; }
fi
