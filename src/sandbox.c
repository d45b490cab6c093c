/* sandbox.c — the restricted Lua world, by allow-list: of the base library
 * only pure functions (no load, loadfile, dofile, require, collectgarbage,
 * print, rawset; next/rawget/rawlen that read through read-only views;
 * pcall/xpcall that cannot swallow a stopped run; setmetatable that refuses
 * __gc and __mode), and string (without dump, with the metered pattern
 * functions), table, math (without random), utf8, plus plimsoll's `regex`,
 * `plimsoll` and `null`. Every library is published as a read-only view; the
 * string metatable's __index is the sandbox's own string table; every chunk
 * gets its own environment whose writes fail. No io, os, package, coroutine
 * or debug is ever opened in the state. */
#include "sandbox.h"

#include <lualib.h>
#include <string.h>

#include "lua_guard.h"
#include "lua_native.h"
#include "lua_pattern.h"
#include "lua_ro.h"

#define BASE_KEY "plimsoll.base"
#define ENVMT_KEY "plimsoll.envmt"

/* pcall(f, ...) that re-raises when the run was stopped by a limit. */
static int l_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    if (lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0) != LUA_OK) {
        guard_reraise_if_fatal(L);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    return lua_gettop(L);
}

/* The message handler xpcall really installs: the check's handler, unless
 * the run was stopped by a limit. (An error raised by the count hook is
 * handled while hooks are off, so a looping handler would never be stopped:
 * it is simply not called.) */
static int guarded_handler(lua_State *L)
{
    if (guard_of(L)->stop != GUARD_OK) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* xpcall(f, msgh, ...) likewise. */
static int l_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);      /* f msgh true f args… */
    if (lua_pcall(L, n - 2, LUA_MULTRET, 2) != LUA_OK) {
        guard_reraise_if_fatal(L);
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    return lua_gettop(L) - 2;
}

/* setmetatable(t, mt): no finalizers (they would run outside any run's
 * limits) and no weak tables (their contents would depend on the GC). */
static int l_setmetatable(lua_State *L)
{
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        static const char *const refused[] = {"__gc", "__mode"};
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
            lua_pushstring(L, refused[i]);
            if (lua_rawget(L, 2) != LUA_TNIL)
                return luaL_error(L, "setmetatable: %s is not allowed in checks", refused[i]);
            lua_pop(L, 1);
        }
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* __newindex of every chunk environment, blaming the assigning line. */
static int env_newindex(lua_State *L)
{
    const char *k = luaL_tolstring(L, 2, NULL);
    luaL_where(L, 2);
    lua_pushfstring(L, "assignment to undeclared global %s (use local)", k);
    lua_concat(L, 2);
    return lua_error(L);
}

/* [-0, +1, m] A copy of the real library `name` without the listed fields. */
static void copy_lib(lua_State *L, const char *name, const char *const *drop)
{
    lua_newtable(L);
    lua_getglobal(L, name);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        int dropped = 0;
        for (const char *const *d = drop; d && *d; d++)
            if (lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), *d) == 0) dropped = 1;
        if (dropped) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -5);
    }
    lua_pop(L, 1);
}

static void set_fn(lua_State *L, const char *name, lua_CFunction f)
{
    lua_pushcfunction(L, f);
    lua_setfield(L, -2, name);
}

/* [-0, +0, e] The base table (on top) gets the allowed base functions. */
static void fill_base(lua_State *L)
{
    static const char *const pure[] = {"assert", "error", "ipairs", "pairs", "select", "tonumber",
                                       "tostring", "type", "rawequal", "getmetatable", "_VERSION"};
    for (size_t i = 0; i < sizeof pure / sizeof *pure; i++) {
        lua_getglobal(L, pure[i]);
        lua_setfield(L, -2, pure[i]);
    }
    set_fn(L, "next", ro_l_next);
    set_fn(L, "rawget", ro_l_rawget);
    set_fn(L, "rawlen", ro_l_rawlen);
    set_fn(L, "pcall", l_pcall);
    set_fn(L, "xpcall", l_xpcall);
    set_fn(L, "setmetatable", l_setmetatable);
    lua_pushlightuserdata(L, NULL); /* null: the value of a YAML null inside a sequence */
    lua_setfield(L, -2, "null");
}

/* Pattern steps count like VM instructions against the run's budget. */
static void charge_steps(lua_State *L, void *ud, size_t steps)
{
    (void)ud;
    guard_charge(L, steps);
}

static const pattern_meter meter = {charge_steps, NULL};

/* [-0, +0, e] base.string, and the string metatable's __index, become the
 * sandbox's string table: no dump, metered patterns (lua_pattern.h). */
static void fill_string(lua_State *L)
{
    static const char *const drop[] = {"dump", NULL};
    copy_lib(L, LUA_STRLIBNAME, drop);
    lua_pattern_register(L, lua_gettop(L), &meter);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    sandbox_publish(L, "string");
}

void sandbox_init(lua_State *L, const char *today, const luaL_Reg *extra, void *extra_ud)
{
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 5);

    lua_newtable(L);
    fill_base(L);
    lua_setfield(L, LUA_REGISTRYINDEX, BASE_KEY);

    lua_newtable(L); /* the environment metatable */
    lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_setfield(L, LUA_REGISTRYINDEX, ENVMT_KEY);

    fill_string(L);
    copy_lib(L, LUA_TABLIBNAME, NULL);
    sandbox_publish(L, "table");
    static const char *const no_random[] = {"random", "randomseed", NULL};
    copy_lib(L, LUA_MATHLIBNAME, no_random);
    sandbox_publish(L, "math");
    copy_lib(L, LUA_UTF8LIBNAME, NULL);
    sandbox_publish(L, "utf8");
    lua_native_regex(L);
    sandbox_publish(L, "regex");
    lua_native_plimsoll(L, today);
    if (extra) {
        lua_pushlightuserdata(L, extra_ud);
        luaL_setfuncs(L, extra, 1);
    }
    sandbox_publish(L, "plimsoll");

    /* Nothing may reach the real globals any more. */
    lua_pushglobaltable(L);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);
}

void sandbox_push_envmt(lua_State *L) { lua_getfield(L, LUA_REGISTRYINDEX, ENVMT_KEY); }

void sandbox_push_base(lua_State *L) { lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY); }

void sandbox_push_env(lua_State *L)
{
    lua_newtable(L);
    sandbox_push_envmt(L);
    lua_setmetatable(L, -2);
}

int sandbox_has_global(lua_State *L, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
    int has = lua_getfield(L, -1, name) != LUA_TNIL;
    lua_pop(L, 2);
    return has;
}

void sandbox_publish(lua_State *L, const char *name)
{
    sandbox_push_envmt(L);
    lua_insert(L, -2);
    ro_freeze(L, -2);
    lua_remove(L, -2);
    sandbox_publish_plain(L, name);
}

void sandbox_publish_plain(lua_State *L, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}
