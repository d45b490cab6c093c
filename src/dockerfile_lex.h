/* dockerfile_lex.h — the shell-word rules of Dockerfiles, as BuildKit applies
 * them: variable scopes and substitution ($V, ${V}, ${V:-w}, ${V-w}, ${V:+w},
 * ${V+w}, ${V#p}, ${V%p} …), quote and escape removal, splitting into words, and
 * the JSON string arrays of exec form. Used by load_dockerfile.c only.
 *
 * Nothing here builds tree nodes, prints or keeps global state. Malformed
 * input never fails: an unterminated quote runs to the end of the text and a
 * malformed ${...} stays literal. */
#ifndef PLIMSOLL_DOCKERFILE_LEX_H
#define PLIMSOLL_DOCKERFILE_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* ---- variable scopes ---- */
typedef struct dlex_var {
    char *name, *val;    /* owned by the env, NUL-terminated */
    size_t nlen, vlen;
    uint8_t set;         /* 0: declared without a value (`ARG NAME`): unset */
    uint8_t env;         /* set by ENV: a later ARG of the same name never overrides it */
} dlex_var;

typedef struct dlex_env {
    dlex_var *v;
    size_t n, cap;
    uint32_t *slot;      /* hash index: v[slot[i] - 1], 0 = empty (at most half full) */
    size_t nslot;
} dlex_env;              /* zero-initialise; free with dlex_env_free. Lookups are
                          * hashed: 50,000 ARGs cost 50,000 steps, not 50,000². */

/* Define or redefine name. An ARG (is_env 0) does not replace a variable an
 * ENV set. The strings are copied. */
void dlex_env_set(dlex_env *e, const char *name, size_t nlen, const char *val, size_t vlen,
                  int set, int is_env);
/* The variable called name, or NULL. */
const dlex_var *dlex_env_get(const dlex_env *e, const char *name, size_t nlen);
/* Append copies of every variable of src to dst (used when a stage starts
 * FROM an earlier stage and inherits its ENVs). */
void dlex_env_copy(dlex_env *dst, const dlex_env *src);
void dlex_env_free(dlex_env *e);

/* ---- words ---- */
enum dlex_flags {
    DLEX_VARS = 1,       /* substitute variables from env */
    DLEX_QUOTES = 2,     /* remove quotes and escape characters (BuildKit's ProcessWord) */
};

/* Process s[0..n) and append the result to out. esc is the escape character
 * (\ or `). With DLEX_VARS, variables come from env (NULL: all unset) and at
 * most *budget bytes are appended in all (the count is decremented; it guards
 * against ARGs that double in size at every step): returns -1 when it runs out
 * (out then holds a partial result), else 0. *quoted, when not NULL, is set to
 * 1 if a quote was removed. */
int dlex_word(const char *s, size_t n, int esc, int flags, const dlex_env *env,
              size_t *budget, buf *out, int *quoted);

typedef struct dlex_span {
    size_t off, len;
} dlex_span;

/* Split s[0..n) into words at white space outside quotes, keeping quotes and
 * escapes in the words (BuildKit's parseWords). Returns the number of words
 * and sets *out (malloc'd, caller frees; NULL when none) unless out is NULL. */
size_t dlex_split(const char *s, size_t n, int esc, dlex_span **out);

/* Width in bytes of the white-space character at s[0..n) as Go's
 * unicode.IsSpace sees it (ASCII and the Unicode spaces), or 0. */
size_t dlex_space(const char *s, size_t n);

/* Index of the first non-space byte of s[i..n) (n when none). */
size_t dlex_lskip(const char *s, size_t i, size_t n);
/* End of s[a..b) with trailing white space removed. */
size_t dlex_rtrim(const char *s, size_t a, size_t b);

/* ---- exec form ---- */
typedef struct dlex_jstr {
    char *s;             /* decoded text, malloc'd, NUL-terminated */
    size_t len;
    size_t off;          /* byte offset of its opening quote in the input */
} dlex_jstr;

/* Parse s[0..n) as a JSON array (white space allowed around it). Returns 1
 * when it is an array of strings (*items and *n_items set; free with
 * dlex_json_free), 0 when the text is not JSON, -1 when it is a JSON array
 * holding something other than a string. */
int dlex_json_strings(const char *s, size_t n, dlex_jstr **items, size_t *n_items);
void dlex_json_free(dlex_jstr *items, size_t n);

#endif
