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
} report_opts;

/* A finding is shown when keep[i] is set (severity filter, suppressions). */
void report_text(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);
void report_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o);

/* Shared helpers for reporters. */
/* One finding as the JSON contract's object (jansson; caller owns it). */
struct json_t;
struct json_t *report_json_finding(const finding *f, const check *c);
/* The source line of f with any secret masked; malloc'd. */
char *report_source_line(const finding *f, uint32_t line);

#endif
