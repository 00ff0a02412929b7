/* Files compiled into the binary at build time (tools/embed.c): the SQL
 * migrations (src/db/sql) and the static web assets (src/web/static). */
#ifndef TDKT_LIB_EMBEDDED_H
#define TDKT_LIB_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *name; /* base name, e.g. "0001_platform.sql" */
    const char *dir;  /* source directory, e.g. "src/db/sql" */
    const unsigned char *data; /* NUL-terminated for convenience */
    size_t len;       /* without the terminating NUL */
};

/* Terminated by an entry whose name is NULL; sorted by path. */
extern const struct embedded_file embedded_files[];

/* Returns the file named NAME inside DIR, or NULL. */
const struct embedded_file *embedded_find(const char *dir, const char *name);

#endif
