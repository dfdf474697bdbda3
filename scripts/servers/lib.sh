# Helpers shared by start.sh and stop.sh (sourced, not run).
#
# Layout of the run directory ($GRID_SERVERS_DIR, default /tmp/grid-servers):
#   <server>/            one folder per server (postgres, redis, rabbitmq, sqs, s3): data, log, config
#   <server>/pids        one line per process started for it: "<pid> <start time> <signal> <what>"
#                        (start time = field 22 of /proc/<pid>/stat, so a reused PID is never killed)
#   <server>/env         its export lines, written once it answers
#   <server>/port...     the ports it listens on
#   env                  all export lines of the servers that run (what the tests source)

SERVERS_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL_SERVERS=(postgres redis rabbitmq sqs s3)

run_dir() {
  local d=${GRID_SERVERS_DIR:-/tmp/grid-servers}
  case $d in /*) ;; *) d=$PWD/$d ;; esac
  printf '%s\n' "${d%/}"
}

log() { printf '[servers] %s\n' "$*" >&2; }
die() { printf '[servers] error: %s\n' "$*" >&2; exit 1; }

# proc_start PID: prints the process's start time (clock ticks since boot); fails if it is gone or a zombie.
proc_start() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }                       # drop "pid (comm) ", comm may hold spaces
  # shellcheck disable=SC2086
  set -- $stat                            # $1 = state (field 3), ${20} = starttime (field 22)
  [ "$1" != Z ] && [ "$1" != X ] || return 1
  printf '%s\n' "${20}"
}

# alive PID START: the process that was recorded still runs (same PID and same start time).
alive() { [ "$(proc_start "$1" 2>/dev/null)" = "$2" ]; }

# record_pid DIR PID SIGNAL WHAT: remembers a process so stop.sh can end exactly it.
record_pid() {
  local start
  start=$(proc_start "$2") || return 1
  printf '%s %s %s %s\n' "$2" "$start" "$3" "$4" >>"$1/pids"
}

# all_alive DIR: every process recorded in DIR/pids still runs (and there is at least one).
all_alive() {
  local pid start rest n=0
  [ -s "$1/pids" ] || return 1
  while read -r pid start rest; do
    alive "$pid" "$start" || return 1
    n=$((n + 1))
  done <"$1/pids"
  [ "$n" -gt 0 ]
}

# kill_recorded DIR [DEADLINE_SECONDS]: signals every live recorded process of DIR (in reverse order of
# start, each with its own signal), waits for them to exit, then SIGKILLs what is left.
kill_recorded() {
  local dir=$1 wait_s=${2:-20} pid start sig what lines=() i deadline left
  [ -f "$dir/pids" ] || return 0
  mapfile -t lines <"$dir/pids"
  for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
    read -r pid start sig what <<<"${lines[i]}"
    if alive "$pid" "$start"; then kill -s "$sig" "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + wait_s))
  while :; do
    left=()
    for i in "${!lines[@]}"; do
      read -r pid start sig what <<<"${lines[i]}"
      if alive "$pid" "$start"; then left+=("$pid ($what)"); fi
    done
    [ ${#left[@]} -eq 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      log "still running after ${wait_s}s, sending SIGKILL: ${left[*]}"
      for i in "${!lines[@]}"; do
        read -r pid start sig what <<<"${lines[i]}"
        if alive "$pid" "$start"; then kill -9 "$pid" 2>/dev/null || true; fi
      done
      sleep 0.2
      break
    fi
    sleep 0.1
  done
  rm -f "$dir/pids"
}

# port_in_use PORT: something listens on 127.0.0.1:PORT or on every address at PORT.
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# free_port: a port nobody listens on, taken below the kernel's ephemeral range (so outgoing
# connections cannot hold it) and not handed out before by this shell or a sibling (see $PORTS_TAKEN).
free_port() {
  local low=20000 high=32000 p tries=0 eph_low
  eph_low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  if [ "$eph_low" -le $((low + 2000)) ]; then low=10000; high=$((eph_low - 1)); fi
  while :; do
    p=$((low + (RANDOM * 32768 + RANDOM) % (high - low)))
    tries=$((tries + 1))
    [ $tries -lt 1000 ] || die "found no free port"
    if [ -n "${PORTS_TAKEN:-}" ] && grep -qx "$p" "$PORTS_TAKEN" 2>/dev/null; then continue; fi
    port_in_use "$p" && continue
    [ -n "${PORTS_TAKEN:-}" ] && echo "$p" >>"$PORTS_TAKEN"
    printf '%s\n' "$p"
    return 0
  done
}

# spawn DIR WHAT SIGNAL LOG CMD...: starts CMD detached (own session, no terminal, output to LOG) and records
# its PID; the PID is that of CMD itself (the launching shell execs it).
spawn() {
  local dir=$1 what=$2 sig=$3 logf=$4 pidf i
  shift 4
  pidf="$dir/.spawn.$what"
  rm -f "$pidf"
  setsid sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidf" "$@" \
    </dev/null >>"$logf" 2>&1 &
  for ((i = 0; i < 100; i++)); do [ -s "$pidf" ] && break; sleep 0.05; done
  [ -s "$pidf" ] || die "$what: could not start $1"
  record_pid "$dir" "$(cat "$pidf")" "$sig" "$what" || die "$what: exited at once; $logf says: $(tail -5 "$logf")"
  rm -f "$pidf"
}
