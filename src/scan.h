/* scan.h — one scan: discover the files, load and classify each, run the
 * per-document checks on a pool of workers (one engine each), then the
 * cross-document checks, and gather everything into one sorted result. */
#ifndef PLIMSOLL_SCAN_H
#define PLIMSOLL_SCAN_H

#include "discover.h"
#include "display.h"
#include "engine.h"
#include "load.h"

typedef struct stream stream;

typedef struct scan_opts {
    const char *const *paths;
    size_t n_paths;
    discover_filter exclude;  /* files and folders never read (the config's exclude); fn NULL: none */
    engine_opts eng;          /* must be the options engine `first` was made with */
    load_limits lim;
    const struct archive_opts *archive; /* image archives: limits, --platform (NULL: defaults) */
    int jobs;                 /* workers; 0: one per CPU, fewer for few files */
    stream *stream;           /* findings go there, finished file by file (stream.h); NULL: into the result */
    const char *stdin_name;   /* the name of what "-" reads (--stdin-filename); NULL: "<stdin>" */
    const char *root;         /* --root: the repository root for repo_path; NULL: each file's git top level */
    int context;              /* files named inside a git work tree: the rest of the repository's
                               * manifests are read as context for cross-document checks */
} scan_opts;

typedef struct scanned_file {
    source *src;
    tree *t;
    doclist docs;             /* classified documents of this file */
    char *notes;              /* why it (or a document in it) was skipped, "FILE: reason" lines; or NULL */
} scanned_file;

typedef struct scan_result {
    scanned_file *files;
    size_t n_files;           /* files read (known kinds) still in memory: all of them, unless streamed */
    size_t n_read;            /* files read (known kinds) */
    size_t n_docs;
    size_t inputs[N_INPUTS];  /* documents per input, in input_bit order */
    results res;              /* findings and errors, sorted */
    display_roots roots;      /* the scanned paths (scan_opts.paths, borrowed), for display_path */
    buf notes;                /* files and documents skipped and why ("FILE: reason" lines, in
                               * discovery order), for --verbose */
    size_t n_context;         /* files read only as context for cross-document checks */
} scan_result;

/* Run a scan with `first` (already holding every check; set is its check set)
 * as worker 0. enabled[i] selects set->v[i]. With o->stream the result holds
 * no findings: each file's went to the stream when its checks were done, and
 * the cross-document ones after the cross phase. */
void scan_run(const scan_opts *o, engine *first, checkset *set, const unsigned char *enabled, scan_result *out);

#define SCAN_MAX_JOBS 64   /* workers at most (a stream is made for this many) */
void scan_result_free(scan_result *r);

#endif
