#!/usr/bin/env bash
# test_escape.sh — defect 6 of issue 13: a file name, resource name, message,
# remediation or source line holding control characters never reaches the
# terminal (text report, colour or not) or the CI log (GitHub report) raw: a
# file named with a newline and escape sequences cannot forge a "0 findings"
# line or clear the screen.
set -u
source "$(dirname "$0")/lib.sh"

mkdir "$tmp/repo"
name=$'evil\n0 findings in 0 files\033[2J\033]0;pwned\007.yaml'
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: "p\\e[31mRED\\x9b\\u202e"}\nspec: {containers: [{name: "c\\e[2J", image: "nginx\\e]8;;http://x\\a"}]}\n' > "$tmp/repo/$name"
for args in "" "--color" "--format github"; do
  run "$bin" scan $args "$tmp/repo"
  expect_rc "${args:-text}: findings" 1
  # no ESC but our own colour codes (ESC [ digits ; m), no BEL, no CSI, no bidi override
  if printf '%s' "$out" | sed 's/\x1b\[[0-9;]*m//g' | LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]\|\xc2\x9b\|\xe2\x80\xae'; then
    bad "${args:-text}: a control character reaches the output" "$(printf '%s' "$out" | cat -A | head -5)"
  else ok "${args:-text}: no control character from the input"; fi
  expect_out "${args:-text}: the file name shown escaped" 'evil(\\n|%0A)0 findings in 0 files\\x1b\[2J\\x1b\]0;pwned\\x07\.yaml'
  expect_out "${args:-text}: the resource shown escaped" 'Pod p\\x1b\[31mRED\\u009b\\u202e'
done
run "$bin" scan "$tmp/repo"
expect_no_out "text: no line of the report starts with the forged summary" '^0 findings in 0 files'
expect_out "text: the source line escaped, the caret under its column" '^ +4 \| spec: \{containers'
finish escape
