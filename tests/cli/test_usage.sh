#!/usr/bin/env bash
# test_usage.sh — the command line (docs/usage.md): getopt_long parsing,
# validation, help and version, -f/-o, --quiet, --errors, --fail-if-nothing-
# scanned, PLIMSOLL_* variables and .plimsoll.yaml options with their
# precedence, colour, the man page and the shell completions.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
cd "$data"
unset FORCE_COLOR NO_COLOR
for v in $(env | grep -o '^PLIMSOLL_[A-Z_]*' | grep -v '^PLIMSOLL_TODAY$\|^PLIMSOLL_VERIFY_STATE$'); do unset "$v"; done
sel="--only privileged-container,host-pid,runs-as-root,secret-in-env"

# ---- parsing
ref=$("$bin" scan --format json priv.yaml 2>&1)
for form in "-j2" "-j 2" "--jobs 2" "--jobs=2"; do
  # shellcheck disable=SC2086
  run "$bin" scan $form --format json priv.yaml
  expect_rc "$form" 1
  [ "$out" == "$ref" ] && ok "$form: same report" || bad "$form: report differs" "$out"
done
run "$bin" scan --format=json --fail-on=none priv.yaml; expect_rc "--opt=value" 0; expect_out "--format=json is JSON" '^\{'
run "$bin" scan -f json priv.yaml;        expect_rc "-f json" 1; expect_out "-f is --format" '"findings"'
run "$bin" scan priv.yaml --format json;  expect_out "options after paths" '"findings"'
run "$bin" scan --fail-on none -- priv.yaml; expect_rc "-- ends the options" 0
run "$bin" scan --bogus;                  expect_rc "unknown option" 2; expect_out "says unknown option" "unknown option '--bogus'"
expect_no_out "not 'needs a value'" 'needs a value'
run "$bin" scan --bogus=1 priv.yaml;      expect_rc "unknown option with =" 2; expect_out "named without its value" "unknown option '--bogus'$"
run "$bin" scan -x priv.yaml;             expect_rc "unknown short option" 2; expect_out "names it" "unknown option '-x'"
run "$bin" scan --form json priv.yaml;    expect_rc "abbreviation refused" 2; expect_out "suggests the whole name" "unknown option '--form' \(did you mean --format\?\)"
run "$bin" scan --no-c priv.yaml;         expect_rc "ambiguous prefix" 2; expect_out "lists the candidates" "did you mean --no-config, --no-context or --no-color\?"
run "$bin" scan --quiet=1 priv.yaml;      expect_rc "flag with a value" 2; expect_out "flag takes no value" 'option --quiet takes no value'
run "$bin" scan --jobs;                   expect_rc "missing value" 2; expect_out "needs a value" 'option --jobs needs a value'
run "$bin" scan priv.yaml -j;             expect_rc "missing short value" 2; expect_out "short needs a value" 'option --jobs needs a value'
for bad_n in "--check-budget abc" "--check-budget 999" "--check-timeout 0" "--check-memory x" "--jobs 0" "--jobs 65" \
             "--jobs -1" "--jobs +2" "--max-file-size 4096" "--compliance-threshold 101 --compliance nsa-cisa"; do
  # shellcheck disable=SC2086
  run "$bin" scan $bad_n priv.yaml; expect_rc "$bad_n" 2
done
run "$bin" scan --check-budget abc priv.yaml; expect_out "numeric error message" "^plimsoll: --check-budget wants a whole number of at least 1000, not 'abc'$"
run "$bin" scan --jobs ' 2' priv.yaml;    expect_rc "spaces in a number" 2
run "$bin" explain privileged-container --jobs 2; expect_rc "option the command ignores" 2
expect_out "names the commands that take it" '--jobs is not an option of explain \(it is one of: scan;'
run "$bin" checks --fail-on high;         expect_rc "--fail-on is not a checks option" 2
run "$bin" version --format json;         expect_rc "version takes no --format" 2
run "$bin" checks extra;                  expect_rc "stray argument" 2; expect_out "says so" "checks takes no argument \(not 'extra'\)"
run "$bin" --format json;                 expect_rc "option before the command" 2; expect_out "options come after the command" 'options come after it'
run "$bin" frobnicate;                    expect_rc "unknown command" 2; expect_out "unknown command named" "unknown command 'frobnicate'"

# ---- severities and empty lists
run "$bin" scan --severity HIGH,CRITICAL priv.yaml; expect_rc "upper-case severities" 1
expect_out "HIGH,CRITICAL keeps critical" 'critical privileged-container'; expect_no_out "HIGH,CRITICAL drops medium" ' medium '
run "$bin" scan --severity high --severity CRITICAL priv.yaml; expect_out "--severity repeatable" 'critical privileged-container'
expect_no_out "repeated --severity still filters" ' medium '
run "$bin" scan --fail-on CRITICAL --skip privileged-container priv.yaml; expect_rc "--fail-on in capitals" 0
run "$bin" scan --severity urgent priv.yaml; expect_rc "unknown severity" 2; expect_out "names it" "'urgent' is not critical, high"
for empty in '--severity=' '--only=' '--skip=' '--compliance=' '--severity=,' '--only= , '; do
  run "$bin" scan "$empty" priv.yaml; expect_rc "empty $empty" 2; expect_out "empty $empty says why" 'not an empty list'
done
run "$bin" scan --checks checks-badmeta --only bad clean.yaml; expect_rc "--only a check that did not load" 2
expect_out "shows its load error" "check 'bad' did not load: checks-badmeta/bad.lua: invalid check: name \"Bad Name\""
expect_no_out "not 'unknown check'" 'unknown check'
run "$bin" explain --checks checks-badmeta bad; expect_rc "explain a check that did not load" 2
expect_out "explain shows its load error" "check 'bad' did not load: checks-badmeta/bad.lua: invalid check"

# ---- help and version
for v in "-v" "--version" "version" "scan --version"; do
  # shellcheck disable=SC2086
  run "$bin" $v; expect_rc "$v" 0; expect_out "$v prints the version" '^plimsoll [0-9]+\.[0-9]+\.[0-9]+$'
done
for h in "-h" "--help" "help"; do
  run "$bin" $h; expect_rc "$h" 0; expect_out "$h lists the commands" '^commands:$'; expect_out "$h has scan options" '^  --fail-on SEVERITY'
done
run "$bin";                               expect_rc "no arguments: help" 0; expect_out "no arguments lists commands" '^  completion bash\|zsh\|fish'
run "$bin" scan --help;                   expect_rc "scan --help" 0; expect_out "scan usage line" '^usage: plimsoll scan \[options\] \[PATH\.\.\.\|-\]$'
expect_out "scan --help lists --errors" '^  --errors fail\|warn'; expect_no_out "scan --help lacks checks' --input" '^  --input'
run "$bin" scan -h --bogus;               expect_rc "an error after -h still fails" 2
run "$bin" help checks;                   expect_rc "help checks" 0; expect_out "help COMMAND" '^usage: plimsoll checks'
expect_out "checks help lists --input" '^  --input LIST'
run "$bin" explain --help;                expect_rc "explain --help needs no CHECK" 0; expect_out "explain usage" '^usage: plimsoll explain \[options\] CHECK'
run "$bin" help nope;                     expect_rc "help of an unknown command" 2

# ---- -f and -o
mkdir -p "$tmp/o" && cp priv.yaml "$tmp/o/"
(cd "$tmp/o" && "$bin" scan -o json priv.yaml > out.txt 2>&1); rc=$?; out=$(cat "$tmp/o/out.txt")
expect_rc "-o json refused" 2; expect_out "-o json points at -f" 'for the json format use -f json'
[ -e "$tmp/o/json" ] && bad "-o json wrote a file named json" || ok "-o json wrote no file named json"
(cd "$tmp/o" && "$bin" scan -f json -o ./json priv.yaml > out.txt 2>&1); rc=$?
expect_rc "-o ./json" 1
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/o/json" && ok "-o ./json writes the JSON report there" || bad "-o ./json"

# ---- --quiet
run "$bin" scan --quiet priv.yaml;        expect_rc "--quiet keeps the exit code" 1
expect_out "--quiet: the summary" '^[0-9]+ findings \('; expect_no_out "--quiet: no findings" 'privileged-container'
[ "$(echo "$out" | wc -l)" -eq 1 ] && ok "--quiet: one line" || bad "--quiet prints more than the summary" "$out"
run "$bin" scan -q bad.yaml priv.yaml;    expect_rc "-q with an error" 2; expect_out "-q shows errors" '^bad.yaml:[0-9]+:[0-9]+: error: '
run "$bin" scan -q --format json priv.yaml; expect_out "--quiet leaves JSON whole" '"name": "privileged-container"'

# ---- --errors
run "$bin" scan $sel bad.yaml clean.yaml; expect_rc "parse error: exit 2" 2
run "$bin" scan --errors warn $sel bad.yaml clean.yaml; expect_rc "--errors warn: parse error ignored" 0
expect_out "--errors warn still reports the error" '^bad.yaml:[0-9]+:[0-9]+: error: '
expect_out "the summary says errors do not fail" ', 1 error \(--errors warn: input errors do not fail the scan\)$'
run "$bin" scan --errors warn bad.yaml priv.yaml; expect_rc "--errors warn: findings still count" 1
run "$bin" scan --errors warn missing-file.yaml clean.yaml $sel; expect_rc "--errors warn: unreadable file" 0
run "$bin" scan --errors warn --checks checks-loop --budget 1000000 clean.yaml; expect_rc "--errors warn: a check's error still fails" 2
run "$bin" scan --errors warn --checks checks-badmeta clean.yaml $sel; expect_rc "--errors warn: a broken check still fails" 2
run "$bin" scan --errors fail $sel bad.yaml clean.yaml; expect_rc "--errors fail" 2

# ---- --fail-if-nothing-scanned
mkdir -p "$tmp/empty" && echo "hello" > "$tmp/empty/README.txt"
run "$bin" scan "$tmp/empty";             expect_rc "nothing scanned: clean by default" 0
run "$bin" scan --fail-if-nothing-scanned "$tmp/empty"; expect_rc "--fail-if-nothing-scanned" 2
expect_out "says nothing was scanned" 'nothing was scanned'
run "$bin" scan --fail-if-nothing-scanned $sel clean.yaml; expect_rc "--fail-if-nothing-scanned with a file" 0

# ---- environment: flag > env > config > default
PLIMSOLL_FAIL_ON=none run "$bin" scan priv.yaml;  expect_rc "PLIMSOLL_FAIL_ON=none" 0
PLIMSOLL_FAIL_ON=HIGH run "$bin" scan --skip privileged-container,secret-in-env,host-pid priv.yaml
expect_rc "PLIMSOLL_FAIL_ON=HIGH" 0
PLIMSOLL_FAIL_ON=none run "$bin" scan --fail-on low priv.yaml; expect_rc "flag beats the environment" 1
PLIMSOLL_FAIL_ON=urgent run "$bin" scan priv.yaml; expect_rc "bad PLIMSOLL_FAIL_ON" 2; expect_out "names the variable" '^plimsoll: PLIMSOLL_FAIL_ON=urgent: --fail-on must be'
PLIMSOLL_FAIL_ON= run "$bin" scan priv.yaml;      expect_rc "empty variable: unset" 1
PLIMSOLL_FORMAT=json run "$bin" scan priv.yaml;   expect_out "PLIMSOLL_FORMAT=json" '^\{'
PLIMSOLL_FORMAT=json run "$bin" scan -f text priv.yaml; expect_no_out "--format beats PLIMSOLL_FORMAT" '^\{'
PLIMSOLL_FORMAT=sarif run "$bin" checks;          expect_rc "the environment sets scan only" 0
PLIMSOLL_JOBS=abc run "$bin" scan priv.yaml;      expect_rc "PLIMSOLL_JOBS=abc" 2
PLIMSOLL_QUIET=true run "$bin" scan priv.yaml;    expect_no_out "PLIMSOLL_QUIET=true" 'privileged-container'
PLIMSOLL_QUIET=maybe run "$bin" scan priv.yaml;   expect_rc "PLIMSOLL_QUIET=maybe" 2; expect_out "flag values named" 'PLIMSOLL_QUIET=maybe: want 1, true'
PLIMSOLL_SEVERITY=critical run "$bin" scan priv.yaml; expect_no_out "PLIMSOLL_SEVERITY" ' medium '
PLIMSOLL_ERRORS=warn run "$bin" scan $sel bad.yaml clean.yaml; expect_rc "PLIMSOLL_ERRORS=warn" 0
PLIMSOLL_ONLY=privileged-container run "$bin" scan priv.yaml; expect_no_out "PLIMSOLL_ONLY" 'secret-in-env'

# ---- configuration
cfg() { mkdir -p "$tmp/c" && cp priv.yaml bad.yaml clean.yaml "$tmp/c/" && printf '%s' "$1" > "$tmp/c/.plimsoll.yaml"; }
cfg $'fail-on: none\n'
run "$bin" scan "$tmp/c/priv.yaml";                  expect_rc "config fail-on: none" 0
PLIMSOLL_FAIL_ON=low run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "environment beats config" 1
run "$bin" scan --fail-on low "$tmp/c/priv.yaml";    expect_rc "flag beats config" 1
cfg $'format: json\nseverity: [CRITICAL]\n'
run "$bin" scan "$tmp/c/priv.yaml"
echo "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert {f["severity"] for f in r["findings"]} == {"critical"}, r' \
  && ok "config format and severity list" || bad "config format and severity list" "$out"
cfg $'severity: {privileged-container: low}\nfail-on: high\nskip: [secret-in-env, host-pid, runs-as-root]\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_out "severity map still overrides" 'low privileged-container'
cfg $'format: [json, sarif]\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "config: two formats to stdout refused" 2
cfg $'format: json=out.json\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "config may not name output files" 2; expect_out "says so" 'not allowed in the configuration'
cfg $'output: report.txt\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "config output: refused" 2; expect_out "output is not a config key" "unknown key 'output'"
cfg $'check-budget: 999999999999\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "config cannot lift the check limits" 2
cfg $'jobs: lots\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "config jobs: lots" 2
expect_out "positioned config error" '\.plimsoll\.yaml:1:7: jobs: --jobs wants a whole number'
cfg $'fail-on: [high, low]\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "list for a one-value option" 2; expect_out "one value" 'fail-on: fail-on takes one value'
cfg $'fail-on: high\nfail-on: low\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "duplicate option key" 2; expect_out "names both places" "duplicate key 'fail-on' \(first at line 1, column 1\)"
cfg $'quiet: yes\n'
run "$bin" scan "$tmp/c/priv.yaml"; expect_no_out "config quiet" 'privileged-container'
cfg $'fail-on: none\n'
PLIMSOLL_NO_CONFIG=1 run "$bin" scan "$tmp/c/priv.yaml"; expect_rc "PLIMSOLL_NO_CONFIG=1" 1
printf 'fail-on: critical\n' > "$tmp/other.yaml"
PLIMSOLL_CONFIG="$tmp/other.yaml" run "$bin" scan --skip privileged-container "$tmp/c/priv.yaml"; expect_rc "PLIMSOLL_CONFIG" 0
cfg $'errors: warn\nonly: [privileged-container]\n'
run "$bin" scan "$tmp/c/bad.yaml" "$tmp/c/clean.yaml"; expect_rc "config errors: warn" 0
mkdir -p "$tmp/c/policies" && cp -r checks-badmeta/. "$tmp/c/policies/"
cfg $'checks: [policies]\n'
(cd "$tmp" && "$bin" scan c/clean.yaml > "$tmp/out.txt" 2>&1); rc=$?; out=$(cat "$tmp/out.txt")
expect_rc "config checks: relative to the config" 2; expect_out "loaded from the config's folder" '^c/policies/bad.lua: error: invalid check'

# ---- colour
esc=$'\033\['
run "$bin" scan --color priv.yaml;                         expect_out "--color" "$esc"
FORCE_COLOR=1 run "$bin" scan priv.yaml;                   expect_out "FORCE_COLOR into a pipe" "$esc"
FORCE_COLOR=1 run "$bin" scan --no-color priv.yaml;        expect_no_out "--no-color beats FORCE_COLOR" "$esc"
FORCE_COLOR= run "$bin" scan priv.yaml;                    expect_no_out "empty FORCE_COLOR" "$esc"
PLIMSOLL_COLOR=true run "$bin" scan priv.yaml;             expect_out "PLIMSOLL_COLOR=true" "$esc"
run "$bin" scan priv.yaml;                                 expect_no_out "no colour into a pipe" "$esc"
FORCE_COLOR=1 run "$bin" scan --format json -o "$tmp/c.json" priv.yaml
grep -q $'\033' "$tmp/c.json" && bad "colour in a file" || ok "no colour in an output file"
if command -v script >/dev/null; then
  tty_run() { out=$(env "$@" script -qec "$bin scan priv.yaml" /dev/null 2>&1); }
  tty_run TERM=xterm;             expect_out "terminal: colour" "$esc"
  tty_run TERM=xterm NO_COLOR=1;  expect_no_out "terminal, NO_COLOR=1: none" "$esc"
  tty_run TERM=xterm NO_COLOR=;   expect_out "terminal, empty NO_COLOR: colour" "$esc"
  tty_run TERM=dumb;              expect_no_out "terminal, TERM=dumb: none" "$esc"
  tty_run TERM=dumb FORCE_COLOR=1; expect_out "FORCE_COLOR beats TERM=dumb" "$esc"
  tty_run TERM=xterm NO_COLOR=1 FORCE_COLOR=1; expect_out "FORCE_COLOR beats NO_COLOR" "$esc"
else
  bad "script(1) missing: the terminal colour tests did not run"
fi

# ---- man page and help from the same text
run "$bin" help --man
if [ "$out" == "$(cat "$root/docs/plimsoll.1")" ]; then ok "docs/plimsoll.1 is current"
else bad "docs/plimsoll.1 is stale: run make docs" "$(diff <(echo "$out") "$root/docs/plimsoll.1" | head)"; fi
"$bin" help > "$tmp/help.txt"
for c in scan checks frameworks explain test-checks new-check completion; do "$bin" $c --help; done > "$tmp/cmdhelp.txt"
if python3 - "$tmp/help.txt" "$tmp/cmdhelp.txt" "$root/docs/plimsoll.1" <<'EOF'
import re, subprocess, sys
help_all, cmd_help, man = (open(p).read() for p in sys.argv[1:])
def opts(text):
    """option -> its help text, unwrapped, from --help output"""
    got, cur = {}, None
    for line in text.splitlines():
        m = re.match(r'^  (-\w, )?(--[\w-]+)( \S+)?(\s{2,}(.*))?$', line)
        if m:
            cur = m.group(2); got.setdefault(cur, []).append(m.group(5) or "")
        elif cur and line.startswith(" " * 26):
            got[cur][-1] += " " + line.strip()
        else:
            cur = None
    return {k: [" ".join(x.split()) for x in v] for k, v in got.items()}
# the man page as text (roff escapes undone)
plain = man.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")
plain = " ".join(l for l in plain.splitlines() if not l.startswith(".") or l.startswith(".B "))
plain = " ".join(plain.replace(".B ", " ").split())
a, c = opts(help_all), opts(cmd_help)
assert len(c) >= 25, sorted(c)
for name, texts in list(a.items()) + list(c.items()):
    for t in texts:
        assert t, name
        assert t in plain, (name, t)
for name in c:
    assert name in a or name in ("--help", "--version"), name
print(len(c), "options")
EOF
then ok "every option's --help text is in the man page, and plimsoll help has every command's options"
else bad "help and man page differ"; fi
if command -v man >/dev/null && out=$(MANWIDTH=80 man -l "$root/docs/plimsoll.1" 2>&1); then
  echo "$out" | grep -q 'fail-on SEVERITY' && ok "man -l renders the page" || bad "man page renders without options" "$out"
else ok "skipped: man not installed"; fi

# ---- completions
run "$bin" completion tcsh;               expect_rc "completion tcsh" 2
"$bin" completion bash > "$tmp/plimsoll.bash"
comp() { # words... : prints COMPREPLY, one a line
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _plimsoll; printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/plimsoll.bash" "$@"
}
PATH="$(dirname "$bin"):$PATH"; export PATH
[ "$(comp plimsoll sc)" = "scan" ] && ok "bash: commands" || bad "bash: commands" "$(comp plimsoll sc)"
comp plimsoll scan --fa | grep -qx -- '--fail-on' && ok "bash: scan options" || bad "bash: scan options" "$(comp plimsoll scan --fa)"
comp plimsoll checks --fa | grep -q . && bad "bash: checks has no --fail-on" "$(comp plimsoll checks --fa)" || ok "bash: options per command"
[ "$(comp plimsoll scan --format sa)" = "sarif" ] && ok "bash: format values" || bad "bash: format values" "$(comp plimsoll scan --format sa)"
comp plimsoll scan --fail-on "" | grep -qx none && ok "bash: fail-on values" || bad "bash: fail-on values"
comp plimsoll scan --only privileged-c | grep -qx privileged-container && ok "bash: check names" || bad "bash: check names" "$(comp plimsoll scan --only privileged-c)"
comp plimsoll scan --skip host-pid,privileged-c | grep -qx host-pid,privileged-container && ok "bash: comma lists" || bad "bash: comma lists" "$(comp plimsoll scan --skip host-pid,privileged-c)"
[ "$(comp plimsoll scan --severity high,cr)" = "high,critical" ] && ok "bash: severity lists" || bad "bash: severity lists" "$(comp plimsoll scan --severity high,cr)"
comp plimsoll explain host-p | grep -qx host-pid && ok "bash: explain CHECK" || bad "bash: explain CHECK"
(cd "$data" && comp plimsoll scan pri) | grep -qx priv.yaml && ok "bash: paths" || bad "bash: paths"
[ "$(comp plimsoll completion z)" = "zsh" ] && ok "bash: completion shells" || bad "bash: completion shells"
if command -v zsh >/dev/null; then
  "$bin" completion zsh > "$tmp/_plimsoll"
  zsh -n "$tmp/_plimsoll" && ok "zsh: script parses" || bad "zsh: syntax error"
  mkdir -p "$tmp/zfunc" && cp "$tmp/_plimsoll" "$tmp/zfunc/"
  if out=$(cd "$tmp" && HOME="$tmp" zsh -f -c 'fpath=(zfunc $fpath); autoload -Uz compinit; compinit -u -d "$HOME/zcd"; print -r -- ${_comps[plimsoll]}' 2>&1) \
     && [ "$out" = "_plimsoll" ]; then ok "zsh: compinit registers _plimsoll"; else bad "zsh: not registered" "$out"; fi
  # completion for real: an interactive zsh on a pseudo-terminal, a line typed, then TAB
  zcomp() { # line: prints what zsh shows after TAB
    HOME="$tmp" timeout 30 zsh -f -c '
      zmodload zsh/zpty
      zpty z "zsh -f -i"
      zpty -w z "PS1=\"> \"; PATH=$2:\$PATH; fpath=($1/zfunc \$fpath); autoload -Uz compinit; compinit -u -d $1/zcd2"
      sleep 1
      zpty -w -n z "$3"$'"'"'\t'"'"'
      sleep 1.5
      zpty -r -t z out; zpty -r -t z more
      print -r -- "$out$more"
      zpty -d z' _ "$tmp" "$(dirname "$bin")" "$1" 2>&1 | tr -d '\033' | tail -n 3
  }
  case $(zcomp "plimsoll scan --fail-o") in *"plimsoll scan --fail-on"*) ok "zsh: completes an option";;
    *) bad "zsh: option not completed" "$(zcomp "plimsoll scan --fail-o")";; esac
  case $(zcomp "plimsoll scan --format sar") in *"--format sarif"*) ok "zsh: completes a value";;
    *) bad "zsh: value not completed" "$(zcomp "plimsoll scan --format sar")";; esac
elif [ -n "${PLIMSOLL_REQUIRE_SHELLS:-}" ]; then bad "zsh not installed (tools/install-deps.sh installs it)"
else ok "skipped: zsh not installed"; fi
if command -v fish >/dev/null; then
  "$bin" completion fish > "$tmp/plimsoll.fish"
  fish -n "$tmp/plimsoll.fish" && ok "fish: script parses" || bad "fish: syntax error"
  fc() { HOME="$tmp" fish --no-config -c "source $tmp/plimsoll.fish; complete -C '$1'" 2>&1 | cut -f1; }
  fc "plimsoll sc" | grep -qx scan && ok "fish: commands" || bad "fish: commands" "$(fc 'plimsoll sc')"
  fc "plimsoll scan --fail" | grep -qx -- --fail-on && ok "fish: scan options" || bad "fish: scan options" "$(fc 'plimsoll scan --fail')"
  fc "plimsoll scan --format " | grep -qx sarif && ok "fish: format values" || bad "fish: format values" "$(fc 'plimsoll scan --format ')"
  fc "plimsoll scan --only privileged-c" | grep -qx privileged-container && ok "fish: check names" || bad "fish: check names" "$(fc 'plimsoll scan --only privileged-c')"
  fc "plimsoll checks --fail" | grep -q -- --fail-on && bad "fish: checks has no --fail-on" || ok "fish: options per command"
elif [ -n "${PLIMSOLL_REQUIRE_SHELLS:-}" ]; then bad "fish not installed (tools/install-deps.sh installs it)"
else ok "skipped: fish not installed"; fi

# ---- make install: binary, man page, completions
# with the build folder of the binary under test (no rebuild), outside any make that runs us
build_dir=$(cd "$(dirname "$bin")" && pwd)
if [ "${build_dir#"$root"/}" = "$build_dir" ]; then
  bad "make install not tried: $bin is not a build of this tree"
elif env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$root" install BUILD="${build_dir#"$root"/}" \
     DESTDIR="$tmp/inst" PREFIX=/usr >/dev/null 2>"$tmp/inst.err"; then
  for f in bin/plimsoll share/man/man1/plimsoll.1 share/bash-completion/completions/plimsoll \
           share/zsh/site-functions/_plimsoll share/fish/vendor_completions.d/plimsoll.fish; do
    [ -s "$tmp/inst/usr/$f" ] && ok "make install: $f" || bad "make install lacks $f"
  done
  cmp -s "$tmp/inst/usr/share/bash-completion/completions/plimsoll" "$tmp/plimsoll.bash" && ok "installed bash completion is the generated one" || bad "installed bash completion differs"
else
  bad "make install failed" "$(cat "$tmp/inst.err")"
fi

finish usage
