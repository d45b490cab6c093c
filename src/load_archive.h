/* load_archive.h — image archives: `docker save` archives (manifest.json,
 * repositories, layer tars; several images in one) and OCI image layouts
 * (oci-layout, index.json, blobs/<alg>/<hex>), each as a tar (plain or
 * compressed) or a directory. The archive is read in at most two passes:
 * the first reads only names and the small JSON files (a plain tar is
 * skipped through, not read), the second streams the layers the chosen
 * images need, each once (layer_read.h). Nothing is extracted. */
#ifndef PLIMSOLL_LOAD_ARCHIVE_H
#define PLIMSOLL_LOAD_ARCHIVE_H

#include "check.h"
#include "image.h"

/* Is the file at path a tar archive (plain or compressed)? Reads its first
 * block only. Used for files whose name says nothing. */
int archive_sniff(const char *path);

/* Is dir an image layout directory: an `oci-layout` file, or docker-save's
 * `manifest.json` beside `repositories`? */
int archive_dir_is_image(const char *dir);

/* Read the images of the archive or layout directory at path into out
 * (which must be zeroed): metadata, the chosen platform or image, every
 * needed layer streamed and verified against the manifests and the
 * config's diff ids, then for each image whose layers were all read its
 * filesystem, os-release and package inventory. Errors, each naming the
 * image, layer or limit, go to errs under the name `display`.
 * Returns 1 when path is an image archive, 0 when it is not one (a tar of
 * something else: nothing to report), -1 when it cannot be read. */
int load_archive(const char *path, const char *display, const archive_opts *o, image_set *out, results *errs);

#endif
