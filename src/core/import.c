/* Importing units and people from rows of text. See src/core/import.h and
 * docs/internals/import.md. */
#include "core/import.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/columns.h"
#include "core/perm.h"
#include "core/person.h"
#include "core/person_bulk.h"
#include "core/unit.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

#define BATCH 1000                 /* rows between progress calls and scratch resets */
#define SCRATCH_MAX (64u << 20)    /* budget of the per-batch arena */
#define MAX_PROBLEMS 10000
#define UNIT_ROWS_MAX 100000       /* units are kept until the end: a bound */
#define MAX_COLS 256
#define LIST_MAX (16u << 20)       /* a batch's CCCDs or names, as one parameter */
#define AUDIT_TEXT_MAX (64u << 20) /* one import_create entry (or array literal): 256 people of bounded cells */

/* ---- a string pool and a string map (CCCDs of a million rows) ------------- */

typedef struct pool_block {
    struct pool_block *next;
    size_t used, cap;
    char data[];
} pool_block_t;

typedef struct {
    pool_block_t *head;
} pool_t;

/* N bytes from the pool, aligned for any object; they live until pool_free. */
static void *pool_alloc(pool_t *p, size_t n)
{
    const size_t align = _Alignof(max_align_t);
    size_t at = p->head ? (p->head->used + align - 1) / align * align : 0;
    if (!p->head || at > p->head->cap || p->head->cap - at < n) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        pool_block_t *b = xmalloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->next = p->head;
        b->used = 0;
        b->cap = cap;
        p->head = b;
        at = 0;
    }
    p->head->used = at + n;
    return p->head->data + at;
}

static char *pool_strdup(pool_t *p, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = pool_alloc(p, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void pool_free(pool_t *p)
{
    while (p->head) {
        pool_block_t *next = p->head->next;
        xfree(p->head);
        p->head = next;
    }
}

typedef struct {
    const char *key; /* in the pool; NULL: empty slot */
    uint64_t hash;
    int64_t val;
} slot_t;

typedef struct {
    slot_t *slots;
    size_t cap, n; /* cap is a power of two */
} map_t;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static slot_t *map_slot(const map_t *m, const char *key, uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static bool map_grow(map_t *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    slot_t *s = xcalloc(cap, sizeof *s);
    if (!s)
        return false;
    map_t bigger = {.slots = s, .cap = cap, .n = m->n};
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *map_slot(&bigger, m->slots[i].key, m->slots[i].hash) = m->slots[i];
    xfree(m->slots);
    *m = bigger;
    return true;
}

/* True and *VAL when KEY is in M. */
static bool map_get(const map_t *m, const char *key, int64_t *val)
{
    if (!m->cap)
        return false;
    slot_t *s = map_slot(m, key, hash_str(key));
    if (s->key && val)
        *val = s->val;
    return s->key != NULL;
}

/* Adds KEY -> VAL (the key is copied into P); an existing key keeps its value. */
static status_t map_put(map_t *m, pool_t *p, const char *key, int64_t val)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !map_grow(m))
        return ST_NOMEM;
    uint64_t h = hash_str(key);
    slot_t *s = map_slot(m, key, h);
    if (s->key)
        return ST_OK;
    if (!(s->key = pool_strdup(p, key)))
        return ST_NOMEM;
    s->hash = h;
    s->val = val;
    m->n++;
    return ST_OK;
}

/* ---- columns ----------------------------------------------------------------- */

enum { P_NAME = 1, P_GENDER, P_BIRTH, P_CCCD, P_PHONE, P_EMAIL, P_UNIT, P_POSITION, P_FROM, P_SINCE, P_DIRECT,
       P_MANAGER, P_RECRUITED, P__N };
enum { U_CODE = 1, U_NAME, U_SHORT, U_PARENT, U_KIND, U_SECTOR, U_ADDRESS, U_FOUNDED, U__N };
#define FIELDS_MAX 16
_Static_assert((int)P__N <= FIELDS_MAX && (int)U__N <= FIELDS_MAX, "FIELDS_MAX");

static const column_t people_columns[] = {
    {P_NAME, "Họ và tên", "ho va ten|ho ten|ho va ten doan vien|ho ten doan vien"},
    {P_GENDER, "Giới tính", "gioi tinh|nam nu"},
    {P_BIRTH, "Ngày sinh", "ngay sinh|nam sinh|ngay thang nam sinh|sinh ngay"},
    {P_CCCD, "Số CCCD",
     "so cccd|cccd|can cuoc cong dan|so can cuoc cong dan|so dinh danh|so dinh danh ca nhan|so can cuoc|"
     "so cccd cmnd|cccd cmnd"},
    {P_PHONE, "Điện thoại", "dien thoai|so dien thoai|sdt|dien thoai di dong"},
    {P_EMAIL, "Email", "email|e mail|thu dien tu|dia chi email|dia chi thu dien tu"},
    {P_UNIT, "Mã đơn vị", "ma don vi|ma don vi sinh hoat|ma cong doan co so"},
    {P_POSITION, "Chức vụ", "chuc vu|chuc danh"},
    {P_FROM, "Từ ngày", "tu ngay|ngay bat dau sinh hoat|sinh hoat tu ngay|ngay bat dau"},
    {P_SINCE, "Ngày vào công đoàn", "ngay vao cong doan|ngay vao cd|ngay gia nhap cong doan"},
    {P_DIRECT, "Lao động trực tiếp", "lao dong truc tiep|ld truc tiep"},
    {P_MANAGER, "Cán bộ quản lý", "can bo quan ly|cb quan ly"},
    {P_RECRUITED, "Ngày tuyển dụng", "ngay tuyen dung"},
    {COLUMN_IGNORE, NULL, "stt|tt|so tt|so thu tu|ten don vi|don vi|ghi chu"},
    {COLUMN_NONE, NULL, NULL},
};

static const column_t unit_columns[] = {
    {U_CODE, "Mã đơn vị", "ma don vi|ma"},
    {U_NAME, "Tên đơn vị", "ten don vi|ten|ten day du"},
    {U_SHORT, "Tên viết tắt", "ten viet tat|viet tat"},
    {U_PARENT, "Mã đơn vị cấp trên", "ma don vi cap tren|ma cap tren|cap tren"},
    {U_KIND, "Loại đơn vị", "loai don vi|loai|cap don vi"},
    {U_SECTOR, "Khu vực", "khu vuc|loai hinh|khu vuc loai hinh|linh vuc"},
    {U_ADDRESS, "Địa chỉ", "dia chi|tru so"},
    {U_FOUNDED, "Ngày thành lập", "ngay thanh lap"},
    {COLUMN_IGNORE, NULL, "stt|tt|so tt|so thu tu|ten don vi cap tren|don vi cap tren|ghi chu|ngay giai the"},
    {COLUMN_NONE, NULL, NULL},
};

/* ---- the run ----------------------------------------------------------------- */

enum { UNIT_OK = 0, UNIT_HIDDEN, UNIT_NO_WRITE, UNIT_OUTSIDE };

typedef struct {
    int64_t id, parent_id;
    int state;
    const char *code, *name, *valid_to; /* in the pool; valid_to NULL while it exists */
} unit_info_t;

typedef struct {
    int64_t row;
    const char *f[U__N];  /* cleaned cells (pool), NULL when empty */
    int64_t parent_row;   /* index of the parent's row in the file, -1 when none */
    int64_t next_child, first_child; /* child lists for the ordering, -1 ends */
    int64_t id;           /* the unit (created or found), 0 when none */
    bool bad, done;
} unit_row_t;

typedef struct {
    const char *code, *name, *fold;
} catalog_t;

enum { INSERT_SIZES = 3 }; /* the sizes of a multi-row INSERT: see row_insert_t */
/* A new person's text columns (person_texts), and the column arrays
 * pg_insert_batch writes for persons (its id and those) and memberships. */
enum { PERSON_TEXTS = 10, PG_COLUMNS = PERSON_TEXTS + 1, MEMBER_COLUMNS = 9 };
_Static_assert(MEMBER_COLUMNS <= PG_COLUMNS, "pg_cols holds the memberships' arrays too");

struct import {
    ctx_t *c;              /* the caller's: report in c->arena */
    ctx_t rc;              /* the same with the scratch arena */
    arena_t *scratch;
    import_opts_t o;
    import_report_t rep;
    size_t cap_problems;
    pool_t pool;
    bool header_seen, dead, refused;
    status_t fatal;
    int colmap[MAX_COLS];       /* column -> field */
    size_t ncols;
    int fieldcol[FIELDS_MAX];   /* field -> column, -1 when absent */
    const char *header[FIELDS_MAX]; /* the header as written, in c->arena */
    const column_t *cols;
    char today[11];
    int64_t max_person;    /* persons.id at the start: records this run did not create */
    int64_t defaulted_from;/* new people given today as their start date */
    const char *anchor_name;
    /* caches */
    map_t units;           /* code -> index in unit_info */
    unit_info_t **unit_info; /* each in the pool: rows keep pointers to them */
    size_t n_units, cap_units;
    map_t perms;           /* "r123" / "w123" -> 1 allowed, 2 not */
    map_t in_file;         /* CCCD or name|birth|unit -> first row */
    /* units kept until the end */
    unit_row_t *urows;
    size_t n_urows, cap_urows;
    map_t ucodes;          /* code -> index in urows */
    catalog_t *kinds, *sectors;
    size_t n_kinds, n_sectors;
    /* prepared statements (people) */
    db_stmt_t *st_cccd, *st_names, *st_same, *st_same_nobirth, *st_dup;
    db_stmt_t *st_persons[INSERT_SIZES], *st_members[INSERT_SIZES]; /* SQLite: row_insert_t statements */
    db_stmt_t *st_pg_ids, *st_pg_persons, *st_pg_members;           /* PostgreSQL: pg_insert_batch */
    buf_t pg_cols[PG_COLUMNS];                                      /* its array literals */
    /* people waiting to be written (strings in the scratch arena) */
    struct pending *pending;
    size_t n_pending;
    /* checked rows waiting for their lookups, a batch at a time (strings in
     * the scratch arena), and the records their CCCDs matched */
    struct waiting *waiting;
    size_t n_waiting;
    struct found *known;
    size_t n_known;
    const char **names;    /* "fold\x1fbirth" of records rows could match by name, sorted */
    size_t n_names, cap_names;
    bool names_fetched;    /* im->names holds the batch's (PostgreSQL) */
    const char **renamed;  /* the same for records the batch renamed or re-dated */
    size_t n_renamed, cap_renamed;
    buf_t list, years;     /* the batch's CCCDs or names (and years), as a lookup's parameters */
    int64_t next_person;   /* the last id given to a new person */
    person_bulk_t bk;      /* bulk mode from the first full batch of new people on (bk.db set) */
    buf_t audit_text;      /* the after_json of an import_create entry */
};

const char *import_level_label(import_level_t level)
{
    return level == IMPORT_ERROR ? "Lỗi" : level == IMPORT_DUPLICATE ? "Nghi trùng" : "Lưu ý";
}

/* Records a problem; MSG is copied. COLUMN is a field (its header) or 0. */
static void problem(import_t *im, int64_t row, int field, import_level_t level, const char *msg)
{
    if (level == IMPORT_ERROR)
        im->rep.errors++;
    else if (level == IMPORT_DUPLICATE)
        im->rep.duplicates++;
    else
        im->rep.notes++;
    if (im->rep.n_problems >= im->o.max_problems)
        return;
    import_problem_t *p = arena_push(im->c->arena, (void **)&im->rep.problems, &im->rep.n_problems,
                                     &im->cap_problems, sizeof *p);
    if (!p)
        return; /* the report is full: counted anyway */
    const char *col = field > 0 ? im->header[field] : NULL;
    if (!col && field > 0)
        col = column_label(im->cols, field);
    *p = (import_problem_t){.row = row, .level = level, .column = col ? arena_strdup(im->c->arena, col) : NULL,
                            .message = arena_strdup(im->c->arena, msg ? msg : status_message(ST_INVALID))};
    if (!p->message)
        p->message = "";
}

__attribute__((format(printf, 5, 6))) static void problemf(import_t *im, int64_t row, int field,
                                                           import_level_t level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    problem(im, row, field, level, msg);
}

/* "dd/mm/yyyy" of an ISO date into OUT (the text itself when not a date). */
static const char *vn(const char *iso, char out[16])
{
    date_t d;
    if (iso && date_parse_iso(iso, &d))
        snprintf(out, 16, "%02d/%02d/%04d", d.d, d.m, d.y);
    else
        snprintf(out, 16, "%s", iso ? iso : "");
    return out;
}

/* ---- cells ----------------------------------------------------------------------- */

/* The cell of FIELD in this row (NULL when the column is absent or empty),
 * with inner runs of white space made one space. In the scratch arena. */
static const char *cell(import_t *im, int field, const char *const *cells, size_t n)
{
    int col = im->fieldcol[field];
    if (col < 0 || (size_t)col >= n || !cells[col][0])
        return NULL;
    const char *s = cells[col];
    char *out = arena_alloc(im->rc.arena, strlen(s) + 1);
    if (!out) {
        /* The reader's own text changes with the next row: refuse the file. */
        char why[300];
        snprintf(why, sizeof why, "Tệp có quá nhiều dữ liệu trong %d dòng liên tiếp (hơn %u MB). Hãy kiểm tra lại tệp "
                 "(có thể là tệp hỏng) hoặc chia thành nhiều tệp nhỏ hơn.", BATCH, SCRATCH_MAX >> 20);
        if (!im->refused)
            import_refuse(im, why);
        return NULL;
    }
    char *w = out;
    bool space = false;
    for (const char *r = s; *r; r++) {
        bool nbsp = (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0;
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r' || nbsp) {
            r += nbsp;
            space = w != out;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    return *out ? out : NULL;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* Reads an unsigned number of 1..MAX digits at *P; -1 when none. */
static int number(const char **p, int max)
{
    int v = 0, n = 0;
    while (**p >= '0' && **p <= '9' && n < max) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n ? v : -1;
}

/* A date as offices write it: d/m/yyyy (also with - or .), yyyy-mm-dd, an
 * optional time after a space. ISO into OUT[11]. */
static bool parse_date(const char *s, char out[11])
{
    const char *p = s;
    int a = number(&p, 4);
    date_t d = {0};
    if (a < 0)
        return false;
    if (p - s == 4 && *p == '-') {
        p++;
        d.y = a;
        d.m = number(&p, 2);
        if (*p++ != '-')
            return false;
        d.d = number(&p, 2);
    } else if (p - s <= 2 && (*p == '/' || *p == '-' || *p == '.')) {
        char sep = *p++;
        d.d = a;
        d.m = number(&p, 2);
        if (*p++ != sep)
            return false;
        const char *y = p;
        d.y = number(&p, 4);
        if (p - y != 4)
            return false;
    } else {
        return false;
    }
    if (*p && *p != ' ' && *p != 'T')
        return false;
    if (!date_valid(d) || d.y < 1000 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > 31)
        return false;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", d.y, d.m, d.d);
    memcpy(out, tmp, 11);
    return true;
}

/* x, có, 1, true… -> 1; empty, không, 0, false… -> 0; anything else -1. */
static int parse_flag(import_t *im, const char *s)
{
    if (!s)
        return 0;
    const char *f = text_fold(im->rc.arena, s);
    if (!f)
        return -1;
    static const char *const yes[] = {"x", "co", "1", "true", "yes", "c", "v", "dung", "\xe2\x9c\x93", "\xe2\x88\x9a"};
    static const char *const no[] = {"0", "khong", "k", "false", "no", "-"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(f, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(f, no[i]) == 0)
            return 0;
    return -1;
}

/* ---- permissions and units, cached --------------------------------------------------- */

static status_t can(import_t *im, perm_t p, int64_t unit, bool *ok)
{
    char key[32];
    snprintf(key, sizeof key, "%c%lld", p == PERM_WRITE ? 'w' : 'r', (long long)unit);
    int64_t v;
    if (map_get(&im->perms, key, &v)) {
        *ok = v == 1;
        return ST_OK;
    }
    status_t s = perm_check(&im->rc, p, unit);
    if (s != ST_OK && s != ST_FORBIDDEN)
        return s;
    *ok = s == ST_OK;
    return map_put(&im->perms, &im->pool, key, *ok ? 1 : 2);
}

/* Is UNIT the anchor or under it now? */
static status_t under_anchor(import_t *im, int64_t unit, bool *ok)
{
    *ok = true;
    if (!im->o.unit_id || unit == im->o.unit_id)
        return ST_OK;
    char key[32];
    snprintf(key, sizeof key, "a%lld", (long long)unit);
    int64_t v;
    if (map_get(&im->perms, key, &v)) {
        *ok = v == 1;
        return ST_OK;
    }
    int64_t n = 0;
    status_t s = db_get_int(im->c->db, &n,
                            "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                            " AND valid_to IS NULL", "ii", im->o.unit_id, unit);
    if (s != ST_OK)
        return s;
    *ok = n > 0;
    return map_put(&im->perms, &im->pool, key, *ok ? 1 : 2);
}

/* The unit with CODE as this run may use it (see UNIT_*). */
static status_t unit_lookup(import_t *im, const char *code, const unit_info_t **out)
{
    int64_t idx;
    if (map_get(&im->units, code, &idx)) {
        *out = im->unit_info[idx];
        return ST_OK;
    }
    if (im->n_units == im->cap_units) {
        size_t cap = im->cap_units ? im->cap_units * 2 : 64;
        unit_info_t **more = xrealloc(im->unit_info, cap * sizeof *more);
        if (!more)
            return ST_NOMEM;
        im->unit_info = more;
        im->cap_units = cap;
    }
    unit_info_t *u = pool_alloc(&im->pool, sizeof *u);
    if (!u)
        return ST_NOMEM;
    *u = (unit_info_t){.state = UNIT_HIDDEN};
    db_stmt_t *st;
    status_t s = db_prepare(im->c->db, "SELECT id, valid_to, name, code, COALESCE(parent_id, 0) FROM units"
                                       " WHERE code = ?1 OR (upper(code) = upper(?1) AND NOT EXISTS"
                                       " (SELECT 1 FROM units x WHERE x.code = ?1)) ORDER BY id LIMIT 2", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, code);
    int rc = db_step(st), rows = 0;
    while (rc == DB_ROW) {
        if (rows++ == 0) {
            u->id = db_col_int(st, 0);
            u->valid_to = db_col_text(st, 1) ? pool_strdup(&im->pool, db_col_text(st, 1)) : NULL;
            u->name = pool_strdup(&im->pool, db_col_text(st, 2));
            u->code = pool_strdup(&im->pool, db_col_text(st, 3));
            u->parent_id = db_col_int(st, 4);
            if (!u->name || !u->code)
                s = ST_NOMEM;
        }
        rc = db_step(st);
    }
    if (rc != DB_DONE)
        s = db_last_status(im->c->db);
    db_finalize(st);
    if (s != ST_OK)
        return s;
    if (rows > 1)
        *u = (unit_info_t){.state = UNIT_HIDDEN}; /* two codes differing only in case: be exact */
    bool ok = false;
    if (u->id && (s = can(im, PERM_READ, u->id, &ok)) == ST_OK && ok) {
        u->state = UNIT_OK;
        if ((s = can(im, PERM_WRITE, u->id, &ok)) == ST_OK && !ok)
            u->state = UNIT_NO_WRITE;
        if (s == ST_OK && ok && (s = under_anchor(im, u->id, &ok)) == ST_OK && !ok)
            u->state = UNIT_OUTSIDE;
    }
    if (s != ST_OK)
        return s;
    if (u->state == UNIT_HIDDEN)
        *u = (unit_info_t){.state = UNIT_HIDDEN}; /* nothing of a unit out of reach is kept */
    if ((s = map_put(&im->units, &im->pool, code, (int64_t)im->n_units)) != ST_OK)
        return s;
    im->unit_info[im->n_units++] = u;
    *out = u;
    return ST_OK;
}

/* A Vietnamese sentence for a unit that cannot be used; NULL when it can. */
static const char *unit_refusal(import_t *im, const char *code, const unit_info_t *u, bool for_units, char *buf,
                                size_t cap)
{
    switch (u->state) {
    case UNIT_HIDDEN:
        snprintf(buf, cap, "Không tìm thấy đơn vị có mã «%s» trong phạm vi quản lý của bạn.", code);
        return buf;
    case UNIT_NO_WRITE:
        snprintf(buf, cap, for_units ? "Bạn không có quyền thêm đơn vị trực thuộc %s (%s)."
                                     : "Bạn không có quyền thêm, sửa đoàn viên của %s (%s).",
                 u->name, u->code);
        return buf;
    case UNIT_OUTSIDE:
        snprintf(buf, cap, "%s (%s) không thuộc %s, đơn vị đang nhập.", u->name, u->code,
                 im->anchor_name ? im->anchor_name : "");
        return buf;
    default:
        return NULL;
    }
}

/* A fresh scratch arena: nothing made for earlier rows is kept there. */
static status_t scratch_reset(import_t *im)
{
    arena_free(im->scratch);
    im->rc.arena = im->scratch = arena_new(SCRATCH_MAX);
    return im->scratch ? ST_OK : ST_NOMEM;
}

/* ---- header -------------------------------------------------------------------------- */

static void header_row(import_t *im, int64_t row, const char *const *cells, size_t n)
{
    im->header_seen = true;
    for (int f = 0; f < FIELDS_MAX; f++)
        im->fieldcol[f] = -1;
    im->ncols = n < MAX_COLS ? n : MAX_COLS;
    size_t known = 0;
    for (size_t i = 0; i < im->ncols; i++) {
        im->colmap[i] = COLUMN_NONE;
        if (!cells[i][0])
            continue;
        const char *folded = column_fold(im->rc.arena, cells[i]);
        const column_t *col = folded ? column_find(im->cols, folded) : NULL;
        if (!col) {
            problemf(im, row, 0, IMPORT_NOTE, "Cột «%s» không được dùng: không phải tên cột đã biết.", cells[i]);
            continue;
        }
        known++;
        if (col->field == COLUMN_IGNORE)
            continue;
        if (im->fieldcol[col->field] >= 0) {
            problemf(im, row, 0, IMPORT_ERROR, "Cột «%s» trùng với cột «%s»: chỉ giữ một cột.", cells[i],
                     im->header[col->field]);
            im->dead = true;
            continue;
        }
        im->fieldcol[col->field] = (int)i;
        im->colmap[i] = col->field;
        im->header[col->field] = arena_strdup(im->c->arena, cells[i]);
    }
    if (known == 0) {
        problem(im, row, 0, IMPORT_ERROR,
                im->o.kind == IMPORT_PEOPLE
                    ? "Không thấy dòng tiêu đề: dòng đầu tiên của bảng phải là tên các cột (Họ và tên, Ngày sinh, "
                      "Số CCCD, Mã đơn vị…)."
                    : "Không thấy dòng tiêu đề: dòng đầu tiên của bảng phải là tên các cột (Mã đơn vị, Tên đơn vị, "
                      "Mã đơn vị cấp trên…).");
        im->dead = true;
        return;
    }
    static const int people_required[] = {P_NAME}, unit_required[] = {U_CODE, U_NAME};
    const int *req = im->o.kind == IMPORT_PEOPLE ? people_required : unit_required;
    size_t nreq = im->o.kind == IMPORT_PEOPLE ? 1 : 2;
    for (size_t i = 0; i < nreq; i++) {
        if (im->fieldcol[req[i]] < 0) {
            problemf(im, row, 0, IMPORT_ERROR, "Thiếu cột «%s».", column_label(im->cols, req[i]));
            im->dead = true;
        }
    }
    if (im->o.kind == IMPORT_PEOPLE && im->fieldcol[P_UNIT] < 0 && !im->o.unit_id) {
        problem(im, row, 0, IMPORT_ERROR, "Thiếu cột «Mã đơn vị»: ghi mã đơn vị cho từng người, hoặc chọn đơn vị "
                                          "nhập vào.");
        im->dead = true;
    }
    if (im->o.kind == IMPORT_PEOPLE && im->fieldcol[P_FROM] < 0 && !im->dead) {
        char d[16];
        problemf(im, row, 0, IMPORT_NOTE,
                 "Không có cột «Từ ngày»: người mới được ghi sinh hoạt từ hôm nay (%s).", vn(im->today, d));
    }
}

/* ---- people ----------------------------------------------------------------------------- */

typedef struct {
    const char *name, *gender, *birth, *cccd, *phone, *email, *position, *from, *since, *recruited;
    bool direct, manager;
    const unit_info_t *unit;
    bool bad;
} prow_t;

/* A checked row waiting for its lookups. */
typedef struct waiting {
    int64_t row;
    prow_t p;
    const char *fold;
} waiting_t;

/* The stored identity and open membership of a matched person. */
typedef struct {
    int64_t id, unit; /* id 0: no open membership */
    const char *position, *from, *since;
    bool direct, manager;
} open_t;

typedef struct found {
    int64_t id, merged_into, scope_unit;
    const char *full_name, *gender, *birth_date, *phone, *email, *recruited_on, *cccd;
    open_t open;
} found_t;

static bool same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static const char *dup_s(import_t *im, const char *s) { return s ? arena_strdup(im->rc.arena, s) : NULL; }

static void read_found(import_t *im, db_stmt_t *st, found_t *f)
{
    *f = (found_t){.id = db_col_int(st, 0), .merged_into = db_col_int(st, 1), .scope_unit = db_col_int(st, 2),
                   .full_name = dup_s(im, db_col_text(st, 3)), .gender = dup_s(im, db_col_text(st, 4)),
                   .birth_date = dup_s(im, db_col_text(st, 5)), .phone = dup_s(im, db_col_text(st, 6)),
                   .email = dup_s(im, db_col_text(st, 7)), .recruited_on = dup_s(im, db_col_text(st, 8)),
                   .cccd = dup_s(im, db_col_text(st, 9)),
                   .open = {.id = db_col_int(st, 10), .unit = db_col_int(st, 11),
                            .position = dup_s(im, db_col_text(st, 12)), .from = dup_s(im, db_col_text(st, 13)),
                            .since = dup_s(im, db_col_text(st, 14)), .direct = db_col_int(st, 15) != 0,
                            .manager = db_col_int(st, 16) != 0}};
}

/* The person P and their open membership M (LEFT JOINed when they may have none). */
#define FOUND_COLS                                                                                   \
    "p.id, COALESCE(p.merged_into, 0), COALESCE(" PERSON_SCOPE_UNIT("p") ", 0), p.full_name, p.gender," \
    " p.birth_date, p.phone, p.email, p.recruited_on, p.cccd, COALESCE(m.id, 0), COALESCE(m.unit_id, 0),"  \
    " m.position, m.from_date, m.member_since, COALESCE(m.direct_worker, 0), COALESCE(m.manager, 0)"

static status_t prepare_people(import_t *im)
{
    db_t *db = im->c->db;
    /* The records of a list of CCCDs: a JSON array on SQLite, an array
     * literal on PostgreSQL (fetch_known). */
#define BY_CCCD "SELECT " FOUND_COLS " FROM persons p LEFT JOIN memberships m ON m.person_id = p.id AND m.to_date IS NULL"
    status_t s = db_prepare(db,
                            db_kind(db) == DB_PG ? BY_CCCD " WHERE p.cccd = ANY(?1::text[])"
                                                 : BY_CCCD " WHERE p.cccd IN (SELECT value FROM json_each(?1))",
                            &im->st_cccd);
#undef BY_CCCD
    if (s == ST_OK)
        s = db_prepare(db,
                       "SELECT " FOUND_COLS " FROM persons p JOIN memberships m ON m.person_id = p.id AND"
                       " m.to_date IS NULL WHERE p.name_fold = ?1 AND p.birth_date = ?2 AND m.unit_id = ?3"
                       " AND p.merged_into IS NULL AND p.id <= ?4 AND (?5 = 0 OR p.cccd IS NULL) ORDER BY p.id LIMIT 2",
                       &im->st_same);
    if (s == ST_OK)
        s = db_prepare(db,
                       "SELECT " FOUND_COLS " FROM persons p JOIN memberships m ON m.person_id = p.id AND"
                       " m.to_date IS NULL WHERE p.name_fold = ?1 AND p.birth_date IS NULL AND m.unit_id = ?2"
                       " AND p.merged_into IS NULL AND p.id <= ?3 AND (?4 = 0 OR p.cccd IS NULL) ORDER BY p.id LIMIT 2",
                       &im->st_same_nobirth);
    if (s == ST_OK)
        s = db_prepare(db,
                       "SELECT p.full_name, p.birth_date, u.name FROM persons p"
                       " LEFT JOIN units u ON u.id = " PERSON_SCOPE_UNIT("p") " WHERE p.name_fold = ?1"
                       " AND p.merged_into IS NULL AND p.id <= ?5"
                       " AND (p.birth_date = ?2 OR substr(p.birth_date, 1, 4) = ?2 OR p.birth_date = substr(?2, 1, 4))"
                       " AND " PERM_HOLDS(PERSON_SCOPE_UNIT("p"), 3, 4) " ORDER BY p.id LIMIT 1",
                       &im->st_dup);
    if (s != ST_OK || db_kind(db) != DB_PG)
        return s;
    /* The names and births, in given years ('' for none), of records. */
    s = db_prepare(db,
                   "SELECT DISTINCT p.name_fold, COALESCE(p.birth_date, '') FROM unnest(?1::text[], ?3::text[])"
                   " AS k(f, y) JOIN persons p ON p.name_fold = k.f WHERE p.merged_into IS NULL AND p.id <= ?2"
                   " AND COALESCE(substr(p.birth_date, 1, 4), '') = k.y",
                   &im->st_names);
    if (s == ST_OK)
        s = db_prepare(db,
                   "SELECT nextval(pg_get_serial_sequence('persons', 'id')),"
                   " nextval(pg_get_serial_sequence('memberships', 'id')) FROM generate_series(1, ?1)",
                   &im->st_pg_ids);
    if (s == ST_OK)
        s = db_prepare(db,
                       "INSERT INTO persons (id, full_name, name_fold, order_key, gender, birth_date, cccd, phone,"
                       " email, recruited_on, name_pairs, created_at, updated_at)"
                       " SELECT t.*, ?12::bigint, ?12::bigint FROM unnest(?1::bigint[], ?2::text[], ?3::text[],"
                       " ?4::text[], ?5::text[], ?6::text[], ?7::text[], ?8::text[], ?9::text[], ?10::text[],"
                       " ?11::text[]) AS t",
                       &im->st_pg_persons);
    if (s == ST_OK)
        s = db_prepare(db,
                       "INSERT INTO memberships (id, person_id, unit_id, position, from_date, direct_worker, manager,"
                       " member_since, order_key) SELECT * FROM unnest(?1::bigint[], ?2::bigint[], ?3::bigint[],"
                       " ?4::text[], ?5::text[], ?6::int[], ?7::int[], ?8::text[], ?9::text[])",
                       &im->st_pg_members);
    return s;
}

/* Runs ST (bound) to its first row: 1 and *F filled, 0 when none, -1 on error.
 * *MORE is set when a second row exists. */
static int fetch_found(import_t *im, db_stmt_t *st, found_t *f, bool *more)
{
    int rc = db_step(st);
    int out = rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
    if (rc == DB_ROW) {
        read_found(im, st, f);
        rc = db_step(st);
        if (more)
            *more = rc == DB_ROW;
        if (rc == DB_ERROR)
            out = -1;
    }
    db_reset(st);
    return out;
}

/* Checks every cell of a people row into *P, recording problems. */
static void check_person(import_t *im, int64_t row, const char *const *cells, size_t n, prow_t *p)
{
    *p = (prow_t){0};
    char d[16];
    p->name = cell(im, P_NAME, cells, n);
    if (!p->name) {
        problem(im, row, P_NAME, IMPORT_ERROR, "Thiếu họ và tên.");
        p->bad = true;
    } else if (text_chars(p->name) > 255) {
        problem(im, row, P_NAME, IMPORT_ERROR, "Họ và tên quá 255 ký tự.");
        p->bad = true;
    }
    const char *g = cell(im, P_GENDER, cells, n);
    if (g && !(p->gender = person_gender_code(g))) {
        problemf(im, row, P_GENDER, IMPORT_ERROR, "Giới tính «%s» không hợp lệ: ghi Nam hoặc Nữ.", g);
        p->bad = true;
    }
    const char *b = cell(im, P_BIRTH, cells, n);
    if (b) {
        char iso[11];
        if (strlen(b) == 4 && all_digits(b, 4)) {
            int y = (int)strtol(b, NULL, 10);
            if (y < 1900 || memcmp(b, im->today, 4) > 0) {
                problemf(im, row, P_BIRTH, IMPORT_ERROR, "Năm sinh %s không hợp lệ.", b);
                p->bad = true;
            }
            p->birth = b;
        } else if (!parse_date(b, iso)) {
            problemf(im, row, P_BIRTH, IMPORT_ERROR,
                     "Ngày sinh «%s» không hợp lệ: ghi ngày đầy đủ (ví dụ 02/03/1985) hoặc chỉ năm sinh (1985).", b);
            p->bad = true;
        } else if (strcmp(iso, im->today) > 0) {
            problemf(im, row, P_BIRTH, IMPORT_ERROR, "Ngày sinh %s sau ngày hôm nay.", vn(iso, d));
            p->bad = true;
        } else {
            p->birth = arena_strdup(im->rc.arena, iso);
        }
    }
    const char *cc = cell(im, P_CCCD, cells, n);
    if (cc) {
        char digits[13];
        cccd_clean_t k = cccd_clean(cc, digits);
        if (k == CCCD_PADDED)
            problemf(im, row, P_CCCD, IMPORT_NOTE,
                     "Số CCCD «%s» thiếu số 0 ở đầu (Excel bỏ đi khi ô là số): đã đọc là %s.", cc, digits);
        if (k == CCCD_BAD) {
            problemf(im, row, P_CCCD, IMPORT_ERROR, "Số CCCD «%s» không hợp lệ: phải gồm đúng 12 chữ số.", cc);
            p->bad = true;
        } else {
            p->cccd = arena_strdup(im->rc.arena, digits);
        }
    }
    const char *ph = cell(im, P_PHONE, cells, n);
    if (ph) {
        size_t len = strlen(ph);
        if (all_digits(ph, len) && ph[0] != '0' && (len == 9 || len == 10)) {
            char *fixed = arena_printf(im->rc.arena, "0%s", ph);
            problemf(im, row, P_PHONE, IMPORT_NOTE, "Số điện thoại «%s» thiếu số 0 ở đầu: đã đọc là %s.", ph,
                     fixed ? fixed : ph);
            if (fixed)
                ph = fixed;
        }
        if (!person_phone_valid(ph)) {
            problemf(im, row, P_PHONE, IMPORT_ERROR,
                     "Số điện thoại «%s» không hợp lệ: 8 đến 15 chữ số, có thể có dấu cách, dấu chấm, gạch ngang, "
                     "ngoặc hoặc dấu +.", ph);
            p->bad = true;
        }
        p->phone = ph;
    }
    p->email = cell(im, P_EMAIL, cells, n);
    if (p->email && !person_email_valid(p->email)) {
        problemf(im, row, P_EMAIL, IMPORT_ERROR, "Địa chỉ thư điện tử «%s» không hợp lệ.", p->email);
        p->bad = true;
    }
    p->position = cell(im, P_POSITION, cells, n);
    if (p->position && text_chars(p->position) > 255) {
        problem(im, row, P_POSITION, IMPORT_ERROR, "Chức vụ quá 255 ký tự.");
        p->bad = true;
    }
    static const int date_fields[] = {P_FROM, P_SINCE, P_RECRUITED};
    const char **date_out[] = {&p->from, &p->since, &p->recruited};
    for (size_t i = 0; i < 3; i++) {
        const char *v = cell(im, date_fields[i], cells, n);
        char iso[11];
        if (!v)
            continue;
        if (!parse_date(v, iso)) {
            problemf(im, row, date_fields[i], IMPORT_ERROR, "«%s» không phải một ngày hợp lệ (dd/mm/yyyy).", v);
            p->bad = true;
        } else {
            *date_out[i] = arena_strdup(im->rc.arena, iso);
        }
    }
    static const int flag_fields[] = {P_DIRECT, P_MANAGER};
    bool *flag_out[] = {&p->direct, &p->manager};
    for (size_t i = 0; i < 2; i++) {
        const char *v = cell(im, flag_fields[i], cells, n);
        int f = parse_flag(im, v);
        if (f < 0) {
            problemf(im, row, flag_fields[i], IMPORT_ERROR,
                     "«%s» không hợp lệ: ghi «x» nếu có, để trống nếu không.", v);
            p->bad = true;
        }
        *flag_out[i] = f == 1;
    }
    /* The unit. */
    const char *code = cell(im, P_UNIT, cells, n);
    if (!code && !im->o.unit_id) {
        problem(im, row, P_UNIT, IMPORT_ERROR, "Thiếu mã đơn vị.");
        p->bad = true;
    }
}

/* Resolves the row's unit (the anchor when the cell is empty). */
static status_t person_unit(import_t *im, int64_t row, const char *const *cells, size_t n, prow_t *p)
{
    const char *code = cell(im, P_UNIT, cells, n);
    if (!code && !im->o.unit_id)
        return ST_OK; /* already reported */
    const unit_info_t *u = NULL;
    status_t s = ST_OK;
    if (code) {
        s = unit_lookup(im, code, &u);
    } else {
        char key[32];
        snprintf(key, sizeof key, "#%lld", (long long)im->o.unit_id);
        int64_t idx;
        if (map_get(&im->units, key, &idx)) {
            u = im->unit_info[idx];
        } else {
            const char *anchor_code = NULL;
            s = db_get_text(im->c->db, im->rc.arena, &anchor_code, "SELECT code FROM units WHERE id = ?1", "i",
                            im->o.unit_id);
            if (s == ST_OK && (s = unit_lookup(im, anchor_code, &u)) == ST_OK)
                s = map_get(&im->units, anchor_code, &idx) ? map_put(&im->units, &im->pool, key, idx) : ST_INTERNAL;
        }
    }
    if (s != ST_OK)
        return s;
    char buf[600];
    const char *why = unit_refusal(im, code ? code : "", u, false, buf, sizeof buf);
    if (why) {
        problem(im, row, P_UNIT, IMPORT_ERROR, why);
        p->bad = true;
        return ST_OK;
    }
    p->unit = u;
    return ST_OK;
}

/* Stops the run on a database failure; ST_OK otherwise. A refusal from a
 * person_* call (with a reason) becomes a row problem. */
static status_t row_outcome(import_t *im, int64_t row, status_t s, const char *why, bool *bad)
{
    if (s == ST_OK)
        return ST_OK;
    if (why && (s == ST_INVALID || s == ST_CONFLICT || s == ST_FORBIDDEN)) {
        problem(im, row, 0, IMPORT_ERROR, why);
        *bad = true;
        return ST_OK;
    }
    return s;
}

/* A matched record: fill blanks and changes from the row, move or open the
 * membership when the row says so. Nothing is written when nothing differs. */
static status_t update_person(import_t *im, int64_t row, const prow_t *p, const found_t *e)
{
    ctx_t *rc = &im->rc;
    bool ok = false, changed = false, bad = false;
    status_t s;
    if (e->merged_into) {
        problem(im, row, P_CCCD, IMPORT_ERROR, "Hồ sơ có số CCCD này đã được gộp vào một hồ sơ khác.");
        return ST_OK;
    }
    if ((s = can(im, PERM_READ, e->scope_unit, &ok)) != ST_OK)
        return s;
    if (!ok && !rc->system) {
        problem(im, row, P_CCCD, IMPORT_ERROR,
                "Số CCCD này đã được dùng cho một hồ sơ ngoài phạm vi quản lý của bạn. Hãy kiểm tra lại số, hoặc "
                "liên hệ đơn vị cấp trên.");
        return ST_OK;
    }
    if ((s = can(im, PERM_WRITE, e->scope_unit, &ok)) != ST_OK)
        return s;
    if (!ok && !rc->system) {
        problemf(im, row, 0, IMPORT_ERROR, "Đã có hồ sơ của %s nhưng bạn không có quyền sửa hồ sơ này.",
                 e->full_name);
        return ST_OK;
    }
    person_fields_t f = {
        .full_name = p->name ? p->name : e->full_name, .gender = p->gender ? p->gender : e->gender,
        .birth_date = p->birth ? p->birth : e->birth_date, .cccd = p->cccd ? p->cccd : e->cccd,
        .phone = p->phone ? p->phone : e->phone, .email = p->email ? p->email : e->email,
        .recruited_on = p->recruited ? p->recruited : e->recruited_on,
    };
    if (!same(f.full_name, e->full_name) || !same(f.gender, e->gender) || !same(f.birth_date, e->birth_date) ||
        !same(f.cccd, e->cccd) || !same(f.phone, e->phone) || !same(f.email, e->email) ||
        !same(f.recruited_on, e->recruited_on)) {
        const char *why = NULL;
        s = person_update_in_tx(rc, e->id, &f, &why);
        if ((s = row_outcome(im, row, s, why, &bad)) != ST_OK || bad)
            return s;
        changed = true;
    }
    /* The membership. */
    const open_t o = e->open;
    bool has_direct = im->fieldcol[P_DIRECT] >= 0, has_manager = im->fieldcol[P_MANAGER] >= 0;
    const char *why = NULL;
    if (o.id && o.unit == p->unit->id) {
        person_membership_in_t m = {
            .unit_id = o.unit, .position = p->position ? p->position : o.position,
            .from_date = p->from ? p->from : o.from, .to_date = NULL,
            .direct_worker = has_direct ? p->direct : o.direct, .manager = has_manager ? p->manager : o.manager,
            .member_since = p->since ? p->since : o.since,
        };
        if (same(m.position, o.position) && same(m.from_date, o.from) && same(m.member_since, o.since) &&
            m.direct_worker == o.direct && m.manager == o.manager)
            goto done;
        s = person_update_membership_in_tx(rc, o.id, &m, &why);
    } else {
        if (o.id && !p->from) {
            problemf(im, row, P_FROM, IMPORT_ERROR,
                     "%s đang sinh hoạt ở đơn vị khác; muốn chuyển sinh hoạt sang %s, hãy ghi «Từ ngày».",
                     f.full_name, p->unit->name);
            return ST_OK;
        }
        if (!p->from)
            im->defaulted_from++;
        person_membership_in_t m = {
            .unit_id = p->unit->id, .position = p->position, .from_date = p->from ? p->from : im->today,
            .direct_worker = p->direct, .manager = p->manager, .member_since = p->since,
        };
        s = person_add_membership_in_tx(rc, e->id, &m, NULL, &why);
    }
    if ((s = row_outcome(im, row, s, why, &bad)) != ST_OK || bad)
        return s;
    changed = true;
done:
    if (changed)
        im->rep.updated++;
    else
        im->rep.unchanged++;
    return ST_OK;
}

/* ---- creating people, in batches -------------------------------------------------------
 *
 * New people wait in a batch of up to CREATE_BATCH rows that is written
 * before the scratch arena is reset and at the end. On SQLite one INSERT
 * writes the whole batch: the FTS5 index of names (0005_search.sqlite.sql)
 * flushes its pending terms at the end of every statement that touches it,
 * so a statement per person costs a flush per person (measured: 39 µs of
 * the 40 µs a row took). Their memberships follow in one INSERT too (a
 * statement and a RETURNING table per row cost 2 of the 15 s a million
 * memberships took). The ids of both are given explicitly (max + 1 …: the
 * run holds the write lock; memberships read their max at each batch, as
 * the updates of known people add some between batches). PostgreSQL's GIN
 * index has no such cost, and its identity sequences must hand out the ids:
 * there pg_insert_batch takes them with nextval, then writes each table
 * from column arrays (unnest). One audit entry per unit and
 * batch lists the people created, with the fields person_create audits. */

#define CREATE_BATCH 256
#define X4(r) r ", " r ", " r ", " r
#define X16(r) X4(X4(r))
#define X256(r) X4(X4(X4(X4(r))))
#define PERSON_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define PERSON_INSERT                                                                                     \
    "INSERT INTO persons (id, full_name, name_fold, order_key, gender, birth_date, cccd, phone, email,"     \
    " recruited_on, name_pairs, created_at, updated_at) VALUES "
#define MEMBER_ROW "(?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)"
#define MEMBER_INSERT                                                                                     \
    "INSERT INTO memberships (id, person_id, unit_id, position, from_date, to_date, direct_worker, manager," \
    " member_since, order_key) VALUES "

typedef struct pending {
    int64_t row, id, mid;
    prow_t p;
    const char *fold, *pairs, *key, *from;
} pending_t;

/* Binds person K of the batch at parameter BASE + 1 … BASE + 13. */
/* The text columns of person K, in the order of the persons inserts. */
static void person_texts(const pending_t *k, const char *out[PERSON_TEXTS])
{
    const char *text[PERSON_TEXTS] = {k->p.name,  k->fold,    k->key,       k->p.gender, k->p.birth,
                                      k->p.cccd,  k->p.phone, k->p.email,   k->p.recruited, k->pairs};
    memcpy(out, text, sizeof text);
}

static void bind_person(db_stmt_t *st, int base, const pending_t *k, int64_t now)
{
    const char *text[PERSON_TEXTS];
    person_texts(k, text);
    db_bind_int(st, base + 1, k->id);
    for (int i = 0; i < PERSON_TEXTS; i++)
        db_bind_text(st, base + 2 + i, text[i]);
    db_bind_int(st, base + 12, now);
    db_bind_int(st, base + 13, now);
}

/* Binds the membership of person K at parameter BASE + 1 … BASE + 9. */
static void bind_member(db_stmt_t *st, int base, const pending_t *k, int64_t now)
{
    (void)now;
    const prow_t *p = &k->p;
    db_bind_int(st, base + 1, k->mid);
    db_bind_int(st, base + 2, k->id);
    db_bind_int(st, base + 3, p->unit->id);
    db_bind_text(st, base + 4, p->position);
    db_bind_text(st, base + 5, k->from);
    db_bind_int(st, base + 6, p->direct);
    db_bind_int(st, base + 7, p->manager);
    db_bind_text(st, base + 8, p->since);
    db_bind_text(st, base + 9, k->key);
}

/* A multi-row INSERT of one row per pending person (SQLite: anonymous ? are
 * numbered in order), in three sizes: the whole batch, 16 rows and one. */
static const size_t insert_size[INSERT_SIZES] = {CREATE_BATCH, 16, 1};
typedef struct {
    const char *sql[INSERT_SIZES];
    int params;
    void (*bind)(db_stmt_t *st, int base, const pending_t *k, int64_t now);
} row_insert_t;

static const row_insert_t persons_insert = {
    {PERSON_INSERT X256(PERSON_ROW), PERSON_INSERT X16(PERSON_ROW), PERSON_INSERT PERSON_ROW}, 13, bind_person};
static const row_insert_t members_insert = {
    {MEMBER_INSERT X256(MEMBER_ROW), MEMBER_INSERT X16(MEMBER_ROW), MEMBER_INSERT MEMBER_ROW}, 9, bind_member};

/* Writes the N rows of K with INS, the statements prepared once into ST. */
static status_t insert_rows(import_t *im, const row_insert_t *ins, db_stmt_t *st[INSERT_SIZES], const pending_t *k,
                            size_t n, int64_t now)
{
    status_t s = ST_OK;
    size_t i = 0;
    for (int j = 0; j < INSERT_SIZES; j++) {
        for (; s == ST_OK && n - i >= insert_size[j]; i += insert_size[j]) {
            if (!st[j] && (s = db_prepare(im->c->db, ins->sql[j], &st[j])) != ST_OK)
                return s;
            for (size_t r = 0; r < insert_size[j]; r++)
                ins->bind(st[j], (int)r * ins->params, &k[i + r], now);
            s = db_step(st[j]) == DB_DONE ? ST_OK : db_last_status(im->c->db);
            db_reset(st[j]);
        }
    }
    return s;
}

/* The fields of each person an import_create entry lists, in this order. */
static const char audit_columns[] =
    "[\"id\",\"import_row\",\"full_name\",\"gender\",\"birth_date\",\"cccd\",\"phone\",\"email\","
    "\"recruited_on\",\"membership_id\",\"unit_id\",\"position\",\"from_date\",\"direct_worker\",\"manager\","
    "\"member_since\"]";

/* Appends person K as the JSON array of its audit_columns. */
static void put_created(buf_t *b, const pending_t *k)
{
    const prow_t *p = &k->p;
    const char *person[] = {p->name, p->gender, p->birth, p->cccd, p->phone, p->email, p->recruited};
    buf_printf(b, "[%lld,%lld", (long long)k->id, (long long)k->row);
    for (size_t i = 0; i < sizeof person / sizeof *person; i++) {
        buf_putc(b, ',');
        json_put_str(b, person[i]);
    }
    buf_printf(b, ",%lld,%lld,", (long long)k->mid, (long long)p->unit->id);
    json_put_str(b, p->position);
    buf_putc(b, ',');
    json_put_str(b, k->from);
    buf_printf(b, ",%s,%s,", p->direct ? "true" : "false", p->manager ? "true" : "false");
    json_put_str(b, p->since);
    buf_putc(b, ']');
}

/* One audit entry per unit of the batch: "import_create" of entity
 * "person", entity_id the first person, after = {columns: [names], people:
 * [[values], …], source}: every field person_create audits, for every
 * person, the names written once. Written as text (json_put_str): a json_t
 * per value cost more than a quarter of an import's time. */
static status_t audit_batch(import_t *im, pending_t *k, size_t n)
{
    bool *done = arena_calloc(im->rc.arena, n + 1, sizeof *done);
    if (!done)
        return ST_NOMEM;
    buf_t *b = &im->audit_text;
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        if (done[i])
            continue;
        buf_reset(b);
        buf_puts(b, "{\"columns\":");
        buf_puts(b, audit_columns);
        buf_puts(b, ",\"people\":[");
        for (size_t j = i; j < n; j++) {
            if (!done[j] && k[j].p.unit == k[i].p.unit) {
                if (j > i)
                    buf_putc(b, ',');
                put_created(b, &k[j]);
                done[j] = true;
            }
        }
        buf_puts(b, "],\"source\":");
        json_put_str(b, im->o.source);
        buf_putc(b, '}');
        s = buf_failed(b) ? ST_NOMEM
                          : audit_append_text(&im->rc, "import_create", "person", k[i].id, k[i].p.unit->id, NULL,
                                              buf_str(b));
    }
    return s;
}

/* Appends S to the PostgreSQL array literal B as an element: NULL, or
 * quoted with " and \\ escaped. The caller opens and closes the braces. */
static void put_element(buf_t *b, const char *s)
{
    if (b->len > 1)
        buf_putc(b, ',');
    if (!s) {
        buf_puts(b, "NULL");
        return;
    }
    buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
    buf_putc(b, '"');
}

static void put_int_element(buf_t *b, int64_t v)
{
    buf_printf(b, "%s%lld", b->len > 1 ? "," : "", (long long)v);
}

/* Takes the ids of N new persons and their memberships from the identity
 * sequences, in one query. */
static status_t pg_take_ids(import_t *im, pending_t *k, size_t n)
{
    db_stmt_t *st = im->st_pg_ids;
    db_bind_int(st, 1, (int64_t)n);
    size_t i = 0;
    for (; i < n && db_step(st) == DB_ROW; i++) {
        k[i].id = db_col_int(st, 0);
        k[i].mid = db_col_int(st, 1);
    }
    status_t s = i == n ? ST_OK : db_last_status(im->c->db);
    db_reset(st);
    return i == n || s != ST_OK ? s : ST_DB;
}

/* Closes the first NCOLS array literals, binds them to ST as ?1 … ?NCOLS
 * and runs it. */
static status_t pg_run_arrays(import_t *im, db_stmt_t *st, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        buf_putc(&im->pg_cols[c], '}');
        if (buf_failed(&im->pg_cols[c]))
            return ST_NOMEM;
        db_bind_text(st, c + 1, buf_str(&im->pg_cols[c]));
    }
    status_t s = db_step(st) == DB_DONE ? ST_OK : db_last_status(im->c->db);
    db_reset(st);
    return s;
}

static void pg_open_arrays(import_t *im)
{
    for (int c = 0; c < PG_COLUMNS; c++) {
        buf_reset(&im->pg_cols[c]);
        buf_putc(&im->pg_cols[c], '{');
    }
}

/* PostgreSQL: the N persons and their memberships in two INSERT … SELECT
 * FROM unnest(arrays) statements, their ids taken from the sequences first
 * (three round trips a batch instead of two a person). */
static status_t pg_insert_batch(import_t *im, pending_t *k, size_t n, int64_t now)
{
    status_t s = pg_take_ids(im, k, n);
    if (s != ST_OK)
        return s;
    buf_t *col = im->pg_cols;
    pg_open_arrays(im);
    for (size_t i = 0; i < n; i++) {
        const char *text[PERSON_TEXTS];
        person_texts(&k[i], text);
        put_int_element(&col[0], k[i].id);
        for (int c = 0; c < PERSON_TEXTS; c++)
            put_element(&col[1 + c], text[c]);
    }
    db_bind_int(im->st_pg_persons, PG_COLUMNS + 1, now);
    s = pg_run_arrays(im, im->st_pg_persons, PG_COLUMNS);
    if (s != ST_OK)
        return s;
    pg_open_arrays(im);
    for (size_t i = 0; i < n; i++) {
        const prow_t *p = &k[i].p;
        put_int_element(&col[0], k[i].mid);
        put_int_element(&col[1], k[i].id);
        put_int_element(&col[2], p->unit->id);
        put_element(&col[3], p->position);
        put_element(&col[4], k[i].from);
        put_int_element(&col[5], p->direct);
        put_int_element(&col[6], p->manager);
        put_element(&col[7], p->since);
        put_element(&col[8], k[i].key);
    }
    return pg_run_arrays(im, im->st_pg_members, MEMBER_COLUMNS);
}

/* Writes the waiting people (persons rows, then their memberships, then
 * the audit entries). */
static status_t flush_creates(import_t *im)
{
    size_t n = im->n_pending;
    if (n == 0)
        return ST_OK;
    pending_t *k = im->pending;
    int64_t now = time_now();
    status_t s = ST_OK;
    if (!im->bk.db && n == CREATE_BATCH)
        s = person_bulk_begin(im->c->db, &im->bk, k[0].id);
    if (s == ST_OK && im->bk.db)
        s = person_bulk_progress(&im->bk, im->rep.created + (int64_t)n);
    if (s == ST_OK && db_kind(im->c->db) == DB_SQLITE) {
        int64_t mid = 0;
        s = insert_rows(im, &persons_insert, im->st_persons, k, n, now);
        if (s == ST_OK)
            s = db_get_int(im->c->db, &mid, "SELECT COALESCE(MAX(id), 0) FROM memberships", "");
        for (size_t i = 0; i < n; i++)
            k[i].mid = ++mid;
        if (s == ST_OK)
            s = insert_rows(im, &members_insert, im->st_members, k, n, now);
    } else if (s == ST_OK) {
        s = pg_insert_batch(im, k, n, now);
    }
    if (s == ST_OK)
        s = audit_batch(im, k, n);
    if (s == ST_OK)
        im->rep.created += (int64_t)n;
    im->n_pending = 0;
    return s;
}

/* Checks that P can be created and queues it. */
static status_t create_person(import_t *im, int64_t row, const prow_t *p, const char *fold)
{
    const char *from = p->from ? p->from : im->today;
    if (p->unit->valid_to && strcmp(p->unit->valid_to, from) <= 0) {
        char d[16];
        problemf(im, row, p->from ? P_FROM : P_UNIT, IMPORT_ERROR, "%s đã giải thể từ ngày %s.", p->unit->name,
                 vn(p->unit->valid_to, d));
        return ST_OK;
    }
    if (!p->from)
        im->defaulted_from++;
    const char *key = person_order_key(im->rc.arena, p->name), *pairs = text_word_pairs(im->rc.arena, fold);
    if (!key || !pairs)
        return ST_NOMEM;
    if (im->n_pending == CREATE_BATCH) {
        status_t s = flush_creates(im);
        if (s != ST_OK)
            return s;
    }
    im->pending[im->n_pending++] = (pending_t){.row = row, .id = ++im->next_person, .p = *p, .fold = fold,
                                                .pairs = pairs, .key = key, .from = from};
    return ST_OK;
}

static status_t resolve_waiting(import_t *im);

static status_t people_row(import_t *im, int64_t row, const char *const *cells, size_t n)
{
    prow_t p;
    check_person(im, row, cells, n, &p);
    status_t s = person_unit(im, row, cells, n, &p);
    if (s != ST_OK)
        return s;
    /* Twice in the file? */
    const char *fold = p.name ? text_fold(im->rc.arena, p.name) : NULL;
    if (p.name && !fold)
        return ST_NOMEM;
    char *key = NULL, *nkey = NULL;
    if (fold && p.unit)
        nkey = arena_printf(im->rc.arena, "n%s\x1f%s\x1f%lld", fold, p.birth ? p.birth : "", (long long)p.unit->id);
    if (p.cccd) {
        key = arena_printf(im->rc.arena, "c%s", p.cccd);
        /* A later row without CCCD but with this name, birth and unit is
         * the same person written twice. */
        if (nkey && (s = map_put(&im->in_file, &im->pool, nkey, row)) != ST_OK)
            return s;
    } else {
        key = nkey;
    }
    if (key) {
        int64_t first;
        if (map_get(&im->in_file, key, &first)) {
            if (p.cccd)
                problemf(im, row, P_CCCD, IMPORT_ERROR, "Trùng số CCCD %s với dòng %lld của tệp.", p.cccd,
                         (long long)first);
            else
                problemf(im, row, P_NAME, IMPORT_ERROR,
                         "Trùng họ tên, ngày sinh và đơn vị với dòng %lld của tệp; nếu là hai người khác nhau, hãy "
                         "ghi số CCCD.", (long long)first);
            return ST_OK;
        }
        if ((s = map_put(&im->in_file, &im->pool, key, row)) != ST_OK)
            return s;
    }
    if (p.bad)
        return ST_OK;
    /* Already in the database? Each lookup can only find a record the run
     * did not create (twice in the file was caught above): none when there
     * was nobody at the start, as in a first import. Otherwise the row
     * waits for the lookups of its batch (resolve_waiting). */
    if (im->max_person == 0)
        return create_person(im, row, &p, fold);
    if (im->n_waiting == BATCH && (s = resolve_waiting(im)) != ST_OK)
        return s;
    im->waiting[im->n_waiting++] = (waiting_t){.row = row, .p = p, .fold = fold};
    return ST_OK;
}

/* ---- matching rows to records, a batch at a time -------------------------------------
 *
 * On PostgreSQL a lookup is a round trip: one for each row made re-importing
 * a list of 100 000 people take 49 s. The rows of a batch (BATCH, the rows
 * between scratch resets) wait until its end; then one query fetches the
 * records of all their CCCDs with their open memberships, and another the
 * names and birth dates, among existing records, of those still unmatched.
 * The rows are matched in file order against them:
 * - a record changed by an earlier row of the batch matched by name is
 *   fetched again when a later row names its CCCD;
 * - a row is looked up by name, birth and unit (and for a probable
 *   duplicate), one query each as before, only when some record has its
 *   name and birth (the names are a superset: a record the batch renames
 *   or re-dates is added to them), so new people skip both. */

/* Appends S to B as a JSON string. */
static void put_json_string(buf_t *b, const char *s)
{
    buf_putc(b, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            buf_printf(b, "\\%c", *c);
        else if (*c < 0x20)
            buf_printf(b, "\\u%04x", *c);
        else
            buf_putc(b, (char)*c);
    }
    buf_putc(b, '"');
}

/* Appends S to the list in B as a quoted element: JSON for SQLite's
 * json_each, an array literal's element for PostgreSQL. */
static void list_element(buf_t *b, bool pg, const char *s)
{
    if (pg) {
        put_element(b, s);
        return;
    }
    if (b->len > 1)
        buf_putc(b, ',');
    put_json_string(b, s);
}

static int by_cccd(const void *a, const void *b)
{
    return strcmp(((const found_t *)a)->cccd, ((const found_t *)b)->cccd);
}

/* The records of the CCCDs of W[0..N) into im->known, sorted by CCCD. */
static status_t fetch_known(import_t *im, const waiting_t *w, size_t n)
{
    bool pg = db_kind(im->c->db) == DB_PG;
    im->n_known = 0;
    size_t with = 0;
    buf_reset(&im->list);
    buf_putc(&im->list, pg ? '{' : '[');
    for (size_t i = 0; i < n; i++)
        if (w[i].p.cccd && ++with)
            list_element(&im->list, pg, w[i].p.cccd);
    buf_putc(&im->list, pg ? '}' : ']');
    if (with == 0)
        return ST_OK;
    if (buf_failed(&im->list))
        return ST_NOMEM;
    im->known = arena_alloc(im->rc.arena, with * sizeof *im->known);
    if (!im->known)
        return ST_NOMEM;
    db_stmt_t *st = im->st_cccd;
    db_bind_text(st, 1, buf_str(&im->list));
    int rc;
    while ((rc = db_step(st)) == DB_ROW && im->n_known < with)
        read_found(im, st, &im->known[im->n_known++]);
    status_t s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(im->c->db);
    db_reset(st);
    if (s == ST_OK && im->n_known > 1)
        qsort(im->known, im->n_known, sizeof *im->known, by_cccd);
    return s;
}

/* The record of W's CCCD among im->known (NULL when none). */
static found_t *known_of(import_t *im, const waiting_t *w)
{
    if (!w->p.cccd || im->n_known == 0)
        return NULL;
    found_t key = {.cccd = w->p.cccd};
    return bsearch(&key, im->known, im->n_known, sizeof *im->known, by_cccd);
}

/* The record with W's CCCD into *E: 1, or 0 when none; -1 on error. */
static int known_find(import_t *im, const waiting_t *w, found_t *e)
{
    const found_t *k = known_of(im, w);
    if (!k)
        return 0;
    if (k->id > 0) {
        *e = *k;
        return 1;
    }
    /* Changed since the batch's query: once more, for this row alone. */
    found_t *keep = im->known;
    size_t n = im->n_known;
    status_t s = fetch_known(im, w, 1);
    int got = s != ST_OK ? -1 : (int)im->n_known;
    if (got == 1)
        *e = im->known[0];
    im->known = keep;
    im->n_known = n;
    return got;
}

/* Marks the batch's record of person ID, if it holds one, as changed. */
static void known_changed(import_t *im, int64_t id)
{
    for (size_t i = 0; i < im->n_known; i++)
        if (im->known[i].id == id)
            im->known[i].id = -id;
}

static int by_string(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* "fold\x1fbirth" in the scratch arena ("" for no birth). */
static const char *name_key(import_t *im, const char *fold, const char *birth)
{
    return arena_printf(im->rc.arena, "%s\x1f%s", fold, birth ? birth : "");
}

/* The names and births of records that the waiting rows without a known
 * CCCD could match (the same name, a birth in the same year or none as the
 * row's), into im->names, sorted. PostgreSQL only: on SQLite a lookup costs
 * microseconds, and this query, which reads every record of a common name,
 * made a million-row import slower. */
static status_t fetch_names(import_t *im)
{
    if (db_kind(im->c->db) != DB_PG)
        return ST_OK;
    buf_reset(&im->list);
    buf_reset(&im->years);
    buf_putc(&im->list, '{');
    buf_putc(&im->years, '{');
    size_t k = 0;
    for (size_t i = 0; i < im->n_waiting; i++) {
        const waiting_t *w = &im->waiting[i];
        char year[5] = "";
        if (known_of(im, w))
            continue;
        k++;
        if (w->p.birth)
            snprintf(year, sizeof year, "%.4s", w->p.birth);
        put_element(&im->list, w->fold);
        put_element(&im->years, year);
    }
    buf_putc(&im->list, '}');
    buf_putc(&im->years, '}');
    im->names_fetched = k == 0; /* nobody to look up by name */
    if (k == 0)
        return ST_OK;
    if (buf_failed(&im->list) || buf_failed(&im->years))
        return ST_NOMEM;
    db_stmt_t *st = im->st_names;
    db_bindf(st, "tit", buf_str(&im->list), im->max_person, buf_str(&im->years));
    int rc;
    status_t s = ST_OK;
    while (s == ST_OK && (rc = db_step(st)) == DB_ROW) {
        const char **slot = arena_push(im->rc.arena, (void **)&im->names, &im->n_names, &im->cap_names,
                                       sizeof *im->names);
        if (!slot || !(*slot = name_key(im, db_col_text(st, 0), db_col_text(st, 1))))
            s = ST_NOMEM;
    }
    if (s == ST_OK && rc != DB_DONE)
        s = db_last_status(im->c->db);
    db_reset(st);
    if (s == ST_OK && im->n_names > 1)
        qsort(im->names, im->n_names, sizeof *im->names, by_string);
    im->names_fetched = s == ST_OK;
    return s;
}

/* Whether some record may have name FOLD and birth BIRTH; with YEAR, any
 * birth in BIRTH's year (or the year alone), as the probable-duplicate
 * check compares them. Always when the names were not fetched. */
static bool name_may_match(import_t *im, const char *fold, const char *birth, bool year)
{
    if (!im->names_fetched)
        return true;
    char b[5] = "";
    if (year && birth)
        snprintf(b, sizeof b, "%.4s", birth);
    const char *key = name_key(im, fold, year ? b : birth);
    if (!key)
        return true;
    size_t len = strlen(key);
    /* The first name not before KEY; with YEAR, any that begins with it. */
    size_t lo = 0, hi = im->n_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(im->names[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < im->n_names && (year ? strncmp(im->names[lo], key, len) == 0 : strcmp(im->names[lo], key) == 0))
        return true;
    for (size_t i = 0; i < im->n_renamed; i++)
        if (year ? strncmp(im->renamed[i], key, len) == 0 : strcmp(im->renamed[i], key) == 0)
            return true;
    return false;
}

/* After an earlier row gave a record name NAME and birth BIRTH: later rows
 * of the batch may match it by them. */
static status_t name_changed(import_t *im, const char *name, const char *birth)
{
    const char *fold = text_fold(im->rc.arena, name);
    const char **slot = fold ? arena_push(im->rc.arena, (void **)&im->renamed, &im->n_renamed, &im->cap_renamed,
                                          sizeof *im->renamed)
                             : NULL;
    if (!slot || !(*slot = name_key(im, fold, birth)))
        return ST_NOMEM;
    return ST_OK;
}

/* Matches a waiting row: updates its record, or creates one. */
static status_t match_row(import_t *im, const waiting_t *w)
{
    const prow_t *p = &w->p;
    int64_t row = w->row;
    found_t e;
    bool more = false, by_name = false;
    int got = p->cccd ? known_find(im, w, &e) : 0;
    if (got == 0 && name_may_match(im, w->fold, p->birth, false)) {
        db_stmt_t *st = p->birth ? im->st_same : im->st_same_nobirth;
        if (p->birth)
            db_bindf(st, "ttiii", w->fold, p->birth, p->unit->id, im->max_person, (int64_t)(p->cccd != NULL));
        else
            db_bindf(st, "tiii", w->fold, p->unit->id, im->max_person, (int64_t)(p->cccd != NULL));
        got = fetch_found(im, st, &e, &more);
        by_name = true;
        if (got == 1 && more) {
            problemf(im, row, P_NAME, IMPORT_ERROR,
                     "Có nhiều hồ sơ %s cùng ngày sinh tại %s; hãy ghi số CCCD để biết là người nào.", p->name,
                     p->unit->name);
            return ST_OK;
        }
    }
    if (got < 0)
        return db_last_status(im->c->db);
    if (got == 1) {
        /* What later rows of the batch must see of a change (update_person
         * takes each field from the row when given, else keeps the record's). */
        int64_t updated = im->rep.updated;
        status_t s = update_person(im, row, p, &e);
        if (s != ST_OK || im->rep.updated == updated)
            return s;
        if (by_name)
            known_changed(im, e.id);
        const char *name = p->name ? p->name : e.full_name, *birth = p->birth ? p->birth : e.birth_date;
        return same(name, e.full_name) && same(birth, e.birth_date) ? ST_OK : name_changed(im, name, birth);
    }
    if (!p->cccd && p->birth && name_may_match(im, w->fold, p->birth, true)) {
        /* A probable duplicate within the caller's scope (as person_create). */
        db_stmt_t *st = im->st_dup;
        db_bindf(st, "ttiti", w->fold, p->birth, perm_scope_user(&im->rc), perm_code(PERM_READ), im->max_person);
        int step = db_step(st);
        char d[16];
        if (step == DB_ROW) {
            const char *unit = db_col_text(st, 2);
            problemf(im, row, P_NAME, im->o.force ? IMPORT_NOTE : IMPORT_DUPLICATE,
                     "Nghi trùng với hồ sơ đã có: %s, sinh %s%s%s. %s", db_col_text(st, 0),
                     vn(db_col_text(st, 1), d), unit ? ", " : "", unit ? unit : "",
                     im->o.force ? "Vẫn thêm mới theo yêu cầu."
                                 : "Nếu là cùng một người, hãy ghi số CCCD cho khớp; nếu là người khác, chọn «Vẫn "
                                   "nhập người nghi trùng» khi nhập.");
        }
        status_t s = step == DB_ROW || step == DB_DONE ? ST_OK : db_last_status(im->c->db);
        db_reset(st);
        if (s != ST_OK || (step == DB_ROW && !im->o.force))
            return s;
    }
    return create_person(im, row, p, w->fold);
}

static status_t resolve_waiting(import_t *im)
{
    im->n_names = im->cap_names = im->n_renamed = im->cap_renamed = 0;
    im->names_fetched = false;
    im->names = im->renamed = NULL;
    status_t s = fetch_known(im, im->waiting, im->n_waiting);
    if (s == ST_OK)
        s = fetch_names(im);
    for (size_t i = 0; s == ST_OK && i < im->n_waiting; i++)
        s = match_row(im, &im->waiting[i]);
    im->n_waiting = im->n_known = im->n_names = im->n_renamed = 0;
    return s;
}

/* ---- units --------------------------------------------------------------------------- */

static status_t load_catalog(import_t *im, const char *sql, catalog_t **out, size_t *n)
{
    db_stmt_t *st;
    status_t s = db_prepare(im->c->db, sql, &st);
    if (s != ST_OK)
        return s;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        catalog_t *k = arena_push(im->c->arena, (void **)out, n, &cap, sizeof *k);
        if (!k) {
            db_finalize(st);
            return ST_NOMEM;
        }
        k->code = arena_strdup(im->c->arena, db_col_text(st, 0));
        k->name = arena_strdup(im->c->arena, db_col_text(st, 1));
        k->fold = k->name ? column_fold(im->c->arena, k->name) : NULL;
        if (!k->code || !k->fold) {
            db_finalize(st);
            return ST_NOMEM;
        }
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(im->c->db);
    db_finalize(st);
    return s;
}

/* The catalogue code for S: a code (any case) or a name (folded). */
static const char *catalog_find(import_t *im, const catalog_t *cat, size_t n, const char *s)
{
    const char *f = column_fold(im->rc.arena, s);
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(cat[i].code, s) == 0 || (f && strcmp(cat[i].fold, f) == 0))
            return cat[i].code;
    return NULL;
}

static bool valid_unit_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

/* Checks a units row and keeps it for the end. */
static status_t units_row(import_t *im, int64_t row, const char *const *cells, size_t n)
{
    if (im->n_urows >= UNIT_ROWS_MAX) {
        if (im->n_urows == UNIT_ROWS_MAX)
            problemf(im, row, 0, IMPORT_ERROR, "Tệp có quá nhiều đơn vị (tối đa %d trong một lần nhập).",
                     UNIT_ROWS_MAX);
        im->n_urows++;
        im->dead = true;
        return ST_OK;
    }
    if (im->n_urows == im->cap_urows) {
        size_t cap = im->cap_urows ? im->cap_urows * 2 : 256;
        unit_row_t *u = xrealloc(im->urows, cap * sizeof *u);
        if (!u)
            return ST_NOMEM;
        im->urows = u;
        im->cap_urows = cap;
    }
    unit_row_t *u = &im->urows[im->n_urows];
    *u = (unit_row_t){.row = row, .parent_row = -1, .first_child = -1, .next_child = -1};
    for (int f = 1; f < U__N; f++) {
        const char *v = cell(im, f, cells, n);
        if (v && !(u->f[f] = pool_strdup(&im->pool, v)))
            return ST_NOMEM;
    }
    if (!u->f[U_CODE]) {
        problem(im, row, U_CODE, IMPORT_ERROR, "Thiếu mã đơn vị.");
        u->bad = true;
    } else if (!valid_unit_code(u->f[U_CODE])) {
        problemf(im, row, U_CODE, IMPORT_ERROR,
                 "Mã đơn vị «%s» không hợp lệ: từ 1 đến 32 ký tự, chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch "
                 "ngang hoặc gạch dưới.", u->f[U_CODE]);
        u->bad = true;
    }
    if (!u->f[U_NAME]) {
        problem(im, row, U_NAME, IMPORT_ERROR, "Thiếu tên đơn vị.");
        u->bad = true;
    } else if (text_chars(u->f[U_NAME]) > 255) {
        problem(im, row, U_NAME, IMPORT_ERROR, "Tên đơn vị quá 255 ký tự.");
        u->bad = true;
    }
    if (u->f[U_SHORT] && text_chars(u->f[U_SHORT]) > 100) {
        problem(im, row, U_SHORT, IMPORT_ERROR, "Tên viết tắt quá 100 ký tự.");
        u->bad = true;
    }
    if (u->f[U_ADDRESS] && text_chars(u->f[U_ADDRESS]) > 500) {
        problem(im, row, U_ADDRESS, IMPORT_ERROR, "Địa chỉ quá 500 ký tự.");
        u->bad = true;
    }
    if (u->f[U_KIND]) {
        const char *k = catalog_find(im, im->kinds, im->n_kinds, u->f[U_KIND]);
        if (!k) {
            problemf(im, row, U_KIND, IMPORT_ERROR, "Loại đơn vị «%s» không có trong danh mục.", u->f[U_KIND]);
            u->bad = true;
        }
        u->f[U_KIND] = k;
    }
    if (u->f[U_SECTOR]) {
        const char *k = catalog_find(im, im->sectors, im->n_sectors, u->f[U_SECTOR]);
        if (!k) {
            problemf(im, row, U_SECTOR, IMPORT_ERROR, "Khu vực, loại hình «%s» không có trong danh mục.",
                     u->f[U_SECTOR]);
            u->bad = true;
        }
        u->f[U_SECTOR] = k;
    }
    if (u->f[U_FOUNDED]) {
        char iso[11];
        if (!parse_date(u->f[U_FOUNDED], iso)) {
            problemf(im, row, U_FOUNDED, IMPORT_ERROR, "«%s» không phải một ngày hợp lệ (dd/mm/yyyy).",
                     u->f[U_FOUNDED]);
            u->bad = true;
        } else if (!(u->f[U_FOUNDED] = pool_strdup(&im->pool, iso))) {
            return ST_NOMEM;
        }
    }
    if (u->f[U_CODE] && valid_unit_code(u->f[U_CODE])) {
        int64_t first;
        if (map_get(&im->ucodes, u->f[U_CODE], &first)) {
            problemf(im, row, U_CODE, IMPORT_ERROR, "Trùng mã đơn vị %s với dòng %lld của tệp.", u->f[U_CODE],
                     (long long)im->urows[first].row);
            u->bad = true;
            u->f[U_CODE] = NULL; /* children resolve to the first row */
        } else {
            status_t s = map_put(&im->ucodes, &im->pool, u->f[U_CODE], (int64_t)im->n_urows);
            if (s != ST_OK)
                return s;
        }
    }
    im->n_urows++;
    return ST_OK;
}

/* Differences between an existing unit and its row, as a list of headers. */
static void unit_compare(import_t *im, unit_row_t *r, const unit_t *u, int64_t parent_id)
{
    buf_t b;
    buf_init(&b, 1024);
    const char *vals[U__N] = {0};
    vals[U_NAME] = u->name;
    vals[U_SHORT] = u->short_name;
    vals[U_KIND] = u->kind;
    vals[U_SECTOR] = u->sector;
    vals[U_ADDRESS] = u->address;
    vals[U_FOUNDED] = u->valid_from;
    for (int f = U_NAME; f < U__N; f++) {
        if (f == U_PARENT || f == U_CODE || !r->f[f] || same(r->f[f], vals[f]))
            continue;
        buf_printf(&b, "%s%s", b.len ? ", " : "", im->header[f] ? im->header[f] : column_label(im->cols, f));
    }
    if (parent_id && parent_id != u->parent_id)
        buf_printf(&b, "%s%s", b.len ? ", " : "", im->header[U_PARENT] ? im->header[U_PARENT] : "Mã đơn vị cấp trên");
    if (b.len)
        problemf(im, r->row, U_CODE, IMPORT_NOTE,
                 "Đơn vị %s đã có; nhập tệp không sửa đơn vị đã có (khác ở: %s). Muốn đổi tên, điều chuyển…, hãy "
                 "dùng các chức năng của đơn vị.", u->code, buf_str(&b));
    buf_free(&b);
}

/* Creates (or finds) the unit of row I; its parent is done already. */
static status_t unit_apply(import_t *im, size_t i)
{
    unit_row_t *r = &im->urows[i];
    r->done = true;
    char buf[600];
    if (r->bad)
        return ST_OK;
    int64_t parent = 0;
    if (r->parent_row >= 0) {
        unit_row_t *pr = &im->urows[r->parent_row];
        if (!pr->id) {
            problemf(im, r->row, U_PARENT, IMPORT_ERROR,
                     "Không thêm được vì đơn vị cấp trên %s (dòng %lld) có lỗi.", r->f[U_PARENT], (long long)pr->row);
            r->bad = true;
            return ST_OK;
        }
        parent = pr->id;
    } else if (r->f[U_PARENT]) {
        const unit_info_t *u;
        status_t s = unit_lookup(im, r->f[U_PARENT], &u);
        if (s != ST_OK)
            return s;
        const char *why = unit_refusal(im, r->f[U_PARENT], u, true, buf, sizeof buf);
        if (why) {
            problem(im, r->row, U_PARENT, IMPORT_ERROR, why);
            r->bad = true;
            return ST_OK;
        }
        parent = u->id;
    } else {
        parent = im->o.unit_id;
    }
    /* The code may be taken already. */
    int64_t existing = 0;
    status_t s = db_get_int(im->c->db, &existing, "SELECT id FROM units WHERE code = ?1", "t", r->f[U_CODE]);
    if (s != ST_OK && s != ST_NOT_FOUND)
        return s;
    if (s == ST_OK) {
        unit_t u;
        s = unit_get(&im->rc, existing, &u);
        if (s == ST_FORBIDDEN) {
            problemf(im, r->row, U_CODE, IMPORT_ERROR, "Mã đơn vị %s đã được dùng cho một đơn vị khác.",
                     r->f[U_CODE]);
            r->bad = true;
            return ST_OK;
        }
        if (s != ST_OK)
            return s;
        unit_compare(im, r, &u, r->f[U_PARENT] || r->parent_row >= 0 ? parent : 0);
        r->id = existing;
        im->rep.unchanged++;
        return ST_OK;
    }
    if (!parent && !im->rc.system) {
        problem(im, r->row, U_PARENT, IMPORT_ERROR, "Thiếu mã đơn vị cấp trên.");
        r->bad = true;
        return ST_OK;
    }
    unit_spec_t sp = {.parent_id = parent, .code = r->f[U_CODE], .name = r->f[U_NAME], .short_name = r->f[U_SHORT],
                      .kind = r->f[U_KIND], .sector = r->f[U_SECTOR], .address = r->f[U_ADDRESS],
                      .valid_from = r->f[U_FOUNDED]};
    const char *why = NULL;
    int64_t id = 0;
    s = unit_create_in_tx(&im->rc, &sp, &id, &why);
    if (s == ST_FORBIDDEN && !why)
        why = "Bạn không có quyền thêm đơn vị vào đây.";
    bool bad = false;
    if ((s = row_outcome(im, r->row, s == ST_NOT_FOUND ? ST_INVALID : s, why, &bad)) != ST_OK)
        return s;
    if (bad) {
        r->bad = true;
        return ST_OK;
    }
    r->id = id;
    im->rep.created++;
    return ST_OK;
}

/* Parents first (Kahn's order over the rows that name a parent in the
 * file); rows never reached stand in a loop. */
static status_t units_finish(import_t *im)
{
    for (size_t i = 0; i < im->n_urows; i++) {
        unit_row_t *r = &im->urows[i];
        int64_t p;
        if (r->f[U_PARENT] && map_get(&im->ucodes, r->f[U_PARENT], &p)) {
            if ((size_t)p == i) {
                problem(im, r->row, U_PARENT, IMPORT_ERROR, "Đơn vị không thể là cấp trên của chính nó.");
                r->bad = true;
                continue;
            }
            r->parent_row = p;
            r->next_child = im->urows[p].first_child;
            im->urows[p].first_child = (int64_t)i;
        }
    }
    int64_t *queue = xmalloc((im->n_urows + 1) * sizeof *queue);
    if (!queue)
        return ST_NOMEM;
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < im->n_urows; i++)
        if (im->urows[i].parent_row < 0)
            queue[tail++] = (int64_t)i;
    status_t s = ST_OK;
    while (s == ST_OK && head < tail) {
        size_t i = (size_t)queue[head++];
        s = unit_apply(im, i);
        for (int64_t c = im->urows[i].first_child; c >= 0; c = im->urows[c].next_child)
            queue[tail++] = c;
        if (s == ST_OK && head % BATCH == 0 && (s = scratch_reset(im)) == ST_OK && im->o.progress &&
            !im->o.progress(im->o.progress_arg, im->rep.rows))
            s = ST_BUSY;
    }
    xfree(queue);
    for (size_t i = 0; s == ST_OK && i < im->n_urows; i++) {
        if (!im->urows[i].done && !im->urows[i].bad) {
            problem(im, im->urows[i].row, U_PARENT, IMPORT_ERROR,
                    "Mã đơn vị cấp trên tạo thành vòng lặp (đơn vị này nằm dưới chính nó).");
        }
    }
    return s;
}

/* ---- the run -------------------------------------------------------------------------- */

static void finalize_statements(import_t *im)
{
    db_stmt_t **all[] = {&im->st_cccd,       &im->st_names,      &im->st_same,       &im->st_same_nobirth, &im->st_dup,
                         &im->st_pg_ids,     &im->st_pg_persons,   &im->st_pg_members, &im->st_persons[0],
                         &im->st_persons[1], &im->st_persons[2], &im->st_members[0],   &im->st_members[1],
                         &im->st_members[2]};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        db_finalize(*all[i]);
        *all[i] = NULL;
    }
}

static void import_free(import_t *im)
{
    finalize_statements(im);
    person_bulk_free(&im->bk);
    buf_free(&im->audit_text);
    for (int c = 0; c < PG_COLUMNS; c++)
        buf_free(&im->pg_cols[c]);
    arena_free(im->scratch);
    pool_free(&im->pool);
    xfree(im->units.slots);
    xfree(im->perms.slots);
    xfree(im->in_file.slots);
    xfree(im->ucodes.slots);
    xfree(im->unit_info);
    xfree(im->urows);
    xfree(im->pending);
    xfree(im->waiting);
    buf_free(&im->list);
    buf_free(&im->years);
    xfree(im);
}

status_t import_begin(ctx_t *c, const import_opts_t *o, import_t **out)
{
    *out = NULL;
    if (!o || (o->kind != IMPORT_PEOPLE && o->kind != IMPORT_UNITS) || o->unit_id < 0)
        return ST_INVALID;
    if (db_in_transaction(c->db))
        return ST_INTERNAL;
    status_t s = o->unit_id ? perm_check(c, PERM_WRITE, o->unit_id) : ST_OK;
    if (s != ST_OK)
        return s;
    import_t *im = xcalloc(1, sizeof *im);
    if (!im)
        return ST_NOMEM;
    im->c = c;
    im->o = *o;
    if (!im->o.max_problems)
        im->o.max_problems = MAX_PROBLEMS;
    im->cols = o->kind == IMPORT_PEOPLE ? people_columns : unit_columns;
    buf_init(&im->audit_text, AUDIT_TEXT_MAX);
    buf_init(&im->list, LIST_MAX);
    buf_init(&im->years, LIST_MAX);
    for (int i = 0; i < PG_COLUMNS; i++)
        buf_init(&im->pg_cols[i], AUDIT_TEXT_MAX);
    im->scratch = arena_new(SCRATCH_MAX);
    im->rc = *c;
    im->rc.arena = im->scratch;
    const char *today = unit_today(c);
    if (!im->scratch || !today) {
        import_free(im);
        return ST_NOMEM;
    }
    snprintf(im->today, sizeof im->today, "%s", today);
    if ((s = db_begin_write(c->db)) != ST_OK) {
        import_free(im);
        return s;
    }
    s = db_get_int(c->db, &im->max_person, "SELECT COALESCE(MAX(id), 0) FROM persons", "");
    im->next_person = im->max_person;
    if (s == ST_OK && o->kind == IMPORT_PEOPLE && !(im->pending = xmalloc(CREATE_BATCH * sizeof *im->pending)))
        s = ST_NOMEM;
    if (s == ST_OK && o->kind == IMPORT_PEOPLE && !(im->waiting = xmalloc(BATCH * sizeof *im->waiting)))
        s = ST_NOMEM;
    if (s == ST_OK && o->unit_id)
        s = db_get_text(c->db, c->arena, &im->anchor_name, "SELECT name FROM units WHERE id = ?1", "i", o->unit_id);
    if (s == ST_OK && o->kind == IMPORT_PEOPLE)
        s = prepare_people(im);
    if (s == ST_OK && o->kind == IMPORT_UNITS)
        s = load_catalog(im, "SELECT code, name FROM unit_kinds ORDER BY rank", &im->kinds, &im->n_kinds);
    if (s == ST_OK && o->kind == IMPORT_UNITS)
        s = load_catalog(im, "SELECT code, name FROM sectors ORDER BY rank", &im->sectors, &im->n_sectors);
    if (s != ST_OK) {
        finalize_statements(im);
        db_rollback(c->db);
        import_free(im);
        return s;
    }
    *out = im;
    return ST_OK;
}

status_t import_row(import_t *im, int64_t row_no, const char *const *cells, size_t n)
{
    if (im->fatal != ST_OK)
        return im->fatal;
    status_t s = ST_OK;
    if (!im->header_seen) {
        header_row(im, row_no, cells, n);
        return ST_OK;
    }
    im->rep.rows++;
    if (!im->dead && !im->refused)
        s = im->o.kind == IMPORT_PEOPLE ? people_row(im, row_no, cells, n) : units_row(im, row_no, cells, n);
    if (s == ST_OK && im->rep.rows % BATCH == 0) {
        s = resolve_waiting(im); /* the batch lives in the scratch arena */
        if (s == ST_OK)
            s = flush_creates(im);
        if (s == ST_OK)
            s = scratch_reset(im);
        if (s == ST_OK && im->o.progress && !im->o.progress(im->o.progress_arg, im->rep.rows))
            s = ST_BUSY;
    }
    if (s != ST_OK)
        im->fatal = s;
    return s;
}

void import_refuse(import_t *im, const char *why)
{
    if (!im)
        return;
    im->refused = true;
    problem(im, 0, 0, IMPORT_ERROR, why && *why ? why : "Không đọc được tệp.");
}

/* Stable sort of the problems by row (insertion sort on runs is enough:
 * people rows come in order, units add a few out of order). */
static void sort_problems(import_t *im)
{
    import_problem_t *p = im->rep.problems;
    for (size_t i = 1; i < im->rep.n_problems; i++) {
        import_problem_t x = p[i];
        size_t j = i;
        while (j > 0 && p[j - 1].row > x.row) {
            p[j] = p[j - 1];
            j--;
        }
        p[j] = x;
    }
}

status_t import_finish(import_t *im, import_report_t *rep)
{
    *rep = (import_report_t){0};
    if (!im)
        return ST_INVALID;
    ctx_t *c = im->c;
    status_t s = im->fatal;
    if (s == ST_OK && !im->refused) {
        if (!im->header_seen)
            problem(im, 0, 0, IMPORT_ERROR, "Tệp không có dữ liệu.");
        else if (im->rep.rows == 0)
            problem(im, 0, 0, IMPORT_ERROR, "Không có dòng dữ liệu nào dưới dòng tiêu đề.");
    }
    if (s == ST_OK && !im->refused && !im->dead && im->o.kind == IMPORT_UNITS)
        s = units_finish(im);
    if (s == ST_OK && !im->refused)
        s = resolve_waiting(im);
    if (s == ST_OK && !im->refused)
        s = flush_creates(im);
    if (s == ST_OK && im->defaulted_from && im->fieldcol[P_FROM] >= 0) {
        char d[16];
        problemf(im, 0, P_FROM, IMPORT_NOTE, "%lld người không ghi «Từ ngày»: ghi sinh hoạt từ hôm nay (%s).",
                 (long long)im->defaulted_from, vn(im->today, d));
    }
    finalize_statements(im);
    bool ok = s == ST_OK && !im->refused && im->rep.errors == 0 && (im->rep.duplicates == 0 || im->o.force);
    if (ok && im->o.commit && im->rep.created + im->rep.updated > 0) {
        json_t *after = json_object();
        jobj_str(after, "kind", im->o.kind == IMPORT_PEOPLE ? "people" : "units");
        jobj_str(after, "source", im->o.source);
        jobj_int(after, "rows", im->rep.rows);
        jobj_int(after, "created", im->rep.created);
        jobj_int(after, "updated", im->rep.updated);
        jobj_int(after, "unchanged", im->rep.unchanged);
        s = audit_append(c, "import", "import", 0, im->o.unit_id, NULL, after);
        json_decref(after);
        if (s == ST_OK)
            s = person_bulk_finish(&im->bk); /* nothing unless in bulk mode */
    }
    if (s == ST_OK && ok && im->o.commit) {
        s = db_commit(c->db);
        im->rep.written = s == ST_OK;
    } else {
        db_rollback(c->db);
    }
    im->rep.refused = im->refused;
    sort_problems(im);
    *rep = im->rep;
    if (s != ST_OK)
        rep->written = false;
    import_free(im);
    return s;
}
