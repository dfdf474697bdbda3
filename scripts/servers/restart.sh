#!/usr/bin/env bash
# Restarts servers that scripts/servers/start.sh started, each on the same port and with the same data:
#   scripts/servers/restart.sh [postgres] [redis] [rabbitmq]
# PostgreSQL gets a fast shutdown (clients are disconnected, committed data stays); Redis saves its data
# set and shuts down (SHUTDOWN SAVE), then loads it again; RabbitMQ (and its epmd) stop with SIGTERM and
# find their durable queues and persistent messages in the same mnesia folder. Waits until each answers
# again, as start.sh does. Used by the fault-injection tests.
set -euo pipefail
SERVERS_FUNCTIONS_ONLY=1
# shellcheck source=start.sh
source "$(cd "$(dirname "$0")" && pwd)/start.sh"

restart_postgres() {
  local dir=$1 port home data logf
  port=$(cat "$dir/port")
  home=$dir
  [ ! -f "$dir/external-data" ] || home=$(cat "$dir/external-data")
  data=$home/data
  logf=$home/log
  kill_recorded "$dir" 30
  as_pg "$PGBIN/pg_ctl" -D "$data" -l "$logf" -w -t "$DEADLINE" \
    -o "-c listen_addresses=127.0.0.1 -p $port" start >>"$logf" 2>&1 ||
    fail "$dir" postgres "$logf" "pg_ctl start failed"
  record_pid "$dir" "$(head -1 "$data/postmaster.pid")" INT postmaster || fail "$dir" postgres "$logf" "the postmaster exited"
  export PGPASSWORD=grid PGCONNECT_TIMEOUT=5
  wait_until "$dir" postgres "$logf" "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U grid -d grid -c 'SELECT 1'
}

restart_redis() {
  local dir=$1 port
  port=$(cat "$dir/port")
  # The test servers run without automatic snapshots: save once, on the way down, into the data folder.
  redis-cli -h 127.0.0.1 -p "$port" shutdown save >/dev/null 2>&1 || true
  kill_recorded "$dir" 30
  rm -f "$dir/redis.pid"
  start_redis "$dir"
}

restart_rabbitmq() {
  kill_recorded "$1" 30
  start_rabbitmq "$1"
}

RUN=$(run_dir)
[ $# -gt 0 ] || die "name the servers to restart (postgres, redis, rabbitmq)"
exec 9>>"$RUN/.lock"
flock -w 120 9 || die "another start.sh, stop.sh or restart.sh holds $RUN/.lock"
for s in "$@"; do
  case $s in postgres | redis | rabbitmq) ;; *) die "cannot restart '$s' (known: postgres, redis, rabbitmq)" ;; esac
  [ -s "$RUN/$s/env" ] && all_alive "$RUN/$s" || die "$s does not run in $RUN"
  t=$(date +%s%N)
  ( "restart_$s" "$RUN/$s" ) 9>&- >"$RUN/$s/restart.out" 2>&1 || { cat "$RUN/$s/restart.out" >&2; die "$s did not come back"; }
  log "$s restarted on 127.0.0.1:$(cut -d' ' -f1 "$RUN/$s/port") in $(secs $((($(date +%s%N) - t) / 1000000)))s"
done
