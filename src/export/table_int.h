/* Internal to src/export (table.c, csv.c, xlsx_read.c, xlsx_write.c) and the
 * fuzz harnesses: the row builder every reader delivers through, and the
 * writer's state shared by its two backends. Not for other floors: use
 * export/table.h. */
#ifndef TDKT_EXPORT_TABLE_INT_H
#define TDKT_EXPORT_TABLE_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "export/table.h"
#include "lib/arena.h"
#include "lib/buf.h"

/* ---- reading: the row builder ------------------------------------------ */

typedef struct {
    table_limits_t lim;      /* resolved: no 0 fields */
    table_row_fn fn;
    void *ud;
    char *why;
    size_t why_len;
    status_t st;             /* first error; ST_OK while all is well */
    arena_t *scratch;        /* text_normalize output, recycled between rows */
    buf_t text;              /* the current row's cells, each NUL-terminated */
    size_t *off;             /* [lim.max_cols]: offset + 1 into TEXT, 0 = empty */
    const char **cells;      /* [lim.max_cols]: built for the callback */
    size_t ncells;           /* last non-empty column + 1 */
    size_t touched;          /* OFF entries to clear at the row's end */
    size_t first_row;        /* row number of the first delivered row, 0 = none */
    size_t rows;             /* rows delivered */
} tbl_reader_t;

/* Sets up R for one read; WHY is cleared. ST_NOMEM on failure (R is then
 * safe to pass to tbl_reader_free). */
status_t tbl_reader_init(tbl_reader_t *r, const table_limits_t *lim, table_row_fn fn, void *ud,
                         char *why, size_t why_len);
void tbl_reader_free(tbl_reader_t *r);

/* Records the first error: ST in r->st and the formatted Vietnamese message
 * in WHY. Later calls do nothing. Returns r->st. */
status_t tbl_fail(tbl_reader_t *r, status_t st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* "C5" for 0-based column COL and 1-based row ROW_NO, into OUT[0..CAP). */
void tbl_cell_ref(char *out, size_t cap, size_t col, size_t row_no);

/* Appends S[0..LEN) to DST as normalised text (NFC, trimmed …) plus a NUL,
 * storing its offset in *OFF and its length in *OUTLEN. Plain printable
 * ASCII and precomposed Latin letters take a fast path that is byte-for-byte
 * what text_normalize would give. COL and ROW_NO name the cell in messages
 * (ROW_NO 0: a shared string, no cell yet). */
status_t tbl_normalize_into(tbl_reader_t *r, buf_t *dst, const char *s, size_t len, size_t col,
                            size_t row_no, size_t *off, size_t *outlen);

/* Sets 0-based column COL of the current row (row ROW_NO, for messages) to
 * S[0..LEN): raw bytes to normalise, or, when NORMALIZED, text that already
 * went through tbl_normalize_into. Blank values leave the cell empty; a
 * value beyond lim.max_cols refuses the file. */
status_t tbl_cell(tbl_reader_t *r, size_t col, size_t row_no, const char *s, size_t len, bool normalized);

/* Ends row ROW_NO: calls the callback when a cell is non-empty (refusing a
 * row number over lim.max_rows), then clears the row. */
status_t tbl_row_end(tbl_reader_t *r, size_t row_no);

/* Readers, after the format is known. */
status_t csv_read_mem(tbl_reader_t *r, const unsigned char *data, size_t len);
status_t csv_read_file(tbl_reader_t *r, FILE *fp);
status_t xlsx_read_mem(tbl_reader_t *r, const void *data, size_t len);
status_t xlsx_read_path(tbl_reader_t *r, const char *path);

/* The code point of byte B in TCVN3 (ASCII below 0x80). */
uint16_t csv_tcvn3_codepoint(unsigned char b);

/* XLSX parts given directly (no zip), for the fuzz harness: part NAMES[i]
 * (e.g. "xl/workbook.xml") holds DATA[i][0..LENS[i]). */
status_t xlsx_read_parts(tbl_reader_t *r, const char *const *names, const void *const *data,
                         const size_t *lens, size_t n);

/* ---- writing ------------------------------------------------------------- */

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

struct table_writer {
    table_format_t fmt;
    status_t err;            /* sticky first error */
    char why[256];
    bool header_done;
    bool any_row;            /* a header or data row was written */
    bool in_row;             /* typed cells pending */
    size_t col;              /* next column of the current row */
    size_t row;              /* 0-based index of the next row */
    size_t max_cols;
    /* CSV */
    char delim;
    buf_t *out;              /* where rows go: DST or OWN */
    buf_t own;               /* file mode: a chunk flushed to FP */
    FILE *fp;
    /* XLSX */
    char *path;
    struct lxw_workbook *wb;
    struct lxw_worksheet *ws;
    struct lxw_format *f_head, *f_text, *f_int, *f_date;
    double *width;           /* [nwidth] widest value per column, in characters */
    size_t nwidth;
};

/* Backends: each returns ST_OK or an error already recorded in W (err, why). */
status_t csvw_open(table_writer_t *w);
status_t csvw_text(table_writer_t *w, const char *s, bool guard);
status_t csvw_end_row(table_writer_t *w);
status_t csvw_close(table_writer_t *w);

status_t xlsxw_open(table_writer_t *w, const char *path, const table_write_opts_t *opts);
status_t xlsxw_text(table_writer_t *w, const char *s, bool header);
status_t xlsxw_int(table_writer_t *w, int64_t v);
status_t xlsxw_date(table_writer_t *w, int y, int m, int d);
status_t xlsxw_end_row(table_writer_t *w);
status_t xlsxw_close(table_writer_t *w);
void xlsxw_free(table_writer_t *w);

/* Records the writer's first error (later calls keep the first). */
status_t tbl_wfail(table_writer_t *w, status_t st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
