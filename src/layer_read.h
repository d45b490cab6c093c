/* layer_read.h — streaming one layer blob (plain, gzip, zstd, xz, bzip2 or
 * lz4 tar) once, front to back, with libarchive: its entries, the contents
 * image_fs.c says to keep, the Go build info of executables and the Maven
 * properties of Java archives, and two SHA-256 digests (of the bytes as
 * stored and of the uncompressed tar). Nothing is extracted and no layer is
 * held in memory; the archive's limits are enforced as bytes flow. */
#ifndef PLIMSOLL_LAYER_READ_H
#define PLIMSOLL_LAYER_READ_H

#include <sys/types.h>

#include "check.h"
#include "digest.h"
#include "dynlib.h"
#include "image.h"

/* Where a layer's stored bytes come from: returns bytes read into buf
 * (0 at the end), or -1 with a message in err. */
typedef ssize_t (*layer_src_fn)(void *ctx, void *buf, size_t n, char *err, size_t errlen);

/* What one archive may still spend, shared by its layers. */
typedef struct layer_budget {
    const archive_limits *lim;
    uint64_t bytes, entries, captured;  /* spent so far */
    int capture_full;                   /* the capture limit was reported */
    int stop;                           /* a limit ended the reading of the archive */
} layer_budget;

/* Stream layer L (L->member names it in messages) from src, through
 * libarchive's functions la (dynlib.h), into L's entries and digests.
 * Errors, each naming the archive (display), the layer and the entry, go to
 * errs. Returns 0 when the layer was read to its end, -1 when it was
 * truncated, corrupt or stopped by a limit. */
int layer_read(const archive_lib *la, img_layer *L, layer_src_fn src, void *src_ctx, layer_budget *b,
               const char *display, results *errs);


#endif
