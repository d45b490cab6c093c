/* digest.c — SHA-256 through libcrypto (see digest.h), opened with dlopen
 * when a digest is made, not linked: the dynamic loader's work for libcrypto
 * at start (about 3.3 million instructions) is more than a scan of one small
 * file, and most scans make no digest. Each context resolves the functions
 * it calls (no process-wide table: no mutable global); the library is opened
 * once for good (RTLD_NODELETE), later opens only find it. */
#include "digest.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifndef LIBCRYPTO_SONAME
#define LIBCRYPTO_SONAME "libcrypto.so.3"
#endif

static void *sym(void *h, const char *name)
{
    void *p = dlsym(h, name);
    if (!p) {
        fprintf(stderr, "plimsoll: %s has no %s\n", LIBCRYPTO_SONAME, name);
        abort();
    }
    return p;
}

typedef int update_fn(EVP_MD_CTX *, const void *, size_t);
typedef int final_fn(EVP_MD_CTX *, unsigned char *, unsigned int *);
typedef void free_fn(EVP_MD_CTX *);

int sha256_available(char *err, size_t errlen)
{
    void *h = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        const char *e = dlerror();
        snprintf(err, errlen, "%s cannot be loaded, needed for SHA-256 (%s)", LIBCRYPTO_SONAME, e ? e : "unknown error");
        return -1;
    }
    dlclose(h);
    return 0;
}

void sha256_init(sha256_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->lib = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!c->lib) {
        fprintf(stderr, "plimsoll: cannot load %s: %s\n", LIBCRYPTO_SONAME, dlerror());
        abort();
    }
    EVP_MD_CTX *(*ctx_new)(void);
    const EVP_MD *(*sha256)(void);
    int (*init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
    *(void **)&ctx_new = sym(c->lib, "EVP_MD_CTX_new");
    *(void **)&sha256 = sym(c->lib, "EVP_sha256");
    *(void **)&init = sym(c->lib, "EVP_DigestInit_ex");
    *(void **)&c->update = sym(c->lib, "EVP_DigestUpdate");
    *(void **)&c->final = sym(c->lib, "EVP_DigestFinal_ex");
    *(void **)&c->free = sym(c->lib, "EVP_MD_CTX_free");
    EVP_MD_CTX *md = ctx_new();
    if (!md || init(md, sha256(), NULL) != 1) {
        fputs("plimsoll: libcrypto cannot start SHA-256\n", stderr);
        abort();
    }
    c->md = md;
}

void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
    if (n) ((update_fn *)c->update)(c->md, data, n);
}

void sha256_hex(sha256_ctx *c, char out[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    ((final_fn *)c->final)(c->md, d, &n);
    ((free_fn *)c->free)(c->md);
    c->md = NULL;
    dlclose(c->lib);
    c->lib = NULL;
    for (unsigned i = 0; i < n && i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
    out[64] = 0;
}

void sha256_discard(sha256_ctx *c)
{
    if (!c->md) return;
    ((free_fn *)c->free)(c->md);
    c->md = NULL;
    dlclose(c->lib);
    c->lib = NULL;
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
