/* report_group.h — the text report's shape (issue 12): risks first, then
 * hardening findings, those of one resource grouped into one entry with one
 * combined fix. Machine formats are not shaped here: they keep one result
 * per check. Both text paths (whole result, streamed) plan with these
 * functions, so they print the same report. */
#ifndef PLIMSOLL_REPORT_GROUP_H
#define PLIMSOLL_REPORT_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "check_load.h"
#include "util.h"

/* Text sections, in the order they are printed. */
enum { SECTION_RISK, SECTION_HARDENING };

/* The section finding f is printed in. */
int report_section(const finding *f, const checkset *set);

/* Plan the text entries of the findings f[0..n) (in report order; show[i]:
 * 0 finding i gets no text entry, 1 it gets one, 2 one of its own: it lists
 * related findings). leader[i] becomes the index of the first finding of i's
 * entry: i itself for an entry of its own, for a risk, for a finding of a
 * cross-document check, for one not shown; for the hardening
 * findings of one resource (same file, document, kind, namespace, name and
 * container), when there are two or more, the first of them. */
void report_group_plan(const finding *f, size_t n, const checkset *set, const unsigned char *show, uint32_t *leader);

/* The text entries of findings f[0..n), planned once for both text paths. */
typedef struct text_plan {
    const finding *f;
    size_t n;
    unsigned char *show;          /* as report_group_plan takes it (owned) */
    uint32_t *leader, *size;      /* size[i]: findings in the entry i starts */
    size_t found[2], entries[2];  /* shown findings and entries per section */
    const finding **members;      /* text_plan_entry's answer */
    size_t cap_members;
} text_plan;

/* Plan the entries of f[0..n); show (n + 1 bytes, xcalloc'd: the plan owns
 * it) says which findings are shown, as report_group_plan takes it. */
void text_plan_make(text_plan *p, const finding *f, size_t n, const checkset *set, unsigned char *show);
/* The findings of the entry finding i starts, into *m: 0 when i starts none
 * (not shown, or a later member of a group), else how many (1: i alone). */
size_t text_plan_entry(text_plan *p, size_t i, const finding *const **m);
void text_plan_free(text_plan *p);

/* The combined fix of a group's findings m[0..n), as text for the report's
 * `fix:` block (several lines, no trailing newline), into out: the
 * structured fixes (finding.fix_json) under the resource's common path as
 * one YAML block to paste, fixes elsewhere as `set PATH: VALUE`, and the
 * remediation text of findings without a structured fix, each once. */
void report_group_fix(buf *out, const finding *const *m, size_t n, const checkset *set);

#endif
