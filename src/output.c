/* output.c — writing an output file without clobbering its target (see
 * output.h): atomic replacement of regular files, direct writes to devices,
 * FIFOs and standard output, the temporary file removed on failure and on
 * SIGINT/SIGTERM/SIGHUP. Keeps no state outside the caller's output_tmp;
 * the signal handler finds the temporary file through /proc/self/fd. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define TMP_MARK ".plimsoll-tmp-"
/* Descriptors the signal handler looks at: the temporary file is opened
 * when plimsoll holds a handful, so it is always among the first ones. */
#define SCAN_FDS 1024

static const int cleanup_signals[3] = {SIGINT, SIGTERM, SIGHUP};

static int fail(char *err, size_t errlen, const char *path, int e)
{
    snprintf(err, errlen, "%s: %s", path, strerror(e));
    errno = e;
    return -1;
}

/* ---- the signal cleanup (async-signal-safe only: readlink, getpid, unlink, raise) */

/* Decimal digits of v at p; returns the end. */
static char *put_uint(char *p, unsigned long v)
{
    char d[24];
    int n = 0;
    do d[n++] = (char)('0' + v % 10); while ((v /= 10) && n < 24);
    while (n) *p++ = d[--n];
    return p;
}

static void on_signal(int sig)
{
    char mark[64], link[40], target[PATH_MAX + 1];
    char *m = mark;
    for (const char *s = TMP_MARK; *s; s++) *m++ = *s;
    m = put_uint(m, (unsigned long)getpid());
    *m++ = '-';
    size_t ml = (size_t)(m - mark);
    for (int fd = 0; fd < SCAN_FDS; fd++) {
        char *p = link;
        for (const char *s = "/proc/self/fd/"; *s; s++) *p++ = *s;
        p = put_uint(p, (unsigned long)fd);
        *p = 0;
        ssize_t n = readlink(link, target, PATH_MAX);
        if (n <= 0) continue;
        target[n] = 0;
        /* the marker in the last component, not a deleted file */
        const char *base = target;
        for (ssize_t i = 0; i < n; i++)
            if (target[i] == '/') base = target + i + 1;
        int found = 0;
        for (const char *b = base; *b && !found; b++) {
            size_t k = 0;
            while (k < ml && b[k] == mark[k]) k++;
            found = k == ml;
        }
        static const char deleted[] = " (deleted)";
        size_t dl = sizeof deleted - 1, k = 0;
        if ((size_t)n > dl)
            while (k < dl && target[(size_t)n - dl + k] == deleted[k]) k++;
        if (found && k != dl) unlink(target);
    }
    raise(sig); /* SA_RESETHAND restored the default action: the process ends of sig */
}

static void arm(output_tmp *o)
{
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    o->armed_xfsz = sigaction(SIGXFSZ, &ign, &o->xfsz) == 0;
    for (int i = 0; i < 3; i++) {
        o->armed[i] = 0;
        if (sigaction(cleanup_signals[i], NULL, &o->saved[i]) != 0) continue;
        if (o->saved[i].sa_handler != SIG_DFL || (o->saved[i].sa_flags & SA_SIGINFO)) continue; /* ignored or taken */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        for (int j = 0; j < 3; j++) sigaddset(&sa.sa_mask, cleanup_signals[j]);
        o->armed[i] = sigaction(cleanup_signals[i], &sa, NULL) == 0;
    }
}

static void disarm(output_tmp *o)
{
    if (o->armed_xfsz) sigaction(SIGXFSZ, &o->xfsz, NULL);
    o->armed_xfsz = 0;
    for (int i = 0; i < 3; i++)
        if (o->armed[i]) {
            sigaction(cleanup_signals[i], &o->saved[i], NULL);
            o->armed[i] = 0;
        }
}

/* ---- writing */

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* The folder of path (malloc'd): "." when it has none. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

int output_open(output_tmp *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->path = xstrdup(path);
    struct stat st;
    int exists = stat(path, &st) == 0 && S_ISREG(st.st_mode);
    arm(o); /* before the file exists: a signal in between finds nothing to remove */
    for (unsigned n = 0; n < 100 && o->fd < 0; n++) {
        free(o->tmp);
        buf t = {0};
        buf_printf(&t, "%s%s%ld-%u", path, TMP_MARK, (long)getpid(), n);
        o->tmp = t.s;
        o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, exists ? 0600 : 0666);
        if (o->fd < 0 && errno == ENAMETOOLONG) { /* a long name: a short one in the same folder */
            char *dir = dir_of(path);
            t.len = 0;
            buf_printf(&t, "%s/%s%ld-%u", dir, TMP_MARK, (long)getpid(), n);
            free(dir);
            free(o->tmp);
            o->tmp = t.s;
            o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, exists ? 0600 : 0666);
        }
        if (o->fd < 0 && errno != EEXIST) break;
    }
    if (o->fd < 0) {
        int e = errno;
        disarm(o);
        free(o->tmp);
        o->tmp = NULL;
        fail(err, errlen, path, e);
        free(o->path);
        o->path = NULL;
        return -1;
    }
    if (exists) { /* keep the file's mode, and its owner when we may */
        if (fchmod(o->fd, st.st_mode & 07777) != 0) { /* nothing to do: the new file is private */
        }
        if ((st.st_uid != geteuid() || st.st_gid != getegid()) && fchown(o->fd, st.st_uid, st.st_gid) != 0) {
        }
    }
    return 0;
}

void output_abort(output_tmp *o)
{
    if (o->tmp) unlink(o->tmp);
    if (o->fd >= 0) close(o->fd);
    disarm(o);
    free(o->tmp);
    free(o->path);
    memset(o, 0, sizeof *o);
    o->fd = -1;
}

int output_commit(output_tmp *o, const char *data, size_t len, char *err, size_t errlen)
{
    int e = 0;
    if (write_all(o->fd, data, len) != 0 || fsync(o->fd) != 0) e = errno ? errno : EIO;
    /* rename while the descriptor is open: renamed, its name loses the
     * marker and the signal cleanup leaves it alone */
    if (!e && rename(o->tmp, o->path) != 0) e = errno;
    if (e) {
        char *path = xstrdup(o->path);
        output_abort(o);
        fail(err, errlen, path, e);
        free(path);
        return -1;
    }
    int bad = close(o->fd) != 0;
    o->fd = -1;
    char *dir = dir_of(o->path); /* the rename itself to disk; best effort */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        if (fsync(dfd) != 0) { /* some file systems cannot: the data is written */
        }
        close(dfd);
    }
    free(dir);
    free(o->tmp);
    o->tmp = NULL;
    disarm(o);
    if (bad) fail(err, errlen, o->path, errno ? errno : EIO);
    free(o->path);
    o->path = NULL;
    return bad ? -1 : 0;
}

/* Is st the file open as descriptor fd? */
static int same_file(const struct stat *st, int fd)
{
    struct stat f;
    return fstat(fd, &f) == 0 && f.st_dev == st->st_dev && f.st_ino == st->st_ino;
}

/* Open path for writing with flags, into o (a direct write). */
static int open_direct(output_stream *o, const char *path, int flags, char *err, size_t errlen)
{
    o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | flags, 0666);
    if (o->fd < 0) return fail(err, errlen, path, errno);
    o->how = OUT_DIRECT;
    return 0;
}

int output_stream_open(output_stream *o, const char *path, char *err, size_t errlen)
{
    struct stat lst, st;
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->tmp.fd = -1;
    o->path = xstrdup(path);
    int rc = 0;
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT) rc = fail(err, errlen, path, errno);
        else rc = output_open(&o->tmp, path, err, errlen);
    } else if (stat(path, &st) != 0) { /* a dangling link: write through it, creating its target */
        if (errno != ENOENT) rc = fail(err, errlen, path, errno);
        else rc = open_direct(o, path, O_CREAT | O_TRUNC, err, errlen);
        goto done;
    } else {
        if (S_ISDIR(st.st_mode)) {
            rc = fail(err, errlen, path, EISDIR);
            goto done;
        }
        /* already open as standard output or error: write there, as `>` or `>>` set it up */
        for (int fd = 1; fd <= 2; fd++)
            if (same_file(&st, fd)) {
                fflush(fd == 1 ? stdout : stderr);
                o->fd = fd;
                o->how = OUT_STD;
                goto done;
            }
        if (!S_ISREG(st.st_mode)) rc = open_direct(o, path, 0, err, errlen);
        else if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0) /* /dev/fd/N and friends */
            rc = open_direct(o, path, O_TRUNC, err, errlen);
        else if (S_ISLNK(lst.st_mode)) { /* replace the file the link points to; the link stays */
            char *real = realpath(path, NULL);
            if (!real) rc = fail(err, errlen, path, errno);
            else rc = output_open(&o->tmp, real, err, errlen);
            free(real);
        } else {
            rc = output_open(&o->tmp, path, err, errlen);
        }
    }
    if (rc == 0 && o->how == OUT_TMP) o->fd = o->tmp.fd;
done:
    if (rc != 0) {
        free(o->path);
        memset(o, 0, sizeof *o);
        o->fd = -1;
    }
    return rc;
}

int output_stream_write(output_stream *o, const char *data, size_t len)
{
    if (o->err) return -1;
    if (write_all(o->fd, data, len) != 0) o->err = errno ? errno : EIO;
    return o->err ? -1 : 0;
}

int output_stream_close(output_stream *o, int ok, char *err, size_t errlen)
{
    int rc = 0;
    if (o->how == OUT_TMP) {
        if (o->err || !ok) {
            output_abort(&o->tmp);
            if (o->err) rc = fail(err, errlen, o->path, o->err);
            else rc = -1, snprintf(err, errlen, "%s: not written", o->path);
        } else {
            rc = output_commit(&o->tmp, "", 0, err, errlen);
        }
    } else {
        int e = o->err;
        if (o->how == OUT_DIRECT && close(o->fd) != 0 && !e) e = errno ? errno : EIO;
        if (e) rc = fail(err, errlen, o->path, e);
        else if (!ok) rc = -1, snprintf(err, errlen, "%s: not written", o->path);
    }
    free(o->path);
    memset(o, 0, sizeof *o);
    o->fd = -1;
    return rc;
}

int output_write(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    output_stream o;
    if (output_stream_open(&o, path, err, errlen) != 0) return -1;
    output_stream_write(&o, data, len);
    return output_stream_close(&o, 1, err, errlen);
}
