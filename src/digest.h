/* digest.h — SHA-256 through libcrypto (OpenSSL's EVP interface): the
 * check-set and catalogue hashes of compliance reports, and digests of small
 * image-archive members. Layers are hashed while they stream (layer_read.c).
 * No state outside the context the caller holds. */
#ifndef PLIMSOLL_DIGEST_H
#define PLIMSOLL_DIGEST_H

#include <stddef.h>

typedef struct sha256_ctx {
    void *md;            /* EVP_MD_CTX */
    void *lib;           /* libcrypto, opened by sha256_init (dlopen), closed by sha256_hex */
    void (*update)(void), (*final)(void), (*free)(void); /* its EVP functions (digest.c casts them back) */
} sha256_ctx;

/* Can libcrypto be loaded? 0, or -1 with a message naming it in err (the
 * other functions abort without it: callers that can do without a digest,
 * like image archives, ask first). */
int sha256_available(char *err, size_t errlen);
void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
/* Finish (and free the context): the digest as 64 lowercase hex digits and
 * a NUL. */
void sha256_hex(sha256_ctx *c, char out[65]);
/* "sha256:<hex>" of bytes, malloc'd. */
/* Abandon c unfinished (nothing when sha256_hex finished it). */
void sha256_discard(sha256_ctx *c);
char *sha256_digest(const void *data, size_t len);

#endif
