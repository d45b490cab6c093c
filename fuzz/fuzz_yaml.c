/* fuzz_yaml.c — the YAML/JSON loader (load_yaml) on any bytes: no crash, no
 * leak, no undefined behaviour, and a tree whose indices, strings, segments
 * and positions are all in range and whose paths tree_locate finds again. */
#include "fuzz.h"
#include "fuzz_tree.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    source *src = source_new_owned("fuzz.yaml", fuzz_text(data, size), size);
    tree *t = tree_new();
    doclist docs = {0};
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_expansion = 100000; /* the limit's own behaviour, at a fuzzing pace */
    int rc = load_yaml(src, t, &docs, &lim, &err);
    FUZZ_ASSERT(rc == 0 || err.set, "failed without an error");
    FUZZ_ASSERT(!err.set || err.line <= src->n_lines + 1, "error line %u of %u", err.line, src->n_lines);
    tree_finish(t);
    fuzz_check_tree(src, t);
    for (size_t i = 0; i < docs.n; i++) fuzz_check_paths(t, docs.v[i].root);
    free(docs.v);
    tree_free(t);
    source_free(src);
    return 0;
}
