/* report.h — reports are pure functions of the sorted scan result: the same
 * input gives byte-identical output. Each writes into a buffer; the caller
 * decides where it goes (stdout or an atomically replaced file). */
#ifndef PLIMSOLL_REPORT_H
#define PLIMSOLL_REPORT_H

#include "engine.h"
#include "scan.h"

typedef struct report_opts {
    int color;                  /* ANSI colours (text only) */
    const char *version;
    const unsigned char *enabled; /* checks that ran, by index (junit test matrix); NULL: all */
    const char *warnings;       /* configuration warnings, one per line ("file:line: warning: …"), or NULL */
    const char *summary_path;   /* github: where the markdown summary goes (appended), or NULL */
} report_opts;

/* A finding is shown when keep[i] is set (severity filter, suppressions). */
void report_text(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
/* SARIF 2.1.0 for GitHub code scanning: one run, a rule per reported check,
 * relative artifact URIs, stable partialFingerprints, suppressions. */
void report_sarif(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
/* GitHub workflow commands (::error file=…::…), most severe first. */
void report_github(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
/* The one-table markdown summary for $GITHUB_STEP_SUMMARY. */
void report_github_summary(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
/* JUnit XML: a testsuite per check, a testcase per check × resource. */
void report_junit(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
/* GitLab Code Quality JSON, a unique fingerprint per finding. */
void report_gitlab(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);

/* The report formats --format accepts, in one table. */
typedef void report_fn(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                       const report_opts *o);
typedef struct report_format {
    const char *name;        /* "text", "json", … */
    report_fn *write;
} report_format;
/* The format called name, or NULL. */
const report_format *report_format_find(const char *name);
/* Append the format names as a sentence: "text, json, … or gitlab". */
void report_format_names(buf *out);

/* Shared helpers for reporters. */
/* A JSON string of s ("" for NULL); bytes that are not UTF-8 become '?'. */
struct json_t *report_json_str(const char *s);
/* One finding as the JSON contract's object, appended to out as it stands
 * in the report (an item of "findings": its lines indented for that place). */
void report_json_finding(buf *out, const finding *f, const check *c);
/* The check's framework controls as [{framework, control}] (caller owns it). */
struct json_t *report_json_controls(const check *c);
/* The source line of f with any secret masked; malloc'd. */
char *report_source_line(const finding *f, uint32_t line);

#endif
