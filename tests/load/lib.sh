# Shared by the load scripts (sourced, not run): logging, free ports, the machine line, building the node, the
# Kamailio registrar of registrar.cfg.in and generated IOS trunk files. The caller sets WORK (its work directory)
# and PIDS (process groups its cleanup kills).
LOAD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LOAD_DIR/../.." && pwd)

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# cleanup KEEP: for `trap 'cleanup ...' EXIT`. Ends every process group in PIDS (each side runs under setsid: TERM,
# then KILL a second later) and removes WORK unless KEEP is 1 or the script failed; exits with the script's status.
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
    if [[ ${1:-0} == 1 || $rc -ne 0 ]]; then echo "work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
    exit "$rc"
}

free_udp_port() {
    python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

machine_line() {
    echo "machine: nproc $(nproc), $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Hash table size (log2) for N entries: about one entry per slot, between 2^10 and 2^16.
hash_bits() { local b=10; while (( (1 << b) < $1 && b < 16 )); do b=$((b + 1)); done; echo "$b"; }

# build_node SKIP: builds src/ActorSip.Node (Release) unless SKIP is 1; sets NODE_DLL.
build_node() {
    if [[ ${1:-0} != 1 ]]; then
        log "building src/ActorSip.Node (Release)"
        dotnet build "$ROOT/src/ActorSip.Node" -c Release -nologo -v q > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; return 1; }
    fi
    NODE_DLL="$ROOT/src/ActorSip.Node/bin/Release/net10.0/actorsip-node.dll"
    [[ -f $NODE_DLL ]] || { echo "missing $NODE_DLL" >&2; return 1; }
}

# start_registrar PORT SHM_MB BITS: Kamailio from registrar.cfg.in in a process group of its own, answering on its
# ctl socket before this returns; sets REG_PID.
start_registrar() {
    sed -e "s|@PORT@|$1|g" -e "s|@CTL@|$WORK/registrar.ctl|g" -e "s|@CHILDREN@|4|g" -e "s|@SEEN_BITS@|$3|g" \
        "$LOAD_DIR/registrar.cfg.in" > "$WORK/registrar.cfg"
    log "registrar: kamailio on udp:127.0.0.1:$1"
    setsid kamailio -f "$WORK/registrar.cfg" -DD -E -m "$2" -M 16 -Y "$WORK/registrar.rt" > "$WORK/registrar.log" 2>&1 &
    REG_PID=$!; PIDS+=("$REG_PID")
    disown # killed by the cleanup: no "Killed" report from the shell
    for _ in $(seq 50); do kamcmd -s "unix:$WORK/registrar.ctl" core.version > /dev/null 2>&1 && return 0; sleep 0.2; done
    cat "$WORK/registrar.log" >&2
    return 1
}

# htable `stats` of the registrar as "key value" lines (registrar.cfg.in counts per side: the first digit of
# the From user, e.g. reg.1 users registered at least once, ok.1 200s sent, chal.1 401s, req.1 REGISTERs).
stats() {
    kamcmd -s "unix:$WORK/registrar.ctl" htable.dump stats 2>/dev/null \
        | awk '/name:/ {n=$2} /value:/ {print n, $2}'
}
stat_of() { awk -v k="$2" '$1 == k {v=$2} END {print v+0}' <<< "$1"; }

# write_trunks FILE REGISTRAR_PORT EXPIRES COUNT FIRST_NUMBER: one registrar, COUNT credentials numbered from
# FIRST_NUMBER, username uNUMBER, password pw-uNUMBER (what registrar.cfg.in computes), realm load.test.
write_trunks() {
    {
        echo "sip-ua"
        echo " registrar 1 ipv4:127.0.0.1:$2 expires $3"
        for (( i = 0; i < $4; i++ )); do
            local n=$(( $5 + i ))
            echo " credentials number $n username u$n password pw-u$n realm load.test"
        done
    } > "$1"
}

# start_uac NAME PORT REGISTRAR_PORT SHM_MB BITS EXPIRES COUNT FIRST_NUMBER: the peer, Kamailio's uac module from
# uac.cfg.in keeping COUNT bindings (db_text table WORK/NAME-db; user numbers from FIRST_NUMBER, username uNUMBER,
# password pw-uNUMBER, realm load.test) registered with the registrar, in a process group of its own, its ctl socket
# at WORK/NAME.ctl; 12 s timer ticks and the first REGISTERs spread over 48 s. Sets UAC_PID.
start_uac() {
    local name=$1 port=$2 reg=$3 db="$WORK/$1-db"
    mkdir -p "$db"
    grep -E '^id\(|:uacreg:' /usr/share/kamailio/dbtext/kamailio/version > "$db/version" || true
    [[ -s $db/version ]] || printf 'table_name(string) table_version(int)\nuacreg:5\n' > "$db/version"
    {
        # The header of /usr/share/kamailio/dbtext/kamailio/uacreg, with the unused columns allowed to be empty.
        echo "id(int,auto) l_uuid(string) l_username(string) l_domain(string) r_username(string) r_domain(string) realm(string) auth_username(string) auth_password(string) auth_ha1(string,null) auth_proxy(string) expires(int) flags(int) reg_delay(int) contact_addr(string,null) socket(string,null) "
        for (( i = 0; i < $7; i++ )); do
            local num=$(( $8 + i ))
            # id:l_uuid:l_username:l_domain:r_username:r_domain:realm:auth_username:auth_password:auth_ha1:auth_proxy:
            # expires:flags:reg_delay:contact_addr:socket
            echo "$((i + 1)):k$num:$num:load.test:$num:127.0.0.1\\:$reg:load.test:u$num:pw-u$num::sip\\:127.0.0.1\\:$reg:$6:0:0::"
        done
    } > "$db/uacreg"
    sed -e "s|@PORT@|$port|g" -e "s|@CTL@|$WORK/$name.ctl|g" -e "s|@CHILDREN@|2|g" -e "s|@DB@|$db|g" \
        -e "s|@TIMER@|12|g" -e "s|@SPREAD@|48|g" -e "s|@HASH_BITS@|$5|g" "$LOAD_DIR/uac.cfg.in" > "$WORK/$name.cfg"
    setsid kamailio -f "$WORK/$name.cfg" -DD -E -m "$4" -M 16 -Y "$WORK/$name.rt" > "$WORK/$name.log" 2>&1 &
    UAC_PID=$!; PIDS+=("$UAC_PID")
    disown
}

# shm_used CTL_SOCKET: bytes of shared memory a kamailio has in use.
shm_used() { kamcmd -s "unix:$1" core.shmmem 2>/dev/null | awk '$1 == "used:" {print $2; exit}'; }
