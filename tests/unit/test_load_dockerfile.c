/* test_load_dockerfile.c — the Dockerfile loader: tree shape, positions,
 * BuildKit parsing rules, variable substitution and error recovery. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "unit.h"

/* One loaded file at a time. */
static source *S;
static tree *T;
static doclist DL;
static perr E;
static int RC;
static node_id R;

static void unload(void)
{
    free(DL.v);
    memset(&DL, 0, sizeof DL);
    tree_free(T);
    source_free(S);
    T = NULL;
    S = NULL;
}

static void load_n(const char *text, size_t len)
{
    unload();
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = 0;
    S = source_new_owned("Dockerfile", copy, len);
    T = tree_new();
    memset(&E, 0, sizeof E);
    RC = load_dockerfile(S, T, &DL, &E);
    R = DL.n ? DL.v[0].root : NODE_NONE;
}

static void load(const char *text) { load_n(text, strlen(text)); }

/* The node at a path like "stages[1].instructions[0].flags.mount[1]", or NONE. */
static node_id at(const char *path)
{
    node_id cur = R;
    const char *p = path;
    while (*p && cur) {
        if (*p == '.') p++;
        if (*p == '[') {
            char *end;
            long i = strtol(p + 1, &end, 10);
            const node *nd = tree_get(T, cur);
            cur = nd->kind == N_SEQ && i >= 0 && (uint32_t)i < nd->n ? T->kids[nd->kids + i].val : NODE_NONE;
            p = *end == ']' ? end + 1 : end;
        } else {
            char key[64];
            size_t n = 0;
            while (*p && *p != '.' && *p != '[' && n < sizeof key - 1) key[n++] = *p++;
            key[n] = 0;
            cur = tree_member(T, cur, key, NULL);
        }
    }
    return cur;
}

static const char *str(const char *path)
{
    node_id id = at(path);
    return id && tree_get(T, id)->kind == N_STR ? tree_text(T, tree_get(T, id)->str) : NULL;
}

static long long num(const char *path)
{
    node_id id = at(path);
    if (!id || (tree_get(T, id)->kind != N_INT && tree_get(T, id)->kind != N_BOOL)) return -999;
    return tree_get(T, id)->v.i;
}

static long count(const char *path)
{
    node_id id = at(path);
    return id ? (long)tree_get(T, id)->n : -1;
}

static void pos(const char *path, uint32_t *line, uint32_t *col)
{
    node_id id = at(path);
    *line = id ? tree_get(T, id)->line : 0;
    *col = id ? tree_get(T, id)->col : 0;
}

#define CHECK_POS(path, l, c) do { \
    uint32_t l_, c_; pos(path, &l_, &c_); CHECK_INT(l_, l); CHECK_INT(c_, c); \
} while (0)

#define CHECK_LOCATE(path, off, l, c) do { \
    uint32_t l_ = 0, c_ = 0; CHECK_INT(tree_locate(T, R, path, off, &l_, &c_), 1); \
    CHECK_INT(l_, l); CHECK_INT(c_, c); \
} while (0)

/* Byte offset of needle in the string at path. */
static long offset_of(const char *path, const char *needle)
{
    const char *s = str(path);
    const char *f = s ? strstr(s, needle) : NULL;
    return f ? (long)(f - s) : -1;
}

static void test_shape(void)
{
    load("FROM alpine\nRUN echo hi\n");
    CHECK_INT(RC, 0);
    CHECK_INT(DL.n, 1);
    CHECK_INT(DL.v[0].type, DOC_DOCKERFILE);
    CHECK_INT(tree_get(T, at("directives"))->kind, N_MAP);
    CHECK_INT(count("args"), 0);
    CHECK_INT(count("stages"), 1);
    CHECK_INT(count("instructions"), 2);
    CHECK_STR(str("instructions[0].cmd"), "FROM");
    CHECK_STR(str("instructions[1].args"), "echo hi");
    CHECK_INT(num("stages[0].index"), 0);
    CHECK_INT(at("stages[0].name"), NODE_NONE);
    CHECK_INT(at("stages[0].parent"), NODE_NONE);
    /* shared children, not copies */
    CHECK_INT(at("stages[0].instructions[0]"), at("instructions[0]"));
    CHECK_INT(at("stages[0].instructions[1]"), at("instructions[1]"));
    CHECK_INT(num("instructions[1].stage"), 0);
    CHECK_STR(str("instructions[1].original"), "RUN echo hi");
    CHECK_POS("instructions[1]", 2, 1);
    CHECK_POS("instructions[1].cmd", 2, 1);
    CHECK_POS("instructions[1].args", 2, 5);
    CHECK_INT(at("instructions[1].expanded"), NODE_NONE); /* RUN: the shell expands */
}

static void test_continuations(void)
{
    load("FROM alpine\n"
         "RUN apt-get update && \\\n"
         "    apt-get install -y curl \\  \n"
         "# a comment line\n"
         "    # an indented one\n"
         "\n"
         "    && rm -rf /var/lib/apt/lists/*\n"
         "  run   echo \"héllo\" && ls\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("instructions"), 3);
    CHECK_STR(str("stages[0].instructions[1].args"),
              "apt-get update &&     apt-get install -y curl     && rm -rf /var/lib/apt/lists/*");
    CHECK_INT(num("instructions[1].line"), 2);
    CHECK_INT(num("instructions[1].end_line"), 7);
    long off = offset_of("stages[0].instructions[1].args", "apt-get install");
    CHECK_LOCATE("stages[0].instructions[1].args", off, 3, 5);
    off = offset_of("stages[0].instructions[1].args", "curl");
    CHECK_LOCATE("stages[0].instructions[1].args", off, 3, 24);
    off = offset_of("stages[0].instructions[1].args", "rm -rf");
    CHECK_LOCATE("stages[0].instructions[1].args", off, 7, 8);
    CHECK_LOCATE("stages[0].instructions[1].args", 0, 2, 5);
    /* leading blanks before a lower-case keyword; columns count characters */
    CHECK_STR(str("instructions[2].cmd"), "RUN");
    CHECK_POS("instructions[2]", 8, 3);
    off = offset_of("instructions[2].args", "ls");
    CHECK_LOCATE("instructions[2].args", off, 8, 25);
    CHECK_STR(str("instructions[1].original"),
              "RUN apt-get update && \\\n    apt-get install -y curl \\  \n# a comment line\n"
              "    # an indented one\n\n    && rm -rf /var/lib/apt/lists/*");
}

static void test_escape_backtick(void)
{
    load("# escape=`\n"
         "FROM mcr.microsoft.com/windows/servercore\n"
         "COPY testfile.txt c:\\\n"
         "RUN dir c:\\ `\n"
         "    && echo done\n"
         "ARG DIR=\"C:\\data\"\n"
         "WORKDIR ${DIR}\\app\n");
    CHECK_INT(RC, 0);
    CHECK_STR(str("directives.escape"), "`");
    CHECK_INT(count("instructions"), 5);
    CHECK_STR(str("instructions[1].args"), "testfile.txt c:\\");
    CHECK_STR(str("instructions[2].args"), "dir c:\\     && echo done");
    CHECK_INT(num("instructions[2].end_line"), 5);
    CHECK_LOCATE("instructions[2].args", offset_of("instructions[2].args", "&&"), 5, 5);
    CHECK_STR(str("instructions[3].pairs[0].value"), "C:\\data");
    CHECK_STR(str("instructions[4].expanded"), "C:\\data\\app");
    /* with the default escape, `\\` at the end does not continue */
    load("FROM a\nRUN echo \\\\\nRUN b\n");
    CHECK_INT(count("instructions"), 3);
}

static void test_directives(void)
{
    load("# SYNTAX = docker/dockerfile:1\n#check=skip=JSONArgsRecommended;error=true\n"
         "# escape=\\\n# syntax=late\nFROM a\n");
    CHECK_INT(RC, -1); /* a repeated directive is an error */
    CHECK_STR(str("directives.syntax"), "docker/dockerfile:1");
    CHECK_STR(str("directives.check"), "skip=JSONArgsRecommended;error=true");
    CHECK_STR(str("directives.escape"), "\\");
    CHECK_INT(E.line, 4);
    CHECK_POS("directives.syntax", 1, 12);
    /* only before anything else: a comment or blank line ends them */
    load("# hello\n# escape=`\nFROM a\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("directives"), 0);
    load("\n# syntax=x\nFROM a\n");
    CHECK_INT(count("directives"), 0);
    load("FROM a\n# escape=`\nRUN a `\nRUN b\n");
    CHECK_INT(count("instructions"), 3);
    load("# escape=x\nFROM a\n");
    CHECK_INT(RC, -1);
    CHECK_INT(E.line, 1);
}

static void test_heredocs(void)
{
    load("FROM alpine\n"
         "RUN <<A <<-\"B\" cat\n"
         "one\n"
         "FROM not-an-instruction\n"
         "A\n"
         "\ttwo\n"
         "\tB\n"
         "COPY <<'EOF' /x\n"
         "hi $X\n"
         "EOF\n"
         "RUN 2<<X cat && echo \"<<NOT\"\n"
         "body\n"
         "X\n"
         "RUN [\"sh\", \"-c\", \"cat <<EOF\"]\n"
         "RUN echo done\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("instructions"), 6);
    CHECK_INT(count("instructions[1].heredocs"), 2);
    CHECK_STR(str("instructions[1].heredocs[0].name"), "A");
    CHECK_STR(str("instructions[1].heredocs[0].body"), "one\nFROM not-an-instruction\n");
    CHECK_INT(num("instructions[1].heredocs[0].strip_tabs"), 0);
    CHECK_INT(num("instructions[1].heredocs[0].quoted"), 0);
    CHECK_INT(num("instructions[1].heredocs[0].line"), 3);
    CHECK_STR(str("instructions[1].heredocs[1].name"), "B");
    CHECK_STR(str("instructions[1].heredocs[1].body"), "\ttwo\n");
    CHECK_INT(num("instructions[1].heredocs[1].strip_tabs"), 1);
    CHECK_INT(num("instructions[1].heredocs[1].quoted"), 1);
    CHECK_INT(num("instructions[1].heredocs[1].line"), 6);
    CHECK_INT(num("instructions[1].line"), 2);
    CHECK_INT(num("instructions[1].end_line"), 7);
    CHECK_STR(str("instructions[1].args"), "<<A <<-\"B\" cat");
    CHECK_POS("instructions[1].heredocs[1]", 2, 9);
    CHECK_LOCATE("instructions[1].heredocs[0].body",
                 offset_of("instructions[1].heredocs[0].body", "FROM"), 4, 1);
    CHECK_STR(str("instructions[2].cmd"), "COPY");
    CHECK_INT(num("instructions[2].heredocs[0].quoted"), 1);
    CHECK_STR(str("instructions[2].heredocs[0].body"), "hi $X\n");
    CHECK_STR(str("instructions[3].heredocs[0].name"), "X");
    CHECK_INT(count("instructions[3].heredocs"), 1);
    CHECK_INT(at("instructions[4].heredocs"), NODE_NONE); /* exec form: none */
    CHECK_INT(num("instructions[5].line"), 15);

    load("FROM a\nRUN <<EOF\nnever ends\n");
    CHECK_INT(RC, -1);
    CHECK(E.set);
    CHECK_INT(E.line, 2);
    CHECK_INT(DL.n, 1);
    CHECK_STR(str("instructions[1].heredocs[0].body"), "never ends\n");
}

static void test_exec_form(void)
{
    load("FROM a\n"
         "CMD [\"a\", \"b c\", \"\\u00e9\\\"\"]\n"
         "CMD echo [\"x\"]\n"
         "ENTRYPOINT [ \"broken\"\n"
         "SHELL [\"powershell\", \"-Command\"]\n"
         "COPY [\"src dir\", \"/dst\"]\n"
         "VOLUME [\"/data\", \"/logs\"]\n"
         "VOLUME /a /b\n"
         "RUN []\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("instructions[1].exec"), 3);
    CHECK_STR(str("instructions[1].exec[1]"), "b c");
    CHECK_STR(str("instructions[1].exec[2]"), "\xc3\xa9\"");
    CHECK_INT(num("instructions[1].json"), 1);
    CHECK_POS("instructions[1].exec[1]", 2, 11);
    CHECK_INT(at("instructions[2].exec"), NODE_NONE);
    CHECK_INT(at("instructions[2].json"), NODE_NONE);
    CHECK_INT(at("instructions[3].exec"), NODE_NONE);
    CHECK_STR(str("instructions[4].exec[0]"), "powershell");
    CHECK_STR(str("instructions[5].exec[0]"), "src dir");
    CHECK_STR(str("instructions[6].paths[1]"), "/logs");
    CHECK_STR(str("instructions[7].paths[1]"), "/b");
    CHECK_INT(count("instructions[8].exec"), 0);
    CHECK_INT(num("instructions[8].json"), 1);

    load("FROM a\nENTRYPOINT [\"a\", 1]\n");
    CHECK_INT(RC, -1);
    CHECK_INT(E.line, 2);
    load("FROM a\nSHELL sh -c\n");
    CHECK_INT(RC, -1);
}

static void test_flags(void)
{
    load("FROM --platform=$BUILDPLATFORM golang AS a\n"
         "ADD --checksum=sha256:abc --keep-git-dir=true --chown=1:1 --chmod=755 --link https://x/y /y\n"
         "COPY --from=a --exclude=*.md --parents x /y\n"
         "RUN --mount=type=cache,target=/c --mount=type=secret,id=npm --network=none --security=insecure make\n"
         "HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD curl -f http://l/\n"
         "RUN --mount=\"type=bind,source=a b\" -- --not-a-flag\n");
    CHECK_INT(RC, 0);
    CHECK_STR(str("instructions[0].flags.platform"), "$BUILDPLATFORM");
    CHECK_STR(str("stages[0].platform"), "$BUILDPLATFORM");
    CHECK_STR(str("instructions[1].flags.checksum"), "sha256:abc");
    CHECK_STR(str("instructions[1].flags.keep-git-dir"), "true");
    CHECK_STR(str("instructions[1].flags.chown"), "1:1");
    CHECK_STR(str("instructions[1].flags.chmod"), "755");
    CHECK_INT(tree_get(T, at("instructions[1].flags.link"))->kind, N_BOOL);
    CHECK_INT(num("instructions[1].flags.link"), 1);
    CHECK_STR(str("instructions[1].args"), "https://x/y /y");
    CHECK_POS("instructions[1].flags.chown", 2, 47);
    CHECK_STR(str("instructions[2].flags.from"), "a");
    CHECK_STR(str("instructions[2].flags.exclude"), "*.md");
    CHECK_INT(num("instructions[2].flags.parents"), 1);
    CHECK_INT(tree_get(T, at("instructions[3].flags.mount"))->kind, N_SEQ);
    CHECK_INT(count("instructions[3].flags.mount"), 2);
    CHECK_STR(str("instructions[3].flags.mount[0]"), "type=cache,target=/c");
    CHECK_STR(str("instructions[3].flags.mount[1]"), "type=secret,id=npm");
    CHECK_POS("instructions[3].flags.mount[1]", 4, 34);
    CHECK_STR(str("instructions[3].flags.network"), "none");
    CHECK_STR(str("instructions[3].flags.security"), "insecure");
    CHECK_STR(str("instructions[3].args"), "make");
    CHECK_STR(str("instructions[4].flags.interval"), "30s");
    CHECK_STR(str("instructions[4].flags.timeout"), "3s");
    CHECK_STR(str("instructions[4].flags.start-period"), "5s");
    CHECK_STR(str("instructions[4].flags.retries"), "3");
    CHECK_STR(str("instructions[4].test"), "curl -f http://l/");
    CHECK_INT(count("instructions[5].flags.mount"), 1);
    CHECK_STR(str("instructions[5].flags.mount[0]"), "type=bind,source=a b");
    CHECK_STR(str("instructions[5].args"), "--not-a-flag");
}

static void test_stages(void)
{
    load("FROM golang:1.22 AS Builder\n"
         "RUN go build\n"
         "FROM builder AS test\n"
         "FROM scratch\n"
         "COPY --from=builder /app /app\n"
         "FROM BUILDER\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("stages"), 4);
    CHECK_STR(str("stages[0].name"), "builder");
    CHECK_STR(str("instructions[0].name"), "builder");
    CHECK_STR(str("instructions[0].image"), "golang:1.22");
    CHECK_POS("stages[0].name", 1, 21);
    CHECK_INT(num("stages[1].index"), 1);
    CHECK_INT(num("stages[1].parent"), 0);
    CHECK_STR(str("stages[1].name"), "test");
    CHECK_INT(at("stages[2].parent"), NODE_NONE);
    CHECK_INT(at("stages[2].name"), NODE_NONE);
    CHECK_STR(str("stages[2].base"), "scratch");
    CHECK_INT(count("stages[2].instructions"), 2);
    CHECK_INT(num("stages[3].parent"), 0);
    CHECK_STR(str("stages[3].base_raw"), "BUILDER");
    CHECK_INT(num("instructions[4].stage"), 2);
    CHECK_INT(at("stages[2].instructions[1]"), at("instructions[4]"));
    CHECK_POS("stages[1]", 3, 1);

    load("FROM a AS 1bad\n");
    CHECK_INT(RC, -1);
    load("FROM a b\n");
    CHECK_INT(RC, -1);
}

static void test_arg_substitution(void)
{
    load("ARG REG=docker.io\n"
         "ARG TAG\n"
         "ARG EMPTY=\n"
         "ARG IMG=${REG}/lib\n"
         "FROM ${REG}/alpine:${TAG:-3.19}\n"
         "FROM $REG/x:${TAG-dflt}\n"
         "FROM x:${EMPTY-a}${EMPTY:-b}\n"
         "FROM x${REG:+-alt}${NOPE+z}${EMPTY+y}${EMPTY:+n}\n"
         "FROM \"$IMG:${TAG}\"\n"
         "FROM ${REG#docker.}${REG%.*}\n");
    CHECK_INT(RC, 0);
    CHECK_INT(count("args"), 4);
    CHECK_INT(at("args[1].pairs[0].value"), NODE_NONE);
    CHECK_STR(str("args[2].pairs[0].value"), "");
    CHECK_STR(str("stages[0].base"), "docker.io/alpine:3.19");
    CHECK_STR(str("stages[0].base_raw"), "${REG}/alpine:${TAG:-3.19}");
    CHECK_STR(str("instructions[4].expanded"), "docker.io/alpine:3.19");
    CHECK_STR(str("stages[1].base"), "docker.io/x:dflt");
    CHECK_STR(str("stages[2].base"), "x:b");
    CHECK_STR(str("stages[3].base"), "x-alty");
    CHECK_STR(str("stages[4].base"), "docker.io/lib:${TAG}"); /* declared without a value: kept */
    CHECK_STR(str("stages[5].base"), "iodocker");
    CHECK_INT(at("args[0].stage"), NODE_NONE);

    /* scopes: a global ARG only after the stage re-declares it; ENV wins */
    load("ARG V=1\n"
         "FROM a\n"
         "ENV X=$V\n"
         "ARG V\n"
         "ENV Y=$V Z=${Y:-unset}\n"
         "ARG V=2\n"
         "WORKDIR /w/$V\n"
         "ENV V=env\n"
         "ARG V=3\n"
         "WORKDIR /$V\n"
         "FROM a AS second\n"
         "WORKDIR /${V:-none}\n"
         "ENV P=/p\n"
         "FROM second\n"
         "WORKDIR $P/x\n");
    CHECK_INT(RC, 0);
    CHECK_STR(str("instructions[2].expanded"), "X=");
    CHECK_STR(str("instructions[4].expanded"), "Y=1 Z=unset");
    CHECK_STR(str("instructions[6].expanded"), "/w/2");
    CHECK_STR(str("instructions[9].expanded"), "/env");
    CHECK_STR(str("instructions[11].expanded"), "/none");
    CHECK_STR(str("instructions[14].expanded"), "/p/x");
    CHECK_STR(str("instructions[4].pairs[0].value"), "$V"); /* pairs keep variables */
}

static void test_env_label_arg(void)
{
    load("FROM a\n"
         "ENV A=1 B=\"two words\" C='single $x' D=esc\\ aped E=\n"
         "ENV LEGACY some value \"here\"\n"
         "LABEL \"com.x\"=\"y\" version=1.0\n"
         "ARG NODEF OTHER=5\n"
         "ENV broken\n"
         "ENV A=1 nope\n");
    CHECK_INT(RC, -1); /* the last two */
    CHECK_INT(E.line, 6);
    CHECK_INT(count("instructions[1].pairs"), 5);
    CHECK_STR(str("instructions[1].pairs[0].key"), "A");
    CHECK_STR(str("instructions[1].pairs[0].value"), "1");
    CHECK_STR(str("instructions[1].pairs[1].value"), "two words");
    CHECK_STR(str("instructions[1].pairs[2].value"), "single $x");
    CHECK_STR(str("instructions[1].pairs[3].value"), "esc aped");
    CHECK_STR(str("instructions[1].pairs[4].value"), "");
    CHECK_POS("instructions[1].pairs[1]", 2, 9);
    CHECK_POS("instructions[1].pairs[1].key", 2, 9);
    CHECK_POS("instructions[1].pairs[1].value", 2, 11);
    CHECK_LOCATE("instructions[1].pairs[1].value", -1, 2, 11);
    CHECK_STR(str("instructions[2].pairs[0].key"), "LEGACY");
    CHECK_STR(str("instructions[2].pairs[0].value"), "some value here");
    CHECK_POS("instructions[2].pairs[0].value", 3, 12);
    CHECK_STR(str("instructions[3].pairs[0].key"), "com.x");
    CHECK_STR(str("instructions[3].pairs[0].value"), "y");
    CHECK_STR(str("instructions[3].pairs[1].value"), "1.0");
    CHECK_STR(str("instructions[4].pairs[0].key"), "NODEF");
    CHECK_INT(at("instructions[4].pairs[0].value"), NODE_NONE);
    CHECK_STR(str("instructions[4].pairs[1].value"), "5");
    CHECK_INT(count("instructions[6].pairs"), 1);
}

static void test_user_expose_health(void)
{
    load("FROM a\n"
         "USER app:grp\n"
         "USER 1000\n"
         "ENV U=svc P=8080\n"
         "USER ${U}:${U}s\n"
         "EXPOSE 80 443/tcp ${P} \"53/udp\"\n"
         "HEALTHCHECK NONE\n"
         "HEALTHCHECK --retries=2 CMD [\"curl\", \"-f\", \"http://x/\"]\n"
         "STOPSIGNAL SIG$U\n");
    CHECK_INT(RC, 0);
    CHECK_STR(str("instructions[1].user"), "app");
    CHECK_STR(str("instructions[1].group"), "grp");
    CHECK_POS("instructions[1].group", 2, 10);
    CHECK_STR(str("instructions[2].user"), "1000");
    CHECK_INT(at("instructions[2].group"), NODE_NONE);
    CHECK_STR(str("instructions[4].user"), "svc");
    CHECK_STR(str("instructions[4].group"), "svcs");
    CHECK_INT(count("instructions[5].ports"), 4);
    CHECK_STR(str("instructions[5].ports[0]"), "80");
    CHECK_STR(str("instructions[5].ports[1]"), "443/tcp");
    CHECK_STR(str("instructions[5].ports[2]"), "8080");
    CHECK_STR(str("instructions[5].ports[3]"), "53/udp");
    CHECK_POS("instructions[5].ports[1]", 6, 11);
    CHECK_INT(num("instructions[6].none"), 1);
    CHECK_INT(at("instructions[6].test"), NODE_NONE);
    CHECK_STR(str("instructions[7].test"), "[\"curl\", \"-f\", \"http://x/\"]");
    CHECK_STR(str("instructions[7].exec[2]"), "http://x/");
    CHECK_INT(num("instructions[7].json"), 1);
    CHECK_STR(str("instructions[8].expanded"), "SIGsvc");

    load("FROM a\nHEALTHCHECK NONE x\n");
    CHECK_INT(RC, -1);
    load("FROM a\nHEALTHCHECK CMD\n");
    CHECK_INT(RC, -1);
}

static void test_onbuild(void)
{
    load("FROM a\n"
         "ONBUILD COPY --chown=a:b . /app\n"
         "ONBUILD RUN <<EOF\n"
         "echo hi\n"
         "EOF\n"
         "ONBUILD ONBUILD RUN x\n");
    CHECK_INT(RC, -1); /* the chained ONBUILD */
    CHECK_INT(E.line, 6);
    CHECK_STR(str("instructions[1].args"), "COPY --chown=a:b . /app");
    CHECK_STR(str("instructions[1].trigger.cmd"), "COPY");
    CHECK_STR(str("instructions[1].trigger.flags.chown"), "a:b");
    CHECK_STR(str("instructions[1].trigger.args"), ". /app");
    CHECK_POS("instructions[1].trigger", 2, 9);
    CHECK_INT(at("instructions[1].trigger.stage"), NODE_NONE);
    CHECK_INT(at("instructions[1].trigger.original"), NODE_NONE);
    CHECK_STR(str("instructions[2].trigger.heredocs[0].body"), "echo hi\n");
    CHECK_INT(num("instructions[2].end_line"), 5);
    CHECK_INT(count("instructions"), 4);
}

static void test_crlf_bom_eof(void)
{
    load("\xEF\xBB\xBF" "FROM alpine\r\nRUN a \\\r\n  b\r\nENV K=v\r\nCMD [\"x\"]");
    CHECK_INT(RC, 0);
    CHECK_STR(str("instructions[0].cmd"), "FROM");
    CHECK_POS("instructions[0]", 1, 1);
    CHECK_STR(str("instructions[1].args"), "a   b");
    CHECK_STR(str("instructions[1].original"), "RUN a \\\n  b");
    CHECK_INT(num("instructions[1].end_line"), 3);
    CHECK_STR(str("instructions[2].pairs[0].value"), "v");
    CHECK_STR(str("instructions[3].exec[0]"), "x");
    CHECK_INT(num("instructions[3].line"), 5);
    load("\xEF\xBB\xBF# escape=`\r\nFROM a\r\nRUN x `\r\n  y");
    CHECK_STR(str("directives.escape"), "`");
    CHECK_STR(str("instructions[1].args"), "x   y");
}

static void test_errors_and_odd_input(void)
{
    load("FROM\nRUN echo still parsed\n");
    CHECK_INT(RC, -1);
    CHECK_INT(E.line, 1);
    CHECK_INT(E.col, 1);
    CHECK_INT(DL.n, 1);
    CHECK_INT(count("instructions"), 2);
    CHECK_STR(str("instructions[1].args"), "echo still parsed");

    load("RUN make\n"); /* no FROM: not a loader error */
    CHECK_INT(RC, 0);
    CHECK_INT(count("stages"), 0);
    CHECK_INT(at("instructions[0].stage"), NODE_NONE);

    load("");
    CHECK_INT(RC, 0);
    CHECK_INT(count("instructions"), 0);

    static const char garbage[] = "\x01\x02\xff\xfe\x00 abc [\"\n\x80\x81\\\n\x00\x00<<EOF\n${${:-}\n";
    load_n(garbage, sizeof garbage - 1);
    CHECK_INT(DL.n, 1);
    CHECK(count("instructions") >= 1);

    load("FROM a\nCOPY onlyone\n");
    CHECK_INT(RC, -1);
    load("FROM a\nWORKDIR\n");
    CHECK_INT(RC, -1);
    CHECK_INT(E.line, 2);
    load("FROM a\nFOO bar baz\n");
    CHECK_INT(RC, 0);
    CHECK_STR(str("instructions[1].cmd"), "FOO");
    CHECK_STR(str("instructions[1].args"), "bar baz");
}

static void test_limits(void)
{
    /* ARGs that double at every step stay bounded, and say where substitution
     * stopped (it used to stop silently) */
    buf b = {0};
    buf_puts(&b, "ARG A0=0123456789abcdef0123456789abcdef\n");
    for (int i = 1; i < 60; i++) buf_printf(&b, "ARG A%d=$A%d$A%d\n", i, i - 1, i - 1);
    buf_puts(&b, "FROM x$A59\n");
    load_n(b.s, b.len);
    CHECK_INT(RC, -1);
    CHECK_INT(E.line, 20); /* A0..A19 together pass 16 MiB (the values add up) */
    CHECK(strstr(E.msg, "variables not substituted from here on") != NULL);
    CHECK_INT(count("stages"), 1);
    CHECK(str("stages[0].base") != NULL);
    buf_free(&b);

    /* stages that inherit ever more ENVs (each FROM the last) are charged to
     * the same budget: bounded time and memory, one error */
    for (int i = 0; i < 3000; i++) buf_printf(&b, "FROM %s%d AS s%d\nENV V%d=%d\n", i ? "s" : "alpine", i ? i - 1 : 3, i, i, i);
    load_n(b.s, b.len);
    CHECK_INT(RC, -1);
    CHECK(strstr(E.msg, "variables not substituted from here on") != NULL);
    CHECK_INT(count("stages"), 3000);
    CHECK_INT(num("stages[2999].parent"), 2998);
    buf_free(&b);

    /* deep ${…} nesting and a very long continuation */
    buf_puts(&b, "FROM a\nWORKDIR ");
    for (int i = 0; i < 20000; i++) buf_puts(&b, "${A:-");
    buf_puts(&b, "x\n");
    for (int i = 0; i < 70000; i++) buf_puts(&b, "RUN \\\n");
    buf_puts(&b, "end\n");
    load_n(b.s, b.len);
    CHECK_INT(count("instructions"), 3);
    CHECK_INT(num("instructions[2].end_line"), 70003);
    uint32_t l = 0, c = 0;
    tree_locate(T, R, "instructions[2].args", 0, &l, &c);
    CHECK_INT(l, 4); /* after "RUN \" the args start on the next line */
    buf_free(&b);
}

int main(void)
{
    RUN(test_shape);
    RUN(test_continuations);
    RUN(test_escape_backtick);
    RUN(test_directives);
    RUN(test_heredocs);
    RUN(test_exec_form);
    RUN(test_flags);
    RUN(test_stages);
    RUN(test_arg_substitution);
    RUN(test_env_label_arg);
    RUN(test_user_expose_health);
    RUN(test_onbuild);
    RUN(test_crlf_bom_eof);
    RUN(test_errors_and_odd_input);
    RUN(test_limits);
    unload();
    return unit_done("load_dockerfile");
}
