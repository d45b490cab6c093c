/* lua_guard.c — counting allocator, instruction-count hook and deadline of a
 * Lua state (see lua_guard.h). The clock is read at most once per hook tick
 * (every HOOK_EVERY VM instructions), once per charge and once per
 * CLOCK_EVERY_BYTES allocated, so a run stuck in one long C call (a huge
 * string.rep, a concatenation loop) is still stopped. */
#include "lua_guard.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define HOOK_EVERY 1000
#define CLOCK_EVERY_BYTES (4u << 20)
#define ERROR_HEADROOM (1u << 20)   /* lets a stopped run build its error message */
#define STOPPED_ALLOC_MAX (64u << 10)

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void stop(lua_guard *g, guard_stop why)
{
    if (g->stop != GUARD_OK) return;
    g->stop = why;
    g->mem_limit += ERROR_HEADROOM;
}

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    lua_guard *g = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        g->mem -= old;
        return NULL;
    }
    if (g->active && nsize > old) {
        /* a stopped run may only build its error message */
        if (g->stop != GUARD_OK && nsize - old > STOPPED_ALLOC_MAX) return NULL;
        if (g->mem + (nsize - old) > g->mem_limit) {
            stop(g, GUARD_MEMORY);
            return NULL;
        }
        g->alloc_since_clock += nsize - old;
        if (g->alloc_since_clock > CLOCK_EVERY_BYTES) {
            g->alloc_since_clock = 0;
            if (g->stop == GUARD_OK && now_ns() > g->deadline_ns) {
                stop(g, GUARD_TIME);
                return NULL;
            }
        }
    }
    void *p = realloc(ptr, nsize);
    if (!p) return NULL;
    g->mem = g->mem - old + nsize;
    return p;
}

/* [-0, +0, e] Raise when a limit is exceeded (and forever after). */
static void enforce(lua_State *L, lua_guard *g)
{
    if (g->stop == GUARD_OK) {
        if (g->ticks > g->budget) stop(g, GUARD_BUDGET);
        else if (now_ns() > g->deadline_ns) stop(g, GUARD_TIME);
    }
    if (g->stop != GUARD_OK) {
        char msg[160];
        luaL_error(L, "%s", guard_describe(g, msg, sizeof msg));
    }
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lua_guard *g = guard_of(L);
    if (!g->active) return;
    g->ticks += HOOK_EVERY;
    enforce(L, g);
}

lua_State *guard_newstate(lua_guard *g)
{
    lua_State *L = lua_newstate(l_alloc, g);
    if (!L) return NULL;
    *(lua_guard **)lua_getextraspace(L) = g;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    return L;
}

void guard_begin(lua_guard *g)
{
    g->ticks = 0;
    g->stop = GUARD_OK;
    g->alloc_since_clock = 0;
    g->deadline_ns = now_ns() + g->timeout_ns;
    g->mem_limit = g->mem + g->mem_cap;
    g->active = 1;
}

void guard_end(lua_guard *g) { g->active = 0; }

void guard_charge(lua_State *L, uint64_t n)
{
    lua_guard *g = guard_of(L);
    if (!g->active) return;
    g->ticks += n;
    enforce(L, g);
}

void guard_reraise_if_fatal(lua_State *L)
{
    lua_guard *g = guard_of(L);
    if (g->active && g->stop != GUARD_OK) lua_error(L);
}

const char *guard_describe(const lua_guard *g, char *buf, size_t n)
{
    switch (g->stop) {
    case GUARD_BUDGET:
        snprintf(buf, n, "exceeded its instruction budget of %llu (endless loop?)", (unsigned long long)g->budget);
        return buf;
    case GUARD_TIME:
        snprintf(buf, n, "exceeded its time limit of %llu ms", (unsigned long long)(g->timeout_ns / 1000000u));
        return buf;
    case GUARD_MEMORY:
        snprintf(buf, n, "exceeded its memory cap of %zu MiB", g->mem_cap >> 20);
        return buf;
    default: return NULL;
    }
}
