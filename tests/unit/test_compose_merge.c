/* test_compose_merge.c — Compose files merged as docker compose merges them:
 * lists by the Compose specification's rule for each key (ports, volumes,
 * devices, secrets by their unique key; environment by name across the list
 * and map forms; cap_add, dns unique; command replaced; the rest appended),
 * include: and extends: followed over several files, and cycles, missing
 * files and depth noted with file:line:col instead of followed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "compose_merge.h"
#include "load.h"
#include "unit.h"

static char dir[64];

static void put(const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    char *slash = strrchr(p, '/');
    *slash = 0;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", p);
    if (system(cmd) != 0) abort();
    *slash = '/';
    FILE *f = fopen(p, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

static int exists(const char *path, void *ctx)
{
    (void)ctx;
    return access(path, R_OK) == 0;
}

/* A node as compact text: scalars as written, [a, b], {k: v}; a foreign
 * node below one that is not is marked with a leading ^. */
static void show_in(const tree *t, node_id id, buf *b, int in_foreign)
{
    const node *n = tree_get(t, id);
    int foreign = (n->flags & NODE_FOREIGN) != 0;
    if (foreign && !in_foreign) buf_puts(b, "^");
    if (n->kind == N_SEQ || n->kind == N_MAP) {
        buf_puts(b, n->kind == N_SEQ ? "[" : "{");
        for (uint32_t i = 0; i < n->n; i++) {
            const kid *k = &t->kids[n->kids + i];
            if (i) buf_puts(b, ", ");
            if (k->key_len) {
                buf_add(b, tree_text(t, k->key), k->key_len);
                buf_puts(b, ": ");
            }
            show_in(t, k->val, b, foreign);
        }
        buf_puts(b, n->kind == N_SEQ ? "]" : "}");
    } else if (n->kind == N_NULL) {
        buf_puts(b, "~");
    } else {
        buf_add(b, tree_text(t, n->str), n->len);
    }
}

static void show(const tree *t, node_id id, buf *b)
{
    show_in(t, id, b, 0);
}

typedef struct loaded {
    source *src;
    tree *t;
    doclist docs;
    buf notes;
} loaded;

static void load_merge(const char *name, loaded *l)
{
    char p[256], *text;
    size_t len;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    memset(l, 0, sizeof *l);
    if (read_file_max(p, 1 << 20, &text, &len, NULL, 0) != 0) abort();
    l->src = source_new_owned(p, text, len);
    l->t = tree_new();
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    load_yaml(l->src, l->t, &l->docs, &lim, &err);
    compose_merge(l->t, l->docs.v[0].root, p, exists, NULL, &lim, &l->notes);
}

/* services.<svc>.<key> as compact text (malloc'd in a static slot). */
static const char *got(loaded *l, const char *svc, const char *key)
{
    static char *last;
    free(last);
    node_id s = tree_member(l->t, tree_member(l->t, l->docs.v[0].root, "services", NULL), svc, NULL);
    node_id v = s ? (key ? tree_member(l->t, s, key, NULL) : s) : NODE_NONE;
    buf b = {0};
    if (v) show(l->t, v, &b);
    else buf_puts(&b, "(none)");
    last = b.s;
    return last;
}

static void done(loaded *l)
{
    free(l->docs.v);
    tree_free(l->t);
    source_free(l->src);
    free(l->notes.s);
}

static void test_lists(void)
{
    put("lists/compose.yaml",
        "services:\n"
        "  web:\n"
        "    image: web:1\n"
        "    ports: [\"8080:80\", \"9000:9000/udp\", \"443\"]\n"
        "    volumes: [\"/data:/var/lib/data\", \"logs:/logs:ro\", /cache]\n"
        "    devices: [\"/dev/fuse:/dev/fuse\"]\n"
        "    environment: [A=1, B=2, FLAG]\n"
        "    labels: {team: a, tier: web}\n"
        "    cap_add: [NET_ADMIN, SYS_TIME]\n"
        "    dns: [1.1.1.1]\n"
        "    security_opt: [\"label:disable\"]\n"
        "    command: [serve, --debug]\n"
        "    secrets: [db_pass, api_key]\n"
        "    healthcheck: {test: [CMD, a], interval: 5s}\n");
    put("lists/compose.override.yaml",
        "services:\n"
        "  web:\n"
        "    ports:\n"
        "      - \"8080:80/tcp\"\n"
        "      - {target: 9000, published: \"9000\", protocol: udp}\n"
        "      - \"127.0.0.1:8080:80\"\n"
        "    volumes:\n"
        "      - {type: volume, source: d, target: /var/lib/data}\n"
        "      - /cache\n"
        "    devices: [\"/dev/null:/dev/fuse\"]\n"
        "    environment: {B: 3, C: 4}\n"
        "    labels: [tier=api]\n"
        "    cap_add: [SYS_TIME, CHOWN]\n"
        "    dns: [1.1.1.1, 8.8.8.8]\n"
        "    security_opt: [\"label:disable\"]\n"
        "    command: [serve]\n"
        "    secrets: [{source: db_pass, target: /run/secrets/db_pass, mode: 0400}]\n"
        "    healthcheck: {test: [CMD, b]}\n");
    loaded l;
    load_merge("lists/compose.yaml", &l);
    /* ports by {ip, published, target, protocol}: tcp is the default */
    CHECK_STR(got(&l, "web", "ports"), "[^8080:80/tcp, ^{target: 9000, published: 9000, protocol: udp}, 443, ^127.0.0.1:8080:80]");
    /* volumes and devices by container path */
    CHECK_STR(got(&l, "web", "volumes"), "[^{type: volume, source: d, target: /var/lib/data}, logs:/logs:ro, ^/cache]");
    CHECK_STR(got(&l, "web", "devices"), "[^/dev/null:/dev/fuse]");
    /* environment and labels by name; the winner's form (the override's map) */
    CHECK_STR(got(&l, "web", "environment"), "{A: 1, B: ^3, FLAG: ~, C: ^4}");
    CHECK_STR(got(&l, "web", "labels"), "[team=a, ^tier=api]"); /* the override's list form */
    CHECK_STR(got(&l, "web", "cap_add"), "[NET_ADMIN, ^SYS_TIME, ^CHOWN]");
    CHECK_STR(got(&l, "web", "dns"), "[^1.1.1.1, ^8.8.8.8]");
    /* security_opt is appended as the specification says of sequences */
    CHECK_STR(got(&l, "web", "security_opt"), "[label:disable, ^label:disable]");
    CHECK_STR(got(&l, "web", "command"), "^[serve]");
    CHECK_STR(got(&l, "web", "secrets"), "[^{source: db_pass, target: /run/secrets/db_pass, mode: 0400}, api_key]");
    CHECK_STR(got(&l, "web", "healthcheck"), "{test: ^[CMD, b], interval: 5s}");
    CHECK_STR(l.notes.s ? l.notes.s : "", "");
    done(&l);
    /* the override judged with its base: its own values win, in its form */
    load_merge("lists/compose.override.yaml", &l);
    CHECK_STR(got(&l, "web", "environment"), "{A: ^1, B: 3, FLAG: ^~, C: 4}");
    CHECK_STR(got(&l, "web", "labels"), "[^team=a, tier=api]");
    CHECK_STR(got(&l, "web", "cap_add"), "[^NET_ADMIN, SYS_TIME, CHOWN]");
    done(&l);
}

static void test_include_extends(void)
{
    put("inc/compose.yaml",
        "include:\n"
        "  - lib/base.yaml\n"
        "  - path: [db/compose.yaml, db-local.yaml]\n"
        "    env_file: db.env\n"
        "services:\n"
        "  api:\n"
        "    image: api:1\n"
        "    extends: hardened\n"
        "  worker:\n"
        "    image: worker:1\n"
        "    extends: {file: chain/one.yaml, service: one}\n");
    put("inc/db.env", "PG=16.4\n");
    put("inc/lib/base.yaml", "services:\n  hardened:\n    read_only: true\nvolumes:\n  shared: {}\n");
    put("inc/db/compose.yaml", "services:\n  db:\n    image: postgres:${PG:-15}\n    read_only: true\n");
    put("inc/db-local.yaml", "services:\n  db:\n    read_only: false\n    user: postgres\n");
    put("inc/chain/one.yaml", "services:\n  one:\n    extends: {file: two/two.yaml, service: two}\n    user: app\n");
    put("inc/chain/two/two.yaml", "services:\n  two:\n    extends: {file: three.yaml, service: three}\n    read_only: true\n");
    put("inc/chain/two/three.yaml", "services:\n  three:\n    cap_drop: [ALL]\n");
    loaded l;
    load_merge("inc/compose.yaml", &l);
    CHECK_STR(got(&l, "api", NULL), "{image: api:1, extends: hardened, read_only: ^true}");
    /* the path list merged in order, interpolated with env_file */
    CHECK_STR(got(&l, "db", NULL), "^{image: postgres:16.4, read_only: false, user: postgres}");
    /* three files deep */
    CHECK_STR(got(&l, "worker", NULL),
              "{image: worker:1, extends: {file: chain/one.yaml, service: one}, user: ^app, read_only: ^true, cap_drop: ^[ALL]}");
    node_id vols = tree_member(l.t, l.docs.v[0].root, "volumes", NULL);
    CHECK(vols && tree_member(l.t, vols, "shared", NULL));
    CHECK_STR(l.notes.s ? l.notes.s : "", "");
    done(&l);
}

static void test_cycles_and_limits(void)
{
    /* include of itself, of a missing file, and a chain past the depth */
    put("cyc/compose.yaml",
        "include:\n"
        "  - compose.yaml\n"
        "  - missing.yaml\n"
        "  - d/c1.yaml\n"
        "services:\n"
        "  a:\n"
        "    image: a:1\n"
        "    extends: b\n"
        "  b:\n"
        "    extends: a\n"
        "  far:\n"
        "    image: far:1\n"
        "    extends: {file: e/e1.yaml, service: s}\n");
    for (int i = 1; i <= 12; i++) {
        char name[64], text[200];
        snprintf(name, sizeof name, "cyc/d/c%d.yaml", i);
        snprintf(text, sizeof text, "include: [c%d.yaml]\nservices:\n  s%d:\n    image: s:%d\n", i + 1, i, i);
        put(name, text);
        snprintf(name, sizeof name, "cyc/e/e%d.yaml", i);
        snprintf(text, sizeof text, "services:\n  s:\n    extends: {file: e%d.yaml, service: s}\n    labels: [l%d=x]\n", i + 1, i);
        put(name, text);
    }
    loaded l;
    load_merge("cyc/compose.yaml", &l);
    const char *n = l.notes.s ? l.notes.s : "";
    CHECK(strstr(n, "compose.yaml:2:5: include: ") && strstr(n, "(a cycle): not followed"));
    CHECK(strstr(n, "compose.yaml:3:5: include: ") && strstr(n, "missing.yaml not read: No such file or directory"));
    CHECK(strstr(n, "c8.yaml:1:10: include: not followed past 8 levels of include"));
    CHECK(strstr(n, "compose.yaml:8:5: extends: service a of ") || strstr(n, "compose.yaml:10:5: extends: service"));
    CHECK(strstr(n, "compose.yaml:11:3: extends: not followed past 8 levels"));
    /* what was reached is merged: s1..s8 are part of the project */
    CHECK_STR(got(&l, "s8", "image"), "^s:8");
    CHECK_STR(got(&l, "s9", "image"), "(none)");
    CHECK_STR(got(&l, "far", "labels"), "^[l8=x, l7=x, l6=x, l5=x, l4=x, l3=x, l2=x, l1=x]");
    done(&l);
}

static void test_many(void)
{
    /* 100 include entries and 2000 services extending one file: at most 64
     * files read for include:, each extends: file read once */
    buf b = {0};
    buf_puts(&b, "include:\n");
    for (int i = 0; i < 100; i++) buf_printf(&b, "  - part.yaml\n");
    buf_puts(&b, "services:\n");
    for (int i = 0; i < 2000; i++) buf_printf(&b, "  s%d:\n    image: s:1\n    extends: {file: base.yaml, service: b}\n", i);
    put("many/compose.yaml", b.s);
    free(b.s);
    put("many/part.yaml", "services:\n  p:\n    image: p:1\n");
    put("many/base.yaml", "services:\n  b:\n    read_only: true\n");
    loaded l;
    load_merge("many/compose.yaml", &l);
    const char *n = l.notes.s ? l.notes.s : "";
    CHECK(strstr(n, "compose.yaml:66:5: include: ") && strstr(n, "part.yaml not followed: more than 64 files included"));
    CHECK_STR(got(&l, "s1999", "read_only"), "^true");
    CHECK_STR(got(&l, "p", "image"), "^p:1");
    done(&l);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/plimsoll-merge-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    RUN(test_lists);
    RUN(test_include_extends);
    RUN(test_cycles_and_limits);
    RUN(test_many);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) return 1;
    return unit_done("compose_merge");
}
