/* report.h — reports are pure functions of the sorted scan result: the same
 * input gives byte-identical output. Each writes into a buffer; the caller
 * decides where it goes (stdout or an atomically replaced file). */
#ifndef PLIMSOLL_REPORT_H
#define PLIMSOLL_REPORT_H

#include "engine.h"
#include "scan.h"

typedef struct report_opts {
    int color;                  /* ANSI colours (text only) */
    int quiet;                  /* text: only the errors and the summary (--quiet) */
    int errors_warn;            /* text: the summary says input errors do not fail (--errors warn) */
    const char *version;
    const unsigned char *enabled; /* checks that ran, by index (junit test matrix); NULL: all */
    const char *warnings;       /* configuration warnings, one per line ("file:line: warning: …"), or NULL */
    const char *summary_path;   /* github: where the markdown summary goes (appended), or NULL */
    const struct compliance *compliance; /* compliance-* formats: the evaluated frameworks (--compliance) */
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

/* Compliance reports (need report_opts.compliance): per-control results with
 * evidence and provenance. JSON (schema in docs/compliance.md), CSV (one row
 * per control x resource), Markdown (job or pull-request summary), text (the
 * terminal), and one self-contained HTML file (no external assets). */
void report_compliance_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_compliance_csv(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_compliance_markdown(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_compliance_text(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_compliance_html(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);

/* The report formats --format accepts, in one table. */
typedef void report_fn(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                       const report_opts *o);
typedef struct report_format {
    const char *name;        /* "text", "json", … */
    report_fn *write;
    int compliance;          /* 1: a compliance report (needs --compliance) */
    int controls;            /* 1: names the framework controls of findings (the catalogues must be loaded) */
} report_format;
/* The format called name, or NULL. */
const report_format *report_format_find(const char *name);
/* Append the format names as a sentence: "text, json, … or gitlab". */
void report_format_names(buf *out);

/* What the summaries of the text and JSON reports count. */
typedef struct report_counts {
    size_t files, docs, errors;
    size_t shown;               /* findings kept (severity, baseline) and not suppressed */
    size_t by_sev[SEV_COUNT];   /* of those */
    size_t suppressed_kept;     /* kept and suppressed (the JSON report lists them) */
    size_t suppressed_all;      /* every suppressed finding (the text summary's count) */
    size_t related;             /* findings listed under a kept one as related (related.h) */
    size_t inputs[N_INPUTS];    /* documents per input, in input_bit order */
    size_t text_found[2], text_entries[2]; /* the text report's findings and entries per section (report_group.h) */
} report_counts;
/* The counts of a whole result (keep[i]: finding i is kept; keep NULL:
 * files, documents and errors only). */
void report_counts_of(const scan_result *r, const unsigned char *keep, report_counts *n);
/* Count one more finding. */
void report_counts_add(report_counts *n, const finding *f, int kept);

/* The parts of the JSON report, for writing it piece by piece (report_json
 * is begin, then item + finding for each kept finding, then end). */
void report_json_begin(buf *out, const char *version);
void report_json_item(buf *out, size_t index);   /* the separator before item `index` (0-based) */
void report_json_end(buf *out, size_t items, const scan_error *e, size_t n_e, const report_counts *n);

/* The parts of the text report: each error (with its source line when src,
 * the scanned file it names, has it, or else from e->line_text), each shown
 * finding (with its source line: f->line_text when the file is no longer in
 * memory, else read from f->src), then the summary. */
/* Where the last caret was: findings come sorted by line and column, so the
 * byte of the next column on the same line is found from there (a minified
 * file's one line is walked once, not once per finding). Start it zeroed;
 * NULL: none. Everything printed is masked (mask.h) and escaped (escape.h). */
typedef struct line_cursor {
    const void *src;
    uint32_t line, col;
    size_t at;
} line_cursor;
void report_text_error(buf *out, const scan_error *e, const source *src, int color, line_cursor *cur);
void report_text_finding(buf *out, const display_roots *roots, const finding *f, const check *c, int color,
                         const finding *const *rel, size_t n_rel, const checkset *set, line_cursor *cur);
/* One entry for the hardening findings m[0..n) of one resource (n >= 2):
 * a headline at the first, each finding's name and message, one combined
 * fix (report_group.h). */
void report_text_group(buf *out, const display_roots *roots, const finding *const *m, size_t n, const checkset *set,
                       int color, line_cursor *cur);
/* The text entry of the findings m[0..n) planned together (text_plan_entry):
 * nothing for n 0, the finding (with its related ones) for 1, a group. */
void report_text_entry(buf *out, const display_roots *roots, const finding *const *m, size_t n,
                       const finding *const *rel, size_t n_rel, const checkset *set, int color, line_cursor *cur);
/* The heading of a text section (report_group.h SECTION_*), printed when the
 * report has both; after: a section came before it. */
void report_text_section(buf *out, int section, size_t findings, size_t entries, int after, int color);
void report_text_summary(buf *out, const report_counts *n, int quiet, int errors_warn);

/* Shared helpers for reporters. */
/* A JSON string of s ("" for NULL); bytes that are not UTF-8 become '?'. */
struct json_t *report_json_str(const char *s);
/* One finding as the JSON contract's object, appended to out as it stands
 * in the report (an item of "findings": its lines indented for that place);
 * its controls are those it evidences for its input. */
void report_json_finding(buf *out, const finding *f, const check *c, const finding *const *rel, size_t n_rel,
                         const checkset *set);
/* The findings related to finding i of r (related.h) into *v (grown as
 * needed, *cap its size); returns how many. */
size_t report_related_of(const results *r, const uint32_t *first, const uint32_t *next, size_t i,
                         const finding ***v, size_t *cap);
/* The check's framework controls as [{framework, control, version}] (caller
 * owns it); _for keeps those it evidences for one input (a finding's: a
 * Dockerfile finding never names a Kubernetes control), 0 keeps all. */
struct json_t *report_json_controls(const check *c);
struct json_t *report_json_controls_for(const check *c, unsigned input);
/* The source line of f with any secret masked; malloc'd. */
char *report_source_line(const finding *f, uint32_t line);

#endif
