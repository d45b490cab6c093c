/* test_output.c — output.c's temporary files: removed when the write fails
 * (a file-size limit) and when SIGTERM or SIGINT ends the process while one
 * exists (the process still dies of the signal), left alone when SIGINT was
 * ignored, and the target untouched in every case. Each case runs in a
 * child process. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "unit.h"
#include "util.h"

static char dir[64];

/* Files in dir whose name holds ".plimsoll-tmp-". */
static int temporaries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)))
        if (strstr(de->d_name, ".plimsoll-tmp-")) n++;
    if (d) closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    char *t;
    size_t n;
    return read_file(path, &t, &n) == 0 ? t : NULL;
}

static void put(const char *path, const char *text)
{
    char err[256];
    CHECK_INT(output_write(path, text, strlen(text), err, sizeof err), 0);
}

static void test_replace(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/r.json", dir);
    put(path, "one");
    chmod(path, 0640);
    put(path, "two");
    char *t = slurp(path);
    CHECK_STR(t, "two");
    free(t);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
    CHECK_INT(temporaries(), 0);
    char err[256];
    snprintf(path, sizeof path, "%s/no/such/dir.json", dir);
    CHECK_INT(output_write(path, "x", 1, err, sizeof err), -1);
    CHECK(strstr(err, "No such file or directory") != NULL);
    CHECK_INT(output_write(dir, "x", 1, err, sizeof err), -1); /* a folder */
}

/* A child writes 1 MiB under a 64 KiB file-size limit: EFBIG, no temporary. */
static void test_write_fails(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/big.json", dir);
    put(path, "old");
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {65536, 65536};
        setrlimit(RLIMIT_FSIZE, &rl);
        size_t n = (size_t)1 << 20;
        char *data = calloc(n, 1), err[256];
        int rc = output_write(path, data, n, err, sizeof err);
        _exit(rc == -1 && strstr(err, "big.json: File too large") ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_INT(temporaries(), 0);
    char *t = slurp(path);
    CHECK_STR(t, "old");
    free(t);
}

/* A child opens a temporary file, says so through a pipe and waits; the
 * parent sends sig. ignore: the child ignores sig first. */
static void test_signal(int sig, int ignore)
{
    char path[128];
    snprintf(path, sizeof path, "%s/sig.json", dir);
    put(path, "old");
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        /* the default action unless the case ignores it: a suite run from a
         * background job (nohup, `&`) inherits SIGINT and SIGHUP ignored */
        signal(sig, ignore ? SIG_IGN : SIG_DFL);
        output_tmp o;
        char err[256];
        if (output_open(&o, path, err, sizeof err) != 0) _exit(3);
        if (write(o.fd, "half", 4) != 4) _exit(4);
        if (write(p[1], "r", 1) != 1) _exit(5);
        sleep(2); /* the signal comes meanwhile */
        output_abort(&o);
        _exit(0);
    }
    char c;
    CHECK(read(p[0], &c, 1) == 1);
    CHECK_INT(temporaries(), 1);
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    if (ignore) {
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    } else {
        CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig); /* still dies of it */
    }
    CHECK_INT(temporaries(), 0);
    char *t = slurp(path);
    CHECK_STR(t, "old");
    free(t);
    close(p[0]);
    close(p[1]);
}

static void test_signals(void)
{
    test_signal(SIGTERM, 0);
    test_signal(SIGINT, 0);
    test_signal(SIGHUP, 0);
    test_signal(SIGINT, 1);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/plimsoll-test-output-%ld", (long)getpid());
    mkdir(dir, 0700);
    RUN(test_replace);
    RUN(test_write_fails);
    RUN(test_signals);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) unit_fail++;
    return unit_done("output");
}
