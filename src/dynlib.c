/* dynlib.c — libarchive and SQLite opened with dlopen (see dynlib.h). */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

#ifndef LIBARCHIVE_SONAME
#define LIBARCHIVE_SONAME "libarchive.so.13"
#endif
#ifndef LIBSQLITE_SONAME
#define LIBSQLITE_SONAME "libsqlite3.so.0"
#endif

/* Open soname for good: RTLD_NODELETE keeps it mapped after the dlclose that
 * ends each dynlib_* call, so the functions resolved stay valid. */
static void *open_lib(const char *soname, const char *why, char *err, size_t errlen)
{
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        const char *e = dlerror();
        snprintf(err, errlen, "%s cannot be loaded, needed for %s (%s)", soname, why, e ? e : "unknown error");
    }
    return h;
}

static int resolve(void *h, const char *soname, const char *name, void **slot, char *err, size_t errlen)
{
    *slot = dlsym(h, name);
    if (*slot) return 0;
    snprintf(err, errlen, "%s has no function %s (too old a version?)", soname, name);
    return -1;
}

#define DYNLIB_RESOLVE(f) \
    if (resolve(h, soname, #f, (void **)&t->f, err, errlen) != 0) goto fail;

int dynlib_archive(archive_lib *t, char *err, size_t errlen)
{
    const char *soname = LIBARCHIVE_SONAME;
    void *h = open_lib(soname, "image archives", err, errlen);
    if (!h) return -1;
    DYNLIB_ARCHIVE_FUNCS(DYNLIB_RESOLVE)
    dlclose(h);
    return 0;
fail:
    dlclose(h);
    return -1;
}

int dynlib_sqlite(sqlite_lib *t, char *err, size_t errlen)
{
    const char *soname = LIBSQLITE_SONAME;
    void *h = open_lib(soname, "rpm databases", err, errlen);
    if (!h) return -1;
    DYNLIB_SQLITE_FUNCS(DYNLIB_RESOLVE)
    dlclose(h);
    return 0;
fail:
    dlclose(h);
    return -1;
}
