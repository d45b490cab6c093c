/* fuzz_tree.h — invariants of a loaded tree, checked by the loader harnesses:
 * every index, string and segment in range, every position inside the
 * source, and paths built from the tree found again by tree_locate. */
#ifndef PLIMSOLL_FUZZ_TREE_H
#define PLIMSOLL_FUZZ_TREE_H

#include "doc.h"
#include "fuzz.h"

static inline void fuzz_check_str(const tree *t, uint32_t off, uint32_t len)
{
    FUZZ_ASSERT((size_t)off + len < t->n_strs, "string %u+%u beyond %zu", off, len, t->n_strs);
    FUZZ_ASSERT(t->strs[off + len] == 0, "string %u+%u not terminated", off, len);
}

static inline void fuzz_check_tree(const source *src, const tree *t)
{
    for (size_t i = 1; i < t->n_nodes; i++) {
        const node *n = &t->nodes[i];
        FUZZ_ASSERT(n->kind <= N_SEQ, "node %zu kind %u", i, n->kind);
        FUZZ_ASSERT(n->line <= src->n_lines + 1, "node %zu line %u of %u", i, n->line, src->n_lines);
        if (n->kind == N_MAP || n->kind == N_SEQ) {
            FUZZ_ASSERT((size_t)n->kids + n->n <= t->n_kids, "node %zu kids %u+%u", i, n->kids, n->n);
            for (uint32_t k = 0; k < n->n; k++) {
                const kid *c = &t->kids[n->kids + k];
                FUZZ_ASSERT(c->val > 0 && c->val < t->n_nodes, "node %zu kid %u val %u", i, k, c->val);
                fuzz_check_str(t, c->key, c->key_len);
                FUZZ_ASSERT(c->key_line <= src->n_lines + 1, "kid line %u of %u", c->key_line, src->n_lines);
            }
        } else {
            fuzz_check_str(t, n->str, n->len);
        }
        if (n->seg) {
            FUZZ_ASSERT((size_t)n->seg - 1 + n->nseg <= t->n_segs, "node %zu segs", i);
            uint32_t prev = 0;
            for (uint16_t k = 0; k < n->nseg; k++) {
                const seg *s = &t->segs[n->seg - 1 + k];
                FUZZ_ASSERT(s->off <= n->len, "node %zu seg off %u > len %u", i, s->off, n->len);
                FUZZ_ASSERT(k == 0 || s->off >= prev, "node %zu segs not increasing", i);
                FUZZ_ASSERT(s->line >= 1 && s->line <= src->n_lines + 1, "node %zu seg line %u", i, s->line);
                prev = s->off;
            }
        }
    }
}

/* A path to the first children down from root (at most depth levels), as a
 * check would write it; 0 when a key cannot be written in a path. */
static inline int fuzz_first_path(const tree *t, node_id root, int depth, buf *path, node_id *last)
{
    node_id cur = root;
    for (int d = 0; d < depth; d++) {
        const node *n = &t->nodes[cur];
        if ((n->kind != N_MAP && n->kind != N_SEQ) || !n->n) break;
        uint32_t pick = (uint32_t)d % n->n;
        const kid *k = &t->kids[n->kids + pick];
        if (n->kind == N_SEQ) {
            buf_printf(path, "[%u]", pick);
        } else {
            const char *key = t->strs + k->key;
            if (k->key_len == 0 || k->key_len > 400 || strlen(key) != k->key_len) return 0;
            if (tree_member(t, cur, key, NULL) != k->val) return 0; /* a repeated key: the last one is found */
            buf_puts(path, "[\"");
            for (const char *p = key; *p; p++) {
                if (*p == '"' || *p == '\\') buf_putc(path, '\\');
                buf_putc(path, *p);
            }
            buf_puts(path, "\"]");
        }
        cur = k->val;
    }
    *last = cur;
    return 1;
}

static inline void fuzz_check_paths(const tree *t, node_id root)
{
    for (int depth = 1; depth <= 6; depth++) {
        buf p = {0};
        node_id last = NODE_NONE;
        buf_add(&p, "", 0);
        if (fuzz_first_path(t, root, depth, &p, &last)) {
            uint32_t line = 0, col = 0;
            int whole = tree_locate(t, root, p.s, 1, &line, &col);
            FUZZ_ASSERT(whole, "path %s not found", p.s);
        }
        buf_free(&p);
    }
}

#endif
