/* Vietnamese text with ICU: validation, NFC, search folding, collation and
 * number formatting. See src/lib/text.h and docs/internals/text.md. */
#include "lib/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "lib/alloc.h"

/* Shared, read-only after text_init(). The normalisers are ICU singletons
 * (never closed); the collator is ours. ICU4C's const collator API is safe to
 * call from many threads at once. */
static const UNormalizer2 *g_nfc;
static const UNormalizer2 *g_nfd;
static UCollator *g_coll;

/* Longest input we convert: ICU lengths are int32_t and UTF-16 can need as
 * many units as UTF-8 bytes, NFC/NFD can grow the text a few times. */
#define TEXT_MAX_BYTES ((size_t)INT32_MAX / 8)

int text_init(void)
{
    UErrorCode err = U_ZERO_ERROR;
    if (g_coll)
        return 0;
    g_nfc = unorm2_getNFCInstance(&err);
    g_nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err))
        return -1;
    g_coll = ucol_open("vi", &err);
    /* A root fallback would sort đ among the d's: treat it as missing data. */
    bool missing = U_FAILURE(err) || err == U_USING_DEFAULT_WARNING;
    /* Accept any input, not only FCD: stacked Vietnamese marks must compare
     * equal whatever their order of arrival. */
    ucol_setAttribute(g_coll, UCOL_NORMALIZATION_MODE, UCOL_ON, &err);
    if (missing || U_FAILURE(err)) {
        ucol_close(g_coll); /* NULL-safe */
        g_coll = NULL;
        return -1;
    }
    return 0;
}

void text_shutdown(void)
{
    ucol_close(g_coll);
    g_coll = NULL;
}

/* ---- UTF-8 validation ---- */

/* Length of the well-formed sequence at S (N bytes left), 0 when ill-formed.
 * Second-byte ranges follow the Unicode table (RFC 3629 §4), which rules out
 * overlongs, surrogates and code points above U+10FFFF. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0; /* continuation byte, C0/C1 overlong lead, F5..FF */
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

bool text_valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t text_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80; /* count lead bytes, skip continuations */
    return n;
}

/* ---- UTF-16 helpers (temporary strings live on the heap) ---- */

typedef struct {
    UChar *p;
    int32_t len;
} u16_t;

/* UTF-8 -> UTF-16 on the heap; ill-formed bytes become U+FFFD. */
static status_t u16_from_utf8(const char *s, size_t len, u16_t *out)
{
    UErrorCode err = U_ZERO_ERROR;
    if (len > TEXT_MAX_BYTES)
        return ST_TOO_LARGE;
    out->p = xmalloc((len + 1) * sizeof(UChar));
    if (!out->p)
        return ST_NOMEM;
    u_strFromUTF8WithSub(out->p, (int32_t)len + 1, &out->len, s, (int32_t)len,
                         0xFFFD, NULL, &err);
    if (U_FAILURE(err)) {
        xfree(out->p);
        return ST_INTERNAL;
    }
    return ST_OK;
}

/* UTF-16 -> NUL-terminated UTF-8 in A; NULL on failure. */
static char *u16_to_arena(arena_t *a, const UChar *p, int32_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t need = 0;
    u_strToUTF8(NULL, 0, &need, p, len, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return NULL;
    char *out = arena_alloc(a, (size_t)need + 1);
    if (!out)
        return NULL;
    err = U_ZERO_ERROR;
    u_strToUTF8(out, need + 1, NULL, p, len, &err);
    return U_FAILURE(err) ? NULL : out;
}

/* One ICU UTF-16 -> UTF-16 transformation: normalise under NORM (NFC or NFD)
 * or, when NORM is NULL, lowercase in the root locale (never Turkish i). */
static int32_t u16_apply(const UNormalizer2 *norm, const u16_t *in, UChar *dst,
                         int32_t cap, UErrorCode *err)
{
    if (norm)
        return unorm2_normalize(norm, in->p, in->len, dst, cap, err);
    return u_strToLower(dst, cap, in->p, in->len, "", err);
}

/* Replaces IN with u16_apply(NORM, IN), growing the output once if needed. */
static status_t u16_transform(const UNormalizer2 *norm, u16_t *in)
{
    if (in->len > (INT32_MAX - 16) / 2)
        return ST_TOO_LARGE;
    int32_t cap = in->len + in->len / 2 + 16;
    for (int attempt = 0; attempt < 2; attempt++) {
        UErrorCode err = U_ZERO_ERROR;
        UChar *dst = xmalloc((size_t)cap * sizeof(UChar));
        if (!dst)
            return ST_NOMEM;
        int32_t len = u16_apply(norm, in, dst, cap, &err);
        if (U_SUCCESS(err)) {
            xfree(in->p);
            in->p = dst;
            in->len = len;
            return ST_OK;
        }
        xfree(dst);
        if (err != U_BUFFER_OVERFLOW_ERROR || len == INT32_MAX)
            break;
        cap = len + 1;
    }
    return ST_INTERNAL;
}

/* ---- text_normalize ---- */

/* In place: \r\n -> \n, other C0 controls except \n \t -> space, and the
 * lookalikes Ð ð -> Đ đ. None of these take part in canonical composition,
 * so doing it before NFC still yields NFC. */
static void u16_clean(u16_t *s)
{
    int32_t w = 0;
    for (int32_t r = 0; r < s->len; r++) {
        UChar c = s->p[r];
        if (c == '\r' && r + 1 < s->len && s->p[r + 1] == '\n')
            continue;
        if (c < 0x20 && c != '\n' && c != '\t')
            c = ' ';
        else if (c == 0x00D0)
            c = 0x0110;
        else if (c == 0x00F0)
            c = 0x0111;
        s->p[w++] = c;
    }
    s->len = w;
}

static bool is_trim_space(UChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == 0x00A0;
}

status_t text_normalize(arena_t *a, const char *in, size_t len, char **out)
{
    u16_t s;
    *out = NULL;
    if (!in && len > 0)
        return ST_INVALID;
    if (len > 0 && (memchr(in, '\0', len) || !text_valid_utf8(in, len)))
        return ST_INVALID;
    status_t st = u16_from_utf8(in ? in : "", len, &s);
    if (st != ST_OK)
        return st;
    u16_clean(&s);
    st = u16_transform(g_nfc, &s);
    if (st == ST_OK) {
        int32_t b = 0, e = s.len;
        while (b < e && is_trim_space(s.p[b]))
            b++;
        while (e > b && is_trim_space(s.p[e - 1]))
            e--;
        *out = u16_to_arena(a, s.p + b, e - b);
        st = *out ? ST_OK : ST_NOMEM;
    }
    xfree(s.p);
    return st;
}

/* ---- text_fold ---- */

static bool is_fold_space(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v' || u_isUWhiteSpace(c);
}

/* In place on lowercase NFD text: drops non-spacing marks, maps đ and the
 * lookalike ð to d, collapses white space runs to one space and trims. */
static void u16_strip(u16_t *s)
{
    int32_t r = 0, w = 0;
    bool pending_space = false;
    while (r < s->len) {
        UChar32 c;
        U16_NEXT(s->p, r, s->len, c);
        if (u_charType(c) == U_NON_SPACING_MARK)
            continue;
        if (is_fold_space(c)) {
            pending_space = w > 0;
            continue;
        }
        if (c == 0x0111 || c == 0x0110 || c == 0x00F0 || c == 0x00D0)
            c = 'd';
        if (pending_space)
            s->p[w++] = ' ';
        pending_space = false;
        U16_APPEND_UNSAFE(s->p, w, c); /* w <= r: never overtakes the reader */
    }
    s->len = w;
}

char *text_fold(arena_t *a, const char *s)
{
    u16_t u;
    char *out = NULL;
    if (!s || u16_from_utf8(s, strlen(s), &u) != ST_OK)
        return NULL;
    /* Lowercase first so that marks produced by case mapping (İ -> i + U+0307)
     * are stripped too; NFD then splits every tone and vowel mark off. */
    if (u16_transform(NULL, &u) == ST_OK && u16_transform(g_nfd, &u) == ST_OK) {
        u16_strip(&u);
        out = u16_to_arena(a, u.p, u.len);
    }
    xfree(u.p);
    return out;
}

static bool is_word_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

const char *text_next_word(const char *p, size_t *len)
{
    *len = 0;
    while (p && *p && !is_word_char(*p))
        p++;
    if (!p || !*p)
        return NULL;
    while (is_word_char(p[*len]))
        (*len)++;
    return p;
}

char *text_word_pairs(arena_t *a, const char *fold)
{
    /* Every word but the first and the last appears twice: at most 2 × the
     * length of FOLD with the separators. */
    char *out = arena_alloc(a, 2 * (fold ? strlen(fold) : 0) + 1);
    if (!out)
        return NULL;
    size_t n = 0, w, prev_len = 0;
    const char *prev = NULL;
    for (const char *p = text_next_word(fold, &w); p; p = text_next_word(p + w, &w)) {
        if (prev) {
            if (n)
                out[n++] = ' ';
            memcpy(out + n, prev, prev_len);
            n += prev_len;
            memcpy(out + n, TEXT_PAIR_SEP, sizeof TEXT_PAIR_SEP - 1);
            n += sizeof TEXT_PAIR_SEP - 1;
            memcpy(out + n, p, w);
            n += w;
        }
        prev = p;
        prev_len = w;
    }
    out[n] = '\0';
    return out;
}

/* ---- collation ---- */

int text_collate(const char *a, const char *b)
{
    UErrorCode err = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(g_coll, a, -1, b, -1, &err);
    if (U_FAILURE(err)) {
        int c = strcmp(a, b);
        return (c > 0) - (c < 0);
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

/* Lowercase hex of KEY[0..N) into A. */
static char *hex_to_arena(arena_t *a, const uint8_t *key, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *out = arena_alloc(a, 2 * n + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[key[i] >> 4];
        out[2 * i + 1] = digits[key[i] & 0x0F];
    }
    out[2 * n] = '\0';
    return out;
}

char *text_sort_key(arena_t *a, const char *s)
{
    uint8_t small[256];
    uint8_t *key = small;
    u16_t u;
    char *out = NULL;
    if (!s || u16_from_utf8(s, strlen(s), &u) != ST_OK)
        return NULL;
    int32_t n = ucol_getSortKey(g_coll, u.p, u.len, key, (int32_t)sizeof small);
    if (n > (int32_t)sizeof small) {
        key = xmalloc((size_t)n);
        if (key)
            n = ucol_getSortKey(g_coll, u.p, u.len, key, n);
    }
    /* N counts the terminating 0x00; without it the hex still orders like
     * the key, because no key byte before the end is 0x00. */
    if (key && n > 0)
        out = hex_to_arena(a, key, (size_t)n - 1);
    if (key != small)
        xfree(key);
    xfree(u.p);
    return out;
}

/* ---- numbers ---- */

void text_format_int(buf_t *b, int64_t v)
{
    /* Negate in unsigned arithmetic so INT64_MIN has a magnitude too. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, mag);
    if (v < 0)
        buf_putc(b, '-');
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf_putc(b, '.');
        buf_putc(b, digits[i]);
    }
}

void text_format_money(buf_t *b, int64_t vnd)
{
    text_format_int(b, vnd);
    buf_puts(b, " \xC4\x91"); /* " đ" (U+0111) */
}
