/* escape.h — nothing a scanned file controls reaches a terminal or a CI log
 * as a control character. The text and GitHub reports pass every string
 * that comes from the input (file names, resource names, messages,
 * remediations, source lines) through these: C0 and C1 control characters,
 * DEL, Unicode bidirectional overrides and bytes that are not UTF-8 become
 * visible escapes (\n, \x1b, \u009b, \u202e, \xff), always, with or without
 * colour. The escaping itself is buf_add_printable (util.h); these are the
 * shapes the reports need. */
#ifndef PLIMSOLL_ESCAPE_H
#define PLIMSOLL_ESCAPE_H

#include <stddef.h>

#include "util.h"

/* Append s (NULL: nothing) escaped; flags as buf_add_printable's
 * (ESC_KEEP_TAB, ESC_KEEP_LF). */
void esc_puts(buf *b, const char *s, int flags);
/* s escaped (nothing kept) in *scratch, which is emptied first; returns
 * scratch->s (never NULL). For printf arguments: one scratch per argument,
 * freed by the caller with buf_free. */
const char *esc_str(buf *scratch, const char *s);
/* esc_str keeping what flags say (ESC_KEEP_LF for a traceback). */
const char *esc_str_keep(buf *scratch, const char *s, int flags);
/* s[0..n) escaped with tabs kept, malloc'd; *at, a byte offset into s, is
 * moved to the same character in the result (a caret stays under it). */
char *esc_text_at(const char *s, size_t n, size_t *at);

#endif
