/* report_json.c — the JSON report, exactly the contract of design.md:
 * tool, findings (id, name, severity, file, line, column, path, resource,
 * message, remediation, fix, controls), errors, summary (plus one additive
 * key, summary.inputs: documents scanned per input type). Keys in a fixed
 * order, secrets already masked by the engine. */
#include "report.h"

#include "related.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "jsonw.h"

/* json_string refuses invalid UTF-8; show such text with replacement marks. */
json_t *report_json_str(const char *s)
{
    if (!s) s = "";
    json_t *j = json_string(s);
    if (j) return j;
    buf b = {0};
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) buf_putc(&b, *p < 0x80 ? (char)*p : '?');
    j = json_string(b.s ? b.s : "");
    buf_free(&b);
    return j;
}

/* A string, or null for NULL. */
static json_t *jstr(const char *s) { return s ? report_json_str(s) : json_null(); }

json_t *report_json_controls_for(const check *c, unsigned input)
{
    json_t *ctl = json_array();
    for (size_t i = 0; i < c->n_controls; i++) {
        if (input && c->controls[i].inputs && !(c->controls[i].inputs & input)) continue;
        json_t *x = json_object();
        json_object_set_new(x, "framework", jstr(c->controls[i].framework));
        json_object_set_new(x, "control", jstr(c->controls[i].id));
        if (c->controls[i].version) json_object_set_new(x, "version", jstr(c->controls[i].version));
        json_array_append_new(ctl, x);
    }
    return ctl;
}

json_t *report_json_controls(const check *c) { return report_json_controls_for(c, 0); }

void report_json_finding(buf *out, const finding *f, const check *c, const finding *const *rel, size_t n_rel,
                         const checkset *set)
{
    jsonw w = {.b = out, .base = 2};
    jw_object(&w);
    jw_key(&w, "id");
    jw_str_or_null(&w, c->id);
    jw_key(&w, "name");
    jw_str_or_null(&w, c->name);
    jw_key(&w, "severity");
    jw_str(&w, severity_name(f->sev));
    jw_key(&w, "class");
    jw_str(&w, check_class(c));
    display_loc loc;
    display_finding_loc(NULL, f, 0, &loc);
    jw_key(&w, "file");
    jw_str_or_null(&w, loc.file);
    jw_key(&w, "line");
    jw_int(&w, loc.line);
    jw_key(&w, "column");
    jw_int(&w, loc.col);
    jw_key(&w, "path");
    jw_str_or_null(&w, f->path);
    jw_key(&w, "resource");
    jw_object(&w);
    jw_key(&w, "kind");
    jw_str_or_null(&w, f->kind);
    jw_key(&w, "namespace");
    jw_str_or_null(&w, f->ns);
    jw_key(&w, "name");
    jw_str_or_null(&w, f->name);
    if (f->container) {
        jw_key(&w, "container");
        jw_str(&w, f->container);
    }
    jw_end(&w, '}');
    jw_key(&w, "title");
    jw_str_or_null(&w, c->title);
    jw_key(&w, "message");
    jw_str_or_null(&w, f->message);
    jw_key(&w, "remediation");
    jw_str_or_null(&w, f->remediation ? f->remediation : c->remediation);
    if (f->fix_json) jw_json_member(&w, "fix", f->fix_json);
    jw_key(&w, "controls");
    jw_array(&w);
    unsigned input = f->doc ? input_of_doc(f->doc->type) : f->input;
    for (size_t i = 0; i < c->n_controls; i++) {
        if (input && c->controls[i].inputs && !(c->controls[i].inputs & input)) continue;
        jw_object(&w);
        jw_key(&w, "framework");
        jw_str_or_null(&w, c->controls[i].framework);
        jw_key(&w, "control");
        jw_str_or_null(&w, c->controls[i].id);
        if (c->controls[i].version) {
            jw_key(&w, "version");
            jw_str(&w, c->controls[i].version);
        }
        jw_end(&w, '}');
    }
    jw_end(&w, ']');
    if (f->suppressed) {
        jw_key(&w, "suppressed");
        jw_object(&w);
        jw_key(&w, "reason");
        jw_str(&w, f->suppress_reason);
        jw_key(&w, "source");
        jw_str(&w, f->suppress_source);
        jw_end(&w, '}');
    }
    if (loc.stream) {
        /* additive: where the document sits in the rendered stream read */
        jw_key(&w, "rendered");
        jw_object(&w);
        jw_key(&w, "file");
        jw_str_or_null(&w, loc.stream);
        jw_key(&w, "line");
        jw_int(&w, loc.stream_line);
        jw_key(&w, "column");
        jw_int(&w, loc.stream_col);
        jw_end(&w, '}');
    }
    display_loc_free(&loc);
    if (n_rel) {
        jw_key(&w, "related");
        jw_array(&w);
        for (size_t k = 0; k < n_rel; k++) {
            const finding *g = rel[k];
            const check *gc = &set->v[g->check];
            jw_object(&w);
            jw_key(&w, "id");
            jw_str_or_null(&w, gc->id);
            jw_key(&w, "name");
            jw_str_or_null(&w, gc->name);
            jw_key(&w, "severity");
            jw_str(&w, severity_name(g->sev));
            display_loc gl; /* placed as its primary is (a template of a rendered stream) */
            display_finding_loc(NULL, g, 0, &gl);
            jw_key(&w, "line");
            jw_int(&w, gl.line);
            jw_key(&w, "column");
            jw_int(&w, gl.col);
            display_loc_free(&gl);
            jw_key(&w, "path");
            jw_str_or_null(&w, g->path);
            jw_key(&w, "message");
            jw_str_or_null(&w, g->message);
            jw_end(&w, '}');
        }
        jw_end(&w, ']');
    }
    jw_end(&w, '}');
}

/* The report's opening, up to the findings array. */
void report_json_begin(buf *out, const char *version)
{
    jsonw w = {.b = out};
    jw_object(&w);
    jw_key(&w, "tool");
    jw_object(&w);
    jw_key(&w, "name");
    jw_str(&w, "plimsoll");
    jw_key(&w, "version");
    jw_str_or_null(&w, version);
    jw_end(&w, '}');
    jw_key(&w, "findings");
    buf_puts(out, "[");
}

void report_json_item(buf *out, size_t index) { buf_puts(out, index ? ",\n    " : "\n    "); }

void report_json_end(buf *out, size_t items, const scan_error *e, size_t n_e, const report_counts *n)
{
    buf_puts(out, items ? "\n  ]" : "]");
    jsonw w = {.b = out, .level = 1}; /* inside the report object, after "findings" */
    jw_key(&w, "errors");
    jw_array(&w);
    for (size_t i = 0; i < n_e; i++) {
        jw_object(&w);
        jw_key(&w, "file");
        jw_str_or_null(&w, e[i].file);
        jw_key(&w, "line");
        jw_int(&w, e[i].line);
        jw_key(&w, "column");
        jw_int(&w, e[i].col);
        jw_key(&w, "message");
        jw_str_or_null(&w, e[i].message);
        jw_end(&w, '}');
    }
    jw_end(&w, ']');

    jw_key(&w, "summary");
    jw_object(&w);
    jw_key(&w, "files");
    jw_int(&w, (long long)n->files);
    jw_key(&w, "documents");
    jw_int(&w, (long long)n->docs);
    jw_key(&w, "findings");
    jw_int(&w, (long long)n->shown);
    jw_key(&w, "by_severity");
    jw_object(&w);
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--) {
        jw_key(&w, severity_name((severity)s));
        jw_int(&w, (long long)n->by_sev[s]);
    }
    jw_end(&w, '}');
    jw_key(&w, "suppressed");
    jw_int(&w, (long long)n->suppressed_kept);
    if (n->related) {
        jw_key(&w, "related");
        jw_int(&w, (long long)n->related);
    }
    jw_key(&w, "errors");
    jw_int(&w, (long long)n->errors);
    jw_key(&w, "inputs");
    jw_object(&w);
    for (int k = 0; k < N_INPUTS; k++) {
        jw_key(&w, input_name(input_bit(k)));
        jw_int(&w, (long long)n->inputs[k]);
    }
    jw_end(&w, '}');
    jw_end(&w, '}');
    jw_end(&w, '}');
    buf_puts(out, "\n");
}

/* Findings are written one at a time, never held as JSON values: the
 * report of a large scan costs its text, not a tree of every finding. The
 * layout is exactly jansson's json_dumps(JSON_INDENT(2)) of the whole. */
void report_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    report_counts n;
    report_counts_of(r, keep, &n);
    report_json_begin(out, o->version);
    size_t items = 0;
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    const finding **rel = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i]) continue;
        report_json_item(out, items++);
        size_t n_rel = report_related_of(&r->res, first, next, i, &rel, &cap);
        report_json_finding(out, f, &set->v[f->check], rel, n_rel, set);
    }
    free(rel);
    free(first);
    free(next);
    report_json_end(out, items, r->res.e, r->res.n_e, &n);
}
