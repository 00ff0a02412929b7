/* libFuzzer: the XLSX reader. Input that starts like a zip goes whole
 * through table_read_mem (libzip, limits, then the XML); anything else is
 * split at NUL bytes into the XML parts workbook.xml, sheet1.xml,
 * sharedStrings.xml, styles.xml and, optionally, the workbook's .rels,
 * read without a zip so the fuzzer works on the XML itself.
 * Invariants: never a crash or a leak; every cell valid UTF-8 and already
 * normalised; at most max_cols cells, the last one non-empty; a message on
 * every refusal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/table_int.h"
#include "lib/arena.h"
#include "lib/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ROOT_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char WB_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "styles\" Target=\"styles.xml\"/></Relationships>";

static arena_t *g_arena;
static size_t g_max_cols;

static status_t on_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    (void)ud;
    if (row_no == 0 || n == 0 || n > g_max_cols || !cells[n - 1][0])
        abort();
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(cells[i]);
        char *again;
        if (!text_valid_utf8(cells[i], len) || text_normalize(g_arena, cells[i], len, &again) != ST_OK ||
            strcmp(again, cells[i]) != 0)
            abort();
    }
    return ST_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    if (!ready && text_init() == 0)
        ready = 1;
    g_arena = arena_new(64u << 20);
    table_limits_t lim = {.max_cols = 64, .max_rows = 100000, .max_total_bytes = 16u << 20};
    g_max_cols = lim.max_cols;
    char why[512];
    status_t st;
    if (table_detect(data, size) == TABLE_XLSX) {
        st = table_read_mem(data, size, &lim, on_row, NULL, why, sizeof why);
    } else {
        const char *names[] = {"_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml",
                               "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"};
        const void *parts[6] = {ROOT_RELS, WB_RELS};
        size_t lens[6] = {sizeof ROOT_RELS - 1, sizeof WB_RELS - 1};
        size_t n = 2;
        const uint8_t *p = data, *end = data + size;
        for (int i = 0; i < 5 && p <= end; i++) {
            const uint8_t *z = memchr(p, 0, (size_t)(end - p));
            size_t len = z ? (size_t)(z - p) : (size_t)(end - p);
            if (i < 4) {
                parts[n] = p;
                lens[n++] = len;
            } else { /* a fifth part replaces the workbook's relationships */
                parts[1] = p;
                lens[1] = len;
            }
            if (!z)
                break;
            p = z + 1;
        }
        tbl_reader_t r;
        st = tbl_reader_init(&r, &lim, on_row, NULL, why, sizeof why);
        if (st == ST_OK)
            st = xlsx_read_parts(&r, names, parts, lens, n);
        tbl_reader_free(&r);
    }
    if (st != ST_OK && !why[0])
        abort();
    arena_free(g_arena);
    return 0;
}
