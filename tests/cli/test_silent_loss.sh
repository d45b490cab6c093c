#!/usr/bin/env bash
# test_silent_loss.sh — nothing hostile input does is lost silently (issue
# 13, defect 7): a folder deeper than the walk goes is an error naming it; a
# file with lone CR line ends gets right positions (and a Dockerfile an error,
# since Docker reads it as one line); UTF-16 YAML with a byte order mark is
# read, UTF-16 without one and UTF-16 Dockerfiles are errors instead of
# garbage; a NUL in a Dockerfile is an error at its place; an ARG chain that
# doubles past the substitution budget says where substitution stopped.
set -u
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2
cp "$data/priv.yaml" canary.yaml
canary_re='canary.yaml:12:7: critical privileged-container'

d=deep; for i in $(seq 1 70); do d=$d/d; done
mkdir -p "$d" && cp "$data/priv.yaml" "$d/pod.yaml"
run "$bin" scan --only privileged-container deep canary.yaml
expect_rc "a folder deeper than 64 levels" 2
expect_out "the deep folder is named" "^deep(/d){65}: error: folders nested deeper than 64 levels: not scanned$"
expect_out "deep folders: the canary" "$canary_re"
expect_out "folders up to the limit are walked" "deep/d/d/d"
run "$bin" scan --only privileged-container deep/d/d/d/d/d/d/d/d/d/d
expect_rc "a deep tree scanned from lower down" 1

tr '\n' '\r' < "$data/priv.yaml" > lonecr.yaml
run "$bin" scan --only privileged-container lonecr.yaml canary.yaml
expect_rc "lone CR YAML is read" 1
expect_out "lone CR YAML: the right line and column" "^lonecr.yaml:12:7: critical privileged-container"
expect_out "lone CR YAML: the source line" "^ +12 \|       privileged: true$"
printf 'FROM alpine:3.19\rRUN true\rUSER root\r' > cr.dockerfile
run "$bin" scan --only runs-as-root cr.dockerfile canary.yaml
expect_rc "lone CR Dockerfile" 2
expect_out "lone CR Dockerfile: an error at the first CR" "^cr.dockerfile:1:17: error: line ends with a lone carriage return \(CR\)"
expect_out "lone CR Dockerfile: findings on their own lines" "^cr.dockerfile:3:1: high runs-as-root"

python3 - "$data/priv.yaml" <<'PY'
import sys
t = open(sys.argv[1]).read()
open("bom16le.yaml", "wb").write(b"\xff\xfe" + t.encode("utf-16-le"))
open("bom16be.yaml", "wb").write(b"\xfe\xff" + t.encode("utf-16-be"))
open("nobom16.yaml", "wb").write(t.encode("utf-16-le"))
open("Dockerfile", "wb").write(b"\xff\xfe" + "FROM alpine:3.19\nUSER root\n".encode("utf-16-le"))
open("Dockerfile.nobom", "wb").write("FROM alpine:3.19\nUSER root\n".encode("utf-16-le"))
PY
run "$bin" scan --only privileged-container,runs-as-root bom16le.yaml bom16be.yaml nobom16.yaml Dockerfile Dockerfile.nobom canary.yaml
expect_rc "UTF-16 inputs" 2
expect_out "UTF-16LE YAML with a BOM is read" "^bom16le.yaml:12:7: critical privileged-container"
expect_out "UTF-16BE YAML with a BOM is read" "^bom16be.yaml:12:7: critical privileged-container"
expect_out "UTF-16 YAML without a BOM is an error" "^nobom16.yaml: error: the file is UTF-16 text without a byte order mark: save it as UTF-8$"
expect_out "a UTF-16 Dockerfile is an error" "^Dockerfile: error: the file is UTF-16 text \(Docker reads Dockerfiles as UTF-8 only\): save it as UTF-8$"
expect_out "a UTF-16 Dockerfile without a BOM too" "^Dockerfile.nobom: error: the file is UTF-16 text without a byte order mark"
expect_no_out "no finding from UTF-16 garbage" "Dockerfile(.nobom)?:[0-9]+:[0-9]+: [a-z]+ runs-as-root"
expect_out "UTF-16: the canary" "$canary_re"

printf 'FROM alpine:3.19\nUSER r\000oot\n' > nul.dockerfile
run "$bin" scan --only runs-as-root nul.dockerfile canary.yaml
expect_rc "NUL in a Dockerfile" 2
expect_out "the NUL's place" "^nul.dockerfile:2:7: error: NUL byte in a Dockerfile: values are cut short here"

{ echo 'ARG A0=0123456789abcdef0123456789abcdef'
  for i in $(seq 1 40); do echo "ARG A$i=\$A$((i - 1))\$A$((i - 1))"; done
  echo 'FROM alpine:3.19'; echo 'USER root'; } > dbl.dockerfile
run timeout 60 "$bin" scan --only runs-as-root dbl.dockerfile
expect_rc "an ARG doubling chain" 2
expect_out "where substitution stopped" "^dbl.dockerfile:20:1: error: variables not substituted from here on"
expect_out "doubling chain: findings kept" "^dbl.dockerfile:43:1: high runs-as-root"
finish silent_loss
