/* bench_parse.c — the floor for `make bench`: the files `plimsoll scan`
 * would read under the given paths (found by the scan's own discovery, so
 * the same files), read whole, with libyaml's event parser run over the
 * YAML/JSON ones (Dockerfiles are only read). No tree, no checks, no report:
 * what a scan cannot go below. One thread. Prints files, bytes, events.
 *
 *   bench_parse [--list] PATH...     --list: print the files (one a line) instead */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "discover.h"

static unsigned long files, bytes, events;

static void parse(const char *path, int yaml)
{
    char *data;
    size_t n;
    if (read_file(path, &data, &n) != 0) return;
    files++;
    bytes += (unsigned long)n;
    if (yaml) {
        yaml_parser_t p;
        yaml_event_t ev;
        yaml_parser_initialize(&p);
        yaml_parser_set_input_string(&p, (const unsigned char *)data, n);
        for (;;) {
            if (!yaml_parser_parse(&p, &ev)) break;
            events++;
            int done = ev.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&ev);
            if (done) break;
        }
        yaml_parser_delete(&p);
    }
    free(data);
}

int main(int argc, char **argv)
{
    int list = argc > 1 && strcmp(argv[1], "--list") == 0;
    const char *const *paths = (const char *const *)argv + 1 + list;
    size_t n = (size_t)(argc - 1 - list);
    file_set fs = {0};
    results errs = {0};
    discover(paths, n, NULL, &fs, &errs);
    for (size_t i = 0; i < fs.n; i++) {
        if (list) puts(fs.v[i].path);
        else parse(fs.v[i].path, fs.v[i].fmt != FMT_DOCKERFILE);
    }
    if (!list) printf("parse-only: %lu files, %lu bytes, %lu YAML events\n", files, bytes, events);
    file_set_free(&fs);
    results_free(&errs);
    return 0;
}
