/* Honouring (biểu dương) and advanced models (điển hình tiên tiến) of a
 * unit's subtree in a year: the counts by kind ("245 hội nghị, 56 cuộc tọa
 * đàm, 138 tin bài"), the events with who was honoured, the models with the
 * units that replicated them; the forms to add an event, a model and a
 * replication; the XLSX/CSV export of each list. */
#include "core/honour.h"
#include "core/perm.h"
#include "lib/html.h"
#include "lib/text.h"
#include "web/handlers.h"
#include "web/list_export.h"
#include "web/register_form.h"
#include "web/ui.h"
#include "web/ui_register.h"
#include "web/ui_unit.h"

static const char forbid_read[] = "Bạn không có quyền xem dữ liệu này.";

/* "Nguyễn Văn An (Có 3 sáng kiến); Công đoàn Công ty Dệt 8-3" */
static const char *honorees_text(arena_t *a, const honour_event_t *e)
{
    const char *s = "";
    for (size_t i = 0; s && i < e->n_honorees; i++) {
        const honour_honoree_t *h = &e->honorees[i];
        s = arena_printf(a, "%s%s%s%s%s%s", s, i ? "; " : "", h->name ? h->name : "", h->citation ? " (" : "",
                         h->citation ? h->citation : "", h->citation ? ")" : "");
    }
    return s ? s : "";
}

static const char *replications_text(arena_t *a, const honour_model_t *m)
{
    const char *s = "";
    for (size_t i = 0; s && i < m->n_replications; i++)
        s = arena_printf(a, "%s%s%s", s, i ? "; " : "", m->replications[i].unit_name ? m->replications[i].unit_name : "");
    return s ? s : "";
}

/* Every event of the list read whole (with its honorees). */
static status_t load_events(req_t *r, int64_t unit, int64_t year, honour_event_t **e, size_t *n)
{
    status_t st = honour_event_list(&r->ctx, unit, year, e, n);
    for (size_t i = 0; st == ST_OK && i < *n; i++)
        st = honour_event_get(&r->ctx, (*e)[i].id, &(*e)[i]);
    return st;
}

static status_t load_models(req_t *r, int64_t unit, int64_t year, honour_model_t **m, size_t *n)
{
    status_t st = honour_model_list(&r->ctx, unit, year, m, n);
    for (size_t i = 0; st == ST_OK && i < *n; i++)
        st = honour_model_get(&r->ctx, (*m)[i].id, &(*m)[i]);
    return st;
}

static void summary(buf_t *b, const int64_t c[HONOUR_KINDS], int64_t models, int64_t reps, int64_t year)
{
    html_raw(b, "<h2>Tổng hợp năm ");
    html_int(b, year);
    html_raw(b, "</h2><dl class=\"facts\">");
    for (int k = 0; k < HONOUR_KINDS; k++) {
        html_raw(b, "<dt>");
        html_text(b, honour_kind_name(k));
        html_raw(b, "</dt><dd>");
        text_format_int(b, c[k]);
        html_raw(b, "</dd>");
    }
    html_raw(b, "<dt>Điển hình tiên tiến được công nhận</dt><dd>");
    text_format_int(b, models);
    html_raw(b, "</dd><dt>Lượt đơn vị nhân rộng điển hình</dt><dd>");
    text_format_int(b, reps);
    html_raw(b, "</dd></dl>");
}

static void events_table(buf_t *b, req_t *r, const honour_event_t *e, size_t n)
{
    html_raw(b, "<table><thead><tr><th>Ngày</th><th>Hình thức</th><th>Tên hoạt động</th><th>Đơn vị tổ chức</th>"
                "<th>Địa điểm, báo, trang tin</th><th>Phong trào</th><th>Được biểu dương</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        ui_date_vn(b, e[i].held_on);
        html_raw(b, "</td><td>");
        html_text(b, honour_kind_name(e[i].kind));
        html_raw(b, "</td><td>");
        html_text(b, e[i].title);
        html_raw(b, "</td><td>");
        html_text(b, e[i].unit_name);
        html_raw(b, "</td><td>");
        html_text(b, e[i].place);
        if (e[i].link) {
            html_raw(b, " <a rel=\"noopener noreferrer\" href=\"");
            html_attr(b, e[i].link); /* core admits http(s) addresses only */
            html_raw(b, "\">(xem bài)</a>");
        }
        html_raw(b, "</td><td>");
        html_text(b, e[i].movement_name);
        html_raw(b, "</td><td>");
        html_text(b, honorees_text(r->arena, &e[i]));
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_raw(b, "<tr><td colspan=\"7\" class=\"muted\">Chưa có hoạt động biểu dương nào trong năm này.</td></tr>");
    html_raw(b, "</tbody></table>");
}

static void models_table(buf_t *b, req_t *r, const honour_model_t *m, size_t n)
{
    html_raw(b, "<table><thead><tr><th class=\"num\">Mã</th><th>Điển hình</th><th>Cá nhân, tập thể</th>"
                "<th>Đơn vị công nhận</th><th>Phong trào</th><th>Thành tích</th><th>Đơn vị nhân rộng</th></tr>"
                "</thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td class=\"num\">");
        html_int(b, m[i].id);
        html_raw(b, "</td><td>");
        html_text(b, m[i].title);
        html_raw(b, "</td><td>");
        html_raw(b, m[i].person_id ? "<a href=\"/people/" : "<a href=\"/units/");
        html_int(b, m[i].person_id ? m[i].person_id : m[i].subject_unit_id);
        html_raw(b, "\">");
        html_text(b, m[i].subject_name);
        html_raw(b, "</a></td><td>");
        html_text(b, m[i].unit_name);
        html_raw(b, "</td><td>");
        html_text(b, m[i].movement_name);
        html_raw(b, "</td><td>");
        html_text(b, m[i].story);
        html_raw(b, "</td><td>");
        html_text(b, replications_text(r->arena, &m[i]));
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_raw(b, "<tr><td colspan=\"7\" class=\"muted\">Chưa có điển hình tiên tiến nào trong năm này.</td></tr>");
    html_raw(b, "</tbody></table>");
}

static void forms(req_t *r, buf_t *b, int64_t unit, int64_t year, bool refill)
{
    const char *base = arena_printf(r->arena, "/units/%lld", (long long)unit);
    const char *codes[HONOUR_KINDS], *names[HONOUR_KINDS];
    for (int k = 0; k < HONOUR_KINDS; k++) {
        codes[k] = honour_kind_code(k);
        names[k] = honour_kind_name(k);
    }
#define V(name) (refill ? req_param(r, name) : NULL)
    html_raw(b, "<div class=\"forms\">");
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/honours", base), "Ghi hoạt động biểu dương");
    ui_register_select(b, "kind", "Hình thức", codes, names, HONOUR_KINDS, V("kind"));
    ui_input(b, "title", "Tên hoạt động, tên bài viết", "text", V("title"), 1);
    ui_input(b, "held_on", "Ngày tổ chức, ngày đăng (dd/mm/yyyy)", "text", V("held_on"), 1);
    ui_input(b, "place", "Địa điểm (tin bài: tên báo, trang tin)", "text", V("place"), 0);
    ui_input(b, "link", "Đường dẫn bài viết (https://…)", "text", V("link"), 0);
    ui_input(b, "movement_id", "Mã phong trào thi đua (nếu có)", "text", V("movement_id"), 0);
    ui_register_textarea(b, "description", "Nội dung", V("description"), 0);
    ui_register_textarea(b, "honorees", "Được biểu dương, mỗi dòng một: p12: lời biểu dương (người mã 12),"
                                        " u5: lời biểu dương (đơn vị mã 5)", V("honorees"), 0);
    ui_register_form_end(b, "Ghi");
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/models", base), "Công nhận điển hình tiên tiến");
    ui_input(b, "person_id", "Mã số người (điển hình cá nhân)", "text", V("person_id"), 0);
    ui_input(b, "subject_unit_id", "hoặc mã số đơn vị (điển hình tập thể)", "text", V("subject_unit_id"), 0);
    ui_input(b, "title", "Tên điển hình", "text", V("title"), 1);
    ui_register_textarea(b, "story", "Thành tích, câu chuyện", V("story"), 1);
    ui_input(b, "movement_id", "Mã phong trào thi đua (nếu có)", "text", V("movement_id"), 0);
    ui_input(b, "year", "Năm công nhận", "text", refill ? req_param(r, "year") : arena_printf(r->arena, "%lld", (long long)year), 1);
    ui_register_form_end(b, "Công nhận");
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/replications", base), "Ghi đơn vị nhân rộng điển hình");
    ui_input(b, "model_id", "Mã điển hình", "text", V("model_id"), 1);
    ui_input(b, "unit_id", "Mã số đơn vị nhân rộng", "text", refill ? req_param(r, "unit_id") : arena_printf(r->arena, "%lld", (long long)unit), 1);
    ui_input(b, "date", "Ngày nhân rộng (dd/mm/yyyy)", "text", V("date"), 1);
    ui_input(b, "note", "Ghi chú", "text", V("note"), 0);
    ui_register_form_end(b, "Ghi");
    html_raw(b, "</div>");
#undef V
}

static void render(req_t *r, int64_t unit, int http, const char *error, const char *ok)
{
    int64_t year = ui_register_year(r), c[HONOUR_KINDS], models = 0, reps = 0;
    unit_t u;
    honour_event_t *e;
    honour_model_t *m;
    size_t ne, nm;
    status_t st = unit_get(&r->ctx, unit, &u);
    if (st == ST_OK)
        st = honour_count_kinds(&r->ctx, unit, year, c);
    if (st == ST_OK)
        st = honour_count_models(&r->ctx, unit, year, &models, &reps);
    if (st == ST_OK)
        st = load_events(r, unit, year, &e, &ne);
    if (st == ST_OK)
        st = load_models(r, unit, year, &m, &nm);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    const char *path = arena_printf(r->arena, "/units/%lld/honours", (long long)unit);
    ui_register_begin(r, &b, &u, "Biểu dương, điển hình tiên tiến", path, year, error, ok);
    summary(&b, c, models, reps, year);
    html_raw(&b, "<h2>Hoạt động biểu dương</h2>");
    ui_register_exports(&b, arena_printf(r->arena, "%s/export?year=%lld", path, (long long)year));
    events_table(&b, r, e, ne);
    html_raw(&b, "<h2>Điển hình tiên tiến</h2>");
    ui_register_exports(&b, arena_printf(r->arena, "/units/%lld/models/export?year=%lld", (long long)unit, (long long)year));
    models_table(&b, r, m, nm);
    if (perm_check(&r->ctx, PERM_WRITE, unit) == ST_OK)
        forms(r, &b, unit, year, error != NULL);
    ui_page_send(r, &b, http);
}

void ui_honours_page(req_t *r) { render(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_honour_create(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    honour_honoree_t *hs;
    size_t n;
    const char *why = register_form_honorees(r, req_param(r, "honorees"), &hs, &n);
    honour_event_in_t in = {.kind = req_param(r, "kind"), .title = req_param(r, "title"),
                            .held_on = req_param(r, "held_on"), .place = req_param(r, "place"),
                            .link = req_param(r, "link"), .movement_id = req_param_int(r, "movement_id", 0),
                            .description = req_param(r, "description")};
    status_t st = why ? ST_INVALID : honour_event_create(&r->ctx, unit, &in, hs, n, &id, &why);
    ui_register_after(r, st, why, unit, render, "Đã ghi hoạt động biểu dương.");
}

void ui_model_create(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    honour_model_in_t in = {.person_id = req_param_int(r, "person_id", 0),
                            .subject_unit_id = req_param_int(r, "subject_unit_id", 0),
                            .title = req_param(r, "title"), .story = req_param(r, "story"),
                            .movement_id = req_param_int(r, "movement_id", 0), .year = req_param_int(r, "year", 0)};
    const char *why = NULL;
    status_t st = honour_model_create(&r->ctx, unit, &in, &id, &why);
    ui_register_after(r, st, why, unit, render, "Đã công nhận điển hình.");
}

void ui_model_replicate(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = honour_model_replicate(&r->ctx, req_param_int(r, "model_id", 0), req_param_int(r, "unit_id", 0),
                                         req_param(r, "date"), req_param(r, "note"), &why);
    ui_register_after(r, st, why, unit, render, "Đã ghi đơn vị nhân rộng.");
}

void ui_honours_export(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = ui_register_year(r);
    honour_event_t *e;
    size_t n;
    status_t st = load_events(r, unit, year, &e, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    static const char *const header[] = {"Ngày", "Hình thức", "Tên hoạt động", "Đơn vị tổ chức", "Địa điểm, báo, trang tin",
                                         "Đường dẫn", "Phong trào", "Số người, đơn vị được biểu dương", "Được biểu dương"};
    list_export_t *x = list_export_begin_or_respond(r, list_export_format(r),
                                                    arena_printf(r->arena, "bieu-duong-%lld", (long long)year), header,
                                                    sizeof header / sizeof *header);
    if (!x)
        return;
    for (size_t i = 0; i < n; i++) {
        list_export_date(x, e[i].held_on);
        list_export_text(x, honour_kind_name(e[i].kind));
        list_export_text(x, e[i].title);
        list_export_text(x, e[i].unit_name);
        list_export_text(x, e[i].place);
        list_export_text(x, e[i].link);
        list_export_text(x, e[i].movement_name);
        list_export_int(x, (int64_t)e[i].n_honorees);
        list_export_text(x, honorees_text(r->arena, &e[i]));
        list_export_end_row(x);
    }
    list_export_send(x);
}

void ui_models_export(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = ui_register_year(r);
    honour_model_t *m;
    size_t n;
    status_t st = load_models(r, unit, year, &m, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    static const char *const header[] = {"Năm", "Tên điển hình", "Cá nhân, tập thể", "Đơn vị công nhận", "Phong trào",
                                         "Thành tích", "Số đơn vị nhân rộng", "Đơn vị nhân rộng"};
    list_export_t *x = list_export_begin_or_respond(r, list_export_format(r),
                                                    arena_printf(r->arena, "dien-hinh-tien-tien-%lld", (long long)year),
                                                    header, sizeof header / sizeof *header);
    if (!x)
        return;
    for (size_t i = 0; i < n; i++) {
        list_export_int(x, m[i].year);
        list_export_text(x, m[i].title);
        list_export_text(x, m[i].subject_name);
        list_export_text(x, m[i].unit_name);
        list_export_text(x, m[i].movement_name);
        list_export_text(x, m[i].story);
        list_export_int(x, (int64_t)m[i].n_replications);
        list_export_text(x, replications_text(r->arena, &m[i]));
        list_export_end_row(x);
    }
    list_export_send(x);
}
