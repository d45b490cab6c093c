#!/usr/bin/env bash
# test_real_image.sh — a real Debian image (tools/build-real-image.sh:
# mmdebstrap bookworm rootfs → skopeo OCI layout and docker-save archive,
# 300+ MB uncompressed), scanned as both: the dpkg inventory equals
# `dpkg-query -W` of the same rootfs, os-release is found, the scan has no
# error; and, outside sanitizer builds, it streams: peak RSS at most 64 MiB
# and at least half the speed of `tar -tzf` over the image's layer, measured
# in the same run.
#
# The image lives in a cache outside the repository ($PLIMSOLL_REAL_IMAGE, or
# the folder tools/build-real-image.sh --path names). When it is not built the
# test says so and passes, unless PLIMSOLL_REQUIRE_REAL_IMAGE=1 (CI sets it
# after building the image).
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
export PLIMSOLL_TODAY=2026-11-25 SOURCE_DATE_EPOCH=1700000000
R=${PLIMSOLL_REAL_IMAGE:-$("$root/tools/build-real-image.sh" --path)}
run "$bin" version
expect_out "the binary runs" "^plimsoll [0-9]"
if [ ! -f "$R/done" ]; then
  if [ "${PLIMSOLL_REQUIRE_REAL_IMAGE:-}" = 1 ]; then
    bad "the real image is not built in $R (tools/build-real-image.sh)"
  else
    echo "skip: no real image in $R (build it with tools/build-real-image.sh; CI does)"
  fi
  finish real_image
  exit $?
fi
py=python3
$py -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3

for a in oci.tar docker.tar oci; do
  run "$bin" sbom "$R/$a" --output "$tmp/$a.cdx.json"
  expect_rc "sbom of the real image ($a)" 0
  if v=$($py "$root/tests/sbom_check.py" dpkg "$tmp/$a.cdx.json" "$R/dpkg.expected" 2>&1); then
    ok "$a: the dpkg inventory equals dpkg-query -W of the rootfs ($v)"
  else
    bad "$a: dpkg inventory differs from dpkg-query" "$v"
  fi
  if v=$($py "$root/tests/sbom_check.py" cyclonedx "$tmp/$a.cdx.json" 2>&1); then ok "$a: valid CycloneDX"; else bad "$a: CycloneDX" "$v"; fi
  want=$(. "$R/os-release"; echo "$ID $VERSION_ID $PRETTY_NAME")
  got=$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["components"][0]
print(c["name"], c["version"], c.get("description", ""))' "$tmp/$a.cdx.json")
  [ "$got" = "$want" ] && ok "$a: os-release found ($got)" || bad "$a: os-release" "got $got, want $want"
  run "$bin" scan --no-config --format json --output "$tmp/$a.json" "$R/$a"
  n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["errors"]), d["summary"]["inputs"]["archive"])' "$tmp/$a.json")
  [ "$n" = "0 1" ] && ok "$a: scanned, no error" || bad "$a: scan" "$(head -c 2000 "$tmp/$a.json")"
done

# streaming: memory and speed (not meaningful under sanitizers)
if [ -n "${ASAN_OPTIONS:-}" ]; then
  echo "skip: memory and speed under a sanitizer build"
else
  blob=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1] + "/oci/index.json"))["manifests"][0]["digest"][7:]
man = json.load(open(sys.argv[1] + "/oci/blobs/sha256/" + m))
print(sys.argv[1] + "/oci/blobs/sha256/" + man["layers"][0]["digest"][7:])' "$R")
  /usr/bin/time -o "$tmp/rss" -f '%M' "$bin" scan --no-config --format json --fail-on none "$R/oci.tar" >/dev/null 2>&1
  rss=$(tail -n 1 "$tmp/rss")
  [ "$rss" -le $((64 * 1024)) ] && ok "peak RSS $((rss / 1024)) MiB (at most 64) for a $(($(gzip -l "$blob" | awk 'NR==2{print $2}') / 1048576)) MiB image" ||
    bad "peak RSS $((rss / 1024)) MiB, more than 64"
  ratio=$("$root/tests/bench_image.sh" --ratio "$bin" "$R" 2>&1 | tail -n 1)
  if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 0.5 else 1)' "$ratio" 2>/dev/null; then
    ok "speed ${ratio}x of tar -tzf over the layer in CPU time (at least 0.5)"
  else
    bad "speed ${ratio}x of tar -tzf in CPU time (want at least 0.5)"
  fi
fi
finish real_image
