/* /api/v1/units */
#include "core/unit.h"
#include "lib/json.h"
#include "web/handlers.h"

static json_t *unit_json(const unit_t *u)
{
    json_t *j = json_object();
    jobj_int(j, "id", u->id);
    if (u->parent_id)
        jobj_int(j, "parent_id", u->parent_id);
    else
        jobj_take(j, "parent_id", json_null());
    jobj_str(j, "code", u->code);
    jobj_str(j, "name", u->name);
    jobj_int(j, "children", u->children);
    return j;
}

void api_units_list(req_t *r)
{
    unit_t *units;
    size_t n;
    status_t st = unit_list(&r->ctx, req_param_int(r, "parent_id", 0), &units, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, unit_json(&units[i]));
    json_t *body = json_object();
    jobj_take(body, "items", items);
    resp_json(r, 200, body);
}

void api_unit_get(req_t *r)
{
    unit_t u;
    status_t st = unit_get(&r->ctx, req_param_int(r, "id", 0), &u);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) == ST_OK)
        resp_json(r, 200, unit_json(&u));
}

void api_unit_create(req_t *r)
{
    int64_t id;
    const char *why;
    status_t st = unit_create(&r->ctx, req_param_int(r, "parent_id", 0), req_param(r, "code"), req_param(r, "name"),
                              &id, &why);
    if (st == ST_FORBIDDEN)
        why = "Bạn không có quyền thêm đơn vị tại đây.";
    if (check_or_respond(r, st, why) != ST_OK)
        return;
    unit_t u;
    if (check_or_respond(r, unit_get(&r->ctx, id, &u), NULL) == ST_OK)
        resp_json(r, 201, unit_json(&u));
}
