#!/usr/bin/env python3
"""image_fixtures.py — the image archives the tests scan, made without
Docker: docker-save archives and OCI layouts (tar files and directories)
built with tarfile, gzip and the zstd command from layer descriptions written
below. Every byte is deterministic (no clocks, fixed owners), so the files
are committed and tests/cli/test_images.sh checks that this script, run
again, writes exactly them.

    tools/image_fixtures.py [OUT]       (default: the repository)

writes OUT/testdata/images/* (archives for the CLI tests) and the image.tar
of the golden cases OUT/testdata/checks/<check>/<case>/ (case_images() and,
for the image-config checks, their image cases' configs read from the
repository), and nothing else.
"""
import gzip
import hashlib
import io
import json
import os
import struct
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile

tarfile.RECORDSIZE = tarfile.BLOCKSIZE  # no padding to 10 KiB: small fixtures
EPOCH = "2024-01-01T00:00:00Z"


# ---------------------------------------------------------------- layers

class E:
    """One layer entry: kind is file, dir, symlink, hardlink, whiteout, opaque."""

    def __init__(self, kind, path, data=b"", mode=None, uid=0, gid=0, target=None):
        self.kind, self.path, self.data, self.uid, self.gid, self.target = kind, path, data, uid, gid, target
        self.mode = mode if mode is not None else (0o755 if kind == "dir" else 0o644)


def F(path, data=b"", mode=0o644, uid=0, gid=0):
    return E("file", path, data.encode() if isinstance(data, str) else data, mode, uid, gid)


def D(path, mode=0o755, uid=0, gid=0):
    return E("dir", path, mode=mode, uid=uid, gid=gid)


def L(path, target):
    return E("symlink", path, mode=0o777, target=target)


def H(path, target, mode=0o644):
    return E("hardlink", path, mode=mode, target=target)


def W(path):
    """Whiteout: deletes path (from lower layers)."""
    d, b = os.path.split(path)
    return E("whiteout", os.path.join(d, ".wh." + b))


def O(path):
    """Opaque directory: hides what lower layers have in path."""
    return E("opaque", os.path.join(path, ".wh..wh..opq"))


def tar_bytes(entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            ti = tarfile.TarInfo(e.path)
            ti.mtime, ti.uid, ti.gid, ti.uname, ti.gname, ti.mode = 0, e.uid, e.gid, "", "", e.mode
            data = None
            if e.kind == "dir":
                ti.type = tarfile.DIRTYPE
            elif e.kind == "symlink":
                ti.type, ti.linkname = tarfile.SYMTYPE, e.target
            elif e.kind == "hardlink":
                ti.type, ti.linkname = tarfile.LNKTYPE, e.target
            else:
                data = e.data
                ti.size = len(data)
            t.addfile(ti, io.BytesIO(data) if data is not None else None)
    return out.getvalue()


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as g:
        g.write(data)
    return out.getvalue()


def zst(data):
    # the zstd command line (Debian's zstd): the same bytes on every machine with it
    return subprocess.run(["zstd", "-q", "-3", "-c", "--no-progress"], input=data, capture_output=True,
                          check=True).stdout


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Layer:
    def __init__(self, entries=(), compress="gzip", created_by="RUN build", raw=None):
        self.tar = raw if raw is not None else tar_bytes(list(entries))
        self.compress = compress
        self.blob = {"gzip": gz, "zstd": zst, None: lambda b: b}[compress](self.tar)
        self.created_by = created_by
        self.media = {"gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
                      "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
                      None: "application/vnd.oci.image.layer.v1.tar"}[compress]


def config(layers, cfg=None, arch="amd64", os_="linux", variant=None, history=None, diff_ids=None):
    hist = history or [{"created": EPOCH, "created_by": l.created_by} for l in layers]
    c = {"architecture": arch, "os": os_, "created": EPOCH, "config": cfg or {},
         "rootfs": {"type": "layers", "diff_ids": diff_ids or [sha(l.tar) for l in layers]},
         "history": hist}
    if variant:
        c["variant"] = variant
    return json.dumps(c, indent=None, separators=(",", ":")).encode()


# ---------------------------------------------------------------- archives

def tar_of(files):
    """A tar of {name: bytes | ("symlink", target)} in the given order."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.mtime, ti.uname, ti.gname, ti.mode = 0, "", "", 0o644
            if isinstance(data, tuple):
                ti.type, ti.linkname = tarfile.SYMTYPE, data[1]
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return out.getvalue()


def docker_save(images, legacy=True):
    """images: [(tags, layers, cfg_bytes)]. Layers stored uncompressed, as docker save does;
    legacy names (<id>/layer.tar) or blobs/sha256/<hex> (Docker 25+)."""
    files, manifest, seen = [], [], set()
    for tags, layers, cfg in images:
        names = []
        for l in layers:
            hexd = hashlib.sha256(l.tar).hexdigest()
            name = f"{hexd[:12]}/layer.tar" if legacy else f"blobs/sha256/{hexd}"
            if name not in seen:
                seen.add(name)
                files.append((name, l.tar))
            names.append(name)
        cname = hashlib.sha256(cfg).hexdigest() + ".json"
        if cname not in seen:
            seen.add(cname)
            files.append((cname, cfg))
        manifest.append({"Config": cname, "RepoTags": tags, "Layers": names})
    files.append(("manifest.json", json.dumps(manifest).encode()))
    repos = {}
    for tags, _, _ in images:
        for t in tags:
            r, _, tag = t.rpartition(":")
            repos.setdefault(r, {})[tag] = "x"
    files.append(("repositories", json.dumps(repos).encode()))
    return tar_of(files)


def oci_manifest(layers, cfg, layer_digests=None):
    m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
         "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": sha(cfg), "size": len(cfg)},
         "layers": [{"mediaType": l.media, "digest": (layer_digests or {}).get(i, sha(l.blob)), "size": len(l.blob)}
                    for i, l in enumerate(layers)]}
    return json.dumps(m, separators=(",", ":")).encode()


def oci_layout(refs, nested=None):
    """refs: [(ref name, layers, cfg, platform or None, layer_digests)]. nested: put the
    manifests under one image index named `nested` (a multi-platform image).
    Returns [(name, bytes)] of the layout."""
    blobs, descs = {}, []
    for ref, layers, cfg, plat, ld in refs:
        for i, l in enumerate(layers):
            blobs[(ld or {}).get(i, sha(l.blob))] = l.blob  # a wrong digest names the blob too
        blobs[sha(cfg)] = cfg
        man = oci_manifest(layers, cfg, ld)
        blobs[sha(man)] = man
        d = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": sha(man), "size": len(man)}
        if plat:
            os_, arch, *var = plat.split("/")
            d["platform"] = {"architecture": arch, "os": os_}
            if var:
                d["platform"]["variant"] = var[0]
        if ref and not nested:
            d["annotations"] = {"org.opencontainers.image.ref.name": ref}
        descs.append(d)
    if nested:
        idx = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                          "manifests": descs}, separators=(",", ":")).encode()
        blobs[sha(idx)] = idx
        descs = [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": sha(idx), "size": len(idx),
                  "annotations": {"org.opencontainers.image.ref.name": nested}}]
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                        "manifests": descs}, separators=(",", ":")).encode()
    files = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", index)]
    files += [(f"blobs/sha256/{d[7:]}", b) for d, b in sorted(blobs.items())]
    return files


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_dir(path, files):
    for name, data in files:
        write(os.path.join(path, name), data)


# ---------------------------------------------------------------- contents

PRIVATE_KEY = ("-----BEGIN OPENSSH PRIVATE KEY-----\n"
               "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
               "-----END OPENSSH PRIVATE KEY-----\n")
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLQ"
GH_TOKEN = "ghp_" + "0123456789abcdefghijABCDEFGHIJ012345"


def os_release(id_, version_id, pretty, codename=None):
    s = f'PRETTY_NAME="{pretty}"\nNAME="{pretty.split(" ")[0]}"\nID={id_}\nVERSION_ID="{version_id}"\n'
    if codename:
        s += f"VERSION_CODENAME={codename}\n"
    return s


def dpkg_status(pkgs):
    out = []
    for p in pkgs:
        name, ver, arch = p[:3]
        src = p[3] if len(p) > 3 else None
        out.append(f"Package: {name}\nStatus: install ok installed\nPriority: optional\nArchitecture: {arch}\n"
                   + (f"Source: {src}\n" if src else "") + f"Version: {ver}\nDescription: {name}\n multi-line\n")
    return "\n".join(out)


PASSWD = ("root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
          "app:x:1000:1000::/home/app:/bin/sh\n")
GROUP = "root:x:0:\ndaemon:x:1:\napp:x:1000:\n"
SHADOW = "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n"


def base_entries(release=("debian", "12", "Debian GNU/Linux 12 (bookworm)", "bookworm"), passwd=PASSWD,
                 group=GROUP, shadow=SHADOW):
    return [D("bin"), D("etc"), D("root", 0o700), D("tmp", 0o1777), D("usr"), D("usr/bin"), D("usr/lib"),
            D("var"), D("var/lib"), D("var/lib/dpkg"), D("home"), D("home/app", uid=1000, gid=1000),
            F("etc/passwd", passwd), F("etc/group", group), F("etc/shadow", shadow, 0o640, 0, 42),
            F("usr/lib/os-release", os_release(*release)), L("etc/os-release", "../usr/lib/os-release"),
            F("bin/sh", b"\x7fELF" + b"\0" * 60, 0o755)]


def go_binary(version="go1.21.5", mods=()):
    """A tiny ELF64 whose first writable segment starts with Go build info."""
    lines = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\n"
    lines += "".join(f"dep\t{m}\t{v}\th1:x=\n" for m, v in mods)
    start, end = bytes.fromhex("3077af0c9274080241e1c107e6d618e6"), bytes.fromhex("f932433186182072008242104116d8f2")
    mod = start + lines.encode() + end

    def uv(n):
        out = b""
        while True:
            b = n & 0x7F
            n >>= 7
            out += bytes([b | (0x80 if n else 0)])
            if not n:
                return out
    info = b"\xff Go buildinf:" + bytes([8, 2]) + b"\0" * 16 + uv(len(version)) + version.encode() + uv(len(mod)) + mod
    data_off = 0x2000
    ehdr = b"\x7fELF" + bytes([2, 1, 1]) + b"\0" * 9 + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x401000, 64, 0, 0,
                                                                   64, 56, 2, 64, 0, 0)
    ph1 = struct.pack("<IIQQQQQQ", 1, 5, 0, 0x400000, 0x400000, data_off, data_off, 0x1000)  # text: R X
    ph2 = struct.pack("<IIQQQQQQ", 1, 6, data_off, 0x402000, 0x402000, len(info), len(info), 0x1000)  # data: R W
    body = ehdr + ph1 + ph2
    body += b"\0" * (data_off - len(body))
    body += info
    return body + b"\0" * (70000 - len(body)) if len(body) < 70000 else body


def jar(props):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in [("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")] + props:
            zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, text)
    return out.getvalue()


def rpm_header(tags):
    """An rpm header blob: index entries (tag, type, offset, count), then the data store."""
    index, data = [], b""
    for tag, value in tags:
        if isinstance(value, int):
            while len(data) % 4:
                data += b"\0"
            index.append(struct.pack(">IIII", tag, 4, len(data), 1))
            data += struct.pack(">I", value)
        else:
            index.append(struct.pack(">IIII", tag, 6, len(data), 1))
            data += value.encode() + b"\0"
    return struct.pack(">II", len(index), len(data)) + b"".join(index) + data


def rpmdb(pkgs):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "rpmdb.sqlite")
        db = sqlite3.connect(p)
        db.execute("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)")
        for name, ver, rel, arch, srpm, lic, epoch in pkgs:
            tags = [(1000, name), (1001, ver), (1002, rel), (1014, lic), (1022, arch), (1044, srpm)]
            if epoch is not None:
                tags.append((1003, epoch))
            db.execute("INSERT INTO Packages (blob) VALUES (?)", (rpm_header(tags),))
        db.commit()
        db.execute("PRAGMA journal_mode=WAL")
        db.close()
        with open(p, "rb") as f:
            return f.read()


# ---------------------------------------------------------------- fixtures

def layered_image():
    """Whiteouts, an opaque directory, hard links, setuid added then removed,
    a secret added then deleted, a package installed by a later layer."""
    l1 = Layer(base_entries() + [
        D("opt"), D("opt/x"), F("opt/x/a", "a"), F("opt/x/b", "b"), D("app"), F("app/secret.env", "TOKEN=1\n"),
        F("var/lib/dpkg/status", dpkg_status([("base-files", "12.4", "amd64"), ("libc6", "2.36-9", "amd64", "glibc")])),
        F("usr/bin/su", b"\x7fELF-su", 0o4755), F("usr/bin/newgrp", b"\x7fELF-newgrp", 0o4755),
    ], created_by="/bin/sh -c #(nop) ADD file:0a1b2c in / ")
    l2 = Layer([
        O("opt/x"), F("opt/x/c", "c"), W("app/secret.env"), H("usr/bin/su2", "usr/bin/su", 0o4755),
        D("root/.ssh", 0o700), F("root/.ssh/id_rsa", PRIVATE_KEY, 0o600),
        F("var/lib/dpkg/status", dpkg_status([("base-files", "12.4", "amd64"), ("libc6", "2.36-9", "amd64", "glibc"),
                                              ("curl", "7.88.1-10", "amd64")])),
    ], created_by="/bin/sh -c apt-get install -y curl && cp id_rsa /root/.ssh/")
    l3 = Layer([W("root/.ssh/id_rsa"), F("usr/bin/newgrp", b"\x7fELF-newgrp", 0o755)],
               created_by="/bin/sh -c rm /root/.ssh/id_rsa && chmod u-s /usr/bin/newgrp")
    layers = [l1, l2, l3]
    return layers, config(layers, {"User": "app", "Env": ["PATH=/usr/bin"]})


def minimal(extra=(), cfg=None, release=None, **kw):
    entries = base_entries(release) if release else base_entries()
    l = Layer(entries + list(extra), created_by="/bin/sh -c #(nop) ADD file:f00 in / ")
    return [l], config([l], cfg if cfg is not None else {"User": "app"}, **kw)


def lang_image():
    nm = "app/node_modules"
    l1 = Layer(base_entries() + [
        D("usr/lib/python3"), D("usr/lib/python3/dist-packages"),
        D("usr/lib/python3/dist-packages/requests-2.31.0.dist-info"),
        F("usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nbody\n"),
        F("usr/lib/python3/dist-packages/PyYAML-6.0.egg-info", "Metadata-Version: 1.1\nName: PyYAML\nVersion: 6.0\n"),
        D("app"), D(nm), D(nm + "/left-pad"),
        F(nm + "/left-pad/package.json", json.dumps({"name": "left-pad", "version": "1.3.0", "license": "WTFPL"})),
        D(nm + "/@babel"), D(nm + "/@babel/core"),
        F(nm + "/@babel/core/package.json", json.dumps({"name": "@babel/core", "version": "7.23.0", "license": "MIT"})),
        F("usr/local/bin/app", go_binary("go1.21.5", [("golang.org/x/net", "v0.17.0"), ("github.com/pkg/errors", "v0.9.1")]),
          0o755),
        D("opt"), F("opt/app.jar", jar([("META-INF/maven/org.example/app/pom.properties",
                                         "groupId=org.example\nartifactId=app\nversion=1.0.0\n"),
                                        ("META-INF/maven/com.google.guava/guava/pom.properties",
                                         "#Created\nversion=32.1.2-jre\ngroupId=com.google.guava\nartifactId=guava\n")])),
    ])
    return [l1], config([l1], {"User": "app"})


def alpine_image():
    installed = ("C:Q1abc=\nP:musl\nV:1.1.24-r10\nA:x86_64\nL:MIT\no:musl\n\n"
                 "C:Q1def=\nP:libcrypto1.1\nV:1.1.1k-r0\nA:x86_64\nL:OpenSSL\no:openssl\n\n")
    entries = [D("etc"), D("lib"), D("lib/apk"), D("lib/apk/db"), F("lib/apk/db/installed", installed),
               F("etc/os-release", os_release("alpine", "3.12.7", "Alpine Linux v3.12")),
               F("etc/passwd", "root:x:0:0:root:/root:/bin/ash\n"), F("etc/group", "root:x:0:root\n"),
               F("etc/shadow", "root:::0:::::\n")]
    l = Layer(entries, created_by="/bin/sh -c #(nop) ADD file:a1 in / ")
    return [l], config([l], {})


def rpm_image():
    db = rpmdb([("bash", "5.1.8", "6.el9", "x86_64", "bash-5.1.8-6.el9.src.rpm", "GPLv3+", None),
                ("openssl-libs", "3.0.7", "24.el9", "x86_64", "openssl-3.0.7-24.el9.src.rpm", "ASL 2.0", 1),
                ("gpg-pubkey", "fd431d51", "4ae0493b", "(none)", "", "pubkey", None)])
    entries = [D("etc"), D("usr"), D("usr/lib"), D("usr/lib/sysimage"), D("usr/lib/sysimage/rpm"),
               F("usr/lib/sysimage/rpm/rpmdb.sqlite", db), D("var"), D("var/lib"), L("var/lib/rpm", "../../usr/lib/sysimage/rpm"),
               F("etc/os-release", os_release("rhel", "9.2", "Red Hat Enterprise Linux 9.2 (Plow)")),
               F("etc/passwd", PASSWD), F("etc/group", GROUP)]
    l = Layer(entries, created_by="/bin/sh -c #(nop) ADD file:r9 in / ")
    return [l], config([l], {"User": "1001"})


def bdb_image():
    entries = [D("etc"), D("var"), D("var/lib"), D("var/lib/rpm"), F("var/lib/rpm/Packages", b"\0\0\0\0bdb" * 10),
               F("etc/os-release", os_release("centos", "7", "CentOS Linux 7 (Core)"))]
    l = Layer(entries)
    return [l], config([l], {})


def distroless_image():
    entries = [D("etc"), D("var"), D("var/lib"), D("var/lib/dpkg"), D("var/lib/dpkg/status.d"),
               F("var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n"),
               F("var/lib/dpkg/status.d/libssl3", "Package: libssl3\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n"
                 "Architecture: amd64\n"),
               F("etc/os-release", 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\n'),
               F("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")]
    l = Layer(entries)
    return [l], config([l], {"User": "65532"})


def fixtures(root):
    out = os.path.join(root, "testdata", "images")
    layers, cfg = layered_image()
    write(os.path.join(out, "layered.tar"), docker_save([(["shop/web:1.0"], layers, cfg)]))
    write_dir(os.path.join(out, "layered-oci"), oci_layout([("shop/web:1.0", layers, cfg, None, None)]))
    # Docker 25+ docker save: blobs/sha256/<hex> names, beside an OCI layout
    write(os.path.join(out, "docker25.tar"), docker_save([(["shop/web:1.0"], layers, cfg)], legacy=False))
    # two images sharing their base layer
    base = Layer(base_entries(), created_by="/bin/sh -c #(nop) ADD file:base in / ")
    top1, top2 = Layer([F("srv/one", "1")]), Layer([F("srv/two", "2"), F("usr/bin/passwd", b"x", 0o4755)])
    write(os.path.join(out, "multi.tar"), docker_save([
        (["shop/one:1", "shop/one:latest"], [base, top1], config([base, top1], {"User": "app"})),
        (["shop/two:1"], [base, top2], config([base, top2], {"User": "app"}))]))
    # a multi-platform index (nested), zstd layers for arm64
    a = minimal(arch="amd64")
    arm_layer = Layer(base_entries() + [F("usr/bin/mount", b"x", 0o4755)], compress="zstd")
    write(os.path.join(out, "platforms.tar"), tar_of(oci_layout([
        (None, a[0], a[1], "linux/amd64", None),
        (None, [arm_layer], config([arm_layer], {"User": "app"}, arch="arm64", variant="v8"), "linux/arm64/v8", None),
    ], nested="shop/multi:2.0")))
    # hostile and broken archives
    trav = Layer(raw=tar_bytes(base_entries()) [:-1024] + tar_bytes([F("../../etc/evil", "x"), F("/abs/file", "y"),
                                                                       F("a/../../b", "z"), F("ok/file", "ok")]))
    write(os.path.join(out, "traversal.tar"), docker_save([(["bad/traversal:1"], [trav], config([trav], {"User": "app"}))]))
    good = Layer(base_entries())
    trunc = Layer(base_entries())
    trunc.blob = trunc.blob[: len(trunc.blob) // 2]
    write(os.path.join(out, "truncated.tar"), tar_of(oci_layout([("bad/truncated:1", [trunc], config([trunc]), None, None)])))
    corrupt = Layer(base_entries())
    corrupt.blob = b"this is not a layer at all" * 20
    write(os.path.join(out, "corrupt.tar"), tar_of(oci_layout([("bad/corrupt:1", [corrupt], config([corrupt]), None, None)])))
    write(os.path.join(out, "mismatch.tar"), tar_of(oci_layout([("bad/mismatch:1", [good], config([good]), None,
                                                                 {0: "sha256:" + "0" * 64})])))
    wrongdiff = config([good], {"User": "app"}, diff_ids=["sha256:" + "1" * 64])
    write(os.path.join(out, "diffid.tar"), docker_save([(["bad/diffid:1"], [good], wrongdiff)]))
    bomb = Layer(raw=tar_bytes([F("zeros", b"\0" * (80 << 20))]), compress="zstd")
    write(os.path.join(out, "bomb.tar"), tar_of(oci_layout([("bad/bomb:1", [bomb], config([bomb]), None, None)])))
    loop = Layer([D("etc"), L("etc/os-release", "os-release2"), L("etc/os-release2", "os-release")])
    write(os.path.join(out, "linkloop.tar"), docker_save([(["bad/loop:1"], [loop], config([loop], {"User": "app"}))]))
    # inventories
    for name, (ls, c) in [("lang", lang_image()), ("alpine", alpine_image()), ("rpm", rpm_image()),
                           ("bdb", bdb_image()), ("distroless", distroless_image())]:
        write(os.path.join(out, name + ".tar"), docker_save([([f"inv/{name}:1"], ls, c)]))
    # a gzip-compressed docker save (the outer archive compressed)
    write(os.path.join(out, "layered.tar.gz"), gz(docker_save([(["shop/web:1.0"], layers, cfg)])))
    # not an image: a tar of something else
    write(os.path.join(out, "not-an-image.tar"), tar_of([("README", b"hello\n")]))


# The image checks that now also read archives: their archive cases wrap the
# config of their image cases (testdata/checks/<check>/{fail,pass}-image*).
CONFIG_CHECKS = [
    "add-instead-of-copy", "invalid-port", "missing-healthcheck", "package-cache-not-cleaned",
    "package-signature-check-disabled", "remote-script-piped-to-shell", "sensitive-volume", "setuid-bit-added",
    "sudo-in-build", "tls-verification-disabled", "update-without-install", "world-writable-permissions",
    "runs-as-root", "ssh-port-exposed", "credential-setup-in-build", "secret-in-env", "hardcoded-secret",
    "docker-api-port-exposed",
]
RENAME = {"Config": "config", "RootFS": "rootfs", "Architecture": "architecture", "Os": "os", "Created": "created",
          "History": "history"}


REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def image_case_config(check, kind):
    base = os.path.join(REPO, "testdata", "checks", check)
    for d in sorted(os.listdir(base)):
        if not d.startswith(kind + "-image"):
            continue
        for f in sorted(os.listdir(os.path.join(base, d))):
            if f.endswith(".json"):
                with open(os.path.join(base, d, f)) as fh:
                    c = json.load(fh)
                if isinstance(c, list):
                    c = c[0]
                return {RENAME.get(k, k): v for k, v in c.items() if k not in ("Id", "RepoTags", "RepoDigests")}
    raise SystemExit(f"image_fixtures: no {kind}-image* case with a JSON config for {check}")


def archive_of_config(c):
    """A docker-save archive whose config is c: one small layer per history step
    that makes a layer (at least one), diff ids made to match."""
    steps = [h for h in c.get("history", []) if not h.get("empty_layer")]
    layers = [Layer(base_entries(), created_by=(steps[0].get("created_by", "") if steps else "ADD base"))]
    for k, h in enumerate(steps[1:]):
        layers.append(Layer([F(f"srv/step{k + 1}", str(k + 1))], created_by=h.get("created_by", "")))
    c = dict(c)
    c["rootfs"] = {"type": "layers", "diff_ids": [sha(l.tar) for l in layers]}
    if "history" not in c:
        c["history"] = [{"created": EPOCH, "created_by": "ADD base"}]
    cfg = json.dumps(c, separators=(",", ":")).encode()
    return docker_save([(["example/app:1.0"], layers, cfg)])


def case_images():
    """{(check, case): archive bytes} for the checks written for archives."""
    out = {}
    layers, cfg = layered_image()
    out[("secret-file-copied", "fail-archive")] = docker_save([(["shop/web:1.0"], layers, cfg)])
    envs = Layer([D("app"), F("app/.env", "DATABASE_PASSWORD=hunter2hunter2\n"), D("root/.aws"),
                  F("root/.aws/credentials", "[default]\naws_access_key_id = " + AWS_KEY + "\naws_secret_access_key = x\n")])
    out[("secret-file-copied", "fail-archive-env")] = docker_save([(["shop/api:2"], [layers[0], envs],
                                                                     config([layers[0], envs], {"User": "app"}))])
    ok = minimal([D("etc/ssl"), D("etc/ssl/certs"), F("etc/ssl/certs/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"),
                  D("root/.ssh"), F("root/.ssh/id_rsa.pub", "ssh-ed25519 AAAA app"), D("app"),
                  F("app/.env.example", "DATABASE_PASSWORD=\n"), F("app/server.key", "not a key: a placeholder\n")])
    out[("secret-file-copied", "pass-archive")] = docker_save([(["shop/web:1.1"], *ok)])

    code = Layer([D("app"), F("app/config.py", "import os\nKEY = '" + AWS_KEY + "'\n"),
                  F("app/deploy.sh", "#!/bin/sh\ngit clone https://" + GH_TOKEN + "@github.com/x/y\n", 0o755)])
    rm = Layer([W("app/deploy.sh")], created_by="/bin/sh -c rm /app/deploy.sh")
    base = Layer(base_entries(), created_by="/bin/sh -c #(nop) ADD file:f00 in / ")
    out[("hardcoded-secret", "fail-archive")] = docker_save([(["shop/api:3"], [base, code, rm],
                                                               config([base, code, rm], {"User": "app"}))])
    clean = minimal([D("app"), F("app/config.py", "import os\nKEY = os.environ['KEY']\n")])
    out[("hardcoded-secret", "pass-archive-files")] = docker_save([(["shop/api:4"], *clean)])

    out[("eol-base-image", "fail-archive")] = docker_save([(["shop/legacy:1"], *minimal(
        release=("debian", "9", "Debian GNU/Linux 9 (stretch)", "stretch")))])
    out[("eol-base-image", "fail-archive-alpine")] = docker_save([(["shop/old:1"], *alpine_image())])
    out[("eol-base-image", "pass-archive")] = docker_save([(["shop/web:1.0"], *minimal())])

    out[("setuid-files", "fail-archive")] = docker_save([(["shop/web:1.0"], layers, cfg)])
    out[("setuid-files", "fail-archive-tool")] = docker_save([(["shop/tool:1"], *minimal(
        [D("usr/local"), D("usr/local/bin"), F("usr/local/bin/helper", b"\x7fELF", 0o2755, 0, 50)]))])
    add = Layer(base_entries() + [F("usr/bin/passwd", b"x", 0o4755), F("usr/local/tool", b"x", 0o4755)])
    drop = Layer([F("usr/local/tool", b"x", 0o755)], created_by="/bin/sh -c chmod u-s /usr/local/tool")
    out[("setuid-files", "pass-archive")] = docker_save([(["shop/web:2"], [add, drop], config([add, drop], {"User": "app"}))])

    out[("empty-password-account", "fail-archive")] = docker_save([(["shop/guest:1"], *minimal(
        [F("etc/shadow", SHADOW + "guest::19000:0:99999:7:::\n", 0o640)]))])
    out[("empty-password-account", "pass-archive")] = docker_save([(["shop/web:1.0"], *minimal())])

    out[("duplicate-uid-gid", "fail-archive")] = docker_save([(["shop/dup:1"], *minimal(
        [F("etc/passwd", PASSWD + "toor:x:0:0:root:/root:/bin/sh\nweb:x:1000:1000::/srv:/bin/sh\n"),
         F("etc/group", GROUP + "staff:x:1000:\n")]))])
    out[("duplicate-uid-gid", "pass-archive")] = docker_save([(["shop/web:1.0"], *minimal())])

    out[("world-writable-files", "fail-archive")] = docker_save([(["shop/ww:1"], *minimal(
        [D("app"), F("app/run.sh", "#!/bin/sh\n", 0o777), D("data", 0o777)]))])
    out[("world-writable-files", "pass-archive")] = docker_save([(["shop/ww:2"], *minimal(
        [F("tmp/scratch", "x", 0o666), D("var/tmp", 0o1777), D("data", 0o1777), L("app", "/data")]))])

    out[("leftover-files", "fail-archive")] = docker_save([(["shop/src:1"], *minimal(
        [D("app"), F("app/Dockerfile", "FROM debian\n"), D("app/.git"), F("app/.git/config", "[core]\n"),
         D("app/.git/objects"), F("app/.git/HEAD", "ref: refs/heads/main\n"), D("var/lib/apt"),
         D("var/lib/apt/lists"), F("var/lib/apt/lists/lock", ""),
         F("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "x"),
         F("usr/bin/gcc-12", b"\x7fELF", 0o755), L("usr/bin/gcc", "gcc-12")]))])
    out[("leftover-files", "pass-archive")] = docker_save([(["shop/app:1"], *minimal(
        [D("app"), F("app/main.py", "print('hi')\n"), D("var/lib/apt"), D("var/lib/apt/lists"),
         F("var/lib/apt/lists/lock", "")]))])

    sudo = [F("usr/bin/sudo", b"x", 0o4755), D("etc/sudoers.d", 0o750),
            F("etc/sudoers", "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n"
              "#includedir /etc/sudoers.d\n", 0o440)]
    out[("passwordless-sudo", "fail-archive")] = docker_save([(["shop/sudo:1"], *minimal(
        sudo + [F("etc/sudoers.d/app", "app ALL=(ALL) NOPASSWD: ALL\n", 0o440)]))])
    out[("passwordless-sudo", "fail-archive-group")] = docker_save([(["shop/sudo:2"], *minimal(
        sudo + [F("etc/group", GROUP + "wheel:x:10:app\n"), F("etc/sudoers.d/wheel", "%wheel ALL=(ALL) \\\n  NOPASSWD: ALL\n", 0o440)],
        cfg={"User": "1000:1000"}))])
    out[("passwordless-sudo", "pass-archive")] = docker_save([(["shop/sudo:3"], *minimal(
        sudo + [F("etc/sudoers.d/app.disabled", "app ALL=(ALL) NOPASSWD: ALL\n", 0o440),
                F("etc/sudoers.d/ops", "ops ALL=(ALL) NOPASSWD: ALL\n", 0o440)]))])
    out[("passwordless-sudo", "pass-archive-root")] = docker_save([(["shop/sudo:4"], *minimal(
        sudo + [F("etc/sudoers.d/app", "app ALL=(ALL) NOPASSWD: ALL\n", 0o440)], cfg={}))])
    return out


def cases(root):
    base = os.path.join(root, "testdata", "checks")
    for check in CONFIG_CHECKS:
        for kind in ("fail", "pass"):
            write(os.path.join(base, check, kind + "-archive", "image.tar"),
                  archive_of_config(image_case_config(check, kind)))
    for (check, case), data in sorted(case_images().items()):
        write(os.path.join(base, check, case, "image.tar"), data)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else REPO
    fixtures(root)
    cases(root)


if __name__ == "__main__":
    main()
