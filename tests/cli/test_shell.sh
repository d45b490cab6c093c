#!/usr/bin/env bash
# test_shell.sh — checks/lib/shell.lua and packages.lua seen through a custom
# check (testdata/shell/checks/shell_argv.lua) that reports the argv of every
# simple command of every RUN and image-history step: quotes, continuations,
# comments, heredocs, `sh -c`, `$(…)`, case patterns, sudo/env/nice/xargs
# prefixes, set -e / pipefail, exec form, package-manager parsing.
set -u
source "$(dirname "$0")/lib.sh"
cd "$data/../shell"
run "$bin" scan --no-color --checks checks --only shell-argv Dockerfile image.json
got=$(echo "$out" | grep -E '^[^ ].*:[0-9]+:[0-9]+: ')
if [ "$got" == "$(cat expected)" ]; then ok "shell-argv golden"
else bad "shell-argv golden" "$(diff expected <(echo "$got"))"; fi
# a RUN the lexer cannot make sense of still yields words, never an error
printf 'FROM x\nRUN echo "unterminated $(foo \\\n  && `bar\n' > "$tmp/Dockerfile"
run "$bin" scan --no-color --checks checks --only shell-argv "$tmp/Dockerfile"
expect_no_out "broken quoting is not an error" "error"
expect_out "broken quoting still parsed" "shell-argv: echo"
finish shell
