/* cli_doc.c — what the option table (cli.c) tells people: the help text,
 * the man page and the bash, zsh and fish completion scripts. All four are
 * made from the same rows and strings, so none can drift from the parser. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define HELP_COL 26
#define HELP_WIDTH 79

static const char *const env_note =
    "Every scan option marked [env] can also be set as an environment variable PLIMSOLL_<OPTION> "
    "(PLIMSOLL_FAIL_ON=high, PLIMSOLL_JOBS=4; flags: 1, true, yes, on or 0, false, no, off), and every "
    "option marked [config] as a key of the configuration file (fail-on: high; a list for repeatable "
    "options). A flag beats the environment, which beats the configuration, which beats the default. "
    "The configuration cannot choose output files or lift the check limits: it comes from the scanned "
    "repository.";

static const char *const color_note =
    "Colour (text report on a terminal only): --color or --no-color (or PLIMSOLL_COLOR, color:) decide; "
    "else FORCE_COLOR non-empty forces it on; else NO_COLOR non-empty or TERM=dumb turns it off.";

static const char *const exit_note =
    "Exit codes: 0 clean, 1 findings at or above --fail-on (or a compliance score below "
    "--compliance-threshold), 2 a usage error or an input that could not be read or parsed "
    "(unless --errors warn), or nothing scanned with --fail-if-nothing-scanned.";

/* Append text wrapped to HELP_WIDTH, every line after the first indented by
 * `indent` columns; `col` is where the first line starts. */
static void wrap(buf *out, const char *text, size_t indent, size_t col)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        size_t w = strcspn(p, " ");
        if (!w) break;
        if (col > indent && col + 1 + w > HELP_WIDTH) {
            buf_putc(out, '\n');
            for (size_t i = 0; i < indent; i++) buf_putc(out, ' ');
            col = indent;
        } else if (col > indent) {
            buf_putc(out, ' ');
            col++;
        }
        buf_add(out, p, w);
        col += w;
        p += w;
    }
    buf_putc(out, '\n');
}

/* "-f, --format FORMAT[=FILE]" */
static void option_words(buf *out, const cli_option *o)
{
    if (o->short_name) buf_printf(out, "-%c, ", o->short_name);
    buf_printf(out, "--%s", o->name);
    if (o->metavar) buf_printf(out, " %s", o->metavar);
}

/* The option's help with where else it can be set. */
static void option_help(buf *out, const cli_option *o, command cmd)
{
    buf_puts(out, o->help);
    if (cmd == CMD_SCAN && o->flags & (OPT_ENV | OPT_CONFIG))
        buf_printf(out, " [%s%s%s]", o->flags & OPT_ENV ? "env" : "", (o->flags & OPT_ENV) && (o->flags & OPT_CONFIG) ? ", " : "",
                   o->flags & OPT_CONFIG ? "config" : "");
}

static int shown(const cli_option *o, command cmd) { return !(o->flags & OPT_HIDDEN) && (o->cmds & CMDBIT(cmd)); }

static const cli_command *command_of(command cmd)
{
    for (size_t i = 0; i < cli_n_commands; i++)
        if (cli_commands[i].cmd == cmd) return &cli_commands[i];
    return NULL;
}

/* One row of a help list: "  WORDS", the help text wrapped from HELP_COL
 * (on the next line when the words reach into it). */
static void help_row(buf *out, const buf *words, const char *help)
{
    buf_printf(out, "  %s", words->s);
    size_t col = 2 + words->len;
    if (col + 2 > HELP_COL) {
        buf_putc(out, '\n');
        col = 0;
    }
    for (; col < HELP_COL; col++) buf_putc(out, ' ');
    wrap(out, help, HELP_COL, HELP_COL);
}

static void command_help(buf *out, const cli_command *k, int with_usage)
{
    if (with_usage) {
        buf_printf(out, "usage: plimsoll %s [options]%s%s\n\n", k->name, *k->args ? " " : "", k->args);
        wrap(out, k->help, 0, 0);
        buf_puts(out, "\noptions:\n");
    } else {
        buf_printf(out, "%s %s:\n", k->name, "options");
    }
    for (size_t i = 0; i < cli_n_options; i++) {
        const cli_option *o = &cli_options[i];
        if (!shown(o, k->cmd) || (!with_usage && (strcmp(o->name, "help") == 0 || strcmp(o->name, "version") == 0)))
            continue;
        buf words = {0}, help = {0};
        option_words(&words, o);
        option_help(&help, o, k->cmd);
        help_row(out, &words, help.s);
        buf_free(&words);
        buf_free(&help);
    }
}

void cli_help(buf *out, command cmd)
{
    const cli_command *k = command_of(cmd);
    if (k && cmd != CMD_HELP) {
        command_help(out, k, 1);
        buf_putc(out, '\n');
        wrap(out, env_note, 0, 0);
        if (cmd == CMD_SCAN) {
            buf_putc(out, '\n');
            wrap(out, color_note, 0, 0);
        }
        return;
    }
    buf_puts(out, "usage: plimsoll <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        buf words = {0};
        buf_printf(&words, "%s%s%s", cli_commands[i].name, *cli_commands[i].args ? " " : "", cli_commands[i].args);
        help_row(out, &words, cli_commands[i].summary);
        buf_free(&words);
    }
    buf_puts(out, "\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        int any = 0;
        for (size_t j = 0; j < cli_n_options; j++)
            any |= shown(&cli_options[j], cli_commands[i].cmd) && strcmp(cli_options[j].name, "help") &&
                   strcmp(cli_options[j].name, "version");
        if (!any) continue;
        command_help(out, &cli_commands[i], 0);
        buf_putc(out, '\n');
    }
    buf_puts(out, "every command: -h, --help (plimsoll COMMAND --help: its options), -v, --version\n\n");
    wrap(out, env_note, 0, 0);
    buf_putc(out, '\n');
    wrap(out, color_note, 0, 0);
    buf_putc(out, '\n');
    wrap(out, exit_note, 0, 0);
}

/* --------------------------------------------------------------- man page */

/* Text as roff: backslashes and dashes escaped, no line starting with a
 * control character. */
static void roff(buf *out, const char *s)
{
    if (*s == '.' || *s == '\'') buf_puts(out, "\\&");
    for (; *s; s++) {
        if (*s == '\\') buf_puts(out, "\\e");
        else if (*s == '-') buf_puts(out, "\\-");
        else buf_putc(out, *s);
    }
}

void cli_man(buf *out)
{
    buf_puts(out, ".\\\" Generated by `plimsoll help --man` (make docs) from the text of --help; do not edit.\n");
    buf_puts(out, ".TH PLIMSOLL 1 \"\" \"plimsoll\" \"User Commands\"\n");
    buf_puts(out, ".SH NAME\nplimsoll \\- container configuration scanner\n");
    buf_puts(out, ".SH SYNOPSIS\n.B plimsoll\n.I command\n.RI [ options ]\n.RI [ arguments ]\n");
    buf_puts(out, ".SH COMMANDS\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *k = &cli_commands[i];
        buf_puts(out, ".SS \"");
        roff(out, k->name);
        if (*k->args) {
            buf_putc(out, ' ');
            roff(out, k->args);
        }
        buf_puts(out, "\"\n");
        roff(out, k->help);
        buf_putc(out, '\n');
        for (size_t j = 0; j < cli_n_options; j++) {
            const cli_option *o = &cli_options[j];
            if (!shown(o, k->cmd) || strcmp(o->name, "help") == 0 || strcmp(o->name, "version") == 0) continue;
            buf w = {0}, h = {0};
            option_words(&w, o);
            option_help(&h, o, k->cmd);
            buf_puts(out, ".TP\n.B ");
            roff(out, w.s);
            buf_putc(out, '\n');
            roff(out, h.s);
            buf_putc(out, '\n');
            buf_free(&w);
            buf_free(&h);
        }
    }
    buf_puts(out, ".SH OPTIONS OF EVERY COMMAND\n.TP\n.B \\-h, \\-\\-help\n");
    for (size_t j = 0; j < cli_n_options; j++)
        if (strcmp(cli_options[j].name, "help") == 0 || strcmp(cli_options[j].name, "version") == 0) {
            if (strcmp(cli_options[j].name, "version") == 0) buf_puts(out, ".TP\n.B \\-v, \\-\\-version\n");
            roff(out, cli_options[j].help);
            buf_putc(out, '\n');
        }
    buf_puts(out, ".SH ENVIRONMENT\n");
    roff(out, env_note);
    buf_puts(out, "\n.PP\n");
    roff(out, color_note);
    buf_puts(out, "\n.SH FILES\n.TP\n.B .plimsoll.yaml\n");
    roff(out, "The configuration, in the scanned root (or --config FILE): skip, severity, exclude, ignore, and the "
              "options marked [config].");
    buf_puts(out, "\n.SH EXIT STATUS\n");
    roff(out, exit_note);
    buf_puts(out, "\n.SH SEE ALSO\nREADME.md and docs/ in the plimsoll sources.\n");
}

/* ------------------------------------------------------------- completion */

static void word_list(buf *out, command cmd, int with_short)
{
    int first = 1;
    for (size_t i = 0; i < cli_n_options; i++) {
        const cli_option *o = &cli_options[i];
        if (!shown(o, cmd)) continue;
        buf_printf(out, "%s--%s", first ? "" : " ", o->name);
        if (with_short && o->short_name) buf_printf(out, " -%c", o->short_name);
        first = 0;
    }
}

static const char *const check_names = "plimsoll checks 2>/dev/null | awk 'NR > 1 { print $2 }'";

static void bash_completion(buf *out)
{
    buf_puts(out, "# bash completion for plimsoll (generated by `plimsoll completion bash`)\n"
                  "_plimsoll() {\n"
                  "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}\n"
                  "    local pre=\"\"  # a comma list: complete its last item\n"
                  "    [[ $cur == *,* ]] && pre=${cur%,*},\n"
                  "    COMPREPLY=()\n"
                  "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
                  "        COMPREPLY=($(compgen -W \"");
    for (size_t i = 0; i < cli_n_commands; i++) buf_printf(out, "%s%s", i ? " " : "", cli_commands[i].name);
    buf_puts(out, " --help --version\" -- \"$cur\"))\n        return\n    fi\n    case $prev in\n");
    for (size_t i = 0; i < cli_n_options; i++) {
        const cli_option *o = &cli_options[i];
        if (!o->metavar || o->flags & OPT_HIDDEN) continue;
        buf_printf(out, "    --%s", o->name);
        if (o->short_name) buf_printf(out, "|-%c", o->short_name);
        if (!o->values) buf_puts(out, ") return ;;\n");
        else if (strcmp(o->values, "@file") == 0) buf_puts(out, ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
        else if (strcmp(o->values, "@dir") == 0) buf_puts(out, ") COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n");
        else if (strcmp(o->values, "@check") == 0)
            buf_printf(out, ") COMPREPLY=($(compgen -P \"$pre\" -W \"$(%s)\" -- \"${cur##*,}\")); return ;;\n", check_names);
        else buf_printf(out, ") COMPREPLY=($(compgen -P \"$pre\" -W \"%s\" -- \"${cur##*,}\")); return ;;\n", o->values);
    }
    buf_puts(out, "    esac\n    local opts\n    case $cmd in\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        buf_printf(out, "    %s) opts=\"", cli_commands[i].name);
        word_list(out, cli_commands[i].cmd, 1);
        buf_puts(out, "\" ;;\n");
    }
    buf_puts(out, "    *) return ;;\n    esac\n"
                  "    if [[ $cur == -* ]]; then\n"
                  "        COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
                  "        return\n"
                  "    fi\n"
                  "    case $cmd in\n"
                  "    scan) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
                  "    test-checks) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
                  "    completion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")) ;;\n");
    buf_printf(out, "    explain) COMPREPLY=($(compgen -W \"$(%s)\" -- \"$cur\")) ;;\n", check_names);
    buf_puts(out, "    help) COMPREPLY=($(compgen -W \"");
    for (size_t i = 0; i < cli_n_commands; i++) buf_printf(out, "%s%s", i ? " " : "", cli_commands[i].name);
    buf_puts(out, "\" -- \"$cur\")) ;;\n    esac\n}\ncomplete -o filenames -o bashdefault -F _plimsoll plimsoll\n");
}

/* A short description: the help up to its first ';' or '(' , without the
 * characters zsh and fish quoting would need. */
static void short_desc(buf *out, const char *help)
{
    size_t n = strcspn(help, ";(");
    if (n > 70) n = 70;
    while (n && help[n - 1] == ' ') n--;
    for (size_t i = 0; i < n; i++) {
        char ch = help[i];
        if (ch == '\'' || ch == '[' || ch == ']' || ch == ':' || ch == '\\' || ch == '"' || ch == '$' || ch == '`') continue;
        buf_putc(out, ch);
    }
}

static void zsh_completion(buf *out)
{
    buf_puts(out, "#compdef plimsoll\n# zsh completion for plimsoll (generated by `plimsoll completion zsh`)\n"
                  "_plimsoll_checks() {\n"
                  "    compadd -- ${(f)\"$(plimsoll checks 2>/dev/null | awk 'NR > 1 { print $2 }')\"}\n"
                  "}\n"
                  "_plimsoll() {\n    local -a commands\n    commands=(\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        buf_printf(out, "        '%s:", cli_commands[i].name);
        short_desc(out, cli_commands[i].summary);
        buf_puts(out, "'\n");
    }
    buf_puts(out, "    )\n    if (( CURRENT == 2 )); then\n        _describe -t commands 'plimsoll command' commands\n"
                  "        return\n    fi\n    local cmd=$words[2]\n    shift words\n    (( CURRENT-- ))\n"
                  "    case $cmd in\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *k = &cli_commands[i];
        buf_printf(out, "    %s)\n        _arguments -s", k->name);
        for (size_t j = 0; j < cli_n_options; j++) {
            const cli_option *o = &cli_options[j];
            if (!shown(o, k->cmd)) continue;
            buf_puts(out, " \\\n            ");
            if (o->short_name) buf_printf(out, "'*'{-%c,--%s}'[", o->short_name, o->name);
            else buf_printf(out, "'*--%s[", o->name);
            short_desc(out, o->help);
            buf_puts(out, "]");
            if (o->metavar) {
                buf_printf(out, ":%s:", o->name);
                if (!o->values) buf_puts(out, " ");
                else if (strcmp(o->values, "@file") == 0) buf_puts(out, "_files");
                else if (strcmp(o->values, "@dir") == 0) buf_puts(out, "_files -/");
                else if (strcmp(o->values, "@check") == 0) buf_puts(out, "_sequence _plimsoll_checks");
                else buf_printf(out, "(%s)", o->values);
            }
            buf_puts(out, "'");
        }
        if (k->cmd == CMD_SCAN) buf_puts(out, " \\\n            '*:path:_files'");
        else if (k->cmd == CMD_TEST_CHECKS) buf_puts(out, " \\\n            '1:directory:_files -/'");
        else if (k->cmd == CMD_COMPLETION) buf_puts(out, " \\\n            '1:shell:(bash zsh fish)'");
        else if (k->cmd == CMD_HELP) {
            buf_puts(out, " \\\n            '1:command:(");
            for (size_t j = 0; j < cli_n_commands; j++) buf_printf(out, "%s%s", j ? " " : "", cli_commands[j].name);
            buf_puts(out, ")'");
        } else if (k->cmd == CMD_EXPLAIN || k->cmd == CMD_NEW_CHECK) {
            buf_puts(out, k->cmd == CMD_EXPLAIN ? " \\\n            '1:check:_plimsoll_checks'" : " \\\n            '1:name: '");
        }
        buf_puts(out, "\n        ;;\n");
    }
    buf_puts(out, "    esac\n}\n_plimsoll \"$@\"\n");
}

static void fish_completion(buf *out)
{
    buf_puts(out, "# fish completion for plimsoll (generated by `plimsoll completion fish`)\n"
                  "complete -c plimsoll -f\n");
    buf_puts(out, "set -l plimsoll_commands");
    for (size_t i = 0; i < cli_n_commands; i++) buf_printf(out, " %s", cli_commands[i].name);
    buf_puts(out, "\n");
    for (size_t i = 0; i < cli_n_commands; i++) {
        buf_printf(out, "complete -c plimsoll -n \"not __fish_seen_subcommand_from $plimsoll_commands\" -a %s -d '",
                   cli_commands[i].name);
        short_desc(out, cli_commands[i].summary);
        buf_puts(out, "'\n");
    }
    for (size_t i = 0; i < cli_n_commands; i++) {
        const cli_command *k = &cli_commands[i];
        for (size_t j = 0; j < cli_n_options; j++) {
            const cli_option *o = &cli_options[j];
            if (!shown(o, k->cmd)) continue;
            buf_printf(out, "complete -c plimsoll -n '__fish_seen_subcommand_from %s' -l %s", k->name, o->name);
            if (o->short_name) buf_printf(out, " -s %c", o->short_name);
            if (o->metavar) {
                if (!o->values) buf_puts(out, " -x");
                else if (strcmp(o->values, "@file") == 0 || strcmp(o->values, "@dir") == 0) buf_puts(out, " -r -F");
                else if (strcmp(o->values, "@check") == 0)
                    buf_printf(out, " -x -a '(%s)'", "plimsoll checks 2>/dev/null | awk \"NR > 1 { print \\$2 }\"");
                else buf_printf(out, " -x -a '%s'", o->values);
            }
            buf_puts(out, " -d '");
            short_desc(out, o->help);
            buf_puts(out, "'\n");
        }
    }
    buf_puts(out, "complete -c plimsoll -n '__fish_seen_subcommand_from scan' -F\n"
                  "complete -c plimsoll -n '__fish_seen_subcommand_from test-checks' -F\n"
                  "complete -c plimsoll -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n"
                  "complete -c plimsoll -n '__fish_seen_subcommand_from explain' -a "
                  "'(plimsoll checks 2>/dev/null | awk \"NR > 1 { print \\$2 }\")'\n");
    buf_puts(out, "complete -c plimsoll -n '__fish_seen_subcommand_from help' -a '");
    for (size_t i = 0; i < cli_n_commands; i++) buf_printf(out, "%s%s", i ? " " : "", cli_commands[i].name);
    buf_puts(out, "'\n");
}

int cli_completion(buf *out, const char *shell)
{
    if (strcmp(shell, "bash") == 0) bash_completion(out);
    else if (strcmp(shell, "zsh") == 0) zsh_completion(out);
    else if (strcmp(shell, "fish") == 0) fish_completion(out);
    else return -1;
    return 0;
}
