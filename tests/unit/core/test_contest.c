/* Skill contests (hội thi tay nghề; issue 4 §5): participants, scores per
 * round, ranks with ties (1, 2, 2, 4), winners by rank with a tie at the
 * limit letting both in, winners by a score threshold, the level's title in
 * the person's record, a finished contest frozen, and an officer of another
 * unit refused at every step with nothing written. SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/contest.h"
#include "core/person.h"

typedef struct {
    int64_t city, district, factory, school, other;
    int64_t p[5];
} world_t;

static world_t make_world(fx_t *f)
{
    world_t w;
    w.city = fx_unit(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    w.district = fx_unit(f, w.city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    w.factory = fx_unit(f, w.district, "DET", "Công đoàn Công ty Dệt 8-3");
    w.school = fx_unit(f, w.district, "THCS", "Công đoàn Trường THCS Lê Ngọc Hân");
    w.other = fx_unit(f, w.city, "BD", "Liên đoàn Lao động quận Ba Đình");
    static const char *const names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
                                        "Hoàng Văn Em"};
    for (int i = 0; i < 5; i++)
        w.p[i] = fx_person(f, i < 3 ? w.factory : w.school, names[i]);
    return w;
}

static int64_t contest(fx_t *f, int64_t unit, const char *level, int64_t rounds)
{
    ctx_t c = fx_system(f);
    contest_in_t in = {.name = "Hội thi thợ dệt giỏi 2024", .trade = "Dệt kim", .level = level,
                       .held_on = "2024-05-12", .rounds = rounds};
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(contest_create(&c, unit, &in, &id, &why), ST_OK);
    return id;
}

/* Registers the five and scores them: totals 180, 170, 170, 160, 150. */
static void fill(fx_t *f, const world_t *w, int64_t g)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    static const int64_t r1[] = {9000, 8500, 9000, 8000, 7500}, r2[] = {9000, 8500, 8000, 8000, 7500};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(contest_add_participant(&c, g, w->p[i], i < 3 ? w->factory : w->school, &why), ST_OK);
        assert_int_equal(contest_score(&c, g, w->p[i], 1, 0, r1[i], &why), ST_OK);
        assert_int_equal(contest_score(&c, g, w->p[i], 2, 0, i == 2 ? 1 : r2[i], &why), ST_OK);
    }
    /* A score corrected: replaces the first. */
    assert_int_equal(contest_score(&c, g, w->p[2], 2, 0, r2[2], &why), ST_OK);
}

static void test_winners_get_their_title(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t g = contest(f, w.district, "cap_tren", 2);
    fill(f, &w, g);
    /* Refusals while open. */
    assert_int_equal(contest_add_participant(&c, g, w.p[0], w.factory, &why), ST_CONFLICT);
    assert_int_equal(contest_add_participant(&c, g, w.p[0], w.other, &why), ST_INVALID);
    assert_int_equal(contest_score(&c, g, w.p[0], 3, 0, 5000, &why), ST_INVALID);
    assert_int_equal(contest_score(&c, g, w.p[0], 1, 7, 5000, &why), ST_INVALID); /* no judges here */
    assert_int_equal(contest_score(&c, g, w.p[0], 1, 0, 100001, &why), ST_INVALID);
    assert_int_equal(contest_finish(&c, g, 0, -1, NULL, &why), ST_INVALID);

    /* The best two ranks: An first, Bình and Cường tied second, so three
     * winners; Dung is fourth (the rank after a tie skips). */
    size_t nw = 0;
    assert_int_equal(contest_finish(&c, g, 2, -1, &nw, &why), ST_OK);
    assert_int_equal(nw, 3);
    contest_t x;
    assert_int_equal(contest_get(&c, g, &x), ST_OK);
    assert_string_equal(x.state, "finished");
    assert_string_equal(x.title, "Công nhân giỏi cấp trên cơ sở");
    assert_int_equal(x.n_participants, 5);
    assert_int_equal(x.n_winners, 3);
    assert_int_equal(x.n_scores, 10);
    int64_t rank[5] = {0}, total[5] = {0};
    bool win[5] = {0};
    for (size_t i = 0; i < x.n_participants; i++)
        for (int k = 0; k < 5; k++)
            if (x.participants[i].person_id == w.p[k]) {
                rank[k] = x.participants[i].rank;
                total[k] = x.participants[i].total;
                win[k] = x.participants[i].winner;
            }
    assert_int_equal(rank[0], 1);
    assert_int_equal(rank[1], 2);
    assert_int_equal(rank[2], 2);
    assert_int_equal(rank[3], 4);
    assert_int_equal(rank[4], 5);
    assert_int_equal(total[0], 18000);
    assert_int_equal(total[2], 17000);
    assert_true(win[0] && win[1] && win[2] && !win[3] && !win[4]);
    assert_int_equal(x.participants[0].person_id, w.p[0]); /* by rank */

    /* The title is on the person's record. */
    contest_title_t *t;
    size_t n;
    assert_int_equal(contest_person_titles(&c, w.p[2], &t, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_string_equal(t[0].title, "Công nhân giỏi cấp trên cơ sở");
    assert_string_equal(t[0].level, "cap_tren");
    assert_int_equal(t[0].year, 2024);
    assert_int_equal(t[0].contest_id, g);
    assert_int_equal(contest_person_titles(&c, w.p[3], &t, &n), ST_OK);
    assert_int_equal(n, 0);

    /* Finished: frozen. */
    assert_int_equal(contest_score(&c, g, w.p[3], 1, 0, 10000, &why), ST_CONFLICT);
    assert_int_equal(contest_finish(&c, g, 4, -1, NULL, &why), ST_CONFLICT);

    /* A cơ sở contest decided by a threshold: total ≥ 170 points, the tie at
     * the threshold lets both in. */
    int64_t g2 = contest(f, w.district, "co_so", 2);
    fill(f, &w, g2);
    assert_int_equal(contest_finish(&c, g2, 0, 17000, &nw, &why), ST_OK);
    assert_int_equal(nw, 3);
    assert_int_equal(contest_person_titles(&c, w.p[1], &t, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM person_skill_titles WHERE title = 'Công nhân giỏi cấp cơ sở'", 0), 3);
    /* Both criteria: rank ≤ 1 and ≥ 170 points. */
    int64_t g3 = contest(f, w.city, "thanh_pho", 2);
    fill(f, &w, g3);
    assert_int_equal(contest_finish(&c, g3, 1, 17000, &nw, &why), ST_OK);
    assert_int_equal(nw, 1);
    assert_int_equal(contest_person_titles(&c, w.p[0], &t, &n), ST_OK);
    assert_int_equal(n, 3);
    assert_string_equal(t[2].title, "Công nhân giỏi Thủ đô");
}

static void test_officer_of_another_unit(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t g = contest(f, w.district, "cap_tren", 2);
    assert_int_equal(contest_add_participant(&c, g, w.p[0], w.factory, &why), ST_OK);

    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, w.other, "officer");
    ctx_t x = fx_as(f, officer);
    int64_t audits = fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contest'", 0);
    contest_in_t in = {.name = "Hội thi", .trade = "Hàn", .level = "co_so", .held_on = "2024-05-12", .rounds = 1};
    int64_t id = 0;
    contest_t got;
    contest_title_t *t;
    size_t n;
    assert_int_equal(contest_create(&x, w.district, &in, &id, &why), ST_FORBIDDEN);
    assert_int_equal(contest_add_participant(&x, g, w.p[1], w.factory, &why), ST_FORBIDDEN);
    assert_int_equal(contest_score(&x, g, w.p[0], 1, 0, 9000, &why), ST_FORBIDDEN);
    assert_int_equal(contest_add_judge(&x, g, "Kỹ sư Lê Văn Hải", 0, &id, &why), ST_FORBIDDEN);
    assert_int_equal(contest_finish(&x, g, 1, -1, NULL, &why), ST_FORBIDDEN);
    assert_int_equal(contest_get(&x, g, &got), ST_FORBIDDEN);
    assert_int_equal(contest_get(&x, 987654, &got), ST_FORBIDDEN);
    assert_int_equal(contest_person_titles(&x, w.p[0], &t, &n), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'contest'", 0), audits);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM contests", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM contest_participants", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM contest_scores", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM contests WHERE state = 'open'", 0), 1);

    /* The factory's officer may read a titled worker's record but not run
     * the district's contest. */
    int64_t own = fx_user(f, "canbo.det", "mat-khau-rat-dai");
    fx_grant(f, own, w.factory, "officer");
    ctx_t o = fx_as(f, own);
    assert_int_equal(contest_person_titles(&o, w.p[0], &t, &n), ST_OK);
    assert_int_equal(contest_score(&o, g, w.p[0], 1, 0, 9000, &why), ST_FORBIDDEN);
}

/* Three judges' sheets: a round's score is their average, rounded to the
 * hundredth (85, 90, 90 → 88.33; 88, 89, 89 → 88.67); judges are fixed once scoring starts. */
static void test_judges_average(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t g = contest(f, w.factory, "co_so", 1), j[3];
    assert_int_equal(contest_add_judge(&c, g, "Kỹ sư Lê Văn Hải", 0, &j[0], &why), ST_OK);
    assert_int_equal(contest_add_judge(&c, g, "Kỹ sư Lê Văn Hải", 0, &j[1], &why), ST_CONFLICT);
    assert_int_equal(contest_add_judge(&c, g, "Quản đốc Phạm Thị Thu", w.p[4], &j[1], &why), ST_OK);
    assert_int_equal(contest_add_judge(&c, g, "Tổ trưởng Đỗ Văn Nam", 0, &j[2], &why), ST_OK);
    assert_int_equal(contest_add_participant(&c, g, w.p[0], w.factory, &why), ST_OK);
    assert_int_equal(contest_add_participant(&c, g, w.p[1], w.factory, &why), ST_OK);
    assert_int_equal(contest_score(&c, g, w.p[0], 1, 0, 9000, &why), ST_INVALID); /* a judge is needed */
    static const int64_t a[] = {8500, 9000, 9000}, b[] = {8800, 8900, 8900};
    for (int k = 0; k < 3; k++) {
        assert_int_equal(contest_score(&c, g, w.p[0], 1, j[k], a[k], &why), ST_OK);
        assert_int_equal(contest_score(&c, g, w.p[1], 1, j[k], b[k], &why), ST_OK);
    }
    int64_t late;
    assert_int_equal(contest_add_judge(&c, g, "Muộn", 0, &late, &why), ST_CONFLICT);
    size_t nw;
    assert_int_equal(contest_finish(&c, g, 1, -1, &nw, &why), ST_OK);
    assert_int_equal(nw, 1);
    contest_t x;
    assert_int_equal(contest_get(&c, g, &x), ST_OK);
    assert_int_equal(x.n_judges, 3);
    assert_int_equal(x.n_scores, 6);
    assert_int_equal(x.participants[0].person_id, w.p[1]); /* 88.666… → 88.67 */
    assert_int_equal(x.participants[0].total, 8867);
    assert_int_equal(x.participants[1].total, 8833); /* 88.333… → 88.33 */
    assert_int_equal(x.participants[1].rank, 2);
    assert_int_equal(x.n_winners, 1);
}

/* The register of a subtree: contests organised in it in a year, newest
 * first, with their participants and winners counted. */
static void test_list_of_a_subtree(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t g = contest(f, w.district, "cap_tren", 2);
    fill(f, &w, g);
    assert_int_equal(contest_finish(&c, g, 2, -1, NULL, &why), ST_OK);
    contest_in_t in = {.name = "Hội thi giáo viên dạy giỏi", .trade = "Giảng dạy", .level = "co_so",
                       .held_on = "2024-11-20", .rounds = 1};
    int64_t school = 0, old = 0, other = 0;
    assert_int_equal(contest_create(&c, w.school, &in, &school, &why), ST_OK);
    in.held_on = "2023-10-01";
    assert_int_equal(contest_create(&c, w.factory, &in, &old, &why), ST_OK);
    in.held_on = "2024-06-01";
    assert_int_equal(contest_create(&c, w.other, &in, &other, &why), ST_OK);

    contest_t *list;
    size_t n;
    assert_int_equal(contest_list(&c, w.district, 2024, &list, &n), ST_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, school);
    assert_string_equal(list[0].unit_name, "Công đoàn Trường THCS Lê Ngọc Hân");
    assert_string_equal(list[0].state, "open");
    assert_int_equal(list[0].n_participants, 0);
    assert_int_equal(list[1].id, g);
    assert_string_equal(list[1].state, "finished");
    assert_string_equal(list[1].title, "Công nhân giỏi cấp trên cơ sở");
    assert_int_equal(list[1].n_participants, 5);
    assert_int_equal(list[1].n_winners, 3);
    assert_int_equal(list[1].win_rank, 2);
    assert_int_equal(contest_list(&c, w.district, 0, &list, &n), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(list[2].id, old);
    assert_int_equal(contest_list(&c, w.city, 2024, &list, &n), ST_OK);
    assert_int_equal(n, 3);

    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, w.other, "officer");
    ctx_t x = fx_as(f, officer);
    assert_int_equal(contest_list(&x, w.district, 2024, &list, &n), ST_FORBIDDEN);
    assert_int_equal(contest_list(&x, w.other, 0, &list, &n), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, other);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_winners_get_their_title),
        T(test_officer_of_another_unit),
        T(test_judges_average),
        T(test_list_of_a_subtree),
    };
    FX_RUN_BOTH("contest", tests);
}
