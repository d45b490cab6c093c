/* bench_parse.c — the floor for `make bench`: read every file plimsoll would
 * scan under the given paths and run libyaml's event parser over the YAML/JSON
 * ones (Dockerfiles are only read). No tree, no checks, no report: what a scan
 * cannot go below. Prints files, bytes, events. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned long files, bytes, events;

static int has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static void parse(const char *path, int yaml)
{
    FILE *f = fopen(path, "rb");
    if (!f) return;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)n + 1);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        fclose(f);
        return;
    }
    fclose(f);
    files++;
    bytes += (unsigned long)n;
    if (yaml) {
        yaml_parser_t p;
        yaml_event_t ev;
        yaml_parser_initialize(&p);
        yaml_parser_set_input_string(&p, data, (size_t)n);
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

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        struct stat st;
        if (lstat(p, &st)) continue;
        if (S_ISDIR(st.st_mode)) walk(p);
        else if (has_suffix(de->d_name, ".yaml") || has_suffix(de->d_name, ".yml") || has_suffix(de->d_name, ".json"))
            parse(p, 1);
        else if (strncmp(de->d_name, "Dockerfile", 10) == 0 || has_suffix(de->d_name, ".dockerfile"))
            parse(p, 0);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) walk(argv[i]);
    printf("parse-only: %lu files, %lu bytes, %lu YAML events\n", files, bytes, events);
    return 0;
}
