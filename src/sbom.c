/* sbom.c — CycloneDX 1.5 and SPDX 2.3 JSON from an image's inventory (see
 * sbom.h). Both carry, for each package, what a vulnerability matcher
 * needs: the package URL (ecosystem, namespace, name, version, arch,
 * distribution, source package as `upstream`), and what a reader needs to
 * trace it: the database file and the layer that installed it. Identifiers
 * are derived from the image's digests, so the same image and timestamp
 * give byte-identical output. */
#include "sbom.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layer_read.h"
#include "load_archive.h"
#include "version.h"

static void timestamp(char out[32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A UUID made from the hash of text (version 4 layout, stable per text). */
static void uuid_of(const char *text, char out[37])
{
    char *d = sha256_digest(text, strlen(text));
    const char *h = d + 7;
    char v[33];
    memcpy(v, h, 32);
    v[32] = 0;
    v[12] = '4';
    static const char variant[] = "89ab";
    v[16] = variant[(v[16] >= 'a' ? v[16] - 'a' + 10 : v[16] - '0') & 3];
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", v, v + 8, v + 12, v + 16, v + 20);
    free(d);
}

static const char *layer_digest(const image_set *s, const image *img, uint32_t li)
{
    const image_layer_ref *r = &img->layers[li];
    const img_layer *L = &s->layers[r->layer];
    return r->digest ? r->digest : L->blob_digest ? L->blob_digest : "?";
}

static void prop(json_t *arr, const char *name, const char *value)
{
    if (!value) return;
    json_t *p = json_object();
    json_object_set_new(p, "name", json_string(name));
    json_object_set_new(p, "value", json_string(value));
    json_array_append_new(arr, p);
}

/* The image's repository and tag or digest, for names and versions. */
static void image_name_version(const image *img, char **name, char **version)
{
    const char *n = img->name;
    const char *at = strchr(n, '@');
    const char *slash = strrchr(n, '/');
    const char *colon = strrchr(n, ':');
    if (at) {
        *name = xstrndup(n, (size_t)(at - n));
        *version = xstrdup(at + 1);
    } else if (colon && (!slash || colon > slash) && strncmp(n, "sha256:", 7) != 0) {
        *name = xstrndup(n, (size_t)(colon - n));
        *version = xstrdup(colon + 1);
    } else {
        *name = xstrdup(n);
        *version = xstrdup(img->manifest_digest ? img->manifest_digest : img->config_digest ? img->config_digest : "");
    }
}

static json_t *cyclonedx(const image_set *s, const image *img)
{
    char ts[32], uuid[37];
    timestamp(ts);
    buf seed = {0};
    buf_printf(&seed, "cyclonedx %s %s %s", img->config_digest ? img->config_digest : "", img->name, ts);
    uuid_of(seed.s, uuid);
    buf_free(&seed);
    json_t *bom = json_object();
    json_object_set_new(bom, "bomFormat", json_string("CycloneDX"));
    json_object_set_new(bom, "specVersion", json_string("1.5"));
    char serial[64];
    snprintf(serial, sizeof serial, "urn:uuid:%s", uuid);
    json_object_set_new(bom, "serialNumber", json_string(serial));
    json_object_set_new(bom, "version", json_integer(1));

    json_t *meta = json_object();
    json_object_set_new(meta, "timestamp", json_string(ts));
    json_t *tool = json_object();
    json_object_set_new(tool, "type", json_string("application"));
    json_object_set_new(tool, "name", json_string("plimsoll"));
    json_object_set_new(tool, "version", json_string(PLIMSOLL_VERSION));
    json_t *tools = json_object();
    json_t *tlist = json_array();
    json_array_append_new(tlist, tool);
    json_object_set_new(tools, "components", tlist);
    json_object_set_new(meta, "tools", tools);
    char *name, *version;
    image_name_version(img, &name, &version);
    json_t *main = json_object();
    json_object_set_new(main, "type", json_string("container"));
    json_object_set_new(main, "bom-ref", json_string("image"));
    json_object_set_new(main, "name", json_string(name));
    json_object_set_new(main, "version", json_string(version));
    free(name);
    free(version);
    json_t *mprops = json_array();
    prop(mprops, "plimsoll:image:config-digest", img->config_digest);
    prop(mprops, "plimsoll:image:manifest-digest", img->manifest_digest);
    prop(mprops, "plimsoll:image:platform", img->platform);
    for (size_t i = 0; i < img->n_names; i++) prop(mprops, "plimsoll:image:name", img->names[i]);
    for (size_t i = 0; i < img->n_layers; i++) prop(mprops, "plimsoll:image:layer", layer_digest(s, img, (uint32_t)i));
    for (size_t i = 0; i < img->n_notes; i++) prop(mprops, "plimsoll:note", img->notes[i]);
    json_object_set_new(main, "properties", mprops);
    json_object_set_new(meta, "component", main);
    json_object_set_new(bom, "metadata", meta);

    json_t *comps = json_array();
    json_t *deps = json_array();
    if (img->os.id) {
        json_t *os = json_object();
        json_object_set_new(os, "type", json_string("operating-system"));
        json_object_set_new(os, "bom-ref", json_string("os"));
        json_object_set_new(os, "name", json_string(img->os.id));
        if (img->os.version_id) json_object_set_new(os, "version", json_string(img->os.version_id));
        if (img->os.pretty_name) json_object_set_new(os, "description", json_string(img->os.pretty_name));
        json_array_append_new(comps, os);
        json_array_append_new(deps, json_string("os"));
    }
    for (size_t i = 0; i < img->n_pkgs; i++) {
        const pkg *p = &img->pkgs[i];
        json_t *c = json_object();
        char ref[32];
        snprintf(ref, sizeof ref, "package-%zu", i + 1);
        json_object_set_new(c, "type", json_string("library"));
        json_object_set_new(c, "bom-ref", json_string(ref));
        if (p->namespace && (strcmp(p->type, "maven") == 0 || strcmp(p->type, "npm") == 0 ||
                             strcmp(p->type, "golang") == 0))
            json_object_set_new(c, "group", json_string(p->namespace));
        json_object_set_new(c, "name", json_string(p->name));
        json_object_set_new(c, "version", json_string(p->version));
        if (p->license) {
            json_t *lic = json_object(), *l = json_object(), *ls = json_array();
            json_object_set_new(l, "name", json_string(p->license));
            json_object_set_new(lic, "license", l);
            json_array_append_new(ls, lic);
            json_object_set_new(c, "licenses", ls);
        }
        json_object_set_new(c, "purl", json_string(p->purl));
        json_t *props = json_array();
        prop(props, "plimsoll:package:type", p->type);
        prop(props, "plimsoll:package:source-name", p->source);
        prop(props, "plimsoll:package:source-version", p->source_version);
        if (p->path) {
            buf b = {0};
            buf_printf(&b, "/%s", p->path);
            prop(props, "plimsoll:package:path", b.s);
            buf_free(&b);
        }
        prop(props, "plimsoll:layer:digest", layer_digest(s, img, p->layer));
        char li[16];
        snprintf(li, sizeof li, "%u", p->layer + 1);
        prop(props, "plimsoll:layer:index", li);
        json_object_set_new(c, "properties", props);
        json_array_append_new(comps, c);
        json_array_append_new(deps, json_string(ref));
    }
    json_object_set_new(bom, "components", comps);
    json_t *dep = json_object();
    json_object_set_new(dep, "ref", json_string("image"));
    json_object_set_new(dep, "dependsOn", deps);
    json_t *dl = json_array();
    json_array_append_new(dl, dep);
    json_object_set_new(bom, "dependencies", dl);
    return bom;
}

static json_t *relationship(const char *a, const char *type, const char *b)
{
    json_t *r = json_object();
    json_object_set_new(r, "spdxElementId", json_string(a));
    json_object_set_new(r, "relationshipType", json_string(type));
    json_object_set_new(r, "relatedSpdxElement", json_string(b));
    return r;
}

static json_t *spdx_package(const char *id, const char *name, const char *version, const char *purpose)
{
    json_t *p = json_object();
    json_object_set_new(p, "SPDXID", json_string(id));
    json_object_set_new(p, "name", json_string(name));
    if (version && *version) json_object_set_new(p, "versionInfo", json_string(version));
    json_object_set_new(p, "downloadLocation", json_string("NOASSERTION"));
    json_object_set_new(p, "filesAnalyzed", json_false());
    json_object_set_new(p, "licenseConcluded", json_string("NOASSERTION"));
    json_object_set_new(p, "licenseDeclared", json_string("NOASSERTION"));
    json_object_set_new(p, "copyrightText", json_string("NOASSERTION"));
    if (purpose) json_object_set_new(p, "primaryPackagePurpose", json_string(purpose));
    return p;
}

static json_t *spdx(const image_set *s, const image *img)
{
    char ts[32], uuid[37];
    timestamp(ts);
    buf seed = {0};
    buf_printf(&seed, "spdx %s %s %s", img->config_digest ? img->config_digest : "", img->name, ts);
    uuid_of(seed.s, uuid);
    buf_free(&seed);
    json_t *d = json_object();
    json_object_set_new(d, "spdxVersion", json_string("SPDX-2.3"));
    json_object_set_new(d, "dataLicense", json_string("CC0-1.0"));
    json_object_set_new(d, "SPDXID", json_string("SPDXRef-DOCUMENT"));
    json_object_set_new(d, "name", json_string(img->name));
    buf ns = {0};
    buf_printf(&ns, "https://plimsoll.invalid/spdx/%s", uuid);
    json_object_set_new(d, "documentNamespace", json_string(ns.s));
    buf_free(&ns);
    json_t *ci = json_object();
    json_object_set_new(ci, "created", json_string(ts));
    json_t *creators = json_array();
    buf tool = {0};
    buf_printf(&tool, "Tool: plimsoll-%s", PLIMSOLL_VERSION);
    json_array_append_new(creators, json_string(tool.s));
    buf_free(&tool);
    json_object_set_new(ci, "creators", creators);
    json_object_set_new(d, "creationInfo", ci);
    if (img->n_notes) {
        buf c = {0};
        for (size_t i = 0; i < img->n_notes; i++) buf_printf(&c, "%s%s", i ? "\n" : "", img->notes[i]);
        json_object_set_new(d, "comment", json_string(c.s));
        buf_free(&c);
    }
    json_t *pkgs = json_array(), *rels = json_array();
    char *name, *version;
    image_name_version(img, &name, &version);
    json_t *im = spdx_package("SPDXRef-Image", name, version, "CONTAINER");
    free(name);
    free(version);
    if (img->config_digest && strlen(img->config_digest) == 71) {
        json_t *cs = json_array(), *c = json_object();
        json_object_set_new(c, "algorithm", json_string("SHA256"));
        json_object_set_new(c, "checksumValue", json_string(img->config_digest + 7));
        json_array_append_new(cs, c);
        json_object_set_new(im, "checksums", cs);
    }
    buf comment = {0};
    buf_printf(&comment, "platform %s; config %s", img->platform ? img->platform : "?",
               img->config_digest ? img->config_digest : "?");
    if (img->manifest_digest) buf_printf(&comment, "; manifest %s", img->manifest_digest);
    json_object_set_new(im, "comment", json_string(comment.s));
    buf_free(&comment);
    json_array_append_new(pkgs, im);
    json_array_append_new(rels, relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image"));
    if (img->os.id) {
        json_t *os = spdx_package("SPDXRef-OperatingSystem", img->os.id, img->os.version_id, "OPERATING-SYSTEM");
        if (img->os.pretty_name) json_object_set_new(os, "description", json_string(img->os.pretty_name));
        json_array_append_new(pkgs, os);
        json_array_append_new(rels, relationship("SPDXRef-Image", "CONTAINS", "SPDXRef-OperatingSystem"));
    }
    for (size_t i = 0; i < img->n_pkgs; i++) {
        const pkg *p = &img->pkgs[i];
        char id[40];
        snprintf(id, sizeof id, "SPDXRef-Package-%zu", i + 1);
        json_t *j = spdx_package(id, p->name, p->version, "LIBRARY");
        if (p->source) {
            buf b = {0};
            buf_printf(&b, "built from the source package %s %s", p->source,
                       p->source_version ? p->source_version : p->version);
            json_object_set_new(j, "sourceInfo", json_string(b.s));
            buf_free(&b);
        }
        if (p->license) {
            buf b = {0};
            buf_printf(&b, "declared by the package metadata: %s", p->license);
            json_object_set_new(j, "licenseComments", json_string(b.s));
            buf_free(&b);
        }
        json_t *refs = json_array(), *r = json_object();
        json_object_set_new(r, "referenceCategory", json_string("PACKAGE-MANAGER"));
        json_object_set_new(r, "referenceType", json_string("purl"));
        json_object_set_new(r, "referenceLocator", json_string(p->purl));
        json_array_append_new(refs, r);
        json_object_set_new(j, "externalRefs", refs);
        buf c = {0};
        buf_printf(&c, "from /%s, installed by layer %u (%s)", p->path ? p->path : "?", p->layer + 1,
                   layer_digest(s, img, p->layer));
        json_object_set_new(j, "comment", json_string(c.s));
        buf_free(&c);
        json_array_append_new(pkgs, j);
        json_array_append_new(rels, relationship("SPDXRef-Image", "CONTAINS", id));
    }
    json_object_set_new(d, "packages", pkgs);
    json_object_set_new(d, "relationships", rels);
    return d;
}

void sbom_render(const image_set *s, const image *img, const char *format, buf *out)
{
    json_t *j = strcmp(format, "spdx") == 0 ? spdx(s, img) : cyclonedx(s, img);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (text) {
        buf_puts(out, text);
        buf_putc(out, '\n');
        free(text);
    }
}

int sbom_write(const char *path, const char *display, const archive_opts *o, const char *format, buf *out,
               results *errs)
{
    image_set s = {0};
    int found = load_archive(path, display, o, &s, errs);
    int rc = -1;
    if (found == 0) {
        results_add_error(errs, display, 0, 0, "not an image archive (docker save or OCI layout, as a tar or a directory)");
    } else if (found == 1 && s.n_images > 1) {
        buf names = {0};
        for (size_t i = 0; i < s.n_images; i++)
            buf_printf(&names, "%s%s (%s)", i ? ", " : "", s.images[i].name,
                       s.images[i].platform ? s.images[i].platform : "?");
        results_add_error(errs, display, 0, 0, "the archive holds %zu images: choose one with --image or --platform (%s)",
                          s.n_images, names.s);
        buf_free(&names);
    } else if (found == 1 && s.n_images == 1) {
        if (s.images[0].complete == 1) {
            sbom_render(&s, &s.images[0], format, out);
            rc = 0;
        } else {
            results_add_error(errs, display, 0, 0, "image %s could not be read whole: no inventory written",
                              s.images[0].name);
        }
    }
    image_set_free(&s);
    return rc;
}
