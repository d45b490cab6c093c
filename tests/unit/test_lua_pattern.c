/* test_lua_pattern.c — lua_pattern against the real string library. A
 * differential test runs every call with both and compares results and error
 * messages: hand-written cases for every feature and every error, then
 * random patterns, subjects and arguments from a seeded generator. Then the
 * meter: catastrophic backtracking stopped by a meter that raises (caught by
 * lua_pcall), charges at least every PATTERN_CHARGE_EVERY steps and at the
 * end of every call, and steps that grow with the work done. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdint.h>
#include <time.h>

#include "lua_pattern.h"
#include "unit.h"

#define RANDOM_ROUNDS 10000 /* four random calls a round */
#define RANDOM_SEED 20240601

static const char lua_harness[] =
    "-- The differential harness: run one call with the standard library (S) and\n"
    "-- with ours (P), compare every result and error message, report through\n"
    "-- check(ok, description).\n"
    "local S, P, check = ...\n"
    "local pack, unpack, select, type, mtype = table.pack, table.unpack, select, type, math.type\n"
    "local fmt, concat, pcall, tostring = string.format, table.concat, pcall, tostring\n"
    "\n"
    "-- Called through a local of the function's name, not as a tail call, so\n"
    "-- argument errors name the function the same way for both libraries.\n"
    "local callers = {\n"
    "  find = function(f, ...) local find = f; local r = pack(find(...)); return unpack(r, 1, r.n) end,\n"
    "  match = function(f, ...) local match = f; local r = pack(match(...)); return unpack(r, 1, r.n) end,\n"
    "  gmatch = function(f, ...) local gmatch = f; local r = pack(gmatch(...)); return unpack(r, 1, r.n) end,\n"
    "  gsub = function(f, ...) local gsub = f; local r = pack(gsub(...)); return unpack(r, 1, r.n) end,\n"
    "}\n"
    "\n"
    "local function show(v)\n"
    "  if type(v) == 'string' then return (fmt('%q', v):gsub('\\n', 'n')) end\n"
    "  if mtype(v) == 'float' then return fmt('%.17g', v) .. '(float)' end\n"
    "  return tostring(v)\n"
    "end\n"
    "\n"
    "local function same(a, b)\n"
    "  if type(a) ~= type(b) then return false end\n"
    "  if type(a) == 'table' then return true end   -- error objects: a fresh table each time\n"
    "  if type(a) == 'number' then return mtype(a) == mtype(b) and a == b end\n"
    "  return a == b\n"
    "end\n"
    "\n"
    "-- All results of one call as a flat list; a gmatch iterator is run to the end\n"
    "-- (each step as: its count, then its pcall results).\n"
    "local function run(lib, name, n, args)\n"
    "  local r = pack(pcall(callers[name], lib[name], unpack(args, 1, n)))\n"
    "  if name ~= 'gmatch' or not r[1] then return r end\n"
    "  local out, k, it = {true}, 1, r[2]\n"
    "  for _ = 1, 100 do\n"
    "    local q = pack(pcall(it))\n"
    "    k = k + 1; out[k] = q.n\n"
    "    for i = 1, q.n do k = k + 1; out[k] = q[i] end\n"
    "    if not q[1] or q.n == 1 then break end\n"
    "  end\n"
    "  out.n = k\n"
    "  return out\n"
    "end\n"
    "\n"
    "local function list(t, n)\n"
    "  local o = {}\n"
    "  for i = 1, n do\n"
    "    o[i] = show(t[i])\n"
    "    if #o[i] > 200 then o[i] = o[i]:sub(1, 200) .. '...(' .. #o[i] .. ' bytes)' end\n"
    "  end\n"
    "  return concat(o, ', ')\n"
    "end\n"
    "\n"
    "local function compare(name, ...)\n"
    "  local n, args = select('#', ...), {...}\n"
    "  local a, b = run(S, name, n, args), run(P, name, n, args)\n"
    "  local ok = a.n == b.n\n"
    "  for i = 1, a.n do if not same(a[i], b[i]) then ok = false end end\n"
    "  if ok then return check(true) end\n"
    "  check(false, fmt('%s(%s)\\n  string: %s\\n  ours:   %s', name, list(args, n), list(a, a.n), list(b, b.n)))\n"
    "end\n"
    "\n"
    "return compare\n";

static const char lua_cases[] =
    "-- Hand-written cases: every feature, every error, the edges between them.\n"
    "local T = ...\n"
    "local rep, char = string.rep, string.char\n"
    "local maxi, mini = math.maxinteger, math.mininteger\n"
    "\n"
    "-- find: plain text, init, plain mode and the no-specials path\n"
    "for _, init in ipairs{1, 2, 4, 5, 6, 7, 100, 0, -1, -2, -5, -6, -100, maxi, mini, 2.0} do\n"
    "  T('find', 'hello', 'l', init)\n"
    "  T('find', 'hello', '', init)\n"
    "  T('find', 'hello', 'l', init, true)\n"
    "  T('find', 'hello', 'l+', init)\n"
    "  T('match', 'hello', '(l+)()', init)\n"
    "  T('gmatch', 'hello', '.', init)\n"
    "  T('gmatch', 'hello', '', init)\n"
    "end\n"
    "T('find', 'hello world', 'o w'); T('find', 'hello', 'xyz'); T('find', '', ''); T('find', '', 'a')\n"
    "T('find', '', '', 1); T('find', '', '', 2); T('find', 'abc', 'abcd'); T('find', 'ababc', 'abc')\n"
    "T('find', 'hello', 'l', 2.5); T('find', 'hello', 'l', '3'); T('find', 'hello', 'l', {}); T('find', 'hello', 'l', 'x')\n"
    "T('find', 'a.b', '.', 1, true); T('find', 'a+b', '+', 1, true); T('find', 'a(b', '(', 1, true)\n"
    "T('find', 'a%b', '%', 1, true); T('find', 'a.b', '.', 1, false); T('find', 'a.b', '.', 1, 1)\n"
    "T('find', 'a.b', '.', 1, nil); T('find', 'abc', '', 10, true); T('find', 'abc', 'c', -1, true)\n"
    "T('find', 'a[b', '[', 1, true); T('find', 'a]b', ']'); T('find', 'a)b', ')'); T('find', 'x', 'x)')\n"
    "T('find', 'a)', 'a)'); T('match', 'a)', 'a)'); T('find', 'aaab', 'aab'); T('find', 'xyz', 'z', 3, true)\n"
    "T('find', 12345, 34); T('find', 12345, '%d+'); T('match', 1.5, '%d'); T('gsub', 123, 2, 9)\n"
    "-- embedded NULs\n"
    "T('find', 'a\\0b\\0c', '\\0'); T('find', 'a\\0b\\0c', 'b\\0'); T('find', 'a\\0b', '%z'); T('find', 'a\\0b', '[\\0]')\n"
    "T('find', 'a\\0b', '.\\0'); T('find', 'a\\0b', '[^%z]+'); T('find', '\\0\\0x', '\\0+'); T('match', 'a\\0b', '(.)(%z?)')\n"
    "T('find', 'a\\0b', '%\\0'); T('find', 'a\\0b', '[%\\0]'); T('gsub', 'a\\0b\\0', '%c', '<%0>'); T('match', '\\0', '%f[%z]')\n"
    "T('find', 'x\\0y', '[\\0-\\1]'); T('gsub', '\\0a\\0', '\\0', '%%'); T('find', 'ab\\0', 'b%z$'); T('find', 'ab\\0', '\\0$')\n"
    "T('match', '(\\0)', '%b\\0\\0'); T('match', 'a\\0b', '%f[\\0]'); T('match', 'ab', '%f[\\0]')\n"
    "\n"
    "-- every class, inside and outside sets, against every byte\n"
    "local all = {}\n"
    "for i = 0, 255 do all[#all + 1] = char(i) end\n"
    "all = table.concat(all)\n"
    "for c in ('acdglpsuwxACDGLPSUWXzZqQeEhHiIjJkKmMnNoOrRtTvVyY'):gmatch('.') do\n"
    "  T('gsub', all, '%' .. c, ''); T('gsub', all, '[%' .. c .. ']', ''); T('gsub', all, '[^%' .. c .. ']', '')\n"
    "end\n"
    "for c in ('!\"#$&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~ 019'):gmatch('.') do T('gsub', all, '%' .. c, '') end\n"
    "T('gsub', all, '.', ''); T('gsub', all, '[\\128-\\255]', ''); T('gsub', all, '[%w_%-]', ''); T('gsub', all, '[!-/]', '')\n"
    "\n"
    "-- sets\n"
    "for _, set in ipairs{'[a-c]', '[c-a]', '[a-]', '[-a]', '[]]', '[]a]', '[^]]', '[^]a]', '[%]]', '[%a-z]', '[a-%%]',\n"
    "    '[%-]', '[a%-z]', '[^%d]', '[^^]', '[a^]', '[^]', '[]', '[', '[a', '[^', '[%', '[a%', '[%]', '[]-a]', '[a-%]]',\n"
    "    '[-]', '[--]', '[---]', '[%a-]', '[a-b-c]', '[%%-a]', '[]-]', '[^-a]', '[a-a]', '[.]', '[%.]', '[*]', '[(]', '[\\0-a]'} do\n"
    "  T('gsub', 'abc]^-%.z*(\\0A', set, '<%0>'); T('find', 'xyz', set); T('gmatch', '-]^a', set .. '+')\n"
    "end\n"
    "\n"
    "-- repetition\n"
    "for _, p in ipairs{'a*', 'a+', 'a-', 'a?', '.-b', '.*b', 'a*a', 'a-b', '^a*$', '[ab]*b', '%a+', 'a**', 'a***',\n"
    "    '*a', '+', '-', '?', '*', 'a?a?a', 'a-a-$', '.-', '.*', 'b*', 'b-', 'b?', '(a*)*', 'a+?', 'a?+', 'a-?', '%a-%d',\n"
    "    '[ab]-b', 'a.-a', 'a.*a', '^.-$', '^(.-)(a*)$', '(a+)(a-)(a*)'} do\n"
    "  T('find', 'aaab', p); T('find', 'baaa', p); T('match', 'xaaab aab', p); T('gsub', 'aabab', p, '-')\n"
    "  T('gmatch', 'aaab aab', p); T('find', '', p); T('match', '?*+-', p)\n"
    "end\n"
    "\n"
    "-- anchors\n"
    "T('find', 'xab', '^a', 2); T('find', 'xab', '^a', 1); T('find', 'aaa', '^'); T('find', '', '^$'); T('find', 'a', '^$')\n"
    "T('find', 'abc', '$'); T('find', 'abc', 'c$'); T('find', 'a$b', 'a$b'); T('find', 'a$', '$$'); T('find', 'a$', 'a$$')\n"
    "T('find', '^a', '^^a'); T('find', 'a^', 'a^'); T('find', '*', '^*'); T('find', 'abc', 'b$', -2)\n"
    "T('match', 'abc', '^(a)'); T('match', 'abc', '^b'); T('match', 'abc', 'c$'); T('match', 'ab$', '$')\n"
    "T('gsub', 'aaa', '^a', 'b'); T('gsub', 'aaa', '^a*', 'b'); T('gsub', 'xaa', '^a', 'b'); T('gsub', 'aaa', '^', '-')\n"
    "T('gsub', '', '^', '-'); T('gsub', '', '', '-'); T('gsub', 'abc', '$', '-'); T('gsub', 'abc', '^$', '-')\n"
    "T('gsub', '', '^$', '-'); T('gsub', 'a^a', '^a', '-'); T('gmatch', '^a^a', '^a'); T('gmatch', 'aaa', '^a')\n"
    "T('gmatch', 'a$a$', 'a$'); T('gmatch', 'ab', '$'); T('gsub', 'abc', '^x', '-'); T('gsub', 'abc', '^(a)', '%1%1')\n"
    "\n"
    "-- captures\n"
    "for _, p in ipairs{'(a)', '(a)(b)', '((a)(b))', '()a()', '(a*(.)%w(%s*))', '()', '(', ')', '(()', '(a', 'a)',\n"
    "    '%1', '(a)%1', '(a*)%1', '((a)%1)', '(a)%2', '%0', '(()%1)', '(a)()%2', '(a)%1%1', '(.)%1', '(%w*)%1',\n"
    "    '((()))', '(()())', '(a)(', '(a))', '()()()', '(%w+) %1', '(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)%9', '(a)%10'} do\n"
    "  T('find', 'aab abaa hello hello', p); T('match', 'aab abaa', p); T('gmatch', 'aab abaa', p)\n"
    "  T('gsub', 'aab abaa', p, '<%0|%1>'); T('gsub', 'aab', p, 'x'); T('gsub', 'aab', p, {}); T('gsub', 'aab', p, tostring)\n"
    "end\n"
    "T('find', 'abba', '(.)(.)%2%1'); T('match', 'hello hello', '(%w+) %1'); T('match', 'abcdefghij', rep('(.)', 10))\n"
    "for n = 31, 34 do\n"
    "  T('find', 'a', rep('(a?)', n)); T('find', '', rep('()', n)); T('gsub', 'ab', rep('()', n), '%9')\n"
    "  T('match', 'aaaa', rep('(', n) .. rep(')', n))\n"
    "end\n"
    "\n"
    "-- depth: every nesting matcher frame counts, like the standard library's\n"
    "for n = 196, 202 do\n"
    "  T('find', rep('a', 250), rep('a?', n)); T('find', 'aaa', rep('a*', n)); T('find', 'aab', rep('a-', n) .. 'b')\n"
    "  T('find', ' ', rep('%s*', n)); T('match', 'ab', rep('.-', n) .. 'b'); T('find', rep('a', 250), rep('a?', n - 30) .. rep('(a?)', 30))\n"
    "  T('gsub', 'aaaa', rep('a?', n), '-'); T('gmatch', rep('a', 210), rep('a?', n)); T('find', rep('ab', n), rep('a+b', n))\n"
    "  T('find', 'b', rep('a?', n) .. 'b'); T('find', rep('a', 300), rep('a?', n), 290)\n"
    "end\n"
    "\n"
    "-- %b and %f\n"
    "for _, p in ipairs{'%b()', '%b((', '%b', '%b(', '%baa', '%b)(', '%b\\0\\1', '%b[]', '%b()%b()', '(%b())', '%b()$', '%bab+'} do\n"
    "  T('find', 'x(a(b)c)d((e)', p); T('gsub', 'xaaxa (()) ab', p, '-'); T('gmatch', '(()', p); T('find', '', p)\n"
    "end\n"
    "for _, p in ipairs{'%f[%w]%w+', '%f[%a]', '%f[%A]', '%f[%z]', '%f[^%z]', '%f[a]', '%f[%W]', '%f', '%fa', '%f[', '%f[a',\n"
    "    '%f[]]', '%f[^a]', '%f[\\0]', '%f[^\\0]', '%f[%w]', '%f[]', '%f[%]', '%f[a]%f[a]', '(%f[%w])'} do\n"
    "  T('find', 'THE (quick) fox', p); T('gsub', 'THE (quick) fox', p, '|'); T('gmatch', 'a ab', p); T('find', '', p)\n"
    "  T('find', 'ab', p, 2); T('match', 'ba', p, 3)\n"
    "end\n"
    "\n"
    "-- gmatch: empty matches, init, errors raised by the iterator\n"
    "T('gmatch', 'hello world from lua', '%a+'); T('gmatch', 'k1=v1, k2=v2', '(%w+)=(%w+)'); T('gmatch', 'abc', '')\n"
    "T('gmatch', 'abc', '%a*'); T('gmatch', 'abc', 'a*'); T('gmatch', 'abc', '.', 10); T('gmatch', 'abc', '[', 10)\n"
    "T('gmatch', 'abc', '['); T('gmatch', '', ''); T('gmatch', 'aaa', 'a-'); T('gmatch', 'a,b,,c', '([^,]*)')\n"
    "T('gmatch', 'abc', '()'); T('gmatch', 'abc', '()(.)()'); T('gmatch', 'abab', 'b*'); T('gmatch', 'abc', 'x*', 4)\n"
    "T('gmatch', 'abc', 'c', -1); T('gmatch', 'abc', '', -10); T('gmatch', 'a', '(a'); T('gmatch', 'a', 'a)')\n"
    "\n"
    "-- gsub: string, number, table and function replacements, n, errors\n"
    "for _, r in ipairs{'0', '%0%0', '%1', '%2', '%%', '%', '%x', '[%1]', 'x%', '%0%', '%9', '%%%1', '%\\0', 5, 1.5, -0.0,\n"
    "    2^63, maxi, mini, 1e100, 0.1} do\n"
    "  T('gsub', 'hello world', 'o', r); T('gsub', 'abc', '%w', r); T('gsub', 'abc', '(%w)', r); T('gsub', 'abc', '()', r)\n"
    "  T('gsub', 'abc', '(b', r); T('gsub', 'abc', '(b)()', r)\n"
    "end\n"
    "for _, n in ipairs{0, 1, 2, -1, 100, 2.0, 2.5, '1', 'x', maxi, mini} do\n"
    "  T('gsub', 'hello world', 'o', '0', n); T('gsub', 'abc', '', '-', n); T('gsub', 'abc', '[', '-', n)\n"
    "  T('gsub', 'abc', '^a', '-', n); T('gsub', 'abc', 'x*', '-', n)\n"
    "end\n"
    "local up = setmetatable({}, {__index = function(_, k) return type(k) == 'string' and k:upper() or k end})\n"
    "for _, r in ipairs{{hello = 'HI'}, {a = 1, b = 2.5, c = false}, {a = true}, {[1] = 'x', [2] = 'y'}, {a = {}}, up,\n"
    "    string.upper, function(a, b) return (b or '') .. a end, function() end, function() return false end,\n"
    "    function() return 7 end, function() return {} end, function(...) return select('#', ...) end,\n"
    "    function(a) if a == 'b' then error('boom') end return a end, function() error({}) end, function(a) return a end} do\n"
    "  T('gsub', 'hello world', '%w+', r); T('gsub', 'abc', '%w', r); T('gsub', 'abc', '()', r)\n"
    "  T('gsub', 'abc', '(%w)(%w)', r); T('gsub', 'abc', '(b', r); T('gsub', 'abc', 'x', r); T('gsub', 'abc', '', r, 2)\n"
    "end\n"
    "T('gsub', 'abc', 'b'); T('gsub', 'abc', 'b', nil); T('gsub', 'abc', 'b', true); T('gsub', 'abc', 'b', 'x', 'y')\n"
    "T('gsub', 'abc', 'b', 'x', 1.5); T('gsub', nil, 'b', 'x'); T('gsub', 'abc', nil, 'x'); T('gsub', 'abc', {}, 'x')\n"
    "T('gsub', 'abc', 'b', nil, 'y'); T('gsub', 'a b', '%s*', '_'); T('gsub', 'abc', '.-', '-'); T('gsub', 'abc', 'x*', '-')\n"
    "T('gsub', 'hello world', '(%w+) (%w+)', '%2 %1'); T('gsub', 'abc', '%w', '%1%0'); T('gsub', '', 'x*', '-')\n"
    "\n"
    "-- errors are lazy: raised only when the matcher reaches the bad item\n"
    "for _, p in ipairs{'x%', 'x[', 'x[a', 'x(', 'x)', 'x%b', 'x%b(', 'x%f', 'x%fa', 'x%f[', 'x%1', 'x()%2', 'x(()', 'x%0'} do\n"
    "  T('find', 'abc', p); T('find', 'axc', p); T('match', 'x', p); T('gsub', 'abc', p, '-'); T('gsub', 'x', p, '-')\n"
    "  T('gmatch', 'abc', p); T('gmatch', 'x', p); T('find', 'abc', p, 1, true)\n"
    "end\n"
    "for _, p in ipairs{'%', '[', '[a', '(', ')', '%b', '%b(', '%f', '%fa', '%f[', '%1', '()%2', '%0', '((', '))', 'a%'} do\n"
    "  T('find', 'a', p); T('find', '', p); T('match', 'a', p); T('gsub', 'a', p, 'x'); T('gsub', 'a', p, 'x', 0)\n"
    "  T('gmatch', 'a', p); T('find', 'a', p, 5); T('find', 'a', p, 3)\n"
    "end\n"
    "\n"
    "-- argument errors\n"
    "T('find'); T('find', 'a'); T('find', {}, 'a'); T('find', 'a', {}); T('find', 'a', 'a', 'x'); T('find', nil, 'a')\n"
    "T('match'); T('match', 'a'); T('match', 'a', 'a', {}); T('gmatch', 'a'); T('gmatch', 'a', 'a', 'x'); T('gmatch')\n"
    "T('gsub'); T('gsub', 'a'); T('gsub', 'a', 'a'); T('find', 'a', 'a', 1.5); T('match', 'a', 'a', 2^53)\n"
    "\n"
    "-- skipping ahead to the first item, through leading captures\n"
    "for n = 30, 34 do\n"
    "  T('find', 'abxc', rep('(', n) .. 'x' .. rep(')', n)); T('find', 'abxc', rep('()', n) .. 'x')\n"
    "  T('gsub', 'abxc', rep('(', n) .. '[x]' .. rep(')', n), '-'); T('gmatch', 'abxc', rep('()', n) .. '%a')\n"
    "end\n"
    "T('find', 'abc', '(x'); T('find', 'abc', '(%'); T('find', 'abc', '(['); T('find', 'abxc', '((x)'); T('find', 'abc', '()(')\n"
    "T('find', 'a.b', '(%.)'); T('gsub', 'a b c', '(%s+)', '_'); T('find', 'abc', '(c+)'); T('find', 'abc', '(c*)')\n"
    "\n"
    "-- long subjects: the scans work in chunks\n"
    "local big = rep('a', 70000) .. 'bcd' .. rep('a', 70000) .. '\\0x'\n"
    "for _, p in ipairs{'bcd', 'b%a+', '(b)c', '[b]c', 'x', '%z', '[^a]+', '%f[b]', '%Ab', '(d)()', 'b%bcd'} do\n"
    "  T('find', big, p); T('find', big, p, 1, true); T('find', big, p, 65537); T('match', big, p, -70001)\n"
    "  T('gsub', big, p, '-'); T('gmatch', big, p)\n"
    "end\n"
    "for _, p in ipairs{'a*b', 'a-b', '.-d', '^a*', '^(a+)(.-)(%z)', '^(a*)%1b', '.*d', '%f[%z]', '%l+'} do\n"
    "  T('find', big, p); T('match', big, p)\n"
    "end\n"
    "T('find', rep('ab', 40000) .. 'abc', rep('ab', 20000) .. 'abc', 1, true); T('find', big, rep('a', 70000) .. 'b')\n"
    "T('gsub', big, 'a', 'xy'); T('gsub', big, '', ''); T('gsub', big, 'a', '', 50000)\n"
    "T('find', rep('a', 3000) .. 'b', 'a+$'); T('find', rep('a', 3000) .. 'b', '(a*)%1b'); T('gsub', rep('a', 3000), '(a*)%1', '<%1>')\n";

static const char lua_random[] =
    "-- Random patterns, subjects and arguments from a seeded generator: the same\n"
    "-- sequence on every run.\n"
    "local T, seed, count = ...\n"
    "local concat, unpack = table.concat, table.unpack\n"
    "\n"
    "local function rnd(n)          -- 1..n\n"
    "  seed = seed * 6364136223846793005 + 1442695040888963407\n"
    "  return ((seed >> 33) % n) + 1\n"
    "end\n"
    "local function pick(t) return t[rnd(#t)] end\n"
    "\n"
    "local singles = {'a', 'a', 'b', 'b', 'c', '.', '.', '%a', '%d', '%s', '%w', '%x', '%p', '%l', '%u', '%c', '%g',\n"
    "  '%A', '%S', '%W', '%D', '%z', '%.', '%%', '%(', '%]', '%-', '\\0', ' ', ']', '^', '1', '$'}\n"
    "local members = {'a', 'b', 'c', 'a-b', 'b-a', 'a-c', '%a', '%d', '%s', '%]', '%%', '-', '.', '(', ')', '%w', '%A',\n"
    "  '\\0', '^', ' ', '%-', '1-9'}\n"
    "local suffixes = {'*', '+', '-', '?'}\n"
    "local broken = {'%', '[', '[a', '(', ')', '%b', '%ba', '%f', '%fa', '%f[a', '%9', '%0', '[^', '[%'}\n"
    "local raw = {'a', 'b', '(', ')', '[', ']', '%', '^', '$', '*', '+', '-', '?', '.', '1', 'f', 'b', ' '}\n"
    "\n"
    "local function set()\n"
    "  local t = {'['}\n"
    "  if rnd(4) == 1 then t[#t + 1] = '^' end\n"
    "  if rnd(8) == 1 then t[#t + 1] = ']' end\n"
    "  for _ = 1, rnd(3) do t[#t + 1] = pick(members) end\n"
    "  if rnd(10) == 1 then t[#t + 1] = '-' end\n"
    "  t[#t + 1] = ']'\n"
    "  return concat(t)\n"
    "end\n"
    "\n"
    "local quantifiers\n"
    "local function seq(depth)\n"
    "  local t = {}\n"
    "  for _ = 1, rnd(4) do\n"
    "    local r = rnd(20)\n"
    "    local item\n"
    "    if r <= 11 then\n"
    "      item = rnd(4) == 1 and set() or pick(singles)\n"
    "      if quantifiers > 0 and rnd(3) == 1 then\n"
    "        item = item .. pick(suffixes)\n"
    "        quantifiers = quantifiers - 1\n"
    "      end\n"
    "    elseif r <= 13 and depth < 3 then item = '(' .. seq(depth + 1) .. ')'\n"
    "    elseif r == 14 then item = '()'\n"
    "    elseif r == 15 then item = '%' .. (rnd(12) == 1 and 0 or rnd(3))\n"
    "    elseif r == 16 then item = pick{'%b()', '%bab', '%baa', '%b[]', '%b)('}\n"
    "    elseif r == 17 then item = '%f' .. set()\n"
    "    else item = pick(singles) end\n"
    "    t[#t + 1] = item\n"
    "  end\n"
    "  return concat(t)\n"
    "end\n"
    "\n"
    "local function pattern()\n"
    "  if rnd(4) == 1 then\n"
    "    local t = {}\n"
    "    for i = 1, rnd(9) - 1 do t[i] = pick(raw) end\n"
    "    return concat(t)\n"
    "  end\n"
    "  quantifiers = 4\n"
    "  local p = (rnd(5) == 1 and '^' or '') .. seq(0) .. (rnd(5) == 1 and '$' or '')\n"
    "  if rnd(12) == 1 then p = p .. pick(broken) end\n"
    "  return p\n"
    "end\n"
    "\n"
    "local letters = {'a', 'a', 'a', 'b', 'b', 'c', ' ', '(', ')', '[', ']', '%', '.', '-', '^', '$', '\\0', '1', 'A', '\\n'}\n"
    "local function subject()\n"
    "  local t = {}\n"
    "  for i = 1, rnd(16) - 1 do t[i] = pick(letters) end\n"
    "  return concat(t)\n"
    "end\n"
    "\n"
    "local inits = {-100, -5, -1, 0, 1, 2, 3, 5, 15, 16, 100, math.maxinteger, math.mininteger, 2.0, 1.5, '2'}\n"
    "local function init() return rnd(3) == 1 and pick(inits) or nil end\n"
    "\n"
    "local tables = {{a = 'A', b = false, [''] = 'E', [1] = 'one', [2] = true, ['(a)'] = 3}, {}}\n"
    "local fns = {\n"
    "  function(a, ...) return tostring(a) .. select('#', ...) end,\n"
    "  function() return nil end,\n"
    "  function(a) return a end,\n"
    "  function(a) if a == '(' then return {} end return '<' .. tostring(a) .. '>' end,\n"
    "  function() return false end,\n"
    "  function(a) return #tostring(a) % 2 == 0 and 2.5 or a end,\n"
    "}\n"
    "local function repl()\n"
    "  local r = rnd(12)\n"
    "  if r <= 6 then\n"
    "    local t = {}\n"
    "    for i = 1, rnd(4) - 1 do t[i] = pick{'x', '-', '%0', '%1', '%2', '%%', '%0', '%1', '%', '%a', '%9', '()'} end\n"
    "    return concat(t)\n"
    "  elseif r == 7 then return pick{7, 1.5, -3}\n"
    "  elseif r <= 9 then return pick(tables)\n"
    "  elseif r <= 11 then return pick(fns)\n"
    "  else return pick{true, nil, {}} end\n"
    "end\n"
    "\n"
    "local ns = {-1, 0, 1, 2, 3, 2.0, 2.5, '2', 'x'}\n"
    "for _ = 1, count do\n"
    "  local s, p = subject(), pattern()\n"
    "  T('find', s, p, init(), rnd(6) == 1 and pick{true, false, 1} or nil)\n"
    "  T('match', subject(), pattern(), init())\n"
    "  T('gmatch', subject(), pattern(), init())\n"
    "  T('gsub', subject(), pattern(), repl(), rnd(4) == 1 and pick(ns) or nil)\n"
    "end\n"
    "return seed\n";

/* What a meter saw; it raises once `limit` steps are exceeded. */
typedef struct meter_log {
    size_t total, calls, largest, limit;
} meter_log;

static void log_charge(lua_State *L, void *ud, size_t steps)
{
    meter_log *g = ud;
    g->total += steps;
    g->calls++;
    if (steps > g->largest) g->largest = steps;
    if (g->total > g->limit) luaL_error(L, "pattern budget of %d steps exceeded", (int)g->limit);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* [-2, +0, -] check(ok, description): one CHECK for the Lua harness. */
static int l_check(lua_State *L)
{
    if (lua_toboolean(L, 1)) {
        unit_pass++;
    } else {
        unit_fail++;
        fprintf(stderr, "mismatch: %s\n", luaL_optstring(L, 2, "?"));
    }
    return 0;
}

/* A state with the standard libraries, and ours as the global P. */
static lua_State *new_state(const pattern_meter *m)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    lua_newtable(L);
    lua_pattern_register(L, -1, m);
    lua_setglobal(L, "P");
    return L;
}

/* [-nargs, +1, -] Run chunk `code` with the nargs values on top; leaves its
 * first result (or nil, having said why). Returns the status. */
static int run_chunk(lua_State *L, const char *name, const char *code, int nargs)
{
    int rc = luaL_loadbuffer(L, code, strlen(code), name);
    if (rc == LUA_OK) {
        lua_insert(L, -nargs - 1);
        rc = lua_pcall(L, nargs, 1, 0);
    } else {
        lua_pop(L, nargs);
    }
    if (rc != LUA_OK) {
        fprintf(stderr, "%s: %s\n", name, lua_tostring(L, -1));
        lua_pop(L, 1);
        lua_pushnil(L);
    }
    return rc;
}

static void test_differential(void)
{
    meter_log g = {0, 0, 0, SIZE_MAX};
    pattern_meter m = {log_charge, &g};
    lua_State *L = new_state(&m);
    lua_getglobal(L, "string");
    lua_getglobal(L, "P");
    lua_pushcfunction(L, l_check);
    CHECK_INT(run_chunk(L, "=harness", lua_harness, 3), LUA_OK);
    int compare = lua_gettop(L);
    int before = unit_pass + unit_fail;
    lua_pushvalue(L, compare);
    int rc = run_chunk(L, "=cases", lua_cases, 1);
    int cases = unit_pass + unit_fail - before;
    CHECK_INT(rc, LUA_OK);
    lua_pop(L, 1);
    before = unit_pass + unit_fail;
    lua_pushvalue(L, compare);
    lua_pushinteger(L, RANDOM_SEED);
    lua_pushinteger(L, RANDOM_ROUNDS);
    rc = run_chunk(L, "=random", lua_random, 3);
    int randoms = unit_pass + unit_fail - before;
    CHECK_INT(rc, LUA_OK);
    lua_pop(L, 1);
    printf("differential: %d hand-written and %d random calls compared\n", cases, randoms);
    CHECK(cases > 1500);
    CHECK_INT(randoms, 4 * RANDOM_ROUNDS);
    CHECK(g.calls > 0);
    lua_close(L);
}

/* Backtracking that would run for ages in the standard library is stopped by
 * the meter's error, caught by lua_pcall, soon after the limit. */
static void test_catastrophic(void)
{
    static const char *const calls[] = {
        "return P.find(('a'):rep(3000), '.-.-.-.-.-.-.-b')",
        "return P.match(('a'):rep(3000), '(.-)(.-)(.-)(.-)(.-)(.-)(.-)b')",
        "return P.gsub(('a'):rep(3000), '.-.-.-.-.-.-.-b', 'x')",
        "for w in P.gmatch(('a'):rep(3000), '.*.*.*.*.*.*.*b') do end",
        "return P.find(('a'):rep(3000), ('a*'):rep(30) .. 'b')",
        "return P.find(('x'):rep(3000), ('[%w_%-%.]*'):rep(10) .. '$.')",
        "return P.find(('a'):rep(200000), ('a'):rep(100000) .. 'b', 1, true)",
        "return P.find(('a'):rep(200000), ('a'):rep(100000) .. 'b')",
        "return P.match(('a'):rep(100000), '(a*)%1%1b')",
        "return P.gsub(('('):rep(100000), '%b()', '')",
        "return P.gsub(('a'):rep(100000), 'a', ('%0'):rep(5000))",
    };
    const size_t limit = 2000000;
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        meter_log g = {0, 0, 0, limit};
        pattern_meter m = {log_charge, &g};
        lua_State *L = new_state(&m);
        double t0 = seconds();
        int rc = luaL_loadstring(L, calls[i]);
        CHECK_INT(rc, LUA_OK);
        if (rc == LUA_OK) rc = lua_pcall(L, 0, LUA_MULTRET, 0);
        double took = seconds() - t0;
        CHECK_INT(rc, LUA_ERRRUN);
        const char *msg = lua_tostring(L, -1);
        CHECK(msg && strstr(msg, "pattern budget of 2000000 steps exceeded"));
        CHECK(g.total > limit);
        CHECK(g.total <= limit + 2 * PATTERN_CHARGE_EVERY);
        CHECK(g.largest <= 2 * PATTERN_CHARGE_EVERY);
        CHECK(took < 5.0);
        if (took >= 5.0 || !msg || !strstr(msg, "budget")) fprintf(stderr, "%s: %.2fs, %s\n", calls[i], took, msg);
        lua_close(L);
    }
}

/* [-0, +0, -] Run code with a meter that never stops; returns what it saw. */
static meter_log metered(const char *code)
{
    meter_log g = {0, 0, 0, SIZE_MAX};
    pattern_meter m = {log_charge, &g};
    lua_State *L = new_state(&m);
    int rc = luaL_dostring(L, code);
    if (rc != LUA_OK) fprintf(stderr, "%s: %s\n", code, lua_tostring(L, -1));
    CHECK_INT(rc, LUA_OK);
    lua_close(L);
    return g;
}

static void test_meter_contract(void)
{
    /* once at the end of every call, even one that does nothing */
    meter_log g = metered("P.find('abc', 'b') P.find('abc', 'x', 10) P.match('abc', '(b)') P.gsub('abc', 'b', 'x', 0)");
    CHECK_INT(g.calls, 4);
    g = metered("for c in P.gmatch('abcde', '%a') do end");
    CHECK_INT(g.calls, 6); /* five matches and the iteration that ends it */
    /* every backtracking step counts: '.-b' on n a's tries n(n+1)/2 times */
    g = metered("assert(P.find(('a'):rep(2000), '.-b') == nil)");
    CHECK(g.total >= 2000 * 2001 / 2);
    CHECK(g.largest <= 2 * PATTERN_CHARGE_EVERY);
    /* bulk work counts too: long sets, compares, copies */
    g = metered("assert(P.find(('a'):rep(5000), '[' .. ('%d'):rep(500) .. ']') == nil)");
    CHECK(g.total >= 5000 * 1000 / 16);
    g = metered("assert(#P.gsub(('a'):rep(1000), 'a', ('x'):rep(1000)) == 1000000)");
    CHECK(g.total >= 1000000 / 16);
    g = metered("local big = ('x'):rep(1000) assert(#P.gsub(('a'):rep(1000), 'a', function() return big end) == 1000000)");
    CHECK(g.total >= 1000000 / 16);
    g = metered("assert(#P.gsub(('a'):rep(100000), '', '') == 100000)"); /* every position, even for nothing */
    CHECK(g.total >= 100000);
    /* ordinary work stays cheap: a few steps a byte */
    g = metered("local s = ('key = value  # comment\\n'):rep(100)\n"
                "P.gsub(s, '%s+', ' ') P.find(s, '#', 1, true) P.match(s, '^(%w+)%s*=%s*(%w+)')");
    CHECK(g.total < 10 * 2300);
    /* a meter error from the final charge still leaves a usable state */
    meter_log stop = {0, 0, 0, 0};
    pattern_meter m = {log_charge, &stop};
    lua_State *L = new_state(&m);
    CHECK(luaL_dostring(L, "return P.find('abc', 'b')") != LUA_OK);
    CHECK(strstr(lua_tostring(L, -1), "pattern budget of 0 steps exceeded") != NULL);
    lua_settop(L, 0);
    stop.limit = SIZE_MAX;
    CHECK_INT(luaL_dostring(L, "return P.gsub('abc', '%w', function(c) return P.gsub(c, '.', '%0%0') end)"), LUA_OK);
    CHECK_STR(lua_tostring(L, 1), "aabbcc");
    lua_close(L);
}

static void test_register(void)
{
    meter_log g = {0, 0, 0, SIZE_MAX};
    pattern_meter m = {log_charge, &g};
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    CHECK_INT(luaL_dostring(L, "return setmetatable({}, {__newindex = function() error('no') end}), 1"), LUA_OK);
    lua_pattern_register(L, -2, &m); /* raw sets: the metamethod is not called */
    CHECK_INT(lua_gettop(L), 2);
    lua_pop(L, 1);
    static const char *const names[] = {"find", "match", "gmatch", "gsub"};
    for (int i = 0; i < 4; i++) {
        lua_getfield(L, 1, names[i]);
        CHECK(lua_iscfunction(L, -1));
        lua_pop(L, 1);
    }
    lua_close(L);
}

int main(void)
{
    RUN(test_differential);
    RUN(test_catastrophic);
    RUN(test_meter_contract);
    RUN(test_register);
    return unit_done("test_lua_pattern");
}
