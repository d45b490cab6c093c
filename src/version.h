/* version.h — the one place the version lives. */
#ifndef PLIMSOLL_VERSION
#define PLIMSOLL_VERSION "0.1.0"
#endif
