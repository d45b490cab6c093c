#!/usr/bin/env python3
"""sbom_check.py — checks of what `plimsoll sbom` writes, for the tests.

    sbom_check.py cyclonedx FILE        validate against the official CycloneDX 1.5 JSON
                                        schema (testdata/sbom/schema, with its $refs)
    sbom_check.py spdx FILE             the fields and values SPDX 2.3 requires (the official
                                        SPDX JSON schema is not installable here: see
                                        testdata/sbom/schema/README.md)
    sbom_check.py dpkg FILE EXPECTED    the deb packages of a CycloneDX FILE equal EXPECTED
                                        (`dpkg-query -W -f '${Package}\\t${Version}\\t${Architecture}\\n'`)
    sbom_check.py purls FILE            print the package URLs of a CycloneDX or SPDX FILE, sorted
Prints what is wrong and exits 1; exits 0 when it is right.
"""
import json
import os
import re
import sys
import warnings


def fail(msgs):
    for m in msgs[:20]:
        print("sbom_check:", m)
    sys.exit(1 if msgs else 0)


def cyclonedx(path):
    warnings.simplefilter("ignore")  # RefResolver is deprecated in newer jsonschema, still there
    import jsonschema
    sdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "sbom", "schema")
    store = {}
    for name in os.listdir(sdir):
        if name.endswith(".schema.json"):
            with open(os.path.join(sdir, name)) as f:
                s = json.load(f)
            store[name] = s
            if "$id" in s:
                store[s["$id"]] = s
    schema = store["bom-1.5.SNAPSHOT.schema.json"]
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    v = jsonschema.Draft7Validator(schema, resolver=resolver)
    with open(path) as f:
        doc = json.load(f)
    errs = [f"{'/'.join(map(str, e.path))}: {e.message[:300]}" for e in v.iter_errors(doc)]
    refs = [c.get("bom-ref") for c in doc.get("components", [])]
    if len(refs) != len(set(refs)):
        errs.append("bom-ref values are not unique")
    if doc.get("specVersion") != "1.5":
        errs.append("specVersion is not 1.5")
    fail(errs)


SPDXID = re.compile(r"^SPDXRef-[A-Za-z0-9.\-]+$")
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
PURL = re.compile(r"^pkg:[a-z][a-z0-9.+\-]*/[^@?#\s]+@[^?#\s]+(\?[^#\s]*)?$")
PURPOSES = {"APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER", "OPERATING-SYSTEM", "DEVICE", "FIRMWARE", "SOURCE",
            "ARCHIVE", "FILE", "INSTALL", "OTHER"}
RELATIONSHIPS = {"DESCRIBES", "DESCRIBED_BY", "CONTAINS", "CONTAINED_BY", "DEPENDS_ON", "DEPENDENCY_OF",
                 "GENERATED_FROM", "GENERATES", "OTHER"}


def spdx(path):
    with open(path) as f:
        d = json.load(f)
    e = []
    want = {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT"}
    for k, v in want.items():
        if d.get(k) != v:
            e.append(f"{k} must be {v!r}, is {d.get(k)!r}")
    if not isinstance(d.get("name"), str) or not d["name"]:
        e.append("name is required")
    ns = d.get("documentNamespace", "")
    if not re.match(r"^[a-z][a-z0-9+.\-]*://\S+$", ns) or "#" in ns:
        e.append(f"documentNamespace must be a URI without '#': {ns!r}")
    ci = d.get("creationInfo", {})
    if not DATE.match(ci.get("created", "")):
        e.append("creationInfo.created must be YYYY-MM-DDThh:mm:ssZ")
    if not ci.get("creators") or not all(re.match(r"^(Tool|Organization|Person): .+", c) for c in ci["creators"]):
        e.append("creationInfo.creators must be 'Tool: …', 'Organization: …' or 'Person: …'")
    ids = {"SPDXRef-DOCUMENT"}
    for p in d.get("packages", []):
        pid = p.get("SPDXID", "")
        if not SPDXID.match(pid) or pid in ids:
            e.append(f"package SPDXID {pid!r} is malformed or repeated")
        ids.add(pid)
        for k in ("name", "downloadLocation"):
            if not isinstance(p.get(k), str) or not p[k]:
                e.append(f"{pid}: {k} is required")
        if p.get("filesAnalyzed", True) is not False and "packageVerificationCode" not in p:
            e.append(f"{pid}: filesAnalyzed must be false without a verification code")
        if p.get("primaryPackagePurpose", "OTHER") not in PURPOSES:
            e.append(f"{pid}: primaryPackagePurpose {p.get('primaryPackagePurpose')!r}")
        for k in ("licenseConcluded", "licenseDeclared", "copyrightText"):
            if k in p and not isinstance(p[k], str):
                e.append(f"{pid}: {k} must be a string")
        for r in p.get("externalRefs", []):
            if r.get("referenceCategory") not in ("SECURITY", "PACKAGE-MANAGER", "PERSISTENT-ID", "OTHER"):
                e.append(f"{pid}: referenceCategory {r.get('referenceCategory')!r}")
            if r.get("referenceType") == "purl" and not PURL.match(r.get("referenceLocator", "")):
                e.append(f"{pid}: not a package URL: {r.get('referenceLocator')!r}")
        for c in p.get("checksums", []):
            if c.get("algorithm") != "SHA256" or not re.match(r"^[0-9a-f]{64}$", c.get("checksumValue", "")):
                e.append(f"{pid}: bad checksum {c}")
    describes = False
    for r in d.get("relationships", []):
        for k in ("spdxElementId", "relatedSpdxElement"):
            if r.get(k) not in ids:
                e.append(f"relationship names an unknown element {r.get(k)!r}")
        if r.get("relationshipType") not in RELATIONSHIPS:
            e.append(f"relationshipType {r.get('relationshipType')!r}")
        describes |= r.get("spdxElementId") == "SPDXRef-DOCUMENT" and r.get("relationshipType") == "DESCRIBES"
    if not describes:
        e.append("no DESCRIBES relationship from the document")
    fail(e)


def purls(path):
    with open(path) as f:
        d = json.load(f)
    out = [c["purl"] for c in d.get("components", []) if "purl" in c]
    for p in d.get("packages", []):
        out += [r["referenceLocator"] for r in p.get("externalRefs", []) if r.get("referenceType") == "purl"]
    print("\n".join(sorted(out)))


def dpkg(path, expected):
    with open(path) as f:
        d = json.load(f)
    got = set()
    for c in d["components"]:
        if c.get("purl", "").startswith("pkg:deb/"):
            q = dict(kv.split("=", 1) for kv in c["purl"].split("?", 1)[1].split("&"))
            got.add((c["name"], c["version"], q.get("arch", "")))
    with open(expected) as f:
        want = {tuple(line.split("\t")) for line in f.read().splitlines() if line}
    e = [f"missing: {w}" for w in sorted(want - got)] + [f"extra: {g}" for g in sorted(got - want)]
    if not e:
        print(f"sbom_check: {len(got)} deb packages, as dpkg-query lists them")
    fail(e)


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "cyclonedx":
        cyclonedx(sys.argv[2])
    elif cmd == "spdx":
        spdx(sys.argv[2])
    elif cmd == "dpkg":
        dpkg(sys.argv[2], sys.argv[3])
    elif cmd == "purls":
        purls(sys.argv[2])
    else:
        print(__doc__)
        sys.exit(2)
