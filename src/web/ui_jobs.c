/* Background jobs: the caller's list, one job's page (which refreshes itself
 * while the job runs: no script needed), downloading its result, and starting
 * an audit-chain check. */
#include <string.h>

#include "core/job.h"
#include "lib/html.h"
#include "lib/text.h"
#include "lib/time.h"
#include "web/handlers.h"
#include "web/ui.h"

static const char *state_label(const char *state)
{
    return strcmp(state, "queued") == 0    ? "Đang chờ"
           : strcmp(state, "running") == 0 ? "Đang chạy"
           : strcmp(state, "done") == 0    ? "Hoàn thành"
                                           : "Không thành công";
}

static const char *title_of(const job_t *j)
{
    const job_kind_t *k = job_kind_find(j->kind);
    return k ? k->title : j->kind;
}

static void progress(buf_t *b, const job_t *j)
{
    html_raw(b, "<progress max=\"");
    html_int(b, j->total > 0 ? j->total : 1);
    html_raw(b, "\" value=\"");
    html_int(b, j->total > 0 ? j->progress : 0);
    html_raw(b, "\"></progress> ");
    if (j->total > 0) {
        text_format_int(b, j->progress);
        html_raw(b, " / ");
        text_format_int(b, j->total);
    }
}

void ui_job_page(req_t *r)
{
    job_t j;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    if (check_or_respond(r, st, st == ST_NOT_FOUND ? "Không tìm thấy công việc này." : NULL) != ST_OK)
        return;
    bool live = strcmp(j.state, "queued") == 0 || strcmp(j.state, "running") == 0;
    if (live)
        resp_header(r, "Refresh", "2"); /* the page follows the job by itself */
    buf_t b;
    ui_page_begin(r, &b, title_of(&j));
    html_raw(&b, "<h1>");
    html_text(&b, title_of(&j));
    html_raw(&b, "</h1><section class=\"card\"><dl class=\"facts\"><dt>Trạng thái</dt><dd>");
    html_text(&b, state_label(j.state));
    html_raw(&b, "</dd><dt>Tiến độ</dt><dd>");
    progress(&b, &j);
    html_raw(&b, "</dd><dt>Bắt đầu gửi</dt><dd>");
    time_format_vn(&b, j.created_at);
    html_raw(&b, "</dd>");
    if (j.input_name) {
        html_raw(&b, "<dt>Tệp</dt><dd>");
        html_text(&b, j.input_name);
        html_raw(&b, "</dd>");
    }
    html_raw(&b, "</dl>");
    ui_notice(&b, strcmp(j.state, "failed") == 0 ? "error" : "ok", j.message);
    if (j.result_path && strcmp(j.state, "done") == 0) {
        html_raw(&b, "<p><a class=\"button\" href=\"/jobs/");
        html_int(&b, j.id);
        html_raw(&b, "/download\">Tải về ");
        html_text(&b, j.result_name);
        html_raw(&b, "</a></p>");
    }
    if (live)
        html_raw(&b, "<p class=\"muted\">Trang tự cập nhật mỗi 2 giây. Bạn có thể rời trang; công việc vẫn tiếp tục.</p>");
    html_raw(&b, "</section><p><a href=\"/jobs\">Tất cả công việc của bạn</a></p>");
    ui_page_send(r, &b, 200);
}

void ui_jobs_page(req_t *r)
{
    job_t *jobs;
    size_t n;
    if (check_or_respond(r, job_list(&r->ctx, 100, &jobs, &n), NULL) != ST_OK)
        return;
    buf_t b;
    ui_page_begin(r, &b, "Công việc");
    html_raw(&b, "<h1>Công việc chạy nền của bạn</h1><table><thead><tr><th>#</th><th>Công việc</th><th>Gửi lúc</th>"
                 "<th>Trạng thái</th><th>Tiến độ</th></tr></thead><tbody>");
    for (size_t i = 0; i < n; i++) {
        html_raw(&b, "<tr><td class=\"num\">");
        html_int(&b, jobs[i].id);
        html_raw(&b, "</td><td><a href=\"/jobs/");
        html_int(&b, jobs[i].id);
        html_raw(&b, "\">");
        html_text(&b, title_of(&jobs[i]));
        html_raw(&b, "</a></td><td>");
        time_format_vn(&b, jobs[i].created_at);
        html_raw(&b, "</td><td>");
        html_text(&b, state_label(jobs[i].state));
        html_raw(&b, "</td><td>");
        progress(&b, &jobs[i]);
        html_raw(&b, "</td></tr>");
    }
    if (n == 0)
        html_raw(&b, "<tr><td colspan=\"5\" class=\"muted\">Chưa có công việc nào.</td></tr>");
    html_raw(&b, "</tbody></table>");
    ui_page_send(r, &b, 200);
}

void ui_job_download(req_t *r)
{
    job_t j;
    status_t st = job_get(&r->ctx, req_param_int(r, "id", 0), &j);
    if (st == ST_OK && (!j.result_path || strcmp(j.state, "done") != 0))
        st = ST_NOT_FOUND;
    if (st == ST_OK)
        st = resp_file(r, j.result_path, j.result_name, j.result_type);
    check_or_respond(r, st, st == ST_NOT_FOUND ? "Công việc này chưa có tệp kết quả." : NULL);
}

void ui_audit_verify(req_t *r)
{
    int64_t id;
    status_t st = job_submit(&r->ctx, "audit_verify", 0, NULL, NULL, NULL, &id);
    if (check_or_respond(r, st, NULL) != ST_OK)
        return;
    char *to = arena_printf(r->arena, "/jobs/%lld", (long long)id);
    resp_redirect(r, to ? to : "/jobs");
}
