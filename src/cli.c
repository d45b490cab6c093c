/* cli.c — argv → struct cli (see cli.h). Accepts `--opt value` and
 * `--opt=value`; repeatable list options accumulate. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char cli_usage[] =
    "usage: plimsoll <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan [PATH...|-]       scan files and directories (default: .); - reads stdin\n"
    "  checks [--format json] list the checks with id, name, severity, inputs, frameworks\n"
    "  explain CHECK          full text of one check (id or name)\n"
    "  version                print the version\n"
    "\n"
    "scan options:\n"
    "  --format FORMAT[=FILE] report format: text (default), json, sarif, github, junit, gitlab;\n"
    "                         repeatable, each with its own FILE (or the --output after it)\n"
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

/* An option with its value; 0, or -1 with a message. */
static int value_option(cli *c, const char *name, const char *val, char *err, size_t errlen)
{
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
    } else if (strcmp(name, "--budget") == 0) {
        c->budget = strtoull(val, NULL, 10);
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
    if (!c->n_reports) {
        c->reports = xrealloc(c->reports, sizeof *c->reports);
        c->reports[c->n_reports++] = (cli_report){"text", NULL};
    }
    for (size_t r = 0; r < c->n_reports; r++) {
        if (!c->reports[r].format) c->reports[r].format = "text";
        if (c->reports[r].output && (!*c->reports[r].output || strcmp(c->reports[r].output, "-") == 0))
            c->reports[r].output = NULL;
    }
    c->format = c->reports[0].format;
    c->output = c->reports[0].output;
}

int cli_parse(int argc, char **argv, cli *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->format = "text";
    c->fail_on = "low";
    c->color = -1;
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
            if (c->cmd == CMD_EXPLAIN && !c->explain) c->explain = a;
            else push(&c->paths, &c->n_paths, a);
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
    if (c->cmd == CMD_EXPLAIN && !c->explain) {
        snprintf(err, errlen, "explain needs a check id or name");
        return -1;
    }
    return 0;
}

void cli_free(cli *c)
{
    free(c->paths);
    free(c->checks_dirs);
    free(c->skip);
    free(c->only);
    free(c->reports);
    for (size_t i = 0; i < c->n_owned; i++) free(c->owned[i]);
    free(c->owned);
    memset(c, 0, sizeof *c);
}
