/* test_lua_ro.c — read-only views and deep freezing (src/lua_ro.c): reads go
 * through, writes fail, iteration and length work, cycles and shared tables
 * freeze once, functions' upvalue tables are frozen, metatables stay hidden. */
#include <lauxlib.h>
#include <lualib.h>

#include "lua_ro.h"
#include "unit.h"

static int freeze_protected(lua_State *L)
{
    ro_freeze(L, 0);
    return 1;
}

/* Run chunk `code` with the frozen value `v` (built by `make`) as argument
 * `t`; returns the chunk's string result (static buffer) or the error. */
static const char *with_frozen(lua_State *L, const char *make, const char *code)
{
    static char out[256];
    lua_settop(L, 0);
    if (luaL_dostring(L, make) != LUA_OK) return lua_tostring(L, -1);
    lua_pushcfunction(L, freeze_protected);
    lua_insert(L, -2);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        snprintf(out, sizeof out, "freeze error: %s", lua_tostring(L, -1));
        return out;
    }
    lua_setglobal(L, "t");
    lua_pushcfunction(L, ro_l_next);
    lua_setglobal(L, "rnext");
    lua_pushcfunction(L, ro_l_rawget);
    lua_setglobal(L, "rrawget");
    lua_pushcfunction(L, ro_l_rawlen);
    lua_setglobal(L, "rrawlen");
    if (luaL_dostring(L, code) != LUA_OK) {
        snprintf(out, sizeof out, "error: %s", lua_tostring(L, -1));
        return out;
    }
    snprintf(out, sizeof out, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(nil)");
    return out;
}

static int contains(const char *s, const char *part) { return strstr(s, part) != NULL; }

static void test_reads(lua_State *L)
{
    const char *mk = "return { a = 1, list = { 'x', 'y', 'z' }, sub = { b = true } }";
    CHECK_STR(with_frozen(L, mk, "return tostring(t.a) .. t.list[2] .. tostring(t.sub.b)"), "1ytrue");
    CHECK_STR(with_frozen(L, mk, "return tostring(#t.list)"), "3");
    CHECK_STR(with_frozen(L, mk, "local s = '' for i, v in ipairs(t.list) do s = s .. i .. v end return s"), "1x2y3z");
    CHECK_STR(with_frozen(L, mk, "local n = 0 for k, v in pairs(t) do n = n + 1 end return tostring(n)"), "3");
    CHECK_STR(with_frozen(L, mk, "return rnext(t.list) == 1 and 'next' or 'no'"), "next");
    CHECK_STR(with_frozen(L, mk, "return tostring(rrawget(t, 'a')) .. tostring(rrawlen(t.list))"), "13");
    CHECK_STR(with_frozen(L, mk, "return tostring(next(t))"), "nil"); /* the real next sees an empty view */
    CHECK_STR(with_frozen(L, mk, "return table.concat(t.list, ',')"), "x,y,z");
}

static void test_writes(lua_State *L)
{
    const char *mk = "return { a = 1, list = { 'x' }, sub = { b = true } }";
    CHECK(contains(with_frozen(L, mk, "t.a = 2"), "attempt to modify a read-only table (field 'a')"));
    CHECK(contains(with_frozen(L, mk, "t.new = 2"), "read-only table (field 'new')"));
    CHECK(contains(with_frozen(L, mk, "t.sub.b = false"), "read-only table (field 'b')"));
    CHECK(contains(with_frozen(L, mk, "table.insert(t.list, 'y')"), "read-only table"));
    CHECK(contains(with_frozen(L, mk, "setmetatable(t, {})"), "cannot change a protected metatable"));
    CHECK_STR(with_frozen(L, mk, "return tostring(getmetatable(t))"), "false");
    CHECK(contains(with_frozen(L, mk, "local f, s = pairs(t) s.a = 5"), "read-only table"));
}

static void test_shapes(lua_State *L)
{
    /* cycles and shared tables freeze once; identity is kept */
    CHECK_STR(with_frozen(L, "local a = {} a.self = a return a", "return tostring(t.self == t and t.self.self == t)"), "true");
    CHECK_STR(with_frozen(L, "local s = {1} return { x = s, y = s }", "return tostring(t.x == t.y)"), "true");
    /* functions keep working; their upvalue tables are frozen */
    const char *mk = "local cache = {} return { put = function(k) cache[k] = true end, get = function(k) return cache[k] end }";
    CHECK(contains(with_frozen(L, mk, "t.put('a')"), "read-only table (field 'a')"));
    CHECK_STR(with_frozen(L, "local n = { 5 } return { f = function() return n[1] end }", "return tostring(t.f())"), "5");
    /* deep nesting is refused, not a crash */
    CHECK(contains(with_frozen(L, "local t = {} local c = t for i = 1, 500 do c.n = {} c = c.n end return t", "return 'x'"),
                   "nested more than 200 deep"));
}

int main(void)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    test_reads(L);
    test_writes(L);
    test_shapes(L);
    lua_close(L);
    return unit_done("lua_ro");
}
