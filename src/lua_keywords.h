/* lua_keywords.h — many-keyword search for checks, in C: one pass over a
 * string finds which lists of keywords have a keyword in it (the pre-filter
 * of checks/lib/secrets.lua's rules, which once ran a `string.find` per
 * keyword over the whole text). */
#ifndef PLIMSOLL_LUA_KEYWORDS_H
#define PLIMSOLL_LUA_KEYWORDS_H

#include <lua.h>

/* [-0, +0, m] Add to the table at idx (the `plimsoll` library):
 *   keywords(lists) → a matcher (read-only userdata) of lists of strings;
 *   matcher:hits(s) → { i, … }: the 1-based indexes, ascending, of the lists
 *       with a keyword that occurs in s, ASCII letters compared without case
 *       (an empty keyword occurs in every string).
 * Both charge their work to the run's budget; all memory is the state's. */
void lua_keywords_register(lua_State *L, int idx);

#endif
