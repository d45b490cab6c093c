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

static char *member_dup(const doc *d, const char *a, const char *b)
{
    node_id n = a ? tree_member(d->t, d->root, a, NULL) : d->root;
    const char *v = n ? tree_member_str(d->t, n, b) : NULL;
    return v ? xstrdup(v) : NULL;
}

/* "web (3f2a9c1b7e4d)": Docker writes the name with a leading slash, Podman
 * without; either may be missing from a hand-trimmed dump. */
static char *container_name(const doc *d)
{
    const char *name = tree_member_str(d->t, d->root, "Name");
    const char *id = tree_member_str(d->t, d->root, "Id");
    while (name && *name == '/') name++;
    if (name && !*name) name = NULL;
    if (!name && !id) return NULL;
    buf b = {0};
    if (name) buf_puts(&b, name);
    if (id) buf_printf(&b, name ? " (%.12s)" : "%.12s", id);
    return b.s;
}

void display_doc_resource(const doc *d, char **kind, char **ns, char **name)
{
    *kind = *ns = *name = NULL;
    switch (d->type) {
    case DOC_KUBERNETES:
    case DOC_NODE:
        *kind = member_dup(d, NULL, "kind");
        *ns = member_dup(d, "metadata", "namespace");
        *name = member_dup(d, "metadata", "name");
        if (!*name) *name = member_dup(d, "metadata", "generateName");
        return;
    case DOC_CONTAINER:
        *kind = xstrdup("container");
        *name = container_name(d);
        return;
    case DOC_DAEMON: *kind = xstrdup("Docker daemon"); return;
    case DOC_DOCKERFILE: *kind = xstrdup("Dockerfile"); return;
    case DOC_COMPOSE: *kind = xstrdup("Compose"); return;
    default: *kind = xstrdup("Image"); return;
    }
}

void display_finding_resource(buf *b, const finding *f)
{
    if (!f->kind && !f->name) return;
    buf_puts(b, " [");
    display_resource(b, f->kind, f->ns, f->name);
    buf_puts(b, "]");
}
