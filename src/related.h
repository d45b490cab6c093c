/* related.h — one root cause, one finding. After suppressions and the
 * configuration have been applied to a sorted result, findings that repeat
 * another are attached to it as related (finding.related_to) instead of being
 * reported on their own:
 *   - a check's `supersedes` metadata: a finding of check A on a node (same
 *     document; one path equal to or inside the other) makes A's superseded
 *     checks' findings there related to it (transitively: the most specific
 *     finding is the one reported);
 *   - the same check at the same file:line:col for another container, service
 *     or resource (a YAML anchor merged into five services): the first one
 *     reported, the others related to it.
 * Only unsuppressed findings become or absorb related ones, so suppressing the
 * primary by name brings the next one back. Related findings stay in the
 * result: compliance evidence, baselines and --write-baseline see them; the
 * reports show them under their primary. */
#ifndef PLIMSOLL_RELATED_H
#define PLIMSOLL_RELATED_H

#include "check.h"
#include "check_load.h"

/* What the checks' `supersedes` metadata says, closed transitively: made
 * once per scan (it is quadratic in the number of checks), read by any
 * thread. */
typedef struct relations relations;
relations *relations_new(const checkset *set);
void relations_free(relations *rel);

/* Set related_to on the findings of r (sorted by results_sort) that repeat
 * another. Returns how many became related. */
size_t results_relate(results *r, const relations *rel);

/* The related findings of each finding: first[i] is 1 + the index of the
 * first finding related to finding i (0: none), next[j] 1 + the next one after
 * finding j. Both arrays are allocated (n_f + 1 entries), freed by the caller. */
void results_related_lists(const results *r, uint32_t **first, uint32_t **next);

/* The related findings of finding i as one line appended to b: each as
 * "SEVERITY NAME", followed by " (LINE:COL)" when it is elsewhere than
 * finding i, or " (CONTAINER)" for another container at the same place;
 * entries separated by ", ". Nothing when it has none. first and next come
 * from results_related_lists. Returns how many. */
size_t related_describe(buf *b, const results *r, const checkset *set, const uint32_t *first, const uint32_t *next,
                        size_t i);

#endif
