/* compose_merge.c — see compose_merge.h. Every copy is charged to a budget
 * (COPY_BUDGET nodes per file): aliases in another file cannot make a merge
 * expand without bound. */
#include "compose_merge.h"

#include <stdlib.h>
#include <string.h>

#include "compose_env.h"

#define COPY_BUDGET 200000
#define EXTENDS_DEPTH 8

/* Another Compose file, loaded and interpolated. */
typedef struct other {
    source *src;
    tree *t;
    node_id services; /* its services map, or NODE_NONE */
} other;

typedef struct merger {
    tree *t;           /* the tree being merged into */
    size_t budget;
    uint32_t line, col;/* where copies point: the service they join */
} merger;

static const char *const base_names[] = {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"};
static const char *const override_names[] = {"compose.override.yaml", "compose.override.yml",
                                             "docker-compose.override.yaml", "docker-compose.override.yml"};

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int is_one(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) return 1;
    return 0;
}

/* dir of path + name (malloc'd). */
static char *sibling(const char *path, const char *name)
{
    const char *b = strrchr(path, '/');
    buf p = {0};
    if (b) buf_add(&p, path, (size_t)(b - path) + 1);
    buf_puts(&p, name);
    return p.s;
}

static void other_free(other *o)
{
    tree_free(o->t);
    source_free(o->src);
    memset(o, 0, sizeof *o);
}

/* Load a Compose file (its first document with a services map). */
static int other_load(const char *path, const load_limits *lim, other *o)
{
    memset(o, 0, sizeof *o);
    char *text, why[160];
    size_t len;
    if (read_file_max(path, lim->max_file, &text, &len, why, sizeof why) != 0) return -1;
    o->src = source_new_owned(path, text, len);
    o->t = tree_new();
    doclist docs = {0};
    perr err = {0};
    load_yaml(o->src, o->t, &docs, lim, &err);
    for (size_t i = 0; i < docs.n && !o->services; i++) {
        node_id s = tree_member(o->t, docs.v[i].root, "services", NULL);
        if (s && tree_get(o->t, s)->kind == N_MAP) {
            compose_vars v;
            compose_vars_load(path, lim->max_file, &v);
            compose_interpolate(o->t, docs.v[i].root, &v);
            compose_vars_free(&v);
            o->services = s;
        }
    }
    free(docs.v);
    if (!o->services) {
        other_free(o);
        return -1;
    }
    return 0;
}

/* Deep copy of node id of tree from into m->t, flagged foreign, every
 * position the service's. NODE_NONE when the budget is spent. */
static node_id copy(merger *m, const tree *from, node_id id, int depth)
{
    if (id == NODE_NONE || m->budget == 0 || depth > 64) return NODE_NONE;
    m->budget--;
    const node *s = tree_get(from, id);
    node_id c;
    if (s->kind == N_MAP || s->kind == N_SEQ) {
        uint32_t n = s->n, first = s->kids;
        c = tree_node(m->t, (node_kind)s->kind, m->line, m->col);
        kid *ks = xcalloc((size_t)n + 1, sizeof *ks);
        size_t nk = 0;
        for (uint32_t i = 0; i < n; i++) {
            const kid *k = &from->kids[first + i];
            node_id v = copy(m, from, k->val, depth + 1);
            if (!v) continue;
            ks[nk] = (kid){0, 0, m->line, m->col, v};
            if (k->key_len) {
                ks[nk].key = tree_str(m->t, tree_text(from, k->key), k->key_len);
                ks[nk].key_len = k->key_len;
            }
            nk++;
        }
        tree_set_kids(m->t, c, ks, nk);
        free(ks);
    } else {
        c = tree_scalar(m->t, (node_kind)s->kind, tree_text(from, s->str), s->len, m->line, m->col);
        tree_get(m->t, c)->v = tree_get(from, id)->v;
    }
    tree_get(m->t, c)->flags |= NODE_FOREIGN;
    return c;
}

/* A node of from, as a value in m->t: itself when from is m->t, else a copy. */
static node_id bring(merger *m, const tree *from, node_id id)
{
    return from == m->t ? id : copy(m, from, id, 0);
}

static int replaces(const char *key)
{
    return strcmp(key, "command") == 0 || strcmp(key, "entrypoint") == 0 || strcmp(key, "test") == 0;
}

static node_id merge(merger *m, node_id own, const tree *from, node_id theirs, int own_wins, const char *key);

/* Two maps: own's members (merged with theirs' of the same key), then theirs'
 * other members. */
static node_id merge_maps(merger *m, node_id own, const tree *from, node_id theirs, int own_wins)
{
    const node *a = tree_get(m->t, own), *b = tree_get(from, theirs);
    uint32_t na = a->n, nb = b->n, ka = a->kids, kb = b->kids;
    uint32_t line = a->line, col = a->col;
    uint8_t flags = a->flags;
    kid *ks = xcalloc((size_t)na + nb + 1, sizeof *ks);
    size_t n = 0;
    for (uint32_t i = 0; i < na; i++) {
        kid k = m->t->kids[ka + i];
        char *name = xstrndup(tree_text(m->t, k.key), k.key_len);
        node_id t2 = tree_member(from, theirs, name, NULL);
        if (t2) k.val = merge(m, k.val, from, t2, own_wins, name);
        free(name);
        ks[n++] = k;
    }
    for (uint32_t i = 0; i < nb; i++) {
        const kid *k = &from->kids[kb + i];
        char *name = xstrndup(tree_text(from, k->key), k->key_len);
        int mine = tree_member(m->t, own, name, NULL) != NODE_NONE;
        free(name);
        if (mine) continue;
        node_id v = bring(m, from, k->val);
        if (!v) continue;
        kid nk = {0, k->key_len, m->line, m->col, v};
        if (from == m->t) {
            nk = *k;
        } else if (k->key_len) {
            nk.key = tree_str(m->t, tree_text(from, k->key), k->key_len);
        }
        ks[n++] = nk;
    }
    node_id c = tree_node(m->t, N_MAP, line, col);
    tree_set_kids(m->t, c, ks, n);
    tree_get(m->t, c)->flags = (uint8_t)(flags & ~NODE_SHARED);
    free(ks);
    return c;
}

static node_id merge_seqs(merger *m, node_id own, const tree *from, node_id theirs, int own_wins)
{
    const node *a = tree_get(m->t, own), *b = tree_get(from, theirs);
    uint32_t na = a->n, nb = b->n, ka = a->kids, kb = b->kids, line = a->line, col = a->col;
    kid *ks = xcalloc((size_t)na + nb + 1, sizeof *ks);
    size_t n = 0;
    /* the lower-precedence file's entries first, as Compose appends */
    if (own_wins) {
        for (uint32_t i = 0; i < nb; i++) {
            node_id v = bring(m, from, from->kids[kb + i].val);
            if (v) ks[n++] = (kid){0, 0, m->line, m->col, v};
        }
    }
    for (uint32_t i = 0; i < na; i++) ks[n++] = m->t->kids[ka + i];
    if (!own_wins) {
        for (uint32_t i = 0; i < nb; i++) {
            node_id v = bring(m, from, from->kids[kb + i].val);
            if (v) ks[n++] = (kid){0, 0, m->line, m->col, v};
        }
    }
    node_id c = tree_node(m->t, N_SEQ, line, col);
    tree_set_kids(m->t, c, ks, n);
    free(ks);
    return c;
}

static node_id merge(merger *m, node_id own, const tree *from, node_id theirs, int own_wins, const char *key)
{
    uint8_t ka = tree_get(m->t, own)->kind, kb = tree_get(from, theirs)->kind;
    if (ka == N_MAP && kb == N_MAP) return merge_maps(m, own, from, theirs, own_wins);
    if (ka == N_SEQ && kb == N_SEQ && !replaces(key)) return merge_seqs(m, own, from, theirs, own_wins);
    if (own_wins) return own;
    node_id v = bring(m, from, theirs);
    return v ? v : own;
}

/* extends: the service it names, in this tree or in another file (loaded
 * into *o, which the caller frees). */
static node_id extended(tree *t, node_id services, node_id svc, const char *path, const load_limits *lim, other *o,
                        const tree **from)
{
    node_id ext = tree_member(t, svc, "extends", NULL);
    if (!ext) return NODE_NONE;
    const char *name = NULL, *file = NULL;
    if (tree_get(t, ext)->kind == N_STR) {
        name = tree_text(t, tree_get(t, ext)->str);
    } else if (tree_get(t, ext)->kind == N_MAP) {
        name = tree_member_str(t, ext, "service");
        file = tree_member_str(t, ext, "file");
    }
    if (!name) return NODE_NONE;
    if (!file) {
        *from = t;
        node_id s = tree_member(t, services, name, NULL);
        return s != svc ? s : NODE_NONE;
    }
    if (file[0] == '/' || strstr(file, "..")) return NODE_NONE; /* only files beside or below */
    char *p = sibling(path, file);
    int bad = other_load(p, lim, o);
    free(p);
    if (bad) return NODE_NONE;
    *from = o->t;
    return tree_member(o->t, o->services, name, NULL);
}

static int has_any(const tree *t, node_id svc, const char *const *keys)
{
    for (; *keys; keys++)
        if (tree_member(t, svc, *keys, NULL)) return 1;
    return 0;
}

void compose_merge(tree *t, node_id root, const char *path, compose_in_scan in_scan, void *ctx,
                   const load_limits *lim)
{
    static const char *const runnable[] = {"image", "build", "extends", NULL};
    node_id services = tree_member(t, root, "services", NULL);
    if (!services || tree_get(t, services)->kind != N_MAP || !path) return;
    const char *name = base_name(path);
    int is_base = is_one(name, base_names, 4);
    other partner = {0};
    const char *const *cands = is_base ? override_names : base_names;
    for (size_t i = 0; i < 4 && !partner.t; i++) {
        char *p = sibling(path, cands[i]);
        if (strcmp(p, path) != 0 && in_scan(p, ctx)) other_load(p, lim, &partner);
        free(p);
    }
    merger m = {t, COPY_BUDGET, 0, 0};
    uint32_t n = tree_get(t, services)->n, first = tree_get(t, services)->kids;
    for (uint32_t i = 0; i < n; i++) {
        kid *k = &t->kids[first + i];
        node_id svc = k->val;
        if (tree_get(t, svc)->kind != N_MAP) continue;
        char *sname = xstrndup(tree_text(t, k->key), k->key_len);
        m.line = k->key_line;
        m.col = k->key_col;
        node_id merged = svc;
        node_id theirs = partner.t ? tree_member(partner.t, partner.services, sname, NULL) : NODE_NONE;
        if (theirs && tree_get(partner.t, theirs)->kind == N_MAP) {
            merged = merge(&m, svc, partner.t, theirs, !is_base, sname);
            /* what the merged service lacks is the base's to report */
            if (!is_base) tree_get(t, merged)->flags |= NODE_STUB;
        } else if (!is_base && !has_any(t, svc, runnable)) {
            tree_get(t, svc)->flags |= NODE_STUB;
        }
        /* extends, followed to EXTENDS_DEPTH in this file, one level across files */
        node_id cur = svc;
        for (int d = 0; d < EXTENDS_DEPTH; d++) {
            other o = {0};
            const tree *from = NULL;
            node_id ext = extended(t, services, cur, path, lim, &o, &from);
            if (ext && tree_get(from, ext)->kind == N_MAP) {
                uint8_t stub = tree_get(t, merged)->flags & NODE_STUB;
                merged = merge(&m, merged, from, ext, 1, sname);
                tree_get(t, merged)->flags |= stub;
            }
            int again = ext && from == t;
            if (o.t) other_free(&o);
            if (!again) break;
            cur = ext;
        }
        /* NODE_NONE-free: merge returns a node; point the service at it */
        t->kids[first + i].val = merged;
        free(sname);
    }
    if (partner.t) other_free(&partner);
}
