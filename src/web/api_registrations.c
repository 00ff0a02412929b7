/* /api/v1/titles, /api/v1/movements/{id}/registrations…,
 * /api/v1/registrations/{id}/withdraw and /api/v1/units/{id}/settings:
 * the title catalogue and emulation registration (issue 4 §2), the same
 * operations as the registration screen (ui_registrations.c), and the
 * list's XLSX/CSV download shared by both faces. */
#include <string.h>

#include "core/registration.h"
#include "core/title.h"
#include "export/transfer.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/list_export.h"
#include "web/registration_web.h"

static const char forbid_read[] = "Bạn không có quyền xem đăng ký thi đua của phong trào hoặc đơn vị này.";

static json_t *title_json(const title_t *t)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "code", t->code, "name", t->name, "subject",
                          t->subject, "kind", t->kind, "scheme", t->scheme, "confidence", t->confidence, "rank",
                          (json_int_t)t->rank);
    jobj_str(j, "legal_basis", t->legal_basis);
    jobj_str(j, "valid_from", t->valid_from);
    jobj_str(j, "valid_to", t->valid_to);
    return j;
}

void api_titles_list(req_t *r)
{
    title_t *t;
    size_t n;
    status_t st = title_list(&r->ctx, req_param(r, "on"), req_param(r, "subject"), &t, &n);
    if (check_or_respond(r, st, st == ST_INVALID ? "Ngày hoặc đối tượng không hợp lệ." : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, title_json(&t[i]));
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *registration_json(const registration_t *g)
{
    json_t *j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)g->id, "movement_id",
                          (json_int_t)g->movement_id, "unit_id", (json_int_t)g->unit_id, "title_code", g->title_code,
                          "title_name", g->title_name, "subject", g->subject, "state", g->state, "registered_on",
                          g->registered_on, "late", g->late);
    jobj_str(j, "unit_name", g->unit_name);
    jobj_take(j, "person_id", g->person_id ? json_integer(g->person_id) : json_null());
    jobj_str(j, "person_name", g->person_name);
    jobj_str(j, "targets", g->targets);
    jobj_str(j, "late_reason", g->late_reason);
    return j;
}

void api_registrations_list(req_t *r)
{
    registration_query_t q = registration_query_from(r);
    int64_t page = registration_page(r);
    registration_list_t l;
    const char *deadline = NULL;
    bool passed = false;
    status_t st = registration_list(&r->ctx, &q, (size_t)(page - 1) * REG_PAGE, REG_PAGE, &l);
    if (st == ST_OK)
        st = registration_deadline(&r->ctx, q.movement, &deadline, &passed);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array(), *counts = json_array();
    for (size_t i = 0; i < l.n; i++)
        jarr_take(items, registration_json(&l.rows[i]));
    for (size_t i = 0; i < l.n_counts; i++)
        jarr_take(counts, json_pack("{s:s, s:s, s:I}", "title_code", l.counts[i].title_code, "title_name",
                                    l.counts[i].title_name, "count", (json_int_t)l.counts[i].count));
    json_t *o = json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:b}", "items", items, "counts", counts, "active",
                          (json_int_t)l.active, "late", (json_int_t)l.late, "withdrawn", (json_int_t)l.withdrawn,
                          "page", (json_int_t)page, "deadline_passed", passed);
    jobj_str(o, "deadline", deadline);
    resp_json(r, 200, o);
}

void api_registrations_add(req_t *r)
{
    registration_outcome_t out;
    status_t st = registration_add_from(r, &out);
    if (check_or_respond(r, st, out.why) != ST_OK)
        return;
    resp_json(r, 201, json_pack("{s:b, s:I, s:I, s:b}", "ok", 1, "id", (json_int_t)out.id, "registered",
                                (json_int_t)out.registered, "late", out.late));
}

/* {"ok":true} or the refusal. */
static void answer(req_t *r, status_t st, const char *why)
{
    if (check_or_respond(r, st, why) == ST_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}

void api_registration_withdraw(req_t *r)
{
    const char *why = NULL;
    status_t st = registration_withdraw(&r->ctx, req_param_int(r, "id", 0), req_param(r, "reason"), &why);
    answer(r, st, why);
}

void api_registration_deadline(req_t *r)
{
    const char *why = NULL;
    status_t st = registration_set_deadline(&r->ctx, req_param_int(r, "id", 0), req_param(r, "deadline"), &why);
    answer(r, st, why);
}

void api_unit_settings_get(req_t *r)
{
    bool required = false;
    status_t st = registration_required(&r->ctx, req_param_int(r, "id", 0), &required);
    if (check_or_respond(r, st, NULL) == ST_OK)
        resp_json(r, 200, json_pack("{s:b}", "registration_required", required));
}

void api_unit_settings_set(req_t *r)
{
    const char *why = NULL;
    status_t st = registration_set_required(&r->ctx, req_param_int(r, "id", 0),
                                            registration_setting_value(req_param(r, "registration_required")), &why);
    answer(r, st, why);
}

static json_t *report_json(const registration_import_report_t *rep)
{
    json_t *problems = json_array();
    for (size_t i = 0; i < rep->n_problems; i++)
        jarr_take(problems, json_pack("{s:I, s:s}", "row", (json_int_t)rep->problems[i].row, "message",
                                      rep->problems[i].message));
    return json_pack("{s:I, s:I, s:I, s:I, s:b, s:o}", "rows", (json_int_t)rep->rows, "registered",
                     (json_int_t)rep->registered, "unchanged", (json_int_t)rep->unchanged, "errors",
                     (json_int_t)rep->n_errors, "written", rep->written, "problems", problems);
}

void api_registrations_import(req_t *r)
{
    registration_import_report_t rep;
    const char *why = NULL;
    status_t st = registration_import_from(r, &rep, &why);
    if (check_or_respond(r, st, why) == ST_OK)
        resp_json(r, 200, report_json(&rep));
}

/* ---- the download ----------------------------------------------------------------- */

static const char *const export_header[] = {"STT", "Đối tượng", "Họ và tên", "Mã hồ sơ", "Số CCCD", "Đơn vị",
                                            "Danh hiệu đăng ký", "Chỉ tiêu", "Ngày đăng ký", "Đăng ký muộn",
                                            "Lý do đăng ký muộn", "Trạng thái"};

typedef struct {
    list_export_t *x;
    int64_t n;
} export_walk_t;

static int export_row(const registration_t *g, void *arg)
{
    export_walk_t *w = arg;
    list_export_int(w->x, ++w->n);
    list_export_text(w->x, g->person_id ? "Cá nhân" : "Tập thể");
    list_export_text(w->x, g->person_id ? g->person_name : g->unit_name);
    if (g->person_id)
        list_export_int(w->x, g->person_id);
    else
        list_export_text(w->x, NULL);
    list_export_text(w->x, g->cccd);
    list_export_text(w->x, g->unit_name);
    list_export_text(w->x, g->title_name);
    list_export_text(w->x, g->targets);
    list_export_date(w->x, g->registered_on);
    list_export_text(w->x, g->late ? "Có" : NULL);
    list_export_text(w->x, g->late_reason);
    list_export_text(w->x, strcmp(g->state, "active") == 0 ? "Đang đăng ký" : "Đã rút");
    list_export_end_row(w->x);
    return 0;
}

void registrations_export(req_t *r)
{
    registration_query_t q = registration_query_from(r);
    registration_list_t probe;
    /* Permission first, so that a refusal is an error page, not a file. */
    status_t st = registration_list(&r->ctx, &q, 0, 1, &probe);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    export_walk_t w = {list_export_begin_or_respond(r, list_export_format(r), "dang-ky-thi-dua", export_header,
                                                    sizeof export_header / sizeof *export_header), 0};
    if (!w.x)
        return;
    st = registration_list_each(&r->ctx, &q, export_row, &w);
    if (st != ST_OK)
        list_export_fail(w.x, st);
    list_export_send(w.x);
}
