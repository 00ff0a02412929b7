/* Initiatives (sáng kiến; issue 4 §4): recognition level by level, no
 * skipping, no second recognition of a level, one use only (REFERENCE §1.3),
 * authors' shares summing to 100, counts per level over a subtree and a
 * year, and an officer of another unit refused at every step with nothing
 * written. Runs on SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fixture.h"
#include "core/initiative.h"
#include "core/org.h"
#include "core/person.h"

typedef struct {
    int64_t city, district, factory, school, other;
    int64_t an, binh;
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
    w.binh = fx_person(f, w.factory, "Trần Thị Bình");
    return w;
}

static initiative_in_t sample(const initiative_author_t *authors, size_t n)
{
    static const char *const files[] = {"thuyet-minh.pdf", "bien-ban-nghiem-thu.docx"};
    return (initiative_in_t){.title = "Cải tiến máy dệt kim giảm tiêu hao sợi",
                             .summary = "Thay bộ căng sợi, giảm đứt sợi 30%.",
                             .field = "Kỹ thuật sản xuất",
                             .applied_on = "2024-02-01",
                             .benefit_vnd = 150000000,
                             .attachments = files,
                             .n_attachments = 2,
                             .authors = authors,
                             .n_authors = n};
}

static int64_t audits(fx_t *f)
{
    return fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'initiative'", 0);
}

static void test_two_levels_then_one_use(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    initiative_author_t au[] = {{.person_id = w.an, .share = 60}, {.person_id = w.binh, .share = 40}};
    initiative_in_t in = sample(au, 2);
    int64_t id = 0;
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_OK);

    /* Level by level: cơ sở, then a skip to tỉnh is refused, then cấp trên. */
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CO_SO, w.factory, "12/QĐ-CĐCS", "2024-03-01", &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CO_SO, w.factory, "13/QĐ-CĐCS", "2024-03-02", &why),
                     ST_CONFLICT);
    assert_non_null(strstr(why, "12/QĐ-CĐCS"));
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_TINH, w.city, "5/QĐ-LĐLĐ", "2024-06-01", &why), ST_INVALID);
    assert_non_null(strstr(why, "vượt cấp"));
    /* Before the level below: refused. */
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CAP_TREN, w.district, "40/QĐ-LĐLĐ", "2024-02-01", &why),
                     ST_INVALID);
    /* A unit that is not above the applying one cannot recognise it. */
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CAP_TREN, w.other, "40/QĐ-LĐLĐ", "2024-05-10", &why),
                     ST_INVALID);
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CAP_TREN, w.district, "40/QĐ-LĐLĐ", "2024-05-10", &why),
                     ST_OK);

    /* Content is frozen once recognised. */
    assert_int_equal(initiative_update(&c, id, &in, &why), ST_CONFLICT);

    /* Used once; the second use names the first. */
    assert_int_equal(initiative_use(&c, id, "Bằng khen của Liên đoàn Lao động thành phố", "HS-2024-17", &why), ST_OK);
    assert_int_equal(initiative_use(&c, id, "Chiến sĩ thi đua cơ sở", NULL, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "Bằng khen của Liên đoàn Lao động thành phố"));
    assert_non_null(strstr(why, "HS-2024-17"));

    initiative_t x;
    assert_int_equal(initiative_get(&c, id, &x), ST_OK);
    assert_string_equal(x.title, in.title);
    assert_int_equal(x.top_level, INIT_LEVEL_CAP_TREN);
    assert_int_equal(x.n_recognitions, 2);
    assert_string_equal(x.recognitions[1].decision_no, "40/QĐ-LĐLĐ");
    assert_int_equal(x.n_authors, 2);
    assert_int_equal(x.authors[0].share, 60);
    assert_int_equal(x.n_attachments, 2);
    assert_string_equal(x.attachments[1], "bien-ban-nghiem-thu.docx");
    assert_int_equal(x.benefit_vnd, 150000000);
    assert_string_equal(x.used_for, "Bằng khen của Liên đoàn Lao động thành phố");
    /* create, 2 recognitions, 1 use. */
    assert_int_equal(audits(f), 4);

    /* Counts per level over the city for 2024: another initiative recognised
     * at cơ sở in the school, one recognised in 2023 left out. */
    initiative_author_t solo[] = {{.person_id = w.an, .share = 100}};
    initiative_in_t in2 = sample(solo, 1);
    in2.benefit_vnd = 0;
    in2.benefit_text = "Nâng cao an toàn lao động";
    int64_t id2, id3;
    assert_int_equal(initiative_create(&c, w.school, &in2, &id2, &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id2, INIT_LEVEL_CO_SO, w.school, "3/QĐ", "2024-11-20", &why), ST_OK);
    assert_int_equal(initiative_create(&c, w.school, &in2, &id3, &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id3, INIT_LEVEL_CO_SO, w.school, "9/QĐ", "2023-12-31", &why), ST_OK);
    int64_t n[INIT_LEVELS + 1];
    assert_int_equal(initiative_count_levels(&c, w.city, 2024, n), ST_OK);
    assert_int_equal(n[1], 2);
    assert_int_equal(n[2], 1);
    assert_int_equal(n[3], 0);
    assert_int_equal(initiative_count_levels(&c, w.other, 2024, n), ST_OK);
    assert_int_equal(n[1], 0);
    assert_int_equal(initiative_count_levels(&c, w.city, 2023, n), ST_OK);
    assert_int_equal(n[1], 1);

    initiative_t *list;
    size_t k;
    assert_int_equal(initiative_list(&c, w.district, 2024, &list, &k), ST_OK);
    assert_int_equal(k, 3); /* all applied on 2024-02-01 */
    assert_int_equal(initiative_list(&c, w.factory, 0, &list, &k), ST_OK);
    assert_int_equal(k, 1);
    assert_int_equal(list[0].top_level, 2);
}

static void test_shares_must_sum_to_100(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t id = 0;
    initiative_author_t au[] = {{.person_id = w.an, .share = 60}, {.person_id = w.binh, .share = 30}};
    initiative_in_t in = sample(au, 2);
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID);
    assert_non_null(strstr(why, "100%"));
    assert_non_null(strstr(why, "90%"));
    initiative_author_t twice[] = {{.person_id = w.an, .share = 50}, {.person_id = w.an, .share = 50}};
    in = sample(twice, 2);
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID);
    in = sample(NULL, 0);
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID);
    initiative_author_t ghost[] = {{.person_id = 999999, .share = 100}};
    in = sample(ghost, 1);
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID);
    initiative_author_t ok[] = {{.person_id = w.an, .share = 100}};
    in = sample(ok, 1);
    in.benefit_vnd = 0;
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID); /* no benefit */
    const char *bad_files[] = {"../etc/passwd"};
    in = sample(ok, 1);
    in.attachments = bad_files;
    in.n_attachments = 1;
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM initiatives", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM initiative_authors", 0), 0);
    assert_int_equal(audits(f), 0);
    /* Before recognition the content may be corrected. */
    in = sample(ok, 1);
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_OK);
    initiative_author_t two[] = {{.person_id = w.an, .share = 70}, {.person_id = w.binh, .share = 30}};
    in = sample(two, 2);
    in.title = "Cải tiến máy dệt kim (bản sửa)";
    assert_int_equal(initiative_update(&c, id, &in, &why), ST_OK);
    initiative_t x;
    assert_int_equal(initiative_get(&c, id, &x), ST_OK);
    assert_int_equal(x.n_authors, 2);
    assert_string_equal(x.title, "Cải tiến máy dệt kim (bản sửa)");
    /* Using an initiative nobody recognised is refused. */
    assert_int_equal(initiative_use(&c, id, "Bằng khen", NULL, &why), ST_INVALID);
}

static void test_officer_of_another_unit(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    initiative_author_t au[] = {{.person_id = w.an, .share = 100}};
    initiative_in_t in = sample(au, 1);
    int64_t id = 0, id2 = 0;
    assert_int_equal(initiative_create(&c, w.factory, &in, &id, &why), ST_OK);

    /* The factory's own officer: creates, recognises at cơ sở, but not at
     * the district's level. */
    int64_t own = fx_user(f, "canbo.det", "mat-khau-rat-dai");
    fx_grant(f, own, w.factory, "officer");
    ctx_t o = fx_as(f, own);
    assert_int_equal(initiative_create(&o, w.factory, &in, &id2, &why), ST_OK);
    assert_int_equal(initiative_recognize(&o, id, INIT_LEVEL_CO_SO, w.factory, "1/QĐ", "2024-03-01", &why), ST_OK);
    assert_int_equal(initiative_recognize(&o, id, INIT_LEVEL_CAP_TREN, w.district, "2/QĐ", "2024-04-01", &why),
                     ST_FORBIDDEN);

    int64_t before = audits(f), rows = fx_int(f, "SELECT COUNT(*) FROM initiatives", 0);
    int64_t officer = fx_user(f, "canbo.bd", "mat-khau-rat-dai");
    fx_grant(f, officer, w.other, "officer");
    ctx_t x = fx_as(f, officer);
    int64_t nid = 0;
    initiative_t got;
    initiative_t *list;
    size_t n;
    int64_t counts[INIT_LEVELS + 1];
    assert_int_equal(initiative_create(&x, w.factory, &in, &nid, &why), ST_FORBIDDEN);
    assert_int_equal(initiative_update(&x, id2, &in, &why), ST_FORBIDDEN);
    assert_int_equal(initiative_get(&x, id, &got), ST_FORBIDDEN);
    assert_int_equal(initiative_get(&x, 987654, &got), ST_FORBIDDEN);
    assert_int_equal(initiative_recognize(&x, id, INIT_LEVEL_CAP_TREN, w.district, "2/QĐ", "2024-04-01", &why),
                     ST_FORBIDDEN);
    assert_int_equal(initiative_recognize(&x, id, INIT_LEVEL_CAP_TREN, w.other, "2/QĐ", "2024-04-01", &why),
                     ST_FORBIDDEN);
    assert_int_equal(initiative_use(&x, id, "Bằng khen", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(initiative_list(&x, w.factory, 0, &list, &n), ST_FORBIDDEN);
    int64_t parent = 0;
    assert_int_equal(unit_parent_at(&x, w.factory, "2030-01-01", &parent), ST_FORBIDDEN);
    assert_int_equal(initiative_count_levels(&x, w.district, 2024, counts), ST_FORBIDDEN);
    assert_int_equal(audits(f), before);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM initiatives", 0), rows);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM initiative_recognitions", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM initiatives WHERE used_for IS NOT NULL", 0), 0);
}

static int64_t unit_2000(fx_t *f, int64_t parent, const char *code, const char *name)
{
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = parent, .code = code, .name = name, .valid_from = "2000-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(unit_create_spec(&c, &sp, &id, &why), ST_OK);
    return id;
}

/* A superior recognises by the tree of its decision's date: the district a
 * union left on 01/07/2025 may still record its 2024 decision, not a later
 * one; the new superior may from then on. */
static void test_recognition_by_the_tree_of_its_date(void **state)
{
    fx_t *f = fx(state);
    ctx_t c = fx_system(f);
    int64_t city = unit_2000(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội");
    int64_t old = unit_2000(f, city, "HBT", "Liên đoàn Lao động quận Hai Bà Trưng");
    int64_t ward = unit_2000(f, city, "PBK", "Công đoàn phường Bạch Mai");
    int64_t factory = unit_2000(f, old, "DET", "Công đoàn Công ty Dệt 8-3");
    const char *why = NULL;
    org_change_t ch = {.date = "2025-07-01", .decision_no = "1832/QĐ-LĐLĐ"};
    assert_int_equal(org_transfer(&c, factory, ward, &ch, &why), ST_OK);
    int64_t an = fx_person(f, factory, "Nguyễn Văn An"), id = 0, id2 = 0;
    initiative_author_t au[] = {{.person_id = an, .share = 100}};
    initiative_in_t in = sample(au, 1);
    assert_int_equal(initiative_create(&c, factory, &in, &id, &why), ST_OK);
    assert_int_equal(initiative_create(&c, factory, &in, &id2, &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CO_SO, factory, "1/QĐ-CĐCS", "2024-03-01", &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id, INIT_LEVEL_CAP_TREN, old, "7/QĐ-LĐLĐ", "2024-11-20", &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id2, INIT_LEVEL_CO_SO, factory, "2/QĐ-CĐCS", "2025-08-01", &why), ST_OK);
    assert_int_equal(initiative_recognize(&c, id2, INIT_LEVEL_CAP_TREN, old, "9/QĐ-LĐLĐ", "2025-09-01", &why),
                     ST_INVALID);
    assert_string_equal(why, "Đơn vị công nhận phải là đơn vị áp dụng sáng kiến hoặc đơn vị cấp trên của đơn vị đó.");
    assert_int_equal(initiative_recognize(&c, id2, INIT_LEVEL_CAP_TREN, ward, "3/QĐ-CĐP", "2025-09-01", &why), ST_OK);

    /* The superior of a day, as the demo asks for it before recognising. */
    int64_t parent = -1;
    assert_int_equal(unit_parent_at(&c, factory, "2025-06-30", &parent), ST_OK);
    assert_int_equal(parent, old);
    assert_int_equal(unit_parent_at(&c, factory, "2025-07-01", &parent), ST_OK);
    assert_int_equal(parent, ward);
    assert_int_equal(unit_parent_at(&c, factory, "1999-12-31", &parent), ST_OK);
    assert_int_equal(parent, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_two_levels_then_one_use),
        T(test_shares_must_sum_to_100),
        T(test_officer_of_another_unit),
        T(test_recognition_by_the_tree_of_its_date),
    };
    FX_RUN_BOTH("initiative", tests);
}
