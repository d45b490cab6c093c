/* load_yaml.c — YAML streams (JSON included) into the common tree, through
 * libyaml's event API: one doc per YAML document, scalars typed by the YAML 1.2
 * core schema, anchors shared (never copied), merge keys (<<) applied, and
 * every node positioned (1-based line, character column) consistently with the
 * source's line table.
 *
 * Must not print, keep mutable globals (loaders run in several threads) or
 * trust its input: nesting depth and alias expansion are capped per
 * load_limits, aliases can only name completed nodes (so the tree stays a DAG),
 * and every libyaml event and parser is released on every path. */
#include "load.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

/* String -> value table (open addressing); keys are stored as offsets into a
 * buffer the caller passes in, so they survive that buffer's reallocation. */
typedef struct hent { uint32_t off, len, hash, val; } hent; /* val 0: empty slot */
typedef struct hmap { hent *v; size_t cap, n; } hmap;

/* An open map or sequence. */
typedef struct frame {
    node_id id;
    uint32_t kid0, merge0;        /* its first entry on L->ks and L->ms */
    uint32_t anchor, anchor_len;  /* anchor name in L->names (len 0: none) */
    uint8_t is_map, have_key, key_merge;
    uint32_t key, key_len, key_line, key_col; /* map: the pending key */
} frame;

typedef struct loader {
    source *src;
    tree *t;
    doclist *out;
    perr *err;
    load_limits lim;
    int failed;
    /* Position cursor: libyaml's character index <-> byte offset, line, col. */
    size_t ci, bi;
    uint32_t line, col;
    frame *fr;     size_t nfr, cap_fr;   /* open containers */
    kid *ks;       size_t nks, cap_ks;   /* children of open containers */
    uint32_t *ms;  size_t nms, cap_ms;   /* indices into ks of << members */
    kid *tmp;      size_t cap_tmp;       /* merge output */
    uint64_t *size; size_t cap_size;     /* expanded size per node id */
    hmap anchors;                        /* this document's anchors */
    buf names;                           /* anchor names */
    uint64_t expanded;                   /* nodes reached through aliases */
    node_id root;
    uint32_t ndocs;
} loader;

/* ---- string table ---- */

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The entry holding key s[0..n), or the empty slot where it belongs. */
static hent *hmap_slot(const hmap *h, const char *base, const char *s, size_t n, uint32_t hash)
{
    size_t mask = h->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        hent *e = &h->v[i];
        if (!e->val || (e->hash == hash && e->len == n && memcmp(base + e->off, s, n) == 0))
            return e;
    }
}

/* Room for `need` keys at a load of at most one half. */
static void hmap_reserve(hmap *h, size_t need)
{
    if (need * 2 <= h->cap) return;
    size_t cap = h->cap ? h->cap : 16;
    while (cap < need * 2) cap *= 2;
    hent *v = xcalloc(cap, sizeof *v);
    for (size_t i = 0; i < h->cap; i++) {
        if (!h->v[i].val) continue;
        size_t j = h->v[i].hash & (cap - 1);
        while (v[j].val) j = (j + 1) & (cap - 1);
        v[j] = h->v[i];
    }
    free(h->v);
    h->v = v;
    h->cap = cap;
}

/* Set key base[off..off+len) to val; 1 when the key is new. */
static int hmap_put(hmap *h, const char *base, uint32_t off, uint32_t len, uint32_t val)
{
    hmap_reserve(h, h->n + 1);
    uint32_t hash = hash_str(base + off, len);
    hent *e = hmap_slot(h, base, base + off, len, hash);
    if (e->val) {
        e->val = val;
        return 0;
    }
    *e = (hent){off, len, hash, val};
    h->n++;
    return 1;
}

static void hmap_free(hmap *h)
{
    free(h->v);
    memset(h, 0, sizeof *h);
}

/* ---- positions ---- */

/* Does a line end at byte i: LF, or a CR not followed by LF (as in the
 * source's line table; U+0085, U+2028 and U+2029 do not end lines). */
static int line_break(const unsigned char *s, size_t n, size_t i)
{
    return s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'));
}

/* Move the cursor to libyaml character index ci (code points; libyaml checked
 * the UTF-8), counting lines as the source's line table does. */
static void cur_move(loader *L, size_t ci)
{
    const unsigned char *s = (const unsigned char *)L->src->text;
    size_t n = L->src->len;
    while (L->ci < ci && L->bi < n) {
        if (s[L->bi] >= 0x20 && s[L->bi] < 0x80) { /* a run of printable ASCII: one byte a character, no break */
            size_t k = ci - L->ci, j = 0;
            if (k > n - L->bi) k = n - L->bi;
            while (j < k && s[L->bi + j] >= 0x20 && s[L->bi + j] < 0x80) j++;
            L->bi += j;
            L->ci += j;
            L->col += (uint32_t)j;
            continue;
        }
        if (line_break(s, n, L->bi++)) { L->line++; L->col = 1; }
        else L->col++;
        while (L->bi < n && (s[L->bi] & 0xC0) == 0x80) L->bi++;
        L->ci++;
    }
    int crossed = 0;
    while (L->ci > ci && L->bi > 0) {
        do L->bi--; while (L->bi > 0 && (s[L->bi] & 0xC0) == 0x80);
        L->ci--;
        if (line_break(s, n, L->bi)) { L->line--; crossed = 1; }
        else L->col--; /* recomputed below when a line was crossed */
    }
    if (crossed) {
        size_t a = L->bi;
        while (a > 0 && !line_break(s, n, a - 1)) a--;
        L->col = utf8_count((const char *)s + a, L->bi - a) + 1;
    }
}

/* Byte offset past node properties (&anchor, !tag) at byte b and the blanks,
 * comments and line breaks that follow them. */
static size_t skip_props(const char *s, size_t n, size_t b)
{
    while (b < n && (s[b] == '&' || s[b] == '!')) {
        if (s[b] == '!' && b + 1 < n && s[b + 1] == '<') {
            while (b < n && s[b] != '>') b++;
            if (b < n) b++;
        } else {
            while (b < n && !strchr(" \t\r\n,[]{}", s[b])) b++;
        }
        for (;;) {
            while (b < n && s[b] && strchr(" \t\r\n", s[b])) b++;
            if (b >= n || s[b] != '#') break;
            while (b < n && s[b] != '\n') b++;
        }
    }
    return b;
}

/* Position of the node an event starts: its start mark, moved past its
 * properties when it has some (libyaml's mark is the anchor's or tag's), but
 * never beyond character index `limit`. */
static void node_pos(loader *L, yaml_mark_t m, int props, size_t limit, uint32_t *line, uint32_t *col)
{
    cur_move(L, m.index);
    if (props) {
        size_t b = skip_props(L->src->text, L->src->len, L->bi);
        size_t nch = utf8_count(L->src->text + L->bi, b - L->bi);
        if (m.index + nch <= limit) cur_move(L, m.index + nch);
    }
    *line = L->line;
    *col = L->col;
}

/* ---- scalars ---- */

/* [-+]?[0-9]+, 0o[0-7]+ or 0x[0-9a-fA-F]+: 1 (value in *out), -1 when out of
 * range, 0 when not an integer. */
static int parse_int(const char *s, size_t n, int64_t *out)
{
    int radix = n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x');
    unsigned base = !radix ? 10 : s[1] == 'o' ? 8 : 16;
    int neg = !radix && n > 0 && s[0] == '-';
    size_t i = radix ? 2 : n > 0 && (s[0] == '-' || s[0] == '+');
    if (i == n) return 0;
    uint64_t v = 0, max = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    int over = 0;
    for (; i < n; i++) {
        unsigned c = (unsigned char)s[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        if (d >= base) return 0;
        if (v > (max - d) / base) over = 1;
        else v = v * base + d;
    }
    if (over) return -1;
    *out = neg ? (v > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)v) : (int64_t)v;
    return 1;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int is_float(const char *s, size_t n)
{
    size_t i = 0, d = 0, f = 0, e = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) d++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) f++;
    if (!d && !f) return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+')) i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) e++;
        if (!e) return 0;
    }
    return i == n;
}

static int is_one_of(const char *s, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && memcmp(*words, s, n) == 0) return 1;
    return 0;
}

/* Core-schema type of a plain scalar s[0..n) (NUL-terminated). */
static node_kind resolve_plain(const char *s, size_t n, int64_t *i, double *f)
{
    static const char *const nulls[] = {"null", "Null", "NULL", "~", "", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    static const char *const infs[] = {".inf", ".Inf", ".INF", NULL};
    static const char *const nans[] = {".nan", ".NaN", ".NAN", NULL};
    if (is_one_of(s, n, nulls)) return N_NULL;
    if (is_one_of(s, n, bools)) {
        *i = s[0] == 't' || s[0] == 'T';
        return N_BOOL;
    }
    int r = parse_int(s, n, i);
    if (r > 0) return N_INT;
    if (r < 0) { /* out of range: decimal becomes a float, 0x/0o stays text */
        if (n > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) return N_STR;
        *f = strtod(s, NULL);
        return N_FLOAT;
    }
    if (is_float(s, n)) {
        *f = strtod(s, NULL); /* digits, '.', 'e', sign only: locale "C" */
        return N_FLOAT;
    }
    size_t sign = n > 0 && (s[0] == '-' || s[0] == '+');
    if (is_one_of(s + sign, n - sign, infs)) {
        *f = s[0] == '-' ? -INFINITY : INFINITY;
        return N_FLOAT;
    }
    if (!is_one_of(s, n, nans)) return N_STR;
    *f = NAN;
    return N_FLOAT;
}

node_kind yaml_plain_kind(const char *s, size_t n, int64_t *i, double *f)
{
    return resolve_plain(s, n, i, f);
}

/* Kind of a scalar event: plain scalars by the core schema or their explicit
 * core tag (when the text fits it); everything else is a string. */
static node_kind resolve(const yaml_event_t *ev, int64_t *i, double *f)
{
    const char *s = (const char *)ev->data.scalar.value, *tag = (const char *)ev->data.scalar.tag;
    size_t n = ev->data.scalar.length;
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return N_STR;
    if (!tag) return resolve_plain(s, n, i, f);
    if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0) return N_STR; /* "!", custom tags */
    tag += strlen(TAG_PREFIX);
    node_kind k = resolve_plain(s, n, i, f);
    if (strcmp(tag, "float") == 0 && k == N_INT) {
        *f = (double)*i;
        return N_FLOAT;
    }
    if ((strcmp(tag, "null") == 0 && k == N_NULL) || (strcmp(tag, "bool") == 0 && k == N_BOOL) ||
        (strcmp(tag, "int") == 0 && k == N_INT) || (strcmp(tag, "float") == 0 && k == N_FLOAT))
        return k;
    return N_STR;
}

/* Text segments of a literal block scalar: content line i starts on source
 * line ind_line + 1 + i at the block's indentation. Left out when the source
 * does not match that layout. */
static void literal_segs(loader *L, node_id id, const char *s, size_t n, uint32_t ind_line)
{
    size_t lines = 0, first = n, indent = 0;
    for (size_t o = 0; o < n; o++) {
        if (o > 0 && s[o - 1] != '\n') continue;
        if (first == n && s[o] != '\n') { /* first non-empty line: find the indentation */
            const char *e = memchr(s + o, '\n', n - o);
            size_t v = e ? (size_t)(e - (s + o)) : n - o, sn;
            const char *sl = source_line(L->src, ind_line + 1 + (uint32_t)lines, &sn);
            if (sn < v || memcmp(sl + sn - v, s + o, v) != 0) return;
            indent = sn - v;
            for (size_t k = 0; k < indent; k++)
                if (sl[k] != ' ') return;
            first = o;
        }
        lines++;
    }
    /* every content line must be a line of the source (libyaml also breaks
     * lines at U+0085, which the source's table does not) */
    if (first == n || lines > UINT16_MAX || ind_line + lines > L->src->n_lines) return;
    uint32_t seg0 = 0, i = 0;
    for (size_t o = 0; o < n; o++) {
        if (o > 0 && s[o - 1] != '\n') continue;
        uint32_t k = tree_add_seg(L->t, (uint32_t)o, ind_line + 1 + i, (uint32_t)indent + 1);
        if (i++ == 0) seg0 = k;
    }
    node *nd = tree_get(L->t, id);
    nd->seg = seg0 + 1;
    nd->nseg = (uint16_t)lines;
}

/* Text segments of a folded block scalar (>): each content line of the
 * source is found in the folded text, in order, after the one or more
 * separator characters folding left in its place (a space, or newlines for
 * blank lines). Left out when the source does not match. */
static void folded_segs(loader *L, node_id id, const char *s, size_t n, uint32_t ind_line)
{
    size_t o = 0, indent = (size_t)-1, blanks = 0;
    uint32_t seg0 = 0, nseg = 0;
    for (uint32_t ln = ind_line + 1; ln <= L->src->n_lines && o < n; ln++) {
        size_t sn;
        const char *sl = source_line(L->src, ln, &sn);
        size_t sp = 0;
        while (sp < sn && sl[sp] == ' ') sp++;
        if (sp == sn) { /* a blank line */
            blanks++;
            continue;
        }
        if (indent == (size_t)-1) indent = sp;
        if (sp < indent) break; /* the scalar ended */
        const char *c = sl + indent;
        size_t cn = sn - indent, at = n;
        for (size_t k = 0; k <= (nseg ? blanks + 1 : 0) && o + k + cn <= n; k++)
            if (memcmp(s + o + k, c, cn) == 0 && (k == 0 || s[o + k - 1] == ' ' || s[o + k - 1] == '\n')) {
                at = o + k;
                break;
            }
        if (at == n || nseg == UINT16_MAX) return;
        uint32_t k = tree_add_seg(L->t, (uint32_t)at, ln, (uint32_t)indent + 1);
        if (nseg++ == 0) seg0 = k;
        o = at + cn;
        blanks = 0;
    }
    if (!nseg) return;
    node *nd = tree_get(L->t, id);
    nd->seg = seg0 + 1;
    nd->nseg = (uint16_t)nseg;
}

/* ---- building ---- */

static void set_size(loader *L, node_id id, uint64_t v)
{
    GROW(L->size, L->cap_size, (size_t)id + 1);
    L->size[id] = v;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Copy an anchor name into L->names; returns its offset. */
static uint32_t save_name(loader *L, const char *name)
{
    uint32_t off = (uint32_t)L->names.len;
    buf_add(&L->names, name, strlen(name) + 1);
    return off;
}

static void set_key(frame *f, uint32_t key, uint32_t len, uint32_t line, uint32_t col, int merge)
{
    f->key = key;
    f->key_len = len;
    f->key_line = line;
    f->key_col = col;
    f->have_key = 1;
    f->key_merge = (uint8_t)merge;
}

/* Hand a finished node to its parent (or make it the document's root).
 * line/col: where it appears here (an alias's own position). */
static void deliver(loader *L, node_id id, uint32_t line, uint32_t col)
{
    if (L->nfr == 0) {
        L->root = id;
        return;
    }
    frame *f = &L->fr[L->nfr - 1];
    if (f->is_map && !f->have_key) { /* complex key or alias key: text of a scalar, else "" */
        const node *k = tree_get(L->t, id);
        int scalar = k->kind != N_MAP && k->kind != N_SEQ;
        set_key(f, scalar ? k->str : 0, scalar ? k->len : 0, line, col, 0);
        return;
    }
    GROW(L->ks, L->cap_ks, L->nks + 1);
    if (f->is_map) {
        if (f->key_merge) {
            GROW(L->ms, L->cap_ms, L->nms + 1);
            L->ms[L->nms++] = (uint32_t)L->nks;
        }
        L->ks[L->nks++] = (kid){f->key, f->key_len, f->key_line, f->key_col, id};
        f->have_key = 0;
    } else {
        L->ks[L->nks++] = (kid){0, 0, line, col, id};
    }
}

/* When ks[idx] is a valid << member (its value a map or a sequence of maps):
 * 1, with the maps it brings, in priority order, in *src (*n of them, as kids).
 * *j walks L->ms, which is ascending. */
static int merge_at(const loader *L, size_t *j, size_t idx, const kid **src, uint32_t *n)
{
    while (*j < L->nms && L->ms[*j] < idx) (*j)++;
    if (*j >= L->nms || L->ms[*j] != idx) return 0;
    const tree *t = L->t;
    const node *nd = tree_get(t, L->ks[idx].val);
    if (nd->kind == N_MAP) {
        *src = &L->ks[idx];
        *n = 1;
        return 1;
    }
    if (nd->kind != N_SEQ) return 0;
    for (uint32_t i = 0; i < nd->n; i++)
        if (tree_get(t, t->kids[nd->kids + i].val)->kind != N_MAP) return 0;
    *src = &t->kids[nd->kids];
    *n = nd->n;
    return 1;
}

/* Apply the << members of the map closing in f: each is replaced by the
 * members of its map(s) whose keys the map does not already have (explicit
 * keys win, then earlier merges). Invalid ones stay ordinary members. Returns
 * the final member count; *out points at them. */
static size_t apply_merges(loader *L, const frame *f, kid **out)
{
    const tree *t = L->t;
    const kid *k = L->ks + f->kid0, *src;
    size_t n = L->nks - f->kid0, total = n, j = f->merge0;
    uint32_t ns;
    for (size_t i = 0; i < n; i++)
        if (merge_at(L, &j, f->kid0 + i, &src, &ns))
            for (uint32_t s = 0; s < ns; s++) total += tree_get(t, src[s].val)->n;
    hmap seen = {0};
    hmap_reserve(&seen, total);
    j = f->merge0;
    for (size_t i = 0; i < n; i++) /* explicit keys first */
        if (!merge_at(L, &j, f->kid0 + i, &src, &ns)) hmap_put(&seen, t->strs, k[i].key, k[i].key_len, 1);
    GROW(L->tmp, L->cap_tmp, total);
    size_t o = 0;
    j = f->merge0;
    for (size_t i = 0; i < n; i++) {
        if (!merge_at(L, &j, f->kid0 + i, &src, &ns)) {
            L->tmp[o++] = k[i];
            continue;
        }
        for (uint32_t s = 0; s < ns; s++) {
            const node *m = tree_get(t, src[s].val);
            for (uint32_t c = 0; c < m->n; c++) {
                const kid *mk = &t->kids[m->kids + c];
                if (hmap_put(&seen, t->strs, mk->key, mk->key_len, 1)) L->tmp[o++] = *mk;
            }
        }
    }
    hmap_free(&seen);
    *out = L->tmp;
    return o;
}

static void open_container(loader *L, const yaml_event_t *ev, int is_map)
{
    const char *anchor = (const char *)(is_map ? ev->data.mapping_start.anchor
                                               : ev->data.sequence_start.anchor);
    const void *tag = is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    uint32_t line, col;
    node_pos(L, ev->start_mark, anchor || tag, SIZE_MAX, &line, &col);
    if (L->nfr >= L->lim.max_depth) {
        perr_set(L->err, line, col, "nesting deeper than %u levels", (unsigned)L->lim.max_depth);
        L->failed = 1;
        return;
    }
    GROW(L->fr, L->cap_fr, L->nfr + 1);
    frame *f = &L->fr[L->nfr++];
    memset(f, 0, sizeof *f);
    f->id = tree_node(L->t, is_map ? N_MAP : N_SEQ, line, col);
    f->is_map = (uint8_t)is_map;
    f->kid0 = (uint32_t)L->nks;
    f->merge0 = (uint32_t)L->nms;
    if (anchor) {
        f->anchor = save_name(L, anchor);
        f->anchor_len = (uint32_t)strlen(anchor);
    }
}

/* The first n bytes of s or fewer, cut before a character that would not
 * fit whole, for messages. */
static int key_shown(const char *s, size_t len, int n)
{
    size_t k = len < (size_t)n ? len : (size_t)n;
    if (k < len)
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    return (int)k;
}

/* A key given twice in the map closing in f is an error at its second place
 * naming the first (YAML keys are unique, and Kubernetes and Compose refuse
 * such files: what plimsoll checks must be what they would apply). It does
 * not stop the load: the map keeps both members and readers see the last, as
 * before. `<<` members and keys that are not scalars (empty text) are left
 * out. Small maps are compared pairwise, bigger ones through a hash table. */
static void unique_keys(loader *L, const frame *f)
{
    size_t n = L->nks - f->kid0;
    if (n < 2 || L->err->set) return;
    const kid *k = L->ks + f->kid0, *first = NULL, *again = NULL;
    const char *strs = L->t->strs;
    size_t j = f->merge0;
    if (n <= 16) {
        unsigned char skip[16] = {0}; /* << members: this map's entries of L->ms */
        for (size_t m = f->merge0; m < L->nms; m++) skip[L->ms[m] - f->kid0] = 1;
        for (size_t b = 1; b < n && !again; b++) {
            if (!k[b].key_len || skip[b]) continue;
            for (size_t a = 0; a < b; a++)
                if (!skip[a] && k[a].key_len == k[b].key_len &&
                    memcmp(strs + k[a].key, strs + k[b].key, k[b].key_len) == 0) {
                    first = &k[a];
                    again = &k[b];
                    break;
                }
        }
    } else {
        hmap seen = {0};
        hmap_reserve(&seen, n);
        for (size_t i = 0; i < n && !again; i++) {
            while (j < L->nms && L->ms[j] < f->kid0 + i) j++;
            if (!k[i].key_len || (j < L->nms && L->ms[j] == f->kid0 + i)) continue;
            const char *key = strs + k[i].key;
            uint32_t h = hash_str(key, k[i].key_len);
            hent *e = hmap_slot(&seen, strs, key, k[i].key_len, h);
            if (e->val) {
                first = &k[e->val - 1];
                again = &k[i];
            } else {
                *e = (hent){k[i].key, k[i].key_len, h, (uint32_t)i + 1};
                seen.n++;
            }
        }
        hmap_free(&seen);
    }
    if (!again) return;
    const char *key = strs + again->key;
    perr_set(L->err, again->key_line, again->key_col, "duplicate key '%.*s' (first at line %u, column %u)",
             key_shown(key, again->key_len, 60), key, first->key_line, first->key_col);
}

static void close_container(loader *L)
{
    frame f = L->fr[--L->nfr];
    size_t n = L->nks - f.kid0;
    kid *k = n ? L->ks + f.kid0 : NULL; /* L->ks is NULL before the first child: no NULL + 0 */
    if (f.is_map) unique_keys(L, &f);
    if (f.is_map && L->nms > f.merge0) n = apply_merges(L, &f, &k);
    uint64_t size = 1;
    for (size_t i = 0; i < n; i++) size = sat_add(size, L->size[k[i].val]);
    tree_set_kids(L->t, f.id, k, n);
    set_size(L, f.id, size);
    L->nks = f.kid0;
    L->nms = f.merge0;
    if (f.anchor_len) hmap_put(&L->anchors, L->names.s, f.anchor, f.anchor_len, f.id);
    const node *nd = tree_get(L->t, f.id);
    deliver(L, f.id, nd->line, nd->col);
}

static void scalar(loader *L, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    const char *anchor = (const char *)ev->data.scalar.anchor;
    const char *tag = (const char *)ev->data.scalar.tag;
    size_t n = ev->data.scalar.length;
    yaml_scalar_style_t style = ev->data.scalar.style;
    uint32_t line, col;
    node_pos(L, ev->start_mark, anchor || tag, ev->end_mark.index, &line, &col);
    frame *f = L->nfr ? &L->fr[L->nfr - 1] : NULL;
    int is_key = f && f->is_map && !f->have_key;
    int merge = is_key && (tag ? strcmp(tag, TAG_PREFIX "merge") == 0
                               : style == YAML_PLAIN_SCALAR_STYLE && n == 2 && memcmp(s, "<<", 2) == 0);
    if (is_key && !anchor) { /* a key nothing can alias needs no node */
        set_key(f, tree_str(L->t, s, n), (uint32_t)n, line, col, merge);
        return;
    }
    int64_t iv = 0;
    double fv = 0;
    node_kind k = resolve(ev, &iv, &fv);
    node_id id = tree_scalar(L->t, k, s, n, line, col);
    node *nd = tree_get(L->t, id);
    if (k == N_INT || k == N_BOOL) nd->v.i = iv;
    else if (k == N_FLOAT) nd->v.f = fv;
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        nd->flags |= NODE_QUOTED;
    else if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
        nd->flags |= NODE_BLOCK;
    if (style == YAML_LITERAL_SCALAR_STYLE) literal_segs(L, id, s, n, line);
    if (style == YAML_FOLDED_SCALAR_STYLE) folded_segs(L, id, s, n, line);
    set_size(L, id, 1);
    if (anchor) {
        uint32_t off = save_name(L, anchor);
        hmap_put(&L->anchors, L->names.s, off, (uint32_t)strlen(anchor), id);
    }
    deliver(L, id, line, col);
    if (is_key) f->key_merge = (uint8_t)merge;
}

static void alias(loader *L, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    size_t n = strlen(name);
    uint32_t line, col;
    node_pos(L, ev->start_mark, 0, 0, &line, &col);
    hent *e = NULL;
    if (L->anchors.cap) e = hmap_slot(&L->anchors, L->names.s, name, n, hash_str(name, n));
    if (!e || !e->val) {
        perr_set(L->err, line, col, "unknown alias \"*%s\"", name);
        L->failed = 1;
        return;
    }
    L->expanded = sat_add(L->expanded, L->size[e->val]);
    if (L->expanded > L->lim.max_expansion) {
        perr_set(L->err, line, col, "alias expansion exceeds limit of %llu nodes (billion laughs?)",
                 (unsigned long long)L->lim.max_expansion);
        L->failed = 1;
        return;
    }
    deliver(L, e->val, line, col);
}

static void doc_reset(loader *L)
{
    hmap_free(&L->anchors);
    L->names.len = 0;
    L->expanded = 0;
    L->root = NODE_NONE;
}

static void doc_end(loader *L)
{
    if (L->root != NODE_NONE && tree_get(L->t, L->root)->kind != N_NULL) {
        doc *d = doclist_add(L->out, L->src, L->t, L->root, DOC_UNKNOWN);
        d->index = L->ndocs++;
    }
    doc_reset(L);
}

/* Record libyaml's error (position converted like every node's). */
static void parser_error(loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "invalid YAML";
    uint32_t line, col;
    L->failed = 1;
    if (p->error == YAML_MEMORY_ERROR) {
        perr_set(L->err, 0, 0, "out of memory while parsing YAML");
    } else if (p->error == YAML_READER_ERROR) { /* bad encoding: only a byte offset */
        source_position(L->src, p->problem_offset < L->src->len ? p->problem_offset : L->src->len,
                        &line, &col);
        if (p->problem_value < 0) perr_set(L->err, line, col, "%s", problem);
        else perr_set(L->err, line, col, "%s (0x%X)", problem, (unsigned)p->problem_value);
    } else {
        cur_move(L, p->problem_mark.index);
        perr_set(L->err, L->line, L->col, "%s%s%s%s", problem, p->context ? " (" : "",
                 p->context ? p->context : "", p->context ? ")" : "");
    }
}

int load_yaml(source *src, tree *t, doclist *out, const load_limits *lim, perr *err)
{
    loader L = {.src = src, .t = t, .out = out, .err = err, .line = 1, .col = 1,
                .lim = lim ? *lim : LOAD_LIMITS_DEFAULT};

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        perr_set(err, 0, 0, "out of memory while parsing YAML");
        return -1;
    }
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&p, (const unsigned char *)src->text, src->len);
    for (int done = 0; !done && !L.failed;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            parser_error(&L, &p);
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT: doc_reset(&L); break;
        case YAML_DOCUMENT_END_EVENT: doc_end(&L); break;
        case YAML_MAPPING_START_EVENT: open_container(&L, &ev, 1); break;
        case YAML_SEQUENCE_START_EVENT: open_container(&L, &ev, 0); break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT: close_container(&L); break;
        case YAML_SCALAR_EVENT: scalar(&L, &ev); break;
        case YAML_ALIAS_EVENT: alias(&L, &ev); break;
        case YAML_STREAM_END_EVENT: done = 1; break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    hmap_free(&L.anchors);
    free(L.names.s);
    free(L.fr); free(L.ks); free(L.ms); free(L.tmp); free(L.size);
    return L.failed ? -1 : 0;
}
