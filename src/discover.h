/* discover.h — turning command-line paths into the list of files to scan:
 * directories walked recursively in sorted order, skipping VCS and vendored
 * folders and whatever the caller's filter excludes (the config's `exclude`),
 * never following a symlink out of the scanned root. Nothing found here is
 * read: an excluded file is never opened, an excluded folder never walked. */
#ifndef PLIMSOLL_DISCOVER_H
#define PLIMSOLL_DISCOVER_H

#include <stddef.h>

#include "check.h"
#include "detect.h"

typedef struct found_file {
    char *path;        /* display path: as given, joined with the walked names */
    file_format fmt;   /* by name; FMT_NONE for explicit files to detect by content */
    int explicit_arg;  /* named on the command line (or "-") */
    char *repo_path;   /* relative to its repository root (discover_repo_paths), or NULL */
    int context;       /* read only as context for cross-document checks (scan.c) */
} found_file;

typedef struct file_set {
    found_file *v;
    size_t n, cap;
} file_set;

/* Leaves paths out of a scan: excluded(ctx, path) returns 1 for a file or
 * folder (path as discovered) that must not be scanned. fn NULL: none. */
typedef struct discover_filter {
    int (*excluded)(const void *ctx, const char *path);
    const void *ctx;
} discover_filter;

/* How deep folders are walked below a scanned folder; a folder deeper than
 * that is an error naming it (never a silent omission). */
#define DISCOVER_MAX_DEPTH 64

/* Add every file under each path, leaving out what skip excludes (a folder
 * argument itself is never tested, only what is under it; skip may be NULL).
 * Unreadable paths become errors in errs. */
void discover(const char *const *paths, size_t n, const discover_filter *skip, file_set *out, results *errs);
void file_set_free(file_set *s);
/* The files of format `want` (by name) that git lists in the work tree at
 * top (tracked, and untracked but not ignored: what .gitignore leaves out, a
 * build folder, is not the repository), minus what discovery skips; added
 * to out sorted. -1 when git cannot list them (no git): walk instead. */
int discover_git_files(const char *top, file_format want, const discover_filter *skip, file_set *out);

/* The absolute form of path, made lexically ("." and ".." folded, the
 * current folder joined to a relative path; symlinks are not resolved).
 * malloc'd. */
char *discover_abspath(const char *path);
/* The git top level above the absolute folder dir: the nearest folder, dir
 * itself included, holding a .git entry (a folder, or the file of a worktree
 * or submodule). malloc'd, or NULL outside any work tree. */
char *discover_git_top(const char *dir);
/* Set repo_path of every file of s (from index `from` on): relative to root
 * when given (a folder), else to the file's git top level; NULL when the
 * file is outside it. "-" is named by stdin_name (NULL: no repo path). */
void discover_repo_paths(file_set *s, size_t from, const char *root, const char *stdin_name);

#endif
