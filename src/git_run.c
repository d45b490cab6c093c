/* git_run.c — git run with posix_spawnp and fixed arguments, its output read
 * from a pipe (see git_run.h). */
#include "git_run.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int git_run(const char *dir, const char *const *args, buf *out, size_t max)
{
    int fd[2];
    if (pipe(fd)) return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
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
    if (rc == 0) {
        char tmp[65536];
        size_t kept = 0;
        ssize_t got;
        while ((got = read(fd[0], tmp, sizeof tmp)) > 0 || (got < 0 && errno == EINTR)) {
            if (got <= 0) continue;
            size_t take = kept + (size_t)got <= max ? (size_t)got : max - kept;
            if (take) buf_add(out, tmp, take);
            kept += take;
        }
    }
    close(fd[0]);
    if (rc != 0) return -1;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
