/* sandbox.h — building the restricted Lua world checks live in. */
#ifndef PLIMSOLL_SANDBOX_H
#define PLIMSOLL_SANDBOX_H

#include <lua.h>

/* [-0, +0, e] Open the allowed standard libraries into L and build the shared
 * read-only base environment (kept in the registry). today: "YYYY-MM-DD". */
void sandbox_init(lua_State *L, const char *today);

/* [-0, +1, m] Push a fresh environment for one chunk: reads fall through to
 * the base, writes raise "assignment to undeclared global". */
void sandbox_push_env(lua_State *L);

/* [-1, +0, m] Pop a library table and publish it, frozen, as base[name].
 * Returns 0, or -1 when freezing failed (out of memory). */
int sandbox_publish(lua_State *L, const char *name);

#endif
