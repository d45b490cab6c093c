#!/usr/bin/env bash
# test_output.sh — --output and --format F=FILE never clobber what the name
# stands for (issue 13, defect 2): a device stays a device, a FIFO's reader
# gets the report, /dev/stdout (a link to the open standard output) writes
# into the redirection (keeping >>), a regular file is replaced atomically
# keeping its mode, a link to a file stays a link, and no temporary file is
# left behind. Devices are made in the test's own folder when running as
# root (a regression must never replace the real /dev/null).
set -u
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2
cp "$data/priv.yaml" priv.yaml
is_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
no_temporaries() { # name
  if ls -a | grep -q 'plimsoll-tmp'; then bad "$1: a temporary file is left" "$(ls -a)"; else ok "$1: no temporary left"; fi
}

if [ "$(id -u)" = 0 ] && mknod null c 1 3 2>/dev/null; then dev=$tmp/null; else dev=/dev/null; fi
run "$bin" scan --format text --format sarif="$dev" priv.yaml
expect_rc "a report to a device" 1
if [ -c "$dev" ]; then ok "the device is still a character device"; else bad "the device was replaced" "$(ls -l "$dev")"; fi
no_temporaries "device"

ln -s /proc/self/fd/1 stdout
"$bin" scan --format json --output "$tmp/stdout" priv.yaml > out.json 2> err.txt
if [ -L stdout ]; then ok "a link to standard output stays a link"; else bad "the stdout link was replaced"; fi
is_json out.json && ok "the report went into the redirection" || bad "redirection holds no report" "$(head -c 300 out.json; cat err.txt)"
echo "kept line" > app.txt
"$bin" scan --format json --output /dev/stdout priv.yaml >> app.txt 2> err.txt
if [ "$(head -n 1 app.txt)" = "kept line" ] && tail -n +2 app.txt | python3 -c 'import json,sys; json.load(sys.stdin)'; then
  ok "/dev/stdout appends under >>"
else
  bad "/dev/stdout under >>" "$(head -c 300 app.txt)"
fi
no_temporaries "stdout"

mkfifo pipe.json
(timeout 30 cat pipe.json > got.json) &   # a binary that never opens the FIFO must not hang the suite
reader=$!
run timeout 30 "$bin" scan --format json=pipe.json priv.yaml
# a binary that never opened the FIFO (prove-fail's broken ones) leaves the
# reader blocked in open(): a writer that opens and closes at once releases it
for _ in 1 2 3 4 5 6 7 8 9 10; do
  kill -0 "$reader" 2>/dev/null || break
  python3 -c 'import os, sys
try: os.close(os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK))
except OSError: pass' pipe.json
  sleep 0.2
done
wait "$reader"
expect_rc "a report to a FIFO" 1
[ -p pipe.json ] && ok "the FIFO is still a FIFO" || bad "the FIFO was replaced"
is_json got.json && ok "the FIFO's reader got the report" || bad "the FIFO's reader got nothing" "$(head -c 300 got.json)"

echo old > kept.json && chmod 640 kept.json
run "$bin" scan --format json=kept.json priv.yaml
[ "$(stat -c %a kept.json)" = 640 ] && ok "an existing file keeps its mode" || bad "mode changed: $(stat -c %a kept.json)"
is_json kept.json && ok "the file was replaced" || bad "the file holds no report"
ln -s kept.json link.json
run "$bin" scan --format json=link.json priv.yaml
[ -L link.json ] && ok "a link to a file stays a link" || bad "the link was replaced by a file"
umask 027
run "$bin" scan --format json=new.json priv.yaml
[ "$(stat -c %a new.json)" = 640 ] && ok "a new file follows the umask" || bad "new file mode: $(stat -c %a new.json)"
no_temporaries "files"

run "$bin" scan --format json=missing/dir/r.json priv.yaml
expect_rc "an output in a missing folder" 2
expect_out "the output error names the file" "plimsoll: cannot write report: missing/dir/r.json: No such file or directory"
mkdir adir
run "$bin" scan --format json=adir priv.yaml
expect_rc "an output that is a folder" 2
expect_out "a folder is refused" "cannot write report: adir: Is a directory"
no_temporaries "errors"

# a write that fails half way (a file-size limit) leaves the old file and no temporary
head -c 200000 /dev/zero | tr '\0' 'x' > big.json
run bash -c "ulimit -f 1; exec '$bin' scan --format json=big.json --format text priv.yaml"
expect_rc "a write over the file-size limit" 2
expect_out "the limit is reported" "cannot write report: big.json: File too large"
[ "$(stat -c %s big.json)" = 200000 ] && ok "the old file is untouched" || bad "big.json changed"
no_temporaries "file-size limit"
finish output
