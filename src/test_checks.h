/* test_checks.h — `plimsoll test-checks DIR`: every check loaded from DIR
 * is scanned against the fixtures beside it, through the real scan (the same
 * discovery, detection, loaders, engine and in-source suppressions as
 * `plimsoll scan --only CHECK FIXTURE`, without a configuration file), and
 * each fixture is judged:
 *
 *   DIR/<check_file>.lua          the check (any *.lua under DIR but lib/)
 *   DIR/<check_file>/pass-*       a file or folder: no finding of the check
 *   DIR/<check_file>/fail-*       at least one finding of the check, and when
 *                                 expectations are given, exactly there
 *   DIR/<check_file>/fail-*.expect   expectations for the fixture of that
 *                                 stem: LINE, LINE:COL or FILE:LINE[:COL]
 *                                 (FILE inside a folder fixture), comma or
 *                                 whitespace separated, # comments
 *   `# expect: 12, 20:5` inside a YAML or Dockerfile fixture: the same
 *
 * A fixture fails on any error (parse error, check error) and when it holds
 * no document the check reads. A check fails when, for an input it declares,
 * no pass-* or no fail-* fixture exercises that input. Nothing here prints:
 * the report is appended to a buffer and the counts returned. */
#ifndef PLIMSOLL_TEST_CHECKS_H
#define PLIMSOLL_TEST_CHECKS_H

#include "engine.h"
#include "util.h"

typedef struct test_checks_count {
    size_t checks;   /* checks from DIR that were tested */
    size_t passed;   /* fixtures that passed */
    size_t failed;   /* fixtures that failed, plus missing fixtures and stray files */
} test_checks_count;

/* Test every custom check of set (engine e was made with the options eo and
 * DIR as its only check directory) against its fixtures; one line per
 * fixture ("ok   PATH" or "FAIL PATH: reason", then the findings and errors
 * seen, indented) is appended to out. e runs the scans (one worker). */
void test_checks_run(engine *e, checkset *set, const engine_opts *eo, buf *out, test_checks_count *n);

#endif
