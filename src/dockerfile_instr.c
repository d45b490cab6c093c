/* dockerfile_instr.c — the Dockerfile loader's second half: the map of one
 * instruction (cmd, flags, args with source segments, exec form, heredocs,
 * expanded text and the per-keyword fields of the SHAPE in load_dockerfile.c),
 * and the ARG/ENV scopes and stages they change. Positions come from the
 * joined text's byte map. No printing, no global state. */
#include "dockerfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void df_fail(dctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
{
    char msg[sizeof c->err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->failed = 1;
    perr_set(c->err, line, col, "%s", msg);
}

/* ---- tree helpers ---- */

static void kl_putn(tree *t, kidlist *l, const char *key, size_t klen, node_id val)
{
    if (val == NODE_NONE) return;
    GROW(l->v, l->cap, l->n + 1);
    const node *nd = tree_get(t, val);
    l->v[l->n++] = (kid){tree_str(t, key, klen), (uint32_t)klen, nd->line, nd->col, val};
}

void df_kl_put(tree *t, kidlist *l, const char *key, node_id val)
{
    kl_putn(t, l, key, strlen(key), val);
}

void df_kl_push(kidlist *l, node_id val)
{
    GROW(l->v, l->cap, l->n + 1);
    l->v[l->n++] = (kid){0, 0, 0, 0, val};
}

node_id df_kl_close(tree *t, kidlist *l, node_id id)
{
    tree_set_kids(t, id, l->v, l->n);
    free(l->v);
    memset(l, 0, sizeof *l);
    return id;
}

/* A container positioned at its first child, or at line/col when empty. */
node_id df_kl_close_new(tree *t, kidlist *l, node_kind k, uint32_t line, uint32_t col)
{
    if (l->n) {
        const node *first = tree_get(t, l->v[0].val);
        line = first->line;
        col = first->col;
    }
    return df_kl_close(t, l, tree_node(t, k, line, col));
}

node_id df_int_node(tree *t, int64_t v, uint32_t line, uint32_t col)
{
    node_id id = tree_node(t, N_INT, line, col);
    char s[24];
    int n = snprintf(s, sizeof s, "%lld", (long long)v);
    tree_get(t, id)->str = tree_str(t, s, (size_t)n);
    tree_get(t, id)->len = (uint32_t)n;
    tree_get(t, id)->v.i = v;
    return id;
}

static node_id bool_node(tree *t, uint32_t line, uint32_t col)
{
    node_id id = tree_scalar(t, N_BOOL, "true", 4, line, col);
    tree_get(t, id)->v.i = 1;
    return id;
}

/* Source position of byte i of the joined text (its end maps just past it). */
void df_text_pos(const dctx *c, size_t i, uint32_t *line, uint32_t *col)
{
    size_t off = i < c->text.len ? c->map[i] : c->text.len ? c->map[c->text.len - 1] + 1u : c->off0;
    source_position(c->src, off, line, col);
}

static node_id str_at(dctx *c, const char *s, size_t n, size_t at)
{
    uint32_t line, col;
    df_text_pos(c, at, &line, &col);
    return tree_scalar(c->t, N_STR, s ? s : "", n, line, col);
}

/* Joined text [a,b) as a string whose segments map each byte to its source. */
static node_id sub_str(dctx *c, size_t a, size_t b)
{
    node_id id = str_at(c, c->text.s + a, b - a, a);
    uint32_t first = 0, nseg = 0;
    for (size_t i = a; i < b && nseg < UINT16_MAX; i++) {
        if (i > a && c->map[i] == c->map[i - 1] + 1) continue;
        uint32_t line, col;
        source_position(c->src, c->map[i], &line, &col);
        uint32_t s = tree_add_seg(c->t, (uint32_t)(i - a), line, col);
        if (nseg++ == 0) first = s;
    }
    if (nseg) {
        tree_get(c->t, id)->seg = first + 1;
        tree_get(c->t, id)->nseg = (uint16_t)nseg;
    }
    return id;
}

/* A string of whole source lines from `line` on, one segment per line. */
static node_id lines_str(tree *t, const char *s, size_t n, uint32_t line)
{
    node_id id = tree_scalar(t, N_STR, s ? s : "", n, line, 1);
    uint32_t first = 0, nseg = 0;
    for (size_t i = 0; i < n && nseg < UINT16_MAX; i++) {
        if (i > 0 && s[i - 1] != '\n') continue;
        uint32_t sg = tree_add_seg(t, (uint32_t)i, line + nseg, 1);
        if (nseg++ == 0) first = sg;
    }
    if (nseg) {
        tree_get(t, id)->seg = first + 1;
        tree_get(t, id)->nseg = (uint16_t)nseg;
    }
    return id;
}

/* The quote-removed text of joined [a,b), at a; with segments when unchanged. */
static node_id word_node(dctx *c, size_t a, size_t b)
{
    buf v = {0};
    dlex_word(c->text.s + a, b - a, c->esc, DLEX_QUOTES, NULL, NULL, &v, NULL);
    node_id id = v.len == b - a && memcmp(v.s, c->text.s + a, v.len) == 0
                     ? sub_str(c, a, b) : str_at(c, v.s, v.len, a);
    buf_free(&v);
    return id;
}

/* Substitute variables of env in s[0..n) (quotes removed unless exec form).
 * Returns 0, or -1 when the substitution budget ran out (out then holds the
 * text with quotes removed and nothing substituted). */
/* The budget of c ran out at the current instruction: say so, once (what it
 * protects against is an ARG that doubles at every step, or stages inheriting
 * ever more variables; their values are no longer substituted). */
static void budget_out(dctx *c)
{
    if (c->budget_out) return;
    c->budget_out = 1;
    uint32_t line, col;
    source_position(c->src, c->off0, &line, &col);
    df_fail(c, line, col,
            "variables not substituted from here on: ARG and ENV values (or the variables stages inherit) "
            "grow past the limit of %zu MiB for this file",
            (((size_t)16 << 20) + 8 * c->src->len) >> 20);
}

static int expand(dctx *c, const char *s, size_t n, int flags, const dlex_env *env, buf *out)
{
    if (dlex_word(s, n, c->esc, flags, env, &c->budget, out, NULL) == 0) return 0;
    budget_out(c);
    out->len = 0;
    dlex_word(s, n, c->esc, flags & ~DLEX_VARS, NULL, NULL, out, NULL);
    return -1;
}

/* Charge inheriting the ENVs of e (twice: the stage's scope and its own ENVs)
 * to the budget; 0 when they fit, else -1 (reported). */
static int charge_inherit(dctx *c, const dlex_env *e)
{
    size_t cost = 0;
    for (size_t i = 0; i < e->n && cost <= c->budget; i++) cost += 2 * (e->v[i].nlen + e->v[i].vlen + 64);
    if (cost > c->budget) {
        budget_out(c);
        return -1;
    }
    c->budget -= cost;
    return 0;
}

/* ---- instruction fields ---- */

static node_id flags_node(dctx *c, const head *h, node_id *platform)
{
    tree *t = c->t;
    kidlist m = {0}, mounts = {0};
    node_id mseq = NODE_NONE;
    for (size_t i = 0; i < h->nflags; i++) {
        const char *w = h->flags[i].text.s + 2;
        size_t wl = h->flags[i].text.len - 2;
        const char *eq = memchr(w, '=', wl);
        size_t nl = eq ? (size_t)(eq - w) : wl;
        uint32_t line, col;
        df_text_pos(c, h->flags[i].off, &line, &col);
        node_id v = eq ? tree_scalar(t, N_STR, eq + 1, wl - nl - 1, line, col)
                       : bool_node(t, line, col);
        if (nl == 5 && memcmp(w, "mount", 5) == 0) {
            if (!eq) v = tree_scalar(t, N_STR, "", 0, line, col);
            if (!mseq) {
                mseq = tree_node(t, N_SEQ, line, col);
                kl_putn(t, &m, w, nl, mseq);
            }
            df_kl_push(&mounts, v);
            continue;
        }
        if (nl == 8 && memcmp(w, "platform", 8) == 0) *platform = v;
        size_t k = 0;
        while (k < m.n && !(m.v[k].key_len == nl && memcmp(t->strs + m.v[k].key, w, nl) == 0)) k++;
        if (k < m.n) { /* a repeated flag: the last one wins */
            m.v[k].val = v;
            m.v[k].key_line = line;
            m.v[k].key_col = col;
        } else {
            kl_putn(t, &m, w, nl, v);
        }
    }
    if (mseq) df_kl_close(t, &mounts, mseq);
    return df_kl_close_new(t, &m, N_MAP, 0, 0);
}

static node_id exec_node(dctx *c, const head *h, int vars, const dlex_env *env)
{
    kidlist l = {0};
    for (size_t i = 0; i < h->nexec; i++) {
        buf b = {0};
        if (vars) expand(c, h->exec[i].s, h->exec[i].len, DLEX_VARS, env, &b);
        node_id v = vars ? str_at(c, b.s, b.len, h->x0 + h->exec[i].off)
                         : str_at(c, h->exec[i].s, h->exec[i].len, h->x0 + h->exec[i].off);
        tree_get(c->t, v)->flags |= NODE_QUOTED;
        df_kl_push(&l, v);
        buf_free(&b);
    }
    uint32_t line, col;
    df_text_pos(c, h->x0, &line, &col);
    return df_kl_close(c->t, &l, tree_node(c->t, N_SEQ, line, col));
}

static node_id heredocs_node(dctx *c)
{
    tree *t = c->t;
    kidlist seq = {0};
    for (size_t i = 0; i < c->nhd; i++) {
        const hdoc *d = &c->hd[i];
        uint32_t line, col;
        df_text_pos(c, d->off, &line, &col);
        kidlist m = {0};
        df_kl_put(t, &m, "name", tree_scalar(t, N_STR, d->name.s, d->name.len, line, col));
        df_kl_put(t, &m, "body", lines_str(t, d->body.s, d->body.len, d->line));
        node_id st = bool_node(t, line, col), q = bool_node(t, line, col);
        tree_get(t, st)->v.i = d->chomp;
        tree_get(t, q)->v.i = d->quoted;
        if (!d->chomp) tree_get(t, st)->str = tree_str(t, "false", 5), tree_get(t, st)->len = 5;
        if (!d->quoted) tree_get(t, q)->str = tree_str(t, "false", 5), tree_get(t, q)->len = 5;
        df_kl_put(t, &m, "strip_tabs", st);
        df_kl_put(t, &m, "quoted", q);
        df_kl_put(t, &m, "line", df_int_node(t, d->line, line, col));
        df_kl_push(&seq, df_kl_close(t, &m, tree_node(t, N_MAP, line, col)));
    }
    return df_kl_close_new(t, &seq, N_SEQ, 0, 0);
}

static node_id original_node(dctx *c, uint32_t l0, uint32_t l1)
{
    buf b = {0};
    buf_add(&b, "", 0);
    for (uint32_t l = l0; l <= l1; l++) {
        size_t n;
        const char *p = source_line(c->src, l, &n);
        if (l > l0) buf_putc(&b, '\n');
        buf_add(&b, p, n);
    }
    node_id id = lines_str(c->t, b.s, b.len, l0);
    buf_free(&b);
    return id;
}

typedef struct effect {
    buf key, val;
    int set;
} effect;

/* ENV / LABEL / ARG: the `pairs` seq (BuildKit's parseNameVal and
 * parseNameOrNameVal); ARG and ENV then change the scope. */
static node_id pairs_node(dctx *c, const head *h, const dlex_env *env, int trigger, const char *cmd)
{
    const char *s = c->text.s;
    dlex_span *w = NULL;
    size_t nw = dlex_split(s + h->a0, h->a1 - h->a0, c->esc, &w);
    effect *ef = xcalloc(nw + 1, sizeof *ef);
    size_t nef = 0;
    kidlist seq = {0};
    uint32_t kl, kc;
    df_text_pos(c, h->a0, &kl, &kc);
    int legacy = h->kind != K_ARG && nw && !memchr(s + h->a0 + w[0].off, '=', w[0].len);
    for (size_t i = 0; i < (legacy ? 1 : nw); i++) {
        size_t kb = h->a0 + w[i].off, ke, vb = 0, ve = h->a1;
        if (legacy) {
            for (ke = kb; ke < h->a1 && !df_is_ws(s[ke]);) ke++;
            for (vb = ke; vb < h->a1 && df_is_ws(s[vb]);) vb++;
            if (vb == h->a1) df_fail(c, kl, kc, "%s must have two arguments", cmd), vb = 0;
        } else {
            const char *eq = memchr(s + kb, '=', w[i].len);
            ke = eq ? (size_t)(eq - s) : kb + w[i].len;
            vb = eq ? ke + 1 : 0;
            ve = kb + w[i].len;
            if (!eq && h->kind != K_ARG) {
                uint32_t l, cl;
                df_text_pos(c, kb, &l, &cl);
                df_fail(c, l, cl,
                        "Syntax error - can't find = in \"%.*s\". Must be of the form: name=value",
                        (int)w[i].len, s + kb);
                continue;
            }
        }
        kidlist m = {0};
        node_id key = word_node(c, kb, ke);
        df_kl_put(c->t, &m, "key", key);
        if (vb) df_kl_put(c->t, &m, "value", word_node(c, vb, ve));
        df_kl_push(&seq, df_kl_close(c->t, &m, tree_node(c->t, N_MAP, tree_get(c->t, key)->line,
                                                   tree_get(c->t, key)->col)));
        if (trigger || h->kind == K_LABEL) continue;
        effect *e = &ef[nef++];
        dlex_word(s + kb, ke - kb, c->esc, DLEX_QUOTES, NULL, NULL, &e->key, NULL);
        e->set = vb != 0;
        if (vb) expand(c, s + vb, ve - vb, DLEX_VARS | DLEX_QUOTES, env, &e->val);
    }
    for (size_t i = 0; i < nef; i++) {
        effect *e = &ef[i];
        stage *st = c->nst ? &c->st[c->nst - 1] : NULL;
        if (h->kind == K_ENV && st) {
            dlex_env_set(&st->env, e->key.s, e->key.len, e->val.s, e->val.len, 1, 1);
            dlex_env_set(&st->envs, e->key.s, e->key.len, e->val.s, e->val.len, 1, 1);
        } else if (h->kind == K_ARG && !st) {
            dlex_env_set(&c->genv, e->key.s, e->key.len, e->val.s, e->val.len, e->set, 0);
        } else if (h->kind == K_ARG) {
            const dlex_var *g = e->set ? NULL : dlex_env_get(&c->genv, e->key.s, e->key.len);
            if (g) dlex_env_set(&st->env, e->key.s, e->key.len, g->val, g->vlen, g->set, 0);
            else dlex_env_set(&st->env, e->key.s, e->key.len, e->val.s, e->val.len, e->set, 0);
        }
    }
    for (size_t i = 0; i < nef; i++) {
        buf_free(&ef[i].key);
        buf_free(&ef[i].val);
    }
    free(ef);
    free(w);
    return nw ? df_kl_close_new(c->t, &seq, N_SEQ, kl, kc) : NODE_NONE;
}

/* EXPOSE ports / VOLUME paths in shell form: words, each expanded and split. */
static node_id words_node(dctx *c, const head *h, const dlex_env *env, int trigger)
{
    const char *s = c->text.s;
    dlex_span *w = NULL;
    size_t nw = dlex_split(s + h->a0, h->a1 - h->a0, c->esc, &w);
    kidlist seq = {0};
    for (size_t i = 0; i < nw; i++) {
        size_t at = h->a0 + w[i].off;
        buf b = {0};
        if (trigger) dlex_word(s + at, w[i].len, c->esc, DLEX_QUOTES, NULL, NULL, &b, NULL);
        else expand(c, s + at, w[i].len, DLEX_VARS | DLEX_QUOTES, env, &b);
        for (size_t j = 0; j < b.len;) {
            size_t e = j;
            while (e < b.len && !dlex_space(b.s + e, b.len - e)) e++;
            if (e > j) df_kl_push(&seq, str_at(c, b.s + j, e - j, at));
            j = dlex_lskip(b.s, e, b.len);
        }
        buf_free(&b);
    }
    free(w);
    uint32_t line, col;
    df_text_pos(c, h->a0, &line, &col);
    return df_kl_close_new(c->t, &seq, N_SEQ, line, col);
}

/* ---- stage names: a hash index, so a FROM naming an earlier stage costs the
 * same with 100,000 stages as with two ---- */

static uint32_t lower_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)df_low(s[i])) * 16777619u;
    return h;
}

/* The slot for name s[0..n) (any case): the one holding it, or the empty one where it goes. */
static uint32_t *stage_slot(const dctx *c, const char *s, size_t n)
{
    size_t mask = c->cap_names - 1;
    for (size_t i = lower_hash(s, n) & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &c->names[i];
        if (!*slot) return slot;
        const char *ln = c->st[*slot - 1].lname;
        if (strlen(ln) == n && df_ieq(s, n, ln)) return slot;
    }
}

/* The last stage before the current one named s[0..n), or -1. */
static int stage_named(const dctx *c, const char *s, size_t n)
{
    if (!c->nnames) return -1;
    uint32_t *slot = stage_slot(c, s, n);
    return *slot ? (int)*slot - 1 : -1;
}

/* Stage i (with a name) is now the last one so named. */
static void stage_name_add(dctx *c, size_t i)
{
    if ((c->nnames + 1) * 2 > c->cap_names) {
        size_t cap = c->cap_names ? c->cap_names * 2 : 16;
        uint32_t *old = c->names;
        size_t old_cap = c->cap_names;
        c->names = xcalloc(cap, sizeof *c->names);
        c->cap_names = cap;
        for (size_t k = 0; k < old_cap; k++)
            if (old[k]) {
                const char *ln = c->st[old[k] - 1].lname;
                *stage_slot(c, ln, strlen(ln)) = old[k];
            }
        free(old);
    }
    const char *ln = c->st[i].lname;
    uint32_t *slot = stage_slot(c, ln, strlen(ln));
    if (!*slot) c->nnames++;
    *slot = (uint32_t)i + 1;
}

/* FROM: image and name; outside ONBUILD it opens a stage. */
static void from_fields(dctx *c, const head *h, kidlist *k, node_id platform, int trigger)
{
    const char *s = c->text.s;
    dlex_span w[4];
    size_t nw = 0;
    for (size_t i = h->a0; i < h->a1;) {
        size_t b = i;
        while (i < h->a1 && !df_is_ws(s[i])) i++;
        if (nw < 4) w[nw] = (dlex_span){b, i - b};
        nw++;
        while (i < h->a1 && df_is_ws(s[i])) i++;
    }
    uint32_t kl, kc;
    df_text_pos(c, h->kw, &kl, &kc);
    node_id image = nw ? sub_str(c, w[0].off, w[0].off + w[0].len) : NODE_NONE, name = NODE_NONE;
    char *lname = NULL;
    if (nw == 3 && df_ieq(s + w[1].off, w[1].len, "AS")) {
        lname = xstrndup(s + w[2].off, w[2].len);
        for (char *p = lname; *p; p++) *p = df_low(*p);
        name = str_at(c, lname, w[2].len, w[2].off);
        int ok = lname[0] >= 'a' && lname[0] <= 'z';
        for (size_t i = 1; ok && i < w[2].len; i++)
            ok = (lname[i] >= 'a' && lname[i] <= 'z') || (lname[i] >= '0' && lname[i] <= '9') ||
                 (lname[i] && strchr("-_.", lname[i]));
        if (!ok)
            df_fail(c, tree_get(c->t, name)->line, tree_get(c->t, name)->col,
                 "invalid name for build stage: \"%.*s\", name can't start with a number or contain symbols",
                 (int)w[2].len, s + w[2].off);
    } else if (nw != 1) {
        df_fail(c, kl, kc, "FROM requires either one or three arguments");
    }
    df_kl_put(c->t, k, "image", image);
    df_kl_put(c->t, k, "name", name);
    if (trigger) {
        free(lname);
        return;
    }
    GROW(c->st, c->cap_st, c->nst + 1);
    stage *st = &c->st[c->nst++];
    memset(st, 0, sizeof *st);
    st->parent = -1;
    st->name = name;
    st->lname = lname;
    st->base_raw = image;
    st->platform = platform;
    if (image) {
        buf b = {0};
        expand(c, s + w[0].off, w[0].len, DLEX_VARS | DLEX_QUOTES, &c->genv, &b);
        st->base = str_at(c, b.s, b.len, w[0].off);
        int j = stage_named(c, b.s ? b.s : "", b.len);
        if (j >= 0) {
            st = &c->st[c->nst - 1];
            st->parent = j;
            if (charge_inherit(c, &c->st[j].envs) == 0) {
                dlex_env_copy(&st->env, &c->st[j].envs);
                dlex_env_copy(&st->envs, &c->st[j].envs);
            }
        }
        buf_free(&b);
    }
    if (c->st[c->nst - 1].lname) stage_name_add(c, c->nst - 1);
}

/* USER: user and group, from the expanded text. */
static void user_fields(dctx *c, const head *h, kidlist *k, const buf *text)
{
    const char *colon = memchr(text->s, ':', text->len);
    const char *raw = memchr(c->text.s + h->a0, ':', h->a1 - h->a0);
    size_t ul = colon ? (size_t)(colon - text->s) : text->len;
    df_kl_put(c->t, k, "user", str_at(c, text->s, ul, h->a0));
    if (colon)
        df_kl_put(c->t, k, "group", str_at(c, colon + 1, text->len - ul - 1,
                                        raw ? (size_t)(raw - c->text.s) + 1 : h->a0));
}

/* HEALTHCHECK: none, or test (+ exec/json, added by the caller). */
static void health_fields(dctx *c, const head *h, kidlist *k, uint32_t kl, uint32_t kc)
{
    const char *s = c->text.s;
    if (df_ieq(s + h->a0, h->t1 - h->a0, "NONE")) {
        df_kl_put(c->t, k, "none", bool_node(c->t, kl, kc));
        if (h->x0 < h->a1) df_fail(c, kl, kc, "HEALTHCHECK NONE takes no arguments");
    } else if (df_ieq(s + h->a0, h->t1 - h->a0, "CMD")) {
        if (h->x0 < h->a1) df_kl_put(c->t, k, "test", sub_str(c, h->x0, h->a1));
        else df_fail(c, kl, kc, "Missing command after HEALTHCHECK CMD");
    } else if (h->a0 < h->a1) {
        df_fail(c, kl, kc, "Unknown type \"%.*s\" in HEALTHCHECK (try CMD)",
                (int)(h->t1 - h->a0), s + h->a0);
    }
}

/* The map of instruction h; trig is the instruction an ONBUILD wraps, and
 * trigger is set while building that one (no scope, stage or source fields). */
node_id df_build(dctx *c, const head *h, const head *trig, uint32_t line0, uint32_t line1,
                 int trigger)
{
    tree *t = c->t;
    kidlist k = {0};
    uint32_t kl, kc;
    df_text_pos(c, h->kw, &kl, &kc);
    int sidx = trigger ? -1 : h->kind == K_FROM ? (int)c->nst : (int)c->nst - 1;
    const dlex_env *env = h->kind == K_FROM || c->nst == 0 ? &c->genv : &c->st[c->nst - 1].env;
    char *cmd = xstrndup(c->text.s + h->kw, h->kwlen);
    for (char *p = cmd; p < cmd + h->kwlen; p++) *p = df_up(*p);

    df_kl_put(t, &k, "cmd", str_at(c, cmd, h->kwlen, h->kw));
    df_kl_put(t, &k, "line", df_int_node(t, line0, kl, kc));
    df_kl_put(t, &k, "end_line", df_int_node(t, line1, kl, kc));
    if (sidx >= 0) df_kl_put(t, &k, "stage", df_int_node(t, sidx, kl, kc));
    node_id platform = NODE_NONE;
    size_t n_args;
    if (h->nflags) df_kl_put(t, &k, "flags", flags_node(c, h, &platform));
    df_kl_put(t, &k, "args", sub_str(c, h->a0, h->a1));
    if (h->json == 1) {
        df_kl_put(t, &k, "exec", exec_node(c, h, 0, NULL));
        uint32_t l, cl;
        df_text_pos(c, h->x0, &l, &cl);
        df_kl_put(t, &k, "json", bool_node(t, l, cl));
    } else if (h->json < 0) {
        uint32_t l, cl;
        df_text_pos(c, h->x0, &l, &cl);
        df_fail(c, l, cl, "when using JSON array syntax, arrays must be comprised of strings only");
    }
    if (!trig && c->nhd) df_kl_put(t, &k, "heredocs", heredocs_node(c));
    if (!trigger) df_kl_put(t, &k, "original", original_node(c, line0, line1));

    /* expanded, and the text USER/EXPOSE/VOLUME read (quotes removed only in ONBUILD) */
    buf ex = {0};
    if (h->fl & F_EXPAND) {
        const char *a = c->text.s + h->a0;
        size_t n = h->a1 - h->a0;
        if (trigger) dlex_word(a, n, c->esc, DLEX_QUOTES, NULL, NULL, &ex, NULL);
        else if (expand(c, a, n, h->json == 1 ? DLEX_VARS : DLEX_VARS | DLEX_QUOTES, env, &ex) == 0)
            df_kl_put(t, &k, "expanded", str_at(c, ex.s, ex.len, h->a0));
    }
    if ((h->fl & F_NEEDARG) && h->a0 == h->a1)
        df_fail(c, kl, kc, "%s requires at least one argument", cmd);

    switch (h->kind) {
    case K_FROM:
        from_fields(c, h, &k, platform, trigger);
        break;
    case K_ENV: case K_LABEL: case K_ARG:
        df_kl_put(t, &k, "pairs", pairs_node(c, h, env, trigger, cmd));
        break;
    case K_USER:
        if (h->a0 < h->a1) user_fields(c, h, &k, &ex);
        break;
    case K_EXPOSE:
        df_kl_put(t, &k, "ports", words_node(c, h, env, trigger));
        break;
    case K_VOLUME:
        df_kl_put(t, &k, "paths", h->json == 1 ? exec_node(c, h, !trigger, env)
                                                : words_node(c, h, env, trigger));
        break;
    case K_HEALTHCHECK:
        health_fields(c, h, &k, kl, kc);
        break;
    case K_SHELL:
        if (h->a0 < h->a1 && h->json == 0)
            df_fail(c, kl, kc, "SHELL requires the arguments to be in JSON form");
        break;
    case K_ADD: case K_COPY:
        n_args = h->json == 1 ? h->nexec : dlex_split(c->text.s + h->a0, h->a1 - h->a0, c->esc, NULL);
        if (h->a0 < h->a1 && n_args < 2)
            df_fail(c, kl, kc, "%s requires at least two arguments, but only one was provided. "
                 "Destination could not be determined.", cmd);
        break;
    case K_ONBUILD:
        if (!trig) break;
        if (trig->kind == K_ONBUILD)
            df_fail(c, kl, kc, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        if (trig->kind == K_FROM || trig->kind == K_MAINTAINER)
            df_fail(c, kl, kc, "%.*s isn't allowed as an ONBUILD trigger", (int)trig->kwlen,
                    c->text.s + trig->kw);
        df_kl_put(t, &k, "trigger", df_build(c, trig, NULL, line0, line1, 1));
        break;
    default:
        break;
    }
    buf_free(&ex);
    free(cmd);
    return df_kl_close(t, &k, tree_node(t, N_MAP, kl, kc));
}
