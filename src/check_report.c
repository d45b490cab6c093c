/* check_report.c — report{path=, message=, offset=, container=, remediation=,
 * secret=, fix=, resource={kind,namespace,name}, doc=} → a finding (see
 * check_report.h). Phase one reads and validates every field with the Lua
 * values still on the stack (it may raise); phase two only copies. */
#include "check_report.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "finding.h"
#include "lua_ro.h"

#define MAX_PATH 1024
#define MAX_MESSAGE 4096
#define MAX_REMEDIATION 16384
#define MAX_NAME 512
#define MAX_FIX_BYTES 65536
#define MAX_FIX_VALUES 10000
#define MAX_FIX_DEPTH 32

static const char *const fields[] = {"path", "message", "offset", "container", "remediation", "secret",
                                     "fix", "resource", "doc", "severity"};

/* The fields of one call, as Lua strings (pointers valid while on the stack). */
typedef struct report_args {
    const char *path, *message, *container, *remediation, *secret, *fix;
    const char *kind, *ns, *name;
    lua_Integer offset;
    int has_resource;
    int sev;               /* severity named by the report, or -1: the check's */
    const doc *d;
    uint32_t doc_index;
    const fact *fact;        /* a report on facts: the document's facts (in ctx->loaded), and the fact_place */
    const fact_place *at;
} report_args;

/* [-0, +1, e] t[key] as a string (numbers converted) of at most max bytes, or
 * NULL when absent; the value stays on the stack. */
static const char *str_field(lua_State *L, int t, const char *key, size_t max)
{
    lua_pushstring(L, key);
    int ty = lua_rawget(L, t);
    if (ty == LUA_TNIL) return NULL;
    if (ty != LUA_TSTRING && ty != LUA_TNUMBER) luaL_error(L, "report: field '%s' must be a string", key);
    size_t n;
    const char *s = lua_tolstring(L, -1, &n);
    if (n > max) luaL_error(L, "report: field '%s' is longer than %d bytes", key, (int)max);
    return s;
}

/* ------------------------------------------------------------- fix → JSON */

typedef struct jsonw {
    lua_State *L;
    luaL_Buffer *b;
    int values;
} jsonw;

static void json_str(jsonw *w, const char *s, size_t n)
{
    luaL_addchar(w->b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            luaL_addchar(w->b, '\\');
            luaL_addchar(w->b, (char)c);
        } else if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            luaL_addstring(w->b, e);
        } else {
            luaL_addchar(w->b, (char)c);
        }
    }
    luaL_addchar(w->b, '"');
}

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (!k || i + k > n) return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)s[i + j] >> 6) != 2) return 0;
        i += k;
    }
    return 1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static void json_value(jsonw *w, int idx, int depth);

/* [-0, +0, e] An object with its string keys sorted (Lua's order is random). */
static void json_object(jsonw *w, int t, int depth)
{
    lua_State *L = w->L;
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) n++;
    }
    const char **keys = lua_newuserdatauv(L, (n ? n : 1) * sizeof *keys, 0); /* collected on error */
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING && k < n) keys[k++] = lua_tostring(L, -1); /* alive: keys of t */
    }
    qsort(keys, k, sizeof *keys, cmp_str);
    luaL_addchar(w->b, '{');
    for (size_t i = 0; i < k; i++) {
        if (i) luaL_addchar(w->b, ',');
        json_str(w, keys[i], strlen(keys[i]));
        luaL_addchar(w->b, ':');
        lua_pushstring(L, keys[i]);
        lua_rawget(L, t);
        json_value(w, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
    luaL_addchar(w->b, '}');
    lua_pop(L, 1);
}

static void json_value(jsonw *w, int idx, int depth)
{
    lua_State *L = w->L;
    luaL_checkstack(L, 8, "report fix");
    if (++w->values > MAX_FIX_VALUES || depth > MAX_FIX_DEPTH)
        luaL_error(L, "report: fix has more than %d values or is nested more than %d deep (cyclic?)",
                   MAX_FIX_VALUES, MAX_FIX_DEPTH);
    char num[64];
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: luaL_addstring(w->b, lua_toboolean(L, idx) ? "true" : "false"); return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) snprintf(num, sizeof num, LUA_INTEGER_FMT, lua_tointeger(L, idx));
        else snprintf(num, sizeof num, "%.17g", (double)lua_tonumber(L, idx));
        luaL_addstring(w->b, num);
        return;
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(L, idx, &n);
        if (valid_utf8(s, n)) json_str(w, s, n);
        else luaL_addstring(w->b, "null");
        return;
    }
    case LUA_TTABLE: {
        ro_push_inner(L, idx);   /* a document's table may be part of a fix */
        int t = lua_gettop(L);
        lua_Integer n = (lua_Integer)lua_rawlen(L, t);
        if (n > 0) {
            luaL_addchar(w->b, '[');
            for (lua_Integer i = 1; i <= n; i++) {
                if (i > 1) luaL_addchar(w->b, ',');
                lua_rawgeti(L, t, i);
                json_value(w, lua_gettop(L), depth + 1);
                lua_pop(L, 1);
            }
            luaL_addchar(w->b, ']');
        } else {
            json_object(w, t, depth);
        }
        lua_pop(L, 1);
        return;
    }
    default: luaL_addstring(w->b, "null"); return;
    }
}

/* [-0, +1, e] The JSON text of the fix table at idx. */
static const char *fix_json(lua_State *L, int idx)
{
    luaL_Buffer b;
    jsonw w = {L, &b, 0};
    luaL_buffinit(L, &b);
    json_value(&w, idx, 0);
    luaL_pushresult(&b);
    if (lua_rawlen(L, -1) > MAX_FIX_BYTES) luaL_error(L, "report: fix is longer than %d bytes", MAX_FIX_BYTES);
    return lua_tostring(L, -1);
}

/* -------------------------------------------------------------- phases */

static void read_args(lua_State *L, report_ctx *ctx, report_args *a)
{
    memset(a, 0, sizeof *a);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        int known = 0;
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            known |= lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), fields[i]) == 0;
        if (!known) luaL_error(L, "report: unknown field '%s'", luaL_tolstring(L, -1, NULL));
    }
    a->d = ctx->doc;
    if (ctx->docs || ctx->facts) {
        lua_getfield(L, LUA_REGISTRYINDEX, REPORT_DOCINDEX);
        lua_pushliteral(L, "doc");
        lua_rawget(L, 1);
        lua_rawget(L, -2);
        if (!lua_isinteger(L, -1)) luaL_error(L, "report: a cross-document check must pass doc = <one of docs>");
        a->doc_index = (uint32_t)lua_tointeger(L, -1);
        if (ctx->facts) {
            if (facts_load(&ctx->facts[a->doc_index], &ctx->loaded, &ctx->rd) != 0)
                luaL_error(L, "report: the facts of this document could not be read back");
            a->fact = &ctx->loaded.v[0];
            a->d = a->fact->d;
        } else {
            a->d = ctx->docs->v[a->doc_index];
        }
    }
    a->message = str_field(L, 1, "message", MAX_MESSAGE);
    if (!a->message) luaL_error(L, "report: message (a string) is required");
    a->path = str_field(L, 1, "path", MAX_PATH);
    a->container = str_field(L, 1, "container", MAX_NAME);
    a->remediation = str_field(L, 1, "remediation", MAX_REMEDIATION);
    a->secret = str_field(L, 1, "secret", MAX_MESSAGE);
    a->sev = -1;
    const char *sev = str_field(L, 1, "severity", 16);
    if (sev && (a->sev = severity_parse(sev)) < 0)
        luaL_error(L, "report: severity must be critical, high, medium, low or info, not '%s'", sev);
    a->offset = -1;
    lua_pushliteral(L, "offset");
    if (lua_rawget(L, 1) != LUA_TNIL) {
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0)
            luaL_error(L, "report: offset must be a non-negative integer");
        a->offset = lua_tointeger(L, -1);
    }
    if (a->fact) {
        a->at = facts_find_place(&ctx->loaded, a->fact, a->path ? a->path : "", (long)a->offset);
        if (!a->at)
            luaL_error(L, "report: path '%s'%s was not placed for this document (place it in check.%s_facts)",
                       a->path ? a->path : "", a->offset >= 0 ? " at that offset" : "", input_name(a->fact->input));
    }
    lua_pushliteral(L, "fix");
    int fix = lua_rawget(L, 1);
    if (fix == LUA_TTABLE) a->fix = fix_json(L, lua_gettop(L));
    else if (fix != LUA_TNIL) luaL_error(L, "report: fix must be a list of {path=, value=} edits");
    lua_pushliteral(L, "resource");
    int res = lua_rawget(L, 1);
    if (res == LUA_TTABLE) {
        int t = lua_gettop(L);
        ro_push_inner(L, t);
        int in = lua_gettop(L);
        a->has_resource = 1;
        a->kind = str_field(L, in, "kind", MAX_NAME);
        a->ns = str_field(L, in, "namespace", MAX_NAME);
        a->name = str_field(L, in, "name", MAX_NAME);
    } else if (res != LUA_TNIL) {
        luaL_error(L, "report: resource must be a table {kind=, namespace=, name=}");
    }
}



/* Replace every occurrence of secret in *s by its mask. */
static void mask_in(char **s, const char *secret)
{
    if (!*s) return;
    char *m = secret_mask_in(*s, secret);
    free(*s);
    *s = m;
}

/* The reported fields of a into f (copies), its path `path`; the resource
 * when the report named one. */
static void copy_args(finding *f, const report_args *a, const char *path)
{
    f->path = xstrdup(path);
    f->message = xstrdup(a->message);
    f->container = xstrdup_or_null(a->container);
    f->remediation = xstrdup_or_null(a->remediation);
    f->secret = xstrdup_or_null(a->secret);
    f->fix_json = xstrdup_or_null(a->fix);
    if (a->has_resource) {
        f->kind = xstrdup_or_null(a->kind);
        f->ns = xstrdup_or_null(a->ns);
        f->name = xstrdup_or_null(a->name);
    }
}

/* Mask the finding's own secret in its message, remediation and fix (names kept). */
static void mask_finding_secret(finding *f)
{
    const char *names[] = {f->container, f->name};
    char *m = secret_mask_value(f->message, f->secret, names, 2);
    free(f->message);
    f->message = m;
    if (f->remediation) {
        m = secret_mask_value(f->remediation, f->secret, names, 2);
        free(f->remediation);
        f->remediation = m;
    }
    mask_in(&f->fix_json, f->secret);
}

/* Phase two: copies only, never raises. */
static void add_finding(report_ctx *ctx, const report_args *a)
{
    const doc *d = a->d;
    finding f;
    memset(&f, 0, sizeof f);
    f.check = ctx->check;
    f.sev = a->sev >= 0 ? (severity)a->sev : ctx->set->v[ctx->check].sev;
    if (!d) { /* at a place of a document no longer in memory */
        const fact *ft = a->fact;
        const fact_place *p = a->at;
        if (p->dropped) return;
        f.src = ft->src;
        copy_args(&f, a, p->path);
        if (!a->has_resource) {
            f.kind = xstrdup_or_null(ft->kind);
            f.ns = xstrdup_or_null(ft->ns);
            f.name = xstrdup_or_null(ft->name);
        }
        if (f.secret)
            mask_finding_secret(&f);
        f.line = p->line;
        f.col = p->col;
        f.instr = NODE_NONE;
        f.input = ft->input;
        f.origin = ft->origin;
        f.doc_key = ft->doc_key;
        f.line_text = xstrdup_or_null(p->line_text);
        if (p->suppressed) {
            f.suppressed = 1;
            f.suppress_reason = xstrdup(p->reason ? p->reason : "");
            f.suppress_source = xstrdup(p->where ? p->where : "");
        }
        results *r = ctx->r;
        GROW(r->f, r->cap_f, r->n_f + 1);
        r->f[r->n_f++] = f;
        return;
    }
    f.src = d->src;
    copy_args(&f, a, a->path ? a->path : "");
    if (!a->has_resource) display_doc_resource(d, &f.kind, &f.ns, &f.name);
    if (f.secret)
        mask_finding_secret(&f);
    int foreign, partial;
    tree_locate_ex(d->t, d->root, f.path, (long)a->offset, &f.line, &f.col, &foreign, &partial);
    if (foreign || partial) {
        /* a Compose merge brought it from another file, which reports it; or
         * it is what a partial document lacks (compose_merge.h) */
        finding_free_fields(&f);
        return;
    }
    if (a->offset >= 0 && f.line && d->src) {
        /* An offset into text the source does not hold as written (a folded
         * or plain scalar joined across lines, an interpolated value) may
         * land past the end of the line: point at the value instead. */
        size_t n;
        const char *l = source_line(d->src, f.line, &n);
        if (!l || f.col > utf8_count(l, n) + 1) tree_locate(d->t, d->root, f.path, -1, &f.line, &f.col);
    }
    if (!f.line) f.line = d->line ? d->line : 1;
    if (!f.col) f.col = 1;
    finding_attach(&f, d);
    results *r = ctx->r;
    GROW(r->f, r->cap_f, r->n_f + 1);
    r->f[r->n_f++] = f;
}

static int l_report(lua_State *L)
{
    report_ctx *ctx = lua_touserdata(L, lua_upvalueindex(1));
    if (!ctx->active) return luaL_error(L, "report: called outside a run of its check");
    report_args a;
    read_args(L, ctx, &a);
    uint32_t *count = ctx->docs || ctx->facts ? &ctx->per_doc[a.doc_index] : &ctx->n_doc;
    if (*count >= REPORT_MAX_PER_DOC) {
        ctx->dropped++;
        return 0;
    }
    (*count)++;
    add_finding(ctx, &a);
    if (ctx->flush && ctx->r->n_f - ctx->flush_from >= REPORT_FLUSH) ctx->flush(ctx->flush_ctx, ctx->r, ctx->flush_from);
    return 0;
}

void check_report_push(lua_State *L, report_ctx *ctx)
{
    lua_pushlightuserdata(L, ctx);
    lua_pushcclosure(L, l_report, 1);
}

void check_report_begin_facts(report_ctx *ctx, uint32_t check_index, const fact_ref *facts, size_t n_facts,
                              results *r)
{
    check_report_begin(ctx, check_index, NULL, NULL, r);
    ctx->facts = facts;
    ctx->n_facts = n_facts;
    ctx->per_doc = xcalloc(n_facts + 1, sizeof *ctx->per_doc);
}

void check_report_begin(report_ctx *ctx, uint32_t check_index, const doc *d, const doc_refs *docs, results *r)
{
    ctx->check = check_index;
    ctx->doc = d;
    ctx->docs = docs;
    ctx->facts = NULL;
    ctx->n_facts = 0;
    ctx->n_doc = 0;
    ctx->dropped = 0;
    ctx->per_doc = docs ? xcalloc(docs->n + 1, sizeof *ctx->per_doc) : NULL;
    ctx->r = r;
    ctx->flush = NULL;
    ctx->active = 1;
}

void check_report_end(report_ctx *ctx)
{
    free(ctx->per_doc);
    ctx->per_doc = NULL;
    facts_store_free(&ctx->loaded);
    facts_reader_free(&ctx->rd);
    ctx->active = 0;
}
