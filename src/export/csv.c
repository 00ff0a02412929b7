/* CSV: the streaming reader (encoding and delimiter detection, RFC 4180
 * parsing) and the writer backend (UTF-8 with BOM, CRLF, quoting, formula
 * guard). Contracts in export/table.h; the row builder in table.c.
 *
 * Reading takes two passes over the bytes, never holding them: the first
 * checks UTF-8 and gathers what tells Windows-1258 from TCVN3; the second
 * decodes to UTF-8 and parses. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "export/table_int.h"
#include "lib/alloc.h"
#include "lib/text.h"

#define CHUNK (64u * 1024u)
#define SNIFF_MAX (1u << 20) /* bytes of the first record looked at for the delimiter */

/* The formula guard (OWASP "CSV injection"): a cell that, after any
 * leading apostrophes, starts with = + - @ TAB or CR gets one more
 * apostrophe when written and loses one when read, so every text survives
 * export → import unchanged and no spreadsheet evaluates it. */
static bool guarded(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    return i < n && s[i] && strchr("=+-@\t\r", s[i]);
}

/* ---- pass 1: what encoding ---------------------------------------------- */

typedef enum { ENC_UTF8, ENC_UTF16LE, ENC_UTF16BE, ENC_CP1258, ENC_TCVN3 } enc_t;

typedef struct {
    size_t bom;          /* bytes of BOM at the start */
    enc_t bom_enc;
    bool utf8_ok;
    size_t bad_line;     /* first line with a UTF-8 error */
    size_t nul_line;     /* first line with a NUL byte, 0 = none */
    size_t line;         /* 1-based line being scanned */
    unsigned need;       /* continuation bytes still expected */
    unsigned char lo, hi;/* allowed range of the next continuation byte */
    uint64_t high;       /* bytes >= 0x80 */
    uint64_t tcvn;       /* bytes where TCVN3 has its common letters */
    uint64_t total;
} scan_t;

static void scan_init(scan_t *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->utf8_ok = true;
    sc->line = 1;
}

/* TCVN3 (ABC) puts Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ at A1–AE and à ả ã á ạ ằ ẳ ẵ ắ
 * at B5–B9, BB–BE; Windows-1258 has ¡…® µ¶·¸¹ »¼½¾ there. */
static bool tcvn_letter(unsigned char c)
{
    return (c >= 0xA1 && c <= 0xAE) || (c >= 0xB5 && c <= 0xB9) || (c >= 0xBB && c <= 0xBE);
}

/* Strict UTF-8 as text_valid_utf8, fed in pieces. */
static void scan_feed(scan_t *sc, const unsigned char *p, size_t n)
{
    sc->total += n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '\n')
            sc->line++;
        else if (c == 0 && !sc->nul_line)
            sc->nul_line = sc->line;
        if (c >= 0x80) {
            sc->high++;
            sc->tcvn += tcvn_letter(c);
        }
        if (!sc->utf8_ok)
            continue;
        if (sc->need) {
            if (c < sc->lo || c > sc->hi) {
                sc->utf8_ok = false;
                sc->bad_line = sc->line;
                continue;
            }
            sc->need--;
            sc->lo = 0x80;
            sc->hi = 0xBF;
            continue;
        }
        if (c < 0x80)
            continue;
        sc->lo = 0x80;
        sc->hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            sc->need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            sc->need = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            sc->need = 3;
        else {
            sc->utf8_ok = false;
            sc->bad_line = sc->line;
            continue;
        }
        if (c == 0xE0)
            sc->lo = 0xA0;
        else if (c == 0xED)
            sc->hi = 0x9F;
        else if (c == 0xF0)
            sc->lo = 0x90;
        else if (c == 0xF4)
            sc->hi = 0x8F;
    }
}

/* A file may not end inside a UTF-8 sequence. */
static void scan_end(scan_t *sc)
{
    if (sc->utf8_ok && sc->need) {
        sc->utf8_ok = false;
        sc->bad_line = sc->line;
    }
}

static void scan_bom(scan_t *sc, const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        sc->bom = 3;
        sc->bom_enc = ENC_UTF8;
    } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        sc->bom = 2;
        sc->bom_enc = ENC_UTF16LE;
    } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        sc->bom = 2;
        sc->bom_enc = ENC_UTF16BE;
    }
}

/* ---- pass 2: the parser ------------------------------------------------- */

typedef enum { S_START, S_UNQ, S_Q, S_QQ, S_CR } pstate_t;

typedef struct {
    tbl_reader_t *r;
    /* decoding */
    enc_t enc;
    UConverter *src, *u8;
    UChar pivot[1024];
    UChar *ps, *pt;
    bool reset;
    char out[CHUNK];
    /* delimiter sniffing */
    bool sniffing;
    buf_t head;
    bool skip_line;      /* drop the "sep=X" line */
    /* parsing */
    char delim;
    pstate_t state;
    buf_t field;
    size_t col;
    size_t row;          /* 1-based record number */
    size_t quote_row;    /* where the open quote started */
    bool row_data;       /* the current record has begun */
} csv_t;

static status_t cell_too_long(csv_t *c)
{
    char ref[32], lim_s[32];
    tbl_cell_ref(ref, sizeof ref, c->col, c->row);
    buf_t b;
    buf_init(&b, 32);
    text_format_int(&b, (int64_t)c->r->lim.max_cell_bytes);
    snprintf(lim_s, sizeof lim_s, "%s", buf_str(&b));
    buf_free(&b);
    return tbl_fail(c->r, ST_TOO_LARGE, "Ô %s dài quá %s byte; hãy rút ngắn nội dung ô rồi tải lên lại.", ref,
                    lim_s);
}

static status_t field_add(csv_t *c, const char *p, size_t n)
{
    if (n && buf_append(&c->field, p, n) != 0)
        return c->field.too_large ? cell_too_long(c)
                                  : tbl_fail(c->r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    return ST_OK;
}

static status_t end_field(csv_t *c)
{
    const char *s = c->field.data ? c->field.data : "";
    size_t n = c->field.len;
    if (n >= 2 && s[0] == '\'' && guarded(s, n)) { /* undo the writer's guard */
        s++;
        n--;
    }
    status_t st = ST_OK;
    if (n)
        st = tbl_cell(c->r, c->col, c->row, s, n, false);
    buf_reset(&c->field);
    c->col++;
    return st;
}

static status_t end_record(csv_t *c)
{
    status_t st = end_field(c);
    if (st == ST_OK)
        st = tbl_row_end(c->r, c->row);
    c->row++;
    c->col = 0;
    c->row_data = false;
    return st;
}

/* Parses N bytes of UTF-8. */
static status_t parse(csv_t *c, const char *p, size_t n)
{
    const char d = c->delim;
    size_t i = 0;
    while (i < n) {
        if (c->skip_line) { /* the "sep=X" line, up to CR, LF or CRLF */
            while (i < n && p[i] != '\n' && p[i] != '\r')
                i++;
            if (i == n)
                return ST_OK;
            c->state = p[i++] == '\r' ? S_CR : S_START;
            c->skip_line = false;
            continue;
        }
        char ch = p[i];
        switch (c->state) {
        case S_CR:
            c->state = S_START;
            if (ch == '\n') {
                i++;
                continue;
            }
            /* fall through */
        case S_START:
            if (ch == '"') {
                c->state = S_Q;
                c->quote_row = c->row;
                c->row_data = true;
                i++;
                continue;
            }
            c->state = S_UNQ;
            /* fall through */
        case S_UNQ: {
            size_t j = i;
            while (j < n && p[j] != d && p[j] != '\n' && p[j] != '\r')
                j++;
            if (j > i) {
                c->row_data = true;
                if (field_add(c, p + i, j - i) != ST_OK)
                    return c->r->st;
            }
            i = j;
            if (i == n)
                return ST_OK;
            ch = p[i++];
            c->row_data = true;
            if (ch == d) {
                if (end_field(c) != ST_OK)
                    return c->r->st;
                c->state = S_START;
            } else {
                if (end_record(c) != ST_OK)
                    return c->r->st;
                c->state = ch == '\r' ? S_CR : S_START;
            }
            continue;
        }
        case S_Q: {
            const char *q = memchr(p + i, '"', n - i);
            size_t j = q ? (size_t)(q - p) : n;
            if (field_add(c, p + i, j - i) != ST_OK)
                return c->r->st;
            i = j;
            if (q) {
                c->state = S_QQ;
                i++;
            }
            continue;
        }
        case S_QQ:
            if (ch == '"') { /* "" inside quotes */
                if (field_add(c, "\"", 1) != ST_OK)
                    return c->r->st;
                c->state = S_Q;
                i++;
            } else {
                /* The closing quote: a delimiter or line end follows, handled
                 * as unquoted; anything else ("abc"def) is kept as text, as
                 * Excel does. */
                c->state = S_UNQ;
            }
            continue;
        }
    }
    return ST_OK;
}

/* Decides the delimiter from the first record in HEAD (or an Excel
 * "sep=X" line), then parses HEAD. */
static status_t sniff_done(csv_t *c)
{
    const char *h = c->head.data ? c->head.data : "";
    size_t n = c->head.len;
    c->sniffing = false;
    if (n >= 5 && memcmp(h, "sep=", 4) == 0 && strchr(",;\t", h[4]) && h[4] &&
        (n == 5 || h[5] == '\r' || h[5] == '\n')) {
        c->delim = h[4];
        c->skip_line = true;
    } else {
        size_t counts[3] = {0, 0, 0};
        bool inq = false;
        for (size_t i = 0; i < n; i++) {
            char ch = h[i];
            if (ch == '"')
                inq = !inq;
            else if (!inq && (ch == '\n' || ch == '\r'))
                break;
            else if (!inq && ch == ',')
                counts[0]++;
            else if (!inq && ch == ';')
                counts[1]++;
            else if (!inq && ch == '\t')
                counts[2]++;
        }
        c->delim = ',';
        if (counts[1] > counts[0] && counts[1] >= counts[2])
            c->delim = ';';
        else if (counts[2] > counts[0] && counts[2] > counts[1])
            c->delim = '\t';
    }
    status_t st = parse(c, h, n);
    buf_free(&c->head);
    return st;
}

/* Has HEAD seen the end of the first record (an unquoted line end)? */
static bool head_complete(const buf_t *head, size_t from)
{
    bool inq = false;
    for (size_t i = 0; i < head->len; i++) {
        char ch = head->data[i];
        if (ch == '"')
            inq = !inq;
        else if (!inq && (ch == '\n' || ch == '\r') && i >= from)
            return true;
    }
    return false;
}

/* Decoded UTF-8 goes here. While sniffing, the first record (at most
 * SNIFF_MAX bytes of it) is held back until the delimiter is known. */
static status_t feed(csv_t *c, const char *p, size_t n)
{
    if (!c->sniffing)
        return parse(c, p, n);
    size_t before = c->head.len, room = SNIFF_MAX - before, take = n < room ? n : room;
    if (buf_append(&c->head, p, take) != 0)
        return tbl_fail(c->r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    if (take < n || c->head.len >= SNIFF_MAX || head_complete(&c->head, before)) {
        if (sniff_done(c) != ST_OK)
            return c->r->st;
        return take < n ? parse(c, p + take, n - take) : ST_OK;
    }
    return ST_OK;
}

static status_t finish_parse(csv_t *c)
{
    if (c->r->st != ST_OK)
        return c->r->st;
    if (c->sniffing && sniff_done(c) != ST_OK)
        return c->r->st;
    if (c->state == S_Q) {
        return tbl_fail(c->r, ST_INVALID,
                        "Tệp CSV có dấu ngoặc kép (\") mở ở dòng %zu nhưng không đóng; hãy kiểm tra lại ô đó rồi "
                        "tải lên lại.",
                        c->quote_row);
    }
    if (c->row_data || c->field.len || c->col)
        return end_record(c);
    return ST_OK;
}

/* ---- decoding ----------------------------------------------------------- */

/* TCVN 5712:1993 bytes 0x80–0xFF (VN1, whose upper half TCVN3/ABC uses);
 * checked against glibc's TCVN5712-1 converter in tests/unit/export. */
static const uint16_t TCVN3[128] = {
    /* 80 */ 0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    /* 88 */ 0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    /* 90 */ 0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    /* 98 */ 0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    /* A0 */ 0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    /* A8 */ 0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    /* B0 */ 0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    /* B8 */ 0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    /* C0 */ 0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    /* C8 */ 0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    /* D0 */ 0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    /* D8 */ 0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    /* E0 */ 0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    /* E8 */ 0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    /* F0 */ 0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    /* F8 */ 0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

uint16_t csv_tcvn3_codepoint(unsigned char b)
{
    return b < 0x80 ? b : TCVN3[b - 0x80];
}

static status_t unknown_encoding(csv_t *c)
{
    return tbl_fail(c->r, ST_INVALID,
                    "Không nhận ra bảng mã của tệp CSV (không phải UTF-8, UTF-16, Windows-1258 hay TCVN3). "
                    "Hãy mở tệp bằng Excel và lưu lại dưới dạng CSV UTF-8 (Comma delimited) rồi tải lên lại.");
}

static status_t decode_tcvn3(csv_t *c, const unsigned char *p, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w + 3 > sizeof c->out) {
            if (feed(c, c->out, w) != ST_OK)
                return c->r->st;
            w = 0;
        }
        uint16_t cp = csv_tcvn3_codepoint(p[i]);
        if (cp < 0x80) {
            c->out[w++] = (char)cp;
        } else if (cp < 0x800) {
            c->out[w++] = (char)(0xC0 | (cp >> 6));
            c->out[w++] = (char)(0x80 | (cp & 0x3F));
        } else {
            c->out[w++] = (char)(0xE0 | (cp >> 12));
            c->out[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            c->out[w++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return w ? feed(c, c->out, w) : ST_OK;
}

static status_t decode_icu(csv_t *c, const unsigned char *p, size_t n, bool flush)
{
    const char *s = p ? (const char *)p : "", *end = s + n; /* ICU refuses a NULL source */
    for (;;) {
        UErrorCode err = U_ZERO_ERROR;
        char *t = c->out;
        ucnv_convertEx(c->u8, c->src, &t, c->out + sizeof c->out, &s, end, c->pivot, &c->ps, &c->pt,
                       c->pivot + sizeof c->pivot / sizeof c->pivot[0], c->reset, flush, &err);
        c->reset = false;
        if (t > c->out && feed(c, c->out, (size_t)(t - c->out)) != ST_OK)
            return c->r->st;
        if (err == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(err))
            return unknown_encoding(c);
        return ST_OK;
    }
}

/* N raw bytes at P of the file (after the BOM); FLUSH on the last call. */
static status_t decode(csv_t *c, const unsigned char *p, size_t n, bool flush)
{
    if (c->r->st != ST_OK)
        return c->r->st;
    switch (c->enc) {
    case ENC_UTF8:
        return n ? feed(c, (const char *)p, n) : ST_OK;
    case ENC_TCVN3:
        return decode_tcvn3(c, p, n);
    default:
        return decode_icu(c, p, n, flush);
    }
}

static status_t csv_setup(csv_t *c, tbl_reader_t *r, const scan_t *sc)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->row = 1;
    c->sniffing = true;
    c->reset = true;
    c->ps = c->pt = c->pivot;
    buf_init(&c->head, SNIFF_MAX + 16);
    buf_init(&c->field, r->lim.max_cell_bytes);
    bool utf16 = sc->bom_enc == ENC_UTF16LE || sc->bom_enc == ENC_UTF16BE;
    if (sc->nul_line && !utf16)
        return tbl_fail(r, ST_INVALID,
                        "Tệp không phải văn bản CSV (có byte 0 ở dòng %zu); hãy tải lên tệp Excel (.xlsx) hoặc "
                        "CSV.",
                        sc->nul_line);
    if (utf16) {
        c->enc = sc->bom_enc;
    } else if (sc->utf8_ok) {
        c->enc = ENC_UTF8;
    } else if (sc->bom) {
        return tbl_fail(r, ST_INVALID,
                        "Tệp CSV ghi là UTF-8 nhưng có byte không hợp lệ ở dòng %zu; hãy lưu lại tệp với bảng mã "
                        "UTF-8 rồi tải lên lại.",
                        sc->bad_line);
    } else {
        c->enc = sc->tcvn * 5 >= sc->high ? ENC_TCVN3 : ENC_CP1258;
    }
    if (c->enc == ENC_UTF8 || c->enc == ENC_TCVN3)
        return ST_OK;
    static const char *const names[] = {[ENC_UTF16LE] = "UTF-16LE", [ENC_UTF16BE] = "UTF-16BE",
                                        [ENC_CP1258] = "windows-1258"};
    UErrorCode err = U_ZERO_ERROR;
    c->src = ucnv_open(names[c->enc], &err);
    if (U_SUCCESS(err))
        c->u8 = ucnv_open("UTF-8", &err);
    if (U_SUCCESS(err))
        ucnv_setToUCallBack(c->src, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    if (U_SUCCESS(err))
        ucnv_setFromUCallBack(c->u8, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    if (U_FAILURE(err))
        return tbl_fail(r, ST_INTERNAL, "Máy chủ thiếu dữ liệu ICU để đọc bảng mã %s.", names[c->enc]);
    return ST_OK;
}

static void csv_free(csv_t *c)
{
    if (c->src)
        ucnv_close(c->src);
    if (c->u8)
        ucnv_close(c->u8);
    buf_free(&c->head);
    buf_free(&c->field);
}

status_t csv_read_mem(tbl_reader_t *r, const unsigned char *data, size_t len)
{
    scan_t sc;
    scan_init(&sc);
    scan_bom(&sc, data, len);
    if (sc.bom_enc == ENC_UTF8)
        scan_feed(&sc, data + sc.bom, len - sc.bom);
    scan_end(&sc);
    csv_t *c = xmalloc(sizeof *c);
    if (!c)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    if (csv_setup(c, r, &sc) == ST_OK && decode(c, data + sc.bom, len - sc.bom, true) == ST_OK)
        finish_parse(c);
    csv_free(c);
    xfree(c);
    return r->st;
}

status_t csv_read_file(tbl_reader_t *r, FILE *fp)
{
    unsigned char *chunk = xmalloc(CHUNK);
    csv_t *c = xmalloc(sizeof *c);
    if (!chunk || !c) {
        xfree(chunk);
        xfree(c);
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    }
    scan_t sc;
    scan_init(&sc);
    bool first = true;
    size_t n;
    while ((n = fread(chunk, 1, CHUNK, fp)) > 0) {
        size_t skip = 0;
        if (first) {
            scan_bom(&sc, chunk, n);
            skip = sc.bom;
            first = false;
        }
        if (sc.bom_enc == ENC_UTF8)
            scan_feed(&sc, chunk + skip, n - skip);
        else
            sc.total += n - skip;
        if (sc.total > r->lim.max_total_bytes)
            break;
    }
    if (ferror(fp) || fseek(fp, (long)sc.bom, SEEK_SET) != 0) {
        tbl_fail(r, ST_INVALID, "Không đọc được tệp đã tải lên.");
    } else if (sc.total > r->lim.max_total_bytes) {
        tbl_fail(r, ST_TOO_LARGE, "Tệp quá lớn; hãy chia nhỏ tệp rồi tải lên lại.");
    }
    scan_end(&sc);
    if (r->st == ST_OK && csv_setup(c, r, &sc) == ST_OK) {
        while ((n = fread(chunk, 1, CHUNK, fp)) > 0)
            if (decode(c, chunk, n, false) != ST_OK)
                break;
        if (r->st == ST_OK && ferror(fp))
            tbl_fail(r, ST_INVALID, "Không đọc được tệp đã tải lên.");
        if (r->st == ST_OK && decode(c, NULL, 0, true) == ST_OK)
            finish_parse(c);
    }
    csv_free(c);
    xfree(c);
    xfree(chunk);
    return r->st;
}

/* ---- the writer backend ------------------------------------------------- */

static status_t out_failed(table_writer_t *w)
{
    if (w->out->too_large)
        return tbl_wfail(w, ST_TOO_LARGE, "Tệp CSV vượt quá dung lượng cho phép.");
    return tbl_wfail(w, ST_NOMEM, "Máy chủ thiếu bộ nhớ để tạo tệp; hãy thử lại sau.");
}

static status_t flush_file(table_writer_t *w)
{
    if (!w->fp || w->own.len == 0)
        return ST_OK;
    if (fwrite(w->own.data, 1, w->own.len, w->fp) != w->own.len)
        return tbl_wfail(w, ST_INTERNAL, "Không ghi được tệp CSV trên máy chủ (đĩa đầy?).");
    buf_reset(&w->own);
    return ST_OK;
}

status_t csvw_open(table_writer_t *w)
{
    if (buf_append(w->out, "\xEF\xBB\xBF", 3) != 0)
        return out_failed(w);
    return ST_OK;
}

status_t csvw_text(table_writer_t *w, const char *s, bool guard)
{
    buf_t *b = w->out;
    if (w->col > 0)
        buf_putc(b, w->delim);
    /* Quote whatever could pass for a delimiter too, so that the reader's
     * detection finds the same one again. */
    bool quote = strpbrk(s, ",;\t\"\r\n") != NULL;
    if (quote)
        buf_putc(b, '"');
    if (guard && guarded(s, strlen(s)))
        buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        const char *q = strchr(p, '"');
        if (!q) {
            buf_puts(b, p);
            break;
        }
        buf_append(b, p, (size_t)(q - p + 1));
        buf_putc(b, '"');
        p = q;
    }
    if (quote)
        buf_putc(b, '"');
    return buf_failed(b) ? out_failed(w) : ST_OK;
}

status_t csvw_end_row(table_writer_t *w)
{
    if (buf_append(w->out, "\r\n", 2) != 0)
        return out_failed(w);
    if (w->fp && w->own.len >= CHUNK)
        return flush_file(w);
    return ST_OK;
}

status_t csvw_close(table_writer_t *w)
{
    status_t st = w->err;
    if (st == ST_OK)
        st = flush_file(w);
    if (w->fp) {
        if (fclose(w->fp) != 0 && st == ST_OK)
            st = tbl_wfail(w, ST_INTERNAL, "Không ghi được tệp CSV trên máy chủ (đĩa đầy?).");
        w->fp = NULL;
        if (st != ST_OK && w->path)
            remove(w->path);
    }
    return st;
}
