#!/usr/bin/env bash
# test_shell_parity.sh — the C lexer behind checks/lib/shell.lua parses every
# RUN exactly as the Lua lexer it replaced (tools/shell_parity/lib/shell_ref.lua):
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
finish shell_parity
