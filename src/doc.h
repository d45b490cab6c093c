/* doc.h — the one tree every loader fills and every check reads.
 *
 * A source is one input file (its text and a line-start table). A tree is the
 * arena that holds the nodes, child lists and strings parsed from one source;
 * it is freed in one call. A doc is one scannable document inside a tree: a YAML
 * document, one item of a Kubernetes List, a Dockerfile, or one image config.
 * Several docs may share a tree (List items, a docker-inspect array).
 *
 * Nodes are addressed by index (node_id, 0 = none). Containers keep their
 * children contiguously in tree->kids; a map child carries its key and the key's
 * position, so one node may appear under several parents (YAML aliases are
 * shared, never copied). Every position is 1-based line and column, the column
 * counted in characters. This header must not depend on any parser library. */
#ifndef PLIMSOLL_DOC_H
#define PLIMSOLL_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef uint32_t node_id;
#define NODE_NONE 0u

typedef enum node_kind {
    N_NULL, N_BOOL, N_INT, N_FLOAT, N_STR, N_MAP, N_SEQ
} node_kind;

enum node_flags {
    NODE_QUOTED = 1,     /* scalar was quoted ('…' or "…"): always a string; col is the quote's */
    NODE_BLOCK = 2,      /* block scalar (| or >): always a string; col is the indicator's */
    NODE_SHARED = 4,     /* container reached from more than one parent (set by tree_finish) */
    NODE_INTERPOLATED = 8, /* scalar text replaced by Compose interpolation: offsets into it are not source columns */
    NODE_FOREIGN = 16,   /* copied from another file by a Compose merge (compose_merge.h): not this file's to report */
    NODE_PARTIAL = 32,      /* a Compose service that only overrides a base not in the scan (compose_merge.h) */
};

typedef struct node {
    uint8_t kind;        /* node_kind */
    uint8_t flags;       /* node_flags */
    uint16_t nseg;       /* number of text segments (see seg) */
    uint32_t line, col;  /* start of the node (for maps: the first key) */
    uint32_t str, len;   /* scalars: text at tree->strs + str (NUL-terminated) */
    uint32_t kids, n;    /* containers: children at tree->kids[kids .. kids+n) */
    uint32_t seg;        /* text spread over lines: first segment + 1, else 0 */
    union {
        int64_t i;       /* N_INT, N_BOOL (0/1) */
        double f;        /* N_FLOAT */
    } v;
} node;

/* A child of a map or sequence. Sequence children have key_len 0, key 0. */
typedef struct kid {
    uint32_t key, key_len;      /* map key text in tree->strs */
    uint32_t key_line, key_col; /* position of the key */
    node_id val;
} kid;

/* A text segment: the scalar's characters from byte offset `off` on start at
 * line/col in the source (used for Dockerfile continuations and multi-line
 * YAML scalars). A scalar's segments are consecutive: tree->segs[seg-1 ..
 * seg-1+nseg), in increasing `off`. */
typedef struct seg {
    uint32_t off, line, col;
} seg;

/* A `# Source: chart/templates/x.yaml` comment in a rendered stream (helm
 * template, kustomize build): the template the documents after it came from. */
typedef struct source_origin {
    uint32_t line;       /* the comment's line in the stream */
    char *name;          /* the template's path as written */
} source_origin;

typedef struct source {
    char *path;          /* as given on the command line ("-" → "<stdin>" or --stdin-filename) */
    char *repo_path;     /* relative to the repository root (git top level or --root), for CI
                          * reports and fingerprints; NULL: outside any repository */
    char *text;          /* whole file, NUL-terminated, BOM removed */
    size_t len;
    uint32_t *line_start;/* byte offset of each line start; [0] = 0 (lines end at LF, CR LF or a lone CR) */
    uint32_t n_lines;
    source_origin *origins; /* `# Source:` comments of a stream read from stdin, in line order */
    uint32_t n_origins;
    struct mask_set *mask;/* every secret the scan found in this file (mask.h), or NULL; set once by scan_run */
} source;

typedef struct tree {
    node *nodes;  size_t n_nodes, cap_nodes;   /* nodes[0] is the unused "none" */
    kid *kids;    size_t n_kids, cap_kids;
    char *strs;   size_t n_strs, cap_strs;
    seg *segs;    size_t n_segs, cap_segs;
    int has_shared;      /* some node has NODE_SHARED (set by tree_finish) */
} tree;

typedef enum doc_type {
    DOC_UNKNOWN, DOC_KUBERNETES, DOC_COMPOSE, DOC_DOCKERFILE, DOC_IMAGE,
    DOC_CONTAINER,   /* one container of `docker container inspect` / `podman container inspect` */
    DOC_DAEMON,      /* Docker daemon configuration (daemon.json) */
    DOC_NODE,        /* control-plane static pod, Kubelet/KubeProxy/EncryptionConfiguration */
    DOC_ARCHIVE,     /* one image of an image archive or layout (image_view.h) */
} doc_type;

typedef struct doc {
    source *src;
    tree *t;
    node_id root;
    doc_type type;
    uint32_t index;      /* nth document of the file (0-based), List items count on */
    uint32_t line;       /* where the document starts (for file-level findings) */
    uint32_t origin;     /* 1 + index into src->origins of its `# Source:` comment; 0: none */
    uint8_t context;     /* 1: read only as context for cross-document checks (never reported on) */
    uint8_t helm_values; /* 1: a Helm chart's values file (type DOC_KUBERNETES, no kind), given only to
                          * checks with helm_values = true */
} doc;

/* ---- sources ---- */
/* Take ownership of text (malloc'd, NUL-terminated, len bytes); strips a UTF-8
 * BOM and builds the line table. */
source *source_new_owned(const char *path, char *text, size_t len);
void source_free(source *s);
/* Line text without its end of line (CR LF, LF or CR); *n set to its length. */
const char *source_line(const source *s, uint32_t line, size_t *n);
/* Record the `# Source: NAME` comments of s (helm template and kustomize
 * build output) and set the origin of each of docs[0..n) to the comment that
 * precedes it with no `---` between them. */
void source_set_origins(source *s, doc *docs, size_t n);
/* 1-based line and character column of a byte offset. */
void source_position(const source *s, size_t off, uint32_t *line, uint32_t *col);

/* ---- trees ---- */
tree *tree_new(void);
void tree_free(tree *t);
/* Append a string (copied, NUL added); returns its offset. */
uint32_t tree_str(tree *t, const char *s, size_t n);
/* New node of a kind at a position; returns its id. Pointers into t->nodes are
 * invalidated by the next tree_node call. */
node_id tree_node(tree *t, node_kind k, uint32_t line, uint32_t col);
node_id tree_scalar(tree *t, node_kind k, const char *s, size_t n, uint32_t line, uint32_t col);
/* Store children (copied) of container id; call once per container. */
void tree_set_kids(tree *t, node_id id, const kid *kids, size_t n);
uint32_t tree_add_seg(tree *t, uint32_t off, uint32_t line, uint32_t col);
/* After loading: flag containers that appear as a child more than once
 * (NODE_SHARED), so consumers know where aliases made the tree a DAG. */
void tree_finish(tree *t);

static inline node *tree_get(const tree *t, node_id id) { return &t->nodes[id]; }
static inline const char *tree_text(const tree *t, uint32_t off) { return t->strs + off; }

/* Member `key` of map id (the last one when a key repeats), or NODE_NONE. The
 * optional *k receives the kid (for the key's position). */
node_id tree_member(const tree *t, node_id map, const char *key, const kid **k);
/* Scalar text of member `key` when it is a string, else NULL. */
const char *tree_member_str(const tree *t, node_id map, const char *key);

/* Resolve a check's path ("spec.containers[0].image", "metadata.labels[\"app\"]")
 * from root. Walks as deep as the path exists and returns the position of the
 * deepest node reached (a missing field points at the object that lacks it);
 * the position of a map member is its key's. Returns 1 when the whole path
 * exists, 0 when it stopped early. `offset` (bytes into the final scalar's text)
 * refines the column when >= 0. */
int tree_locate(const tree *t, node_id root, const char *path, long offset,
                uint32_t *line, uint32_t *col);
/* tree_locate, and what the walk met: *foreign = 1 when the path reaches a
 * NODE_FOREIGN node (it stops before it); *partial = 1 when the path ends at a
 * NODE_PARTIAL node, or stops early below one (it names what the partial document lacks). */
int tree_locate_ex(const tree *t, node_id root, const char *path, long offset,
                   uint32_t *line, uint32_t *col, int *foreign, int *partial);

/* ---- growable list of docs ---- */
typedef struct doclist {
    doc *v;
    size_t n, cap;
} doclist;
doc *doclist_add(doclist *l, source *src, tree *t, node_id root, doc_type type);

/* Pointers to documents owned elsewhere (the cross-document phase sees every
 * scanned file's docs through one of these). */
typedef struct doc_refs {
    const doc *const *v;
    size_t n;
} doc_refs;

#endif
