#!/usr/bin/env bash
# test_builtin_limits.sh — defect 8 of issue 13: built-in checks finish on big
# but plausible Dockerfiles (their budget, time and memory grow with the
# input: docs/limits.md), and when a limit is reached the error names the
# instruction the check was examining, not Dockerfile:1:1; custom checks keep
# the configured limits and are located at their own line.
set -u
source "$(dirname "$0")/lib.sh"

# 3,000 RUNs under a budget far too small: the error is at a RUN line
python3 -c "
import sys
sys.stdout.write('FROM alpine:3.20\n' + ''.join('RUN echo %d\n' % i for i in range(3000)) + 'USER 1000\n')" > "$tmp/Dockerfile"
run "$bin" scan --check-budget 20000 "$tmp/Dockerfile"
expect_rc "a built-in check out of budget is an error" 2
first=$out
run "$bin" scan -j 1 --check-budget 20000 "$tmp/Dockerfile"
# a budget below 2,000,000 counts from the first instruction: the same stops
# on every run, whatever the load (docs/limits.md)
[ "$out" = "$first" ] && ok "a small budget stops the checks at the same places on every run" ||
  bad "a small budget stops at different places" "$(diff <(echo "$first") <(echo "$out") | head -20)"
out=$first
expect_no_out "no budget error at Dockerfile:1:1" 'Dockerfile:1:1: error: check [a-z-]+ exceeded'
# (column 1: the instruction; 5: its arguments, by what the check was reading)
expect_out "the error names a RUN instruction's line and the check's own line" \
  'Dockerfile:([2-9]|[1-9][0-9]+):[15]: error: check [a-z-]+ exceeded its instruction budget of [0-9]+ \(endless loop\?\) \(checks/build/[a-z_]+\.lua(:[0-9]+)?\)$'
line=$(echo "$out" | sed -n 's/^.*Dockerfile:\([0-9]*\):[15]: error: .*/\1/p' | head -1)
if [ -n "$line" ] && sed -n "${line}p" "$tmp/Dockerfile" | grep -q '^RUN echo'; then ok "that line is a RUN"
else bad "line $line of the Dockerfile is not a RUN" "$out"; fi
expect_out "the source line is shown" '^ +[0-9]+ \| RUN echo [0-9]+$'
expect_out "the findings of the other checks are kept" 'missing-healthcheck'

# a cross-document run over facts: its limits grow with the number of facts
# (2,000 workloads in 20 files) as a document's grow with its size
mkdir -p "$tmp/many"
python3 -c "
for f in range(20):
    with open('$tmp/many/w%02d.yaml' % f, 'w') as fh:
        for i in range(100):
            fh.write('---\\napiVersion: apps/v1\\nkind: Deployment\\nmetadata: {name: w%d-%d, namespace: ns%d}\\nspec:\\n  template:\\n    metadata: {labels: {app: a%d}}\\n    spec:\\n      containers: [{name: c, image: \\\"nginx:1.27\\\"}]\\n' % (f, i, i % 7, i))
"
run "$bin" scan --only missing-network-policy --check-budget 100000 --fail-on none "$tmp/many"
expect_rc "2,000 workloads under a small budget: the cross-document check runs" 0
expect_out "every workload reported" "2000 findings \\(2000 medium\\) in 20 files"
expect_no_out "no budget error" "error"

# the same file under the default limits: no error
run "$bin" scan "$tmp/Dockerfile"
expect_rc "3,000 RUNs: findings, no error" 1
expect_no_out "3,000 RUNs: no limit reached" 'error:'

# 20,000 continuation lines and a 1 MiB RUN line: built-in checks finish
python3 -c "
import sys
sys.stdout.write('FROM alpine:3.20\nRUN echo start \\\\\n' + ''.join('  && echo line%d \\\\\n' % i for i in range(20000)) + '  && true\nUSER 1000\n')" > "$tmp/cont.Dockerfile"
run "$bin" scan "$tmp/cont.Dockerfile"
expect_no_out "20,000 continuation lines: no limit reached" 'error:'
expect_out "20,000 continuation lines: the findings are there" 'missing-healthcheck'
python3 -c "
import sys
s = ' && '.join('echo hello%d' % i for i in range(100000))[:1 << 20]
sys.stdout.write('FROM alpine:3.20\nRUN ' + s + '\nUSER 1000\n')" > "$tmp/long.Dockerfile"
run "$bin" scan "$tmp/long.Dockerfile"
expect_no_out "a 1 MiB RUN line: no limit reached" 'error:'
expect_out "a 1 MiB RUN line: the findings are there" 'missing-healthcheck'

# a custom check keeps the configured budget, located at its own line
mkdir -p "$tmp/checks"
cat > "$tmp/checks/spin.lua" <<'EOF2'
local check = {
  id = "T-900", name = "spin", severity = "low", inputs = { "dockerfile" },
  title = "spins", description = "spins", remediation = "none",
}
function check.dockerfile(doc, report)
  while true do end
end
return check
EOF2
run "$bin" scan --checks "$tmp/checks" --check-budget 100000 "$tmp/Dockerfile"
expect_out "a custom check: the configured budget, at its own line" \
  'spin.lua:6:1: error: check spin exceeded its instruction budget of 100000 '
finish builtin_limits
