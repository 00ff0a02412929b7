/* Emulation movements: a launch with its history, a cascade four levels deep
 * with units that never respond (coverage shows them, shares as figures),
 * illegal transitions refused, edits after launch versioned, and officers of
 * other units refused at every step with nothing written. Runs on SQLite and
 * PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/movement.h"

typedef struct {
    int64_t city, hbt, bd, cg, school, hospital, factory, team, hcm;
} tree_t;

/* A unit founded on 01/01/2000, so that it stood in the tree during the
 * movements of 2024 the tests launch. */
static int64_t unit_2000(fx_t *f, int64_t parent, const char *code, const char *name)
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

static tree_t make_tree(fx_t *f)
{
    tree_t t;
    t.city = unit_2000(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    t.hbt = unit_2000(f, t.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    t.bd = unit_2000(f, t.city, "BD", "Liên đoàn Lao động quận Ba Đình");
    t.cg = unit_2000(f, t.city, "CG", "Liên đoàn Lao động quận Cầu Giấy");
    t.school = unit_2000(f, t.hbt, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân");
    t.hospital = unit_2000(f, t.hbt, "BV", "Công đoàn Bệnh viện Thanh Nhàn");
    t.factory = unit_2000(f, t.bd, "DET", "Công đoàn Công ty Dệt 8-3");
    t.team = unit_2000(f, t.school, "TO1", "Tổ công đoàn Khối Văn phòng");
    t.hcm = unit_2000(f, 0, "HCM", "Liên đoàn Lao động TP Hồ Chí Minh");
    return t;
}

static movement_spec_t spec(const char *name)
{
    return (movement_spec_t){.name = name,
                             .content = "Thi đua lao động giỏi, lao động sáng tạo",
                             .goals = "100% công đoàn cơ sở tổ chức phát động",
                             .legal_basis = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP",
                             .kind = "thuong_xuyen",
                             .period_from = "2024-01-01",
                             .period_to = "2024-12-31",
                             .year_label = "2024"};
}

static int64_t launched(fx_t *f, int64_t owner, const char *name)
{
    ctx_t c = fx_system(f);
    movement_spec_t sp = spec(name);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = movement_create(&c, owner, &sp, &id, &why);
    if (s != ST_OK)
        print_error("create: %d %s / %s\n", s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-15", "Lễ phát động", &why), ST_OK);
    return id;
}

static int64_t respond(fx_t *f, int64_t parent, int64_t unit, bool launch)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = movement_respond(&c, parent, unit, NULL, &id, &why);
    if (s != ST_OK)
        print_error("respond: %d %s / %s\n", s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    if (launch)
        assert_int_equal(movement_set_state(&c, id, "launched", "2024-02-01", NULL, &why), ST_OK);
    return id;
}

static void test_launch_and_history(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    movement_spec_t sp = spec("Phong trào thi đua “Lao động giỏi, lao động sáng tạo”");
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-15", "Hội nghị phát động", &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "interim", "2024-06-30", "Sơ kết 6 tháng", &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "interim", "2024-09-30", "Sơ kết 9 tháng", &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "final", "2024-12-20", NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "closed", "2024-12-31", NULL, &why), ST_OK);
    movement_t m;
    assert_int_equal(movement_get(&c, id, &m), ST_OK);
    assert_string_equal(m.state, "closed");
    assert_string_equal(m.spec.kind, "thuong_xuyen");
    assert_string_equal(m.spec.year_label, "2024");
    assert_int_equal(m.parent_movement_id, 0);
    assert_int_equal(m.n_history, 6);
    assert_string_equal(m.history[0].state, "draft");
    assert_string_equal(m.history[2].state, "interim");
    assert_string_equal(m.history[2].note, "Sơ kết 6 tháng");
    assert_string_equal(m.history[5].date, "2024-12-31");
    movement_t *list;
    size_t n;
    assert_int_equal(movement_list(&c, t.city, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    /* Bad specs are refused with a reason. */
    sp.kind = "hang_nam";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_non_null(why);
    sp = spec("X");
    sp.period_to = "2023-12-31";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    sp = spec("X");
    sp.year_label = "2020-2019";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM movements", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'movement'", 0), 6);
}

static void test_illegal_transitions(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    movement_spec_t sp = spec("Phong trào “Xanh – Sạch – Đẹp”");
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "final", "2024-12-20", NULL, &why), ST_INVALID);
    assert_string_equal(why, "Chỉ tổng kết được phong trào đã phát động và chưa tổng kết.");
    assert_int_equal(movement_set_state(&c, id, "interim", "2024-06-30", NULL, &why), ST_INVALID);
    assert_int_equal(movement_set_state(&c, id, "bogus", "2024-06-30", NULL, &why), ST_INVALID);
    /* Nobody may answer a draft. */
    int64_t r = 0;
    assert_int_equal(movement_respond(&c, id, t.hbt, NULL, &r, &why), ST_INVALID);
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-15", NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-16", NULL, &why), ST_INVALID);
    assert_int_equal(movement_set_state(&c, id, "closed", "2024-12-31", NULL, &why), ST_INVALID);
    assert_string_equal(why, "Chỉ kết thúc được phong trào đã tổng kết.");
    /* A date before the launch. */
    assert_int_equal(movement_set_state(&c, id, "interim", "2024-01-01", NULL, &why), ST_INVALID);
    assert_int_equal(movement_set_state(&c, id, "interim", "2024-13-01", NULL, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM movement_states WHERE movement_id = ?1", id), 2);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'movement'", 0), 2);
    /* A unit outside the owner's tree cannot respond. */
    assert_int_equal(movement_respond(&c, id, t.hcm, NULL, &r, &why), ST_INVALID);
    assert_int_equal(movement_respond(&c, id, t.city, NULL, &r, &why), ST_INVALID);
}

static void test_edit_after_launch_is_versioned(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    movement_spec_t sp = spec("Thi đua năm 2024");
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_OK);
    sp.name = "Thi đua yêu nước năm 2024";
    assert_int_equal(movement_update(&c, id, &sp, &why), ST_OK); /* draft: in place */
    movement_t m;
    assert_int_equal(movement_get(&c, id, &m), ST_OK);
    assert_int_equal(m.version, 1);
    assert_int_equal(m.n_versions, 1);
    assert_string_equal(m.versions[0].spec.name, "Thi đua yêu nước năm 2024");
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-15", NULL, &why), ST_OK);
    sp.goals = "100% công đoàn cơ sở phát động; 80% đăng ký thi đua";
    assert_int_equal(movement_update(&c, id, &sp, &why), ST_OK);
    sp.period_to = "2025-01-31";
    assert_int_equal(movement_update(&c, id, &sp, &why), ST_OK);
    assert_int_equal(movement_get(&c, id, &m), ST_OK);
    assert_int_equal(m.version, 3);
    assert_int_equal(m.n_versions, 3);
    assert_string_equal(m.spec.period_to, "2025-01-31");
    assert_string_equal(m.versions[0].spec.goals, "100% công đoàn cơ sở tổ chức phát động");
    assert_string_equal(m.versions[1].spec.goals, "100% công đoàn cơ sở phát động; 80% đăng ký thi đua");
    assert_string_equal(m.versions[1].spec.period_to, "2024-12-31");
    assert_string_equal(m.state, "launched");
    /* Closed: no more edits. */
    assert_int_equal(movement_set_state(&c, id, "final", "2024-12-20", NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "closed", "2024-12-31", NULL, &why), ST_OK);
    assert_int_equal(movement_update(&c, id, &sp, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM movement_versions WHERE movement_id = ?1", id), 3);
}

static void test_cascade_and_coverage(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t m = launched(f, t.city, "Phong trào thi đua “Lao động giỏi, lao động sáng tạo”");
    int64_t m_hbt = respond(f, m, t.hbt, true);
    int64_t m_bd = respond(f, m, t.bd, false); /* responded, still a draft */
    (void)m_bd;
    int64_t m_school = respond(f, m_hbt, t.school, true);
    assert_int_equal(movement_set_state(&c, m_school, "interim", "2024-06-30", NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, m_school, "final", "2024-12-15", NULL, &why), ST_OK);
    int64_t m_team = respond(f, m_school, t.team, true);
    /* Cầu Giấy, the hospital and the factory never respond. A second
     * response of the same unit is refused. */
    int64_t dup = 0;
    assert_int_equal(movement_respond(&c, m, t.hbt, NULL, &dup, &why), ST_CONFLICT);
    assert_string_equal(why, "Đơn vị đã hưởng ứng phong trào này.");
    movement_t r;
    assert_int_equal(movement_get(&c, m_team, &r), ST_OK);
    assert_int_equal(r.parent_movement_id, m_school);
    assert_int_equal(r.owner_unit_id, t.team);
    assert_string_equal(r.spec.name, "Phong trào thi đua “Lao động giỏi, lao động sáng tạo”");

    coverage_t cv;
    assert_int_equal(movement_coverage(&c, m, false, &cv), ST_OK);
    assert_int_equal(cv.total, 3);
    assert_int_equal(cv.responded, 2);
    assert_int_equal(cv.launched, 1);
    assert_int_equal(cv.interim, 0);
    assert_string_equal(cv.responded_share, "66,7 %");
    assert_string_equal(cv.launched_share, "33,3 %");
    assert_string_equal(cv.final_share, "0 %");
    for (size_t i = 0; i < cv.n; i++)
        if (cv.rows[i].unit_id == t.cg)
            assert_false(cv.rows[i].responded);
        else
            assert_true(cv.rows[i].responded);

    assert_int_equal(movement_coverage(&c, m, true, &cv), ST_OK);
    assert_int_equal(cv.total, 7);
    assert_int_equal(cv.responded, 4);
    assert_int_equal(cv.launched, 3);
    assert_int_equal(cv.interim, 1);
    assert_int_equal(cv.final, 1);
    assert_string_equal(cv.responded_share, "57,1 %");
    int seen = 0;
    for (size_t i = 0; i < cv.n; i++) {
        if (cv.rows[i].unit_id == t.hospital) {
            seen++;
            assert_false(cv.rows[i].responded);
            assert_int_equal(cv.rows[i].depth, 2);
        }
        if (cv.rows[i].unit_id == t.team) {
            seen++;
            assert_true(cv.rows[i].launched);
            assert_int_equal(cv.rows[i].movement_id, m_team);
            assert_int_equal(cv.rows[i].depth, 3);
        }
        if (cv.rows[i].unit_id == t.school)
            assert_true(cv.rows[i].final && cv.rows[i].interim);
    }
    assert_int_equal(seen, 2);
    /* The district's own coverage covers its own subtree. */
    assert_int_equal(movement_coverage(&c, m_hbt, false, &cv), ST_OK);
    assert_int_equal(cv.total, 2);
    assert_string_equal(cv.responded_share, "50 %");
    assert_string_equal(movement_share(f->arena, 7, 9), "77,8 %");
    assert_string_equal(movement_share(f->arena, 9, 9), "100 %");
}

static void test_other_officer_refused(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    int64_t m = launched(f, t.city, "Thi đua yêu nước 2024");
    int64_t m_hbt = respond(f, m, t.hbt, false);
    int64_t outsider = fx_user(f, "canbo.hcm", "mat-khau-rat-dai");
    fx_grant(f, outsider, t.hcm, "officer");
    int64_t bd_officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, bd_officer, t.bd, "officer");
    int64_t audits = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    int64_t rows = fx_int(f, "SELECT (SELECT COUNT(*) FROM movements) + (SELECT COUNT(*) FROM movement_states)"
                             " + (SELECT COUNT(*) FROM movement_versions)", 0);
    movement_spec_t sp = spec("Thi đua khác");
    const char *why = NULL;
    int64_t id = 0;
    movement_t mv;
    movement_t *list;
    size_t n;
    coverage_t cv;

    ctx_t o = fx_as(f, outsider);
    assert_int_equal(movement_create(&o, t.city, &sp, &id, &why), ST_FORBIDDEN);
    assert_int_equal(movement_update(&o, m, &sp, &why), ST_FORBIDDEN);
    assert_int_equal(movement_set_state(&o, m, "interim", "2024-06-30", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(movement_set_state(&o, m_hbt, "launched", "2024-02-01", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(movement_respond(&o, m, t.bd, NULL, &id, &why), ST_FORBIDDEN);
    assert_int_equal(movement_respond(&o, m, t.hcm, NULL, &id, &why), ST_FORBIDDEN);
    assert_int_equal(movement_get(&o, m, &mv), ST_FORBIDDEN);
    assert_int_equal(movement_list(&o, t.city, &list, &n), ST_FORBIDDEN);
    assert_int_equal(movement_coverage(&o, m, true, &cv), ST_FORBIDDEN);
    assert_int_equal(movement_get(&o, 999999, &mv), ST_FORBIDDEN);

    /* A district officer sees the city's movement and may answer it for its
     * own unit only, but not change the city's or a sibling's movement. */
    ctx_t b = fx_as(f, bd_officer);
    assert_int_equal(movement_get(&b, m, &mv), ST_OK);
    assert_int_equal(movement_create(&b, t.city, &sp, &id, &why), ST_FORBIDDEN);
    assert_int_equal(movement_update(&b, m, &sp, &why), ST_FORBIDDEN);
    assert_int_equal(movement_set_state(&b, m, "interim", "2024-06-30", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(movement_set_state(&b, m_hbt, "launched", "2024-02-01", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(movement_respond(&b, m, t.hbt, NULL, &id, &why), ST_FORBIDDEN);
    assert_int_equal(movement_get(&b, m_hbt, &mv), ST_FORBIDDEN);
    assert_int_equal(movement_coverage(&b, m, false, &cv), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), audits);
    assert_int_equal(fx_int(f, "SELECT (SELECT COUNT(*) FROM movements) + (SELECT COUNT(*) FROM movement_states)"
                               " + (SELECT COUNT(*) FROM movement_versions)", 0), rows);
    /* Its own answer is fine. */
    assert_int_equal(movement_respond(&b, m, t.bd, "Thi đua yêu nước 2024 – quận Ba Đình", &id, &why), ST_OK);
    assert_int_equal(movement_set_state(&b, id, "launched", "2024-02-03", NULL, &why), ST_OK);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), audits + 2);
}

/* The target group and titles are checked against their catalogues, kept,
 * copied into an answer, and versioned with the rest. */
static void test_target_group_and_titles(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    movement_spec_t sp = spec("Thi đua “Xanh – Sạch – Đẹp”");
    const char *why = NULL;
    int64_t id = 0, answer = 0;
    sp.target_unit_kind = "VUA";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_string_equal(why, "Loại đơn vị thuộc đối tượng thi đua không có trong danh mục.");
    sp.target_unit_kind = "CDCS";
    sp.target_sector = "MARS";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_string_equal(why, "Khu vực thuộc đối tượng thi đua không có trong danh mục.");
    sp.target_sector = "FDI";
    sp.target_people = "ai_cung_duoc";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_string_equal(why, "Đối tượng thi đua (người) không có trong danh mục.");
    sp.target_people = "cong_nhan";
    sp.titles = "IND_LDTT,,COL_TTLDXS";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    sp.titles = "IND_LDTT,KHONG_CO";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_INVALID);
    assert_string_equal(why, "Danh hiệu «KHONG_CO» không có trong danh mục danh hiệu thi đua.");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM movements", 0), 0);
    sp.titles = "IND_LDTT,COL_TTLDXS";
    assert_int_equal(movement_create(&c, t.city, &sp, &id, &why), ST_OK);
    assert_int_equal(movement_set_state(&c, id, "launched", "2024-01-15", NULL, &why), ST_OK);
    assert_int_equal(movement_respond(&c, id, t.hbt, NULL, &answer, &why), ST_OK);
    movement_t m;
    assert_int_equal(movement_get(&c, answer, &m), ST_OK);
    assert_string_equal(m.spec.target_unit_kind, "CDCS");
    assert_string_equal(m.spec.target_sector, "FDI");
    assert_string_equal(m.spec.target_people, "cong_nhan");
    assert_string_equal(m.spec.titles, "IND_LDTT,COL_TTLDXS");
    sp.titles = "IND_LDTT";
    assert_int_equal(movement_update(&c, id, &sp, &why), ST_OK);
    assert_int_equal(movement_get(&c, id, &m), ST_OK);
    assert_int_equal(m.n_versions, 2);
    assert_string_equal(m.versions[0].spec.titles, "IND_LDTT,COL_TTLDXS");
    assert_string_equal(m.versions[1].spec.titles, "IND_LDTT");
}

/* A unit sees what its superiors launched (nearest first), with its own
 * answer; drafts and closed movements are not asked of it; another
 * district's officer cannot look. */
static void test_inbox(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t city = launched(f, t.city, "Thi đua của thành phố"), draft = 0;
    int64_t hbt = launched(f, t.hbt, "Thi đua của quận Hai Bà Trưng");
    movement_spec_t sp = spec("Dự thảo của thành phố");
    assert_int_equal(movement_create(&c, t.city, &sp, &draft, &why), ST_OK);
    int64_t answer = respond(f, hbt, t.school, false);
    movement_t *m;
    size_t n;
    assert_int_equal(movement_inbox(&c, t.school, &m, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(m[0].id, hbt);
    assert_int_equal(m[0].response_id, answer);
    assert_string_equal(m[0].response_state, "draft");
    assert_int_equal(m[1].id, city);
    assert_int_equal(m[1].response_id, 0);
    assert_null(m[1].response_state);
    assert_int_equal(movement_inbox(&c, t.city, &m, &n), ST_OK);
    assert_int_equal(n, 0);
    int64_t u = fx_user(f, "canbo.badinh", "matkhau123");
    fx_grant(f, u, t.bd, "officer");
    ctx_t b = fx_as(f, u);
    assert_int_equal(movement_inbox(&b, t.school, &m, &n), ST_FORBIDDEN);
    assert_int_equal(movement_inbox(&b, t.factory, &m, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].id, city);
}

/* Coverage counts the units as the tree stood on the period's last day: a
 * commune union founded on 01/07/2025 is not owed an answer to the city's
 * 2024 movement, though it may record one, and it is owed one for 2026. */
static void test_coverage_as_of_period(void **state)
{
    fx_t *f = fx(state);
    tree_t t = make_tree(f);
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = t.city, .code = "PBD", .name = "Công đoàn phường Ba Đình", .valid_from = "2025-07-01"};
    const char *why = NULL;
    int64_t ward = 0;
    assert_int_equal(unit_create_spec(&c, &sp, &ward, &why), ST_OK);
    int64_t m2024 = launched(f, t.city, "Thi đua năm 2024");
    coverage_t cv;
    assert_int_equal(movement_coverage(&c, m2024, false, &cv), ST_OK);
    assert_int_equal(cv.total, 3);
    for (size_t i = 0; i < cv.n; i++)
        assert_int_not_equal(cv.rows[i].unit_id, ward);
    respond(f, m2024, ward, true);
    movement_spec_t later = spec("Thi đua năm 2099");
    later.period_from = "2099-01-01";
    later.period_to = "2099-12-31";
    int64_t m2099 = 0;
    assert_int_equal(movement_create(&c, t.city, &later, &m2099, &why), ST_OK);
    assert_int_equal(movement_coverage(&c, m2099, false, &cv), ST_OK);
    assert_int_equal(cv.total, 4);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_launch_and_history),
        T(test_illegal_transitions),
        T(test_edit_after_launch_is_versioned),
        T(test_cascade_and_coverage),
        T(test_other_officer_refused),
        T(test_target_group_and_titles),
        T(test_inbox),
        T(test_coverage_as_of_period),
    };
    FX_RUN_BOTH("movement", tests);
}
