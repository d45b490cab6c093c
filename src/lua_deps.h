/* lua_deps.h — which libraries a Lua chunk can read, from its source text:
 * the build-time dependency index of the built-in checks (tools/gen_index.c
 * writes it into check_index.h) is made with it, so that a worker state
 * loads only the libraries its checks can reach.
 *
 * A chunk reaches a library only through the global of its name, or
 * through _ENV as a table (the sandbox has no _G, load, getfenv or debug),
 * so every identifier token naming a library, outside comments and strings
 * and not a field or method name (after `.` or `:`), counts, and `_ENV`
 * counts as every library: a superset of what the chunk reads (a local or a
 * table key of the same name counts too, which only loads a library for
 * nothing). Functions of a library reach what that library names: hence the
 * closure over the libraries. */
#ifndef PLIMSOLL_LUA_DEPS_H
#define PLIMSOLL_LUA_DEPS_H

#include <stddef.h>
#include <stdint.h>

/* Bit i set when the Lua source src[0..len) names names[i] (n <= 64) as
 * above. */
uint64_t lua_deps_named(const char *src, size_t len, const char *const *names, size_t n);

/* Close deps (deps[i]: the direct bits of library i, n <= 64) over itself:
 * afterwards deps[i] holds every library that library i reaches. */
void lua_deps_close(uint64_t *deps, size_t n);

/* The libraries reached from direct bits `d`, given closed deps. */
uint64_t lua_deps_reach(uint64_t d, const uint64_t *deps, size_t n);

#endif
