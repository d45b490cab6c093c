/* checks_doc.c — the listing and the reference of the checks (see
 * checks_doc.h): text table, JSON metadata, Markdown pages. Everything is
 * read from the validated metadata (check.h), never from a check's code, so
 * checks of any shape are documented alike. */
#include "checks_doc.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static void list_inputs(buf *b, unsigned inputs, const char *sep)
{
    const char *s = "";
    for (int i = 0; i < N_INPUTS; i++)
        if (inputs & input_bit(i)) {
            buf_printf(b, "%s%s", s, input_name(input_bit(i)));
            s = sep;
        }
}

static int selected(const check *k, unsigned inputs) { return !inputs || (k->inputs & inputs); }

/* ---------------------------------------------------------------- text */

static void doc_text(buf *out, const checkset *set, unsigned inputs)
{
    buf_printf(out, "%-9s %-34s %-9s %-36s %-9s %s\n", "ID", "NAME", "SEVERITY", "INPUTS", "CLASS", "FRAMEWORKS");
    for (size_t i = 0; i < set->n; i++) {
        const check *k = &set->v[i];
        if (!selected(k, inputs)) continue;
        buf in = {0};
        list_inputs(&in, k->inputs, ",");
        buf_printf(out, "%-9s %-34s %-9s %-36s %-9s ", k->id, k->name, severity_name(k->sev), in.s ? in.s : "",
                   check_class(k));
        for (size_t j = 0; j < k->n_controls; j++)
            buf_printf(out, "%s%s %s", j ? ", " : "", k->controls[j].framework, k->controls[j].id);
        buf_putc(out, '\n');
        buf_free(&in);
    }
}

/* ---------------------------------------------------------------- JSON */

static json_t *check_json(const check *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(k->id));
    json_object_set_new(o, "name", json_string(k->name));
    json_object_set_new(o, "severity", json_string(severity_name(k->sev)));
    json_object_set_new(o, "class", json_string(check_class(k)));
    json_object_set_new(o, "title", json_string(k->title));
    json_t *in = json_array();
    for (int i = 0; i < N_INPUTS; i++)
        if (k->inputs & input_bit(i)) json_array_append_new(in, json_string(input_name(input_bit(i))));
    json_object_set_new(o, "inputs", in);
    json_object_set_new(o, "cross_document", json_boolean(k->cross));
    json_object_set_new(o, "controls", report_json_controls(k));
    json_t *kinds = k->kinds ? json_array() : json_null(); /* null: every kind */
    for (size_t j = 0; j < k->n_kinds; j++) json_array_append_new(kinds, json_string(k->kinds[j]));
    json_object_set_new(o, "kinds", kinds);
    json_object_set_new(o, "description", json_string(k->description));
    json_object_set_new(o, "remediation", json_string(k->remediation));
    json_object_set_new(o, "file", json_string(k->file));
    return o;
}

static void doc_json(buf *out, const checkset *set, unsigned inputs)
{
    json_t *a = json_array();
    for (size_t i = 0; i < set->n; i++)
        if (selected(&set->v[i], inputs)) json_array_append_new(a, check_json(&set->v[i]));
    char *s = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    buf_puts(out, s);
    buf_putc(out, '\n');
    free(s);
    json_decref(a);
}

/* ------------------------------------------------------------ Markdown */

/* Whether the backtick at s opens a code span that closes on this text. */
static const char *code_span_end(const char *s) { return strchr(s + 1, '`'); }

/* Append s as Markdown text that renders as s: code spans kept, characters
 * that would start emphasis, links, HTML or (at a line start) headings and
 * lists escaped. In a table cell, line breaks become spaces. */
static void md_text(buf *out, const char *s, int cell)
{
    int line_start = 1;
    for (const char *p = s; *p; p++) {
        const char *end;
        if (*p == '`' && (end = code_span_end(p)) && (!cell || !memchr(p, '\n', (size_t)(end - p)))) {
            buf_add(out, p, (size_t)(end - p + 1));
            p = end;
            line_start = 0;
            continue;
        }
        if (*p == '\n') {
            buf_putc(out, cell ? ' ' : '\n');
            line_start = !cell;
            continue;
        }
        if (line_start && (*p == '#' || ((*p == '-' || *p == '+') && (p[1] == ' ' || !p[1])))) buf_putc(out, '\\');
        if (line_start && isdigit((unsigned char)*p)) { /* "1. " would start a list */
            const char *q = p;
            while (isdigit((unsigned char)*q)) q++;
            if ((*q == '.' || *q == ')') && (q[1] == ' ' || !q[1])) {
                buf_add(out, p, (size_t)(q - p));
                buf_putc(out, '\\');
                p = q;
            }
        }
        line_start = 0;
        int intraword = p > s && isalnum((unsigned char)p[-1]) && isalnum((unsigned char)p[1]);
        if (*p == '<') buf_puts(out, "&lt;");
        else if (*p == '>') buf_puts(out, "&gt;");
        else if (*p == '&') buf_puts(out, "&amp;");
        else if (strchr("\\*[]|`", *p) || (*p == '_' && !intraword)) buf_printf(out, "\\%c", *p);
        else buf_putc(out, *p);
    }
}

static const char *input_title(unsigned inputs)
{
    switch (inputs) {
    case IN_KUBERNETES: return "Kubernetes checks";
    case IN_COMPOSE: return "Docker Compose checks";
    case IN_DOCKERFILE: return "Dockerfile checks";
    case IN_IMAGE: return "Image config checks";
    case IN_CONTAINER: return "Running container checks";
    case IN_DAEMON: return "Docker daemon checks";
    case IN_NODE: return "Kubernetes node and control plane checks";
    case IN_ARCHIVE: return "Image archive checks";
    default: return "Checks";
    }
}

static const char *input_noun(unsigned bit)
{
    switch (bit) {
    case IN_KUBERNETES: return "Kubernetes manifests";
    case IN_COMPOSE: return "Docker Compose files";
    case IN_DOCKERFILE: return "Dockerfiles";
    case IN_CONTAINER: return "`docker container inspect` output";
    case IN_DAEMON: return "Docker daemon configurations";
    case IN_NODE: return "control-plane static pods and node configuration files";
    case IN_ARCHIVE: return "images in archives (docker save, OCI layouts: config, files, packages)";
    default: return "container image configs";
    }
}

/* "cis-kubernetes 5.2.2"; PSS controls are their profile alone. */
static void md_control(buf *out, const control *c)
{
    size_t fl = strlen(c->framework), il = strlen(c->id);
    buf_puts(out, c->framework);
    if (fl > il + 1 && c->framework[fl - il - 1] == '-' && strcmp(c->framework + fl - il, c->id) == 0) return;
    buf_putc(out, ' ');
    md_text(out, c->id, 1);
}

static void md_facts(buf *out, const check *k)
{
    buf_printf(out, "- id: `%s`\n- severity: %s\n- class: %s\n- inputs: ", k->id, severity_name(k->sev), check_class(k));
    list_inputs(out, k->inputs, ", ");
    if (k->kinds) {
        buf_puts(out, "\n- Kubernetes kinds: ");
        for (size_t j = 0; j < k->n_kinds; j++) buf_printf(out, "%s%s", j ? ", " : "", k->kinds[j]);
    }
    if (k->cross) buf_puts(out, "\n- scope: across all scanned documents (cross-document)");
    for (size_t j = 0; j < k->n_supersedes; j++)
        buf_printf(out, "%s`%s`", j ? ", " : "\n- supersedes (reported as related on the same node): ", k->supersedes[j]);
    if (k->n_controls) buf_puts(out, "\n- controls: ");
    for (size_t j = 0; j < k->n_controls; j++) {
        if (j) buf_puts(out, "; ");
        md_control(out, &k->controls[j]);
    }
    buf_printf(out, "\n- source: `%s`\n\n", k->file);
}

/* One check's section, after a blank line. */
static void md_check(buf *out, const check *k)
{
    buf_printf(out, "\n## %s\n\n**", k->name);
    md_text(out, k->title, 1);
    buf_puts(out, "**\n\n");
    md_facts(out, k);
    md_text(out, k->description, 0);
    buf_puts(out, "\n\n**Remediation:**");
    if (strchr(k->remediation, '\n')) {
        const char *fence = strstr(k->remediation, "```") ? "~~~" : "```";
        buf_printf(out, "\n\n%stext\n%s\n%s\n", fence, k->remediation, fence);
    } else {
        buf_putc(out, ' ');
        md_text(out, k->remediation, 0);
        buf_putc(out, '\n');
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const check *const *)a)->name, (*(const check *const *)b)->name);
}

static void md_summary(buf *out, const check **v, size_t n, unsigned inputs)
{
    buf_printf(out, "# %s\n\n", input_title(inputs));
    buf_puts(out, "<!-- Generated from the checks' metadata by `plimsoll checks --format markdown`. Do not edit. -->\n\n");
    buf_printf(out, "%zu check%s", n, n == 1 ? "" : "s");
    if (inputs) {
        buf_puts(out, " that read ");
        const char *sep = "";
        for (int i = 0; i < N_INPUTS; i++)
            if (inputs & input_bit(i)) {
                buf_printf(out, "%s%s", sep, input_noun(input_bit(i)));
                sep = " or ";
            }
    }
    buf_puts(out, ", by name. Each finding names the check; `plimsoll explain NAME` prints the same text.\n\n");
    buf_puts(out, "| check | id | severity | title |\n|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        buf_printf(out, "| [%s](#%s) | `%s` | %s | ", v[i]->name, v[i]->name, v[i]->id, severity_name(v[i]->sev));
        md_text(out, v[i]->title, 1);
        buf_puts(out, " |\n");
    }
}

static void doc_markdown(buf *out, const checkset *set, unsigned inputs)
{
    const check **v = xcalloc(set->n + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        if (selected(&set->v[i], inputs)) v[n++] = &set->v[i];
    qsort(v, n, sizeof *v, by_name);
    md_summary(out, v, n, inputs);
    for (size_t i = 0; i < n; i++) md_check(out, v[i]);
    free(v);
}

int checks_doc(buf *out, const checkset *set, unsigned inputs, const char *format)
{
    if (strcmp(format, "text") == 0) doc_text(out, set, inputs);
    else if (strcmp(format, "json") == 0) doc_json(out, set, inputs);
    else if (strcmp(format, "markdown") == 0) doc_markdown(out, set, inputs);
    else return -1;
    return 0;
}

void checks_doc_explain(buf *out, const check *k)
{
    buf in = {0};
    list_inputs(&in, k->inputs, ",");
    buf_printf(out, "%s %s (%s)\n%s\n\ninputs: %s\nclass: %s\n", k->id, k->name, severity_name(k->sev), k->title, in.s,
               check_class(k));
    if (k->n_kinds) {
        buf_puts(out, "kinds:");
        for (size_t j = 0; j < k->n_kinds; j++) buf_printf(out, " %s", k->kinds[j]);
        buf_putc(out, '\n');
    }
    if (k->cross) buf_puts(out, "scope: across all scanned documents\n");
    for (size_t j = 0; j < k->n_supersedes; j++)
        buf_printf(out, "%s %s%s", j ? "" : "supersedes:", k->supersedes[j], j + 1 == k->n_supersedes ? "\n" : "");
    for (size_t j = 0; j < k->n_controls; j++)
        buf_printf(out, "%s %s %s\n", j ? "          " : "controls:", k->controls[j].framework, k->controls[j].id);
    buf_printf(out, "\n%s\n\nremediation:\n%s\n\nsource: %s\n", k->description, k->remediation, k->file);
    buf_free(&in);
}
