/* The XLSX writer backend over libxlsxwriter (export/table.h): constant
 * memory mode (rows stream to a temporary file), a bold frozen header row,
 * text cells formatted as text ("@") so ids keep their zeros when edited,
 * integers "#,##0", dates "dd/mm/yyyy", column widths from the data. */
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "export/table_int.h"
#include "lib/alloc.h"
#include "lib/text.h"

#define XLSX_MAX_ROWS 1048576u
#define WIDTH_MIN 8.0
#define WIDTH_MAX 60.0

static status_t lxw_fail(table_writer_t *w, lxw_error e)
{
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
        char ref[32];
        tbl_cell_ref(ref, sizeof ref, w->col, w->row + 1);
        return tbl_wfail(w, ST_TOO_LARGE, "Ô %s dài quá 32.767 ký tự, giới hạn của Excel.", ref);
    }
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return tbl_wfail(w, ST_NOMEM, "Máy chủ thiếu bộ nhớ để tạo tệp Excel; hãy thử lại sau.");
    return tbl_wfail(w, ST_INTERNAL, "Không tạo được tệp Excel trên máy chủ (%s).", lxw_strerror(e));
}

status_t xlsxw_open(table_writer_t *w, const char *path, const table_write_opts_t *opts)
{
    /* libxlsxwriter only opens PATH when closing: find a bad path now. */
    FILE *probe = fopen(path, "wb");
    if (!probe)
        return tbl_wfail(w, ST_INTERNAL, "Không tạo được tệp Excel trên máy chủ.");
    fclose(probe);
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    w->wb = workbook_new_opt(path, &o);
    if (!w->wb) {
        remove(path);
        return tbl_wfail(w, ST_NOMEM, "Máy chủ thiếu bộ nhớ để tạo tệp Excel; hãy thử lại sau.");
    }
    char name[128];
    table_sheet_name(opts ? opts->sheet_name : NULL, name, sizeof name);
    w->ws = workbook_add_worksheet(w->wb, name);
    w->f_head = workbook_add_format(w->wb);
    w->f_text = workbook_add_format(w->wb);
    w->f_int = workbook_add_format(w->wb);
    w->f_date = workbook_add_format(w->wb);
    if (!w->ws || !w->f_head || !w->f_text || !w->f_int || !w->f_date)
        return tbl_wfail(w, ST_INTERNAL, "Không tạo được trang tính Excel.");
    format_set_bold(w->f_head);
    format_set_bottom(w->f_head, LXW_BORDER_THIN);
    format_set_num_format(w->f_head, "@");
    format_set_num_format(w->f_text, "@");
    format_set_num_format(w->f_int, "#,##0");
    format_set_num_format(w->f_date, "dd/mm/yyyy");
    if (opts && opts->created) {
        lxw_doc_properties props;
        memset(&props, 0, sizeof props);
        props.created = opts->created;
        workbook_set_properties(w->wb, &props);
    }
    return ST_OK;
}

/* Remembers that column W->col needs CHARS characters. */
static status_t note_width(table_writer_t *w, double chars)
{
    if (w->col >= w->nwidth) {
        size_t n = w->nwidth ? w->nwidth : 16;
        while (n <= w->col)
            n *= 2;
        double *p = xrealloc(w->width, n * sizeof *p);
        if (!p)
            return tbl_wfail(w, ST_NOMEM, "Máy chủ thiếu bộ nhớ để tạo tệp Excel; hãy thử lại sau.");
        for (size_t i = w->nwidth; i < n; i++)
            p[i] = 0;
        w->width = p;
        w->nwidth = n;
    }
    if (chars > w->width[w->col])
        w->width[w->col] = chars;
    return ST_OK;
}

static status_t check_row(table_writer_t *w)
{
    if (w->row >= XLSX_MAX_ROWS)
        return tbl_wfail(w, ST_TOO_LARGE, "Danh sách có quá 1.048.576 dòng, giới hạn của Excel; hãy xuất CSV "
                                          "hoặc chia nhỏ danh sách.");
    return ST_OK;
}

status_t xlsxw_text(table_writer_t *w, const char *s, bool header)
{
    if (check_row(w) != ST_OK)
        return w->err;
    if (!*s)
        return ST_OK;
    lxw_error e = worksheet_write_string(w->ws, (lxw_row_t)w->row, (lxw_col_t)w->col, s,
                                         header ? w->f_head : w->f_text);
    if (e != LXW_NO_ERROR)
        return lxw_fail(w, e);
    /* Bold and capitals are wider; a rough but sensible width. */
    return note_width(w, (double)text_chars(s) * (header ? 1.2 : 1.1) + 2);
}

status_t xlsxw_int(table_writer_t *w, int64_t v)
{
    if (check_row(w) != ST_OK)
        return w->err;
    lxw_error e = worksheet_write_number(w->ws, (lxw_row_t)w->row, (lxw_col_t)w->col, (double)v, w->f_int);
    if (e != LXW_NO_ERROR)
        return lxw_fail(w, e);
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", (long long)v);
    return note_width(w, n * 1.35 + 2); /* with thousands separators */
}

status_t xlsxw_date(table_writer_t *w, int y, int m, int d)
{
    if (check_row(w) != ST_OK)
        return w->err;
    lxw_datetime dt = {.year = y, .month = m, .day = d};
    lxw_error e = worksheet_write_datetime(w->ws, (lxw_row_t)w->row, (lxw_col_t)w->col, &dt, w->f_date);
    if (e != LXW_NO_ERROR)
        return lxw_fail(w, e);
    return note_width(w, 12);
}

status_t xlsxw_end_row(table_writer_t *w)
{
    (void)w; /* constant memory mode flushes a row when the next one starts */
    return ST_OK;
}

status_t xlsxw_close(table_writer_t *w)
{
    if (!w->wb)
        return w->err;
    if (w->err != ST_OK)
        return w->err; /* xlsxw_free discards the workbook and the file */
    if (w->header_done)
        worksheet_freeze_panes(w->ws, 1, 0);
    for (size_t c = 0; c < w->nwidth; c++) {
        if (w->width[c] <= 0)
            continue;
        double width = w->width[c] < WIDTH_MIN ? WIDTH_MIN : w->width[c] > WIDTH_MAX ? WIDTH_MAX : w->width[c];
        worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
    }
    lxw_error e = workbook_close(w->wb); /* frees the workbook in every case */
    w->wb = NULL;
    if (e != LXW_NO_ERROR) {
        lxw_fail(w, e);
        remove(w->path);
    }
    return w->err;
}

void xlsxw_free(table_writer_t *w)
{
    if (w->wb) {
        lxw_workbook_free(w->wb);
        w->wb = NULL;
        if (w->path)
            remove(w->path);
    }
    xfree(w->width);
    w->width = NULL;
    w->nwidth = 0;
}
