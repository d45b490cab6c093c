/* lua_guard.h — the limits of one Lua state (one worker): an instruction
 * budget, a wall-clock deadline and a memory cap per run of check code, and
 * the reason a run was stopped. A guard is reached from its state through
 * the state's extra space, so the allocator, the count hook, the sandbox's
 * pcall and the C helpers (patterns, regex) all see the same one.
 *
 * The instruction count hook costs a call per VM instruction, so it is not
 * installed for the short runs that are almost all of a scan: a watchdog
 * thread per guard signals the state's thread when a run has lasted
 * WATCH_AFTER_MS, and the signal handler installs the hook (lua_sethook is
 * safe in a signal handler). From then on the budget counts and the deadline
 * is checked at every tick; the allocator and the metered C helpers check the
 * deadline from the start of the run.
 *
 * Once a limit is hit the run is "fatal": every later hook tick raises again
 * and the sandbox's pcall/xpcall re-raise, so check code cannot swallow the
 * stop. Nothing here prints. */
#ifndef PLIMSOLL_LUA_GUARD_H
#define PLIMSOLL_LUA_GUARD_H

#include <lua.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef enum guard_stop {
    GUARD_OK, GUARD_BUDGET, GUARD_TIME, GUARD_MEMORY
} guard_stop;

typedef struct lua_guard {
    /* limits, set once */
    uint64_t budget;        /* VM instructions (and metered C work) per run */
    uint64_t timeout_ns;    /* wall-clock time per run */
    size_t mem_cap;         /* bytes a run may add to the state */
    /* the run in progress (active and run_start are read by the watchdog) */
    atomic_int active;      /* limits apply only while check code runs */
    atomic_ullong run_start;/* CLOCK_MONOTONIC ns at guard_begin */
    atomic_uint run_seq;    /* incremented by every guard_begin */
    uint64_t ticks;
    uint64_t deadline_ns;   /* CLOCK_MONOTONIC */
    size_t mem, mem_limit;  /* bytes held by the state; the limit of this run */
    size_t alloc_since_clock;
    guard_stop stop;        /* why the run was stopped (GUARD_OK: it was not) */
    /* the watchdog */
    lua_State *L;
    pthread_t owner;        /* the thread of the run in progress (set before run_seq moves) */
    pthread_t watchdog;
    int watching;
    int quit;               /* set under quit_lock: guard_close wakes the watchdog at once */
    pthread_mutex_t quit_lock;
    pthread_cond_t quit_cond;
} lua_guard;

/* Create a state whose allocator counts into g and whose extra space points
 * to g, and start g's watchdog. NULL when out of memory. */
lua_State *guard_newstate(lua_guard *g);

/* Stop the watchdog and close the state. Call from the thread that ran the
 * state's last run, so no signal can be aimed at a thread that is gone. */
void guard_close(lua_guard *g);

static inline lua_guard *guard_of(lua_State *L) { return *(lua_guard **)lua_getextraspace(L); }

/* Start and end one run of check code (loading a chunk counts as a run). */
void guard_begin(lua_guard *g);
void guard_end(lua_guard *g);

/* [-0, +0, e] Charge n units of work done in C (pattern steps, regex bytes)
 * to the run; raises when a limit is exceeded. */
void guard_charge(lua_State *L, uint64_t n);

/* [-0, +0, e] Re-raise the error on top of the stack when the run is fatal
 * (called by the sandbox's pcall and xpcall after catching an error). */
void guard_reraise_if_fatal(lua_State *L);

/* A sentence for a stopped run ("exceeded its instruction budget of 20000000"),
 * or NULL when g->stop is GUARD_OK. Written into buf. */
const char *guard_describe(const lua_guard *g, char *buf, size_t n);

#endif
