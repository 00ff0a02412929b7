/* Unit tests for src/lib/text.c: validation, NFC, lookalikes, folding,
 * Vietnamese collation, sort keys, number formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/alloc.h"
#include "lib/text.h"

/* Byte spellings, so the tests do not depend on the editor's normal form. */
#define NGUYEN_NFC "Nguy\xe1\xbb\x85n"        /* Nguyễn, U+1EC5 */
#define NGUYEN_NFD "Nguye\xcc\x82\xcc\x83n"   /* e + U+0302 + U+0303 */
#define ETH_UP "\xc3\x90"                    /* Ð U+00D0 (Icelandic) */
#define ETH_LO "\xc3\xb0"                    /* ð U+00F0 */
#define DSTROKE_UP "\xc4\x90"                /* Đ U+0110 */
#define DSTROKE_LO "\xc4\x91"                /* đ U+0111 */

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
    *state = arena_new(1 << 20);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    arena_free(*state);
    return 0;
}

/* text_normalize of a C string; asserts ST_OK and returns the result. */
static char *norm_ok(arena_t *a, const char *in)
{
    char *out = NULL;
    assert_int_equal(text_normalize(a, in, strlen(in), &out), ST_OK);
    assert_non_null(out);
    return out;
}

static void assert_norm_invalid(arena_t *a, const char *in, size_t len)
{
    char *out = (char *)"sentinel";
    assert_int_equal(text_normalize(a, in, len, &out), ST_INVALID);
    assert_null(out);
}

/* ---- validation ---- */

static void test_valid_utf8_accepts(void **state)
{
    (void)state;
    static const char *ok[] = {
        "", "ascii", NGUYEN_NFC, NGUYEN_NFD,
        "\xed\x9f\xbf",         /* U+D7FF, just below the surrogates */
        "\xee\x80\x80",         /* U+E000, just above */
        "\xf0\x9f\x98\x80",     /* U+1F600 */
        "\xf4\x8f\xbf\xbf",     /* U+10FFFF, the last code point */
        "\xc2\x80\xdf\xbf",     /* smallest and largest 2-byte */
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_true(text_valid_utf8(ok[i], strlen(ok[i])));
    /* U+0000 is well-formed UTF-8; text_normalize refuses it separately. */
    assert_true(text_valid_utf8("a\0b", 3));
}

static void test_valid_utf8_rejects(void **state)
{
    (void)state;
    static const char *bad[] = {
        "\xc0\x80",             /* overlong NUL */
        "\xc1\xbf",             /* overlong 2-byte */
        "\xe0\x80\x80",         /* overlong 3-byte */
        "\xe0\x9f\xbf",         /* overlong U+07FF */
        "\xf0\x8f\xbf\xbf",     /* overlong U+FFFF */
        "\xed\xa0\x80",         /* lone high surrogate U+D800 */
        "\xed\xbf\xbf",         /* lone low surrogate U+DFFF */
        "\xf4\x90\x80\x80",     /* U+110000 */
        "\xf5\x80\x80\x80",     /* lead byte past the range */
        "\xff",
        "\x80",                 /* stray continuation */
        "\xe1\xba",             /* truncated 3-byte */
        "\xf0\x9f\x98",         /* truncated 4-byte */
        "a\xe1\xbax",           /* continuation replaced by ASCII */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(text_valid_utf8(bad[i], strlen(bad[i])));
    /* A valid sequence cut by LEN is truncated too. */
    assert_false(text_valid_utf8(NGUYEN_NFC, 5));
}

/* Reference: decodes S[0..LEN) as one sequence the naive way (lead byte
 * gives the length, continuations 10xxxxxx) and applies the Unicode rules
 * to the code point: shortest form, no surrogates, at most U+10FFFF. */
static bool ref_valid_seq(const unsigned char *s, size_t len)
{
    uint32_t cp;
    size_t need;
    if (s[0] < 0x80)
        return len == 1;
    if ((s[0] & 0xE0) == 0xC0) {
        need = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        need = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        need = 4;
        cp = s[0] & 0x07;
    } else {
        return false;
    }
    if (len != need)
        return false;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return false;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    return cp >= min_cp[need] && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
}

static void test_valid_utf8_boundaries(void **state)
{
    (void)state;
    /* E0: the second byte must be >= A0 (below is an overlong < U+0800). */
    for (unsigned b = 0x80; b <= 0x9F; b++)
        for (unsigned c = 0x80; c <= 0xBF; c++) {
            const char s[] = {(char)0xE0, (char)b, (char)c};
            assert_false(text_valid_utf8(s, 3));
        }
    assert_true(text_valid_utf8("\xe0\xa0\x80", 3));  /* U+0800, the first 3-byte */
    assert_true(text_valid_utf8("\xe0\xbf\xbf", 3));
    /* ED: the second byte must be <= 9F (above are the surrogates). */
    assert_true(text_valid_utf8("\xed\x80\x80", 3));
    assert_true(text_valid_utf8("\xed\x9f\xbf", 3));
    assert_false(text_valid_utf8("\xed\xa0\x80", 3));
    /* F0: the second byte must be >= 90 (below is an overlong < U+10000). */
    assert_false(text_valid_utf8("\xf0\x80\x80\x80", 4));
    assert_false(text_valid_utf8("\xf0\x8f\xbf\xbf", 4));
    assert_true(text_valid_utf8("\xf0\x90\x80\x80", 4));  /* U+10000 */
    /* F4: the second byte must be <= 8F (above is past U+10FFFF). */
    assert_true(text_valid_utf8("\xf4\x80\x80\x80", 4));
    assert_true(text_valid_utf8("\xf4\x8f\xbf\xbf", 4));
    assert_false(text_valid_utf8("\xf4\x90\x80\x80", 4));
    assert_false(text_valid_utf8("\xf4\xbf\xbf\xbf", 4));
    /* Inside longer text too, not only as the whole input. */
    assert_false(text_valid_utf8("ab\xe0\x9f\xbf" "cd", 7));
    assert_true(text_valid_utf8("ab\xe0\xa0\x80" "cd", 7));
}

static void test_valid_utf8_exhaustive(void **state)
{
    (void)state;
    unsigned char s[4];
    /* Every 1-, 2- and 3-byte string. */
    for (unsigned a = 0; a < 256; a++) {
        s[0] = (unsigned char)a;
        assert_int_equal(text_valid_utf8((char *)s, 1), ref_valid_seq(s, 1));
        for (unsigned b = 0; b < 256; b++) {
            s[1] = (unsigned char)b;
            /* Two bytes may also be two 1-byte sequences. */
            bool two = ref_valid_seq(s, 2) || (a < 0x80 && b < 0x80);
            assert_int_equal(text_valid_utf8((char *)s, 2), two);
            if (a < 0xE0 || a > 0xEF)
                continue;
            for (unsigned c = 0; c < 256; c++) {
                s[2] = (unsigned char)c;
                if (text_valid_utf8((char *)s, 3) != ref_valid_seq(s, 3))
                    fail_msg("3-byte %02X %02X %02X", a, b, c);
            }
        }
    }
    /* 4-byte leads with every second byte and edge values after it. */
    static const unsigned char tail[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned a = 0xF0; a <= 0xFF; a++)
        for (unsigned b = 0; b < 256; b++)
            for (size_t i = 0; i < sizeof tail; i++)
                for (size_t k = 0; k < sizeof tail; k++) {
                    s[0] = (unsigned char)a;
                    s[1] = (unsigned char)b;
                    s[2] = tail[i];
                    s[3] = tail[k];
                    if (text_valid_utf8((char *)s, 4) != ref_valid_seq(s, 4))
                        fail_msg("4-byte %02X %02X %02X %02X", a, b, tail[i], tail[k]);
                }
}

/* ---- text_normalize ---- */

static void test_normalize_nfd_to_nfc(void **state)
{
    assert_string_equal(norm_ok(*state, NGUYEN_NFD), NGUYEN_NFC);
    assert_string_equal(norm_ok(*state, NGUYEN_NFC), NGUYEN_NFC);
    /* o + horn + dot below in either mark order -> ợ U+1EE3 */
    assert_string_equal(norm_ok(*state, "o\xcc\x9b\xcc\xa3"), "\xe1\xbb\xa3");
    assert_string_equal(norm_ok(*state, "o\xcc\xa3\xcc\x9b"), "\xe1\xbb\xa3");
}

static void test_normalize_lookalikes(void **state)
{
    assert_string_equal(norm_ok(*state, ETH_UP "\xe1\xbb\xa9" "c"),
                        DSTROKE_UP "\xe1\xbb\xa9" "c"); /* Ðức -> Đức */
    assert_string_equal(norm_ok(*state, ETH_LO "i"), DSTROKE_LO "i");
    /* A mark after the lookalike stays combining (Đ has no precomposed forms). */
    assert_string_equal(norm_ok(*state, ETH_UP "\xcc\x81"), DSTROKE_UP "\xcc\x81");
    /* The real letters pass unchanged. */
    assert_string_equal(norm_ok(*state, DSTROKE_UP DSTROKE_LO), DSTROKE_UP DSTROKE_LO);
}

static void test_normalize_rejects(void **state)
{
    assert_norm_invalid(*state, "\xc0\x80", 2);
    assert_norm_invalid(*state, "ab\xed\xa0\x80", 5);
    assert_norm_invalid(*state, "Nguy\xe1\xba", 6);
    assert_norm_invalid(*state, "\xf5\x80\x80\x80", 4);
    assert_norm_invalid(*state, "a\0b", 3);
    assert_norm_invalid(*state, "\0", 1);
    assert_norm_invalid(*state, NULL, 1);
}

static void test_normalize_trim(void **state)
{
    assert_string_equal(norm_ok(*state, " \t\n\xc2\xa0" "Tr\xe1\xba\xa7n A\xc2\xa0 \r\n"),
                        "Tr\xe1\xba\xa7n A");
    /* Inner white space, including NBSP, is kept. */
    assert_string_equal(norm_ok(*state, " a\xc2\xa0 b "), "a\xc2\xa0 b");
    assert_string_equal(norm_ok(*state, ""), "");
    assert_string_equal(norm_ok(*state, " \t\r\n\xc2\xa0 "), "");
}

static void test_normalize_controls(void **state)
{
    assert_string_equal(norm_ok(*state, "a\r\nb\r\n\r\nc"), "a\nb\n\nc");
    assert_string_equal(norm_ok(*state, "a\rb"), "a b");
    assert_string_equal(norm_ok(*state, "a\x01" "b\x1b" "c\x1f" "d"), "a b c d");
    assert_string_equal(norm_ok(*state, "a\tb\nc"), "a\tb\nc");
    /* A control at the edge becomes a space and is then trimmed. */
    assert_string_equal(norm_ok(*state, "\x07x\x0b"), "x");
}

static void test_normalize_output_is_copy(void **state)
{
    char in[] = "abc";
    char *out = norm_ok(*state, in);
    in[0] = 'X';
    assert_string_equal(out, "abc");
    /* LEN, not the NUL, bounds the input. */
    assert_int_equal(text_normalize(*state, "abcdef", 3, &out), ST_OK);
    assert_string_equal(out, "abc");
}

/* ---- text_word_pairs ---- */

static void test_word_pairs(void **state)
{
    arena_t *a = *state;
    assert_string_equal(text_word_pairs(a, "nguyen van duc"), "nguyen_van van_duc");
    assert_string_equal(text_word_pairs(a, "bui thi lan anh"), "bui_thi thi_lan lan_anh");
    /* Anything but [a-z0-9] only separates words, as in a search query. */
    assert_string_equal(text_word_pairs(a, " h'hen  nie-2 "), "h_hen hen_nie nie_2");
    assert_string_equal(text_word_pairs(a, "lan"), "");
    assert_string_equal(text_word_pairs(a, "  "), "");
    assert_string_equal(text_word_pairs(a, ""), "");
    assert_string_equal(text_word_pairs(a, NULL), "");
}

/* ---- text_fold ---- */

static void test_fold_basic(void **state)
{
    arena_t *a = *state;
    assert_string_equal(text_fold(a, NGUYEN_NFC " V\xc4\x83n " DSTROKE_UP "\xe1\xbb\xa9" "c"),
                        "nguyen van duc");
    /* ĐỖ THỊ HỒNG */
    assert_string_equal(text_fold(a, DSTROKE_UP "\xe1\xbb\x96 TH\xe1\xbb\x8a H\xe1\xbb\x92NG"),
                        "do thi hong");
    /* ư ơ (horn), ă (breve), â ê ô (circumflex) all lose their marks. */
    assert_string_equal(text_fold(a, "\xc6\xaf\xc6\xa1 \xc4\x83\xc3\xa2\xc3\xaa\xc3\xb4"),
                        "uo aaeo");
    assert_string_equal(text_fold(a, ""), "");
    assert_null(text_fold(a, NULL));
}

static void test_fold_nfd_equals_nfc(void **state)
{
    arena_t *a = *state;
    assert_string_equal(text_fold(a, NGUYEN_NFD), "nguyen");
    assert_string_equal(text_fold(a, NGUYEN_NFD), text_fold(a, NGUYEN_NFC));
    /* D + combining short stroke (a hand-made Đ) folds to d as well. */
    assert_string_equal(text_fold(a, "D\xcc\xb5" "a"), "da");
}

static void test_fold_lookalike_and_case(void **state)
{
    arena_t *a = *state;
    assert_string_equal(text_fold(a, ETH_UP "\xe1\xbb\x97"), "do"); /* Ðỗ */
    assert_string_equal(text_fold(a, ETH_LO "a"), "da");
    /* Root-locale lowercase: I -> i (not dotless), İ -> i with its dot dropped. */
    assert_string_equal(text_fold(a, "I\xc4\xb0"), "ii");
}

static void test_fold_whitespace(void **state)
{
    assert_string_equal(text_fold(*state, "  Tr\xe1\xba\xa7n \t\n  Th\xe1\xbb\x8b  "),
                        "tran thi");
    assert_string_equal(text_fold(*state, "a\xc2\xa0\xc2\xa0" "b"), "a b");
    assert_string_equal(text_fold(*state, " \t "), "");
}

/* ---- collation ---- */

static int cmp_collate(const void *x, const void *y)
{
    return text_collate(*(const char *const *)x, *(const char *const *)y);
}

static int sign(int v) { return (v > 0) - (v < 0); }

static void test_collate_letters(void **state)
{
    (void)state;
    const char *words[] = {
        DSTROKE_UP "\xe1\xbb\xa9" "c", "Dung", "Anh", "\xc3\x82n", "\xc4\x82n",
        "B\xc3\xacnh", "An",
    };
    const char *want[] = {
        "An", "Anh", "\xc4\x82n", "\xc3\x82n", "B\xc3\xacnh", "Dung",
        DSTROKE_UP "\xe1\xbb\xa9" "c",
    }; /* An < Anh < Ăn < Ân < Bình < Dung < Đức */
    size_t n = sizeof words / sizeof *words;
    qsort(words, n, sizeof *words, cmp_collate);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(words[i], want[i]);
}

static void test_collate_rules(void **state)
{
    (void)state;
    /* Letters are primary: ă < â even when a later letter says otherwise. */
    assert_true(text_collate("\xc4\x83z", "\xc3\xa2" "a") < 0);   /* ăz < âa */
    assert_true(text_collate("Dz", DSTROKE_LO "a") < 0);            /* d* < đ* */
    assert_true(text_collate(DSTROKE_LO "z", "e") < 0);            /* đ < e */
    assert_true(text_collate("ez", "\xc3\xaa" "a") < 0);            /* e < ê */
    assert_true(text_collate("oz", "\xc3\xb4" "a") < 0);            /* o < ô */
    assert_true(text_collate("\xc3\xb4z", "\xc6\xa1" "a") < 0);     /* ô < ơ */
    assert_true(text_collate("uz", "\xc6\xb0" "a") < 0);            /* u < ư */
    /* Tones are secondary: bạ < bác although ạ is a later code point than á. */
    assert_true(text_collate("b\xe1\xba\xa1", "b\xc3\xa1" "c") < 0);
    /* Tone order: ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ). */
    const char *tones[] = {"a", "\xc3\xa0", "\xe1\xba\xa3", "\xc3\xa3", "\xc3\xa1",
                           "\xe1\xba\xa1"};
    for (size_t i = 0; i + 1 < sizeof tones / sizeof *tones; i++)
        assert_true(text_collate(tones[i], tones[i + 1]) < 0);
    /* The Icelandic lookalike is NOT đ for ICU: why text_normalize fixes it. */
    assert_true(text_collate(ETH_UP "a", "Dz") < 0);
}

static void test_collate_equal(void **state)
{
    (void)state;
    assert_int_equal(text_collate(NGUYEN_NFC, NGUYEN_NFD), 0);
    assert_int_equal(text_collate("", ""), 0);
    assert_true(text_collate("", "a") < 0);
    assert_true(text_collate("an", "An") < 0); /* case is tertiary */
}

/* ---- sort keys ---- */

static void test_sort_key_hex(void **state)
{
    char *k = text_sort_key(*state, NGUYEN_NFC);
    assert_non_null(k);
    assert_true(strlen(k) > 0 && strlen(k) % 2 == 0);
    assert_int_equal(strspn(k, "0123456789abcdef"), strlen(k));
    assert_string_equal(k, text_sort_key(*state, NGUYEN_NFD));
    assert_non_null(text_sort_key(*state, ""));
    assert_null(text_sort_key(*state, NULL));
}

static void test_sort_key_order(void **state)
{
    const char *w[] = {
        "An", "an", "Anh", "\xc4\x82n", "\xc3\x82n", "B\xc3\xacnh", "Dung", "Dz",
        DSTROKE_UP "\xe1\xbb\xa9" "c", DSTROKE_LO "a", "b\xe1\xba\xa1", "b\xc3\xa1" "c",
        "a", "\xc3\xa0", "\xe1\xba\xa3", "\xc3\xa3", "\xc3\xa1", "\xe1\xba\xa1", "",
        NGUYEN_NFC, "Nguyen", "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Minh Khai",
    };
    enum { N = sizeof w / sizeof *w };
    char *k[N];
    for (size_t i = 0; i < N; i++) {
        k[i] = text_sort_key(*state, w[i]);
        assert_non_null(k[i]);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            assert_int_equal(sign(strcmp(k[i], k[j])), sign(text_collate(w[i], w[j])));
}

static void test_sort_key_long(void **state)
{
    /* Longer than the internal stack buffer: the heap path. */
    char s[2001];
    memset(s, 'z', sizeof s - 1);
    s[sizeof s - 1] = '\0';
    char *k = text_sort_key(*state, s);
    assert_non_null(k);
    s[1999] = 'y';
    assert_true(strcmp(text_sort_key(*state, s), k) < 0);
}

/* ---- numbers ---- */

static void assert_int_fmt(int64_t v, const char *want)
{
    buf_t b;
    buf_init(&b, 64);
    text_format_int(&b, v);
    assert_false(buf_failed(&b));
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void assert_money_fmt(int64_t v, const char *want)
{
    buf_t b;
    buf_init(&b, 64);
    text_format_money(&b, v);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_format_int(void **state)
{
    (void)state;
    assert_int_fmt(0, "0");
    assert_int_fmt(7, "7");
    assert_int_fmt(999, "999");
    assert_int_fmt(1000, "1.000");
    assert_int_fmt(3625, "3.625");
    assert_int_fmt(100000, "100.000");
    assert_int_fmt(1000000, "1.000.000");
    assert_int_fmt(-1, "-1");
    assert_int_fmt(-999, "-999");
    assert_int_fmt(-1000, "-1.000");
    assert_int_fmt(-1250000, "-1.250.000");
    assert_int_fmt(INT64_MAX, "9.223.372.036.854.775.807");
    assert_int_fmt(INT64_MIN, "-9.223.372.036.854.775.808");
}

static void test_format_money(void **state)
{
    (void)state;
    assert_money_fmt(1250000, "1.250.000 \xc4\x91");
    assert_money_fmt(0, "0 \xc4\x91");
    assert_money_fmt(-5000, "-5.000 \xc4\x91");
}

static void test_format_appends(void **state)
{
    (void)state;
    buf_t b;
    buf_init(&b, 64);
    buf_puts(&b, "T\xe1\xbb\x95ng: ");
    text_format_int(&b, 3625);
    assert_string_equal(buf_str(&b), "T\xe1\xbb\x95ng: 3.625");
    buf_free(&b);
}

/* ---- failures: every allocation in turn fails; no leak, no wrong result ---- */

static void test_alloc_failures(void **state)
{
    arena_t *a = *state;
    for (long n = 1; n <= 12; n++) {
        char *out = NULL;
        alloc_fail_after(n);
        status_t st = text_normalize(a, " " NGUYEN_NFD " ", 12, &out);
        alloc_fail_after(n);
        char *fold = text_fold(a, NGUYEN_NFD);
        alloc_fail_after(n);
        char *key = text_sort_key(a, NGUYEN_NFD);
        alloc_fail_after(0);
        assert_true(st == ST_OK || (st == ST_NOMEM && out == NULL));
        if (st == ST_OK)
            assert_string_equal(out, NGUYEN_NFC);
        if (fold)
            assert_string_equal(fold, "nguyen");
        if (key)
            assert_string_equal(key, text_sort_key(a, NGUYEN_NFC));
    }
}

static void test_arena_budget(void **state)
{
    (void)state;
    arena_t *small = arena_new(32);
    char *out = NULL;
    static const char long_in[] = "Nguy\xe1\xbb\x85n V\xc4\x83n A Nguy\xe1\xbb\x85n V\xc4\x83n B "
                                  "Nguy\xe1\xbb\x85n V\xc4\x83n C Nguy\xe1\xbb\x85n V\xc4\x83n D";
    assert_non_null(small);
    assert_int_equal(text_normalize(small, long_in, sizeof long_in - 1, &out), ST_NOMEM);
    assert_null(out);
    assert_null(text_fold(small, long_in));
    arena_free(small);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_valid_utf8_accepts),
        T(test_valid_utf8_rejects),
        T(test_valid_utf8_boundaries),
        T(test_valid_utf8_exhaustive),
        T(test_normalize_nfd_to_nfc),
        T(test_normalize_lookalikes),
        T(test_normalize_rejects),
        T(test_normalize_trim),
        T(test_normalize_controls),
        T(test_normalize_output_is_copy),
        T(test_word_pairs),
        T(test_fold_basic),
        T(test_fold_nfd_equals_nfc),
        T(test_fold_lookalike_and_case),
        T(test_fold_whitespace),
        T(test_collate_letters),
        T(test_collate_rules),
        T(test_collate_equal),
        T(test_sort_key_hex),
        T(test_sort_key_order),
        T(test_sort_key_long),
        T(test_format_int),
        T(test_format_money),
        T(test_format_appends),
        T(test_alloc_failures),
        T(test_arena_budget),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
