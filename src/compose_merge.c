/* compose_merge.c — see compose_merge.h. Every copy is charged to a budget
 * (COPY_BUDGET nodes per file): aliases in another file cannot make a merge
 * expand without bound. */
#include "compose_merge.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_env.h"

#define COPY_BUDGET 200000
#define EXTENDS_DEPTH 8
#define INCLUDE_DEPTH 8
#define MAX_FILES 64 /* other files one compose_merge reads for include: and for extends: */
#define KEYED_ENTRIES 512 /* longer lists together are appended: the key match is quadratic */

/* Another Compose file, loaded and interpolated. */
typedef struct other {
    source *src;
    tree *t;
    node_id root;     /* its Compose document */
    node_id services; /* its services map, or NODE_NONE */
} other;

typedef struct merger {
    tree *t;           /* the tree being merged into */
    size_t budget;
    uint32_t line, col;/* where copies point: the service they join */
} merger;

/* What one compose_merge call shares: limits, the scan, where notes go and
 * the chain of files being included (for cycles). */
typedef struct mctx {
    const load_limits *lim;
    compose_in_scan in_scan;
    void *scan_ctx;
    buf *notes;
    const char *scanned;             /* the file being judged */
    const char *chain[INCLUDE_DEPTH + 2];
    int depth;
    int partner; /* loading the judged file's partner: it does not include the judged file */
    size_t budget;  /* nodes all includes may still copy */
    int loads;      /* files read for include: */
    struct cached { /* files read for extends: file:, each once */
        char *path;
        other o;
        int bad;
        char why[160];
    } cache[MAX_FILES];
    int n_cache;
} mctx;

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

/* rel (relative to the folder of path) as one path with `.` and `..`
 * resolved lexically (malloc'd). *outside = 1 when rel is absolute or climbs
 * with `..`: such a file is read only when it is part of the scan. */
static char *resolve(const char *path, const char *rel, int *outside)
{
    *outside = rel[0] == '/';
    char *joined = rel[0] == '/' ? xstrdup(rel) : sibling(path, rel);
    size_t n = strlen(joined), nseg = 0;
    const char **part = xcalloc(n / 2 + 2, sizeof *part);
    size_t *slen = xcalloc(n / 2 + 2, sizeof *slen);
    int absolute = joined[0] == '/';
    for (char *p = joined; *p;) {
        while (*p == '/') p++;
        if (!*p) break;
        size_t l = strcspn(p, "/");
        if (l == 1 && p[0] == '.') {
        } else if (l == 2 && p[0] == '.' && p[1] == '.') {
            if (strstr(rel, "..")) *outside = 1;
            if (nseg && !(slen[nseg - 1] == 2 && memcmp(part[nseg - 1], "..", 2) == 0)) nseg--;
            else if (!absolute) part[nseg] = p, slen[nseg++] = l;
        } else {
            part[nseg] = p, slen[nseg++] = l;
        }
        p += l;
    }
    buf b = {0};
    if (absolute) buf_puts(&b, "/");
    for (size_t i = 0; i < nseg; i++) {
        if (i) buf_puts(&b, "/");
        buf_add(&b, part[i], slen[i]);
    }
    if (!b.s) buf_puts(&b, ".");
    free(part);
    free(slen);
    free(joined);
    return b.s;
}

/* A note "FILE:LINE:COL: msg" for --verbose, written only when FILE is the
 * file being judged or a file outside the scan (a file of the scan notes its
 * own mistakes when it is judged), or when always is set (a cycle through
 * the file being judged: each file of the cycle notes it). */
static void mnote(mctx *c, int always, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void mnote(mctx *c, int always, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (!c->notes || (!always && strcmp(file, c->scanned) != 0 && c->in_scan(file, c->scan_ctx))) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf_printf(c->notes, "%s:%u:%u: %s\n", file, line, col, msg);
}

static void other_free(other *o)
{
    tree_free(o->t);
    source_free(o->src);
    memset(o, 0, sizeof *o);
}

static void apply_includes(mctx *c, tree *t, node_id root, const char *path);

/* Load a Compose file (its first document with a services map), interpolated
 * with vars (NULL: the .env beside it), its own include: applied when
 * includes is set. */
static int other_load(mctx *c, const char *path, const compose_vars *vars, int includes, other *o,
                      char *why, size_t whylen)
{
    memset(o, 0, sizeof *o);
    char *text;
    size_t len;
    if (read_file_max(path, c->lim->max_file, &text, &len, why, whylen) != 0) return -1;
    o->src = source_new_owned(path, text, len);
    o->t = tree_new();
    doclist docs = {0};
    perr err = {0};
    load_yaml(o->src, o->t, &docs, c->lim, &err);
    for (size_t i = 0; i < docs.n && !o->root; i++) {
        node_id r = docs.v[i].root;
        if (!r || tree_get(o->t, r)->kind != N_MAP) continue;
        node_id s = tree_member(o->t, r, "services", NULL);
        if ((s && tree_get(o->t, s)->kind == N_MAP) || tree_member(o->t, r, "include", NULL)) {
            compose_vars v;
            if (!vars) compose_vars_load(path, c->lim->max_file, &v);
            compose_interpolate(o->t, r, vars ? vars : &v);
            if (!vars) compose_vars_free(&v);
            o->root = r;
        }
    }
    free(docs.v);
    if (!o->root) {
        other_free(o);
        snprintf(why, whylen, "no Compose document in it");
        return -1;
    }
    if (includes) apply_includes(c, o->t, o->root, path);
    o->services = tree_member(o->t, o->root, "services", NULL);
    if (o->services && tree_get(o->t, o->services)->kind != N_MAP) o->services = NODE_NONE;
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

/* How Compose merges a list under a service (the Compose specification's
 * merge rules, and what docker compose does for the rest): */
typedef enum list_rule {
    L_APPEND,  /* appended (security_opt, …) */
    L_REPLACE, /* command, entrypoint, healthcheck.test: the winner's list */
    L_KEYED,   /* environment, labels, …: by the name before `=`, list or map */
    L_UNIQUE,  /* cap_add, dns, …: an entry appears once */
    L_TARGET,  /* volumes, devices: by container path */
    L_PORT,    /* ports: by host ip, published port, target port, protocol */
    L_SECRET,  /* secrets: by target (/run/secrets/<source> by default) */
    L_CONFIG,  /* configs: by target (/<source> by default) */
} list_rule;

static list_rule rule_of(const char *key)
{
    static const char *const replace[] = {"command", "entrypoint", "test", NULL};
    static const char *const keyed[] = {"environment", "labels", "annotations", "sysctls", "args", "extra_hosts", NULL};
    static const char *const unique[] = {"cap_add", "cap_drop", "dns", "dns_opt", "dns_search", "tmpfs", "profiles",
                                         "links", "expose", "env_file", "external_links", NULL};
    for (const char *const *k = replace; *k; k++)
        if (strcmp(key, *k) == 0) return L_REPLACE;
    for (const char *const *k = keyed; *k; k++)
        if (strcmp(key, *k) == 0) return L_KEYED;
    for (const char *const *k = unique; *k; k++)
        if (strcmp(key, *k) == 0) return L_UNIQUE;
    if (strcmp(key, "volumes") == 0 || strcmp(key, "devices") == 0) return L_TARGET;
    if (strcmp(key, "ports") == 0) return L_PORT;
    if (strcmp(key, "secrets") == 0) return L_SECRET;
    if (strcmp(key, "configs") == 0) return L_CONFIG;
    return L_APPEND;
}

static const char *scalar_text(const tree *t, node_id id, size_t *len)
{
    const node *nd = tree_get(t, id);
    if (nd->kind == N_MAP || nd->kind == N_SEQ || nd->kind == N_NULL) return NULL;
    *len = nd->len;
    return tree_text(t, nd->str);
}

static void member_text(const tree *t, node_id map, const char *key, buf *b)
{
    node_id v = tree_member(t, map, key, NULL);
    size_t n;
    const char *s = v ? scalar_text(t, v, &n) : NULL;
    if (s) buf_add(b, s, n);
}

/* The unique key of a list entry under rule r (malloc'd), NULL when it has
 * none (then it is appended). */
static char *entry_key(const tree *t, node_id id, list_rule r)
{
    size_t n = 0;
    const char *s = scalar_text(t, id, &n);
    int map = tree_get(t, id)->kind == N_MAP;
    buf b = {0};
    switch (r) {
    case L_KEYED:
        if (!s) return NULL;
        buf_add(&b, s, strcspn(s, "=") < n ? strcspn(s, "=") : n);
        break;
    case L_UNIQUE:
        if (map) member_text(t, id, "path", &b);
        else if (s) buf_add(&b, s, n);
        break;
    case L_TARGET:
        if (map) {
            member_text(t, id, "target", &b);
        } else if (s) { /* [source:]target[:mode] */
            const char *c1 = memchr(s, ':', n);
            if (!c1) {
                buf_add(&b, s, n);
            } else {
                const char *c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - s));
                buf_add(&b, c1 + 1, (size_t)((c2 ? c2 : s + n) - (c1 + 1)));
            }
        }
        break;
    case L_PORT:
        if (map) {
            member_text(t, id, "host_ip", &b);
            buf_puts(&b, "|");
            member_text(t, id, "published", &b);
            buf_puts(&b, "|");
            member_text(t, id, "target", &b);
            buf_puts(&b, "|");
            size_t l0 = b.len;
            member_text(t, id, "protocol", &b);
            if (b.len == l0) buf_puts(&b, "tcp");
        } else if (s) { /* [[ip:]published:]target[/protocol] */
            size_t body = n;
            const char *slash = memchr(s, '/', n);
            if (slash) body = (size_t)(slash - s);
            const char *last = NULL, *prev = NULL;
            for (const char *p = s; p < s + body; p++)
                if (*p == ':') prev = last, last = p;
            if (prev) buf_add(&b, s, (size_t)(prev - s));
            buf_puts(&b, "|");
            if (last) buf_add(&b, prev ? prev + 1 : s, (size_t)(last - (prev ? prev + 1 : s)));
            buf_puts(&b, "|");
            buf_add(&b, last ? last + 1 : s, (size_t)(s + body - (last ? last + 1 : s)));
            buf_puts(&b, "|");
            if (slash) buf_add(&b, slash + 1, n - body - 1);
            else buf_puts(&b, "tcp");
        }
        break;
    case L_SECRET:
    case L_CONFIG:
        if (map) {
            size_t l0 = b.len;
            member_text(t, id, "target", &b);
            if (b.len == l0) {
                buf_puts(&b, r == L_SECRET ? "/run/secrets/" : "/");
                member_text(t, id, "source", &b);
            }
        } else if (s) {
            buf_puts(&b, r == L_SECRET ? "/run/secrets/" : "/");
            buf_add(&b, s, n);
        }
        break;
    default:
        break;
    }
    if (!b.s) buf_puts(&b, "");
    return b.s;
}

/* One entry of a list or map being merged: its kid and its key. */
typedef struct entry {
    kid k;
    char *key;
    int theirs;
} entry;

static node_id merge(merger *m, node_id own, const tree *from, node_id theirs, int own_wins, const char *key);

/* A kid of from (a map member or a list item) as an entry of m->t. */
static int bring_kid(merger *m, const tree *from, const kid *k, kid *out)
{
    node_id v = bring(m, from, k->val);
    if (!v) return 0;
    if (from == m->t) {
        *out = *k;
        return 1;
    }
    *out = (kid){0, k->key_len, m->line, m->col, v};
    if (k->key_len) out->key = tree_str(m->t, tree_text(from, k->key), k->key_len);
    return 1;
}

/* A KEYED entry of from turned to the other form: `K: V` to "K=V" (to_list)
 * or "K=V" to `K: V`. */
static int convert_kid(merger *m, const tree *from, const kid *k, int to_list, kid *out)
{
    int foreign = from != m->t;
    uint32_t line = foreign ? m->line : (k->key_len ? k->key_line : tree_get(from, k->val)->line);
    uint32_t col = foreign ? m->col : (k->key_len ? k->key_col : tree_get(from, k->val)->col);
    size_t n = 0;
    const char *s = scalar_text(from, k->val, &n);
    node_id v;
    if (to_list) {
        if (!m->budget) return 0;
        m->budget--;
        buf b = {0};
        buf_add(&b, tree_text(from, k->key), k->key_len);
        if (s) {
            buf_puts(&b, "=");
            buf_add(&b, s, n);
        }
        v = tree_scalar(m->t, N_STR, b.s, b.len, line, col);
        free(b.s);
        *out = (kid){0, 0, line, col, v};
    } else {
        if (!s || !m->budget) return 0;
        m->budget--;
        size_t kl = strcspn(s, "=");
        if (kl > n) kl = n;
        v = kl < n ? tree_scalar(m->t, N_STR, s + kl + 1, n - kl - 1, line, col) : tree_scalar(m->t, N_NULL, "", 0, line, col);
        *out = (kid){tree_str(m->t, s, kl), (uint32_t)kl, line, col, v};
    }
    if (foreign) tree_get(m->t, v)->flags |= NODE_FOREIGN;
    return 1;
}

static void entries_free(entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) free(e[i].key);
    free(e);
}

/* Two lists (or a KEYED list and map) merged by rule r: the lower-precedence
 * side's entries first, an entry replaced by the winner's entry of the same
 * key; the winner's other entries after them, in the winner's form (own's
 * form when own_wins, else theirs'). */
static node_id merge_lists(merger *m, node_id own, const tree *from, node_id theirs, int own_wins, list_rule r)
{
    const node *a = tree_get(m->t, own), *b = tree_get(from, theirs);
    uint32_t na = a->n, nb = b->n, ka = a->kids, kb = b->kids, line = a->line, col = a->col;
    uint8_t kind_a = a->kind, kind_b = b->kind, flags = a->flags;
    int as_list = own_wins ? kind_a == N_SEQ : kind_b == N_SEQ;
    if ((size_t)na + nb > KEYED_ENTRIES) r = L_APPEND;
    entry *e = xcalloc((size_t)na + nb + 1, sizeof *e);
    size_t n = 0;
    for (int side = 0; side < 2; side++) {
        /* side 0: the lower-precedence file */
        int is_theirs = own_wins ? side == 0 : side == 1;
        const tree *tt = is_theirs ? from : m->t;
        uint32_t cnt = is_theirs ? nb : na, first = is_theirs ? kb : ka;
        int is_list = (is_theirs ? kind_b : kind_a) == N_SEQ;
        for (uint32_t i = 0; i < cnt; i++) {
            const kid *k = &tt->kids[first + i];
            kid out;
            int ok;
            if (!is_theirs) {
                out = m->t->kids[ka + i];
                ok = 1;
                if (is_list != as_list) ok = convert_kid(m, m->t, &out, as_list, &out);
            } else if (is_list == as_list) {
                ok = bring_kid(m, from, k, &out);
            } else {
                ok = convert_kid(m, from, k, as_list, &out);
            }
            if (!ok) continue;
            char *key = NULL;
            if (r != L_APPEND) {
                if (as_list) key = entry_key(m->t, out.val, r);
                else key = xstrndup(tree_text(m->t, out.key), out.key_len);
            }
            size_t j = n;
            if (key && side == 1)
                for (j = 0; j < n; j++)
                    if (e[j].key && strcmp(e[j].key, key) == 0) break;
            if (j < n) { /* the winner's entry takes the place of the other's */
                free(e[j].key);
                e[j] = (entry){out, key, is_theirs};
            } else {
                e[n++] = (entry){out, key, is_theirs};
            }
        }
    }
    kid *ks = xcalloc(n + 1, sizeof *ks);
    for (size_t i = 0; i < n; i++) ks[i] = e[i].k;
    node_id c = tree_node(m->t, as_list ? N_SEQ : N_MAP, line, col);
    tree_set_kids(m->t, c, ks, n);
    tree_get(m->t, c)->flags = (uint8_t)(flags & ~NODE_SHARED);
    free(ks);
    entries_free(e, n);
    return c;
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

static node_id merge(merger *m, node_id own, const tree *from, node_id theirs, int own_wins, const char *key)
{
    uint8_t ka = tree_get(m->t, own)->kind, kb = tree_get(from, theirs)->kind;
    list_rule r = rule_of(key);
    if (ka == N_MAP && kb == N_MAP && r != L_KEYED) return merge_maps(m, own, from, theirs, own_wins);
    int lists = (ka == N_SEQ || ka == N_MAP) && (kb == N_SEQ || kb == N_MAP);
    if (lists && r == L_KEYED) return merge_lists(m, own, from, theirs, own_wins, r);
    if (ka == N_SEQ && kb == N_SEQ && r != L_REPLACE) return merge_lists(m, own, from, theirs, own_wins, r);
    if (own_wins) return own;
    node_id v = bring(m, from, theirs);
    return v ? v : own;
}

/* Is the file rel names (beside path) one to read? Beside or below it, or
 * part of the scan. Returns the path (malloc'd) or NULL after a note. */
static char *reachable(mctx *c, const char *path, const char *rel, const char *what, uint32_t line, uint32_t col)
{
    int outside;
    char *p = resolve(path, rel, &outside);
    if (outside && !c->in_scan(p, c->scan_ctx)) {
        mnote(c, 0, path, line, col, "%s %s not followed: outside the Compose file's folder and not part of the scan",
              what, p);
        free(p);
        return NULL;
    }
    return p;
}

/* extends: the service it names, in the tree of *cur or in another file
 * (read once, kept in c's cache). *cur becomes the file the service is in. */
typedef struct place {
    const tree *t;
    node_id services;
    const char *path;
} place;

/* The file at p for extends:, read once per compose_merge (NULL after a
 * note when it cannot be read). */
static const other *extends_file(mctx *c, const char *p, const char *from, uint32_t line, uint32_t col)
{
    struct cached *k = NULL;
    for (int i = 0; i < c->n_cache && !k; i++)
        if (strcmp(c->cache[i].path, p) == 0) k = &c->cache[i];
    if (!k) {
        if (c->n_cache == MAX_FILES) {
            mnote(c, 0, from, line, col, "extends: file %s not read: more than %d files", p, MAX_FILES);
            return NULL;
        }
        k = &c->cache[c->n_cache++];
        k->path = xstrdup(p);
        k->bad = other_load(c, p, NULL, 0, &k->o, k->why, sizeof k->why) != 0;
    }
    if (k->bad) {
        mnote(c, 0, from, line, col, "extends: file %s not read: %s", p, k->why);
        return NULL;
    }
    return &k->o;
}

static void cache_free(mctx *c)
{
    for (int i = 0; i < c->n_cache; i++) {
        free(c->cache[i].path);
        if (!c->cache[i].bad) other_free(&c->cache[i].o);
    }
}

static node_id extended(mctx *c, place *cur, node_id svc, const char **sname)
{
    const tree *t = cur->t;
    const kid *ek = NULL;
    node_id ext = tree_member(t, svc, "extends", &ek);
    if (!ext) return NODE_NONE;
    const char *name = NULL, *file = NULL;
    if (tree_get(t, ext)->kind == N_STR) {
        name = tree_text(t, tree_get(t, ext)->str);
    } else if (tree_get(t, ext)->kind == N_MAP) {
        name = tree_member_str(t, ext, "service");
        file = tree_member_str(t, ext, "file");
    }
    if (!name) return NODE_NONE;
    *sname = name;
    if (!file) {
        node_id s = cur->services ? tree_member(t, cur->services, name, NULL) : NODE_NONE;
        return s != svc ? s : NODE_NONE;
    }
    char *p = reachable(c, cur->path, file, "extends: file", ek->key_line, ek->key_col);
    if (!p) return NODE_NONE;
    const other *o = extends_file(c, p, cur->path, ek->key_line, ek->key_col);
    free(p);
    if (!o) return NODE_NONE;
    node_id s = o->services ? tree_member(o->t, o->services, name, NULL) : NODE_NONE;
    if (!s) mnote(c, 0, cur->path, ek->key_line, ek->key_col, "extends: no service %s in %s", name, o->src->path);
    *cur = (place){o->t, o->services, o->src->path};
    return s;
}

static int has_any(const tree *t, node_id svc, const char *const *keys)
{
    for (; *keys; keys++)
        if (tree_member(t, svc, *keys, NULL)) return 1;
    return 0;
}

/* The top-level maps of from's Compose document at froot (services, volumes,
 * networks, secrets, configs) made part of t's at root, merged by name
 * with what t defines (t's values win when own_wins). */
static void merge_top(merger *m, node_id root, const tree *from, node_id froot, int own_wins)
{
    static const char *const tops[] = {"services", "volumes", "networks", "secrets", "configs"};
    tree *t = m->t;
    for (size_t i = 0; i < sizeof tops / sizeof *tops; i++) {
        node_id theirs = tree_member(from, froot, tops[i], NULL);
        if (!theirs || tree_get(from, theirs)->kind != N_MAP) continue;
        const node *r = tree_get(t, root);
        uint32_t n = r->n, first = r->kids;
        kid *ks = xcalloc((size_t)n + 1, sizeof *ks);
        memcpy(ks, t->kids + first, n * sizeof *ks);
        size_t at = n;
        for (uint32_t j = 0; j < n; j++)
            if (ks[j].key_len == strlen(tops[i]) && memcmp(tree_text(t, ks[j].key), tops[i], ks[j].key_len) == 0) at = j;
        node_id v;
        if (at < n && tree_get(t, ks[at].val)->kind == N_MAP) v = merge_maps(m, ks[at].val, from, theirs, own_wins);
        else v = bring(m, from, theirs);
        if (v) {
            if (at == n) ks[n++] = (kid){tree_str(t, tops[i], strlen(tops[i])), (uint32_t)strlen(tops[i]), m->line, m->col, v};
            else ks[at].val = v;
            tree_set_kids(t, root, ks, n);
        }
        free(ks);
    }
}

/* Does the include entry's path (one or a list) name the file being judged? */
static int names_scanned(mctx *c, const tree *t, node_id paths, const char *path)
{
    int out, hit = 0;
    char *self = resolve(c->scanned, base_name(c->scanned), &out);
    uint32_t np = tree_get(t, paths)->kind == N_SEQ ? tree_get(t, paths)->n : 1;
    for (uint32_t j = 0; j < np && !hit; j++) {
        node_id pn = tree_get(t, paths)->kind == N_SEQ ? t->kids[tree_get(t, paths)->kids + j].val : paths;
        if (tree_get(t, pn)->kind != N_STR) continue;
        char *p = resolve(path, tree_text(t, tree_get(t, pn)->str), &out);
        hit = strcmp(p, self) == 0;
        free(p);
    }
    free(self);
    return hit;
}

/* include: each entry (a path, or path: one or a list merged in order,
 * project_directory, env_file) loaded with its own includes and made part
 * of the document at root. Missing files, cycles and depth past
 * INCLUDE_DEPTH are noted at the entry. */
static void apply_includes(mctx *c, tree *t, node_id root, const char *path)
{
    node_id inc = tree_member(t, root, "include", NULL);
    if (!inc || tree_get(t, inc)->kind != N_SEQ) return;
    if (c->depth >= INCLUDE_DEPTH) {
        mnote(c, 1, path, tree_get(t, inc)->line, tree_get(t, inc)->col,
              "include: not followed past %d levels of include", INCLUDE_DEPTH);
        return;
    }
    c->chain[++c->depth] = path;
    uint32_t n = tree_get(t, inc)->n, first = tree_get(t, inc)->kids;
    for (uint32_t i = 0; i < n; i++) {
        node_id item = t->kids[first + i].val;
        uint32_t line = tree_get(t, item)->line, col = tree_get(t, item)->col;
        node_id paths = item, pdir = NODE_NONE, envf = NODE_NONE;
        if (tree_get(t, item)->kind == N_MAP) {
            paths = tree_member(t, item, "path", NULL);
            pdir = tree_member(t, item, "project_directory", NULL);
            envf = tree_member(t, item, "env_file", NULL);
        }
        if (!paths || (tree_get(t, paths)->kind != N_STR && tree_get(t, paths)->kind != N_SEQ)) {
            mnote(c, 0, path, line, col, "include: an entry without a path");
            continue;
        }
        /* variables: env_file (one or a list, beside the including file),
         * else the .env of project_directory, else the included file's own */
        compose_vars vars = {0}, *use = NULL;
        if (envf) {
            uint32_t ne = tree_get(t, envf)->kind == N_SEQ ? tree_get(t, envf)->n : 1;
            for (uint32_t j = 0; j < ne; j++) {
                node_id e = tree_get(t, envf)->kind == N_SEQ ? t->kids[tree_get(t, envf)->kids + j].val : envf;
                if (tree_get(t, e)->kind != N_STR) continue;
                char *ep = reachable(c, path, tree_text(t, tree_get(t, e)->str), "include: env_file",
                                     tree_get(t, e)->line, tree_get(t, e)->col);
                char *text, why[160];
                size_t len;
                if (ep && read_file_max(ep, c->lim->max_file, &text, &len, why, sizeof why) == 0) {
                    compose_vars_parse(text, len, &vars);
                    free(text);
                } else if (ep) {
                    mnote(c, 0, path, tree_get(t, e)->line, tree_get(t, e)->col, "include: env_file %s not read: %s", ep, why);
                }
                free(ep);
            }
            use = &vars;
        } else if (pdir && tree_get(t, pdir)->kind == N_STR) {
            char *dir = reachable(c, path, tree_text(t, tree_get(t, pdir)->str), "include: project_directory",
                                  tree_get(t, pdir)->line, tree_get(t, pdir)->col);
            if (dir) {
                buf d = {0};
                buf_puts(&d, dir);
                buf_puts(&d, "/compose.yaml");
                compose_vars_load(d.s, c->lim->max_file, &vars);
                free(d.s);
                free(dir);
                use = &vars;
            }
        }
        other base = {0};
        uint32_t np = tree_get(t, paths)->kind == N_SEQ ? tree_get(t, paths)->n : 1;
        /* the judged file's partner leaves out an entry that names the judged
         * file: that file is merged with its partner, not into it (and a file
         * of the same entry merged alone would make its services look like a
         * base the judged file overrides) */
        if (c->partner && names_scanned(c, t, paths, path)) np = 0;
        for (uint32_t j = 0; j < np; j++) {
            node_id pn = tree_get(t, paths)->kind == N_SEQ ? t->kids[tree_get(t, paths)->kids + j].val : paths;
            if (tree_get(t, pn)->kind != N_STR) continue;
            uint32_t pl = tree_get(t, pn)->line, pc = tree_get(t, pn)->col;
            char *p = reachable(c, path, tree_text(t, tree_get(t, pn)->str), "include:", pl, pc);
            if (!p) continue;
            int cycle = 0;
            for (int d = 0; d <= c->depth && !cycle; d++) {
                int out;
                char *q = resolve(c->chain[d], base_name(c->chain[d]), &out);
                cycle = strcmp(q, p) == 0;
                free(q);
            }
            if (cycle) {
                mnote(c, 1, path, pl, pc, "include: %s is already being included (a cycle): not followed", p);
                free(p);
                continue;
            }
            other o;
            char why[160];
            if (c->loads == MAX_FILES) {
                mnote(c, 1, path, pl, pc, "include: %s not followed: more than %d files included", p, MAX_FILES);
                free(p);
                continue;
            }
            c->loads++;
            if (other_load(c, p, use, 1, &o, why, sizeof why) != 0) {
                mnote(c, 0, path, pl, pc, "include: %s not read: %s", p, why);
                free(p);
                continue;
            }
            free(p);
            if (!base.t) {
                base = o;
                continue;
            }
            /* later files of one path: list override the first */
            merger bm = {base.t, c->budget, tree_get(base.t, base.root)->line, tree_get(base.t, base.root)->col};
            merge_top(&bm, base.root, o.t, o.root, 0);
            c->budget = bm.budget;
            base.services = tree_member(base.t, base.root, "services", NULL);
            other_free(&o);
        }
        if (base.t) {
            merger m = {t, c->budget, line, col};
            merge_top(&m, root, base.t, base.root, 1);
            c->budget = m.budget;
            other_free(&base);
        }
        compose_vars_free(&vars);
    }
    c->depth--;
}

void compose_merge(tree *t, node_id root, const char *path, compose_in_scan in_scan, void *ctx,
                   const load_limits *lim, buf *notes)
{
    static const char *const runnable[] = {"image", "build", "extends", NULL};
    if (!path || tree_get(t, root)->kind != N_MAP) return;
    mctx c = {.lim = lim, .in_scan = in_scan, .scan_ctx = ctx, .notes = notes, .scanned = path, .chain = {path},
              .budget = COPY_BUDGET};
    apply_includes(&c, t, root, path);
    node_id services = tree_member(t, root, "services", NULL);
    if (!services || tree_get(t, services)->kind != N_MAP) {
        cache_free(&c);
        return;
    }
    const char *name = base_name(path);
    int is_base = is_one(name, base_names, 4);
    other partner = {0};
    const char *const *cands = is_base ? override_names : base_names;
    for (size_t i = 0; i < 4 && !partner.t; i++) {
        char *p = sibling(path, cands[i]);
        char why[160];
        c.partner = 1;
        if (strcmp(p, path) != 0 && in_scan(p, ctx)) other_load(&c, p, NULL, 1, &partner, why, sizeof why);
        c.partner = 0;
        free(p);
    }
    merger m = {t, COPY_BUDGET, 0, 0};
    uint32_t n = tree_get(t, services)->n, first = tree_get(t, services)->kids;
    for (uint32_t i = 0; i < n; i++) {
        const kid *k = &t->kids[first + i];
        node_id svc = k->val;
        uint32_t key_line = k->key_line, key_col = k->key_col;
        /* a service of an included file is that file's to judge */
        if (tree_get(t, svc)->kind != N_MAP || (tree_get(t, svc)->flags & NODE_FOREIGN)) continue;
        char *sname = xstrndup(tree_text(t, k->key), k->key_len);
        m.line = key_line;
        m.col = key_col;
        node_id merged = svc;
        node_id theirs = partner.services ? tree_member(partner.t, partner.services, sname, NULL) : NODE_NONE;
        if (theirs && tree_get(partner.t, theirs)->kind == N_MAP) {
            merged = merge(&m, svc, partner.t, theirs, !is_base, sname);
            /* what the merged service lacks is the base's to report */
            if (!is_base) tree_get(t, merged)->flags |= NODE_PARTIAL;
        } else if (!is_base && !has_any(t, svc, runnable)) {
            tree_get(t, svc)->flags |= NODE_PARTIAL;
        }
        /* extends, followed to EXTENDS_DEPTH, across files too; a service
         * met twice (same file, same name) is a cycle */
        place cur = {t, services, path};
        node_id at = svc;
        int nseen = 1, out;
        char *seen[EXTENDS_DEPTH + 1][2] = {{resolve(path, name, &out), xstrdup(sname)}};
        for (int d = 0; d < EXTENDS_DEPTH; d++) {
            const char *ename = NULL;
            place before = cur;
            node_id ext = extended(&c, &cur, at, &ename);
            if (!ext || tree_get(cur.t, ext)->kind != N_MAP) break;
            char *where = resolve(cur.path, base_name(cur.path), &out), *ename_c = xstrdup(ename);
            int cycle = 0;
            for (int s = 0; s < nseen && !cycle; s++) cycle = strcmp(seen[s][0], where) == 0 && strcmp(seen[s][1], ename_c) == 0;
            seen[nseen][0] = where;
            seen[nseen++][1] = ename_c;
            if (cycle) {
                const kid *ek = NULL;
                tree_member(before.t, at, "extends", &ek);
                mnote(&c, 1, before.path, ek->key_line, ek->key_col,
                      "extends: service %s of %s is already in this extends chain (a cycle): not followed", ename_c, where);
                break;
            }
            uint8_t partial = tree_get(t, merged)->flags & NODE_PARTIAL;
            merged = merge(&m, merged, cur.t, ext, 1, sname);
            tree_get(t, merged)->flags |= partial;
            at = ext;
            if (d == EXTENDS_DEPTH - 1 && tree_member(cur.t, at, "extends", NULL))
                mnote(&c, 0, path, key_line, key_col, "extends: not followed past %d levels", EXTENDS_DEPTH);
        }
        for (int j = 0; j < nseen; j++) free(seen[j][0]), free(seen[j][1]);
        /* NODE_NONE-free: merge returns a node; point the service at it */
        t->kids[first + i].val = merged;
        free(sname);
    }
    if (partner.t) other_free(&partner);
    cache_free(&c);
}
