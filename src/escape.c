/* escape.c — printing untrusted strings safely (see escape.h). */
#include "escape.h"

#include <string.h>

void esc_puts(buf *b, const char *s, int flags)
{
    if (s) buf_add_printable(b, s, strlen(s), flags);
}

const char *esc_str(buf *scratch, const char *s) { return esc_str_keep(scratch, s, 0); }

const char *esc_str_keep(buf *scratch, const char *s, int flags)
{
    scratch->len = 0;
    buf_add(scratch, "", 0);
    esc_puts(scratch, s, flags);
    return scratch->s;
}

char *esc_text_at(const char *s, size_t n, size_t *at)
{
    buf b = {0};
    buf_add(&b, "", 0);
    size_t want = at ? *at : 0, moved = 0;
    if (want > n) want = n;
    /* the part before the offset, then the rest: the offset lands where the
     * escape of its character starts */
    buf_add_printable(&b, s, want, ESC_KEEP_TAB);
    moved = b.len;
    buf_add_printable(&b, s + want, n - want, ESC_KEEP_TAB);
    if (at) *at = moved;
    return b.s;
}
