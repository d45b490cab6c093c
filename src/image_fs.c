/* image_fs.c — from layers to an image's filesystem (see image.h): which
 * contents are kept while a layer streams, entry names normalised, layers
 * applied in order with OCI/Docker whiteouts, path lookups that follow
 * symbolic links under a cap, and /etc/os-release.
 *
 * The filesystem is a tree of path components (parent, first child,
 * siblings) with a hash from (parent, name) to node, so deleting a directory
 * costs its own size and every entry is applied in constant time: a hostile
 * layer of many whiteouts cannot make this quadratic. Nothing here reads
 * the archive or prints. */
#include "image.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const archive_limit_names[LIM_COUNT] = {"bytes", "entries", "path", "ratio", "links", "capture"};
static const uint64_t limit_defaults[LIM_COUNT] = {
    16ull << 30, 2000000, 4096, 200, 40, 64ull << 20,
};

uint64_t archive_limit(const archive_limits *l, int which)
{
    const uint64_t v[LIM_COUNT] = {l->bytes, l->entries, l->path, l->ratio, l->links, l->capture};
    return which >= 0 && which < LIM_COUNT && v[which] ? v[which] : limit_defaults[which];
}

int archive_limit_parse(archive_limits *l, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq) return -1;
    size_t kl = (size_t)(eq - spec);
    int which = -1;
    for (int i = 0; i < LIM_COUNT; i++)
        if (strlen(archive_limit_names[i]) == kl && strncmp(spec, archive_limit_names[i], kl) == 0) which = i;
    if (which < 0 || !eq[1]) return -1;
    char *end;
    unsigned long long v = strtoull(eq + 1, &end, 10);
    if (end == eq + 1) return -1;
    if (*end == 'K' || *end == 'k') v <<= 10, end++;
    else if (*end == 'M' || *end == 'm') v <<= 20, end++;
    else if (*end == 'G' || *end == 'g') v <<= 30, end++;
    if (*end == 'i' && end[-1] != 0) end++; /* KiB, MiB, GiB */
    if (*end == 'B') end++;
    if (*end || v == 0) return -1;
    uint64_t *f[LIM_COUNT] = {&l->bytes, &l->entries, &l->path, &l->ratio, &l->links, &l->capture};
    *f[which] = v;
    return 0;
}

const char *fs_type_name(fs_type t)
{
    static const char *const names[] = {"file", "dir", "symlink", "hardlink", "char", "block", "fifo"};
    return t <= FT_FIFO ? names[t] : "other";
}

/* ---- what to keep ---- */

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static const char *base_of(const char *p)
{
    const char *b = strrchr(p, '/');
    return b ? b + 1 : p;
}

/* Files checks read wherever they are, by exact path. */
static const char *const check_files[] = {
    "etc/passwd", "etc/group", "etc/shadow", "etc/gshadow", "etc/os-release", "usr/lib/os-release",
    "etc/sudoers", "etc/alpine-release", "etc/debian_version", "etc/redhat-release", "etc/lsb-release",
    "etc/doas.conf",
};

/* Trees whose files are the distribution's or third-party code: their
 * contents are not kept for checks unless named above. */
static const char *const system_trees[] = {
    "usr/", "lib/", "lib32/", "lib64/", "libx32/", "bin/", "sbin/", "boot/", "proc/", "sys/", "dev/", "run/",
    "var/lib/", "var/cache/", "var/log/", "etc/ssl/certs/", "etc/pki/", "usr/share/",
};
static const char *const open_trees[] = {"usr/local/bin/", "usr/local/sbin/", "usr/local/etc/"};
static const char *const code_dirs[] = {"/node_modules/", "/site-packages/", "/dist-packages/", "/.git/objects/",
                                        "/vendor/", "/__pycache__/"};

/* Package databases and package metadata. */
static int pkgdb_path(const char *p)
{
    if (strcmp(p, "var/lib/dpkg/status") == 0 || strcmp(p, "lib/apk/db/installed") == 0 ||
        strcmp(p, "var/lib/rpm/rpmdb.sqlite") == 0 || strcmp(p, "usr/lib/sysimage/rpm/rpmdb.sqlite") == 0)
        return 1;
    if (has_prefix(p, "var/lib/dpkg/status.d/") && !strchr(p + 22, '/') && !ends_with(p, ".md5sums")) return 1;
    const char *b = base_of(p);
    size_t bl = strlen(b);
    if (strcmp(b, "METADATA") == 0 && b - p > 11 && strncmp(b - 11, ".dist-info/", 11) == 0) return 1;
    if (strcmp(b, "PKG-INFO") == 0 && b - p > 10 && strncmp(b - 10, ".egg-info/", 10) == 0) return 1;
    if (bl > 9 && ends_with(b, ".egg-info") && strstr(p, "-packages/")) return 1; /* egg-info as a file */
    if (strcmp(b, "package.json") == 0) {
        /* node_modules/<name>/package.json or node_modules/@scope/<name>/package.json */
        const char *nm = NULL;
        for (const char *q = p; (q = strstr(q, "node_modules/")); q++) nm = q;
        if (!nm) return 0;
        const char *rest = nm + 13;
        const char *s1 = strchr(rest, '/');
        if (!s1) return 0;
        if (rest[0] == '@') {
            const char *s2 = strchr(s1 + 1, '/');
            return s2 && s2 == b - 1;
        }
        return s1 == b - 1;
    }
    return 0;
}

capture_kind fs_capture_kind(const char *p, uint64_t size)
{
    if (pkgdb_path(p)) return CAP_PKGDB;
    for (size_t i = 0; i < sizeof check_files / sizeof *check_files; i++)
        if (strcmp(p, check_files[i]) == 0) return CAP_CHECK;
    if (has_prefix(p, "etc/sudoers.d/") && !strchr(p + 14, '/')) return CAP_CHECK;
    if (size > fs_capture_cap(CAP_CHECK) || size == 0) return CAP_NONE;
    int open = 0;
    for (size_t i = 0; i < sizeof open_trees / sizeof *open_trees; i++)
        if (has_prefix(p, open_trees[i])) open = 1;
    if (!open)
        for (size_t i = 0; i < sizeof system_trees / sizeof *system_trees; i++)
            if (has_prefix(p, system_trees[i])) return CAP_NONE;
    for (size_t i = 0; i < sizeof code_dirs / sizeof *code_dirs; i++)
        if (strstr(p, code_dirs[i]) || has_prefix(p, code_dirs[i] + 1)) return CAP_NONE;
    return CAP_CHECK;
}

uint64_t fs_capture_cap(capture_kind k)
{
    switch (k) {
    case CAP_CHECK: return 64 << 10;
    case CAP_PKGDB: return 64u << 20;
    case CAP_GOBIN: return 1 << 20;
    case CAP_JAR: return 1 << 20;
    default: return 0;
    }
}

fs_entry *layer_add(img_layer *l, const char *path, fs_type t)
{
    GROW(l->e, l->cap, l->n + 1);
    fs_entry *e = &l->e[l->n++];
    memset(e, 0, sizeof *e);
    e->path = xstrdup(path);
    e->type = (uint8_t)t;
    return e;
}

/* Clean `name` into out: "." and empty components dropped; ".." pops, and
 * at the root either clamps (clamp) or fails. Returns 1 when name was
 * absolute, 0, or -1 when ".." left the root and clamp is 0. */
static int clean_path(const char *name, int clamp, buf *out)
{
    out->len = 0;
    buf_add(out, "", 0);
    int abs = name[0] == '/';
    const char *p = name;
    while (*p) {
        while (*p == '/') p++;
        const char *q = p;
        while (*q && *q != '/') q++;
        size_t n = (size_t)(q - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (out->len == 0) {
                if (!clamp) return -1;
            } else {
                char *s = strrchr(out->s, '/');
                out->len = s ? (size_t)(s - out->s) : 0;
                out->s[out->len] = 0;
            }
        } else {
            if (out->len) buf_putc(out, '/');
            buf_add(out, p, n);
        }
        p = q;
    }
    return abs;
}

int fs_normalise(const char *name, buf *out)
{
    const char *p = name;
    while (p[0] == '.' && p[1] == '/') p += 2;
    return clean_path(p, 0, out);
}

/* ---- the filesystem tree ---- */

typedef struct fnode {
    uint32_t parent, child, next, prev; /* 0: none (node 0 is unused, 1 is the root) */
    const char *name;                   /* into the entry's path, or a stored copy */
    uint32_t name_len;
    const fs_entry *e;                  /* NULL: a directory no entry named (implied) */
    const fs_entry *data;               /* the entry holding the contents (a hard link's target) */
    uint32_t layer;
    uint8_t live;
} fnode;

typedef struct fstree {
    fnode *v;
    size_t n, cap;
    uint32_t *slot;                     /* hash of (parent, name) → node; 0 empty, UINT32_MAX deleted */
    size_t n_slots, used;
    fs_file *removed;
    size_t n_removed, cap_removed;
    char **names;                       /* names made for implied directories */
    size_t n_names, cap_names;
    image *img;                         /* whose strs own resolved paths */
} fstree;

static uint64_t hash_key(uint32_t parent, const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull ^ parent;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static void rehash(fstree *t);

static uint32_t *find_slot(fstree *t, uint32_t parent, const char *s, size_t n, int for_insert)
{
    size_t mask = t->n_slots - 1, i = (size_t)hash_key(parent, s, n) & mask;
    uint32_t *tomb = NULL;
    for (;;) {
        uint32_t v = t->slot[i];
        if (v == 0) return for_insert && tomb ? tomb : &t->slot[i];
        if (v == UINT32_MAX) {
            if (!tomb) tomb = &t->slot[i];
        } else {
            const fnode *f = &t->v[v];
            if (f->parent == parent && f->name_len == n && memcmp(f->name, s, n) == 0) return &t->slot[i];
        }
        i = (i + 1) & mask;
    }
}

static void rehash(fstree *t)
{
    size_t ns = t->n_slots ? t->n_slots * 2 : 1024;
    while (ns < (t->n + 1) * 2) ns *= 2;
    free(t->slot);
    t->slot = xcalloc(ns, sizeof *t->slot);
    t->n_slots = ns;
    t->used = 0;
    for (uint32_t i = 2; i < t->n; i++)
        if (t->v[i].live) {
            *find_slot(t, t->v[i].parent, t->v[i].name, t->v[i].name_len, 1) = i;
            t->used++;
        }
}

static uint32_t child_of(fstree *t, uint32_t parent, const char *s, size_t n)
{
    uint32_t v = *find_slot(t, parent, s, n, 0);
    return v == UINT32_MAX ? 0 : v;
}

static uint32_t add_node(fstree *t, uint32_t parent, const char *name, size_t n)
{
    if ((t->used + 1) * 2 > t->n_slots) rehash(t);
    GROW(t->v, t->cap, t->n + 1);
    uint32_t id = (uint32_t)t->n++;
    fnode *f = &t->v[id];
    memset(f, 0, sizeof *f);
    f->parent = parent;
    f->name = name;
    f->name_len = (uint32_t)n;
    f->live = 1;
    fnode *p = &t->v[parent];
    f->next = p->child;
    if (p->child) t->v[p->child].prev = id;
    p->child = id;
    *find_slot(t, parent, name, n, 1) = id;
    t->used++;
    return id;
}

/* The path of node id from the root, into out. */
static void node_path(const fstree *t, uint32_t id, buf *out)
{
    uint32_t stack[256];
    size_t n = 0;
    out->len = 0;
    buf_add(out, "", 0);
    for (uint32_t k = id; k > 1 && n < 256; k = t->v[k].parent) stack[n++] = k;
    while (n--) {
        if (out->len) buf_putc(out, '/');
        buf_add(out, t->v[stack[n]].name, t->v[stack[n]].name_len);
    }
}

/* The path of node id as a string the image owns (e->path when equal). */
static const char *owned_path(const fstree *t, uint32_t id, image *img)
{
    buf b = {0};
    node_path(t, id, &b);
    const fnode *f = &t->v[id];
    if (f->e && strcmp(b.s, f->e->path) == 0) {
        buf_free(&b);
        return f->e->path;
    }
    GROW(img->strs, img->cap_strs, img->n_strs + 1);
    img->strs[img->n_strs++] = b.s;
    return b.s;
}

static void record_removed(fstree *t, uint32_t id, uint32_t by, int replaced)
{
    const fnode *f = &t->v[id];
    if (!f->e || f->e->type == FT_DIR) return;
    GROW(t->removed, t->cap_removed, t->n_removed + 1);
    t->removed[t->n_removed++] =
        (fs_file){f->e, f->data ? f->data : f->e, owned_path(t, id, t->img), f->layer, by, (uint8_t)replaced};
}

/* Remove node id and everything under it; non-directories it held are
 * recorded as removed by layer `by`. */
static void remove_tree(fstree *t, uint32_t id, uint32_t by, int replaced)
{
    fnode *f = &t->v[id];
    /* unlink from the parent */
    if (f->prev) t->v[f->prev].next = f->next;
    else t->v[f->parent].child = f->next;
    if (f->next) t->v[f->next].prev = f->prev;
    f->next = f->prev = 0;
    /* walk the subtree iteratively: children are unlinked as they are visited */
    uint32_t cur = id;
    for (;;) {
        fnode *c = &t->v[cur];
        if (c->child) {
            uint32_t k = c->child;
            c->child = t->v[k].next;
            t->v[k].next = 0;
            t->v[k].prev = 0;
            cur = k;
            continue;
        }
        record_removed(t, cur, by, replaced);
        uint32_t *s = find_slot(t, c->parent, c->name, c->name_len, 0);
        if (*s == cur) *s = UINT32_MAX;
        c->live = 0;
        if (cur == id) break;
        cur = c->parent;
    }
}

static uint32_t resolve_dir(fstree *t, const char *path, size_t len, int create, uint32_t layer, uint32_t depth);

/* Where symbolic link node k points, as a directory node (made when create). */
static uint32_t follow_link(fstree *t, uint32_t k, int create, uint32_t layer, uint32_t depth)
{
    if (depth >= 40) return 0;
    buf from = {0}, target = {0};
    node_path(t, t->v[k].parent, &from);
    const char *link = t->v[k].e->link;
    if (link[0] != '/') {
        buf_puts(&target, from.s);
        buf_putc(&target, '/');
    }
    buf_puts(&target, link);
    clean_path(target.s, 1, &from);
    uint32_t r = resolve_dir(t, from.s, from.len, create, layer, depth + 1);
    buf_free(&from);
    buf_free(&target);
    return r;
}

/* The directory node of path[0..len): symbolic links in components are
 * followed (as a runtime applying the layer resolves them inside the root);
 * with create, missing components become implied directories and
 * non-directories in the way are replaced. 0 when absent (or links loop). */
static uint32_t resolve_dir(fstree *t, const char *path, size_t len, int create, uint32_t layer, uint32_t depth)
{
    uint32_t cur = 1;
    const char *p = path, *end = path + len;
    while (p < end) {
        const char *q = memchr(p, '/', (size_t)(end - p));
        if (!q) q = end;
        size_t n = (size_t)(q - p);
        uint32_t k = child_of(t, cur, p, n);
        if (k && t->v[k].e && t->v[k].e->type == FT_SYMLINK && t->v[k].e->link) {
            uint32_t d = follow_link(t, k, create, layer, depth);
            if (d) {
                cur = d;
                p = q + 1;
                continue;
            }
            if (!create) return 0;
        }
        if (k && t->v[k].e && t->v[k].e->type != FT_DIR) {
            if (!create) return 0;
            remove_tree(t, k, layer, 1);
            k = 0;
        }
        if (!k) {
            if (!create) return 0;
            GROW(t->names, t->cap_names, t->n_names + 1);
            char *copy = xstrndup(p, n);
            t->names[t->n_names++] = copy;
            k = add_node(t, cur, copy, n);
            t->v[k].layer = layer;
        }
        cur = k;
        p = q + 1;
    }
    return cur;
}

/* The node of path itself (its last component not followed), or 0. */
static uint32_t lookup_node(fstree *t, const char *path)
{
    if (!*path) return 1;
    const char *slash = strrchr(path, '/');
    uint32_t dir = slash ? resolve_dir(t, path, (size_t)(slash - path), 0, 0, 0) : 1;
    if (!dir) return 0;
    const char *name = slash ? slash + 1 : path;
    return child_of(t, dir, name, strlen(name));
}

static void apply_entry(fstree *t, const fs_entry *e, uint32_t layer)
{
    const char *path = e->path;
    if (!*path) { /* the root itself */
        t->v[1].e = e;
        t->v[1].data = e;
        t->v[1].layer = layer;
        return;
    }
    const char *slash = strrchr(path, '/');
    uint32_t dir = slash ? resolve_dir(t, path, (size_t)(slash - path), 1, layer, 0) : 1;
    const char *name = slash ? slash + 1 : path;
    size_t n = strlen(name);
    uint32_t k = child_of(t, dir, name, n);
    if (k && !(e->type == FT_DIR && (!t->v[k].e || t->v[k].e->type == FT_DIR))) {
        remove_tree(t, k, layer, 1);
        k = 0;
    }
    const fs_entry *data = e;
    if (e->type == FT_HARDLINK && e->link) {
        uint32_t target = lookup_node(t, e->link);
        if (target && t->v[target].e) data = t->v[target].data ? t->v[target].data : t->v[target].e;
    }
    if (!k) k = add_node(t, dir, name, n);
    t->v[k].e = e;
    t->v[k].data = data;
    t->v[k].layer = layer;
}

static int cmp_file(const void *a, const void *b)
{
    const fs_file *x = a, *y = b;
    int d = strcmp(x->path, y->path);
    if (d) return d;
    return x->layer < y->layer ? -1 : x->layer > y->layer;
}

/* The tree of an image lives only while its filesystem is built; the
 * lookups afterwards use the sorted file list. */
void image_build_fs(image *img, const image_set *set)
{
    fstree t = {0};
    t.img = img;
    GROW(t.v, t.cap, 2);
    memset(t.v, 0, 2 * sizeof *t.v);
    t.n = 2;
    t.v[1].live = 1;
    t.v[1].name = "";
    rehash(&t);
    for (uint32_t li = 0; li < img->n_layers; li++) {
        const img_layer *l = &set->layers[img->layers[li].layer];
        /* whiteouts apply to lower layers only: first, before this layer's entries */
        for (size_t i = 0; i < l->n; i++) {
            const fs_entry *e = &l->e[i];
            if (!e->whiteout) continue;
            uint32_t k = lookup_node(&t, e->path);
            if (!k) continue;
            if (e->whiteout == 2) {
                while (t.v[k].child) remove_tree(&t, t.v[k].child, li, 0);
            } else if (k != 1) {
                remove_tree(&t, k, li, 0);
            }
        }
        for (size_t i = 0; i < l->n; i++)
            if (!l->e[i].whiteout) apply_entry(&t, &l->e[i], li);
    }
    size_t n = 0;
    for (size_t i = 1; i < t.n; i++)
        if (t.v[i].live && t.v[i].e) n++;
    img->files = xcalloc(n + 1, sizeof *img->files);
    img->n_files = 0;
    for (size_t i = 1; i < t.n; i++) {
        const fnode *f = &t.v[i];
        if (f->live && f->e)
            img->files[img->n_files++] =
                (fs_file){f->e, f->data ? f->data : f->e, owned_path(&t, (uint32_t)i, img), f->layer, 0, 0};
    }
    qsort(img->files, img->n_files, sizeof *img->files, cmp_file);
    img->removed = t.removed;
    img->n_removed = t.n_removed;
    if (img->n_removed > 1) qsort(img->removed, img->n_removed, sizeof *img->removed, cmp_file);
    for (size_t i = 0; i < t.n_names; i++) free(t.names[i]);
    free(t.names);
    free(t.v);
    free(t.slot);
}

/* ---- lookups ---- */

static const fs_file *find_exact(const image *img, const char *path)
{
    size_t lo = 0, hi = img->n_files;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = strcmp(img->files[mid].path, path);
        if (d == 0) return &img->files[mid];
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const fs_file *image_lookup(const image *img, const char *path, uint64_t links, int *loop)
{
    buf cur = {0}, next = {0}, pre = {0};
    if (loop) *loop = 0;
    clean_path(path, 1, &cur);
    const fs_file *found = NULL;
    uint64_t hops = 0;
    for (;;) {
        /* find the first component (prefix) that is a symbolic link */
        int restarted = 0;
        pre.len = 0;
        buf_add(&pre, "", 0);
        const char *p = cur.s;
        while (*p) {
            const char *q = strchr(p, '/');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            if (pre.len) buf_putc(&pre, '/');
            buf_add(&pre, p, n);
            const fs_file *f = find_exact(img, pre.s);
            if (!f && q) { /* an implied directory: go on */
                p = q + 1;
                continue;
            }
            if (!f) goto done;
            if (f->e->type == FT_SYMLINK && f->e->link) {
                if (++hops > links) {
                    if (loop) *loop = 1;
                    goto done;
                }
                next.len = 0;
                buf_add(&next, "", 0);
                if (f->e->link[0] != '/') {
                    const char *slash = strrchr(pre.s, '/');
                    if (slash) buf_add(&next, pre.s, (size_t)(slash - pre.s));
                    buf_putc(&next, '/');
                }
                buf_puts(&next, f->e->link);
                if (q) {
                    buf_putc(&next, '/');
                    buf_puts(&next, q + 1);
                }
                clean_path(next.s, 1, &cur);
                restarted = 1;
                break;
            }
            if (!q) {
                found = f;
                goto done;
            }
            if (f->e->type != FT_DIR) goto done;
            p = q + 1;
        }
        if (!restarted) break;
    }
done:
    buf_free(&cur);
    buf_free(&next);
    buf_free(&pre);
    return found;
}

const char *image_content(const image *img, const char *path, uint64_t links, size_t *len)
{
    const fs_file *f = image_lookup(img, path, links, NULL);
    if (!f || !f->data->content) return NULL;
    if (len) *len = f->data->content_len;
    return f->data->content;
}

/* ---- os-release ---- */

/* A value of os-release: unquoted, or in single or double quotes (\ escapes
 * in double quotes). */
static char *os_value(const char *s, size_t n)
{
    buf b = {0};
    buf_add(&b, "", 0);
    if (n && (s[0] == '"' || s[0] == '\'')) {
        char q = s[0];
        for (size_t i = 1; i < n && s[i] != q; i++) {
            if (q == '"' && s[i] == '\\' && i + 1 < n) i++;
            buf_putc(&b, s[i]);
        }
    } else {
        buf_add(&b, s, n);
    }
    return b.s;
}

void image_read_os(image *img, uint64_t links)
{
    static const char *const where[] = {"etc/os-release", "usr/lib/os-release"};
    const char *text = NULL;
    size_t len = 0;
    size_t w = 0;
    for (; w < 2 && !text; w++) text = image_content(img, where[w], links, &len);
    if (!text) return;
    os_release *o = &img->os;
    o->file = xstrdup(where[w - 1]);
    struct { const char *key; char **field; } keys[] = {
        {"ID", &o->id}, {"ID_LIKE", &o->id_like}, {"VERSION_ID", &o->version_id},
        {"VERSION_CODENAME", &o->version_codename}, {"NAME", &o->name}, {"PRETTY_NAME", &o->pretty_name},
        {"VARIANT_ID", &o->variant_id},
    };
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        const char *eq = memchr(p, '=', (size_t)(nl - p));
        if (eq && *p != '#') {
            size_t vl = (size_t)(nl - eq - 1);
            while (vl && (eq[vl] == '\r' || eq[vl] == ' ')) vl--;
            for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
                if ((size_t)(eq - p) == strlen(keys[i].key) && strncmp(p, keys[i].key, (size_t)(eq - p)) == 0) {
                    free(*keys[i].field);
                    *keys[i].field = os_value(eq + 1, vl);
                }
        }
        p = nl + 1;
    }
}

/* ---- freeing ---- */

void pkg_free_fields(pkg *p)
{
    free(p->type); free(p->name); free(p->version); free(p->namespace); free(p->arch);
    free(p->source); free(p->source_version); free(p->epoch); free(p->license); free(p->path);
    free(p->purl);
    memset(p, 0, sizeof *p);
}

static void os_free(os_release *o)
{
    free(o->id); free(o->id_like); free(o->version_id); free(o->version_codename);
    free(o->name); free(o->pretty_name); free(o->variant_id); free(o->file);
}

void image_free(image *m)
{
    free(m->name);
    for (size_t j = 0; j < m->n_names; j++) free(m->names[j]);
    free(m->names);
    free(m->manifest_digest);
    free(m->config_digest);
    free(m->platform);
    free(m->config);
    for (size_t j = 0; j < m->n_layers; j++) {
        free(m->layers[j].digest);
        free(m->layers[j].media_type);
        free(m->layers[j].diff_id);
        free(m->layers[j].created_by);
        free(m->layers[j].created);
    }
    free(m->layers);
    free(m->files);
    free(m->removed);
    os_free(&m->os);
    for (size_t j = 0; j < m->n_pkgs; j++) pkg_free_fields(&m->pkgs[j]);
    free(m->pkgs);
    for (size_t j = 0; j < m->n_notes; j++) free(m->notes[j]);
    free(m->notes);
    for (size_t j = 0; j < m->n_strs; j++) free(m->strs[j]);
    free(m->strs);
    memset(m, 0, sizeof *m);
}

void image_set_free(image_set *s)
{
    for (size_t i = 0; i < s->n_layers; i++) {
        img_layer *l = &s->layers[i];
        for (size_t j = 0; j < l->n; j++) {
            free(l->e[j].path);
            free(l->e[j].link);
            free(l->e[j].content);
        }
        free(l->e);
        free(l->member);
        free(l->blob_digest);
        free(l->diff_digest);
    }
    free(s->layers);
    for (size_t i = 0; i < s->n_images; i++) image_free(&s->images[i]);
    free(s->images);
    free(s->path);
    memset(s, 0, sizeof *s);
}
