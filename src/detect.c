/* detect.c — input detection and document classification (see detect.h).
 * Pure functions of names and trees; never prints, never reads files. */
#include "detect.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

file_format detect_by_name(const char *path)
{
    const char *b = base_name(path);
    if (fnmatch("docker-compose*.y*ml", b, 0) == 0 || fnmatch("compose*.y*ml", b, 0) == 0)
        return FMT_COMPOSE;
    if (ends_with_ci(b, ".yaml") || ends_with_ci(b, ".yml") || ends_with_ci(b, ".json")) return FMT_YAML;
    if (ends_with_ci(b, ".tar") || ends_with_ci(b, ".tar.gz") || ends_with_ci(b, ".tgz") ||
        ends_with_ci(b, ".tar.zst") || ends_with_ci(b, ".tar.xz"))
        return FMT_ARCHIVE; /* image archives; a tar of anything else is skipped quietly */
    if (strcmp(b, "Dockerfile") == 0 || strcmp(b, "Containerfile") == 0 || strcmp(b, "dockerfile") == 0 ||
        strncmp(b, "Dockerfile.", 11) == 0 || strncmp(b, "Dockerfile-", 11) == 0 ||
        strncmp(b, "Containerfile.", 14) == 0 || ends_with_ci(b, ".dockerfile") ||
        ends_with_ci(b, ".containerfile"))
        return FMT_DOCKERFILE;
    return FMT_NONE;
}

file_format detect_by_content(const char *text, size_t len)
{
    /* Binary data is nobody's input. */
    size_t probe = len < 4096 ? len : 4096;
    if (memchr(text, 0, probe)) return FMT_NONE;
    const char *p = text, *end = text + len;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
        if (p >= end) break;
        if (*p == '#') {
            /* The text need not end in NUL: compare only inside it. */
            if (end - p >= 9 && (strncasecmp(p, "# syntax=", 9) == 0 || strncasecmp(p, "# escape=", 9) == 0))
                return FMT_DOCKERFILE;
            while (p < end && *p != '\n') p++;
            continue;
        }
        size_t n = 0;
        while (p + n < end && isalpha((unsigned char)p[n])) n++;
        if ((n == 4 && strncasecmp(p, "FROM", 4) == 0) || (n == 3 && strncasecmp(p, "ARG", 3) == 0))
            if (p + n < end && (p[n] == ' ' || p[n] == '\t')) return FMT_DOCKERFILE;
        return FMT_YAML;
    }
    return FMT_NONE;
}

/* Does a key `key` (plain or quoted) start at p, followed by optional blanks
 * and a colon? */
static int key_at(const char *p, const char *end, const char *key)
{
    char quote = p < end && (*p == '"' || *p == '\'') ? *p : 0;
    const char *k = p + (quote != 0);
    size_t n = strlen(key);
    if (end - k < (ptrdiff_t)n || memcmp(k, key, n) != 0) return 0;
    k += n;
    if (quote && (k >= end || *k++ != quote)) return 0;
    while (k < end && (*k == ' ' || *k == '\t')) k++;
    return k < end && *k == ':';
}

const char *detect_partial(const char *text, size_t len, uint32_t line)
{
    const char *p = text, *end = text + len;
    int api = 0, kind = 0, services = 0, host = 0, rootfs = 0;
    for (uint32_t l = 1; p < end && (!line || l < line); l++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        /* every key on the line (JSON puts many on one) */
        for (const char *q = p; q < eol; q++) {
            if (q != p && q[-1] != ' ' && q[-1] != '\t' && q[-1] != '{' && q[-1] != ',' && q[-1] != '-') continue;
            api |= key_at(q, eol, "apiVersion");
            kind |= key_at(q, eol, "kind");
            services |= (q == p || *q == '"') && key_at(q, eol, "services");
            host |= key_at(q, eol, "HostConfig");
            rootfs |= key_at(q, eol, "rootfs") || key_at(q, eol, "RootFS");
        }
        p = eol + 1;
    }
    if (api && kind) return "a Kubernetes object";
    if (services) return "a Compose file";
    if (host) return "a running container";
    if (rootfs) return "an image config";
    return NULL;
}

static int has_chart(const char *dir, size_t n)
{
    buf b = {0};
    buf_printf(&b, "%.*s%sChart.yaml", (int)n, dir, n ? "/" : "");
    struct stat st;
    int yes = stat(b.s, &st) == 0 && S_ISREG(st.st_mode);
    buf_free(&b);
    return yes;
}

chart_role detect_chart_role(const char *path)
{
    const char *b = base_name(path);
    size_t dn = b > path ? (size_t)(b - path - 1) : 0;
    if ((strcmp(b, "values.yaml") == 0 || strcmp(b, "values.yml") == 0 || fnmatch("values[-.]*.y*ml", b, 0) == 0) &&
        has_chart(path, dn))
        return CHART_VALUES;
    /* a folder named templates on the way, with Chart.yaml beside it */
    for (const char *t = strstr(path, "templates/"); t; t = strstr(t + 1, "templates/")) {
        if (t != path && t[-1] != '/') continue;
        if (has_chart(path, t > path ? (size_t)(t - path - 1) : 0)) return CHART_TEMPLATE;
    }
    return CHART_NONE;
}

static int is_map(const tree *t, node_id id) { return id && t->nodes[id].kind == N_MAP; }

static void rename_key(tree *t, node_id map, const char *from, const char *to)
{
    node *m = &t->nodes[map];
    for (uint32_t i = 0; i < m->n; i++) {
        kid *k = &t->kids[m->kids + i];
        if (k->key_len == strlen(from) && memcmp(t->strs + k->key, from, k->key_len) == 0) {
            uint32_t off = tree_str(t, to, strlen(to));
            k = &t->kids[m->kids + i]; /* tree_str may not move kids, but be safe */
            k->key = off;
            k->key_len = (uint32_t)strlen(to);
        }
    }
}

/* docker inspect and Docker v1 configs use capitalised top-level keys. */
static void normalise_image(tree *t, node_id root)
{
    static const char *const pairs[][2] = {
        {"Config", "config"}, {"ContainerConfig", "container_config"}, {"RootFS", "rootfs"},
        {"Architecture", "architecture"}, {"Os", "os"}, {"Created", "created"},
        {"History", "history"}, {"Author", "author"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
        if (!tree_member(t, root, pairs[i][1], NULL)) rename_key(t, root, pairs[i][0], pairs[i][1]);
}

static int looks_image(const tree *t, node_id root)
{
    if (!is_map(t, root)) return 0;
    int cfg = is_map(t, tree_member(t, root, "config", NULL)) || is_map(t, tree_member(t, root, "Config", NULL)) ||
              is_map(t, tree_member(t, root, "container_config", NULL));
    int shape = tree_member(t, root, "rootfs", NULL) || tree_member(t, root, "RootFS", NULL) ||
                tree_member(t, root, "architecture", NULL) || tree_member(t, root, "Architecture", NULL) ||
                tree_member(t, root, "history", NULL) || tree_member(t, root, "Id", NULL);
    return cfg && shape;
}

static void add_doc(doclist *out, const doc *like, node_id root, doc_type type, uint32_t index)
{
    doc *d = doclist_add(out, like->src, like->t, root, type);
    d->index = index;
}

/* ---- hosts and nodes (docs/host-audit.md) ---- */

static int is_seq(const tree *t, node_id id) { return id && t->nodes[id].kind == N_SEQ; }

/* `docker container inspect` / `podman container inspect`: an object with
 * HostConfig and Config and one of State, Mounts, NetworkSettings. Tried
 * before looks_image, which a container's Config and Id would also satisfy. */
static int looks_container(const tree *t, node_id r)
{
    return is_map(t, r) && is_map(t, tree_member(t, r, "HostConfig", NULL)) &&
           is_map(t, tree_member(t, r, "Config", NULL)) &&
           (is_map(t, tree_member(t, r, "State", NULL)) || is_seq(t, tree_member(t, r, "Mounts", NULL)) ||
            is_map(t, tree_member(t, r, "NetworkSettings", NULL)));
}

/* The keys of the Docker daemon's configuration file, sorted (strcmp). */
static const char *const daemon_keys[] = {
    "allow-nondistributable-artifacts", "api-cors-header", "authorization-plugins", "bip", "bip6", "bridge",
    "builder", "cdi-spec-dirs", "cgroup-parent", "cluster-advertise", "cluster-store", "cluster-store-opts",
    "containerd", "containerd-namespace", "containerd-plugins-namespace", "cpu-rt-period", "cpu-rt-runtime",
    "data-root", "debug", "default-address-pools", "default-cgroupns-mode", "default-gateway",
    "default-gateway-v6", "default-ipc-mode", "default-network-opts", "default-runtime", "default-shm-size",
    "default-ulimits", "disable-legacy-registry", "dns", "dns-opts", "dns-search", "exec-opts", "exec-root",
    "experimental", "features", "fixed-cidr", "fixed-cidr-v6", "graph", "group", "host-gateway-ip", "hosts",
    "icc", "init", "init-path", "insecure-registries", "ip", "ip-forward", "ip-forward-no-drop", "ip-masq",
    "ip6tables", "iptables", "ipv6", "labels", "live-restore", "log-driver", "log-format", "log-level",
    "log-opts", "max-concurrent-downloads", "max-concurrent-uploads", "max-download-attempts", "metrics-addr",
    "min-api-version", "mtu", "no-new-privileges", "node-generic-resources", "oom-score-adjust", "pidfile",
    "proxies", "raw-logs", "registry-mirrors", "runtimes", "seccomp-profile", "selinux-enabled",
    "shutdown-timeout", "storage-driver", "storage-opts", "swarm-default-advertise-addr", "tls", "tlscacert",
    "tlscert", "tlskey", "tlsverify", "userland-proxy", "userland-proxy-path", "userns-remap",
};

static int cmp_key(const void *k, const void *e) { return strcmp(k, *(const char *const *)e); }

/* A daemon configuration: any object in a file named daemon.json; elsewhere
 * an object of at least two members, every one a daemon.json key. */
static int looks_daemon(const tree *t, node_id r, const char *path)
{
    if (!is_map(t, r)) return 0;
    if (path && strcmp(base_name(path), "daemon.json") == 0) return 1;
    const node *m = &t->nodes[r];
    if (m->n < 2) return 0;
    for (uint32_t i = 0; i < m->n; i++)
        if (!bsearch(t->strs + t->kids[m->kids + i].key, daemon_keys, sizeof daemon_keys / sizeof *daemon_keys,
                     sizeof *daemon_keys, cmp_key))
            return 0;
    return 1;
}

static int has_prefix(const char *s, const char *p) { return s && strncmp(s, p, strlen(p)) == 0; }

/* The program a container runs: the base name of command[0], else of args[0]. */
static const char *program_of(const tree *t, node_id c)
{
    node_id argv = tree_member(t, c, "command", NULL);
    if (!is_seq(t, argv) || !t->nodes[argv].n) argv = tree_member(t, c, "args", NULL);
    if (!is_seq(t, argv) || !t->nodes[argv].n) return NULL;
    const node *a0 = &t->nodes[t->kids[t->nodes[argv].kids].val];
    return a0->kind == N_STR ? base_name(t->strs + a0->str) : NULL;
}

/* A Kubernetes object that belongs to the node input: kubelet, kube-proxy and
 * API server encryption configuration files, and the static pods of the control plane (a Pod in
 * kube-system whose container runs kube-apiserver, kube-controller-manager,
 * kube-scheduler or etcd, as kubeadm writes them to /etc/kubernetes/manifests). */
static int is_node_object(const tree *t, node_id r)
{
    const char *api = tree_member_str(t, r, "apiVersion"), *kind = tree_member_str(t, r, "kind");
    if ((strcmp(kind, "KubeletConfiguration") == 0 && has_prefix(api, "kubelet.config.k8s.io/")) ||
        (strcmp(kind, "KubeProxyConfiguration") == 0 && has_prefix(api, "kubeproxy.config.k8s.io/")) ||
        (strcmp(kind, "EncryptionConfiguration") == 0 && has_prefix(api, "apiserver.config.k8s.io/")))
        return 1;
    node_id meta = tree_member(t, r, "metadata", NULL), spec = tree_member(t, r, "spec", NULL);
    const char *ns = is_map(t, meta) ? tree_member_str(t, meta, "namespace") : NULL;
    if (strcmp(kind, "Pod") != 0 || !ns || strcmp(ns, "kube-system") != 0 || !is_map(t, spec)) return 0;
    node_id cs = tree_member(t, spec, "containers", NULL);
    if (!is_seq(t, cs)) return 0;
    static const char *const components[] = {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"};
    for (uint32_t j = 0; j < t->nodes[cs].n; j++) {
        node_id c = t->kids[t->nodes[cs].kids + j].val;
        const char *prog = is_map(t, c) ? program_of(t, c) : NULL;
        for (size_t k = 0; prog && k < sizeof components / sizeof *components; k++)
            if (strcmp(prog, components[k]) == 0) return 1;
    }
    return 0;
}

/* A Kubernetes object (apiVersion and kind are strings) as its type. */
static doc_type k8s_type(const tree *t, node_id r) { return is_node_object(t, r) ? DOC_NODE : DOC_KUBERNETES; }

/* Mark a node NODE_PARTIAL when it is a map. */
static void mark_partial(tree *t, node_id id)
{
    if (is_map(t, id)) t->nodes[id].flags |= NODE_PARTIAL;
}

/* A kustomize patch (strategic merge) names its target by kind and name and
 * carries no apiVersion: what it sets is judged, what it lacks is not (the
 * base has it). Its objects, pod spec, containers, their securityContext and
 * resources are partial (compose_merge.h explains the flag); a finding on one of
 * them, or below one of them on a missing field, is dropped. */
static void mark_patch(tree *t, node_id r)
{
    static const char *const pod_paths[][4] = {
        {"spec", NULL}, {"spec", "template", "spec", NULL}, {"template", "spec", NULL},
        {"spec", "jobTemplate", "spec", NULL},
    };
    mark_partial(t, r);
    mark_partial(t, tree_member(t, r, "metadata", NULL));
    for (size_t p = 0; p < sizeof pod_paths / sizeof *pod_paths; p++) {
        node_id cur = r;
        for (size_t k = 0; pod_paths[p][k] && cur; k++) {
            cur = is_map(t, cur) ? tree_member(t, cur, pod_paths[p][k], NULL) : NODE_NONE;
            mark_partial(t, cur);
            if (cur && strcmp(pod_paths[p][k], "template") == 0) mark_partial(t, tree_member(t, cur, "metadata", NULL));
        }
        if (p == 3 && cur) { /* CronJob: jobTemplate.spec.template.spec */
            cur = tree_member(t, cur, "template", NULL);
            mark_partial(t, cur);
            if (is_map(t, cur)) mark_partial(t, tree_member(t, cur, "metadata", NULL));
            cur = is_map(t, cur) ? tree_member(t, cur, "spec", NULL) : NODE_NONE;
            mark_partial(t, cur);
        }
        if (!is_map(t, cur)) continue;
        mark_partial(t, tree_member(t, cur, "securityContext", NULL));
        static const char *const lists[] = {"containers", "initContainers", "ephemeralContainers"};
        for (size_t l = 0; l < 3; l++) {
            node_id cs = tree_member(t, cur, lists[l], NULL);
            if (!is_seq(t, cs)) continue;
            for (uint32_t j = 0; j < t->nodes[cs].n; j++) {
                node_id c = t->kids[t->nodes[cs].kids + j].val;
                mark_partial(t, c);
                if (!is_map(t, c)) continue;
                node_id sc = tree_member(t, c, "securityContext", NULL), res = tree_member(t, c, "resources", NULL);
                mark_partial(t, sc);
                mark_partial(t, res);
                if (is_map(t, sc)) mark_partial(t, tree_member(t, sc, "capabilities", NULL));
                if (is_map(t, res)) {
                    mark_partial(t, tree_member(t, res, "limits", NULL));
                    mark_partial(t, tree_member(t, res, "requests", NULL));
                }
            }
        }
    }
}

void classify_docs(const doclist *in, doclist *out, int as_compose)
{
    for (size_t i = 0; i < in->n; i++) {
        const doc *d = &in->v[i];
        tree *t = d->t;
        node_id r = d->root;
        if (is_map(t, r) && !as_compose && tree_member_str(t, r, "apiVersion") && tree_member_str(t, r, "kind")) {
            const char *kind = tree_member_str(t, r, "kind");
            node_id items = tree_member(t, r, "items", NULL);
            size_t kl = strlen(kind);
            if (kl >= 4 && strcmp(kind + kl - 4, "List") == 0 && (items == NODE_NONE || t->nodes[items].kind == N_SEQ ||
                                                               t->nodes[items].kind == N_NULL)) {
                if (items && t->nodes[items].kind == N_SEQ)
                    for (uint32_t j = 0; j < t->nodes[items].n; j++) {
                        node_id it = t->kids[t->nodes[items].kids + j].val;
                        if (is_map(t, it) && tree_member_str(t, it, "kind"))
                            add_doc(out, d, it, tree_member_str(t, it, "apiVersion") ? k8s_type(t, it) : DOC_KUBERNETES,
                                    d->index);
                    }
                continue;
            }
            add_doc(out, d, r, k8s_type(t, r), d->index);
        } else if (is_map(t, r) && !as_compose && !tree_member(t, r, "apiVersion", NULL) && tree_member_str(t, r, "kind") &&
                   is_map(t, tree_member(t, r, "metadata", NULL)) && tree_member_str(t, tree_member(t, r, "metadata", NULL), "name")) {
            mark_patch(t, r);
            add_doc(out, d, r, DOC_KUBERNETES, d->index);
        } else if (is_map(t, r) && (as_compose || is_map(t, tree_member(t, r, "services", NULL)))) {
            if (is_map(t, tree_member(t, r, "services", NULL))) add_doc(out, d, r, DOC_COMPOSE, d->index);
        } else if (looks_container(t, r)) {
            add_doc(out, d, r, DOC_CONTAINER, d->index);
        } else if (looks_image(t, r)) {
            normalise_image(t, r);
            add_doc(out, d, r, DOC_IMAGE, d->index);
        } else if (looks_daemon(t, r, d->src ? d->src->path : NULL)) {
            add_doc(out, d, r, DOC_DAEMON, d->index);
        } else if (r && t->nodes[r].kind == N_SEQ) {
            /* docker inspect: an array of container or image objects, one
             * document each */
            const node *s = &t->nodes[r];
            for (uint32_t j = 0; j < s->n; j++) {
                node_id it = t->kids[s->kids + j].val;
                if (looks_container(t, it)) {
                    add_doc(out, d, it, DOC_CONTAINER, j);
                } else if (looks_image(t, it)) {
                    normalise_image(t, it);
                    add_doc(out, d, it, DOC_IMAGE, j);
                }
            }
        }
    }
}
