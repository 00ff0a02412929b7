/* Unit tests for src/export/xlsx_read.c and xlsx_write.c: XLSX files built
 * here (hand-made zips with crafted XML, and files written by our writer
 * over libxlsxwriter) read back row by row. Features: shared strings with
 * rich runs and phonetic runs, empty <si/>, inline strings, missing r
 * attributes, numbers, booleans, dates in both date systems, the first
 * worksheet found through the relationships. Hostile files: DOCTYPE/ENTITY,
 * formulas, merged header cells, zip bombs (declared and lying sizes, a
 * directory of 20 000 entries),
 * huge column counts, too many rows, long cells, non-zip, .xls, .ods.
 * When LibreOffice is installed, it opens what we write and we read what it
 * writes (skipped otherwise). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

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

/* ---- cells -------------------------------------------------------------- */

static void test_shared_strings(void **state)
{
    (void)state;
    /* Index 1 is an empty <si/> that must keep its place; index 2 is rich
     * text in runs with a phonetic run to skip; index 3 has an empty <t/>. */
    const char *sst = SST_HEAD "<si><t>Họ và tên</t></si><si/>"
                               "<si><r><rPr><b/></rPr><t xml:space=\"preserve\">Nguyễn </t></r>"
                               "<r><t>Văn </t></r><rPh sb=\"0\" eb=\"1\"><t>グエン</t></rPh><r><t>Đức</t></r>"
                               "<phoneticPr fontId=\"1\"/></si><si><t/></si><si><t>Cuối</t></si></sst>";
    const char *sheet = SHEET_HEAD "<sheetData>"
                                   "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>4</v></c></row>"
                                   "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>1</v></c>"
                                   "<c r=\"C2\" t=\"s\"><v>3</v></c><c r=\"D2\" t=\"s\"><v>4</v></c></row>"
                                   "</sheetData></worksheet>";
    xlsx_expect(NULL, sheet, sst, NULL, "1:Họ và tên|Cuối\n2:Nguyễn Văn Đức|||Cuối\n");
}

static void test_inline_and_positions(void **state)
{
    (void)state;
    /* Inline strings (plain and rich), cells with no r (the next column),
     * rows with no r (the next row), gaps kept as "", styled empty cells
     * and trailing blanks dropped, a row of blanks skipped but counted. */
    const char *sheet =
        SHEET_HEAD "<sheetData>"
                   "<row><c t=\"inlineStr\"><is><t>Mã</t></is></c><c t=\"inlineStr\"><is><r><t>Tên </t></r>"
                   "<r><rPr><i/></rPr><t>đơn vị</t></r></is></c></row>"
                   "<row><c><v>1</v></c><c t=\"inlineStr\"><is><t>  Công đoàn  </t></is></c><c s=\"0\"/></row>"
                   "<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>x</t></is></c><c><v>2</v></c></row>"
                   "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>   </t></is></c></row>"
                   "<row><c r=\"B6\"><v>3</v></c></row>"
                   "</sheetData></worksheet>";
    xlsx_expect(NULL, sheet, NULL, NULL, "1:Mã|Tên đơn vị\n2:1|Công đoàn\n4:||x|2\n6:|3\n");
}

static void test_values(void **state)
{
    (void)state;
    const char *sheet =
        SHEET_HEAD "<sheetData><row r=\"1\">"
                   "<c r=\"A1\"><v>1.0</v></c><c r=\"B1\"><v>1.23456789012E+11</v></c><c r=\"C1\"><v>0.1</v></c>"
                   "<c r=\"D1\"><v>-2.50</v></c><c r=\"E1\"><v>1E-3</v></c><c r=\"F1\" t=\"b\"><v>1</v></c>"
                   "<c r=\"G1\" t=\"b\"><v>0</v></c><c r=\"H1\" t=\"e\"><v>#N/A</v></c>"
                   "<c r=\"I1\" t=\"d\"><v>2020-05-01T00:00:00</v></c><c r=\"J1\"><v>43831</v></c>"
                   "<c r=\"K1\" t=\"str\"><v>chuỗi</v></c><c r=\"L1\"><v>0</v></c>"
                   "<c r=\"M1\"><v>1.2345678901234567E+25</v></c><c r=\"N1\"><v>-0</v></c>"
                   "<c r=\"O1\"><v>0.1234567890123456789012345678901234567890123456789</v></c>"
                   "<c r=\"P1\"><v>12345678901234567890123456789012345678901234567890</v></c>"
                   "<c r=\"Q1\"><v>007</v></c><c r=\"R1\"><v>1e2</v></c><c r=\"S1\"><v>abc</v></c>"
                   "</row></sheetData></worksheet>";
    xlsx_expect(NULL, sheet, NULL, NULL,
                "1:1|123456789012|0.1|-2.5|0.001|TRUE|FALSE|#N/A|01/05/2020|43831|chuỗi|0|"
                "1.2345678901234567E+25|0|0.123456789012345678901234567890123456789|"
                "12345678901234567890123456789012345678901234567890|7|100|abc\n");
}

static const char STYLES_DATES[] =
    STYLES_HEAD "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
                "<numFmt numFmtId=\"165\" formatCode=\"[$-42A]dd mmmm yyyy;@\"/>"
                "<numFmt numFmtId=\"166\" formatCode=\"#,##0&quot; đ&quot;\"/>"
                "<numFmt numFmtId=\"167\" formatCode=\"[h]:mm\"/></numFmts>"
                "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
                "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"20\"/><xf numFmtId=\"22\"/>"
                "<xf numFmtId=\"49\"/></cellXfs></styleSheet>";

static void test_dates_1900(void **state)
{
    (void)state;
    /* s=1 builtin 14, s=2 and s=3 custom date formats, s=4 money (not a
     * date), s=5 builtin time, s=6 date-time (date part), s=7 text. Excel's
     * 1900 system: 1 = 01/01/1900, 60 = the phantom 29/02/1900, 61 =
     * 01/03/1900, 43831 = 01/01/2020. */
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\">"
                                   "<c r=\"A1\" s=\"1\"><v>43831</v></c><c r=\"B1\" s=\"2\"><v>1</v></c>"
                                   "<c r=\"C1\" s=\"3\"><v>60</v></c><c r=\"D1\" s=\"2\"><v>61</v></c>"
                                   "<c r=\"E1\" s=\"4\"><v>43831</v></c><c r=\"F1\" s=\"5\"><v>0.5</v></c>"
                                   "<c r=\"G1\" s=\"6\"><v>45658.75</v></c><c r=\"H1\" s=\"7\"><v>12</v></c>"
                                   "<c r=\"I1\" s=\"1\"><v>36525.99999999</v></c>"
                                   "<c r=\"J1\" s=\"99\"><v>7</v></c></row></sheetData></worksheet>";
    xlsx_expect(NULL, sheet, NULL, STYLES_DATES,
                "1:01/01/2020|01/01/1900|29/02/1900|01/03/1900|43831|12:00|01/01/2025|12|01/01/2000|7\n");
}

static void test_dates_1904(void **state)
{
    (void)state;
    /* The 1904 system (old Mac Excel): 0 = 01/01/1904; 42369 = 01/01/2020. */
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\">"
                                   "<c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"2\"><v>42369</v></c>"
                                   "</row></sheetData></worksheet>";
    xlsx_expect(WB_XML_1904, sheet, NULL, STYLES_DATES, "1:01/01/1904|01/01/2020\n");
    /* date1904="false" as LibreOffice writes it is the 1900 system. */
    const char *wb_false = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                           "<workbookPr date1904=\"false\"/><sheets><sheet name=\"A\" sheetId=\"1\" r:id=\"rId1\"/>"
                           "</sheets></workbook>";
    const char *sheet2 = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>43831</v></c></row>"
                                    "</sheetData></worksheet>";
    xlsx_expect(wb_false, sheet2, NULL, STYLES_DATES, "1:01/01/2020\n");
}

static void test_first_sheet_by_relationships(void **state)
{
    (void)state;
    /* Tab order puts sheet2.xml (a worksheet, absolute target) first, after a
     * chartsheet; sheet1.xml must not be read. The workbook itself lives at a
     * non-default path named by _rels/.rels. */
    const char *root = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                       "relationships/officeDocument\" Target=\"/book/wb.xml\"/></Relationships>";
    const char *wb = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                     "<sheet name=\"Biểu đồ\" sheetId=\"3\" r:id=\"rId9\"/>"
                     "<sheet name=\"Đầu tiên\" sheetId=\"2\" r:id=\"rId7\"/>"
                     "<sheet name=\"Thứ hai\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const char *rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                       "relationships/worksheet\" Target=\"sheets/sheet1.xml\"/>"
                       "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                       "relationships/chartsheet\" Target=\"charts/c1.xml\"/>"
                       "<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                       "relationships/worksheet\" Target=\"/book/sheets/../sheets/./sheet2.xml\"/>"
                       "</Relationships>";
    const char *s1 = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>sai</t></is></c>"
                                "</row></sheetData></worksheet>";
    const char *s2 = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>đúng</t></is></c>"
                                "</row></sheetData></worksheet>";
    zpart_t parts[] = {
        {.name = "_rels/.rels", .data = root},
        {.name = "book/wb.xml", .data = wb},
        {.name = "book/_rels/wb.xml.rels", .data = rels},
        {.name = "book/sheets/sheet1.xml", .data = s1},
        {.name = "book/sheets/sheet2.xml", .data = s2},
    };
    char path[128];
    tmp_path(path, sizeof path, "rels.xlsx");
    zip_write(path, parts, 5, false);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_OK);
    assert_string_equal(buf_str(&c.out), "1:đúng\n");
    coll_free(&c);
}

static void test_nfc_and_lookalikes(void **state)
{
    (void)state;
    /* NFD input (e + combining marks) comes out NFC; Icelandic Ð becomes Đ;
     * Excel's _xHHHH_ escapes are decoded (a control character then becomes
     * a space; _x005F_ is a literal underscore). */
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\">"
                                   "<c r=\"A1\" t=\"inlineStr\"><is><t>Nguye\xcc\x82\xcc\x83n</t></is></c>"
                                   "<c r=\"B1\" t=\"inlineStr\"><is><t>\xc3\x90\xe1\xbb\xa9\x63</t></is></c>"
                                   "<c r=\"C1\" t=\"inlineStr\"><is><t>a&#9;b_x0001_c_x005F_x0041_</t></is></c>"
                                   "<c r=\"D1\" t=\"s\"><v>0</v></c>"
                                   "</row></sheetData></worksheet>";
    xlsx_expect(NULL, sheet, SST_HEAD "<si><t>dòng 1_x000D_\ndòng 2_x000d__x000D_</t></si></sst>", NULL,
                "1:Nguyễn|Đức|a\tb c_x0041_|dòng 1\ndòng 2\n");
}

/* ---- hostile files ------------------------------------------------------ */

static void test_doctype_refused(void **state)
{
    (void)state;
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
                      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                      "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
                      "</sheetData></worksheet>";
    xlsx_refused(NULL, lol, NULL, NULL, ST_INVALID, "DOCTYPE");
    /* In the shared strings, and an external entity in the workbook. */
    const char *sst = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&x;</t>"
                      "</si></sst>";
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData>"
                                   "</worksheet>";
    xlsx_refused(NULL, sheet, sst, NULL, ST_INVALID, "sharedStrings.xml");
    const char *wb = "<?xml version=\"1.0\"?><!DOCTYPE workbook SYSTEM \"http://example.com/x.dtd\">"
                     "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>";
    xlsx_refused(wb, sheet, NULL, NULL, ST_INVALID, "DOCTYPE");
}

static void test_formula_refused(void **state)
{
    (void)state;
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                   "<row r=\"5\"><c r=\"A5\"><v>1</v></c><c r=\"C5\"><f>SUM(A1:A4)</f><v>1</v></c>"
                                   "</row></sheetData></worksheet>";
    xlsx_refused(NULL, sheet, NULL, NULL, ST_INVALID,
                 "Tệp Excel chứa công thức ở ô C5; hãy dán giá trị (Paste Special → Values) rồi tải lên lại.");
    /* A shared formula (an empty <f/> pointing at a master cell) too. */
    const char *shared = SHEET_HEAD "<sheetData><row r=\"2\"><c r=\"B2\"><f t=\"shared\" si=\"0\"/><v>2</v></c>"
                                    "</row></sheetData></worksheet>";
    xlsx_refused(NULL, shared, NULL, NULL, ST_INVALID, "ô B2");
}

static void test_merged_header_refused(void **state)
{
    (void)state;
    /* The header is the first non-empty row (3 here); a merge over it is
     * refused, a merge lower down is fine. */
    const char *bad = SHEET_HEAD "<sheetData><row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Họ tên</t></is></c>"
                                 "</row><row r=\"4\"><c r=\"A4\"><v>1</v></c></row></sheetData>"
                                 "<mergeCells count=\"2\"><mergeCell ref=\"A7:B7\"/><mergeCell ref=\"A2:C3\"/>"
                                 "</mergeCells></worksheet>";
    xlsx_refused(NULL, bad, NULL, NULL, ST_INVALID, "ô gộp A2:C3");
    xlsx_refused(NULL, bad, NULL, NULL, ST_INVALID, "Unmerge");
    const char *ok = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Họ tên</t></is></c>"
                                "</row></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A5:B6\"/></mergeCells>"
                                "</worksheet>";
    xlsx_expect(NULL, ok, NULL, NULL, "1:Họ tên\n");
}

static void test_zip_bomb_declared(void **state)
{
    (void)state;
    /* 150 MB of zeros in the sheet: the declared size and the ratio give
     * it away before anything is inflated. */
    zpart_t parts[] = {
        {.name = "_rels/.rels", .data = ROOT_RELS},
        {.name = "xl/workbook.xml", .data = WB_XML},
        {.name = "xl/_rels/workbook.xml.rels", .data = WB_RELS},
        {.name = "xl/worksheets/sheet1.xml", .data = NULL, .zeros = 150u << 20, .fill = 0},
    };
    char path[128];
    tmp_path(path, sizeof path, "bomb.xlsx");
    zip_write(path, parts, 4, false);
    size_t len;
    char *data = slurp(path, &len);
    assert_true(len < 1u << 20);
    expect_refused(data, len, ST_TOO_LARGE, "zip bomb");
    /* A lower total limit catches a big entry even at a modest ratio. */
    table_limits_t lim = {.max_total_bytes = 10u << 20, .max_ratio = 100000};
    expect_refused_lim(data, len, &lim, ST_TOO_LARGE, "bom nén");
    xfree(data);
}

static void test_zip_bomb_lying_sizes(void **state)
{
    (void)state;
    /* The sheet is 100 MB of spaces, but its headers claim 4 KB: only
     * counting the inflated bytes catches it. */
    zpart_t parts[] = {
        {.name = "_rels/.rels", .data = ROOT_RELS},
        {.name = "xl/workbook.xml", .data = WB_XML},
        {.name = "xl/_rels/workbook.xml.rels", .data = WB_RELS},
        {.name = "xl/worksheets/sheet1.xml", .data = NULL, .zeros = 100u << 20, .fill = ' '},
    };
    char path[128];
    tmp_path(path, sizeof path, "liar.xlsx");
    zip_write(path, parts, 4, false);
    size_t len;
    char *data = slurp(path, &len);
    zip_patch_size(data, len, "xl/worksheets/sheet1.xml", 4096);
    coll_t c;
    char why[512];
    status_t st = read_mem(&c, data, len, NULL, why, sizeof why);
    assert_int_equal(st, ST_TOO_LARGE);
    assert_int_equal(c.rows, 0);
    assert_non_null(strstr(why, "zip bomb"));
    coll_free(&c);
    xfree(data);
}

static void test_zip_bomb_many_entries(void **state)
{
    (void)state;
    /* 20 000 entries: refused from the zip's end record, before libzip
     * loads a directory that size. */
    char path[128];
    tmp_path(path, sizeof path, "entries.xlsx");
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (int i = 0; i < 20000; i++) {
        char name[32];
        snprintf(name, sizeof name, "x/%d", i);
        zip_source_t *src = zip_source_buffer(za, "", 0, 0);
        assert_true(zip_file_add(za, name, src, 0) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    coll_t c;
    char why[512];
    status_t st = read_path(&c, path, NULL, why, sizeof why);
    if (!strstr(why, "quá nhiều phần"))
        fprintf(stderr, "status %d: %s\n", st, why);
    assert_int_equal(st, ST_TOO_LARGE);
    assert_non_null(strstr(why, "quá nhiều phần"));
    coll_free(&c);
    size_t len;
    char *data = slurp(path, &len);
    expect_refused(data, len, ST_TOO_LARGE, "quá nhiều phần");
    xfree(data);
}

static void test_columns_refused(void **state)
{
    (void)state;
    /* A value in column XFD (16 384) and 300 values in one row, against the
     * default 256 columns; a column past XFD is a broken file. */
    const char *far = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>2</v></c>"
                                 "</row></sheetData></worksheet>";
    xlsx_refused(NULL, far, NULL, NULL, ST_TOO_LARGE, "XFD1");
    buf_t b;
    buf_init(&b, 1u << 20);
    buf_puts(&b, SHEET_HEAD "<sheetData><row r=\"1\">");
    for (int i = 0; i < 300; i++)
        buf_puts(&b, "<c><v>7</v></c>");
    buf_puts(&b, "</row></sheetData></worksheet>");
    xlsx_refused(NULL, buf_str(&b), NULL, NULL, ST_TOO_LARGE, "tối đa 256 cột");
    buf_free(&b);
    const char *beyond = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"XFE1\"><v>2</v></c></row></sheetData>"
                                    "</worksheet>";
    xlsx_refused(NULL, beyond, NULL, NULL, ST_INVALID, "bị hỏng");
    /* Blank cells far out are harmless. */
    const char *blank = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"ZZ1\" s=\"3\"/>"
                                   "<c r=\"XFA1\" t=\"inlineStr\"><is><t> </t></is></c></row></sheetData></worksheet>";
    xlsx_expect(NULL, blank, NULL, NULL, "1:1\n");
}

static void test_rows_and_cells_limits(void **state)
{
    (void)state;
    const char *sheet = SHEET_HEAD "<sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                   "<row><c><v>3</v></c></row><row><c><v>4</v></c></row></sheetData></worksheet>";
    size_t len;
    char *data = xlsx_bytes(NULL, sheet, NULL, NULL, &len);
    table_limits_t lim = {.max_rows = 3};
    expect_refused_lim(data, len, &lim, ST_TOO_LARGE, "dòng 4");
    xfree(data);
    /* A 40 KB cell against the 32 KiB default, inline and shared. */
    buf_t b;
    buf_init(&b, 1u << 20);
    buf_puts(&b, SHEET_HEAD "<sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>");
    for (int i = 0; i < 40000; i++)
        buf_putc(&b, 'x');
    buf_puts(&b, "</t></is></c></row></sheetData></worksheet>");
    xlsx_refused(NULL, buf_str(&b), NULL, NULL, ST_TOO_LARGE, "Ô B2 dài quá 32.768 byte");
    buf_reset(&b);
    buf_puts(&b, SST_HEAD "<si><t>");
    for (int i = 0; i < 40000; i++)
        buf_putc(&b, 'y');
    buf_puts(&b, "</t></si></sst>");
    xlsx_refused(NULL, sheet, buf_str(&b), NULL, ST_TOO_LARGE, "dài quá");
    buf_free(&b);
}

static void test_broken_files(void **state)
{
    (void)state;
    static const char cfb[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and more of an old .xls";
    expect_refused(cfb, sizeof cfb - 1, ST_INVALID, ".xls");
    static const char junk[] = "PK\x03\x04 this is no zip at all";
    expect_refused(junk, sizeof junk - 1, ST_INVALID, "bị hỏng");
    /* A good file cut in half. */
    const char *sheet = SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>";
    size_t len;
    char *data = xlsx_bytes(NULL, sheet, NULL, NULL, &len);
    expect_refused(data, len / 2, ST_INVALID, "bị hỏng");
    xfree(data);
    /* Malformed XML, a missing sheet part, an out-of-range shared string. */
    xlsx_refused(NULL, SHEET_HEAD "<sheetData><row></sheetData>", NULL, NULL, ST_INVALID, "không phải XML");
    xlsx_refused(NULL, SHEET_HEAD "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData>"
                                  "</worksheet>",
                 SST_HEAD "<si><t>a</t></si></sst>", NULL, ST_INVALID, "chuỗi văn bản");
    xlsx_refused(NULL, SHEET_HEAD "<sheetData><row r=\"0\"/></sheetData></worksheet>", NULL, NULL, ST_INVALID,
                 "bị hỏng");
    /* An OpenDocument spreadsheet and a zip of something else. */
    zpart_t ods[] = {{.name = "mimetype", .data = "application/vnd.oasis.opendocument.spreadsheet"},
                     {.name = "content.xml", .data = "<office:document-content/>"}};
    char path[128];
    tmp_path(path, sizeof path, "x.ods");
    zip_write(path, ods, 2, true);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, ".ods"));
    coll_free(&c);
    zpart_t other[] = {{.name = "readme.txt", .data = "xin chào"}};
    zip_write(path, other, 1, false);
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "không phải bảng tính Excel"));
    coll_free(&c);
}

static void test_callback_stops(void **state)
{
    (void)state;
    const char *sheet = SHEET_HEAD "<sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></row>"
                                   "<row><c><v>3</v></c></row></sheetData></worksheet>";
    size_t len;
    char *data = xlsx_bytes(NULL, sheet, NULL, NULL, &len);
    coll_t c;
    coll_init(&c);
    c.stop_at = 2;
    char why[64] = "x";
    assert_int_equal(table_read_mem(data, len, NULL, coll_row, &c, why, sizeof why), ST_CONFLICT);
    assert_string_equal(why, "");
    assert_int_equal(c.rows, 2);
    coll_free(&c);
    xfree(data);
}

/* ---- writing, and reading what we wrote --------------------------------- */

static void write_people(const char *path, size_t extra_rows)
{
    table_writer_t *w;
    char why[256];
    table_write_opts_t o = {.sheet_name = "Đoàn viên [Hà Nội]: 2025/2026 – danh sách rất dài", .created = 1735689600};
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, &o, why, sizeof why), ST_OK);
    const char *head[] = {"Họ và tên", "Số CCCD", "Điện thoại", "Ngày sinh", "Điểm", "Ghi chú"};
    assert_int_equal(table_writer_header(w, head, 6), ST_OK);
    const char *r1[] = {"Nguyễn Văn Đức", "001204006789", "0912345678", NULL, NULL, "=HYPERLINK(\"x\")"};
    assert_int_equal(table_writer_row(w, r1, 6), ST_OK);
    assert_int_equal(table_writer_text(w, "Trần Thị Ánh Tuyết"), ST_OK);
    assert_int_equal(table_writer_text(w, "079190000001"), ST_OK);
    assert_int_equal(table_writer_text(w, "+84 24 3825 1234"), ST_OK);
    assert_int_equal(table_writer_date(w, 1990, 5, 1), ST_OK);
    assert_int_equal(table_writer_int(w, 3625), ST_OK);
    assert_int_equal(table_writer_text(w, "dòng 1\ndòng 2"), ST_OK);
    assert_int_equal(table_writer_end_row(w), ST_OK);
    for (size_t i = 0; i < extra_rows; i++) {
        char id[32];
        snprintf(id, sizeof id, "%012zu", i);
        const char *row[] = {"Lê Văn Bình", id};
        assert_int_equal(table_writer_row(w, row, 2), ST_OK);
    }
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_OK);
    assert_string_equal(why, "");
}

static const char PEOPLE_ROWS[] =
    "1:Họ và tên|Số CCCD|Điện thoại|Ngày sinh|Điểm|Ghi chú\n"
    "2:Nguyễn Văn Đức|001204006789|0912345678|||=HYPERLINK(\"x\")\n"
    "3:Trần Thị Ánh Tuyết|079190000001|+84 24 3825 1234|01/05/1990|3625|dòng 1\ndòng 2\n";

static void test_round_trip(void **state)
{
    (void)state;
    char path[128];
    tmp_path(path, sizeof path, "people.xlsx");
    write_people(path, 0);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_OK);
    assert_string_equal(buf_str(&c.out), PEOPLE_ROWS);
    coll_free(&c);
    /* The sheet name was made safe; the header is frozen and bold. */
    int err = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(za);
    zip_file_t *f = zip_fopen(za, "xl/workbook.xml", 0);
    assert_non_null(f);
    char wb[4096] = {0};
    assert_true(zip_fread(f, wb, sizeof wb - 1) > 0);
    zip_fclose(f);
    assert_non_null(strstr(wb, "name=\"Đoàn viên -Hà Nội-- 2025-2026 –\""));
    f = zip_fopen(za, "xl/worksheets/sheet1.xml", 0);
    assert_non_null(f);
    char ws[4096] = {0};
    assert_true(zip_fread(f, ws, sizeof ws - 1) > 0);
    zip_fclose(f);
    assert_non_null(strstr(ws, "state=\"frozen\""));
    assert_non_null(strstr(ws, "<cols>"));
    zip_discard(za);
}

static void test_round_trip_many_rows(void **state)
{
    (void)state;
    /* 50 000 rows written in constant memory and read back streaming. */
    char path[128];
    tmp_path(path, sizeof path, "many.xlsx");
    write_people(path, 50000);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(c.rows, 50003);
    assert_non_null(strstr(buf_str(&c.out), "\n50003:Lê Văn Bình|000000049999\n"));
    coll_free(&c);
}

static void test_writer_errors(void **state)
{
    (void)state;
    char path[128], why[256];
    tmp_path(path, sizeof path, "err.xlsx");
    table_writer_t *w;
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, "/nonexistent/dir/x.xlsx", NULL, why, sizeof why),
                     ST_INTERNAL);
    assert_null(w);
    assert_non_null(strstr(why, "Không tạo được"));
    /* Bad UTF-8, a too-big integer, a bad date: sticky, reported by close,
     * and the file is removed. */
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_int(w, (int64_t)1 << 54), ST_INVALID);
    assert_int_equal(table_writer_text(w, "ok"), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "quá lớn"));
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_text(w, "a\xff"), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "UTF-8"));
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why), ST_OK);
    assert_int_equal(table_writer_date(w, 2023, 2, 29), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_non_null(strstr(why, "29/02/2023"));
    /* A cell over Excel's 32 767 characters. */
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why), ST_OK);
    char *big = xmalloc(40001);
    memset(big, 'a', 40000);
    big[40000] = '\0';
    assert_int_equal(table_writer_text(w, big), ST_TOO_LARGE);
    xfree(big);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_TOO_LARGE);
    assert_non_null(strstr(why, "32.767"));
    /* A header after a row. */
    assert_int_equal(table_writer_open_file(&w, TABLE_XLSX, path, NULL, why, sizeof why), ST_OK);
    const char *one[] = {"x"};
    assert_int_equal(table_writer_row(w, one, 1), ST_OK);
    assert_int_equal(table_writer_header(w, one, 1), ST_INVALID);
    assert_int_equal(table_writer_close(w, why, sizeof why), ST_INVALID);
    assert_int_equal(table_writer_close(NULL, why, sizeof why), ST_OK);
}

static void test_reproducible(void **state)
{
    (void)state;
    /* With a fixed creation date the bytes repeat (DESIGN.md §1). */
    char a[128], b[128];
    tmp_path(a, sizeof a, "rep1.xlsx");
    tmp_path(b, sizeof b, "rep2.xlsx");
    write_people(a, 10);
    write_people(b, 10);
    size_t la, lb;
    char *da = slurp(a, &la), *db = slurp(b, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    xfree(da);
    xfree(db);
}

/* ---- LibreOffice -------------------------------------------------------- */

static bool have_soffice(void)
{
    return access("/usr/bin/soffice", X_OK) == 0 || access("/usr/local/bin/soffice", X_OK) == 0;
}

/* soffice --convert-to TARGET (with a private profile so parallel runs
 * never share one); the output lands in the temporary directory. */
static void soffice(const char *target, const char *infilter, const char *input)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && HOME='%s' timeout 180 soffice -env:UserInstallation=file://%s/profile --headless "
             "--norestore %s%s%s --convert-to '%s' --outdir '%s' '%s' >'%s/soffice.log' 2>&1",
             tmp_dir(), tmp_dir(), tmp_dir(), infilter ? "--infilter='" : "", infilter ? infilter : "",
             infilter ? "'" : "", target, tmp_dir(), input, tmp_dir());
    int rc = system(cmd);
    if (rc != 0) {
        snprintf(cmd, sizeof cmd, "cat '%s/soffice.log' >&2", tmp_dir());
        if (system(cmd) != 0)
            fprintf(stderr, "no soffice log\n");
    }
    assert_int_equal(rc, 0);
}

static void test_libreoffice_opens_ours(void **state)
{
    (void)state;
    if (!have_soffice())
        skip();
    char path[128], csv[128];
    tmp_path(path, sizeof path, "lo_in.xlsx");
    tmp_path(csv, sizeof csv, "lo_in.csv");
    write_people(path, 0);
    /* CSV: comma, double quote, UTF-8 (76), first line 1. */
    soffice("csv:Text - txt - csv (StarCalc):44,34,76,1", NULL, path);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, csv, NULL, why, sizeof why), ST_OK);
    /* LibreOffice shows 3625 with the "#,##0" format of its locale. */
    const char *got = buf_str(&c.out);
    fprintf(stderr, "LibreOffice read our XLSX as:\n%s", got);
    assert_non_null(strstr(got, "1:Họ và tên|Số CCCD|Điện thoại|Ngày sinh|Điểm|Ghi chú\n"));
    assert_non_null(strstr(got, "2:Nguyễn Văn Đức|001204006789|0912345678|||=HYPERLINK(\"x\")\n"));
    assert_non_null(strstr(got, "3:Trần Thị Ánh Tuyết|079190000001|+84 24 3825 1234|01/05/1990|3"));
    assert_non_null(strstr(got, "625|dòng 1\ndòng 2\n"));
    coll_free(&c);
}

static void test_we_read_libreoffice(void **state)
{
    (void)state;
    if (!have_soffice())
        skip();
    /* A UTF-8 CSV with a text column, a number, an ISO date (LibreOffice
     * makes it a date cell with its own date format) and a decimal. */
    char csv[128], xlsx[128];
    tmp_path(csv, sizeof csv, "lo_out.csv");
    tmp_path(xlsx, sizeof xlsx, "lo_out.xlsx");
    static const char body[] = "Họ và tên,Số,Ngày,Tỉ lệ\n"
                               "Nguyễn Văn Đức,3625,1990-05-01,0.25\n"
                               "\"Phạm, Thị Hoa\",-7,2020-02-29,1.5\n";
    spit(csv, body, sizeof body - 1);
    soffice("xlsx:Calc MS Excel 2007 XML", "CSV:44,34,76,1", csv);
    coll_t c;
    char why[512];
    assert_int_equal(read_path(&c, xlsx, NULL, why, sizeof why), ST_OK);
    assert_string_equal(buf_str(&c.out), "1:Họ và tên|Số|Ngày|Tỉ lệ\n"
                                         "2:Nguyễn Văn Đức|3625|01/05/1990|0.25\n"
                                         "3:Phạm, Thị Hoa|-7|29/02/2020|1.5\n");
    coll_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_strings),
        cmocka_unit_test(test_inline_and_positions),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_dates_1900),
        cmocka_unit_test(test_dates_1904),
        cmocka_unit_test(test_first_sheet_by_relationships),
        cmocka_unit_test(test_nfc_and_lookalikes),
        cmocka_unit_test(test_doctype_refused),
        cmocka_unit_test(test_formula_refused),
        cmocka_unit_test(test_merged_header_refused),
        cmocka_unit_test(test_zip_bomb_declared),
        cmocka_unit_test(test_zip_bomb_lying_sizes),
        cmocka_unit_test(test_zip_bomb_many_entries),
        cmocka_unit_test(test_columns_refused),
        cmocka_unit_test(test_rows_and_cells_limits),
        cmocka_unit_test(test_broken_files),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_many_rows),
        cmocka_unit_test(test_writer_errors),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_libreoffice_opens_ours),
        cmocka_unit_test(test_we_read_libreoffice),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
