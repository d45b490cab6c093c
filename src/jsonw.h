/* jsonw.h — JSON text written straight into a buffer, laid out exactly as
 * jansson's json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) lays it out, so
 * reports can stream findings without building a tree of JSON values per
 * finding. Strings are escaped as jansson escapes them, and text that is not
 * valid UTF-8 is written with '?' for every byte above 0x7F (what
 * report_json_str does). Nothing here allocates except the output buffer. */
#ifndef PLIMSOLL_JSONW_H
#define PLIMSOLL_JSONW_H

#include "util.h"

#define JSONW_MAX_DEPTH 64

/* A writer: values go to b, nested `base` levels deep (their lines are
 * indented by 2 * base more spaces, as when a dumped value is pasted into
 * an outer one). Zero-initialise, then set b and base. */
typedef struct jsonw {
    buf *b;
    int base;
    int level;                      /* containers open */
    int after_key;                  /* a key was written: the value follows it */
    unsigned char empty[JSONW_MAX_DEPTH + 1]; /* per level: nothing written into it yet */
} jsonw;

void jw_object(jsonw *w);               /* { */
void jw_array(jsonw *w);                /* [ */
void jw_end(jsonw *w, char close);      /* } or ] */
void jw_key(jsonw *w, const char *key); /* a member's key; its value comes next */
void jw_str(jsonw *w, const char *s);   /* a string (NULL: "") */
void jw_str_or_null(jsonw *w, const char *s);
void jw_int(jsonw *w, long long v);
void jw_null(jsonw *w);

/* A member `key` whose value is given as JSON text (compact, as
 * check_report.c writes a fix), laid out like every other value: exactly
 * what jansson gives for json_loads(text) dumped in place. Returns 0, or -1
 * (writing nothing, not even the key) when jansson would not load it. */
int jw_json_member(jsonw *w, const char *key, const char *text);

/* The string s as a JSON string literal, appended to b (jansson's escaping). */
void jw_quote(buf *b, const char *s, size_t n);

/* Is s[0..n) UTF-8 as jansson accepts it (no overlongs, surrogates, or code
 * points above U+10FFFF)? */
int jw_utf8_ok(const char *s, size_t n);

#endif
