/* report_sarif.c — SARIF 2.1.0 as GitHub code scanning consumes it: one run;
 * tool.driver with name, version, informationUri and a rule per reported
 * check; results with ruleId, level, message, a location relative to the
 * scanned root, and a stable partialFingerprints entry; `results: []` when
 * clean; suppressed findings carry `suppressions`; the findings related to
 * a result (related.h: same root cause, never results of their own) are
 * named in its message and listed as relatedLocations and
 * properties.related. Pure function of the sorted
 * result (jansson, keys in a fixed order); never prints a secret. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "display.h"
#include "related.h"

#ifndef PLIMSOLL_HOMEPAGE
#define PLIMSOLL_HOMEPAGE "https://github.com/plimsoll/plimsoll"
#endif

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"


static json_t *text_obj(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", report_json_str(s));
    return o;
}

/* GitHub reads security-severity as a CVSS-like score. */
static const char *security_severity(severity s)
{
    static const char *const v[SEV_COUNT] = {"0.1", "3.0", "5.5", "8.0", "9.5"};
    return s < SEV_COUNT ? v[s] : "5.5";
}

static const char *level(severity s)
{
    return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

/* The base of every repository-relative artifactLocation.uri. */
#define SRCROOT "%SRCROOT%"

/* The page of the check reference (docs/checks/, generated) that describes
 * built-in check c: the page of its first input. */
#define CHECKS_DOCS PLIMSOLL_HOMEPAGE "/blob/main/docs/checks/"

/* A relative URI reference: unreserved characters and '/' kept, the rest
 * percent-encoded (spaces, '<stdin>', non-ASCII bytes). */
static json_t *uri(const char *rel)
{
    buf b = {0};
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            buf_putc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    json_t *j = report_json_str(b.s ? b.s : "");
    buf_free(&b);
    return j;
}

/* A physical location in rel (repository-relative when base is set). */
static json_t *location_in(const char *rel, int base, uint32_t line, uint32_t col)
{
    json_t *art = json_object();
    json_object_set_new(art, "uri", uri(rel));
    if (base) json_object_set_new(art, "uriBaseId", json_string(SRCROOT));
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", art);
    if (line) {
        json_t *reg = json_object();
        json_object_set_new(reg, "startLine", json_integer(line));
        json_object_set_new(reg, "startColumn", json_integer(col ? col : 1));
        json_object_set_new(phys, "region", reg);
    }
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", phys);
    return loc;
}

/* The location of an input error or a configuration warning. */
static json_t *location(const display_roots *roots, const char *file, uint32_t line, uint32_t col)
{
    char *rel = display_path(roots, file);
    json_t *loc = location_in(rel, 0, line, col);
    free(rel);
    return loc;
}

static json_t *rule(const check *c)
{
    json_t *r = json_object();
    json_object_set_new(r, "id", report_json_str(c->id));
    json_object_set_new(r, "name", report_json_str(c->name));
    json_object_set_new(r, "shortDescription", text_obj(c->title));
    json_object_set_new(r, "fullDescription", text_obj(c->description));
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", json_string(level(c->sev)));
    json_object_set_new(r, "defaultConfiguration", cfg);
    buf text = {0}, md = {0};
    buf_printf(&text, "%s\n\nRemediation:\n%s", c->description, c->remediation);
    buf_printf(&md, "**%s** (`%s`, %s)\n\n%s\n\n**Remediation**\n\n", c->title, c->name, severity_name(c->sev),
               c->description);
    if (strchr(c->remediation, '\n')) buf_printf(&md, "```\n%s\n```\n", c->remediation);
    else buf_printf(&md, "%s\n", c->remediation);
    if (c->n_controls) {
        buf_puts(&md, "\n**Controls**:");
        for (size_t i = 0; i < c->n_controls; i++)
            buf_printf(&md, "%s %s %s", i ? "," : "", c->controls[i].framework, c->controls[i].id);
        buf_putc(&md, '\n');
    }
    json_t *help = json_object();
    json_object_set_new(help, "text", report_json_str(text.s));
    json_object_set_new(help, "markdown", report_json_str(md.s));
    json_object_set_new(r, "help", help);
    if (!c->custom) {
        for (int i = 0; i < N_INPUTS; i++)
            if (c->inputs & input_bit(i)) {
                buf u = {0};
                buf_printf(&u, CHECKS_DOCS "%s.md#%s", input_name(input_bit(i)), c->name);
                json_object_set_new(r, "helpUri", report_json_str(u.s));
                buf_free(&u);
                break;
            }
    }
    buf_free(&text);
    buf_free(&md);
    json_t *props = json_object();
    json_object_set_new(props, "security-severity", json_string(security_severity(c->sev)));
    json_object_set_new(props, "class", json_string(check_class(c)));
    json_t *tags = json_array();
    json_array_append_new(tags, json_string("security"));
    for (int i = 0; i < N_INPUTS; i++)
        if (c->inputs & input_bit(i)) json_array_append_new(tags, json_string(input_name(input_bit(i))));
    for (size_t i = 0; i < c->n_controls; i++) {
        int seen = 0;
        for (size_t j = 0; j < i; j++) seen |= strcmp(c->controls[j].framework, c->controls[i].framework) == 0;
        if (!seen) json_array_append_new(tags, report_json_str(c->controls[i].framework));
    }
    json_object_set_new(props, "tags", tags);
    json_object_set_new(props, "precision", json_string("high"));
    json_object_set_new(r, "properties", props);
    return r;
}

/* Configuration warnings "file:line: warning: text" as notifications. */
static json_t *config_notifications(const display_roots *roots, const char *warnings)
{
    json_t *a = json_array();
    for (const char *p = warnings; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = xstrndup(p, n);
        char *mark = strstr(line, ": warning: ");
        json_t *o = json_object();
        json_object_set_new(o, "level", json_string("warning"));
        json_object_set_new(o, "message", text_obj(mark ? mark + 11 : line));
        if (mark) {
            *mark = 0;
            char *colon = strrchr(line, ':');
            uint32_t ln = 0;
            if (colon) {
                ln = (uint32_t)strtoul(colon + 1, NULL, 10);
                *colon = 0;
            }
            json_t *locs = json_array();
            json_array_append_new(locs, location(roots, line, ln, 1));
            json_object_set_new(o, "locations", locs);
        }
        json_array_append_new(a, o);
        free(line);
        p += n + (nl ? 1 : 0);
    }
    return a;
}

/* tool.driver with a rule per check that has a kept finding; rule_index[k]
 * receives check k's position among the rules (-1: none). */
static json_t *tool(const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o,
                    long *rule_index)
{
    for (size_t i = 0; i < set->n; i++) rule_index[i] = -1;
    for (size_t i = 0; i < r->res.n_f; i++)
        if (keep[i]) rule_index[r->res.f[i].check] = 0;
    json_t *rules = json_array();
    long next = 0;
    for (size_t i = 0; i < set->n; i++) {
        if (rule_index[i] < 0) continue;
        rule_index[i] = next++;
        json_array_append_new(rules, rule(&set->v[i]));
    }
    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("plimsoll"));
    json_object_set_new(driver, "version", report_json_str(o->version));
    json_object_set_new(driver, "semanticVersion", report_json_str(o->version));
    json_object_set_new(driver, "informationUri", json_string(PLIMSOLL_HOMEPAGE));
    json_object_set_new(driver, "rules", rules);
    json_t *t = json_object();
    json_object_set_new(t, "driver", driver);
    return t;
}

/* [{kind, status, justification, properties.source}] of a suppressed finding. */
static json_t *suppressions(const finding *f)
{
    json_t *s = json_object();
    int external = f->suppress_source && strncmp(f->suppress_source, "config ", 7) == 0;
    json_object_set_new(s, "kind", json_string(external ? "external" : "inSource"));
    json_object_set_new(s, "status", json_string("accepted"));
    json_object_set_new(s, "justification", report_json_str(f->suppress_reason));
    json_t *sp = json_object();
    json_object_set_new(sp, "source", report_json_str(f->suppress_source));
    json_object_set_new(s, "properties", sp);
    json_t *sa = json_array();
    json_array_append_new(sa, s);
    return sa;
}

static json_t *result_properties(const finding *f, const check *c)
{
    json_t *props = json_object();
    json_object_set_new(props, "severity", json_string(severity_name(f->sev)));
    json_object_set_new(props, "security-severity", json_string(security_severity(f->sev)));
    json_object_set_new(props, "name", report_json_str(c->name));
    json_object_set_new(props, "class", json_string(check_class(c)));
    if (f->path) json_object_set_new(props, "path", report_json_str(f->path));
    if (f->kind) json_object_set_new(props, "kind", report_json_str(f->kind));
    if (f->ns) json_object_set_new(props, "namespace", report_json_str(f->ns));
    if (f->name) json_object_set_new(props, "resource", report_json_str(f->name));
    if (f->container) json_object_set_new(props, "container", report_json_str(f->container));
    json_object_set_new(props, "remediation", report_json_str(f->remediation ? f->remediation : c->remediation));
    return props;
}

/* The related findings of finding i (same root cause, not results of their
 * own): a relatedLocations entry each (ids from *id on, message "related
 * finding: SEVERITY NAME (ID): message"), and properties.related entries. */
static void related_of(const scan_result *r, const checkset *set, const uint32_t *first, const uint32_t *next,
                       size_t i, json_t *rels, json_t *props, long *id)
{
    json_t *list = json_array();
    for (uint32_t j = first[i]; j; j = next[j - 1]) {
        const finding *g = &r->res.f[j - 1];
        const check *gc = &set->v[g->check];
        display_loc gl;
        display_finding_loc(&r->roots, g, 1, &gl);
        json_t *loc = location_in(gl.file, g->src && g->src->repo_path && !gl.stream, gl.line, gl.col);
        json_object_set_new(loc, "id", json_integer((*id)++));
        buf m = {0};
        buf_printf(&m, "related finding: %s %s (%s): %s", severity_name(g->sev), gc->name, gc->id,
                   g->message ? g->message : gc->title);
        display_finding_resource(&m, g);
        json_object_set_new(loc, "message", text_obj(m.s));
        buf_free(&m);
        json_array_append_new(rels, loc);
        json_t *x = json_object();
        json_object_set_new(x, "ruleId", report_json_str(gc->id));
        json_object_set_new(x, "name", report_json_str(gc->name));
        json_object_set_new(x, "severity", json_string(severity_name(g->sev)));
        json_object_set_new(x, "line", json_integer(gl.line));
        json_object_set_new(x, "column", json_integer(gl.col));
        json_array_append_new(list, x);
        display_loc_free(&gl);
    }
    json_object_set_new(props, "related", list);
}

/* One result: finding i, its rule's index, its fingerprint. */
static json_t *result(const scan_result *r, const checkset *set, size_t i, long rule_index, const char *fp,
                      const uint32_t *first, const uint32_t *next)
{
    const finding *f = &r->res.f[i];
    const check *c = &set->v[f->check];
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", report_json_str(c->id));
    json_object_set_new(res, "ruleIndex", json_integer(rule_index));
    json_object_set_new(res, "level", json_string(level(f->sev)));
    buf msg = {0};
    buf_puts(&msg, f->message ? f->message : c->title);
    display_finding_resource(&msg, f);
    if (first[i]) {
        buf_puts(&msg, " (related: ");
        related_describe(&msg, &r->res, set, first, next, i);
        buf_puts(&msg, ")");
    }
    json_object_set_new(res, "message", text_obj(msg.s));
    buf_free(&msg);
    display_loc at;
    display_finding_loc(&r->roots, f, 1, &at);
    json_t *locs = json_array();
    json_array_append_new(locs, location_in(at.file, f->src && f->src->repo_path && !at.stream, at.line, at.col));
    json_object_set_new(res, "locations", locs);
    json_t *rels = json_array(), *props = result_properties(f, c);
    long id = 1;
    if (at.stream) {
        /* the document in the rendered stream it was read from */
        json_t *rel = location_in(at.stream, 0, at.stream_line, at.stream_col);
        json_object_set_new(rel, "id", json_integer(id++));
        buf m = {0};
        buf_printf(&m, "rendered from %s", at.file);
        json_object_set_new(rel, "message", text_obj(m.s));
        buf_free(&m);
        json_array_append_new(rels, rel);
    }
    if (first[i]) related_of(r, set, first, next, i, rels, props, &id);
    if (json_array_size(rels)) json_object_set_new(res, "relatedLocations", rels);
    else json_decref(rels);
    display_loc_free(&at);
    json_t *pf = json_object();
    json_object_set_new(pf, "plimsoll/v1", json_string(fp));
    json_object_set_new(res, "partialFingerprints", pf);
    if (f->suppressed) json_object_set_new(res, "suppressions", suppressions(f));
    json_object_set_new(res, "properties", props);
    return res;
}

/* [invocation]: success, input errors, configuration warnings. */
static json_t *invocations(const scan_result *r, const report_opts *o)
{
    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_boolean(r->res.n_e == 0));
    json_t *notes = json_array();
    for (size_t i = 0; i < r->res.n_e; i++) {
        const scan_error *e = &r->res.e[i];
        json_t *n = json_object();
        json_object_set_new(n, "level", json_string("error"));
        json_object_set_new(n, "message", text_obj(e->message));
        json_t *locs = json_array();
        json_array_append_new(locs, location(&r->roots, e->file, e->line, e->col));
        json_object_set_new(n, "locations", locs);
        json_array_append_new(notes, n);
    }
    json_object_set_new(inv, "toolExecutionNotifications", notes);
    json_object_set_new(inv, "toolConfigurationNotifications", config_notifications(&r->roots, o->warnings));
    json_t *invs = json_array();
    json_array_append_new(invs, inv);
    return invs;
}

void report_sarif(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep, const report_opts *o)
{
    char **fp = baseline_fingerprints(r, set);
    long *rule_index = xmalloc((set->n + 1) * sizeof *rule_index);
    json_t *run = json_object();
    json_object_set_new(run, "tool", tool(r, set, keep, o, rule_index));
    json_object_set_new(run, "invocations", invocations(r, o));
    json_t *base = json_object(), *root_desc = json_object();
    json_object_set_new(root_desc, "description", text_obj("The repository root: the git top level, or --root"));
    json_object_set_new(base, SRCROOT, root_desc);
    json_object_set_new(run, "originalUriBaseIds", base);
    json_t *auto_id = json_object();
    json_object_set_new(auto_id, "id", json_string("plimsoll/"));
    json_object_set_new(run, "automationDetails", auto_id);
    json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
    json_t *list = json_array();
    uint32_t *first, *next;
    results_related_lists(&r->res, &first, &next);
    for (size_t i = 0; i < r->res.n_f; i++)
        if (keep[i]) json_array_append_new(list, result(r, set, i, rule_index[r->res.f[i].check], fp[i], first, next));
    free(first);
    free(next);
    json_object_set_new(run, "results", list);
    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(root);
    free(rule_index);
    baseline_fingerprints_free(fp, r->res.n_f);
}
