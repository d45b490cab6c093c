/* lua_doc.h — turning a document tree into Lua tables for checks, lazily.
 *
 * Maps become tables keyed by string, sequences 1-based arrays, scalars Lua
 * values; a null in a map is left out, in a sequence it is the light userdata
 * `null`. A node reached twice (a YAML alias) becomes one shared table.
 *
 * A table is made with its scalars; the tables of its children are made the
 * first time anything is missing from it (a lookup of an absent key, #,
 * pairs, next, rawget, rawlen), all at once, after which it is an ordinary
 * table. So a check that reads a CustomResourceDefinition's metadata never
 * pays for its schema. Until then the table carries a private key and a
 * shared metatable (`__metatable` false, so no check can see or change it).
 *
 * With views (a state that runs custom checks, or the test suite's
 * verification), every table is handed out as a read-only view (lua_ro.h):
 * writes raise. Without, built-in checks get the tables themselves: they are
 * trusted not to write, and the test suite runs them on views to hold them to
 * it. */
#ifndef PLIMSOLL_LUA_DOC_H
#define PLIMSOLL_LUA_DOC_H

#include <lua.h>

#include "doc.h"

/* [-0, +0, m] Make the conversion machinery of state L (once, before any
 * lua_doc_push): views says whether documents are handed out as views.
 * What it allocates is released with the state. */
void lua_doc_init(lua_State *L, int views);

/* [-0, +1, m] Push the Lua value of node `root` of tree t. Returns the
 * conversion's slot, for lua_doc_release. t must stay alive and unchanged
 * until then. */
long lua_doc_push(lua_State *L, const tree *t, node_id root);

/* [-0, +0, -] The tree of slot is about to go: tables of it not yet made
 * can no longer be (reaching one raises an error instead). */
void lua_doc_release(lua_State *L, long slot);

/* [-0, +0, m] When the table at idx is a document table not made in full
 * yet, make it now (so raw reads and lua_next see everything). */
void lua_doc_force(lua_State *L, int idx);

#endif
