/* spill.h — an append-only store of bytes kept in memory up to a bound and
 * then in an unlinked temporary file: what the streamed report (stream.c)
 * and the facts of cross-document checks (facts.c) keep of every file while
 * a scan goes on, so memory stays flat at any corpus size. Read back with
 * pread into the reader's own buffers, never mmap (mapped pages count in
 * the peak RSS). When the file cannot be made or written, the bytes stay in
 * memory: nothing is lost. Nothing here prints. */
#ifndef PLIMSOLL_SPILL_H
#define PLIMSOLL_SPILL_H

#include <stdint.h>

#include "util.h"

typedef struct spill {
    buf mem;            /* the bytes from offset `flushed` on */
    uint64_t flushed;   /* bytes written to the file */
    int fd1;            /* 1 + the file's descriptor; 0 until the first write */
    int broken;         /* the file could not be written: everything stays in mem */
} spill;

/* Bytes stored so far: the offset of the next one added. */
uint64_t spill_pos(const spill *s);

/* Move the bytes in memory to the file (made on the first call, in $TMPDIR
 * or /tmp, named prefix-XXXXXX and unlinked at once). */
void spill_write_out(spill *s, const char *prefix);

/* spill_write_out once SPILL_MEM bytes are in memory (call it between
 * records: a reader's window never straddles one). */
#define SPILL_MEM (256u << 10)
void spill_write_if_full(spill *s, const char *prefix);

/* Forget the bytes from off on (a failed run's); best effort: on a file
 * that cannot be truncated they stay, unreferenced. */
void spill_rewind(spill *s, uint64_t off);

void spill_free(spill *s);

/* Reads of a spill: a window of the file, and a copy for what spans more. */
typedef struct spill_reader {
    const spill *sp;    /* the spill the window is of (NULL: none) */
    uint64_t win_off;
    buf win, copy;
} spill_reader;

/* Point *p at the n bytes at off of s (valid until the next call on rd); 0,
 * or -1 when they cannot be read. */
int spill_get(spill_reader *rd, const spill *s, uint64_t off, size_t n, const char **p);

void spill_reader_free(spill_reader *rd);

#endif
