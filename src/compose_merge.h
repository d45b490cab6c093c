/* compose_merge.h — Compose files judged as `docker compose` runs them.
 *
 * A Compose file is merged, in its own tree, with the files Compose merges
 * it with, when those are part of the scan:
 *   - a base file (compose.yaml, compose.yml, docker-compose.yaml,
 *     docker-compose.yml) with the default override of its folder
 *     (compose.override.yaml, …, docker-compose.override.yml): the override's
 *     values win;
 *   - any other Compose file (compose.override.yaml, docker-compose.prod.yml,
 *     docker-compose.logging.yml) with the base of its folder, for the
 *     services the base defines: the file's own values win;
 *   - `extends:` (a service of the same file, or `file:` + `service:`): the
 *     extending service's values win. Across files one level is followed.
 * Maps merge key by key; lists concatenate, except command, entrypoint and
 * healthcheck.test, which replace. What comes from another file is copied
 * with NODE_FOREIGN and the position of the service it joins; a finding that
 * reaches such a node is the other file's to report (check_report drops it).
 * In a non-base file, a service the base defines is marked NODE_STUB after
 * the merge: what the merged service lacks is the base's to report (once, at
 * the base). A service the base does not define (or with no base in the
 * scan) that has no image, build or extends is a stub too: run alone it
 * cannot start, so what it lacks is not reported. What a stub sets is
 * always judged. `include:` needs nothing: each
 * included file is judged on its own when it is in the scan. */
#ifndef PLIMSOLL_COMPOSE_MERGE_H
#define PLIMSOLL_COMPOSE_MERGE_H

#include "doc.h"
#include "load.h"

/* Is path one of the scan's files? */
typedef int (*compose_in_scan)(const char *path, void *ctx);

/* Merge the Compose document at root of tree t, read from path (as the scan
 * names it), with its partner file and its extends. Reads the partner and
 * extended files itself (at most lim->max_file bytes each, interpolated with
 * their own .env). Positions of t's own nodes never change. */
void compose_merge(tree *t, node_id root, const char *path, compose_in_scan in_scan, void *ctx,
                   const load_limits *lim);

#endif
