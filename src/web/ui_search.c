/* Search over people and units by name, with or without diacritics. */
#include <string.h>

#include "core/search.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/ui.h"
#include "web/ui_unit.h"

static void hits(buf_t *b, const char *title, const char *base, const search_hit_t *h, size_t n)
{
    html_raw(b, "<h2>");
    html_text(b, title);
    html_raw(b, "</h2>");
    if (n == 0) {
        html_raw(b, "<p class=\"muted\">Không tìm thấy.</p>");
        return;
    }
    html_raw(b, "<ul class=\"hits\">");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<li><a href=\"");
        html_raw(b, base);
        html_int(b, h[i].id);
        html_raw(b, "\">");
        html_text(b, h[i].name);
        html_raw(b, "</a> ");
        if (h[i].code) { /* a unit: its code, as the change forms ask for it */
            html_raw(b, "<code>");
            html_text(b, h[i].code);
            html_raw(b, "</code> ");
        }
        html_raw(b, "<span class=\"muted\">");
        if (h[i].birth_date && strlen(h[i].birth_date) == 10)
            ui_date_vn(b, h[i].birth_date);
        else
            html_text(b, h[i].birth_date);
        html_raw(b, h[i].birth_date && h[i].unit_name ? " · " : "");
        html_text(b, h[i].unit_name);
        html_text(b, h[i].valid_to ? " · đã giải thể" : "");
        html_raw(b, "</span></li>");
    }
    html_raw(b, "</ul>");
}

#define PEOPLE_PAGE 50

/* A link to the people hits from OFFSET on, for query Q. */
static void page_link(buf_t *b, const char *q, int64_t offset, const char *label)
{
    html_raw(b, "<a href=\"/search?q=");
    html_url(b, q);
    html_raw(b, "&amp;offset=");
    html_int(b, offset);
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</a> ");
}

void ui_search_page(req_t *r)
{
    const char *q = req_param(r, "q");
    int64_t offset = req_param_int(r, "offset", 0);
    if (offset < 0 || offset > SEARCH_MAX_OFFSET)
        offset = 0;
    offset -= offset % PEOPLE_PAGE;
    search_hit_t *people = NULL, *units = NULL;
    size_t np = 0, nu = 0;
    bool more = false;
    status_t st = ST_OK;
    if (q) {
        st = search_people(&r->ctx, q, (size_t)offset, PEOPLE_PAGE, &people, &np, &more);
        if (st == ST_OK && offset == 0)
            st = search_units(&r->ctx, q, 0, 20, &units, &nu, NULL);
    }
    if (check_or_respond(r, st, st == ST_INVALID ? "Từ khóa tìm kiếm không hợp lệ." : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Tìm kiếm");
    html_raw(&b, "<h1>Tìm kiếm</h1><form class=\"inline\" method=\"get\" action=\"/search\"><label>Họ tên hoặc tên"
                 " đơn vị (gõ có dấu hay không dấu đều được) <input name=\"q\" value=\"");
    html_attr(&b, q);
    html_raw(&b, "\" autofocus></label> <button type=\"submit\">Tìm</button></form>");
    if (q) {
        hits(&b, offset ? "Đoàn viên (tiếp)" : "Đoàn viên", "/people/", people, np);
        if (offset || more) {
            html_raw(&b, "<p class=\"pager\">");
            if (offset)
                page_link(&b, q, offset - PEOPLE_PAGE, "« Trang trước");
            if (more && offset + PEOPLE_PAGE <= SEARCH_MAX_OFFSET)
                page_link(&b, q, offset + PEOPLE_PAGE, "Trang sau »");
            html_raw(&b, "<span class=\"muted\">Kết quả ");
            html_int(&b, offset + 1);
            html_raw(&b, "–");
            html_int(&b, offset + (int64_t)np);
            html_raw(&b, more ? "; còn nữa, gõ thêm để thu hẹp.</span></p>" : ".</span></p>");
        }
        if (offset == 0)
            hits(&b, "Đơn vị", "/units/", units, nu);
    }
    ui_page_send(r, &b, 200);
}
