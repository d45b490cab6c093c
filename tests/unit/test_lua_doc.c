/* test_lua_doc.c — documents as Lua tables (src/lua_doc.c), made one level at
 * a time: every way of reading a table sees the whole document (lookups,
 * pairs, next, rawget, #, ipairs), repeated keys keep the last non-null
 * value as before, aliases stay one table, nulls in sequences are `null`,
 * a released document raises instead of reading freed memory, and with
 * views every write raises. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>

#include "load.h"
#include "lua_verify.h"
#include "lua_doc.h"
#include "lua_ro.h"
#include "unit.h"

static const char *const dumper =
    "local function dump(v)\n"
    "  if type(v) ~= 'table' then if v == null then return 'null' end return tostring(v) end\n"
    "  local keys = {}\n"
    "  for k in pairs(v) do keys[#keys + 1] = k end\n"
    "  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)\n"
    "  local out = {}\n"
    "  for _, k in ipairs(keys) do out[#out + 1] = tostring(k) .. '=' .. dump(v[k]) end\n"
    "  return '{' .. table.concat(out, ',') .. '}'\n"
    "end\n"
    "return dump\n";

typedef struct fixture {
    lua_State *L;
    source *src;
    tree *t;
    doclist docs;
    long slot;
} fixture;

/* Load yaml, convert its first document into global `doc`. */
static void open_doc(fixture *f, const char *yaml, int views)
{
    memset(f, 0, sizeof *f);
    f->L = luaL_newstate();
    luaL_openlibs(f->L);
    lua_pushcfunction(f->L, ro_l_next);
    lua_setglobal(f->L, "next");
    lua_pushcfunction(f->L, ro_l_rawget);
    lua_setglobal(f->L, "rawget");
    lua_pushcfunction(f->L, ro_l_rawlen);
    lua_setglobal(f->L, "rawlen");
    lua_pushlightuserdata(f->L, NULL);
    lua_setglobal(f->L, "null");
    if (luaL_dostring(f->L, dumper) == LUA_OK) lua_setglobal(f->L, "dump");
    lua_doc_init(f->L, views);
    size_t n = strlen(yaml);
    f->src = source_new_owned("t.yaml", xstrndup(yaml, n), n);
    f->t = tree_new();
    perr err = {0};
    load_limits lim = LOAD_LIMITS_DEFAULT;
    load_yaml(f->src, f->t, &f->docs, &lim, &err);
    tree_finish(f->t);
    f->slot = lua_doc_push(f->L, f->t, f->docs.v[0].root);
    lua_setglobal(f->L, "doc");
}

static void close_doc(fixture *f)
{
    lua_close(f->L);
    free(f->docs.v);
    tree_free(f->t);
    source_free(f->src);
}

/* The result of a chunk (tostring'd) or "error: …". Static buffer. */
static const char *eval(fixture *f, const char *code)
{
    static char out[512];
    if (luaL_dostring(f->L, code) != LUA_OK) {
        snprintf(out, sizeof out, "error: %s", lua_tostring(f->L, -1));
        lua_settop(f->L, 0);
        return out;
    }
    snprintf(out, sizeof out, "%s", luaL_tolstring(f->L, -1, NULL));
    lua_settop(f->L, 0);
    return out;
}

static const char *doc_dump(const char *yaml, int views)
{
    static char out[512];
    fixture f;
    open_doc(&f, yaml, views);
    snprintf(out, sizeof out, "%s", eval(&f, "return dump(doc)"));
    close_doc(&f);
    return out;
}

static void test_shapes(void)
{
    for (int views = 0; views < 2; views++) {
        CHECK_STR(doc_dump("a: 1\nb: {c: [1, 2, {d: x}]}\nn: ~\ne: {}\nf: []\n", views),
                  "{a=1,b={c={1=1,2=2,3={d=x}}},e={},f={}}");
        CHECK_STR(doc_dump("- 1\n- ~\n- {a: [true, 1.5]}\n- [2]\n", views), "{1=1,2=null,3={a={1=true,2=1.5}},4={1=2}}");
        /* repeated keys: the last non-null member wins, whatever its kind */
        CHECK_STR(doc_dump("a: {x: 1}\na: 2\n", views), "{a=2}");
        CHECK_STR(doc_dump("a: 2\na: {x: 1}\n", views), "{a={x=1}}");
        CHECK_STR(doc_dump("a: {x: 1}\na: ~\n", views), "{a={x=1}}");
        CHECK_STR(doc_dump("a: [1]\nb: 0\na: {y: 2}\n", views), "{a={y=2},b=0}");
        CHECK_STR(doc_dump("a: 1\na: 3\nb: [1]\n", views), "{a=3,b={1=1}}");
    }
}

static void test_reads(void)
{
    for (int views = 0; views < 2; views++) {
        fixture f;
        open_doc(&f, "spec: {containers: [{name: a}, {name: b, ports: [80]}]}\nx: &A {k: 1}\ny: *A\ns: [1, ~, {q: 1}]\n",
                 views);
        CHECK_STR(eval(&f, "return #doc.spec.containers"), "2");
        CHECK_STR(eval(&f, "return doc.spec.containers[2].ports[1]"), "80");
        CHECK_STR(eval(&f, "return rawequal(doc.x, doc.y)"), "true");
        CHECK_STR(eval(&f, "local n = 0 for _ in ipairs(doc.s) do n = n + 1 end return n"), "3");
        CHECK_STR(eval(&f, "return #doc.s .. ' ' .. rawlen(doc.s) .. ' ' .. tostring(doc.s[2] == null)"), "3 3 true");
        CHECK_STR(eval(&f, "local n = 0 for k in next, doc.spec do n = n + 1 end return n"), "1");
        CHECK_STR(eval(&f, "return type(rawget(doc, 'spec'))"), "table");
        CHECK_STR(eval(&f, "return type(rawget(doc.s, 3))"), "table");
        CHECK_STR(eval(&f, "return doc.nope == nil and doc.spec.nope == nil"), "true");
        CHECK_STR(eval(&f, "return tostring(getmetatable(doc.x))"), views ? "false" : "nil");
        close_doc(&f);
    }
}

static void test_views_and_release(void)
{
    fixture f;
    open_doc(&f, "a: {b: 1}\nc: [{d: 2}]\n", 1);
    CHECK(strstr(eval(&f, "doc.a.b = 2"), "read-only") != NULL);
    CHECK(strstr(eval(&f, "doc.c[1].e = 2"), "read-only") != NULL);
    CHECK(strstr(eval(&f, "table.insert(doc.c, 1)"), "read-only") != NULL);
    close_doc(&f);

    open_doc(&f, "a: {b: {c: 1}}\n", 0);
    CHECK_STR(eval(&f, "keep = doc.a return 'ok'"), "ok");
    lua_doc_release(f.L, f.slot);
    CHECK(strstr(eval(&f, "return keep.b"), "released") != NULL);
    close_doc(&f);
}

/* lua_verify.c: a plain document table changed by a check, or a shared
 * table changed after its copy, is told (and only then). */
static int doc_changed(fixture *f)
{
    char where[256];
    lua_State *L = f->L;
    lua_getglobal(L, "doc");
    verify_force(L, -1);
    long s2 = lua_doc_push(L, f->t, f->docs.v[0].root);
    verify_force(L, -1);
    int d = verify_equal(L, -2, -1, where, sizeof where);
    lua_pop(L, 2);
    lua_doc_release(L, s2);
    return d;
}

static int lib_changed(fixture *f, char *where, size_t n)
{
    lua_getglobal(f->L, "lib");
    int d = verify_against(f->L, -1, "test.snap", where, n);
    lua_pop(f->L, 1);
    return d;
}

static void test_verify(void)
{
    fixture f;
    char where[256];
    const char *yaml = "a: {b: [1, 2, {c: x}]}\nd: 3\n";
    /* a document read (made one level at a time) is no change */
    open_doc(&f, yaml, 0);
    CHECK_STR(eval(&f, "return doc.a.b[3].c"), "x");
    CHECK_INT(doc_changed(&f), 0);
    close_doc(&f);
    /* a write into it is */
    const char *writes[] = {"doc.a.b[3].c = 'y'", "doc.a.b[4] = 1", "doc.d = nil", "doc.a.z = {}",
                            "setmetatable(doc.a, {})"};
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
        open_doc(&f, yaml, 0);
        char code[128];
        snprintf(code, sizeof code, "local _ = doc.a.b[3].c %s return 'ok'", writes[i]);
        CHECK_STR(eval(&f, code), "ok");
        CHECK_INT(doc_changed(&f), 1);
        close_doc(&f);
    }
    /* a shared table against its copy: shared structure and cycles are fine,
     * a change deep inside is told once, then the copy is renewed */
    open_doc(&f, yaml, 0);
    CHECK_STR(eval(&f, "lib = {rows = {{1}, {2}}, f = print} lib.rows[3] = lib.rows[1] lib.self = lib return 'ok'"), "ok");
    lua_getglobal(f.L, "lib");
    verify_snapshot(f.L, -1, "test.snap");
    lua_pop(f.L, 1);
    CHECK_INT(lib_changed(&f, where, sizeof where), 0);
    CHECK_STR(eval(&f, "lib.rows[2][1] = 5 return 'ok'"), "ok");
    CHECK_INT(lib_changed(&f, where, sizeof where), 1);
    CHECK_STR(where, "rows[2][1] was changed");
    CHECK_INT(lib_changed(&f, where, sizeof where), 0);
    CHECK_STR(eval(&f, "lib.f = tostring return 'ok'"), "ok");
    CHECK_INT(lib_changed(&f, where, sizeof where), 1);
    close_doc(&f);
}

int main(void)
{
    RUN(test_verify);
    RUN(test_shapes);
    RUN(test_reads);
    RUN(test_views_and_release);
    return unit_done("lua_doc");
}
