/* test_util.c — sort_ctx: sorted like qsort, stable, the context reaching
 * the comparison, every size from 0 to a few hundred elements. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "util.h"

typedef struct item {
    int key;
    size_t order;   /* position before sorting, to see stability */
} item;

/* ctx: the divisor keys are compared under, so many keys tie. */
static int cmp_item(const void *a, const void *b, void *ctx)
{
    int div = *(const int *)ctx;
    int x = ((const item *)a)->key / div, y = ((const item *)b)->key / div;
    return x < y ? -1 : x > y;
}

static void test_sort(void)
{
    unsigned seed = 12345;
    int div = 7;
    for (size_t n = 0; n < 300; n += n < 20 ? 1 : 37) {
        item *v = malloc((n + 1) * sizeof *v);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            v[i] = (item){(int)((seed >> 8) % 100), i};
        }
        sort_ctx(v, n, sizeof *v, cmp_item, &div);
        int sorted = 1, stable = 1;
        for (size_t i = 1; i < n; i++) {
            int c = cmp_item(&v[i - 1], &v[i], &div);
            if (c > 0) sorted = 0;
            if (c == 0 && v[i - 1].order > v[i].order) stable = 0;
        }
        CHECK(sorted);
        CHECK(stable);
        free(v);
    }
}

/* Issue 13: UTF-16 detection and conversion (surrogates, unpaired halves,
 * an odd trailing byte) and terminal-safe escaping. */
static void test_text(void)
{
    CHECK_INT(text_encoding("\xff\xfe" "a\0", 4), ENC_UTF16LE_BOM);
    CHECK_INT(text_encoding("\xfe\xff\0a", 4), ENC_UTF16BE_BOM);
    CHECK_INT(text_encoding("a\0b\0", 4), ENC_UTF16LE);
    CHECK_INT(text_encoding("\0a\0b", 4), ENC_UTF16BE);
    CHECK_INT(text_encoding("\xff\xfe\0\0", 4), ENC_UTF32);
    CHECK_INT(text_encoding("abc: d", 6), ENC_UTF8);
    CHECK_INT(text_encoding("a\0", 2), ENC_UTF8);
    buf b = {0};
    static const char le[] = "\xff\xfe" "a\0\xe9\0\x3d\xd8\x00\xde" "\x00\xd8" "b\0" "c";
    utf16_to_utf8(le, sizeof le - 1, 0, &b);
    CHECK_INT(b.len, 1 + 2 + 4 + 3 + 1 + 3);
    CHECK(memcmp(b.s, "a\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbd" "b\xef\xbf\xbd", b.len) == 0);
    buf_free(&b);
    utf16_to_utf8("\0x\0y", 4, 1, &b);
    CHECK_STR(b.s, "xy");
    buf_free(&b);

    char *p = str_printable("a\x1b[2J\n\tb\x7f\xc2\x9b\xe2\x80\xae\xff\\ \xc3\xa9");
    CHECK_STR(p, "a\\x1b[2J\\n\\tb\\x7f\\u009b\\u202e\\xff\\ \xc3\xa9");
    free(p);
    buf_add_printable(&b, "x\ty\nz\r", 6, ESC_KEEP_TAB | ESC_KEEP_LF);
    CHECK_STR(b.s, "x\ty\nz\\r");
    buf_free(&b);
}

int main(void)
{
    RUN(test_sort);
    RUN(test_text);
    return unit_done("util");
}
