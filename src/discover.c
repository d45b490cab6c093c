/* discover.c — walking the paths to scan (see discover.h). Reads folder
 * listings and file types only, never file contents. */
#include "discover.h"

#include "git_run.h"
#include "load_archive.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const skip_dirs[] = {
    ".git", ".hg", ".svn", ".bzr", "node_modules", "vendor", ".terraform", ".venv", "venv",
    "__pycache__", ".tox", ".idea", ".vscode", ".cache",
};

static int skipped_dir(const char *name)
{
    for (size_t i = 0; i < sizeof skip_dirs / sizeof *skip_dirs; i++)
        if (strcmp(name, skip_dirs[i]) == 0) return 1;
    return 0;
}

static void add(file_set *s, const char *path, file_format fmt, int explicit_arg)
{
    GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = (found_file){xstrdup(path), fmt, explicit_arg, NULL, 0};
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int is_excluded(const discover_filter *skip, const char *path)
{
    return skip && skip->excluded && skip->excluded(skip->ctx, path);
}

/* root: the real path of the scanned argument, for the symlink rule. */
static void walk(const char *dir, const char *root, const discover_filter *skip, file_set *out, results *errs,
                 int depth)
{
    if (depth > DISCOVER_MAX_DEPTH) {
        results_add_error(errs, dir, 0, 0, "folders nested deeper than %d levels: not scanned", DISCOVER_MAX_DEPTH);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        results_add_error(errs, dir, 0, 0, "cannot read directory: %s", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        GROW(names, cap, n + 1);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    size_t rl = strlen(root);
    for (size_t i = 0; i < n; i++) {
        buf p = {0};
        if (strcmp(dir, ".") == 0) buf_puts(&p, names[i]);
        else buf_printf(&p, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
        struct stat st;
        if (lstat(p.s, &st) != 0) goto next;
        if (S_ISLNK(st.st_mode)) {
            char real[PATH_MAX];
            if (!realpath(p.s, real) || strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != 0))
                goto next; /* dangling, or pointing out of the scanned root */
            if (stat(p.s, &st) != 0 || S_ISDIR(st.st_mode)) goto next; /* no loops through linked dirs */
        }
        if (S_ISDIR(st.st_mode)) {
            if (skipped_dir(names[i]) || is_excluded(skip, p.s)) goto next;
            if (archive_dir_is_image(p.s)) add(out, p.s, FMT_ARCHIVE, 0); /* an image layout: one input */
            else walk(p.s, root, skip, out, errs, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            file_format f = detect_by_name(p.s);
            if (f != FMT_NONE && !is_excluded(skip, p.s)) add(out, p.s, f, 0);
        }
    next:
        buf_free(&p);
        free(names[i]);
    }
    free(names);
}

void discover(const char *const *paths, size_t n, const discover_filter *skip, file_set *out, results *errs)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        if (strcmp(p, "-") == 0) {
            add(out, "-", FMT_NONE, 1);
            continue;
        }
        struct stat st;
        if (stat(p, &st) != 0) {
            int e = errno;
            if (!is_excluded(skip, p)) results_add_error(errs, p, 0, 0, "cannot read: %s", strerror(e));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            char root[PATH_MAX];
            if (!realpath(p, root)) {
                results_add_error(errs, p, 0, 0, "cannot resolve: %s", strerror(errno));
                continue;
            }
            if (archive_dir_is_image(p)) add(out, p, FMT_ARCHIVE, 1); /* an image layout: one input */
            else walk(p, root, skip, out, errs, 0);
        } else if (!is_excluded(skip, p)) {
            add(out, p, detect_by_name(p), 1);
        }
    }
}

/* Is any folder on the relative path rel one discovery skips? */
static int in_skipped_dir(const char *rel)
{
    char name[256];
    for (const char *p = rel, *slash; (slash = strchr(p, '/')); p = slash + 1) {
        size_t n = (size_t)(slash - p);
        if (n >= sizeof name) continue;
        memcpy(name, p, n);
        name[n] = 0;
        if (skipped_dir(name)) return 1;
    }
    return 0;
}

int discover_git_files(const char *top, file_format want, const discover_filter *skip, file_set *out)
{
    static const char *const args[] = {"ls-files", "-z", "--cached", "--others", "--exclude-standard", NULL};
    buf list = {0};
    if (git_run(top, args, &list, (size_t)64 << 20) != 0) {
        buf_free(&list);
        return -1;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    for (size_t at = 0; at < list.len;) {
        const char *rel = list.s + at;
        size_t len = strnlen(rel, list.len - at);
        at += len + 1;
        if (!len || in_skipped_dir(rel)) continue;
        buf p = {0};
        buf_printf(&p, "%s%s%.*s", top, strcmp(top, "/") == 0 ? "" : "/", (int)len, rel);
        struct stat st;
        if (detect_by_name(p.s) != want || is_excluded(skip, p.s) || lstat(p.s, &st) != 0 || !S_ISREG(st.st_mode)) {
            buf_free(&p);
            continue;
        }
        GROW(paths, cap, n + 1);
        paths[n++] = p.s;
    }
    buf_free(&list);
    if (n) qsort(paths, n, sizeof *paths, cmp_str);
    for (size_t i = 0; i < n; i++) /* a path is listed twice when unmerged */
        if (!i || strcmp(paths[i], paths[i - 1]) != 0) add(out, paths[i], want, 0);
    for (size_t i = 0; i < n; i++) free(paths[i]);
    free(paths);
    return 0;
}

void file_set_free(file_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].path);
        free(s->v[i].repo_path);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

char *discover_abspath(const char *path)
{
    buf b = {0};
    if (path[0] != '/') {
        char cwd[PATH_MAX];
        buf_puts(&b, getcwd(cwd, sizeof cwd) ? cwd : "/");
    }
    buf_putc(&b, '/');
    buf_puts(&b, path);
    /* fold in place: out grows behind the reader */
    char *s = b.s, *out = s;
    for (const char *p = s; *p;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (out > s && *--out != '/') {}
        } else {
            *out++ = '/';
            memmove(out, p, n);
            out += n;
        }
        p = e;
    }
    if (out == s) *out++ = '/';
    *out = 0;
    return s;
}

char *discover_git_top(const char *dir)
{
    buf b = {0};
    buf_puts(&b, dir);
    for (;;) {
        size_t n = b.len;
        buf_puts(&b, n > 1 ? "/.git" : ".git");
        struct stat st;
        int found = lstat(b.s, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
        b.len = n;
        b.s[n] = 0;
        if (found) return b.s;
        if (n <= 1) break;
        char *slash = strrchr(b.s, '/');
        b.len = slash == b.s ? 1 : (size_t)(slash - b.s);
        b.s[b.len] = 0;
    }
    buf_free(&b);
    return NULL;
}

/* path (absolute, folded) relative to top, or NULL when it is not under it. */
static char *relative_to(const char *path, const char *top)
{
    size_t n = strlen(top);
    if (n == 1) return path[1] ? xstrdup(path + 1) : NULL;
    if (strncmp(path, top, n) != 0 || path[n] != '/' || !path[n + 1]) return NULL;
    return xstrdup(path + n + 1);
}

void discover_repo_paths(file_set *s, size_t from, const char *root, const char *stdin_name)
{
    char *root_abs = root ? discover_abspath(root) : NULL;
    char *last_dir = NULL, *last_top = NULL; /* files come folder by folder */
    for (size_t i = from; i < s->n; i++) {
        found_file *f = &s->v[i];
        const char *name = strcmp(f->path, "-") == 0 ? stdin_name : f->path;
        if (!name) continue;
        char *abs = discover_abspath(name);
        char *slash = strrchr(abs, '/');
        char *dir = xstrndup(abs, slash == abs ? 1 : (size_t)(slash - abs));
        if (!root_abs && (!last_dir || strcmp(dir, last_dir) != 0)) {
            free(last_dir);
            free(last_top);
            last_dir = dir;
            last_top = discover_git_top(dir);
            dir = NULL;
        }
        free(dir);
        const char *top = root_abs ? root_abs : last_top;
        f->repo_path = top ? relative_to(abs, top) : NULL;
        free(abs);
    }
    free(last_dir);
    free(last_top);
    free(root_abs);
}
