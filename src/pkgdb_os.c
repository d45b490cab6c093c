/* pkgdb_os.c — operating-system package databases (see image.h):
 *
 *   dpkg   /var/lib/dpkg/status: RFC 822-style stanzas (Package, Status,
 *          Version, Architecture, Source "name (version)"); only stanzas whose
 *          Status says "installed". /var/lib/dpkg/status.d/<name> (distroless):
 *          one stanza per file, no Status field.
 *   apk    /lib/apk/db/installed: "X:value" lines (P name, V version, A arch,
 *          o origin = source package, L licence), a blank line between packages.
 *   rpm    rpmdb.sqlite (RHEL 9, Fedora 33+, Amazon Linux 2023): table
 *          Packages(hnum, blob), each blob an rpm header (index entries of
 *          tag, type, offset, count, then the data store), read from memory.
 *          BerkeleyDB (Packages) and NDB (Packages.db) databases of older
 *          images are not read: pkgdb.c notes them. SQLite is opened
 *          when such a database is first read (dynlib.h), not linked.
 * Every parser takes untrusted bytes and bounds every read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynlib.h"
#include "image.h"

static pkg *new_pkg(pkg_list *out, const char *type)
{
    GROW(out->v, out->cap, out->n + 1);
    pkg *p = &out->v[out->n++];
    memset(p, 0, sizeof *p);
    p->type = xstrdup(type);
    return p;
}

static char *dup_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return xstrndup(s, n);
}

/* ---- dpkg ---- */

typedef struct stanza {
    char *package, *status, *version, *arch, *source;
} stanza;

static void stanza_flush(stanza *st, int status_d, pkg_list *out)
{
    int installed = status_d ? !st->status || strstr(st->status, " installed") != NULL
                             : st->status && strlen(st->status) >= 10 &&
                                   strcmp(st->status + strlen(st->status) - 10, " installed") == 0;
    if (st->package && st->version && installed) {
        pkg *p = new_pkg(out, "deb");
        p->name = st->package;
        p->version = st->version;
        p->arch = st->arch;
        st->package = st->version = st->arch = NULL;
        if (st->source) {
            /* "src" or "src (version)" */
            char *paren = strchr(st->source, '(');
            if (paren) {
                char *close = strchr(paren, ')');
                p->source_version = dup_trim(paren + 1, close ? (size_t)(close - paren - 1) : strlen(paren + 1));
                p->source = dup_trim(st->source, (size_t)(paren - st->source));
            } else {
                p->source = dup_trim(st->source, strlen(st->source));
            }
        }
    }
    free(st->package); free(st->status); free(st->version); free(st->arch); free(st->source);
    memset(st, 0, sizeof *st);
}

void pkgdb_dpkg(const char *text, size_t len, int status_d, pkg_list *out)
{
    stanza st = {0};
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        size_t n = (size_t)(nl - p);
        if (n == 0 || (n == 1 && p[0] == '\r')) {
            stanza_flush(&st, status_d, out);
        } else if (p[0] != ' ' && p[0] != '\t') {
            const char *colon = memchr(p, ':', n);
            if (colon) {
                size_t kl = (size_t)(colon - p);
                char **field = NULL;
                if (kl == 7 && strncmp(p, "Package", 7) == 0) field = &st.package;
                else if (kl == 6 && strncmp(p, "Status", 6) == 0) field = &st.status;
                else if (kl == 7 && strncmp(p, "Version", 7) == 0) field = &st.version;
                else if (kl == 12 && strncmp(p, "Architecture", 12) == 0) field = &st.arch;
                else if (kl == 6 && strncmp(p, "Source", 6) == 0) field = &st.source;
                if (field) {
                    free(*field);
                    *field = dup_trim(colon + 1, (size_t)(nl - colon - 1));
                }
            }
        }
        p = nl + 1;
    }
    stanza_flush(&st, status_d, out);
}

/* ---- apk ---- */

void pkgdb_apk(const char *text, size_t len, pkg_list *out)
{
    char *f[5] = {0}; /* P V A o L */
    const char *keys = "PVAoL";
    const char *p = text, *end = text + len;
    for (;;) {
        const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
        if (!nl) nl = end;
        size_t n = (size_t)(nl - p);
        if (n == 0 || p >= end) {
            if (f[0] && f[1]) {
                pkg *k = new_pkg(out, "apk");
                k->name = f[0];
                k->version = f[1];
                k->arch = f[2];
                k->source = f[3];
                k->license = f[4];
                memset(f, 0, sizeof f);
            }
            for (int i = 0; i < 5; i++) {
                free(f[i]);
                f[i] = NULL;
            }
            if (p >= end) break;
        } else if (n >= 2 && p[1] == ':') {
            const char *k = strchr(keys, p[0]);
            if (k && p[0]) {
                int i = (int)(k - keys);
                free(f[i]);
                f[i] = dup_trim(p + 2, n - 2);
            }
        }
        p = nl + 1;
    }
}

/* ---- rpm ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

enum { RPMTAG_NAME = 1000, RPMTAG_VERSION = 1001, RPMTAG_RELEASE = 1002, RPMTAG_EPOCH = 1003,
       RPMTAG_LICENSE = 1014, RPMTAG_ARCH = 1022, RPMTAG_SOURCERPM = 1044 };

/* One string or int32 tag of an rpm header blob; NULL when absent. */
static char *rpm_tag(const unsigned char *b, size_t len, uint32_t want)
{
    if (len < 8) return NULL;
    uint32_t il = be32(b), dl = be32(b + 4);
    if (il > 100000 || (uint64_t)8 + (uint64_t)il * 16 + dl > len) return NULL;
    const unsigned char *data = b + 8 + (size_t)il * 16;
    for (uint32_t i = 0; i < il; i++) {
        const unsigned char *e = b + 8 + (size_t)i * 16;
        uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);
        if (tag != want || off >= dl) continue;
        if (type == 4 && count >= 1 && (uint64_t)off + 4 <= dl) { /* INT32 */
            char tmp[16];
            snprintf(tmp, sizeof tmp, "%u", be32(data + off));
            return xstrdup(tmp);
        }
        if (type == 6 || type == 8 || type == 9) { /* STRING, STRING_ARRAY, I18NSTRING: the first */
            const unsigned char *nul = memchr(data + off, 0, dl - off);
            if (!nul) return NULL;
            return xstrndup((const char *)data + off, (size_t)(nul - (data + off)));
        }
    }
    return NULL;
}

static void rpm_header(const unsigned char *b, size_t len, pkg_list *out)
{
    char *name = rpm_tag(b, len, RPMTAG_NAME);
    if (!name || strcmp(name, "gpg-pubkey") == 0) {
        free(name);
        return;
    }
    char *ver = rpm_tag(b, len, RPMTAG_VERSION), *rel = rpm_tag(b, len, RPMTAG_RELEASE);
    pkg *p = new_pkg(out, "rpm");
    p->name = name;
    buf v = {0};
    buf_printf(&v, "%s%s%s", ver ? ver : "", rel ? "-" : "", rel ? rel : "");
    p->version = v.s;
    free(ver);
    free(rel);
    p->epoch = rpm_tag(b, len, RPMTAG_EPOCH);
    p->arch = rpm_tag(b, len, RPMTAG_ARCH);
    p->license = rpm_tag(b, len, RPMTAG_LICENSE);
    char *srpm = rpm_tag(b, len, RPMTAG_SOURCERPM);
    if (srpm) {
        /* name-version-release.src.rpm */
        size_t n = strlen(srpm);
        if (n > 8 && strcmp(srpm + n - 8, ".src.rpm") == 0) srpm[n - 8] = 0;
        char *r2 = strrchr(srpm, '-');
        char *r1 = NULL;
        if (r2) {
            *r2 = 0;
            r1 = strrchr(srpm, '-');
            *r2 = '-';
        }
        if (r1) {
            p->source = xstrndup(srpm, (size_t)(r1 - srpm));
            p->source_version = xstrdup(r1 + 1);
        }
        free(srpm);
    }
}

int pkgdb_rpm_sqlite(const char *bytes, size_t len, pkg_list *out, char *why, size_t whylen)
{
    if (len < 100 || memcmp(bytes, "SQLite format 3", 16) != 0) return -1;
    sqlite_lib L, *sq = &L;
    if (dynlib_sqlite(sq, why, whylen) != 0) return -2;
    unsigned char *copy = sq->sqlite3_malloc64(len);
    if (!copy) return -1;
    memcpy(copy, bytes, len);
    copy[18] = copy[19] = 1; /* WAL databases read as rollback-journal ones: nothing is written */
    sqlite3 *db = NULL;
    if (sq->sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        sq->sqlite3_free(copy);
        sq->sqlite3_close(db);
        return -1;
    }
    sq->sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    sq->sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
    int rc = sq->sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                                     SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK) rc = sq->sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        sq->sqlite3_finalize(st);
        sq->sqlite3_close(db);
        return -1;
    }
    while (sq->sqlite3_step(st) == SQLITE_ROW) {
        const void *b = sq->sqlite3_column_blob(st, 0);
        int n = sq->sqlite3_column_bytes(st, 0);
        if (b && n > 0) rpm_header(b, (size_t)n, out);
    }
    sq->sqlite3_finalize(st);
    sq->sqlite3_close(db);
    return 0;
}
