/* git_run.h — run git with fixed arguments (no shell) and read its output:
 * the one place plimsoll runs an external program. A missing git is not an
 * error of the caller's: it gets -1 and decides what to do without. */
#ifndef PLIMSOLL_GIT_RUN_H
#define PLIMSOLL_GIT_RUN_H

#include <stddef.h>

#include "util.h"

/* Run `git -C dir ARGS…` (args NULL-terminated, at most 12), stdin and
 * stderr on /dev/null; its stdout, up to max bytes (the rest read and
 * dropped), appended to out. Returns git's exit status, or -1 when it could
 * not run or was killed. */
int git_run(const char *dir, const char *const *args, buf *out, size_t max);

#endif
