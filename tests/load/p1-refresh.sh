#!/usr/bin/env bash
# P1 refresh capacity (issue 7): authenticated REGISTER transactions per CPU-second of an actorsip-node process
# versus Kamailio's uac module (the peer), both keeping N bindings registered with the same Kamailio registrar on
# 127.0.0.1 at the same time, in the same run.
#
#   bash tests/load/p1-refresh.sh [N]        N bindings per side (default 1000; 10000 and 100000 tested)
#
# Environment (all optional):
#   P1_WINDOW=144    measure window in seconds (3 refresh periods of 48 s, 12 uac timer ticks), taken once
#                    every binding of both sides has had one 200
#   P1_WARMUP=180+N/25    give up when the bindings are not all registered after this many seconds
#   P1_NO_BUILD=1    skip `dotnet build src/ActorSip.Node -c Release`
#   P1_EXPIRES=60    expiry requested by both sides (60..3600; with 3600 nothing refreshes within the window, which
#                    measures each side's idle CPU with N bindings held)
#   P1_KEEP=1        keep the work directory (configs, logs) instead of deleting it
#   P1_HOCON=FILE    HOCON added to the node's settings (for experiments)
#   P1_PERF=FILE     after the window, a 60 s CPU profile of actorsip-node (perf record; the node runs with
#                    DOTNET_PerfMapEnabled=1 and W^X off, so perf names JIT-compiled methods) and its top symbols
#   P1_ACTORSIP_LOGLEVEL=WARNING  akka.loglevel of the node (default: the node's own, INFO, which logs two lines
#                    per REGISTER transaction: "Registered -> Registering" and "Registering -> Registered")
#
# What is compared:
#   - One transaction = REGISTER -> 401 -> REGISTER with Authorization -> 200, counted at the registrar (a 200 sent
#     for an authenticated REGISTER; the registrar is transaction-stateful, so retransmissions are not counted twice).
#     The side is the first digit of the From user: 1xxxxxx = ActorSip, 2xxxxxx = uac.
#   - CPU = utime + stime (/proc/PID/stat) summed over the process group of each side (actorsip-node: one dotnet
#     process; uac: every process of the second kamailio), read at the start and at the end of the window.
#   - Same expiry for both: 60 s (the IOS minimum). ActorSip refreshes at refresh-ratio 0.8 (48 s); uac refreshes when
#     its timer (reg_timer_interval 12 s) finds a registration ending within 12 + 3 s, which with expires 60 is 48 s
#     after the previous REGISTER (80 %). The metric is per transaction, so refresh timing only sets the rate.
#   - ActorSip runs with a --hocon override: max-registers-per-second raised from 500 to 20000 (the default would cap
#     100k bindings below the 2,083 REGISTER/s they need) and startup-spread 48 s (first REGISTERs spread like uac's
#     reg_random_delay 48), and (before they became the node defaults) the sharding state timeouts raised to 30 s.
set -euo pipefail

N=${1:-1000}
[[ $N =~ ^[0-9]+$ ]] && (( N >= 1 && N <= 200000 )) || { echo "usage: $0 [N bindings, 1..200000]" >&2; exit 2; }
WINDOW=${P1_WINDOW:-144}
WARMUP=${P1_WARMUP:-$(( 180 + N / 25 ))}
EXPIRES=${P1_EXPIRES:-60}
[[ $EXPIRES =~ ^[0-9]+$ ]] && (( EXPIRES >= 60 && EXPIRES <= 3600 )) || { echo "P1_EXPIRES must be 60..3600 s" >&2; exit 2; }
(( WINDOW >= 10 && WINDOW <= 600 )) || { echo "P1_WINDOW must be 10..600 s" >&2; exit 2; }

# shellcheck source=tests/load/lib.sh
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d /tmp/actorsip-p1-XXXXXX)
HZ=$(getconf CLK_TCK)
PIDS=()

trap 'cleanup "${P1_KEEP:-0}"' EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

# CPU ticks (utime + stime) of every process in process group $1.
cpu_ticks() {
    local pg=$1 total=0 line rest f
    for f in /proc/[0-9]*/stat; do
        read -r line < "$f" 2>/dev/null || continue
        rest=${line##*) }
        # shellcheck disable=SC2086
        set -- $rest
        [[ $3 == "$pg" ]] && total=$(( total + ${12} + ${13} ))
    done
    echo "$total"
}


# ---------------------------------------------------------------------------------------------------------------
build_node "${P1_NO_BUILD:-0}"

# Hash sizes (log2) for the registrar's location and seen tables and uac's registration table: about N per slot bits.
BITS=$(hash_bits "$N")
SHM=$(( 128 + N / 40 ))   # MB of shared memory per kamailio: locations, uac records and in-flight tm transactions
                          # (with N / 200 the registrar ran out of memory at 100,000 during uac's first bursts)

REG_PORT=$(free_udp_port)
UAC_PORT=$(free_udp_port)
while [[ $UAC_PORT == "$REG_PORT" ]]; do UAC_PORT=$(free_udp_port); done

# --- registrar --------------------------------------------------------------------------------------------------
start_registrar "$REG_PORT" "$SHM" "$BITS"

# --- inputs of both sides: the same N bindings, user numbers 1xxxxxx (ActorSip) and 2xxxxxx (uac) -----------------
write_trunks "$WORK/trunks.cfg" "$REG_PORT" "$EXPIRES" "$N" 1000000
cat > "$WORK/load.conf" <<EOF
# P1 load run: the node-wide REGISTER rate limit raised (default 500/s) and the first REGISTERs spread over 48 s.
actorsip.registration.max-registers-per-second = 20000
actorsip.registration.startup-spread = 48s
actorsip.node.summary-interval = 30s
# The sharding state timeouts this run needed at 10,000 bindings (30 s) are the node's defaults now (hocon/akka.conf).
EOF
[[ -n ${P1_ACTORSIP_LOGLEVEL:-} ]] && echo "akka.loglevel = ${P1_ACTORSIP_LOGLEVEL}" >> "$WORK/load.conf"
[[ -n ${P1_HOCON:-} ]] && cat "$P1_HOCON" >> "$WORK/load.conf"
# --- both sides start at the same time ---------------------------------------------------------------------------
log "actorsip-node: $N bindings; kamailio uac on udp:127.0.0.1:$UAC_PORT: $N bindings; expires $EXPIRES s"
PROFILING_ENV=()
[[ -n ${P1_PERF:-} ]] && PROFILING_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
ACTORSIP_JOURNAL_KEY=$(head -c 32 /dev/urandom | base64) env "${PROFILING_ENV[@]}" setsid dotnet "$NODE_DLL" --trunks "$WORK/trunks.cfg" \
    --data "$WORK/node-data" --sip 127.0.0.1:0 --management 127.0.0.1:0 --demo-registrar off --hocon "$WORK/load.conf" \
    > "$WORK/actorsip.log" 2>&1 &
AS_PID=$!; PIDS+=("$AS_PID")
start_uac uac "$UAC_PORT" "$REG_PORT" "$SHM" "$BITS" "$EXPIRES" "$N" 2000000

start=$SECONDS
while :; do
    sleep 2
    kill -0 "$AS_PID" 2>/dev/null || { tail -30 "$WORK/actorsip.log" >&2; echo "actorsip-node exited" >&2; exit 1; }
    kill -0 "$UAC_PID" 2>/dev/null || { tail -30 "$WORK/uac.log" >&2; echo "kamailio uac exited" >&2; exit 1; }
    s=$(stats)
    a=$(stat_of "$s" reg.1); k=$(stat_of "$s" reg.2)
    (( (SECONDS - start) % 10 < 2 )) && log "registered once: actorsip $a/$N, uac $k/$N"
    (( a >= N && k >= N )) && break
    if (( SECONDS - start > WARMUP )); then
        echo "not all bindings registered after $WARMUP s: actorsip $a/$N, uac $k/$N" >&2
        tail -20 "$WORK/actorsip.log" >&2; tail -20 "$WORK/uac.log" >&2; exit 1
    fi
done
log "all $N + $N bindings registered after $((SECONDS - start)) s; measuring for $WINDOW s"

# --- measure window ----------------------------------------------------------------------------------------------
s0=$(stats); a0=$(cpu_ticks "$AS_PID"); k0=$(cpu_ticks "$UAC_PID"); r0=$(cpu_ticks "$REG_PID"); t0=$(date +%s.%N)
sleep "$WINDOW"
s1=$(stats); a1=$(cpu_ticks "$AS_PID"); k1=$(cpu_ticks "$UAC_PID"); r1=$(cpu_ticks "$REG_PID"); t1=$(date +%s.%N)
kill -0 "$AS_PID" 2>/dev/null && kill -0 "$UAC_PID" 2>/dev/null || { echo "a side exited during the window" >&2; exit 1; }
AS_RSS=$(rss_kib "$AS_PID")

delta() { echo $(( $(stat_of "$s1" "$1") - $(stat_of "$s0" "$1") )); }
W=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
line() { # name tx chal req fail ticks
    awk -v name="$1" -v n="$N" -v tx="$2" -v ch="$3" -v rq="$4" -v fl="$5" -v t="$6" -v hz="$HZ" -v w="$W" 'BEGIN {
        c = t / hz
        printf "%s: %d bindings, %d transactions in %s s, %.2f cpu-s, %.0f tx/cpu-s (%.1f tx/s; registrar saw %d REGISTERs, %d challenged, %d failed)\n",
            name, n, tx, w, c, (c > 0 ? tx / c : 0), tx / w, rq, ch, fl }'
}
TX_A=$(delta ok.1); TX_K=$(delta ok.2)
echo "P1 refresh capacity, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
machine_line
echo "setup: actorsip akka.loglevel ${P1_ACTORSIP_LOGLEVEL:-INFO (default)}; expires $EXPIRES s, registrar kamailio $(kamailio -v | awk 'NR==1 {print $3}') on 127.0.0.1:$REG_PORT (digest MD5 qop=auth), window $W s"
line actorsip "$TX_A" "$(delta chal.1)" "$(delta req.1)" "$(delta fail.1)" $(( a1 - a0 ))
line kamailio-uac "$TX_K" "$(delta chal.2)" "$(delta req.2)" "$(delta fail.2)" $(( k1 - k0 ))
echo "registrar: $(awk -v t=$(( r1 - r0 )) -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}') cpu-s; actorsip-node RSS $(( AS_RSS / 1024 )) MiB"
awk -v ta="$TX_A" -v ca=$(( a1 - a0 )) -v tk="$TX_K" -v ck=$(( k1 - k0 )) 'BEGIN {
    if (ca == 0 || ck == 0 || tk == 0) { print "ratio (actorsip/uac): n/a"; exit }
    printf "ratio (actorsip/uac): %.3f\n", (ta / ca) / (tk / ck) }'

# Optional profile, taken after the window so the profiler's own cost is not in the ratio above.
if [[ -n ${P1_PERF:-} ]]; then
    log "profiling actorsip-node for 60 s (perf record -F 499 -g) into $P1_PERF"
    perf record -F 499 -g -p "$AS_PID" -o "$P1_PERF" -- sleep 60 > "$WORK/perf.log" 2>&1
    echo "profile (perf report -i $P1_PERF --no-children --sort dso,symbol), symbols with >= 0.7 % of the samples:"
    perf report -i "$P1_PERF" --no-children --sort dso,symbol --stdio -g none --percent-limit 0.7 2>/dev/null | grep -v '^#' | grep -v '^$'
fi
