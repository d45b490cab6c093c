#!/usr/bin/env bash
# test_fuzz_regressions.sh — every input a fuzzer ever crashed on stays
# fixed: each harness of fuzz/ (built as a plain program beside the binary,
# BUILD/fuzzrun_NAME) replays fuzz/regressions/NAME/ and a few inputs of the
# project's own testdata, under whatever sanitizers the build has (make asan
# runs this too). A harness that dies fails the test with its output.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
build=$(dirname "$bin")
export PLIMSOLL_TODAY=2026-11-25

# harness: seeds from testdata beside the regressions (each prefixed with its selector byte where it takes one)
mkdir -p "$tmp/seeds"
for f in "$root"/testdata/examples/*; do
  case "$f" in
    *Dockerfile*|*.dockerfile) printf '\001' | cat - "$f" > "$tmp/seeds/scan-$(basename "$f")" ;;
    *.json) printf '\003' | cat - "$f" > "$tmp/seeds/scan-$(basename "$f")" ;;
    *.y*ml) printf '\000' | cat - "$f" > "$tmp/seeds/scan-$(basename "$f")" ;;
  esac
done
for name in yaml dockerfile detect config glob suppress baseline scan; do
  h="$build/fuzzrun_$name"
  if [ ! -x "$h" ]; then bad "$name: no $h (make builds it with the tests)"; continue; fi
  inputs=()
  [ -d "$root/fuzz/regressions/$name" ] && inputs+=("$root/fuzz/regressions/$name")
  case "$name" in
    yaml|detect|config) inputs+=("$root/testdata/examples/deployment.yaml" "$root/testdata/suppress/config/.plimsoll.yaml") ;;
    dockerfile) inputs+=("$root/testdata/examples/Dockerfile") ;;
    scan) inputs+=("$tmp/seeds") ;;
  esac
  [ ${#inputs[@]} -gt 0 ] || { ok "$name: nothing to replay"; continue; }
  if out=$(timeout 600 "$h" "${inputs[@]}" 2>&1); then
    ok "$name: $(echo "$out" | tail -n 1)"
  else
    bad "$name: the harness failed on a regression input" "$out"
  fi
done
finish fuzz_regressions
