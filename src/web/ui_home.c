/* The home screen: who you are, what you may do where, your units. */
#include "core/unit.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/ui.h"

/* The caller's roles, one line per grant. */
static status_t roles(req_t *r, buf_t *b)
{
    db_stmt_t *st;
    status_t s = db_prepare(r->ctx.db,
        "SELECT ro.name, u.id, u.name FROM grants g JOIN roles ro ON ro.code = g.role"
        " JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?1 ORDER BY ro.rank, u.sort_key", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, r->ctx.user_id);
    html_raw(b, "<ul>");
    int rc, count = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        html_raw(b, "<li>");
        html_text(b, db_col_text(st, 0));
        html_raw(b, " tại <a href=\"/units/");
        html_int(b, db_col_int(st, 1));
        html_raw(b, "\">");
        html_text(b, db_col_text(st, 2));
        html_raw(b, "</a></li>");
        count++;
    }
    if (count == 0)
        html_raw(b, "<li>Tài khoản chưa được phân quyền. Hãy liên hệ quản trị viên.</li>");
    html_raw(b, "</ul>");
    s = rc == DB_DONE ? ST_OK : db_last_status(r->ctx.db);
    db_finalize(st);
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
