#!/usr/bin/env bash
# test_new_check.sh — `plimsoll new-check NAME --input LIST [--dir DIR]`:
# the files it writes, that test-checks passes on them for every input as
# they are and scan runs them, that it never replaces a file, and its usage
# errors.
set -u
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 2

ext() { case $1 in kubernetes|compose) echo yaml ;; dockerfile) echo dockerfile ;; image) echo json ;; esac; }

# --- one input at a time: the files, test-checks, scan
for input in kubernetes compose dockerfile image; do
  d=$tmp/$input name=pin-$input stem=pin_$input e=$(ext $input)
  run "$bin" new-check $name --input $input --dir "$d"
  expect_rc "new-check --input $input" 0
  for f in $stem.lua $stem/pass-$input.$e $stem/fail-$input.$e; do
    [ -f "$d/$f" ] && ok "$input: wrote $f" || bad "$input: $f missing" "$out"
    echo "$out" | grep -qx "wrote $d/$f" && ok "$input: says it wrote $f" || bad "$input: does not say it wrote $f" "$out"
  done
  expect_out "$input: says what to do next" "^next: edit $d/$stem.lua and its fixtures, then run: plimsoll test-checks $d$"
  grep -q "^function check.$input(doc, report)$" "$d/$stem.lua" && ok "$input: one handler for the input" || bad "$input: no check.$input handler" "$(cat "$d/$stem.lua")"
  [ "$(grep -c '^function check\.' "$d/$stem.lua")" -eq 1 ] && ok "$input: no other handler" || bad "$input: other handlers"
  grep -q '^  run = \|^  run_all = ' "$d/$stem.lua" && bad "$input: legacy run key" || ok "$input: v2 shape, no run key"
  run "$bin" test-checks "$d"
  expect_rc "$input: test-checks passes on the skeleton" 0
  expect_out "$input: both fixtures" '^2 passed, 0 failed$'
  expect_out "$input: the fail fixture gives a finding" "^ok   $d/$stem/fail-$input.$e \([0-9]+:[0-9]+\)$"
  run "$bin" scan --no-config --checks "$d" --only $name "$d/$stem/fail-$input.$e"
  expect_rc "$input: scan reports the fail fixture" 1
  expect_out "$input: scan names the check" "^$d/$stem/fail-$input.$e:[0-9]+:[0-9]+: medium $name: "
  run "$bin" scan --no-config --checks "$d" --only $name "$d/$stem/pass-$input.$e"
  expect_rc "$input: scan passes the pass fixture" 0
done

# --- every input in one check: repeated and comma lists
d=$tmp/all
run "$bin" new-check all-inputs --input kubernetes,compose --input dockerfile --input image --dir "$d"
expect_rc "new-check, four inputs" 0
[ "$(grep -c '^function check\.' "$d/all_inputs.lua")" -eq 4 ] && ok "four handlers" || bad "handlers" "$(cat "$d/all_inputs.lua")"
grep -q '^  inputs = { "kubernetes", "compose", "dockerfile", "image" },$' "$d/all_inputs.lua" && ok "inputs listed" || bad "inputs line"
[ -f "$d/all_inputs/fail-image.expect" ] && ok "image fixture gets a sidecar expect (JSON has no comments)" || bad "no fail-image.expect"
run "$bin" test-checks "$d"
expect_rc "test-checks passes on a four-input skeleton" 0
expect_out "eight fixtures" '^8 passed, 0 failed$'
run "$bin" checks --checks "$d" --input image
expect_rc "the skeleton loads as a custom check" 0
expect_out "listed by checks" '^ORG-001 +all-inputs +medium +kubernetes,compose,dockerfile,image'

# --- ids: the next free one in DIR, or --id
run "$bin" new-check second-check --input compose --dir "$d"
grep -q 'id = "ORG-002"' "$d/second_check.lua" && ok "next free id" || bad "next free id" "$(grep 'id =' "$d/second_check.lua")"
run "$bin" new-check third-check --input compose --dir "$d" --id SHOP-7
grep -q 'id = "SHOP-7"' "$d/third_check.lua" && ok "--id" || bad "--id" "$out"
run "$bin" test-checks "$d"
expect_rc "three generated checks together" 0
run "$bin" new-check fourth-check --input compose --dir "$d" --id SHOP-7
expect_rc "--id taken" 2; expect_out "names who has it" 'id SHOP-7 is taken by third-check'
run "$bin" new-check fourth-check --input compose --dir "$d" --id shop7
expect_rc "--id malformed" 2

# --- never replaces a file; nothing half-written
sum=$(cat "$d/all_inputs.lua" "$d/all_inputs/"* | cksum)
run "$bin" new-check all-inputs --input kubernetes --dir "$d"
expect_rc "refuses to overwrite" 2
expect_out "says which file exists" 'exists already'
[ "$(cat "$d/all_inputs.lua" "$d/all_inputs/"* | cksum)" == "$sum" ] && ok "files unchanged" || bad "files changed"
mkdir -p "$tmp/half/late_fixture"
echo keep > "$tmp/half/late_fixture/fail-kubernetes.yaml"
run "$bin" new-check late-fixture --input kubernetes --dir "$tmp/half"
expect_rc "a fixture exists" 2
expect_out "names the fixture" "$tmp/half/late_fixture/fail-kubernetes.yaml exists already"
[ ! -e "$tmp/half/late_fixture.lua" ] && ok "nothing written when one file exists" || bad "wrote the check although a fixture existed"
[ "$(cat "$tmp/half/late_fixture/fail-kubernetes.yaml")" == keep ] && ok "the existing fixture kept" || bad "existing fixture replaced"
left=$(find "$tmp" -name '*plimsoll-new*')
[ -z "$left" ] && ok "no temporary files left" || bad "temporary files left" "$left"

# --- default DIR is .
mkdir -p "$tmp/here" && cd "$tmp/here" || exit 2
run "$bin" new-check local-check --input dockerfile
expect_rc "default DIR" 0
[ -f local_check.lua ] && [ -f local_check/fail-dockerfile.dockerfile ] && ok "written in ." || bad "not written in ." "$out"
expect_out "paths as written" '^wrote ./local_check.lua$'
cd "$tmp" || exit 2

run "$bin" new-check slash-dir --input image --dir "$tmp/slash/"
expect_rc "--dir with a trailing slash" 0
expect_out "paths without a double slash" "^wrote $tmp/slash/slash_dir.lua$"

# --- usage errors
run "$bin" new-check Bad_Name --input kubernetes --dir "$tmp/u";  expect_rc "name not kebab-case" 2; expect_out "says kebab-case" 'kebab-case'
run "$bin" new-check -- -x --input kubernetes;                     expect_rc "name starting with a dash" 2
run "$bin" new-check a--b --input kubernetes --dir "$tmp/u";       expect_rc "double dash" 2
run "$bin" new-check ok-name --dir "$tmp/u";                       expect_rc "no --input" 2; expect_out "asks for --input" 'new-check needs --input'
run "$bin" new-check ok-name --input helm --dir "$tmp/u";          expect_rc "unknown input" 2; expect_out "names the input" "unknown input 'helm'"
run "$bin" new-check --input kubernetes;                           expect_rc "no name" 2
run "$bin" new-check privileged-container --input kubernetes --dir "$tmp/u"; expect_rc "built-in name" 2
expect_out "names the built-in" 'a check named privileged-container exists already \(checks/'
[ ! -e "$tmp/u" ] && ok "usage errors write nothing" || bad "usage errors wrote $(ls -R "$tmp/u")"
echo x > "$tmp/file"
run "$bin" new-check ok-name --input kubernetes --dir "$tmp/file/sub"; expect_rc "DIR under a file" 2; expect_out "cannot make" "cannot make $tmp/file"
run "$bin" checks --dir x;                                         expect_rc "--dir is new-check's" 2
run "$bin" help;                                                   expect_out "help lists new-check" '^  new-check NAME --input LIST'

finish new_check
