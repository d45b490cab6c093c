/* framework.c — the framework catalogues (see framework.h): parsed with the
 * YAML loader (positions for free), validated in one place, resolved against
 * the check set, and turned into the checks' control tags. Never prints.
 *
 * A catalogue:
 *
 *   framework: cis-docker            id used on the command line
 *   version: 1.6.0
 *   title: CIS Docker Benchmark
 *   source: where the control list was confirmed
 *   aliases: [docker-cis]            other names --compliance accepts
 *   includes: pss-baseline           (optional) every control of that one first
 *   sections: [{id: "4", title: Container Images and Build File Configuration}, …]
 *   controls:
 *     - id: "4.1"
 *       title: Ensure that a user for the container has been created
 *       profile: Level 1             (optional)
 *       section: "4"                 (optional: else the longest section id prefixing the id)
 *       dockerfile: [runs-as-root]   automated: the checks per input
 *       image: [runs-as-root]
 *       needs: [container]           inputs plimsoll does not read that would decide it too
 *       note: what the checks do not cover
 *     - id: "4.5"
 *       manual: the reason a file scan cannot decide it
 */
#include "framework.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "check_index.h"
#include "embedded.h"
#include "load.h"
#include "digest.h"

const fw_need framework_needs[] = {
    {"container", "docker inspect output of a running container"},
    {"daemon", "the Docker daemon's configuration and state (daemon.json, dockerd flags, docker info)"},
    {"host", "the host itself (file permissions, mounts, audit rules, installed versions)"},
    {"kubelet", "a kubelet configuration (KubeletConfiguration file or kubelet flags)"},
    {"control-plane", "control-plane static pod manifests (kube-apiserver, kube-controller-manager, kube-scheduler, etcd)"},
    {"kube-proxy", "the kube-proxy configuration"},
    {"cluster", "the live cluster (what is installed and enforced, not what is in files)"},
};
const size_t framework_n_needs = sizeof framework_needs / sizeof *framework_needs;

const char *framework_need_what(const char *name)
{
    for (size_t i = 0; i < framework_n_needs; i++)
        if (strcmp(framework_needs[i].name, name) == 0) return framework_needs[i].what;
    return input_parse(name) ? name : NULL;
}

/* ------------------------------------------------------------- parsing */

typedef struct parser {
    const char *file;
    tree *t;
    char *err;
    size_t errlen;
} parser;

static int fail(parser *p, uint32_t line, uint32_t col, const char *fmt, const char *a)
{
    char m[480];
    snprintf(m, sizeof m, fmt, a ? a : "");
    snprintf(p->err, p->errlen, "%s:%u:%u: %s", p->file, line, col, m);
    return -1;
}

static const node *N(const parser *p, node_id id) { return tree_get(p->t, id); }
static int scalar(const node *n) { return n->kind != N_MAP && n->kind != N_SEQ && n->kind != N_NULL; }
static const char *text(const parser *p, node_id id) { return tree_text(p->t, N(p, id)->str); }

/* A non-empty scalar as a new string. */
static int str_field(parser *p, node_id id, const char *key, char **out)
{
    const node *n = N(p, id);
    if (!scalar(n) || !*text(p, id)) return fail(p, n->line, n->col, "%s must be a non-empty string", key);
    free(*out);
    *out = xstrdup(text(p, id));
    return 0;
}

/* A list of non-empty strings (a single string is a list of one). */
static int str_list(parser *p, node_id id, const char *key, char ***out, size_t *n)
{
    const node *x = N(p, id);
    uint32_t count = x->kind == N_SEQ ? x->n : 1;
    if (x->kind != N_SEQ && !scalar(x)) return fail(p, x->line, x->col, "%s must be a list of strings", key);
    for (uint32_t i = 0; i < count; i++) {
        node_id e = x->kind == N_SEQ ? p->t->kids[x->kids + i].val : id;
        const node *en = N(p, e);
        if (!scalar(en) || !*text(p, e)) return fail(p, en->line, en->col, "%s must be a list of strings", key);
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = xstrdup(text(p, e));
    }
    return 0;
}

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

static void control_free(fw_control *c)
{
    free(c->id); free(c->title); free(c->section); free(c->profile); free(c->note); free(c->manual);
    free_strs(c->needs, c->n_needs);
    for (size_t i = 0; i < c->n_ev; i++) {
        free_strs(c->ev[i].checks, c->ev[i].n_checks);
        free(c->ev[i].idx);
    }
    free(c->ev);
    memset(c, 0, sizeof *c);
}

static int parse_control(parser *p, node_id id, fw_control *c)
{
    const node *x = N(p, id);
    memset(c, 0, sizeof *c);
    c->line = x->line;
    if (x->kind != N_MAP) return fail(p, x->line, x->col, "a control is a map (id, title, and checks per input, manual or needs)%s", "");
    for (uint32_t i = 0; i < x->n; i++) {
        const kid *k = &p->t->kids[x->kids + i];
        const char *key = tree_text(p->t, k->key);
        int rc = 0;
        unsigned in = input_parse(key);
        if (strcmp(key, "id") == 0) rc = str_field(p, k->val, "id", &c->id);
        else if (strcmp(key, "title") == 0) rc = str_field(p, k->val, "title", &c->title);
        else if (strcmp(key, "section") == 0) rc = str_field(p, k->val, "section", &c->section);
        else if (strcmp(key, "profile") == 0) rc = str_field(p, k->val, "profile", &c->profile);
        else if (strcmp(key, "note") == 0) rc = str_field(p, k->val, "note", &c->note);
        else if (strcmp(key, "manual") == 0) rc = str_field(p, k->val, "manual", &c->manual);
        else if (strcmp(key, "needs") == 0) {
            size_t before = c->n_needs;
            rc = str_list(p, k->val, "needs", &c->needs, &c->n_needs);
            for (size_t j = before; !rc && j < c->n_needs; j++)
                if (!framework_need_what(c->needs[j]) && !input_parse(c->needs[j])) {
                    char known[300] = "";
                    for (size_t m = 0; m < framework_n_needs; m++)
                        snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", m ? ", " : "",
                                 framework_needs[m].name);
                    char m2[400];
                    snprintf(m2, sizeof m2, "unknown need '%s' (known: %s)", c->needs[j], known);
                    rc = fail(p, N(p, k->val)->line, N(p, k->val)->col, "%s", m2);
                }
        } else if (in) {
            for (size_t j = 0; j < c->n_ev; j++)
                if (c->ev[j].input == in) return fail(p, k->key_line, k->key_col, "input '%s' listed twice", key);
            c->ev = xrealloc(c->ev, (c->n_ev + 1) * sizeof *c->ev);
            fw_evidence *ev = &c->ev[c->n_ev++];
            memset(ev, 0, sizeof *ev);
            ev->input = in;
            ev->line = k->key_line;
            rc = str_list(p, k->val, key, &ev->checks, &ev->n_checks);
            if (!rc && !ev->n_checks) rc = fail(p, k->key_line, k->key_col, "input '%s' lists no check", key);
        } else {
            rc = fail(p, k->key_line, k->key_col,
                      "unknown control key '%s' (expected id, title, section, profile, note, manual, needs, or an "
                      "input: kubernetes, compose, dockerfile, image)", key);
        }
        if (rc) return -1;
    }
    /* An input listed as a key is read: it no longer needs to be named. */
    size_t kept = 0;
    for (size_t j = 0; j < c->n_needs; j++) {
        unsigned in = input_parse(c->needs[j]);
        if (in && (framework_control_inputs(c) & in)) free(c->needs[j]);
        else c->needs[kept++] = c->needs[j];
    }
    c->n_needs = kept;
    if (!c->id) return fail(p, x->line, x->col, "a control needs an id%s", "");
    if (!c->title) return fail(p, x->line, x->col, "control %s needs a title", c->id);
    if (c->manual && (c->n_ev || c->n_needs))
        return fail(p, x->line, x->col, "control %s is manual: it lists no checks and no needs", c->id);
    if (!c->manual && !c->n_ev && !c->n_needs)
        return fail(p, x->line, x->col,
                    "control %s needs an assessment: checks per input, manual: REASON, or needs: [INPUT]", c->id);
    return 0;
}

static int parse_sections(parser *p, node_id id, framework *fw)
{
    const node *x = N(p, id);
    if (x->kind != N_SEQ) return fail(p, x->line, x->col, "sections must be a list of {id, title}%s", "");
    for (uint32_t i = 0; i < x->n; i++) {
        node_id e = p->t->kids[x->kids + i].val;
        const node *en = N(p, e);
        if (en->kind != N_MAP) return fail(p, en->line, en->col, "a section is a map {id, title}%s", "");
        fw_section s = {0};
        int rc = 0;
        for (uint32_t j = 0; j < en->n && !rc; j++) {
            const kid *k = &p->t->kids[en->kids + j];
            const char *key = tree_text(p->t, k->key);
            if (strcmp(key, "id") == 0) rc = str_field(p, k->val, "section id", &s.id);
            else if (strcmp(key, "title") == 0) rc = str_field(p, k->val, "section title", &s.title);
            else rc = fail(p, k->key_line, k->key_col, "unknown section key '%s' (expected id, title)", key);
        }
        if (!rc && (!s.id || !s.title)) rc = fail(p, en->line, en->col, "a section needs an id and a title%s", "");
        for (size_t j = 0; !rc && j < fw->n_sections; j++)
            if (strcmp(fw->sections[j].id, s.id) == 0) rc = fail(p, en->line, en->col, "section %s listed twice", s.id);
        if (rc) {
            free(s.id);
            free(s.title);
            return -1;
        }
        fw->sections = xrealloc(fw->sections, (fw->n_sections + 1) * sizeof *fw->sections);
        fw->sections[fw->n_sections++] = s;
    }
    return 0;
}

static int parse_controls(parser *p, node_id id, framework *fw)
{
    const node *x = N(p, id);
    if (x->kind != N_SEQ) return fail(p, x->line, x->col, "controls must be a list%s", "");
    for (uint32_t i = 0; i < x->n; i++) {
        fw_control c;
        int rc = parse_control(p, p->t->kids[x->kids + i].val, &c);
        if (!rc)
            for (size_t j = 0; j < fw->n_controls; j++)
                if (strcmp(fw->controls[j].id, c.id) == 0) {
                    rc = fail(p, c.line, N(p, p->t->kids[x->kids + i].val)->col, "control id %s is not unique", c.id);
                    break;
                }
        if (rc) {
            control_free(&c);
            return -1;
        }
        fw->controls = xrealloc(fw->controls, (fw->n_controls + 1) * sizeof *fw->controls);
        fw->controls[fw->n_controls++] = c;
    }
    return 0;
}

static void copy_control(fw_control *dst, const fw_control *s)
{
    memset(dst, 0, sizeof *dst);
    dst->id = xstrdup(s->id);
    dst->title = xstrdup(s->title);
    dst->section = xstrdup_or_null(s->section);
    dst->profile = xstrdup_or_null(s->profile);
    dst->note = xstrdup_or_null(s->note);
    dst->manual = xstrdup_or_null(s->manual);
    dst->line = s->line;
    for (size_t i = 0; i < s->n_needs; i++) {
        dst->needs = xrealloc(dst->needs, (dst->n_needs + 1) * sizeof *dst->needs);
        dst->needs[dst->n_needs++] = xstrdup(s->needs[i]);
    }
    dst->ev = xcalloc(s->n_ev + 1, sizeof *dst->ev);
    dst->n_ev = s->n_ev;
    for (size_t i = 0; i < s->n_ev; i++) {
        dst->ev[i].input = s->ev[i].input;
        dst->ev[i].line = s->ev[i].line;
        dst->ev[i].n_checks = s->ev[i].n_checks;
        dst->ev[i].checks = xcalloc(s->ev[i].n_checks + 1, sizeof(char *));
        for (size_t j = 0; j < s->ev[i].n_checks; j++) dst->ev[i].checks[j] = xstrdup(s->ev[i].checks[j]);
    }
}

/* includes: every section and control of an already loaded framework, first. */
static int include(parser *p, const framework_set *set, node_id id, framework *fw)
{
    const node *n = N(p, id);
    if (!scalar(n)) return fail(p, n->line, n->col, "includes must name a framework%s", "");
    const framework *src = NULL;
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->v[i].id, text(p, id)) == 0) src = &set->v[i];
    if (!src) return fail(p, n->line, n->col, "includes '%s': no such framework loaded before this one", text(p, id));
    for (size_t i = 0; i < src->n_sections; i++) {
        fw->sections = xrealloc(fw->sections, (fw->n_sections + 1) * sizeof *fw->sections);
        fw->sections[fw->n_sections++] = (fw_section){xstrdup(src->sections[i].id), xstrdup(src->sections[i].title)};
    }
    for (size_t i = 0; i < src->n_controls; i++) {
        fw->controls = xrealloc(fw->controls, (fw->n_controls + 1) * sizeof *fw->controls);
        copy_control(&fw->controls[fw->n_controls++], &src->controls[i]);
    }
    return 0;
}

static void framework_free(framework *fw)
{
    free(fw->id); free(fw->version); free(fw->title); free(fw->source); free(fw->file);
    free_strs(fw->aliases, fw->n_aliases);
    for (size_t i = 0; i < fw->n_sections; i++) {
        free(fw->sections[i].id);
        free(fw->sections[i].title);
    }
    free(fw->sections);
    for (size_t i = 0; i < fw->n_controls; i++) control_free(&fw->controls[i]);
    free(fw->controls);
    memset(fw, 0, sizeof *fw);
}

static int parse_root(parser *p, const framework_set *set, node_id root, framework *fw)
{
    const node *r = N(p, root);
    if (r->kind != N_MAP) return fail(p, r->line, r->col, "a catalogue is a map (framework, version, title, source, sections, controls)%s", "");
    node_id sections = 0, controls = 0, inc = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        const kid *k = &p->t->kids[r->kids + i];
        const char *key = tree_text(p->t, k->key);
        int rc = 0;
        if (strcmp(key, "framework") == 0) rc = str_field(p, k->val, "framework", &fw->id);
        else if (strcmp(key, "version") == 0) rc = str_field(p, k->val, "version", &fw->version);
        else if (strcmp(key, "title") == 0) rc = str_field(p, k->val, "title", &fw->title);
        else if (strcmp(key, "source") == 0) rc = str_field(p, k->val, "source", &fw->source);
        else if (strcmp(key, "aliases") == 0) rc = str_list(p, k->val, "aliases", &fw->aliases, &fw->n_aliases);
        else if (strcmp(key, "includes") == 0) inc = k->val;
        else if (strcmp(key, "sections") == 0) sections = k->val;
        else if (strcmp(key, "controls") == 0) controls = k->val;
        else rc = fail(p, k->key_line, k->key_col,
                       "unknown key '%s' (expected framework, version, title, source, aliases, includes, sections, controls)", key);
        if (rc) return -1;
    }
    if (!fw->id || !fw->version || !fw->title || !fw->source || !controls)
        return fail(p, r->line, r->col, "a catalogue needs framework, version, title, source and controls%s", "");
    if (inc && include(p, set, inc, fw)) return -1;
    if (sections && parse_sections(p, sections, fw)) return -1;
    size_t first = fw->n_controls;
    if (parse_controls(p, controls, fw)) return -1;
    for (size_t i = first; i < fw->n_controls; i++) {
        const fw_control *c = &fw->controls[i];
        for (size_t j = 0; j < first; j++)
            if (strcmp(fw->controls[j].id, c->id) == 0) return fail(p, c->line, 1, "control id %s is also in the included framework", c->id);
        if (c->section) {
            size_t j = 0;
            while (j < fw->n_sections && strcmp(fw->sections[j].id, c->section) != 0) j++;
            if (j == fw->n_sections) return fail(p, c->line, 1, "section %s is not in sections", c->section);
        } else if (!framework_section_of(fw, c)) {
            return fail(p, c->line, 1, "control %s belongs to no section (give section:, or a section whose id prefixes it)", c->id);
        }
    }
    return 0;
}

int framework_load_text(framework_set *set, const char *file, const char *text_in, size_t len, char *err, size_t errlen)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text_in, len);
    copy[len] = 0;
    source *src = source_new_owned(file, copy, len);
    tree *t = tree_new();
    doclist docs = {0};
    perr pe = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    int rc = 0;
    if (load_yaml(src, t, &docs, &lim, &pe)) {
        snprintf(err, errlen, "%s:%u:%u: %s", file, pe.line, pe.col, pe.msg);
        rc = -1;
    } else if (docs.n != 1) {
        snprintf(err, errlen, "%s:1:1: a catalogue is one YAML document", file);
        rc = -1;
    }
    framework fw = {0};
    if (!rc) {
        parser p = {file, t, err, errlen};
        rc = parse_root(&p, set, docs.v[0].root, &fw);
    }
    for (size_t i = 0; !rc && i < set->n; i++)
        if (strcmp(set->v[i].id, fw.id) == 0) {
            snprintf(err, errlen, "%s:1:1: framework %s is defined twice (also in %s)", file, fw.id, set->v[i].file);
            rc = -1;
        }
    if (!rc) {
        sha256_ctx h;
        sha256_init(&h);
        sha256_update(&h, text_in, len);
        sha256_hex(&h, fw.sha256);
        fw.file = xstrdup(file);
        set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
        set->v[set->n++] = fw;
    } else {
        framework_free(&fw);
    }
    free(docs.v);
    tree_free(t);
    source_free(src);
    return rc;
}


static void framework_copy(framework *d, const framework *s)
{
    *d = *s;
    d->id = xstrdup(s->id);
    d->version = xstrdup(s->version);
    d->title = xstrdup(s->title);
    d->source = xstrdup_or_null(s->source);
    d->file = xstrdup(s->file);
    d->aliases = xstrdup_list(s->aliases, s->n_aliases);
    d->sections = s->n_sections ? xcalloc(s->n_sections, sizeof *d->sections) : NULL;
    for (size_t i = 0; i < s->n_sections; i++)
        d->sections[i] = (fw_section){xstrdup(s->sections[i].id), xstrdup_or_null(s->sections[i].title)};
    d->controls = s->n_controls ? xcalloc(s->n_controls, sizeof *d->controls) : NULL;
    for (size_t i = 0; i < s->n_controls; i++) {
        const fw_control *a = &s->controls[i];
        fw_control *b = &d->controls[i];
        *b = *a;
        b->id = xstrdup(a->id);
        b->title = xstrdup_or_null(a->title);
        b->section = xstrdup_or_null(a->section);
        b->profile = xstrdup_or_null(a->profile);
        b->note = xstrdup_or_null(a->note);
        b->manual = xstrdup_or_null(a->manual);
        b->needs = xstrdup_list(a->needs, a->n_needs);
        b->ev = a->ev ? xcalloc(a->n_ev + 1, sizeof *b->ev) : NULL;
        for (size_t e = 0; e < a->n_ev; e++) {
            b->ev[e] = a->ev[e];
            b->ev[e].checks = xstrdup_list(a->ev[e].checks, a->ev[e].n_checks);
            b->ev[e].idx = NULL;
        }
    }
}

/* The catalogues parsed at build time (check_index.h), when they are those
 * of this binary (same files, same order): copied, not parsed. */
static int load_index(framework_set *set)
{
    if (!framework_index_count || framework_index_count != embedded_frameworks_count) return -1;
    for (unsigned i = 0; i < framework_index_count; i++)
        if (strcmp(framework_index[i].file, embedded_frameworks[i].path) != 0) return -1;
    set->v = xrealloc(set->v, (set->n + framework_index_count) * sizeof *set->v);
    for (unsigned i = 0; i < framework_index_count; i++) framework_copy(&set->v[set->n++], &framework_index[i]);
    return 0;
}

int framework_load_builtin(framework_set *set, char *err, size_t errlen)
{
    if (load_index(set) == 0) return 0;
    return framework_load_parsed(set, err, errlen);
}

int framework_load_parsed(framework_set *set, char *err, size_t errlen)
{
    for (unsigned i = 0; i < embedded_frameworks_count; i++)
        if (framework_load_text(set, embedded_frameworks[i].path, embedded_frameworks[i].text,
                                embedded_frameworks[i].len, err, errlen))
            return -1;
    return 0;
}

static int name_is(const char *name, const char *base, const char *version)
{
    size_t l = strlen(base);
    if (strcmp(name, base) == 0) return 1;
    return strncmp(name, base, l) == 0 && name[l] == '-' && strcmp(name + l + 1, version) == 0;
}

const framework *framework_find(const framework_set *set, const char *name)
{
    for (size_t i = 0; i < set->n; i++) {
        const framework *fw = &set->v[i];
        if (name_is(name, fw->id, fw->version)) return fw;
        for (size_t a = 0; a < fw->n_aliases; a++)
            if (name_is(name, fw->aliases[a], fw->version)) return fw;
    }
    return NULL;
}

const fw_section *framework_section_of(const framework *fw, const fw_control *c)
{
    if (c->section) {
        for (size_t i = 0; i < fw->n_sections; i++)
            if (strcmp(fw->sections[i].id, c->section) == 0) return &fw->sections[i];
        return NULL;
    }
    const fw_section *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < fw->n_sections; i++) {
        size_t l = strlen(fw->sections[i].id);
        if (l > best_len && strncmp(c->id, fw->sections[i].id, l) == 0 && (c->id[l] == '.' || c->id[l] == 0)) {
            best = &fw->sections[i];
            best_len = l;
        }
    }
    return best;
}

unsigned framework_control_inputs(const fw_control *c)
{
    unsigned in = 0;
    for (size_t i = 0; i < c->n_ev; i++) in |= c->ev[i].input;
    return in;
}

static int resolve_with(framework_set *set, const checkset *checks, const check_finder *find, char *err, size_t errlen)
{
    for (size_t f = 0; f < set->n; f++) {
        framework *fw = &set->v[f];
        for (size_t i = 0; i < fw->n_controls; i++) {
            fw_control *c = &fw->controls[i];
            for (size_t e = 0; e < c->n_ev; e++) {
                fw_evidence *ev = &c->ev[e];
                free(ev->idx);
                ev->idx = xcalloc(ev->n_checks + 1, sizeof *ev->idx);
                for (size_t j = 0; j < ev->n_checks; j++) {
                    long at = check_finder_find(find, ev->checks[j]);
                    if (at >= 0 && checks->v[at].custom) at = -1;
                    ev->idx[j] = at;
                    if (at < 0) {
                        snprintf(err, errlen, "%s:%u: control %s names '%s', which is not a built-in check", fw->file,
                                 ev->line, c->id, ev->checks[j]);
                        return -1;
                    }
                    if (strcmp(checks->v[at].name, ev->checks[j]) != 0) {
                        snprintf(err, errlen, "%s:%u: control %s names check %s by its id: write its name, %s", fw->file,
                                 ev->line, c->id, ev->checks[j], checks->v[at].name);
                        return -1;
                    }
                    if (!(checks->v[at].inputs & ev->input)) {
                        snprintf(err, errlen, "%s:%u: control %s lists %s under %s, an input that check does not read",
                                 fw->file, ev->line, c->id, ev->checks[j], input_name(ev->input));
                        return -1;
                    }
                }
            }
        }
    }
    return 0;
}

int framework_resolve(framework_set *set, const checkset *checks, char *err, size_t errlen)
{
    check_finder find;
    check_finder_make(&find, checks);
    int rc = resolve_with(set, checks, &find, err, errlen);
    check_finder_free(&find);
    return rc;
}

void framework_attach(const framework_set *set, checkset *checks)
{
    for (size_t k = 0; k < checks->n; k++) {
        check *ck = &checks->v[k];
        if (ck->custom) continue;
        for (size_t i = 0; i < ck->n_controls; i++) {
            free(ck->controls[i].framework);
            free(ck->controls[i].id);
            free(ck->controls[i].version);
        }
        free(ck->controls);
        ck->controls = NULL;
        ck->n_controls = 0;
    }
    for (size_t f = 0; f < set->n; f++) {
        const framework *fw = &set->v[f];
        for (size_t i = 0; i < fw->n_controls; i++) {
            const fw_control *c = &fw->controls[i];
            for (size_t e = 0; e < c->n_ev; e++)
                for (size_t j = 0; j < c->ev[e].n_checks; j++) {
                    long at = c->ev[e].idx ? c->ev[e].idx[j] : -1;
                    if (at < 0) continue;
                    check *ck = &checks->v[at];
                    size_t m = 0;
                    while (m < ck->n_controls && !(strcmp(ck->controls[m].framework, fw->id) == 0 &&
                                                   strcmp(ck->controls[m].id, c->id) == 0))
                        m++;
                    if (m == ck->n_controls) {
                        ck->controls = xrealloc(ck->controls, (ck->n_controls + 1) * sizeof *ck->controls);
                        ck->controls[ck->n_controls++] =
                            (control){xstrdup(fw->id), xstrdup(c->id), xstrdup(fw->version), 0};
                    }
                    ck->controls[m].inputs |= c->ev[e].input;
                }
        }
    }
}

/* ------------------------------------------------------------- listing */

typedef struct fw_counts {
    size_t automated, manual, needs, per_input[N_INPUTS];
} fw_counts;

static fw_counts count(const framework *fw)
{
    fw_counts n = {0};
    for (size_t i = 0; i < fw->n_controls; i++) {
        const fw_control *c = &fw->controls[i];
        if (c->manual) n.manual++;
        else if (c->n_ev) n.automated++;
        else n.needs++;
        for (int k = 0; k < N_INPUTS; k++) n.per_input[k] += (framework_control_inputs(c) & input_bit(k)) != 0;
    }
    return n;
}

static json_t *js(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *list_json(const framework_set *set)
{
    json_t *arr = json_array();
    for (size_t f = 0; f < set->n; f++) {
        const framework *fw = &set->v[f];
        fw_counts n = count(fw);
        json_t *o = json_object();
        json_object_set_new(o, "id", js(fw->id));
        json_object_set_new(o, "version", js(fw->version));
        json_object_set_new(o, "title", js(fw->title));
        json_object_set_new(o, "source", js(fw->source));
        json_object_set_new(o, "file", js(fw->file));
        json_object_set_new(o, "sha256", js(fw->sha256));
        json_t *al = json_array();
        for (size_t i = 0; i < fw->n_aliases; i++) json_array_append_new(al, js(fw->aliases[i]));
        json_object_set_new(o, "aliases", al);
        json_t *cn = json_object();
        json_object_set_new(cn, "controls", json_integer((json_int_t)fw->n_controls));
        json_object_set_new(cn, "automated", json_integer((json_int_t)n.automated));
        json_t *pi = json_object();
        for (int k = 0; k < N_INPUTS; k++) json_object_set_new(pi, input_name(input_bit(k)), json_integer((json_int_t)n.per_input[k]));
        json_object_set_new(cn, "automated_per_input", pi);
        json_object_set_new(cn, "manual", json_integer((json_int_t)n.manual));
        json_object_set_new(cn, "needs", json_integer((json_int_t)n.needs));
        json_object_set_new(o, "counts", cn);
        json_t *secs = json_array();
        for (size_t i = 0; i < fw->n_sections; i++) {
            json_t *so = json_object();
            json_object_set_new(so, "id", js(fw->sections[i].id));
            json_object_set_new(so, "title", js(fw->sections[i].title));
            json_array_append_new(secs, so);
        }
        json_object_set_new(o, "sections", secs);
        json_t *ctls = json_array();
        for (size_t i = 0; i < fw->n_controls; i++) {
            const fw_control *c = &fw->controls[i];
            const fw_section *sec = framework_section_of(fw, c);
            json_t *co = json_object();
            json_object_set_new(co, "id", js(c->id));
            json_object_set_new(co, "title", js(c->title));
            json_object_set_new(co, "section", js(sec ? sec->id : NULL));
            json_object_set_new(co, "profile", js(c->profile));
            json_object_set_new(co, "assessment", js(c->manual ? "manual" : c->n_ev ? "automated" : "needs"));
            json_t *au = json_object();
            for (size_t e = 0; e < c->n_ev; e++) {
                json_t *l = json_array();
                for (size_t j = 0; j < c->ev[e].n_checks; j++) json_array_append_new(l, js(c->ev[e].checks[j]));
                json_object_set_new(au, input_name(c->ev[e].input), l);
            }
            json_object_set_new(co, "automated", au);
            json_object_set_new(co, "manual", js(c->manual));
            json_t *nd = json_array();
            for (size_t j = 0; j < c->n_needs; j++) json_array_append_new(nd, js(c->needs[j]));
            json_object_set_new(co, "needs", nd);
            json_object_set_new(co, "note", js(c->note));
            json_array_append_new(ctls, co);
        }
        json_object_set_new(o, "controls", ctls);
        json_array_append_new(arr, o);
    }
    return arr;
}

int framework_list(buf *out, const framework_set *set, const checkset *checks, const char *fmt)
{
    (void)checks;
    if (strcmp(fmt, "json") == 0) {
        json_t *arr = list_json(set);
        char *s = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        buf_puts(out, s ? s : "[]");
        buf_putc(out, '\n');
        free(s);
        json_decref(arr);
        return 0;
    }
    if (strcmp(fmt, "text") != 0) return -1;
    for (size_t f = 0; f < set->n; f++) {
        const framework *fw = &set->v[f];
        fw_counts n = count(fw);
        buf_printf(out, "%s%s %s  %s\n  %zu controls: %zu automated (", f ? "\n" : "", fw->id, fw->version, fw->title,
                   fw->n_controls, n.automated);
        int first = 1;
        for (int k = 0; k < N_INPUTS; k++)
            if (n.per_input[k]) {
                buf_printf(out, "%s%s %zu", first ? "" : ", ", input_name(input_bit(k)), n.per_input[k]);
                first = 0;
            }
        buf_printf(out, "%s), %zu manual, %zu need an input plimsoll does not read\n", first ? "none" : "", n.manual, n.needs);
        int w = 8;
        for (size_t i = 0; i < fw->n_controls; i++)
            if ((int)strlen(fw->controls[i].id) > w) w = (int)strlen(fw->controls[i].id);
        for (size_t i = 0; i < fw->n_controls; i++) {
            const fw_control *c = &fw->controls[i];
            buf b = {0};
            if (c->manual) {
                buf_puts(&b, "manual");
            } else {
                for (size_t e = 0; e < c->n_ev; e++) buf_printf(&b, "%s%s", e ? "," : "", input_name(c->ev[e].input));
                if (c->n_needs) {
                    buf_printf(&b, "%sneeds ", c->n_ev ? " +" : "");
                    for (size_t j = 0; j < c->n_needs; j++) buf_printf(&b, "%s%s", j ? "," : "", c->needs[j]);
                }
            }
            buf_printf(out, "  %-*s  %-30s %s\n", w, c->id, b.s, c->title);
            buf_free(&b);
        }
    }
    return 0;
}

void framework_set_free(framework_set *set)
{
    for (size_t i = 0; i < set->n; i++) framework_free(&set->v[i]);
    free(set->v);
    memset(set, 0, sizeof *set);
}
