/* fuzz_suppress.c — in-source suppressions on any bytes: the first byte
 * says YAML (Kubernetes, annotations) or Dockerfile; findings of three
 * made-up checks are placed on lines and instructions chosen by the input;
 * suppress_apply (indexed once per file) must mark exactly the findings the
 * simple reference (suppress_ref.h, a scan per finding) marks, with the same
 * reason and source. */
#include "detect.h"
#include "finding.h"
#include "fuzz.h"
#include "load.h"
#include "suppress_ref.h"

static check checks[3] = {
    {.id = "AB-001", .name = "alpha"},
    {.id = "AB-002", .name = "beta-check"},
    {.id = "XY-9", .name = "gamma.x"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int dockerfile = data[0] & 1;
    unsigned seed = data[1];
    data += 2, size -= 2;
    source *src = source_new_owned(dockerfile ? "Dockerfile" : "f.yaml", fuzz_text(data, size), size);
    tree *t = tree_new();
    doclist raw = {0}, docs = {0};
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_expansion = 20000;
    if (dockerfile) {
        load_dockerfile(src, t, &docs, &err);
    } else {
        load_yaml(src, t, &raw, &lim, &err);
        classify_docs(&raw, &docs, 0);
    }
    tree_finish(t);
    checkset set = {checks, 3, NULL};
    scan_result a = {0}, b = {0};
    size_t n_docs = docs.n < 8 ? docs.n : 8;
    for (size_t i = 0; i < n_docs; i++) {
        for (uint32_t k = 0; k < 6; k++) {
            finding f = {0};
            f.check = k % 3;
            f.src = src;
            seed = seed * 1103515245u + 12345u;
            f.line = src->n_lines ? 1 + (seed >> 8) % (src->n_lines + 1) : 1;
            f.col = 1;
            char path[48];
            snprintf(path, sizeof path, "instructions[%u].args", (seed >> 4) % 8);
            f.path = xstrdup(k & 1 ? path : "");
            finding_attach(&f, &docs.v[i]);
            finding g = f;
            g.path = xstrdup(f.path);
            GROW(a.res.f, a.res.cap_f, a.res.n_f + 1);
            a.res.f[a.res.n_f++] = f;
            GROW(b.res.f, b.res.cap_f, b.res.n_f + 1);
            b.res.f[b.res.n_f++] = g;
        }
    }
    suppress_apply(&a, &set);
    ref_apply(&b, &set);
    for (size_t i = 0; i < a.res.n_f; i++) {
        const finding *x = &a.res.f[i], *y = &b.res.f[i];
        FUZZ_ASSERT(x->suppressed == y->suppressed, "finding %zu (check %u, line %u): %d, reference %d", i, x->check,
                    x->line, x->suppressed, y->suppressed);
        if (!x->suppressed) continue;
        FUZZ_ASSERT(strcmp(x->suppress_reason, y->suppress_reason) == 0, "reason \"%s\", reference \"%s\"",
                    x->suppress_reason, y->suppress_reason);
        FUZZ_ASSERT(strcmp(x->suppress_source, y->suppress_source) == 0, "source \"%s\", reference \"%s\"",
                    x->suppress_source, y->suppress_source);
    }
    results_free(&a.res);
    results_free(&b.res);
    free(raw.v);
    free(docs.v);
    tree_free(t);
    source_free(src);
    return 0;
}
