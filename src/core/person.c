/* People: identity, membership history, yearly records, merge, subtree
 * lists. See src/core/person.h and docs/internals/person.md. */
#include "core/person.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/perm.h"
#include "core/unit.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

#define FAR_FUTURE "9999-12-31"
#define LIST_MAX 1000

static const char MSG_UTF8[] = "Văn bản nhập vào không hợp lệ (sai bảng mã UTF-8).";
static const char MSG_NO_WRITE[] = "Bạn không có quyền sửa hồ sơ này.";
static const char MSG_MERGED[] =
    "Hồ sơ này đã được gộp vào một hồ sơ khác; hãy cập nhật trên hồ sơ còn lại.";

/* ---- small helpers ------------------------------------------------------------ */

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static bool iso_date(const char *s)
{
    date_t d;
    return s && date_parse_iso(s, &d);
}

/* Today (Vietnam time) or NULL when it could not be made: unit_today()
 * answers "" rather than NULL when its buffer fails. */
static const char *today_iso(ctx_t *c)
{
    const char *t = unit_today(c);
    return iso_date(t) ? t : NULL;
}

/* "dd/mm/yyyy" for an ISO date, the text itself otherwise ("1985"). */
static const char *vn_date(ctx_t *c, const char *iso)
{
    date_t d;
    if (!iso)
        return "";
    if (!date_parse_iso(iso, &d))
        return iso;
    buf_t b;
    buf_init(&b, 32);
    date_format_vn(&b, d);
    const char *s = arena_strdup(c->arena, buf_str(&b));
    buf_free(&b);
    return s ? s : iso;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int year4(const char *s) { return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'); }

/* Normalises S (NFC, trimmed, inner runs of white space -> one space) into
 * C->arena. *OUT is NULL when S is NULL or blank. ST_INVALID for bad UTF-8. */
static status_t clean(ctx_t *c, const char *s, const char **out)
{
    *out = NULL;
    if (!s || !*s)
        return ST_OK;
    char *n;
    status_t st = text_normalize(c->arena, s, strlen(s), &n);
    if (st != ST_OK)
        return st;
    char *w = n;
    bool space = false;
    for (const char *r = n; *r; r++) {
        bool nbsp = (unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0;
        if (*r == ' ' || *r == '\t' || *r == '\n' || nbsp) {
            r += nbsp;
            space = w != n;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = false;
        *w++ = *r;
    }
    *w = '\0';
    *out = *n ? n : NULL;
    return ST_OK;
}

/* Commits when S is ST_OK, otherwise rolls back; returns the final status. */
static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

/* A message built in C->arena, or FALLBACK (static) when the arena is full,
 * so that *WHY is never NULL where the contract promises a message. */
__attribute__((format(printf, 3, 4))) static const char *say(ctx_t *c, const char *fallback, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *m = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    return m ? m : fallback;
}

/* Copy of a text column into C->arena; SQL NULL gives NULL. Sets *OOM when
 * a non-NULL value could not be copied (a NULL there would change meaning:
 * an open membership has a NULL to_date). */
static const char *col_dup(ctx_t *c, db_stmt_t *st, int col, bool *oom)
{
    const char *v = db_col_text(st, col);
    char *d = arena_strdup(c->arena, v);
    if (v && !d)
        *oom = true;
    return d;
}
#define col_str(c, st, col) col_dup(c, st, col, &oom)

/* ---- codes and keys ------------------------------------------------------------ */

char *person_order_key(arena_t *a, const char *full_name)
{
    if (!full_name)
        return NULL;
    size_t n = strlen(full_name);
    while (n > 0 && full_name[n - 1] == ' ')
        n--;
    size_t start = n;
    while (start > 0 && full_name[start - 1] != ' ')
        start--;
    size_t rest = start;
    while (rest > 0 && full_name[rest - 1] == ' ')
        rest--;
    char *given = arena_strndup(a, full_name + start, n - start);
    char *family = arena_strndup(a, full_name, rest);
    char *kg = given ? text_sort_key(a, given) : NULL;
    char *kf = family ? text_sort_key(a, family) : NULL;
    return kg && kf ? arena_printf(a, "%s %s", kg, kf) : NULL;
}

const char *person_gender_code(const char *s)
{
    if (!s)
        return NULL;
    if (strcasecmp(s, "M") == 0 || strcasecmp(s, "nam") == 0)
        return "M";
    if (strcasecmp(s, "F") == 0 || strcasecmp(s, "nu") == 0)
        return "F";
    /* "nữ" with ữ U+1EEF or Ữ U+1EEE, in NFC */
    if ((s[0] == 'n' || s[0] == 'N') &&
        (strcmp(s + 1, "\xe1\xbb\xaf") == 0 || strcmp(s + 1, "\xe1\xbb\xae") == 0))
        return "F";
    return NULL;
}

bool person_year_label_valid(const char *label, const char *year_type)
{
    size_t n = label ? strlen(label) : 0;
    bool school_only = year_type && strcmp(year_type, "school") == 0;
    bool calendar_only = year_type && strcmp(year_type, "calendar") == 0;
    if (n == 4 && digits(label, 4)) {
        int y = year4(label);
        return y >= 1900 && y <= 2999 && !school_only;
    }
    if (n == 9 && label[4] == '-' && digits(label, 4) && digits(label + 5, 4)) {
        int y1 = year4(label), y2 = year4(label + 5);
        return y1 >= 1900 && y2 <= 2999 && y2 == y1 + 1 && !calendar_only;
    }
    return false;
}

static const struct {
    const char *code, *label;
} ratings[] = {
    {"HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"},
    {"HTTNV", "Hoàn thành tốt nhiệm vụ"},
    {"HTNV", "Hoàn thành nhiệm vụ"},
    {"KHTNV", "Không hoàn thành nhiệm vụ"},
};

const char *person_rating_label(const char *code)
{
    for (size_t i = 0; code && i < sizeof ratings / sizeof *ratings; i++)
        if (strcmp(code, ratings[i].code) == 0)
            return ratings[i].label;
    return NULL;
}

/* Mildest first: the index + 1 is the rank. */
static const struct {
    const char *code, *label;
} disciplines[] = {
    {"khien_trach", "Khiển trách"},     {"canh_cao", "Cảnh cáo"},   {"ha_bac_luong", "Hạ bậc lương"},
    {"giang_chuc", "Giáng chức"},       {"cach_chuc", "Cách chức"}, {"buoc_thoi_viec", "Buộc thôi việc"},
    {"khai_tru", "Khai trừ"},
};

int person_discipline_rank(const char *form)
{
    for (size_t i = 0; form && i < sizeof disciplines / sizeof *disciplines; i++)
        if (strcmp(form, disciplines[i].code) == 0)
            return (int)i + 1;
    return 0;
}

const char *person_discipline_label(const char *form)
{
    int r = person_discipline_rank(form);
    return r ? disciplines[r - 1].label : NULL;
}

/* ---- validation ------------------------------------------------------------------- */

static bool valid_birth(const char *s, const char *today)
{
    if (strlen(s) == 4)
        return digits(s, 4) && year4(s) >= 1900 && year4(s) <= year4(today);
    return iso_date(s) && strcmp(s, today) <= 0;
}

bool person_phone_valid(const char *s)
{
    size_t n = 0, d = 0;
    for (; s[n]; n++) {
        if (s[n] >= '0' && s[n] <= '9')
            d++;
        else if (!strchr(" +.-()", s[n]))
            return false;
    }
    return n <= 20 && d >= 8 && d <= 15;
}

bool person_email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (strlen(s) > 254 || !at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || (unsigned char)*p < 0x20)
            return false;
    const char *dot = strrchr(at, '.');
    return dot > at + 1 && dot[1] != '\0';
}

/* Cleans and checks IN into *F. */
static status_t check_fields(ctx_t *c, const person_fields_t *in, person_fields_t *f, const char **why)
{
    *f = (person_fields_t){0};
    const char *const src[] = {in->full_name, in->birth_date, in->cccd, in->phone, in->email, in->recruited_on};
    const char **dst[] = {&f->full_name, &f->birth_date, &f->cccd, &f->phone, &f->email, &f->recruited_on};
    for (size_t i = 0; i < sizeof src / sizeof *src; i++) {
        status_t s = clean(c, src[i], dst[i]);
        if (s != ST_OK) {
            *why = s == ST_INVALID ? MSG_UTF8 : NULL;
            return s;
        }
    }
    const char *today = today_iso(c);
    if (!today)
        return ST_NOMEM;
    if (!f->full_name || text_chars(f->full_name) > 255)
        *why = "Họ và tên không được để trống và không quá 255 ký tự.";
    else if (opt(in->gender) && !(f->gender = person_gender_code(in->gender)))
        *why = "Giới tính phải là Nam hoặc Nữ.";
    else if (f->birth_date && !valid_birth(f->birth_date, today))
        *why = "Ngày sinh không hợp lệ: nhập ngày đầy đủ (ví dụ 02/03/1985) hoặc chỉ năm sinh (ví dụ 1985), "
               "không sau ngày hôm nay.";
    else if (f->cccd && (strlen(f->cccd) != 12 || !digits(f->cccd, 12)))
        *why = "Số CCCD phải gồm đúng 12 chữ số.";
    else if (f->phone && !person_phone_valid(f->phone))
        *why = "Số điện thoại chỉ gồm 8 đến 15 chữ số, có thể có dấu cách, dấu chấm, gạch ngang, ngoặc hoặc dấu +.";
    else if (f->email && !person_email_valid(f->email))
        *why = "Địa chỉ thư điện tử không hợp lệ.";
    else if (f->recruited_on && !iso_date(f->recruited_on))
        *why = "Ngày tuyển dụng không hợp lệ.";
    else
        return ST_OK;
    return ST_INVALID;
}

/* Cleans and checks a membership input into *M. */
static status_t check_membership(ctx_t *c, const person_membership_in_t *in, person_membership_in_t *m,
                                 const char **why)
{
    *m = *in;
    status_t s = clean(c, in->position, &m->position);
    if (s != ST_OK) {
        *why = s == ST_INVALID ? MSG_UTF8 : NULL;
        return s;
    }
    m->from_date = opt(in->from_date);
    m->to_date = opt(in->to_date);
    m->member_since = opt(in->member_since);
    if (m->unit_id <= 0)
        *why = "Chưa chọn đơn vị sinh hoạt.";
    else if (!iso_date(m->from_date))
        *why = "Ngày bắt đầu sinh hoạt không hợp lệ.";
    else if (m->to_date && !iso_date(m->to_date))
        *why = "Ngày kết thúc sinh hoạt không hợp lệ.";
    else if (m->to_date && strcmp(m->to_date, m->from_date) <= 0)
        *why = "Ngày kết thúc sinh hoạt phải sau ngày bắt đầu.";
    else if (m->member_since && !iso_date(m->member_since))
        *why = "Ngày vào công đoàn không hợp lệ.";
    else if (m->position && text_chars(m->position) > 255)
        *why = "Chức vụ không quá 255 ký tự.";
    else
        return ST_OK;
    return ST_INVALID;
}

/* ---- scope ------------------------------------------------------------------------- */

/* Finds the scope unit of person ID (*UNIT, 0 when none) and whether it was
 * merged away (*MERGED_INTO), and checks that C may do P there. ST_FORBIDDEN
 * when the person does not exist or is out of reach. */
static status_t person_scope(ctx_t *c, perm_t p, int64_t id, int64_t *unit, int64_t *merged_into)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT COALESCE(" PERSON_SCOPE_UNIT("p") ", 0), COALESCE(p.merged_into, 0) FROM persons p WHERE p.id = ?1",
        &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    int64_t u = 0, m = 0;
    if (rc == DB_ROW) {
        u = db_col_int(st, 0);
        m = db_col_int(st, 1);
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    if (s != ST_OK)
        return s;
    if (unit)
        *unit = u;
    if (merged_into)
        *merged_into = m;
    if (u == 0)
        return c->system ? ST_OK : ST_FORBIDDEN;
    return perm_check(c, p, u);
}

/* The unit must exist and not be dissolved by DATE. */
static status_t unit_open_on(ctx_t *c, int64_t unit, const char *date, const char **why)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT valid_to, name FROM units WHERE id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, unit);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        const char *to = db_col_text(st, 0);
        if (to && strcmp(to, date) <= 0) {
            *why = say(c, "Đơn vị đã giải thể vào ngày này.",
                       "%s đã giải thể từ ngày %s.", db_col_text(st, 1), vn_date(c, to));
            s = ST_INVALID;
        }
    } else if (rc == DB_DONE) {
        *why = "Không tìm thấy đơn vị.";
        s = ST_INVALID;
    } else {
        s = db_last_status(c->db);
    }
    db_finalize(st);
    return s;
}

/* ---- loading -------------------------------------------------------------------------- */

static status_t load_memberships(ctx_t *c, person_t *p)
{
    bool oom = false;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT m.id, m.unit_id, u.name, u.code, m.position, m.from_date, m.to_date, m.member_since,"
        " m.direct_worker, m.manager FROM memberships m JOIN units u ON u.id = m.unit_id"
        " WHERE m.person_id = ?1 ORDER BY m.from_date, m.id", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        person_membership_t *m = arena_push(c->arena, (void **)&p->memberships, &p->n_memberships, &cap, sizeof *m);
        if (!m) {
            db_finalize(st);
            return ST_NOMEM;
        }
        *m = (person_membership_t){
            .id = db_col_int(st, 0), .unit_id = db_col_int(st, 1), .unit_name = col_str(c, st, 2),
            .unit_code = col_str(c, st, 3), .position = col_str(c, st, 4), .from_date = col_str(c, st, 5),
            .to_date = col_str(c, st, 6), .member_since = col_str(c, st, 7),
            .direct_worker = db_col_int(st, 8) != 0, .manager = db_col_int(st, 9) != 0,
        };
        if (!m->to_date)
            p->current = true;
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && oom ? ST_NOMEM : s;
}

static status_t load_ratings(ctx_t *c, person_t *p)
{
    bool oom = false;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT id, COALESCE(unit_id, 0), year_label, rating, source_doc FROM ratings WHERE person_id = ?1"
        " ORDER BY year_label", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        person_rating_t *r = arena_push(c->arena, (void **)&p->ratings, &p->n_ratings, &cap, sizeof *r);
        if (!r) {
            db_finalize(st);
            return ST_NOMEM;
        }
        *r = (person_rating_t){.id = db_col_int(st, 0), .unit_id = db_col_int(st, 1),
                               .year_label = col_str(c, st, 2), .rating = col_str(c, st, 3),
                               .source_doc = col_str(c, st, 4)};
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && oom ? ST_NOMEM : s;
}

static status_t load_disciplines(ctx_t *c, person_t *p)
{
    bool oom = false;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT id, form, decision_no, from_date, to_date FROM disciplines WHERE person_id = ?1"
        " ORDER BY from_date, id", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        person_discipline_t *d = arena_push(c->arena, (void **)&p->disciplines, &p->n_disciplines, &cap, sizeof *d);
        if (!d) {
            db_finalize(st);
            return ST_NOMEM;
        }
        *d = (person_discipline_t){.id = db_col_int(st, 0), .form = col_str(c, st, 1),
                                   .decision_no = col_str(c, st, 2), .from_date = col_str(c, st, 3),
                                   .to_date = col_str(c, st, 4)};
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && oom ? ST_NOMEM : s;
}

static status_t load_absences(ctx_t *c, person_t *p)
{
    bool oom = false;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT id, days, year_label, reason, counts_as_work FROM absences WHERE person_id = ?1"
        " ORDER BY year_label, id", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, p->id);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        person_absence_t *a = arena_push(c->arena, (void **)&p->absences, &p->n_absences, &cap, sizeof *a);
        if (!a) {
            db_finalize(st);
            return ST_NOMEM;
        }
        *a = (person_absence_t){.id = db_col_int(st, 0), .days = db_col_int(st, 1),
                                .year_label = col_str(c, st, 2), .reason = col_str(c, st, 3),
                                .counts_as_work = db_col_int(st, 4) != 0};
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && oom ? ST_NOMEM : s;
}

/* The record ID without any permission check (callers check first). */
static status_t load_person(ctx_t *c, int64_t id, person_t *out)
{
    bool oom = false;
    *out = (person_t){0};
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT p.id, p.full_name, p.gender, p.birth_date, p.cccd, p.phone, p.email, p.recruited_on,"
        " COALESCE(p.merged_into, 0), p.created_at, p.updated_at, COALESCE(" PERSON_SCOPE_UNIT("p") ", 0)"
        " FROM persons p WHERE p.id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *out = (person_t){
            .id = db_col_int(st, 0), .full_name = col_str(c, st, 1), .gender = col_str(c, st, 2),
            .birth_date = col_str(c, st, 3), .cccd = col_str(c, st, 4), .phone = col_str(c, st, 5),
            .email = col_str(c, st, 6), .recruited_on = col_str(c, st, 7), .merged_into = db_col_int(st, 8),
            .created_at = db_col_int(st, 9), .updated_at = db_col_int(st, 10), .unit_id = db_col_int(st, 11),
        };
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && oom)
        s = ST_NOMEM;
    if (s == ST_OK && out->unit_id) {
        s = db_get_text(c->db, c->arena, &out->unit_name, "SELECT name FROM units WHERE id = ?1", "i", out->unit_id);
        if (s == ST_NOT_FOUND)
            s = ST_OK;
    }
    if (s == ST_OK)
        s = load_memberships(c, out);
    if (s == ST_OK)
        s = load_ratings(c, out);
    if (s == ST_OK)
        s = load_disciplines(c, out);
    if (s == ST_OK)
        s = load_absences(c, out);
    return s;
}

/* ---- audit snapshots ------------------------------------------------------------------ */

static json_t *membership_json(const person_membership_t *m)
{
    json_t *j = json_object();
    jobj_int(j, "id", m->id);
    jobj_int(j, "unit_id", m->unit_id);
    jobj_str(j, "position", m->position);
    jobj_str(j, "from_date", m->from_date);
    jobj_str(j, "to_date", m->to_date);
    jobj_bool(j, "direct_worker", m->direct_worker);
    jobj_bool(j, "manager", m->manager);
    jobj_str(j, "member_since", m->member_since);
    return j;
}

static json_t *rating_json(const person_rating_t *r)
{
    json_t *j = json_object();
    jobj_int(j, "id", r->id);
    jobj_str(j, "year_label", r->year_label);
    jobj_str(j, "rating", r->rating);
    jobj_str(j, "source_doc", r->source_doc);
    jobj_int(j, "unit_id", r->unit_id);
    return j;
}

static json_t *discipline_json(const person_discipline_t *d)
{
    json_t *j = json_object();
    jobj_int(j, "id", d->id);
    jobj_str(j, "form", d->form);
    jobj_str(j, "decision_no", d->decision_no);
    jobj_str(j, "from_date", d->from_date);
    jobj_str(j, "to_date", d->to_date);
    return j;
}

static json_t *absence_json(const person_absence_t *a)
{
    json_t *j = json_object();
    jobj_int(j, "id", a->id);
    jobj_str(j, "year_label", a->year_label);
    jobj_int(j, "days", a->days);
    jobj_str(j, "reason", a->reason);
    jobj_bool(j, "counts_as_work", a->counts_as_work);
    return j;
}

/* Identity of P; with FULL also every history row. NULL on OOM. */
static json_t *person_json(const person_t *p, bool full)
{
    json_t *j = json_object();
    if (!j)
        return NULL;
    jobj_str(j, "full_name", p->full_name);
    jobj_str(j, "gender", p->gender);
    jobj_str(j, "birth_date", p->birth_date);
    jobj_str(j, "cccd", p->cccd);
    jobj_str(j, "phone", p->phone);
    jobj_str(j, "email", p->email);
    jobj_str(j, "recruited_on", p->recruited_on);
    if (p->merged_into)
        jobj_int(j, "merged_into", p->merged_into);
    if (!full)
        return j;
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->n_memberships; i++)
        jarr_take(a, membership_json(&p->memberships[i]));
    jobj_take(j, "memberships", a);
    a = json_array();
    for (size_t i = 0; a && i < p->n_ratings; i++)
        jarr_take(a, rating_json(&p->ratings[i]));
    jobj_take(j, "ratings", a);
    a = json_array();
    for (size_t i = 0; a && i < p->n_disciplines; i++)
        jarr_take(a, discipline_json(&p->disciplines[i]));
    jobj_take(j, "disciplines", a);
    a = json_array();
    for (size_t i = 0; a && i < p->n_absences; i++)
        jarr_take(a, absence_json(&p->absences[i]));
    jobj_take(j, "absences", a);
    return j;
}

/* Appends an audit entry for PERSON (entity "person") and drops the JSON. */
static status_t audit(ctx_t *c, const char *action, int64_t person, int64_t unit, json_t *before, json_t *after)
{
    status_t s = audit_append(c, action, "person", person, unit, before, after);
    json_decref(before);
    json_decref(after);
    return s;
}

/* ---- identity ---------------------------------------------------------------------------- */

/* CCCD already held by a record other than SELF: ST_CONFLICT with a message
 * that names the number and the holder only when C may read the holder. */
static status_t cccd_free(ctx_t *c, const char *cccd, int64_t self, int64_t *holder, const char **why)
{
    if (!cccd)
        return ST_OK;
    int64_t other = 0;
    status_t s = db_get_int(c->db, &other, "SELECT id FROM persons WHERE cccd = ?1 AND id <> ?2", "ti", cccd, self);
    if (s == ST_NOT_FOUND)
        return ST_OK;
    if (s != ST_OK)
        return s;
    s = person_scope(c, PERM_READ, other, NULL, NULL);
    if (s == ST_OK) {
        const char *name = NULL;
        s = db_get_text(c->db, c->arena, &name, "SELECT full_name FROM persons WHERE id = ?1", "i", other);
        if (s != ST_OK)
            return s;
        *why = say(c, "Số CCCD này đã có trong hệ thống.",
                   "Số CCCD %s đã có trong hệ thống (hồ sơ của %s).", cccd, name);
        if (holder)
            *holder = other;
    } else if (s == ST_FORBIDDEN) {
        *why = "Số CCCD này đã được dùng cho một hồ sơ ngoài phạm vi quản lý của bạn. "
               "Hãy kiểm tra lại số, hoặc liên hệ đơn vị cấp trên.";
    } else {
        return s;
    }
    return ST_CONFLICT;
}

/* Without a CCCD: a record in the caller's read scope with the same folded
 * name and a matching birth date is a probable duplicate. */
static status_t find_duplicate(ctx_t *c, const char *fold, const char *birth, int64_t *dup, const char **why)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT p.id, p.full_name, p.birth_date, u.name FROM persons p"
        " LEFT JOIN units u ON u.id = " PERSON_SCOPE_UNIT("p") " WHERE p.name_fold = ?1 AND p.merged_into IS NULL"
        " AND (p.birth_date = ?2 OR substr(p.birth_date, 1, 4) = ?2 OR p.birth_date = substr(?2, 1, 4))"
        " AND " PERM_HOLDS(PERSON_SCOPE_UNIT("p"), 3, 4) " ORDER BY p.id LIMIT 1", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, fold);
    db_bind_text(st, 2, birth);
    db_bind_int(st, 3, perm_scope_user(c));
    db_bind_text(st, 4, perm_code(PERM_READ));
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *dup = db_col_int(st, 0);
        const char *unit = db_col_text(st, 3);
        *why = say(c, "Đã có hồ sơ trùng họ tên và ngày sinh trong phạm vi quản lý.",
                   "Đã có hồ sơ trùng họ tên và ngày sinh trong phạm vi quản lý: %s, sinh %s%s%s. "
                   "Nếu là cùng một người, hãy dùng hồ sơ đã có; nếu là người khác, hãy xác nhận để vẫn thêm mới.",
                   db_col_text(st, 1), vn_date(c, db_col_text(st, 2)), unit ? ", " : "", unit ? unit : "");
        s = ST_CONFLICT;
    } else {
        s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    }
    db_finalize(st);
    return s;
}

static status_t insert_membership(ctx_t *c, int64_t person, const person_membership_in_t *m, int64_t *id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO memberships (person_id, unit_id, position, from_date, to_date, direct_worker, manager,"
        " member_since, order_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
        " (SELECT p.order_key FROM persons p WHERE p.id = ?1 AND p.merged_into IS NULL)) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "iitttiit", person, m->unit_id, m->position, m->from_date, m->to_date,
             (int64_t)m->direct_worker, (int64_t)m->manager, m->member_since);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

static json_t *membership_in_json(const person_membership_in_t *m, int64_t id)
{
    person_membership_t row = {.id = id, .unit_id = m->unit_id, .position = m->position,
                               .from_date = m->from_date, .to_date = m->to_date, .member_since = m->member_since,
                               .direct_worker = m->direct_worker, .manager = m->manager};
    return membership_json(&row);
}

static status_t create_in_tx(ctx_t *c, const person_fields_t *f, const person_membership_in_t *m, bool force,
                             int64_t *id, const char **why)
{
    status_t s = perm_check(c, PERM_WRITE, m->unit_id);
    if (s == ST_FORBIDDEN)
        *why = "Bạn không có quyền thêm người vào đơn vị này.";
    if (s == ST_OK)
        s = unit_open_on(c, m->unit_id, m->from_date, why);
    if (s == ST_OK)
        s = cccd_free(c, f->cccd, 0, id, why);
    const char *fold = text_fold(c->arena, f->full_name), *key = person_order_key(c->arena, f->full_name);
    const char *pairs = text_word_pairs(c->arena, fold);
    if (s == ST_OK && (!fold || !key || !pairs))
        s = ST_NOMEM;
    if (s == ST_OK && !f->cccd && f->birth_date && !force)
        s = find_duplicate(c, fold, f->birth_date, id, why);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db,
        "INSERT INTO persons (full_name, name_fold, order_key, gender, birth_date, cccd, phone, email, recruited_on,"
        " created_at, updated_at, name_pairs) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11) RETURNING id",
        &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "tttttttttit", f->full_name, fold, key, f->gender, f->birth_date, f->cccd, f->phone, f->email,
             f->recruited_on, time_now(), pairs);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    int64_t mid = 0;
    if (s == ST_OK)
        s = insert_membership(c, *id, m, &mid);
    if (s != ST_OK)
        return s;
    person_t p = {.full_name = f->full_name, .gender = f->gender, .birth_date = f->birth_date, .cccd = f->cccd,
                  .phone = f->phone, .email = f->email, .recruited_on = f->recruited_on};
    json_t *after = person_json(&p, false);
    jobj_take(after, "membership", membership_in_json(m, mid));
    return audit(c, "create", *id, m->unit_id, NULL, after);
}

status_t person_create(ctx_t *c, const person_fields_t *in, const person_membership_in_t *min, bool force,
                       int64_t *id, const char **why)
{
    *why = NULL;
    *id = 0;
    person_fields_t f;
    person_membership_in_t m;
    status_t s = check_fields(c, in, &f, why);
    if (s == ST_OK)
        s = check_membership(c, min, &m, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = create_in_tx(c, &f, &m, force, id, why);
    if (s != ST_OK && s != ST_CONFLICT)
        *id = 0;
    return finish(c, s);
}

/* Writes the checked identity F of ID; the caller holds the transaction. */
static status_t update_tx(ctx_t *c, int64_t id, const person_fields_t *f, const char **why)
{
    int64_t unit = 0, merged = 0;
    status_t s = person_scope(c, PERM_WRITE, id, &unit, &merged);
    if (s == ST_FORBIDDEN)
        *why = MSG_NO_WRITE;
    if (s == ST_OK && merged) {
        *why = MSG_MERGED;
        s = ST_CONFLICT;
    }
    if (s == ST_OK)
        s = cccd_free(c, f->cccd, id, NULL, why);
    person_t before, after;
    if (s == ST_OK)
        s = load_person(c, id, &before);
    const char *fold = text_fold(c->arena, f->full_name), *key = person_order_key(c->arena, f->full_name);
    const char *pairs = text_word_pairs(c->arena, fold);
    if (s == ST_OK && (!fold || !key || !pairs))
        s = ST_NOMEM;
    if (s == ST_OK)
        s = db_run(c->db, NULL,
                   "UPDATE persons SET full_name = ?2, name_fold = ?3, order_key = ?4, gender = ?5, birth_date = ?6,"
                   " cccd = ?7, phone = ?8, email = ?9, recruited_on = ?10, updated_at = ?11, name_pairs = ?12"
                   " WHERE id = ?1",
                   "itttttttttit", id, f->full_name, fold, key, f->gender, f->birth_date, f->cccd, f->phone, f->email,
                   f->recruited_on, time_now(), pairs);
    if (s == ST_OK)
        s = load_person(c, id, &after);
    if (s == ST_OK)
        s = audit(c, "update", id, unit, person_json(&before, false), person_json(&after, false));
    return s;
}

status_t person_update(ctx_t *c, int64_t id, const person_fields_t *in, const char **why)
{
    *why = NULL;
    person_fields_t f;
    status_t s = check_fields(c, in, &f, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    return finish(c, update_tx(c, id, &f, why));
}

status_t person_update_in_tx(ctx_t *c, int64_t id, const person_fields_t *in, const char **why)
{
    *why = NULL;
    person_fields_t f;
    status_t s = check_fields(c, in, &f, why);
    if (s == ST_OK && !db_in_transaction(c->db))
        s = ST_INTERNAL;
    return s == ST_OK ? update_tx(c, id, &f, why) : s;
}

status_t person_get(ctx_t *c, int64_t id, person_t *out)
{
    *out = (person_t){0};
    /* Several queries: read them from one snapshot. */
    bool own_tx = !db_in_transaction(c->db);
    status_t s = own_tx ? db_begin_read(c->db) : ST_OK;
    if (s != ST_OK)
        return s;
    s = person_scope(c, PERM_READ, id, NULL, NULL);
    if (s == ST_OK)
        s = load_person(c, id, out);
    if (own_tx && s == ST_OK)
        s = db_commit(c->db);
    else if (own_tx)
        db_rollback(c->db);
    if (s != ST_OK)
        *out = (person_t){0};
    return s;
}

/* ---- membership ------------------------------------------------------------------------------- */

typedef struct {
    int64_t id, unit_id;
    const char *from_date;
} open_t;

/* The open membership of PERSON (*O zeroed when none). */
static status_t open_membership(ctx_t *c, int64_t person, open_t *o)
{
    bool oom = false;
    *o = (open_t){0};
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT id, unit_id, from_date FROM memberships WHERE person_id = ?1 AND to_date IS NULL", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, person);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *o = (open_t){.id = db_col_int(st, 0), .unit_id = db_col_int(st, 1), .from_date = col_str(c, st, 2)};
    s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && oom ? ST_NOMEM : s;
}

/* ST_CONFLICT (with *WHY naming the other period) when [FROM, TO) overlaps a
 * membership of PERSON other than EXCEPT. */
static status_t no_overlap(ctx_t *c, int64_t person, int64_t except, const char *from, const char *to,
                           const char **why)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT u.name, m.from_date, m.to_date FROM memberships m JOIN units u ON u.id = m.unit_id"
        " WHERE m.person_id = ?1 AND m.id <> ?2 AND m.from_date < ?4 AND COALESCE(m.to_date, '" FAR_FUTURE "') > ?3"
        " ORDER BY m.from_date LIMIT 1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "iitt", person, except, from, to ? to : FAR_FUTURE);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        const char *end = db_col_text(st, 2);
        *why = say(c, "Thời gian này trùng với một quá trình sinh hoạt khác.",
                   "Thời gian này trùng với quá trình sinh hoạt tại %s (từ %s%s%s).",
                   db_col_text(st, 0), vn_date(c, db_col_text(st, 1)), end ? " đến " : "",
                   end ? vn_date(c, end) : "");
        s = ST_CONFLICT;
    } else {
        s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    }
    db_finalize(st);
    return s;
}

/* Closes the open membership O on DATE and audits it on its unit. */
static status_t close_open(ctx_t *c, int64_t person, const open_t *o, const char *date, const char **why)
{
    if (strcmp(date, o->from_date) <= 0) {
        *why = say(c, "Ngày kết thúc phải sau ngày bắt đầu sinh hoạt ở đơn vị hiện tại.",
                   "Ngày kết thúc phải sau ngày bắt đầu sinh hoạt ở đơn vị hiện tại (%s).",
                   vn_date(c, o->from_date));
        return ST_INVALID;
    }
    status_t s = db_run(c->db, NULL, "UPDATE memberships SET to_date = ?2 WHERE id = ?1", "it", o->id, date);
    if (s != ST_OK)
        return s;
    json_t *before = json_object(), *after = json_object();
    jobj_int(before, "membership_id", o->id);
    jobj_str(before, "to_date", NULL);
    jobj_int(after, "membership_id", o->id);
    jobj_str(after, "to_date", date);
    return audit(c, "end_membership", person, o->unit_id, before, after);
}

static status_t touch(ctx_t *c, int64_t person)
{
    return db_run(c->db, NULL, "UPDATE persons SET updated_at = ?2 WHERE id = ?1", "ii", person, time_now());
}

/* Write access to PERSON (scope unit) refusing merged-away records. */
static status_t writable(ctx_t *c, int64_t person, int64_t *unit, const char **why)
{
    int64_t merged = 0;
    status_t s = person_scope(c, PERM_WRITE, person, unit, &merged);
    if (s == ST_FORBIDDEN)
        *why = MSG_NO_WRITE;
    if (s == ST_OK && merged) {
        *why = MSG_MERGED;
        s = ST_CONFLICT;
    }
    return s;
}

static status_t add_membership_tx(ctx_t *c, int64_t person, const person_membership_in_t *m, int64_t *mid,
                                  const char **why)
{
    status_t s = writable(c, person, NULL, why);
    if (s == ST_OK && (s = perm_check(c, PERM_WRITE, m->unit_id)) == ST_FORBIDDEN)
        *why = "Bạn không có quyền thêm người vào đơn vị này.";
    if (s == ST_OK)
        s = unit_open_on(c, m->unit_id, m->from_date, why);
    open_t o;
    if (s == ST_OK && !m->to_date && (s = open_membership(c, person, &o)) == ST_OK && o.id) {
        /* A transfer: the unit left behind must be writable too. */
        if ((s = perm_check(c, PERM_WRITE, o.unit_id)) == ST_FORBIDDEN)
            *why = "Bạn không có quyền chuyển người này khỏi đơn vị đang sinh hoạt.";
        if (s == ST_OK)
            s = close_open(c, person, &o, m->from_date, why);
    }
    if (s == ST_OK)
        s = no_overlap(c, person, 0, m->from_date, m->to_date, why);
    if (s == ST_OK)
        s = insert_membership(c, person, m, mid);
    if (s == ST_OK)
        s = touch(c, person);
    if (s != ST_OK)
        return s;
    json_t *after = membership_in_json(m, *mid);
    return audit(c, "add_membership", person, m->unit_id, NULL, after);
}

status_t person_add_membership(ctx_t *c, int64_t person_id, const person_membership_in_t *min,
                               int64_t *membership_id, const char **why)
{
    *why = NULL;
    person_membership_in_t m;
    int64_t mid = 0;
    status_t s = check_membership(c, min, &m, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = finish(c, add_membership_tx(c, person_id, &m, &mid, why));
    if (membership_id)
        *membership_id = s == ST_OK ? mid : 0;
    return s;
}

status_t person_add_membership_in_tx(ctx_t *c, int64_t person_id, const person_membership_in_t *min,
                                     int64_t *membership_id, const char **why)
{
    *why = NULL;
    person_membership_in_t m;
    int64_t mid = 0;
    status_t s = check_membership(c, min, &m, why);
    if (s == ST_OK && !db_in_transaction(c->db))
        s = ST_INTERNAL;
    if (s == ST_OK)
        s = add_membership_tx(c, person_id, &m, &mid, why);
    if (membership_id)
        *membership_id = s == ST_OK ? mid : 0;
    return s;
}

status_t person_end_membership(ctx_t *c, int64_t person_id, const char *date, const char **why)
{
    *why = NULL;
    if (!iso_date(date)) {
        *why = "Ngày kết thúc sinh hoạt không hợp lệ.";
        return ST_INVALID;
    }
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    s = writable(c, person_id, NULL, why);
    open_t o;
    if (s == ST_OK)
        s = open_membership(c, person_id, &o);
    if (s == ST_OK && !o.id) {
        *why = "Người này hiện không sinh hoạt ở đơn vị nào.";
        s = ST_CONFLICT;
    }
    if (s == ST_OK)
        s = close_open(c, person_id, &o, date, why);
    if (s == ST_OK)
        s = touch(c, person_id);
    return finish(c, s);
}

static status_t update_membership_tx(ctx_t *c, int64_t mid, person_membership_in_t *m, const char **why)
{
    bool oom = false;
    person_membership_t old = {.id = mid};
    int64_t person = 0;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT person_id, unit_id, position, from_date, to_date, member_since, direct_worker, manager"
        " FROM memberships WHERE id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, mid);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        person = db_col_int(st, 0);
        old.unit_id = db_col_int(st, 1);
        old.position = col_str(c, st, 2);
        old.from_date = col_str(c, st, 3);
        old.to_date = col_str(c, st, 4);
        old.member_since = col_str(c, st, 5);
        old.direct_worker = db_col_int(st, 6) != 0;
        old.manager = db_col_int(st, 7) != 0;
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && oom)
        return ST_NOMEM;
    if (s == ST_FORBIDDEN)
        *why = MSG_NO_WRITE;
    if (s == ST_OK)
        s = writable(c, person, NULL, why);
    if (s == ST_OK && (s = perm_check(c, PERM_WRITE, old.unit_id)) == ST_FORBIDDEN)
        *why = MSG_NO_WRITE;
    m->unit_id = old.unit_id;
    if (s == ST_OK)
        s = no_overlap(c, person, mid, m->from_date, m->to_date, why);
    if (s == ST_OK)
        s = db_run(c->db, NULL,
                   "UPDATE memberships SET position = ?2, from_date = ?3, to_date = ?4, direct_worker = ?5,"
                   " manager = ?6, member_since = ?7 WHERE id = ?1",
                   "itttiit", mid, m->position, m->from_date, m->to_date, (int64_t)m->direct_worker,
                   (int64_t)m->manager, m->member_since);
    if (s == ST_OK)
        s = touch(c, person);
    if (s != ST_OK)
        return s;
    return audit(c, "update_membership", person, old.unit_id, membership_json(&old), membership_in_json(m, mid));
}

status_t person_update_membership(ctx_t *c, int64_t membership_id, const person_membership_in_t *min,
                                  const char **why)
{
    *why = NULL;
    person_membership_in_t m;
    person_membership_in_t probe = *min;
    probe.unit_id = 1; /* the unit stays: not part of the input */
    status_t s = check_membership(c, &probe, &m, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    return finish(c, update_membership_tx(c, membership_id, &m, why));
}

status_t person_update_membership_in_tx(ctx_t *c, int64_t membership_id, const person_membership_in_t *min,
                                        const char **why)
{
    *why = NULL;
    person_membership_in_t m;
    person_membership_in_t probe = *min;
    probe.unit_id = 1; /* the unit stays: not part of the input */
    status_t s = check_membership(c, &probe, &m, why);
    if (s == ST_OK && !db_in_transaction(c->db))
        s = ST_INTERNAL;
    return s == ST_OK ? update_membership_tx(c, membership_id, &m, why) : s;
}

/* ---- moving a whole unit ------------------------------------------------------------------------ */

status_t person_move_members_in_tx(ctx_t *c, int64_t from, int64_t to, const char *date, int64_t *moved,
                                   const char **why)
{
    bool oom = false;
    *why = NULL;
    if (moved)
        *moved = 0;
    if (!iso_date(date)) {
        *why = "Ngày chuyển không hợp lệ.";
        return ST_INVALID;
    }
    if (from == to) {
        *why = "Đơn vị chuyển đến phải khác đơn vị hiện tại.";
        return ST_INVALID;
    }
    status_t s = perm_check(c, PERM_WRITE, from);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, to);
    if (s == ST_FORBIDDEN)
        *why = "Bạn không có quyền chuyển đoàn viên giữa hai đơn vị này.";
    if (s == ST_OK)
        s = unit_open_on(c, to, date, why);
    if (s != ST_OK)
        return s;
    /* The open memberships of FROM. */
    typedef struct {
        int64_t id, person;
        person_membership_in_t in; /* the same period in TO */
        const char *began;
    } move_t;
    move_t *rows = NULL;
    size_t n = 0, cap = 0;
    db_stmt_t *st;
    if ((s = db_prepare(c->db,
                        "SELECT id, person_id, position, from_date, member_since, direct_worker, manager"
                        " FROM memberships WHERE unit_id = ?1 AND to_date IS NULL ORDER BY id", &st)) != ST_OK)
        return s;
    db_bind_int(st, 1, from);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        move_t *m = arena_push(c->arena, (void **)&rows, &n, &cap, sizeof *m);
        if (!m) {
            db_finalize(st);
            return ST_NOMEM;
        }
        m->id = db_col_int(st, 0);
        m->person = db_col_int(st, 1);
        m->began = col_str(c, st, 3);
        m->in = (person_membership_in_t){.unit_id = to, .position = col_str(c, st, 2), .from_date = date,
                                         .member_since = col_str(c, st, 4),
                                         .direct_worker = db_col_int(st, 5) != 0, .manager = db_col_int(st, 6) != 0};
        if (oom) {
            db_finalize(st);
            return ST_NOMEM;
        }
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        move_t *m = &rows[i];
        int64_t mid = m->id;
        if (strcmp(m->began, date) < 0) {
            s = db_run(c->db, NULL, "UPDATE memberships SET to_date = ?2 WHERE id = ?1", "it", m->id, date);
            if (s == ST_OK)
                s = insert_membership(c, m->person, &m->in, &mid);
        } else {
            m->in.from_date = m->began; /* it never really began in FROM */
            s = db_run(c->db, NULL, "UPDATE memberships SET unit_id = ?2 WHERE id = ?1", "ii", m->id, to);
        }
        if (s == ST_OK)
            s = touch(c, m->person);
        if (s != ST_OK)
            break;
        json_t *before = json_object();
        jobj_int(before, "membership_id", m->id);
        jobj_int(before, "unit_id", from);
        s = audit(c, "move_membership", m->person, to, before, membership_in_json(&m->in, mid));
    }
    if (s == ST_OK && moved)
        *moved = (int64_t)n;
    return s;
}

status_t person_move_members(ctx_t *c, int64_t from, int64_t to, const char *date, int64_t *moved,
                             const char **why)
{
    status_t s = db_begin_write(c->db);
    if (s != ST_OK) {
        *why = NULL;
        return s;
    }
    return finish(c, person_move_members_in_tx(c, from, to, date, moved, why));
}

/* ---- yearly records ----------------------------------------------------------------------------- */

/* The rating unit must be one PERSON belonged to or one C may read. */
static status_t rating_unit_ok(ctx_t *c, int64_t person, int64_t unit, const char **why)
{
    int64_t n = 0;
    status_t s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM memberships WHERE person_id = ?1 AND unit_id = ?2", "ii",
                            person, unit);
    if (s != ST_OK || n > 0)
        return s;
    s = perm_check(c, PERM_READ, unit);
    if (s == ST_FORBIDDEN) {
        *why = "Đơn vị đánh giá phải là đơn vị người này từng sinh hoạt hoặc đơn vị trong phạm vi của bạn.";
        s = ST_INVALID;
    }
    return s;
}

static status_t set_rating_tx(ctx_t *c, int64_t person, const char *label, const char *rating, const char *doc,
                              int64_t unit, const char **why)
{
    bool oom = false;
    int64_t scope = 0;
    status_t s = writable(c, person, &scope, why);
    if (s != ST_OK)
        return s;
    if (!unit)
        unit = scope;
    if (unit != scope && (s = rating_unit_ok(c, person, unit, why)) != ST_OK)
        return s;
    const char *year_type = NULL, *uname = NULL;
    db_stmt_t *st;
    if ((s = db_prepare(c->db, "SELECT year_type, name FROM units WHERE id = ?1", &st)) != ST_OK)
        return s;
    db_bind_int(st, 1, unit);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        year_type = col_str(c, st, 0);
        uname = col_str(c, st, 1);
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_INVALID : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && oom)
        return ST_NOMEM;
    if (s == ST_INVALID)
        *why = "Không tìm thấy đơn vị đánh giá.";
    if (s != ST_OK)
        return s;
    if (!person_year_label_valid(label, year_type)) {
        bool school = year_type && strcmp(year_type, "school") == 0;
        *why = say(c, "Năm không đúng loại năm của đơn vị (năm dương lịch hoặc năm học).",
                   "%s tính theo %s: năm phải có dạng %s.", uname,
                   school ? "năm học" : "năm dương lịch", school ? "2019-2020" : "2024");
        return ST_INVALID;
    }
    /* The row for this year, if any, becomes the before image. */
    person_rating_t old = {0};
    if ((s = db_prepare(c->db,
                        "SELECT id, COALESCE(unit_id, 0), rating, source_doc FROM ratings"
                        " WHERE person_id = ?1 AND year_label = ?2", &st)) != ST_OK)
        return s;
    db_bindf(st, "it", person, label);
    rc = db_step(st);
    if (rc == DB_ROW)
        old = (person_rating_t){.id = db_col_int(st, 0), .unit_id = db_col_int(st, 1), .year_label = label,
                                .rating = col_str(c, st, 2), .source_doc = col_str(c, st, 3)};
    s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && oom)
        return ST_NOMEM;
    person_rating_t now = {.id = old.id, .unit_id = unit, .year_label = label, .rating = rating, .source_doc = doc};
    if (s == ST_OK && old.id)
        s = db_run(c->db, NULL, "UPDATE ratings SET rating = ?2, source_doc = ?3, unit_id = ?4 WHERE id = ?1",
                   "itti", old.id, rating, doc, unit);
    else if (s == ST_OK)
        s = db_get_int(c->db, &now.id,
                       "INSERT INTO ratings (person_id, year_label, rating, source_doc, unit_id)"
                       " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", "ittti",
                       person, label, rating, doc, unit);
    if (s == ST_OK)
        s = touch(c, person);
    if (s != ST_OK)
        return s;
    return audit(c, "set_rating", person, scope, old.id ? rating_json(&old) : NULL, rating_json(&now));
}

status_t person_set_rating(ctx_t *c, int64_t person_id, const char *year_label, const char *rating,
                           const char *source_doc, int64_t unit_id, const char **why)
{
    *why = NULL;
    const char *doc;
    status_t cs = clean(c, source_doc, &doc);
    if (cs != ST_OK) {
        *why = cs == ST_INVALID ? MSG_UTF8 : NULL;
        return cs;
    }
    if (!person_year_label_valid(year_label, NULL))
        *why = "Năm đánh giá phải có dạng 2024 (năm dương lịch) hoặc 2019-2020 (năm học).";
    else if (!person_rating_label(rating))
        *why = "Mức xếp loại phải là: hoàn thành xuất sắc, hoàn thành tốt, hoàn thành, "
               "hoặc không hoàn thành nhiệm vụ.";
    else if (doc && text_chars(doc) > 255)
        *why = "Văn bản làm căn cứ không quá 255 ký tự.";
    if (*why)
        return ST_INVALID;
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    return finish(c, set_rating_tx(c, person_id, year_label, rating, doc, unit_id, why));
}

status_t person_add_discipline(ctx_t *c, int64_t person_id, const char *form, const char *decision_no,
                               const char *from_date, const char *to_date, const char **why)
{
    *why = NULL;
    const char *dec;
    status_t cs = clean(c, decision_no, &dec);
    if (cs != ST_OK) {
        *why = cs == ST_INVALID ? MSG_UTF8 : NULL;
        return cs;
    }
    to_date = opt(to_date);
    if (!person_discipline_label(form))
        *why = "Hình thức kỷ luật không có trong danh mục.";
    else if (!iso_date(from_date))
        *why = "Ngày bắt đầu thi hành kỷ luật không hợp lệ.";
    else if (to_date && (!iso_date(to_date) || strcmp(to_date, from_date) < 0))
        *why = "Ngày kết thúc kỷ luật không hợp lệ hoặc trước ngày bắt đầu.";
    else if (dec && text_chars(dec) > 100)
        *why = "Số quyết định không quá 100 ký tự.";
    if (*why)
        return ST_INVALID;
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    int64_t unit = 0;
    person_discipline_t d = {.form = form, .decision_no = dec, .from_date = from_date, .to_date = to_date};
    s = writable(c, person_id, &unit, why);
    if (s == ST_OK)
        s = db_get_int(c->db, &d.id,
                       "INSERT INTO disciplines (person_id, form, decision_no, from_date, to_date)"
                       " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", "itttt", person_id, form, dec, from_date, to_date);
    if (s == ST_OK)
        s = touch(c, person_id);
    if (s == ST_OK)
        s = audit(c, "add_discipline", person_id, unit, NULL, discipline_json(&d));
    return finish(c, s);
}

status_t person_add_absence(ctx_t *c, int64_t person_id, const char *year_label, int64_t days, const char *reason,
                            bool counts_as_work, const char **why)
{
    *why = NULL;
    const char *r;
    status_t cs = clean(c, reason, &r);
    if (cs != ST_OK) {
        *why = cs == ST_INVALID ? MSG_UTF8 : NULL;
        return cs;
    }
    if (!person_year_label_valid(year_label, NULL))
        *why = "Năm phải có dạng 2024 (năm dương lịch) hoặc 2019-2020 (năm học).";
    else if (days < 1 || days > 366)
        *why = "Số ngày nghỉ phải từ 1 đến 366.";
    else if (!r || text_chars(r) > 255)
        *why = "Lý do nghỉ không được để trống và không quá 255 ký tự.";
    if (*why)
        return ST_INVALID;
    const char *fold = text_fold(c->arena, r);
    if (!fold)
        return ST_NOMEM;
    /* Maternity leave counts as working time (Bộ luật Lao động). */
    bool counts = counts_as_work || strstr(fold, "thai san") != NULL;
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    int64_t unit = 0;
    person_absence_t a = {.year_label = year_label, .days = days, .reason = r, .counts_as_work = counts};
    s = writable(c, person_id, &unit, why);
    if (s == ST_OK)
        s = db_get_int(c->db, &a.id,
                       "INSERT INTO absences (person_id, year_label, days, reason, counts_as_work)"
                       " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", "ititi", person_id, year_label, days, r,
                       (int64_t)counts);
    if (s == ST_OK)
        s = touch(c, person_id);
    if (s == ST_OK)
        s = audit(c, "add_absence", person_id, unit, NULL, absence_json(&a));
    return finish(c, s);
}

/* ---- merge ------------------------------------------------------------------------------------ */

static bool same(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static bool overlaps(const person_membership_t *a, const person_membership_t *b)
{
    const char *ae = a->to_date ? a->to_date : FAR_FUTURE, *be = b->to_date ? b->to_date : FAR_FUTURE;
    return strcmp(a->from_date, be) < 0 && strcmp(b->from_date, ae) < 0;
}

static const person_membership_t *open_of(const person_t *p)
{
    for (size_t i = 0; i < p->n_memberships; i++)
        if (!p->memberships[i].to_date)
            return &p->memberships[i];
    return NULL;
}

typedef struct {
    person_t k, g;
    const person_membership_t *kopen, *gopen;
    person_membership_t joined; /* kopen stretched back to gopen's start */
    bool join;
    bool *m_stay, *r_stay, *d_stay, *a_stay; /* gone's rows keep already has */
    person_fields_t id;                       /* keep's identity after the merge */
    bool move_cccd;
} merge_plan_t;

static status_t overlap_conflict(ctx_t *c, const person_membership_t *x, const person_membership_t *y,
                                 const char **why)
{
    *why = say(c, "Hai hồ sơ có quá trình sinh hoạt trùng thời gian; hãy sửa trước khi gộp.",
               "Quá trình sinh hoạt tại %s (từ %s) của hồ sơ bị gộp trùng thời gian với quá trình tại %s "
               "(từ %s) của hồ sơ giữ lại. Hãy sửa lại ngày trước khi gộp.",
               y->unit_name, vn_date(c, y->from_date), x->unit_name, vn_date(c, x->from_date));
    return ST_CONFLICT;
}

/* Which of gone's memberships move, and whether the periods fit together. */
static status_t plan_memberships(ctx_t *c, merge_plan_t *p, const char **why)
{
    p->kopen = open_of(&p->k);
    p->gopen = open_of(&p->g);
    if (p->kopen && p->gopen && p->kopen->unit_id != p->gopen->unit_id) {
        *why = say(c, "Cả hai hồ sơ đang sinh hoạt ở hai đơn vị khác nhau; hãy kết thúc một quá trình trước.",
                   "Cả hai hồ sơ đang sinh hoạt ở hai đơn vị khác nhau (%s và %s). Hãy kết thúc quá trình "
                   "sinh hoạt không đúng trước khi gộp.",
                   p->kopen->unit_name, p->gopen->unit_name);
        return ST_CONFLICT;
    }
    p->join = p->kopen && p->gopen;
    if (p->join) {
        p->joined = *p->kopen;
        if (strcmp(p->gopen->from_date, p->joined.from_date) < 0)
            p->joined.from_date = p->gopen->from_date;
        for (size_t i = 0; i < p->k.n_memberships; i++)
            if (&p->k.memberships[i] != p->kopen && overlaps(&p->k.memberships[i], &p->joined))
                return overlap_conflict(c, &p->k.memberships[i], p->gopen, why);
    }
    for (size_t j = 0; j < p->g.n_memberships; j++) {
        const person_membership_t *y = &p->g.memberships[j];
        if (y == p->gopen && p->join) {
            p->m_stay[j] = true; /* its period is now part of keep's open one */
            continue;
        }
        for (size_t i = 0; i < p->k.n_memberships && !p->m_stay[j]; i++) {
            const person_membership_t *x = &p->k.memberships[i];
            if (x == p->kopen && p->join)
                x = &p->joined;
            if (x->unit_id == y->unit_id && same(x->from_date, y->from_date) && same(x->to_date, y->to_date))
                p->m_stay[j] = true;
            else if (overlaps(x, y))
                return overlap_conflict(c, x, y, why);
        }
    }
    return ST_OK;
}

static status_t plan_records(ctx_t *c, merge_plan_t *p, const char **why)
{
    for (size_t j = 0; j < p->g.n_ratings; j++) {
        const person_rating_t *y = &p->g.ratings[j];
        for (size_t i = 0; i < p->k.n_ratings; i++) {
            const person_rating_t *x = &p->k.ratings[i];
            if (strcmp(x->year_label, y->year_label) != 0)
                continue;
            if (strcmp(x->rating, y->rating) != 0) {
                *why = say(c, "Hai hồ sơ có xếp loại khác nhau cho cùng một năm; hãy sửa trước khi gộp.",
                           "Năm %s hai hồ sơ có xếp loại khác nhau (%s và %s). Hãy sửa cho thống nhất "
                           "trước khi gộp.",
                           y->year_label, person_rating_label(x->rating), person_rating_label(y->rating));
                return ST_CONFLICT;
            }
            p->r_stay[j] = true;
        }
    }
    for (size_t j = 0; j < p->g.n_disciplines; j++) {
        const person_discipline_t *y = &p->g.disciplines[j];
        for (size_t i = 0; i < p->k.n_disciplines; i++) {
            const person_discipline_t *x = &p->k.disciplines[i];
            if (same(x->form, y->form) && same(x->decision_no, y->decision_no) && same(x->from_date, y->from_date) &&
                same(x->to_date, y->to_date))
                p->d_stay[j] = true;
        }
    }
    for (size_t j = 0; j < p->g.n_absences; j++) {
        const person_absence_t *y = &p->g.absences[j];
        for (size_t i = 0; i < p->k.n_absences; i++) {
            const person_absence_t *x = &p->k.absences[i];
            if (same(x->year_label, y->year_label) && x->days == y->days && same(x->reason, y->reason))
                p->a_stay[j] = true;
        }
    }
    return ST_OK;
}

/* Keep's identity: its own values, blanks filled from gone. */
static status_t plan_identity(ctx_t *c, merge_plan_t *p, const char **why)
{
    const person_t *k = &p->k, *g = &p->g;
    if (k->cccd && g->cccd && strcmp(k->cccd, g->cccd) != 0) {
        *why = "Hai hồ sơ có số CCCD khác nhau nên không thể là cùng một người.";
        return ST_CONFLICT;
    }
    p->id = (person_fields_t){
        .full_name = k->full_name, .gender = k->gender ? k->gender : g->gender,
        .birth_date = k->birth_date ? k->birth_date : g->birth_date, .cccd = k->cccd ? k->cccd : g->cccd,
        .phone = k->phone ? k->phone : g->phone, .email = k->email ? k->email : g->email,
        .recruited_on = k->recruited_on ? k->recruited_on : g->recruited_on,
    };
    /* A year alone gives way to a full date in that year. */
    if (k->birth_date && g->birth_date && strlen(k->birth_date) == 4 && strlen(g->birth_date) == 10 &&
        strncmp(k->birth_date, g->birth_date, 4) == 0)
        p->id.birth_date = g->birth_date;
    p->move_cccd = !k->cccd && g->cccd;
    (void)c;
    return ST_OK;
}

/* Moves row ID of TABLE to KEEP. TABLE is one of four literals below. */
static status_t move_row(ctx_t *c, int table, int64_t id, int64_t keep)
{
    static const char *const sql[] = {
        "UPDATE memberships SET person_id = ?2 WHERE id = ?1",
        "UPDATE ratings SET person_id = ?2 WHERE id = ?1",
        "UPDATE disciplines SET person_id = ?2 WHERE id = ?1",
        "UPDATE absences SET person_id = ?2 WHERE id = ?1",
    };
    return db_run(c->db, NULL, sql[table], "ii", id, keep);
}

static status_t apply_merge(ctx_t *c, merge_plan_t *p)
{
    int64_t keep = p->k.id, gone = p->g.id, now = time_now();
    status_t s = ST_OK;
    if (p->move_cccd)
        s = db_run(c->db, NULL, "UPDATE persons SET cccd = NULL WHERE id = ?1", "i", gone);
    if (s == ST_OK)
        s = db_run(c->db, NULL,
                   "UPDATE persons SET gender = ?2, birth_date = ?3, cccd = ?4, phone = ?5, email = ?6,"
                   " recruited_on = ?7, updated_at = ?8 WHERE id = ?1",
                   "itttttti", keep, p->id.gender, p->id.birth_date, p->id.cccd, p->id.phone, p->id.email,
                   p->id.recruited_on, now);
    if (s == ST_OK && p->join) {
        const person_membership_t *k = p->kopen, *g = p->gopen;
        const char *since = k->member_since;
        if (!since || (g->member_since && strcmp(g->member_since, since) < 0))
            since = g->member_since;
        s = db_run(c->db, NULL,
                   "UPDATE memberships SET from_date = ?2, position = ?3, member_since = ?4, direct_worker = ?5,"
                   " manager = ?6 WHERE id = ?1",
                   "itttii", k->id, p->joined.from_date, k->position ? k->position : g->position, since,
                   (int64_t)(k->direct_worker || g->direct_worker), (int64_t)(k->manager || g->manager));
    }
    for (size_t j = 0; s == ST_OK && j < p->g.n_memberships; j++)
        if (!p->m_stay[j])
            s = move_row(c, 0, p->g.memberships[j].id, keep);
    for (size_t j = 0; s == ST_OK && j < p->g.n_ratings; j++)
        if (!p->r_stay[j])
            s = move_row(c, 1, p->g.ratings[j].id, keep);
    for (size_t j = 0; s == ST_OK && j < p->g.n_disciplines; j++)
        if (!p->d_stay[j])
            s = move_row(c, 2, p->g.disciplines[j].id, keep);
    for (size_t j = 0; s == ST_OK && j < p->g.n_absences; j++)
        if (!p->a_stay[j])
            s = move_row(c, 3, p->g.absences[j].id, keep);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE persons SET merged_into = ?2, updated_at = ?3 WHERE id = ?1", "iii", gone,
                   keep, now);
    /* Records merged into GONE earlier follow it to the survivor. */
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE persons SET merged_into = ?2 WHERE merged_into = ?1", "ii", gone, keep);
    return s;
}

static status_t merge_tx(ctx_t *c, int64_t keep, int64_t gone, const char **why)
{
    int64_t keep_unit = 0, gone_unit = 0, km = 0, gm = 0;
    status_t s = person_scope(c, PERM_WRITE, keep, &keep_unit, &km);
    if (s == ST_OK)
        s = person_scope(c, PERM_WRITE, gone, &gone_unit, &gm);
    if (s == ST_FORBIDDEN)
        *why = "Bạn không có quyền gộp hai hồ sơ này.";
    if (s == ST_OK && (km || gm)) {
        *why = "Một trong hai hồ sơ đã được gộp vào hồ sơ khác trước đó.";
        s = ST_CONFLICT;
    }
    merge_plan_t p = {0};
    if (s == ST_OK)
        s = load_person(c, keep, &p.k);
    if (s == ST_OK)
        s = load_person(c, gone, &p.g);
    if (s != ST_OK)
        return s;
    p.m_stay = arena_calloc(c->arena, p.g.n_memberships + 1, sizeof(bool));
    p.r_stay = arena_calloc(c->arena, p.g.n_ratings + 1, sizeof(bool));
    p.d_stay = arena_calloc(c->arena, p.g.n_disciplines + 1, sizeof(bool));
    p.a_stay = arena_calloc(c->arena, p.g.n_absences + 1, sizeof(bool));
    if (!p.m_stay || !p.r_stay || !p.d_stay || !p.a_stay)
        return ST_NOMEM;
    if ((s = plan_identity(c, &p, why)) != ST_OK || (s = plan_memberships(c, &p, why)) != ST_OK ||
        (s = plan_records(c, &p, why)) != ST_OK || (s = apply_merge(c, &p)) != ST_OK)
        return s;
    person_t k2, g2;
    if ((s = load_person(c, keep, &k2)) != ST_OK || (s = load_person(c, gone, &g2)) != ST_OK)
        return s;
    json_t *after = person_json(&k2, true);
    jobj_int(after, "merged_from", gone);
    s = audit(c, "merge", keep, k2.unit_id ? k2.unit_id : keep_unit, person_json(&p.k, true), after);
    if (s == ST_OK)
        s = audit(c, "merged_into", gone, gone_unit, person_json(&p.g, true), person_json(&g2, true));
    return s;
}

status_t person_merge(ctx_t *c, int64_t keep_id, int64_t gone_id, const char **why)
{
    *why = NULL;
    if (keep_id == gone_id) {
        *why = "Không thể gộp một hồ sơ với chính nó.";
        return ST_INVALID;
    }
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    return finish(c, merge_tx(c, keep_id, gone_id, why));
}

/* ---- lists ----------------------------------------------------------------------------------- */

/* People whose membership on ?2 lies in the subtree of ?1 (only ?1 itself
 * unless ?3 = 1) as the closure stood on ?2, within the read scope of ?4/?5.
 * Two join orders of the same rows (CROSS JOIN fixes it on SQLite; the
 * PostgreSQL planner chooses by itself):
 * - BY_UNIT walks the subtree (unit_tree by ancestor, memberships by unit and
 *   dates, persons by id) and sorts: its cost grows with the people there;
 * - BY_NAME walks persons in official order (persons_order_live, from the
 *   page's position) and keeps those whose membership lies in the subtree
 *   (one probe of memberships by person, one of unit_tree by its key): its
 *   cost grows with the people passed over, 50 × all people / the subtree's.
 * Every step reads an index only (migration 0016). person_list estimates the
 * subtree's people from the memberships index alone (capped at
 * person_list_by_name_above) and walks by unit below that, by name above: the
 * two cost about the same there, on the medium demo (a million people).
 * Today's lists have a third walk, TODAY_PAGE below: by unit again, but it
 * sorts index entries only and reads the rows of the page alone, so it stays
 * the cheaper one up to person_list_today_by_name_above people (a page of the
 * ward of 10 730 in 1.5 ms, of the whole million in 17 ms; by name, 10 ms
 * and 1 ms). */
int64_t person_list_by_name_above = 8000;
int64_t person_list_today_by_name_above = 25000;
#define LIST_BY_UNIT " FROM unit_tree t CROSS JOIN memberships m CROSS JOIN persons p CROSS JOIN units u WHERE"
#define LIST_BY_NAME " FROM persons p CROSS JOIN memberships m CROSS JOIN unit_tree t CROSS JOIN units u WHERE"
#define LIST_WHERE                                                                                     \
    " m.unit_id = t.descendant_id AND p.id = m.person_id AND u.id = m.unit_id"                         \
    " AND t.ancestor_id = ?1 AND (?3 = 1 OR t.depth = 0)"                                              \
    " AND t.valid_from <= ?2 AND (t.valid_to IS NULL OR t.valid_to > ?2)"                              \
    " AND m.from_date <= ?2 AND (m.to_date IS NULL OR m.to_date > ?2)"                                 \
    /* Not "merged_into IS NULL": persons_merged would then drive BY_NAME. */                          \
    " AND COALESCE(p.merged_into, 0) = 0"                                                              \
    /* Listing today, an open membership is the person's scope unit, which   \
     * list_check found readable: the per-row check is only for the past. */  \
    " AND ((?6 = 1 AND m.to_date IS NULL) OR " PERM_SCOPE(PERSON_SCOPE_UNIT("p"), 4, 5) ")"

#define LIST_COLUMNS                                                                                   \
    "SELECT p.id, p.full_name, p.gender, p.birth_date, p.cccd, p.phone, p.email, m.unit_id, u.name,"  \
    " m.position, m.from_date, m.direct_worker, m.manager, u.code, m.member_since, p.order_key"

/* A page: ?7/?8 the position (order key, id) it starts after (or before). */
#define LIST_PAGE(FROM, CMP, DIR)                                                                      \
    LIST_COLUMNS FROM LIST_WHERE " AND (p.order_key, p.id) " CMP " (?7, ?8)"                           \
    " ORDER BY p.order_key " DIR ", p.id " DIR " LIMIT ?9"

/* Today's open memberships in the subtree (migration 0019), by index alone:
 * their (order key, person) pairs. Each user adds a position bound on
 * (m.order_key, m.person_id), which also leaves out merged-away records (their
 * key is NULL); "order_key IS NOT NULL" instead would let SQLite walk another
 * index of memberships, not the covering one. */
#define TODAY_PAIRS                                                                                    \
    " FROM unit_tree t CROSS JOIN memberships m WHERE t.ancestor_id = ?1 AND (?3 = 1 OR t.depth = 0)"  \
    " AND t.valid_from <= ?2 AND (t.valid_to IS NULL OR t.valid_to > ?2) AND m.unit_id = t.descendant_id" \
    " AND m.to_date IS NULL AND m.from_date <= ?2"

/* A page of today's list: the page's pairs first (a bounded sort of index
 * entries), then their rows. ?4/?5 the position, ?6 the limit. */
#define TODAY_PAGE(CMP, DIR)                                                                           \
    LIST_COLUMNS " FROM (SELECT m.order_key AS k, m.person_id AS pid" TODAY_PAIRS                      \
    " AND (m.order_key, m.person_id) " CMP " (?4, ?5) ORDER BY m.order_key " DIR ", m.person_id " DIR  \
    " LIMIT ?6) x CROSS JOIN memberships m CROSS JOIN persons p CROSS JOIN units u"                    \
    " WHERE m.person_id = x.pid AND m.to_date IS NULL AND p.id = x.pid AND u.id = m.unit_id"           \
    " ORDER BY x.k " DIR ", x.pid " DIR

/* [plan][backward], plan as list_plan chooses. */
static const char *const list_page_sql[3][2] = {
    {LIST_PAGE(LIST_BY_UNIT, ">", "ASC"), LIST_PAGE(LIST_BY_UNIT, "<", "DESC")},
    {LIST_PAGE(LIST_BY_NAME, ">", "ASC"), LIST_PAGE(LIST_BY_NAME, "<", "DESC")},
    {TODAY_PAGE(">", "ASC"), TODAY_PAGE("<", "DESC")},
};

/* Checks the arguments and the caller's read permission; *DAY gets AS_OF or today. */
static status_t list_check(ctx_t *c, int64_t unit, const char *as_of, const char **day)
{
    *day = as_of ? as_of : today_iso(c);
    if (!*day)
        return ST_NOMEM;
    if (!iso_date(*day))
        return ST_INVALID;
    return perm_check(c, PERM_READ, unit);
}

static void list_bind(ctx_t *c, db_stmt_t *st, int64_t unit, const char *day, bool subtree)
{
    const char *today = today_iso(c);
    db_bindf(st, "itiiti", unit, day, (int64_t)subtree, perm_scope_user(c), perm_code(PERM_READ),
             (int64_t)(today && strcmp(day, today) == 0));
}

/* The pos of a row: "ID-KEY", the order key with '_' for its spaces (so it
 * travels in a URL as it is). NULL on OOM. */
static const char *list_pos(arena_t *a, int64_t id, const char *key)
{
    char *p = arena_printf(a, "%lld-%s", (long long)id, key ? key : "");
    for (char *q = p ? strchr(p, '-') : NULL; q && *q; q++)
        if (*q == ' ')
            *q = '_';
    return p;
}

/* Parses a pos into *KEY (in A) and *ID; false when it is not one. */
static bool list_pos_parse(arena_t *a, const char *pos, const char **key, int64_t *id)
{
    char *end;
    long long v = strtoll(pos, &end, 10);
    if (end == pos || *end != '-' || v <= 0 || strlen(end + 1) > 4 * 1024)
        return false;
    char *k = arena_strdup(a, end + 1);
    for (char *q = k; q && *q; q++) {
        if (*q == '_')
            *q = ' ';
        else if (!((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f')))
            return false;
    }
    *key = k;
    *id = v;
    return k != NULL;
}

/* Fills *R from the current row; strings copied into A (with the row's pos),
 * or borrowed when A is NULL (no pos). False when a copy failed. */
static bool read_list_row(db_stmt_t *st, arena_t *a, person_row_t *r)
{
    const char *t[15];
    bool ok = true;
    for (int i = 0; i < 15; i++) {
        const char *v = db_col_text(st, i);
        t[i] = a ? arena_strdup(a, v) : v;
        ok = ok && (!v || t[i]);
    }
    *r = (person_row_t){
        .id = db_col_int(st, 0), .full_name = t[1], .gender = t[2], .birth_date = t[3], .cccd = t[4],
        .phone = t[5], .email = t[6], .unit_id = db_col_int(st, 7), .unit_name = t[8], .position = t[9],
        .from_date = t[10], .direct_worker = db_col_int(st, 11) != 0, .manager = db_col_int(st, 12) != 0,
        .unit_code = t[13], .member_since = t[14], .pos = a ? list_pos(a, db_col_int(st, 0), db_col_text(st, 15)) : NULL,
    };
    return ok && (!a || r->pos);
}

/* The rows of the list up to MAX (at most MAX + 1 is answered), after the
 * checks; ESTIMATE: the memberships on the day in the subtree (merged-away
 * records and the past scope not left out), from indexes alone. */
static status_t count_checked(ctx_t *c, int64_t unit, const char *day, bool subtree, int64_t max, bool estimate,
                              int64_t *count)
{
    static const char exact[] = "SELECT COUNT(*) FROM (SELECT 1" LIST_BY_UNIT LIST_WHERE " LIMIT ?7) x";
    static const char rough[] =
        "SELECT COUNT(*) FROM (SELECT 1 FROM unit_tree t CROSS JOIN memberships m"
        " WHERE m.unit_id = t.descendant_id AND t.ancestor_id = ?1 AND (?3 = 1 OR t.depth = 0)"
        " AND t.valid_from <= ?2 AND (t.valid_to IS NULL OR t.valid_to > ?2)"
        " AND m.from_date <= ?2 AND (m.to_date IS NULL OR m.to_date > ?2) LIMIT ?4) x";
    db_stmt_t *st;
    status_t s = db_prepare(c->db, estimate ? rough : exact, &st);
    if (s != ST_OK)
        return s;
    if (estimate)
        db_bindf(st, "iti", unit, day, (int64_t)subtree);
    else
        list_bind(c, st, unit, day, subtree);
    db_bind_int(st, estimate ? 4 : 7, max < INT64_MAX ? max + 1 : max);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *count = db_col_int(st, 0);
    s = rc == DB_ROW ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t person_count(ctx_t *c, int64_t unit_id, const char *as_of, bool include_subtree, int64_t max,
                      int64_t *count)
{
    *count = 0;
    const char *day;
    status_t s = max < 0 ? ST_INVALID : list_check(c, unit_id, as_of, &day);
    return s == ST_OK ? count_checked(c, unit_id, day, include_subtree, max, false, count) : s;
}

/* Reads up to LIMIT rows of ST into OUT, in official order (BACKWARD: the
 * statement gives them in reverse, from the position of a later page), and
 * sets the positions of the pages around: a row past LIMIT means one more
 * page in the direction read. */
static status_t read_page(ctx_t *c, db_stmt_t *st, size_t limit, bool backward, bool from_pos, person_page_t *out)
{
    size_t cap = 0;
    int rc;
    bool oom = false, more = false;
    while (!oom && (rc = db_step(st)) == DB_ROW) {
        if (out->n == limit) {
            more = true;
            break;
        }
        person_row_t *r = arena_push(c->arena, (void **)&out->rows, &out->n, &cap, sizeof *r);
        oom = !r || !read_list_row(st, c->arena, r);
    }
    status_t s = oom ? ST_NOMEM : rc == DB_DONE || rc == DB_ROW ? ST_OK : db_last_status(c->db);
    for (size_t i = 0; s == ST_OK && backward && i < out->n / 2; i++) {
        person_row_t tmp = out->rows[i];
        out->rows[i] = out->rows[out->n - 1 - i];
        out->rows[out->n - 1 - i] = tmp;
    }
    if (out->n > 0 && (backward ? more : from_pos))
        out->prev = out->rows[0].pos;
    if (out->n > 0 && (backward || more))
        out->next = out->rows[out->n - 1].pos;
    return s;
}

/* Today's people of the subtree, up to MAX + 1, from the index alone. */
static status_t count_today(ctx_t *c, int64_t unit, const char *day, bool subtree, int64_t max, int64_t *count)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM (SELECT 1" TODAY_PAIRS " AND (m.order_key, m.person_id) > ('', 0) LIMIT ?4) x";
    db_stmt_t *st;
    status_t s = db_prepare(c->db, sql, &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "itii", unit, day, (int64_t)subtree, max + 1);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *count = db_col_int(st, 0);
    s = rc == DB_ROW ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* Subtrees lately counted past person_list_today_by_name_above people
 * today, remembered by each thread for BIG_TTL seconds: their next pages
 * count only what the total shows (PERSON_LIST_COUNT_MAX + 1 entries, 0.1
 * ms) instead of the 25 000 that choose the walk (2.5-4.5 ms for a city of a
 * million). Only the walk depends on it, never the rows nor the total; a
 * subtree that shrank to PERSON_LIST_COUNT_MAX or fewer is walked by unit
 * again at once, one still larger walks by name until the entry expires. The
 * connection is part of the key, so two databases never share an entry. */
enum { BIG_SLOTS = 16, BIG_TTL = 60 };
typedef struct {
    const db_t *db;
    int64_t unit, until;
    bool subtree;
    char day[11];
} big_subtree_t;
static _Thread_local big_subtree_t big_seen[BIG_SLOTS];

static big_subtree_t *big_slot(int64_t unit) { return &big_seen[(uint64_t)unit % BIG_SLOTS]; }

static bool big_known(const ctx_t *c, const person_list_q_t *q, const char *day, int64_t now)
{
    const big_subtree_t *e = big_slot(q->unit_id);
    return e->db == c->db && e->unit == q->unit_id && e->subtree == q->subtree && e->until > now &&
           strcmp(e->day, day) == 0;
}

static void big_note(const ctx_t *c, const person_list_q_t *q, const char *day, int64_t now, bool big)
{
    big_subtree_t *e = big_slot(q->unit_id);
    if (!big) {
        if (e->db == c->db && e->unit == q->unit_id)
            *e = (big_subtree_t){0};
        return;
    }
    *e = (big_subtree_t){.db = c->db, .unit = q->unit_id, .until = now + BIG_TTL, .subtree = q->subtree};
    snprintf(e->day, sizeof e->day, "%s", day);
}

/* Counts the list (capped) and chooses its walk: *SQL_ROW 0 by unit, 1 by
 * name, 2 today's by unit (its own parameters). */
static status_t list_plan(ctx_t *c, const person_list_q_t *q, const char *day, person_page_t *out, int *sql_row)
{
    const char *today = today_iso(c);
    int64_t cap = PERSON_LIST_COUNT_MAX, above = person_list_by_name_above, people = 0;
    if (today && strcmp(day, today) == 0) {
        above = person_list_today_by_name_above;
        int64_t now = time_now();
        bool known = big_known(c, q, day, now);
        status_t s = count_today(c, q->unit_id, day, q->subtree, known || above < cap ? cap : above, &people);
        out->total = people > cap ? cap + 1 : people;
        bool big = known ? people > cap : people > above;
        *sql_row = big ? 1 : 2;
        if (s == ST_OK && (!known || !big)) /* a known entry is not renewed: a full count every BIG_TTL */
            big_note(c, q, day, now, big);
        return s;
    }
    status_t s = count_checked(c, q->unit_id, day, q->subtree, cap, false, &out->total);
    people = out->total;
    if (s == ST_OK && people > cap)
        s = count_checked(c, q->unit_id, day, q->subtree, above, true, &people);
    *sql_row = people > above;
    return s;
}

status_t person_list(ctx_t *c, const person_list_q_t *q, person_page_t *out)
{
    *out = (person_page_t){0};
    const char *pos = q->before ? q->before : q->after, *key = "", *day;
    int64_t from = 0;
    if (q->limit < 1 || q->limit > LIST_MAX || (q->after && q->before) ||
        (pos && !list_pos_parse(c->arena, pos, &key, &from)))
        return ST_INVALID;
    int plan = 0;
    status_t s = list_check(c, q->unit_id, q->as_of, &day);
    if (s == ST_OK)
        s = list_plan(c, q, day, out, &plan);
    if (s != ST_OK)
        return s;
    bool backward = q->before != NULL;
    db_stmt_t *st;
    if ((s = db_prepare(c->db, list_page_sql[plan][backward], &st)) != ST_OK)
        return s;
    int at = 4;
    if (plan == 2)
        db_bindf(st, "iti", q->unit_id, day, (int64_t)q->subtree);
    else {
        list_bind(c, st, q->unit_id, day, q->subtree);
        at = 7;
    }
    db_bind_text(st, at, key);
    db_bind_int(st, at + 1, from);
    db_bind_int(st, at + 2, (int64_t)q->limit + 1);
    s = read_page(c, st, q->limit, backward, pos != NULL, out);
    db_finalize(st);
    if (s != ST_OK)
        *out = (person_page_t){0};
    return s;
}

status_t person_list_each(ctx_t *c, int64_t unit_id, const char *as_of, bool include_subtree,
                          int (*fn)(const person_row_t *row, void *arg), void *arg)
{
    const char *day;
    status_t s = list_check(c, unit_id, as_of, &day);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    if ((s = db_prepare(c->db, LIST_COLUMNS LIST_BY_UNIT LIST_WHERE " ORDER BY p.order_key, p.id", &st)) != ST_OK)
        return s;
    list_bind(c, st, unit_id, day, include_subtree);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        person_row_t r;
        (void)read_list_row(st, NULL, &r); /* borrowed: cannot fail */
        if (fn(&r, arg) != 0) {
            rc = DB_DONE;
            break;
        }
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}
