/* The versioned organisation tree: as-of views across a transfer, a
 * dissolution, a rename, a merge and a split; the permission scope follows the
 * current tree; bad restructurings are refused and change nothing. Runs on
 * SQLite and PostgreSQL. Shaped like Hà Nội 2025: a district federation is
 * dissolved on 01/07/2025 and its grassroots unions move to the city. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lib/embedded.h"
#include "fixture.h"
#include "core/org.h"
#include "core/person.h"
#include "core/cluster.h"

typedef struct {
    int64_t city, hbt, bd, school, hospital, factory;
} hn_t;

static int64_t dated_unit(fx_t *f, int64_t parent, const char *code, const char *name, const char *from)
{
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = parent, .code = code, .name = name, .valid_from = from, .kind = "CDCS"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = unit_create_spec(&c, &sp, &id, &why);
    if (s != ST_OK)
        print_error("create %s: %d %s / %s\n", code, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return id;
}

static hn_t make_hanoi(fx_t *f)
{
    hn_t h;
    int64_t root = dated_unit(f, 0, "TLD", "Tổng Liên đoàn Lao động Việt Nam", "1929-07-28");
    h.city = dated_unit(f, root, "HN", "Liên đoàn Lao động thành phố Hà Nội", "1955-01-01");
    h.hbt = dated_unit(f, h.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng", "1981-01-01");
    h.bd = dated_unit(f, h.city, "BD", "Liên đoàn Lao động quận Ba Đình", "1981-01-01");
    h.school = dated_unit(f, h.hbt, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân", "2001-09-01");
    h.hospital = dated_unit(f, h.hbt, "BV", "Công đoàn Bệnh viện Thanh Nhàn", "1990-01-01");
    h.factory = dated_unit(f, h.bd, "DET", "Công đoàn Công ty Dệt 8-3", "1995-03-08");
    return h;
}

static org_change_t on(const char *date) { return (org_change_t){.date = date, .decision_no = "125/QĐ-LĐLĐ"}; }

/* The codes of U[0..N), comma-separated. */
static const char *codes(fx_t *f, const unit_t *u, size_t n)
{
    buf_t b;
    buf_init(&b, 4096);
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "," : "", u[i].code);
    const char *s = arena_strdup(f->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

/* Codes of the children of PARENT as of AT, comma-separated, in list order. */
static const char *children(fx_t *f, int64_t parent, const char *at)
{
    ctx_t c = fx_system(f);
    unit_t *u;
    size_t n;
    assert_int_equal(unit_list_at(&c, parent, at, &u, &n), ST_OK);
    return codes(f, u, n);
}

static int64_t subtree(fx_t *f, int64_t root, const char *at)
{
    ctx_t c = fx_system(f);
    int64_t n = -1;
    assert_int_equal(unit_count_subtree(&c, root, at, &n), ST_OK);
    return n;
}

/* The 2025 restructuring: HBT's grassroots unions move to the city, HBT is
 * dissolved; the tree before and after. */
static void restructure_2025(fx_t *f, const hn_t *h)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    assert_int_equal(org_transfer(&c, h->school, h->city, &ch, &why), ST_OK);
    assert_int_equal(org_transfer(&c, h->hospital, h->city, &ch, &why), ST_OK);
    assert_int_equal(org_dissolve(&c, h->hbt, &ch, &why), ST_OK);
}

static void test_tree_as_of_two_dates(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    restructure_2025(f, &h);
    /* 01/01/2020: both district federations, the school under HBT. */
    assert_string_equal(children(f, h.city, "2020-01-01"), "BD,HBT");
    assert_string_equal(children(f, h.hbt, "2020-01-01"), "BV,THCS");
    assert_int_equal(subtree(f, h.city, "2020-01-01"), 6);
    assert_int_equal(subtree(f, h.hbt, "2020-01-01"), 3);
    /* 30/06/2025 is the last day of the old shape. */
    assert_string_equal(children(f, h.hbt, "2025-06-30"), "BV,THCS");
    /* 01/07/2025: HBT is gone, its unions hang under the city. */
    assert_string_equal(children(f, h.city, "2025-07-01"), "BV,THCS,BD"); /* by name: Công đoàn … before Liên đoàn … */
    assert_string_equal(children(f, h.hbt, "2025-07-01"), "");
    assert_int_equal(subtree(f, h.city, "2025-07-01"), 5);
    /* Before the school was founded it is not in the tree. */
    assert_string_equal(children(f, h.hbt, "2000-01-01"), "BV");
}

/* A merge on the day units of the merged subtree were founded (a child and
 * a grandchild), and with units recorded before it as founded later (the
 * Hà Tây of 2008): the tree then and afterwards, with no closure row left
 * that never held. */
static void test_merge_on_a_founding_day(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t root = fx_int(f, "SELECT id FROM units WHERE code = 'TLD'", 0);
    int64_t ht = dated_unit(f, root, "HT", "Liên đoàn Lao động tỉnh Hà Tây", "1976-01-01");
    int64_t hd = dated_unit(f, ht, "HD", "Liên đoàn Lao động thị xã Hà Đông", "1976-01-01");
    dated_unit(f, hd, "HD-OLD", "Công đoàn Trường Tiểu học Văn Yên", "2001-09-01");
    dated_unit(f, hd, "HD-DAY", "Công đoàn Trường Mầm non Hà Cầu", "2008-08-01");
    dated_unit(f, hd, "HD-LATE", "Công đoàn Trường THCS Lê Lợi", "2015-09-01");
    dated_unit(f, ht, "HT-DAY", "Công đoàn ngành Giáo dục Hà Tây", "2008-08-01");
    dated_unit(f, ht, "HT-LATE", "Công đoàn Khu công nghiệp Phú Nghĩa", "2015-09-01");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2008-08-01");
    status_t s = org_merge(&c, ht, h.city, &ch, &why);
    if (s != ST_OK)
        print_error("merge: %d %s / %s\n", s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    assert_int_equal(subtree(f, ht, "2008-07-31"), 3); /* HT, HD, HD-OLD */
    assert_string_equal(children(f, h.city, "2008-07-31"), "BD,HBT");
    assert_string_equal(children(f, h.city, "2008-08-01"), "HT-DAY,BD,HBT,HD");
    assert_string_equal(children(f, hd, "2008-08-01"), "HD-DAY,HD-OLD");
    assert_int_equal(subtree(f, h.city, "2008-08-01"), 10);
    assert_int_equal(subtree(f, root, "2008-08-01"), 11); /* the ancestor both sides share */
    assert_int_equal(subtree(f, h.city, "2015-08-31"), 10);
    assert_int_equal(subtree(f, h.city, "2015-09-01"), 12);
    assert_string_equal(children(f, h.city, "2015-09-01"), "HT-LATE,HT-DAY,BD,HBT,HD");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree WHERE valid_to IS NOT NULL AND valid_to <= valid_from",
                            0), 0);
    /* … nor one placing a unit under HN before it was founded. */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree t JOIN units u ON u.id = t.descendant_id"
                               " WHERE t.valid_from < u.valid_from", 0), 0);
}

/* 1 when ANCESTOR holds DESCENDANT (at any depth) on AT, 0 when not. */
static int64_t under(fx_t *f, int64_t ancestor, int64_t descendant, const char *at)
{
    db_stmt_t *st;
    assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                                       " AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to > ?3)", &st), ST_OK);
    db_bindf(st, "iit", ancestor, descendant, at);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t n = db_col_int(st, 0);
    db_finalize(st);
    return n;
}

/* No unit has two rows to one ancestor over a common period. */
static int64_t overlapping_rows(fx_t *f)
{
    return fx_int(f, "SELECT COUNT(*) FROM unit_tree a JOIN unit_tree b ON a.descendant_id = b.descendant_id"
                     " AND a.ancestor_id = b.ancestor_id AND a.valid_from < b.valid_from"
                     " AND (a.valid_to IS NULL OR a.valid_to > b.valid_from)", 0);
}

/* Changes recorded out of date order, as an office catching up with its
 * history does: a move of a unit whose inner units moved later, a move
 * under a unit that itself moved later, a founding under such a unit. Each
 * unit sits under the right ancestors at every date. */
static void test_changes_out_of_date_order(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t root = fx_int(f, "SELECT id FROM units WHERE code = 'TLD'", 0);
    int64_t ht = dated_unit(f, root, "HT", "Liên đoàn Lao động tỉnh Hà Tây", "1976-01-01");
    int64_t edu = dated_unit(f, h.hbt, "HBT-GD", "Công đoàn ngành Giáo dục quận Hai Bà Trưng", "1995-01-01");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    /* Recorded first: the school moves into HBT's education union in 2020,
     * and that union leaves HBT for the city in 2022. */
    org_change_t ch = on("2020-01-01");
    assert_int_equal(org_transfer(&c, h.school, edu, &ch, &why), ST_OK);
    ch = on("2022-01-01");
    assert_int_equal(org_transfer(&c, edu, h.city, &ch, &why), ST_OK);
    /* Then: HBT had gone to Hà Tây in 2010, with the school in it. */
    ch = on("2010-01-01");
    assert_int_equal(org_transfer(&c, h.hbt, ht, &ch, &why), ST_OK);
    assert_int_equal(under(f, h.city, h.school, "2009-12-31"), 1);
    assert_int_equal(under(f, h.city, h.school, "2015-01-01"), 0);
    assert_int_equal(under(f, ht, h.school, "2015-01-01"), 1);
    assert_int_equal(under(f, ht, h.school, "2021-01-01"), 1); /* via HBT's education union */
    assert_int_equal(under(f, ht, h.school, "2022-01-01"), 0); /* the union went to the city */
    assert_int_equal(under(f, h.city, h.school, "2022-01-01"), 1);
    assert_int_equal(subtree(f, ht, "2015-01-01"), 5); /* HT, HBT, its union, BV, THCS */
    assert_int_equal(subtree(f, h.city, "2015-01-01"), 3); /* HN, BD, DET */
    /* The factory moves under the education union in 2015, back before the
     * union left HBT: under HBT (and Hà Tây) until 2022, then the city. */
    ch = on("2015-01-01");
    assert_int_equal(org_transfer(&c, h.factory, edu, &ch, &why), ST_OK);
    assert_int_equal(under(f, h.hbt, h.factory, "2018-01-01"), 1);
    assert_int_equal(under(f, ht, h.factory, "2018-01-01"), 1);
    assert_int_equal(under(f, h.city, h.factory, "2018-01-01"), 0);
    assert_int_equal(under(f, h.hbt, h.factory, "2022-01-01"), 0);
    assert_int_equal(under(f, h.city, h.factory, "2022-01-01"), 1);
    /* A union founded under it in 2016, recorded now: the same ancestors. */
    int64_t late = dated_unit(f, edu, "GD-MN", "Công đoàn Trường Mầm non Hoa Sen", "2016-09-01");
    assert_int_equal(under(f, h.hbt, late, "2018-01-01"), 1);
    assert_int_equal(under(f, h.hbt, late, "2023-01-01"), 0);
    assert_int_equal(under(f, h.city, late, "2023-01-01"), 1);
    assert_int_equal(under(f, h.city, late, "2016-08-31"), 0); /* not founded yet */
    assert_int_equal(overlapping_rows(f), 0);
    /* HBT under its education union in 2021 would be a loop (the union was
     * in HBT until 2022); in 2023 it is not. */
    int64_t rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    ch = on("2021-01-01");
    assert_int_equal(org_transfer(&c, h.hbt, edu, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị trực thuộc của nó"
                             " (vào ngày điều chuyển hoặc sau đó).");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
    ch = on("2023-01-01");
    assert_int_equal(org_transfer(&c, h.hbt, edu, &ch, &why), ST_OK);
    assert_int_equal(under(f, edu, h.hospital, "2023-01-01"), 1);
    assert_int_equal(under(f, ht, h.hospital, "2023-01-01"), 0);
    assert_int_equal(under(f, ht, h.hospital, "2022-12-31"), 1);
    assert_int_equal(overlapping_rows(f), 0);
}

/* A unit's own moves recorded out of date order: the 2025 move first, then
 * one of 2015, then a merge of 2020 of the unit it had moved to. Each holds
 * until the next recorded change of place; the later moves keep their
 * effect. Moves that clash with the recorded ones are refused. */
static void test_own_moves_out_of_date_order(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t gone = dated_unit(f, h.city, "TL", "Liên đoàn Lao động huyện Từ Liêm", "1981-01-01");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2018-01-01");
    assert_int_equal(org_dissolve(&c, gone, &ch, &why), ST_OK);
    ch = on("2025-07-01");
    assert_int_equal(org_transfer(&c, h.school, h.city, &ch, &why), ST_OK);
    ch = on("2015-01-01");
    assert_int_equal(org_transfer(&c, h.school, h.bd, &ch, &why), ST_OK);
    assert_int_equal(under(f, h.hbt, h.school, "2014-12-31"), 1);
    assert_int_equal(under(f, h.bd, h.school, "2014-12-31"), 0);
    assert_int_equal(under(f, h.bd, h.school, "2020-01-01"), 1);
    assert_int_equal(under(f, h.hbt, h.school, "2020-01-01"), 0);
    assert_int_equal(under(f, h.bd, h.school, "2025-07-01"), 0);
    assert_string_equal(children(f, h.city, "2025-07-01"), "THCS,BD,HBT");
    assert_int_equal(fx_int(f, "SELECT parent_id FROM units WHERE code = 'THCS'", 0), h.city);
    /* Clashes change nothing: the same day as a recorded move, the parent it
     * already has, a unit dissolved before the next move (2018 < 2025). */
    int64_t rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    int64_t events = fx_int(f, "SELECT COUNT(*) FROM unit_events", 0);
    assert_int_equal(org_transfer(&c, h.school, h.hbt, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Đơn vị đã có một lần thay đổi vị trí vào ngày này; hãy chọn ngày khác.");
    ch = on("2016-01-01");
    assert_int_equal(org_transfer(&c, h.school, h.bd, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Đơn vị đã trực thuộc đơn vị nhận vào ngày đó.");
    assert_int_equal(org_transfer(&c, h.school, gone, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Đơn vị nhận không tồn tại vào ngày hiệu lực hoặc giải thể trong thời gian đơn vị trực thuộc nó.");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_events", 0), events);
    /* BD merged into HBT in 2020, recorded last: the school, under BD then,
     * is under HBT from 2020 until its move of 2025; the factory for good. */
    ch = on("2020-01-01");
    assert_int_equal(org_merge(&c, h.bd, h.hbt, &ch, &why), ST_OK);
    assert_int_equal(under(f, h.hbt, h.school, "2020-01-01"), 1);
    assert_int_equal(under(f, h.bd, h.school, "2019-12-31"), 1);
    assert_int_equal(under(f, h.hbt, h.school, "2025-07-01"), 0);
    assert_int_equal(under(f, h.city, h.school, "2025-07-01"), 1);
    assert_int_equal(under(f, h.hbt, h.factory, "2025-07-01"), 1);
    assert_int_equal(overlapping_rows(f), 0);
    /* The history reads in date order whatever the order of recording. */
    org_event_t *e;
    size_t n;
    assert_int_equal(org_history(&c, h.school, &e, &n), ST_OK);
    assert_int_equal(n, 4);
    assert_string_equal(e[1].event_date, "2015-01-01");
    assert_string_equal(e[2].event_date, "2020-01-01");
    assert_string_equal(e[3].event_date, "2025-07-01");
}

/* A unit cannot move, on any date, under one dissolved since, nor be
 * merged into it or founded under it. */
static void test_no_transfer_into_a_dissolved_unit(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    assert_int_equal(org_transfer(&c, h.factory, h.city, &ch, &why), ST_OK);
    assert_int_equal(org_dissolve(&c, h.bd, &ch, &why), ST_OK);
    int64_t rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    ch = on("2024-01-01");
    assert_int_equal(org_transfer(&c, h.school, h.bd, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Đơn vị nhận không tồn tại vào ngày hiệu lực hoặc giải thể trong thời gian đơn vị trực thuộc nó.");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
    assert_int_equal(under(f, h.hbt, h.school, "2024-06-01"), 1);
    /* Nor be merged into it, with or without units under it. */
    int64_t events = fx_int(f, "SELECT COUNT(*) FROM unit_events", 0);
    assert_int_equal(org_merge(&c, h.hospital, h.bd, &ch, &why), ST_INVALID);
    assert_string_equal(why, "Không thể sáp nhập vào đơn vị đã giải thể hoặc sáp nhập sau ngày đó.");
    assert_int_equal(org_merge(&c, h.hbt, h.bd, &ch, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_events", 0), events);
    assert_int_equal(under(f, h.hbt, h.hospital, "2024-06-01"), 1);
    /* Nor be founded under it, back-dated to when it existed. */
    int64_t units = fx_int(f, "SELECT COUNT(*) FROM units", 0);
    unit_spec_t sp = {.parent_id = h.bd, .code = "BD-LATE", .name = "Công đoàn Trường Tiểu học Ba Đình",
                      .valid_from = "2010-09-01", .kind = "CDCS"};
    int64_t id = 0;
    assert_int_equal(unit_create_spec(&c, &sp, &id, &why), ST_CONFLICT);
    assert_string_equal(why, "Đơn vị cấp trên đã giải thể hoặc sáp nhập sau ngày đó; không thể thêm đơn vị trực thuộc.");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM units", 0), units);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
}

/* Migration 0023 deletes the empty and inverted closure rows earlier
 * versions left, and nothing else (the rows a transfer closed stay). */
static void test_migration_drops_void_rows(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    restructure_2025(f, &h); /* rows closed on 01/07/2025, which stay */
    const char *before = children(f, h.hbt, "2020-01-01");
    int64_t rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    fx_exec(f, "INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from, valid_to)"
               " SELECT ancestor_id, descendant_id, depth, '2019-05-05', '2019-05-05' FROM unit_tree"
               " WHERE depth = 1 UNION ALL SELECT ancestor_id, descendant_id, depth, '2021-01-01', '2018-01-01'"
               " FROM unit_tree WHERE depth = 1");
    const struct embedded_file *m = embedded_find("src/db/sql", "0023_tree_void_rows.sql");
    assert_non_null(m);
    fx_exec(f, (const char *)m->data);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
    assert_string_equal(children(f, h.hbt, "2020-01-01"), before);
}

/* The closure rows, one per line, in key order. */
static const char *closure(fx_t *f)
{
    db_stmt_t *st;
    assert_int_equal(db_prepare(f->db, "SELECT ancestor_id, descendant_id, depth, valid_from, COALESCE(valid_to, '-')"
                                       " FROM unit_tree ORDER BY ancestor_id, descendant_id, valid_from", &st), ST_OK);
    buf_t b;
    buf_init(&b, 4096);
    while (db_step(st) == DB_ROW)
        buf_printf(&b, "%lld %lld %lld %s %s\n", (long long)db_col_int(st, 0), (long long)db_col_int(st, 1),
                   (long long)db_col_int(st, 2), db_col_text(st, 3), db_col_text(st, 4));
    db_finalize(st);
    const char *s = arena_strdup(f->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

/* Migration 0024 derives the rows above the parent rows again: from a
 * closure with rows missing and rows too many, it gives back what the
 * restructurings wrote. */
static void test_migration_derives_the_tree(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    restructure_2025(f, &h);
    const char *want = closure(f);
    fx_exec(f, "DELETE FROM unit_tree WHERE depth = 2 AND descendant_id IN (SELECT id FROM units WHERE code = 'THCS')");
    fx_exec(f, "UPDATE unit_tree SET valid_to = '2030-01-01' WHERE depth = 3 AND valid_to IS NULL");
    fx_exec(f, "INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from, valid_to)"
               " SELECT ancestor_id, descendant_id, 2, '1800-01-01', '1800-02-01' FROM unit_tree WHERE depth = 1");
    assert_string_not_equal(closure(f), want);
    const struct embedded_file *m = embedded_find("src/db/sql", "0024_tree_derived.sql");
    assert_non_null(m);
    fx_exec(f, (const char *)m->data);
    assert_string_equal(closure(f), want);
}

/* Codes of one page of PARENT's children today matching Q; *TOTAL gets the count. */
static const char *children_page(fx_t *f, int64_t parent, const char *q, size_t offset, size_t limit, int64_t *total)
{
    ctx_t c = fx_system(f);
    unit_query_t uq = {.parent_id = parent, .q = q, .offset = offset, .limit = limit};
    unit_page_t pg;
    assert_int_equal(unit_children(&c, &uq, &pg), ST_OK);
    *total = pg.total;
    return codes(f, pg.items, pg.n);
}

/* A long list of children comes in pages, in list order, filtered by a
 * part of the name typed without accents or by the code; LIKE's wildcards
 * typed by the user are plain characters. */
static void test_children_in_pages(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    dated_unit(f, h.city, "CDN-GD", "Công đoàn Giáo dục Hà Nội", "1990-01-01");
    dated_unit(f, h.city, "CDN-YT", "Công đoàn ngành Y tế Hà Nội", "1990-01-01");
    dated_unit(f, h.city, "XA-DA", "Công đoàn xã Đông Anh", "2025-07-01");
    dated_unit(f, h.city, "KCN", "Công đoàn các Khu công nghiệp 100% vốn", "2000-01-01");
    int64_t total = 0;
    const char *all = children_page(f, h.city, NULL, 0, 0, &total);
    assert_string_equal(all, "KCN,CDN-GD,CDN-YT,XA-DA,BD,HBT");
    assert_int_equal(total, 6);
    assert_string_equal(children_page(f, h.city, NULL, 0, 4, &total), "KCN,CDN-GD,CDN-YT,XA-DA");
    assert_int_equal(total, 6);
    total = 0;
    assert_string_equal(children_page(f, h.city, NULL, 4, 4, &total), "BD,HBT");
    assert_int_equal(total, 6); /* the last page knows the total without counting */
    assert_string_equal(children_page(f, h.city, NULL, 8, 4, &total), "");
    assert_int_equal(total, 6);
    assert_string_equal(children_page(f, h.city, "dong anh", 0, 0, &total), "XA-DA");
    assert_int_equal(total, 1);
    assert_string_equal(children_page(f, h.city, "  HÀ NỘI ", 0, 1, &total), "CDN-GD");
    assert_int_equal(total, 2);
    assert_string_equal(children_page(f, h.city, "cdn-", 0, 0, &total), "CDN-GD,CDN-YT");
    assert_string_equal(children_page(f, h.city, "100%", 0, 0, &total), "KCN");
    assert_string_equal(children_page(f, h.city, "%", 0, 0, &total), "KCN");
    assert_string_equal(children_page(f, h.city, "_", 0, 0, &total), "");
    assert_int_equal(total, 0);
    /* A filter that folds to nothing (a lone combining accent) filters nothing. */
    assert_string_equal(children_page(f, h.city, "\xcc\x81", 0, 0, &total), all);
    /* An officer of Ba Đình may not list the city's units, filtered or not. */
    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, h.bd, "officer");
    ctx_t c = fx_as(f, officer);
    unit_query_t uq = {.parent_id = h.city, .q = "ba dinh", .limit = 10};
    unit_page_t pg;
    assert_int_equal(unit_children(&c, &uq, &pg), ST_FORBIDDEN);
    uq = (unit_query_t){.q = "ba"};
    assert_int_equal(unit_children(&c, &uq, &pg), ST_OK);
    assert_int_equal(pg.total, 1);
    assert_int_equal(pg.n, 1);
    assert_string_equal(pg.items[0].code, "BD");
}

static void test_events_keep_the_decisions(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    restructure_2025(f, &h);
    ctx_t c = fx_system(f);
    org_event_t *e;
    size_t n;
    assert_int_equal(org_history(&c, h.school, &e, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].event, "create");
    assert_string_equal(e[1].event, "transfer");
    assert_string_equal(e[1].event_date, "2025-07-01");
    assert_string_equal(e[1].decision_no, "125/QĐ-LĐLĐ");
    assert_int_equal(e[1].other_unit_id, h.city);
    assert_int_equal(org_history(&c, h.hbt, &e, &n), ST_OK);
    assert_string_equal(e[n - 1].event, "dissolve");
    /* Every change went into the audit log. */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'unit' AND action IN"
                               " ('transfer', 'dissolve')", 0), 3);
}

static void test_scope_follows_the_current_tree(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t officer = fx_user(f, "canbo.hbt", "mat-khau-rat-dai");
    fx_grant(f, officer, h.hbt, "officer");
    ctx_t c = fx_as(f, officer);
    assert_int_equal(perm_check(&c, PERM_READ, h.school), ST_OK);
    restructure_2025(f, &h);
    /* The school now belongs to the city: the former district officer lost it. */
    assert_int_equal(perm_check(&c, PERM_READ, h.school), ST_FORBIDDEN);
    assert_int_equal(perm_check(&c, PERM_WRITE, h.hospital), ST_FORBIDDEN);
    unit_t u;
    assert_int_equal(unit_get(&c, h.school, &u), ST_FORBIDDEN);
    /* The city officer sees it, and still sees the dissolved district. */
    int64_t city_officer = fx_user(f, "canbo.hn", "mat-khau-rat-dai");
    fx_grant(f, city_officer, h.city, "officer");
    c = fx_as(f, city_officer);
    assert_int_equal(unit_get(&c, h.school, &u), ST_OK);
    assert_int_equal(u.parent_id, h.city);
    assert_int_equal(unit_get(&c, h.hbt, &u), ST_OK);
    assert_string_equal(u.valid_to, "2025-07-01");
}

static void test_rename_keeps_old_name(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2024-01-15");
    assert_int_equal(org_rename(&c, h.factory, "Công đoàn Tổng công ty Dệt may 8-3", "CĐ Dệt 8-3", &ch, &why), ST_OK);
    unit_t *u;
    size_t n;
    assert_int_equal(unit_list_at(&c, h.bd, "2023-12-31", &u, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_string_equal(u[0].name, "Công đoàn Công ty Dệt 8-3");
    assert_null(u[0].short_name);
    assert_int_equal(unit_list_at(&c, h.bd, "2024-01-15", &u, &n), ST_OK);
    assert_string_equal(u[0].name, "Công đoàn Tổng công ty Dệt may 8-3");
    assert_string_equal(u[0].short_name, "CĐ Dệt 8-3");
    /* A second rename must come later than the first. */
    ch = on("2024-01-10");
    assert_int_equal(org_rename(&c, h.factory, "Tên khác", NULL, &ch, &why), ST_INVALID);
    assert_non_null(why);
}

static void test_merge_and_split(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    /* HBT merges into BD: its unions follow, HBT ends. */
    assert_int_equal(org_merge(&c, h.hbt, h.bd, &ch, &why), ST_OK);
    assert_string_equal(children(f, h.bd, "2025-07-01"), "BV,DET,THCS");
    assert_string_equal(children(f, h.city, "2025-07-01"), "BD");
    assert_string_equal(children(f, h.city, "2025-06-01"), "BD,HBT");
    /* A new commune union splits off BD. */
    unit_spec_t sp = {.code = "XA-HBT", .name = "Công đoàn phường Hai Bà Trưng", .kind = "CD_XA"};
    int64_t id = 0;
    ch = on("2025-08-01");
    assert_int_equal(org_split(&c, h.bd, &sp, &ch, &id, &why), ST_OK);
    assert_string_equal(children(f, h.city, "2025-08-01"), "XA-HBT,BD");
    assert_string_equal(children(f, h.city, "2025-07-15"), "BD");
}

static void test_bad_restructurings_change_nothing(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t events = fx_int(f, "SELECT COUNT(*) FROM unit_events", 0);
    int64_t audits = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    int64_t rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    org_change_t ch = on("2025-07-01");
    /* Into its own subtree. */
    assert_int_equal(org_transfer(&c, h.hbt, h.school, &ch, &why), ST_INVALID);
    /* Dissolving a unit that still has units under it, or had them after
     * the date (the factory leaves BD later than BD would end). */
    assert_int_equal(org_dissolve(&c, h.hbt, &ch, &why), ST_CONFLICT);
    org_change_t later = on("2025-09-01");
    assert_int_equal(org_transfer(&c, h.factory, h.city, &later, &why), ST_OK);
    events = fx_int(f, "SELECT COUNT(*) FROM unit_events", 0);
    audits = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    rows = fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0);
    assert_int_equal(org_dissolve(&c, h.bd, &ch, &why), ST_CONFLICT);
    assert_string_equal(why, "Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể các đơn vị đó trước.");
    /* A date that is not a date; a day before the unit existed. */
    ch = on("2025-02-30");
    assert_int_equal(org_transfer(&c, h.school, h.city, &ch, &why), ST_INVALID);
    ch = on("1999-01-01");
    assert_int_equal(org_transfer(&c, h.school, h.city, &ch, &why), ST_INVALID);
    /* Merging into itself. */
    ch = on("2025-07-01");
    assert_int_equal(org_merge(&c, h.bd, h.bd, &ch, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_events", 0), events);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), audits);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_tree", 0), rows);
    /* Two transfers of one unit on the same day: the second is refused. */
    assert_int_equal(org_transfer(&c, h.school, h.city, &ch, &why), ST_OK);
    assert_int_equal(org_transfer(&c, h.school, h.bd, &ch, &why), ST_INVALID);
}

static void test_officer_cannot_restructure_outside(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, h.bd, "officer");
    ctx_t c = fx_as(f, officer);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    /* Taking HBT's school into BD needs write on the school too. */
    assert_int_equal(org_transfer(&c, h.school, h.bd, &ch, &why), ST_FORBIDDEN);
    /* Giving BD's factory to HBT needs write on HBT. */
    assert_int_equal(org_transfer(&c, h.factory, h.hbt, &ch, &why), ST_FORBIDDEN);
    assert_int_equal(org_dissolve(&c, h.hospital, &ch, &why), ST_FORBIDDEN);
    assert_int_equal(org_rename(&c, h.hbt, "X", NULL, &ch, &why), ST_FORBIDDEN);
    org_event_t *e;
    size_t n;
    assert_int_equal(org_history(&c, h.hbt, &e, &n), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM unit_events WHERE event <> 'create'", 0), 0);
}

static void test_people_follow_a_merge(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t p = fx_person(f, h.hbt, "Lê Thị Hồng Nhung");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    assert_int_equal(org_merge(&c, h.hbt, h.bd, &ch, &why), ST_OK);
    person_t pr;
    assert_int_equal(person_get(&c, p, &pr), ST_OK);
    assert_int_equal(pr.n_memberships, 2);
    assert_int_equal(pr.memberships[0].unit_id, h.hbt);
    assert_string_equal(pr.memberships[0].to_date, "2025-07-01");
    assert_int_equal(pr.memberships[1].unit_id, h.bd);
    assert_null(pr.memberships[1].to_date);
}

static void test_dissolution_ends_memberships(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    int64_t p = fx_person(f, h.factory, "Trần Văn Đức");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    org_change_t ch = on("2025-07-01");
    assert_int_equal(org_dissolve(&c, h.factory, &ch, &why), ST_OK);
    person_t pr;
    assert_int_equal(person_get(&c, p, &pr), ST_OK);
    assert_int_equal(pr.n_memberships, 1);
    assert_string_equal(pr.memberships[0].to_date, "2025-07-01");
    assert_false(pr.current);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'end_memberships'", 0), 1);
    /* Someone who joined after the date blocks the dissolution, which then changes nothing. */
    int64_t q = fx_person(f, h.school, "Phạm Thị Ân");
    person_membership_in_t late = {.unit_id = h.hospital, .from_date = "2025-08-01"};
    assert_int_equal(person_add_membership(&c, q, &late, NULL, &why), ST_OK);
    ch = on("2025-07-15");
    int64_t audits = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    assert_int_equal(org_dissolve(&c, h.hospital, &ch, &why), ST_CONFLICT);
    assert_non_null(why);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), audits);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM units WHERE valid_to IS NOT NULL AND code = 'BV'", 0), 0);
}

static void test_clusters(void **state)
{
    fx_t *f = fx(state);
    hn_t h = make_hanoi(f);
    fx_exec(f, "UPDATE units SET kind = 'LDLD_HUYEN' WHERE code IN ('BD', 'HBT')");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t g = 0, g2 = 0;
    assert_int_equal(cluster_create(&c, h.city, "cum", "Cụm thi đua số 1", 2024, &g, &why), ST_OK);
    assert_int_equal(cluster_create(&c, h.city, "cum", "Cụm thi đua số 1", 2024, &g2, &why), ST_CONFLICT);
    assert_int_equal(cluster_create(&c, h.city, "nhom", "X", 2024, &g2, &why), ST_INVALID);
    assert_int_equal(cluster_add_unit(&c, g, h.bd, &why), ST_OK);
    assert_int_equal(cluster_add_unit(&c, g, h.hbt, &why), ST_OK);
    /* A grassroots union is not of the districts' level. */
    assert_int_equal(cluster_add_unit(&c, g, h.school, &why), ST_INVALID);
    /* Not under the owner. */
    int64_t other = dated_unit(f, 0, "HCM", "Liên đoàn Lao động TP Hồ Chí Minh", "1955-01-01");
    assert_int_equal(cluster_add_unit(&c, g, other, &why), ST_INVALID);
    assert_int_equal(cluster_set_leader(&c, g, h.school, &why), ST_INVALID);
    assert_int_equal(cluster_set_leader(&c, g, h.hbt, &why), ST_OK);
    cluster_t *list;
    size_t n;
    assert_int_equal(cluster_list(&c, h.city, 2024, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].n_members, 2);
    assert_int_equal(list[0].leader_unit_id, h.hbt);
    assert_string_equal(list[0].members[0].code, "BD");
    /* The same unit cannot sit in two clusters of the owner that year. */
    assert_int_equal(cluster_create(&c, h.city, "cum", "Cụm thi đua số 2", 2024, &g2, &why), ST_OK);
    assert_int_equal(cluster_add_unit(&c, g2, h.bd, &why), ST_CONFLICT);
    /* An officer of a district may not change the city's clusters. */
    int64_t officer = fx_user(f, "canbo.bd2", "mat-khau-rat-dai");
    fx_grant(f, officer, h.bd, "officer");
    ctx_t o = fx_as(f, officer);
    assert_int_equal(cluster_set_leader(&o, g, h.bd, &why), ST_FORBIDDEN);
    assert_int_equal(cluster_list(&o, h.city, 2024, &list, &n), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'emulation_group'", 0), 5);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_tree_as_of_two_dates),
        T(test_merge_on_a_founding_day),
        T(test_changes_out_of_date_order),
        T(test_own_moves_out_of_date_order),
        T(test_no_transfer_into_a_dissolved_unit),
        T(test_migration_drops_void_rows),
        T(test_migration_derives_the_tree),
        T(test_children_in_pages),
        T(test_events_keep_the_decisions),
        T(test_scope_follows_the_current_tree),
        T(test_rename_keeps_old_name),
        T(test_merge_and_split),
        T(test_bad_restructurings_change_nothing),
        T(test_officer_cannot_restructure_outside),
        T(test_people_follow_a_merge),
        T(test_dissolution_ends_memberships),
        T(test_clusters),
    };
    FX_RUN_BOTH("org", tests);
}
