#!/usr/bin/env python3
"""apply_fixes.py — apply the structured fixes of a JSON report to its inputs.

Usage: apply_fixes.py REPORT.json SRC_DIR OUT_DIR [CLASS]

Every finding of REPORT (of class CLASS when given) that carries a `fix` is
applied to the file it names: each edit sets the document path to its value,
creating the maps on the way (a list value replaces the whole list), as
docs/writing-checks.md describes `fix`. Files must hold one YAML document each
(the report names no document index). The edited files are written to OUT_DIR
under the same names, as YAML; files without fixes are copied as they are.
Exits 1 when a path cannot be parsed or walks through a scalar or past the end
of a list: a fix whose path does not fit its document is a defect.
"""
import json
import os
import re
import shutil
import sys

import yaml

TOKEN = re.compile(r'\.([^.\[\]"]+)|\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]')


def parse(path):
    """'a.b[0]["x.y"]' -> ['a', 'b', 0, 'x.y'] (a leading key has no dot)."""
    out, pos, text = [], 0, "." + path if not path.startswith("[") else path
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot parse path {path!r} at {pos}")
        if m.group(1) is not None:
            out.append(m.group(1))
        elif m.group(2) is not None:
            out.append(m.group(2).replace('\\"', '"'))
        else:
            out.append(int(m.group(3)))
        pos = m.end()
    return out


def set_path(doc, path, value):
    keys = parse(path)
    node = doc
    for i, k in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(k, int):
            if not isinstance(node, list) or k >= len(node):
                raise ValueError(f"{path}: index {k} does not exist")
            if last:
                node[k] = value
            else:
                node = node[k]
            continue
        if not isinstance(node, dict):
            raise ValueError(f"{path}: {k!r} below a non-map")
        if last:
            node[k] = value
        else:
            if node.get(k) is None:
                node[k] = {}
            node = node[k]


def main():
    report, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
    cls = sys.argv[4] if len(sys.argv) > 4 else None
    with open(report) as f:
        findings = json.load(f)["findings"]
    docs = {}
    for name in sorted(os.listdir(src)):
        shutil.copy(os.path.join(src, name), os.path.join(out, name))
    for fd in findings:
        if not fd.get("fix") or (cls and fd.get("class") != cls):
            continue
        name = os.path.basename(fd["file"])
        if name not in docs:
            with open(os.path.join(src, name)) as f:
                docs[name] = yaml.safe_load(f)
        for edit in fd["fix"]:
            try:
                set_path(docs[name], edit["path"], edit["value"])
            except ValueError as e:
                print(f"apply_fixes: {fd['name']} in {name}: {e}")
                return 1
    for name, doc in docs.items():
        with open(os.path.join(out, name), "w") as f:
            yaml.safe_dump(doc, f, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
