/* index_stub.c — an empty check index (check_index.h), linked into
 * tools/gen_index.c, which makes the real one: with it check_load runs every
 * built-in check file. */
#include "check_index.h"

const check check_index[1];
const unsigned check_index_count = 0;
const char *const check_index_libs[1];
const unsigned check_index_lib_count = 0;
const uint64_t check_index_needs[1];
const unsigned char check_index_quiet_empty[1];
const framework framework_index[1];
const unsigned framework_index_count = 0;
