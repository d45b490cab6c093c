#!/bin/sh
# quickstart.sh — from a fresh Debian machine to a first scan: install what is
# missing, build, and scan the bundled examples in testdata/examples/.
set -e
cd "$(dirname "$0")/.."
tools/install-deps.sh
make -s
echo "== ./plimsoll scan testdata/examples"
./plimsoll scan testdata/examples && rc=0 || rc=$?
echo "(exit code $rc: 0 clean, 1 findings at or above --fail-on, 2 an input or usage error)"
[ "$rc" -le 1 ]
