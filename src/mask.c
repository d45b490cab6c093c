/* mask.c — masking secrets in printed text (see mask.h). Every occurrence of
 * every secret is found with memmem (so the cost is the number of secrets
 * times the text's length), the occurrences are sorted and merged, and each
 * merged run is printed as the mask of the secret it starts with. */
#define _GNU_SOURCE /* memmem */
#include "mask.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

char *mask_secret(const char *s)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80) chars++;
    size_t keep = chars >= 16 ? 4 : chars / 4, bytes = 0;
    /* bytes: the length of the first `keep` whole characters */
    for (size_t seen = 0; s[bytes]; bytes++) {
        if (((unsigned char)s[bytes] & 0xC0) != 0x80 && seen++ == keep) break;
    }
    if (keep == 0) bytes = 0;
    buf b = {0};
    buf_add(&b, s, bytes);
    buf_puts(&b, "****");
    return b.s;
}

void mask_set_add(mask_set *m, const char *secret)
{
    if (!secret || !*secret) return;
    GROW(m->v, m->cap, m->n + 1);
    m->v[m->n++] = xstrdup(secret);
    m->sealed = 0;
}

static int longest_first(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly) return lx > ly ? -1 : 1;
    return strcmp(x, y);
}

void mask_set_seal(mask_set *m)
{
    if (m->n > 1) qsort(m->v, m->n, sizeof *m->v, longest_first);
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (k && strcmp(m->v[k - 1], m->v[i]) == 0) {
            free(m->v[i]);
            continue;
        }
        m->v[k++] = m->v[i];
    }
    m->n = k;
    m->sealed = 1;
}

void mask_set_free(mask_set *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) free(m->v[i]);
    free(m->v);
    memset(m, 0, sizeof *m);
}

typedef struct hit {
    size_t at, end, secret;
} hit;

static int by_start(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1; /* the longest first */
    return 0;
}

static int word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
static int name_edge(char c) { return c == '\0' || c == '"' || c == '.' || c == '[' || c == ']' || c == ' '; }

/* An occurrence kept whole by mask_text_names: part of a longer identifier
 * (services.giteadb), or one of the finding's own names written as a name. */
static int kept(const char *text, size_t n, size_t at, size_t end, const char *secret, const char *const *names, size_t n_names)
{
    if (!names) return 0;
    char before = at ? text[at - 1] : '\0', after = end < n ? text[end] : '\0';
    if (word_char(before) || word_char(after)) return 1;
    if (!name_edge(before) || !name_edge(after)) return 0;
    for (size_t i = 0; i < n_names; i++)
        if (names[i] && strcmp(names[i], secret) == 0) return 1;
    return 0;
}

static char *mask_text_impl(const mask_set *m, const char *text, size_t n, size_t *at_io, const char *const *names, size_t n_names);

char *mask_text(const mask_set *m, const char *text, size_t n) { return mask_text_impl(m, text, n, NULL, NULL, 0); }
char *mask_text_at(const mask_set *m, const char *text, size_t n, size_t *at_io) { return mask_text_impl(m, text, n, at_io, NULL, 0); }
char *mask_text_names(const mask_set *m, const char *text, size_t n, const char *const *names, size_t n_names)
{
    return mask_text_impl(m, text, n, NULL, names, n_names);
}

static char *mask_text_impl(const mask_set *m, const char *text, size_t n, size_t *at_io, const char *const *names, size_t n_names)
{
    size_t want = at_io ? *at_io : 0, moved = want;
    hit *h = NULL;
    size_t nh = 0, cap = 0;
    for (size_t i = 0; m && i < m->n; i++) {
        size_t sl = strlen(m->v[i]);
        for (const char *p = text, *end = text + n; (size_t)(end - p) >= sl;) {
            const char *q = memmem(p, (size_t)(end - p), m->v[i], sl);
            if (!q) break;
            if (kept(text, n, (size_t)(q - text), (size_t)(q - text) + sl, m->v[i], names, n_names)) {
                p = q + 1;
                continue;
            }
            GROW(h, cap, nh + 1);
            h[nh++] = (hit){(size_t)(q - text), (size_t)(q - text) + sl, i};
            p = q + 1;
        }
    }
    if (nh > 1) qsort(h, nh, sizeof *h, by_start);
    buf b = {0};
    buf_add(&b, "", 0);
    size_t pos = 0;
    for (size_t i = 0; i < nh;) {
        size_t at = h[i].at, end = h[i].end;
        const char *first = m->v[h[i].secret];
        for (i++; i < nh && h[i].at < end; i++)
            if (h[i].end > end) end = h[i].end;
        buf_add(&b, text + pos, at - pos);
        if (want >= at && want < end) moved = b.len; /* inside the secret: at its mask */
        char *mk = mask_secret(first);
        buf_puts(&b, mk);
        free(mk);
        if (want >= end) moved = want - end + b.len;
        pos = end;
    }
    buf_add(&b, text + pos, n - pos);
    free(h);
    if (at_io) *at_io = moved;
    return b.s;
}

void mask_in_place_names(const mask_set *m, char **s, const char *const *names, size_t n_names)
{
    if (!*s || !m || !m->n) return;
    char *t = mask_text_names(m, *s, strlen(*s), names, n_names);
    free(*s);
    *s = t;
}

void mask_in_place(const mask_set *m, char **s)
{
    if (!*s || !m || !m->n) return;
    char *t = mask_text(m, *s, strlen(*s));
    free(*s);
    *s = t;
}
