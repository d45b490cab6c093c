/* lua_native.c — C helpers exposed to checks: PCRE2 regular expressions (byte
 * semantics: offsets are bytes, like Lua's) with a bounded per-state cache of
 * compiled patterns and match/depth/heap limits, every match charged to the
 * run's budget (lua_guard.h); secret masking; today's date. No function here
 * touches files, the clock beyond today's date, or globals. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "lua_native.h"

#include <lauxlib.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lua_guard.h"
#include "lua_keywords.h"
#include "lua_shell.h"
#include "lua_shell_parse.h"

#define RE_META "plimsoll.regex"
#define RE_CACHE "plimsoll.regex.cache"
#define RE_CACHE_MAX 256            /* compiled patterns kept per state */
#define RE_PATTERN_MAX 4096         /* bytes of one pattern */
#define RE_MATCH_LIMIT 1000000u     /* pcre2 backtracking steps per match */
#define RE_DEPTH_LIMIT 10000u
#define RE_HEAP_LIMIT (16u << 10)   /* KiB of backtracking memory per match */
#define RE_CTX "plimsoll.regex.ctx"

typedef struct re_box {
    pcre2_code *code;
    pcre2_match_data *md;
} re_box;

static int re_gc(lua_State *L)
{
    re_box *b = luaL_checkudata(L, 1, RE_META);
    if (b->md) pcre2_match_data_free(b->md);
    if (b->code) pcre2_code_free(b->code);
    b->md = NULL;
    b->code = NULL;
    return 0;
}

/* [-0, +0, m] When the cache at idx is full, free every compiled pattern in it
 * now (not at some later GC) and start an empty one. */
static void re_cache_bound(lua_State *L, int idx)
{
    lua_Integer n = 0;
    lua_getfield(L, LUA_REGISTRYINDEX, RE_CACHE "n");
    n = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (n >= RE_CACHE_MAX) {
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            re_box *b = lua_touserdata(L, -1);
            if (b->md) pcre2_match_data_free(b->md);
            if (b->code) pcre2_code_free(b->code);
            b->md = NULL;
            b->code = NULL;
            lua_pop(L, 1);
        }
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE);
        lua_replace(L, idx);
        n = 0;
    }
    lua_pushinteger(L, n + 1);
    lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE "n");
}

/* [-0, +0, e] The compiled pattern for the string at stack index idx. */
static re_box *re_get(lua_State *L, int idx)
{
    size_t plen;
    const char *pat = luaL_checklstring(L, idx, &plen);
    lua_getfield(L, LUA_REGISTRYINDEX, RE_CACHE);
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) == LUA_TUSERDATA) {
        re_box *b = lua_touserdata(L, -1);
        lua_pop(L, 2);
        return b;
    }
    lua_pop(L, 1);
    if (plen > RE_PATTERN_MAX) luaL_error(L, "regex longer than %d bytes", RE_PATTERN_MAX);
    re_cache_bound(L, lua_gettop(L));
    re_box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->code = NULL;
    b->md = NULL;
    luaL_setmetatable(L, RE_META);
    int errcode;
    PCRE2_SIZE erroff;
    b->code = pcre2_compile((PCRE2_SPTR)pat, plen, 0, &errcode, &erroff, NULL);
    if (!b->code) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        luaL_error(L, "bad regex /%s/ at offset %d: %s", pat, (int)erroff, (const char *)msg);
    }
    pcre2_jit_compile(b->code, PCRE2_JIT_COMPLETE);
    b->md = pcre2_match_data_create_from_pattern(b->code, NULL);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -2);
    lua_rawset(L, -4);
    lua_pop(L, 2);
    return b;
}

/* Run the match; returns the number of pairs in the ovector, or 0. */
static int re_exec(lua_State *L, re_box *b, const char *s, size_t n, size_t start)
{
    if (start > n) return 0;
    guard_charge(L, 1 + (n - start) / 64);
    lua_getfield(L, LUA_REGISTRYINDEX, RE_CTX);
    pcre2_match_context *ctx = *(pcre2_match_context **)lua_touserdata(L, -1);
    lua_pop(L, 1);
    int rc = pcre2_match(b->code, (PCRE2_SPTR)s, n, start, 0, b->md, ctx);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return luaL_error(L, "regex too complex for this input (backtracking limit reached)");
    if (rc == PCRE2_ERROR_NOMATCH) return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(rc, msg, sizeof msg);
        return luaL_error(L, "regex match failed: %s", (const char *)msg);
    }
    return rc;
}

/* The arguments (s, pattern [, init]) of find and match, matched: returns
 * the number of ovector pairs (0: no match) and sets *bp and *sp. */
static int re_args(lua_State *L, re_box **bp, const char **sp)
{
    size_t n;
    *sp = luaL_checklstring(L, 1, &n);
    *bp = re_get(L, 2);
    lua_Integer init = luaL_optinteger(L, 3, 1);
    if (init < 1) init = 1;
    return re_exec(L, *bp, *sp, n, (size_t)init - 1);
}

/* regex.find(s, pattern [, init]) → start, end (1-based, inclusive) | nil */
static int l_re_find(lua_State *L)
{
    re_box *b;
    const char *s;
    if (!re_args(L, &b, &s)) {
        lua_pushnil(L);
        return 1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(b->md);
    lua_pushinteger(L, (lua_Integer)ov[0] + 1);
    lua_pushinteger(L, (lua_Integer)ov[1]);
    return 2;
}

/* regex.match(s, pattern [, init]) → captures (or the whole match) | nil */
static int l_re_match(lua_State *L)
{
    re_box *b;
    const char *s;
    int rc = re_args(L, &b, &s);
    if (!rc) {
        lua_pushnil(L);
        return 1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(b->md);
    if (rc == 1) {
        lua_pushlstring(L, s + ov[0], ov[1] - ov[0]);
        return 1;
    }
    luaL_checkstack(L, rc, "too many captures");
    for (int i = 1; i < rc; i++) {
        if (ov[2 * i] == PCRE2_UNSET) lua_pushnil(L);
        else lua_pushlstring(L, s + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
    }
    return rc - 1;
}

/* regex.test(s, pattern) → boolean */
static int l_re_test(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    re_box *b = re_get(L, 2);
    lua_pushboolean(L, re_exec(L, b, s, n, 0) > 0);
    return 1;
}

static int ctx_gc(lua_State *L)
{
    pcre2_match_context **c = lua_touserdata(L, 1);
    if (*c) pcre2_match_context_free(*c);
    *c = NULL;
    return 0;
}

void lua_native_regex(lua_State *L)
{
    if (luaL_newmetatable(L, RE_META)) {
        lua_pushcfunction(L, re_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
    pcre2_match_context **ctx = lua_newuserdatauv(L, sizeof *ctx, 0);
    *ctx = NULL;
    lua_newtable(L);
    lua_pushcfunction(L, ctx_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    *ctx = pcre2_match_context_create(NULL);
    if (!*ctx) luaL_error(L, "out of memory");
    pcre2_set_match_limit(*ctx, RE_MATCH_LIMIT);
    pcre2_set_depth_limit(*ctx, RE_DEPTH_LIMIT);
    pcre2_set_heap_limit(*ctx, RE_HEAP_LIMIT);
    lua_setfield(L, LUA_REGISTRYINDEX, RE_CTX);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, RE_CACHE);
    static const luaL_Reg fns[] = {
        {"find", l_re_find}, {"match", l_re_match}, {"test", l_re_test}, {NULL, NULL}};
    luaL_newlib(L, fns);
}

/* plimsoll.mask(s) → s with at most its first 4 characters kept */
static int l_mask(lua_State *L)
{
    char *m = secret_mask(luaL_checkstring(L, 1));
    lua_pushstring(L, m);
    free(m);
    return 1;
}

void lua_native_plimsoll(lua_State *L, const char *today)
{
    static const luaL_Reg fns[] = {{"mask", l_mask}, {NULL, NULL}};
    luaL_newlib(L, fns);
    lua_pushstring(L, today);
    lua_setfield(L, -2, "today");
    lua_shell_register(L, -1);
    lua_shell_parse_register(L, -1);
    lua_keywords_register(L, -1);
}
