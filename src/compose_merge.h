/* compose_merge.h — Compose files judged as `docker compose` runs them.
 *
 * A Compose file is merged, in its own tree, with the files Compose merges
 * it with:
 *   - `include:` (paths, or `path:` one or a list merged in order, with
 *     `project_directory` and `env_file`): each included file, read with its
 *     own includes, adds its services, volumes, networks, secrets and configs
 *     to the document's (what the document itself defines wins, merged);
 *   - a base file (compose.yaml, compose.yml, docker-compose.yaml,
 *     docker-compose.yml) with the default override of its folder
 *     (compose.override.yaml, …, docker-compose.override.yml) when that is part
 *     of the scan: the override's values win;
 *   - any other Compose file (compose.override.yaml, docker-compose.prod.yml,
 *     docker-compose.logging.yml) with the base of its folder, for the
 *     services the base defines: the file's own values win;
 *   - `extends:` (a service of the same file, or `file:` + `service:`),
 *     followed from file to file up to EXTENDS_DEPTH: the extending
 *     service's values win.
 * Files beside or below are read; one reached with `..` or an absolute path
 * only when it is part of the scan. Includes go INCLUDE_DEPTH deep and never
 * into a file already being included; extends never revisit a service of
 * the chain; at most MAX_FILES files are read for each (an extends file
 * once, however many services name it). What is not followed (missing file, cycle, depth, outside) is a
 * line "FILE:LINE:COL: …" appended to notes (shown by --verbose).
 * Maps merge key by key; lists by the Compose specification's rule for the
 * key (rule_of: replaced, unique by a key such as the container path or the
 * variable name, or appended). What comes from another file is copied
 * with NODE_FOREIGN and the position of the service (or include entry) it
 * joins; a finding that reaches such a node is the other file's to report
 * (check_report drops it); services of included files are not merged
 * further here: their own file judges them.
 * In a non-base file, a service the base defines is marked NODE_PARTIAL after
 * the merge: what the merged service lacks is the base's to report (once, at
 * the base). A service the base does not define (or with no base in the
 * scan) that has no image, build or extends is partial too: run alone it
 * cannot start, so what it lacks is not reported. What a partial service sets is
 * always judged. */
#ifndef PLIMSOLL_COMPOSE_MERGE_H
#define PLIMSOLL_COMPOSE_MERGE_H

#include "doc.h"
#include "load.h"

/* Is path one of the scan's files? */
typedef int (*compose_in_scan)(const char *path, void *ctx);

/* Merge the Compose document at root of tree t, read from path (as the scan
 * names it), with its includes, its partner file and its extends. Reads those
 * files itself (at most lim->max_file bytes each, interpolated with their own
 * .env). Positions of t's own nodes never change. Notes go to notes. */
void compose_merge(tree *t, node_id root, const char *path, compose_in_scan in_scan, void *ctx,
                   const load_limits *lim, buf *notes);

#endif
