/* driver.c — runs a fuzz harness without libFuzzer: every file named on the
 * command line (folders: every file in them, sorted) is given to
 * LLVMFuzzerTestOneInput once. Used by the test suite to replay the crash
 * regressions and seeds with the ordinary compiler and under ASan. Prints
 * "NAME: N inputs" and exits 0, or dies with the harness. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static size_t run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        exit(2);
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d) {
            perror(path);
            exit(2);
        }
        char **names = NULL;
        size_t n = 0, cap = 0, runs = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.') continue;
            GROW(names, cap, n + 1);
            names[n++] = xstrdup(de->d_name);
        }
        closedir(d);
        if (n) qsort(names, n, sizeof *names, cmp);
        for (size_t i = 0; i < n; i++) {
            buf p = {0};
            buf_printf(&p, "%s/%s", path, names[i]);
            runs += run_path(p.s);
            buf_free(&p);
            free(names[i]);
        }
        free(names);
        return runs;
    }
    char *text;
    size_t len;
    if (read_file_max(path, (size_t)64 << 20, &text, &len, NULL, 0) != 0) {
        perror(path);
        exit(2);
    }
    LLVMFuzzerTestOneInput((const uint8_t *)text, len);
    free(text);
    return 1;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    size_t runs = 0;
    for (int i = 1; i < argc; i++) runs += run_path(argv[i]);
    const char *name = strrchr(argv[0], '/');
    printf("%s: %zu inputs\n", name ? name + 1 : argv[0], runs);
    return 0;
}
