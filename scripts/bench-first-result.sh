#!/usr/bin/env bash
# The first result of README's run command on the embedded engine: seconds from starting
# `dotnet run --project examples/HelloWorkflow` to its exit after printing the execution, with no engine state
# (.mistral/ removed before each round) and no Mistral named (MISTRAL_URL unset). The project is built once first,
# so a round measures what a user waits for after the first build: `dotnet run`'s up-to-date check, the process
# start, the deploy, the signal and the execution. The built program alone (no `dotnet run`) is timed too.
# Usage: scripts/bench-first-result.sh [ROUNDS]   (default 5; prints each round and the medians)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
project=examples/HelloWorkflow
state=$project/.mistral

dotnet build "$project" -c Debug -v quiet -nologo >/dev/null
program=$(find "$project/bin/Debug" -maxdepth 2 -name HelloWorkflow -type f -perm -u+x | head -n 1)

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

time_round() { # $@: the command; prints seconds, fails when the run did not end in SUCCESS
  rm -rf "$state"
  local output start end
  output=$(mktemp)
  start=$(date +%s.%N)
  env -u MISTRAL_URL "$@" >"$output" 2>&1 || { cat "$output"; rm -f "$output"; return 1; }
  end=$(date +%s.%N)
  grep -q SUCCESS "$output" || { echo "no SUCCESS in the output:"; cat "$output"; rm -f "$output"; return 1; }
  rm -f "$output"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}

run_times=(); program_times=()
for round in $(seq "$rounds"); do
  run_times+=("$(time_round dotnet run --project "$project")")
  program_times+=("$(time_round "$program")")
  echo "round $round: dotnet run ${run_times[-1]} s, built program ${program_times[-1]} s"
done
rm -rf "$state"
echo "median of $rounds: dotnet run $(printf '%s\n' "${run_times[@]}" | median) s, built program $(printf '%s\n' "${program_times[@]}" | median) s"
