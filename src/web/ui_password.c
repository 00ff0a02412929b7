/* Changing one's own password. */
#include <string.h>

#include "core/user.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/ui.h"

static void render(req_t *r, int http_status, const char *kind, const char *msg)
{
    buf_t b;
    ui_page_begin(r, &b, "Đổi mật khẩu");
    html_raw(&b, "<form class=\"card\" method=\"post\" action=\"/account/password\"><h1>Đổi mật khẩu</h1>");
    ui_notice(&b, kind, msg);
    ui_csrf_field(r, &b);
    ui_input(&b, "old_password", "Mật khẩu hiện tại", "password", NULL, 1);
    ui_input(&b, "new_password", "Mật khẩu mới (ít nhất 8 ký tự)", "password", NULL, 1);
    ui_input(&b, "confirm", "Nhập lại mật khẩu mới", "password", NULL, 1);
    html_raw(&b, "<p><button type=\"submit\">Đổi mật khẩu</button></p></form>");
    ui_page_send(r, &b, http_status);
}

void ui_password_form(req_t *r) { render(r, 200, "ok", NULL); }

void ui_password_post(req_t *r)
{
    const char *pw = req_param(r, "new_password"), *confirm = req_param(r, "confirm"), *why;
    if (!confirm || strcmp(pw, confirm) != 0) {
        render(r, 400, "error", "Mật khẩu nhập lại không khớp.");
        return;
    }
    status_t st = user_set_password(&r->ctx, r->ctx.user_id, req_param(r, "old_password"), pw, &why);
    if (st == ST_OK)
        render(r, 200, "ok", "Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã được đăng xuất.");
    else if (st == ST_INVALID)
        render(r, 400, "error", why);
    else
        respond_error(r, st, why);
}
