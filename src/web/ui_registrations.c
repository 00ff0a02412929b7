/* The registration screen of a movement for one unit
 * (/movements/{id}/registrations?unit_id=…, issue 4 §2): the deadline, the
 * counts per title, the unit's registration as a collective, its members
 * with check boxes to register many at once for one title (or all of
 * them), the import of a list with its report, the "registration required"
 * setting, and the list of registrations under the unit with withdrawal
 * and the XLSX/CSV download. Works without JavaScript. */
#include <stdlib.h>
#include <string.h>

#include "core/movement.h"
#include "core/perm.h"
#include "core/person.h"
#include "core/title.h"
#include "core/unit.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/registration_web.h"
#include "web/ui.h"
#include "web/ui_register.h"
#include "web/ui_unit.h"

#define MEMBERS_SHOWN 1000

static const char forbid_read[] = "Bạn không có quyền xem đăng ký thi đua của phong trào hoặc đơn vị này.";

typedef struct {
    const movement_t *m;
    unit_t u;
    const char *deadline;
    bool passed, writable;
    const char *base; /* "/movements/7/registrations" */
} page_t;

/* The unit the page is about: "unit_id", else the movement's owner when
 * the caller may read it, else the first unit of the caller's scope. */
static status_t page_unit(req_t *r, const movement_t *m, unit_t *u)
{
    int64_t id = req_param_int(r, "unit_id", 0);
    if (!id && perm_check(&r->ctx, PERM_READ, m->owner_unit_id) == ST_OK)
        id = m->owner_unit_id;
    if (!id) {
        unit_t *scope;
        size_t n;
        status_t st = unit_list_scope(&r->ctx, PERM_READ, 1, &scope, &n);
        if (st != ST_OK || n == 0)
            return st == ST_OK ? ST_FORBIDDEN : st;
        id = scope[0].id;
    }
    return unit_get(&r->ctx, id, u);
}

static const char *unit_href(req_t *r, const page_t *p, int64_t unit)
{
    return arena_printf(r->arena, "%s?unit_id=%lld", p->base, (long long)unit);
}

static void hidden(buf_t *b, const char *name, int64_t v)
{
    html_raw(b, "<input type=\"hidden\" name=\"");
    html_attr(b, name);
    html_raw(b, "\" value=\"");
    html_int(b, v);
    html_raw(b, "\">");
}

static void hidden_text(buf_t *b, const char *name, const char *v)
{
    html_raw(b, "<input type=\"hidden\" name=\"");
    html_attr(b, name);
    html_raw(b, "\" value=\"");
    html_attr(b, v);
    html_raw(b, "\">");
}

static void checkbox(buf_t *b, const char *name, const char *label, bool checked)
{
    html_raw(b, "<label class=\"check\"><input type=\"checkbox\" name=\"");
    html_attr(b, name);
    html_raw(b, checked ? "\" value=\"1\" checked> " : "\" value=\"1\"> ");
    html_text(b, label);
    html_raw(b, "</label>");
}

/* ---- the head: units around, deadline, counts -------------------------------------- */

static void children_nav(req_t *r, buf_t *b, const page_t *p)
{
    unit_t *kids;
    size_t n;
    if (unit_list(&r->ctx, p->u.id, &kids, &n) != ST_OK || n == 0)
        return;
    html_raw(b, "<p class=\"muted\">Xem đơn vị trực thuộc: ");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, i ? ", <a href=\"" : "<a href=\"");
        html_attr(b, unit_href(r, p, kids[i].id));
        html_raw(b, "\">");
        html_text(b, kids[i].name);
        html_raw(b, "</a>");
    }
    html_raw(b, "</p>");
}

static void deadline_box(req_t *r, buf_t *b, const page_t *p)
{
    html_raw(b, "<p>");
    if (p->deadline) {
        html_raw(b, "Hạn đăng ký: <strong>");
        ui_date_vn(b, p->deadline);
        html_raw(b, p->passed ? "</strong> <span class=\"badge\">đã quá hạn: đăng ký muộn phải ghi lý do</span>"
                              : "</strong>");
    } else {
        html_raw(b, "Phong trào chưa đặt hạn đăng ký.");
    }
    html_raw(b, "</p>");
    if (perm_check(&r->ctx, PERM_WRITE, p->m->owner_unit_id) != ST_OK)
        return;
    html_raw(b, "<form class=\"inline\" method=\"post\" action=\"");
    html_attr(b, arena_printf(r->arena, "%s/deadline", p->base));
    html_raw(b, "\">");
    ui_csrf_field(r, b);
    hidden(b, "unit_id", p->u.id);
    buf_t d;
    buf_init(&d, 16);
    if (p->deadline)
        ui_date_vn(&d, p->deadline);
    ui_input(b, "deadline", "Hạn đăng ký (dd/mm/yyyy; để trống: không có hạn)", "text",
             p->deadline && !buf_failed(&d) ? arena_strdup(r->arena, buf_str(&d)) : NULL, 0);
    buf_free(&d);
    html_raw(b, "<button type=\"submit\">Đặt hạn</button></form>");
}

static void counts_box(buf_t *b, const registration_list_t *l)
{
    html_raw(b, "<dl class=\"facts\">");
    for (size_t i = 0; i < l->n_counts; i++) {
        html_raw(b, "<dt>");
        html_text(b, l->counts[i].title_name);
        html_raw(b, "</dt><dd>");
        text_format_int(b, l->counts[i].count);
        html_raw(b, "</dd>");
    }
    html_raw(b, "<dt>Tổng số đăng ký</dt><dd>");
    text_format_int(b, l->active);
    html_raw(b, "</dd><dt>Trong đó đăng ký muộn</dt><dd>");
    text_format_int(b, l->late);
    html_raw(b, "</dd><dt>Đã rút đăng ký</dt><dd>");
    text_format_int(b, l->withdrawn);
    html_raw(b, "</dd></dl>");
}

/* ---- the forms ------------------------------------------------------------------------ */

/* True when CODE is one of the comma-separated LIST. */
static bool listed(const char *list, const char *code)
{
    size_t len = strlen(code);
    for (const char *p = list; p && *p;) {
        size_t k = strcspn(p, ",");
        if (k == len && strncmp(p, code, k) == 0)
            return true;
        p += k + (p[k] == ',');
    }
    return false;
}

/* A select of the titles SUBJECT may register for today: those the
 * movement leads to when it names them, else the whole catalogue. */
static void title_select(req_t *r, buf_t *b, const page_t *p, const char *subject)
{
    title_t *t;
    size_t n = 0, k = 0;
    if (title_list(&r->ctx, NULL, subject, &t, &n) != ST_OK)
        n = 0;
    const char *only = p->m->spec.titles;
    bool any = false;
    for (size_t i = 0; only && i < n; i++)
        any |= listed(only, t[i].code);
    const char **codes = arena_calloc(r->arena, n + 1, sizeof *codes);
    const char **names = arena_calloc(r->arena, n + 1, sizeof *names);
    for (size_t i = 0; codes && names && i < n; i++)
        if (!any || listed(only, t[i].code)) {
            codes[k] = t[i].code;
            names[k++] = t[i].name;
        }
    if (codes && names)
        ui_register_select(b, "title_code", "Danh hiệu đăng ký", codes, names, k, req_param(r, "title_code"));
}

/* Targets and, after the deadline, the reason for registering late. */
static void common_fields(buf_t *b, const page_t *p)
{
    ui_register_textarea(b, "targets", "Chỉ tiêu đăng ký (không bắt buộc)", NULL, 0);
    if (p->passed)
        ui_input(b, "late_reason", "Lý do đăng ký muộn (bắt buộc vì đã quá hạn)", "text", NULL, 1);
    hidden(b, "unit_id", p->u.id);
}

static void unit_form(req_t *r, buf_t *b, const page_t *p)
{
    ui_register_form_begin(r, b, p->base, arena_printf(r->arena, "Đăng ký cho tập thể: %s", p->u.name));
    title_select(r, b, p, "collective");
    hidden_text(b, "subject", "collective");
    common_fields(b, p);
    ui_register_form_end(b, "Đăng ký cho tập thể");
}

/* The titles of each member already registered, sorted by person. */
typedef struct {
    int64_t person;
    const char *titles;
} held_t;

typedef struct {
    arena_t *a;
    held_t *h;
    size_t n, cap;
} held_list_t;

static int add_held(const registration_t *g, void *arg)
{
    held_list_t *l = arg;
    if (!g->person_id)
        return 0;
    if (l->n && l->h[l->n - 1].person == g->person_id) {
        l->h[l->n - 1].titles = arena_printf(l->a, "%s, %s", l->h[l->n - 1].titles, g->title_name);
        return 0;
    }
    held_t *e = arena_push(l->a, (void **)&l->h, &l->n, &l->cap, sizeof *e);
    if (!e)
        return 1;
    *e = (held_t){g->person_id, arena_strdup(l->a, g->title_name)};
    return 0;
}

static int by_person(const void *a, const void *b)
{
    const held_t *x = a, *y = b;
    return (x->person > y->person) - (x->person < y->person);
}

static const char *held_titles(const held_list_t *l, int64_t person)
{
    held_t key = {person, NULL};
    const held_t *h = l->n ? bsearch(&key, l->h, l->n, sizeof *l->h, by_person) : NULL;
    return h ? h->titles : NULL;
}

typedef struct {
    buf_t *b;
    const held_list_t *held;
    size_t shown;
    int64_t total;
} members_walk_t;

static int member_row(const person_row_t *row, void *arg)
{
    members_walk_t *w = arg;
    if (++w->total > MEMBERS_SHOWN)
        return 0;
    w->shown++;
    html_raw(w->b, "<tr><td><input type=\"checkbox\" name=\"people\" value=\"");
    html_int(w->b, row->id);
    html_raw(w->b, "\" aria-label=\"Chọn\"></td><td><a href=\"/people/");
    html_int(w->b, row->id);
    html_raw(w->b, "\">");
    html_text(w->b, row->full_name);
    html_raw(w->b, "</a></td><td>");
    html_text(w->b, row->position);
    html_raw(w->b, "</td><td>");
    html_text(w->b, held_titles(w->held, row->id));
    html_raw(w->b, "</td></tr>");
    return 0;
}

static void people_form(req_t *r, buf_t *b, const page_t *p)
{
    held_list_t held = {.a = r->arena};
    registration_query_t own = {p->m->id, p->u.id, false, true};
    registration_list_each(&r->ctx, &own, add_held, &held);
    if (held.n)
        qsort(held.h, held.n, sizeof *held.h, by_person);
    ui_register_form_begin(r, b, p->base, arena_printf(r->arena, "Đăng ký cho cá nhân: đoàn viên của %s", p->u.name));
    html_raw(b, "<p class=\"muted\">Đánh dấu những người đăng ký cùng một danh hiệu rồi bấm «Đăng ký cho những người "
                "đã chọn».</p><div class=\"scroll\"><table><thead><tr><th>Chọn</th><th>Họ và tên</th><th>Chức vụ</th>"
                "<th>Đã đăng ký</th></tr></thead><tbody>");
    members_walk_t w = {b, &held, 0, 0};
    person_list_each(&r->ctx, p->u.id, NULL, false, member_row, &w);
    if (w.total == 0)
        html_raw(b, "<tr><td colspan=\"4\" class=\"muted\">Đơn vị chưa có đoàn viên sinh hoạt trực tiếp.</td></tr>");
    html_raw(b, "</tbody></table></div>");
    if (w.total > (int64_t)w.shown) {
        html_raw(b, "<p class=\"muted\">Chỉ hiện ");
        text_format_int(b, (int64_t)w.shown);
        html_raw(b, " trong số ");
        text_format_int(b, w.total);
        html_raw(b, " đoàn viên; dùng «tất cả đoàn viên» hoặc nhập từ tệp Excel.</p>");
    }
    checkbox(b, "all_members", "Đăng ký cho tất cả đoàn viên của đơn vị (không cần đánh dấu từng người)", false);
    title_select(r, b, p, "individual");
    hidden_text(b, "subject", "individual");
    common_fields(b, p);
    ui_register_form_end(b, "Đăng ký cho những người đã chọn");
}

static void import_form(req_t *r, buf_t *b, const page_t *p)
{
    html_raw(b, "<form class=\"card\" method=\"post\" enctype=\"multipart/form-data\" action=\"");
    html_attr(b, arena_printf(r->arena, "%s/import", p->base));
    html_raw(b, "\"><h2>Nhập danh sách đăng ký từ tệp Excel</h2><p class=\"muted\">Tệp .xlsx hoặc .csv, dòng đầu là "
                "tiêu đề cột: «Họ và tên», «Số CCCD» hoặc «Mã hồ sơ», «Danh hiệu đăng ký», «Chỉ tiêu». Danh sách tải "
                "về từ trang này nhập lại được. Tên và mã các danh hiệu: <a href=\"/titles\">danh mục danh hiệu</a>.</p>");
    ui_csrf_field(r, b);
    html_raw(b, "<label>Tệp danh sách <input type=\"file\" name=\"file\" accept=\".xlsx,.csv\" required></label>");
    checkbox(b, "dry_run", "Chỉ kiểm tra, chưa ghi vào hệ thống", true);
    if (p->passed)
        ui_input(b, "late_reason", "Lý do đăng ký muộn (bắt buộc vì đã quá hạn)", "text", NULL, 0);
    hidden(b, "unit_id", p->u.id);
    html_raw(b, "<p><button type=\"submit\">Gửi tệp</button></p></form>");
}

static void setting_form(req_t *r, buf_t *b, const page_t *p)
{
    static const char *const codes[] = {"inherit", "1", "0"};
    static const char *const names[] = {"Theo đơn vị cấp trên", "Có: phải đăng ký trước khi đề nghị danh hiệu",
                                        "Không bắt buộc"};
    bool required = false;
    int own = -1;
    if (registration_required(&r->ctx, p->u.id, &required) != ST_OK ||
        registration_own_setting(&r->ctx, p->u.id, &own) != ST_OK)
        return;
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/setting", p->base), "Cài đặt của đơn vị");
    html_raw(b, "<p>Hiện tại: ");
    html_text(b, required ? "phải đăng ký thi đua trước khi đề nghị danh hiệu."
                          : "không bắt buộc đăng ký trước khi đề nghị danh hiệu.");
    html_raw(b, "</p>");
    ui_register_select(b, "registration_required", "Bắt buộc đăng ký thi đua trước khi đề nghị danh hiệu", codes,
                       names, 3, own < 0 ? codes[0] : own ? codes[1] : codes[2]);
    hidden(b, "unit_id", p->u.id);
    ui_register_form_end(b, "Lưu cài đặt");
}

/* ---- the import report and the list ----------------------------------------------------- */

static void report_box(buf_t *b, const registration_import_report_t *rep, bool dry)
{
    html_raw(b, "<section class=\"card\"><h2>Kết quả ");
    html_raw(b, dry ? "kiểm tra tệp" : "nhập tệp");
    html_raw(b, "</h2><p>");
    text_format_int(b, rep->rows);
    html_raw(b, " dòng; ");
    text_format_int(b, rep->registered);
    html_raw(b, rep->written ? " người đã được đăng ký; " : " người sẽ được đăng ký; ");
    text_format_int(b, rep->unchanged);
    html_raw(b, " người đã đăng ký từ trước (giữ nguyên); ");
    text_format_int(b, rep->n_errors);
    html_raw(b, " lỗi.</p>");
    if (rep->n_errors)
        html_raw(b, "<p>Chưa ghi gì vào hệ thống. Hãy sửa các dòng dưới đây trong tệp rồi gửi lại.</p>");
    else if (dry && rep->registered)
        html_raw(b, "<p>Tệp hợp lệ. Gửi lại tệp và bỏ dấu «Chỉ kiểm tra» để ghi vào hệ thống.</p>");
    if (rep->n_problems) {
        html_raw(b, "<table><thead><tr><th class=\"num\">Dòng</th><th>Nội dung</th></tr></thead><tbody>");
        for (size_t i = 0; i < rep->n_problems; i++) {
            html_raw(b, "<tr><td class=\"num\">");
            if (rep->problems[i].row)
                html_int(b, rep->problems[i].row);
            html_raw(b, "</td><td>");
            html_text(b, rep->problems[i].message);
            html_raw(b, "</td></tr>");
        }
        html_raw(b, "</tbody></table>");
    }
    html_raw(b, "</section>");
}

static void withdraw_button(req_t *r, buf_t *b, const page_t *p, const registration_t *g)
{
    html_raw(b, "<form class=\"inline\" method=\"post\" action=\"/registrations/");
    html_int(b, g->id);
    html_raw(b, "/withdraw\">");
    ui_csrf_field(r, b);
    hidden(b, "movement_id", p->m->id);
    hidden(b, "unit_id", p->u.id);
    html_raw(b, "<input type=\"text\" name=\"reason\" placeholder=\"Lý do rút\" aria-label=\"Lý do rút đăng ký\">"
                "<button type=\"submit\" class=\"secondary\">Rút đăng ký</button></form>");
}

static void list_row(req_t *r, buf_t *b, const page_t *p, const registration_t *g, int64_t no)
{
    html_raw(b, "<tr><td class=\"num\">");
    html_int(b, no);
    html_raw(b, "</td><td>");
    if (g->person_id) {
        html_raw(b, "<a href=\"/people/");
        html_int(b, g->person_id);
        html_raw(b, "\">");
        html_text(b, g->person_name);
        html_raw(b, "</a>");
    } else {
        html_raw(b, "<em>Tập thể</em>");
    }
    html_raw(b, "</td><td>");
    html_text(b, g->unit_name);
    html_raw(b, "</td><td>");
    html_text(b, g->title_name);
    html_raw(b, "</td><td>");
    html_text(b, g->targets);
    html_raw(b, "</td><td>");
    ui_date_vn(b, g->registered_on);
    if (g->late) {
        html_raw(b, " <span class=\"badge\" title=\"");
        html_attr(b, g->late_reason);
        html_raw(b, "\">muộn</span>");
    }
    html_raw(b, "</td><td>");
    if (strcmp(g->state, "active") != 0)
        html_raw(b, "Đã rút");
    else if (p->writable)
        withdraw_button(r, b, p, g);
    html_raw(b, "</td></tr>");
}

static void list_box(req_t *r, buf_t *b, const page_t *p, const registration_list_t *l, int64_t page)
{
    html_raw(b, "<section class=\"card\"><h2>Danh sách đăng ký thi đua</h2>");
    ui_register_exports(b, arena_printf(r->arena, "%s/export?unit_id=%lld", p->base, (long long)p->u.id));
    html_raw(b, "<table><thead><tr><th class=\"num\">TT</th><th>Họ và tên</th><th>Đơn vị</th><th>Danh hiệu</th>"
                "<th>Chỉ tiêu</th><th>Ngày đăng ký</th><th></th></tr></thead><tbody>");
    for (size_t i = 0; i < l->n; i++)
        list_row(r, b, p, &l->rows[i], (page - 1) * REG_PAGE + (int64_t)i + 1);
    if (l->n == 0)
        html_raw(b, "<tr><td colspan=\"7\" class=\"muted\">Chưa có đăng ký nào.</td></tr>");
    html_raw(b, "</tbody></table>");
    int64_t total = l->active, pages = (total + REG_PAGE - 1) / REG_PAGE;
    if (pages > 1) {
        html_raw(b, "<p class=\"pager\">Trang ");
        html_int(b, page);
        html_raw(b, "/");
        html_int(b, pages);
        for (int64_t k = page - 1; k <= page + 1; k += 2)
            if (k >= 1 && k <= pages) {
                html_raw(b, " <a href=\"");
                html_attr(b, arena_printf(r->arena, "%s&page=%lld", unit_href(r, p, p->u.id), (long long)k));
                html_raw(b, k < page ? "\">‹ Trang trước</a>" : "\">Trang sau ›</a>");
            }
        html_raw(b, "</p>");
    }
    html_raw(b, "</section>");
}

/* ---- the page ------------------------------------------------------------------------------ */

static void render_full(req_t *r, int64_t movement, int http, const char *error, const char *ok,
                        const registration_import_report_t *rep)
{
    movement_t m;
    page_t p = {.m = &m, .base = arena_printf(r->arena, "/movements/%lld/registrations", (long long)movement)};
    int64_t page = registration_page(r);
    registration_list_t l;
    status_t st = movement_get(&r->ctx, movement, &m);
    if (st == ST_OK)
        st = page_unit(r, &m, &p.u);
    if (st == ST_OK)
        st = registration_list(&r->ctx, &(registration_query_t){movement, p.u.id, false, false},
                               (size_t)(page - 1) * REG_PAGE, REG_PAGE, &l);
    if (st == ST_OK)
        st = registration_deadline(&r->ctx, movement, &p.deadline, &p.passed);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    p.writable = perm_check(&r->ctx, PERM_WRITE, p.u.id) == ST_OK;
    buf_t b;
    ui_page_begin(r, &b, "Đăng ký thi đua");
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/movements/");
    html_int(&b, movement);
    html_raw(&b, "\">");
    html_text(&b, m.spec.name);
    html_raw(&b, "</a> ›</div><h1>Đăng ký thi đua: ");
    html_text(&b, p.u.name);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    if (rep)
        report_box(&b, rep, req_param_bool(r, "dry_run"));
    html_raw(&b, "<section class=\"card\">");
    children_nav(r, &b, &p);
    deadline_box(r, &b, &p);
    counts_box(&b, &l);
    html_raw(&b, "</section>");
    if (p.writable) {
        unit_form(r, &b, &p);
        people_form(r, &b, &p);
        import_form(r, &b, &p);
        setting_form(r, &b, &p);
    }
    list_box(r, &b, &p, &l, page);
    ui_page_send(r, &b, http);
}

static void render(req_t *r, int64_t movement, int http, const char *error, const char *ok)
{
    render_full(r, movement, http, error, ok, NULL);
}

void ui_registrations_page(req_t *r) { render(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_registrations_add(req_t *r)
{
    registration_outcome_t out;
    status_t st = registration_add_from(r, &out);
    buf_t nb;
    buf_init(&nb, 32);
    text_format_int(&nb, out.registered);
    const char *done = out.registered == 1 || buf_failed(&nb)
                           ? "Đã đăng ký."
                           : arena_printf(r->arena, "Đã đăng ký cho %s người.", buf_str(&nb));
    buf_free(&nb);
    if (st == ST_OK && out.late)
        done = arena_printf(r->arena, "%s Đăng ký được đánh dấu muộn.", done);
    ui_register_after(r, st, out.why, req_param_int(r, "id", 0), render, done);
}

void ui_registrations_import(req_t *r)
{
    registration_import_report_t rep;
    const char *why = NULL;
    status_t st = registration_import_from(r, &rep, &why);
    if (st == ST_OK)
        render_full(r, req_param_int(r, "id", 0), rep.n_errors ? 422 : 200, NULL, NULL, &rep);
    else
        ui_register_after(r, st, why, req_param_int(r, "id", 0), render, NULL);
}

void ui_registration_withdraw(req_t *r)
{
    const char *why = NULL;
    status_t st = registration_withdraw(&r->ctx, req_param_int(r, "id", 0), req_param(r, "reason"), &why);
    ui_register_after(r, st, why, req_param_int(r, "movement_id", 0), render, "Đã rút đăng ký.");
}

void ui_registration_deadline(req_t *r)
{
    const char *why = NULL;
    const char *deadline = req_param(r, "deadline");
    status_t st = registration_set_deadline(&r->ctx, req_param_int(r, "id", 0), deadline, &why);
    ui_register_after(r, st, why, req_param_int(r, "id", 0), render,
                      deadline ? "Đã đặt hạn đăng ký." : "Đã bỏ hạn đăng ký: phong trào nhận đăng ký không hạn.");
}

void ui_registration_setting(req_t *r)
{
    const char *why = NULL;
    status_t st = registration_set_required(&r->ctx, req_param_int(r, "unit_id", 0),
                                            registration_setting_value(req_param(r, "registration_required")), &why);
    ui_register_after(r, st, why, req_param_int(r, "id", 0), render, "Đã lưu cài đặt.");
}

/* ---- the catalogue ---------------------------------------------------------------------------- */

static void title_row(buf_t *b, const title_t *t)
{
    html_raw(b, "<tr><td>");
    html_text(b, t->name);
    html_raw(b, "</td><td>");
    html_text(b, title_kind_label(t->kind));
    html_raw(b, "</td><td>");
    html_text(b, title_subject_label(t->subject));
    html_raw(b, "</td><td>");
    html_text(b, t->legal_basis);
    if (strcmp(t->confidence, "H") != 0)
        html_raw(b, " <span class=\"badge\">căn cứ cần đối chiếu thêm</span>");
    html_raw(b, "</td><td><code>");
    html_text(b, t->code);
    html_raw(b, "</code></td></tr>");
}

void ui_titles_page(req_t *r)
{
    title_t *t;
    size_t n;
    status_t st = title_list(&r->ctx, req_param(r, "on"), NULL, &t, &n);
    if (check_or_respond(r, st, st == ST_INVALID ? "Ngày không hợp lệ." : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Danh mục danh hiệu thi đua, hình thức khen thưởng");
    html_raw(&b, "<h1>Danh mục danh hiệu thi đua, hình thức khen thưởng</h1><p class=\"muted\">Những danh hiệu, hình "
                 "thức đang áp dụng, với căn cứ pháp lý. Mã dùng khi nhập danh sách đăng ký từ tệp.</p>"
                 "<table><thead><tr><th>Tên</th><th>Loại</th><th>Đối tượng</th><th>Căn cứ</th><th>Mã</th></tr></thead>"
                 "<tbody>");
    for (size_t i = 0; i < n; i++)
        title_row(&b, &t[i]);
    html_raw(&b, "</tbody></table>");
    ui_page_send(r, &b, 200);
}
