/* /api/v1/units: the organisation tree (lists as of a date, one unit,
 * creating a unit). Restructuring is in api_org.c. */
#include "core/unit.h"
#include "lib/json.h"
#include "web/api.h"
#include "web/handlers.h"

json_t *api_unit_json(const unit_t *u)
{
    json_t *j = json_object();
    jobj_int(j, "id", u->id);
    jobj_take(j, "parent_id", u->parent_id ? json_integer(u->parent_id) : json_null());
    jobj_str(j, "code", u->code);
    jobj_str(j, "name", u->name);
    jobj_str(j, "short_name", u->short_name);
    jobj_str(j, "kind", u->kind);
    jobj_str(j, "kind_name", u->kind_name);
    jobj_int(j, "level", u->level);
    jobj_str(j, "sector", u->sector);
    jobj_str(j, "address", u->address);
    jobj_str(j, "valid_from", u->valid_from);
    jobj_str(j, "valid_to", u->valid_to);
    jobj_str(j, "year_type", u->year_type);
    jobj_int(j, "children", u->children);
    return j;
}

static const char *refused = "Bạn không có quyền xem đơn vị này.";

enum { LIST_DEFAULT = 500, LIST_MAX = 1000 };

void api_units_list(req_t *r)
{
    int64_t limit = req_param_int(r, "limit", LIST_DEFAULT);
    unit_query_t q = {.parent_id = req_param_int(r, "parent_id", 0), .at = req_param(r, "at"),
                      .q = req_param(r, "q"), .offset = (size_t)req_param_int(r, "offset", 0),
                      .limit = (size_t)limit};
    unit_page_t pg;
    status_t st = limit < 1 || limit > LIST_MAX ? ST_INVALID : unit_children(&r->ctx, &q, &pg);
    if (check_or_respond(r, st,
                         st == ST_FORBIDDEN ? refused
                         : st == ST_INVALID ? "Số đơn vị mỗi trang phải từ 1 đến 1000."
                                            : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        jarr_take(items, api_unit_json(&pg.items[i]));
    json_t *body = json_object();
    jobj_take(body, "items", items);
    jobj_int(body, "total", pg.total);
    jobj_int(body, "offset", (int64_t)q.offset);
    jobj_int(body, "limit", limit);
    jobj_str(body, "at", q.at ? q.at : unit_today(&r->ctx));
    resp_json(r, 200, body);
}

void api_unit_get(req_t *r)
{
    unit_t u;
    status_t st = unit_get(&r->ctx, req_param_int(r, "id", 0), &u);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? refused : NULL) == ST_OK)
        resp_json(r, 200, api_unit_json(&u));
}

void api_unit_create(req_t *r)
{
    unit_spec_t sp = {
        .parent_id = req_param_int(r, "parent_id", 0), .code = req_param(r, "code"), .name = req_param(r, "name"),
        .short_name = req_param(r, "short_name"), .kind = req_param(r, "kind"), .sector = req_param(r, "sector"),
        .address = req_param(r, "address"), .valid_from = req_param(r, "valid_from"),
        .decision_no = req_param(r, "decision_no"), .year_type = req_param(r, "year_type"),
    };
    int64_t id;
    const char *why;
    status_t st = unit_create_spec(&r->ctx, &sp, &id, &why);
    if (st == ST_FORBIDDEN)
        why = "Bạn không có quyền thêm đơn vị tại đây.";
    if (check_or_respond(r, st, why) != ST_OK)
        return;
    unit_t u;
    if (check_or_respond(r, unit_get(&r->ctx, id, &u), NULL) == ST_OK)
        resp_json(r, 201, api_unit_json(&u));
}
