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

/* A file as CI reports and fingerprints name it (SARIF, GitHub, GitLab,
 * JUnit, baselines): relative to its repository root (src->repo_path: the git
 * top level, or --root), else display_path; never starting with "../" (a file
 * outside both is named by its absolute path without the leading "/").
 * malloc'd. */
char *display_repo_path(const display_roots *roots, const source *src);

/* Where reports place a finding. A document of a rendered stream read from
 * stdin (helm template, kustomize build) that follows a `# Source:
 * chart/templates/x.yaml` comment is placed in that template: `file` is the
 * name in the comment, `line` counts from the line after the comment, and
 * `stream`/`stream_line`/`stream_col` keep the position in the stream. */
typedef struct display_loc {
    char *file;               /* malloc'd */
    uint32_t line, col;
    const char *stream;       /* the stream's name when attributed to a template, else NULL */
    uint32_t stream_line, stream_col;
} display_loc;

/* The location of f: in CI form (repo = 1: display_repo_path) or as the text
 * and JSON reports name files (repo = 0: the path as given). Free with
 * display_loc_free. */
void display_finding_loc(const display_roots *roots, const finding *f, int repo, display_loc *out);
void display_loc_free(display_loc *l);

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
