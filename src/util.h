/* util.h — allocation that never returns NULL, growable byte buffers, a
 * stable sort with a context, and the positioned error value every loader
 * returns. Nothing here prints or keeps state. */
#ifndef PLIMSOLL_UTIL_H
#define PLIMSOLL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Allocation: on failure these print one line and abort; callers never check. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xstrdup, or NULL for NULL. */
char *xstrdup_or_null(const char *s);
/* A NULL-terminated copy of the n strings of v (NULL for NULL). */
char **xstrdup_list(char *const *v, size_t n);

/* Grow *p (an array of elem-sized items with capacity *cap) to hold at least need. */
void grow_array(void **p, size_t *cap, size_t need, size_t elem);
#define GROW(arr, cap, need) grow_array((void **)&(arr), &(cap), (need), sizeof *(arr))

/* A growable NUL-terminated byte buffer. Owner frees .s with free(). */
typedef struct buf {
    char *s;
    size_t len, cap;
} buf;
/* Room for n more bytes (and the terminating NUL) without a reallocation. */
void buf_reserve(buf *b, size_t n);
void buf_add(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(buf *b);

/* Sort base[0..n) (elements of `size` bytes) with a comparison that gets
 * ctx as its third argument: C11's qsort has no context, and a global would
 * be shared state. Stable (a merge sort); allocates n * size bytes. */
void sort_ctx(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *ctx), void *ctx);

/* A positioned error: the first one set wins, setting never allocates.
 * line/col are 1-based (col in characters); 0 means "unknown". */
typedef struct perr {
    int set;
    uint32_t line, col;
    char msg[256];
} perr;
void perr_set(perr *e, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Append s[0..n) to b made safe to print on a terminal: control characters
 * (C0, DEL, C1), Unicode bidirectional overrides and bytes that are not
 * UTF-8 become visible escapes (\n, \t, \x1b, \u009b, \u202e, \xff) and a
 * backslash stays itself; everything else is copied. flags keep tabs
 * (ESC_KEEP_TAB) or line feeds (ESC_KEEP_LF) as they are. */
enum { ESC_KEEP_TAB = 1, ESC_KEEP_LF = 2 };
void buf_add_printable(buf *b, const char *s, size_t n, int flags);
/* A malloc'd printable copy of s (NULL: ""), nothing kept. */
char *str_printable(const char *s);

/* The encoding text seems to be in: UTF-8 (or anything else), UTF-16 with a
 * byte order mark, UTF-16 without one (ASCII characters with a NUL byte
 * before or after each, as YAML 1.2 detects it), or UTF-32 with a mark. */
typedef enum text_enc {
    ENC_UTF8, ENC_UTF16LE_BOM, ENC_UTF16BE_BOM, ENC_UTF16LE, ENC_UTF16BE, ENC_UTF32,
} text_enc;
text_enc text_encoding(const char *s, size_t n);
/* Append the UTF-16 text s[0..n) (little or big endian; a byte order mark
 * is dropped) to out as UTF-8: unpaired surrogates and a trailing odd byte
 * become U+FFFD, a NUL character stays a NUL byte. */
void utf16_to_utf8(const char *s, size_t n, int big_endian, buf *out);

/* Number of UTF-8 characters in s[0..n) (continuation bytes are not counted). */
uint32_t utf8_count(const char *s, size_t n);

/* The largest file read_file reads (256 MiB); read_file_max takes another. */
#define READ_MAX_DEFAULT ((size_t)256 << 20)
/* The largest limit any read accepts: positions are 32-bit byte offsets. */
#define READ_MAX_LIMIT (((size_t)4 << 30) - 2)

struct stat;
/* Open a regular file for reading without blocking on anything else: the
 * path is looked at before it is opened (O_NONBLOCK, O_NOCTTY) and again
 * after; a FIFO, device, socket or directory is refused. Returns the
 * descriptor and fills *st, or -1 with a one-line reason in err and errno
 * set (EINVAL for a file that is not regular). */
int open_regular(const char *path, struct stat *st, char *err, size_t errlen);

/* Read a whole file, or stdin when path is "-", into a NUL-terminated buffer
 * of at most max bytes (0: READ_MAX_DEFAULT). Never blocks on what is not a
 * regular file: a path is opened with O_NONBLOCK and refused unless it is a
 * regular file (a FIFO, a device, a socket or a directory given by name is an
 * error); only "-" reads a pipe or terminal. Returns 0 and sets *out and *len
 * (caller frees *out), or -1 with a one-line reason in err ("not a regular
 * file (a FIFO)", "larger than the limit of 256 MiB", strerror) and errno set
 * (EINVAL for a file that is not regular, EFBIG over the limit). */
int read_file_max(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen);
/* read_file_max with the default limit, errno only. */
int read_file(const char *path, char **out, size_t *len);

#endif
