/* compliance.c — per-control evaluation (see compliance.h): which scanned
 * documents each control covers, which findings evidence it, its status and
 * the scores. A pure function of its inputs; nothing here prints. */
#include "compliance.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mask.h"

#include "display.h"

const char compliance_formula[] =
    "score = 100 x (PASS + EXCEPTION) / (PASS + EXCEPTION + FAIL), over the controls of the framework (or "
    "section); MANUAL, NOT-APPLICABLE and NOT-RUN controls do not count; coverage = evaluated controls / all "
    "controls";

static const char *const status_names[CS_COUNT] = {"PASS", "FAIL", "EXCEPTION", "MANUAL", "NOT-APPLICABLE", "NOT-RUN"};

const char *cstatus_name(cstatus s) { return s < CS_COUNT ? status_names[s] : "?"; }

/* ------------------------------------------------------------ values */

/* The node at a check's path ("a.b[0]", `x["k.y"]`), or NODE_NONE when some
 * part of it is not set. */
static node_id resolve(const tree *t, node_id root, const char *path)
{
    node_id cur = root;
    const char *p = path ? path : "";
    char key[512];
    while (*p && cur) {
        size_t kl = 0;
        long index = -1;
        if (*p == '.') p++;
        if (*p == '[') {
            p++;
            if (*p == '"') {
                p++;
                while (*p && *p != '"' && kl < sizeof key - 1) {
                    if (*p == '\\' && p[1]) p++;
                    key[kl++] = *p++;
                }
                if (*p == '"') p++;
            } else {
                index = strtol(p, (char **)&p, 10);
            }
            if (*p == ']') p++;
        } else {
            while (*p && *p != '.' && *p != '[' && kl < sizeof key - 1) key[kl++] = *p++;
        }
        key[kl] = 0;
        const node *nd = tree_get(t, cur);
        if (index >= 0) cur = nd->kind == N_SEQ && (unsigned long)index < nd->n ? t->kids[nd->kids + index].val : NODE_NONE;
        else cur = nd->kind == N_MAP ? tree_member(t, cur, key, NULL) : NODE_NONE;
    }
    return cur;
}

/* Secrets the scan found, with their documents: every value shown as
 * evidence is masked with each secret of its document, not only with its own
 * finding's. */
typedef struct secrets {
    const doc **d;
    const char **s;
    size_t n;
} secrets;

static char *mask_doc(const secrets *sec, const doc *d, const char *text)
{
    char *out = xstrdup(text);
    for (size_t i = 0; i < sec->n; i++) {
        if (sec->d[i] != d) continue;
        char *m = secret_mask_in(out, sec->s[i]);
        free(out);
        out = m;
    }
    return out;
}

/* A short rendering of a node: a scalar as written (an empty string as ""),
 * a Dockerfile instruction as its original text, another map by its keys, a
 * sequence by its length; cut at 120 characters. Contents of maps and lists
 * are not shown: a field next to the one reported may hold a secret no check
 * recognised. */
static void render(const tree *t, node_id id, buf *b)
{
    const node *n = tree_get(t, id);
    if (n->kind == N_MAP) {
        const char *orig = tree_member_str(t, id, "original");
        if (orig) {
            buf_puts(b, orig);
            return;
        }
        buf_putc(b, '{');
        for (uint32_t i = 0; i < n->n && b->len <= 120; i++)
            buf_printf(b, "%s%s", i ? ", " : "", tree_text(t, t->kids[n->kids + i].key));
        buf_putc(b, '}');
    } else if (n->kind == N_SEQ) {
        buf_printf(b, "(a list of %u)", n->n);
    } else if (n->kind == N_NULL) {
        buf_puts(b, "null");
    } else if (n->kind == N_STR && !*tree_text(t, n->str)) {
        buf_puts(b, "\"\"");
    } else {
        buf_puts(b, tree_text(t, n->str));
    }
}

static char *value_at(const finding *f, const char *path, const secrets *sec)
{
    if (!f->doc) return NULL;
    node_id at = resolve(f->doc->t, f->doc->root, path);
    if (!at) return NULL;
    buf b = {0};
    render(f->doc->t, at, &b);
    char *own = secret_mask_in(b.s ? b.s : "", f->secret);
    char *masked = mask_doc(sec, f->doc, own);
    free(own);
    if (f->src) mask_in_place(f->src->mask, &masked); /* and every other secret of its file */
    buf_free(&b);
    size_t len = strlen(masked);
    if (len > 120) {
        len = 117;
        while (len && (masked[len] & 0xC0) == 0x80) len--; /* not inside a UTF-8 character */
        strcpy(masked + len, "...");
    }
    return masked;
}

/* The values a finding is about: each edit of its fix (actual and expected),
 * else its own path with the actual value only. */
static void finding_values(const finding *f, c_evidence *e, const secrets *sec)
{
    json_t *fix = f->fix_json ? json_loads(f->fix_json, 0, NULL) : NULL;
    size_t i;
    json_t *edit;
    if (json_is_array(fix) && json_array_size(fix)) {
        json_array_foreach(fix, i, edit) {
            const char *path = json_string_value(json_object_get(edit, "path"));
            json_t *v = json_object_get(edit, "value");
            if (!path || !v) continue;
            char *exp = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            e->values = xrealloc(e->values, (e->n_values + 1) * sizeof *e->values);
            e->values[e->n_values++] = (c_value){xstrdup(path), value_at(f, path, sec), exp ? xstrdup(exp) : NULL};
            free(exp);
        }
    }
    json_decref(fix);
    if (!e->n_values && f->path && *f->path) {
        e->values = xmalloc(sizeof *e->values);
        e->values[e->n_values++] = (c_value){xstrdup(f->path), value_at(f, f->path, sec), NULL};
    }
}

/* The expiry of the config ignore that suppressed f ("config FILE:LINE"). */
static void expiry_of(const finding *f, const config *cfg, char out[11])
{
    out[0] = 0;
    if (!cfg || !f->suppressed || !f->suppress_source || strncmp(f->suppress_source, "config ", 7) != 0) return;
    const char *colon = strrchr(f->suppress_source, ':');
    if (!colon) return;
    unsigned long line = strtoul(colon + 1, NULL, 10);
    for (size_t i = 0; i < cfg->n_ign; i++)
        if (cfg->ign[i].line == line) memcpy(out, cfg->ign[i].expires, 11);
}

/* ----------------------------------------------------------- resources */

static const char *k8s_kind(const doc *d)
{
    return d->type == DOC_KUBERNETES ? tree_member_str(d->t, d->root, "kind") : NULL;
}

static char *resource_name(const doc *d)
{
    buf b = {0};
    switch (d->type) {
    case DOC_KUBERNETES: {
        node_id meta = tree_member(d->t, d->root, "metadata", NULL);
        const char *ns = meta ? tree_member_str(d->t, meta, "namespace") : NULL;
        const char *name = meta ? tree_member_str(d->t, meta, "name") : NULL;
        display_resource(&b, k8s_kind(d), ns, name);
        break;
    }
    case DOC_COMPOSE: buf_puts(&b, "compose file"); break;
    case DOC_DOCKERFILE: buf_puts(&b, "Dockerfile"); break;
    case DOC_IMAGE: buf_puts(&b, "image config"); break;
    case DOC_ARCHIVE: {
        node_id img = tree_member(d->t, d->root, "image", NULL);
        display_resource(&b, "image", NULL, img ? tree_member_str(d->t, img, "name") : NULL);
        break;
    }
    default: buf_puts(&b, "document"); break;
    }
    if (!b.s) buf_puts(&b, "document");
    return b.s;
}

static const char *input_plural(unsigned in)
{
    switch (in) {
    case IN_KUBERNETES: return "Kubernetes manifests";
    case IN_COMPOSE: return "Compose files";
    case IN_DOCKERFILE: return "Dockerfiles";
    case IN_IMAGE: return "image configs";
    case IN_CONTAINER: return "container inspections (docker container inspect)";
    case IN_DAEMON: return "Docker daemon configurations (daemon.json)";
    case IN_NODE: return "node configurations (control-plane static pods, kubelet or kube-proxy configs)";
    case IN_ARCHIVE: return "image archives (docker save, OCI layouts)";
    default: return input_name(in);
    }
}

/* "Dockerfiles, image configs or Compose files" */
static void scope_words(buf *b, unsigned inputs)
{
    int n = 0, total = 0;
    for (int i = 0; i < N_INPUTS; i++) total += (inputs & input_bit(i)) != 0;
    for (int i = 0; i < N_INPUTS; i++) {
        unsigned bit = input_bit(i);
        if (!(inputs & bit)) continue;
        buf_printf(b, "%s%s", n == 0 ? "" : n + 1 == total ? " or " : ", ", input_plural(bit));
        n++;
    }
}

static void needs_words(buf *b, const fw_control *c)
{
    for (size_t i = 0; i < c->n_needs; i++)
        buf_printf(b, "%s%s", i ? "; " : "", framework_need_what(c->needs[i]));
}

/* The resource (doc, part) of cc, added when new. A Compose file's
 * resources are its services (part = the service name). */
static size_t add_resource(c_control *cc, const doc *d, const char *part, const display_roots *roots)
{
    for (size_t i = 0; i < cc->n_res; i++)
        if (cc->res[i].d == d && strcmp(cc->res[i].part ? cc->res[i].part : "", part ? part : "") == 0) return i;
    cc->res = xrealloc(cc->res, (cc->n_res + 1) * sizeof *cc->res);
    c_resource *r = &cc->res[cc->n_res];
    memset(r, 0, sizeof *r);
    r->d = d;
    r->input = input_of_doc(d->type);
    r->line = d->line;
    if (part) {
        buf b = {0};
        display_resource(&b, "service", NULL, part);
        r->name = b.s;
        r->part = xstrdup(part);
        node_id svcs = tree_member(d->t, d->root, "services", NULL);
        const kid *k = NULL;
        if (svcs && tree_member(d->t, svcs, part, &k) && k) r->line = k->key_line;
    } else {
        r->name = resource_name(d);
    }
    r->file = display_path(roots, d->src->path);
    return cc->n_res++;
}

/* The Compose service a finding is about: from its path ("services.api…",
 * `services["a.b"]…`), else the finding's container; NULL when neither. */
static char *service_of(const finding *f)
{
    const char *p = f->path;
    if (p && strncmp(p, "services", 8) == 0) {
        p += 8;
        if (p[0] == '.' && p[1]) {
            p++;
            return xstrndup(p, strcspn(p, ".["));
        }
        if (p[0] == '[' && p[1] == '"') {
            buf b = {0};
            for (p += 2; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1]) p++;
                buf_putc(&b, *p);
            }
            if (b.s) return b.s;
        }
    }
    return f->container ? xstrdup(f->container) : NULL;
}

/* Every resource of d for cc: a Compose file's services, else d itself. */
static void add_doc_resources(c_control *cc, const doc *d, const display_roots *roots)
{
    node_id svcs = d->type == DOC_COMPOSE ? tree_member(d->t, d->root, "services", NULL) : NODE_NONE;
    const node *n = svcs ? tree_get(d->t, svcs) : NULL;
    if (n && n->kind == N_MAP && n->n) {
        for (uint32_t i = 0; i < n->n; i++) add_resource(cc, d, tree_text(d->t, d->t->kids[n->kids + i].key), roots);
        return;
    }
    add_resource(cc, d, NULL, roots);
}

static void add_not_run(c_control *cc, const char *name)
{
    for (size_t i = 0; i < cc->n_not_run; i++)
        if (strcmp(cc->not_run[i], name) == 0) return;
    cc->not_run = xrealloc(cc->not_run, (cc->n_not_run + 1) * sizeof *cc->not_run);
    cc->not_run[cc->n_not_run++] = xstrdup(name);
}

/* ------------------------------------------------------------ control */

static void set_reason(c_control *cc, cstatus st, buf *why)
{
    cc->status = st;
    cc->reason = why->s ? why->s : xstrdup("");
    why->s = NULL;
}

static void evaluate_control(c_control *cc, const scan_result *r, const checkset *set, const unsigned char *enabled,
                             const config *cfg, const secrets *sec)
{
    const fw_control *c = cc->ctl;
    buf why = {0};
    if (c->manual) {
        buf_puts(&why, c->manual);
        set_reason(cc, CS_MANUAL, &why);
        return;
    }
    cc->inputs = framework_control_inputs(c);
    /* Resources: scanned documents of each automated input that a check that
     * ran applies to; checks that would apply but did not run are noted. */
    for (size_t fi = 0; fi < r->n_files; fi++)
        for (size_t di = 0; di < r->files[fi].docs.n; di++) {
            const doc *d = &r->files[fi].docs.v[di];
            unsigned in = input_of_doc(d->type);
            for (size_t e = 0; e < c->n_ev; e++) {
                if (c->ev[e].input != in) continue;
                for (size_t j = 0; j < c->ev[e].n_checks; j++) {
                    long at = c->ev[e].idx ? c->ev[e].idx[j] : -1;
                    if (at < 0 || !check_applies(&set->v[at], d, k8s_kind(d))) continue;
                    if (enabled && !enabled[at]) {
                        add_not_run(cc, set->v[at].name);
                        continue;
                    }
                    add_doc_resources(cc, d, &r->roots);
                    cc->scanned |= in;
                }
            }
        }
    /* Evidence: findings of its checks, for the input they are listed under. */
    for (size_t i = 0; i < r->res.n_f; i++) {
        const finding *f = &r->res.f[i];
        if (!f->doc) continue;
        unsigned in = input_of_doc(f->doc->type);
        int hit = 0;
        for (size_t e = 0; e < c->n_ev && !hit; e++)
            for (size_t j = 0; c->ev[e].input == in && j < c->ev[e].n_checks && !hit; j++)
                hit = c->ev[e].idx && c->ev[e].idx[j] == (long)f->check;
        if (!hit) continue;
        char *part = f->doc->type == DOC_COMPOSE ? service_of(f) : NULL;
        size_t ri = add_resource(cc, f->doc, part, &r->roots);
        free(part);
        cc->scanned |= in;
        cc->ev = xrealloc(cc->ev, (cc->n_ev + 1) * sizeof *cc->ev);
        c_evidence *ev = &cc->ev[cc->n_ev++];
        memset(ev, 0, sizeof *ev);
        ev->f = f;
        ev->c = &set->v[f->check];
        ev->resource = ri;
        finding_values(f, ev, sec);
        expiry_of(f, cfg, ev->expires);
        if (f->suppressed) cc->res[ri].excepted = 1;
        else cc->res[ri].failed = 1;
    }
    for (size_t i = 0; i < cc->n_res; i++) {
        if (cc->res[i].failed) {
            cc->res[i].excepted = 0;
            cc->n_failed++;
        } else if (cc->res[i].excepted) {
            cc->n_excepted++;
        }
    }
    if (cc->n_failed) {
        cc->status = CS_FAIL;
    } else if (cc->n_not_run) {
        buf_puts(&why, "not run in this scan: ");
        for (size_t i = 0; i < cc->n_not_run; i++) buf_printf(&why, "%s%s", i ? ", " : "", cc->not_run[i]);
        set_reason(cc, CS_NOT_RUN, &why);
    } else if (!cc->n_res) {
        if (cc->inputs) {
            buf_puts(&why, "nothing of its scope was scanned (it reads ");
            scope_words(&why, cc->inputs);
            buf_puts(&why, ")");
            if (c->n_needs) buf_puts(&why, "; it also needs ");
        } else {
            buf_puts(&why, "needs ");
        }
        needs_words(&why, c);
        buf_puts(&why, c->n_needs ? ", which plimsoll does not read yet" : "");
        set_reason(cc, CS_NOT_APPLICABLE, &why);
    } else if (cc->n_excepted) {
        cc->status = CS_EXCEPTION;
    } else {
        cc->status = CS_PASS;
    }
    buf_free(&why);
}

/* -------------------------------------------------------------- scores */

static void score_add(c_score *s, cstatus st) { s->counts[st]++; }

static void score_finish(c_score *s)
{
    size_t good = s->counts[CS_PASS] + s->counts[CS_EXCEPTION];
    size_t all = good + s->counts[CS_FAIL];
    s->has_score = all > 0;
    s->score = all ? round(1000.0 * (double)good / (double)all) / 10.0 : 0;
}

static int in_section(const char *ctl_sec, const char *sec)
{
    size_t l = strlen(sec);
    return strcmp(ctl_sec, sec) == 0 || (strncmp(ctl_sec, sec, l) == 0 && ctl_sec[l] == '.');
}

void compliance_evaluate(const framework *const *fws, size_t n, const scan_result *r, const checkset *set,
                         const unsigned char *enabled, const config *cfg, compliance *out)
{
    compliance_info keep = out->info;
    memset(out, 0, sizeof *out);
    out->info = keep;
    out->v = xcalloc(n + 1, sizeof *out->v);
    out->n = n;
    secrets sec = {xcalloc(r->res.n_f + 1, sizeof *sec.d), xcalloc(r->res.n_f + 1, sizeof *sec.s), 0};
    for (size_t i = 0; i < r->res.n_f; i++)
        if (r->res.f[i].secret && *r->res.f[i].secret && r->res.f[i].doc) {
            sec.d[sec.n] = r->res.f[i].doc;
            sec.s[sec.n++] = r->res.f[i].secret;
        }
    for (size_t k = 0; k < n; k++) {
        c_framework *cf = &out->v[k];
        const framework *fw = fws[k];
        cf->fw = fw;
        cf->controls = xcalloc(fw->n_controls + 1, sizeof *cf->controls);
        cf->n_controls = fw->n_controls;
        for (size_t i = 0; i < fw->n_controls; i++) {
            c_control *cc = &cf->controls[i];
            cc->ctl = &fw->controls[i];
            cc->sec = framework_section_of(fw, cc->ctl);
            evaluate_control(cc, r, set, enabled, cfg, &sec);
            score_add(&cf->total, cc->status);
        }
        score_finish(&cf->total);
        cf->sections = xcalloc(fw->n_sections + 1, sizeof *cf->sections);
        cf->n_sections = fw->n_sections;
        for (size_t s = 0; s < fw->n_sections; s++) {
            c_section *cs = &cf->sections[s];
            cs->sec = &fw->sections[s];
            for (size_t i = 0; i < cf->n_controls; i++)
                if (cf->controls[i].sec && in_section(cf->controls[i].sec->id, cs->sec->id))
                    score_add(&cs->score, cf->controls[i].status);
            score_finish(&cs->score);
        }
    }
    free(sec.d);
    free(sec.s);
}

int compliance_below(const compliance *c, double threshold)
{
    for (size_t i = 0; i < c->n; i++)
        if (!c->v[i].total.has_score || c->v[i].total.score < threshold) return 1;
    return 0;
}

void compliance_free(compliance *c)
{
    for (size_t k = 0; k < c->n; k++) {
        c_framework *cf = &c->v[k];
        for (size_t i = 0; i < cf->n_controls; i++) {
            c_control *cc = &cf->controls[i];
            free(cc->reason);
            for (size_t j = 0; j < cc->n_res; j++) {
                free(cc->res[j].name);
                free(cc->res[j].file);
                free(cc->res[j].part);
            }
            free(cc->res);
            for (size_t j = 0; j < cc->n_ev; j++) {
                for (size_t v = 0; v < cc->ev[j].n_values; v++) {
                    free(cc->ev[j].values[v].path);
                    free(cc->ev[j].values[v].actual);
                    free(cc->ev[j].values[v].expected);
                }
                free(cc->ev[j].values);
            }
            free(cc->ev);
            for (size_t j = 0; j < cc->n_not_run; j++) free(cc->not_run[j]);
            free(cc->not_run);
        }
        free(cf->controls);
        free(cf->sections);
    }
    free(c->v);
    memset(c, 0, sizeof *c);
}
