/* Emulation registration (issue 4 §2) and the titles catalogue: titles by
 * date, a unit and a person registering, bulk registration, duplicates,
 * lateness after the deadline, a draft movement, officers of another
 * district refused with nothing written, withdrawal, the inherited
 * "registration required" setting and import from a list. Runs on SQLite
 * and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/movement.h"
#include "core/registration.h"
#include "core/title.h"
#include "export/transfer.h"

typedef struct {
    int64_t city, hbt, factory, school, bd, bd_cs;
    int64_t an, binh, chi, dung; /* an, binh, chi in the factory; dung in Ba Đình */
    int64_t officer_hbt, officer_bd;
    int64_t mv;                  /* the city's launched movement */
} world_t;

static int64_t movement(fx_t *f, int64_t owner, bool launch)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t id = 0;
    movement_spec_t sp = {.name = "Thi đua lao động giỏi năm 2026", .kind = "thuong_xuyen",
                          .period_from = "2026-01-01", .period_to = "2026-12-31", .year_label = "2026"};
    assert_int_equal(movement_create(&c, owner, &sp, &id, &why), ST_OK);
    if (launch)
        assert_int_equal(movement_set_state(&c, id, "launched", "2026-01-05", NULL, &why), ST_OK);
    return id;
}

static world_t make_world(fx_t *f)
{
    world_t w;
    w.city = fx_unit(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    w.hbt = fx_unit(f, w.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    w.factory = fx_unit(f, w.hbt, "DET", "Công đoàn Công ty Dệt 8-3");
    w.school = fx_unit(f, w.hbt, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân");
    w.bd = fx_unit(f, w.city, "BD", "Liên đoàn Lao động quận Ba Đình");
    w.bd_cs = fx_unit(f, w.bd, "BD-CS", "Công đoàn Bệnh viện Xanh Pôn");
    w.an = fx_person(f, w.factory, "Nguyễn Văn An");
    w.binh = fx_person(f, w.factory, "Trần Thị Bình");
    w.chi = fx_person(f, w.factory, "Lê Thị Chi");
    w.dung = fx_person(f, w.bd_cs, "Phạm Văn Dũng");
    w.officer_hbt = fx_user(f, "canbo.hbt", "matkhau123");
    fx_grant(f, w.officer_hbt, w.hbt, "officer");
    w.officer_bd = fx_user(f, "canbo.bd", "matkhau123");
    fx_grant(f, w.officer_bd, w.bd, "officer");
    w.mv = movement(f, w.city, true);
    return w;
}

static int64_t regs(fx_t *f)
{
    return fx_int(f, "SELECT COUNT(*) FROM registrations", 0);
}

static int64_t audits(fx_t *f)
{
    return fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'registration'", 0);
}

static registration_in_t in_of(const char *title, const char *reason)
{
    return (registration_in_t){.title_code = title, .targets = "Hoàn thành vượt mức kế hoạch 10%",
                               .late_reason = reason};
}

static void test_catalogue_by_date(void **state)
{
    fx_t *f = fx(state);
    ctx_t c = fx_system(f);
    title_t *t;
    size_t n, all;
    title_t one;
    assert_int_equal(title_find(&c, "IND_CSTD_CS", &one), ST_OK);
    assert_string_equal(one.name, "Chiến sĩ thi đua cơ sở");
    assert_string_equal(one.subject, "individual");
    assert_string_equal(one.kind, "title");
    assert_string_equal(one.confidence, "H");
    assert_non_null(strstr(one.legal_basis, "Điều 23"));
    assert_int_equal(title_find(&c, "NO_SUCH", &one), ST_NOT_FOUND);

    assert_int_equal(title_list(&c, "2026-03-01", NULL, &t, &all), ST_OK);
    assert_true(all >= 13);
    /* A title valid only in 2020–2024 (data, as the rules work will add). */
    fx_exec(f, "INSERT INTO titles (code, name, subject, kind, scheme, valid_from, valid_to, confidence, rank)"
               " VALUES ('OLD_T', 'Danh hiệu cũ', 'individual', 'title', 'union', '2020-01-01', '2025-01-01', 'L', 5)");
    assert_int_equal(title_list(&c, "2026-03-01", NULL, &t, &n), ST_OK);
    assert_int_equal(n, all);
    assert_int_equal(title_list(&c, "2024-12-31", NULL, &t, &n), ST_OK);
    assert_int_equal(n, all + 1);
    assert_string_equal(t[0].code, "OLD_T");
    assert_int_equal(title_list(&c, "2025-01-01", NULL, &t, &n), ST_OK);
    assert_int_equal(n, all);

    /* By subject: forms for both appear in both lists. */
    size_t ind, col;
    assert_int_equal(title_list(&c, "2026-03-01", "individual", &t, &ind), ST_OK);
    for (size_t i = 0; i < ind; i++)
        assert_true(title_for(&t[i], "individual"));
    assert_int_equal(title_list(&c, "2026-03-01", "collective", &t, &col), ST_OK);
    bool bk = false;
    for (size_t i = 0; i < col; i++) {
        assert_string_not_equal(t[i].code, "IND_LDTT");
        bk |= strcmp(t[i].code, "U_BK_TLD") == 0;
    }
    assert_true(bk);
    assert_int_equal(title_list(&c, "2026-02-30", NULL, &t, &n), ST_INVALID);
    assert_int_equal(title_list(&c, NULL, "household", &t, &n), ST_INVALID);
}

static void test_unit_and_person(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    int64_t id = 0;
    bool late = true;
    registration_in_t in = in_of("COL_TTLDXS", NULL);
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, &late, &why), ST_OK);
    assert_true(id > 0);
    assert_false(late);
    /* A collective title for a person, an individual one for a unit: refused. */
    registration_result_t res;
    assert_int_equal(registration_add_people(&c, w.mv, &w.an, 1, &in, &res, &why), ST_INVALID);
    assert_non_null(strstr(why, "tập thể"));
    in = in_of("IND_CSTD_CS", NULL);
    assert_int_equal(registration_add_unit(&c, w.mv, w.school, &in, &id, &late, &why), ST_INVALID);
    assert_int_equal(registration_add_people(&c, w.mv, &w.an, 1, &in, &res, &why), ST_OK);
    assert_int_equal(res.registered, 1);
    assert_true(res.first_id > 0);
    assert_int_equal(regs(f), 2);
    assert_int_equal(audits(f), 2);
    /* An unknown title. */
    in = in_of("KHONG_CO", NULL);
    assert_int_equal(registration_add_people(&c, w.mv, &w.binh, 1, &in, &res, &why), ST_INVALID);
    assert_non_null(strstr(why, "danh mục"));

    registration_list_t l;
    assert_int_equal(registration_list(&c, &(registration_query_t){w.mv, 0, false}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.rows[0].subject, "collective");
    assert_int_equal(l.rows[0].unit_id, w.factory);
    assert_string_equal(l.rows[1].person_name, "Nguyễn Văn An");
    assert_string_equal(l.rows[1].targets, "Hoàn thành vượt mức kế hoạch 10%");
    assert_int_equal(l.n_counts, 2);
    assert_int_equal(l.active, 2);

    /* The cascade coverage shows who registered: the factory, not the school. */
    ctx_t sys = fx_system(f);
    coverage_t cv;
    assert_int_equal(movement_coverage(&sys, w.mv, true, &cv), ST_OK);
    assert_int_equal(cv.registered, 1);
    for (size_t i = 0; i < cv.n; i++)
        assert_int_equal(cv.rows[i].registered, cv.rows[i].unit_id == w.factory);

    registration_subject_t who = {.person_id = w.an};
    bool ex = false;
    assert_int_equal(registration_exists(&c, w.mv, NULL, &who, "IND_CSTD_CS", &ex), ST_OK);
    assert_true(ex);
    assert_int_equal(registration_exists(&c, 0, "2026", &who, "IND_CSTD_CS", &ex), ST_OK);
    assert_true(ex);
    assert_int_equal(registration_exists(&c, 0, "2025", &who, "IND_CSTD_CS", &ex), ST_OK);
    assert_false(ex);
    assert_int_equal(registration_exists(&c, w.mv, NULL, &who, "IND_LDTT", &ex), ST_OK);
    assert_false(ex);
    who = (registration_subject_t){.unit_id = w.factory};
    assert_int_equal(registration_exists(&c, w.mv, NULL, &who, "COL_TTLDXS", &ex), ST_OK);
    assert_true(ex);
    /* Ba Đình's officer may not ask about a Hai Bà Trưng person. */
    ctx_t bd = fx_as(f, w.officer_bd);
    who = (registration_subject_t){.person_id = w.an};
    assert_int_equal(registration_exists(&bd, w.mv, NULL, &who, "IND_CSTD_CS", &ex), ST_FORBIDDEN);
}

static void test_bulk_and_duplicate(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    registration_result_t res;
    registration_in_t in = in_of("IND_LDTT", NULL);
    int64_t people[] = {w.an, w.binh, w.chi, w.binh};
    assert_int_equal(registration_add_people(&c, w.mv, people, 4, &in, &res, &why), ST_OK);
    assert_int_equal(res.registered, 3);
    assert_int_equal(regs(f), 3);
    assert_int_equal(audits(f), 1); /* one entry for the factory's three */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registration_batch", 0), 0);

    /* Again for one of them: refused, naming her; nothing written. */
    assert_int_equal(registration_add_people(&c, w.mv, &w.binh, 1, &in, &res, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "Trần Thị Bình"));
    assert_int_equal(res.registered, 0);
    int64_t id = 0;
    in = in_of("COL_TTLDTT", NULL);
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, NULL, &why), ST_OK);
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, NULL, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "đã đăng ký"));
    assert_int_equal(regs(f), 4);

    /* Another title for the same people is fine. */
    in = in_of("IND_CSTD_CS", NULL);
    assert_int_equal(registration_add_people(&c, w.mv, people, 2, &in, &res, &why), ST_OK);
    registration_list_t l;
    assert_int_equal(registration_list(&c, &(registration_query_t){w.mv, w.factory, false}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.active, 6);
    assert_int_equal(l.n_counts, 3);
    for (size_t i = 0; i < l.n_counts; i++)
        if (strcmp(l.counts[i].title_code, "IND_LDTT") == 0)
            assert_int_equal(l.counts[i].count, 3);
    assert_int_equal(registration_add_people(&c, w.mv, people, 0, &in, &res, &why), ST_INVALID);
}

static void test_deadline_and_late(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    ctx_t sys = fx_system(f);
    const char *why = NULL;
    /* Only the owner's officers set the deadline. */
    assert_int_equal(registration_set_deadline(&c, w.mv, "2020-01-31", &why), ST_FORBIDDEN);
    assert_int_equal(registration_set_deadline(&sys, w.mv, "31/01/2020", &why), ST_INVALID);
    assert_int_equal(registration_set_deadline(&sys, w.mv, "2020-01-31", &why), ST_OK);
    const char *dl = NULL;
    bool passed = false;
    assert_int_equal(registration_deadline(&c, w.mv, &dl, &passed), ST_OK);
    assert_string_equal(dl, "2020-01-31");
    assert_true(passed);

    registration_result_t res;
    registration_in_t in = in_of("IND_LDTT", NULL);
    int64_t people[] = {w.an, w.binh};
    assert_int_equal(registration_add_people(&c, w.mv, people, 2, &in, &res, &why), ST_INVALID);
    assert_non_null(strstr(why, "quá hạn"));
    assert_non_null(strstr(why, "31/01/2020"));
    assert_int_equal(regs(f), 0);
    int64_t id = 0;
    bool late = false;
    in = in_of("COL_TTLDXS", NULL);
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, &late, &why), ST_INVALID);
    assert_non_null(strstr(why, "lý do"));

    in = in_of("IND_LDTT", "Đơn vị mới thành lập tháng 2");
    assert_int_equal(registration_add_people(&c, w.mv, people, 2, &in, &res, &why), ST_OK);
    assert_true(res.late);
    in = in_of("COL_TTLDXS", "Đơn vị mới thành lập tháng 2");
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, &late, &why), ST_OK);
    assert_true(late);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE late = 1"
                               " AND late_reason = 'Đơn vị mới thành lập tháng 2'", 0), 3);
    registration_list_t l;
    assert_int_equal(registration_list(&c, &(registration_query_t){w.mv, 0, false}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.late, 3);

    /* A record of a past day: the system context only, judged on that day. */
    fx_exec(f, "UPDATE unit_tree SET valid_from = '2000-01-01'");
    in = in_of("IND_LDTT", NULL);
    in.on = "2020-01-20";
    assert_int_equal(registration_add_people(&c, w.mv, &w.dung, 1, &in, &res, &why), ST_INVALID);
    assert_int_equal(registration_add_people(&sys, w.mv, &w.dung, 1, &in, &res, &why), ST_OK);
    assert_false(res.late);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE person_id = ?1 AND late = 0"
                               " AND registered_on = '2020-01-20'", w.dung), 1);

    /* A deadline in the future: on time, no reason needed, none stored. */
    assert_int_equal(registration_set_deadline(&sys, w.mv, "2999-12-31", &why), ST_OK);
    in = in_of("IND_CSTD_CS", "không cần");
    assert_int_equal(registration_add_people(&c, w.mv, &w.chi, 1, &in, &res, &why), ST_OK);
    assert_false(res.late);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE late = 0 AND late_reason IS NULL"
                               " AND title_code = 'IND_CSTD_CS'", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'registration_deadline'", 0), 2);
}

static void test_movement_state(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    registration_result_t res;
    registration_in_t in = in_of("IND_LDTT", NULL);
    int64_t draft = movement(f, w.city, false);
    assert_int_equal(registration_add_people(&c, draft, &w.an, 1, &in, &res, &why), ST_INVALID);
    assert_non_null(strstr(why, "chưa được phát động"));
    /* A movement of Ba Đình is not Hai Bà Trưng's to register for. */
    int64_t bd_mv = movement(f, w.bd, true);
    assert_int_equal(registration_add_people(&c, bd_mv, &w.an, 1, &in, &res, &why), ST_FORBIDDEN);
    int64_t id = 0;
    in = in_of("COL_TTLDXS", NULL);
    assert_int_equal(registration_add_unit(&c, bd_mv, w.factory, &in, &id, NULL, &why), ST_FORBIDDEN);
    /* Seen by the system, the refusal says why. */
    ctx_t sys = fx_system(f);
    assert_int_equal(registration_add_unit(&sys, bd_mv, w.factory, &in, &id, NULL, &why), ST_INVALID);
    assert_non_null(strstr(why, "phạm vi"));
    /* Closed. */
    assert_int_equal(movement_set_state(&sys, w.mv, "final", "2026-12-20", NULL, &why), ST_OK);
    assert_int_equal(registration_add_unit(&c, w.mv, w.factory, &in, &id, NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&sys, w.mv, "closed", "2026-12-31", NULL, &why), ST_OK);
    assert_int_equal(registration_add_unit(&c, w.mv, w.school, &in, &id, NULL, &why), ST_INVALID);
    assert_non_null(strstr(why, "đã kết thúc"));
    assert_int_equal(regs(f), 1);
}

static void test_other_district_refused(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t bd = fx_as(f, w.officer_bd);
    const char *why = NULL;
    registration_result_t res;
    registration_in_t in = in_of("IND_LDTT", NULL);
    /* A Hai Bà Trưng person, alone or hidden among Ba Đình's own. */
    assert_int_equal(registration_add_people(&bd, w.mv, &w.an, 1, &in, &res, &why), ST_FORBIDDEN);
    assert_null(strstr(why ? why : "", "An"));
    int64_t mixed[] = {w.dung, w.an};
    assert_int_equal(registration_add_people(&bd, w.mv, mixed, 2, &in, &res, &why), ST_FORBIDDEN);
    int64_t nobody = 999999;
    assert_int_equal(registration_add_people(&bd, w.mv, &nobody, 1, &in, &res, &why), ST_FORBIDDEN);
    /* A Hai Bà Trưng unit. */
    int64_t id = 0;
    in = in_of("COL_TTLDXS", NULL);
    assert_int_equal(registration_add_unit(&bd, w.mv, w.factory, &in, &id, NULL, &why), ST_FORBIDDEN);
    assert_int_equal(regs(f), 0);
    assert_int_equal(audits(f), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registration_batch", 0), 0);
    /* Its own person is fine. */
    in = in_of("IND_LDTT", NULL);
    assert_int_equal(registration_add_people(&bd, w.mv, &w.dung, 1, &in, &res, &why), ST_OK);

    /* Hai Bà Trưng registers its own; Ba Đình does not see them, nor withdraws them. */
    ctx_t hbt = fx_as(f, w.officer_hbt);
    assert_int_equal(registration_add_people(&hbt, w.mv, &w.an, 1, &in, &res, &why), ST_OK);
    registration_list_t l;
    assert_int_equal(registration_list(&bd, &(registration_query_t){w.mv, 0, false}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.rows[0].person_id, w.dung);
    assert_int_equal(registration_list(&bd, &(registration_query_t){w.mv, w.hbt, false}, 0, 1000, &l), ST_FORBIDDEN);
    assert_int_equal(registration_withdraw(&bd, res.first_id, NULL, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE state = 'active'", 0), 2);
    /* Nor the setting of Hai Bà Trưng. */
    assert_int_equal(registration_set_required(&bd, w.hbt, 1, &why), ST_FORBIDDEN);
    bool req = true;
    assert_int_equal(registration_required(&bd, w.factory, &req), ST_FORBIDDEN);
}

static void test_withdraw(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    registration_result_t res;
    registration_in_t in = in_of("IND_LDTT", NULL);
    assert_int_equal(registration_add_people(&c, w.mv, &w.an, 1, &in, &res, &why), ST_OK);
    assert_int_equal(registration_withdraw(&c, res.first_id, "Chuyển công tác", &why), ST_OK);
    assert_int_equal(registration_withdraw(&c, res.first_id, NULL, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "đã được rút"));
    assert_int_equal(registration_withdraw(&c, 987654, NULL, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'registration' AND action = 'withdraw'", 0),
                     1);
    registration_list_t l;
    assert_int_equal(registration_list(&c, &(registration_query_t){w.mv, 0, false}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.n, 0);
    assert_int_equal(registration_list(&c, &(registration_query_t){w.mv, 0, true}, 0, 1000, &l), ST_OK);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.withdrawn, 1);
    assert_string_equal(l.rows[0].state, "withdrawn");
    /* Registering again after withdrawing. */
    assert_int_equal(registration_add_people(&c, w.mv, &w.an, 1, &in, &res, &why), ST_OK);
    /* Once the movement has closed, its registrations stand. */
    ctx_t sys = fx_system(f);
    assert_int_equal(movement_set_state(&sys, w.mv, "final", "2026-12-01", NULL, &why), ST_OK);
    assert_int_equal(movement_set_state(&sys, w.mv, "closed", "2026-12-02", NULL, &why), ST_OK);
    assert_int_equal(registration_withdraw(&c, res.first_id, NULL, &why), ST_INVALID);
    assert_non_null(strstr(why, "đã kết thúc"));
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE id = ?1 AND state = 'active'", res.first_id), 1);
}

static void test_setting_inherited(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t sys = fx_system(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    bool req = true;
    assert_int_equal(registration_required(&c, w.factory, &req), ST_OK);
    assert_false(req);
    assert_int_equal(registration_set_required(&sys, w.city, 1, &why), ST_OK);
    assert_int_equal(registration_required(&c, w.factory, &req), ST_OK);
    assert_true(req);
    /* The district says no for itself and below; the nearest wins. */
    assert_int_equal(registration_set_required(&c, w.hbt, 0, &why), ST_OK);
    assert_int_equal(registration_required(&c, w.factory, &req), ST_OK);
    assert_false(req);
    assert_int_equal(registration_required(&sys, w.bd_cs, &req), ST_OK);
    assert_true(req);
    assert_int_equal(registration_set_required(&c, w.factory, 1, &why), ST_OK);
    assert_int_equal(registration_required(&c, w.factory, &req), ST_OK);
    assert_true(req);
    assert_int_equal(registration_required(&c, w.school, &req), ST_OK);
    assert_false(req);
    /* Removing the district's own setting: the city's applies again. */
    assert_int_equal(registration_set_required(&c, w.hbt, -1, &why), ST_OK);
    assert_int_equal(registration_required(&c, w.school, &req), ST_OK);
    assert_true(req);
    assert_int_equal(registration_set_required(&c, w.hbt, 7, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'unit_setting'", 0), 4);
}

/* ---- import ------------------------------------------------------------------------ */

static const char *write_file(fx_t *f, const char *name, const char *text)
{
    char *path = arena_printf(f->arena, "/tmp/tdkt-reg-%ld-%s", (long)getpid(), name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_import(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.officer_hbt);
    const char *why = NULL;
    fx_exec(f, "UPDATE persons SET cccd = '001090000001' WHERE full_name = 'Nguyễn Văn An'");
    char *bad = arena_printf(f->arena,
                             "STT,Họ và tên,Số CCCD,Mã hồ sơ,Danh hiệu đăng ký,Chỉ tiêu\n"
                             "1,Nguyễn Văn An,001090000001,,Lao động tiên tiến,Vượt kế hoạch\n"
                             "2,Trần Thị Bình,,%lld,Chiến sĩ thi đua cơ sở,Một sáng kiến\n"
                             "3,Lê Thị Chi,,%lld,Danh hiệu không có,\n"
                             "4,Phạm Văn Dũng,,%lld,Lao động tiên tiến,\n"
                             "5,Người Không Có,009999999999,,Lao động tiên tiến,\n"
                             "6,Lê Thị Chi,,%lld,Tập thể lao động xuất sắc,\n",
                             (long long)w.binh, (long long)w.chi, (long long)w.dung, (long long)w.chi);
    const char *path = write_file(f, "bad.csv", bad);
    registration_import_report_t rep;
    assert_int_equal(transfer_import_registrations(&c, w.mv, path, true, NULL, &rep, &why), ST_OK);
    assert_int_equal(rep.rows, 6);
    assert_int_equal(rep.n_errors, 4);
    assert_int_equal(rep.problems[0].row, 4);
    assert_non_null(strstr(rep.problems[0].message, "danh mục"));
    assert_int_equal(rep.problems[1].row, 5); /* Ba Đình's person: out of scope */
    assert_int_equal(rep.problems[2].row, 6); /* unknown CCCD: said the same way */
    assert_string_equal(rep.problems[1].message, rep.problems[2].message);
    assert_non_null(strstr(rep.problems[3].message, "tập thể"));
    assert_int_equal(regs(f), 0);
    assert_int_equal(audits(f), 0);

    char *good = arena_printf(f->arena,
                              "Họ và tên;Mã hồ sơ;Số CCCD;Danh hiệu đăng ký;Chỉ tiêu\n"
                              "Nguyễn Văn An;;001090000001;IND_LDTT;Vượt kế hoạch\n"
                              "Trần Thị Bình;%lld;;Chiến sĩ thi đua cơ sở;Một sáng kiến\n"
                              "Lê Thị Chi;%lld;;lao dong tien tien;\n",
                              (long long)w.binh, (long long)w.chi);
    path = write_file(f, "good.csv", good);
    assert_int_equal(transfer_import_registrations(&c, w.mv, path, false, NULL, &rep, &why), ST_OK);
    assert_int_equal(rep.n_errors, 0);
    assert_int_equal(rep.registered, 3);
    assert_int_equal(regs(f), 0); /* a dry run */
    assert_int_equal(transfer_import_registrations(&c, w.mv, path, true, NULL, &rep, &why), ST_OK);
    assert_int_equal(rep.registered, 3);
    assert_int_equal(regs(f), 3);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM registrations WHERE person_id = ?1 AND title_code = 'IND_CSTD_CS'"
                               " AND targets = 'Một sáng kiến'", w.binh), 1);
    int64_t a = audits(f);
    assert_int_equal(transfer_import_registrations(&c, w.mv, path, true, NULL, &rep, &why), ST_OK);
    assert_int_equal(rep.registered, 0);
    assert_int_equal(rep.unchanged, 3);
    assert_int_equal(regs(f), 3);
    assert_int_equal(audits(f), a);

    /* A file without the needed columns is refused as a whole. */
    path = write_file(f, "nohead.csv", "Tên,Ghi chú\nAn,x\n");
    assert_int_equal(transfer_import_registrations(&c, w.mv, path, true, NULL, &rep, &why), ST_INVALID);
    assert_non_null(strstr(why, "Danh hiệu đăng ký"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_catalogue_by_date), T(test_unit_and_person),       T(test_bulk_and_duplicate),
        T(test_deadline_and_late), T(test_movement_state),        T(test_other_district_refused),
        T(test_withdraw),          T(test_setting_inherited),     T(test_import),
    };
    FX_RUN_BOTH("registration", tests);
}
