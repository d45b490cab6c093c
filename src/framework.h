/* framework.h — compliance frameworks as versioned data: the catalogues in
 * frameworks/NAME.yaml (embedded into the binary like the checks), read with the
 * project's own YAML loader so every mistake is an error at file:line:col.
 *
 * A catalogue lists every control of one benchmark version: id, title,
 * section, profile, and its assessment — automated (the checks that evidence
 * it, per input: `dockerfile: [check, …]`, `kubernetes: […]`), manual (why a
 * file scan cannot decide it) or needs (the inputs that would decide it, from
 * a closed vocabulary). A control may be automated for some inputs and still
 * list inputs it needs; once plimsoll reads such an input, one line
 * `container: [privileged-container]` makes it automated for it too.
 *
 * The mapping check → control is generated from the catalogues (framework_
 * attach), so a Dockerfile finding never counts as Kubernetes evidence.
 * Nothing here prints. */
#ifndef PLIMSOLL_FRAMEWORK_H
#define PLIMSOLL_FRAMEWORK_H

#include <stddef.h>

#include "check_load.h"
#include "util.h"

/* The checks that evidence a control for one input. */
typedef struct fw_evidence {
    unsigned input;          /* one input bit (check.h) */
    char **checks;           /* check names as written */
    size_t n_checks;
    long *idx;               /* resolved indexes into the check set (framework_resolve), -1 when unknown */
    unsigned line;           /* where the line is in the catalogue */
} fw_evidence;

typedef struct fw_control {
    char *id, *title, *section, *profile;
    char *note;              /* what the automated checks do not cover, or NULL */
    char *manual;            /* manual: the reason a file scan cannot decide it, or NULL */
    char **needs;            /* inputs (fw_need names) that would decide it */
    size_t n_needs;
    fw_evidence *ev;         /* automated, per input (in catalogue order) */
    size_t n_ev;
    unsigned line;
} fw_control;

typedef struct fw_section {
    char *id, *title;
} fw_section;

typedef struct framework {
    char *id;                /* "cis-docker" */
    char *version;           /* "1.6.0" */
    char *title;             /* "CIS Docker Benchmark" */
    char *source;            /* where the control list was confirmed */
    char *file;              /* "frameworks/cis-docker-1.6.0.yaml" */
    char sha256[65];         /* of the catalogue's text */
    char **aliases;          /* other names --compliance accepts */
    size_t n_aliases;
    fw_section *sections;    size_t n_sections;
    fw_control *controls;    size_t n_controls;
} framework;

typedef struct framework_set {
    framework *v;
    size_t n;
} framework_set;

/* One entry of the `needs` vocabulary: inputs plimsoll does not read (yet). */
typedef struct fw_need {
    const char *name, *what;
} fw_need;
extern const fw_need framework_needs[];
extern const size_t framework_n_needs;

/* Load one catalogue from text (file is its name in messages; the text is
 * copied). Appends to set. Returns 0, or -1 with "file:line:col: message". */
int framework_load_text(framework_set *set, const char *file, const char *text, size_t len, char *err, size_t errlen);

/* Load every embedded catalogue (frameworks/NAME.yaml in the binary). Returns
 * 0, or -1 with the first error. */
int framework_load_builtin(framework_set *set, char *err, size_t errlen);
/* The same, always parsing the embedded YAML (what the build-time table of
 * check_index.h is made from, and what its test compares it with). */
int framework_load_parsed(framework_set *set, char *err, size_t errlen);

/* Resolve the check names of every catalogue against the check set: each
 * must name a check, and that check must declare the input it is listed
 * under. Returns 0, or -1 with "file:line: message". Custom checks are
 * never named by built-in catalogues. */
int framework_resolve(framework_set *set, const checkset *checks, char *err, size_t errlen);

/* Fill every built-in check's `controls` from the resolved catalogues (the
 * framework tags of reports: framework id, version, control id, and the
 * inputs for which the check evidences the control). */
void framework_attach(const framework_set *set, checkset *checks);

/* The framework named `name`: its id ("cis-docker"), id-version
 * ("cis-docker-1.6.0"), or a documented alias ("docker-cis", "k8s-cis",
 * "nsa", "pss-baseline"…). NULL when unknown. */
const framework *framework_find(const framework_set *set, const char *name);

/* The section a control belongs to (its own, else the longest section id
 * that prefixes its id), or NULL. */
const fw_section *framework_section_of(const framework *fw, const fw_control *c);

/* Inputs (bits) a control is automated for. */
unsigned framework_control_inputs(const fw_control *c);

/* What a need means ("kubelet" → "a kubelet configuration file"); an input
 * plimsoll reads but the vocabulary does not describe is its own name; NULL
 * for anything else. */
const char *framework_need_what(const char *name);

/* `plimsoll frameworks`: text table (fmt "text") or JSON ("json"). Returns
 * 0, or -1 for an unknown format. */
int framework_list(buf *out, const framework_set *set, const checkset *checks, const char *fmt);

void framework_set_free(framework_set *set);

#endif
