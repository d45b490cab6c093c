/* gen_index.c — build-time tool: loads the built-in checks the way a scan
 * with no index does (every file run, its metadata validated by
 * check_meta.c) and writes that metadata as a C table (check_index.h) to
 * stdout. Exits non-zero when any built-in check fails to load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_index.h"
#include "embedded.h"
#include "engine.h"
#include "lua_deps.h"

static void put_str(const char *s)
{
    if (!s) {
        fputs("NULL", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') printf("\\%c", *p);
        else if (*p == '\n') fputs("\\n", stdout);
        else if (*p < 0x20 || *p >= 0x7f || *p == '?') printf("\\%03o", *p); /* '?': no trigraphs */
        else putchar(*p);
    }
    putchar('"');
}

static void put_strs(char *const *v, size_t n)
{
    if (!v) {
        fputs("NULL", stdout);
        return;
    }
    fputs("(char **)(char *const []){", stdout);
    for (size_t i = 0; i < n; i++) {
        put_str(v[i]);
        fputs(", ", stdout);
    }
    fputs("NULL}", stdout);
}

/* The dependency index (check_index.h): the embedded libraries in load
 * order (check_load.c's read_sources: "checks/lib/NAME.lua"), and per check
 * of set the libraries its source names, closed over what they name. More
 * than 64 libraries: no index (every state loads them all). */
static void put_deps(const checkset *set)
{
    const char *names[64];
    const embedded_file *lib_file[64];
    size_t n = 0;
    int fits = 1;
    for (unsigned i = 0; i < embedded_checks_count; i++) {
        const char *p = embedded_checks[i].path;
        size_t l = strlen(p);
        if (strncmp(p, "checks/lib/", 11) != 0 || strchr(p + 11, '/') || l <= 11 + 4) continue;
        if (n == 64) {
            fits = 0;
            break;
        }
        names[n] = strndup(p + 11, l - 11 - 4);
        lib_file[n++] = &embedded_checks[i];
    }
    if (!fits) n = 0;
    uint64_t deps[64];
    for (size_t i = 0; i < n; i++) deps[i] = lua_deps_named(lib_file[i]->text, lib_file[i]->len, names, n);
    lua_deps_close(deps, n);
    puts("const char *const check_index_libs[] = {");
    for (size_t i = 0; i < n; i++) {
        put_str(names[i]);
        fputs(", ", stdout);
    }
    printf("NULL};\nconst unsigned check_index_lib_count = %zu;\nconst uint64_t check_index_needs[] = {\n", n);
    for (size_t c = 0; c < set->n; c++) {
        uint64_t need = 0;
        for (unsigned i = 0; i < embedded_checks_count; i++)
            if (strcmp(embedded_checks[i].path, set->v[c].file) == 0)
                need = lua_deps_reach(lua_deps_named(embedded_checks[i].text, embedded_checks[i].len, names, n), deps, n);
        printf("0x%llxu, /* %s */\n", (unsigned long long)need, set->v[c].file);
    }
    puts("0};\n");
    for (size_t i = 0; i < n; i++) free((char *)names[i]);
}

/* check_index_quiet_empty: each check's cross-document handlers run over no
 * document and no fact, alone, in e (a full load): 1 when they reported
 * nothing and raised no error. */
static void put_quiet(engine *e, const checkset *set)
{
    unsigned char *only = calloc(set->n + 1, 1);
    doc_refs none = {0};
    puts("const unsigned char check_index_quiet_empty[] = {");
    for (size_t i = 0; i < set->n; i++) {
        int quiet = 0;
        if (set->v[i].handlers_all) {
            results r = {0};
            only[i] = 1;
            engine_run_cross(e, &none, NULL, 0, only, &r);
            only[i] = 0;
            quiet = r.n_f == 0 && r.n_e == 0;
            results_free(&r);
        }
        printf("%d,%s", quiet, i % 32 == 31 ? "\n" : " ");
    }
    puts("0};\n");
    free(only);
}

static void put_frameworks(const framework_set *fws)
{
    puts("const framework framework_index[] = {");
    for (size_t f = 0; f < fws->n; f++) {
        const framework *fw = &fws->v[f];
        fputs("{.id = ", stdout);
        put_str(fw->id);
        fputs(", .version = ", stdout);
        put_str(fw->version);
        fputs(", .title = ", stdout);
        put_str(fw->title);
        fputs(", .source = ", stdout);
        put_str(fw->source);
        fputs(", .file = ", stdout);
        put_str(fw->file);
        fputs(", .sha256 = ", stdout);
        put_str(fw->sha256);
        fputs(",\n .aliases = ", stdout);
        put_strs(fw->aliases, fw->n_aliases);
        printf(", .n_aliases = %zu,\n .sections = (fw_section *)(const fw_section[]){", fw->n_aliases);
        for (size_t i = 0; i < fw->n_sections; i++) {
            fputs("{", stdout);
            put_str(fw->sections[i].id);
            fputs(", ", stdout);
            put_str(fw->sections[i].title);
            fputs("}, ", stdout);
        }
        printf("{NULL, NULL}}, .n_sections = %zu,\n .controls = (fw_control *)(const fw_control[]){\n", fw->n_sections);
        for (size_t i = 0; i < fw->n_controls; i++) {
            const fw_control *c = &fw->controls[i];
            fputs(" {.id = ", stdout);
            put_str(c->id);
            fputs(", .title = ", stdout);
            put_str(c->title);
            fputs(", .section = ", stdout);
            put_str(c->section);
            fputs(", .profile = ", stdout);
            put_str(c->profile);
            fputs(", .note = ", stdout);
            put_str(c->note);
            fputs(", .manual = ", stdout);
            put_str(c->manual);
            fputs(", .needs = ", stdout);
            put_strs(c->needs, c->n_needs);
            printf(", .n_needs = %zu, .ev = ", c->n_needs);
            if (c->ev) {
                fputs("(fw_evidence *)(const fw_evidence[]){", stdout);
                for (size_t e = 0; e < c->n_ev; e++) {
                    printf("{.input = %uu, .checks = ", c->ev[e].input);
                    put_strs(c->ev[e].checks, c->ev[e].n_checks);
                    printf(", .n_checks = %zu, .line = %u}, ", c->ev[e].n_checks, c->ev[e].line);
                }
                fputs("}", stdout);
            } else {
                fputs("NULL", stdout);
            }
            printf(", .n_ev = %zu, .line = %u},\n", c->n_ev, c->line);
        }
        printf(" {0}}, .n_controls = %zu},\n", fw->n_controls);
    }
    printf("};\nconst unsigned framework_index_count = %zu;\n", fws->n);
}

int main(void)
{
    engine_opts eo = {.full_load = 1};
    checkset set = {0};
    results errs = {0};
    engine *e = engine_new(&eo, &set, &errs);
    int rc = 0;
    if (!e || errs.n_e) {
        for (size_t i = 0; i < errs.n_e; i++) fprintf(stderr, "gen_index: %s: %s\n", errs.e[i].file, errs.e[i].message);
        fprintf(stderr, "gen_index: the built-in checks do not load\n");
        rc = 1;
    } else {
        puts("/* generated by tools/gen_index.c from the built-in checks and catalogues: do not edit. Every array is const: the casts only meet the types of the fields. */");
        puts("#include <stddef.h>\n\n#include \"check_index.h\"\n\nconst check check_index[] = {");
        for (size_t i = 0; i < set.n; i++) {
            const check *c = &set.v[i];
            fputs("{.id = ", stdout);
            put_str(c->id);
            fputs(", .name = ", stdout);
            put_str(c->name);
            fputs(",\n .title = ", stdout);
            put_str(c->title);
            fputs(",\n .description = ", stdout);
            put_str(c->description);
            fputs(",\n .remediation = ", stdout);
            put_str(c->remediation);
            fputs(",\n .file = ", stdout);
            put_str(c->file);
            printf(",\n .sev = %d, .hardening = %d, .inputs = %uu, .kinds = ", (int)c->sev, c->hardening, c->inputs);
            put_strs(c->kinds, c->n_kinds);
            printf(", .n_kinds = %zu,\n .handlers = %uu, .handlers_all = %uu, .handlers_facts = %uu, .cross = %d, "
                   ".custom = %d, .helm_values = %d,\n .controls = ",
                   c->n_kinds, c->handlers, c->handlers_all, c->handlers_facts, c->cross, c->custom, c->helm_values);
            if (c->n_controls) {
                fputs("(control *)(const control[]){", stdout);
                for (size_t k = 0; k < c->n_controls; k++) {
                    fputs("{", stdout);
                    put_str(c->controls[k].framework);
                    fputs(", ", stdout);
                    put_str(c->controls[k].id);
                    fputs(", ", stdout);
                    put_str(c->controls[k].version);
                    printf(", %uu}, ", c->controls[k].inputs);
                }
                fputs("}", stdout);
            } else {
                fputs("NULL", stdout);
            }
            printf(", .n_controls = %zu, .supersedes = ", c->n_controls);
            put_strs(c->supersedes, c->n_supersedes);
            printf(", .n_supersedes = %zu},\n", c->n_supersedes);
        }
        printf("};\nconst unsigned check_index_count = %zu;\n\n", set.n);
        put_deps(&set);
        put_quiet(e, &set);
        framework_set fws = {0};
        char err[600];
        if (framework_load_builtin(&fws, err, sizeof err)) {
            fprintf(stderr, "gen_index: %s\n", err);
            rc = 1;
        } else {
            put_frameworks(&fws);
        }
        framework_set_free(&fws);
    }
    engine_free(e);
    checkset_free(&set);
    results_free(&errs);
    return rc;
}
