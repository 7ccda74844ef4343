#!/usr/bin/env bash
# Many processes on one state folder: SIGNALS runs of `HelloWorkflow signal workflow --wait` (the built program, no
# Mistral named) on one fresh embedded-engine folder, with 1, 5 and 20 of them running at a time. Prints, for each,
# the seconds taken, signals per second, and how many runs failed (non-zero exit, no SUCCESS, or anything on stderr
# besides the notice that the run is waiting for its execution), then how many executions the folder holds, how many
# of them ended SUCCESS, and how many runs printed a stack trace (needs jq).
# Usage: scripts/bench-many-processes.sh [SIGNALS] [PROCESS COUNTS...]   (default 200, and 1 5 20)
set -euo pipefail
cd "$(dirname "$0")/.."
signals=${1:-200}
shift || true
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 5 20)
project=examples/HelloWorkflow

dotnet build "$project" -c Debug -v quiet -nologo >/dev/null
program=$(find "$project/bin/Debug" -maxdepth 2 -name HelloWorkflow -type f -perm -u+x | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

one_signal() { # $1: a number for the run's files; leaves them only when the run failed
  local out="$work/runs/$1.out" err="$work/runs/$1.err"
  if env -u MISTRAL_URL MISTRAL_STATE_DIR="$work/state" "$program" signal workflow --wait >"$out" 2>"$err" \
     && grep -q SUCCESS "$out" && ! grep -qv '^Waiting for the executions' "$err"; then rm -f "$out" "$err"; fi
}
export -f one_signal
export work program

for processes in "${counts[@]}"; do
  rm -rf "$work/state" "$work/runs"; mkdir -p "$work/runs"
  env -u MISTRAL_URL MISTRAL_STATE_DIR="$work/state" "$program" deploy >/dev/null
  start=$(date +%s.%N)
  seq "$signals" | xargs -P "$processes" -I{} bash -c 'one_signal {}'
  end=$(date +%s.%N)
  failed=$(find "$work/runs" -name '*.out' | wc -l)
  executions=$(env -u MISTRAL_URL MISTRAL_STATE_DIR="$work/state" "$program" executions workflow --json)
  started=$(jq length <<<"$executions")
  succeeded=$(jq '[.[] | select(.state == "SUCCESS")] | length' <<<"$executions")
  traces=$( (find "$work/runs" -name '*.err' -exec grep -l '^ *at ' {} + || true) | wc -l)
  awk -v n="$signals" -v p="$processes" -v a="$start" -v b="$end" -v f="$failed" -v e="$started" -v s="$succeeded" -v t="$traces" \
    'BEGIN { printf "%2d processes: %d signals in %.1f s, %.2f signals/s, %d failed; %d executions, %d SUCCESS; %d runs with a stack trace\n", p, n, b - a, n / (b - a), f, e, s, t }'
  first=$(find "$work/runs" -name '*.out' | head -n 1)
  if [ -n "$first" ]; then echo "  first failed run:"; cat "$first" "${first%.out}.err" | head -n 20 | sed 's/^/    /'; fi
done
