/* pkgdb_lang.c — language packages (see image.h): Python core metadata
 * (*.dist-info/METADATA, *.egg-info/PKG-INFO: "Name:", "Version:",
 * "License:" headers), npm package.json ("name", "version", "license"), the
 * module lines of a Go executable's build info ("mod"/"dep" path version,
 * "=>" replacing the line before) and Maven pom.properties (groupId,
 * artifactId, version). Untrusted input, every read bounded. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

static pkg *new_pkg(pkg_list *out, const char *type)
{
    GROW(out->v, out->cap, out->n + 1);
    pkg *p = &out->v[out->n++];
    memset(p, 0, sizeof *p);
    p->type = xstrdup(type);
    return p;
}

static char *dup_trim(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return xstrndup(s, n);
}

void pkgdb_python(const char *text, size_t len, pkg_list *out)
{
    char *name = NULL, *version = NULL, *license = NULL, *expr = NULL;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        size_t n = (size_t)(nl - p);
        if (n == 0 || (n == 1 && *p == '\r')) break; /* the headers end; the description follows */
        const char *colon = memchr(p, ':', n);
        if (colon && p[0] != ' ') {
            size_t kl = (size_t)(colon - p);
            char **f = NULL;
            if (kl == 4 && strncmp(p, "Name", 4) == 0) f = &name;
            else if (kl == 7 && strncmp(p, "Version", 7) == 0) f = &version;
            else if (kl == 7 && strncmp(p, "License", 7) == 0) f = &license;
            else if (kl == 18 && strncmp(p, "License-Expression", 18) == 0) f = &expr;
            if (f && !*f) *f = dup_trim(colon + 1, (size_t)(nl - colon - 1));
        }
        p = nl + 1;
    }
    if (name && version && *name && *version) {
        pkg *k = new_pkg(out, "pypi");
        k->name = name;
        k->version = version;
        if (expr) {
            k->license = expr;
            expr = NULL;
        } else if (license && *license && strcmp(license, "UNKNOWN") != 0 && strlen(license) < 200) {
            k->license = license;
            license = NULL;
        }
        name = version = NULL;
    }
    free(name);
    free(version);
    free(license);
    free(expr);
}

void pkgdb_npm(const char *text, size_t len, pkg_list *out)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    json_t *n = json_object_get(j, "name"), *v = json_object_get(j, "version"), *l = json_object_get(j, "license");
    if (json_is_string(n) && json_is_string(v) && json_string_length(n) && json_string_length(v)) {
        pkg *k = new_pkg(out, "npm");
        const char *name = json_string_value(n);
        const char *slash = name[0] == '@' ? strchr(name, '/') : NULL;
        if (slash) {
            k->namespace = xstrndup(name, (size_t)(slash - name));
            k->name = xstrdup(slash + 1);
        } else {
            k->name = xstrdup(name);
        }
        k->version = xstrdup(json_string_value(v));
        if (json_is_object(l)) l = json_object_get(l, "type");
        if (json_is_string(l) && json_string_length(l) < 200) k->license = xstrdup(json_string_value(l));
    }
    json_decref(j);
}

/* A module path as purl namespace/name: the last component is the name. */
static void go_module(pkg_list *out, const char *path, size_t pl, const char *ver, size_t vl)
{
    if (!pl || !vl) return;
    pkg *k = new_pkg(out, "golang");
    char *full = xstrndup(path, pl);
    char *slash = strrchr(full, '/');
    if (slash) {
        k->namespace = xstrndup(full, (size_t)(slash - full));
        k->name = xstrdup(slash + 1);
        free(full);
    } else {
        k->name = full;
    }
    k->version = xstrndup(ver, vl);
}

void pkgdb_go(const char *blob, size_t len, pkg_list *out)
{
    const char *p = blob, *end = blob + len;
    const char *nl = memchr(p, '\n', len);
    if (!nl) return;
    /* the toolchain: its standard library is a module of its own for vulnerability feeds */
    if (nl - p > 2 && strncmp(p, "go", 2) == 0) {
        pkg *k = new_pkg(out, "golang");
        k->name = xstrdup("stdlib");
        k->version = xstrndup(p, (size_t)(nl - p));
    }
    p = nl + 1;
    while (p < end) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) nl = end;
        const char *f[4] = {0};
        size_t fl[4] = {0};
        int nf = 0;
        for (const char *q = p; q < nl && nf < 4;) {
            const char *tab = memchr(q, '\t', (size_t)(nl - q));
            if (!tab) tab = nl;
            f[nf] = q;
            fl[nf++] = (size_t)(tab - q);
            q = tab + 1;
        }
        if (nf >= 3 && ((fl[0] == 3 && strncmp(f[0], "mod", 3) == 0) || (fl[0] == 3 && strncmp(f[0], "dep", 3) == 0))) {
            go_module(out, f[1], fl[1], f[2], fl[2]);
        } else if (nf >= 3 && fl[0] == 2 && strncmp(f[0], "=>", 2) == 0 && out->n) {
            /* a replacement of the module just listed */
            pkg_free_fields(&out->v[--out->n]);
            go_module(out, f[1], fl[1], f[2], fl[2]);
        }
        p = nl + 1;
    }
}

void pkgdb_maven(const char *text, size_t len, pkg_list *out)
{
    /* "\1path\n" then the properties, for each pom.properties of the archive */
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *next = memchr(p + 1, '\1', (size_t)(end - p - 1));
        if (!next) next = end;
        char *g = NULL, *a = NULL, *v = NULL;
        for (const char *q = p; q < next;) {
            const char *nl = memchr(q, '\n', (size_t)(next - q));
            if (!nl) nl = next;
            const char *eq = memchr(q, '=', (size_t)(nl - q));
            if (eq && *q != '#') {
                size_t kl = (size_t)(eq - q);
                char **f = kl == 7 && strncmp(q, "groupId", 7) == 0      ? &g
                           : kl == 10 && strncmp(q, "artifactId", 10) == 0 ? &a
                           : kl == 7 && strncmp(q, "version", 7) == 0      ? &v
                                                                           : NULL;
                if (f && !*f) *f = dup_trim(eq + 1, (size_t)(nl - eq - 1));
            }
            q = nl + 1;
        }
        if (g && a && v && *g && *a && *v) {
            pkg *k = new_pkg(out, "maven");
            k->namespace = g;
            k->name = a;
            k->version = v;
        } else {
            free(g);
            free(a);
            free(v);
        }
        p = next;
    }
}
