/* test_cli.c — the option table and getopt_long parsing as a library:
 * forms of values, errors, precedence of flag > environment > configuration,
 * and the configuration's option keys with their positions. */
#include <stdlib.h>

#include "cli.h"
#include "config.h"
#include "unit.h"

static int parse(cli *c, char *err, const char *a0, const char *a1, const char *a2, const char *a3)
{
    char *argv[6] = {"plimsoll", (char *)a0, (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 1;
    while (argc < 5 && argv[argc]) argc++;
    return cli_parse(argc, argv, c, err, 300);
}

static void test_forms(void)
{
    char err[300];
    cli c;
    CHECK_INT(parse(&c, err, "scan", "-j2", "x.yaml", NULL), 0);
    CHECK_INT(c.jobs, 2);
    CHECK_INT(c.n_paths, 1);
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--jobs=3", "--fail-on=HIGH", NULL), 0);
    CHECK_INT(c.jobs, 3);
    CHECK_STR(c.fail_on, "high");
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--", "--not-an-option", NULL), 0);
    CHECK_INT(c.n_paths, 1);
    CHECK_STR(c.paths[0], "--not-an-option");
    cli_free(&c);
    /* parsing twice starts getopt over */
    CHECK_INT(parse(&c, err, "scan", "-q", "a", NULL), 0);
    CHECK_INT(c.quiet, 1);
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--severity", "Info,HIGH", NULL), 0);
    CHECK_STR(c.severity, "info,high");
    cli_free(&c);
}

static void test_errors(void)
{
    char err[300];
    cli c;
    CHECK_INT(parse(&c, err, "scan", "--check-budget", "abc", NULL), -1);
    CHECK_STR(err, "--check-budget wants a whole number of at least 1000, not 'abc'");
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--bogus", NULL, NULL), -1);
    CHECK_STR(err, "unknown option '--bogus'");
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--jobs", "99999999999999999999999", NULL), -1);
    cli_free(&c);
    CHECK_INT(parse(&c, err, "explain", "x", "--severity", "high"), -1);
    CHECK(strstr(err, "--severity is not an option of explain") != NULL);
    cli_free(&c);
    CHECK_INT(parse(&c, err, "explain", "a", "b", NULL), -1);
    cli_free(&c);
    CHECK_INT(parse(&c, err, "scan", "--output", "sarif", NULL), -1);
    CHECK(strstr(err, "use -f sarif") != NULL);
    cli_free(&c);
}

static void test_precedence(void)
{
    char err[300];
    cli c;
    setenv("PLIMSOLL_FAIL_ON", "medium", 1);
    setenv("PLIMSOLL_JOBS", "5", 1);
    CHECK_INT(parse(&c, err, "scan", "--fail-on", "critical", NULL), 0);
    CHECK_INT(cli_apply_env(&c, err, sizeof err), 0);
    const char *none[] = {"none"}, *four[] = {"4"}, *fmts[] = {"json", "sarif"};
    CHECK_INT(cli_apply_config(&c, "fail-on", none, 1, NULL, err, sizeof err), 0);
    CHECK_INT(cli_apply_config(&c, "jobs", four, 1, NULL, err, sizeof err), 0);
    CHECK_INT(cli_apply_config(&c, "format", fmts, 2, NULL, err, sizeof err), 0);
    cli_settle(&c);
    CHECK_STR(c.fail_on, "critical"); /* flag */
    CHECK_INT(c.jobs, 5);             /* environment */
    CHECK_INT(c.n_reports, 2);        /* configuration, a list */
    CHECK_STR(c.reports[1].format, "sarif");
    cli_free(&c);
    unsetenv("PLIMSOLL_FAIL_ON");
    unsetenv("PLIMSOLL_JOBS");
    setenv("PLIMSOLL_JOBS", "many", 1);
    CHECK_INT(parse(&c, err, "scan", NULL, NULL, NULL), 0);
    CHECK_INT(cli_apply_env(&c, err, sizeof err), -1);
    CHECK_STR(err, "PLIMSOLL_JOBS=many: --jobs wants a whole number from 1 to 64, not 'many'");
    cli_free(&c);
    unsetenv("PLIMSOLL_JOBS");
    const char *dirs[] = {"policies", "/abs"};
    CHECK_INT(parse(&c, err, "scan", NULL, NULL, NULL), 0);
    CHECK_INT(cli_apply_config(&c, "checks", dirs, 2, "repo", err, sizeof err), 0);
    CHECK_INT(c.n_checks_dirs, 2);
    CHECK_STR(c.checks_dirs[0], "repo/policies");
    CHECK_STR(c.checks_dirs[1], "/abs");
    cli_free(&c);
    CHECK(cli_config_option("output") == NULL);      /* never from a scanned repository */
    CHECK(cli_config_option("check-budget") == NULL);
    CHECK(cli_config_option("fail-on") != NULL);
}

static void test_config_keys(void)
{
    const char *text = "skip: [host-pid]\nfail-on: high\nseverity: [critical, HIGH]\nformat:\n  - json\n";
    config cfg;
    char err[300];
    CHECK_INT(config_parse_owned("c.yaml", xstrdup(text), strlen(text), &cfg, err, sizeof err), 0);
    CHECK_INT(cfg.n_skip, 1);
    CHECK_INT(cfg.n_sev, 0);
    CHECK_INT(cfg.n_opt, 3);
    CHECK_STR(cfg.opt[0].key, "fail-on");
    CHECK_INT(cfg.opt[0].line, 2);
    CHECK_INT(cfg.opt[0].col, 10);
    CHECK_INT(cfg.opt[1].n_vals, 2);
    CHECK_STR(cfg.opt[1].vals[1], "HIGH");
    CHECK_STR(cfg.opt[2].vals[0], "json");
    config_free(&cfg);
    const char *map = "severity: {privileged-container: low}\n";
    CHECK_INT(config_parse_owned("c.yaml", xstrdup(map), strlen(map), &cfg, err, sizeof err), 0);
    CHECK_INT(cfg.n_sev, 1);
    CHECK_INT(cfg.n_opt, 0);
    config_free(&cfg);
    const char *bad = "jobs: {a: 1}\n";
    CHECK_INT(config_parse_owned("c.yaml", xstrdup(bad), strlen(bad), &cfg, err, sizeof err), -1);
    CHECK_STR(err, "c.yaml:1:7: jobs must be a value or a list of values");
    config_free(&cfg);
}

int main(void)
{
    RUN(test_forms);
    RUN(test_errors);
    RUN(test_precedence);
    RUN(test_config_keys);
    return unit_done("cli");
}
