/* load_archive.c — image archives and layout directories (see
 * load_archive.h): members, manifests, configs, the choice of images, the
 * layers streamed and their digests checked, then each image's filesystem,
 * OS and inventory. Never writes to disk, never prints. */
#include "load_archive.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layer_read.h"

#define JSON_CAP (8u << 20)   /* manifests, indexes and configs */

typedef struct member {
    char *name;               /* normalised */
    char *link;               /* symbolic link target, normalised from the archive root */
    uint64_t size;
    char *data;               /* small JSON file read in the first pass */
    size_t len;
} member;

typedef struct reader {
    archive_lib la;           /* libarchive's functions (dynlib.h) */
    const char *path, *display;
    const archive_opts *o;
    results *errs;
    int is_dir;
    char root[PATH_MAX];      /* the directory's real path */
    member *m;
    size_t n, cap;
    image_set *set;
    char **want;              /* members of layers to stream, parallel to set->layers */
} reader;

static void rerr(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rerr(reader *r, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    results_add_error(r->errs, r->display, 0, 0, "%s", msg);
}

/* A tar (plain or compressed) read from a regular file only: nothing else is
 * opened (open_regular), so a FIFO or device named like an archive never
 * blocks the scan. *fd is the descriptor to close after archive_read_free. */
static struct archive *open_tar(const archive_lib *la, const char *path, int *fd)
{
    struct stat st;
    *fd = open_regular(path, &st, NULL, 0);
    if (*fd < 0) return NULL;
    struct archive *a = la->archive_read_new();
    la->archive_read_support_filter_gzip(a);
    la->archive_read_support_filter_zstd(a);
    la->archive_read_support_filter_xz(a);
    la->archive_read_support_filter_bzip2(a);
    la->archive_read_support_format_tar(a);
    if (la->archive_read_open_fd(a, *fd, 64 * 1024) != ARCHIVE_OK) {
        la->archive_read_free(a);
        close(*fd);
        *fd = -1;
        return NULL;
    }
    return a;
}

/* Without libarchive: do the first bytes look like a tar (its magic) or a
 * compressed stream open_tar would read? Then load_archive says that
 * libarchive is missing rather than the file being read as text. */
static int looks_like_tar(const char *path)
{
    struct stat st;
    int fd = open_regular(path, &st, NULL, 0);
    if (fd < 0) return 0;
    unsigned char h[512];
    ssize_t n = read(fd, h, sizeof h);
    close(fd);
    if (n < 6) return 0;
    return (n >= 262 && memcmp(h + 257, "ustar", 5) == 0) || (h[0] == 0x1f && h[1] == 0x8b) ||
           memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0 || memcmp(h, "\xfd" "7zXZ\0", 6) == 0 || memcmp(h, "BZh", 3) == 0;
}

int archive_sniff(const char *path)
{
    archive_lib L, *la = &L;
    char why[512];
    if (dynlib_archive(la, why, sizeof why) != 0) return looks_like_tar(path);
    int fd;
    struct archive *a = open_tar(la, path, &fd);
    if (!a) return 0;
    struct archive_entry *e;
    int rc = la->archive_read_next_header(a, &e);
    la->archive_read_free(a);
    close(fd);
    return rc == ARCHIVE_OK || rc == ARCHIVE_WARN;
}

static int file_in(const char *dir, const char *name)
{
    buf p = {0};
    buf_printf(&p, "%s/%s", dir, name);
    struct stat st;
    int ok = stat(p.s, &st) == 0 && S_ISREG(st.st_mode);
    buf_free(&p);
    return ok;
}

int archive_dir_is_image(const char *dir)
{
    return file_in(dir, "oci-layout") || (file_in(dir, "manifest.json") && file_in(dir, "repositories"));
}

/* ---- members ---- */

static member *find_member(reader *r, const char *name)
{
    for (size_t i = r->n; i-- > 0;)
        if (strcmp(r->m[i].name, name) == 0) return &r->m[i];
    return NULL;
}

/* A member name as it is stored, following symbolic links between members. */
static const char *real_member(reader *r, const char *name)
{
    for (int hops = 0; hops < 8; hops++) {
        member *m = find_member(r, name);
        if (!m || !m->link) return m ? m->name : NULL;
        name = m->link;
    }
    return NULL;
}

static int json_like(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') continue;
        return s[i] == '{' || s[i] == '[';
    }
    return 0;
}

static int worth_peeking(const char *name, uint64_t size)
{
    if (size > JSON_CAP) return 0;
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    size_t l = strlen(b);
    return !strchr(name, '/') || strncmp(name, "blobs/", 6) == 0 || (l >= 5 && strcmp(b + l - 5, ".json") == 0) ||
           strcmp(b, "json") == 0;
}

/* First pass over a tar: names, links, and the small JSON files. Returns
 * 0, or -1 when the file is not a readable tar at all. */
static int list_tar(reader *r)
{
    const archive_lib *la = &r->la;
    int fd;
    struct archive *a = open_tar(la, r->path, &fd);
    if (!a) return -1;
    struct archive_entry *e;
    buf norm = {0};
    int rc, first = 1;
    while ((rc = la->archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
        first = 0;
        const char *name = la->archive_entry_pathname(e);
        if (!name || fs_normalise(name, &norm) < 0 || !norm.len) continue;
        GROW(r->m, r->cap, r->n + 1);
        member *m = &r->m[r->n++];
        memset(m, 0, sizeof *m);
        m->name = xstrdup(norm.s);
        m->size = la->archive_entry_size(e) > 0 ? (uint64_t)la->archive_entry_size(e) : 0;
        if (la->archive_entry_filetype(e) == AE_IFLNK && la->archive_entry_symlink(e)) {
            buf t = {0};
            const char *slash = strrchr(m->name, '/');
            if (slash) buf_add(&t, m->name, (size_t)(slash - m->name + 1));
            buf_puts(&t, la->archive_entry_symlink(e));
            buf clean = {0};
            if (fs_normalise(t.s, &clean) == 0) m->link = clean.s;
            else buf_free(&clean);
            buf_free(&t);
        } else if (la->archive_entry_hardlink(e)) {
            buf clean = {0};
            if (fs_normalise(la->archive_entry_hardlink(e), &clean) == 0) m->link = clean.s;
            else buf_free(&clean);
        } else if (la->archive_entry_filetype(e) == AE_IFREG && worth_peeking(m->name, m->size)) {
            char head[512];
            la_ssize_t n = la->archive_read_data(a, head, sizeof head);
            if (n > 0 && json_like(head, (size_t)n)) {
                buf b = {0};
                buf_add(&b, head, (size_t)n);
                char tmp[16384];
                la_ssize_t k;
                while ((k = la->archive_read_data(a, tmp, sizeof tmp)) > 0 && b.len < JSON_CAP) buf_add(&b, tmp, (size_t)k);
                m->data = b.s;
                m->len = b.len;
            }
        }
    }
    buf_free(&norm);
    int bad = rc != ARCHIVE_EOF;
    if (bad && !first) rerr(r, "the archive is truncated or corrupt (%s): only what came before is read",
                            la->archive_error_string(a));
    la->archive_read_free(a);
    close(fd);
    return first && bad ? -1 : 0;
}

/* A member name that cannot leave a directory. */
static int safe_name(const char *name)
{
    buf n = {0};
    int ok = name && *name && fs_normalise(name, &n) == 0 && name[0] != '/' && strcmp(n.s, name) == 0;
    buf_free(&n);
    return ok;
}

/* Open member `name` of a layout directory for reading, inside its root. */
static int open_dir_member(reader *r, const char *name)
{
    if (!safe_name(name)) return -1;
    buf p = {0};
    buf_printf(&p, "%s/%s", r->path, name);
    char real[PATH_MAX];
    int fd = -1;
    size_t rl = strlen(r->root);
    if (realpath(p.s, real) && strncmp(real, r->root, rl) == 0 && real[rl] == '/')
        fd = open_regular(real, &(struct stat){0}, NULL, 0); /* never a FIFO or device */
    buf_free(&p);
    return fd;
}

/* The bytes of a small member (a JSON file), or NULL. Owned by the reader
 * (tar) or returned in *owned (directory). */
static const char *member_bytes(reader *r, const char *name, size_t *len, char **owned)
{
    *owned = NULL;
    if (!r->is_dir) {
        const char *real = real_member(r, name);
        member *m = real ? find_member(r, real) : NULL;
        if (!m || !m->data) return NULL;
        *len = m->len;
        return m->data;
    }
    int fd = open_dir_member(r, name);
    if (fd < 0) return NULL;
    buf b = {0};
    char tmp[16384];
    ssize_t k;
    while ((k = read(fd, tmp, sizeof tmp)) > 0 && b.len <= JSON_CAP) buf_add(&b, tmp, (size_t)k);
    close(fd);
    if (!b.s || b.len > JSON_CAP) {
        buf_free(&b);
        return NULL;
    }
    *owned = b.s;
    *len = b.len;
    return b.s;
}

static json_t *member_json(reader *r, const char *name, char **digest)
{
    size_t len;
    char *owned;
    const char *s = member_bytes(r, name, &len, &owned);
    if (!s) return NULL;
    json_error_t je;
    json_t *j = json_loadb(s, len, 0, &je);
    if (digest) *digest = sha256_digest(s, len);
    free(owned);
    return j;
}

/* ---- images ---- */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int valid_digest(const char *d)
{
    if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71) return 0;
    for (const char *p = d + 7; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

static char *blob_name(const char *digest)
{
    buf b = {0};
    buf_printf(&b, "blobs/sha256/%s", digest + 7);
    return b.s;
}

/* The expected digest of a member named by its digest ("blobs/sha256/<hex>",
 * "<hex>.json", "<hex>.tar"), else NULL (malloc'd). */
static char *digest_of_name(const char *name)
{
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    size_t hl = 0;
    while ((b[hl] >= '0' && b[hl] <= '9') || (b[hl] >= 'a' && b[hl] <= 'f')) hl++;
    if (hl != 64 || (b[64] && strcmp(b + 64, ".json") != 0 && strcmp(b + 64, ".tar") != 0)) return NULL;
    if (b[64] == 0 && strncmp(name, "blobs/sha256/", 13) != 0) return NULL;
    buf d = {0};
    buf_puts(&d, "sha256:");
    buf_add(&d, b, 64);
    return d.s;
}

static void push_str(char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = xstrdup(s);
}

/* The index of the set's layer streamed from member name (added once). */
static uint32_t layer_index(reader *r, const char *member_name)
{
    for (size_t i = 0; i < r->set->n_layers; i++)
        if (strcmp(r->want[i], member_name) == 0) return (uint32_t)i;
    r->set->layers = xrealloc(r->set->layers, (r->set->n_layers + 1) * sizeof *r->set->layers);
    r->want = xrealloc(r->want, (r->set->n_layers + 1) * sizeof *r->want);
    img_layer *L = &r->set->layers[r->set->n_layers];
    memset(L, 0, sizeof *L);
    L->member = xstrdup(member_name);
    r->want[r->set->n_layers] = xstrdup(member_name);
    return (uint32_t)r->set->n_layers++;
}

static char *platform_of(json_t *plat, json_t *cfg)
{
    json_t *src = json_is_object(plat) ? plat : cfg;
    const char *os = jstr(src, "os"), *arch = jstr(src, "architecture"), *var = jstr(src, "variant");
    if (!os && !arch && src == plat) return platform_of(NULL, cfg);
    buf b = {0};
    buf_printf(&b, "%s/%s", os ? os : "unknown", arch ? arch : "unknown");
    if (var && *var) buf_printf(&b, "/%s", var);
    return b.s;
}

/* Fill an image's config, layers' diff ids and history steps from the
 * config JSON at member cfg_name. */
static int read_config(reader *r, image *img, const char *cfg_name, const char *want_digest)
{
    size_t len;
    char *owned;
    const char *s = member_bytes(r, cfg_name, &len, &owned);
    if (!s) {
        rerr(r, "image %s: config %s is missing from the archive or larger than %u bytes", img->name, cfg_name, JSON_CAP);
        return -1;
    }
    img->config = owned ? owned : xstrndup(s, len);
    img->config_len = len;
    img->config_digest = sha256_digest(s, len);
    char *named = want_digest ? xstrdup(want_digest) : digest_of_name(cfg_name);
    if (named && strcmp(named, img->config_digest) != 0)
        rerr(r, "image %s: config %s does not match its digest %s (it is %s)", img->name, cfg_name, named,
             img->config_digest);
    free(named);
    json_error_t je;
    json_t *cfg = json_loadb(img->config, len, 0, &je);
    if (!json_is_object(cfg)) {
        rerr(r, "image %s: config %s is not a JSON object: %s", img->name, cfg_name, je.text);
        json_decref(cfg);
        return -1;
    }
    if (!img->platform) img->platform = platform_of(NULL, cfg);
    json_t *diff = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");
    if (json_is_array(diff) && json_array_size(diff) != img->n_layers)
        rerr(r, "image %s: the config lists %zu layers (rootfs.diff_ids), the manifest %zu", img->name,
             json_array_size(diff), img->n_layers);
    for (size_t i = 0; i < img->n_layers && json_is_array(diff) && i < json_array_size(diff); i++) {
        json_t *d = json_array_get(diff, i);
        if (json_is_string(d)) img->layers[i].diff_id = xstrdup(json_string_value(d));
    }
    json_t *hist = json_object_get(cfg, "history");
    size_t li = 0, hi;
    json_t *h;
    if (json_is_array(hist)) json_array_foreach(hist, hi, h) {
        if (json_is_true(json_object_get(h, "empty_layer"))) continue;
        if (li >= img->n_layers) break;
        const char *cb = jstr(h, "created_by"), *cr = jstr(h, "created");
        if (cb) img->layers[li].created_by = xstrdup(cb);
        if (cr) img->layers[li].created = xstrdup(cr);
        li++;
    }
    json_decref(cfg);
    return 0;
}

static image *new_image(reader *r)
{
    image_set *s = r->set;
    s->images = xrealloc(s->images, (s->n_images + 1) * sizeof *s->images);
    image *img = &s->images[s->n_images++];
    memset(img, 0, sizeof *img);
    return img;
}

/* docker save: manifest.json is a list of {Config, RepoTags, Layers}. */
static int read_docker_manifest(reader *r, json_t *man)
{
    size_t i;
    json_t *it;
    json_array_foreach(man, i, it) {
        const char *cfg = jstr(it, "Config");
        json_t *layers = json_object_get(it, "Layers");
        if (!cfg || !json_is_array(layers)) {
            rerr(r, "manifest.json entry %zu has no Config or Layers", i);
            continue;
        }
        image *img = new_image(r);
        json_t *tags = json_object_get(it, "RepoTags");
        size_t k;
        json_t *t;
        if (json_is_array(tags)) json_array_foreach(tags, k, t)
            if (json_is_string(t)) push_str(&img->names, &img->n_names, json_string_value(t));
        img->n_layers = json_array_size(layers);
        img->layers = xcalloc(img->n_layers + 1, sizeof *img->layers);
        int bad = 0;
        json_array_foreach(layers, k, t) {
            const char *ln = json_is_string(t) ? json_string_value(t) : NULL;
            buf norm = {0};
            if (!ln || fs_normalise(ln, &norm) != 0) {
                rerr(r, "manifest.json entry %zu: layer %zu has an unusable name", i, k);
                bad = 1;
                buf_free(&norm);
                continue;
            }
            img->layers[k].layer = layer_index(r, norm.s);
            img->layers[k].digest = digest_of_name(norm.s);
            buf_free(&norm);
        }
        buf cn = {0};
        int cfg_ok = fs_normalise(cfg, &cn) == 0;
        img->name = xstrdup(img->n_names ? img->names[0] : cfg);
        if (!cfg_ok || read_config(r, img, cn.s, NULL) != 0) bad = 1;
        if (img->config_digest && !img->n_names) {
            free(img->name);
            img->name = xstrdup(img->config_digest);
        }
        buf_free(&cn);
        if (bad) img->complete = -1;
    }
    return 0;
}

/* An OCI image manifest (descriptor d, JSON m) into an image. */
static void read_oci_manifest(reader *r, json_t *d, json_t *m, const char *digest, char **names, size_t n_names)
{
    image *img = new_image(r);
    for (size_t i = 0; i < n_names; i++) push_str(&img->names, &img->n_names, names[i]);
    img->manifest_digest = xstrdup(digest);
    img->name = xstrdup(n_names ? names[0] : digest);
    img->platform = json_is_object(json_object_get(d, "platform")) ? platform_of(json_object_get(d, "platform"), NULL)
                                                                    : NULL;
    json_t *layers = json_object_get(m, "layers");
    img->n_layers = json_is_array(layers) ? json_array_size(layers) : 0;
    img->layers = xcalloc(img->n_layers + 1, sizeof *img->layers);
    size_t k;
    json_t *l;
    int bad = 0;
    if (json_is_array(layers)) json_array_foreach(layers, k, l) {
        const char *ld = jstr(l, "digest"), *mt = jstr(l, "mediaType");
        if (!valid_digest(ld)) {
            rerr(r, "image %s: layer %zu has no usable sha256 digest", img->name, k + 1);
            bad = 1;
            continue;
        }
        char *bn = blob_name(ld);
        img->layers[k].layer = layer_index(r, bn);
        img->layers[k].digest = xstrdup(ld);
        if (mt) img->layers[k].media_type = xstrdup(mt);
        free(bn);
    }
    const char *cd = jstr(json_object_get(m, "config"), "digest");
    if (!valid_digest(cd)) {
        rerr(r, "image %s: the manifest has no usable config digest", img->name);
        bad = 1;
    } else {
        char *bn = blob_name(cd);
        if (read_config(r, img, bn, cd) != 0) bad = 1;
        free(bn);
    }
    if (bad) img->complete = -1;
}

static int is_index_type(const char *mt)
{
    return mt && (strcmp(mt, "application/vnd.oci.image.index.v1+json") == 0 ||
                  strcmp(mt, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

/* The manifests of an OCI index (index.json or a nested index). */
static void read_oci_index(reader *r, json_t *idx, char **names, size_t n_names, int depth)
{
    json_t *mans = json_object_get(idx, "manifests");
    if (!json_is_array(mans) || depth > 4) return;
    size_t i;
    json_t *d;
    json_array_foreach(mans, i, d) {
        json_t *ann = json_object_get(d, "annotations");
        const char *refname = jstr(ann, "io.containerd.image.name");
        if (!refname) refname = jstr(ann, "org.opencontainers.image.ref.name");
        const char *kind = jstr(ann, "vnd.docker.reference.type");
        if (kind && strcmp(kind, "attestation-manifest") == 0) continue;
        const char *os = jstr(json_object_get(d, "platform"), "os");
        if (os && strcmp(os, "unknown") == 0) continue;
        const char *digest = jstr(d, "digest");
        if (!valid_digest(digest)) {
            rerr(r, "index: manifest %zu has no usable sha256 digest", i);
            continue;
        }
        char *bn = blob_name(digest), *got = NULL;
        json_t *m = member_json(r, bn, &got);
        if (!m) {
            rerr(r, "index: manifest %s is missing from the archive or is not JSON", digest);
        } else if (strcmp(got, digest) != 0) {
            rerr(r, "index: manifest %s does not match its digest (it is %s): not read", digest, got);
        } else {
            char **nn = names;
            size_t n = n_names;
            char *one[1] = {(char *)refname};
            if (refname) {
                nn = one;
                n = 1;
            }
            const char *mt = jstr(d, "mediaType");
            if (!mt) mt = jstr(m, "mediaType");
            if (is_index_type(mt) || (!json_object_get(m, "layers") && json_object_get(m, "manifests")))
                read_oci_index(r, m, nn, n, depth + 1);
            else
                read_oci_manifest(r, d, m, digest, nn, n);
        }
        json_decref(m);
        free(got);
        free(bn);
    }
}

/* ---- choosing images ---- */

static int platform_matches(const char *want, const char *have)
{
    if (!want) return 1;
    if (!have) return 0;
    size_t wl = strlen(want);
    /* "linux/arm64" matches "linux/arm64/v8"; a variant asked for must match */
    return strncmp(want, have, wl) == 0 && (have[wl] == 0 || have[wl] == '/');
}

static int name_matches(const char *want, const image *img)
{
    if (!want) return 1;
    const char *w = strncmp(want, "sha256:", 7) == 0 ? want + 7 : want;
    size_t wl = strlen(w);
    const char *ds[] = {img->manifest_digest, img->config_digest};
    for (size_t i = 0; i < 2; i++)
        if (ds[i] && wl >= 6 && strncmp(ds[i] + 7, w, wl) == 0) return 1;
    for (size_t i = 0; i < img->n_names; i++) {
        const char *n = img->names[i];
        if (strcmp(n, want) == 0) return 1;
        if (strncmp(n, "docker.io/", 10) == 0 && strcmp(n + 10, want) == 0) return 1;
        if (strncmp(n, "docker.io/library/", 18) == 0 && strcmp(n + 18, want) == 0) return 1;
    }
    return 0;
}

static void select_images(reader *r)
{
    image_set *s = r->set;
    size_t keep = 0;
    buf seen = {0};
    for (size_t i = 0; i < s->n_images; i++) {
        image *img = &s->images[i];
        if (platform_matches(r->o->platform, img->platform) && name_matches(r->o->image, img)) {
            s->images[keep++] = *img;
            continue;
        }
        buf_printf(&seen, "%s%s (%s)", seen.len ? ", " : "", img->name, img->platform ? img->platform : "?");
        image_free(img);
        s->n_skipped++;
    }
    s->n_images = keep;
    if (!keep && s->n_skipped)
        rerr(r, "no image in the archive matches %s%s%s%s (it holds %s)", r->o->platform ? "--platform " : "",
             r->o->platform ? r->o->platform : "", r->o->platform && r->o->image ? " and " : "",
             r->o->image ? r->o->image : "", seen.s);
    buf_free(&seen);
}

/* ---- streaming the layers ---- */

typedef struct tar_src {
    const archive_lib *la;
    struct archive *a;
} tar_src;

static ssize_t from_tar(void *ctx, void *b, size_t n, char *err, size_t errlen)
{
    tar_src *t = ctx;
    la_ssize_t k = t->la->archive_read_data(t->a, b, n);
    if (k < 0) snprintf(err, errlen, "%s", t->la->archive_error_string(t->a));
    return k;
}

static ssize_t from_fd(void *ctx, void *b, size_t n, char *err, size_t errlen)
{
    ssize_t k = read(*(int *)ctx, b, n);
    if (k < 0) snprintf(err, errlen, "%s", strerror(errno));
    return k;
}

/* Which layers any chosen image needs. */
static unsigned char *needed_layers(reader *r)
{
    unsigned char *need = xcalloc(r->set->n_layers + 1, 1);
    for (size_t i = 0; i < r->set->n_images; i++)
        for (size_t j = 0; j < r->set->images[i].n_layers; j++) need[r->set->images[i].layers[j].layer] = 1;
    return need;
}

static void stream_layers(reader *r)
{
    const archive_lib *la = &r->la;
    image_set *s = r->set;
    unsigned char *need = needed_layers(r);
    layer_budget b = {.lim = &r->o->lim};
    if (r->is_dir) {
        for (size_t i = 0; i < s->n_layers && !b.stop; i++) {
            if (!need[i]) continue;
            int fd = open_dir_member(r, r->want[i]);
            if (fd < 0) {
                rerr(r, "layer %s is missing from the layout", r->want[i]);
                s->layers[i].read = -1;
                continue;
            }
            layer_read(la, &s->layers[i], from_fd, &fd, &b, r->display, r->errs);
            close(fd);
        }
    } else {
        /* the stored member of each wanted layer (links between members followed) */
        const char **real = xcalloc(s->n_layers + 1, sizeof *real);
        for (size_t i = 0; i < s->n_layers; i++) real[i] = need[i] ? real_member(r, r->want[i]) : NULL;
        int fd = -1;
        struct archive *a = open_tar(la, r->path, &fd);
        struct archive_entry *e;
        buf norm = {0};
        int rc;
        while (a && !b.stop && ((rc = la->archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN)) {
            const char *name = la->archive_entry_pathname(e);
            if (!name || fs_normalise(name, &norm) < 0 || la->archive_entry_filetype(e) != AE_IFREG) continue;
            for (size_t i = 0; i < s->n_layers; i++) {
                if (!real[i] || s->layers[i].read || strcmp(real[i], norm.s) != 0) continue;
                tar_src ts = {la, a};
                layer_read(la, &s->layers[i], from_tar, &ts, &b, r->display, r->errs);
                /* the same blob used under another name is the same layer */
                for (size_t j = i + 1; j < s->n_layers; j++)
                    if (real[j] && strcmp(real[j], real[i]) == 0) real[j] = NULL;
                break;
            }
        }
        buf_free(&norm);
        if (a) la->archive_read_free(a);
        if (fd >= 0) close(fd);
        for (size_t i = 0; i < s->n_layers; i++)
            if (need[i] && !s->layers[i].read) {
                if (!b.stop) rerr(r, "layer %s is missing from the archive", r->want[i]);
                s->layers[i].read = -1;
            }
        free(real);
    }
    free(need);
}

/* Digests: stored bytes against the manifest, uncompressed against the
 * config's diff ids; then everything built for complete images. */
static void finish_images(reader *r)
{
    image_set *s = r->set;
    uint64_t links = archive_limit(&r->o->lim, LIM_LINKS);
    for (size_t i = 0; i < s->n_images; i++) {
        image *img = &s->images[i];
        int complete = img->complete >= 0;
        for (size_t j = 0; j < img->n_layers; j++) {
            image_layer_ref *ref = &img->layers[j];
            img_layer *L = &s->layers[ref->layer];
            if (L->read != 1) {
                complete = 0;
                continue;
            }
            if (ref->digest && strcmp(ref->digest, L->blob_digest) != 0)
                rerr(r, "image %s layer %zu (%s): its bytes have digest %s, the manifest says %s", img->name, j + 1,
                     L->member, L->blob_digest, ref->digest);
            if (ref->diff_id && strcmp(ref->diff_id, L->diff_digest) != 0)
                rerr(r, "image %s layer %zu (%s): its uncompressed tar has digest %s, the config's rootfs.diff_ids says %s",
                     img->name, j + 1, L->member, L->diff_digest, ref->diff_id);
        }
        img->complete = complete;
        if (!complete) {
            if (img->n_layers) rerr(r, "image %s: not every layer could be read: its files are not checked", img->name);
            continue;
        }
        image_build_fs(img, s);
        int loop = 0;
        image_lookup(img, "etc/os-release", links, &loop);
        if (loop) rerr(r, "image %s: limit links=%llu exceeded resolving /etc/os-release (a symbolic link loop?)",
                       img->name, (unsigned long long)links);
        image_read_os(img, links);
        pkgdb_inventory(img, s);
    }
}

int load_archive(const char *path, const char *display, const archive_opts *o, image_set *out, results *errs)
{
    reader r = {.path = path, .display = display, .o = o, .errs = errs, .set = out};
    out->path = xstrdup(path);
    struct stat st;
    if (stat(path, &st) != 0) {
        results_add_error(errs, display, 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    r.is_dir = S_ISDIR(st.st_mode);
    if (!r.is_dir && !S_ISREG(st.st_mode)) { /* never opened: it could block, or have effects */
        results_add_error(errs, display, 0, 0, "cannot read: not a regular file or a layout directory");
        return -1;
    }
    char why[512];
    if (dynlib_archive(&r.la, why, sizeof why) != 0 || sha256_available(why, sizeof why) != 0) {
        results_add_error(errs, display, 0, 0, "cannot read the image archive: %s", why);
        return -1;
    }
    if (r.is_dir) {
        if (!realpath(path, r.root)) {
            results_add_error(errs, display, 0, 0, "cannot resolve: %s", strerror(errno));
            return -1;
        }
    } else if (list_tar(&r) != 0) {
        return 0; /* not a tar: not ours */
    }
    int found = 0;
    json_t *man = member_json(&r, "manifest.json", NULL);
    if (json_is_array(man) && json_array_size(man) > 0) {
        found = 1;
        read_docker_manifest(&r, man);
    } else {
        json_t *idx = member_json(&r, "index.json", NULL);
        size_t len;
        char *owned;
        int layout = member_bytes(&r, "oci-layout", &len, &owned) != NULL;
        free(owned);
        if (json_is_object(idx) && (layout || json_object_get(idx, "manifests"))) {
            found = 1;
            read_oci_index(&r, idx, NULL, 0, 0);
        }
        json_decref(idx);
    }
    json_decref(man);
    if (found) {
        if (!out->n_images) rerr(&r, "the archive holds no image");
        select_images(&r);
        stream_layers(&r);
        finish_images(&r);
    }
    for (size_t i = 0; i < r.n; i++) {
        free(r.m[i].name);
        free(r.m[i].link);
        free(r.m[i].data);
    }
    free(r.m);
    for (size_t i = 0; i < out->n_layers; i++) free(r.want[i]);
    free(r.want);
    return found;
}
