/* Unit tests for src/lib/arena.c: the byte budget, 16-byte alignment,
 * strdup/printf, arena_push growth, overflow checks and injected allocation
 * failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/alloc.h"
#include "lib/arena.h"

static int teardown(void **state)
{
    (void)state;
    alloc_fail_after(0);
    return 0;
}

static void assert_aligned(const void *p)
{
    assert_non_null(p);
    assert_int_equal((uintptr_t)p % 16, 0);
}

/* ---- budget --------------------------------------------------------------- */

static void test_budget_refusal(void **state)
{
    (void)state;
    arena_t *a = arena_new(100);
    assert_non_null(a);
    assert_int_equal(arena_used(a), 0);
    assert_non_null(arena_alloc(a, 64));
    assert_int_equal(arena_used(a), 64);
    assert_non_null(arena_alloc(a, 20)); /* rounded to 32: 96 of 100 */
    assert_int_equal(arena_used(a), 96);
    /* 1 byte still costs 16, which no longer fits. */
    assert_null(arena_alloc(a, 1));
    assert_int_equal(arena_used(a), 96);
    assert_null(arena_strdup(a, "x"));
    assert_null(arena_printf(a, "%d", 1));
    assert_null(arena_calloc(a, 1, 1));
    assert_int_equal(arena_used(a), 96);
    /* A zero-byte request costs nothing and is not refused. */
    assert_non_null(arena_alloc(a, 0));
    assert_int_equal(arena_used(a), 96);
    arena_free(a);
}

static void test_budget_exact(void **state)
{
    (void)state;
    arena_t *a = arena_new(32);
    assert_non_null(arena_alloc(a, 32)); /* exactly the budget */
    assert_null(arena_alloc(a, 1));
    arena_free(a);

    /* One allocation larger than the budget is refused at once. */
    a = arena_new(1000);
    assert_null(arena_alloc(a, 1001));
    assert_int_equal(arena_used(a), 0);
    /* The budget counts rounded sizes: 1000 costs 1008. */
    assert_null(arena_alloc(a, 1000));
    assert_non_null(arena_alloc(a, 992));
    assert_int_equal(arena_used(a), 992);
    arena_free(a);
}

static void test_budget_spans_blocks(void **state)
{
    (void)state;
    /* The budget counts across blocks, not per block. */
    arena_t *a = arena_new(20000);
    assert_non_null(arena_alloc(a, 8000));
    assert_non_null(arena_alloc(a, 8000)); /* a second block */
    assert_null(arena_alloc(a, 8000));     /* 24000 > 20000 */
    assert_non_null(arena_alloc(a, 4000));
    assert_int_equal(arena_used(a), 20000);
    assert_null(arena_alloc(a, 1));
    arena_free(a);
}

static void test_size_overflow(void **state)
{
    (void)state;
    arena_t *a = arena_new(SIZE_MAX);
    /* Rounding SIZE_MAX - 7 up to 16 wraps: refused, not a tiny block. */
    assert_null(arena_alloc(a, SIZE_MAX - 7));
    assert_null(arena_alloc(a, SIZE_MAX));
    assert_int_equal(arena_used(a), 0);
    /* COUNT * SIZE overflow is refused by calloc. */
    assert_null(arena_calloc(a, SIZE_MAX / 2 + 1, 2));
    assert_null(arena_calloc(a, (SIZE_MAX >> 8) + 2, 256));
    assert_null(arena_calloc(a, 2, SIZE_MAX / 2 + 1));
    assert_int_equal(arena_used(a), 0);
    /* The arena still works. */
    assert_non_null(arena_calloc(a, 3, 5));
    arena_free(a);
}

/* ---- alignment ------------------------------------------------------------ */

static void test_alignment(void **state)
{
    (void)state;
    arena_t *a = arena_new(1 << 20);
    static const size_t sizes[] = {1, 3, 7, 15, 16, 17, 31, 33, 100, 8191, 8192, 9000, 1, 5};
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            unsigned char *p = arena_alloc(a, sizes[i]);
            assert_aligned(p);
            memset(p, 0xA5, sizes[i]); /* ASan: the whole size is ours */
        }
        assert_aligned(arena_strdup(a, "odd"));
        assert_aligned(arena_printf(a, "%d", round));
        assert_aligned(arena_calloc(a, 3, 3));
    }
    arena_free(a);
}

static void test_allocations_do_not_overlap(void **state)
{
    (void)state;
    arena_t *a = arena_new(1 << 20);
    enum { N = 300 };
    unsigned char *p[N];
    size_t n[N];
    for (size_t i = 0; i < N; i++) {
        n[i] = 1 + (i * 37) % 200;
        p[i] = arena_alloc(a, n[i]);
        assert_non_null(p[i]);
        memset(p[i], (int)(i & 0xFF), n[i]);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < n[i]; k++)
            assert_int_equal(p[i][k], i & 0xFF);
    arena_free(a);
}

/* ---- strings -------------------------------------------------------------- */

static void test_strdup(void **state)
{
    (void)state;
    arena_t *a = arena_new(1 << 16);
    char src[] = "Nguy\xe1\xbb\x85n V\xc4\x83n \xc4\x90\xe1\xbb\xa9" "c";
    char *d = arena_strdup(a, src);
    assert_string_equal(d, src);
    assert_ptr_not_equal(d, src);
    src[0] = 'X';
    assert_int_equal(d[0], 'N');
    assert_null(arena_strdup(a, NULL));
    assert_string_equal(arena_strdup(a, ""), "");

    /* strndup stops at N or at the NUL, whichever is first. */
    assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(arena_strndup(a, "ab", 10), "ab");
    assert_string_equal(arena_strndup(a, "abc", 0), "");
    assert_null(arena_strndup(a, NULL, 3));
    arena_free(a);
}

static void test_printf(void **state)
{
    (void)state;
    arena_t *a = arena_new(1 << 16);
    assert_string_equal(arena_printf(a, "%s=%d;%05u", "\xc4\x91i\xe1\xbb\x83m", -7, 42u),
                        "\xc4\x91i\xe1\xbb\x83m=-7;00042");
    assert_string_equal(arena_printf(a, "%s", ""), "");
    /* Longer than one block. */
    char big[10000];
    memset(big, 'b', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *s = arena_printf(a, "<%s>", big);
    assert_non_null(s);
    assert_int_equal(strlen(s), sizeof big + 1);
    assert_int_equal(s[0], '<');
    assert_int_equal(s[sizeof big], '>');
    arena_free(a);

    /* Over budget: NULL, and the budget is not consumed. */
    a = arena_new(32);
    assert_null(arena_printf(a, "%s", "this string is longer than thirty-two bytes"));
    assert_int_equal(arena_used(a), 0);
    assert_string_equal(arena_printf(a, "%s", "short"), "short");
    arena_free(a);
}

/* ---- calloc --------------------------------------------------------------- */

static void test_calloc_zeroes(void **state)
{
    (void)state;
    /* Leave garbage where the arena's first block will most likely be
     * carved from (glibc reuses the freed chunk; ASan fills new memory with
     * garbage anyway), so that zeroes are calloc's doing. */
    unsigned char *junk = malloc(8192 + 64);
    assert_non_null(junk);
    memset(junk, 0xFF, 8192 + 64);
    free(junk);
    arena_t *a = arena_new(1 << 20);
    for (int i = 0; i < 4; i++) {
        unsigned char *dirty = arena_alloc(a, 1000);
        memset(dirty, 0xFF, 1000);
        unsigned char *z = arena_calloc(a, 250, 4);
        assert_aligned(z);
        for (size_t k = 0; k < 1000; k++)
            assert_int_equal(z[k], 0);
        memset(z, 0xEE, 1000);
    }
    arena_free(a);
}

/* ---- arena_push ----------------------------------------------------------- */

typedef struct {
    int64_t id;
    char tag[12];
} item_t;

static void test_push_growth(void **state)
{
    (void)state;
    arena_t *a = arena_new(1 << 22);
    item_t *arr = NULL;
    size_t n = 0, cap = 0;
    enum { N = 5000 };
    for (size_t i = 0; i < N; i++) {
        item_t *slot = arena_push(a, (void **)&arr, &n, &cap, sizeof *arr);
        assert_non_null(slot);
        assert_int_equal(n, i + 1);
        assert_true(cap >= n);
        assert_ptr_equal(slot, &arr[i]);
        /* The new slot is zeroed even when the array did not move. */
        assert_int_equal(slot->id, 0);
        assert_int_equal(slot->tag[0], '\0');
        slot->id = (int64_t)i * 3 + 1;
        memset(slot->tag, 'a' + (int)(i % 26), sizeof slot->tag - 1);
        slot->tag[sizeof slot->tag - 1] = '\0';
    }
    /* Every element survived the moves. */
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(arr[i].id, (int64_t)i * 3 + 1);
        assert_int_equal(arr[i].tag[0], 'a' + (int)(i % 26));
        assert_int_equal(strlen(arr[i].tag), sizeof arr[i].tag - 1);
    }
    arena_free(a);
}

static void test_push_zeroes_reused_slot(void **state)
{
    (void)state;
    /* Capacity left from a shrink-by-hand (the caller lowers n to drop the
     * last element) must not leak the old value into the new slot. */
    arena_t *a = arena_new(1 << 16);
    int64_t *arr = NULL;
    size_t n = 0, cap = 0;
    *(int64_t *)arena_push(a, (void **)&arr, &n, &cap, sizeof *arr) = 11;
    *(int64_t *)arena_push(a, (void **)&arr, &n, &cap, sizeof *arr) = 22;
    n = 1;
    int64_t *again = arena_push(a, (void **)&arr, &n, &cap, sizeof *arr);
    assert_ptr_equal(again, &arr[1]);
    assert_int_equal(*again, 0);
    assert_int_equal(arr[0], 11);
    arena_free(a);
}

static void test_push_failure_keeps_array(void **state)
{
    (void)state;
    /* A budget that holds the first array (16 slots) but not the doubled one. */
    arena_t *a = arena_new(16 * sizeof(int64_t) + 64);
    int64_t *arr = NULL;
    size_t n = 0, cap = 0;
    for (int64_t i = 0; i < 16; i++) {
        int64_t *slot = arena_push(a, (void **)&arr, &n, &cap, sizeof *arr);
        assert_non_null(slot);
        *slot = i * i;
    }
    int64_t *before = arr;
    assert_null(arena_push(a, (void **)&arr, &n, &cap, sizeof *arr));
    assert_ptr_equal(arr, before);
    assert_int_equal(n, 16);
    assert_int_equal(cap, 16);
    for (int64_t i = 0; i < 16; i++)
        assert_int_equal(arr[i], i * i);
    arena_free(a);
}

/* ---- injected allocation failures ------------------------------------------ */

static void test_alloc_fault_injection(void **state)
{
    (void)state;
    alloc_fail_after(1);
    assert_null(arena_new(1024));
    alloc_fail_after(0);

    arena_t *a = arena_new(1 << 20);
    assert_non_null(a);
    /* The first allocation needs a block: it fails, and costs nothing. */
    alloc_fail_after(1);
    assert_null(arena_alloc(a, 10));
    assert_int_equal(arena_used(a), 0);
    assert_non_null(arena_alloc(a, 10)); /* the fault was one-shot */
    assert_int_equal(arena_used(a), 16);
    /* Allocations served from the current block need no malloc at all. */
    alloc_fail_after(1);
    assert_non_null(arena_alloc(a, 100));
    alloc_fail_after(0);
    /* A request larger than the block left needs a new one: strdup and
     * printf report the failure as NULL. */
    char big[9000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    alloc_fail_after(1);
    assert_null(arena_strdup(a, big));
    alloc_fail_after(1);
    assert_null(arena_printf(a, "%s", big));
    alloc_fail_after(1);
    assert_null(arena_calloc(a, 1, sizeof big));
    alloc_fail_after(0);
    assert_int_equal(arena_used(a), 16 + 112);
    assert_string_equal(arena_strdup(a, big), big);
    arena_free(a);

    /* The Nth allocation from now: the second block fails, not the first. */
    a = arena_new(1 << 20);
    alloc_fail_after(2);
    assert_non_null(arena_alloc(a, 8000));
    assert_null(arena_alloc(a, 8000));
    alloc_fail_after(0);
    arena_free(a);
}

static void test_free_null(void **state)
{
    (void)state;
    arena_free(NULL);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_budget_refusal),
        T(test_budget_exact),
        T(test_budget_spans_blocks),
        T(test_size_overflow),
        T(test_alignment),
        T(test_allocations_do_not_overlap),
        T(test_strdup),
        T(test_printf),
        T(test_calloc_zeroes),
        T(test_push_growth),
        T(test_push_zeroes_reused_slot),
        T(test_push_failure_keeps_array),
        T(test_alloc_fault_injection),
        T(test_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
