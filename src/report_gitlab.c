/* report_gitlab.c — GitLab Code Quality JSON: an array of issues with
 * description, check_name, fingerprint (unique per finding, stable across
 * edits elsewhere), severity (info, minor, major, critical, blocker),
 * location.path and location.lines.begin. Suppressed findings are left out
 * (Code Quality has no notion of them). The findings related to an issue
 * (related.h) are named in its description and body and listed as
 * other_locations (a Code Climate field GitLab tolerates); they are never
 * issues of their own. Pure function of the result. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "display.h"
#include "related.h"


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
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!keep[i] || f->suppressed) continue;
        const check *c = &set->v[f->check];
        json_t *x = json_object();
        buf d = {0};
        buf_printf(&d, "%s: %s", c->name, f->message ? f->message : c->title);
        display_finding_resource(&d, f);
        buf rel = {0};
        if (first[i]) {
            related_describe(&rel, &r->res, set, first, next, i);
            buf_printf(&d, " (related: %s)", rel.s);
        }
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
        if (rel.s) buf_printf(&body, "\n\nRelated findings (same root cause, not reported separately): %s", rel.s);
        buf_free(&rel);
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
        if (first[i]) {
            json_t *others = json_array();
            for (uint32_t j = first[i]; j; j = next[j - 1]) {
                display_loc gl;
                display_finding_loc(&r->roots, &r->res.f[j - 1], 1, &gl);
                json_t *ol = json_object(), *ll = json_object();
                json_object_set_new(ol, "path", report_json_str(gl.file));
                json_object_set_new(ll, "begin", json_integer(gl.line ? gl.line : 1));
                json_object_set_new(ol, "lines", ll);
                json_array_append_new(others, ol);
                display_loc_free(&gl);
            }
            json_object_set_new(x, "other_locations", others);
        }
        json_array_append_new(a, x);
    }
    free(first);
    free(next);
    char *s = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(a);
    baseline_fingerprints_free(fp, r->res.n_f);
}
