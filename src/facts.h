/* facts.h — what cross-document checks keep of each document.
 *
 * A check with `check.<input>_facts(doc, place)` is asked, while the
 * document's tree is in memory (in the worker that scans it), for the facts
 * its `check.<input>_all` will need: a small Lua value, kept here serialized.
 * `place(path[, offset])` names a position the cross-document handler may
 * report at; it is resolved at once (line, column, the Dockerfile
 * instruction, the text of that source line; the check's in-source
 * suppression there once the file's checks are done, by facts_judge_file),
 * so a finding can be made there after the tree is gone. A store per worker;
 * the cross phase reads them all. Nothing here prints. */
#ifndef PLIMSOLL_FACTS_H
#define PLIMSOLL_FACTS_H

#include <lua.h>

#include "check.h"
#include "check_load.h"
#include "doc.h"
#include "spill.h"

#define FACTS_MAX_BYTES (1u << 20)   /* serialized facts of one check on one document */
#define FACTS_MAX_DEPTH 32
#define FACTS_MAX_PLACES 1000        /* places of one check on one document */

typedef struct fact_place {
    char *path;
    long offset;                /* -1: none */
    int dropped;                /* a finding here is not this file's to report (check_report.c) */
    uint32_t line, col;
    node_id instr;              /* Dockerfile: the instruction it is in (see finding_attach) */
    uint32_t instr_line, instr_end;
    char *line_text;            /* source line `line` (kept when keep_lines), or NULL */
    int suppressed;
    char *reason, *where;       /* the check's in-source suppression of a finding here */
} fact_place;

typedef struct fact {
    uint32_t check;
    unsigned input;             /* input bit */
    size_t file;                /* discovery index of its file */
    uint32_t doc;               /* index of the document in the file */
    uint32_t origin;            /* the document's origin (doc.h: its `# Source:` comment), or 0 */
    const doc *d;               /* the document while it is in memory, else NULL */
    const void *doc_key;        /* its address, kept as a key (finding.doc_key) */
    const source *src;          /* its file, or (once the file is gone) a stand-in holding only the path */
    char *kind, *ns, *name;     /* its default resource (as check_report.c names it) */
    int shared_res;             /* 1: kind, ns, name are the previous fact's (same document) */
    size_t data, len;           /* the serialized value: bytes[data .. data+len) */
    size_t place0, n_places;    /* its places: places[place0 ..) */
} fact;

/* A fact kept in the store's spill (facts_spill): what the cross phase
 * sorts and selects by, and where its record is. */
typedef struct fact_ix {
    uint32_t check, input, file, doc;
    uint64_t off;               /* its record: a 4-byte length, then the bytes */
} fact_ix;

typedef struct facts_store {
    int keep_lines;             /* keep each place's source line (a streamed text report shows it) */
    fact_ix *ix;                /* the facts spilled so far, in the order they were made */
    size_t n_ix, cap_ix;
    spill sp;                   /* the spilled records (spill.h) */
    fact *v;
    size_t n, cap;
    fact_place *places;
    size_t n_places, cap_places;
    buf bytes;
    source **stand_ins;             /* stand-ins for files no longer in memory (owned) */
    size_t *stand_in_file;          /* their discovery indexes */
    size_t n_stand_ins, cap_stand_ins, cap_stand_in_file;
} facts_store;

void facts_store_free(facts_store *s);

/* Start the facts of check c on document d (of file `file`); returns the
 * fact's index. Its value is added with facts_set, its places with
 * facts_place; facts_drop removes it (a failed run). */
size_t facts_begin(facts_store *s, uint32_t c, unsigned input, size_t file, const doc *d);
void facts_drop(facts_store *s, size_t fact_index);

/* [-0, +0, e] Serialize the value at idx (nil, booleans, numbers, strings,
 * `null`, tables of those: read through views; no cycles, functions or
 * other userdata) as fact k's value. Raises on what cannot be kept. */
void facts_set(lua_State *L, facts_store *s, size_t k, int idx);

/* One spilled fact, for a cross-document run over facts. */
typedef struct fact_ref {
    const facts_store *s;
    const fact_ix *x;
} fact_ref;

/* Reads of spilled facts: a window of the file (they are read mostly in
 * order); zero-initialised, freed with facts_reader_free. */
typedef spill_reader facts_reader;
void facts_reader_free(facts_reader *rd);

/* [-0, +1, e] Push the value of the spilled fact r (tables made fresh),
 * read back through rd; raises when it cannot be read. */
void facts_push(lua_State *L, const fact_ref *r, facts_reader *rd);

/* Read the spilled fact r back into `into` (emptied first: into->v[0] and
 * its places). Returns 0, or -1 when it cannot be read. */
int facts_load(const fact_ref *r, facts_store *into, facts_reader *rd);

/* Place (path, offset) for fact k (suppression judged for check set->v[check]);
 * nothing when it is there already. Returns -1 past FACTS_MAX_PLACES. */
int facts_place(facts_store *s, size_t k, const checkset *set, const char *path, long offset);

/* The place (path, offset) of f, or NULL. */
const fact_place *facts_find_place(const facts_store *s, const fact *f, const char *path, long offset);

/* Judge the in-source suppressions of every place of file `file` (its
 * documents still in memory), with one suppression index for the file. */
void facts_judge_file(facts_store *s, const checkset *set, size_t file);

/* The documents of file `file` are about to be freed: the facts of it in s
 * keep a stand-in source with only its path. */
void facts_forget_file(facts_store *s, size_t file, source *src);

/* The facts in memory (those of the file just scanned) move to the store's
 * spill: serialized after the others (pointers kept as they are: a stand-in
 * the store owns, or a document that outlives the cross phase), in memory
 * up to a bound, then in an unlinked temporary file. Call once the file's
 * facts are judged (and forgotten, when its documents are freed). */
void facts_spill(facts_store *s);

/* The spilled facts of check c on input `in` from every store, in
 * discovery order (file, document, as made): malloc'd, *n of them. Nothing
 * is read back here (facts_push, facts_load). */
fact_ref *facts_gather(facts_store *const *stores, size_t n_stores, uint32_t c, unsigned in, size_t *n);

#endif
