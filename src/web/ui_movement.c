/* One emulation movement (issue 4 §1): what it is, for whom and what it
 * leads to, its states and versions, the forms to move it on and to edit
 * it, and its cascade: the tree of units under the owner coloured by how
 * far each took the movement up, with the coverage figures, also as XLSX. */
#include <stdlib.h>
#include <string.h>

#include "core/movement.h"
#include "lib/html.h"
#include "lib/text.h"
#include "lib/time.h"
#include "web/handlers.h"
#include "web/list_export.h"
#include "web/movement_form.h"
#include "web/ui.h"
#include "web/ui_unit.h"

static const char *const forbid_read = "Bạn không có quyền xem phong trào này.";

static void fact(buf_t *b, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    html_raw(b, "<dt>");
    html_text(b, label);
    html_raw(b, "</dt><dd class=\"prose\">");
    html_text(b, value);
    html_raw(b, "</dd>");
}

static const char *people_name(const char *code)
{
    for (size_t i = 0; code && movement_people_codes[i].code; i++)
        if (strcmp(code, movement_people_codes[i].code) == 0)
            return movement_people_codes[i].name;
    return code;
}

static void facts(buf_t *b, const movement_t *m)
{
    html_raw(b, "<dl class=\"facts\"><dt>Đơn vị phát động</dt><dd><a href=\"/units/");
    html_int(b, m->owner_unit_id);
    html_raw(b, "/movements\">");
    html_text(b, m->owner_name);
    html_raw(b, "</a></dd>");
    if (m->parent_movement_id) {
        html_raw(b, "<dt>Hưởng ứng phong trào</dt><dd><a href=\"/movements/");
        html_int(b, m->parent_movement_id);
        html_raw(b, "\">Phong trào của cấp trên</a></dd>");
    }
    fact(b, "Loại phong trào", movement_kind_name(m->spec.kind));
    html_raw(b, "<dt>Thời gian</dt><dd>");
    ui_date_vn(b, m->spec.period_from);
    html_raw(b, " – ");
    ui_date_vn(b, m->spec.period_to);
    html_raw(b, "</dd>");
    fact(b, "Năm, giai đoạn", m->spec.year_label);
    fact(b, "Trạng thái", movement_state_name(m->state));
    fact(b, "Đơn vị tham gia: loại", m->spec.target_unit_kind);
    fact(b, "Đơn vị tham gia: khu vực", m->spec.target_sector);
    fact(b, "Đối tượng người lao động", people_name(m->spec.target_people));
    fact(b, "Danh hiệu hướng tới", m->spec.titles);
    fact(b, "Nội dung", m->spec.content);
    fact(b, "Mục tiêu, chỉ tiêu", m->spec.goals);
    fact(b, "Căn cứ", m->spec.legal_basis);
    html_raw(b, "</dl>");
}

static void history(buf_t *b, const movement_t *m)
{
    html_raw(b, "<h2>Quá trình</h2><table><thead><tr><th>Ngày</th><th>Bước</th><th>Ghi chú</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->n_history; i++) {
        html_raw(b, "<tr><td>");
        ui_date_vn(b, m->history[i].date);
        html_raw(b, "</td><td>");
        html_text(b, movement_state_name(m->history[i].state));
        html_raw(b, "</td><td>");
        html_text(b, m->history[i].note);
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table>");
    if (m->n_versions > 1) {
        html_raw(b, "<p class=\"muted\">Đã sửa sau khi phát động: ");
        html_int(b, (int64_t)m->n_versions);
        html_raw(b, " phiên bản, các phiên bản cũ được lưu lại.</p>");
    }
}

/* The steps the movement may take next (none when closed). */
static void state_form(req_t *r, buf_t *b, const movement_t *m)
{
    static const char *const next[][3] = {
        {"draft", "launched", "Phát động"}, {"launched", "interim", "Sơ kết"}, {"launched", "final", "Tổng kết"},
        {"interim", "interim", "Sơ kết thêm"}, {"interim", "final", "Tổng kết"}, {"final", "closed", "Kết thúc"}};
    bool any = false;
    for (size_t i = 0; i < sizeof next / sizeof *next; i++)
        any |= strcmp(m->state, next[i][0]) == 0;
    if (!any)
        return;
    html_raw(b, "<form class=\"card\" method=\"post\" action=\"/movements/");
    html_int(b, m->id);
    html_raw(b, "/state\"><h2>Bước tiếp theo</h2>");
    ui_csrf_field(r, b);
    html_raw(b, "<label>Bước <select name=\"state\" required>");
    for (size_t i = 0; i < sizeof next / sizeof *next; i++) {
        if (strcmp(m->state, next[i][0]) != 0)
            continue;
        html_raw(b, "<option value=\"");
        html_attr(b, next[i][1]);
        html_raw(b, "\">");
        html_text(b, next[i][2]);
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label><label>Ngày (dd/mm/yyyy) <input name=\"date\" inputmode=\"numeric\" required"
                " placeholder=\"dd/mm/yyyy\"></label><label>Ghi chú <textarea rows=\"2\" name=\"note\"></textarea>"
                "</label><button type=\"submit\">Ghi nhận</button></form>");
}

static void edit_form(req_t *r, buf_t *b, const movement_t *m, bool refill)
{
    if (strcmp(m->state, "closed") == 0)
        return;
    movement_spec_t typed = movement_spec_from(r);
    html_raw(b, refill ? "<details class=\"card\" open>" : "<details class=\"card\">");
    html_raw(b, "<summary>Sửa phong trào</summary><form method=\"post\" action=\"/movements/");
    html_int(b, m->id);
    html_raw(b, "\">");
    ui_csrf_field(r, b);
    movement_form_fields(r, b, refill ? &typed : &m->spec);
    html_raw(b, strcmp(m->state, "draft") == 0
                    ? "<button type=\"submit\">Lưu</button>"
                    : "<p class=\"muted\">Phong trào đã phát động: bản sửa được lưu thành phiên bản mới.</p>"
                      "<button type=\"submit\">Lưu phiên bản mới</button>");
    html_raw(b, "</form></details>");
}

/* ---- the cascade ------------------------------------------------------------ */

typedef struct {
    const coverage_t *cv;
    int64_t *first, *next; /* first child / next sibling of each row; -1: none */
} tree_t;

typedef struct {
    int64_t unit_id;
    size_t row;
} unit_row_t;

static int by_unit(const void *a, const void *b)
{
    int64_t x = ((const unit_row_t *)a)->unit_id, y = ((const unit_row_t *)b)->unit_id;
    return (x > y) - (x < y);
}

/* Links each row under its parent's row, keeping the rows' order among
 * siblings; rows whose parent is not a row are roots (*ROOT, chained by
 * next). False when out of memory. */
static bool tree_build(arena_t *a, const coverage_t *cv, tree_t *t, int64_t *root)
{
    size_t n = cv->n ? cv->n : 1;
    unit_row_t *idx = arena_alloc(a, n * sizeof *idx);
    int64_t *last = arena_alloc(a, n * sizeof *last), last_root = -1;
    t->cv = cv;
    t->first = arena_alloc(a, n * sizeof *t->first);
    t->next = arena_alloc(a, n * sizeof *t->next);
    if (!idx || !last || !t->first || !t->next)
        return false;
    for (size_t i = 0; i < cv->n; i++) {
        idx[i] = (unit_row_t){cv->rows[i].unit_id, i};
        t->first[i] = t->next[i] = last[i] = -1;
    }
    qsort(idx, cv->n, sizeof *idx, by_unit);
    *root = -1;
    for (size_t i = 0; i < cv->n; i++) {
        unit_row_t key = {cv->rows[i].parent_id, 0};
        unit_row_t *p = cv->n ? bsearch(&key, idx, cv->n, sizeof *idx, by_unit) : NULL;
        int64_t *head = p ? &t->first[p->row] : root, *tail = p ? &last[p->row] : &last_root;
        if (*tail < 0)
            *head = (int64_t)i;
        else
            t->next[*tail] = (int64_t)i;
        *tail = (int64_t)i;
    }
    return true;
}

static const char *cov_class(const coverage_row_t *u)
{
    return u->final ? "cov-final" : u->interim ? "cov-interim" : u->launched ? "cov-launched"
                                  : u->responded ? "cov-responded" : "cov-none";
}

static const char *cov_label(const coverage_row_t *u)
{
    return u->final ? "đã tổng kết" : u->interim ? "đã sơ kết" : u->launched ? "đã phát động"
                                  : u->responded ? "đang soạn" : "chưa hưởng ứng";
}

static void tree_node(buf_t *b, const tree_t *t, int64_t i)
{
    const coverage_row_t *u = &t->cv->rows[i];
    html_raw(b, "<li class=\"");
    html_raw(b, cov_class(u));
    html_raw(b, "\"><a href=\"");
    if (u->movement_id) {
        html_raw(b, "/movements/");
        html_int(b, u->movement_id);
    } else {
        html_raw(b, "/units/");
        html_int(b, u->unit_id);
    }
    html_raw(b, "\">");
    html_text(b, u->name);
    html_raw(b, "</a> <span class=\"badge\">");
    html_text(b, cov_label(u));
    html_raw(b, "</span>");
    if (u->registered)
        html_raw(b, " <span class=\"badge cov-registered\">đã đăng ký thi đua</span>");
    if (t->first[i] >= 0) {
        html_raw(b, "<ul>");
        for (int64_t k = t->first[i]; k >= 0; k = t->next[k])
            tree_node(b, t, k);
        html_raw(b, "</ul>");
    }
    html_raw(b, "</li>");
}

static void figure(buf_t *b, const char *label, int64_t n, int64_t total, const char *share)
{
    html_raw(b, "<div class=\"figure\"><strong>");
    html_text(b, share);
    html_raw(b, "</strong><span>");
    html_text(b, label);
    html_raw(b, ": ");
    text_format_int(b, n);
    html_raw(b, "/");
    text_format_int(b, total);
    html_raw(b, "</span></div>");
}

static void cascade(req_t *r, buf_t *b, const movement_t *m)
{
    coverage_t cv;
    tree_t t;
    int64_t root;
    html_raw(b, "<section class=\"card\"><h2>Các đơn vị trực thuộc hưởng ứng</h2>");
    if (movement_coverage(&r->ctx, m->id, true, &cv) != ST_OK || !tree_build(r->arena, &cv, &t, &root)) {
        html_raw(b, "<p class=\"muted\">Chỉ đơn vị phát động xem được mức độ hưởng ứng của cả cây đơn vị.</p></section>");
        return;
    }
    html_raw(b, "<div class=\"figures\">");
    figure(b, "Đã hưởng ứng", cv.responded, cv.total, cv.responded_share);
    figure(b, "Đã phát động", cv.launched, cv.total, cv.launched_share);
    figure(b, "Đã sơ kết", cv.interim, cv.total, cv.interim_share);
    figure(b, "Đã tổng kết", cv.final, cv.total, cv.final_share);
    figure(b, "Đã đăng ký thi đua", cv.registered, cv.total, cv.registered_share);
    html_raw(b, "</div><p><a href=\"/movements/");
    html_int(b, m->id);
    html_raw(b, "/coverage\">Tải danh sách đơn vị và mức độ hưởng ứng (Excel)</a></p><ul class=\"cascade\">");
    for (int64_t k = root; k >= 0; k = t.next[k])
        tree_node(b, &t, k);
    html_raw(b, "</ul></section>");
}

/* ---- the page and its forms ------------------------------------------------- */

static void link(buf_t *b, const char *href, const char *label)
{
    html_raw(b, "<a class=\"button\" href=\"");
    html_attr(b, href);
    html_raw(b, "\">");
    html_text(b, label);
    html_raw(b, "</a> ");
}

/* Where the movement's score sheet and ranking live, and the
 * answering unit's score in its superior's movement. */
static void links(req_t *r, buf_t *b, const movement_t *m)
{
    long long id = (long long)m->id, owner = (long long)m->owner_unit_id;
    html_raw(b, "<p class=\"actions\">");
    link(b, arena_printf(r->arena, "/movements/%lld/registrations", id), "Đăng ký thi đua");
    link(b, arena_printf(r->arena, "/movements/%lld/sheet", id), "Bảng tiêu chí chấm điểm");
    link(b, arena_printf(r->arena, "/movements/%lld/ranking", id), "Xếp hạng");
    if (m->parent_movement_id)
        link(b, arena_printf(r->arena, "/movements/%lld/scores/%lld", (long long)m->parent_movement_id, owner),
             "Điểm thi đua của đơn vị");
    html_raw(b, "</p>");
}

static void render(req_t *r, int64_t id, int http, const char *error, const char *ok)
{
    movement_t m;
    status_t st = movement_get(&r->ctx, id, &m);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, m.spec.name);
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, m.owner_unit_id);
    html_raw(&b, "/movements\">Phong trào thi đua của ");
    html_text(&b, m.owner_name);
    html_raw(&b, "</a> ›</div><h1>");
    html_text(&b, m.spec.name);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    html_raw(&b, "<section class=\"card\">");
    facts(&b, &m);
    history(&b, &m);
    html_raw(&b, "</section>");
    links(r, &b, &m);
    if (perm_check(&r->ctx, PERM_WRITE, m.owner_unit_id) == ST_OK) {
        html_raw(&b, "<div class=\"forms\">");
        state_form(r, &b, &m);
        html_raw(&b, "</div>");
        edit_form(r, &b, &m, error != NULL);
    }
    cascade(r, &b, &m);
    ui_page_send(r, &b, http);
}

void ui_movement_page(req_t *r) { render(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

static void after(req_t *r, status_t st, int64_t id, const char *why, const char *done)
{
    if (st == ST_OK)
        render(r, id, 200, NULL, done);
    else if (st == ST_INVALID || st == ST_CONFLICT)
        render(r, id, status_http(st), why, NULL);
    else
        respond_error(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền thay đổi phong trào này." : why);
}

void ui_movement_update(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    movement_spec_t sp = movement_spec_from(r);
    status_t st = movement_update(&r->ctx, id, &sp, &why);
    after(r, st, id, why, "Đã lưu phong trào.");
}

void ui_movement_state(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = movement_set_state(&r->ctx, id, req_param(r, "state"), req_param(r, "date"), req_param(r, "note"),
                                     &why);
    after(r, st, id, why, "Đã ghi nhận.");
}

void ui_movement_coverage_export(req_t *r)
{
    static const char *const header[] = {"Mã đơn vị", "Tên đơn vị", "Cấp (tính từ đơn vị phát động)", "Đã hưởng ứng",
                                         "Đã phát động", "Đã sơ kết", "Đã tổng kết", "Đã đăng ký thi đua"};
    coverage_t cv;
    status_t st = movement_coverage(&r->ctx, req_param_int(r, "id", 0), true, &cv);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    list_export_t *x = list_export_begin_or_respond(r, list_export_format(r), "muc-do-huong-ung", header,
                                                    sizeof header / sizeof *header);
    for (size_t i = 0; x && i < cv.n; i++) {
        const coverage_row_t *u = &cv.rows[i];
        list_export_text(x, u->code);
        list_export_text(x, u->name);
        list_export_int(x, u->depth);
        const bool flags[] = {u->responded, u->launched, u->interim, u->final, u->registered};
        for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
            list_export_text(x, flags[k] ? "Có" : "Chưa");
        list_export_end_row(x);
    }
    if (x)
        list_export_send(x);
}
