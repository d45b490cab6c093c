# lib.sh — tiny assertion helpers for CLI tests (sourced). Each test file
# ends with `finish NAME`, which prints "NAME: N passed, N failed".
pass=0 fail=0
bin=${PLIMSOLL:?PLIMSOLL must point at the binary}
data=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../testdata/cli" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && echo "$2" | head -20 | sed 's/^/    /'; fail=$((fail + 1)); }

# run CMD...: sets $out (stdout+stderr) and $rc
run() { out=$("$@" 2>&1); rc=$?; }

expect_rc() { # name want
  if [ "$rc" -eq "$2" ]; then ok "$1 (exit $2)"; else bad "$1: exit $rc, want $2" "$out"; fi
}
expect_out() { # name regex
  if echo "$out" | grep -Eq -- "$2"; then ok "$1"; else bad "$1: output lacks /$2/" "$out"; fi
}
expect_no_out() { # name regex
  if echo "$out" | grep -Eq -- "$2"; then bad "$1: output has /$2/" "$out"; else ok "$1"; fi
}
finish() { echo "$1: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }
