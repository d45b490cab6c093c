/* report_text.c — the human report: one headline per finding in the
 * compiler style `file:line:col: severity name: message`, the source line with
 * a caret, the remediation, then a summary. Risks come first; one resource's
 * hardening findings share one entry and one fix (report_group.h). Colour
 * only when asked. */
#include "related.h"
#include "report.h"
#include "report_group.h"

#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "escape.h"
#include "mask.h"

static const char *const sev_color[SEV_COUNT] = {
    "\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};
#define RESET "\033[0m"
#define BOLD "\033[1m"

char *report_source_line(const finding *f, uint32_t line)
{
    size_t n;
    const char *s = source_line(f->src, line, &n);
    if (f->src->mask) return mask_text(f->src->mask, s, n);
    /* a finding made outside a scan: its own secret */
    char *copy = xstrndup(s, n);
    char *masked = secret_mask_in(copy, f->secret);
    free(copy);
    return masked;
}

/* A source line's text raw[0..n) (line `line`) and a caret under column col
 * (tabs kept so it lines up). Only a window around the column is masked (m:
 * every secret known in the file; else f's own secret), escaped and shown.
 * cur (may be NULL) remembers where the last caret was on key's line. */
static void show_raw(buf *out, const finding *f, const mask_set *m, const void *key, const char *raw, size_t n,
                     uint32_t line, uint32_t col, int color, line_cursor *cur)
{
    mask_set own = {0};
    if (!m && f && f->secret) {
        mask_set_add(&own, f->secret);
        mask_set_seal(&own);
        m = &own;
    }
    line_cursor none = {0};
    if (!cur || !key) cur = &none;
    size_t at = 0, chars = 0;
    if (cur->src == key && cur->line == line && cur->col <= col) at = cur->at, chars = cur->col - 1;
    while (at < n && chars + 1 < col) { /* at: the byte where character col starts */
        at++;
        if (at == n || ((unsigned char)raw[at] & 0xC0) != 0x80) chars++;
    }
    *cur = (line_cursor){key, line, col, at};
    /* the window: wide enough that a secret reaching into the part shown is
     * inside it whole */
    size_t wide = 256 + (m && m->n ? strlen(m->v[0]) : 0);
    size_t ws = at > wide ? at - wide : 0, we = n - at > wide ? at + wide : n;
    while (ws > 0 && ((unsigned char)raw[ws] & 0xC0) == 0x80) ws--;
    while (we < n && ((unsigned char)raw[we] & 0xC0) == 0x80) we++;
    at -= ws;
    char *masked = mask_text_at(m, raw + ws, we - ws, &at);
    mask_set_free(&own);
    /* and no control character reaches the terminal (escape.h) */
    char *text = esc_text_at(masked, strlen(masked), &at);
    free(masked);
    /* Long lines (minified JSON) are cut around the column. */
    buf_printf(out, "  %5u | ", line);
    size_t len = strlen(text), start = 0, byte_col = at;
    if (len > 160 && byte_col > 60) start = byte_col - 60;
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80) start--;
    size_t show = len - start > 160 ? 160 : len - start;
    while (start + show < len && show > 0 && ((unsigned char)text[start + show] & 0xC0) == 0x80) show--;
    int cut_left = start > 0 || ws > 0, cut_right = start + show < len || we < n;
    if (cut_left) buf_puts(out, "…");
    buf_add(out, text + start, show);
    if (cut_right) buf_puts(out, "…");
    buf_puts(out, "\n        | ");
    if (cut_left) buf_puts(out, " ");
    for (size_t i = start; i < len && i < byte_col; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
        buf_putc(out, text[i] == '\t' ? '\t' : ' ');
    }
    buf_printf(out, "%s^%s\n", color ? BOLD : "", color ? RESET : "");
    free(text);
}


/* The source line of src and a caret under column col, when src has that
 * line; every secret known in the file masked (mask.h). */
static void show_source(buf *out, const finding *f, const source *src, uint32_t line, uint32_t col, int color,
                        line_cursor *cur)
{
    if (!src || line < 1 || line > src->n_lines) return;
    size_t n;
    const char *raw = source_line(src, line, &n);
    show_raw(out, f, src->mask, src, raw, n, line, col, color, cur);
}

static void indented(buf *out, const char *label, const char *text)
{
    buf_printf(out, "        %s ", label);
    buf safe = {0};
    esc_puts(&safe, text, ESC_KEEP_TAB | ESC_KEEP_LF);
    text = safe.s ? safe.s : "";
    for (const char *p = text; *p; p++) {
        buf_putc(out, *p);
        if (*p == '\n' && p[1]) buf_puts(out, "          ");
    }
    if (!*text || text[strlen(text) - 1] != '\n') buf_putc(out, '\n');
    buf_free(&safe);
}

void report_text_error(buf *out, const scan_error *e, const source *src, int color, line_cursor *cur)
{
    buf x[2] = {{0}}; /* escaped printf arguments (escape.h) */
    /* an error's message keeps its line breaks and tabs (a traceback) */
    esc_str_keep(&x[1], e->message, ESC_KEEP_LF | ESC_KEEP_TAB);
    if (e->line) buf_printf(out, "%s:%u:%u: %serror%s: %s\n", esc_str(&x[0], e->file), e->line, e->col ? e->col : 1,
                            color ? "\033[1;35m" : "", color ? RESET : "", x[1].s ? x[1].s : "");
    else buf_printf(out, "%s: %serror%s: %s\n", esc_str(&x[0], e->file), color ? "\033[1;35m" : "", color ? RESET : "",
                    x[1].s ? x[1].s : "");
    if (e->line && !src && e->line_text) /* the file is no longer in memory: its line, masked when copied */
        show_raw(out, NULL, NULL, NULL, e->line_text, strlen(e->line_text), e->line, e->text_col ? e->text_col : 1, color,
                 cur);
    else if (e->line)
        show_source(out, NULL, src, e->line, e->col ? e->col : 1, color, cur);
    for (size_t i = 0; i < sizeof x / sizeof *x; i++) buf_free(&x[i]);
}

/* The end of a finding's headline (its resource, where a rendered stream has
 * it) and its source line with the caret. */
static void finish_headline(buf *out, const finding *f, display_loc *loc, int color, line_cursor *cur)
{
    buf x = {0}, r = {0};
    esc_str(&r, NULL);
    display_finding_resource(&r, f);
    esc_puts(out, r.s, 0);
    if (loc->stream) buf_printf(out, " (rendered at %s:%u:%u)", esc_str(&x, loc->stream), loc->stream_line, loc->stream_col);
    display_loc_free(loc);
    buf_putc(out, '\n');
    if (f->line_text && (!f->src || f->line > f->src->n_lines)) /* a finding on facts: the file is gone */
        show_raw(out, f, f->src ? f->src->mask : NULL, f->src, f->line_text, strlen(f->line_text), f->line, f->col, color,
                 cur);
    else
        show_source(out, f, f->src, f->line, f->col, color, cur);
    buf_free(&x);
    buf_free(&r);
}

void report_text_finding(buf *out, const display_roots *roots, const finding *f, const check *c, int color,
                         const finding *const *rel, size_t n_rel, const checkset *set, line_cursor *cur)
{
    buf x[3] = {{0}}; /* escaped printf arguments (escape.h) */
    display_loc loc;
    display_finding_loc(roots, f, 0, &loc);
    buf_printf(out, "%s:%u:%u: %s%s%s %s: %s", esc_str(&x[0], loc.file), loc.line, loc.col, color ? sev_color[f->sev] : "",
               severity_name(f->sev), color ? RESET : "", esc_str(&x[1], c->name), esc_str(&x[2], f->message));
    finish_headline(out, f, &loc, color, cur);
    indented(out, "fix:", f->remediation ? f->remediation : c->remediation);
    if (n_rel) {
        buf_puts(out, "        related:");
        for (size_t k = 0; k < n_rel; k++) {
            const finding *g = rel[k];
            buf_printf(out, "%s %s %s", k ? "," : "", severity_name(g->sev), esc_str(&x[0], set->v[g->check].name));
            if (g->line != f->line || g->col != f->col || g->src != f->src) buf_printf(out, " (%u:%u)", g->line, g->col);
            else if (g->container && (!f->container || strcmp(g->container, f->container) != 0))
                buf_printf(out, " (%s)", esc_str(&x[0], g->container));
        }
        buf_putc(out, '\n');
    }
    for (size_t i = 0; i < sizeof x / sizeof *x; i++) buf_free(&x[i]);
}

static int str_same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

void report_text_group(buf *out, const display_roots *roots, const finding *const *m, size_t n, const checkset *set,
                       int color, line_cursor *cur)
{
    const finding *f = m[0];
    severity worst = f->sev;
    for (size_t i = 1; i < n; i++)
        if (m[i]->sev > worst) worst = m[i]->sev;
    buf x[3] = {{0}}; /* escaped printf arguments (escape.h) */
    display_loc loc;
    display_finding_loc(roots, f, 0, &loc);
    buf_printf(out, "%s:%u:%u: %s%s%s hardening: %zu safer defaults not set", esc_str(&x[0], loc.file), loc.line,
               loc.col, color ? sev_color[worst] : "", severity_name(worst), color ? RESET : "", n);
    /* a Compose service is its own container: the resource names it */
    if (f->container && !(f->kind && strcmp(f->kind, "service") == 0 && str_same(f->container, f->name)))
        buf_printf(out, " in container \"%s\"", esc_str(&x[1], f->container));
    finish_headline(out, f, &loc, color, cur);
    for (size_t i = 0; i < n; i++) {
        const finding *g = m[i];
        buf_printf(out, "        - %s%s%s %s", color ? sev_color[g->sev] : "", severity_name(g->sev), color ? RESET : "",
                   esc_str(&x[0], set->v[g->check].name));
        if (g->line != f->line || g->col != f->col) buf_printf(out, " (%u:%u)", g->line, g->col);
        buf_printf(out, ": %s\n", esc_str(&x[2], g->message));
    }
    buf fix = {0};
    report_group_fix(&fix, m, n, set);
    indented(out, "fix:", fix.s ? fix.s : "");
    buf_free(&fix);
    for (size_t i = 0; i < sizeof x / sizeof *x; i++) buf_free(&x[i]);
}

void report_text_entry(buf *out, const display_roots *roots, const finding *const *m, size_t n,
                       const finding *const *rel, size_t n_rel, const checkset *set, int color, line_cursor *cur)
{
    if (n > 1) report_text_group(out, roots, m, n, set, color, cur);
    else if (n == 1) report_text_finding(out, roots, m[0], &set->v[m[0]->check], color, rel, n_rel, set, cur);
}

void report_text_section(buf *out, int section, size_t findings, size_t entries, int after, int color)
{
    if (after) buf_putc(out, '\n');
    if (section == SECTION_RISK)
        buf_printf(out, "%sRisks: explicit dangerous settings (%zu finding%s)%s\n", color ? BOLD : "", findings,
                   findings == 1 ? "" : "s", color ? RESET : "");
    else
        buf_printf(out, "%sHardening: safer defaults not set (%zu finding%s in %zu entr%s)%s\n", color ? BOLD : "",
                   findings, findings == 1 ? "" : "s", entries, entries == 1 ? "y" : "ies", color ? RESET : "");
}

void report_text_summary(buf *out, const report_counts *n, int quiet, int errors_warn)
{
    if ((n->shown && !quiet) || n->errors) buf_putc(out, '\n');
    buf_printf(out, "%zu finding%s", n->shown, n->shown == 1 ? "" : "s");
    if (n->shown) {
        const char *sep = " (";
        for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
            if (n->by_sev[s]) {
                buf_printf(out, "%s%zu %s", sep, n->by_sev[s], severity_name((severity)s));
                sep = ", ";
            }
        buf_puts(out, ")");
    }
    buf_printf(out, " in %zu file%s (%zu document%s)", n->files, n->files == 1 ? "" : "s", n->docs,
               n->docs == 1 ? "" : "s");
    if (n->suppressed_all) buf_printf(out, ", %zu suppressed", n->suppressed_all);
    if (n->errors)
        buf_printf(out, ", %zu error%s%s", n->errors, n->errors == 1 ? "" : "s",
                   errors_warn ? " (--errors warn: input errors do not fail the scan)" : "");
    buf_puts(out, "\n");
}

/* The scanned file called path (the first one, in discovery order), or NULL. */
static const source *file_named(const scan_result *r, const char *path)
{
    for (size_t j = 0; j < r->n_files; j++)
        if (strcmp(r->files[j].src->path, path) == 0) return r->files[j].src;
    return NULL;
}

void report_text(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    report_counts n;
    report_counts_of(r, keep, &n);
    line_cursor cur = {0};
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        report_text_error(out, e, e->line ? file_named(r, e->file) : NULL, o->color, &cur);
    }
    size_t nf = r->res.n_f;
    unsigned char *show = xcalloc(nf + 1, 1);
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    for (size_t i = 0; i < nf; i++)
        show[i] = keep[i] && !r->res.f[i].suppressed && !o->quiet ? 1 + (first[i] != 0) : 0;
    text_plan plan;
    text_plan_make(&plan, r->res.f, nf, set, show);
    int headers = plan.entries[SECTION_RISK] && plan.entries[SECTION_HARDENING];
    const finding **rel = NULL;
    size_t cap = 0;
    for (int sec = SECTION_RISK; sec <= SECTION_HARDENING; sec++) {
        if (headers) report_text_section(out, sec, plan.found[sec], plan.entries[sec], sec != SECTION_RISK, o->color);
        for (size_t i = 0; i < nf; i++) {
            const finding *const *m = NULL;
            if (report_section(&r->res.f[i], set) != sec) continue;
            size_t k = text_plan_entry(&plan, i, &m);
            size_t n_rel = k == 1 ? report_related_of(&r->res, first, next, i, &rel, &cap) : 0;
            report_text_entry(out, &r->roots, m, k, rel, n_rel, set, o->color, &cur);
        }
    }
    text_plan_free(&plan);
    free(rel);
    free(first);
    free(next);
    report_text_summary(out, &n, o->quiet, o->errors_warn);
}
