/* related.c — see related.h. Linear apart from the superseding pairs, which
 * are compared only among the findings of one document whose checks take
 * part in a `supersedes` relation; the relation itself is closed once per
 * scan (relations_new), not once per file. */
#include "related.h"

#include <stdlib.h>
#include <string.h>

/* 1 when path a is b or inside it: "x.y" is inside "x", "x[0]" inside "x";
 * "x.yz" is not inside "x.y". */
static int inside(const char *a, const char *b)
{
    size_t lb = strlen(b);
    if (strncmp(a, b, lb) != 0) return 0;
    return a[lb] == 0 || a[lb] == '.' || a[lb] == '[' || lb == 0;
}

/* Length of the parent of a path whose last step is a member (".name"), or
 * -1 (an index, or no parent). */
static long member_parent(const char *p)
{
    const char *dot = strrchr(p, '.');
    if (!dot || strchr(dot, '[') || strchr(dot, ']')) return -1;
    return (long)(dot - p);
}

/* One node: the same path, one inside the other, or two members of one map
 * (spec.serviceAccountName and spec.automountServiceAccountToken). */
static int same_node(const finding *a, const finding *b)
{
    if (a->doc_key != b->doc_key || !a->doc_key) return 0;
    const char *pa = a->path ? a->path : "", *pb = b->path ? b->path : "";
    if (inside(pa, pb) || inside(pb, pa)) return 1;
    long la = member_parent(pa), lb = member_parent(pb);
    return la > 0 && la == lb && strncmp(pa, pb, (size_t)la) == 0;
}

static const char *str0(const char *s) { return s ? s : ""; }

/* Another container, service or resource than b's (an anchor's repeats). */
static int other_subject(const finding *a, const finding *b)
{
    return strcmp(str0(a->container), str0(b->container)) != 0 || strcmp(str0(a->kind), str0(b->kind)) != 0 ||
           strcmp(str0(a->ns), str0(b->ns)) != 0 || strcmp(str0(a->name), str0(b->name)) != 0 ||
           a->doc_key != b->doc_key;
}

typedef struct {
    const finding *f;
    size_t i;
} cand;

static int cand_cmp(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    uintptr_t da = (uintptr_t)a->f->doc_key, db = (uintptr_t)b->f->doc_key;
    if (da != db) return da < db ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* The supersedes relation, on the checks that take part in it (few: the
 * closure is over them, not over every check). */
typedef struct sup_rel {
    size_t m;          /* checks taking part */
    long *at;          /* per check of the set: its place among them, or -1 */
    unsigned char *s;  /* s[x * m + y]: the x-th supersedes the y-th, transitively */
} sup_rel;

/* Does check a supersede check b (transitively)? */
static int supersedes(const sup_rel *r, uint32_t a, uint32_t b)
{
    long x = r->at[a], y = r->at[b];
    return x >= 0 && y >= 0 && r->s[(size_t)x * r->m + (size_t)y];
}

static void sup_free(sup_rel *r)
{
    free(r->at);
    free(r->s);
}

/* The relation, closed; a relation that runs both ways (a metadata cycle) is
 * dropped. Returns 0 when no check supersedes another (r then empty). */
static int closure(const checkset *set, sup_rel *r)
{
    size_t n = set->n, m = 0, ne = 0;
    memset(r, 0, sizeof *r);
    long *edge = xmalloc((2 * n + 1) * sizeof *edge); /* pairs (a, b), grown below */
    size_t cap = n;
    r->at = xmalloc((n + 1) * sizeof *r->at);
    for (size_t a = 0; a < n; a++) r->at[a] = -1;
    for (size_t a = 0; a < n; a++)
        for (size_t k = 0; k < set->v[a].n_supersedes; k++) {
            long b = checkset_find(set, set->v[a].supersedes[k]);
            if (b < 0 || (size_t)b == a) continue;
            if (ne == cap) {
                cap *= 2;
                edge = xrealloc(edge, (2 * cap + 1) * sizeof *edge);
            }
            edge[2 * ne] = (long)a;
            edge[2 * ne + 1] = b;
            ne++;
            if (r->at[a] < 0) r->at[a] = (long)m++;
            if (r->at[b] < 0) r->at[b] = (long)m++;
        }
    if (!ne) {
        free(edge);
        sup_free(r);
        memset(r, 0, sizeof *r);
        return 0;
    }
    unsigned char *s = xcalloc(m * m + 1, 1);
    for (size_t e = 0; e < ne; e++) s[(size_t)r->at[edge[2 * e]] * m + (size_t)r->at[edge[2 * e + 1]]] = 1;
    free(edge);
    for (size_t k = 0; k < m; k++)
        for (size_t a = 0; a < m; a++)
            if (s[a * m + k])
                for (size_t b = 0; b < m; b++)
                    if (s[k * m + b]) s[a * m + b] = 1;
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b <= a; b++)
            if (s[a * m + b] && s[b * m + a]) s[a * m + b] = s[b * m + a] = 0;
    r->m = m;
    r->s = s;
    return 1;
}

/* The finding f's related_to leads to, followed to its end. */
static size_t root_of(const results *r, size_t i)
{
    for (size_t hops = 0; r->f[i].related_to && hops < r->n_f; hops++) i = r->f[i].related_to - 1;
    return i;
}

struct relations {
    sup_rel sup;          /* closure(): empty (m 0) when no check supersedes another */
    unsigned char *part;  /* part[x]: the x-th check of the relation supersedes or is superseded */
};

relations *relations_new(const checkset *set)
{
    relations *rel = xcalloc(1, sizeof *rel);
    if (!closure(set, &rel->sup)) return rel;
    size_t m = rel->sup.m;
    /* a check takes part when it supersedes or is superseded after the
     * cycles are dropped */
    rel->part = xcalloc(m + 1, 1);
    for (size_t a = 0; a < m; a++)
        for (size_t b = 0; b < m; b++)
            if (rel->sup.s[a * m + b]) rel->part[a] = rel->part[b] = 1;
    return rel;
}

void relations_free(relations *rel)
{
    if (!rel) return;
    sup_free(&rel->sup);
    free(rel->part);
    free(rel);
}

static size_t relate_superseded(results *r, const relations *rel)
{
    const sup_rel *sup = &rel->sup;
    if (!sup->m) return 0;
    size_t nc = 0, related = 0;
    cand *c = xmalloc((r->n_f + 1) * sizeof *c);
    for (size_t i = 0; i < r->n_f; i++) {
        long at = sup->at[r->f[i].check];
        if (at >= 0 && rel->part[at] && !r->f[i].suppressed && r->f[i].doc_key) c[nc++] = (cand){&r->f[i], i};
    }
    qsort(c, nc, sizeof *c, cand_cmp);
    for (size_t lo = 0; lo < nc;) {
        size_t hi = lo;
        while (hi < nc && c[hi].f->doc_key == c[lo].f->doc_key) hi++;
        /* each finding goes to the most specific finding that supersedes it:
         * one that supersedes it and is superseded by no other candidate */
        for (size_t x = lo; x < hi; x++) {
            const finding *f = c[x].f;
            long best = -1;
            for (size_t y = lo; y < hi; y++) {
                const finding *p = c[y].f;
                if (!supersedes(sup, p->check, f->check) || !same_node(p, f)) continue;
                if (best < 0 || supersedes(sup, p->check, r->f[best].check)) best = (long)c[y].i;
            }
            if (best >= 0) r->f[c[x].i].related_to = (uint32_t)best + 1;
        }
        lo = hi;
    }
    for (size_t i = 0; i < r->n_f; i++)
        if (r->f[i].related_to) {
            r->f[i].related_to = (uint32_t)root_of(r, r->f[i].related_to - 1) + 1;
            related++;
        }
    free(c);
    return related;
}

/* The same check at the same position for another subject: related to the
 * first (findings are sorted by file, line, column, check). */
static size_t relate_repeats(results *r)
{
    size_t related = 0;
    for (size_t i = 0, first = 0; i < r->n_f; i++) {
        finding *f = &r->f[i];
        if (f->suppressed || f->related_to) continue;
        const finding *p = &r->f[first];
        if (i != first && !p->suppressed && !p->related_to && p->check == f->check && p->src == f->src &&
            p->line == f->line && p->col == f->col && other_subject(p, f)) {
            f->related_to = (uint32_t)first + 1;
            related++;
            continue;
        }
        first = i;
    }
    return related;
}

size_t results_relate(results *r, const relations *rel)
{
    return relate_superseded(r, rel) + relate_repeats(r);
}

void results_related_lists(const results *r, uint32_t **first, uint32_t **next)
{
    uint32_t *fi = xcalloc(r->n_f + 1, sizeof *fi), *nx = xcalloc(r->n_f + 1, sizeof *nx);
    for (size_t j = r->n_f; j-- > 0;) {
        uint32_t p = r->f[j].related_to;
        if (!p) continue;
        nx[j] = fi[p - 1];
        fi[p - 1] = (uint32_t)j + 1;
    }
    *first = fi;
    *next = nx;
}

size_t related_describe(buf *b, const results *r, const checkset *set, const uint32_t *first, const uint32_t *next,
                        size_t i)
{
    const finding *f = &r->f[i];
    size_t n = 0;
    for (uint32_t j = first[i]; j; j = next[j - 1], n++) {
        const finding *g = &r->f[j - 1];
        buf_printf(b, "%s%s %s", n ? ", " : "", severity_name(g->sev), set->v[g->check].name);
        if (g->line != f->line || g->col != f->col || g->src != f->src) buf_printf(b, " (%u:%u)", g->line, g->col);
        else if (g->container && (!f->container || strcmp(g->container, f->container) != 0))
            buf_printf(b, " (%s)", g->container);
    }
    return n;
}
