/* image_view.c — what a scan sees of an image archive (see image_view.h):
 * one `archive` document per image, in a tree like every other input, and
 * a generated source text the document's positions point into.
 *
 * The source text is a YAML stream: for each image, comment lines naming
 * it, then its config JSON (re-serialised, indented: one member a line),
 * then comment lines listing its layers, final files, removed files and
 * packages. The config is parsed from that text by load_yaml, so config
 * findings land on their own line; files, packages and layers are nodes
 * built here, positioned on their listing line. Everything from the image
 * is escaped in that text (control characters, '#', invalid UTF-8) so that
 * nothing in an image can pose as a `# plimsoll:ignore` comment or break
 * the stream. The document is read-only to checks like any other, and is
 * built once per archive. */
#include "image_view.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "load_archive.h"

typedef struct pos {
    uint32_t line, col;
} pos;

typedef struct view {
    buf text;
    uint32_t line;          /* the line being written (1-based) */
    size_t line_start;      /* where it starts in text */
} view;

/* Bytes of a valid UTF-8 sequence at s (at most n), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (!k || k > n || (k == 2 && s[0] < 0xc2)) return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xc0) != 0x80) return 0;
    return k;
}

/* Untrusted text into a listing line: control characters, '#', '\' and
 * invalid UTF-8 as \xNN. */
static void put_esc(view *v, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = p[i] >= 0x80 ? utf8_seq(p + i, n - i) : 1;
        if (k == 0 || p[i] < 0x20 || p[i] == 0x7f || p[i] == '#' || p[i] == '\\') {
            buf_printf(&v->text, "\\x%02x", p[i]);
            i++;
        } else {
            buf_add(&v->text, (const char *)p + i, k);
            i += k;
        }
    }
}

static uint32_t col_here(const view *v)
{
    return v->text.len ? utf8_count(v->text.s + v->line_start, v->text.len - v->line_start) + 1 : 1;
}

static void endl(view *v)
{
    buf_putc(&v->text, '\n');
    v->line++;
    v->line_start = v->text.len;
}

static void mode_string(char out[11], const fs_entry *e)
{
    static const char types[] = "-dl-cbp";
    out[0] = e->type <= FT_FIFO ? types[e->type] : '?';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) out[1 + i] = (e->mode >> (8 - i)) & 1 ? rwx[i] : '-';
    if (e->mode & 04000) out[3] = (e->mode & 0100) ? 's' : 'S';
    if (e->mode & 02000) out[6] = (e->mode & 0010) ? 's' : 'S';
    if (e->mode & 01000) out[9] = (e->mode & 0001) ? 't' : 'T';
    out[10] = 0;
}

/* The config re-serialised: indented, ASCII only, '#' as \u0023. */
static char *config_text(const image *img, char *err, size_t errlen)
{
    json_error_t je;
    json_t *j = json_loadb(img->config, img->config_len, 0, &je);
    if (!json_is_object(j)) {
        snprintf(err, errlen, "its config is not a JSON object (%s)", je.text);
        json_decref(j);
        return NULL;
    }
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(j);
    if (!s) return NULL;
    buf b = {0};
    for (const char *p = s; *p; p++) {
        if (*p == '#') buf_puts(&b, "\\u0023");
        else buf_putc(&b, *p);
    }
    free(s);
    return b.s;
}

/* ---- the listing ---- */

typedef struct img_pos {
    pos head, os, layers_head, files_head, removed_head, pkgs_head;
    pos *layer, *file, *removed, *pkg;
    int has_doc;
} img_pos;

static void list_file(view *v, const fs_file *f, int removed, pos *at)
{
    char m[11];
    mode_string(m, f->e);
    buf_printf(&v->text, "#   %s %u:%u %llu L%u", m, f->e->uid, f->e->gid, (unsigned long long)f->data->size,
               f->layer + 1);
    if (removed) buf_printf(&v->text, ", %s in L%u", f->replaced ? "replaced" : "deleted", f->removed_in + 1);
    buf_putc(&v->text, ' ');
    *at = (pos){v->line, col_here(v)};
    buf_putc(&v->text, '/');
    put_esc(v, f->path);
    if (f->e->link && (f->e->type == FT_SYMLINK || f->e->type == FT_HARDLINK)) {
        buf_puts(&v->text, f->e->type == FT_SYMLINK ? " -> " : " link to /");
        put_esc(v, f->e->link);
    }
    endl(v);
}

static void write_image(view *v, const image_set *s, size_t k, const char *display, img_pos *ip, results *errs)
{
    const image *img = &s->images[k];
    buf_printf(&v->text, "# image %zu of %zu in ", k + 1, s->n_images);
    put_esc(v, display);
    buf_puts(&v->text, ": ");
    ip->head = (pos){v->line, col_here(v)};
    put_esc(v, img->name);
    buf_printf(&v->text, " (%s)", img->platform ? img->platform : "?");
    endl(v);
    for (size_t i = 1; i < img->n_names; i++) {
        buf_puts(&v->text, "#   also named ");
        put_esc(v, img->names[i]);
        endl(v);
    }
    if (img->manifest_digest) {
        buf_printf(&v->text, "#   manifest %s", img->manifest_digest);
        endl(v);
    }
    buf_printf(&v->text, "#   config %s", img->config_digest ? img->config_digest : "?");
    endl(v);
    ip->os = (pos){v->line, 1};
    if (img->os.file) {
        buf_puts(&v->text, "#   os ");
        ip->os.col = col_here(v);
        put_esc(v, img->os.pretty_name ? img->os.pretty_name : img->os.id ? img->os.id : "?");
        buf_puts(&v->text, " (from /");
        put_esc(v, img->os.file);
        buf_putc(&v->text, ')');
        endl(v);
    }
    char err[300] = "";
    char *cfg = img->complete == 1 ? config_text(img, err, sizeof err) : NULL;
    if (!cfg) {
        if (err[0]) results_add_error(errs, display, 0, 0, "image %s: %s: its files are not checked", img->name, err);
        buf_puts(&v->text, "#   not checked (see the errors)");
        endl(v);
        return;
    }
    ip->has_doc = 1;
    buf_puts(&v->text, "---");
    endl(v);
    buf_puts(&v->text, cfg);
    for (const char *p = cfg; *p; p++)
        if (*p == '\n') v->line++;
    endl(v); /* the config never ends in a newline: this ends its last line */
    free(cfg);

    ip->layers_head = (pos){v->line, 3};
    buf_printf(&v->text, "# layers (%zu)", img->n_layers);
    endl(v);
    ip->layer = xcalloc(img->n_layers + 1, sizeof *ip->layer);
    for (size_t i = 0; i < img->n_layers; i++) {
        const img_layer *L = &s->layers[img->layers[i].layer];
        buf_printf(&v->text, "#   L%zu ", i + 1);
        ip->layer[i] = (pos){v->line, col_here(v)};
        buf_printf(&v->text, "%s %llu bytes", img->layers[i].digest ? img->layers[i].digest : L->blob_digest,
                   (unsigned long long)L->usize);
        if (img->layers[i].created_by) {
            buf_puts(&v->text, ": ");
            put_esc(v, img->layers[i].created_by);
        }
        endl(v);
    }
    ip->files_head = (pos){v->line, 3};
    buf_printf(&v->text, "# files (%zu, whiteouts applied)", img->n_files);
    endl(v);
    ip->file = xcalloc(img->n_files + 1, sizeof *ip->file);
    for (size_t i = 0; i < img->n_files; i++) list_file(v, &img->files[i], 0, &ip->file[i]);
    ip->removed_head = (pos){v->line, 3};
    buf_printf(&v->text, "# removed (%zu: written by a layer, deleted or replaced by a later one, still in the image)",
               img->n_removed);
    endl(v);
    ip->removed = xcalloc(img->n_removed + 1, sizeof *ip->removed);
    for (size_t i = 0; i < img->n_removed; i++) list_file(v, &img->removed[i], 1, &ip->removed[i]);
    ip->pkgs_head = (pos){v->line, 3};
    buf_printf(&v->text, "# packages (%zu)", img->n_pkgs);
    endl(v);
    ip->pkg = xcalloc(img->n_pkgs + 1, sizeof *ip->pkg);
    for (size_t i = 0; i < img->n_pkgs; i++) {
        const pkg *p = &img->pkgs[i];
        buf_printf(&v->text, "#   %s ", p->type);
        ip->pkg[i] = (pos){v->line, col_here(v)};
        put_esc(v, p->purl);
        buf_printf(&v->text, " L%u /", p->layer + 1);
        put_esc(v, p->path ? p->path : "?");
        endl(v);
    }
    for (size_t i = 0; i < img->n_notes; i++) {
        buf_puts(&v->text, "# note: ");
        put_esc(v, img->notes[i]);
        endl(v);
    }
}

/* ---- the document ---- */

typedef struct mb {            /* a map being built */
    kid *k;
    size_t n, cap;
    pos at;
} mb;

static void mb_put(tree *t, mb *m, const char *key, node_id val)
{
    GROW(m->k, m->cap, m->n + 1);
    m->k[m->n++] = (kid){tree_str(t, key, strlen(key)), (uint32_t)strlen(key), m->at.line, m->at.col, val};
}

static void mb_str(tree *t, mb *m, const char *key, const char *s)
{
    if (s) mb_put(t, m, key, tree_scalar(t, N_STR, s, strlen(s), m->at.line, m->at.col));
}

static void mb_int(tree *t, mb *m, const char *key, int64_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    node_id id = tree_scalar(t, N_INT, tmp, (size_t)n, m->at.line, m->at.col);
    t->nodes[id].v.i = v;
    mb_put(t, m, key, id);
}

static void mb_bool(tree *t, mb *m, const char *key, int v)
{
    node_id id = tree_scalar(t, N_BOOL, v ? "true" : "false", v ? 4 : 5, m->at.line, m->at.col);
    t->nodes[id].v.i = v != 0;
    mb_put(t, m, key, id);
}

static node_id mb_end(tree *t, mb *m)
{
    node_id id = tree_node(t, N_MAP, m->at.line, m->at.col);
    tree_set_kids(t, id, m->k, m->n);
    free(m->k);
    return id;
}

static node_id seq_of(tree *t, const node_id *items, size_t n, pos at)
{
    kid *k = xcalloc(n + 1, sizeof *k);
    for (size_t i = 0; i < n; i++) k[i].val = items[i];
    node_id id = tree_node(t, N_SEQ, at.line, at.col);
    tree_set_kids(t, id, k, n);
    free(k);
    return id;
}

static node_id file_node(tree *t, const fs_file *f, pos at, int removed)
{
    mb m = {.at = at};
    buf p = {0};
    buf_printf(&p, "/%s", f->path);
    mb_str(t, &m, "path", p.s);
    buf_free(&p);
    const char *base = strrchr(f->path, '/');
    mb_str(t, &m, "name", base ? base + 1 : f->path);
    mb_str(t, &m, "type", fs_type_name((fs_type)f->e->type));
    mb_int(t, &m, "mode", f->e->mode);
    mb_int(t, &m, "uid", f->e->uid);
    mb_int(t, &m, "gid", f->e->gid);
    mb_int(t, &m, "size", (int64_t)f->data->size);
    mb_int(t, &m, "layer", f->layer + 1);
    if (f->e->link) mb_str(t, &m, "link", f->e->link);
    if (f->data->content && f->data->capture == CAP_CHECK) {
        mb_put(t, &m, "content",
               tree_scalar(t, N_STR, f->data->content, f->data->content_len, at.line, at.col));
    }
    if (removed) {
        mb_int(t, &m, "removed_in", f->removed_in + 1);
        mb_bool(t, &m, "replaced", f->replaced);
    }
    return mb_end(t, &m);
}

static const char *const own_keys[] = {"image", "layers", "release", "files", "removed", "packages", "notes"};

static node_id archive_root(tree *t, const image_set *s, const image *img, const img_pos *ip, node_id cfg,
                            const char *display)
{
    mb root = {.at = ip->head};
    /* the config's members, as the image input has them */
    const node *c = &t->nodes[cfg];
    for (uint32_t i = 0; c->kind == N_MAP && i < c->n; i++) {
        kid k = t->kids[c->kids + i];
        int own = 0;
        for (size_t j = 0; j < sizeof own_keys / sizeof *own_keys; j++)
            if (k.key_len == strlen(own_keys[j]) && memcmp(t->strs + k.key, own_keys[j], k.key_len) == 0) own = 1;
        if (own) continue;
        GROW(root.k, root.cap, root.n + 1);
        root.k[root.n++] = k;
        c = &t->nodes[cfg];
    }
    /* image */
    mb im = {.at = ip->head};
    mb_str(t, &im, "name", img->name);
    node_id *names = xcalloc(img->n_names + 1, sizeof *names);
    for (size_t i = 0; i < img->n_names; i++)
        names[i] = tree_scalar(t, N_STR, img->names[i], strlen(img->names[i]), ip->head.line, ip->head.col);
    mb_put(t, &im, "names", seq_of(t, names, img->n_names, ip->head));
    free(names);
    mb_str(t, &im, "manifest_digest", img->manifest_digest);
    mb_str(t, &im, "config_digest", img->config_digest);
    mb_str(t, &im, "platform", img->platform);
    mb_str(t, &im, "archive", display);
    mb_put(t, &root, "image", mb_end(t, &im));
    /* release */
    if (img->os.file) {
        mb os = {.at = ip->os};
        mb_str(t, &os, "id", img->os.id);
        mb_str(t, &os, "id_like", img->os.id_like);
        mb_str(t, &os, "version_id", img->os.version_id);
        mb_str(t, &os, "version_codename", img->os.version_codename);
        mb_str(t, &os, "name", img->os.name);
        mb_str(t, &os, "pretty_name", img->os.pretty_name);
        mb_str(t, &os, "variant_id", img->os.variant_id);
        buf f = {0};
        buf_printf(&f, "/%s", img->os.file);
        mb_str(t, &os, "file", f.s);
        buf_free(&f);
        mb_put(t, &root, "release", mb_end(t, &os));
    }
    /* layers */
    node_id *v = xcalloc(img->n_layers + 1, sizeof *v);
    for (size_t i = 0; i < img->n_layers; i++) {
        const image_layer_ref *r = &img->layers[i];
        const img_layer *L = &s->layers[r->layer];
        mb m = {.at = ip->layer[i]};
        mb_str(t, &m, "digest", r->digest ? r->digest : L->blob_digest);
        mb_str(t, &m, "diff_id", L->diff_digest);
        mb_str(t, &m, "media_type", r->media_type);
        mb_int(t, &m, "size", (int64_t)L->size);
        mb_int(t, &m, "uncompressed_size", (int64_t)L->usize);
        mb_str(t, &m, "created_by", r->created_by);
        mb_str(t, &m, "created", r->created);
        v[i] = mb_end(t, &m);
    }
    mb_put(t, &root, "layers", seq_of(t, v, img->n_layers, ip->layers_head));
    free(v);
    /* files and removed files */
    v = xcalloc(img->n_files + 1, sizeof *v);
    for (size_t i = 0; i < img->n_files; i++) v[i] = file_node(t, &img->files[i], ip->file[i], 0);
    mb_put(t, &root, "files", seq_of(t, v, img->n_files, ip->files_head));
    free(v);
    v = xcalloc(img->n_removed + 1, sizeof *v);
    for (size_t i = 0; i < img->n_removed; i++) v[i] = file_node(t, &img->removed[i], ip->removed[i], 1);
    mb_put(t, &root, "removed", seq_of(t, v, img->n_removed, ip->removed_head));
    free(v);
    /* packages */
    v = xcalloc(img->n_pkgs + 1, sizeof *v);
    for (size_t i = 0; i < img->n_pkgs; i++) {
        const pkg *p = &img->pkgs[i];
        mb m = {.at = ip->pkg[i]};
        mb_str(t, &m, "type", p->type);
        mb_str(t, &m, "namespace", p->namespace);
        mb_str(t, &m, "name", p->name);
        mb_str(t, &m, "version", p->version);
        mb_str(t, &m, "arch", p->arch);
        mb_str(t, &m, "epoch", p->epoch);
        mb_str(t, &m, "source", p->source);
        mb_str(t, &m, "source_version", p->source_version);
        mb_str(t, &m, "license", p->license);
        mb_str(t, &m, "purl", p->purl);
        if (p->path) {
            buf f = {0};
            buf_printf(&f, "/%s", p->path);
            mb_str(t, &m, "path", f.s);
            buf_free(&f);
        }
        mb_int(t, &m, "layer", p->layer + 1);
        v[i] = mb_end(t, &m);
    }
    mb_put(t, &root, "packages", seq_of(t, v, img->n_pkgs, ip->pkgs_head));
    free(v);
    v = xcalloc(img->n_notes + 1, sizeof *v);
    for (size_t i = 0; i < img->n_notes; i++)
        v[i] = tree_scalar(t, N_STR, img->notes[i], strlen(img->notes[i]), ip->pkgs_head.line, 1);
    mb_put(t, &root, "notes", seq_of(t, v, img->n_notes, ip->pkgs_head));
    free(v);
    return mb_end(t, &root);
}

void image_view(const image_set *s, const char *display, source **src_out, tree **t_out, doclist *docs,
                results *errs)
{
    view v = {.line = 1};
    buf_puts(&v.text, "# plimsoll: a listing of the image archive ");
    put_esc(&v, display);
    buf_puts(&v.text, ", generated by the scan: line numbers are this listing's");
    endl(&v);
    img_pos *ip = xcalloc(s->n_images + 1, sizeof *ip);
    for (size_t k = 0; k < s->n_images; k++) write_image(&v, s, k, display, &ip[k], errs);
    if (!v.text.s) buf_add(&v.text, "", 0);
    size_t len = v.text.len;
    source *src = source_new_owned(display, v.text.s, len);
    tree *t = tree_new();
    doclist raw = {0};
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    load_yaml(src, t, &raw, &lim, &err);
    if (err.set) results_add_error(errs, display, err.line, err.col, "%s", err.msg);
    /* raw holds one document per image with a config section, in order; the
     * comment lines before the first `---` make no document of their own */
    size_t d = 0;
    for (size_t k = 0; k < s->n_images; k++) {
        if (!ip[k].has_doc) continue;
        if (d >= raw.n) break;
        node_id cfg = raw.v[d++].root;
        node_id root = archive_root(t, s, &s->images[k], &ip[k], cfg, display);
        doc *nd = doclist_add(docs, src, t, root, DOC_ARCHIVE);
        nd->index = (uint32_t)k;
        nd->line = ip[k].head.line;
    }
    free(raw.v);
    for (size_t k = 0; k < s->n_images; k++) {
        free(ip[k].layer);
        free(ip[k].file);
        free(ip[k].removed);
        free(ip[k].pkg);
    }
    free(ip);
    tree_finish(t);
    *src_out = src;
    *t_out = t;
}

int archive_load_docs(const char *path, const char *display, const archive_opts *o, source **src, tree **t,
                      doclist *docs, results *errs)
{
    image_set s = {0};
    int found = load_archive(path, display, o, &s, errs);
    if (found == 1) image_view(&s, display, src, t, docs, errs);
    image_set_free(&s);
    return found;
}
