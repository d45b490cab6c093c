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

char *display_repo_path(const display_roots *roots, const source *src)
{
    if (!src) return xstrdup("");
    if (src->repo_path) return xstrdup(src->repo_path);
    char *rel = display_path(roots, src->path);
    if (strncmp(rel, "../", 3) != 0 && strcmp(rel, "..") != 0) return rel;
    /* outside the current folder and any repository: the absolute path */
    char cwd[4096];
    buf b = {0};
    if (getcwd(cwd, sizeof cwd)) buf_printf(&b, "%s/%s", cwd, rel);
    else buf_puts(&b, rel);
    free(rel);
    /* fold "x/.." pairs */
    char *out = b.s, *w = b.s;
    for (const char *p = b.s; *p;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t n = (size_t)(e - p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (w > out && *--w != '/') {}
        } else if (n && !(n == 1 && p[0] == '.')) {
            *w++ = '/';
            memmove(w, p, n);
            w += n;
        }
        p = e;
    }
    *w = 0;
    char *res = xstrdup(out[0] == '/' ? out + 1 : out);
    buf_free(&b);
    return res;
}

void display_finding_loc(const display_roots *roots, const finding *f, int repo, display_loc *out)
{
    memset(out, 0, sizeof *out);
    out->line = f->line;
    out->col = f->col;
    const source *src = f->src;
    uint32_t origin = f->doc ? f->doc->origin : f->origin; /* a finding on facts keeps its document's */
    if (src && origin && origin <= src->n_origins) {
        const source_origin *o = &src->origins[origin - 1];
        out->file = xstrdup(o->name);
        out->stream = src->path;
        out->stream_line = f->line;
        out->stream_col = f->col;
        out->line = f->line > o->line ? f->line - o->line : 1;
        return;
    }
    out->file = repo ? display_repo_path(roots, src) : xstrdup(src ? src->path : "");
}

void display_loc_free(display_loc *l)
{
    free(l->file);
    l->file = NULL;
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
    case DOC_ARCHIVE: /* the image, by the name the archive gives it */
        *kind = xstrdup("image");
        *name = member_dup(d, "image", "name");
        return;
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
