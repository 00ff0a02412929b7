/* The unit screen's forms: add a unit under it, rename, transfer, merge,
 * split off, dissolve. Each change carries its date and decision number; on
 * success the browser goes to the changed unit, on refusal the page comes back
 * with the reason and the values typed. */
#include <string.h>

#include "core/org.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/ui.h"
#include "web/ui_unit.h"

/* <form> opening for action /units/ID/WHAT with a heading and the CSRF field. */
static void form_open(req_t *r, buf_t *b, int64_t id, const char *what, const char *title, const char *confirm)
{
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/units/");
    html_int(b, id);
    html_raw(b, "/");
    html_raw(b, what);
    if (confirm) {
        html_raw(b, "\" data-confirm=\"");
        html_attr(b, confirm);
    }
    html_raw(b, "\"><h2>");
    html_text(b, title);
    html_raw(b, "</h2>");
    ui_csrf_field(r, b);
}

static void change_fields(req_t *r, buf_t *b, bool refill)
{
    ui_input(b, "date", "Ngày hiệu lực (dd/mm/yyyy)", "text", refill ? req_param(r, "date") : NULL, 1);
    ui_input(b, "decision_no", "Số quyết định", "text", refill ? req_param(r, "decision_no") : NULL, 0);
}

/* A field for the other unit of a change, by its code, with a way to look
 * the code up (the search page shows each unit's code). */
static void unit_code_field(req_t *r, buf_t *b, const char *name, const char *label, bool refill)
{
    ui_input(b, name, label, "text", refill ? req_param(r, name) : NULL, 1);
    html_raw(b, "<p class=\"muted\">Chưa biết mã? <a href=\"/search\" target=\"_blank\">Tìm đơn vị theo tên</a>"
                " (mã ghi sau tên đơn vị).</p>");
}

static void kind_select(req_t *r, buf_t *b)
{
    unit_kind_t *k;
    size_t n;
    if (unit_kind_list(&r->ctx, &k, &n) != ST_OK)
        return;
    html_raw(b, "<label>Loại đơn vị <select name=\"kind\"><option value=\"\">— Không ghi —</option>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<option value=\"");
        html_attr(b, k[i].code);
        html_raw(b, "\">");
        html_text(b, k[i].name);
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label>");
}

void ui_unit_forms(req_t *r, buf_t *b, const unit_t *u, bool refill)
{
    html_raw(b, "<div class=\"forms\">");
    form_open(r, b, u->id, "children", "Thêm đơn vị trực thuộc", NULL);
    ui_input(b, "code", "Mã đơn vị", "text", refill ? req_param(r, "code") : NULL, 1);
    ui_input(b, "name", "Tên đơn vị", "text", refill ? req_param(r, "name") : NULL, 1);
    kind_select(r, b);
    ui_input(b, "valid_from", "Ngày thành lập (dd/mm/yyyy, để trống là hôm nay)", "text", NULL, 0);
    ui_input(b, "decision_no", "Số quyết định thành lập", "text", NULL, 0);
    html_raw(b, "<p><button type=\"submit\">Thêm đơn vị</button></p></form>");
    if (!u->valid_to) {
        form_open(r, b, u->id, "rename", "Đổi tên", NULL);
        ui_input(b, "name", "Tên mới", "text", NULL, 1);
        ui_input(b, "short_name", "Tên viết tắt mới", "text", NULL, 0);
        change_fields(r, b, refill);
        html_raw(b, "<p><button type=\"submit\">Đổi tên</button></p></form>");
        form_open(r, b, u->id, "transfer", "Điều chuyển sang đơn vị cấp trên khác", NULL);
        unit_code_field(r, b, "parent_code", "Mã đơn vị cấp trên mới", refill);
        change_fields(r, b, refill);
        html_raw(b, "<p><button type=\"submit\">Điều chuyển</button></p></form>");
        form_open(r, b, u->id, "merge", "Sáp nhập vào đơn vị khác",
                  "Sáp nhập sẽ chuyển các đơn vị trực thuộc sang đơn vị tiếp nhận và chấm dứt đơn vị này. Tiếp tục?");
        unit_code_field(r, b, "into_code", "Mã đơn vị tiếp nhận", refill);
        change_fields(r, b, refill);
        html_raw(b, "<p><button type=\"submit\">Sáp nhập</button></p></form>");
        form_open(r, b, u->id, "split", "Chia tách: thành lập đơn vị mới từ đơn vị này", NULL);
        ui_input(b, "code", "Mã đơn vị mới", "text", NULL, 1);
        ui_input(b, "name", "Tên đơn vị mới", "text", NULL, 1);
        change_fields(r, b, refill);
        html_raw(b, "<p><button type=\"submit\">Thành lập</button></p></form>");
        form_open(r, b, u->id, "dissolve", "Giải thể", "Giải thể đơn vị này? Lịch sử vẫn được lưu giữ.");
        change_fields(r, b, refill);
        html_raw(b, "<p><button type=\"submit\">Giải thể</button></p></form>");
    }
    html_raw(b, "</div>");
}

/* After a change: go to unit TO, or show the page of FROM with the reason
 * (*WHYP, read here, after the call that set it). */
static void after(req_t *r, status_t st, const char *const *whyp, int64_t from, int64_t to)
{
    const char *why = *whyp;
    if (st == ST_OK) {
        char *loc = arena_printf(r->arena, "/units/%lld", (long long)to);
        resp_redirect(r, loc ? loc : "/");
    } else if (st == ST_INVALID || st == ST_CONFLICT || st == ST_NOT_FOUND) {
        ui_unit_render(r, from, status_http(st), why, NULL);
    } else {
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền thay đổi đơn vị này." : why);
    }
}

static org_change_t change_of(req_t *r)
{
    return (org_change_t){.date = req_param(r, "date"), .decision_no = req_param(r, "decision_no")};
}

void ui_unit_add_child(req_t *r)
{
    int64_t parent = req_param_int(r, "id", 0), id = 0;
    unit_spec_t sp = {.parent_id = parent, .code = req_param(r, "code"), .name = req_param(r, "name"),
                      .kind = req_param(r, "kind"), .valid_from = req_param(r, "valid_from"),
                      .decision_no = req_param(r, "decision_no")};
    const char *why = NULL;
    status_t st = unit_create_spec(&r->ctx, &sp, &id, &why);
    after(r, st, &why, parent, id);
}

void ui_unit_rename(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    org_change_t ch = change_of(r);
    const char *why = NULL;
    after(r, org_rename(&r->ctx, id, req_param(r, "name"), req_param(r, "short_name"), &ch, &why), &why, id, id);
}

/* The other unit of a change: CODE_FIELD (a code, as the form sends) or else
 * ID_FIELD. ST_INVALID with *WHY when neither names a unit the caller may
 * read. */
static status_t other_unit(req_t *r, const char *id_field, const char *code_field, int64_t *id, const char **why)
{
    const char *code = req_param(r, code_field);
    *id = req_param_int(r, id_field, 0);
    if (code && *code) {
        unit_t u;
        status_t st = unit_find_code(&r->ctx, code, &u);
        if (st == ST_OK) {
            *id = u.id;
            return ST_OK;
        }
        if (st != ST_NOT_FOUND && st != ST_FORBIDDEN)
            return st;
        *why = arena_printf(r->arena, "Không tìm thấy đơn vị có mã “%s” trong phạm vi quản lý của bạn.", code);
        return ST_INVALID;
    }
    if (*id > 0)
        return ST_OK;
    *why = "Hãy ghi mã của đơn vị.";
    return ST_INVALID;
}

void ui_unit_transfer(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), parent = 0;
    org_change_t ch = change_of(r);
    const char *why = NULL;
    status_t st = other_unit(r, "parent_id", "parent_code", &parent, &why);
    if (st == ST_OK)
        st = org_transfer(&r->ctx, id, parent, &ch, &why);
    after(r, st, &why, id, id);
}

void ui_unit_merge(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), into = 0;
    org_change_t ch = change_of(r);
    const char *why = NULL;
    status_t st = other_unit(r, "into_id", "into_code", &into, &why);
    if (st == ST_OK)
        st = org_merge(&r->ctx, id, into, &ch, &why);
    after(r, st, &why, id, into);
}

void ui_unit_split(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), new_id = 0;
    org_change_t ch = change_of(r);
    unit_spec_t sp = {.code = req_param(r, "code"), .name = req_param(r, "name")};
    const char *why = NULL;
    status_t st = org_split(&r->ctx, id, &sp, &ch, &new_id, &why);
    after(r, st, &why, id, new_id);
}

void ui_unit_dissolve(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    org_change_t ch = change_of(r);
    const char *why = NULL;
    after(r, org_dissolve(&r->ctx, id, &ch, &why), &why, id, id);
}
