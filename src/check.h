/* check.h — what the C side knows of a check: its validated metadata, the
 * closed vocabularies (severities, inputs, frameworks), and a finding.
 * Filled from the Lua metadata by engine.c (validated in one place,
 * check_meta.c); read by the reporters. */
#ifndef PLIMSOLL_CHECK_H
#define PLIMSOLL_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef enum severity {
    SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_COUNT
} severity;

/* One bit per input format a check may declare. A check handles input X
 * with `check.X(doc, report)` (per document) or `check.X_all(docs, report)`
 * (once over every document of that input). */
enum input_bits {
    IN_KUBERNETES = 1, IN_COMPOSE = 2, IN_DOCKERFILE = 4, IN_IMAGE = 8,
    /* hosts and nodes, collected for an offline audit (docs/host-audit.md) */
    IN_CONTAINER = 16, IN_DAEMON = 32, IN_NODE = 64,
    IN_ARCHIVE = 128,  /* an image in an archive or layout: its config, files and packages */
};
#define N_INPUTS 8

typedef struct control {
    char *framework;   /* "cis-docker", "cis-kubernetes", "nsa-cisa", "pss-baseline", "pss-restricted" */
    char *id;          /* "5.5", "5.2.2", "pod.privileged", … */
    char *version;     /* the catalogue's version ("1.6.0"), or NULL for a custom check's own tag */
    unsigned inputs;   /* inputs for which the check evidences it (input_bits); 0: every input it reads */
} control;

typedef struct check {
    char *id, *name, *title, *description, *remediation;
    char *file;        /* where it came from: "checks/kubernetes/host_pid.lua" */
    severity sev;      /* default severity (config may override) */
    int hardening;     /* class: 1 "hardening" (a safer default not set), 0 "risk" (an explicit danger) */
    unsigned inputs;   /* input_bits */
    char **kinds;      /* Kubernetes kinds it applies to; NULL = all kinds */
    size_t n_kinds;
    unsigned handlers;     /* input_bits with a per-document handler */
    unsigned handlers_all; /* input_bits with a cross-document handler */
    unsigned handlers_facts; /* input_bits whose cross-document handler reads facts (check.<input>_facts) */
    int cross;             /* 1: has a cross-document handler */
    int custom;            /* 1: loaded from a --checks directory (untrusted) */
    int helm_values;       /* 1: also reads Helm chart values files (metadata helm_values = true) */
    control *controls;
    size_t n_controls;
    char **supersedes;     /* names of checks this one supersedes on the same node (related.h) */
    size_t n_supersedes;
} check;

const char *severity_name(severity s);
/* "risk" or "hardening": the class of check c. */
const char *check_class(const check *c);
/* -1 when unknown. */
int severity_parse(const char *s);
const char *input_name(unsigned bit);
unsigned input_parse(const char *s);
/* The bit of input number i (0 ≤ i < N_INPUTS), in the order of input_name. */
unsigned input_bit(int i);
/* The input bit of a document type (0 for DOC_UNKNOWN). */
unsigned input_of_doc(doc_type t);

/* Does check c apply to document d (input and Kubernetes kind)? */
int check_applies(const check *c, const doc *d, const char *k8s_kind);

void check_free_fields(check *c);

/* A finding as the engine produced it; every string owned by the finding.
 * doc (and, for a Dockerfile, instr) say where it came from: set once by
 * finding_attach (finding.h) when it is reported, borrowed from the scan's
 * files, valid until the scan result is freed. */
typedef struct finding {
    uint32_t check;        /* index into the check set */
    severity sev;          /* effective severity */
    const source *src;
    const doc *doc;        /* the document reported on (NULL for findings made outside a scan, and for
                              cross-document findings on facts once their file is freed: see facts.h) */
    unsigned input;        /* the input bit of that document (kept when doc is NULL), or 0 */
    uint32_t origin;       /* that document's origin (doc.h; kept when doc is NULL), or 0 */
    const void *doc_key;   /* identifies that document among those of its file (its address, kept as a
                              key when the document is gone: related.c), or NULL */
    node_id instr;         /* Dockerfile: the instruction it is in, else NODE_NONE */
    uint32_t instr_line, instr_end; /* that instruction's first and last source lines */
    uint32_t line, col;
    char *path;            /* document path the check reported */
    char *kind, *ns, *name;/* resource (may be NULL) */
    char *container;       /* container/service/stage name (may be NULL) */
    char *message;         /* secrets already masked */
    char *remediation;     /* per-finding remediation, or NULL for the check's */
    char *fix_json;        /* JSON array of {path,value} edits, or NULL */
    char *secret;          /* raw secret value to mask wherever the source is shown, or NULL */
    int suppressed;        /* 1 when an ignore matched (kept for auditors) */
    uint32_t related_to;   /* 1 + index of the finding this one is related to (related.h), 0: its own */
    char *suppress_reason, *suppress_source;
    char *line_text;       /* source line `line`, kept when the file is no longer in memory (else NULL) */
} finding;

typedef struct scan_error {
    char *file;
    uint32_t line, col;
    char *message;
    char *line_text;       /* that line of the scanned file `file`, kept when the file is no longer in memory */
    uint32_t text_col;     /* column `col` within line_text (masking moves it), when line_text is set */
} scan_error;

typedef struct results {
    finding *f;     size_t n_f, cap_f;
    scan_error *e;  size_t n_e, cap_e;
} results;

void results_add_error(results *r, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Move everything from src into dst (src left empty). */
void results_merge(results *dst, results *src);
/* Sort findings by file, line, column, check id, path; errors by file, line. */
void results_sort(results *r, const check *checks);
void results_free(results *r);
/* Free the findings of r beyond the first n_f (those of a failed run). */
void results_truncate(results *r, size_t n_f);
void finding_free_fields(finding *f);

/* Mask a secret for display: at most the first 4 characters, then "****".
 * Returns a malloc'd string. */
char *secret_mask(const char *s);
/* A malloc'd copy of text with every occurrence of secret replaced by its mask
 * (a plain copy when secret is NULL or empty). */
char *secret_mask_in(const char *text, const char *secret);
/* The same for a finding's message and remediation: only where the value is
 * the value. Occurrences inside a longer identifier, and the finding's own
 * names (container, resource) written as names, are kept. */
char *secret_mask_value(const char *text, const char *secret, const char *const *names, size_t n_names);

#endif
