#!/usr/bin/env bash
# test_config_untrusted.sh — .plimsoll.yaml is read from the scanned
# repository, so it is hostile input too (issue 13, defects 5 and 9): a key
# given twice is an error naming both places (it used to replace the first
# silently), exclude globs match in linear time however many `**` they hold,
# classes and escapes work as in .gitignore, and names from the file are
# printed with their control characters escaped.
set -u
source "$(dirname "$0")/lib.sh"
export PLIMSOLL_TODAY=2026-11-25

d="$tmp/repo"
mkdir -p "$d"
cp "$data/priv.yaml" "$d/canary.yaml"

printf 'exclude: [a, b]\nskip: [host-pid]\nexclude: [c]\n' > "$d/.plimsoll.yaml"
run "$bin" scan "$d"
expect_rc "duplicate top-level key" 2
expect_out "both places named" "\.plimsoll\.yaml:3:1: duplicate key 'exclude' \(first at line 1, column 1\)"
printf 'severity:\n  host-pid: low\n  host-pid: high\n' > "$d/.plimsoll.yaml"
run "$bin" scan "$d"
expect_rc "duplicate severity key" 2
expect_out "duplicate severity key named" ":3:3: duplicate key 'host-pid' \(first at line 2, column 3\)"
printf 'ignore:\n  - check: host-pid\n    reason: a\n    check: privileged-container\n' > "$d/.plimsoll.yaml"
run "$bin" scan "$d"
expect_rc "duplicate key in an ignore entry" 2
expect_out "duplicate ignore key named" ":4:5: duplicate key 'check' \(first at line 2, column 5\)"

# a hostile key cannot write to the terminal
printf '"sk\\u009b2Jip": [x]\n' > "$d/.plimsoll.yaml"
run "$bin" scan "$d"
expect_rc "unknown key" 2
expect_out "C1 escaped in the message" "unknown key 'sk\\\\u009b2Jip'"
if printf '%s' "$out" | LC_ALL=C grep -q $'\x9b\|\x1b'; then bad "a control character reached the terminal" "$out"; else ok "no control character printed"; fi
printf 'skip: ["\\e]0;pwned\\a"]\n' > "$d/.plimsoll.yaml"
run "$bin" scan "$d"
expect_out "unknown check name escaped" "unknown check '\\\\x1b\]0;pwned\\\\x07'"

# exclude: every ** is linear; a 60-level tree with one match at the bottom
deep="$d/t"
for i in $(seq 1 60); do deep="$deep/a"; done
mkdir -p "$deep" && cp "$data/priv.yaml" "$deep/z"
cp "$data/priv.yaml" "$deep/pod.yaml"
printf 'exclude: ["**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/**/z", "**/**/**/**/**/**/**/**/pod.yaml"]\n' > "$d/.plimsoll.yaml"
start=$(date +%s)
run timeout 60 "$bin" scan --only privileged-container "$d"
expect_rc "many ** against a deep tree" 1
[ $(( $(date +%s) - start )) -lt 30 ] && ok "many **: fast" || bad "many **: slow"
expect_no_out "the deep file is excluded" "pod\.yaml"
expect_out "the canary is scanned" "canary.yaml:12:7: critical privileged-container"

# classes and escapes
mkdir -p "$d/k" && cp "$data/priv.yaml" "$d/k/v1.yaml" && cp "$data/priv.yaml" "$d/k/vx.yaml" && cp "$data/priv.yaml" "$d/k/[x].yaml"
printf 'exclude: ["k/v[0-9].yaml", "k/\\\\[x].yaml", t]\n' > "$d/.plimsoll.yaml"
run "$bin" scan --only privileged-container "$d"
expect_no_out "a class excludes v1.yaml" "k/v1\.yaml"
expect_out "the class leaves vx.yaml" "k/vx\.yaml:12:7"
expect_no_out "an escaped [ excludes [x].yaml" "k/\[x\]\.yaml"
finish config_untrusted
