/* Files in and out of the core: imports read from XLSX/CSV, exports
 * written to them, reports, and the jobs. See src/export/transfer.h. */
#include "export/transfer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/export.h"
#include "core/perm.h"
#include "core/unit.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/text.h"

#define PROGRESS_EVERY 1000

/* ---- import from a file ----------------------------------------------------------- */

static status_t feed_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    return import_row(ud, (int64_t)row_no, cells, n);
}

/* Reads PATH into FN(UD, …) and returns what table_read_file returns,
 * with the reader's refusal in WHY[0..LEN) ("" when the file was read to
 * its end, or when FN itself stopped the read: the engine knows why). */
static status_t read_into(const char *path, const table_limits_t *lim, table_row_fn fn, void *ud, char *why,
                          size_t len)
{
    status_t s = table_read_file(path, lim, fn, ud, why, len);
    if (s == ST_NOT_FOUND)
        snprintf(why, len, "Không mở được tệp đã gửi.");
    return s;
}

status_t transfer_import(ctx_t *c, const char *path, const import_opts_t *o, const table_limits_t *lim,
                         import_report_t *rep)
{
    *rep = (import_report_t){0};
    import_t *im;
    status_t s = import_begin(c, o, &im);
    if (s != ST_OK)
        return s;
    char why[512];
    read_into(path, lim, feed_row, im, why, sizeof why);
    if (why[0])
        import_refuse(im, why);
    /* Otherwise the file was read, or import_row failed, which import_finish returns. */
    return import_finish(im, rep);
}

static status_t feed_registration(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    return registration_import_row(ud, (int64_t)row_no, cells, n);
}

status_t transfer_import_registrations(ctx_t *c, int64_t movement, const char *path, bool commit,
                                       const char *late_reason, registration_import_report_t *rep, const char **why)
{
    *rep = (registration_import_report_t){0};
    registration_import_t *im;
    status_t s = registration_import_begin(c, movement, commit, late_reason, &im, why);
    if (s != ST_OK)
        return s;
    char msg[512];
    if (read_into(path, NULL, feed_registration, im, msg, sizeof msg) != ST_OK)
        registration_import_refuse(im, msg[0] ? msg : "Không đọc được tệp đã gửi.");
    /* A row's own failure comes first: finish returns it, writing nothing. */
    return registration_import_finish(im, rep, why);
}

/* ---- reports -------------------------------------------------------------------------- */

static const char *const report_header[] = {"Dòng", "Mức", "Cột", "Nội dung"};

status_t transfer_write_report(const import_report_t *rep, const char *path, char *why, size_t why_len)
{
    table_writer_t *w;
    status_t s = table_writer_open_file(&w, TABLE_CSV, path, NULL, why, why_len);
    if (s != ST_OK)
        return s;
    table_writer_header(w, report_header, 4);
    for (size_t i = 0; i < rep->n_problems; i++) {
        const import_problem_t *p = &rep->problems[i];
        if (p->row > 0)
            table_writer_int(w, p->row);
        else
            table_writer_text(w, NULL);
        table_writer_text(w, import_level_label(p->level));
        table_writer_text(w, p->column);
        table_writer_text(w, p->message);
        table_writer_end_row(w);
    }
    return table_writer_close(w, why, why_len);
}

typedef struct {
    arena_t *a;
    size_t max, cap;
    import_problem_t *out;
    size_t n;
    int64_t total, duplicates;
    bool header;
} report_read_t;

static status_t report_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    (void)row_no;
    report_read_t *r = ud;
    if (!r->header) {
        r->header = true;
        return ST_OK;
    }
    r->total++;
    if (n > 1 && strcmp(cells[1], import_level_label(IMPORT_DUPLICATE)) == 0)
        r->duplicates++;
    if (r->n >= r->max)
        return ST_OK;
    import_problem_t *p = arena_push(r->a, (void **)&r->out, &r->n, &r->cap, sizeof *p);
    if (!p)
        return ST_NOMEM;
    const char *lvl = n > 1 ? cells[1] : "";
    *p = (import_problem_t){
        .row = n > 0 ? strtoll(cells[0], NULL, 10) : 0,
        .level = strcmp(lvl, import_level_label(IMPORT_ERROR)) == 0       ? IMPORT_ERROR
                 : strcmp(lvl, import_level_label(IMPORT_DUPLICATE)) == 0 ? IMPORT_DUPLICATE
                                                                          : IMPORT_NOTE,
        .column = n > 2 && cells[2][0] ? arena_strdup(r->a, cells[2]) : NULL,
        .message = arena_strdup(r->a, n > 3 ? cells[3] : ""),
    };
    return ST_OK;
}

status_t transfer_read_report(const char *path, arena_t *a, size_t max, import_problem_t **out, size_t *n,
                              int64_t *total, int64_t *duplicates)
{
    report_read_t r = {.a = a, .max = max};
    *out = NULL;
    *n = 0;
    if (total)
        *total = 0;
    if (duplicates)
        *duplicates = 0;
    status_t s = table_read_file(path, NULL, report_row, &r, NULL, 0);
    if (s == ST_OK) {
        *out = r.out;
        *n = r.n;
        if (total)
            *total = r.total;
        if (duplicates)
            *duplicates = r.duplicates;
    }
    return s;
}

/* "1.234" into B. */
static const char *num(buf_t *b, int64_t v)
{
    buf_reset(b);
    text_format_int(b, v);
    return buf_str(b);
}

const char *transfer_summary(arena_t *a, const import_report_t *rep, bool dry)
{
    buf_t n[5];
    for (int i = 0; i < 5; i++)
        buf_init(&n[i], 64);
    const char *out;
    const char *first = rep->n_problems ? rep->problems[0].message : "không đọc được tệp.";
    if (rep->refused)
        out = arena_printf(a, "Tệp bị từ chối, chưa nhập gì: %s", first);
    else if (rep->errors)
        out = arena_printf(a, "Tệp có %s lỗi%s%s%s; chưa nhập gì. Hãy sửa tệp theo báo cáo rồi tải lên lại.",
                           num(&n[0], rep->errors), rep->duplicates ? " (và " : "",
                           rep->duplicates ? num(&n[1], rep->duplicates) : "",
                           rep->duplicates ? " người nghi trùng)" : "");
    else if (rep->duplicates && dry)
        out = arena_printf(a, "%s dòng: sẽ thêm mới %s, cập nhật %s, giữ nguyên %s; có %s người nghi trùng với hồ sơ "
                              "đã có (xem báo cáo). Nếu đó là những người khác, hãy chọn «Vẫn nhập người nghi trùng» "
                              "khi nhập.",
                           num(&n[0], rep->rows), num(&n[1], rep->created), num(&n[2], rep->updated),
                           num(&n[3], rep->unchanged), num(&n[4], rep->duplicates));
    else if (rep->duplicates)
        out = arena_printf(a, "Có %s người nghi trùng với hồ sơ đã có; chưa nhập gì. Nếu đó là những người khác, hãy "
                              "chọn «Vẫn nhập người nghi trùng».", num(&n[0], rep->duplicates));
    else if (dry)
        out = arena_printf(a, "Tệp hợp lệ: %s dòng, sẽ thêm mới %s, cập nhật %s, giữ nguyên %s.", num(&n[0], rep->rows),
                           num(&n[1], rep->created), num(&n[2], rep->updated), num(&n[3], rep->unchanged));
    else if (rep->created + rep->updated == 0)
        out = arena_printf(a, "Không có gì thay đổi: %s dòng đều đã có trong hệ thống.", num(&n[0], rep->rows));
    else
        out = arena_printf(a, "Đã nhập %s dòng: thêm mới %s, cập nhật %s, giữ nguyên %s.", num(&n[0], rep->rows),
                           num(&n[1], rep->created), num(&n[2], rep->updated), num(&n[3], rep->unchanged));
    for (int i = 0; i < 5; i++)
        buf_free(&n[i]);
    return out ? out : "Xong.";
}

/* ---- export to a file ------------------------------------------------------------------ */

typedef struct {
    table_writer_t *w;
    bool (*progress)(void *arg, int64_t rows);
    void *arg;
    int64_t rows;
    bool stopped;
} export_sink_t;

static int write_row(void *arg, const export_cell_t *cells, size_t n)
{
    export_sink_t *k = arg;
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        const export_cell_t *x = &cells[i];
        if (x->kind == EXPORT_INT)
            s = table_writer_int(k->w, x->i);
        else if (x->kind == EXPORT_DATE)
            s = table_writer_date(k->w, x->y, x->m, x->d);
        else
            s = table_writer_text(k->w, x->text);
    }
    if (s == ST_OK)
        s = table_writer_end_row(k->w);
    if (s != ST_OK)
        return 1; /* sticky: close reports it */
    k->rows++;
    if (k->progress && k->rows % PROGRESS_EVERY == 0 && !k->progress(k->arg, k->rows)) {
        k->stopped = true;
        return 1;
    }
    return 0;
}

status_t transfer_export(ctx_t *c, transfer_what_t what, int64_t unit_id, const char *at, bool subtree,
                         table_format_t fmt, const char *path, bool (*progress)(void *arg, int64_t rows),
                         void *arg, int64_t *rows, char *why, size_t why_len)
{
    if (why_len)
        why[0] = '\0';
    *rows = 0;
    /* Permission first: no file for a unit out of reach. */
    status_t s = unit_id ? perm_check(c, PERM_READ, unit_id) : ST_OK;
    if (s != ST_OK)
        return s;
    table_write_opts_t o = {.sheet_name = what == TRANSFER_PEOPLE ? "Đoàn viên" : "Đơn vị", .delimiter = ','};
    export_sink_t k = {.progress = progress, .arg = arg};
    if ((s = table_writer_open_file(&k.w, fmt, path, &o, why, why_len)) != ST_OK)
        return s;
    size_t nh;
    const char *const *h = what == TRANSFER_PEOPLE ? export_people_header(&nh) : export_units_header(&nh);
    table_writer_header(k.w, h, nh);
    /* One snapshot for the whole list. */
    bool own = !db_in_transaction(c->db);
    s = own ? db_begin_read(c->db) : ST_OK;
    int64_t got = 0;
    if (s == ST_OK)
        s = what == TRANSFER_PEOPLE ? export_people_each(c, unit_id, at, subtree, write_row, &k, &got)
                                    : export_units_each(c, unit_id, at, write_row, &k, &got);
    if (own && s == ST_OK)
        s = db_commit(c->db);
    else if (own)
        db_rollback(c->db);
    if (s == ST_OK && k.stopped)
        s = ST_BUSY;
    char wwhy[512];
    status_t cs = table_writer_close(k.w, wwhy, sizeof wwhy);
    if (s == ST_OK && cs != ST_OK) {
        s = cs;
        if (why_len)
            snprintf(why, why_len, "%s", wwhy);
    }
    if (s != ST_OK)
        remove(path);
    *rows = s == ST_OK ? k.rows : 0;
    return s;
}

/* ---- jobs ------------------------------------------------------------------------------- */

bool transfer_is_import(const char *kind, bool *dry, transfer_what_t *what)
{
    static const struct {
        const char *kind;
        bool dry;
        transfer_what_t what;
    } kinds[] = {
        {"import_people_check", true, TRANSFER_PEOPLE}, {"import_people", false, TRANSFER_PEOPLE},
        {"import_units_check", true, TRANSFER_UNITS},   {"import_units", false, TRANSFER_UNITS},
    };
    for (size_t i = 0; kind && i < sizeof kinds / sizeof *kinds; i++) {
        if (strcmp(kind, kinds[i].kind) == 0) {
            if (dry)
                *dry = kinds[i].dry;
            if (what)
                *what = kinds[i].what;
            return true;
        }
    }
    return false;
}

const char *transfer_report_path(arena_t *a, const job_t *job)
{
    if (!transfer_is_import(job->kind, NULL, NULL))
        return NULL;
    return arena_printf(a, "%s/job-%lld-bao-cao.csv", job_dir(), (long long)job->id);
}

static bool param_bool(const char *params, const char *key)
{
    json_error_t e;
    json_t *j = params ? json_loads(params, 0, &e) : NULL;
    bool v = j && json_is_true(json_object_get(j, key));
    json_decref(j);
    return v;
}

/* Reads JOB's params: a string member copied into A (NULL when absent). */
static const char *param_str(arena_t *a, const char *params, const char *key)
{
    json_error_t e;
    json_t *j = params ? json_loads(params, 0, &e) : NULL;
    const char *v = j ? arena_strdup(a, jget_str(j, key)) : NULL;
    json_decref(j);
    return v;
}

typedef struct {
    job_run_t *run;
    int64_t total;
} job_progress_t;

static bool on_progress(void *arg, int64_t rows)
{
    job_progress_t *p = arg;
    if (rows > p->total)
        p->total = rows;
    return job_progress(p->run, rows, p->total);
}

static status_t count_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    (void)row_no;
    (void)cells;
    (void)n;
    (*(int64_t *)ud)++;
    return ST_OK;
}

status_t transfer_job_import(ctx_t *c, const job_t *job, job_run_t *run)
{
    bool dry = true;
    transfer_what_t what = TRANSFER_PEOPLE;
    if (!transfer_is_import(job->kind, &dry, &what) || !job->input_path)
        return ST_INVALID;
    /* A first, cheap pass: the number of rows for the progress bar (and a
     * hostile file is refused before any database work). */
    job_progress_t p = {.run = run};
    int64_t rows = 0;
    (void)table_read_file(job->input_path, NULL, count_row, &rows, NULL, 0);
    p.total = rows > 1 ? rows - 1 : 0;
    job_progress(run, 0, p.total);
    import_opts_t o = {.kind = what == TRANSFER_PEOPLE ? IMPORT_PEOPLE : IMPORT_UNITS, .commit = !dry,
                       .force = param_bool(job->params, "force"), .unit_id = job->unit_id,
                       .source = job->input_name, .progress = on_progress, .progress_arg = &p};
    import_report_t rep;
    status_t s = transfer_import(c, job->input_path, &o, NULL, &rep);
    if (s == ST_FORBIDDEN) {
        job_set_message(run, "Bạn không có quyền nhập dữ liệu vào đơn vị này.");
        return s;
    }
    if (s != ST_OK)
        return s;
    const char *path = transfer_report_path(c->arena, job);
    char why[256];
    if (path && transfer_write_report(&rep, path, why, sizeof why) == ST_OK)
        job_set_result(run, path, dry ? "bao-cao-kiem-tra.csv" : "bao-cao-nhap.csv", "text/csv; charset=utf-8");
    job_set_message(run, transfer_summary(c->arena, &rep, dry));
    job_progress(run, rep.rows, rep.rows);
    bool blocked = rep.refused || rep.errors > 0 || (!dry && rep.duplicates > 0 && !o.force);
    return blocked ? ST_INVALID : ST_OK;
}

static const char *ext_of(table_format_t fmt) { return fmt == TABLE_XLSX ? "xlsx" : "csv"; }

static const char *type_of(table_format_t fmt)
{
    return fmt == TABLE_XLSX ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8";
}

status_t transfer_job_export(ctx_t *c, const job_t *job, job_run_t *run)
{
    transfer_what_t what = strcmp(job->kind, "export_units") == 0 ? TRANSFER_UNITS : TRANSFER_PEOPLE;
    const char *format = param_str(c->arena, job->params, "format");
    table_format_t fmt = format && strcmp(format, "csv") == 0 ? TABLE_CSV : TABLE_XLSX;
    const char *at = param_str(c->arena, job->params, "at");
    bool subtree = job->params ? param_bool(job->params, "subtree") : true;
    job_progress_t p = {.run = run};
    status_t s = what == TRANSFER_PEOPLE ? export_people_count(c, job->unit_id, at, subtree, &p.total)
                                         : export_units_count(c, job->unit_id, at, &p.total);
    if (s != ST_OK) {
        job_set_message(run, s == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này." : status_message(s));
        return s;
    }
    job_progress(run, 0, p.total);
    char *path = arena_printf(c->arena, "%s/job-%lld.%s", job_dir(), (long long)job->id, ext_of(fmt));
    if (!path)
        return ST_NOMEM;
    int64_t rows = 0;
    char why[512];
    s = transfer_export(c, what, job->unit_id, at, subtree, fmt, path, on_progress, &p, &rows, why, sizeof why);
    if (s != ST_OK) {
        job_set_message(run, why[0] ? why : status_message(s));
        return s;
    }
    const char *code = NULL;
    unit_t u;
    if (job->unit_id && unit_get(c, job->unit_id, &u) == ST_OK)
        code = u.code;
    const char *name = arena_printf(c->arena, "%s-%s%s%s.%s",
                                    what == TRANSFER_PEOPLE ? "danh-sach-doan-vien" : "danh-sach-don-vi",
                                    code ? code : "tat-ca", at ? "-" : "", at ? at : "", ext_of(fmt));
    job_set_result(run, path, name ? name : path, type_of(fmt));
    buf_t b;
    buf_init(&b, 64);
    text_format_int(&b, rows);
    job_set_message(run, arena_printf(c->arena, "Đã xuất %s %s.", buf_str(&b),
                                      what == TRANSFER_PEOPLE ? "người" : "đơn vị"));
    buf_free(&b);
    job_progress(run, rows, rows);
    return ST_OK;
}

/* ---- submitting ------------------------------------------------------------------------- */

/* A new, unique path in job_dir() for a job's input (created empty). */
static status_t new_input_path(char *path, size_t cap)
{
    snprintf(path, cap, "%s/import-XXXXXX", job_dir());
    int fd = mkstemp(path);
    if (fd < 0)
        return ST_INTERNAL;
    close(fd);
    return ST_OK;
}

/* Copies FROM over TO (a different file system, or a link refused). */
static status_t copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    status_t s = in && out ? ST_OK : ST_NOT_FOUND;
    char buf[64 * 1024];
    size_t n;
    while (s == ST_OK && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            s = ST_INTERNAL;
    if (in && ferror(in))
        s = ST_INTERNAL;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        s = ST_INTERNAL;
    return s;
}

static const char *import_kind(transfer_what_t what, bool dry)
{
    if (what == TRANSFER_UNITS)
        return dry ? "import_units_check" : "import_units";
    return dry ? "import_people_check" : "import_people";
}

status_t transfer_submit_import(ctx_t *c, transfer_what_t what, int64_t unit_id, bool dry_run, bool force,
                                const char *upload_path, const char *upload_name, int64_t *id)
{
    *id = 0;
    if (!upload_path)
        return ST_INVALID;
    status_t s = unit_id ? perm_check(c, PERM_WRITE, unit_id) : perm_any(c, PERM_WRITE);
    if (s != ST_OK)
        return s;
    char path[600];
    if ((s = new_input_path(path, sizeof path)) != ST_OK)
        return s;
    if (rename(upload_path, path) != 0 && ((s = copy_file(upload_path, path)) != ST_OK || unlink(upload_path) != 0)) {
        unlink(path);
        return s != ST_OK ? s : ST_INTERNAL;
    }
    const char *params = force ? "{\"force\":true}" : "{}";
    s = job_submit(c, import_kind(what, dry_run), unit_id, params, path, upload_name ? upload_name : "tep", id);
    if (s != ST_OK)
        unlink(path);
    return s;
}

status_t transfer_submit_commit(ctx_t *c, int64_t check_id, bool force, int64_t *id, const char **why)
{
    *id = 0;
    *why = NULL;
    job_t j;
    status_t s = job_get(c, check_id, &j);
    if (s != ST_OK)
        return s;
    bool dry = false;
    transfer_what_t what;
    if (!transfer_is_import(j.kind, &dry, &what) || !dry) {
        *why = "Đây không phải một lần kiểm tra tệp nhập.";
        return ST_CONFLICT;
    }
    if (strcmp(j.state, "done") != 0) {
        *why = strcmp(j.state, "failed") == 0 ? "Tệp còn lỗi nên không nhập được; hãy sửa tệp rồi tải lên lại."
                                              : "Việc kiểm tra tệp chưa xong; hãy đợi một chút.";
        return ST_CONFLICT;
    }
    if ((s = j.unit_id ? perm_check(c, PERM_WRITE, j.unit_id) : ST_OK) != ST_OK)
        return s;
    char path[600];
    if ((s = new_input_path(path, sizeof path)) != ST_OK)
        return s;
    unlink(path);
    if (!j.input_path || (link(j.input_path, path) != 0 && copy_file(j.input_path, path) != ST_OK)) {
        unlink(path);
        *why = "Không còn tệp đã kiểm tra; hãy tải tệp lên lại.";
        return ST_CONFLICT;
    }
    char *params = arena_printf(c->arena, "{\"force\":%s,\"check_job\":%lld}", force ? "true" : "false",
                                (long long)check_id);
    s = params ? job_submit(c, import_kind(what, false), j.unit_id, params, path, j.input_name, id) : ST_NOMEM;
    if (s != ST_OK)
        unlink(path);
    return s;
}

status_t transfer_submit_export(ctx_t *c, transfer_what_t what, int64_t unit_id, const char *at, bool subtree,
                                const char *format, int64_t *id)
{
    *id = 0;
    if (!format || (strcmp(format, "xlsx") != 0 && strcmp(format, "csv") != 0))
        return ST_INVALID;
    status_t s = unit_id ? perm_check(c, PERM_READ, unit_id) : perm_any(c, PERM_READ);
    if (s != ST_OK)
        return s;
    json_t *p = json_object();
    jobj_str(p, "format", format);
    if (at)
        jobj_str(p, "at", at);
    jobj_bool(p, "subtree", subtree);
    const char *params = json_dump_arena(p, c->arena);
    json_decref(p);
    if (!params)
        return ST_NOMEM;
    return job_submit(c, what == TRANSFER_UNITS ? "export_units" : "export_people", unit_id, params, NULL, NULL, id);
}
