/* engine.c — one worker of the check engine: a Lua state (counting allocator,
 * instruction-count hook), the checks compiled once into it, and the runs of
 * checks over documents. Errors of a check become scan errors naming the check
 * and the file; the scan goes on. Nothing here prints. */
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check_meta.h"
#include "embedded.h"
#include "finding.h"
#include "lua_doc.h"
#include "sandbox.h"

#define CHECKS_KEY "plimsoll.checks"    /* registry: array of check tables, by check index + 1 */
#define DOCCACHE_KEY "plimsoll.docs"    /* registry: doc* (light userdata) → Lua table */
#define DOCINDEX_KEY "plimsoll.docidx"  /* registry: Lua doc table → doclist index (cross runs) */
#define REPORT_KEY "plimsoll.report"    /* registry: the report function given to checks */

#define DEFAULT_BUDGET 20000000ull      /* VM instructions per check run */
#define DEFAULT_MEMCAP (256u << 20)     /* bytes per check run */
#define HOOK_EVERY 1000

struct engine {
    lua_State *L;
    checkset *set;
    unsigned char *loaded;   /* per check index: compiled in this state */
    size_t mem, mem_limit;   /* bytes held by the state; 0 limit = none */
    uint64_t ticks, budget;
    size_t mem_cap;
    /* the run in progress */
    const doc *cur_doc;
    const doclist *cur_docs;
    uint32_t cur_check;
    results *cur_r;
    int keep_docs;
};

static int l_report(lua_State *L);

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    engine *e = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        e->mem -= old;
        return NULL;
    }
    if (e->mem_limit && nsize > old && e->mem + (nsize - old) > e->mem_limit) return NULL;
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    e->mem = e->mem - old + nsize;
    return p;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    engine *e = *(engine **)lua_getextraspace(L);
    e->ticks += HOOK_EVERY;
    if (e->budget && e->ticks > e->budget)
        luaL_error(L, "instruction budget of %I exceeded (endless loop?)", (lua_Integer)e->budget);
}

static void today_string(char out[11])
{
    const char *env = getenv("PLIMSOLL_TODAY"); /* tests pin the date */
    if (env && strlen(env) == 10) {
        memcpy(out, env, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---------------------------------------------------------------- sources */

typedef struct lua_file {
    char *path;
    char *text;
    size_t len;
    int owned;
} lua_file;

typedef struct file_list {
    lua_file *v;
    size_t n, cap;
} file_list;

static void add_file(file_list *l, const char *path, const char *text, size_t len, int owned)
{
    GROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = (lua_file){xstrdup(path), (char *)text, len, owned};
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.lua under dir, sorted by path (deterministic load order). */
static void collect_dir(const char *dir, file_list *out, results *errs)
{
    DIR *d = opendir(dir);
    if (!d) {
        results_add_error(errs, dir, 0, 0, "cannot read check directory: %s", strerror(errno));
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
        buf p = {0};
        buf_printf(&p, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(p.s, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect_dir(p.s, out, errs);
        } else if (strlen(names[i]) > 4 && strcmp(names[i] + strlen(names[i]) - 4, ".lua") == 0) {
            char *text;
            size_t len;
            if (read_file(p.s, &text, &len) == 0) add_file(out, p.s, text, len, 1);
            else results_add_error(errs, p.s, 0, 0, "cannot read check: %s", strerror(errno));
        }
        buf_free(&p);
        free(names[i]);
    }
    free(names);
}

static int is_lib(const char *path) { return strstr(path, "/lib/") != NULL || strncmp(path, "lib/", 4) == 0; }

/* "checks/lib/k8s.lua" → "k8s" */
static void lib_name(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t l = strlen(b);
    if (l > 4) l -= 4;
    if (l >= n) l = n - 1;
    memcpy(out, b, l);
    out[l] = 0;
}

/* ------------------------------------------------------------- loading */

static int msgh(lua_State *L)
{
    if (!lua_isstring(L, 1)) lua_pushstring(L, luaL_tolstring(L, 1, NULL));
    return 1;
}

/* [-0, +1] Load and run one chunk in a fresh sandbox environment; leaves its
 * result (or nil) on the stack. Returns 0, or -1 with err filled. */
static int run_chunk(engine *e, const lua_file *f, char *err, size_t errn)
{
    lua_State *L = e->L;
    char chunkname[512];
    snprintf(chunkname, sizeof chunkname, "@%s", f->path);
    lua_pushcfunction(L, msgh);
    int h = lua_gettop(L);
    if (luaL_loadbufferx(L, f->text, f->len, chunkname, "t") != LUA_OK) {
        snprintf(err, errn, "%s", lua_tostring(L, -1));
        lua_pop(L, 2);
        lua_pushnil(L);
        return -1;
    }
    sandbox_push_env(L);
    lua_setupvalue(L, -2, 1);
    e->ticks = 0;
    int rc = lua_pcall(L, 0, 1, h);
    if (rc != LUA_OK) {
        snprintf(err, errn, "%s", lua_tostring(L, -1));
        lua_pop(L, 2);
        lua_pushnil(L);
        return -1;
    }
    lua_remove(L, h);
    return 0;
}

static void load_all(engine *e, file_list *files, results *errs)
{
    lua_State *L = e->L;
    char err[512];
    int first = e->set->n == 0;
    /* Libraries first: checks see them as globals. */
    for (size_t i = 0; i < files->n; i++) {
        if (!is_lib(files->v[i].path)) continue;
        err[0] = 0;
        if (run_chunk(e, &files->v[i], err, sizeof err) || !lua_istable(L, -1)) {
            results_add_error(errs, files->v[i].path, 0, 0, "library failed to load: %s",
                              err[0] ? err : "it must return a table");
            lua_pop(L, 1);
            continue;
        }
        char name[64];
        lib_name(files->v[i].path, name, sizeof name);
        if (sandbox_publish(L, name))
            results_add_error(errs, files->v[i].path, 0, 0, "library failed to load: out of memory");
    }
    lua_newtable(L); /* check tables by index */
    int tbl = lua_gettop(L);
    for (size_t i = 0; i < files->n; i++) {
        const lua_file *f = &files->v[i];
        if (is_lib(f->path)) continue;
        err[0] = 0;
        if (run_chunk(e, f, err, sizeof err)) {
            lua_pop(L, 1);
            results_add_error(errs, f->path, 0, 0, "check failed to load: %s", err);
            continue;
        }
        check c;
        if (check_meta_read(L, -1, f->path, &c, err, sizeof err)) {
            lua_pop(L, 1);
            results_add_error(errs, f->path, 0, 0, "invalid check: %s", err);
            check_free_fields(&c);
            continue;
        }
        long at = checkset_find(e->set, c.id);
        long at_name = checkset_find(e->set, c.name);
        if (first) {
            if (at >= 0 || at_name >= 0) {
                const check *o = &e->set->v[at >= 0 ? at : at_name];
                results_add_error(errs, f->path, 0, 0, "check %s (%s) duplicates %s (%s) of %s", c.id,
                                  c.name, o->id, o->name, o->file);
                check_free_fields(&c);
                lua_pop(L, 1);
                continue;
            }
            e->set->v = xrealloc(e->set->v, (e->set->n + 1) * sizeof *e->set->v);
            at = (long)e->set->n;
            e->set->v[e->set->n++] = c;
        } else {
            check_free_fields(&c);
            if (at < 0) { /* not in the first worker's set: cannot happen with the same options */
                lua_pop(L, 1);
                continue;
            }
        }
        e->loaded = xrealloc(e->loaded, e->set->n);
        e->loaded[at] = 1;
        lua_rawseti(L, tbl, at + 1);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, CHECKS_KEY);
}

engine *engine_new(const engine_opts *o, checkset *set, results *errs)
{
    engine *e = xcalloc(1, sizeof *e);
    e->set = set;
    e->keep_docs = 1;
    e->budget = o->budget ? o->budget : DEFAULT_BUDGET;
    e->mem_cap = o->mem_cap ? o->mem_cap : DEFAULT_MEMCAP;
    e->L = lua_newstate(l_alloc, e);
    if (!e->L) {
        free(e);
        return NULL;
    }
    *(engine **)lua_getextraspace(e->L) = e;
    char today[11];
    today_string(today);
    sandbox_init(e->L, today);
    lua_sethook(e->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    lua_newtable(e->L);
    lua_setfield(e->L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    lua_pushlightuserdata(e->L, e);
    lua_pushcclosure(e->L, l_report, 1);
    lua_setfield(e->L, LUA_REGISTRYINDEX, REPORT_KEY);

    file_list files = {0};
    for (unsigned i = 0; i < embedded_checks_count; i++)
        add_file(&files, embedded_checks[i].path, embedded_checks[i].text, embedded_checks[i].len, 0);
    for (size_t i = 0; i < o->n_dirs; i++) collect_dir(o->dirs[i], &files, errs);
    e->loaded = xcalloc(set->n + 1, 1);
    load_all(e, &files, errs);
    if (e->set->n) e->loaded = xrealloc(e->loaded, e->set->n);
    for (size_t i = 0; i < files.n; i++) {
        free(files.v[i].path);
        if (files.v[i].owned) free(files.v[i].text);
    }
    free(files.v);
    lua_gc(e->L, LUA_GCCOLLECT);
    return e;
}

void engine_free(engine *e)
{
    if (!e) return;
    lua_close(e->L);
    free(e->loaded);
    free(e);
}

void checkset_free(checkset *s)
{
    for (size_t i = 0; i < s->n; i++) check_free_fields(&s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

long checkset_find(const checkset *s, const char *idname)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].id, idname) == 0 || strcmp(s->v[i].name, idname) == 0) return (long)i;
    return -1;
}

/* --------------------------------------------------------------- report */

static json_t *lua_to_json(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) return json_integer((json_int_t)lua_tointeger(L, idx));
        return json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        json_t *s = json_string(lua_tostring(L, idx)); /* NULL when not UTF-8 */
        return s ? s : json_null();
    }
    case LUA_TTABLE: {
        if (depth > 32) return json_null();
        size_t n = lua_rawlen(L, idx);
        if (n > 0) {
            json_t *a = json_array();
            for (size_t i = 1; i <= n; i++) {
                lua_rawgeti(L, idx, (lua_Integer)i);
                json_array_append_new(a, lua_to_json(L, -1, depth + 1));
                lua_pop(L, 1);
            }
            return a;
        }
        json_t *o = json_object();
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            if (lua_type(L, -2) == LUA_TSTRING) json_object_set_new(o, lua_tostring(L, -2), lua_to_json(L, -1, depth + 1));
            lua_pop(L, 1);
        }
        return o;
    }
    default: return json_null();
    }
}

static char *opt_field(lua_State *L, int t, const char *key)
{
    char *v = NULL;
    int ty = lua_getfield(L, t, key);
    if (ty == LUA_TSTRING || ty == LUA_TNUMBER) v = xstrdup(lua_tostring(L, -1));
    else if (ty != LUA_TNIL) {
        lua_pop(L, 1);
        luaL_error(L, "report: field '%s' must be a string", key);
    }
    lua_pop(L, 1);
    return v;
}

/* Replace every occurrence of secret in *s by its mask. */
static void mask_in(char **s, const char *secret)
{
    if (!*s) return;
    char *m = secret_mask_in(*s, secret);
    free(*s);
    *s = m;
}

static char *k8s_field(const doc *d, const char *a, const char *b)
{
    node_id n = a ? tree_member(d->t, d->root, a, NULL) : d->root;
    const char *v = tree_member_str(d->t, n, b);
    return v ? xstrdup(v) : NULL;
}

/* report{path=, message=, offset=, container=, remediation=, secret=, fix=,
 *        resource={kind,namespace,name}, doc= (cross-document runs)} */
static int l_report(lua_State *L)
{
    engine *e = lua_touserdata(L, lua_upvalueindex(1));
    luaL_checktype(L, 1, LUA_TTABLE);
    const doc *d = e->cur_doc;
    if (e->cur_docs) {
        lua_getfield(L, LUA_REGISTRYINDEX, DOCINDEX_KEY);
        lua_getfield(L, 1, "doc");
        lua_rawget(L, -2);
        if (!lua_isinteger(L, -1)) luaL_error(L, "report: cross-document checks must pass doc = <one of docs>");
        d = &e->cur_docs->v[lua_tointeger(L, -1)];
        lua_pop(L, 2);
    }
    if (lua_getfield(L, 1, "message") != LUA_TSTRING) luaL_error(L, "report: message (a string) is required");
    lua_pop(L, 1);
    lua_Integer offset = -1;
    if (lua_getfield(L, 1, "offset") != LUA_TNIL) {
        if (!lua_isinteger(L, -1)) luaL_error(L, "report: offset must be an integer");
        offset = lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    char *fix = NULL;
    if (lua_getfield(L, 1, "fix") == LUA_TTABLE) {
        json_t *j = lua_to_json(L, -1, 0);
        fix = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_SORT_KEYS); /* Lua order is random */
        json_decref(j);
    }
    lua_pop(L, 1);

    finding f;
    memset(&f, 0, sizeof f);
    f.check = e->cur_check;
    f.sev = e->set->v[e->cur_check].sev;
    f.src = d->src;
    f.path = opt_field(L, 1, "path");
    f.message = opt_field(L, 1, "message");
    f.container = opt_field(L, 1, "container");
    f.remediation = opt_field(L, 1, "remediation");
    f.secret = opt_field(L, 1, "secret");
    f.fix_json = fix;
    if (lua_getfield(L, 1, "resource") == LUA_TTABLE) {
        f.kind = opt_field(L, -1, "kind");
        f.ns = opt_field(L, -1, "namespace");
        f.name = opt_field(L, -1, "name");
    } else if (d->type == DOC_KUBERNETES) {
        f.kind = k8s_field(d, NULL, "kind");
        f.ns = k8s_field(d, "metadata", "namespace");
        f.name = k8s_field(d, "metadata", "name");
        if (!f.name) f.name = k8s_field(d, "metadata", "generateName");
    } else {
        f.kind = xstrdup(d->type == DOC_DOCKERFILE ? "Dockerfile" : d->type == DOC_COMPOSE ? "Compose" : "Image");
    }
    lua_pop(L, 1);
    if (f.secret) {
        mask_in(&f.message, f.secret);
        mask_in(&f.remediation, f.secret);
        mask_in(&f.fix_json, f.secret);
    }
    if (!f.path) f.path = xstrdup("");
    tree_locate(d->t, d->root, f.path, (long)offset, &f.line, &f.col);
    if (!f.line) f.line = d->line ? d->line : 1;
    if (!f.col) f.col = 1;
    finding_attach(&f, d);
    results *r = e->cur_r;
    GROW(r->f, r->cap_f, r->n_f + 1);
    r->f[r->n_f++] = f;
    return 0;
}

/* ------------------------------------------------------------------ runs */

/* [-0, +1] The Lua table of document d, converted once and cached. */
static void push_doc(engine *e, const doc *d)
{
    lua_State *L = e->L;
    lua_getfield(L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    if (lua_rawgetp(L, -1, d) == LUA_TTABLE) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    lua_doc_push(L, d->t, d->root);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, -3, d);
    lua_remove(L, -2);
}

static const char *doc_kind(const doc *d)
{
    return d->type == DOC_KUBERNETES ? tree_member_str(d->t, d->root, "kind") : NULL;
}

/* Call check i's field fn with the two values on top of the stack. */
static void call_check(engine *e, uint32_t i, const char *fn, const doc *where, results *r)
{
    lua_State *L = e->L;
    const check *c = &e->set->v[i];
    lua_pushcfunction(L, msgh);
    lua_getfield(L, LUA_REGISTRYINDEX, CHECKS_KEY);
    lua_rawgeti(L, -1, (lua_Integer)i + 1);
    lua_getfield(L, -1, fn);
    lua_replace(L, -3);
    lua_pop(L, 1);           /* stack: a1 a2 msgh fn */
    lua_rotate(L, -4, 2);    /* msgh fn a1 a2 */
    int h = lua_gettop(L) - 3;
    e->cur_check = i;
    e->cur_r = r;
    e->ticks = 0;
    e->mem_limit = e->mem + e->mem_cap;
    int rc = lua_pcall(L, 2, 0, h);
    e->mem_limit = 0;
    if (rc != LUA_OK) {
        const char *file = where ? where->src->path : "";
        uint32_t line = where ? where->line : 0;
        if (rc == LUA_ERRMEM)
            results_add_error(r, file, line, 1, "check %s (%s) exceeded its memory cap of %zu MiB", c->name,
                              c->file, e->mem_cap >> 20);
        else
            results_add_error(r, file, line, 1, "check %s failed: %s", c->name, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1); /* msgh */
}

void engine_run_doc(engine *e, const doc *d, const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    const char *kind = doc_kind(d);
    int pushed = 0;
    e->cur_doc = d;
    e->cur_docs = NULL;
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || c->cross || !e->loaded[i] || !check_applies(c, d, kind)) continue;
        if (!pushed) {
            push_doc(e, d);
            pushed = 1;
        }
        lua_pushvalue(L, -1);
        lua_getfield(L, LUA_REGISTRYINDEX, REPORT_KEY);
        call_check(e, i, "run", d, r);
    }
    if (pushed) lua_pop(L, 1);
    /* Keep the table only if a cross-document check will want it. */
    int keep = 0;
    for (uint32_t i = 0; i < e->set->n && !keep && e->keep_docs; i++)
        keep = enabled[i] && e->set->v[i].cross && e->loaded[i] && check_applies(&e->set->v[i], d, kind);
    if (!keep && pushed) {
        lua_getfield(L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
        lua_pushnil(L);
        lua_rawsetp(L, -2, d);
        lua_pop(L, 1);
    }
    e->cur_doc = NULL;
}

void engine_run_cross(engine *e, const doclist *docs, const unsigned char *enabled, results *r)
{
    lua_State *L = e->L;
    for (uint32_t i = 0; i < e->set->n; i++) {
        const check *c = &e->set->v[i];
        if (!enabled[i] || !c->cross || !e->loaded[i]) continue;
        lua_newtable(L); /* index: doc table → position */
        lua_newtable(L); /* the docs the check applies to */
        lua_Integer n = 0;
        for (size_t j = 0; j < docs->n; j++) {
            const doc *d = &docs->v[j];
            if (!check_applies(c, d, doc_kind(d))) continue;
            push_doc(e, d);
            lua_pushvalue(L, -1);
            lua_pushinteger(L, (lua_Integer)j);
            lua_rawset(L, -5);
            lua_rawseti(L, -2, ++n);
        }
        lua_insert(L, -2);
        lua_setfield(L, LUA_REGISTRYINDEX, DOCINDEX_KEY);
        e->cur_docs = docs;
        e->cur_doc = NULL;
        lua_getfield(L, LUA_REGISTRYINDEX, REPORT_KEY);
        call_check(e, i, "run_all", NULL, r);
        e->cur_docs = NULL;
        lua_pushnil(L);
        lua_setfield(L, LUA_REGISTRYINDEX, DOCINDEX_KEY);
    }
}

void engine_keep_docs(engine *e, int keep) { e->keep_docs = keep; }

void engine_forget_docs(engine *e)
{
    lua_newtable(e->L);
    lua_setfield(e->L, LUA_REGISTRYINDEX, DOCCACHE_KEY);
    lua_gc(e->L, LUA_GCCOLLECT);
}
