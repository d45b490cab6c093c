/* test_compose_env.c — Compose interpolation as docker compose does it: the
 * .env syntax, every ${…} form, $$, unknown variables left as written,
 * positions and types of interpolated scalars, environment kept as written. */
#include <stdlib.h>

#include "compose_env.h"
#include "load.h"
#include "unit.h"

static const char ENV[] =
    "# comment\n"
    "export SOCK=/var/run/docker.sock\n"
    "EMPTY=\n"
    "APP=shop # inline comment\n"
    "QUOTED=\"a ${APP} b\\n\"\n"
    "SINGLE='${APP} literal'\n"
    "  SPACED = x y \n"
    "not a line\n"
    "APP2=${APP}-2\n";

static char *ip(const compose_vars *v, const char *s)
{
    char *x = compose_interpolate_text(s, strlen(s), v);
    return x ? x : strdup(s);
}

#define CHECK_IP(v, in, want) do { char *x_ = ip(v, in); CHECK_STR(x_, want); free(x_); } while (0)

static void test_forms(void)
{
    compose_vars v;
    memset(&v, 0, sizeof v);
    compose_vars_parse(ENV, sizeof ENV - 1, &v);
    CHECK_INT(v.n, 7);
    CHECK_IP(&v, "${SOCK}:/var/run/docker.sock", "/var/run/docker.sock:/var/run/docker.sock");
    CHECK_IP(&v, "$SOCK:/x", "/var/run/docker.sock:/x");
    CHECK_IP(&v, "${APP}", "shop");
    CHECK_IP(&v, "${QUOTED}", "a shop b\n");
    CHECK_IP(&v, "${SINGLE}", "${APP} literal");
    CHECK_IP(&v, "${SPACED}", "x y");
    CHECK_IP(&v, "${APP2}", "shop-2");
    CHECK_IP(&v, "${NOPE:-/srv/data}", "/srv/data");
    CHECK_IP(&v, "${EMPTY:-d}", "d");          /* :- also replaces an empty value */
    CHECK_IP(&v, "${EMPTY-d}", "");            /* - only an unset one */
    CHECK_IP(&v, "${NOPE-d}", "d");
    CHECK_IP(&v, "${NOPE:-${APP}-x}", "shop-x"); /* nested default */
    CHECK_IP(&v, "${APP:?need APP}", "shop");
    CHECK_IP(&v, "${NOPE:?need NOPE}:/x", "${NOPE:?need NOPE}:/x"); /* unknown: as written */
    CHECK_IP(&v, "${NOPE}:/x", "${NOPE}:/x");
    CHECK_IP(&v, "$NOPE", "$NOPE");
    CHECK_IP(&v, "${APP:+yes}${NOPE:+no}", "yes");
    CHECK_IP(&v, "$$HOME and $${APP}", "$HOME and ${APP}");
    CHECK_IP(&v, "${APP", "${APP");            /* unclosed: as written */
    CHECK_IP(&v, "cost: 5$", "cost: 5$");
    CHECK(compose_interpolate_text("plain", 5, &v) == NULL);
    compose_vars_free(&v);
}

static void test_document(void)
{
    static const char Y[] =
        "services:\n"
        "  web:\n"
        "    privileged: ${PRIV:-true}\n"
        "    user: \"${UID:-1000}\"\n"
        "    volumes:\n"
        "      - ${SOCK}:/var/run/docker.sock\n"
        "    environment:\n"
        "      TOKEN: ${SOCK}\n";
    compose_vars v;
    memset(&v, 0, sizeof v);
    compose_vars_parse("SOCK=/run/d.sock\n", 16, &v);
    source *src = source_new_owned("c.yaml", strdup(Y), sizeof Y - 1);
    tree *t = tree_new();
    doclist docs = {0};
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    CHECK_INT(load_yaml(src, t, &docs, &lim, &err), 0);
    compose_interpolate(t, docs.v[0].root, &v);
    node_id web = tree_member(t, tree_member(t, docs.v[0].root, "services", NULL), "web", NULL);
    const node *p = tree_get(t, tree_member(t, web, "privileged", NULL));
    CHECK_INT(p->kind, N_BOOL);                /* a plain scalar is typed again */
    CHECK_INT(p->v.i, 1);
    CHECK_INT(p->line, 3);
    CHECK_INT(p->col, 17);                     /* where it was written */
    const node *u = tree_get(t, tree_member(t, web, "user", NULL));
    CHECK_INT(u->kind, N_STR);                 /* quoted stays a string */
    CHECK_STR(tree_text(t, u->str), "1000");
    node_id vols = tree_member(t, web, "volumes", NULL);
    const node *m = tree_get(t, t->kids[tree_get(t, vols)->kids].val);
    CHECK_STR(tree_text(t, m->str), "/run/d.sock:/var/run/docker.sock");
    CHECK_INT(m->line, 6);
    CHECK(m->flags & NODE_INTERPOLATED);
    CHECK_STR(tree_member_str(t, tree_member(t, web, "environment", NULL), "TOKEN"), "${SOCK}");
    free(docs.v);
    tree_free(t);
    source_free(src);
    compose_vars_free(&v);
}

int main(void)
{
    RUN(test_forms);
    RUN(test_document);
    return unit_done("compose_env");
}
