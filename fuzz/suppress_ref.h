/* suppress_ref.h — the reference for fuzz_suppress.c: the in-source
 * suppression rules as plimsoll implemented them before issue 13, scanning
 * the source again for every finding (simple, quadratic). The indexed
 * implementation in src/suppress.c must decide exactly the same. Included
 * by fuzz_suppress.c only. */
#ifndef PLIMSOLL_SUPPRESS_REF_H
#define PLIMSOLL_SUPPRESS_REF_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "suppress.h"

#define DIRECTIVE "plimsoll:ignore"

static int ref_names_check(const char *name, size_t len, const check *c)
{
    return (strlen(c->name) == len && strncmp(c->name, name, len) == 0) ||
           (strlen(c->id) == len && strncasecmp(c->id, name, len) == 0);
}

static void ref_mark(finding *f, const char *reason, const char *where)
{
    free(f->suppress_reason);
    free(f->suppress_source);
    f->suppressed = 1;
    f->suppress_reason = xstrdup(reason ? reason : "");
    f->suppress_source = xstrdup(where ? where : "");
}

/* A parsed `# plimsoll:ignore[-file] names reason` comment. */
typedef struct directive {
    const char *names;   /* start of the list */
    size_t names_len;
    char reason[256];
} directive;

static int is_name_char(char ch) { return isalnum((unsigned char)ch) || ch == '-' || ch == '_' || ch == '.'; }

/* Find the directive `word` ("plimsoll:ignore" or "plimsoll:ignore-file")
 * in a comment of line s[0..n): after a '#' that starts the line or follows
 * whitespace. comment_only: the line must be only the comment. */
static int parse_directive(const char *s, size_t n, const char *word, int comment_only, directive *out)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    if (comment_only && (i >= n || s[i] != '#')) return 0;
    size_t wl = strlen(word);
    for (; i < n; i++) {
        if (s[i] != '#' || (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t')) continue;
        size_t p = i + 1;
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        if (n - p < wl || strncmp(s + p, word, wl) != 0) continue;
        p += wl;
        if (p < n && s[p] != ' ' && s[p] != '\t') continue; /* ignore vs ignore-file */
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        /* names: name[, name]... */
        size_t start = p, end = p;
        for (;;) {
            size_t q = p;
            while (q < n && is_name_char(s[q])) q++;
            if (q == p) break;
            end = q;
            p = q;
            size_t c = p;
            while (c < n && (s[c] == ' ' || s[c] == '\t')) c++;
            if (c < n && s[c] == ',') {
                c++;
                while (c < n && (s[c] == ' ' || s[c] == '\t')) c++;
                p = c;
                continue;
            }
            break;
        }
        if (end == start) return 0;
        out->names = s + start;
        out->names_len = end - start;
        while (p < n && (s[p] == ' ' || s[p] == '\t')) p++;
        size_t rl = n - p;
        while (rl && (s[p + rl - 1] == ' ' || s[p + rl - 1] == '\t' || s[p + rl - 1] == '\r')) rl--;
        if (rl >= sizeof out->reason) rl = sizeof out->reason - 1;
        memcpy(out->reason, s + p, rl);
        out->reason[rl] = 0;
        return 1;
    }
    return 0;
}

/* Does the name list of dir name check c? */
static int directive_names(const directive *dir, const check *c)
{
    const char *p = dir->names, *end = dir->names + dir->names_len;
    while (p < end) {
        const char *q = p;
        while (q < end && is_name_char(*q)) q++;
        if (q > p && ref_names_check(p, (size_t)(q - p), c)) return 1;
        while (q < end && !is_name_char(*q)) q++;
        p = q;
    }
    return 0;
}

static int line_is_comment(const source *src, uint32_t line)
{
    size_t n;
    const char *s = source_line(src, line, &n);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return i < n && s[i] == '#';
}

/* Look for an ignore naming c on `line` (trailing comment allowed unless
 * comment_only) and in the block of comment lines directly above `above`. */
static int find_inline(const source *src, uint32_t line, uint32_t above, int trailing, const check *c,
                       directive *dir, uint32_t *at)
{
    size_t n;
    const char *s;
    if (trailing && line >= 1 && line <= src->n_lines) {
        s = source_line(src, line, &n);
        if (parse_directive(s, n, DIRECTIVE, 0, dir) && directive_names(dir, c)) {
            *at = line;
            return 1;
        }
    }
    for (uint32_t l = above; l >= 1 && l <= src->n_lines && line_is_comment(src, l); l--) {
        s = source_line(src, l, &n);
        if (parse_directive(s, n, DIRECTIVE, 1, dir) && directive_names(dir, c)) {
            *at = l;
            return 1;
        }
    }
    return 0;
}

static int is_doc_separator(const char *s, size_t n)
{
    return (n >= 3 && strncmp(s, "---", 3) == 0 && (n == 3 || s[3] == ' ' || s[3] == '\t' || s[3] == '\r'));
}

/* A file-level ignore naming c that covers `line`: in the leading comment
 * block of the file (covers it all) or, in YAML, of the document after a
 * `---` (covers that document). */
static int find_file_level(const source *src, int yaml, uint32_t line, const check *c, directive *dir, uint32_t *at)
{
    int top = 1, segment = 0;
    uint32_t seg_start = 1;
    for (uint32_t l = 1; l <= src->n_lines; l++) {
        size_t n;
        const char *s = source_line(src, l, &n);
        if (yaml && is_doc_separator(s, n)) {
            if (l > line) return 0;
            top = 1;
            segment++;
            seg_start = l;
            continue;
        }
        if (!top) {
            if (!yaml && l > line) return 0;
            continue;
        }
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
        if (i == n) continue;
        if (s[i] != '#') {
            top = 0;
            continue;
        }
        if (parse_directive(s, n, DIRECTIVE "-file", 1, dir) && directive_names(dir, c)) {
            if (segment == 0 || line >= seg_start) {
                /* segment 0 is the top of the file: all of it; later ones up to the next --- */
                if (segment == 0) {
                    *at = l;
                    return 1;
                }
                uint32_t e = l + 1;
                while (e <= src->n_lines) {
                    size_t en;
                    const char *es = source_line(src, e, &en);
                    if (is_doc_separator(es, en)) break;
                    e++;
                }
                if (line < e) {
                    *at = l;
                    return 1;
                }
            }
        }
    }
    return 0;
}

/* plimsoll.io/ignore on the metadata at `meta`: 1 when it names c. */
static int annotation_names(const tree *t, node_id meta, const check *c, const char **reason)
{
    node_id ann = tree_member(t, meta, "annotations", NULL);
    if (!ann) return 0;
    const char *list = tree_member_str(t, ann, "plimsoll.io/ignore");
    if (!list) return 0;
    directive dir = {.names = list, .names_len = strlen(list)};
    if (!directive_names(&dir, c)) return 0;
    *reason = tree_member_str(t, ann, "plimsoll.io/ignore-reason");
    return 1;
}

/* The metadata maps that may carry the annotation: the resource's, and its
 * pod template's (spec.template, spec.jobTemplate.spec.template). */
static int find_annotation(const doc *d, const check *c, const char **reason, const char **where)
{
    const tree *t = d->t;
    node_id meta = tree_member(t, d->root, "metadata", NULL);
    if (meta && annotation_names(t, meta, c, reason)) {
        *where = "the resource";
        return 1;
    }
    node_id spec = tree_member(t, d->root, "spec", NULL);
    node_id tpl = spec ? tree_member(t, spec, "template", NULL) : NODE_NONE;
    if (!tpl && spec) {
        node_id jt = tree_member(t, spec, "jobTemplate", NULL);
        node_id js = jt ? tree_member(t, jt, "spec", NULL) : NODE_NONE;
        tpl = js ? tree_member(t, js, "template", NULL) : NODE_NONE;
    }
    meta = tpl ? tree_member(t, tpl, "metadata", NULL) : NODE_NONE;
    if (meta && annotation_names(t, meta, c, reason)) {
        *where = "the pod template";
        return 1;
    }
    return 0;
}

static void ref_apply(scan_result *r, const checkset *set)
{
    for (size_t i = 0; i < r->res.n_f; i++) {
        finding *f = &r->res.f[i];
        if (f->suppressed || !f->src) continue;
        const check *c = &set->v[f->check];
        const doc *d = f->doc;
        int dockerfile = d && d->type == DOC_DOCKERFILE;
        directive dir;
        uint32_t at = 0;
        char src[512];
        int hit = 0;
        if (dockerfile) {
            /* above the instruction, covering all its lines */
            uint32_t first = f->instr ? f->instr_line : f->line;
            hit = find_inline(f->src, first, first - 1, 0, c, &dir, &at);
        } else if (f->line) {
            hit = find_inline(f->src, f->line, f->line - 1, 1, c, &dir, &at);
        }
        if (hit) {
            snprintf(src, sizeof src, "inline comment at %s:%u", f->src->path, at);
            ref_mark(f, dir.reason, src);
            continue;
        }
        if (find_file_level(f->src, !dockerfile, f->line, c, &dir, &at)) {
            snprintf(src, sizeof src, "file comment at %s:%u", f->src->path, at);
            ref_mark(f, dir.reason, src);
            continue;
        }
        const char *reason = NULL, *where = NULL;
        if (d && d->type == DOC_KUBERNETES && find_annotation(d, c, &reason, &where)) {
            snprintf(src, sizeof src, "annotation plimsoll.io/ignore on %s", where);
            ref_mark(f, reason, src);
        }
    }
}

#endif
