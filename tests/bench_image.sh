#!/usr/bin/env bash
# bench_image.sh — `make bench-image` (and the end of `make bench`): a full
# scan of the real image (tools/build-real-image.sh, built when missing) as an
# OCI tar and as a docker-save archive against, in the same run, `tar -tzf`
# over the image's layer blob (the gzip tar that is nearly all of the
# archive): median wall times, the speed ratio (tar time / plimsoll time: 1.0
# is as fast as listing the layer, 0.5 half as fast), peak memory.
#   tests/bench_image.sh BUILD_DIR          the report
#   tests/bench_image.sh --ratio BIN DIR    one interleaved measurement of CPU
#                                          time (3 runs each), the ratio alone
#                                          (for tests: robust on a loaded machine)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
now() { date +%s.%N; }
blob_of() {
  python3 -c '
import json, sys
m = json.load(open(sys.argv[1] + "/oci/index.json"))["manifests"][0]["digest"][7:]
man = json.load(open(sys.argv[1] + "/oci/blobs/sha256/" + m))
print(sys.argv[1] + "/oci/blobs/sha256/" + man["layers"][0]["digest"][7:])' "$1"
}
# interleaved runs: tar, scan OCI tar, scan docker archive; prints 3 medians
measure() { # bin dir runs
  local bin=$1 dir=$2 runs=$3 blob
  blob=$(blob_of "$dir")
  local t=() s=() d=()
  for _ in $(seq "$runs"); do
    local a b
    a=$(now); tar -tzf "$blob" >/dev/null; b=$(now); t+=("$(echo "$b - $a" | bc -l)")
    a=$(now); "$bin" scan --no-config --format json --fail-on none "$dir/oci.tar" >/dev/null 2>&1 || true; b=$(now)
    s+=("$(echo "$b - $a" | bc -l)")
    a=$(now); "$bin" scan --no-config --format json --fail-on none "$dir/docker.tar" >/dev/null 2>&1 || true; b=$(now)
    d+=("$(echo "$b - $a" | bc -l)")
  done
  echo "$(printf '%s\n' "${t[@]}" | median) $(printf '%s\n' "${s[@]}" | median) $(printf '%s\n' "${d[@]}" | median)"
}

# CPU seconds (user + system, children included: tar's gzip) of one command
cpu() { /usr/bin/time -o "$cpu_out" -f '%U %S' "$@" >/dev/null 2>&1 || true; tail -n 1 "$cpu_out" | awk '{printf "%.3f", $1 + $2}'; }
cpu_out=$(mktemp)
trap 'rm -f "$cpu_out"' EXIT
# interleaved runs: CPU time of tar -tzf and of the scan of oci.tar; 2 medians.
# CPU time, not wall time, so that a loaded machine (CI beside other jobs)
# does not decide the result: wall time under load measures the scheduler.
measure_cpu() { # bin dir runs
  local bin=$1 dir=$2 runs=$3 blob t=() s=()
  blob=$(blob_of "$dir")
  for _ in $(seq "$runs"); do
    t+=("$(cpu tar -tzf "$blob")")
    s+=("$(cpu "$bin" scan --no-config --format json --fail-on none "$dir/oci.tar")")
  done
  echo "$(printf '%s\n' "${t[@]}" | median) $(printf '%s\n' "${s[@]}" | median)"
}

if [ "${1:-}" = "--ratio" ]; then
  read -r t s <<< "$(measure_cpu "$2" "$3" 3)"
  echo "$t $s" | awk '{printf "%.2f\n", $1 / $2}'
  exit 0
fi

build=${1:-build}
bin=$root/$build/plimsoll
dir=${PLIMSOLL_REAL_IMAGE:-$("$root/tools/build-real-image.sh" --path)}
[ -f "$dir/done" ] || dir=$("$root/tools/build-real-image.sh" | tail -n 1)
runs=${RUNS:-5}
read -r t s d <<< "$(measure "$bin" "$dir" "$runs")"
peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1/1024}'; }
blob=$(blob_of "$dir")
usize=$(gzip -l "$blob" | awk 'NR==2{printf "%.0f", $2/1048576}')
echo "real image ($dir): a ${usize} MiB layer, median of $runs interleaved runs:"
printf '  tar -tzf layer            %8ss   peak %6s MiB\n' "$t" "$(peak tar -tzf "$blob")"
printf '  plimsoll scan oci.tar     %8ss   peak %6s MiB   speed %.2fx of tar -tzf\n' "$s" \
  "$(peak "$bin" scan --no-config --fail-on none "$dir/oci.tar")" "$(echo "$t / $s" | bc -l)"
printf '  plimsoll scan docker.tar  %8ss   peak %6s MiB   speed %.2fx of tar -tzf\n' "$d" \
  "$(peak "$bin" scan --no-config --fail-on none "$dir/docker.tar")" "$(echo "$t / $d" | bc -l)"
read -r tc sc <<< "$(measure_cpu "$bin" "$dir" "$runs")"
printf '  CPU time (user+sys, gzip included): tar -tzf %ss, scan oci.tar %ss: speed %.2fx of tar -tzf\n' \
  "$tc" "$sc" "$(echo "$tc / $sc" | bc -l)"
