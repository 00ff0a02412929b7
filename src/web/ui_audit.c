/* The audit log of the caller's units, newest first. */
#include <string.h>

#include "core/audit.h"
#include "lib/html.h"
#include "lib/time.h"
#include "web/handlers.h"
#include "web/ui.h"

#define PAGE_SIZE 100

static const char *action_label(const char *a)
{
    static const struct { const char *code, *label; } labels[] = {
        {"create", "Tạo mới"}, {"update", "Sửa"}, {"delete", "Xóa"}, {"grant", "Phân quyền"},
        {"login", "Đăng nhập"}, {"logout", "Đăng xuất"}, {"set_password", "Đổi mật khẩu"},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].code, a) == 0)
            return labels[i].label;
    return a;
}

static void row(buf_t *b, const audit_entry_t *e)
{
    html_raw(b, "<tr><td class=\"num\">");
    html_int(b, e->id);
    html_raw(b, "</td><td>");
    time_format_vn(b, e->at);
    html_raw(b, "</td><td>");
    html_text(b, e->user_login ? e->user_login : "(hệ thống)");
    html_raw(b, "</td><td>");
    html_text(b, e->ip);
    html_raw(b, "</td><td>");
    html_text(b, action_label(e->action));
    html_raw(b, "</td><td>");
    html_text(b, e->entity);
    html_raw(b, " #");
    html_int(b, e->entity_id);
    html_raw(b, "</td><td>");
    html_text(b, e->unit_name);
    html_raw(b, "</td><td><code>");
    html_text(b, e->after ? e->after : e->before);
    html_raw(b, "</code></td></tr>");
}

void ui_audit_page(req_t *r)
{
    audit_entry_t *entries;
    size_t n;
    int64_t before = req_param_int(r, "before", 0);
    if (check_or_respond(r, audit_list(&r->ctx, before, PAGE_SIZE, &entries, &n), NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Nhật ký");
    html_raw(&b, "<h1>Nhật ký thay đổi</h1><p class=\"muted\">Mọi thay đổi dữ liệu đều được ghi lại và không thể sửa"
                 " hay xóa.</p><form method=\"post\" action=\"/audit/verify\">");
    ui_csrf_field(r, &b);
    html_raw(&b, "<button type=\"submit\">Kiểm tra toàn vẹn nhật ký</button></form><table><thead><tr><th>#</th><th>Thời điểm</th><th>Người thực hiện</th><th>Địa chỉ</th>"
                 "<th>Thao tác</th><th>Đối tượng</th><th>Đơn vị</th><th>Nội dung</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        row(&b, &entries[i]);
    html_raw(&b, "</tbody></table>");
    if (n == PAGE_SIZE) {
        html_raw(&b, "<p><a href=\"/audit?before=");
        html_int(&b, entries[n - 1].id);
        html_raw(&b, "\">Cũ hơn ›</a></p>");
    }
    ui_page_send(r, &b, 200);
}
