/* report_gitlab.c — GitLab Code Quality JSON: an array of issues with
 * description, check_name, fingerprint (unique per finding, stable across
 * edits elsewhere), severity (info, minor, major, critical, blocker),
 * location.path and location.lines.begin. Suppressed findings are left out
 * (Code Quality has no notion of them). Pure function of the result. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "display.h"


static const char *gitlab_severity(severity s)
{
    static const char *const v[SEV_COUNT] = {"info", "minor", "major", "critical", "blocker"};
    return s < SEV_COUNT ? v[s] : "major";
}

void report_gitlab(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    (void)o;
    char **fp = baseline_fingerprints(r, set);
    json_t *a = json_array();
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i] || f->suppressed) continue;
        const check *c = &set->v[f->check];
        json_t *x = json_object();
        buf d = {0};
        buf_printf(&d, "%s: %s", c->name, f->message ? f->message : c->title);
        display_finding_resource(&d, f);
        json_object_set_new(x, "type", json_string("issue"));
        json_object_set_new(x, "description", report_json_str(d.s));
        buf_free(&d);
        json_object_set_new(x, "check_name", report_json_str(c->name));
        json_object_set_new(x, "fingerprint", json_string(fp[i]));
        json_object_set_new(x, "severity", json_string(gitlab_severity(f->sev)));
        json_t *cats = json_array();
        json_array_append_new(cats, json_string("Security"));
        json_object_set_new(x, "categories", cats);
        json_t *content = json_object();
        buf body = {0};
        buf_printf(&body, "%s\n\nFix: %s", c->description, f->remediation ? f->remediation : c->remediation);
        json_object_set_new(content, "body", report_json_str(body.s));
        buf_free(&body);
        json_object_set_new(x, "content", content);
        json_t *loc = json_object();
        display_loc at;
        display_finding_loc(&r->roots, f, 1, &at);
        json_object_set_new(loc, "path", report_json_str(at.file));
        json_t *lines = json_object();
        json_object_set_new(lines, "begin", json_integer(at.line ? at.line : 1));
        display_loc_free(&at);
        json_object_set_new(loc, "lines", lines);
        json_object_set_new(x, "location", loc);
        json_array_append_new(a, x);
    }
    char *s = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(a);
    baseline_fingerprints_free(fp, r->res.n_f);
}
