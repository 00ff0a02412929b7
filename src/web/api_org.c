/* /api/v1/units/{id}/rename|transfer|dissolve|merge|split|history:
 * restructuring the tree, each with its date and decision number. */
#include "core/org.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/handlers.h"

static org_change_t change_of(req_t *r)
{
    return (org_change_t){.date = req_param(r, "date"), .decision_no = req_param(r, "decision_no"),
                          .note = req_param(r, "note")};
}

/* Answers with the unit as it now is (201 for a new one). WHY is read here,
 * after the call that set it has run (never pass its value alongside). */
static void answer(req_t *r, status_t st, const char *const *whyp, int64_t id, int http)
{
    const char *why = st == ST_FORBIDDEN ? "Bạn không có quyền thay đổi đơn vị này." : *whyp;
    if (check_or_respond(r, st, why) != ST_OK)
        return;
    unit_t u;
    if (check_or_respond(r, unit_get(&r->ctx, id, &u), NULL) == ST_OK)
        resp_json(r, http, api_unit_json(&u));
}

void api_unit_rename(req_t *r)
{
    org_change_t ch = change_of(r);
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    answer(r, org_rename(&r->ctx, id, req_param(r, "name"), req_param(r, "short_name"), &ch, &why), &why, id, 200);
}

void api_unit_transfer(req_t *r)
{
    org_change_t ch = change_of(r);
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    answer(r, org_transfer(&r->ctx, id, req_param_int(r, "parent_id", 0), &ch, &why), &why, id, 200);
}

void api_unit_dissolve(req_t *r)
{
    org_change_t ch = change_of(r);
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    answer(r, org_dissolve(&r->ctx, id, &ch, &why), &why, id, 200);
}

void api_unit_merge(req_t *r)
{
    org_change_t ch = change_of(r);
    int64_t into = req_param_int(r, "into_id", 0);
    const char *why = NULL;
    answer(r, org_merge(&r->ctx, req_param_int(r, "id", 0), into, &ch, &why), &why, into, 200);
}

void api_unit_split(req_t *r)
{
    org_change_t ch = change_of(r);
    unit_spec_t sp = {.code = req_param(r, "code"), .name = req_param(r, "name"),
                      .short_name = req_param(r, "short_name"), .kind = req_param(r, "kind"),
                      .sector = req_param(r, "sector")};
    int64_t id = 0;
    const char *why = NULL;
    status_t st = org_split(&r->ctx, req_param_int(r, "id", 0), &sp, &ch, &id, &why);
    answer(r, st, &why, id, 201);
}

void api_unit_history(req_t *r)
{
    org_event_t *e;
    size_t n;
    status_t st = org_history(&r->ctx, req_param_int(r, "id", 0), &e, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object();
        jobj_str(j, "event", e[i].event);
        jobj_str(j, "date", e[i].event_date);
        jobj_str(j, "decision_no", e[i].decision_no);
        jobj_str(j, "note", e[i].note);
        jobj_take(j, "other_unit_id", e[i].other_unit_id ? json_integer(e[i].other_unit_id) : json_null());
        jobj_str(j, "other_unit_name", e[i].other_name);
        jarr_take(items, j);
    }
    json_t *body = json_object();
    jobj_take(body, "items", items);
    resp_json(r, 200, body);
}
