/* A unit's emulation movements (issue 4 §1): those it launched, those its
 * superiors launched for it to take up (with its answer or a button to
 * answer), a form to draft a new one, and the list as XLSX. */
#include "core/movement.h"
#include "core/unit.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/list_export.h"
#include "web/movement_form.h"
#include "web/ui.h"
#include "web/ui_unit.h"

static void period(buf_t *b, const movement_spec_t *sp)
{
    ui_date_vn(b, sp->period_from);
    html_raw(b, " – ");
    ui_date_vn(b, sp->period_to);
}

static void movement_link(buf_t *b, int64_t id, const char *name)
{
    html_raw(b, "<a href=\"/movements/");
    html_int(b, id);
    html_raw(b, "\">");
    html_text(b, name);
    html_raw(b, "</a>");
}

static void own_table(buf_t *b, int64_t unit, const movement_t *m, size_t n)
{
    html_raw(b, "<section class=\"card\"><h2>Phong trào đơn vị phát động</h2>");
    if (n == 0) {
        html_raw(b, "<p class=\"muted\">Đơn vị chưa phát động phong trào nào.</p></section>");
        return;
    }
    html_raw(b, "<table><thead><tr><th>Tên phong trào</th><th>Loại</th><th>Thời gian</th><th>Trạng thái</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        movement_link(b, m[i].id, m[i].spec.name);
        html_raw(b, "</td><td>");
        html_text(b, movement_kind_name(m[i].spec.kind));
        html_raw(b, "</td><td>");
        period(b, &m[i].spec);
        html_raw(b, "</td><td>");
        html_text(b, movement_state_name(m[i].state));
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table><p><a href=\"/units/");
    html_int(b, unit);
    html_raw(b, "/movements/export\">Tải danh sách (Excel)</a></p></section>");
}

/* The answer cell of an inbox row: the unit's own movement, or a button. */
static void answer_cell(req_t *r, buf_t *b, int64_t unit, const movement_t *m, bool may_write)
{
    if (m->response_id) {
        movement_link(b, m->response_id, "Phong trào của đơn vị");
        html_raw(b, " (");
        html_text(b, movement_state_name(m->response_state));
        html_raw(b, ")");
    } else if (may_write) {
        html_raw(b, "<form class=\"inline\" method=\"post\" action=\"/movements/");
        html_int(b, m->id);
        html_raw(b, "/respond\">");
        ui_csrf_field(r, b);
        html_raw(b, "<input type=\"hidden\" name=\"unit_id\" value=\"");
        html_int(b, unit);
        html_raw(b, "\"><button type=\"submit\">Hưởng ứng</button></form>");
    } else {
        html_raw(b, "<span class=\"muted\">Chưa hưởng ứng</span>");
    }
}

static void inbox_table(req_t *r, buf_t *b, int64_t unit, const movement_t *m, size_t n, bool may_write)
{
    html_raw(b, "<section class=\"card\"><h2>Phong trào cấp trên phát động</h2>");
    if (n == 0) {
        html_raw(b, "<p class=\"muted\">Không có phong trào nào của cấp trên đang diễn ra.</p></section>");
        return;
    }
    html_raw(b, "<table><thead><tr><th>Tên phong trào</th><th>Đơn vị phát động</th><th>Thời gian</th>"
                "<th>Đơn vị hưởng ứng</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        movement_link(b, m[i].id, m[i].spec.name);
        html_raw(b, "</td><td>");
        html_text(b, m[i].owner_name);
        html_raw(b, "</td><td>");
        period(b, &m[i].spec);
        html_raw(b, "</td><td>");
        answer_cell(r, b, unit, &m[i], may_write);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table></section>");
}

static void create_form(req_t *r, buf_t *b, int64_t unit, bool refill)
{
    movement_spec_t sp = movement_spec_from(r);
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/units/");
    html_int(b, unit);
    html_raw(b, "/movements\"><h2>Soạn phong trào mới</h2>");
    ui_csrf_field(r, b);
    movement_form_fields(r, b, refill ? &sp : NULL);
    html_raw(b, "<p class=\"muted\">Phong trào được lưu ở dạng dự thảo; phát động ở trang của phong trào.</p>"
                "<button type=\"submit\">Lưu dự thảo</button></form>");
}

static void render(req_t *r, int64_t unit, int http, const char *error)
{
    unit_t u;
    movement_t *own, *inbox;
    size_t n_own, n_inbox;
    status_t st = unit_get(&r->ctx, unit, &u);
    if (st == ST_OK)
        st = movement_list(&r->ctx, unit, &own, &n_own);
    if (st == ST_OK)
        st = movement_inbox(&r->ctx, unit, &inbox, &n_inbox);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    bool may_write = perm_check(&r->ctx, PERM_WRITE, unit) == ST_OK;
    buf_t b;
    ui_page_begin(r, &b, "Phong trào thi đua");
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, unit);
    html_raw(&b, "\">");
    html_text(&b, u.name);
    html_raw(&b, "</a> ›</div><h1>Phong trào thi đua</h1>");
    ui_notice(&b, "error", error);
    inbox_table(r, &b, unit, inbox, n_inbox, may_write);
    own_table(&b, unit, own, n_own);
    if (may_write)
        create_form(r, &b, unit, error != NULL);
    ui_page_send(r, &b, http);
}

void ui_unit_movements(req_t *r) { render(r, req_param_int(r, "id", 0), 200, NULL); }

void ui_movement_create(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    const char *why = NULL;
    movement_spec_t sp = movement_spec_from(r);
    status_t st = movement_create(&r->ctx, unit, &sp, &id, &why);
    if (st == ST_OK)
        resp_redirect(r, arena_printf(r->arena, "/movements/%lld", (long long)id));
    else if (st == ST_INVALID || st == ST_CONFLICT)
        render(r, unit, status_http(st), why);
    else
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền phát động phong trào của đơn vị này." : why);
}

void ui_unit_movements_export(req_t *r)
{
    static const char *const header[] = {"Tên phong trào", "Loại",          "Từ ngày",  "Đến ngày",
                                         "Năm (giai đoạn)", "Trạng thái",   "Phiên bản", "Mục tiêu, chỉ tiêu"};
    movement_t *m;
    size_t n;
    status_t st = movement_list(&r->ctx, req_param_int(r, "id", 0), &m, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    list_export_t *x = list_export_begin_or_respond(r, list_export_format(r), "phong-trao-thi-dua", header,
                                                    sizeof header / sizeof *header);
    for (size_t i = 0; x && i < n; i++) {
        list_export_text(x, m[i].spec.name);
        list_export_text(x, movement_kind_name(m[i].spec.kind));
        list_export_date(x, m[i].spec.period_from);
        list_export_date(x, m[i].spec.period_to);
        list_export_text(x, m[i].spec.year_label);
        list_export_text(x, movement_state_name(m[i].state));
        list_export_int(x, m[i].version);
        list_export_text(x, m[i].spec.goals);
        list_export_end_row(x);
    }
    if (x)
        list_export_send(x);
}

void ui_movement_respond(req_t *r)
{
    int64_t unit = req_param_int(r, "unit_id", 0), id = 0;
    const char *why = NULL;
    status_t st = movement_respond(&r->ctx, req_param_int(r, "id", 0), unit, req_param(r, "name"), &id, &why);
    if (st == ST_OK)
        resp_redirect(r, arena_printf(r->arena, "/movements/%lld", (long long)id));
    else if (st == ST_INVALID || st == ST_CONFLICT)
        render(r, unit, status_http(st), why);
    else
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền hưởng ứng phong trào cho đơn vị này." : why);
}
