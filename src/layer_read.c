/* layer_read.c — one layer streamed through three libarchive readers (see
 * layer_read.h):
 *
 *   src (stored bytes: SHA-256 → blob digest)
 *     → `raw` reader with the decompression filters (uncompressed bytes:
 *       SHA-256 → diff id; byte, ratio limits)
 *       → `tar` reader (entries: kept contents, Go build info, jars)
 *
 * Each reader pulls from the one before through a read callback, so the
 * layer passes once, in 64 KiB blocks, and nothing is written anywhere.
 * After the tar's end the rest of both streams is drained so that the
 * digests cover every byte. */
#include "layer_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (64 * 1024)

typedef struct lstream {
    const archive_lib *la;
    img_layer *L;
    layer_budget *b;
    const char *display;
    results *errs;
    layer_src_fn src;
    void *src_ctx;
    sha256_ctx blob_md, diff_md;
    struct archive *raw;
    unsigned char *inbuf, *rawbuf;
    const char *entry;      /* the entry being read, for messages */
    char last[200];         /* the entry before (its data is skipped during the next header) */
    char why[512];          /* the first reason the stream stopped */
    int limit_hit;
} lstream;

static void lerr(lstream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lerr(lstream *s, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    results_add_error(s->errs, s->display, 0, 0, "layer %s: %s", s->L->member, msg);
}

/* Entry names in messages: at most 160 bytes, control characters escaped. */
static const char *shown(const char *name, char *out, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; name[i] && j + 5 < n && i < 160; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 32 || c == 127) j += (size_t)snprintf(out + j, n - j, "\\x%02x", c);
        else out[j++] = (char)c;
    }
    if (strlen(name) > 160 && j + 4 < n) {
        memcpy(out + j, "...", 3);
        j += 3;
    }
    out[j] = 0;
    return out;
}

static char *hex_digest(sha256_ctx *md)
{
    char *out = xmalloc(7 + 64 + 1);
    memcpy(out, "sha256:", 7);
    sha256_hex(md, out + 7);
    return out;
}

/* ---- the three readers ---- */

static la_ssize_t read_stored(struct archive *a, void *ud, const void **out)
{
    lstream *s = ud;
    const archive_lib *la = s->la;
    char err[256] = "";
    ssize_t n = s->src(s->src_ctx, s->inbuf, BLOCK, err, sizeof err);
    if (n < 0) {
        if (!s->why[0]) snprintf(s->why, sizeof s->why, "cannot read the layer: %s", err);
        la->archive_set_error(a, -1, "%s", err);
        return -1;
    }
    sha256_update(&s->blob_md, s->inbuf, (size_t)n);
    s->L->size += (uint64_t)n;
    *out = s->inbuf;
    return n;
}

static la_ssize_t read_uncompressed(struct archive *a, void *ud, const void **out)
{
    lstream *s = ud;
    const archive_lib *la = s->la;
    la_ssize_t n = la->archive_read_data(s->raw, s->rawbuf, BLOCK);
    if (n < 0) {
        if (!s->why[0])
            snprintf(s->why, sizeof s->why, "corrupt or truncated (%s)", la->archive_error_string(s->raw));
        la->archive_set_error(a, -1, "%s", s->why);
        return -1;
    }
    sha256_update(&s->diff_md, s->rawbuf, (size_t)n);
    s->L->usize += (uint64_t)n;
    s->b->bytes += (uint64_t)n;
    const archive_limits *lim = s->b->lim;
    char nb[200];
    if (s->b->bytes > archive_limit(lim, LIM_BYTES)) {
        s->limit_hit = s->b->stop = 1;
        snprintf(s->why, sizeof s->why, "limit bytes=%llu (uncompressed bytes of the archive's layers) exceeded at %s: "
                 "the rest of the archive is not read", (unsigned long long)archive_limit(lim, LIM_BYTES),
                 s->entry ? shown(s->entry, nb, sizeof nb) : "its start");
        la->archive_set_error(a, -1, "limit");
        return -1;
    }
    uint64_t ratio = archive_limit(lim, LIM_RATIO);
    if (s->L->usize > (64u << 20) && s->L->size && s->L->usize / s->L->size > ratio) {
        s->limit_hit = 1;
        snprintf(s->why, sizeof s->why, "limit ratio=%llu exceeded at %s: %llu bytes uncompressed from %llu "
                 "(a decompression bomb?); the layer is not read further",
                 (unsigned long long)ratio, s->entry ? shown(s->entry, nb, sizeof nb) : "its start",
                 (unsigned long long)s->L->usize, (unsigned long long)s->L->size);
        la->archive_set_error(a, -1, "limit");
        return -1;
    }
    *out = s->rawbuf;
    return n;
}

/* ---- contents ---- */

/* Read the rest of the current entry of `a` (at most cap bytes kept) into
 * *out; returns bytes kept, or -1 when reading failed. */
static ssize_t slurp(const archive_lib *la, struct archive *a, size_t cap, char **out, size_t have_len, const char *have)
{
    buf b = {0};
    if (have_len) buf_add(&b, have, have_len);
    char tmp[16384];
    for (;;) {
        la_ssize_t n = la->archive_read_data(a, tmp, sizeof tmp);
        if (n < 0) {
            buf_free(&b);
            return -1;
        }
        if (n == 0) break;
        if (b.len < cap) buf_add(&b, tmp, (size_t)n < cap - b.len ? (size_t)n : cap - b.len);
    }
    if (!b.s) buf_add(&b, "", 0);
    *out = b.s;
    return (ssize_t)b.len;
}

/* Unsigned varint (Go's encoding) at p[*i..n); 0 and *ok = 0 when malformed. */
static uint64_t uvarint(const unsigned char *p, size_t n, size_t *i, int *ok)
{
    uint64_t v = 0;
    for (int shift = 0; *i < n && shift < 64; shift += 7) {
        unsigned char c = p[(*i)++];
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    *ok = 0;
    return 0;
}

static uint64_t rd(const unsigned char *p, int size, int big)
{
    uint64_t v = 0;
    for (int i = 0; i < size; i++) v = v << 8 | p[big ? i : size - 1 - i];
    return v;
}

/* The file offset of an ELF executable's first writable, non-executable
 * loadable segment (where the Go linker puts the build info), from the
 * header bytes h[0..n); 0 when there is none. */
static uint64_t elf_data_offset(const unsigned char *h, size_t n)
{
    if (n < 64 || memcmp(h, "\177ELF", 4) != 0) return 0;
    int is64 = h[4] == 2, big = h[5] == 2;
    uint64_t phoff = is64 ? rd(h + 32, 8, big) : rd(h + 28, 4, big);
    uint64_t phentsize = is64 ? rd(h + 54, 2, big) : rd(h + 42, 2, big);
    uint64_t phnum = is64 ? rd(h + 56, 2, big) : rd(h + 44, 2, big);
    if (phentsize < (is64 ? 56u : 32u) || phnum > 256) return 0;
    for (uint64_t i = 0; i < phnum; i++) {
        uint64_t o = phoff + i * phentsize;
        if (o + phentsize > n) return 0;
        const unsigned char *ph = h + o;
        uint64_t type = rd(ph, 4, big);
        uint64_t flags = is64 ? rd(ph + 4, 4, big) : rd(ph + 24, 4, big);
        uint64_t off = is64 ? rd(ph + 8, 8, big) : rd(ph + 4, 4, big);
        if (type == 1 && (flags & 2) && !(flags & 1)) return off;
    }
    return 0;
}

/* The build info of a Go (1.18+) executable found in window w[0..n) (the
 * start of its data segment): "<go version>\n<module lines>" into *out. */
static int go_buildinfo(const unsigned char *w, size_t n, char **out, size_t *len)
{
    static const char magic[] = "\xff Go buildinf:";
    size_t search = n < 65536 ? n : 65536;
    for (size_t at = 0; at + 32 <= search; at += 16) {
        if (memcmp(w + at, magic, 14) != 0) continue;
        if (!(w[at + 15] & 2)) return 0; /* pointer-based build info (before Go 1.18): not read */
        size_t i = at + 32;
        int ok = 1;
        uint64_t vl = uvarint(w, n, &i, &ok);
        if (!ok || vl > n - i) return 0;
        const unsigned char *ver = w + i;
        i += vl;
        uint64_t ml = uvarint(w, n, &i, &ok);
        if (!ok || ml > n - i) return 0;
        const unsigned char *mod = w + i;
        /* the module text sits between two 16-byte sentinels */
        if (ml >= 33 && mod[ml - 17] == '\n') {
            mod += 16;
            ml -= 32;
        }
        buf b = {0};
        buf_add(&b, (const char *)ver, vl);
        buf_putc(&b, '\n');
        buf_add(&b, (const char *)mod, ml);
        *out = b.s;
        *len = b.len;
        return 1;
    }
    return 0;
}

/* An executable: look for Go build info at the start of its data segment. */
static void read_executable(const archive_lib *la, struct archive *tar, fs_entry *e)
{
    unsigned char head[4096];
    size_t hn = 0;
    while (hn < sizeof head) {
        la_ssize_t n = la->archive_read_data(tar, head + hn, sizeof head - hn);
        if (n <= 0) return;
        hn += (size_t)n;
    }
    uint64_t off = elf_data_offset(head, hn);
    if (!off || off < hn || off >= e->size) return;
    uint64_t pos = hn;
    unsigned char tmp[16384];
    size_t wcap = 256 * 1024, wn = 0;
    unsigned char *w = NULL;
    while (wn < wcap) {
        la_ssize_t n = la->archive_read_data(tar, tmp, sizeof tmp);
        if (n <= 0) break;
        uint64_t end = pos + (uint64_t)n;
        if (end > off) {
            if (!w) w = xmalloc(wcap);
            uint64_t from = pos > off ? pos : off;
            size_t take = (size_t)(end - from);
            if (take > wcap - wn) take = wcap - wn;
            memcpy(w + wn, tmp + (from - pos), take);
            wn += take;
        }
        pos = end;
    }
    char *info;
    size_t len;
    if (w && go_buildinfo(w, wn, &info, &len)) {
        e->content = info;
        e->content_len = len;
        e->capture = CAP_GOBIN;
    }
    free(w);
}

typedef struct nested {
    const archive_lib *la;
    struct archive *from;
    unsigned char block[BLOCK];
} nested;

static la_ssize_t read_nested(struct archive *a, void *ud, const void **out)
{
    (void)a;
    nested *n = ud;
    la_ssize_t r = n->la->archive_read_data(n->from, n->block, sizeof n->block);
    *out = n->block;
    return r < 0 ? -1 : r;
}

static int pom_properties(const char *name)
{
    size_t l = strlen(name);
    return strncmp(name, "META-INF/maven/", 15) == 0 && l > 15 + 15 &&
           strcmp(name + l - 15, "/pom.properties") == 0;
}

static int is_jar(const char *name)
{
    size_t l = strlen(name);
    return l > 4 && (strcmp(name + l - 4, ".jar") == 0 || strcmp(name + l - 4, ".war") == 0 ||
                     strcmp(name + l - 4, ".ear") == 0);
}

/* A Java archive read from `from`: its pom.properties (and those of jars
 * inside it, one level down) appended to out as "\1<path>\n<text>". */
static void read_jar(const archive_lib *la, struct archive *from, const char *where, buf *out, int depth)
{
    nested *n = xmalloc(sizeof *n);
    n->la = la;
    n->from = from;
    struct archive *z = la->archive_read_new();
    la->archive_read_support_format_zip_streamable(z);
    if (la->archive_read_open(z, n, NULL, read_nested, NULL) == ARCHIVE_OK) {
        struct archive_entry *ze;
        while (la->archive_read_next_header(z, &ze) == ARCHIVE_OK && out->len < fs_capture_cap(CAP_JAR)) {
            const char *name = la->archive_entry_pathname(ze);
            if (!name) continue;
            if (pom_properties(name) && la->archive_entry_size(ze) <= 65536) {
                char *text;
                ssize_t len = slurp(la, z, 65536, &text, 0, NULL);
                if (len >= 0) {
                    buf_printf(out, "\1%s!%s\n", where, name);
                    buf_add(out, text, (size_t)len);
                    buf_putc(out, '\n');
                    free(text);
                }
            } else if (depth == 0 && is_jar(name)) {
                buf inner = {0};
                buf_printf(&inner, "%s!%s", where, name);
                read_jar(la, z, inner.s, out, 1);
                buf_free(&inner);
            }
        }
    }
    la->archive_read_free(z);
    free(n);
}

/* ---- entries ---- */

static fs_type entry_type(const archive_lib *la, struct archive_entry *ae)
{
    if (la->archive_entry_hardlink(ae)) return FT_HARDLINK;
    switch (la->archive_entry_filetype(ae)) {
    case AE_IFDIR: return FT_DIR;
    case AE_IFLNK: return FT_SYMLINK;
    case AE_IFCHR: return FT_CHAR;
    case AE_IFBLK: return FT_BLOCK;
    case AE_IFIFO: return FT_FIFO;
    default: return FT_FILE;
    }
}

/* One entry of the layer's tar. Returns -1 when the layer must stop. */
static int read_entry(lstream *s, struct archive *tar, struct archive_entry *ae, buf *norm)
{
    const archive_lib *la = s->la;
    layer_budget *b = s->b;
    const archive_limits *lim = b->lim;
    const char *raw = la->archive_entry_pathname(ae);
    char nb[200];
    if (!raw) {
        lerr(s, "an entry name cannot be read: skipped");
        return 0;
    }
    s->entry = raw;
    if (++b->entries > archive_limit(lim, LIM_ENTRIES)) {
        s->limit_hit = b->stop = 1;
        snprintf(s->why, sizeof s->why, "limit entries=%llu exceeded at %s: the rest of the archive is not read",
                 (unsigned long long)archive_limit(lim, LIM_ENTRIES), shown(raw, nb, sizeof nb));
        return -1;
    }
    if (strlen(raw) > archive_limit(lim, LIM_PATH)) {
        lerr(s, "limit path=%llu exceeded by an entry name of %zu bytes (%s): skipped",
             (unsigned long long)archive_limit(lim, LIM_PATH), strlen(raw), shown(raw, nb, sizeof nb));
        return 0;
    }
    int abs = fs_normalise(raw, norm);
    if (abs < 0) {
        lerr(s, "entry %s climbs out of the image root (path traversal): ignored", shown(raw, nb, sizeof nb));
        return 0;
    }
    char nb2[200];
    if (abs > 0) lerr(s, "entry %s has an absolute name: read as /%s", shown(raw, nb, sizeof nb),
                      shown(norm->s, nb2, sizeof nb2));
    fs_type t = entry_type(la, ae);
    const char *base = strrchr(norm->s, '/');
    base = base ? base + 1 : norm->s;
    if (strncmp(base, ".wh.", 4) == 0) {
        buf target = {0};
        buf_add(&target, norm->s, (size_t)(base - norm->s));
        if (strcmp(base, ".wh..wh..opq") == 0) {
            if (target.len) target.s[--target.len] = 0;
            layer_add(s->L, target.s, FT_DIR)->whiteout = 2;
        } else if (strncmp(base, ".wh..wh.", 8) != 0 && base[4]) {
            buf_puts(&target, base + 4);
            layer_add(s->L, target.s, FT_FILE)->whiteout = 1;
        }
        buf_free(&target);
        return 0;
    }
    fs_entry *e = layer_add(s->L, norm->s, t);
    e->mode = (uint32_t)(la->archive_entry_mode(ae) & 07777);
    e->uid = (uint32_t)la->archive_entry_uid(ae);
    e->gid = (uint32_t)la->archive_entry_gid(ae);
    e->size = la->archive_entry_size(ae) > 0 ? (uint64_t)la->archive_entry_size(ae) : 0;
    if (t == FT_SYMLINK && la->archive_entry_symlink(ae)) {
        e->link = xstrdup(la->archive_entry_symlink(ae));
    } else if (t == FT_HARDLINK) {
        buf hl = {0};
        if (fs_normalise(la->archive_entry_hardlink(ae), &hl) < 0) {
            lerr(s, "hard link %s points out of the image root (%s): ignored", shown(norm->s, nb, sizeof nb),
                 shown(la->archive_entry_hardlink(ae), nb2, sizeof nb2));
            s->L->n--;
            free(e->path);
            buf_free(&hl);
            return 0;
        }
        e->link = hl.s ? hl.s : xstrdup("");
    }
    if (t != FT_FILE || e->size == 0) return 0;
    if (is_jar(e->path)) {
        buf props = {0};
        read_jar(la, tar, e->path, &props, 0);
        if (props.len) {
            e->content = props.s;
            e->content_len = props.len;
            e->capture = CAP_JAR;
            b->captured += props.len;
        } else {
            buf_free(&props);
        }
        return 0;
    }
    capture_kind k = fs_capture_kind(e->path, e->size);
    if (k != CAP_NONE && e->size <= fs_capture_cap(k)) {
        if (b->captured + e->size > archive_limit(lim, LIM_CAPTURE)) {
            if (!b->capture_full)
                lerr(s, "limit capture=%llu (bytes of file contents kept) reached at %s: later contents are not "
                     "read by checks", (unsigned long long)archive_limit(lim, LIM_CAPTURE), shown(e->path, nb, sizeof nb));
            b->capture_full = 1;
            return 0;
        }
        char *text;
        ssize_t len = slurp(la, tar, (size_t)e->size, &text, 0, NULL);
        if (len < 0) return 0; /* the tar reader reports the failure */
        if (k == CAP_CHECK && memchr(text, 0, (size_t)len < 8000 ? (size_t)len : 8000)) {
            free(text); /* binary: nothing for checks */
            return 0;
        }
        b->captured += (uint64_t)len;
        e->content = text;
        e->content_len = (size_t)len;
        e->capture = (uint8_t)k;
    } else if ((e->mode & 0111) && e->size >= 65536) {
        read_executable(la, tar, e);
        if (e->content) b->captured += e->content_len;
    }
    return 0;
}

int layer_read(const archive_lib *la, img_layer *L, layer_src_fn src, void *src_ctx, layer_budget *b, const char *display, results *errs)
{
    lstream s = {.la = la, .L = L, .b = b, .display = display, .errs = errs, .src = src, .src_ctx = src_ctx};
    sha256_init(&s.blob_md);
    sha256_init(&s.diff_md);
    s.inbuf = xmalloc(BLOCK);
    s.rawbuf = xmalloc(BLOCK);
    L->size = L->usize = 0;
    int ok = 0;

    s.raw = la->archive_read_new();
    la->archive_read_support_filter_gzip(s.raw);
    la->archive_read_support_filter_zstd(s.raw);
    la->archive_read_support_filter_xz(s.raw);
    la->archive_read_support_filter_bzip2(s.raw);
    la->archive_read_support_filter_lz4(s.raw);
    la->archive_read_support_format_raw(s.raw);
    struct archive *tar = la->archive_read_new();
    la->archive_read_support_format_tar(tar);
    struct archive_entry *ae;
    int rc = la->archive_read_open(s.raw, &s, NULL, read_stored, NULL);
    if (rc == ARCHIVE_OK) rc = la->archive_read_next_header(s.raw, &ae);
    if (rc == ARCHIVE_EOF) {
        ok = 1; /* an empty blob: no entries */
    } else if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        if (!s.why[0]) snprintf(s.why, sizeof s.why, "not a readable layer (%s)", la->archive_error_string(s.raw));
    } else if (la->archive_read_open(tar, &s, NULL, read_uncompressed, NULL) != ARCHIVE_OK) {
        if (!s.why[0]) snprintf(s.why, sizeof s.why, "not a tar layer (%s)", la->archive_error_string(tar));
    } else {
        buf norm = {0};
        for (;;) {
            s.entry = s.last[0] ? s.last : NULL;
            rc = la->archive_read_next_header(tar, &ae);
            if (rc == ARCHIVE_EOF) {
                ok = 1;
                break;
            }
            if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
                if (!s.why[0]) snprintf(s.why, sizeof s.why, "corrupt or truncated tar (%s)", la->archive_error_string(tar));
                break;
            }
            if (read_entry(&s, tar, ae, &norm) < 0) break;
            if (s.entry) shown(s.entry, s.last, sizeof s.last);
        }
        buf_free(&norm);
        /* the digests cover every byte: drain what the tar reader left */
        while (ok) {
            la_ssize_t n = la->archive_read_data(s.raw, s.rawbuf, BLOCK);
            if (n == 0) break;
            if (n < 0) {
                ok = 0;
                if (!s.why[0]) snprintf(s.why, sizeof s.why, "corrupt or truncated (%s)", la->archive_error_string(s.raw));
                break;
            }
            sha256_update(&s.diff_md, s.rawbuf, (size_t)n);
            L->usize += (uint64_t)n;
        }
    }
    if (ok) {
        char err[256];
        for (;;) {
            ssize_t n = src(src_ctx, s.inbuf, BLOCK, err, sizeof err);
            if (n <= 0) break;
            sha256_update(&s.blob_md, s.inbuf, (size_t)n);
            L->size += (uint64_t)n;
        }
        L->blob_digest = hex_digest(&s.blob_md);
        L->diff_digest = hex_digest(&s.diff_md);
    } else {
        if (!s.why[0]) snprintf(s.why, sizeof s.why, "unreadable");
        if (s.limit_hit) lerr(&s, "%s", s.why);
        else lerr(&s, "%s; the images that use it are not checked", s.why);
    }
    la->archive_read_free(tar);
    la->archive_read_free(s.raw);
    sha256_discard(&s.blob_md);
    sha256_discard(&s.diff_md);
    free(s.inbuf);
    free(s.rawbuf);
    L->read = ok ? 1 : -1;
    return ok ? 0 : -1;
}
