#!/usr/bin/env bash
# Starts a local multi-process grid on loopback for the benchmark: PostgreSQL + RabbitMQ + Redis (through
# scripts/servers), two control-plane replicas, and two agents each beside its own sample worker, every
# one its own OS process. Writes ${GRID_CLUSTER_DIR:-/tmp/grid-cluster}/env with GRID_ENDPOINT (the first
# control plane) and GRID_ENDPOINTS. Stop it with scripts/cluster/stop.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${GRID_CLUSTER_DIR:-/tmp/grid-cluster}
mkdir -p "$dir"

scripts/servers/start.sh postgres rabbitmq redis
# shellcheck disable=SC1091
source "${GRID_SERVERS_DIR:-/tmp/grid-servers}/env"

for project in Grid.ControlPlane Grid.Agent Grid.Samples; do
  dotnet build "src/$project" -c Release -nologo -clp:ErrorsOnly >/dev/null
done
bin() { echo "src/$1/bin/Release/net10.0/$1.dll"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
storage=(
  --Grid:Storage:Tables:Kind PostgreSql --Grid:Storage:Tables:PostgreSql:ConnectionString "$GRID_TEST_POSTGRES"
  --Grid:Storage:Queue:Kind RabbitMQ --Grid:Storage:Queue:RabbitMQ:Uri "$GRID_TEST_RABBITMQ"
  --Grid:Storage:Objects:Kind Redis --Grid:Storage:Objects:Redis:Configuration "$GRID_TEST_REDIS"
)
quiet=(--Logging:LogLevel:Default Warning)

launch() { # name port dll args...
  local name=$1 port=$2; shift 2
  dotnet "$@" --Urls "http://127.0.0.1:$port" "${quiet[@]}" >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
  echo "$port" >"$dir/$name.port"
}

endpoints=()
for i in 0 1; do
  port=$(free_port)
  launch "control-plane-$i" "$port" "$(bin Grid.ControlPlane)" "${storage[@]}"
  endpoints+=("http://127.0.0.1:$port")
done
for i in 0 1; do
  agent=$(free_port); worker=$(free_port)
  launch "agent-$i" "$agent" "$(bin Grid.Agent)" "${storage[@]}" \
    --Grid:Agent:WorkerAddress "http://127.0.0.1:$worker" --Grid:Agent:DataFolder "$dir/agent-$i" --Grid:Agent:Concurrency 64
  launch "worker-$i" "$worker" "$(bin Grid.Samples)" --Grid:Worker:AgentAddress "http://127.0.0.1:$agent"
done

deadline=$((SECONDS + 60))
for portfile in "$dir"/*.port; do
  name=$(basename "$portfile" .port); port=$(cat "$portfile")
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
      echo "$name did not start on port $port:" >&2; tail -20 "$dir/$name.log" >&2
      scripts/cluster/stop.sh; exit 1
    fi
    sleep 0.1
  done
done

{
  echo "export GRID_ENDPOINT=${endpoints[0]}"
  echo "export GRID_ENDPOINTS=\"${endpoints[*]}\""
} >"$dir/env"
echo "cluster up: control planes ${endpoints[*]}; logs and pids in $dir"
