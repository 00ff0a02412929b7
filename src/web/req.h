/* One HTTP request as handlers see it, and the ways to answer it.
 * A req_t lives in its own arena, freed when libmicrohttpd reports the
 * request done. Handlers read only declared parameters (router.h), already
 * validated and normalised; they answer exactly once through a resp_* call or
 * an *_or_respond helper (which has queued the error: the caller just returns). */
#ifndef TDKT_WEB_REQ_H
#define TDKT_WEB_REQ_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/auth.h"
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/status.h"

#define REQ_MAX_PARAMS 32
#define REQ_MAX_HEADERS 8

struct route;

typedef struct {
    const char *name;
    const char *value; /* normalised UTF-8 */
} req_param_t;

typedef struct req {
    struct MHD_Connection *conn;
    arena_t *arena;
    const char *method, *path, *ip;
    char request_id[17];
    buf_t body;                  /* raw request body, capped */
    const struct route *route;
    bool is_api;                 /* path under /api/ */
    req_param_t params[REQ_MAX_PARAMS];
    int nparams;
    const int64_t *ids;          /* the route's P_IDS parameter, validated */
    size_t n_ids;
    /* Who is asking (after authentication). */
    bool authed, via_cookie;
    session_t session;
    const char *user_login, *user_name;
    ctx_t ctx;                   /* db, arena, user, ip, request id */
    /* The answer. */
    int status;
    bool responded;
    const char *content_type;
    buf_t out;
    const char *headers[REQ_MAX_HEADERS][2];
    int nheaders;
    int file_fd;                 /* >= 0: the body is this file (resp_file) */
    /* Upload routes (route_t.upload): the file sent, streamed to a temporary
     * file; deleted when the request ends unless a handler takes it (renames
     * it and sets upload_path to NULL). upload_name is the file's name on the
     * user's computer (multipart) or the "filename" query parameter (API). */
    const char *upload_path, *upload_name;
    int upload_fd;                   /* open while the file is being received */
    size_t upload_bytes, upload_max; /* received so far; the route's cap */
    bool upload_too_large, upload_failed;
    struct MHD_PostProcessor *pp;    /* multipart parser of an upload route */
} req_t;

/* Declared parameter NAME, or NULL when absent/empty. */
const char *req_param(const req_t *r, const char *name);
/* Declared integer parameter (validated by the router); DEF when absent. */
int64_t req_param_int(const req_t *r, const char *name, int64_t def);
/* The route's P_IDS parameter (*N ids; NULL and 0 when absent). */
const int64_t *req_param_ids(const req_t *r, size_t *n);
/* A declared flag: true for "1", "on", "true", "có". */
bool req_param_bool(const req_t *r, const char *name);
/* A request header, or NULL. */
const char *req_header(const req_t *r, const char *name);

/* Adds a response header (copied into the arena). */
void resp_header(req_t *r, const char *name, const char *value);
/* Answers with HTML from B (B is moved into the response). */
void resp_html(req_t *r, int http_status, buf_t *b);
/* Answers with JSON; steals BODY. */
void resp_json(req_t *r, int http_status, json_t *body);
/* 303 See Other to LOCATION (a local path). */
void resp_redirect(req_t *r, const char *location);
/* Answers with raw bytes (static assets). */
void resp_bytes(req_t *r, int http_status, const char *content_type, const void *data, size_t len);

/* Answers with the file at PATH, offered for download as NAME (TYPE).
 * ST_NOT_FOUND (nothing answered) when it cannot be opened. */
status_t resp_file(req_t *r, const char *path, const char *name, const char *type);

/* Answers an error: JSON {"error":{"code","message"}} for the API, the HTML
 * error page otherwise. MSG NULL uses status_message(ST). Returns ST. */
status_t respond_error(req_t *r, status_t st, const char *msg);

/* Turns a core status into an answer when it is not ST_OK; returns ST. */
status_t check_or_respond(req_t *r, status_t st, const char *why);

#endif
