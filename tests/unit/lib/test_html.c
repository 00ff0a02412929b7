/* Unit tests for src/lib/html.c: escaping by context (text, attribute, URL
 * component), NULL as empty, and the buffer's sticky limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/html.h"

/* Nguyễn Văn Đức, NFC, in bytes. */
#define VI_NAME "Nguy\xe1\xbb\x85n V\xc4\x83n \xc4\x90\xe1\xbb\xa9" "c"

static int setup(void **state)
{
    buf_t *b = malloc(sizeof *b);
    if (!b)
        return -1;
    buf_init(b, 1 << 16);
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    buf_free(*state);
    free(*state);
    return 0;
}

typedef void (*emit_fn)(buf_t *, const char *);

/* Output of FN(IN) on a fresh buffer B (reset first). */
static const char *run(buf_t *b, emit_fn fn, const char *in)
{
    buf_reset(b);
    fn(b, in);
    assert_false(buf_failed(b));
    return buf_str(b);
}

/* ---- text and attribute ---------------------------------------------------- */

static void check_escapes(buf_t *b, emit_fn fn)
{
    assert_string_equal(run(b, fn, "a & b < c > d \" e ' f"),
                        "a &amp; b &lt; c &gt; d &quot; e &#39; f");
    /* At the edges and back to back. */
    assert_string_equal(run(b, fn, "<<&>>"), "&lt;&lt;&amp;&gt;&gt;");
    assert_string_equal(run(b, fn, "'\""), "&#39;&quot;");
    /* Already-escaped text is escaped again: no double-decoding tricks. */
    assert_string_equal(run(b, fn, "&amp;&#39;"), "&amp;amp;&amp;#39;");
    /* Injection attempts stay inert. */
    assert_string_equal(run(b, fn, "\"><script>alert(1)</script>"),
                        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assert_string_equal(run(b, fn, "' onmouseover='x"), "&#39; onmouseover=&#39;x");
    /* Vietnamese and other UTF-8 pass unchanged. */
    assert_string_equal(run(b, fn, VI_NAME), VI_NAME);
    assert_string_equal(run(b, fn, "plain text, 3.625 \xc4\x91"), "plain text, 3.625 \xc4\x91");
    assert_string_equal(run(b, fn, ""), "");
    /* NULL is the empty string. */
    assert_string_equal(run(b, fn, NULL), "");
    assert_int_equal(b->len, 0);
}

static void test_text(void **state) { check_escapes(*state, html_text); }

static void test_attr(void **state) { check_escapes(*state, html_attr); }

static void test_appends(void **state)
{
    buf_t *b = *state;
    /* The functions append; the trusted markup goes out raw. */
    html_raw(b, "<p class=\"");
    html_attr(b, "a\"b");
    html_raw(b, "\">");
    html_text(b, "x<y");
    html_text(b, NULL);
    html_raw(b, "</p><a href=\"/u?q=");
    html_url(b, "a&b");
    html_raw(b, "\">");
    html_int(b, -3625);
    html_raw(b, "</a>");
    assert_string_equal(buf_str(b),
                        "<p class=\"a&quot;b\">x&lt;y</p><a href=\"/u?q=a%26b\">-3625</a>");
}

/* ---- URL component ---------------------------------------------------------- */

static void test_url_unreserved(void **state)
{
    buf_t *b = *state;
    static const char unreserved[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    assert_string_equal(run(b, html_url, unreserved), unreserved);
}

static void test_url_reserved(void **state)
{
    buf_t *b = *state;
    assert_string_equal(run(b, html_url, "a b"), "a%20b");
    assert_string_equal(run(b, html_url, "/?#[]@!$&'()*+,;=%"),
                        "%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25");
    assert_string_equal(run(b, html_url, "<\">\\^`{|}"), "%3C%22%3E%5C%5E%60%7B%7C%7D");
    assert_string_equal(run(b, html_url, "\t\n\r\x7f"), "%09%0A%0D%7F");
    assert_string_equal(run(b, html_url, "q=1&r=2"), "q%3D1%26r%3D2");
}

static void test_url_utf8(void **state)
{
    buf_t *b = *state;
    /* Each UTF-8 byte is encoded, upper-case hex. */
    assert_string_equal(run(b, html_url, "\xc4\x90"), "%C4%90");           /* Đ */
    assert_string_equal(run(b, html_url, "Nguy\xe1\xbb\x85n"), "Nguy%E1%BB%85n");
    assert_string_equal(run(b, html_url, VI_NAME),
                        "Nguy%E1%BB%85n%20V%C4%83n%20%C4%90%E1%BB%A9c");
    assert_string_equal(run(b, html_url, "\xf0\x9f\x98\x80"), "%F0%9F%98%80");
    assert_string_equal(run(b, html_url, "\xff\x80"), "%FF%80");
}

static void test_url_null_and_empty(void **state)
{
    buf_t *b = *state;
    assert_string_equal(run(b, html_url, NULL), "");
    assert_string_equal(run(b, html_url, ""), "");
}

/* ---- numbers ------------------------------------------------------------- */

static void test_int(void **state)
{
    buf_t *b = *state;
    html_int(b, 0);
    html_raw(b, " ");
    html_int(b, 1234567);
    html_raw(b, " ");
    html_int(b, INT64_MIN);
    html_raw(b, " ");
    html_int(b, INT64_MAX);
    assert_string_equal(buf_str(b), "0 1234567 -9223372036854775808 9223372036854775807");
}

/* ---- the buffer's limit ------------------------------------------------------ */

static void test_limit_sticky(void **state)
{
    (void)state;
    buf_t b;
    /* "&lt;" is four bytes: escaping can pass the limit although the input
     * would fit. The buffer fails and stays failed. */
    buf_init(&b, 10);
    html_text(&b, "<<<");
    assert_true(buf_failed(&b));
    assert_true(b.too_large);
    assert_true(b.len <= 10);
    size_t len = b.len;
    html_text(&b, "x");
    html_url(&b, "y");
    html_int(&b, 1);
    assert_int_equal(b.len, len);
    buf_free(&b);

    /* Percent-encoding triples the size. */
    buf_init(&b, 8);
    html_url(&b, "\xc4\x90\xc4\x90");
    assert_true(buf_failed(&b));
    assert_true(b.too_large);
    buf_free(&b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_text),
        T(test_attr),
        T(test_appends),
        T(test_url_unreserved),
        T(test_url_reserved),
        T(test_url_utf8),
        T(test_url_null_and_empty),
        T(test_int),
        T(test_limit_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
