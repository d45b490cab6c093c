/* pkgdb.c — an image's package inventory (see image.h): every package
 * database and metadata file of the final filesystem parsed (pkgdb_os.c,
 * pkgdb_lang.c), each package given the layer that installed it and a
 * package URL, the whole sorted. This list is what `plimsoll sbom` writes
 * and what a vulnerability matcher reads: ecosystem (purl type), name,
 * version, source package, distribution (in the purl). */
#include <stdlib.h>
#include <string.h>

#include "image.h"

static int has_suffix(const char *s, const char *x)
{
    size_t a = strlen(s), b = strlen(x);
    return a >= b && strcmp(s + a - b, x) == 0;
}

static void note(image *img, const char *text)
{
    img->notes = xrealloc(img->notes, (img->n_notes + 1) * sizeof *img->notes);
    img->notes[img->n_notes++] = xstrdup(text);
}

/* Databases rewritten by every layer that installs something: the layer of
 * a package is found by comparing their versions. */
static int versioned_db(const char *path)
{
    return strcmp(path, "var/lib/dpkg/status") == 0 || strcmp(path, "lib/apk/db/installed") == 0 ||
           has_suffix(path, "rpm/rpmdb.sqlite");
}

static int parse_db(const char *path, const char *text, size_t len, pkg_list *out, char *why, size_t whylen)
{
    if (strcmp(path, "var/lib/dpkg/status") == 0) pkgdb_dpkg(text, len, 0, out);
    else if (strcmp(path, "lib/apk/db/installed") == 0) pkgdb_apk(text, len, out);
    else return pkgdb_rpm_sqlite(text, len, out, why, whylen);
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    const pkg *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : strcmp(x->version, y->version);
}

static int contains(const pkg_list *l, const pkg *p)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int d = cmp_name(&l->v[mid], p);
        if (d == 0) return 1;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

static void list_free(pkg_list *l)
{
    for (size_t i = 0; i < l->n; i++) pkg_free_fields(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* The packages of a versioned database at path (final version in f), each
 * given the lowest layer of the unbroken run of versions that list it. */
static void versioned(image *img, const image_set *set, const fs_file *f, pkg_list *out)
{
    typedef struct version { uint32_t layer; const fs_entry *e; pkg_list l; } version;
    version *v = xcalloc(img->n_layers + 1, sizeof *v);
    size_t nv = 0;
    for (uint32_t li = 0; li <= f->layer && li < img->n_layers; li++) {
        const img_layer *L = &set->layers[img->layers[li].layer];
        const fs_entry *last = NULL;
        for (size_t i = 0; i < L->n; i++)
            if (L->e[i].content && L->e[i].capture == CAP_PKGDB && strcmp(L->e[i].path, f->data->path) == 0)
                last = &L->e[i];
        if (last) v[nv++] = (version){li, last, {0}};
    }
    pkg_list fin = {0};
    char why[512];
    int rc = parse_db(f->path, f->data->content, f->data->content_len, &fin, why, sizeof why);
    if (rc == -2) {
        buf t = {0};
        buf_printf(&t, "the rpm database (rpmdb.sqlite) could not be read: %s: its packages are missing", why);
        note(img, t.s);
        buf_free(&t);
    } else if (rc != 0) {
        note(img, "the rpm database (rpmdb.sqlite) could not be read: its packages are missing");
    }
    for (size_t k = 0; k + 1 < nv; k++) {
        parse_db(f->path, v[k].e->content, v[k].e->content_len, &v[k].l, why, sizeof why);
        if (v[k].l.n > 1) qsort(v[k].l.v, v[k].l.n, sizeof *v[k].l.v, cmp_name);
    }
    for (size_t i = 0; i < fin.n; i++) {
        pkg *p = &fin.v[i];
        p->layer = f->layer;
        for (size_t k = nv >= 1 ? nv - 1 : 0; k-- > 0;) {
            if (!contains(&v[k].l, p)) break;
            p->layer = v[k].layer;
        }
        p->path = xstrdup(f->path);
        GROW(out->v, out->cap, out->n + 1);
        out->v[out->n++] = *p;
    }
    free(fin.v);
    for (size_t k = 0; k < nv; k++) list_free(&v[k].l);
    free(v);
}

/* Percent-encode s for a purl component (unreserved characters kept). */
static void pct(buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
            *p == '-' || *p == '_' || *p == '~')
            buf_putc(b, (char)*p);
        else
            buf_printf(b, "%%%02X", *p);
    }
}

char *pkg_purl(const pkg *p, const os_release *os)
{
    buf b = {0};
    buf_printf(&b, "pkg:%s/", p->type);
    int os_pkg = strcmp(p->type, "deb") == 0 || strcmp(p->type, "apk") == 0 || strcmp(p->type, "rpm") == 0;
    const char *ns = os_pkg ? (os->id && *os->id ? os->id : strcmp(p->type, "deb") == 0 ? "debian"
                                                           : strcmp(p->type, "apk") == 0 ? "alpine" : NULL)
                            : p->namespace;
    if (ns) {
        /* a namespace's segments are encoded one by one */
        const char *q = ns;
        while (*q) {
            const char *slash = strchr(q, '/');
            size_t n = slash ? (size_t)(slash - q) : strlen(q);
            char *seg = xstrndup(q, n);
            pct(&b, seg);
            free(seg);
            buf_putc(&b, '/');
            q += n + (slash ? 1 : 0);
        }
    }
    if (strcmp(p->type, "pypi") == 0) {
        /* PyPI names are case-insensitive with - and _ alike */
        char *low = xstrdup(p->name);
        for (char *c = low; *c; c++) *c = *c == '_' ? '-' : (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c;
        pct(&b, low);
        free(low);
    } else {
        pct(&b, p->name);
    }
    buf_putc(&b, '@');
    pct(&b, p->version);
    char sep = '?';
    if (p->arch && *p->arch) {
        buf_printf(&b, "%carch=", sep);
        pct(&b, p->arch);
        sep = '&';
    }
    if (os_pkg && os->id && os->version_id) {
        buf_printf(&b, "%cdistro=", sep);
        pct(&b, os->id);
        buf_putc(&b, '-');
        pct(&b, os->version_id);
        sep = '&';
    }
    if (p->epoch && *p->epoch && strcmp(p->epoch, "0") != 0) {
        buf_printf(&b, "%cepoch=", sep);
        pct(&b, p->epoch);
        sep = '&';
    }
    if (p->source && strcmp(p->source, p->name) != 0) {
        buf_printf(&b, "%cupstream=", sep);
        pct(&b, p->source);
        if (p->source_version && strcmp(p->source_version, p->version) != 0) {
            buf_putc(&b, '@');
            pct(&b, p->source_version);
        }
    }
    return b.s;
}

static int cmp_pkg(const void *a, const void *b)
{
    const pkg *x = a, *y = b;
    int d = strcmp(x->type, y->type);
    if (!d) d = strcmp(x->namespace ? x->namespace : "", y->namespace ? y->namespace : "");
    if (!d) d = strcmp(x->name, y->name);
    if (!d) d = strcmp(x->version, y->version);
    if (!d) d = strcmp(x->path ? x->path : "", y->path ? y->path : "");
    return d;
}

static const char *const old_rpmdbs[] = {
    "var/lib/rpm/Packages", "usr/lib/sysimage/rpm/Packages", "var/lib/rpm/Packages.db",
    "usr/lib/sysimage/rpm/Packages.db",
};

void pkgdb_inventory(image *img, const image_set *set)
{
    pkg_list all = {0};
    int rpm_sqlite = 0;
    for (size_t i = 0; i < img->n_files; i++) {
        const fs_file *f = &img->files[i];
        const fs_entry *d = f->data;
        if (!d->content || f->e->type == FT_SYMLINK) continue;
        size_t before = all.n;
        if (d->capture == CAP_PKGDB && versioned_db(f->path)) {
            if (has_suffix(f->path, "rpmdb.sqlite")) rpm_sqlite = 1;
            versioned(img, set, f, &all);
            continue;
        }
        if (d->capture == CAP_PKGDB) {
            if (strncmp(f->path, "var/lib/dpkg/status.d/", 22) == 0) pkgdb_dpkg(d->content, d->content_len, 1, &all);
            else if (has_suffix(f->path, "package.json")) pkgdb_npm(d->content, d->content_len, &all);
            else pkgdb_python(d->content, d->content_len, &all);
        } else if (d->capture == CAP_GOBIN) {
            pkgdb_go(d->content, d->content_len, &all);
        } else if (d->capture == CAP_JAR) {
            pkgdb_maven(d->content, d->content_len, &all);
        }
        for (size_t k = before; k < all.n; k++) {
            all.v[k].layer = f->layer;
            all.v[k].path = xstrdup(f->path);
        }
    }
    if (!rpm_sqlite)
        for (size_t i = 0; i < sizeof old_rpmdbs / sizeof *old_rpmdbs; i++)
            if (image_lookup(img, old_rpmdbs[i], 40, NULL)) {
                buf b = {0};
                buf_printf(&b, "/%s is an rpm database in the %s format, which plimsoll does not read: the image's rpm "
                           "packages are missing from the inventory", old_rpmdbs[i],
                           has_suffix(old_rpmdbs[i], ".db") ? "NDB" : "BerkeleyDB");
                note(img, b.s);
                buf_free(&b);
                break;
            }
    for (size_t i = 0; i < all.n; i++) all.v[i].purl = pkg_purl(&all.v[i], &img->os);
    if (all.n > 1) qsort(all.v, all.n, sizeof *all.v, cmp_pkg);
    img->pkgs = all.v;
    img->n_pkgs = all.n;
}
