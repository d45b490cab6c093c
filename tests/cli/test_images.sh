#!/usr/bin/env bash
# test_images.sh — image archives (testdata/images, made by
# tools/image_fixtures.py): the fixtures are what the script makes; docker
# save (legacy and Docker 25 names, gzip-compressed), OCI layouts as tars and
# directories, several images, a two-platform index and --platform; whiteouts,
# opaque directories, hard links and removed files; traversal, truncated and
# corrupt layers, digest mismatches, a decompression bomb, link loops, every
# --archive-limit; nothing in an image can pose as a suppression; output is
# the same with any number of threads.
set -u
source "$(dirname "$0")/lib.sh"
export PLIMSOLL_TODAY=2026-11-25
root=$(cd "$(dirname "$0")/../.." && pwd)
img=$root/testdata/images

json() { # EXPR FILE: a Python expression over the JSON report d
  python3 -c '
import json, sys
d = json.load(open(sys.argv[2]))
v = eval(sys.argv[1])
print(" ".join(map(str, v)) if isinstance(v, tuple) else v)' "$1" "$2"
}

# --- the committed fixtures are exactly what the generator writes
if command -v zstd >/dev/null && python3 "$root/tools/image_fixtures.py" "$tmp/regen" 2> "$tmp/regen.err"; then
  stale=$(cd "$tmp/regen" && find testdata -type f | sort | while read -r f; do
            cmp -s "$f" "$root/$f" || echo "$f"; done)
  [ -z "$stale" ] && ok "fixtures: tools/image_fixtures.py writes the committed archives" ||
    bad "fixtures are stale (run tools/image_fixtures.py and commit)" "$stale"
else
  bad "tools/image_fixtures.py failed (zstd installed?)" "$(cat "$tmp/regen.err")"
fi

# --- one image, layer by layer
run "$bin" scan --no-config --format json --output "$tmp/l.json" "$img/layered.tar"
expect_rc "layered.tar: findings" 1
[ "$(json 'd["summary"]["inputs"]["archive"], len(d["errors"])' "$tmp/l.json")" = "1 0" ] &&
  ok "layered.tar: one archive document, no error" || bad "layered.tar summary" "$(cat "$tmp/l.json" | tail -20)"
names=$(json '" ".join(sorted(set(f["name"]+":"+f["path"] for f in d["findings"])))' "$tmp/l.json")
for want in "setuid-files:files[20]" "secret-file-copied:removed[3]" "leftover-files:files[14]" "missing-healthcheck:config"; do
  case " $names " in *" $want"*) ok "layered.tar reports $want" ;; *) bad "layered.tar lacks $want" "$names" ;; esac
done
run "$bin" scan --no-config --only setuid-files,secret-file-copied "$img/layered.tar"
expect_out "the setuid hard link made by layer 2" "setuid-files: /usr/bin/su2 is setuid \(-rwsr-xr-x 0:0\), from layer 2"
expect_no_out "newgrp lost its setuid bit in layer 3" "newgrp is setuid"
expect_out "a key deleted by layer 3 is still in the image" "/root/.ssh/id_rsa is an SSH private key, added by layer 2 .* deleted by layer 3: still in the image"
expect_out "the finding names the image" "\[image shop/web:1.0\]"
expect_out "the listing line shows the file" "#   -rw------- 0:0 141 L2, deleted in L3 /root/.ssh/id_rsa"

# whiteouts, opaque directories, replacements, the layer that installed each package
"$bin" sbom "$img/layered.tar" > "$tmp/l.cdx" 2>&1
python3 - "$tmp/l.cdx" <<'EOF' > "$tmp/l.layers"
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["components"][1:]:
    p = {x["name"]: x["value"] for x in c["properties"]}
    print(c["name"], p["plimsoll:layer:index"])
EOF
[ "$(tr '\n' ' ' < "$tmp/l.layers")" = "base-files 1 curl 2 libc6 1 " ] &&
  ok "packages carry the layer that installed them (curl: layer 2)" || bad "package layers" "$(cat "$tmp/l.layers" "$tmp/l.cdx")"
cat > "$tmp/list.lua" <<'EOF'
local check = { id = "ORG-001", name = "list-files", severity = "info", inputs = { "archive" },
  title = "t", description = "d", remediation = "r" }
function check.archive(doc, report)
  local out = {}
  for _, f in ipairs(doc.files) do out[#out + 1] = f.path .. "@" .. f.layer end
  report { path = "image", message = "files " .. table.concat(out, " ") }
  out = {}
  for _, f in ipairs(doc.removed) do out[#out + 1] = f.path .. "@" .. f.layer .. ">" .. f.removed_in end
  report { path = "image", message = "removed " .. table.concat(out, " ") }
end
return check
EOF
mkdir -p "$tmp/chk" && mv "$tmp/list.lua" "$tmp/chk/list_files.lua"
run "$bin" scan --no-config --checks "$tmp/chk" --only list-files "$img/layered.tar"
expect_out "an opaque directory hides what lower layers had in it" "files .* /opt/x@1 /opt/x/c@2 /root@1"
expect_out "a whiteout deletes, a later file replaces" "removed /app/secret.env@1>2 /opt/x/a@1>2 /opt/x/b@1>2 /root/.ssh/id_rsa@2>3 /usr/bin/newgrp@1>3 /var/lib/dpkg/status@1>2 \\["
expect_out "a hard link keeps its target's layer of origin" " /usr/bin/su2@2 "

# the same image in every packaging gives the same findings
sig() { "$bin" scan --no-config --format json "$1" 2>/dev/null | python3 -c '
import json, sys
print(sorted((f["name"], f["path"], f["resource"]["name"]) for f in json.load(sys.stdin)["findings"]))'; }
want=$(sig "$img/layered.tar")
for other in layered-oci layered.tar.gz docker25.tar; do
  [ "$(sig "$img/$other")" = "$want" ] && ok "$other: the same findings as layered.tar" || bad "$other differs" "$(sig "$img/$other")"
done
cp "$img/layered.tar" "$tmp/image.bin"
[ "$(sig "$tmp/image.bin")" = "$want" ] && ok "a named file of any name is sniffed as an archive" || bad "sniffing image.bin"

# a folder: the OCI layout is one input, a tar of something else is skipped
mkdir -p "$tmp/walk/sub"
cp -r "$img/layered-oci" "$tmp/walk/sub/"
cp "$img/not-an-image.tar" "$tmp/walk/"
run "$bin" scan --no-config --format json --output "$tmp/w.json" "$tmp/walk"
[ "$(json 'd["summary"]["files"], d["summary"]["documents"], len(d["errors"])' "$tmp/w.json")" = "1 1 0" ] &&
  ok "walking: the layout directory is one input, not-an-image.tar is skipped quietly" || bad "walk" "$(cat "$tmp/w.json" | tail -20)"
run "$bin" scan --no-config "$img/not-an-image.tar"
expect_rc "a tar that is not an image: nothing to report" 0

# --- several images, platforms
run "$bin" scan --no-config --format json --output "$tmp/m.json" "$img/multi.tar"
[ "$(json '" ".join(sorted(set(f["resource"]["name"] for f in d["findings"]))), d["summary"]["documents"]' "$tmp/m.json")" = "shop/one:1 shop/two:1 2" ] &&
  ok "multi.tar: two images, each named" || bad "multi.tar" "$(cat "$tmp/m.json")"
run "$bin" scan --no-config --format json --output "$tmp/p.json" "$img/platforms.tar"
[ "$(json 'd["summary"]["documents"]' "$tmp/p.json")" = 2 ] && ok "a two-platform index: both platforms" || bad "platforms" "$(cat "$tmp/p.json")"
run "$bin" scan --no-config --platform linux/arm64 --format json --output "$tmp/p1.json" "$img/platforms.tar"
[ "$(json 'd["summary"]["documents"]' "$tmp/p1.json")" = 1 ] && ok "--platform linux/arm64: one image" || bad "--platform" "$(cat "$tmp/p1.json")"
run "$bin" sbom --platform linux/arm64 "$img/platforms.tar"
expect_out "--platform chose the arm64/v8 image (a zstd layer)" '"value": "linux/arm64/v8"'
run "$bin" scan --no-config --platform linux/s390x "$img/platforms.tar"
expect_rc "--platform that no image has" 2
expect_out "... says which platforms there are" "no image in the archive matches --platform linux/s390x \(it holds shop/multi:2.0 \(linux/amd64\), shop/multi:2.0 \(linux/arm64/v8\)\)"
run "$bin" scan --platform amd64 "$img/platforms.tar"
expect_rc "--platform without an OS is a usage error" 2

# --- hostile and broken archives: each an error naming the layer and the path
check_err() { # name file regex [args...]
  local name=$1 file=$2 re=$3; shift 3
  run "$bin" scan --no-config "$@" "$img/$file"
  if [ "$rc" -eq 2 ] && echo "$out" | grep -Eq -- "$re"; then ok "$name"; else bad "$name (exit $rc)" "$out"; fi
}
check_err "traversal: ../ names are ignored and reported" traversal.tar "layer [0-9a-f]{12}/layer.tar: entry \.\./\.\./etc/evil climbs out of the image root \(path traversal\): ignored"
check_err "traversal: a/../../b too" traversal.tar "entry a/\.\./\.\./b climbs out"
check_err "absolute names are reported" traversal.tar "entry /abs/file has an absolute name: read as /abs/file"
check_err "a truncated layer" truncated.tar "layer blobs/sha256/[0-9a-f]{64}: not a readable layer \(truncated gzip input\)"
check_err "... and its image is not checked" truncated.tar "image bad/truncated:1: not every layer could be read: its files are not checked"
check_err "a corrupt layer" corrupt.tar "not a tar layer \(Unrecognized archive format\)"
check_err "a layer whose bytes do not match the manifest" mismatch.tar "image bad/mismatch:1 layer 1 \(blobs/sha256/0{64}\): its bytes have digest sha256:[0-9a-f]{64}, the manifest says sha256:0{64}"
check_err "a layer whose tar does not match rootfs.diff_ids" diffid.tar "image bad/diffid:1 layer 1 \([0-9a-f]{12}/layer.tar\): its uncompressed tar has digest sha256:[0-9a-f]{64}, the config's rootfs.diff_ids says sha256:1{64}"
start=$(date +%s)
check_err "a decompression bomb stops at the ratio limit" bomb.tar "limit ratio=200 exceeded at zeros: [0-9]+ bytes uncompressed from [0-9]+ \(a decompression bomb\?\)"
[ $(( $(date +%s) - start )) -lt 20 ] && ok "... quickly" || bad "the bomb took $(( $(date +%s) - start ))s"
check_err "a symbolic link loop" linkloop.tar "limit links=40 exceeded resolving /etc/os-release"
check_err "--archive-limit entries" layered.tar "limit entries=10 exceeded at [a-z/]+: the rest of the archive is not read" --archive-limit entries=10
check_err "--archive-limit bytes" layered.tar "limit bytes=4096 \(uncompressed bytes of the archive's layers\) exceeded" --archive-limit bytes=4K
check_err "--archive-limit path" layered.tar "limit path=8 exceeded by an entry name of [0-9]+ bytes \(usr/lib/os-release\): skipped" --archive-limit path=8
check_err "--archive-limit capture" layered.tar "limit capture=64 \(bytes of file contents kept\) reached at etc/[a-z]+: later contents are not read by checks" --archive-limit capture=64
check_err "--archive-limit ratio" layered.tar "" --archive-limit ratio=1 --archive-limit bytes=1
run "$bin" scan --archive-limit speed=1 "$img/layered.tar"
expect_rc "an unknown --archive-limit" 2
expect_out "... names the limits" "--archive-limit wants NAME=VALUE, NAME one of bytes, entries, path, ratio, links, capture"

# --- nothing in an image can suppress a finding or break the listing
python3 - "$root/tools" "$tmp/evil.tar" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import image_fixtures as fx
l = fx.Layer(fx.base_entries() + [fx.F("usr/local/x # plimsoll:ignore-file", b"x", 0o4755),
                                  fx.F("usr/local/y\n# plimsoll:ignore setuid-files", b"y", 0o4755),
                                  fx.F("usr/local/z\udcff\udcfe", b"z", 0o4755)])
cfg = fx.config([l], {"User": "app", "Labels": {"a": "# plimsoll:ignore-file", "b": "x # plimsoll:ignore setuid-files"}})
open(sys.argv[2], "wb").write(fx.docker_save([(["evil/image:1"], [l], cfg)]))
EOF
run "$bin" scan --no-config --only setuid-files --format json --output "$tmp/e.json" "$tmp/evil.tar"
[ "$(json 'len(d["findings"]), sum(f.get("suppressed", False) for f in d["findings"]), len(d["errors"])' "$tmp/e.json")" = "3 0 0" ] &&
  ok "file names and labels that look like ignore comments suppress nothing" || bad "suppression injection" "$(cat "$tmp/e.json")"
run "$bin" scan --no-config --only setuid-files "$tmp/evil.tar"
expect_out "a '#' in a name is escaped in the listing" '/usr/local/x \\x23 plimsoll:ignore-file'
expect_out "a newline in a name is escaped" '/usr/local/y\\x0a\\x23 plimsoll:ignore setuid-files'
expect_out "... in the message too" 'setuid-files: /usr/local/y\\x0a# plimsoll:ignore setuid-files is setuid'
expect_out "invalid UTF-8 is escaped" '/usr/local/z\\xff\\xfe'

# --- baselines: a new build of the image (new tag, files added before the old
# findings' files) keeps the old findings' fingerprints
python3 - "$root/tools" "$tmp/v2.tar" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import image_fixtures as fx
layers, cfg = fx.layered_image()
extra = fx.Layer([fx.D("aaa"), fx.F("aaa/new", "1"), fx.D("usr/bin"), fx.F("usr/bin/newtool", b"x", 0o4755)])
layers = layers + [extra]
open(sys.argv[2], "wb").write(fx.docker_save([(["shop/web:1.1"], layers, fx.config(layers, {"User": "app"}))]))
EOF
mkdir -p "$tmp/bl"
cp "$img/layered.tar" "$tmp/bl/image.tar"
run "$bin" scan --no-config --write-baseline "$tmp/bl/base.json" "$tmp/bl/image.tar"
cp "$tmp/v2.tar" "$tmp/bl/image.tar"
run "$bin" scan --no-config --baseline "$tmp/bl/base.json" "$tmp/bl/image.tar"
expect_out "a baseline of the old build leaves only the new finding" "^1 finding \(1 medium\)"
expect_out "... the new setuid file" "setuid-files: /usr/bin/newtool is setuid"

# --- the same output whatever the number of threads
a=$("$bin" scan --no-config -j 1 --format json "$img" 2>&1)
b=$("$bin" scan --no-config -j 2 --format json "$img" 2>&1)
[ "$a" = "$b" ] && ok "-j 1 and -j 2 give the same report over testdata/images" || bad "-j 1 vs -j 2 differ"

# --- hostile input rules (issue 13) hold for archives: only regular files
# are opened, and --max-file-size does not cap an archive (it streams)
mkfifo "$tmp/pipe.tar"
run timeout 20 "$bin" scan --no-config "$tmp/pipe.tar" "$img/layered.tar"
expect_rc "a FIFO named *.tar" 2
expect_out "a FIFO named *.tar is refused, not opened" "pipe.tar: error: cannot read: not a regular file"
expect_out "FIFO: the other archive is still scanned" "setuid-files"
cp -r "$img/layered-oci" "$tmp/fifo-oci"
blob=$(python3 -c '
import json, sys
d = sys.argv[1] + "/blobs/sha256/"
m = json.load(open(d + json.load(open(sys.argv[1] + "/index.json"))["manifests"][0]["digest"][7:]))
print(d + m["layers"][-1]["digest"][7:])' "$tmp/fifo-oci")
rm "$blob" && mkfifo "$blob"
run timeout 20 "$bin" scan --no-config "$tmp/fifo-oci"
expect_rc "a layout whose layer blob is a FIFO" 2
expect_out "the FIFO blob is reported missing, never opened" "is missing from the layout"
{ cat "$img/layered.tar"; head -c 2100000 /dev/zero; } > "$tmp/big.tar"
run "$bin" scan --no-config --max-file-size 1 --format json --output "$tmp/big.json" "$tmp/big.tar"
expect_rc "an archive over --max-file-size" 1
[ "$(json 'len(d["errors"]), d["summary"]["inputs"]["archive"]' "$tmp/big.json")" = "0 1" ] &&
  ok "--max-file-size does not cap an archive (streamed)" || bad "big archive" "$(tail -20 "$tmp/big.json")"


# --- libarchive is opened when an archive is first read (src/dynlib.c), not
# linked: without it, other inputs scan as before and an archive is a clear
# error naming the library, never a crash. A stand-in that cannot load (an
# empty file under the library's soname, found first on LD_LIBRARY_PATH)
# plays the missing library.
soname=$(grep -ao 'libarchive\.so\.[0-9]*' "$bin" | head -n 1)
if [ -n "$soname" ]; then
  mkdir -p "$tmp/nolib" && : > "$tmp/nolib/$soname"
  run "$bin" scan --no-config --no-context --format json "$root/testdata/examples/deployment.yaml"
  want=$out
  run env LD_LIBRARY_PATH="$tmp/nolib" "$bin" scan --no-config --no-context --format json "$root/testdata/examples/deployment.yaml"
  expect_rc "no libarchive: a YAML file scans" 1
  [ "$out" = "$want" ] && ok "no libarchive: the same report" || bad "no libarchive: report differs" "$out"
  run env LD_LIBRARY_PATH="$tmp/nolib" "$bin" scan --no-config "$img/layered.tar"
  expect_rc "no libarchive: an image archive" 2
  expect_out "... is an error naming the library" "layered.tar: error: cannot read the image archive: $soname cannot be loaded, needed for image archives"
  cp "$img/layered.tar.gz" "$tmp/unnamed"
  run env LD_LIBRARY_PATH="$tmp/nolib" "$bin" scan --no-config "$tmp/unnamed"
  expect_rc "no libarchive: a compressed archive without a telling name" 2
  expect_out "... is the same error" "unnamed: error: cannot read the image archive: $soname cannot be loaded"
  run env LD_LIBRARY_PATH="$tmp/nolib" "$bin" sbom "$img/layered.tar"
  expect_rc "no libarchive: sbom" 2
  expect_out "... names the library" "$soname cannot be loaded"
else
  bad "the binary names no libarchive soname (src/dynlib.c)"
fi
# libcrypto (digest.c) likewise: the layers could not be verified
soname=$(grep -ao 'libcrypto\.so\.[0-9]*' "$bin" | head -n 1)
mkdir -p "$tmp/nocrypto" && : > "$tmp/nocrypto/${soname:-libcrypto.so.3}"
run env LD_LIBRARY_PATH="$tmp/nocrypto" "$bin" scan --no-config "$img/layered.tar"
expect_rc "no libcrypto: an image archive" 2
expect_out "... is an error naming the library" "layered.tar: error: cannot read the image archive: ${soname:-?} cannot be loaded, needed for SHA-256"

finish images
