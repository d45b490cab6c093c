/* lua_pattern.c — string.find, match, gmatch and gsub with the semantics of
 * Lua 5.4 patterns (reference manual §6.4.1), written so that the backtracking
 * matcher counts its steps and reports them to a pattern_meter, which may stop
 * it by raising a Lua error. Results, errors and messages are the standard
 * library's, including its laziness: a malformed item raises only when the
 * matcher first reaches it.
 * Must not: allocate outside Lua (the meter may longjmp out at any count()),
 * keep mutable global state, or nest more than MAX_DEPTH matcher frames. */
#include "lua_pattern.h"

#include <lauxlib.h>
#include <string.h>

#define MAX_CAPTURES 32     /* the standard library's LUA_MAXCAPTURES */
#define MAX_DEPTH 200       /* nested matcher frames before "pattern too complex" */
#define CAP_OPEN (-1)       /* capture length while its ')' is still to come */
#define CAP_POSITION (-2)   /* capture length of a position capture "()" */
#define BYTES_PER_STEP 16   /* bulk scans, compares and copies: bytes per step */
#define SCAN_CHUNK ((size_t)PATTERN_CHARGE_EVERY * BYTES_PER_STEP)
#define COMPARE_SLICE 256     /* compares go by slices: an early difference costs little */
#define NO_MATCH ((size_t)-1)

/* ---- character classes: the C locale's <ctype.h> as a constant table, so the
 * process locale cannot change them ---- */

enum { C_ALPHA = 1, C_CNTRL = 2, C_DIGIT = 4, C_GRAPH = 8, C_LOWER = 16,
       C_PUNCT = 32, C_SPACE = 64, C_UPPER = 128, C_XDIGIT = 256, C_ZERO = 512 };

#define IN(c, lo, hi) ((c) >= (lo) && (c) <= (hi))
#define CT(c) ((IN(c, 'a', 'z') ? C_LOWER | C_ALPHA : 0) | (IN(c, 'A', 'Z') ? C_UPPER | C_ALPHA : 0) | \
               (IN(c, '0', '9') ? C_DIGIT : 0) | ((c) < 32 || (c) == 127 ? C_CNTRL : 0) | \
               (IN(c, 33, 126) ? C_GRAPH : 0) | (IN(c, 9, 13) || (c) == 32 ? C_SPACE : 0) | \
               (IN(c, 33, 47) || IN(c, 58, 64) || IN(c, 91, 96) || IN(c, 123, 126) ? C_PUNCT : 0) | \
               (IN(c, '0', '9') || IN(c, 'a', 'f') || IN(c, 'A', 'F') ? C_XDIGIT : 0) | ((c) == 0 ? C_ZERO : 0))
#define CT4(c) CT(c), CT((c) + 1), CT((c) + 2), CT((c) + 3)
#define CT16(c) CT4(c), CT4((c) + 4), CT4((c) + 8), CT4((c) + 12)
#define CT64(c) CT16(c), CT16((c) + 16), CT16((c) + 32), CT16((c) + 48)
static const unsigned short ctype_c[256] = {CT64(0), CT64(64), CT64(128), CT64(192)};

/* The ctype bits a class letter (after '%') stands for; 0 when it names no
 * class and so stands for itself. An upper-case letter is the complement.
 * %z (the byte 0) is deprecated in 5.4 but still there. */
static unsigned class_bits(unsigned char letter)
{
    if (!(ctype_c[letter] & C_ALPHA)) return 0;
    switch (letter | 0x20) {
    case 'a': return C_ALPHA;
    case 'c': return C_CNTRL;
    case 'd': return C_DIGIT;
    case 'g': return C_GRAPH;
    case 'l': return C_LOWER;
    case 'p': return C_PUNCT;
    case 's': return C_SPACE;
    case 'u': return C_UPPER;
    case 'w': return C_ALPHA | C_DIGIT;
    case 'x': return C_XDIGIT;
    case 'z': return C_ZERO;
    default: return 0;
    }
}

/* Does %cl accept byte c? */
static int class_has(unsigned char cl, unsigned char c)
{
    unsigned bits = class_bits(cl);
    if (!bits) return cl == c;
    int in = (ctype_c[c] & bits) != 0;
    return (ctype_c[cl] & C_UPPER) ? !in : in;
}

/* Does the set from open (its '[') to close (its ']') accept byte c? The
 * first member may be ']'; "x-y" is a range unless y would be the closing
 * bracket; %x is a class or an escaped byte. */
static int set_has(const char *open, const char *close, unsigned char c)
{
    const unsigned char *q = (const unsigned char *)open + 1;
    const unsigned char *end = (const unsigned char *)close;
    int yes = 1;
    if (*q == '^') {
        yes = 0;
        q++;
    }
    for (; q < end; q++) {
        if (*q == '%') {
            q++;
            if (class_has(*q, c)) return yes;
        } else if (q + 2 < end && q[1] == '-') {
            if (q[0] <= c && c <= q[2]) return yes;
            q += 2;
        } else if (*q == c) {
            return yes;
        }
    }
    return !yes;
}

/* Does the single-byte item p..ep ('.', %x, [set] or a byte) accept c? */
static inline int item_has(const char *p, const char *ep, unsigned char c)
{
    switch (*p) {
    case '.': return 1;
    case '%': return class_has((unsigned char)p[1], c);
    case '[': return set_has(p, ep - 1, c);
    default: return (unsigned char)*p == c;
    }
}

/* ---- the matcher's state and its meter ---- */

typedef struct capture {
    const char *at;
    ptrdiff_t len;              /* a length, CAP_OPEN or CAP_POSITION */
} capture;

typedef struct matcher {
    lua_State *L;
    const pattern_meter *meter;
    const char *subj, *subj_end; /* the whole subject; *subj_end is its '\0' */
    const char *pat_end;
    size_t steps;               /* counted, not yet charged */
    int depth;                  /* matcher frames still allowed */
    int ncap;                   /* captures opened in this attempt */
    capture cap[MAX_CAPTURES];
} matcher;

/* [-0, +0, -] A matcher for subject s (ls bytes) and pattern p (lp bytes). */
static void matcher_init(matcher *m, lua_State *L, const pattern_meter *meter,
                         const char *s, size_t ls, const char *p, size_t lp)
{
    m->L = L;
    m->meter = meter;
    m->subj = s;
    m->subj_end = s + ls;
    m->pat_end = p + lp;
    m->steps = 1;               /* the call itself */
    m->depth = MAX_DEPTH;
    m->ncap = 0;
}

/* [-0, +0, e] Tell the meter about the steps counted so far; it may raise. */
static void charge(matcher *m)
{
    size_t n = m->steps;
    m->steps = 0;
    if (m->meter->charge) m->meter->charge(m->L, m->meter->ud, n);
}

/* [-0, +0, e] Count n steps, charging once PATTERN_CHARGE_EVERY gathered. */
static inline void count(matcher *m, size_t n)
{
    m->steps += n;
    if (m->steps >= PATTERN_CHARGE_EVERY) charge(m);
}

/* [-0, +0, e] Count the steps of a bulk operation on n bytes. */
static inline void count_bytes(matcher *m, size_t n)
{
    count(m, n / BYTES_PER_STEP);
}

/* [-0, +0, e] Whether the n bytes at a and b are the same, counting the
 * slices compared. */
static int same_bytes(matcher *m, const char *a, const char *b, size_t n)
{
    for (;;) {
        size_t k = n < COMPARE_SLICE ? n : COMPARE_SLICE;
        count(m, 1 + k / BYTES_PER_STEP);
        if (memcmp(a, b, k) != 0) return 0;
        if (k == n) return 1;
        a += k;
        b += k;
        n -= k;
    }
}

/* ---- pattern items ---- */

/* [-0, +0, e] The end of the single-byte item at p; raises the standard
 * library's errors for one cut short. */
static const char *item_end(matcher *m, const char *p)
{
    const char *e = m->pat_end;
    switch (*p++) {
    case '%':
        if (p == e) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (p < e && *p == '^') p++;
        do {                    /* the first member is taken even if it is ']' */
            if (p == e) luaL_error(m->L, "malformed pattern (missing ']')");
            if (*p++ == '%' && p < e) p++;
        } while (p == e || *p != ']');
        return p + 1;
    default:
        return p;
    }
}

/* Steps for one test of the item p..ep: long sets cost by their length. */
static inline size_t item_cost(const char *p, const char *ep)
{
    return 1 + (size_t)(ep - p) / BYTES_PER_STEP;
}

/* The first n' >= n below lim where whether the item p..ep accepts u[n']
 * differs from `want` (or lim). No metering: callers count per chunk. */
static inline size_t item_scan(const char *p, const char *ep, const unsigned char *u,
                               size_t n, size_t lim, int want)
{
    unsigned char c = (unsigned char)*p;
    switch (c) {
    case '.':
        return want ? lim : n;
    case '%': {
        c = (unsigned char)p[1];
        unsigned bits = class_bits(c);
        if (!bits) break;
        if (ctype_c[c] & C_UPPER) want = !want;
        if (want) while (n < lim && (ctype_c[u[n]] & bits)) n++;
        else while (n < lim && !(ctype_c[u[n]] & bits)) n++;
        return n;
    }
    case '[':
        while (n < lim && set_has(p, ep - 1, u[n]) == want) n++;
        return n;
    default:
        break;
    }
    if (want) {
        while (n < lim && u[n] == c) n++;
        return n;
    }
    const unsigned char *hit = memchr(u + n, c, lim - n);
    return hit ? (size_t)(hit - u) : lim;
}

/* [-0, +0, e] From s on, the first position where whether the item p..ep
 * accepts the byte differs from `want` (or the subject's end). Counts `cost`
 * steps a byte tested, charging at least every PATTERN_CHARGE_EVERY. */
static const char *item_skip(matcher *m, const char *s, const char *p, const char *ep,
                             size_t cost, int want)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t avail = (size_t)(m->subj_end - s), n = 0;
    size_t chunk = cost < PATTERN_CHARGE_EVERY ? PATTERN_CHARGE_EVERY / cost : 1;
    for (;;) {
        size_t lim = avail - n > chunk ? n + chunk : avail, from = n;
        n = item_scan(p, ep, u, n, lim, want);
        count(m, (n - from + (n < lim)) * cost);
        if (n < lim || n == avail) return s + n;
    }
}

/* ---- the matcher ---- */

static const char *match_here(matcher *m, const char *s, const char *p);

/* [-0, +0, e] Open a capture (len CAP_OPEN or CAP_POSITION) at s, match on. */
static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t len)
{
    count(m, 1);
    if (m->ncap >= MAX_CAPTURES) luaL_error(m->L, "too many captures");
    int i = m->ncap++;
    m->cap[i].at = s;
    m->cap[i].len = len;
    const char *r = match_here(m, s, p);
    if (!r) m->ncap--;
    return r;
}

/* [-0, +0, e] Close the innermost open capture at s, match on. */
static const char *close_capture(matcher *m, const char *s, const char *p)
{
    count(m, 1);
    int i = m->ncap - 1;
    while (i >= 0 && m->cap[i].len != CAP_OPEN) i--;
    if (i < 0) luaL_error(m->L, "invalid pattern capture");
    m->cap[i].len = s - m->cap[i].at;
    const char *r = match_here(m, s, p);
    if (!r) m->cap[i].len = CAP_OPEN;
    return r;
}

/* [-0, +0, e] %bxy at s (q points at x): the end of the balanced run. */
static const char *match_balance(matcher *m, const char *s, const char *q)
{
    if (m->pat_end - q < 2) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    count(m, 1);
    if (s >= m->subj_end || *s != q[0]) return NULL;
    size_t open = 1;
    for (const char *t = s + 1; t < m->subj_end; t++) {
        count(m, 1);
        if (*t == q[1]) {
            if (--open == 0) return t + 1;
        } else if (*t == q[0]) {
            open++;
        }
    }
    return NULL;
}

/* [-0, +0, e] A back-reference %digit at s: the end of the repeated text. */
static const char *match_backref(matcher *m, const char *s, int digit)
{
    int i = digit - '1';
    if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
        luaL_error(m->L, "invalid capture index %%%d", i + 1);
    ptrdiff_t len = m->cap[i].len;
    count(m, 1);
    if (len == CAP_POSITION) return NULL; /* repeats nothing that could be there */
    if (m->subj_end - s < len || !same_bytes(m, m->cap[i].at, s, (size_t)len)) return NULL;
    return s + len;
}

/* [-0, +0, e] Greedy expansion: the item p..ep accepts every byte from base
 * to from; try the rest of the pattern after the longest run, then shorter. */
static const char *expand_max(matcher *m, const char *base, const char *from,
                              const char *p, const char *ep, size_t cost)
{
    const char *at = item_skip(m, from, p, ep, cost, 1);
    for (;;) {
        const char *r = match_here(m, at, ep + 1);
        if (r || at == base) return r;
        at--;
    }
}

/* [-0, +0, e] Lazy expansion from s: the rest first, then one byte more. */
static const char *expand_min(matcher *m, const char *s, const char *p, const char *ep, size_t cost)
{
    for (;;) {
        const char *r = match_here(m, s, ep + 1);
        if (r) return r;
        count(m, cost);
        if (s < m->subj_end && item_has(p, ep, (unsigned char)*s)) s++;
        else return NULL;
    }
}

/* [-0, +0, e] Match the pattern p..pat_end at s: the end of the match, or
 * NULL. Each call is one frame of the depth bound; items that need to try
 * alternatives recurse, the others loop. */
static const char *match_here(matcher *m, const char *s, const char *p)
{
    if (m->depth == 0) luaL_error(m->L, "pattern too complex");
    m->depth--;
    const char *pe = m->pat_end;
    while (p < pe) {
        switch (*p) {
        case '(':
            if (p + 1 < pe && p[1] == ')') s = open_capture(m, s, p + 2, CAP_POSITION);
            else s = open_capture(m, s, p + 1, CAP_OPEN);
            goto done;
        case ')':
            s = close_capture(m, s, p + 1);
            goto done;
        case '$':
            if (p + 1 != pe) break; /* a '$' elsewhere is an ordinary byte */
            count(m, 1);
            if (s != m->subj_end) s = NULL;
            goto done;
        case '%':
            if (p + 1 == pe) break;
            if (p[1] == 'b') {
                s = match_balance(m, s, p + 2);
                if (!s) goto done;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                const char *set = p + 2;
                if (set == pe || *set != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
                const char *ep = item_end(m, set);
                count(m, item_cost(set, ep));
                unsigned char before = s == m->subj ? 0 : (unsigned char)s[-1];
                unsigned char after = s < m->subj_end ? (unsigned char)*s : 0;
                if (set_has(set, ep - 1, before) || !set_has(set, ep - 1, after)) {
                    s = NULL;
                    goto done;
                }
                p = ep;
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                s = match_backref(m, s, p[1]);
                if (!s) goto done;
                p += 2;
                continue;
            }
            break;
        default:
            break;
        }
        /* a single-byte item, perhaps with a repetition suffix */
        const char *ep = item_end(m, p);
        size_t cost = item_cost(p, ep);
        count(m, cost);
        int ok = s < m->subj_end && item_has(p, ep, (unsigned char)*s);
        switch (ep < pe ? *ep : '\0') {
        case '?':
            if (ok) {
                const char *r = match_here(m, s + 1, ep + 1);
                if (r) {
                    s = r;
                    goto done;
                }
            }
            p = ep + 1;
            continue;
        case '+':
            s = ok ? expand_max(m, s + 1, s + 1, p, ep, cost) : NULL;
            goto done;
        case '*':
            if (ok) {
                s = expand_max(m, s, s + 1, p, ep, cost);
                goto done;
            }
            p = ep + 1;
            continue;
        case '-':
            if (ok) {
                s = expand_min(m, s, p, ep, cost);
                goto done;
            }
            p = ep + 1;
            continue;
        default:
            if (!ok) {
                s = NULL;
                goto done;
            }
            s++;
            p = ep;
            continue;
        }
    }
done:
    m->depth++;
    return s;
}

/* [-0, +0, e] Prepare a fresh attempt at `at` and run it (one step even when
 * the pattern is empty, so every loop over positions is counted). */
static const char *attempt(matcher *m, const char *at, const char *p)
{
    count(m, 1);
    m->ncap = 0;
    return match_here(m, at, p);
}

/* [-0, +0, e] Whether attempts may skip ahead to where the pattern's first
 * item accepts a byte: past any opening captures, it must be a single-byte
 * item other than '.' that has to match (no '*', '?' or '-'). Sets *item,
 * *ep and *cost for item_skip; the positions passed over are those where an
 * attempt must fail at once, with no error. Call it only where the standard
 * library makes its first attempt: item_end raises what that attempt would. */
static int lead_item(matcher *m, const char *p, const char **item, const char **ep, size_t *cost)
{
    const char *pe = m->pat_end;
    for (int opened = 0; p < pe && *p == '(' && opened < MAX_CAPTURES; opened++)
        p += (p + 1 < pe && p[1] == ')') ? 2 : 1;
    if (p == pe || *p == '(' || *p == ')' || *p == '.' || (*p == '$' && p + 1 == pe)) return 0;
    if (*p == '%' && p + 1 < pe && (p[1] == 'b' || p[1] == 'f' || (p[1] >= '0' && p[1] <= '9'))) return 0;
    *item = p;
    *ep = item_end(m, p);
    *cost = item_cost(p, *ep);
    return *ep == pe || (**ep != '*' && **ep != '?' && **ep != '-');
}

/* ---- captures to Lua ---- */

/* [-0, +0, e] Capture i of the match s..e (the whole match when there are no
 * captures and i is 0): its length and *at, or CAP_POSITION. */
static ptrdiff_t capture_get(matcher *m, int i, const char *s, const char *e, const char **at)
{
    if (i >= m->ncap) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *at = s;
        return e - s;
    }
    if (m->cap[i].len == CAP_OPEN) luaL_error(m->L, "unfinished capture");
    *at = m->cap[i].at;
    return m->cap[i].len;
}

/* [-0, +1, e] Push capture i of the match s..e. */
static void push_capture(matcher *m, int i, const char *s, const char *e)
{
    const char *at;
    ptrdiff_t len = capture_get(m, i, s, e, &at);
    if (len == CAP_POSITION) {
        lua_pushinteger(m->L, (lua_Integer)(at - m->subj) + 1);
    } else {
        count_bytes(m, (size_t)len);
        lua_pushlstring(m->L, at, (size_t)len);
    }
}

/* [-0, +n, e] Push every capture of the match s..e, or the whole match when
 * there are none and s is not NULL; returns n. */
static int push_captures(matcher *m, const char *s, const char *e)
{
    int n = (m->ncap == 0 && s) ? 1 : m->ncap;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

/* ---- find and match ---- */

/* The 0-based start for a 1-based, possibly negative init (may exceed len). */
static size_t start_offset(lua_Integer init, size_t len)
{
    if (init > 0) return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len) return 0;
    return len + (size_t)init;
}

/* Does the pattern use anything beyond plain bytes? */
static int has_specials(const char *p, size_t lp)
{
    for (size_t i = 0; i < lp; i++) {
        switch (p[i]) {
        case '^': case '$': case '*': case '+': case '?':
        case '.': case '(': case '[': case '%': case '-':
            return 1;
        default:
            break;
        }
    }
    return 0;
}

/* [-0, +0, e] The first occurrence of the n bytes at nd from `from` on. */
static const char *find_plain(matcher *m, const char *from, const char *nd, size_t n)
{
    if (n == 0) return from;
    if ((size_t)(m->subj_end - from) < n) return NULL;
    const char *last = m->subj_end - n;
    while (from <= last) {
        size_t span = (size_t)(last - from) + 1;
        if (span > SCAN_CHUNK) span = SCAN_CHUNK;
        const char *hit = memchr(from, nd[0], span);
        if (!hit) {
            count_bytes(m, span);
            from += span;
            continue;
        }
        if (n > COMPARE_SLICE) {
            count_bytes(m, (size_t)(hit - from));
            if (same_bytes(m, hit + 1, nd + 1, n - 1)) return hit;
        } else {
            count(m, 1 + (size_t)(hit - from + n) / BYTES_PER_STEP);
            if (memcmp(hit + 1, nd + 1, n - 1) == 0) return hit;
        }
        from = hit + 1;
    }
    return NULL;
}

/* [-?, +?, e] string.find (find != 0) and string.match. */
static int find_aux(lua_State *L, int find)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    matcher m;
    matcher_init(&m, L, lua_touserdata(L, lua_upvalueindex(1)), s, ls, p, lp);
    if (init > ls) {
        charge(&m);
        luaL_pushfail(L);
        return 1;
    }
    int plain = find && lua_toboolean(L, 4);
    if (find && !plain) {
        count_bytes(&m, lp);
        plain = !has_specials(p, lp);
    }
    if (plain) {
        const char *hit = find_plain(&m, s + init, p, lp);
        if (!hit) {
            charge(&m);
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)(hit - s + lp));
        charge(&m);
        return 2;
    }
    int anchored = lp > 0 && *p == '^';
    if (anchored) p++;
    const char *item = NULL, *ep = NULL;
    size_t cost = 0;
    int seek = !anchored && lead_item(&m, p, &item, &ep, &cost);
    const char *at = s + init;
    for (;;) {
        if (seek) at = item_skip(&m, at, item, ep, cost, 0);
        const char *e = attempt(&m, at, p);
        if (e) {
            int n;
            if (find) {
                lua_pushinteger(L, (lua_Integer)(at - s) + 1);
                lua_pushinteger(L, (lua_Integer)(e - s));
                n = 2 + push_captures(&m, NULL, NULL);
            } else {
                n = push_captures(&m, at, e);
            }
            charge(&m);
            return n;
        }
        if (anchored || at == m.subj_end) break;
        at++;
    }
    charge(&m);
    luaL_pushfail(L);
    return 1;
}

/* [-?, +?, e] string.find(s, pattern [, init [, plain]]) */
static int l_find(lua_State *L)
{
    return find_aux(L, 1);
}

/* [-?, +?, e] string.match(s, pattern [, init]) */
static int l_match(lua_State *L)
{
    return find_aux(L, 0);
}

/* ---- gmatch ---- */

/* The iterator's state. The subject and pattern stay alive as upvalues of
 * the iterator, and Lua never moves a string, so their pointers stay good. */
typedef struct gmatch_state {
    const char *s, *p;
    size_t ls, lp;
    const pattern_meter *meter;
    size_t next;                /* where the next search starts */
    size_t last;                /* end of the last match, or NO_MATCH */
} gmatch_state;

/* [-0, +?, e] The gmatch iterator; upvalues: subject, pattern, state. */
static int l_gmatch_next(lua_State *L)
{
    gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
    const char *s = g->s, *p = g->p;
    matcher m;
    matcher_init(&m, L, g->meter, s, g->ls, p, g->lp);
    if (g->next <= g->ls) {
        const char *item = NULL, *ep = NULL;
        size_t cost = 0;
        int seek = lead_item(&m, p, &item, &ep, &cost);
        const char *at = s + g->next;
        for (;;) {
            if (seek) at = item_skip(&m, at, item, ep, cost, 0);
            const char *e = attempt(&m, at, p);
            if (e && (size_t)(e - s) != g->last) {
                g->next = g->last = (size_t)(e - s);
                int n = push_captures(&m, at, e);
                charge(&m);
                return n;
            }
            if (at == m.subj_end) break;
            at++;
        }
    }
    charge(&m);
    return 0;
}

/* [-?, +1, e] string.gmatch(s, pattern [, init]); upvalue: the meter. A '^'
 * in the pattern is an ordinary byte here, as in the standard library. */
static int l_gmatch(lua_State *L)
{
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    gmatch_state *g = lua_newuserdatauv(L, sizeof *g, 0);
    g->s = s;
    g->p = p;
    g->ls = ls;
    g->lp = lp;
    g->meter = lua_touserdata(L, lua_upvalueindex(1));
    g->next = init > ls ? ls + 1 : init;
    g->last = NO_MATCH;
    lua_pushcclosure(L, l_gmatch_next, 3);
    return 1;
}

/* ---- gsub ---- */

/* [-0, +0, e] Append the replacement string t (tl bytes) for the match s..e:
 * %0 the match, %1-%9 captures, %% a '%'. */
static void add_template(matcher *m, luaL_Buffer *b, const char *s, const char *e,
                         const char *t, size_t tl)
{
    const char *end = t + tl;
    count_bytes(m, tl);
    for (;;) {
        const char *pct = memchr(t, '%', (size_t)(end - t));
        if (!pct) break;
        luaL_addlstring(b, t, (size_t)(pct - t));
        pct++;
        int d = pct < end ? (unsigned char)*pct : '\0';
        if (d == '%') {
            luaL_addchar(b, '%');
        } else if (d >= '0' && d <= '9') {
            const char *at;
            ptrdiff_t len = d == '0' ? e - (at = s) : capture_get(m, d - '1', s, e, &at);
            if (len == CAP_POSITION) {
                lua_pushinteger(m->L, (lua_Integer)(at - m->subj) + 1);
                luaL_addvalue(b);
            } else {
                count_bytes(m, (size_t)len);
                luaL_addlstring(b, at, (size_t)len);
            }
        } else {
            luaL_error(m->L, "invalid use of '%%' in replacement string");
        }
        t = pct + 1;
    }
    luaL_addlstring(b, t, (size_t)(end - t));
}

/* [-0, +0, e] Append the replacement for the match s..e; repl is argument 3
 * (of type tr; t, tl its text when a string). Returns whether it changed the
 * text: a function or table giving false or nil keeps the match. */
static int add_replacement(matcher *m, luaL_Buffer *b, const char *s, const char *e,
                           int tr, const char *t, size_t tl)
{
    lua_State *L = m->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_template(m, b, s, e, t, tl);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        count_bytes(m, (size_t)(e - s));
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    size_t len;
    lua_tolstring(L, -1, &len); /* what luaL_addvalue does to a number anyway */
    count_bytes(m, len);
    luaL_addvalue(b);
    return 1;
}

/* [-?, +2, e] string.gsub(s, pattern, repl [, n]) */
static int l_gsub(lua_State *L)
{
    size_t ls, lp, tl = 0;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int tr = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE,
                     3, "string/function/table");
    const char *t = (tr == LUA_TNUMBER || tr == LUA_TSTRING) ? lua_tolstring(L, 3, &tl) : NULL;
    matcher m;
    matcher_init(&m, L, lua_touserdata(L, lua_upvalueindex(1)), s, ls, p, lp);
    int anchored = lp > 0 && *p == '^';
    if (anchored) p++;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *at = s, *last = NULL, *kept = s; /* s..kept is in b, kept..at unmatched */
    const char *item = NULL, *ep = NULL;
    size_t cost = 0;
    int seek = max_n > 0 && !anchored && lead_item(&m, p, &item, &ep, &cost);
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        if (seek) at = item_skip(&m, at, item, ep, cost, 0);
        const char *e = attempt(&m, at, p);
        if (e && e != last) {
            n++;
            count_bytes(&m, (size_t)(at - kept));
            luaL_addlstring(&b, kept, (size_t)(at - kept));
            changed |= add_replacement(&m, &b, at, e, tr, t, tl);
            at = last = kept = e;
        } else if (at < m.subj_end) {
            at++;
        } else {
            break;
        }
        if (anchored) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        count_bytes(&m, (size_t)(m.subj_end - kept));
        luaL_addlstring(&b, kept, (size_t)(m.subj_end - kept));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    charge(&m);
    return 2;
}

/* ---- registration ---- */

void lua_pattern_register(lua_State *L, int idx, const pattern_meter *m)
{
    static const luaL_Reg fns[] = {
        {"find", l_find}, {"match", l_match}, {"gmatch", l_gmatch}, {"gsub", l_gsub},
    };
    idx = lua_absindex(L, idx);
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        lua_pushstring(L, fns[i].name);
        lua_pushlightuserdata(L, (void *)m);
        lua_pushcclosure(L, fns[i].func, 1);
        lua_rawset(L, idx);
    }
}
