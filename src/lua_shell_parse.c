/* lua_shell_parse.c — shell.lua's command builder in C (see
 * lua_shell_parse.h): from the tokens of lua_shell.c, the simple commands of
 * a shell text with their words, command word past prefix commands,
 * assignments, redirections, operators, pipelines, `case` patterns skipped,
 * `set -e`/`-o pipefail` state, and the recursion into `sh -c SCRIPT` and
 * `$(…)`/backquote/`<(…)` substitutions with their offsets mapped back to the
 * top-level text. It is the Lua builder it replaced, statement for statement
 * (tools/shell_parity.sh compares both over any corpus), apart from nesting
 * deeper than PARSE_MAX_DEPTH, whose inner scripts stay plain words. The
 * tables that say which words are reserved, prefix commands and shells are
 * shell.lua's, passed in: one definition. */
#include "lua_shell_parse.h"

#include <lauxlib.h>
#include <string.h>

#include "lua_guard.h"
#include "lua_shell.h"

#define PARSE_MAX_DEPTH 100

/* Where a token's offset (0-based, into the text being parsed) is reported. */
enum { MAP_SHIFT, MAP_SUB, MAP_WORD };
typedef struct pmap {
    int kind;
    lua_Integer shift;          /* MAP_SHIFT: o + shift */
    lua_Integer base;           /* MAP_SUB: outer(base + o) */
    const struct pmap *outer;   /* MAP_SUB, MAP_WORD */
    /* MAP_WORD: byte o of the value of a word of the outer text */
    lua_Integer vlen, w_offset, pos_base;
    int has_pos_base;
    const size_t *pos;
    size_t npos;
} pmap;

static lua_Integer map_apply(const pmap *m, lua_Integer o)
{
    for (;;) {
        switch (m->kind) {
        case MAP_SHIFT:
            return o + m->shift;
        case MAP_SUB:
            o = m->base + o;
            m = m->outer;
            continue;
        default:
            if (o < 0 || o >= m->vlen) return m->w_offset;
            if (m->has_pos_base) return m->pos_base + o;
            if ((size_t)o >= m->npos) return m->w_offset;
            o = (lua_Integer)m->pos[o];
            m = m->outer;
        }
    }
}

typedef struct state {
    int errexit, pipefail;
} state;

/* The options of one text: opts of the Lua original. */
typedef struct popts {
    int path;                   /* stack index of the path (may hold nil) */
    lua_Integer pipeline_base;
    int script, subst;
} popts;

typedef struct parser {
    lua_State *L;
    int tables;                 /* { RESERVED, PREFIX, SHELLS, REDIR } */
    int out;                    /* the list of commands */
} parser;

static void parse_text(parser *p, const char *src, size_t n, const popts *o, int depth, int parent, state *st,
                       const pmap *map);

/* ---- small readers of Lua values (strings may hold NUL bytes: compared
 * with their lengths, like Lua's ==) ---- */

static int lit_eq(const char *s, size_t n, const char *lit) { return n == strlen(lit) && memcmp(s, lit, n) == 0; }

/* The value at idx == lit (a string, not a number) */
static int is_str(lua_State *L, int idx, const char *lit)
{
    size_t n;
    if (lua_type(L, idx) != LUA_TSTRING) return 0;
    const char *s = lua_tolstring(L, idx, &n);
    return lit_eq(s, n, lit);
}

static int field_is(lua_State *L, int t, const char *k, const char *want)
{
    lua_getfield(L, t, k);
    int r = is_str(L, -1, want);
    lua_pop(L, 1);
    return r;
}

/* value == raw for token t (both strings) */
static int plain_word(lua_State *L, int t)
{
    lua_getfield(L, t, "value");
    lua_getfield(L, t, "raw");
    int r = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return r;
}

/* Is string at idx a key of table tables[which] (RESERVED, PREFIX…)? Pushes the entry. */
static int lookup(parser *p, const char *which, int idx)
{
    lua_State *L = p->L;
    idx = lua_absindex(L, idx);
    lua_getfield(L, p->tables, which);
    lua_pushvalue(L, idx);
    lua_gettable(L, -2);
    lua_remove(L, -2);
    return !lua_isnil(L, -1);
}

static int reserved_word(parser *p, int t)
{
    lua_State *L = p->L;
    lua_getfield(L, t, "value");
    int r = lookup(p, "RESERVED", -1) && lua_toboolean(L, -1);
    lua_pop(L, 2);
    return r && plain_word(L, t);
}

/* [-0, +(0|1)] Push list[k] and return it as a string (its length in *n),
 * or push nothing and return NULL past the end of the list. */
static const char *push_item(lua_State *L, int list, lua_Integer k, size_t *n)
{
    if (lua_rawgeti(L, list, k) == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    return lua_tolstring(L, -1, n);
}

static void push_basename(lua_State *L, const char *s, size_t n)
{
    const char *slash = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/') slash = s + i;
    if (slash) lua_pushlstring(L, slash + 1, n - (size_t)(slash + 1 - s));
    else lua_pushlstring(L, s, n);
}

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

/* s:match("^[%a_][%w_]*=") */
static int assignment_like(const char *s, size_t n)
{
    if (n == 0 || !(is_alpha((unsigned char)s[0]) || s[0] == '_')) return 0;
    size_t i = 1;
    while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '_')) i++;
    return i < n && s[i] == '=';
}

static void set_bool(lua_State *L, int t, const char *k, int v)
{
    lua_pushboolean(L, v);
    lua_setfield(L, t, k);
}

static void set_int(lua_State *L, int t, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, t, k);
}

/* t[k] = the value at idx */
static void set_from(lua_State *L, int t, const char *k, int idx)
{
    lua_pushvalue(L, idx);
    lua_setfield(L, t, k);
}

/* [-0, +1] A new list of list[from..to] (empty when to < from); returns its
 * stack index. */
static int push_slice(lua_State *L, int list, lua_Integer from, lua_Integer to)
{
    lua_createtable(L, to >= from ? (int)(to - from + 1) : 0, 0);
    for (lua_Integer j = from; j <= to; j++) {
        lua_rawgeti(L, list, j);
        lua_rawseti(L, -2, j - from + 1);
    }
    return lua_gettop(L);
}

/* ---- the command word ---- */

/* command_word(argv, words, k): the index of the command word past prefix
 * commands and their options (0: none); the prefixes list is pushed. */
static lua_Integer command_word(parser *p, int argv, int words, lua_Integer k)
{
    lua_State *L = p->L;
    lua_newtable(L);
    int prefixes = lua_gettop(L);
    lua_Integer np = 0;
    for (;;) {
        size_t an;
        const char *a0 = push_item(L, argv, k, &an);
        if (!a0) break;
        push_basename(L, a0, an);
        lua_remove(L, -2);
        int name = lua_gettop(L);
        if (!lookup(p, "PREFIX", name)) {
            lua_pop(L, 2);
            break;
        }
        int pref = lua_gettop(L);
        if (is_str(L, name, "command")) {
            lua_rawgeti(L, argv, k + 1);
            int stop = is_str(L, -1, "-v") || is_str(L, -1, "-V");
            lua_pop(L, 1);
            if (stop) {
                lua_pop(L, 2);
                break;
            }
        }
        lua_createtable(L, 0, 2);
        lua_pushvalue(L, name);
        lua_setfield(L, -2, "name");
        lua_rawgeti(L, words, k);
        lua_getfield(L, -1, "offset");
        lua_setfield(L, -3, "offset");
        lua_pop(L, 1);
        lua_rawseti(L, prefixes, ++np);
        k++;
        lua_getfield(L, pref, "val");
        int val = lua_gettop(L);
        lua_getfield(L, pref, "assigns");
        int assigns = lua_toboolean(L, -1);
        lua_pop(L, 1);
        int sudo = is_str(L, name, "sudo");
        for (;;) {
            size_t n;
            const char *a = push_item(L, argv, k, &n);
            if (!a) break;
            if (lit_eq(a, n, "--")) {
                lua_pop(L, 1);
                k++;
                break;
            }
            if (n >= 2 && a[0] == '-' && a[1] == '-') {
                k++;
                lua_gettable(L, val); /* val[a] */
                if (lua_toboolean(L, -1)) k++;
                lua_pop(L, 1);
            } else if (a[0] == '-' && n > 1) {
                k++;
                if (n == 2) {
                    lua_pushlstring(L, a + 1, 1);
                    lua_gettable(L, val);
                    if (lua_toboolean(L, -1)) k++;
                    lua_pop(L, 1);
                }
                lua_pop(L, 1);
            } else if ((assigns || sudo) && assignment_like(a, n)) {
                k++;
                lua_pop(L, 1);
            } else {
                lua_pop(L, 1);
                break;
            }
        }
        lua_getfield(L, pref, "operands");
        lua_Integer operands = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
        lua_pop(L, 1);
        for (lua_Integer j = 0; j < operands; j++) {
            int some = lua_rawgeti(L, argv, k) != LUA_TNIL;
            lua_pop(L, 1);
            if (some) k++;
        }
        lua_settop(L, prefixes);
    }
    int some = lua_rawgeti(L, argv, k) != LUA_TNIL;
    lua_pop(L, 1);
    return some ? k : 0;
}

/* apply_set(args, state): `set -e`, `set -o pipefail` and their + forms */
static void apply_set(lua_State *L, int args, state *st)
{
    for (lua_Integer k = 1;; k++) {
        size_t n;
        const char *a = push_item(L, args, k, &n);
        if (!a) return;
        if ((a[0] == '-' || a[0] == '+') && n > 1 && !lit_eq(a, n, "--")) {
            int on = a[0] == '-', wants_o = 0;
            for (size_t i = 1; i < n; i++) {
                if (a[i] == 'e') st->errexit = on;
                else if (a[i] == 'o') wants_o = 1;
            }
            if (wants_o) {
                if (lua_rawgeti(L, args, k + 1) != LUA_TNIL) {
                    k++;
                    if (is_str(L, -1, "pipefail")) st->pipefail = on;
                    else if (is_str(L, -1, "errexit")) st->errexit = on;
                }
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
}

/* s:match("^%-%a+$") */
static int dash_letters(const char *s, size_t n)
{
    if (n < 2 || s[0] != '-') return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_alpha((unsigned char)s[i])) return 0;
    return 1;
}

/* shell_c(c): the index in argv of the script of `sh -c SCRIPT` (0: none)
 * and the options set on the line. */
static lua_Integer shell_c(parser *p, int c, state *inner)
{
    lua_State *L = p->L;
    lua_getfield(L, c, "name");
    int shell = 0;
    if (!lua_isnil(L, -1)) {
        lookup(p, "SHELLS", -1);
        shell = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (!shell) return 0;
    lua_getfield(L, c, "argv");
    int argv = lua_gettop(L);
    lua_getfield(L, c, "cmd");
    lua_Integer k = lua_tointeger(L, -1) + 1;
    lua_pop(L, 1);
    int has_c = 0;
    *inner = (state){0, 0};
    for (;;) {
        size_t n;
        const char *a = push_item(L, argv, k, &n);
        if (!a) break;
        if (lit_eq(a, n, "-o") || lit_eq(a, n, "+o")) {
            lua_rawgeti(L, argv, k + 1);
            if (is_str(L, -1, "pipefail")) inner->pipefail = lit_eq(a, n, "-o");
            lua_pop(L, 2);
            k += 2;
        } else if (dash_letters(a, n)) {
            if (memchr(a + 1, 'c', n - 1)) has_c = 1;
            if (memchr(a + 1, 'e', n - 1)) inner->errexit = 1;
            lua_pop(L, 1);
            k++;
        } else {
            lua_pop(L, 1);
            break;
        }
    }
    int some = lua_rawgeti(L, argv, k) != LUA_TNIL;
    lua_pop(L, 2);
    return has_c && some ? k : 0;
}

/* ---- one text ---- */

typedef struct level {
    parser *p;
    const char *src;
    size_t n;
    const popts *o;
    int depth, parent;          /* parent: stack index, 0 for nil */
    state *st;
    const pmap *map;
    lua_Integer pipeline;
    char last_op[4];
    int has_last_op;
    int cur;                    /* stack slot of the command being built (nil: none) */
    int pending;                /* stack slot of the redirection waiting for its target (nil: none) */
    int case_depth, in_pattern;
} level;

static void set_last_op(level *lv, const char *op)
{
    if (!op) {
        lv->has_last_op = 0;
        return;
    }
    snprintf(lv->last_op, sizeof lv->last_op, "%s", op);
    lv->has_last_op = 1;
}

static void push_last_op(lua_State *L, const level *lv)
{
    if (lv->has_last_op) lua_pushstring(L, lv->last_op);
    else lua_pushnil(L);
}

/* pipeline * 1000 + add, wrapping around as Lua's integers do (deep nesting
 * overflows it; signed overflow would be undefined in C) */
static lua_Integer pipeline_base(lua_Integer pipeline, lua_Integer add)
{
    return (lua_Integer)((lua_Unsigned)pipeline * 1000u + (lua_Unsigned)add);
}

/* subs(wl, skip, parent): the substitutions inside the words of list wl */
static void subs(level *lv, int wl, lua_Integer skip, int parent)
{
    lua_State *L = lv->p->L;
    if (lv->depth + 1 > PARSE_MAX_DEPTH) return;
    for (lua_Integer j = 1;; j++) {
        if (lua_rawgeti(L, wl, j) == LUA_TNIL) {
            lua_pop(L, 1);
            return;
        }
        if (j == skip || lua_getfield(L, -1, "subs") != LUA_TTABLE) {
            lua_settop(L, lua_gettop(L) - (j == skip ? 1 : 2));
            continue;
        }
        int list = lua_gettop(L);
        for (lua_Integer k = 1; lua_rawgeti(L, list, k) == LUA_TTABLE; k++) {
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            lua_Integer a = lua_tointeger(L, -2), b = lua_tointeger(L, -1);
            lua_pop(L, 3);
            /* src:sub(a, b) */
            size_t from = a < 1 ? 0 : (size_t)(a - 1), to = b > (lua_Integer)lv->n ? lv->n : (b < 0 ? 0 : (size_t)b);
            pmap m = {0};
            if (lv->map->kind == MAP_SHIFT) m = (pmap){.kind = MAP_SHIFT, .shift = lv->map->shift + a - 1};
            else m = (pmap){.kind = MAP_SUB, .base = a - 1, .outer = lv->map};
            popts o = {lv->o->path, pipeline_base(lv->pipeline, 500 + j), 0, 1};
            state inner = *lv->st;
            parse_text(lv->p, lv->src + from, to > from ? to - from : 0, &o, lv->depth + 1, parent, &inner, &m);
        }
        lua_pop(L, 3); /* nil, list, word */
    }
}

/* flush(op): the command being built is complete */
static void flush(level *lv, const char *op)
{
    parser *p = lv->p;
    lua_State *L = p->L;
    int top = lua_gettop(L);
    lua_pushvalue(L, lv->cur);
    int c = lua_gettop(L);
    lua_pushnil(L);
    lua_replace(L, lv->cur);
    int empty = 1;
    if (!lua_isnil(L, c)) {
        lua_getfield(L, c, "words");
        empty = lua_rawlen(L, -1) == 0;
        lua_pop(L, 1);
    }
    if (empty) {
        int redirs = 0;
        if (!lua_isnil(L, c)) {
            lua_getfield(L, c, "redirs");
            redirs = lua_rawlen(L, -1) > 0;
            lua_pop(L, 1);
        }
        if (redirs) {
            lua_newtable(L);
            lua_setfield(L, c, "words");
        } else {
            if (op) set_last_op(lv, op);
            lua_settop(L, top);
            return;
        }
    }
    lua_getfield(L, c, "words");
    int words = lua_gettop(L);
    lua_Integer k = 1;
    while (lua_rawgeti(L, words, k) != LUA_TNIL && reserved_word(p, lua_gettop(L))) {
        lua_pop(L, 1);
        k++;
    }
    int wk = lua_gettop(L); /* words[k] or nil */
    if (!lua_isnil(L, wk)) {
        if (field_is(L, wk, "value", "case")) {
            lv->case_depth++;
            lv->in_pattern = 1;
            set_last_op(lv, op);
            lua_settop(L, top);
            return;
        }
        if ((field_is(L, wk, "value", "for") || field_is(L, wk, "value", "select")) && plain_word(L, wk)) {
            set_last_op(lv, op);
            lua_settop(L, top);
            return;
        }
    }
    lua_pop(L, 1); /* words[k] */
    int wl = push_slice(L, words, k, (lua_Integer)lua_rawlen(L, words));
    lua_Integer n = (lua_Integer)lua_rawlen(L, wl);
    lua_createtable(L, (int)n, 0);
    int argv = lua_gettop(L);
    for (lua_Integer j = 1; j <= n; j++) {
        lua_rawgeti(L, wl, j);
        lua_getfield(L, -1, "value");
        lua_rawseti(L, argv, j);
        lua_pop(L, 1);
    }
    lua_newtable(L);
    int assigns = lua_gettop(L);
    lua_Integer a = 1;
    for (; a <= n; a++) {
        lua_rawgeti(L, wl, a);
        int w = lua_gettop(L);
        lua_getfield(L, w, "raw");
        size_t rn;
        const char *raw = lua_tolstring(L, -1, &rn);
        int is = raw && assignment_like(raw, rn);
        lua_pop(L, 1);
        if (!is) {
            lua_pop(L, 1);
            break;
        }
        lua_createtable(L, 0, 3);
        lua_rawgeti(L, argv, a);
        size_t vn;
        const char *v = lua_tolstring(L, -1, &vn);
        const char *eq = memchr(v, '=', vn);
        if (eq) {
            lua_pushlstring(L, v, (size_t)(eq - v));
            lua_setfield(L, -3, "name");
            lua_pushlstring(L, eq + 1, vn - (size_t)(eq + 1 - v));
            lua_setfield(L, -3, "value");
        }
        lua_pop(L, 1);
        lua_getfield(L, w, "offset");
        lua_setfield(L, -2, "offset");
        lua_rawseti(L, assigns, (lua_Integer)lua_rawlen(L, assigns) + 1);
        lua_pop(L, 1);
    }
    set_from(L, c, "assigns", assigns);
    set_from(L, c, "argv", argv);
    set_from(L, c, "words", wl);
    lua_getfield(L, c, "redirs");
    int redirs = lua_gettop(L);
    if (n == 0) {
        int real = 0;
        for (lua_Integer j = 1; !real && lua_rawgeti(L, redirs, j) != LUA_TNIL; j++) {
            real = !field_is(L, lua_gettop(L), "op", "<<") && !field_is(L, lua_gettop(L), "op", "<<-");
            lua_pop(L, 1);
        }
        if (!real) {
            set_last_op(lv, op);
            lua_settop(L, top);
            return;
        }
    }
    lua_Integer ci = command_word(p, argv, wl, a);
    lua_setfield(L, c, "prefixes");
    if (ci) set_int(L, c, "cmd", ci);
    /* start: the first word's offset, else the first redirection's, else 0 */
    lua_Integer start = 0;
    if (n > 0) {
        lua_rawgeti(L, wl, 1);
        lua_getfield(L, -1, "offset");
    } else {
        lua_rawgeti(L, redirs, 1);
        if (lua_isnil(L, -1)) lua_pushnil(L);
        else lua_getfield(L, -1, "offset");
    }
    if (!lua_isnil(L, -1)) start = lua_tointeger(L, -1);
    int start_is_nil = lua_isnil(L, -1);
    lua_pop(L, 2);
    if (start_is_nil) lua_pushinteger(L, 0);
    else lua_pushinteger(L, start);
    lua_setfield(L, c, "start");
    if (ci) {
        lua_rawgeti(L, wl, ci);
        lua_getfield(L, -1, "offset");
        lua_setfield(L, c, "offset");
        lua_pop(L, 1);
        lua_rawgeti(L, argv, ci);
        size_t nn;
        const char *s = lua_tolstring(L, -1, &nn);
        push_basename(L, s, nn);
        lua_setfield(L, c, "name");
        lua_pop(L, 1);
    } else {
        lua_getfield(L, c, "start");
        lua_setfield(L, c, "offset");
    }
    /* after the command word (none: empty) */
    int args = push_slice(L, argv, ci ? ci + 1 : n + 1, n);
    set_from(L, c, "args", args);
    set_from(L, c, "arg_words", push_slice(L, wl, ci ? ci + 1 : n + 1, n));
    push_last_op(L, lv);
    lua_setfield(L, c, "op_before");
    if (op) lua_pushstring(L, op);
    else lua_pushnil(L);
    lua_setfield(L, c, "op_after");
    if (!lv->has_last_op || (strcmp(lv->last_op, "|") != 0 && strcmp(lv->last_op, "|&") != 0))
        lv->pipeline = (lua_Integer)((lua_Unsigned)lv->pipeline + 1u);
    set_int(L, c, "pipeline", lv->pipeline);
    set_int(L, c, "depth", lv->depth);
    if (lv->parent) {
        lua_pushvalue(L, lv->parent);
        lua_setfield(L, c, "parent");
    }
    lua_pushvalue(L, lv->o->path);
    lua_setfield(L, c, "path");
    if (lv->o->script) set_bool(L, c, "script", 1);
    if (lv->o->subst) set_bool(L, c, "subst", 1);
    set_bool(L, c, "errexit", lv->st->errexit);
    set_bool(L, c, "pipefail", lv->st->pipefail);
    lua_pushvalue(L, c);
    lua_rawseti(L, p->out, (lua_Integer)lua_rawlen(L, p->out) + 1);
    if (ci && field_is(L, c, "name", "set")) apply_set(L, args, lv->st);
    set_last_op(lv, op);
    /* recursion: sh -c SCRIPT, and $(…) `…` <(…) inside any word */
    state inner;
    lua_Integer si = shell_c(p, c, &inner);
    if (si && lv->depth + 1 <= PARSE_MAX_DEPTH) {
        lua_rawgeti(L, wl, si);
        int w = lua_gettop(L);
        lua_getfield(L, w, "value");
        size_t vn;
        const char *v = lua_tolstring(L, -1, &vn);
        pmap m = {.kind = MAP_WORD, .outer = lv->map, .vlen = (lua_Integer)vn};
        lua_getfield(L, w, "offset");
        m.w_offset = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (lua_getfield(L, w, "pos_base") != LUA_TNIL) {
            m.has_pos_base = 1;
            m.pos_base = lua_tointeger(L, -1);
        } else if (vn) {
            lua_getfield(L, w, "first");
            lua_Integer first = lua_tointeger(L, -1);
            lua_pop(L, 1);
            m.pos = lua_shell_push_word_pos(L, lv->src, lv->n, first, &m.npos); /* kept on the stack */
        }
        popts o = {lv->o->path, pipeline_base(lv->pipeline, 0), 1, 0};
        parse_text(p, v, vn, &o, lv->depth + 1, c, &inner, &m);
    }
    subs(lv, wl, si, c);
    lua_settop(L, top);
}

/* first_word(c) == "case": the first word not a reserved word */
static int first_word_is_case(parser *p, int c)
{
    lua_State *L = p->L;
    lua_getfield(L, c, "words");
    int words = lua_gettop(L), r = 0;
    for (lua_Integer j = 1; lua_rawgeti(L, words, j) != LUA_TNIL; j++) {
        int t = lua_gettop(L);
        if (!reserved_word(p, t)) {
            r = field_is(L, t, "raw", "case");
            lua_pop(L, 1);
            break;
        }
        lua_pop(L, 1);
    }
    lua_settop(L, words - 1);
    return r;
}

static void new_command(lua_State *L, level *lv)
{
    if (!lua_isnil(L, lv->cur)) return;
    lua_createtable(L, 0, 24);
    lua_newtable(L);
    lua_setfield(L, -2, "words");
    lua_newtable(L);
    lua_setfield(L, -2, "redirs");
    lua_replace(L, lv->cur);
}

static void append(lua_State *L, int list_owner, const char *field, int value)
{
    value = lua_absindex(L, value);
    lua_getfield(L, list_owner, field);
    lua_pushvalue(L, value);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
}

/* build: the commands of the token list at stack index toks (of the text
 * src[0..n), whose offsets map reports), appended to the parser's list. */
static void build(parser *p, int toks, const char *src, size_t n, const popts *o, int depth, int parent, state *st,
                  const pmap *map)
{
    lua_State *L = p->L;
    luaL_checkstack(L, 40, "shell parse");
    int top = lua_gettop(L);
    lua_pushnil(L);
    lua_pushnil(L);
    level lv = {p, src, n, o, depth, parent, st, map, o->pipeline_base, "", 0, top + 1, top + 2, 0, 0};
    for (lua_Integer i = 1; lua_rawgeti(L, toks, i) != LUA_TNIL; i++) {
        int t = lua_gettop(L);
        guard_charge(L, 1);
        if (map->kind != MAP_SHIFT) {
            lua_getfield(L, t, "offset");
            set_int(L, t, "offset", map_apply(map, lua_tointeger(L, -1)));
            lua_pop(L, 1);
        }
        if (field_is(L, t, "t", "w")) {
            if (!lua_isnil(L, lv.pending)) {
                lua_getfield(L, t, "value");
                lua_setfield(L, lv.pending, "target");
                lua_getfield(L, t, "offset");
                lua_setfield(L, lv.pending, "target_offset");
                lua_pushnil(L);
                lua_replace(L, lv.pending);
            } else if (field_is(L, t, "raw", "in") && !lua_isnil(L, lv.cur) && !lv.in_pattern &&
                       first_word_is_case(p, lv.cur)) {
                lua_getfield(L, lv.cur, "words");
                subs(&lv, lua_gettop(L), 0, parent);
                lua_pop(L, 1);
                lua_pushnil(L);
                lua_replace(L, lv.cur);
                lv.case_depth++;
                lv.in_pattern = 1;
            } else if (lv.in_pattern) {
                if (field_is(L, t, "value", "esac") && field_is(L, t, "raw", "esac")) {
                    if (lv.case_depth > 0) lv.case_depth--;
                    lv.in_pattern = 0;
                }
            } else if (field_is(L, t, "value", "esac") && field_is(L, t, "raw", "esac") && lv.case_depth > 0) {
                flush(&lv, ";");
                lv.case_depth--;
            } else {
                new_command(L, &lv);
                append(L, lv.cur, "words", t);
            }
        } else {
            lua_getfield(L, t, "value");
            char op[4] = "";
            snprintf(op, sizeof op, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
            int redir = lookup(p, "REDIR", -1) && lua_toboolean(L, -1);
            lua_pop(L, 2);
            if (redir && !lv.in_pattern) {
                new_command(L, &lv);
                lua_createtable(L, 0, 4);
                lua_pushstring(L, op);
                lua_setfield(L, -2, "op");
                lua_getfield(L, t, "offset");
                lua_setfield(L, -2, "offset");
                append(L, lv.cur, "redirs", -1);
                lua_replace(L, lv.pending);
            } else if (lv.in_pattern) {
                if (strcmp(op, ")") == 0) lv.in_pattern = 0;
            } else if (strcmp(op, ";;") == 0) {
                flush(&lv, ";");
                if (lv.case_depth > 0) lv.in_pattern = 1;
            } else {
                if (strcmp(op, "(") == 0 || strcmp(op, ")") == 0) strcpy(op, ";");
                flush(&lv, op);
            }
        }
        lua_settop(L, top + 2);
    }
    lua_pop(L, 1);
    flush(&lv, NULL);
    lua_settop(L, top);
}

static void parse_text(parser *p, const char *src, size_t n, const popts *o, int depth, int parent, state *st,
                       const pmap *map)
{
    lua_State *L = p->L;
    luaL_checkstack(L, 8, "shell parse");
    lua_shell_push_tokens(L, src, n, map->kind == MAP_SHIFT ? map->shift : 0);
    build(p, lua_gettop(L), src, n, o, depth, parent, st, map);
    lua_pop(L, 1);
}

/* plimsoll.shell_parse(src, opts, tables) → commands. opts: path, shift,
 * pipeline_base, pipefail, errexit; tables: { RESERVED, PREFIX, SHELLS, REDIR }. */
static int l_shell_parse(lua_State *L)
{
    size_t n;
    const char *src = luaL_checklstring(L, 1, &n);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    lua_settop(L, 3);
    lua_getfield(L, 2, "path"); /* 4 */
    lua_getfield(L, 2, "shift");
    pmap map = {.kind = MAP_SHIFT, .shift = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0};
    lua_getfield(L, 2, "pipeline_base");
    popts o = {4, lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0, 0, 0};
    lua_getfield(L, 2, "errexit");
    lua_getfield(L, 2, "pipefail");
    state st = {lua_toboolean(L, -2), lua_toboolean(L, -1)};
    lua_settop(L, 4);
    lua_newtable(L); /* 5: out */
    parser p = {L, 3, 5};
    parse_text(&p, src, n, &o, 0, 0, &st, &map);
    return 1;
}

/* plimsoll.shell_from_argv(argv, offsets, opts, tables) → commands of one
 * argv given directly (exec form): words at the offsets given. */
static int l_shell_from_argv(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TTABLE);
    lua_settop(L, 4);
    lua_getfield(L, 3, "path"); /* 5 */
    lua_newtable(L);            /* 6: out */
    /* the argv as tokens: the same as shell.lua made them */
    lua_newtable(L);            /* 7: toks */
    for (lua_Integer k = 1; lua_geti(L, 1, k) != LUA_TNIL; k++) { /* (a document's list may be a read-only view) */
        lua_createtable(L, 0, 5);
        lua_pushliteral(L, "w");
        lua_setfield(L, -2, "t");
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "value");
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "raw");
        lua_geti(L, 2, k);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, "offset");
        lua_setfield(L, -2, "pos_base");
        lua_rawseti(L, 7, k);
        lua_pop(L, 1);
        guard_charge(L, 1);
    }
    lua_pop(L, 1);
    parser p = {L, 4, 6};
    popts o = {5, 0, 0, 0};
    state st = {0, 0};
    pmap map = {.kind = MAP_SHIFT};
    build(&p, 7, "", 0, &o, 0, 0, &st, &map); /* the text is empty: no substitutions */
    lua_settop(L, 6);
    return 1;
}

void lua_shell_parse_register(lua_State *L, int idx)
{
    static const luaL_Reg fns[] = {{"shell_parse", l_shell_parse}, {"shell_from_argv", l_shell_from_argv}, {NULL, NULL}};
    lua_pushvalue(L, idx);
    luaL_setfuncs(L, fns, 0);
    lua_pop(L, 1);
}
