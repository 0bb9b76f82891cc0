#!/usr/bin/env bash
# A 3-node ActorSip cluster on this machine, on loopback, for development:
#   deploy/dev/cluster.sh start TRUNKS_FILE   builds the node, starts a throwaway PostgreSQL and 3 nodes
#   deploy/dev/cluster.sh status              health of each node
#   deploy/dev/cluster.sh stop                SIGTERM to the nodes (graceful leave), then stops PostgreSQL
# Ports: cluster 4053-4055, SIP 5071-5073 (UDP+TCP), management 9110-9112, PostgreSQL 5439. State in ./dev-cluster.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=${ACTORSIP_DEV_DIR:-$root/dev-cluster}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgport=5439

start() {
  local trunks=${1:?usage: cluster.sh start TRUNKS_FILE}
  mkdir -p "$state"
  dotnet build -c Release "$root/src/ActorSip.Node" -v quiet -nologo >/dev/null
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
    local args=(--data "$state/node$i" --sip "127.0.0.1:$((5071 + i))" --management "127.0.0.1:$((9110 + i))"
      --cluster-port "$((4053 + i))" --seed-nodes "127.0.0.1:4053,127.0.0.1:4054" --postgres "$pg")
    [ "$i" = 0 ] && args+=(--trunks "$trunks")
    nohup dotnet "$root/src/ActorSip.Node/bin/Release/net10.0/actorsip-node.dll" "${args[@]}" > "$state/node$i.log" 2>&1 &
    echo $! > "$state/node$i.pid"
    echo "node$i: pid $!, management http://127.0.0.1:$((9110 + i)), log $state/node$i.log"
  done
}

status() {
  for i in 0 1 2; do
    printf 'node%s: ' "$i"; curl -fsS "http://127.0.0.1:$((9110 + i))/health" 2>/dev/null || echo down
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
