/* fuzz_dockerfile.c — the Dockerfile loader on any bytes: exactly one
 * document, whatever the input, with the root shape of the contract
 * (directives, args, stages, instructions), every index and position in
 * range, and paths to instructions found again. */
#include "fuzz.h"
#include "fuzz_tree.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    source *src = source_new_owned("Dockerfile", fuzz_text(data, size), size);
    tree *t = tree_new();
    doclist docs = {0};
    perr err = {0};
    int rc = load_dockerfile(src, t, &docs, &err);
    FUZZ_ASSERT(rc == 0 || err.set, "failed without an error");
    FUZZ_ASSERT(docs.n == 1, "%zu documents", docs.n);
    tree_finish(t);
    fuzz_check_tree(src, t);
    node_id root = docs.v[0].root;
    static const char *const keys[] = {"directives", "args", "stages", "instructions"};
    for (size_t i = 0; i < 4; i++) FUZZ_ASSERT(tree_member(t, root, keys[i], NULL), "no %s", keys[i]);
    node_id all = tree_member(t, root, "instructions", NULL);
    const node *l = &t->nodes[all];
    for (uint32_t i = 0; i < l->n && i < 64; i++) {
        node_id ins = t->kids[l->kids + i].val;
        FUZZ_ASSERT(tree_member_str(t, ins, "cmd"), "instruction %u has no cmd", i);
        char path[64];
        snprintf(path, sizeof path, "instructions[%u].args", i);
        uint32_t line, col;
        FUZZ_ASSERT(tree_locate(t, root, path, 0, &line, &col), "%s not found", path);
        FUZZ_ASSERT(line >= 1 && line <= src->n_lines + 1, "%s at line %u of %u", path, line, src->n_lines);
    }
    fuzz_check_paths(t, root);
    free(docs.v);
    tree_free(t);
    source_free(src);
    return 0;
}
