/* The import wizard and the export buttons (issue 3 §3): a unit's page to
 * send an XLSX or CSV file, the check that runs as a job and whose page
 * shows the row-by-row report, the button that imports the same file for
 * real, and the forms that start an export job. The work itself is in
 * src/export/transfer.c and src/core/import.c. */
#include <string.h>

#include "core/job.h"
#include "core/unit.h"
#include "export/transfer.h"
#include "lib/html.h"
#include "lib/text.h"
#include "lib/time.h"
#include "web/handlers.h"
#include "web/ui.h"
#include "web/ui_import.h"

#define REPORT_SHOWN 500

static const char *const people_columns =
    "Họ và tên (bắt buộc), Giới tính, Ngày sinh hoặc Năm sinh, Số CCCD, Điện thoại, Email, Mã đơn vị, Chức vụ, "
    "Từ ngày, Ngày vào công đoàn, Lao động trực tiếp (x), Cán bộ quản lý (x)";
static const char *const unit_columns =
    "Mã đơn vị (bắt buộc), Tên đơn vị (bắt buộc), Tên viết tắt, Mã đơn vị cấp trên, Loại đơn vị, Khu vực, Địa chỉ, "
    "Ngày thành lập";

/* PREFIX followed by ID ("/imports/12"), in the request arena. */
static const char *path_of(req_t *r, const char *prefix, int64_t id)
{
    const char *p = arena_printf(r->arena, "%s%lld", prefix, (long long)id);
    return p ? p : "/jobs";
}

/* ---- the buttons on the people list ----------------------------------------------- */

void ui_transfer_buttons(req_t *r, buf_t *b, int64_t unit, const char *at, bool subtree, bool can_write)
{
    static const struct {
        const char *what, *format, *label;
    } forms[] = {
        {"people", "xlsx", "Xuất danh sách ra Excel"},
        {"people", "csv", "Xuất CSV"},
        {"units", "xlsx", "Xuất danh sách đơn vị"},
    };
    html_raw(b, "<div class=\"forms-inline\">");
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        html_raw(b, "<form class=\"inline\" method=\"post\" action=\"/units/");
        html_int(b, unit);
        html_raw(b, "/export\">");
        ui_csrf_field(r, b);
        html_raw(b, "<input type=\"hidden\" name=\"what\" value=\"");
        html_attr(b, forms[i].what);
        html_raw(b, "\"><input type=\"hidden\" name=\"format\" value=\"");
        html_attr(b, forms[i].format);
        html_raw(b, "\">");
        if (at) {
            html_raw(b, "<input type=\"hidden\" name=\"at\" value=\"");
            html_attr(b, at);
            html_raw(b, "\">");
        }
        if (subtree || strcmp(forms[i].what, "units") == 0)
            html_raw(b, "<input type=\"hidden\" name=\"subtree\" value=\"1\">");
        html_raw(b, "<button type=\"submit\">");
        html_text(b, forms[i].label);
        html_raw(b, "</button></form>");
    }
    if (can_write) {
        html_raw(b, "<p><a class=\"button\" href=\"/units/");
        html_int(b, unit);
        html_raw(b, "/import\">Nhập từ tệp Excel, CSV</a></p>");
    }
    html_raw(b, "</div>");
}

void ui_export_start(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    const char *what = req_param(r, "what"), *format = req_param(r, "format");
    transfer_what_t w = what && strcmp(what, "units") == 0 ? TRANSFER_UNITS : TRANSFER_PEOPLE;
    status_t st = transfer_submit_export(&r->ctx, w, unit, req_param(r, "at"), req_param_bool(r, "subtree"),
                                         format ? format : "xlsx", &id);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này."
                                : st == ST_INVALID ? "Định dạng tệp phải là xlsx hoặc csv." : NULL) == ST_OK)
        resp_redirect(r, path_of(r, "/jobs/", id));
}

/* ---- step 1: the file ---------------------------------------------------------------- */

static void form_page(req_t *r, const unit_t *u, int http, const char *error)
{
    buf_t b;
    ui_page_begin(r, &b, "Nhập từ tệp");
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, u->id);
    html_raw(&b, "\">");
    html_text(&b, u->name);
    html_raw(&b, "</a> ›</div><h1>Nhập danh sách từ tệp Excel hoặc CSV</h1>");
    ui_notice(&b, "error", error);
    html_raw(&b, "<form class=\"card\" method=\"post\" enctype=\"multipart/form-data\" action=\"/units/");
    html_int(&b, u->id);
    html_raw(&b, "/import\">");
    ui_csrf_field(r, &b);
    html_raw(&b, "<label>Nội dung của tệp <select name=\"kind\"><option value=\"people\">Danh sách đoàn viên"
                 "</option><option value=\"units\">Danh sách đơn vị trực thuộc</option></select></label>"
                 "<label>Tệp (.xlsx hoặc .csv, tối đa 50 MB) <input type=\"file\" name=\"file\" required"
                 " accept=\".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                 "text/csv\"></label><p><button type=\"submit\">Kiểm tra tệp</button></p>"
                 "<p class=\"muted\">Bước 1 chỉ kiểm tra: chưa có gì được ghi. Bạn sẽ xem báo cáo từng dòng rồi mới "
                 "quyết định nhập.</p></form><section class=\"card\"><h2>Tệp cần có</h2><p>Dòng đầu tiên của bảng là "
                 "tên các cột (viết hoa hay thường, có dấu hay không đều được). Người không ghi mã đơn vị được nhập "
                 "vào <strong>");
    html_text(&b, u->name);
    html_raw(&b, "</strong>; đơn vị không ghi mã cấp trên được đặt trực thuộc đơn vị này.</p><p><strong>Đoàn viên:"
                 "</strong> ");
    html_text(&b, people_columns);
    html_raw(&b, ".</p><p><strong>Đơn vị:</strong> ");
    html_text(&b, unit_columns);
    html_raw(&b, ".</p><p class=\"muted\">Ngày ghi dd/mm/yyyy. Nhập lại cùng một tệp không tạo bản ghi trùng: "
                 "người được nhận ra theo số CCCD, đơn vị theo mã. Tệp xuất ra từ tdkt có thể nhập lại ngay.</p>"
                 "</section>");
    ui_page_send(r, &b, http);
}

/* The unit of the request, which the caller may write; answers otherwise. */
static status_t writable_unit_or_respond(req_t *r, unit_t *u)
{
    int64_t id = req_param_int(r, "id", 0);
    status_t st = unit_get(&r->ctx, id, u);
    if (st == ST_OK)
        st = perm_check(&r->ctx, PERM_WRITE, id);
    return check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền nhập dữ liệu vào đơn vị này." : NULL);
}

void ui_import_form(req_t *r)
{
    unit_t u;
    if (writable_unit_or_respond(r, &u) == ST_OK)
        form_page(r, &u, 200, NULL);
}

void ui_import_upload(req_t *r)
{
    unit_t u;
    if (writable_unit_or_respond(r, &u) != ST_OK)
        return;
    if (!r->upload_path) {
        form_page(r, &u, 400, "Hãy chọn một tệp Excel (.xlsx) hoặc CSV có dữ liệu.");
        return;
    }
    const char *kind = req_param(r, "kind");
    transfer_what_t what = kind && strcmp(kind, "units") == 0 ? TRANSFER_UNITS : TRANSFER_PEOPLE;
    int64_t id = 0;
    status_t st = transfer_submit_import(&r->ctx, what, u.id, true, false, r->upload_path, r->upload_name, &id);
    if (check_or_respond(r, st, NULL) != ST_OK)
        return;
    r->upload_path = NULL; /* the job owns the file now */
    resp_redirect(r, path_of(r, "/imports/", id));
}

/* ---- step 2: the report, and the button ------------------------------------------------- */

static const char *state_label(const char *state)
{
    return strcmp(state, "queued") == 0    ? "Đang chờ"
           : strcmp(state, "running") == 0 ? "Đang chạy"
           : strcmp(state, "done") == 0    ? "Hoàn thành"
                                           : "Không thành công";
}

static void report_table(req_t *r, buf_t *b, const job_t *j, int64_t *duplicates)
{
    *duplicates = 0;
    const char *path = transfer_report_path(r->arena, j);
    import_problem_t *p;
    size_t n;
    int64_t total = 0;
    if (!path || transfer_read_report(path, r->arena, REPORT_SHOWN, &p, &n, &total, duplicates) != ST_OK)
        return;
    if (total == 0) {
        html_raw(b, "<p>Không có vấn đề nào.</p>");
        return;
    }
    html_raw(b, "<h2>Báo cáo từng dòng</h2><table><thead><tr><th class=\"num\">Dòng</th><th>Mức</th><th>Cột</th>"
                "<th>Nội dung</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td class=\"num\">");
        if (p[i].row > 0)
            html_int(b, p[i].row);
        html_raw(b, "</td><td>");
        html_raw(b, p[i].level == IMPORT_ERROR ? "<strong>" : "<span>");
        html_text(b, import_level_label(p[i].level));
        html_raw(b, p[i].level == IMPORT_ERROR ? "</strong>" : "</span>");
        html_raw(b, "</td><td>");
        html_text(b, p[i].column);
        html_raw(b, "</td><td>");
        html_text(b, p[i].message);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table><p>");
    if (total > (int64_t)n) {
        html_raw(b, "Trang này hiện ");
        text_format_int(b, (int64_t)n);
        html_raw(b, " trên ");
        text_format_int(b, total);
        html_raw(b, " dòng báo cáo. ");
    }
    html_raw(b, "<a href=\"/imports/");
    html_int(b, j->id);
    html_raw(b, "/report\">Tải báo cáo (CSV, mở được bằng Excel)</a></p>");
}

void ui_import_page(req_t *r)
{
    job_t j;
    bool dry = false;
    transfer_what_t what;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    if (st == ST_OK && !transfer_is_import(j.kind, &dry, &what))
        st = ST_NOT_FOUND;
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy lần nhập này." : NULL) != ST_OK)
        return;
    bool live = strcmp(j.state, "queued") == 0 || strcmp(j.state, "running") == 0;
    bool done = strcmp(j.state, "done") == 0;
    if (live)
        resp_header(r, "Refresh", "2");
    const job_kind_t *k = job_kind_find(j.kind);
    buf_t b;
    ui_page_begin(r, &b, k ? k->title : "Nhập từ tệp");
    if (j.unit_id) {
        html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
        html_int(&b, j.unit_id);
        html_raw(&b, "/import\">Nhập từ tệp</a> ›</div>");
    }
    html_raw(&b, "<h1>");
    html_text(&b, k ? k->title : j.kind);
    html_raw(&b, "</h1><section class=\"card\"><dl class=\"facts\"><dt>Tệp</dt><dd>");
    html_text(&b, j.input_name);
    html_raw(&b, "</dd><dt>Bước</dt><dd>");
    html_raw(&b, dry ? "1. Kiểm tra (chưa ghi gì)" : "2. Nhập vào hệ thống");
    html_raw(&b, "</dd><dt>Trạng thái</dt><dd>");
    html_text(&b, state_label(j.state));
    html_raw(&b, "</dd><dt>Tiến độ</dt><dd><progress max=\"");
    html_int(&b, j.total > 0 ? j.total : 1);
    html_raw(&b, "\" value=\"");
    html_int(&b, j.total > 0 ? j.progress : 0);
    html_raw(&b, "\"></progress> ");
    if (j.total > 0) {
        text_format_int(&b, j.progress);
        html_raw(&b, " / ");
        text_format_int(&b, j.total);
        html_raw(&b, " dòng");
    }
    html_raw(&b, "</dd></dl>");
    ui_notice(&b, done ? "ok" : "error", live ? NULL : j.message);
    if (live)
        html_raw(&b, "<p class=\"muted\">Trang tự cập nhật mỗi 2 giây. Bạn có thể rời trang; việc vẫn tiếp tục.</p>");
    int64_t duplicates = 0;
    if (!live)
        report_table(r, &b, &j, &duplicates);
    if (!live && dry && done) {
        html_raw(&b, "<form method=\"post\" action=\"/imports/");
        html_int(&b, j.id);
        html_raw(&b, "/commit\">");
        ui_csrf_field(r, &b);
        if (duplicates)
            html_raw(&b, "<label><input type=\"checkbox\" name=\"force\" value=\"1\" required> Vẫn nhập người nghi "
                         "trùng: tôi đã xem và đó là những người khác</label>");
        html_raw(&b, "<p><button type=\"submit\">Nhập vào hệ thống</button></p><p class=\"muted\">Tất cả hoặc không "
                     "gì cả: nếu có một dòng không ghi được, không dòng nào được ghi.</p></form>");
    }
    if (!live && !dry && done && j.unit_id) {
        html_raw(&b, "<p><a class=\"button\" href=\"/units/");
        html_int(&b, j.unit_id);
        html_raw(&b, what == TRANSFER_PEOPLE ? "/people?subtree=1\">Xem danh sách đoàn viên</a></p>"
                                             : "\">Xem đơn vị</a></p>");
    }
    if (!live && !done && j.unit_id) {
        html_raw(&b, "<p><a href=\"/units/");
        html_int(&b, j.unit_id);
        html_raw(&b, "/import\">Gửi tệp đã sửa</a></p>");
    }
    html_raw(&b, "</section>");
    ui_page_send(r, &b, 200);
}

void ui_import_commit(req_t *r)
{
    int64_t id = 0;
    const char *why = NULL;
    status_t st = transfer_submit_commit(&r->ctx, req_param_int(r, "id", 0), req_param_bool(r, "force"), &id, &why);
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy lần kiểm tra này." : why) == ST_OK)
        resp_redirect(r, path_of(r, "/imports/", id));
}

void ui_import_report(req_t *r)
{
    job_t j;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    const char *path = st == ST_OK ? transfer_report_path(r->arena, &j) : NULL;
    if (st == ST_OK && !path)
        st = ST_NOT_FOUND;
    if (st == ST_OK)
        st = resp_file(r, path, "bao-cao-nhap-tep.csv", "text/csv; charset=utf-8");
    check_or_respond(r, st, st == ST_NOT_FOUND ? "Lần nhập này chưa có báo cáo." : NULL);
}
