/* test_escape.c — escape.c: untrusted strings printed with every control
 * character visible, and an offset moved with the escaping (the caret). */
#include <stdlib.h>

#include "escape.h"
#include "unit.h"

int main(void)
{
    buf b = {0}, s = {0};
    esc_puts(&b, "a\x1b[2J\n0 findings\r\x07\x7f\xc2\x9b\xe2\x80\xae\xff\tz", 0);
    CHECK_STR(b.s, "a\\x1b[2J\\n0 findings\\r\\x07\\x7f\\u009b\\u202e\\xff\\tz");
    b.len = 0;
    esc_puts(&b, "line 1\n\tline 2\x1b", ESC_KEEP_LF | ESC_KEEP_TAB);
    CHECK_STR(b.s, "line 1\n\tline 2\\x1b");
    b.len = 0;
    b.s[0] = 0;
    esc_puts(&b, NULL, 0);
    CHECK_STR(b.s, "");
    buf_free(&b);

    CHECK_STR(esc_str(&s, "x\x1by"), "x\\x1by");
    CHECK_STR(esc_str(&s, "second"), "second"); /* the scratch is emptied first */
    CHECK_STR(esc_str(&s, NULL), "");
    CHECK_STR(esc_str(&s, "caf\xc3\xa9"), "caf\xc3\xa9"); /* UTF-8 stays */
    CHECK_STR(esc_str_keep(&s, "a\n\tb\x1b", ESC_KEEP_LF | ESC_KEEP_TAB), "a\n\tb\\x1b");
    buf_free(&s);

    /* the caret: byte 5 ('X') moves past the two escapes before it; tabs stay */
    size_t at = 5;
    char *t = esc_text_at("\t\x1b[0m" "X\x1b", 7, &at);
    CHECK_STR(t, "\t\\x1b[0mX\\x1b");
    CHECK_INT(at, 8);
    CHECK(t[at] == 'X');
    free(t);
    at = 99; /* past the end: the end */
    t = esc_text_at("ab", 2, &at);
    CHECK_INT(at, 2);
    free(t);
    t = esc_text_at("ab", 2, NULL);
    CHECK_STR(t, "ab");
    free(t);
    return unit_done("escape");
}
