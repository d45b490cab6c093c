/* lua_keywords.c — many-keyword search for checks: which lists of keywords
 * have a keyword in a string, ASCII case-insensitively, in one pass over the
 * string (see lua_keywords.h). The pre-filter of the secret rules: 63 rules,
 * about 150 keywords, each once a `string.find` over the whole text. */
#include "lua_keywords.h"

#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#include "lua_guard.h"

#define KW_META "plimsoll.keywords"
#define KW_MAX_LISTS 65535u
#define KW_MAX_KEYWORDS 65535u
#define KW_MAX_BYTES (1u << 20)       /* of all keywords together */
#define BYTES_PER_STEP 8              /* budget: bytes scanned or compared per step */

typedef struct kw_entry {
    uint32_t off, len, list;          /* bytes[off .. off+len), lower-cased; list: 0-based */
} kw_entry;

/* One userdata: the header, then the entries (sorted by first byte), the
 * lists that have an empty keyword (they match every string), the bytes. */
typedef struct kw_matcher {
    uint32_t n_lists, n_kw, n_always;
    uint32_t first[257];              /* entries starting with byte b: [first[b], first[b+1]) */
    uint8_t pair[65536 / 8];          /* bit (a << 8 | b): an entry of length >= 2 starts "ab" */
    uint8_t single[256 / 8];          /* bit a: the entry "a" (length 1) exists */
} kw_matcher;

static inline unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c; }
static inline int bit(const uint8_t *set, unsigned i) { return (set[i >> 3] >> (i & 7)) & 1; }
static inline void set_bit(uint8_t *set, unsigned i) { set[i >> 3] |= (uint8_t)(1u << (i & 7)); }

static kw_entry *entries(kw_matcher *m) { return (kw_entry *)(m + 1); }
static uint32_t *always(kw_matcher *m) { return (uint32_t *)(entries(m) + m->n_kw); }
static char *bytes(kw_matcher *m) { return (char *)(always(m) + m->n_always); }

/* [-0, +0, e] The keyword j of list i of the table at idx (a string), or raise. */
static const char *keyword_at(lua_State *L, int idx, lua_Integer i, lua_Integer j, size_t *len)
{
    lua_rawgeti(L, idx, i);
    if (!lua_istable(L, -1)) luaL_error(L, "plimsoll.keywords: list %d is not a table", (int)i);
    lua_rawgeti(L, -1, j);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, len) : NULL;
    if (!s && !lua_isnil(L, -1)) luaL_error(L, "plimsoll.keywords: keyword %d of list %d is not a string", (int)j, (int)i);
    lua_pop(L, 2); /* the string stays alive: the list holds it, and nothing runs in between */
    return s;
}

/* plimsoll.keywords(lists) → a matcher of the lists of keywords (each a list
 * of strings). */
static int l_keywords(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n_lists = (lua_Integer)lua_rawlen(L, 1);
    if ((lua_Unsigned)n_lists > KW_MAX_LISTS) return luaL_error(L, "plimsoll.keywords: more than %u lists", KW_MAX_LISTS);
    size_t n_kw = 0, n_always = 0, total = 0;
    for (lua_Integer i = 1; i <= n_lists; i++) {
        size_t len;
        int empty = 0;
        for (lua_Integer j = 1; keyword_at(L, 1, i, j, &len); j++) {
            if (len == 0) empty = 1;
            else n_kw++, total += len;
            if (n_kw > KW_MAX_KEYWORDS || total > KW_MAX_BYTES)
                return luaL_error(L, "plimsoll.keywords: more than %u keywords or %u bytes", KW_MAX_KEYWORDS, KW_MAX_BYTES);
        }
        n_always += (size_t)empty;
    }
    guard_charge(L, 1 + (total + n_kw * sizeof(kw_entry)) / BYTES_PER_STEP);
    kw_matcher *m = lua_newuserdatauv(L, sizeof *m + n_kw * sizeof(kw_entry) + n_always * sizeof(uint32_t) + total, 0);
    memset(m, 0, sizeof *m);
    m->n_lists = (uint32_t)n_lists;
    m->n_kw = (uint32_t)n_kw;
    m->n_always = (uint32_t)n_always;
    /* first pass: count per first byte; second: place (a counting sort) */
    uint32_t count[256] = {0};
    for (lua_Integer i = 1; i <= n_lists; i++) {
        size_t len;
        const char *s;
        for (lua_Integer j = 1; (s = keyword_at(L, 1, i, j, &len)); j++)
            if (len) count[lower((unsigned char)s[0])]++;
    }
    for (int b = 0; b < 256; b++) m->first[b + 1] = m->first[b] + count[b];
    uint32_t at[256];
    memcpy(at, m->first, sizeof at);
    kw_entry *e = entries(m);
    char *out = bytes(m);
    uint32_t off = 0, k_always = 0;
    for (lua_Integer i = 1; i <= n_lists; i++) {
        size_t len;
        const char *s;
        int empty = 0;
        for (lua_Integer j = 1; (s = keyword_at(L, 1, i, j, &len)); j++) {
            if (!len) {
                empty = 1;
                continue;
            }
            unsigned char a = lower((unsigned char)s[0]);
            kw_entry *x = &e[at[a]++];
            *x = (kw_entry){off, (uint32_t)len, (uint32_t)(i - 1)};
            for (size_t c = 0; c < len; c++) out[off + c] = (char)lower((unsigned char)s[c]);
            off += (uint32_t)len;
            if (len == 1) set_bit(m->single, a);
            else set_bit(m->pair, (unsigned)a << 8 | lower((unsigned char)s[1]));
        }
        if (empty) always(m)[k_always++] = (uint32_t)(i - 1);
    }
    luaL_setmetatable(L, KW_META);
    return 1;
}

/* matcher:hits(s) → the 1-based indexes, ascending, of the lists that have a
 * keyword in s (ASCII letters compared without case). */
static int l_hits(lua_State *L)
{
    kw_matcher *m = luaL_checkudata(L, 1, KW_META);
    size_t n;
    const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 2, &n);
    guard_charge(L, 1 + n / BYTES_PER_STEP);
    /* which lists have a hit: on the stack for the usual few lists (this
     * runs for every string a secret check looks at), else Lua's memory */
    uint8_t few[512];
    uint8_t *hit = m->n_lists < 8 * sizeof few ? few : lua_newuserdatauv(L, m->n_lists / 8 + 1, 0);
    memset(hit, 0, m->n_lists / 8 + 1);
    const kw_entry *e = entries(m);
    const char *kb = bytes(m);
    uint64_t compared = 0;
    size_t n_hit = 0;
    for (uint32_t k = 0; k < m->n_always; k++)
        if (!bit(hit, always(m)[k])) set_bit(hit, always(m)[k]), n_hit++;
    for (size_t i = 0; i < n && n_hit < m->n_lists; i++) {
        unsigned char a = lower(s[i]);
        int two = i + 1 < n && bit(m->pair, (unsigned)a << 8 | lower(s[i + 1]));
        if (!two && !bit(m->single, a)) continue;
        for (uint32_t k = m->first[a]; k < m->first[a + 1]; k++) {
            const kw_entry *x = &e[k];
            if (bit(hit, x->list) || x->len > n - i || (x->len > 1 && !two)) continue;
            uint32_t c = 1;
            while (c < x->len && lower(s[i + c]) == (unsigned char)kb[x->off + c]) c++;
            compared += c;
            if (c == x->len) set_bit(hit, x->list), n_hit++;
        }
        if (compared > 4096) {
            guard_charge(L, compared / BYTES_PER_STEP);
            compared = 0;
        }
    }
    guard_charge(L, compared / BYTES_PER_STEP);
    lua_createtable(L, (int)(n_hit < 1024 ? n_hit : 1024), 0);
    lua_Integer out = 0;
    for (uint32_t l = 0; l < m->n_lists; l++)
        if (bit(hit, l)) {
            lua_pushinteger(L, (lua_Integer)l + 1);
            lua_rawseti(L, -2, ++out);
        }
    return 1;
}

void lua_keywords_register(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (luaL_newmetatable(L, KW_META)) {
        static const luaL_Reg methods[] = {{"hits", l_hits}, {NULL, NULL}};
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable"); /* getmetatable(m) is false: checks cannot change it */
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, l_keywords);
    lua_setfield(L, idx, "keywords");
}
