/* load_dockerfile.c — the Dockerfile loader: a hand-written parser for
 * BuildKit's Dockerfile syntax that fills the common tree (doc.h) with one
 * DOC_DOCKERFILE doc. It follows moby/buildkit frontend/dockerfile/parser
 * (line joining, directives, heredocs, flags, per-instruction argument rules).
 * This file joins lines and finds directives, keywords, flags and heredocs;
 * dockerfile_instr.c builds each instruction's map; dockerfile_lex.c holds the
 * shell-word rules (variables, quotes, JSON).
 * It must not print, keep global state, or stop at the first bad line: errors
 * go to the perr (first wins) and loading goes on.
 *
 * SHAPE — a contract with the Lua checks, which read it as plain tables:
 *
 * root = {
 *   directives   = { syntax=, escape=, check= },  -- parser directives at the top, keys lower-case
 *   args         = [ instruction… ],    -- the global ARGs (before the first FROM)
 *   stages       = [ {
 *       index,          -- int, 0-based
 *       name,           -- lower-cased AS name (absent when none)
 *       base,           -- FROM image, global ARG defaults substituted, quotes removed
 *       base_raw,       -- FROM image as written
 *       platform,       -- --platform value as written (when given)
 *       parent,         -- int: earlier stage whose name `base` is (absent otherwise)
 *       instructions = [ instruction… ] -- this stage's, FROM first
 *   } … ],
 *   instructions = [ instruction… ],    -- all of them in file order (same nodes as above)
 * }
 * instruction = {            -- positioned at its keyword; keys only when meaningful
 *   cmd,                     -- keyword upper-cased (unknown ones too)
 *   line, end_line,          -- first and last source line (heredoc bodies included)
 *   stage,                   -- int (absent for global ARGs)
 *   flags = { name = "value" | true, mount = [ "…" ] },  -- each value at its "--"
 *   args,                    -- text after keyword and flags, continuations and comment
 *                            -- lines removed, trimmed; segments map every byte back
 *   exec = [ "…" ], json = true,           -- exec (JSON) form only
 *   heredocs = [ { name, body, strip_tabs, quoted, line } ],   -- body keeps its newlines
 *   original,                -- the source lines as written, joined with \n
 *   expanded,                -- ADD COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER VOLUME WORKDIR
 *                            -- ONBUILD: args with the ARG/ENV in scope substituted (quotes
 *                            -- removed; in exec form only variables are substituted)
 *   image, name,             -- FROM
 *   pairs = [ { key, value } ],             -- ENV, LABEL, ARG (value absent for `ARG N`)
 *   user, group,             -- USER (from expanded)
 *   ports = [ "…" ],         -- EXPOSE (expanded, split)
 *   paths = [ "…" ],         -- VOLUME
 *   none = true | test,      -- HEALTHCHECK NONE, or the CMD part (with exec/json when JSON)
 *   trigger = instruction,   -- ONBUILD: the wrapped instruction (no stage/original/expanded)
 * }
 * Values are not expanded in `pairs`; a stage re-declaring `ARG NAME` gets the
 * global default; ENV wins over ARG; a stage FROM an earlier stage inherits its
 * ENVs. Variables never declared, and ARGs without default, are empty. */
#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"

static const struct keyword {
    const char *name;
    uint8_t kind, fl;
} keywords[] = {
    {"ADD", K_ADD, F_EXPAND | F_JSON | F_HEREDOC | F_NEEDARG},
    {"ARG", K_ARG, F_NEEDARG},
    {"CMD", K_CMD, F_JSON},
    {"COPY", K_COPY, F_EXPAND | F_JSON | F_HEREDOC | F_NEEDARG},
    {"ENTRYPOINT", K_ENTRYPOINT, F_JSON},
    {"ENV", K_ENV, F_EXPAND | F_NEEDARG},
    {"EXPOSE", K_EXPOSE, F_EXPAND | F_NEEDARG},
    {"FROM", K_FROM, F_EXPAND},
    {"HEALTHCHECK", K_HEALTHCHECK, F_NEEDARG},
    {"LABEL", K_LABEL, F_EXPAND | F_NEEDARG},
    {"MAINTAINER", K_MAINTAINER, F_NEEDARG},
    {"ONBUILD", K_ONBUILD, F_EXPAND | F_NEEDARG},
    {"RUN", K_RUN, F_JSON | F_HEREDOC},
    {"SHELL", K_SHELL, F_JSON | F_NEEDARG},
    {"STOPSIGNAL", K_STOPSIGNAL, F_EXPAND | F_NEEDARG},
    {"USER", K_USER, F_EXPAND | F_NEEDARG},
    {"VOLUME", K_VOLUME, F_EXPAND | F_JSON | F_NEEDARG},
    {"WORKDIR", K_WORKDIR, F_EXPAND | F_NEEDARG},
};

/* ---- lines ---- */

static const char *phys_line(const dctx *c, uint32_t ln, size_t *n, size_t *off)
{
    const char *p = source_line(c->src, ln, n);
    *off = (size_t)(p - c->src->text);
    return p;
}

/* Append line p[i..n) (source offset off of p) to the joined text, minus a
 * trailing continuation (escape char, then blanks); 1 when the line continues. */
static int add_line(dctx *c, const char *p, size_t off, size_t i, size_t n)
{
    size_t e = n;
    int more = 0;
    while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
    if (e > i && p[e - 1] == c->esc && (e - 1 == i || p[e - 2] != c->esc)) {
        more = 1;
        n = e - 1;
    }
    GROW(c->map, c->cap_map, c->text.len + (n - i) + 1);
    for (size_t k = i; k < n; k++) c->map[c->text.len + (k - i)] = (uint32_t)(off + k);
    buf_add(&c->text, p + i, n - i);
    return more;
}

/* Parser directives: leading `# key=value` comments with a known key. */
static void directives(dctx *c)
{
    static const char *const names[] = {"syntax", "escape", "check"};
    int seen[3] = {0};
    while (c->ln <= c->src->n_lines) {
        size_t n, off;
        const char *p = phys_line(c, c->ln, &n, &off);
        size_t i = dlex_lskip(p, 0, n);
        if (i >= n || p[i] != '#') return;
        i = dlex_lskip(p, i + 1, n);
        size_t kb = i;
        while (i < n && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
                         (i > kb && p[i] >= '0' && p[i] <= '9')))
            i++;
        size_t ke = i;
        i = dlex_lskip(p, i, n);
        if (ke == kb || i >= n || p[i] != '=') return;
        size_t vb = dlex_lskip(p, i + 1, n), ve = dlex_rtrim(p, vb, n);
        int which = -1;
        for (int k = 0; k < 3; k++)
            if (df_ieq(p + kb, ke - kb, names[k])) which = k;
        if (which < 0 || ve == vb) return;
        uint32_t line, col;
        source_position(c->src, off + kb, &line, &col);
        if (seen[which]) {
            df_fail(c, line, col, "only one %s parser directive can be used", names[which]);
        } else if (which == 1 && !(ve - vb == 1 && (p[vb] == '`' || p[vb] == '\\'))) {
            df_fail(c, line, col, "invalid escape token '%.*s' does not match ` or \\",
                 (int)(ve - vb), p + vb);
        } else {
            if (which == 1) c->esc = p[vb];
            uint32_t vl, vc;
            source_position(c->src, off + vb, &vl, &vc);
            node_id v = tree_scalar(c->t, N_STR, p + vb, ve - vb, vl, vc);
            df_kl_put(c->t, &c->dirs, names[which], v);
            c->dirs.v[c->dirs.n - 1].key_line = line;
            c->dirs.v[c->dirs.n - 1].key_col = col;
        }
        seen[which] = 1;
        c->ln++;
    }
}

/* Join the next instruction's lines into c->text; 0 when the line at c->ln
 * is blank or a comment (it is consumed). *line0 receives the first line. */
static int next_instruction(dctx *c, uint32_t *line0)
{
    size_t n, off;
    const char *p = phys_line(c, c->ln, &n, &off);
    size_t i = dlex_lskip(p, 0, n);
    c->ln++;
    if (i >= n || p[i] == '#') return 0;
    *line0 = c->ln - 1;
    c->text.len = 0;
    c->text.s[0] = 0;
    c->off0 = off + i;
    int more = add_line(c, p, off, i, n);
    while (more && c->ln <= c->src->n_lines) {
        p = phys_line(c, c->ln++, &n, &off);
        size_t j = dlex_lskip(p, 0, n);
        if (j >= n || p[j] == '#') continue; /* comment or empty line inside */
        more = add_line(c, p, off, 0, n);
    }
    return 1;
}

/* ---- instruction heads ---- */

static void head_free(head *h)
{
    for (size_t i = 0; i < h->nflags; i++) buf_free(&h->flags[i].text);
    free(h->flags);
    dlex_json_free(h->exec, h->nexec);
}

/* Keyword, --flags (BuildKit's extractBuilderFlags) and args of text [from,to). */
static void parse_head(dctx *c, size_t from, size_t to, head *h)
{
    const char *s = c->text.s;
    size_t i = from;
    memset(h, 0, sizeof *h);
    while (i < to && df_is_ws(s[i])) i++;
    h->kw = i;
    while (i < to && !df_is_ws(s[i])) i++;
    h->kwlen = i - h->kw;
    for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++) {
        if (df_ieq(s + h->kw, h->kwlen, keywords[k].name)) {
            h->kind = keywords[k].kind;
            h->fl = keywords[k].fl;
        }
    }
    for (;;) {
        while (i < to && df_is_ws(s[i])) i++;
        if (!(i + 1 < to && s[i] == '-' && s[i + 1] == '-')) break;
        size_t start = i;
        char quote = 0;
        buf w = {0};
        buf_add(&w, "", 0);
        for (; i < to; i++) {
            char ch = s[i];
            if (!quote && df_is_ws(ch)) break;
            if (!quote && (ch == '\'' || ch == '"')) {
                quote = ch;
                continue;
            }
            if (quote && ch == quote) {
                quote = 0;
                continue;
            }
            if (ch == '\\') {
                if (i + 1 >= to) continue;
                ch = s[++i];
            }
            buf_putc(&w, ch);
        }
        if (w.len == 2 && memcmp(w.s, "--", 2) == 0) { /* "--" ends the flags */
            buf_free(&w);
            while (i < to && df_is_ws(s[i])) i++;
            break;
        }
        GROW(h->flags, h->cap_flags, h->nflags + 1);
        h->flags[h->nflags++] = (flagw){start, w};
    }
    h->a0 = i;
    h->a1 = dlex_rtrim(s, i, to);
    h->x0 = h->t1 = h->a0;
    if (h->kind == K_HEALTHCHECK) {
        while (h->t1 < h->a1 && !df_is_ws(s[h->t1]) && s[h->t1] != '\n') h->t1++;
        h->x0 = h->t1;
        while (h->x0 < h->a1 && df_is_ws(s[h->x0])) h->x0++;
        if (df_ieq(s + h->a0, h->t1 - h->a0, "CMD")) h->fl |= F_JSON;
    }
    if ((h->fl & F_JSON) && h->x0 < h->a1)
        h->json = dlex_json_strings(s + h->x0, h->a1 - h->x0, &h->exec, &h->nexec);
}

/* Heredoc words (`[n]<<[-]NAME`) of text [a0,a1), then their bodies from the
 * following lines. */
static void read_heredocs(dctx *c, size_t a0, size_t a1, uint32_t line0)
{
    dlex_span *w = NULL;
    size_t nw = dlex_split(c->text.s + a0, a1 - a0, '\\', &w);
    for (size_t k = 0; k < nw; k++) {
        const char *s = c->text.s + a0 + w[k].off;
        size_t n = w[k].len, j = 0;
        while (j < n && s[j] >= '0' && s[j] <= '9') j++;
        if (n - j < 3 || s[j] != '<' || s[j + 1] != '<') continue;
        j += 2;
        int chomp = s[j] == '-';
        j += (size_t)chomp;
        if (j >= n || memchr(s + j, '<', n - j)) continue;
        hdoc d = {a0 + w[k].off, {0}, {0}, chomp, 0, 0};
        dlex_word(s + j, n - j, '\\', DLEX_QUOTES, NULL, NULL, &d.name, &d.quoted);
        if (d.name.len == 0) {
            buf_free(&d.name);
            continue;
        }
        buf_add(&d.body, "", 0);
        GROW(c->hd, c->cap_hd, c->nhd + 1);
        c->hd[c->nhd++] = d;
    }
    free(w);
    for (size_t k = 0; k < c->nhd; k++) {
        hdoc *d = &c->hd[k];
        int done = 0;
        d->line = c->ln;
        while (!done && c->ln <= c->src->n_lines) {
            size_t n, off;
            const char *p = phys_line(c, c->ln++, &n, &off), *q = p;
            while (d->chomp && q < p + n && *q == '\t') q++;
            done = (size_t)(p + n - q) == d->name.len && memcmp(q, d->name.s, d->name.len) == 0;
            if (!done) {
                buf_add(&d->body, p, n);
                buf_putc(&d->body, '\n');
            }
        }
        if (!done) {
            uint32_t line, col;
            df_text_pos(c, d->off, &line, &col);
            df_fail(c, line0, col, "unterminated heredoc %s", d->name.s);
        }
    }
}

/* ---- the file ---- */

/* What Docker would read differently from what is parsed here is an error,
 * at its place; loading goes on so the rest is still checked. A NUL byte
 * cuts values short (`USER r\0oot` would read as "r"); a CR alone ends a line
 * for editors and for this parser but not for Docker, which reads up to LF. */
static void text_checks(dctx *c)
{
    const char *t = c->src->text;
    size_t n = c->src->len;
    const char *nul = memchr(t, 0, n);
    for (const char *cr = memchr(t, '\r', n); cr; cr = memchr(cr + 1, '\r', (size_t)(t + n - cr - 1))) {
        if (cr + 1 < t + n && cr[1] == '\n') continue;
        if (nul && nul < cr) break;
        uint32_t line, col;
        source_position(c->src, (size_t)(cr - t), &line, &col);
        df_fail(c, line, col, "line ends with a lone carriage return (CR): Docker reads CR-only line ends as part "
                              "of one line; save the file with LF (or CR LF) line ends");
        return;
    }
    if (nul) {
        uint32_t line, col;
        source_position(c->src, (size_t)(nul - t), &line, &col);
        df_fail(c, line, col, "NUL byte in a Dockerfile: values are cut short here (is the file binary or UTF-16?)");
    }
}

/* Parse the instruction joined in c->text (first line line0), read its
 * heredoc bodies, and file its map under the root, its stage or the globals. */
static void instruction(dctx *c, uint32_t line0)
{
    size_t len = dlex_rtrim(c->text.s, 0, c->text.len);
    if (len == 0) return;
    head h, tr;
    int has_tr = 0;
    parse_head(c, 0, len, &h);
    if (h.kind == K_ONBUILD && h.a0 < h.a1) {
        parse_head(c, h.a0, h.a1, &tr);
        has_tr = 1;
    }
    const head *inner = has_tr ? &tr : &h;
    for (size_t i = 0; i < c->nhd; i++) {
        buf_free(&c->hd[i].name);
        buf_free(&c->hd[i].body);
    }
    c->nhd = 0;
    if ((inner->fl & F_HEREDOC) && inner->json != 1) read_heredocs(c, h.a0, h.a1, line0);
    node_id id = df_build(c, &h, has_tr ? &tr : NULL, line0, c->ln - 1, 0);
    GROW(c->all, c->cap_all, c->nall + 1);
    c->all[c->nall++] = id;
    if (c->nst) {
        stage *st = &c->st[c->nst - 1];
        if (h.kind == K_FROM) st->from = id;
        GROW(st->ins, st->cap, st->n + 1);
        st->ins[st->n++] = id;
    } else if (h.kind == K_ARG) {
        GROW(c->gargs, c->cap_gargs, c->ngargs + 1);
        c->gargs[c->ngargs++] = id;
    }
    head_free(&h);
    if (has_tr) head_free(&tr);
}

static node_id ids_seq(tree *t, const node_id *ids, size_t n)
{
    kidlist l = {0};
    for (size_t i = 0; i < n; i++) df_kl_push(&l, ids[i]);
    return df_kl_close_new(t, &l, N_SEQ, 1, 1);
}

static node_id root_node(dctx *c)
{
    tree *t = c->t;
    kidlist r = {0}, stages = {0};
    for (size_t i = 0; i < c->nst; i++) {
        const stage *st = &c->st[i];
        uint32_t line = tree_get(t, st->from)->line, col = tree_get(t, st->from)->col;
        kidlist m = {0};
        df_kl_put(t, &m, "index", df_int_node(t, (int64_t)i, line, col));
        df_kl_put(t, &m, "name", st->name);
        df_kl_put(t, &m, "base", st->base);
        df_kl_put(t, &m, "base_raw", st->base_raw);
        df_kl_put(t, &m, "platform", st->platform);
        if (st->parent >= 0) df_kl_put(t, &m, "parent", df_int_node(t, st->parent, line, col));
        df_kl_put(t, &m, "instructions", ids_seq(t, st->ins, st->n));
        df_kl_push(&stages, df_kl_close(t, &m, tree_node(t, N_MAP, line, col)));
    }
    df_kl_put(t, &r, "directives", df_kl_close_new(t, &c->dirs, N_MAP, 1, 1));
    df_kl_put(t, &r, "args", ids_seq(t, c->gargs, c->ngargs));
    df_kl_put(t, &r, "stages", df_kl_close_new(t, &stages, N_SEQ, 1, 1));
    df_kl_put(t, &r, "instructions", ids_seq(t, c->all, c->nall));
    return df_kl_close(t, &r, tree_node(t, N_MAP, 1, 1));
}

int load_dockerfile(source *src, tree *t, doclist *out, perr *err)
{
    dctx c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.t = t;
    c.err = err;
    c.esc = '\\';
    c.budget = ((size_t)16 << 20) + 8 * src->len;
    c.ln = 1;
    buf_add(&c.text, "", 0);
    text_checks(&c);
    directives(&c);
    while (c.ln <= src->n_lines) {
        uint32_t line0;
        if (next_instruction(&c, &line0)) instruction(&c, line0);
    }
    doclist_add(out, src, t, root_node(&c), DOC_DOCKERFILE);

    for (size_t i = 0; i < c.nhd; i++) {
        buf_free(&c.hd[i].name);
        buf_free(&c.hd[i].body);
    }
    for (size_t i = 0; i < c.nst; i++) {
        free(c.st[i].lname);
        free(c.st[i].ins);
        dlex_env_free(&c.st[i].env);
        dlex_env_free(&c.st[i].envs);
    }
    dlex_env_free(&c.genv);
    free(c.hd);
    free(c.st);
    free(c.names);
    free(c.all);
    free(c.gargs);
    free(c.map);
    buf_free(&c.text);
    return c.failed ? -1 : 0;
}

