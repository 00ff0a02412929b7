#include "web/session.h"

#include "core/user.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

static const char *bearer_token(req_t *r)
{
    const char *h = req_header(r, "Authorization");
    if (h && strncmp(h, "Bearer ", 7) == 0)
        return h + 7;
    return NULL;
}

static status_t load_user(req_t *r)
{
    user_t u;
    status_t s = user_get(&r->ctx, r->session.user_id, &u);
    if (s == ST_OK) {
        r->user_login = u.login;
        r->user_name = u.full_name;
    }
    return s;
}

status_t session_authenticate(req_t *r)
{
    const char *token = bearer_token(r);
    bool cookie = false;
    if (!token) {
        token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
        cookie = token != NULL;
    }
    if (!token)
        return ST_OK;
    status_t s = session_lookup(r->ctx.db, token, &r->session);
    if (s == ST_UNAUTHORIZED)
        return ST_OK;
    if (s != ST_OK)
        return s;
    r->authed = true;
    r->via_cookie = cookie;
    r->ctx.user_id = r->session.user_id;
    r->ctx.session_id = r->session.id;
    return load_user(r);
}

status_t session_start(req_t *r, int64_t user_id, char token[AUTH_TOKEN_LEN + 1])
{
    status_t s = session_create(&r->ctx, user_id, token, &r->session);
    if (s != ST_OK)
        return s;
    char cookie[160];
    snprintf(cookie, sizeof cookie, SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax", token);
    resp_header(r, "Set-Cookie", cookie);
    r->authed = true;
    r->ctx.user_id = user_id;
    r->ctx.session_id = r->session.id;
    return ST_OK;
}

status_t session_end(req_t *r)
{
    resp_header(r, "Set-Cookie", SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    return r->authed ? session_destroy(&r->ctx, r->session.id) : ST_OK;
}
