#!/usr/bin/env bash
# test_test_checks.sh — `plimsoll test-checks DIR`: fixtures that pass and
# fail for every reason it knows, the exit codes (0 all pass, 1 a fixture
# fails, 2 a check does not load), the limits, and that what it says about a
# fixture is what `plimsoll scan` reports on it. Cases: testdata/test-checks/.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
cd "$root" || exit 2
T=testdata/test-checks

# --- every fixture passes
run "$bin" test-checks $T/good
expect_rc "good checks" 0
expect_out "summary" '^8 passed, 0 failed$'
expect_out "inline expect: the finding where it says" "^ok   $T/good/no_debug_label/fail-debug.yaml \(8:5\)$"
expect_out "folder fixture with a sidecar expect" "^ok   $T/good/no_debug_label/fail-two-files \(a.yaml:6:5\)$"
expect_out "pass fixture" "^ok   $T/good/no_debug_label/pass-release.yaml$"
expect_out "a finding suppressed in the source is no finding" "^ok   $T/good/no_debug_label/pass-suppressed.yaml$"
expect_out "checks in subfolders, using DIR/lib" "^ok   $T/good/team/require_owner/fail-compose.yaml \(3:3\)$"
expect_out "Dockerfile fixtures by *.dockerfile" "^ok   $T/good/team/require_owner/fail-unlabelled.dockerfile \(2:1\)$"
expect_no_out "a library is not a check" 'owners'
run "$bin" test-checks $T/good/
expect_out "DIR/: paths as typed, no double slash" "^ok   $T/good/no_debug_label/fail-debug.yaml \(8:5\)$"
out=$(cd $T/good && "$bin" test-checks . 2>&1); rc=$?
expect_rc "DIR ." 0
expect_out "DIR .: paths without ./" '^ok   no_debug_label/fail-debug.yaml \(8:5\)$'

# --- what test-checks says is what scan says
for f in "$T"/good/no_debug_label/* "$T"/good/team/require_owner/*; do
  case $f in *.expect) continue ;; esac
  name=$(basename "$(dirname "$f")" | tr _ -)
  out=$("$bin" scan --no-config --no-color --fail-on info --checks $T/good --only "$name" "$f" 2>&1); rc=$?
  case $(basename "$f") in
    pass-*) expect_rc "scan agrees: $f" 0 ;;
    fail-*) expect_rc "scan agrees: $f" 1 ;;
  esac
done
run "$bin" scan --no-config --checks $T/good --only no-debug-label $T/good/no_debug_label/fail-debug.yaml
expect_out "scan reports where test-checks said" "^$T/good/no_debug_label/fail-debug.yaml:8:5: low no-debug-label: "

# --- fixtures that fail, one reason each
run "$bin" test-checks $T/bad
expect_rc "failing fixtures" 1
expect_out "summary counts fixtures and missing ones" '^4 passed, 15 failed$'
B=$T/bad
expect_out "pass fixture with a finding" "^FAIL $B/always_reports/pass-pod.yaml: want no finding of always-reports, got 1$"
expect_out "the finding seen is shown" "^    $B/always_reports/pass-pod.yaml:2:1: low always-reports: reported on Pod c \[Pod c\]$"
expect_out "fail fixture without a finding" "^FAIL $B/finds_nothing/fail-pod.yaml: no finding of finds-nothing \(want at least one\)$"
expect_out "finding not at the expected line" "^FAIL $B/always_reports/fail-wrong-line.yaml: expected findings at 9, found at 3:1$"
expect_out "expect that does not parse" "^FAIL $B/always_reports/fail-bad-spec.yaml: cannot read the expectation '2:x'"
expect_out "a pass fixture expecting findings" "^FAIL $B/always_reports/pass-expects.yaml: a pass fixture expects no finding"
expect_out "fixture that does not parse" "^FAIL $B/always_reports/fail-broken.yaml: 1 error$"
expect_out "the parse error with its position" "^    $B/always_reports/fail-broken.yaml:3:1: error: "
expect_out "fixture holding nothing the check reads" "^FAIL $B/always_reports/pass-not-kubernetes.yaml: holds no document this check reads \(inputs: kubernetes\)$"
expect_out "stray file" "^FAIL $B/always_reports/notes.txt: not a fixture: name it pass-\* \(no finding\) or fail-\* \(a finding\)$"
expect_out "expect file of no fixture" "^FAIL $B/always_reports/fail-gone.expect: expectations for no fixture"
expect_out "a check that errors: at its file:line" "^    $B/crashes.lua:8:1: error: check crashes failed on $B/crashes/fail-pod.yaml: attempt to index a nil value"
expect_out "with its traceback, indented" "^    	$B/crashes.lua:8: in function"
expect_out "no fail fixture" "^FAIL $B/untested.lua: no fail fixture \(add $B/untested/fail-\*\)$"
expect_out "no pass fixture" "^FAIL $B/untested.lua: no pass fixture \(add $B/untested/pass-\*\)$"
expect_out "a declared input without a fail fixture" "^FAIL $B/half_tested.lua: no fail fixture for input compose "
expect_out "a declared input without a pass fixture" "^FAIL $B/half_tested.lua: no pass fixture for input compose "
expect_out "passing fixtures still say ok" "^ok   $B/always_reports/fail-pod.yaml \(2:1\)$"
n_lines=$(echo "$out" | grep -cE '^(ok  |FAIL) ')
[ "$n_lines" -eq 19 ] && ok "one line per fixture, missing fixture and stray file (19)" || bad "lines: $n_lines, want 19" "$out"

# --- a check that does not load: exit 2, the others still tested
run "$bin" test-checks $T/broken
expect_rc "a check does not load" 2
expect_out "its error names the file and the key" "^$T/broken/typo.lua: error: invalid check: unknown key 'kind' \(did you mean 'kinds'\?\)$"
expect_out "the other checks are still tested" "^ok   $T/broken/fine/fail-pod.yaml \(4:3\)$"
expect_out "summary" '^2 passed, 0 failed$'

# --- the limits of scan apply
run timeout 60 "$bin" test-checks --check-budget 100000 $T/loop
expect_rc "endless check under --check-budget" 1
expect_out "budget error at the check's line" "^    $T/loop/endless.lua:7:1: error: check endless exceeded its instruction budget of 100000 "
run timeout 60 "$bin" test-checks --check-timeout 50 $T/loop
expect_rc "endless check under --check-timeout" 1
expect_out "time limit error" "exceeded its time limit of 50 ms"

# --- DIR problems and usage
run "$bin" test-checks "$tmp/missing"
expect_rc "missing DIR" 2; expect_out "missing DIR named" "^$tmp/missing: error: cannot read check directory"
mkdir -p "$tmp/empty"
run "$bin" test-checks "$tmp/empty"
expect_rc "DIR without checks" 2; expect_out "says so" "^$tmp/empty: error: no checks in it"
run "$bin" test-checks;            expect_rc "no DIR" 2; expect_out "says what it needs" 'test-checks needs a directory of checks'
run "$bin" test-checks $T/good $T/bad; expect_rc "two DIRs" 2
run "$bin" help;                   expect_out "help lists test-checks" '^  test-checks DIR'

finish test_checks
