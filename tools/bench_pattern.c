/* bench_pattern.c — times lua_pattern's find/match/gmatch/gsub against the
 * standard string library on ordinary check-like workloads, called from Lua
 * the way checks call them. Prints, per workload, the median of RUNS runs of
 * each and their ratio (ours / standard), then the geometric mean. With
 * arguments NAME string|ours it runs that one workload once (for profilers
 * such as callgrind). It only measures: it changes nothing and reads no files.
 * Build: cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc $(pkg-config --cflags lua5.4) \
 *          -o build/bench_pattern tools/bench_pattern.c src/lua_pattern.c $(pkg-config --libs lua5.4) -lm */
#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua_pattern.h"

#define RUNS 15

/* The workloads: each entry of W takes a library table and runs one loop. */
static const char workloads[] =
    "local text = ([[\n"
    "FROM docker.io/library/python:3.12-slim@sha256:0123456789abcdef0123456789abcdef\n"
    "RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n"
    "ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1\n"
    "COPY --chown=app:app requirements.txt /app/\n"
    "USER app\n"
    "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/healthz || exit 1\n"
    "EXPOSE 8080\n"
    "image: registry.example.com/team/service:v1.24.3\n"
    "  securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true }\n"
    "]]):rep(4)\n"
    "local csv = ('alpha,beta,,gamma,delta epsilon,zeta'):rep(8)\n"
    "local N = 2000\n"
    "local W = {}\n"
    "W['find plain'] = function(L) local f = L.find for i = 1, 50 * N do f(text, 'HEALTHCHECK', 1, true) end end\n"
    "W['find no specials'] = function(L) local f = L.find for i = 1, 50 * N do f(text, 'USER app') end end\n"
    "W['find anchored miss'] = function(L) local f = L.find for i = 1, 200 * N do f('RUN echo hi', '^#') end end\n"
    "W['match trim'] = function(L) local m = L.match for i = 1, 10 * N do m('   some value here   ', '^%s*(.-)%s*$') end end\n"
    "W['match key=value'] = function(L) local m = L.match\n"
    "  for i = 1, 10 * N do m('key_name = some value', '^([%w_]+)%s*=%s*(.-)%s*$') end end\n"
    "W['match image ref'] = function(L) local m = L.match\n"
    "  for i = 1, 10 * N do m('docker.io/library/nginx:1.25.3@sha256:abcdef', '^([^/:@]+)/([^:@]+):?([^@]*)@?(.*)$') end end\n"
    "W['match version'] = function(L) local m = L.match for i = 1, 10 * N do m('python:3.12.1-slim', '(%d+)%.(%d+)%.?(%d*)') end end\n"
    "W['match digits late'] = function(L) local m = L.match for i = 1, N do m(text, 'interval=(%d+)') end end\n"
    "W['gmatch words'] = function(L) local g = L.gmatch for i = 1, N / 10 do for w in g(text, '%a+') do end end end\n"
    "W['gmatch lines'] = function(L) local g = L.gmatch for i = 1, N / 4 do for l in g(text, '[^\\n]+') do end end end\n"
    "W['gmatch csv'] = function(L) local g = L.gmatch for i = 1, N / 2 do for f in g(csv, '([^,]*)') do end end end\n"
    "W['gmatch key=value'] = function(L) local g = L.gmatch for i = 1, N / 4 do for k, v in g(text, '(%w+)=(%S+)') do end end end\n"
    "W['gsub spaces'] = function(L) local g = L.gsub for i = 1, N / 4 do g(text, '%s+', ' ') end end\n"
    "W['gsub escape'] = function(L) local g = L.gsub for i = 1, N / 4 do g(text, '[%^%$%(%)%%%.%[%]%*%+%-%?]', '%%%0') end end\n"
    "W['gsub table'] = function(L) local g, t = L.gsub, {app = 'APP', curl = 'CURL'} for i = 1, N / 10 do g(text, '%w+', t) end end\n"
    "W['gsub function'] = function(L) local g = L.gsub for i = 1, N / 10 do g(text, '%$(%w+)', string.lower) end end\n"
    "W['gsub frontier'] = function(L) local g = L.gsub for i = 1, N / 4 do g(text, '%f[%w]app%f[%W]', 'svc') end end\n"
    "W['find lazy'] = function(L) local f = L.find for i = 1, N do f(text, 'curl.-healthz') end end\n"
    "return W\n";

static void charge(lua_State *L, void *ud, size_t steps)
{
    (void)L;
    *(size_t *)ud += steps;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* [-0, +0, -] Time one run of workload fn (stack index) with library lib. */
static double time_one(lua_State *L, int fn, int lib)
{
    lua_pushvalue(L, fn);
    lua_pushvalue(L, lib);
    double t0 = now();
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        fprintf(stderr, "bench_pattern: %s\n", lua_tostring(L, -1));
        exit(1);
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    size_t steps = 0;
    pattern_meter meter = {charge, &steps};
    if (luaL_loadstring(L, workloads) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "bench_pattern: %s\n", lua_tostring(L, -1));
        return 1;
    }
    int w = lua_gettop(L);
    lua_getglobal(L, "string");
    int std = lua_gettop(L);
    lua_newtable(L);
    lua_pattern_register(L, -1, &meter);
    int ours = lua_gettop(L);
    if (argc == 3) {
        lua_getfield(L, w, argv[1]);
        if (!lua_isfunction(L, -1)) {
            fprintf(stderr, "bench_pattern: no workload %s\n", argv[1]);
            return 2;
        }
        time_one(L, lua_gettop(L), strcmp(argv[2], "ours") == 0 ? ours : std);
        lua_close(L);
        return 0;
    }

    double logsum = 0;
    int n = 0;
    printf("%-22s %10s %10s %7s\n", "workload", "string ms", "ours ms", "ratio");
    lua_pushnil(L);
    while (lua_next(L, w)) {
        int fn = lua_gettop(L);
        double a[RUNS], b[RUNS];
        time_one(L, fn, std); /* warm up */
        time_one(L, fn, ours);
        for (int r = 0; r < RUNS; r++) {
            a[r] = time_one(L, fn, std);
            b[r] = time_one(L, fn, ours);
        }
        qsort(a, RUNS, sizeof a[0], cmp_double);
        qsort(b, RUNS, sizeof b[0], cmp_double);
        double ratio = b[RUNS / 2] / a[RUNS / 2];
        printf("%-22s %10.2f %10.2f %7.2f\n", lua_tostring(L, -2), a[RUNS / 2] * 1e3, b[RUNS / 2] * 1e3, ratio);
        logsum += log(ratio);
        n++;
        lua_pop(L, 1);
    }
    printf("geometric mean ratio: %.2f (median of %d runs each; %zu steps metered)\n", exp(logsum / n), RUNS, steps);
    lua_close(L);
    return 0;
}
