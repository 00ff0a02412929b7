/* The streaming XLSX reader (export/table.h): libzip for the container,
 * expat for the XML, rows delivered one at a time through the row builder
 * (table.c). Only the shared strings, the styles' date flags and the
 * workbook's relationships are kept in memory; the sheet is never held.
 *
 * Parts are found the way Excel finds them: _rels/.rels names the workbook,
 * the workbook's .rels names its sheets, shared strings and styles; the
 * first <sheet> of the workbook (tab order) that is a worksheet is read.
 *
 * Refused: DOCTYPE / ENTITY declarations, formulas, merged cells in the
 * header row, encrypted or non-zip data, zip bombs (declared sizes and
 * ratios checked before inflating, inflated bytes counted while inflating),
 * more rows, columns or cell bytes than the limits allow. */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "export/table_int.h"
#include "lib/alloc.h"
#include "lib/text.h"

#define XML_CHUNK (64u * 1024u)
#define PATH_CAP 512
#define ID_CAP 64
#define MAX_RELS 1024
#define MAX_SHEETS 256
#define MAX_NUMFMTS 4096
#define MAX_XFS 65536
#define MAX_SST (16u << 20)
#define MAX_ENTRIES 10000
#define RATIO_FLOOR (1u << 20)   /* entries smaller than this skip the ratio test */
#define EXCEL_MAX_ROW 1048576u
#define EXCEL_MAX_COL 16384u

typedef enum { REL_OTHER, REL_OFFICE_DOC, REL_WORKSHEET, REL_SST, REL_STYLES } rel_kind_t;

typedef struct {
    char id[ID_CAP];
    char target[PATH_CAP];
    rel_kind_t kind;
} rel_t;

typedef struct {
    unsigned id;
    unsigned char kind;
} numfmt_t;

/* What a number format shows. */
enum { NF_NUMBER, NF_DATE, NF_TIME, NF_TEXT };

/* One open part being inflated. */
typedef struct {
    const char *name;
    zip_file_t *zf;
    const unsigned char *mem;
    size_t len, pos;
    uint64_t declared, comp, got;
} part_t;

typedef enum { T_NUM, T_SST, T_INLINE, T_STR, T_BOOL, T_ERR, T_DATE } ctype_t;

typedef struct {
    tbl_reader_t *r;
    XML_Parser parser;
    const char *part;          /* name of the part being parsed */
    /* the container */
    zip_t *za;
    const char *const *pnames;
    const void *const *pdata;
    const size_t *plens;
    size_t np;
    uint64_t inflated;
    /* workbook */
    char wb_path[PATH_CAP];
    bool date1904;
    rel_t *rels;
    size_t nrels;
    char (*sheet_ids)[ID_CAP];
    size_t nsheets;
    bool in_sheets;
    /* styles */
    numfmt_t *fmts;
    size_t nfmts;
    unsigned char *xf_kind;
    size_t nxf;
    bool in_numfmts, in_cellxfs;
    /* shared strings */
    buf_t sst;                 /* normalised strings, NUL-terminated */
    uint32_t *sst_off;
    size_t nsst, sst_cap;
    /* text of the element being read */
    buf_t chars;
    bool in_si, in_t, in_is, in_v;
    unsigned rph;              /* depth inside <rPh> (phonetic runs: skipped) */
    /* the sheet */
    bool in_data, in_row, in_c;
    size_t row, next_row, col, next_col;
    ctype_t ctype;
    unsigned char ckind;       /* NF_* of the cell's style */
} xr_t;

/* ---- messages ----------------------------------------------------------- */

static status_t corrupt(xr_t *x, const char *what)
{
    return tbl_fail(x->r, ST_INVALID,
                    "Tệp Excel bị hỏng (%s). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dưới dạng .xlsx rồi "
                    "tải lên lại.",
                    what);
}

static status_t bomb(xr_t *x)
{
    return tbl_fail(x->r, ST_TOO_LARGE,
                    "Tệp Excel bất thường: dữ liệu giải nén ra lớn hơn nhiều so với tệp (nghi là «bom nén», zip "
                    "bomb) hoặc vượt giới hạn cho phép. Tệp bị từ chối; nếu đây là tệp thật, hãy chia nhỏ danh "
                    "sách rồi tải lên lại.");
}

static void stop(xr_t *x)
{
    if (x->parser)
        XML_StopParser(x->parser, XML_FALSE);
}

/* ---- parts -------------------------------------------------------------- */

static status_t part_open(xr_t *x, const char *name, part_t *p, bool *found)
{
    memset(p, 0, sizeof *p);
    p->name = name;
    *found = false;
    if (!x->za) {
        for (size_t i = 0; i < x->np; i++) {
            if (strcasecmp(x->pnames[i], name) == 0) {
                p->mem = x->pdata[i];
                p->len = x->plens[i];
                p->declared = p->comp = p->len;
                *found = true;
                return ST_OK;
            }
        }
        return ST_OK;
    }
    zip_int64_t idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return ST_OK;
    *found = true;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(x->za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        !(st.valid & ZIP_STAT_COMP_SIZE))
        return corrupt(x, "mục lục tệp nén không đọc được");
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return tbl_fail(x->r, ST_INVALID,
                        "Tệp Excel đã được đặt mật khẩu; hãy mở bằng Excel, bỏ mật khẩu (File → Info → Protect "
                        "Workbook) rồi tải lên lại.");
    p->declared = st.size;
    p->comp = st.comp_size;
    /* Declared sizes first: no inflating of what already looks like a bomb. */
    uint64_t room = x->r->lim.max_total_bytes - x->inflated;
    if (st.size > room)
        return bomb(x);
    if (st.size > RATIO_FLOOR && st.size / (st.comp_size ? st.comp_size : 1) >= x->r->lim.max_ratio)
        return bomb(x);
    p->zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
    if (!p->zf)
        return corrupt(x, "không giải nén được một phần của tệp");
    return ST_OK;
}

/* Up to CAP bytes into BUF; *GOT 0 at the end. Counts every inflated byte. */
static status_t part_read(xr_t *x, part_t *p, char *buf, size_t cap, size_t *got)
{
    *got = 0;
    if (p->mem) {
        size_t n = p->len - p->pos < cap ? p->len - p->pos : cap;
        memcpy(buf, p->mem + p->pos, n);
        p->pos += n;
        *got = n;
    } else {
        zip_int64_t n = zip_fread(p->zf, buf, cap);
        if (n < 0)
            return corrupt(x, "dữ liệu nén sai hoặc tải lên chưa hết");
        *got = (size_t)n;
    }
    p->got += *got;
    x->inflated += *got;
    /* What was declared can lie: the bytes actually inflated decide. */
    if (p->got > p->declared || x->inflated > x->r->lim.max_total_bytes ||
        (p->got > RATIO_FLOOR && p->got / (p->comp ? p->comp : 1) >= x->r->lim.max_ratio))
        return bomb(x);
    return ST_OK;
}

static void part_close(part_t *p)
{
    if (p->zf)
        zip_fclose(p->zf);
    p->zf = NULL;
}

/* ---- XML plumbing ------------------------------------------------------- */

static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), want) == 0)
            return atts[i + 1];
    return NULL;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    xr_t *x = ud;
    tbl_fail(x->r, ST_INVALID,
             "Tệp Excel chứa khai báo DOCTYPE/ENTITY (trong phần %s), điều Excel và LibreOffice không bao giờ "
             "tạo ra; tệp bị từ chối vì lý do an toàn. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dưới "
             "dạng .xlsx rồi tải lên lại.",
             x->part);
    stop(x);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int len,
                              const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    (void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid, (void)notation;
    on_doctype(ud, name, NULL, NULL, 0);
}

/* Appends character data of the current element, within the cell limit;
 * IN_SHEET: the element is the current cell (else a shared string). */
static void add_chars(xr_t *x, const char *s, int len, bool in_sheet)
{
    if (len <= 0 || x->r->st != ST_OK)
        return;
    if (buf_append(&x->chars, s, (size_t)len) == 0)
        return;
    char ref[32];
    if (in_sheet)
        tbl_cell_ref(ref, sizeof ref, x->col, x->row);
    else
        snprintf(ref, sizeof ref, "(chuỗi dùng chung)");
    if (!x->chars.too_large) {
        tbl_fail(x->r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    } else {
        buf_t b;
        buf_init(&b, 32);
        text_format_int(&b, (int64_t)x->r->lim.max_cell_bytes);
        tbl_fail(x->r, ST_TOO_LARGE, "Ô %s dài quá %s byte; hãy rút ngắn nội dung ô rồi tải lên lại.", ref,
                 buf_str(&b));
        buf_free(&b);
    }
    stop(x);
}

/* Parses part NAME with the given handlers. When it is missing: refuses the
 * file if REQUIRED, else returns ST_NOT_FOUND with no error recorded. */
static status_t parse_part(xr_t *x, const char *name, bool required, XML_StartElementHandler start,
                           XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    part_t p;
    bool found;
    if (part_open(x, name, &p, &found) != ST_OK)
        return x->r->st;
    if (!found) {
        if (!required)
            return ST_NOT_FOUND;
        char what[PATH_CAP + 64];
        snprintf(what, sizeof what, "thiếu phần %s", name);
        return corrupt(x, what);
    }
    char *chunk = xmalloc(XML_CHUNK);
    XML_Parser xp = chunk ? XML_ParserCreate(NULL) : NULL;
    if (!xp) {
        xfree(chunk);
        part_close(&p);
        return tbl_fail(x->r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    }
    x->parser = xp;
    x->part = name;
    XML_SetUserData(xp, x);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);
    XML_SetEntityDeclHandler(xp, on_entity);
    XML_SetElementHandler(xp, start, end);
    XML_SetCharacterDataHandler(xp, text);
    for (;;) {
        size_t got;
        if (part_read(x, &p, chunk, XML_CHUNK, &got) != ST_OK)
            break;
        if (XML_Parse(xp, chunk, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (x->r->st == ST_OK) {
                char what[PATH_CAP + 96];
                snprintf(what, sizeof what, "phần %s không phải XML hợp lệ, dòng %lu", name,
                         (unsigned long)XML_GetCurrentLineNumber(xp));
                corrupt(x, what);
            }
            break;
        }
        if (got == 0 || x->r->st != ST_OK)
            break;
    }
    XML_ParserFree(xp);
    x->parser = NULL;
    xfree(chunk);
    part_close(&p);
    return x->r->st;
}

/* ---- paths -------------------------------------------------------------- */

/* The folder of part PATH, with its slash ("xl/" for "xl/workbook.xml"). */
static void dir_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    snprintf(out, cap, "%.*s", (int)n, path);
}

/* TARGET of a relationship from folder DIR, as a part name: "/x" is from the
 * root; "." and ".." segments are resolved. False when it does not fit or
 * climbs above the root. */
static bool resolve(const char *dir, const char *target, char *out, size_t cap)
{
    char joined[2 * PATH_CAP];
    if (target[0] == '/')
        snprintf(joined, sizeof joined, "%s", target + 1);
    else
        snprintf(joined, sizeof joined, "%s%s", dir, target);
    size_t w = 0;
    const char *s = joined;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.')) {
            /* skip */
        } else if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (w == 0)
                return false;
            w--; /* drop the slash, then the segment */
            while (w > 0 && out[w - 1] != '/')
                w--;
        } else {
            if (w + n + 2 > cap)
                return false;
            if (w > 0 && out[w - 1] != '/')
                out[w++] = '/';
            memcpy(out + w, s, n);
            w += n;
            if (e)
                out[w++] = '/';
        }
        s += n + (e ? 1 : 0);
    }
    while (w > 0 && out[w - 1] == '/')
        w--;
    out[w] = '\0';
    return w > 0;
}

/* ---- relationships ------------------------------------------------------ */

static rel_kind_t rel_kind(const char *type)
{
    const char *last = strrchr(type, '/');
    last = last ? last + 1 : type;
    if (strcmp(last, "officeDocument") == 0)
        return REL_OFFICE_DOC;
    if (strcmp(last, "worksheet") == 0)
        return REL_WORKSHEET;
    if (strcmp(last, "sharedStrings") == 0)
        return REL_SST;
    if (strcmp(last, "styles") == 0)
        return REL_STYLES;
    return REL_OTHER;
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK || strcmp(local(name), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target"),
               *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (x->nrels >= MAX_RELS || strlen(id) >= ID_CAP || strlen(target) >= PATH_CAP)
        return;
    rel_t *rel = &x->rels[x->nrels++];
    snprintf(rel->id, sizeof rel->id, "%s", id);
    snprintf(rel->target, sizeof rel->target, "%s", target);
    rel->kind = rel_kind(type);
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud, (void)name;
}

static void XMLCALL ignore_text(void *ud, const XML_Char *s, int len)
{
    (void)ud, (void)s, (void)len;
}

static const rel_t *find_rel(const xr_t *x, rel_kind_t kind, const char *id)
{
    for (size_t i = 0; i < x->nrels; i++)
        if (x->rels[i].kind == kind && (!id || strcmp(x->rels[i].id, id) == 0))
            return &x->rels[i];
    return NULL;
}

/* ---- workbook ----------------------------------------------------------- */

static bool xml_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        x->date1904 = xml_true(attr(atts, "date1904"));
    } else if (strcmp(n, "sheets") == 0) {
        x->in_sheets = true;
    } else if (strcmp(n, "sheet") == 0 && x->in_sheets) {
        const char *id = attr(atts, "id"); /* r:id */
        if (id && strlen(id) < ID_CAP && x->nsheets < MAX_SHEETS)
            snprintf(x->sheet_ids[x->nsheets++], ID_CAP, "%s", id);
    }
}

static void XMLCALL wb_end(void *ud, const XML_Char *name)
{
    xr_t *x = ud;
    if (strcmp(local(name), "sheets") == 0)
        x->in_sheets = false;
}

/* ---- styles: which cell formats show dates ------------------------------ */

static unsigned char builtin_kind(unsigned id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
        (id >= 50 && id <= 58))
        return NF_DATE;
    if ((id >= 18 && id <= 21) || id == 32 || id == 33 || (id >= 45 && id <= 47))
        return NF_TIME;
    if (id == 49)
        return NF_TEXT;
    return NF_NUMBER;
}

/* A custom format code shows a date when its first section has d or y (or
 * m without h/s), a time when it has h or s; quoted text, escaped
 * characters and [colour]/[$-locale] brackets do not count. */
static unsigned char code_kind(const char *code)
{
    bool date = false, time = false, month = false;
    if (strcasestr(code, "general"))
        return NF_NUMBER;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = *p;
        if (c == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!p[1])
                break;
            p++;
        } else if (c == '[') {
            const char *q = strchr(p + 1, ']');
            if (!q)
                break;
            /* [h] [mm] [ss]: elapsed time */
            if (strchr("hHmMsS", p[1]))
                time = true;
            p = q;
        } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
            date = true;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            time = true;
        } else if (c == 'm' || c == 'M') {
            month = true;
        } else if (c == '@') {
            return NF_TEXT;
        }
    }
    if (date || (month && !time))
        return NF_DATE;
    return time ? NF_TIME : NF_NUMBER;
}

static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return false;
    }
    while (*s == ' ')
        s++;
    if (*s)
        return false;
    *out = v;
    return true;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    uint64_t id;
    if (strcmp(n, "numFmts") == 0) {
        x->in_numfmts = true;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(n, "numFmt") == 0 && x->in_numfmts) {
        const char *code = attr(atts, "formatCode");
        if (code && parse_uint(attr(atts, "numFmtId"), 1000000, &id) && x->nfmts < MAX_NUMFMTS)
            x->fmts[x->nfmts++] = (numfmt_t){.id = (unsigned)id, .kind = code_kind(code)};
    } else if (strcmp(n, "xf") == 0 && x->in_cellxfs && x->nxf < MAX_XFS) {
        unsigned char kind = NF_NUMBER;
        if (parse_uint(attr(atts, "numFmtId"), 1000000, &id)) {
            kind = builtin_kind((unsigned)id);
            for (size_t i = 0; i < x->nfmts; i++)
                if (x->fmts[i].id == id)
                    kind = x->fmts[i].kind;
        }
        x->xf_kind[x->nxf++] = kind;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    xr_t *x = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmts") == 0)
        x->in_numfmts = false;
    else if (strcmp(n, "cellXfs") == 0)
        x->in_cellxfs = false;
}

/* ---- shared strings ----------------------------------------------------- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Excel writes characters XML cannot hold (CR, other controls) as _xHHHH_
 * and a literal "_x" sequence as _x005F_x…: decodes them in place in
 * B (never longer: 7 bytes become at most 3). */
static void unescape_x(buf_t *b)
{
    if (!b->data || !memchr(b->data, '_', b->len))
        return;
    char *s = b->data;
    size_t r = 0, w = 0, n = b->len;
    while (r < n) {
        int h0, h1, h2, h3;
        if (s[r] == '_' && r + 6 < n && s[r + 1] == 'x' && s[r + 6] == '_' && (h0 = hexval(s[r + 2])) >= 0 &&
            (h1 = hexval(s[r + 3])) >= 0 && (h2 = hexval(s[r + 4])) >= 0 && (h3 = hexval(s[r + 5])) >= 0) {
            unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                s[w++] = s[r++]; /* a lone surrogate: keep the text as it is */
                continue;
            }
            if (cp == 0)
                cp = ' ';
            if (cp < 0x80) {
                s[w++] = (char)cp;
            } else if (cp < 0x800) {
                s[w++] = (char)(0xC0 | (cp >> 6));
                s[w++] = (char)(0x80 | (cp & 0x3F));
            } else {
                s[w++] = (char)(0xE0 | (cp >> 12));
                s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                s[w++] = (char)(0x80 | (cp & 0x3F));
            }
            r += 7;
        } else {
            s[w++] = s[r++];
        }
    }
    b->len = w;
    s[w] = '\0';
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        x->in_si = true;
        x->rph = 0;
        buf_reset(&x->chars);
    } else if (strcmp(n, "rPh") == 0) {
        x->rph++;
    } else if (strcmp(n, "t") == 0 && x->in_si && !x->rph) {
        x->in_t = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "rPh") == 0) {
        if (x->rph)
            x->rph--;
    } else if (strcmp(n, "si") == 0 && x->in_si) {
        x->in_si = false;
        if (x->nsst >= MAX_SST) {
            tbl_fail(x->r, ST_TOO_LARGE, "Tệp Excel có quá nhiều chuỗi văn bản khác nhau; hãy chia nhỏ tệp rồi "
                                         "tải lên lại.");
            stop(x);
            return;
        }
        if (x->nsst == x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
            uint32_t *p = xrealloc(x->sst_off, cap * sizeof *p);
            if (!p) {
                tbl_fail(x->r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
                stop(x);
                return;
            }
            x->sst_off = p;
            x->sst_cap = cap;
        }
        size_t off, len;
        unescape_x(&x->chars);
        if (tbl_normalize_into(x->r, &x->sst, x->chars.data ? x->chars.data : "", x->chars.len, 0, 0, &off,
                               &len) != ST_OK) {
            stop(x);
            return;
        }
        x->sst_off[x->nsst++] = (uint32_t)off;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    xr_t *x = ud;
    if (x->in_si && x->in_t && !x->rph)
        add_chars(x, s, len, false);
}

/* ---- numbers and dates -------------------------------------------------- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* A decimal as Excel stores it ("43831", "-1.5", "1.23456789012E+11"):
 * sign, significant digits and a power of ten. False when malformed. */
typedef struct {
    bool neg;
    char dig[40];
    size_t n;      /* digits, leading zeros dropped */
    long exp;      /* value = dig × 10^exp */
} dec_t;

static bool parse_dec(const char *s, dec_t *d)
{
    memset(d, 0, sizeof *d);
    bool any = false, dot = false;
    if (*s == '-' || *s == '+')
        d->neg = *s++ == '-';
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            any = true;
            if (d->n == 0 && *s == '0') { /* a leading zero */
                if (dot)
                    d->exp--;
            } else if (d->n < sizeof d->dig - 1) {
                d->dig[d->n++] = *s;
                if (dot)
                    d->exp--;
            } else if (!dot) {
                d->exp++; /* past our precision: an integer digit only scales */
            }
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (*s == 'e' || *s == 'E') {
        s++;
        bool eneg = false;
        if (*s == '-' || *s == '+')
            eneg = *s++ == '-';
        long e = 0;
        if (*s < '0' || *s > '9')
            return false;
        for (; *s >= '0' && *s <= '9'; s++)
            if (e < 100000)
                e = e * 10 + (*s - '0');
        d->exp += eneg ? -e : e;
    }
    if (*s)
        return false;
    while (d->n > 0 && d->exp < 0 && d->dig[d->n - 1] == '0') {
        d->n--;
        d->exp++;
    }
    if (d->n == 0)
        d->exp = 0;
    d->dig[d->n] = '\0';
    return true;
}

/* The number RAW as plain text: integers without ".0" or exponent,
 * decimals without trailing zeros; RAW itself when it would be too long. */
static void number_text(const char *raw, char *out, size_t cap)
{
    dec_t d;
    char tmp[80];
    size_t w = 0;
    if (!parse_dec(raw, &d)) {
        snprintf(out, cap, "%s", raw);
        return;
    }
    long point = (long)d.n + d.exp; /* digits before the decimal point */
    if (d.n > 0 && (point > 17 || point < -10)) {
        snprintf(out, cap, "%s", raw);
        return;
    }
    if (d.neg && d.n > 0)
        tmp[w++] = '-';
    if (d.n == 0) {
        tmp[w++] = '0';
    } else if (d.exp >= 0) {
        memcpy(tmp + w, d.dig, d.n);
        w += d.n;
        for (long i = 0; i < d.exp; i++)
            tmp[w++] = '0';
    } else if (point > 0) {
        memcpy(tmp + w, d.dig, (size_t)point);
        w += (size_t)point;
        tmp[w++] = '.';
        memcpy(tmp + w, d.dig + point, d.n - (size_t)point);
        w += d.n - (size_t)point;
    } else {
        tmp[w++] = '0';
        tmp[w++] = '.';
        for (long i = 0; i < -point; i++)
            tmp[w++] = '0';
        memcpy(tmp + w, d.dig, d.n);
        w += d.n;
    }
    tmp[w] = '\0';
    snprintf(out, cap, "%s", tmp);
}

/* Serial day number (and fraction of a day) of D; false when out of range. */
static bool serial_parts(const dec_t *d, int64_t *days, double *frac)
{
    if (d->neg && d->n > 0)
        return false;
    long point = (long)d->n + d->exp;
    if (point > 7)
        return false;
    int64_t whole = 0;
    for (long i = 0; i < point; i++)
        whole = whole * 10 + (i < (long)d->n ? d->dig[i] - '0' : 0);
    double f = 0, scale = 0.1;
    for (long i = point < 0 ? 0 : point; i < (long)d->n; i++, scale /= 10)
        f += (d->dig[i] - '0') * scale;
    if (point < 0)
        for (long i = 0; i < -point; i++)
            f /= 10;
    *days = whole;
    *frac = f;
    return true;
}

/* Excel's serial date as "dd/mm/yyyy" (1900 or 1904 system). */
static bool serial_date(const char *raw, bool d1904, char *out, size_t cap)
{
    dec_t d;
    int64_t days;
    double frac;
    if (!parse_dec(raw, &d) || !serial_parts(&d, &days, &frac) || days > 2958465)
        return false;
    if (frac > 0.9999999)
        days++; /* 23:59:59.99… rounds to the next day, as Excel shows it */
    int64_t y;
    unsigned m, dd;
    if (d1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &dd);
    } else if (days == 60) { /* Lotus 1-2-3's 29/02/1900, kept by Excel */
        y = 1900, m = 2, dd = 29;
    } else if (days == 0) {
        return false;
    } else {
        civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &dd);
    }
    snprintf(out, cap, "%02u/%02u/%04lld", dd, m, (long long)y);
    return true;
}

static bool serial_time(const char *raw, char *out, size_t cap)
{
    dec_t d;
    int64_t days;
    double frac;
    if (!parse_dec(raw, &d) || !serial_parts(&d, &days, &frac))
        return false;
    long secs = (long)(frac * 86400 + 0.5);
    if (secs >= 86400)
        secs = 86399;
    if (secs % 60)
        snprintf(out, cap, "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(out, cap, "%02ld:%02ld", secs / 3600, secs / 60 % 60);
    return true;
}

/* t="d": ISO 8601 "2020-05-01[T…]". */
static bool iso_date(const char *s, char *out, size_t cap)
{
    unsigned y = 0, m = 0, d = 0;
    for (int i = 0; i < 10; i++) {
        char c = s[i];
        if (i == 4 || i == 7) {
            if (c != '-')
                return false;
            continue;
        }
        if (c < '0' || c > '9')
            return false;
        unsigned v = (unsigned)(c - '0');
        if (i < 4)
            y = y * 10 + v;
        else if (i < 7)
            m = m * 10 + v;
        else
            d = d * 10 + v;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31 || (s[10] && s[10] != 'T'))
        return false;
    snprintf(out, cap, "%02u/%02u/%04u", d, m, y);
    return true;
}

/* ---- the sheet ---------------------------------------------------------- */

/* "AB12" → column 27 (0-based 27), row 12. Letters are needed; the row
 * digits only when NEED_ROW. */
static bool parse_ref(const char *s, size_t *col, size_t *row, bool need_row)
{
    size_t c = 0, r = 0, nl = 0, nd = 0;
    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, nl++) {
        if (nl >= 3)
            return false;
        c = c * 26 + (size_t)((*s | 0x20) - 'a' + 1);
    }
    for (; *s >= '0' && *s <= '9'; s++, nd++) {
        if (nd >= 7)
            return false;
        r = r * 10 + (size_t)(*s - '0');
    }
    if (*s || nl == 0 || c > EXCEL_MAX_COL || (need_row && (nd == 0 || r == 0 || r > EXCEL_MAX_ROW)))
        return false;
    *col = c - 1;
    *row = r;
    return true;
}

static void cur_ref(const xr_t *x, char *out, size_t cap)
{
    tbl_cell_ref(out, cap, x->col, x->row);
}

static void merge_check(xr_t *x, const char *ref)
{
    size_t hdr = x->r->first_row;
    const char *colon = ref ? strchr(ref, ':') : NULL;
    if (!hdr || !colon || colon - ref > 15)
        return;
    char a[16];
    snprintf(a, sizeof a, "%.*s", (int)(colon - ref), ref);
    size_t c1, r1, c2, r2;
    if (!parse_ref(a, &c1, &r1, true) || !parse_ref(colon + 1, &c2, &r2, true))
        return;
    if (hdr < (r1 < r2 ? r1 : r2) || hdr > (r1 < r2 ? r2 : r1))
        return;
    tbl_fail(x->r, ST_INVALID,
             "Dòng tiêu đề (dòng %zu) có ô gộp %s. Hãy bỏ gộp ô (Home → Merge & Center → Unmerge Cells) để mỗi "
             "cột có một tiêu đề riêng rồi tải lên lại.",
             hdr, ref);
    stop(x);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    char ref[32];
    if (x->in_c) {
        if (strcmp(n, "f") == 0) {
            cur_ref(x, ref, sizeof ref);
            tbl_fail(x->r, ST_INVALID,
                     "Tệp Excel chứa công thức ở ô %s; hãy dán giá trị (Paste Special → Values) rồi tải lên lại.",
                     ref);
            stop(x);
        } else if (strcmp(n, "v") == 0) {
            x->in_v = true;
        } else if (strcmp(n, "is") == 0) {
            x->in_is = true;
        } else if (strcmp(n, "rPh") == 0) {
            x->rph++;
        } else if (strcmp(n, "t") == 0 && x->in_is && !x->rph) {
            x->in_t = true;
        }
        return;
    }
    if (strcmp(n, "sheetData") == 0) {
        x->in_data = true;
    } else if (strcmp(n, "row") == 0 && x->in_data) {
        const char *r = attr(atts, "r");
        uint64_t v;
        if (r) {
            if (!parse_uint(r, EXCEL_MAX_ROW, &v) || v == 0) {
                corrupt(x, "số thứ tự dòng không hợp lệ");
                stop(x);
                return;
            }
            x->row = (size_t)v;
        } else {
            x->row = x->next_row;
        }
        x->next_row = x->row + 1;
        x->next_col = 0;
        x->in_row = true;
    } else if (strcmp(n, "c") == 0 && x->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        size_t col, row;
        if (r) {
            if (!parse_ref(r, &col, &row, false)) {
                corrupt(x, "địa chỉ ô không hợp lệ");
                stop(x);
                return;
            }
            x->col = col;
        } else {
            x->col = x->next_col;
        }
        if (x->col >= EXCEL_MAX_COL) {
            corrupt(x, "địa chỉ ô vượt quá cột XFD");
            stop(x);
            return;
        }
        x->next_col = x->col + 1;
        x->ctype = !t || strcmp(t, "n") == 0 ? T_NUM
                   : strcmp(t, "s") == 0         ? T_SST
                   : strcmp(t, "inlineStr") == 0 ? T_INLINE
                   : strcmp(t, "str") == 0       ? T_STR
                   : strcmp(t, "b") == 0         ? T_BOOL
                   : strcmp(t, "e") == 0         ? T_ERR
                   : strcmp(t, "d") == 0         ? T_DATE
                                                 : T_STR;
        uint64_t xf;
        x->ckind = s && parse_uint(s, MAX_XFS, &xf) && xf < x->nxf ? x->xf_kind[xf] : NF_NUMBER;
        x->in_c = true;
        x->in_v = x->in_is = x->in_t = false;
        x->rph = 0;
        buf_reset(&x->chars);
    } else if (strcmp(n, "mergeCell") == 0) {
        merge_check(x, attr(atts, "ref"));
    }
}

/* The value of the cell just closed, into the row. */
static void cell_done(xr_t *x)
{
    if (x->ctype == T_INLINE || x->ctype == T_STR)
        unescape_x(&x->chars);
    const char *raw = x->chars.data ? x->chars.data : "";
    size_t len = x->chars.len;
    char conv[96];
    const char *val = raw;
    size_t vlen = len;
    bool normalized = false;
    switch (x->ctype) {
    case T_SST: {
        uint64_t idx;
        if (len == 0)
            return;
        if (!parse_uint(raw, UINT32_MAX, &idx) || idx >= x->nsst) {
            corrupt(x, "ô trỏ tới chuỗi văn bản không có");
            stop(x);
            return;
        }
        val = x->sst.data + x->sst_off[idx];
        vlen = strlen(val);
        normalized = true;
        break;
    }
    case T_BOOL:
        if (strcmp(raw, "1") == 0 || strcmp(raw, "true") == 0)
            val = "TRUE";
        else if (strcmp(raw, "0") == 0 || strcmp(raw, "false") == 0)
            val = "FALSE";
        vlen = strlen(val);
        break;
    case T_DATE:
        if (iso_date(raw, conv, sizeof conv)) {
            val = conv;
            vlen = strlen(conv);
        }
        break;
    case T_NUM:
        if (len == 0)
            return;
        if ((x->ckind == NF_DATE && serial_date(raw, x->date1904, conv, sizeof conv)) ||
            (x->ckind == NF_TIME && serial_time(raw, conv, sizeof conv)))
            val = conv;
        else if (len < 64) {
            number_text(raw, conv, sizeof conv);
            val = conv;
        }
        vlen = strlen(val);
        break;
    default:
        break;
    }
    if (tbl_cell(x->r, x->col, x->row, val, vlen, normalized) != ST_OK)
        stop(x);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    xr_t *x = ud;
    if (x->r->st != ST_OK)
        return;
    const char *n = local(name);
    if (x->in_c) {
        if (strcmp(n, "c") == 0) {
            x->in_c = false;
            cell_done(x);
        } else if (strcmp(n, "v") == 0) {
            x->in_v = false;
        } else if (strcmp(n, "is") == 0) {
            x->in_is = false;
        } else if (strcmp(n, "t") == 0) {
            x->in_t = false;
        } else if (strcmp(n, "rPh") == 0 && x->rph) {
            x->rph--;
        }
        return;
    }
    if (strcmp(n, "row") == 0 && x->in_row) {
        x->in_row = false;
        if (tbl_row_end(x->r, x->row) != ST_OK)
            stop(x);
    } else if (strcmp(n, "sheetData") == 0) {
        x->in_data = false;
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    xr_t *x = ud;
    if (!x->in_c || !(x->in_v || (x->in_is && x->in_t && !x->rph)))
        return;
    add_chars(x, s, len, true);
}

/* ---- the whole file ----------------------------------------------------- */

static status_t not_xlsx(xr_t *x)
{
    bool ods = false, docx = false;
    if (x->za) {
        ods = zip_name_locate(x->za, "content.xml", ZIP_FL_NOCASE) >= 0;
        docx = zip_name_locate(x->za, "word/document.xml", ZIP_FL_NOCASE) >= 0;
    }
    if (ods)
        return tbl_fail(x->r, ST_INVALID,
                        "Tệp là bảng tính OpenDocument (.ods); hãy mở bằng LibreOffice, chọn Lưu thành → Excel "
                        "2007-365 (.xlsx) rồi tải lên lại.");
    if (docx)
        return tbl_fail(x->r, ST_INVALID, "Tệp là văn bản Word, không phải bảng tính; hãy tải lên tệp .xlsx hoặc "
                                          ".csv.");
    return tbl_fail(x->r, ST_INVALID, "Tệp nén này không phải bảng tính Excel (.xlsx); hãy tải lên tệp .xlsx "
                                      "hoặc .csv.");
}

static status_t run(xr_t *x)
{
    tbl_reader_t *r = x->r;
    x->rels = xcalloc(MAX_RELS, sizeof *x->rels);
    x->sheet_ids = xcalloc(MAX_SHEETS, sizeof *x->sheet_ids);
    x->fmts = xcalloc(MAX_NUMFMTS, sizeof *x->fmts);
    x->xf_kind = xcalloc(MAX_XFS, 1);
    if (!x->rels || !x->sheet_ids || !x->fmts || !x->xf_kind)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");

    /* _rels/.rels → the workbook (xl/workbook.xml when the package has none). */
    snprintf(x->wb_path, sizeof x->wb_path, "xl/workbook.xml");
    status_t st = parse_part(x, "_rels/.rels", false, rels_start, ignore_end, ignore_text);
    if (st != ST_OK && st != ST_NOT_FOUND)
        return r->st;
    const rel_t *doc = find_rel(x, REL_OFFICE_DOC, NULL);
    if (doc && !resolve("", doc->target, x->wb_path, sizeof x->wb_path))
        return corrupt(x, "đường dẫn tới sổ tính không hợp lệ");
    part_t probe;
    bool found;
    if (part_open(x, x->wb_path, &probe, &found) != ST_OK)
        return r->st;
    part_close(&probe);
    if (!found)
        return not_xlsx(x);

    /* The workbook's relationships, then the workbook. */
    char dir[PATH_CAP], rels_path[PATH_CAP + 16];
    dir_of(x->wb_path, dir, sizeof dir);
    snprintf(rels_path, sizeof rels_path, "%s_rels/%s.rels", dir, x->wb_path + strlen(dir));
    x->nrels = 0;
    if (parse_part(x, rels_path, true, rels_start, ignore_end, ignore_text) != ST_OK)
        return r->st;
    if (parse_part(x, x->wb_path, true, wb_start, wb_end, ignore_text) != ST_OK)
        return r->st;
    const rel_t *sheet = NULL;
    for (size_t i = 0; i < x->nsheets && !sheet; i++)
        sheet = find_rel(x, REL_WORKSHEET, x->sheet_ids[i]);
    if (!sheet)
        return tbl_fail(r, ST_INVALID, "Tệp Excel không có trang tính nào có dữ liệu.");
    char sheet_path[PATH_CAP], path[PATH_CAP];
    if (!resolve(dir, sheet->target, sheet_path, sizeof sheet_path))
        return corrupt(x, "đường dẫn tới trang tính không hợp lệ");

    const rel_t *styles = find_rel(x, REL_STYLES, NULL);
    if (styles && resolve(dir, styles->target, path, sizeof path)) {
        st = parse_part(x, path, false, styles_start, styles_end, ignore_text);
        if (st != ST_OK && st != ST_NOT_FOUND)
            return r->st;
    }
    const rel_t *sst = find_rel(x, REL_SST, NULL);
    if (sst && resolve(dir, sst->target, path, sizeof path)) {
        st = parse_part(x, path, false, sst_start, sst_end, sst_text);
        if (st != ST_OK && st != ST_NOT_FOUND)
            return r->st;
    }
    x->next_row = 1;
    return parse_part(x, sheet_path, true, sheet_start, sheet_end, sheet_text);
}

static void xr_init(xr_t *x, tbl_reader_t *r)
{
    memset(x, 0, sizeof *x);
    x->r = r;
    buf_init(&x->chars, r->lim.max_cell_bytes);
    uint64_t sst_max = r->lim.max_total_bytes * 3;
    buf_init(&x->sst, sst_max < UINT32_MAX ? (size_t)sst_max : UINT32_MAX);
}

static void xr_free(xr_t *x)
{
    buf_free(&x->chars);
    buf_free(&x->sst);
    xfree(x->sst_off);
    xfree(x->rels);
    xfree(x->sheet_ids);
    xfree(x->fmts);
    xfree(x->xf_kind);
}

static status_t open_failed(tbl_reader_t *r, int code)
{
    if (code == ZIP_ER_MEMORY)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ)
        return tbl_fail(r, ST_INVALID, "Không đọc được tệp đã tải lên.");
    return tbl_fail(r, ST_INVALID,
                    "Tệp Excel bị hỏng hoặc tải lên chưa hết. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại "
                    "dưới dạng .xlsx rồi tải lên lại.");
}

/* The zip's end record (in the last 64 KiB + 22 bytes, TAIL[0..N)) tells
 * how big its central directory is; libzip would load all of it before we
 * could count entries, so a directory of millions of entries is refused
 * here. Zip64 markers (0xFFFF…) are left to the checks after opening. */
static bool directory_too_big(const unsigned char *tail, size_t n)
{
    for (size_t i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;) {
        const unsigned char *p = tail + i;
        if (p[0] != 'P' || p[1] != 'K' || p[2] != 5 || p[3] != 6)
            continue;
        unsigned entries = (unsigned)(p[10] | p[11] << 8);
        uint32_t cd_size = (uint32_t)p[12] | (uint32_t)p[13] << 8 | (uint32_t)p[14] << 16 | (uint32_t)p[15] << 24;
        return (entries != 0xFFFF && entries > MAX_ENTRIES) ||
               (cd_size != 0xFFFFFFFFu && cd_size > MAX_ENTRIES * (46u + 256u));
    }
    return false;
}

static status_t directory_bomb(tbl_reader_t *r)
{
    return tbl_fail(r, ST_TOO_LARGE,
                    "Tệp Excel bất thường: có quá nhiều phần bên trong (nghi là «bom nén», zip bomb). Tệp bị từ "
                    "chối.");
}

static status_t with_zip(tbl_reader_t *r, zip_t *za)
{
    xr_t *x = xmalloc(sizeof *x);
    if (!x) {
        zip_discard(za);
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    }
    xr_init(x, r);
    x->za = za;
    if (zip_get_num_entries(za, 0) > MAX_ENTRIES)
        directory_bomb(r);
    else
        run(x);
    zip_discard(za);
    xr_free(x);
    xfree(x);
    return r->st;
}

#define EOCD_TAIL (65535u + 22u)

status_t xlsx_read_mem(tbl_reader_t *r, const void *data, size_t len)
{
    size_t tail = len < EOCD_TAIL ? len : EOCD_TAIL;
    if (directory_too_big((const unsigned char *)data + len - tail, tail))
        return directory_bomb(r);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
    if (!za) {
        int code = zip_error_code_zip(&err);
        if (src)
            zip_source_free(src);
        zip_error_fini(&err);
        return open_failed(r, code);
    }
    zip_error_fini(&err);
    return with_zip(r, za);
}

status_t xlsx_read_path(tbl_reader_t *r, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return tbl_fail(r, ST_INVALID, "Không đọc được tệp đã tải lên.");
    unsigned char *tail = xmalloc(EOCD_TAIL);
    long size = fseek(fp, 0, SEEK_END) == 0 ? ftell(fp) : -1;
    size_t n = 0;
    if (tail && size >= 0 && fseek(fp, size > (long)EOCD_TAIL ? size - (long)EOCD_TAIL : 0, SEEK_SET) == 0)
        n = fread(tail, 1, EOCD_TAIL, fp);
    fclose(fp);
    bool too_big = tail && directory_too_big(tail, n);
    xfree(tail);
    if (!tail)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    if (too_big)
        return directory_bomb(r);
    int code = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &code);
    if (!za)
        return open_failed(r, code);
    return with_zip(r, za);
}

status_t xlsx_read_parts(tbl_reader_t *r, const char *const *names, const void *const *data,
                         const size_t *lens, size_t n)
{
    xr_t *x = xmalloc(sizeof *x);
    if (!x)
        return tbl_fail(r, ST_NOMEM, "Máy chủ thiếu bộ nhớ để đọc tệp; hãy thử lại sau.");
    xr_init(x, r);
    x->pnames = names;
    x->pdata = data;
    x->plens = lens;
    x->np = n;
    run(x);
    xr_free(x);
    xfree(x);
    return r->st;
}
