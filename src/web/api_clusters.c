/* /api/v1/units/{id}/clusters and /api/v1/clusters/{id}/…: emulation clusters
 * and blocks a unit forms each year. */
#include "core/cluster.h"
#include "lib/json.h"
#include "web/handlers.h"

static json_t *cluster_json(const cluster_t *g)
{
    json_t *members = json_array();
    for (size_t i = 0; i < g->n_members; i++)
        jarr_take(members, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)g->members[i].id, "code",
                                     g->members[i].code, "name", g->members[i].name, "leader",
                                     g->members[i].id == g->leader_unit_id));
    return json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)g->id, "kind", g->kind, "name", g->name,
                     "year", (json_int_t)g->year, "leader_unit_id",
                     g->leader_unit_id ? json_integer(g->leader_unit_id) : json_null(), "members", members);
}

void api_clusters_list(req_t *r)
{
    cluster_t *g;
    size_t n;
    status_t st = cluster_list(&r->ctx, req_param_int(r, "id", 0), req_param_int(r, "year", 0), &g, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, cluster_json(&g[i]));
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The refusal, or 200/201 with {"ok":true,"id":ID}. WHYP is read after the call. */
static void answer(req_t *r, status_t st, const char *const *whyp, int64_t id, int http)
{
    const char *why = st == ST_FORBIDDEN ? "Bạn không có quyền thay đổi cụm, khối của đơn vị này." : *whyp;
    if (check_or_respond(r, st, why) == ST_OK)
        resp_json(r, http, json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

void api_cluster_create(req_t *r)
{
    int64_t id = 0;
    const char *why = NULL;
    status_t st = cluster_create(&r->ctx, req_param_int(r, "id", 0), req_param(r, "kind"), req_param(r, "name"),
                                 req_param_int(r, "year", 0), &id, &why);
    answer(r, st, &why, id, 201);
}

void api_cluster_add(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = cluster_add_unit(&r->ctx, id, req_param_int(r, "unit_id", 0), &why);
    answer(r, st, &why, id, 200);
}

void api_cluster_leader(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = cluster_set_leader(&r->ctx, id, req_param_int(r, "unit_id", 0), &why);
    answer(r, st, &why, id, 200);
}
