/* image.h — a container image read from an archive: its layers as streamed
 * (entries, captured contents, digests), the final filesystem with whiteouts
 * applied, the OS release and the package inventory. Filled by
 * load_archive.c (reading), image_fs.c (layers → filesystem) and pkgdb_*.c
 * (inventory); read by image_view.c (the scan's documents) and sbom.c.
 *
 * Ownership: an image_set owns everything reachable from it (layers, their
 * entries and captured contents, images, packages); image_set_free releases
 * it all. Nothing here prints, and nothing is ever written to disk. */
#ifndef PLIMSOLL_IMAGE_H
#define PLIMSOLL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Limits of reading one archive; 0 in a field means its default. Each is an
 * error naming the limit, the layer and the path when exceeded. */
typedef struct archive_limits {
    uint64_t bytes;     /* uncompressed bytes of all layers read (default 16 GiB) */
    uint64_t entries;   /* entries of all layers read (default 2,000,000) */
    uint64_t path;      /* bytes of one entry name (default 4096) */
    uint64_t ratio;     /* uncompressed / compressed bytes of one layer, checked past 64 MiB (default 200) */
    uint64_t links;     /* symbolic links followed resolving one path (default 40) */
    uint64_t capture;   /* bytes of file contents kept for checks and the inventory (default 64 MiB) */
} archive_limits;

typedef struct archive_opts {
    archive_limits lim;
    const char *platform;  /* "os/arch[/variant]": keep only that platform's images; NULL: all */
    const char *image;     /* keep only the image with this name, tag or digest (prefix); NULL: all */
} archive_opts;

/* The effective value of a limit (its default when 0). */
uint64_t archive_limit(const archive_limits *l, int which);
enum { LIM_BYTES, LIM_ENTRIES, LIM_PATH, LIM_RATIO, LIM_LINKS, LIM_CAPTURE, LIM_COUNT };
extern const char *const archive_limit_names[LIM_COUNT];
/* Set one limit from "name=value" (value may end in K, M, G). 0 or -1. */
int archive_limit_parse(archive_limits *l, const char *spec);

typedef enum fs_type {
    FT_FILE, FT_DIR, FT_SYMLINK, FT_HARDLINK, FT_CHAR, FT_BLOCK, FT_FIFO
} fs_type;
const char *fs_type_name(fs_type t);

/* Why an entry's contents were kept. */
typedef enum capture_kind {
    CAP_NONE,
    CAP_CHECK,   /* a file checks read (passwd, sudoers, os-release, small text files) */
    CAP_PKGDB,   /* a package database or package metadata file */
    CAP_GOBIN,   /* the build-info blob of a Go executable (version, module lines) */
    CAP_JAR,     /* the pom.properties files of a Java archive, each after "\1path\n" */
} capture_kind;

/* One entry of one layer, as the tar stream had it. */
typedef struct fs_entry {
    char *path;            /* normalised: "etc/passwd", no leading "/" or "./"; "" is the root */
    char *link;            /* symlink or hard link target, else NULL */
    char *content;         /* captured bytes (NUL-terminated) or NULL */
    size_t content_len;
    uint64_t size;
    uint32_t mode;         /* permission bits with setuid, setgid, sticky (07777) */
    uint32_t uid, gid;
    uint8_t type;          /* fs_type */
    uint8_t whiteout;      /* 0; 1: deletes `path` in lower layers; 2: opaque: empties dir `path` */
    uint8_t capture;       /* capture_kind of content */
} fs_entry;

typedef struct img_layer {
    char *member;          /* where it is in the archive: "blobs/sha256/…", "<id>/layer.tar" */
    char *blob_digest;     /* sha256 of the bytes as stored ("sha256:…"), once read */
    char *diff_digest;     /* sha256 of the uncompressed tar, once read */
    uint64_t size, usize;  /* stored and uncompressed bytes */
    fs_entry *e;
    size_t n, cap;
    int read;              /* 1: streamed to the end; -1: failed or stopped by a limit */
} img_layer;

/* A path of an image's final filesystem, or one a later layer removed. */
typedef struct fs_file {
    const fs_entry *e;     /* the entry that wrote it (owned by its layer) */
    const fs_entry *data;  /* the entry holding its contents: e, or a hard link's target */
    const char *path;      /* where it is: e->path, or (written through a symbolic link
                            * in a parent directory) the resolved path, owned by the image */
    uint32_t layer;        /* index in image.layers (0-based) that wrote it */
    uint32_t removed_in;   /* removed files: the layer that deleted or replaced it */
    uint8_t replaced;      /* removed files: 1 when overwritten rather than deleted */
} fs_file;

typedef struct os_release {
    char *id, *id_like, *version_id, *version_codename, *name, *pretty_name, *variant_id;
    char *file;            /* where it was read ("etc/os-release"), NULL when none */
} os_release;

/* One package of the inventory: what an offline vulnerability database
 * keys on (ecosystem, name, version, source package, distribution). */
typedef struct pkg {
    char *type;            /* purl type: deb, apk, rpm, pypi, npm, golang, maven */
    char *name, *version;
    char *namespace;       /* maven group, npm scope (without @), rpm/deb vendor; or NULL */
    char *arch;
    char *source, *source_version; /* OS packages: the source package (NULL: same as name/version) */
    char *epoch;           /* rpm epoch or NULL */
    char *license;
    char *path;            /* the database or metadata file it came from */
    char *purl;
    uint32_t layer;        /* index in image.layers that installed it */
} pkg;

typedef struct image_layer_ref {
    uint32_t layer;        /* index in image_set.layers */
    char *digest;          /* as the manifest names it (OCI), or NULL */
    char *media_type;
    char *diff_id;         /* config rootfs.diff_ids[i], or NULL */
    char *created_by;      /* the history step that made it, or NULL */
    char *created;
} image_layer_ref;

typedef struct image {
    char *name;            /* the first of names, else the manifest digest */
    char **names;          /* repo:tag references the archive gives it */
    size_t n_names;
    char *manifest_digest; /* "sha256:…" (OCI), NULL for docker-save archives */
    char *config_digest;
    char *platform;        /* "linux/amd64[/v8]" */
    char *config;          /* the config JSON as stored (NUL-terminated) */
    size_t config_len;
    image_layer_ref *layers;
    size_t n_layers;
    int complete;          /* 1: every layer was read: the filesystem is the image's */
    fs_file *files;        /* final filesystem, sorted by path */
    size_t n_files;
    fs_file *removed;      /* files of earlier layers deleted or replaced later, by path then layer */
    size_t n_removed;
    os_release os;
    pkg *pkgs;             /* sorted by type, name, version, path */
    size_t n_pkgs;
    char **notes;          /* what the inventory could not read ("rpm BerkeleyDB database …") */
    size_t n_notes;
    char **strs;           /* strings the image owns (resolved paths) */
    size_t n_strs, cap_strs;
} image;

typedef struct image_set {
    char *path;            /* the archive or directory, as given */
    img_layer *layers;     /* every layer blob read, shared by images */
    size_t n_layers;
    image *images;
    size_t n_images;
    size_t n_skipped;      /* images left out by platform or name */
} image_set;

void image_set_free(image_set *s);
/* Free the fields of one image (its layers stay with the set). */
void image_free(image *m);

/* ---- image_fs.c ---- */

/* What to keep of a regular file at path (normalised) of size bytes. */
capture_kind fs_capture_kind(const char *path, uint64_t size);
/* Per-file cap on captured bytes for a kind. */
uint64_t fs_capture_cap(capture_kind k);
/* Add an entry to a layer (takes ownership of nothing; copies strings). */
fs_entry *layer_add(img_layer *l, const char *path, fs_type t);
/* Normalise a tar entry name into out: strips "./" and "/" prefixes, "."
 * components and a trailing "/". Returns 0, 1 when the name was absolute,
 * -1 when a ".." component would leave the root (the entry must be ignored). */
int fs_normalise(const char *name, buf *out);

/* Apply img's layers in order (whiteouts, opaque directories, replacements)
 * into img->files and img->removed. Layers must have been read. */
void image_build_fs(image *img, const image_set *set);
/* The final file at path (no leading "/"), following symbolic links (also
 * in parent directories) at most `links` times; NULL when absent. *loop set
 * when the chain was longer. */
const fs_file *image_lookup(const image *img, const char *path, uint64_t links, int *loop);
/* The contents of the file at path (links followed), or NULL when absent or
 * not captured. */
const char *image_content(const image *img, const char *path, uint64_t links, size_t *len);
/* os-release (etc/os-release, then usr/lib/os-release) into img->os. */
void image_read_os(image *img, uint64_t links);

/* ---- pkgdb_*.c ---- */

/* The inventory of img (its filesystem must be built): OS packages from
 * dpkg, apk and rpm databases, language packages from metadata files and
 * binaries; each with the layer that installed it. Sorted. */
void pkgdb_inventory(image *img, const image_set *set);
/* Parsers (pkgdb_os.c, pkgdb_lang.c): append what text holds to *out. */
typedef struct pkg_list {
    pkg *v;
    size_t n, cap;
} pkg_list;
void pkgdb_dpkg(const char *text, size_t len, int status_d, pkg_list *out);
void pkgdb_apk(const char *text, size_t len, pkg_list *out);
/* Returns -1 when the bytes are not a readable rpm sqlite database, -2 with
 * why filled when SQLite cannot be loaded (dynlib.h). */
int pkgdb_rpm_sqlite(const char *bytes, size_t len, pkg_list *out, char *why, size_t whylen);
void pkgdb_python(const char *text, size_t len, pkg_list *out);
void pkgdb_npm(const char *text, size_t len, pkg_list *out);
void pkgdb_go(const char *blob, size_t len, pkg_list *out);
void pkgdb_maven(const char *text, size_t len, pkg_list *out);
void pkg_free_fields(pkg *p);
/* purl of p (for OS packages with the distribution os), malloc'd. */
char *pkg_purl(const pkg *p, const os_release *os);

#endif
