/* digest.c — SHA-256 through libcrypto (see digest.h). */
#include "digest.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void sha256_init(sha256_ctx *c)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        fputs("plimsoll: libcrypto cannot start SHA-256\n", stderr);
        abort();
    }
    c->md = md;
}

void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
    if (n) EVP_DigestUpdate(c->md, data, n);
}

void sha256_hex(sha256_ctx *c, char out[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(c->md, d, &n);
    EVP_MD_CTX_free(c->md);
    c->md = NULL;
    for (unsigned i = 0; i < n && i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
    out[64] = 0;
}

char *sha256_digest(const void *data, size_t len)
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, data, len);
    char *out = xmalloc(7 + 64 + 1);
    memcpy(out, "sha256:", 7);
    sha256_hex(&c, out + 7);
    return out;
}
