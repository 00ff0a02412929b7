#include <string.h>

#include "core/perm.h"
#include "lib/html.h"
#include "web/csrf.h"
#include "web/ui.h"

static void nav_link(req_t *r, buf_t *b, const char *href, const char *label)
{
    bool here = strcmp(r->path, href) == 0 || (strlen(href) > 1 && strncmp(r->path, href, strlen(href)) == 0);
    html_raw(b, here ? "<a aria-current=\"page\" href=\"" : "<a href=\"");
    html_attr(b, href);
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</a>");
}

static void nav(req_t *r, buf_t *b)
{
    html_raw(b, "<nav aria-label=\"Chính\">");
    nav_link(r, b, "/", "Trang chủ");
    if (perm_any(&r->ctx, PERM_MANAGE_USERS) == ST_OK)
        nav_link(r, b, "/users", "Tài khoản");
    if (perm_any(&r->ctx, PERM_AUDIT) == ST_OK)
        nav_link(r, b, "/audit", "Nhật ký");
    nav_link(r, b, "/jobs", "Công việc");
    nav_link(r, b, "/account/password", "Đổi mật khẩu");
    html_raw(b, "</nav><form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">"
                "<input name=\"q\" placeholder=\"Tìm người, đơn vị…\" aria-label=\"Tìm kiếm\"></form><form class=\"logout\" method=\"post\" action=\"/logout\">");
    ui_csrf_field(r, b);
    html_raw(b, "<span class=\"who\">");
    html_text(b, r->user_name);
    html_raw(b, "</span> <button type=\"submit\">Đăng xuất</button></form>");
}

void ui_page_begin(req_t *r, buf_t *b, const char *title)
{
    buf_init(b, UI_PAGE_MAX);
    html_raw(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    html_text(b, title);
    html_raw(b, " · tdkt</title><link rel=\"icon\" href=\"/static/favicon.svg\"><link rel=\"stylesheet\" href=\"/static/style.css\">"
                "<script src=\"/static/app.js\" defer></script></head><body>"
                "<header class=\"top\"><a class=\"brand\" href=\"/\">tdkt <small>Thi đua – Khen thưởng</small></a>");
    if (r->authed)
        nav(r, b);
    html_raw(b, "</header><main>");
}

void ui_page_send(req_t *r, buf_t *b, int http_status)
{
    html_raw(b, "</main><footer>Hệ thống quản lý thi đua, khen thưởng Công đoàn</footer></body></html>\n");
    resp_html(r, http_status, b);
}

void ui_notice(buf_t *b, const char *kind, const char *msg)
{
    if (!msg)
        return;
    html_raw(b, "<p class=\"notice ");
    html_attr(b, kind);
    html_raw(b, strcmp(kind, "error") == 0 ? "\" role=\"alert\">" : "\" role=\"status\">");
    html_text(b, msg);
    html_raw(b, "</p>");
}

void ui_csrf_field(req_t *r, buf_t *b)
{
    html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_attr(b, csrf_form_token(r));
    html_raw(b, "\">");
}

void ui_input(buf_t *b, const char *name, const char *label, const char *type, const char *value, int required)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <input type=\"");
    html_attr(b, type);
    html_raw(b, "\" name=\"");
    html_attr(b, name);
    html_raw(b, "\" value=\"");
    html_attr(b, value);
    html_raw(b, required ? "\" required></label>" : "\"></label>");
}

void ui_error_page(req_t *r, status_t st, const char *msg)
{
    buf_t b;
    ui_page_begin(r, &b, "Lỗi");
    html_raw(&b, "<h1>Không thực hiện được yêu cầu</h1>");
    ui_notice(&b, "error", msg);
    html_raw(&b, "<p><a href=\"/\">Về trang chủ</a></p><p class=\"muted\">Mã yêu cầu: ");
    html_text(&b, r->request_id);
    html_raw(&b, "</p>");
    ui_page_send(r, &b, status_http(st));
}
