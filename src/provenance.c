/* provenance.c — hashes, time and git state for compliance reports (see
 * provenance.h). git is run with posix_spawnp and fixed arguments (no shell),
 * its output read from a pipe; a missing git or repository is not an error. */
#include "provenance.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"
#include "digest.h"

extern char **environ;

void provenance_time(char out[32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0) t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Run `git -C dir ARGS…`; its stdout (at most cap-1 bytes) into out. Returns
 * git's exit status, or -1 when it could not run. */
static int run_git(const char *dir, const char *const *args, char *out, size_t cap)
{
    int fd[2];
    if (pipe(fd)) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[16];
    size_t n = 0;
    argv[n++] = (char *)"git";
    argv[n++] = (char *)"-C";
    argv[n++] = (char *)dir;
    for (size_t i = 0; args[i] && n < 15; i++) argv[n++] = (char *)args[i];
    argv[n] = NULL;
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    size_t len = 0;
    if (rc == 0) {
        char tmp[4096];
        ssize_t got;
        while ((got = read(fd[0], tmp, sizeof tmp)) > 0 || (got < 0 && errno == EINTR))
            for (ssize_t i = 0; i < got; i++)
                if (len + 1 < cap) out[len++] = tmp[i];
    }
    close(fd[0]);
    if (cap) out[len] = 0;
    if (rc != 0) return -1;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void git_state(compliance_info *info, const char *path)
{
    info->git_commit[0] = 0;
    info->git_dirty = -1;
    if (!path || strcmp(path, "-") == 0) return;
    char dir[4096];
    struct stat st;
    snprintf(dir, sizeof dir, "%s", path);
    if (stat(dir, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        char *slash = strrchr(dir, '/');
        if (slash) *slash = 0;
        else snprintf(dir, sizeof dir, ".");
        if (!*dir) snprintf(dir, sizeof dir, "/");
    }
    static const char *const head[] = {"rev-parse", "--verify", "-q", "HEAD", NULL};
    char out[8192];
    if (run_git(dir, head, out, sizeof out) != 0) return;
    size_t l = strcspn(out, "\r\n");
    if (l == 0 || l >= sizeof info->git_commit) return;
    memcpy(info->git_commit, out, l);
    info->git_commit[l] = 0;
    static const char *const status[] = {"status", "--porcelain", "--untracked-files=normal", NULL};
    if (run_git(dir, status, out, sizeof out) == 0) info->git_dirty = out[0] != 0;
}

static void hash_file(sha256_ctx *h, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    sha256_update(h, path, strlen(path) + 1);
    if (read_file(path, &text, &len) == 0) sha256_update(h, text, len);
    free(text);
}

void provenance_fill(compliance_info *info, const checkset *set, const framework_set *fws,
                     const char *const *paths, size_t n_paths)
{
    sha256_ctx h;
    sha256_init(&h);
    for (unsigned i = 0; i < embedded_checks_count; i++) {
        sha256_update(&h, embedded_checks[i].path, strlen(embedded_checks[i].path) + 1);
        sha256_update(&h, embedded_checks[i].text, embedded_checks[i].len);
    }
    for (size_t i = 0; fws && i < fws->n; i++) sha256_update(&h, fws->v[i].sha256, 64);
    for (size_t i = 0; set && i < set->n; i++)
        if (set->v[i].custom) hash_file(&h, set->v[i].file);
    sha256_hex(&h, info->checkset_sha256);
    provenance_time(info->scan_time);
    git_state(info, n_paths ? paths[0] : ".");
}
