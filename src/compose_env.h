/* compose_env.h — Docker Compose variables: the `.env` file beside a Compose
 * file, and the interpolation `docker compose` applies to the file's values
 * before anything reads them: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
 * ${VAR:?error}, ${VAR?error}, ${VAR:+alternative}, ${VAR+alternative}, and
 * $$ for a literal $. Only the `.env` file is read, never plimsoll's own
 * environment: a scan does not depend on who runs it. A variable with no
 * value and no default is left as written (`${DOCKER_SOCK}`), so checks know
 * its value is unknown. Values under a service's `environment` and `labels`
 * are kept as written: a reference there is the deployer's variable, not a
 * literal in the Compose file (the secret checks judge what is written).
 * Interpolated scalars keep their position; plain ones are typed again by
 * the YAML core schema (`privileged: ${PRIV:-true}` is the boolean true). */
#ifndef PLIMSOLL_COMPOSE_ENV_H
#define PLIMSOLL_COMPOSE_ENV_H

#include <stddef.h>

#include "doc.h"

typedef struct compose_vars {
    char **name, **value;
    size_t n;
} compose_vars;

/* Read the .env file in the folder of compose_path (at most max bytes; a
 * missing or unreadable file is no variables). */
void compose_vars_load(const char *compose_path, size_t max, compose_vars *v);
/* Parse .env text: NAME=value lines, `export` allowed, # comments, single
 * quotes literal, double quotes with \n escapes, values interpolated with the
 * variables before them. */
void compose_vars_parse(const char *text, size_t len, compose_vars *v);
void compose_vars_free(compose_vars *v);

/* The interpolation of s[0..n): a malloc'd string, or NULL when nothing
 * changes. */
char *compose_interpolate_text(const char *s, size_t n, const compose_vars *v);

/* Interpolate the values of the Compose document at root, in place. */
void compose_interpolate(tree *t, node_id root, const compose_vars *v);

#endif
