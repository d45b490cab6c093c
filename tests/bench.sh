#!/usr/bin/env bash
# bench.sh — `make bench`: every speed and memory target of plimsoll, each
# measured against its baseline in the same run (rounds interleave the
# commands, so all see the same machine state), as medians and ratios.
# Not a test: no threshold fails it; the goal column says what is wanted.
#
#   Kubernetes corpus   plimsoll scan -j 2 against a one-thread libyaml
#                       parse-only floor over the same files (tools/bench_parse.c);
#                       -j 1 against -j 2 (and their outputs compared)
#   Dockerfiles         plimsoll scan against npm dockerfilelint (installed
#                       into BUILD/bench-npm on first use), same files
#   one small file      exec to exit, against cat
#   memory, linearity   peak RSS of the whole corpus and of a generated corpus
#                       of 10 copies of the Kubernetes one (BUILD/bench-10x,
#                       hard links), and the 10x time against 10 x the 1x time
#
# Environment: CORPUS (default ../shared/corpus), RUNS (rounds, default 5),
# RUNS10 (rounds of the 10x corpus, default 3), SMALL_RUNS (default 41).
set -eu
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus}
runs=${RUNS:-5}
runs10=${RUNS10:-3}
small_runs=${SMALL_RUNS:-41}
bin=$root/$build/plimsoll
floor=$root/$build/bench_parse
work=$root/$build/bench
k8s=$corpus/kubernetes
dockerfiles=$corpus/dockerfiles
small=$root/testdata/examples/deployment.yaml
[ -d "$k8s" ] && [ -d "$dockerfiles" ] || { echo "bench: no corpus at $corpus"; exit 1; }
mkdir -p "$work"

median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f", m}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
# run label command...: one timed run, appended to $work/t.label (wall
# seconds, exec to exit) and $work/c.label (CPU seconds, user + system, of the
# command and its children: what a shared, loaded machine does not inflate)
run() {
  local label=$1 a b
  shift
  a=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$work/cpu.tmp" "$@" >/dev/null 2>&1 || true
  b=$EPOCHREALTIME
  awk -v a="$a" -v b="$b" 'BEGIN {printf "%.6f\n", b - a}' >>"$work/t.$label"
  # (the last line: /usr/bin/time writes "Command exited with non-zero
  # status N" before it when the scan exits with findings or errors)
  tail -n 1 "$work/cpu.tmp" | awk '{printf "%.4f\n", $1 + $2}' >>"$work/c.$label"
}
med() { median <"$work/t.$1"; }
cpu() { median <"$work/c.$1"; }
peak() { # command... → peak RSS in MiB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1 / 1024}'
}
rm -f "$work"/t.* "$work"/c.*

# ---------------------------------------------------------------- dockerfilelint
dfl=$work/../bench-npm/node_modules/.bin/dockerfilelint
if [ ! -x "$dfl" ] && command -v npm >/dev/null; then
  echo "bench: installing dockerfilelint from npm into $build/bench-npm"
  npm install --silent --no-audit --no-fund --prefix "$work/../bench-npm" dockerfilelint >/dev/null 2>&1 || true
fi
mapfile -t df_files < <("$floor" --list "$dockerfiles" | while read -r f; do
  case "$f" in *.json|*.yaml|*.yml) ;; *) echo "$f" ;; esac; done)

# ---------------------------------------------------------------- 10x corpus
big=$work/../bench-10x
if [ ! -f "$big/.complete" ]; then
  echo "bench: making the 10x corpus in $build/bench-10x (hard links)"
  rm -rf "$big"
  mkdir -p "$big"
  for i in 0 1 2 3 4 5 6 7 8 9; do cp -al "$k8s" "$big/copy$i"; done
  touch "$big/.complete"
fi

"$floor" "$k8s"
echo "Dockerfiles: ${#df_files[@]} files"
scan=("$bin" scan --format json --fail-on none)
for _ in $(seq "$runs"); do
  run floor "$floor" "$k8s"
  run j2 "${scan[@]}" -j 2 "$k8s"
  run j1 "${scan[@]}" -j 1 "$k8s"
  run df "${scan[@]}" "${df_files[@]}"
  [ -x "$dfl" ] && run dfl "$dfl" -j "${df_files[@]}"
  run auto1x "${scan[@]}" "$k8s"
done
# one small file: alone (--no-context: what the goal is about), and as a
# pre-commit hook runs it inside this repository, which reads the
# repository's other YAML files as context for the cross-document checks
for _ in $(seq "$small_runs"); do
  run small "${scan[@]}" --no-context "$small"
  run smallctx "${scan[@]}" "$small"
  run cat cat "$small"
done
for _ in $(seq "$runs10"); do
  run auto10x "${scan[@]}" "$big"
done

"${scan[@]}" -j 1 "$k8s" >"$work/j1.json" 2>/dev/null || true
"${scan[@]}" -j 2 "$k8s" >"$work/j2.json" 2>/dev/null || true
same=$(cmp -s "$work/j1.json" "$work/j2.json" && echo "identical" || echo "DIFFERENT")
findings=$(sed -n 's/^    "findings": \([0-9]*\),$/\1/p' "$work/j2.json")
rss_all=$(peak "${scan[@]}" "$corpus")
rss_1x=$(peak "${scan[@]}" "$k8s")
rss_10x=$(peak "${scan[@]}" "$big")
rss_floor=$(peak "$floor" "$k8s")

f=$(med floor) j2=$(med j2) j1=$(med j1) df=$(med df) a1=$(med auto1x) a10=$(med auto10x)
sm=$(awk '{printf "%.3f\n", $1 * 1000}' "$work/t.small" | median)
ct=$(awk '{printf "%.3f\n", $1 * 1000}' "$work/t.cat" | median)
smc=$(awk '{printf "%.3f\n", $1 * 1000}' "$work/t.smallctx" | median)
nctx=$("${scan[@]}" --verbose "$small" 2>&1 >/dev/null | sed -n 's/^plimsoll: \([0-9]*\) other files\{0,1\} of the repository read as context.*/\1/p')
if [ -x "$dfl" ]; then d=$(med dfl); dc=$(cpu dfl); dfl_line=$(printf '%8ss  %5sx faster' "$d" "$(ratio "$d" "$df")")
else dfl_line="not installed (no npm): no ratio"; fi
fc=$(cpu floor) j2c=$(cpu j2) j1c=$(cpu j1) dfc=$(cpu df) a1c=$(cpu auto1x) a10c=$(cpu auto10x)

echo
echo "median of $runs rounds ($runs10 for 10x, $small_runs for one file); goal in brackets"
printf '  %-40s %8ss\n' "floor: parse-only, 1 thread" "$f"
printf '  %-40s %8ss  %5sx floor      [<= 2.0x]  (%s findings)\n' "Kubernetes corpus, -j 2" "$j2" "$(ratio "$j2" "$f")" "$findings"
printf '  %-40s %8ss  %5sx faster    [>= 1.8x]  (-j 1 %ss; outputs %s)\n' "-j 2 against -j 1" "$j2" "$(ratio "$j1" "$j2")" "$j1" "$same"
printf '  %-40s %8ss\n' "Dockerfiles (${#df_files[@]}), plimsoll" "$df"
printf '  %-40s %s  [>= 2.0x]\n' "  dockerfilelint, same files" "$dfl_line"
printf '  %-40s %7sms  (cat %sms)          [<= 4 ms]\n' "one small file, exec to exit" "$sm" "$ct"
printf '  %-40s %7sms  (%s files of this repository read as context)\n' "  the same in this repository" "$smc" "${nctx:-0}"
printf '  %-40s %6s MiB                    [<= 64 MiB]\n' "peak RSS, whole corpus" "$rss_all"
printf '  %-40s %6s MiB  (1x %s MiB; floor %s MiB)  [<= 64 MiB]\n' "peak RSS, 10x Kubernetes corpus" "$rss_10x" "$rss_1x" "$rss_floor"
printf '  %-40s %8ss  %5sx 10 x 1x (%ss)  [~1.0: linear]\n' "10x Kubernetes corpus, time" "$a10" "$(ratio "$a10" "$(awk -v a="$a1" 'BEGIN {print 10 * a}')")" "$a1"
echo
echo "CPU seconds (user + system), median of the same runs: the ratios a loaded machine does not distort"
echo "(the one small file is below /usr/bin/time's 10 ms resolution: its wall time above, or callgrind)"
printf '  %-40s %8ss\n' "floor: parse-only, 1 thread" "$fc"
printf '  %-40s %8ss  %5sx floor (CPU of both threads against one: 2 x the wall goal)\n' "Kubernetes corpus, -j 2" "$j2c" "$(ratio "$j2c" "$fc")"
printf '  %-40s %8ss  %5sx floor\n' "Kubernetes corpus, -j 1" "$j1c" "$(ratio "$j1c" "$fc")"
if [ -x "$dfl" ]; then printf '  %-40s %8ss  dockerfilelint %ss: %sx faster  [>= 2.0x]\n' "Dockerfiles, plimsoll" "$dfc" "$dc" "$(ratio "$dc" "$dfc")"
else printf '  %-40s %8ss\n' "Dockerfiles, plimsoll" "$dfc"; fi
printf '  %-40s %8ss  %5sx 10 x 1x (%ss)  [~1.0: linear]\n' "10x Kubernetes corpus" "$a10c" "$(ratio "$a10c" "$(awk -v a="$a1c" 'BEGIN {print 10 * a}')")" "$a1c"
echo "image archives against tar -tzf: below (tests/bench_image.sh)"
