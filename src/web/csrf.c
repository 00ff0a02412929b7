#include "web/csrf.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#define PRE_COOKIE "tdkt_csrf"

static const char *msg_refused =
    "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.";

static bool safe_method(const req_t *r)
{
    return strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
}

status_t csrf_check_or_respond(req_t *r)
{
    if (safe_method(r) || (r->authed && !r->via_cookie))
        return ST_OK;
    const char *sent = req_header(r, "X-CSRF-Token");
    if (!sent)
        sent = req_param(r, "csrf");
    const char *want;
    if (r->authed)
        want = r->session.csrf;
    else if (r->is_api)
        return ST_OK; /* JSON only (enforced by the router), no ambient credentials */
    else
        want = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, PRE_COOKIE);
    if (sent && want && strlen(want) == AUTH_TOKEN_LEN && auth_token_equal(sent, want))
        return ST_OK;
    return respond_error(r, ST_FORBIDDEN, msg_refused);
}

const char *csrf_form_token(req_t *r)
{
    if (r->authed)
        return r->session.csrf;
    const char *have = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, PRE_COOKIE);
    if (have && strlen(have) == AUTH_TOKEN_LEN)
        return arena_strdup(r->arena, have);
    char token[AUTH_TOKEN_LEN + 1], cookie[128];
    auth_random_token(token);
    snprintf(cookie, sizeof cookie, PRE_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", token);
    resp_header(r, "Set-Cookie", cookie);
    return arena_strdup(r->arena, token);
}
