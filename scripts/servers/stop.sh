#!/usr/bin/env bash
# Stops every server that scripts/servers/start.sh started in ${GRID_SERVERS_DIR:-/tmp/grid-servers}: only the
# processes whose PIDs it recorded there (never by name), each waited for with a deadline and SIGKILLed after
# it; then removes the run dir. Safe to run when nothing runs.
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

WAIT=${GRID_SERVERS_STOP_TIMEOUT:-20}
RUN=$(run_dir)
[ -d "$RUN" ] || { log "nothing to stop ($RUN does not exist)"; exit 0; }
if rmdir "$RUN" 2>/dev/null; then log "nothing to stop ($RUN was empty; removed it)"; exit 0; fi
# Refuse to delete a folder that start.sh did not make (a mistyped GRID_SERVERS_DIR such as / or $HOME).
if [ ! -e "$RUN/.lock" ] && [ ! -e "$RUN/env" ]; then
  for s in "${ALL_SERVERS[@]}"; do [ -e "$RUN/$s/port" ] && break; s=; done
  [ -n "${s:-}" ] || die "$RUN does not look like a run dir of start.sh; not touching it"
fi
exec 9>>"$RUN/.lock"
flock -w 120 9 || die "another start.sh or stop.sh holds $RUN/.lock"

# All servers stop at once; each waits for its own processes.
pids=()
for s in "${ALL_SERVERS[@]}"; do
  [ -d "$RUN/$s" ] || continue
  (kill_recorded "$RUN/$s" "$WAIT") &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done

for s in "${ALL_SERVERS[@]}"; do
  if [ -f "$RUN/$s/external-data" ]; then
    ext=$(cat "$RUN/$s/external-data")
    case $ext in /tmp/grid-postgres.*) rm -rf "$ext" ;; esac
  fi
done
rm -rf "$RUN"
log "stopped; removed $RUN"
