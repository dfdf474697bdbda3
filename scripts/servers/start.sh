#!/usr/bin/env bash
# Starts the servers the storage backend tests talk to, each on 127.0.0.1 and on free ports chosen now:
#   scripts/servers/start.sh [postgres] [redis] [rabbitmq] [sqs] [s3]     (no argument = all five)
# Each one gets its own folder under ${GRID_SERVERS_DIR:-/tmp/grid-servers}; once all answer, that folder's
# `env` holds the export lines the tests read (GRID_TEST_POSTGRES, GRID_TEST_REDIS, GRID_TEST_RABBITMQ,
# GRID_TEST_SQS, GRID_TEST_S3, GRID_TEST_S3_BUCKET). A server that already runs there is kept as it is.
# Stop them all with scripts/servers/stop.sh. Needs what scripts/servers/install.sh installs.
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

DEADLINE=${GRID_SERVERS_START_TIMEOUT:-90}   # seconds each server gets to answer
VERBOSE=${GRID_SERVERS_VERBOSE:-}           # non-empty: the npm servers log every request
S3_BUCKET=grid-test
PGBIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin

# ---------------------------------------------------------------------------------------------- helpers
# fail DIR WHAT LOGFILE MESSAGE: says which server did not come up and why, ends its processes, exits 1.
fail() {
  local dir=$1 what=$2 logf=$3
  shift 3
  {
    printf '[servers] error: %s did not start: %s\n' "$what" "$*"
    if [ -n "$logf" ] && [ -s "$logf" ]; then
      printf '[servers] last lines of %s:\n' "$logf"
      tail -n 25 "$logf" | sed 's/^/    /'
    fi
  } >&2
  kill_recorded "$dir" 10
  exit 1
}

# wait_until DIR WHAT LOGFILE CMD...: runs CMD until it succeeds; fails when the deadline passes or when a
# recorded process of the server has died.
wait_until() {
  local dir=$1 what=$2 logf=$3 deadline=$((SECONDS + DEADLINE))
  shift 3
  until "$@" >/dev/null 2>&1; do
    [ -f "$dir/pids" ] && ! all_alive "$dir" && fail "$dir" "$what" "$logf" "its process exited"
    [ $SECONDS -lt $deadline ] || fail "$dir" "$what" "$logf" "no answer within ${DEADLINE}s"
    sleep 0.1
  done
}

secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); } # milliseconds -> seconds, one decimal

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_pg() { # runs a PostgreSQL binary as the postgres user when we are root (postgres refuses root)
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------------------------------------- postgres
start_postgres() {
  local dir=$1 port data pgdata_home logf
  port=$(cat "$dir/port")
  [ -x "$PGBIN/initdb" ] || fail "$dir" postgres "" "$PGBIN/initdb is missing (run scripts/servers/install.sh)"
  pgdata_home=$dir
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      # A parent folder of the run dir is closed to the postgres user: keep the cluster in /tmp instead
      # (stop.sh removes it with the run dir).
      pgdata_home=$(mktemp -d /tmp/grid-postgres.XXXXXX)
      echo "$pgdata_home" >"$dir/external-data"
      chown postgres: "$pgdata_home"
    fi
  fi
  data=$pgdata_home/data
  logf=$pgdata_home/log
  printf 'postgres\n' >"$pgdata_home/superuser-password"
  : >"$logf"
  [ "$pgdata_home" = "$dir" ] || ln -s "$logf" "$dir/log"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pgdata_home/superuser-password" "$logf"

  as_pg "$PGBIN/initdb" -D "$data" -U postgres --pwfile="$pgdata_home/superuser-password" \
    --auth=scram-sha-256 -E UTF8 --no-locale --no-sync --no-instructions >>"$logf" 2>&1 ||
    fail "$dir" postgres "$logf" "initdb failed"
  cat >>"$data/postgresql.conf" <<EOF

# scripts/servers/start.sh: a throwaway server for the tests
unix_socket_directories = ''
max_connections = 200
# per-statement counts and times, to find what the benchmark spends the server on
shared_preload_libraries = 'pg_stat_statements'
# Checkpoints far apart: each one makes the next change of every page write the whole page to the WAL.
max_wal_size = 16GB
checkpoint_timeout = 30min
shared_buffers = 1GB
EOF
  as_pg "$PGBIN/pg_ctl" -D "$data" -l "$logf" -w -t "$DEADLINE" \
    -o "-c listen_addresses=127.0.0.1 -p $port" start >>"$logf" 2>&1 ||
    fail "$dir" postgres "$logf" "pg_ctl start failed"
  # SIGINT = fast shutdown (SIGTERM would wait for every client to disconnect).
  record_pid "$dir" "$(head -1 "$data/postmaster.pid")" INT postmaster ||
    fail "$dir" postgres "$logf" "the postmaster exited"

  export PGPASSWORD=postgres PGCONNECT_TIMEOUT=5
  local psql=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres)
  wait_until "$dir" postgres "$logf" "${psql[@]}" -c 'SELECT 1'
  "${psql[@]}" -c "CREATE ROLE grid LOGIN CREATEDB PASSWORD 'grid'" \
    -c "CREATE DATABASE grid OWNER grid" >>"$logf" 2>&1 ||
    fail "$dir" postgres "$logf" "could not create role and database grid"
  PGPASSWORD=grid "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U grid -d grid -c 'SELECT 1' >/dev/null 2>&1 ||
    fail "$dir" postgres "$logf" "user grid cannot connect to database grid"
  echo "export GRID_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=grid;Password=grid;Database=grid'" >"$dir/env"
}

# ---------------------------------------------------------------------------------------------- redis
start_redis() {
  local dir=$1 port
  port=$(cat "$dir/port")
  command -v redis-server >/dev/null || fail "$dir" redis "" "redis-server is missing (run scripts/servers/install.sh)"
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --pidfile "$dir/redis.pid" \
    --dir "$dir" --logfile "$dir/log" --save '' --appendonly no >>"$dir/log" 2>&1 ||
    fail "$dir" redis "$dir/log" "redis-server failed"
  wait_until "$dir" redis "$dir/log" test -s "$dir/redis.pid"
  record_pid "$dir" "$(cat "$dir/redis.pid")" TERM redis-server || fail "$dir" redis "$dir/log" "redis-server exited"
  redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }
  wait_until "$dir" redis "$dir/log" redis_ping
  echo "export GRID_TEST_REDIS='127.0.0.1:$port'" >"$dir/env"
}

# ---------------------------------------------------------------------------------------------- rabbitmq
start_rabbitmq() {
  local dir=$1 port dist epmd node=grid@localhost beam="" t0=$SECONDS
  read -r port dist epmd <"$dir/port"
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || fail "$dir" rabbitmq "" "RabbitMQ is missing (run scripts/servers/install.sh)"
  mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
  echo '[].' >"$dir/enabled_plugins"
  # The default user is created on the first boot, with every permission on the vhost "/".
  cat >"$dir/rabbitmq.conf" <<'EOF'
default_vhost = /
default_user = grid
default_pass = grid
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
# Classic queues of storage version 2 (RabbitMQ 3.10+): about half the broker CPU per persistent message.
# It applies to queues declared from now on; an existing queue moves with the policy "queue-version".
classic_queue.default_version = 2
EOF
  # Everything in the run folder; rabbitmqctl must see the same HOME (Erlang cookie) and epmd port.
  export HOME=$dir/home RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$epmd \
    RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
    RABBITMQ_CONFIG_FILE=$dir/rabbitmq RABBITMQ_PID_FILE=$dir/rabbitmq.pid \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  local logf=$dir/log/$node.log

  # Our own epmd, in the foreground so that its PID is known (the broker would start a daemon we cannot name).
  spawn "$dir" epmd TERM "$dir/epmd.log" epmd -address 127.0.0.1 -port "$epmd"
  wait_until "$dir" rabbitmq "$dir/epmd.log" tcp_open "$epmd"

  "$RABBIT_BIN/rabbitmq-server" -detached >>"$dir/start.log" 2>&1 </dev/null ||
    fail "$dir" rabbitmq "$dir/start.log" "rabbitmq-server -detached failed"
  # -detached leaves a beam.smp whose command line names our HOME: find it and record it right away.
  local deadline=$((SECONDS + DEADLINE)) p # a loaded machine can take more than 20 s to get there
  while [ -z "$beam" ]; do
    for p in /proc/[0-9]*; do
      [ "$(cat "$p/comm" 2>/dev/null)" = beam.smp ] || continue
      if tr '\0' '\n' <"$p/cmdline" 2>/dev/null | grep -qxF -- "$HOME"; then beam=${p#/proc/}; break; fi
    done
    [ -n "$beam" ] && break
    [ $SECONDS -lt $deadline ] || fail "$dir" rabbitmq "$dir/start.log" "found no beam.smp process for $HOME"
    sleep 0.1
  done
  record_pid "$dir" "$beam" TERM beam.smp || fail "$dir" rabbitmq "$logf" "beam.smp exited"

  local left=$((t0 + DEADLINE - SECONDS))
  [ $left -gt 0 ] || left=1
  timeout "$left" "$RABBIT_BIN/rabbitmqctl" -n "$node" wait --timeout "$left" "$dir/rabbitmq.pid" >>"$dir/start.log" 2>&1 ||
    fail "$dir" rabbitmq "$logf" "rabbitmqctl wait failed ($(tail -1 "$dir/start.log"))"
  amqp_answers() { # the AMQP protocol header is answered by a Connection.Start frame (type 1, channel 0)
    local reply
    reply=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'AMQP\0\0\x09\x01' >&3 &&
      timeout 3 head -c 3 <&3 | od -An -tx1 | tr -d ' \n')
    [ "$reply" = 010000 ]
  }
  wait_until "$dir" rabbitmq "$logf" amqp_answers
  echo "export GRID_TEST_RABBITMQ='amqp://grid:grid@127.0.0.1:$port/'" >"$dir/env"
}

# ---------------------------------------------------------------------------------------------- sqs
start_sqs() {
  local dir=$1 port
  port=$(cat "$dir/port")
  [ -f "$SERVERS_HOME/node_modules/fauxqs/package.json" ] ||
    fail "$dir" sqs "" "fauxqs is missing in $SERVERS_HOME/node_modules (run scripts/servers/install.sh)"
  # fauxqs.mjs starts fauxqs on FAUXQS_PORT; fauxqs binds 0.0.0.0, the preload forces 127.0.0.1.
  export FAUXQS_PORT=$port
  spawn "$dir" fauxqs TERM "$dir/log" \
    node -r "$SERVERS_HOME/force-loopback.cjs" "$SERVERS_HOME/fauxqs.mjs"
  sqs_answers() { # fauxqs speaks SQS's JSON protocol (as AWSSDK.SQS 4 does), not the query protocol
    curl -fsS -m 3 -o /dev/null -H 'Content-Type: application/x-amz-json-1.0' \
      -H 'X-Amz-Target: AmazonSQS.ListQueues' --data '{}' "http://127.0.0.1:$port/"
  }
  wait_until "$dir" sqs "$dir/log" sqs_answers
  echo "export GRID_TEST_SQS='http://127.0.0.1:$port'" >"$dir/env"
}

# ---------------------------------------------------------------------------------------------- s3
start_s3() {
  local dir=$1 port cli=$SERVERS_HOME/node_modules/s3rver/bin/s3rver.js silent=(--silent)
  port=$(cat "$dir/port")
  [ -f "$cli" ] || fail "$dir" s3 "" "$cli is missing (run scripts/servers/install.sh)"
  [ -z "$VERBOSE" ] || silent=()
  mkdir -p "$dir/data"
  spawn "$dir" s3rver TERM "$dir/log" node "$cli" -a 127.0.0.1 -p "$port" -d "$dir/data" \
    --configure-bucket "$S3_BUCKET" "${silent[@]}"
  s3_answers() { curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$port/$S3_BUCKET"; }
  wait_until "$dir" s3 "$dir/log" s3_answers
  printf "export GRID_TEST_S3='http://127.0.0.1:%s'\nexport GRID_TEST_S3_BUCKET='%s'\n" "$port" "$S3_BUCKET" >"$dir/env"
}

# ---------------------------------------------------------------------------------------------- main
# restart.sh sources this file for the functions above only.
[ -z "${SERVERS_FUNCTIONS_ONLY:-}" ] || return 0
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=("${ALL_SERVERS[@]}")
for s in "${servers[@]}"; do
  case " ${ALL_SERVERS[*]} " in *" $s "*) ;; *) die "unknown server '$s' (known: ${ALL_SERVERS[*]})" ;; esac
done

RUN=$(run_dir)
mkdir -p "$RUN"
chmod 755 "$RUN"
exec 9>"$RUN/.lock"
flock -w 300 9 || die "another start.sh or stop.sh holds $RUN/.lock"

t0=$(date +%s%N)
PORTS_TAKEN=$RUN/.ports
: >"$PORTS_TAKEN"
starting=()
for s in "${servers[@]}"; do
  d=$RUN/$s
  if [ -s "$d/env" ] && all_alive "$d"; then
    log "$s already runs ($(sed -n 's/^export \(GRID_TEST_[A-Z0-9_]*\)=.*/\1/p' "$d/env" | head -1) in $RUN/env)"
    continue
  fi
  if [ -d "$d" ]; then # a leftover of an earlier run that is not (fully) up: clear it
    kill_recorded "$d" 10
    if [ -f "$d/external-data" ]; then
      ext=$(cat "$d/external-data")
      case $ext in /tmp/grid-postgres.*) rm -rf "$ext" ;; esac
    fi
    rm -rf "$d"
  fi
  mkdir -p "$d"
  case $s in
    rabbitmq) echo "$(free_port) $(free_port) $(free_port)" >"$d/port" ;; # AMQP, Erlang distribution, epmd
    *) free_port >"$d/port" ;;
  esac
  starting+=("$s")
done

# All servers start at once, each in its own subshell; its messages go to <server>/start.out.
declare -A jobs=()
for s in "${starting[@]}"; do
  # 9>&-: the servers must not inherit the lock (a daemon holding it would block every later start/stop).
  (
    t=$(date +%s%N)
    "start_$s" "$RUN/$s"
    echo $((($(date +%s%N) - t) / 1000000)) >"$RUN/$s/start.ms"
  ) 9>&- >"$RUN/$s/start.out" 2>&1 &
  jobs[$s]=$!
done
failed=()
for s in "${starting[@]}"; do
  if wait "${jobs[$s]}"; then
    log "$s ready on 127.0.0.1:$(cut -d' ' -f1 "$RUN/$s/port") after $(secs "$(cat "$RUN/$s/start.ms")")s"
  else
    failed+=("$s")
    cat "$RUN/$s/start.out" >&2
  fi
done

# The env file lists every server of this run dir that runs, also those of an earlier start.sh.
{
  echo "# written by scripts/servers/start.sh; stop the servers with scripts/servers/stop.sh"
  echo "export GRID_SERVERS_DIR='$RUN'"
  for s in "${ALL_SERVERS[@]}"; do
    if [ -s "$RUN/$s/env" ] && all_alive "$RUN/$s"; then cat "$RUN/$s/env"; fi
  done
} >"$RUN/env.tmp"
mv "$RUN/env.tmp" "$RUN/env"
rm -f "$PORTS_TAKEN"

ms=$((($(date +%s%N) - t0) / 1000000))
if [ ${#failed[@]} -gt 0 ]; then
  die "could not start: ${failed[*]} (the others run; scripts/servers/stop.sh stops them)"
fi
log "started ${starting[*]:-nothing new} in $(secs "$ms")s; source $RUN/env"
