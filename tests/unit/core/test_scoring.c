/* Criteria and scoring (issue 4 §3): a sheet whose weights do not add up is
 * refused with a message naming the group and the sums; self and official
 * scores are kept side by side; points over an item's maximum are refused;
 * bands at their boundaries and custom bands; ranking in a cluster with a tie
 * and an unscored unit; the sheet locked once scoring began; the unit's own
 * officer cannot fix the official score; an officer of another district
 * refused at every step with nothing written. SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/cluster.h"
#include "core/movement.h"
#include "core/scoring.h"

typedef struct {
    int64_t city, district, factory, school, hospital, other, other_unit;
    int64_t movement;
    int64_t u_factory, u_district, u_other;
} world_t;

static const char *const good_sheet =
    "group|Công tác tổ chức|60\n"
    "item|Tỷ lệ phát triển đoàn viên|40|evidence\n"
    "item|Thành lập công đoàn cơ sở|20\n"
    "nhóm|Phong trào thi đua|40\n"
    "tiêu chí|Tổ chức phát động thi đua|40\n"
    "bonus|Sáng kiến cấp thành phố|5\n"
    "penalty|Vi phạm chế độ báo cáo|10\n";

static world_t make_world(fx_t *f)
{
    world_t w;
    w.city = fx_unit(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    w.district = fx_unit(f, w.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    w.factory = fx_unit(f, w.district, "DET", "Công đoàn Công ty Dệt 8-3");
    w.school = fx_unit(f, w.district, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân");
    w.hospital = fx_unit(f, w.district, "BV", "Công đoàn Bệnh viện Thanh Nhàn");
    w.other = fx_unit(f, w.city, "BD", "Liên đoàn Lao động quận Ba Đình");
    w.other_unit = fx_unit(f, w.other, "BDX", "Công đoàn Công ty May Ba Đình");
    w.u_factory = fx_user(f, "canbo.det", "matkhau123");
    w.u_district = fx_user(f, "canbo.hbt", "matkhau123");
    w.u_other = fx_user(f, "canbo.bd", "matkhau123");
    fx_grant(f, w.u_factory, w.factory, "officer");
    fx_grant(f, w.u_district, w.district, "officer");
    fx_grant(f, w.u_other, w.other, "officer");
    ctx_t c = fx_system(f);
    const char *why = NULL;
    movement_spec_t sp = {.name = "Thi đua lao động giỏi, lao động sáng tạo năm 2024", .kind = "thuong_xuyen",
                          .period_from = "2024-01-01", .period_to = "2024-12-31", .year_label = "2024"};
    assert_int_equal(movement_create(&c, w.district, &sp, &w.movement, &why), ST_OK);
    return w;
}

static void launch(fx_t *f, const world_t *w)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    assert_int_equal(movement_set_state(&c, w->movement, "launched", "2024-01-15", NULL, &why), ST_OK);
}

static int64_t audits(fx_t *f, const char *entity)
{
    db_stmt_t *st;
    assert_int_equal(db_prepare(f->db, "SELECT COUNT(*) FROM audit_log WHERE entity = ?1", &st), ST_OK);
    db_bindf(st, "t", entity);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t n = db_col_int(st, 0);
    db_finalize(st);
    return n;
}

static score_sheet_t parse(fx_t *f, const char *lines, const char *bands, int64_t total)
{
    score_sheet_t s = {.total = total};
    const char *why = NULL;
    assert_int_equal(scoring_lines_parse(f->arena, lines, &s, &why), ST_OK);
    assert_int_equal(scoring_bands_parse(f->arena, bands, &s, &why), ST_OK);
    return s;
}

static void save_good(fx_t *f, const world_t *w)
{
    ctx_t c = fx_as(f, w->u_district);
    const char *why = NULL;
    score_sheet_t s = parse(f, good_sheet, NULL, 10000);
    status_t st = scoring_sheet_save(&c, w->movement, &s, &why);
    if (st != ST_OK)
        print_error("save: %s\n", why ? why : "");
    assert_int_equal(st, ST_OK);
}

/* The id of the sheet line at POS. */
static int64_t item(fx_t *f, const world_t *w, int64_t pos)
{
    db_stmt_t *st;
    assert_int_equal(db_prepare(f->db, "SELECT id FROM score_items WHERE movement_id = ?1 AND position = ?2", &st), ST_OK);
    db_bindf(st, "ii", w->movement, pos);
    assert_int_equal(db_step(st), DB_ROW);
    int64_t id = db_col_int(st, 0);
    db_finalize(st);
    return id;
}

static void test_sheet_refused_then_saved(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.u_district);
    const char *why = NULL;
    score_sheet_t bad = parse(f, "group|Công tác tổ chức|30\nitem|Tỷ lệ phát triển đoàn viên|20\n"
                                 "item|Thành lập công đoàn cơ sở|15\ngroup|Phong trào|70\nitem|Phát động|70\n", NULL, 10000);
    assert_int_equal(scoring_sheet_save(&c, w.movement, &bad, &why), ST_INVALID);
    assert_string_equal(why, "Nhóm «Công tác tổ chức» có tổng điểm các tiêu chí là 35, khác điểm tối đa của nhóm là 30.");
    score_sheet_t short_total = parse(f, "group|A|60\nitem|a|60\ngroup|B|35,5\nitem|b|35,5\n", NULL, 10000);
    assert_int_equal(scoring_sheet_save(&c, w.movement, &short_total, &why), ST_INVALID);
    assert_string_equal(why, "Tổng điểm tối đa của các nhóm là 95,5, khác tổng điểm của bảng là 100.");
    score_sheet_t orphan = parse(f, "item|a|100\n", NULL, 10000);
    assert_int_equal(scoring_sheet_save(&c, w.movement, &orphan, &why), ST_INVALID);
    assert_non_null(strstr(why, "phải nằm trong một nhóm"));
    score_sheet_t x = {.total = 10000};
    assert_int_equal(scoring_lines_parse(f->arena, "group|A|100\nitem|a|abc\n", &x, &why), ST_INVALID);
    assert_non_null(strstr(why, "Dòng 2:"));
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_sheets", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_items", 0), 0);
    assert_int_equal(audits(f, "score_sheet"), 0);

    save_good(f, &w);
    score_sheet_t got;
    assert_int_equal(scoring_sheet_get(&c, w.movement, &got), ST_OK);
    assert_true(got.exists);
    assert_false(got.locked);
    assert_int_equal(got.total, 10000);
    assert_int_equal(got.n_lines, 7);
    assert_true(got.lines[1].evidence);
    assert_int_equal(got.lines[6].kind, SCORE_PENALTY);
    assert_string_equal(scoring_lines_text(f->arena, &got),
                        "group|Công tác tổ chức|60\nitem|Tỷ lệ phát triển đoàn viên|40|evidence\n"
                        "item|Thành lập công đoàn cơ sở|20\ngroup|Phong trào thi đua|40\n"
                        "item|Tổ chức phát động thi đua|40\nbonus|Sáng kiến cấp thành phố|5\n"
                        "penalty|Vi phạm chế độ báo cáo|10\n");
    assert_string_equal(scoring_bands_text(f->arena, &got), "90|Xuất sắc\n80|Tốt\n50|Hoàn thành\n0|Không hoàn thành\n");
    assert_int_equal(audits(f, "score_sheet"), 1);
    /* Saving again replaces the whole sheet. */
    score_sheet_t two = parse(f, "group|Một nhóm|100\nitem|Một tiêu chí|100\n", "70|Đạt\n0|Chưa đạt", 10000);
    assert_int_equal(scoring_sheet_save(&c, w.movement, &two, &why), ST_OK);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_items", 0), 2);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_bands", 0), 2);
}

static void test_self_and_official(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    save_good(f, &w);
    ctx_t unit = fx_as(f, w.u_factory), sup = fx_as(f, w.u_district);
    const char *why = NULL;
    int64_t members = item(f, &w, 1), founded = item(f, &w, 2), launched = item(f, &w, 4), bonus = item(f, &w, 5),
            penalty = item(f, &w, 6);
    score_in_t self[] = {{members, 3800, "Tăng 12% so với năm trước", "bao-cao-doan-vien.xlsx"},
                         {founded, 2000, NULL, NULL},
                         {launched, 3500, NULL, NULL},
                         {bonus, 500, "Sáng kiến máy dệt", NULL}};
    /* Not launched yet. */
    assert_int_equal(scoring_save(&unit, w.movement, w.factory, false, self, 4, &why), ST_CONFLICT);
    launch(f, &w);
    /* Over the maximum; evidence missing where required. */
    score_in_t over = {founded, 2001, NULL, NULL};
    assert_int_equal(scoring_save(&unit, w.movement, w.factory, false, &over, 1, &why), ST_INVALID);
    assert_string_equal(why, "Điểm của «Thành lập công đoàn cơ sở» phải từ 0 đến 20.");
    score_in_t bare = {members, 1000, NULL, NULL};
    assert_int_equal(scoring_save(&unit, w.movement, w.factory, false, &bare, 1, &why), ST_INVALID);
    assert_non_null(strstr(why, "cần có minh chứng"));
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_entries", 0), 0);

    assert_int_equal(scoring_save(&unit, w.movement, w.factory, false, self, 4, &why), ST_OK);
    /* The unit's own officer may not fix the official score. */
    score_in_t fix[] = {{members, 3000, "Chưa đủ minh chứng cho 8%", NULL}, {penalty, 300, "Báo cáo chậm", NULL}};
    assert_int_equal(scoring_save(&unit, w.movement, w.factory, true, fix, 2, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_entries WHERE official_points IS NOT NULL", 0), 0);

    score_card_t card;
    assert_int_equal(scoring_card(&unit, w.movement, w.factory, &card), ST_OK);
    assert_true(card.can_self);
    assert_false(card.can_official);
    assert_int_equal(card.totals.self_total, 9800);
    assert_false(card.totals.reviewed);
    assert_true(card.totals.provisional);
    assert_string_equal(card.totals.band, "Xuất sắc");

    assert_int_equal(scoring_save(&sup, w.movement, w.factory, true, fix, 2, &why), ST_OK);
    assert_int_equal(scoring_card(&sup, w.movement, w.factory, &card), ST_OK);
    assert_true(card.can_official);
    assert_true(card.totals.reviewed);
    assert_int_equal(card.totals.self_total, 9800);
    assert_int_equal(card.totals.official_total, 9800 - 800 - 300); /* 30 + 20 + 35 + 5 − 3 */
    assert_string_equal(card.totals.band, "Tốt");
    assert_false(card.totals.provisional);
    assert_int_equal(card.rows[1].self_points, 3800);
    assert_int_equal(card.rows[1].official_points, 3000);
    assert_string_equal(card.rows[1].evidence, "bao-cao-doan-vien.xlsx");
    assert_string_equal(card.rows[1].official_comment, "Chưa đủ minh chứng cho 8%");
    assert_string_equal(card.rows[1].self_comment, "Tăng 12% so với năm trước");
    /* Once reviewed, the self score is frozen. */
    assert_int_equal(scoring_save(&unit, w.movement, w.factory, false, self, 1, &why), ST_CONFLICT);
    assert_int_equal(audits(f, "score"), 2);

    /* The sheet is locked now. */
    score_sheet_t s = parse(f, good_sheet, NULL, 10000);
    assert_int_equal(scoring_sheet_save(&sup, w.movement, &s, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "không sửa bảng được nữa"));
    score_sheet_t got;
    assert_int_equal(scoring_sheet_get(&sup, w.movement, &got), ST_OK);
    assert_true(got.locked);
    /* The owner's own unit is not scored in its movement. */
    assert_int_equal(scoring_save(&sup, w.movement, w.district, false, self, 1, &why), ST_INVALID);
}

static void test_bands(void **state)
{
    fx_t *f = fx(state);
    const score_band_t *d;
    size_t n;
    scoring_default_bands(&d, &n);
    struct {
        const char *points, *band;
    } cases[] = {{"100", "Xuất sắc"}, {"90", "Xuất sắc"}, {"89,99", "Tốt"}, {"80", "Tốt"}, {"79.99", "Hoàn thành"},
                 {"50", "Hoàn thành"}, {"49,9", "Không hoàn thành"}, {"0", "Không hoàn thành"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_equal(scoring_classify(d, n, scoring_points_parse(cases[i].points)), cases[i].band);
    assert_string_equal(scoring_points_format(f->arena, 8999), "89,99");
    assert_string_equal(scoring_points_format(f->arena, 8750), "87,5");
    assert_string_equal(scoring_points_format(f->arena, 9000), "90");
    assert_int_equal(scoring_points_parse("1,234"), -1);
    assert_int_equal(scoring_points_parse("-1"), -1);
    assert_int_equal(scoring_points_parse("12,"), -1);

    const char *why = NULL;
    score_sheet_t s = parse(f, "group|A|100\nitem|a|100\n", "85|Giỏi\n60|Khá\n0|Trung bình\n", 10000);
    assert_int_equal(scoring_sheet_check(f->arena, &s, &why), ST_OK);
    assert_string_equal(scoring_classify(s.bands, s.n_bands, 8500), "Giỏi");
    assert_string_equal(scoring_classify(s.bands, s.n_bands, 8499), "Khá");
    assert_string_equal(scoring_classify(s.bands, s.n_bands, 5999), "Trung bình");
    score_sheet_t up = parse(f, "group|A|100\nitem|a|100\n", "60|Khá\n85|Giỏi\n0|Trung bình\n", 10000);
    assert_int_equal(scoring_sheet_check(f->arena, &up, &why), ST_INVALID);
    assert_non_null(strstr(why, "giảm dần"));
    score_sheet_t same = parse(f, "group|A|100\nitem|a|100\n", "80|Tốt\n80|Khá\n0|Kém\n", 10000);
    assert_int_equal(scoring_sheet_check(f->arena, &same, &why), ST_INVALID);
    score_sheet_t floor = parse(f, "group|A|100\nitem|a|100\n", "80|Tốt\n50|Khá\n", 10000);
    assert_int_equal(scoring_sheet_check(f->arena, &floor, &why), ST_INVALID);
    assert_non_null(strstr(why, "điểm sàn là 0"));
}

/* Gives UNIT, reviewed by the district, OFFICIAL points on item 4 (of 40)
 * and the rest in full. */
static void score_unit(fx_t *f, const world_t *w, int64_t unit, int64_t user, int64_t launched_points)
{
    ctx_t self = fx_as(f, user), sup = fx_as(f, w->u_district);
    const char *why = NULL;
    score_in_t in[] = {{item(f, w, 1), 4000, NULL, "minh-chung.pdf"}, {item(f, w, 2), 2000, NULL, NULL},
                       {item(f, w, 4), 4000, NULL, NULL}};
    assert_int_equal(scoring_save(&self, w->movement, unit, false, in, 3, &why), ST_OK);
    score_in_t fix = {item(f, w, 4), launched_points, NULL, NULL};
    assert_int_equal(scoring_save(&sup, w->movement, unit, true, &fix, 1, &why), ST_OK);
}

static void test_ranking_with_tie(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    save_good(f, &w);
    launch(f, &w);
    ctx_t sys = fx_system(f);
    const char *why = NULL;
    int64_t year = strtol(unit_today(&sys), NULL, 10), cluster = 0, school_user = fx_user(f, "canbo.thcs", "matkhau123");
    int64_t bv = fx_unit(f, w.district, "NM", "Công đoàn Nhà máy Bia");
    fx_grant(f, school_user, w.school, "officer");
    assert_int_equal(cluster_create(&sys, w.district, "cum", "Cụm thi đua số 1", year, &cluster, &why), ST_OK);
    int64_t members[] = {w.factory, w.school, w.hospital, bv};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(cluster_add_unit(&sys, cluster, members[i], &why), ST_OK);
    score_unit(f, &w, w.factory, w.u_factory, 3000);  /* 90 */
    score_unit(f, &w, w.school, school_user, 2500);   /* 85 */
    score_unit(f, &w, w.hospital, w.u_district, 3000); /* 90 */
    /* bv: not scored */
    ctx_t c = fx_as(f, w.u_district);
    score_rank_t *r;
    size_t n;
    assert_int_equal(scoring_ranking(&c, w.movement, cluster, &r, &n), ST_OK);
    assert_int_equal(n, 4);
    assert_int_equal(r[0].unit_id, w.factory);
    assert_int_equal(r[0].rank, 1);
    assert_true(r[0].tie);
    assert_int_equal(r[1].unit_id, w.hospital);
    assert_int_equal(r[1].rank, 1);
    assert_true(r[1].tie);
    assert_int_equal(r[2].unit_id, w.school);
    assert_int_equal(r[2].rank, 3);
    assert_false(r[2].tie);
    assert_int_equal(r[2].totals.official_total, 8500);
    assert_string_equal(r[2].totals.band, "Tốt");
    assert_int_equal(r[3].unit_id, bv);
    assert_int_equal(r[3].rank, 0);
    assert_false(r[3].totals.scored);
    assert_null(r[3].totals.band);
    /* Without a cluster: the units directly under the owner, the same order. */
    assert_int_equal(scoring_ranking(&c, w.movement, 0, &r, &n), ST_OK);
    assert_int_equal(n, 4);
    assert_int_equal(r[2].rank, 3);
    /* A unit's officer sees only its own row without a cluster. */
    ctx_t u = fx_as(f, w.u_factory);
    assert_int_equal(scoring_ranking(&u, w.movement, 0, &r, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(scoring_ranking(&u, w.movement, cluster, &r, &n), ST_FORBIDDEN);
}

static void test_other_district_refused(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    save_good(f, &w);
    launch(f, &w);
    ctx_t o = fx_as(f, w.u_other);
    const char *why = NULL;
    int64_t before = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    score_sheet_t s = parse(f, good_sheet, NULL, 10000), got;
    assert_int_equal(scoring_sheet_get(&o, w.movement, &got), ST_FORBIDDEN);
    assert_int_equal(scoring_sheet_save(&o, w.movement, &s, &why), ST_FORBIDDEN);
    score_in_t in = {item(f, &w, 2), 1000, NULL, NULL};
    assert_int_equal(scoring_save(&o, w.movement, w.factory, false, &in, 1, &why), ST_FORBIDDEN);
    assert_int_equal(scoring_save(&o, w.movement, w.factory, true, &in, 1, &why), ST_FORBIDDEN);
    /* Its own unit does not take part in this movement either. */
    assert_int_equal(scoring_save(&o, w.movement, w.other_unit, false, &in, 1, &why), ST_FORBIDDEN);
    score_card_t card;
    assert_int_equal(scoring_card(&o, w.movement, w.factory, &card), ST_FORBIDDEN);
    score_rank_t *r;
    size_t n;
    assert_int_equal(scoring_ranking(&o, w.movement, 0, &r, &n), ST_FORBIDDEN);
    /* A missing movement answers the same. */
    assert_int_equal(scoring_sheet_get(&o, 999999, &got), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), before);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM score_entries", 0), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_sheet_refused_then_saved), T(test_self_and_official), T(test_bands), T(test_ranking_with_tie),
        T(test_other_district_refused),
    };
    FX_RUN_BOTH("scoring", tests);
}
