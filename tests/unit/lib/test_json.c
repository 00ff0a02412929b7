/* Unit tests for src/lib/json.c: json_parse_object refuses what a request
 * body must not be (bad UTF-8, duplicate keys, non-objects, NUL bytes) with a
 * Vietnamese message, and normalises string values at the boundary; the
 * _take setters steal their value even when they fail (jansson's allocations
 * are counted here, so a leak fails the test in every build, not only under
 * ASan). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/json.h"
#include "lib/text.h"

#define NGUYEN_NFC "Nguy\xe1\xbb\x85n"      /* Nguyễn */
#define NGUYEN_NFD "Nguye\xcc\x82\xcc\x83n" /* e + U+0302 + U+0303 */
#define ETH_UP "\xc3\x90"                  /* Ð U+00D0 (Icelandic) */
#define DSTROKE_UP "\xc4\x90"              /* Đ U+0110 */

/* ---- jansson allocation counter ---------------------------------------------- */

static long live_allocs;

static void *count_malloc(size_t n)
{
    void *p = malloc(n);
    if (p)
        live_allocs++;
    return p;
}

static void count_free(void *p)
{
    if (p)
        live_allocs--;
    free(p);
}

/* ---- fixtures --------------------------------------------------------------- */

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

/* Parses a C string; LEN -1 means strlen. */
static json_t *parse(arena_t *a, const char *s, long len, const char **msg)
{
    *msg = NULL;
    return json_parse_object(s, len < 0 ? strlen(s) : (size_t)len, a, msg);
}

/* Asserts S (LEN bytes) is refused with a message that starts like every
 * message of json_parse_object and contains WANT. */
static void assert_refused(arena_t *a, const char *s, long len, const char *want)
{
    const char *msg = NULL;
    json_t *j = parse(a, s, len, &msg);
    if (j) {
        print_error("accepted: %.*s\n", (int)(len < 0 ? (long)strlen(s) : len), s);
        json_decref(j);
    }
    assert_null(j);
    assert_non_null(msg);
    /* Vietnamese, with its diacritics, and well-formed itself. */
    assert_true(strncmp(msg, "D\xe1\xbb\xaf li\xe1\xbb\x87u JSON", 14) == 0); /* "Dữ liệu JSON" */
    assert_true(text_valid_utf8(msg, strlen(msg)));
    if (strstr(msg, want) == NULL)
        print_error("message '%s' lacks '%s'\n", msg, want);
    assert_non_null(strstr(msg, want));
}

/* Parses S, which must be accepted, and returns the string member KEY. */
static const char *parsed_str(arena_t *a, json_t **keep, const char *s, const char *key)
{
    const char *msg = NULL;
    *keep = parse(a, s, -1, &msg);
    if (!*keep)
        print_error("refused: %s: %s\n", s, msg ? msg : "(no message)");
    assert_non_null(*keep);
    const char *v = jget_str(*keep, key);
    assert_non_null(v);
    return v;
}

/* ---- refusals ---------------------------------------------------------------- */

#define MSG_UTF8 "kh\xc3\xb4ng ph\xe1\xba\xa3i UTF-8"        /* "không phải UTF-8" */
#define MSG_SYNTAX "kh\xc3\xb4ng h\xe1\xbb\xa3p l\xe1\xbb\x87 (d\xc3\xb2ng" /* "không hợp lệ (dòng" */
#define MSG_OBJECT "ph\xe1\xba\xa3i l\xc3\xa0 m\xe1\xbb\x99t \xc4\x91\xe1\xbb\x91i t\xc6\xb0\xe1\xbb\xa3ng" /* "phải là một đối tượng" */

static void test_rejects_invalid_utf8(void **state)
{
    arena_t *a = *state;
    assert_refused(a, "{\"a\":\"\xff\"}", -1, MSG_UTF8);
    assert_refused(a, "{\"a\":\"\xc0\xaf\"}", -1, MSG_UTF8);          /* overlong '/' */
    assert_refused(a, "{\"a\":\"\xe0\x80\xaf\"}", -1, MSG_UTF8);      /* overlong 3-byte */
    assert_refused(a, "{\"a\":\"\xed\xa0\x80\"}", -1, MSG_UTF8);      /* surrogate */
    assert_refused(a, "{\"a\":\"\xf4\x90\x80\x80\"}", -1, MSG_UTF8);  /* > U+10FFFF */
    assert_refused(a, "{\"a\":\"Nguy\xe1\xbb\"}", -1, MSG_UTF8);      /* truncated */
    assert_refused(a, "{\"\xe1\xbbx\":1}", -1, MSG_UTF8);              /* in a key */
    assert_refused(a, "{\"a\":1} \x80", -1, MSG_UTF8);                 /* after the object */
}

static void test_rejects_nul(void **state)
{
    arena_t *a = *state;
    static const char raw[] = "{\"a\":\"x\0y\"}";
    assert_refused(a, raw, (long)sizeof raw - 1, MSG_UTF8);
    static const char trailing[] = "{}\0";
    assert_refused(a, trailing, (long)sizeof trailing - 1, MSG_UTF8);
    /* The escaped form is refused as well (jansson without JSON_ALLOW_NUL). */
    assert_refused(a, "{\"a\":\"x\\u0000y\"}", -1, MSG_SYNTAX);
}

static void test_rejects_duplicate_keys(void **state)
{
    arena_t *a = *state;
    assert_refused(a, "{\"a\":1,\"a\":2}", -1, MSG_SYNTAX);
    assert_refused(a, "{\"a\":1,\"b\":2,\"a\":1}", -1, MSG_SYNTAX);
    assert_refused(a, "{\"o\":{\"k\":1,\"k\":2}}", -1, MSG_SYNTAX);
    /* The same key in two different objects is fine. */
    const char *msg;
    json_t *j = parse(a, "{\"o\":{\"k\":1},\"p\":{\"k\":2}}", -1, &msg);
    assert_non_null(j);
    json_decref(j);
}

static void test_rejects_non_objects(void **state)
{
    arena_t *a = *state;
    static const char *bad[] = {"[]", "[{}]", "\"text\"", "42", "null", "true", " [1,2] "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_refused(a, bad[i], -1, MSG_OBJECT);
}

static void test_rejects_syntax(void **state)
{
    arena_t *a = *state;
    static const char *bad[] = {"", "   ", "{", "{\"a\":}", "{\"a\" 1}", "{} {}", "{}x",
                                "{'a':1}", "{\"a\":01}", "{\"a\":1,}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_refused(a, bad[i], -1, MSG_SYNTAX);
    /* The position is the one jansson reports. */
    const char *msg;
    assert_null(parse(a, "{\n\"a\":\n}", -1, &msg));
    assert_non_null(strstr(msg, "d\xc3\xb2ng 3, c\xe1\xbb\x99t 1)")); /* "dòng 3, cột 1)" */
}

static void test_message_without_arena_room(void **state)
{
    (void)state;
    /* The syntax message is formatted in the arena; when the arena is out of
     * budget the caller must still get a message, not NULL. */
    arena_t *tiny = arena_new(16);
    const char *msg = NULL;
    assert_null(parse(tiny, "{\"a\":}", -1, &msg));
    assert_non_null(msg);
    assert_true(strncmp(msg, "D\xe1\xbb\xaf li\xe1\xbb\x87u JSON", 14) == 0);
    arena_free(tiny);
}

static void test_normalize_failure_no_leak(void **state)
{
    (void)state;
    /* Normalising needs arena room; when there is none the parsed object is
     * released (the allocation counter checks) and a message is given. */
    long before = live_allocs;
    arena_t *tiny = arena_new(32);
    const char *msg = NULL;
    assert_null(parse(tiny, "{\"k\":\"" NGUYEN_NFD " " NGUYEN_NFD " " NGUYEN_NFD " " NGUYEN_NFD "\"}", -1,
                      &msg));
    assert_non_null(msg);
    assert_int_equal(live_allocs, before);
    arena_free(tiny);
}

/* ---- normalisation ------------------------------------------------------------ */

static void test_normalizes_nfd(void **state)
{
    arena_t *a = *state;
    json_t *j;
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"" NGUYEN_NFD "\"}", "n"), NGUYEN_NFC);
    json_decref(j);
    /* The same through JSON escapes. */
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"Nguye\\u0302\\u0303n\"}", "n"), NGUYEN_NFC);
    json_decref(j);
    /* Mark order does not matter: o + horn + dot below either way -> ợ. */
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"o\\u031b\\u0323\"}", "n"), "\xe1\xbb\xa3");
    json_decref(j);
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"o\\u0323\\u031b\"}", "n"), "\xe1\xbb\xa3");
    json_decref(j);
}

static void test_normalizes_lookalike(void **state)
{
    arena_t *a = *state;
    json_t *j;
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"" ETH_UP "\xe1\xbb\xa9" "c\"}", "n"),
                        DSTROKE_UP "\xe1\xbb\xa9" "c"); /* Ðức -> Đức */
    json_decref(j);
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"\\u00d0\\u00f0\"}", "n"), DSTROKE_UP "\xc4\x91");
    json_decref(j);
}

static void test_normalizes_trim_and_controls(void **state)
{
    arena_t *a = *state;
    json_t *j;
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"  x y \\t\\n\"}", "n"), "x y");
    json_decref(j);
    assert_string_equal(parsed_str(a, &j, "{\"n\":\"a\\u0007b\\r\\nc\"}", "n"), "a b\nc");
    json_decref(j);
}

static void test_normalizes_nested(void **state)
{
    arena_t *a = *state;
    const char *msg;
    json_t *j = parse(a,
                      "{\"list\":[\"" NGUYEN_NFD "\",{\"deep\":[\"" ETH_UP "\"]}, 5, null],"
                      " \"obj\":{\"x\":\" " NGUYEN_NFD " \"}, \"big\": 9223372036854775807,"
                      " \"neg\": -9223372036854775808, \"t\": true}",
                      -1, &msg);
    assert_non_null(j);
    json_t *list = json_object_get(j, "list");
    assert_string_equal(json_string_value(json_array_get(list, 0)), NGUYEN_NFC);
    json_t *deep = json_object_get(json_array_get(list, 1), "deep");
    assert_string_equal(json_string_value(json_array_get(deep, 0)), DSTROKE_UP);
    assert_int_equal(json_integer_value(json_array_get(list, 2)), 5);
    assert_true(json_is_null(json_array_get(list, 3)));
    assert_string_equal(jget_str(json_object_get(j, "obj"), "x"), NGUYEN_NFC);
    /* Numbers stay exact 64-bit integers. */
    int64_t v = 0;
    assert_int_equal(jget_int(j, "big", &v), 0);
    assert_true(v == INT64_MAX);
    assert_int_equal(jget_int(j, "neg", &v), 0);
    assert_true(v == INT64_MIN);
    assert_true(json_is_true(json_object_get(j, "t")));
    json_decref(j);
}

static void test_keys_kept(void **state)
{
    arena_t *a = *state;
    /* Only values are normalised: a key arrives as sent. */
    const char *msg;
    json_t *j = parse(a, "{\"" NGUYEN_NFD "\":\"v\"}", -1, &msg);
    assert_non_null(j);
    assert_string_equal(jget_str(j, NGUYEN_NFD), "v");
    json_decref(j);
}

/* ---- ownership -------------------------------------------------------------- */

static void test_take_steals_on_failure(void **state)
{
    (void)state;
    long before = live_allocs;
    json_t *arr = json_array();
    json_t *obj = json_object();
    /* Not an object: refused, and the value is released. */
    assert_int_equal(jobj_take(arr, "k", json_string("a value that must be freed")), -1);
    /* A key that is not UTF-8: refused, value released. */
    assert_int_equal(jobj_take(obj, "\xff", json_integer(1)), -1);
    /* A NULL value (a failed constructor) is refused without a crash. */
    assert_int_equal(jobj_take(obj, "k", NULL), -1);
    /* jarr_take on an object: refused, value released. */
    assert_int_equal(jarr_take(obj, json_pack("{s:[i,i]}", "x", 1, 2)), -1);
    assert_int_equal(jarr_take(arr, NULL), -1);
    /* The setters built on jobj_take steal in the same way. */
    assert_int_equal(jobj_str(arr, "k", "text"), -1);
    assert_int_equal(jobj_int(arr, "k", 5), -1);
    assert_int_equal(jobj_bool(arr, "k", 1), -1);
    assert_int_equal(json_array_size(arr), 0);
    assert_int_equal(json_object_size(obj), 0);
    json_decref(arr);
    json_decref(obj);
    assert_int_equal(live_allocs, before);
}

static void test_take_steals_on_success(void **state)
{
    (void)state;
    long before = live_allocs;
    json_t *obj = json_object();
    json_t *val = json_string("x");
    assert_int_equal(jobj_take(obj, "k", val), 0);
    /* The object holds the only reference. */
    assert_int_equal(val->refcount, 1);
    assert_ptr_equal(json_object_get(obj, "k"), val);
    json_t *arr = json_array();
    assert_int_equal(jarr_take(arr, json_integer(7)), 0);
    assert_int_equal(jobj_take(obj, "arr", arr), 0);
    assert_int_equal(arr->refcount, 1);
    /* Replacing a member releases the old value. */
    assert_int_equal(jobj_take(obj, "k", json_string("y")), 0);
    assert_string_equal(jget_str(obj, "k"), "y");
    json_decref(obj);
    assert_int_equal(live_allocs, before);
}

static void test_setters_and_getters(void **state)
{
    arena_t *a = *state;
    json_t *obj = json_object();
    assert_int_equal(jobj_str(obj, "s", NGUYEN_NFC), 0);
    assert_int_equal(jobj_str(obj, "n", NULL), 0);
    assert_int_equal(jobj_int(obj, "i", INT64_MIN), 0);
    assert_int_equal(jobj_bool(obj, "b", 7), 0);
    assert_int_equal(jobj_take(obj, "r", json_real(1.5)), 0);
    assert_true(json_is_null(json_object_get(obj, "n")));
    assert_true(json_is_true(json_object_get(obj, "b")));
    assert_string_equal(jget_str(obj, "s"), NGUYEN_NFC);
    assert_null(jget_str(obj, "n"));       /* null is not a string */
    assert_null(jget_str(obj, "i"));       /* nor is a number */
    assert_null(jget_str(obj, "missing"));
    int64_t v = 99;
    assert_int_equal(jget_int(obj, "i", &v), 0);
    assert_true(v == INT64_MIN);
    v = 99;
    assert_int_equal(jget_int(obj, "r", &v), -1); /* a real is not an integer */
    assert_int_equal(jget_int(obj, "s", &v), -1);
    assert_int_equal(jget_int(obj, "missing", &v), -1);
    assert_int_equal(v, 99); /* untouched on failure */

    /* Compact, sorted, UTF-8 kept as is. */
    assert_string_equal(json_dump_arena(obj, a),
                        "{\"b\":true,\"i\":-9223372036854775808,\"n\":null,\"r\":1.5,"
                        "\"s\":\"" NGUYEN_NFC "\"}");
    json_decref(obj);
}

static void test_dump_arena_budget(void **state)
{
    (void)state;
    arena_t *tiny = arena_new(16);
    json_t *obj = json_pack("{s:s}", "key", "a value longer than sixteen bytes");
    assert_null(json_dump_arena(obj, tiny));
    json_decref(obj);
    arena_free(tiny);
}

/* json_put_str writes what json_dumps writes for the same string, and
 * the text reads back as the string. */
static void test_put_str_as_jansson(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "", "Nguyễn Văn Đức", "say \"hi\"", "back\\slash", "tab\there\nnew\rline", "\b\f\x01\x1f end",
        "a/b <c> & 'd'", "\xe2\x80\xa8 line separator", "\x7f del",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        buf_t b;
        buf_init(&b, 1024);
        assert_int_equal(json_put_str(&b, cases[i]), 0);
        json_t *j = json_string(cases[i]);
        char *want = json_dumps(j, JSON_ENCODE_ANY);
        assert_string_equal(buf_str(&b), want);
        json_t *back = json_loads(buf_str(&b), JSON_DECODE_ANY, NULL);
        assert_string_equal(json_string_value(back), cases[i]);
        json_decref(back);
        free(want);
        json_decref(j);
        buf_free(&b);
    }
    buf_t b;
    buf_init(&b, 1024);
    assert_int_equal(json_put_str(&b, NULL), 0);
    assert_string_equal(buf_str(&b), "null");
    buf_free(&b);
    /* A buffer at its limit fails and says so. */
    buf_init(&b, 4);
    assert_int_equal(json_put_str(&b, "longer than four"), -1);
    assert_true(buf_failed(&b));
    buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    /* Before jansson allocates anything, so that every block is counted. */
    json_set_alloc_funcs(count_malloc, count_free);
    const struct CMUnitTest tests[] = {
        T(test_rejects_invalid_utf8),
        T(test_rejects_nul),
        T(test_rejects_duplicate_keys),
        T(test_rejects_non_objects),
        T(test_rejects_syntax),
        T(test_message_without_arena_room),
        T(test_normalize_failure_no_leak),
        T(test_normalizes_nfd),
        T(test_normalizes_lookalike),
        T(test_normalizes_trim_and_controls),
        T(test_normalizes_nested),
        T(test_keys_kept),
        T(test_take_steals_on_failure),
        T(test_take_steals_on_success),
        T(test_setters_and_getters),
        T(test_dump_arena_budget),
        T(test_put_str_as_jansson),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
