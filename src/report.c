/* report.c — the table of report formats (see report.h): the one list that
 * --format is checked against and dispatched through. */
#include "report.h"

#include <string.h>

static const report_format formats[] = {
    {.name = "text", .write = report_text},
    {.name = "json", .write = report_json, .controls = 1},
    {.name = "sarif", .write = report_sarif, .controls = 1},
    {.name = "github", .write = report_github},
    {.name = "junit", .write = report_junit},
    {.name = "gitlab", .write = report_gitlab},
    {.name = "compliance-json", .write = report_compliance_json, .compliance = 1},
    {.name = "compliance-csv", .write = report_compliance_csv, .compliance = 1},
    {.name = "compliance-markdown", .write = report_compliance_markdown, .compliance = 1},
    {.name = "compliance-html", .write = report_compliance_html, .compliance = 1},
    {.name = "compliance-text", .write = report_compliance_text, .compliance = 1},
};

#define N_FORMATS (sizeof formats / sizeof *formats)

const report_format *report_format_find(const char *name)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (strcmp(formats[i].name, name) == 0) return &formats[i];
    return NULL;
}

void report_format_names(buf *out)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        buf_printf(out, "%s%s", i == 0 ? "" : i + 1 < N_FORMATS ? ", " : " or ", formats[i].name);
}

void report_counts_of(const scan_result *r, const unsigned char *keep, report_counts *n)
{
    memset(n, 0, sizeof *n);
    n->files = r->n_read;
    n->docs = r->n_docs;
    n->errors = r->res.n_e;
    for (int k = 0; k < N_INPUTS; k++) n->inputs[k] = r->inputs[k];
    for (size_t i = 0; keep && i < r->res.n_f; i++) {
        report_counts_add(n, &r->res.f[i], keep[i]);
        uint32_t to = r->res.f[i].related_to;
        if (to && to <= r->res.n_f && keep[to - 1]) n->related++;
    }
}

void report_counts_add(report_counts *n, const finding *f, int kept)
{
    if (f->suppressed) n->suppressed_all++;
    if (!kept) return;
    if (f->suppressed) {
        n->suppressed_kept++;
        return;
    }
    n->shown++;
    n->by_sev[f->sev]++;
}

size_t report_related_of(const results *r, const uint32_t *first, const uint32_t *next, size_t i,
                         const finding ***v, size_t *cap)
{
    size_t n = 0;
    for (uint32_t j = first[i]; j; j = next[j - 1]) {
        GROW(*v, *cap, n + 1);
        (*v)[n++] = &r->f[j - 1];
    }
    return n;
}
