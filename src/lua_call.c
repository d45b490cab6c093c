/* lua_call.c — guarded calls into check code (see lua_call.h). */
#include "lua_call.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

typedef struct handler_ctx {
    const char *own_chunk;
    int line;
} handler_ctx;

/* Message handler: the message with a traceback; remembers the line of the
 * innermost frame that runs in the check's own file. */
static int msgh(lua_State *L)
{
    handler_ctx *h = lua_touserdata(L, lua_upvalueindex(1));
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = luaL_tolstring(L, 1, NULL);
    lua_Debug ar;
    for (int lv = 1; h->own_chunk && !h->line && lua_getstack(L, lv, &ar); lv++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && strcmp(ar.source, h->own_chunk) == 0)
            h->line = ar.currentline;
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Split the handler's result into message and traceback; drop the message's
 * own "path:line: " prefix when it names own_chunk at err->line. */
static void fill_error(call_error *err, const char *m, const char *own_chunk)
{
    const char *tb = strstr(m, "\nstack traceback:");
    size_t n = tb ? (size_t)(tb - m) : strlen(m);
    if (own_chunk && err->line) {
        char prefix[700];
        int k = snprintf(prefix, sizeof prefix, "%s:%d: ", own_chunk + 1, err->line);
        if (k > 0 && (size_t)k <= n && strncmp(m, prefix, (size_t)k) == 0) {
            m += k;
            n -= (size_t)k;
        }
    }
    snprintf(err->msg, sizeof err->msg, "%.*s", (int)n, m);
    snprintf(err->trace, sizeof err->trace, "%s", tb ? tb + 1 : "");
}

int lua_call_guarded(lua_State *L, lua_guard *g, int nargs, int nres, const char *own_chunk, call_error *err)
{
    handler_ctx h = {own_chunk, 0};
    int fn = lua_gettop(L) - nargs;
    lua_pushlightuserdata(L, &h);
    lua_pushcclosure(L, msgh, 1);
    lua_insert(L, fn);
    guard_begin(g);
    int rc = lua_pcall(L, nargs, nres, fn);
    guard_end(g);
    if (rc == LUA_OK) {
        lua_remove(L, fn);
        return 0;
    }
    err->line = h.line;
    err->stop = g->stop;
    const char *m = rc == LUA_ERRMEM ? NULL : lua_tostring(L, -1);
    fill_error(err, m ? m : "(error object is not a string)", own_chunk);
    if (g->stop != GUARD_OK) guard_describe(g, err->msg, sizeof err->msg);
    lua_settop(L, fn - 1);
    return -1;
}
