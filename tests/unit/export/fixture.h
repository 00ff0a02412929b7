/* Shared helpers for the tabular-file tests: a row collector that turns what
 * a reader delivers into one comparable string ("2:a|b|c\n" per row), a
 * temporary directory, and a zip builder (libzip) for hand-made XLSX files,
 * hostile ones included. Include after <cmocka.h>. Everything is static
 * inline so a test file may leave parts unused under -Werror. */
#ifndef TDKT_TESTS_EXPORT_FIXTURE_H
#define TDKT_TESTS_EXPORT_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "export/table.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/text.h"

/* ---- collecting rows ---------------------------------------------------- */

typedef struct {
    buf_t out;        /* "row:c1|c2|…\n" for every row */
    size_t rows;
    size_t stop_at;   /* return ST_CONFLICT at this row (0 = never) */
    bool bad_utf8;    /* a cell was not valid UTF-8 */
} coll_t;

static inline status_t coll_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    coll_t *c = ud;
    c->rows++;
    if (c->stop_at && c->rows == c->stop_at)
        return ST_CONFLICT;
    buf_printf(&c->out, "%zu:", row_no);
    for (size_t i = 0; i < n; i++) {
        if (!text_valid_utf8(cells[i], strlen(cells[i])))
            c->bad_utf8 = true;
        if (i)
            buf_putc(&c->out, '|');
        buf_puts(&c->out, cells[i]);
    }
    buf_putc(&c->out, '\n');
    return ST_OK;
}

static inline void coll_init(coll_t *c)
{
    memset(c, 0, sizeof *c);
    buf_init(&c->out, 256u << 20);
}

static inline void coll_free(coll_t *c) { buf_free(&c->out); }

/* Reads DATA[0..LEN) from memory; returns the status, rows in C, message in WHY. */
static inline status_t read_mem(coll_t *c, const void *data, size_t len, const table_limits_t *lim, char *why,
                                size_t why_len)
{
    coll_init(c);
    status_t st = table_read_mem(data, len, lim, coll_row, c, why, why_len);
    assert_false(c->bad_utf8);
    return st;
}

static inline status_t read_path(coll_t *c, const char *path, const table_limits_t *lim, char *why,
                                 size_t why_len)
{
    coll_init(c);
    status_t st = table_read_file(path, lim, coll_row, c, why, why_len);
    assert_false(c->bad_utf8);
    return st;
}

/* Asserts that reading the C string DATA (from memory) succeeds with rows WANT. */
static inline void expect_rows(const char *data, size_t len, const char *want)
{
    coll_t c;
    char why[512];
    status_t st = read_mem(&c, data, len, NULL, why, sizeof why);
    if (st != ST_OK)
        fprintf(stderr, "refused: %s\n", why);
    assert_int_equal(st, ST_OK);
    assert_string_equal(why, "");
    assert_string_equal(buf_str(&c.out), want);
    coll_free(&c);
}

/* Asserts that reading fails with ST and a message containing NEEDLE. */
static inline void expect_refused_lim(const void *data, size_t len, const table_limits_t *lim, status_t st,
                                      const char *needle)
{
    coll_t c;
    char why[512];
    status_t got = read_mem(&c, data, len, lim, why, sizeof why);
    if (got != st || !strstr(why, needle))
        fprintf(stderr, "status %d, message: %s\n", got, why);
    assert_int_equal(got, st);
    assert_non_null(strstr(why, needle));
    coll_free(&c);
}

static inline void expect_refused(const void *data, size_t len, status_t st, const char *needle)
{
    expect_refused_lim(data, len, NULL, st, needle);
}

/* ---- files -------------------------------------------------------------- */

static char g_dir[64];

static inline const char *tmp_dir(void)
{
    if (!g_dir[0]) {
        snprintf(g_dir, sizeof g_dir, "/tmp/tdkt-export-XXXXXX");
        assert_non_null(mkdtemp(g_dir));
    }
    return g_dir;
}

static inline char *tmp_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmp_dir(), name);
    return out;
}

static inline void tmp_cleanup(void)
{
    if (g_dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", g_dir);
        g_dir[0] = '\0';
    }
}

/* The whole file at PATH on the heap (xfree), its size in *LEN. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = xmalloc((size_t)n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    p[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return p;
}

static inline void spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

/* ---- zips --------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *data;       /* NULL: ZEROS bytes of the byte FILL, made lazily */
    uint64_t zeros;
    char fill;
} zpart_t;

typedef struct {
    uint64_t size, pos;
    char fill;
} lazy_t;

/* A libzip source of SIZE copies of one byte, never held in memory. */
static inline zip_int64_t lazy_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    lazy_t *z = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        z->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        uint64_t n = z->size - z->pos < len ? z->size - z->pos : len;
        memset(data, z->fill, (size_t)n);
        z->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->size = z->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return 2 * sizeof(int);
    case ZIP_SOURCE_FREE:
        xfree(z);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        return -1;
    }
}

/* Writes a zip of the N PARTS at PATH; STORE: no compression. */
static inline void zip_write(const char *path, const zpart_t *parts, size_t n, bool store)
{
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src;
        if (parts[i].data) {
            src = zip_source_buffer(za, parts[i].data, strlen(parts[i].data), 0);
        } else {
            lazy_t *z = xcalloc(1, sizeof *z);
            assert_non_null(z);
            z->size = parts[i].zeros;
            z->fill = parts[i].fill;
            src = zip_source_function(za, lazy_cb, z);
        }
        assert_non_null(src);
        zip_int64_t idx = zip_file_add(za, parts[i].name, src, ZIP_FL_OVERWRITE);
        assert_true(idx >= 0);
        zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 9);
        zip_file_set_mtime(za, (zip_uint64_t)idx, 1577836800, 0); /* fixed: reproducible corpus files */
    }
    assert_int_equal(zip_close(za), 0);
}

static const char CT_XML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static const char ROOT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char WB_XML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Trang 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char WB_XML_1904[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"1\"/>"
    "<sheets><sheet name=\"Trang 1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char WB_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "styles\" Target=\"styles.xml\"/></Relationships>";

#define SHEET_HEAD                                                                     \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"                                       \
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"

#define SST_HEAD \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"

#define STYLES_HEAD \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"

/* A minimal XLSX at PATH: SHEET (required), SST and STYLES (NULL = left
 * out), WORKBOOK (NULL = WB_XML). */
static inline void xlsx_make(const char *path, const char *workbook, const char *sheet, const char *sst,
                             const char *styles, bool store)
{
    zpart_t parts[7];
    size_t n = 0;
    parts[n++] = (zpart_t){.name = "[Content_Types].xml", .data = CT_XML};
    parts[n++] = (zpart_t){.name = "_rels/.rels", .data = ROOT_RELS};
    parts[n++] = (zpart_t){.name = "xl/workbook.xml", .data = workbook ? workbook : WB_XML};
    parts[n++] = (zpart_t){.name = "xl/_rels/workbook.xml.rels", .data = WB_RELS};
    parts[n++] = (zpart_t){.name = "xl/worksheets/sheet1.xml", .data = sheet};
    if (sst)
        parts[n++] = (zpart_t){.name = "xl/sharedStrings.xml", .data = sst};
    if (styles)
        parts[n++] = (zpart_t){.name = "xl/styles.xml", .data = styles};
    zip_write(path, parts, n, store);
}

/* Reads the XLSX made from these parts; see expect_rows / expect_refused. */
static inline char *xlsx_bytes(const char *workbook, const char *sheet, const char *sst, const char *styles,
                               size_t *len)
{
    char path[128];
    tmp_path(path, sizeof path, "made.xlsx");
    xlsx_make(path, workbook, sheet, sst, styles, false);
    return slurp(path, len);
}

static inline void xlsx_expect(const char *workbook, const char *sheet, const char *sst, const char *styles,
                               const char *want)
{
    size_t len;
    char *data = xlsx_bytes(workbook, sheet, sst, styles, &len);
    expect_rows(data, len, want);
    xfree(data);
}

static inline void xlsx_refused(const char *workbook, const char *sheet, const char *sst, const char *styles,
                                status_t st, const char *needle)
{
    size_t len;
    char *data = xlsx_bytes(workbook, sheet, sst, styles, &len);
    expect_refused(data, len, st, needle);
    xfree(data);
}

/* Rewrites the uncompressed size of entry NAME in both its local header
 * and the central directory of the zip DATA[0..LEN) (a lying zip). */
static inline void zip_patch_size(char *data, size_t len, const char *name, uint32_t size)
{
    size_t nlen = strlen(name);
    int patched = 0;
    for (size_t i = 0; i + 46 + nlen <= len; i++) {
        const unsigned char *p = (const unsigned char *)data + i;
        if (p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4 && memcmp(p + 30, name, nlen) == 0 &&
            (p[26] | p[27] << 8) == (int)nlen) {
            memcpy(data + i + 22, &size, 4); /* little-endian host */
            patched++;
        } else if (p[0] == 'P' && p[1] == 'K' && p[2] == 1 && p[3] == 2 && memcmp(p + 46, name, nlen) == 0 &&
                   (p[28] | p[29] << 8) == (int)nlen) {
            memcpy(data + i + 24, &size, 4);
            patched++;
        }
    }
    assert_int_equal(patched, 2);
}

#endif
