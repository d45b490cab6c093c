/* lua_doc.c — document tree → read-only Lua tables (see lua_doc.h, lua_ro.h).
 * Nothing here keeps positions: checks report paths and doc.c maps them back. */
#include "lua_doc.h"

#include <lauxlib.h>

#include "lua_ro.h"

typedef struct conv {
    lua_State *L;
    const tree *t;
    int memo;              /* stack index of the memo table, 0 when nothing is shared */
} conv;

static void push_node(conv *c, node_id id)
{
    lua_State *L = c->L;
    const node *nd = &c->t->nodes[id];
    switch (nd->kind) {
    case N_NULL: lua_pushlightuserdata(L, NULL); return;
    case N_BOOL: lua_pushboolean(L, nd->v.i != 0); return;
    case N_INT: lua_pushinteger(L, (lua_Integer)nd->v.i); return;
    case N_FLOAT: lua_pushnumber(L, nd->v.f); return;
    case N_STR: lua_pushlstring(L, c->t->strs + nd->str, nd->len); return;
    default: break;
    }
    int shared = c->memo && (nd->flags & NODE_SHARED);
    if (shared) {
        if (lua_rawgeti(L, c->memo, (lua_Integer)id) == LUA_TTABLE) return;
        lua_pop(L, 1);
    }
    luaL_checkstack(L, 4, "document too deep");
    const kid *k = c->t->kids + nd->kids;
    if (nd->kind == N_MAP) {
        lua_createtable(L, 0, (int)nd->n);
        for (uint32_t i = 0; i < nd->n; i++) {
            if (c->t->nodes[k[i].val].kind == N_NULL) continue;
            lua_pushlstring(L, c->t->strs + k[i].key, k[i].key_len);
            push_node(c, k[i].val);
            lua_rawset(L, -3);
        }
    } else {
        lua_createtable(L, (int)nd->n, 0);
        for (uint32_t i = 0; i < nd->n; i++) {
            push_node(c, k[i].val);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    ro_wrap(L, nd->kind == N_SEQ);
    if (shared) {
        lua_pushvalue(L, -1);
        lua_rawseti(L, c->memo, (lua_Integer)id);
    }
}

void lua_doc_push(lua_State *L, const tree *t, node_id root)
{
    conv c = {L, t, 0};
    if (t->has_shared) {
        lua_newtable(L);
        c.memo = lua_gettop(L);
    }
    push_node(&c, root);
    if (c.memo) lua_remove(L, c.memo);
}
