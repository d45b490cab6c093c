/* check_index.h — the metadata of every built-in check (and the framework
 * catalogues, parsed), generated at build
 * time (tools/gen_index.c runs the freshly built checks, as `check_load` with
 * the whole set, and writes what it validated as a C table). With it a
 * process knows every built-in check without running any check file, and a
 * worker runs only the files of the checks its documents need
 * (check_load_some). tests/unit/test_check_index.c proves the table equals
 * the metadata the check files give when they are run; check_load falls back
 * to running every file when the table does not match the embedded files. */
#ifndef PLIMSOLL_CHECK_INDEX_H
#define PLIMSOLL_CHECK_INDEX_H

#include <stdint.h>

#include "check.h"
#include "framework.h"

extern const check check_index[];
extern const unsigned check_index_count;

/* The dependency index (lua_deps.h): the built-in libraries in load order
 * (checks/lib/NAME.lua, as embedded), and for each check of check_index the
 * libraries it can reach, transitively (bit i: check_index_libs[i]). A
 * worker state loads only those of the checks it loads. */
extern const char *const check_index_libs[];
extern const unsigned check_index_lib_count;
extern const uint64_t check_index_needs[];

/* For each check of check_index: 1 when its cross-document handlers, each
 * run over no document (and no facts), report nothing and raise no error
 * (tools/gen_index.c runs them so). A lazy state neither loads nor runs such
 * a handler when its documents (or facts) of that input are none. */
extern const unsigned char check_index_quiet_empty[];

/* The framework catalogues of embedded.h, parsed at build time the same way
 * (framework_load_text), in the same order: framework_load_builtin copies
 * them instead of parsing YAML (and hashing it) at every start. Their
 * evidence is not resolved (idx NULL). */
extern const framework framework_index[];
extern const unsigned framework_index_count;

#endif
