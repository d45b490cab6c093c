#!/bin/sh
# compliance_screenshot.sh — regenerate docs/compliance-report.png: the
# compliance-html report of testdata/compliance/input, rendered by headless
# Chromium (tools/install-deps.sh --browser installs it), filtered to the
# failing controls with their evidence open (report.html#FAIL).
# Usage: tools/compliance_screenshot.sh [BINARY]
set -e
bin=${1:-build/plimsoll}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/testdata/compliance/input" "$tmp/input"
(cd "$tmp" && PLIMSOLL_TODAY=2026-11-25 SOURCE_DATE_EPOCH=1764028800 GIT_CEILING_DIRECTORIES="$tmp" \
  "$root/$bin" scan --compliance cis-docker --fail-on none --format compliance-html=report.html input)
browser=$(command -v chromium || command -v chromium-browser)
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1500 \
  --screenshot="$root/docs/compliance-report.png" "file://$tmp/report.html#FAIL" 2>/dev/null
echo "wrote docs/compliance-report.png"
