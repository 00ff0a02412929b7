/* Unit tests for src/lib/time.c: calendar validity, dd/mm/yyyy and ISO
 * parsing and formatting, Vietnam time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "lib/text.h"
#include "lib/time.h"

static int group_setup(void **state)
{
    (void)state;
    return text_init();
}

static int group_teardown(void **state)
{
    (void)state;
    text_shutdown();
    return 0;
}

static int setup(void **state)
{
    buf_t *b = test_malloc(sizeof *b);
    buf_init(b, 256);
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    buf_free(*state);
    test_free(*state);
    return 0;
}

static date_t mkdate(int y, int m, int d) { return (date_t){.y = y, .m = m, .d = d}; }

static void assert_date(date_t got, int y, int m, int d)
{
    assert_int_equal(got.y, y);
    assert_int_equal(got.m, m);
    assert_int_equal(got.d, d);
}

static void test_date_valid(void **state)
{
    (void)state;
    assert_true(date_valid(mkdate(2024, 2, 29)));   /* leap year */
    assert_false(date_valid(mkdate(2023, 2, 29)));
    assert_false(date_valid(mkdate(1900, 2, 29)));  /* century, not leap */
    assert_true(date_valid(mkdate(2000, 2, 29)));   /* divisible by 400 */
    assert_false(date_valid(mkdate(2100, 2, 29)));
    assert_true(date_valid(mkdate(2025, 1, 31)));
    assert_false(date_valid(mkdate(2025, 4, 31)));
    assert_true(date_valid(mkdate(2025, 12, 31)));
    assert_false(date_valid(mkdate(2025, 0, 1)));
    assert_false(date_valid(mkdate(2025, 13, 1)));
    assert_false(date_valid(mkdate(2025, 1, 0)));
    assert_false(date_valid(mkdate(2025, 1, -1)));
    assert_true(date_valid(mkdate(1900, 1, 1)));
    assert_false(date_valid(mkdate(1899, 12, 31)));
    assert_true(date_valid(mkdate(2999, 12, 31)));
    assert_false(date_valid(mkdate(3000, 1, 1)));
}

static void test_parse_vn_ok(void **state)
{
    (void)state;
    date_t d;
    assert_true(date_parse_vn("05/07/2025", &d));
    assert_date(d, 2025, 7, 5);
    assert_true(date_parse_vn("1/7/2025", &d));
    assert_date(d, 2025, 7, 1);
    assert_true(date_parse_vn("29/02/2024", &d));
    assert_date(d, 2024, 2, 29);
    assert_true(date_parse_vn("31/12/2999", &d));
    assert_date(d, 2999, 12, 31);
}

static void test_parse_vn_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "31/02/2024", "29/02/2023", "30/02/2024", "31/04/2025", "00/01/2025",
        "01/00/2025", "01/13/2025", "01/01/1899", "01/01/3000",
        "05/07/25",     /* two-digit year */
        "05/07/02025",  /* five digits */
        "005/07/2025", "05/007/2025",
        " 05/07/2025", "05/07/2025 ", "05 /07/2025", "05/ 07/2025", "05/07/ 2025",
        "05/07/2025x", "05/07/2025/", "05-07-2025", "2025-07-05", "05.07.2025",
        "+5/07/2025", "-5/07/2025", "5//2025", "//", "", "05/07", "05/07/",
        "\xd9\xa5/07/2025", /* Arabic-Indic digit five */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        date_t d = mkdate(1, 2, 3);
        if (date_parse_vn(bad[i], &d))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_date(d, 1, 2, 3); /* *OUT untouched on failure */
    }
    date_t d;
    assert_false(date_parse_vn(NULL, &d));
}

static void test_parse_iso(void **state)
{
    (void)state;
    date_t d;
    assert_true(date_parse_iso("2025-07-05", &d));
    assert_date(d, 2025, 7, 5);
    assert_true(date_parse_iso("2024-02-29", &d));
    static const char *bad[] = {
        "2025-7-5", "2025-07-5", "25-07-05", "02025-07-05", "2025/07/05",
        "2025-07-05T00:00", "2025-07-05 ", " 2025-07-05", "2024-02-30",
        "2023-02-29", "2025-00-10", "2025-13-10", "1899-12-31", "", "05/07/2025",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (date_parse_iso(bad[i], &d))
            fail_msg("accepted \"%s\"", bad[i]);
    assert_false(date_parse_iso(NULL, &d));
}

static void test_format(void **state)
{
    buf_t *b = *state;
    date_format_vn(b, mkdate(2025, 7, 5));
    assert_string_equal(buf_str(b), "05/07/2025");
    buf_reset(b);
    date_format_iso(b, mkdate(2025, 7, 5));
    assert_string_equal(buf_str(b), "2025-07-05");
    buf_reset(b);
    date_format_vn(b, mkdate(1900, 12, 31));
    assert_string_equal(buf_str(b), "31/12/1900");
}

/* Every date of the supported range survives both round trips. */
static void test_round_trips(void **state)
{
    buf_t *b = *state;
    int count = 0;
    for (int y = 1900; y <= 2999; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 31; d++) {
                date_t in = mkdate(y, m, d), out = mkdate(0, 0, 0);
                if (!date_valid(in))
                    continue;
                count++;
                buf_reset(b);
                date_format_vn(b, in);
                assert_true(date_parse_vn(buf_str(b), &out));
                assert_date(out, y, m, d);
                buf_reset(b);
                date_format_iso(b, in);
                assert_true(date_parse_iso(buf_str(b), &out));
                assert_date(out, y, m, d);
            }
    /* 1100 years, 267 of them leap (275 multiples of 4 minus 8 centuries not divisible by 400). */
    assert_int_equal(count, 1100 * 365 + 267);
}

static void assert_vn_time(buf_t *b, int64_t t, const char *want)
{
    buf_reset(b);
    time_format_vn(b, t);
    assert_string_equal(buf_str(b), want);
}

static void test_time_format_vn(void **state)
{
    buf_t *b = *state;
    assert_vn_time(b, 0, "01/01/1970 07:00");
    assert_vn_time(b, -7 * 3600, "01/01/1970 00:00");
    assert_vn_time(b, 1751648400, "05/07/2025 00:00");   /* 2025-07-04 17:00 UTC */
    assert_vn_time(b, 1751648399, "04/07/2025 23:59");   /* one second before */
    assert_vn_time(b, 1709225999, "29/02/2024 23:59");   /* leap day, last minute */
    assert_vn_time(b, 1735664400, "01/01/2025 00:00");   /* new year in Hà Nội */
    assert_vn_time(b, INT64_MAX, "--/--/---- --:--");
    assert_vn_time(b, INT64_MIN, "--/--/---- --:--");
}

static void test_time_now(void **state)
{
    (void)state;
    int64_t before = (int64_t)time(NULL);
    int64_t now = time_now();
    assert_true(now >= before && now <= (int64_t)time(NULL));
    assert_true(now > 1700000000); /* after November 2023 */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_date_valid),
        T(test_parse_vn_ok),
        T(test_parse_vn_rejects),
        T(test_parse_iso),
        T(test_format),
        T(test_round_trips),
        T(test_time_format_vn),
        T(test_time_now),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
