/* stream.h — the streaming report pipeline, for the text and JSON reports.
 *
 * Each scanned file's findings are finished by the worker that scanned it,
 * while its source, tree and documents are in memory: sorted, in-source
 * suppressions and the configuration applied, the severity filter applied,
 * and each finding kept rendered (its JSON item, its text block) as a record
 * in the worker's spill: memory up to a bound, then an unlinked temporary
 * file. The cross-document findings are finished the same way after the
 * cross phase. stream_write then merges the records file by file in the
 * report's order (file, line, column, check id, path, container, message)
 * and writes the reports through the caller's sinks: byte for byte what
 * report_text and report_json write for the whole result, whatever the
 * number of workers, without ever holding every finding.
 *
 * Workers call stream_file concurrently, each with its own worker number;
 * everything else runs on one thread. Nothing here prints. */
#ifndef PLIMSOLL_STREAM_H
#define PLIMSOLL_STREAM_H

#include "config.h"
#include "report.h"

typedef struct stream_opts {
    const checkset *set;
    const config *cfg;              /* its ignores and severity overrides; NULL: none */
    const char *today;              /* for the configuration's expiring ignores */
    const unsigned char *sev_keep;  /* per severity: shown (--severity) */
    display_roots roots;            /* the scanned paths, for the configuration's globs */
    int text, json;                 /* which reports are written */
    int color;                      /* text report colours */
} stream_opts;

typedef struct stream stream;

/* A stream for up to `workers` workers. o (and what it points to) must
 * outlive it. */
stream *stream_new(const stream_opts *o, int workers);
void stream_free(stream *s);

/* Worker w has run the per-document checks of the file with discovery
 * index `file`: finish its findings (moved out of *fr, which is left
 * empty). src and the documents the findings point at must be alive. */
void stream_file(stream *s, int w, size_t file, const char *path, results *fr);

/* The cross phase's sink (engine_set_cross_sink, ctx the stream): the
 * findings r->f[from..] of one cross-document run are serialized into an
 * unlinked temporary file (past a bound in memory), r keeps none of them, so
 * the cross phase never holds every cross-document finding. */
void stream_cross_hold(void *ctx, results *r, size_t from);
/* The other two functions of that sink (engine_cross_sink): what is held
 * now, and dropping what was held since. */
size_t stream_cross_mark(void *ctx);
void stream_cross_rewind(void *ctx, size_t mark);
/* How many findings are held, and the source (or facts stand-in) of the i-th. */
size_t stream_cross_count(const stream *s);
const source *stream_cross_src(const stream *s, size_t i);

/* Finish the held findings, each in the file with discovery index
 * file_of[i] (SIZE_MAX: dropped), grouped by file in the order they were
 * held; prep(ctx, f) is called on each as it is read back (masking). Their
 * documents must be alive, or (findings on facts, facts.h) the findings carry
 * what they need: position, instruction, suppression, source line. A read
 * failure makes stream_write fail. */
void stream_cross(stream *s, const size_t *file_of, void (*prep)(void *ctx, finding *f), void *ctx);

/* Whether the text report is written (its findings show their source line). */
int stream_has_text(const stream *s);

/* Where a report goes: write returns 0, or -1 when it failed. */
typedef struct stream_sink {
    int (*write)(void *ctx, const char *p, size_t n);
    void *ctx;
} stream_sink;

/* Write the text report to *text and the JSON report to *json (NULL: not
 * asked for), r being the scan (its files, document counts and sorted
 * errors; its findings are the stream's). Sets *worst to the most severe
 * shown unsuppressed finding (SEV_COUNT when none). Returns 0, or -1 when a
 * sink failed (writing stops there) or the spill could not be read. */
int stream_write(stream *s, const scan_result *r, const stream_sink *text, const stream_sink *json, const char *version,
                 int *worst);

#endif
