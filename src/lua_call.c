/* lua_call.c — guarded calls into check code (see lua_call.h). */
#include "lua_call.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "lua_ro.h"

typedef struct handler_ctx {
    const char *own_chunk;
    int line;
    char node_path[256];
    long node_offset, node_line;
} handler_ctx;

/* The value at key of the table (or read-only view) at idx, read raw: no
 * metamethod runs in the message handler. Pushes it; returns its type. */
static int raw_field(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    ro_push_inner(L, idx);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_pushnil(L);
        return LUA_TNIL;
    }
    lua_pushstring(L, key);
    int t = lua_rawget(L, -2);
    lua_remove(L, -2);
    return t;
}

/* Look through the locals of the innermost frames (at most 64: each level
 * costs a walk of the call chain, and a stack overflow has 200,000 of them)
 * for the node being examined (see call_error). */
static void find_node(lua_State *L, handler_ctx *h)
{
    lua_Debug ar;
    if (!lua_checkstack(L, 8)) return;
    for (int lv = 1; lv <= 64 && lua_getstack(L, lv, &ar); lv++) {
        const char *name;
        for (int n = 1; (name = lua_getlocal(L, &ar, n)) != NULL; n++) {
            int found = 0;
            if (lua_istable(L, -1)) {
                if (raw_field(L, -1, "path") == LUA_TSTRING) {
                    /* the document itself (path "") says nothing: look further */
                    found = lua_rawlen(L, -1) > 0;
                    if (found) snprintf(h->node_path, sizeof h->node_path, "%s", lua_tostring(L, -1));
                    lua_pop(L, 1);
                    if (found)
                        h->node_offset = raw_field(L, -1, "offset") == LUA_TNUMBER ? (long)lua_tointeger(L, -1) : 0;
                    if (found) lua_pop(L, 1);
                } else {
                    lua_pop(L, 1);
                    if (raw_field(L, -1, "cmd") == LUA_TSTRING) {
                        lua_pop(L, 1);
                        if (raw_field(L, -1, "line") == LUA_TNUMBER && lua_tointeger(L, -1) > 0) {
                            h->node_line = (long)lua_tointeger(L, -1);
                            found = 1;
                        }
                    }
                    lua_pop(L, 1);
                }
            }
            lua_pop(L, 1);
            if (found) return;
        }
    }
}

/* Message handler: the message with a traceback; remembers the line of the
 * innermost frame that runs in the check's own file. */
static int msgh(lua_State *L)
{
    handler_ctx *h = lua_touserdata(L, lua_upvalueindex(1));
    const char *msg = lua_tostring(L, 1);
    if (!msg) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1)); /* no addresses */
    lua_Debug ar;
    for (int lv = 1; h->own_chunk && !h->line && lua_getstack(L, lv, &ar); lv++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 && strcmp(ar.source, h->own_chunk) == 0)
            h->line = ar.currentline;
    find_node(L, h);
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
    handler_ctx h = {own_chunk, 0, "", 0, 0};
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
    snprintf(err->node_path, sizeof err->node_path, "%s", h.node_path);
    err->node_offset = h.node_offset;
    err->node_line = h.node_line;
    const char *m = rc == LUA_ERRMEM ? NULL : lua_tostring(L, -1);
    fill_error(err, m ? m : "(error object is not a string)", own_chunk);
    if (g->stop != GUARD_OK) guard_describe(g, err->msg, sizeof err->msg);
    lua_settop(L, fn - 1);
    return -1;
}
