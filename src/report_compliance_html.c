/* report_compliance_html.c — compliance-html: one self-contained HTML file
 * (inline CSS and script, no external asset, no network) readable on screen
 * and printable. A summary per framework (score, counts, provenance), a
 * control table that a row of buttons filters by status, each control's
 * evidence in a row that opens under it (all open when printed or without
 * script), and the accepted exceptions with reason, source and expiry.
 * Every text from a scan is escaped. A pure function of its inputs. */
#include "report_compliance.h"

#include <string.h>

/* Text as HTML: & < > " ' escaped; control characters dropped. */
static void esc(buf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': buf_puts(out, "&amp;"); break;
        case '<': buf_puts(out, "&lt;"); break;
        case '>': buf_puts(out, "&gt;"); break;
        case '"': buf_puts(out, "&quot;"); break;
        case '\'': buf_puts(out, "&#39;"); break;
        default:
            if (*p >= 0x20 || *p == '\n' || *p == '\t') buf_putc(out, (char)*p);
        }
    }
}

/* A control id usable in an HTML id attribute. */
static void id_attr(buf *out, const char *fw, const char *ctl)
{
    buf_puts(out, "c-");
    for (const char *s = fw; *s; s++) buf_putc(out, (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ? *s : '-');
    buf_putc(out, '_');
    for (const char *s = ctl; *s; s++)
        buf_putc(out, (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ? *s : '-');
}

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1d2430;margin:0;background:#f5f6f8}"
    "main{max-width:1180px;margin:0 auto;padding:24px}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;border-bottom:2px solid #1d2430;padding-bottom:4px}"
    "h3{font-size:15px;margin:18px 0 6px}"
    ".prov{color:#4a5568;font-size:12.5px;margin:0 0 16px}.prov td{padding:1px 12px 1px 0;vertical-align:top}"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0 14px}"
    ".card{background:#fff;border:1px solid #d8dde6;border-radius:6px;padding:8px 14px;min-width:96px}"
    ".card b{display:block;font-size:22px}.card span{font-size:12px;color:#4a5568}"
    ".score b{font-size:30px}"
    "table{border-collapse:collapse;width:100%;background:#fff}"
    "th,td{border-bottom:1px solid #e2e6ec;padding:5px 8px;text-align:left;vertical-align:top}"
    "th{background:#eef1f5;font-size:12.5px;position:sticky;top:0}"
    "tr.control{cursor:pointer}tr.control:hover{background:#f0f4fa}"
    "td.id{white-space:nowrap;font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12.5px}"
    ".st{display:inline-block;padding:1px 7px;border-radius:10px;font-size:11.5px;font-weight:600;white-space:nowrap}"
    ".PASS{background:#d9f2e1;color:#14532d}.FAIL{background:#fde0de;color:#8a1c12}"
    ".EXCEPTION{background:#fff1cc;color:#6b4e00}.MANUAL{background:#e6e9f7;color:#2d3a7a}"
    ".NOT-APPLICABLE{background:#eceff3;color:#4a5568}.NOT-RUN{background:#f3e8fd;color:#5b2a86}"
    "tr.evidence td{background:#fafbfc;font-size:12.5px}"
    "tr.evidence ul{margin:4px 0 4px 18px;padding:0}tr.evidence li{margin:3px 0}"
    "code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px;background:#eef1f5;padding:0 3px;border-radius:3px;word-break:break-all}"
    ".filters{margin:8px 0}.filters button{font:inherit;font-size:12.5px;margin:0 6px 6px 0;padding:3px 10px;border:1px solid #b8c0cc;border-radius:14px;background:#fff;cursor:pointer}"
    ".filters button.on{background:#1d2430;color:#fff;border-color:#1d2430}"
    ".muted{color:#6b7280}.note{color:#4a5568;font-size:12px}"
    "footer{margin:32px 0 8px;color:#6b7280;font-size:12px}"
    "@media print{body{background:#fff;font-size:10.5px}main{max-width:none;padding:0}.filters{display:none}"
    "tr.evidence{display:table-row!important}tr.control{display:table-row!important}th{position:static}"
    "tr{page-break-inside:avoid}.card{border-color:#999}}";

static const char script[] =
    "(function(){"
    "document.querySelectorAll('section.framework').forEach(function(sec){"
    "var rows=[].slice.call(sec.querySelectorAll('tr.control'));"
    "var counts={};rows.forEach(function(r){var s=r.getAttribute('data-status');counts[s]=(counts[s]||0)+1;});"
    "var bar=sec.querySelector('.filters');var statuses=['ALL','PASS','FAIL','EXCEPTION','MANUAL','NOT-APPLICABLE','NOT-RUN'];"
    "function apply(which){rows.forEach(function(r){var show=which==='ALL'||r.getAttribute('data-status')===which;"
    "r.hidden=!show;var ev=document.getElementById(r.getAttribute('data-evidence'));if(ev)ev.hidden=!show||!r.classList.contains('open');});"
    "[].forEach.call(bar.children,function(b){b.classList.toggle('on',b.getAttribute('data-status')===which);});}"
    "statuses.forEach(function(s){var n=s==='ALL'?rows.length:(counts[s]||0);if(s!=='ALL'&&!n)return;"
    "var b=document.createElement('button');b.type='button';b.setAttribute('data-status',s);b.setAttribute('data-count',n);"
    "b.textContent=s+' ('+n+')';b.onclick=function(){apply(s);};bar.appendChild(b);});"
    "rows.forEach(function(r){var ev=document.getElementById(r.getAttribute('data-evidence'));if(!ev)return;ev.hidden=true;"
    "r.onclick=function(){r.classList.toggle('open');ev.hidden=!r.classList.contains('open');};});"
    "var h=decodeURIComponent(location.hash.slice(1));apply(statuses.indexOf(h)>=0?h:'ALL');"
    "if(h==='FAIL'||h==='EXCEPTION')rows.forEach(function(r){if(r.getAttribute('data-status')===h){r.classList.add('open');"
    "var ev=document.getElementById(r.getAttribute('data-evidence'));if(ev)ev.hidden=false;}});});"
    "window.addEventListener('beforeprint',function(){document.querySelectorAll('tr.evidence,tr.control').forEach(function(e){e.hidden=false;});});"
    "})();";

static void card(buf *out, const char *label, const char *cls, size_t n)
{
    buf_printf(out, "<div class=\"card\" data-status=\"%s\"><b>%zu</b><span class=\"st %s\">%s</span></div>", label, n, cls, label);
}

static void provenance(buf *out, const compliance *cmp, const c_framework *cf, const char *version)
{
    const compliance_info *in = &cmp->info;
    buf_puts(out, "<table class=\"prov\">");
    buf_puts(out, "<tr><td>framework</td><td>");
    esc(out, cf->fw->title);
    buf_puts(out, " ");
    esc(out, cf->fw->version);
    buf_puts(out, " (<code>");
    esc(out, cf->fw->id);
    buf_puts(out, "</code>), catalogue <code>");
    esc(out, cf->fw->file);
    buf_printf(out, "</code> sha256 <code>%.16s…</code></td></tr>", cf->fw->sha256);
    buf_puts(out, "<tr><td>control list from</td><td>");
    esc(out, cf->fw->source);
    buf_puts(out, "</td></tr><tr><td>tool</td><td>plimsoll ");
    esc(out, version);
    buf_printf(out, ", check set sha256 <code>%.16s…</code></td></tr>", in->checkset_sha256);
    buf_printf(out, "<tr><td>scan time</td><td>%s</td></tr><tr><td>scanned</td><td>", in->scan_time);
    for (size_t i = 0; i < in->n_paths; i++) {
        buf_puts(out, i ? ", <code>" : "<code>");
        esc(out, in->paths[i]);
        buf_puts(out, "</code>");
    }
    buf_puts(out, "</td></tr>");
    if (in->git_commit[0])
        buf_printf(out, "<tr><td>git</td><td><code>%s</code>%s</td></tr>", in->git_commit,
                   in->git_dirty > 0 ? " with uncommitted changes" : in->git_dirty == 0 ? " (clean)" : "");
    if (in->config) {
        buf_puts(out, "<tr><td>configuration</td><td><code>");
        esc(out, in->config);
        buf_puts(out, "</code></td></tr>");
    }
    if (in->baseline) {
        buf_puts(out, "<tr><td>baseline</td><td><code>");
        esc(out, in->baseline);
        buf_puts(out, "</code> (findings it records still count here)</td></tr>");
    }
    buf_puts(out, "</table>");
}

static void evidence_row(buf *out, const c_control *cc, const char *rid)
{
    buf_printf(out, "<tr class=\"evidence\" id=\"%s-ev\"><td></td><td colspan=\"3\">", rid);
    const fw_control *c = cc->ctl;
    if (cc->reason) {
        buf_puts(out, "<div>");
        esc(out, cc->reason);
        buf_puts(out, "</div>");
    }
    if (c->n_ev) {
        buf_puts(out, "<div class=\"note\">checks: ");
        for (size_t i = 0; i < c->n_ev; i++) {
            buf_printf(out, "%s%s: ", i ? "; " : "", input_name(c->ev[i].input));
            for (size_t j = 0; j < c->ev[i].n_checks; j++) {
                buf_puts(out, j ? ", <code>" : "<code>");
                esc(out, c->ev[i].checks[j]);
                buf_puts(out, "</code>");
            }
        }
        buf_puts(out, "</div>");
    }
    if (c->n_needs) {
        buf_puts(out, "<div class=\"note\">also decided by: ");
        for (size_t i = 0; i < c->n_needs; i++) {
            if (i) buf_puts(out, "; ");
            esc(out, framework_need_what(c->needs[i]));
        }
        buf_puts(out, "</div>");
    }
    if (c->note) {
        buf_puts(out, "<div class=\"note\">");
        esc(out, c->note);
        buf_puts(out, "</div>");
    }
    if (cc->n_ev) {
        buf_puts(out, "<ul>");
        for (size_t i = 0; i < cc->n_ev; i++) {
            const c_evidence *e = &cc->ev[i];
            const c_resource *r = &cc->res[e->resource];
            buf_puts(out, "<li><code>");
            esc(out, r->file);
            buf_printf(out, ":%u:%u</code> ", e->f->line, e->f->col);
            esc(out, r->name);
            buf_puts(out, " — <b>");
            esc(out, e->c->name);
            buf_printf(out, "</b> (%s): ", severity_name(e->f->sev));
            esc(out, e->f->message);
            for (size_t v = 0; v < e->n_values; v++) {
                buf_puts(out, "<br><code>");
                esc(out, e->values[v].path);
                buf_puts(out, "</code> is ");
                if (e->values[v].actual) {
                    buf_puts(out, "<code>");
                    esc(out, e->values[v].actual);
                    buf_puts(out, "</code>");
                } else {
                    buf_puts(out, "not set");
                }
                if (e->values[v].expected) {
                    buf_puts(out, ", expected <code>");
                    esc(out, e->values[v].expected);
                    buf_puts(out, "</code>");
                }
            }
            buf_puts(out, "<br><span class=\"note\">fix: ");
            esc(out, e->f->remediation ? e->f->remediation : e->c->remediation);
            buf_puts(out, "</span>");
            if (e->f->suppressed) {
                buf_puts(out, "<br><span class=\"st EXCEPTION\">exception</span> ");
                esc(out, e->f->suppress_reason);
                buf_puts(out, " — ");
                esc(out, e->f->suppress_source);
                if (e->expires[0]) buf_printf(out, ", expires %s", e->expires);
            }
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul>");
    }
    if (cc->n_res) {
        size_t passed = cc->n_res - cc->n_failed - cc->n_excepted;
        if (passed) {
            buf_printf(out, "<div class=\"note\">passing (%zu): ", passed);
            size_t shown = 0;
            for (size_t i = 0; i < cc->n_res && shown < 20; i++) {
                if (cc->res[i].failed || cc->res[i].excepted) continue;
                buf_puts(out, shown++ ? ", " : "");
                esc(out, cc->res[i].name);
                buf_puts(out, " <code>");
                esc(out, cc->res[i].file);
                buf_printf(out, ":%u</code>", cc->res[i].line);
            }
            if (passed > shown) buf_printf(out, " and %zu more", passed - shown);
            buf_puts(out, "</div>");
        }
    }
    buf_puts(out, "</td></tr>\n");
}

static void exceptions(buf *out, const c_framework *cf)
{
    size_t n = 0;
    for (size_t i = 0; i < cf->n_controls; i++) {
        const c_control *cc = &cf->controls[i];
        for (size_t j = 0; j < cc->n_ev; j++) {
            const c_evidence *e = &cc->ev[j];
            if (!e->f->suppressed) continue;
            if (!n++)
                buf_puts(out, "<h3>Accepted exceptions</h3><table class=\"exceptions\"><tr><th>control</th><th>resource</th>"
                              "<th>check</th><th>reason</th><th>source</th><th>expires</th></tr>\n");
            buf_puts(out, "<tr><td class=\"id\">");
            esc(out, cc->ctl->id);
            buf_puts(out, "</td><td>");
            esc(out, cc->res[e->resource].name);
            buf_puts(out, " <code>");
            esc(out, cc->res[e->resource].file);
            buf_printf(out, ":%u</code></td><td>", e->f->line);
            esc(out, e->c->name);
            buf_puts(out, "</td><td>");
            esc(out, e->f->suppress_reason);
            buf_puts(out, "</td><td>");
            esc(out, e->f->suppress_source);
            buf_printf(out, "</td><td>%s</td></tr>\n", e->expires[0] ? e->expires : "none");
        }
    }
    if (n) buf_puts(out, "</table>\n");
}

void report_compliance_html(buf *out, const scan_result *r, const checkset *set, const unsigned char *keep,
                            const report_opts *o)
{
    (void)r, (void)set, (void)keep;
    const compliance *cmp = o->compliance;
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
                  "<title>plimsoll compliance report</title><style>");
    buf_puts(out, css);
    buf_puts(out, "</style></head><body><main>\n<h1>Compliance report</h1>\n");
    for (size_t k = 0; k < cmp->n; k++) {
        const c_framework *cf = &cmp->v[k];
        buf_puts(out, "<section class=\"framework\" data-framework=\"");
        esc(out, cf->fw->id);
        buf_puts(out, "\"><h2>");
        esc(out, cf->fw->title);
        buf_puts(out, " ");
        esc(out, cf->fw->version);
        buf_puts(out, "</h2>\n");
        provenance(out, cmp, cf, o->version);
        buf_puts(out, "<div class=\"cards\"><div class=\"card score\"><b class=\"score-value\">");
        if (cf->total.has_score) buf_printf(out, "%.1f%%", cf->total.score);
        else buf_puts(out, "no score");
        buf_printf(out, "</b><span>score · %zu of %zu controls evaluated</span></div>", rc_evaluated(cf), cf->n_controls);
        for (int s = 0; s < CS_COUNT; s++) card(out, cstatus_name((cstatus)s), cstatus_name((cstatus)s), cf->total.counts[s]);
        buf_puts(out, "</div>\n<table class=\"sections\"><tr><th>section</th><th>score</th><th>PASS</th><th>FAIL</th>"
                      "<th>EXCEPTION</th><th>MANUAL</th><th>NOT-APPLICABLE</th><th>NOT-RUN</th></tr>\n");
        for (size_t s = 0; s < cf->n_sections; s++) {
            const c_section *cs = &cf->sections[s];
            buf_puts(out, "<tr><td>");
            esc(out, cs->sec->id);
            buf_puts(out, " ");
            esc(out, cs->sec->title);
            buf_puts(out, "</td><td>");
            if (cs->score.has_score) buf_printf(out, "%.1f%%", cs->score.score);
            else buf_puts(out, "<span class=\"muted\">—</span>");
            buf_puts(out, "</td>");
            for (int st = 0; st < CS_COUNT; st++) buf_printf(out, "<td>%zu</td>", cs->score.counts[st]);
            buf_puts(out, "</tr>\n");
        }
        buf_puts(out, "</table>\n<h3>Controls</h3><div class=\"filters\"></div>\n"
                      "<table class=\"controls\"><tr><th>control</th><th>title</th><th>status</th><th>resources</th></tr>\n");
        for (size_t i = 0; i < cf->n_controls; i++) {
            const c_control *cc = &cf->controls[i];
            buf rid = {0};
            id_attr(&rid, cf->fw->id, cc->ctl->id);
            buf_printf(out, "<tr class=\"control\" id=\"%s\" data-status=\"%s\" data-evidence=\"%s-ev\"><td class=\"id\">", rid.s,
                       cstatus_name(cc->status), rid.s);
            esc(out, cc->ctl->id);
            buf_puts(out, "</td><td>");
            esc(out, cc->ctl->title);
            if (cc->ctl->profile) {
                buf_puts(out, " <span class=\"muted\">(");
                esc(out, cc->ctl->profile);
                buf_puts(out, ")</span>");
            }
            buf_printf(out, "</td><td><span class=\"st %s\">%s</span></td><td>", cstatus_name(cc->status), cstatus_name(cc->status));
            if (cc->n_res) buf_printf(out, "%zu failed, %zu excepted of %zu", cc->n_failed, cc->n_excepted, cc->n_res);
            else buf_puts(out, "<span class=\"muted\">—</span>");
            buf_puts(out, "</td></tr>\n");
            evidence_row(out, cc, rid.s);
            buf_free(&rid);
        }
        buf_puts(out, "</table>\n");
        exceptions(out, cf);
        buf_puts(out, "</section>\n");
    }
    buf_puts(out, "<footer>");
    esc(out, compliance_formula);
    buf_puts(out, ". Click a control to open its evidence; printing shows all of it. Add #FAIL (or another status) to this file's address to open it filtered.</footer>\n</main><script>");
    buf_puts(out, script);
    buf_puts(out, "</script></body></html>\n");
}
