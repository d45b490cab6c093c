/* display.c — names of files and resources for reports (see display.h).
 * Never prints; keeps no state (the roots come with every call). */
#include "display.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* path relative to an absolute root, or NULL when it is not under it. */
static char *under_root(const char *path, const char *root)
{
    size_t n = strlen(root);
    while (n > 1 && root[n - 1] == '/') n--;
    if (root[0] != '/' || strncmp(path, root, n) != 0) return NULL;
    if (path[n] == '/' && path[n + 1]) return xstrdup(path + n + 1);
    if (path[n]) return NULL;
    const char *slash = strrchr(path, '/');
    return xstrdup(slash && slash[1] ? slash + 1 : path);
}

char *display_path(const display_roots *roots, const char *path)
{
    if (!path) return xstrdup("");
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/') path++;
    }
    if (path[0] != '/') return xstrdup(path);
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/') return xstrdup(path + n + 1);
    }
    for (size_t i = 0; roots && i < roots->n; i++) {
        char *rel = under_root(path, roots->paths[i]);
        if (rel) return rel;
    }
    return xstrdup(path);
}

void display_resource(buf *b, const char *kind, const char *ns, const char *name)
{
    if (kind) buf_puts(b, kind);
    if (name) buf_printf(b, "%s%s%s%s", kind ? " " : "", ns ? ns : "", ns ? "/" : "", name);
}

void display_finding_resource(buf *b, const finding *f)
{
    if (!f->kind && !f->name) return;
    buf_puts(b, " [");
    display_resource(b, f->kind, f->ns, f->name);
    buf_puts(b, "]");
}
