/* lua_doc.h — turning a document tree into read-only Lua tables for checks
 * (every table is a view, lua_ro.h: writes raise).
 * Maps become tables keyed by string, sequences 1-based arrays, scalars Lua
 * values; a null in a map is left out, in a sequence it is the light userdata
 * `null`. A node reached twice (a YAML alias) becomes one shared table. */
#ifndef PLIMSOLL_LUA_DOC_H
#define PLIMSOLL_LUA_DOC_H

#include <lua.h>

#include "doc.h"

/* [-0, +1, m] Push the Lua value of node `root` of tree t. */
void lua_doc_push(lua_State *L, const tree *t, node_id root);

#endif
