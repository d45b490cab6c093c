/* fuzz_glob.c — the config's glob matcher against a slow, obviously correct
 * reference written here from the documented syntax (backtracking, so only
 * small inputs are compared); bigger inputs just have to finish. Input:
 * PATTERN '\n' PATH. */
#include "config.h"
#include "fuzz.h"

/* Reference: one character of p at s; both NUL-terminated byte strings. */
static size_t ref_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (need > n) return 1;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80) return 1;
    if (need == 2 && c < 0xC2) return 1;
    if (need == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))) return 1;
    if (need == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90) || c > 0xF4)) return 1;
    return need;
}

static uint32_t ref_cp(const unsigned char *s, size_t w)
{
    if (w == 1) return s[0] < 0x80 ? s[0] : 0x110000u + s[0];
    uint32_t v = s[0] & (0x7Fu >> w);
    for (size_t i = 1; i < w; i++) v = v << 6 | (s[i] & 0x3Fu);
    return v;
}

/* A class at p (after '['): *len its length with ']' (0: unclosed). */
static int ref_class(const unsigned char *p, size_t pn, uint32_t ch, size_t *len)
{
    size_t i = 0;
    int neg = 0, in = 0;
    if (i < pn && (p[i] == '!' || p[i] == '^')) neg = 1, i++;
    for (int first = 1; i < pn; first = 0) {
        if (p[i] == ']' && !first) {
            *len = i + 1;
            return in != neg;
        }
        if (p[i] == '\\' && i + 1 < pn) i++;
        size_t w = ref_char(p + i, pn - i);
        uint32_t lo = ref_cp(p + i, w), hi = lo;
        i += w;
        if (i + 1 < pn && p[i] == '-' && p[i + 1] != ']') {
            i++;
            if (p[i] == '\\' && i + 1 < pn) i++;
            w = ref_char(p + i, pn - i);
            hi = ref_cp(p + i, w);
            i += w;
        }
        if (ch >= lo && ch <= hi) in = 1;
    }
    *len = 0;
    return 0;
}

/* Does p[0..pn) match all of s[0..sn)? */
static int ref_match(const unsigned char *p, size_t pn, const unsigned char *s, size_t sn)
{
    if (pn == 0) return sn == 0;
    if (p[0] == '*' && pn > 1 && p[1] == '*') {
        size_t i = 2;
        while (i < pn && p[i] == '*') i++;
        if (i < pn && p[i] == '/') { /* zero or more whole segments */
            if (ref_match(p + i + 1, pn - i - 1, s, sn)) return 1;
            for (size_t k = 0; k < sn; k++)
                if (s[k] == '/' && ref_match(p + i + 1, pn - i - 1, s + k + 1, sn - k - 1)) return 1;
            return 0;
        }
        for (size_t k = 0;; k += ref_char(s + k, sn - k)) { /* a whole character at a time */
            if (ref_match(p + i, pn - i, s + k, sn - k)) return 1;
            if (k == sn) return 0;
        }
    }
    if (p[0] == '*') {
        for (size_t k = 0;; k += ref_char(s + k, sn - k)) {
            if (ref_match(p + 1, pn - 1, s + k, sn - k)) return 1;
            if (k == sn || s[k] == '/') return 0;
        }
    }
    if (sn == 0) return 0;
    size_t sw = ref_char(s, sn);
    uint32_t ch = ref_cp(s, sw);
    if (p[0] == '?') return ch != '/' && ref_match(p + 1, pn - 1, s + sw, sn - sw);
    if (p[0] == '[') {
        size_t len;
        int in = ref_class(p + 1, pn - 1, ch, &len);
        if (len) return ch != '/' && in && ref_match(p + 1 + len, pn - 1 - len, s + sw, sn - sw);
    }
    size_t skip = p[0] == '\\' && pn > 1 ? 1 : 0;
    size_t pw = ref_char(p + skip, pn - skip);
    if (pw != sw || memcmp(p + skip, s, sw) != 0) return 0;
    return ref_match(p + skip + pw, pn - skip - pw, s + sw, sn - sw);
}

/* The documented rule around the matcher: the path or a folder it is in;
 * without '/' in the pattern, from any segment on. */
static int ref_glob(const char *pattern, const char *path)
{
    while (pattern[0] == '.' && pattern[1] == '/') pattern += 2;
    size_t pl = strlen(pattern);
    while (pl > 1 && pattern[pl - 1] == '/') pl--;
    int anchored = memchr(pattern, '/', pl) != NULL;
    const unsigned char *p = (const unsigned char *)pattern;
    if (pl && p[0] == '/') p++, pl--;
    const unsigned char *s = (const unsigned char *)path;
    if (*s == '/') s++;
    size_t n = strlen((const char *)s);
    for (size_t start = 0; start <= n; start++) {
        if (start > 0 && (anchored || s[start - 1] != '/')) continue;
        for (size_t end = start + 1; end <= n; end++)
            if ((end == n || s[end] == '/') && ref_match(p, pl, s + start, end - start)) return 1;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl) return 0;
    char *pat = fuzz_text(data, (size_t)(nl - data));
    char *path = fuzz_text(nl + 1, size - (size_t)(nl - data) - 1);
    int got = config_glob(pat, path);
    size_t stars = 0;
    for (const char *q = pat; *q; q++) stars += *q == '*';
    if (strlen(pat) == (size_t)(nl - data) && strlen(path) == size - (size_t)(nl - data) - 1 && stars <= 6 &&
        strlen(pat) <= 24 && strlen(path) <= 48) {
        int want = ref_glob(pat, path);
        FUZZ_ASSERT(got == want, "glob \"%s\" on \"%s\": %d, reference %d", pat, path, got, want);
    }
    free(pat);
    free(path);
    return 0;
}
