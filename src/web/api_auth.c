/* /api/v1/login, logout, me, password. */
#include "core/auth.h"
#include "core/user.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/session.h"

void api_login(req_t *r)
{
    int64_t user_id;
    status_t st = auth_login(r->ctx.db, req_param(r, "login"), req_param(r, "password"), r->ip, &user_id);
    if (st == ST_UNAUTHORIZED) {
        respond_error(r, st, "Tên đăng nhập hoặc mật khẩu không đúng.");
        return;
    }
    if (st == ST_RATE_LIMITED) {
        resp_header(r, "Retry-After", "900");
        respond_error(r, st, "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.");
        return;
    }
    char token[AUTH_TOKEN_LEN + 1];
    if (check_or_respond(r, st == ST_OK ? session_start(r, user_id, token) : st, NULL) != ST_OK)
        return;
    json_t *body = json_object();
    jobj_str(body, "token", token);
    jobj_str(body, "csrf_token", r->session.csrf);
    jobj_int(body, "user_id", user_id);
    jobj_int(body, "expires_at", r->session.expires_at);
    resp_json(r, 200, body);
}

void api_logout(req_t *r)
{
    if (check_or_respond(r, session_end(r), NULL) == ST_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static status_t grants_json(req_t *r, json_t *arr)
{
    grant_t *g;
    size_t n;
    status_t s = user_grants(&r->ctx, r->ctx.user_id, &g, &n);
    for (size_t i = 0; s == ST_OK && i < n; i++)
        jarr_take(arr, json_pack("{s:s, s:s, s:I, s:s, s:s}", "role", g[i].role, "role_name", g[i].role_name,
                                 "unit_id", (json_int_t)g[i].unit_id, "unit_code", g[i].unit_code,
                                 "unit_name", g[i].unit_name));
    return s;
}

void api_me(req_t *r)
{
    json_t *body = json_object(), *grants = json_array();
    status_t st = grants_json(r, grants);
    jobj_int(body, "id", r->ctx.user_id);
    jobj_str(body, "login", r->user_login);
    jobj_str(body, "full_name", r->user_name);
    jobj_take(body, "grants", grants);
    if (check_or_respond(r, st, NULL) == ST_OK)
        resp_json(r, 200, body);
    else
        json_decref(body);
}

void api_password(req_t *r)
{
    const char *why;
    status_t st = user_set_password(&r->ctx, r->ctx.user_id, req_param(r, "old_password"),
                                    req_param(r, "new_password"), &why);
    if (check_or_respond(r, st, why) == ST_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}
