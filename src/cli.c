/* cli.c — argv → struct cli (see cli.h) with getopt_long(3): `-j2`, `-j 2`,
 * `--jobs 2` and `--jobs=2` alike; options and paths in any order; `--`
 * ends the options. Long options are matched whole (no abbreviations: a
 * script's `--form` would break the day another option starting so is
 * added). Every option is one row of cli_options[]; the environment and the
 * configuration file go through the same rows and setters. */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

#define CMDS_ALL (CMDBIT(CMD_SCAN) | CMDBIT(CMD_CHECKS) | CMDBIT(CMD_EXPLAIN) | CMDBIT(CMD_TEST_CHECKS) | \
                  CMDBIT(CMD_NEW_CHECK) | CMDBIT(CMD_VERSION) | CMDBIT(CMD_HELP) | CMDBIT(CMD_FRAMEWORKS) | \
                  CMDBIT(CMD_COMPLETION) | CMDBIT(CMD_SBOM))
#define SCAN CMDBIT(CMD_SCAN)
#define REPORTING (SCAN | CMDBIT(CMD_CHECKS) | CMDBIT(CMD_FRAMEWORKS) | CMDBIT(CMD_EXPLAIN) | \
                   CMDBIT(CMD_TEST_CHECKS) | CMDBIT(CMD_NEW_CHECK) | CMDBIT(CMD_SBOM))
#define SBOM CMDBIT(CMD_SBOM)

/* ---------------------------------------------------------------- setters */

static void push(const char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

static const char *own(cli *c, char *s)
{
    c->owned = xrealloc(c->owned, (c->n_owned + 1) * sizeof *c->owned);
    c->owned[c->n_owned++] = s;
    return s;
}

/* A whole number from min to max, digits only (no sign, no spaces). */
static int whole(const char *name, const char *val, unsigned long long min, unsigned long long max,
                 unsigned long long *out, char *err, size_t errlen)
{
    unsigned long long v = 0;
    int ok = *val != 0;
    for (const char *p = val; *p && ok; p++) {
        if (*p < '0' || *p > '9' || v > (~0ULL - 9) / 10) ok = 0;
        else v = v * 10 + (unsigned)(*p - '0');
    }
    if (!ok || v < min || v > max) {
        if (max == ~0ULL) snprintf(err, errlen, "--%s wants a whole number of at least %llu, not '%s'", name, min, val);
        else snprintf(err, errlen, "--%s wants a whole number from %llu to %llu, not '%s'", name, min, max, val);
        return -1;
    }
    *out = v;
    return 0;
}

/* A comma list with at least one name in it (spaces around names allowed). */
static int nonempty_list(const char *name, const char *val, const char *what, char *err, size_t errlen)
{
    for (const char *p = val; *p; p++)
        if (*p != ',' && *p != ' ') return 0;
    snprintf(err, errlen, "--%s wants %s, not an empty list", name, what);
    return -1;
}

/* A severity name in any case ("HIGH"), lower-cased into out; -1 if none. */
static int severity_word(const char *s, size_t n, char *out, size_t outlen)
{
    if (n == 0 || n >= outlen) return -1;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)s[i]);
    out[n] = 0;
    return severity_parse(out);
}

static int set_format(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val || *val == '=') {
        snprintf(err, errlen, "--format wants a format name (see: plimsoll help %s)",
                 c->cmd == CMD_SCAN ? "scan" : c->cmd == CMD_CHECKS ? "checks" : c->cmd == CMD_SBOM ? "sbom" : "frameworks");
        return -1;
    }
    cli_report rep = {val, NULL};
    const char *eq = strchr(val, '=');
    if (eq) {
        if (c->cmd != CMD_SCAN) {
            snprintf(err, errlen, "--format %s: FORMAT=FILE is for scan; use --output FILE", val);
            return -1;
        }
        rep = (cli_report){own(c, xstrndup(val, (size_t)(eq - val))), eq + 1};
    }
    c->reports = xrealloc(c->reports, (c->n_reports + 1) * sizeof *c->reports);
    c->reports[c->n_reports++] = rep;
    return 0;
}

/* The names a report format may have: "-o json" is the format, not a file
 * (Checkov's -o), so refuse it rather than write a file named json. */
static const char *const format_words[] = {
    "text", "json", "sarif", "github", "junit", "gitlab", "markdown", "html", "compliance-text", "compliance-json",
    "compliance-csv", "compliance-markdown", "compliance-html", "cyclonedx", "spdx", "xml", "csv", "cli",
};

static int set_output(cli *c, const char *val, char *err, size_t errlen)
{
    for (size_t i = 0; i < sizeof format_words / sizeof *format_words; i++)
        if (strcmp(val, format_words[i]) == 0) {
            snprintf(err, errlen,
                     "--output %s: -o/--output names the report's file; for the %s format use -f %s "
                     "(a file named %s: -o ./%s)", val, val, val, val, val);
            return -1;
        }
    if (!c->n_reports) {
        c->reports = xrealloc(c->reports, sizeof *c->reports);
        c->reports[c->n_reports++] = (cli_report){NULL, val}; /* format given later, or text */
    } else if (c->reports[c->n_reports - 1].output) {
        snprintf(err, errlen, "--output %s: the --format before it already has an output (use --format F=FILE or one --output per --format)", val);
        return -1;
    } else {
        c->reports[c->n_reports - 1].output = val;
    }
    return 0;
}

static int set_config(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->config = val;
    return 0;
}

static int set_no_context(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->no_context = *val == '1';
    return 0;
}

static int set_verbose(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->verbose = *val == '1';
    return 0;
}

static int set_root(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--root wants a folder");
        return -1;
    }
    c->root = val;
    return 0;
}

static int set_stdin_name(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--stdin-filename wants a name");
        return -1;
    }
    c->stdin_name = val;
    return 0;
}

static int set_no_config(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->no_config = *val == '1';
    return 0;
}

static int set_baseline(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->baseline = val;
    return 0;
}

static int set_write_baseline(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->write_baseline = val;
    return 0;
}

static int set_summary(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->summary = val;
    return 0;
}

static int set_checks(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--checks wants a directory");
        return -1;
    }
    push(&c->checks_dirs, &c->n_checks_dirs, val);
    return 0;
}

static int set_skip(cli *c, const char *val, char *err, size_t errlen)
{
    if (nonempty_list("skip", val, "check names or ids", err, errlen)) return -1;
    push(&c->skip, &c->n_skip, val);
    return 0;
}

static int set_only(cli *c, const char *val, char *err, size_t errlen)
{
    if (nonempty_list("only", val, "check names or ids", err, errlen)) return -1;
    push(&c->only, &c->n_only, val);
    return 0;
}

/* --severity LIST: repeatable; names in any case; kept as one lower-case list. */
static int set_severity(cli *c, const char *val, char *err, size_t errlen)
{
    if (nonempty_list("severity", val, "severities (critical,high,medium,low,info)", err, errlen)) return -1;
    buf b = {0};
    if (c->severity) buf_puts(&b, c->severity);
    for (const char *p = val; *p;) {
        while (*p == ' ' || *p == ',') p++;
        size_t n = strcspn(p, ", ");
        if (!n) break;
        char word[16];
        if (severity_word(p, n, word, sizeof word) < 0) {
            snprintf(err, errlen, "--severity: '%.*s' is not critical, high, medium, low or info", (int)(n > 40 ? 40 : n), p);
            buf_free(&b);
            return -1;
        }
        buf_printf(&b, "%s%s", b.len ? "," : "", word);
        p += n;
    }
    c->severity = own(c, b.s);
    return 0;
}

static int set_fail_on(cli *c, const char *val, char *err, size_t errlen)
{
    char word[16];
    size_t n = strlen(val);
    if (n && n < sizeof word) {
        for (size_t i = 0; i <= n; i++) word[i] = (char)tolower((unsigned char)val[i]);
        if (strcmp(word, "none") == 0 || severity_parse(word) >= 0) {
            c->fail_on = own(c, xstrdup(word));
            return 0;
        }
    }
    snprintf(err, errlen, "--fail-on must be critical, high, medium, low, info or none, not '%s'", val);
    return -1;
}

static int set_jobs(cli *c, const char *val, char *err, size_t errlen)
{
    unsigned long long j;
    if (whole("jobs", val, 1, 64, &j, err, errlen)) return -1;
    c->jobs = (int)j;
    return 0;
}

static int set_budget(cli *c, const char *val, char *err, size_t errlen)
{
    return whole("check-budget", val, 1000, ~0ULL, &c->budget, err, errlen);
}

static int set_timeout(cli *c, const char *val, char *err, size_t errlen)
{
    return whole("check-timeout", val, 1, ~0ULL, &c->timeout_ms, err, errlen);
}

static int set_memory(cli *c, const char *val, char *err, size_t errlen)
{
    return whole("check-memory", val, 1, 1u << 20, &c->memory_mib, err, errlen);
}

static int set_max_file(cli *c, const char *val, char *err, size_t errlen)
{
    return whole("max-file-size", val, 1, 4095, &c->max_file_mib, err, errlen);
}

static int set_color(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->color = *val == '1';
    return 0;
}

static int set_no_color(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->color = *val != '1';
    return 0;
}

static int set_quiet(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->quiet = *val == '1';
    return 0;
}

static int set_errors(cli *c, const char *val, char *err, size_t errlen)
{
    if (strcmp(val, "fail") == 0) c->errors_warn = 0;
    else if (strcmp(val, "warn") == 0) c->errors_warn = 1;
    else {
        snprintf(err, errlen, "--errors must be fail or warn, not '%s'", val);
        return -1;
    }
    return 0;
}

static int set_fail_nothing(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->fail_if_nothing = *val == '1';
    return 0;
}

/* --input LIST: comma lists of input names, added to c->inputs. */
static int set_input(cli *c, const char *val, char *err, size_t errlen)
{
    char *copy = xstrdup(val), *save = NULL;
    int rc = 0, any = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        if (!*tok) continue;
        unsigned bit = input_parse(tok);
        if (!bit) {
            snprintf(err, errlen, "unknown input '%s' (known: kubernetes, compose, dockerfile, image, container, daemon, node, archive)", tok);
            rc = -1;
        }
        c->inputs |= bit;
        any = 1;
    }
    free(copy);
    if (!rc && !any) {
        snprintf(err, errlen, "--input wants kubernetes, compose, dockerfile or image");
        rc = -1;
    }
    return rc;
}

static int set_platform(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--platform wants OS/ARCH[/VARIANT], like linux/arm64");
        return -1;
    }
    c->platform = val;
    return 0;
}

static int set_archive_limit(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen; /* checked by main's archive_options, with the limits' names */
    push(&c->archive_limits, &c->n_archive_limits, val);
    return 0;
}

static int set_image(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--image wants an image name (repo:tag) or a digest prefix");
        return -1;
    }
    c->image = val;
    return 0;
}

static int set_dir(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->dir = val;
    return 0;
}

static int set_id(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->id = val;
    return 0;
}

static int set_compliance(cli *c, const char *val, char *err, size_t errlen)
{
    if (nonempty_list("compliance", val, "framework ids (see: plimsoll frameworks)", err, errlen)) return -1;
    push(&c->compliance, &c->n_compliance, val);
    return 0;
}

static int set_threshold(cli *c, const char *val, char *err, size_t errlen)
{
    char *end;
    double v = strtod(val, &end);
    if (*end || !*val || isspace((unsigned char)*val) || !(v >= 0 && v <= 100)) {
        snprintf(err, errlen, "--compliance-threshold wants a score from 0 to 100, not '%s'", val);
        return -1;
    }
    c->threshold = v;
    return 0;
}

static int set_framework(cli *c, const char *val, char *err, size_t errlen)
{
    if (!*val) {
        snprintf(err, errlen, "--framework wants a framework id (see: plimsoll frameworks)");
        return -1;
    }
    c->framework = val;
    return 0;
}

static int set_help(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->help = *val == '1';
    return 0;
}

static int set_version(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->version = *val == '1';
    return 0;
}

static int set_man(cli *c, const char *val, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    c->man = *val == '1';
    return 0;
}

/* ------------------------------------------------------------------ table */

#define FORMATS_SCAN "text json sarif github junit gitlab compliance-text compliance-json compliance-csv " \
                     "compliance-markdown compliance-html"
#define SEVERITIES "critical high medium low info"
#define FRAMEWORKS "cis-docker cis-kubernetes nsa-cisa pss-baseline pss-restricted"

/* One row per option, in the order help shows them. */
const cli_option cli_options[] = {
    {"format", 'f', "FORMAT[=FILE]", SCAN | CMDBIT(CMD_CHECKS) | CMDBIT(CMD_FRAMEWORKS) | SBOM,
     OPT_ENV | OPT_CONFIG | OPT_REPEAT, NULL, FORMATS_SCAN " markdown cyclonedx spdx",
     "report format. scan: text (default), json, sarif, github, junit, gitlab, compliance-text, "
     "compliance-json, compliance-csv, compliance-markdown, compliance-html; repeatable, each with its own FILE "
     "(or the --output after it). checks: text, json or markdown. frameworks: text or json. sbom: cyclonedx "
     "(default) or spdx", set_format},
    {"output", 'o', "FILE", REPORTING, OPT_ENV | OPT_REPEAT, NULL, "@file",
     "write the report (of the --format before it) to FILE, atomically; - is stdout. A format name "
     "(-o json) is refused: that is -f json", set_output},
    {"severity", 0, "LIST", SCAN, OPT_ENV | OPT_CONFIG | OPT_REPEAT, NULL, SEVERITIES,
     "only report these severities: critical, high, medium, low, info (any case, comma list, repeatable)",
     set_severity},
    {"fail-on", 0, "SEVERITY", SCAN, OPT_ENV | OPT_CONFIG, NULL, SEVERITIES " none",
     "exit 1 only for findings at or above it (default: low; none: never)", set_fail_on},
    {"errors", 0, "fail|warn", SCAN, OPT_ENV | OPT_CONFIG, NULL, "fail warn",
     "fail (default): an input that cannot be read or parsed makes the exit code 2; warn: such errors are "
     "still reported but do not change the exit code (errors of checks still do)", set_errors},
    {"fail-if-nothing-scanned", 0, NULL, SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "exit 2 when no file plimsoll reads was found (a mistyped path or an empty checkout)", set_fail_nothing},
    {"quiet", 'q', NULL, SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "text report: only the errors and the summary line, no findings; no configuration warnings on stderr",
     set_quiet},
    {"skip", 0, "CHECK,...", SCAN, OPT_ENV | OPT_REPEAT, NULL, "@check",
     "do not run these checks (id or name; repeatable; joins the configuration's skip list)", set_skip},
    {"only", 0, "CHECK,...", SCAN, OPT_ENV | OPT_CONFIG | OPT_REPEAT, NULL, "@check",
     "run only these checks (id or name; repeatable)", set_only},
    {"framework", 0, "FW", SCAN | CMDBIT(CMD_CHECKS) | CMDBIT(CMD_FRAMEWORKS), OPT_ENV | OPT_CONFIG, NULL, FRAMEWORKS,
     "scan: run only the checks that evidence a control of FW; checks: list only those; frameworks: only FW",
     set_framework},
    {"compliance", 0, "FW,...", SCAN, OPT_ENV | OPT_CONFIG | OPT_REPEAT, NULL, FRAMEWORKS,
     "per-control results for these frameworks (see: plimsoll frameworks); the report is compliance-text "
     "unless a --format is given", set_compliance},
    {"compliance-threshold", 0, "N", SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "exit 1 when a framework's overall score is below N (0-100)", set_threshold},
    {"checks", 0, "DIR", SCAN | CMDBIT(CMD_CHECKS) | CMDBIT(CMD_EXPLAIN) | CMDBIT(CMD_FRAMEWORKS),
     OPT_ENV | OPT_CONFIG | OPT_REPEAT | OPT_PATH, NULL, "@dir",
     "add the checks in DIR (repeatable; in the configuration, relative to its folder)", set_checks},
    {"config", 0, "FILE", SCAN, OPT_ENV, NULL, "@file",
     "configuration (default: .plimsoll.yaml in the scanned root)", set_config},
    {"no-config", 0, NULL, SCAN, OPT_ENV, NULL, NULL, "do not read .plimsoll.yaml", set_no_config},
    {"no-context", 0, NULL, SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "files named inside a git work tree: do not read the rest of the repository as context for "
     "cross-document checks", set_no_context},
    {"root", 0, "DIR", SCAN, OPT_ENV | OPT_CONFIG | OPT_PATH, NULL, "@dir",
     "the repository root CI reports and baselines name files relative to (default: each file's git top level)",
     set_root},
    {"stdin-filename", 0, "NAME", SCAN, OPT_ENV, NULL, NULL, "the name of what - reads (default: <stdin>)",
     set_stdin_name},
    {"verbose", 0, NULL, SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL, "list the files and documents skipped, and why",
     set_verbose},
    {"baseline", 0, "FILE", SCAN, OPT_ENV | OPT_CONFIG | OPT_PATH, NULL, "@file",
     "report only findings not recorded in FILE", set_baseline},
    {"write-baseline", 0, "FILE", SCAN, OPT_ENV, NULL, "@file",
     "record the current findings in FILE (then exit 0 unless errors)", set_write_baseline},
    {"github-summary", 0, "FILE", SCAN, OPT_ENV, NULL, "@file",
     "with --format github: append the markdown summary to FILE (default: $GITHUB_STEP_SUMMARY when set)",
     set_summary},
    {"jobs", 'j', "N", SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL, "worker threads, 1 to 64 (default: one per CPU)",
     set_jobs},
    {"check-budget", 0, "N", SCAN | CMDBIT(CMD_TEST_CHECKS), OPT_ENV, NULL, NULL,
     "VM instructions one check may run on one document (default 20000000, at least 1000)", set_budget},
    {"budget", 0, "N", SCAN | CMDBIT(CMD_TEST_CHECKS), OPT_HIDDEN, "check-budget", NULL, "--check-budget",
     set_budget},
    {"check-timeout", 0, "MS", SCAN | CMDBIT(CMD_TEST_CHECKS), OPT_ENV, NULL, NULL,
     "wall-clock time one check may take on one document (default 10000)", set_timeout},
    {"check-memory", 0, "MIB", SCAN | CMDBIT(CMD_TEST_CHECKS), OPT_ENV, NULL, NULL,
     "memory one check may allocate on one document (default 256)", set_memory},
    {"platform", 0, "OS/ARCH[/VARIANT]", SCAN | SBOM, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "image archives: only that platform's image of a multi-platform index (default: every platform)",
     set_platform},
    {"archive-limit", 0, "NAME=VALUE", SCAN | SBOM, OPT_ENV | OPT_REPEAT, NULL, NULL,
     "image archives: bytes (16G), entries (2000000), path (4096), ratio (200), links (40), capture (64M); "
     "K, M, G suffixes; repeatable (docs/images.md)", set_archive_limit},
    {"image", 0, "NAME|DIGEST", SBOM, 0, NULL, NULL,
     "which image of an archive holding several (a repo:tag, or a manifest or config digest prefix)", set_image},
    {"max-file-size", 0, "MIB", SCAN, OPT_ENV, NULL, NULL, "the largest input file read (default 256, at most 4095)",
     set_max_file},
    {"color", 0, NULL, SCAN, OPT_ENV | OPT_CONFIG, NULL, NULL,
     "colour the text report even when stdout is not a terminal (default: on a terminal, unless NO_COLOR is "
     "set or TERM=dumb; FORCE_COLOR forces it on)", set_color},
    {"no-color", 0, NULL, SCAN, 0, "color", NULL, "never colour", set_no_color},
    {"input", 0, "LIST", CMDBIT(CMD_CHECKS) | CMDBIT(CMD_NEW_CHECK), OPT_REPEAT, NULL,
     "kubernetes compose dockerfile image container daemon node archive",
     "only the checks of these inputs (checks), the inputs of the new check (new-check): kubernetes, "
     "compose, dockerfile, image, container, daemon, node, archive (comma list, repeatable)", set_input},
    {"dir", 0, "DIR", CMDBIT(CMD_NEW_CHECK), 0, NULL, "@dir", "where to write the check (default: .)", set_dir},
    {"id", 0, "ID", CMDBIT(CMD_NEW_CHECK), 0, NULL, NULL,
     "the new check's id, like ORG-001 (default: the first free ORG-NNN)", set_id},
    {"help", 'h', NULL, CMDS_ALL, 0, NULL, NULL, "show this help (plimsoll COMMAND --help: that command's)",
     set_help},
    {"version", 'v', NULL, CMDS_ALL, 0, NULL, NULL, "print the version", set_version},
    {"man", 0, NULL, CMDBIT(CMD_HELP), OPT_HIDDEN, NULL, NULL, "the man page, in roff", set_man},
};
const size_t cli_n_options = sizeof cli_options / sizeof *cli_options;
_Static_assert(sizeof cli_options / sizeof *cli_options <= CLI_MAX_OPTIONS, "CLI_MAX_OPTIONS holds the table");

const cli_command cli_commands[] = {
    {"scan", CMD_SCAN, "[PATH...|-]", "scan files and directories for misconfigurations",
     "Scan files and directories (default: .); - reads stdin. Directories are walked recursively. Exit 0: "
     "nothing at or above --fail-on; 1: findings at or above it; 2: a usage error or an input that could not "
     "be read or parsed (the rest is still scanned and reported)."},
    {"checks", CMD_CHECKS, "", "list the checks",
     "List the checks with id, name, severity, inputs and frameworks."},
    {"frameworks", CMD_FRAMEWORKS, "", "list the compliance frameworks",
     "List the compliance frameworks and every control with its assessment."},
    {"explain", CMD_EXPLAIN, "CHECK", "full text of one check", "Print the full text of one check (id or name)."},
    {"test-checks", CMD_TEST_CHECKS, "DIR", "run custom checks against their fixtures",
     "Run every check in DIR against its fixtures: DIR/<check>/pass-* must give no finding of it, "
     "DIR/<check>/fail-* at least one. Exit 0 when all pass, 1 when a fixture fails, 2 when a check does not "
     "load."},
    {"new-check", CMD_NEW_CHECK, "NAME --input LIST", "write a new check with fixtures",
     "Write DIR/<name>.lua (a working example check with one handler per input) and a pass and a fail "
     "fixture per input."},
    {"sbom", CMD_SBOM, "IMAGE", "the package inventory of an image as CycloneDX or SPDX",
     "Write the package inventory of an image archive or OCI layout (a tar or a directory) as CycloneDX 1.5 "
     "(default) or SPDX 2.3 JSON: OS packages (dpkg, apk, rpm), Python, npm, Go and Maven packages, each with "
     "its source package and the layer that installed it (docs/images.md)."},
    {"completion", CMD_COMPLETION, "bash|zsh|fish", "print a shell completion script",
     "Print the completion script for bash, zsh or fish (make install installs all three)."},
    {"version", CMD_VERSION, "", "print the version", "Print the version."},
    {"help", CMD_HELP, "[COMMAND]", "show help", "Show the help of plimsoll or of one command."},
};
const size_t cli_n_commands = sizeof cli_commands / sizeof *cli_commands;

/* ---------------------------------------------------------------- parsing */

static size_t row_of(const cli_option *o) { return (size_t)(o - cli_options); }

/* The row whose precedence o shares (itself, or the row it is a spelling of). */
static size_t slot_of(const cli_option *o)
{
    if (o->same)
        for (size_t i = 0; i < cli_n_options; i++)
            if (strcmp(cli_options[i].name, o->same) == 0) return i;
    return row_of(o);
}

static const cli_command *command_named(const char *name)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (strcmp(cli_commands[i].name, name) == 0) return &cli_commands[i];
    return NULL;
}

static const char *command_name(command cmd)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (cli_commands[i].cmd == cmd) return cli_commands[i].name;
    return "plimsoll";
}

/* Apply an option's value from origin `from` when nothing stronger set it. */
static int apply(cli *c, const cli_option *o, const char *val, int from, char *err, size_t errlen)
{
    size_t slot = slot_of(o);
    if (c->from[slot] > from) return 0;
    /* a weaker origin's list is replaced, not added to, by a stronger one */
    c->from[slot] = (unsigned char)from;
    return o->set(c, val, err, errlen);
}

static int option_refused(const cli *c, const cli_option *o, char *err, size_t errlen)
{
    if (o->cmds & CMDBIT(c->cmd)) return 0;
    buf who = {0};
    for (size_t i = 0; i < cli_n_commands; i++)
        if (o->cmds & CMDBIT(cli_commands[i].cmd)) buf_printf(&who, "%s%s", who.len ? ", " : "", cli_commands[i].name);
    snprintf(err, errlen, "--%s is not an option of %s (it is one of: %s; see: plimsoll %s --help)", o->name,
             command_name(c->cmd), who.s ? who.s : "none", command_name(c->cmd));
    buf_free(&who);
    return -1;
}

/* The commands that take exactly one argument, and what it is. */
static const char *one_argument(command cmd)
{
    switch (cmd) {
    case CMD_EXPLAIN: return "a check id or name";
    case CMD_TEST_CHECKS: return "a directory of checks";
    case CMD_NEW_CHECK: return "the new check's name";
    case CMD_COMPLETION: return "a shell: bash, zsh or fish";
    case CMD_SBOM: return "an image archive or OCI layout";
    case CMD_HELP: return "a command";
    default: return NULL;
    }
}

/* A word that is not an option: a path to scan, or the command's argument. */
static int positional(cli *c, const char *a, char *err, size_t errlen)
{
    const char *what = one_argument(c->cmd);
    if (c->cmd == CMD_SCAN) {
        push(&c->paths, &c->n_paths, a);
        return 0;
    }
    if (!what) {
        snprintf(err, errlen, "%s takes no argument (not '%s')", command_name(c->cmd), a);
        return -1;
    }
    if (c->arg) {
        snprintf(err, errlen, "one argument only: %s (not also '%s')", what, a);
        return -1;
    }
    c->arg = a;
    return 0;
}

/* What a command needs beyond its options. */
static int settle_command(cli *c, char *err, size_t errlen)
{
    if (c->help || c->version) return 0;
    const char *what = one_argument(c->cmd);
    if (what && !c->arg && c->cmd != CMD_HELP) {
        snprintf(err, errlen, "%s needs %s", command_name(c->cmd), what);
        return -1;
    }
    if (c->cmd == CMD_NEW_CHECK && !c->inputs) {
        snprintf(err, errlen, "new-check needs --input: kubernetes, compose, dockerfile, image, container, daemon, node or archive (comma list)");
        return -1;
    }
    if (c->cmd == CMD_SBOM) {
        for (size_t r = 0; r < c->n_reports; r++)
            if (c->reports[r].format && strcmp(c->reports[r].format, "cyclonedx") && strcmp(c->reports[r].format, "spdx")) {
                snprintf(err, errlen, "sbom --format must be cyclonedx or spdx");
                return -1;
            }
    }
    if (c->cmd == CMD_COMPLETION && strcmp(c->arg, "bash") && strcmp(c->arg, "zsh") && strcmp(c->arg, "fish")) {
        snprintf(err, errlen, "completion wants bash, zsh or fish, not '%s'", c->arg);
        return -1;
    }
    if (c->cmd == CMD_HELP && c->arg && (!command_named(c->arg) || strcmp(c->arg, "help") == 0)) {
        snprintf(err, errlen, "help: unknown command '%s'", c->arg);
        return -1;
    }
    return 0;
}

/* The long option a failing argv word names ("--bogus=1" → "--bogus"). */
static void word_name(const char *w, char *out, size_t n)
{
    size_t l = strcspn(w, "=");
    snprintf(out, n, "%.*s", (int)(l > 60 ? 60 : l), w);
}

/* The options whose names start with a mistyped one, as "--a or --b". */
static void prefix_matches(const char *name, buf *out)
{
    size_t n = strlen(name), k = 0;
    for (size_t i = 0; i < cli_n_options; i++)
        if (!(cli_options[i].flags & OPT_HIDDEN) && strncmp(cli_options[i].name, name, n) == 0) k++;
    for (size_t i = 0, j = 0; i < cli_n_options; i++) {
        if (cli_options[i].flags & OPT_HIDDEN || strncmp(cli_options[i].name, name, n) != 0) continue;
        j++;
        buf_printf(out, "%s--%s", j == 1 ? "" : j == k ? " or " : ", ", cli_options[i].name);
    }
}

static int unknown_option(const char *word, char *err, size_t errlen)
{
    char name[64];
    word_name(word, name, sizeof name);
    buf near = {0};
    if (name[1] == '-' && name[2]) prefix_matches(name + 2, &near);
    if (near.s) snprintf(err, errlen, "unknown option '%s' (did you mean %s?)", name, near.s);
    else snprintf(err, errlen, "unknown option '%s'", name);
    buf_free(&near);
    return -1;
}

int cli_parse(int argc, char **argv, cli *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->format = "text";
    c->fail_on = "low";
    c->color = -1;
    c->threshold = -1;
    if (argc < 2) {
        c->cmd = CMD_HELP;
        return 0;
    }
    const char *first = argv[1];
    const cli_command *cmd = command_named(first);
    if (strcmp(first, "--version") == 0 || strcmp(first, "-v") == 0) cmd = command_named("version");
    else if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) cmd = command_named("help");
    if (!cmd) {
        if (first[0] == '-') snprintf(err, errlen, "unknown option '%s' before a command (options come after it: plimsoll scan %s)", first, first);
        else snprintf(err, errlen, "unknown command '%s'", first);
        return -1;
    }
    c->cmd = cmd->cmd;

    /* getopt_long over the command's words: "-" first returns the words
     * that are not options in order (whatever POSIXLY_CORRECT says), ":"
     * reports a missing value as ':'. */
    struct option longs[CLI_MAX_OPTIONS + 1];
    char shorts[3 + 2 * CLI_MAX_OPTIONS] = "-:";
    size_t ns = 2;
    for (size_t i = 0; i < cli_n_options; i++) {
        const cli_option *o = &cli_options[i];
        longs[i] = (struct option){o->name, o->metavar ? required_argument : no_argument, NULL, 256 + (int)i};
        if (o->short_name) {
            shorts[ns++] = o->short_name;
            if (o->metavar) shorts[ns++] = ':';
        }
    }
    shorts[ns] = 0;
    longs[cli_n_options] = (struct option){0, 0, 0, 0};

    int n = argc - 1;
    char **words = argv + 1; /* words[0] is the command, as getopt's argv[0] */
    opterr = 0;
    optind = 0; /* glibc: start over (cli_parse may run more than once) */
    int rc = 0;
    for (int ch; !rc && (ch = getopt_long(n, words, shorts, longs, NULL)) != -1;) {
        const char *word = words[optind - 1];
        if (ch == 1) {
            rc = positional(c, optarg, err, errlen);
            continue;
        }
        if (ch == '?') {
            if (optopt == 0) { /* an unknown (or ambiguous) long option */
                rc = unknown_option(word, err, errlen);
            } else if (optopt >= 256) { /* --quiet=1 */
                snprintf(err, errlen, "option --%s takes no value", cli_options[optopt - 256].name);
                rc = -1;
            } else {
                snprintf(err, errlen, "unknown option '-%c'", optopt);
                rc = -1;
            }
            continue;
        }
        if (ch == ':') {
            const cli_option *o = optopt >= 256 ? &cli_options[optopt - 256] : NULL;
            for (size_t i = 0; !o && i < cli_n_options; i++)
                if (cli_options[i].short_name == optopt) o = &cli_options[i];
            snprintf(err, errlen, "option --%s needs a value (%s)", o ? o->name : "?", o ? o->metavar : "?");
            rc = -1;
            continue;
        }
        const cli_option *o = NULL;
        if (ch >= 256) {
            o = &cli_options[ch - 256];
            /* whole names only: getopt_long also takes an unambiguous prefix */
            const char *w = o->metavar && optarg == words[optind - 1] ? words[optind - 2] : word;
            char name[64];
            word_name(w, name, sizeof name);
            if (strcmp(name + 2, o->name) != 0) {
                rc = unknown_option(w, err, errlen);
                continue;
            }
        } else {
            for (size_t i = 0; !o && i < cli_n_options; i++)
                if (cli_options[i].short_name == ch) o = &cli_options[i];
        }
        if (!o) continue; /* not reached: getopt returns only what the table holds */
        rc = option_refused(c, o, err, errlen) || apply(c, o, o->metavar ? optarg : "1", FROM_FLAG, err, errlen);
    }
    for (int i = optind; !rc && i < n; i++) rc = positional(c, words[i], err, errlen); /* after "--" */
    optind = 0;
    if (rc) return -1;
    return settle_command(c, err, errlen);
}

/* ------------------------------------------------- environment and config */

void cli_env_name(const cli_option *o, char *out, size_t n)
{
    size_t k = (size_t)snprintf(out, n, "PLIMSOLL_");
    for (const char *p = o->name; *p && k + 1 < n; p++) out[k++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
    out[k < n ? k : n - 1] = 0;
}

/* A flag's value from the environment or a config: "1", "0", or NULL. */
static const char *boolean(const char *v)
{
    static const char *const on[] = {"1", "true", "yes", "on"}, *const off[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, on[i]) == 0) return "1";
        if (strcasecmp(v, off[i]) == 0) return "0";
    }
    return NULL;
}

int cli_apply_env(cli *c, char *err, size_t errlen)
{
    if (c->cmd != CMD_SCAN) return 0; /* the environment and the configuration set scan's options */
    for (size_t i = 0; i < cli_n_options; i++) {
        const cli_option *o = &cli_options[i];
        if (!(o->flags & OPT_ENV) || !(o->cmds & CMDBIT(c->cmd))) continue;
        char name[64];
        cli_env_name(o, name, sizeof name);
        const char *v = getenv(name);
        if (!v || !*v) continue; /* empty: unset */
        if (!o->metavar && !(v = boolean(v))) {
            snprintf(err, errlen, "%s=%s: want 1, true, yes, on, or 0, false, no, off", name, getenv(name));
            return -1;
        }
        char msg[400];
        if (apply(c, o, v, FROM_ENV, msg, sizeof msg)) {
            snprintf(err, errlen, "%s=%s: %s", name, getenv(name), msg);
            return -1;
        }
    }
    return 0;
}

const cli_option *cli_config_option(const char *key)
{
    for (size_t i = 0; i < cli_n_options; i++)
        if (cli_options[i].flags & OPT_CONFIG && strcmp(cli_options[i].name, key) == 0) return &cli_options[i];
    return NULL;
}

int cli_apply_config(cli *c, const char *key, const char *const *vals, size_t n, const char *base, char *err,
                     size_t errlen)
{
    const cli_option *o = cli_config_option(key);
    if (!o || c->cmd != CMD_SCAN) return 0;
    if (c->from[slot_of(o)] > FROM_CONFIG) return 0; /* a flag or the environment decided */
    if (n != 1 && !(o->flags & OPT_REPEAT)) {
        snprintf(err, errlen, "%s takes one value, not a list", key);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = vals[i];
        if (!o->metavar && !(v = boolean(v))) {
            snprintf(err, errlen, "%s must be true or false", key);
            return -1;
        }
        if (o->set == set_format && strchr(v, '=')) {
            /* a scanned repository does not choose where files are written */
            snprintf(err, errlen, "format: FORMAT=FILE is not allowed in the configuration (use --format on the command line)");
            return -1;
        }
        buf b = {0};
        if (o->flags & OPT_PATH && base && *base && v[0] != '/') buf_printf(&b, "%s/%s", base, v);
        else buf_puts(&b, v);
        v = own(c, b.s);
        if (apply(c, o, v, FROM_CONFIG, err, errlen)) return -1;
    }
    return 0;
}

/* The reports as given, made whole: an --output before any --format goes to
 * the first --format; no --format means text; "-" or "" means stdout. */
void cli_settle(cli *c)
{
    if (c->n_reports > 1 && !c->reports[0].format && !c->reports[1].output) {
        c->reports[1].output = c->reports[0].output;
        memmove(c->reports, c->reports + 1, (c->n_reports - 1) * sizeof *c->reports);
        c->n_reports--;
    }
    /* --compliance without any --format: the compliance table on the terminal;
     * sbom: CycloneDX */
    const char *dflt = c->cmd == CMD_SBOM ? "cyclonedx" : c->n_compliance ? "compliance-text" : "text";
    if (!c->n_reports) {
        c->reports = xrealloc(c->reports, sizeof *c->reports);
        c->reports[c->n_reports++] = (cli_report){dflt, NULL};
    }
    for (size_t r = 0; r < c->n_reports; r++) {
        if (!c->reports[r].format) c->reports[r].format = dflt;
        if (c->reports[r].output && (!*c->reports[r].output || strcmp(c->reports[r].output, "-") == 0))
            c->reports[r].output = NULL;
    }
    c->format = c->reports[0].format;
    c->output = c->reports[0].output;
}

int cli_color(const cli *c, int to_terminal)
{
    if (c->color >= 0) return c->color;
    const char *force = getenv("FORCE_COLOR"), *no = getenv("NO_COLOR"), *term = getenv("TERM");
    if (force && *force) return 1;
    if (no && *no) return 0;
    if (term && strcmp(term, "dumb") == 0) return 0;
    return to_terminal;
}

void cli_free(cli *c)
{
    free(c->paths);
    free(c->checks_dirs);
    free(c->skip);
    free(c->only);
    free(c->compliance);
    free(c->archive_limits);
    free(c->reports);
    for (size_t i = 0; i < c->n_owned; i++) free(c->owned[i]);
    free(c->owned);
    memset(c, 0, sizeof *c);
}
