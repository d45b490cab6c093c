#!/usr/bin/env bash
# test_input_limits.sh — reading inputs never hangs or grows without bound
# (issue 13, defect 3): a FIFO or a device named on the command line is refused
# at once (opened with O_NONBLOCK, never read), stdin and files are capped by
# --max-file-size with a clear error, and every other input is still scanned.
set -u
source "$(dirname "$0")/lib.sh"
cd "$data"
canary=priv.yaml   # its privileged-container finding must survive every case
canary_re='priv.yaml:12:7: critical privileged-container'

mkfifo "$tmp/pipe.yaml"
run timeout 20 "$bin" scan "$tmp/pipe.yaml" $canary
expect_rc "a FIFO by name" 2
expect_out "a FIFO is refused, not read" "pipe.yaml: error: cannot read: not a regular file \(a FIFO\)$"
expect_out "FIFO: the canary is still scanned" "$canary_re"

run timeout 20 "$bin" scan /dev/zero $canary
expect_rc "/dev/zero by name" 2
expect_out "/dev/zero is refused" "^/dev/zero: error: cannot read: not a regular file \(a character device\)$"
expect_out "/dev/zero: the canary is still scanned" "$canary_re"

run timeout 20 "$bin" scan /dev/null $canary
expect_rc "/dev/null by name" 2
expect_out "/dev/null is refused" "^/dev/null: error: cannot read: not a regular file \(a character device\)$"

out=$(timeout 60 "$bin" scan --max-file-size 1 - $canary < /dev/zero 2>&1); rc=$?
expect_rc "stdin from /dev/zero" 2
expect_out "stdin is capped" "^<stdin>: error: cannot read: larger than the limit of 1 MiB \(--max-file-size\)$"
expect_out "stdin: the canary is still scanned" "$canary_re"

head -c 1500000 /dev/zero | tr '\0' 'a' > "$tmp/big.yaml"
run "$bin" scan --max-file-size 1 "$tmp/big.yaml" $canary
expect_rc "a file over --max-file-size" 2
expect_out "the limit is named" "big.yaml: error: cannot read: larger than the limit of 1 MiB \(--max-file-size\)$"
expect_out "over the limit: the canary is still scanned" "$canary_re"
run "$bin" scan --max-file-size 2 --only privileged-container "$tmp/big.yaml" $canary
expect_rc "under a raised limit the file is read" 1
expect_no_out "under a raised limit no error" "error"

run "$bin" scan --max-file-size 0 $canary;    expect_rc "--max-file-size 0 is a usage error" 2
run "$bin" scan --max-file-size 4096 $canary; expect_rc "--max-file-size over 4095 is a usage error" 2
expect_out "the usage error says the bound" "from 1 to 4095"

# a FIFO inside a scanned folder is never opened (discovery keeps regular files)
mkdir "$tmp/dir" && mkfifo "$tmp/dir/deploy.yaml" && cp $canary "$tmp/dir/canary.yaml"
run timeout 20 "$bin" scan "$tmp/dir"
expect_rc "a FIFO in a folder is passed over" 1
expect_out "folder: the canary is scanned" "canary.yaml:12:7: critical privileged-container"
finish input_limits
