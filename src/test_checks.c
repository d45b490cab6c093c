/* test_checks.c — custom checks against their fixtures (see test_checks.h).
 * Each fixture is one real scan with only the check under test enabled, so
 * what this says about a fixture is what `plimsoll scan` would report on it.
 * Nothing here prints. */
#include "test_checks.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "display.h"
#include "scan.h"
#include "suppress.h"

/* ------------------------------------------------------- expectations */

typedef struct expect {
    char *file;            /* inside a folder fixture, or NULL */
    uint32_t line, col;    /* col 0: any column */
} expect;

typedef struct expect_list {
    expect *v;
    size_t n, cap;
    char *bad;             /* the first spec that did not parse, or NULL */
} expect_list;

static void expects_free(expect_list *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].file);
    free(l->v);
    free(l->bad);
    memset(l, 0, sizeof *l);
}

static int all_digits(const char *s, size_t n)
{
    if (!n || n > 9) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

static const char *last_colon(const char *s, const char *end)
{
    while (end > s && end[-1] != ':') end--;
    return end > s ? end - 1 : NULL;
}

/* "12", "12:7", "deploy.yaml:12", "deploy.yaml:12:7" → e; -1 when not one. */
static int parse_spec(const char *s, size_t n, expect *e)
{
    memset(e, 0, sizeof *e);
    const char *end = s + n, *c2 = last_colon(s, end);
    if (!c2) {
        if (!all_digits(s, n)) return -1;
        e->line = (uint32_t)strtoul(s, NULL, 10);
        return e->line ? 0 : -1;
    }
    if (!all_digits(c2 + 1, (size_t)(end - c2 - 1)) || c2 == s) return -1;
    uint32_t last = (uint32_t)strtoul(c2 + 1, NULL, 10);
    const char *c1 = last_colon(s, c2);
    if (all_digits(s, (size_t)(c2 - s))) {                               /* LINE:COL */
        e->line = (uint32_t)strtoul(s, NULL, 10);
        e->col = last;
    } else if (c1 && c1 > s && all_digits(c1 + 1, (size_t)(c2 - c1 - 1))) { /* FILE:LINE:COL */
        e->line = (uint32_t)strtoul(c1 + 1, NULL, 10);
        e->col = last;
        e->file = xstrndup(s, (size_t)(c1 - s));
    } else {                                                             /* FILE:LINE */
        e->line = last;
        e->file = xstrndup(s, (size_t)(c2 - s));
    }
    if (e->line && (e->col || e->line == last)) return 0; /* LINE:0 is no column */
    free(e->file);
    e->file = NULL;
    return -1;
}

/* Specs separated by commas or blanks, up to a # comment or the line end. */
static void parse_specs(expect_list *l, const char *p, const char *end)
{
    while (p < end && *p != '#' && *p != '\n') {
        if (*p == ',' || isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (q < end && *q != ',' && *q != '#' && !isspace((unsigned char)*q)) q++;
        expect e;
        if (parse_spec(p, (size_t)(q - p), &e) == 0) {
            GROW(l->v, l->cap, l->n + 1);
            l->v[l->n++] = e;
        } else if (!l->bad) {
            l->bad = xstrndup(p, (size_t)(q - p));
        }
        p = q;
    }
}

/* The expectations of a sidecar file (every line) or, inline, of the
 * `# expect: …` lines of a fixture file. A missing sidecar is no error. */
static void read_expects(expect_list *l, const char *path, int inline_only)
{
    char *text;
    size_t len;
    if (read_file(path, &text, &len) != 0) return;
    const char *end = text + len;
    for (const char *p = text; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *q = p;
        while (q < eol && (*q == ' ' || *q == '\t')) q++;
        if (!inline_only) {
            parse_specs(l, q, eol);
        } else if (q < eol && *q == '#') {
            for (q++; q < eol && (*q == ' ' || *q == '\t');) q++;
            if ((size_t)(eol - q) >= 7 && strncmp(q, "expect:", 7) == 0) parse_specs(l, q + 7, eol);
        }
        p = eol + 1;
    }
    free(text);
}

/* ------------------------------------------------------------ fixtures */

typedef struct tcx {            /* the check under test */
    engine *e;
    checkset *set;
    const engine_opts *eo;
    uint32_t check;
    unsigned char *enabled;
    unsigned covered[2];        /* inputs exercised by pass-* [0] and fail-* [1] fixtures */
    buf *out;
    test_checks_count *n;
} tcx;

/* Where a finding is, as an expectation names it: "12:7", or in a folder
 * fixture "deploy.yaml:12:7". */
static void put_position(buf *b, const finding *f, const char *fixture, int is_dir)
{
    size_t fl = strlen(fixture);
    const char *p = f->src->path;
    if (is_dir && strncmp(p, fixture, fl) == 0 && p[fl] == '/') buf_printf(b, "%s:", p + fl + 1);
    else if (is_dir) buf_printf(b, "%s:", p);
    buf_printf(b, "%u:%u", f->line, f->col);
}

static int matches(const expect *x, const finding *f, const char *fixture, int is_dir)
{
    if (f->line != x->line || (x->col && f->col != x->col)) return 0;
    if (!x->file) return 1;
    size_t fl = strlen(fixture);
    const char *p = f->src->path;
    if (is_dir) return strncmp(p, fixture, fl) == 0 && p[fl] == '/' && strcmp(p + fl + 1, x->file) == 0;
    const char *base = strrchr(p, '/');
    return strcmp(base ? base + 1 : p, x->file) == 0;
}

/* Inputs of the documents of r the check reads (its inputs, its kinds). */
static unsigned held_inputs(const scan_result *r, const check *k)
{
    unsigned held = 0;
    for (size_t i = 0; i < r->n_files; i++)
        for (size_t j = 0; j < r->files[i].docs.n; j++) {
            const doc *d = &r->files[i].docs.v[j];
            const char *kind = d->type == DOC_KUBERNETES ? tree_member_str(d->t, d->root, "kind") : NULL;
            if (check_applies(k, d, kind)) held |= input_of_doc(d->type);
        }
    return held;
}

typedef struct verdict {
    const char *path;
    int fail, is_dir;           /* a fail-* fixture; a folder */
    size_t n_found;             /* unsuppressed findings of the check */
    unsigned held, found_in;    /* inputs held; inputs of the documents with findings */
} verdict;

/* Every expectation has a finding there, and every finding an expectation. */
static int expects_met(const scan_result *r, const expect_list *x, const verdict *v)
{
    for (size_t i = 0; i < x->n; i++) {
        int hit = 0;
        for (size_t j = 0; j < r->res.n_f && !hit; j++)
            hit = !r->res.f[j].suppressed && matches(&x->v[i], &r->res.f[j], v->path, v->is_dir);
        if (!hit) return 0;
    }
    for (size_t j = 0; j < r->res.n_f; j++) {
        int hit = r->res.f[j].suppressed;
        for (size_t i = 0; i < x->n && !hit; i++) hit = matches(&x->v[i], &r->res.f[j], v->path, v->is_dir);
        if (!hit) return 0;
    }
    return 1;
}

/* Why the fixture fails, into why (empty when it passes). */
static void judge(const tcx *t, const scan_result *r, const expect_list *x, const verdict *v, buf *why)
{
    const check *k = &t->set->v[t->check];
    if (r->res.n_e) {
        buf_printf(why, "%zu error%s", r->res.n_e, r->res.n_e == 1 ? "" : "s");
    } else if (!v->held) {
        buf_puts(why, "holds no document this check reads (inputs: ");
        for (int i = 0, s = 0; i < N_INPUTS; i++)
            if (k->inputs & input_bit(i)) buf_printf(why, "%s%s", s++ ? ", " : "", input_name(input_bit(i)));
        for (size_t i = 0; i < k->n_kinds; i++) buf_printf(why, "%s%s", i ? ", " : "; kinds: ", k->kinds[i]);
        buf_putc(why, ')');
    } else if (x->bad) {
        buf_printf(why, "cannot read the expectation '%s' (LINE, LINE:COL or FILE:LINE[:COL])", x->bad);
    } else if (!v->fail) {
        if (x->n) buf_puts(why, "a pass fixture expects no finding: remove its expect lines");
        else if (v->n_found) buf_printf(why, "want no finding of %s, got %zu", k->name, v->n_found);
    } else if (!v->n_found) {
        buf_printf(why, "no finding of %s (want at least one)", k->name);
    } else if (x->n && !expects_met(r, x, v)) {
        buf_puts(why, "expected findings at ");
        for (size_t i = 0; i < x->n; i++) {
            buf_printf(why, "%s%s%s", i ? ", " : "", x->v[i].file ? x->v[i].file : "", x->v[i].file ? ":" : "");
            buf_printf(why, x->v[i].col ? "%u:%u" : "%u", x->v[i].line, x->v[i].col);
        }
        buf_puts(why, ", found at ");
        const char *sep = "";
        for (size_t j = 0; j < r->res.n_f; j++) {
            if (r->res.f[j].suppressed) continue;
            buf_puts(why, sep);
            put_position(why, &r->res.f[j], v->path, v->is_dir);
            sep = ", ";
        }
    }
}

/* The headline scan prints for a finding, indented under a FAIL line. */
static void put_finding(buf *b, const finding *f, const check *k)
{
    buf_printf(b, "    %s:%u:%u: %s %s: %s", f->src->path, f->line, f->col, severity_name(f->sev), k->name, f->message);
    display_finding_resource(b, f);
    buf_puts(b, f->suppressed ? " (suppressed)\n" : "\n");
}

/* The fixture's line, then on failure the errors and findings seen. */
static void report_fixture(tcx *t, const scan_result *r, const verdict *v, const buf *why)
{
    const check *k = &t->set->v[t->check];
    if (!why->len) {
        t->n->passed++;
        buf_printf(t->out, "ok   %s", v->path);
        const char *sep = " (";
        for (size_t i = 0; i < r->res.n_f; i++) {
            if (r->res.f[i].suppressed) continue;
            buf_puts(t->out, sep);
            put_position(t->out, &r->res.f[i], v->path, v->is_dir);
            sep = ", ";
        }
        buf_puts(t->out, *sep == ',' ? ")\n" : "\n");
        return;
    }
    t->n->failed++;
    buf_printf(t->out, "FAIL %s: %s\n", v->path, why->s);
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        if (e->line) buf_printf(t->out, "    %s:%u:%u: error: ", e->file, e->line, e->col ? e->col : 1);
        else buf_printf(t->out, "    %s: error: ", e->file);
        for (const char *p = e->message; *p; p++) { /* a traceback's lines indented too */
            buf_putc(t->out, *p);
            if (*p == '\n') buf_puts(t->out, "    ");
        }
        buf_putc(t->out, '\n');
    }
    for (size_t i = 0; i < r->res.n_f; i++) put_finding(t->out, &r->res.f[i], k);
}

/* Scan one fixture with only the check under test, then judge it. x holds
 * the expectations of its sidecar; the inline ones are read here. */
static void test_fixture(tcx *t, const char *path, int fail, int is_dir, expect_list *x)
{
    if (!is_dir) read_expects(x, path, 1);
    const char *paths[1] = {path};
    scan_opts so = {.paths = paths, .n_paths = 1, .eng = *t->eo, .lim = LOAD_LIMITS_DEFAULT, .jobs = 1};
    scan_result r;
    scan_run(&so, t->e, t->set, t->enabled, &r);
    suppress_apply(&r, t->set);
    verdict v = {.path = path, .fail = fail, .is_dir = is_dir};
    v.held = held_inputs(&r, &t->set->v[t->check]);
    for (size_t i = 0; i < r.res.n_f; i++)
        if (!r.res.f[i].suppressed && r.res.f[i].check == t->check) {
            v.n_found++;
            if (r.res.f[i].doc) v.found_in |= input_of_doc(r.res.f[i].doc->type);
        }
    buf why = {0};
    judge(t, &r, x, &v, &why);
    report_fixture(t, &r, &v, &why);
    t->covered[fail] |= (fail && v.found_in) ? v.found_in : v.held;
    buf_free(&why);
    scan_result_free(&r);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names in dir, sorted, hidden ones left out; -1 (errno set) when it
 * cannot be read. */
static int list_dir(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        GROW(*names, cap, *n + 1);
        (*names)[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, cmp_name);
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A fixture's stem: its name without the last extension (folders: all of it). */
static size_t stem_len(const char *name, int is_dir)
{
    const char *dot = is_dir ? NULL : strrchr(name, '.');
    return dot && dot > name ? (size_t)(dot - name) : strlen(name);
}

static int is_fixture_name(const char *name)
{
    return (strncmp(name, "pass-", 5) == 0 || strncmp(name, "fail-", 5) == 0) && !ends_with(name, ".expect");
}

/* Does a fixture of stem (len bytes) exist among names? */
static int has_fixture(const char *dir, char **names, size_t n, const char *stem, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (!is_fixture_name(names[i])) continue;
        buf full = {0};
        buf_printf(&full, "%s/%s", dir, names[i]);
        struct stat st;
        int is_dir = stat(full.s, &st) == 0 && S_ISDIR(st.st_mode);
        buf_free(&full);
        if (stem_len(names[i], is_dir) == len && strncmp(names[i], stem, len) == 0) return 1;
    }
    return 0;
}

/* One entry of a check's fixture folder: a fixture, an expect file, or a
 * stray file. Counts fixtures by kind into seen[pass, fail]. */
static void test_entry(tcx *t, const char *dir, char **names, size_t n, size_t i, size_t seen[2])
{
    const char *name = names[i];
    buf full = {0};
    buf_printf(&full, "%s/%s", dir, name);
    struct stat st;
    int is_dir = stat(full.s, &st) == 0 && S_ISDIR(st.st_mode);
    if (is_fixture_name(name)) {
        int fail = name[0] == 'f';
        expect_list x = {0};
        buf side = {0};
        buf_printf(&side, "%s/%.*s.expect", dir, (int)stem_len(name, is_dir), name);
        read_expects(&x, side.s, 0);
        test_fixture(t, full.s, fail, is_dir, &x);
        seen[fail]++;
        expects_free(&x);
        buf_free(&side);
    } else if (ends_with(name, ".expect") && (strncmp(name, "pass-", 5) == 0 || strncmp(name, "fail-", 5) == 0)) {
        if (!has_fixture(dir, names, n, name, strlen(name) - 7)) {
            t->n->failed++;
            buf_printf(t->out, "FAIL %s: expectations for no fixture (no %.*s.* or %.*s/ beside it)\n", full.s,
                       (int)(strlen(name) - 7), name, (int)(strlen(name) - 7), name);
        }
    } else {
        t->n->failed++;
        buf_printf(t->out, "FAIL %s: not a fixture: name it pass-* (no finding) or fail-* (a finding)\n", full.s);
    }
    buf_free(&full);
}

/* The check needs, for each input it declares, a pass-* and a fail-*
 * fixture exercising that input. */
static void test_coverage(tcx *t, const char *dir, const size_t seen[2])
{
    const check *k = &t->set->v[t->check];
    const char *file = k->file;
    while (file[0] == '.' && file[1] == '/') file += 2;
    for (int fail = 1; fail >= 0; fail--) {
        const char *what = fail ? "fail" : "pass";
        if (!seen[fail]) {
            t->n->failed++;
            buf_printf(t->out, "FAIL %s: no %s fixture (add %s/%s-*)\n", file, what, dir, what);
            continue;
        }
        for (int i = 0; i < N_INPUTS; i++) {
            unsigned bit = input_bit(i);
            if (!(k->inputs & bit) || (t->covered[fail] & bit)) continue;
            t->n->failed++;
            buf_printf(t->out, "FAIL %s: no %s fixture for input %s (add %s/%s-* holding a %s document)\n", file,
                       what, input_name(bit), dir, what, input_name(bit));
        }
    }
}

/* "dir/no_debug_label.lua" → "dir/no_debug_label" (malloc'd); a leading
 * "./" is dropped, as reports drop it. */
static char *fixture_dir(const char *file)
{
    while (file[0] == '.' && file[1] == '/') file += 2;
    size_t l = strlen(file);
    return xstrndup(file, ends_with(file, ".lua") ? l - 4 : l);
}

static void test_check(tcx *t)
{
    char *dir = fixture_dir(t->set->v[t->check].file);
    char **names;
    size_t n, seen[2] = {0, 0};
    if (list_dir(dir, &names, &n) != 0 && errno != ENOENT) {
        t->n->failed++;
        buf_printf(t->out, "FAIL %s: cannot read the fixtures: %s\n", dir, strerror(errno));
    }
    for (size_t i = 0; i < n; i++) test_entry(t, dir, names, n, i, seen);
    test_coverage(t, dir, seen);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(dir);
}

void test_checks_run(engine *e, checkset *set, const engine_opts *eo, buf *out, test_checks_count *n)
{
    memset(n, 0, sizeof *n);
    unsigned char *enabled = xcalloc(set->n + 1, 1);
    for (size_t i = 0; i < set->n; i++) {
        if (!set->v[i].custom) continue;
        tcx t = {.e = e, .set = set, .eo = eo, .check = (uint32_t)i, .enabled = enabled, .out = out, .n = n};
        enabled[i] = 1;
        test_check(&t);
        enabled[i] = 0;
        n->checks++;
    }
    free(enabled);
}
