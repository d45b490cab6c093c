/* check.c — severities, inputs, findings and the result list: adding, merging,
 * sorting (the one deterministic order every report uses), masking secrets. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"

static const char *const sev_names[SEV_COUNT] = {"info", "low", "medium", "high", "critical"};

const char *severity_name(severity s) { return s < SEV_COUNT ? sev_names[s] : "?"; }

int severity_parse(const char *s)
{
    for (int i = 0; i < SEV_COUNT; i++)
        if (strcmp(s, sev_names[i]) == 0) return i;
    return -1;
}

static const struct { unsigned bit; const char *name; } inputs[] = {
    {IN_KUBERNETES, "kubernetes"}, {IN_COMPOSE, "compose"},
    {IN_DOCKERFILE, "dockerfile"}, {IN_IMAGE, "image"},
    {IN_CONTAINER, "container"}, {IN_DAEMON, "daemon"}, {IN_NODE, "node"},
    {IN_ARCHIVE, "archive"},
};
_Static_assert(sizeof inputs / sizeof *inputs == N_INPUTS, "N_INPUTS counts the inputs table");

const char *input_name(unsigned bit)
{
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        if (inputs[i].bit == bit) return inputs[i].name;
    return "?";
}

unsigned input_parse(const char *s)
{
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        if (strcmp(s, inputs[i].name) == 0) return inputs[i].bit;
    return 0;
}

unsigned input_bit(int i) { return i >= 0 && i < N_INPUTS ? inputs[i].bit : 0; }

unsigned input_of_doc(doc_type t)
{
    switch (t) {
    case DOC_KUBERNETES: return IN_KUBERNETES;
    case DOC_COMPOSE: return IN_COMPOSE;
    case DOC_DOCKERFILE: return IN_DOCKERFILE;
    case DOC_IMAGE: return IN_IMAGE;
    case DOC_CONTAINER: return IN_CONTAINER;
    case DOC_DAEMON: return IN_DAEMON;
    case DOC_NODE: return IN_NODE;
    case DOC_ARCHIVE: return IN_ARCHIVE;
    default: return 0;
    }
}

int check_applies(const check *c, const doc *d, const char *k8s_kind)
{
    unsigned in = input_of_doc(d->type);
    if (!(c->inputs & in)) return 0;
    if (d->helm_values) return c->helm_values; /* only checks that ask for them */
    if (in != IN_KUBERNETES || !c->kinds) return 1;
    if (!k8s_kind) return 0;
    for (size_t i = 0; i < c->n_kinds; i++)
        if (strcmp(c->kinds[i], k8s_kind) == 0) return 1;
    return 0;
}

void check_free_fields(check *c)
{
    free(c->id); free(c->name); free(c->title); free(c->description);
    free(c->remediation); free(c->file);
    for (size_t i = 0; i < c->n_kinds; i++) free(c->kinds[i]);
    free(c->kinds);
    for (size_t i = 0; i < c->n_supersedes; i++) free(c->supersedes[i]);
    free(c->supersedes);
    for (size_t i = 0; i < c->n_controls; i++) {
        free(c->controls[i].framework);
        free(c->controls[i].id);
        free(c->controls[i].version);
    }
    free(c->controls);
    memset(c, 0, sizeof *c);
}

void results_add_error(results *r, const char *file, uint32_t line, uint32_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    GROW(r->e, r->cap_e, r->n_e + 1);
    r->e[r->n_e++] = (scan_error){xstrdup(file ? file : ""), line, col, msg, NULL, 0};
}

void results_merge(results *dst, results *src)
{
    GROW(dst->f, dst->cap_f, dst->n_f + src->n_f);
    if (src->n_f) memcpy(dst->f + dst->n_f, src->f, src->n_f * sizeof *src->f);
    dst->n_f += src->n_f;
    GROW(dst->e, dst->cap_e, dst->n_e + src->n_e);
    if (src->n_e) memcpy(dst->e + dst->n_e, src->e, src->n_e * sizeof *src->e);
    dst->n_e += src->n_e;
    free(src->f);
    free(src->e);
    memset(src, 0, sizeof *src);
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

/* qsort has no context argument in C11; the check table rides in a struct
 * prepended to a copy of each element instead of a global. */
typedef struct sortable {
    const finding *f;
    const check *c;
} sortable;

static int cmp_finding(const void *pa, const void *pb)
{
    const sortable *a = pa, *b = pb;
    int d = cmp_str(a->f->src->path, b->f->src->path);
    if (d) return d;
    if (a->f->line != b->f->line) return a->f->line < b->f->line ? -1 : 1;
    if (a->f->col != b->f->col) return a->f->col < b->f->col ? -1 : 1;
    if ((d = cmp_str(a->c[a->f->check].id, b->c[b->f->check].id))) return d;
    if ((d = cmp_str(a->f->path, b->f->path))) return d;
    if ((d = cmp_str(a->f->container, b->f->container))) return d;
    return cmp_str(a->f->message, b->f->message);
}

static int cmp_error(const void *pa, const void *pb)
{
    const scan_error *a = pa, *b = pb;
    int d = strcmp(a->file, b->file);
    if (d) return d;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return strcmp(a->message, b->message);
}

void results_sort(results *r, const check *checks)
{
    if (r->n_f > 1) {
        sortable *s = xmalloc(r->n_f * sizeof *s);
        for (size_t i = 0; i < r->n_f; i++) s[i] = (sortable){&r->f[i], checks};
        qsort(s, r->n_f, sizeof *s, cmp_finding);
        finding *out = xmalloc(r->n_f * sizeof *out);
        for (size_t i = 0; i < r->n_f; i++) out[i] = *s[i].f;
        free(s);
        free(r->f);
        r->f = out;
        r->cap_f = r->n_f;
    }
    if (r->n_e > 1) qsort(r->e, r->n_e, sizeof *r->e, cmp_error);
}

void finding_free_fields(finding *f)
{
    free(f->path); free(f->kind); free(f->ns); free(f->name); free(f->container);
    free(f->message); free(f->remediation); free(f->fix_json); free(f->secret);
    free(f->suppress_reason); free(f->suppress_source); free(f->line_text);
    memset(f, 0, sizeof *f);
}

void results_truncate(results *r, size_t n_f)
{
    while (r->n_f > n_f) finding_free_fields(&r->f[--r->n_f]);
}

void results_free(results *r)
{
    for (size_t i = 0; i < r->n_f; i++) finding_free_fields(&r->f[i]);
    for (size_t i = 0; i < r->n_e; i++) {
        free(r->e[i].file);
        free(r->e[i].message);
        free(r->e[i].line_text);
    }
    free(r->f);
    free(r->e);
    memset(r, 0, sizeof *r);
}

const char *check_class(const check *c) { return c->hardening ? "hardening" : "risk"; }

char *secret_mask(const char *s) { return mask_secret(s); }

static int word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

char *secret_mask_value(const char *text, const char *secret, const char *const *names, size_t n_names)
{
    if (!secret || !*secret || !strstr(text, secret)) return xstrdup(text);
    int is_name = 0;
    for (size_t i = 0; i < n_names; i++) is_name |= names[i] && strcmp(names[i], secret) == 0;
    char *m = secret_mask(secret);
    size_t sl = strlen(secret);
    buf b = {0};
    for (const char *p = text;;) {
        const char *q = strstr(p, secret);
        if (!q) {
            buf_puts(&b, p);
            break;
        }
        char before = q > text ? q[-1] : ' ', after = q[sl];
        /* part of a longer identifier (services.giteadb), or the finding's own
         * container or resource name written as a name ("gitea", .gitea.) */
        int keep = word_char(before) || word_char(after) ||
                   (is_name && (before == '"' || before == '.' || before == '[' || before == ' ') &&
                    (after == '"' || after == '.' || after == ']' || after == ' '));
        buf_add(&b, p, (size_t)(q - p));
        if (keep) buf_add(&b, q, sl);
        else buf_puts(&b, m);
        p = q + sl;
    }
    free(m);
    if (!b.s) return xstrdup("");
    return b.s;
}

char *secret_mask_in(const char *text, const char *secret)
{
    mask_set one = {0};
    mask_set_add(&one, secret);
    mask_set_seal(&one);
    char *m = mask_text(&one, text, strlen(text));
    mask_set_free(&one);
    return m;
}
