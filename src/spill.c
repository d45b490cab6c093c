/* spill.c — see spill.h. */
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define READ_WINDOW (64u << 10) /* bytes read from the file at once (reads go mostly in order) */

uint64_t spill_pos(const spill *s) { return s->flushed + s->mem.len; }

void spill_write_out(spill *s, const char *prefix)
{
    if (s->broken || !s->mem.len) return;
    if (!s->fd1) {
        const char *dir = getenv("TMPDIR");
        buf name = {0};
        buf_printf(&name, "%s/%s-XXXXXX", dir && *dir ? dir : "/tmp", prefix);
        int fd = mkstemp(name.s);
        if (fd >= 0) unlink(name.s);
        buf_free(&name);
        if (fd < 0) {
            s->broken = 1;
            return;
        }
        s->fd1 = fd + 1;
    }
    size_t done = 0;
    while (done < s->mem.len) {
        ssize_t k = write(s->fd1 - 1, s->mem.s + done, s->mem.len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) { /* what is not written stays in memory, from now on */
            memmove(s->mem.s, s->mem.s + done, s->mem.len - done);
            s->mem.len -= done;
            s->flushed += done;
            s->broken = 1;
            return;
        }
        done += (size_t)k;
    }
    s->flushed += s->mem.len;
    s->mem.len = 0;
}

void spill_write_if_full(spill *s, const char *prefix)
{
    if (s->mem.len >= SPILL_MEM) spill_write_out(s, prefix);
}

void spill_rewind(spill *s, uint64_t off)
{
    if (off >= s->flushed) {
        if (off - s->flushed < s->mem.len) s->mem.len = (size_t)(off - s->flushed);
    } else if (s->fd1 && ftruncate(s->fd1 - 1, (off_t)off) == 0 &&
               lseek(s->fd1 - 1, (off_t)off, SEEK_SET) == (off_t)off) {
        s->flushed = off;
        s->mem.len = 0;
    }
}

void spill_free(spill *s)
{
    buf_free(&s->mem);
    if (s->fd1) close(s->fd1 - 1);
    memset(s, 0, sizeof *s);
}

/* Replace into's bytes with [off, off + n) of the file; 0, or -1. */
static int read_back(const spill *s, uint64_t off, size_t n, buf *into)
{
    into->len = 0;
    GROW(into->s, into->cap, n + 1);
    while (into->len < n) {
        ssize_t k = pread(s->fd1 - 1, into->s + into->len, n - into->len, (off_t)(off + into->len));
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        into->len += (size_t)k;
    }
    into->s[into->len] = 0;
    return 0;
}

int spill_get(spill_reader *rd, const spill *s, uint64_t off, size_t n, const char **p)
{
    if (off + n > spill_pos(s)) return -1;
    if (off >= s->flushed) { /* in memory */
        *p = s->mem.s + (off - s->flushed);
        return 0;
    }
    if (rd->sp == s && off >= rd->win_off && off + n <= rd->win_off + rd->win.len) {
        *p = rd->win.s + (off - rd->win_off);
        return 0;
    }
    if (off + n <= s->flushed && n <= READ_WINDOW) { /* a new window */
        size_t want = READ_WINDOW;
        if (off + want > s->flushed) want = (size_t)(s->flushed - off);
        rd->sp = NULL;
        if (read_back(s, off, want, &rd->win)) return -1;
        rd->sp = s;
        rd->win_off = off;
        *p = rd->win.s;
        return 0;
    }
    /* large, or across the file's end into memory: a copy */
    size_t in_file = off + n > s->flushed ? (size_t)(s->flushed - off) : n;
    if (read_back(s, off, in_file, &rd->copy)) return -1;
    if (n > in_file) buf_add(&rd->copy, s->mem.s, n - in_file);
    *p = rd->copy.s;
    return 0;
}

void spill_reader_free(spill_reader *rd)
{
    buf_free(&rd->win);
    buf_free(&rd->copy);
    memset(rd, 0, sizeof *rd);
}
