#!/usr/bin/env bash
# A 3-node ActorSip cluster on this machine, on loopback, for development:
#   deploy/dev/cluster.sh start TRUNKS_FILE   builds the node, starts a throwaway PostgreSQL and 3 nodes
#   deploy/dev/cluster.sh status              health of each node
#   deploy/dev/cluster.sh stop                SIGTERM to the nodes (graceful leave), then stops PostgreSQL
# Ports: cluster 4053-4055, SIP 5071-5073 (UDP+TCP), management 9110-9112, PostgreSQL 5439. State in ./dev-cluster.
# Overrides (the tests use them to run beside other clusters): ACTORSIP_DEV_DIR, ACTORSIP_DEV_CLUSTER_PORTS,
# ACTORSIP_DEV_SIP_PORTS, ACTORSIP_DEV_MANAGEMENT_PORTS (three comma-separated ports each), ACTORSIP_DEV_PG_PORT,
# ACTORSIP_DEV_HOCON (the --hocon file of every node instead of hocon/deploy/dev.conf), ACTORSIP_DEV_NODE_DLL (a built node: no build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=${ACTORSIP_DEV_DIR:-$root/dev-cluster}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgport=${ACTORSIP_DEV_PG_PORT:-5439}
IFS=, read -r -a cluster_ports <<< "${ACTORSIP_DEV_CLUSTER_PORTS:-4053,4054,4055}"
IFS=, read -r -a sip_ports <<< "${ACTORSIP_DEV_SIP_PORTS:-5071,5072,5073}"
IFS=, read -r -a management_ports <<< "${ACTORSIP_DEV_MANAGEMENT_PORTS:-9110,9111,9112}"

start() {
  local trunks=${1:?usage: cluster.sh start TRUNKS_FILE}
  mkdir -p "$state"
  local dll=${ACTORSIP_DEV_NODE_DLL:-}
  if [ -z "$dll" ]; then
    dotnet build -c Release "$root/src/ActorSip.Node" -v quiet -nologo >/dev/null
    dll=$root/src/ActorSip.Node/bin/Release/net10.0/actorsip-node.dll
  fi
  if [ ! -d "$state/pg" ]; then
    install -d -o postgres -g postgres "$state/pg"
    runuser -u postgres -- "$pgbin/initdb" -D "$state/pg/data" -A trust -U postgres >/dev/null
  fi
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$state/pg/data" -l "$state/pg/server.log" -w \
    -o "-p $pgport -k $state/pg -c listen_addresses=127.0.0.1" start >/dev/null
  [ -f "$state/journal.key" ] || head -c 32 /dev/urandom | base64 > "$state/journal.key"
  export ACTORSIP_JOURNAL_KEY=$(cat "$state/journal.key")
  local pg="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres"
  for i in 0 1 2; do
    local args=(--data "$state/node$i" --sip "127.0.0.1:${sip_ports[$i]}" --management "127.0.0.1:${management_ports[$i]}"
      --cluster-port "${cluster_ports[$i]}" --seed-nodes "127.0.0.1:${cluster_ports[0]},127.0.0.1:${cluster_ports[1]}" --postgres "$pg")
    [ "$i" = 0 ] && args+=(--trunks "$trunks")
    args+=(--hocon "${ACTORSIP_DEV_HOCON:-$root/hocon/deploy/dev.conf}")
    nohup dotnet "$dll" "${args[@]}" > "$state/node$i.log" 2>&1 &
    echo $! > "$state/node$i.pid"
    echo "node$i: pid $!, management http://127.0.0.1:${management_ports[$i]}, log $state/node$i.log"
  done
}

status() {
  for i in 0 1 2; do
    printf 'node%s: ' "$i"; curl -fsS "http://127.0.0.1:${management_ports[$i]}/health" 2>/dev/null || echo down
  done
}

stop() {
  for i in 0 1 2; do
    [ -f "$state/node$i.pid" ] && kill -TERM "$(cat "$state/node$i.pid")" 2>/dev/null || true
  done
  for i in 0 1 2; do
    [ -f "$state/node$i.pid" ] && while kill -0 "$(cat "$state/node$i.pid")" 2>/dev/null; do sleep 0.2; done
    rm -f "$state/node$i.pid"
  done
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$state/pg/data" -m fast stop >/dev/null 2>&1 || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: $0 start TRUNKS_FILE | status | stop" >&2; exit 2 ;;
esac
