/* test_lua_keywords.c — plimsoll.keywords against the obvious search it
 * replaces (every keyword, string.find on the lower-cased text): hand-written
 * cases (case, overlaps, the end of the text, empty and one-byte keywords,
 * bytes above 127), then random keyword lists and texts from a seeded
 * generator; the errors for malformed lists; and the budget: a guarded run
 * with a small budget over a long text is stopped. */
#include <lauxlib.h>
#include <lualib.h>

#include "lua_guard.h"
#include "lua_keywords.h"
#include "unit.h"

static const char harness[] =
    "local K, check = ...\n"
    "local function naive(lists, s)\n"
    "  local low, out = s:lower(), {}\n"
    "  for i, l in ipairs(lists) do\n"
    "    for _, kw in ipairs(l) do\n"
    "      if low:find(kw:lower(), 1, true) then out[#out + 1] = i; break end\n"
    "    end\n"
    "  end\n"
    "  return out\n"
    "end\n"
    "local function same(a, b)\n"
    "  if #a ~= #b then return false end\n"
    "  for i = 1, #a do if a[i] ~= b[i] then return false end end\n"
    "  return true\n"
    "end\n"
    "local function try(lists, s, what)\n"
    "  local got, want = K.keywords(lists):hits(s), naive(lists, s)\n"
    "  check(same(got, want), what .. ': got {' .. table.concat(got, ',') .. '} want {' .. table.concat(want, ',') .. '}')\n"
    "end\n"
    "local L = { { 'akia', 'asia' }, { 'ghp_' }, { 'secret_access_key', 'aws-secret' }, { 'ya29.' }, { 'x' }, { 'ab', 'abc' } }\n"
    "try(L, 'nothing here at all', 'no keyword')\n"
    "try(L, 'AKIAXXXX', 'upper case text, lower-case keyword')\n"
    "try(L, 'export AWS-SECRET=1 GHP_abc', 'two lists, any case')\n"
    "try(L, 'ya29', 'a keyword cut by the end of the text')\n"
    "try(L, 'ya29.', 'a keyword at the very end')\n"
    "try(L, 'x', 'a one-byte keyword alone')\n"
    "try(L, 'aab', 'overlap: a then ab')\n"
    "try(L, 'abc', 'two keywords of one list')\n"
    "try({ { 'Mixed' } }, 'xxMIXEDxx', 'an upper-case keyword matches any case')\n"
    "try({ { '' }, { 'zz' } }, 'abc', 'an empty keyword is in every string')\n"
    "try({ { '\\xe9t\\xe9' } }, 'caf\\xe9t\\xe9', 'bytes above 127 compare as they are')\n"
    "try({ { '\\xe9t\\xe9' } }, 'caf\\xc9T\\xc9', 'bytes above 127 have no case')\n"
    "try({}, 'abc', 'no lists')\n"
    "try({ {} }, 'abc', 'an empty list')\n"
    "try(L, '', 'an empty text')\n"
    "-- random: keywords and texts over a small alphabet, so that they meet\n"
    "local seed = 20261128\n"
    "local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end\n"
    "local alpha = { 'a', 'b', 'A', 'B', 'c', '-', '.', '\\0', '\\xff' }\n"
    "local function word(n) local t = {} for i = 1, n do t[i] = alpha[rnd(#alpha) + 1] end return table.concat(t) end\n"
    "for round = 1, 3000 do\n"
    "  local lists = {}\n"
    "  for i = 1, rnd(6) do\n"
    "    local l = {}\n"
    "    for j = 1, rnd(4) do l[j] = word(1 + rnd(4)) end\n"
    "    lists[i] = l\n"
    "  end\n"
    "  try(lists, word(rnd(40)), 'random round ' .. round)\n"
    "end\n"
    "-- more lists than the matcher keeps on the C stack (4,096)\n"
    "local many = {}\n"
    "for i = 1, 5000 do many[i] = { ('k%05d'):format(i) } end\n"
    "try(many, 'x k04999 y k00007 k05000', '5,000 lists')\n"
    "-- malformed lists\n"
    "check(not pcall(K.keywords, { 'flat' }), 'a list that is not a table is refused')\n"
    "check(not pcall(K.keywords, { { 1 } }), 'a keyword that is not a string is refused')\n"
    "check(not pcall(K.keywords, 'x'), 'lists must be a table')\n"
    "check(getmetatable(K.keywords({ { 'a' } })) == false, 'the matcher hides its metatable')\n";

static int l_check(lua_State *L)
{
    int *counts = lua_touserdata(L, lua_upvalueindex(1));
    if (lua_toboolean(L, 1)) {
        counts[0]++;
    } else {
        counts[1]++;
        fprintf(stderr, "CHECK failed: %s\n", luaL_optstring(L, 2, "?"));
    }
    return 0;
}

static void test_against_naive(void)
{
    lua_guard g = {0};
    g.budget = UINT64_MAX;
    g.timeout_ns = UINT64_MAX / 2;
    g.mem_cap = (size_t)1 << 30;
    lua_State *L = guard_newstate(&g);
    CHECK(L != NULL);
    if (!L) return;
    luaL_openlibs(L);
    int counts[2] = {0, 0};
    CHECK(luaL_loadstring(L, harness) == LUA_OK);
    lua_newtable(L);
    lua_keywords_register(L, -1);
    lua_pushlightuserdata(L, counts);
    lua_pushcclosure(L, l_check, 1);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        fprintf(stderr, "harness: %s\n", lua_tostring(L, -1));
        counts[1]++;
    }
    unit_pass += counts[0];
    unit_fail += counts[1];
    CHECK(counts[0] > 3000);
    guard_close(&g);
}

/* A run with a small budget searching a long text is stopped by the budget. */
static void test_budget(void)
{
    lua_guard g = {0};
    g.budget = 100000;
    g.timeout_ns = 10000000000ull;
    g.mem_cap = (size_t)1 << 30;
    lua_State *L = guard_newstate(&g);
    if (!L) return;
    luaL_openlibs(L);
    lua_newtable(L);
    lua_keywords_register(L, -1);
    lua_setglobal(L, "K");
    /* the text is made before the run: only the search is charged */
    CHECK(luaL_dostring(L, "T = string.rep('aaaaaaab', 1 << 17)") == LUA_OK);
    CHECK(luaL_loadstring(L, "local m = K.keywords({ { 'aaaaaaaaaaaaaaaaaaaaaac' } }) for i = 1, 10 do m:hits(T) end") == LUA_OK);
    guard_begin(&g);
    int rc = lua_pcall(L, 0, 0, 0);
    guard_end(&g);
    CHECK(rc != LUA_OK);
    CHECK(g.stop == GUARD_BUDGET);
    guard_close(&g);
}

int main(void)
{
    RUN(test_against_naive);
    RUN(test_budget);
    return unit_done("lua_keywords");
}
