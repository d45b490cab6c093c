/* baseline.c — stable fingerprints and the baseline file (see baseline.h).
 * Must not print or depend on line numbers. */
#include "baseline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"

/* Two FNV-1a 64-bit hashes with different offsets: 128 bits, ample here. */
typedef struct hash2 {
    uint64_t a, b;
} hash2;

static void hash_add(hash2 *h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        h->a = (h->a ^ *p) * 0x100000001b3ULL;
        h->b = (h->b ^ *p) * 0x100000001b3ULL;
    }
    /* a separator no text contains, so ("ab","c") differs from ("a","bc") */
    h->a = (h->a ^ 0xff) * 0x100000001b3ULL;
    h->b = (h->b ^ 0xfe) * 0x100000001b3ULL;
}

/* The path with `containers[3]` written `containers[=name]` when the finding
 * names its container, so reordering containers keeps fingerprints. */
static void stable_path(buf *b, const char *path, const char *container)
{
    const char *p = path ? path : "";
    while (*p) {
        const char *q = strstr(p, "ontainers[");
        if (!q || !container) {
            buf_puts(b, p);
            return;
        }
        q += strlen("ontainers[");
        const char *d = q;
        while (*d >= '0' && *d <= '9') d++;
        buf_add(b, p, (size_t)(q - p));
        if (d > q && *d == ']') buf_printf(b, "=%s", container);
        else buf_add(b, q, (size_t)(d - q));
        p = d;
    }
}

/* Dockerfile paths: everything up to the instruction's index is replaced by
 * the instruction's keyword and text. */
static void dockerfile_key(buf *b, const finding *f)
{
    const char *path = f->path ? f->path : "";
    if (!f->doc || !f->instr) {
        buf_puts(b, path);
        return;
    }
    const tree *t = f->doc->t;
    const char *cmd = tree_member_str(t, f->instr, "cmd");
    const char *orig = tree_member_str(t, f->instr, "original");
    buf_printf(b, "%s\x1f", cmd ? cmd : "");
    /* whitespace-insensitive: re-indenting a continuation keeps it */
    int space = 0;
    for (const char *p = orig ? orig : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\\') {
            space = 1;
            continue;
        }
        if (space) buf_putc(b, ' ');
        space = 0;
        buf_putc(b, *p);
    }
    const char *at = NULL;
    for (const char *q = strstr(path, "instructions["); q; q = strstr(q + 1, "instructions[")) at = q;
    if (at) {
        const char *close = strchr(at, ']');
        buf_printf(b, "\x1f%s", close ? close + 1 : "");
    } else {
        buf_printf(b, "\x1f%s", path);
    }
}

/* Image archive paths: `files[N]` / `removed[N]` written as the file's own
 * path, so a file added elsewhere in a new build keeps every fingerprint. */
static void archive_key(buf *b, const finding *f)
{
    const char *path = f->path ? f->path : "";
    const char *lists[] = {"files[", "removed["};
    for (size_t i = 0; i < 2 && f->doc; i++) {
        size_t ll = strlen(lists[i]);
        if (strncmp(path, lists[i], ll) != 0) continue;
        char *end;
        unsigned long k = strtoul(path + ll, &end, 10);
        const tree *t = f->doc->t;
        node_id seq = tree_member(t, f->doc->root, i ? "removed" : "files", NULL);
        if (*end != ']' || !seq || t->nodes[seq].kind != N_SEQ || k >= t->nodes[seq].n) break;
        const char *fp = tree_member_str(t, t->kids[t->nodes[seq].kids + k].val, "path");
        buf_printf(b, "%.*s%s]%s", (int)ll - 1, lists[i], fp ? fp : "", end + 1);
        return;
    }
    buf_puts(b, path);
}

/* The image's repository without its tag (a new tag of the same image keeps
 * its fingerprints). */
static char *archive_repo(const char *name)
{
    if (!name) return NULL;
    const char *slash = strrchr(name, '/'), *colon = strrchr(name, ':'), *at = strchr(name, '@');
    if (at) return xstrndup(name, (size_t)(at - name));
    if (colon && (!slash || colon > slash) && strncmp(name, "sha256:", 7) != 0)
        return xstrndup(name, (size_t)(colon - name));
    return xstrdup(name);
}

static int cmp_strp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Indices into the fingerprints ctx, by fingerprint (stable: equal ones
 * stay in result order). */
static int cmp_index(const void *a, const void *b, void *ctx)
{
    char *const *fp = ctx;
    return strcmp(fp[*(const size_t *)a], fp[*(const size_t *)b]);
}

char **baseline_fingerprints(const scan_result *r, const checkset *set)
{
    size_t n = r->res.n_f;
    char **fp = xcalloc(n + 1, sizeof *fp);
    for (size_t i = 0; i < n; i++) {
        const finding *f = &r->res.f[i];
        hash2 h = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
        display_loc loc;
        display_finding_loc(&r->roots, f, 1, &loc);
        char *rel = loc.file;
        buf key = {0};
        int arc = f->doc && f->doc->type == DOC_ARCHIVE;
        char *repo = arc ? archive_repo(f->name) : NULL;
        if (f->doc && f->doc->type == DOC_DOCKERFILE) dockerfile_key(&key, f);
        else if (arc) archive_key(&key, f);
        else stable_path(&key, f->path, f->container);
        hash_add(&h, "plimsoll-fp-1");
        hash_add(&h, set->v[f->check].name);
        hash_add(&h, rel);
        hash_add(&h, f->kind);
        hash_add(&h, f->ns);
        hash_add(&h, arc ? repo : f->name);
        free(repo);
        hash_add(&h, f->container);
        hash_add(&h, key.s);
        char hex[40];
        snprintf(hex, sizeof hex, "%016llx%016llx", (unsigned long long)h.a, (unsigned long long)h.b);
        fp[i] = xstrdup(hex);
        free(rel);
        buf_free(&key);
    }
    /* Repeats (same finding twice in one place) get :2, :3 … in result order:
     * sort indices by hash (stably), then number each run. */
    size_t *ix = xmalloc((n + 1) * sizeof *ix);
    for (size_t i = 0; i < n; i++) ix[i] = i;
    sort_ctx(ix, n, sizeof *ix, cmp_index, fp);
    for (size_t i = 1; i < n; i++) {
        size_t run = i - 1;
        while (i < n && strcmp(fp[ix[i]], fp[ix[run]]) == 0) i++;
        for (size_t j = run + 1; j < i; j++) {
            char *x = xmalloc(48);
            snprintf(x, 48, "%s:%zu", fp[ix[j]], j - run + 1);
            free(fp[ix[j]]);
            fp[ix[j]] = x;
        }
    }
    free(ix);
    return fp;
}

void baseline_fingerprints_free(char **fp, size_t n)
{
    if (!fp) return;
    for (size_t i = 0; i < n; i++) free(fp[i]);
    free(fp);
}

void baseline_write(buf *out, const scan_result *r, const checkset *set, char **fp, const char *version)
{
    json_t *root = json_object();
    json_object_set_new(root, "plimsoll_baseline", json_integer(1));
    json_object_set_new(root, "tool_version", json_string(version));
    json_t *a = json_array();
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (f->suppressed) continue;
        json_t *o = json_object();
        display_loc loc;
        display_finding_loc(&r->roots, f, 1, &loc);
        char *rel = loc.file;
        json_object_set_new(o, "fingerprint", json_string(fp[i]));
        json_object_set_new(o, "check", json_string(set->v[f->check].name));
        json_object_set_new(o, "file", json_string(rel));
        buf res = {0};
        display_resource(&res, f->kind, f->ns, f->name);
        if (f->container) buf_printf(&res, "%scontainer %s", res.len ? " " : "", f->container);
        json_t *rs = json_string(res.s ? res.s : "");
        json_object_set_new(o, "resource", rs ? rs : json_string(""));
        json_t *ps = json_string(f->path ? f->path : "");
        json_object_set_new(o, "path", ps ? ps : json_string(""));
        json_array_append_new(a, o);
        buf_free(&res);
        free(rel);
    }
    json_object_set_new(root, "findings", a);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(root);
}

int baseline_load(const char *path, baseline *b, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        snprintf(err, errlen, "%s:%d:%d: not a baseline: %s", path, je.line, je.column, je.text);
        return -1;
    }
    json_t *a = json_object_get(root, "findings");
    if (!json_is_integer(json_object_get(root, "plimsoll_baseline")) || !json_is_array(a)) {
        snprintf(err, errlen, "%s: not a plimsoll baseline (write one with --write-baseline)", path);
        json_decref(root);
        return -1;
    }
    size_t i;
    json_t *v;
    b->fp = xcalloc(json_array_size(a) + 1, sizeof *b->fp);
    json_array_foreach(a, i, v) {
        const char *s = json_string_value(json_object_get(v, "fingerprint"));
        if (s) b->fp[b->n++] = xstrdup(s);
    }
    qsort(b->fp, b->n, sizeof *b->fp, cmp_strp);
    json_decref(root);
    return 0;
}

int baseline_has(const baseline *b, const char *fp)
{
    return b->n && bsearch(&fp, b->fp, b->n, sizeof *b->fp, cmp_strp) != NULL;
}

void baseline_free(baseline *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->fp[i]);
    free(b->fp);
    memset(b, 0, sizeof *b);
}
