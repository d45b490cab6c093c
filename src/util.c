/* util.c — allocation, buffers, a sort with context, positioned errors,
 * file reading (regular files only, never blocking, with a size cap). No
 * state: everything lives in what the caller passes. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(size_t n)
{
    fprintf(stderr, "plimsoll: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrdup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

char **xstrdup_list(char *const *v, size_t n)
{
    if (!v) return NULL;
    char **d = xcalloc(n + 1, sizeof *d);
    for (size_t i = 0; i < n; i++) d[i] = xstrdup(v[i]);
    return d;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void grow_array(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t c = *cap ? *cap : 8;
    while (c < need) c *= 2;
    *p = xrealloc(*p, c * elem);
    *cap = c;
}

void buf_reserve(buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 64;
        while (c < b->len + n + 1) c *= 2;
        b->s = xrealloc(b->s, c);
        b->cap = c;
    }
}

void buf_add(buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    if (n) memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void buf_puts(buf *b, const char *s) { buf_add(b, s, strlen(s)); }
void buf_putc(buf *b, char c) { buf_add(b, &c, 1); }

void buf_printf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) {
        buf_add(b, tmp, (size_t)n);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(b, big, (size_t)n);
    free(big);
}

void buf_free(buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

void perr_set(perr *e, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (e->set) return;
    e->set = 1;
    e->line = line;
    e->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
}

/* Length of the valid UTF-8 sequence at s[0..n) and its code point, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t need = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (!need || need > n) return 0;
    uint32_t v = c & (0x7Fu >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[need] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return need;
}

void buf_add_printable(buf *b, const char *s, size_t n, int flags)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* bytes copied as they are, added in one go */
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        const char *esc = NULL;
        char tmp[16];
        size_t w = 1;
        if (c >= 0x20 && c < 0x7F) {
            i++;
            run++;
            continue;
        }
        if (c < 0x80) {
            if ((c == '\t' && (flags & ESC_KEEP_TAB)) || (c == '\n' && (flags & ESC_KEEP_LF))) {
                i++;
                run++;
                continue;
            }
            esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
            if (!esc) snprintf(tmp, sizeof tmp, "\\x%02x", c), esc = tmp;
        } else {
            uint32_t cp = 0;
            w = utf8_seq(u + i, n - i, &cp);
            if (!w) {
                w = 1;
                snprintf(tmp, sizeof tmp, "\\x%02x", c);
                esc = tmp;
            } else if (cp < 0xA0 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
                snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
                esc = tmp;
            } else {
                i += w;
                run += w;
                continue;
            }
        }
        if (run) buf_add(b, s + i - run, run);
        run = 0;
        buf_puts(b, esc);
        i += w;
    }
    if (run) buf_add(b, s + n - run, run);
    if (!b->s) buf_add(b, "", 0);
}

char *str_printable(const char *s)
{
    buf b = {0};
    buf_add_printable(&b, s ? s : "", s ? strlen(s) : 0, 0);
    return b.s;
}

text_enc text_encoding(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3]) || (!u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)))
        return ENC_UTF32;
    if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) return ENC_UTF16LE_BOM;
    if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) return ENC_UTF16BE_BOM;
    if (n >= 4 && u[0] && !u[1] && u[2] && !u[3]) return ENC_UTF16LE;
    if (n >= 4 && !u[0] && u[1] && !u[2] && u[3]) return ENC_UTF16BE;
    return ENC_UTF8;
}

static void put_utf8(buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) b[0] = (char)cp, n = 1;
    else if (cp < 0x800) b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)), b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        b[0] = (char)(0xF0 | cp >> 18), b[1] = (char)(0x80 | (cp >> 12 & 0x3F)), b[2] = (char)(0x80 | (cp >> 6 & 0x3F)),
        b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    buf_add(out, b, n);
}

void utf16_to_utf8(const char *s, size_t n, int big_endian, buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    if (n >= 2 && ((!big_endian && u[0] == 0xFF && u[1] == 0xFE) || (big_endian && u[0] == 0xFE && u[1] == 0xFF))) i = 2;
    for (; i + 1 < n; i += 2) {
        uint32_t w = big_endian ? (uint32_t)u[i] << 8 | u[i + 1] : (uint32_t)u[i + 1] << 8 | u[i];
        if (w >= 0xD800 && w <= 0xDBFF && i + 3 < n) {
            uint32_t w2 = big_endian ? (uint32_t)u[i + 2] << 8 | u[i + 3] : (uint32_t)u[i + 3] << 8 | u[i + 2];
            if (w2 >= 0xDC00 && w2 <= 0xDFFF) {
                put_utf8(out, 0x10000 + ((w - 0xD800) << 10) + (w2 - 0xDC00));
                i += 2;
                continue;
            }
        }
        put_utf8(out, w >= 0xD800 && w <= 0xDFFF ? 0xFFFD : w);
    }
    if (i < n) put_utf8(out, 0xFFFD);
    if (!out->s) buf_add(out, "", 0);
}

uint32_t utf8_count(const char *s, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

/* What kind of file mode m is, for messages. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

static int read_fail(int e, char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int read_fail(int e, char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    errno = e;
    return -1;
}

/* Read fd to its end into b, failing with EFBIG past max bytes. */
static int read_all(int fd, size_t max, buf *b, char *err, size_t errlen)
{
    for (;;) {
        if (b->cap - b->len < 2) { /* room for one more byte and the NUL */
            size_t c = b->cap < 65536 ? 65536 : b->cap * 2;
            if (c > max + 2) c = max + 2;
            b->s = xrealloc(b->s, c);
            b->cap = c;
        }
        size_t room = b->cap - b->len - 1;
        if (room > max + 1 - b->len) room = max + 1 - b->len;
        ssize_t n = read(fd, b->s + b->len, room);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            return read_fail(e, err, errlen, "%s", strerror(e));
        }
        if (n == 0) break;
        b->len += (size_t)n;
        if (b->len > max)
            return read_fail(EFBIG, err, errlen, "larger than the limit of %zu MiB (--max-file-size)", max >> 20);
    }
    b->s[b->len] = 0;
    return 0;
}

int open_regular(const char *path, struct stat *st, char *err, size_t errlen)
{
    /* Refuse before opening: opening a device can have effects of its own. */
    if (stat(path, st) != 0) {
        int e = errno;
        return read_fail(e, err, errlen, "%s", strerror(e));
    }
    if (!S_ISREG(st->st_mode)) return read_fail(EINVAL, err, errlen, "not a regular file (%s)", file_kind(st->st_mode));
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return read_fail(e, err, errlen, "%s", strerror(e));
    }
    /* It may have been replaced between the two looks. */
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return read_fail(EINVAL, err, errlen, "not a regular file (%s)", file_kind(st->st_mode));
    }
    return fd;
}

int read_file_max(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen)
{
    if (!max) max = READ_MAX_DEFAULT;
    if (max > READ_MAX_LIMIT) max = READ_MAX_LIMIT;
    int is_stdin = strcmp(path, "-") == 0, fd = 0;
    struct stat st;
    if (!is_stdin) {
        fd = open_regular(path, &st, err, errlen);
        if (fd < 0) return -1;
        if ((uint64_t)st.st_size > (uint64_t)max) {
            close(fd);
            return read_fail(EFBIG, err, errlen, "larger than the limit of %zu MiB (--max-file-size)", max >> 20);
        }
    }
    buf b = {0};
    if (!is_stdin && st.st_size > 0) { /* the exact size, read in place (grows if the file does) */
        b.cap = (size_t)st.st_size + 2;
        b.s = xmalloc(b.cap);
    }
    int rc = read_all(fd, max, &b, err, errlen);
    int e = errno;
    if (!is_stdin) close(fd);
    if (rc) {
        buf_free(&b);
        errno = e;
        return -1;
    }
    if (!b.s) buf_add(&b, "", 0);
    *out = b.s;
    *len = b.len;
    return 0;
}

int read_file(const char *path, char **out, size_t *len)
{
    return read_file_max(path, 0, out, len, NULL, 0);
}

/* Merge the sorted runs src[lo..mid) and src[mid..hi) into dst[lo..hi);
 * on ties the left run goes first (stability). */
static void merge(const char *src, char *dst, size_t lo, size_t mid, size_t hi, size_t size,
                  int (*cmp)(const void *, const void *, void *), void *ctx)
{
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (cmp(src + j * size, src + i * size, ctx) < 0) memcpy(dst + k++ * size, src + j++ * size, size);
        else memcpy(dst + k++ * size, src + i++ * size, size);
    }
    memcpy(dst + k * size, src + i * size, (mid - i) * size);
    k += mid - i;
    memcpy(dst + k * size, src + j * size, (hi - j) * size);
}

void sort_ctx(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *ctx), void *ctx)
{
    if (n < 2) return;
    char *src = base, *dst = xmalloc(n * size), *spare = dst;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = n - lo > width ? lo + width : n;
            size_t hi = n - mid > width ? mid + width : n;
            merge(src, dst, lo, mid, hi, size, cmp, ctx);
        }
        char *t = src;
        src = dst;
        dst = t;
    }
    if (src != base) memcpy(base, src, n * size);
    free(spare);
}
