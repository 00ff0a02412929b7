/* /api/v1/movements/{id}/sheet, …/scores/{unit_id}, …/ranking: score sheets,
 * self and official scores, ranking in a cluster (issue 4 §3). The router
 * passes only strings and integers of a JSON body, so lists travel as text
 * in the line format of core/scoring.h:
 *   sheet: "group|Công tác tổ chức|30", "item|…|10|evidence", "bonus|…|5",
 *          "penalty|…|5", one a line; total: "100"; bands: "90|Xuất sắc" lines.
 *   scores: item_id, points ("8,5" or "8.5"), comment, evidence for one item,
 *          or lines "ITEM_ID|POINTS|COMMENT|EVIDENCE", one item a line.
 * Points in answers are numbers (87.5). */
#include <stdlib.h>
#include <string.h>

#include "core/scoring.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/list_export.h"

static const char *const forbid_read = "Bạn không có quyền xem bảng điểm này.";
static const char *const forbid_write = "Bạn không có quyền chấm hoặc sửa bảng điểm này.";
static const char *const bad_lines =
    "Mỗi dòng điểm có dạng mã_tiêu_chí|điểm|nhận xét|minh chứng (ví dụ 12|8,5|Đạt chỉ tiêu|bao-cao.pdf).";

static json_t *pts(int64_t hundredths) { return json_real((double)hundredths / 100.0); }

static json_t *line_json(const score_line_t *l)
{
    static const char *const kinds[] = {"group", "item", "bonus", "penalty"};
    return json_pack("{s:I, s:s, s:s, s:o, s:b}", "id", (json_int_t)l->id, "kind", kinds[l->kind], "name", l->name,
                     "max", pts(l->max), "evidence_required", l->evidence);
}

static json_t *sheet_json(arena_t *a, const score_sheet_t *s)
{
    json_t *lines = json_array(), *bands = json_array();
    for (size_t i = 0; i < s->n_lines; i++)
        jarr_take(lines, line_json(&s->lines[i]));
    for (size_t i = 0; i < s->n_bands; i++)
        jarr_take(bands, json_pack("{s:o, s:s}", "min", pts(s->bands[i].min), "name", s->bands[i].name));
    return json_pack("{s:I, s:b, s:b, s:o, s:o, s:o, s:s, s:s}", "movement_id", (json_int_t)s->movement_id, "exists",
                     s->exists, "locked", s->locked, "total", pts(s->total), "lines", lines, "bands", bands, "sheet",
                     scoring_lines_text(a, s), "bands_text", scoring_bands_text(a, s));
}

void api_scoring_sheet_get(req_t *r)
{
    score_sheet_t s;
    status_t st = scoring_sheet_get(&r->ctx, req_param_int(r, "id", 0), &s);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) == ST_OK)
        resp_json(r, 200, sheet_json(r->arena, &s));
}

void api_scoring_sheet_save(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    score_sheet_t s;
    const char *why = NULL;
    status_t st = scoring_sheet_parse(r->arena, req_param(r, "total"), req_param(r, "sheet"), req_param(r, "bands"), &s,
                                      &why);
    if (st == ST_OK)
        st = scoring_sheet_save(&r->ctx, id, &s, &why);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_write : why) == ST_OK)
        api_scoring_sheet_get(r);
}

static json_t *totals_json(const score_totals_t *t)
{
    return json_pack("{s:o, s:o, s:o, s:b, s:b, s:b, s:s?}", "self_total", pts(t->self_total), "official_total",
                     pts(t->official_total), "total", pts(t->total), "scored", t->scored, "reviewed", t->reviewed,
                     "provisional", t->provisional, "band", t->band);
}

static json_t *row_json(const score_row_t *w)
{
    json_t *j = line_json(&w->line);
    jobj_take(j, "self_points", w->has_self ? pts(w->self_points) : json_null());
    jobj_str(j, "self_comment", w->self_comment);
    jobj_str(j, "evidence", w->evidence);
    jobj_take(j, "official_points", w->has_official ? pts(w->official_points) : json_null());
    jobj_str(j, "official_comment", w->official_comment);
    return j;
}

void api_scoring_card(req_t *r)
{
    score_card_t k;
    status_t st = scoring_card(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0), &k);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *rows = json_array();
    for (size_t i = 0; i < k.n_rows; i++)
        jarr_take(rows, row_json(&k.rows[i]));
    resp_json(r, 200, json_pack("{s:I, s:s?, s:I, s:s?, s:o, s:b, s:b, s:b, s:o, s:o}", "movement_id",
                                (json_int_t)k.movement_id, "movement_name", k.movement_name, "unit_id",
                                (json_int_t)k.unit_id, "unit_name", k.unit_name, "sheet_total", pts(k.sheet.total),
                                "open", k.movement_open, "can_self", k.can_self, "can_official", k.can_official,
                                "items", rows, "totals", totals_json(&k.totals)));
}

/* One line "ITEM|POINTS|COMMENT|EVIDENCE" into E (fields after POINTS
 * optional; the comment may not hold '|'). */
static bool parse_entry(char *line, score_in_t *e)
{
    char *f[4] = {0};
    size_t n = 0;
    for (char *p = line; p && n < 4; n++) {
        f[n] = p;
        p = strchr(p, '|');
        if (p)
            *p++ = '\0';
    }
    char *end;
    long long item = n >= 2 ? strtoll(f[0], &end, 10) : 0;
    if (item <= 0 || (*end && *end != ' '))
        return false;
    *e = (score_in_t){.item_id = item, .points = scoring_points_parse(f[1]), .comment = f[2], .evidence = f[3]};
    return e->points >= 0;
}

/* The entries of the request: one item (item_id, points, comment,
 * evidence) or LINES. False (answered) when malformed. */
static bool read_entries(req_t *r, score_in_t **out, size_t *n)
{
    *n = 0;
    const char *lines = req_param(r, "lines");
    size_t cap = 1;
    for (const char *p = lines; p && *p; p++)
        cap += *p == '\n';
    *out = arena_calloc(r->arena, cap, sizeof **out);
    if (!*out) {
        respond_error(r, ST_NOMEM, NULL);
        return false;
    }
    if (!lines) {
        **out = (score_in_t){.item_id = req_param_int(r, "item_id", 0),
                             .points = scoring_points_parse(req_param(r, "points") ? req_param(r, "points") : ""),
                             .comment = req_param(r, "comment"),
                             .evidence = req_param(r, "evidence")};
        *n = 1;
        if ((*out)->item_id > 0 && (*out)->points >= 0)
            return true;
        respond_error(r, ST_INVALID, "Điểm phải là số không âm, tối đa hai chữ số thập phân (ví dụ 8,5).");
        return false;
    }
    char *copy = arena_strdup(r->arena, lines), *save = NULL;
    for (char *l = copy ? strtok_r(copy, "\r\n", &save) : NULL; l; l = strtok_r(NULL, "\r\n", &save)) {
        if (!*l)
            continue;
        if (*n >= cap || !parse_entry(l, &(*out)[*n])) {
            respond_error(r, ST_INVALID, bad_lines);
            return false;
        }
        (*n)++;
    }
    return true;
}

static void save(req_t *r, bool official)
{
    score_in_t *in;
    size_t n;
    if (!read_entries(r, &in, &n))
        return;
    const char *why = NULL;
    status_t st = scoring_save(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0), official, in, n,
                               &why);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_write : why) == ST_OK)
        api_scoring_card(r);
}

void api_scoring_self(req_t *r) { save(r, false); }
void api_scoring_official(req_t *r) { save(r, true); }

void api_scoring_ranking(req_t *r)
{
    score_rank_t *x;
    size_t n;
    status_t st = scoring_ranking(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "cluster_id", 0), &x, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = totals_json(&x[i].totals);
        jobj_take(j, "rank", x[i].rank ? json_integer(x[i].rank) : json_null());
        jobj_bool(j, "tie", x[i].tie);
        jobj_int(j, "unit_id", x[i].unit_id);
        jobj_str(j, "code", x[i].code);
        jobj_str(j, "name", x[i].name);
        jarr_take(items, j);
    }
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}

void scoring_ranking_export(req_t *r)
{
    static const char *const header[] = {"Hạng", "Bằng điểm", "Mã đơn vị", "Đơn vị", "Điểm tự chấm",
                                         "Điểm chính thức", "Xếp loại"};
    score_rank_t *x;
    size_t n;
    status_t st = scoring_ranking(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "cluster_id", 0), &x, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    list_export_t *e = list_export_begin_or_respond(r, list_export_format(r), "xep-hang-thi-dua", header,
                                                    sizeof header / sizeof *header);
    for (size_t i = 0; e && i < n; i++) {
        const score_totals_t *t = &x[i].totals;
        list_export_text(e, x[i].rank ? arena_printf(r->arena, "%lld", (long long)x[i].rank) : "Chưa xếp hạng");
        list_export_text(e, x[i].tie ? "Có" : NULL);
        list_export_text(e, x[i].code);
        list_export_text(e, x[i].name);
        list_export_text(e, t->scored ? scoring_points_format(r->arena, t->self_total) : NULL);
        list_export_text(e, t->reviewed ? scoring_points_format(r->arena, t->official_total) : NULL);
        list_export_text(e, t->band ? (t->provisional ? arena_printf(r->arena, "%s (chưa thẩm định)", t->band) : t->band)
                                    : NULL);
        list_export_end_row(e);
    }
    if (e)
        list_export_send(e);
}
