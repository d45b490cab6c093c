/* test_util.c — sort_ctx: sorted like qsort, stable, the context reaching
 * the comparison, every size from 0 to a few hundred elements. */
#include <stdlib.h>

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

int main(void)
{
    RUN(test_sort);
    return unit_done("util");
}
