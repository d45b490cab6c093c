/* lua_call.h — the one way plimsoll calls check code: under the limits of a
 * guard (lua_guard.h), with a message handler that keeps a Lua traceback and
 * the line of the innermost frame in the check's own file. */
#ifndef PLIMSOLL_LUA_CALL_H
#define PLIMSOLL_LUA_CALL_H

#include <lua.h>

#include "lua_guard.h"

typedef struct call_error {
    int line;            /* innermost line in own_chunk's file, or 0 */
    guard_stop stop;     /* the limit that stopped the call, or GUARD_OK */
    char msg[512];       /* the message (or the limit's sentence), without the
                            "file:line:" prefix when that is own_chunk's line */
    char trace[1536];    /* "stack traceback:\n…", or empty */
    /* The document node being examined when the call stopped, when a frame
     * holds one (the innermost local table with a string `path`, as shell
     * commands and runs have, or with `cmd` and `line`, as a Dockerfile
     * instruction has): its path and offset, or its line; else empty/0. */
    char node_path[256];
    long node_offset;
    long node_line;
} call_error;

/* [-(nargs+1), +nres|+0, -] Call the function below the nargs arguments on
 * top of the stack. own_chunk is the chunk name of the check's file ("@path")
 * or NULL. Returns 0 with nres results pushed, or -1 with nothing pushed and
 * *err filled. Never raises. */
int lua_call_guarded(lua_State *L, lua_guard *g, int nargs, int nres, const char *own_chunk, call_error *err);

#endif
