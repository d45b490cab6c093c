/* fuzz.h — what every harness in fuzz/ shares: the libFuzzer entry points and
 * a few helpers to turn the fuzzer's bytes into the project's inputs. Each
 * harness is built twice: with libFuzzer (make fuzz, clang) and with
 * fuzz/driver.c as a plain program that replays files (make test, make asan:
 * the crash regressions in fuzz/regressions/ and a sample of the seeds).
 * Harnesses may keep state in globals (an engine made once); they are not
 * part of the plimsoll binary. */
#ifndef PLIMSOLL_FUZZ_H
#define PLIMSOLL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A malloc'd NUL-terminated copy of data[0..size). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *t = xmalloc(size + 1);
    if (size) memcpy(t, data, size);
    t[size] = 0;
    return t;
}

/* An invariant the harness checks: on failure, print and abort (libFuzzer
 * records the input as a crash). */
#define FUZZ_ASSERT(cond, ...) do { \
    if (!(cond)) { \
        fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__); \
        fputc('\n', stderr); \
        abort(); \
    } \
} while (0)

#endif
