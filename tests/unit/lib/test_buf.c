/* Unit tests for src/lib/buf.c: appends and printf, the mandatory maximum
 * (sticky too_large failure, later appends are no-ops), detach, reset, and
 * injected allocation failures (failed but not too_large). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/alloc.h"
#include "lib/buf.h"

static int teardown(void **state)
{
    (void)state;
    alloc_fail_after(0);
    return 0;
}

/* Asserts B holds exactly the LEN bytes of WANT, NUL-terminated. */
static void assert_content(const buf_t *b, const char *want, size_t len)
{
    assert_int_equal(b->len, len);
    assert_memory_equal(buf_str(b), want, len);
    assert_int_equal(buf_str(b)[len], '\0');
}

/* ---- appends -------------------------------------------------------------- */

static void test_empty(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 100);
    assert_null(b.data);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    assert_false(buf_failed(&b));
    buf_free(&b);
    buf_free(&b); /* twice is fine: back to the empty state */
    assert_null(b.data);
    assert_int_equal(b.max, 100);
}

static void test_append_kinds(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 1024);
    assert_int_equal(buf_puts(&b, "Nguy\xe1\xbb\x85n"), 0);
    assert_int_equal(buf_putc(&b, ' '), 0);
    assert_int_equal(buf_append(&b, "abcdef", 3), 0);
    assert_int_equal(buf_append(&b, "zzz", 0), 0);
    assert_int_equal(buf_printf(&b, " %d-%s-%05u", -42, "x", 7u), 0);
    static const char want[] = "Nguy\xe1\xbb\x85n abc -42-x-00007";
    assert_content(&b, want, sizeof want - 1);
    assert_false(buf_failed(&b));
    buf_free(&b);
}

static void test_binary_with_nul(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 64);
    assert_int_equal(buf_append(&b, "a\0b", 3), 0);
    assert_int_equal(buf_putc(&b, '\0'), 0);
    assert_content(&b, "a\0b\0", 4);
    buf_free(&b);
}

static void test_growth_keeps_content(void **state)
{
    (void)state;
    enum { N = 100000 };
    buf_t b;
    buf_init(&b, N);
    /* Many small appends across several reallocations. */
    for (size_t i = 0; i < N; i++)
        assert_int_equal(buf_putc(&b, (char)('a' + i % 26)), 0);
    assert_int_equal(b.len, N);
    assert_true(b.cap > N);
    for (size_t i = 0; i < N; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(b.data[N], '\0');
    buf_free(&b);

    /* One append much larger than the current capacity. */
    char *big = malloc(N);
    assert_non_null(big);
    memset(big, 'q', N);
    buf_init(&b, N + 1);
    assert_int_equal(buf_puts(&b, "<"), 0);
    assert_int_equal(buf_append(&b, big, N), 0);
    assert_int_equal(b.len, N + 1);
    assert_int_equal(b.data[0], '<');
    assert_memory_equal(b.data + 1, big, N);
    assert_int_equal(b.data[N + 1], '\0');
    free(big);
    buf_free(&b);
}

static void test_printf_long(void **state)
{
    (void)state;
    /* Longer than the first allocation (256): the measured length is used. */
    char s[1000];
    memset(s, 'x', sizeof s - 1);
    s[sizeof s - 1] = '\0';
    buf_t b;
    buf_init(&b, 4096);
    assert_int_equal(buf_puts(&b, "["), 0);
    assert_int_equal(buf_printf(&b, "%s|%s", s, s), 0);
    assert_int_equal(b.len, 1 + 999 + 1 + 999);
    assert_int_equal(b.data[0], '[');
    assert_int_equal(b.data[1000], '|');
    assert_int_equal(b.data[1999], 'x');
    assert_int_equal(b.data[2000], '\0');
    buf_free(&b);
}

/* ---- the maximum ---------------------------------------------------------- */

static void test_max_exact_fits(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 5);
    assert_int_equal(buf_puts(&b, "abc"), 0);
    assert_int_equal(buf_printf(&b, "%d", 12), 0); /* len == max is allowed */
    assert_content(&b, "abc12", 5);
    assert_false(buf_failed(&b));
    assert_int_equal(buf_append(&b, "", 0), 0); /* nothing more: still fits */
    assert_false(buf_failed(&b));
    buf_free(&b);
}

static void test_max_is_sticky(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 8);
    assert_int_equal(buf_puts(&b, "12345"), 0);
    /* Would pass the limit: refused whole, nothing of it is written. */
    assert_int_equal(buf_puts(&b, "6789"), -1);
    assert_true(buf_failed(&b));
    assert_true(b.too_large);
    assert_content(&b, "12345", 5);
    /* Later appends do nothing, even ones that would fit. */
    assert_int_equal(buf_putc(&b, 'x'), -1);
    assert_int_equal(buf_append(&b, "y", 1), -1);
    assert_int_equal(buf_append(&b, "", 0), -1);
    assert_int_equal(buf_printf(&b, "%s", "z"), -1);
    assert_content(&b, "12345", 5);
    assert_true(buf_failed(&b));
    assert_true(b.too_large);
    buf_free(&b);
    assert_false(buf_failed(&b));
    assert_false(b.too_large);
}

static void test_max_printf(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 10);
    assert_int_equal(buf_puts(&b, "ab"), 0);
    assert_int_equal(buf_printf(&b, "%s-%d", "xyz", 12345), -1); /* 9 bytes, 2 + 9 > 10 */
    assert_true(buf_failed(&b));
    assert_true(b.too_large);
    assert_content(&b, "ab", 2);
    buf_free(&b);
}

static void test_max_zero(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 0);
    assert_int_equal(buf_append(&b, "", 0), 0);
    assert_string_equal(buf_str(&b), "");
    assert_int_equal(buf_putc(&b, 'a'), -1);
    assert_true(b.too_large);
    assert_string_equal(buf_str(&b), "");
    buf_free(&b);
}

static void test_max_huge_no_overflow(void **state)
{
    (void)state;
    /* A caller that wants "no limit" passes SIZE_MAX. A length that cannot
     * fit with its NUL must still be refused, not wrap the arithmetic. */
    buf_t b;
    buf_init(&b, SIZE_MAX);
    assert_int_equal(buf_puts(&b, "ab"), 0);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX - 2), -1);
    assert_true(buf_failed(&b));
    assert_content(&b, "ab", 2);
    buf_free(&b);

    buf_init(&b, SIZE_MAX);
    assert_int_equal(buf_append(&b, "x", SIZE_MAX), -1);
    assert_true(buf_failed(&b));
    assert_string_equal(buf_str(&b), "");
    buf_free(&b);
}

/* ---- detach and reset ----------------------------------------------------- */

static void test_detach(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 100);
    buf_puts(&b, "xin ch\xc3\xa0o");
    size_t len = 0;
    char *s = buf_detach(&b, &len);
    assert_non_null(s);
    assert_string_equal(s, "xin ch\xc3\xa0o");
    assert_int_equal(len, 9);
    /* B is empty again, with its maximum, and independent of S. */
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 100);
    assert_string_equal(buf_str(&b), "");
    buf_puts(&b, "new");
    assert_string_equal(s, "xin ch\xc3\xa0o");
    assert_string_equal(buf_str(&b), "new");
    xfree(s);
    buf_free(&b);
}

static void test_detach_empty(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 10);
    char *s = buf_detach(&b, NULL);
    assert_non_null(s); /* a heap "" the caller frees */
    assert_string_equal(s, "");
    xfree(s);
    assert_null(b.data);
}

static void test_detach_failed(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 3);
    buf_puts(&b, "ab");
    buf_puts(&b, "cd");
    assert_true(buf_failed(&b));
    size_t len = 77;
    assert_null(buf_detach(&b, &len));
    /* The memory was released (ASan checks for the leak) and B is empty. */
    assert_null(b.data);
    assert_false(buf_failed(&b));
    assert_int_equal(b.max, 3);
    assert_int_equal(buf_puts(&b, "ok"), 0);
    assert_string_equal(buf_str(&b), "ok");
    buf_free(&b);
}

static void test_reset(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 6);
    buf_puts(&b, "abcd");
    char *mem = b.data;
    size_t cap = b.cap;
    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(buf_str(&b), "");
    assert_ptr_equal(b.data, mem); /* memory kept */
    assert_int_equal(b.cap, cap);

    /* Reset clears a failure, and the limit counts from zero again. */
    buf_puts(&b, "abcdef");
    assert_int_equal(buf_putc(&b, 'g'), -1);
    assert_true(b.too_large);
    buf_reset(&b);
    assert_false(buf_failed(&b));
    assert_false(b.too_large);
    assert_int_equal(buf_puts(&b, "123456"), 0);
    assert_content(&b, "123456", 6);
    buf_free(&b);

    /* Reset of a never-used buffer is harmless. */
    buf_init(&b, 6);
    buf_reset(&b);
    assert_null(b.data);
    assert_string_equal(buf_str(&b), "");
}

/* ---- allocation failures -------------------------------------------------- */

static void test_alloc_fail_first(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 1000);
    alloc_fail_after(1);
    assert_int_equal(buf_puts(&b, "abc"), -1);
    alloc_fail_after(0);
    assert_true(buf_failed(&b));
    assert_false(b.too_large); /* memory, not the limit */
    assert_string_equal(buf_str(&b), "");
    /* Sticky although memory is available again. */
    assert_int_equal(buf_puts(&b, "abc"), -1);
    assert_int_equal(buf_printf(&b, "%d", 1), -1);
    assert_null(buf_detach(&b, NULL));
}

static void test_alloc_fail_on_growth(void **state)
{
    (void)state;
    char chunk[200];
    memset(chunk, 'k', sizeof chunk);
    buf_t b;
    buf_init(&b, 10000);
    assert_int_equal(buf_append(&b, chunk, sizeof chunk), 0);
    /* The second chunk needs a larger block: the realloc fails. */
    alloc_fail_after(1);
    assert_int_equal(buf_append(&b, chunk, sizeof chunk), -1);
    alloc_fail_after(0);
    assert_true(buf_failed(&b));
    assert_false(b.too_large);
    /* What was there survives, still terminated. */
    assert_content(&b, chunk, sizeof chunk);
    buf_free(&b);

    /* Same through printf. */
    buf_init(&b, 10000);
    assert_int_equal(buf_append(&b, chunk, sizeof chunk), 0);
    alloc_fail_after(1);
    assert_int_equal(buf_printf(&b, "%.*s", (int)sizeof chunk, chunk), -1);
    alloc_fail_after(0);
    assert_true(buf_failed(&b));
    assert_false(b.too_large);
    assert_content(&b, chunk, sizeof chunk);
    buf_free(&b);
}

static void test_alloc_fail_then_limit(void **state)
{
    (void)state;
    /* Once failed for memory, an over-limit append is a no-op too and does
     * not relabel the failure. */
    buf_t b;
    buf_init(&b, 4);
    alloc_fail_after(1);
    buf_putc(&b, 'a');
    alloc_fail_after(0);
    assert_int_equal(buf_puts(&b, "too long"), -1);
    assert_true(buf_failed(&b));
    assert_false(b.too_large);
    buf_free(&b);
}

static void test_alloc_fail_detach_empty(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 10);
    alloc_fail_after(1);
    assert_null(buf_detach(&b, NULL));
    alloc_fail_after(0);
    assert_null(b.data);
    buf_free(&b);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_empty),
        T(test_append_kinds),
        T(test_binary_with_nul),
        T(test_growth_keeps_content),
        T(test_printf_long),
        T(test_max_exact_fits),
        T(test_max_is_sticky),
        T(test_max_printf),
        T(test_max_zero),
        T(test_max_huge_no_overflow),
        T(test_detach),
        T(test_detach_empty),
        T(test_detach_failed),
        T(test_reset),
        T(test_alloc_fail_first),
        T(test_alloc_fail_on_growth),
        T(test_alloc_fail_then_limit),
        T(test_alloc_fail_detach_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
