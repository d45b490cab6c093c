/* discover.h — turning command-line paths into the list of files to scan:
 * directories walked recursively in sorted order, skipping VCS and vendored
 * folders, never following a symlink out of the scanned root. */
#ifndef PLIMSOLL_DISCOVER_H
#define PLIMSOLL_DISCOVER_H

#include <stddef.h>

#include "check.h"
#include "detect.h"

typedef struct found_file {
    char *path;        /* display path: as given, joined with the walked names */
    file_format fmt;   /* by name; FMT_NONE for explicit files to detect by content */
    int explicit_arg;  /* named on the command line (or "-") */
} found_file;

typedef struct file_set {
    found_file *v;
    size_t n, cap;
} file_set;

/* Add every file under each path. Unreadable paths become errors in errs. */
void discover(const char *const *paths, size_t n, file_set *out, results *errs);
void file_set_free(file_set *s);

#endif
