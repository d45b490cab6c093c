/* dockerfile.h — internals shared by the two halves of the Dockerfile loader:
 * load_dockerfile.c (lines, directives, instruction heads, heredocs, stages
 * and the root) and dockerfile_instr.c (the map of one instruction). Not for
 * use elsewhere: the loader's only entry point is load_dockerfile() in load.h.
 * Functions here are prefixed df_. */
#ifndef PLIMSOLL_DOCKERFILE_H
#define PLIMSOLL_DOCKERFILE_H

#include "doc.h"
#include "dockerfile_lex.h"

enum kind {
    K_UNKNOWN, K_ADD, K_ARG, K_CMD, K_COPY, K_ENTRYPOINT, K_ENV, K_EXPOSE, K_FROM,
    K_HEALTHCHECK, K_LABEL, K_MAINTAINER, K_ONBUILD, K_RUN, K_SHELL, K_STOPSIGNAL,
    K_USER, K_VOLUME, K_WORKDIR
};
enum kind_flags {
    F_EXPAND = 1,  /* has `expanded` */
    F_JSON = 2,    /* may be in exec form */
    F_HEREDOC = 4, /* may carry heredocs */
    F_NEEDARG = 8, /* Docker rejects it without arguments */
};

typedef struct kidlist {
    kid *v;
    size_t n, cap;
} kidlist;

typedef struct flagw {
    size_t off; /* its "--" in the joined text */
    buf text;   /* the flag word, quotes removed */
} flagw;

/* Keyword, flags and arguments of one instruction inside the joined text. */
typedef struct head {
    size_t kw, kwlen;
    int kind, fl;
    flagw *flags;
    size_t nflags, cap_flags;
    size_t a0, a1;  /* args */
    size_t t1, x0;  /* HEALTHCHECK: end of its type word; where exec form may start */
    int json;       /* 1 exec form, -1 a JSON array of non-strings, 0 shell form */
    dlex_jstr *exec;
    size_t nexec;
} head;

typedef struct hdoc {
    size_t off;     /* its << word in the joined text */
    buf name, body;
    int chomp, quoted;
    uint32_t line;  /* first body line */
} hdoc;

typedef struct stage {
    node_id from, name, base, base_raw, platform;
    int parent;
    char *lname;    /* lower-cased AS name, or NULL */
    node_id *ins;
    size_t n, cap;
    dlex_env env;   /* ARGs and ENVs in scope */
    dlex_env envs;  /* ENVs only, inherited by stages built FROM this one */
} stage;

typedef struct dctx {
    source *src;
    tree *t;
    perr *err;
    int failed, esc;
    size_t budget;      /* bytes variable substitution and inherited scopes may still produce */
    int budget_out;     /* the budget ran out (reported once) */
    uint32_t ln;        /* next physical line */
    buf text;           /* the current instruction, lines joined */
    uint32_t *map;      /* map[i]: source offset of text.s[i] */
    size_t cap_map, off0;
    hdoc *hd;
    size_t nhd, cap_hd;
    dlex_env genv;      /* global ARGs */
    stage *st;
    size_t nst, cap_st;
    uint32_t *names;    /* stage names (lower case) to the last stage so named + 1: a hash index, at most half full */
    size_t nnames, cap_names;
    node_id *all, *gargs;
    size_t nall, cap_all, ngargs, cap_gargs;
    kidlist dirs;
} dctx;

/* ---- tiny text helpers ---- */
static inline int df_is_ws(char ch) /* BuildKit's reWhitespace: [\t\v\f\r ] */
{
    return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r';
}
static inline char df_up(char ch) { return ch >= 'a' && ch <= 'z' ? (char)(ch - 32) : ch; }
static inline char df_low(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch; }
/* s[0..n) equals the NUL-terminated w, ASCII case ignored. */
static inline int df_ieq(const char *s, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n && w[i]; i++)
        if (df_up(s[i]) != df_up(w[i])) return 0;
    return i == n && !w[i];
}

/* ---- dockerfile_instr.c ---- */
/* Record an error at line/col (the first one wins) and mark the load failed. */
void df_fail(dctx *c, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Child lists: add a member (key positioned like its value; NODE_NONE is
 * skipped) or an item, then store them in a container (the list is freed). */
void df_kl_put(tree *t, kidlist *l, const char *key, node_id val);
void df_kl_push(kidlist *l, node_id val);
node_id df_kl_close(tree *t, kidlist *l, node_id id);
/* A new container of kind k positioned at its first child, or at line/col when empty. */
node_id df_kl_close_new(tree *t, kidlist *l, node_kind k, uint32_t line, uint32_t col);
node_id df_int_node(tree *t, int64_t v, uint32_t line, uint32_t col);
/* Source line/col of byte i of the joined instruction text (its end maps just past it). */
void df_text_pos(const dctx *c, size_t i, uint32_t *line, uint32_t *col);
/* The map of instruction h (lines line0..line1). trig is the instruction an
 * ONBUILD wraps; trigger is set while building that one. Applies ARG/ENV to
 * the scope and opens a stage for FROM (outside ONBUILD). */
node_id df_build(dctx *c, const head *h, const head *trig, uint32_t line0, uint32_t line1,
                 int trigger);

#endif
