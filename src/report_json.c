/* report_json.c — the JSON report, exactly the contract of design.md:
 * tool, findings (id, name, severity, file, line, column, path, resource,
 * message, remediation, fix, controls), errors, summary (plus one additive
 * key, summary.inputs: documents scanned per input type). Keys in a fixed
 * order, secrets already masked by the engine. */
#include "related.h"
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"

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

json_t *report_json_finding(const finding *f, const check *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", jstr(c->id));
    json_object_set_new(o, "name", jstr(c->name));
    json_object_set_new(o, "severity", jstr(severity_name(f->sev)));
    json_object_set_new(o, "class", jstr(check_class(c)));
    display_loc loc;
    display_finding_loc(NULL, f, 0, &loc);
    json_object_set_new(o, "file", jstr(loc.file));
    json_object_set_new(o, "line", json_integer(loc.line));
    json_object_set_new(o, "column", json_integer(loc.col));
    json_object_set_new(o, "path", jstr(f->path));
    json_t *res = json_object();
    json_object_set_new(res, "kind", f->kind ? jstr(f->kind) : json_null());
    json_object_set_new(res, "namespace", f->ns ? jstr(f->ns) : json_null());
    json_object_set_new(res, "name", f->name ? jstr(f->name) : json_null());
    if (f->container) json_object_set_new(res, "container", jstr(f->container));
    json_object_set_new(o, "resource", res);
    json_object_set_new(o, "title", jstr(c->title));
    json_object_set_new(o, "message", jstr(f->message));
    json_object_set_new(o, "remediation", jstr(f->remediation ? f->remediation : c->remediation));
    if (f->fix_json) {
        json_t *fix = json_loads(f->fix_json, 0, NULL);
        if (fix) json_object_set_new(o, "fix", fix);
    }
    json_object_set_new(o, "controls", report_json_controls_for(c, f->doc ? input_of_doc(f->doc->type) : 0));
    if (f->suppressed) {
        json_t *s = json_object();
        json_object_set_new(s, "reason", jstr(f->suppress_reason ? f->suppress_reason : ""));
        json_object_set_new(s, "source", jstr(f->suppress_source ? f->suppress_source : ""));
        json_object_set_new(o, "suppressed", s);
    }
    if (loc.stream) {
        /* additive: where the document sits in the rendered stream read */
        json_t *at = json_object();
        json_object_set_new(at, "file", jstr(loc.stream));
        json_object_set_new(at, "line", json_integer(loc.stream_line));
        json_object_set_new(at, "column", json_integer(loc.stream_col));
        json_object_set_new(o, "rendered", at);
    }
    display_loc_free(&loc);
    return o;
}

/* Append v as jansson prints it at JSON_INDENT(2), nested `depth` levels in. */
static void put_json(buf *out, json_t *v, int depth)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    for (const char *p = s; p && *p; p++) {
        buf_putc(out, *p);
        if (*p == '\n')
            for (int i = 0; i < depth * 2; i++) buf_putc(out, ' ');
    }
    free(s);
    json_decref(v);
}

/* Documents scanned per input type, every type named (zero when none), in
 * the order `plimsoll checks` lists inputs: {"kubernetes": 2, "compose": 0, …}. */
static json_t *summary_inputs(const scan_result *r)
{
    static const struct { doc_type type; unsigned bit; } in[] = {
        {DOC_KUBERNETES, IN_KUBERNETES}, {DOC_COMPOSE, IN_COMPOSE},
        {DOC_DOCKERFILE, IN_DOCKERFILE}, {DOC_IMAGE, IN_IMAGE},
        {DOC_CONTAINER, IN_CONTAINER}, {DOC_DAEMON, IN_DAEMON}, {DOC_NODE, IN_NODE},
        {DOC_ARCHIVE, IN_ARCHIVE},
    };
    size_t n[sizeof in / sizeof *in] = {0};
    for (size_t i = 0; i < r->n_files; i++)
        for (size_t j = 0; j < r->files[i].docs.n; j++)
            for (size_t k = 0; k < sizeof in / sizeof *in; k++)
                if (r->files[i].docs.v[j].type == in[k].type) n[k]++;
    json_t *o = json_object();
    for (size_t k = 0; k < sizeof in / sizeof *in; k++)
        json_object_set_new(o, input_name(in[k].bit), json_integer((json_int_t)n[k]));
    return o;
}

/* Findings are written one at a time, never all held as JSON values: the
 * report of a large scan costs its text, not a tree of every finding. The
 * text is exactly what json_dumps(JSON_INDENT(2)) gives for the whole. */
void report_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("plimsoll"));
    json_object_set_new(tool, "version", jstr(o->version));
    buf_puts(out, "{\n  \"tool\": ");
    put_json(out, tool, 1);
    buf_puts(out, ",\n  \"findings\": [");

    size_t by_sev[SEV_COUNT] = {0}, n = 0, suppressed = 0, shown = 0, related = 0;
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i]) continue;
        buf_puts(out, shown++ ? ",\n    " : "\n    ");
        json_t *jf = report_json_finding(f, &set->v[f->check]);
        if (first[i]) {
            json_t *rel = json_array();
            for (uint32_t j = first[i]; j; j = next[j - 1]) {
                const finding *g = &r->res.f[j - 1];
                const check *gc = &set->v[g->check];
                json_t *x = json_object();
                json_object_set_new(x, "id", jstr(gc->id));
                json_object_set_new(x, "name", jstr(gc->name));
                json_object_set_new(x, "severity", json_string(severity_name(g->sev)));
                display_loc gl; /* placed as its primary is (a template of a rendered stream) */
                display_finding_loc(NULL, g, 0, &gl);
                json_object_set_new(x, "line", json_integer(gl.line));
                json_object_set_new(x, "column", json_integer(gl.col));
                display_loc_free(&gl);
                json_object_set_new(x, "path", jstr(g->path));
                json_object_set_new(x, "message", jstr(g->message));
                json_array_append_new(rel, x);
                related++;
            }
            json_object_set_new(jf, "related", rel);
        }
        put_json(out, jf, 2);
        if (f->suppressed) {
            suppressed++;
            continue;
        }
        by_sev[f->sev]++;
        n++;
    }
    buf_puts(out, shown ? "\n  ],\n  \"errors\": " : "],\n  \"errors\": ");

    json_t *errors = json_array();
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        json_t *x = json_object();
        json_object_set_new(x, "file", jstr(e->file));
        json_object_set_new(x, "line", json_integer(e->line));
        json_object_set_new(x, "column", json_integer(e->col));
        json_object_set_new(x, "message", jstr(e->message));
        json_array_append_new(errors, x);
    }
    put_json(out, errors, 1);

    json_t *sum = json_object();
    json_object_set_new(sum, "files", json_integer((json_int_t)r->n_files));
    json_object_set_new(sum, "documents", json_integer((json_int_t)r->n_docs));
    json_object_set_new(sum, "findings", json_integer((json_int_t)n));
    json_t *bs = json_object();
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        json_object_set_new(bs, severity_name((severity)s), json_integer((json_int_t)by_sev[s]));
    json_object_set_new(sum, "by_severity", bs);
    json_object_set_new(sum, "suppressed", json_integer((json_int_t)suppressed));
    if (related) json_object_set_new(sum, "related", json_integer((json_int_t)related));
    json_object_set_new(sum, "errors", json_integer((json_int_t)r->res.n_e));
    json_object_set_new(sum, "inputs", summary_inputs(r));
    buf_puts(out, ",\n  \"summary\": ");
    put_json(out, sum, 1);
    buf_puts(out, "\n}\n");
    free(first);
    free(next);
}
