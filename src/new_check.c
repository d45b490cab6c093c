/* new_check.c — the check skeleton and its fixtures (see new_check.h). The
 * texts below are the teaching material a new check author starts from:
 * every handler is a complete example that test-checks passes, with a
 * comment saying what the engine hands it. */
#include "new_check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "digest.h"

int new_check_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64 || name[0] < 'a' || name[0] > 'z' || name[n - 1] == '-') return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = name[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return 0;
        if (ch == '-' && name[i + 1] == '-') return 0;
    }
    return 1;
}

int new_check_id_ok(const char *id)
{
    const char *p = id;
    if (*p < 'A' || *p > 'Z') return 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) p++;
    if (*p++ != '-' || !*p || strlen(id) > 16) return 0;
    for (; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    return 1;
}

void new_check_free_id(const checkset *set, char *out, size_t n)
{
    for (unsigned k = 1; k < 100000; k++) {
        snprintf(out, n, "ORG-%03u", k);
        if (checkset_find(set, out) < 0) return;
    }
}

/* ------------------------------------------------------------ the check */

/* Inputs whose example rule is the image reference's version. */
#define IMAGE_REFS (IN_KUBERNETES | IN_COMPOSE | IN_DOCKERFILE | IN_CONTAINER | IN_NODE)

static const char rule_image_ref[] =
    "\n"
    "-- The example rule: an image reference names a version when it has a tag\n"
    "-- other than \"latest\", or a digest (\"name:tag@sha256:...\").\n"
    "local function unpinned(ref)\n"
    "  local _, tag, digest = docker.parse_image(ref)\n"
    "  return digest == nil and (tag == nil or tag == \"latest\")\n"
    "end\n";

static const char handler_kubernetes[] =
    "\n"
    "-- Kubernetes: called once per document of a kind in `kinds`, as a read-only\n"
    "-- table. k8s.containers yields every container (init and ephemeral ones too)\n"
    "-- with its path; report a path and the engine finds its file:line:col.\n"
    "function check.kubernetes(doc, report)\n"
    "  for c, path in k8s.containers(doc) do\n"
    "    if type(c.image) == \"string\" and unpinned(c.image) then\n"
    "      report {\n"
    "        path = path .. \".image\",\n"
    "        container = c.name,\n"
    "        message = (\"container %q image %s names no version\"):format(c.name or \"?\", c.image),\n"
    "      }\n"
    "    end\n"
    "  end\n"
    "end\n";

static const char handler_compose[] =
    "\n"
    "-- Compose: called once per Compose file. compose.services yields every\n"
    "-- service in name order with its path (\"services.web\") and name.\n"
    "function check.compose(doc, report)\n"
    "  for svc, path, name in compose.services(doc) do\n"
    "    if type(svc.image) == \"string\" and unpinned(svc.image) then\n"
    "      report {\n"
    "        path = path .. \".image\",\n"
    "        container = name,\n"
    "        resource = { kind = \"service\", name = name },\n"
    "        message = (\"service %q image %s names no version\"):format(name, svc.image),\n"
    "      }\n"
    "    end\n"
    "  end\n"
    "end\n";

static const char handler_dockerfile[] =
    "\n"
    "-- Dockerfile: called once per Dockerfile. Each stage holds its FROM image in\n"
    "-- `base` (ARG defaults substituted) and `parent` when FROM names an earlier\n"
    "-- stage, which is no image; instruction 1 of a stage is its FROM.\n"
    "function check.dockerfile(doc, report)\n"
    "  for i, stage in ipairs(doc.stages) do\n"
    "    local base = stage.base\n"
    "    if stage.parent == nil and type(base) == \"string\" and base ~= \"scratch\" and unpinned(base) then\n"
    "      report {\n"
    "        path = docker.instr_path(i, 1) .. \".args\",\n"
    "        message = (\"FROM %s names no version\"):format(base),\n"
    "      }\n"
    "    end\n"
    "  end\n"
    "end\n";

static const char handler_image[] =
    "\n"
    "-- Image config: called once per image config, in the OCI shape whatever the\n"
    "-- input was (doc.config.Labels, doc.config.User, doc.history, ...). A path\n"
    "-- to a key that is missing points at the map that lacks it.\n"
    "function check.image(doc, report)\n"
    "  local labels = doc.config and doc.config.Labels\n"
    "  if not (labels and labels[\"org.opencontainers.image.version\"]) then\n"
    "    report {\n"
    "      path = \"config.Labels\",\n"
    "      message = \"the image records no version (label org.opencontainers.image.version)\",\n"
    "    }\n"
    "  end\n"
    "end\n";

static const char handler_archive[] =
    "\n"
    "-- Image archive: called once per image of a docker save archive or an OCI\n"
    "-- layout, with its config members (as for images) and its final filesystem\n"
    "-- (doc.files), removed files, packages and os-release (doc.release); the\n"
    "-- `archive` library has the helpers. Paths point at the image's listing.\n"
    "function check.archive(doc, report)\n"
    "  for i, f in ipairs(doc.files) do\n"
    "    if f.type == \"file\" and f.path:match(\"^/tmp/.\") then\n"
    "      report {\n"
    "        path = archive.path(\"files\", i),\n"
    "        message = (\"%s is left in /tmp by %s\"):format(f.path, archive.origin(doc, f.layer)),\n"
    "      }\n"
    "    end\n"
    "  end\n"
    "end\n";

static const char handler_container[] =
    "\n"
    "-- Running container: called once per container of `docker container inspect`\n"
    "-- (or podman's) output, its keys as the runtime writes them (Config.Image,\n"
    "-- HostConfig.Privileged, Mounts...). inspect.subject prefixes the message\n"
    "-- with the container's name.\n"
    "function check.container(doc, report)\n"
    "  local image = inspect.config(doc).Image\n"
    "  if type(image) == \"string\" and unpinned(image) then\n"
    "    inspect.subject(doc, report).report {\n"
    "      path = \"Config.Image\",\n"
    "      message = (\"runs image %s, which names no version\"):format(image),\n"
    "    }\n"
    "  end\n"
    "end\n";

static const char handler_daemon[] =
    "\n"
    "-- Docker daemon: called once per daemon.json. daemon.get gives a key's value,\n"
    "-- its dockerd default when the file does not set it, with the path to report.\n"
    "function check.daemon(doc, report)\n"
    "  local v, path = daemon.get(doc, \"live-restore\")\n"
    "  if v ~= true then\n"
    "    report { path = path, message = \"live-restore is off: restarting the daemon stops every container\" }\n"
    "  end\n"
    "end\n";

static const char handler_node[] =
    "\n"
    "-- Kubernetes node: called once per control-plane static pod, kubelet or\n"
    "-- kube-proxy configuration. flags.component says which; flags.of(doc, name)\n"
    "-- gives a static pod's parsed flags (flags.get(f, \"profiling\")).\n"
    "function check.node(doc, report)\n"
    "  if doc.kind ~= \"Pod\" then return end\n"
    "  for c, path in k8s.list(doc.spec, \"containers\", \"spec\") do\n"
    "    if type(c.image) == \"string\" and unpinned(c.image) then\n"
    "      report {\n"
    "        path = path .. \".image\",\n"
    "        message = (\"%s image %s names no version\"):format(flags.component(doc) or \"static pod\", c.image),\n"
    "      }\n"
    "    end\n"
    "  end\n"
    "end\n";

static void metadata(buf *b, const char *name, const char *id, unsigned inputs)
{
    int refs = (inputs & IMAGE_REFS) != 0, img = (inputs & IN_IMAGE) != 0, dmn = (inputs & IN_DAEMON) != 0;
    int arc = (inputs & IN_ARCHIVE) != 0;
    buf_printf(b, "local check = {\n  id = \"%s\",\n  name = \"%s\",\n  severity = \"medium\",\n  inputs = {", id, name);
    for (int i = 0, s = 0; i < N_INPUTS; i++)
        if (inputs & input_bit(i)) buf_printf(b, "%s\"%s\"", s++ ? ", " : " ", input_name(input_bit(i)));
    buf_puts(b, " },\n");
    if (inputs & IN_KUBERNETES)
        buf_puts(b, "  kinds = \"workloads\",  -- or a list: { \"Deployment\", \"CronJob\" }; absent: every kind\n");
    buf_printf(b, "  title = \"%s\",\n  description = [[\n",
               refs || img ? "Image version not pinned" : dmn ? "Daemon live restore disabled" : "Files left in /tmp");
    if (refs)
        buf_puts(b, "An image referenced without a version (no tag, or :latest) can change between\n"
                    "two deployments of the same file: what runs is not what was reviewed.");
    if (refs && img) buf_putc(b, '\n');
    if (img)
        buf_puts(b, "An image that does not record its version (the org.opencontainers.image.version\n"
                    "label) cannot be traced back to the release it came from.");
    if ((refs || img) && dmn) buf_putc(b, '\n');
    if (dmn) buf_puts(b, "Without live restore, restarting or upgrading the Docker daemon stops every\ncontainer.");
    if ((refs || img || dmn) && arc) buf_putc(b, '\n');
    if (arc) buf_puts(b, "Files a build leaves in /tmp ship in every copy of the image.");
    buf_puts(b, "]],\n  remediation = \"");
    if (refs) buf_puts(b, "Name a version in the image reference: registry.example.com/app:1.4.2.");
    if (refs && img) buf_putc(b, ' ');
    if (img) buf_puts(b, "Record it at build time: LABEL org.opencontainers.image.version=1.4.2.");
    if ((refs || img) && dmn) buf_putc(b, ' ');
    if (dmn) buf_puts(b, "Set \\\"live-restore\\\": true in /etc/docker/daemon.json.");
    if ((refs || img || dmn) && arc) buf_putc(b, ' ');
    if (arc) buf_puts(b, "Remove temporary files in the RUN that makes them.");
    buf_puts(b, "\",\n  -- frameworks = { cis_kubernetes = \"5.2.2\" },  -- optional: the controls it implements\n}\n");
}

static void check_file(buf *b, const char *name, const char *id, const char *stem, unsigned inputs)
{
    buf_printf(b,
               "-- %s: TODO say in one line what this check finds.\n"
               "--\n"
               "-- Written by `plimsoll new-check`. The example rule below works as it is:\n"
               "-- `plimsoll test-checks DIR` runs it against the fixtures in %s/\n"
               "-- (pass-* must give no finding, fail-* at least one). Replace the rule, the\n"
               "-- texts and the fixtures with your own; docs/writing-checks.md has the API.\n",
               name, stem);
    metadata(b, name, id, inputs);
    if (inputs & IMAGE_REFS) buf_puts(b, rule_image_ref);
    if (inputs & IN_KUBERNETES) buf_puts(b, handler_kubernetes);
    if (inputs & IN_COMPOSE) buf_puts(b, handler_compose);
    if (inputs & IN_DOCKERFILE) buf_puts(b, handler_dockerfile);
    if (inputs & IN_IMAGE) buf_puts(b, handler_image);
    if (inputs & IN_CONTAINER) buf_puts(b, handler_container);
    if (inputs & IN_DAEMON) buf_puts(b, handler_daemon);
    if (inputs & IN_NODE) buf_puts(b, handler_node);
    if (inputs & IN_ARCHIVE) buf_puts(b, handler_archive);
    buf_puts(b, "\nreturn check\n");
}

/* ------------------------------------------------------------ fixtures */

typedef struct fixture_text {
    unsigned input;
    const char *ext;
    const char *pass, *fail;
    const char *fail_expect;   /* a sidecar .expect file, or NULL (inline `# expect:`) */
} fixture_text;

static const fixture_text fixtures[] = {
    {IN_KUBERNETES, "yaml",
     "# A pass-* fixture: the check must report nothing here.\n"
     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
     "      containers:\n        - name: web\n          image: registry.example.com/web:1.4.2\n",
     "# A fail-* fixture: the check must report here, on the line `expect` names.\n"
     "# expect: 12\n"
     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
     "      containers:\n        - name: web\n          image: registry.example.com/web:latest\n",
     NULL},
    {IN_COMPOSE, "yaml",
     "# A pass-* fixture: the check must report nothing here.\n"
     "services:\n  web:\n    image: registry.example.com/web:1.4.2\n",
     "# A fail-* fixture: the check must report here, on the line `expect` names.\n"
     "# expect: 5\n"
     "services:\n  web:\n    image: registry.example.com/web\n",
     NULL},
    {IN_DOCKERFILE, "dockerfile",
     "# A pass-* fixture: the check must report nothing here.\n"
     "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM build AS test\nRUN go test ./...\n\n"
     "FROM alpine:3.20\nCOPY --from=build /app /app\n",
     "# A fail-* fixture: the check must report here, on the line `expect` names.\n"
     "# expect: 6\n"
     "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM alpine\nCOPY --from=build /app /app\n",
     NULL},
    {IN_IMAGE, "json",
     "{\n  \"architecture\": \"amd64\",\n  \"os\": \"linux\",\n  \"config\": {\n    \"User\": \"app\",\n"
     "    \"Labels\": {\n      \"org.opencontainers.image.version\": \"1.4.2\"\n    }\n  },\n"
     "  \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}\n}\n",
     "{\n  \"architecture\": \"amd64\",\n  \"os\": \"linux\",\n  \"config\": {\n    \"User\": \"app\",\n"
     "    \"Labels\": {\n      \"org.opencontainers.image.source\": \"https://example.com/web\"\n    }\n  },\n"
     "  \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}\n}\n",
     "# JSON has no comments: the lines a fail-* fixture expects findings on go here.\n6\n"},
    {IN_CONTAINER, "json",
     "[\n  {\n    \"Id\": \"3f2a9c1b7e4d5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d\",\n"
     "    \"Name\": \"/web\",\n    \"State\": {\"Status\": \"running\"},\n"
     "    \"HostConfig\": {\"Privileged\": false},\n"
     "    \"Config\": {\"Image\": \"registry.example.com/web:1.4.2\"}\n  }\n]\n",
     "[\n  {\n    \"Id\": \"3f2a9c1b7e4d5a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d\",\n"
     "    \"Name\": \"/web\",\n    \"State\": {\"Status\": \"running\"},\n"
     "    \"HostConfig\": {\"Privileged\": false},\n"
     "    \"Config\": {\"Image\": \"registry.example.com/web\"}\n  }\n]\n",
     "# JSON has no comments: the lines a fail-* fixture expects findings on go here.\n7\n"},
    {IN_DAEMON, "json",
     "{\n  \"live-restore\": true,\n  \"icc\": false\n}\n",
     "{\n  \"live-restore\": false,\n  \"icc\": false\n}\n",
     "# JSON has no comments: the lines a fail-* fixture expects findings on go here.\n2\n"},
    {IN_NODE, "yaml",
     "# A pass-* fixture: the check must report nothing here.\n"
     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n"
     "  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler:v1.30.4\n"
     "    command: [kube-scheduler, --bind-address=127.0.0.1]\n",
     "# A fail-* fixture: the check must report here, on the line `expect` names.\n"
     "# expect: 11\n"
     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-scheduler\n  namespace: kube-system\nspec:\n"
     "  containers:\n  - name: kube-scheduler\n    image: registry.k8s.io/kube-scheduler\n"
     "    command: [kube-scheduler, --bind-address=127.0.0.1]\n",
     NULL},
};

/* ------------------------------------------------------------- writing */

typedef struct planned {
    char *path;
    buf text;
} planned;

typedef struct plan {
    planned *v;
    size_t n, cap;
} plan;

static buf *plan_add(plan *p, const char *dir, const char *sub, const char *file)
{
    GROW(p->v, p->cap, p->n + 1);
    planned *f = &p->v[p->n++];
    buf path = {0};
    buf_printf(&path, "%s/%s%s%s", dir, sub ? sub : "", sub ? "/" : "", file);
    f->path = path.s;
    memset(&f->text, 0, sizeof f->text);
    return &f->text;
}

static void plan_free(plan *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].path);
        buf_free(&p->v[i].text);
    }
    free(p->v);
}

/* ------------------------------------------------ an archive fixture */

/* A ustar header and data for one regular file. */
static void tar_file(buf *t, const char *name, const char *data, size_t n)
{
    char h[512];
    memset(h, 0, sizeof h);
    snprintf(h, 100, "%s", name);
    snprintf(h + 100, 8, "%07o", 0644);
    snprintf(h + 108, 8, "%07o", 0);
    snprintf(h + 116, 8, "%07o", 0);
    snprintf(h + 124, 12, "%011zo", n);
    snprintf(h + 136, 12, "%011o", 0);
    memset(h + 148, ' ', 8);
    h[156] = '0';
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    unsigned sum = 0;
    for (size_t i = 0; i < sizeof h; i++) sum += (unsigned char)h[i];
    snprintf(h + 148, 8, "%06o", sum);
    buf_add(t, h, sizeof h);
    buf_add(t, data, n);
    static const char zeros[512];
    if (n % 512) buf_add(t, zeros, 512 - n % 512);
}

/* An OCI image layout of one image whose only layer holds `file`: the
 * files of the folder fixture sub/ (oci-layout, index.json, three blobs). */
static void oci_fixture(plan *p, const char *dir, const char *sub, const char *file)
{
    static const char zeros[1024];
    buf layer = {0};
    tar_file(&layer, "app/run.sh", "#!/bin/sh\nexec /app/server\n", 27);
    tar_file(&layer, file, "cache\n", 6);
    buf_add(&layer, zeros, sizeof zeros);
    char *ld = sha256_digest(layer.s, layer.len);
    buf cfg = {0};
    buf_printf(&cfg, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"app\"},"
                     "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\"]},"
                     "\"history\":[{\"created_by\":\"COPY app /app\"}]}", ld);
    char *cd = sha256_digest(cfg.s, cfg.len);
    buf man = {0};
    buf_printf(&man, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                     "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":%zu},"
                     "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\",\"size\":%zu}]}",
               cd, cfg.len, ld, layer.len);
    char *md = sha256_digest(man.s, man.len);
    buf_puts(plan_add(p, dir, sub, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}\n");
    buf_printf(plan_add(p, dir, sub, "index.json"),
               "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
               "\"digest\":\"%s\",\"size\":%zu,\"annotations\":{\"org.opencontainers.image.ref.name\":\"example/app:1.0\"}}]}\n",
               md, man.len);
    const struct { const char *digest; buf *b; } blobs[] = {{ld, &layer}, {cd, &cfg}, {md, &man}};
    for (size_t i = 0; i < 3; i++) {
        buf name = {0};
        buf_printf(&name, "blobs/sha256/%s", blobs[i].digest + 7);
        buf_add(plan_add(p, dir, sub, name.s), blobs[i].b->s, blobs[i].b->len);
        buf_free(&name);
    }
    free(ld);
    free(cd);
    free(md);
    buf_free(&layer);
    buf_free(&cfg);
    buf_free(&man);
}

/* Every file new-check writes, with its text. */
static void make_plan(plan *p, const char *dir, const char *name, const char *id, unsigned inputs)
{
    char *stem = xstrdup(name);
    for (char *s = stem; *s; s++)
        if (*s == '-') *s = '_';
    buf file = {0};
    buf_printf(&file, "%s.lua", stem);
    check_file(plan_add(p, dir, NULL, file.s), name, id, stem, inputs);
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        const fixture_text *f = &fixtures[i];
        if (!(inputs & f->input)) continue;
        const char *in = input_name(f->input);
        for (int fail = 0; fail < 2; fail++) {
            buf fname = {0};
            buf_printf(&fname, "%s-%s.%s", fail ? "fail" : "pass", in, f->ext);
            buf_puts(plan_add(p, dir, stem, fname.s), fail ? f->fail : f->pass);
            buf_free(&fname);
        }
        if (f->fail_expect) {
            buf fname = {0};
            buf_printf(&fname, "fail-%s.expect", in);
            buf_puts(plan_add(p, dir, stem, fname.s), f->fail_expect);
            buf_free(&fname);
        }
    }
    if (inputs & IN_ARCHIVE) {
        /* folder fixtures: OCI layouts, one with a file left in /tmp */
        buf sub = {0};
        buf_printf(&sub, "%s/pass-archive", stem);
        oci_fixture(p, dir, sub.s, "var/cache/app/index");
        sub.len = 0;
        buf_printf(&sub, "%s/fail-archive", stem);
        oci_fixture(p, dir, sub.s, "tmp/build.log");
        buf_free(&sub);
    }
    buf_free(&file);
    free(stem);
}

/* mkdir -p for the folder holding path. */
static int make_parents(const char *path, char *err, size_t errlen)
{
    char *copy = xstrdup(path);
    int rc = 0;
    for (char *s = copy + 1; *s && !rc; s++) {
        if (*s != '/') continue;
        *s = 0;
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "cannot make %s: %s", copy, strerror(errno));
            rc = -1;
        }
        *s = '/';
    }
    free(copy);
    return rc;
}

/* Write text to path atomically and never over an existing file: a
 * temporary file beside it, then a hard link to the final name (which fails
 * when the name exists), then the temporary removed. */
static int write_new(const char *path, const buf *text, char *err, size_t errlen)
{
    buf tmp = {0};
    buf_printf(&tmp, "%s.plimsoll-new-%ld", path, (long)getpid());
    int fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL, 0666);
    int bad = fd < 0;
    if (!bad) {
        bad = write(fd, text->s ? text->s : "", text->len) != (ssize_t)text->len;
        bad |= fsync(fd) != 0;
        bad |= close(fd) != 0;
    }
    if (!bad && link(tmp.s, path) != 0) bad = 1;
    int saved = errno;
    if (fd >= 0) unlink(tmp.s);
    if (bad) snprintf(err, errlen, "%s: %s", path, saved == EEXIST ? "exists already; nothing replaced" : strerror(saved));
    buf_free(&tmp);
    return bad ? -1 : 0;
}

int new_check_write(const char *dir, const char *name, const char *id, unsigned inputs, buf *log, char *err,
                    size_t errlen)
{
    plan p = {0};
    make_plan(&p, dir, name, id, inputs);
    int rc = 0;
    for (size_t i = 0; i < p.n && !rc; i++) {
        struct stat st;
        if (lstat(p.v[i].path, &st) == 0) {
            snprintf(err, errlen, "%s exists already: new-check writes only new files (nothing written)", p.v[i].path);
            rc = -1;
        }
    }
    for (size_t i = 0; i < p.n && !rc; i++) {
        rc = make_parents(p.v[i].path, err, errlen) || write_new(p.v[i].path, &p.v[i].text, err, errlen);
        if (!rc) buf_printf(log, "wrote %s\n", p.v[i].path);
    }
    plan_free(&p);
    return rc ? -1 : 0;
}
