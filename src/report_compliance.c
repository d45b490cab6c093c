/* report_compliance.c — the compliance reports that are not HTML:
 * compliance-json (schema in docs/compliance.md), compliance-csv (one row per
 * control × resource), compliance-markdown (pull-request or job summary) and
 * compliance-text (the terminal). Pure functions of the evaluated compliance
 * (report_opts.compliance) and the scan result: the same input and
 * SOURCE_DATE_EPOCH give byte-identical output. */
#include "report_compliance.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"

/* ------------------------------------------------------------- shared */

const char *rc_assessment(const fw_control *c)
{
    if (c->manual) return "manual";
    return c->n_ev ? "automated" : "needs";
}

const char *rc_resource_result(const c_resource *r)
{
    return r->failed ? "fail" : r->excepted ? "exception" : "pass";
}

void rc_inputs(buf *b, unsigned inputs)
{
    int n = 0;
    for (int i = 0; i < N_INPUTS; i++)
        if (inputs & input_bit(i)) buf_printf(b, "%s%s", n++ ? ", " : "", input_name(input_bit(i)));
}

size_t rc_evaluated(const c_framework *cf)
{
    return cf->total.counts[CS_PASS] + cf->total.counts[CS_FAIL] + cf->total.counts[CS_EXCEPTION];
}

/* The first line of s (remediations can be long). */
static char *first_line(const char *s)
{
    if (!s) return xstrdup("");
    return xstrndup(s, strcspn(s, "\n"));
}

/* --------------------------------------------------------------- JSON */

static json_t *jstr(const char *s) { return s ? report_json_str(s) : json_null(); }

static json_t *counts_json(const c_score *s)
{
    json_t *o = json_object();
    for (int i = 0; i < CS_COUNT; i++) json_object_set_new(o, cstatus_name((cstatus)i), json_integer((json_int_t)s->counts[i]));
    return o;
}

static json_t *score_json(const c_score *s) { return s->has_score ? json_real(s->score) : json_null(); }

static json_t *assessment_json(const fw_control *c)
{
    json_t *a = json_object();
    json_object_set_new(a, "type", json_string(rc_assessment(c)));
    json_t *auto_ = json_object();
    for (size_t i = 0; i < c->n_ev; i++) {
        json_t *l = json_array();
        for (size_t j = 0; j < c->ev[i].n_checks; j++) json_array_append_new(l, jstr(c->ev[i].checks[j]));
        json_object_set_new(auto_, input_name(c->ev[i].input), l);
    }
    json_object_set_new(a, "automated", auto_);
    json_object_set_new(a, "manual", jstr(c->manual));
    json_t *needs = json_array();
    for (size_t i = 0; i < c->n_needs; i++) {
        json_t *n = json_object();
        json_object_set_new(n, "input", jstr(c->needs[i]));
        json_object_set_new(n, "what", jstr(framework_need_what(c->needs[i])));
        json_array_append_new(needs, n);
    }
    json_object_set_new(a, "needs", needs);
    json_object_set_new(a, "note", jstr(c->note));
    return a;
}

static json_t *evidence_json(const c_control *cc, const c_evidence *e)
{
    const finding *f = e->f;
    const c_resource *r = &cc->res[e->resource];
    json_t *o = json_object();
    json_object_set_new(o, "check", jstr(e->c->name));
    json_object_set_new(o, "check_id", jstr(e->c->id));
    json_object_set_new(o, "severity", jstr(severity_name(f->sev)));
    json_object_set_new(o, "resource", jstr(r->name));
    json_object_set_new(o, "file", jstr(r->file));
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "column", json_integer(f->col));
    json_object_set_new(o, "path", jstr(f->path));
    json_object_set_new(o, "message", jstr(f->message));
    json_t *vals = json_array();
    for (size_t i = 0; i < e->n_values; i++) {
        json_t *v = json_object();
        json_object_set_new(v, "path", jstr(e->values[i].path));
        json_object_set_new(v, "actual", jstr(e->values[i].actual));
        json_t *exp = e->values[i].expected ? json_loads(e->values[i].expected, JSON_DECODE_ANY, NULL) : NULL;
        json_object_set_new(v, "expected", exp ? exp : json_null());
        json_array_append_new(vals, v);
    }
    json_object_set_new(o, "values", vals);
    json_object_set_new(o, "remediation", jstr(f->remediation ? f->remediation : e->c->remediation));
    if (f->suppressed) {
        json_t *s = json_object();
        json_object_set_new(s, "reason", jstr(f->suppress_reason ? f->suppress_reason : ""));
        json_object_set_new(s, "source", jstr(f->suppress_source ? f->suppress_source : ""));
        json_object_set_new(s, "expires", e->expires[0] ? jstr(e->expires) : json_null());
        json_object_set_new(o, "exception", s);
    } else {
        json_object_set_new(o, "exception", json_null());
    }
    return o;
}

static json_t *control_json(const c_control *cc)
{
    const fw_control *c = cc->ctl;
    json_t *o = json_object();
    json_object_set_new(o, "id", jstr(c->id));
    json_object_set_new(o, "title", jstr(c->title));
    json_object_set_new(o, "section", jstr(cc->sec ? cc->sec->id : NULL));
    json_object_set_new(o, "profile", jstr(c->profile));
    json_object_set_new(o, "status", json_string(cstatus_name(cc->status)));
    json_object_set_new(o, "reason", jstr(cc->reason));
    json_object_set_new(o, "assessment", assessment_json(c));
    json_t *res = json_object();
    json_object_set_new(res, "evaluated", json_integer((json_int_t)cc->n_res));
    json_object_set_new(res, "failed", json_integer((json_int_t)cc->n_failed));
    json_object_set_new(res, "excepted", json_integer((json_int_t)cc->n_excepted));
    json_t *list = json_array();
    for (size_t i = 0; i < cc->n_res; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "resource", jstr(cc->res[i].name));
        json_object_set_new(r, "file", jstr(cc->res[i].file));
        json_object_set_new(r, "line", json_integer(cc->res[i].line));
        json_object_set_new(r, "input", json_string(input_name(cc->res[i].input)));
        json_object_set_new(r, "result", json_string(rc_resource_result(&cc->res[i])));
        json_array_append_new(list, r);
    }
    json_object_set_new(res, "list", list);
    json_object_set_new(o, "resources", res);
    json_t *ev = json_array();
    for (size_t i = 0; i < cc->n_ev; i++) json_array_append_new(ev, evidence_json(cc, &cc->ev[i]));
    json_object_set_new(o, "evidence", ev);
    json_t *nr = json_array();
    for (size_t i = 0; i < cc->n_not_run; i++) json_array_append_new(nr, jstr(cc->not_run[i]));
    json_object_set_new(o, "not_run", nr);
    return o;
}

json_t *rc_provenance_json(const compliance *cmp, const scan_result *r)
{
    const compliance_info *in = &cmp->info;
    json_t *o = json_object();
    json_object_set_new(o, "time", jstr(in->scan_time));
    json_t *paths = json_array();
    for (size_t i = 0; i < in->n_paths; i++) json_array_append_new(paths, jstr(in->paths[i]));
    json_object_set_new(o, "paths", paths);
    json_t *git = json_object();
    json_object_set_new(git, "commit", in->git_commit[0] ? jstr(in->git_commit) : json_null());
    json_object_set_new(git, "dirty", in->git_dirty < 0 ? json_null() : json_boolean(in->git_dirty));
    json_object_set_new(o, "git", git);
    json_object_set_new(o, "config", jstr(in->config));
    json_object_set_new(o, "baseline", jstr(in->baseline));
    json_object_set_new(o, "files", json_integer((json_int_t)r->n_files));
    json_object_set_new(o, "documents", json_integer((json_int_t)r->n_docs));
    json_t *inputs = json_object();
    for (int i = 0; i < N_INPUTS; i++) {
        size_t n = 0;
        for (size_t f = 0; f < r->n_files; f++)
            for (size_t d = 0; d < r->files[f].docs.n; d++) n += input_of_doc(r->files[f].docs.v[d].type) == input_bit(i);
        json_object_set_new(inputs, input_name(input_bit(i)), json_integer((json_int_t)n));
    }
    json_object_set_new(o, "inputs", inputs);
    json_object_set_new(o, "errors", json_integer((json_int_t)r->res.n_e));
    return o;
}

void report_compliance_json(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                            const report_opts *o)
{
    (void)set, (void)keep;
    const compliance *cmp = o->compliance;
    json_t *root = json_object();
    json_object_set_new(root, "schema", json_string("plimsoll-compliance/1"));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("plimsoll"));
    json_object_set_new(tool, "version", jstr(o->version));
    json_object_set_new(tool, "checkset_sha256", jstr(cmp->info.checkset_sha256));
    json_object_set_new(root, "tool", tool);
    json_object_set_new(root, "scan", rc_provenance_json(cmp, r));
    json_object_set_new(root, "formula", json_string(compliance_formula));
    json_object_set_new(root, "threshold", cmp->info.threshold >= 0 ? json_real(cmp->info.threshold) : json_null());
    json_t *fws = json_array();
    for (size_t k = 0; k < cmp->n; k++) {
        const c_framework *cf = &cmp->v[k];
        json_t *f = json_object();
        json_object_set_new(f, "id", jstr(cf->fw->id));
        json_object_set_new(f, "version", jstr(cf->fw->version));
        json_object_set_new(f, "title", jstr(cf->fw->title));
        json_object_set_new(f, "source", jstr(cf->fw->source));
        json_t *cat = json_object();
        json_object_set_new(cat, "file", jstr(cf->fw->file));
        json_object_set_new(cat, "sha256", jstr(cf->fw->sha256));
        json_object_set_new(f, "catalogue", cat);
        json_object_set_new(f, "score", score_json(&cf->total));
        json_t *cov = json_object();
        json_object_set_new(cov, "evaluated", json_integer((json_int_t)rc_evaluated(cf)));
        json_object_set_new(cov, "controls", json_integer((json_int_t)cf->n_controls));
        json_object_set_new(f, "coverage", cov);
        json_object_set_new(f, "counts", counts_json(&cf->total));
        json_t *secs = json_array();
        for (size_t s = 0; s < cf->n_sections; s++) {
            json_t *so = json_object();
            json_object_set_new(so, "id", jstr(cf->sections[s].sec->id));
            json_object_set_new(so, "title", jstr(cf->sections[s].sec->title));
            json_object_set_new(so, "score", score_json(&cf->sections[s].score));
            json_object_set_new(so, "counts", counts_json(&cf->sections[s].score));
            json_array_append_new(secs, so);
        }
        json_object_set_new(f, "sections", secs);
        json_t *ctls = json_array();
        for (size_t i = 0; i < cf->n_controls; i++) json_array_append_new(ctls, control_json(&cf->controls[i]));
        json_object_set_new(f, "controls", ctls);
        json_array_append_new(fws, f);
    }
    json_object_set_new(root, "frameworks", fws);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    buf_puts(out, s ? s : "{}");
    buf_putc(out, '\n');
    free(s);
    json_decref(root);
}

/* ---------------------------------------------------------------- CSV */

/* A field quoted as RFC 4180 wants; cells that a spreadsheet would run as a
 * formula (=, +, -, @ first) get a leading apostrophe. */
static void csv_field(buf *out, const char *s, int last)
{
    if (!s) s = "";
    int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
    buf_putc(out, '"');
    if (formula) buf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_putc(out, '"');
        buf_putc(out, *s == '\r' ? ' ' : *s);
    }
    buf_putc(out, '"');
    buf_puts(out, last ? "\r\n" : ",");
}

static const char *const csv_cols[] = {
    "framework", "version", "control", "title", "section", "profile", "status", "reason", "assessment",
    "resource", "file", "line", "input", "result", "checks", "severity", "locations", "actual", "expected",
    "message", "remediation", "exception_reason", "exception_source", "exception_expires",
};
#define N_CSV (sizeof csv_cols / sizeof *csv_cols)

static void csv_row(buf *out, const c_framework *cf, const c_control *cc, const c_resource *r, size_t ri)
{
    const fw_control *c = cc->ctl;
    buf v[N_CSV];
    memset(v, 0, sizeof v);
    buf_puts(&v[0], cf->fw->id);
    buf_puts(&v[1], cf->fw->version);
    buf_puts(&v[2], c->id);
    buf_puts(&v[3], c->title);
    buf_puts(&v[4], cc->sec ? cc->sec->id : "");
    buf_puts(&v[5], c->profile ? c->profile : "");
    buf_puts(&v[6], cstatus_name(cc->status));
    buf_puts(&v[7], cc->reason ? cc->reason : "");
    buf_puts(&v[8], rc_assessment(c));
    if (r) {
        buf_puts(&v[9], r->name);
        buf_puts(&v[10], r->file);
        buf_printf(&v[11], "%u", r->line);
        buf_puts(&v[12], input_name(r->input));
        buf_puts(&v[13], rc_resource_result(r));
        const char *sep = "";
        for (size_t i = 0; i < cc->n_ev; i++) {
            const c_evidence *e = &cc->ev[i];
            if (e->resource != ri) continue;
            char *rem = first_line(e->f->remediation ? e->f->remediation : e->c->remediation);
            buf_printf(&v[14], "%s%s", sep, e->c->name);
            buf_printf(&v[15], "%s%s", sep, severity_name(e->f->sev));
            buf_printf(&v[16], "%s%s:%u:%u", sep, r->file, e->f->line, e->f->col);
            for (size_t j = 0; j < e->n_values; j++) {
                buf_printf(&v[17], "%s%s=%s", *sep || j ? "; " : "", e->values[j].path, e->values[j].actual ? e->values[j].actual : "(not set)");
                if (e->values[j].expected) buf_printf(&v[18], "%s%s=%s", v[18].len ? "; " : "", e->values[j].path, e->values[j].expected);
            }
            buf_printf(&v[19], "%s%s", sep, e->f->message ? e->f->message : "");
            buf_printf(&v[20], "%s%s", sep, rem);
            if (e->f->suppressed) {
                buf_printf(&v[21], "%s%s", v[21].len ? "; " : "", e->f->suppress_reason ? e->f->suppress_reason : "");
                buf_printf(&v[22], "%s%s", v[22].len ? "; " : "", e->f->suppress_source ? e->f->suppress_source : "");
                buf_printf(&v[23], "%s%s", v[23].len ? "; " : "", e->expires);
            }
            free(rem);
            sep = "; ";
        }
    }
    for (size_t i = 0; i < N_CSV; i++) {
        csv_field(out, v[i].s, i + 1 == N_CSV);
        buf_free(&v[i]);
    }
}

void report_compliance_csv(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                           const report_opts *o)
{
    (void)r, (void)set, (void)keep;
    const compliance *cmp = o->compliance;
    for (size_t i = 0; i < N_CSV; i++) csv_field(out, csv_cols[i], i + 1 == N_CSV);
    for (size_t k = 0; k < cmp->n; k++) {
        const c_framework *cf = &cmp->v[k];
        for (size_t i = 0; i < cf->n_controls; i++) {
            const c_control *cc = &cf->controls[i];
            if (!cc->n_res) csv_row(out, cf, cc, NULL, 0);
            for (size_t j = 0; j < cc->n_res; j++) csv_row(out, cf, cc, &cc->res[j], j);
        }
    }
}

/* Text from a scan for a terminal or Markdown: control characters (a file
 * name can hold an escape sequence) become '?'. */
static void put_safe(buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        buf_putc(out, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

/* ----------------------------------------------------------- Markdown */

/* Text for a table cell: no pipes or newlines. */
static void md_cell(buf *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|') buf_puts(out, "\\|");
        else if (*s == '\n' || *s == '\r') buf_putc(out, ' ');
        else if (*s == '<') buf_puts(out, "&lt;");
        else if ((unsigned char)*s < 0x20 || *s == 0x7f) buf_putc(out, '?');
        else buf_putc(out, *s);
    }
}

static void score_text(buf *out, const c_score *s)
{
    if (s->has_score) buf_printf(out, "%.1f%%", s->score);
    else buf_puts(out, "no score");
}

static void provenance_lines(buf *out, const compliance *cmp, const char *version, const char *prefix)
{
    const compliance_info *in = &cmp->info;
    buf_printf(out, "%splimsoll %s, check set sha256 %.12s…, scanned %s: ", prefix, version ? version : "?",
               in->checkset_sha256, in->scan_time);
    for (size_t i = 0; i < in->n_paths; i++) {
        buf_puts(out, i ? ", " : "");
        put_safe(out, in->paths[i]);
    }
    buf_putc(out, '\n');
    if (in->git_commit[0])
        buf_printf(out, "%sgit commit %s%s\n", prefix, in->git_commit, in->git_dirty > 0 ? " (uncommitted changes present)" : in->git_dirty == 0 ? " (clean)" : "");
    if (in->config) {
        buf_printf(out, "%sconfiguration ", prefix);
        put_safe(out, in->config);
        buf_putc(out, '\n');
    }
    if (in->baseline) {
        buf_printf(out, "%sbaseline ", prefix);
        put_safe(out, in->baseline);
        buf_putc(out, '\n');
    }
}

void report_compliance_markdown(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                                const report_opts *o)
{
    (void)r, (void)set, (void)keep;
    const compliance *cmp = o->compliance;
    for (size_t k = 0; k < cmp->n; k++) {
        const c_framework *cf = &cmp->v[k];
        buf_printf(out, "%s## %s %s — ", k ? "\n" : "", cf->fw->title, cf->fw->version);
        score_text(out, &cf->total);
        buf_puts(out, "\n\n");
        provenance_lines(out, cmp, o->version, "> ");
        buf_puts(out, "\n| score | evaluated | PASS | FAIL | EXCEPTION | MANUAL | NOT-APPLICABLE | NOT-RUN |\n|---|---|---|---|---|---|---|---|\n| ");
        score_text(out, &cf->total);
        buf_printf(out, " | %zu of %zu", rc_evaluated(cf), cf->n_controls);
        for (int s = 0; s < CS_COUNT; s++) buf_printf(out, " | %zu", cf->total.counts[s]);
        buf_puts(out, " |\n\n");
        int any = 0;
        for (size_t i = 0; i < cf->n_controls; i++) {
            const c_control *cc = &cf->controls[i];
            if (cc->status != CS_FAIL && cc->status != CS_EXCEPTION) continue;
            if (!any++) buf_puts(out, "| control | status | resources | evidence |\n|---|---|---|---|\n");
            buf_printf(out, "| %s ", cc->ctl->id);
            md_cell(out, cc->ctl->title);
            buf_printf(out, " | %s | %zu failed, %zu excepted of %zu | ", cstatus_name(cc->status), cc->n_failed,
                       cc->n_excepted, cc->n_res);
            for (size_t j = 0; j < cc->n_ev && j < 5; j++) {
                const c_evidence *e = &cc->ev[j];
                buf_puts(out, j ? "<br>`" : "`");
                for (const char *p = cc->res[e->resource].file; *p; p++) /* inside a code span */
                    buf_putc(out, strchr("`|<>", *p) || (unsigned char)*p < 0x20 ? '?' : *p);
                buf_printf(out, ":%u` %s: ", e->f->line, e->c->name);
                md_cell(out, e->f->message);
                if (e->f->suppressed) {
                    buf_puts(out, " (exception: ");
                    md_cell(out, e->f->suppress_reason);
                    if (e->expires[0]) buf_printf(out, ", expires %s", e->expires);
                    buf_puts(out, ")");
                }
            }
            if (cc->n_ev > 5) buf_printf(out, "<br>… and %zu more", cc->n_ev - 5);
            buf_puts(out, " |\n");
        }
        if (!any) buf_puts(out, "No control fails.\n");
        buf_printf(out, "\n<details><summary>All %zu controls</summary>\n\n| control | title | status | resources |\n|---|---|---|---|\n",
                   cf->n_controls);
        for (size_t i = 0; i < cf->n_controls; i++) {
            const c_control *cc = &cf->controls[i];
            buf_printf(out, "| %s | ", cc->ctl->id);
            md_cell(out, cc->ctl->title);
            buf_printf(out, " | %s | ", cstatus_name(cc->status));
            if (cc->n_res) buf_printf(out, "%zu/%zu failed", cc->n_failed, cc->n_res);
            else md_cell(out, cc->reason);
            buf_puts(out, " |\n");
        }
        buf_puts(out, "\n</details>\n");
    }
    buf_printf(out, "\n%s\n", compliance_formula);
}

/* --------------------------------------------------------------- text */

void report_compliance_text(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                            const report_opts *o)
{
    (void)r, (void)set, (void)keep;
    const compliance *cmp = o->compliance;
    for (size_t k = 0; k < cmp->n; k++) {
        const c_framework *cf = &cmp->v[k];
        buf_printf(out, "%s%s %s (%s)\n", k ? "\n" : "", cf->fw->title, cf->fw->version, cf->fw->id);
        provenance_lines(out, cmp, o->version, "  ");
        for (size_t i = 0; i < cf->n_controls; i++) {
            const c_control *cc = &cf->controls[i];
            buf_printf(out, "%-14s %-8s %s", cstatus_name(cc->status), cc->ctl->id, cc->ctl->title);
            if (cc->n_res) buf_printf(out, " [%zu/%zu failed]", cc->n_failed, cc->n_res);
            if (cc->n_excepted) buf_printf(out, " [%zu excepted]", cc->n_excepted);
            if (cc->reason && cc->status != CS_NOT_APPLICABLE && cc->status != CS_MANUAL) buf_printf(out, " (%s)", cc->reason);
            buf_putc(out, '\n');
            for (size_t j = 0; j < cc->n_ev; j++) {
                const c_evidence *e = &cc->ev[j];
                buf_puts(out, "    ");
                put_safe(out, cc->res[e->resource].file);
                buf_printf(out, ":%u:%u ", e->f->line, e->f->col);
                put_safe(out, cc->res[e->resource].name);
                buf_printf(out, " %s: ", e->c->name);
                put_safe(out, e->f->message);
                buf_puts(out, e->f->suppressed ? " (exception)\n" : "\n");
            }
        }
        buf_puts(out, "score ");
        score_text(out, &cf->total);
        buf_printf(out, ", %zu of %zu controls evaluated:", rc_evaluated(cf), cf->n_controls);
        for (int s = 0; s < CS_COUNT; s++) buf_printf(out, " %zu %s%s", cf->total.counts[s], cstatus_name((cstatus)s), s + 1 < CS_COUNT ? "," : "\n");
    }
}
