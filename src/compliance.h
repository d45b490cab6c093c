/* compliance.h — per-control results of a scan for one or more frameworks:
 * a pure function of the scan result, the check selection and the
 * catalogues (framework.h). Every control gets a status:
 *
 *   PASS            evaluated: resources of its scope were scanned, none fails
 *   FAIL            some resource has an unsuppressed finding of its checks
 *   EXCEPTION       every failure is suppressed (reason, source, expiry kept)
 *   MANUAL          a file scan cannot decide it (the catalogue says why)
 *   NOT-APPLICABLE  no input of its scope was scanned (or only inputs plimsoll
 *                   does not read would decide it), said so in `reason`
 *   NOT-RUN         its checks were turned off for this scan (--only, --skip,
 *                   configuration), so nothing can be claimed
 *
 * Scores: 100 × (PASS + EXCEPTION) / (PASS + EXCEPTION + FAIL), per section
 * (a section counts its subsections' controls) and overall; no score when no
 * control was evaluated. Nothing here prints or reads files. */
#ifndef PLIMSOLL_COMPLIANCE_H
#define PLIMSOLL_COMPLIANCE_H

#include "config.h"
#include "framework.h"
#include "scan.h"

typedef enum cstatus {
    CS_PASS, CS_FAIL, CS_EXCEPTION, CS_MANUAL, CS_NOT_APPLICABLE, CS_NOT_RUN, CS_COUNT
} cstatus;

const char *cstatus_name(cstatus s);   /* "PASS", "NOT-APPLICABLE", … */

/* One value a finding is about: at `path`, `actual` (masked; NULL when the
 * field is not set) and, when the check knows its fix, `expected` (JSON). */
typedef struct c_value {
    char *path, *actual, *expected;
} c_value;

/* One finding as evidence of a control. */
typedef struct c_evidence {
    const finding *f;
    const check *c;
    size_t resource;         /* index into the control's resources */
    c_value *values;  size_t n_values;
    char expires[11];        /* a config ignore's expiry, "" when none */
} c_evidence;

/* One evaluated resource: a scanned document of the control's scope. */
typedef struct c_resource {
    const doc *d;
    char *part;              /* Compose: the service; else NULL (the whole document) */
    uint32_t line;           /* where it starts */
    unsigned input;
    char *name;              /* "Deployment shop/web", "Dockerfile", "service api", "image config" */
    char *file;              /* as reports name files */
    int failed, excepted;
} c_resource;

typedef struct c_control {
    const fw_control *ctl;
    const fw_section *sec;
    cstatus status;
    char *reason;            /* for MANUAL, NOT-APPLICABLE, NOT-RUN; else NULL */
    unsigned inputs;         /* inputs it is automated for */
    unsigned scanned;        /* of those, the ones with evaluated resources */
    c_resource *res;  size_t n_res;
    size_t n_failed, n_excepted;
    c_evidence *ev;   size_t n_ev;
    char **not_run;   size_t n_not_run;   /* checks of its scope that did not run */
} c_control;

typedef struct c_score {
    size_t counts[CS_COUNT];
    int has_score;
    double score;            /* 0..100, rounded to one decimal */
} c_score;

typedef struct c_section {
    const fw_section *sec;
    c_score score;
} c_section;

typedef struct c_framework {
    const framework *fw;
    c_control *controls; size_t n_controls;
    c_section *sections; size_t n_sections;
    c_score total;
} c_framework;

/* Provenance: what every compliance report states about the run. */
typedef struct compliance_info {
    const char *tool_version;
    char checkset_sha256[65];
    char scan_time[32];      /* "2026-11-25T10:00:00Z" (SOURCE_DATE_EPOCH when set) */
    const char *const *paths; size_t n_paths;
    char git_commit[48];     /* "" when not scanning inside a git work tree */
    int git_dirty;           /* 1 dirty, 0 clean, -1 unknown / no repository */
    const char *config;      /* configuration file used, or NULL */
    const char *baseline;    /* baseline file used, or NULL */
    double threshold;        /* --compliance-threshold, < 0 when not given */
} compliance_info;

typedef struct compliance {
    c_framework *v; size_t n;
    compliance_info info;
} compliance;

/* Evaluate frameworks fws[0..n) over a finished, sorted, suppressed scan.
 * enabled[i]: check i ran. cfg (may be NULL) gives the expiry of config
 * ignores. All strings are copied or owned; r and set must outlive out. */
void compliance_evaluate(const framework *const *fws, size_t n, const scan_result *r, const checkset *set,
                         const unsigned char *enabled, const config *cfg, compliance *out);

/* The formula every report states. */
extern const char compliance_formula[];

/* 1 when a framework's overall score is below threshold (or it has none). */
int compliance_below(const compliance *c, double threshold);

void compliance_free(compliance *c);

#endif
