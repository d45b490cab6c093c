#!/usr/bin/env python3
"""run_walkthrough.py DOC HEADING BIN WORKDIR — run a walk-through in a
Markdown document as a reader would, and check that it says what happens.

The section of DOC under the `## HEADING` line (up to the next `## `) is
read in order:
  ```LANG file=PATH   the block's text is written to WORKDIR/PATH;
  ```console          each `$ COMMAND` line is run by bash in WORKDIR, with
                      `plimsoll` on PATH being BIN, and what it prints
                      (stdout and stderr) must be the lines after it, up to
                      the next `$ ` line or the end of the block.
Prints "ok STEP" or "FAIL STEP" (with a diff) per command; exits 1 when a
step failed or the section has no command."""
import difflib, os, re, subprocess, sys

doc, heading, binary, work = sys.argv[1:5]
with open(doc, encoding="utf-8") as f:
    text = f.read()
start = text.find("\n## " + heading + "\n")
if start < 0:
    print(f"FAIL {doc}: no section '## {heading}'")
    sys.exit(1)
end = text.find("\n## ", start + 1)
section = text[start:end if end >= 0 else len(text)]

bindir = os.path.join(work, ".bin")
os.makedirs(bindir, exist_ok=True)
link = os.path.join(bindir, "plimsoll")
if not os.path.exists(link):
    os.symlink(os.path.abspath(binary), link)
env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1")

failed = commands = 0
for m in re.finditer(r"^```(\S+)( file=(\S+))?\n(.*?)^```$", section, flags=re.S | re.M):
    lang, path, body = m.group(1), m.group(3), m.group(4)
    if path:
        full = os.path.join(work, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(body)
        continue
    if lang != "console":
        continue
    for step in re.split(r"^(?=\$ )", body, flags=re.M):
        if not step.startswith("$ "):
            continue
        command, _, want = step.partition("\n")
        commands += 1
        run = subprocess.run(["bash", "-c", command[2:]], cwd=work, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        if run.stdout == want:
            print(f"ok {command}")
            continue
        failed += 1
        print(f"FAIL {command}")
        for line in difflib.unified_diff(want.splitlines(), run.stdout.splitlines(), "doc", "actual", lineterm=""):
            print("    " + line)
if not commands:
    print(f"FAIL {doc}: '## {heading}' runs no command")
sys.exit(1 if failed or not commands else 0)
