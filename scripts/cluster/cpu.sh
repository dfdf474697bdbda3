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
# scripts/servers/start.sh records each server's processes in <server>/pids, one "pid start-time signal name" line each.
for pids in "$servers"/*/pids; do
  [ -e "$pids" ] || continue
  all=()
  while read -r pid _; do
    all+=("$pid")
    # A server's worker processes (PostgreSQL backends) are its children.
    all+=($(pgrep -P "$pid" 2>/dev/null || true))
  done <"$pids"
  echo "$(basename "$(dirname "$pids")") $(cpu_of "${all[@]}")"
done
