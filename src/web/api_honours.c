/* /api/v1/units/{id}/honours, /api/v1/honours/{id}/…: honouring events
 * (biểu dương) and their counts by kind; /api/v1/units/{id}/models,
 * /api/v1/models/{id}/…: advanced models (điển hình tiên tiến) and their
 * replications. Honorees travel as text, one a line: "p12: lời biểu dương"
 * (person 12) or "u5: …" (unit 5). */
#include "core/honour.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/register_form.h"

static const char *const forbid_read = "Bạn không có quyền xem dữ liệu này.";
static const char *const forbid_write = "Bạn không có quyền thay đổi dữ liệu của đơn vị này.";

/* The refusal (with core's reason when it gave one), or HTTP with
 * {"ok":true,"id":ID}. */
static void answer(req_t *r, status_t st, const char *why, int64_t id, int http)
{
    if (check_or_respond(r, st, st == ST_FORBIDDEN && !why ? forbid_write : why) == ST_OK)
        resp_json(r, http, json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

static json_t *id_or_null(int64_t id) { return id > 0 ? json_integer(id) : json_null(); }

static json_t *event_json(const honour_event_t *e)
{
    json_t *o = json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:o, s:s?, s:s?, s:I}", "id",
                          (json_int_t)e->id, "unit_id", (json_int_t)e->unit_id, "unit_name", e->unit_name, "kind",
                          honour_kind_code(e->kind), "kind_name", honour_kind_name(e->kind), "title", e->title,
                          "held_on", e->held_on, "place", e->place, "link", e->link, "movement_id",
                          id_or_null(e->movement_id), "movement_name", e->movement_name, "description",
                          e->description, "honoree_count", (json_int_t)e->n_honorees);
    if (!e->honorees)
        return o;
    json_t *list = json_array();
    for (size_t i = 0; i < e->n_honorees; i++) {
        const honour_honoree_t *h = &e->honorees[i];
        jarr_take(list, json_pack("{s:I, s:o, s:o, s:s?, s:s?}", "id", (json_int_t)h->id, "person_id",
                                  id_or_null(h->person_id), "unit_id", id_or_null(h->unit_id), "name", h->name,
                                  "citation", h->citation));
    }
    json_object_set_new(o, "honorees", list);
    return o;
}

/* {"hoi_nghi": n, …} for ROOT and YEAR into BODY; false (answered) on error. */
static bool add_counts(req_t *r, json_t *body, int64_t root, int64_t year)
{
    int64_t c[HONOUR_KINDS];
    if (check_or_respond(r, honour_count_kinds(&r->ctx, root, year, c), forbid_read) != ST_OK)
        return false;
    json_t *counts = json_object();
    for (int k = 0; k < HONOUR_KINDS; k++)
        json_object_set_new(counts, honour_kind_code(k), json_integer(c[k]));
    json_object_set_new(body, "counts", counts);
    return true;
}

void api_honours_list(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = req_param_int(r, "year", 0);
    honour_event_t *e;
    size_t n;
    status_t st = honour_event_list(&r->ctx, unit, year, &e, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, event_json(&e[i]));
    json_t *body = json_pack("{s:o}", "items", items);
    if (year > 0 && !add_counts(r, body, unit, year)) {
        json_decref(body);
        return;
    }
    resp_json(r, 200, body);
}

void api_honour_create(req_t *r)
{
    honour_honoree_t *hs;
    size_t n;
    const char *why = register_form_honorees(r, req_param(r, "honorees"), &hs, &n);
    if (why) {
        respond_error(r, ST_INVALID, why);
        return;
    }
    honour_event_in_t in = {.kind = req_param(r, "kind"), .title = req_param(r, "title"),
                            .held_on = req_param(r, "held_on"), .place = req_param(r, "place"),
                            .link = req_param(r, "link"), .movement_id = req_param_int(r, "movement_id", 0),
                            .description = req_param(r, "description")};
    int64_t id = 0;
    status_t st = honour_event_create(&r->ctx, req_param_int(r, "id", 0), &in, hs, n, &id, &why);
    answer(r, st, why, id, 201);
}

void api_honour_get(req_t *r)
{
    honour_event_t e;
    status_t st = honour_event_get(&r->ctx, req_param_int(r, "id", 0), &e);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) == ST_OK)
        resp_json(r, 200, event_json(&e));
}

void api_honour_add_honoree(req_t *r)
{
    honour_honoree_t h = {.person_id = req_param_int(r, "person_id", 0), .unit_id = req_param_int(r, "unit_id", 0),
                          .citation = req_param(r, "citation")};
    int64_t id = 0;
    const char *why = NULL;
    status_t st = honour_add_honoree(&r->ctx, req_param_int(r, "id", 0), &h, &id, &why);
    answer(r, st, why, id, 201);
}

void api_honours_summary(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = req_param_int(r, "year", 0), models, reps;
    status_t st = honour_count_models(&r->ctx, unit, year, &models, &reps);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *body = json_pack("{s:I, s:I, s:I, s:I}", "unit_id", (json_int_t)unit, "year", (json_int_t)year, "models",
                             (json_int_t)models, "replications", (json_int_t)reps);
    if (!add_counts(r, body, unit, year)) {
        json_decref(body);
        return;
    }
    resp_json(r, 200, body);
}

static json_t *model_json(const honour_model_t *m)
{
    json_t *o = json_pack("{s:I, s:I, s:s?, s:o, s:o, s:s?, s:s?, s:s?, s:o, s:s?, s:I, s:I}", "id",
                          (json_int_t)m->id, "unit_id", (json_int_t)m->unit_id, "unit_name", m->unit_name,
                          "person_id", id_or_null(m->person_id), "subject_unit_id", id_or_null(m->subject_unit_id),
                          "subject_name", m->subject_name, "title", m->title, "story", m->story, "movement_id",
                          id_or_null(m->movement_id), "movement_name", m->movement_name, "year", (json_int_t)m->year,
                          "replication_count", (json_int_t)m->n_replications);
    if (!m->replications)
        return o;
    json_t *list = json_array();
    for (size_t i = 0; i < m->n_replications; i++) {
        const honour_replication_t *x = &m->replications[i];
        jarr_take(list, json_pack("{s:I, s:s?, s:s?, s:s?}", "unit_id", (json_int_t)x->unit_id, "unit_name",
                                  x->unit_name, "date", x->replicated_on, "note", x->note));
    }
    json_object_set_new(o, "replications", list);
    return o;
}

void api_models_list(req_t *r)
{
    honour_model_t *m;
    size_t n;
    status_t st = honour_model_list(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "year", 0), &m, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, model_json(&m[i]));
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_model_create(req_t *r)
{
    honour_model_in_t in = {.person_id = req_param_int(r, "person_id", 0),
                            .subject_unit_id = req_param_int(r, "subject_unit_id", 0),
                            .title = req_param(r, "title"), .story = req_param(r, "story"),
                            .movement_id = req_param_int(r, "movement_id", 0), .year = req_param_int(r, "year", 0)};
    int64_t id = 0;
    const char *why = NULL;
    status_t st = honour_model_create(&r->ctx, req_param_int(r, "id", 0), &in, &id, &why);
    answer(r, st, why, id, 201);
}

void api_model_get(req_t *r)
{
    honour_model_t m;
    status_t st = honour_model_get(&r->ctx, req_param_int(r, "id", 0), &m);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) == ST_OK)
        resp_json(r, 200, model_json(&m));
}

void api_model_replicate(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = honour_model_replicate(&r->ctx, id, req_param_int(r, "unit_id", 0), req_param(r, "date"),
                                         req_param(r, "note"), &why);
    answer(r, st, why, id, 201);
}
