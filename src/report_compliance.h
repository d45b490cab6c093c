/* report_compliance.h — helpers shared by the compliance reporters
 * (report_compliance.c: json, csv, markdown, text; report_compliance_html.c).
 * The reporters themselves are declared in report.h with the other formats. */
#ifndef PLIMSOLL_REPORT_COMPLIANCE_H
#define PLIMSOLL_REPORT_COMPLIANCE_H

#include "compliance.h"
#include "report.h"

/* "automated", "manual" or "needs" */
const char *rc_assessment(const fw_control *c);
/* "pass", "fail" or "exception" */
const char *rc_resource_result(const c_resource *r);
/* Input names of the bits, comma separated. */
void rc_inputs(buf *b, unsigned inputs);
/* Controls with PASS, FAIL or EXCEPTION. */
size_t rc_evaluated(const c_framework *cf);
/* The provenance object of compliance-json ("scan"); caller owns it. */
struct json_t *rc_provenance_json(const compliance *cmp, const scan_result *r);

#endif
