/* cli.c — argv → struct cli (see cli.h). Accepts `--opt value` and
 * `--opt=value`; repeatable list options accumulate. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

const char cli_usage[] =
    "usage: plimsoll <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan [PATH...|-]       scan files and directories (default: .); - reads stdin\n"
    "  checks                 list the checks with id, name, severity, inputs, frameworks\n"
    "    --format FORMAT      text (default), json, or markdown (a reference page, as in docs/checks/)\n"
    "    --input LIST         only the checks of these inputs: kubernetes, compose, dockerfile, image\n"
    "                         (comma list, repeatable)\n"
    "    --framework FW       only the checks that evidence a control of FW (see: plimsoll frameworks)\n"
    "  frameworks             list the compliance frameworks and every control with its assessment\n"
    "    --format FORMAT      text (default) or json\n"
    "    --framework FW       only that framework\n"
    "  explain CHECK          full text of one check (id or name)\n"
    "  test-checks DIR        run every check in DIR against its fixtures: DIR/<check>/pass-* must\n"
    "                         give no finding of it, DIR/<check>/fail-* at least one; exit 0 when\n"
    "                         all pass, 1 when a fixture fails, 2 when a check does not load\n"
    "  new-check NAME --input LIST [--dir DIR] [--id ID]\n"
    "                         write DIR/<name>.lua (a working example check with one handler per\n"
    "                         input) and a pass and a fail fixture per input (DIR default: .)\n"
    "  version                print the version\n"
    "\n"
    "scan options:\n"
    "  --format FORMAT[=FILE] report format: text (default), json, sarif, github, junit, gitlab,\n"
    "                         compliance-text, compliance-json, compliance-csv, compliance-markdown,\n"
    "                         compliance-html; repeatable, each with its own FILE (or the --output after it)\n"
    "  --compliance FW,...    per-control results for these frameworks (cis-docker, cis-kubernetes,\n"
    "                         nsa-cisa, pss-baseline, pss-restricted; see: plimsoll frameworks); the\n"
    "                         report is compliance-text unless a --format is given\n"
    "  --compliance-threshold N  exit 1 when a framework's overall score is below N (0-100)\n"
    "  --framework FW         run only the checks that evidence a control of FW\n"
    "  --output FILE          write the report of the --format before it to FILE (atomically)\n"
    "  --severity LIST        only report these severities (critical,high,medium,low,info)\n"
    "  --fail-on SEVERITY     exit 1 only for findings at or above it (default: low; none: never)\n"
    "  --skip CHECK,...       do not run these checks (id or name)\n"
    "  --only CHECK,...       run only these checks (id or name)\n"
    "  --checks DIR           add the checks in DIR (repeatable)\n"
    "  --config FILE          configuration (default: .plimsoll.yaml in the scanned root)\n"
    "  --no-config            do not read .plimsoll.yaml\n"
    "  --baseline FILE        report only findings not recorded in FILE\n"
    "  --write-baseline FILE  record the current findings in FILE (then exit 0 unless errors)\n"
    "  --github-summary FILE  with --format github: append the markdown summary to FILE\n"
    "                         (default: $GITHUB_STEP_SUMMARY when set)\n"
    "  -j, --jobs N           worker threads (default: one per CPU)\n"
    "  --check-budget N       VM instructions one check may run on one document (default 20000000)\n"
    "  --check-timeout MS     wall-clock time one check may take on one document (default 10000)\n"
    "  --check-memory MIB     memory one check may allocate on one document (default 256)\n"
    "                         (the three limits apply to test-checks too)\n"
    "  --max-file-size MIB    the largest input file read (default 256, at most 4095)\n"
    "  --color / --no-color   force colour on or off (default: on a terminal)\n"
    "\n"
    "exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error\n";

static void push(const char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

static int parse_command(cli *c, const char *cmd, char *err, size_t errlen)
{
    if (strcmp(cmd, "scan") == 0) c->cmd = CMD_SCAN;
    else if (strcmp(cmd, "checks") == 0) c->cmd = CMD_CHECKS;
    else if (strcmp(cmd, "explain") == 0) c->cmd = CMD_EXPLAIN;
    else if (strcmp(cmd, "test-checks") == 0) c->cmd = CMD_TEST_CHECKS;
    else if (strcmp(cmd, "new-check") == 0) c->cmd = CMD_NEW_CHECK;
    else if (strcmp(cmd, "frameworks") == 0) c->cmd = CMD_FRAMEWORKS;
    else if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) c->cmd = CMD_VERSION;
    else if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) c->cmd = CMD_HELP;
    else {
        snprintf(err, errlen, "unknown command '%s'", cmd);
        return -1;
    }
    return 0;
}

/* Options without a value; 1 when a is one. */
static int flag_option(cli *c, const char *a)
{
    if (strcmp(a, "--color") == 0) c->color = 1;
    else if (strcmp(a, "--no-color") == 0) c->color = 0;
    else if (strcmp(a, "--no-config") == 0) c->no_config = 1;
    else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) c->cmd = CMD_HELP;
    else return 0;
    return 1;
}

/* A positive whole number of at least min for a limit option. */
static int limit_option(const char *name, const char *val, unsigned long long min, unsigned long long *out, char *err,
                        size_t errlen)
{
    char *end;
    unsigned long long v = strtoull(val, &end, 10);
    if (*end || !*val || v < min) {
        snprintf(err, errlen, "%s wants a whole number of at least %llu, not '%s'", name, min, val);
        return -1;
    }
    *out = v;
    return 0;
}

/* --format F[=FILE]: a new report. */
static void add_format(cli *c, const char *val)
{
    cli_report rep = {val, NULL};
    const char *eq = strchr(val, '=');
    if (eq) {
        char *f = xstrndup(val, (size_t)(eq - val));
        c->owned = xrealloc(c->owned, (c->n_owned + 1) * sizeof *c->owned);
        c->owned[c->n_owned++] = f;
        rep = (cli_report){f, eq + 1};
    }
    c->reports = xrealloc(c->reports, (c->n_reports + 1) * sizeof *c->reports);
    c->reports[c->n_reports++] = rep;
}

/* --output FILE: the output of the --format before it. */
static int add_output(cli *c, const char *val, char *err, size_t errlen)
{
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

/* --input LIST: comma lists of input names, added to c->inputs. */
static int add_inputs(cli *c, const char *val, char *err, size_t errlen)
{
    char *copy = xstrdup(val), *save = NULL;
    int rc = 0, any = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        unsigned bit = input_parse(tok);
        if (!bit) {
            snprintf(err, errlen, "unknown input '%s' (known: kubernetes, compose, dockerfile, image)", tok);
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

/* Options that belong to some commands only; 1 when name is one (handled,
 * or refused with a message in err and *bad set). */
static int command_option(cli *c, const char *name, const char *val, int *bad, char *err, size_t errlen)
{
    static const struct { const char *name; unsigned cmds; } own[] = {
        {"--input", 1u << CMD_CHECKS | 1u << CMD_NEW_CHECK},
        {"--dir", 1u << CMD_NEW_CHECK},
        {"--id", 1u << CMD_NEW_CHECK},
        {"--compliance", 1u << CMD_SCAN},
        {"--compliance-threshold", 1u << CMD_SCAN},
        {"--framework", 1u << CMD_SCAN | 1u << CMD_CHECKS | 1u << CMD_FRAMEWORKS},
    };
    size_t i = 0;
    while (i < sizeof own / sizeof *own && strcmp(own[i].name, name) != 0) i++;
    if (i == sizeof own / sizeof *own) return 0;
    *bad = 0;
    static const char *const whose[] = {"checks and new-check", "new-check", "new-check", "scan", "scan",
                                        "scan, checks and frameworks"};
    if (!(own[i].cmds & 1u << c->cmd)) {
        snprintf(err, errlen, "%s is an option of %s only", name, whose[i]);
        *bad = 1;
    } else if (i == 0) {
        *bad = add_inputs(c, val, err, errlen) != 0;
    } else if (i == 1) {
        c->dir = val;
    } else if (i == 2) {
        c->id = val;
    } else if (i == 3) {
        push(&c->compliance, &c->n_compliance, val);
    } else if (i == 4) {
        char *end;
        double v = strtod(val, &end);
        if (*end || !*val || !(v >= 0 && v <= 100)) {
            snprintf(err, errlen, "--compliance-threshold wants a score from 0 to 100, not '%s'", val);
            *bad = 1;
        }
        c->threshold = v;
    } else {
        c->framework = val;
    }
    return 1;
}

/* An option with its value; 0, or -1 with a message. */
static int value_option(cli *c, const char *name, const char *val, char *err, size_t errlen)
{
    int bad;
    if (command_option(c, name, val, &bad, err, errlen)) return bad ? -1 : 0;
    if (strcmp(name, "--format") == 0 || strcmp(name, "-f") == 0) add_format(c, val);
    else if (strcmp(name, "--output") == 0 || strcmp(name, "-o") == 0) return add_output(c, val, err, errlen);
    else if (strcmp(name, "--config") == 0) c->config = val;
    else if (strcmp(name, "--baseline") == 0) c->baseline = val;
    else if (strcmp(name, "--write-baseline") == 0) c->write_baseline = val;
    else if (strcmp(name, "--github-summary") == 0) c->summary = val;
    else if (strcmp(name, "--severity") == 0) c->severity = val;
    else if (strcmp(name, "--fail-on") == 0) c->fail_on = val;
    else if (strcmp(name, "--skip") == 0) push(&c->skip, &c->n_skip, val);
    else if (strcmp(name, "--only") == 0) push(&c->only, &c->n_only, val);
    else if (strcmp(name, "--checks") == 0) push(&c->checks_dirs, &c->n_checks_dirs, val);
    else if (strcmp(name, "--jobs") == 0 || strcmp(name, "-j") == 0) {
        char *end;
        long j = strtol(val, &end, 10);
        if (*end || j < 1 || j > 64) {
            snprintf(err, errlen, "--jobs wants a number from 1 to 64, not '%s'", val);
            return -1;
        }
        c->jobs = (int)j;
    } else if (strcmp(name, "--check-budget") == 0 || strcmp(name, "--budget") == 0) {
        return limit_option(name, val, 1000, &c->budget, err, errlen);
    } else if (strcmp(name, "--check-timeout") == 0) {
        return limit_option(name, val, 1, &c->timeout_ms, err, errlen);
    } else if (strcmp(name, "--check-memory") == 0) {
        return limit_option(name, val, 1, &c->memory_mib, err, errlen);
    } else if (strcmp(name, "--max-file-size") == 0) {
        if (limit_option(name, val, 1, &c->max_file_mib, err, errlen)) return -1;
        if (c->max_file_mib > 4095) {
            snprintf(err, errlen, "--max-file-size is at most 4095 (MiB), not '%s'", val);
            return -1;
        }
    } else {
        snprintf(err, errlen, "unknown option '%s'", name);
        return -1;
    }
    return 0;
}

/* The reports as given, made whole: an --output before any --format goes to
 * the first --format; no --format means text; "-" or "" means stdout. */
static void settle_reports(cli *c)
{
    if (c->n_reports > 1 && !c->reports[0].format && !c->reports[1].output) {
        c->reports[1].output = c->reports[0].output;
        memmove(c->reports, c->reports + 1, (c->n_reports - 1) * sizeof *c->reports);
        c->n_reports--;
    }
    /* --compliance without any --format: the compliance table on the terminal */
    const char *dflt = c->n_compliance ? "compliance-text" : "text";
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

/* The commands that take exactly one argument, and what it is. */
static const char *one_argument(command cmd)
{
    switch (cmd) {
    case CMD_EXPLAIN: return "a check id or name";
    case CMD_TEST_CHECKS: return "a directory of checks";
    case CMD_NEW_CHECK: return "the new check's name";
    default: return NULL;
    }
}

/* A word that is not an option: a path to scan, or the command's argument. */
static int positional(cli *c, const char *a, char *err, size_t errlen)
{
    const char *what = one_argument(c->cmd);
    if (!what) {
        push(&c->paths, &c->n_paths, a);
        return 0;
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
    const char *what = one_argument(c->cmd);
    if (what && !c->arg) {
        const char *name = c->cmd == CMD_EXPLAIN ? "explain" : c->cmd == CMD_TEST_CHECKS ? "test-checks" : "new-check";
        snprintf(err, errlen, "%s needs %s", name, what);
        return -1;
    }
    if (c->cmd == CMD_NEW_CHECK && !c->inputs) {
        snprintf(err, errlen, "new-check needs --input: kubernetes, compose, dockerfile or image (comma list)");
        return -1;
    }
    return 0;
}

int cli_parse(int argc, char **argv, cli *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->format = "text";
    c->fail_on = "low";
    c->color = -1;
    c->threshold = -1;
    int i = 1;
    if (i >= argc) {
        c->cmd = CMD_HELP;
        return 0;
    }
    if (parse_command(c, argv[i++], err, errlen)) return -1;
    int only_paths = 0;
    for (; i < argc; i++) {
        char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            if (positional(c, a, err, errlen)) return -1;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = 1;
            continue;
        }
        if (flag_option(c, a)) continue;
        /* --opt=value, or --opt value */
        const char *name = a, *val = NULL;
        char *eq = strchr(a, '=');
        char namebuf[64];
        if (eq && a[1] == '-') {
            size_t l = (size_t)(eq - a) < sizeof namebuf - 1 ? (size_t)(eq - a) : sizeof namebuf - 1;
            memcpy(namebuf, a, l);
            namebuf[l] = 0;
            name = namebuf;
            val = eq + 1;
        } else if (i + 1 < argc) {
            val = argv[++i];
        } else {
            snprintf(err, errlen, "option %s needs a value", a);
            return -1;
        }
        if (value_option(c, name, val, err, errlen)) return -1;
    }
    settle_reports(c);
    return settle_command(c, err, errlen);
}

void cli_free(cli *c)
{
    free(c->paths);
    free(c->checks_dirs);
    free(c->skip);
    free(c->only);
    free(c->compliance);
    free(c->reports);
    for (size_t i = 0; i < c->n_owned; i++) free(c->owned[i]);
    free(c->owned);
    memset(c, 0, sizeof *c);
}
