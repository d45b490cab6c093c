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
#include "util.h"
#include "config.h"
#include "facts.h"
#include "lua_call.h"
#include "lua_doc.h"
#include "lua_ro.h"
#include "lua_verify.h"
#include "sandbox.h"

#define VERIFY_MAX_DOCS 1000u /* documents verified per worker under PLIMSOLL_VERIFY_STATE */
#define DOCCACHE_KEY "plimsoll.docs"  /* registry: a document's root node (light userdata) → its table */
#define DOCSLOT_KEY "plimsoll.docslots" /* registry: the same key → its lua_doc slot */
#define MEMO_KEY "plimsoll.memo"      /* registry: fn → {key → frozen fn(key)}, for one document */
#define REPORT_KEY "plimsoll.report"  /* registry: the report function */
#define PLACE_KEY "plimsoll.place"    /* registry: the place function of facts runs */
#define FACTS_CALL_KEY "plimsoll.factscall" /* registry: runs a facts handler and keeps what it returns */
#define VERIFY_ROOTS_KEY "plimsoll.verifyroots" /* registry: what built-in checks share (verification only) */
#define VERIFY_SNAP_KEY "plimsoll.verifysnap"   /* registry: its copy as loaded */
#define VERIFY_MEMO_KEY "plimsoll.verifymemo"   /* registry: {result, its copy} of plimsoll.once for one document */

#define DEFAULT_BUDGET 20000000ull    /* VM instructions per check run */
#define DEFAULT_MEMCAP (256u << 20)   /* bytes per check run */
#define DEFAULT_TIMEOUT_MS 10000u     /* wall-clock time per check run */
/* Built-in checks are trusted code whose work grows with the input: their
 * limits are the configured ones per slice of input (bytes of the files of
 * the documents they read), so they finish on anything the loaders accept:
 * the budget per 10 KiB, the time per 256 KiB, the memory per MiB (defaults:
 * 2000 instructions, 40 µs and 256 bytes per byte). Custom checks keep the
 * configured limits. docs/limits.md lists them. */
#define BUILTIN_BUDGET_SLICE (10u << 10)
#define BUILTIN_TIMEOUT_SLICE (256u << 10)
#define BUILTIN_MEM_SLICE (1u << 20)
/* A run over facts reads no document: each fact counts as this much input
 * (a workload's facts are a few hundred bytes), so the limits of a
 * cross-document run grow with the number of documents like the others'. */
#define FACT_INPUT_BYTES 256u
/* Facts and documents of the cross phase from which it collects garbage
 * between runs (engine_run_cross) */
#define CROSS_COLLECT_FROM 4096u

struct engine {
    lua_State *L;
    lua_guard g;
    checkset *set;
    report_ctx rc;
    int keep_docs;
    int context_only;   /* engine_set_context: run only facts handlers (a context file's documents) */
    int verify_state;  /* PLIMSOLL_VERIFY_STATE set: built-in checks must leave no module state */
    unsigned verified; /* documents verified so far (at most VERIFY_MAX_DOCS) */
    int trusted;       /* only built-in checks, not verifying: documents are handed out as plain tables */
    facts_store *facts; /* where facts runs keep what they return (engine_set_facts), or NULL */
    size_t file;       /* discovery index of the file being scanned */
    size_t fact;       /* the fact a facts run is making */
    int in_facts;      /* a facts run is on: place() may be called */
    unsigned char *loaded; /* a lazy set (checkset_lazy): loaded[i] once check i is in this state, else NULL */
    uint64_t libs_loaded; /* the built-in libraries in this state (a lazy set; check_load_some) */
    engine_cross_sink sink; /* engine_set_cross_sink (hold NULL: none) */
    facts_reader rd;   /* the cross phase's reads of spilled facts */
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
    if (custom || (e->verify_state && !e->trusted)) {
        sandbox_push_envmt(L);
        lua_insert(L, -2);
        ro_freeze(L, -2);
        lua_remove(L, -2);
    } else if (e->verify_state) { /* the unfrozen path: compared with its copy after the document */
        verify_force(L, -1); /* the document tables in it made in full first: laziness is no change */
        lua_getfield(L, LUA_REGISTRYINDEX, VERIFY_MEMO_KEY);
        lua_createtable(L, 2, 0);
        lua_pushvalue(L, -3);
        lua_rawseti(L, -2, 1);
        verify_copy(L, -3);
        lua_rawseti(L, -2, 2);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, 1);
    if (lua_isnil(L, -2)) lua_pushlightuserdata(L, (void *)l_once); /* nil, cached */
    else lua_pushvalue(L, -2);
    lua_rawset(L, 4);
    return 1;
}

/* place(path[, offset]) → path: a position the cross-document handler may
 * report at, for the document of the facts run (facts.h). */
static int l_place(lua_State *L)
{
    engine *e = lua_touserdata(L, lua_upvalueindex(1));
    if (!e->in_facts) return luaL_error(L, "place: called outside a check.<input>_facts run");
    size_t n;
    const char *path = luaL_checklstring(L, 1, &n);
    if (n > 1024) return luaL_error(L, "place: path is longer than %d bytes", 1024);
    long off = -1;
    if (!lua_isnoneornil(L, 2)) {
        if (!lua_isinteger(L, 2) || lua_tointeger(L, 2) < 0)
            return luaL_error(L, "place: offset must be a non-negative integer");
        off = (long)lua_tointeger(L, 2);
    }
    if (facts_place(e->facts, e->fact, e->set, path, off))
        return luaL_error(L, "place: more than %d places on one document", FACTS_MAX_PLACES);
    lua_settop(L, 1);
    return 1;
}

/* (handler, doc, place) → nothing: runs the handler and keeps the table it
 * returns as the fact (nil: the document has none). */
static int l_facts_call(lua_State *L)
{
    engine *e = lua_touserdata(L, lua_upvalueindex(1));
    lua_call(L, 2, 1);
    int t = lua_type(L, -1);
    if (t != LUA_TNIL && !(t == LUA_TTABLE))
        return luaL_error(L, "check.<input>_facts must return a table or nil (got a %s)", luaL_typename(L, -1));
    if (t == LUA_TNIL) e->in_facts = 2; /* nothing to keep */
    else facts_set(L, e->facts, e->fact, -1);
    return 0;
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

/* Under verification, what built-in checks share as loaded (lua_verify.h):
 * taken again whenever more checks are loaded into the state. */
static void snapshot_shared(engine *e)
{
    if (!(e->verify_state && e->trusted)) return;
    lua_createtable(e->L, 0, 3);
    sandbox_push_base(e->L);
    lua_setfield(e->L, -2, "base");
    lua_getfield(e->L, LUA_REGISTRYINDEX, "plimsoll.restore");
    lua_setfield(e->L, -2, "checks");
    lua_getfield(e->L, LUA_REGISTRYINDEX, "plimsoll.libstate");
    lua_setfield(e->L, -2, "libraries");
    verify_snapshot(e->L, -1, VERIFY_SNAP_KEY);
    lua_setfield(e->L, LUA_REGISTRYINDEX, VERIFY_ROOTS_KEY);
    lua_newtable(e->L);
    lua_setfield(e->L, LUA_REGISTRYINDEX, VERIFY_MEMO_KEY);
}

/* Loading (module chunks, libraries) runs under at least the default
 * limits: a small --check-budget or --check-timeout is for the runs on
 * documents and must not leave a library half loaded. saved: the run limits. */
static void limits_for_loading(engine *e, uint64_t saved[2])
{
    saved[0] = e->g.budget;
    saved[1] = e->g.timeout_ns;
    if (e->g.budget < DEFAULT_BUDGET) e->g.budget = DEFAULT_BUDGET;
    if (e->g.timeout_ns < DEFAULT_TIMEOUT_MS * 1000000ull) e->g.timeout_ns = DEFAULT_TIMEOUT_MS * 1000000ull;
}

static void limits_for_runs(engine *e, const uint64_t saved[2])
{
    e->g.budget = saved[0];
    e->g.timeout_ns = saved[1];
}

engine *engine_new(const engine_opts *o, checkset *set, results *errs)
{
    engine *e = xcalloc(1, sizeof *e);
    e->set = set;
    e->keep_docs = 1;
    e->verify_state = getenv("PLIMSOLL_VERIFY_STATE") != NULL;
    e->trusted = o->n_dirs == 0; /* also under verification: it is the unfrozen path that is verified */
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
    lua_pushlightuserdata(e->L, e);
    lua_pushcclosure(e->L, l_place, 1);
    lua_setfield(e->L, LUA_REGISTRYINDEX, PLACE_KEY);
    lua_pushlightuserdata(e->L, e);
    lua_pushcclosure(e->L, l_facts_call, 1);
    lua_setfield(e->L, LUA_REGISTRYINDEX, FACTS_CALL_KEY);
    uint64_t saved[2];
    limits_for_loading(e, saved);
    check_load(e->L, &e->g, o->dirs, o->n_dirs, set, e->verify_state, !e->trusted, !o->full_load, errs);
    limits_for_runs(e, saved);
    if (checkset_lazy(set)) {
        e->loaded = xcalloc(set->n + 1, 1);
        return e;
    }
    snapshot_shared(e);
    lua_gc(e->L, LUA_GCCOLLECT);
    return e;
}

/* A lazy set (checkset_lazy): load into e the checks i with want[i] (n of
 * them) not loaded yet, after the libraries they can reach not loaded yet. */
static void load_wanted(engine *e, unsigned char *want, size_t n, results *r)
{
    if (!n) return;
    int top = lua_gettop(e->L);
    uint64_t saved[2];
    limits_for_loading(e, saved);
    check_load_some(e->L, &e->g, e->set, &e->libs_loaded, want, e->verify_state, !e->trusted, r);
    limits_for_runs(e, saved);
    for (size_t i = 0; i < e->set->n; i++) e->loaded[i] |= want[i];
    lua_settop(e->L, top);
    snapshot_shared(e);
}

size_t engine_loaded(const engine *e)
{
    if (!e->loaded) return e->set->n;
    size_t n = 0;
    for (size_t i = 0; i < e->set->n; i++) n += e->loaded[i];
    return n;
}

uint64_t engine_libs(const engine *e) { return e->libs_loaded; }

void engine_free(engine *e)
{
    if (!e) return;
    guard_close(&e->g);
    facts_reader_free(&e->rd);
    facts_store_free(&e->rc.loaded);
    facts_reader_free(&e->rc.rd);
    free(e->loaded);
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
 * the check's file and line. `what` names the input for messages. A run over
 * facts (refs) reports at their places. */
static void run_any_handler(engine *e, uint32_t i, const doc *d, const doc_refs *docs, const fact_ref *refs,
                            size_t n_refs, const char *what, results *r)
{
    lua_State *L = e->L;
    const check *c = &e->set->v[i];
    char chunk[600];
    check_chunkname(e->set, i, chunk, sizeof chunk);
    lua_getfield(L, LUA_REGISTRYINDEX, REPORT_KEY);
    size_t before = r->n_f;
    if (refs) check_report_begin_facts(&e->rc, i, refs, n_refs, r);
    else check_report_begin(&e->rc, i, d, docs, r);
    int held = !d && e->sink.hold; /* a cross-document run: its findings go to the sink as they come */
    size_t mark = held ? e->sink.mark(e->sink.ctx) : 0;
    if (held) {
        e->rc.flush = e->sink.hold;
        e->rc.flush_ctx = e->sink.ctx;
        e->rc.flush_from = before;
    }
    call_error err;
    uint64_t budget = e->g.budget, timeout = e->g.timeout_ns;
    size_t mem_cap = e->g.mem_cap;
    if (!c->custom) {
        uint64_t bytes = 0;
        const source *last = NULL;
        if (d) bytes = d->src->len;
        for (size_t j = 0; !d && docs && j < docs->n; j++)
            if (docs->v[j]->src != last) bytes += (last = docs->v[j]->src)->len;
        if (refs) bytes += (uint64_t)n_refs * FACT_INPUT_BYTES;
        uint64_t k = 1 + bytes / BUILTIN_BUDGET_SLICE, kt = 1 + bytes / BUILTIN_TIMEOUT_SLICE,
                 km = 1 + bytes / BUILTIN_MEM_SLICE;
        if (k > 1 && budget <= UINT64_MAX / k) e->g.budget = budget * k;
        if (kt > 1 && timeout <= UINT64_MAX / kt) e->g.timeout_ns = timeout * kt;
        if (km > 1 && mem_cap <= SIZE_MAX / 2 / km) e->g.mem_cap = (size_t)(mem_cap * km);
    }
    int failed = lua_call_guarded(L, &e->g, 2, 0, chunk, &err);
    e->g.budget = budget;
    e->g.timeout_ns = timeout;
    e->g.mem_cap = mem_cap;
    size_t dropped = e->rc.dropped;
    check_report_end(&e->rc);
    int changed = check_restore(L, i);
    if (failed) {
        results_truncate(r, before);
        if (held) e->sink.rewind(e->sink.ctx, mark);
        const char *nl = err.trace[0] ? "\n" : "";
        /* the file's name and the error (which may quote the document) on
         * one line: only the traceback below them has line breaks */
        char *pw = str_printable(what), *pm = str_printable(err.msg);
        /* A built-in check is located at the node it was examining (the
         * instruction of a Dockerfile), when known: that is what the user
         * can act on; a custom check at its own line. */
        uint32_t nl_line = 0, nl_col = 0;
        if (!c->custom && d && err.node_path[0])
            tree_locate(d->t, d->root, err.node_path, err.node_offset, &nl_line, &nl_col);
        else if (!c->custom && d && err.node_line > 0 && (uint64_t)err.node_line <= d->src->n_lines)
            nl_line = (uint32_t)err.node_line, nl_col = 1;
        if (nl_line) {
            char at[32] = "";
            if (err.line > 0) snprintf(at, sizeof at, ":%d", err.line);
            results_add_error(r, d->src->path, nl_line, nl_col ? nl_col : 1, "check %s %s%s (%s%s)%s%s", c->name,
                              err.stop != GUARD_OK ? "" : "failed: ", pm, c->file, at, nl, err.trace);
        } else if (err.stop != GUARD_OK)
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s %s on %s%s%s", c->name, pm, pw, nl,
                              err.trace);
        else
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s failed on %s: %s%s%s", c->name, pw,
                              pm, nl, err.trace);
        free(pw);
        free(pm);
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

static void run_handler(engine *e, uint32_t i, const doc *d, const doc_refs *docs, const char *what, results *r)
{
    run_any_handler(e, i, d, docs, NULL, 0, what, r);
}

static void run_facts_handler(engine *e, uint32_t i, const fact_ref *refs, size_t n, const char *what, results *r)
{
    static const fact_ref none[1];
    run_any_handler(e, i, NULL, NULL, refs ? refs : none, n, what, r);
}

/* The facts run of check i on d (its table at stack index docidx): the
 * handler check.<input>_facts(doc, place) under the guard; what it returns
 * is kept in e->facts, or nothing when it fails (an error, as for handlers). */
static void run_facts(engine *e, uint32_t i, const doc *d, unsigned in, int docidx, results *r)
{
    lua_State *L = e->L;
    const check *c = &e->set->v[i];
    char chunk[600];
    check_chunkname(e->set, i, chunk, sizeof chunk);
    e->fact = facts_begin(e->facts, i, in, e->file, d);
    e->in_facts = 1;
    lua_getfield(L, LUA_REGISTRYINDEX, FACTS_CALL_KEY);
    check_push_handler(L, i, in, HANDLER_FACTS);
    lua_pushvalue(L, docidx);
    lua_getfield(L, LUA_REGISTRYINDEX, PLACE_KEY);
    call_error err;
    int failed = lua_call_guarded(L, &e->g, 3, 0, chunk, &err);
    int none = e->in_facts == 2;
    e->in_facts = 0;
    int changed = check_restore(L, i);
    if (failed || none) facts_drop(e->facts, e->fact);
    if (failed) {
        const char *nl = err.trace[0] ? "\n" : "";
        if (err.stop != GUARD_OK)
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s %s on %s%s%s", c->name, err.msg,
                              d->src->path, nl, err.trace);
        else
            results_add_error(r, c->file, (uint32_t)err.line, 0, "check %s failed on %s: %s%s%s", c->name,
                              d->src->path, err.msg, nl, err.trace);
        return;
    }
    if (changed && e->verify_state && !c->custom)
        results_add_error(r, c->file, 0, 0, "check %s changed its module state (%d upvalues) while scanning %s",
                          c->name, changed, d->src->path);
}

/* Verification of the unfrozen path (PLIMSOLL_VERIFY_STATE with built-in
 * checks alone, lua_verify.h): after the checks of d (its table at index
 * docidx, or 0), its table made in full must equal a fresh conversion of
 * its tree, and what the checks share must equal its copy as loaded. */
static void verify_unfrozen(engine *e, const doc *d, int docidx, results *r)
{
    lua_State *L = e->L;
    char where[600];
    const char *path = d ? d->src->path : "the cross-document phase";
    if (docidx && lua_type(L, docidx) == LUA_TTABLE) {
        verify_force(L, docidx);
        long slot = lua_doc_push(L, d->t, d->root);
        verify_force(L, -1);
        if (verify_equal(L, docidx, -1, where, sizeof where))
            results_add_error(r, path, 0, 0, "a built-in check changed the document it was given (%s) while scanning it",
                              where);
        lua_pop(L, 1);
        lua_doc_release(L, slot);
    }
    lua_getfield(L, LUA_REGISTRYINDEX, VERIFY_MEMO_KEY);
    int memo = lua_gettop(L);
    for (lua_Integer k = 1; lua_rawgeti(L, memo, k) == LUA_TTABLE; k++) {
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        if (verify_same(L, -2, lua_gettop(L), where, sizeof where))
            results_add_error(r, path, 0, 0, "a built-in check changed a result of plimsoll.once (%s) while scanning it",
                              where);
        lua_pop(L, 3);
    }
    lua_pop(L, 2);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, VERIFY_MEMO_KEY);
    lua_getfield(L, LUA_REGISTRYINDEX, VERIFY_ROOTS_KEY);
    if (verify_against(L, -1, VERIFY_SNAP_KEY, where, sizeof where))
        results_add_error(r, path, 0, 0, "a built-in check changed what checks share (%s) while scanning it", where);
    lua_pop(L, 1);
}

int engine_run_doc(engine *e, const doc *d, size_t file, const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    const char *kind = doc_kind(d);
    unsigned in = input_of_doc(d->type);
    int pushed = 0, keep = 0;
    e->file = file;
    if (e->loaded) { /* a lazy set: load the checks this document runs first */
        unsigned char *want = xcalloc(e->set->n + 1, 1);
        size_t n = 0;
        for (uint32_t i = 0; i < e->set->n; i++) {
            const check *c = &e->set->v[i];
            if (e->loaded[i] || !enabled[i] || !check_applies(c, d, kind)) continue;
            if (((c->handlers & in) && !e->context_only) || (e->facts && (c->handlers_facts & in))) {
                want[i] = 1;
                n++;
            }
        }
        load_wanted(e, want, n, r);
        free(want);
    }
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || !check_applies(c, d, kind)) continue;
        int facts = e->facts && (c->handlers_facts & in);
        keep |= (c->handlers_all & in) && !facts;
        int own = (c->handlers & in) && !e->context_only; /* a context document is never checked itself */
        if (!own && !facts) continue;
        if (!pushed) {
            push_doc(e, d);
            pushed = lua_gettop(L);
        }
        if (own) {
            check_push_handler(L, i, in, HANDLER_DOC);
            lua_pushvalue(L, pushed);
            run_handler(e, i, d, NULL, d->src->path, r);
        }
        if (facts) run_facts(e, i, d, in, pushed, r);
    }
    if (pushed && e->verify_state && e->trusted) {
        verify_unfrozen(e, d, pushed, r);
        /* the first VERIFY_MAX_DOCS documents of a worker are verified: a
         * write shows on any of them, and a 20,000-document input stays
         * linear (each verification compares every library) */
        if (++e->verified >= VERIFY_MAX_DOCS) e->verify_state = 0;
    }
    if (pushed) lua_settop(L, pushed - 1);
    if (pushed && !(keep && e->keep_docs)) forget_doc(e, d);
    forget_memo(e);
    return keep;
}

void engine_set_facts(engine *e, facts_store *s) { e->facts = s; }

void engine_set_context(engine *e, int on) { e->context_only = on; }

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

/* [-0, +1, e] The list of the facts tables refs[0..n) (read-only unless
 * trusted), and REPORT_DOCINDEX mapping each table to its index. */
static int push_facts_protected(lua_State *L)
{
    engine *e = lua_touserdata(L, 1);
    const fact_ref *refs = lua_touserdata(L, 2);
    size_t n = (size_t)lua_tointeger(L, 3);
    lua_settop(L, 0);
    lua_newtable(L); /* index */
    lua_createtable(L, (int)n, 0);
    if (!e->trusted) sandbox_push_envmt(L);
    for (size_t k = 0; k < n; k++) {
        facts_push(L, &refs[k], &e->rd);
        if (!e->trusted) {
            ro_freeze(L, 3);
        }
        lua_pushvalue(L, -1);
        lua_pushinteger(L, (lua_Integer)k);
        lua_rawset(L, 1);
        lua_rawseti(L, 2, (lua_Integer)k + 1);
    }
    lua_settop(L, 2);
    ro_wrap(L, 1);
    lua_insert(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, REPORT_DOCINDEX);
    return 1;
}

/* Would the cross-document handler of check i for input `in` see nothing:
 * no fact (a facts handler), or no document that push_docs would hand it? */
static int cross_empty(engine *e, uint32_t i, unsigned in, const doc_refs *docs, facts_store *const *stores,
                       size_t n_stores)
{
    const check *c = &e->set->v[i];
    if (c->handlers_facts & in) { /* as facts_gather selects them */
        for (size_t k = 0; k < n_stores; k++)
            for (size_t j = 0; stores[k] && j < stores[k]->n_ix; j++)
                if (stores[k]->ix[j].check == i && stores[k]->ix[j].input == in) return 0;
        return 1;
    }
    for (size_t j = 0; j < docs->n; j++) {
        const doc *d = docs->v[j];
        if ((input_of_doc(d->type) & in) && check_applies(c, d, doc_kind(d))) return 0;
    }
    return 1;
}

void engine_run_cross(engine *e, const doc_refs *docs, facts_store *const *stores, size_t n_stores,
                      const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    char what[64];
    /* skip[i]: the inputs whose handler of check i is not run: a lazy set's
     * handler that would see nothing and that the index found silent then */
    unsigned *skip = xcalloc(e->set->n + 1, sizeof *skip);
    if (e->loaded) { /* a lazy set: load the cross-document checks this runs first */
        unsigned char *want = xcalloc(e->set->n + 1, 1);
        size_t n = 0;
        for (uint32_t i = 0; i < e->set->n; i++) {
            const check *c = &e->set->v[i];
            if (!enabled[i] || !c->handlers_all) continue;
            if (checkset_quiet_empty(e->set, i))
                for (int s = 0; s < N_INPUTS; s++)
                    if ((c->handlers_all & input_bit(s)) && cross_empty(e, i, input_bit(s), docs, stores, n_stores))
                        skip[i] |= input_bit(s);
            if (!e->loaded[i] && (c->handlers_all & ~skip[i])) n += want[i] = 1;
        }
        load_wanted(e, want, n, r);
        free(want);
    }
    /* A run over facts holds every fact as a table, long-lived, and makes
     * short-lived strings: generational collection keeps the heap near what
     * is live without tracing those tables again and again, and a full
     * collection before each run drops the previous run's tables. Both are
     * for big scans: on a few documents (a pre-commit run) the collections
     * were a tenth of the process's work and the heap is small anyway. */
    size_t n_facts = docs->n;
    for (size_t k = 0; k < n_stores; k++) n_facts += stores[k] ? stores[k]->n_ix : 0;
    int big = n_facts >= CROSS_COLLECT_FROM;
    int mode = big ? lua_gc(L, LUA_GCGEN, 0, 0) : LUA_GCGEN;
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || !c->handlers_all) continue;
        for (int s = 0; s < N_INPUTS; s++) {
            unsigned in = input_bit(s);
            if (!(c->handlers_all & in) || (skip[i] & in)) continue;
            snprintf(what, sizeof what, "the %s documents", input_name(in));
            size_t before = r->n_f;
            if (big) lua_gc(L, LUA_GCCOLLECT); /* the previous run's tables: gone before this run's are made */
            check_push_handler(L, i, in, HANDLER_ALL);
            if (c->handlers_facts & in) {
                size_t n;
                fact_ref *refs = facts_gather(stores, n_stores, i, in, &n);
                lua_pushcfunction(L, push_facts_protected);
                lua_pushlightuserdata(L, e);
                lua_pushlightuserdata(L, refs);
                lua_pushinteger(L, (lua_Integer)n);
                if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
                    results_add_error(r, c->file, 0, 0, "check %s failed on %s: %s", c->name, what,
                                      lua_tostring(L, -1));
                    lua_pop(L, 2);
                } else {
                    run_facts_handler(e, i, refs, n, what, r);
                }
                free(refs);
                facts_reader_free(&e->rd);
            } else {
                push_docs(e, i, in, docs);
                run_handler(e, i, NULL, docs, what, r);
            }
            lua_pushnil(L);
            lua_setfield(L, LUA_REGISTRYINDEX, REPORT_DOCINDEX);
            forget_memo(e);
            if (e->verify_state && e->trusted) verify_unfrozen(e, NULL, 0, r);
            if (e->sink.hold && r->n_f > before) e->sink.hold(e->sink.ctx, r, before);
        }
    }
    free(skip);
    if (mode == LUA_GCINC) lua_gc(L, LUA_GCINC, 0, 0, 0);
}

void engine_set_cross_sink(engine *e, const engine_cross_sink *s)
{
    if (s) e->sink = *s;
    else memset(&e->sink, 0, sizeof e->sink);
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
    /* no full collection here: the state is closed right after a scan, or
     * (several scans: test_checks.c) its incremental collector frees these */
}
