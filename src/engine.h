/* engine.h — the Lua check engine. One engine is one worker: its own Lua
 * state with every check compiled once, sandboxed, with an instruction budget
 * and a memory cap per check run. Engines share nothing mutable, so a scan may
 * run one per thread and merge their results. */
#ifndef PLIMSOLL_ENGINE_H
#define PLIMSOLL_ENGINE_H

#include "check.h"
#include "doc.h"

typedef struct checkset {
    check *v;
    size_t n;
} checkset;

void checkset_free(checkset *s);
/* Index of the check whose id or name is `s` (case-sensitive), or -1. */
long checkset_find(const checkset *s, const char *idname);

typedef struct engine_opts {
    const char *const *dirs;   /* extra check directories (--checks) */
    size_t n_dirs;
    uint64_t budget;           /* VM instructions per check run (0: default) */
    size_t mem_cap;            /* bytes a check run may allocate (0: default) */
} engine_opts;

typedef struct engine engine;

/* Create a worker. The first engine (set->n == 0) fills `set` with the checks'
 * metadata; later engines must be given the same options and set. Broken
 * checks (syntax error, bad metadata, duplicate id) are reported into errs
 * with the check's file and left out; returns NULL only when no Lua state can
 * be made. */
engine *engine_new(const engine_opts *o, checkset *set, results *errs);
void engine_free(engine *e);

/* Run every enabled per-document check that applies to d, adding findings
 * (and check errors, naming the check and the file) to r. enabled[i] != 0
 * enables set->v[i]. */
void engine_run_doc(engine *e, const doc *d, const unsigned char *enabled, results *r);

/* Run every enabled cross-document check once over all docs. */
void engine_run_cross(engine *e, const doclist *docs, const unsigned char *enabled, results *r);

/* Whether this engine keeps the Lua tables of documents a cross-document
 * check will need (default 1; workers that never run the cross phase set 0). */
void engine_keep_docs(engine *e, int keep);

/* Release Lua tables cached for documents (call after the cross phase). */
void engine_forget_docs(engine *e);

#endif
