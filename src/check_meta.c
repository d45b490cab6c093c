/* check_meta.c — validation of a check table (see docs/writing-checks.md):
 * the one place its keys, types and vocabularies are checked. Required: id,
 * name (matching the file name), severity, inputs, title, description,
 * remediation, and a handler for every declared input — `check.<input>` per
 * document or `check.<input>_all` across documents (reading the
 * `check.<input>_facts` of each document when it has them) — and for no other.
 * Optional: kinds (list of Kubernetes kinds, or "workloads"), frameworks,
 * supersedes (names of checks whose finding on the same node this one makes
 * redundant: resolved after a scan by related.c).
 * Any other key is an error. Only raw accesses: a check table's metamethods
 * never run (a check table may not have a metatable at all). */
#include "check_meta.h"

#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const workload_kinds[] = {
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
    "ReplicationController", "Job", "CronJob", "PodTemplate", "DeploymentConfig",
};

/* framework key in the check table → framework id in reports */
static const struct { const char *key, *id; } frameworks[] = {
    {"cis_docker", "cis-docker"},
    {"cis_kubernetes", "cis-kubernetes"},
    {"nsa_cisa", "nsa-cisa"},
    {"pss", NULL}, /* value "baseline"/"restricted" → pss-baseline/pss-restricted */
};

/* [-0, +1, m] Push t[key] without metamethods; returns its type. */
static int raw_field(lua_State *L, int t, const char *key)
{
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

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
    int t = raw_field(L, idx, key);
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
    c->controls[c->n_controls++] = (control){xstrdup(fw), xstrdup(id), NULL, 0};
}

static int read_frameworks(lua_State *L, int idx, check *c, char *err, size_t n)
{
    int t = raw_field(L, idx, "frameworks");
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
        int vt = raw_field(L, ft, frameworks[i].key);
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
    int t = raw_field(L, idx, "kinds");
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

static const char *const meta_keys[] = {
    "id", "name", "severity", "class", "title", "description", "remediation", "inputs", "kinds", "frameworks",
    "helm_values",
    "supersedes",
};

/* supersedes = { "check-name", … }: kebab-case names, not the check's own. */
static int read_supersedes(lua_State *L, int idx, check *c, char *err, size_t n)
{
    int t = raw_field(L, idx, "supersedes");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a list of check names", "supersedes");
    }
    size_t len = lua_rawlen(L, -1);
    c->supersedes = xcalloc(len + 1, sizeof *c->supersedes);
    for (size_t i = 0; i < len; i++) {
        if (lua_rawgeti(L, -1, (lua_Integer)i + 1) != LUA_TSTRING || !is_kebab(lua_tostring(L, -1)) ||
            strcmp(lua_tostring(L, -1), c->name) == 0) {
            lua_pop(L, 2);
            return fail(err, n, "field '%s' must be a list of other checks' names", "supersedes");
        }
        c->supersedes[c->n_supersedes++] = xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* Edit distance of a and b, capped (for "did you mean" hints). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31) return 99;
    size_t d[32][32];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The input bit of a handler key ("kubernetes", "compose_all",
 * "kubernetes_facts"), 0 if none; *form: 0 per document, 1 the
 * cross-document handler, 2 the facts it reads. */
static unsigned handler_input(const char *key, int *form)
{
    char name[32];
    size_t n = strlen(key);
    *form = n > 4 && strcmp(key + n - 4, "_all") == 0 ? 1 : n > 6 && strcmp(key + n - 6, "_facts") == 0 ? 2 : 0;
    if (*form) n -= *form == 1 ? 4 : 6;
    if (n >= sizeof name) return 0;
    memcpy(name, key, n);
    name[n] = 0;
    return input_parse(name);
}

static void suggest(const char *key, char *out, size_t n)
{
    const char *best = NULL;
    size_t bd = 3;
    for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++) {
        size_t d = distance(key, meta_keys[i]);
        if (d < bd) bd = d, best = meta_keys[i];
    }
    for (int i = 0; i < N_INPUTS; i++) {
        const char *in = input_name(input_bit(i));
        char all[40];
        snprintf(all, sizeof all, "%s_all", in);
        if (distance(key, in) < bd) bd = distance(key, in), best = in;
        if (distance(key, all) < bd) bd = distance(key, all), best = in;
    }
    if (best) snprintf(out, n, " (did you mean '%s'?)", best);
    else out[0] = 0;
}

/* Every key of the table at idx is known; handlers are functions and their
 * bits are recorded. */
static int read_keys(lua_State *L, int idx, check *c, char *err, size_t n)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 2);
            return fail(err, n, "a check table has only string keys (found a %s key)", "non-string");
        }
        const char *k = lua_tostring(L, -2);
        int known = 0, all = 0;
        for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
            if (strcmp(k, meta_keys[i]) == 0) known = 1;
        unsigned in = known ? 0 : handler_input(k, &all);
        if (in) {
            if (lua_type(L, -1) != LUA_TFUNCTION) {
                snprintf(err, n, "check.%s must be a function", k);
                lua_pop(L, 2);
                return -1;
            }
            if (all == 2) c->handlers_facts |= in;
            else if (all) c->handlers_all |= in;
            else c->handlers |= in;
            known = 1;
        }
        if (!known) {
            char hint[64];
            suggest(k, hint, sizeof hint);
            snprintf(err, n, "unknown key '%s'%s", k, hint);
            lua_pop(L, 2);
            return -1;
        }
        lua_pop(L, 1);
    }
    return 0;
}

static int read_inputs(lua_State *L, int idx, check *c, char *err, size_t n)
{
    if (raw_field(L, idx, "inputs") != LUA_TTABLE || lua_rawlen(L, -1) == 0) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be a non-empty list", "inputs");
    }
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
        lua_rawgeti(L, -1, i);
        unsigned bit = lua_type(L, -1) == LUA_TSTRING ? input_parse(lua_tostring(L, -1)) : 0;
        if (!bit) {
            const char *v = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            snprintf(err, n, "unknown input \"%s\" (known: kubernetes, compose, dockerfile, image, archive)", v);
            lua_pop(L, 2);
            return -1;
        }
        c->inputs |= bit;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* Declared inputs and handlers agree, both ways. */
static int check_handlers(check *c, char *err, size_t n)
{
    for (int i = 0; i < N_INPUTS; i++) {
        unsigned b = input_bit(i);
        const char *in = input_name(b);
        if ((c->inputs & b) && !((c->handlers | c->handlers_all) & b)) {
            snprintf(err, n, "declares input \"%s\" but has no check.%s or check.%s_all handler", in, in, in);
            return -1;
        }
        if (!(c->inputs & b) && ((c->handlers | c->handlers_all | c->handlers_facts) & b)) {
            snprintf(err, n, "has a handler for input \"%s\", which is not in its inputs", in);
            return -1;
        }
        if ((c->handlers_facts & b) && !(c->handlers_all & b)) {
            snprintf(err, n, "has check.%s_facts but no check.%s_all to read them", in, in);
            return -1;
        }
    }
    if (c->kinds && !(c->inputs & IN_KUBERNETES))
        return fail(err, n, "field 'kinds' needs the input %s", "\"kubernetes\"");
    return 0;
}

/* "checks/runtime/host_pid.lua" must hold the check named "host-pid". */
static int check_file_name(const check *c, char *err, size_t n)
{
    const char *b = strrchr(c->file, '/');
    b = b ? b + 1 : c->file;
    size_t l = strlen(b);
    if (l > 4 && strcmp(b + l - 4, ".lua") == 0) l -= 4;
    int same = l == strlen(c->name);
    for (size_t i = 0; same && i < l; i++) same = (b[i] == '_' ? '-' : b[i]) == c->name[i];
    if (!same) {
        char want[128];
        snprintf(want, sizeof want, "%s", c->name);
        for (char *p = want; *p; p++)
            if (*p == '-') *p = '_';
        snprintf(err, n, "the check named \"%s\" must be in a file named %s.lua", c->name, want);
        return -1;
    }
    return 0;
}

int check_meta_read(lua_State *L, int idx, const char *file, check *c, char *err, size_t n)
{
    idx = lua_absindex(L, idx);
    memset(c, 0, sizeof *c);
    c->file = xstrdup(file);
    if (!lua_istable(L, idx)) return fail(err, n, "a check file must return a table%s", "");
    if (lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        return fail(err, n, "a check table may not have a metatable%s", "");
    }
    if (read_keys(L, idx, c, err, n)) return -1;
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
    char *cls = NULL;
    if (get_str(L, idx, "class", 0, &cls, err, n)) return -1;
    if (cls && strcmp(cls, "risk") != 0 && strcmp(cls, "hardening") != 0) {
        snprintf(err, n, "class \"%s\" must be \"risk\" or \"hardening\"", cls);
        free(cls);
        return -1;
    }
    c->hardening = cls && strcmp(cls, "hardening") == 0;
    free(cls);
    if (check_file_name(c, err, n) || read_inputs(L, idx, c, err, n) || read_kinds(L, idx, c, err, n) ||
        read_supersedes(L, idx, c, err, n) || read_frameworks(L, idx, c, err, n) || check_handlers(c, err, n))
        return -1;
    int hv = raw_field(L, idx, "helm_values");
    if (hv != LUA_TNIL && hv != LUA_TBOOLEAN) {
        lua_pop(L, 1);
        return fail(err, n, "field '%s' must be true or false", "helm_values");
    }
    c->helm_values = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (c->helm_values && !(c->inputs & IN_KUBERNETES))
        return fail(err, n, "helm_values needs the %s input", "kubernetes");
    c->cross = c->handlers_all != 0;
    return 0;
}
