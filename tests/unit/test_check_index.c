/* test_check_index.c — the build-time index of the built-in checks
 * (check_index.h) is exactly the metadata the check files give when they
 * are run (check_meta.c), field for field, in the same order; a state made
 * from it loads only the checks asked for, and then has their handlers. */
#include <stdlib.h>

#include "check_index.h"
#include "embedded.h"
#include "engine.h"
#include "load.h"
#include "lua_deps.h"
#include "unit.h"

static int same_str(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }

static int same_strs(char *const *a, size_t na, char *const *b, size_t nb)
{
    if (na != nb || !a != !b) return 0;
    for (size_t i = 0; i < na; i++)
        if (!same_str(a[i], b[i])) return 0;
    return 1;
}

static void compare(const check *a, const check *b)
{
    CHECK_STR(a->file, b->file);
    CHECK_STR(a->id, b->id);
    CHECK_STR(a->name, b->name);
    CHECK(same_str(a->title, b->title));
    CHECK(same_str(a->description, b->description));
    CHECK(same_str(a->remediation, b->remediation));
    CHECK_INT(a->sev, b->sev);
    CHECK_INT(a->hardening, b->hardening);
    CHECK_INT(a->inputs, b->inputs);
    CHECK(same_strs(a->kinds, a->n_kinds, b->kinds, b->n_kinds));
    CHECK_INT(a->handlers, b->handlers);
    CHECK_INT(a->handlers_all, b->handlers_all);
    CHECK_INT(a->handlers_facts, b->handlers_facts);
    CHECK_INT(a->cross, b->cross);
    CHECK_INT(a->custom, b->custom);
    CHECK_INT(a->helm_values, b->helm_values);
    CHECK(same_strs(a->supersedes, a->n_supersedes, b->supersedes, b->n_supersedes));
    CHECK_INT(a->n_controls, b->n_controls);
    for (size_t k = 0; k < a->n_controls && k < b->n_controls; k++) {
        CHECK(same_str(a->controls[k].framework, b->controls[k].framework));
        CHECK(same_str(a->controls[k].id, b->controls[k].id));
        CHECK(same_str(a->controls[k].version, b->controls[k].version));
        CHECK_INT(a->controls[k].inputs, b->controls[k].inputs);
    }
}

static void test_index_equals_loaded(void)
{
    engine_opts full = {.full_load = 1}, lazy = {0};
    checkset a = {0}, b = {0};
    results ea = {0}, eb = {0};
    engine *x = engine_new(&full, &a, &ea), *y = engine_new(&lazy, &b, &eb);
    CHECK(x && y);
    CHECK_INT(ea.n_e, 0);
    CHECK_INT(eb.n_e, 0);
    CHECK(!checkset_lazy(&a));
    CHECK(checkset_lazy(&b));                 /* the index is in use, */
    CHECK(check_index_count > 100);           /* and holds the built-in checks */
    CHECK_INT(a.n, check_index_count);
    CHECK_INT(b.n, a.n);
    for (size_t i = 0; i < a.n && i < b.n; i++) compare(&a.v[i], &b.v[i]);
    engine_free(x);
    engine_free(y);
    checkset_free(&a);
    checkset_free(&b);
    results_free(&ea);
    results_free(&eb);
}

/* A lazy set's state holds nothing until asked, then exactly what was asked. */
static void test_load_some(void)
{
    checkset set = {0};
    results errs = {0}, r = {0};
    engine_opts o = {0}, full = {.full_load = 1};
    engine *e = engine_new(&o, &set, &errs);
    CHECK(e != NULL && checkset_lazy(&set));
    CHECK_INT(engine_loaded(e), 0);
    unsigned char *enabled = calloc(set.n + 1, 1);
    /* a document, and a cross-document check without facts that reads it
     * (given the document's type: a static pod of a node) */
    const char *yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\n";
    source *src = source_new_owned("ns.yaml", strdup(yaml), strlen(yaml));
    tree *t = tree_new();
    doclist docs = {0};
    perr pe = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    CHECK_INT(load_yaml(src, t, &docs, &lim, &pe), 0);
    tree_finish(t);
    CHECK_INT(docs.n, 1);
    const doc *one[1] = {&docs.v[0]};
    doc_refs ns = {one, 1}, none = {0};
    long cross = -1;
    size_t n_cross = 0;
    for (size_t i = 0; i < set.n; i++) {
        if (!set.v[i].handlers_all) continue;
        enabled[i] = 1;
        n_cross++;
        for (int ty = DOC_KUBERNETES; cross < 0 && !set.v[i].handlers_facts && ty <= DOC_ARCHIVE; ty++)
            if ((input_of_doc((doc_type)ty) & set.v[i].handlers_all) && ty != DOC_KUBERNETES) {
                docs.v[0].type = (doc_type)ty;
                cross = (long)i;
            }
    }
    CHECK(cross >= 0 && n_cross > 5);
    CHECK_INT(engine_libs(e), 0);             /* no library before a check needs one */
    /* over no document, every built-in cross-document check is silent
     * (check_index_quiet_empty): none is loaded, none runs */
    engine_run_cross(e, &none, NULL, 0, enabled, &r);
    CHECK_INT(engine_loaded(e), 0);
    CHECK_INT(engine_libs(e), 0);
    CHECK_INT(r.n_e, 0);
    CHECK_INT(r.n_f, 0);
    memset(enabled, 0, set.n + 1);
    if (cross >= 0) enabled[cross] = 1;
    engine_run_cross(e, &ns, NULL, 0, enabled, &r);
    CHECK_INT(engine_loaded(e), 1);           /* the one cross-document check with a document to read */
    if (cross >= 0) CHECK(engine_libs(e) == check_index_needs[cross]); /* with the libraries it reaches */
    CHECK_INT(r.n_e, 0);
    engine_run_cross(e, &ns, NULL, 0, enabled, &r);
    CHECK_INT(engine_loaded(e), 1);           /* once */
    engine_free(e);
    free(docs.v);
    tree_free(t);
    source_free(src);
    checkset other = {0};
    engine *f = engine_new(&full, &other, &errs);
    CHECK(f && !checkset_lazy(&other));
    CHECK_INT(engine_loaded(f), other.n);     /* the full load: every check */
    engine_free(f);
    checkset_free(&other);
    free(enabled);
    checkset_free(&set);
    results_free(&errs);
    results_free(&r);
}

/* The dependency index names the embedded libraries in their order, and
 * gives each check what its source names, closed over the libraries (the
 * lexer is tests/unit/test_lua_deps.c's); a Kubernetes-only check does not
 * drag in every library. */
static void test_deps(void)
{
    const char *names[64];
    const embedded_file *lib[64];
    size_t n = 0;
    for (unsigned i = 0; i < embedded_checks_count && n < 64; i++)
        if (strncmp(embedded_checks[i].path, "checks/lib/", 11) == 0) {
            names[n] = embedded_checks[i].path + 11;
            lib[n++] = &embedded_checks[i];
        }
    CHECK(n > 10);
    CHECK_INT(check_index_lib_count, n);
    char name[64];
    for (size_t i = 0; i < n && i < check_index_lib_count; i++) {
        snprintf(name, sizeof name, "%s.lua", check_index_libs[i]);
        CHECK_STR(name, names[i]);
        names[i] = check_index_libs[i];
    }
    if (check_index_lib_count != n) return;
    uint64_t deps[64];
    for (size_t i = 0; i < n; i++) deps[i] = lua_deps_named(lib[i]->text, lib[i]->len, names, n);
    lua_deps_close(deps, n);
    size_t fewer = 0;
    for (size_t c = 0; c < check_index_count; c++) {
        const embedded_file *f = NULL;
        for (unsigned i = 0; i < embedded_checks_count; i++)
            if (strcmp(embedded_checks[i].path, check_index[c].file) == 0) f = &embedded_checks[i];
        CHECK(f != NULL);
        if (!f) continue;
        uint64_t want = lua_deps_reach(lua_deps_named(f->text, f->len, names, n), deps, n);
        if (check_index_needs[c] != want) fprintf(stderr, "needs of %s\n", f->path);
        CHECK(check_index_needs[c] == want);
        fewer += want != (((uint64_t)1 << n) - 1);
    }
    CHECK(fewer > check_index_count / 2);
}

/* check_index_quiet_empty is what running each cross-document check alone
 * over no document gives, in a full load. */
static void test_quiet(void)
{
    engine_opts full = {.full_load = 1};
    checkset set = {0};
    results errs = {0};
    engine *e = engine_new(&full, &set, &errs);
    CHECK(e != NULL);
    CHECK_INT(set.n, check_index_count);
    unsigned char *only = calloc(set.n + 1, 1);
    doc_refs none = {0};
    size_t quiet = 0;
    for (size_t i = 0; e && i < set.n && i < check_index_count; i++) {
        int q = 0;
        if (set.v[i].handlers_all) {
            results r = {0};
            only[i] = 1;
            engine_run_cross(e, &none, NULL, 0, only, &r);
            only[i] = 0;
            q = r.n_f == 0 && r.n_e == 0;
            results_free(&r);
        }
        CHECK_INT(check_index_quiet_empty[i], q);
        quiet += q;
    }
    CHECK(quiet > 0);
    free(only);
    engine_free(e);
    checkset_free(&set);
    results_free(&errs);
}

/* The catalogues copied from the build-time table equal those parsed from
 * the embedded YAML, field for field. */
static void test_frameworks(void)
{
    framework_set a = {0}, b = {0};
    char err[600] = "";
    CHECK_INT(framework_load_parsed(&a, err, sizeof err), 0);
    CHECK_INT(framework_load_builtin(&b, err, sizeof err), 0);
    CHECK(framework_index_count > 0);
    CHECK_INT(a.n, framework_index_count);
    CHECK_INT(b.n, a.n);
    for (size_t f = 0; f < a.n && f < b.n; f++) {
        const framework *x = &a.v[f], *y = &b.v[f];
        CHECK_STR(x->id, y->id);
        CHECK_STR(x->version, y->version);
        CHECK(same_str(x->title, y->title));
        CHECK(same_str(x->source, y->source));
        CHECK_STR(x->file, y->file);
        CHECK_STR(x->sha256, y->sha256);
        CHECK(same_strs(x->aliases, x->n_aliases, y->aliases, y->n_aliases));
        CHECK_INT(x->n_sections, y->n_sections);
        for (size_t i = 0; i < x->n_sections && i < y->n_sections; i++) {
            CHECK(same_str(x->sections[i].id, y->sections[i].id));
            CHECK(same_str(x->sections[i].title, y->sections[i].title));
        }
        CHECK_INT(x->n_controls, y->n_controls);
        for (size_t i = 0; i < x->n_controls && i < y->n_controls; i++) {
            const fw_control *c = &x->controls[i], *d = &y->controls[i];
            CHECK(same_str(c->id, d->id) && same_str(c->title, d->title) && same_str(c->section, d->section) &&
                  same_str(c->profile, d->profile) && same_str(c->note, d->note) && same_str(c->manual, d->manual));
            CHECK(same_strs(c->needs, c->n_needs, d->needs, d->n_needs));
            CHECK_INT(c->line, d->line);
            CHECK_INT(c->n_ev, d->n_ev);
            CHECK(!c->ev == !d->ev);
            for (size_t e = 0; e < c->n_ev && e < d->n_ev; e++) {
                CHECK_INT(c->ev[e].input, d->ev[e].input);
                CHECK_INT(c->ev[e].line, d->ev[e].line);
                CHECK(same_strs(c->ev[e].checks, c->ev[e].n_checks, d->ev[e].checks, d->ev[e].n_checks));
                CHECK(c->ev[e].idx == NULL && d->ev[e].idx == NULL);
            }
        }
    }
    framework_set_free(&a);
    framework_set_free(&b);
}

int main(void)
{
    RUN(test_frameworks);
    RUN(test_index_equals_loaded);
    RUN(test_load_some);
    RUN(test_deps);
    RUN(test_quiet);
    return unit_done("check_index");
}
