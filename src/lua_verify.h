/* lua_verify.h — the test suite's proof that built-in checks, run on the
 * unfrozen path (plain document tables, libraries and module tables without
 * read-only views: what a scan with only built-in checks uses), change
 * nothing another check sees. Under PLIMSOLL_VERIFY_STATE the engine keeps
 * a deep copy of everything the checks share (the sandbox's base
 * environment with every library, and every module-level upvalue of every
 * check and library) and compares it after each document; it also compares
 * each document's table, made in full, with a fresh conversion of its tree.
 * Custom checks never take this path: they always get read-only views and
 * frozen libraries. Nothing here prints. */
#ifndef PLIMSOLL_LUA_VERIFY_H
#define PLIMSOLL_LUA_VERIFY_H

#include <lua.h>
#include <stddef.h>

/* [-0, +0, m] Keep a deep copy of the value at idx in the registry under key
 * (tables copied, shared tables once, metatables remembered by identity;
 * everything else kept as is). */
void verify_snapshot(lua_State *L, int idx, const char *key);

/* [-0, +1, m] The same copy, pushed; verify_same compares the value at idx
 * with the copy at copyidx (0, or 1 with where). */
void verify_copy(lua_State *L, int idx);
int verify_same(lua_State *L, int idx, int copyidx, char *where, size_t n);

/* [-0, +0, m] Whether the value at idx still equals the copy under key: 0,
 * or 1 with where it differs written to where (the copy is then renewed, so
 * one change is told once). */
int verify_against(lua_State *L, int idx, const char *key, char *where, size_t n);

/* [-0, +0, e] Make every table reachable from idx that lua_doc.c made one
 * level at a time in full. */
void verify_force(lua_State *L, int idx);

/* [-0, +0, m] Whether the values at a and b are equal as data (tables
 * compared member by member, shared structure allowed): 0, or 1 with where. */
int verify_equal(lua_State *L, int a, int b, char *where, size_t n);

#endif
