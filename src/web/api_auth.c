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
    db_stmt_t *st;
    status_t s = db_prepare(r->ctx.db,
        "SELECT g.role, ro.name, u.id, u.code, u.name FROM grants g JOIN roles ro ON ro.code = g.role"
        " JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?1 ORDER BY ro.rank, u.sort_key", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, r->ctx.user_id);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *g = json_object();
        jobj_str(g, "role", db_col_text(st, 0));
        jobj_str(g, "role_name", db_col_text(st, 1));
        jobj_int(g, "unit_id", db_col_int(st, 2));
        jobj_str(g, "unit_code", db_col_text(st, 3));
        jobj_str(g, "unit_name", db_col_text(st, 4));
        jarr_take(arr, g);
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(r->ctx.db);
    db_finalize(st);
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
