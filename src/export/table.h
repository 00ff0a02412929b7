/* Tabular files: reading XLSX and CSV row by row, writing XLSX and CSV
 * (DESIGN.md §1, issue 3 §3). No database, no domain: rows of strings in,
 * rows of strings out. See docs/internals/table.md.
 *
 * Reading is streaming: a callback gets one row at a time and neither the
 * sheet nor the CSV is ever held whole in memory (an XLSX file's shared
 * strings are, within the limits below). Every cell handed out is valid,
 * NFC-normalised UTF-8 (text_normalize: trimmed, Ð→Đ, controls → space).
 *
 * Hostile files are refused with ST_INVALID or ST_TOO_LARGE and a Vietnamese
 * sentence in WHY that tells the user what to do. A refusal can come after
 * rows were already delivered (a formula on row 900 000 is seen only when it
 * is reached): a non-OK return means "the whole file is refused", and callers
 * must not keep what they did with earlier rows (import is all-or-nothing).
 *
 * Thread-safety: every call works on its own state; many reads and writes may
 * run at once on different threads after text_init(). */
#ifndef TDKT_EXPORT_TABLE_H
#define TDKT_EXPORT_TABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/status.h"

typedef enum {
    TABLE_CSV = 1,
    TABLE_XLSX = 2,
} table_format_t;

/* ---- reading ------------------------------------------------------------- */

/* Limits against hostile files. A field left 0 takes its default. */
typedef struct {
    size_t max_rows;         /* highest row number delivered; default 2 000 000 */
    size_t max_cols;         /* highest column holding a value; default 256 (≤ 16 384) */
    size_t max_cell_bytes;   /* bytes of one cell as stored in the file; default 32 KiB */
    uint64_t max_total_bytes;/* CSV: file size; XLSX: every byte inflated from the
                                zip, counted while inflating; default 512 MiB */
    unsigned max_ratio;      /* XLSX: uncompressed/compressed size of one zip
                                entry above 1 MiB; default 200 */
} table_limits_t;

#define TABLE_DEFAULT_MAX_ROWS 2000000u
#define TABLE_DEFAULT_MAX_COLS 256u
#define TABLE_DEFAULT_MAX_CELL_BYTES (32u * 1024u)
#define TABLE_DEFAULT_MAX_TOTAL_BYTES (512ull * 1024u * 1024u)
#define TABLE_DEFAULT_MAX_RATIO 200u

/* LIM with every 0 field replaced by its default (LIM may be NULL). */
table_limits_t table_limits_resolve(const table_limits_t *lim);

/* Called once per row that has at least one non-empty cell, in file order.
 * ROW_NO is the 1-based row number the user sees: the sheet row for XLSX
 * (gaps and empty rows are skipped but counted), the record number for CSV
 * (an Excel "sep=;" first line is not counted). CELLS[0..NCELLS) are the
 * columns A, B, C…: an empty or missing cell is "" so positions are kept (a
 * row with values in A and C gives 3 cells); NCELLS is the position of the
 * last non-empty cell, so trailing empty cells are never passed.
 * CELLS and its strings belong to the reader and are valid only until the
 * callback returns: copy what you keep.
 * Return ST_OK to go on; any other status stops the read, which returns that
 * status with WHY left "" (the callback reports its own reason). */
typedef status_t (*table_row_fn)(void *ud, size_t row_no, const char *const *cells, size_t ncells);

/* What a file looks like from its first bytes: TABLE_XLSX for a zip
 * ("PK\3\4", "PK\5\6"), TABLE_CSV otherwise. */
table_format_t table_detect(const void *head, size_t n);

/* Reads the file at PATH (format by content, not by name): XLSX → its first
 * worksheet in tab order; anything else → CSV. LIM may be NULL (defaults).
 * Returns ST_OK when every row was delivered; ST_INVALID / ST_TOO_LARGE with
 * a Vietnamese message in WHY[0..WHY_LEN) for a refused or unreadable file;
 * ST_NOT_FOUND when PATH cannot be opened; ST_NOMEM; or what FN returned.
 * WHY is always NUL-terminated ("" on success and when FN stopped the read);
 * it may be NULL when WHY_LEN is 0. */
status_t table_read_file(const char *path, const table_limits_t *lim, table_row_fn fn, void *ud,
                         char *why, size_t why_len);

/* The same for LEN bytes at DATA (borrowed for the duration of the call). */
status_t table_read_mem(const void *data, size_t len, const table_limits_t *lim, table_row_fn fn,
                        void *ud, char *why, size_t why_len);

/* XLSX details: shared strings (rich-text runs joined, phonetic <rPh> runs
 * left out, empty <si/> keeping their index), inline strings and Excel's
 * _xHHHH_ escapes; numbers as plain text ("1.0" → "1", "1.23456789012E+11"
 * → "123456789012"); booleans "TRUE" / "FALSE"; a number whose format is a
 * date (built-in 14–17, 22, 27–36, 50–58, or a custom code with d, y or m)
 * → "dd/mm/yyyy" in the workbook's 1900 or 1904 date system, a time format
 * → "hh:mm" or "hh:mm:ss"; rows and cells without an r attribute follow the
 * previous one. Refused: DOCTYPE/ENTITY declarations, formulas (the message
 * names the cell), merged cells over the header row (the first delivered
 * row; checked when <mergeCells> is reached, after the rows), encrypted,
 * .xls, .ods or broken files, zip bombs (entry sizes declared over the
 * total or over the ratio, more bytes inflated than declared, a central
 * directory of more than 10 000 entries).
 *
 * CSV details, as done by the readers above:
 * - encoding: UTF-8 with or without BOM; UTF-16 with a BOM (Excel "Unicode
 *   Text"); otherwise, when the bytes are not valid UTF-8, Windows-1258 or
 *   legacy TCVN3 (ABC), told apart by which bytes occur (TCVN3 puts the
 *   common letters ă â ê ô ơ ư đ à á ả ã ạ at 0xA1–0xBE, where Windows-1258
 *   has rarely used symbols). Windows-1258's combining tone marks are
 *   composed by NFC. Capitals typed with the ABC capitals-only fonts
 *   (.VnTimeH) share the small letters' codes and come out small.
 * - delimiter: ',' ';' or TAB, whichever occurs most in the first record
 *   outside quotes (',' on a tie or when there is none); an Excel first line
 *   "sep=X" sets it and is skipped.
 * - RFC 4180 quoting ("" inside quotes, newlines inside quotes), CRLF, LF or
 *   CR line ends; a stray quote inside an unquoted field is kept as text.
 * - a leading apostrophe put before = + - @ TAB CR by the writer's formula
 *   guard is removed again, so export → import gives back the same text. */

/* ---- writing ------------------------------------------------------------- */

typedef struct table_writer table_writer_t;

typedef struct {
    const char *sheet_name; /* XLSX: NULL → "Danh sách"; made safe with
                               table_sheet_name() */
    char delimiter;         /* CSV: 0 → ','; ';' suits Excel set to Vietnamese
                               regional settings */
    time_t created;         /* XLSX document date; 0 → now. Fix it for
                               byte-identical output in tests. */
    size_t max_cols;        /* 0 → 16 384 (Excel's limit) */
} table_write_opts_t;

/* Opens a writer of FMT that writes to a new file at PATH (replaced if it
 * exists). OPTS may be NULL. XLSX keeps memory constant: rows go to a
 * temporary file and the workbook is assembled by table_writer_close().
 * On error *OUT is NULL and WHY holds a Vietnamese message. */
status_t table_writer_open_file(table_writer_t **out, table_format_t fmt, const char *path,
                                const table_write_opts_t *opts, char *why, size_t why_len);

/* Opens a CSV writer that appends to DST (borrowed; its maximum applies:
 * going over it fails the next call with ST_TOO_LARGE). */
status_t table_writer_open_buf(table_writer_t **out, buf_t *dst, const table_write_opts_t *opts,
                               char *why, size_t why_len);

/* The header row (call once, before any other row): bold and frozen in
 * XLSX. NAMES are UTF-8 and may be Vietnamese. */
status_t table_writer_header(table_writer_t *w, const char *const *names, size_t n);

/* One row of N text cells (NULL = empty). Text stays text in XLSX too (cell
 * format "@"), so ids, phone numbers and CCCD keep their leading zeros.
 * CSV output is UTF-8 with a BOM, CRLF line ends, and RFC 4180 quotes around
 * any cell holding , ; TAB " CR or LF. Formula guard (OWASP CSV injection):
 * a CSV cell that, after any leading apostrophes, starts with = + - @ TAB or
 * CR gets one more apostrophe in front; the reader removes exactly one in the
 * same case, so export → import gives the text back. */
status_t table_writer_row(table_writer_t *w, const char *const *cells, size_t n);

/* Typed cells, building the current row left to right; table_writer_end_row
 * finishes it (a row with no cells is an empty row). An integer is a number
 * in XLSX (shown as 3.625 in a Vietnamese Excel; |v| ≤ 2^53) and digits in
 * CSV; a date is a real date shown dd/mm/yyyy in XLSX and "dd/mm/yyyy" in
 * CSV (years 1900–9999). */
status_t table_writer_text(table_writer_t *w, const char *s);
status_t table_writer_int(table_writer_t *w, int64_t v);
status_t table_writer_date(table_writer_t *w, int year, int month, int day);
status_t table_writer_end_row(table_writer_t *w);

/* Errors of the calls above: ST_INVALID (cell not valid UTF-8, bad date or
 * integer, header twice or after rows, too many columns), ST_TOO_LARGE (a
 * cell over Excel's 32 767 characters, over 1 048 576 XLSX rows, or the
 * buf_t's maximum), ST_NOMEM, ST_INTERNAL (write failure). An error is
 * sticky: later calls return it again and do nothing; close reports it. */

/* Finishes and frees W (NULL is fine): XLSX assembles the workbook (column
 * widths from the longest value, capped); the CSV file is flushed and
 * closed. Returns the first error of the writer's life or of closing, with a
 * Vietnamese message in WHY. After an error the file at PATH must be
 * considered garbage (it is removed when possible). */
status_t table_writer_close(table_writer_t *w, char *why, size_t why_len);

/* Makes IN a valid XLSX sheet name into OUT[0..CAP): [ ] : * ? / \ become
 * '-', leading and trailing apostrophes go, at most 31 characters (never
 * cutting a UTF-8 sequence), "Danh sách" when nothing is left. Returns OUT. */
char *table_sheet_name(const char *in, char *out, size_t cap);

#endif
