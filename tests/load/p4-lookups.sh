#!/usr/bin/env bash
# P4: credential-directory lookups per second and latency, local and cross-node, against a PostgreSQL credential
# table as the peer, all in one run (BENCHMARKS.md). Usage: bash tests/load/p4-lookups.sh [SLICES] [SECONDS] [CONCURRENCY]
# Starts a throwaway PostgreSQL on a free port on 127.0.0.1 (Debian's postgresql package; run as root) and removes it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
slices=${1:-10000}; seconds=${2:-15}; concurrency=${3:-64}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/actorsip-p4-pg-XXXXXX)
chown postgres:postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
runuser -u postgres -- "$pgbin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
dotnet build -c Release "$root/tests/ActorSip.LoadTests" -v quiet -nologo >/dev/null
dotnet "$root/tests/ActorSip.LoadTests/bin/Release/net10.0/actorsip-load.dll" lookups --slices "$slices" --seconds "$seconds" \
  --concurrency "$concurrency" --postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=$((concurrency + 4))"
