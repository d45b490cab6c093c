/* check_load.h — reading check files once per process, compiling them once,
 * and loading them (as bytecode) into each worker's Lua state: libraries
 * published read-only, check tables validated, handlers extracted, every
 * module-level table frozen and the rest of the module state recorded so a
 * run cannot leave anything behind for the next one. */
#ifndef PLIMSOLL_CHECK_LOAD_H
#define PLIMSOLL_CHECK_LOAD_H

#include <lua.h>

#include "check.h"
#include "lua_guard.h"

typedef struct check_code check_code;   /* compiled chunks, owned by a checkset */

typedef struct checkset {
    check *v;
    size_t n;
    check_code *code;  /* NULL until the first state has compiled the files */
} checkset;

void checkset_free(checkset *s);
/* Index of the check whose id or name is `s` (case-sensitive), or -1. */
long checkset_find(const checkset *s, const char *idname);

/* checkset_find's answers for many names: every id and name sorted once,
 * each lookup a binary search (the same index: the first check that has
 * it). Valid while the set is unchanged. */
typedef struct check_finder {
    struct check_key *v;
    size_t n;
} check_finder;
void check_finder_make(check_finder *f, const checkset *s);
long check_finder_find(const check_finder *f, const char *idname);
void check_finder_free(check_finder *f);

/* Load every library and check into L (a sandboxed state). record_all:
 * record the module state of built-in code too (see check_restore). freeze:
 * publish built-in libraries and freeze built-in check tables read-only
 * (0 only for a state that runs built-in checks alone, which are trusted not
 * to write; custom code is always frozen). The first call
 * (set->code == NULL) reads the built-in checks and each of dirs[0..n_dirs),
 * compiles them, validates them and fills set; broken files are reported
 * into errs with their path (and line when known) and left out. Later calls,
 * for other workers, load the same compiled code without reading anything.
 * A library is `lib/NAME.lua` directly under checks/ or a --checks DIR. */
void check_load(lua_State *L, lua_guard *g, const char *const *dirs, size_t n_dirs, checkset *set, int record_all,
                int freeze, int lazy, results *errs);
/* lazy (and no dirs): the first call fills set from the build-time index of
 * the built-in checks (check_index.h) without running any check file, and no
 * call loads anything into L: the caller loads what it needs with
 * check_load_some. Without an index matching the embedded files, or with
 * dirs, everything is loaded as above. */

/* Does set come from the index (each state loads what it needs)? */
int checkset_lazy(const checkset *s);
/* A lazy set whose check i the index found silent over no document
 * (check_index_quiet_empty)? */
int checkset_quiet_empty(const checkset *s, uint32_t i);

/* A lazy set: load into L the checks i with want[i] (each once per state),
 * after the libraries they can reach (check_index.h) that are not in *libs
 * yet (bit i: the i-th built-in library), which are added to *libs. A state
 * starts with *libs = 0. */
void check_load_some(lua_State *L, lua_guard *g, checkset *set, uint64_t *libs, const unsigned char *want,
                     int record_all, int freeze, results *errs);

/* [-0, +1, -] Push the handler of check i for input bit `in`: form 0 per
 * document, 1 cross-document, 2 its facts (check.<input>_facts); or nil. */
#define HANDLER_DOC 0
#define HANDLER_ALL 1
#define HANDLER_FACTS 2
void check_push_handler(lua_State *L, uint32_t i, unsigned in, int form);

/* The chunk name ("@path") of check i, written into buf. */
const char *check_chunkname(const checkset *set, uint32_t i, char *out, size_t n);

/* [-0, +0, -] Put back the module state of check i (and of the libraries)
 * as it was after loading: undo whatever a run assigned to upvalues. Module
 * state is recorded for custom checks and libraries (built-in ones are
 * verified pure by the test suite: record_all). Returns the number of
 * upvalues that had changed. */
int check_restore(lua_State *L, uint32_t i);

#endif
