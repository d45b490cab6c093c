/* sbom.h — `plimsoll sbom`: the package inventory of one image of an
 * archive or OCI layout as CycloneDX 1.5 JSON or SPDX 2.3 JSON. */
#ifndef PLIMSOLL_SBOM_H
#define PLIMSOLL_SBOM_H

#include "check.h"
#include "image.h"

/* Read the archive at path (errors under `display`), choose its one image
 * (o->image, o->platform narrow several down) and write its SBOM in format
 * "cyclonedx" or "spdx" into out. Timestamps come from SOURCE_DATE_EPOCH
 * when set (reproducible output), else the clock. Returns 0 when written
 * (errors may still have been added: a digest mismatch), -1 when not. */
int sbom_write(const char *path, const char *display, const archive_opts *o, const char *format, buf *out,
               results *errs);

/* The SBOM of a read image, as above. */
void sbom_render(const image_set *s, const image *img, const char *format, buf *out);

#endif
