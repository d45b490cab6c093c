/* report_github.c — GitHub Actions workflow commands: one annotation per
 * finding (::error / ::warning / ::notice file=…,line=…,col=…,title=…::…),
 * most severe first, with GitHub's escaping (data: % CR LF; properties also
 * ':' and ','), and the one-table markdown summary for $GITHUB_STEP_SUMMARY.
 * Suppressed findings are not annotated; the findings related to an
 * annotated one (related.h) are named in its message, never annotated on
 * their own. Pure functions of the result. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "escape.h"
#include "related.h"

static void esc(buf *b, const char *s, int property)
{
    /* no control character but the line feed reaches the log (escape.h) */
    buf safe = {0};
    esc_puts(&safe, s, ESC_KEEP_LF);
    for (const char *p = safe.s ? safe.s : ""; *p; p++) {
        switch (*p) {
        case '%': buf_puts(b, "%25"); break;
        case '\r': buf_puts(b, "%0D"); break;
        case '\n': buf_puts(b, "%0A"); break;
        case ':': if (property) buf_puts(b, "%3A"); else buf_putc(b, ':'); break;
        case ',': if (property) buf_puts(b, "%2C"); else buf_putc(b, ','); break;
        default: buf_putc(b, *p);
        }
    }
    buf_free(&safe);
}

static const char *command(severity s)
{
    return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "notice";
}

/* One annotation; file is already as GitHub wants it (relative to the
 * repository root). */
static void annotation(buf *out, const char *cmd, const char *rel, uint32_t line, uint32_t col, const char *title,
                       const char *message)
{
    buf_printf(out, "::%s file=", cmd);
    esc(out, rel, 1);
    if (line) buf_printf(out, ",line=%u,col=%u", line, col ? col : 1);
    buf_puts(out, ",title=");
    esc(out, title, 1);
    buf_puts(out, "::");
    esc(out, message, 0);
    buf_putc(out, '\n');
}

void report_github(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    (void)o;
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        char *rel = display_path(&r->roots, e->file);
        annotation(out, "error", rel, e->line, e->col, "plimsoll: input error", e->message);
        free(rel);
    }
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
        for (size_t i = 0; i < r->res.n_f; i++) {
            const finding *f = &r->res.f[i];
            if (!keep[i] || f->suppressed || (int)f->sev != s) continue;
            const check *c = &set->v[f->check];
            buf title = {0}, msg = {0};
            buf_printf(&title, "%s %s (%s)", severity_name(f->sev), c->name, c->id);
            buf_puts(&msg, f->message ? f->message : c->title);
            display_finding_resource(&msg, f);
            display_loc loc;
            display_finding_loc(&r->roots, f, 1, &loc);
            if (loc.stream) buf_printf(&msg, " (rendered at %s:%u:%u)", loc.stream, loc.stream_line, loc.stream_col);
            if (first[i]) {
                buf_puts(&msg, "\n\nRelated (same root cause, not annotated separately): ");
                related_describe(&msg, &r->res, set, first, next, i);
            }
            buf_printf(&msg, "\n\nFix: %s", f->remediation ? f->remediation : c->remediation);
            annotation(out, command(f->sev), loc.file, loc.line, loc.col, title.s, msg.s);
            display_loc_free(&loc);
            buf_free(&title);
            buf_free(&msg);
        }
    }
    free(first);
    free(next);
}

/* Table cells: one line, '|' escaped. */
static void cell(buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '|') buf_puts(b, "\\|");
        else if (*p == '\n' || *p == '\r') buf_putc(b, ' ');
        else buf_putc(b, *p);
    }
}

void report_github_summary(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                           const report_opts *o)
{
    (void)o;
    size_t *per = xcalloc(set->n + 1, sizeof *per);
    int *worst = xcalloc(set->n + 1, sizeof *worst);
    size_t by_sev[SEV_COUNT] = {0}, total = 0, suppressed = 0;
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i]) continue;
        if (f->suppressed) {
            suppressed++;
            continue;
        }
        per[f->check]++;
        if ((int)f->sev + 1 > worst[f->check]) worst[f->check] = (int)f->sev + 1;
        by_sev[f->sev]++;
        total++;
    }
    buf_puts(out, "### plimsoll\n\n");
    buf_printf(out, "**%zu finding%s**", total, total == 1 ? "" : "s");
    const char *sep = " (";
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        if (by_sev[s]) {
            buf_printf(out, "%s%zu %s", sep, by_sev[s], severity_name((severity)s));
            sep = ", ";
        }
    if (total) buf_puts(out, ")");
    buf_printf(out, " in %zu file%s (%zu document%s)", r->n_files, r->n_files == 1 ? "" : "s", r->n_docs,
               r->n_docs == 1 ? "" : "s");
    if (suppressed) buf_printf(out, ", %zu suppressed", suppressed);
    if (r->res.n_e) buf_printf(out, ", %zu error%s", r->res.n_e, r->res.n_e == 1 ? "" : "s");
    buf_puts(out, "\n\n");
    if (total) {
        buf_puts(out, "| Severity | Check | Title | Findings |\n| --- | --- | --- | ---: |\n");
        for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
            for (size_t k = 0; k < set->n; k++) {
                if (!per[k]) continue;
                /* a check's row goes under the most severe of its findings */
                if (worst[k] != s + 1) continue;
                buf_printf(out, "| %s | `%s` (%s) | ", severity_name((severity)s), set->v[k].name, set->v[k].id);
                cell(out, set->v[k].title);
                buf_printf(out, " | %zu |\n", per[k]);
            }
        buf_putc(out, '\n');
    }
    free(per);
    free(worst);
}
