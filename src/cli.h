/* cli.h — the command line as a value: parsing argv into options, with usage
 * errors returned as messages (exit code 2), never printed from inside. */
#ifndef PLIMSOLL_CLI_H
#define PLIMSOLL_CLI_H

#include <stddef.h>

/* Exit codes: the documented contract. */
enum exit_code {
    EXIT_CLEAN = 0,     /* nothing at or above --fail-on */
    EXIT_FINDINGS = 1,  /* findings at or above --fail-on */
    EXIT_ERROR = 2,     /* usage error, or an input that could not be read or parsed */
};

typedef enum command {
    CMD_NONE, CMD_SCAN, CMD_CHECKS, CMD_EXPLAIN, CMD_TEST_CHECKS, CMD_NEW_CHECK, CMD_VERSION, CMD_HELP,
    CMD_FRAMEWORKS
} command;

/* One report of a scan: a format and where it goes (NULL or "-": stdout). */
typedef struct cli_report {
    const char *format;
    const char *output;
} cli_report;

typedef struct cli {
    command cmd;
    const char **paths;   size_t n_paths;
    const char *format;   /* text, json… (the first report's) */
    const char *output;   /* NULL: stdout (the first report's) */
    cli_report *reports;  size_t n_reports;  /* --format F[=FILE] / --output FILE pairs, in order */
    char **owned;         size_t n_owned;    /* strings split out of arguments */
    const char *config;   /* --config FILE */
    int no_config;        /* --no-config */
    const char *baseline;       /* --baseline FILE */
    const char *write_baseline; /* --write-baseline FILE */
    const char *summary;  /* --github-summary FILE (default: $GITHUB_STEP_SUMMARY) */
    const char **checks_dirs; size_t n_checks_dirs;
    const char **skip;    size_t n_skip;     /* comma lists, split later */
    const char **only;    size_t n_only;
    const char *severity; /* comma list or NULL */
    const char *fail_on;  /* severity name or "none" */
    const char *arg;      /* the command's one argument: explain CHECK, test-checks DIR, new-check NAME */
    unsigned inputs;      /* --input LIST (checks, new-check): input_bits, 0 when not given */
    const char *dir;      /* --dir DIR (new-check) */
    const char *id;       /* --id ID (new-check) */
    const char **compliance; size_t n_compliance; /* --compliance FW[,FW…] (scan) */
    double threshold;     /* --compliance-threshold N (scan); < 0 when not given */
    const char *framework; /* --framework FW (scan, checks, frameworks) */
    int jobs;
    int color;            /* -1 auto, 0 never, 1 always */
    unsigned long long budget, timeout_ms, memory_mib;  /* check limits, 0: default */
    unsigned long long max_file_mib;  /* --max-file-size: the largest input file, 0: default */
} cli;

/* Parse argv. Returns 0, or -1 with a message in err. */
int cli_parse(int argc, char **argv, cli *c, char *err, size_t errlen);
void cli_free(cli *c);
extern const char cli_usage[];

#endif
