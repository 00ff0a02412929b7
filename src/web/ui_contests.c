/* The skill-contest register of a unit (hội thi tay nghề, thi thợ giỏi
 * organised in its subtree in a year) with the form to organise one, and a
 * contest's page: participants, the score of each round, totals, ranks (ties
 * shown), the winners and their title; the forms to add participants, judges
 * and scores and to finish; the XLSX/CSV exports of both lists. */
#include <string.h>

#include "core/contest.h"
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
static const char *const level_codes[] = {"co_so", "cap_tren", "thanh_pho"};
static const char *const level_names[] = {"Cấp cơ sở", "Cấp trên cơ sở", "Cấp thành phố"};

static const char *level_name(const char *code)
{
    for (size_t i = 0; code && i < 3; i++)
        if (strcmp(code, level_codes[i]) == 0)
            return level_names[i];
    return code;
}

static const char *state_name(const char *state)
{
    return state && strcmp(state, "finished") == 0 ? "Đã kết thúc" : "Đang tổ chức";
}

/* Hundredths of a point as Vietnamese text: 8750 → "87,5", 9000 → "90". */
static const char *points(arena_t *a, int64_t h)
{
    if (h % 100 == 0)
        return arena_printf(a, "%lld", (long long)(h / 100));
    if (h % 10 == 0)
        return arena_printf(a, "%lld,%lld", (long long)(h / 100), (long long)(h % 100 / 10));
    return arena_printf(a, "%lld,%02lld", (long long)(h / 100), (long long)(h % 100));
}

/* ---- the register ------------------------------------------------------------------ */

static void contests_table(buf_t *b, const contest_t *g, size_t n)
{
    html_raw(b, "<table><thead><tr><th>Ngày</th><th>Tên hội thi</th><th>Đơn vị tổ chức</th><th>Nghề thi</th><th>Cấp</th>"
                "<th>Trạng thái</th><th class=\"num\">Thí sinh</th><th class=\"num\">Đạt giải</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(b, "<tr><td>");
        ui_date_vn(b, g[i].held_on);
        html_raw(b, "</td><td><a href=\"/contests/");
        html_int(b, g[i].id);
        html_raw(b, "\">");
        html_text(b, g[i].name);
        html_raw(b, "</a></td><td>");
        html_text(b, g[i].unit_name);
        html_raw(b, "</td><td>");
        html_text(b, g[i].trade);
        html_raw(b, "</td><td>");
        html_text(b, level_name(g[i].level));
        html_raw(b, "</td><td>");
        html_text(b, state_name(g[i].state));
        html_raw(b, "</td><td class=\"num\">");
        html_int(b, (int64_t)g[i].n_participants);
        html_raw(b, "</td><td class=\"num\">");
        html_int(b, (int64_t)g[i].n_winners);
        html_raw(b, "</td></tr>");
    }
    if (n == 0)
        html_raw(b, "<tr><td colspan=\"8\" class=\"muted\">Chưa có hội thi nào trong năm này.</td></tr>");
    html_raw(b, "</tbody></table>");
}

static void render_register(req_t *r, int64_t unit, int http, const char *error, const char *ok)
{
    int64_t year = ui_register_year(r);
    unit_t u;
    contest_t *g;
    size_t n;
    status_t st = unit_get(&r->ctx, unit, &u);
    if (st == ST_OK)
        st = contest_list(&r->ctx, unit, year, &g, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    const char *path = arena_printf(r->arena, "/units/%lld/contests", (long long)unit);
    ui_register_begin(r, &b, &u, "Hội thi tay nghề, thi thợ giỏi", path, year, error, ok);
    ui_register_exports(&b, arena_printf(r->arena, "%s/export?year=%lld", path, (long long)year));
    contests_table(&b, g, n);
    if (perm_check(&r->ctx, PERM_WRITE, unit) == ST_OK) {
        bool refill = error != NULL;
        ui_register_form_begin(r, &b, path, "Tổ chức hội thi mới");
        ui_input(&b, "name", "Tên hội thi", "text", refill ? req_param(r, "name") : NULL, 1);
        ui_input(&b, "trade", "Nghề thi", "text", refill ? req_param(r, "trade") : NULL, 1);
        ui_register_select(&b, "level", "Cấp hội thi", level_codes, level_names, 3, refill ? req_param(r, "level") : NULL);
        ui_input(&b, "held_on", "Ngày tổ chức (dd/mm/yyyy)", "text", refill ? req_param(r, "held_on") : NULL, 1);
        ui_input(&b, "rounds", "Số vòng thi", "text", refill ? req_param(r, "rounds") : "1", 1);
        ui_register_form_end(&b, "Tạo hội thi");
    }
    ui_page_send(r, &b, http);
}

void ui_contests_page(req_t *r) { render_register(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_contest_create(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), id = 0;
    contest_in_t in = {.name = req_param(r, "name"), .trade = req_param(r, "trade"), .level = req_param(r, "level"),
                       .held_on = req_param(r, "held_on"), .rounds = req_param_int(r, "rounds", 1)};
    const char *why = NULL;
    status_t st = contest_create(&r->ctx, unit, &in, &id, &why);
    if (st == ST_OK) {
        const char *to = arena_printf(r->arena, "/contests/%lld", (long long)id);
        resp_redirect(r, to ? to : "/");
    } else {
        ui_register_after(r, st, why, unit, render_register, NULL);
    }
}

void ui_contests_export(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = ui_register_year(r);
    contest_t *g;
    size_t n;
    status_t st = contest_list(&r->ctx, unit, year, &g, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    static const char *const header[] = {"Ngày tổ chức", "Tên hội thi", "Đơn vị tổ chức", "Nghề thi", "Cấp",
                                         "Trạng thái", "Số thí sinh", "Số người đạt giải", "Danh hiệu"};
    list_export_t *e = list_export_begin_or_respond(r, list_export_format(r),
                                                    arena_printf(r->arena, "hoi-thi-%lld", (long long)year), header,
                                                    sizeof header / sizeof *header);
    if (!e)
        return;
    for (size_t i = 0; i < n; i++) {
        list_export_date(e, g[i].held_on);
        list_export_text(e, g[i].name);
        list_export_text(e, g[i].unit_name);
        list_export_text(e, g[i].trade);
        list_export_text(e, level_name(g[i].level));
        list_export_text(e, state_name(g[i].state));
        list_export_int(e, (int64_t)g[i].n_participants);
        list_export_int(e, (int64_t)g[i].n_winners);
        list_export_text(e, g[i].title);
        list_export_end_row(e);
    }
    list_export_send(e);
}

/* ---- one contest ------------------------------------------------------------------- */

/* Whether another participant of G shares P's rank (a tie). */
static bool tied(const contest_t *g, const contest_participant_t *p)
{
    for (size_t i = 0; i < g->n_participants; i++)
        if (&g->participants[i] != p && g->participants[i].rank == p->rank)
            return true;
    return false;
}

static void facts(req_t *r, buf_t *b, const contest_t *g)
{
    html_raw(b, "<dl class=\"facts\"><dt>Đơn vị tổ chức</dt><dd><a href=\"/units/");
    html_int(b, g->unit_id);
    html_raw(b, "/contests\">");
    html_text(b, g->unit_name);
    html_raw(b, "</a></dd><dt>Nghề thi</dt><dd>");
    html_text(b, g->trade);
    html_raw(b, "</dd><dt>Cấp</dt><dd>");
    html_text(b, level_name(g->level));
    html_raw(b, "</dd><dt>Ngày tổ chức</dt><dd>");
    ui_date_vn(b, g->held_on);
    html_raw(b, "</dd><dt>Số vòng thi</dt><dd>");
    html_int(b, g->rounds);
    html_raw(b, "</dd><dt>Trạng thái</dt><dd>");
    html_text(b, state_name(g->state));
    html_raw(b, "</dd><dt>Danh hiệu cho người đạt giải</dt><dd>");
    html_text(b, g->title);
    html_raw(b, "</dd><dt>Giám khảo</dt><dd>");
    for (size_t i = 0; i < g->n_judges; i++) {
        html_text(b, i ? ", " : "");
        html_text(b, arena_printf(r->arena, "%s (mã %lld)", g->judges[i].name, (long long)g->judges[i].id));
    }
    if (g->n_judges == 0)
        html_raw(b, "không có (mỗi vòng một điểm)");
    html_raw(b, "</dd></dl>");
}

static void results_table(req_t *r, buf_t *b, const contest_t *g)
{
    bool done = strcmp(g->state, "finished") == 0;
    html_raw(b, "<h2>Kết quả</h2><table><thead><tr><th class=\"num\">Hạng</th><th>Họ và tên</th><th>Đơn vị</th>");
    for (int64_t k = 1; k <= g->rounds; k++) {
        html_raw(b, "<th class=\"num\">Vòng ");
        html_int(b, k);
        html_raw(b, "</th>");
    }
    html_raw(b, "<th class=\"num\">Tổng điểm</th><th>Đạt giải</th></tr></thead><tbody>");
    for (size_t i = 0; i < g->n_participants; i++) {
        const contest_participant_t *p = &g->participants[i];
        html_raw(b, "<tr><td class=\"num\">");
        if (done) {
            html_int(b, p->rank);
            html_raw(b, tied(g, p) ? " (đồng hạng)" : "");
        }
        html_raw(b, "</td><td><a href=\"/people/");
        html_int(b, p->person_id);
        html_raw(b, "\">");
        html_text(b, p->full_name);
        html_raw(b, "</a> <span class=\"muted\">(mã ");
        html_int(b, p->person_id);
        html_raw(b, ")</span></td><td>");
        html_text(b, p->unit_name);
        html_raw(b, "</td>");
        for (int64_t k = 1; k <= g->rounds; k++) {
            int64_t s = contest_round_score(g, p->person_id, k);
            html_raw(b, "<td class=\"num\">");
            html_text(b, s >= 0 ? points(r->arena, s) : "");
            html_raw(b, "</td>");
        }
        html_raw(b, "<td class=\"num\">");
        html_text(b, done ? points(r->arena, p->total) : "");
        html_raw(b, "</td><td>");
        html_text(b, p->winner ? g->title : "");
        html_raw(b, "</td></tr>");
    }
    if (g->n_participants == 0)
        html_raw(b, "<tr><td colspan=\"5\" class=\"muted\">Chưa có thí sinh.</td></tr>");
    html_raw(b, "</tbody></table>");
    if (done && g->win_rank > 0 && (int64_t)g->n_winners > g->win_rank)
        html_raw(b, "<p class=\"notice ok\">Có thí sinh bằng điểm ở hạng cuối được giải nên số người đạt giải nhiều"
                    " hơn số hạng đã định.</p>");
    if (done) {
        html_raw(b, "<p>");
        html_int(b, (int64_t)g->n_winners);
        html_raw(b, " người đạt danh hiệu «");
        html_text(b, g->title);
        html_raw(b, "».</p>");
    }
}

static void open_forms(req_t *r, buf_t *b, const contest_t *g)
{
    const char *base = arena_printf(r->arena, "/contests/%lld", (long long)g->id);
    html_raw(b, "<div class=\"forms\">");
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/participants", base), "Đăng ký thí sinh");
    ui_input(b, "person_id", "Mã số người dự thi", "text", NULL, 1);
    ui_input(b, "unit_id", "Mã số đơn vị của thí sinh", "text", NULL, 1);
    ui_register_form_end(b, "Đăng ký");
    if (g->n_scores == 0) {
        ui_register_form_begin(r, b, arena_printf(r->arena, "%s/judges", base), "Thêm giám khảo (trước khi chấm)");
        ui_input(b, "name", "Họ và tên giám khảo", "text", NULL, 1);
        ui_input(b, "person_id", "Mã số người (nếu có hồ sơ)", "text", NULL, 0);
        ui_register_form_end(b, "Thêm");
    }
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/scores", base), "Chấm điểm");
    ui_input(b, "person_id", "Mã số thí sinh", "text", NULL, 1);
    ui_input(b, "round", "Vòng thi", "text", "1", 1);
    if (g->n_judges)
        ui_input(b, "judge_id", "Mã giám khảo", "text", NULL, 1);
    ui_input(b, "score", "Điểm (ví dụ 87,5)", "text", NULL, 1);
    ui_register_form_end(b, "Ghi điểm");
    ui_register_form_begin(r, b, arena_printf(r->arena, "%s/finish", base), "Kết thúc hội thi, xếp hạng");
    ui_input(b, "win_rank", "Đạt giải: từ hạng 1 đến hạng", "text", NULL, 0);
    ui_input(b, "win_score", "Đạt giải: tổng điểm tối thiểu", "text", NULL, 0);
    ui_register_form_end(b, "Kết thúc và công nhận danh hiệu");
    html_raw(b, "</div>");
}

static void render_contest(req_t *r, int64_t id, int http, const char *error, const char *ok)
{
    contest_t g;
    status_t st = contest_get(&r->ctx, id, &g);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, g.name);
    html_raw(&b, "<div class=\"crumbs\"><a href=\"/units/");
    html_int(&b, g.unit_id);
    html_raw(&b, "/contests\">Hội thi</a> ›</div><h1>");
    html_text(&b, g.name);
    html_raw(&b, "</h1>");
    ui_notice(&b, "error", error);
    ui_notice(&b, "ok", ok);
    html_raw(&b, "<section class=\"card\">");
    facts(r, &b, &g);
    ui_register_exports(&b, arena_printf(r->arena, "/contests/%lld/export", (long long)id));
    results_table(r, &b, &g);
    html_raw(&b, "</section>");
    if (strcmp(g.state, "open") == 0 && perm_check(&r->ctx, PERM_WRITE, g.unit_id) == ST_OK)
        open_forms(r, &b, &g);
    ui_page_send(r, &b, http);
}

void ui_contest_page(req_t *r) { render_contest(r, req_param_int(r, "id", 0), 200, NULL, NULL); }

void ui_contest_participant(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = contest_add_participant(&r->ctx, id, req_param_int(r, "person_id", 0),
                                          req_param_int(r, "unit_id", 0), &why);
    ui_register_after(r, st, why, id, render_contest, "Đã đăng ký thí sinh.");
}

void ui_contest_judge(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), judge;
    const char *why = NULL;
    status_t st = contest_add_judge(&r->ctx, id, req_param(r, "name"), req_param_int(r, "person_id", 0), &judge, &why);
    ui_register_after(r, st, why, id, render_contest, "Đã thêm giám khảo.");
}

void ui_contest_score(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), score = register_form_points(req_param(r, "score"));
    const char *why = register_form_bad_points;
    status_t st = score < 0 ? ST_INVALID
                            : contest_score(&r->ctx, id, req_param_int(r, "person_id", 0), req_param_int(r, "round", 0),
                                            req_param_int(r, "judge_id", 0), score, &why);
    ui_register_after(r, st, why, id, render_contest, "Đã ghi điểm.");
}

void ui_contest_finish(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), min = -1;
    const char *why = register_form_bad_points;
    status_t st = ST_OK;
    if (req_param(r, "win_score") && (min = register_form_points(req_param(r, "win_score"))) < 0)
        st = ST_INVALID;
    if (st == ST_OK)
        st = contest_finish(&r->ctx, id, req_param_int(r, "win_rank", 0), min, NULL, &why);
    ui_register_after(r, st, why, id, render_contest, "Hội thi đã kết thúc; người đạt giải đã được công nhận danh hiệu.");
}

void ui_contest_export(req_t *r)
{
    contest_t g;
    status_t st = contest_get(&r->ctx, req_param_int(r, "id", 0), &g);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    size_t nh = (size_t)g.rounds + 5;
    const char **header = arena_calloc(r->arena, nh, sizeof *header);
    if (!header) {
        respond_error(r, ST_NOMEM, NULL);
        return;
    }
    header[0] = "Hạng";
    header[1] = "Họ và tên";
    header[2] = "Đơn vị";
    for (int64_t k = 1; k <= g.rounds; k++)
        header[2 + k] = arena_printf(r->arena, "Vòng %lld", (long long)k);
    header[nh - 2] = "Tổng điểm";
    header[nh - 1] = "Danh hiệu đạt được";
    list_export_t *e = list_export_begin_or_respond(r, list_export_format(r),
                                                    arena_printf(r->arena, "ket-qua-hoi-thi-%lld", (long long)g.id),
                                                    header, nh);
    if (!e)
        return;
    bool done = strcmp(g.state, "finished") == 0;
    for (size_t i = 0; i < g.n_participants; i++) {
        const contest_participant_t *p = &g.participants[i];
        list_export_text(e, done ? arena_printf(r->arena, "%lld%s", (long long)p->rank, tied(&g, p) ? " (đồng hạng)" : "")
                                 : NULL);
        list_export_text(e, p->full_name);
        list_export_text(e, p->unit_name);
        for (int64_t k = 1; k <= g.rounds; k++) {
            int64_t s = contest_round_score(&g, p->person_id, k);
            list_export_text(e, s >= 0 ? points(r->arena, s) : NULL);
        }
        list_export_text(e, done ? points(r->arena, p->total) : NULL);
        list_export_text(e, p->winner ? g.title : NULL);
        list_export_end_row(e);
    }
    list_export_send(e);
}
