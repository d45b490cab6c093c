/* fuzz_config.c — the configuration loader on any bytes as .plimsoll.yaml,
 * then its exclude and ignore globs against paths cut from the same input:
 * no crash, no leak, and a loaded config whose every list is whole. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    config c;
    char err[600];
    int rc = config_parse_owned("fuzz/.plimsoll.yaml", fuzz_text(data, size), size, &c, err, sizeof err);
    FUZZ_ASSERT(rc == 0 || err[0], "failed without a message");
    if (rc == 0) {
        for (size_t i = 0; i < c.n_exclude; i++) FUZZ_ASSERT(c.exclude[i], "exclude %zu is NULL", i);
        for (size_t i = 0; i < c.n_ign; i++) FUZZ_ASSERT(c.ign[i].n_checks > 0, "ignore %zu names no check", i);
    }
    /* the globs against the input's own lines as paths (at most a few) */
    static const char *const fixed[] = {"a.yaml", "deploy/x/y.yaml", "vendor", "k8s/[x].yaml", ""};
    size_t lines = 0;
    for (size_t off = 0; off < size && lines < 4; lines++) {
        const uint8_t *nl = memchr(data + off, '\n', size - off);
        size_t n = nl ? (size_t)(nl - (data + off)) : size - off;
        char *path = fuzz_text(data + off, n > 512 ? 512 : n);
        for (size_t i = 0; i < c.n_exclude && i < 8; i++) config_glob(c.exclude[i], path);
        for (size_t i = 0; i < c.n_ign && i < 8; i++)
            for (size_t j = 0; j < c.ign[i].n_paths && j < 8; j++) config_glob(c.ign[i].paths[j], path);
        free(path);
        off += n + 1;
    }
    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
        for (size_t i = 0; i < c.n_exclude && i < 8; i++) config_glob(c.exclude[i], fixed[k]);
    config_free(&c);
    return 0;
}
