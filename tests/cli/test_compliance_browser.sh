#!/usr/bin/env bash
# test_compliance_browser.sh — the compliance-html report in a real browser:
# Debian's chromium (headless) loads it, the test reads the DOM after the
# report's script ran and checks that the controls per status (rows and the
# filter buttons the script builds) equal the compliance-json counts; then
# prints it to PDF and reads the PDF back with pdftotext: the control table
# is there. chromium and poppler-utils come from `tools/install-deps.sh
# --browser`, run here when they are missing; when they truly cannot be
# installed the test says so and skips, except with PLIMSOLL_REQUIRE_CHROMIUM=1
# (set by .ci/run), where that is a failure.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
export PLIMSOLL_TODAY=2026-11-25 SOURCE_DATE_EPOCH=1764028800 GIT_CEILING_DIRECTORIES=$tmp

find_browser() { command -v chromium || command -v chromium-browser || true; }
browser=$(find_browser)
if [ -z "$browser" ] || ! command -v pdftotext > /dev/null; then
  "$root/tools/install-deps.sh" --browser > "$tmp/install.log" 2>&1 || true
  browser=$(find_browser)
fi
if [ -z "$browser" ] || ! command -v pdftotext > /dev/null; then
  if [ -n "${PLIMSOLL_REQUIRE_CHROMIUM:-}" ]; then
    bad "chromium or pdftotext missing and PLIMSOLL_REQUIRE_CHROMIUM is set (tools/install-deps.sh --browser failed)" "$(tail -5 "$tmp/install.log")"
  else
    ok "skipped: chromium and poppler-utils could not be installed (tools/install-deps.sh --browser); CI requires them"
  fi
  finish compliance_browser
  exit $?
fi

cp -r "$root/testdata/compliance/input" "$tmp/input"
cd "$tmp" || exit 2
run "$bin" scan --compliance cis-docker,cis-kubernetes,pss-restricted --fail-on none \
  --format compliance-html=report.html --format compliance-json=report.json input
expect_rc "html and json in one run" 0

chrome() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile" "$@" 2>> "$tmp/chrome.log"; }

chrome --dump-dom "file://$tmp/report.html" > dom.html
if [ -s dom.html ]; then ok "chromium loaded the report"; else bad "chromium produced no DOM" "$(tail -5 "$tmp/chrome.log")"; fi
if python3 - dom.html report.json > py.out 2>&1 <<'PY'
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.fw = None; self.rows = {}; self.buttons = {}; self.hidden_ev = 0; self.ev = 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "framework" in (a.get("class") or ""):
            self.fw = a["data-framework"]; self.rows[self.fw] = {}; self.buttons[self.fw] = {}
        cls = (a.get("class") or "").split()
        if tag == "tr" and "control" in cls:
            s = a["data-status"]; self.rows[self.fw][s] = self.rows[self.fw].get(s, 0) + 1
        if tag == "tr" and "evidence" in cls:
            self.ev += 1; self.hidden_ev += "hidden" in a
        if tag == "button" and "data-status" in a:
            self.buttons[self.fw][a["data-status"]] = int(a["data-count"])
p = P(); p.feed(open(sys.argv[1]).read())
r = json.load(open(sys.argv[2]))
for f in r["frameworks"]:
    want = {k: v for k, v in f["counts"].items() if v}
    assert p.rows[f["id"]] == want, (f["id"], p.rows[f["id"]], want)
    b = dict(p.buttons[f["id"]]); total = b.pop("ALL")
    assert b == want and total == len(f["controls"]), (f["id"], p.buttons[f["id"]], want)
assert p.ev and p.hidden_ev == p.ev, (p.ev, p.hidden_ev)   # the script folded the evidence away
print("frameworks", len(r["frameworks"]), "evidence rows", p.ev)
PY
then ok "DOM control counts per status equal compliance-json ($(tail -1 py.out))"; else bad "DOM counts differ from compliance-json" "$(cat py.out)"; fi

chrome --print-to-pdf="$tmp/report.pdf" --no-pdf-header-footer "file://$tmp/report.html" > /dev/null
if [ -s report.pdf ] && head -c 5 report.pdf | grep -q '%PDF-'; then ok "chromium printed the report to PDF"; else bad "no PDF" "$(tail -5 "$tmp/chrome.log")"; fi
pdftotext -layout report.pdf report.txt 2>> "$tmp/chrome.log"
run cat report.txt
expect_out "the PDF has the control table" "control +title +status +resources"
expect_out "the PDF has a failing CIS Docker control" "4\.1 +Ensure that a user for the container has been created"
expect_out "the PDF has the exception" "the storefront needs raw sockets"
expect_out "the PDF has the score" "59\.4%"
# every control id of CIS Docker is in the printed table (evidence printed open)
missing=$(python3 -c "
import json, re
r = json.load(open('report.json')); txt = open('report.txt').read()
print(' '.join(c['id'] for c in r['frameworks'][0]['controls'] if not re.search(r'(^|\s)' + re.escape(c['id']) + r'\s', txt)))")
if [ -z "$missing" ]; then ok "the PDF lists all 117 CIS Docker controls"; else bad "controls missing from the PDF: $missing"; fi

finish compliance_browser
