/* jsonw.c — JSON written directly in jansson's JSON_INDENT(2) layout (see
 * jsonw.h). jansson stays the reference: jw_json_text hands anything beyond
 * the plain shapes check_report.c writes to json_loads/json_dumps, and the
 * unit tests compare this writer with jansson byte for byte. */
#include "jsonw.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char spaces[] = "                                                                ";

static void indent(buf *b, int n)
{
    for (n *= 2; n > 0; n -= (int)(sizeof spaces - 1))
        buf_add(b, spaces, (size_t)n < sizeof spaces - 1 ? (size_t)n : sizeof spaces - 1);
}

/* Before any value or key: the separator and indentation its place needs. */
static void sep(jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->level == 0) return;
    buf_add(w->b, w->empty[w->level] ? "\n" : ",\n", w->empty[w->level] ? 1 : 2);
    w->empty[w->level] = 0;
    indent(w->b, w->level + w->base);
}

static void open_(jsonw *w, char c)
{
    sep(w);
    buf_add(w->b, &c, 1);
    if (w->level < JSONW_MAX_DEPTH) w->level++;
    w->empty[w->level] = 1;
}

void jw_object(jsonw *w) { open_(w, '{'); }
void jw_array(jsonw *w) { open_(w, '['); }

void jw_end(jsonw *w, char close)
{
    if (!w->empty[w->level]) {
        buf_add(w->b, "\n", 1);
        indent(w->b, w->level - 1 + w->base);
    }
    buf_add(w->b, &close, 1);
    if (w->level > 0) w->level--;
}

void jw_key(jsonw *w, const char *key)
{
    sep(w);
    jw_quote(w->b, key, strlen(key));
    buf_add(w->b, ": ", 2);
    w->after_key = 1;
}

void jw_str(jsonw *w, const char *s)
{
    sep(w);
    if (!s) s = "";
    jw_quote(w->b, s, strlen(s));
}

void jw_str_or_null(jsonw *w, const char *s)
{
    if (s) jw_str(w, s);
    else jw_null(w);
}

void jw_int(jsonw *w, long long v)
{
    char n[24];
    sep(w);
    buf_add(w->b, n, (size_t)snprintf(n, sizeof n, "%lld", v));
}

void jw_null(jsonw *w)
{
    sep(w);
    buf_add(w->b, "null", 4);
}

/* ------------------------------------------------------------ strings */

/* jansson's rules (utf8.c): lead bytes C2..F4, continuation bytes 80..BF,
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
int jw_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!k || k > n - i) return 0;
        unsigned long v = c & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
        for (size_t j = 1; j < k; j++) {
            if (p[i + j] < 0x80 || p[i + j] > 0xBF) return 0;
            v = (v << 6) | (p[i + j] & 0x3F);
        }
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (k == 3 && v < 0x800) || (k == 4 && v < 0x10000))
            return 0;
        i += k;
    }
    return 1;
}

/* Append s[0..n) escaped (all of it ASCII when ascii_only: other bytes '?'). */
/* The length of the prefix of u[0..n) that JSON takes as it is: no control
 * byte, '"' or '\\' (and, unless high_ok, no byte above 127). Eight bytes
 * at a time (the byte tests of "Bit Twiddling Hacks": exact about whether a
 * word holds such a byte), then byte by byte from the word that does. */
static size_t plain_run(const unsigned char *u, size_t n, int high_ok)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v, q, bs;
        memcpy(&v, u + i, 8);
        q = v ^ (ones * '"');
        bs = v ^ (ones * '\\');
        uint64_t bad = ((q - ones) & ~q) | ((bs - ones) & ~bs) | ((v - ones * 0x20) & ~v);
        if (!high_ok) bad |= v;
        if (bad & highs) break;
    }
    while (i < n && u[i] >= 0x20 && u[i] != '"' && u[i] != '\\' && (u[i] < 0x80 || high_ok)) i++;
    return i;
}

static void escape(buf *b, const char *s, size_t n, int ascii_only)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    for (;;) {
        size_t run = plain_run(u + i, n - i, !ascii_only);
        buf_add(b, s + i, run);
        i += run;
        if (i >= n) break;
        unsigned char c = u[i++];
        char e[8];
        switch (c) {
        case '"': buf_add(b, "\\\"", 2); break;
        case '\\': buf_add(b, "\\\\", 2); break;
        case '\b': buf_add(b, "\\b", 2); break;
        case '\f': buf_add(b, "\\f", 2); break;
        case '\n': buf_add(b, "\\n", 2); break;
        case '\r': buf_add(b, "\\r", 2); break;
        case '\t': buf_add(b, "\\t", 2); break;
        default:
            if (c >= 0x80) buf_add(b, "?", 1);
            else buf_add(b, e, (size_t)snprintf(e, sizeof e, "\\u%04X", c));
        }
    }
}

void jw_quote(buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = plain_run(u, n, 0);
    if (i == n) { /* nothing to escape (most strings): one copy */
        buf_reserve(b, n + 2);
        b->s[b->len++] = '"';
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len++] = '"';
        b->s[b->len] = 0;
        return;
    }
    int high = 0;
    for (; i < n && !high; i++) high = u[i] >= 0x80;
    buf_add(b, "\"", 1);
    escape(b, s, n, high && !jw_utf8_ok(s, n));
    buf_add(b, "\"", 1);
}

/* ------------------------------------------------ values given as text */

/* The plain JSON check_report.c writes: objects with distinct keys without
 * escapes, arrays, strings (UTF-8, escapes \" \\ \u0001..\u001f), integers
 * that fit in 64 bits, true, false, null. Anything else returns -1 and is
 * left to jansson. */
typedef struct fast {
    jsonw w;
    const char *p;
    buf str;
} fast;

static void ws(fast *f)
{
    while (*f->p == ' ' || *f->p == '\t' || *f->p == '\n' || *f->p == '\r') f->p++;
}

/* A string token at f->p into f->str (decoded); *escaped set when it had escapes. */
static int fast_string(fast *f, int *escaped)
{
    const char *p = f->p + 1;
    f->str.len = 0;
    *escaped = 0;
    for (;;) {
        const char *q = p;
        while ((unsigned char)*q >= 0x20 && *q != '"' && *q != '\\') q++;
        buf_add(&f->str, p, (size_t)(q - p));
        if (*q == '"') {
            f->p = q + 1;
            return jw_utf8_ok(f->str.s, f->str.len) ? 0 : -1;
        }
        if (*q != '\\') return -1;
        *escaped = 1;
        if (q[1] == '"' || q[1] == '\\') {
            buf_add(&f->str, q + 1, 1);
            p = q + 2;
        } else if (q[1] == 'u' && q[2] == '0' && q[3] == '0' && (q[4] == '0' || q[4] == '1')) {
            char *end;
            char hex[3] = {q[4], q[5], 0};
            long v = strtol(hex, &end, 16);
            if (*end || v == 0) return -1;
            char c = (char)v;
            buf_add(&f->str, &c, 1);
            p = q + 6;
        } else {
            return -1;
        }
    }
}

static int fast_value(fast *f, int depth)
{
    int escaped;
    if (depth > 32) return -1;
    ws(f);
    char c = *f->p;
    if (c == '{' || c == '[') {
        const char *keys[32];
        size_t key_len[32], n = 0;
        c == '{' ? jw_object(&f->w) : jw_array(&f->w);
        f->p++;
        ws(f);
        char close = c == '{' ? '}' : ']';
        if (*f->p != close) {
            for (;;) {
                if (c == '{') {
                    ws(f);
                    if (*f->p != '"' || n == 32) return -1;
                    keys[n] = f->p;
                    if (fast_string(f, &escaped) || escaped) return -1;
                    key_len[n] = (size_t)(f->p - keys[n]);
                    for (size_t k = 0; k < n; k++)
                        if (key_len[k] == key_len[n] && memcmp(keys[k], keys[n], key_len[n]) == 0) return -1;
                    n++;
                    jw_key(&f->w, f->str.s);
                    ws(f);
                    if (*f->p++ != ':') return -1;
                }
                if (fast_value(f, depth + 1)) return -1;
                ws(f);
                if (*f->p == ',') {
                    f->p++;
                    continue;
                }
                if (*f->p != close) return -1;
                break;
            }
        }
        f->p++;
        jw_end(&f->w, close);
        return 0;
    }
    if (c == '"') {
        if (fast_string(f, &escaped)) return -1;
        sep(&f->w);
        jw_quote(f->w.b, f->str.s, f->str.len);
        return 0;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = f->p + (c == '-');
        if (*s == '0' && s[1] >= '0' && s[1] <= '9') return -1;
        while (*s >= '0' && *s <= '9') s++;
        if (s == f->p + (c == '-') || *s == '.' || *s == 'e' || *s == 'E') return -1;
        errno = 0;
        long long v = strtoll(f->p, NULL, 10);
        if (errno) return -1;
        f->p = s;
        jw_int(&f->w, v);
        return 0;
    }
    static const char *const lit[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t l = strlen(lit[i]);
        if (strncmp(f->p, lit[i], l) == 0) {
            f->p += l;
            sep(&f->w);
            buf_add(f->w.b, lit[i], l);
            return 0;
        }
    }
    return -1;
}

int jw_json_member(jsonw *w, const char *key, const char *text)
{
    buf out = {0};
    fast f = {.w = *w, .p = text};
    f.w.b = &out;
    jw_key(&f.w, key);
    ws(&f);
    int ok = (*f.p == '{' || *f.p == '[') && fast_value(&f, 0) == 0;
    if (ok) {
        ws(&f);
        ok = *f.p == 0;
    }
    buf_free(&f.str);
    if (ok) {
        buf_add(w->b, out.s, out.len);
        int base = w->base;
        buf *b = w->b;
        *w = f.w;
        w->b = b;
        w->base = base;
        buf_free(&out);
        return 0;
    }
    buf_free(&out);
    /* jansson decides, and lays out what it loaded */
    json_t *v = json_loads(text, 0, NULL);
    if (!v) return -1;
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
    jw_key(w, key);
    w->after_key = 0;
    for (const char *p = s, *nl; p && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl) {
            buf_puts(w->b, p);
            break;
        }
        buf_add(w->b, p, (size_t)(nl - p + 1));
        indent(w->b, w->level + w->base);
    }
    free(s);
    return 0;
}
