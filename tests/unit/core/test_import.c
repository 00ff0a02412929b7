/* Unit tests for importing and exporting (src/core/import.c, src/core/export.c
 * and the file face src/export/transfer.c) on SQLite and, with TDKT_TEST_PG,
 * on PostgreSQL: an XLSX with errors writes nothing and reports every row;
 * the corrected file writes everything; importing it again changes nothing
 * and audits nothing; each hostile file is refused through the import path
 * with nothing written; an officer of one district can neither import into
 * nor export from another; exports come in official order under Vietnamese
 * headers and import back unchanged; CSV with BOM and in Windows-1258; units
 * with parents in the file; updates, transfers and the duplicate warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/import.h"
#include "core/person_bulk.h"
#include "core/person.h"
#include "core/search.h"
#include "core/unit.h"
#include "export/transfer.h"
#include "lib/json.h"
#include "fixture.h"
#include "../export/fixture.h"

#define PW "mat-khau-rat-dai"

/* The city (every unit exists since 01/01/2000):
 *   HN  Liên đoàn Lao động thành phố Hà Nội
 *   ├─ BD   LĐLĐ quận Ba Đình
 *   │  ├─ BD.PX   Công đoàn cơ sở phường Phúc Xá
 *   │  └─ BD.NTT  Công đoàn Trường THCS Nguyễn Tri Phương
 *   └─ HBT  LĐLĐ quận Hai Bà Trưng
 *      └─ HBT.BV  Công đoàn Bệnh viện Thanh Nhàn
 * with officers canbo.bd (on BD) and canbo.hbt (on HBT). */
typedef struct {
    int64_t hn, bd, px, ntt, hbt, bv;
    int64_t bd_officer, hbt_officer;
} city_t;

static int64_t unit_at(fx_t *f, int64_t parent, const char *code, const char *name)
{
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = parent, .code = code, .name = name, .valid_from = "2000-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = unit_create_spec(&c, &sp, &id, &why);
    if (s != ST_OK)
        print_error("unit_create_spec(%s): %d %s\n", code, s, why ? why : "");
    assert_int_equal(s, ST_OK);
    return id;
}

static city_t make_city(fx_t *f)
{
    city_t t;
    t.hn = unit_at(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    t.bd = unit_at(f, t.hn, "BD", "LĐLĐ quận Ba Đình");
    t.px = unit_at(f, t.bd, "BD.PX", "Công đoàn cơ sở phường Phúc Xá");
    t.ntt = unit_at(f, t.bd, "BD.NTT", "Công đoàn Trường THCS Nguyễn Tri Phương");
    t.hbt = unit_at(f, t.hn, "HBT", "LĐLĐ quận Hai Bà Trưng");
    t.bv = unit_at(f, t.hbt, "HBT.BV", "Công đoàn Bệnh viện Thanh Nhàn");
    t.bd_officer = fx_user(f, "canbo.bd", PW);
    fx_grant(f, t.bd_officer, t.bd, "officer");
    t.hbt_officer = fx_user(f, "canbo.hbt", PW);
    fx_grant(f, t.hbt_officer, t.hbt, "officer");
    return t;
}

/* ---- files ---------------------------------------------------------------------- */

/* Writes ROWS ("a|b|c" lines separated by \n, the first the header) as FMT
 * at PATH with the table writer; "" cells are empty. */
static void write_table(const char *path, table_format_t fmt, const char *rows)
{
    table_writer_t *w;
    char why[512];
    table_write_opts_t o = {.created = 1700000000};
    assert_int_equal(table_writer_open_file(&w, fmt, path, &o, why, sizeof why), ST_OK);
    bool header = true;
    const char *p = rows;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char line[2048];
        assert_true(len < sizeof line);
        memcpy(line, p, len);
        line[len] = '\0';
        const char *cells[32];
        size_t n = 0;
        for (char *c = line;; ) {
            char *bar = strchr(c, '|');
            if (bar)
                *bar = '\0';
            cells[n++] = c;
            if (!bar)
                break;
            c = bar + 1;
        }
        if (header)
            assert_int_equal(table_writer_header(w, cells, n), ST_OK);
        else
            assert_int_equal(table_writer_row(w, cells, n), ST_OK);
        header = false;
        p += len + (eol ? 1 : 0);
    }
    status_t s = table_writer_close(w, why, sizeof why);
    if (s != ST_OK)
        print_error("close: %s\n", why);
    assert_int_equal(s, ST_OK);
}

static const char *file_at(const char *name)
{
    static char path[8][128];
    static int k;
    k = (k + 1) % 8;
    return tmp_path(path[k], sizeof path[k], name);
}

/* ---- running ---------------------------------------------------------------------- */

typedef struct {
    import_kind_t kind;
    bool commit, force;
    int64_t unit;
    const table_limits_t *lim;
} run_t;

static status_t run(ctx_t *c, const char *path, run_t r, import_report_t *rep)
{
    import_opts_t o = {.kind = r.kind ? r.kind : IMPORT_PEOPLE, .commit = r.commit, .force = r.force,
                       .unit_id = r.unit, .source = "tep.xlsx"};
    return transfer_import(c, path, &o, r.lim, rep);
}

/* Asserts a problem on ROW whose message holds NEEDLE (and of LEVEL). */
static void expect_problem(const import_report_t *rep, int64_t row, import_level_t level, const char *needle)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        if (rep->problems[i].row == row && rep->problems[i].level == level && strstr(rep->problems[i].message, needle))
            return;
    print_error("no problem on row %lld with «%s»; the report:\n", (long long)row, needle);
    for (size_t i = 0; i < rep->n_problems; i++)
        print_error("  %lld %d %s: %s\n", (long long)rep->problems[i].row, rep->problems[i].level,
                    rep->problems[i].column ? rep->problems[i].column : "-", rep->problems[i].message);
    fail();
}

static void dump(const import_report_t *rep)
{
    for (size_t i = 0; i < rep->n_problems; i++)
        print_error("  %lld %d %s: %s\n", (long long)rep->problems[i].row, rep->problems[i].level,
                    rep->problems[i].column ? rep->problems[i].column : "-", rep->problems[i].message);
}

static int64_t n_persons(fx_t *f) { return fx_int(f, "SELECT COUNT(*) FROM persons", 0); }
static int64_t n_memberships(fx_t *f) { return fx_int(f, "SELECT COUNT(*) FROM memberships", 0); }
static int64_t n_audit(fx_t *f) { return fx_int(f, "SELECT COUNT(*) FROM audit_log", 0); }
static int64_t n_units(fx_t *f) { return fx_int(f, "SELECT COUNT(*) FROM units", 0); }

static const char *text_of(fx_t *f, const char *sql, const char *param)
{
    const char *out = NULL;
    status_t s = db_get_text(f->db, f->arena, &out, sql, "t", param);
    if (s != ST_OK)
        print_error("query(%s): %d %s\n", sql, s, db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return out ? out : "(null)";
}

/* A person created directly (asserting success). */
static int64_t add_person(fx_t *f, const char *name, const char *birth, const char *cccd, int64_t unit)
{
    ctx_t c = fx_system(f);
    person_fields_t pf = {.full_name = name, .birth_date = birth, .cccd = cccd};
    person_membership_in_t m = {.unit_id = unit, .from_date = "2015-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = person_create(&c, &pf, &m, true, &id, &why);
    if (s != ST_OK)
        print_error("person_create: %d %s\n", s, why ? why : "");
    assert_int_equal(s, ST_OK);
    return id;
}

/* ---- the XLSX round: errors, then corrected, then again ---------------------------------- */

#define PEOPLE_HEAD "STT|HỌ VÀ TÊN|Giới tính|Ngày sinh (dd/mm/yyyy)|Số CCCD|Điện thoại|Mã đơn vị|Chức vụ|Từ ngày|Lao động trực tiếp\n"

static const char BAD_XLSX[] = PEOPLE_HEAD
    "1|Nguyễn Văn An|Nam|02/03/1985|001085012345|0912345678|BD.PX|Tổ trưởng|01/01/2020|x\n"    /* 2: fine */
    "2||Nữ|1990||||||\n"                                                                         /* 3: no name */
    "3|Trần Thị Bình|Nữ|31/02/1990|001190000001||BD.PX|||\n"                                     /* 4: bad date */
    "4|Lê Văn Cường|Nam|1980|12345||BD.PX|||\n"                                                  /* 5: bad CCCD */
    "5|Phạm Văn Dũng|Nam|1981|001081000002||BD.XX|||\n"                                          /* 6: unknown unit */
    "6|Hoàng Thị Em|Nữ|1992|001192000003||HBT.BV|||\n"                                           /* 7: out of scope */
    "7|Vũ Văn Phong|Nam|1983|001085012345||BD.NTT|||\n"                                          /* 8: dup in file */
    "8|Đỗ Thị Giang|Nữ|12/12/1979|||BD.NTT|||\n"                                                 /* 9: dup in db */
    "9|Ngô Văn Hải|Nam|1975|001075000004||BD.PX||hôm qua|\n";                                    /* 10: bad from */

static const char GOOD_XLSX[] = PEOPLE_HEAD
    "1|Nguyễn Văn An|Nam|02/03/1985|001085012345|0912345678|BD.PX|Tổ trưởng|01/01/2020|x\n"
    "2|Bùi Thị Lan|Nữ|1990||||||\n"
    "3|Trần Thị Bình|Nữ|28/02/1990|001190000001||BD.PX|||\n"
    "4|Lê Văn Cường|Nam|1980|1080000005|912345679|BD.PX|||\n"
    "5|Phạm Văn Dũng|Nam|1981|001081000002||BD.NTT|||\n"
    "6|Vũ Văn Phong|Nam|1983|001083000006||BD.NTT|Giáo viên|05/09/2020|\n"
    "7|Ngô Văn Hải|Nam|1975|001075000004||BD.PX||01/06/2021|\n";

static void test_xlsx_errors_then_corrected_then_again(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    add_person(f, "Đỗ Thị Giang", "1979-12-12", NULL, t.px);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *bad = file_at("bad.xlsx"), *good = file_at("good.xlsx");
    write_table(bad, TABLE_XLSX, BAD_XLSX);
    write_table(good, TABLE_XLSX, GOOD_XLSX);
    int64_t persons = n_persons(f), members = n_memberships(f), audits = n_audit(f);

    /* A dry run and the real thing report the same, and write nothing. */
    for (int commit = 0; commit <= 1; commit++) {
        import_report_t rep;
        assert_int_equal(run(&c, bad, (run_t){.commit = commit, .unit = t.bd}, &rep), ST_OK);
        assert_false(rep.written);
        assert_int_equal(rep.rows, 9);
        expect_problem(&rep, 3, IMPORT_ERROR, "Thiếu họ và tên");
        expect_problem(&rep, 4, IMPORT_ERROR, "Ngày sinh «31/02/1990» không hợp lệ");
        expect_problem(&rep, 5, IMPORT_ERROR, "Số CCCD «12345» không hợp lệ");
        expect_problem(&rep, 6, IMPORT_ERROR, "Không tìm thấy đơn vị có mã «BD.XX» trong phạm vi quản lý của bạn.");
        /* Out of scope reads exactly like a code that does not exist. */
        expect_problem(&rep, 7, IMPORT_ERROR, "Không tìm thấy đơn vị có mã «HBT.BV» trong phạm vi quản lý của bạn.");
        expect_problem(&rep, 8, IMPORT_ERROR, "Trùng số CCCD 001085012345 với dòng 2");
        expect_problem(&rep, 9, IMPORT_DUPLICATE, "Nghi trùng với hồ sơ đã có: Đỗ Thị Giang, sinh 12/12/1979");
        expect_problem(&rep, 10, IMPORT_ERROR, "«hôm qua» không phải một ngày hợp lệ");
        assert_int_equal(rep.errors, 7);
        assert_int_equal(rep.duplicates, 1);
        for (size_t i = 0; i < rep.n_problems; i++)
            assert_null(strstr(rep.problems[i].message, "Thanh Nhàn")); /* nothing of the other district */
        assert_int_equal(n_persons(f), persons);
        assert_int_equal(n_memberships(f), members);
        assert_int_equal(n_audit(f), audits);
    }

    /* Corrected: everything is written, in one go. */
    import_report_t rep;
    assert_int_equal(run(&c, good, (run_t){.commit = true, .unit = t.bd}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_int_equal(rep.errors, 0);
    assert_int_equal(rep.created, 7);
    assert_int_equal(n_persons(f), persons + 7);
    assert_int_equal(n_memberships(f), members + 7);
    expect_problem(&rep, 5, IMPORT_NOTE, "đã đọc là 001080000005"); /* Excel dropped the zero */
    expect_problem(&rep, 5, IMPORT_NOTE, "đã đọc là 0912345679");
    assert_string_equal(text_of(f, "SELECT p.full_name FROM persons p JOIN memberships m ON m.person_id = p.id"
                                   " JOIN units u ON u.id = m.unit_id WHERE u.code = ?1 AND p.cccd IS NULL",
                                "BD"),
                        "Bùi Thị Lan"); /* no unit code: the unit imported into */
    assert_string_equal(text_of(f, "SELECT from_date FROM memberships m JOIN persons p ON p.id = m.person_id"
                                   " WHERE p.cccd = ?1", "001083000006"), "2020-09-05");
    assert_string_equal(text_of(f, "SELECT phone FROM persons WHERE cccd = ?1", "001080000005"), "0912345679");
    assert_int_equal(fx_int(f, "SELECT direct_worker FROM memberships m JOIN persons p ON p.id = m.person_id"
                               " WHERE p.cccd = '001085012345'", 0), 1);
    /* Audited: every person created is in an audit entry of its unit, and the import itself. */
    int64_t after_first = n_audit(f);
    assert_true(after_first > audits);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'import'", 0), 1);
    const char *entry = text_of(f, "SELECT after_json FROM audit_log WHERE action = 'import_create' AND unit_id ="
                                   " (SELECT id FROM units WHERE code = ?1)", "BD.NTT");
    assert_non_null(strstr(entry, "Vũ Văn Phong"));
    assert_non_null(strstr(entry, "Phạm Văn Dũng"));
    /* The names are searchable and ordered like everyone else's. */
    assert_string_equal(text_of(f, "SELECT name_fold FROM persons WHERE cccd = ?1", "001085012345"), "nguyen van an");
    assert_string_equal(text_of(f, "SELECT name_pairs FROM persons WHERE cccd = ?1", "001085012345"),
                        "nguyen_van van_an");

    /* Again: nothing changes, nothing is audited. */
    assert_int_equal(run(&c, good, (run_t){.commit = true, .unit = t.bd}, &rep), ST_OK);
    assert_int_equal(rep.errors, 0);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.updated, 0);
    assert_int_equal(rep.unchanged, 7);
    assert_int_equal(n_persons(f), persons + 7);
    assert_int_equal(n_memberships(f), members + 7);
    assert_int_equal(n_audit(f), after_first);
    audit_report_t ar;
    assert_int_equal(audit_verify(f->db, &ar), ST_OK);
}

/* ---- hostile files ------------------------------------------------------------------------ */

static const char WB_SHEET_OK_ROWS[] =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>Mã đơn vị</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Nguyễn Văn An</t></is></c>"
    "<c r=\"B2\" t=\"inlineStr\"><is><t>BD.PX</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Trần Văn Bình</t></is></c>"
    "<c r=\"B3\" t=\"inlineStr\"><is><t>BD.PX</t></is></c></row>";

/* Imports PATH for real as the system and asserts it was refused with
 * NEEDLE, and that nothing at all was written. */
static void expect_refused_file(fx_t *f, const char *path, const table_limits_t *lim, const char *needle)
{
    ctx_t c = fx_system(f);
    int64_t persons = n_persons(f), audits = n_audit(f);
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true, .lim = lim}, &rep), ST_OK);
    assert_true(rep.refused);
    assert_false(rep.written);
    assert_true(rep.errors >= 1);
    expect_problem(&rep, 0, IMPORT_ERROR, needle);
    assert_int_equal(n_persons(f), persons);
    assert_int_equal(n_audit(f), audits);
    assert_non_null(strstr(transfer_summary(f->arena, &rep, false), "Tệp bị từ chối"));
}

static void test_hostile_files_refused(void **state)
{
    fx_t *f = fx(state);
    make_city(f);
    char path[128];
    /* The rows themselves are sound: the same sheet without the hostile
     * part is imported. */
    tmp_path(path, sizeof path, "ok.xlsx");
    {
        char sheet[4096];
        snprintf(sheet, sizeof sheet, SHEET_HEAD "<sheetData>%s</sheetData></worksheet>", WB_SHEET_OK_ROWS);
        xlsx_make(path, NULL, sheet, NULL, NULL, false);
        ctx_t c = fx_system(f);
        import_report_t rep;
        assert_int_equal(run(&c, path, (run_t){.commit = false}, &rep), ST_OK);
        if (rep.errors)
            dump(&rep);
        assert_int_equal(rep.errors, 0);
        assert_int_equal(rep.created, 2);
    }

    /* Zip bomb: 150 MB of zeros declared in a small file. */
    zpart_t bomb[] = {
        {.name = "_rels/.rels", .data = ROOT_RELS},
        {.name = "xl/workbook.xml", .data = WB_XML},
        {.name = "xl/_rels/workbook.xml.rels", .data = WB_RELS},
        {.name = "xl/worksheets/sheet1.xml", .data = NULL, .zeros = 150u << 20, .fill = 0},
    };
    tmp_path(path, sizeof path, "bomb.xlsx");
    zip_write(path, bomb, 4, false);
    expect_refused_file(f, path, NULL, "bom");

    /* DOCTYPE with entities. */
    tmp_path(path, sizeof path, "doctype.xlsx");
    xlsx_make(path, NULL,
              "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">]>"
              "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&a;</t></is></c></row></sheetData></worksheet>",
              NULL, NULL, false);
    expect_refused_file(f, path, NULL, "DOCTYPE");

    /* A formula after rows that were fine: they were seen, and rolled back. */
    tmp_path(path, sizeof path, "formula.xlsx");
    {
        char sheet[4096];
        snprintf(sheet, sizeof sheet, SHEET_HEAD "<sheetData>%s<row r=\"9\"><c r=\"A9\"><f>1+1</f><v>2</v></c></row>"
                                                 "</sheetData></worksheet>", WB_SHEET_OK_ROWS);
        xlsx_make(path, NULL, sheet, NULL, NULL, false);
    }
    expect_refused_file(f, path, NULL, "công thức ở ô A9");

    /* Merged cells over the header row (told after the rows). */
    tmp_path(path, sizeof path, "merged.xlsx");
    {
        char sheet[4096];
        snprintf(sheet, sizeof sheet, SHEET_HEAD "<sheetData>%s</sheetData><mergeCells count=\"1\">"
                                                 "<mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
                 WB_SHEET_OK_ROWS);
        xlsx_make(path, NULL, sheet, NULL, NULL, false);
    }
    expect_refused_file(f, path, NULL, "ô gộp A1:B1");

    /* A huge sheet: more rows than allowed (a small limit stands for the
     * default 2 000 000), and a value far beyond the last column allowed. */
    tmp_path(path, sizeof path, "rows.xlsx");
    {
        char sheet[4096];
        snprintf(sheet, sizeof sheet, SHEET_HEAD "<sheetData>%s</sheetData></worksheet>", WB_SHEET_OK_ROWS);
        xlsx_make(path, NULL, sheet, NULL, NULL, false);
    }
    table_limits_t lim = {.max_rows = 2};
    expect_refused_file(f, path, &lim, "dòng");
    tmp_path(path, sizeof path, "cols.xlsx");
    {
        char sheet[4096];
        snprintf(sheet, sizeof sheet, SHEET_HEAD "<sheetData>%s<row r=\"4\"><c r=\"XFD4\"><v>1</v></c></row>"
                                                 "</sheetData></worksheet>", WB_SHEET_OK_ROWS);
        xlsx_make(path, NULL, sheet, NULL, NULL, false);
    }
    expect_refused_file(f, path, NULL, "cột");

    /* Not a spreadsheet at all (an OLE .xls), and no file. */
    tmp_path(path, sizeof path, "old.xls");
    spit(path, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" "0000000000000000", 24);
    expect_refused_file(f, path, NULL, ".xlsx");
    expect_refused_file(f, "/nonexistent/tep.xlsx", NULL, "Không mở được tệp");
}

/* ---- scope ----------------------------------------------------------------------------------- */

static void test_other_district_cannot_import_or_export(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    add_person(f, "Nguyễn Văn An", "1985", "001085012345", t.px);
    ctx_t hbt = fx_as(f, t.hbt_officer);
    const char *file = file_at("px.csv");
    write_table(file, TABLE_CSV, "Họ và tên|Ngày sinh|Số CCCD|Mã đơn vị\n"
                                 "Trần Văn Bình|1990|001090000001|BD.PX\n"
                                 "Nguyễn Văn An|1985|001085012345|HBT.BV\n");
    int64_t persons = n_persons(f), audits = n_audit(f);
    import_report_t rep;
    /* Into a unit of the other district: refused before anything is read. */
    assert_int_equal(run(&hbt, file, (run_t){.commit = true, .unit = t.px}, &rep), ST_FORBIDDEN);
    /* Rows naming it: the same words as for a code that does not exist. */
    assert_int_equal(run(&hbt, file, (run_t){.commit = true}, &rep), ST_OK);
    assert_false(rep.written);
    expect_problem(&rep, 2, IMPORT_ERROR, "Không tìm thấy đơn vị có mã «BD.PX» trong phạm vi quản lý của bạn.");
    /* A CCCD held in the other district: no name, no unit. */
    expect_problem(&rep, 3, IMPORT_ERROR, "ngoài phạm vi quản lý của bạn");
    for (size_t i = 0; i < rep.n_problems; i++) {
        assert_null(strstr(rep.problems[i].message, "Nguyễn Văn An"));
        assert_null(strstr(rep.problems[i].message, "Phúc Xá"));
    }
    assert_int_equal(n_persons(f), persons);
    assert_int_equal(n_audit(f), audits);

    /* Exports: nothing of the other district, not even a file. */
    const char *out = file_at("x.csv");
    remove(out);
    int64_t rows = 0;
    char why[256];
    assert_int_equal(transfer_export(&hbt, TRANSFER_PEOPLE, t.px, NULL, true, TABLE_CSV, out, NULL, NULL, &rows, why,
                                     sizeof why), ST_FORBIDDEN);
    assert_int_equal(transfer_export(&hbt, TRANSFER_UNITS, t.bd, NULL, true, TABLE_XLSX, out, NULL, NULL, &rows, why,
                                     sizeof why), ST_FORBIDDEN);
    FILE *probe = fopen(out, "rb");
    assert_null(probe);
    /* Its whole scope: its own units only. */
    assert_int_equal(transfer_export(&hbt, TRANSFER_UNITS, 0, NULL, true, TABLE_CSV, out, NULL, NULL, &rows, why,
                                     sizeof why), ST_OK);
    assert_int_equal(rows, 2);
    size_t len;
    char *csv = slurp(out, &len);
    assert_non_null(strstr(csv, "HBT.BV"));
    assert_null(strstr(csv, "BD.PX"));
    assert_null(strstr(csv, "Ba Đình"));
    xfree(csv);
    assert_int_equal(transfer_export(&hbt, TRANSFER_PEOPLE, 0, NULL, true, TABLE_CSV, out, NULL, NULL, &rows, why,
                                     sizeof why), ST_OK);
    assert_int_equal(rows, 0);
    /* And the job helpers refuse the same way. */
    int64_t job = 0;
    assert_int_equal(transfer_submit_export(&hbt, TRANSFER_PEOPLE, t.bd, NULL, true, "xlsx", &job), ST_FORBIDDEN);
    assert_int_equal(transfer_submit_import(&hbt, TRANSFER_PEOPLE, t.bd, true, false, file, "px.csv", &job),
                     ST_FORBIDDEN);
}

/* ---- exports ------------------------------------------------------------------------------------ */

typedef struct {
    char rows[64][512];
    size_t n;
} lines_t;

static status_t keep_line(void *ud, size_t row_no, const char *const *cells, size_t n)
{
    (void)row_no;
    lines_t *l = ud;
    if (l->n == 64)
        return ST_OK;
    buf_t b;
    buf_init(&b, 512);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "|" : "", cells[i]);
    snprintf(l->rows[l->n++], sizeof l->rows[0], "%s", buf_str(&b));
    buf_free(&b);
    return ST_OK;
}

static void test_export_order_headers_and_round_trip(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    /* Official order: by given name, a ă â, d đ, then the rest. */
    add_person(f, "Trần Văn Đức", "1985-03-02", "001085012345", t.px);
    add_person(f, "Nguyễn Thị Ánh", "1990", NULL, t.ntt);
    add_person(f, "Lê Văn An", "1978", NULL, t.px);
    add_person(f, "Phạm Thị Ân", NULL, NULL, t.ntt);
    add_person(f, "Đỗ Đức Anh", "1988", NULL, t.px);
    add_person(f, "Hoàng Minh Dũng", "1980", NULL, t.bv);
    ctx_t bd = fx_as(f, t.bd_officer);
    for (int fmt = TABLE_CSV; fmt <= TABLE_XLSX; fmt++) {
        const char *out = file_at(fmt == TABLE_CSV ? "people.csv" : "people.xlsx");
        int64_t rows = 0;
        char why[256];
        assert_int_equal(transfer_export(&bd, TRANSFER_PEOPLE, t.bd, NULL, true, (table_format_t)fmt, out, NULL,
                                         NULL, &rows, why, sizeof why), ST_OK);
        assert_int_equal(rows, 5);
        lines_t l = {.n = 0};
        assert_int_equal(table_read_file(out, NULL, keep_line, &l, why, sizeof why), ST_OK);
        assert_int_equal(l.n, 6);
        assert_string_equal(l.rows[0], "STT|Họ và tên|Giới tính|Ngày sinh|Số CCCD|Điện thoại|Email|Mã đơn vị|"
                                       "Tên đơn vị|Chức vụ|Từ ngày|Ngày vào công đoàn|Lao động trực tiếp|Cán bộ quản lý");
        const char *want[] = {"Lê Văn An", "Đỗ Đức Anh", "Nguyễn Thị Ánh", "Phạm Thị Ân", "Trần Văn Đức"};
        for (int i = 0; i < 5; i++) {
            char prefix[64];
            snprintf(prefix, sizeof prefix, "%d|%s|", i + 1, want[i]);
            if (strncmp(l.rows[i + 1], prefix, strlen(prefix)) != 0)
                print_error("row %d: %s\n", i + 1, l.rows[i + 1]);
            assert_int_equal(strncmp(l.rows[i + 1], prefix, strlen(prefix)), 0);
        }
        assert_non_null(strstr(l.rows[5], "|02/03/1985|001085012345||"));
        if (!strstr(l.rows[5], "|BD.PX|Công đoàn cơ sở phường Phúc Xá||01/01/2015"))
            print_error("row 5: %s\n", l.rows[5]);
        assert_non_null(strstr(l.rows[5], "|BD.PX|Công đoàn cơ sở phường Phúc Xá||01/01/2015"));
        /* Exported, then imported back: nothing changes. */
        int64_t audits = n_audit(f);
        import_report_t rep;
        assert_int_equal(run(&bd, out, (run_t){.commit = true}, &rep), ST_OK);
        if (rep.errors || rep.unchanged != 5)
            dump(&rep);
        assert_int_equal(rep.errors, 0);
        assert_int_equal(rep.unchanged, 5);
        assert_int_equal(rep.created + rep.updated, 0);
        assert_int_equal(n_audit(f), audits);
    }
    /* As of a date before anyone joined: an empty list with its header. */
    int64_t rows = -1;
    char why[256];
    const char *out = file_at("early.csv");
    assert_int_equal(transfer_export(&bd, TRANSFER_PEOPLE, t.bd, "2010-01-01", true, TABLE_CSV, out, NULL, NULL,
                                     &rows, why, sizeof why), ST_OK);
    assert_int_equal(rows, 0);
    /* Units: the tree order, parents before children, with their parents' codes. */
    out = file_at("units.csv");
    ctx_t sys = fx_system(f);
    assert_int_equal(transfer_export(&sys, TRANSFER_UNITS, t.hn, NULL, true, TABLE_CSV, out, NULL, NULL, &rows, why,
                                     sizeof why), ST_OK);
    assert_int_equal(rows, 6);
    lines_t l = {.n = 0};
    assert_int_equal(table_read_file(out, NULL, keep_line, &l, why, sizeof why), ST_OK);
    assert_string_equal(l.rows[0], "STT|Mã đơn vị|Tên đơn vị|Tên viết tắt|Mã đơn vị cấp trên|Loại đơn vị|Khu vực|"
                                   "Địa chỉ|Ngày thành lập");
    const char *tree[] = {"1|HN|", "2|BD|LĐLĐ quận Ba Đình||HN|",
                          "3|BD.PX|", /* "Công đoàn cơ sở …" before "Công đoàn Trường …" */
                          "4|BD.NTT|", "5|HBT|", "6|HBT.BV|"};
    for (int i = 0; i < 6; i++) {
        if (strncmp(l.rows[i + 1], tree[i], strlen(tree[i])) != 0)
            print_error("unit row %d: %s\n", i + 1, l.rows[i + 1]);
        assert_int_equal(strncmp(l.rows[i + 1], tree[i], strlen(tree[i])), 0);
    }
    assert_non_null(strstr(l.rows[6], "|HBT.BV|Công đoàn Bệnh viện Thanh Nhàn||HBT|||"));
    /* Imported back: every unit is there already, nothing changes. */
    int64_t units = n_units(f);
    import_report_t rep;
    assert_int_equal(run(&sys, out, (run_t){.kind = IMPORT_UNITS, .commit = true}, &rep), ST_OK);
    if (rep.errors || rep.notes)
        dump(&rep);
    assert_int_equal(rep.unchanged, 6);
    assert_int_equal(rep.notes, 0);
    assert_int_equal(n_units(f), units);
}

/* ---- encodings ----------------------------------------------------------------------------------- */

static void test_csv_bom_and_windows_1258(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    /* UTF-8 with a BOM, ';' as Excel writes it with Vietnamese settings,
     * decomposed marks (NFD) and headers in any case and spacing. */
    const char *bom = file_at("bom.csv");
    static const char utf8[] = "\xef\xbb\xbf" "HO  TEN ;NGÀY SINH;mã đơn vị\r\n"
                               "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Lan;01/02/1991;BD.PX\r\n";
    spit(bom, utf8, sizeof utf8 - 1);
    import_report_t rep;
    assert_int_equal(run(&c, bom, (run_t){.commit = true}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_string_equal(text_of(f, "SELECT full_name FROM persons WHERE birth_date = ?1", "1991-02-01"),
                        "Nguyễn Thị Lan");
    /* Windows-1258: base letters with combining tone marks (0xCC grave,
     * 0xDE tilde, 0xEC acute, 0xF2 dot below), Đ 0xD0, ư 0xFD. */
    const char *cp = file_at("cp1258.csv");
    static const char win[] = "H\x6f\xf2 va\xcc t\xean,Nga\xccy sinh,M\x61\xde \xf0\xf5n vi\xf2\r\n"
                              "Nguy\xea\xden V\xe3n \xd0\xfd\xec" "c,1985,BD.NTT\r\n";
    spit(cp, win, sizeof win - 1);
    assert_int_equal(run(&c, cp, (run_t){.commit = true}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_string_equal(text_of(f, "SELECT full_name FROM persons WHERE birth_date = ?1", "1985"), "Nguyễn Văn Đức");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons p JOIN memberships m ON m.person_id = p.id"
                               " WHERE m.unit_id = ?1", t.ntt), 1);
}

/* ---- people: updates, transfers, duplicates -------------------------------------------------------- */

static void test_updates_transfers_and_duplicates(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t an = add_person(f, "Nguyễn Văn An", "1985-03-02", "001085012345", t.px);
    add_person(f, "Lê Văn Bình", "1978", NULL, t.px);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *file = file_at("upd.csv");
    /* A new phone, and a move to another union of the district. */
    write_table(file, TABLE_CSV, "Họ và tên|Số CCCD|Điện thoại|Mã đơn vị|Chức vụ|Từ ngày\n"
                                 "Nguyễn Văn An|001085012345|0987 654 321|BD.NTT|Bảo vệ|01/09/2024\n");
    int64_t audits = n_audit(f);
    import_report_t rep;
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_int_equal(rep.updated, 1);
    assert_string_equal(text_of(f, "SELECT phone FROM persons WHERE cccd = ?1", "001085012345"), "0987 654 321");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE person_id = ?1", an), 2);
    assert_int_equal(fx_int(f, "SELECT unit_id FROM memberships WHERE person_id = ?1 AND to_date IS NULL", an), t.ntt);
    /* update, end_membership, add_membership and the import itself */
    assert_int_equal(n_audit(f), audits + 4);
    /* Again: no change. */
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    assert_int_equal(rep.unchanged, 1);
    assert_int_equal(n_audit(f), audits + 4);
    /* Without a start date a move is refused (saying how to do it). */
    write_table(file, TABLE_CSV, "Họ và tên|Số CCCD|Mã đơn vị\nNguyễn Văn An|001085012345|BD.PX\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    expect_problem(&rep, 2, IMPORT_ERROR, "hãy ghi «Từ ngày»");
    assert_false(rep.written);

    /* No CCCD: the same name, birth year and unit is the same person … */
    write_table(file, TABLE_CSV, "Họ và tên|Năm sinh|Mã đơn vị|Cán bộ quản lý\nLê Văn Bình|1978|BD.PX|x\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(n_persons(f), 2);
    /* … and a CCCD given later completes that record. */
    write_table(file, TABLE_CSV, "Họ và tên|Năm sinh|Mã đơn vị|CCCD\nLê Văn Bình|1978|BD.PX|001078000009\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    assert_int_equal(rep.updated, 1);
    assert_int_equal(n_persons(f), 2);
    assert_string_equal(text_of(f, "SELECT cccd FROM persons WHERE full_name = ?1", "Lê Văn Bình"), "001078000009");
    /* In another union: a probable duplicate that blocks, unless forced. */
    write_table(file, TABLE_CSV, "Họ và tên|Năm sinh|Mã đơn vị\nLê Văn Bình|1978|BD.NTT\n");
    add_person(f, "Trần Thị Cúc", "1990-01-01", NULL, t.px);
    write_table(file, TABLE_CSV, "Họ và tên|Ngày sinh|Mã đơn vị\nTrần Thị Cúc|01/01/1990|BD.NTT\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    expect_problem(&rep, 2, IMPORT_DUPLICATE, "Nghi trùng với hồ sơ đã có: Trần Thị Cúc, sinh 01/01/1990");
    assert_false(rep.written);
    assert_int_equal(n_persons(f), 3);
    assert_int_equal(run(&c, file, (run_t){.commit = true, .force = true}, &rep), ST_OK);
    assert_true(rep.written);
    assert_int_equal(rep.created, 1);
    assert_int_equal(n_persons(f), 4);

    /* A dissolved unit, a bad flag, a header twice. */
    write_table(file, TABLE_CSV, "Họ và tên|Mã đơn vị|Lao động trực tiếp\nĐinh Văn Tú|BD.PX|có lẽ\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true}, &rep), ST_OK);
    expect_problem(&rep, 2, IMPORT_ERROR, "«có lẽ» không hợp lệ");
    write_table(file, TABLE_CSV, "Họ và tên|Họ tên\nA|B\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true, .unit = t.px}, &rep), ST_OK);
    expect_problem(&rep, 1, IMPORT_ERROR, "trùng với cột");
    write_table(file, TABLE_CSV, "Tên|Tuổi\nA|30\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true, .unit = t.px}, &rep), ST_OK);
    expect_problem(&rep, 1, IMPORT_ERROR, "Không thấy dòng tiêu đề");
    write_table(file, TABLE_CSV, "Họ và tên\n");
    assert_int_equal(run(&c, file, (run_t){.commit = true, .unit = t.px}, &rep), ST_OK);
    expect_problem(&rep, 0, IMPORT_ERROR, "Không có dòng dữ liệu");
}

/* ---- units ----------------------------------------------------------------------------------------- */

static void test_units_import(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *file = file_at("units.xlsx");
    /* A child before its parent, kinds by name or code, sectors by code or
     * name, the unit imported into as the default parent. */
    write_table(file, TABLE_XLSX,
                "Mã đơn vị|Tên đơn vị|Mã đơn vị cấp trên|Loại đơn vị|Khu vực, loại hình|Ngày thành lập|Địa chỉ\n"
                "BD.X.T1|Tổ công đoàn Kế toán|BD.X|Tổ công đoàn|HCSN|01/01/2021|\n"
                "BD.X|Công đoàn Công ty Xây dựng Số 1||CDCS|Doanh nghiệp nhà nước|05/05/2020|12 Liễu Giai\n"
                "BD.PX|Công đoàn cơ sở phường Phúc Xá|BD|||||\n");
    int64_t units = n_units(f);
    import_report_t rep;
    assert_int_equal(run(&c, file, (run_t){.kind = IMPORT_UNITS, .commit = true, .unit = t.bd}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_int_equal(rep.created, 2);
    assert_int_equal(rep.unchanged, 1);
    assert_int_equal(n_units(f), units + 2);
    assert_string_equal(text_of(f, "SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = ?1",
                                "BD.X.T1"), "BD.X");
    assert_string_equal(text_of(f, "SELECT p.code FROM units u JOIN units p ON p.id = u.parent_id WHERE u.code = ?1",
                                "BD.X"), "BD");
    assert_string_equal(text_of(f, "SELECT kind || ' ' || sector || ' ' || valid_from FROM units WHERE code = ?1",
                                "BD.X"), "CDCS DNNN 2020-05-05");
    assert_string_equal(text_of(f, "SELECT kind FROM units WHERE code = ?1", "BD.X.T1"), "TO_CD");
    /* Again: nothing new. */
    int64_t audits = n_audit(f);
    assert_int_equal(run(&c, file, (run_t){.kind = IMPORT_UNITS, .commit = true, .unit = t.bd}, &rep), ST_OK);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.unchanged, 3);
    assert_int_equal(n_audit(f), audits);

    /* Problems: a bad code, a parent out of reach, a loop, a taken code, a
     * known unit with another name (noted, left alone). */
    write_table(file, TABLE_CSV,
                "Mã đơn vị|Tên đơn vị|Mã đơn vị cấp trên|Loại đơn vị\n"
                "BD X|Tên|BD||\n"
                "BD.Y|Công đoàn Y|HBT||\n"
                "BD.L1|Vòng 1|BD.L2||\n"
                "BD.L2|Vòng 2|BD.L1||\n"
                "HBT.BV|Bệnh viện mới|BD||\n"
                "BD.NTT|Trường Nguyễn Tri Phương|||\n"
                "BD.Z|Công đoàn Z||Hội đồng||\n");
    units = n_units(f);
    assert_int_equal(run(&c, file, (run_t){.kind = IMPORT_UNITS, .commit = true, .unit = t.bd}, &rep), ST_OK);
    expect_problem(&rep, 2, IMPORT_ERROR, "Mã đơn vị «BD X» không hợp lệ");
    expect_problem(&rep, 3, IMPORT_ERROR, "Không tìm thấy đơn vị có mã «HBT» trong phạm vi quản lý của bạn.");
    expect_problem(&rep, 4, IMPORT_ERROR, "vòng lặp");
    expect_problem(&rep, 5, IMPORT_ERROR, "vòng lặp");
    expect_problem(&rep, 6, IMPORT_ERROR, "Mã đơn vị HBT.BV đã được dùng cho một đơn vị khác.");
    expect_problem(&rep, 7, IMPORT_NOTE, "nhập tệp không sửa đơn vị đã có");
    expect_problem(&rep, 8, IMPORT_ERROR, "Loại đơn vị «Hội đồng» không có trong danh mục");
    assert_false(rep.written);
    assert_int_equal(n_units(f), units);
}

/* ---- the _in_tx additions to person.h ------------------------------------------------------------------ */

static void test_person_in_tx(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t id = add_person(f, "Nguyễn Văn An", "1985", "001085012345", t.px);
    ctx_t c = fx_as(f, t.bd_officer);
    person_fields_t pf = {.full_name = "Nguyễn Văn Ân", .birth_date = "1985"};
    person_membership_in_t m = {.unit_id = t.ntt, .from_date = "2024-01-01"};
    const char *why = NULL;
    /* Outside a transaction: a broken invariant, nothing written. */
    assert_int_equal(person_update_in_tx(&c, id, &pf, &why), ST_INTERNAL);
    assert_int_equal(person_add_membership_in_tx(&c, id, &m, NULL, &why), ST_INTERNAL);
    /* Inside: written with their audit entries, and gone with a rollback. */
    int64_t audits = n_audit(f);
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(person_update_in_tx(&c, id, &pf, &why), ST_OK);
    int64_t mid = 0;
    assert_int_equal(person_add_membership_in_tx(&c, id, &m, &mid, &why), ST_OK);
    assert_true(mid > 0);
    m.position = "Bảo vệ";
    assert_int_equal(person_update_membership_in_tx(&c, mid, &m, &why), ST_OK);
    assert_int_equal(n_audit(f), audits + 4);
    db_rollback(f->db);
    assert_int_equal(n_audit(f), audits);
    assert_string_equal(text_of(f, "SELECT full_name FROM persons WHERE cccd = ?1", "001085012345"), "Nguyễn Văn An");
    /* Refusals keep their reasons; the other district may not write. */
    ctx_t hbt = fx_as(f, t.hbt_officer);
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(person_update_in_tx(&hbt, id, &pf, &why), ST_FORBIDDEN);
    assert_non_null(why);
    pf.full_name = "";
    assert_int_equal(person_update_in_tx(&c, id, &pf, &why), ST_INVALID);
    db_rollback(f->db);
}

/* ---- many people at once: the bulk path ---------------------------------------------------- */

#define BULK_PEOPLE 600 /* more than two batches of new people */

static const char *const bulk_family[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"};
static const char *const bulk_middle[] = {"Văn", "Thị", "Hữu", "Ngọc", "Xuân", "Thu", "Minh", "Quang", "Kim", "Đức"};
static const char *const bulk_given[] = {"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Lan", "Mai", "Sơn", "Vy"};

/* Name I of the bulk file: every one different. */
static void bulk_name(int i, char *out, size_t cap)
{
    snprintf(out, cap, "%s %s %s", bulk_family[i / 100], bulk_middle[i / 10 % 10], bulk_given[i % 10]);
}

static const char *write_bulk_csv(void)
{
    const char *path = file_at("bulk.csv");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("Họ và tên,Ngày sinh,Số CCCD,Mã đơn vị\n", fp);
    for (int i = 0; i < BULK_PEOPLE; i++) {
        char name[64];
        bulk_name(i, name, sizeof name);
        fprintf(fp, "%s,%d,001090%06d,%s\n", name, 1970 + i % 30, i, i % 2 ? "BD.PX" : "BD.NTT");
    }
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* Asserts that QUERY finds one person, named NAME. */
static void expect_found(ctx_t *c, const char *query, const char *name)
{
    search_hit_t *hits;
    size_t n;
    assert_int_equal(search_people(c, query, 0, 10, &hits, &n, NULL), ST_OK);
    if (n != 1 || strcmp(hits[0].name, name) != 0)
        print_error("«%s»: %zu hits, first «%s», expected «%s»\n", query, n, n ? hits[0].name : "", name);
    assert_int_equal(n, 1);
    assert_string_equal(hits[0].name, name);
}

/* The people of every import_create entry, checked row by row against
 * "columns"; returns how many. */
static int64_t audited_people(fx_t *f)
{
    db_stmt_t *st;
    assert_int_equal(db_prepare(f->db, "SELECT after_json FROM audit_log WHERE action = 'import_create'", &st), ST_OK);
    int64_t people = 0;
    while (db_step(st) == DB_ROW) {
        json_error_t err;
        json_t *j = json_loads(db_col_text(st, 0), 0, &err);
        assert_non_null(j);
        json_t *cols = json_object_get(j, "columns"), *rows = json_object_get(j, "people");
        assert_int_equal(json_array_size(cols), 16);
        assert_string_equal(json_string_value(json_array_get(cols, 2)), "full_name");
        assert_string_equal(jget_str(j, "source"), "tep.xlsx");
        for (size_t i = 0; i < json_array_size(rows); i++) {
            json_t *r = json_array_get(rows, i);
            assert_int_equal(json_array_size(r), 16);
            const char *name = NULL;
            assert_int_equal(db_get_text(f->db, f->arena, &name, "SELECT full_name FROM persons WHERE id = ?1", "i",
                                         (int64_t)json_integer_value(json_array_get(r, 0))),
                             ST_OK);
            assert_string_equal(json_string_value(json_array_get(r, 2)), name);
            /* … and the membership audited is the one written for them. */
            int64_t one = 0;
            assert_int_equal(db_get_int(f->db, &one,
                                        "SELECT COUNT(*) FROM memberships WHERE id = ?1 AND person_id = ?2"
                                        " AND unit_id = ?3 AND to_date IS NULL",
                                        "iii", (int64_t)json_integer_value(json_array_get(r, 9)),
                                        (int64_t)json_integer_value(json_array_get(r, 0)),
                                        (int64_t)json_integer_value(json_array_get(r, 10))),
                             ST_OK);
            assert_int_equal(one, 1);
            people++;
        }
        json_decref(j);
    }
    db_finalize(st);
    return people;
}

/* The SQL of every index and trigger on persons and memberships (SQLite). */
static const char *schema_of_people(fx_t *f)
{
    const char *sql = NULL;
    assert_int_equal(db_get_text(f->db, f->arena, &sql,
                                 "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT name, sql FROM"
                                 " sqlite_schema WHERE tbl_name IN ('persons', 'memberships') AND type IN ('index',"
                                 " 'trigger') AND sql IS NOT NULL ORDER BY name)",
                                 ""),
                     ST_OK);
    return sql;
}

/* PRAGMA integrity_check passes: every index holds every row (SQLite). */
static void expect_intact(fx_t *f)
{
    const char *ok = NULL;
    assert_int_equal(db_get_text(f->db, f->arena, &ok, "PRAGMA integrity_check", ""), ST_OK);
    assert_string_equal(ok, "ok");
}

static void test_bulk_import(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    const char *path = write_bulk_csv();
    int64_t persons = n_persons(f), audits = n_audit(f);
    bool lite = db_kind(f->db) == DB_SQLITE;
    const char *trigger = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'persons_fts_insert'";
    int64_t cache = lite ? fx_int(f, "PRAGMA cache_size", 0) : 0;
    const char *schema = lite ? schema_of_people(f) : NULL;
    /* The dry run goes the whole way and leaves nothing, the schema included. */
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){0}, &rep), ST_OK);
    assert_int_equal(rep.created, BULK_PEOPLE);
    assert_false(rep.written);
    assert_int_equal(n_persons(f), persons);
    assert_int_equal(n_audit(f), audits);
    if (lite) {
        assert_int_equal(fx_int(f, trigger, 0), 1);
        assert_string_equal(schema_of_people(f), schema);
    }
    /* The import writes them all, each found by search, first batch to last. */
    assert_int_equal(run(&c, path, (run_t){.commit = true}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_int_equal(rep.created, BULK_PEOPLE);
    assert_int_equal(n_persons(f), persons + BULK_PEOPLE);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE to_date IS NULL", 0), persons + BULK_PEOPLE);
    expect_found(&c, "nguyen van an", "Nguyễn Văn An");
    expect_found(&c, "le ngoc giang", "Lê Ngọc Giang");
    expect_found(&c, "DO DUC VY", "Đỗ Đức Vy");
    expect_found(&c, "hoang kim s", "Hoàng Kim Sơn");
    if (lite) {
        assert_int_equal(fx_int(f, trigger, 0), 1);
        fx_exec(f, "INSERT INTO persons_fts (persons_fts, rank) VALUES ('integrity-check', 1)");
        assert_int_equal(fx_int(f, "PRAGMA cache_size", 0), cache); /* the bulk cache given back */
        /* The listing indexes, dropped for the run, are back and hold everyone. */
        assert_string_equal(schema_of_people(f), schema);
        expect_intact(f);
    }
    /* Whoever is added next is indexed as always. */
    add_person(f, "Phan Thị Yến", "1991", NULL, t.px);
    expect_found(&c, "phan thi yen", "Phan Thị Yến");
    /* Every person is in the audit, every field under its column. */
    assert_int_equal(audited_people(f), BULK_PEOPLE);
    audit_report_t ar;
    assert_int_equal(audit_verify(f->db, &ar), ST_OK);
}

/* Into a database without people the import looks nobody up, and twice in
 * the file is still caught, by CCCD and by name, birth and unit. */
static void test_first_import_finds_twice_in_file(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *path = file_at("first.xlsx");
    write_table(path, TABLE_XLSX,
                PEOPLE_HEAD "1|Nguyễn Văn An|Nam|02/03/1985|001085012345||BD.PX|||\n"
                            "2|Trần Văn Bảo|Nam|1986|001085012345||BD.PX|||\n"
                            "3|Lê Thị Cúc|Nữ|04/05/1990|||BD.NTT|||\n"
                            "4|Lê Thị Cúc|Nữ|04/05/1990|||BD.NTT|||\n"
                            "5|Nguyễn Văn An|Nam|02/03/1985|||BD.PX|||\n"
                            "6|Phạm Thị Dung|Nữ|1991|001191000001||BD.PX|||\n");
    assert_int_equal(n_persons(f), 0);
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true, .unit = t.bd}, &rep), ST_OK);
    assert_false(rep.written);
    expect_problem(&rep, 3, IMPORT_ERROR, "Trùng số CCCD 001085012345 với dòng 2");
    expect_problem(&rep, 5, IMPORT_ERROR, "Trùng họ tên, ngày sinh và đơn vị với dòng 4");
    expect_problem(&rep, 6, IMPORT_ERROR, "Trùng họ tên, ngày sinh và đơn vị với dòng 2");
    assert_int_equal(rep.errors, 3);
    assert_int_equal(n_persons(f), 0);
}

/* Cells are written as they were read, whatever they hold: quotes, a
 * backslash, braces and commas in a name and a position (PostgreSQL writes
 * new people and memberships from array literals), the word NULL as text,
 * and an empty cell as NULL. */
static void test_import_keeps_cells_as_written(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *path = file_at("odd.xlsx");
    write_table(path, TABLE_XLSX,
                PEOPLE_HEAD "1|Nguyễn Văn \"An\" \\ {x}|Nam|1985|||BD.PX|Tổ trưởng \"A\" \\ {x}, y|01/01/2020|\n"
                            "2|Trần Văn Bảo|Nam|1986||0912345678|BD.PX|NULL||\n");
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true, .unit = t.bd}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    const char *pos = NULL;
    assert_int_equal(db_get_text(f->db, f->arena, &pos,
                                 "SELECT m.position FROM memberships m JOIN persons p ON p.id = m.person_id"
                                 " WHERE p.full_name = ?1 AND p.phone IS NULL AND p.cccd IS NULL",
                                 "t", "Nguyễn Văn \"An\" \\ {x}"),
                     ST_OK);
    assert_string_equal(pos, "Tổ trưởng \"A\" \\ {x}, y");
    assert_int_equal(db_get_text(f->db, f->arena, &pos,
                                 "SELECT m.position FROM memberships m JOIN persons p ON p.id = m.person_id"
                                 " WHERE p.full_name = ?1 AND p.phone = '0912345678' AND m.position IS NOT NULL",
                                 "t", "Trần Văn Bảo"),
                     ST_OK);
    assert_string_equal(pos, "NULL");
}

/* How many of the three listing indexes exist. */
static int64_t n_lists(fx_t *f)
{
    return fx_int(f,
                  f->pg ? "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN"
                          " ('persons_order_live', 'memberships_unit_people', 'memberships_current_order')"
                        : "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name IN"
                          " ('persons_order_live', 'memberships_unit_people', 'memberships_current_order')",
                  0);
}

/* The listing indexes are dropped only once the people created reach the
 * rows the tables held, built again by person_bulk_finish, and a rollback
 * brings them back; PostgreSQL keeps them throughout. */
static void test_bulk_lists_wait_for_volume(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    add_person(f, "Nguyễn Văn An", "1980", NULL, t.px);
    add_person(f, "Trần Thị Bình", "1985", NULL, t.bv);
    int64_t held = fx_int(f, "SELECT MAX(id) FROM memberships", 0);
    assert_true(held >= 2);
    const char *schema = f->pg ? NULL : schema_of_people(f);
    person_bulk_t b;
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(person_bulk_begin(f->db, &b, 100), ST_OK);
    assert_int_equal(person_bulk_progress(&b, held - 1), ST_OK);
    assert_int_equal(n_lists(f), 3);
    assert_int_equal(person_bulk_progress(&b, held), ST_OK);
    assert_int_equal(n_lists(f), f->pg ? 3 : 0);
    assert_int_equal(person_bulk_finish(&b), ST_OK);
    assert_int_equal(n_lists(f), 3);
    if (!f->pg)
        assert_string_equal(schema_of_people(f), schema);
    assert_int_equal(db_commit(f->db), ST_OK);
    person_bulk_free(&b);
    if (!f->pg)
        expect_intact(f);
    /* Dropped, then rolled back. */
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(person_bulk_begin(f->db, &b, 100), ST_OK);
    assert_int_equal(person_bulk_progress(&b, held), ST_OK);
    db_rollback(f->db);
    person_bulk_free(&b);
    assert_int_equal(n_lists(f), 3);
    if (!f->pg)
        assert_string_equal(schema_of_people(f), schema);
}

/* A file over many units (a city's list): the run keeps what it learnt of
 * each unit while earlier rows wait to be written, and each person is
 * written into the unit of their row, then found again by a re-import. */
static void test_many_units_in_one_file(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    enum { UNITS = 150 };
    buf_t b;
    buf_init(&b, 1 << 16);
    buf_puts(&b, PEOPLE_HEAD);
    for (int i = 0; i < UNITS; i++) {
        char code[16], name[64];
        snprintf(code, sizeof code, "BD.U%03d", i);
        snprintf(name, sizeof name, "Công đoàn Công ty số %d", i);
        unit_at(f, t.bd, code, name);
        buf_printf(&b, "%d|Nguyễn Văn An|Nam|1980|001080000%03d||%s|||\n", i + 1, i, code);
    }
    const char *path = file_at("many-units.csv");
    write_table(path, TABLE_CSV, buf_str(&b));
    buf_free(&b);
    ctx_t c = fx_as(f, t.bd_officer);
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true}, &rep), ST_OK);
    assert_true(rep.written);
    assert_int_equal(rep.created, UNITS);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships m JOIN persons p ON p.id = m.person_id"
                               " JOIN units u ON u.id = m.unit_id WHERE substr(p.cccd, 10) = substr(u.code, 5)", 0),
                     UNITS);
    int64_t audits = n_audit(f);
    assert_int_equal(run(&c, path, (run_t){.commit = true}, &rep), ST_OK);
    assert_int_equal(rep.unchanged, UNITS);
    assert_int_equal(rep.created + rep.updated, 0);
    assert_int_equal(n_audit(f), audits);
    assert_int_equal(n_persons(f), UNITS);
}

/* Rows of one batch wait for their lookups together, yet each sees what the
 * rows before it did: a row matched by name gives a person a phone and a
 * position, a later row with their CCCD corrects the name and keeps both;
 * a row renaming a person makes a later one with that name a probable
 * duplicate. */
static void test_later_rows_see_earlier_changes(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t an = add_person(f, "Nguyễn Văn An", "1980", "001080000001", t.px);
    ctx_t c = fx_as(f, t.bd_officer);
    const char *path = file_at("batch.csv");
    write_table(path, TABLE_CSV,
                PEOPLE_HEAD "1|Nguyễn Văn An|Nam|1980||0912345678|BD.PX|Tổ trưởng||\n"
                            "2|Nguyễn Văn Ân|Nam|1980|001080000001||BD.PX|||\n"
                            "3|Trần Thị Bình|Nữ|1990|001190000002||BD.NTT|||\n");
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true}, &rep), ST_OK);
    if (!rep.written)
        dump(&rep);
    assert_true(rep.written);
    assert_int_equal(rep.updated, 2);
    assert_int_equal(rep.created, 1);
    assert_string_equal(text_of(f, "SELECT phone FROM persons WHERE cccd = ?1", "001080000001"), "0912345678");
    assert_string_equal(text_of(f, "SELECT full_name FROM persons WHERE cccd = ?1", "001080000001"), "Nguyễn Văn Ân");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE person_id = ?1", an), 1);
    assert_string_equal(text_of(f, "SELECT m.position FROM memberships m JOIN persons p ON p.id = m.person_id"
                                   " WHERE p.cccd = ?1 AND m.to_date IS NULL", "001080000001"), "Tổ trưởng");
    /* Renamed by a row, the record is a probable duplicate of a later row
     * with its new name in another union. */
    write_table(path, TABLE_CSV,
                PEOPLE_HEAD "1|Nguyễn Văn Anh|Nam|1980|001080000001||BD.PX|||\n"
                            "2|Nguyễn Văn Anh|Nam|1980|||BD.NTT|||\n");
    assert_int_equal(run(&c, path, (run_t){.commit = true}, &rep), ST_OK);
    assert_false(rep.written);
    expect_problem(&rep, 3, IMPORT_DUPLICATE, "Nghi trùng với hồ sơ đã có: Nguyễn Văn Anh, sinh 1980");
    assert_string_equal(text_of(f, "SELECT full_name FROM persons WHERE cccd = ?1", "001080000001"), "Nguyễn Văn Ân");
}

/* Rows whose cells together overflow the memory of one batch (64 MB in
 * 1 000 rows): the file is refused with a reason, and nothing is written. */
static void test_oversized_batch_refused(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    (void)t;
    const char *path = file_at("huge.csv");
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("Họ và tên,Mã đơn vị,Từ ngày\n", fp);
    enum { ROWS = 70, CELL = 1 << 20 };
    char *big = xmalloc(CELL + 1);
    assert_non_null(big);
    memset(big, 'a', CELL);
    big[CELL] = '\0';
    for (int i = 0; i < ROWS; i++)
        fprintf(fp, "%s,BD.PX,01/01/2024\n", big);
    fputs("Nguyễn Văn An,BD.PX,01/01/2024\n", fp);
    xfree(big);
    assert_int_equal(fclose(fp), 0);
    table_limits_t lim = {.max_cell_bytes = 2u << 20};
    ctx_t c = fx_system(f);
    import_report_t rep;
    assert_int_equal(run(&c, path, (run_t){.commit = true, .lim = &lim}, &rep), ST_OK);
    assert_false(rep.written);
    assert_true(rep.refused);
    expect_problem(&rep, 0, IMPORT_ERROR, "Tệp có quá nhiều dữ liệu trong 1000 dòng liên tiếp (hơn 64 MB)");
    assert_int_equal(n_persons(f), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_xlsx_errors_then_corrected_then_again),
        T(test_hostile_files_refused),
        T(test_other_district_cannot_import_or_export),
        T(test_export_order_headers_and_round_trip),
        T(test_csv_bom_and_windows_1258),
        T(test_updates_transfers_and_duplicates),
        T(test_units_import),
        T(test_person_in_tx),
        T(test_first_import_finds_twice_in_file),
        T(test_import_keeps_cells_as_written),
        T(test_bulk_import),
        T(test_bulk_lists_wait_for_volume),
        T(test_many_units_in_one_file),
        T(test_later_rows_see_earlier_changes),
        T(test_oversized_batch_refused),
    };
    atexit(tmp_cleanup);
    FX_RUN_BOTH("import", tests);
}
