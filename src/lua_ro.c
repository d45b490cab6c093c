/* lua_ro.c — read-only views of Lua tables (see lua_ro.h). A view costs one
 * empty table and one metatable; reads of a field go through the VM's own
 * `__index` table chain (no function call), so checks read a view nearly as
 * fast as the table. This file never raises except for memory and for the
 * depth limit of ro_freeze. */
#include "lua_ro.h"

#include <lauxlib.h>

#include "lua_doc.h"

#define FREEZE_DEPTH 200

/* [-0, +0, e] __newindex of every view. */
static int ro_newindex(lua_State *L)
{
    const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
    luaL_where(L, 2); /* blame the assigning line, not this function */
    lua_pushfstring(L, "attempt to modify a read-only table (field '%s')", k);
    lua_concat(L, 2);
    return lua_error(L);
}

int ro_is_view(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
    lua_pushliteral(L, "__newindex");
    lua_rawget(L, -2);
    int is = lua_tocfunction(L, -1) == ro_newindex;
    lua_pop(L, 2);
    return is;
}

void ro_push_inner(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (ro_is_view(L, idx)) {
        lua_getmetatable(L, idx);
        lua_pushliteral(L, "__index");
        lua_rawget(L, -2);
        lua_remove(L, -2);
    } else {
        lua_pushvalue(L, idx);
    }
    lua_doc_force(L, -1); /* a document table read raw is made in full first */
}

/* next(t, k) that reads through views; the iterator of __pairs. */
int ro_l_next(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    ro_push_inner(L, 1);
    lua_pushvalue(L, 2);
    if (lua_next(L, -2)) return 2;
    lua_pushnil(L);
    return 1;
}

/* [-0, +3, -] __pairs of views: the same iterator `next` uses, never the real
 * table, so `local f, s = pairs(view)` gives nothing writable. */
static int ro_pairs(lua_State *L)
{
    lua_pushcfunction(L, ro_l_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

int ro_l_rawget(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    ro_push_inner(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

int ro_l_rawlen(lua_State *L)
{
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
    ro_push_inner(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

void ro_wrap(lua_State *L, int seq)
{
    lua_createtable(L, 0, 0);          /* inner view */
    lua_createtable(L, 0, seq ? 5 : 4);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, ro_pairs);
    lua_setfield(L, -2, "__pairs");
    if (seq) {
        lua_pushcfunction(L, ro_l_rawlen); /* __len: the length of the real table */
        lua_setfield(L, -2, "__len");
    }
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

/* ------------------------------------------------------------- freezing */

typedef struct freezer {
    lua_State *L;
    int seen;   /* table: original → its view (functions → true) */
    int keep;   /* metatable marking tables left alone, or 0 */
} freezer;

static void freeze_top(freezer *z, int depth);

/* Freeze, in place, every table or function value of the table at idx. */
static void freeze_fields(freezer *z, int idx, int depth)
{
    lua_State *L = z->L;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int t = lua_type(L, -1);
        if (t == LUA_TTABLE || (t == LUA_TFUNCTION && !lua_iscfunction(L, -1))) {
            freeze_top(z, depth + 1);
            if (t == LUA_TTABLE) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, idx); /* assigning an existing field during lua_next is allowed */
            } else {
                lua_pop(L, 1);
            }
        } else {
            lua_pop(L, 1);
        }
    }
}

static void freeze_function(freezer *z, int depth)
{
    lua_State *L = z->L;
    int f = lua_gettop(L);
    for (int i = 1; lua_getupvalue(L, f, i) != NULL; i++) {
        int t = lua_type(L, -1);
        if (t == LUA_TTABLE || (t == LUA_TFUNCTION && !lua_iscfunction(L, -1))) {
            freeze_top(z, depth + 1);
            if (t == LUA_TTABLE) lua_setupvalue(L, f, i);
            else lua_pop(L, 1);
        } else {
            lua_pop(L, 1);
        }
    }
}

static void freeze_top(freezer *z, int depth)
{
    lua_State *L = z->L;
    if (depth > FREEZE_DEPTH) luaL_error(L, "tables nested more than %d deep cannot be frozen", FREEZE_DEPTH);
    luaL_checkstack(L, 8, "freezing");
    int v = lua_gettop(L);
    int t = lua_type(L, v);
    if (t == LUA_TFUNCTION) {
        if (lua_iscfunction(L, v)) return;
        lua_pushvalue(L, v);
        if (lua_rawget(L, z->seen) != LUA_TNIL) {
            lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
        lua_pushvalue(L, v);
        lua_pushboolean(L, 1);
        lua_rawset(L, z->seen);
        freeze_function(z, depth);
        return;
    }
    if (t != LUA_TTABLE || ro_is_view(L, v)) return;
    int has_mt = lua_getmetatable(L, v);
    if (has_mt && z->keep && lua_rawequal(L, -1, z->keep)) {
        lua_pop(L, 1);
        return;
    }
    int mt = has_mt ? lua_gettop(L) : 0;
    lua_pushvalue(L, v);
    if (lua_rawget(L, z->seen) == LUA_TTABLE) {
        lua_replace(L, v);
        lua_settop(L, v);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, v);
    ro_wrap(L, 1);
    int view = lua_gettop(L);
    lua_pushvalue(L, v);
    lua_pushvalue(L, view);
    lua_rawset(L, z->seen);   /* before recursing: cycles end here */
    freeze_fields(z, v, depth);
    if (mt) freeze_fields(z, mt, depth);
    lua_replace(L, v);
    lua_settop(L, v);
}

void ro_freeze(lua_State *L, int keep)
{
    freezer z = {L, 0, keep ? lua_absindex(L, keep) : 0};
    lua_newtable(L);
    z.seen = lua_gettop(L);
    lua_pushvalue(L, -2);
    freeze_top(&z, 0);
    lua_replace(L, z.seen - 1);
    lua_settop(L, z.seen - 1);
}
