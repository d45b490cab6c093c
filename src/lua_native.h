/* lua_native.h — the C functions checks may call: `regex` (PCRE2, compiled
 * once per pattern and state) and `plimsoll` (mask, today, version). */
#ifndef PLIMSOLL_LUA_NATIVE_H
#define PLIMSOLL_LUA_NATIVE_H

#include <lua.h>

/* [-0, +1, m] Push a table of the `regex` functions. */
void lua_native_regex(lua_State *L);
/* [-0, +1, m] Push a table of the `plimsoll` functions; today is "YYYY-MM-DD". */
void lua_native_plimsoll(lua_State *L, const char *today);

#endif
