/* The home screen: who you are, what you may do where, your units. */
#include "core/unit.h"
#include "core/user.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/ui.h"

/* The caller's roles, one line per grant. */
static status_t roles(req_t *r, buf_t *b)
{
    grant_t *g;
    size_t n;
    status_t s = user_grants(&r->ctx, r->ctx.user_id, &g, &n);
    html_raw(b, "<ul>");
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        html_raw(b, "<li>");
        html_text(b, g[i].role_name);
        html_raw(b, " tại <a href=\"/units/");
        html_int(b, g[i].unit_id);
        html_raw(b, "\">");
        html_text(b, g[i].unit_name);
        html_raw(b, "</a></li>");
    }
    if (s == ST_OK && n == 0)
        html_raw(b, "<li>Tài khoản chưa được phân quyền. Hãy liên hệ quản trị viên.</li>");
    html_raw(b, "</ul>");
    return s;
}

void ui_home(req_t *r)
{
    unit_t *units;
    size_t n;
    status_t st = unit_list(&r->ctx, 0, &units, &n);
    if (check_or_respond(r, st, NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Trang chủ");
    html_raw(&b, "<h1>Xin chào, ");
    html_text(&b, r->user_name);
    html_raw(&b, "</h1><section class=\"card\"><h2>Quyền của bạn</h2>");
    st = roles(r, &b);
    html_raw(&b, "</section><section class=\"card\"><h2>Đơn vị của bạn</h2><table><thead><tr><th>Mã</th>"
                 "<th>Tên đơn vị</th><th class=\"num\">Đơn vị trực thuộc</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(&b, "<tr><td>");
        html_text(&b, units[i].code);
        html_raw(&b, "</td><td><a href=\"/units/");
        html_int(&b, units[i].id);
        html_raw(&b, "\">");
        html_text(&b, units[i].name);
        html_raw(&b, "</a></td><td class=\"num\">");
        text_format_int(&b, units[i].children);
        html_raw(&b, "</td></tr>");
    }
    html_raw(&b, "</tbody></table></section>");
    if (st != ST_OK) {
        buf_free(&b);
        respond_error(r, st, NULL);
        return;
    }
    ui_page_send(r, &b, 200);
}
