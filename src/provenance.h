/* provenance.h — what a compliance report states about the run that made it:
 * the hash of the check set, the scan time (SOURCE_DATE_EPOCH honoured, so two
 * runs on the same input give byte-identical reports), the git commit of the
 * scanned tree and whether it is dirty. Fills a compliance_info; nothing here
 * prints. */
#ifndef PLIMSOLL_PROVENANCE_H
#define PLIMSOLL_PROVENANCE_H

#include "compliance.h"

/* Fill info: checkset_sha256 (every built-in check and library source, each
 * framework catalogue, and the custom check files by content), scan_time,
 * and the git commit/dirty state of the first scanned path (git is run
 * without a shell; no repository or no git gives "" and -1). Other fields
 * are the caller's. */
void provenance_fill(compliance_info *info, const checkset *set, const framework_set *fws,
                     const char *const *paths, size_t n_paths);

/* The scan time: SOURCE_DATE_EPOCH when set (a decimal number of seconds),
 * else now; as "YYYY-MM-DDTHH:MM:SSZ". */
void provenance_time(char out[32]);

#endif
