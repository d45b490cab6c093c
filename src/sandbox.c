/* sandbox.c — the restricted Lua world. Allow-list only: of the base library
 * just the pure functions (no load, loadfile, dofile, require, collectgarbage,
 * print, rawset), and string (without dump), table, math (without random),
 * utf8, plus plimsoll's own `regex`, `plimsoll` and `null`. Every library is
 * published through a read-only proxy; every chunk gets its own environment
 * whose writes fail; metatables are hidden. No io, os, package or debug is
 * ever opened in the state. */
#include "sandbox.h"

#include <lauxlib.h>
#include <lualib.h>

#include "lua_native.h"

#define BASE_KEY "plimsoll.base"
#define FREEZE_KEY "plimsoll.freeze"
#define ENVMT_KEY "plimsoll.envmt"

/* Trusted bootstrap: runs once with the real globals, builds the base table. */
static const char bootstrap[] =
    "local G, regex, plimsoll = ...\n"
    "local pairs, ipairs, type, next, setmetatable, error, tostring = G.pairs, G.ipairs, G.type, G.next, G.setmetatable, G.error, G.tostring\n"
    "local function ro_error(_, k) error('attempt to modify read-only table (key ' .. tostring(k) .. ')', 2) end\n"
    "local function freeze(t, seen)\n"
    "  seen = seen or {}\n"
    "  if seen[t] then return seen[t] end\n"
    "  local proxy = {}\n"
    "  seen[t] = proxy\n"
    "  local inner = {}\n"
    "  for k, v in pairs(t) do\n"
    "    if type(v) == 'table' then inner[k] = freeze(v, seen) else inner[k] = v end\n"
    "  end\n"
    "  return setmetatable(proxy, { __index = inner, __newindex = ro_error, __metatable = false,\n"
    "    __len = function() return #inner end,\n"
    "    __pairs = function() return next, inner, nil end })\n"
    "end\n"
    "local base = {}\n"
    "for _, k in ipairs{'assert','error','ipairs','next','pairs','pcall','select','tonumber',\n"
    "  'tostring','type','xpcall','rawequal','rawget','rawlen','setmetatable','getmetatable'} do\n"
    "  base[k] = G[k]\n"
    "end\n"
    "base._VERSION = G._VERSION\n"
    "local function copy(t, drop)\n"
    "  local c = {}\n"
    "  for k, v in pairs(t) do if not (drop and drop[k]) then c[k] = v end end\n"
    "  return c\n"
    "end\n"
    "base.string = freeze(copy(G.string, { dump = true }))\n"
    "base.table = freeze(copy(G.table))\n"
    "base.math = freeze(copy(G.math, { random = true, randomseed = true }))\n"
    "base.utf8 = freeze(copy(G.utf8))\n"
    "base.regex = freeze(regex)\n"
    "base.plimsoll = freeze(plimsoll)\n"
    "G.getmetatable('').__metatable = false\n"
    "local envmt = { __index = base, __metatable = false,\n"
    "  __newindex = function(_, k) error('assignment to undeclared global ' .. tostring(k) .. ' (use local)', 2) end }\n"
    "return base, freeze, envmt\n";

void sandbox_init(lua_State *L, const char *today)
{
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 5);
    if (luaL_loadbufferx(L, bootstrap, sizeof bootstrap - 1, "=sandbox", "t") != LUA_OK) lua_error(L);
    lua_pushglobaltable(L);
    lua_native_regex(L);
    lua_native_plimsoll(L, today);
    lua_call(L, 3, 3);
    lua_setfield(L, LUA_REGISTRYINDEX, ENVMT_KEY);
    lua_setfield(L, LUA_REGISTRYINDEX, FREEZE_KEY);
    /* null: the value of a YAML null inside a sequence */
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    lua_setfield(L, LUA_REGISTRYINDEX, BASE_KEY);
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

void sandbox_push_env(lua_State *L)
{
    lua_newtable(L);
    lua_getfield(L, LUA_REGISTRYINDEX, ENVMT_KEY);
    lua_setmetatable(L, -2);
}

int sandbox_publish(lua_State *L, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, FREEZE_KEY);
    lua_insert(L, -2);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_pop(L, 1);
        return -1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, BASE_KEY);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
    return 0;
}
