#!/usr/bin/env bash
# P2 scale and recovery (issue 7): memory per binding of one actorsip-node, and the time to recover N bindings from
# its journal after a restart, against one Kamailio registrar on 127.0.0.1 (tests/load/registrar.cfg.in: digest MD5,
# password = "pw-" + username). The peer, in the same run: Kamailio's uac module keeping the same numbers of bindings
# registered with the same registrar (two instances, SMALL and N bindings, measured the same way: the difference of
# their shared memory in use over N - SMALL). The registrar's own memory per location is printed too.
#
#   bash tests/load/p2-scale.sh [N]        N bindings (default 10000); a second node with P2_SMALL (100) bindings
#                                          is measured in the same run, and the difference gives bytes per binding.
# Environment: P2_SMALL=100, P2_SPREAD=30s (the nodes' startup-spread: each binding's first action after a start,
# and so after the restart, waits a random share of it), P2_WARMUP=300+N/20 (give up after this many seconds),
# P2_HOCON=FILE (HOCON added to both nodes' settings, for experiments), P2_NO_BUILD=1, P2_KEEP=1,
# P2_SETTLE=10 (seconds between the last registration and reading the resident size; credential slices nobody asked
# for in 120 s passivate, so P2_SETTLE=150 shows a node at rest),
# P2_GCDUMP=FILE (a heap dump of the N-binding node after its RSS is read, and its top types: needs dotnet-gcdump);
# DOTNET_* runtime settings (e.g. DOTNET_gcServer=0) reach both nodes.
set -euo pipefail
N=${1:-10000}
SMALL=${P2_SMALL:-100}
WARMUP=${P2_WARMUP:-$(( 300 + N / 20 ))}
[[ $N =~ ^[0-9]+$ ]] && (( N > SMALL && N <= 1000000 )) || { echo "usage: $0 [N bindings, $SMALL < N <= 1000000]" >&2; exit 2; }
# shellcheck source=tests/load/lib.sh
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d /tmp/actorsip-p2-XXXXXX)
PIDS=()
trap 'cleanup "${P2_KEEP:-0}"' EXIT INT TERM
build_node "${P2_NO_BUILD:-0}"
REG_PORT=$(free_udp_port)
start_registrar "$REG_PORT" $(( 128 + (N + SMALL) / 50 )) "$(hash_bits $(( 2 * (N + SMALL) )))"
kam_shm_empty=$(shm_used "$WORK/registrar.ctl")
# The peer: uac instances with SMALL and N bindings (users 2xxxxxx), registering while the nodes start.
for side in small big; do
    [[ $side == small ]] && count_uac=$SMALL first=2000000 || count_uac=$N first=2100000
    uac_port=$(free_udp_port); while [[ $uac_port == "$REG_PORT" ]]; do uac_port=$(free_udp_port); done
    start_uac "uac-$side" "$uac_port" "$REG_PORT" $(( 128 + count_uac / 40 )) "$(hash_bits "$count_uac")" 3600 "$count_uac" "$first"
done

cat > "$WORK/node.conf" <<EOF2
# Registrar protection off for the measurement (our own registrar); first REGISTERs spread over P2_SPREAD.
actorsip.registration.max-registers-per-second = 20000
actorsip.registration.startup-spread = ${P2_SPREAD:-30s}
actorsip.node.summary-interval = 30s
akka.loglevel = WARNING
EOF2
[[ -n ${P2_HOCON:-} ]] && cat "$P2_HOCON" >> "$WORK/node.conf"

start_node() { # $1 = data directory name, $2 = log name, then extra args; prints the pid
    setsid dotnet "$NODE_DLL" --data "$WORK/$1" --sip 127.0.0.1:0 --management 127.0.0.1:0 --demo-registrar off \
        --hocon "$WORK/node.conf" "${@:3}" > "$WORK/$2.log" 2>&1 &
    echo $!
}
management() { # $1 = log name: the port the node printed
    for _ in $(seq 600); do
        port=$(grep -o 'management http://127.0.0.1:[0-9]*' "$WORK/$1.log" 2>/dev/null | tail -1 | grep -o '[0-9]*$' || true)
        [[ -n $port ]] && { echo "$port"; return; }
        sleep 0.5
    done
    echo "node $1 did not start:" >&2; tail -20 "$WORK/$1.log" >&2; exit 1
}
count() { # $1 = port, $2 = state or "all": bindings the node reports
    curl -fsS "http://127.0.0.1:$1/metrics" | awk -v s="$2" '/^actorsip_bindings\{/ { if (s == "all" || index($0, "state=\"" s "\"")) t += $NF } END { print t + 0 }'
}
wait_registered() { # $1 = port, $2 = expected, $3 = start time (s): prints seconds until all have started (reported a
                   # state: a binding does so at its first action, after its share of the start-up spread) and registered
    local known=""
    while :; do
        local now; now=$(date +%s.%N)
        (( $(echo "$now - $3 > $WARMUP" | bc) )) && { echo "not all $2 bindings registered within $WARMUP s" >&2; exit 1; }
        [[ -z $known ]] && (( $(count "$1" all) >= $2 )) && known=$(echo "$now - $3" | bc)
        (( $(count "$1" Registered) >= $2 )) && { echo "${known:-0} $(echo "$now - $3" | bc)"; return; }
        sleep 1
    done
}

echo "$(machine_line), ${DOTNET_gcServer:+DOTNET_gcServer=$DOTNET_gcServer, }$(date -u '+%Y-%m-%d %H:%M') UTC"
write_trunks "$WORK/small.cfg" "$REG_PORT" 3600 "$SMALL" 1000000
write_trunks "$WORK/big.cfg" "$REG_PORT" 3600 "$N" 1100000
for side in small big; do
    t0=$(date +%s.%N)
    pid=$(start_node "$side" "$side" --trunks "$WORK/$side.cfg"); PIDS+=("$pid")
    port=$(management "$side")
    [[ $side == small ]] && count_expected=$SMALL || count_expected=$N
    read -r _ took < <(wait_registered "$port" "$count_expected" "$t0")
    sleep "${P2_SETTLE:-10}" # let the start-up garbage be collected before reading the resident size
    declare "rss_$side=$(rss_kib "$pid")"
    declare "pid_$side=$pid" "port_$side=$port"
    log "$side: $count_expected bindings registered ${took} s after start, RSS $(rss_kib "$pid") KiB"
done
if [[ -n ${P2_GCDUMP:-} ]]; then
    PATH="$PATH:$HOME/.dotnet/tools" # where `dotnet tool install -g dotnet-gcdump` puts it
    dotnet-gcdump collect -p "$pid_big" -o "$P2_GCDUMP" > /dev/null
    echo "heap of the $N-binding node (dotnet-gcdump report $P2_GCDUMP), top 25 types by size:"
    dotnet-gcdump report "$P2_GCDUMP" 2>/dev/null | head -28
    log "big: RSS after the heap dump's full collection $(rss_kib "$pid_big") KiB"
fi
per=$(( (rss_big - rss_small) * 1024 / (N - SMALL) ))
for _ in $(seq "$WARMUP"); do (( $(stat_of "$(stats)" reg.2) >= N + SMALL )) && break; sleep 1; done
(( $(stat_of "$(stats)" reg.2) >= N + SMALL )) || { echo "uac: not all $(( N + SMALL )) bindings registered" >&2; exit 1; }
uac_small=$(shm_used "$WORK/uac-small.ctl"); uac_big=$(shm_used "$WORK/uac-big.ctl")
uac_per=$(( (uac_big - uac_small) / (N - SMALL) ))
kam_shm=$(shm_used "$WORK/registrar.ctl")
echo "actorsip-node: $N bindings RSS $(( rss_big / 1024 )) MiB, $SMALL bindings RSS $(( rss_small / 1024 )) MiB: $per bytes per binding"
echo "kamailio uac (peer): $N bindings $(( uac_big / 1024 )) KiB, $SMALL bindings $(( uac_small / 1024 )) KiB of shared memory in use: $uac_per bytes per binding"
echo "registrar (kamailio usrloc, $(( 2 * (N + SMALL) )) locations): $(( (${kam_shm:-0} - ${kam_shm_empty:-0}) / (2 * (N + SMALL)) )) bytes per location"
(( uac_per > 0 )) && echo "ratio (actorsip/uac bytes per binding): $(echo "scale=1; $per / $uac_per" | bc)"

# Recovery: stop the big node (SIGTERM) and start it again with only its data directory.
kill -TERM "$pid_big"; while kill -0 "$pid_big" 2>/dev/null; do sleep 0.2; done
t0=$(date +%s.%N)
pid=$(start_node big big-restart); PIDS+=("$pid")
port=$(management big-restart)
read -r known took < <(wait_registered "$port" "$N" "$t0")
echo "recovery: $N bindings started again from the journal ${known} s after the restart (each reported its first state; startup-spread ${P2_SPREAD:-30s}), all registered again ${took} s after it; RSS $(( $(rss_kib "$pid") / 1024 )) MiB"
