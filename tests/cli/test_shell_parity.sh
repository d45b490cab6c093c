#!/usr/bin/env bash
# test_shell_parity.sh — the C lexer and command builder behind
# checks/lib/shell.lua parse every RUN exactly as the Lua they replaced
# (tools/shell_parity/lib/shell_ref.lua):
# the shell test inputs, every golden case, and 300 generated Dockerfiles and
# image configs of random shell text (fixed seed). tools/shell_parity.sh runs
# the same comparison over any corpus.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
python3 "$root/tools/shell_parity/gen_runs.py" 14 150 "$tmp/gen" >/dev/null
for what in "$root/testdata/shell" "$root/testdata/checks" "$tmp/gen"; do
  run "$root/tools/shell_parity.sh" "$bin" "$what"
  if [ "$rc" -eq 0 ] && echo "$out" | grep -Eq ' [1-9][0-9]* commands compared, 0 differences, 0 errors'; then
    ok "$(basename "$what"): $(echo "$out" | head -1 | sed 's/^shell parity: //')"
  else
    bad "$(basename "$what"): parses differ" "$out"
  fi
done
# nesting: 20,000 levels of $( … ) parse (the builder stops recursing at 100
# levels: the inner text stays words) with no check stopped by its budget
python3 -c "
n = 20000
print('FROM debian:12')
print('RUN echo ' + '\$(echo ' * n + 'x' + ')' * n)" > "$tmp/Dockerfile.deep"
run "$bin" scan --no-context --no-config --fail-on none "$tmp/Dockerfile.deep"
expect_rc "20,000 nested substitutions: scanned" 0
expect_no_out "no check stopped on them" "error|budget"
finish shell_parity
