/* doc.c — sources (text + line table), the node arena, and mapping a check's
 * path back to a line and column. No parsing of any input format here. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "mask.h"

source *source_new_owned(const char *path, char *text, size_t len)
{
    source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        memmove(text, text + 3, len - 3 + 1);
        len -= 3;
    }
    s->text = text;
    s->len = len;
    size_t cap = 0;
    GROW(s->line_start, cap, 1);
    s->line_start[s->n_lines++] = 0;
    /* Lines end at LF, CR LF, or a CR alone (old Mac files; YAML counts it as
     * a line break too), so a file of lone CRs is not one long line. */
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *stop = nl ? nl : end;
        for (const char *cr = memchr(p, '\r', (size_t)(stop - p)); cr; cr = memchr(cr, '\r', (size_t)(stop - cr))) {
            if (++cr == nl) break; /* CR LF: the LF ends the line */
            GROW(s->line_start, cap, s->n_lines + 1);
            s->line_start[s->n_lines++] = (uint32_t)(cr - text);
        }
        if (!nl) break;
        GROW(s->line_start, cap, s->n_lines + 1);
        s->line_start[s->n_lines++] = (uint32_t)(nl + 1 - text);
        p = nl + 1;
    }
    /* A final newline does not open a new (empty) line. */
    if (s->n_lines > 1 && s->line_start[s->n_lines - 1] == len) s->n_lines--;
    return s;
}

void source_free(source *s)
{
    if (!s) return;
    free(s->path);
    free(s->repo_path);
    for (uint32_t i = 0; i < s->n_origins; i++) free(s->origins[i].name);
    free(s->origins);
    free(s->text);
    free(s->line_start);
    mask_set_free(s->mask);
    free(s->mask);
    free(s);
}

void source_set_origins(source *s, doc *docs, size_t n)
{
    /* events in line order: a Source comment (name) or a document marker (NULL) */
    source_origin *ev = NULL;
    size_t n_ev = 0, cap = 0;
    for (uint32_t l = 1; l <= s->n_lines; l++) {
        size_t len;
        const char *t = source_line(s, l, &len);
        if (len >= 3 && memcmp(t, "---", 3) == 0 && (len == 3 || t[3] == ' ' || t[3] == '\t')) {
            GROW(ev, cap, n_ev + 1);
            ev[n_ev++] = (source_origin){l, NULL};
        } else if (len > 10 && memcmp(t, "# Source: ", 10) == 0) {
            size_t a = 10, b = len;
            while (a < b && t[a] == ' ') a++;
            while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t')) b--;
            if (a == b) continue;
            GROW(ev, cap, n_ev + 1);
            ev[n_ev++] = (source_origin){l, xstrndup(t + a, b - a)};
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t at = docs[i].root ? docs[i].t->nodes[docs[i].root].line : docs[i].line;
        size_t lo = 0, hi = n_ev; /* the last event before line `at` */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ev[mid].line < at) lo = mid + 1;
            else hi = mid;
        }
        docs[i].origin = 0;
        if (lo && ev[lo - 1].name) {
            /* keep only the comments some document uses; docs come in line
             * order, so a comment already kept is the last one */
            size_t k = s->n_origins;
            if (k && s->origins[k - 1].line == ev[lo - 1].line) k--;
            if (k == s->n_origins) {
                s->origins = xrealloc(s->origins, (s->n_origins + 1) * sizeof *s->origins);
                s->origins[s->n_origins++] = (source_origin){ev[lo - 1].line, xstrdup(ev[lo - 1].name)};
            }
            docs[i].origin = (uint32_t)k + 1;
        }
    }
    for (size_t i = 0; i < n_ev; i++) free(ev[i].name);
    free(ev);
}

const char *source_line(const source *s, uint32_t line, size_t *n)
{
    if (line < 1 || line > s->n_lines) {
        *n = 0;
        return "";
    }
    size_t a = s->line_start[line - 1];
    size_t b = line < s->n_lines ? s->line_start[line] : s->len;
    if (b > a && s->text[b - 1] == '\n') b--;
    if (b > a && s->text[b - 1] == '\r') b--;
    *n = b - a;
    return s->text + a;
}

void source_position(const source *s, size_t off, uint32_t *line, uint32_t *col)
{
    uint32_t lo = 0, hi = s->n_lines;
    while (hi - lo > 1) {
        uint32_t mid = (lo + hi) / 2;
        if (s->line_start[mid] <= off) lo = mid;
        else hi = mid;
    }
    *line = lo + 1;
    *col = utf8_count(s->text + s->line_start[lo], off - s->line_start[lo]) + 1;
}

tree *tree_new(void)
{
    tree *t = xcalloc(1, sizeof *t);
    GROW(t->nodes, t->cap_nodes, 1);
    memset(&t->nodes[0], 0, sizeof t->nodes[0]);
    t->n_nodes = 1;
    tree_str(t, "", 0); /* offset 0 is the empty string */
    return t;
}

void tree_free(tree *t)
{
    if (!t) return;
    free(t->nodes);
    free(t->kids);
    free(t->strs);
    free(t->segs);
    free(t);
}

uint32_t tree_str(tree *t, const char *s, size_t n)
{
    GROW(t->strs, t->cap_strs, t->n_strs + n + 1);
    uint32_t off = (uint32_t)t->n_strs;
    if (n) memcpy(t->strs + off, s, n);
    t->strs[off + n] = 0;
    t->n_strs += n + 1;
    return off;
}

node_id tree_node(tree *t, node_kind k, uint32_t line, uint32_t col)
{
    GROW(t->nodes, t->cap_nodes, t->n_nodes + 1);
    node *nd = &t->nodes[t->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->kind = (uint8_t)k;
    nd->line = line;
    nd->col = col;
    return (node_id)t->n_nodes++;
}

node_id tree_scalar(tree *t, node_kind k, const char *s, size_t n, uint32_t line, uint32_t col)
{
    uint32_t off = tree_str(t, s, n);
    node_id id = tree_node(t, k, line, col);
    t->nodes[id].str = off;
    t->nodes[id].len = (uint32_t)n;
    return id;
}

void tree_set_kids(tree *t, node_id id, const kid *kids, size_t n)
{
    GROW(t->kids, t->cap_kids, t->n_kids + n);
    if (n) memcpy(t->kids + t->n_kids, kids, n * sizeof *kids);
    t->nodes[id].kids = (uint32_t)t->n_kids;
    t->nodes[id].n = (uint32_t)n;
    t->n_kids += n;
}

uint32_t tree_add_seg(tree *t, uint32_t off, uint32_t line, uint32_t col)
{
    GROW(t->segs, t->cap_segs, t->n_segs + 1);
    t->segs[t->n_segs] = (seg){off, line, col};
    return (uint32_t)t->n_segs++;
}

void tree_finish(tree *t)
{
    unsigned char *seen = xcalloc(t->n_nodes, 1);
    t->has_shared = 0;
    for (size_t i = 0; i < t->n_kids; i++) {
        node_id v = t->kids[i].val;
        node *nd = &t->nodes[v];
        if (nd->kind != N_MAP && nd->kind != N_SEQ) continue;
        if (seen[v]) {
            nd->flags |= NODE_SHARED;
            t->has_shared = 1;
        }
        seen[v] = 1;
    }
    free(seen);
}

node_id tree_member(const tree *t, node_id map, const char *key, const kid **k)
{
    const node *m = &t->nodes[map];
    if (map == NODE_NONE || m->kind != N_MAP) return NODE_NONE;
    size_t klen = strlen(key);
    for (uint32_t i = m->n; i-- > 0;) {
        const kid *c = &t->kids[m->kids + i];
        if (c->key_len == klen && memcmp(t->strs + c->key, key, klen) == 0) {
            if (k) *k = c;
            return c->val;
        }
    }
    return NODE_NONE;
}

const char *tree_member_str(const tree *t, node_id map, const char *key)
{
    node_id v = tree_member(t, map, key, NULL);
    if (v == NODE_NONE || t->nodes[v].kind != N_STR) return NULL;
    return t->strs + t->nodes[v].str;
}

/* Column of byte `offset` inside scalar nd. */
static void scalar_offset(const tree *t, const node *nd, long offset, uint32_t *line, uint32_t *col)
{
    if (offset < 0 || (nd->kind != N_STR && nd->kind != N_INT && nd->kind != N_FLOAT &&
                       nd->kind != N_BOOL) || (nd->flags & NODE_INTERPOLATED))
        return;
    if ((unsigned long)offset > nd->len) offset = (long)nd->len;
    const char *text = t->strs + nd->str;
    if (nd->nseg) {
        const seg *best = &t->segs[nd->seg - 1];
        for (uint16_t i = 0; i < nd->nseg; i++) {
            const seg *c = &t->segs[nd->seg - 1 + i];
            if (c->off <= (uint32_t)offset) best = c;
        }
        *line = best->line;
        *col = best->col + utf8_count(text + best->off, (size_t)offset - best->off);
        return;
    }
    *col = nd->col + ((nd->flags & NODE_QUOTED) ? 1 : 0) + utf8_count(text, (size_t)offset);
}

int tree_locate(const tree *t, node_id root, const char *path, long offset,
                uint32_t *line, uint32_t *col)
{
    int foreign, partial;
    return tree_locate_ex(t, root, path, offset, line, col, &foreign, &partial);
}

int tree_locate_ex(const tree *t, node_id root, const char *path, long offset,
                   uint32_t *line, uint32_t *col, int *foreign, int *partial)
{
    node_id cur = root;
    int below_partial = 0;
    *foreign = *partial = 0;
    *line = t->nodes[root].line;
    *col = t->nodes[root].col;
    const char *p = path ? path : "";
    char key[512];
    while (*p) {
        size_t kl = 0;
        long index = -1;
        if (*p == '.') p++;
        if (*p == '[') {
            p++;
            if (*p == '"') { /* ["quoted.key"] */
                p++;
                while (*p && *p != '"' && kl < sizeof key - 1) {
                    if (*p == '\\' && p[1]) p++;
                    key[kl++] = *p++;
                }
                if (*p == '"') p++;
            } else {
                index = strtol(p, (char **)&p, 10);
            }
            if (*p == ']') p++;
        } else {
            while (*p && *p != '.' && *p != '[' && kl < sizeof key - 1) key[kl++] = *p++;
        }
        key[kl] = 0;
        const node *nd = &t->nodes[cur];
        node_id next = NODE_NONE;
        const kid *k = NULL;
        if (index >= 0) {
            if (nd->kind == N_SEQ && (unsigned long)index < nd->n) {
                k = &t->kids[nd->kids + index];
                next = k->val;
            }
        } else {
            next = tree_member(t, cur, key, &k);
        }
        if (next == NODE_NONE || (t->nodes[next].flags & NODE_FOREIGN)) {
            *foreign = next != NODE_NONE;
            *partial = below_partial;
            return 0;
        }
        if (t->nodes[next].flags & NODE_PARTIAL) below_partial = 1;
        cur = next;
        if (k && k->key_len) {
            *line = k->key_line;
            *col = k->key_col;
        } else {
            *line = t->nodes[cur].line;
            *col = t->nodes[cur].col;
        }
    }
    if (offset >= 0) {
        *line = t->nodes[cur].line;
        *col = t->nodes[cur].col;
        scalar_offset(t, &t->nodes[cur], offset, line, col);
    }
    *partial = (t->nodes[cur].flags & NODE_PARTIAL) != 0;
    return 1;
}

doc *doclist_add(doclist *l, source *src, tree *t, node_id root, doc_type type)
{
    GROW(l->v, l->cap, l->n + 1);
    doc *d = &l->v[l->n++];
    memset(d, 0, sizeof *d);
    d->src = src;
    d->t = t;
    d->root = root;
    d->type = type;
    d->line = root ? t->nodes[root].line : 1;
    return d;
}
