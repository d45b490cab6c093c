/* test_mask.c — mask.c: the mask of one secret (whole UTF-8 characters), and
 * every secret of a set masked in a text, overlapping ones as one. */
#include <stdlib.h>

#include "mask.h"
#include "unit.h"

static void test_secret(void)
{
    char *m = mask_secret("sk_live_0123456789abcdef");
    CHECK_STR(m, "sk_l****");
    free(m);
    m = mask_secret("abcdefgh"); /* 8 characters: a quarter kept */
    CHECK_STR(m, "ab****");
    free(m);
    m = mask_secret("abc");
    CHECK_STR(m, "****");
    free(m);
    /* characters, not bytes: é is two bytes, ✓ three */
    m = mask_secret("\xc3\xa9\xc3\xa9\xe2\x9c\x93\xe2\x9c\x93" "abcdefghijklmnop");
    CHECK_STR(m, "\xc3\xa9\xc3\xa9\xe2\x9c\x93\xe2\x9c\x93****");
    free(m);
    m = mask_secret("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"); /* 8 characters, 16 bytes */
    CHECK_STR(m, "\xc3\xa9\xc3\xa9****");
    free(m);
}

static void test_text(void)
{
    mask_set s = {0};
    char *t = mask_text(NULL, "plain", 5);
    CHECK_STR(t, "plain");
    free(t);
    mask_set_add(&s, "ghp_R4nd0mT0k3nV4lu3Th4t");
    mask_set_add(&s, "sk_live_0123456789abcdef");
    mask_set_add(&s, NULL);
    mask_set_add(&s, "");
    mask_set_add(&s, "sk_live_0123456789abcdef"); /* repeated: kept once */
    mask_set_seal(&s);
    CHECK_INT(s.n, 2);
    /* both secrets of one line masked, not only the first */
    const char *line = "{\"a\":\"sk_live_0123456789abcdef\",\"b\":\"ghp_R4nd0mT0k3nV4lu3Th4t\",\"c\":\"sk_live_0123456789abcdef\"}";
    t = mask_text(&s, line, strlen(line));
    CHECK_STR(t, "{\"a\":\"sk_l****\",\"b\":\"ghp_****\",\"c\":\"sk_l****\"}");
    free(t);
    /* only n bytes are read */
    t = mask_text(&s, "xsk_live_0123456789abcdef", 10);
    CHECK_STR(t, "xsk_live_0");
    free(t);
    mask_set_free(&s);

    /* overlapping secrets: masked as one run, nothing of either left */
    mask_set_add(&s, "zzSECRETV");
    mask_set_add(&s, "SECRETVALUE123456");
    mask_set_seal(&s);
    t = mask_text(&s, "<zzSECRETVALUE123456>", 21);
    CHECK_STR(t, "<zz****>");
    free(t);
    /* a secret inside a longer one */
    mask_set_free(&s);
    mask_set_add(&s, "VALUE1");
    mask_set_add(&s, "SECRETVALUE123456");
    mask_set_seal(&s);
    t = mask_text(&s, "SECRETVALUE123456 VALUE1", 24);
    CHECK_STR(t, "SECR**** V****");
    free(t);
    /* an offset follows the masking: before, inside and after a secret */
    size_t at = 1;
    t = mask_text_at(&s, "xSECRETVALUE123456yVALUE1z", 26, &at);
    CHECK_STR(t, "xSECR****yV****z");
    CHECK_INT(at, 1);
    free(t);
    at = 5;
    free(mask_text_at(&s, "xSECRETVALUE123456yVALUE1z", 26, &at));
    CHECK_INT(at, 1);
    at = 18; /* the y */
    free(mask_text_at(&s, "xSECRETVALUE123456yVALUE1z", 26, &at));
    CHECK_INT(at, 9);
    at = 25; /* the z */
    free(mask_text_at(&s, "xSECRETVALUE123456yVALUE1z", 26, &at));
    CHECK_INT(at, 15);
    char *p = strdup("a VALUE1 b");
    mask_in_place(&s, &p);
    CHECK_STR(p, "a V**** b");
    free(p);
    p = NULL;
    mask_in_place(&s, &p);
    CHECK(p == NULL);
    mask_set_free(&s);
}

int main(void)
{
    RUN(test_secret);
    RUN(test_text);
    return unit_done("mask");
}
