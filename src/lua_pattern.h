/* lua_pattern.h — Lua 5.4's string.find, match, gmatch and gsub, with the
 * matcher's work reported to a meter that can stop it. The standard library's
 * matcher runs in C where the instruction hook never fires, so a backtracking
 * pattern can hang a scan; these do the same thing but count their steps. */
#ifndef PLIMSOLL_LUA_PATTERN_H
#define PLIMSOLL_LUA_PATTERN_H

#include <stddef.h>

#include <lua.h>

/* The meter is told about work at least this often (in steps). */
#define PATTERN_CHARGE_EVERY 4096

typedef struct pattern_meter {
    /* Called with the matcher steps done since the last call, as soon as
     * PATTERN_CHARGE_EVERY have gathered and once at the end of every call of
     * find, match, a gmatch iteration or gsub. A step is one pattern item
     * tried at one subject position (every backtracking step, every iteration
     * of an expansion, every start position), or 16 bytes of pattern, subject
     * or result scanned, compared or copied; a call's work is at most a small
     * constant times its steps. Scans and compares are charged in slices; a
     * single copy (a capture, a replacement) is charged whole, right after it.
     * charge may raise a Lua error (the engine does when the check's
     * instruction budget or deadline is exhausted): the matcher holds no
     * memory outside Lua when it calls it. It must leave the stack as it
     * found it (a luaL_Buffer may be open below). NULL charges nothing. */
    void (*charge)(lua_State *L, void *ud, size_t steps);
    void *ud;
} pattern_meter;

/* [-0, +0, m] Store find, match, gmatch and gsub in the table at stack index
 * idx (raw sets, no metamethods) as C closures bound to *m, which must
 * outlive L. They behave exactly like Lua 5.4's string functions of the same
 * names: same results, same errors and messages, embedded NULs included. */
void lua_pattern_register(lua_State *L, int idx, const pattern_meter *m);

#endif
