/* report.c — the table of report formats (see report.h): the one list that
 * --format is checked against and dispatched through. */
#include "report.h"

#include <string.h>

static const report_format formats[] = {
    {"text", report_text, 0},   {"json", report_json, 0},   {"sarif", report_sarif, 0},
    {"github", report_github, 0}, {"junit", report_junit, 0}, {"gitlab", report_gitlab, 0},
    {"compliance-json", report_compliance_json, 1},         {"compliance-csv", report_compliance_csv, 1},
    {"compliance-markdown", report_compliance_markdown, 1}, {"compliance-html", report_compliance_html, 1},
    {"compliance-text", report_compliance_text, 1},
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
