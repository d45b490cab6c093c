#!/usr/bin/env python3
"""gen_runs.py SEED COUNT OUT_DIR — Dockerfiles of random RUN commands (and image
configs with such history steps) made of
the pieces the shell lexer treats specially (quotes, backslashes, $( ), ${ },
backquotes, <( ), here-documents, comments, operators, file descriptors,
sh -c scripts, exec form, continuations), for tools/shell_parity.sh."""
import json, os, random, sys

PIECES = [
    "a", "apt-get", "install", "-y", "curl", " ", " ", " ", "\t", "'", '"', "\\", "\\\n", "$", "$(", "${", "}",
    "`", ")", "(", "<(", ">(", "<", ">", ">>", "2>&1", "2>", "&&", "||", ";", ";;", "|", "|&", "&", "#", "# c\n",
    "\n", "<<EOF\nbody\nEOF\n", "<<-X\n\tx\n\tX\n", "<<<", "&>", "&>>", "sh -c ", "bash -c '", "sudo ", "env A=1 ",
    "case $x in a) b;; esac", "if true; then x; fi", "set -eo pipefail", "x=1", "é", "\x00", "$((1+2))", "=",
]


def random_cmd(r):
    return "".join(r.choice(PIECES) for _ in range(r.randint(1, 30)))


def main():
    seed, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for f in range(count):
        lines = ["FROM debian"]
        for _ in range(r.randint(1, 12)):
            if r.random() < 0.15:
                argv = [random_cmd(r) for _ in range(r.randint(1, 4))]
                if r.random() < 0.5:
                    argv = ["/bin/sh", "-c"] + argv
                lines.append("RUN " + json.dumps(argv))
            else:
                text = random_cmd(r).replace("\n", " \\\n")
                lines.append("RUN " + text)
        with open(os.path.join(out, "Dockerfile.%d" % f), "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write("\n".join(lines) + "\n")
        # image history: the shell text as is, real newlines included
        history = [{"created_by": "/bin/sh -c " + random_cmd(r).replace("\x00", "")} for _ in range(r.randint(1, 8))]
        config = {"architecture": "amd64", "os": "linux", "config": {}, "rootfs": {"type": "layers", "diff_ids": []},
                  "history": history}
        with open(os.path.join(out, "image.%d.json" % f), "w", encoding="utf-8") as fh:
            json.dump(config, fh)


main()
