/* new_check.h — `plimsoll new-check NAME --input LIST [--dir DIR]`: write a
 * custom check in the v2 shape, DIR/<name_with_underscores>.lua, with one
 * handler per input holding a small working example rule (image references
 * must name a version; an image config must record its version label), and
 * beside it DIR/<name_with_underscores>/pass-<input>.* and fail-<input>.*
 * fixtures on which `plimsoll test-checks DIR` passes as written. Existing
 * files are never replaced; each file is written atomically. Nothing here
 * prints. */
#ifndef PLIMSOLL_NEW_CHECK_H
#define PLIMSOLL_NEW_CHECK_H

#include <stddef.h>

#include "check_load.h"
#include "util.h"

/* Is name a check name new-check accepts (kebab-case: a-z first, then a-z,
 * 0-9 and single dashes, at most 64 characters)? And id ("ABC-123")? */
int new_check_name_ok(const char *name);
int new_check_id_ok(const char *id);

/* The first "ORG-NNN" that no check of set uses, into out. */
void new_check_free_id(const checkset *set, char *out, size_t n);

/* Write the check `name` (id `id`, inputs: input_bits) and its fixtures
 * under dir (created when missing). Every file written is named in log, one
 * "wrote PATH" line each. Returns 0, or -1 with a message in err and nothing
 * written when a file exists already or dir cannot be made; -1 after a
 * partial write says which file failed. */
int new_check_write(const char *dir, const char *name, const char *id, unsigned inputs, buf *log, char *err,
                    size_t errlen);

#endif
