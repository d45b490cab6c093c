/* sha256.h — SHA-256 (FIPS 180-4) for provenance: the hash of the check set
 * and of each framework catalogue in compliance reports. Pure functions; no
 * state outside the context the caller holds. */
#ifndef PLIMSOLL_SHA256_H
#define PLIMSOLL_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
    uint32_t h[8];
    uint64_t len;        /* bytes hashed so far */
    unsigned char blk[64];
    size_t n;            /* bytes waiting in blk */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
/* Finish and write the digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(sha256_ctx *c, char out[65]);

#endif
