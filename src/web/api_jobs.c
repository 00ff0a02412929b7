/* /api/v1/jobs: following background jobs; /api/v1/audit/verify starts one. */
#include "core/job.h"
#include "lib/json.h"
#include "web/handlers.h"

static json_t *job_json(const job_t *j)
{
    json_t *o = json_object();
    const job_kind_t *k = job_kind_find(j->kind);
    jobj_int(o, "id", j->id);
    jobj_str(o, "kind", j->kind);
    jobj_str(o, "title", k ? k->title : j->kind);
    jobj_str(o, "state", j->state);
    jobj_int(o, "progress", j->progress);
    jobj_int(o, "total", j->total);
    jobj_str(o, "message", j->message);
    jobj_str(o, "input_name", j->input_name);
    jobj_int(o, "created_at", j->created_at);
    jobj_take(o, "finished_at", j->finished_at ? json_integer(j->finished_at) : json_null());
    if (j->result_path)
        jobj_take(o, "download", json_sprintf("/jobs/%lld/download", (long long)j->id));
    return o;
}

void api_job_get(req_t *r)
{
    job_t j;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy công việc này." : NULL) == ST_OK)
        resp_json(r, 200, job_json(&j));
}

void api_jobs_list(req_t *r)
{
    job_t *jobs;
    size_t n;
    if (check_or_respond(r, job_list(&r->ctx, 100, &jobs, &n), NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, job_json(&jobs[i]));
    json_t *body = json_object();
    jobj_take(body, "items", items);
    resp_json(r, 200, body);
}

void api_audit_verify(req_t *r)
{
    int64_t id;
    status_t st = job_submit(&r->ctx, "audit_verify", 0, NULL, NULL, NULL, &id);
    if (check_or_respond(r, st, NULL) != ST_OK)
        return;
    job_t j;
    if (check_or_respond(r, job_get(&r->ctx, id, &j), NULL) == ST_OK)
        resp_json(r, 202, job_json(&j));
}
