/* image_view.h — an image archive as the scan sees it: one document of
 * input `archive` per image (the image config's members, as the `image`
 * input has them, plus image, release, layers, files, removed, packages and
 * notes; docs/writing-checks.md has the shape), in one tree, with a
 * generated listing as the source text their positions point into. */
#ifndef PLIMSOLL_IMAGE_VIEW_H
#define PLIMSOLL_IMAGE_VIEW_H

#include "check.h"
#include "image.h"

/* The documents of the images of s whose layers were all read. *src (the
 * listing, named display) and *t are new and owned by the caller, who
 * frees them after the docs appended to docs. Errors go to errs. */
void image_view(const image_set *s, const char *display, source **src, tree **t, doclist *docs, results *errs);

/* load_archive + image_view: the scan's loader for an archive or layout
 * directory. Returns what load_archive returns; *src and *t are set only
 * when it returns 1. */
int archive_load_docs(const char *path, const char *display, const archive_opts *o, source **src, tree **t,
                      doclist *docs, results *errs);

#endif
