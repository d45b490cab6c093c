/* dockerfile_lex.c — BuildKit's shell-word rules for the Dockerfile loader:
 * variable scopes and substitution, quote/escape removal, word splitting and
 * exec-form JSON arrays. It follows moby/buildkit's frontend/dockerfile
 * shell/lex.go and parser/line_parsers.go, but is lenient where they fail:
 * loading never stops on a malformed word. No tree, no printing, no globals. */
#include "dockerfile_lex.h"

#include <stdlib.h>
#include <string.h>

/* ---- variable scopes ---- */

static uint32_t name_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The slot of name in e's index: the one holding it, or the empty one where it goes. */
static uint32_t *env_slot(const dlex_env *e, const char *name, size_t nlen)
{
    size_t mask = e->nslot - 1;
    for (size_t i = name_hash(name, nlen) & mask;; i = (i + 1) & mask) {
        uint32_t *s = &e->slot[i];
        if (!*s) return s;
        const dlex_var *v = &e->v[*s - 1];
        if (v->nlen == nlen && memcmp(v->name, name, nlen) == 0) return s;
    }
}

static void env_reindex(dlex_env *e, size_t nslot)
{
    free(e->slot);
    e->slot = xcalloc(nslot, sizeof *e->slot);
    e->nslot = nslot;
    for (size_t i = 0; i < e->n; i++) *env_slot(e, e->v[i].name, e->v[i].nlen) = (uint32_t)i + 1;
}

void dlex_env_set(dlex_env *e, const char *name, size_t nlen, const char *val, size_t vlen,
                  int set, int is_env)
{
    if ((e->n + 1) * 2 > e->nslot) env_reindex(e, e->nslot ? e->nslot * 2 : 16);
    uint32_t *slot = env_slot(e, name, nlen);
    dlex_var *v;
    if (*slot) {
        v = &e->v[*slot - 1];
        if (v->env && !is_env) return; /* ENV always wins over ARG */
        free(v->val);
    } else {
        GROW(e->v, e->cap, e->n + 1);
        v = &e->v[e->n++];
        *slot = (uint32_t)e->n;
        memset(v, 0, sizeof *v);
        v->name = xstrndup(name, nlen);
        v->nlen = nlen;
    }
    v->val = xstrndup(set && val ? val : "", set && val ? vlen : 0);
    v->vlen = set && val ? vlen : 0;
    v->set = (uint8_t)(set != 0);
    v->env = (uint8_t)(is_env != 0 || v->env);
}

const dlex_var *dlex_env_get(const dlex_env *e, const char *name, size_t nlen)
{
    if (!e->n) return NULL;
    uint32_t *slot = env_slot(e, name, nlen);
    return *slot ? &e->v[*slot - 1] : NULL;
}

void dlex_env_copy(dlex_env *dst, const dlex_env *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const dlex_var *v = &src->v[i];
        dlex_env_set(dst, v->name, v->nlen, v->val, v->vlen, v->set, v->env);
    }
}

void dlex_env_free(dlex_env *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].name);
        free(e->v[i].val);
    }
    free(e->v);
    free(e->slot);
    memset(e, 0, sizeof *e);
}

/* ---- white space ---- */

size_t dlex_space(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) return 0;
    switch (u[0]) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
        return 1;
    case 0xC2: /* U+0085, U+00A0 */
        return n >= 2 && (u[1] == 0x85 || u[1] == 0xA0) ? 2 : 0;
    case 0xE1: /* U+1680 */
        return n >= 3 && u[1] == 0x9A && u[2] == 0x80 ? 3 : 0;
    case 0xE2: /* U+2000..U+200A, U+2028, U+2029, U+202F, U+205F */
        if (n < 3) return 0;
        if (u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF) &&
            u[2] >= 0x80)
            return 3;
        return u[1] == 0x81 && u[2] == 0x9F ? 3 : 0;
    case 0xE3: /* U+3000 */
        return n >= 3 && u[1] == 0x80 && u[2] == 0x80 ? 3 : 0;
    default:
        return 0;
    }
}

size_t dlex_lskip(const char *s, size_t i, size_t n)
{
    for (size_t w; i < n && (w = dlex_space(s + i, n - i)) > 0;) i += w;
    return i;
}

size_t dlex_rtrim(const char *s, size_t a, size_t b)
{
    while (b > a) {
        if (dlex_space(s + b - 1, 1)) b--;
        else if (b - a >= 2 && dlex_space(s + b - 2, 2) == 2) b -= 2;
        else if (b - a >= 3 && dlex_space(s + b - 3, 3) == 3) b -= 3;
        else break;
    }
    return b;
}

/* ---- word processing ---- */

#define MAX_NEST 32      /* ${A:-${B:-...}} nesting followed before $ turns literal */
#define MAX_PATTERN 4096 /* longest value a ${V#pattern} is applied to */

typedef struct lexer {
    const char *s;
    size_t n, i;
    int esc, flags, depth, over, quoted;
    const dlex_env *env;
    size_t *budget;
} lexer;

static void emit(lexer *lx, buf *out, const char *p, size_t k)
{
    if (lx->over || k == 0) return;
    if (k > *lx->budget) {
        lx->over = 1;
        return;
    }
    *lx->budget -= k;
    buf_add(out, p, k);
}

static int process(lexer *lx, buf *out, int stop);

static void single_quote(lexer *lx, buf *out)
{
    size_t start = ++lx->i;
    const char *q = memchr(lx->s + start, '\'', lx->n - start);
    size_t end = q ? (size_t)(q - lx->s) : lx->n;
    emit(lx, out, lx->s + start, end - start);
    lx->i = q ? end + 1 : end;
    lx->quoted = 1;
}

static void dollar(lexer *lx, buf *out);

static void double_quote(lexer *lx, buf *out)
{
    lx->i++;
    lx->quoted = 1;
    while (lx->i < lx->n) {
        char ch = lx->s[lx->i];
        if (ch == '"') {
            lx->i++;
            return;
        }
        if (ch == '$' && (lx->flags & DLEX_VARS)) {
            dollar(lx, out);
            continue;
        }
        lx->i++;
        if (ch == lx->esc) {
            if (lx->i >= lx->n) continue; /* escape at the end: dropped */
            char nx = lx->s[lx->i];
            if (nx == '"' || nx == '$' || nx == lx->esc) {
                ch = nx;
                lx->i++;
            }
        }
        emit(lx, out, &ch, 1);
    }
}

/* Read a variable name at lx->i: digits, one special parameter, or [A-Za-z0-9_]+. */
static size_t read_name(lexer *lx)
{
    size_t b = lx->i;
    if (lx->i >= lx->n) return 0;
    char c = lx->s[lx->i];
    if (c >= '0' && c <= '9') {
        while (lx->i < lx->n && lx->s[lx->i] >= '0' && lx->s[lx->i] <= '9') lx->i++;
        return lx->i - b;
    }
    if (c && strchr("@*#?-$!", c)) {
        lx->i++;
        return 1;
    }
    while (lx->i < lx->n) {
        c = lx->s[lx->i];
        int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!word) break;
        lx->i++;
    }
    return lx->i - b;
}

/* Copy ${...} from start through its closing brace (or the end) unchanged. */
static void literal(lexer *lx, buf *out, size_t start)
{
    const char *q = memchr(lx->s + lx->i, '}', lx->n - lx->i);
    size_t end = q ? (size_t)(q - lx->s) + 1 : lx->n;
    emit(lx, out, lx->s + start, end - start);
    lx->i = end;
}

/* Shell glob with * and ? (no classes). */
static int glob(const char *p, size_t pn, const char *s, size_t sn)
{
    size_t pi = 0, si = 0, star = (size_t)-1, mark = 0;
    while (si < sn) {
        if (pi < pn && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < pn && (p[pi] == '?' || p[pi] == s[si])) {
            pi++;
            si++;
        } else if (star != (size_t)-1) {
            pi = star + 1;
            si = ++mark;
        } else {
            return 0;
        }
    }
    while (pi < pn && p[pi] == '*') pi++;
    return pi == pn;
}

/* ${V#p} ${V##p} (prefix) and ${V%p} ${V%%p} (suffix): emit v minus the
 * shortest or longest match of pattern p. */
static void remove_match(lexer *lx, buf *out, const char *v, size_t vn, const buf *p,
                         int suffix, int longest)
{
    size_t cut = 0;
    if (vn <= MAX_PATTERN) {
        for (size_t k = 0; k <= vn; k++) {
            size_t len = longest ? vn - k : k;
            const char *part = suffix ? v + vn - len : v;
            if (glob(p->s ? p->s : "", p->len, part, len)) {
                cut = len;
                break;
            }
        }
    }
    emit(lx, out, suffix ? v : v + cut, vn - cut);
}

/* A variable declared without a value (ARG NAME): its value comes from the
 * build command, unknown here. It stays "${NAME}" so that messages show
 * where it goes instead of an empty string. */
static void unknown(lexer *lx, buf *out, const char *name, size_t nl)
{
    emit(lx, out, "${", 2);
    emit(lx, out, name, nl);
    emit(lx, out, "}", 1);
}

static void dollar(lexer *lx, buf *out)
{
    size_t start = lx->i++;
    if (lx->depth >= MAX_NEST) {
        emit(lx, out, "$", 1);
        return;
    }
    if (lx->i >= lx->n || lx->s[lx->i] != '{') { /* $NAME */
        size_t nb = lx->i, nl = read_name(lx);
        if (nl == 0) {
            emit(lx, out, "$", 1);
            return;
        }
        const dlex_var *v = lx->env ? dlex_env_get(lx->env, lx->s + nb, nl) : NULL;
        if (v && v->set) emit(lx, out, v->val, v->vlen);
        else if (v) unknown(lx, out, lx->s + nb, nl); /* ARG NAME without a default */
        return;
    }
    lx->i++;
    if (lx->i >= lx->n || lx->s[lx->i] == '{' || lx->s[lx->i] == '}' || lx->s[lx->i] == ':') {
        literal(lx, out, start);
        return;
    }
    size_t nb = lx->i, nl = read_name(lx);
    if (lx->i >= lx->n || nl == 0) {
        literal(lx, out, start);
        return;
    }
    const dlex_var *v = lx->env ? dlex_env_get(lx->env, lx->s + nb, nl) : NULL;
    int set = v && v->set;
    const char *val = set ? v->val : "";
    size_t vlen = set ? v->vlen : 0;
    char op = lx->s[lx->i++];
    if (op == '}') {
        if (v && !set) unknown(lx, out, lx->s + nb, nl);
        else emit(lx, out, val, vlen);
        return;
    }
    int colon = 0, twice = 0;
    if (op == ':') {
        if (lx->i >= lx->n) {
            literal(lx, out, start);
            return;
        }
        colon = 1;
        op = lx->s[lx->i++];
    }
    if (!op || !strchr("-+?#%", op) || (colon && (op == '#' || op == '%'))) {
        literal(lx, out, start);
        return;
    }
    if ((op == '#' || op == '%') && lx->i < lx->n && lx->s[lx->i] == op) {
        twice = 1;
        lx->i++;
    }
    buf word = {0};
    lx->depth++;
    int closed = process(lx, &word, '}');
    lx->depth--;
    if (!closed) {
        buf_free(&word); /* no closing brace: keep the text as written */
        lx->i = start + 2;
        literal(lx, out, start);
        return;
    }
    int has = colon ? vlen > 0 : set;
    switch (op) {
    case '-':
        if (has) emit(lx, out, val, vlen);
        else emit(lx, out, word.s, word.len);
        break;
    case '+':
        if (has) emit(lx, out, word.s, word.len);
        break;
    case '?':
        emit(lx, out, val, vlen);
        break;
    default: /* # or % */
        remove_match(lx, out, val, vlen, &word, op == '%', twice);
        break;
    }
    buf_free(&word);
}

/* Process until stop (a byte, or -1 for the end); returns 1 when stop was found. */
static int process(lexer *lx, buf *out, int stop)
{
    while (lx->i < lx->n) {
        char ch = lx->s[lx->i];
        if (stop >= 0 && (unsigned char)ch == stop) {
            lx->i++;
            return 1;
        }
        if (ch == '\'' && (lx->flags & DLEX_QUOTES)) {
            single_quote(lx, out);
        } else if (ch == '"' && (lx->flags & DLEX_QUOTES)) {
            double_quote(lx, out);
        } else if (ch == '$' && (lx->flags & DLEX_VARS)) {
            dollar(lx, out);
        } else if (ch == lx->esc) {
            lx->i++;
            if (!(lx->flags & DLEX_QUOTES)) emit(lx, out, &ch, 1);
            if (lx->i >= lx->n) break;
            emit(lx, out, lx->s + lx->i, 1);
            lx->i++;
        } else {
            emit(lx, out, &ch, 1);
            lx->i++;
        }
        if (lx->over) return 0;
    }
    return 0;
}

int dlex_word(const char *s, size_t n, int esc, int flags, const dlex_env *env,
              size_t *budget, buf *out, int *quoted)
{
    size_t unlimited = (size_t)-1;
    lexer lx = {0};
    lx.s = s;
    lx.n = n;
    lx.esc = esc;
    lx.flags = flags;
    lx.env = env;
    lx.budget = budget && (flags & DLEX_VARS) ? budget : &unlimited;
    buf_add(out, "", 0);
    process(&lx, out, -1);
    if (quoted) *quoted = lx.quoted;
    return lx.over ? -1 : 0;
}

size_t dlex_split(const char *s, size_t n, int esc, dlex_span **out)
{
    dlex_span *v = NULL;
    size_t nv = 0, cap = 0, i = 0;
    while (i < n) {
        size_t w = dlex_space(s + i, n - i);
        if (w) {
            i += w;
            continue;
        }
        size_t start = i, end = (size_t)-1;
        char quote = 0;
        while (i < n) {
            char ch = s[i];
            if (!quote && dlex_space(s + i, n - i)) break;
            if (quote && ch == quote) {
                quote = 0;
            } else if (!quote && (ch == '\'' || ch == '"')) {
                quote = ch;
            } else if (ch == esc && quote != '\'') {
                if (i + 1 >= n) { /* an escape at the very end is dropped */
                    end = i;
                    i++;
                    break;
                }
                i++;
            }
            i++;
        }
        if (end == (size_t)-1) end = i;
        if (end > start) {
            GROW(v, cap, nv + 1);
            v[nv++] = (dlex_span){start, end - start};
        }
    }
    if (out) *out = v;
    else free(v);
    return nv;
}

/* ---- exec form: JSON ---- */

typedef struct jp {
    const char *s;
    size_t n, i;
} jp;

static void jws(jp *p)
{
    while (p->i < p->n && p->s[p->i] && strchr(" \t\r\n", p->s[p->i])) p->i++;
}

static int hex4(jp *p, unsigned *cp)
{
    if (p->n - p->i < 4) return 0;
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p->s[p->i++];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *cp = v;
    return 1;
}

static void put_utf8(buf *b, unsigned cp)
{
    char u[4];
    if (cp < 0x80) {
        u[0] = (char)cp;
        buf_add(b, u, 1);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        buf_add(b, u, 4);
    }
}

/* A JSON string at p->i (its opening quote), decoded into out when not NULL. */
static int jstring(jp *p, buf *out)
{
    p->i++;
    while (p->i < p->n) {
        unsigned char c = (unsigned char)p->s[p->i++];
        if (c == '"') return 1;
        if (c < 0x20) return 0;
        if (c != '\\') {
            if (out) buf_add(out, (const char *)&c, 1);
            continue;
        }
        if (p->i >= p->n) return 0;
        char e = p->s[p->i++], d;
        unsigned cp, lo;
        switch (e) {
        case '"': case '\\': case '/': d = e; break;
        case 'b': d = '\b'; break;
        case 'f': d = '\f'; break;
        case 'n': d = '\n'; break;
        case 'r': d = '\r'; break;
        case 't': d = '\t'; break;
        case 'u':
            if (!hex4(p, &cp)) return 0;
            if (cp >= 0xD800 && cp < 0xDC00) {
                size_t save = p->i;
                if (p->n - p->i >= 6 && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
                    p->i += 2;
                    if (hex4(p, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else {
                        p->i = save;
                        cp = 0xFFFD;
                    }
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            if (out) put_utf8(out, cp);
            continue;
        default:
            return 0;
        }
        if (out) buf_add(out, &d, 1);
    }
    return 0;
}

static int jword(jp *p, const char *w)
{
    size_t k = strlen(w);
    if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0) return 0;
    p->i += k;
    return 1;
}

static int jdigits(jp *p)
{
    size_t b = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') p->i++;
    return p->i > b;
}

/* Skip one JSON value; 1 when it is well formed. */
static int jvalue(jp *p, int depth)
{
    jws(p);
    if (p->i >= p->n || depth > 256) return 0;
    char c = p->s[p->i];
    if (c == '"') return jstring(p, NULL);
    if (c == 't') return jword(p, "true");
    if (c == 'f') return jword(p, "false");
    if (c == 'n') return jword(p, "null");
    if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        p->i++;
        jws(p);
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return 1;
        }
        for (;;) {
            if (c == '{') {
                jws(p);
                if (p->i >= p->n || p->s[p->i] != '"' || !jstring(p, NULL)) return 0;
                jws(p);
                if (p->i >= p->n || p->s[p->i] != ':') return 0;
                p->i++;
            }
            if (!jvalue(p, depth + 1)) return 0;
            jws(p);
            if (p->i >= p->n) return 0;
            if (p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->s[p->i] != close) return 0;
            p->i++;
            return 1;
        }
    }
    if (c == '-') p->i++;
    if (p->i < p->n && p->s[p->i] == '0') p->i++;
    else if (!jdigits(p)) return 0;
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!jdigits(p)) return 0;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (!jdigits(p)) return 0;
    }
    return 1;
}

void dlex_json_free(dlex_jstr *items, size_t n)
{
    for (size_t i = 0; i < n; i++) free(items[i].s);
    free(items);
}

int dlex_json_strings(const char *s, size_t n, dlex_jstr **items, size_t *n_items)
{
    jp p = {s, n, 0};
    dlex_jstr *v = NULL;
    size_t nv = 0, cap = 0;
    int others = 0;
    *items = NULL;
    *n_items = 0;
    for (size_t w; (w = dlex_space(s + p.i, n - p.i)) > 0;) p.i += w;
    if (p.i >= n || s[p.i] != '[') return 0;
    p.i++;
    jws(&p);
    if (p.i < n && s[p.i] == ']') {
        p.i++;
    } else {
        for (;;) {
            jws(&p);
            if (p.i < n && s[p.i] == '"') {
                buf b = {0};
                size_t off = p.i;
                buf_add(&b, "", 0);
                if (!jstring(&p, &b)) {
                    buf_free(&b);
                    goto not_json;
                }
                GROW(v, cap, nv + 1);
                v[nv++] = (dlex_jstr){b.s, b.len, off};
            } else if (jvalue(&p, 0)) {
                others = 1;
            } else {
                goto not_json;
            }
            jws(&p);
            if (p.i < n && s[p.i] == ',') {
                p.i++;
                continue;
            }
            if (p.i < n && s[p.i] == ']') {
                p.i++;
                break;
            }
            goto not_json;
        }
    }
    jws(&p);
    if (p.i != n) goto not_json;
    if (others) {
        dlex_json_free(v, nv);
        return -1;
    }
    *items = v;
    *n_items = nv;
    return 1;
not_json:
    dlex_json_free(v, nv);
    return 0;
}
