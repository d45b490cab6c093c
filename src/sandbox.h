/* sandbox.h — building the restricted Lua world checks live in. */
#ifndef PLIMSOLL_SANDBOX_H
#define PLIMSOLL_SANDBOX_H

#include <lauxlib.h>
#include <lua.h>

/* [-0, +0, e] Open the allowed standard libraries into L (a state made by
 * guard_newstate) and build the shared base environment (kept in the
 * registry); then remove every real global. today: "YYYY-MM-DD". `extra`
 * (NULL-terminated, may be NULL) adds functions to the `plimsoll` library,
 * each with the light userdata extra_ud as its upvalue. */
void sandbox_init(lua_State *L, const char *today, const luaL_Reg *extra, void *extra_ud);

/* [-0, +1, m] Push a fresh environment for one chunk: reads fall through to
 * the base, writes raise "assignment to undeclared global". */
void sandbox_push_env(lua_State *L);

/* [-0, +1] The base environment every chunk's environment reads through
 * (the allowed libraries and every published library). */
void sandbox_push_base(lua_State *L);

/* [-0, +1, -] Push the metatable every chunk environment has (the `keep`
 * argument of ro_freeze: environments are already protected). */
void sandbox_push_envmt(lua_State *L);

/* [-0, +0, -] Is name a global of the base environment (a library or a base
 * function)? Custom libraries may not take such a name. */
int sandbox_has_global(lua_State *L, const char *name);

/* [-1, +0, e] Pop a library table, freeze it (lua_ro.h) and publish it as
 * base[name]. Raises on failure (call under lua_pcall). */
void sandbox_publish(lua_State *L, const char *name);

/* [-1, +0, e] The same without freezing: for built-in libraries in a state
 * that runs only built-in checks (check_load.h). */
void sandbox_publish_plain(lua_State *L, const char *name);

#endif
