#!/usr/bin/env bash
# test_check_class.sh — every built-in check declares its class (risk: an
# explicit dangerous setting; hardening: a safer default not set) in its
# metadata; the class is validated, listed by `plimsoll checks` and carried in
# the JSON and SARIF reports.
set -u
source "$(dirname "$0")/lib.sh"
root="$data/../.."
missing=""
for f in $(find "$root/checks" -name '*.lua' -not -path '*/lib/*'); do
  grep -qE 'class = "(risk|hardening)"' "$f" || missing="$missing ${f#$root/}"
done
[ -z "$missing" ] && ok "every built-in check declares class" || bad "checks without a class:$missing"
run "$bin" checks --format json
n_all=$(echo "$out" | jq 'length'); n_cls=$(echo "$out" | jq '[.[] | select(.class == "risk" or .class == "hardening")] | length')
[ "$n_all" -gt 0 ] && [ "$n_all" == "$n_cls" ] && ok "checks --format json: $n_cls classes" || bad "checks json: $n_cls of $n_all have a class"
run "$bin" checks
expect_out "checks text lists the class" '^RT-001 +privileged-container +critical +[a-z,]+ +risk '
expect_out "checks text lists hardening" '^RT-006 +writable-root-filesystem +medium +[a-z,]+ +hardening '
mkdir -p "$tmp/c"
printf 'local c = { id = "ORG-001", name = "bad-class", severity = "low", class = "danger", inputs = { "dockerfile" }, title = "t", description = "d", remediation = "r" }\nfunction c.dockerfile(doc, report) end\nreturn c\n' > "$tmp/c/bad_class.lua"
printf 'FROM alpine:3.20\n' > "$tmp/Dockerfile"
run "$bin" scan --checks "$tmp/c" "$tmp/Dockerfile"
expect_rc "an unknown class is an error" 2
expect_out "the error names the class" 'class "danger" must be "risk" or "hardening"'
printf 'FROM alpine:3.20\nENV DB_PASSWORD=Tr0ub4dor-orders\n' > "$tmp/Dockerfile"
run "$bin" scan --format json "$tmp/Dockerfile"
expect_out "JSON finding carries class risk" '"class": "risk"'
expect_out "JSON finding carries class hardening" '"class": "hardening"'
run "$bin" scan --format sarif "$tmp/Dockerfile"
expect_out "SARIF carries the class" '"class": "(risk|hardening)"'
finish check_class
