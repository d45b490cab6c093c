/* engine.c — one worker of the check engine (see engine.h): a Lua state with
 * its limits, the checks loaded into it, and the runs of their handlers over
 * documents. A run that fails becomes an error at the check's own file and
 * line (with a traceback), its findings are dropped, and the scan goes on.
 * Nothing here prints. */
#include "engine.h"

#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "config.h"
#include "lua_call.h"
#include "lua_doc.h"
#include "lua_ro.h"
#include "sandbox.h"

#define DOCCACHE_KEY "plimsoll.docs"  /* registry: a document's root node (light userdata) → its table */
#define DOCSLOT_KEY "plimsoll.docslots" /* registry: the same key → its lua_doc slot */
#define MEMO_KEY "plimsoll.memo"      /* registry: fn → {key → frozen fn(key)}, for one document */
#define REPORT_KEY "plimsoll.report"  /* registry: the report function */

#define DEFAULT_BUDGET 20000000ull    /* VM instructions per check run */
#define DEFAULT_MEMCAP (256u << 20)   /* bytes per check run */
#define DEFAULT_TIMEOUT_MS 10000u     /* wall-clock time per check run */

struct engine {
    lua_State *L;
    lua_guard g;
    checkset *set;
    report_ctx rc;
    int keep_docs;
    int verify_state;  /* PLIMSOLL_VERIFY_STATE set: built-in checks must leave no module state */
    int trusted;       /* only built-in checks, not verifying: documents are handed out as plain tables */
};

/* plimsoll.once(key, fn) → fn(key), computed once per document in this
 * worker. The engine owns the cache and empties it after every document.
 * Built-in checks share one cache; each custom check has its own, and gets
 * its results frozen, so no check can change what another one gets (built-in
 * checks get frozen results too under PLIMSOLL_VERIFY_STATE, which the test
 * suite sets: a built-in check writing to a shared result fails the suite). */
static int l_once(lua_State *L)
{
    engine *e = lua_touserdata(L, lua_upvalueindex(1));
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    int custom = e->rc.active && e->set->v[e->rc.check].custom;
    lua_getfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
    if (lua_rawgeti(L, -1, custom ? (lua_Integer)e->rc.check + 1 : 0) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, custom ? (lua_Integer)e->rc.check + 1 : 0);
    }
    lua_replace(L, 3);         /* 3: this partition: fn → {key → result} */
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 3) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, 2);
        lua_pushvalue(L, -2);
        lua_rawset(L, 3);
    }
    lua_pushvalue(L, 1);
    if (lua_rawget(L, 4) != LUA_TNIL) {
        if (lua_islightuserdata(L, -1) && lua_touserdata(L, -1) == (void *)l_once) lua_pushnil(L);
        return 1;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (custom || e->verify_state) {
        sandbox_push_envmt(L);
        lua_insert(L, -2);
        ro_freeze(L, -2);
        lua_remove(L, -2);
    }
    lua_pushvalue(L, 1);
    if (lua_isnil(L, -2)) lua_pushlightuserdata(L, (void *)l_once); /* nil, cached */
    else lua_pushvalue(L, -2);
    lua_rawset(L, 4);
    return 1;
}

static int init_protected(lua_State *L)
{
    static const luaL_Reg extra[] = {{"once", l_once}, {NULL, NULL}};
    char today[11];
    config_today(today);
    sandbox_init(L, today, extra, lua_touserdata(L, 1));
    engine *e = lua_touserdata(L, 1);
    lua_doc_init(L, !e->trusted);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DOCSLOT_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, MEMO_KEY);
    return 0;
}

engine *engine_new(const engine_opts *o, checkset *set, results *errs)
{
    engine *e = xcalloc(1, sizeof *e);
    e->set = set;
    e->keep_docs = 1;
    e->verify_state = getenv("PLIMSOLL_VERIFY_STATE") != NULL;
    e->trusted = !e->verify_state && o->n_dirs == 0;
    e->g.budget = o->budget ? o->budget : DEFAULT_BUDGET;
    e->g.mem_cap = o->mem_cap ? o->mem_cap : DEFAULT_MEMCAP;
    e->g.timeout_ns = (o->timeout_ms ? o->timeout_ms : DEFAULT_TIMEOUT_MS) * 1000000ull;
    e->rc.set = set;
    e->L = guard_newstate(&e->g);
    if (!e->L) {
        free(e);
        return NULL;
    }
    lua_pushcfunction(e->L, init_protected);
    lua_pushlightuserdata(e->L, e);
    if (lua_pcall(e->L, 1, 0, 0) != LUA_OK) {
        guard_close(&e->g);
        free(e);
        return NULL;
    }
    check_report_push(e->L, &e->rc);
    lua_setfield(e->L, LUA_REGISTRYINDEX, REPORT_KEY);
    check_load(e->L, &e->g, o->dirs, o->n_dirs, set, e->verify_state, !e->trusted, errs);
    lua_gc(e->L, LUA_GCCOLLECT);
    return e;
}

void engine_free(engine *e)
{
    if (!e) return;
    guard_close(&e->g);
    free(e);
}

/* ------------------------------------------------------------------ runs */

/* [-0, +1] The Lua table of document d, converted once and cached. */
static void push_doc(engine *e, const doc *d)
{
    lua_State *L = e->L;
    const void *key = tree_get(d->t, d->root); /* stable while the tree lives */
    lua_getfield(L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    if (lua_rawgetp(L, -1, key) == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    long slot = lua_doc_push(L, d->t, d->root);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, -3, key);
    lua_remove(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, DOCSLOT_KEY);
    lua_pushinteger(L, slot);
    lua_rawsetp(L, -2, key);
    lua_pop(L, 1);
}

static void forget_doc(engine *e, const doc *d)
{
    lua_State *L = e->L;
    const void *key = tree_get(d->t, d->root);
    lua_getfield(L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    lua_pushnil(L);
    lua_rawsetp(L, -2, key);
    lua_getfield(L, LUA_REGISTRYINDEX, DOCSLOT_KEY);
    if (lua_rawgetp(L, -1, key) == LUA_TNUMBER) lua_doc_release(L, (long)lua_tointeger(L, -1));
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_rawsetp(L, -2, key);
    lua_pop(L, 2);
}

static void forget_memo(engine *e)
{
    lua_newtable(e->L);
    lua_setfield(e->L, LUA_REGISTRYINDEX, MEMO_KEY);
}

static const char *doc_kind(const doc *d)
{
    return d->type == DOC_KUBERNETES ? tree_member_str(d->t, d->root, "kind") : NULL;
}

/* Call the handler (below its one argument on the stack) of check i with the
 * report function; on failure drop the run's findings and add an error at
 * the check's file and line. `what` names the input for messages. */
static void run_handler(engine *e, uint32_t i, const doc *d, const doc_refs *docs, const char *what, results *r)
{
    lua_State *L = e->L;
    const check *c = &e->set->v[i];
    char chunk[600];
    check_chunkname(e->set, i, chunk, sizeof chunk);
    lua_getfield(L, LUA_REGISTRYINDEX, REPORT_KEY);
    size_t before = r->n_f;
    check_report_begin(&e->rc, i, d, docs, r);
    call_error err;
    int failed = lua_call_guarded(L, &e->g, 2, 0, chunk, &err);
    size_t dropped = e->rc.dropped;
    check_report_end(&e->rc);
    int changed = check_restore(L, i);
    if (failed) {
        results_truncate(r, before);
        const char *nl = err.trace[0] ? "\n" : "";
        if (err.stop != GUARD_OK)
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s %s on %s%s%s", c->name, err.msg, what, nl,
                              err.trace);
        else
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s failed on %s: %s%s%s", c->name, what,
                              err.msg, nl, err.trace);
        return;
    }
    if (changed && e->verify_state && !c->custom)
        results_add_error(r, c->file, 0, 0, "check %s changed its module state (%d upvalues) while scanning %s",
                          c->name, changed, what);
    if (dropped)
        results_add_error(r, c->file, 0, 0,
                          "check %s reported more than %d findings on one document of %s; %zu more were dropped",
                          c->name, REPORT_MAX_PER_DOC, what, dropped);
}

void engine_run_doc(engine *e, const doc *d, const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    const char *kind = doc_kind(d);
    unsigned in = input_of_doc(d->type);
    int pushed = 0, keep = 0;
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || !check_applies(c, d, kind)) continue;
        keep |= (c->handlers_all & in) != 0;
        if (!(c->handlers & in)) continue;
        if (!pushed) {
            push_doc(e, d);
            pushed = lua_gettop(L);
        }
        check_push_handler(L, i, in, 0);
        lua_pushvalue(L, pushed);
        run_handler(e, i, d, NULL, d->src->path, r);
    }
    if (pushed) lua_settop(L, pushed - 1);
    if (pushed && !(keep && e->keep_docs)) forget_doc(e, d);
    forget_memo(e);
}

/* [-0, +1] A read-only list of the docs check i applies to (of the inputs
 * in `inputs`), and REPORT_DOCINDEX mapping each to its index. */
static void push_docs(engine *e, uint32_t i, unsigned inputs, const doc_refs *docs)
{
    lua_State *L = e->L;
    const check *c = &e->set->v[i];
    lua_newtable(L);
    lua_newtable(L);
    lua_Integer n = 0;
    for (size_t j = 0; j < docs->n; j++) {
        const doc *d = docs->v[j];
        if (!(input_of_doc(d->type) & inputs) || !check_applies(c, d, doc_kind(d))) continue;
        push_doc(e, d);
        lua_pushvalue(L, -1);
        lua_pushinteger(L, (lua_Integer)j);
        lua_rawset(L, -5);
        lua_rawseti(L, -2, ++n);
    }
    ro_wrap(L, 1);
    lua_insert(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, REPORT_DOCINDEX);
}

void engine_run_cross(engine *e, const doc_refs *docs, const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    char what[64];
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || !c->handlers_all) continue;
        for (int s = 0; s < N_INPUTS; s++) {
            unsigned in = input_bit(s);
            if (!(c->handlers_all & in)) continue;
            check_push_handler(L, i, in, 1);
            push_docs(e, i, in, docs);
            snprintf(what, sizeof what, "the %s documents", input_name(in));
            run_handler(e, i, NULL, docs, what, r);
            lua_pushnil(L);
            lua_setfield(L, LUA_REGISTRYINDEX, REPORT_DOCINDEX);
            forget_memo(e);
        }
    }
}

void engine_keep_docs(engine *e, int keep) { e->keep_docs = keep; }

void engine_forget_docs(engine *e)
{
    lua_State *L = e->L;
    lua_getfield(L, LUA_REGISTRYINDEX, DOCSLOT_KEY);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_doc_release(L, (long)lua_tointeger(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, DOCSLOT_KEY);
    lua_newtable(e->L);
    lua_setfield(e->L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    forget_memo(e);
    lua_gc(e->L, LUA_GCCOLLECT);
}
