/* main.c — plimsoll's entry point: parse the command line, dispatch to a
 * command, print what it returns, exit with the documented code. The only
 * file that decides exit codes and writes to stdout/stderr. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "cli.h"
#include "config.h"
#include "engine.h"
#include "report.h"
#include "scan.h"
#include "suppress.h"
#include "version.h"

/* Write data to path atomically: a temporary file beside it, then rename. */
static int write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    buf tmp = {0};
    buf_printf(&tmp, "%s.plimsoll-tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp.s, "wb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        buf_free(&tmp);
        return -1;
    }
    int bad = fwrite(data, 1, len, f) != len;
    bad |= fflush(f) != 0;
    bad |= fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp.s, path) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        unlink(tmp.s);
        buf_free(&tmp);
        return -1;
    }
    buf_free(&tmp);
    return 0;
}

static int emit_to(const char *output, const buf *out)
{
    if (!output) {
        fwrite(out->s ? out->s : "", 1, out->len, stdout);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    char err[512];
    if (write_atomic(output, out->s ? out->s : "", out->len, err, sizeof err)) {
        fprintf(stderr, "plimsoll: cannot write report: %s\n", err);
        return -1;
    }
    return 0;
}

static int emit(const cli *c, const buf *out) { return emit_to(c->output, out); }

/* Split comma lists and mark each named check; unknown names are errors. */
static int mark_checks(const checkset *set, const char **lists, size_t n, unsigned char *mark, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char *copy = xstrdup(lists[i]), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            while (*tok == ' ') tok++;
            long at = checkset_find(set, tok);
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

static engine *make_engine(const cli *c, engine_opts *eo, checkset *set, results *errs)
{
    memset(eo, 0, sizeof *eo);
    eo->dirs = c->checks_dirs;
    eo->n_dirs = c->n_checks_dirs;
    eo->budget = c->budget;
    return engine_new(eo, set, errs);
}

static int cmd_scan(const cli *c)
{
    static const char *const formats[] = {"text", "json", "sarif", "github", "junit", "gitlab"};
    size_t to_stdout = 0;
    for (size_t i = 0; i < c->n_reports; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) known |= strcmp(c->reports[i].format, formats[k]) == 0;
        if (!known) return usage_error("--format must be text, json, sarif, github, junit or gitlab");
        to_stdout += !c->reports[i].output;
    }
    if (to_stdout > 1) return usage_error("only one report can go to stdout: give the others a file (--format F=FILE)");
    int fail_on = strcmp(c->fail_on, "none") == 0 ? SEV_COUNT : severity_parse(c->fail_on);
    if (fail_on < 0) return usage_error("--fail-on must be critical, high, medium, low, info or none");
    unsigned char sev_keep[SEV_COUNT];
    memset(sev_keep, 1, sizeof sev_keep);
    if (c->severity) {
        memset(sev_keep, 0, sizeof sev_keep);
        char *copy = xstrdup(c->severity), *save = NULL;
        for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            int s = severity_parse(tok);
            if (s < 0) {
                free(copy);
                return usage_error("--severity takes a list of critical, high, medium, low, info");
            }
            sev_keep[s] = 1;
        }
        free(copy);
    }

    checkset set = {0};
    results load_errs = {0};
    engine_opts eo;
    engine *e = make_engine(c, &eo, &set, &load_errs);
    if (!e) {
        fprintf(stderr, "plimsoll: cannot create the Lua engine\n");
        return EXIT_ERROR;
    }
    unsigned char *enabled = xcalloc(set.n + 1, 1), *skip = xcalloc(set.n + 1, 1);
    char err[256];
    if (c->n_only) {
        if (mark_checks(&set, c->only, c->n_only, enabled, err, sizeof err)) goto usage;
    } else {
        memset(enabled, 1, set.n);
    }
    if (mark_checks(&set, c->skip, c->n_skip, skip, err, sizeof err)) goto usage;
    config cfg = {0};
    char *cfg_path = c->no_config ? NULL : config_find(c->config, c->paths, c->n_paths);
    if (cfg_path) {
        char cerr[600];
        int bad = config_load(cfg_path, &cfg, cerr, sizeof cerr) || config_resolve(&cfg, &set, skip, cerr, sizeof cerr);
        free(cfg_path);
        if (bad) {
            fprintf(stderr, "plimsoll: error: %s\n", cerr);
            config_free(&cfg);
            free(enabled);
            free(skip);
            engine_free(e);
            checkset_free(&set);
            results_free(&load_errs);
            return EXIT_ERROR;
        }
    }
    for (size_t i = 0; i < set.n; i++)
        if (skip[i]) enabled[i] = 0;

    const char *dot = ".";
    scan_opts so = {
        .paths = c->n_paths ? c->paths : &dot,
        .n_paths = c->n_paths ? c->n_paths : 1,
        .eng = eo,
        .lim = LOAD_LIMITS_DEFAULT,
        .jobs = c->jobs,
    };
    config_exclude ex = {&cfg, {so.paths, so.n_paths}};
    if (cfg.n_exclude) so.exclude = (discover_filter){config_excluded, &ex};
    scan_result r;
    scan_run(&so, e, &set, enabled, &r);
    results_merge(&r.res, &load_errs);
    results_sort(&r.res, set.v);

    /* Suppressions and configuration, in the main thread, on the sorted result. */
    suppress_apply(&r, &set);
    buf warnings = {0};
    if (cfg.path) {
        char today[11];
        config_today(today);
        config_apply(&cfg, &set, &r, today, &warnings);
    }
    config_free(&cfg);
    if (warnings.s) fputs(warnings.s, stderr);

    unsigned char *keep = xcalloc(r.res.n_f + 1, 1);
    for (size_t i = 0; i < r.res.n_f; i++) keep[i] = sev_keep[r.res.f[i].sev];
    int wrote = 0;
    if (c->baseline || c->write_baseline) {
        char **fp = baseline_fingerprints(&r, &set);
        if (c->write_baseline) {
            buf bl = {0};
            baseline_write(&bl, &r, &set, fp, PLIMSOLL_VERSION);
            wrote |= emit_to(c->write_baseline, &bl);
            buf_free(&bl);
        }
        if (c->baseline) {
            baseline base;
            char berr[600];
            if (baseline_load(c->baseline, &base, berr, sizeof berr)) {
                fprintf(stderr, "plimsoll: error: %s\n", berr);
                wrote = -1;
            } else {
                for (size_t i = 0; i < r.res.n_f; i++)
                    if (baseline_has(&base, fp[i])) keep[i] = 0;
                baseline_free(&base);
            }
        }
        baseline_fingerprints_free(fp, r.res.n_f);
    }
    int worst_fail = 0;
    for (size_t i = 0; i < r.res.n_f; i++)
        if (keep[i] && !r.res.f[i].suppressed && (int)r.res.f[i].sev >= fail_on) worst_fail = 1;
    if (c->write_baseline) worst_fail = 0; /* everything found is now in the baseline */

    for (size_t k = 0; k < c->n_reports; k++) {
        const cli_report *rep = &c->reports[k];
        report_opts ro = {.version = PLIMSOLL_VERSION, .enabled = enabled, .warnings = warnings.s};
        ro.color = c->color >= 0 ? c->color : (!rep->output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"));
        buf out = {0};
        if (strcmp(rep->format, "json") == 0) report_json(&out, &r, &set, keep, &ro);
        else if (strcmp(rep->format, "sarif") == 0) report_sarif(&out, &r, &set, keep, &ro);
        else if (strcmp(rep->format, "junit") == 0) report_junit(&out, &r, &set, keep, &ro);
        else if (strcmp(rep->format, "gitlab") == 0) report_gitlab(&out, &r, &set, keep, &ro);
        else if (strcmp(rep->format, "github") == 0) {
            report_github(&out, &r, &set, keep, &ro);
            const char *sum = c->summary ? c->summary : getenv("GITHUB_STEP_SUMMARY");
            if (sum && *sum) {
                buf md = {0};
                report_github_summary(&md, &r, &set, keep, &ro);
                FILE *sf = fopen(sum, "a");
                if (!sf || fwrite(md.s, 1, md.len, sf) != md.len) {
                    fprintf(stderr, "plimsoll: cannot write the summary to %s: %s\n", sum, strerror(errno));
                    wrote = -1;
                }
                if (sf && fclose(sf) != 0) wrote = -1;
                buf_free(&md);
            }
        } else report_text(&out, &r, &set, keep, &ro);
        wrote |= emit_to(rep->output, &out);
        buf_free(&out);
    }
    buf_free(&warnings);
    int code = r.res.n_e || wrote ? EXIT_ERROR : worst_fail ? EXIT_FINDINGS : EXIT_CLEAN;
    free(keep);
    scan_result_free(&r);
    free(enabled);
    free(skip);
    engine_free(e);
    checkset_free(&set);
    return code;
usage:
    free(enabled);
    free(skip);
    engine_free(e);
    checkset_free(&set);
    results_free(&load_errs);
    return usage_error(err);
}

static void list_inputs(buf *b, unsigned inputs)
{
    const char *sep = "";
    for (unsigned bit = 1; bit <= IN_IMAGE; bit <<= 1)
        if (inputs & bit) {
            buf_printf(b, "%s%s", sep, input_name(bit));
            sep = ",";
        }
}

static int cmd_checks(const cli *c)
{
    checkset set = {0};
    results errs = {0};
    engine_opts eo;
    engine *e = make_engine(c, &eo, &set, &errs);
    if (!e) return EXIT_ERROR;
    buf out = {0};
    if (strcmp(c->format, "json") == 0) {
        json_t *a = json_array();
        for (size_t i = 0; i < set.n; i++) {
            const check *k = &set.v[i];
            json_t *o = json_object();
            json_object_set_new(o, "id", json_string(k->id));
            json_object_set_new(o, "name", json_string(k->name));
            json_object_set_new(o, "severity", json_string(severity_name(k->sev)));
            json_object_set_new(o, "title", json_string(k->title));
            json_t *in = json_array();
            for (unsigned bit = 1; bit <= IN_IMAGE; bit <<= 1)
                if (k->inputs & bit) json_array_append_new(in, json_string(input_name(bit)));
            json_object_set_new(o, "inputs", in);
            json_object_set_new(o, "cross_document", json_boolean(k->cross));
            json_object_set_new(o, "controls", report_json_controls(k));
            json_array_append_new(a, o);
        }
        char *s = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        buf_puts(&out, s);
        buf_putc(&out, '\n');
        free(s);
        json_decref(a);
    } else {
        buf_printf(&out, "%-9s %-34s %-9s %-36s %s\n", "ID", "NAME", "SEVERITY", "INPUTS", "FRAMEWORKS");
        for (size_t i = 0; i < set.n; i++) {
            const check *k = &set.v[i];
            buf in = {0};
            list_inputs(&in, k->inputs);
            buf_printf(&out, "%-9s %-34s %-9s %-36s ", k->id, k->name, severity_name(k->sev), in.s ? in.s : "");
            for (size_t j = 0; j < k->n_controls; j++)
                buf_printf(&out, "%s%s %s", j ? ", " : "", k->controls[j].framework, k->controls[j].id);
            buf_putc(&out, '\n');
            buf_free(&in);
        }
    }
    for (size_t i = 0; i < errs.n_e; i++) fprintf(stderr, "%s: error: %s\n", errs.e[i].file, errs.e[i].message);
    int code = errs.n_e ? EXIT_ERROR : 0;
    if (emit(c, &out)) code = EXIT_ERROR;
    buf_free(&out);
    results_free(&errs);
    engine_free(e);
    checkset_free(&set);
    return code;
}

static int cmd_explain(const cli *c)
{
    checkset set = {0};
    results errs = {0};
    engine_opts eo;
    engine *e = make_engine(c, &eo, &set, &errs);
    if (!e) return EXIT_ERROR;
    long at = checkset_find(&set, c->explain);
    int code = 0;
    if (at < 0) {
        fprintf(stderr, "plimsoll: unknown check '%s' (see: plimsoll checks)\n", c->explain);
        code = EXIT_ERROR;
    } else {
        const check *k = &set.v[at];
        buf out = {0}, in = {0};
        list_inputs(&in, k->inputs);
        buf_printf(&out, "%s %s (%s)\n%s\n\ninputs: %s\n", k->id, k->name, severity_name(k->sev), k->title, in.s);
        if (k->n_kinds) {
            buf_puts(&out, "kinds:");
            for (size_t j = 0; j < k->n_kinds; j++) buf_printf(&out, " %s", k->kinds[j]);
            buf_putc(&out, '\n');
        }
        if (k->cross) buf_puts(&out, "scope: across all scanned documents\n");
        for (size_t j = 0; j < k->n_controls; j++)
            buf_printf(&out, "%s %s %s\n", j ? "          " : "controls:", k->controls[j].framework, k->controls[j].id);
        buf_printf(&out, "\n%s\n\nremediation:\n%s\n\nsource: %s\n", k->description, k->remediation, k->file);
        if (emit(c, &out)) code = EXIT_ERROR;
        buf_free(&out);
        buf_free(&in);
    }
    results_free(&errs);
    engine_free(e);
    checkset_free(&set);
    return code;
}

int main(int argc, char **argv)
{
    cli c;
    char err[256];
    if (cli_parse(argc, argv, &c, err, sizeof err)) {
        cli_free(&c);
        return usage_error(err);
    }
    int code = 0;
    switch (c.cmd) {
    case CMD_SCAN: code = cmd_scan(&c); break;
    case CMD_CHECKS: code = cmd_checks(&c); break;
    case CMD_EXPLAIN: code = cmd_explain(&c); break;
    case CMD_VERSION: printf("plimsoll %s\n", PLIMSOLL_VERSION); break;
    case CMD_HELP:
    case CMD_NONE: fputs(cli_usage, stdout); break;
    }
    cli_free(&c);
    return code;
}
