/* suppress.c — in-source suppressions (see suppress.h). Reads the source
 * text and the loaded trees only; never prints, never drops a finding. */
#include "suppress.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DIRECTIVE "plimsoll:ignore"

int suppress_names_check(const char *name, size_t len, const check *c)
{
    return (strlen(c->name) == len && strncmp(c->name, name, len) == 0) ||
           (strlen(c->id) == len && strncasecmp(c->id, name, len) == 0);
}

void suppress_mark(finding *f, const char *reason, const char *where)
{
    free(f->suppress_reason);
    free(f->suppress_source);
    f->suppressed = 1;
    f->suppress_reason = xstrdup(reason ? reason : "");
    f->suppress_source = xstrdup(where ? where : "");
}

/* A parsed `# plimsoll:ignore[-file] names reason` comment. */
typedef struct directive {
    const char *names;   /* start of the list */
    size_t names_len;
    char reason[256];
} directive;

static int is_name_char(char ch) { return isalnum((unsigned char)ch) || ch == '-' || ch == '_' || ch == '.'; }

/* Find the directive `word` ("plimsoll:ignore" or "plimsoll:ignore-file")
 * in a comment of line s[0..n): after a '#' that starts the line or follows
 * whitespace. comment_only: the line must be only the comment. */
static int parse_directive(const char *s, size_t n, const char *word, int comment_only, directive *out)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (comment_only && (i >= n || s[i] != '#')) return 0;
    size_t wl = strlen(word);
    for (; i < n; i++) {
        if (s[i] != '#' || (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')) continue;
        size_t p = i + 1;
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        if (n - p < wl || strncmp(s + p, word, wl) != 0) continue;
        p += wl;
        if (p < n && s[p] != ' ' && s[p] != '\t') continue; /* ignore vs ignore-file */
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        /* names: name[, name]... */
        size_t start = p, end = p;
        for (;;) {
            size_t q = p;
            while (q < n && is_name_char(s[q])) q++;
            if (q == p) break;
            end = q;
            p = q;
            size_t c = p;
            while (c < n && (s[c] == ' ' || s[c] == '\t')) c++;
            if (c < n && s[c] == ',') {
                c++;
                while (c < n && (s[c] == ' ' || s[c] == '\t')) c++;
                p = c;
                continue;
            }
            break;
        }
        if (end == start) return 0;
        out->names = s + start;
        out->names_len = end - start;
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        size_t rl = n - p;
        while (rl && (s[p + rl - 1] == ' ' || s[p + rl - 1] == '\t' || s[p + rl - 1] == '\r')) rl--;
        if (rl >= sizeof out->reason) rl = sizeof out->reason - 1;
        memcpy(out->reason, s + p, rl);
        out->reason[rl] = 0;
        return 1;
    }
    return 0;
}

/* Does the name list of dir name check c? */
static int directive_names(const directive *dir, const check *c)
{
    const char *p = dir->names, *end = dir->names + dir->names_len;
    while (p < end) {
        const char *q = p;
        while (q < end && is_name_char(*q)) q++;
        if (q > p && suppress_names_check(p, (size_t)(q - p), c)) return 1;
        while (q < end && !is_name_char(*q)) q++;
        p = q;
    }
    return 0;
}

/* ------------------------------------------------------------- the index
 *
 * Comments are read once per file, not once per finding (which made a file
 * with many findings quadratic). A file without "plimsoll:ignore" anywhere
 * costs one memmem. Otherwise one pass over its lines records, per line, the
 * first line of the comment block it is in and its YAML document segment;
 * each line holding a directive is parsed once, and every check it names
 * becomes an entry (kind, place, check, line) in one sorted array that each
 * finding then searches in O(log n). */

enum entry_kind {
    E_TRAIL,   /* a directive on line `place` itself (a trailing comment, or a comment line) */
    E_BLOCK,   /* a directive in the comment block whose first line is `place` */
    E_FILE,    /* an ignore-file directive at the top of segment `place` (0: the file) */
};

typedef struct entry {
    uint32_t kind, place, check, line, dir;
} entry;

typedef struct file_index {
    const source *src;
    int yaml;
    uint32_t *top;         /* per line (1-based): first line of its comment block, 0 when not a comment */
    uint32_t *seg;         /* per line: YAML document segment (0 before the first ---) */
    entry *e;  size_t n, cap;
    directive *dirs;  size_t n_dirs, cap_dirs;
} file_index;

/* Check names and ids to indices: names as written, ids in lower case. */
typedef struct name_map {
    struct { const char *s; uint32_t check; int id; } *v;
    size_t cap;
} name_map;

static uint32_t hash_name(const char *s, size_t n, int lower)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)(lower ? tolower((unsigned char)s[i]) : s[i])) * 16777619u;
    return h;
}

static void name_map_build(name_map *m, const checkset *set)
{
    m->cap = 16;
    while (m->cap < set->n * 4 + 4) m->cap *= 2;
    m->v = xcalloc(m->cap, sizeof *m->v);
    for (uint32_t i = 0; i < set->n; i++)
        for (int id = 0; id < 2; id++) {
            const char *s = id ? set->v[i].id : set->v[i].name;
            size_t j = hash_name(s, strlen(s), id) & (m->cap - 1);
            while (m->v[j].s) j = (j + 1) & (m->cap - 1);
            m->v[j].s = s;
            m->v[j].check = i;
            m->v[j].id = id;
        }
}

/* Call add(x, i, ctx) for every check i the token s[0..n) names: its name
 * as written, or its id in any case (as suppress_names_check decides). */
static void name_map_each(name_map *m, const checkset *set, const char *s, size_t n, file_index *x,
                          void (*add)(file_index *, uint32_t, void *), void *ctx)
{
    if (!m->v) name_map_build(m, set); /* on the first directive: most files have none */
    for (int id = 0; id < 2; id++) {
        for (size_t j = hash_name(s, n, id) & (m->cap - 1); m->v[j].s; j = (j + 1) & (m->cap - 1)) {
            if (m->v[j].id != id) continue;
            const check *c = &set->v[m->v[j].check];
            const char *w = id ? c->id : c->name;
            if (strlen(w) == n && (id ? strncasecmp(w, s, n) : strncmp(w, s, n)) == 0) add(x, m->v[j].check, ctx);
        }
    }
}

typedef struct adding {
    uint32_t kind, place, line, dir;
} adding;

static void add_entry(file_index *x, uint32_t ci, void *ctx)
{
    const adding *a = ctx;
    GROW(x->e, x->cap, x->n + 1);
    x->e[x->n++] = (entry){a->kind, a->place, ci, a->line, a->dir};
}

/* One entry per check the directive names. */
static void add_directive(file_index *x, name_map *m, const checkset *set, const directive *d, uint32_t kind,
                          uint32_t place, uint32_t line)
{
    GROW(x->dirs, x->cap_dirs, x->n_dirs + 1);
    x->dirs[x->n_dirs] = *d;
    adding a = {kind, place, line, (uint32_t)x->n_dirs++};
    const char *p = d->names, *end = d->names + d->names_len;
    while (p < end) {
        const char *q = p;
        while (q < end && is_name_char(*q)) q++;
        if (q > p) name_map_each(m, set, p, (size_t)(q - p), x, add_entry, &a);
        while (q < end && !is_name_char(*q)) q++;
        p = q;
    }
}

static int is_doc_separator(const char *s, size_t n)
{
    return (n >= 3 && strncmp(s, "---", 3) == 0 && (n == 3 || s[3] == ' ' || s[3] == '\t' || s[3] == '\r'));
}

static int cmp_entry(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    if (a->place != b->place) return a->place < b->place ? -1 : 1;
    if (a->check != b->check) return a->check < b->check ? -1 : 1;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    return a->dir < b->dir ? -1 : a->dir > b->dir;
}

/* The next "plimsoll:ignore" in src's text at or after byte from, or NULL. */
static const char *find_word(const source *src, size_t from)
{
    size_t wl = strlen(DIRECTIVE);
    const char *p = src->text + from, *end = src->text + src->len;
    while ((size_t)(end - p) >= wl && (p = memchr(p, 'p', (size_t)(end - p) - wl + 1))) {
        if (memcmp(p, DIRECTIVE, wl) == 0) return p;
        p++;
    }
    return NULL;
}

/* 1-based line of byte offset off. */
static uint32_t line_of(const source *src, size_t off)
{
    uint32_t lo = 0, hi = src->n_lines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->line_start[mid] <= off) lo = mid;
        else hi = mid;
    }
    return lo + 1;
}

static void index_build(file_index *x, const source *src, int yaml, name_map *m, const checkset *set)
{
    memset(x, 0, sizeof *x);
    x->src = src;
    x->yaml = yaml;
    const char *hit = find_word(src, 0);
    if (!hit) return;
    uint32_t nl = src->n_lines;
    x->top = xcalloc((size_t)nl + 2, sizeof *x->top);
    x->seg = xcalloc((size_t)nl + 2, sizeof *x->seg);
    unsigned char *in_top = xcalloc((size_t)nl + 2, 1); /* in the leading comment block of its segment */
    uint32_t segment = 0;
    int top = 1;
    for (uint32_t l = 1; l <= nl; l++) {
        size_t n;
        const char *s = source_line(src, l, &n);
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i < n && s[i] == '#') x->top[l] = x->top[l - 1] ? x->top[l - 1] : l;
        if (yaml && is_doc_separator(s, n)) {
            segment++;
            top = 1;
            x->seg[l] = segment;
            continue;
        }
        x->seg[l] = segment;
        if (top) {
            size_t j = 0;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) j++;
            if (j < n && s[j] != '#') top = 0;
            else in_top[l] = j < n;
        }
    }
    /* each line that holds the word, once */
    for (uint32_t last = 0; hit; ) {
        size_t off = (size_t)(hit - src->text);
        uint32_t l = line_of(src, off);
        if (l != last) {
            last = l;
            size_t n;
            const char *s = source_line(src, l, &n);
            directive d;
            if (parse_directive(s, n, DIRECTIVE, 0, &d)) {
                add_directive(x, m, set, &d, E_TRAIL, l, l);
                if (x->top[l]) add_directive(x, m, set, &d, E_BLOCK, x->top[l], l);
            }
            if (in_top[l] && parse_directive(s, n, DIRECTIVE "-file", 1, &d))
                add_directive(x, m, set, &d, E_FILE, x->seg[l], l);
        }
        size_t from = off + strlen(DIRECTIVE);
        hit = find_word(src, from);
    }
    free(in_top);
    if (x->n > 1) qsort(x->e, x->n, sizeof *x->e, cmp_entry);
}

static void index_free(file_index *x)
{
    free(x->top);
    free(x->seg);
    free(x->e);
    free(x->dirs);
}

/* The last entry (kind, place, check) with line <= max_line (first = 0), or
 * the first one with any line (first = 1); NULL when there is none. */
static const entry *index_find(const file_index *x, uint32_t kind, uint32_t place, uint32_t ci, uint32_t max_line,
                               int first)
{
    entry key = {kind, place, ci, first ? 0 : max_line, first ? 0 : UINT32_MAX};
    size_t lo = 0, hi = x->n; /* first entry > key (last mode) or >= key (first mode) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_entry(&x->e[mid], &key);
        if (c < 0 || (!first && c == 0)) lo = mid + 1;
        else hi = mid;
    }
    const entry *e = first ? (lo < x->n ? &x->e[lo] : NULL) : (lo > 0 ? &x->e[lo - 1] : NULL);
    if (!e || e->kind != kind || e->place != place || e->check != ci) return NULL;
    return e;
}

/* An ignore naming check c on `line` (trailing comments allowed when
 * trailing) or in the comment block directly above `above`. */
static const entry *find_inline(const file_index *x, uint32_t line, uint32_t above, int trailing, uint32_t c)
{
    const source *src = x->src;
    if (!x->n) return NULL;
    const entry *e;
    if (trailing && line >= 1 && line <= src->n_lines && (e = index_find(x, E_TRAIL, line, c, line, 1))) return e;
    if (above >= 1 && above <= src->n_lines && x->top[above])
        return index_find(x, E_BLOCK, x->top[above], c, above, 0);
    return NULL;
}

/* A file-level ignore naming c that covers `line`: at the top of the file
 * (all of it) or, in YAML, of the document (after a ---) that holds it. */
static const entry *find_file_level(const file_index *x, uint32_t line, uint32_t c)
{
    if (!x->n) return NULL;
    const entry *e = index_find(x, E_FILE, 0, c, 0, 1);
    if (e || !x->yaml || line < 1 || line > x->src->n_lines || !x->seg[line]) return e;
    return index_find(x, E_FILE, x->seg[line], c, 0, 1);
}

/* Source pointers to their index, for one suppress_apply. */
typedef struct index_set {
    file_index **v;
    size_t cap, n;
} index_set;

static file_index *index_for(index_set *is, const source *src, int yaml, name_map *m, const checkset *set)
{
    if ((is->n + 1) * 2 > is->cap) {
        size_t cap = is->cap ? is->cap * 2 : 16;
        file_index **v = xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < is->cap; i++) {
            if (!is->v[i]) continue;
            size_t j = ((uintptr_t)is->v[i]->src >> 4) & (cap - 1);
            while (v[j]) j = (j + 1) & (cap - 1);
            v[j] = is->v[i];
        }
        free(is->v);
        is->v = v;
        is->cap = cap;
    }
    size_t j = ((uintptr_t)src >> 4) & (is->cap - 1);
    for (; is->v[j]; j = (j + 1) & (is->cap - 1))
        if (is->v[j]->src == src) return is->v[j];
    file_index *x = xmalloc(sizeof *x);
    index_build(x, src, yaml, m, set);
    is->v[j] = x;
    is->n++;
    return x;
}

/* plimsoll.io/ignore on the metadata at `meta`: 1 when it names c. */
static int annotation_names(const tree *t, node_id meta, const check *c, const char **reason)
{
    node_id ann = tree_member(t, meta, "annotations", NULL);
    if (!ann) return 0;
    const char *list = tree_member_str(t, ann, "plimsoll.io/ignore");
    if (!list) return 0;
    directive dir = {.names = list, .names_len = strlen(list)};
    if (!directive_names(&dir, c)) return 0;
    *reason = tree_member_str(t, ann, "plimsoll.io/ignore-reason");
    return 1;
}

/* The metadata maps that may carry the annotation: the resource's, and its
 * pod template's (spec.template, spec.jobTemplate.spec.template). */
static int find_annotation(const doc *d, const check *c, const char **reason, const char **where)
{
    const tree *t = d->t;
    node_id meta = tree_member(t, d->root, "metadata", NULL);
    if (meta && annotation_names(t, meta, c, reason)) {
        *where = "the resource";
        return 1;
    }
    node_id spec = tree_member(t, d->root, "spec", NULL);
    node_id tpl = spec ? tree_member(t, spec, "template", NULL) : NODE_NONE;
    if (!tpl && spec) {
        node_id jt = tree_member(t, spec, "jobTemplate", NULL);
        node_id js = jt ? tree_member(t, jt, "spec", NULL) : NODE_NONE;
        tpl = js ? tree_member(t, js, "template", NULL) : NODE_NONE;
    }
    meta = tpl ? tree_member(t, tpl, "metadata", NULL) : NODE_NONE;
    if (meta && annotation_names(t, meta, c, reason)) {
        *where = "the pod template";
        return 1;
    }
    return 0;
}

void suppress_apply(scan_result *r, const checkset *set)
{
    name_map m = {0};
    index_set is = {0};
    for (size_t i = 0; i < r->res.n_f; i++) {
        finding *f = &r->res.f[i];
        if (f->suppressed || !f->src) continue;
        const check *c = &set->v[f->check];
        const doc *d = f->doc;
        int dockerfile = d && d->type == DOC_DOCKERFILE;
        const file_index *x = index_for(&is, f->src, !dockerfile, &m, set);
        const entry *e = NULL;
        char src[512];
        if (dockerfile) {
            /* above the instruction, covering all its lines */
            uint32_t first = f->instr ? f->instr_line : f->line;
            e = find_inline(x, first, first - 1, 0, f->check);
        } else if (f->line) {
            e = find_inline(x, f->line, f->line - 1, 1, f->check);
        }
        if (e) {
            snprintf(src, sizeof src, "inline comment at %s:%u", f->src->path, e->line);
            suppress_mark(f, x->dirs[e->dir].reason, src);
            continue;
        }
        if ((e = find_file_level(x, f->line, f->check))) {
            snprintf(src, sizeof src, "file comment at %s:%u", f->src->path, e->line);
            suppress_mark(f, x->dirs[e->dir].reason, src);
            continue;
        }
        const char *reason = NULL, *where = NULL;
        if (d && d->type == DOC_KUBERNETES && find_annotation(d, c, &reason, &where)) {
            snprintf(src, sizeof src, "annotation plimsoll.io/ignore on %s", where);
            suppress_mark(f, reason, src);
        }
    }
    for (size_t i = 0; i < is.cap; i++)
        if (is.v[i]) {
            index_free(is.v[i]);
            free(is.v[i]);
        }
    free(is.v);
    free(m.v);
}
