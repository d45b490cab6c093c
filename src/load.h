/* load.h — one entry point per input format. Each loader appends the documents
 * it finds in `src` to `out`, building their nodes in tree `t` (which the caller
 * owns and frees after the docs). Loaders never print: on malformed input they
 * fill `err` (first error wins, with line and column), keep every document
 * loaded before the error, and return -1. They return 0 on success. */
#ifndef PLIMSOLL_LOAD_H
#define PLIMSOLL_LOAD_H

#include "doc.h"

typedef struct load_limits {
    uint32_t max_depth;        /* nesting depth of maps/sequences (default 256) */
    uint64_t max_expansion;    /* nodes reachable through aliases, per document (default 1,000,000) */
    size_t max_file;           /* bytes of one input file (default 256 MiB; --max-file-size); 0: default */
} load_limits;

#define LOAD_LIMITS_DEFAULT ((load_limits){256, 1000000, READ_MAX_DEFAULT})

/* YAML 1.2-style stream (JSON included): one doc per document, type DOC_UNKNOWN
 * (the caller classifies). Anchors/aliases are shared nodes; merge keys (<<)
 * are applied; scalars are typed (null, bool, int, float, string; quoted and
 * block scalars stay strings). */
int load_yaml(source *src, tree *t, doclist *out, const load_limits *lim, perr *err);
/* The YAML 1.2 core-schema kind of a plain scalar s[0..n) (NUL-terminated):
 * N_NULL, N_BOOL or N_INT (value in *i), N_FLOAT (*f), else N_STR. */
node_kind yaml_plain_kind(const char *s, size_t n, int64_t *i, double *f);

/* Dockerfile: exactly one doc of type DOC_DOCKERFILE (see docs/architecture.md
 * for its shape). */
int load_dockerfile(source *src, tree *t, doclist *out, perr *err);

#endif
