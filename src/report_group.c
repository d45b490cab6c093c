/* report_group.c — which text entry each finding is printed in, and the one
 * combined fix of a group of hardening findings (see report_group.h). */
#include "report_group.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int report_section(const finding *f, const checkset *set)
{
    return set->v[f->check].hardening ? SECTION_HARDENING : SECTION_RISK;
}

static int str_eq(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0 && !a == !b; }

/* Findings a and b are about the same resource. */
static int same_resource(const finding *a, const finding *b)
{
    return a->src == b->src && a->doc_key == b->doc_key && str_eq(a->kind, b->kind) && str_eq(a->ns, b->ns) &&
           str_eq(a->name, b->name) && str_eq(a->container, b->container);
}

/* A hardening finding of a per-document check on a Kubernetes object or a
 * Compose service (a Dockerfile's findings stay at their instructions). */
static int groupable(const finding *f, const checkset *set)
{
    const check *c = &set->v[f->check];
    unsigned input = f->doc ? input_of_doc(f->doc->type) : f->input;
    return c->hardening && !c->cross && (input == IN_KUBERNETES || input == IN_COMPOSE);
}

void report_group_plan(const finding *f, size_t n, const checkset *set, const unsigned char *show, uint32_t *leader)
{
    /* The open groups: one per resource of the current document (findings
     * come in file and line order, and a document's lines are its own, so
     * another document closes them: the search stays within one document). */
    uint32_t *open = NULL;
    size_t n_open = 0, cap = 0;
    const void *file = NULL, *in_doc = NULL;
    for (size_t i = 0; i < n; i++) {
        leader[i] = (uint32_t)i;
        if (show[i] != 1 || !groupable(&f[i], set)) continue;
        if (f[i].src != file || f[i].doc_key != in_doc) {
            file = f[i].src;
            in_doc = f[i].doc_key;
            n_open = 0;
        }
        size_t k = 0;
        while (k < n_open && !same_resource(&f[open[k]], &f[i])) k++;
        if (k < n_open) {
            leader[i] = open[k];
        } else {
            GROW(open, cap, n_open + 1);
            open[n_open++] = (uint32_t)i;
        }
    }
    free(open);
}

void text_plan_make(text_plan *p, const finding *f, size_t n, const checkset *set, unsigned char *show)
{
    memset(p, 0, sizeof *p);
    p->f = f;
    p->n = n;
    p->show = show;
    p->leader = xmalloc((n + 1) * sizeof *p->leader);
    p->size = xcalloc(n + 1, sizeof *p->size);
    report_group_plan(f, n, set, show, p->leader);
    for (size_t i = 0; i < n; i++)
        if (show[i]) {
            int sec = report_section(&f[i], set);
            p->found[sec]++;
            if (p->leader[i] == i) p->entries[sec]++;
            p->size[p->leader[i]]++;
        }
}

size_t text_plan_entry(text_plan *p, size_t i, const finding *const **m)
{
    if (!p->show[i] || p->leader[i] != i) return 0;
    GROW(p->members, p->cap_members, p->size[i]);
    size_t k = 0;
    for (size_t j = i; j < p->n && k < p->size[i]; j++)
        if (p->show[j] && p->leader[j] == i) p->members[k++] = &p->f[j];
    *m = p->members;
    return k;
}

void text_plan_free(text_plan *p)
{
    free(p->show);
    free(p->leader);
    free(p->size);
    free(p->members);
}

/* ---------------------------------------------------------- the fix */

/* One segment of a finding path: a key (`a`, `["a.b"]`) or an index (`[0]`). */
typedef struct path_seg {
    const char *raw;    /* as written */
    size_t len;
    int index;          /* [n] */
} path_seg;

/* Split path into segments (at most max); returns how many, or -1 when
 * it is not a path of that syntax. */
static int split_path(const char *p, path_seg *out, int max)
{
    int n = 0;
    while (*p) {
        if (n == max) return -1;
        path_seg *s = &out[n++];
        s->raw = p;
        s->index = 0;
        if (*p == '[') {
            s->index = p[1] != '"';
            const char *q = p + 1;
            if (*q == '"') {
                for (q++; *q && *q != '"'; q++)
                    if (*q == '\\' && q[1]) q++;
                if (*q != '"' || q[1] != ']') return -1;
                q += 2;
            } else {
                while (*q >= '0' && *q <= '9') q++;
                if (*q != ']' || q == p + 1) return -1;
                q++;
            }
            s->len = (size_t)(q - p);
            p = q;
        } else {
            const char *q = p;
            while (*q && *q != '.' && *q != '[') q++;
            if (q == p) return -1;
            s->len = (size_t)(q - p);
            p = q;
        }
        if (*p == '.') {
            p++;
            if (!*p || *p == '.' || *p == '[') return -1;
        }
    }
    return n;
}

static int seg_eq(const path_seg *a, const path_seg *b) { return a->len == b->len && memcmp(a->raw, b->raw, a->len) == 0; }

/* The key a segment names (unquoted), malloc'd. */
static char *seg_key(const path_seg *s)
{
    if (s->raw[0] != '[') return xstrndup(s->raw, s->len);
    buf b = {0};
    for (size_t i = 2; i + 2 < s->len; i++) {
        if (s->raw[i] == '\\' && i + 3 < s->len) i++;
        buf_putc(&b, s->raw[i]);
    }
    if (!b.s) return xstrdup("");
    return b.s;
}

#define MAX_SEGS 64

/* A YAML tree of the fixes to paste, in the order they were first named. */
typedef struct ynode {
    char *key;
    json_t *value;          /* a leaf's value (borrowed reference kept), or NULL */
    struct ynode **kids;
    size_t n_kids, cap_kids;
} ynode;

static void ynode_free(ynode *y)
{
    for (size_t i = 0; i < y->n_kids; i++) {
        ynode_free(y->kids[i]);
        free(y->kids[i]);
    }
    free(y->kids);
    free(y->key);
    if (y->value) json_decref(y->value);
}

/* Put value at the keys k[0..n) under y; a place already set keeps its
 * first value. Returns 0, or -1 when the place conflicts (a leaf where a map
 * is needed or the other way round). */
static int ynode_put(ynode *y, char **k, int n, json_t *value)
{
    for (int i = 0; i < n; i++) {
        if (y->value) return -1;
        size_t j = 0;
        while (j < y->n_kids && strcmp(y->kids[j]->key, k[i]) != 0) j++;
        if (j == y->n_kids) {
            GROW(y->kids, y->cap_kids, y->n_kids + 1);
            y->kids[j] = xcalloc(1, sizeof *y->kids[j]);
            y->kids[j]->key = xstrdup(k[i]);
            y->n_kids++;
        }
        y = y->kids[j];
    }
    if (y->n_kids) return -1;
    if (!y->value) y->value = json_incref(value);
    return 0;
}

/* A YAML plain scalar needs no quotes (conservatively: a word of safe
 * characters that no YAML 1.1 or 1.2 reader takes for a bool, null or number). */
static int plain_ok(const char *s)
{
    static const char *const special[] = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", NULL};
    if (!*s) return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_-./", *p)))
            return 0;
    if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '.') return 0;
    for (size_t i = 0; special[i]; i++)
        if (strcasecmp(s, special[i]) == 0) return 0;
    return 1;
}

/* A scalar, or a flow collection, in YAML (JSON is YAML: quoted strings and
 * flow collections are written as JSON, plain words as they are). */
static void put_value(buf *out, json_t *v)
{
    if (json_is_string(v) && plain_ok(json_string_value(v))) {
        buf_puts(out, json_string_value(v));
        return;
    }
    if (json_is_array(v)) { /* [ALL] rather than ["ALL"] where that is safe */
        buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) buf_puts(out, ", ");
            put_value(out, json_array_get(v, i));
        }
        buf_putc(out, ']');
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    buf_puts(out, s ? s : "null");
    free(s);
}

static void put_key(buf *out, const char *k)
{
    if (plain_ok(k)) {
        buf_puts(out, k);
        return;
    }
    json_t *s = json_string(k);
    char *q = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
    buf_puts(out, q ? q : "\"\"");
    free(q);
    json_decref(s);
}

static void put_tree(buf *out, const ynode *y, int depth)
{
    for (size_t i = 0; i < y->n_kids; i++) {
        const ynode *k = y->kids[i];
        buf_putc(out, '\n');
        for (int d = 0; d < depth; d++) buf_puts(out, "  ");
        put_key(out, k->key);
        buf_putc(out, ':');
        if (k->value && (!json_is_object(k->value) || json_object_size(k->value) == 0)) {
            buf_putc(out, ' ');
            put_value(out, k->value);
        } else if (k->value) {
            /* an object value: its members as a nested block */
            ynode sub = {0};
            const char *mk;
            json_t *mv;
            json_object_foreach(k->value, mk, mv) {
                char *key = (char *)mk;
                ynode_put(&sub, &key, 1, mv);
            }
            put_tree(out, &sub, depth + 1);
            ynode_free(&sub);
        } else {
            put_tree(out, k, depth + 1);
        }
    }
}

/* The path segments all findings of m have in common: the resource's own. */
static int common_prefix(const finding *const *m, size_t n, path_seg *base)
{
    int nb = -1;
    path_seg s[MAX_SEGS];
    for (size_t i = 0; i < n; i++) {
        int ns = split_path(m[i]->path ? m[i]->path : "", s, MAX_SEGS);
        if (ns < 0) return 0;
        if (nb < 0) {
            memcpy(base, s, (size_t)ns * sizeof *s);
            nb = ns;
            continue;
        }
        int k = 0;
        while (k < nb && k < ns && seg_eq(&base[k], &s[k])) k++;
        nb = k;
    }
    return nb < 0 ? 0 : nb;
}

/* Is text already one of the n lines of seen? */
static int seen_before(char **seen, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(seen[i], text) == 0) return 1;
    return 0;
}

void report_group_fix(buf *out, const finding *const *m, size_t n, const checkset *set)
{
    path_seg base[MAX_SEGS];
    int nb = common_prefix(m, n, base);
    ynode root = {0};
    buf elsewhere = {0}, also = {0};
    char **seen = NULL;
    size_t n_seen = 0, cap_seen = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *fix = m[i]->fix_json ? json_loads(m[i]->fix_json, 0, NULL) : NULL;
        size_t used = 0;
        for (size_t e = 0; json_is_array(fix) && e < json_array_size(fix); e++) {
            json_t *it = json_array_get(fix, e), *v = json_object_get(it, "value");
            const char *path = json_string_value(json_object_get(it, "path"));
            if (!path || !v) continue;
            path_seg s[MAX_SEGS];
            int ns = split_path(path, s, MAX_SEGS), inside = ns > nb;
            for (int k = 0; inside && k < nb; k++) inside = seg_eq(&s[k], &base[k]);
            for (int k = nb; inside && k < ns; k++) inside = !s[k].index;
            int placed = 0;
            if (inside) {
                char *keys[MAX_SEGS];
                for (int k = nb; k < ns; k++) keys[k - nb] = seg_key(&s[k]);
                placed = ynode_put(&root, keys, ns - nb, v) == 0;
                for (int k = nb; k < ns; k++) free(keys[k - nb]);
            }
            if (!placed) {
                buf line = {0};
                buf_printf(&line, "set %s: ", path);
                put_value(&line, v);
                if (!seen_before(seen, n_seen, line.s)) {
                    buf_printf(&elsewhere, "\n%s", line.s);
                    GROW(seen, cap_seen, n_seen + 1);
                    seen[n_seen++] = line.s;
                } else {
                    buf_free(&line);
                }
            }
            used++;
        }
        if (fix) json_decref(fix);
        if (used) continue;
        const char *text = m[i]->remediation ? m[i]->remediation : set->v[m[i]->check].remediation;
        if (!text || seen_before(seen, n_seen, text)) continue;
        buf_printf(&also, "\n%s", text);
        GROW(seen, cap_seen, n_seen + 1);
        seen[n_seen++] = xstrdup(text);
    }
    if (root.n_kids) {
        buf_puts(out, "add");
        if (nb) {
            char *p = xstrndup(base[0].raw, (size_t)(base[nb - 1].raw + base[nb - 1].len - base[0].raw));
            buf_printf(out, " under %s", p);
            free(p);
        }
        buf_putc(out, ':');
        put_tree(out, &root, 1);
    }
    if (elsewhere.len) buf_add(out, root.n_kids ? elsewhere.s : elsewhere.s + 1, root.n_kids ? elsewhere.len : elsewhere.len - 1);
    if (also.len) {
        int first = !root.n_kids && !elsewhere.len;
        buf_add(out, first ? also.s + 1 : also.s, first ? also.len - 1 : also.len);
    }
    ynode_free(&root);
    buf_free(&elsewhere);
    buf_free(&also);
    for (size_t i = 0; i < n_seen; i++) free(seen[i]);
    free(seen);
}
