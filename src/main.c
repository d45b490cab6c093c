/* main.c — plimsoll's entry point: parse the command line, dispatch to a
 * command, print what it returns, exit with the documented code. The only
 * file that decides exit codes and writes to stdout/stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "baseline.h"
#include "checks_doc.h"
#include "cli.h"
#include "compliance.h"
#include "config.h"
#include "engine.h"
#include "framework.h"
#include "image.h"
#include "new_check.h"
#include "output.h"
#include "provenance.h"
#include "report.h"
#include "sbom.h"
#include "scan.h"
#include "related.h"
#include "stream.h"
#include "suppress.h"
#include "test_checks.h"
#include "version.h"

/* A report to stdout, or to its file through output.c (atomically for a
 * regular file, directly for a device or FIFO). */
static int emit_to(const char *output, const buf *out)
{
    if (!output) {
        fwrite(out->s ? out->s : "", 1, out->len, stdout);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    char err[512];
    if (output_write(output, out->s ? out->s : "", out->len, err, sizeof err)) {
        fprintf(stderr, "plimsoll: cannot write report: %s\n", err);
        return -1;
    }
    return 0;
}

static int emit(const cli *c, const buf *out) { return emit_to(c->output, out); }

/* A check that failed to load under the name `name` (its file is
 * name.lua, dashes as underscores, or its error names it): that error. */
static const scan_error *load_error_of(const results *load_errs, const char *name)
{
    for (size_t i = 0; load_errs && i < load_errs->n_e; i++) {
        const scan_error *e = &load_errs->e[i];
        const char *base = strrchr(e->file, '/');
        base = base ? base + 1 : e->file;
        size_t n = strlen(name), j = 0;
        while (j < n && base[j] && (base[j] == name[j] || (base[j] == '_' && name[j] == '-'))) j++;
        if (j == n && strcmp(base + n, ".lua") == 0) return e;
        if (strstr(e->message, name)) return e;
    }
    return NULL;
}

/* Split comma lists and mark each named check; unknown names are errors
 * (naming the load error when a check of that name failed to load). */
static int mark_checks(const checkset *set, const results *load_errs, const char **lists, size_t n,
                       unsigned char *mark, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char *copy = xstrdup(lists[i]), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            long at = checkset_find(set, tok);
            const scan_error *le = at < 0 ? load_error_of(load_errs, tok) : NULL;
            if (le) {
                char pos[32] = "";
                if (le->line) snprintf(pos, sizeof pos, ":%u", le->line);
                snprintf(err, errlen, "check '%s' did not load: %s%s: %s", tok, le->file, pos, le->message);
                free(copy);
                return -1;
            }
            if (at < 0) {
                snprintf(err, errlen, "unknown check '%s' (see: plimsoll checks)", tok);
                free(copy);
                return -1;
            }
            mark[at] = 1;
        }
        free(copy);
    }
    return 0;
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "plimsoll: %s\n%s", msg, "try: plimsoll help\n");
    return EXIT_ERROR;
}

/* An engine with the check limits of c and the check directories dirs. */
static engine *engine_with(const cli *c, const char *const *dirs, size_t n_dirs, engine_opts *eo, checkset *set,
                           results *errs)
{
    memset(eo, 0, sizeof *eo);
    eo->dirs = dirs;
    eo->n_dirs = n_dirs;
    eo->budget = c->budget;
    eo->timeout_ms = c->timeout_ms;
    eo->mem_cap = (size_t)c->memory_mib << 20;
    return engine_new(eo, set, errs);
}

static engine *make_engine(const cli *c, engine_opts *eo, checkset *set, results *errs)
{
    return engine_with(c, c->checks_dirs, c->n_checks_dirs, eo, set, errs);
}

/* The framework catalogues, resolved against set and attached to its
 * checks (the controls every report names). Prints the error and returns -1
 * when a catalogue is broken. */
static int load_frameworks(checkset *set, framework_set *fws)
{
    char err[600];
    if (framework_load_builtin(fws, err, sizeof err) || framework_resolve(fws, set, err, sizeof err)) {
        fprintf(stderr, "plimsoll: error: %s\n", err);
        framework_set_free(fws);
        return -1;
    }
    framework_attach(fws, set);
    return 0;
}

/* The framework a --framework or --compliance name means; prints a usage
 * error naming the known ones when there is none. */
static const framework *find_framework(const framework_set *fws, const char *name)
{
    const framework *fw = framework_find(fws, name);
    if (!fw) {
        fprintf(stderr, "plimsoll: unknown framework '%s' (known:", name);
        for (size_t i = 0; i < fws->n; i++) fprintf(stderr, "%s %s", i ? "," : "", fws->v[i].id);
        fprintf(stderr, "; see: plimsoll frameworks)\ntry: plimsoll help\n");
    }
    return fw;
}

/* Does check index i evidence some control of fw? */
static int check_in_framework(const framework *fw, size_t i)
{
    for (size_t k = 0; k < fw->n_controls; k++)
        for (size_t e = 0; e < fw->controls[k].n_ev; e++)
            for (size_t j = 0; j < fw->controls[k].ev[e].n_checks; j++)
                if (fw->controls[k].ev[e].idx && fw->controls[k].ev[e].idx[j] == (long)i) return 1;
    return 0;
}

/* ------------------------------------------------------------------ scan */

/* What one `plimsoll scan` holds from its options to its exit code; freed
 * by session_free. */
typedef struct session {
    checkset set;
    engine_opts eo;
    engine *e;
    results load_errs;            /* broken checks, reported with the scan */
    unsigned char *enabled, *skip; /* by check index */
    config cfg;
    unsigned char sev_keep[SEV_COUNT]; /* --severity */
    int fail_on;                  /* --fail-on, SEV_COUNT for none */
    archive_opts arch;            /* --platform, --archive-limit */
    framework_set fws;            /* the catalogues */
    const framework **sel;        /* --compliance, in the order given */
    size_t n_sel;
    compliance cmp;               /* evaluated when --compliance is given */
} session;

static void session_free(session *s)
{
    compliance_free(&s->cmp);
    free(s->sel);
    framework_set_free(&s->fws);
    free(s->enabled);
    free(s->skip);
    config_free(&s->cfg);
    engine_free(s->e);
    checkset_free(&s->set);
    results_free(&s->load_errs);
}

/* --platform, --image and --archive-limit; 0, or -1 with a usage message. */
static int archive_options(const cli *c, archive_opts *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->platform = c->platform;
    o->image = c->image;
    if (c->platform && !strchr(c->platform, '/')) {
        snprintf(err, errlen, "--platform wants OS/ARCH[/VARIANT] (linux/amd64, linux/arm64/v8), not '%s'", c->platform);
        return -1;
    }
    for (size_t i = 0; i < c->n_archive_limits; i++)
        if (archive_limit_parse(&o->lim, c->archive_limits[i])) {
            snprintf(err, errlen, "--archive-limit wants NAME=VALUE, NAME one of bytes, entries, path, ratio, links, "
                     "capture and VALUE a positive number (K, M, G suffixes), not '%s'", c->archive_limits[i]);
            return -1;
        }
    return 0;
}

/* --format, --fail-on and --severity; 0, or -1 with a usage message. */
static int scan_options(const cli *c, session *s, char *err, size_t errlen)
{
    size_t to_stdout = 0;
    for (size_t i = 0; i < c->n_reports; i++) {
        const report_format *fmt = report_format_find(c->reports[i].format);
        if (!fmt) {
            buf names = {0};
            report_format_names(&names);
            snprintf(err, errlen, "--format must be %s", names.s);
            buf_free(&names);
            return -1;
        }
        if (fmt->compliance && !c->n_compliance) {
            snprintf(err, errlen, "--format %s needs --compliance FRAMEWORK (see: plimsoll frameworks)", fmt->name);
            return -1;
        }
        to_stdout += !c->reports[i].output;
    }
    if (to_stdout > 1) {
        snprintf(err, errlen, "only one report can go to stdout: give the others a file (--format F=FILE)");
        return -1;
    }
    if (archive_options(c, &s->arch, err, errlen)) return -1;
    if (c->threshold >= 0 && !c->n_compliance) {
        snprintf(err, errlen, "--compliance-threshold needs --compliance FRAMEWORK");
        return -1;
    }
    s->fail_on = strcmp(c->fail_on, "none") == 0 ? SEV_COUNT : severity_parse(c->fail_on);
    if (s->fail_on < 0) {
        snprintf(err, errlen, "--fail-on must be critical, high, medium, low, info or none");
        return -1;
    }
    memset(s->sev_keep, 1, sizeof s->sev_keep);
    if (!c->severity) return 0;
    memset(s->sev_keep, 0, sizeof s->sev_keep);
    char *copy = xstrdup(c->severity), *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        int sev = severity_parse(tok);
        if (sev < 0) {
            snprintf(err, errlen, "--severity takes a list of critical, high, medium, low, info");
            rc = -1;
        } else {
            s->sev_keep[sev] = 1;
        }
    }
    free(copy);
    return rc;
}

/* --only, --framework and --skip into s->enabled and s->skip; 0, or -1
 * with a message. */
static int select_checks(const cli *c, session *s, const framework *only_fw, char *err, size_t errlen)
{
    s->enabled = xcalloc(s->set.n + 1, 1);
    s->skip = xcalloc(s->set.n + 1, 1);
    if (c->n_only) {
        if (mark_checks(&s->set, &s->load_errs, c->only, c->n_only, s->enabled, err, errlen)) return -1;
    } else {
        memset(s->enabled, 1, s->set.n);
    }
    for (size_t i = 0; only_fw && i < s->set.n; i++)
        if (!check_in_framework(only_fw, i)) s->enabled[i] = 0;
    return mark_checks(&s->set, &s->load_errs, c->skip, c->n_skip, s->skip, err, errlen);
}

/* --compliance names into s->sel (each once); 0, or -1 after a usage error. */
static int select_frameworks(const cli *c, session *s)
{
    for (size_t i = 0; i < c->n_compliance; i++) {
        char *copy = xstrdup(c->compliance[i]), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            const framework *fw = find_framework(&s->fws, tok);
            if (!fw) {
                free(copy);
                return -1;
            }
            size_t j = 0;
            while (j < s->n_sel && s->sel[j] != fw) j++;
            if (j < s->n_sel) continue;
            s->sel = xrealloc(s->sel, (s->n_sel + 1) * sizeof *s->sel);
            s->sel[s->n_sel++] = fw;
        }
        free(copy);
    }
    return 0;
}

/* --compliance: every selected framework evaluated over the finished scan,
 * with the run's provenance. */
static void evaluate_compliance(const cli *c, session *s, const scan_result *r)
{
    static const char *const here[] = {"."};
    s->cmp.info.tool_version = PLIMSOLL_VERSION;
    s->cmp.info.paths = c->n_paths ? c->paths : here;
    s->cmp.info.n_paths = c->n_paths ? c->n_paths : 1;
    s->cmp.info.config = s->cfg.path;
    s->cmp.info.baseline = c->baseline;
    s->cmp.info.threshold = c->threshold;
    provenance_fill(&s->cmp.info, &s->set, &s->fws, s->cmp.info.paths, s->cmp.info.n_paths);
    compliance_evaluate(s->sel, s->n_sel, r, &s->set, s->enabled, s->cfg.path ? &s->cfg : NULL, &s->cmp);
}

/* With --compliance-threshold: 1 (and a line on stderr) when a framework's
 * overall score is below it. */
static int below_threshold(const cli *c, const session *s)
{
    if (c->threshold < 0 || !compliance_below(&s->cmp, c->threshold)) return 0;
    for (size_t i = 0; i < s->cmp.n; i++) {
        const c_framework *cf = &s->cmp.v[i];
        if (!cf->total.has_score)
            fprintf(stderr, "plimsoll: %s %s: no control was evaluated, so no score meets --compliance-threshold %g\n",
                    cf->fw->id, cf->fw->version, c->threshold);
        else if (cf->total.score < c->threshold)
            fprintf(stderr, "plimsoll: %s %s: score %.1f is below --compliance-threshold %g\n", cf->fw->id,
                    cf->fw->version, cf->total.score, c->threshold);
    }
    return 1;
}

/* The configuration file, if any, read before anything else: the options
 * it sets go into c where neither a flag nor the environment set them.
 * Prints its error and returns -1 when it is broken. */
static int read_config(cli *c, session *s)
{
    char *path = c->no_config ? NULL : config_find(c->config, c->paths, c->n_paths);
    if (!path) return 0;
    char err[600];
    int bad = config_load(path, &s->cfg, err, sizeof err);
    free(path);
    /* paths in it are relative to its folder */
    const char *slash = strrchr(s->cfg.path, '/');
    char *base = slash ? xstrndup(s->cfg.path, (size_t)(slash - s->cfg.path) + (slash == s->cfg.path)) : NULL;
    for (size_t i = 0; !bad && i < s->cfg.n_opt; i++) {
        const config_opt *o = &s->cfg.opt[i];
        char msg[400];
        if (cli_apply_config(c, o->key, (const char *const *)o->vals, o->n_vals, base, msg, sizeof msg)) {
            snprintf(err, sizeof err, "%s:%u:%u: %s: %s", s->cfg.path, o->line, o->col, o->key, msg);
            bad = 1;
        }
    }
    free(base);
    if (bad) fprintf(stderr, "plimsoll: error: %s\n", err);
    return bad ? -1 : 0;
}

/* The checks the configuration names exist; its skips join s->skip. */
static int resolve_config(session *s)
{
    if (!s->cfg.path) return 0;
    char err[600];
    if (!config_resolve(&s->cfg, &s->set, s->skip, err, sizeof err)) return 0;
    fprintf(stderr, "plimsoll: error: %s\n", err);
    return -1;
}

/* Scan the paths (default: the current folder) with the enabled checks,
 * leaving out what the config excludes; the result is sorted. With a stream,
 * the findings go there (stream.h). */
static void run_scan(const cli *c, session *s, scan_result *r, stream *st)
{
    static const char *const here[] = {"."};
    for (size_t i = 0; i < s->set.n; i++)
        if (s->skip[i]) s->enabled[i] = 0;
    scan_opts so = {
        .paths = c->n_paths ? c->paths : here,
        .n_paths = c->n_paths ? c->n_paths : 1,
        .eng = s->eo,
        .lim = LOAD_LIMITS_DEFAULT,
        .archive = &s->arch,
        .jobs = c->jobs,
        .stream = st,
        .stdin_name = c->stdin_name,
        .root = c->root,
        .context = !c->no_context,
    };
    if (c->max_file_mib) so.lim.max_file = (size_t)c->max_file_mib << 20;
    config_exclude ex = {&s->cfg, {so.paths, so.n_paths}};
    if (s->cfg.n_exclude) so.exclude = (discover_filter){config_excluded, &ex};
    scan_run(&so, s->e, &s->set, s->enabled, r);
    if (c->verbose && r->notes.s) {
        for (const char *p = r->notes.s; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            fprintf(stderr, "plimsoll: %.*s\n", (int)n, p);
            p += n + (nl != NULL);
        }
    }
    if (c->verbose && r->n_context)
        fprintf(stderr, "plimsoll: %zu other file%s of the repository read as context for cross-document checks\n",
                r->n_context, r->n_context == 1 ? "" : "s");
    results_merge(&r->res, &s->load_errs);
    results_sort(&r->res, s->set.v);
}

/* Suppressions and configuration, in the main thread, on the sorted result.
 * Configuration warnings go to stderr now and into *warnings for reports. */
static void apply_suppressions(const cli *c, session *s, scan_result *r, buf *warnings)
{
    suppress_apply(r, &s->set);
    if (s->cfg.path) {
        char today[11];
        config_today(today);
        config_apply(&s->cfg, &s->set, r, today, warnings);
    }
    if (warnings->s && !c->quiet) fputs(warnings->s, stderr);
}

/* --write-baseline and --baseline: write the one, hide the findings the
 * other records (keep[i] = 0). Returns 0, or -1 when a file failed. */
static int apply_baselines(const cli *c, session *s, const scan_result *r, unsigned char *keep)
{
    if (!c->baseline && !c->write_baseline) return 0;
    int rc = 0;
    char **fp = baseline_fingerprints(r, &s->set);
    if (c->write_baseline) {
        buf bl = {0};
        baseline_write(&bl, r, &s->set, fp, PLIMSOLL_VERSION);
        rc |= emit_to(c->write_baseline, &bl);
        buf_free(&bl);
    }
    if (c->baseline) {
        baseline base;
        char err[600];
        if (baseline_load(c->baseline, &base, err, sizeof err)) {
            fprintf(stderr, "plimsoll: error: %s\n", err);
            rc = -1;
        } else {
            for (size_t i = 0; i < r->res.n_f; i++)
                if (baseline_has(&base, fp[i])) keep[i] = 0;
            baseline_free(&base);
        }
    }
    baseline_fingerprints_free(fp, r->res.n_f);
    return rc;
}

/* With --format github: the markdown summary appended to --github-summary
 * or $GITHUB_STEP_SUMMARY, when either is set. Returns 0 or -1. */
static int append_github_summary(const cli *c, const scan_result *r, const checkset *set, const unsigned char *keep,
                                 const report_opts *ro)
{
    const char *sum = c->summary ? c->summary : getenv("GITHUB_STEP_SUMMARY");
    if (!sum || !*sum) return 0;
    int rc = 0;
    buf md = {0};
    report_github_summary(&md, r, set, keep, ro);
    FILE *sf = fopen(sum, "a");
    if (!sf || fwrite(md.s, 1, md.len, sf) != md.len) {
        fprintf(stderr, "plimsoll: cannot write the summary to %s: %s\n", sum, strerror(errno));
        rc = -1;
    }
    if (sf && fclose(sf) != 0) rc = -1;
    buf_free(&md);
    return rc;
}

/* Text colours of the report rep: to a file only when forced; else as cli_color says. */
static int report_color(const cli *c, const cli_report *rep)
{
    return rep->output ? c->color > 0 : cli_color(c, isatty(STDOUT_FILENO));
}

/* Every --format, each to its output. Returns 0, or -1 when one failed. */
static int write_reports(const cli *c, const session *s, const scan_result *r, const unsigned char *keep,
                         const char *warnings)
{
    int rc = 0;
    for (size_t k = 0; k < c->n_reports; k++) {
        const cli_report *rep = &c->reports[k];
        const report_format *fmt = report_format_find(rep->format);
        report_opts ro = {.version = PLIMSOLL_VERSION, .enabled = s->enabled, .warnings = warnings, .compliance = &s->cmp,
                          .quiet = c->quiet, .errors_warn = c->errors_warn};
        ro.color = report_color(c, rep);
        buf out = {0};
        fmt->write(&out, r, &s->set, keep, &ro);
        if (fmt->write == report_github) rc |= append_github_summary(c, r, &s->set, keep, &ro);
        rc |= emit_to(rep->output, &out);
        buf_free(&out);
    }
    return rc;
}

/* 1 when a shown, unsuppressed finding is at or above --fail-on. */
static int fails(const session *s, const scan_result *r, const unsigned char *keep)
{
    for (size_t i = 0; i < r->res.n_f; i++)
        if (keep[i] && !r->res.f[i].suppressed && (int)r->res.f[i].sev >= s->fail_on) return 1;
    return 0;
}

/* ---------------------------------------------------------- streaming */

/* A report written as it is made (stream.h): to stdout, or to a temporary
 * file beside its target renamed over it at the end, as write_atomic. */
typedef struct sink_file {
    const char *path;   /* NULL: stdout */
    output_stream out;
    int open_failed, werr;
    char err[512];
} sink_file;

static int sink_write(void *ctx, const char *p, size_t n)
{
    sink_file *s = ctx;
    if (!s->path) {
        if (fwrite(p, 1, n, stdout) != n) s->werr = 1;
        return s->werr ? -1 : 0;
    }
    if (s->open_failed) return -1;
    return output_stream_write(&s->out, p, n);
}

/* Open the report's target as output_write would write it (output.h). */
static void sink_open(sink_file *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    if (path && output_stream_open(&s->out, path, s->err, sizeof s->err) != 0) s->open_failed = 1;
}

/* Finish the report; ok: everything was written. Returns 0, or -1 (said). */
static int sink_close(sink_file *s, int ok)
{
    if (!s->path) return fflush(stdout) != 0 || s->werr ? -1 : 0;
    int werr = s->open_failed || s->out.err;
    int bad = s->open_failed || output_stream_close(&s->out, ok, s->err, sizeof s->err) != 0;
    if (bad && (ok || werr)) {
        fflush(stdout); /* after the report on stdout, on a line of its own */
        fprintf(stderr, "plimsoll: cannot write report: %s\n", s->err);
    }
    return bad ? -1 : 0;
}

/* The reports of c can be streamed: text and JSON at most once each, no
 * baseline, no compliance evaluation (it reads the whole result), none of
 * --quiet, --errors warn, --fail-if-nothing-scanned (the whole-result path
 * implements them), no custom cross-document check (its findings come after
 * the file's others were written, so a secret it reported could not mask
 * them: scan.c stream_cross_findings), and PLIMSOLL_NO_STREAM (for tests)
 * unset. */
static int streamable(const cli *c, const session *s)
{
    if (c->baseline || c->write_baseline || c->n_compliance || c->quiet || c->errors_warn || c->fail_if_nothing ||
        getenv("PLIMSOLL_NO_STREAM"))
        return 0;
    for (size_t k = 0; k < s->set.n; k++)
        if (s->set.v[k].custom && s->set.v[k].handlers_all) return 0;
    int text = 0, json = 0;
    for (size_t k = 0; k < c->n_reports; k++) {
        if (strcmp(c->reports[k].format, "text") == 0) text++;
        else if (strcmp(c->reports[k].format, "json") == 0) json++;
        else return 0;
    }
    return text <= 1 && json <= 1;
}

/* A scan whose text and JSON reports are streamed: findings are finished
 * file by file in the workers and the reports written in one ordered merge.
 * Returns the exit code. */
static int scan_streamed(const cli *c, session *s)
{
    const cli_report *text = NULL, *json = NULL;
    for (size_t k = 0; k < c->n_reports; k++)
        if (strcmp(c->reports[k].format, "text") == 0) text = &c->reports[k];
        else json = &c->reports[k];
    char today[11];
    config_today(today);
    static const char *const here[] = {"."};
    stream_opts so = {
        .set = &s->set,
        .cfg = s->cfg.path ? &s->cfg : NULL,
        .today = today,
        .sev_keep = s->sev_keep,
        .roots = {c->n_paths ? c->paths : here, c->n_paths ? c->n_paths : 1},
        .text = text != NULL,
        .json = json != NULL,
        .color = text ? report_color(c, text) : 0,
    };
    stream *st = stream_new(&so, SCAN_MAX_JOBS);
    scan_result r;
    run_scan(c, s, &r, st);
    buf warnings = {0};
    if (s->cfg.path) { /* its expired ignores, said once */
        scan_result none = {0};
        config_apply(&s->cfg, &s->set, &none, today, &warnings);
    }
    if (warnings.s) fputs(warnings.s, stderr);
    sink_file ts, js;
    stream_sink tsink = {sink_write, &ts}, jsink = {sink_write, &js};
    if (json) sink_open(&js, json->output);
    if (text) sink_open(&ts, text->output);
    int worst;
    int ok = stream_write(st, &r, text ? &tsink : NULL, json ? &jsink : NULL, PLIMSOLL_VERSION, &worst) == 0;
    int wrote = 0;
    if (json) wrote |= sink_close(&js, ok);
    if (text) wrote |= sink_close(&ts, ok);
    int failed = worst != SEV_COUNT && worst >= s->fail_on;
    int code = r.res.n_e || wrote ? EXIT_ERROR : failed ? EXIT_FINDINGS : EXIT_CLEAN;
    buf_free(&warnings);
    stream_free(st);
    scan_result_free(&r);
    return code;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* With --errors warn: 1 when every error is about an input (none is a
 * check's, failing at run time: its file is a check's file). Sorted check
 * files and a binary search, so many errors and many checks stay cheap. */
static int only_input_errors(const session *s, const results *res)
{
    const char **files = xcalloc(s->set.n + 1, sizeof *files);
    size_t n = 0;
    for (size_t k = 0; k < s->set.n; k++)
        if (s->set.v[k].file) files[n++] = s->set.v[k].file;
    qsort(files, n, sizeof *files, cmp_str);
    int only = 1;
    for (size_t i = 0; i < res->n_e && only; i++) {
        const char *f = res->e[i].file;
        only = !bsearch(&f, files, n, sizeof *files, cmp_str);
    }
    free(files);
    return only;
}

static int cmd_scan(cli *c)
{
    session s = {0};
    char err[512];
    if (cli_apply_env(c, err, sizeof err)) return usage_error(err);
    if (read_config(c, &s)) {
        session_free(&s);
        return EXIT_ERROR;
    }
    cli_settle(c);
    if (scan_options(c, &s, err, sizeof err)) {
        session_free(&s);
        return usage_error(err);
    }
    s.e = make_engine(c, &s.eo, &s.set, &s.load_errs);
    if (!s.e) {
        fprintf(stderr, "plimsoll: cannot create the Lua engine\n");
        session_free(&s);
        return EXIT_ERROR;
    }
    /* The catalogues cost a few milliseconds: read only when a report names
     * controls or a framework is asked for. */
    int need_fw = c->n_compliance || c->framework;
    for (size_t i = 0; i < c->n_reports; i++) need_fw |= report_format_find(c->reports[i].format)->controls;
    if (need_fw && load_frameworks(&s.set, &s.fws)) {
        session_free(&s);
        return EXIT_ERROR;
    }
    const framework *only_fw = NULL;
    if ((c->framework && !(only_fw = find_framework(&s.fws, c->framework))) || select_frameworks(c, &s)) {
        session_free(&s);
        return EXIT_ERROR;
    }
    if (select_checks(c, &s, only_fw, err, sizeof err)) {
        session_free(&s);
        return usage_error(err);
    }
    if (resolve_config(&s)) {
        session_free(&s);
        return EXIT_ERROR;
    }
    if (streamable(c, &s)) {
        int code = scan_streamed(c, &s);
        session_free(&s);
        return code;
    }
    size_t n_load_errs = s.load_errs.n_e; /* run_scan merges them into r */
    scan_result r;
    run_scan(c, &s, &r, NULL);
    buf warnings = {0};
    apply_suppressions(c, &s, &r, &warnings);
    relations *rel = relations_new(&s.set);
    results_relate(&r.res, rel);
    relations_free(rel);
    unsigned char *keep = xcalloc(r.res.n_f + 1, 1);
    /* a related finding is shown under the finding it repeats */
    for (size_t i = 0; i < r.res.n_f; i++) keep[i] = s.sev_keep[r.res.f[i].sev] && !r.res.f[i].related_to;
    int wrote = apply_baselines(c, &s, &r, keep);
    /* with --write-baseline everything found is now in the baseline */
    int failed = !c->write_baseline && fails(&s, &r, keep);
    if (s.n_sel) evaluate_compliance(c, &s, &r);
    wrote |= write_reports(c, &s, &r, keep, warnings.s);
    failed |= s.n_sel && below_threshold(c, &s);
    int errors = r.res.n_e && !(c->errors_warn && !n_load_errs && only_input_errors(&s, &r.res));
    int nothing = c->fail_if_nothing && r.n_files == 0;
    if (nothing)
        fprintf(stderr, "plimsoll: error: nothing was scanned: no Kubernetes, Compose, Dockerfile or image file "
                        "in the paths given (--fail-if-nothing-scanned)\n");
    int code = errors || wrote || nothing ? EXIT_ERROR : failed ? EXIT_FINDINGS : EXIT_CLEAN;
    buf_free(&warnings);
    free(keep);
    scan_result_free(&r);
    session_free(&s);
    return code;
}

/* Print the errors of checks that did not load, as a scan prints errors. */
static void print_load_errors(const results *errs)
{
    for (size_t i = 0; i < errs->n_e; i++) {
        const scan_error *e = &errs->e[i];
        if (e->line) fprintf(stderr, "%s:%u:%u: error: %s\n", e->file, e->line, e->col ? e->col : 1, e->message);
        else fprintf(stderr, "%s: error: %s\n", e->file, e->message);
    }
}

/* What checks, frameworks and explain read: the check set and its load
 * errors, the engine that loaded it, and the framework catalogues (which
 * also tag the checks with their controls). */
typedef struct catalog {
    checkset set;
    results errs;
    engine_opts eo;
    engine *e;
    framework_set fws;
} catalog;

static void catalog_free(catalog *k)
{
    framework_set_free(&k->fws);
    results_free(&k->errs);
    engine_free(k->e);
    checkset_free(&k->set);
}

/* Loads k (zeroed first); on failure prints why, frees it and returns -1. */
static int catalog_load(const cli *c, catalog *k)
{
    memset(k, 0, sizeof *k);
    if (!(k->e = make_engine(c, &k->eo, &k->set, &k->errs))) return -1;
    if (load_frameworks(&k->set, &k->fws)) {
        catalog_free(k);
        return -1;
    }
    return 0;
}

static int cmd_checks(const cli *c)
{
    catalog k;
    if (catalog_load(c, &k)) return EXIT_ERROR;
    buf out = {0};
    int code = EXIT_CLEAN;
    const framework *fw = NULL;
    /* --framework: a view of the set holding only that framework's checks */
    checkset view = k.set;
    if (c->framework) {
        if (!(fw = find_framework(&k.fws, c->framework))) code = EXIT_ERROR;
        view.v = xcalloc(k.set.n + 1, sizeof *view.v);
        view.n = 0;
        for (size_t i = 0; fw && i < k.set.n; i++)
            if (check_in_framework(fw, i)) view.v[view.n++] = k.set.v[i];
    }
    if (code) {
        /* reported by find_framework */
    } else if (checks_doc(&out, &view, c->inputs, c->format)) {
        code = usage_error("checks --format must be text, json or markdown");
    } else {
        print_load_errors(&k.errs);
        if (k.errs.n_e) code = EXIT_ERROR;
        if (emit(c, &out)) code = EXIT_ERROR;
    }
    if (view.v != k.set.v) free(view.v);
    buf_free(&out);
    catalog_free(&k);
    return code;
}

/* plimsoll frameworks [--format json] [--framework FW] */
static int cmd_frameworks(const cli *c)
{
    catalog k;
    if (catalog_load(c, &k)) return EXIT_ERROR;
    int code = EXIT_CLEAN;
    buf out = {0};
    framework_set one = k.fws;
    const framework *fw = c->framework ? find_framework(&k.fws, c->framework) : NULL;
    if (c->framework && !fw) code = EXIT_ERROR;
    if (fw) {
        one.v = (framework *)fw;
        one.n = 1;
    }
    if (!code && framework_list(&out, &one, &k.set, c->format))
        code = usage_error("frameworks --format must be text or json");
    else if (!code && emit(c, &out))
        code = EXIT_ERROR;
    buf_free(&out);
    catalog_free(&k);
    return code;
}

static int cmd_explain(const cli *c)
{
    catalog k;
    if (catalog_load(c, &k)) return EXIT_ERROR;
    long at = checkset_find(&k.set, c->arg);
    int code = 0;
    const scan_error *le = at < 0 ? load_error_of(&k.errs, c->arg) : NULL;
    if (le) {
        fprintf(stderr, "plimsoll: check '%s' did not load: %s", c->arg, le->file);
        if (le->line) fprintf(stderr, ":%u", le->line);
        fprintf(stderr, ": %s\n", le->message);
        code = EXIT_ERROR;
    } else if (at < 0) {
        fprintf(stderr, "plimsoll: unknown check '%s' (see: plimsoll checks)\n", c->arg);
        code = EXIT_ERROR;
    } else {
        buf out = {0};
        checks_doc_explain(&out, &k.set.v[at]);
        if (emit(c, &out)) code = EXIT_ERROR;
        buf_free(&out);
    }
    catalog_free(&k);
    return code;
}

/* Errors of checks that did not load, as a scan's text report shows them. */
static void put_load_errors(buf *out, const results *errs)
{
    for (size_t i = 0; i < errs->n_e; i++) {
        const scan_error *e = &errs->e[i];
        if (e->line) buf_printf(out, "%s:%u:%u: error: %s\n", e->file, e->line, e->col ? e->col : 1, e->message);
        else buf_printf(out, "%s: error: %s\n", e->file, e->message);
    }
}

/* A directory argument without trailing slashes ("policies/" → "policies"),
 * so the paths made from it read as typed; malloc'd. */
static char *dir_arg(const char *d)
{
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/') n--;
    return xstrndup(d, n);
}

/* Exit 0 when every fixture passes, 1 when one fails, 2 when a check (or
 * the directory) does not load. */
static int cmd_test_checks(const cli *c)
{
    checkset set = {0};
    results errs = {0};
    engine_opts eo;
    char *dir = dir_arg(c->arg);
    const char *dirs[1] = {dir};
    engine *e = engine_with(c, dirs, 1, &eo, &set, &errs);
    if (!e) {
        free(dir);
        return EXIT_ERROR;
    }
    buf out = {0};
    put_load_errors(&out, &errs);
    test_checks_count n;
    test_checks_run(e, &set, &eo, &out, &n);
    if (!n.checks && !errs.n_e) buf_printf(&out, "%s: error: no checks in it (test-checks reads DIR/**/*.lua)\n", dir);
    buf_printf(&out, "%s%zu passed, %zu failed\n", out.len ? "\n" : "", n.passed, n.failed);
    int code = errs.n_e || !n.checks ? EXIT_ERROR : n.failed ? EXIT_FINDINGS : EXIT_CLEAN;
    if (emit(c, &out)) code = EXIT_ERROR;
    buf_free(&out);
    results_free(&errs);
    engine_free(e);
    checkset_free(&set);
    free(dir);
    return code;
}

/* The id for a new check: --id, or the first free ORG-NNN among the
 * built-in checks and those already in dir. 0, or -1 with a message. */
static int new_check_id(const cli *c, const checkset *set, char *id, size_t n, char *err, size_t errlen)
{
    long taken = checkset_find(set, c->arg);
    if (taken >= 0) {
        snprintf(err, errlen, "a check named %s exists already (%s)", c->arg, set->v[taken].file);
        return -1;
    }
    if (!c->id) {
        new_check_free_id(set, id, n);
        return 0;
    }
    if (!new_check_id_ok(c->id)) {
        snprintf(err, errlen, "--id %s must look like ABC-123", c->id);
        return -1;
    }
    if ((taken = checkset_find(set, c->id)) >= 0) {
        snprintf(err, errlen, "id %s is taken by %s (%s)", c->id, set->v[taken].name, set->v[taken].file);
        return -1;
    }
    snprintf(id, n, "%s", c->id);
    return 0;
}

/* Exit 0 when the files are written, 2 when nothing (or not all) could be. */
static int cmd_new_check(const cli *c)
{
    if (!new_check_name_ok(c->arg))
        return usage_error("a check name is kebab-case: a-z first, then a-z, 0-9 and single dashes (no-debug-label)");
    char *dir = dir_arg(c->dir ? c->dir : ".");
    checkset set = {0};
    results errs = {0}; /* broken checks in dir do not matter here */
    engine_opts eo;
    struct stat st;
    const char *dirs[1] = {dir};
    engine *e = engine_with(c, dirs, stat(dir, &st) == 0 && S_ISDIR(st.st_mode), &eo, &set, &errs);
    char id[32], err[600];
    int code = EXIT_CLEAN;
    buf log = {0};
    if (!e || new_check_id(c, &set, id, sizeof id, err, sizeof err) ||
        new_check_write(dir, c->arg, id, c->inputs, &log, err, sizeof err)) {
        fputs(log.s ? log.s : "", stdout);
        fprintf(stderr, "plimsoll: new-check: %s\n", e ? err : "cannot create the Lua engine");
        code = EXIT_ERROR;
    } else {
        buf_printf(&log, "next: edit %s/", dir);
        for (const char *p = c->arg; *p; p++) buf_putc(&log, *p == '-' ? '_' : *p);
        buf_printf(&log, ".lua and its fixtures, then run: plimsoll test-checks %s\n", dir);
        if (emit(c, &log)) code = EXIT_ERROR;
    }
    buf_free(&log);
    results_free(&errs);
    engine_free(e);
    checkset_free(&set);
    free(dir);
    return code;
}

/* ------------------------------------------------------------------ sbom */

static int cmd_sbom(const cli *c)
{
    archive_opts o;
    char err[400];
    if (archive_options(c, &o, err, sizeof err)) return usage_error(err);
    buf out = {0};
    results errs = {0};
    int rc = sbom_write(c->arg, c->arg, &o, c->format, &out, &errs);
    print_load_errors(&errs);
    int code = rc == 0 ? EXIT_CLEAN : EXIT_ERROR;
    if (rc == 0 && emit(c, &out)) code = EXIT_ERROR;
    if (rc == 0 && errs.n_e) code = EXIT_ERROR;
    buf_free(&out);
    results_free(&errs);
    return code;
}

/* plimsoll completion bash|zsh|fish */
static int cmd_completion(const cli *c)
{
    buf out = {0};
    cli_completion(&out, c->arg); /* the shell was checked by cli_parse */
    int code = emit(c, &out) ? EXIT_ERROR : EXIT_CLEAN;
    buf_free(&out);
    return code;
}

/* plimsoll help [COMMAND], plimsoll COMMAND --help, plimsoll help --man */
static int cmd_help(const cli *c, int argc, char **argv)
{
    buf out = {0};
    command which = CMD_NONE;
    if (c->arg) {
        for (size_t i = 0; i < cli_n_commands; i++)
            if (strcmp(cli_commands[i].name, c->arg) == 0) which = cli_commands[i].cmd;
    } else if (argc > 1) {
        for (size_t i = 0; i < cli_n_commands; i++)
            if (strcmp(cli_commands[i].name, argv[1]) == 0) which = cli_commands[i].cmd; /* COMMAND --help */
    }
    if (c->man) cli_man(&out);
    else cli_help(&out, which);
    int code = emit(c, &out) ? EXIT_ERROR : EXIT_CLEAN;
    buf_free(&out);
    return code;
}

int main(int argc, char **argv)
{
    cli c;
    char err[256];
#ifdef __GLIBC__
    /* Blocks of 128 KiB and more (file texts, spill buffers, growing
     * arrays) are mapped and given back when freed. glibc raises this
     * threshold each time such a block is freed, and the blocks then come
     * from the heap, where they fragment it: 10x corpus, -j 2, peak RSS
     * 69 -> 63 MiB (docs/performance.md). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    if (cli_parse(argc, argv, &c, err, sizeof err)) {
        const char *name = NULL;
        for (size_t i = 0; i < cli_n_commands; i++)
            if (cli_commands[i].cmd == c.cmd && c.cmd != CMD_HELP && c.cmd != CMD_VERSION) name = cli_commands[i].name;
        if (name) fprintf(stderr, "plimsoll: %s\ntry: plimsoll %s --help\n", err, name);
        cli_free(&c);
        return name ? EXIT_ERROR : usage_error(err);
    }
    int code = 0;
    if (c.version) c.cmd = CMD_VERSION;
    else if (c.help) c.cmd = CMD_HELP, c.arg = NULL, c.man = 0;
    if (c.cmd != CMD_SCAN) cli_settle(&c);
    switch (c.cmd) {
    case CMD_SCAN: code = cmd_scan(&c); break;
    case CMD_CHECKS: code = cmd_checks(&c); break;
    case CMD_EXPLAIN: code = cmd_explain(&c); break;
    case CMD_TEST_CHECKS: code = cmd_test_checks(&c); break;
    case CMD_NEW_CHECK: code = cmd_new_check(&c); break;
    case CMD_SBOM: code = cmd_sbom(&c); break;
    case CMD_FRAMEWORKS: code = cmd_frameworks(&c); break;
    case CMD_VERSION: printf("plimsoll %s\n", PLIMSOLL_VERSION); break;
    case CMD_COMPLETION: code = cmd_completion(&c); break;
    case CMD_HELP:
    case CMD_NONE: code = cmd_help(&c, argc, argv); break;
    }
    cli_free(&c);
    return code;
}
