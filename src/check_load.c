/* check_load.c — check files: read once, compiled once, loaded into every
 * worker (see check_load.h). What a worker keeps in its registry:
 *   REG_HANDLERS [slot(i, input, all)]  the handlers of check i
 *   REG_RESTORE  [i+1]        its module state: {fn, upvalue index, value}…
 *   REG_LIBSTATE              the libraries' module state, likewise
 * Nothing here prints; every problem becomes an error naming the file. */
#include "check_load.h"

#include <dirent.h>
#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_index.h"
#include "check_meta.h"
#include "embedded.h"
#include "lua_call.h"
#include "lua_ro.h"
#include "sandbox.h"

#define REG_HANDLERS "plimsoll.handlers"
#define REG_RESTORE "plimsoll.restore"
#define REG_LIBSTATE "plimsoll.libstate"
#define LOAD_KEEP_MAX (16u << 20)   /* bytes a check may keep after loading */
static const char NIL_UPVALUE = 0; /* stands for a nil upvalue in a state list */

/* form: 0 per document, 1 cross-document, 2 facts for it */
static lua_Integer slot(uint32_t i, int input, int form)
{
    return (lua_Integer)i * 64 + (form == 1 ? 32 : form == 2 ? 16 : 0) + input;
}

typedef struct chunk {
    char *path;
    char *lib;       /* library name, or NULL for a check */
    const char *code; /* source text, or bytecode (compiled once, or built in) */
    size_t len;
    int bytecode;    /* code is bytecode: only ever ours (built in, or dumped here) */
    int owned;       /* code is malloc'd (else it is the binary's embedded data) */
    const char *text; /* built in: the source text, compiled when the bytecode does not load */
    size_t text_len;
    int custom;      /* from a --checks directory */
} chunk;

typedef struct chunk_list {
    chunk *v;
    size_t n, cap;
} chunk_list;

struct check_code {
    chunk_list libs;
    chunk_list checks;   /* parallel to checkset.v */
    int lazy;            /* set from the build-time index: a state loads what it needs (check_load_some) */
    uint64_t *needs;     /* lazy: per check, the libraries it can reach (bit i: libs.v[i]; check_index.h) */
    unsigned char *quiet; /* lazy: per check, check_index_quiet_empty */
    int borrowed;        /* the checkset's strings and lists are check_index's own (const): not freed,
                          * but for controls, which framework_attach replaces: always the set's own */
};

static void chunk_list_free(chunk_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].path);
        free(l->v[i].lib);
        if (l->v[i].owned) free((char *)l->v[i].code);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Add a chunk with a copy of code (text, or bytecode when bytecode is set). */
static chunk *add_chunk(chunk_list *l, const char *path, const char *lib, const char *code, size_t len, int bytecode,
                        int custom)
{
    GROW(l->v, l->cap, l->n + 1);
    chunk *c = &l->v[l->n++];
    memset(c, 0, sizeof *c);
    c->path = xstrdup(path);
    c->lib = lib ? xstrdup(lib) : NULL;
    char *copy = xmalloc(len + 1);
    memcpy(copy, code, len);
    copy[len] = 0;
    c->code = copy;
    c->len = len;
    c->bytecode = bytecode;
    c->owned = 1;
    c->custom = custom;
    return c;
}

/* The chunk workers load after `c` ran in the first engine: its bytecode,
 * dumped into `dump` when it was compiled from text, else c's own. */
static void add_compiled(chunk_list *l, const chunk *c, const buf *dump)
{
    if (dump->len) {
        add_chunk(l, c->path, c->lib, dump->s, dump->len, 1, c->custom);
        return;
    }
    GROW(l->v, l->cap, l->n + 1);
    chunk *k = &l->v[l->n++];
    *k = *c;
    k->path = xstrdup(c->path);
    k->lib = c->lib ? xstrdup(c->lib) : NULL;
    k->owned = 0;
}

void checkset_free(checkset *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!s->code || !s->code->borrowed) {
            check_free_fields(&s->v[i]);
            continue;
        }
        for (size_t k = 0; k < s->v[i].n_controls; k++) {
            free(s->v[i].controls[k].framework);
            free(s->v[i].controls[k].id);
            free(s->v[i].controls[k].version);
        }
        free(s->v[i].controls);
    }
    free(s->v);
    if (s->code) {
        chunk_list_free(&s->code->libs);
        chunk_list_free(&s->code->checks);
        free(s->code->needs);
        free(s->code->quiet);
        free(s->code);
    }
    memset(s, 0, sizeof *s);
}

long checkset_find(const checkset *s, const char *idname)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, idname) == 0 || strcmp(s->v[i].name, idname) == 0) return (long)i;
    return -1;
}

struct check_key {
    const char *key;
    long at;
};

static int cmp_key(const void *a, const void *b)
{
    const struct check_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

void check_finder_make(check_finder *f, const checkset *s)
{
    f->n = 2 * s->n;
    f->v = xmalloc((f->n + 1) * sizeof *f->v);
    for (size_t i = 0; i < s->n; i++) {
        f->v[2 * i] = (struct check_key){s->v[i].id, (long)i};
        f->v[2 * i + 1] = (struct check_key){s->v[i].name, (long)i};
    }
    if (f->n) qsort(f->v, f->n, sizeof *f->v, cmp_key);
}

long check_finder_find(const check_finder *f, const char *idname)
{
    size_t lo = 0, hi = f->n; /* the first key >= idname */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(f->v[mid].key, idname) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < f->n && strcmp(f->v[lo].key, idname) == 0 ? f->v[lo].at : -1;
}

void check_finder_free(check_finder *f)
{
    free(f->v);
    memset(f, 0, sizeof *f);
}

const char *check_chunkname(const checkset *set, uint32_t i, char *out, size_t n)
{
    snprintf(out, n, "@%s", set->v[i].file);
    return out;
}

/* ------------------------------------------------------------- reading */

/* "lib/k8s.lua" → "k8s" when rel is a library path, else NULL. */
static char *lib_name(const char *rel)
{
    if (strncmp(rel, "lib/", 4) != 0) return NULL;
    const char *b = rel + 4;
    size_t l = strlen(b);
    if (strchr(b, '/') || l <= 4) return NULL;
    return xstrndup(b, l - 4);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every *.lua below dir/rel, sorted by path (a deterministic load order). */
static void read_dir(const char *dir, const char *rel, chunk_list *libs, chunk_list *checks, results *errs)
{
    buf here = {0};
    buf_printf(&here, "%s%s%s", dir, *rel ? "/" : "", rel);
    DIR *d = opendir(here.s);
    if (!d) {
        results_add_error(errs, here.s, 0, 0, "cannot read check directory: %s", strerror(errno));
        buf_free(&here);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        GROW(names, cap, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        buf sub = {0}, full = {0};
        buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", names[i]);
        buf_printf(&full, "%s/%s", dir, sub.s);
        struct stat st;
        size_t nl = strlen(names[i]);
        if (stat(full.s, &st) == 0 && S_ISDIR(st.st_mode)) {
            read_dir(dir, sub.s, libs, checks, errs);
        } else if (nl > 4 && strcmp(names[i] + nl - 4, ".lua") == 0) {
            char *text;
            size_t len;
            char *lib = lib_name(sub.s);
            if (read_file(full.s, &text, &len) == 0) {
                add_chunk(lib ? libs : checks, full.s, lib, text, len, 0, 1);
                free(text);
            } else {
                results_add_error(errs, full.s, 0, 0, "cannot read check: %s", strerror(errno));
            }
            free(lib);
        }
        buf_free(&sub);
        buf_free(&full);
        free(names[i]);
    }
    free(names);
    buf_free(&here);
}

static void read_sources(const char *const *dirs, size_t n_dirs, chunk_list *libs, chunk_list *checks, results *errs)
{
    for (unsigned i = 0; i < embedded_checks_count; i++) {
        const embedded_file *f = &embedded_checks[i];
        const char *rel = strncmp(f->path, "checks/", 7) == 0 ? f->path + 7 : f->path;
        char *lib = lib_name(rel);
        chunk_list *l = lib ? libs : checks;
        GROW(l->v, l->cap, l->n + 1);
        chunk *c = &l->v[l->n++];
        *c = (chunk){.path = xstrdup(f->path), .lib = lib, .code = f->code ? f->code : f->text,
                     .len = f->code ? f->code_len : f->len, .bytecode = f->code != NULL, .text = f->text,
                     .text_len = f->len};
    }
    for (size_t i = 0; i < n_dirs; i++) read_dir(dirs[i], "", libs, checks, errs);
}

/* ------------------------------------------------------------- loading */

static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
    (void)L;
    buf_add(ud, p, sz);
    return 0;
}

/* The line in a load error "path:12: message", or 0. */
static uint32_t message_line(const char *msg, const char *path)
{
    size_t n = strlen(path);
    if (strncmp(msg, path, n) != 0 || msg[n] != ':') return 0;
    return (uint32_t)strtoul(msg + n + 1, NULL, 10);
}

/* [-0, +1|+0] Load chunk c (bytecode only when c says so: built in, or
 * compiled by this process; a built-in chunk whose bytecode does not load is
 * compiled from its text) and run it in a fresh environment under the guard.
 * When dump is given and the chunk was compiled from text, its bytecode goes
 * into dump. Leaves the chunk's result on the stack, or reports and pushes
 * nothing. */
static int run_chunk(lua_State *L, lua_guard *g, const chunk *c, buf *dump, const char *what, results *errs)
{
    char name[600];
    snprintf(name, sizeof name, "@%s", c->path);
    int compiled = !c->bytecode;
    int rc = luaL_loadbufferx(L, c->code, c->len, name, c->bytecode ? "b" : "t");
    if (rc != LUA_OK && c->bytecode && c->text) { /* built for another Lua: compile the text */
        lua_pop(L, 1);
        rc = luaL_loadbufferx(L, c->text, c->text_len, name, "t");
        compiled = 1;
    }
    if (rc != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        results_add_error(errs, c->path, message_line(m, c->path), 0, "%s failed to load: %s", what, m);
        lua_pop(L, 1);
        return -1;
    }
    if (dump && compiled) lua_dump(L, dump_writer, dump, 0);
    sandbox_push_env(L);
    lua_setupvalue(L, -2, 1);
    call_error err;
    if (lua_call_guarded(L, g, 0, 1, name, &err)) {
        results_add_error(errs, c->path, (uint32_t)err.line, 0, "%s failed to load: %s%s%s", what, err.msg,
                          err.trace[0] ? "\n" : "", err.trace);
        return -1;
    }
    return 0;
}

/* Record, into the list at index `list`, every upvalue slot reachable from
 * the value on top (through functions' upvalues and tables' values), once. */
static void collect_state(lua_State *L, int list, int seen, int keep, int depth)
{
    luaL_checkstack(L, 8, "module state");
    int v = lua_gettop(L), t = lua_type(L, v);
    if (depth > 200 || !(t == LUA_TTABLE || (t == LUA_TFUNCTION && !lua_iscfunction(L, v)))) return;
    lua_pushvalue(L, v);
    if (lua_rawget(L, seen) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, v);
    lua_pushboolean(L, 1);
    lua_rawset(L, seen);
    if (t == LUA_TFUNCTION) {
        for (int i = 1; lua_getupvalue(L, v, i); i++) {
            lua_pushlightuserdata(L, lua_upvalueid(L, v, i));
            if (lua_rawget(L, seen) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushlightuserdata(L, lua_upvalueid(L, v, i));
                lua_pushboolean(L, 1);
                lua_rawset(L, seen);
                lua_Integer k = (lua_Integer)lua_rawlen(L, list);
                lua_pushvalue(L, v);
                lua_rawseti(L, list, k + 1);
                lua_pushinteger(L, i);
                lua_rawseti(L, list, k + 2);
                if (lua_isnil(L, -1)) lua_pushlightuserdata(L, (void *)&NIL_UPVALUE); /* a nil would end the list */
                else lua_pushvalue(L, -1);
                lua_rawseti(L, list, k + 3);
                collect_state(L, list, seen, keep, depth + 1);
            } else {
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        return;
    }
    if (lua_getmetatable(L, v)) {
        int kept = lua_rawequal(L, -1, keep);
        lua_pop(L, 1);
        if (kept) return;
    }
    ro_push_inner(L, v);
    int inner = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, inner)) {
        collect_state(L, list, seen, keep, depth + 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* [-1, +2] Replace the value on top (a check table or a library) by its
 * frozen view (unless !freeze: a state of built-in checks alone) and push the
 * list of its module state (see collect_state; an empty list unless record:
 * custom code, or the test suite's verification, which records the state of
 * the unfrozen path too). */
static void freeze_and_record(lua_State *L, int record, int freeze)
{
    if (!freeze && !record) {
        lua_newtable(L);
        return;
    }
    int v = lua_gettop(L);
    sandbox_push_envmt(L);
    int keep = lua_gettop(L);
    if (freeze) { /* else recorded as it is: the unfrozen path, verified (lua_verify.h) */
        lua_pushvalue(L, v);
        ro_freeze(L, keep);
        lua_replace(L, v);
    }
    if (!record) {
        lua_pop(L, 1);
        lua_newtable(L);
        return;
    }
    lua_newtable(L); /* list */
    lua_newtable(L); /* seen */
    lua_pushvalue(L, v);
    collect_state(L, keep + 1, keep + 2, keep, 0);
    lua_pop(L, 2);
    lua_remove(L, keep);
}

/* Protected: (table, set*, index, out check*, err buf*, file) → validated metadata. */
typedef struct meta_job {
    check *c;
    const char *file;
    char err[512];
    int rc;
} meta_job;

static int meta_protected(lua_State *L)
{
    meta_job *j = lua_touserdata(L, 2);
    j->rc = check_meta_read(L, 1, j->file, j->c, j->err, sizeof j->err);
    return 0;
}

/* Protected: (check table, index, record, freeze, its check*) → its
 * handlers into REG_HANDLERS, its module-level tables frozen, its module
 * state into REG_RESTORE. The check's handler bits (check_meta.c: a check
 * table has exactly the handler keys they say) name the keys to read. */
static int install_protected(lua_State *L)
{
    uint32_t i = (uint32_t)lua_tointeger(L, 2);
    int record = lua_toboolean(L, 3), freeze = lua_toboolean(L, 4);
    const check *c = lua_touserdata(L, 5);
    lua_settop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_HANDLERS);
    for (int form = 0; form < 3; form++) {
        unsigned have = form == 0 ? c->handlers : form == 1 ? c->handlers_all : c->handlers_facts;
        for (int s = 0; s < N_INPUTS; s++) {
            if (!(have & input_bit(s))) continue;
            const char *in = input_name(input_bit(s)), *suffix = form == 1 ? "_all" : form == 2 ? "_facts" : "";
            size_t ni = strlen(in), ns = strlen(suffix);
            char key[40];
            if (ni + ns >= sizeof key) continue;
            memcpy(key, in, ni);
            memcpy(key + ni, suffix, ns);
            lua_pushlstring(L, key, ni + ns);
            lua_rawget(L, 1);
            lua_rawseti(L, 2, slot(i, s, form));
        }
    }
    lua_settop(L, 1);
    freeze_and_record(L, record, freeze);
    if (record) {
        lua_getfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
        lua_insert(L, -2);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 0;
}

/* Protected: (library table, name) → published read-only, its module state
 * appended to REG_LIBSTATE. */
static int publish_protected(lua_State *L)
{
    char name[64];
    snprintf(name, sizeof name, "%s", lua_tostring(L, 2));
    int record = lua_toboolean(L, 3), freeze = lua_toboolean(L, 4);
    lua_settop(L, 1);
    freeze_and_record(L, record, freeze);
    if (record) {
        lua_getfield(L, LUA_REGISTRYINDEX, REG_LIBSTATE);
        lua_Integer base = (lua_Integer)lua_rawlen(L, -1);
        for (lua_Integer k = 1; lua_rawgeti(L, 2, k) != LUA_TNIL; k++) lua_rawseti(L, -2, base + k);
        lua_pop(L, 2);
    }
    lua_settop(L, 1);
    if (freeze) sandbox_publish(L, name);
    else sandbox_publish_plain(L, name);
    return 0;
}

/* Run a protected C function with the nargs values on top as arguments
 * (popped); returns 0, or reports under `path` and returns -1. */
static int protected(lua_State *L, lua_guard *g, lua_CFunction f, int nargs, const char *path, const char *what,
                     results *errs)
{
    lua_pushcfunction(L, f);
    lua_insert(L, -nargs - 1);
    call_error err;
    if (lua_call_guarded(L, g, nargs, 0, NULL, &err)) {
        results_add_error(errs, path, 0, 0, "%s failed to load: %s", what, err.msg);
        return -1;
    }
    return 0;
}

/* Module state is recorded (and put back after every run) for custom code,
 * and for all code when record_all (the test suite's purity check). only:
 * NULL for every library of src, else the bits of those to load (a lazy
 * set: at most 64 libraries). */
static void load_libs(lua_State *L, lua_guard *g, const chunk_list *src, chunk_list *out, const uint64_t *only,
                      int record_all, int freeze, results *errs)
{
    for (size_t i = 0; i < src->n; i++) {
        const chunk *c = &src->v[i];
        if (only && (i >= 64 || !(*only >> i & 1))) continue;
        if (c->custom && sandbox_has_global(L, c->lib)) {
            results_add_error(errs, c->path, 0, 0, "library %s would replace the built-in %s; choose another name",
                              c->lib, c->lib);
            continue;
        }
        buf dump = {0};
        if (run_chunk(L, g, c, out ? &dump : NULL, "library", errs)) {
            buf_free(&dump);
            continue;
        }
        if (!lua_istable(L, -1)) {
            results_add_error(errs, c->path, 0, 0, "library failed to load: it must return a table");
            lua_pop(L, 1);
            buf_free(&dump);
            continue;
        }
        lua_pushstring(L, c->lib);
        lua_pushboolean(L, c->custom || record_all);
        lua_pushboolean(L, c->custom || freeze);
        if (protected(L, g, publish_protected, 4, c->path, "library", errs) == 0 && out) add_compiled(out, c, &dump);
        buf_free(&dump);
    }
}

/* First load: validate check table on top; on success add it to set (and its
 * bytecode to code). Pops nothing; returns the check index or -1. */
static long admit_check(lua_State *L, lua_guard *g, const chunk *c, const buf *dump, checkset *set, results *errs)
{
    check k;
    meta_job j = {&k, c->path, {0}, 0};
    lua_pushvalue(L, -1);
    lua_pushlightuserdata(L, &j);
    if (protected(L, g, meta_protected, 2, c->path, "check", errs)) {
        check_free_fields(&k);
        return -1;
    }
    if (j.rc) {
        results_add_error(errs, c->path, 0, 0, "invalid check: %s", j.err);
        check_free_fields(&k);
        return -1;
    }
    long at = checkset_find(set, k.id), at_name = checkset_find(set, k.name);
    if (at >= 0 || at_name >= 0) {
        const check *o = &set->v[at >= 0 ? at : at_name];
        results_add_error(errs, c->path, 0, 0, "check %s (%s) duplicates %s (%s) of %s", k.id, k.name, o->id, o->name,
                          o->file);
        check_free_fields(&k);
        return -1;
    }
    k.custom = c->custom;
    set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
    set->v[set->n] = k;
    add_compiled(&set->code->checks, c, dump);
    return (long)set->n++;
}

/* Forget every handler of check i (and with them what its module keeps). */
static void drop_handlers(lua_State *L, uint32_t i)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_HANDLERS);
    for (int s = 0; s < 64; s++) {
        lua_pushnil(L);
        lua_rawseti(L, -2, (lua_Integer)i * 64 + s);
    }
    lua_pop(L, 1);
    lua_gc(L, LUA_GCCOLLECT);
}

static void load_checks(lua_State *L, lua_guard *g, const chunk_list *src, checkset *set, int first,
                        const unsigned char *want, int record_all, int freeze, results *errs)
{
    for (size_t i = 0; i < src->n; i++) {
        const chunk *c = &src->v[i];
        if (want && !want[i]) continue;
        buf dump = {0};
        size_t mem_before = g->mem;
        if (run_chunk(L, g, c, first ? &dump : NULL, "check", errs)) {
            buf_free(&dump);
            continue;
        }
        long at = first ? admit_check(L, g, c, &dump, set, errs) : (long)i;
        buf_free(&dump);
        if (at < 0) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushinteger(L, at);
        lua_pushboolean(L, c->custom || record_all);
        lua_pushboolean(L, c->custom || freeze);
        lua_pushlightuserdata(L, &set->v[at]);
        int bad = protected(L, g, install_protected, 5, c->path, "check", errs);
        if (!bad && g->mem > mem_before + LOAD_KEEP_MAX) {
            lua_gc(L, LUA_GCCOLLECT);
            if (g->mem > mem_before + LOAD_KEEP_MAX) {
                results_add_error(errs, c->path, 0, 0, "check keeps %zu MiB after loading (at most %u MiB)",
                                  (g->mem - mem_before) >> 20, LOAD_KEEP_MAX >> 20);
                bad = 1;
            }
        }
        if (bad) drop_handlers(L, (uint32_t)at);
        if (bad && first) { /* admitted, but it will never run (in any worker) */
            set->v[at].handlers = set->v[at].handlers_all = set->v[at].handlers_facts = 0;
            set->v[at].cross = 0;
        }
    }
}

/* The built-in checks known from the build-time index (check_index.h),
 * nothing run: set filled, its code the embedded chunks, loaded later by
 * check_load_some. -1 (set untouched) when there is no index or it does not
 * name the embedded check files one for one (a build that left a file out). */
static int load_index(checkset *set)
{
    if (!check_index_count) return -1;
    chunk_list libs = {0}, checks = {0};
    read_sources(NULL, 0, &libs, &checks, NULL);
    int ok = checks.n == check_index_count;
    for (size_t i = 0; ok && i < checks.n; i++)
        ok = checks.v[i].bytecode && strcmp(checks.v[i].path, check_index[i].file) == 0;
    for (size_t i = 0; ok && i < libs.n; i++) ok = libs.v[i].bytecode;
    if (!ok) {
        chunk_list_free(&libs);
        chunk_list_free(&checks);
        return -1;
    }
    set->code = xcalloc(1, sizeof *set->code);
    set->code->libs = libs;
    set->code->checks = checks;
    set->code->lazy = 1;
    /* the dependency index, when it names the embedded libraries one for
     * one; else every check needs every library */
    int deps = check_index_lib_count == libs.n && libs.n <= 64;
    for (size_t i = 0; deps && i < libs.n; i++) deps = strcmp(libs.v[i].lib, check_index_libs[i]) == 0;
    set->code->needs = xcalloc(checks.n + 1, sizeof *set->code->needs);
    for (size_t i = 0; i < checks.n; i++) set->code->needs[i] = deps ? check_index_needs[i] : ~(uint64_t)0;
    set->code->quiet = xcalloc(checks.n + 1, 1);
    memcpy(set->code->quiet, check_index_quiet_empty, checks.n);
    /* the index's checks as they are: their strings and lists are const
     * data of the binary, read, never written or freed (borrowed) */
    set->v = xcalloc(checks.n, sizeof *set->v);
    memcpy(set->v, check_index, checks.n * sizeof *set->v);
    set->code->borrowed = 1;
    for (size_t i = 0; i < checks.n; i++) {
        const check *c = &check_index[i];
        set->v[i].controls = c->n_controls ? xcalloc(c->n_controls, sizeof *c->controls) : NULL;
        for (size_t k = 0; k < c->n_controls; k++)
            set->v[i].controls[k] = (control){xstrdup(c->controls[k].framework), xstrdup(c->controls[k].id),
                                              xstrdup_or_null(c->controls[k].version), c->controls[k].inputs};
    }
    set->n = checks.n;
    return 0;
}

int checkset_lazy(const checkset *s) { return s->code && s->code->lazy; }

int checkset_quiet_empty(const checkset *s, uint32_t i)
{
    return s->code && s->code->lazy && i < s->n && s->code->quiet[i];
}

void check_load_some(lua_State *L, lua_guard *g, checkset *set, uint64_t *libs, const unsigned char *want,
                     int record_all, int freeze, results *errs)
{
    uint64_t need = 0;
    for (size_t i = 0; i < set->n; i++)
        if (want[i]) need |= set->code->needs[i];
    need &= ~*libs;
    if (need) load_libs(L, g, &set->code->libs, NULL, &need, record_all, freeze, errs);
    *libs |= need;
    load_checks(L, g, &set->code->checks, set, 0, want, record_all, freeze, errs);
}

void check_load(lua_State *L, lua_guard *g, const char *const *dirs, size_t n_dirs, checkset *set, int record_all,
                int freeze, int lazy, results *errs)
{
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_HANDLERS);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_LIBSTATE);
    if (set->code) {
        if (set->code->lazy) return;
        load_libs(L, g, &set->code->libs, NULL, NULL, record_all, freeze, errs);
        load_checks(L, g, &set->code->checks, set, 0, NULL, record_all, freeze, errs);
        return;
    }
    if (lazy && n_dirs == 0 && load_index(set) == 0) return;
    chunk_list libs = {0}, checks = {0};
    read_sources(dirs, n_dirs, &libs, &checks, errs);
    set->code = xcalloc(1, sizeof *set->code);
    load_libs(L, g, &libs, &set->code->libs, NULL, record_all, freeze, errs);
    load_checks(L, g, &checks, set, 1, NULL, record_all, freeze, errs);
    chunk_list_free(&libs);
    chunk_list_free(&checks);
}

void check_push_handler(lua_State *L, uint32_t i, unsigned in, int form)
{
    int s = 0;
    while (s < N_INPUTS && input_bit(s) != in) s++;
    lua_getfield(L, LUA_REGISTRYINDEX, REG_HANDLERS);
    lua_rawgeti(L, -1, slot(i, s, form));
    lua_remove(L, -2);
}

/* Put back every slot of the state list on top (popped); returns how many
 * had changed. */
static int restore_list(lua_State *L)
{
    int changed = 0;
    int list = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer k = 1; k + 2 <= n; k += 3) {
        lua_rawgeti(L, list, k);
        int f = lua_gettop(L);
        int up = (int)(lua_rawgeti(L, list, k + 1), lua_tointeger(L, -1));
        lua_rawgeti(L, list, k + 2);
        if (lua_touserdata(L, -1) == (void *)&NIL_UPVALUE) {
            lua_pop(L, 1);
            lua_pushnil(L);
        }
        lua_getupvalue(L, f, up);
        if (!lua_rawequal(L, -1, -2)) {
            lua_pop(L, 1);
            lua_setupvalue(L, f, up);
            changed++;
        } else {
            lua_pop(L, 2);
        }
        lua_settop(L, list);
    }
    lua_pop(L, 1);
    return changed;
}

int check_restore(lua_State *L, uint32_t i)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_RESTORE);
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lua_remove(L, -2);
    int changed = 0;
    if (lua_istable(L, -1)) changed = restore_list(L);
    else lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_LIBSTATE);
    return changed + restore_list(L);
}
