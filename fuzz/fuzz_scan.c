/* fuzz_scan.c — the whole scan of one file through every built-in check,
 * the in-source suppressions and the text, JSON and SARIF reporters. The
 * first byte names the file (a YAML manifest, a Dockerfile, a Compose file,
 * a JSON image config); the rest is its content, written to a folder of the
 * harness's own and scanned as `plimsoll scan FILE` would. Checked: no
 * finding's message holds its whole secret, no report prints a secret any
 * finding knows, the JSON and SARIF reports parse. One engine, made once. */
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "report.h"
#include "scan.h"
#include "suppress.h"

static engine *eng;
static engine_opts eo;
static checkset set;
static unsigned char *enabled;
static char dir[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("PLIMSOLL_TODAY", "2026-11-25", 1);
    eo.budget = 2000000;
    eo.timeout_ms = 2000;
    eo.mem_cap = (size_t)64 << 20;
    results errs = {0};
    eng = engine_new(&eo, &set, &errs);
    if (!eng || errs.n_e) {
        fprintf(stderr, "fuzz_scan: the built-in checks do not load\n");
        abort();
    }
    results_free(&errs);
    enabled = xcalloc(set.n + 1, 1);
    memset(enabled, 1, set.n);
    snprintf(dir, sizeof dir, "/tmp/plimsoll-fuzz-scan-%ld", (long)getpid());
    mkdir(dir, 0700);
    return 0;
}

/* A secret the reports must not contain, worth looking for as plain text:
 * long enough to be unambiguous and printed as is by JSON. */
static int plain_secret(const char *s)
{
    if (!s || strlen(s) < 8) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x21 || *p > 0x7e || *p == '"' || *p == '\\' || *p == '/') return 0;
    return 1;
}

static void check_report(const char *fmt, const buf *out, const scan_result *r, int json)
{
    const char *text = out->s ? out->s : "";
    for (size_t i = 0; i < r->res.n_f; i++) {
        const char *s = r->res.f[i].secret;
        if (plain_secret(s)) FUZZ_ASSERT(!strstr(text, s), "the %s report prints the secret \"%s\"", fmt, s);
    }
    if (json) {
        json_error_t je;
        json_t *j = json_loads(text, 0, &je);
        FUZZ_ASSERT(j, "the %s report does not parse: %s (line %d)", fmt, je.text, je.line);
        json_decref(j);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static const char *const names[] = {"pod.yaml", "Dockerfile", "docker-compose.yml", "config.json"};
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, names[data[0] & 3]);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1) abort();
    fclose(f);
    const char *paths[1] = {path};
    scan_opts so = {.paths = paths, .n_paths = 1, .eng = eo, .lim = LOAD_LIMITS_DEFAULT, .jobs = 1};
    so.lim.max_expansion = 20000;
    scan_result r;
    scan_run(&so, eng, &set, enabled, &r);
    suppress_apply(&r, &set);
    for (size_t i = 0; i < r.res.n_f; i++) {
        const finding *x = &r.res.f[i];
        if (x->secret && *x->secret && strlen(x->secret) >= 4)
            FUZZ_ASSERT(!strstr(x->message, x->secret), "message \"%s\" holds its secret", x->message);
    }
    unsigned char *keep = xcalloc(r.res.n_f + 1, 1);
    memset(keep, 1, r.res.n_f);
    report_opts ro = {.version = "fuzz", .enabled = enabled};
    buf text = {0}, json = {0}, sarif = {0};
    report_text(&text, &r, &set, keep, &ro);
    check_report("text", &text, &r, 0);
    report_json(&json, &r, &set, keep, &ro);
    check_report("json", &json, &r, 1);
    report_sarif(&sarif, &r, &set, keep, &ro);
    check_report("sarif", &sarif, &r, 1);
    buf_free(&text);
    buf_free(&json);
    buf_free(&sarif);
    free(keep);
    scan_result_free(&r);
    unlink(path);
    return 0;
}
