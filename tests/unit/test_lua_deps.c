/* test_lua_deps.c — the libraries a Lua chunk names (lua_deps.h): globals
 * count, field and method names, comments, strings and numbers do not;
 * _ENV counts as every library; the closure follows libraries through each
 * other. */
#include "lua_deps.h"
#include "unit.h"

static const char *const names[] = {"k8s", "shell", "env", "eol"};
#define N 4

static uint64_t named(const char *src) { return lua_deps_named(src, strlen(src), names, N); }

static void test_tokens(void)
{
    CHECK_INT(named("return k8s.containers(doc)"), 1);
    CHECK_INT(named("local x = doc.k8s; y = obj:shell(); z = t.env"), 0);     /* fields and methods */
    CHECK_INT(named("local a = 'k8s' .. \"shell\" .. [[env]] .. [==[eol]==]"), 0); /* strings */
    CHECK_INT(named("-- k8s\n--[[ shell\n env ]] --[=[ eol ]=] x = 1"), 0);      /* comments */
    CHECK_INT(named("x = 'it\\'s k8s' .. shell"), 2);                           /* escaped quote */
    CHECK_INT(named("x = 'a' .. k8s.f() .. env"), 1 | 4);                       /* `..` is no field */
    CHECK_INT(named("f(...) ; x = y ..shell"), 2);
    CHECK_INT(named("goto k ::k8s:: x = a . env"), 1);     /* a label of the name counts (harmless); a spaced field does not */
    CHECK_INT(named("x = 0x1e + 1e-5 + .5 + 3 - eol"), 8);                      /* numbers end where they end */
    CHECK_INT(named("x = 0xep-1-shell"), 2);
    CHECK_INT(named("local k8s2, shell_x, envy = 1"), 0);                      /* whole identifiers only */
    CHECK_INT(named("local k8s = 1"), 1);                                       /* a local of the name counts */
    CHECK_INT(named("x = _ENV"), 15);                                           /* the globals as a table */
    CHECK_INT(named("x = t._ENV"), 0);
    CHECK_INT(named("x = [=[ ]] k8s ]=] .. eol"), 8);                           /* long bracket levels */
    CHECK_INT(named("x = 'unterminated\nshell"), 2);
    CHECK_INT(named("--[[ never closed k8s"), 0);
}

static void test_closure(void)
{
    /* k8s names env, env names eol, shell names itself */
    uint64_t deps[N] = {4, 2, 8, 0};
    lua_deps_close(deps, N);
    CHECK_INT(deps[0], 4 | 8);
    CHECK_INT(deps[1], 2);
    CHECK_INT(deps[2], 8);
    CHECK_INT(deps[3], 0);
    CHECK_INT(lua_deps_reach(1, deps, N), 1 | 4 | 8);
    CHECK_INT(lua_deps_reach(2, deps, N), 2);
    CHECK_INT(lua_deps_reach(0, deps, N), 0);
    uint64_t cycle[2] = {2, 1};
    lua_deps_close(cycle, 2);
    CHECK_INT(cycle[0], 3);
    CHECK_INT(cycle[1], 3);
}

int main(void)
{
    RUN(test_tokens);
    RUN(test_closure);
    return unit_done("lua_deps");
}
