/* provenance.c — hashes, time and git state for compliance reports (see
 * provenance.h). git is run by git_run.h; a missing git or repository is not
 * an error. */
#include "provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "embedded.h"
#include "digest.h"
#include "git_run.h"

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
    buf out = {0};
    if (git_run(dir, head, &out, 8191) == 0 && out.len) {
        buf_putc(&out, 0);
        size_t l = strcspn(out.s, "\r\n");
        if (l && l < sizeof info->git_commit) {
            memcpy(info->git_commit, out.s, l);
            info->git_commit[l] = 0;
            static const char *const status[] = {"status", "--porcelain", "--untracked-files=normal", NULL};
            out.len = 0;
            if (git_run(dir, status, &out, 1) == 0) info->git_dirty = out.len != 0;
        }
    }
    buf_free(&out);
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
