#!/usr/bin/env bash
# Fuzzes one parser with AFL++ for a bounded time: bash scripts/fuzz.sh sip|auth SECONDS [OUT-DIR]
# Builds tests/ActorSip.Fuzz, instruments ActorSip.Sip.dll with sharpfuzz, seeds from the RFC 4475 / RFC 5118
# messages (sip) or tests/ActorSip.Fuzz/Seeds/auth (auth), runs afl-fuzz -V SECONDS, then replays every crash and
# prints it. Exit 0 when no crash was found, 1 when one was (inputs kept in OUT-DIR/default/crashes).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-}; seconds=${2:-}
if [[ ! "$target" =~ ^(sip|auth)$ || ! "$seconds" =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/fuzz.sh sip|auth SECONDS [OUT-DIR]" >&2; exit 2
fi
out=${3:-/tmp/actorsip-fuzz-$target}
conformance=${ACTORSIP_CONFORMANCE:-tests/fixtures/conformance}

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
  else
    echo "afl-fuzz missing: apt-get install afl++" >&2; exit 2
  fi
fi
dotnet tool restore >/dev/null

bin=$(mktemp -d /tmp/actorsip-fuzz-bin.XXXX)
dotnet publish tests/ActorSip.Fuzz -c Release -o "$bin" --nologo -v q >/dev/null
# Crashes are replayed on an uninstrumented copy: the instrumented one needs afl-fuzz's shared memory.
plain="$bin.plain"
cp -r "$bin" "$plain"
dotnet sharpfuzz "$bin/ActorSip.Sip.dll" ActorSip.Sip.Parsing ActorSip.Sip.Auth ActorSip.Sip.Messages >/dev/null

seeds=$(mktemp -d /tmp/actorsip-fuzz-seeds.XXXX)
if [ "$target" = sip ]; then
  # Small seeds keep AFL fast; the oversized torture messages are mutations AFL finds by itself.
  find "$conformance/rfc4475" "$conformance/rfc5118" -type f \
       ! -name '*.tsv' ! -name '*.py' ! -name SHA256SUMS -size -4k -exec cp {} "$seeds/" \; 2>/dev/null || true
  [ -n "$(ls -A "$seeds")" ] || { echo "no seeds under $conformance" >&2; exit 2; }
else
  cp tests/ActorSip.Fuzz/Seeds/auth/* "$seeds/"
fi

rm -rf "$out"; mkdir -p "$out"
echo "fuzzing $target for ${seconds}s with $(ls "$seeds" | wc -l) seeds; findings in $out"
# AFL_SKIP_CPUFREQ / AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES: containers cannot tune the CPU governor or core_pattern.
AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 \
AFL_NO_AFFINITY=1 AFL_AUTORESUME=0 \
  afl-fuzz -i "$seeds" -o "$out" -V "$seconds" -t 5000 -m none -- dotnet "$bin/ActorSip.Fuzz.dll" "$target" \
  > "$out/afl.log" 2>&1 || { tail -30 "$out/afl.log" >&2; exit 2; }

stats="$out/default/fuzzer_stats"
for k in execs_done execs_per_sec corpus_count saved_crashes saved_hangs; do grep -E "^$k " "$stats" || true; done
crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
rm -rf "$seeds"
if [ "$crashes" -gt 0 ]; then
  echo "$crashes crashing inputs; the first five replayed:"
  for f in $(ls "$out"/default/crashes/id:* | head -5); do
    echo "== $f"; dotnet "$plain/ActorSip.Fuzz.dll" "$target" "$f" 2>&1 | head -15 || true
  done
  echo "replay one: dotnet $plain/ActorSip.Fuzz.dll $target FILE"
  exit 1
fi
rm -rf "$bin" "$plain"
echo "no crash"
