/* check_meta.h — the one place a check's metadata is validated against the
 * closed vocabularies and copied into a C `check`. */
#ifndef PLIMSOLL_CHECK_META_H
#define PLIMSOLL_CHECK_META_H

#include <lua.h>
#include <stddef.h>

#include "check.h"

/* [-0, +0, m] Read the check table at stack index idx (returned by a check
 * file) into *out. Returns 0, or -1 with a message in err naming the field. */
int check_meta_read(lua_State *L, int idx, const char *file, check *out, char *err, size_t errlen);

#endif
