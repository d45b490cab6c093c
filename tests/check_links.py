#!/usr/bin/env python3
"""check_links.py ROOT FILE.md... — every link in the Markdown files (paths
relative to ROOT) must lead to a file inside ROOT, and a link to a heading
(file.md#anchor, #anchor) to a heading that exists. Web links (http, https,
mailto) are not followed. Links in code blocks and code spans are not links.
Prints one line per problem, then "N links checked"; exits 1 on a problem."""
import os, re, sys
root = os.path.realpath(sys.argv[1])
problems, count = [], 0

def slug(heading):
    s = re.sub(r"[`*~]", "", heading.strip().lower())
    s = re.sub(r"[^\w\- ]", "", s)
    return s.replace(" ", "-")

def prose(text):
    """The text outside fenced code blocks and inline code spans."""
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)

def anchors(path):
    with open(path, encoding="utf-8") as f:
        return {slug(m) for m in re.findall(r"^#{1,6} +(.*?)#*\s*$", prose(f.read()), flags=re.M)}

for doc in sys.argv[2:]:
    with open(os.path.join(root, doc), encoding="utf-8") as f:
        text = prose(f.read())
    targets = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text)
    targets += re.findall(r"^\s*\[[^\]]+\]:\s*(\S+)", text, flags=re.M)
    for t in targets:
        count += 1
        if re.match(r"^(https?|mailto):", t):
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*:", t) or t.startswith("/") or t.startswith("~"):
            problems.append(f"{doc}: link {t} is not a relative path inside the repository")
            continue
        path, _, frag = t.partition("#")
        full = os.path.realpath(os.path.join(os.path.dirname(os.path.join(root, doc)), path)) if path else os.path.join(root, doc)
        if full != root and not full.startswith(root + os.sep):
            problems.append(f"{doc}: link {t} leaves the repository")
        elif not os.path.exists(full):
            problems.append(f"{doc}: link {t}: no such file")
        elif frag and full.endswith(".md") and frag not in anchors(full):
            problems.append(f"{doc}: link {t}: no heading #{frag} in {os.path.relpath(full, root)}")
for p in problems:
    print(p)
print(f"{count} links checked")
sys.exit(1 if problems else 0)
