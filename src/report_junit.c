/* report_junit.c — JUnit XML that GitLab and Jenkins show well: a testsuite
 * per check that ran, a testcase per check × resource it applies to (a
 * Kubernetes object, a Compose file, a Dockerfile, an image config), failing
 * with every finding in the element text; a testcase whose findings are all
 * suppressed is skipped with the reason. Input errors get their own suite.
 * A finding's related findings (related.h) are a `related:` line of its
 * text, never failures of their own.
 * Pure function of the result; no timings, so output is deterministic. */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "related.h"

/* The length of the well-formed UTF-8 sequence at p that encodes a
 * character XML 1.0 allows (#x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD,
 * #x10000-#x10FFFF); 0 when there is none (a stray byte, an overlong form,
 * a surrogate, U+FFFE/U+FFFF, a control character). */
static size_t xml_char(const unsigned char *p)
{
    if (p[0] < 0x80) return p[0] >= 0x20 || p[0] == '\t' || p[0] == '\n' || p[0] == '\r';
    size_t n = p[0] >= 0xC2 && p[0] <= 0xDF ? 2 : p[0] >= 0xE0 && p[0] <= 0xEF ? 3 : p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : 0;
    uint32_t cp = n == 2 ? p[0] & 0x1Fu : n == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3Fu);
    }
    if (!n || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
    return n;
}

/* Text for an XML attribute or element: markup escaped, and whatever XML 1.0
 * cannot hold (invalid UTF-8, control characters) shown as U+FFFD, so the
 * report is well-formed whatever the input held. */
static void xml(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        size_t n = xml_char(p);
        if (n == 0) {
            buf_puts(b, "\xEF\xBF\xBD");
            continue;
        }
        if (n > 1) {
            buf_add(b, (const char *)p, n);
            p += n - 1;
            continue;
        }
        switch (*p) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        default: buf_putc(b, (char)*p);
        }
    }
}

typedef struct docref {
    const doc *d;
    const char *kind;     /* Kubernetes kind, or NULL */
    char *label;          /* testcase name */
    char *file;           /* relative path */
} docref;

static char *doc_label(const doc *d, const char **kind)
{
    buf b = {0};
    *kind = NULL;
    switch (d->type) {
    case DOC_KUBERNETES: {
        *kind = tree_member_str(d->t, d->root, "kind");
        node_id meta = tree_member(d->t, d->root, "metadata", NULL);
        const char *ns = meta ? tree_member_str(d->t, meta, "namespace") : NULL;
        const char *name = meta ? tree_member_str(d->t, meta, "name") : NULL;
        display_resource(&b, *kind ? *kind : "object", ns, name ? name : "(unnamed)");
        if (!name && d->index) buf_printf(&b, " #%u", d->index + 1);
        return b.s;
    }
    case DOC_COMPOSE: buf_puts(&b, "Compose file"); break;
    case DOC_DOCKERFILE: buf_puts(&b, "Dockerfile"); break;
    case DOC_IMAGE: buf_puts(&b, "image config"); break;
    case DOC_CONTAINER: case DOC_DAEMON: case DOC_NODE: case DOC_ARCHIVE: {
        char *rk, *rns, *rname;
        display_doc_resource(d, &rk, &rns, &rname);
        display_resource(&b, rk, rns, rname);
        free(rk);
        free(rns);
        free(rname);
        break;
    }
    default: buf_puts(&b, "document"); break;
    }
    if (d->index) buf_printf(&b, " #%u", d->index + 1);
    return b.s;
}

/* docs[] positions by document address, for bsearch. */
typedef struct docpos {
    uintptr_t addr;
    size_t k;
} docpos;

static int cmp_docpos(const void *pa, const void *pb)
{
    const docpos *a = pa, *b = pb;
    return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* For each kept finding, the index in docs[0..nd) of its document, else -1.
 * Returns a malloc'd array of r->res.n_f entries. */
static long *finding_docs(const scan_result *r, const unsigned char *keep, const docref *docs, size_t nd)
{
    docpos *by_addr = xmalloc((nd + 1) * sizeof *by_addr);
    for (size_t k = 0; k < nd; k++) by_addr[k] = (docpos){(uintptr_t)docs[k].d, k};
    qsort(by_addr, nd, sizeof *by_addr, cmp_docpos);
    long *fdoc = xmalloc((r->res.n_f + 1) * sizeof *fdoc);
    for (size_t i = 0; i < r->res.n_f; i++) {
        docpos want = {(uintptr_t)r->res.f[i].doc, 0};
        const docpos *hit = keep[i] && nd ? bsearch(&want, by_addr, nd, sizeof *by_addr, cmp_docpos) : NULL;
        fdoc[i] = hit ? (long)hit->k : -1;
    }
    free(by_addr);
    return fdoc;
}

/* The related-finding lists of the result (results_related_lists). */
typedef struct rel_lists {
    const results *res;
    const checkset *set;
    const uint32_t *first, *next;
} rel_lists;

static void finding_text(buf *b, const display_roots *roots, const rel_lists *rl, size_t i)
{
    const finding *f = &rl->res->f[i];
    const check *c = &rl->set->v[f->check];
    display_loc at;
    display_finding_loc(roots, f, 1, &at);
    buf t = {0};
    buf_printf(&t, "%s:%u:%u: %s %s: %s", at.file, at.line, at.col, severity_name(f->sev), c->name,
               f->message ? f->message : c->title);
    if (at.stream) buf_printf(&t, " (rendered at %s:%u:%u)", at.stream, at.stream_line, at.stream_col);
    display_loc_free(&at);
    if (f->container) buf_printf(&t, " (container %s)", f->container);
    if (rl->first[i]) {
        buf_puts(&t, "\nrelated: ");
        related_describe(&t, rl->res, rl->set, rl->first, rl->next, i);
    }
    if (f->suppressed)
        buf_printf(&t, "\nsuppressed: %s (%s)", f->suppress_reason && *f->suppress_reason ? f->suppress_reason : "no reason given",
                   f->suppress_source ? f->suppress_source : "");
    else
        buf_printf(&t, "\nfix: %s", f->remediation ? f->remediation : c->remediation);
    buf_puts(&t, "\n");
    xml(b, t.s);
    buf_free(&t);
}

/* One testcase for check c on `label` with findings idx[0..n). */
static void testcase(buf *b, const rel_lists *rl, const check *c, const char *label, const char *file,
                     const scan_result *r, const size_t *idx, size_t n, size_t *failures, size_t *skipped)
{
    size_t open = 0;
    for (size_t i = 0; i < n; i++) open += !r->res.f[idx[i]].suppressed;
    buf_puts(b, "    <testcase classname=\"");
    xml(b, c->name);
    buf_puts(b, "\" name=\"");
    xml(b, label);
    buf_puts(b, "\" file=\"");
    xml(b, file);
    buf_puts(b, "\"");
    if (!n) {
        buf_puts(b, "/>\n");
        return;
    }
    buf_puts(b, ">\n");
    if (open) {
        const finding *first = NULL;
        for (size_t i = 0; i < n && !first; i++)
            if (!r->res.f[idx[i]].suppressed) first = &r->res.f[idx[i]];
        buf_puts(b, "      <failure message=\"");
        buf t = {0};
        buf_printf(&t, "%s%s", first->message ? first->message : c->title, open > 1 ? " (and more)" : "");
        xml(b, t.s);
        buf_free(&t);
        buf_printf(b, "\" type=\"%s\">", severity_name(first->sev));
        for (size_t i = 0; i < n; i++) finding_text(b, &r->roots, rl, idx[i]);
        buf_puts(b, "</failure>\n");
        (*failures)++;
    } else {
        const finding *f = &r->res.f[idx[0]];
        buf_puts(b, "      <skipped message=\"suppressed: ");
        xml(b, f->suppress_reason && *f->suppress_reason ? f->suppress_reason : "no reason given");
        buf_puts(b, "\">");
        for (size_t i = 0; i < n; i++) finding_text(b, &r->roots, rl, idx[i]);
        buf_puts(b, "</skipped>\n");
        (*skipped)++;
    }
    buf_puts(b, "    </testcase>\n");
}

/* Every document of the scan, in discovery order, with its label and file.
 * Free with docrefs_free. */
static docref *docrefs(const scan_result *r, size_t *nd)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_files; i++) n += r->files[i].docs.n;
    docref *docs = xcalloc(n + 1, sizeof *docs);
    size_t g = 0;
    for (size_t i = 0; i < r->n_files; i++)
        for (size_t j = 0; j < r->files[i].docs.n; j++, g++) {
            docs[g].d = &r->files[i].docs.v[j];
            docs[g].label = doc_label(docs[g].d, &docs[g].kind);
            const doc *d = docs[g].d;
            const source *src = r->files[i].src;
            docs[g].file = d->origin && d->origin <= src->n_origins ? xstrdup(src->origins[d->origin - 1].name)
                                                                    : display_repo_path(&r->roots, src);
        }
    *nd = n;
    return docs;
}

static void docrefs_free(docref *docs, size_t nd)
{
    for (size_t i = 0; i < nd; i++) {
        free(docs[i].label);
        free(docs[i].file);
    }
    free(docs);
}

/* What the suites of one report share. */
typedef struct junit {
    const scan_result *r;
    const checkset *set;
    const unsigned char *keep;
    const docref *docs;
    size_t nd;
    const long *fdoc;       /* per finding: index in docs, or -1 */
    size_t *own, *idx;      /* scratch: one check's findings, one testcase's */
    size_t tests, failures, skipped; /* totals */
    rel_lists rl;
} junit;

/* The testsuite of check k: a testcase per document it applies to or has
 * findings in. Nothing when it has no testcase. */
static void check_suite(buf *body, junit *j, size_t k)
{
    const scan_result *r = j->r;
    const check *c = &j->set->v[k];
    size_t mine = 0;
    for (size_t i = 0; i < r->res.n_f; i++)
        if (j->keep[i] && r->res.f[i].check == k) j->own[mine++] = i;
    buf suite = {0};
    size_t tests = 0, failures = 0, skipped = 0;
    for (size_t d = 0; d < j->nd; d++) {
        size_t n = 0;
        for (size_t m = 0; m < mine; m++)
            if (j->fdoc[j->own[m]] == (long)d) j->idx[n++] = j->own[m];
        if (!n && !check_applies(c, j->docs[d].d, j->docs[d].kind)) continue;
        testcase(&suite, &j->rl, c, j->docs[d].label, j->docs[d].file, r, j->idx, n, &failures, &skipped);
        tests++;
    }
    /* findings outside any document (should not happen): one testcase per file */
    for (size_t m = 0; m < mine; m++) {
        size_t i = j->own[m];
        if (j->fdoc[i] >= 0) continue;
        char *rel = display_repo_path(&r->roots, r->res.f[i].src);
        j->idx[0] = i;
        testcase(&suite, &j->rl, c, rel, rel, r, j->idx, 1, &failures, &skipped);
        tests++;
        free(rel);
    }
    if (tests) {
        buf_puts(body, "  <testsuite name=\"");
        xml(body, c->name);
        buf_printf(body, "\" id=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", c->id, tests,
                   failures, skipped);
        if (suite.s) buf_puts(body, suite.s);
        buf_puts(body, "  </testsuite>\n");
    }
    buf_free(&suite);
    j->tests += tests;
    j->failures += failures;
    j->skipped += skipped;
}

/* The "input errors" suite: a testcase per error. */
static void error_suite(buf *body, const scan_result *r)
{
    buf_printf(body, "  <testsuite name=\"input errors\" tests=\"%zu\" failures=\"0\" errors=\"%zu\" skipped=\"0\">\n",
               r->res.n_e, r->res.n_e);
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        char *rel = display_path(&r->roots, e->file);
        buf_puts(body, "    <testcase classname=\"input\" name=\"");
        xml(body, rel);
        buf_puts(body, "\" file=\"");
        xml(body, rel);
        buf_puts(body, "\">\n      <error message=\"");
        xml(body, e->message);
        buf_puts(body, "\" type=\"input\">");
        buf t = {0};
        buf_printf(&t, "%s:%u:%u: error: %s\n", rel, e->line, e->col, e->message);
        xml(body, t.s);
        buf_free(&t);
        buf_puts(body, "</error>\n    </testcase>\n");
        free(rel);
    }
    buf_puts(body, "  </testsuite>\n");
}

void report_junit(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    junit j = {.r = r, .set = set, .keep = keep};
    docref *docs = docrefs(r, &j.nd);
    long *fdoc = finding_docs(r, keep, docs, j.nd);
    j.docs = docs;
    j.fdoc = fdoc;
    j.own = xmalloc((r->res.n_f + 1) * sizeof *j.own);
    j.idx = xmalloc((r->res.n_f + 1) * sizeof *j.idx);
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    j.rl = (rel_lists){&r->res, set, first, next};
    buf body = {0};
    for (size_t k = 0; k < set->n; k++) {
        int ran = !o->enabled || o->enabled[k];
        int found = 0;
        for (size_t i = 0; i < r->res.n_f && !ran && !found; i++) found = keep[i] && r->res.f[i].check == k;
        if (ran || found) check_suite(&body, &j, k);
    }
    if (r->res.n_e) error_suite(&body, r);
    buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf_printf(out, "<testsuites name=\"plimsoll\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
               j.tests + r->res.n_e, j.failures, r->res.n_e, j.skipped);
    if (body.s) buf_puts(out, body.s);
    buf_puts(out, "</testsuites>\n");
    buf_free(&body);
    free(first);
    free(next);
    free(j.idx);
    free(j.own);
    free(fdoc);
    docrefs_free(docs, j.nd);
}
