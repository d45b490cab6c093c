/* suppress.h — in-source suppressions: `# plimsoll:ignore` comments (on the
 * offending line or the comment lines above it; in Dockerfiles above the
 * instruction, covering its whole line range), `# plimsoll:ignore-file` at the
 * top of a file or of a YAML document, and the Kubernetes annotation
 * `plimsoll.io/ignore` (with `plimsoll.io/ignore-reason`) on a resource or its
 * pod template. A suppressed finding stays in the result, marked, with its
 * reason and source, so auditors see it; it no longer decides the exit code.
 * Reads each finding's own document and instruction (f->doc, f->instr);
 * runs in the main thread on the sorted result; nothing here prints. */
#ifndef PLIMSOLL_SUPPRESS_H
#define PLIMSOLL_SUPPRESS_H

#include "engine.h"
#include "scan.h"

/* Does the comma/space list token `name` name check c (its name, or its id
 * in any case)? */
int suppress_names_check(const char *name, size_t len, const check *c);

/* Mark findings of r matched by in-source suppressions (comments and
 * annotations). Findings already suppressed are left alone. */
void suppress_apply(scan_result *r, const checkset *set);

/* Mark finding f suppressed (strings copied). */
void suppress_mark(finding *f, const char *reason, const char *where);

#endif
