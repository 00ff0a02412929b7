/* Unit tests for src/core/person.c on SQLite and, with TDKT_TEST_PG, on
 * PostgreSQL: identity and its validation, CCCD uniqueness without leaks,
 * the duplicate warning, transfers that keep one history, yearly records
 * with calendar and school years, merging duplicates (both histories kept,
 * audited), the official Vietnamese list order, and subtree listings as of a
 * date across a restructuring. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/org.h"
#include "core/person.h"
#include "core/unit.h"
#include "fixture.h"

#define PW "mat-khau-rat-dai"

/* The city used by most tests (every unit exists since 01/01/2000):
 *
 *   city  HN        Liên đoàn Lao động thành phố Hà Nội
 *   ├─ q1 HBT       LĐLĐ quận Hai Bà Trưng
 *   │  ├─ q1a HBT.NQ   Công đoàn Trường THCS Ngô Quyền      (school years)
 *   │  └─ q1b HBT.M10  Công đoàn Công ty May 10
 *   └─ q2 DD        LĐLĐ quận Đống Đa
 *      └─ q2a DD.BV   Công đoàn Bệnh viện Đống Đa
 */
typedef struct {
    int64_t city, q1, q1a, q1b, q2, q2a;
} city_t;

static int64_t unit_at(fx_t *f, int64_t parent, const char *code, const char *name, const char *year_type)
{
    ctx_t c = fx_system(f);
    unit_spec_t sp = {.parent_id = parent, .code = code, .name = name, .valid_from = "2000-01-01",
                      .year_type = year_type};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = unit_create_spec(&c, &sp, &id, &why);
    if (s != ST_OK)
        print_error("unit_create_spec(%s): %d %s / %s\n", code, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return id;
}

/* The first page of a list, unpacked. */
static status_t first_page(ctx_t *c, int64_t unit, const char *at, bool subtree, size_t limit, person_row_t **rows,
                           size_t *n, int64_t *total)
{
    person_list_q_t q = {.unit_id = unit, .as_of = at, .subtree = subtree, .limit = limit};
    person_page_t pg;
    status_t s = person_list(c, &q, &pg);
    *rows = pg.rows;
    *n = pg.n;
    *total = pg.total;
    return s;
}

static city_t make_city(fx_t *f)
{
    city_t t;
    t.city = unit_at(f, 0, "HN", "Liên đoàn Lao động thành phố Hà Nội", NULL);
    t.q1 = unit_at(f, t.city, "HBT", "LĐLĐ quận Hai Bà Trưng", NULL);
    t.q1a = unit_at(f, t.q1, "HBT.NQ", "Công đoàn Trường THCS Ngô Quyền", "school");
    t.q1b = unit_at(f, t.q1, "HBT.M10", "Công đoàn Công ty May 10", NULL);
    t.q2 = unit_at(f, t.city, "DD", "LĐLĐ quận Đống Đa", NULL);
    t.q2a = unit_at(f, t.q2, "DD.BV", "Công đoàn Bệnh viện Đống Đa", NULL);
    return t;
}

/* An account holding ROLE on UNIT. */
static int64_t officer(fx_t *f, const char *login, int64_t unit, const char *role)
{
    int64_t u = fx_user(f, login, PW);
    fx_grant(f, u, unit, role);
    return u;
}

static person_membership_in_t in_unit(int64_t unit, const char *from)
{
    return (person_membership_in_t){.unit_id = unit, .from_date = from, .position = "Giáo viên"};
}

/* Creates a person as C (asserting success); returns the id. */
static int64_t add_as(ctx_t *c, const char *name, const char *birth, const char *cccd, int64_t unit,
                      const char *from)
{
    person_fields_t pf = {.full_name = name, .birth_date = birth, .cccd = cccd, .gender = "M"};
    person_membership_in_t m = in_unit(unit, from);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = person_create(c, &pf, &m, true, &id, &why);
    if (s != ST_OK)
        print_error("person_create(%s): %d %s / %s\n", name, s, why ? why : "", db_errmsg(c->db));
    assert_int_equal(s, ST_OK);
    assert_true(id > 0);
    return id;
}

static int64_t add(fx_t *f, const char *name, const char *birth, const char *cccd, int64_t unit, const char *from)
{
    ctx_t c = fx_system(f);
    return add_as(&c, name, birth, cccd, unit, from);
}

static int64_t count_where(fx_t *f, const char *sql, int64_t p)
{
    return fx_int(f, sql, p);
}

/* Text of the first column of SQL with ?1 = P (NULL as "(null)"), in the arena. */
static const char *fx_text(fx_t *f, const char *sql, int64_t p)
{
    const char *out = NULL;
    status_t s = db_get_text(f->db, f->arena, &out, sql, "i", p);
    if (s != ST_OK)
        print_error("query(%s): %s\n", sql, db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return out ? out : "(null)";
}

/* ---- identity ------------------------------------------------------------------ */

static void test_create_and_get(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t u = officer(f, "canbo.hbt", t.q1, "officer");
    ctx_t c = fx_as(f, u);
    person_fields_t pf = {.full_name = "  Nguyễn   Thị  Thu Hà ", .gender = "nữ", .birth_date = "1987",
                          .cccd = "001187012345", .phone = "0912 345 678", .email = "ha.ntt@example.vn",
                          .recruited_on = "2010-09-01"};
    person_membership_in_t m = {.unit_id = t.q1a, .position = "Giáo viên Ngữ văn", .from_date = "2010-09-01",
                                .member_since = "2011-03-08", .direct_worker = true};
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(person_create(&c, &pf, &m, false, &id, &why), ST_OK);
    assert_null(why);
    assert_true(id > 0);

    person_t p;
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_string_equal(p.full_name, "Nguyễn Thị Thu Hà"); /* spaces collapsed */
    assert_string_equal(p.gender, "F");
    assert_string_equal(p.birth_date, "1987"); /* the year alone is allowed */
    assert_string_equal(p.cccd, "001187012345");
    assert_string_equal(p.phone, "0912 345 678");
    assert_string_equal(p.email, "ha.ntt@example.vn");
    assert_string_equal(p.recruited_on, "2010-09-01");
    assert_int_equal(p.merged_into, 0);
    assert_int_equal(p.unit_id, t.q1a);
    assert_string_equal(p.unit_name, "Công đoàn Trường THCS Ngô Quyền");
    assert_true(p.current);
    assert_int_equal(p.n_memberships, 1);
    assert_int_equal(p.memberships[0].unit_id, t.q1a);
    assert_string_equal(p.memberships[0].unit_code, "HBT.NQ");
    assert_string_equal(p.memberships[0].position, "Giáo viên Ngữ văn");
    assert_string_equal(p.memberships[0].from_date, "2010-09-01");
    assert_null(p.memberships[0].to_date);
    assert_string_equal(p.memberships[0].member_since, "2011-03-08");
    assert_true(p.memberships[0].direct_worker);
    assert_false(p.memberships[0].manager);
    assert_int_equal(p.n_ratings + p.n_disciplines + p.n_absences, 0);
    assert_true(p.created_at > 0 && p.updated_at == p.created_at);

    /* Stored search and order columns. */
    assert_string_equal(fx_text(f, "SELECT name_fold FROM persons WHERE id = ?1", id), "nguyen thi thu ha");
    assert_string_equal(fx_text(f, "SELECT name_pairs FROM persons WHERE id = ?1", id),
                        "nguyen_thi thi_thu thu_ha");
    /* Audited on the membership unit, by the officer. */
    assert_int_equal(count_where(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND action = 'create'"
                                    " AND entity_id = ?1", id), 1);
    assert_int_equal(fx_int(f, "SELECT unit_id FROM audit_log WHERE entity = 'person' AND entity_id = ?1", id), t.q1a);
    assert_int_equal(fx_int(f, "SELECT user_id FROM audit_log WHERE entity = 'person' AND entity_id = ?1", id), u);
    const char *after = fx_text(f, "SELECT after_json FROM audit_log WHERE entity = 'person' AND entity_id = ?1", id);
    assert_non_null(strstr(after, "\"unit_id\":"));

    /* Gender words. */
    assert_string_equal(person_gender_code("Nam"), "M");
    assert_string_equal(person_gender_code("NỮ"), "F");
    assert_string_equal(person_gender_code("nu"), "F");
    assert_string_equal(person_gender_code("f"), "F");
    assert_null(person_gender_code("khác"));
    assert_null(person_gender_code(""));
}

static void test_validation(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    static const struct {
        person_fields_t pf;
        const char *needle; /* a word of the expected message */
    } bad[] = {
        {{.full_name = ""}, "Họ và tên"},
        {{.full_name = "   "}, "Họ và tên"},
        {{.full_name = "Lê Văn Tám", .cccd = "00118701234"}, "12 chữ số"},
        {{.full_name = "Lê Văn Tám", .cccd = "0011870123456"}, "12 chữ số"},
        {{.full_name = "Lê Văn Tám", .cccd = "00118701234a"}, "12 chữ số"},
        {{.full_name = "Lê Văn Tám", .birth_date = "1985-02-30"}, "Ngày sinh"},
        {{.full_name = "Lê Văn Tám", .birth_date = "85"}, "Ngày sinh"},
        {{.full_name = "Lê Văn Tám", .birth_date = "02/03/1985"}, "Ngày sinh"},
        {{.full_name = "Lê Văn Tám", .birth_date = "2999-01-01"}, "Ngày sinh"},
        {{.full_name = "Lê Văn Tám", .birth_date = "1899"}, "Ngày sinh"},
        {{.full_name = "Lê Văn Tám", .gender = "X"}, "Giới tính"},
        {{.full_name = "Lê Văn Tám", .phone = "09-abc"}, "điện thoại"},
        {{.full_name = "Lê Văn Tám", .phone = "123"}, "điện thoại"},
        {{.full_name = "Lê Văn Tám", .email = "tam@"}, "thư điện tử"},
        {{.full_name = "Lê Văn Tám", .email = "tam at example.vn"}, "thư điện tử"},
        {{.full_name = "Lê Văn Tám", .recruited_on = "2020-13-01"}, "tuyển dụng"},
        {{.full_name = "L\xc3"}, "UTF-8"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        person_membership_in_t m = in_unit(t.q1a, "2020-01-01");
        const char *why = NULL;
        int64_t id = 7;
        status_t s = person_create(&c, &bad[i].pf, &m, true, &id, &why);
        if (s != ST_INVALID || !why || !strstr(why, bad[i].needle))
            fail_msg("case %zu: status %d, message %s", i, s, why ? why : "(none)");
        assert_int_equal(id, 0);
    }
    /* Membership input. */
    person_fields_t ok = {.full_name = "Lê Văn Tám"};
    static const person_membership_in_t badm[] = {
        {.unit_id = 0, .from_date = "2020-01-01"},
        {.unit_id = 1, .from_date = NULL},
        {.unit_id = 1, .from_date = "2020-02-30"},
        {.unit_id = 1, .from_date = "2020-01-01", .to_date = "2020-01-01"},
        {.unit_id = 1, .from_date = "2020-01-01", .member_since = "hôm qua"},
    };
    for (size_t i = 0; i < sizeof badm / sizeof *badm; i++) {
        const char *why = NULL;
        int64_t id = 0;
        assert_int_equal(person_create(&c, &ok, &badm[i], true, &id, &why), ST_INVALID);
        assert_non_null(why);
    }
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'person'", 0), 0);
}

static void test_cccd_unique(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t a = add(f, "Trần Văn Long", "1980-05-19", "001080004321", t.q1a, "2005-01-01");
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    person_fields_t pf = {.full_name = "Trần Long", .cccd = "001080004321"};
    const char *why = NULL;
    int64_t id = 0;

    /* The caller can see the holder: the number and the holder are named. */
    ctx_t c = fx_as(f, hbt);
    person_membership_in_t m = in_unit(t.q1b, "2020-01-01");
    assert_int_equal(person_create(&c, &pf, &m, true, &id, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "Số CCCD 001080004321 đã có trong hệ thống"));
    assert_non_null(strstr(why, "Trần Văn Long"));
    assert_int_equal(id, a);

    /* Another district: a neutral message that names nobody. */
    c = fx_as(f, dd);
    m = in_unit(t.q2a, "2020-01-01");
    id = 0;
    assert_int_equal(person_create(&c, &pf, &m, true, &id, &why), ST_CONFLICT);
    assert_null(strstr(why, "Trần"));
    assert_null(strstr(why, "001080004321"));
    assert_non_null(strstr(why, "CCCD"));
    assert_int_equal(id, 0);

    /* Updating another record to the same number is refused as well. */
    int64_t b = add(f, "Phạm Thị Mai", NULL, "001190000001", t.q1b, "2019-01-01");
    c = fx_as(f, hbt);
    person_fields_t up = {.full_name = "Phạm Thị Mai", .cccd = "001080004321"};
    assert_int_equal(person_update(&c, b, &up, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "001080004321"));
    /* Keeping its own number is fine. */
    up.cccd = "001190000001";
    up.phone = "024 3825 1234";
    assert_int_equal(person_update(&c, b, &up, &why), ST_OK);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons WHERE cccd = '001080004321'", 0), 1);
    /* Several people without a CCCD are fine on both databases. */
    add(f, "Người Một", NULL, NULL, t.q1a, "2020-01-01");
    add(f, "Người Hai", NULL, "", t.q1a, "2020-01-01");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons WHERE cccd IS NULL", 0), 2);
}

static void test_duplicate_warning(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    ctx_t c = fx_as(f, hbt);
    int64_t first = add_as(&c, "Nguyễn Văn An", "1985-03-02", NULL, t.q1a, "2010-01-01");

    /* Same folded name (case and marks aside) and birth date, no CCCD. */
    person_fields_t pf = {.full_name = "NGUYỄN VĂN AN", .birth_date = "1985-03-02"};
    person_membership_in_t m = in_unit(t.q1b, "2020-01-01");
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(person_create(&c, &pf, &m, false, &id, &why), ST_CONFLICT);
    assert_int_equal(id, first);
    assert_non_null(strstr(why, "trùng họ tên và ngày sinh"));
    assert_non_null(strstr(why, "02/03/1985"));
    /* A year alone matches a full date of that year, both ways. */
    pf.birth_date = "1985";
    assert_int_equal(person_create(&c, &pf, &m, false, &id, &why), ST_CONFLICT);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons", 0), 1);
    /* Another birth date: no warning. */
    pf.birth_date = "1986-03-02";
    assert_int_equal(person_create(&c, &pf, &m, false, &id, &why), ST_OK);
    /* Forced: created. */
    pf.birth_date = "1985-03-02";
    assert_int_equal(person_create(&c, &pf, &m, true, &id, &why), ST_OK);
    assert_true(id != first);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons", 0), 3);

    /* With a CCCD there is no warning. */
    pf.cccd = "001085000777";
    assert_int_equal(person_create(&c, &pf, &m, false, &id, &why), ST_OK);

    /* Out of the caller's scope: no warning (and nothing leaks). */
    c = fx_as(f, dd);
    person_fields_t other = {.full_name = "Nguyễn Văn An", .birth_date = "1985-03-02"};
    m = in_unit(t.q2a, "2020-01-01");
    assert_int_equal(person_create(&c, &other, &m, false, &id, &why), ST_OK);
}

static void test_update_and_scope(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t viewer = officer(f, "xem.hbt", t.q1, "viewer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    int64_t id = add(f, "Lê Văn Bình", "1979", NULL, t.q1b, "2001-01-01");
    person_fields_t up = {.full_name = "Lê Văn Bính", .birth_date = "1979-11-20", .gender = "nam",
                          .email = "binh.lv@may10.vn"};
    const char *why = NULL;

    ctx_t c = fx_as(f, dd);
    person_t p;
    assert_int_equal(person_get(&c, id, &p), ST_FORBIDDEN);
    assert_int_equal(person_update(&c, id, &up, &why), ST_FORBIDDEN);
    assert_non_null(why);
    c = fx_as(f, viewer);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_int_equal(person_update(&c, id, &up, &why), ST_FORBIDDEN);
    /* Missing and out-of-scope records look the same. */
    assert_int_equal(person_get(&c, 987654, &p), ST_FORBIDDEN);

    c = fx_as(f, hbt);
    assert_int_equal(person_update(&c, id, &up, &why), ST_OK);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_string_equal(p.full_name, "Lê Văn Bính");
    assert_string_equal(p.birth_date, "1979-11-20");
    assert_string_equal(p.gender, "M");
    assert_null(p.phone);
    assert_string_equal(fx_text(f, "SELECT name_fold FROM persons WHERE id = ?1", id), "le van binh");
    /* Audited with before and after, on the person's unit. */
    const char *before = fx_text(f, "SELECT before_json FROM audit_log WHERE entity = 'person' AND action = 'update'"
                                    " AND entity_id = ?1", id);
    const char *after = fx_text(f, "SELECT after_json FROM audit_log WHERE entity = 'person' AND action = 'update'"
                                   " AND entity_id = ?1", id);
    assert_non_null(strstr(before, "\"birth_date\":\"1979\""));
    assert_non_null(strstr(after, "\"birth_date\":\"1979-11-20\""));
    assert_int_equal(fx_int(f, "SELECT unit_id FROM audit_log WHERE action = 'update' AND entity_id = ?1", id), t.q1b);
    /* Bad input changes nothing. */
    up.cccd = "12";
    assert_int_equal(person_update(&c, id, &up, &why), ST_INVALID);

    /* A person who left stays visible to readers of the last unit. */
    assert_int_equal(person_end_membership(&c, id, "2024-01-01", &why), ST_OK);
    c = fx_as(f, viewer);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_false(p.current);
    assert_int_equal(p.unit_id, t.q1b);
    assert_string_equal(p.memberships[0].to_date, "2024-01-01");
    c = fx_as(f, dd);
    assert_int_equal(person_get(&c, id, &p), ST_FORBIDDEN);
}

/* ---- membership ------------------------------------------------------------------ */

static void test_transfer_keeps_one_history(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    int64_t boss = officer(f, "canbo.tp", t.city, "officer");
    int64_t id = add(f, "Đỗ Thị Hoa", "1990-06-15", NULL, t.q1a, "2015-09-01");
    person_membership_in_t m = {.unit_id = t.q2a, .from_date = "2021-07-01", .position = "Điều dưỡng",
                                .manager = true};
    const char *why = NULL;
    int64_t mid = 0;

    /* Each district alone may not move the person across. */
    ctx_t c = fx_as(f, hbt);
    assert_int_equal(person_add_membership(&c, id, &m, &mid, &why), ST_FORBIDDEN);
    assert_non_null(why);
    c = fx_as(f, dd);
    assert_int_equal(person_add_membership(&c, id, &m, &mid, &why), ST_FORBIDDEN);
    /* The city may; the date must come after the current start. */
    c = fx_as(f, boss);
    m.from_date = "2015-09-01";
    assert_int_equal(person_add_membership(&c, id, &m, &mid, &why), ST_INVALID);
    assert_non_null(strstr(why, "01/09/2015"));
    m.from_date = "2021-07-01";
    assert_int_equal(person_add_membership(&c, id, &m, &mid, &why), ST_OK);
    assert_true(mid > 0);

    person_t p;
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_int_equal(p.n_memberships, 2);
    assert_int_equal(p.memberships[0].unit_id, t.q1a);
    assert_string_equal(p.memberships[0].to_date, "2021-07-01");
    assert_int_equal(p.memberships[1].unit_id, t.q2a);
    assert_int_equal(p.memberships[1].id, mid);
    assert_null(p.memberships[1].to_date);
    assert_true(p.memberships[1].manager);
    assert_int_equal(p.unit_id, t.q2a);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons", 0), 1);
    /* The closing is audited on the old unit, the opening on the new one. */
    assert_int_equal(fx_int(f, "SELECT unit_id FROM audit_log WHERE action = 'end_membership' AND entity_id = ?1", id),
                     t.q1a);
    assert_int_equal(fx_int(f, "SELECT unit_id FROM audit_log WHERE action = 'add_membership' AND entity_id = ?1", id),
                     t.q2a);
    /* Now the new district sees the person and the old one does not. */
    c = fx_as(f, dd);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    c = fx_as(f, hbt);
    assert_int_equal(person_get(&c, id, &p), ST_FORBIDDEN);

    /* A past period must not overlap the others. */
    c = fx_as(f, boss);
    person_membership_in_t past = {.unit_id = t.q1b, .from_date = "2014-01-01", .to_date = "2015-10-01"};
    assert_int_equal(person_add_membership(&c, id, &past, &mid, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "Ngô Quyền"));
    past.to_date = "2015-09-01"; /* ends the day the next begins: fine */
    assert_int_equal(person_add_membership(&c, id, &past, &mid, &why), ST_OK);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_int_equal(p.n_memberships, 3);
    assert_int_equal(p.memberships[0].unit_id, t.q1b);
    assert_int_equal(p.unit_id, t.q2a); /* still the open one */

    /* Correcting a row is checked the same way. */
    person_membership_in_t fix = {.from_date = "2013-01-01", .to_date = "2016-01-01"};
    assert_int_equal(person_update_membership(&c, mid, &fix, &why), ST_CONFLICT);
    fix.to_date = "2015-08-01";
    fix.position = "Công nhân";
    assert_int_equal(person_update_membership(&c, mid, &fix, &why), ST_OK);
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_string_equal(p.memberships[0].from_date, "2013-01-01");
    assert_string_equal(p.memberships[0].position, "Công nhân");
    assert_int_equal(p.memberships[0].unit_id, t.q1b);
    /* Leaving, then nothing open to leave. */
    assert_int_equal(person_end_membership(&c, id, "2021-07-01", &why), ST_INVALID);
    assert_int_equal(person_end_membership(&c, id, "2025-01-01", &why), ST_OK);
    assert_int_equal(person_end_membership(&c, id, "2025-02-01", &why), ST_CONFLICT);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE person_id = ?1 AND to_date IS NULL", id), 0);
}

static void test_dissolved_unit_refused(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    org_change_t ch = {.date = "2025-07-01", .decision_no = "01/QĐ-LĐLĐ"};
    const char *why = NULL;
    assert_int_equal(org_dissolve(&c, t.q1b, &ch, &why), ST_OK);
    person_fields_t pf = {.full_name = "Vũ Văn Kiên"};
    person_membership_in_t m = in_unit(t.q1b, "2025-08-01");
    int64_t id = 0;
    assert_int_equal(person_create(&c, &pf, &m, true, &id, &why), ST_INVALID);
    assert_non_null(strstr(why, "giải thể"));
    m.from_date = "2020-01-01"; /* before the dissolution: fine */
    assert_int_equal(person_create(&c, &pf, &m, true, &id, &why), ST_OK);
}

static void test_unit_merger_keeps_one_history(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    ctx_t c = fx_as(f, hbt);
    const char *why = NULL;
    /* On 01/07/2025 May 10 (q1b) is merged into Ngô Quyền (q1a). */
    int64_t a = add_as(&c, "Tạ Văn Sơn", NULL, NULL, t.q1b, "2015-03-01");
    person_membership_in_t m = {.unit_id = t.q1b, .from_date = "2016-01-01", .position = "Tổ trưởng",
                                .manager = true, .member_since = "2016-05-01"};
    int64_t b = add_as(&c, "Mai Thị Yến", NULL, NULL, t.q1b, "2010-01-01");
    assert_int_equal(person_end_membership(&c, b, "2014-01-01", &why), ST_OK);
    assert_int_equal(person_add_membership(&c, b, &m, NULL, &why), ST_OK);
    int64_t late = add_as(&c, "Kiều Văn Tú", NULL, NULL, t.q1b, "2025-09-01"); /* joins after the merger date */
    int64_t stay = add_as(&c, "Lò Thị Mây", NULL, NULL, t.q1a, "2012-01-01");

    /* Another district may not do it; the same unit is refused. */
    ctx_t other = fx_as(f, dd);
    int64_t moved = -1;
    assert_int_equal(person_move_members(&other, t.q1b, t.q1a, "2025-07-01", &moved, &why), ST_FORBIDDEN);
    assert_int_equal(person_move_members(&c, t.q1b, t.q1b, "2025-07-01", &moved, &why), ST_INVALID);
    assert_int_equal(person_move_members(&c, t.q1b, t.q1a, "1/7/2025", &moved, &why), ST_INVALID);

    assert_int_equal(person_move_members(&c, t.q1b, t.q1a, "2025-07-01", &moved, &why), ST_OK);
    assert_int_equal(moved, 3);
    org_change_t ch = {.date = "2025-07-01", .decision_no = "88/QĐ-LĐLĐ"};
    assert_int_equal(org_merge(&c, t.q1b, t.q1a, &ch, &why), ST_OK);

    /* One history each: the old period closed, the new one with the same
     * position, flags and union date. */
    person_t p;
    assert_int_equal(person_get(&c, b, &p), ST_OK);
    assert_int_equal(p.n_memberships, 3);
    assert_int_equal(p.memberships[1].unit_id, t.q1b);
    assert_string_equal(p.memberships[1].to_date, "2025-07-01");
    assert_int_equal(p.memberships[2].unit_id, t.q1a);
    assert_string_equal(p.memberships[2].from_date, "2025-07-01");
    assert_null(p.memberships[2].to_date);
    assert_string_equal(p.memberships[2].position, "Tổ trưởng");
    assert_true(p.memberships[2].manager);
    assert_string_equal(p.memberships[2].member_since, "2016-05-01");
    /* Someone who joined after the date simply belongs to the new unit. */
    assert_int_equal(person_get(&c, late, &p), ST_OK);
    assert_int_equal(p.n_memberships, 1);
    assert_int_equal(p.memberships[0].unit_id, t.q1a);
    assert_string_equal(p.memberships[0].from_date, "2025-09-01");
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'move_membership'", 0), 3);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'move_membership' AND unit_id = ?1",
                            t.q1a), 3);

    /* Lists before and after the date. */
    person_row_t *rows;
    size_t n;
    int64_t total;
    assert_int_equal(first_page(&c, t.q1b, "2025-06-30", false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 2); /* Sơn, Yến */
    assert_int_equal(first_page(&c, t.q1a, "2025-06-30", false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, stay);
    assert_int_equal(first_page(&c, t.q1a, "2025-09-01", false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 4);
    assert_int_equal(first_page(&c, t.q1, "2025-07-01", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(total, 3); /* Tú has not joined yet */
    assert_int_equal(person_get(&c, a, &p), ST_OK);
    assert_int_equal(p.n_memberships, 2);
    assert_int_equal(p.unit_id, t.q1a);
    /* Nobody is left in the merged unit. */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE unit_id = ?1 AND to_date IS NULL", t.q1b), 0);
}

/* ---- yearly records ------------------------------------------------------------------ */

static void test_ratings_school_and_calendar_years(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    ctx_t c = fx_as(f, hbt);
    int64_t teacher = add_as(&c, "Hoàng Thị Lan", "1982", NULL, t.q1a, "2005-09-01");
    int64_t worker = add_as(&c, "Phan Văn Hùng", "1975", NULL, t.q1b, "2000-03-01");
    const char *why = NULL;

    /* A school counts school years, a company calendar years. */
    assert_int_equal(person_set_rating(&c, teacher, "2019-2020", "HTXSNV", "QĐ 12/QĐ-THCSNQ", 0, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, teacher, "2020-2021", "HTTNV", NULL, 0, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, teacher, "2020", "HTTNV", NULL, 0, &why), ST_INVALID);
    assert_non_null(strstr(why, "năm học"));
    assert_non_null(strstr(why, "Ngô Quyền"));
    assert_int_equal(person_set_rating(&c, worker, "2023", "HTNV", "Biên bản 03/BB", 0, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, worker, "2022-2023", "HTNV", NULL, 0, &why), ST_INVALID);
    assert_non_null(strstr(why, "năm dương lịch"));
    /* Labels and codes. */
    assert_int_equal(person_set_rating(&c, worker, "2019-2021", "HTNV", NULL, 0, &why), ST_INVALID);
    assert_int_equal(person_set_rating(&c, worker, "23", "HTNV", NULL, 0, &why), ST_INVALID);
    assert_int_equal(person_set_rating(&c, worker, "2024", "XUATSAC", NULL, 0, &why), ST_INVALID);
    assert_non_null(strstr(why, "xuất sắc"));
    assert_true(person_year_label_valid("2019-2020", NULL));
    assert_true(person_year_label_valid("2024", "calendar"));
    assert_false(person_year_label_valid("2024", "school"));
    assert_false(person_year_label_valid("2019-2020", "calendar"));
    assert_false(person_year_label_valid("2019/2020", NULL));
    assert_string_equal(person_rating_label("HTTNV"), "Hoàn thành tốt nhiệm vụ");
    assert_string_equal(person_rating_label("KHTNV"), "Không hoàn thành nhiệm vụ");
    assert_null(person_rating_label("htnv"));

    /* Setting a year again replaces it and audits the before image. */
    assert_int_equal(person_set_rating(&c, worker, "2023", "HTTNV", "QĐ 45/QĐ-CT", 0, &why), ST_OK);
    person_t p;
    assert_int_equal(person_get(&c, worker, &p), ST_OK);
    assert_int_equal(p.n_ratings, 1);
    assert_string_equal(p.ratings[0].year_label, "2023");
    assert_string_equal(p.ratings[0].rating, "HTTNV");
    assert_string_equal(p.ratings[0].source_doc, "QĐ 45/QĐ-CT");
    assert_int_equal(p.ratings[0].unit_id, t.q1b);
    assert_non_null(strstr(fx_text(f, "SELECT before_json FROM audit_log WHERE action = 'set_rating'"
                                      " AND before_json IS NOT NULL AND entity_id = ?1", worker), "\"HTNV\""));
    assert_int_equal(person_get(&c, teacher, &p), ST_OK);
    assert_int_equal(p.n_ratings, 2);
    assert_string_equal(p.ratings[0].year_label, "2019-2020");
    assert_string_equal(p.ratings[0].source_doc, "QĐ 12/QĐ-THCSNQ");
    assert_string_equal(p.ratings[1].year_label, "2020-2021");

    /* After a transfer to a company, old school years stay rateable by
     * naming the school, which the person belonged to. */
    ctx_t sys = fx_system(f);
    person_membership_in_t m = in_unit(t.q2a, "2022-01-01");
    assert_int_equal(person_add_membership(&sys, teacher, &m, NULL, &why), ST_OK);
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    c = fx_as(f, dd);
    assert_int_equal(person_set_rating(&c, teacher, "2021-2022", "HTTNV", NULL, 0, &why), ST_INVALID);
    assert_int_equal(person_set_rating(&c, teacher, "2021-2022", "HTTNV", NULL, t.q1a, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, teacher, "2022", "HTTNV", NULL, 0, &why), ST_OK);
    /* A unit the person never belonged to and the caller cannot read. */
    assert_int_equal(person_set_rating(&c, teacher, "2023", "HTTNV", NULL, t.q1b, &why), ST_INVALID);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM ratings WHERE person_id = ?1", teacher), 4);
}

static void test_discipline_and_absence(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    int64_t dd = officer(f, "canbo.dd", t.q2, "officer");
    ctx_t c = fx_as(f, hbt);
    int64_t id = add_as(&c, "Trịnh Thị Nga", "1991-01-30", NULL, t.q1b, "2012-04-01");
    const char *why = NULL;

    assert_int_equal(person_add_discipline(&c, id, "canh_cao", "15/QĐ-CT", "2022-05-01", "2023-05-01", &why), ST_OK);
    assert_int_equal(person_add_discipline(&c, id, "phe_binh", NULL, "2022-05-01", NULL, &why), ST_INVALID);
    assert_int_equal(person_add_discipline(&c, id, "khien_trach", NULL, "2022-05-01", "2022-04-01", &why), ST_INVALID);
    assert_int_equal(person_discipline_rank("khien_trach"), 1);
    assert_true(person_discipline_rank("cach_chuc") > person_discipline_rank("canh_cao"));
    assert_string_equal(person_discipline_label("canh_cao"), "Cảnh cáo");

    /* Maternity leave counts as working time even without the flag. */
    assert_int_equal(person_add_absence(&c, id, "2023", 180, "Nghỉ thai sản", false, &why), ST_OK);
    assert_int_equal(person_add_absence(&c, id, "2024", 45, "Nghỉ ốm dài ngày", false, &why), ST_OK);
    assert_int_equal(person_add_absence(&c, id, "2024", 0, "Nghỉ ốm", false, &why), ST_INVALID);
    assert_int_equal(person_add_absence(&c, id, "2024", 10, "", false, &why), ST_INVALID);
    assert_int_equal(person_add_absence(&c, id, "24", 10, "Nghỉ ốm", false, &why), ST_INVALID);

    person_t p;
    assert_int_equal(person_get(&c, id, &p), ST_OK);
    assert_int_equal(p.n_disciplines, 1);
    assert_string_equal(p.disciplines[0].form, "canh_cao");
    assert_string_equal(p.disciplines[0].decision_no, "15/QĐ-CT");
    assert_string_equal(p.disciplines[0].to_date, "2023-05-01");
    assert_int_equal(p.n_absences, 2);
    assert_string_equal(p.absences[0].year_label, "2023");
    assert_true(p.absences[0].counts_as_work);
    assert_int_equal(p.absences[0].days, 180);
    assert_false(p.absences[1].counts_as_work);

    /* Out of scope: refused, nothing written. */
    c = fx_as(f, dd);
    assert_int_equal(person_add_discipline(&c, id, "khien_trach", NULL, "2024-01-01", NULL, &why), ST_FORBIDDEN);
    assert_int_equal(person_add_absence(&c, id, "2024", 3, "Nghỉ ốm", false, &why), ST_FORBIDDEN);
    assert_int_equal(person_set_rating(&c, id, "2024", "HTNV", NULL, 0, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM disciplines", 0), 1);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM absences", 0), 2);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE entity = 'person' AND entity_id = ?1", id), 4);
}

/* ---- merge ------------------------------------------------------------------ */

static void test_merge_keeps_both_histories(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    ctx_t c = fx_as(f, hbt);
    const char *why = NULL;

    /* The same teacher entered twice: once with a CCCD and the year of birth,
     * once (later, at another school) with the full date and a phone. */
    person_fields_t ka = {.full_name = "Nguyễn Thị Minh", .birth_date = "1984", .cccd = "001184009999"};
    person_membership_in_t ma = {.unit_id = t.q1b, .from_date = "2004-02-01", .to_date = "2010-09-01"};
    int64_t keep = 0, gone = 0;
    assert_int_equal(person_create(&c, &ka, &ma, false, &keep, &why), ST_OK);
    person_membership_in_t ma2 = {.unit_id = t.q1a, .from_date = "2010-09-01", .position = "Giáo viên"};
    assert_int_equal(person_add_membership(&c, keep, &ma2, NULL, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, keep, "2019-2020", "HTXSNV", NULL, 0, &why), ST_OK);

    person_fields_t gb = {.full_name = "Nguyễn Thị Minh", .birth_date = "1984-10-20", .phone = "0988 111 222"};
    person_membership_in_t mb = {.unit_id = t.q1a, .from_date = "2008-09-01", .member_since = "2009-01-01",
                                 .manager = true};
    assert_int_equal(person_create(&c, &gb, &mb, false, &gone, &why), ST_CONFLICT);
    assert_int_equal(gone, keep); /* the warning names the existing record */
    assert_int_equal(person_create(&c, &gb, &mb, true, &gone, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, gone, "2019-2020", "HTXSNV", "QĐ khen 2020", 0, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, gone, "2020-2021", "HTTNV", NULL, 0, &why), ST_OK);
    assert_int_equal(person_add_absence(&c, gone, "2021-2022", 180, "Nghỉ thai sản", false, &why), ST_OK);
    assert_int_equal(person_add_discipline(&c, gone, "khien_trach", "7/QĐ", "2016-01-01", NULL, &why), ST_OK);

    /* Overlap: gone's open period at the school starts in 2008 while keep was
     * still at the company until 2010. */
    assert_int_equal(person_merge(&c, keep, gone, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "trùng thời gian"));
    /* Corrected: gone joined the school in 2010 as well. */
    person_t g;
    assert_int_equal(person_get(&c, gone, &g), ST_OK);
    person_membership_in_t fix = {.from_date = "2010-09-01", .member_since = "2009-01-01", .manager = true};
    assert_int_equal(person_update_membership(&c, g.memberships[0].id, &fix, &why), ST_OK);

    int64_t audit_before = fx_int(f, "SELECT COUNT(*) FROM audit_log", 0);
    assert_int_equal(person_merge(&c, keep, gone, &why), ST_OK);
    assert_null(why);

    person_t k;
    assert_int_equal(person_get(&c, keep, &k), ST_OK);
    assert_int_equal(k.merged_into, 0);
    assert_string_equal(k.cccd, "001184009999");
    assert_string_equal(k.birth_date, "1984-10-20"); /* the full date of that year wins */
    assert_string_equal(k.phone, "0988 111 222");    /* blanks filled */
    assert_int_equal(k.n_memberships, 2);             /* company, then the joined school period */
    assert_int_equal(k.memberships[1].unit_id, t.q1a);
    assert_null(k.memberships[1].to_date);
    assert_true(k.memberships[1].manager);
    assert_string_equal(k.memberships[1].member_since, "2009-01-01");
    assert_int_equal(k.n_ratings, 2);
    assert_string_equal(k.ratings[1].year_label, "2020-2021");
    assert_int_equal(k.n_absences, 1);
    assert_true(k.absences[0].counts_as_work);
    assert_int_equal(k.n_disciplines, 1);

    /* The merged-away record stays, pointing at the survivor, with what keep
     * already had (the same 2019-2020 rating, the joined open period). */
    assert_int_equal(person_get(&c, gone, &g), ST_OK);
    assert_int_equal(g.merged_into, keep);
    assert_int_equal(g.n_ratings, 1);
    assert_string_equal(g.ratings[0].source_doc, "QĐ khen 2020");
    assert_int_equal(g.n_memberships, 1);
    assert_null(g.cccd);

    /* Audited: both records, before and after, with their histories. */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log", 0), audit_before + 2);
    const char *kb = fx_text(f, "SELECT before_json FROM audit_log WHERE action = 'merge' AND entity_id = ?1", keep);
    const char *ka2 = fx_text(f, "SELECT after_json FROM audit_log WHERE action = 'merge' AND entity_id = ?1", keep);
    const char *gb2 = fx_text(f, "SELECT before_json FROM audit_log WHERE action = 'merged_into' AND entity_id = ?1",
                              gone);
    const char *ga = fx_text(f, "SELECT after_json FROM audit_log WHERE action = 'merged_into' AND entity_id = ?1",
                             gone);
    assert_non_null(strstr(kb, "\"memberships\""));
    assert_null(strstr(kb, "2020-2021"));
    assert_non_null(strstr(ka2, "2020-2021"));
    assert_non_null(strstr(ka2, "\"merged_from\""));
    assert_non_null(strstr(gb2, "2020-2021"));
    assert_non_null(strstr(gb2, "0988 111 222"));
    assert_non_null(strstr(ga, "\"merged_into\""));
    assert_int_equal(fx_int(f, "SELECT unit_id FROM audit_log WHERE action = 'merge' AND entity_id = ?1", keep), t.q1a);

    /* Listings show one person. */
    person_row_t *rows;
    size_t n;
    int64_t total;
    assert_int_equal(first_page(&c, t.q1, NULL, true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    assert_int_equal(rows[0].id, keep);

    /* No second merge of the same record, no edits of a merged one. */
    assert_int_equal(person_merge(&c, keep, gone, &why), ST_CONFLICT);
    assert_int_equal(person_merge(&c, gone, keep, &why), ST_CONFLICT);
    assert_int_equal(person_merge(&c, keep, keep, &why), ST_INVALID);
    person_fields_t up = {.full_name = "Nguyễn Thị Minh"};
    assert_int_equal(person_update(&c, gone, &up, &why), ST_CONFLICT);
    assert_int_equal(person_set_rating(&c, gone, "2022-2023", "HTNV", NULL, 0, &why), ST_CONFLICT);

    /* A later merge of the survivor carries the earlier one along. */
    int64_t third = add_as(&c, "Nguyễn T. Minh", NULL, NULL, t.q1b, "2001-01-01");
    assert_int_equal(person_end_membership(&c, third, "2002-01-01", &why), ST_OK);
    assert_int_equal(person_merge(&c, third, keep, &why), ST_OK);
    assert_int_equal(fx_int(f, "SELECT merged_into FROM persons WHERE id = ?1", gone), third);
    assert_int_equal(person_get(&c, gone, &g), ST_OK); /* still in scope through the survivor */
}

static void test_merge_refusals(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    ctx_t c = fx_as(f, hbt);
    const char *why = NULL;
    int64_t a = add_as(&c, "Lê Văn Hải", "1970", "001070000001", t.q1a, "2000-01-01");
    int64_t b = add_as(&c, "Lê Văn Hải", "1970", "001070000002", t.q1a, "2000-01-01");
    assert_int_equal(person_merge(&c, a, b, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "CCCD"));

    /* Two open memberships in different units. */
    int64_t d = add_as(&c, "Lê Văn Hải", "1970", NULL, t.q1b, "2000-01-01");
    assert_int_equal(person_merge(&c, a, d, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "May 10"));

    /* Different ratings for one year. */
    int64_t e = add_as(&c, "Lê Văn Hải", "1970", NULL, t.q1a, "2000-01-01");
    assert_int_equal(person_set_rating(&c, a, "2020-2021", "HTXSNV", NULL, 0, &why), ST_OK);
    assert_int_equal(person_set_rating(&c, e, "2020-2021", "HTNV", NULL, 0, &why), ST_OK);
    assert_int_equal(person_merge(&c, a, e, &why), ST_CONFLICT);
    assert_non_null(strstr(why, "2020-2021"));

    /* Another district's record: not this officer's to merge. */
    int64_t other = add(f, "Lê Văn Hải", "1970", NULL, t.q2a, "2000-01-01");
    assert_int_equal(person_merge(&c, a, other, &why), ST_FORBIDDEN);
    assert_int_equal(person_merge(&c, other, a, &why), ST_FORBIDDEN);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons WHERE merged_into IS NOT NULL", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE action IN ('merge', 'merged_into')", 0), 0);
}

/* ---- official order ------------------------------------------------------------------ */

static void test_official_order(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    /* As a union officer prints a danh sách: by given name (a < ă < â, d < đ,
     * tones after letters: ngang, huyền, hỏi, ngã, sắc, nặng), then by family
     * and middle names. */
    static const char *const expected[] = {
        "Âu Văn An",      "Nguyễn An",     "Nguyễn Văn An", "Đỗ Đức Anh",    "Lê Thị Anh",
        "Trần Thị Ánh",   "Phạm Thị Ân",   "Lê Văn Bình",   "Đinh Văn Dung", "Vũ Thị Dung",
        "Bùi Văn Dũng",   "Hoàng Minh Đức", "Đặng Thu Hà",  "Trịnh Thị Hạnh", "Ngô Thị Hằng",
        "Lâm Gia Hân",
    };
    enum { N = sizeof expected / sizeof *expected };
    /* Inserted in a scrambled order. */
    static const int order[N] = {9, 2, 14, 0, 7, 12, 4, 15, 1, 11, 5, 13, 3, 10, 8, 6};
    for (int i = 0; i < N; i++)
        add(f, expected[order[i]], NULL, NULL, t.q1a, "2020-01-01");

    ctx_t c = fx_system(f);
    person_row_t *rows;
    size_t n;
    int64_t total;
    assert_int_equal(first_page(&c, t.q1a, NULL, false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, N);
    assert_int_equal(total, N);
    for (int i = 0; i < N; i++)
        if (strcmp(rows[i].full_name, expected[i]) != 0)
            fail_msg("position %d: got %s, expected %s", i, rows[i].full_name, expected[i]);

    /* The key itself: a shorter given name first, then the rest. */
    arena_t *a = f->arena;
    assert_true(strcmp(person_order_key(a, "Nguyễn Văn An"), person_order_key(a, "Lê Thị Anh")) < 0);
    assert_true(strcmp(person_order_key(a, "Lê Dung"), person_order_key(a, "Lê Dũng")) < 0);
    assert_true(strcmp(person_order_key(a, "Vũ Dũng"), person_order_key(a, "An Đức")) < 0);
    assert_true(strcmp(person_order_key(a, "Nguyễn An"), person_order_key(a, "Nguyễn Văn An")) < 0);
    assert_string_equal(person_order_key(a, "Hà"), person_order_key(a, "Hà"));
    assert_true(strcmp(person_order_key(a, "Hà"), person_order_key(a, "A Hà")) < 0);
}

/* ---- subtree listing ------------------------------------------------------------------ */

static void test_list_subtree_as_of(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    const char *why = NULL;
    /* Hoa moved from HBT to Đống Đa in 2021; Bình has worked at May 10 since
     * 2018; Cúc has always been at the hospital; Dũng retired in 2019. */
    int64_t hoa = add(f, "Đỗ Thị Hoa", NULL, NULL, t.q1a, "2015-09-01");
    person_membership_in_t m = in_unit(t.q2a, "2021-07-01");
    assert_int_equal(person_add_membership(&c, hoa, &m, NULL, &why), ST_OK);
    int64_t binh = add(f, "Lê Văn Bình", NULL, NULL, t.q1b, "2018-01-01");
    int64_t cuc = add(f, "Trần Thị Cúc", NULL, NULL, t.q2a, "2010-01-01");
    int64_t dung = add(f, "Bùi Văn Dũng", NULL, NULL, t.q1b, "2000-01-01");
    assert_int_equal(person_end_membership(&c, dung, "2019-06-01", &why), ST_OK);
    /* On 01/01/2022 May 10 goes from HBT to Đống Đa. */
    org_change_t ch = {.date = "2022-01-01", .decision_no = "12/QĐ-LĐLĐ"};
    assert_int_equal(org_transfer(&c, t.q1b, t.q2, &ch, &why), ST_OK);

    person_row_t *rows;
    size_t n;
    int64_t total;
    /* HBT at the end of 2018: Bình (May 10), Dũng (May 10), Hoa (Ngô Quyền). */
    assert_int_equal(first_page(&c, t.q1, "2018-12-31", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(total, 3);
    assert_int_equal(rows[0].id, binh);
    assert_int_equal(rows[0].unit_id, t.q1b);
    assert_string_equal(rows[0].unit_name, "Công đoàn Công ty May 10");
    assert_int_equal(rows[1].id, dung);
    assert_int_equal(rows[2].id, hoa);
    assert_int_equal(rows[2].unit_id, t.q1a);
    assert_string_equal(rows[2].from_date, "2015-09-01");
    /* Mid 2021: Dũng has retired, Hoa has left; May 10 still belongs to HBT. */
    assert_int_equal(first_page(&c, t.q1, "2021-12-31", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, binh);
    /* 2022: May 10 is under Đống Đa, HBT has no one left. */
    assert_int_equal(first_page(&c, t.q1, "2022-01-01", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 0);
    assert_int_equal(total, 0);
    assert_int_equal(first_page(&c, t.q2, NULL, true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, binh);
    assert_int_equal(rows[1].id, cuc);
    assert_int_equal(rows[2].id, hoa);
    assert_int_equal(first_page(&c, t.q2, "2021-12-31", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 2); /* Cúc, Hoa */
    /* The unit alone, without its subtree. */
    assert_int_equal(first_page(&c, t.q2, NULL, false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 0);
    assert_int_equal(first_page(&c, t.q2a, NULL, false, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 2);
    /* Before the units existed. */
    assert_int_equal(first_page(&c, t.city, "1999-12-31", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 0);

    /* Paging: one page of two, then the rest after the last row's position,
     * then back before the first row of that page; the total is all of them. */
    person_list_q_t q = {.unit_id = t.city, .subtree = true, .limit = 2};
    person_page_t pg;
    assert_int_equal(person_list(&c, &q, &pg), ST_OK);
    assert_int_equal(pg.n, 2);
    assert_int_equal(pg.total, 3);
    assert_int_equal(pg.rows[0].id, binh);
    assert_int_equal(pg.rows[1].id, cuc);
    assert_null(pg.prev);
    assert_string_equal(pg.next, pg.rows[1].pos);
    q.after = pg.next;
    assert_int_equal(person_list(&c, &q, &pg), ST_OK);
    assert_int_equal(pg.n, 1);
    assert_int_equal(pg.rows[0].id, hoa);
    assert_null(pg.next);
    assert_non_null(pg.prev);
    q = (person_list_q_t){.unit_id = t.city, .subtree = true, .limit = 2, .before = pg.prev};
    assert_int_equal(person_list(&c, &q, &pg), ST_OK);
    assert_int_equal(pg.n, 2);
    assert_int_equal(pg.rows[0].id, binh);
    assert_int_equal(pg.rows[1].id, cuc);
    assert_null(pg.prev);
    assert_non_null(pg.next);

    /* Scope: the HBT officer may list HBT's past, but only sees people who
     * are still in HBT's reach (the read rule follows the current unit);
     * Đống Đa is not theirs at all. */
    int64_t hbt = officer(f, "xem.hbt", t.q1, "viewer");
    ctx_t v = fx_as(f, hbt);
    assert_int_equal(first_page(&v, t.q1, "2018-12-31", true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 0); /* Bình and Hoa are in Đống Đa now; Dũng left from May 10 */
    assert_int_equal(first_page(&v, t.q2, NULL, true, 50, &rows, &n, &total), ST_FORBIDDEN);
    int64_t dd = officer(f, "xem.dd", t.q2, "viewer");
    v = fx_as(f, dd);
    assert_int_equal(first_page(&v, t.q2, NULL, true, 50, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(first_page(&v, t.q1, NULL, true, 50, &rows, &n, &total), ST_FORBIDDEN);

    /* Bad arguments. */
    assert_int_equal(first_page(&c, t.q1, "31/12/2020", true, 50, &rows, &n, &total), ST_INVALID);
    assert_int_equal(first_page(&c, t.q1, NULL, true, 0, &rows, &n, &total), ST_INVALID);
    assert_int_equal(first_page(&c, t.q1, NULL, true, 1001, &rows, &n, &total), ST_INVALID);
    const char *bad[] = {"", "abc", "0-30", "12", "12-zz", "-5-30 31"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        q = (person_list_q_t){.unit_id = t.q1, .subtree = true, .limit = 5, .after = bad[i]};
        assert_int_equal(person_list(&c, &q, &pg), ST_INVALID);
    }
    q = (person_list_q_t){.unit_id = t.q1, .limit = 5, .after = "1-30", .before = "2-30"};
    assert_int_equal(person_list(&c, &q, &pg), ST_INVALID);
}

static int collect_all(const person_row_t *row, void *arg)
{
    int64_t *ids = arg;
    ids[++ids[0]] = row->id;
    return 0;
}

/* Pages through Q from its first page to its last, asserting that each row
 * is the next one of ALL (ALL[0] the count, then the ids in order) and that
 * the total says "more than PERSON_LIST_COUNT_MAX". Returns the rows seen;
 * *LAST is the position the last page started after. */
static int64_t page_all(ctx_t *c, person_list_q_t q, const int64_t *all, const char **last)
{
    person_page_t pg;
    int64_t seen = 0;
    do {
        assert_int_equal(person_list(c, &q, &pg), ST_OK);
        assert_int_equal(pg.total, PERSON_LIST_COUNT_MAX + 1);
        for (size_t i = 0; i < pg.n; i++)
            assert_int_equal(pg.rows[i].id, all[1 + seen + (int64_t)i]);
        seen += (int64_t)pg.n;
        *last = q.after;
        q.after = pg.next;
    } while (pg.next);
    return seen;
}

/* Past person_list_today_by_name_above people (lowered here to
 * PERSON_LIST_COUNT_MAX) today's list walks persons in official order instead of
 * the subtree: pages forward and back give exactly the order of
 * the full list, the total says "more", and the scope still holds. */
static void test_list_keyset_large(void **state)
{
    fx_t *f = *state;
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    static const char *given[] = {"An", "Ánh", "Bình", "Dũng", "Đức", "Hà", "Hằng", "Hân", "Lan", "Yến"};
    static const char *rest[] = {"Nguyễn Văn", "Trần Thị", "Lê", "Phạm Minh", "Đỗ Thu"};
    int64_t n_people = PERSON_LIST_COUNT_MAX + 60;
    for (int64_t i = 0; i < n_people; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s %s", rest[i % 5], given[(i / 5) % 10]);
        add(f, name, NULL, NULL, i % 3 == 0 ? t.q2a : t.q1a, "2015-01-01");
    }
    int64_t *all = calloc((size_t)n_people + 2, sizeof *all);
    assert_non_null(all);
    assert_int_equal(person_list_each(&c, t.city, NULL, true, collect_all, all), ST_OK);
    assert_int_equal(all[0], n_people);

    int64_t knob = person_list_today_by_name_above;
    person_list_today_by_name_above = PERSON_LIST_COUNT_MAX;
    const char *last_next = NULL;
    person_list_q_t q = {.unit_id = t.city, .subtree = true, .limit = 97};
    assert_int_equal(page_all(&c, q, all, &last_next), n_people);
    person_page_t pg;
    /* Back from the last page: the page before it, in order. */
    q = (person_list_q_t){.unit_id = t.city, .subtree = true, .limit = 97, .after = last_next};
    assert_int_equal(person_list(&c, &q, &pg), ST_OK);
    int64_t first_of_last = n_people - (int64_t)pg.n;
    q = (person_list_q_t){.unit_id = t.city, .subtree = true, .limit = 97, .before = pg.prev};
    assert_int_equal(person_list(&c, &q, &pg), ST_OK);
    assert_int_equal(pg.n, 97);
    for (size_t i = 0; i < pg.n; i++)
        assert_int_equal(pg.rows[i].id, all[1 + first_of_last - 97 + (int64_t)i]);

    /* The HBT officer pages through HBT only (two thirds of them), with a
     * position taken from the city's list too. */
    ctx_t v = fx_as(f, officer(f, "xem.hbt", t.q1, "viewer"));
    q = (person_list_q_t){.unit_id = t.q1, .subtree = true, .limit = 200};
    int64_t seen = 0;
    do {
        assert_int_equal(person_list(&v, &q, &pg), ST_OK);
        for (size_t i = 0; i < pg.n; i++)
            assert_int_equal(pg.rows[i].unit_id, t.q1a);
        seen += (int64_t)pg.n;
        q.after = pg.next;
    } while (pg.next);
    assert_int_equal(seen, n_people - (n_people + 2) / 3);
    q = (person_list_q_t){.unit_id = t.q2, .subtree = true, .limit = 20, .after = last_next};
    assert_int_equal(person_list(&v, &q, &pg), ST_FORBIDDEN);
    /* As of a past date, by name too (the other knob): the same order, and
     * the HBT officer still sees HBT's people alone. */
    int64_t past_knob = person_list_by_name_above;
    person_list_by_name_above = PERSON_LIST_COUNT_MAX;
    q = (person_list_q_t){.unit_id = t.city, .as_of = "2020-06-30", .subtree = true, .limit = 250};
    assert_int_equal(page_all(&c, q, all, &last_next), n_people);
    q = (person_list_q_t){.unit_id = t.q1, .as_of = "2020-06-30", .subtree = true, .limit = 500};
    assert_int_equal(person_list(&v, &q, &pg), ST_OK);
    for (size_t i = 0; i < pg.n; i++)
        assert_int_equal(pg.rows[i].unit_id, t.q1a);
    person_list_by_name_above = past_knob;
    /* The city was remembered as large (its walk by name, its pages counting
     * only the total). Shrunk to PERSON_LIST_COUNT_MAX or fewer, its list is
     * whole and its total exact again, at once. */
    fx_exec(f, "UPDATE memberships SET to_date = '2016-01-01' WHERE id IN"
               " (SELECT id FROM memberships WHERE to_date IS NULL ORDER BY id LIMIT 100)");
    int64_t left = n_people - 100;
    assert_true(left <= PERSON_LIST_COUNT_MAX);
    all[0] = 0;
    assert_int_equal(person_list_each(&c, t.city, NULL, true, collect_all, all), ST_OK);
    assert_int_equal(all[0], left);
    q = (person_list_q_t){.unit_id = t.city, .subtree = true, .limit = 300};
    seen = 0;
    do {
        assert_int_equal(person_list(&c, &q, &pg), ST_OK);
        assert_int_equal(pg.total, left);
        for (size_t i = 0; i < pg.n; i++)
            assert_int_equal(pg.rows[i].id, all[1 + seen + (int64_t)i]);
        seen += (int64_t)pg.n;
        q.after = pg.next;
    } while (pg.next);
    assert_int_equal(seen, left);
    person_list_today_by_name_above = knob;
    free(all);
}

/* Today's list reads each person's order key from the open membership
 * (migration 0019): a rename moves the person in the list, a membership
 * moved by a merge takes the kept person's key, and the record merged away
 * leaves the list, as the list of a past day (read from persons) agrees. */
static void test_list_follows_rename_and_merge(void **state)
{
    fx_t *f = *state;
    city_t t = make_city(f);
    ctx_t c = fx_system(f);
    int64_t an = add(f, "Nguyễn Văn An", "1980", NULL, t.q1a, "2015-01-01");
    int64_t binh = add(f, "Trần Thị Bình", "1985", NULL, t.q1b, "2015-01-01");
    int64_t cuong = add(f, "Lê Văn Cường", "1990", NULL, t.q2a, "2015-01-01");
    person_row_t *rows;
    size_t n;
    int64_t total;
    assert_int_equal(first_page(&c, t.city, NULL, true, 10, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, an);
    assert_int_equal(rows[2].id, cuong);

    const char *why = NULL;
    person_fields_t up = {.full_name = "Nguyễn Văn Yên", .birth_date = "1980"};
    assert_int_equal(person_update(&c, an, &up, &why), ST_OK);
    assert_int_equal(first_page(&c, t.city, NULL, true, 10, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].id, binh);
    assert_int_equal(rows[2].id, an);
    assert_string_equal(rows[2].full_name, "Nguyễn Văn Yên");

    /* A second record of Bình, at the hospital until 2010, merged into her. */
    person_fields_t dup = {.full_name = "Trần Thị Bình", .birth_date = "1985"};
    person_membership_in_t m = {.unit_id = t.q2a, .from_date = "2005-01-01", .to_date = "2010-01-01"};
    int64_t gone = 0;
    assert_int_equal(person_create(&c, &dup, &m, true, &gone, &why), ST_OK);
    assert_int_equal(person_merge(&c, binh, gone, &why), ST_OK);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships m JOIN persons p ON p.id = m.person_id"
                               " WHERE m.order_key IS DISTINCT FROM p.order_key AND p.merged_into IS NULL", 0), 0);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM memberships WHERE person_id = ?1 AND order_key IS NOT NULL",
                            gone), 0);
    assert_int_equal(first_page(&c, t.city, NULL, true, 10, &rows, &n, &total), ST_OK);
    assert_int_equal(total, 3);
    assert_int_equal(first_page(&c, t.city, "2008-01-01", true, 10, &rows, &n, &total), ST_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, binh);
}

static int collect_ids(const person_row_t *row, void *arg)
{
    int64_t *ids = arg;
    if (ids[0] >= 8)
        return 1;
    ids[++ids[0]] = row->id;
    return 0;
}

static int stop_at_first(const person_row_t *row, void *arg)
{
    (void)row;
    (*(int *)arg)++;
    return 1;
}

static void test_list_each(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t b = add(f, "Lê Văn Bình", NULL, NULL, t.q1b, "2018-01-01");
    int64_t a = add(f, "Nguyễn Văn An", NULL, NULL, t.q1a, "2018-01-01");
    add(f, "Trần Thị Cúc", NULL, NULL, t.q2a, "2010-01-01");
    ctx_t c = fx_system(f);
    int64_t ids[9] = {0};
    assert_int_equal(person_list_each(&c, t.q1, NULL, true, collect_ids, ids), ST_OK);
    assert_int_equal(ids[0], 2);
    assert_int_equal(ids[1], a);
    assert_int_equal(ids[2], b);
    int calls = 0;
    assert_int_equal(person_list_each(&c, t.city, NULL, true, stop_at_first, &calls), ST_OK);
    assert_int_equal(calls, 1);
    int64_t v = officer(f, "xem.dd", t.q2, "viewer");
    c = fx_as(f, v);
    assert_int_equal(person_list_each(&c, t.q1, NULL, true, collect_ids, ids), ST_FORBIDDEN);
}

/* ---- allocation failures ------------------------------------------------------------ */

typedef struct {
    int64_t persons, memberships, ratings, audit, merged;
} counts_t;

static counts_t counts(fx_t *f)
{
    return (counts_t){
        fx_int(f, "SELECT COUNT(*) FROM persons", 0), fx_int(f, "SELECT COUNT(*) FROM memberships", 0),
        fx_int(f, "SELECT COUNT(*) FROM ratings", 0), fx_int(f, "SELECT COUNT(*) FROM audit_log", 0),
        fx_int(f, "SELECT COUNT(*) FROM persons WHERE merged_into IS NOT NULL", 0),
    };
}

static bool same_counts(counts_t a, counts_t b)
{
    return a.persons == b.persons && a.memberships == b.memberships && a.ratings == b.ratings &&
           a.audit == b.audit && a.merged == b.merged;
}

/* The Nth allocation fails, for every N until an operation runs through:
 * each write either completes (with its audit entry) or changes nothing and
 * leaves no transaction open; a refused write still explains itself. */
static void test_allocation_failures(void **state)
{
    fx_t *f = fx(state);
    city_t t = make_city(f);
    int64_t hbt = officer(f, "canbo.hbt", t.q1, "officer");
    ctx_t c = fx_as(f, hbt);
    int done = 0;
    for (long n = 1; n < 2000 && done < 5; n++) {
        /* Fresh inputs for this round (without faults). */
        int64_t keep = add_as(&c, "Nguyễn Văn Giữ", "1970", NULL, t.q1a, "2010-01-01");
        int64_t gone = add_as(&c, "Nguyễn Văn Giữ", "1970-02-03", NULL, t.q1a, "2012-01-01");
        counts_t before = counts(f);
        person_fields_t pf = {.full_name = "Trần Thị Thử", .birth_date = "1990-01-01", .phone = "0901 234 567"};
        person_membership_in_t m = in_unit(t.q1b, "2020-01-01");
        const char *why = NULL;
        int64_t id = 0;
        status_t st[5];

        alloc_fail_after(n);
        st[0] = person_create(&c, &pf, &m, true, &id, &why);
        alloc_fail_after(0);
        assert_false(db_in_transaction(f->db));
        counts_t now = counts(f);
        if (st[0] == ST_OK)
            assert_true(now.persons == before.persons + 1 && now.audit == before.audit + 1);
        else if (!same_counts(before, now) || st[0] != ST_NOMEM)
            fail_msg("n=%ld: status %d (%s), persons %lld -> %lld", n, st[0], why ? why : "-",
                     (long long)before.persons, (long long)now.persons);

        before = now;
        alloc_fail_after(n);
        st[1] = person_set_rating(&c, keep, "2020-2021", "HTTNV", "QĐ 1", 0, &why);
        alloc_fail_after(0);
        assert_false(db_in_transaction(f->db));
        now = counts(f);
        if (st[1] == ST_OK)
            assert_true(now.ratings == before.ratings + 1 && now.audit == before.audit + 1);
        else
            assert_true(same_counts(before, now));

        before = now;
        alloc_fail_after(n);
        st[2] = person_merge(&c, keep, gone, &why);
        alloc_fail_after(0);
        assert_false(db_in_transaction(f->db));
        now = counts(f);
        if (st[2] == ST_OK)
            assert_true(now.merged == before.merged + 1 && now.audit == before.audit + 2);
        else
            assert_true(same_counts(before, now) && st[2] != ST_CONFLICT);

        /* Reads: a result or an error, never a half-filled record. */
        person_t p;
        alloc_fail_after(n);
        st[3] = person_get(&c, keep, &p);
        alloc_fail_after(0);
        assert_false(db_in_transaction(f->db));
        if (st[3] == ST_OK)
            assert_true(p.n_memberships >= 1 && p.memberships[0].from_date && p.unit_name);
        person_row_t *rows;
        size_t nrows;
        int64_t total;
        alloc_fail_after(n);
        st[4] = first_page(&c, t.q1, NULL, true, 50, &rows, &nrows, &total);
        alloc_fail_after(0);
        if (st[4] == ST_OK)
            for (size_t i = 0; i < nrows; i++)
                assert_non_null(rows[i].unit_name);
        bool all_ok = true;
        for (int i = 0; i < 5; i++)
            all_ok = all_ok && st[i] == ST_OK;
        done += all_ok;
    }
    assert_true(done >= 5);
    /* The records written are whole. */
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM persons p WHERE NOT EXISTS"
                               " (SELECT 1 FROM memberships m WHERE m.person_id = COALESCE(p.merged_into, p.id))", 0),
                     0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_and_get),
        T(test_validation),
        T(test_cccd_unique),
        T(test_duplicate_warning),
        T(test_update_and_scope),
        T(test_transfer_keeps_one_history),
        T(test_dissolved_unit_refused),
        T(test_unit_merger_keeps_one_history),
        T(test_ratings_school_and_calendar_years),
        T(test_discipline_and_absence),
        T(test_merge_keeps_both_histories),
        T(test_merge_refusals),
        T(test_official_order),
        T(test_list_subtree_as_of),
        T(test_list_keyset_large),
        T(test_list_follows_rename_and_merge),
        T(test_list_each),
        T(test_allocation_failures),
    };
    FX_RUN_BOTH("person", tests);
}
