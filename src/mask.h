/* mask.h — secrets are never printed whole. A secret is shown as its first
 * characters (at most 4, a quarter of them when it has fewer than 16) and
 * "****", cut at whole UTF-8 characters. A mask_set holds every secret known
 * in one file; every line and message printed about that file goes through
 * mask_text, so a line that holds the secrets of several findings (a
 * minified image config, a flow-style Pod) shows none of them whole. Pure
 * functions of their arguments; a set is read-only once sealed. */
#ifndef PLIMSOLL_MASK_H
#define PLIMSOLL_MASK_H

#include <stddef.h>

typedef struct mask_set {
    char **v;            /* distinct secrets, once sealed: longest first */
    size_t n, cap;
    int sealed;
} mask_set;

/* The mask of secret s: malloc'd. */
char *mask_secret(const char *s);
/* Add a copy of secret (NULL and "" are ignored); unseals the set. */
void mask_set_add(mask_set *m, const char *secret);
/* Sort and drop repeated secrets; mask_text seals a set it is given unsealed
 * only through this call, so call it once after the last add. */
void mask_set_seal(mask_set *m);
void mask_set_free(mask_set *m);
/* text[0..n) with every occurrence of every secret of m replaced by that
 * secret's mask (overlapping occurrences are masked as one, from the first
 * secret's start); malloc'd and NUL-terminated. m may be NULL (a copy). */
char *mask_text(const mask_set *m, const char *text, size_t n);
/* mask_text that also moves *at, a byte offset into text, to the same place
 * in the result (a place inside a masked secret moves to the mask's start). */
char *mask_text_at(const mask_set *m, const char *text, size_t n, size_t *at);
/* mask_text that keeps an occurrence whole when it is part of a longer
 * identifier (word characters on either side: services.giteadb) or when the
 * secret is one of names (a finding's own container or resource name) and
 * stands as a name (bounded by text ends, quotes, dots, brackets, spaces).
 * For the fields of a finding; source lines are masked with mask_text. */
char *mask_text_names(const mask_set *m, const char *text, size_t n, const char *const *names, size_t n_names);
void mask_in_place_names(const mask_set *m, char **s, const char *const *names, size_t n_names);
/* Replace the malloc'd string *s (may be NULL) by mask_text of it. */
void mask_in_place(const mask_set *m, char **s);

#endif
