/* test_config.c — the config file's globs and relative paths: `*` and `?`
 * within a segment, `**` across segments, unanchored names, folders. */
#include <stdlib.h>
#include <time.h>

#include "display.h"
#include "config.h"
#include "unit.h"

static void test_glob(void)
{
    CHECK(config_glob("*.yaml", "a.yaml"));
    CHECK(config_glob("*.yaml", "deploy/a.yaml"));          /* no slash: any segment */
    CHECK(!config_glob("deploy/*.yaml", "deploy/x/a.yaml"));/* * stays in a segment */
    CHECK(config_glob("deploy/*.yaml", "deploy/a.yaml"));
    CHECK(config_glob("deploy/**", "deploy/x/y/a.yaml"));
    CHECK(config_glob("deploy/**/a.yaml", "deploy/a.yaml"));/* ** is zero or more segments */
    CHECK(config_glob("deploy/**/a.yaml", "deploy/x/y/a.yaml"));
    CHECK(!config_glob("deploy/**/a.yaml", "other/deploy/a.yaml")); /* anchored */
    CHECK(config_glob("**/testdata/**", "x/testdata/y.yaml"));
    CHECK(config_glob("generated", "generated/a.yaml"));     /* a folder covers what is under it */
    CHECK(config_glob("generated/", "src/generated/a.yaml"));
    CHECK(!config_glob("generated", "generated-not/a.yaml"));
    CHECK(config_glob("./k8s/?.yaml", "k8s/a.yaml"));
    CHECK(!config_glob("k8s/?.yaml", "k8s/ab.yaml"));
    CHECK(config_glob("Dockerfile*", "svc/Dockerfile.prod"));
}

/* Issue 13, defect 5: classes and escapes as .gitignore users expect, and
 * matching in time linear in the path whatever the stars. */
static void test_glob_syntax(void)
{
    CHECK(config_glob("[abc].yaml", "deploy/b.yaml"));
    CHECK(!config_glob("[abc].yaml", "deploy/d.yaml"));
    CHECK(config_glob("v[0-9].yaml", "v7.yaml"));
    CHECK(!config_glob("v[!0-9].yaml", "v7.yaml"));
    CHECK(config_glob("v[^0-9].yaml", "vx.yaml"));
    CHECK(config_glob("[]]", "]"));                 /* ']' first is a member */
    CHECK(config_glob("a[", "a["));                 /* an unclosed '[' is a literal */
    CHECK(!config_glob("a[/]b", "a/b"));            /* a class never matches '/' */
    CHECK(config_glob("\\*.yaml", "*.yaml"));       /* escapes */
    CHECK(!config_glob("\\*.yaml", "a.yaml"));
    CHECK(config_glob("a\\[1]", "a[1]"));
    CHECK(config_glob("?.yaml", "\xc3\xa9.yaml"));  /* ? is one character, not one byte */
    CHECK(config_glob("[\xc3\xa9" "e].yaml", "\xc3\xa9.yaml"));
    CHECK(config_glob("/vendor", "vendor/x.yaml"));  /* a leading / anchors at the root */
    CHECK(!config_glob("/vendor", "src/vendor/x.yaml"));
    CHECK(config_glob("**.yaml", "a/b/c.yaml"));     /* ** inside a segment crosses '/' */
    CHECK(!config_glob("deploy/**", "deploy"));

    /* 40 stars of each kind against a 4,000-character path of 1,000
     * segments: a backtracking matcher never returns */
    buf pat = {0}, path = {0};
    for (int i = 0; i < 40; i++) buf_puts(&pat, "**/");
    buf_puts(&pat, "z");
    for (int i = 0; i < 1000; i++) buf_puts(&path, i ? "/aaa" : "aaa");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK(!config_glob(pat.s, path.s));
    pat.len = 0;
    for (int i = 0; i < 40; i++) buf_puts(&pat, "*a");
    buf_puts(&pat, "z");
    CHECK(!config_glob(pat.s, path.s));
    buf_puts(&path, "/z");
    pat.len = 0;
    for (int i = 0; i < 40; i++) buf_puts(&pat, "**/");
    buf_puts(&pat, "z");
    CHECK(config_glob(pat.s, path.s));
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    CHECK(ms < 2000);
    buf_free(&pat);
    buf_free(&path);
}

static void test_relative(void)
{
    char *p = display_path(NULL, "./a/./b.yaml");
    CHECK_STR(p, "a/./b.yaml");
    free(p);
    const char *const paths[] = {"/elsewhere/repo/", "/one/file.yaml"};
    display_roots roots = {paths, 2};
    p = display_path(&roots, "/elsewhere/repo/k8s/a.yaml");
    CHECK_STR(p, "k8s/a.yaml");
    free(p);
    p = display_path(&roots, "/one/file.yaml");
    CHECK_STR(p, "file.yaml");
    free(p);
    p = display_path(&roots, "rel/x.yaml");
    CHECK_STR(p, "rel/x.yaml");
    free(p);
    p = display_path(NULL, "/elsewhere/repo/k8s/a.yaml");
    CHECK_STR(p, "/elsewhere/repo/k8s/a.yaml");
    free(p);
}

int main(void)
{
    RUN(test_glob);
    RUN(test_glob_syntax);
    RUN(test_relative);
    return unit_done("config");
}
