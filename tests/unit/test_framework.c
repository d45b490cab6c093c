/* test_framework.c — framework catalogues: every mistake is an error at
 * file:line:col, ids are unique, assessments are complete, names resolve;
 * SHA-256 (libcrypto, digest.h) against the FIPS 180-4 examples, in one
 * piece and fed a byte at a time. */
#include <stdlib.h>

#include "framework.h"
#include "digest.h"
#include "unit.h"

static int load(framework_set *set, const char *text, char *err, size_t n)
{
    return framework_load_text(set, "t.yaml", text, strlen(text), err, n);
}

#define HEAD "framework: t\nversion: '1'\ntitle: T\nsource: here\nsections: [{id: '1', title: One}]\ncontrols:\n"

static void test_errors(void)
{
    static const struct { const char *text, *want; } cases[] = {
        {HEAD "  - {id: '1.1', title: A, manual: why}\n  - {id: '1.1', title: B, manual: why}\n",
         "t.yaml:8:5: control id 1.1 is not unique"},
        {HEAD "  - {id: '1.1', title: A}\n", "t.yaml:7:5: control 1.1 needs an assessment"},
        {HEAD "  - {id: '1.1', title: A, kubernetes: [x], manual: why}\n", "t.yaml:7:5: control 1.1 is manual"},
        {HEAD "  - {id: '1.1', title: A, needs: [moon]}\n", "t.yaml:7:34: unknown need 'moon'"},
        {HEAD "  - {id: '1.1', title: A, dockerfle: [x]}\n", "t.yaml:7:27: unknown control key 'dockerfle'"},
        {HEAD "  - {id: '2.1', title: A, manual: why}\n", "t.yaml:7:1: control 2.1 belongs to no section"},
        {HEAD "  - {id: '1.1', title: A, manual: why, section: '9'}\n", "t.yaml:7:1: section 9 is not in sections"},
        {"framework: t\nversion: '1'\ntitle: T\nsource: here\ncontrols: [\n", "t.yaml:"},
        {"framework: t\ntitle: T\nsource: s\ncontrols: []\n", "t.yaml:1:1: a catalogue needs framework, version"},
        {"framework: t\nversion: '1'\ntitle: T\nsource: s\nincludes: nope\ncontrols: []\n", "t.yaml:5:11: includes 'nope'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        framework_set set = {0};
        char err[600] = "";
        CHECK_INT(load(&set, cases[i].text, err, sizeof err), -1);
        if (strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
            fprintf(stderr, "case %zu: got \"%s\", want \"%s...\"\n", i, err, cases[i].want);
        CHECK(strncmp(err, cases[i].want, strlen(cases[i].want)) == 0);
        framework_set_free(&set);
    }
}

static void test_good(void)
{
    framework_set set = {0};
    char err[600] = "";
    CHECK_INT(load(&set, "framework: base\nversion: '2'\ntitle: B\nsource: s\naliases: [b]\nsections: [{id: x, title: X}]\n"
                         "controls:\n  - {id: a, section: x, title: A, kubernetes: [privileged-container], needs: [cluster]}\n",
                   err, sizeof err), 0);
    CHECK_INT(load(&set, "framework: more\nversion: '3'\ntitle: M\nsource: s\nincludes: base\nsections: [{id: '1', title: One}]\n"
                         "controls:\n  - {id: '1.1', title: C, manual: because}\n",
                   err, sizeof err), 0);
    CHECK_INT(set.n, 2);
    CHECK_INT(set.v[1].n_controls, 2);
    CHECK_STR(set.v[1].controls[0].id, "a");
    CHECK(framework_find(&set, "base") == &set.v[0]);
    CHECK(framework_find(&set, "base-2") == &set.v[0]);
    CHECK(framework_find(&set, "b-2") == &set.v[0]);
    CHECK(framework_find(&set, "base-3") == NULL);
    CHECK(framework_find(&set, "more") == &set.v[1]);
    CHECK_STR(framework_section_of(&set.v[1], &set.v[1].controls[1])->id, "1");
    CHECK_INT(framework_control_inputs(&set.v[0].controls[0]), 1);
    CHECK_INT(load(&set, "framework: base\nversion: '9'\ntitle: B\nsource: s\ncontrols: []\n", err, sizeof err), -1);
    /* an input that is a key is no longer a need: adding `compose: [...]` is one line */
    CHECK_INT(load(&set, "framework: one\nversion: '1'\ntitle: O\nsource: s\nsections: [{id: '1', title: One}]\n"
                         "controls:\n  - {id: '1.1', title: A, needs: [compose, host], compose: [privileged-container]}\n",
                   err, sizeof err), 0);
    CHECK_INT(set.v[2].controls[0].n_needs, 1);
    CHECK_STR(set.v[2].controls[0].needs[0], "host");
    framework_set_free(&set);
}

static void test_builtin(void)
{
    framework_set set = {0};
    char err[600] = "";
    CHECK_INT(framework_load_builtin(&set, err, sizeof err), 0);
    if (*err) fprintf(stderr, "%s\n", err);
    CHECK_INT(set.n, 5);
    const framework *d = framework_find(&set, "cis-docker"), *k = framework_find(&set, "cis-kubernetes");
    CHECK(d && d->n_controls == 117);
    CHECK(k && k->n_controls == 130);
    CHECK(framework_find(&set, "pss-restricted") && framework_find(&set, "pss-restricted")->n_controls == 17);
    framework_set_free(&set);
}

static void sha(const char *in, const char *want)
{
    sha256_ctx c;
    char out[65];
    sha256_init(&c);
    sha256_update(&c, in, strlen(in));
    sha256_hex(&c, out);
    CHECK_STR(out, want);
    sha256_init(&c);
    for (size_t i = 0; in[i]; i++) sha256_update(&c, in + i, 1);
    sha256_hex(&c, out);
    CHECK_STR(out, want);
    char *d = sha256_digest(in, strlen(in));
    CHECK(strncmp(d, "sha256:", 7) == 0);
    CHECK_STR(d + 7, want);
    free(d);
}

static void test_sha256(void)
{
    sha("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

int main(void)
{
    RUN(test_errors);
    RUN(test_good);
    RUN(test_builtin);
    RUN(test_sha256);
    return unit_done("test_framework");
}
