/* lua_ro.h — read-only views of Lua tables, the one mechanism behind every
 * "checks cannot change what another check sees" guarantee: documents,
 * published libraries, a check's module-level tables and cached results are
 * all handed to check code as views.
 *
 * A view is an empty table whose protected metatable reads through to the
 * real table (`__index`), iterates it (`__pairs`, and the sandbox's `next`),
 * measures it (`__len`) and refuses every write (`__newindex`). Nothing in
 * Lua code can reach the real table: `getmetatable` answers false, `rawget`
 * and `next` of the sandbox read through, `rawset` and `debug` do not exist. */
#ifndef PLIMSOLL_LUA_RO_H
#define PLIMSOLL_LUA_RO_H

#include <lua.h>

/* [-1, +1, m] Pop a table and push a read-only view of it. seq: the table is a
 * sequence (the view gets __len). The table itself is not changed. */
void ro_wrap(lua_State *L, int seq);

/* [-0, +0, -] Is the value at idx a view? */
int ro_is_view(lua_State *L, int idx);

/* [-0, +1, m] Push the table a view at idx reads from, or the value itself
 * when it is not a view; a document table not made in full yet is made
 * (lua_doc.h), so raw reads and lua_next on the result see everything. */
void ro_push_inner(lua_State *L, int idx);

/* [-1, +1, m] Freeze the value on top of the stack, deeply: a table becomes a
 * view (its values frozen in place first), a Lua function keeps its code but
 * every table among its upvalues (and theirs) is frozen and replaced by its
 * view. Views, strings, numbers, C functions are left alone, as are tables
 * whose metatable is `keep` (stack index, 0 for none: the sandbox's
 * environment tables). Shared and cyclic structures freeze once. */
void ro_freeze(lua_State *L, int keep);

/* Proxy-aware replacements for the base library, for the sandbox:
 * next(t, k), rawget(t, k), rawlen(t) read through views. */
int ro_l_next(lua_State *L);
int ro_l_rawget(lua_State *L);
int ro_l_rawlen(lua_State *L);

#endif
