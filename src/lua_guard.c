/* lua_guard.c — counting allocator, instruction-count hook, deadline and
 * watchdog of a Lua state (see lua_guard.h). The clock is read at most once
 * per hook tick (every HOOK_EVERY VM instructions), once per charge and once
 * per CLOCK_EVERY_BYTES allocated, so a run stuck in one long C call (a huge
 * string.rep, a concatenation loop) is still stopped. */
#define _GNU_SOURCE /* pthread_sigqueue */
#include "lua_guard.h"

#include <errno.h>
#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define HOOK_EVERY 1000
#define CLOCK_EVERY_BYTES (4u << 20)
#define ERROR_HEADROOM (1u << 20)   /* lets a stopped run build its error message */
#define STOPPED_ALLOC_MAX (64u << 10)
#define WATCH_AFTER_MS 5            /* a run older than this gets the count hook */
/* A budget smaller than what a run executes in WATCH_AFTER_MS is counted
 * from the run's first instruction: the lazy hook could not honour it, and
 * the stop must come at the same instruction on every run (a loaded machine
 * arms the watchdog later). */
#define COUNT_FROM_START_BELOW 2000000u
#define WATCH_SIGNAL (SIGRTMIN + 4)

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

/* On the state's own thread, at the watchdog's request: count from now on. */
static void on_watch_signal(int sig, siginfo_t *info, void *uc)
{
    (void)sig;
    (void)uc;
    lua_guard *g = info->si_value.sival_ptr;
    /* (not again when counting from the start: setting the hook restarts its count) */
    if (g && atomic_load(&g->active) && lua_gethook(g->L) != count_hook)
        lua_sethook(g->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

/* The watchdog wakes every WATCH_AFTER_MS, or at once when guard_close asks
 * it to quit (a sleep would make every process wait up to a tick at exit). */
static void *watch(void *arg)
{
    lua_guard *g = arg;
    unsigned signalled = 0;
    struct timespec at;
    clock_gettime(CLOCK_MONOTONIC, &at);
    pthread_mutex_lock(&g->quit_lock);
    while (!g->quit) {
        at.tv_nsec += WATCH_AFTER_MS * 1000000L;
        if (at.tv_nsec >= 1000000000L) at.tv_sec++, at.tv_nsec -= 1000000000L;
        if (pthread_cond_timedwait(&g->quit_cond, &g->quit_lock, &at) != ETIMEDOUT) continue;
        unsigned seq = atomic_load(&g->run_seq);
        if (!atomic_load(&g->active) || seq == signalled) continue;
        if (now_ns() - atomic_load(&g->run_start) < (uint64_t)WATCH_AFTER_MS * 1000000u) continue;
        signalled = seq;
        pthread_sigqueue(g->owner, WATCH_SIGNAL, (union sigval){.sival_ptr = g});
    }
    pthread_mutex_unlock(&g->quit_lock);
    return NULL;
}

/* The watchdog's lock and condition (its clock: CLOCK_MONOTONIC); 0 on success. */
static int watch_init(lua_guard *g)
{
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0) return -1;
    int rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (rc == 0) rc = pthread_cond_init(&g->quit_cond, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0) return -1;
    if (pthread_mutex_init(&g->quit_lock, NULL) != 0) {
        pthread_cond_destroy(&g->quit_cond);
        return -1;
    }
    g->quit = 0;
    if (pthread_create(&g->watchdog, NULL, watch, g) == 0) return 0;
    pthread_mutex_destroy(&g->quit_lock);
    pthread_cond_destroy(&g->quit_cond);
    return -1;
}

lua_State *guard_newstate(lua_guard *g)
{
    lua_State *L = lua_newstate(l_alloc, g);
    if (!L) return NULL;
    *(lua_guard **)lua_getextraspace(L) = g;
    g->L = L;
    struct sigaction sa = {0};
    sa.sa_sigaction = on_watch_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(WATCH_SIGNAL, &sa, NULL); /* the same handler for every guard */
    g->watching = watch_init(g) == 0;
    if (!g->watching) lua_sethook(L, count_hook, LUA_MASKCOUNT, HOOK_EVERY); /* count always, then */
    return L;
}

void guard_close(lua_guard *g)
{
    if (g->watching) {
        pthread_mutex_lock(&g->quit_lock);
        g->quit = 1;
        pthread_cond_signal(&g->quit_cond);
        pthread_mutex_unlock(&g->quit_lock);
        pthread_join(g->watchdog, NULL);
        pthread_mutex_destroy(&g->quit_lock);
        pthread_cond_destroy(&g->quit_cond);
        g->watching = 0;
    }
    lua_close(g->L);
    g->L = NULL;
}

void guard_begin(lua_guard *g)
{
    g->ticks = 0;
    g->stop = GUARD_OK;
    g->alloc_since_clock = 0;
    uint64_t now = now_ns();
    g->deadline_ns = now + g->timeout_ns;
    g->mem_limit = g->mem + g->mem_cap;
    g->owner = pthread_self();
    atomic_store(&g->run_start, now);
    atomic_fetch_add(&g->run_seq, 1);
    atomic_store(&g->active, 1);
    if (g->watching && g->budget < COUNT_FROM_START_BELOW) lua_sethook(g->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

void guard_end(lua_guard *g)
{
    atomic_store(&g->active, 0);
    if (g->watching) lua_sethook(g->L, NULL, 0, 0); /* short runs go without the hook */
}

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
