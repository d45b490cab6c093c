/* lua_doc.c — document tree → Lua tables, made one level at a time (see
 * lua_doc.h). Nothing here keeps positions: checks report paths and doc.c
 * maps them back.
 *
 * A table not made in full holds its scalars and, under the private key
 * LAZY, the integer slot << 32 | node; its metatable (one per state) makes
 * the rest on the first miss. Slots name the trees converted so far (never
 * reused, so a table outliving its tree finds NULL and raises). */
#include "lua_doc.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua_ro.h"

#define CTX_KEY "plimsoll.docctx"   /* registry: the conversion context (full userdata) */
#define MT_KEY "plimsoll.docmt"     /* registry: the metatable of tables not made in full */
#define MEMO_KEY "plimsoll.docmemo" /* registry: slot → {node → table} for trees with shared nodes */

static const char LAZY = 0; /* its address is the private key */

typedef struct ctx {
    const tree **trees;  /* by slot; NULL once released */
    size_t n, cap;
    int views;
} ctx;

static int ctx_gc(lua_State *L)
{
    ctx *c = lua_touserdata(L, 1);
    free(c->trees);
    c->trees = NULL;
    return 0;
}

static ctx *get_ctx(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, CTX_KEY);
    ctx *c = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return c;
}

static void push_scalar(lua_State *L, const tree *t, const node *nd)
{
    switch (nd->kind) {
    case N_BOOL: lua_pushboolean(L, nd->v.i != 0); return;
    case N_INT: lua_pushinteger(L, (lua_Integer)nd->v.i); return;
    case N_FLOAT: lua_pushnumber(L, nd->v.f); return;
    case N_STR: lua_pushlstring(L, t->strs + nd->str, nd->len); return;
    default: lua_pushlightuserdata(L, NULL); return;
    }
}

static int is_container(const node *nd) { return nd->kind == N_MAP || nd->kind == N_SEQ; }

static int same_key(const tree *t, const kid *a, const kid *b)
{
    return a->key_len == b->key_len && memcmp(t->strs + a->key, t->strs + b->key, a->key_len) == 0;
}

/* Does map nd repeat a key that one of its container members has? (Then it
 * is made in one go, in order, so the last member wins as it always did.) */
static int repeats_container_key(const tree *t, const node *nd)
{
    const kid *k = t->kids + nd->kids;
    uint32_t n = nd->n;
    if (n <= 32) {
        for (uint32_t i = 0; i < n; i++)
            if (is_container(&t->nodes[k[i].val]))
                for (uint32_t j = 0; j < n; j++)
                    if (j != i && same_key(t, &k[i], &k[j])) return 1;
        return 0;
    }
    size_t cap = 64;
    while (cap < 2 * (size_t)n) cap *= 2;
    uint32_t *slot = xcalloc(cap, sizeof *slot); /* kid index + 1 */
    int dup = 0;
    for (uint32_t i = 0; i < n && !dup; i++) {
        uint64_t h = 1469598103934665603ull;
        for (uint32_t b = 0; b < k[i].key_len; b++) h = (h ^ (unsigned char)t->strs[k[i].key + b]) * 1099511628211ull;
        for (size_t p = h & (cap - 1);; p = (p + 1) & (cap - 1)) {
            if (!slot[p]) {
                slot[p] = i + 1;
                break;
            }
            if (same_key(t, &k[slot[p] - 1], &k[i])) {
                dup = 1;
                break;
            }
        }
    }
    free(slot);
    return dup;
}

static void push_container(lua_State *L, const ctx *c, long s, const tree *t, node_id id, int mt, int memo);

/* Set member/item kid k (index i) of the table on top: containers made (not
 * in full), scalars pushed; nulls in maps left out. */
static void set_kid(lua_State *L, const ctx *c, long s, const tree *t, int is_map, uint32_t i, const kid *k, int mt,
                    int memo)
{
    const node *v = &t->nodes[k->val];
    if (is_map && v->kind == N_NULL) return;
    if (is_map) lua_pushlstring(L, t->strs + k->key, k->key_len);
    if (is_container(v)) push_container(L, c, s, t, k->val, mt, memo);
    else push_scalar(L, t, v);
    if (is_map) lua_rawset(L, -3);
    else lua_rawseti(L, -2, (lua_Integer)i + 1);
}

/* [-0, +1] The table (or view) of container node id, with its scalars; its
 * containers are made when it is first missed. */
static void push_container(lua_State *L, const ctx *c, long s, const tree *t, node_id id, int mt, int memo)
{
    const node *nd = &t->nodes[id];
    int shared = memo && (nd->flags & NODE_SHARED);
    if (shared) {
        if (lua_rawgeti(L, memo, (lua_Integer)id) != LUA_TNIL) return;
        lua_pop(L, 1);
    }
    luaL_checkstack(L, 6, "document too deep");
    const kid *k = t->kids + nd->kids;
    int is_map = nd->kind == N_MAP;
    int eager = is_map && repeats_container_key(t, nd);
    is_map ? lua_createtable(L, 0, (int)nd->n) : lua_createtable(L, (int)nd->n, 0);
    int lazy = 0;
    for (uint32_t i = 0; i < nd->n; i++) {
        if (!eager && is_container(&t->nodes[k[i].val])) lazy = 1;
        else set_kid(L, c, s, t, is_map, i, &k[i], mt, memo);
    }
    if (lazy) {
        lua_pushinteger(L, (lua_Integer)((uint64_t)s << 32 | id));
        lua_rawsetp(L, -2, &LAZY);
        lua_pushvalue(L, mt);
        lua_setmetatable(L, -2);
    }
    if (c->views) ro_wrap(L, !is_map);
    if (shared) {
        lua_pushvalue(L, -1);
        lua_rawseti(L, memo, (lua_Integer)id);
    }
}

/* [-0, +0, e] Make the rest of table idx when it is not made in full. */
static void make_rest(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_rawgetp(L, idx, &LAZY) != LUA_TNUMBER) {
        lua_pop(L, 1);
        return;
    }
    uint64_t packed = (uint64_t)lua_tointeger(L, -1);
    lua_pop(L, 1);
    ctx *c = get_ctx(L);
    long s = (long)(packed >> 32);
    node_id id = (node_id)(packed & 0xffffffffu);
    const tree *t = (size_t)s < c->n ? c->trees[s] : NULL;
    if (!t) luaL_error(L, "a document table was used after its document was released");
    lua_getmetatable(L, idx);
    int mt = lua_gettop(L);
    int memo = 0;
    if (t->has_shared) {
        lua_getfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
        lua_rawgeti(L, -1, s);
        memo = lua_gettop(L);
    }
    const node *nd = &t->nodes[id];
    const kid *k = t->kids + nd->kids;
    lua_pushvalue(L, idx);
    for (uint32_t i = 0; i < nd->n; i++)
        if (is_container(&t->nodes[k[i].val])) set_kid(L, c, s, t, nd->kind == N_MAP, i, &k[i], mt, memo);
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_rawsetp(L, idx, &LAZY);
    lua_pushnil(L);
    lua_setmetatable(L, idx);
    lua_settop(L, mt - 1);
}

void lua_doc_force(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TTABLE) make_rest(L, idx);
}

/* The metatable of tables not made in full: any miss makes them. */
static int l_index(lua_State *L)
{
    make_rest(L, 1);
    lua_settop(L, 2);
    lua_rawget(L, 1);
    return 1;
}

static int l_newindex(lua_State *L)
{
    make_rest(L, 1);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

static int l_len(lua_State *L)
{
    make_rest(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
    return 1;
}

static int l_pairs(lua_State *L)
{
    make_rest(L, 1);
    lua_pushcfunction(L, ro_l_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

void lua_doc_init(lua_State *L, int views)
{
    ctx *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    c->views = views;
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, ctx_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, CTX_KEY);
    static const luaL_Reg mt[] = {
        {"__index", l_index}, {"__newindex", l_newindex}, {"__len", l_len}, {"__pairs", l_pairs}, {NULL, NULL},
    };
    luaL_newlib(L, mt);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setfield(L, LUA_REGISTRYINDEX, MT_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
}

long lua_doc_push(lua_State *L, const tree *t, node_id root)
{
    ctx *c = get_ctx(L);
    long s = (long)c->n;
    GROW(c->trees, c->cap, c->n + 1);
    c->trees[c->n++] = t;
    const node *nd = &t->nodes[root];
    if (!is_container(nd)) {
        push_scalar(L, t, nd);
        return s;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, MT_KEY);
    int mt = lua_gettop(L), memo = 0;
    if (t->has_shared) {
        lua_getfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, s);
        memo = lua_gettop(L);
    }
    push_container(L, c, s, t, root, mt, memo);
    lua_replace(L, mt);
    lua_settop(L, mt);
    return s;
}

void lua_doc_release(lua_State *L, long slot)
{
    ctx *c = get_ctx(L);
    if (slot < 0 || (size_t)slot >= c->n || !c->trees[slot]) return;
    if (c->trees[slot]->has_shared) {
        lua_getfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
        lua_pushnil(L);
        lua_rawseti(L, -2, slot);
        lua_pop(L, 1);
    }
    c->trees[slot] = NULL;
}
