/* test_image.c — the image pieces that take untrusted bytes: entry names
 * normalised (traversal refused), layers applied (whiteouts, opaque
 * directories, a file over a directory, links in parent directories, hard
 * links), lookups under a link cap, os-release, the package database
 * parsers on good, truncated and garbage input, package URLs, limits. */
#include <stdlib.h>

#include "image.h"
#include "unit.h"

static void test_normalise(void)
{
    buf b = {0};
    CHECK_INT(fs_normalise("./etc/passwd", &b), 0);
    CHECK_STR(b.s, "etc/passwd");
    CHECK_INT(fs_normalise("/abs//x/./y/", &b), 1);
    CHECK_STR(b.s, "abs/x/y");
    CHECK_INT(fs_normalise("a/b/../c", &b), 0);
    CHECK_STR(b.s, "a/c");
    CHECK_INT(fs_normalise("../../etc/passwd", &b), -1);
    CHECK_INT(fs_normalise("a/../../b", &b), -1);
    CHECK_INT(fs_normalise("./", &b), 0);
    CHECK_STR(b.s, "");
    buf_free(&b);
}

static fs_entry *add(img_layer *l, const char *path, fs_type t, uint32_t mode)
{
    fs_entry *e = layer_add(l, path, t);
    e->mode = mode;
    return e;
}

static fs_entry *add_link(img_layer *l, const char *path, fs_type t, const char *target)
{
    fs_entry *e = add(l, path, t, 0777);
    e->link = xstrdup(target);
    return e;
}

static fs_entry *add_text(img_layer *l, const char *path, const char *text)
{
    fs_entry *e = add(l, path, FT_FILE, 0644);
    e->content = xstrdup(text);
    e->content_len = strlen(text);
    e->size = e->content_len;
    e->capture = CAP_CHECK;
    return e;
}

static const fs_file *final(const image *img, const char *path)
{
    for (size_t i = 0; i < img->n_files; i++)
        if (strcmp(img->files[i].path, path) == 0) return &img->files[i];
    return NULL;
}

static int removed(const image *img, const char *path, uint32_t layer, uint32_t by, int replaced)
{
    for (size_t i = 0; i < img->n_removed; i++) {
        const fs_file *f = &img->removed[i];
        if (strcmp(f->path, path) == 0 && f->layer == layer && f->removed_in == by && f->replaced == replaced) return 1;
    }
    return 0;
}

static void test_layers(void)
{
    image_set s = {0};
    s.n_layers = 3;
    s.layers = xcalloc(3, sizeof *s.layers);
    img_layer *l0 = &s.layers[0], *l1 = &s.layers[1], *l2 = &s.layers[2];
    add(l0, "etc", FT_DIR, 0755);
    add_text(l0, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    add(l0, "opt/x", FT_DIR, 0755); /* its parent is implied */
    add(l0, "opt/x/a", FT_FILE, 0644);
    add(l0, "opt/x/sub/b", FT_FILE, 0644);
    add(l0, "usr/lib", FT_DIR, 0755);
    add_link(l0, "lib", FT_SYMLINK, "usr/lib");
    add_text(l0, "usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME='Debian 12'\n");
    add_link(l0, "etc/os-release", FT_SYMLINK, "../usr/lib/os-release");
    add(l0, "bin/su", FT_FILE, 04755);
    add(l0, "data", FT_DIR, 0755);
    add(l0, "data/keep", FT_FILE, 0644);
    /* layer 1: opaque opt/x (then a new file there), delete bin/su, a file
     * over a directory, a file written through the lib link, a hard link */
    add(l1, "opt/x", FT_DIR, 0755)->whiteout = 2;
    add(l1, "opt/x/c", FT_FILE, 0644);
    add(l1, "bin/su", FT_FILE, 0)->whiteout = 1;
    add(l1, "data", FT_FILE, 0600);
    add(l1, "lib/libx.so", FT_FILE, 0755);
    add_link(l1, "etc/passwd2", FT_HARDLINK, "etc/passwd");
    /* a whiteout of something its own layer adds applies to lower layers only */
    add(l1, "new", FT_FILE, 0)->whiteout = 1;
    add(l1, "new", FT_FILE, 0644);
    /* layer 2: replace etc/passwd; a link loop */
    add_text(l2, "etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n");
    add_link(l2, "loop/a", FT_SYMLINK, "b");
    add_link(l2, "loop/b", FT_SYMLINK, "a");
    for (size_t i = 0; i < 3; i++) s.layers[i].read = 1;
    s.n_images = 1;
    s.images = xcalloc(1, sizeof *s.images);
    image *img = &s.images[0];
    img->n_layers = 3;
    img->layers = xcalloc(3, sizeof *img->layers);
    for (uint32_t i = 0; i < 3; i++) img->layers[i].layer = i;
    image_build_fs(img, &s);

    CHECK(final(img, "opt/x/c") != NULL);
    CHECK(final(img, "opt/x/a") == NULL);
    CHECK(final(img, "opt/x/sub") == NULL);
    CHECK(removed(img, "opt/x/a", 0, 1, 0));
    CHECK(removed(img, "opt/x/sub/b", 0, 1, 0));
    CHECK(final(img, "bin/su") == NULL);
    CHECK(removed(img, "bin/su", 0, 1, 0));
    CHECK(final(img, "data") && final(img, "data")->e->type == FT_FILE);
    CHECK(removed(img, "data/keep", 0, 1, 1));
    CHECK(final(img, "usr/lib/libx.so") != NULL);  /* written through the lib -> usr/lib link */
    CHECK(final(img, "lib/libx.so") == NULL);
    CHECK(final(img, "new") != NULL);
    const fs_file *p2 = final(img, "etc/passwd2");
    CHECK(p2 && p2->data->content && strncmp(p2->data->content, "root:", 5) == 0);
    CHECK(removed(img, "etc/passwd", 0, 2, 1));
    size_t n;
    const char *pw = image_content(img, "/etc/passwd", 40, &n);
    CHECK(pw && strstr(pw, "app:x:1000") != NULL);
    int loop = 0;
    CHECK(image_lookup(img, "loop/a", 40, &loop) == NULL);
    CHECK_INT(loop, 1);
    CHECK(image_lookup(img, "lib/libx.so", 40, &loop) != NULL);
    CHECK(image_lookup(img, "etc/os-release", 0, &loop) == NULL);
    CHECK_INT(loop, 1);
    image_read_os(img, 40);
    CHECK_STR(img->os.id, "debian");
    CHECK_STR(img->os.version_id, "12");
    CHECK_STR(img->os.pretty_name, "Debian 12");
    CHECK_STR(img->os.file, "etc/os-release");
    /* sorted by path */
    for (size_t i = 1; i < img->n_files; i++) CHECK(strcmp(img->files[i - 1].path, img->files[i].path) < 0);
    image_set_free(&s);
}

static void free_list(pkg_list *l)
{
    for (size_t i = 0; i < l->n; i++) pkg_free_fields(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void test_parsers(void)
{
    pkg_list l = {0};
    const char *status = "Package: a\nStatus: install ok installed\nVersion: 1\nArchitecture: amd64\nSource: b (2)\n\n"
                         "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\n"
                         "Package: c\nStatus: install ok installed\nVersion: 3\nDescription: x\n multi\n";
    pkgdb_dpkg(status, strlen(status), 0, &l);
    CHECK_INT(l.n, 2);
    if (l.n == 2) {
        CHECK_STR(l.v[0].source, "b");
        CHECK_STR(l.v[0].source_version, "2");
        CHECK_STR(l.v[1].name, "c");
    }
    free_list(&l);
    /* truncated mid-stanza and garbage: no crash, nothing half-made */
    pkgdb_dpkg(status, 30, 0, &l);
    CHECK_INT(l.n, 0);
    free_list(&l);
    const char garbage[] = "\0\0\xff:\n:\n\n\nPackage\nVersion:";
    pkgdb_dpkg(garbage, sizeof garbage - 1, 0, &l);
    pkgdb_apk(garbage, sizeof garbage - 1, &l);
    pkgdb_python(garbage, sizeof garbage - 1, &l);
    pkgdb_npm(garbage, sizeof garbage - 1, &l);
    pkgdb_go(garbage, sizeof garbage - 1, &l);
    pkgdb_maven(garbage, sizeof garbage - 1, &l);
    CHECK_INT(l.n, 0);
    char why[512];
    CHECK_INT(pkgdb_rpm_sqlite(garbage, sizeof garbage - 1, &l, why, sizeof why), -1);
    char notdb[200] = "SQLite format 3";
    CHECK_INT(pkgdb_rpm_sqlite(notdb, sizeof notdb, &l, why, sizeof why), -1);
    free_list(&l);
    const char *apk = "P:musl\nV:1.2\nA:x86_64\no:musl\n\nP:half\n";
    pkgdb_apk(apk, strlen(apk), &l);
    CHECK_INT(l.n, 1);
    free_list(&l);
    const char *go = "go1.22.1\npath\tx\nmod\texample.com/app\tv1.0.0\t\ndep\tgolang.org/x/net\tv0.1.0\th1:a\n"
                     "=>\tgolang.org/x/net\tv0.2.0\th1:b\ndep\tbad\n";
    pkgdb_go(go, strlen(go), &l);
    CHECK_INT(l.n, 3);
    if (l.n == 3) {
        CHECK_STR(l.v[0].name, "stdlib");
        CHECK_STR(l.v[2].version, "v0.2.0");
        CHECK_STR(l.v[2].namespace, "golang.org/x");
    }
    free_list(&l);
}

static void test_purl(void)
{
    os_release os = {.id = "debian", .version_id = "12"};
    pkg p = {.type = "deb", .name = "libc6", .version = "1:2.36+b1", .arch = "amd64", .source = "glibc"};
    char *u = pkg_purl(&p, &os);
    CHECK_STR(u, "pkg:deb/debian/libc6@1%3A2.36%2Bb1?arch=amd64&distro=debian-12&upstream=glibc");
    free(u);
    pkg n = {.type = "npm", .namespace = "@babel", .name = "core", .version = "7.0.0"};
    u = pkg_purl(&n, &os);
    CHECK_STR(u, "pkg:npm/%40babel/core@7.0.0");
    free(u);
    pkg py = {.type = "pypi", .name = "Zope_Interface", .version = "6.0"};
    u = pkg_purl(&py, &os);
    CHECK_STR(u, "pkg:pypi/zope-interface@6.0");
    free(u);
}

static void test_limits(void)
{
    archive_limits l = {0};
    CHECK_INT(archive_limit(&l, LIM_RATIO), 200);
    CHECK_INT(archive_limit_parse(&l, "bytes=2G"), 0);
    CHECK_INT(archive_limit(&l, LIM_BYTES), 2ull << 30);
    CHECK_INT(archive_limit_parse(&l, "capture=64MiB"), 0);
    CHECK_INT(archive_limit(&l, LIM_CAPTURE), 64ull << 20);
    CHECK_INT(archive_limit_parse(&l, "links=0"), -1);
    CHECK_INT(archive_limit_parse(&l, "speed=1"), -1);
    CHECK_INT(archive_limit_parse(&l, "entries=12x"), -1);
    CHECK_INT(archive_limit_parse(&l, "entries"), -1);
}

int main(void)
{
    RUN(test_normalise);
    RUN(test_layers);
    RUN(test_parsers);
    RUN(test_purl);
    RUN(test_limits);
    return unit_done("image");
}
