/* The one declarative route table (DESIGN.md §3.2): method, path pattern,
 * handler, the access it needs and the parameters it accepts with their
 * validators. Parameters not declared never reach a handler. The router
 * authenticates, enforces CSRF on state-changing requests, checks the
 * route-level permission and validates parameters before calling a handler;
 * handlers and core then check permission on the particular unit. */
#ifndef TDKT_WEB_ROUTER_H
#define TDKT_WEB_ROUTER_H
#include <stdbool.h>
#include <stddef.h>
#include "core/perm.h"
#include "web/req.h"

typedef void (*handler_fn)(req_t *r);

typedef enum {
    P_TEXT,     /* one line of text (no newline) */
    P_MULTI,    /* text that may span lines */
    P_INT,      /* positive 64-bit integer */
    P_SECRET,   /* password: valid UTF-8, NFC, not trimmed, never logged */
    P_DATE,     /* dd/mm/yyyy or yyyy-mm-dd; handlers get yyyy-mm-dd */
    P_IDS,      /* a list of positive integers (at most one per route): repeated
                 * form fields (checkboxes), a JSON array, or "1,2,3"; handlers
                 * get them from req_param_ids(); max_len caps the count */
} param_type_t;

typedef struct {
    const char *name;
    param_type_t type;
    int required;
    size_t max_len;    /* bytes; 0 = 1000 */
    const char *label; /* Vietnamese name used in messages */
} param_spec_t;

typedef enum {
    ACCESS_PUBLIC,  /* anyone */
    ACCESS_USER,    /* any logged-in account */
    ACCESS_PERM,    /* logged in and holding PERM on at least one unit */
} access_t;

typedef struct route {
    const char *method;
    const char *pattern; /* "/api/v1/units/{id}": {name} matches a positive integer */
    handler_fn handler;
    access_t access;
    perm_t perm;
    const param_spec_t *params; /* terminated by {0}; path parameters included */
    const char *summary;        /* Vietnamese, for openapi.json */
    size_t max_body;            /* body cap in bytes for this route; 0 = the server's (1 MiB) */
    bool upload;                /* accepts one file: multipart/form-data (UI) or a raw body (API) */
} route_t;

/* The table; terminated by an entry whose method is NULL. */
extern const route_t routes[];

/* The route for METHOD and PATH, or NULL (HEAD finds GET routes). */
const route_t *router_lookup(const char *method, const char *path);

/* Routes and answers R (always answers). */
void router_dispatch(req_t *r);

#endif
