/* lua_shell.c — shell.lua's lexer in C (see lua_shell.h). It reproduces the
 * Lua lexer token for token: words (quotes and backslashes removed,
 * `$VAR`, `${…}`, `$(…)`, backquotes and `<(…)` kept as text, the inner
 * text of substitutions remembered), operators, comments, here-document
 * bodies skipped, a file descriptor before a redirection dropped. Indices
 * below are 1-based like the Lua original (at(i) is byte i of src, -1 past
 * its end), so the two read alike. Never fails on malformed input; the
 * matching of `$(…)` uses an explicit stack, so nesting costs no C stack. */
#include "lua_shell.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "lua_guard.h"
#include "util.h"

#define LEXER_META "plimsoll.shell.lexer"

typedef struct pending {
    size_t delim, len;  /* the delimiter: lexer value bytes [delim, delim+len) in heredoc_text */
    int strip;          /* <<- : leading tabs removed before comparing */
} pending;

typedef struct lexer {
    const char *s;
    size_t n;
    /* the word being built */
    int in_word;
    size_t first;
    buf val;
    size_t *subs;       /* pairs (a, b) */
    size_t nsubs, cap_subs;
    size_t *pos;        /* value byte → 0-based src offset (pos mode only) */
    size_t npos, cap_pos;
    int pos_mode, done;
    /* the last token, for here-documents */
    int last_op;        /* the last token was an operator */
    char op[4];
    buf delims;         /* pending delimiters' text */
    pending *pend;
    size_t npend, cap_pend;
    /* output */
    lua_State *L;
    int out;
    lua_Integer ntok, delta;
    size_t *stack;      /* close_paren's frames */
    size_t cap_stack;
} lexer;

static void lexer_free(lexer *x)
{
    buf_free(&x->val);
    buf_free(&x->delims);
    free(x->subs);
    free(x->pos);
    free(x->pend);
    free(x->stack);
    memset(x, 0, sizeof *x);
}

static int lexer_gc(lua_State *L)
{
    lexer_free(lua_touserdata(L, 1));
    return 0;
}

/* Byte i (1-based) of src, or -1 past either end. */
static int at(const lexer *x, size_t i) { return i >= 1 && i <= x->n ? (unsigned char)x->s[i - 1] : -1; }

/* The first index >= i holding byte c, or 0. */
static size_t find_char(const lexer *x, int c, size_t i)
{
    if (i < 1 || i > x->n) return 0;
    const char *p = memchr(x->s + i - 1, c, x->n - i + 1);
    return p ? (size_t)(p - x->s) + 1 : 0;
}

static int special(int c)
{
    switch (c) {
    case '\\': case '\'': case '"': case '$': case '`': case '<': case '>': case '#': case '&': case '|':
    case ';': case '(': case ')': case ' ': case '\t': case '\r': case '\n': return 1;
    default: return 0;
    }
}

static void start_word(lexer *x, size_t k)
{
    if (x->in_word) return;
    x->in_word = 1;
    x->first = k;
    x->val.len = 0;
    x->nsubs = 0;
}

static void add_pos(lexer *x, size_t k)
{
    if (!x->pos_mode) return;
    GROW(x->pos, x->cap_pos, x->npos + 1);
    x->pos[x->npos++] = k - 1;
}

/* add(ch, k): one byte, from index k */
static void add(lexer *x, int ch, size_t k)
{
    char c = (char)ch;
    buf_add(&x->val, &c, 1);
    add_pos(x, k);
}

/* add_run(a, b): src[a..b] (clipped to src), each byte from its index */
static void add_run(lexer *x, size_t a, size_t b)
{
    if (b > x->n) b = x->n;
    if (a < 1 || a > b) return;
    buf_add(&x->val, x->s + a - 1, b - a + 1);
    for (size_t k = a; x->pos_mode && k <= b; k++) add_pos(x, k);
}

static void verbatim(lexer *x, size_t a, size_t b, size_t sub_a, size_t sub_b)
{
    add_run(x, a, b);
    if (!sub_a) return;
    GROW(x->subs, x->cap_subs, 2 * x->nsubs + 2);
    x->subs[2 * x->nsubs] = sub_a;
    x->subs[2 * x->nsubs + 1] = sub_b;
    x->nsubs++;
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

static void emit_op(lexer *x, const char *op, size_t len, size_t i)
{
    x->last_op = 1;
    memcpy(x->op, op, len);
    x->op[len] = 0;
    if (x->pos_mode) return;
    lua_State *L = x->L;
    lua_createtable(L, 0, 3);
    lua_pushliteral(L, "op");
    lua_setfield(L, -2, "t");
    lua_pushlstring(L, op, len);
    lua_setfield(L, -2, "value");
    set_int(L, "offset", x->delta + (lua_Integer)(i - 1));
    lua_rawseti(L, x->out, ++x->ntok);
}

/* finish(k): the word ends before index k */
static void finish(lexer *x, size_t k)
{
    if (!x->in_word) return;
    x->in_word = 0;
    if (x->pos_mode) {
        x->done = 1;
        return;
    }
    lua_State *L = x->L;
    lua_createtable(L, 0, 6);
    lua_pushliteral(L, "w");
    lua_setfield(L, -2, "t");
    lua_pushlstring(L, x->val.s ? x->val.s : "", x->val.len);
    lua_setfield(L, -2, "value");
    lua_pushlstring(L, x->s + x->first - 1, k - x->first);
    lua_setfield(L, -2, "raw");
    set_int(L, "offset", x->delta + (lua_Integer)(x->first - 1));
    set_int(L, "first", (lua_Integer)x->first);
    if (x->nsubs) {
        lua_createtable(L, (int)x->nsubs, 0);
        for (size_t j = 0; j < x->nsubs; j++) {
            lua_createtable(L, 2, 0);
            lua_pushinteger(L, (lua_Integer)x->subs[2 * j]);
            lua_rawseti(L, -2, 1);
            lua_pushinteger(L, (lua_Integer)x->subs[2 * j + 1]);
            lua_rawseti(L, -2, 2);
            lua_rawseti(L, -2, (lua_Integer)j + 1);
        }
        lua_setfield(L, -2, "subs");
    }
    lua_rawseti(L, x->out, ++x->ntok);
    if (x->last_op && (strcmp(x->op, "<<") == 0 || strcmp(x->op, "<<-") == 0)) {
        GROW(x->pend, x->cap_pend, x->npend + 1);
        x->pend[x->npend++] = (pending){x->delims.len, x->val.len, strcmp(x->op, "<<-") == 0};
        buf_add(&x->delims, x->val.s ? x->val.s : "", x->val.len);
    }
    x->last_op = 0;
}

/* Index of the ")" closing the "(" at i (or n when there is none): quotes and
 * backslashes respected, "$(" inside double quotes matched on their own. */
static size_t close_paren(lexer *x, size_t i)
{
    size_t n = x->n, top = 0;
    /* a frame: depth << 1 | in double quotes */
    GROW(x->stack, x->cap_stack, 1);
    x->stack[0] = 0;
    for (;;) {
        size_t *f = &x->stack[top];
        if (i > n) return n;
        int c = at(x, i);
        if (*f & 1) {
            if (c == '\\') i += 2;
            else if (c == '"') {
                *f &= ~(size_t)1;
                i += 1;
            } else if (c == '$' && at(x, i + 1) == '(') {
                GROW(x->stack, x->cap_stack, top + 2);
                x->stack[++top] = 0;
                i += 1;
            } else {
                i += 1;
            }
            continue;
        }
        if (c == '\\') {
            i += 2;
        } else if (c == '\'') {
            size_t e = find_char(x, '\'', i + 1);
            if (!e) return n;
            i = e + 1;
        } else if (c == '"') {
            *f |= 1;
            i += 1;
        } else if (c == '(') {
            *f += 2;
            i += 1;
        } else if (c == ')') {
            *f -= 2;
            if (*f >> 1 == 0) {
                if (top == 0) return i;
                top--;      /* back in the enclosing double quotes */
            }
            i += 1;
        } else {
            i += 1;
        }
    }
}

static int is_op3(const lexer *x, size_t i)
{
    static const char *const ops[] = {"<<-", "<<<", "&>>"};
    for (size_t k = 0; k < 3; k++)
        if (i + 2 <= x->n && memcmp(x->s + i - 1, ops[k], 3) == 0) return 1;
    return 0;
}

static int is_op2(const lexer *x, size_t i)
{
    static const char *const ops[] = {"&&", "||", ";;", "|&", ">>", "<<", "&>", ">&", "<&", ">|", "<>"};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++)
        if (i + 1 <= x->n && memcmp(x->s + i - 1, ops[k], 2) == 0) return 1;
    return 0;
}

/* Skip the bodies of the pending here-documents, from index *i (after a newline). */
static void skip_heredocs(lexer *x, size_t *i)
{
    for (size_t h = 0; h < x->npend; h++) {
        const pending *p = &x->pend[h];
        const char *delim = x->delims.s + p->delim;
        while (*i <= x->n) {
            size_t e = find_char(x, '\n', *i);
            if (!e) e = x->n + 1;
            const char *line = x->s + *i - 1;
            size_t len = e - *i;
            *i = e + 1;
            if (p->strip)
                while (len && *line == '\t') line++, len--;
            if (len == p->len && memcmp(line, delim, len) == 0) break;
        }
    }
    x->npend = 0;
    x->delims.len = 0;
}

static void lex(lexer *x, size_t i)
{
    size_t n = x->n;
    while (i <= n && !x->done) {
        size_t plain_end = i;
        while (plain_end <= n && !special(at(x, plain_end))) plain_end++;
        int c = at(x, i);
        if (plain_end > i) {
            start_word(x, i);
            add_run(x, i, plain_end - 1);
            i = plain_end;
        } else if (c == '\\') {
            int d = at(x, i + 1);
            if (d == '\n') {
                i += 2;
            } else {
                start_word(x, i);
                if (d >= 0) add(x, d, i + 1);
                i += 2;
            }
        } else if (c == '\'') {
            start_word(x, i);
            size_t e = find_char(x, '\'', i + 1);
            if (!e) e = n + 1;
            add_run(x, i + 1, e - 1);
            i = e + 1;
        } else if (c == '"') {
            start_word(x, i);
            i += 1;
            while (i <= n) {
                size_t q = i;
                while (q <= n && at(x, q) != '"' && at(x, q) != '\\' && at(x, q) != '$' && at(x, q) != '`') q++;
                int d = q == i ? at(x, i) : 0;
                if (q > i) {
                    add_run(x, i, q - 1);
                    i = q - 1;
                } else if (d == '"') {
                    break;
                } else if (d == '\\') {
                    int e = at(x, i + 1);
                    if (e == '\n') i += 1;
                    else if (e == '$' || e == '`' || e == '"' || e == '\\') {
                        add(x, e, i + 1);
                        i += 1;
                    } else {
                        add(x, d, i);
                    }
                } else if (d == '$' && at(x, i + 1) == '(') {
                    size_t e = close_paren(x, i + 1);
                    if (at(x, i + 2) == '(') verbatim(x, i, e, 0, 0);
                    else verbatim(x, i, e, i + 2, e - 1);
                    i = e;
                } else if (d == '`') {
                    size_t e = find_char(x, '`', i + 1);
                    if (!e) e = n;
                    verbatim(x, i, e, i + 1, e - 1);
                    i = e;
                } else {
                    add(x, d, i);
                }
                i += 1;
            }
            i += 1;
        } else if (c == '$' && at(x, i + 1) == '(') {
            start_word(x, i);
            size_t e = close_paren(x, i + 1);
            if (at(x, i + 2) == '(') verbatim(x, i, e, 0, 0);
            else verbatim(x, i, e, i + 2, e - 1);
            i = e + 1;
        } else if (c == '$' && at(x, i + 1) == '{') {
            start_word(x, i);
            size_t e = find_char(x, '}', i + 2);
            if (!e) e = n;
            verbatim(x, i, e, 0, 0);
            i = e + 1;
        } else if (c == '`') {
            start_word(x, i);
            size_t e = find_char(x, '`', i + 1);
            if (!e) e = n;
            verbatim(x, i, e, i + 1, e - 1);
            i = e + 1;
        } else if ((c == '<' || c == '>') && at(x, i + 1) == '(') {
            start_word(x, i);
            size_t e = close_paren(x, i + 1);
            verbatim(x, i, e, i + 2, e - 1);
            i = e + 1;
        } else if (c == '#' && !x->in_word) {
            size_t e = find_char(x, '\n', i);
            i = e ? e : n + 1;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            finish(x, i);
            i += 1;
        } else if (c == '\n') {
            finish(x, i);
            emit_op(x, "\n", 1, i);
            i += 1;
            skip_heredocs(x, &i);
        } else if (c == '&' || c == '|' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')') {
            /* a number right before < or > is a file descriptor: 2>&1 */
            int fd = 0;
            if (x->in_word && (c == '<' || c == '>') && i > x->first) {
                fd = 1;
                for (size_t k = x->first; k < i && fd; k++) fd = at(x, k) >= '0' && at(x, k) <= '9';
            }
            if (fd) x->in_word = 0;
            else finish(x, i);
            if (x->done) break;
            size_t len = is_op3(x, i) ? 3 : is_op2(x, i) ? 2 : 1;
            emit_op(x, x->s + i - 1, len, i);
            i += len;
        } else {
            start_word(x, i);
            add(x, c, i);
            i += 1;
        }
    }
    finish(x, n + 1);
}

/* A lexer in a userdata (so an error on the way frees its buffers). */
static lexer *new_lexer(lua_State *L, const char *s, size_t n)
{
    lexer *x = lua_newuserdatauv(L, sizeof *x, 0);
    memset(x, 0, sizeof *x);
    if (luaL_newmetatable(L, LEXER_META)) {
        lua_pushcfunction(L, lexer_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    x->s = s;
    x->n = n;
    x->L = L;
    return x;
}

void lua_shell_push_tokens(lua_State *L, const char *s, size_t n, lua_Integer delta)
{
    guard_charge(L, n / 8);
    lexer *x = new_lexer(L, s, n);
    x->delta = delta;
    lua_newtable(L);
    x->out = lua_gettop(L);
    lex(x, 1);
    guard_charge(L, (uint64_t)x->ntok);
    lexer_free(x);
    lua_remove(L, -2); /* the lexer */
}

size_t *lua_shell_push_word_pos(lua_State *L, const char *s, size_t n, lua_Integer first, size_t *npos)
{
    guard_charge(L, n / 8);
    lexer *x = new_lexer(L, s, n);
    x->pos_mode = 1;
    if (first >= 1 && (size_t)first <= n) lex(x, (size_t)first);
    size_t *pos = lua_newuserdatauv(L, (x->npos + 1) * sizeof *pos, 0);
    if (x->npos) memcpy(pos, x->pos, x->npos * sizeof *pos);
    *npos = x->npos;
    guard_charge(L, (uint64_t)x->npos);
    lexer_free(x);
    lua_remove(L, -2); /* the lexer */
    return pos;
}

/* plimsoll.shell_lex(src[, delta]) → tokens */
static int l_shell_lex(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    lua_Integer delta = luaL_optinteger(L, 2, 0);
    lua_settop(L, 2);
    lua_shell_push_tokens(L, s, n, delta);
    return 1;
}

/* plimsoll.shell_word_pos(src, first) → offsets of the value bytes of the
 * word that starts at src[first] */
static int l_shell_word_pos(lua_State *L)
{
    size_t n, npos;
    const char *s = luaL_checklstring(L, 1, &n);
    lua_Integer first = luaL_checkinteger(L, 2);
    lua_settop(L, 2);
    const size_t *pos = lua_shell_push_word_pos(L, s, n, first, &npos);
    lua_createtable(L, (int)npos, 0);
    for (size_t k = 0; k < npos; k++) {
        lua_pushinteger(L, (lua_Integer)pos[k]);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}

void lua_shell_register(lua_State *L, int idx)
{
    static const luaL_Reg fns[] = {{"shell_lex", l_shell_lex}, {"shell_word_pos", l_shell_word_pos}, {NULL, NULL}};
    lua_pushvalue(L, idx);
    luaL_setfuncs(L, fns, 0);
    lua_pop(L, 1);
}
