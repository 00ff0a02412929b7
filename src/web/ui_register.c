#include "web/ui_register.h"

#include <stdlib.h>
#include <string.h>

#include "core/perm.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/ui.h"

int64_t ui_register_year(req_t *r)
{
    int64_t y = req_param_int(r, "year", 0);
    if (y > 0)
        return y;
    const char *today = unit_today(&r->ctx);
    return today ? strtol(today, NULL, 10) : 0;
}

void ui_register_begin(req_t *r, buf_t *b, const unit_t *u, const char *title, const char *path, int64_t year,
                       const char *error, const char *ok)
{
    ui_page_begin(r, b, title);
    html_raw(b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(b, u->id);
    html_raw(b, "\">");
    html_text(b, u->name);
    html_raw(b, "</a> ›</div><h1>");
    html_text(b, title);
    html_raw(b, "</h1>");
    ui_notice(b, "error", error);
    ui_notice(b, "ok", ok);
    html_raw(b, "<form class=\"inline\" method=\"get\" action=\"");
    html_attr(b, path);
    html_raw(b, "\"><label>Năm <input name=\"year\" inputmode=\"numeric\" size=\"6\" value=\"");
    html_int(b, year);
    html_raw(b, "\"></label> <button type=\"submit\">Xem</button></form>");
}

void ui_register_exports(buf_t *b, const char *href)
{
    const char *sep = strchr(href, '?') ? "&amp;" : "?";
    html_raw(b, "<p>Tải danh sách: <a class=\"button\" href=\"");
    html_attr(b, href);
    html_raw(b, sep);
    html_raw(b, "format=xlsx\">Excel (XLSX)</a> <a href=\"");
    html_attr(b, href);
    html_raw(b, sep);
    html_raw(b, "format=csv\">CSV</a></p>");
}

void ui_register_form_begin(req_t *r, buf_t *b, const char *action, const char *title)
{
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"");
    html_attr(b, action);
    html_raw(b, "\"><h2>");
    html_text(b, title);
    html_raw(b, "</h2>");
    ui_csrf_field(r, b);
}

void ui_register_form_end(buf_t *b, const char *label)
{
    html_raw(b, "<p><button type=\"submit\">");
    html_text(b, label);
    html_raw(b, "</button></p></form>");
}

void ui_register_textarea(buf_t *b, const char *name, const char *label, const char *value, int required)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <textarea rows=\"3\" name=\"");
    html_attr(b, name);
    html_raw(b, required ? "\" required>" : "\">");
    html_text(b, value);
    html_raw(b, "</textarea></label>");
}

void ui_register_select(buf_t *b, const char *name, const char *label, const char *const *codes,
                        const char *const *names, size_t n, const char *selected)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, " <select name=\"");
    html_attr(b, name);
    html_raw(b, "\">");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<option value=\"");
        html_attr(b, codes[i]);
        html_raw(b, selected && strcmp(selected, codes[i]) == 0 ? "\" selected>" : "\">");
        html_text(b, names[i]);
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label>");
}

void ui_register_money(buf_t *b, int64_t vnd)
{
    if (vnd)
        text_format_money(b, vnd);
}

void ui_register_after(req_t *r, status_t st, const char *why, int64_t id, ui_register_render_fn render,
                       const char *done)
{
    if (st == ST_OK)
        render(r, id, 200, NULL, done);
    else if (st == ST_INVALID || st == ST_CONFLICT || (st == ST_FORBIDDEN && why))
        render(r, id, status_http(st), why, NULL);
    else
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền thay đổi dữ liệu này." : why);
}
