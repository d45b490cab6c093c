#!/usr/bin/env python3
"""fuzz.py — seed, run and measure the libFuzzer harnesses of fuzz/.

    tools/fuzz.py seed                  fill build-fuzz/corpus/NAME/ (once per harness)
    tools/fuzz.py run SECONDS NAME...   seed if needed, then run each harness for SECONDS
    tools/fuzz.py cov NAME...           line coverage of src/ reached by the corpora
    tools/fuzz.py stats                 executions per harness and in total, from stats.tsv

Seeds come from testdata/ and ../shared/corpus (read in place, never copied
into the repository): each file is written once under its content hash,
prefixed with the selector byte the harness reads. Every run appends one
line to build-fuzz/stats.tsv (time, harness, seconds, executions, result), so
the executions of a whole piece of work add up. A crash leaves its input in
build-fuzz/artifacts/NAME/ and makes `run` exit 1 after the other harnesses;
turn it into a regression with: cp ARTIFACT fuzz/regressions/NAME/<what-it-is>.
"""
import hashlib
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build-fuzz")
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
SEED_MAX = 64 * 1024            # bigger files are left out of the seeds

# harness: (dictionary, -max_len, -timeout seconds)
HARNESS = {
    "yaml": ("yaml.dict", 16384, 20),
    "detect": ("json.dict", 16384, 20),
    "dockerfile": ("dockerfile.dict", 16384, 20),
    "config": ("yaml.dict", 4096, 20),
    "glob": (None, 256, 20),
    "suppress": ("yaml.dict", 8192, 20),
    "baseline": ("json.dict", 8192, 20),
    "scan": ("yaml.dict", 8192, 30),
}


def files_under(top, pred):
    if not os.path.isdir(top):
        return []
    found = []
    for d, dirs, names in os.walk(top):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            if pred(p) and os.path.isfile(p) and os.path.getsize(p) <= SEED_MAX:
                found.append(p)
    return found


def is_yaml(p):
    return p.endswith((".yaml", ".yml", ".json")) and not p.endswith(".plimsoll.yaml")


def is_dockerfile(p):
    b = os.path.basename(p)
    return b.startswith(("Dockerfile", "Containerfile")) or b.endswith(".dockerfile")


def put(name, data):
    d = os.path.join(OUT, "corpus", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(p):
    with open(p, "rb") as f:
        return f.read()


def seed_one(name):
    d = os.path.join(OUT, "corpus", name)
    if os.path.isdir(d) and os.listdir(d):
        return
    td = os.path.join(ROOT, "testdata")
    yamls = files_under(td, is_yaml) + files_under(os.path.join(SHARED, "kubernetes"), is_yaml) + \
        files_under(os.path.join(SHARED, "image-configs"), is_yaml)
    dockerfiles = files_under(td, is_dockerfile) + files_under(os.path.join(SHARED, "dockerfiles"), lambda p: True)
    dockerfiles = [p for p in dockerfiles if not re.search(r"LICEN[CS]E", os.path.basename(p))]
    if name == "yaml":
        for p in yamls:
            put(name, read(p))
    elif name == "detect":
        for p in yamls:
            put(name, (b"\1" if "compose" in os.path.basename(p) else b"\0") + read(p))
    elif name == "dockerfile":
        for p in dockerfiles:
            put(name, read(p))
    elif name == "config":
        for p in files_under(td, lambda p: p.endswith(".plimsoll.yaml")):
            put(name, read(p))
        put(name, b"skip: [latest-image-tag]\nseverity: {host-pid: low}\nexclude: [vendor, 'k8s/[a-z]*.yaml', '**/gen/**']\n"
                  b"ignore:\n  - check: privileged-container\n    paths: [deploy/debug]\n    reason: debugging\n    expires: 2027-01-31\n")
    elif name == "glob":
        for pat, path in [("*.yaml", "a/b.yaml"), ("deploy/**/x.yaml", "deploy/a/x.yaml"), ("[!a-c]?.y*", "d1.yml"),
                          ("/vendor", "vendor/x"), ("a\\*b", "a*b"), ("**/t/**", "x/t/y"), ("[]x]", "]")]:
            put(name, (pat + "\n" + path).encode())
    elif name == "suppress":
        for p in files_under(os.path.join(td, "suppress"), lambda p: True):
            put(name, (b"\1\7" if is_dockerfile(p) else b"\0\7") + read(p))
        for p in yamls[:300]:
            put(name, b"\0\3" + read(p))
        for p in dockerfiles[:200]:
            put(name, b"\1\3" + read(p))
    elif name == "baseline":
        put(name, b'{"version": 1, "tool": "plimsoll 0.1.0", "findings": [{"fingerprint": "0123456789abcdef0123456789abcdef", '
                  b'"check": "privileged-container", "file": "a.yaml"}]}\n')
        put(name, b'{"findings": []}')
    elif name == "scan":
        for p in files_under(os.path.join(td, "checks"), lambda p: True) + files_under(os.path.join(td, "examples"), lambda p: True):
            b = os.path.basename(p)
            sel = b"\1" if is_dockerfile(p) else b"\2" if "compose" in b else b"\3" if p.endswith(".json") else b"\0"
            if is_dockerfile(p) or is_yaml(p):
                put(name, sel + read(p))


def stats_line(name, seconds, execs, result):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "stats.tsv"), "a") as f:
        f.write("%s\t%s\t%d\t%d\t%s\n" % (time.strftime("%Y-%m-%dT%H:%M:%S"), name, seconds, execs, result))


def run(seconds, names):
    failed = []
    total = 0
    for name in names:
        seed_one(name)
        dict_, max_len, timeout = HARNESS[name]
        art = os.path.join(OUT, "artifacts", name) + "/"
        os.makedirs(art, exist_ok=True)
        cmd = [os.path.join(OUT, "fuzz_" + name), "-max_total_time=%d" % seconds, "-timeout=%d" % timeout,
               "-rss_limit_mb=2560", "-max_len=%d" % max_len, "-artifact_prefix=" + art, "-print_final_stats=1",
               os.path.join(OUT, "corpus", name)]
        if dict_:
            cmd.insert(1, "-dict=" + os.path.join(ROOT, "fuzz", dict_))
        reg = os.path.join(ROOT, "fuzz", "regressions", name)
        if os.path.isdir(reg) and os.listdir(reg):
            cmd.append(reg)
        t0 = time.time()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
        out = p.stdout.decode("utf-8", "replace")
        m = re.findall(r"stat::number_of_executed_units:\s*(\d+)", out)
        execs = int(m[-1]) if m else 0
        total += execs
        result = "ok" if p.returncode == 0 else "CRASH"
        stats_line(name, int(time.time() - t0), execs, result)
        print("fuzz %-10s %6d s %10d execs  %s" % (name, int(time.time() - t0), execs, result), flush=True)
        if p.returncode != 0:
            failed.append(name)
            tail = [l for l in out.splitlines() if "ERROR" in l or "invariant" in l or "artifact" in l or "SUMMARY" in l]
            print("\n".join("    " + l for l in tail[-12:]))
    print("fuzz: %d executions in this pass" % total)
    if failed:
        print("fuzz: crashes in: " + ", ".join(failed))
        return 1
    return 0


def cov(names):
    cdir = os.path.join(ROOT, "build-cov")
    prof = os.path.join(cdir, "prof")
    os.makedirs(prof, exist_ok=True)
    for f in os.listdir(prof):
        os.unlink(os.path.join(prof, f))
    bins = []
    for name in names:
        seed_one(name)
        b = os.path.join(cdir, "fuzz_" + name)
        bins.append(b)
        dirs = [os.path.join(OUT, "corpus", name)]
        reg = os.path.join(ROOT, "fuzz", "regressions", name)
        if os.path.isdir(reg) and os.listdir(reg):
            dirs.append(reg)
        env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(prof, name + "-%p.profraw"))
        subprocess.run([b, "-runs=0", "-timeout=60", "-rss_limit_mb=4096"] + dirs, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    data = os.path.join(cdir, "all.profdata")
    raws = [os.path.join(prof, f) for f in os.listdir(prof)]
    subprocess.run(["llvm-profdata", "merge", "-sparse", "-o", data] + raws, check=True)
    objs = []
    for b in bins[1:]:
        objs += ["-object", b]
    srcs = sorted(os.path.join(ROOT, "src", f) for f in os.listdir(os.path.join(ROOT, "src")) if f.endswith(".c"))
    rep = subprocess.run(["llvm-cov", "report", bins[0]] + objs + ["-instr-profile=" + data] + srcs,
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    print(rep)
    total = [l for l in rep.splitlines() if l.startswith("TOTAL")]
    if total:
        cols = total[0].split()
        print("fuzz-cov: line coverage of src/ by the fuzz corpora: %s (%s lines, %s missed)" % (cols[9], cols[7], cols[8]))
    return 0


def stats():
    per = {}
    p = os.path.join(OUT, "stats.tsv")
    if os.path.exists(p):
        for line in open(p):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 5:
                e = per.setdefault(parts[1], [0, 0, 0])
                e[0] += int(parts[3])
                e[1] += int(parts[2])
                e[2] += parts[4] != "ok"
    total = 0
    for name in sorted(per):
        print("%-10s %12d execs %8d s %3d crashing runs" % (name, per[name][0], per[name][1], per[name][2]))
        total += per[name][0]
    print("%-10s %12d execs" % ("total", total))
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    if argv[1] == "seed":
        for name in argv[2:] or HARNESS:
            seed_one(name)
        return 0
    if argv[1] == "run":
        return run(int(argv[2]), argv[3:] or list(HARNESS))
    if argv[1] == "cov":
        return cov(argv[2:] or list(HARNESS))
    if argv[1] == "stats":
        return stats()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
