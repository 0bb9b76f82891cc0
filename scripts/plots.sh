#!/usr/bin/env bash
# Renders the benchmark results in benchmarks/data/*.csv (transcribed from the runs BENCHMARKS.md records) as PNGs
# in docs/plots/: bindings vs CPU (P1), bindings vs memory (P2), failover times (P3). Needs gnuplot
# (Debian: apt-get install gnuplot-nox). Usage: bash scripts/plots.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/benchmarks/data
out=$root/docs/plots
command -v gnuplot >/dev/null || { echo "gnuplot is missing: apt-get install gnuplot-nox" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# P1: CPU milliseconds per second of wall time, per side, refreshing and idle.
for side in actorsip uac actorsip-idle uac-idle actorsip-tuned uac-tuned-run; do
  awk -F, -v s="$side" '!/^#/ && $1 == s { printf "%d %.2f\n", $2, 1000 * $3 / $4 }' "$data/p1-cpu.csv" | sort -n > "$tmp/$side.dat"
done
gnuplot <<GP
set terminal pngcairo size 800,500
set output "$out/p1-bindings-vs-cpu.png"
set title "P1: CPU to keep N bindings registered (refresh every 48 s) — ActorSip vs Kamailio uac"
set xlabel "bindings"; set ylabel "CPU, ms per second"; set logscale x; set logscale y; set key bottom right
set xrange [500:20000]
plot "$tmp/actorsip.dat" with linespoints lw 2 title "actorsip-node", \
     "$tmp/uac.dat" with linespoints lw 2 title "Kamailio uac", \
     "$tmp/actorsip-idle.dat" with linespoints dt 2 title "actorsip-node idle (expires 3600)", \
     "$tmp/uac-idle.dat" with linespoints dt 2 title "Kamailio uac idle", \
     "$tmp/actorsip-tuned.dat" with linespoints lw 2 pt 7 title "actorsip-node after the second tuning pass", \
     "$tmp/uac-tuned-run.dat" with linespoints lw 1 pt 7 title "Kamailio uac, same runs"
GP

# P2: resident memory by bindings.
awk -F, '!/^#/ { f = $1; gsub(/ /, "_", f); print $2, $3 > "'"$tmp"'/mem-" f ".dat" }' "$data/p2-memory.csv"
for f in "$tmp"/mem-*.dat; do sort -n -o "$f" "$f"; done
gnuplot <<GP
set terminal pngcairo size 800,500
set output "$out/p2-bindings-vs-memory.png"
set title "P2: resident memory with N bindings registered"
set xlabel "bindings"; set ylabel "MiB"; set logscale x; set key top left; set xrange [50:150000]
plot "$tmp/mem-actorsip_server_GC.dat" with linespoints lw 2 title "actorsip-node, server GC", \
     "$tmp/mem-actorsip_workstation_GC.dat" with linespoints lw 2 title "actorsip-node, workstation GC", \
     "$tmp/mem-actorsip_workstation_GC_run_2.dat" with linespoints dt 2 title "actorsip-node, workstation GC, second run", \
     "$tmp/mem-actorsip_second_pass.dat" with linespoints lw 2 title "actorsip-node, second tuning pass", \
     "$tmp/mem-actorsip_second_pass_50k_run.dat" with linespoints lw 2 title "actorsip-node, second pass, 50,000", \
     "$tmp/mem-actorsip_third_pass_at_rest.dat" with linespoints lw 3 pt 7 title "actorsip-node, third pass, at rest", \
     "$tmp/mem-kamailio_uac.dat" with linespoints lw 3 pt 5 title "Kamailio uac keeping them registered (peer)", \
     "$tmp/mem-kamailio_registrar.dat" with linespoints pt 7 ps 1.5 title "Kamailio registrar holding them (shared memory)"
GP

# P3: every failover run, by pool size.
awk -F, '!/^#/ { print $1, $2, ($3 ~ /^pause 3/ ? 0 : 1) }' "$data/p3-failover.csv" > "$tmp/failover.dat"
gnuplot <<GP
set terminal pngcairo size 800,500
set output "$out/p3-failover-times.png"
set title "P3: kill -9 of the busiest of 3 nodes -> its last binding registered again"
set xlabel "bindings in the cluster"; set ylabel "seconds"; set logscale x; set xrange [200:15000]; set yrange [0:30]
set arrow from 200,10 to 15000,10 nohead dt 2; set label "goal 10 s" at 230,11
plot "$tmp/failover.dat" using 1:(\$3 == 0 ? \$2 : 1/0) with points pt 6 ps 1.5 title "before the LAN tuning", \
     "$tmp/failover.dat" using 1:(\$3 == 1 ? \$2 : 1/0) with points pt 7 ps 1.5 title "runs since"
GP
ls "$out"
