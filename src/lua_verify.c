/* lua_verify.c — deep copies and comparisons of Lua data, for the test
 * suite's verification of the unfrozen path (see lua_verify.h). Slow on
 * purpose and only ever run under PLIMSOLL_VERIFY_STATE. */
#include "lua_verify.h"

#include <lauxlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lua_doc.h"

#define MAX_DEPTH 200

/* [-0, +1] A deep copy of the value at idx; seen maps originals to copies,
 * metas maps copies to the originals' metatables. */
static void copy(lua_State *L, int idx, int seen, int metas, int depth)
{
    luaL_checkstack(L, 8, "verify");
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || depth > MAX_DEPTH) {
        lua_pushvalue(L, idx);
        return;
    }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) return;
    lua_pop(L, 1);
    lua_newtable(L);
    int c = lua_gettop(L);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, c);
    lua_rawset(L, seen);
    if (lua_getmetatable(L, idx)) {
        lua_pushvalue(L, c);
        lua_insert(L, -2);
        lua_rawset(L, metas);
    }
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pushvalue(L, -2);
        copy(L, -2, seen, metas, depth + 1);
        lua_rawset(L, c);
        lua_pop(L, 1);
    }
}

typedef struct cmp {
    lua_State *L;
    int seen;      /* a → b pairs already compared (or being compared) */
    int metas;     /* snapshot mode: copy → original metatable; 0: compare both metatables */
    char *where;
    size_t n;
    char path[512];
} cmp;

static int scalar_equal(lua_State *L, int a, int b)
{
    if (lua_rawequal(L, a, b)) return 1;
    if (lua_type(L, a) == LUA_TNUMBER && lua_type(L, b) == LUA_TNUMBER && !lua_isinteger(L, a) && !lua_isinteger(L, b))
        return isnan(lua_tonumber(L, a)) && isnan(lua_tonumber(L, b));
    return 0;
}

static int differ(cmp *c, const char *what)
{
    snprintf(c->where, c->n, "%s%s", c->path[0] ? c->path : "(top)", what);
    return 1;
}

/* Append key (at idx) to the path, returning the old length. */
static size_t push_key(cmp *c, int idx)
{
    size_t len = strlen(c->path);
    lua_State *L = c->L;
    if (lua_type(L, idx) == LUA_TSTRING)
        snprintf(c->path + len, sizeof c->path - len, "%s%s", len ? "." : "", lua_tostring(L, idx));
    else if (lua_isinteger(L, idx)) /* never lua_tostring a key lua_next still needs */
        snprintf(c->path + len, sizeof c->path - len, "[%lld]", (long long)lua_tointeger(L, idx));
    else if (lua_type(L, idx) == LUA_TNUMBER)
        snprintf(c->path + len, sizeof c->path - len, "[%g]", (double)lua_tonumber(L, idx));
    else
        snprintf(c->path + len, sizeof c->path - len, "[%s]", luaL_typename(L, idx));
    return len;
}

static int compare(cmp *c, int a, int b, int depth)
{
    lua_State *L = c->L;
    luaL_checkstack(L, 10, "verify");
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (lua_type(L, a) != LUA_TTABLE || lua_type(L, b) != LUA_TTABLE || depth > MAX_DEPTH) {
        if (lua_type(L, a) == LUA_TTABLE && lua_type(L, b) == LUA_TTABLE) return 0; /* too deep to tell */
        return scalar_equal(L, a, b) ? 0 : differ(c, " was changed");
    }
    /* shared structure: each pair once (a cycle compares equal so far) */
    lua_pushvalue(L, a);
    if (lua_rawget(L, c->seen) == LUA_TTABLE) {
        lua_pushvalue(L, b);
        int known = lua_rawget(L, -2) != LUA_TNIL;
        lua_pop(L, 2);
        if (known) return 0;
    } else {
        lua_pop(L, 1);
        lua_pushvalue(L, a);
        lua_newtable(L);
        lua_rawset(L, c->seen);
    }
    lua_pushvalue(L, a);
    lua_rawget(L, c->seen);
    lua_pushvalue(L, b);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    /* metatables by identity */
    int ma = lua_getmetatable(L, a) ? lua_gettop(L) : 0;
    if (!ma) lua_pushnil(L), ma = lua_gettop(L);
    if (c->metas) {
        lua_pushvalue(L, b);
        lua_rawget(L, c->metas);
    } else if (!lua_getmetatable(L, b)) {
        lua_pushnil(L);
    }
    int same_mt = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    if (!same_mt) return differ(c, "'s metatable was changed");
    /* every member of a equals b's, and b has no other */
    lua_Integer na = 0, nb = 0;
    lua_pushnil(L);
    while (lua_next(L, a)) {
        na++;
        size_t len = push_key(c, -2);
        lua_pushvalue(L, -2);
        lua_rawget(L, b);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 3);
            return differ(c, " was added");
        }
        int d = compare(c, -2, -1, depth + 1);
        lua_pop(L, 2);
        if (d) {
            lua_pop(L, 1);
            return 1;
        }
        c->path[len] = 0;
    }
    lua_pushnil(L);
    while (lua_next(L, b)) {
        nb++;
        lua_pop(L, 1);
    }
    if (na != nb) return differ(c, ": a member was removed");
    return 0;
}

static int compare_values(lua_State *L, int a, int b, int metas, char *where, size_t n)
{
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    metas = metas ? lua_absindex(L, metas) : 0;
    lua_newtable(L);
    cmp c = {L, lua_gettop(L), metas, where, n, ""};
    int d = compare(&c, a, b, 0);
    lua_pop(L, 1);
    return d;
}

void verify_copy(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_createtable(L, 0, 2); /* {copy, metas} */
    lua_newtable(L);          /* seen */
    lua_newtable(L);          /* metas */
    copy(L, idx, lua_gettop(L) - 1, lua_gettop(L), 0);
    lua_setfield(L, -4, "copy");
    lua_setfield(L, -3, "metas");
    lua_pop(L, 1);
}

int verify_same(lua_State *L, int idx, int copyidx, char *where, size_t n)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, copyidx, "copy");
    lua_getfield(L, copyidx, "metas");
    int d = compare_values(L, idx, -2, -1, where, n);
    lua_pop(L, 2);
    return d;
}

void verify_snapshot(lua_State *L, int idx, const char *key)
{
    verify_copy(L, idx);
    lua_setfield(L, LUA_REGISTRYINDEX, key);
}

int verify_against(lua_State *L, int idx, const char *key, char *where, size_t n)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, key);
    int d = verify_same(L, idx, lua_gettop(L), where, n);
    lua_pop(L, 1);
    if (d) verify_snapshot(L, idx, key);
    return d;
}

static void force(lua_State *L, int idx, int seen, int depth)
{
    luaL_checkstack(L, 6, "verify");
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || depth > MAX_DEPTH) return;
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    lua_doc_force(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        force(L, -1, seen, depth + 1);
        lua_pop(L, 1);
    }
}

void verify_force(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    force(L, idx, lua_gettop(L), 0);
    lua_pop(L, 1);
}

int verify_equal(lua_State *L, int a, int b, char *where, size_t n) { return compare_values(L, a, b, 0, where, n); }
