/* The login screen, and logging out. */
#include <string.h>

#include "core/auth.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/session.h"
#include "web/ui.h"

/* NEXT when it is a local path, else "/": no open redirects. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strchr(next, '\r') || strchr(next, '\n'))
        return "/";
    return next;
}

static void render(req_t *r, int http_status, const char *error)
{
    buf_t b;
    ui_page_begin(r, &b, "Đăng nhập");
    html_raw(&b, "<form class=\"card login\" method=\"post\" action=\"/login\"><h1>Đăng nhập</h1>");
    ui_notice(&b, "error", error);
    ui_csrf_field(r, &b);
    html_raw(&b, "<input type=\"hidden\" name=\"next\" value=\"");
    html_attr(&b, safe_next(req_param(r, "next")));
    html_raw(&b, "\">");
    ui_input(&b, "login", "Tên đăng nhập", "text", req_param(r, "login"), 1);
    ui_input(&b, "password", "Mật khẩu", "password", NULL, 1);
    html_raw(&b, "<p><button type=\"submit\">Đăng nhập</button></p>"
                 "<p class=\"muted\">Quên mật khẩu? Hãy liên hệ quản trị viên của đơn vị.</p></form>");
    ui_page_send(r, &b, http_status);
}

void ui_login_form(req_t *r)
{
    if (r->authed)
        resp_redirect(r, safe_next(req_param(r, "next")));
    else
        render(r, 200, NULL);
}

void ui_login_post(req_t *r)
{
    int64_t user_id;
    status_t st = auth_login(r->ctx.db, req_param(r, "login"), req_param(r, "password"), r->ip, &user_id);
    if (st == ST_UNAUTHORIZED) {
        render(r, 401, "Tên đăng nhập hoặc mật khẩu không đúng.");
        return;
    }
    if (st == ST_RATE_LIMITED) {
        render(r, 429, "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.");
        return;
    }
    char token[AUTH_TOKEN_LEN + 1];
    if (check_or_respond(r, st == ST_OK ? session_start(r, user_id, token) : st, NULL) == ST_OK)
        resp_redirect(r, safe_next(req_param(r, "next")));
}

void ui_logout(req_t *r)
{
    session_end(r);
    resp_redirect(r, "/login");
}
