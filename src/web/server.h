/* libmicrohttpd glue: thread pool, limits, per-request arenas, one database
 * connection per worker thread, security headers, clean stop. */
#ifndef TDKT_WEB_SERVER_H
#define TDKT_WEB_SERVER_H
#include <stddef.h>
#include "db/db.h"

typedef struct {
    const char *db_url;      /* every worker opens its own connection */
    const char *listen;      /* "127.0.0.1:8080" */
    unsigned threads;        /* worker threads (default 4) */
    unsigned max_connections;/* default 256 */
    unsigned timeout_s;      /* idle connection time-out (default 30) */
    size_t max_body;         /* request body cap in bytes (default 1 MiB) */
} server_config_t;

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish and closes the databases. Returns 0 on a clean stop, 1 when
 * it could not start (message printed). */
int server_run(const server_config_t *cfg);

/* The calling worker thread's database connection (opened on first use);
 * NULL when it cannot be opened. */
db_t *server_thread_db(void);

#endif
