/* Tabular files: format detection, limits, the row builder shared by the
 * CSV and XLSX readers, and the writer's public face (export/table.h). The
 * formats themselves live in csv.c, xlsx_read.c and xlsx_write.c. */
#include "export/table.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "export/table_int.h"
#include "lib/alloc.h"
#include "lib/text.h"

#define SCRATCH_BUDGET (256u << 20)   /* text_normalize output of one row, at most */
#define SCRATCH_RECYCLE (1u << 20)    /* a new scratch arena once this much is used */
#define EXCEL_MAX_COLS 16384u

static const unsigned char CFB_MAGIC[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

table_limits_t table_limits_resolve(const table_limits_t *lim)
{
    table_limits_t l = lim ? *lim : (table_limits_t){0};
    if (!l.max_rows)
        l.max_rows = TABLE_DEFAULT_MAX_ROWS;
    if (!l.max_cols)
        l.max_cols = TABLE_DEFAULT_MAX_COLS;
    if (l.max_cols > EXCEL_MAX_COLS)
        l.max_cols = EXCEL_MAX_COLS;
    if (!l.max_cell_bytes)
        l.max_cell_bytes = TABLE_DEFAULT_MAX_CELL_BYTES;
    if (l.max_cell_bytes > (64u << 20))
        l.max_cell_bytes = 64u << 20;
    if (!l.max_total_bytes)
        l.max_total_bytes = TABLE_DEFAULT_MAX_TOTAL_BYTES;
    if (!l.max_ratio)
        l.max_ratio = TABLE_DEFAULT_MAX_RATIO;
    return l;
}

table_format_t table_detect(const void *head, size_t n)
{
    const unsigned char *p = head;
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' && ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
        return TABLE_XLSX;
    return TABLE_CSV;
}

/* ---- messages ----------------------------------------------------------- */

static void vformat(char *why, size_t why_len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
static void vformat(char *why, size_t why_len, const char *fmt, va_list ap)
{
    if (why && why_len)
        vsnprintf(why, why_len, fmt, ap);
}

status_t tbl_fail(tbl_reader_t *r, status_t st, const char *fmt, ...)
{
    if (r->st != ST_OK)
        return r->st;
    r->st = st;
    va_list ap;
    va_start(ap, fmt);
    vformat(r->why, r->why_len, fmt, ap);
    va_end(ap);
    return st;
}

status_t tbl_wfail(table_writer_t *w, status_t st, const char *fmt, ...)
{
    if (w->err != ST_OK)
        return w->err;
    w->err = st;
    va_list ap;
    va_start(ap, fmt);
    vformat(w->why, sizeof w->why, fmt, ap);
    va_end(ap);
    return st;
}

void tbl_cell_ref(char *out, size_t cap, size_t col, size_t row_no)
{
    char letters[8];
    size_t n = 0;
    col++; /* bijective base 26: A..Z, AA.. */
    while (col > 0 && n < sizeof letters) {
        size_t rem = (col - 1) % 26;
        letters[n++] = (char)('A' + rem);
        col = (col - 1) / 26;
    }
    char col_s[8];
    for (size_t i = 0; i < n; i++)
        col_s[i] = letters[n - 1 - i];
    col_s[n] = '\0';
    snprintf(out, cap, "%s%zu", col_s, row_no);
}

/* "2.000.000" into OUT. */
static const char *fmt_count(char *out, size_t cap, uint64_t v)
{
    buf_t b;
    buf_init(&b, 64);
    text_format_int(&b, (int64_t)(v > INT64_MAX ? INT64_MAX : v));
    snprintf(out, cap, "%s", buf_str(&b));
    buf_free(&b);
    return out;
}

/* ---- the row builder ---------------------------------------------------- */

status_t tbl_reader_init(tbl_reader_t *r, const table_limits_t *lim, table_row_fn fn, void *ud,
                         char *why, size_t why_len)
{
    memset(r, 0, sizeof *r);
    r->lim = table_limits_resolve(lim);
    r->fn = fn;
    r->ud = ud;
    r->why = why;
    r->why_len = why_len;
    if (why && why_len)
        why[0] = '\0';
    /* NFC can make UTF-8 at most three times longer. */
    buf_init(&r->text, r->lim.max_cols * (3 * r->lim.max_cell_bytes + 1) + 64);
    r->off = xcalloc(r->lim.max_cols, sizeof *r->off);
    r->cells = xcalloc(r->lim.max_cols, sizeof *r->cells);
    r->scratch = arena_new(SCRATCH_BUDGET);
    if (!r->off || !r->cells || !r->scratch)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    return ST_OK;
}

void tbl_reader_free(tbl_reader_t *r)
{
    buf_free(&r->text);
    xfree(r->off);
    xfree(r->cells);
    arena_free(r->scratch);
    r->off = NULL;
    r->cells = NULL;
    r->scratch = NULL;
}

/* True when text_normalize(S) == S byte for byte, decided cheaply: no
 * white space at either end, no control character but TAB and LF, and every
 * non-ASCII character a precomposed letter of U+00A1–U+024F (but Ð ð, which
 * are replaced) or U+1E00–U+1EFF. Those all have canonical combining class 0
 * and NFC_Quick_Check=Yes, and none is the second part of a composition, so
 * a string of them is already NFC (tests/unit/export checks every one). */
static bool fast_normal(const unsigned char *s, size_t n)
{
    if (n == 0)
        return true;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
        s[n - 1] == '\n')
        return false;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n')
                return false;
            i++;
        } else if (c >= 0xC2 && c <= 0xC9) { /* U+0080..U+027F */
            if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
                return false;
            unsigned cp = ((c & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
            if (cp < 0xA1 || cp > 0x24F || cp == 0xD0 || cp == 0xF0)
                return false;
            i += 2;
        } else if (c == 0xE1) { /* U+1E00..U+1EFF is E1 B8 80 .. E1 BB BF */
            if (i + 2 >= n || s[i + 1] < 0xB8 || s[i + 1] > 0xBB || (s[i + 2] & 0xC0) != 0x80)
                return false;
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

status_t tbl_normalize_into(tbl_reader_t *r, buf_t *dst, const char *s, size_t len, size_t col,
                            size_t row_no, size_t *off, size_t *outlen)
{
    const char *src = s;
    size_t n = len;
    if (!fast_normal((const unsigned char *)s, len)) {
        char *norm, ref[40];
        status_t st = text_normalize(r->scratch, s, len, &norm);
        if (st != ST_OK && row_no)
            tbl_cell_ref(ref, sizeof ref, col, row_no);
        else if (st != ST_OK)
            snprintf(ref, sizeof ref, "(chuỗi dùng chung)");
        if (st == ST_INVALID) {
            if (memchr(s, '\0', len))
                return tbl_fail(r, ST_INVALID,
                                "Ô %s chứa ký tự NUL; tệp có vẻ không phải văn bản. Hãy tải lên tệp .xlsx hoặc .csv.",
                                ref);
            return tbl_fail(r, ST_INVALID, "Ô %s có ký tự không hợp lệ theo UTF-8.", ref);
        }
        if (st != ST_OK)
            return tbl_fail(r, st == ST_TOO_LARGE ? ST_TOO_LARGE : ST_NOMEM,
                            "Máy chủ thiếu bộ nhớ để đọc ô %s; hãy thử lại sau.", ref);
        src = norm;
        n = strlen(norm);
    }
    *off = dst->len;
    *outlen = n;
    buf_append(dst, src, n);
    buf_putc(dst, '\0');
    if (buf_failed(dst))
        return tbl_fail(r, dst->too_large ? ST_TOO_LARGE : ST_NOMEM,
                        dst->too_large ? "Tệp có quá nhiều chữ; hãy chia nhỏ tệp rồi tải lên lại."
                                       : "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    return ST_OK;
}

status_t tbl_cell(tbl_reader_t *r, size_t col, size_t row_no, const char *s, size_t len, bool normalized)
{
    if (r->st != ST_OK)
        return r->st;
    size_t off, n;
    if (normalized) {
        off = r->text.len;
        n = len;
        buf_append(&r->text, s, len);
        buf_putc(&r->text, '\0');
        if (buf_failed(&r->text))
            return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    } else if (tbl_normalize_into(r, &r->text, s, len, col, row_no, &off, &n) != ST_OK) {
        return r->st;
    }
    if (n == 0) { /* blank: give the bytes back, leave the cell empty */
        r->text.len = off;
        r->text.data[off] = '\0';
        if (col < r->lim.max_cols)
            r->off[col] = 0;
        return ST_OK;
    }
    if (col >= r->lim.max_cols) {
        char lim_s[32], ref[32];
        tbl_cell_ref(ref, sizeof ref, col, row_no);
        return tbl_fail(r, ST_TOO_LARGE,
                        "Bảng tính có quá nhiều cột (có dữ liệu ở ô %s); chỉ nhận tối đa %s cột. "
                        "Hãy xoá các cột thừa rồi tải lên lại.",
                        ref, fmt_count(lim_s, sizeof lim_s, r->lim.max_cols));
    }
    r->off[col] = off + 1;
    if (col + 1 > r->touched)
        r->touched = col + 1;
    return ST_OK;
}

status_t tbl_row_end(tbl_reader_t *r, size_t row_no)
{
    if (r->st != ST_OK)
        return r->st;
    size_t ncells = 0;
    for (size_t c = 0; c < r->touched; c++) {
        if (r->off[c]) {
            r->cells[c] = r->text.data + r->off[c] - 1;
            ncells = c + 1;
        } else {
            r->cells[c] = "";
        }
    }
    status_t st = ST_OK;
    if (ncells > 0) {
        if (row_no > r->lim.max_rows) {
            char lim_s[32];
            st = tbl_fail(r, ST_TOO_LARGE,
                          "Bảng tính có quá nhiều dòng (có dữ liệu ở dòng %zu); chỉ nhận tối đa %s dòng. "
                          "Hãy chia thành nhiều tệp rồi tải lên lại.",
                          row_no, fmt_count(lim_s, sizeof lim_s, r->lim.max_rows));
        } else {
            if (!r->first_row)
                r->first_row = row_no;
            r->rows++;
            st = r->fn(r->ud, row_no, r->cells, ncells);
            if (st != ST_OK) {
                r->st = st; /* the callback's own reason: WHY stays "" */
                if (r->why && r->why_len)
                    r->why[0] = '\0';
            }
        }
    }
    for (size_t c = 0; c < r->touched; c++)
        r->off[c] = 0;
    r->touched = 0;
    buf_reset(&r->text);
    if (arena_used(r->scratch) > SCRATCH_RECYCLE) {
        arena_free(r->scratch);
        r->scratch = arena_new(SCRATCH_BUDGET);
        if (!r->scratch && st == ST_OK)
            st = tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    }
    return st;
}

/* ---- reading: entry points ---------------------------------------------- */

static status_t refuse_cfb(tbl_reader_t *r)
{
    return tbl_fail(r, ST_INVALID,
                    "Tệp là bảng tính Excel cũ (.xls) hoặc đã được đặt mật khẩu. Hãy mở bằng Excel, bỏ mật "
                    "khẩu nếu có, chọn Lưu thành (Save As) → Sổ làm việc Excel (.xlsx) rồi tải lên lại.");
}

static status_t too_big(tbl_reader_t *r)
{
    char lim_s[32];
    return tbl_fail(r, ST_TOO_LARGE, "Tệp quá lớn; chỉ nhận tệp tới %s byte. Hãy chia nhỏ tệp rồi tải lên lại.",
                    fmt_count(lim_s, sizeof lim_s, r->lim.max_total_bytes));
}

static status_t finish(tbl_reader_t *r, status_t st)
{
    if (st == ST_OK)
        st = r->st;
    tbl_reader_free(r);
    return st;
}

status_t table_read_mem(const void *data, size_t len, const table_limits_t *lim, table_row_fn fn,
                        void *ud, char *why, size_t why_len)
{
    tbl_reader_t r;
    status_t st = tbl_reader_init(&r, lim, fn, ud, why, why_len);
    if (st != ST_OK)
        return finish(&r, st);
    if (len >= sizeof CFB_MAGIC && memcmp(data, CFB_MAGIC, sizeof CFB_MAGIC) == 0)
        st = refuse_cfb(&r);
    else if (len > r.lim.max_total_bytes)
        st = too_big(&r);
    else if (table_detect(data, len) == TABLE_XLSX)
        st = xlsx_read_mem(&r, data, len);
    else
        st = csv_read_mem(&r, data, len);
    return finish(&r, st);
}

status_t table_read_file(const char *path, const table_limits_t *lim, table_row_fn fn, void *ud,
                         char *why, size_t why_len)
{
    tbl_reader_t r;
    status_t st = tbl_reader_init(&r, lim, fn, ud, why, why_len);
    if (st != ST_OK)
        return finish(&r, st);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        st = tbl_fail(&r, ST_NOT_FOUND, "Không mở được tệp đã tải lên.");
        return finish(&r, st);
    }
    unsigned char head[8];
    size_t n = fread(head, 1, sizeof head, fp);
    struct stat sb;
    if (fstat(fileno(fp), &sb) != 0 || !S_ISREG(sb.st_mode))
        st = tbl_fail(&r, ST_INVALID, "Không đọc được tệp đã tải lên.");
    else if (n == sizeof head && memcmp(head, CFB_MAGIC, sizeof head) == 0)
        st = refuse_cfb(&r);
    else if ((uint64_t)sb.st_size > r.lim.max_total_bytes)
        st = too_big(&r);
    else if (table_detect(head, n) == TABLE_XLSX) {
        fclose(fp);
        fp = NULL;
        st = xlsx_read_path(&r, path);
    } else if (fseek(fp, 0, SEEK_SET) != 0) {
        st = tbl_fail(&r, ST_INVALID, "Không đọc được tệp đã tải lên.");
    } else {
        st = csv_read_file(&r, fp);
    }
    if (fp)
        fclose(fp);
    return finish(&r, st);
}

/* ---- writing ------------------------------------------------------------ */

char *table_sheet_name(const char *in, char *out, size_t cap)
{
    static const char fallback[] = "Danh sách";
    size_t w = 0, chars = 0;
    if (cap == 0)
        return out;
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    while (*s == '\'')
        s++;
    while (*s && chars < 31) {
        size_t n = 1;
        if (*s >= 0xF0)
            n = 4;
        else if (*s >= 0xE0)
            n = 3;
        else if (*s >= 0xC0)
            n = 2;
        size_t have = strnlen((const char *)s, n);
        if (have < n || w + n + 1 > cap)
            break;
        char c = (char)*s;
        if (n == 1 && strchr("[]:*?/\\", c))
            out[w++] = '-';
        else if (n == 1 && (unsigned char)c < 0x20)
            out[w++] = ' ';
        else {
            memcpy(out + w, s, n);
            w += n;
        }
        s += n;
        chars++;
    }
    while (w > 0 && (out[w - 1] == '\'' || out[w - 1] == ' '))
        w--;
    out[w] = '\0';
    if (w == 0 || !text_valid_utf8(out, w))
        snprintf(out, cap, "%s", fallback);
    return out;
}

static void copy_why(char *why, size_t why_len, const char *msg)
{
    if (why && why_len)
        snprintf(why, why_len, "%s", msg);
}

static table_writer_t *writer_new(table_format_t fmt, const table_write_opts_t *opts)
{
    table_writer_t *w = xcalloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fmt = fmt;
    w->max_cols = opts && opts->max_cols ? opts->max_cols : EXCEL_MAX_COLS;
    if (w->max_cols > EXCEL_MAX_COLS)
        w->max_cols = EXCEL_MAX_COLS;
    w->delim = opts && opts->delimiter ? opts->delimiter : ',';
    buf_init(&w->own, 4u << 20);
    return w;
}

static void writer_free(table_writer_t *w)
{
    if (!w)
        return;
    if (w->fp)
        fclose(w->fp);
    buf_free(&w->own);
    xlsxw_free(w);
    xfree(w->path);
    xfree(w);
}

status_t table_writer_open_file(table_writer_t **out, table_format_t fmt, const char *path,
                                const table_write_opts_t *opts, char *why, size_t why_len)
{
    *out = NULL;
    copy_why(why, why_len, "");
    if (fmt != TABLE_CSV && fmt != TABLE_XLSX) {
        copy_why(why, why_len, "Định dạng tệp không được hỗ trợ.");
        return ST_INVALID;
    }
    if (fmt == TABLE_CSV && opts && opts->delimiter && !strchr(",;\t", opts->delimiter)) {
        copy_why(why, why_len, "Dấu phân cách CSV phải là dấu phẩy, chấm phẩy hoặc TAB.");
        return ST_INVALID;
    }
    table_writer_t *w = writer_new(fmt, opts);
    if (!w) {
        copy_why(why, why_len, "Máy chủ thiếu bộ nhớ để tạo tệp; hãy thử lại sau.");
        return ST_NOMEM;
    }
    status_t st;
    w->path = xstrdup(path);
    if (!w->path) {
        st = tbl_wfail(w, ST_NOMEM, "Máy chủ thiếu bộ nhớ để tạo tệp; hãy thử lại sau.");
    } else if (fmt == TABLE_CSV) {
        w->fp = fopen(path, "wb");
        w->out = &w->own;
        st = w->fp ? csvw_open(w)
                   : tbl_wfail(w, ST_INTERNAL, "Không tạo được tệp CSV trên máy chủ.");
    } else {
        st = xlsxw_open(w, path, opts);
    }
    if (st != ST_OK) {
        copy_why(why, why_len, w->why);
        if (w->fp) {
            fclose(w->fp);
            w->fp = NULL;
            remove(path);
        }
        writer_free(w);
        return st;
    }
    *out = w;
    return ST_OK;
}

status_t table_writer_open_buf(table_writer_t **out, buf_t *dst, const table_write_opts_t *opts,
                               char *why, size_t why_len)
{
    *out = NULL;
    copy_why(why, why_len, "");
    if (opts && opts->delimiter && !strchr(",;\t", opts->delimiter)) {
        copy_why(why, why_len, "Dấu phân cách CSV phải là dấu phẩy, chấm phẩy hoặc TAB.");
        return ST_INVALID;
    }
    table_writer_t *w = writer_new(TABLE_CSV, opts);
    if (!w) {
        copy_why(why, why_len, "Máy chủ thiếu bộ nhớ để tạo tệp; hãy thử lại sau.");
        return ST_NOMEM;
    }
    w->out = dst;
    status_t st = csvw_open(w);
    if (st != ST_OK) {
        copy_why(why, why_len, w->why);
        writer_free(w);
        return st;
    }
    *out = w;
    return ST_OK;
}

/* Next cell of the current row: checks and dispatches. */
static status_t put_text(table_writer_t *w, const char *s, bool header)
{
    if (w->err != ST_OK)
        return w->err;
    if (w->col >= w->max_cols)
        return tbl_wfail(w, ST_INVALID, "Dòng có quá nhiều cột (tối đa %zu).", w->max_cols);
    if (s && !text_valid_utf8(s, strlen(s))) {
        char ref[32];
        tbl_cell_ref(ref, sizeof ref, w->col, w->row + 1);
        return tbl_wfail(w, ST_INVALID, "Ô %s không phải văn bản UTF-8 hợp lệ.", ref);
    }
    status_t st = w->fmt == TABLE_CSV ? csvw_text(w, s ? s : "", true) : xlsxw_text(w, s ? s : "", header);
    if (st == ST_OK) {
        w->col++;
        w->in_row = true;
    }
    return st;
}

static status_t end_row(table_writer_t *w)
{
    if (w->err != ST_OK)
        return w->err;
    status_t st = w->fmt == TABLE_CSV ? csvw_end_row(w) : xlsxw_end_row(w);
    if (st == ST_OK) {
        w->row++;
        w->col = 0;
        w->in_row = false;
        w->any_row = true;
    }
    return st;
}

status_t table_writer_header(table_writer_t *w, const char *const *names, size_t n)
{
    if (w->err != ST_OK)
        return w->err;
    if (w->header_done || w->any_row || w->in_row)
        return tbl_wfail(w, ST_INVALID, "Dòng tiêu đề phải được ghi trước mọi dòng khác, và chỉ một lần.");
    for (size_t i = 0; i < n; i++)
        if (put_text(w, names[i], true) != ST_OK)
            return w->err;
    status_t st = end_row(w);
    w->header_done = st == ST_OK;
    return st;
}

status_t table_writer_row(table_writer_t *w, const char *const *cells, size_t n)
{
    if (w->err != ST_OK)
        return w->err;
    if (w->in_row)
        return tbl_wfail(w, ST_INVALID, "Dòng trước chưa được kết thúc (table_writer_end_row).");
    for (size_t i = 0; i < n; i++)
        if (put_text(w, cells[i], false) != ST_OK)
            return w->err;
    return end_row(w);
}

status_t table_writer_text(table_writer_t *w, const char *s)
{
    return put_text(w, s, false);
}

status_t table_writer_int(table_writer_t *w, int64_t v)
{
    if (w->err != ST_OK)
        return w->err;
    if (w->col >= w->max_cols)
        return tbl_wfail(w, ST_INVALID, "Dòng có quá nhiều cột (tối đa %zu).", w->max_cols);
    status_t st;
    if (w->fmt == TABLE_CSV) {
        char digits[32];
        snprintf(digits, sizeof digits, "%" PRId64, v);
        st = csvw_text(w, digits, false);
    } else {
        const int64_t exact = (int64_t)1 << 53; /* a double holds every integer up to here */
        if (v > exact || v < -exact)
            return tbl_wfail(w, ST_INVALID, "Số %" PRId64 " quá lớn để ghi dưới dạng số; hãy ghi dưới dạng văn bản.", v);
        st = xlsxw_int(w, v);
    }
    if (st == ST_OK) {
        w->col++;
        w->in_row = true;
    }
    return st;
}

static bool valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= mdays[m - 1] + (m == 2 ? leap : 0);
}

status_t table_writer_date(table_writer_t *w, int year, int month, int day)
{
    if (w->err != ST_OK)
        return w->err;
    if (w->col >= w->max_cols)
        return tbl_wfail(w, ST_INVALID, "Dòng có quá nhiều cột (tối đa %zu).", w->max_cols);
    if (!valid_date(year, month, day))
        return tbl_wfail(w, ST_INVALID, "Ngày %02d/%02d/%04d không hợp lệ.", day, month, year);
    status_t st;
    if (w->fmt == TABLE_CSV) {
        char s[40];
        snprintf(s, sizeof s, "%02d/%02d/%04d", day, month, year);
        st = csvw_text(w, s, false);
    } else {
        st = xlsxw_date(w, year, month, day);
    }
    if (st == ST_OK) {
        w->col++;
        w->in_row = true;
    }
    return st;
}

status_t table_writer_end_row(table_writer_t *w)
{
    return end_row(w);
}

status_t table_writer_close(table_writer_t *w, char *why, size_t why_len)
{
    copy_why(why, why_len, "");
    if (!w)
        return ST_OK;
    if (w->err == ST_OK && w->in_row)
        end_row(w);
    status_t st = w->fmt == TABLE_CSV ? csvw_close(w) : xlsxw_close(w);
    if (st == ST_OK)
        st = w->err;
    if (st != ST_OK)
        copy_why(why, why_len, w->why[0] ? w->why : "Không ghi được tệp.");
    writer_free(w);
    return st;
}
