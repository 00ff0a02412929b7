/* /api/v1/units/{id}/movements and /api/v1/movements/{id}/…: emulation
 * movements, their states, versions, cascade and coverage (issue 4 §1). */
#include "core/movement.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/movement_form.h"

static const char *const forbid_read = "Bạn không có quyền xem phong trào này.";
static const char *const forbid_write = "Bạn không có quyền thay đổi phong trào của đơn vị này.";

static json_t *spec_json(const movement_spec_t *sp)
{
    json_t *j = json_object();
    jobj_str(j, "name", sp->name);
    jobj_str(j, "content", sp->content);
    jobj_str(j, "goals", sp->goals);
    jobj_str(j, "legal_basis", sp->legal_basis);
    jobj_str(j, "kind", sp->kind);
    jobj_str(j, "period_from", sp->period_from);
    jobj_str(j, "period_to", sp->period_to);
    jobj_str(j, "year_label", sp->year_label);
    jobj_str(j, "target_unit_kind", sp->target_unit_kind);
    jobj_str(j, "target_sector", sp->target_sector);
    jobj_str(j, "target_people", sp->target_people);
    jobj_str(j, "titles", sp->titles);
    return j;
}

static json_t *movement_json(const movement_t *m)
{
    json_t *j = spec_json(&m->spec);
    jobj_int(j, "id", m->id);
    jobj_int(j, "owner_unit_id", m->owner_unit_id);
    jobj_str(j, "owner_name", m->owner_name);
    jobj_take(j, "parent_movement_id", m->parent_movement_id ? json_integer(m->parent_movement_id) : json_null());
    jobj_str(j, "state", m->state);
    jobj_int(j, "version", m->version);
    return j;
}


/* The refusal, or HTTP with {"ok":true,"id":ID}. */
static void answer(req_t *r, status_t st, const char *why, int64_t id, int http)
{
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_write : why) == ST_OK)
        resp_json(r, http, json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

void api_movements_list(req_t *r)
{
    movement_t *m;
    size_t n;
    status_t st = movement_list(&r->ctx, req_param_int(r, "id", 0), &m, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, movement_json(&m[i]));
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_movement_create(req_t *r)
{
    int64_t id = 0;
    const char *why = NULL;
    movement_spec_t sp = movement_spec_from(r);
    status_t st = movement_create(&r->ctx, req_param_int(r, "id", 0), &sp, &id, &why);
    answer(r, st, why, id, 201);
}

void api_movement_update(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    movement_spec_t sp = movement_spec_from(r);
    status_t st = movement_update(&r->ctx, id, &sp, &why);
    answer(r, st, why, id, 200);
}

void api_movement_get(req_t *r)
{
    movement_t m;
    status_t st = movement_get(&r->ctx, req_param_int(r, "id", 0), &m);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *j = movement_json(&m);
    json_t *hist = json_array();
    for (size_t i = 0; i < m.n_history; i++) {
        const movement_state_t *h = &m.history[i];
        json_t *e = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)h->id, "state", h->state, "date", h->date);
        jobj_str(e, "note", h->note);
        jobj_take(e, "acted_by", h->acted_by ? json_integer(h->acted_by) : json_null());
        jarr_take(hist, e);
    }
    json_t *vers = json_array();
    for (size_t i = 0; i < m.n_versions; i++) {
        const movement_version_t *v = &m.versions[i];
        json_t *e = spec_json(&v->spec);
        jobj_int(e, "version", v->version);
        jobj_int(e, "changed_at", v->changed_at);
        jobj_take(e, "changed_by", v->changed_by ? json_integer(v->changed_by) : json_null());
        jarr_take(vers, e);
    }
    jobj_take(j, "history", hist);
    jobj_take(j, "versions", vers);
    resp_json(r, 200, j);
}

void api_movement_state(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = movement_set_state(&r->ctx, id, req_param(r, "state"), req_param(r, "date"), req_param(r, "note"),
                                     &why);
    answer(r, st, why, id, 200);
}

void api_movement_respond(req_t *r)
{
    int64_t id = 0;
    const char *why = NULL;
    status_t st = movement_respond(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0),
                                   req_param(r, "name"), &id, &why);
    answer(r, st, why, id, 201);
}

static json_t *share_json(int64_t n, int64_t total, const char *text)
{
    return json_pack("{s:I, s:I, s:s}", "count", (json_int_t)n, "total", (json_int_t)total, "share", text);
}

void api_movement_coverage(req_t *r)
{
    coverage_t cv;
    status_t st = movement_coverage(&r->ctx, req_param_int(r, "id", 0), req_param_bool(r, "subtree"), &cv);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *units = json_array();
    for (size_t i = 0; i < cv.n; i++) {
        const coverage_row_t *u = &cv.rows[i];
        json_t *e = json_pack("{s:I, s:s, s:s, s:I, s:b, s:b, s:b, s:b, s:b}", "unit_id", (json_int_t)u->unit_id,
                              "code", u->code, "name", u->name, "depth", (json_int_t)u->depth, "responded",
                              u->responded, "launched", u->launched, "interim", u->interim, "final", u->final,
                              "registered", u->registered);
        jobj_take(e, "movement_id", u->movement_id ? json_integer(u->movement_id) : json_null());
        jarr_take(units, e);
    }
    resp_json(r, 200, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "total", (json_int_t)cv.total,
                                "responded", share_json(cv.responded, cv.total, cv.responded_share),
                                "launched", share_json(cv.launched, cv.total, cv.launched_share),
                                "interim", share_json(cv.interim, cv.total, cv.interim_share),
                                "final", share_json(cv.final, cv.total, cv.final_share),
                                "registered", share_json(cv.registered, cv.total, cv.registered_share), "units", units));
}
