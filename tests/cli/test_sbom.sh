#!/usr/bin/env bash
# test_sbom.sh — `plimsoll sbom`: CycloneDX 1.5 validated against the
# official JSON schema (testdata/sbom/schema), SPDX 2.3 against the fields
# SPDX requires (tests/sbom_check.py), the inventory of each package format
# (dpkg, distroless status.d, apk, rpm sqlite, Python, npm, Go build info,
# Maven in jars) as package URLs, what old rpm databases get, reproducible
# output, choosing one image of several, and the usage errors.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
img=$root/testdata/images
export SOURCE_DATE_EPOCH=1700000000
# the schema validator: python3 with jsonschema (Debian's python3-jsonschema)
py=python3
$py -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3
check() { $py "$root/tests/sbom_check.py" "$@"; }

for f in layered lang rpm alpine distroless bdb docker25; do
  run "$bin" sbom "$img/$f.tar" --format cyclonedx --output "$tmp/$f.cdx.json"
  expect_rc "sbom $f.tar (CycloneDX)" 0
  if v=$(check cyclonedx "$tmp/$f.cdx.json" 2>&1); then ok "$f: valid CycloneDX 1.5 (official schema)"; else bad "$f: CycloneDX schema" "$v"; fi
  run "$bin" sbom "$img/$f.tar" --format spdx --output "$tmp/$f.spdx.json"
  expect_rc "sbom $f.tar (SPDX)" 0
  if v=$(check spdx "$tmp/$f.spdx.json" 2>&1); then ok "$f: valid SPDX 2.3 (required fields)"; else bad "$f: SPDX" "$v"; fi
  [ "$(check purls "$tmp/$f.cdx.json")" = "$(check purls "$tmp/$f.spdx.json")" ] &&
    ok "$f: both formats list the same packages" || bad "$f: CycloneDX and SPDX differ"
done

purls() { check purls "$tmp/$1.cdx.json" | tr '\n' ' '; }
expect_purls() { # fixture want
  local got
  got=$(purls "$1")
  [ "$got" = "$2" ] && ok "$1: inventory" || bad "$1: inventory" "got:  $got"$'\n'"want: $2"
}
expect_purls layered "pkg:deb/debian/base-files@12.4?arch=amd64&distro=debian-12 pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12 pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc "
expect_purls distroless "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12 pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl "
expect_purls alpine "pkg:apk/alpine/libcrypto1.1@1.1.1k-r0?arch=x86_64&distro=alpine-3.12.7&upstream=openssl pkg:apk/alpine/musl@1.1.24-r10?arch=x86_64&distro=alpine-3.12.7 "
expect_purls rpm "pkg:rpm/rhel/bash@5.1.8-6.el9?arch=x86_64&distro=rhel-9.2 pkg:rpm/rhel/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rhel-9.2&epoch=1&upstream=openssl "
expect_purls lang "pkg:golang/example.com/app@%28devel%29 pkg:golang/github.com/pkg/errors@v0.9.1 pkg:golang/golang.org/x/net@v0.17.0 pkg:golang/stdlib@go1.21.5 pkg:maven/com.google.guava/guava@32.1.2-jre pkg:maven/org.example/app@1.0.0 pkg:npm/%40babel/core@7.23.0 pkg:npm/left-pad@1.3.0 pkg:pypi/pyyaml@6.0 pkg:pypi/requests@2.31.0 "
expect_purls bdb " "
grep -q '"plimsoll:note"' "$tmp/bdb.cdx.json" && grep -q 'BerkeleyDB format, which plimsoll does not read' "$tmp/bdb.cdx.json" &&
  ok "an old rpm database is named as not read" || bad "bdb note" "$(cat "$tmp/bdb.cdx.json")"
grep -q '"name": "plimsoll:package:source-name"' "$tmp/rpm.cdx.json" && grep -q '"value": "openssl"' "$tmp/rpm.cdx.json" &&
  ok "the source package is kept" || bad "source package"
grep -q '"sourceInfo": "built from the source package glibc 2.36-9"' "$tmp/layered.spdx.json" &&
  ok "SPDX: the source package is in sourceInfo" || bad "SPDX sourceInfo"

# reproducible: same image and SOURCE_DATE_EPOCH, same bytes
"$bin" sbom "$img/layered.tar" > "$tmp/a.json"
"$bin" sbom "$img/layered.tar" > "$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" && ok "byte-identical output for the same image" || bad "sbom not reproducible"
grep -q '"timestamp": "2023-11-14T22:13:20Z"' "$tmp/a.json" && ok "the timestamp comes from SOURCE_DATE_EPOCH" || bad "timestamp"
"$bin" sbom "$img/layered-oci" --format spdx > "$tmp/oci.spdx" && check spdx "$tmp/oci.spdx" >/dev/null &&
  ok "an OCI layout directory" || bad "sbom of a layout directory"

# several images: choose one
run "$bin" sbom "$img/multi.tar"
expect_rc "several images need --image" 2
expect_out "... and the error lists them" "the archive holds 2 images: choose one with --image or --platform \(shop/one:1 \(linux/amd64\), shop/two:1 \(linux/amd64\)\)"
run "$bin" sbom "$img/multi.tar" --image shop/two:1
expect_rc "--image shop/two:1" 0
expect_out "... is that image" '"version": "1"'
expect_no_out "... alone" 'shop/one'
run "$bin" sbom "$img/multi.tar" --image docker.io/shop/two:1
expect_rc "--image with the registry named differently does not match" 2

# usage and input errors
run "$bin" sbom "$img/layered.tar" --format xml
expect_rc "an unknown sbom format" 2
expect_out "... names the two" "sbom --format must be cyclonedx or spdx"
run "$bin" sbom
expect_rc "sbom without an image" 2
run "$bin" sbom "$img/not-an-image.tar"
expect_rc "a tar that is not an image" 2
expect_out "... says so" "not an image archive"
run "$bin" sbom "$img/truncated.tar"
expect_rc "an image that cannot be read whole" 2
expect_out "... writes no inventory" "could not be read whole: no inventory written"
run "$bin" scan --image x "$img/layered.tar"
expect_rc "--image is an sbom option" 2


# SQLite is opened when an rpm database is first read (src/dynlib.c), not
# linked: without it (a stand-in that cannot load, first on
# LD_LIBRARY_PATH), the inventory says why its rpm packages are missing.
soname=$(grep -ao 'libsqlite3\.so\.[0-9]*' "$bin" | head -n 1)
mkdir -p "$tmp/nosqlite" && : > "$tmp/nosqlite/${soname:-libsqlite3.so.0}"
run env LD_LIBRARY_PATH="$tmp/nosqlite" "$bin" sbom "$img/rpm.tar" --format cyclonedx --output "$tmp/nosql.cdx.json"
expect_rc "no SQLite: sbom of an rpm image" 0
[ -n "$soname" ] && grep -q "the rpm database (rpmdb.sqlite) could not be read: $soname cannot be loaded" "$tmp/nosql.cdx.json" &&
  ok "no SQLite: the note names the library" || bad "no SQLite note" "$(grep -i sqlite "$tmp/nosql.cdx.json")"
[ "$(check purls "$tmp/nosql.cdx.json" | grep -c '^pkg:rpm')" = 0 ] && ok "no SQLite: no rpm package invented" ||
  bad "no SQLite: rpm packages listed" "$(check purls "$tmp/nosql.cdx.json")"

finish sbom
