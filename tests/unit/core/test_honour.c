/* Honouring events and advanced models (issue 4 §6): events with their
 * honorees, counts by kind over a subtree and a year (a unit outside the
 * subtree and another year left out), models and the units that replicated
 * them, refusals with their Vietnamese message (an honoree out of scope, a
 * second replication, bad input) and an officer of another district refused
 * at every step, nothing written. SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/honour.h"
#include "core/movement.h"

typedef struct {
    int64_t city, district, factory, school, other;
    int64_t an, binh, cuong;
} world_t;

static world_t make_world(fx_t *f)
{
    world_t w;
    w.city = fx_unit(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    w.district = fx_unit(f, w.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    w.factory = fx_unit(f, w.district, "DET", "Công đoàn Công ty Dệt 8-3");
    w.school = fx_unit(f, w.district, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân");
    w.other = fx_unit(f, w.city, "BD", "Liên đoàn Lao động quận Ba Đình");
    w.an = fx_person(f, w.factory, "Nguyễn Văn An");
    w.binh = fx_person(f, w.school, "Trần Thị Bình");
    w.cuong = fx_person(f, w.other, "Lê Văn Cường");
    return w;
}

static honour_event_in_t event(const char *kind, const char *date)
{
    return (honour_event_in_t){.kind = kind,
                               .title = "Hội nghị biểu dương điển hình tiên tiến giai đoạn 2020-2025",
                               .held_on = date,
                               .place = "Cung Văn hóa Lao động Hữu nghị Việt Xô",
                               .description = "Biểu dương 10 tập thể, 60 cá nhân."};
}

static int64_t create_event(fx_t *f, int64_t unit, const char *kind, const char *date)
{
    ctx_t c = fx_system(f);
    honour_event_in_t in = event(kind, date);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = honour_event_create(&c, unit, &in, NULL, 0, &id, &why);
    if (s != ST_OK)
        print_error("honour_event_create: %d %s\n", s, why ? why : "");
    assert_int_equal(s, ST_OK);
    return id;
}

static int64_t rows(fx_t *f, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return fx_int(f, sql, 0);
}

static int64_t audits(fx_t *f)
{
    return fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity IN ('honour_event', 'honour_model')", 0);
}

static void test_events_with_honorees_and_counts(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    movement_spec_t ms = {.name = "Phong trào thi đua Lao động giỏi, lao động sáng tạo", .kind = "thuong_xuyen",
                          .period_from = "2024-01-01", .period_to = "2024-12-31"};
    int64_t mv = 0;
    assert_int_equal(movement_create(&c, w.city, &ms, &mv, &why), ST_OK);

    honour_honoree_t hs[] = {{.person_id = w.an, .citation = "Có 3 sáng kiến cấp cơ sở"},
                             {.unit_id = w.factory, .citation = "Tập thể lao động xuất sắc 5 năm liền"}};
    honour_event_in_t in = event("hoi_nghi", "2024-07-28");
    in.movement_id = mv;
    int64_t id = 0;
    assert_int_equal(honour_event_create(&c, w.district, &in, hs, 2, &id, &why), ST_OK);
    honour_honoree_t more = {.person_id = w.binh, .citation = "Giáo viên dạy giỏi cấp thành phố"};
    assert_int_equal(honour_add_honoree(&c, id, &more, NULL, &why), ST_OK);
    assert_int_equal(honour_add_honoree(&c, id, &more, NULL, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "đã có trong danh sách"));

    honour_event_t e;
    assert_int_equal(honour_event_get(&c, id, &e), ST_OK);
    assert_int_equal(e.kind, HONOUR_HOI_NGHI);
    assert_int_equal(e.movement_id, mv);
    assert_string_equal(e.movement_name, ms.name);
    assert_int_equal(e.n_honorees, 3);
    assert_string_equal(e.honorees[0].name, "Nguyễn Văn An");
    assert_string_equal(e.honorees[1].name, "Công đoàn Công ty Dệt 8-3");
    assert_string_equal(e.honorees[1].citation, "Tập thể lao động xuất sắc 5 năm liền");
    assert_int_equal(e.honorees[2].person_id, w.binh);

    /* An article in the school, a seminar in the factory, a conference of
     * 2023 and one in the other district. */
    honour_event_in_t art = event("tin_bai", "2024-11-20");
    art.place = NULL;
    assert_int_equal(honour_event_create(&c, w.school, &art, NULL, 0, &id, &why), ST_INVALID);
    assert_non_null(strstr(why, "tên báo"));
    art.place = "Báo Lao Động";
    art.link = "javascript:alert(1)";
    assert_int_equal(honour_event_create(&c, w.school, &art, NULL, 0, &id, &why), ST_INVALID);
    art.link = "https://laodong.vn/cong-doan/guong-sang-1234.ldo";
    assert_int_equal(honour_event_create(&c, w.school, &art, NULL, 0, &id, &why), ST_OK);
    create_event(f, w.factory, "toa_dam", "2024-03-08");
    create_event(f, w.district, "hoi_nghi", "2023-12-30");
    create_event(f, w.other, "hoi_nghi", "2024-05-01");

    int64_t n[HONOUR_KINDS];
    assert_int_equal(honour_count_kinds(&c, w.district, 2024, n), ST_OK);
    assert_int_equal(n[HONOUR_HOI_NGHI], 1);
    assert_int_equal(n[HONOUR_TOA_DAM], 1);
    assert_int_equal(n[HONOUR_TIN_BAI], 1);
    assert_int_equal(n[HONOUR_GIAO_LUU], 0);
    assert_int_equal(honour_count_kinds(&c, w.city, 2024, n), ST_OK);
    assert_int_equal(n[HONOUR_HOI_NGHI], 2);
    assert_int_equal(honour_count_kinds(&c, w.district, 2023, n), ST_OK);
    assert_int_equal(n[HONOUR_HOI_NGHI], 1);
    assert_int_equal(n[HONOUR_TIN_BAI], 0);

    honour_event_t *list;
    size_t k;
    assert_int_equal(honour_event_list(&c, w.district, 2024, &list, &k), ST_OK);
    assert_int_equal(k, 3);
    assert_int_equal(list[0].kind, HONOUR_TIN_BAI); /* newest first */
    assert_string_equal(list[0].link, "https://laodong.vn/cong-doan/guong-sang-1234.ldo");
    assert_int_equal(list[1].n_honorees, 3);
    assert_int_equal(honour_event_list(&c, w.district, 0, &list, &k), ST_OK);
    assert_int_equal(k, 4);

    /* Bad input writes nothing. */
    int64_t before = rows(f, "honour_events"), names = rows(f, "honour_honorees"), log = audits(f);
    in = event("hop_mat", "2024-01-01");
    assert_int_equal(honour_event_create(&c, w.district, &in, NULL, 0, &id, &why), ST_INVALID);
    in = event("giao_luu", "2024-02-30");
    assert_int_equal(honour_event_create(&c, w.district, &in, NULL, 0, &id, &why), ST_INVALID);
    in = event("giao_luu", "2024-02-03");
    honour_honoree_t both[] = {{.person_id = w.an, .unit_id = w.factory}};
    assert_int_equal(honour_event_create(&c, w.district, &in, both, 1, &id, &why), ST_INVALID);
    honour_honoree_t twice[] = {{.person_id = w.an}, {.person_id = w.an}};
    assert_int_equal(honour_event_create(&c, w.district, &in, twice, 2, &id, &why), ST_INVALID);
    assert_non_null(strstr(why, "một lần"));
    honour_honoree_t ghost[] = {{.person_id = w.an}, {.person_id = 987654}};
    assert_int_equal(honour_event_create(&c, w.district, &in, ghost, 2, &id, &why), ST_FORBIDDEN);
    in.movement_id = 987654;
    assert_int_equal(honour_event_create(&c, w.district, &in, NULL, 0, &id, &why), ST_INVALID);
    assert_non_null(strstr(why, "Phong trào"));
    assert_int_equal(rows(f, "honour_events"), before);
    assert_int_equal(rows(f, "honour_honorees"), names);
    assert_int_equal(audits(f), log);
}

static int64_t create_model(fx_t *f, int64_t unit, int64_t person, int64_t collective, int64_t year)
{
    ctx_t c = fx_system(f);
    honour_model_in_t in = {.person_id = person, .subject_unit_id = collective,
                            .title = "Gương sáng lao động sáng tạo", .story = "Mười năm liền hoàn thành xuất sắc nhiệm vụ.",
                            .year = year};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = honour_model_create(&c, unit, &in, &id, &why);
    if (s != ST_OK)
        print_error("honour_model_create: %d %s\n", s, why ? why : "");
    assert_int_equal(s, ST_OK);
    return id;
}

static void test_models_and_replications(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t person = create_model(f, w.district, w.an, 0, 2024);
    int64_t team = create_model(f, w.city, 0, w.factory, 2023);
    create_model(f, w.other, w.cuong, 0, 2024);

    assert_int_equal(honour_model_replicate(&c, person, w.school, "2024-09-05", "Áp dụng cách làm ở tổ Văn", &why),
                     ST_OK);
    assert_int_equal(honour_model_replicate(&c, person, w.school, "2024-10-01", NULL, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "2024-09-05"));
    assert_int_equal(honour_model_replicate(&c, person, w.other, "2023-12-31", NULL, &why), ST_INVALID);
    assert_non_null(strstr(why, "trước năm"));
    assert_int_equal(honour_model_replicate(&c, team, w.factory, "2024-01-10", NULL, &why), ST_INVALID);
    assert_int_equal(honour_model_replicate(&c, team, w.school, "2024-01-10", NULL, &why), ST_OK);
    assert_int_equal(honour_model_replicate(&c, team, w.other, "2024-02-10", NULL, &why), ST_OK);

    honour_model_t m;
    assert_int_equal(honour_model_get(&c, team, &m), ST_OK);
    assert_string_equal(m.subject_name, "Công đoàn Công ty Dệt 8-3");
    assert_int_equal(m.year, 2023);
    assert_int_equal(m.n_replications, 2);
    assert_string_equal(m.replications[0].unit_name, "Công đoàn Trường THCS Lê Ngọc Hân");
    assert_string_equal(m.replications[1].replicated_on, "2024-02-10");
    assert_int_equal(honour_model_get(&c, person, &m), ST_OK);
    assert_string_equal(m.subject_name, "Nguyễn Văn An");
    assert_string_equal(m.replications[0].note, "Áp dụng cách làm ở tổ Văn");

    honour_model_t *list;
    size_t k;
    assert_int_equal(honour_model_list(&c, w.district, 2024, &list, &k), ST_OK);
    assert_int_equal(k, 1);
    assert_int_equal(list[0].id, person);
    assert_int_equal(list[0].n_replications, 1);
    assert_int_equal(honour_model_list(&c, w.city, 0, &list, &k), ST_OK);
    assert_int_equal(k, 3);
    int64_t models, reps;
    assert_int_equal(honour_count_models(&c, w.city, 0, &models, &reps), ST_OK);
    assert_int_equal(models, 3);
    assert_int_equal(reps, 3);
    assert_int_equal(honour_count_models(&c, w.district, 2024, &models, &reps), ST_OK);
    assert_int_equal(models, 1);
    assert_int_equal(reps, 1);

    honour_model_in_t bad = {.person_id = w.an, .subject_unit_id = w.factory, .title = "X", .story = "Y", .year = 2024};
    int64_t id;
    assert_int_equal(honour_model_create(&c, w.district, &bad, &id, &why), ST_INVALID);
    bad.subject_unit_id = 0;
    bad.story = "";
    assert_int_equal(honour_model_create(&c, w.district, &bad, &id, &why), ST_INVALID);
    assert_int_equal(rows(f, "honour_models"), 3);
}

static void test_refusals_and_other_district(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    const char *why = NULL;
    int64_t ev = create_event(f, w.district, "hoi_nghi", "2024-07-28");
    int64_t model = create_model(f, w.district, w.an, 0, 2024);

    /* The district's own officer may honour its people, not another district's. */
    int64_t own = fx_user(f, "canbo.hbt", "mat-khau-rat-dai");
    fx_grant(f, own, w.district, "officer");
    ctx_t o = fx_as(f, own);
    int64_t before = rows(f, "honour_events"), names = rows(f, "honour_honorees"), log = audits(f);
    honour_event_in_t in = event("le_tuyen_duong", "2024-10-10");
    honour_honoree_t outsider[] = {{.person_id = w.an}, {.person_id = w.cuong, .citation = "Người tốt việc tốt"}};
    int64_t id = 0;
    assert_int_equal(honour_event_create(&o, w.district, &in, outsider, 2, &id, &why), ST_FORBIDDEN);
    assert_string_equal(why, "Người hoặc đơn vị được nêu không có trong phạm vi bạn được xem.");
    honour_honoree_t other_unit = {.unit_id = w.other};
    assert_int_equal(honour_add_honoree(&o, ev, &other_unit, NULL, &why), ST_FORBIDDEN);
    assert_non_null(strstr(why, "phạm vi"));
    honour_model_in_t mi = {.person_id = w.cuong, .title = "Gương sáng", .story = "Câu chuyện", .year = 2024};
    assert_int_equal(honour_model_create(&o, w.district, &mi, &id, &why), ST_FORBIDDEN);
    assert_int_equal(rows(f, "honour_events"), before);
    assert_int_equal(rows(f, "honour_honorees"), names);
    assert_int_equal(rows(f, "honour_models"), 1);
    assert_int_equal(audits(f), log);
    assert_int_equal(honour_event_create(&o, w.factory, &in, outsider, 1, &id, &why), ST_OK);

    /* The officer of Ba Đình: refused at every step. */
    before = rows(f, "honour_events");
    names = rows(f, "honour_honorees");
    log = audits(f);
    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, w.other, "officer");
    ctx_t x = fx_as(f, officer);
    honour_event_t e;
    honour_event_t *events;
    honour_model_t m;
    honour_model_t *models;
    size_t n;
    int64_t counts[HONOUR_KINDS], nm, nr;
    honour_honoree_t mine = {.person_id = w.cuong};
    mi.person_id = w.cuong;
    assert_int_equal(honour_event_create(&x, w.district, &in, NULL, 0, &id, &why), ST_FORBIDDEN);
    assert_int_equal(honour_add_honoree(&x, ev, &mine, NULL, &why), ST_FORBIDDEN);
    assert_int_equal(honour_event_get(&x, ev, &e), ST_FORBIDDEN);
    assert_int_equal(honour_event_get(&x, 987654, &e), ST_FORBIDDEN);
    assert_int_equal(honour_event_list(&x, w.district, 2024, &events, &n), ST_FORBIDDEN);
    assert_int_equal(honour_count_kinds(&x, w.district, 2024, counts), ST_FORBIDDEN);
    assert_int_equal(honour_model_create(&x, w.district, &mi, &id, &why), ST_FORBIDDEN);
    assert_int_equal(honour_model_get(&x, model, &m), ST_FORBIDDEN);
    assert_int_equal(honour_model_list(&x, w.district, 0, &models, &n), ST_FORBIDDEN);
    assert_int_equal(honour_count_models(&x, w.district, 0, &nm, &nr), ST_FORBIDDEN);
    /* Replicating into its own district a model it may not see, or into the district. */
    assert_int_equal(honour_model_replicate(&x, model, w.other, "2024-09-01", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(honour_model_replicate(&x, model, w.district, "2024-09-01", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(rows(f, "honour_events"), before);
    assert_int_equal(rows(f, "honour_honorees"), names);
    assert_int_equal(rows(f, "honour_models"), 1);
    assert_int_equal(rows(f, "honour_replications"), 0);
    assert_int_equal(audits(f), log);
    /* Its own district works. */
    assert_int_equal(honour_event_create(&x, w.other, &in, &mine, 1, &id, &why), ST_OK);
    assert_int_equal(honour_count_kinds(&x, w.other, 2024, counts), ST_OK);
    assert_int_equal(counts[HONOUR_LE_TUYEN_DUONG], 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_events_with_honorees_and_counts),
        T(test_models_and_replications),
        T(test_refusals_and_other_district),
    };
    FX_RUN_BOTH("honour", tests);
}
