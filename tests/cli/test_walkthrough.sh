#!/usr/bin/env bash
# test_walkthrough.sh — the walk-through "From zero to a tested custom check
# in ten minutes" in docs/writing-checks.md runs as written: its files are
# written, its commands run in order in an empty folder, and each prints
# what the doc shows (tests/run_walkthrough.py).
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
mkdir -p "$tmp/work"
out=$(python3 "$root/tests/run_walkthrough.py" "$root/docs/writing-checks.md" \
      "From zero to a tested custom check in ten minutes" "$bin" "$tmp/work" 2>&1); rc=$?
while IFS= read -r line; do
  case $line in
    "ok "*) ok "walkthrough: ${line#ok }" ;;
    "FAIL "*) echo "FAIL walkthrough: ${line#FAIL }"; fail=$((fail + 1)) ;;
    *) echo "$line" ;;
  esac
done <<< "$out"
if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' <<< "$out"; then bad "walkthrough runner failed (exit $rc)" "$out"; fi
# the generated fixtures the doc replaces are gone, the doc's own are there
[ -f "$tmp/work/policies/require_team_label.lua" ] && ok "walkthrough: the check is where the doc says" || bad "walkthrough: no policies/require_team_label.lua"
finish walkthrough
