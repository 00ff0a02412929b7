/* The people of a unit (or of its whole subtree) as of a date, 50 to a page
 * in official Vietnamese list order, and the form to add someone. */
#include "core/person.h"
#include "core/unit.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/people_form.h"
#include "web/ui.h"
#include "web/ui_import.h"
#include "web/ui_unit.h"

#define PAGE 50

/* A link to the page of the list after (WHICH "after") or before ("before")
 * position POS, whose first row is number FROM. */
static void link_to(buf_t *b, int64_t unit, const char *at, bool subtree, const char *which, const char *pos,
                    int64_t from, const char *label)
{
    html_raw(b, "<a href=\"/units/");
    html_int(b, unit);
    html_raw(b, "/people?from=");
    html_int(b, from);
    if (pos) {
        html_raw(b, "&amp;");
        html_raw(b, which);
        html_raw(b, "=");
        html_url(b, pos);
    }
    if (subtree)
        html_raw(b, "&amp;subtree=1");
    if (at) {
        html_raw(b, "&amp;at=");
        html_url(b, at);
    }
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</a>");
}

static void rows_table(buf_t *b, const person_row_t *rows, size_t n, int64_t first)
{
    html_raw(b, "<table><thead><tr><th class=\"num\">TT</th><th>Họ và tên</th><th>Giới tính</th><th>Ngày sinh</th>"
                "<th>Đơn vị</th><th>Chức vụ</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td class=\"num\">");
        html_int(b, first + (int64_t)i + 1);
        html_raw(b, "</td><td><a href=\"/people/");
        html_int(b, rows[i].id);
        html_raw(b, "\">");
        html_text(b, rows[i].full_name);
        html_raw(b, "</a></td><td>");
        html_text(b, !rows[i].gender ? "" : rows[i].gender[0] == 'F' ? "Nữ" : "Nam");
        html_raw(b, "</td><td>");
        if (rows[i].birth_date && rows[i].birth_date[4] == '-')
            ui_date_vn(b, rows[i].birth_date);
        else
            html_text(b, rows[i].birth_date);
        html_raw(b, "</td><td>");
        html_text(b, rows[i].unit_name);
        html_raw(b, "</td><td>");
        html_text(b, rows[i].position);
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_raw(b, "<tr><td colspan=\"6\" class=\"muted\">Không có ai vào ngày này.</td></tr>");
    html_raw(b, "</tbody></table>");
}

/* "1.234 người." or, past the counting limit, "Hơn 1.000 người." */
static void total_text(buf_t *b, int64_t total)
{
    if (total > PERSON_LIST_COUNT_MAX)
        html_raw(b, "Hơn ");
    text_format_int(b, total > PERSON_LIST_COUNT_MAX ? PERSON_LIST_COUNT_MAX : total);
    html_raw(b, " người. ");
}

/* Links to the pages around PG, whose first row is number FROM. */
static void page_links(buf_t *b, int64_t id, const char *at, bool subtree, const person_page_t *pg, int64_t from)
{
    html_raw(b, "<p class=\"pages\">");
    if (pg->prev) {
        link_to(b, id, at, subtree, "after", NULL, 1, "« Trang đầu");
        html_raw(b, " ");
        link_to(b, id, at, subtree, "before", pg->prev, from > PAGE ? from - PAGE : 1, "‹ Trang trước");
    }
    html_raw(b, " Từ người thứ ");
    text_format_int(b, from);
    html_raw(b, " ");
    if (pg->next)
        link_to(b, id, at, subtree, "after", pg->next, from + (int64_t)pg->n, "Trang sau ›");
    html_raw(b, "</p>");
}

void ui_unit_people(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), from = req_param_int(r, "from", 1);
    bool subtree = req_param_bool(r, "subtree");
    const char *at = req_param(r, "at");
    unit_t u;
    person_list_q_t q = {.unit_id = id, .as_of = at, .subtree = subtree, .after = req_param(r, "after"),
                         .before = req_param(r, "before"), .limit = PAGE};
    person_page_t pg;
    status_t st = unit_get(&r->ctx, id, &u);
    if (st == ST_OK)
        st = person_list(&r->ctx, &q, &pg);
    if (check_or_respond(r, st,
                         st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này."
                         : st == ST_INVALID ? "Ngày hoặc vị trí trang không hợp lệ."
                                            : NULL) != ST_OK)
        return;
    if (!pg.prev)
        from = 1;
    buf_t b;
    ui_page_begin(r, &b, "Đoàn viên");
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, id);
    html_raw(&b, "\">");
    html_text(&b, u.name);
    html_raw(&b, "</a> ›</div><h1>Danh sách đoàn viên</h1><form class=\"inline\" method=\"get\"><label>Tại ngày"
                 " <input name=\"at\" placeholder=\"dd/mm/yyyy\" value=\"");
    ui_date_vn(&b, at);
    html_raw(&b, "\"></label><label><input type=\"checkbox\" name=\"subtree\" value=\"1\"");
    html_raw(&b, subtree ? " checked" : "");
    html_raw(&b, "> Gồm cả các đơn vị trực thuộc</label> <button type=\"submit\">Xem</button></form><p>");
    total_text(&b, pg.total);
    bool can_write = perm_check(&r->ctx, PERM_WRITE, id) == ST_OK;
    if (can_write) {
        html_raw(&b, "<a class=\"button\" href=\"/people/new?unit_id=");
        html_int(&b, id);
        html_raw(&b, "\">Thêm đoàn viên</a>");
    }
    html_raw(&b, "</p>");
    ui_transfer_buttons(r, &b, id, at, subtree, can_write);
    rows_table(&b, pg.rows, pg.n, from - 1);
    page_links(&b, id, at, subtree, &pg, from);
    ui_page_send(r, &b, 200);
}

/* The form for a new person; ERROR and the typed values when it came back. */
static void new_form(req_t *r, int http, const char *error, int64_t existing)
{
    buf_t b;
    ui_page_begin(r, &b, "Thêm đoàn viên");
    html_raw(&b, "<h1>Thêm đoàn viên</h1>");
    ui_notice(&b, "error", error);
    if (existing) {
        html_raw(&b, "<p><a href=\"/people/");
        html_int(&b, existing);
        html_raw(&b, "\">Mở hồ sơ đã có</a></p>");
    }
    html_raw(&b, "<form class=\"card\" method=\"post\" action=\"/people\">");
    ui_csrf_field(r, &b);
    html_raw(&b, "<input type=\"hidden\" name=\"unit_id\" value=\"");
    html_int(&b, req_param_int(r, "unit_id", 0));
    html_raw(&b, "\">");
    ui_input(&b, "full_name", "Họ và tên", "text", req_param(r, "full_name"), 1);
    ui_input(&b, "gender", "Giới tính (nam/nữ)", "text", req_param(r, "gender"), 0);
    ui_input(&b, "birth_date", "Ngày sinh (dd/mm/yyyy) hoặc năm sinh", "text", req_param(r, "birth_date"), 0);
    ui_input(&b, "cccd", "Số CCCD (12 chữ số)", "text", req_param(r, "cccd"), 0);
    ui_input(&b, "phone", "Điện thoại", "text", req_param(r, "phone"), 0);
    ui_input(&b, "email", "Thư điện tử", "text", req_param(r, "email"), 0);
    ui_input(&b, "position", "Chức vụ", "text", req_param(r, "position"), 0);
    ui_input(&b, "from_date", "Sinh hoạt tại đơn vị từ ngày (dd/mm/yyyy)", "text", req_param(r, "from_date"), 1);
    ui_input(&b, "member_since", "Ngày vào công đoàn", "text", req_param(r, "member_since"), 0);
    html_raw(&b, "<label><input type=\"checkbox\" name=\"direct_worker\" value=\"1\"> Lao động trực tiếp</label>"
                 "<label><input type=\"checkbox\" name=\"manager\" value=\"1\"> Cán bộ quản lý</label>");
    if (existing)
        html_raw(&b, "<label><input type=\"checkbox\" name=\"force\" value=\"1\"> Vẫn thêm: đây là người khác</label>");
    html_raw(&b, "<p><button type=\"submit\">Lưu</button></p></form>");
    ui_page_send(r, &b, http);
}

void ui_person_new(req_t *r)
{
    if (check_or_respond(r, perm_check(&r->ctx, PERM_WRITE, req_param_int(r, "unit_id", 0)),
                         "Bạn không có quyền thêm đoàn viên vào đơn vị này.") == ST_OK)
        new_form(r, 200, NULL, 0);
}

void ui_person_create(req_t *r)
{
    const char *problem = people_form_problem(r), *why = NULL;
    if (problem) {
        new_form(r, 400, problem, 0);
        return;
    }
    person_fields_t f = people_form_fields(r);
    person_membership_in_t m = people_form_membership(r);
    int64_t id = 0;
    status_t st = person_create(&r->ctx, &f, &m, req_param_bool(r, "force"), &id, &why);
    if (st == ST_OK) {
        char *to = arena_printf(r->arena, "/people/%lld", (long long)id);
        resp_redirect(r, to ? to : "/");
    } else if (st == ST_INVALID || st == ST_CONFLICT) {
        new_form(r, status_http(st), why, st == ST_CONFLICT ? id : 0);
    } else {
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền thêm đoàn viên vào đơn vị này." : why);
    }
}
