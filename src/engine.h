/* engine.h — one worker of the check engine: its own Lua state (lua_guard.h
 * limits, sandbox.h world) with every check loaded from the process's
 * compiled check set (check_load.h), running the handlers of checks over
 * documents. Engines share nothing mutable, so a scan runs one per thread
 * and merges their results. */
#ifndef PLIMSOLL_ENGINE_H
#define PLIMSOLL_ENGINE_H

#include "check.h"
#include "check_load.h"
#include "doc.h"
#include "facts.h"

typedef struct engine_opts {
    const char *const *dirs;   /* extra check directories (--checks) */
    size_t n_dirs;
    uint64_t budget;           /* VM instructions per check run (0: default) */
    size_t mem_cap;            /* bytes a check run may allocate (0: default) */
    uint64_t timeout_ms;       /* wall-clock time per check run (0: default) */
    int full_load;             /* run every check file at once, not what the build-time index
                                  (check_index.h) says documents need (the index's generator and its test) */
} engine_opts;

typedef struct engine engine;

/* Create a worker. The first engine (set->code == NULL) reads and compiles
 * the checks and fills `set`; later engines must be given the same options
 * and set, and load the compiled code. Broken checks are reported into errs
 * with the check's file and left out; returns NULL only when no Lua state
 * can be made. */
engine *engine_new(const engine_opts *o, checkset *set, results *errs);
void engine_free(engine *e);
/* How many checks are loaded into e's state: all of them, unless the set is
 * lazy (checkset_lazy): then those run so far (engine_run_doc loads the
 * enabled checks that apply to its document first, engine_run_cross the
 * enabled cross-document checks). */
size_t engine_loaded(const engine *e);
/* The built-in libraries loaded into e's state when the set is lazy (bit i:
 * check_index_libs[i]: those the loaded checks can reach), else 0. */
uint64_t engine_libs(const engine *e);

/* Run the handler for d's input of every enabled check that applies to d,
 * adding findings (and check errors, at the check's file and line) to r,
 * and the facts handlers (check.<input>_facts) into the engine's facts store.
 * d is the document of the file with discovery index `file`. enabled[i] != 0
 * enables set->v[i]. Returns 1 when a cross-document check that reads whole
 * documents (not facts) applies to d: d must then live until the cross phase. */
int engine_run_doc(engine *e, const doc *d, size_t file, const unsigned char *enabled, results *r);

/* Where this engine's facts runs keep their facts (NULL: facts are not
 * made, and cross-document checks read whole documents). */
void engine_set_facts(engine *e, facts_store *s);
/* on: engine_run_doc runs only the facts handlers of cross-document checks
 * (a context file's documents: read for the cross phase, never checked). */
void engine_set_context(engine *e, int on);

/* Run every enabled cross-document handler once over the docs of its input,
 * or, for checks with facts, over the facts of every store (stores[0..n)).
 * A lazy set's handler that would see no document (or fact) is neither
 * loaded nor run when the build-time index found it silent over none
 * (check_index_quiet_empty): the result is the same. */
void engine_run_cross(engine *e, const doc_refs *docs, facts_store *const *stores, size_t n_stores,
                      const unsigned char *enabled, results *r);

/* Where engine_run_cross hands the findings of cross-document runs as they
 * are made (a streamed report spills them rather than keep them all):
 * hold(ctx, r, from) takes r->f[from..] and leaves r->n_f == from; it is
 * called every REPORT_FLUSH findings of a run and after the run. A run that
 * fails reports nothing: rewind(ctx, m) drops what was held since
 * m = mark(ctx), taken when the run started. */
typedef struct engine_cross_sink {
    void (*hold)(void *ctx, results *r, size_t from);
    size_t (*mark)(void *ctx);
    void (*rewind)(void *ctx, size_t mark);
    void *ctx;
} engine_cross_sink;
/* NULL (the default): the findings stay in r. s is copied. */
void engine_set_cross_sink(engine *e, const engine_cross_sink *s);

/* Whether this engine keeps the Lua tables of documents a cross-document
 * check will need (default 1; workers that never run the cross phase set 0). */
void engine_keep_docs(engine *e, int keep);

/* Release Lua tables cached for documents (call after the cross phase). */
void engine_forget_docs(engine *e);

#endif
