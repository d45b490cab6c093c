/* fuzz_baseline.c — the baseline reader (--baseline FILE) on any bytes: the
 * input is written to a file of the harness's own and loaded; no crash, no
 * leak, a loaded baseline is a sorted set the lookup finds every member of. */
#include <unistd.h>

#include "baseline.h"
#include "fuzz.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/plimsoll-fuzz-baseline-%ld.json", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    baseline b;
    char err[600];
    if (baseline_load(path, &b, err, sizeof err) == 0) {
        for (size_t i = 0; i < b.n; i++) {
            FUZZ_ASSERT(b.fp[i], "fingerprint %zu is NULL", i);
            FUZZ_ASSERT(baseline_has(&b, b.fp[i]), "fingerprint %zu not found", i);
            FUZZ_ASSERT(i == 0 || strcmp(b.fp[i - 1], b.fp[i]) <= 0, "not sorted at %zu", i);
        }
        baseline_has(&b, "");
        baseline_free(&b);
    } else {
        FUZZ_ASSERT(err[0], "failed without a message");
    }
    unlink(path);
    return 0;
}
