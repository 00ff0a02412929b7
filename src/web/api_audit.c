/* /api/v1/audit */
#include "core/audit.h"
#include "lib/json.h"
#include "web/handlers.h"

static json_t *entry_json(const audit_entry_t *e)
{
    json_t *j = json_object();
    jobj_int(j, "id", e->id);
    jobj_int(j, "at", e->at);
    jobj_str(j, "user", e->user_login);
    jobj_str(j, "ip", e->ip);
    jobj_str(j, "action", e->action);
    jobj_str(j, "entity", e->entity);
    jobj_int(j, "entity_id", e->entity_id);
    jobj_int(j, "unit_id", e->unit_id);
    jobj_take(j, "before", e->before ? json_loads(e->before, 0, NULL) : json_null());
    jobj_take(j, "after", e->after ? json_loads(e->after, 0, NULL) : json_null());
    return j;
}

void api_audit_list(req_t *r)
{
    audit_entry_t *entries;
    size_t n;
    int64_t limit = req_param_int(r, "limit", 100);
    if (limit > 1000)
        limit = 1000;
    if (check_or_respond(r, audit_list(&r->ctx, req_param_int(r, "before", 0), (size_t)limit, &entries, &n), NULL) !=
        ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, entry_json(&entries[i]));
    json_t *body = json_object();
    jobj_take(body, "items", items);
    resp_json(r, 200, body);
}
