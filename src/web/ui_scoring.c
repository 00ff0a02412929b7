/* /movements/{id}/sheet, /movements/{id}/scores/{unit_id},
 * /movements/{id}/ranking: the score-sheet editor (a textarea in the line
 * format of core/scoring.h), the scoring screen (self and official points
 * side by side; each row is its own small form, so the page works without
 * JavaScript and every request carries only declared parameters) and the
 * ranking of a cluster with ties shown and an export button. */
#include <stdlib.h>
#include <string.h>

#include "core/cluster.h"
#include "core/movement.h"
#include "core/perm.h"
#include "core/scoring.h"
#include "lib/html.h"
#include "web/handlers.h"
#include "web/ui.h"

static const char *const forbid = "Bạn không có quyền xem bảng điểm này.";

static void points(req_t *r, buf_t *b, int64_t v) { html_text(b, scoring_points_format(r->arena, v)); }

static void movement_links(buf_t *b, int64_t id)
{
    html_raw(b, "<p><a href=\"/movements/");
    html_int(b, id);
    html_raw(b, "/sheet\">Bảng tiêu chí</a> · <a href=\"/movements/");
    html_int(b, id);
    html_raw(b, "/ranking\">Chấm điểm, xếp hạng các đơn vị</a></p>");
}

static void page_begin(req_t *r, buf_t *b, const char *title, const char *movement, int64_t id, const char *error)
{
    ui_page_begin(r, b, title);
    html_raw(b, "<h1>");
    html_text(b, title);
    html_raw(b, "</h1><p class=\"muted\">Phong trào: ");
    html_text(b, movement);
    html_raw(b, "</p>");
    movement_links(b, id);
    ui_notice(b, "error", error);
}

/* ---- the sheet ------------------------------------------------------------- */

static const char *kind_label(score_kind_t k)
{
    static const char *const labels[] = {"Nhóm", "Tiêu chí", "Điểm thưởng", "Điểm trừ"};
    return labels[k];
}

static void sheet_table(req_t *r, buf_t *b, const score_sheet_t *s)
{
    html_raw(b, "<table><thead><tr><th>Loại</th><th>Nội dung</th><th class=\"num\">Điểm tối đa</th><th>Minh chứng</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < s->n_lines; i++) {
        const score_line_t *l = &s->lines[i];
        html_raw(b, l->kind == SCORE_GROUP ? "<tr><th>" : "<tr><td>");
        html_text(b, kind_label(l->kind));
        html_raw(b, l->kind == SCORE_GROUP ? "</th><th>" : "</td><td>");
        html_text(b, l->name);
        html_raw(b, l->kind == SCORE_GROUP ? "</th><td class=\"num\">" : "</td><td class=\"num\">");
        points(r, b, l->max);
        html_raw(b, l->evidence ? "</td><td>Cần minh chứng</td></tr>" : "</td><td></td></tr>");
    }
    html_raw(b, "</tbody><tfoot><tr><th colspan=\"2\">Tổng điểm (không kể điểm thưởng, điểm trừ)</th><td class=\"num\">");
    points(r, b, s->total);
    html_raw(b, "</td><td></td></tr></tfoot></table><h2>Xếp loại</h2><ul>");
    for (size_t i = 0; i < s->n_bands; i++) {
        html_raw(b, "<li>Từ ");
        points(r, b, s->bands[i].min);
        html_raw(b, " điểm: ");
        html_text(b, s->bands[i].name);
        html_raw(b, "</li>");
    }
    html_raw(b, "</ul>");
}

static void textarea(buf_t *b, const char *name, const char *label, const char *value, int rows)
{
    html_raw(b, "<label>");
    html_text(b, label);
    html_raw(b, "<br><textarea name=\"");
    html_attr(b, name);
    html_raw(b, "\" rows=\"");
    html_int(b, rows);
    html_raw(b, "\" cols=\"90\">");
    html_text(b, value);
    html_raw(b, "</textarea></label>");
}

static void sheet_form(req_t *r, buf_t *b, int64_t id, const char *total, const char *lines, const char *bands)
{
    html_raw(b, "<section class=\"card\"><h2>Soạn bảng tiêu chí</h2><form method=\"post\" action=\"/movements/");
    html_int(b, id);
    html_raw(b, "/sheet\">");
    ui_csrf_field(r, b);
    ui_input(b, "total", "Tổng điểm của bảng", "text", total, 1);
    html_raw(b, "<p class=\"muted\">Mỗi dòng một mục, các cột cách nhau bởi dấu |: <code>group|tên nhóm|điểm tối đa</code>, "
                "rồi các tiêu chí của nhóm <code>item|tên tiêu chí|điểm tối đa</code> (thêm <code>|evidence</code> nếu "
                "cần minh chứng); điểm thưởng <code>bonus|nội dung|điểm tối đa</code>, điểm trừ "
                "<code>penalty|nội dung|điểm tối đa</code>. Điểm có thể có phần thập phân: 2,5.</p>");
    textarea(b, "sheet", "Các nhóm, tiêu chí", lines, 16);
    html_raw(b, "<p class=\"muted\">Xếp loại, mỗi dòng <code>điểm sàn|tên mức</code>, từ cao xuống thấp, mức cuối từ 0. "
                "Để trống: 90 Xuất sắc, 80 Tốt, 50 Hoàn thành, dưới 50 Không hoàn thành.</p>");
    textarea(b, "bands", "Xếp loại", bands, 5);
    html_raw(b, "<p><button type=\"submit\">Lưu bảng tiêu chí</button></p></form></section>");
}

/* The sheet page; after a refused save ERROR is shown and the form keeps
 * what the user typed. */
static void sheet_render(req_t *r, int http, const char *error)
{
    int64_t id = req_param_int(r, "id", 0);
    movement_t m;
    score_sheet_t s;
    status_t st = movement_get(&r->ctx, id, &m);
    if (st == ST_OK)
        st = scoring_sheet_get(&r->ctx, id, &s);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid : NULL) != ST_OK)
        return;
    buf_t b;
    page_begin(r, &b, "Bảng tiêu chí chấm điểm", m.spec.name, id, error);
    if (!error && req_param(r, "saved"))
        ui_notice(&b, "ok", "Đã lưu bảng tiêu chí.");
    html_raw(&b, "<section class=\"card\">");
    if (s.exists)
        sheet_table(r, &b, &s);
    else
        html_raw(&b, "<p class=\"muted\">Phong trào chưa có bảng tiêu chí chấm điểm.</p>");
    if (s.locked)
        html_raw(&b, "<p class=\"muted\">Đã có đơn vị chấm điểm theo bảng này nên bảng đã khóa, không sửa được nữa.</p>");
    html_raw(&b, "</section>");
    if (!s.locked && perm_check(&r->ctx, PERM_WRITE, m.owner_unit_id) == ST_OK) {
        bool keep = error != NULL;
        sheet_form(r, &b, id, keep ? req_param(r, "total") : scoring_points_format(r->arena, s.total),
                   keep ? req_param(r, "sheet") : scoring_lines_text(r->arena, &s),
                   keep ? req_param(r, "bands") : scoring_bands_text(r->arena, &s));
    }
    ui_page_send(r, &b, http);
}

void ui_scoring_sheet(req_t *r) { sheet_render(r, 200, NULL); }

void ui_scoring_sheet_save(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    score_sheet_t s;
    const char *why = NULL;
    status_t st = scoring_sheet_parse(r->arena, req_param(r, "total"), req_param(r, "sheet"), req_param(r, "bands"), &s,
                                      &why);
    if (st == ST_OK)
        st = scoring_sheet_save(&r->ctx, id, &s, &why);
    if (st == ST_OK) {
        resp_redirect(r, arena_printf(r->arena, "/movements/%lld/sheet?saved=1", (long long)id));
        return;
    }
    if ((st == ST_INVALID || st == ST_CONFLICT) && why)
        sheet_render(r, status_http(st), why);
    else
        check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền sửa bảng tiêu chí của phong trào này." : NULL);
}

/* ---- the scoring screen ---------------------------------------------------- */

typedef struct {
    const score_card_t *k;
    int64_t refill_item;     /* the row whose typed values to keep (0: none) */
    bool refill_official;
} card_view_t;

/* The row's value: what was typed when this row was refused, else STORED. */
static const char *typed(req_t *r, const card_view_t *v, const score_row_t *w, bool official, const char *name,
                         const char *stored)
{
    return v->refill_item == w->line.id && v->refill_official == official ? req_param(r, name) : stored;
}

static void cell_input(buf_t *b, const char *form, const char *name, const char *value, const char *label, int size)
{
    html_raw(b, "<input form=\"");
    html_attr(b, form);
    html_raw(b, "\" name=\"");
    html_attr(b, name);
    html_raw(b, "\" size=\"");
    html_int(b, size);
    html_raw(b, "\" aria-label=\"");
    html_attr(b, label);
    html_raw(b, "\" value=\"");
    html_attr(b, value);
    html_raw(b, "\">");
}

/* The form of one row (its inputs sit in other cells and name it). */
static void row_form(req_t *r, buf_t *b, const score_card_t *k, const score_row_t *w, bool official, const char *form)
{
    html_raw(b, "<form id=\"");
    html_attr(b, form);
    html_raw(b, "\" method=\"post\" action=\"/movements/");
    html_int(b, k->movement_id);
    html_raw(b, "/scores/");
    html_int(b, k->unit_id);
    html_raw(b, official ? "/official\">" : "/self\">");
    ui_csrf_field(r, b);
    html_raw(b, "<input type=\"hidden\" name=\"item_id\" value=\"");
    html_int(b, w->line.id);
    html_raw(b, "\"><button type=\"submit\">Lưu</button></form>");
}

static void side(req_t *r, buf_t *b, const card_view_t *v, const score_row_t *w, bool official, bool editable)
{
    bool has = official ? w->has_official : w->has_self;
    const char *shown = has ? scoring_points_format(r->arena, official ? w->official_points : w->self_points) : "";
    const char *comment = official ? w->official_comment : w->self_comment;
    if (!editable) {
        html_raw(b, "<td class=\"num\">");
        html_text(b, shown);
        html_raw(b, "</td><td>");
        html_text(b, comment);
        if (!official && w->evidence) {
            html_raw(b, comment ? "<br>Minh chứng: " : "Minh chứng: ");
            html_text(b, w->evidence);
        }
        html_raw(b, "</td>");
        return;
    }
    const char *form = arena_printf(r->arena, "%s%lld", official ? "o" : "s", (long long)w->line.id);
    html_raw(b, "<td class=\"num\">");
    cell_input(b, form, "points", typed(r, v, w, official, "points", shown), "Điểm", 5);
    html_raw(b, "</td><td>");
    cell_input(b, form, "comment", typed(r, v, w, official, "comment", comment), "Nhận xét", 22);
    if (!official) {
        html_raw(b, "<br>");
        cell_input(b, form, "evidence", typed(r, v, w, official, "evidence", w->evidence),
                   w->line.evidence ? "Minh chứng (bắt buộc)" : "Minh chứng", 22);
    }
    row_form(r, b, v->k, w, official, form);
    html_raw(b, "</td>");
}

static void card_table(req_t *r, buf_t *b, const card_view_t *v)
{
    const score_card_t *k = v->k;
    bool self_edit = k->can_self && k->movement_open, off_edit = k->can_official && k->movement_open;
    html_raw(b, "<table><thead><tr><th>Tiêu chí</th><th class=\"num\">Tối đa</th><th class=\"num\">Tự chấm</th>"
                "<th>Nhận xét, minh chứng của đơn vị</th><th class=\"num\">Chính thức</th><th>Nhận xét của cấp trên</th>"
                "</tr></thead><tbody>");
    for (size_t i = 0; i < k->n_rows; i++) {
        const score_row_t *w = &k->rows[i];
        if (w->line.kind == SCORE_GROUP) {
            html_raw(b, "<tr><th>");
            html_text(b, w->line.name);
            html_raw(b, "</th><th class=\"num\">");
            points(r, b, w->line.max);
            html_raw(b, "</th><td colspan=\"4\"></td></tr>");
            continue;
        }
        html_raw(b, "<tr id=\"i");
        html_int(b, w->line.id);
        html_raw(b, "\"><td>");
        if (w->line.kind != SCORE_ITEM) {
            html_text(b, kind_label(w->line.kind));
            html_raw(b, ": ");
        }
        html_text(b, w->line.name);
        html_raw(b, w->line.evidence ? " <small class=\"muted\">(cần minh chứng)</small></td><td class=\"num\">"
                                     : "</td><td class=\"num\">");
        points(r, b, w->line.max);
        html_raw(b, "</td>");
        side(r, b, v, w, false, self_edit);
        side(r, b, v, w, true, off_edit);
        html_raw(b, "</tr>");
    }
    html_raw(b, "</tbody><tfoot><tr><th>Tổng điểm (cộng điểm thưởng, trừ điểm trừ)</th><td class=\"num\">");
    points(r, b, k->sheet.total);
    html_raw(b, "</td><td class=\"num\">");
    if (k->totals.scored)
        points(r, b, k->totals.self_total);
    html_raw(b, "</td><td></td><td class=\"num\">");
    if (k->totals.reviewed)
        points(r, b, k->totals.official_total);
    html_raw(b, "</td><td></td></tr></tfoot></table>");
}

static void card_summary(req_t *r, buf_t *b, const score_card_t *k)
{
    html_raw(b, "<dl class=\"facts\"><dt>Đơn vị</dt><dd>");
    html_text(b, k->unit_name);
    html_raw(b, "</dd><dt>Tổng điểm</dt><dd>");
    if (k->totals.scored || k->totals.reviewed)
        points(r, b, k->totals.total);
    else
        html_raw(b, "Chưa chấm");
    html_raw(b, "</dd><dt>Xếp loại</dt><dd>");
    html_text(b, k->totals.band ? k->totals.band : "—");
    if (k->totals.band && k->totals.provisional)
        html_raw(b, " (theo điểm tự chấm, cấp trên chưa thẩm định)");
    html_raw(b, "</dd></dl>");
    if (!k->movement_open)
        html_raw(b, "<p class=\"muted\">Phong trào chưa phát động hoặc đã kết thúc: không chấm điểm được.</p>");
    else if (k->totals.reviewed && !k->can_official)
        html_raw(b, "<p class=\"muted\">Cấp trên đã chấm điểm chính thức: điểm tự chấm không sửa được nữa.</p>");
}

static void card_render(req_t *r, int http, const char *error, bool refill_official)
{
    score_card_t k;
    status_t st = scoring_card(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0), &k);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid : NULL) != ST_OK)
        return;
    buf_t b;
    page_begin(r, &b, arena_printf(r->arena, "Chấm điểm: %s", k.unit_name), k.movement_name, k.movement_id, error);
    html_raw(&b, "<section class=\"card\">");
    card_summary(r, &b, &k);
    if (!k.sheet.exists)
        html_raw(&b, "<p class=\"muted\">Phong trào chưa có bảng tiêu chí chấm điểm.</p>");
    else
        card_table(r, &b, &(card_view_t){&k, error ? req_param_int(r, "item_id", 0) : 0, refill_official});
    html_raw(&b, "</section>");
    ui_page_send(r, &b, http);
}

void ui_scoring_card(req_t *r) { card_render(r, 200, NULL, false); }

static void save(req_t *r, bool official)
{
    int64_t id = req_param_int(r, "id", 0), unit = req_param_int(r, "unit_id", 0), item = req_param_int(r, "item_id", 0);
    score_in_t in = {.item_id = item, .points = scoring_points_parse(req_param(r, "points") ? req_param(r, "points") : ""),
                     .comment = req_param(r, "comment"), .evidence = req_param(r, "evidence")};
    const char *why = "Điểm phải là số không âm, tối đa hai chữ số thập phân (ví dụ 8,5).";
    status_t st = in.points < 0 ? ST_INVALID : scoring_save(&r->ctx, id, unit, official, &in, 1, &why);
    if (st == ST_OK)
        resp_redirect(r, arena_printf(r->arena, "/movements/%lld/scores/%lld#i%lld", (long long)id, (long long)unit,
                                      (long long)item));
    else if ((st == ST_INVALID || st == ST_CONFLICT) && why)
        card_render(r, status_http(st), why, official);
    else
        check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền chấm điểm này." : NULL);
}

void ui_scoring_self(req_t *r) { save(r, false); }
void ui_scoring_official(req_t *r) { save(r, true); }

/* ---- ranking --------------------------------------------------------------- */

static void cluster_picker(req_t *r, buf_t *b, const movement_t *m, int64_t chosen)
{
    cluster_t *g;
    size_t n = 0;
    if (cluster_list(&r->ctx, m->owner_unit_id, strtol(m->spec.period_from, NULL, 10), &g, &n) != ST_OK || n == 0)
        return;
    html_raw(b, "<form class=\"inline\" method=\"get\" action=\"/movements/");
    html_int(b, m->id);
    html_raw(b, "/ranking\"><label>Cụm, khối thi đua <select name=\"cluster_id\"><option value=\"\">— Các đơn vị trực "
                "thuộc —</option>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, g[i].id == chosen ? "<option selected value=\"" : "<option value=\"");
        html_int(b, g[i].id);
        html_raw(b, "\">");
        html_text(b, g[i].name);
        html_raw(b, "</option>");
    }
    html_raw(b, "</select></label> <button type=\"submit\">Xem</button></form>");
}

static void ranking_row(req_t *r, buf_t *b, int64_t movement, const score_rank_t *x)
{
    html_raw(b, "<tr><td class=\"num\">");
    if (x->rank)
        html_int(b, x->rank);
    else
        html_raw(b, "—");
    html_raw(b, x->tie ? " <small>(bằng điểm)</small></td><td><a href=\"/movements/" : "</td><td><a href=\"/movements/");
    html_int(b, movement);
    html_raw(b, "/scores/");
    html_int(b, x->unit_id);
    html_raw(b, "\">");
    html_text(b, x->name);
    html_raw(b, "</a></td><td class=\"num\">");
    if (x->totals.scored)
        points(r, b, x->totals.self_total);
    html_raw(b, "</td><td class=\"num\">");
    if (x->totals.reviewed)
        points(r, b, x->totals.official_total);
    html_raw(b, "</td><td>");
    html_text(b, x->totals.band ? x->totals.band : "Chưa chấm");
    if (x->totals.band && x->totals.provisional)
        html_raw(b, " (chưa thẩm định)");
    html_raw(b, "</td></tr>");
}

void ui_scoring_ranking(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), cluster = req_param_int(r, "cluster_id", 0);
    movement_t m;
    score_rank_t *x;
    size_t n;
    status_t st = movement_get(&r->ctx, id, &m);
    if (st == ST_OK)
        st = scoring_ranking(&r->ctx, id, cluster, &x, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid : NULL) != ST_OK)
        return;
    buf_t b;
    page_begin(r, &b, "Xếp hạng thi đua", m.spec.name, id, NULL);
    html_raw(&b, "<section class=\"card\">");
    cluster_picker(r, &b, &m, cluster);
    html_raw(&b, "<p><a class=\"button\" href=\"/movements/");
    html_int(&b, id);
    html_raw(&b, cluster ? "/ranking/export?cluster_id=" : "/ranking/export");
    if (cluster)
        html_int(&b, cluster);
    html_raw(&b, "\">Xuất Excel (XLSX)</a></p><table><thead><tr><th class=\"num\">Hạng</th><th>Đơn vị</th>"
                 "<th class=\"num\">Tự chấm</th><th class=\"num\">Chính thức</th><th>Xếp loại</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++)
        ranking_row(r, &b, id, &x[i]);
    html_raw(&b, "</tbody></table><p class=\"muted\">Xếp hạng theo điểm chính thức; các đơn vị bằng điểm cùng hạng, hạng "
                 "sau được tính tiếp theo số đơn vị đứng trên. Đơn vị chưa được cấp trên chấm điểm xếp cuối, chưa có "
                 "hạng.</p></section>");
    ui_page_send(r, &b, 200);
}
