/* Dates (ISO storage, dd/mm/yyyy display) and Vietnam time (UTC+7, no DST).
 * See src/lib/time.h. */
#include "lib/time.h"

#include <time.h>

#define VN_UTC_OFFSET (7 * 3600)

int64_t time_now(void)
{
    return (int64_t)time(NULL);
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(date_t d)
{
    if (d.y < 1900 || d.y > 2999 || d.m < 1 || d.m > 12 || d.d < 1)
        return false;
    return d.d <= month_days(d.y, d.m);
}

/* Reads MIN..MAX ASCII digits at *S into *V and advances *S; false when the
 * run of digits is shorter or longer. No sign, no white space. */
static bool read_digits(const char **s, int min, int max, int *v)
{
    int n = 0, val = 0;
    while ((*s)[n] >= '0' && (*s)[n] <= '9') {
        if (n == max)
            return false;
        val = val * 10 + ((*s)[n] - '0');
        n++;
    }
    if (n < min)
        return false;
    *s += n;
    *v = val;
    return true;
}

/* Expects the character C at *S and advances past it. */
static bool read_char(const char **s, char c)
{
    if (**s != c)
        return false;
    (*s)++;
    return true;
}

bool date_parse_vn(const char *s, date_t *out)
{
    date_t d;
    if (!s || !read_digits(&s, 1, 2, &d.d) || !read_char(&s, '/') ||
        !read_digits(&s, 1, 2, &d.m) || !read_char(&s, '/') ||
        !read_digits(&s, 4, 4, &d.y) || *s != '\0' || !date_valid(d))
        return false;
    *out = d;
    return true;
}

bool date_parse_iso(const char *s, date_t *out)
{
    date_t d;
    if (!s || !read_digits(&s, 4, 4, &d.y) || !read_char(&s, '-') ||
        !read_digits(&s, 2, 2, &d.m) || !read_char(&s, '-') ||
        !read_digits(&s, 2, 2, &d.d) || *s != '\0' || !date_valid(d))
        return false;
    *out = d;
    return true;
}

void date_format_vn(buf_t *b, date_t d)
{
    buf_printf(b, "%02d/%02d/%04d", d.d, d.m, d.y);
}

void date_format_iso(buf_t *b, date_t d)
{
    buf_printf(b, "%04d-%02d-%02d", d.y, d.m, d.d);
}

/* Broken-down Vietnam wall-clock time of UNIX_SECONDS; false when out of
 * range for time_t or gmtime_r. */
static bool vn_tm(int64_t unix_seconds, struct tm *tm)
{
    if (unix_seconds > INT64_MAX - VN_UTC_OFFSET)
        return false;
    int64_t local = unix_seconds + VN_UTC_OFFSET;
    time_t t = (time_t)local;
    return (int64_t)t == local && gmtime_r(&t, tm) != NULL;
}

void time_format_vn(buf_t *b, int64_t unix_seconds)
{
    struct tm tm;
    if (!vn_tm(unix_seconds, &tm)) {
        buf_puts(b, "--/--/---- --:--"); /* a placeholder, not garbage */
        return;
    }
    buf_printf(b, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
               tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}
