/* detect.h — what kind of input a file is: by name first, then by content;
 * and the classification of loaded YAML/JSON documents (Kubernetes, Compose,
 * image config; running containers, Docker daemon configuration, Kubernetes
 * node documents), which also splits Kubernetes Lists and docker-inspect
 * arrays into one document per item and normalises image configs to the OCI
 * shape. */
#ifndef PLIMSOLL_DETECT_H
#define PLIMSOLL_DETECT_H

#include "doc.h"

typedef enum file_format {
    FMT_NONE,        /* not ours: skipped quietly */
    FMT_YAML,        /* YAML or JSON: classified per document after loading */
    FMT_COMPOSE,     /* YAML known by name to be a Compose file */
    FMT_DOCKERFILE,
    FMT_ARCHIVE,     /* an image archive or layout directory: load_archive.h, never read whole */
} file_format;

/* By file name alone (path may include directories). */
file_format detect_by_name(const char *path);
/* By content, for stdin and explicitly named files of unknown name. */
file_format detect_by_content(const char *text, size_t len);

/* What the text of a file that failed to parse shows of its kind before the
 * error (lines before `line`; 0: the whole text): "a Kubernetes object"
 * (apiVersion and kind keys), "a Compose file" (a top-level services key),
 * "a running container" (HostConfig), "an image config" (rootfs) — or NULL
 * when nothing says it is one of plimsoll's inputs. */
const char *detect_partial(const char *text, size_t len, uint32_t line);

/* Where a file sits in a Helm chart (a folder holding Chart.yaml): under its
 * templates/ folder, or its values file (values.yaml, values-*.yaml,
 * values.*.yaml). Looks at the file system (stat), never reads files. */
typedef enum chart_role { CHART_NONE, CHART_TEMPLATE, CHART_VALUES } chart_role;
chart_role detect_chart_role(const char *path);

/* Classify docs in[from..] (freshly loaded from one YAML file) into out:
 * typed documents are appended, Lists and inspect arrays split, unknown ones
 * dropped. as_compose forces Compose for map documents.
 *   DOC_CONTAINER  an object with HostConfig, Config and State, Mounts or
 *                  NetworkSettings (docker/podman container inspect), alone or
 *                  in an array (which may mix images and containers)
 *   DOC_DAEMON     any object in a file named daemon.json, elsewhere an object
 *                  of two or more members that are all daemon.json keys
 *   DOC_NODE       KubeletConfiguration, KubeProxyConfiguration,
 *                  EncryptionConfiguration, and Pods in
 *                  kube-system running kube-apiserver, kube-controller-manager,
 *                  kube-scheduler or etcd (static pods); not Kubernetes then */
void classify_docs(const doclist *in, doclist *out, int as_compose);

#endif
