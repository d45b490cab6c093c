/* lua_shell.h — the word and operator lexer of checks/lib/shell.lua, in C:
 * the same tokens the Lua lexer made (shell.lua's header describes the
 * shell it reads), at 50–100 instructions per byte instead of thousands, and
 * without a table of per-byte offsets for every word (shell.lua asks for one
 * word's offsets when it needs them: the script of `sh -c`). */
#ifndef PLIMSOLL_LUA_SHELL_H
#define PLIMSOLL_LUA_SHELL_H

#include <lua.h>

/* [-0, +0, m] Add to the table at idx (the `plimsoll` library):
 *   shell_lex(src[, delta]) → tokens: { t = "w", value, raw, offset, first
 *       [, subs = { {a, b}, … }] } for words, { t = "op", value, offset } for
 *       operators; offsets are 0-based bytes into src plus delta, first and
 *       subs 1-based indices into src (subs: the text of $(…), `…`, <(…)).
 *   shell_word_pos(src, first) → { offset of value byte 1, of byte 2, … }
 *       (0-based, into src) of the word starting at src[first].
 * Both charge their work to the run's budget. */
void lua_shell_register(lua_State *L, int idx);

/* [-0, +1, m] Push the token list of src (as shell_lex, offsets plus delta). */
void lua_shell_push_tokens(lua_State *L, const char *s, size_t n, lua_Integer delta);

/* [-0, +1, m] Push a userdata holding the offsets (0-based, into s) of the
 * value bytes of the word at s[first] (as shell_word_pos), and return them;
 * *npos is how many. */
size_t *lua_shell_push_word_pos(lua_State *L, const char *s, size_t n, lua_Integer first, size_t *npos);

#endif
