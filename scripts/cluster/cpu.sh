#!/usr/bin/env bash
# Prints the CPU seconds (user + system) used so far by each process of the local cluster and by the
# servers, one "name seconds" line each: run it before and after a benchmark and divide the difference
# by the number of tasks for CPU seconds per task.
set -euo pipefail
dir=${GRID_CLUSTER_DIR:-/tmp/grid-cluster}
servers=${GRID_SERVERS_DIR:-/tmp/grid-servers}
ticks=$(getconf CLK_TCK)
cpu_of() { # pid... -> seconds, children included
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v hz="$ticks" 'BEGIN {printf "%.2f", t / hz}'
}
for pidfile in "$dir"/*.pid; do
  [ -e "$pidfile" ] && echo "$(basename "$pidfile" .pid) $(cpu_of "$(cat "$pidfile")")"
done
for pidfile in "$servers"/*.pid "$servers"/*/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(head -1 "$pidfile")
  # A server's worker processes (PostgreSQL backends) are its children.
  echo "$(basename "$(dirname "$pidfile")")/$(basename "$pidfile" .pid) $(cpu_of "$pid" $(pgrep -P "$pid" 2>/dev/null || true))"
done
