/* cli.h — the command line as a value: argv parsed with getopt_long(3) into
 * options, with usage errors returned as messages (exit code 2), never
 * printed from inside.
 *
 * Every option is one row of cli_options[] (cli.c): its long and short name,
 * the commands that take it, its help text, and the function that stores its
 * value. The same rows drive the environment (PLIMSOLL_FAIL_ON=high), the
 * configuration file (`fail-on: high` in .plimsoll.yaml), the help text, the
 * man page and the shell completions (cli_doc.c), so none of them can miss
 * an option. Precedence: flag > environment > configuration > default. */
#ifndef PLIMSOLL_CLI_H
#define PLIMSOLL_CLI_H

#include <stddef.h>

#include "util.h"

/* Exit codes: the documented contract. */
enum exit_code {
    EXIT_CLEAN = 0,     /* nothing at or above --fail-on */
    EXIT_FINDINGS = 1,  /* findings at or above --fail-on */
    EXIT_ERROR = 2,     /* usage error, or an input that could not be read or parsed */
};

typedef enum command {
    CMD_NONE, CMD_SCAN, CMD_CHECKS, CMD_EXPLAIN, CMD_TEST_CHECKS, CMD_NEW_CHECK, CMD_VERSION, CMD_HELP,
    CMD_FRAMEWORKS, CMD_COMPLETION, CMD_SBOM,
} command;

/* One report of a scan: a format and where it goes (NULL or "-": stdout). */
typedef struct cli_report {
    const char *format;
    const char *output;
} cli_report;

/* Where an option's value came from (precedence: higher wins). */
enum cli_origin { FROM_DEFAULT, FROM_CONFIG, FROM_ENV, FROM_FLAG };

#define CLI_MAX_OPTIONS 96

typedef struct cli {
    command cmd;
    int help;             /* -h/--help: print the command's help */
    int version;          /* -v/--version */
    int man;              /* help --man: the man page (roff) */
    const char **paths;   size_t n_paths;
    const char *format;   /* text, json… (the first report's) */
    const char *output;   /* NULL: stdout (the first report's) */
    cli_report *reports;  size_t n_reports;  /* --format F[=FILE] / --output FILE pairs, in order */
    char **owned;         size_t n_owned;    /* strings made while parsing */
    const char *config;   /* --config FILE */
    int no_config;        /* --no-config */
    const char *baseline;       /* --baseline FILE */
    const char *write_baseline; /* --write-baseline FILE */
    const char *summary;  /* --github-summary FILE (default: $GITHUB_STEP_SUMMARY) */
    const char **checks_dirs; size_t n_checks_dirs;
    const char **skip;    size_t n_skip;     /* comma lists, split later */
    const char **only;    size_t n_only;
    const char *severity; /* comma list of lower-case severity names, or NULL */
    const char *fail_on;  /* lower-case severity name or "none" */
    const char *arg;      /* the command's one argument: explain CHECK, test-checks DIR, new-check NAME,
                           * completion SHELL, help COMMAND */
    unsigned inputs;      /* --input LIST (checks, new-check): input_bits, 0 when not given */
    const char *dir;      /* --dir DIR (new-check) */
    const char *id;       /* --id ID (new-check) */
    const char **compliance; size_t n_compliance; /* --compliance FW[,FW…] (scan) */
    double threshold;     /* --compliance-threshold N (scan); < 0 when not given */
    const char *framework; /* --framework FW (scan, checks, frameworks) */
    int jobs;
    int color;            /* -1 auto, 0 never, 1 always */
    int quiet;            /* --quiet: the text report shows only errors and the summary */
    int errors_warn;      /* --errors warn: input errors do not make the exit code 2 */
    int fail_if_nothing;  /* --fail-if-nothing-scanned */
    unsigned long long budget, timeout_ms, memory_mib;  /* check limits, 0: default */
    unsigned long long max_file_mib;  /* --max-file-size: the largest input file, 0: default */
    /* image archives (scan, sbom) */
    const char *platform; /* --platform OS/ARCH[/VARIANT] */
    const char *image;    /* --image NAME|DIGEST (sbom) */
    const char **archive_limits; size_t n_archive_limits; /* --archive-limit NAME=VALUE */
    const char *stdin_name; /* --stdin-filename NAME: the name of what `-` reads (scan) */
    const char *root;     /* --root DIR: the repository root paths are relative to (scan) */
    int no_context;       /* --no-context: no repository context for cross-document checks (scan) */
    int verbose;          /* --verbose: list the files skipped and why (scan) */
    unsigned char from[CLI_MAX_OPTIONS]; /* enum cli_origin of each option row */
} cli;

/* An option: one row of the table. */
enum {
    OPT_ENV = 1,      /* settable as PLIMSOLL_<NAME> */
    OPT_CONFIG = 2,   /* settable as `name:` in .plimsoll.yaml */
    OPT_REPEAT = 4,   /* repeatable: values accumulate (a config list gives one value per item) */
    OPT_HIDDEN = 8,   /* not in help, man page or completions (aliases) */
    OPT_PATH = 16,    /* the value is a path: from the config, relative to the config's folder */
};

typedef struct cli_option {
    const char *name;     /* long name, without "--" */
    char short_name;      /* 0: none */
    const char *metavar;  /* NULL: a flag without value */
    unsigned cmds;        /* CMDS(...): the commands that take it */
    unsigned flags;       /* OPT_* */
    const char *same;     /* NULL, or the row this one is another spelling of (shares its precedence) */
    const char *values;   /* completion: the words it takes ("text json …"), "@file", "@dir", "@check", or NULL */
    const char *help;
    /* Store the value (flags: "1" on, "0" off); 0, or -1 with a message. */
    int (*set)(cli *c, const char *val, char *err, size_t errlen);
} cli_option;

#define CMDBIT(c) (1u << (c))

extern const cli_option cli_options[];
extern const size_t cli_n_options;

typedef struct cli_command {
    const char *name;
    command cmd;
    const char *args;     /* "[PATH...|-]", "CHECK", … */
    const char *summary;  /* one line */
    const char *help;     /* a paragraph */
} cli_command;

extern const cli_command cli_commands[];
extern const size_t cli_n_commands;

/* Parse argv (flags only). Returns 0, or -1 with a message in err. */
int cli_parse(int argc, char **argv, cli *c, char *err, size_t errlen);

/* PLIMSOLL_* variables (through getenv) for the options no flag set; 0, or
 * -1 with "PLIMSOLL_X=value: message" in err. */
int cli_apply_env(cli *c, char *err, size_t errlen);

/* One option from the configuration file at path (`key: value`, a list
 * giving n values): applied when neither a flag nor the environment set it.
 * base: the config's folder for OPT_PATH values ("" or NULL: as given).
 * 0, or -1 with a message (without position: the caller adds it). */
int cli_apply_config(cli *c, const char *key, const char *const *vals, size_t n, const char *base, char *err,
                     size_t errlen);

/* The option row a configuration key names, or NULL (not an option, or one
 * the configuration cannot set). */
const cli_option *cli_config_option(const char *key);

/* After the flags, the environment and the configuration: the reports made
 * whole (no --format: text). */
void cli_settle(cli *c);

/* The environment variable of an option: "PLIMSOLL_FAIL_ON" (buf of at least 64). */
void cli_env_name(const cli_option *o, char *out, size_t n);

/* Help text: the whole usage (cmd CMD_NONE or CMD_HELP) or one command's. */
void cli_help(buf *out, command cmd);
/* The man page (roff), from the same text as the help. */
void cli_man(buf *out);
/* A completion script for bash, zsh or fish; -1 for another shell. */
int cli_completion(buf *out, const char *shell);

/* Colour for a report to stdout: the flag if given, else FORCE_COLOR
 * (non-empty: on), NO_COLOR (non-empty: off), TERM=dumb (off), else whether
 * stdout is a terminal. */
int cli_color(const cli *c, int to_terminal);

void cli_free(cli *c);

#endif
