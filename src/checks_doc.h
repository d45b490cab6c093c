/* checks_doc.h — what `plimsoll checks` prints about the checks: a table
 * (text), their metadata as JSON, or a Markdown reference page (the pages
 * under docs/checks/ are this output). Pure functions of the check set:
 * nothing here prints or reads files. */
#ifndef PLIMSOLL_CHECKS_DOC_H
#define PLIMSOLL_CHECKS_DOC_H

#include "check_load.h"
#include "util.h"

/* Append the listing of the checks of set that declare one of `inputs`
 * (input_bits; 0: every check) in `format` ("text", "json" or "markdown") to
 * out. Text and JSON keep the set's order, Markdown sorts by name. Returns 0,
 * or -1 when the format is not one of those (out untouched). */
int checks_doc(buf *out, const checkset *set, unsigned inputs, const char *format);

/* Append the text of one check (`plimsoll explain`) to out. */
void checks_doc_explain(buf *out, const check *k);

#endif
