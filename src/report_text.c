/* report_text.c — the human report: one headline per finding in the
 * compiler style `file:line:col: severity name: message`, the source line with
 * a caret, the remediation, then a summary. Colour only when asked. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "related.h"

static const char *const sev_color[SEV_COUNT] = {
    "\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};
#define RESET "\033[0m"
#define BOLD "\033[1m"

char *report_source_line(const finding *f, uint32_t line)
{
    size_t n;
    const char *s = source_line(f->src, line, &n);
    char *copy = xstrndup(s, n);
    char *masked = secret_mask_in(copy, f->secret);
    free(copy);
    return masked;
}

/* Source line `line` (its text, secrets already masked) and a caret under
 * column col (tabs kept so it lines up). */
static void show_line(buf *out, char *text, uint32_t line, uint32_t col, int color)
{
    /* Long lines (minified JSON) are cut around the column. */
    buf_printf(out, "  %5u | ", line);
    size_t len = strlen(text), start = 0, chars = 0, byte_col = 0;
    for (size_t i = 0; i < len && chars + 1 < col; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) chars++, byte_col = i + 1;
    if (len > 160 && byte_col > 60) start = byte_col - 60;
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80) start--;
    size_t show = len - start > 160 ? 160 : len - start;
    while (start + show < len && show > 0 && ((unsigned char)text[start + show] & 0xC0) == 0x80) show--;
    if (start) buf_puts(out, "…");
    buf_add(out, text + start, show);
    if (start + show < len) buf_puts(out, "…");
    buf_puts(out, "\n        | ");
    if (start) buf_puts(out, " ");
    for (size_t i = start; i < len && i < byte_col; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;
        buf_putc(out, text[i] == '\t' ? '\t' : ' ');
    }
    buf_printf(out, "%s^%s\n", color ? BOLD : "", color ? RESET : "");
}

/* The source line and a caret under column col, when src has that line. */
static void show_source(buf *out, const finding *f, const source *src, uint32_t line, uint32_t col, int color)
{
    if (!src || line < 1 || line > src->n_lines) return;
    char *text = f ? report_source_line(f, line) : NULL;
    if (!text) {
        size_t n;
        const char *s = source_line(src, line, &n);
        text = xstrndup(s, n);
    }
    show_line(out, text, line, col, color);
    free(text);
}

static void indented(buf *out, const char *label, const char *text)
{
    buf_printf(out, "        %s ", label);
    for (const char *p = text; *p; p++) {
        buf_putc(out, *p);
        if (*p == '\n' && p[1]) buf_puts(out, "          ");
    }
    if (!*text || text[strlen(text) - 1] != '\n') buf_putc(out, '\n');
}

void report_text_error(buf *out, const scan_error *e, const source *src, int color)
{
    if (e->line) buf_printf(out, "%s:%u:%u: %serror%s: %s\n", e->file, e->line, e->col ? e->col : 1,
                            color ? "\033[1;35m" : "", color ? RESET : "", e->message);
    else buf_printf(out, "%s: %serror%s: %s\n", e->file, color ? "\033[1;35m" : "", color ? RESET : "", e->message);
    if (e->line && !src && e->line_text) {
        char *text = xstrdup(e->line_text);
        show_line(out, text, e->line, e->col ? e->col : 1, color);
        free(text);
    } else if (e->line) {
        show_source(out, NULL, src, e->line, e->col ? e->col : 1, color);
    }
}

void report_text_finding(buf *out, const finding *f, const check *c, int color, const finding *const *rel,
                         size_t n_rel, const checkset *set)
{
    const char *line_text = f->line_text;
    buf_printf(out, "%s:%u:%u: %s%s%s %s: %s", f->src->path, f->line, f->col, color ? sev_color[f->sev] : "",
               severity_name(f->sev), color ? RESET : "", c->name, f->message);
    display_finding_resource(out, f);
    buf_putc(out, '\n');
    if (line_text) {
        char *masked = secret_mask_in(line_text, f->secret);
        show_line(out, masked, f->line, f->col, color);
        free(masked);
    } else {
        show_source(out, f, f->src, f->line, f->col, color);
    }
    indented(out, "fix:", f->remediation ? f->remediation : c->remediation);
    if (n_rel) {
        buf_puts(out, "        related:");
        for (size_t k = 0; k < n_rel; k++) {
            const finding *g = rel[k];
            buf_printf(out, "%s %s %s", k ? "," : "", severity_name(g->sev), set->v[g->check].name);
            if (g->line != f->line || g->col != f->col || g->src != f->src) buf_printf(out, " (%u:%u)", g->line, g->col);
            else if (g->container && (!f->container || strcmp(g->container, f->container) != 0))
                buf_printf(out, " (%s)", g->container);
        }
        buf_putc(out, '\n');
    }
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
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        report_text_error(out, e, e->line ? file_named(r, e->file) : NULL, o->color);
    }
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    const finding **rel = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i] || f->suppressed || o->quiet) continue;
        size_t n_rel = report_related_of(&r->res, first, next, i, &rel, &cap);
        report_text_finding(out, f, &set->v[f->check], o->color, rel, n_rel, set);
    }
    free(rel);
    free(first);
    free(next);
    report_text_summary(out, &n, o->quiet, o->errors_warn);
}
