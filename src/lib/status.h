/* One status enum for the whole program (DESIGN.md §3.5). Every function that
 * can fail returns status_t; the mapping to HTTP statuses and the default
 * Vietnamese message live only in status.c. */
#ifndef TDKT_LIB_STATUS_H
#define TDKT_LIB_STATUS_H

typedef enum {
    ST_OK = 0,
    ST_INVALID,        /* bad input from the caller: 400 */
    ST_UNAUTHORIZED,   /* not logged in / bad credentials: 401 */
    ST_FORBIDDEN,      /* logged in but outside the caller's scope: 403 */
    ST_NOT_FOUND,      /* 404 */
    ST_METHOD,         /* method not allowed: 405 */
    ST_CONFLICT,       /* unique key taken, stale state: 409 */
    ST_TOO_LARGE,      /* body or file over its limit: 413 */
    ST_MEDIA_TYPE,     /* unsupported content type: 415 */
    ST_RATE_LIMITED,   /* too many attempts: 429 */
    ST_DB,             /* database failure: 500 */
    ST_NOMEM,          /* allocation failed: 503 */
    ST_BUSY,           /* database busy / server overloaded: 503 */
    ST_INTERNAL,       /* broken invariant: 500 */
    ST__COUNT
} status_t;

/* HTTP status code for S (200 for ST_OK). */
int status_http(status_t s);

/* Default Vietnamese message shown to a user for S; static storage. */
const char *status_message(status_t s);

/* Stable English identifier, e.g. "forbidden"; used in JSON "code". */
const char *status_name(status_t s);

#endif
