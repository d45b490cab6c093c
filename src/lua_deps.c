/* lua_deps.c — libraries named by Lua source text (see lua_deps.h): a small
 * Lua 5.4 lexer that skips comments, strings (quoted and long brackets) and
 * numbers, and looks at identifiers. */
#include "lua_deps.h"

#include <string.h>

static int ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

/* At s[i] == '[': the level of a long bracket ("[==[" is 2), or -1. */
static long long_open(const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && s[j] == '=') j++;
    return j < len && s[j] == '[' ? (long)(j - i - 1) : -1;
}

/* Past the long bracket of level lv opened at s[i]: after its closing
 * bracket, or len when it is not closed. */
static size_t long_skip(const char *s, size_t len, size_t i, long lv)
{
    for (size_t j = i + (size_t)lv + 2; j < len; j++) {
        if (s[j] != ']') continue;
        size_t k = j + 1;
        while (k < len && s[k] == '=') k++;
        if (k < len && s[k] == ']' && (long)(k - j - 1) == lv) return k + 1;
    }
    return len;
}

/* Past the number at s[i]: decimal digits, a point, an exponent (e, with a
 * sign), or after 0x hexadecimal ones with a binary exponent (p). */
static size_t number_skip(const char *s, size_t len, size_t i)
{
    int hex = s[i] == '0' && i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X');
    if (hex) i += 2;
    char exp = hex ? 'p' : 'e';
    while (i < len) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || c == '.' || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))) {
            i++;
        } else if (c == exp || c == exp - ('a' - 'A')) {
            i++;
            if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        } else {
            break;
        }
    }
    return i;
}

uint64_t lua_deps_named(const char *s, size_t len, const char *const *names, size_t n)
{
    uint64_t got = 0;
    int field = 0; /* the previous token was `.` or `:` alone: an identifier now is a field or method name */
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            i++;
            continue;
        }
        if (c == '-' && i + 1 < len && s[i + 1] == '-') { /* comment */
            long lv = i + 2 < len && s[i + 2] == '[' ? long_open(s, len, i + 2) : -1;
            if (lv >= 0) {
                i = long_skip(s, len, i + 2, lv);
            } else {
                while (i < len && s[i] != '\n') i++;
            }
            continue;
        }
        if (c == '"' || c == '\'') { /* a quoted string; a backslash escapes the next character */
            for (i++; i < len && s[i] != c && s[i] != '\n'; i++)
                if (s[i] == '\\') i++;
            i++;
            field = 0;
            continue;
        }
        if (c == '[') {
            long lv = long_open(s, len, i);
            if (lv >= 0) {
                i = long_skip(s, len, i, lv);
                field = 0;
                continue;
            }
        }
        if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            i = number_skip(s, len, i);
            field = 0;
            continue;
        }
        if (ident_start(c)) {
            size_t b = i;
            while (i < len && ident_char(s[i])) i++;
            if (!field && i - b == 4 && memcmp(s + b, "_ENV", 4) == 0) /* the globals as a table: anything */
                got = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
            if (!field)
                for (size_t k = 0; k < n; k++)
                    if (strlen(names[k]) == i - b && memcmp(names[k], s + b, i - b) == 0) got |= (uint64_t)1 << k;
            field = 0;
            continue;
        }
        if (c == '.' || c == ':') { /* `.` and `:` alone make a field name; `..`, `...` and `::` do not */
            size_t b = i;
            while (i < len && s[i] == c) i++;
            field = i - b == 1;
            continue;
        }
        i++;
        field = 0;
    }
    return got;
}

void lua_deps_close(uint64_t *deps, size_t n)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = lua_deps_reach(deps[i], deps, n);
            if (r != deps[i]) {
                deps[i] = r;
                changed = 1;
            }
        }
    }
}

uint64_t lua_deps_reach(uint64_t d, const uint64_t *deps, size_t n)
{
    uint64_t r = d;
    for (size_t k = 0; k < n; k++)
        if (d >> k & 1) r |= deps[k];
    return r;
}
