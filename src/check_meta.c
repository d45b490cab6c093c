/* check_meta.c — validation of check metadata (see docs/writing-checks.md for
 * the fields). Required: id, name, severity, inputs, title, description,
 * remediation, and run (per document) or run_all (cross-document). Optional:
 * kinds (list of Kubernetes kinds, or "workloads"), frameworks. */
#include "check_meta.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const workload_kinds[] = {
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
    "ReplicationController", "Job", "CronJob", "PodTemplate",
};

/* framework key in the check table → framework id in reports */
static const struct { const char *key, *id; } frameworks[] = {
    {"cis_docker", "cis-docker"},
    {"cis_kubernetes", "cis-kubernetes"},
    {"nsa_cisa", "nsa-cisa"},
    {"pss", NULL}, /* value "baseline"/"restricted" → pss-baseline/pss-restricted */
};

static int fail(char *err, size_t n, const char *fmt, const char *a)
{
    snprintf(err, n, fmt, a);
    return -1;
}

static int is_kebab(const char *s)
{
    if (!*s || *s == '-') return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

static int is_id(const char *s)
{
    const char *p = s;
    if (*p < 'A' || *p > 'Z') return 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) p++; /* K8S-001 */
    if (*p != '-' || !p[1]) return 0;
    for (p++; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    return 1;
}

/* Copy string field `key` of the table at idx; required when req. */
static int get_str(lua_State *L, int idx, const char *key, int req, char **out, char *err, size_t n)
{
    int t = lua_getfield(L, idx, key);
    if (t == LUA_TNIL && !req) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TSTRING || lua_rawlen(L, -1) == 0) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a non-empty string", key);
    }
    *out = xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    return 0;
}

static void add_control(check *c, const char *fw, const char *id)
{
    c->controls = xrealloc(c->controls, (c->n_controls + 1) * sizeof *c->controls);
    c->controls[c->n_controls++] = (control){xstrdup(fw), xstrdup(id)};
}

static int read_frameworks(lua_State *L, int idx, check *c, char *err, size_t n)
{
    int t = lua_getfield(L, idx, "frameworks");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a table", "frameworks");
    }
    int ft = lua_gettop(L);
    /* Fixed order so reports are deterministic. */
    for (size_t i = 0; i < sizeof frameworks / sizeof *frameworks; i++) {
        int vt = lua_getfield(L, ft, frameworks[i].key);
        if (vt == LUA_TSTRING) {
            const char *v = lua_tostring(L, -1);
            if (!frameworks[i].id) {
                if (strcmp(v, "baseline") && strcmp(v, "restricted")) {
                    lua_pop(L, 2);
                    return fail(err, n, "frameworks.pss must be \"baseline\" or \"restricted\", not \"%s\"", v);
                }
                add_control(c, strcmp(v, "baseline") ? "pss-restricted" : "pss-baseline", v);
            } else {
                add_control(c, frameworks[i].id, v);
            }
        } else if (vt == LUA_TTABLE && frameworks[i].id) {
            for (lua_Integer j = 1; lua_rawgeti(L, -1, j) == LUA_TSTRING; j++) {
                add_control(c, frameworks[i].id, lua_tostring(L, -1));
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        } else if (vt != LUA_TNIL) {
            lua_pop(L, 2);
            return fail(err, n, "frameworks.%s must be a string or a list of strings", frameworks[i].key);
        }
        lua_pop(L, 1);
    }
    /* Unknown framework keys are mistakes, not silence. */
    lua_pushnil(L);
    while (lua_next(L, ft)) {
        lua_pop(L, 1);
        int known = 0;
        if (lua_type(L, -1) == LUA_TSTRING)
            for (size_t i = 0; i < sizeof frameworks / sizeof *frameworks; i++)
                if (strcmp(lua_tostring(L, -1), frameworks[i].key) == 0) known = 1;
        if (!known) {
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            snprintf(err, n, "unknown framework '%s' (known: cis_docker, cis_kubernetes, nsa_cisa, pss)", k);
            lua_pop(L, 2);
            return -1;
        }
    }
    lua_pop(L, 1);
    return 0;
}

static int read_kinds(lua_State *L, int idx, check *c, char *err, size_t n)
{
    int t = lua_getfield(L, idx, "kinds");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t == LUA_TSTRING) {
        if (strcmp(lua_tostring(L, -1), "workloads") != 0) {
            lua_pop(L, 1);
            return fail(err, n, "kinds must be a list of kinds or \"workloads\", not \"%s\"", lua_tostring(L, -1));
        }
        lua_pop(L, 1);
        c->n_kinds = sizeof workload_kinds / sizeof *workload_kinds;
        c->kinds = xmalloc(c->n_kinds * sizeof *c->kinds);
        for (size_t i = 0; i < c->n_kinds; i++) c->kinds[i] = xstrdup(workload_kinds[i]);
        return 0;
    }
    if (t != LUA_TTABLE) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a list of strings", "kinds");
    }
    size_t len = lua_rawlen(L, -1);
    c->kinds = xcalloc(len + 1, sizeof *c->kinds);
    for (size_t i = 0; i < len; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TSTRING) {
            lua_pop(L, 2);
            return fail(err, n, "field '%s' must be a list of strings", "kinds");
        }
        const char *k = lua_tostring(L, -1);
        if (strcmp(k, "workloads") == 0) {
            size_t nw = sizeof workload_kinds / sizeof *workload_kinds;
            c->kinds = xrealloc(c->kinds, (c->n_kinds + nw + len + 1) * sizeof *c->kinds);
            for (size_t w = 0; w < nw; w++) c->kinds[c->n_kinds++] = xstrdup(workload_kinds[w]);
        } else {
            c->kinds = xrealloc(c->kinds, (c->n_kinds + len + 1) * sizeof *c->kinds);
            c->kinds[c->n_kinds++] = xstrdup(k);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

int check_meta_read(lua_State *L, int idx, const char *file, check *c, char *err, size_t n)
{
    idx = lua_absindex(L, idx);
    memset(c, 0, sizeof *c);
    c->file = xstrdup(file);
    if (!lua_istable(L, idx)) return fail(err, n, "a check file must return a table%s", "");
    char *sev = NULL;
    if (get_str(L, idx, "id", 1, &c->id, err, n) || get_str(L, idx, "name", 1, &c->name, err, n) ||
        get_str(L, idx, "severity", 1, &sev, err, n) || get_str(L, idx, "title", 1, &c->title, err, n) ||
        get_str(L, idx, "description", 1, &c->description, err, n) ||
        get_str(L, idx, "remediation", 1, &c->remediation, err, n)) {
        free(sev);
        return -1;
    }
    if (!is_id(c->id)) {
        free(sev);
        return fail(err, n, "id \"%s\" must look like ABC-123", c->id);
    }
    if (!is_kebab(c->name)) {
        free(sev);
        return fail(err, n, "name \"%s\" must be kebab-case (a-z, 0-9, -)", c->name);
    }
    int s = severity_parse(sev);
    if (s < 0) {
        snprintf(err, n, "severity \"%s\" must be one of critical, high, medium, low, info", sev);
        free(sev);
        return -1;
    }
    free(sev);
    c->sev = (severity)s;

    if (lua_getfield(L, idx, "inputs") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a non-empty list", "inputs");
    }
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        unsigned bit = lua_type(L, -1) == LUA_TSTRING ? input_parse(lua_tostring(L, -1)) : 0;
        if (!bit) {
            const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            snprintf(err, n, "unknown input \"%s\" (known: kubernetes, compose, dockerfile, image)", v);
            lua_pop(L, 2);
            return -1;
        }
        c->inputs |= bit;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);

    if (read_kinds(L, idx, c, err, n) || read_frameworks(L, idx, c, err, n)) return -1;

    int run = lua_getfield(L, idx, "run");
    int run_all = lua_getfield(L, idx, "run_all");
    lua_pop(L, 2);
    if ((run == LUA_TFUNCTION) == (run_all == LUA_TFUNCTION))
        return fail(err, n, "a check needs exactly one of run(doc, report) or run_all(docs, report)%s", "");
    c->cross = run_all == LUA_TFUNCTION;
    return 0;
}
