/* scan.c — the scan driver (see scan.h). Workers share only the read-only
 * file list and an atomic cursor; each owns its engine and its results, which
 * are merged and sorted at the end so output never depends on thread timing. */
#include "scan.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose_env.h"
#include "compose_merge.h"
#include "detect.h"
#include "discover.h"
#include "stream.h"

typedef struct shared {
    const scan_opts *o;
    const file_set *files;
    scanned_file *out;        /* one slot per discovered file */
    checkset *set;
    const unsigned char *enabled;
    atomic_size_t next;
} shared;

typedef struct worker {
    shared *sh;
    engine *e;
    int index;
    results r;
    facts_store facts;        /* what cross-document checks keep of this worker's documents */
    size_t n_read, n_docs, inputs[N_INPUTS]; /* files read (known kinds), their documents */
} worker;

static int in_scan(const char *path, void *ctx)
{
    const file_set *fs = ctx;
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->v[i].path, path) == 0) return 1;
    return 0;
}

/* Compose documents: values interpolated with the .env file beside them,
 * then merged with the files Compose merges them with (compose_merge.h). */
static void interpolate_compose(const shared *sh, const char *path, scanned_file *sf)
{
    int any = 0;
    for (size_t j = 0; j < sf->docs.n; j++) any |= sf->docs.v[j].type == DOC_COMPOSE;
    if (!any) return;
    compose_vars v;
    compose_vars_load(path, sh->o->lim.max_file, &v);
    for (size_t j = 0; j < sf->docs.n; j++)
        if (sf->docs.v[j].type == DOC_COMPOSE) compose_interpolate(sf->t, sf->docs.v[j].root, &v);
    compose_vars_free(&v);
    for (size_t j = 0; j < sf->docs.n; j++)
        if (sf->docs.v[j].type == DOC_COMPOSE)
            compose_merge(sf->t, sf->docs.v[j].root, path, in_scan, (void *)sh->files, &sh->o->lim);
}

/* Read, detect, load and classify file i into its slot; errors go to r. */
static void load_one(shared *sh, size_t i, results *r)
{
    const found_file *ff = &sh->files->v[i];
    scanned_file *sf = &sh->out[i];
    char *text, why[160];
    size_t len;
    if (read_file_max(ff->path, sh->o->lim.max_file, &text, &len, why, sizeof why) != 0) {
        results_add_error(r, strcmp(ff->path, "-") == 0 ? "<stdin>" : ff->path, 0, 0, "cannot read: %s", why);
        return;
    }
    const char *display = strcmp(ff->path, "-") == 0 ? "<stdin>" : ff->path;
    /* UTF-16 (Windows editors and PowerShell redirections write it): YAML with
     * a byte order mark is read as YAML allows; anything else is an error
     * rather than garbage parsed into findings (Docker reads Dockerfiles as
     * UTF-8 only, Kubernetes and Compose tools need the mark). */
    text_enc enc = text_encoding(text, len);
    if (enc != ENC_UTF8) {
        int bom = enc == ENC_UTF16LE_BOM || enc == ENC_UTF16BE_BOM;
        if (bom && ff->fmt != FMT_DOCKERFILE) {
            buf u = {0};
            utf16_to_utf8(text, len, enc == ENC_UTF16BE_BOM, &u);
            free(text);
            text = u.s;
            len = u.len;
        } else {
            const char *what = enc == ENC_UTF32 ? "UTF-32 text" : bom ? "UTF-16 text" : "UTF-16 text without a byte order mark";
            if (ff->fmt != FMT_NONE || strcmp(ff->path, "-") == 0)
                results_add_error(r, display, 0, 0, "the file is %s%s: save it as UTF-8", what,
                                  ff->fmt == FMT_DOCKERFILE ? " (Docker reads Dockerfiles as UTF-8 only)" : "");
            free(text);
            return;
        }
    }
    file_format fmt = ff->fmt;
    int sniffed = fmt == FMT_NONE;
    if (sniffed) fmt = detect_by_content(text, len);
    if (fmt == FMT_NONE) {
        free(text);
        return;
    }
    sf->src = source_new_owned(display, text, len);
    sf->t = tree_new();
    perr err = {0};
    if (fmt == FMT_DOCKERFILE) {
        load_dockerfile(sf->src, sf->t, &sf->docs, &err);
    } else {
        doclist raw = {0};
        load_yaml(sf->src, sf->t, &raw, &sh->o->lim, &err);
        classify_docs(&raw, &sf->docs, fmt == FMT_COMPOSE);
        free(raw.v);
        interpolate_compose(sh, ff->path, sf);
        /* A file picked by content that is not YAML at all is simply not ours. */
        if (sniffed && err.set && strcmp(ff->path, "-") != 0 && sf->docs.n == 0) err.set = 0;
    }
    if (err.set) results_add_error(r, sf->src->path, err.line, err.col, "%s", err.msg);
    tree_finish(sf->t);
}

/* A worker: takes files until none are left. Workers other than the first
 * make their engine (from the compiled checks) and free it on their own
 * thread, which runs it. */
static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    int own = !w->e;
    if (own) {
        results ignore = {0}; /* load errors of checks were reported by the first engine */
        w->e = engine_new(&sh->o->eng, sh->set, &ignore);
        results_free(&ignore);
        if (!w->e) return NULL;
        engine_keep_docs(w->e, 0);
    }
    w->facts.keep_lines = sh->o->stream && stream_has_text(sh->o->stream);
    engine_set_facts(w->e, &w->facts);
    for (;;) {
        size_t i = atomic_fetch_add(&sh->next, 1);
        if (i >= sh->files->n) break;
        size_t f0 = w->r.n_f, e0 = w->r.n_e;
        load_one(sh, i, &w->r);
        scanned_file *sf = &sh->out[i];
        int keep = 0;
        for (size_t j = 0; j < sf->docs.n; j++) keep |= engine_run_doc(w->e, &sf->docs.v[j], i, sh->enabled, &w->r);
        if (!sf->src) continue;
        facts_judge_file(&w->facts, sh->set, i);
        w->n_read++;
        w->n_docs += sf->docs.n;
        for (size_t j = 0; j < sf->docs.n; j++)
            for (int k = 0; k < N_INPUTS; k++)
                if (input_bit(k) == input_of_doc(sf->docs.v[j].type)) w->inputs[k]++;
        if (!sh->o->stream) continue;
        /* this file's findings, finished while its source and tree are here */
        results fr = {0};
        fr.n_f = fr.cap_f = w->r.n_f - f0;
        fr.f = xmalloc((fr.n_f + 1) * sizeof *fr.f);
        if (fr.n_f) memcpy(fr.f, w->r.f + f0, fr.n_f * sizeof *fr.f);
        w->r.n_f = f0;
        stream_file(sh->o->stream, w->index, i, sf->src->path, &fr);
        if (keep) continue; /* a cross-document check reads its documents */
        /* nothing needs the file any more: its errors keep their source line */
        for (size_t k = e0; k < w->r.n_e; k++) {
            scan_error *e = &w->r.e[k];
            if (e->line && !e->line_text && e->line <= sf->src->n_lines && strcmp(e->file, sf->src->path) == 0) {
                size_t n;
                const char *t = source_line(sf->src, e->line, &n);
                e->line_text = xstrndup(t, n);
            }
        }
        facts_forget_file(&w->facts, i, sf->src->path);
        free(sf->docs.v);
        tree_free(sf->t);
        source_free(sf->src);
        memset(sf, 0, sizeof *sf);
    }
    if (own) {
        engine_free(w->e);
        w->e = NULL;
    }
    return NULL;
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static int scan_workers(const scan_opts *o, size_t n_files)
{
    int jobs = o->jobs > 0 ? o->jobs : cpu_count();
    if (o->jobs <= 0 && (size_t)jobs > n_files / 16 + 1) jobs = (int)(n_files / 16 + 1);
    if (jobs < 1) jobs = 1;
    if (jobs > SCAN_MAX_JOBS) jobs = SCAN_MAX_JOBS;
    return jobs;
}

/* A scanned file's source → its discovery index, for the cross phase's findings. */
typedef struct src_index {
    const source *src;
    size_t file;
} src_index;

static int cmp_src_index(const void *pa, const void *pb)
{
    uintptr_t a = (uintptr_t)((const src_index *)pa)->src, b = (uintptr_t)((const src_index *)pb)->src;
    return a < b ? -1 : a > b;
}

/* Hand the cross phase's findings to the stream, each with its file (its
 * source, or the stand-in a facts store keeps for it). */
static void stream_cross_findings(stream *st, const scanned_file *out, size_t n_files, const worker *w, int jobs,
                                  results *cr)
{
    size_t cap = n_files + 1;
    for (int k = 0; k < jobs; k++) cap += w[k].facts.n_stubs;
    src_index *ix = xmalloc(cap * sizeof *ix);
    size_t n = 0;
    for (size_t i = 0; i < n_files; i++)
        if (out[i].src) ix[n++] = (src_index){out[i].src, i};
    for (int k = 0; k < jobs; k++)
        for (size_t j = 0; j < w[k].facts.n_stubs; j++) ix[n++] = (src_index){w[k].facts.stubs[j], w[k].facts.stub_file[j]};
    qsort(ix, n, sizeof *ix, cmp_src_index);
    size_t *file_of = xmalloc((cr->n_f + 1) * sizeof *file_of);
    for (size_t i = 0; i < cr->n_f; i++) {
        src_index key = {cr->f[i].src, 0};
        const src_index *hit = bsearch(&key, ix, n, sizeof *ix, cmp_src_index);
        file_of[i] = hit ? hit->file : 0;
    }
    stream_cross(st, cr, file_of);
    free(file_of);
    free(ix);
}

void scan_run(const scan_opts *o, engine *first, checkset *set, const unsigned char *enabled, scan_result *out)
{
    memset(out, 0, sizeof *out);
    out->roots = (display_roots){o->paths, o->n_paths};
    file_set files = {0};
    discover(o->paths, o->n_paths, &o->exclude, &files, &out->res);

    shared sh = {.o = o, .files = &files, .set = set, .enabled = enabled};
    atomic_init(&sh.next, 0);
    sh.out = xcalloc(files.n + 1, sizeof *sh.out);

    int jobs = scan_workers(o, files.n);
    worker *w = xcalloc((size_t)jobs, sizeof *w);
    pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
    w[0].sh = &sh;
    w[0].e = first;
    int started = 1;
    for (int i = 1; i < jobs; i++) {
        w[i].sh = &sh;
        w[i].index = i;
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0) break;
        started++;
    }
    work(&w[0]);
    for (int i = 1; i < started; i++) pthread_join(th[i], NULL);

    /* Keep the files that produced something, in discovery order; the cross
     * phase sees their documents where they live (findings point at them). */
    const doc **all = NULL;
    size_t n_all = 0, cap_all = 0;
    for (size_t i = 0; i < files.n; i++) {
        scanned_file *sf = &sh.out[i];
        if (!sf->src) continue;
        for (size_t j = 0; j < sf->docs.n; j++) {
            GROW(all, cap_all, n_all + 1);
            all[n_all++] = &sf->docs.v[j];
        }
        out->files = xrealloc(out->files, (out->n_files + 1) * sizeof *out->files);
        out->files[out->n_files++] = *sf;
    }
    size_t n_docs = 0;
    doc_refs refs = {all, n_all};
    facts_store **stores = xcalloc((size_t)started + 1, sizeof *stores);
    for (int i = 0; i < started; i++) {
        stores[i] = &w[i].facts;
        out->n_read += w[i].n_read;
        for (int k = 0; k < N_INPUTS; k++) out->inputs[k] += w[i].inputs[k];
        n_docs += w[i].n_docs;
    }
    if (o->stream) {
        results cr = {0};
        engine_run_cross(first, &refs, stores, (size_t)started, enabled, &cr);
        stream_cross_findings(o->stream, sh.out, files.n, w, started, &cr);
        results_merge(&w[0].r, &cr);
    } else {
        engine_run_cross(first, &refs, stores, (size_t)started, enabled, &w[0].r);
    }
    for (int i = 0; i < started; i++) facts_store_free(&w[i].facts);
    free(stores);
    engine_set_facts(first, NULL);
    engine_forget_docs(first);
    free(all);
    out->n_docs = n_docs;

    for (int i = 0; i < started; i++) results_merge(&out->res, &w[i].r);
    free(w);
    free(th);
    free(sh.out);
    file_set_free(&files);
    results_sort(&out->res, set->v);
}

void scan_result_free(scan_result *r)
{
    results_free(&r->res);
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].docs.v);
        tree_free(r->files[i].t);
        source_free(r->files[i].src);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}
