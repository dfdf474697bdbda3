#!/usr/bin/env bash
# Stops what scripts/cluster/start.sh started: the grid's processes, then the servers.
set -uo pipefail
cd "$(dirname "$0")/../.."
dir=${GRID_CLUSTER_DIR:-/tmp/grid-cluster}
for pidfile in "$dir"/*.pid; do
  [ -e "$pidfile" ] || continue
  kill "$(cat "$pidfile")" 2>/dev/null
done
for pidfile in "$dir"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null
done
rm -rf "$dir"
scripts/servers/stop.sh
