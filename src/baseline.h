/* baseline.h — stable finding fingerprints and the baseline file.
 *
 * A fingerprint identifies a finding across edits that do not touch it: it
 * hashes the check name, the file (relative), the resource (kind, namespace,
 * name), the container and the document path with container indices replaced
 * by container names; for Dockerfiles the instruction's own text replaces its
 * index. Line numbers never enter it, so lines added above keep it. Equal
 * fingerprints within one scan get ":2", ":3"… in order, so each is unique.
 * Nothing here prints. */
#ifndef PLIMSOLL_BASELINE_H
#define PLIMSOLL_BASELINE_H

#include "engine.h"
#include "scan.h"

/* Fingerprints of r->res.f[0..n_f): an array of n_f malloc'd strings (32 hex
 * digits, then ":N" from the second repeat on). Free with
 * baseline_fingerprints_free. */
char **baseline_fingerprints(const scan_result *r, const checkset *set);
void baseline_fingerprints_free(char **fp, size_t n);

/* The baseline file (JSON) for the findings of r that are not suppressed. */
void baseline_write(buf *out, const scan_result *r, const checkset *set, char **fp, const char *version);

/* A loaded baseline: a sorted set of fingerprints. */
typedef struct baseline {
    char **fp;
    size_t n;
} baseline;

/* Read FILE. Returns 0, or -1 with a message in err. */
int baseline_load(const char *path, baseline *b, char *err, size_t errlen);
int baseline_has(const baseline *b, const char *fp);
void baseline_free(baseline *b);

#endif
