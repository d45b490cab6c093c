/* facts.c — facts and places of cross-document checks (see facts.h).
 *
 * A value is serialized as a tag byte and its payload: 'n' nil, 'f'/'t'
 * booleans, 'z' null, 'i' integer (8 bytes), 'd' float (8 bytes), 's'
 * string (length, bytes), 'T' table (array count, then its items; hash
 * count, then key, value pairs). Counts and lengths are 4 bytes. */
#include "facts.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "finding.h"
#include "lua_ro.h"
#include "scan.h"
#include "suppress.h"

/* Free the strings of the facts and places in memory (not the arrays). */
static void free_fact_strings(facts_store *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i].shared_res) {
            free(s->v[i].kind);
            free(s->v[i].ns);
            free(s->v[i].name);
        }
    for (size_t i = 0; i < s->n_places; i++) {
        fact_place *p = &s->places[i];
        free(p->path);
        free(p->line_text);
        free(p->reason);
        free(p->where);
    }
}

void facts_store_free(facts_store *s)
{
    free_fact_strings(s);
    for (size_t i = 0; i < s->n_stand_ins; i++) source_free(s->stand_ins[i]);
    free(s->ix);
    spill_free(&s->sp);
    free(s->stand_ins);
    free(s->stand_in_file);
    free(s->v);
    free(s->places);
    buf_free(&s->bytes);
    memset(s, 0, sizeof *s);
}


size_t facts_begin(facts_store *s, uint32_t c, unsigned input, size_t file, const doc *d)
{
    GROW(s->v, s->cap, s->n + 1);
    fact *f = &s->v[s->n];
    memset(f, 0, sizeof *f);
    f->check = c;
    f->input = input;
    f->file = file;
    f->doc = d->index;
    f->origin = d->origin;
    f->d = d;
    f->doc_key = d;
    f->src = d->src;
    f->data = s->bytes.len;
    f->place0 = s->n_places;
    /* the default resource of a finding on d (check_report.c), shared by
     * the facts of one document */
    const fact *prev = s->n > 0 ? &s->v[s->n - 1] : NULL;
    if (prev && prev->d == d) {
        f->kind = prev->kind;
        f->ns = prev->ns;
        f->name = prev->name;
        f->shared_res = 1;
    } else {
        display_doc_resource(d, &f->kind, &f->ns, &f->name);
    }
    return s->n++;
}

void facts_drop(facts_store *s, size_t k)
{
    if (k + 1 != s->n) return; /* only the last one is ever dropped */
    fact *f = &s->v[k];
    for (size_t i = f->place0; i < s->n_places; i++) {
        free(s->places[i].path);
        free(s->places[i].line_text);
        free(s->places[i].reason);
        free(s->places[i].where);
    }
    s->n_places = f->place0;
    if (f->data + f->len == s->bytes.len) s->bytes.len = f->data; /* else shared with an earlier fact */
    if (!f->shared_res) {
        free(f->kind);
        free(f->ns);
        free(f->name);
    }
    s->n--;
}

/* ------------------------------------------------------- serialization */

typedef struct enc {
    lua_State *L;
    buf *b;
    size_t start;
    int seen;               /* stack index: tables being written (cycles) */
} enc;

static void put_u32(buf *b, uint32_t v) { buf_add(b, (const char *)&v, sizeof v); }

static void encode(enc *e, int idx, int depth)
{
    lua_State *L = e->L;
    idx = lua_absindex(L, idx);
    if (e->b->len - e->start > FACTS_MAX_BYTES)
        luaL_error(L, "facts: more than %d bytes on one document", (int)FACTS_MAX_BYTES);
    switch (lua_type(L, idx)) {
    case LUA_TNIL: buf_add(e->b, "n", 1); return;
    case LUA_TBOOLEAN: buf_add(e->b, lua_toboolean(L, idx) ? "t" : "f", 1); return;
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == NULL) {
            buf_add(e->b, "z", 1);
            return;
        }
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            lua_Integer v = lua_tointeger(L, idx);
            buf_add(e->b, "i", 1);
            buf_add(e->b, (const char *)&v, sizeof v);
        } else {
            lua_Number v = lua_tonumber(L, idx);
            buf_add(e->b, "d", 1);
            buf_add(e->b, (const char *)&v, sizeof v);
        }
        return;
    case LUA_TSTRING: {
        size_t n;
        const char *p = lua_tolstring(L, idx, &n);
        if (n > FACTS_MAX_BYTES) luaL_error(L, "facts: more than %d bytes on one document", (int)FACTS_MAX_BYTES);
        buf_add(e->b, "s", 1);
        put_u32(e->b, (uint32_t)n);
        buf_add(e->b, p, n);
        return;
    }
    case LUA_TTABLE: {
        if (depth >= FACTS_MAX_DEPTH) luaL_error(L, "facts: tables nested more than %d deep", FACTS_MAX_DEPTH);
        luaL_checkstack(L, 8, "facts");
        ro_push_inner(L, idx); /* views read through; documents made in full */
        int t = lua_gettop(L);
        lua_pushvalue(L, t);
        if (lua_rawget(L, e->seen) != LUA_TNIL) luaL_error(L, "facts: a table holds itself (cyclic facts)");
        lua_pop(L, 1);
        lua_pushvalue(L, t);
        lua_pushboolean(L, 1);
        lua_rawset(L, e->seen);
        lua_Integer na = (lua_Integer)lua_rawlen(L, t);
        buf_add(e->b, "T", 1);
        put_u32(e->b, (uint32_t)na);
        for (lua_Integer i = 1; i <= na; i++) {
            lua_rawgeti(L, t, i);
            encode(e, -1, depth + 1);
            lua_pop(L, 1);
        }
        size_t at = e->b->len;
        put_u32(e->b, 0);
        uint32_t nh = 0;
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 && lua_tointeger(L, -2) <= na) {
                lua_pop(L, 1);
                continue;
            }
            int kt = lua_type(L, -2);
            if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN)
                luaL_error(L, "facts: a table key must be a string, number or boolean (found a %s)", lua_typename(L, kt));
            encode(e, -2, depth + 1);
            encode(e, -1, depth + 1);
            nh++;
            lua_pop(L, 1);
        }
        memcpy(e->b->s + at, &nh, sizeof nh);
        lua_pushvalue(L, t);
        lua_pushnil(L);
        lua_rawset(L, e->seen); /* shared (not cyclic) tables are written again */
        lua_pop(L, 1);
        return;
    }
    default: break;
    }
    luaL_error(L, "facts: a %s cannot be kept (facts are nil, booleans, numbers, strings and tables)",
               luaL_typename(L, idx));
}

void facts_set(lua_State *L, facts_store *s, size_t k, int idx)
{
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    enc e = {L, &s->bytes, s->v[k].data, lua_gettop(L)};
    s->bytes.len = s->v[k].data;
    encode(&e, idx, 0);
    lua_pop(L, 1);
    fact *f = &s->v[k];
    f->len = s->bytes.len - f->data;
    /* the same facts as another check's on this document (the rbac checks
     * keep one projection each): kept once */
    for (size_t j = k; j-- > 0 && s->v[j].file == f->file && s->v[j].doc == f->doc;)
        if (s->v[j].len == f->len && memcmp(s->bytes.s + s->v[j].data, s->bytes.s + f->data, f->len) == 0) {
            s->bytes.len = f->data;
            f->data = s->v[j].data;
            break;
        }
}

typedef struct dec {
    const char *p, *end;
} dec;

static uint32_t get_u32(dec *d)
{
    uint32_t v = 0;
    if (d->end - d->p >= 4) memcpy(&v, d->p, 4);
    d->p += 4;
    return v;
}

static void decode(lua_State *L, dec *d)
{
    luaL_checkstack(L, 4, "facts");
    char tag = d->p < d->end ? *d->p : 'n';
    d->p++;
    switch (tag) {
    case 't': lua_pushboolean(L, 1); return;
    case 'f': lua_pushboolean(L, 0); return;
    case 'z': lua_pushlightuserdata(L, NULL); return;
    case 'i': {
        lua_Integer v = 0;
        memcpy(&v, d->p, sizeof v);
        d->p += sizeof v;
        lua_pushinteger(L, v);
        return;
    }
    case 'd': {
        lua_Number v = 0;
        memcpy(&v, d->p, sizeof v);
        d->p += sizeof v;
        lua_pushnumber(L, v);
        return;
    }
    case 's': {
        uint32_t n = get_u32(d);
        lua_pushlstring(L, d->p, n);
        d->p += n;
        return;
    }
    case 'T': {
        uint32_t na = get_u32(d);
        lua_createtable(L, (int)na, 0);
        for (uint32_t i = 1; i <= na; i++) {
            decode(L, d);
            lua_rawseti(L, -2, i);
        }
        uint32_t nh = get_u32(d);
        for (uint32_t i = 0; i < nh; i++) {
            decode(L, d);
            decode(L, d);
            lua_rawset(L, -3);
        }
        return;
    }
    default: lua_pushnil(L); return;
    }
}


/* --------------------------------------------------------------- places */

const fact_place *facts_find_place(const facts_store *s, const fact *f, const char *path, long offset)
{
    for (size_t i = f->place0; i < f->place0 + f->n_places; i++)
        if (s->places[i].offset == offset && strcmp(s->places[i].path, path) == 0) return &s->places[i];
    return NULL;
}

int facts_place(facts_store *s, size_t k, const checkset *set, const char *path, long offset)
{
    fact *f = &s->v[k];
    if (facts_find_place(s, f, path, offset)) return 0;
    if (f->n_places >= FACTS_MAX_PLACES) return -1;
    const doc *d = f->d;
    /* where the finding check_report.c would make there stands */
    finding fd;
    memset(&fd, 0, sizeof fd);
    fd.path = (char *)path;
    int foreign, partial;
    tree_locate_ex(d->t, d->root, path, offset, &fd.line, &fd.col, &foreign, &partial);
    if (offset >= 0 && fd.line && d->src) { /* as check_report.c: an offset past its line points at the value */
        size_t n;
        const char *l = source_line(d->src, fd.line, &n);
        if (!l || fd.col > utf8_count(l, n) + 1) tree_locate(d->t, d->root, path, -1, &fd.line, &fd.col);
    }
    if (!fd.line) fd.line = d->line ? d->line : 1;
    if (!fd.col) fd.col = 1;
    finding_attach(&fd, d);
    (void)set;
    GROW(s->places, s->cap_places, s->n_places + 1);
    fact_place *p = &s->places[s->n_places++];
    memset(p, 0, sizeof *p);
    p->path = xstrdup(path);
    p->offset = offset;
    p->dropped = foreign || partial; /* another file's, or what a partial document lacks: a finding there is not made */
    p->line = fd.line;
    p->col = fd.col;
    p->instr = fd.instr;
    p->instr_line = fd.instr_line;
    p->instr_end = fd.instr_end;
    if (s->keep_lines && fd.line >= 1 && fd.line <= d->src->n_lines) {
        size_t n;
        const char *t = source_line(d->src, fd.line, &n);
        p->line_text = xstrndup(t, n);
    }
    f->n_places++;
    return 0;
}

void facts_judge_file(facts_store *s, const checkset *set, size_t file)
{
    size_t k = s->n;
    while (k > 0 && s->v[k - 1].file == file) k--;
    if (k == s->n) return;
    size_t p0 = s->v[k].place0, n = s->n_places - p0;
    if (!n) return;
    finding *v = xcalloc(n, sizeof *v);
    for (; k < s->n; k++) {
        const fact *f = &s->v[k];
        for (size_t i = f->place0; i < f->place0 + f->n_places; i++) {
            finding *fd = &v[i - p0];
            const fact_place *p = &s->places[i];
            fd->check = f->check;
            fd->sev = set->v[f->check].sev;
            fd->src = f->d->src;
            fd->path = p->path;
            fd->line = p->line;
            fd->col = p->col;
            finding_attach(fd, f->d);
        }
    }
    /* one suppression index for the file, whatever the number of places */
    scan_result all = {.res = {.f = v, .n_f = n}};
    suppress_apply(&all, set);
    for (size_t i = 0; i < n; i++) {
        fact_place *p = &s->places[p0 + i];
        p->suppressed = v[i].suppressed;
        p->reason = v[i].suppress_reason; /* moved */
        p->where = v[i].suppress_source;
    }
    free(v);
}

void facts_forget_file(facts_store *s, size_t file, source *src)
{
    source *stand_in = NULL;
    for (size_t k = s->n; k-- > 0 && s->v[k].file == file;) {
        if (!stand_in) {
            size_t len = 0;
            stand_in = source_new_owned(src->path, xstrdup(""), len);
            stand_in->n_lines = 0; /* no line: nothing to read for suppressions or reports */
            /* what the reports read of the file besides its lines: its
             * repository path, its `# Source:` origins and (moved) the set
             * of its secrets, which masks the cross-document findings on it */
            stand_in->repo_path = xstrdup_or_null(src->repo_path);
            if (src->n_origins) {
                stand_in->origins = xcalloc(src->n_origins, sizeof *stand_in->origins);
                for (uint32_t o = 0; o < src->n_origins; o++)
                    stand_in->origins[o] = (source_origin){src->origins[o].line, xstrdup(src->origins[o].name)};
                stand_in->n_origins = src->n_origins;
            }
            stand_in->mask = src->mask;
            src->mask = NULL;
            GROW(s->stand_ins, s->cap_stand_ins, s->n_stand_ins + 1);
            GROW(s->stand_in_file, s->cap_stand_in_file, s->n_stand_ins + 1);
            s->stand_ins[s->n_stand_ins] = stand_in;
            s->stand_in_file[s->n_stand_ins++] = file;
        }
        s->v[k].d = NULL;
        s->v[k].src = stand_in;
    }
}

/* ---------------------------------------------------------------- spill */


static void put_str(buf *b, const char *p)
{
    uint32_t n = p ? (uint32_t)strlen(p) + 1 : 0;
    put_u32(b, n);
    if (n) buf_add(b, p, n - 1);
}

void facts_spill(facts_store *s)
{
    for (size_t k = 0; k < s->n; k++) {
        const fact *f = &s->v[k];
        GROW(s->ix, s->cap_ix, s->n_ix + 1);
        s->ix[s->n_ix++] = (fact_ix){f->check, f->input, (uint32_t)f->file, f->doc, spill_pos(&s->sp)};
        size_t at = s->sp.mem.len;
        put_u32(&s->sp.mem, 0); /* the record's length, below */
        buf_add(&s->sp.mem, (const char *)f, sizeof *f);
        put_str(&s->sp.mem, f->kind);
        put_str(&s->sp.mem, f->ns);
        put_str(&s->sp.mem, f->name);
        put_u32(&s->sp.mem, (uint32_t)f->len);
        buf_add(&s->sp.mem, s->bytes.s + f->data, f->len);
        for (size_t i = f->place0; i < f->place0 + f->n_places; i++) {
            const fact_place *p = &s->places[i];
            buf_add(&s->sp.mem, (const char *)p, sizeof *p);
            put_str(&s->sp.mem, p->path);
            put_str(&s->sp.mem, p->line_text);
            put_str(&s->sp.mem, p->reason);
            put_str(&s->sp.mem, p->where);
        }
        uint32_t len = (uint32_t)(s->sp.mem.len - at - 4);
        memcpy(s->sp.mem.s + at, &len, sizeof len);
    }
    /* what stays in memory: nothing of these facts */
    free_fact_strings(s);
    s->n = s->n_places = 0;
    s->bytes.len = 0;
    spill_write_if_full(&s->sp, "plimsoll-facts");
}

static int get_str(dec *d, char **out)
{
    *out = NULL;
    if (d->end - d->p < 4) return -1;
    uint32_t n = get_u32(d);
    if (!n) return 0;
    if ((size_t)(d->end - d->p) < n - 1) return -1;
    *out = xstrndup(d->p, n - 1);
    d->p += n - 1;
    return 0;
}

void facts_reader_free(facts_reader *rd) { spill_reader_free(rd); }

/* The record of r: its bytes in *d; 0, or -1. */
static int record_of(const fact_ref *r, facts_reader *rd, dec *d)
{
    uint32_t len;
    const char *p;
    if (spill_get(rd, &r->s->sp, r->x->off, 4, &p)) return -1;
    memcpy(&len, p, 4);
    if (spill_get(rd, &r->s->sp, r->x->off + 4, len, &p)) return -1;
    d->p = p;
    d->end = p + len;
    return 0;
}

/* Append the record of r to into; 0, or -1 when it is not one facts_spill wrote. */
static int load_record(const fact_ref *r, facts_store *into, facts_reader *rd)
{
    dec d;
    if (record_of(r, rd, &d)) return -1;
    size_t len = (size_t)(d.end - d.p);
    if (len < sizeof(fact)) return -1;
    GROW(into->v, into->cap, into->n + 1);
    fact *f = &into->v[into->n];
    memcpy(f, d.p, sizeof *f);
    d.p += sizeof *f;
    f->kind = f->ns = f->name = NULL;
    f->shared_res = 0;
    size_t n_places = f->n_places;
    f->n_places = 0;
    f->place0 = into->n_places;
    f->data = into->bytes.len;
    f->len = 0;
    into->n++; /* from here on, facts_store_free frees what f holds */
    if (get_str(&d, &f->kind) || get_str(&d, &f->ns) || get_str(&d, &f->name) || d.end - d.p < 4) return -1;
    uint32_t vlen = get_u32(&d);
    if ((size_t)(d.end - d.p) < vlen) return -1;
    buf_add(&into->bytes, d.p, vlen);
    f->len = vlen;
    d.p += vlen;
    for (size_t i = 0; i < n_places; i++) {
        if ((size_t)(d.end - d.p) < sizeof(fact_place)) return -1;
        GROW(into->places, into->cap_places, into->n_places + 1);
        fact_place *p = &into->places[into->n_places];
        memcpy(p, d.p, sizeof *p);
        d.p += sizeof *p;
        p->path = p->line_text = p->reason = p->where = NULL;
        into->n_places++;
        f->n_places++;
        if (get_str(&d, &p->path) || get_str(&d, &p->line_text) || get_str(&d, &p->reason) || get_str(&d, &p->where))
            return -1;
    }
    return 0;
}

static int cmp_ref(const void *pa, const void *pb)
{
    const fact_ix *a = ((const fact_ref *)pa)->x, *b = ((const fact_ref *)pb)->x;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    if (a->doc != b->doc) return a->doc < b->doc ? -1 : 1;
    return a < b ? -1 : a > b; /* one file's facts are in one store, as made (a List's items share doc) */
}

fact_ref *facts_gather(facts_store *const *stores, size_t n_stores, uint32_t c, unsigned in, size_t *n)
{
    fact_ref *v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t k = 0; k < n_stores; k++)
        for (size_t j = 0; stores[k] && j < stores[k]->n_ix; j++) {
            const fact_ix *x = &stores[k]->ix[j];
            if (x->check != c || x->input != in) continue;
            GROW(v, cap, *n + 1);
            v[(*n)++] = (fact_ref){stores[k], x};
        }
    if (*n > 1) qsort(v, *n, sizeof *v, cmp_ref);
    return v;
}

int facts_load(const fact_ref *r, facts_store *into, facts_reader *rd)
{
    facts_store_free(into);
    int failed = load_record(r, into, rd);
    if (failed) facts_store_free(into);
    return failed;
}

/* The bytes of r's value in *d, or -1. */
static int record_value(const fact_ref *r, facts_reader *rd, dec *d)
{
    if (record_of(r, rd, d) || (size_t)(d->end - d->p) < sizeof(fact)) return -1;
    d->p += sizeof(fact);
    for (int k = 0; k < 3; k++) { /* kind, ns, name */
        if (d->end - d->p < 4) return -1;
        uint32_t n = get_u32(d);
        if (n && (size_t)(d->end - d->p) < n - 1) return -1;
        if (n) d->p += n - 1;
    }
    if (d->end - d->p < 4) return -1;
    uint32_t vlen = get_u32(d);
    if ((size_t)(d->end - d->p) < vlen) return -1;
    d->end = d->p + vlen;
    return 0;
}

void facts_push(lua_State *L, const fact_ref *r, facts_reader *rd)
{
    dec d;
    if (record_value(r, rd, &d)) luaL_error(L, "facts: cannot be read back from their temporary file");
    decode(L, &d);
}
