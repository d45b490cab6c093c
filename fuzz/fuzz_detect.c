/* fuzz_detect.c — detection and image-config normalisation: sniffing the
 * content, loading it, classifying the documents (Kubernetes, Lists split,
 * Compose, image configs and docker-inspect arrays renamed to the OCI shape).
 * The first byte chooses whether the file is a Compose file by name. Every
 * classified document must have a type and a root in the tree. */
#include "detect.h"
#include "fuzz.h"
#include "fuzz_tree.h"
#include "load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int compose = data[0] & 1;
    data++, size--;
    file_format f = detect_by_content((const char *)data, size);
    FUZZ_ASSERT(f == FMT_NONE || f == FMT_YAML || f == FMT_DOCKERFILE, "format %d", (int)f);
    source *src = source_new_owned("fuzz.json", fuzz_text(data, size), size);
    tree *t = tree_new();
    doclist raw = {0}, docs = {0};
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_expansion = 100000;
    load_yaml(src, t, &raw, &lim, &err);
    classify_docs(&raw, &docs, compose);
    tree_finish(t);
    fuzz_check_tree(src, t);
    for (size_t i = 0; i < docs.n; i++) {
        const doc *d = &docs.v[i];
        FUZZ_ASSERT(d->type != DOC_UNKNOWN && d->type != DOC_DOCKERFILE && d->type <= DOC_NODE, "type %d", d->type);
        FUZZ_ASSERT(d->root > 0 && d->root < t->n_nodes, "root %u", d->root);
        FUZZ_ASSERT(t->nodes[d->root].kind == N_MAP, "a classified document is a map");
        if (d->type == DOC_IMAGE)
            FUZZ_ASSERT(!tree_member(t, d->root, "Config", NULL) || tree_member(t, d->root, "config", NULL),
                        "an image config keeps Config without config");
        fuzz_check_paths(t, d->root);
    }
    free(raw.v);
    free(docs.v);
    tree_free(t);
    source_free(src);
    return 0;
}
