/* The initiative register of a unit (sổ sáng kiến: the initiatives applied
 * in its subtree in a year, their authors, benefit, highest recognition and
 * use, the counts recognised per level in the year), the form to register an
 * initiative, its XLSX/CSV export; and one initiative's page with its
 * recognitions, the form to recognise it at the next level and the form to
 * record its single use. */
#include "core/initiative.h"
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

/* "Nguyễn Văn An (60%), Trần Thị Bình (40%)" for X (filled by initiative_get). */
static const char *authors_text(arena_t *a, const initiative_t *x)
{
    const char *s = "";
    for (size_t i = 0; s && i < x->n_authors; i++)
        s = arena_printf(a, "%s%s%s (%lld%%)", s, i ? ", " : "", x->authors[i].full_name ? x->authors[i].full_name : "",
                         (long long)x->authors[i].share);
    return s ? s : "";
}

static const char *level_name(int64_t level) { return level ? initiative_level_name(level) : "chưa công nhận"; }

/* The register rows, each read whole (authors and recognitions). */
static status_t load_register(req_t *r, int64_t unit, int64_t year, initiative_t **x, size_t *n)
{
    status_t st = initiative_list(&r->ctx, unit, year, x, n);
    for (size_t i = 0; st == ST_OK && i < *n; i++)
        st = initiative_get(&r->ctx, (*x)[i].id, &(*x)[i]);
    return st;
}

static void counts_box(buf_t *b, const int64_t c[INIT_LEVELS + 1], int64_t year)
{
    html_raw(b, "<h2>Sáng kiến được công nhận trong năm ");
    html_int(b, year);
    html_raw(b, "</h2><dl class=\"facts\">");
    for (int64_t l = 1; l <= INIT_LEVELS; l++) {
        html_raw(b, "<dt>Sáng kiến ");
        html_text(b, initiative_level_name(l));
        html_raw(b, "</dt><dd>");
        text_format_int(b, c[l]);
        html_raw(b, "</dd>");
    }
    html_raw(b, "</dl>");
}

static void register_table(req_t *r, buf_t *b, const initiative_t *x, size_t n)
{
    html_raw(b, "<table><thead><tr><th class=\"num\">TT</th><th>Tên sáng kiến</th><th>Đơn vị áp dụng</th>"
                "<th>Tác giả (tỷ lệ đóng góp)</th><th>Ngày áp dụng</th><th class=\"num\">Giá trị làm lợi</th>"
                "<th>Cấp công nhận cao nhất</th><th>Đã dùng làm căn cứ khen thưởng</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td class=\"num\">");
        html_int(b, (int64_t)i + 1);
        html_raw(b, "</td><td><a href=\"/initiatives/");
        html_int(b, x[i].id);
        html_raw(b, "\">");
        html_text(b, x[i].title);
        html_raw(b, "</a></td><td>");
        html_text(b, x[i].unit_name);
        html_raw(b, "</td><td>");
        html_text(b, authors_text(r->arena, &x[i]));
        html_raw(b, "</td><td>");
        ui_date_vn(b, x[i].applied_on);
        html_raw(b, "</td><td class=\"num\">");
        ui_register_money(b, x[i].benefit_vnd);
        if (!x[i].benefit_vnd)
            html_text(b, x[i].benefit_text);
        html_raw(b, "</td><td>");
        html_text(b, level_name(x[i].top_level));
        html_raw(b, "</td><td>");
        html_text(b, x[i].used_for);
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_raw(b, "<tr><td colspan=\"8\" class=\"muted\">Chưa có sáng kiến nào áp dụng trong năm này.</td></tr>");
    html_raw(b, "</tbody></table>");
}

static void new_form(req_t *r, buf_t *b, int64_t unit, bool refill)
{
    const char *action = arena_printf(r->arena, "/units/%lld/initiatives", (long long)unit);
#define V(name) (refill ? req_param(r, name) : NULL)
    ui_register_form_begin(r, b, action, "Đăng ký sáng kiến mới");
    ui_input(b, "title", "Tên sáng kiến", "text", V("title"), 1);
    ui_input(b, "field", "Lĩnh vực", "text", V("field"), 0);
    ui_input(b, "applied_on", "Ngày áp dụng (dd/mm/yyyy)", "text", V("applied_on"), 0);
    ui_input(b, "benefit_vnd", "Giá trị làm lợi (đồng)", "text", V("benefit_vnd"), 0);
    ui_input(b, "benefit_text", "Lợi ích xã hội (khi không tính được bằng tiền)", "text", V("benefit_text"), 0);
    ui_register_textarea(b, "summary", "Tóm tắt nội dung", V("summary"), 0);
    ui_input(b, "authors", "Tác giả: mã số người và tỷ lệ %, ví dụ 12:60, 15:40", "text", V("authors"), 1);
    ui_register_textarea(b, "attachments", "Tệp đính kèm (mỗi dòng một tên tệp)", V("attachments"), 0);
#undef V
    ui_register_form_end(b, "Đăng ký");
}

static void render_register(req_t *r, int64_t unit, int http, const char *error, const char *ok)
{
    int64_t year = ui_register_year(r), c[INIT_LEVELS + 1];
    unit_t u;
    initiative_t *x;
    size_t n;
    status_t st = unit_get(&r->ctx, unit, &u);
    if (st == ST_OK)
        st = load_register(r, unit, year, &x, &n);
    if (st == ST_OK)
        st = initiative_count_levels(&r->ctx, unit, year, c);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    const char *path = arena_printf(r->arena, "/units/%lld/initiatives", (long long)unit);
    ui_register_begin(r, &b, &u, "Sổ sáng kiến", path, year, error, ok);
    counts_box(&b, c, year);
    html_raw(&b, "<h2>Sáng kiến áp dụng trong năm ");
    html_int(&b, year);
    html_raw(&b, " (gồm các đơn vị trực thuộc)</h2>");
    ui_register_exports(&b, arena_printf(r->arena, "%s/export?year=%lld", path, (long long)year));
    register_table(r, &b, x, n);
    if (perm_check(&r->ctx, PERM_WRITE, unit) == ST_OK)
        new_form(r, &b, unit, error != NULL);
    ui_page_send(r, &b, http);
}

void ui_initiatives_page(req_t *r) { render_register(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_initiative_create(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    initiative_in_t in;
    const char *why = register_form_initiative(r, &in);
    status_t st = why ? ST_INVALID : initiative_create(&r->ctx, unit, &in, &id, &why);
    if (st == ST_OK) {
        const char *to = arena_printf(r->arena, "/initiatives/%lld", (long long)id);
        resp_redirect(r, to ? to : "/");
    } else {
        ui_register_after(r, st, why, unit, render_register, NULL);
    }
}

void ui_initiatives_export(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = ui_register_year(r);
    initiative_t *x;
    size_t n;
    status_t st = load_register(r, unit, year, &x, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    static const char *const header[] = {"STT", "Tên sáng kiến", "Lĩnh vực", "Đơn vị áp dụng", "Tác giả (tỷ lệ đóng góp)",
                                         "Ngày áp dụng", "Giá trị làm lợi (đồng)", "Lợi ích xã hội",
                                         "Cấp công nhận cao nhất", "Đã dùng làm căn cứ khen thưởng"};
    list_export_t *e = list_export_begin_or_respond(r, list_export_format(r),
                                                    arena_printf(r->arena, "so-sang-kien-%lld", (long long)year),
                                                    header, sizeof header / sizeof *header);
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        list_export_int(e, (int64_t)i + 1);
        list_export_text(e, x[i].title);
        list_export_text(e, x[i].field);
        list_export_text(e, x[i].unit_name);
        list_export_text(e, authors_text(r->arena, &x[i]));
        list_export_date(e, x[i].applied_on);
        if (x[i].benefit_vnd)
            list_export_int(e, x[i].benefit_vnd);
        else
            list_export_text(e, NULL);
        list_export_text(e, x[i].benefit_text);
        list_export_text(e, level_name(x[i].top_level));
        list_export_text(e, x[i].used_for);
        list_export_end_row(e);
    }
    list_export_send(e);
}

/* ---- one initiative ---------------------------------------------------------------- */

static void facts(buf_t *b, const initiative_t *x)
{
    html_raw(b, "<dl class=\"facts\"><dt>Đơn vị áp dụng</dt><dd><a href=\"/units/");
    html_int(b, x->unit_id);
    html_raw(b, "/initiatives\">");
    html_text(b, x->unit_name);
    html_raw(b, "</a></dd><dt>Lĩnh vực</dt><dd>");
    html_text(b, x->field);
    html_raw(b, "</dd><dt>Ngày áp dụng</dt><dd>");
    ui_date_vn(b, x->applied_on);
    html_raw(b, "</dd><dt>Giá trị làm lợi</dt><dd>");
    ui_register_money(b, x->benefit_vnd);
    html_raw(b, "</dd><dt>Lợi ích xã hội</dt><dd>");
    html_text(b, x->benefit_text);
    html_raw(b, "</dd><dt>Tóm tắt</dt><dd>");
    html_text(b, x->summary);
    html_raw(b, "</dd><dt>Tệp đính kèm</dt><dd>");
    for (size_t i = 0; i < x->n_attachments; i++) {
        html_text(b, i ? ", " : "");
        html_text(b, x->attachments[i]);
    }
    html_raw(b, "</dd><dt>Dùng làm căn cứ khen thưởng</dt><dd>");
    html_text(b, x->used_for ? x->used_for : "Chưa dùng");
    if (x->used_ref) {
        html_raw(b, " (");
        html_text(b, x->used_ref);
        html_raw(b, ")");
    }
    html_raw(b, "</dd></dl>");
}

static void authors_and_recognitions(buf_t *b, const initiative_t *x)
{
    html_raw(b, "<h2>Tác giả</h2><table><thead><tr><th>Họ và tên</th><th class=\"num\">Tỷ lệ đóng góp</th></tr>"
                "</thead><tbody>");
    for (size_t i = 0; i < x->n_authors; i++) {
        html_raw(b, "<tr><td><a href=\"/people/");
        html_int(b, x->authors[i].person_id);
        html_raw(b, "\">");
        html_text(b, x->authors[i].full_name);
        html_raw(b, "</a></td><td class=\"num\">");
        html_int(b, x->authors[i].share);
        html_raw(b, "%</td></tr>");
    }
    html_raw(b, "</tbody></table><h2>Các cấp công nhận</h2><table><thead><tr><th>Cấp</th><th>Đơn vị công nhận</th>"
                "<th>Số quyết định</th><th>Ngày quyết định</th></tr></thead><tbody>");
    for (size_t i = 0; i < x->n_recognitions; i++) {
        const initiative_recognition_t *g = &x->recognitions[i];
        html_raw(b, "<tr><td>Sáng kiến ");
        html_text(b, initiative_level_name(g->level));
        html_raw(b, "</td><td>");
        html_text(b, g->unit_name);
        html_raw(b, "</td><td>");
        html_text(b, g->decision_no);
        html_raw(b, "</td><td>");
        ui_date_vn(b, g->decision_date);
        html_raw(b, "</td></tr>");
    }
    if (x->n_recognitions == 0)
        html_raw(b, "<tr><td colspan=\"4\" class=\"muted\">Chưa được công nhận ở cấp nào.</td></tr>");
    html_raw(b, "</tbody></table>");
}

/* The form to recognise X at the next level, by the applying unit or a unit
 * above it where the caller may write; nothing when there is none. */
static void recognize_form(req_t *r, buf_t *b, const initiative_t *x)
{
    unit_t *up;
    size_t nup;
    if (x->top_level >= INIT_LEVELS || unit_ancestors(&r->ctx, x->unit_id, &up, &nup) != ST_OK)
        return;
    const char **codes = arena_calloc(r->arena, nup + 1, sizeof *codes), **names = arena_calloc(r->arena, nup + 1, sizeof *names);
    size_t n = 0;
    for (size_t i = 0; codes && names && i <= nup; i++) {
        int64_t id = i < nup ? up[nup - 1 - i].id : x->unit_id; /* nearest first */
        if (perm_check(&r->ctx, PERM_WRITE, id) == ST_OK) {
            codes[n] = arena_printf(r->arena, "%lld", (long long)id);
            names[n++] = i < nup ? up[nup - 1 - i].name : x->unit_name;
        }
    }
    if (n == 0)
        return;
    const char *action = arena_printf(r->arena, "/initiatives/%lld/recognitions", (long long)x->id);
    ui_register_form_begin(r, b, action, arena_printf(r->arena, "Công nhận sáng kiến %s",
                                                      initiative_level_name(x->top_level + 1)));
    html_raw(b, "<input type=\"hidden\" name=\"level\" value=\"");
    html_attr(b, initiative_level_code(x->top_level + 1));
    html_raw(b, "\">");
    ui_register_select(b, "unit_id", "Đơn vị công nhận", codes, names, n, NULL);
    ui_input(b, "decision_no", "Số quyết định", "text", NULL, 1);
    ui_input(b, "decision_date", "Ngày quyết định (dd/mm/yyyy)", "text", NULL, 1);
    ui_register_form_end(b, "Công nhận");
}

static void render_initiative(req_t *r, int64_t id, int http, const char *error, const char *ok)
{
    initiative_t x;
    status_t st = initiative_get(&r->ctx, id, &x);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, x.title);
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, x.unit_id);
    html_raw(&b, "/initiatives\">Sổ sáng kiến</a> ›</div><h1>");
    html_text(&b, x.title);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    html_raw(&b, "<section class=\"card\">");
    facts(&b, &x);
    authors_and_recognitions(&b, &x);
    html_raw(&b, "</section><div class=\"forms\">");
    recognize_form(r, &b, &x);
    if (x.top_level > 0 && !x.used_for && perm_check(&r->ctx, PERM_WRITE, x.unit_id) == ST_OK) {
        ui_register_form_begin(r, &b, arena_printf(r->arena, "/initiatives/%lld/use", (long long)id),
                               "Ghi hình thức khen thưởng sáng kiến làm căn cứ (chỉ một lần)");
        ui_input(&b, "purpose", "Hình thức khen thưởng", "text", NULL, 1);
        ui_input(&b, "reference", "Số hồ sơ, quyết định", "text", NULL, 0);
        ui_register_form_end(&b, "Ghi");
    }
    html_raw(&b, "</div>");
    ui_page_send(r, &b, http);
}

void ui_initiative_page(req_t *r) { render_initiative(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_initiative_recognize(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = initiative_recognize(&r->ctx, id, initiative_level_parse(req_param(r, "level")),
                                       req_param_int(r, "unit_id", 0), req_param(r, "decision_no"),
                                       req_param(r, "decision_date"), &why);
    ui_register_after(r, st, why, id, render_initiative, "Đã ghi công nhận.");
}

void ui_initiative_use(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = initiative_use(&r->ctx, id, req_param(r, "purpose"), req_param(r, "reference"), &why);
    ui_register_after(r, st, why, id, render_initiative, "Đã ghi căn cứ khen thưởng.");
}
