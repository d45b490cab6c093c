/* dynlib.h — the libraries only some inputs need, opened with dlopen when
 * first needed rather than linked: libarchive (image archives: load_archive.c,
 * layer_read.c) and SQLite (the rpm database of some images: pkgdb_os.c).
 * Linked, the dynamic loader maps and relocates them and their chains
 * (libarchive brings libxml2, ICU, libstdc++, nettle, ...) at every start:
 * about 6.5 million instructions, more than a scan of one small file.
 *
 * Each user holds its own table of the functions it calls, filled by
 * dynlib_archive/dynlib_sqlite (no process-wide table: no mutable global).
 * The library is opened once for good (RTLD_NODELETE): later opens only find
 * it. A library that cannot be loaded is an error message, never a crash. */
#ifndef PLIMSOLL_DYNLIB_H
#define PLIMSOLL_DYNLIB_H

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <stddef.h>

/* Every libarchive function plimsoll calls. */
#define DYNLIB_ARCHIVE_FUNCS(X)                                                                                   \
    X(archive_read_new) X(archive_read_free) X(archive_read_open) X(archive_read_open_fd)                        \
    X(archive_read_next_header) X(archive_read_data) X(archive_error_string) X(archive_set_error)                \
    X(archive_read_support_filter_gzip) X(archive_read_support_filter_zstd) X(archive_read_support_filter_xz)    \
    X(archive_read_support_filter_bzip2) X(archive_read_support_filter_lz4) X(archive_read_support_format_raw)   \
    X(archive_read_support_format_tar) X(archive_read_support_format_zip_streamable) X(archive_entry_pathname)   \
    X(archive_entry_filetype) X(archive_entry_size) X(archive_entry_symlink) X(archive_entry_hardlink)           \
    X(archive_entry_mode) X(archive_entry_uid) X(archive_entry_gid)

/* Every SQLite function plimsoll calls. */
#define DYNLIB_SQLITE_FUNCS(X)                                                                                    \
    X(sqlite3_malloc64) X(sqlite3_free) X(sqlite3_open_v2) X(sqlite3_close) X(sqlite3_db_config)                 \
    X(sqlite3_deserialize) X(sqlite3_prepare_v2) X(sqlite3_step) X(sqlite3_finalize) X(sqlite3_column_blob)      \
    X(sqlite3_column_bytes)

#define DYNLIB_FIELD(f) __typeof__(f) *f;

/* libarchive's functions, each under its own name: la->archive_read_new(). */
typedef struct archive_lib {
    DYNLIB_ARCHIVE_FUNCS(DYNLIB_FIELD)
} archive_lib;

typedef struct sqlite_lib {
    DYNLIB_SQLITE_FUNCS(DYNLIB_FIELD)
} sqlite_lib;

/* Open the library and fill the table: 0, or -1 with a message naming the
 * library and why it cannot be used in err (the table is then unusable). */
int dynlib_archive(archive_lib *la, char *err, size_t errlen);
int dynlib_sqlite(sqlite_lib *sq, char *err, size_t errlen);

#endif
