#!/usr/bin/env bash
# golden.sh — golden tests for checks.
#
# A case is a directory testdata/checks/<check>/<pass|fail>-<what>/ holding
# input files, an optional `args` (extra command-line arguments, one line, not
# --format or --output) and `expected`. The runner runs, inside the case
# directory,
#     plimsoll scan --no-color --no-context --only <check> [args] <every file but expected and args>
# (--no-context: a case is its own world; the plimsoll repository around it is
# not context for its cross-document checks)
# (NO_COLOR=1, PLIMSOLL_TODAY pinned) and compares, byte for byte:
#
#     expected = everything the command printed, stdout and stderr merged in
#                the order they were written (headlines, source excerpts,
#                carets, fix: blocks, the summary line), then one last line
#                `exit N` with its exit code. Output that does not end in a
#                newline gets the line `\ no newline at end of output` before it.
#
# A case fails when the output or the exit code differs, and also when:
#   - its folder is not named pass-* or fail-*, or has no expected file;
#   - <check> is not a check that `plimsoll checks` lists;
#   - a fail-* case does not report <check>, or a pass-* case reports it;
#   - it holds no document of an input <check> declares.
# The inputs a case holds come from the JSON report of the same run
# (summary.inputs, documents per input type); a case whose documents are all of
# one input exercises that input. Every check needs, for each input it declares
# (`plimsoll checks --format json`, "inputs"), at least one passing fail-* case
# and one passing pass-* case that exercise that input, or the suite fails. The
# expected file docs/writing-checks.md shows must be the file as it is.
#
# Usage: tests/golden.sh [CHECK|CHECK/CASE ...]     run all cases, or those named
#        tests/golden.sh --update [CHECK|CHECK/CASE ...]
#            rewrite the expected files of those cases (all when none named) from
#            the binary's output. For deliberate changes only: read the diff
#            (git diff testdata/checks) before committing. Refused when $CI is set;
#            CI never runs it.
# PLIMSOLL names the binary (default: build/plimsoll). Prints one line per case
# ("ok NAME" or "FAIL NAME" with a diff) and "golden: N passed, N failed" last;
# exits non-zero when anything failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${PLIMSOLL:-$root/build/plimsoll}
export PLIMSOLL_TODAY=${PLIMSOLL_TODAY:-2026-11-25} NO_COLOR=1
cases=$root/testdata/checks
pass=0 fail=0 update=0
headline='^[^ ].*:[0-9]+:[0-9]+: [a-z]+ '

if [ "${1:-}" = "--update" ]; then
  update=1; shift
  if [ -n "${CI:-}" ]; then echo "golden.sh: --update rewrites the expected files; refused when CI is set" >&2; exit 2; fi
fi
sel=("$@")
selected() { # check case: is this case named on the command line (or nothing named)?
  [ ${#sel[@]} -eq 0 ] && return 0
  local s
  for s in "${sel[@]}"; do
    if [ "$s" = "$1" ] || [ "$s" = "$1/$2" ]; then return 0; fi
  done
  return 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad() { echo "FAIL $1"; [ $# -lt 2 ] || echo "$2" | sed 's/^/    /'; fail=$((fail + 1)); }

# The checks the binary knows, one line each: name and the inputs it declares.
declare -A inputs_of=()
if "$bin" checks --format json > "$tmp/checks.json" 2> "$tmp/checks.err" &&
   python3 -c '
import json, sys
for c in json.load(open(sys.argv[1])):
    print(c["name"], " ".join(c["inputs"]))' "$tmp/checks.json" > "$tmp/checks.txt" 2>> "$tmp/checks.err" &&
   [ -s "$tmp/checks.txt" ]; then
  while read -r name ins; do inputs_of[$name]=$ins; done < "$tmp/checks.txt"
else
  bad "plimsoll checks --format json lists no checks" "$(head -c 2000 "$tmp/checks.err")"
fi

# Run one case; leaves the transcript in $tmp/got, the JSON report in
# $tmp/report.json and the exit code in $rc. Few processes per case: the
# suite runs hundreds.
shopt -s nullglob dotglob
LC_COLLATE=C            # input files in byte order (not exported)
run_case() { # dir check
  local dir=$1 check=$2 extra="" f out
  local -a inputs=()
  [ -f "$dir/args" ] && extra=$(<"$dir/args")
  for f in "$dir"/*; do
    f=${f##*/}
    [ "$f" = expected ] || [ "$f" = args ] || inputs+=("$f")
  done
  rm -f "$tmp/report.json"
  # The JSON report goes to a file and leaves stdout as the user sees it.
  # shellcheck disable=SC2086
  out=$(cd "$dir" && "$bin" scan --no-color --no-context --only "$check" --format text --format "json=$tmp/report.json" \
          $extra "${inputs[@]+"${inputs[@]}"}" 2>&1; echo "x$?")
  rc=${out##*x}
  out=${out%x*}
  if [ -n "$out" ] && [ "${out: -1}" != $'\n' ]; then out+=$'\n\\ no newline at end of output\n'; fi
  printf '%sexit %s\n' "$out" "$rc" > "$tmp/got"
}

# The input types with documents in the case's JSON report, space-separated.
case_inputs() {
  [ -f "$tmp/report.json" ] || return 0
  awk '/^  "summary": \{/ { s = 1 }
       s && /^    "inputs": \{/ { i = 1; next }
       i && /^    \}/ { i = 0 }
       i { gsub(/[":,]/, " "); if ($2 + 0 > 0) printf "%s ", $1 }' "$tmp/report.json"
}

declare -A covered=()   # "check input pass|fail" -> 1: a passing case of that kind and input
for cdir in "$cases"/*/; do
  check=${cdir%/}; check=${check##*/}
  known=1
  [ -n "${inputs_of[$check]+x}" ] || known=0
  for dir in "$cdir"*; do
    kind=${dir##*/}
    selected "$check" "$kind" || continue
    name="$check/$kind"
    if [ ! -d "$dir" ]; then bad "$name: a check's folder holds only pass-*/fail-* case directories"; continue; fi
    case $kind in
      pass-*|fail-*) ;;
      *) bad "$name: case directories are named pass-* or fail-*"; continue ;;
    esac
    if [ $known -eq 0 ]; then bad "$name: no check named $check (see: plimsoll checks)"; continue; fi
    if [ $update -eq 0 ] && [ ! -f "$dir/expected" ]; then bad "$name: no expected file (write it with tests/golden.sh --update $name)"; continue; fi
    if [ -f "$dir/args" ] && grep -Eq -e '(^| )--(format|output)\b' "$dir/args"; then bad "$name: args may not hold --format or --output"; continue; fi

    run_case "$dir" "$check"
    why=""
    if [ $update -eq 1 ]; then
      if [ "$rc" -ge 126 ]; then
        why="the binary crashed or could not run (exit $rc); expected not written"
      elif [ -f "$dir/expected" ] && cmp -s "$dir/expected" "$tmp/got"; then :
      else
        cp "$tmp/got" "$dir/expected"; echo "updated $name"
      fi
    elif ! cmp -s "$dir/expected" "$tmp/got"; then
      why="output differs:"$'\n'"$(diff -u --label expected --label got "$dir/expected" "$tmp/got" | head -n 60)"
    fi
    reports=0
    grep -Eq "$headline$check: " "$tmp/got" && reports=1
    case $kind in
      fail-*) [ $reports -eq 1 ] || why="${why:+$why$'\n'}a fail-* case must report $check" ;;
      pass-*) [ $reports -eq 0 ] || why="${why:+$why$'\n'}a pass-* case must not report $check" ;;
    esac
    # Which inputs the case exercises, from the run's own JSON report.
    read -r -a has <<< "$(case_inputs)"
    declared=0
    for i in "${has[@]+"${has[@]}"}"; do
      case " ${inputs_of[$check]} " in *" $i "*) declared=1 ;; esac
    done
    if [ $declared -eq 0 ]; then
      why="${why:+$why$'\n'}no document of an input $check declares (${inputs_of[$check]}); documents: ${has[*]:-none}"
    elif [ ${#has[@]} -eq 1 ] && [ -z "$why" ]; then
      covered["$check ${has[0]} ${kind%%-*}"]=1
    fi
    if [ -n "$why" ]; then
      bad "$name" "$why"
    else
      echo "ok $name"; pass=$((pass + 1))
    fi
  done
done

# Every check needs a passing fail-* and pass-* case for each input it
# declares (checked when the whole suite runs).
if [ ${#sel[@]} -eq 0 ]; then
  for check in $(printf '%s\n' "${!inputs_of[@]}" | LC_ALL=C sort); do
    for i in ${inputs_of[$check]}; do
      for k in fail pass; do
        [ -n "${covered["$check $i $k"]+x}" ] ||
          bad "$check: no passing $k-* case for input $i (a case exercises an input when all its documents are of that input)"
      done
    done
  done
fi
for s in "${sel[@]+"${sel[@]}"}"; do
  [ -d "$cases/$s" ] || bad "$s: no such case folder under testdata/checks"
done

# docs/writing-checks.md shows one expected file whole: it must be that file.
# shellcheck disable=SC2016 # the backquotes below are markdown's, not the shell's
if [ ${#sel[@]} -eq 0 ]; then
  doc=$root/docs/writing-checks.md
  shown=$(sed -n '/^`testdata\/checks\/.*\/expected`:$/,/^Write the input/p' "$doc" 2>/dev/null)
  file=$(echo "$shown" | sed -n '1s/^`testdata\/checks\/\(.*\)`:$/\1/p')
  block() { echo "$shown" | sed '1,2d;$d' | sed '$d;s/^    //'; }   # the indented block, unindented
  if [ -n "$file" ] && [ -f "$cases/$file" ] && cmp -s <(block) "$cases/$file"; then
    echo "ok docs/writing-checks.md shows testdata/checks/$file as it is"; pass=$((pass + 1))
  else
    bad "docs/writing-checks.md: its example expected file differs from testdata/checks/${file:-?}" \
        "$(diff <(block) "$cases/${file:-/dev/null}" 2>&1 | head -n 20)"
  fi
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
