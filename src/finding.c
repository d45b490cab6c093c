/* finding.c — a finding's document and Dockerfile instruction, derived once
 * when it is reported (see finding.h). Reads the tree; never allocates,
 * never prints, keeps no state. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

/* Item i of the sequence that is member `key` of map, or NODE_NONE. */
static node_id seq_item(const tree *t, node_id map, const char *key, unsigned long i)
{
    node_id seq = map ? tree_member(t, map, key, NULL) : NODE_NONE;
    if (!seq || tree_get(t, seq)->kind != N_SEQ || i >= tree_get(t, seq)->n) return NODE_NONE;
    return t->kids[tree_get(t, seq)->kids + i].val;
}

/* If *p starts with `word[N]`, step past it and return 1 with N in *i. */
static int take_index(const char **p, const char *word, unsigned long *i)
{
    size_t n = strlen(word);
    const char *s = *p;
    if (strncmp(s, word, n) != 0 || s[n] != '[' || s[n + 1] < '0' || s[n + 1] > '9') return 0;
    char *end;
    *i = strtoul(s + n + 1, &end, 10);
    if (*end != ']') return 0;
    *p = end + 1;
    return 1;
}

/* The instruction a Dockerfile path starts with, or NODE_NONE. */
static node_id instruction_by_path(const doc *d, const char *path)
{
    const char *p = path;
    unsigned long s, i;
    if (take_index(&p, "stages", &s)) {
        node_id stage = seq_item(d->t, d->root, "stages", s);
        if (*p++ != '.' || !take_index(&p, "instructions", &i)) return NODE_NONE;
        return seq_item(d->t, stage, "instructions", i);
    }
    if (take_index(&p, "instructions", &i)) return seq_item(d->t, d->root, "instructions", i);
    if (take_index(&p, "args", &i)) return seq_item(d->t, d->root, "args", i);
    return NODE_NONE;
}

static long member_int(const tree *t, node_id map, const char *key)
{
    node_id v = tree_member(t, map, key, NULL);
    if (!v || tree_get(t, v)->kind != N_INT) return -1;
    return (long)tree_get(t, v)->v.i;
}

/* The first and last lines of instruction ins; 0 when it has none. */
static int instruction_lines(const tree *t, node_id ins, uint32_t *first, uint32_t *last)
{
    long a = member_int(t, ins, "line"), b = member_int(t, ins, "end_line");
    if (a < 1) return 0;
    if (b < a) b = a;
    *first = (uint32_t)a;
    *last = (uint32_t)b;
    return 1;
}

/* The instruction of d whose lines contain `line`, or NODE_NONE. */
static node_id instruction_at_line(const doc *d, uint32_t line)
{
    node_id list = tree_member(d->t, d->root, "instructions", NULL);
    if (!list || tree_get(d->t, list)->kind != N_SEQ) return NODE_NONE;
    const node *l = tree_get(d->t, list);
    for (uint32_t k = 0; k < l->n; k++) {
        node_id ins = d->t->kids[l->kids + k].val;
        uint32_t a, b;
        if (instruction_lines(d->t, ins, &a, &b) && line >= a && line <= b) return ins;
    }
    return NODE_NONE;
}

void finding_attach(finding *f, const doc *d)
{
    f->doc = d;
    f->input = d ? input_of_doc(d->type) : 0;
    f->doc_key = d;
    f->instr = NODE_NONE;
    f->instr_line = f->instr_end = 0;
    if (!d || d->type != DOC_DOCKERFILE) return;
    node_id ins = instruction_by_path(d, f->path ? f->path : "");
    uint32_t a, b;
    if (!ins || !instruction_lines(d->t, ins, &a, &b)) ins = instruction_at_line(d, f->line);
    if (!ins || !instruction_lines(d->t, ins, &a, &b)) return;
    f->instr = ins;
    f->instr_line = a;
    f->instr_end = b;
}
