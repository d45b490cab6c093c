/* config.c — `.plimsoll.yaml` (see config.h): found, parsed with the YAML
 * loader (positions for free), validated; its exclude globs filter discovery
 * (config_excluded), the rest is applied to a finished scan. Never prints. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "display.h"
#include "load.h"
#include "suppress.h"

#define CONFIG_NAME ".plimsoll.yaml"

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *config_find(const char *given, const char *const *paths, size_t n_paths)
{
    if (given) return xstrdup(given);
    buf b = {0};
    for (size_t i = 0; i < n_paths; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") == 0 || stat(paths[i], &st) != 0) continue;
        b.len = 0;
        if (S_ISDIR(st.st_mode)) {
            size_t l = strlen(paths[i]);
            while (l > 1 && paths[i][l - 1] == '/') l--;
            buf_printf(&b, "%.*s/%s", (int)l, paths[i], CONFIG_NAME);
        } else {
            const char *slash = strrchr(paths[i], '/');
            if (!slash) break; /* a file here: the current folder */
            buf_printf(&b, "%.*s/%s", (int)(slash - paths[i]), paths[i], CONFIG_NAME);
        }
        if (is_file(b.s)) return b.s;
        break; /* only the first scanned root counts */
    }
    buf_free(&b);
    return is_file(CONFIG_NAME) ? xstrdup(CONFIG_NAME) : NULL;
}

void config_today(char out[11])
{
    const char *env = getenv("PLIMSOLL_TODAY");
    if (env && strlen(env) == 10) {
        memcpy(out, env, 11);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---------------------------------------------------------------- parsing */

typedef struct parser {
    const char *path;
    tree *t;
    char *err;
    size_t errlen;
} parser;

static int fail(parser *p, uint32_t line, uint32_t col, const char *msg, const char *what)
{
    snprintf(p->err, p->errlen, "%s:%u:%u: %s%s%s", p->path, line, col, msg, what ? " " : "", what ? what : "");
    return -1;
}

static const node *N(parser *p, node_id id) { return tree_get(p->t, id); }

static int is_scalar(const node *n) { return n->kind != N_MAP && n->kind != N_SEQ && n->kind != N_NULL; }

static const char *scalar_text(parser *p, node_id id) { return tree_text(p->t, N(p, id)->str); }

/* A string or a list of strings (a plain string may be a comma list when
 * split_commas). Appends to *v (with positions when lines is set). */
static int string_list(parser *p, node_id id, const char *key, int split_commas, config_name **v, size_t *n)
{
    const node *x = N(p, id);
    node_id one = id;
    uint32_t count = 1, base = 0;
    if (x->kind == N_SEQ) {
        count = x->n;
        base = x->kids;
    } else if (!is_scalar(x)) {
        return fail(p, x->line, x->col, key, "must be a string or a list of strings");
    }
    for (uint32_t i = 0; i < count; i++) {
        node_id e = x->kind == N_SEQ ? p->t->kids[base + i].val : one;
        const node *en = N(p, e);
        if (!is_scalar(en)) return fail(p, en->line, en->col, key, "must list strings");
        const char *s = scalar_text(p, e);
        char *copy = xstrdup(s), *save = NULL;
        for (char *tok = split_commas ? strtok_r(copy, ",", &save) : copy; tok;
             tok = split_commas ? strtok_r(NULL, ",", &save) : NULL) {
            while (*tok == ' ') tok++;
            size_t l = strlen(tok);
            while (l && tok[l - 1] == ' ') tok[--l] = 0;
            if (!*tok) continue;
            *v = xrealloc(*v, (*n + 1) * sizeof **v);
            (*v)[(*n)++] = (config_name){xstrdup(tok), en->line, en->col};
        }
        free(copy);
    }
    return 0;
}

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    int m = atoi(s + 5), d = atoi(s + 8), y = atoi(s);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1]) return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 0;
    return 1;
}

static void names_to_strings(config_name *v, size_t n, char ***out, size_t *nout)
{
    *out = xcalloc(n + 1, sizeof **out);
    for (size_t i = 0; i < n; i++) (*out)[i] = v[i].name;
    *nout = n;
    free(v);
}

static int cmp_kid_key(const void *a, const void *b, void *ctx)
{
    const tree *t = ctx;
    const kid *x = *(const kid *const *)a, *y = *(const kid *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int d = memcmp(t->strs + x->key, t->strs + y->key, n);
    if (d) return d;
    return x->key_len < y->key_len ? -1 : x->key_len > y->key_len;
}

/* A key given twice in map id is an error naming both places (YAML says
 * keys are unique; a second `exclude:` silently replacing the first would
 * hide what the file seems to say). Sorted, so a map of any size is cheap. */
static int unique_keys(parser *p, node_id id)
{
    const node *m = N(p, id);
    if (m->kind != N_MAP || m->n < 2) return 0;
    const kid **v = xmalloc(m->n * sizeof *v);
    for (uint32_t i = 0; i < m->n; i++) v[i] = &p->t->kids[m->kids + i];
    sort_ctx(v, m->n, sizeof *v, cmp_kid_key, p->t); /* stable: file order among equal keys */
    /* of the keys given twice, the one whose second place comes first */
    const kid *first = NULL, *again = NULL;
    for (uint32_t i = 1; i < m->n; i++) {
        if (cmp_kid_key(&v[i - 1], &v[i], p->t) != 0) continue;
        if (i >= 2 && cmp_kid_key(&v[i - 2], &v[i - 1], p->t) == 0) continue; /* a third one, or later */
        if (!again || v[i] < again) again = v[i], first = v[i - 1];
    }
    free(v);
    if (!again) return 0;
    char m2[200], *pk = str_printable(tree_text(p->t, again->key));
    snprintf(m2, sizeof m2, "duplicate key '%.60s' (first at line %u, column %u)", pk, first->key_line, first->key_col);
    free(pk);
    return fail(p, again->key_line, again->key_col, m2, NULL);
}

static int parse_ignore(parser *p, node_id id, config *c)
{
    const node *x = N(p, id);
    if (x->kind != N_MAP) return fail(p, x->line, x->col, "each ignore must be a map with check, paths, reason, expires", NULL);
    if (unique_keys(p, id)) return -1;
    config_ignore ig = {0};
    ig.line = x->line;
    config_name *checks = NULL, *paths = NULL;
    size_t n_checks = 0, n_paths = 0;
    int rc = 0;
    for (uint32_t i = 0; i < x->n && !rc; i++) {
        const kid *k = &p->t->kids[N(p, id)->kids + i];
        const char *key = tree_text(p->t, k->key);
        const node *v = N(p, k->val);
        if (strcmp(key, "check") == 0 || strcmp(key, "checks") == 0) {
            rc = string_list(p, k->val, "ignore check", 1, &checks, &n_checks);
        } else if (strcmp(key, "paths") == 0 || strcmp(key, "path") == 0) {
            rc = string_list(p, k->val, "ignore paths", 0, &paths, &n_paths);
        } else if (strcmp(key, "reason") == 0) {
            if (!is_scalar(v)) rc = fail(p, v->line, v->col, "ignore reason must be a string", NULL);
            else {
                free(ig.reason);
                ig.reason = xstrdup(scalar_text(p, k->val));
            }
        } else if (strcmp(key, "expires") == 0) {
            if (!is_scalar(v) || !valid_date(scalar_text(p, k->val)))
                rc = fail(p, v->line, v->col, "expires must be a date YYYY-MM-DD", NULL);
            else memcpy(ig.expires, scalar_text(p, k->val), 11);
        } else {
            char m[160], *pk = str_printable(key);
            snprintf(m, sizeof m, "unknown ignore key '%.60s' (expected check, paths, reason, expires)", pk);
            free(pk);
            rc = fail(p, k->key_line, k->key_col, m, NULL);
        }
    }
    if (!rc && !n_checks) rc = fail(p, x->line, x->col, "ignore entry needs a check", NULL);
    names_to_strings(checks, n_checks, &ig.checks, &ig.n_checks);
    names_to_strings(paths, n_paths, &ig.paths, &ig.n_paths);
    /* keep the check names' lines for error messages: line of the entry is enough */
    c->ign = xrealloc(c->ign, (c->n_ign + 1) * sizeof *c->ign);
    c->ign[c->n_ign++] = ig;
    return rc;
}

static int parse_exclude(parser *p, node_id id, config *c)
{
    config_name *v = NULL;
    size_t n = 0;
    int rc = string_list(p, id, "exclude", 0, &v, &n);
    for (size_t i = 0; i < c->n_exclude; i++) free(c->exclude[i]); /* a repeated key: the last wins */
    free(c->exclude);
    names_to_strings(v, n, &c->exclude, &c->n_exclude);
    return rc;
}

static int parse_severity(parser *p, node_id id, config *c)
{
    const node *v = N(p, id);
    if (v->kind != N_MAP) return fail(p, v->line, v->col, "severity must map check names to critical, high, medium, low or info", NULL);
    if (unique_keys(p, id)) return -1;
    for (uint32_t j = 0; j < v->n; j++) {
        const kid *sk = &p->t->kids[v->kids + j];
        const node *sv = N(p, sk->val);
        int s = is_scalar(sv) ? severity_parse(tree_text(p->t, sv->str)) : -1;
        if (s < 0) return fail(p, sv->line, sv->col, "severity must be critical, high, medium, low or info", NULL);
        c->sev = xrealloc(c->sev, (c->n_sev + 1) * sizeof *c->sev);
        c->sev[c->n_sev++] = (config_severity){xstrdup(tree_text(p->t, sk->key)), (severity)s, sk->key_line};
    }
    return 0;
}

/* A command-line option's value: a scalar or a list of scalars. */
static int parse_option(parser *p, const char *key, node_id id, config *c)
{
    const node *x = N(p, id);
    config_opt o = {xstrdup(key), NULL, 0, x->line, x->col};
    uint32_t count = x->kind == N_SEQ ? x->n : 1;
    int rc = 0;
    if (x->kind == N_MAP) rc = fail(p, x->line, x->col, key, "must be a value or a list of values");
    for (uint32_t i = 0; i < count && !rc; i++) {
        node_id e = x->kind == N_SEQ ? p->t->kids[x->kids + i].val : id;
        if (!is_scalar(N(p, e))) {
            rc = fail(p, N(p, e)->line, N(p, e)->col, key, "must list values");
            break;
        }
        o.vals = xrealloc(o.vals, (o.n_vals + 1) * sizeof *o.vals);
        o.vals[o.n_vals++] = xstrdup(scalar_text(p, e));
    }
    c->opt = xrealloc(c->opt, (c->n_opt + 1) * sizeof *c->opt);
    c->opt[c->n_opt++] = o;
    return rc;
}

static int parse_ignores(parser *p, node_id id, config *c)
{
    const node *v = N(p, id);
    if (v->kind != N_SEQ) return fail(p, v->line, v->col, "ignore must be a list of {check, paths, reason, expires}", NULL);
    int rc = 0;
    for (uint32_t j = 0; j < v->n && !rc; j++) rc = parse_ignore(p, p->t->kids[v->kids + j].val, c);
    return rc;
}

/* The top-level map: skip, severity, exclude, ignore (null values ignored). */
static int parse_root(parser *p, node_id root, config *c)
{
    const node *r = N(p, root);
    if (r->kind != N_MAP) return fail(p, r->line, r->col, "the config must be a map (skip, severity, exclude, ignore)", NULL);
    if (unique_keys(p, root)) return -1;
    int rc = 0;
    for (uint32_t i = 0; i < r->n && !rc; i++) {
        const kid *k = &p->t->kids[r->kids + i];
        const char *key = tree_text(p->t, k->key);
        if (N(p, k->val)->kind == N_NULL) continue;
        if (strcmp(key, "skip") == 0) {
            rc = string_list(p, k->val, "skip", 1, &c->skip, &c->n_skip);
        } else if (strcmp(key, "exclude") == 0) {
            rc = parse_exclude(p, k->val, c);
        } else if (strcmp(key, "severity") == 0 && N(p, k->val)->kind == N_MAP) {
            rc = parse_severity(p, k->val, c);
        } else if (cli_config_option(key)) {
            rc = parse_option(p, key, k->val, c);
        } else if (strcmp(key, "ignore") == 0) {
            rc = parse_ignores(p, k->val, c);
        } else {
            char m[256], *pk = str_printable(key);
            snprintf(m, sizeof m, "unknown key '%.60s' (expected skip, severity, exclude, ignore, or a scan option "
                                  "marked [config] in plimsoll scan --help)", pk);
            free(pk);
            rc = fail(p, k->key_line, k->key_col, m, NULL);
        }
    }
    return rc;
}

/* The real path of the folder the config file is in. malloc'd. */
static char *config_dir(const char *path)
{
    char dir[PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    if (!*dir) snprintf(dir, sizeof dir, "/");
    return xstrdup(realpath(dir, real) ? real : dir);
}

int config_load(const char *path, config *c, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (read_file(path, &text, &len) != 0) {
        memset(c, 0, sizeof *c);
        c->path = xstrdup(path);
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    return config_parse_owned(path, text, len, c, err, errlen);
}

int config_parse_owned(const char *path, char *text, size_t len, config *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->path = xstrdup(path);
    c->root = config_dir(path);
    source *src = source_new_owned(path, text, len);
    tree *t = tree_new();
    doclist docs = {0};
    perr pe = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    parser p = {path, t, err, errlen};
    int rc = 0;
    if (load_yaml(src, t, &docs, &lim, &pe) != 0 || pe.set) {
        snprintf(err, errlen, "%s:%u:%u: %s", path, pe.line, pe.col, pe.msg);
        rc = -1;
    } else if (docs.n > 1) {
        rc = fail(&p, docs.v[1].line, 1, "the config must be one YAML document", NULL);
    } else if (docs.n == 1 && docs.v[0].root && N(&p, docs.v[0].root)->kind != N_NULL) {
        rc = parse_root(&p, docs.v[0].root, c);
    } /* else empty: the defaults */
    free(docs.v);
    tree_free(t);
    source_free(src);
    return rc;
}

/* "file:line[:col]: what: unknown check 'name' (see: plimsoll checks)", the
 * name made printable (the config comes from the scanned repository). */
static int unknown_check(const config *c, uint32_t line, uint32_t col, const char *what, const char *name, char *err,
                         size_t errlen)
{
    char *pn = str_printable(name), pos[32];
    if (col) snprintf(pos, sizeof pos, "%u:%u", line, col);
    else snprintf(pos, sizeof pos, "%u", line);
    snprintf(err, errlen, "%s:%s: %s: unknown check '%.100s' (see: plimsoll checks)", c->path, pos, what, pn);
    free(pn);
    return -1;
}

int config_resolve(const config *c, const checkset *set, unsigned char *skip, char *err, size_t errlen)
{
    for (size_t i = 0; i < c->n_skip; i++) {
        long at = checkset_find(set, c->skip[i].name);
        if (at < 0) return unknown_check(c, c->skip[i].line, c->skip[i].col, "skip", c->skip[i].name, err, errlen);
        if (skip) skip[at] = 1;
    }
    for (size_t i = 0; i < c->n_sev; i++)
        if (checkset_find(set, c->sev[i].check) < 0)
            return unknown_check(c, c->sev[i].line, 0, "severity", c->sev[i].check, err, errlen);
    for (size_t i = 0; i < c->n_ign; i++)
        for (size_t j = 0; j < c->ign[i].n_checks; j++)
            if (checkset_find(set, c->ign[i].checks[j]) < 0)
                return unknown_check(c, c->ign[i].line, 0, "ignore", c->ign[i].checks[j], err, errlen);
    return 0;
}

/* ------------------------------------------------------------------ globs */

/* A compiled glob: a list of tokens run as a set of states over the path's
 * characters (a Thompson simulation), so matching costs at most tokens ×
 * characters steps, however many stars the pattern has. Characters are
 * Unicode code points (UTF-8 decoded); a byte that is not UTF-8 stands for
 * itself (0x110000 + byte), so it matches only the same byte. */
enum gop {
    G_LIT, G_ANY, G_CLASS,  /* one character */
    G_STAR, G_DSTAR,        /* any characters (but '/'; any at all), staying on the state */
    G_SEGS0, G_SEGS,        /* `**` + '/': G_SEGS0 moves on at once (no segment) or enters
                             * G_SEGS, which takes any characters and moves on after a '/' */
};

typedef struct gtok {
    uint8_t op, neg;      /* neg: a negated class */
    uint32_t ch;          /* G_LIT: the character */
    uint32_t r0, nr;      /* G_CLASS: ranges rng[r0 .. r0+nr) */
} gtok;

typedef struct gprog {
    gtok *t;     size_t n, cap;
    uint32_t *rng; size_t nrng, cap_rng; /* lo, hi pairs */
} gprog;

/* The character at s (n bytes left); sets *w to its width. */
static uint32_t next_char(const unsigned char *s, size_t n, size_t *w)
{
    unsigned c = s[0];
    size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (need == 1 || need == 0 || need > n) {
        *w = 1;
        return need == 1 ? c : 0x110000u + c;
    }
    uint32_t v = c & (0x7Fu >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *w = 1;
            return 0x110000u + c;
        }
        v = v << 6 | (s[i] & 0x3Fu);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[need] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *w = 1;
        return 0x110000u + c;
    }
    *w = need;
    return v;
}

static void gpush(gprog *g, gtok t)
{
    GROW(g->t, g->cap, g->n + 1);
    g->t[g->n++] = t;
}

/* A class at p (just after its '['): its ranges, and the length up to and
 * including the closing ']'; 0 when it does not close (the '[' is then a
 * literal). */
static size_t gclass(gprog *g, const unsigned char *p, size_t n, gtok *t)
{
    size_t i = 0;
    *t = (gtok){G_CLASS, 0, 0, (uint32_t)g->nrng, 0};
    if (i < n && (p[i] == '!' || p[i] == '^')) t->neg = 1, i++;
    for (int first = 1; i < n; first = 0) {
        if (p[i] == ']' && !first) {
            t->nr = (uint32_t)((g->nrng - t->r0) / 2);
            return i + 1;
        }
        size_t w;
        if (p[i] == '\\' && i + 1 < n) i++;
        uint32_t lo = next_char(p + i, n - i, &w), hi = lo;
        i += w;
        if (i + 1 < n && p[i] == '-' && p[i + 1] != ']') {
            i++;
            if (p[i] == '\\' && i + 1 < n) i++;
            hi = next_char(p + i, n - i, &w);
            i += w;
        }
        GROW(g->rng, g->cap_rng, g->nrng + 2);
        g->rng[g->nrng++] = lo;
        g->rng[g->nrng++] = hi;
    }
    g->nrng = t->r0; /* unclosed */
    return 0;
}

static void gcompile(gprog *g, const char *pattern)
{
    const unsigned char *p = (const unsigned char *)pattern;
    size_t n = strlen(pattern);
    for (size_t i = 0; i < n;) {
        if (p[i] == '*' && i + 1 < n && p[i + 1] == '*') {
            i += 2;
            while (i < n && p[i] == '*') i++; /* *** is ** */
            if (i < n && p[i] == '/') {
                gpush(g, (gtok){G_SEGS0, 0, 0, 0, 0});
                gpush(g, (gtok){G_SEGS, 0, 0, 0, 0});
                i++;
            } else {
                gpush(g, (gtok){G_DSTAR, 0, 0, 0, 0});
            }
            continue;
        }
        if (p[i] == '*') {
            gpush(g, (gtok){G_STAR, 0, 0, 0, 0});
            i++;
            continue;
        }
        if (p[i] == '?') {
            gpush(g, (gtok){G_ANY, 0, 0, 0, 0});
            i++;
            continue;
        }
        if (p[i] == '[') {
            gtok t;
            size_t used = gclass(g, p + i + 1, n - i - 1, &t);
            if (used) {
                gpush(g, t);
                i += 1 + used;
                continue;
            }
        }
        if (p[i] == '\\' && i + 1 < n) i++;
        size_t w;
        uint32_t ch = next_char(p + i, n - i, &w);
        gpush(g, (gtok){G_LIT, 0, ch, 0, 0});
        i += w;
    }
}

static int gclass_has(const gprog *g, const gtok *t, uint32_t ch)
{
    int in = 0;
    for (uint32_t r = 0; r < t->nr && !in; r++) in = ch >= g->rng[t->r0 + 2 * r] && ch <= g->rng[t->r0 + 2 * r + 1];
    return in != t->neg;
}

/* Follow the moves that consume nothing (forward only, so one pass): a star
 * may match no character, `**` + '/' no segment. */
static void gclose(const gprog *g, unsigned char *set)
{
    for (size_t k = 0; k < g->n; k++) {
        if (!set[k]) continue;
        uint8_t op = g->t[k].op;
        if (op == G_STAR || op == G_DSTAR || op == G_SEGS0) set[k + 1] = 1;
        if (op == G_SEGS0) set[k + 2] = 1;
    }
}

/* Does the pattern match the path, or a folder the path is in (a prefix
 * ending at a '/'); unanchored: starting at any segment. */
static int grun(const gprog *g, const char *path, int anchored)
{
    const unsigned char *s = (const unsigned char *)path;
    size_t n = strlen(path), T = g->n;
    if (*s == '/') s++, n--;
    if (!T || !n) return 0; /* an empty pattern or path matches nothing */
    unsigned char *cur = xcalloc(T + 1, 1), *nxt = xcalloc(T + 1, 1);
    int hit = 0, done = 0; /* done: the whole pattern matched at least one character up to here */
    cur[0] = 1;
    gclose(g, cur);
    for (size_t i = 0;;) {
        if ((i == n || s[i] == '/') && done) {
            hit = 1;
            break;
        }
        if (i == n) break;
        size_t w;
        uint32_t ch = next_char(s + i, n - i, &w);
        memset(nxt, 0, T + 1);
        for (size_t k = 0; k < T; k++) {
            if (!cur[k]) continue;
            const gtok *t = &g->t[k];
            switch (t->op) {
            case G_LIT: if (ch == t->ch) nxt[k + 1] = 1; break;
            case G_ANY: if (ch != '/') nxt[k + 1] = 1; break;
            case G_CLASS: if (ch != '/' && gclass_has(g, t, ch)) nxt[k + 1] = 1; break;
            case G_STAR: if (ch != '/') nxt[k] = 1; break;
            case G_DSTAR: nxt[k] = 1; break;
            case G_SEGS: nxt[k] = 1; if (ch == '/') nxt[k + 1] = 1; break;
            default: break; /* G_SEGS0 consumes nothing */
            }
        }
        gclose(g, nxt);
        done = nxt[T];
        /* a match may start at the next segment (an empty match never counts) */
        if (!anchored && ch == '/') {
            nxt[0] = 1;
            gclose(g, nxt);
        }
        int any = 0;
        for (size_t k = 0; k <= T && !any; k++) any = nxt[k];
        unsigned char *sw = cur;
        cur = nxt;
        nxt = sw;
        i += w;
        if (!any && anchored) break;
    }
    free(cur);
    free(nxt);
    return hit;
}

int config_glob(const char *pattern, const char *path)
{
    while (pattern[0] == '.' && pattern[1] == '/') pattern += 2;
    char *pat = xstrdup(pattern);
    size_t pl = strlen(pat);
    while (pl > 1 && pat[pl - 1] == '/') pat[--pl] = 0;
    int anchored = strchr(pat, '/') != NULL;
    gprog g = {0};
    gcompile(&g, pat[0] == '/' ? pat + 1 : pat); /* "/vendor": the root's vendor only */
    int hit = grun(&g, path, anchored);
    free(g.t);
    free(g.rng);
    free(pat);
    return hit;
}

/* A file relative to the config's folder (else as reports name it). */
static char *rel_to_root(const config *c, const display_roots *roots, const char *file)
{
    char real[PATH_MAX];
    if (c->root && realpath(file, real)) {
        size_t n = strlen(c->root);
        if (strcmp(c->root, "/") == 0) return xstrdup(real + 1);
        if (strncmp(real, c->root, n) == 0 && real[n] == '/') return xstrdup(real + n + 1);
    }
    return display_path(roots, file);
}

int config_excluded(const void *ctx, const char *path)
{
    const config_exclude *x = ctx;
    if (!x->cfg->n_exclude) return 0;
    char *rel = rel_to_root(x->cfg, &x->roots, path);
    int hit = 0;
    for (size_t i = 0; i < x->cfg->n_exclude && !hit; i++) hit = config_glob(x->cfg->exclude[i], rel);
    free(rel);
    return hit;
}

void config_apply(const config *c, const checkset *set, scan_result *r, const char *today, buf *warnings)
{
    /* Expired ignores say so, once each. */
    for (size_t i = 0; i < c->n_ign; i++) {
        const config_ignore *ig = &c->ign[i];
        if (!ig->expires[0] || strcmp(today, ig->expires) < 0) continue;
        buf_printf(warnings, "%s:%u: warning: the ignore of ", c->path, ig->line);
        for (size_t j = 0; j < ig->n_checks; j++) buf_printf(warnings, "%s%s", j ? "," : "", ig->checks[j]);
        buf_printf(warnings, " expired on %s; its findings are reported again\n", ig->expires);
    }
    /* Findings: severity, then ignores. */
    const char *last_file = NULL;
    char *rel = NULL;
    for (size_t i = 0; i < r->res.n_f; i++) {
        finding *f = &r->res.f[i];
        if (!last_file || strcmp(last_file, f->src->path) != 0) {
            free(rel);
            rel = rel_to_root(c, &r->roots, f->src->path);
            last_file = f->src->path;
        }
        const check *k = &set->v[f->check];
        for (size_t j = 0; j < c->n_sev; j++)
            if (suppress_names_check(c->sev[j].check, strlen(c->sev[j].check), k)) f->sev = c->sev[j].sev;
        for (size_t j = 0; j < c->n_ign && !f->suppressed; j++) {
            const config_ignore *ig = &c->ign[j];
            if (ig->expires[0] && strcmp(today, ig->expires) >= 0) continue;
            int named = 0;
            for (size_t m = 0; m < ig->n_checks && !named; m++)
                named = suppress_names_check(ig->checks[m], strlen(ig->checks[m]), k);
            if (!named) continue;
            int in_path = ig->n_paths == 0;
            for (size_t m = 0; m < ig->n_paths && !in_path; m++) in_path = config_glob(ig->paths[m], rel);
            if (!in_path) continue;
            char src[512];
            snprintf(src, sizeof src, "config %s:%u", c->path, ig->line);
            suppress_mark(f, ig->reason, src);
        }
    }
    free(rel);
}

void config_free(config *c)
{
    free(c->path);
    free(c->root);
    for (size_t i = 0; i < c->n_skip; i++) free(c->skip[i].name);
    free(c->skip);
    for (size_t i = 0; i < c->n_sev; i++) free(c->sev[i].check);
    free(c->sev);
    for (size_t i = 0; i < c->n_exclude; i++) free(c->exclude[i]);
    free(c->exclude);
    for (size_t i = 0; i < c->n_ign; i++) {
        config_ignore *ig = &c->ign[i];
        for (size_t j = 0; j < ig->n_checks; j++) free(ig->checks[j]);
        free(ig->checks);
        for (size_t j = 0; j < ig->n_paths; j++) free(ig->paths[j]);
        free(ig->paths);
        free(ig->reason);
    }
    free(c->ign);
    for (size_t i = 0; i < c->n_opt; i++) {
        for (size_t j = 0; j < c->opt[i].n_vals; j++) free(c->opt[i].vals[j]);
        free(c->opt[i].vals);
        free(c->opt[i].key);
    }
    free(c->opt);
    memset(c, 0, sizeof *c);
}
