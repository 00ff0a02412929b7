/* /api/v1/imports and /api/v1/exports: files in and out as background jobs.
 * POST /api/v1/imports?kind=people&dry_run=1&unit_id=…&filename=… takes the
 * file as the raw body and answers 202 with the job; GET /api/v1/imports/{id}
 * follows it and gives the report; POST /api/v1/imports/{id}/commit imports
 * a checked file for real. POST /api/v1/exports/people|units start an export
 * job (202); its file is at /jobs/{id}/download once done. */
#include <string.h>

#include "core/job.h"
#include "export/transfer.h"
#include "lib/json.h"
#include "web/handlers.h"

#define REPORT_MAX 1000

static json_t *job_json(req_t *r, const job_t *j)
{
    const job_kind_t *k = job_kind_find(j->kind);
    json_t *o = json_object();
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
    bool dry = false;
    if (transfer_is_import(j->kind, &dry, NULL)) {
        jobj_str(o, "url", arena_printf(r->arena, "/api/v1/imports/%lld", (long long)j->id));
        jobj_bool(o, "dry_run", dry);
    } else {
        jobj_str(o, "url", arena_printf(r->arena, "/api/v1/jobs/%lld", (long long)j->id));
        if (j->result_path && strcmp(j->state, "done") == 0)
            jobj_str(o, "download", arena_printf(r->arena, "/jobs/%lld/download", (long long)j->id));
    }
    return o;
}

/* The job and, once it ended, its report. */
static json_t *import_json(req_t *r, const job_t *j)
{
    json_t *o = job_json(r, j);
    bool live = strcmp(j->state, "queued") == 0 || strcmp(j->state, "running") == 0, dry = false;
    transfer_is_import(j->kind, &dry, NULL);
    if (live)
        return o;
    const char *path = transfer_report_path(r->arena, j);
    import_problem_t *p = NULL;
    size_t n = 0;
    int64_t total = 0, duplicates = 0;
    if (path && transfer_read_report(path, r->arena, REPORT_MAX, &p, &n, &total, &duplicates) == ST_OK) {
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_object();
            jobj_take(x, "row", p[i].row > 0 ? json_integer(p[i].row) : json_null());
            jobj_str(x, "level", p[i].level == IMPORT_ERROR ? "error" : p[i].level == IMPORT_DUPLICATE ? "duplicate"
                                                                                                       : "note");
            jobj_str(x, "level_label", import_level_label(p[i].level));
            jobj_str(x, "column", p[i].column);
            jobj_str(x, "message", p[i].message);
            jarr_take(items, x);
        }
        json_t *rep = json_object();
        jobj_take(rep, "problems", items);
        jobj_int(rep, "total", total);
        jobj_int(rep, "duplicates", duplicates);
        jobj_str(rep, "csv", arena_printf(r->arena, "/imports/%lld/report", (long long)j->id));
        jobj_take(o, "report", rep);
    }
    if (dry && strcmp(j->state, "done") == 0)
        jobj_str(o, "commit", arena_printf(r->arena, "/api/v1/imports/%lld/commit", (long long)j->id));
    return o;
}

/* Answers 202 with job ID. */
static void accepted(req_t *r, int64_t id)
{
    job_t j;
    if (check_or_respond(r, job_get(&r->ctx, id, &j), NULL) != ST_OK)
        return;
    bool import = transfer_is_import(j.kind, NULL, NULL);
    json_t *body = import ? import_json(r, &j) : job_json(r, &j);
    const char *loc = jget_str(body, "url");
    if (loc)
        resp_header(r, "Location", loc);
    resp_json(r, 202, body);
}

void api_import_create(req_t *r)
{
    const char *kind = req_param(r, "kind");
    if (!kind || (strcmp(kind, "people") != 0 && strcmp(kind, "units") != 0)) {
        respond_error(r, ST_INVALID, "Tham số «kind» phải là people hoặc units.");
        return;
    }
    if (!r->upload_path) {
        respond_error(r, ST_INVALID, "Chưa có tệp: gửi nội dung tệp XLSX hoặc CSV làm thân yêu cầu.");
        return;
    }
    const char *dry = req_param(r, "dry_run");
    bool dry_run = !dry || req_param_bool(r, "dry_run"); /* a check unless asked otherwise */
    int64_t id = 0;
    status_t st = transfer_submit_import(&r->ctx, strcmp(kind, "units") == 0 ? TRANSFER_UNITS : TRANSFER_PEOPLE,
                                         req_param_int(r, "unit_id", 0), dry_run, req_param_bool(r, "force"),
                                         r->upload_path, r->upload_name ? r->upload_name : req_param(r, "filename"),
                                         &id);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền nhập dữ liệu vào đơn vị này." : NULL) !=
        ST_OK)
        return;
    r->upload_path = NULL; /* the job owns the file now */
    accepted(r, id);
}

void api_import_get(req_t *r)
{
    job_t j;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    if (st == ST_OK && !transfer_is_import(j.kind, NULL, NULL))
        st = ST_NOT_FOUND;
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy lần nhập này." : NULL) == ST_OK)
        resp_json(r, 200, import_json(r, &j));
}

void api_import_commit(req_t *r)
{
    int64_t id = 0;
    const char *why = NULL;
    status_t st = transfer_submit_commit(&r->ctx, req_param_int(r, "id", 0), req_param_bool(r, "force"), &id, &why);
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy lần kiểm tra này." : why) == ST_OK)
        accepted(r, id);
}

static void export_start(req_t *r, transfer_what_t what)
{
    const char *format = req_param(r, "format"), *subtree = req_param(r, "subtree");
    int64_t id = 0;
    status_t st = transfer_submit_export(&r->ctx, what, req_param_int(r, "unit_id", 0), req_param(r, "at"),
                                         !subtree || req_param_bool(r, "subtree"), format ? format : "xlsx", &id);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này."
                                : st == ST_INVALID ? "Tham số «format» phải là xlsx hoặc csv." : NULL) == ST_OK)
        accepted(r, id);
}

void api_export_people(req_t *r) { export_start(r, TRANSFER_PEOPLE); }

void api_export_units(req_t *r) { export_start(r, TRANSFER_UNITS); }
