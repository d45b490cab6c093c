/* check_report.h — the `report{}` function checks call: validates one
 * report table, turns it into a finding (position from the path, resource
 * from the document, secrets masked) and adds it to the run's results.
 * Everything that can fail is checked before anything is copied, so an
 * erroring call leaks nothing. */
#ifndef PLIMSOLL_CHECK_REPORT_H
#define PLIMSOLL_CHECK_REPORT_H

#include <lua.h>

#include "check_load.h"
#include "doc.h"
#include "facts.h"

#define REPORT_DOCINDEX "plimsoll.docindex"  /* registry: doc table → index in docs (cross runs) */
#define REPORT_MAX_PER_DOC 1000              /* findings one check may report on one document */

typedef struct report_ctx {
    const checkset *set;
    uint32_t check;          /* the check running */
    const doc *doc;          /* per-document run: its document */
    const doc_refs *docs;     /* cross-document run: report{doc=} picks one */
    const fact_ref *facts;   /* cross-document run over facts: report{doc=} picks one, at one of its places */
    size_t n_facts;
    uint32_t *per_doc;       /* cross runs: findings so far per document (docs->n) */
    uint32_t n_doc;          /* per-document runs: findings so far */
    size_t dropped;          /* findings over the cap, not kept */
    results *r;
    int active;              /* report{} is refused outside a run */
    /* set by the caller after check_report_begin, or NULL: every
     * REPORT_FLUSH findings, flush(flush_ctx, r, flush_from) takes
     * r->f[flush_from..] (engine.h engine_cross_sink) */
    void (*flush)(void *ctx, results *r, size_t from);
    void *flush_ctx;
    size_t flush_from;
    facts_store loaded;      /* a run over facts: the fact of the last report, read back */
    facts_reader rd;         /* through this */
} report_ctx;

#define REPORT_FLUSH 256

/* [-0, +1, m] Push the report function bound to ctx (which must outlive L). */
void check_report_push(lua_State *L, report_ctx *ctx);

/* Start a run of check i on one document (d), on a list (docs), or on the
 * facts of a list (facts[0..n_facts): REPORT_DOCINDEX maps each facts table
 * to its index; a report must be at a place of its document). */
void check_report_begin(report_ctx *ctx, uint32_t check_index, const doc *d, const doc_refs *docs, results *r);
void check_report_begin_facts(report_ctx *ctx, uint32_t check_index, const fact_ref *facts, size_t n_facts,
                              results *r);
void check_report_end(report_ctx *ctx);

#endif
