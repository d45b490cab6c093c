#!/usr/bin/env bash
# bench.sh — `make bench`: time a full scan of ../shared/corpus against, in the
# same run, a parse-only pass over the same files (the floor), and print the
# ratio, median wall times, and peak memory. Not a test: no threshold.
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus}
runs=${RUNS:-5}
bin=$root/$build/plimsoll
floor=$root/$build/bench_parse
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus"; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
now() { date +%s.%N; }
measure() { # label command... ; prints median seconds
  local t=()
  for _ in $(seq "$runs"); do
    local a b; a=$(now); "$@" >/dev/null 2>&1 || true; b=$(now)
    t+=("$(echo "$b - $a" | bc -l)")
  done
  printf '%s\n' "${t[@]}" | median
}
peak() { # command... ; prints peak RSS in MiB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1/1024}'
}

"$floor" "$corpus"
# interleave: floor, scan, scan -j1 — same machine state for all three
f=$(measure "$floor" "$corpus")
s=$(measure "$bin" scan --format json --fail-on none "$corpus")
s1=$(measure "$bin" scan -j 1 --format json --fail-on none "$corpus")
mf=$(peak "$floor" "$corpus"); ms=$(peak "$bin" scan --format json --fail-on none "$corpus")
findings=$("$bin" scan --format json --fail-on none "$corpus" 2>/dev/null | sed -n 's/^    "findings": \([0-9]*\),$/\1/p')
echo "median of $runs runs:"
printf '  parse-only floor      %8ss   peak %6s MiB\n' "$f" "$mf"
printf '  plimsoll scan (auto)  %8ss   peak %6s MiB   ratio %.2fx   (%s findings)\n' "$s" "$ms" "$(echo "$s / $f" | bc -l)" "$findings"
printf '  plimsoll scan -j 1    %8ss                  ratio %.2fx\n' "$s1" "$(echo "$s1 / $f" | bc -l)"
