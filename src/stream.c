/* stream.c — the streaming report pipeline (see stream.h). A record is one
 * kept finding: its sort key, then its JSON item and its text block (the
 * text block empty when it is suppressed or no text report is written). */
#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "related.h"
#include "report_group.h"
#include "spill.h"
#include "suppress.h"

#define SINK_FLUSH (256u << 10)  /* bytes gathered before a sink is written */

typedef struct rec_head {
    uint32_t line, col, check;
    uint32_t section;   /* of its text block (report_group.h SECTION_*) */
    uint32_t path_len, container_len, message_len, json_len, text_len;
} rec_head;

/* Records in memory, then in an unlinked temporary file. */

/* The records of one file in one spill: [off, off+len). */
typedef struct range {
    int sp;             /* spill index */
    uint64_t off, len;
} range;

typedef struct file_entry {
    size_t file;        /* discovery index */
    char *path;
    range docs, cross;  /* per-document and cross-document records */
} file_entry;

typedef struct worker_part {
    spill sp;
    report_counts n;
    file_entry *files;
    size_t n_files, cap_files;
} worker_part;

/* A cross-document finding held until the cross phase is done: its file's
 * source (stand-in) and its bytes in the stream's held spill. */
typedef struct held {
    const source *src;
    uint64_t off;
    uint32_t len;
} held;

struct stream {
    const stream_opts *o;
    relations *rel;     /* the checks' supersedes relation (related.h) */
    int workers;
    worker_part *w;     /* [workers + 1]: the last one is the cross phase's */
    spill held_sp;      /* the cross-document findings, serialized as reported (stream_cross_hold) */
    held *held;
    size_t n_held, cap_held;
    int failed;         /* the held findings could not be read back */
};

int stream_has_text(const stream *s) { return s->o->text; }

/* ------------------------------------------------------------ spills */

/* Sequential reads of [off, end) of a spill. */
typedef struct reader {
    const spill *sp;
    uint64_t off, end;
    spill_reader rd;
    int failed;
    /* the current record */
    rec_head h;
    const char *path, *container, *message, *json, *text;
    int has;
} reader;

/* Point *p at n bytes at the reader's offset and advance; 0, or -1 when
 * they cannot be read. */
static int read_bytes(reader *r, size_t n, const char **p)
{
    if (r->off + n > r->end || spill_get(&r->rd, r->sp, r->off, n, p)) return -1;
    r->off += n;
    return 0;
}

/* The next record into r->h and the field pointers; 0 at the end (or on a
 * read failure, with r->failed set). */
static int reader_next(reader *r)
{
    r->has = 0;
    if (r->off >= r->end) return 0;
    const char *hp, *bp;
    if (read_bytes(r, sizeof r->h, &hp)) {
        r->failed = 1;
        return 0;
    }
    memcpy(&r->h, hp, sizeof r->h);
    size_t n = (size_t)r->h.path_len + r->h.container_len + r->h.message_len + r->h.json_len + r->h.text_len;
    if (read_bytes(r, n, &bp)) {
        r->failed = 1;
        return 0;
    }
    r->path = bp;
    r->container = r->path + r->h.path_len;
    r->message = r->container + r->h.container_len;
    r->json = r->message + r->h.message_len;
    r->text = r->json + r->h.json_len;
    r->has = 1;
    return 1;
}

static void reader_free(reader *r) { spill_reader_free(&r->rd); }

/* ------------------------------------------------------- finishing files */

static int cmp_len_str(const char *a, size_t al, const char *b, size_t bl)
{
    int d = memcmp(a, b, al < bl ? al : bl);
    if (d) return d;
    return al < bl ? -1 : al > bl ? 1 : 0;
}

static int cmp_str0(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

/* The report's order within a file (results_sort without the file). */
static int cmp_in_file(const void *pa, const void *pb, void *ctx)
{
    const finding *a = pa, *b = pb;
    const check *c = ctx;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    int d = cmp_str0(c[a->check].id, c[b->check].id);
    if (d) return d;
    if ((d = cmp_str0(a->path, b->path))) return d;
    if ((d = cmp_str0(a->container, b->container))) return d;
    return cmp_str0(a->message, b->message);
}

static void add_record(spill *sp, const finding *f, int section, const buf *json, const buf *text)
{
    const char *container = f->container ? f->container : "", *path = f->path ? f->path : "";
    const char *message = f->message ? f->message : "";
    rec_head h = {f->line, f->col, f->check, (uint32_t)section, (uint32_t)strlen(path), (uint32_t)strlen(container),
                  (uint32_t)strlen(message), (uint32_t)json->len, (uint32_t)text->len};
    buf_add(&sp->mem, (const char *)&h, sizeof h);
    buf_add(&sp->mem, path, h.path_len);
    buf_add(&sp->mem, container, h.container_len);
    buf_add(&sp->mem, message, h.message_len);
    if (json->len) buf_add(&sp->mem, json->s, json->len);
    if (text->len) buf_add(&sp->mem, text->s, text->len);
}

/* Finish the n findings of one file (sort, suppress, configure, filter,
 * render) into the records of worker part p; returns their range. */
static range finish(stream *s, int part, finding *f, size_t n)
{
    const stream_opts *o = s->o;
    worker_part *p = &s->w[part];
    range rg = {part, spill_pos(&p->sp), 0};
    if (!n) return rg;
    sort_ctx(f, n, sizeof *f, cmp_in_file, o->set->v);
    scan_result one = {.res = {.f = f, .n_f = n}, .roots = o->roots};
    suppress_apply(&one, o->set);
    if (o->cfg && o->cfg->path) {
        buf ignored = {0}; /* the expired ignores are reported once, by the caller */
        config_apply(o->cfg, o->set, &one, o->today, &ignored);
        buf_free(&ignored);
    }
    /* one root cause, one finding: within a file (related.c compares
     * findings of one document) */
    results_relate(&one.res, s->rel);
    uint32_t *first, *next;
    results_related_lists(&one.res, &first, &next);
    /* the text entries: risks and hardening apart, one resource's
     * hardening findings in one entry (report_group.h) */
    unsigned char *show = xcalloc(n + 1, 1);
    for (size_t i = 0; i < n; i++)
        if (o->text && o->sev_keep[f[i].sev] && !f[i].related_to && !f[i].suppressed) show[i] = 1 + (first[i] != 0);
    text_plan plan;
    text_plan_make(&plan, f, n, o->set, show);
    for (int k = 0; k < 2; k++) {
        p->n.text_found[k] += plan.found[k];
        p->n.text_entries[k] += plan.entries[k];
    }
    const finding **rel = NULL;
    size_t cap = 0;
    buf json = {0}, text = {0};
    line_cursor cur = {0};
    for (size_t i = 0; i < n; i++) {
        const check *c = &o->set->v[f[i].check];
        int kept = o->sev_keep[f[i].sev] && !f[i].related_to;
        report_counts_add(&p->n, &f[i], kept);
        if (!kept) continue;
        size_t n_rel = report_related_of(&one.res, first, next, i, &rel, &cap);
        p->n.related += n_rel;
        json.len = text.len = 0;
        if (o->json) report_json_finding(&json, &f[i], c, rel, n_rel, o->set);
        const finding *const *m = NULL;
        size_t k = text_plan_entry(&plan, i, &m);
        report_text_entry(&text, &o->roots, m, k, rel, n_rel, o->set, o->color, &cur);
        add_record(&p->sp, &f[i], report_section(&f[i], o->set), &json, &text);
        spill_write_if_full(&p->sp, "plimsoll-spill");
    }
    text_plan_free(&plan);
    free(rel);
    free(first);
    free(next);
    buf_free(&json);
    buf_free(&text);
    rg.len = spill_pos(&p->sp) - rg.off;
    return rg;
}

static file_entry *new_entry(worker_part *p, size_t file, const char *path)
{
    GROW(p->files, p->cap_files, p->n_files + 1);
    file_entry *e = &p->files[p->n_files++];
    memset(e, 0, sizeof *e);
    e->file = file;
    e->path = xstrdup(path);
    return e;
}

stream *stream_new(const stream_opts *o, int workers)
{
    stream *s = xcalloc(1, sizeof *s);
    s->o = o;
    s->rel = relations_new(o->set);
    s->workers = workers;
    s->w = xcalloc((size_t)workers + 1, sizeof *s->w);
    return s;
}

void stream_free(stream *s)
{
    if (!s) return;
    for (int i = 0; i <= s->workers; i++) {
        spill_free(&s->w[i].sp);
        for (size_t k = 0; k < s->w[i].n_files; k++) free(s->w[i].files[k].path);
        free(s->w[i].files);
    }
    free(s->w);
    spill_free(&s->held_sp);
    free(s->held);
    relations_free(s->rel);
    free(s);
}

void stream_file(stream *s, int w, size_t file, const char *path, results *fr)
{
    range rg = finish(s, w, fr->f, fr->n_f);
    if (rg.len) new_entry(&s->w[w], file, path)->docs = rg;
    results_free(fr);
}

/* ------------------------------------------- held cross-document findings */

/* A finding serialized: the struct as it is (its pointers to what outlives
 * the cross phase: source, document, key), then each string as a 4-byte
 * length + 1 (0: NULL) and its bytes. */
#define N_STRS 12
static void finding_strs(finding *f, char **v[N_STRS])
{
    char **all[N_STRS] = {&f->path,    &f->kind,     &f->ns,          &f->name,        &f->container,     &f->message,
                          &f->remediation, &f->fix_json, &f->secret, &f->suppress_reason, &f->suppress_source, &f->line_text};
    memcpy(v, all, sizeof all);
}

static void finding_put(buf *b, finding *f)
{
    char **v[N_STRS];
    finding_strs(f, v);
    buf_add(b, (const char *)f, sizeof *f);
    for (int k = 0; k < N_STRS; k++) {
        uint32_t n = *v[k] ? (uint32_t)strlen(*v[k]) + 1 : 0;
        buf_add(b, (const char *)&n, sizeof n);
        if (n) buf_add(b, *v[k], n - 1);
    }
}

/* 0, or -1 when p[0..n) is not a finding finding_put wrote. */
static int finding_get(const char *p, size_t n, finding *f)
{
    const char *end = p + n;
    if (n < sizeof *f) return -1;
    memcpy(f, p, sizeof *f);
    p += sizeof *f;
    char **v[N_STRS];
    finding_strs(f, v);
    for (int k = 0; k < N_STRS; k++) *v[k] = NULL;
    for (int k = 0; k < N_STRS; k++) {
        uint32_t len;
        if ((size_t)(end - p) < sizeof len) goto bad;
        memcpy(&len, p, sizeof len);
        p += sizeof len;
        if (!len) continue;
        if ((size_t)(end - p) < len - 1) goto bad;
        *v[k] = xstrndup(p, len - 1);
        p += len - 1;
    }
    return 0;
bad:
    finding_free_fields(f);
    return -1;
}

void stream_cross_hold(void *ctx, results *r, size_t from)
{
    stream *s = ctx;
    buf b = {0};
    for (size_t i = from; i < r->n_f; i++) {
        b.len = 0;
        finding_put(&b, &r->f[i]);
        GROW(s->held, s->cap_held, s->n_held + 1);
        s->held[s->n_held++] = (held){r->f[i].src, spill_pos(&s->held_sp), (uint32_t)b.len};
        buf_add(&s->held_sp.mem, b.s, b.len);
        spill_write_if_full(&s->held_sp, "plimsoll-spill");
    }
    buf_free(&b);
    results_truncate(r, from);
}

size_t stream_cross_mark(void *ctx) { return ((stream *)ctx)->n_held; }

void stream_cross_rewind(void *ctx, size_t mark)
{
    stream *s = ctx;
    if (mark >= s->n_held) return;
    uint64_t off = s->held[mark].off;
    s->n_held = mark;
    spill_rewind(&s->held_sp, off);
}

size_t stream_cross_count(const stream *s) { return s->n_held; }

const source *stream_cross_src(const stream *s, size_t i) { return s->held[i].src; }

typedef struct by_file {
    size_t file, i;
} by_file;

static int cmp_by_file(const void *pa, const void *pb)
{
    const by_file *a = pa, *b = pb;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

void stream_cross(stream *s, const size_t *file_of, void (*prep)(void *ctx, finding *f), void *ctx)
{
    /* by file, then as reported (stable); each check's findings come in file
     * order, so these are runs to merge, never few enough for an insertion sort */
    size_t n = 0;
    by_file *bf = xmalloc((s->n_held + 1) * sizeof *bf);
    for (size_t i = 0; i < s->n_held; i++)
        if (file_of[i] != SIZE_MAX) bf[n++] = (by_file){file_of[i], i};
    qsort(bf, n, sizeof *bf, cmp_by_file);
    worker_part *p = &s->w[s->workers];
    finding *tmp = NULL;
    size_t cap = 0;
    spill_reader rd = {0};
    int failed = 0;
    for (size_t i = 0; i < n && !failed;) {
        size_t j = i;
        while (j < n && bf[j].file == bf[i].file) j++;
        GROW(tmp, cap, j - i);
        size_t got = 0;
        for (size_t k = i; k < j && !failed; k++) {
            const held *h = &s->held[bf[k].i];
            const char *bytes;
            if (spill_get(&rd, &s->held_sp, h->off, h->len, &bytes) || finding_get(bytes, h->len, &tmp[got])) {
                failed = 1;
                break;
            }
            if (prep) prep(ctx, &tmp[got]);
            got++;
        }
        if (!failed) {
            range rg = finish(s, s->workers, tmp, got);
            if (rg.len) new_entry(p, bf[i].file, tmp[0].src->path)->cross = rg;
        }
        for (size_t k = 0; k < got; k++) finding_free_fields(&tmp[k]);
        i = j;
    }
    free(tmp);
    free(bf);
    spill_reader_free(&rd);
    spill_free(&s->held_sp);
    free(s->held);
    s->held = NULL;
    s->n_held = s->cap_held = 0;
    s->failed |= failed;
}

/* ------------------------------------------------------------- writing */

typedef struct out {
    const stream_sink *sink;
    buf b;
    int failed;
} out;

static void out_flush(out *o, int force)
{
    if (!o->sink || o->failed || (!force && o->b.len < SINK_FLUSH) || !o->b.len) return;
    if (o->sink->write(o->sink->ctx, o->b.s, o->b.len)) o->failed = 1;
    o->b.len = 0;
}

static int cmp_entry(const void *pa, const void *pb)
{
    const file_entry *a = *(const file_entry *const *)pa, *b = *(const file_entry *const *)pb;
    int d = strcmp(a->path, b->path);
    if (d) return d;
    return a->file < b->file ? -1 : a->file > b->file;
}

/* Record order between two readers' current records. */
static int cmp_rec(const reader *a, const reader *b, const check *c)
{
    if (a->h.line != b->h.line) return a->h.line < b->h.line ? -1 : 1;
    if (a->h.col != b->h.col) return a->h.col < b->h.col ? -1 : 1;
    int d = cmp_str0(c[a->h.check].id, c[b->h.check].id);
    if (d) return d;
    if ((d = cmp_len_str(a->path, a->h.path_len, b->path, b->h.path_len))) return d;
    if ((d = cmp_len_str(a->container, a->h.container_len, b->container, b->h.container_len))) return d;
    return cmp_len_str(a->message, a->h.message_len, b->message, b->h.message_len);
}

int stream_write(stream *s, const scan_result *r, const stream_sink *text, const stream_sink *json, const char *version,
                 int *worst)
{
    const stream_opts *o = s->o;
    report_counts n;
    report_counts_of(r, NULL, &n); /* files, documents, inputs, errors */
    for (int i = 0; i <= s->workers; i++) {
        report_counts *p = &s->w[i].n;
        n.shown += p->shown;
        n.suppressed_kept += p->suppressed_kept;
        n.suppressed_all += p->suppressed_all;
        n.related += p->related;
        for (int k = 0; k < 2; k++) {
            n.text_found[k] += p->text_found[k];
            n.text_entries[k] += p->text_entries[k];
        }
        for (int k = 0; k < SEV_COUNT; k++) n.by_sev[k] += p->by_sev[k];
    }
    *worst = SEV_COUNT;
    for (int k = SEV_CRITICAL; k >= SEV_INFO && *worst == SEV_COUNT; k--)
        if (n.by_sev[k]) *worst = k;

    out t = {text, {0}, 0}, j = {json, {0}, 0};
    line_cursor cur = {0};
    if (text)
        for (size_t i = 0; i < r->res.n_e; i++) {
            const scan_error *e = &r->res.e[i];
            const source *src = NULL;
            for (size_t k = 0; e->line && k < r->n_files && !src; k++)
                if (strcmp(r->files[k].src->path, e->file) == 0) src = r->files[k].src;
            report_text_error(&t.b, e, src, o->color, &cur);
            out_flush(&t, 0);
        }
    if (json) report_json_begin(&j.b, version);

    /* every file with records, in the report's order */
    size_t total = 0;
    for (int i = 0; i <= s->workers; i++) total += s->w[i].n_files;
    file_entry **all = xmalloc((total + 1) * sizeof *all);
    size_t k = 0;
    for (int i = 0; i <= s->workers; i++)
        for (size_t f = 0; f < s->w[i].n_files; f++) all[k++] = &s->w[i].files[f];
    qsort(all, total, sizeof *all, cmp_entry);

    int failed = s->failed;
    size_t items = 0;
    reader *rd = NULL;
    size_t cap_rd = 0;
    /* pass 0: the JSON items, the risks' text; pass 1: the hardening text */
    int headers = text && n.text_entries[SECTION_RISK] && n.text_entries[SECTION_HARDENING];
    for (int pass = 0; pass < (text ? 2 : 1) && !failed; pass++) {
        if (headers) {
            report_text_section(&t.b, pass, n.text_found[pass], n.text_entries[pass], pass != 0, o->color);
            out_flush(&t, 0);
        }
        for (size_t g = 0; g < total && !failed;) {
            /* a group: the files of one path; per-document records of each, in
             * discovery order, then their cross-document records */
            size_t h = g;
            while (h < total && strcmp(all[h]->path, all[g]->path) == 0) h++;
            size_t nr = 0;
            GROW(rd, cap_rd, 2 * (h - g));
            for (int cross = 0; cross < 2; cross++)
                for (size_t e = g; e < h; e++) {
                    range *rg = cross ? &all[e]->cross : &all[e]->docs;
                    if (!rg->len) continue;
                    reader *x = &rd[nr++];
                    memset(x, 0, sizeof *x);
                    x->sp = &s->w[rg->sp].sp;
                    x->off = rg->off;
                    x->end = rg->off + rg->len;
                    reader_next(x);
                }
            for (;;) {
                reader *best = NULL;
                for (size_t e = 0; e < nr; e++)
                    if (rd[e].has && (!best || cmp_rec(&rd[e], best, o->set->v) < 0)) best = &rd[e];
                if (!best) break;
                if (json && pass == 0) {
                    report_json_item(&j.b, items);
                    buf_add(&j.b, best->json, best->h.json_len);
                    out_flush(&j, 0);
                }
                items += pass == 0;
                if (text && best->h.text_len && best->h.section == (uint32_t)pass) {
                    buf_add(&t.b, best->text, best->h.text_len);
                    out_flush(&t, 0);
                }
                reader_next(best);
            }
            for (size_t e = 0; e < nr; e++) {
                failed |= rd[e].failed;
                reader_free(&rd[e]);
            }
            failed |= t.failed | j.failed;
            g = h;
        }
    }
    free(rd);
    free(all);

    if (json) report_json_end(&j.b, items, r->res.e, r->res.n_e, &n);
    if (text) report_text_summary(&t.b, &n, 0, 0);
    if (!failed) {
        out_flush(&t, 1);
        out_flush(&j, 1);
    }
    buf_free(&t.b);
    buf_free(&j.b);
    return failed || t.failed || j.failed ? -1 : 0;
}
