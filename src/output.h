/* output.h — writing a report (or a baseline) to the file the user named,
 * without ever clobbering what that name stands for:
 *
 *   - a regular file (or a path that does not exist yet) is replaced
 *     atomically: a temporary file beside it, written, flushed to disk, then
 *     renamed over it, so a reader sees the old report or the new one, never
 *     half of one. The mode of an existing file is kept (and, for root, its
 *     owner). A symbolic link to a regular file stays a link: the file it
 *     points to is replaced.
 *   - anything else is written directly, as a shell redirection would:
 *     /dev/null stays a device, a FIFO's reader gets the data (the write waits
 *     for one), /dev/stdout and /dev/stderr (or any path to the file already
 *     open as standard output or error) are written through that descriptor,
 *     keeping its position and append mode.
 *   - the temporary file is removed when anything fails (a full disk, a
 *     file-size limit: SIGXFSZ is ignored while it exists, so the write
 *     fails instead of killing the process), and when SIGINT, SIGTERM or
 *     SIGHUP ends the process while it exists.
 *
 * The signal cleanup keeps no state in memory (plimsoll has no mutable
 * global, and a handler can only reach globals): while a temporary file
 * exists, those signals (if they were at their default action) run a
 * handler that finds it through the process's own open descriptors
 * (readlink of /proc/self/fd/N, async-signal-safe), recognises it by the
 * marker ".plimsoll-tmp-<pid>-" in its name, unlinks it, and re-raises the
 * signal with the default action restored (SA_RESETHAND), so the process
 * still dies of that signal. A temporary file that was already renamed no
 * longer carries the marker and is left alone. Without /proc mounted the
 * cleanup on a signal does nothing; failures still clean up. SIGKILL cannot
 * be caught: a killed process may leave a "*.plimsoll-tmp-*" file behind.
 *
 * Nothing here prints: errors come back as one line in err. */
#ifndef PLIMSOLL_OUTPUT_H
#define PLIMSOLL_OUTPUT_H

#include <signal.h>
#include <stddef.h>

/* Write data[0..len) to path as described above. Returns 0, or -1 with
 * "path: reason" in err. */
int output_write(const char *path, const char *data, size_t len, char *err, size_t errlen);

/* The lower-level steps output_write takes for a regular file, for tests
 * that need to stop in the middle: output_open creates the temporary file
 * beside path (and arms the signal cleanup), output_commit writes data and
 * renames it over path, output_abort removes it. Both end the temporary
 * file's life (and disarm the cleanup). Returns 0, or -1 with err. */
typedef struct output_tmp {
    char *path, *tmp;      /* the target and the temporary file beside it (malloc'd) */
    int fd;
    int armed[3];          /* which of SIGINT, SIGTERM, SIGHUP got the cleanup handler */
    struct sigaction saved[3]; /* their actions before */
    struct sigaction xfsz; /* SIGXFSZ's, ignored meanwhile: a file-size limit fails the write (EFBIG) */
    int armed_xfsz;
} output_tmp;
int output_open(output_tmp *o, const char *path, char *err, size_t errlen);
int output_commit(output_tmp *o, const char *data, size_t len, char *err, size_t errlen);
void output_abort(output_tmp *o);

/* The same, written in parts (a streamed report): output_stream_open makes
 * the same choice as output_write (a temporary file renamed at the end, or
 * a direct write), output_stream_write appends (-1 once a write failed),
 * output_stream_close finishes it: ok 0 (the report is incomplete) removes
 * the temporary file. Open and close return 0, or -1 with err. */
enum { OUT_TMP, OUT_DIRECT, OUT_STD };
typedef struct output_stream {
    output_tmp tmp;        /* OUT_TMP: the temporary file */
    char *path;
    int fd, how, err;      /* how: OUT_TMP, OUT_DIRECT (closed at the end), OUT_STD (fd 1 or 2, left open) */
} output_stream;
int output_stream_open(output_stream *o, const char *path, char *err, size_t errlen);
int output_stream_write(output_stream *o, const char *data, size_t len);
int output_stream_close(output_stream *o, int ok, char *err, size_t errlen);

#endif
