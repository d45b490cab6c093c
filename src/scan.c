/* scan.c — the scan driver (see scan.h). Workers share only the read-only
 * file list and an atomic cursor; each owns its engine and its results, which
 * are merged and sorted at the end so output never depends on thread timing. */
#include "scan.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "compose_env.h"
#include "compose_merge.h"
#include "detect.h"
#include "mask.h"
#include "discover.h"
#include "stream.h"
#include "image_view.h"
#include "load_archive.h"

typedef struct shared {
    const scan_opts *o;
    const file_set *files;
    scanned_file *out;        /* one slot per discovered file */
    checkset *set;
    const unsigned char *enabled;
    atomic_size_t next;
} shared;

static const char *base_name_of(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Does text hold "{{" (a template action)? */
static int has_braces(const char *text, size_t len)
{
    for (const char *p = text; (p = memchr(p, '{', len - (size_t)(p - text))) && p + 1 < text + len; p++)
        if (p[1] == '{') return 1;
    return 0;
}

typedef struct worker {
    shared *sh;
    engine *e;
    int index;
    results r;
    facts_store facts;        /* what cross-document checks keep of this worker's documents */
    size_t n_read, n_docs, inputs[N_INPUTS]; /* files read (known kinds), their documents */
    size_t n_context;         /* context files read (known kinds) */
    int wants_context;        /* a named file's document gave facts or was kept for the cross phase */
} worker;

/* Mask every secret of m in a finding's text: the finding's own names, and
 * identifiers that merely contain a secret, stay readable (mask_text_names);
 * fix_json is masked whole. */
static void mask_finding(const mask_set *m, finding *f)
{
    char *own_name = xstrdup_or_null(f->name), *own_container = xstrdup_or_null(f->container);
    const char *names[] = {own_container, own_name};
    char **fields[] = {&f->message, &f->remediation, &f->kind, &f->ns, &f->name, &f->container};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) mask_in_place_names(m, fields[k], names, 2);
    mask_in_place(m, &f->fix_json);
    free(own_name);
    free(own_container);
}

/* mask_secrets for one file whose checks have run (a streamed scan): the
 * secrets of its findings r->f[f0..] become src's set (mask.h), which masks
 * those findings' text and the messages of its errors r->e[e0..]; the
 * reporters mask the source lines they print with it. */
static void mask_file(source *src, results *r, size_t f0, size_t e0)
{
    for (size_t i = f0; i < r->n_f; i++) {
        const finding *f = &r->f[i];
        if (!f->secret || !*f->secret || f->src != src) continue;
        if (!src->mask) src->mask = xcalloc(1, sizeof *src->mask);
        mask_set_add(src->mask, f->secret);
    }
    const mask_set *m = src->mask;
    if (!m) return;
    mask_set_seal(src->mask);
    for (size_t i = f0; i < r->n_f; i++) {
        finding *f = &r->f[i];
        if (f->src != src) continue;
        mask_finding(m, f);
    }
    for (size_t i = e0; i < r->n_e; i++)
        if (r->e[i].file && strcmp(r->e[i].file, src->path) == 0) mask_in_place(m, &r->e[i].message);
}

/* Append "FILE: reason" to the notes of a slot (--verbose lists them). */
static void note(scanned_file *sf, const char *file, uint32_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void note(scanned_file *sf, const char *file, uint32_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    buf b = {0};
    if (sf->notes) buf_puts(&b, sf->notes);
    free(sf->notes);
    if (line) buf_printf(&b, "%s:%u: %s\n", file, line, msg);
    else buf_printf(&b, "%s: %s\n", file, msg);
    sf->notes = b.s;
}

/* Documents of raw that classify_docs dropped and that look like a
 * kustomize patch (a kind without apiVersion; one that names its target in
 * metadata.name is a Kubernetes document, judged for what it sets): noted one
 * by one. Returns how many. */
static size_t note_patches(scanned_file *sf, const doclist *raw)
{
    size_t n = 0;
    for (size_t i = 0; i < raw->n; i++) {
        const doc *d = &raw->v[i];
        if (!d->root || d->t->nodes[d->root].kind != N_MAP) continue;
        if (!tree_member_str(d->t, d->root, "kind") || tree_member(d->t, d->root, "apiVersion", NULL)) continue;
        int kept = 0;
        for (size_t j = 0; j < sf->docs.n && !kept; j++) kept = sf->docs.v[j].root == d->root;
        if (kept) continue;
        note(sf, d->src->path, d->t->nodes[d->root].line,
             "document skipped: a kustomize patch without apiVersion or metadata.name (kustomize build gives the "
             "whole object)");
        n++;
    }
    return n;
}

/* kustomize build writes no comments; with `buildMetadata: [originAnnotations]`
 * each object carries `config.kubernetes.io/origin: "path: base/x.yaml\n…"`.
 * Documents of docs[0..n) without a `# Source:` origin get that path, their
 * lines counted from their first line. */
static void kustomize_origins(source *src, doc *docs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        doc *d = &docs[i];
        if (d->origin || d->type != DOC_KUBERNETES || !d->root) continue;
        node_id meta = tree_member(d->t, d->root, "metadata", NULL);
        node_id ann = meta ? tree_member(d->t, meta, "annotations", NULL) : NODE_NONE;
        const char *v = ann ? tree_member_str(d->t, ann, "config.kubernetes.io/origin") : NULL;
        const char *p = v ? strstr(v, "path:") : NULL;
        if (!p || (p != v && p[-1] != '\n' && p[-1] != ' ')) continue;
        p += 5;
        while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'') p++;
        size_t len = strcspn(p, "\n\r\"'");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
        if (!len) continue;
        uint32_t first = d->t->nodes[d->root].line;
        src->origins = xrealloc(src->origins, (src->n_origins + 1) * sizeof *src->origins);
        src->origins[src->n_origins++] = (source_origin){first ? first - 1 : 0, xstrndup(p, len)};
        d->origin = src->n_origins;
    }
}

static int in_scan(const char *path, void *ctx)
{
    const file_set *fs = ctx;
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i].context && strcmp(fs->v[i].path, path) == 0) return 1;
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
    buf notes = {0};
    if (sf->notes) buf_puts(&notes, sf->notes);
    for (size_t j = 0; j < sf->docs.n; j++)
        if (sf->docs.v[j].type == DOC_COMPOSE)
            compose_merge(sf->t, sf->docs.v[j].root, path, in_scan, (void *)sh->files, &sh->o->lim, &notes);
    free(sf->notes);
    sf->notes = notes.s;
}

/* Read, detect, load and classify file i into its slot; errors go to r. */
static void load_one(shared *sh, size_t i, results *r)
{
    const found_file *ff = &sh->files->v[i];
    scanned_file *sf = &sh->out[i];
    char *text, why[160];
    size_t len;
    /* Image archives stream from their file (never read whole,
     * so --max-file-size does not apply: the archive limits do): by name, a
     * layout directory, or a named file of any name that is a tar. */
    if (!ff->context && (ff->fmt == FMT_ARCHIVE || (ff->fmt == FMT_NONE && strcmp(ff->path, "-") != 0 && archive_sniff(ff->path)))) {
        static const archive_opts none;
        archive_load_docs(ff->path, ff->path, sh->o->archive ? sh->o->archive : &none, &sf->src, &sf->t, &sf->docs, r);
        return;
    }
    int is_stdin = strcmp(ff->path, "-") == 0;
    const char *display = is_stdin ? (sh->o->stdin_name ? sh->o->stdin_name : "<stdin>") : ff->path;
    if (read_file_max(ff->path, sh->o->lim.max_file, &text, &len, why, sizeof why) != 0) {
        results_add_error(r, display, 0, 0, "cannot read: %s", why);
        return;
    }
    /* Context is for cross-document checks, which read Kubernetes objects only. */
    if (ff->context && !strstr(text, "apiVersion")) {
        free(text);
        return;
    }
    /* UTF-16 (Windows editors and PowerShell redirections write it): YAML with
     * a byte order mark is read as YAML allows; anything else is an error
     * rather than garbage parsed into findings (Docker reads Dockerfiles as
     * UTF-8 only, Kubernetes and Compose tools need the mark). */
    text_enc enc = text_encoding(text, len);
    file_format fmt = ff->fmt;
    if (is_stdin && sh->o->stdin_name) fmt = detect_by_name(sh->o->stdin_name);
    if (enc != ENC_UTF8) {
        int bom = enc == ENC_UTF16LE_BOM || enc == ENC_UTF16BE_BOM;
        if (bom && fmt != FMT_DOCKERFILE) {
            buf u = {0};
            utf16_to_utf8(text, len, enc == ENC_UTF16BE_BOM, &u);
            free(text);
            text = u.s;
            len = u.len;
        } else {
            const char *what = enc == ENC_UTF32 ? "UTF-32 text" : bom ? "UTF-16 text" : "UTF-16 text without a byte order mark";
            if (fmt != FMT_NONE || is_stdin)
                results_add_error(r, display, 0, 0, "the file is %s%s: save it as UTF-8", what,
                                  fmt == FMT_DOCKERFILE ? " (Docker reads Dockerfiles as UTF-8 only)" : "");
            else
                note(sf, display, 0, "skipped: %s, not a known kind", what);
            free(text);
            return;
        }
    }
    /* A Helm chart's templates are not YAML until helm renders them. */
    chart_role chart = is_stdin || fmt == FMT_DOCKERFILE ? CHART_NONE : detect_chart_role(ff->path);
    if (chart == CHART_TEMPLATE && has_braces(text, len)) {
        note(sf, display, 0, "skipped: a Helm chart template (scan the rendered chart: helm template CHART | plimsoll scan -)");
        free(text);
        return;
    }
    int sniffed = fmt == FMT_NONE;
    if (sniffed) fmt = detect_by_content(text, len);
    if (fmt == FMT_NONE) {
        note(sf, display, 0, "skipped: not a known kind (binary or empty)");
        free(text);
        return;
    }
    sf->src = source_new_owned(display, text, len);
    if (ff->repo_path) sf->src->repo_path = xstrdup(ff->repo_path);
    sf->t = tree_new();
    perr err = {0};
    if (fmt == FMT_DOCKERFILE) {
        load_dockerfile(sf->src, sf->t, &sf->docs, &err);
    } else {
        doclist raw = {0};
        load_yaml(sf->src, sf->t, &raw, &sh->o->lim, &err);
        classify_docs(&raw, &sf->docs, fmt == FMT_COMPOSE);
        if (chart == CHART_VALUES && !sf->docs.n) {
            /* a chart's values: read only by the checks that ask for them
             * (hardcoded-secret looks for literal secrets) */
            for (size_t j = 0; j < raw.n; j++) {
                const doc *d = &raw.v[j];
                if (!d->root || d->t->nodes[d->root].kind != N_MAP) continue;
                doc *v = doclist_add(&sf->docs, d->src, d->t, d->root, DOC_KUBERNETES);
                v->index = d->index;
                v->helm_values = 1;
            }
            if (sf->docs.n) note(sf, display, 0, "Helm chart values: scanned for literal secrets only");
        }
        size_t patches = fmt != FMT_COMPOSE ? note_patches(sf, &raw) : 0;
        if (!err.set && !sf->docs.n && !raw.n) note(sf, display, 0, "skipped: no document in it");
        else if (!err.set && !sf->docs.n && !patches)
            note(sf, display, 0, "skipped: not a known kind (no Kubernetes object, Compose file, image config, "
                                 "running container, Docker daemon or node configuration)");
        free(raw.v);
        interpolate_compose(sh, ff->path, sf);
        /* A file that does not parse is an error when it was named, or when
         * what was read before the failure shows it is one of ours; anything
         * else (an appsettings.json with comments beside a Compose file) is
         * not container configuration: skipped, and noted. */
        if (err.set && !sf->docs.n && fmt != FMT_COMPOSE && (!ff->explicit_arg || sniffed) && !is_stdin &&
            strcmp(base_name_of(ff->path), "daemon.json") != 0) {
            const char *kind = detect_partial(sf->src->text, sf->src->len, err.line);
            if (!kind) {
                note(sf, display, 0, "skipped: does not parse (%u:%u: %s) and nothing before the error is container "
                                     "configuration", err.line, err.col, err.msg);
                err.set = 0;
            }
        }
        if (is_stdin && sf->docs.n) {
            source_set_origins(sf->src, sf->docs.v, sf->docs.n);
            kustomize_origins(sf->src, sf->docs.v, sf->docs.n);
        }
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
        scanned_file *sf = &sh->out[i];
        int context = sh->files->v[i].context;
        size_t f0 = w->r.n_f, e0 = w->r.n_e;
        /* context: loaded for the cross-document phase (its facts kept), never
         * checked or reported on (its errors and notes are not the user's concern) */
        results quiet = {0};
        results *into = context ? &quiet : &w->r;
        load_one(sh, i, into);
        int keep = 0;
        if (context) {
            free(sf->notes);
            sf->notes = NULL;
            for (size_t j = 0; j < sf->docs.n; j++) sf->docs.v[j].context = 1;
            engine_set_context(w->e, 1);
        }
        size_t facts0 = w->facts.n;
        for (size_t j = 0; j < sf->docs.n; j++) keep |= engine_run_doc(w->e, &sf->docs.v[j], i, sh->enabled, into);
        if (!context && (keep || w->facts.n > facts0)) w->wants_context = 1;
        if (context) {
            engine_set_context(w->e, 0);
            results_free(&quiet);
        }
        if (!sf->src) continue;
        facts_judge_file(&w->facts, sh->set, i);
        if (context) w->n_context++;
        if (!context) {
            w->n_read++;
            w->n_docs += sf->docs.n;
            for (size_t j = 0; j < sf->docs.n; j++)
                for (int k = 0; k < N_INPUTS; k++)
                    if (input_bit(k) == input_of_doc(sf->docs.v[j].type)) w->inputs[k]++;
        }
        if (!sh->o->stream) {
            facts_spill(&w->facts); /* the whole-result path: the documents stay, the facts go */
            continue;
        }
        if (!context) {
            /* every secret known in the file masks everything printed about it
             * (mask_secrets does it for the whole result; here the file's
             * findings are all known: the cross-document checks report none,
             * see stream_cross_findings) */
            mask_file(sf->src, &w->r, f0, e0);
            /* this file's findings, finished while its source and tree are here */
            results fr = {0};
            fr.n_f = fr.cap_f = w->r.n_f - f0;
            fr.f = xmalloc((fr.n_f + 1) * sizeof *fr.f);
            if (fr.n_f) memcpy(fr.f, w->r.f + f0, fr.n_f * sizeof *fr.f);
            w->r.n_f = f0;
            stream_file(sh->o->stream, w->index, i, sf->src->path, &fr);
        }
        if (keep) { /* a cross-document check reads its documents */
            facts_spill(&w->facts);
            continue;
        }
        /* nothing needs the file any more: its errors keep their source line (masked) */
        for (size_t k = e0; k < w->r.n_e; k++) {
            scan_error *e = &w->r.e[k];
            if (e->line && !e->line_text && e->line <= sf->src->n_lines && strcmp(e->file, sf->src->path) == 0) {
                size_t n, at = 0;
                const char *t = source_line(sf->src, e->line, &n);
                uint32_t col = e->col ? e->col : 1, chars = 1;
                while (at < n && chars < col) { /* the byte where character col starts */
                    at++;
                    if (at == n || ((unsigned char)t[at] & 0xC0) != 0x80) chars++;
                }
                e->line_text = mask_text_at(sf->src->mask, t, n, &at);
                e->text_col = 1;
                for (size_t b = 0; b < at; b++)
                    if (((unsigned char)e->line_text[b] & 0xC0) != 0x80) e->text_col++;
            }
        }
        facts_forget_file(&w->facts, i, sf->src);
        facts_spill(&w->facts);
        free(sf->docs.v);
        tree_free(sf->t);
        source_free(sf->src);
        char *notes = sf->notes;
        memset(sf, 0, sizeof *sf);
        sf->notes = notes;
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

/* The discovery index of the file of each of n cross-document findings, by
 * their sources srcs[0..n) (a file's source, or the stand-in a facts store
 * keeps for it); malloc'd. */
static size_t *cross_files(const scanned_file *out, size_t n_files, const worker *w, int jobs, const source *const *srcs,
                           size_t n_f)
{
    size_t cap = n_files + 1;
    for (int k = 0; k < jobs; k++) cap += w[k].facts.n_stand_ins;
    src_index *ix = xmalloc(cap * sizeof *ix);
    size_t n = 0;
    for (size_t i = 0; i < n_files; i++)
        if (out[i].src) ix[n++] = (src_index){out[i].src, i};
    for (int k = 0; k < jobs; k++)
        for (size_t j = 0; j < w[k].facts.n_stand_ins; j++) ix[n++] = (src_index){w[k].facts.stand_ins[j], w[k].facts.stand_in_file[j]};
    qsort(ix, n, sizeof *ix, cmp_src_index);
    size_t *file_of = xmalloc((n_f + 1) * sizeof *file_of);
    for (size_t i = 0; i < n_f; i++) {
        src_index key = {srcs[i], 0};
        const src_index *hit = bsearch(&key, ix, n, sizeof *ix, cmp_src_index);
        file_of[i] = hit ? hit->file : 0;
    }
    free(ix);
    return file_of;
}

/* Drop the cross phase's findings on context files (discovery index n_named
 * and after): cross-document checks may report on them; they are not what
 * was asked about. file_of follows. */
static void drop_context_cross(results *cr, size_t *file_of, size_t n_named)
{
    size_t k = 0;
    for (size_t i = 0; i < cr->n_f; i++) {
        if (file_of[i] >= n_named) {
            finding_free_fields(&cr->f[i]);
            continue;
        }
        file_of[k] = file_of[i];
        cr->f[k++] = cr->f[i];
    }
    cr->n_f = k;
}

/* A streamed cross-document finding read back (stream_cross). Each file's
 * per-document findings were streamed, masked with every secret of the file,
 * before the cross phase ran: a cross-document finding carrying a secret
 * would come too late to mask them. None does: the built-in cross-document
 * checks report no secret (tests/cli: the streamed and whole reports of the
 * secrets suite are identical), and custom cross-document checks make the
 * run take the whole-result path (main.c streamable). The file's set of
 * secrets (kept on the stand-in of a freed file) masks the cross finding's
 * own text. */
static void mask_cross_finding(void *ctx, finding *f)
{
    (void)ctx;
    assert(!f->secret && "a streamed cross-document finding carries a secret");
    const mask_set *m = f->src ? f->src->mask : NULL;
    if (!m) return;
    mask_finding(m, f);
    mask_in_place(m, &f->line_text);
}

/* Hand the cross phase's findings, held by the stream as they were reported
 * (stream_cross_hold), to the stream: each in its file, those on context
 * files dropped. */
static void stream_cross_findings(stream *st, const scanned_file *out, size_t n_files, const worker *w, int jobs,
                                  size_t n_named)
{
    size_t n = stream_cross_count(st);
    const source **srcs = xmalloc((n + 1) * sizeof *srcs);
    for (size_t i = 0; i < n; i++) srcs[i] = stream_cross_src(st, i);
    size_t *file_of = cross_files(out, n_files, w, jobs, srcs, n);
    free(srcs);
    for (size_t i = 0; i < n; i++)
        if (file_of[i] >= n_named) file_of[i] = SIZE_MAX;
    stream_cross(st, file_of, mask_cross_finding, NULL);
    free(file_of);
}

static int cmp_strp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Files named inside a git work tree (pre-commit passes the staged ones): the
 * other YAML and JSON files of each such repository are appended to files as
 * context, so cross-document checks (a NetworkPolicy in netpol.yaml for the
 * Deployment in deploy.yaml) see the repository, not only the files named.
 * The repository is what git lists (ignored build output is not part of it);
 * without git, the folder walked. */
static void add_context(const scan_opts *o, file_set *files)
{
    size_t n_named = files->n;
    char **tops = NULL, **named = xcalloc(n_named + 1, sizeof *named);
    size_t n_tops = 0;
    for (size_t i = 0; i < n_named; i++) {
        named[i] = discover_abspath(files->v[i].path);
        if (!files->v[i].explicit_arg || strcmp(files->v[i].path, "-") == 0) continue;
        char *slash = strrchr(named[i], '/');
        char *dir = xstrndup(named[i], slash == named[i] ? 1 : (size_t)(slash - named[i]));
        char *top = discover_git_top(dir);
        free(dir);
        size_t k = 0;
        while (top && k < n_tops && strcmp(tops[k], top) != 0) k++;
        if (top && k == n_tops) {
            tops = xrealloc(tops, (n_tops + 1) * sizeof *tops);
            tops[n_tops++] = top;
        } else {
            free(top);
        }
    }
    qsort(named, n_named, sizeof *named, cmp_strp);
    for (size_t t = 0; t < n_tops; t++) {
        file_set more = {0};
        results ignore = {0};
        const char *p[1] = {tops[t]};
        if (discover_git_files(tops[t], FMT_YAML, &o->exclude, &more) != 0) discover(p, 1, &o->exclude, &more, &ignore);
        results_free(&ignore);
        for (size_t i = 0; i < more.n; i++) {
            found_file *f = &more.v[i];
            char *abs = discover_abspath(f->path);
            int dup = f->fmt != FMT_YAML || bsearch(&abs, named, n_named, sizeof *named, cmp_strp);
            free(abs);
            if (dup) continue; /* Dockerfiles and Compose files have no cross-document checks */
            GROW(files->v, files->cap, files->n + 1);
            files->v[files->n] = *f;
            files->v[files->n].context = 1;
            files->v[files->n++].explicit_arg = 0;
            f->path = NULL;
        }
        file_set_free(&more);
        free(tops[t]);
    }
    for (size_t i = 0; i < n_named; i++) free(named[i]);
    free(named);
    free(tops);
}

/* Drop the findings of r on context documents (cross-document checks may
 * report on them; they are not what was asked about). */
static void drop_context_findings(results *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->n_f; i++) {
        if (r->f[i].doc && r->f[i].doc->context) {
            finding_free_fields(&r->f[i]);
            continue;
        }
        r->f[k++] = r->f[i];
    }
    r->n_f = k;
}

static int by_addr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (source *const *)a, y = (uintptr_t) * (source *const *)b;
    return x < y ? -1 : x > y;
}

static int by_path(const void *a, const void *b)
{
    return strcmp((*(source *const *)a)->path, (*(source *const *)b)->path);
}

/* Every secret known in a file masks every string printed about that file:
 * each file's source gets the set of its findings' secrets (mask.h), and the
 * message, remediation, fix, resource and container of each finding and the
 * message of each error on the file are masked with it. The reporters mask
 * the source lines they print with the same set. */
static void mask_secrets(scan_result *out)
{
    size_t n = out->n_files;
    source **by_a = xcalloc(n + 1, sizeof *by_a), **by_p = xcalloc(n + 1, sizeof *by_p);
    for (size_t i = 0; i < n; i++) by_a[i] = by_p[i] = out->files[i].src;
    qsort(by_a, n, sizeof *by_a, by_addr);
    qsort(by_p, n, sizeof *by_p, by_path);
    results *r = &out->res;
    for (size_t i = 0; i < r->n_f; i++) {
        const finding *f = &r->f[i];
        if (!f->secret || !*f->secret || !f->src) continue;
        source *key = (source *)(uintptr_t)f->src, **s = bsearch(&key, by_a, n, sizeof *by_a, by_addr);
        if (!s) continue;
        if (!(*s)->mask) (*s)->mask = xcalloc(1, sizeof *(*s)->mask);
        mask_set_add((*s)->mask, f->secret);
    }
    for (size_t i = 0; i < n; i++)
        if (by_a[i]->mask) mask_set_seal(by_a[i]->mask);
    for (size_t i = 0; i < r->n_f; i++) {
        finding *f = &r->f[i];
        const mask_set *m = f->src ? f->src->mask : NULL;
        if (!m) continue;
        mask_finding(m, f);
    }
    for (size_t i = 0; i < r->n_e; i++) {
        source probe = {.path = r->e[i].file}, *key = &probe, **s;
        if (!key->path || !(s = bsearch(&key, by_p, n, sizeof *by_p, by_path)) || !(*s)->mask) continue;
        mask_in_place((*s)->mask, &r->e[i].message);
    }
    free(by_a);
    free(by_p);
}

/* Run `jobs` workers over the files from sh->next on: worker 0 on this thread
 * with `first`, the others on threads of their own. Returns how many ran
 * (the first always does). A worker's results, facts and counts accumulate
 * over the runs it takes part in. */
static int run_workers(shared *sh, worker *w, int jobs, engine *first)
{
    pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
    w[0].sh = sh;
    w[0].e = first;
    int started = 1;
    for (int i = 1; i < jobs; i++) {
        w[i].sh = sh;
        w[i].index = i;
        if (pthread_create(&th[i], NULL, work, &w[i]) != 0) break;
        started++;
    }
    work(&w[0]);
    for (int i = 1; i < started; i++) pthread_join(th[i], NULL);
    free(th);
    return started;
}

void scan_run(const scan_opts *o, engine *first, checkset *set, const unsigned char *enabled, scan_result *out)
{
    memset(out, 0, sizeof *out);
    out->roots = (display_roots){o->paths, o->n_paths};
    file_set files = {0};
    discover(o->paths, o->n_paths, &o->exclude, &files, &out->res);
    size_t n_named = files.n;
    discover_repo_paths(&files, 0, o->root, o->stdin_name);

    shared sh = {.o = o, .files = &files, .set = set, .enabled = enabled};
    atomic_init(&sh.next, 0);
    sh.out = xcalloc(files.n + 1, sizeof *sh.out);
    int jobs = scan_workers(o, files.n);
    worker *w = xcalloc((size_t)jobs, sizeof *w);
    int started = run_workers(&sh, w, jobs, first);
    /* The repository as context, only when a cross-document check can use it:
     * a named file's document gave facts (or was kept) for the cross phase.
     * Otherwise the cross phase could only report on context documents,
     * which are never reported on: reading them would change nothing. */
    int wants = 0;
    for (int i = 0; i < started; i++) wants |= w[i].wants_context;
    if (o->context && wants) {
        add_context(o, &files);
        discover_repo_paths(&files, n_named, o->root, o->stdin_name);
        if (files.n > n_named) {
            sh.out = xrealloc(sh.out, (files.n + 1) * sizeof *sh.out);
            memset(sh.out + n_named, 0, (files.n + 1 - n_named) * sizeof *sh.out);
            atomic_store(&sh.next, n_named);
            int more = scan_workers(o, files.n - n_named);
            if (more > jobs) {
                w = xrealloc(w, (size_t)more * sizeof *w);
                memset(w + jobs, 0, (size_t)(more - jobs) * sizeof *w);
                jobs = more;
            }
            int again = run_workers(&sh, w, more, first);
            if (again > started) started = again;
        }
    }
#ifdef __GLIBC__
    /* what the workers freed (their files, their Lua states), given back
     * before the cross phase: a worker thread's malloc arena is not reused
     * by this thread, so its free pages would stay resident */
    malloc_trim(0);
#endif

    /* Keep the files that produced something, in discovery order; the cross
     * phase sees their documents where they live (findings point at them),
     * then the context's. */
    const doc **all = NULL;
    size_t n_all = 0, cap_all = 0;
    for (size_t i = 0; i < files.n; i++) {
        scanned_file *sf = &sh.out[i];
        if (sf->notes) buf_puts(&out->notes, sf->notes);
        free(sf->notes);
        sf->notes = NULL;
        if (!sf->src) continue;
        for (size_t j = 0; j < sf->docs.n; j++) {
            if (sf->docs.v[j].helm_values) continue; /* not Kubernetes objects */
            GROW(all, cap_all, n_all + 1);
            all[n_all++] = &sf->docs.v[j];
        }
        if (i >= n_named) continue;
        out->files = xrealloc(out->files, (out->n_files + 1) * sizeof *out->files);
        out->files[out->n_files++] = *sf;
    }
    size_t n_docs = 0;
    doc_refs refs = {all, n_all};
    facts_store **stores = xcalloc((size_t)started + 1, sizeof *stores);
    for (int i = 0; i < started; i++) {
        facts_spill(&w[i].facts); /* (every file's were, as it was done) */
        stores[i] = &w[i].facts;
        out->n_read += w[i].n_read;
        out->n_context += w[i].n_context;
        for (int k = 0; k < N_INPUTS; k++) out->inputs[k] += w[i].inputs[k];
        n_docs += w[i].n_docs;
    }
    results cr = {0};
    /* streamed: each run's findings go to the stream as they are made */
    engine_cross_sink sink = {stream_cross_hold, stream_cross_mark, stream_cross_rewind, o->stream};
    if (o->stream) engine_set_cross_sink(first, &sink);
    engine_run_cross(first, &refs, stores, (size_t)started, enabled, &cr);
    engine_set_cross_sink(first, NULL);
    if (o->stream) {
        stream_cross_findings(o->stream, sh.out, files.n, w, started, n_named);
    } else if (files.n > n_named) {
        const source **srcs = xmalloc((cr.n_f + 1) * sizeof *srcs);
        for (size_t i = 0; i < cr.n_f; i++) srcs[i] = cr.f[i].src;
        size_t *file_of = cross_files(sh.out, files.n, w, started, srcs, cr.n_f);
        free(srcs);
        drop_context_cross(&cr, file_of, n_named);
        free(file_of);
    }
    results_merge(&w[0].r, &cr);
    for (int i = 0; i < started; i++) facts_store_free(&w[i].facts);
    free(stores);
    engine_set_facts(first, NULL);
    engine_forget_docs(first);
    free(all);
    out->n_docs = n_docs;

    for (int i = 0; i < started; i++) results_merge(&out->res, &w[i].r);
    if (out->n_context) drop_context_findings(&out->res);
    for (size_t i = n_named; i < files.n; i++) {
        free(sh.out[i].docs.v);
        tree_free(sh.out[i].t);
        source_free(sh.out[i].src);
    }
    free(w);
    free(sh.out);
    file_set_free(&files);
    if (!o->stream) mask_secrets(out); /* streamed: done file by file (mask_file) */
    results_sort(&out->res, set->v);
}

void scan_result_free(scan_result *r)
{
    results_free(&r->res);
    buf_free(&r->notes);
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].docs.v);
        tree_free(r->files[i].t);
        source_free(r->files[i].src);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}
