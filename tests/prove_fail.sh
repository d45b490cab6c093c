#!/usr/bin/env bash
# prove_fail.sh — proves the test suite can fail. Runs it against deliberately
# broken builds and requires every run to FAIL, for the reason the break
# implies; a broken build that passes is a failure of this script.
#
#   control        the real binary: the golden suite passes (so the
#                  runner is not simply failing everything)
#   silent         a binary that exits 0 with no output, for every command:
#                  tests/run_all.sh fails, and so does each CLI test file
#   segv           a binary that dies of SIGSEGV at once: the same
#   scan-silent    `checks` answers, `scan` exits 0 with no output: every
#                  golden case fails
#   crash-after    `scan` prints the right output, then dies of SIGSEGV: every
#                  golden case fails (only the exit code tells)
#   fix-text       `scan` output with the fix: lines altered: exactly the
#                  golden cases whose expected holds a fix: line fail
#   missing-check  a real build with one check file left out of the embedded
#                  set (built in BUILD_DIR/prove-fail): the golden suite fails
#                  and names that check
#   bad cases      a copy of the runner with broken case folders: an unknown
#                  check, a misnamed folder, a case on an input the check does
#                  not read, no expected file, an input left without a fail case
#
# Usage: tests/prove_fail.sh [BUILD_DIR]   (default build; needs BUILD_DIR/plimsoll)
# PROVE_FAIL_DROP=checks/…/x.lua picks the check file to leave out (default:
# the first check in sorted order). Prints one line per proof and
# "prove-fail: N passed, N failed" last; exits non-zero when a broken build
# made the suite pass. Takes about 45 s of CPU (six golden runs, two runs of
# tests/run_all.sh, one build).
# shellcheck disable=SC2016 # the broken binaries' bodies expand when they run
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
real=$root/$build/plimsoll
[ -x "$real" ] || { echo "prove_fail.sh: no $real (run make first)" >&2; exit 2; }
export PLIMSOLL_TODAY=2026-11-25 NO_COLOR=1
ulimit -c 0   # the crashing binaries run inside the case folders: no core files there
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ $# -lt 2 ] || echo "$2" | head -n 30 | sed 's/^/    /'; fail=$((fail + 1)); }

# ---- the broken binaries
broken() { # name body: a bash script standing in for plimsoll
  printf '#!/usr/bin/env bash\nulimit -c 0\nreal=%q\n%s\n' "$real" "$2" > "$tmp/$1"
  chmod +x "$tmp/$1"
}
broken silent 'exit 0'
broken segv 'kill -SEGV $$'
broken scan-silent '[ "$1" = scan ] && exit 0
exec "$real" "$@"'
broken crash-after '[ "$1" = scan ] || exec "$real" "$@"
"$real" "$@"
kill -SEGV $$'
broken fix-text '[ "$1" = scan ] || exec "$real" "$@"
"$real" "$@" | sed "s/^\(        fix: \)/\1(altered) /"
exit "${PIPESTATUS[0]}"'

golden() { # binary: runs the golden suite, output in $tmp/golden.out, exit code in $rc
  PLIMSOLL=$1 tests/golden.sh > "$tmp/golden.out" 2>&1
  rc=$?
}
# The case folders (check/case) the golden run reported as failing, sorted.
failed_cases() { sed -n 's|^FAIL \([^ :/]*/[^ :]*\).*|\1|p' "$tmp/golden.out" | LC_ALL=C sort -u; }
all_cases() { (cd testdata/checks && ls -d -- */*/) | sed 's|/$||' | LC_ALL=C sort; }
summary() { tail -n 1 "$tmp/golden.out"; }

# ---- control: the runner passes with the real binary
golden "$real"
if [ $rc -eq 0 ]; then ok "control: golden suite passes with the real binary ($(summary))"
else bad "control: golden suite fails with the real binary" "$(grep -v '^ok ' "$tmp/golden.out")"; fi

# ---- silent and segv: the whole suite fails, and every CLI test file does
for b in silent segv; do
  PLIMSOLL=$tmp/$b tests/run_all.sh "$build" > "$tmp/all.out" 2>&1
  rc=$?
  last=$(tail -n 1 "$tmp/all.out")
  if [ $rc -ne 0 ] && [[ $last =~ ^[0-9]+\ passed,\ [1-9][0-9]*\ failed$ ]]; then ok "$b: tests/run_all.sh fails ($last)"
  else bad "$b: tests/run_all.sh passed (exit $rc)" "$(tail -n 5 "$tmp/all.out")"; fi
  g=$(grep '^golden: ' "$tmp/all.out")
  if [[ $g =~ [1-9][0-9]*\ failed$ ]]; then ok "$b: golden suite fails ($g)"; else bad "$b: golden suite passed" "$g"; fi
  for t in tests/cli/test_*.sh; do
    n=${t##*/test_}; n=${n%.sh}
    line=$(grep -E "^$n: [0-9]+ passed, [0-9]+ failed$" "$tmp/all.out")
    if [ -z "$line" ] || [[ $line =~ [1-9][0-9]*\ failed$ ]]; then ok "$b: $t fails (${line:-no result line})"
    else bad "$b: $t passed" "$line"; fi
  done
done

# ---- scan-silent and crash-after: every golden case fails
for b in scan-silent crash-after; do
  golden "$tmp/$b"
  missed=$(comm -23 <(all_cases) <(failed_cases))
  if [ $rc -ne 0 ] && [ -z "$missed" ]; then ok "$b: every golden case fails ($(summary))"
  else bad "$b: golden cases passed (exit $rc)" "$missed"; fi
done

# ---- fix-text: exactly the cases with a fix: line fail
golden "$tmp/fix-text"
want=$(grep -l '^        fix: ' testdata/checks/*/*/expected | sed 's|^testdata/checks/||;s|/expected$||' | LC_ALL=C sort)
got=$(failed_cases)
if [ $rc -ne 0 ] && [ -n "$want" ] && [ "$want" = "$got" ]; then ok "fix-text: the $(echo "$want" | wc -l) cases with a fix: line fail, no other"
else bad "fix-text: failing cases differ from the cases with a fix: line (exit $rc)" "$(diff <(echo "$want") <(echo "$got"))"; fi

# ---- missing-check: a real build without one check
drop=${PROVE_FAIL_DROP:-$(find checks -name '*.lua' -not -path 'checks/lib/*' | LC_ALL=C sort | head -n 1)}
variant=$build/prove-fail
keep=$(find checks -name '*.lua' | LC_ALL=C sort | grep -vxF "$drop" | tr '\n' ' ')
rm -f "$variant/embedded_checks.c" "$variant/embedded_checks.o" "$variant/plimsoll"
if ! ${MAKE:-make} -s BUILD="$variant" LUA="$keep" "$variant/plimsoll" > "$tmp/make.out" 2>&1; then
  bad "missing-check: cannot build $variant without $drop" "$(cat "$tmp/make.out")"
else
  # the check that is gone, by name
  gone=$(comm -23 <("$real" checks --format json | sed -n 's/^    "name": "\(.*\)",$/\1/p' | LC_ALL=C sort) \
                  <("$variant/plimsoll" checks --format json | sed -n 's/^    "name": "\(.*\)",$/\1/p' | LC_ALL=C sort))
  golden "$root/$variant/plimsoll"
  if [ -z "$gone" ]; then bad "missing-check: the build without $drop still lists every check"
  elif [ $rc -ne 0 ] && grep -q "^FAIL $gone/" "$tmp/golden.out"; then ok "missing-check: golden suite fails without $drop and names $gone ($(summary))"
  else bad "missing-check: golden suite passed without $drop (exit $rc)" "$(grep -v '^ok ' "$tmp/golden.out")"; fi
fi

# ---- bad cases: the runner's own rules, on a copy of the runner and a few cases
tree=$tmp/tree
mkdir -p "$tree/tests" "$tree/testdata/checks" "$tree/docs"
cp tests/golden.sh "$tree/tests/"
cp docs/writing-checks.md "$tree/docs/"
cp -r testdata/checks/host-ipc testdata/checks/cd-in-run "$tree/testdata/checks/"
rm -r "$tree/testdata/checks/host-ipc/fail-compose"      # compose keeps only a pass case
c=$tree/testdata/checks/host-ipc
mkdir -p "$tree/testdata/checks/no-such-check/fail-x" "$c/broken-name" "$c/pass-dockerfile" "$c/fail-no-expected"
printf 'FROM alpine:3.20\n' > "$tree/testdata/checks/no-such-check/fail-x/Dockerfile"
echo 'exit 0' > "$tree/testdata/checks/no-such-check/fail-x/expected"
cp "$c/pass-false/"* "$c/broken-name/"
printf 'FROM alpine:3.20\nUSER 10001\n' > "$c/pass-dockerfile/Dockerfile"   # host-ipc reads no Dockerfile
(cd "$c/pass-dockerfile" && "$real" scan --no-color --only host-ipc Dockerfile > expected 2>&1; echo "exit $?" >> expected)
cp "$c/fail-pod/pod.yaml" "$c/fail-no-expected/"
PLIMSOLL=$real "$tree/tests/golden.sh" > "$tmp/golden.out" 2>&1
rc=$?
# The inputs host-ipc declares, as the binary lists them (they grow as inputs are added).
ipc_inputs=$("$real" checks --format json | python3 -c '
import json, sys
print(" ".join(next(c["inputs"] for c in json.load(sys.stdin) if c["name"] == "host-ipc")))')
# Each wanted line starts a line of the output (fixed text).
for want in "FAIL no-such-check/fail-x: no check named no-such-check" \
            "FAIL host-ipc/broken-name: case directories are named pass-* or fail-*" \
            "    no document of an input host-ipc declares ($ipc_inputs); documents: dockerfile" \
            "FAIL host-ipc/fail-no-expected: no expected file" \
            "FAIL host-ipc: no passing fail-* case for input compose"; do
  if [ $rc -ne 0 ] && awk -v w="$want" 'index($0, w) == 1 { f = 1 } END { exit !f }' "$tmp/golden.out"; then ok "bad cases: ${want#FAIL }"
  else bad "bad cases: no line '$want' (exit $rc)" "$(grep -v '^ok ' "$tmp/golden.out" | grep -v ': no passing .* case for input')"; fi
done
if grep -Eq '^FAIL host-ipc: no passing (pass-\* case for input compose|[a-z]+-\* case for input kubernetes)' "$tmp/golden.out"; then
  bad "bad cases: host-ipc reported as missing a case it has" "$(grep '^FAIL host-ipc: ' "$tmp/golden.out")"
else ok "bad cases: the cases host-ipc still has count"; fi

echo "prove-fail: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
