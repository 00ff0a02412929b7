#include "core/honour.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/movement.h"
#include "core/perm.h"
#include "core/person.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

static const char *const kind_codes[HONOUR_KINDS] = {"hoi_nghi", "toa_dam", "le_tuyen_duong",
                                                     "tin_bai",  "giao_luu", "khac"};
static const char *const kind_names[HONOUR_KINDS] = {"Hội nghị biểu dương", "Tọa đàm", "Lễ tuyên dương",
                                                     "Tin bài", "Gặp gỡ, giao lưu với điển hình", "Hình thức khác"};

static const char MSG_SCOPE[] = "Người hoặc đơn vị được nêu không có trong phạm vi bạn được xem.";

const char *honour_kind_code(int kind) { return kind >= 0 && kind < HONOUR_KINDS ? kind_codes[kind] : NULL; }

const char *honour_kind_name(int kind) { return kind >= 0 && kind < HONOUR_KINDS ? kind_names[kind] : NULL; }

int honour_kind_parse(const char *code)
{
    for (int i = 0; code && i < HONOUR_KINDS; i++)
        if (strcmp(code, kind_codes[i]) == 0)
            return i;
    return -1;
}

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static bool iso_date(const char *s)
{
    date_t d;
    return s && date_parse_iso(s, &d) && date_valid(d);
}

static bool too_long(const char *s, size_t max) { return s && text_chars(s) > max; }

static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

/* Binds V to ?IDX, or NULL when V <= 0. */
static void bind_id(db_stmt_t *st, int idx, int64_t v)
{
    if (v > 0)
        db_bind_int(st, idx, v);
    else
        db_bind_null(st, idx);
}

/* Runs the prepared INSERT … RETURNING id in ST into *ID; finalises ST. */
static status_t insert_returning(ctx_t *c, db_stmt_t *st, int64_t *id)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    status_t s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

static void year_bounds(int64_t year, char jan1[24], char next[24])
{
    unsigned y = year > 0 && year < 9999 ? (unsigned)year : 0;
    snprintf(jan1, 24, "%04u-01-01", y);
    snprintf(next, 24, "%04u-01-01", y + 1);
}

/* PERSON (when > 0: an unmerged record) or else UNIT must be within C's read
 * scope; ST_FORBIDDEN with *WHY otherwise. */
static status_t in_read_scope(ctx_t *c, int64_t person, int64_t unit, const char **why)
{
    status_t s;
    if (person > 0) {
        int64_t u = 0;
        s = db_get_int(c->db, &u, "SELECT COALESCE(" PERSON_SCOPE_UNIT("p") ", 0) FROM persons p"
                       " WHERE p.id = ?1 AND p.merged_into IS NULL", "i", person);
        if (s == ST_NOT_FOUND || (s == ST_OK && u <= 0 && !c->system))
            s = ST_FORBIDDEN;
        else if (s == ST_OK && u > 0)
            s = perm_check(c, PERM_READ, u);
    } else {
        s = perm_check(c, PERM_READ, unit);
    }
    if (s == ST_FORBIDDEN)
        *why = MSG_SCOPE;
    return s;
}

/* A linked movement (0: none) must exist and be visible to C. */
static status_t movement_visible(ctx_t *c, int64_t movement, const char **why)
{
    if (movement <= 0)
        return ST_OK;
    movement_t m;
    status_t s = movement_get(c, movement, &m);
    if (s == ST_FORBIDDEN) {
        *why = "Phong trào thi đua đã chọn không có hoặc bạn không được xem.";
        return ST_INVALID;
    }
    return s;
}

/* The unit SQL ("SELECT unit_id … WHERE id = ?1") gives for ID, after
 * checking P on it; ST_FORBIDDEN when there is no such row. */
static status_t scope(ctx_t *c, const char *sql, int64_t id, perm_t p, int64_t *unit)
{
    *unit = 0;
    status_t s = db_get_int(c->db, unit, sql, "i", id);
    if (s == ST_NOT_FOUND)
        return ST_FORBIDDEN;
    return s == ST_OK ? perm_check(c, p, *unit) : s;
}

#define EVENT_UNIT "SELECT unit_id FROM honour_events WHERE id = ?1"
#define MODEL_UNIT "SELECT unit_id FROM honour_models WHERE id = ?1"

/* ---- events ------------------------------------------------------------------------ */

static status_t check_event(const honour_event_in_t *in, const char **why)
{
    int kind = honour_kind_parse(in->kind);
    const char *link = opt(in->link);
    if (kind < 0)
        *why = "Hình thức biểu dương không hợp lệ (hội nghị, tọa đàm, lễ tuyên dương, tin bài, giao lưu, khác).";
    else if (!opt(in->title) || too_long(in->title, 500))
        *why = "Tên hoạt động biểu dương không được để trống và không quá 500 ký tự.";
    else if (!iso_date(in->held_on))
        *why = "Ngày tổ chức (hoặc ngày đăng bài) không hợp lệ.";
    else if (too_long(in->place, 500))
        *why = "Địa điểm, tên báo hoặc trang tin không quá 500 ký tự.";
    else if (kind == HONOUR_TIN_BAI && !opt(in->place))
        *why = "Tin bài phải ghi tên báo hoặc trang tin đã đăng.";
    else if (link && (too_long(link, 1000) || strpbrk(link, " \t\n") ||
                      (strncmp(link, "http://", 7) != 0 && strncmp(link, "https://", 8) != 0)))
        *why = "Đường dẫn bài viết phải bắt đầu bằng http:// hoặc https://, không có dấu cách, không quá 1000 ký tự.";
    else if (too_long(in->description, 20000))
        *why = "Nội dung mô tả quá dài (tối đa 20000 ký tự).";
    return *why ? ST_INVALID : ST_OK;
}

/* One honoree: exactly one of person and unit, a short citation, within the
 * caller's read scope. */
static status_t check_honoree(ctx_t *c, const honour_honoree_t *h, const char **why)
{
    if ((h->person_id > 0) == (h->unit_id > 0))
        *why = "Mỗi người (đơn vị) được biểu dương phải là một người hoặc một đơn vị.";
    else if (too_long(h->citation, 1000))
        *why = "Lời biểu dương không quá 1000 ký tự.";
    if (*why)
        return ST_INVALID;
    return in_read_scope(c, h->person_id, h->unit_id, why);
}

static status_t check_honorees(ctx_t *c, const honour_honoree_t *hs, size_t n, const char **why)
{
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        s = check_honoree(c, &hs[i], why);
        for (size_t j = 0; s == ST_OK && j < i; j++)
            if (hs[j].person_id == hs[i].person_id && hs[j].unit_id == hs[i].unit_id) {
                *why = "Một người (đơn vị) chỉ được ghi một lần trong một hoạt động biểu dương.";
                s = ST_INVALID;
            }
    }
    return s;
}

static status_t insert_honoree(ctx_t *c, int64_t event, const honour_honoree_t *h, int64_t *id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "INSERT INTO honour_honorees (event_id, person_id, unit_id, citation)"
                                   " VALUES (?1, ?2, ?3, ?4) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "iiit", event, h->person_id, h->unit_id, opt(h->citation));
    bind_id(st, 2, h->person_id);
    bind_id(st, 3, h->unit_id);
    return insert_returning(c, st, id);
}

static json_t *honoree_json(const honour_honoree_t *h)
{
    return json_pack("{s:I, s:I, s:s?}", "person_id", (json_int_t)h->person_id, "unit_id", (json_int_t)h->unit_id,
                     "citation", opt(h->citation));
}

static json_t *event_json(const honour_event_in_t *in, const honour_honoree_t *hs, size_t n)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(list, honoree_json(&hs[i]));
    return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:I, s:o}", "kind", in->kind, "title", in->title, "held_on",
                     in->held_on, "place", opt(in->place), "link", opt(in->link), "movement_id",
                     (json_int_t)in->movement_id, "honorees", list);
}

status_t honour_event_create(ctx_t *c, int64_t unit, const honour_event_in_t *in, const honour_honoree_t *hs,
                             size_t n, int64_t *id, const char **why)
{
    *why = NULL;
    status_t s = check_event(in, why);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s == ST_OK)
        s = movement_visible(c, in->movement_id, why);
    if (s == ST_OK)
        s = check_honorees(c, hs, n, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO honour_events (unit_id, kind, title, held_on, place, link, movement_id,"
                          " description, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                          " RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "itttttitii", unit, in->kind, in->title, in->held_on, opt(in->place), opt(in->link),
                 in->movement_id, opt(in->description), c->user_id, time_now());
        bind_id(st, 7, in->movement_id);
        bind_id(st, 9, c->user_id);
        s = insert_returning(c, st, id);
    }
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        int64_t hid;
        s = insert_honoree(c, *id, &hs[i], &hid);
    }
    if (s == ST_OK) {
        json_t *after = event_json(in, hs, n);
        s = audit_append(c, "create", "honour_event", *id, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

status_t honour_add_honoree(ctx_t *c, int64_t event, const honour_honoree_t *h, int64_t *id, const char **why)
{
    *why = NULL;
    int64_t unit, hid = 0;
    status_t s = scope(c, EVENT_UNIT, event, PERM_WRITE, &unit);
    if (s == ST_OK)
        s = check_honoree(c, h, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = insert_honoree(c, event, h, &hid);
    if (s == ST_CONFLICT)
        *why = "Người (đơn vị) này đã có trong danh sách được biểu dương của hoạt động.";
    if (s == ST_OK) {
        json_t *after = honoree_json(h);
        s = audit_append(c, "add_honoree", "honour_event", event, unit, NULL, after);
        json_decref(after);
    }
    s = finish(c, s);
    if (s == ST_OK && id)
        *id = hid;
    return s;
}

#define EVENT_COLS                                                                                      \
    "e.id, e.unit_id, u.name, e.kind, e.title, e.held_on, e.place, e.link, COALESCE(e.movement_id, 0), m.name," \
    " e.description, (SELECT COUNT(*) FROM honour_honorees h WHERE h.event_id = e.id)"
#define EVENT_FROM                                                                                      \
    " FROM honour_events e JOIN units u ON u.id = e.unit_id LEFT JOIN movements m ON m.id = e.movement_id"

static void read_event(db_stmt_t *st, void *row, arena_t *a)
{
    honour_event_t *x = row;
    x->id = db_col_int(st, 0);
    x->unit_id = db_col_int(st, 1);
    x->unit_name = dup(a, st, 2);
    x->kind = honour_kind_parse(db_col_text(st, 3));
    x->title = dup(a, st, 4);
    x->held_on = dup(a, st, 5);
    x->place = dup(a, st, 6);
    x->link = dup(a, st, 7);
    x->movement_id = db_col_int(st, 8);
    x->movement_name = dup(a, st, 9);
    x->description = dup(a, st, 10);
    x->n_honorees = (size_t)db_col_int(st, 11);
}

static void read_honoree(db_stmt_t *st, void *row, arena_t *a)
{
    honour_honoree_t *h = row;
    h->id = db_col_int(st, 0);
    h->person_id = db_col_int(st, 1);
    h->unit_id = db_col_int(st, 2);
    h->citation = dup(a, st, 3);
    h->name = dup(a, st, 4);
}

/* Runs the one-row query ST (bound) into OUT with READ; a missing row is
 * ST_FORBIDDEN. */
static status_t one_row(ctx_t *c, db_stmt_t *st, void *out, db_row_fn read)
{
    int rc = db_step(st);
    if (rc == DB_ROW)
        read(st, out, c->arena);
    status_t s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t honour_event_get(ctx_t *c, int64_t id, honour_event_t *out)
{
    memset(out, 0, sizeof *out);
    int64_t unit;
    status_t s = scope(c, EVENT_UNIT, id, PERM_READ, &unit);
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT " EVENT_COLS EVENT_FROM " WHERE e.id = ?1", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", id);
    if ((s = one_row(c, st, out, read_event)) != ST_OK)
        return s;
    if ((s = db_prepare(c->db, "SELECT h.id, COALESCE(h.person_id, 0), COALESCE(h.unit_id, 0), h.citation,"
                               " COALESCE(p.full_name, hu.name) FROM honour_honorees h"
                               " LEFT JOIN persons p ON p.id = h.person_id LEFT JOIN units hu ON hu.id = h.unit_id"
                               " WHERE h.event_id = ?1 ORDER BY h.id", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", id);
    out->n_honorees = 0; /* the count read above; the rows follow */
    return db_collect(st, c->arena, (void **)&out->honorees, &out->n_honorees, sizeof *out->honorees, read_honoree);
}

/* The subtree condition shared by lists and counts: ALIAS.unit_id in ?1's
 * current subtree; ?2 is the year (0: all), ?3 and ?4 its bounds as dates. */
#define IN_SUBTREE(ALIAS)                                                                  \
    " JOIN unit_tree t ON t.descendant_id = " ALIAS ".unit_id WHERE t.ancestor_id = ?1" \
    " AND t.valid_to IS NULL"
#define HELD_IN_YEAR " AND (?2 = 0 OR (e.held_on >= ?3 AND e.held_on < ?4))"
#define MODEL_OF_YEAR " AND (?2 = 0 OR m.year = ?2)"

/* Prepares SQL after checking PERM_READ on ROOT and binds ?1 ROOT, ?2 YEAR
 * (0 when out of range) and, when DATED, ?3 / ?4 the year's bounds. */
static status_t subtree_query(ctx_t *c, const char *sql, int64_t root, int64_t year, bool dated, db_stmt_t **st)
{
    char jan1[24], next[24];
    year = year > 0 && year < 3000 ? year : 0;
    year_bounds(year, jan1, next);
    status_t s = perm_check(c, PERM_READ, root);
    if (s != ST_OK || (s = db_prepare(c->db, sql, st)) != ST_OK)
        return s;
    if (dated)
        db_bindf(*st, "iitt", root, year, jan1, next);
    else
        db_bindf(*st, "ii", root, year);
    return ST_OK;
}

status_t honour_event_list(ctx_t *c, int64_t root, int64_t year, honour_event_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = subtree_query(c, "SELECT " EVENT_COLS EVENT_FROM IN_SUBTREE("e") HELD_IN_YEAR
                               " ORDER BY e.held_on DESC, e.id DESC LIMIT 1000", root, year, true, &st);
    return s == ST_OK ? db_collect(st, c->arena, (void **)out, n, sizeof **out, read_event) : s;
}

status_t honour_count_kinds(ctx_t *c, int64_t root, int64_t year, int64_t counts[HONOUR_KINDS])
{
    memset(counts, 0, sizeof(int64_t) * HONOUR_KINDS);
    db_stmt_t *st;
    status_t s = subtree_query(c, "SELECT e.kind, COUNT(*) FROM honour_events e" IN_SUBTREE("e") HELD_IN_YEAR
                               " GROUP BY e.kind", root, year, true, &st);
    if (s != ST_OK)
        return s;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int k = honour_kind_parse(db_col_text(st, 0));
        if (k >= 0)
            counts[k] = db_col_int(st, 1);
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* ---- models ------------------------------------------------------------------------ */

status_t honour_model_create(ctx_t *c, int64_t unit, const honour_model_in_t *in, int64_t *id, const char **why)
{
    *why = NULL;
    if ((in->person_id > 0) == (in->subject_unit_id > 0))
        *why = "Điển hình tiên tiến phải là một người hoặc một tập thể (đơn vị).";
    else if (!opt(in->title) || too_long(in->title, 500))
        *why = "Tên điển hình không được để trống và không quá 500 ký tự.";
    else if (!opt(in->story) || too_long(in->story, 20000))
        *why = "Phải ghi tóm tắt thành tích, câu chuyện của điển hình (không quá 20000 ký tự).";
    else if (in->year < 1945 || in->year > 2100)
        *why = "Năm công nhận điển hình không hợp lệ.";
    if (*why)
        return ST_INVALID;
    status_t s = perm_check(c, PERM_WRITE, unit);
    if (s == ST_OK)
        s = in_read_scope(c, in->person_id, in->subject_unit_id, why);
    if (s == ST_OK)
        s = movement_visible(c, in->movement_id, why);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO honour_models (unit_id, person_id, subject_unit_id, title, story, movement_id,"
                          " year, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "iiittiiii", unit, in->person_id, in->subject_unit_id, in->title, in->story, in->movement_id,
                 in->year, c->user_id, time_now());
        bind_id(st, 2, in->person_id);
        bind_id(st, 3, in->subject_unit_id);
        bind_id(st, 6, in->movement_id);
        bind_id(st, 8, c->user_id);
        s = insert_returning(c, st, id);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:I, s:I}", "person_id", (json_int_t)in->person_id,
                                  "subject_unit_id", (json_int_t)in->subject_unit_id, "title", in->title,
                                  "movement_id", (json_int_t)in->movement_id, "year", (json_int_t)in->year);
        s = audit_append(c, "create", "honour_model", *id, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

#define MODEL_COLS                                                                                          \
    "m.id, m.unit_id, u.name, COALESCE(m.person_id, 0), COALESCE(m.subject_unit_id, 0),"                    \
    " COALESCE(p.full_name, su.name), m.title, m.story, COALESCE(m.movement_id, 0), mv.name, m.year,"       \
    " (SELECT COUNT(*) FROM honour_replications r WHERE r.model_id = m.id)"
#define MODEL_FROM                                                                                          \
    " FROM honour_models m JOIN units u ON u.id = m.unit_id LEFT JOIN persons p ON p.id = m.person_id"     \
    " LEFT JOIN units su ON su.id = m.subject_unit_id LEFT JOIN movements mv ON mv.id = m.movement_id"

static void read_model(db_stmt_t *st, void *row, arena_t *a)
{
    honour_model_t *x = row;
    x->id = db_col_int(st, 0);
    x->unit_id = db_col_int(st, 1);
    x->unit_name = dup(a, st, 2);
    x->person_id = db_col_int(st, 3);
    x->subject_unit_id = db_col_int(st, 4);
    x->subject_name = dup(a, st, 5);
    x->title = dup(a, st, 6);
    x->story = dup(a, st, 7);
    x->movement_id = db_col_int(st, 8);
    x->movement_name = dup(a, st, 9);
    x->year = db_col_int(st, 10);
    x->n_replications = (size_t)db_col_int(st, 11);
}

static void read_replication(db_stmt_t *st, void *row, arena_t *a)
{
    honour_replication_t *x = row;
    x->unit_id = db_col_int(st, 0);
    x->unit_name = dup(a, st, 1);
    x->replicated_on = dup(a, st, 2);
    x->note = dup(a, st, 3);
}

status_t honour_model_get(ctx_t *c, int64_t id, honour_model_t *out)
{
    memset(out, 0, sizeof *out);
    int64_t unit;
    status_t s = scope(c, MODEL_UNIT, id, PERM_READ, &unit);
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT " MODEL_COLS MODEL_FROM " WHERE m.id = ?1", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", id);
    if ((s = one_row(c, st, out, read_model)) != ST_OK)
        return s;
    if ((s = db_prepare(c->db, "SELECT r.unit_id, u.name, r.replicated_on, r.note FROM honour_replications r"
                               " JOIN units u ON u.id = r.unit_id WHERE r.model_id = ?1"
                               " ORDER BY r.replicated_on, r.unit_id", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", id);
    out->n_replications = 0;
    return db_collect(st, c->arena, (void **)&out->replications, &out->n_replications, sizeof *out->replications,
                      read_replication);
}

status_t honour_model_list(ctx_t *c, int64_t root, int64_t year, honour_model_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = subtree_query(c, "SELECT " MODEL_COLS MODEL_FROM IN_SUBTREE("m") MODEL_OF_YEAR
                               " ORDER BY m.year DESC, m.id DESC LIMIT 1000", root, year, false, &st);
    return s == ST_OK ? db_collect(st, c->arena, (void **)out, n, sizeof **out, read_model) : s;
}

status_t honour_count_models(ctx_t *c, int64_t root, int64_t year, int64_t *models, int64_t *replications)
{
    *models = *replications = 0;
    db_stmt_t *st;
    status_t s = subtree_query(c, "SELECT COUNT(DISTINCT m.id), COUNT(r.model_id) FROM honour_models m"
                               " LEFT JOIN honour_replications r ON r.model_id = m.id" IN_SUBTREE("m") MODEL_OF_YEAR,
                               root, year, false, &st);
    if (s != ST_OK)
        return s;
    if (db_step(st) == DB_ROW) {
        *models = db_col_int(st, 0);
        *replications = db_col_int(st, 1);
    }
    s = db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t honour_model_replicate(ctx_t *c, int64_t model, int64_t unit, const char *date, const char *note,
                                const char **why)
{
    *why = NULL;
    int64_t owner, year = 0, subject = 0;
    const char *earlier = NULL;
    status_t s = scope(c, MODEL_UNIT, model, PERM_READ, &owner);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s == ST_OK)
        s = db_get_int(c->db, &year, "SELECT year FROM honour_models WHERE id = ?1", "i", model);
    if (s == ST_OK)
        s = db_get_int(c->db, &subject, "SELECT COALESCE(subject_unit_id, 0) FROM honour_models WHERE id = ?1", "i",
                       model);
    if (s != ST_OK)
        return s;
    if (!iso_date(date))
        *why = "Ngày nhân rộng không hợp lệ.";
    else if (strtol(date, NULL, 10) < year)
        *why = "Ngày nhân rộng không được trước năm điển hình được công nhận.";
    else if (too_long(note, 2000))
        *why = "Ghi chú không quá 2000 ký tự.";
    else if (subject == unit)
        *why = "Đơn vị là chính điển hình này, không ghi nhân rộng cho chính mình.";
    if (*why)
        return ST_INVALID;
    if ((s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = db_get_text(c->db, c->arena, &earlier, "SELECT replicated_on FROM honour_replications"
                    " WHERE model_id = ?1 AND unit_id = ?2", "ii", model, unit);
    if (s == ST_OK) {
        *why = arena_printf(c->arena, "Đơn vị đã ghi nhân rộng điển hình này (ngày %s).", earlier);
        s = ST_CONFLICT;
    } else if (s == ST_NOT_FOUND) {
        s = db_run(c->db, NULL, "INSERT INTO honour_replications (model_id, unit_id, replicated_on, note, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)", "iitti", model, unit, date, opt(note), time_now());
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:s?}", "unit_id", (json_int_t)unit, "replicated_on", date, "note",
                                  opt(note));
        s = audit_append(c, "replicate", "honour_model", model, unit, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}
