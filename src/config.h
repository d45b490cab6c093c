/* config.h — the project configuration file, `.plimsoll.yaml` (in the
 * scanned root, or given with --config):
 *
 *   skip: [latest-image-tag, RT-017]       # checks not run
 *   severity: {missing-healthcheck: low}   # severity overrides
 *   exclude: [vendor, generated]          # files or folders never read (globs)
 *   ignore:                                 # per-path suppressions
 *     - check: privileged-container         # name or id (or a list: checks)
 *       paths: [deploy/debug]                 # globs; none: every file
 *       reason: debugging pods need it
 *       expires: 2027-01-31                 # stops suppressing on that date
 *   fail-on: high                          # any scan option marked [config] in
 *   format: [json]                         #   `plimsoll scan --help`: a value, or a
 *   severity: [critical, high]             #   list for repeatable options
 *
 * `severity` is the report filter (--severity) when it is a value or a list,
 * the per-check overrides when it is a map.
 *
 * Parsed with the project's YAML loader, so every mistake is an error with
 * the file, line and column; a key given twice in a map is an error naming
 * both places. The file comes from the scanned repository: names quoted in
 * messages are made printable (util.h str_printable).
 *
 * Globs, as in .gitignore: `*` and `?` (one character) within one path
 * segment, `[a-z]`, `[!a-z]` (or `[^a-z]`) classes of one character (never
 * `/`), `\x` an escaped character, `**` across segments (as a whole
 * segment, zero or more segments); a pattern without `/` matches any segment (a file or folder
 * name), one with a `/` (a leading one included) is anchored at the config's
 * folder, and a pattern matching a folder covers what is under it. Matching
 * runs the pattern as a set of states over the path, so it costs at most
 * pattern length × path length steps whatever the stars. Paths are relative
 * to the folder the config file is in. Nothing here prints. */
#ifndef PLIMSOLL_CONFIG_H
#define PLIMSOLL_CONFIG_H

#include "engine.h"
#include "scan.h"

typedef struct config_ignore {
    char **checks; size_t n_checks;
    char **paths;  size_t n_paths;
    char *reason;
    char expires[11];    /* "YYYY-MM-DD" or "" */
    uint32_t line;
} config_ignore;

typedef struct config_severity {
    char *check;
    severity sev;
    uint32_t line;
} config_severity;

typedef struct config_name {
    char *name;
    uint32_t line, col;
} config_name;

/* A command-line option set in the file (`fail-on: high`, `format: [json]`):
 * its values as text, applied by main through cli_apply_config. */
typedef struct config_opt {
    char *key;
    char **vals;        size_t n_vals;
    uint32_t line, col;  /* of the value */
} config_opt;

typedef struct config {
    char *path;          /* the file as found or given */
    char *root;          /* real path of its folder */
    config_name *skip;   size_t n_skip;
    config_severity *sev; size_t n_sev;
    char **exclude;      size_t n_exclude;
    config_ignore *ign;  size_t n_ign;
    config_opt *opt;     size_t n_opt;  /* options (cli.h rows marked OPT_CONFIG) */
} config;

/* The config to use: `given` (--config) when set, else `.plimsoll.yaml` in
 * the first scanned folder (or the folder of the first scanned file), else in
 * the current folder. Returns a malloc'd path, or NULL when there is none. */
char *config_find(const char *given, const char *const *paths, size_t n_paths);

/* Parse FILE. Returns 0, or -1 with "file:line:col: message" in err. */
int config_load(const char *path, config *c, char *err, size_t errlen);
/* The same for text already read (malloc'd, NUL-terminated, len bytes;
 * taken over and freed) as if it were the file at path. */
int config_parse_owned(const char *path, char *text, size_t len, config *c, char *err, size_t errlen);

/* Check that every check named exists in set and mark the skipped ones in
 * skip[]. Returns 0, or -1 with a positioned message in err. */
int config_resolve(const config *c, const checkset *set, unsigned char *skip, char *err, size_t errlen);

/* The exclude globs as a discovery filter (discover_filter.excluded): ctx
 * is a config_exclude, path a file or folder as discovered, matched relative
 * to the config's folder. Excluded files are never read. */
typedef struct config_exclude {
    const config *cfg;
    display_roots roots;   /* for paths outside the config's folder */
} config_exclude;
int config_excluded(const void *ctx, const char *path);

/* Apply to a finished scan: severity overrides; per-path ignores mark
 * findings suppressed while not expired on `today` ("YYYY-MM-DD"); each
 * expired ignore adds one warning line to `warnings`. (Excluded files never
 * reach the scan: see config_excluded.) */
void config_apply(const config *c, const checkset *set, scan_result *r, const char *today, buf *warnings);

/* Today as "YYYY-MM-DD" (UTC), or PLIMSOLL_TODAY when set (tests). */
void config_today(char out[11]);

/* Glob match of a relative path (see above). */
int config_glob(const char *pattern, const char *path);

void config_free(config *c);

#endif
