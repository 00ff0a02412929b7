/* One person's record: identity, membership history across units, yearly
 * ratings, discipline, long absences; and (for those who may) the forms to
 * correct identity, transfer, record a year, and merge a duplicate into it. */
#include <string.h>

#include "core/person.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/people_form.h"
#include "web/ui.h"
#include "web/ui_person.h"
#include "web/ui_unit.h"

static void fact(buf_t *b, const char *label, const char *value)
{
    if (!value)
        return;
    html_raw(b, "<dt>");
    html_text(b, label);
    html_raw(b, "</dt><dd>");
    html_text(b, value);
    html_raw(b, "</dd>");
}

static void identity(buf_t *b, const person_t *p)
{
    html_raw(b, "<dl class=\"facts\">");
    fact(b, "Giới tính", !p->gender ? NULL : p->gender[0] == 'F' ? "Nữ" : "Nam");
    if (p->birth_date) {
        html_raw(b, "<dt>Ngày sinh</dt><dd>");
        if (strlen(p->birth_date) == 10)
            ui_date_vn(b, p->birth_date);
        else
            html_text(b, p->birth_date);
        html_raw(b, "</dd>");
    }
    fact(b, "Số CCCD", p->cccd);
    fact(b, "Điện thoại", p->phone);
    fact(b, "Thư điện tử", p->email);
    fact(b, "Đơn vị", p->unit_name);
    html_raw(b, "</dl>");
}

static void memberships(buf_t *b, const person_t *p)
{
    html_raw(b, "<h2>Quá trình sinh hoạt công đoàn</h2><table><thead><tr><th>Từ ngày</th><th>Đến ngày</th>"
                "<th>Đơn vị</th><th>Chức vụ</th><th>Ghi chú</th></tr></thead><tbody>");
    for (size_t i = 0; i < p->n_memberships; i++) {
        const person_membership_t *m = &p->memberships[i];
        html_raw(b, "<tr><td>");
        ui_date_vn(b, m->from_date);
        html_raw(b, "</td><td>");
        if (m->to_date)
            ui_date_vn(b, m->to_date);
        else
            html_raw(b, "nay");
        html_raw(b, "</td><td><a href=\"/units/");
        html_int(b, m->unit_id);
        html_raw(b, "\">");
        html_text(b, m->unit_name);
        html_raw(b, "</a></td><td>");
        html_text(b, m->position);
        html_raw(b, "</td><td>");
        html_text(b, m->direct_worker ? "Lao động trực tiếp " : "");
        html_text(b, m->manager ? "Cán bộ quản lý" : "");
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
}

static void records(buf_t *b, const person_t *p)
{
    html_raw(b, "<h2>Xếp loại hằng năm</h2><table><thead><tr><th>Năm</th><th>Xếp loại</th><th>Căn cứ</th></tr>"
                "</thead><tbody>");
    for (size_t i = 0; i < p->n_ratings; i++) {
        html_raw(b, "<tr><td>");
        html_text(b, p->ratings[i].year_label);
        html_raw(b, "</td><td>");
        html_text(b, person_rating_label(p->ratings[i].rating));
        html_raw(b, "</td><td>");
        html_text(b, p->ratings[i].source_doc);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    if (p->n_disciplines) {
        html_raw(b, "<h2>Kỷ luật</h2><ul>");
        for (size_t i = 0; i < p->n_disciplines; i++) {
            html_raw(b, "<li>");
            html_text(b, person_discipline_label(p->disciplines[i].form));
            html_raw(b, " từ ");
            ui_date_vn(b, p->disciplines[i].from_date);
            html_raw(b, " (");
            html_text(b, p->disciplines[i].decision_no);
            html_raw(b, ")</li>");
        }
        html_raw(b, "</ul>");
    }
    if (p->n_absences) {
        html_raw(b, "<h2>Nghỉ dài ngày</h2><ul>");
        for (size_t i = 0; i < p->n_absences; i++) {
            html_raw(b, "<li>");
            html_text(b, p->absences[i].year_label);
            html_raw(b, ": ");
            html_int(b, p->absences[i].days);
            html_raw(b, " ngày, ");
            html_text(b, p->absences[i].reason);
            html_raw(b, p->absences[i].counts_as_work ? " (tính là thời gian công tác)</li>" : "</li>");
        }
        html_raw(b, "</ul>");
    }
}

static void form_open(req_t *r, buf_t *b, int64_t id, const char *what, const char *title)
{
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/people/");
    html_int(b, id);
    html_raw(b, what);
    html_raw(b, "\"><h2>");
    html_text(b, title);
    html_raw(b, "</h2>");
    ui_csrf_field(r, b);
}

static void forms(req_t *r, buf_t *b, const person_t *p)
{
    html_raw(b, "<div class=\"forms\">");
    form_open(r, b, p->id, "", "Sửa thông tin");
    ui_input(b, "full_name", "Họ và tên", "text", p->full_name, 1);
    ui_input(b, "gender", "Giới tính (nam/nữ)", "text", !p->gender ? NULL : p->gender[0] == 'F' ? "nữ" : "nam", 0);
    ui_input(b, "birth_date", "Ngày sinh (yyyy-mm-dd hoặc dd/mm/yyyy) hoặc năm", "text", p->birth_date, 0);
    ui_input(b, "cccd", "Số CCCD", "text", p->cccd, 0);
    ui_input(b, "phone", "Điện thoại", "text", p->phone, 0);
    ui_input(b, "email", "Thư điện tử", "text", p->email, 0);
    html_raw(b, "<p><button type=\"submit\">Lưu</button></p></form>");
    form_open(r, b, p->id, "/memberships", "Chuyển sinh hoạt sang đơn vị khác");
    ui_input(b, "unit_id", "Mã số đơn vị mới", "text", NULL, 1);
    ui_input(b, "from_date", "Từ ngày (dd/mm/yyyy)", "text", NULL, 1);
    ui_input(b, "position", "Chức vụ", "text", NULL, 0);
    html_raw(b, "<p><button type=\"submit\">Chuyển</button></p></form>");
    form_open(r, b, p->id, "/ratings", "Ghi xếp loại năm");
    ui_input(b, "year", "Năm (2024) hoặc năm học (2023-2024)", "text", NULL, 1);
    html_raw(b, "<label>Xếp loại <select name=\"rating\" required><option value=\"\">— Chọn —</option>");
    static const char *codes[] = {"HTXSNV", "HTTNV", "HTNV", "KHTNV"};
    for (size_t i = 0; i < 4; i++) {
        html_raw(b, "<option value=\"");
        html_raw(b, codes[i]);
        html_raw(b, "\">");
        html_text(b, person_rating_label(codes[i]));
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label>");
    ui_input(b, "source_doc", "Căn cứ (số văn bản)", "text", NULL, 0);
    html_raw(b, "<p><button type=\"submit\">Ghi</button></p></form>");
    form_open(r, b, p->id, "/merge", "Gộp hồ sơ trùng vào hồ sơ này");
    ui_input(b, "gone_id", "Mã số hồ sơ trùng", "text", NULL, 1);
    html_raw(b, "<p><button type=\"submit\">Gộp</button></p></form></div>");
}

void ui_person_render(req_t *r, int64_t id, int http, const char *error, const char *ok)
{
    person_t p;
    status_t st = person_get(&r->ctx, id, &p);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem hồ sơ này." : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, p.full_name);
    html_raw(&b, "<h1>");
    html_text(&b, p.full_name);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    if (p.merged_into) {
        html_raw(&b, "<p class=\"notice error\">Hồ sơ này đã được gộp vào <a href=\"/people/");
        html_int(&b, p.merged_into);
        html_raw(&b, "\">hồ sơ khác</a>.</p>");
    }
    html_raw(&b, "<section class=\"card\">");
    identity(&b, &p);
    memberships(&b, &p);
    records(&b, &p);
    html_raw(&b, "</section>");
    if (!p.merged_into && perm_check(&r->ctx, PERM_WRITE, p.unit_id) == ST_OK)
        forms(r, &b, &p);
    ui_page_send(r, &b, http);
}

void ui_person_page(req_t *r) { ui_person_render(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

/* After a change of person ID: back to the page, with the outcome. */
static void after(req_t *r, status_t st, const char *const *whyp, int64_t id, const char *done)
{
    if (st == ST_OK)
        ui_person_render(r, id, 200, NULL, done);
    else if (st == ST_INVALID || st == ST_CONFLICT)
        ui_person_render(r, id, status_http(st), *whyp, NULL);
    else
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền sửa hồ sơ này." : *whyp);
}

void ui_person_update(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = people_form_problem(r);
    if (why) {
        ui_person_render(r, id, 400, why, NULL);
        return;
    }
    person_fields_t f = people_form_fields(r);
    status_t st = person_update(&r->ctx, id, &f, &why);
    after(r, st, &why, id, "Đã lưu.");
}

void ui_person_membership(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    person_membership_in_t m = people_form_membership(r);
    const char *why = NULL;
    status_t st = person_add_membership(&r->ctx, id, &m, NULL, &why);
    after(r, st, &why, id, "Đã chuyển sinh hoạt.");
}

void ui_person_rating(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_set_rating(&r->ctx, id, req_param(r, "year"), req_param(r, "rating"),
                                    req_param(r, "source_doc"), 0, &why);
    after(r, st, &why, id, "Đã ghi xếp loại.");
}

void ui_person_merge(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_merge(&r->ctx, id, req_param_int(r, "gone_id", 0), &why);
    after(r, st, &why, id, "Đã gộp hồ sơ; lịch sử của cả hai được giữ lại.");
}
