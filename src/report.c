/* report.c — the table of report formats (see report.h): the one list that
 * --format is checked against and dispatched through. */
#include "report.h"

#include <string.h>

static const report_format formats[] = {
    {"text", report_text},   {"json", report_json},   {"sarif", report_sarif},
    {"github", report_github}, {"junit", report_junit}, {"gitlab", report_gitlab},
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
