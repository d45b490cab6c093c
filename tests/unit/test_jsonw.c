/* test_jsonw.c — the direct JSON writer (src/jsonw.c) against jansson, the
 * layout it must reproduce byte for byte: string escaping (control
 * characters, quotes, UTF-8 that jansson accepts or refuses), nested objects
 * and arrays at every indentation, and values given as JSON text (the fast
 * path and jansson's own handling of what it refuses or rewrites). Inputs
 * are generated from a fixed seed. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "jsonw.h"
#include "report.h"
#include "unit.h"

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)(seed % n);
}

/* put_json of report_json.c before the writer: dumps, then `depth` levels
 * more indentation after every newline. */
static void dump_at(buf *out, json_t *v, int depth)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    for (const char *p = s; p && *p; p++) {
        buf_putc(out, *p);
        if (*p == '\n')
            for (int i = 0; i < depth * 2; i++) buf_putc(out, ' ');
    }
    free(s);
}

static const char *const pieces[] = {
    "a", "Z", "0", " ", "\"", "\\", "/", "\x01", "\x08", "\t", "\n", "\x0c", "\r", "\x1f", "\x7f",
    "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xc0\x80", "\xe0\x80\x80",
    "\xf4\x90\x80\x80", "\x80", "\xff", "\xc3", "\xe2\x82", "u00", "{", "]", ":", ",",
};

static void random_text(buf *b, unsigned max)
{
    b->len = 0;
    buf_add(b, "", 0);
    for (unsigned n = rnd(max + 1); n > 0; n--) buf_puts(b, pieces[rnd(sizeof pieces / sizeof *pieces)]);
}

static void test_strings(void)
{
    buf s = {0}, got = {0};
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        random_text(&s, i % 2 ? 12 : 48); /* long ones too: the writer reads eight bytes at a time */
        got.len = 0;
        jw_quote(&got, s.s, s.len);
        json_t *j = report_json_str(s.s);
        char *want = json_dumps(j, JSON_ENCODE_ANY);
        json_decref(j);
        if (strcmp(got.s, want) != 0 && bad++ < 5) fprintf(stderr, "string %d: got %s want %s\n", i, got.s, want);
        free(want);
    }
    CHECK_INT(bad, 0);
    buf_free(&s);
    buf_free(&got);
}

/* A random value written both ways. */
static json_t *random_value(jsonw *w, int depth, buf *scratch)
{
    unsigned kind = depth > 3 ? rnd(4) : rnd(6);
    switch (kind) {
    case 0: {
        random_text(scratch, 6);
        jw_str(w, scratch->s);
        return report_json_str(scratch->s);
    }
    case 1: {
        long long v = (long long)rnd(2000000) - 1000000;
        jw_int(w, v);
        return json_integer(v);
    }
    case 2: jw_null(w); return json_null();
    case 3: jw_str_or_null(w, NULL); return json_null();
    case 4: {
        json_t *o = json_object();
        jw_object(w);
        for (unsigned n = rnd(4); n > 0; n--) {
            char key[16];
            snprintf(key, sizeof key, "k%u", n);
            jw_key(w, key);
            json_object_set_new(o, key, random_value(w, depth + 1, scratch));
        }
        jw_end(w, '}');
        return o;
    }
    default: {
        json_t *a = json_array();
        jw_array(w);
        for (unsigned n = rnd(4); n > 0; n--) json_array_append_new(a, random_value(w, depth + 1, scratch));
        jw_end(w, ']');
        return a;
    }
    }
}

static void test_structures(void)
{
    buf got = {0}, want = {0}, scratch = {0};
    int bad = 0;
    for (int i = 0; i < 5000; i++) {
        int base = (int)rnd(4);
        got.len = want.len = 0;
        buf_add(&got, "", 0);
        buf_add(&want, "", 0);
        jsonw w = {.b = &got, .base = base};
        json_t *v = random_value(&w, 0, &scratch);
        dump_at(&want, v, base);
        json_decref(v);
        if (strcmp(got.s, want.s) != 0 && bad++ < 3) fprintf(stderr, "value %d:\n%s\nwant\n%s\n", i, got.s, want.s);
    }
    CHECK_INT(bad, 0);
    buf_free(&got);
    buf_free(&want);
    buf_free(&scratch);
}

static const char *const fixes[] = {
    "[{\"path\":\"spec.template.spec.automountServiceAccountToken\",\"value\":false}]",
    "[{\"path\":\"a\",\"value\":{\"add\":[\"NET_RAW\",\"SYS_ADMIN\"],\"drop\":[\"ALL\"]}}]",
    "[{\"path\":\"a\",\"value\":1.5}]",
    "[{\"path\":\"a\",\"value\":1e300}]",
    "[{\"path\":\"a\",\"value\":-0}]",
    "[{\"path\":\"a\",\"value\":99999999999999999999}]",
    "[{\"path\":\"a\",\"value\":9223372036854775807}]",
    "[{\"path\":\"a\",\"value\":\"x\\u000ay\\u001fz\\\"q\\\\\"}]",
    "[{\"path\":\"a\",\"value\":\"\\u0000\"}]",
    "[{\"path\":\"a\",\"value\":\"\\/\\b\\ud83d\\ude00\"}]",
    "[{\"path\":\"a\",\"path\":\"b\"}]",
    "[{\"p\\u0061th\":\"a\"}]",
    "[{}, [], {\"a\":[]}, [{}]]",
    "{\"a\":true,\"b\":null,\"c\":[1,2,3]}",
    "[\"\xc3\xa9\", \"\xed\xa0\x80\"]",
    "[\"\x01\"]",
    "[1,]",
    "[nul]",
    "\"just a string\"",
    "[1] x",
    "",
    "[inf]",
    " [ 1 , { \"a\" : 2 } ] ",
};

static void test_json_text(void)
{
    int bad = 0;
    for (size_t i = 0; i < sizeof fixes / sizeof *fixes; i++) {
        for (int base = 0; base < 3; base++) {
            buf got = {0}, want = {0};
            buf_add(&got, "", 0);
            buf_add(&want, "", 0);
            jsonw w = {.b = &got, .base = base};
            jw_object(&w);
            jw_key(&w, "before");
            jw_int(&w, 1);
            int rc = jw_json_member(&w, "fix", fixes[i]);
            jw_key(&w, "after");
            jw_int(&w, 2);
            jw_end(&w, '}');
            json_t *o = json_object();
            json_object_set_new(o, "before", json_integer(1));
            json_t *fix = json_loads(fixes[i], 0, NULL);
            if (fix) json_object_set_new(o, "fix", fix);
            json_object_set_new(o, "after", json_integer(2));
            dump_at(&want, o, base);
            json_decref(o);
            if ((strcmp(got.s, want.s) != 0 || (rc == 0) != (fix != NULL)) && bad++ < 3)
                fprintf(stderr, "fix %zu (base %d, rc %d):\n%s\nwant\n%s\n", i, base, rc, got.s, want.s);
            buf_free(&got);
            buf_free(&want);
        }
    }
    CHECK_INT(bad, 0);
}

int main(void)
{
    RUN(test_strings);
    RUN(test_structures);
    RUN(test_json_text);
    return unit_done("jsonw");
}
