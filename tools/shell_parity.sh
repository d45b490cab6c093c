#!/usr/bin/env bash
# shell_parity.sh BINARY PATH... — parse every RUN of the Dockerfiles and
# image configs under PATH twice, with checks/lib/shell.lua and with the
# reference Lua lexer (tools/shell_parity/lib/shell_ref.lua: shell.lua as it
# was before its lexer moved to C), and compare every command field by field
# (tools/shell_parity/shell_parity.lua). Prints the counts and any
# difference; exits 1 on a difference or an error.
#   tools/shell_parity.sh build/plimsoll ../shared/corpus testdata
set -u
bin=$1
shift
dir=$(cd "$(dirname "$0")" && pwd)/shell_parity
out=$("$bin" scan --no-color --no-config --checks "$dir" --only shell-parity --check-budget 1000000000000 \
  --check-timeout 3600000 --check-memory 4096 --fail-on none "$@" 2>&1)
docs=$(echo "$out" | grep -c 'shell-parity: same: ')
cmds=$(echo "$out" | sed -n 's/.*shell-parity: same: \([0-9]*\) commands.*/\1/p' | awk '{s += $1} END {print s + 0}')
diffs=$(echo "$out" | grep -c 'shell-parity: DIFF')
errors=$(echo "$out" | grep -c ': error: check shell-parity')
echo "shell parity: $docs documents, $cmds commands compared, $diffs differences, $errors errors"
echo "$out" | grep -E -A3 'shell-parity: DIFF|: error: check shell-parity' | head -20
[ "$diffs" -eq 0 ] && [ "$errors" -eq 0 ]
