/* compose_env.c — see compose_env.h. Linear in the text: each ${…} is
 * scanned once (its default may nest further ${…}, to a depth of 16). */
#include "compose_env.h"

#include <stdlib.h>
#include <string.h>

#include "load.h"

static const char *lookup(const compose_vars *v, const char *name, size_t n)
{
    for (size_t i = v->n; i-- > 0;) /* a later line wins */
        if (strlen(v->name[i]) == n && memcmp(v->name[i], name, n) == 0) return v->value[i];
    return NULL;
}

static int name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
static int name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

/* Index of the '}' closing the ${ whose body starts at s[i], or n. */
static size_t closing(const char *s, size_t i, size_t n)
{
    int depth = 1;
    for (; i < n; i++) {
        if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
            depth++;
            i++;
        } else if (s[i] == '}' && --depth == 0) {
            return i;
        }
    }
    return n;
}

static void expand(buf *out, const char *s, size_t n, const compose_vars *v, int depth);

/* ${body}: append its value; 0 when it stays as written. */
static int braced(buf *out, const char *b, size_t n, const compose_vars *v, int depth)
{
    size_t k = 0;
    if (n == 0 || !name_start(b[0])) return 0;
    while (k < n && name_char(b[k])) k++;
    const char *val = lookup(v, b, k);
    if (k == n) {
        if (!val) return 0;
        buf_puts(out, val);
        return 1;
    }
    int colon = b[k] == ':';
    size_t op = k + (size_t)colon;
    if (op >= n) return 0;
    char o = b[op];
    const char *arg = b + op + 1;
    size_t alen = n - op - 1;
    int set = val && (!colon || *val);
    switch (o) {
    case '-':
        if (set) buf_puts(out, val);
        else if (depth < 16) expand(out, arg, alen, v, depth + 1);
        else return 0;
        return 1;
    case '+':
        if (set && depth < 16) expand(out, arg, alen, v, depth + 1);
        return 1;
    case '?':
        if (!set) return 0; /* docker compose stops with the error: the value is unknown */
        buf_puts(out, val);
        return 1;
    default:
        return 0;
    }
}

static void expand(buf *out, const char *s, size_t n, const compose_vars *v, int depth)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '$' || i + 1 >= n) {
            buf_putc(out, s[i]);
            continue;
        }
        if (s[i + 1] == '$') {
            buf_putc(out, '$');
            i++;
        } else if (s[i + 1] == '{') {
            size_t end = closing(s, i + 2, n);
            if (end == n || !braced(out, s + i + 2, end - i - 2, v, depth)) {
                size_t stop = end == n ? n : end + 1;
                buf_add(out, s + i, stop - i);
            }
            i = end == n ? n : end;
        } else if (name_start(s[i + 1])) {
            size_t k = i + 1;
            while (k < n && name_char(s[k])) k++;
            const char *val = lookup(v, s + i + 1, k - i - 1);
            if (val) buf_puts(out, val);
            else buf_add(out, s + i, k - i);
            i = k - 1;
        } else {
            buf_putc(out, '$');
        }
    }
}

char *compose_interpolate_text(const char *s, size_t n, const compose_vars *v)
{
    if (!memchr(s, '$', n)) return NULL;
    buf out = {0};
    expand(&out, s, n, v, 0);
    if (!out.s) out.s = xstrdup("");
    if (out.len == n && memcmp(out.s, s, n) == 0) {
        buf_free(&out);
        return NULL;
    }
    return out.s;
}

/* ---------------------------------------------------------------- .env */

static void add_var(compose_vars *v, const char *name, size_t nn, char *value)
{
    v->name = xrealloc(v->name, (v->n + 1) * sizeof *v->name);
    v->value = xrealloc(v->value, (v->n + 1) * sizeof *v->value);
    v->name[v->n] = xstrndup(name, nn);
    v->value[v->n] = value;
    v->n++;
}

void compose_vars_parse(const char *text, size_t len, compose_vars *v)
{
    size_t i = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n' && text[eol] != '\r') eol++;
        const char *p = text + i, *e = text + eol;
        i = eol + 1;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (e - p > 7 && memcmp(p, "export ", 7) == 0) p += 7;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (p == e || *p == '#' || !name_start(*p)) continue;
        const char *name = p;
        while (p < e && (name_char(*p) || *p == '.' || *p == '-')) p++;
        size_t nn = (size_t)(p - name);
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        if (p == e || *p != '=') continue;
        p++;
        while (p < e && (*p == ' ' || *p == '\t')) p++;
        buf val = {0};
        if (p < e && *p == '\'') {
            const char *q = memchr(p + 1, '\'', (size_t)(e - p - 1));
            buf_add(&val, p + 1, (size_t)((q ? q : e) - p - 1));
        } else if (p < e && *p == '"') {
            buf raw = {0};
            for (p++; p < e && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < e) {
                    p++;
                    buf_putc(&raw, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p);
                } else {
                    buf_putc(&raw, *p);
                }
            }
            char *x = raw.s ? compose_interpolate_text(raw.s, raw.len, v) : NULL;
            buf_puts(&val, x ? x : raw.s ? raw.s : "");
            free(x);
            buf_free(&raw);
        } else {
            const char *q = p;
            while (q < e && !(*q == '#' && q > p && (q[-1] == ' ' || q[-1] == '\t'))) q++;
            while (q > p && (q[-1] == ' ' || q[-1] == '\t')) q--;
            char *x = compose_interpolate_text(p, (size_t)(q - p), v);
            if (x) buf_puts(&val, x);
            else buf_add(&val, p, (size_t)(q - p));
            free(x);
        }
        add_var(v, name, nn, val.s ? val.s : xstrdup(""));
    }
}

void compose_vars_load(const char *compose_path, size_t max, compose_vars *v)
{
    memset(v, 0, sizeof *v);
    if (!compose_path || strcmp(compose_path, "-") == 0 || strcmp(compose_path, "<stdin>") == 0) return;
    const char *slash = strrchr(compose_path, '/');
    buf path = {0};
    if (slash) buf_add(&path, compose_path, (size_t)(slash - compose_path) + 1);
    buf_puts(&path, ".env");
    char *text, why[160];
    size_t len;
    if (read_file_max(path.s, max, &text, &len, why, sizeof why) == 0) {
        compose_vars_parse(text, len, v);
        free(text);
    }
    buf_free(&path);
}

void compose_vars_free(compose_vars *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free(v->name[i]);
        free(v->value[i]);
    }
    free(v->name);
    free(v->value);
    memset(v, 0, sizeof *v);
}

/* ------------------------------------------------------- the document */

typedef struct walker {
    tree *t;
    const compose_vars *v;
    unsigned char *seen; /* per node: 1 done or skipped */
} walker;

static void interpolate_node(walker *w, node_id id, int depth)
{
    if (id == NODE_NONE || w->seen[id] || depth > 256) return;
    w->seen[id] = 1;
    node *nd = tree_get(w->t, id);
    if (nd->kind == N_MAP || nd->kind == N_SEQ) {
        uint32_t first = nd->kids, n = nd->n;
        for (uint32_t k = 0; k < n; k++) interpolate_node(w, w->t->kids[first + k].val, depth + 1);
        return;
    }
    if (nd->kind != N_STR) return;
    char *x = compose_interpolate_text(tree_text(w->t, nd->str), nd->len, w->v);
    if (!x) return;
    size_t n = strlen(x);
    uint32_t off = tree_str(w->t, x, n);
    nd = tree_get(w->t, id); /* tree_str may move nothing of nodes, but stay safe */
    nd->str = off;
    nd->len = (uint32_t)n;
    nd->nseg = 0;
    nd->seg = 0;
    nd->flags |= NODE_INTERPOLATED;
    if (!(nd->flags & (NODE_QUOTED | NODE_BLOCK))) {
        int64_t iv = 0;
        double fv = 0;
        node_kind k = yaml_plain_kind(x, n, &iv, &fv);
        if (k == N_INT || k == N_BOOL) nd->v.i = iv;
        if (k == N_FLOAT) nd->v.f = fv;
        if (k != N_NULL) nd->kind = (uint8_t)k;
    }
    free(x);
}

void compose_interpolate(tree *t, node_id root, const compose_vars *v)
{
    node_id svcs = tree_member(t, root, "services", NULL);
    if (svcs == NODE_NONE || tree_get(t, svcs)->kind != N_MAP) return;
    walker w = {t, v, xcalloc(t->n_nodes + 1, 1)};
    const node *sn = tree_get(t, svcs);
    /* what stays as written: every service's environment and labels */
    for (uint32_t k = 0; k < sn->n; k++) {
        node_id svc = t->kids[sn->kids + k].val;
        if (tree_get(t, svc)->kind != N_MAP) continue;
        node_id env = tree_member(t, svc, "environment", NULL), lab = tree_member(t, svc, "labels", NULL);
        if (env) w.seen[env] = 1;
        if (lab) w.seen[lab] = 1;
    }
    interpolate_node(&w, svcs, 0);
    free(w.seen);
}
