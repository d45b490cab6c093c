#!/usr/bin/env bash
# test_docs_true.sh — docs that cannot drift: docs/architecture.md names
# every file in src/ (and no file that is gone), the README's usage block
# has every command `plimsoll help` lists, and every link in README.md and
# docs/**/*.md points at a file of the repository (anchors at headings that
# exist), never outside it.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
cd "$root" || exit 2

# --- docs/architecture.md lists every source file
arch=docs/architecture.md
missing=""
for f in src/*.c src/*.h; do
  grep -qF "\`$(basename "$f")\`" "$arch" || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "$arch names every file in src/"
else bad "$arch does not name:$missing (add each to its file table, in backticks)"; fi
gone=""
for name in $(grep '^| `' "$arch" | grep -o '`[a-z_]*\.[ch]`' | tr -d '`'); do
  [ -f "src/$name" ] || gone="$gone $name"
done
if [ -z "$gone" ]; then ok "$arch file table names no file that is gone"
else bad "$arch file table names files not in src/:$gone"; fi

# --- every command `plimsoll help` lists is in the README's usage block
run "$bin" help
cmds=$(echo "$out" | sed -n '/^commands:$/,/^$/p' | grep -oE '^  [a-z][a-z-]*' | tr -d ' ')
[ -n "$cmds" ] && ok "plimsoll help lists its commands" || bad "plimsoll help lists no command" "$out"
for c in $cmds; do
  if grep -qE "^    plimsoll $c( |$)" README.md; then ok "README usage has plimsoll $c"
  else bad "README usage lacks plimsoll $c (plimsoll help has it)"; fi
done

# --- links stay inside the repository and lead somewhere
mapfile -t docs < <(find docs -name '*.md' | LC_ALL=C sort)
if out=$(python3 tests/check_links.py "$root" README.md "${docs[@]}" 2>&1); then ok "links in README.md and docs/ ($(echo "$out" | tail -n 1))"
else bad "broken links" "$out"; fi

# --- the checker itself catches what it must
mkdir -p "$tmp/repo/docs"
printf '[a](../../outside.md) [b](/etc/passwd) [c](missing.md) [d](ok.md#nope) [e](ok.md#here)\n' > "$tmp/repo/docs/x.md"
printf '# Here\n' > "$tmp/repo/docs/ok.md"
touch "$tmp/outside.md"
: > "$tmp/repo/README.md"
run python3 tests/check_links.py "$tmp/repo" README.md docs/x.md docs/ok.md
expect_rc "link checker fails on bad links" 1
expect_out "a link out of the repository" 'link \.\./\.\./outside\.md leaves the repository'
expect_out "an absolute link" 'link /etc/passwd is not a relative path'
expect_out "a missing file" 'link missing\.md: no such file'
expect_out "a missing anchor" 'link ok\.md#nope: no heading #nope'
expect_no_out "an anchor that exists" 'ok\.md#here'

finish docs_true
