/* Unit tests for src/export/table.c: format detection, limits, cell
 * references, sheet names, the normaliser's fast path (byte-for-byte what
 * text_normalize gives, over every code point of the planes we meet and
 * random strings), and injected allocation failures in every reader and
 * writer (a clean ST_NOMEM, never a crash or a leak under ASan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "export/table_int.h"
#include "fixture.h"
#include "lib/arena.h"

static int group_setup(void **state)
{
    (void)state;
    return text_init() == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    alloc_fail_after(0);
    tmp_cleanup();
    text_shutdown();
    return 0;
}

static void test_detect_and_limits(void **state)
{
    (void)state;
    assert_int_equal(table_detect("PK\3\4rest", 8), TABLE_XLSX);
    assert_int_equal(table_detect("PK\5\6", 4), TABLE_XLSX);
    assert_int_equal(table_detect("PK", 2), TABLE_CSV);
    assert_int_equal(table_detect("a,b\n", 4), TABLE_CSV);
    assert_int_equal(table_detect("", 0), TABLE_CSV);
    table_limits_t l = table_limits_resolve(NULL);
    assert_int_equal(l.max_rows, 2000000);
    assert_int_equal(l.max_cols, 256);
    assert_int_equal(l.max_cell_bytes, 32768);
    assert_true(l.max_total_bytes == 512ull << 20);
    assert_int_equal(l.max_ratio, 200);
    table_limits_t mine = {.max_cols = 100000, .max_rows = 5};
    l = table_limits_resolve(&mine);
    assert_int_equal(l.max_cols, 16384);
    assert_int_equal(l.max_rows, 5);
    assert_int_equal(l.max_ratio, 200);
}

static void test_cell_ref(void **state)
{
    (void)state;
    static const struct { size_t col, row; const char *want; } cases[] = {
        {0, 1, "A1"}, {25, 7, "Z7"}, {26, 1, "AA1"}, {51, 2, "AZ2"}, {52, 3, "BA3"},
        {255, 9, "IV9"}, {256, 1, "IW1"}, {701, 1, "ZZ1"}, {702, 1, "AAA1"}, {16383, 1048576, "XFD1048576"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ref[32];
        tbl_cell_ref(ref, sizeof ref, cases[i].col, cases[i].row);
        assert_string_equal(ref, cases[i].want);
    }
}

static void test_sheet_name(void **state)
{
    (void)state;
    char out[128];
    assert_string_equal(table_sheet_name(NULL, out, sizeof out), "Danh sách");
    assert_string_equal(table_sheet_name("", out, sizeof out), "Danh sách");
    assert_string_equal(table_sheet_name("''", out, sizeof out), "Danh sách");
    assert_string_equal(table_sheet_name("'Đoàn viên'", out, sizeof out), "Đoàn viên");
    assert_string_equal(table_sheet_name("a[b]c:d*e?f/g\\h", out, sizeof out), "a-b-c-d-e-f-g-h");
    /* 31 characters, not bytes; a sequence is never cut. */
    assert_string_equal(table_sheet_name("Liên đoàn Lao động thành phố Hà Nội", out, sizeof out),
                        "Liên đoàn Lao động thành phố Hà");
    assert_int_equal(text_chars(out), 31);
    char tiny[6];
    assert_string_equal(table_sheet_name("Đức Đức", tiny, sizeof tiny), "Đứ"); /* 6 bytes: Đ ứ fit, c and the NUL do not */
}

/* tbl_normalize_into on S must equal text_normalize on S. */
static void same_as_text_normalize(tbl_reader_t *r, arena_t *a, const char *s, size_t len)
{
    char *want;
    status_t st = text_normalize(a, s, len, &want);
    buf_t dst;
    buf_init(&dst, 1u << 20);
    size_t off, n;
    status_t got = tbl_normalize_into(r, &dst, s, len, 0, 1, &off, &n);
    if (st == ST_OK) {
        assert_int_equal(got, ST_OK);
        if (strcmp(dst.data + off, want) != 0)
            fprintf(stderr, "differs for [%.*s]: [%s] vs [%s]\n", (int)len, s, dst.data + off, want);
        assert_string_equal(dst.data + off, want);
        assert_int_equal(n, strlen(want));
    } else {
        assert_int_equal(got, st);
        r->st = ST_OK; /* tbl_fail recorded it: clear for the next case */
    }
    buf_free(&dst);
}

static size_t put_utf8(char *p, uint32_t cp)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | (cp >> 6));
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (char)(0xE0 | (cp >> 12));
        p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static void test_fast_path_every_code_point(void **state)
{
    (void)state;
    tbl_reader_t r;
    char why[256];
    assert_int_equal(tbl_reader_init(&r, NULL, NULL, NULL, why, sizeof why), ST_OK);
    arena_t *a = arena_new(1u << 30);
    /* Alone, between letters, after a space and before a combining mark. */
    for (uint32_t cp = 0; cp < 0x3000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char s[16];
        size_t n = put_utf8(s, cp);
        same_as_text_normalize(&r, a, s, n);
        char t[16] = "a";
        size_t m = 1 + put_utf8(t + 1, cp);
        t[m++] = 'b';
        same_as_text_normalize(&r, a, t, m);
        m = put_utf8(t, cp);
        memcpy(t + m, "\xcc\x81", 2); /* + U+0301 */
        same_as_text_normalize(&r, a, t, m + 2);
        t[0] = ' ';
        m = 1 + put_utf8(t + 1, cp);
        same_as_text_normalize(&r, a, t, m);
        if (arena_used(a) > (64u << 20)) {
            arena_free(a);
            a = arena_new(1u << 30);
        }
    }
    arena_free(a);
    tbl_reader_free(&r);
}

static void test_fast_path_random(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", " ", "\t", "\n", "\r", "\r\n", "\x01", "\x7f", "\xc2\xa0", "\xc3\x90", "\xc3\xb0", "\xc4\x91",
        "\xe1\xbb\x85", "e", "\xcc\x82", "\xcc\x83", "\xc3\xaa", "\xc6\xb0", "\xe1\xba\xa1", "\xef\xbb\xbf",
        "\xc9\x8f", "\xc9\x90", "\xe1\xb8\x80", "\xe1\xbb\xbf", "\xe1\xbc\x80", "\xc2\x80", "\xc2\xa1", "\xff",
        "\xc3", "\x00", "'", "=",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    tbl_reader_t r;
    char why[256];
    assert_int_equal(tbl_reader_init(&r, NULL, NULL, NULL, why, sizeof why), ST_OK);
    arena_t *a = arena_new(1u << 30);
    uint32_t seed = 12345;
    for (int iter = 0; iter < 50000; iter++) {
        char s[128];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int k = (int)(seed >> 16) % 8;
        for (int j = 0; j < k; j++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % np];
            size_t pl = p[0] ? strlen(p) : 1; /* "\x00" is one NUL byte */
            memcpy(s + n, p, pl);
            n += pl;
        }
        same_as_text_normalize(&r, a, s, n);
        if (arena_used(a) > (64u << 20)) {
            arena_free(a);
            a = arena_new(1u << 30);
        }
    }
    arena_free(a);
    tbl_reader_free(&r);
}

static void test_not_a_regular_file(void **state)
{
    (void)state;
    coll_t c;
    char why[256];
    assert_int_equal(read_path(&c, tmp_dir(), NULL, why, sizeof why), ST_INVALID);
    coll_free(&c);
    char path[128];
    tmp_path(path, sizeof path, "old.xls");
    spit(path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12);
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "Excel cũ (.xls)"));
    coll_free(&c);
    /* An empty file is an empty CSV. */
    tmp_path(path, sizeof path, "empty.csv");
    spit(path, "", 0);
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(c.rows, 0);
    coll_free(&c);
}

/* Runs FN with the Nth allocation failing, N = 1, 2, …: each result must be
 * ST_OK or ST_NOMEM. Once N passes the number of allocations FN makes, every
 * run succeeds: 30 successes in a row end the sweep. */
static void fault_sweep(status_t (*fn)(void))
{
    int ok_run = 0;
    long n;
    for (n = 1; n < 20000 && ok_run < 30; n++) {
        alloc_fail_after(n);
        status_t st = fn();
        alloc_fail_after(0);
        if (st != ST_OK && st != ST_NOMEM)
            fprintf(stderr, "allocation %ld failing gave status %d\n", n, st);
        assert_true(st == ST_OK || st == ST_NOMEM);
        ok_run = st == ST_OK ? ok_run + 1 : 0;
    }
    assert_true(n > 31); /* some allocations did fail */
}

static status_t ignore_row(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    (void)ud, (void)row_no, (void)cells, (void)n;
    return ST_OK;
}

static char *g_xlsx;
static size_t g_xlsx_len;

static status_t read_csv_utf8(void)
{
    static const char data[] = "Họ tên;Ghi chú\nNguye\xcc\x82\xcc\x83n;\"a\nb\"\n";
    char why[256];
    return table_read_mem(data, sizeof data - 1, NULL, ignore_row, NULL, why, sizeof why);
}

static status_t read_csv_1258(void)
{
    static const char data[] = "Nguy\xEA\xDEn V\xE3n \xD0\xFD\xEC\x63,H\xE0 N\xF4\xF2i\n";
    char why[256];
    return table_read_mem(data, sizeof data - 1, NULL, ignore_row, NULL, why, sizeof why);
}

static status_t read_xlsx(void)
{
    char why[256];
    return table_read_mem(g_xlsx, g_xlsx_len, NULL, ignore_row, NULL, why, sizeof why);
}

static status_t write_both(void)
{
    char path[128], why[256];
    buf_t out;
    buf_init(&out, 1u << 20);
    table_writer_t *w;
    status_t st = table_writer_open_buf(&w, &out, NULL, why, sizeof why);
    const char *row[] = {"Nguyễn Văn Đức", "=1"};
    if (st == ST_OK) {
        table_writer_row(w, row, 2);
        st = table_writer_close(w, why, sizeof why);
    }
    buf_free(&out);
    if (st != ST_OK)
        return st;
    tmp_path(path, sizeof path, "fault.xlsx");
    st = table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why);
    if (st == ST_OK) {
        table_writer_header(w, row, 2);
        for (int i = 0; i < 40; i++) {
            table_writer_text(w, "x");
            table_writer_int(w, i);
            table_writer_end_row(w);
        }
        st = table_writer_close(w, why, sizeof why);
    }
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    const char *sst = SST_HEAD "<si><t>Họ tên</t></si><si><r><t>Nguyễn </t></r><r><t>Văn A</t></r></si></sst>";
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
                                   "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" s=\"1\"><v>43831</v>"
                                   "</c></row></sheetData></worksheet>";
    const char *styles = STYLES_HEAD "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs>"
                                     "</styleSheet>";
    g_xlsx = xlsx_bytes(NULL, sheet, sst, styles, &g_xlsx_len);
    fault_sweep(read_csv_utf8);
    fault_sweep(read_csv_1258);
    fault_sweep(read_xlsx);
    fault_sweep(write_both);
    xfree(g_xlsx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_and_limits),
        cmocka_unit_test(test_cell_ref),
        cmocka_unit_test(test_sheet_name),
        cmocka_unit_test(test_fast_path_every_code_point),
        cmocka_unit_test(test_fast_path_random),
        cmocka_unit_test(test_not_a_regular_file),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
