/* lua_shell_parse.h — the command builder of checks/lib/shell.lua in C: the
 * simple commands of a shell text from the tokens of lua_shell.c (the
 * fields shell.lua's header lists), with the recursion into `sh -c` scripts
 * and substitutions and their offsets mapped back to the text given. */
#ifndef PLIMSOLL_LUA_SHELL_PARSE_H
#define PLIMSOLL_LUA_SHELL_PARSE_H

#include <lua.h>

/* [-0, +0, m] Add to the table at idx (the `plimsoll` library):
 *   shell_parse(src, opts, tables) → commands of src; opts: path, shift,
 *       pipeline_base, errexit, pipefail;
 *   shell_from_argv(argv, offsets, opts, tables) → commands of an argv given
 *       directly (exec form), word k at offsets[k];
 * tables = { RESERVED, PREFIX, SHELLS, REDIR } (shell.lua's). Both charge
 * their work to the run's budget. */
void lua_shell_parse_register(lua_State *L, int idx);

#endif
