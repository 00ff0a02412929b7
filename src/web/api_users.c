/* /api/v1/users */
#include "core/user.h"
#include "lib/json.h"
#include "web/handlers.h"

static json_t *user_json(const user_t *u)
{
    json_t *j = json_object();
    jobj_int(j, "id", u->id);
    jobj_str(j, "login", u->login);
    jobj_str(j, "full_name", u->full_name);
    jobj_bool(j, "active", u->active);
    if (u->roles)
        jobj_str(j, "roles", u->roles);
    return j;
}

void api_users_list(req_t *r)
{
    user_t *users;
    size_t n;
    if (check_or_respond(r, user_list(&r->ctx, &users, &n), NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, user_json(&users[i]));
    json_t *body = json_object();
    jobj_take(body, "items", items);
    resp_json(r, 200, body);
}

void api_user_create(req_t *r)
{
    int64_t id;
    const char *why;
    status_t st = user_create(&r->ctx, req_param(r, "login"), req_param(r, "full_name"), req_param(r, "password"),
                              &id, &why);
    if (check_or_respond(r, st, why) != ST_OK)
        return;
    user_t u;
    if (check_or_respond(r, user_get(&r->ctx, id, &u), NULL) == ST_OK)
        resp_json(r, 201, user_json(&u));
}

void api_user_grant(req_t *r)
{
    const char *why;
    status_t st = user_grant(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0), req_param(r, "role"),
                             &why);
    if (check_or_respond(r, st, why) == ST_OK)
        resp_json(r, 200, json_pack("{s:b}", "ok", 1));
}
