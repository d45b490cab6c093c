/* display.h — how reports name things: a file (relative to the current
 * folder or to the scanned root it was found under) and a resource
 * (`Deployment shop/web`, `service web`, `Dockerfile`). One place, so every
 * report names them alike. Pure functions of their arguments: nothing here
 * prints or keeps state. */
#ifndef PLIMSOLL_DISPLAY_H
#define PLIMSOLL_DISPLAY_H

#include <stddef.h>

#include "check.h"
#include "util.h"

/* The scanned roots (the command-line paths, borrowed), which absolute file
 * names are made relative to. */
typedef struct display_roots {
    const char *const *paths;
    size_t n;
} display_roots;

/* A path for reports: leading "./" removed; an absolute path under the
 * current directory made relative to it, else relative to the scanned root
 * it was found under (a root that is a file gives its name). roots may be
 * NULL. malloc'd. */
char *display_path(const display_roots *roots, const char *path);

/* The one name of a resource, appended to b: the kind, then namespace/name
 * ("Deployment shop/web", "Deployment web", "service web", "Dockerfile").
 * Any of the three may be NULL; nothing is appended when kind and name are. */
void display_resource(buf *b, const char *kind, const char *ns, const char *name);

/* The resource a finding on document d names when its check gives none, as
 * malloc'd kind, namespace and name (each may be NULL): a Kubernetes object
 * or a node document by kind, metadata.namespace and metadata.name (or
 * generateName); "Dockerfile", "Compose", "Image"; a running container as
 * `container web (3f2a9c1b7e4d)` (its name, then its short id); "Docker
 * daemon". */
void display_doc_resource(const doc *d, char **kind, char **ns, char **name);

/* " [<resource>]" after a finding's message, as the text, GitHub, SARIF and
 * GitLab reports print it; nothing when the finding names no resource. */
void display_finding_resource(buf *b, const finding *f);

#endif
