/* Unit tests for src/export/csv.c: reading UTF-8 with and without BOM,
 * UTF-16 (Excel "Unicode Text"), Windows-1258 (precomposed and with
 * combining tone marks) and TCVN3; delimiter detection (, ; TAB and Excel's
 * "sep=" line); RFC 4180 quoting with newlines and "" inside quotes; CRLF,
 * LF and CR; row numbers; refusals (bad UTF-8 after a BOM, NUL bytes, an
 * unclosed quote, long cells, too many columns or rows); file and memory
 * readers agree across chunk boundaries. Writing: BOM, CRLF, quoting, the
 * formula-injection guard and its undoing on import, typed cells, the
 * buffer's maximum, and writer → reader round trips in Vietnamese. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <iconv.h>

#include "export/table_int.h"
#include "fixture.h"

static int group_setup(void **state)
{
    (void)state;
    return text_init() == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    tmp_cleanup();
    text_shutdown();
    return 0;
}

#define EXPECT(lit, want) expect_rows(lit, sizeof lit - 1, want)

/* UTF-8 IN converted with glibc's iconv to CODE, into a heap buffer. */
static char *iconv_to(const char *code, const char *in, size_t *len)
{
    iconv_t cd = iconv_open(code, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(in), cap = 4 * inleft + 16, outleft = cap;
    char *out = xmalloc(cap), *src = (char *)in, *dst = out;
    assert_non_null(out);
    assert_true(iconv(cd, &src, &inleft, &dst, &outleft) != (size_t)-1);
    iconv_close(cd);
    *len = cap - outleft;
    return out;
}

/* ---- encodings ---------------------------------------------------------- */

static void test_utf8_with_and_without_bom(void **state)
{
    (void)state;
    const char *want = "1:Họ và tên|Số CCCD|Đơn vị\n2:Nguyễn Văn Đức|001204006789|Công đoàn cơ sở\n";
    EXPECT("\xEF\xBB\xBFHọ và tên,Số CCCD,Đơn vị\r\nNguyễn Văn Đức,001204006789,Công đoàn cơ sở\r\n", want);
    EXPECT("Họ và tên,Số CCCD,Đơn vị\nNguyễn Văn Đức,001204006789,Công đoàn cơ sở", want);
    /* NFD text (as macOS writes it) and padding come out NFC and trimmed. */
    EXPECT("Ho\xcc\xa3 te\xcc\x82n , x\n", "1:Họ tên|x\n");
}

static void test_windows_1258(void **state)
{
    (void)state;
    /* Windows-1258 writes most tones as combining marks after the base
     * letter: ễ is ê (0xEA) + tilde (0xDE); Đ is 0xD0. NFC composes them. */
    EXPECT("Ho\xF2 t\xEAn;\xD0\xF4\xCCng\nNguy\xEA\xDEn V\xE3n \xD0\xFD\xEC\x63;H\xE0 N\xF4\xF2i\n",
           "1:Họ tên|Đồng\n2:Nguyễn Văn Đức|Hà Nội\n");
    /* glibc's encoder agrees, for a longer text. */
    size_t len;
    char *bytes = iconv_to("CP1258", "Mã đơn vị,Tên đơn vị\nLĐLĐ-HN,Liên đoàn Lao động thành phố Hà Nội\n"
                                     "CĐ-01,Công đoàn Trường THPT Việt Đức\n",
                           &len);
    expect_rows(bytes, len, "1:Mã đơn vị|Tên đơn vị\n2:LĐLĐ-HN|Liên đoàn Lao động thành phố Hà Nội\n"
                            "3:CĐ-01|Công đoàn Trường THPT Việt Đức\n");
    xfree(bytes);
}


static void test_tcvn3(void **state)
{
    (void)state;
    /* Our table agrees with glibc's TCVN5712-1 on every high byte. */
    iconv_t cd = iconv_open("UTF-32LE", "TCVN5712-1");
    assert_true(cd != (iconv_t)-1);
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in = (char)b, *src = &in;
        uint32_t cp = 0;
        char *dst = (char *)&cp;
        size_t inleft = 1, outleft = sizeof cp;
        assert_true(iconv(cd, &src, &inleft, &dst, &outleft) != (size_t)-1);
        iconv(cd, NULL, NULL, &dst, &outleft); /* flush a held base letter */
        assert_int_equal(csv_tcvn3_codepoint((unsigned char)b), cp);
    }
    iconv_close(cd);
    /* An ABC-font list: Hä vµ tªn = Họ và tên. */
    EXPECT("H\xE4 v\xB5 t\xAAn,Qu\xAA qu\xB8n\nNguy\xD4n V\xA8n \xA7\xF8\x63,H\xB5 N\xE9i\n",
           "1:Họ và tên|Quê quán\n2:Nguyễn Văn Đức|Hà Nội\n");
    size_t len;
    char *bytes = iconv_to("TCVN5712-1", "mã,tên đơn vị\nlđlđ,liên đoàn lao động thành phố hà nội\n", &len);
    expect_rows(bytes, len, "1:mã|tên đơn vị\n2:lđlđ|liên đoàn lao động thành phố hà nội\n");
    xfree(bytes);
    /* Two letters are enough to tell the encodings apart: Đỗ. */
    EXPECT("\xA7\xE7\n", "1:Đỗ\n");
    EXPECT("\xD0\x6F\xDE\n", "1:Đõ\n");
}

static void test_utf16(void **state)
{
    (void)state;
    /* Excel's "Unicode Text": UTF-16LE with BOM, TAB between cells. */
    size_t len;
    char *le = iconv_to("UTF-16LE", "\xEF\xBB\xBF" "Họ tên\tSố\r\nĐỗ Thị Hà\t12\r\n", &len);
    expect_rows(le, len, "1:Họ tên|Số\n2:Đỗ Thị Hà|12\n");
    xfree(le);
    char *be = iconv_to("UTF-16BE", "\xEF\xBB\xBF" "a;b\n𝔸;ư\n", &len);
    expect_rows(be, len, "1:a|b\n2:𝔸|ư\n");
    xfree(be);
    /* A lone surrogate is no text. */
    static const char bad[] = "\xFF\xFE" "a\0\x00\xD8" "b\0";
    expect_refused(bad, sizeof bad - 1, ST_INVALID, "bảng mã");
}

/* ---- structure ---------------------------------------------------------- */

static void test_delimiters(void **state)
{
    (void)state;
    EXPECT("a;b;c\n1;2,5;3\n", "1:a|b|c\n2:1|2,5|3\n");
    EXPECT("a\tb\tc\n1\t2;3\t4,5\n", "1:a|b|c\n2:1|2;3|4,5\n");
    /* Delimiters inside quotes do not count; a tie goes to the comma. */
    EXPECT("\"a;b;c\",d\n1,2\n", "1:a;b;c|d\n2:1|2\n");
    EXPECT("a;b,c\n", "1:a;b|c\n");
    EXPECT("only\nrows\n", "1:only\n2:rows\n");
    /* Excel's "sep=" line sets it and is not a row. */
    EXPECT("sep=;\r\na;b,c\r\n1;2\r\n", "1:a|b,c\n2:1|2\n");
    EXPECT("sep=,\na;b,c\n", "1:a;b|c\n");
    EXPECT("sep=;\ra;b,c\r1;2\r", "1:a|b,c\n2:1|2\n");
    EXPECT("sep=;", "");
}

static void test_quotes_and_line_ends(void **state)
{
    (void)state;
    EXPECT("\"Nguyễn, Văn A\",\"dòng 1\r\ndòng 2\",\"nói \"\"có\"\"\",\"\"\r\nx,y\r\n",
           "1:Nguyễn, Văn A|dòng 1\ndòng 2|nói \"có\"\n2:x|y\n");
    /* Old Mac CR line ends; a quote inside an unquoted field is text; text
     * after a closing quote is kept, as Excel does. */
    EXPECT("a,b\rc,d\r", "1:a|b\n2:c|d\n");
    EXPECT("5\" disk,x\n\"ab\"cd,e\n", "1:5\" disk|x\n2:abcd|e\n");
    /* Row numbers are record numbers: a multi-line cell is one row, empty
     * lines count but are not delivered. */
    EXPECT("h1,h2\n\"a\nb\nc\",1\n\n,\n;;\nlast,2", "1:h1|h2\n2:a\nb\nc|1\n5:;;\n6:last|2\n");
    /* Empty cells keep positions; trailing ones are dropped. */
    EXPECT(",,c,,\n", "1:||c\n");
}

static void test_unguard(void **state)
{
    (void)state;
    /* The writer's apostrophe before = + - @ goes away again; other
     * apostrophes stay. */
    EXPECT("'=1+1,'+84 912,'-5,'@x,'abc,''=x,'\n", "1:=1+1|+84 912|-5|@x|'abc|'=x|'\n");
    /* Whatever the apostrophes, writer → reader gives the text back. */
    const char *texts[] = {"=1", "'=1", "''=1", "'", "''", "'a", "-", "@", "a=b"};
    buf_t out;
    buf_init(&out, 4096);
    table_writer_t *w;
    char why[256];
    assert_int_equal(table_writer_open_buf(&w, &out, NULL, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_row(w, texts, 9), ST_OK);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_OK);
    expect_rows(out.data, out.len, "1:=1|'=1|''=1|'|''|'a|-|@|a=b\n");
    buf_free(&out);
}

static void test_long_first_record(void **state)
{
    (void)state;
    /* A header line over the 1 MiB looked at for the delimiter. */
    buf_t b;
    buf_init(&b, 8u << 20);
    for (int i = 0; i < 40; i++) {
        for (int j = 0; j < 30000; j++)
            buf_putc(&b, (char)('a' + i % 26));
        buf_putc(&b, i == 39 ? '\n' : ';');
    }
    buf_puts(&b, "x;y,z\n");
    coll_t c;
    char why[512];
    assert_int_equal(read_mem(&c, b.data, b.len, NULL, why, sizeof why), ST_OK);
    assert_int_equal(c.rows, 2);
    assert_non_null(strstr(buf_str(&c.out), "\n2:x|y,z\n"));
    coll_free(&c);
    char path[128];
    tmp_path(path, sizeof path, "long.csv");
    spit(path, b.data, b.len);
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(c.rows, 2);
    assert_non_null(strstr(buf_str(&c.out), "\n2:x|y,z\n"));
    coll_free(&c);
    buf_free(&b);
}

static void test_file_and_memory_agree(void **state)
{
    (void)state;
    /* 30 000 rows of multi-byte text: UTF-8 and Windows-1258 sequences fall
     * across the 64 KiB chunk boundaries of the file reader. */
    buf_t b;
    buf_init(&b, 64u << 20);
    buf_puts(&b, "STT;Họ và tên;Ghi chú\n");
    for (int i = 1; i <= 30000; i++)
        buf_printf(&b, "%d;Nguyễn Thị Ánh Tuyết %d;\"Phường Đồng Xuân,\nquận Hoàn Kiếm\"\n", i, i);
    char path[128];
    tmp_path(path, sizeof path, "big.csv");
    for (int enc = 0; enc < 2; enc++) {
        size_t len = b.len;
        char *bytes = enc ? iconv_to("CP1258", b.data, &len) : xstrndup(b.data, b.len);
        spit(path, bytes, len);
        coll_t m, f;
        char why[512];
        assert_int_equal(read_mem(&m, bytes, len, NULL, why, sizeof why), ST_OK);
        assert_int_equal(read_path(&f, path, NULL, why, sizeof why), ST_OK);
        assert_int_equal(m.rows, 30001);
        assert_string_equal(buf_str(&m.out), buf_str(&f.out));
        assert_non_null(strstr(buf_str(&m.out), "\n30001:30000|Nguyễn Thị Ánh Tuyết 30000|Phường Đồng Xuân,\n"
                                                "quận Hoàn Kiếm\n"));
        coll_free(&m);
        coll_free(&f);
        xfree(bytes);
    }
    buf_free(&b);
}

/* ---- refusals ----------------------------------------------------------- */

static void test_refusals(void **state)
{
    (void)state;
    static const char bad_utf8[] = "\xEF\xBB\xBF" "a,b\nc,\xC3\x28\n";
    expect_refused(bad_utf8, sizeof bad_utf8 - 1, ST_INVALID, "dòng 2");
    static const char nul[] = "a,b\nc,d\0e\n";
    expect_refused(nul, sizeof nul - 1, ST_INVALID, "byte 0 ở dòng 2");
    static const char open_quote[] = "a,b\nc,\"d\ne\n";
    expect_refused(open_quote, sizeof open_quote - 1, ST_INVALID, "mở ở dòng 2");
    /* A PNG is no CSV. */
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    expect_refused(png, sizeof png - 1, ST_INVALID, "không phải văn bản CSV");

    buf_t b;
    buf_init(&b, 1u << 20);
    buf_puts(&b, "a,b\nx,\"");
    for (int i = 0; i < 40000; i++)
        buf_putc(&b, 'y');
    buf_puts(&b, "\"\n");
    expect_refused(b.data, b.len, ST_TOO_LARGE, "Ô B2 dài quá 32.768 byte");
    buf_reset(&b);
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "v,");
    buf_puts(&b, "\n");
    expect_refused(b.data, b.len, ST_TOO_LARGE, "ô IW1");
    buf_reset(&b);
    for (int i = 0; i < 300; i++)
        buf_puts(&b, ",");
    buf_puts(&b, "\n1\n");
    expect_rows(b.data, b.len, "2:1\n"); /* empty cells far out are harmless */
    buf_free(&b);

    static const char rows[] = "h\n1\n2\n3\n";
    table_limits_t lim = {.max_rows = 3};
    expect_refused_lim(rows, sizeof rows - 1, &lim, ST_TOO_LARGE, "tối đa 3 dòng");
    lim = (table_limits_t){.max_total_bytes = 4};
    expect_refused_lim(rows, sizeof rows - 1, &lim, ST_TOO_LARGE, "quá lớn");
    char path[128], why[512];
    tmp_path(path, sizeof path, "rows.csv");
    spit(path, rows, sizeof rows - 1);
    coll_t c;
    assert_int_equal(read_path(&c, path, &lim, why, sizeof why), ST_TOO_LARGE);
    coll_free(&c);
    assert_int_equal(read_path(&c, "/nonexistent/x.csv", NULL, why, sizeof why), ST_NOT_FOUND);
    assert_non_null(strstr(why, "Không mở được"));
    coll_free(&c);
}

static void test_callback_stops(void **state)
{
    (void)state;
    static const char data[] = "a\nb\nc\n";
    coll_t c;
    coll_init(&c);
    c.stop_at = 2;
    char why[64] = "x";
    assert_int_equal(table_read_mem(data, sizeof data - 1, NULL, coll_row, &c, why, sizeof why), ST_CONFLICT);
    assert_string_equal(why, "");
    assert_int_equal(c.rows, 2);
    coll_free(&c);
}

/* ---- writing ------------------------------------------------------------ */

static void test_writer_bytes(void **state)
{
    (void)state;
    buf_t out;
    buf_init(&out, 1u << 20);
    table_writer_t *w;
    char why[256];
    assert_int_equal(table_writer_open_buf(&w, &out, NULL, why, sizeof why), ST_OK);
    const char *head[] = {"Họ và tên", "Ghi chú"};
    assert_int_equal(table_writer_header(w, head, 2), ST_OK);
    const char *r1[] = {"Nguyễn, Văn A", "nói \"có\"\nhai dòng"};
    assert_int_equal(table_writer_row(w, r1, 2), ST_OK);
    const char *r2[] = {"=cmd|' /C calc'!A0", "+84 912", "-1+1", "@SUM(1)", "\tx", NULL, "a-b"};
    assert_int_equal(table_writer_row(w, r2, 7), ST_OK);
    assert_int_equal(table_writer_int(w, -42), ST_OK);
    assert_int_equal(table_writer_date(w, 2025, 7, 1), ST_OK);
    assert_int_equal(table_writer_text(w, ""), ST_OK);
    assert_int_equal(table_writer_end_row(w), ST_OK);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_OK);
    static const char want[] = "\xEF\xBB\xBFHọ và tên,Ghi chú\r\n"
                               "\"Nguyễn, Văn A\",\"nói \"\"có\"\"\nhai dòng\"\r\n"
                               "'=cmd|' /C calc'!A0,'+84 912,'-1+1,'@SUM(1),\"'\tx\",,a-b\r\n"
                               "-42,01/07/2025,\r\n";
    assert_string_equal(buf_str(&out), want);
    /* Read back: the guard is undone, the text is as written. */
    coll_t c;
    char rwhy[256];
    assert_int_equal(read_mem(&c, out.data, out.len, NULL, rwhy, sizeof rwhy), ST_OK);
    assert_string_equal(buf_str(&c.out), "1:Họ và tên|Ghi chú\n2:Nguyễn, Văn A|nói \"có\"\nhai dòng\n"
                                         "3:=cmd|' /C calc'!A0|+84 912|-1+1|@SUM(1)|x||a-b\n"
                                         "4:-42|01/07/2025\n");
    coll_free(&c);
    buf_free(&out);
}

static void test_writer_semicolon_and_file(void **state)
{
    (void)state;
    char path[128], why[256];
    tmp_path(path, sizeof path, "out.csv");
    table_write_opts_t o = {.delimiter = ';'};
    table_writer_t *w;
    assert_int_equal(table_writer_open_file(&w, TABLE_CSV, path, &o, why, sizeof why), ST_OK);
    const char *head[] = {"Mã", "Tên; viết tắt", "Số, thập phân"};
    assert_int_equal(table_writer_header(w, head, 3), ST_OK);
    for (int i = 0; i < 20000; i++) { /* several flushes to the file */
        char id[16];
        snprintf(id, sizeof id, "%05d", i);
        const char *row[] = {id, "Công đoàn Việt Nam", "3,5"};
        assert_int_equal(table_writer_row(w, row, 3), ST_OK);
    }
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_OK);
    size_t len;
    char *data = slurp(path, &len);
    static const char start[] = "\xEF\xBB\xBFMã;\"Tên; viết tắt\";\"Số, thập phân\"\r\n00000;";
    assert_memory_equal(data, start, sizeof start - 1);
    coll_t c;
    assert_int_equal(read_mem(&c, data, len, NULL, why, sizeof why), ST_OK);
    assert_int_equal(c.rows, 20001);
    assert_non_null(strstr(buf_str(&c.out), "1:Mã|Tên; viết tắt|Số, thập phân\n2:00000|Công đoàn Việt Nam|3,5\n"));
    assert_non_null(strstr(buf_str(&c.out), "\n20001:19999|Công đoàn Việt Nam|3,5\n"));
    coll_free(&c);
    xfree(data);
}

static void test_writer_errors(void **state)
{
    (void)state;
    char why[256];
    table_writer_t *w;
    buf_t small;
    buf_init(&small, 40);
    assert_int_equal(table_writer_open_buf(&w, &small, NULL, why, sizeof why), ST_OK);
    const char *row[] = {"một dòng khá dài", "vượt quá giới hạn của bộ đệm"};
    assert_int_equal(table_writer_row(w, row, 2), ST_TOO_LARGE);
    assert_int_equal(table_writer_row(w, row, 1), ST_TOO_LARGE); /* sticky */
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_TOO_LARGE);
    assert_non_null(strstr(why, "dung lượng"));
    buf_free(&small);

    table_write_opts_t pipe = {.delimiter = '|'};
    assert_int_equal(table_writer_open_buf(&w, &small, &pipe, why, sizeof why), ST_INVALID);
    assert_null(w);
    assert_int_equal(table_writer_open_file(&w, TABLE_CSV, "/nonexistent/a.csv", NULL, why, sizeof why),
                     ST_INTERNAL);
    assert_int_equal(table_writer_open_file(&w, (table_format_t)9, "/tmp/x", NULL, why, sizeof why), ST_INVALID);

    buf_t out;
    buf_init(&out, 1024);
    assert_int_equal(table_writer_open_buf(&w, &out, NULL, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_text(w, "\xC0\x80"), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "Ô A1"));
    buf_free(&out);

    /* A row left open by typed calls is finished by close; max_cols holds. */
    table_write_opts_t two = {.max_cols = 2};
    assert_int_equal(table_writer_open_buf(&w, &out, &two, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_text(w, "a"), ST_OK);
    const char *r[] = {"x"};
    assert_int_equal(table_writer_row(w, r, 1), ST_INVALID); /* previous row still open */
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    buf_free(&out);
    assert_int_equal(table_writer_open_buf(&w, &out, &two, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_text(w, "a"), ST_OK);
    assert_int_equal(table_writer_int(w, 1), ST_OK);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_OK);
    assert_string_equal(buf_str(&out), "\xEF\xBB\xBF" "a,1\r\n");
    buf_free(&out);
    assert_int_equal(table_writer_open_buf(&w, &out, &two, why, sizeof why), ST_OK);
    const char *three[] = {"a", "b", "c"};
    assert_int_equal(table_writer_row(w, three, 3), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "tối đa 2"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_with_and_without_bom),
        cmocka_unit_test(test_windows_1258),
        cmocka_unit_test(test_tcvn3),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_quotes_and_line_ends),
        cmocka_unit_test(test_unguard),
        cmocka_unit_test(test_long_first_record),
        cmocka_unit_test(test_file_and_memory_agree),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_writer_bytes),
        cmocka_unit_test(test_writer_semicolon_and_file),
        cmocka_unit_test(test_writer_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
