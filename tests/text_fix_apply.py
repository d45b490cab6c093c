#!/usr/bin/env python3
"""text_fix_apply.py — paste a grouped entry's combined fix into its file.

Usage: text_fix_apply.py REPORT.txt FILE OUT
Reads plimsoll's text report, takes every grouped hardening entry on FILE
(`FILE:L:C: SEV hardening: N safer defaults not set ...`), and applies its
`fix:` block as a user would: the YAML under `add under PATH:` merged into
the document at PATH, each `set PATH: VALUE` line set. Writes the result
(all documents of FILE) to OUT and prints the number of entries applied.
Used by tests/cli/test_text_report.sh to prove the combined fix fixes.
"""
import re
import sys

import yaml

SEG = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.\[\]]+)')


def segments(path):
    out = []
    for quoted, index, key in SEG.findall(path):
        if index:
            out.append(int(index))
        else:
            out.append(quoted.replace('\\"', '"') if quoted else key)
    return out


def walk(doc, segs, create=True):
    for s in segs:
        if isinstance(s, int):
            doc = doc[s]
        else:
            if s not in doc or doc[s] is None:
                if not create:
                    raise KeyError(s)
                doc[s] = {}
            doc = doc[s]
    return doc


def merge(into, add):
    for k, v in add.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            merge(into[k], v)
        else:
            into[k] = v


def entries(report, file):
    lines = report.split("\n")
    head = re.compile(re.escape(file) + r":\d+:\d+: \w+ hardening: \d+ safer defaults not set")
    i = 0
    while i < len(lines):
        if not head.match(lines[i]):
            i += 1
            continue
        i += 1
        while i < len(lines) and not lines[i].startswith("        fix: "):
            i += 1
        block = [lines[i][len("        fix: "):]] if i < len(lines) else []
        i += 1
        while i < len(lines) and lines[i].startswith("          "):
            block.append(lines[i][10:])
            i += 1
        yield block


def apply(doc, block):
    j = 0
    while j < len(block):
        m = re.match(r"add under (.*):$", block[j])
        if m:
            k = j + 1
            body = []
            while k < len(block) and block[k].startswith("  "):
                body.append(block[k][2:])
                k += 1
            merge(walk(doc, segments(m.group(1)), create=False), yaml.safe_load("\n".join(body)))
            j = k
            continue
        m = re.match(r"set (.*?): (.*)$", block[j])
        if m:
            segs = segments(m.group(1))
            walk(doc, segs[:-1])[segs[-1]] = yaml.safe_load(m.group(2))
        j += 1


def main():
    report, file, out = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(report).read()
    docs = list(yaml.safe_load_all(open(file)))
    n = 0
    for block in entries(text, file):
        for d in docs:  # the entry's document: the one its paths exist in
            try:
                apply(d, block)
                n += 1
                break
            except (KeyError, IndexError, TypeError):
                continue
    with open(out, "w") as f:
        yaml.safe_dump_all(docs, f, sort_keys=False)
    print(n)


if __name__ == "__main__":
    main()
