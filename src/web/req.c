#include "web/req.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/json.h"
#include "web/router.h"
#include "web/ui.h"

const char *req_param(const req_t *r, const char *name)
{
    for (int i = 0; i < r->nparams; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return r->params[i].value[0] ? r->params[i].value : NULL;
    return NULL;
}

int64_t req_param_int(const req_t *r, const char *name, int64_t def)
{
    const char *v = req_param(r, name);
    return v ? strtoll(v, NULL, 10) : def;
}

const int64_t *req_param_ids(const req_t *r, size_t *n)
{
    *n = r->n_ids;
    return r->ids;
}

bool req_param_bool(const req_t *r, const char *name)
{
    const char *v = req_param(r, name);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "có") == 0);
}

const char *req_header(const req_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void resp_header(req_t *r, const char *name, const char *value)
{
    if (r->nheaders == REQ_MAX_HEADERS)
        return;
    r->headers[r->nheaders][0] = arena_strdup(r->arena, name);
    r->headers[r->nheaders][1] = arena_strdup(r->arena, value);
    r->nheaders++;
}

static void answered(req_t *r, int http_status, const char *content_type)
{
    r->status = http_status;
    r->content_type = content_type;
    r->responded = true;
}

void resp_html(req_t *r, int http_status, buf_t *b)
{
    buf_free(&r->out);
    r->out = *b;
    buf_init(b, b->max);
    resp_header(r, "Cache-Control", "no-store");
    answered(r, http_status, "text/html; charset=utf-8");
}

void resp_json(req_t *r, int http_status, json_t *body)
{
    char *s = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(body);
    buf_reset(&r->out);
    if (s) {
        buf_puts(&r->out, s);
        buf_putc(&r->out, '\n');
        free(s);
    } else {
        http_status = 503;
        buf_puts(&r->out, "{\"error\":{\"code\":\"out_of_memory\"}}\n");
    }
    resp_header(r, "Cache-Control", "no-store");
    answered(r, http_status, "application/json; charset=utf-8");
}

void resp_redirect(req_t *r, const char *location)
{
    buf_reset(&r->out);
    resp_header(r, "Location", location);
    answered(r, 303, "text/plain; charset=utf-8");
}

void resp_bytes(req_t *r, int http_status, const char *content_type, const void *data, size_t len)
{
    buf_reset(&r->out);
    buf_append(&r->out, data, len);
    answered(r, http_status, content_type);
}

status_t resp_file(req_t *r, const char *path, const char *name, const char *type)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ST_NOT_FOUND;
    /* RFC 6266: an ASCII fallback and the UTF-8 name, percent-encoded. */
    buf_t cd;
    buf_init(&cd, 2048);
    buf_puts(&cd, "attachment; filename=\"download\"; filename*=UTF-8''");
    html_url(&cd, name);
    resp_header(r, "Content-Disposition", buf_str(&cd));
    buf_free(&cd);
    resp_header(r, "Cache-Control", "no-store");
    buf_reset(&r->out);
    r->file_fd = fd;
    answered(r, 200, type);
    return ST_OK;
}

status_t respond_error(req_t *r, status_t st, const char *msg)
{
    if (!msg)
        msg = status_message(st);
    if (r->is_api) {
        json_t *e = json_object(), *body = json_object();
        jobj_str(e, "code", status_name(st));
        jobj_str(e, "message", msg);
        jobj_take(body, "error", e);
        resp_json(r, status_http(st), body);
    } else {
        ui_error_page(r, st, msg);
    }
    return st;
}

status_t check_or_respond(req_t *r, status_t st, const char *why)
{
    if (st != ST_OK)
        respond_error(r, st, why);
    return st;
}
