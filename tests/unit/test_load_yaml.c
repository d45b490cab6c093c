/* test_load_yaml.c — the YAML/JSON loader: node kinds and values, positions
 * (block, flow, quoted, block scalars, JSON, CRLF, BOM, multi-byte), documents,
 * anchors, merge keys, the depth and alias caps, and parse errors. */
#include "load.h"
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One loaded input; freed by the next load() or done(). */
static source *S;
static tree *T;
static doclist D;
static perr E;

static void done(void)
{
    free(D.v);
    memset(&D, 0, sizeof D);
    tree_free(T);
    T = NULL;
    source_free(S);
    S = NULL;
}

static int load_n_lim(const char *text, size_t len, load_limits lim)
{
    done();
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = 0;
    S = source_new_owned("t.yaml", copy, len);
    T = tree_new();
    memset(&E, 0, sizeof E);
    return load_yaml(S, T, &D, &lim, &E);
}

static int load(const char *text)
{
    return load_n_lim(text, strlen(text), LOAD_LIMITS_DEFAULT);
}

static node_id root(size_t i)
{
    return i < D.n ? D.v[i].root : NODE_NONE;
}

/* Node at a simple path ("a.b[1].c") from root, or NULL. */
static const node *at(node_id from, const char *path)
{
    node_id cur = from;
    char key[128];
    while (cur && *path) {
        if (*path == '.') path++;
        if (*path == '[') {
            long i = strtol(path + 1, (char **)&path, 10);
            path++;
            const node *nd = tree_get(T, cur);
            cur = nd->kind == N_SEQ && i >= 0 && (uint32_t)i < nd->n ? T->kids[nd->kids + i].val : NODE_NONE;
            continue;
        }
        size_t n = strcspn(path, ".[");
        memcpy(key, path, n);
        key[n] = 0;
        path += n;
        cur = tree_member(T, cur, key, NULL);
    }
    return cur ? tree_get(T, cur) : NULL;
}

static node_id id_at(node_id from, const char *path)
{
    const node *nd = at(from, path);
    return nd ? (node_id)(nd - T->nodes) : NODE_NONE;
}

static int kind_at(const char *path)
{
    const node *nd = at(root(0), path);
    return nd ? nd->kind : -1;
}

static const char *text_at(const char *path)
{
    const node *nd = at(root(0), path);
    return nd && nd->kind != N_MAP && nd->kind != N_SEQ ? tree_text(T, nd->str) : NULL;
}

static long long int_at(const char *path)
{
    const node *nd = at(root(0), path);
    return nd ? nd->v.i : -999;
}

static double float_at(const char *path)
{
    const node *nd = at(root(0), path);
    return nd ? nd->v.f : -999;
}

#define CHECK_POS(nd, l, c) do { \
    const node *n_ = (nd); \
    CHECK(n_ != NULL); \
    if (n_) { CHECK_INT(n_->line, l); CHECK_INT(n_->col, c); } \
} while (0)

/* tree_locate from doc i's root: returns 1/0 and fills the position. */
static uint32_t LL, LC;
static int locate(const char *path, long off)
{
    return tree_locate(T, root(0), path, off, &LL, &LC);
}

static void test_scalar_types(void)
{
    CHECK_INT(load("a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1.5\nf: .inf\ng: -.Inf\nh: .nan\n"
                   "i: true\nj: FALSE\nk: ~\nl: null\nm:\nn: hello\no: \"42\"\np: '7'\n"
                   "q: !!str 12\nr: !!int \"3\"\ns: 1e3\nt: 99999999999999999999\n"
                   "u: 0x1FFFFFFFFFFFFFFFFF\nv: yes\nw: 012\nx: !!float 3\ny: !!bool maybe\n"
                   "z: 1.\naa: .5\nab: +12\nac: 1_000\nad: -9223372036854775808\n"
                   "ae: !!int 0x10\naf: !!null ~\nag: !!bool True\nah: !custom 5\nai: ! 5\n"
                   "aj: 2.5e-3\nak: .\nal: 1e\nam: +.INF\n"), 0);
    CHECK_INT(D.n, 1);
    CHECK_INT(kind_at("a"), N_INT); CHECK_INT(int_at("a"), 1);
    CHECK_INT(kind_at("b"), N_INT); CHECK_INT(int_at("b"), -2);
    CHECK_INT(kind_at("c"), N_INT); CHECK_INT(int_at("c"), 31);
    CHECK_INT(kind_at("d"), N_INT); CHECK_INT(int_at("d"), 15);
    CHECK_INT(kind_at("e"), N_FLOAT); CHECK(float_at("e") == 1.5);
    CHECK_INT(kind_at("f"), N_FLOAT); CHECK(isinf(float_at("f")) && float_at("f") > 0);
    CHECK_INT(kind_at("g"), N_FLOAT); CHECK(isinf(float_at("g")) && float_at("g") < 0);
    CHECK_INT(kind_at("h"), N_FLOAT); CHECK(isnan(float_at("h")));
    CHECK_INT(kind_at("i"), N_BOOL); CHECK_INT(int_at("i"), 1);
    CHECK_INT(kind_at("j"), N_BOOL); CHECK_INT(int_at("j"), 0);
    CHECK_INT(kind_at("k"), N_NULL); CHECK_STR(text_at("k"), "~");
    CHECK_INT(kind_at("l"), N_NULL);
    CHECK_INT(kind_at("m"), N_NULL); CHECK_STR(text_at("m"), "");
    CHECK_INT(kind_at("n"), N_STR); CHECK_STR(text_at("n"), "hello");
    CHECK_INT(kind_at("o"), N_STR); CHECK_STR(text_at("o"), "42");
    CHECK(at(root(0), "o")->flags & NODE_QUOTED);
    CHECK_INT(kind_at("p"), N_STR); CHECK_STR(text_at("p"), "7");
    CHECK_INT(kind_at("q"), N_STR); CHECK_STR(text_at("q"), "12");
    CHECK_INT(kind_at("r"), N_STR); /* quoted stays a string whatever the tag */
    CHECK_INT(kind_at("s"), N_FLOAT); CHECK(float_at("s") == 1000.0);
    CHECK_INT(kind_at("t"), N_FLOAT); CHECK(float_at("t") > 9.9e19);
    CHECK_INT(kind_at("u"), N_STR); CHECK_STR(text_at("u"), "0x1FFFFFFFFFFFFFFFFF");
    CHECK_INT(kind_at("v"), N_STR);
    CHECK_INT(kind_at("w"), N_INT); CHECK_INT(int_at("w"), 12);
    CHECK_INT(kind_at("x"), N_FLOAT); CHECK(float_at("x") == 3.0);
    CHECK_INT(kind_at("y"), N_STR);
    CHECK_INT(kind_at("z"), N_FLOAT); CHECK(float_at("z") == 1.0);
    CHECK_INT(kind_at("aa"), N_FLOAT); CHECK(float_at("aa") == 0.5);
    CHECK_INT(kind_at("ab"), N_INT); CHECK_INT(int_at("ab"), 12);
    CHECK_INT(kind_at("ac"), N_STR);
    CHECK_INT(kind_at("ad"), N_INT); CHECK(int_at("ad") == INT64_MIN);
    CHECK_INT(kind_at("ae"), N_INT); CHECK_INT(int_at("ae"), 16);
    CHECK_INT(kind_at("af"), N_NULL);
    CHECK_INT(kind_at("ag"), N_BOOL); CHECK_INT(int_at("ag"), 1);
    CHECK_INT(kind_at("ah"), N_STR); CHECK_STR(text_at("ah"), "5");
    CHECK_INT(kind_at("ai"), N_STR);
    CHECK_INT(kind_at("aj"), N_FLOAT); CHECK(float_at("aj") == 2.5e-3);
    CHECK_INT(kind_at("ak"), N_STR);
    CHECK_INT(kind_at("al"), N_STR);
    CHECK_INT(kind_at("am"), N_FLOAT); CHECK(isinf(float_at("am")));
    /* every scalar keeps its text */
    CHECK_STR(text_at("c"), "0x1F");
    CHECK_STR(text_at("j"), "FALSE");
    CHECK_STR(text_at("s"), "1e3");
    /* tagged scalars are positioned at their text, not the tag */
    CHECK_POS(at(root(0), "q"), 17, 10);
    CHECK_POS(at(root(0), "r"), 18, 10);
}

static void test_block_positions(void)
{
    CHECK_INT(load("# head\nname: web\nquoted: \"x y\"\nsingle:   'z'\nnested:\n  inner: 5\n"
                   "list:\n  - a\n  -   b\nindentless:\n- c\n"), 0);
    CHECK_INT(D.n, 1);
    CHECK_INT(D.v[0].line, 2);
    CHECK_INT(D.v[0].index, 0);
    CHECK_INT(D.v[0].type, DOC_UNKNOWN);
    CHECK(D.v[0].src == S && D.v[0].t == T);
    CHECK_POS(tree_get(T, root(0)), 2, 1);
    CHECK_POS(at(root(0), "name"), 2, 7);
    CHECK_POS(at(root(0), "quoted"), 3, 9);
    CHECK_STR(text_at("quoted"), "x y");
    CHECK_POS(at(root(0), "single"), 4, 11);
    CHECK(at(root(0), "single")->flags == NODE_QUOTED);
    CHECK_POS(at(root(0), "nested"), 6, 3);
    CHECK_POS(at(root(0), "nested.inner"), 6, 10);
    CHECK_POS(at(root(0), "list"), 8, 3);
    CHECK_POS(at(root(0), "list[0]"), 8, 5);
    CHECK_POS(at(root(0), "list[1]"), 9, 7);
    CHECK_POS(at(root(0), "indentless"), 11, 1);
    CHECK_POS(at(root(0), "indentless[0]"), 11, 3);
    const kid *k = NULL;
    tree_member(T, root(0), "nested", &k);
    CHECK(k != NULL);
    if (k) {
        CHECK_INT(k->key_line, 5);
        CHECK_INT(k->key_col, 1);
        CHECK_INT(k->key_len, 6);
        CHECK_STR(tree_text(T, k->key), "nested");
    }
    const node *l = at(root(0), "list");
    CHECK_INT(l->n, 2);
    CHECK_INT(T->kids[l->kids].key_len, 0);
    CHECK_INT(T->kids[l->kids].key, 0);
    /* multi-byte characters count as one column */
    CHECK_INT(load("é: ü\nk: [ä, x]\n"), 0);
    CHECK_POS(at(root(0), "é"), 1, 4);
    CHECK_POS(at(root(0), "k[1]"), 2, 8);
}

static void test_flow(void)
{
    CHECK_INT(load("top: {a: [1, 2, {b: c}], d: \"x\", e: []}\n"), 0);
    CHECK_POS(at(root(0), "top"), 1, 6);
    CHECK_INT(kind_at("top"), N_MAP);
    CHECK_POS(at(root(0), "top.a"), 1, 10);
    CHECK_POS(at(root(0), "top.a[1]"), 1, 14);
    CHECK_POS(at(root(0), "top.a[2]"), 1, 17);
    CHECK_POS(at(root(0), "top.a[2].b"), 1, 21);
    CHECK_POS(at(root(0), "top.d"), 1, 29);
    CHECK_INT(at(root(0), "top.e")->n, 0);
    CHECK_INT(kind_at("top.e"), N_SEQ);
    CHECK_INT(locate("top.a[2].b", -1), 1);
    CHECK_INT(LL, 1);
    CHECK_INT(LC, 18);
}

static void test_k8s_paths(void)
{
    CHECK_INT(load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
                   "    \"a.b/c\": \"yes\"\nspec:\n  containers:\n  - name: web\n"
                   "    image: nginx:1.25\n  - name: side\n    image: busybox\n"), 0);
    const node *c = at(root(0), "spec.containers");
    CHECK(c && c->kind == N_SEQ && c->n == 2);
    CHECK_POS(c, 9, 3);
    CHECK_POS(at(root(0), "spec.containers[0]"), 9, 5);
    CHECK_POS(at(root(0), "spec.containers[1]"), 11, 5);
    CHECK_INT(locate("spec.containers[0].image", -1), 1);
    CHECK_INT(LL, 10);
    CHECK_INT(LC, 5);
    CHECK_INT(locate("spec.containers[0].image", 6), 1);
    CHECK_INT(LL, 10);
    CHECK_INT(LC, 18);
    CHECK_INT(locate("spec.containers[1]", -1), 1);
    CHECK_INT(LL, 11);
    CHECK_INT(LC, 5);
    CHECK_INT(locate("spec.containers[0].securityContext", -1), 0);
    CHECK_INT(LL, 9);
    CHECK_INT(LC, 5);
    CHECK_INT(locate("metadata.annotations[\"a.b/c\"]", -1), 1);
    CHECK_INT(LL, 6);
    CHECK_INT(LC, 5);
    CHECK_STR(tree_member_str(T, id_at(root(0), "metadata.annotations"), "a.b/c"), "yes");
}

static void test_multi_doc(void)
{
    CHECK_INT(load("a: 1\n---\nb: 2\n---\n# only a comment\n---\n- x\n--- ~\n---\n"), 0);
    CHECK_INT(D.n, 3);
    for (size_t i = 0; i < D.n; i++) CHECK_INT(D.v[i].index, i);
    CHECK_INT(D.v[0].line, 1);
    CHECK_INT(D.v[1].line, 3);
    CHECK_INT(D.v[2].line, 7);
    CHECK_INT(tree_get(T, root(2))->kind, N_SEQ);
    CHECK_INT(load("---\n---\nkind: X\n...\n"), 0);
    CHECK_INT(D.n, 1);
    CHECK_INT(D.v[0].index, 0);
    CHECK_INT(D.v[0].line, 3);
    CHECK_INT(load(""), 0);
    CHECK_INT(D.n, 0);
    CHECK_INT(load("# nothing\n\n"), 0);
    CHECK_INT(D.n, 0);
    CHECK_INT(load("--- plain\n"), 0);
    CHECK_INT(D.n, 1);
    CHECK_INT(tree_get(T, root(0))->kind, N_STR);
}

static void test_anchors(void)
{
    CHECK_INT(load("base: &b\n  x: 1\nother: *b\nlist: [&s hi, *s]\n&k key: v\nz: *k\n"), 0);
    node_id b = id_at(root(0), "base");
    CHECK(b != NODE_NONE);
    CHECK_INT(id_at(root(0), "other"), b);
    CHECK_POS(tree_get(T, b), 2, 3);
    CHECK_INT(id_at(root(0), "list[1]"), id_at(root(0), "list[0]"));
    CHECK_POS(at(root(0), "list[0]"), 4, 11);
    const node *l = at(root(0), "list");
    CHECK_INT(T->kids[l->kids + 1].key_line, 4);
    CHECK_INT(T->kids[l->kids + 1].key_col, 15);
    CHECK_STR(text_at("z"), "key");
    CHECK_STR(text_at("key"), "v");
    /* anchors are per document; an unknown alias is an error at the alias */
    CHECK_INT(load("a: &x 1\n---\nb: *x\n"), -1);
    CHECK_INT(D.n, 1);
    CHECK(E.set);
    CHECK_INT(E.line, 3);
    CHECK_INT(E.col, 4);
    CHECK(strstr(E.msg, "x") != NULL);
    /* an alias cannot name the node it is inside: no cycles */
    CHECK_INT(load("a: &r [1, *r]\n"), -1);
    CHECK_INT(E.line, 1);
    CHECK_INT(E.col, 11);
    /* a redefined anchor: later aliases see the latest */
    CHECK_INT(load("a: &x 1\nb: &x 2\nc: *x\n"), 0);
    CHECK_INT(int_at("c"), 2);
}

static void test_merge(void)
{
    CHECK_INT(load("defaults: &d\n  a: 1\n  b: 2\nover: &o\n  b: 20\n  c: 30\n"
                   "m:\n  b: 3\n  <<: [*d, *o]\n  e: 5\nsingle:\n  <<: *d\n  a: 9\n"
                   "bad:\n  <<: 5\nquoted:\n  \"<<\": *d\ninline:\n  <<: {q: 1}\n"), 0);
    const node *m = at(root(0), "m");
    CHECK_INT(m->n, 4);
    CHECK_INT(int_at("m.b"), 3);
    CHECK_INT(int_at("m.a"), 1);
    CHECK_INT(int_at("m.c"), 30);
    CHECK_INT(int_at("m.e"), 5);
    CHECK(at(root(0), "m.<<") == NULL);
    CHECK_INT(id_at(root(0), "m.a"), id_at(root(0), "defaults.a"));
    const kid *k = NULL;
    tree_member(T, id_at(root(0), "m"), "a", &k);
    CHECK(k && k->key_line == 2 && k->key_col == 3);
    CHECK_INT(at(root(0), "single")->n, 2);
    CHECK_INT(int_at("single.a"), 9);
    CHECK_INT(int_at("single.b"), 2);
    CHECK_INT(int_at("bad.<<"), 5);
    CHECK_INT(at(root(0), "quoted")->n, 1);
    CHECK_INT(id_at(root(0), "quoted.<<"), id_at(root(0), "defaults"));
    CHECK_INT(at(root(0), "inline")->n, 1);
    CHECK_INT(int_at("inline.q"), 1);
    /* the source maps are untouched */
    CHECK_INT(at(root(0), "defaults")->n, 2);
    /* in a list the earlier map wins; merged maps may merge themselves; a
     * sequence of maps may come through an alias; a list with a scalar is
     * not a merge */
    CHECK_INT(load("d: &d {a: 1, b: 2}\no: &o {b: 20, c: 30}\nboth: &both [*d, *o]\n"
                   "m2: {<<: [*o, *d]}\nm3: &m3 {<<: *d, z: 0}\nm4: {<<: *m3}\n"
                   "m5: {<<: *both}\nm6: {<<: [*d, 1]}\n"), 0);
    CHECK_INT(int_at("m2.b"), 20);
    CHECK_INT(int_at("m2.a"), 1);
    CHECK_INT(at(root(0), "m2")->n, 3);
    CHECK_INT(at(root(0), "m4")->n, 3);
    CHECK_INT(int_at("m4.b"), 2);
    CHECK_INT(int_at("m4.z"), 0);
    CHECK_INT(int_at("m5.b"), 2);
    CHECK_INT(int_at("m5.c"), 30);
    CHECK_INT(at(root(0), "m6")->n, 1);
    CHECK_INT(kind_at("m6.<<"), N_SEQ);
}

static void test_alias_bomb(void)
{
    load_limits lim = {256, 1000, 0};
    const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
    CHECK_INT(load_n_lim(bomb, strlen(bomb), lim), -1);
    CHECK_INT(D.n, 0);
    CHECK_INT(E.line, 3);
    CHECK_INT(E.col, 40);
    CHECK_STR(E.msg, "alias expansion exceeds limit of 1000 nodes (billion laughs?)");
    /* the classic one under the default limit */
    buf b = {0};
    buf_puts(&b, "ok: 1\n---\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
        buf_printf(&b, "l%d: &l%d [", i, i);
        for (int j = 0; j < 9; j++) buf_printf(&b, "%s*l%d", j ? ", " : "", i - 1);
        buf_puts(&b, "]\n");
    }
    CHECK_INT(load(b.s), -1);
    CHECK_INT(D.n, 1);
    CHECK(strstr(E.msg, "billion laughs") != NULL);
    CHECK_INT(E.line, 9); /* l6: its first alias passes 1,000,000 */
    CHECK_INT(E.col, 10);
    buf_free(&b);
    /* many aliases of a small node stay fine */
    CHECK_INT(load("a: &a {x: 1}\nl: [*a, *a, *a, *a]\n"), 0);
}

static void test_depth(void)
{
    size_t n = 100000;
    char *deep = xmalloc(n + 1);
    memset(deep, '[', n);
    deep[n] = 0;
    CHECK_INT(load(deep), -1);
    CHECK_STR(E.msg, "nesting deeper than 256 levels");
    CHECK_INT(E.line, 1);
    CHECK_INT(E.col, 257);
    memset(deep, '{', n);
    CHECK_INT(load(deep), -1);
    CHECK_STR(E.msg, "nesting deeper than 256 levels");
    free(deep);
    load_limits lim = {3, 1000000, 0};
    const char *y = "a:\n  b:\n    c:\n      d: 1\n";
    CHECK_INT(load_n_lim(y, strlen(y), lim), -1);
    CHECK_STR(E.msg, "nesting deeper than 3 levels");
    CHECK_INT(E.line, 4);
    CHECK_INT(E.col, 7);
    const char *ok = "a:\n  b:\n    c: 1\n";
    CHECK_INT(load_n_lim(ok, strlen(ok), lim), 0);
}

static void test_errors(void)
{
    CHECK_INT(load("a: 1\n---\nb: 2\n c: 3\n"), -1);
    CHECK_INT(D.n, 1);
    CHECK_INT(E.line, 4);
    CHECK_INT(E.col, 3);
    CHECK_STR(E.msg, "mapping values are not allowed in this context");
    CHECK_INT(load("ok: 1\n---\nx: [1, 2\n"), -1);
    CHECK_INT(D.n, 1);
    CHECK_STR(E.msg, "did not find expected ',' or ']' (while parsing a flow sequence)");
    CHECK_INT(E.line, 4);
    CHECK_INT(E.col, 1);
    CHECK_INT(load("a:\n  b: 1\n c: 2\n"), -1);
    CHECK_STR(E.msg, "did not find expected key (while parsing a block mapping)");
    CHECK_INT(E.line, 3);
    CHECK_INT(E.col, 2);
    CHECK_INT(load("s: \"unterminated\n"), -1);
    CHECK_INT(E.line, 2);
    /* invalid UTF-8: positioned at the byte */
    CHECK_INT(load("a: 1\nb: x\xff\n"), -1);
    CHECK_INT(E.line, 2);
    CHECK_INT(E.col, 5);
    CHECK(strstr(E.msg, "UTF-8") != NULL);
    /* binary garbage never crashes */
    unsigned char g[4096];
    uint32_t r = 12345;
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof g; i++) {
            r = r * 1103515245u + 12345u;
            g[i] = round % 2 ? (unsigned char)(r >> 16)
                             : (unsigned char)" \n-:[]{}&*!|>'\"#,?ab1"[(r >> 16) % 22];
        }
        int rc = load_n_lim((const char *)g, sizeof g, LOAD_LIMITS_DEFAULT);
        CHECK(rc == 0 || (rc == -1 && E.set));
    }
    const char nul[] = "a: 1\n\0b: 2\n";
    CHECK_INT(load_n_lim(nul, sizeof nul - 1, LOAD_LIMITS_DEFAULT), -1);
    CHECK_INT(E.line, 2);
}

static void test_keys(void)
{
    CHECK_INT(load("? [a, b]\n: v\n{x: 1}: w\nplain: 1\n"), 0);
    const node *r = tree_get(T, root(0));
    CHECK_INT(r->n, 3);
    CHECK_INT(T->kids[r->kids].key_len, 0);
    CHECK_STR(tree_text(T, T->kids[r->kids].key), "");
    CHECK_INT(T->kids[r->kids].key_line, 1);
    CHECK_INT(T->kids[r->kids].key_col, 3);
    CHECK_STR(tree_text(T, tree_get(T, T->kids[r->kids].val)->str), "v");
    CHECK_INT(int_at("plain"), 1);
    CHECK_INT(load("a: 1\nb: 0\na: 2\n"), 0);
    CHECK_INT(tree_get(T, root(0))->n, 3);
    CHECK_INT(int_at("a"), 2);
    CHECK_INT(load("1: one\ntrue: t\n~: n\n"), 0);
    CHECK_STR(text_at("1"), "one");
    CHECK_STR(text_at("~"), "n");
}

static void test_json(void)
{
    CHECK_INT(load("{\n\t\"name\": \"caf\\u00e9\",\n\t\"url\": \"http:\\/\\/x\",\n\t\"n\": 3,\n"
                   "\t\"l\": [true, null, 1.5, -0, \"s\"],\n\t\"o\": {\n\t\t\"deep\": false\n\t}\n}\n"), 0);
    CHECK_INT(D.n, 1);
    CHECK_STR(text_at("name"), "caf\xc3\xa9");
    CHECK_STR(text_at("url"), "http://x");
    CHECK_POS(at(root(0), "name"), 2, 10);
    CHECK_POS(at(root(0), "n"), 4, 7);
    CHECK_INT(int_at("n"), 3);
    CHECK_INT(kind_at("l[0]"), N_BOOL);
    CHECK_INT(kind_at("l[1]"), N_NULL);
    CHECK_INT(kind_at("l[2]"), N_FLOAT);
    CHECK_INT(kind_at("l[3]"), N_INT);
    CHECK_INT(kind_at("l[4]"), N_STR);
    CHECK_POS(at(root(0), "l[2]"), 5, 20);
    CHECK_POS(at(root(0), "o.deep"), 7, 11);
    CHECK_INT(locate("o.deep", -1), 1);
    CHECK_INT(LL, 7);
    CHECK_INT(LC, 3);
    /* minified, with multi-byte text before the later nodes */
    CHECK_INT(load("{\"a\":{\"b\":[1,2,{\"c\":\"d\"}]},\"\xc3\xa9\":\"\xc3\xbc\",\"k\":1}"), 0);
    CHECK_POS(at(root(0), "a"), 1, 6);
    CHECK_POS(at(root(0), "a.b"), 1, 11);
    CHECK_POS(at(root(0), "a.b[2].c"), 1, 21);
    CHECK_INT(locate("k", -1), 1);
    CHECK_INT(LL, 1);
    CHECK_INT(LC, 36);
    CHECK_POS(at(root(0), "k"), 1, 40);
    /* a JSON array of objects */
    CHECK_INT(load("[{\"Id\": \"x\", \"Config\": {\"User\": \"\"}}]"), 0);
    CHECK_INT(kind_at("[0].Config.User"), N_STR);
    CHECK_POS(at(root(0), "[0].Config.User"), 1, 33);
}

static void test_crlf_bom(void)
{
    CHECK_INT(load("a: 1\r\nb:\r\n  - x\r\n  - \"y\"\r\ns: |\r\n  l1\r\n  l2\r\n"), 0);
    CHECK_POS(at(root(0), "a"), 1, 4);
    CHECK_POS(at(root(0), "b[0]"), 3, 5);
    CHECK_POS(at(root(0), "b[1]"), 4, 5);
    CHECK_STR(text_at("b[1]"), "y");
    CHECK_STR(text_at("s"), "l1\nl2\n");
    CHECK_INT(at(root(0), "s")->nseg, 2);
    CHECK_INT(locate("s", 3), 1);
    CHECK_INT(LL, 7);
    CHECK_INT(LC, 3);
    CHECK_INT(load("\xef\xbb\xbf" "a: 1\nb: x\n"), 0);
    CHECK_POS(tree_get(T, root(0)), 1, 1);
    CHECK_POS(at(root(0), "a"), 1, 4);
    CHECK_POS(at(root(0), "b"), 2, 4);
    CHECK_INT(load("\xef\xbb\xbf{\"k\": [1, 2]}"), 0);
    CHECK_POS(at(root(0), "k[1]"), 1, 11);
    /* U+2028 inside a string is not a line break for positions */
    CHECK_INT(load("a: \"x\xe2\x80\xa8y\"\nb: 1\n"), 0);
    CHECK_POS(at(root(0), "b"), 2, 4);
}

/* Folded scalars: positions of text on later lines, blank lines, more
 * indented lines (issue 12: a column never past the end of its line). */
static void test_folded_positions(void)
{
    CHECK_INT(load("run: >\n  set -e;\n  echo one\n\n  curl -k x\n    indented\n  tail\nnext: 1\n"), 0);
    CHECK_STR(text_at("run"), "set -e; echo one\ncurl -k x\n  indented\ntail\n");
    CHECK_INT(locate("run", 17), 1); /* "curl" after a blank line */
    CHECK_INT(LL, 5);
    CHECK_INT(LC, 3);
    CHECK_INT(locate("run", 29), 1); /* "indented", more indented */
    CHECK_INT(LL, 6);
    CHECK_INT(LC, 5);
    CHECK_INT(locate("run", 38), 1); /* "tail" */
    CHECK_INT(LL, 7);
    CHECK_INT(LC, 3);
}

static void test_block_scalars(void)
{
    CHECK_INT(load("script: |\n  echo one\n    indented\n\n  last\nfold: >\n  a\n  b\n"
                   "k: |2\n    x\n  y\nk2: &lit |\n  t\nkeep: |+\n  z\n\nlist:\n- |\n    item\n"), 0);
    const node *s = at(root(0), "script");
    CHECK_INT(s->kind, N_STR);
    CHECK_INT(s->flags, NODE_BLOCK);
    CHECK_POS(s, 1, 9);
    CHECK_STR(text_at("script"), "echo one\n  indented\n\nlast\n");
    CHECK_INT(s->nseg, 4);
    CHECK_INT(T->segs[s->seg - 1].line, 2);
    CHECK_INT(T->segs[s->seg - 1].col, 3);
    CHECK_INT(T->segs[s->seg].off, 9);
    CHECK_INT(locate("script", 11), 1); /* "indented" */
    CHECK_INT(LL, 3);
    CHECK_INT(LC, 5);
    CHECK_INT(locate("script", 21), 1); /* "last" */
    CHECK_INT(LL, 5);
    CHECK_INT(LC, 3);
    const node *f = at(root(0), "fold");
    CHECK_INT(f->flags, NODE_BLOCK);
    CHECK_INT(f->nseg, 2); /* folded: each source line found in "a b\n" */
    CHECK_POS(f, 6, 7);
    CHECK_INT(locate("fold", 2), 1); /* "b", on the next source line */
    CHECK_INT(LL, 8);
    CHECK_INT(LC, 3);
    CHECK_STR(text_at("k"), "  x\ny\n");
    CHECK_INT(locate("k", 2), 1);
    CHECK_INT(LL, 10);
    CHECK_INT(LC, 5);
    CHECK_POS(at(root(0), "k2"), 12, 10);
    CHECK_INT(locate("k2", 0), 1);
    CHECK_INT(LL, 13);
    CHECK_INT(LC, 3);
    CHECK_STR(text_at("keep"), "z\n\n");
    CHECK_POS(at(root(0), "list[0]"), 18, 3);
    CHECK_INT(locate("list[0]", 0), 1);
    CHECK_INT(LL, 19);
    CHECK_INT(LC, 5);
}

/* Issue 13, defect 9 and the hostile suite: a key given twice is an error at
 * its second place naming the first; loading goes on (the last one is read);
 * merges are not repeats; maps of any size are checked. */
static void test_duplicate_keys(void)
{
    CHECK_INT(load("a: 1\nb: 2\na: 3\n---\nc: 4\n"), 0);
    CHECK(E.set);
    CHECK_INT(E.line, 3);
    CHECK_INT(E.col, 1);
    CHECK_STR(E.msg, "duplicate key 'a' (first at line 1, column 1)");
    CHECK_INT(D.n, 2);                       /* both documents are kept */
    CHECK_INT(int_at("a"), 3);               /* the last one is read */
    CHECK_INT(load("spec: {x: 1, y: {z: 1, z: 2}}\n"), 0);
    CHECK_STR(E.msg, "duplicate key 'z' (first at line 1, column 18)");
    CHECK_INT(load("d: &d {a: 1}\nm: {<<: *d, <<: *d, b: 2}\nn: {<<: *d, a: 2}\n"), 0);
    CHECK(!E.set);                            /* merges and overrides are not repeats */
    buf big = {0};
    for (int i = 0; i < 200; i++) buf_printf(&big, "k%d: %d\n", i, i);
    buf_puts(&big, "k150: again\n");
    CHECK_INT(load(big.s), 0);
    CHECK_STR(E.msg, "duplicate key 'k150' (first at line 151, column 1)");
    buf_free(&big);
    CHECK_INT(load("? [a]\n: 1\n? [b]\n: 2\n"), 0); /* complex keys have no text to compare */
    CHECK(!E.set);
}

/* Empty flow and block containers (`{}` used to compute NULL + 0). */
static void test_empty_containers(void)
{
    CHECK_INT(load("{}"), 0);
    CHECK_INT(kind_at(""), N_MAP);
    CHECK_INT(load("[]"), 0);
    CHECK_INT(load("a: {}\nb: []\nc: [{}, [], {d: []}]\n"), 0);
    CHECK_INT(at(root(0), "c")->n, 3);
    CHECK(!E.set);
}

int main(void)
{
    RUN(test_scalar_types);
    RUN(test_block_positions);
    RUN(test_flow);
    RUN(test_k8s_paths);
    RUN(test_multi_doc);
    RUN(test_anchors);
    RUN(test_merge);
    RUN(test_alias_bomb);
    RUN(test_depth);
    RUN(test_errors);
    RUN(test_keys);
    RUN(test_json);
    RUN(test_crlf_bom);
    RUN(test_block_scalars);
    RUN(test_folded_positions);
    RUN(test_duplicate_keys);
    RUN(test_empty_containers);
    done();
    return unit_done("load_yaml");
}
