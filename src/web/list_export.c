#include "web/list_export.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/job.h"
#include "lib/alloc.h"
#include "lib/time.h"

struct list_export {
    req_t *r;
    table_writer_t *w;
    table_format_t fmt;
    const char *path, *name;
    status_t failed; /* list_export_fail */
};

table_format_t list_export_format(const req_t *r)
{
    const char *f = req_param(r, "format");
    return f && strcmp(f, "csv") == 0 ? TABLE_CSV : TABLE_XLSX;
}

list_export_t *list_export_begin_or_respond(req_t *r, table_format_t fmt, const char *name,
                                            const char *const *header, size_t n)
{
    char why[256] = "";
    list_export_t *x = xcalloc(1, sizeof *x);
    if (!x) {
        respond_error(r, ST_NOMEM, NULL);
        return NULL;
    }
    *x = (list_export_t){.r = r, .fmt = fmt};
    x->name = arena_printf(r->arena, "%s.%s", name, fmt == TABLE_CSV ? "csv" : "xlsx");
    x->path = arena_printf(r->arena, "%s/list-%s.tmp", job_dir(), r->request_id);
    table_write_opts_t o = {.delimiter = 0};
    status_t st = x->name && x->path ? table_writer_open_file(&x->w, fmt, x->path, &o, why, sizeof why) : ST_NOMEM;
    if (st == ST_OK)
        st = table_writer_header(x->w, header, n);
    if (st != ST_OK) {
        table_writer_close(x->w, why, sizeof why);
        if (x->path)
            unlink(x->path);
        xfree(x);
        respond_error(r, st, *why ? arena_strdup(r->arena, why) : NULL);
        return NULL;
    }
    return x;
}

void list_export_text(list_export_t *x, const char *s) { table_writer_text(x->w, s ? s : ""); }

void list_export_int(list_export_t *x, int64_t v) { table_writer_int(x->w, v); }

void list_export_date(list_export_t *x, const char *iso)
{
    date_t d;
    if (iso && date_parse_iso(iso, &d) && date_valid(d))
        table_writer_date(x->w, d.y, d.m, d.d);
    else
        table_writer_text(x->w, "");
}

void list_export_end_row(list_export_t *x) { table_writer_end_row(x->w); }

void list_export_fail(list_export_t *x, status_t st)
{
    if (x->failed == ST_OK)
        x->failed = st;
}

void list_export_send(list_export_t *x)
{
    char why[256] = "";
    req_t *r = x->r;
    status_t st = table_writer_close(x->w, why, sizeof why);
    if (st == ST_OK && x->failed != ST_OK) {
        st = x->failed;
        why[0] = '\0';
    }
    if (st == ST_OK) {
        const char *type = x->fmt == TABLE_CSV ? "text/csv; charset=utf-8"
                                               : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        st = resp_file(r, x->path, x->name, type);
    }
    unlink(x->path); /* the response holds the file open */
    if (st != ST_OK)
        respond_error(r, st == ST_NOT_FOUND ? ST_INTERNAL : st, *why ? arena_strdup(r->arena, why) : NULL);
    xfree(x);
}
