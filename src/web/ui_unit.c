/* A unit's page: where it sits, what it is, its units as of a chosen date,
 * its history of restructuring, and (for those who may) the forms to add a
 * unit and to rename, transfer, merge, split or dissolve it. */
#include <string.h>

#include "core/org.h"
#include "core/unit.h"
#include "lib/html.h"
#include "lib/text.h"
#include "lib/time.h"
#include "web/handlers.h"
#include "web/ui.h"
#include "web/ui_unit.h"

static void crumbs(buf_t *b, const unit_t *up, size_t n)
{
    html_raw(b, "<div class=\"crumbs\">");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<a href=\"/units/");
        html_int(b, up[i].id);
        html_raw(b, "\">");
        html_text(b, up[i].name);
        html_raw(b, "</a> › ");
    }
    html_raw(b, "</div>");
}

void ui_date_vn(buf_t *b, const char *iso)
{
    date_t d;
    if (iso && date_parse_iso(iso, &d))
        date_format_vn(b, d);
}

static void details(buf_t *b, const unit_t *u)
{
    html_raw(b, "<dl class=\"facts\"><dt>Mã đơn vị</dt><dd><code>");
    html_text(b, u->code);
    html_raw(b, "</code></dd>");
    if (u->short_name) {
        html_raw(b, "<dt>Tên viết tắt</dt><dd>");
        html_text(b, u->short_name);
        html_raw(b, "</dd>");
    }
    if (u->kind_name) {
        html_raw(b, "<dt>Loại đơn vị</dt><dd>");
        html_text(b, u->kind_name);
        html_raw(b, "</dd>");
    }
    if (u->address) {
        html_raw(b, "<dt>Địa chỉ</dt><dd>");
        html_text(b, u->address);
        html_raw(b, "</dd>");
    }
    html_raw(b, "<dt>Thời gian tồn tại</dt><dd>từ ");
    ui_date_vn(b, u->valid_from);
    if (u->valid_to) {
        html_raw(b, " đến ");
        ui_date_vn(b, u->valid_to);
        html_raw(b, " <strong>(đã giải thể hoặc sáp nhập)</strong>");
    }
    html_raw(b, "</dd></dl>");
}

enum { CHILD_PAGE = 100 };

/* The link to the page of children from OFFSET on, keeping the date and the filter. */
static void page_link(buf_t *b, int64_t id, const char *at, const char *q, size_t offset, const char *label)
{
    html_raw(b, " <a href=\"/units/");
    html_int(b, id);
    html_raw(b, "?at=");
    html_url(b, at);
    if (q) {
        html_raw(b, "&amp;q=");
        html_url(b, q);
    }
    html_raw(b, "&amp;offset=");
    html_int(b, (int64_t)offset);
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</a>");
}

/* The filter box, shown when the list is long or filtered. */
static void children_filter(buf_t *b, int64_t id, const char *at, const char *q)
{
    html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/units/");
    html_int(b, id);
    html_raw(b, "\"><input type=\"hidden\" name=\"at\" value=\"");
    html_text(b, at);
    html_raw(b, "\"><label>Lọc theo tên hoặc mã <input name=\"q\" maxlength=\"100\" value=\"");
    html_text(b, q);
    html_raw(b, "\"></label> <button type=\"submit\">Lọc</button>");
    if (q)
        page_link(b, id, at, NULL, 0, "Bỏ lọc");
    html_raw(b, "</form>");
}

static void children_pager(buf_t *b, int64_t id, const char *at, const char *q, size_t offset, const unit_page_t *pg)
{
    html_raw(b, "<p class=\"pager\">Đơn vị ");
    text_format_int(b, (int64_t)offset + 1);
    html_raw(b, "–");
    text_format_int(b, (int64_t)(offset + pg->n));
    html_raw(b, " / ");
    text_format_int(b, pg->total);
    if (offset)
        page_link(b, id, at, q, offset > CHILD_PAGE ? offset - CHILD_PAGE : 0, "‹ Trang trước");
    if ((int64_t)(offset + pg->n) < pg->total)
        page_link(b, id, at, q, offset + CHILD_PAGE, "Trang sau ›");
    html_raw(b, "</p>");
}

static void children_table(buf_t *b, int64_t id, const char *at, const char *q, size_t offset, const unit_page_t *pg)
{
    html_raw(b, "<h2>Đơn vị trực thuộc ngày ");
    ui_date_vn(b, at);
    html_raw(b, "</h2>");
    if (q || pg->total > CHILD_PAGE)
        children_filter(b, id, at, q);
    if (pg->total == 0) {
        html_raw(b, q ? "<p class=\"muted\">Không có đơn vị trực thuộc nào khớp với bộ lọc.</p>"
                      : "<p class=\"muted\">Không có đơn vị trực thuộc vào ngày này.</p>");
        return;
    }
    if (pg->n == 0) { /* an offset past the end, typed or kept from a longer list */
        html_raw(b, "<p class=\"pager\">Trang này không còn đơn vị nào.");
        page_link(b, id, at, q, 0, "Về trang đầu");
        html_raw(b, "</p>");
        return;
    }
    html_raw(b, "<table><thead><tr><th>Mã</th><th>Tên đơn vị (tại ngày đã chọn)</th><th>Loại</th>"
                "<th class=\"num\">Trực thuộc</th></tr></thead><tbody>");
    for (size_t i = 0; i < pg->n; i++) {
        const unit_t *k = &pg->items[i];
        html_raw(b, "<tr><td>");
        html_text(b, k->code);
        html_raw(b, "</td><td><a href=\"/units/");
        html_int(b, k->id);
        html_raw(b, "?at=");
        html_url(b, at);
        html_raw(b, "\">");
        html_text(b, k->name);
        html_raw(b, "</a></td><td>");
        html_text(b, k->kind_name);
        html_raw(b, "</td><td class=\"num\">");
        text_format_int(b, k->children);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    if (offset || pg->total > (int64_t)pg->n)
        children_pager(b, id, at, q, offset, pg);
}

static const char *event_label(const char *e)
{
    static const char *const map[][2] = {
        {"create", "Thành lập"}, {"rename", "Đổi tên"}, {"transfer", "Điều chuyển về"},
        {"merge", "Sáp nhập"}, {"split", "Chia tách, thành lập"}, {"dissolve", "Giải thể"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], e) == 0)
            return map[i][1];
    return e;
}

static void history(buf_t *b, const org_event_t *e, size_t n)
{
    html_raw(b, "<h2>Quá trình hình thành, thay đổi</h2><table><thead><tr><th>Ngày</th><th>Sự kiện</th>"
                "<th>Đơn vị liên quan</th><th>Quyết định</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        ui_date_vn(b, e[i].event_date);
        html_raw(b, "</td><td>");
        html_text(b, event_label(e[i].event));
        html_raw(b, "</td><td>");
        html_text(b, e[i].other_name);
        html_raw(b, "</td><td>");
        html_text(b, e[i].decision_no);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
}

/* The date box; a filter in use is kept. */
static void date_picker(buf_t *b, const unit_t *u, const char *at, const char *q)
{
    html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/units/");
    html_int(b, u->id);
    html_raw(b, "\">");
    if (q) {
        html_raw(b, "<input type=\"hidden\" name=\"q\" value=\"");
        html_text(b, q);
        html_raw(b, "\">");
    }
    html_raw(b, "<label>Xem cơ cấu tại ngày <input name=\"at\" inputmode=\"numeric\" placeholder=\"dd/mm/yyyy\""
                " value=\"");
    ui_date_vn(b, at);
    html_raw(b, "\"></label> <button type=\"submit\">Xem</button></form>");
}

void ui_unit_render(req_t *r, int64_t id, int http_status, const char *error, const char *ok)
{
    const char *at = req_param(r, "at") ? req_param(r, "at") : unit_today(&r->ctx);
    const char *q = req_param(r, "q") && *req_param(r, "q") ? req_param(r, "q") : NULL;
    int64_t offset = req_param_int(r, "offset", 0);
    unit_query_t query = {.parent_id = id, .at = at, .q = q, .limit = CHILD_PAGE,
                          .offset = offset > 0 ? (size_t)(offset - offset % CHILD_PAGE) : 0};
    unit_t u, *up;
    unit_page_t kids;
    size_t nup, nev;
    org_event_t *ev;
    status_t st = unit_get(&r->ctx, id, &u);
    if (st == ST_OK)
        st = unit_children(&r->ctx, &query, &kids);
    if (st == ST_OK)
        st = unit_ancestors(&r->ctx, id, &up, &nup);
    if (st == ST_OK)
        st = org_history(&r->ctx, id, &ev, &nev);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, u.name);
    crumbs(&b, up, nup);
    html_raw(&b, "<h1>");
    html_text(&b, u.name);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    html_raw(&b, "<section class=\"card\">");
    details(&b, &u);
    html_raw(&b, "<p><a href=\"/units/");
    html_int(&b, id);
    html_raw(&b, "/people?subtree=1\">Danh sách đoàn viên</a></p>");
    html_raw(&b, arena_printf(r->arena, "<p><a href=\"/units/%1$lld/initiatives\">Sổ sáng kiến</a> · <a href=\"/units/%1$lld/contests\">Hội thi tay nghề</a> · <a href=\"/units/%1$lld/honours\">Biểu dương, điển hình tiên tiến</a></p>", (long long)id));
    date_picker(&b, &u, at, q);
    children_table(&b, id, at, q, query.offset, &kids);
    history(&b, ev, nev);
    html_raw(&b, "</section><p><a class=\"button\" href=\"/units/");
    html_int(&b, id);
    html_raw(&b, "/movements\">Phong trào thi đua</a></p>");
    if (perm_check(&r->ctx, PERM_WRITE, id) == ST_OK)
        ui_unit_forms(r, &b, &u, error != NULL);
    ui_page_send(r, &b, http_status);
}

void ui_unit_page(req_t *r) { ui_unit_render(r, req_param_int(r, "id", 0), 200, NULL, NULL); }
