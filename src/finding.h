/* finding.h — a finding remembers where it came from. When a check reports,
 * the engine hands the finding its document here, once; suppressions,
 * baselines and reporters then read f->doc and the Dockerfile instruction
 * stored beside it, and never guess them back from a line number.
 * Nothing here allocates or prints. */
#ifndef PLIMSOLL_FINDING_H
#define PLIMSOLL_FINDING_H

#include "check.h"

/* Record d as the document of f and, when d is a Dockerfile, the
 * instruction f is in: the one its path names (`stages[S].instructions[N]…`,
 * `instructions[N]…`, `args[N]…`), else the one whose lines contain f->line.
 * Call after f->path, f->line and f->col are set. d must outlive f (the
 * scan's files own their docs until the result is freed). */
void finding_attach(finding *f, const doc *d);

#endif
