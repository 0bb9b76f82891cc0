#!/usr/bin/env bash
# Runs every test of ActorSip, the way CI does, and ends with one totals line
# ("N passed, N failed[, N skipped]") because CI does not read dotnet test's own summary.
set -uo pipefail
cd "$(dirname "$0")/.."

# System packages the integration tests talk to (real SIP peers, the multi-node journal).
# Installed only when missing, and only where we may (root, apt present).
need=()
for pkg in $(grep -v '^#' scripts/test-packages.txt 2>/dev/null); do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing packages (install them as root): ${need[*]}" >&2
  fi
fi

log=$(mktemp)
dotnet test ActorSip.sln -c Release --nologo 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# Sum the per-assembly lines: "Passed!  - Failed: 0, Passed: 10, Skipped: 0, Total: 10, ..."
read -r failed passed skipped < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | awk -F'[:,] *' '{f+=$2; p+=$4; s+=$6} END {print f+0, p+0, s+0}')
rm -f "$log"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $rc without a failed test: a build error or a crashed test host (see above)" >&2
fi
if [ "$rc" -ne 0 ] || [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
