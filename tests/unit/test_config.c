/* test_config.c — the config file's globs and relative paths: `*` and `?`
 * within a segment, `**` across segments, unanchored names, folders. */
#include <stdlib.h>

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
    RUN(test_relative);
    return unit_done("config");
}
