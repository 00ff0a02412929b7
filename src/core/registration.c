#include "core/registration.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "core/columns.h"
#include "core/movement.h"
#include "core/perm.h"
#include "core/person.h"
#include "core/title.h"
#include "core/unit.h"
#include "lib/alloc.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

#define NO_USER(N) "NULLIF(?" #N ", CAST(0 AS BIGINT))"

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static bool iso_date(const char *s)
{
    date_t d;
    return s && strlen(s) == 10 && date_parse_iso(s, &d) && date_valid(d);
}

/* "dd/mm/yyyy" of an ISO date, in A. */
static const char *vn_date(arena_t *a, const char *iso)
{
    return arena_printf(a, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

static status_t invalid(const char **why, const char *msg, status_t s)
{
    *why = msg;
    return s;
}

/* ---- checks shared by every way of registering ---------------------------- */

/* "the tree row T held on ?D": the tree as it stood on the day registered. */
#define TREE_ON(T, D) " AND " T ".valid_from <= ?" #D " AND (" T ".valid_to IS NULL OR " T ".valid_to > ?" #D ")"

/* *UNDER: whether UNIT was OWNER or under it on the day ON. */
static status_t under_owner(ctx_t *c, int64_t owner, int64_t unit, const char *on, bool *under)
{
    int64_t n = 0;
    status_t s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree t WHERE t.ancestor_id = ?1"
                            " AND t.descendant_id = ?2" TREE_ON("t", 3), "iit", owner, unit, on);
    *under = n > 0;
    return s;
}

typedef struct {
    int64_t movement, owner;
    const char *state, *deadline, *today;
    bool late;
    title_t title;
} target_t;

static status_t in_why(const ctx_t *c, const registration_in_t *in, const char **why)
{
    if (!opt(in->title_code))
        return invalid(why, "Chưa chọn danh hiệu đăng ký.", ST_INVALID);
    if (in->targets && text_chars(in->targets) > 4000)
        return invalid(why, "Chỉ tiêu đăng ký không quá 4.000 ký tự.", ST_INVALID);
    if (in->late_reason && text_chars(in->late_reason) > 1000)
        return invalid(why, "Lý do đăng ký muộn không quá 1.000 ký tự.", ST_INVALID);
    if (in->on && (!iso_date(in->on) || !c->system))
        return invalid(why, "Ngày đăng ký không hợp lệ.", ST_INVALID);
    return ST_OK;
}

/* The movement's owner, state and deadline; ST_FORBIDDEN when missing. */
static status_t load_movement(ctx_t *c, int64_t id, target_t *t)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT owner_unit_id, state, registration_deadline FROM movements WHERE id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        t->movement = id;
        t->owner = db_col_int(st, 0);
        t->state = arena_strdup(c->arena, db_col_text(st, 1));
        t->deadline = db_col_null(st, 2) ? NULL : arena_strdup(c->arena, db_col_text(st, 2));
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK && !t->state ? ST_NOMEM : s;
}

/* Checks the movement takes registrations on ON (NULL: today), and
 * whether it is late (then LATE_REASON is needed). */
static status_t movement_open(ctx_t *c, int64_t movement, const char *on, const char *late_reason, target_t *t,
                              const char **why)
{
    *t = (target_t){0};
    t->today = on ? on : unit_today(c);
    movement_t m;
    status_t s = movement_get(c, movement, &m); /* one the caller may not see: ST_FORBIDDEN, nothing more */
    if (s == ST_OK)
        s = t->today ? load_movement(c, movement, t) : ST_NOMEM;
    if (s != ST_OK)
        return s;
    if (strcmp(t->state, "draft") == 0)
        return invalid(why, "Phong trào chưa được phát động, chưa nhận đăng ký thi đua.", ST_INVALID);
    if (strcmp(t->state, "closed") == 0)
        return invalid(why, "Phong trào đã kết thúc, không nhận đăng ký thi đua nữa.", ST_INVALID);
    t->late = t->deadline && strcmp(t->today, t->deadline) > 0;
    if (t->late && !opt(late_reason)) {
        *why = arena_printf(c->arena, "Đã quá hạn đăng ký thi đua (hạn cuối %s). Muốn đăng ký muộn phải ghi lý do.",
                            vn_date(c->arena, t->deadline));
        return *why ? ST_INVALID : ST_NOMEM;
    }
    return ST_OK;
}

/* CODE must be a title of the catalogue valid on TODAY that SUBJECT may
 * receive; *T gets it. */
static status_t title_check(ctx_t *c, const char *code, const char *subject, const char *today, title_t *t,
                            const char **why)
{
    status_t s = title_find(c, code, t);
    if (s == ST_NOT_FOUND || (s == ST_OK && !title_valid_on(t, today)))
        return invalid(why, "Danh hiệu đăng ký không có trong danh mục hoặc không còn áp dụng.", ST_INVALID);
    if (s != ST_OK)
        return s;
    if (!title_for(t, subject))
        return invalid(why, strcmp(subject, "individual") == 0
                                ? "Danh hiệu này dành cho tập thể, không đăng ký cho cá nhân được."
                                : "Danh hiệu này dành cho cá nhân, không đăng ký cho tập thể được.",
                       ST_INVALID);
    return ST_OK;
}

static status_t target_check(ctx_t *c, int64_t movement, const char *subject, const registration_in_t *in,
                             target_t *t, const char **why)
{
    status_t s = movement_open(c, movement, in->on, in->late_reason, t, why);
    return s == ST_OK ? title_check(c, in->title_code, subject, t->today, &t->title, why) : s;
}

/* "10.000": V with the thousands separated, in A. */
static const char *vn_int(arena_t *a, int64_t v)
{
    buf_t b;
    buf_init(&b, 32);
    text_format_int(&b, v);
    const char *s = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return s ? s : "";
}

static json_t *in_json(const target_t *t, const registration_in_t *in)
{
    json_t *j = json_pack("{s:I, s:s, s:b}", "movement_id", (json_int_t)t->movement, "title", t->title.code, "late",
                          t->late);
    jobj_str(j, "targets", opt(in->targets));
    jobj_str(j, "late_reason", t->late ? opt(in->late_reason) : NULL);
    return j;
}

/* ---- a unit ------------------------------------------------------------------ */

status_t registration_add_unit(ctx_t *c, int64_t movement, int64_t unit, const registration_in_t *in, int64_t *id,
                               bool *late, const char **why)
{
    *why = NULL;
    *id = 0;
    status_t s = in_why(c, in, why);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    target_t t;
    int64_t dup = 0;
    bool under = false;
    s = target_check(c, movement, "collective", in, &t, why);
    if (s == ST_OK)
        s = under_owner(c, t.owner, unit, t.today, &under);
    if (s == ST_OK && !under)
        s = invalid(why, "Đơn vị không thuộc phạm vi của đơn vị phát động phong trào này.", ST_INVALID);
    if (s == ST_OK)
        s = db_get_int(c->db, &dup, "SELECT COUNT(*) FROM registrations WHERE movement_id = ?1 AND title_code = ?2"
                       " AND subject = 'collective' AND subject_key = ?3 AND state = 'active'", "iti", movement,
                       t.title.code, unit);
    if (s == ST_OK && dup)
        s = invalid(why, "Đơn vị đã đăng ký danh hiệu này trong phong trào.", ST_CONFLICT);
    db_stmt_t *st;
    if (s == ST_OK)
        s = db_prepare(c->db, "INSERT INTO registrations (movement_id, title_code, subject, unit_id, subject_key, targets,"
                              " late, late_reason, registered_on, registered_by, registered_at)"
                              " VALUES (?1, ?2, 'collective', ?3, ?3, ?4, ?5, ?6, ?7, " NO_USER(8) ", ?9) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "ititittii", movement, t.title.code, unit, opt(in->targets), (int64_t)t.late,
                 t.late ? opt(in->late_reason) : NULL, t.today, c->user_id, time_now());
        int rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int(st, 0);
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK) {
        json_t *after = in_json(&t, in);
        jobj_int(after, "unit_id", unit);
        s = audit_append(c, "register", "registration", *id, unit, NULL, after);
        json_decref(after);
    }
    if (late)
        *late = s == ST_OK && t.late;
    return finish(c, s);
}

/* ---- people, in bulk ------------------------------------------------------------ */

/* The people of registration_batch with their current unit (0: none or
 * missing), as a derived table x(pid, unit) usable in the checks and the
 * INSERT. */
#define BATCH_PEOPLE                                                                                    \
    "(SELECT b.person_id AS pid, CASE WHEN p.id IS NULL OR p.merged_into IS NOT NULL THEN 0"           \
    " ELSE COALESCE(" PERSON_SCOPE_UNIT("p") ", 0) END AS unit"                                        \
    " FROM registration_batch b LEFT JOIN persons p ON p.id = b.person_id) x"

#define ACTIVE_REG(M, T, KEY)                                                                           \
    "SELECT 1 FROM registrations r WHERE r.movement_id = ?" #M " AND r.title_code = ?" #T              \
    " AND r.subject = 'individual' AND r.subject_key = " KEY " AND r.state = 'active'"

static status_t fill_batch(ctx_t *c, const int64_t *people, size_t n)
{
    db_stmt_t *st = NULL;
    status_t s = db_run(c->db, NULL, "DELETE FROM registration_batch", "");
    if (s == ST_OK)
        s = db_prepare(c->db, "INSERT INTO registration_batch (person_id) VALUES (?1) ON CONFLICT DO NOTHING", &st);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        db_bind_int(st, 1, people[i]);
        s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_reset(st);
    }
    db_finalize(st);
    return s;
}

/* Names of up to three people of the batch already registered. */
static const char *dup_names(ctx_t *c, const target_t *t)
{
    db_stmt_t *st;
    if (db_prepare(c->db, "SELECT p.full_name FROM registration_batch b JOIN persons p ON p.id = b.person_id"
                          " WHERE EXISTS (" ACTIVE_REG(1, 2, "b.person_id") ") ORDER BY p.order_key, p.id LIMIT 3",
                   &st) != ST_OK)
        return "";
    db_bindf(st, "it", t->movement, t->title.code);
    const char *names = NULL;
    while (db_step(st) == DB_ROW)
        names = names ? arena_printf(c->arena, "%s, %s", names, db_col_text(st, 0))
                      : arena_strdup(c->arena, db_col_text(st, 0));
    db_finalize(st);
    return names ? names : "";
}

/* One query over the whole batch: how many are missing or out of the
 * caller's write scope, outside the movement's owner, already registered. */
static status_t batch_check(ctx_t *c, const target_t *t, const char **why)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT COALESCE(SUM(CASE WHEN x.unit = 0 OR NOT " PERM_SCOPE("x.unit", 1, 2) " THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN x.unit NOT IN (SELECT t.descendant_id FROM unit_tree t WHERE t.ancestor_id = ?3"
        TREE_ON("t", 6) ") THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN EXISTS (" ACTIVE_REG(4, 5, "x.pid") ") THEN 1 ELSE 0 END), 0)"
        " FROM " BATCH_PEOPLE, &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "itiitt", perm_scope_user(c), perm_code(PERM_WRITE), t->owner, t->movement, t->title.code,
             t->today);
    int64_t forbidden = 0, out = 0, dup = 0;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        forbidden = db_col_int(st, 0);
        out = db_col_int(st, 1);
        dup = db_col_int(st, 2);
    }
    s = rc == DB_ROW ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    if (s != ST_OK)
        return s;
    if (forbidden) {
        *why = arena_printf(c->arena, "Có %s người trong danh sách không thuộc phạm vi bạn được đăng ký thay.",
                            vn_int(c->arena, forbidden));
        return ST_FORBIDDEN;
    }
    if (out) {
        *why = arena_printf(c->arena, "Có %s người không thuộc các đơn vị trong phạm vi phong trào này.",
                            vn_int(c->arena, out));
        return ST_INVALID;
    }
    if (dup) {
        *why = arena_printf(c->arena, "Có %s người đã đăng ký danh hiệu «%s» trong phong trào này: %s%s.",
                            vn_int(c->arena, dup), t->title.name, dup_names(c, t),
                            dup > 3 ? arena_printf(c->arena, " và %s người khác", vn_int(c->arena, dup - 3)) : "");
        return ST_CONFLICT;
    }
    return ST_OK;
}

typedef struct {
    int64_t id, person_id, unit_id;
    const char *title, *targets; /* imports only: each row has its own */
} written_t;

static void read_written(db_stmt_t *st, void *row, arena_t *a)
{
    (void)a;
    written_t *w = row;
    w->id = db_col_int(st, 0);
    w->person_id = db_col_int(st, 1);
    w->unit_id = db_col_int(st, 2);
    w->title = w->targets = NULL;
}

static int by_unit(const void *a, const void *b)
{
    const written_t *x = a, *y = b;
    if (x->unit_id != y->unit_id)
        return x->unit_id < y->unit_id ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* One audit entry per unit, listing its people's registrations: HEAD
 * (what they share) with "registrations": [{id, person_id[, title,
 * targets]}]. W is sorted by unit. */
static status_t audit_written(ctx_t *c, const json_t *head, written_t *w, size_t n)
{
    qsort(w, n, sizeof *w, by_unit);
    status_t s = ST_OK;
    for (size_t i = 0; s == ST_OK && i < n;) {
        json_t *after = json_deep_copy(head), *list = json_array();
        size_t j = i;
        for (; j < n && w[j].unit_id == w[i].unit_id; j++) {
            json_t *e = json_pack("{s:I, s:I}", "id", (json_int_t)w[j].id, "person_id", (json_int_t)w[j].person_id);
            jobj_str(e, "title", w[j].title);
            jobj_str(e, "targets", w[j].targets);
            jarr_take(list, e);
        }
        jobj_take(after, "registrations", list);
        s = after && list ? audit_append(c, "register", "registration", w[i].id, w[i].unit_id, NULL, after) : ST_NOMEM;
        json_decref(after);
        i = j;
    }
    return s;
}

/* Inserts the checked batch; RES gets what was written. */
static status_t write_batch(ctx_t *c, const target_t *t, const registration_in_t *in, registration_result_t *res)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO registrations (movement_id, title_code, subject, unit_id, person_id, subject_key, targets, late,"
        " late_reason, registered_on, registered_by, registered_at)"
        " SELECT ?1, ?2, 'individual', x.unit, x.pid, x.pid, ?3, ?4, ?5, ?6, " NO_USER(7) ", ?8 FROM " BATCH_PEOPLE
        " RETURNING id, person_id, unit_id", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ittittii", t->movement, t->title.code, opt(in->targets), (int64_t)t->late,
             t->late ? opt(in->late_reason) : NULL, t->today, c->user_id, time_now());
    written_t *w = NULL;
    size_t n = 0;
    s = db_collect(st, c->arena, (void **)&w, &n, sizeof *w, read_written);
    json_t *head = s == ST_OK ? in_json(t, in) : NULL;
    if (s == ST_OK)
        s = head ? audit_written(c, head, w, n) : ST_NOMEM;
    json_decref(head);
    if (s == ST_OK) {
        res->registered = (int64_t)n;
        res->late = t->late;
        for (size_t i = 0; i < n; i++)
            if (!res->first_id || w[i].id < res->first_id)
                res->first_id = w[i].id;
    }
    return s;
}

/* The whole bulk registration inside the caller's open write transaction. */
static status_t add_people_tx(ctx_t *c, int64_t movement, const int64_t *people, size_t n, const registration_in_t *in,
                              registration_result_t *res, const char **why)
{
    target_t t;
    status_t s = target_check(c, movement, "individual", in, &t, why);
    if (s == ST_OK)
        s = fill_batch(c, people, n);
    if (s == ST_OK)
        s = batch_check(c, &t, why);
    if (s == ST_OK)
        s = write_batch(c, &t, in, res);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "DELETE FROM registration_batch", "");
    return s;
}

status_t registration_add_people(ctx_t *c, int64_t movement, const int64_t *people, size_t n,
                                 const registration_in_t *in, registration_result_t *res, const char **why)
{
    *why = NULL;
    *res = (registration_result_t){0};
    if (n == 0)
        return invalid(why, "Chưa chọn người nào để đăng ký.", ST_INVALID);
    if (n > REGISTRATION_MAX_PEOPLE)
        return invalid(why, "Mỗi lần đăng ký không quá 50.000 người.", ST_INVALID);
    status_t s = in_why(c, in, why);
    if (s == ST_OK)
        s = perm_any(c, PERM_WRITE);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = add_people_tx(c, movement, people, n, in, res, why);
    if (s != ST_OK)
        *res = (registration_result_t){0};
    return finish(c, s);
}

/* ---- withdraw, deadline ---------------------------------------------------------- */

status_t registration_withdraw(ctx_t *c, int64_t id, const char *reason, const char **why)
{
    *why = NULL;
    if (reason && text_chars(reason) > 1000)
        return invalid(why, "Lý do rút đăng ký không quá 1.000 ký tự.", ST_INVALID);
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    int64_t unit = 0;
    const char *state = NULL, *title = NULL, *mstate = NULL;
    /* The registering unit owns the registration (the same rule as the
     * lists), whoever the person works for now. */
    s = db_prepare(c->db, "SELECT r.unit_id, r.state, r.title_code, m.state FROM registrations r"
                          " JOIN movements m ON m.id = r.movement_id WHERE r.id = ?1", &st);
    if (s == ST_OK) {
        db_bindf(st, "i", id);
        int rc = db_step(st);
        if (rc == DB_ROW) {
            unit = db_col_int(st, 0);
            state = arena_strdup(c->arena, db_col_text(st, 1));
            title = arena_strdup(c->arena, db_col_text(st, 2));
            mstate = arena_strdup(c->arena, db_col_text(st, 3));
        }
        s = rc == DB_ROW ? (state && title && mstate ? ST_OK : ST_NOMEM)
            : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, unit);
    if (s == ST_OK && strcmp(mstate, "closed") == 0)
        s = invalid(why, "Phong trào đã kết thúc, không rút đăng ký được nữa.", ST_INVALID);
    if (s == ST_OK && strcmp(state, "active") != 0)
        s = invalid(why, "Đăng ký này đã được rút trước đó.", ST_CONFLICT);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE registrations SET state = 'withdrawn', withdrawn_by = " NO_USER(2) ","
                   " withdrawn_at = ?3, withdraw_reason = ?4 WHERE id = ?1", "iiit", id, c->user_id, time_now(),
                   opt(reason));
    if (s == ST_OK) {
        json_t *before = json_pack("{s:s, s:s}", "state", "active", "title", title);
        json_t *after = json_pack("{s:s}", "state", "withdrawn");
        jobj_str(after, "reason", opt(reason));
        s = audit_append(c, "withdraw", "registration", id, unit, before, after);
        json_decref(before);
        json_decref(after);
    }
    return finish(c, s);
}

status_t registration_set_deadline(ctx_t *c, int64_t movement, const char *deadline, const char **why)
{
    *why = NULL;
    deadline = opt(deadline);
    if (deadline && !iso_date(deadline))
        return invalid(why, "Hạn đăng ký không phải một ngày hợp lệ.", ST_INVALID);
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    target_t t = {0};
    s = load_movement(c, movement, &t);
    if (s == ST_OK)
        s = perm_check(c, PERM_WRITE, t.owner);
    if (s == ST_OK && strcmp(t.state, "closed") == 0)
        s = invalid(why, "Phong trào đã kết thúc, không đổi hạn đăng ký được nữa.", ST_INVALID);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE movements SET registration_deadline = ?2 WHERE id = ?1", "it", movement, deadline);
    if (s == ST_OK) {
        json_t *before = json_object(), *after = json_object();
        jobj_str(before, "registration_deadline", t.deadline);
        jobj_str(after, "registration_deadline", deadline);
        s = audit_append(c, "registration_deadline", "movement", movement, t.owner, before, after);
        json_decref(before);
        json_decref(after);
    }
    return finish(c, s);
}

status_t registration_deadline(ctx_t *c, int64_t movement, const char **deadline, bool *passed)
{
    *deadline = NULL;
    *passed = false;
    movement_t m;
    target_t t = {0};
    const char *today = unit_today(c);
    status_t s = movement_get(c, movement, &m);
    if (s == ST_OK)
        s = today ? load_movement(c, movement, &t) : ST_NOMEM;
    if (s == ST_OK) {
        *deadline = t.deadline;
        *passed = t.deadline && strcmp(today, t.deadline) > 0;
    }
    return s;
}

/* ---- lists ------------------------------------------------------------------------ */

/* Columns 0-14 of a registration row; strings copied into A, or borrowed
 * from ST when A is NULL. */
static void fill_reg(db_stmt_t *st, registration_t *r, arena_t *a)
{
    const char *t[10];
    for (int i = 0; i < 10; i++) {
        const char *v = db_col_null(st, i + 4) ? NULL : db_col_text(st, i + 4);
        t[i] = a ? arena_strdup(a, v) : v;
    }
    *r = (registration_t){.id = db_col_int(st, 0), .movement_id = db_col_int(st, 1), .unit_id = db_col_int(st, 2),
                          .person_id = db_col_int(st, 3), .title_code = t[0], .title_name = t[1], .subject = t[2],
                          .unit_name = t[3], .person_name = t[4], .cccd = t[5], .targets = t[6],
                          .late_reason = t[7], .state = t[8], .registered_on = t[9],
                          .late = db_col_int(st, 14) != 0};
}

static void read_reg(db_stmt_t *st, void *row, arena_t *a) { fill_reg(st, row, a); }

/* The registrations of ?1 in ?2/?3's read scope, ?4 = 1 with withdrawn
 * ones, ?5 > 0 under that unit (?6 = 1: that unit's own). */
#define REG_WHERE                                                                                       \
    " WHERE r.movement_id = ?1 AND (?4 = 1 OR r.state = 'active')"                                     \
    " AND (?5 = 0 OR (?6 = 1 AND r.unit_id = ?5) OR (?6 = 0 AND r.unit_id IN (SELECT t.descendant_id"  \
    " FROM unit_tree t WHERE t.ancestor_id = ?5 AND t.valid_to IS NULL)))"                              \
    " AND " PERM_SCOPE("r.unit_id", 2, 3)

/* ST_OK when the caller may see Q's movement and read Q->unit. */
static status_t reg_may_read(ctx_t *c, const registration_query_t *q)
{
    movement_t m;
    status_t s = movement_get(c, q->movement, &m);
    return s == ST_OK && q->unit > 0 ? perm_check(c, PERM_READ, q->unit) : s;
}

/* Prepares SQL (with REG_WHERE) and binds Q (reg_may_read checked). */
static status_t reg_query(ctx_t *c, const registration_query_t *q, const char *sql, db_stmt_t **st)
{
    status_t s = db_prepare(c->db, sql, st);
    if (s == ST_OK)
        db_bindf(*st, "iitiii", q->movement, perm_scope_user(c), perm_code(PERM_READ), (int64_t)q->with_withdrawn,
                 q->unit > 0 ? q->unit : (int64_t)0, (int64_t)(q->unit_only ? 1 : 0));
    return s;
}

#define REG_SELECT                                                                                      \
    "SELECT r.id, r.movement_id, r.unit_id, COALESCE(r.person_id, 0), r.title_code, ti.name, r.subject, u.name," \
    " p.full_name, p.cccd, r.targets, r.late_reason, r.state, r.registered_on, r.late"                  \
    " FROM registrations r JOIN titles ti ON ti.code = r.title_code JOIN units u ON u.id = r.unit_id"   \
    " LEFT JOIN persons p ON p.id = r.person_id" REG_WHERE                                              \
    " ORDER BY r.subject, u.sort_key, u.id, p.order_key, p.id, ti.rank, r.id"

typedef struct {
    const char *code, *name;
    int64_t active, late, withdrawn;
} title_count_t;

static void read_count(db_stmt_t *st, void *row, arena_t *a)
{
    title_count_t *t = row;
    *t = (title_count_t){arena_strdup(a, db_col_text(st, 0)), arena_strdup(a, db_col_text(st, 1)),
                         db_col_int(st, 2), db_col_int(st, 3), db_col_int(st, 4)};
}

/* Per-title counts of the whole list (withdrawn ones always counted). */
static status_t count_titles(ctx_t *c, const registration_query_t *q, registration_list_t *l)
{
    registration_query_t all = *q;
    all.with_withdrawn = true;
    db_stmt_t *st;
    status_t s = reg_query(c, &all, "SELECT r.title_code, ti.name, SUM(CASE WHEN r.state = 'active' THEN 1 ELSE 0 END),"
                           " SUM(CASE WHEN r.state = 'active' AND r.late = 1 THEN 1 ELSE 0 END),"
                           " SUM(CASE WHEN r.state = 'active' THEN 0 ELSE 1 END)"
                           " FROM registrations r JOIN titles ti ON ti.code = r.title_code" REG_WHERE
                           " GROUP BY r.title_code, ti.name, ti.rank ORDER BY ti.rank, r.title_code", &st);
    title_count_t *t = NULL;
    size_t n = 0, cap = 0;
    if (s == ST_OK)
        s = db_collect(st, c->arena, (void **)&t, &n, sizeof *t, read_count);
    for (size_t i = 0; s == ST_OK && i < n; i++) {
        l->active += t[i].active;
        l->late += t[i].late;
        l->withdrawn += t[i].withdrawn;
        registration_count_t *e = t[i].active ? arena_push(c->arena, (void **)&l->counts, &l->n_counts, &cap, sizeof *e)
                                              : NULL;
        if (t[i].active && !e)
            s = ST_NOMEM;
        else if (e)
            *e = (registration_count_t){t[i].code, t[i].name, t[i].active};
    }
    return s;
}

status_t registration_list(ctx_t *c, const registration_query_t *q, size_t offset, size_t limit,
                           registration_list_t *out)
{
    *out = (registration_list_t){0};
    if (limit < 1 || limit > 1000)
        return ST_INVALID;
    db_stmt_t *st;
    status_t s = reg_may_read(c, q);
    if (s == ST_OK)
        s = reg_query(c, q, REG_SELECT " LIMIT ?7 OFFSET ?8", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 7, (int64_t)limit);
    db_bind_int(st, 8, (int64_t)offset);
    s = db_collect(st, c->arena, (void **)&out->rows, &out->n, sizeof *out->rows, read_reg);
    return s == ST_OK ? count_titles(c, q, out) : s;
}

status_t registration_list_each(ctx_t *c, const registration_query_t *q,
                                int (*fn)(const registration_t *row, void *arg), void *arg)
{
    db_stmt_t *st;
    status_t s = reg_may_read(c, q);
    if (s == ST_OK)
        s = reg_query(c, q, REG_SELECT, &st);
    if (s != ST_OK)
        return s;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        registration_t row;
        fill_reg(st, &row, NULL);
        if (fn(&row, arg))
            break;
    }
    s = rc == DB_ROW || rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* ---- settings and checks for the nominations ----------------------------------------- */

status_t registration_required(ctx_t *c, int64_t unit_id, bool *out)
{
    *out = false;
    const char *v = NULL;
    status_t s = perm_check(c, PERM_READ, unit_id);
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &v, "SELECT s.value FROM unit_tree t JOIN unit_settings s"
                        " ON s.unit_id = t.ancestor_id AND s.name = 'registration_required'"
                        " WHERE t.descendant_id = ?1 AND t.valid_to IS NULL ORDER BY t.depth LIMIT 1", "i", unit_id);
    if (s == ST_NOT_FOUND)
        return ST_OK;
    if (s == ST_OK)
        *out = v && strcmp(v, "1") == 0;
    return s;
}

status_t registration_own_setting(ctx_t *c, int64_t unit_id, int *value)
{
    *value = -1;
    const char *v = NULL;
    status_t s = perm_check(c, PERM_READ, unit_id);
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &v, "SELECT value FROM unit_settings WHERE unit_id = ?1"
                        " AND name = 'registration_required'", "i", unit_id);
    if (s == ST_NOT_FOUND)
        return ST_OK;
    if (s == ST_OK)
        *value = v && strcmp(v, "1") == 0;
    return s;
}

status_t registration_set_required(ctx_t *c, int64_t unit_id, int value, const char **why)
{
    *why = NULL;
    if (value < -1 || value > 1)
        return invalid(why, "Giá trị cài đặt phải là có, không hoặc theo đơn vị cấp trên.", ST_INVALID);
    status_t s = perm_check(c, PERM_WRITE, unit_id);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    const char *before = NULL;
    s = db_get_text(c->db, c->arena, &before, "SELECT value FROM unit_settings WHERE unit_id = ?1"
                    " AND name = 'registration_required'", "i", unit_id);
    if (s == ST_NOT_FOUND)
        s = ST_OK;
    if (s == ST_OK)
        s = db_run(c->db, NULL, "DELETE FROM unit_settings WHERE unit_id = ?1 AND name = 'registration_required'", "i",
                   unit_id);
    if (s == ST_OK && value >= 0)
        s = db_run(c->db, NULL, "INSERT INTO unit_settings (unit_id, name, value, updated_by, updated_at)"
                   " VALUES (?1, 'registration_required', ?2, " NO_USER(3) ", ?4)", "itii", unit_id,
                   value ? "1" : "0", c->user_id, time_now());
    if (s == ST_OK) {
        json_t *b = json_object(), *a = json_object();
        jobj_str(b, "registration_required", before);
        jobj_str(a, "registration_required", value < 0 ? NULL : value ? "1" : "0");
        s = audit_append(c, "set", "unit_setting", unit_id, unit_id, b, a);
        json_decref(b);
        json_decref(a);
    }
    return finish(c, s);
}

status_t registration_exists(ctx_t *c, int64_t movement, const char *year, const registration_subject_t *who,
                             const char *title_code, bool *out)
{
    *out = false;
    bool person = who->person_id > 0;
    int64_t unit = who->unit_id, n = 0;
    status_t s = ST_OK;
    if (person)
        s = db_get_int(c->db, &unit, "SELECT COALESCE(" PERSON_SCOPE_UNIT("p") ", 0) FROM persons p WHERE p.id = ?1",
                       "i", who->person_id);
    if (s == ST_NOT_FOUND)
        return ST_FORBIDDEN;
    if (s == ST_OK)
        s = perm_check(c, PERM_READ, unit);
    if (s == ST_OK && movement <= 0 && !opt(year))
        s = ST_INVALID;
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM registrations r JOIN movements m ON m.id = r.movement_id"
                       " WHERE r.title_code = ?1 AND r.subject = ?2 AND r.subject_key = ?3 AND r.state = 'active'"
                       " AND (r.movement_id = ?4 OR (?4 = 0 AND (m.year_label = ?5 OR (length(?5) = 4"
                       " AND m.period_from <= ?5 || '-12-31' AND m.period_to >= ?5 || '-01-01'))))",
                       "ttiit", title_code ? title_code : "", person ? "individual" : "collective",
                       person ? who->person_id : unit, movement > 0 ? movement : (int64_t)0, opt(year) ? year : "");
    if (s == ST_OK)
        *out = n > 0;
    return s;
}

/* ---- import from a list --------------------------------------------------------------- */

enum { R_NAME = 1, R_CCCD, R_ID, R_TITLE, R_TARGETS, R_SUBJECT, R__N };

static const column_t reg_columns[] = {
    {R_NAME, "Họ và tên", "ho va ten|ho ten|ho va ten doan vien|ho ten doan vien"},
    {R_CCCD, "Số CCCD", "so cccd|cccd|can cuoc cong dan|so can cuoc cong dan|so dinh danh|so dinh danh ca nhan|"
                        "so can cuoc|so cccd cmnd|cccd cmnd"},
    {R_ID, "Mã hồ sơ", "ma ho so|ma doan vien|ma nguoi lao dong"},
    {R_TITLE, "Danh hiệu đăng ký", "danh hieu dang ky|danh hieu|danh hieu thi dua|dang ky danh hieu|ma danh hieu"},
    {R_TARGETS, "Chỉ tiêu", "chi tieu|chi tieu dang ky|muc tieu|noi dung dang ky"},
    {R_SUBJECT, "Đối tượng", "doi tuong|ca nhan tap the"},
    {COLUMN_IGNORE, NULL, "stt|tt|so tt|so thu tu|ten don vi|don vi|ma don vi|ghi chu|ngay sinh|gioi tinh|"
                          "trang thai|dang ky muon|ly do dang ky muon|ngay dang ky"},
    {COLUMN_NONE, NULL, NULL},
};

#define IMPORT_MAX_COLS 256
#define IMPORT_MAX_PROBLEMS 1000
#define SEEN_SLOTS (1u << 17) /* > 2 × REGISTRATION_MAX_PEOPLE */
#define SCRATCH_MAX (4u << 20)
#define SCRATCH_RENEW (1u << 20) /* a fresh scratch arena once this much is used */

typedef struct {
    int64_t person, unit, row;
    size_t title;            /* index in the catalogue */
    const char *targets;
} queued_t;

typedef struct {
    int64_t key, row; /* key 0: empty */
} seen_t;

struct registration_import {
    ctx_t *c;
    status_t fatal;     /* a failure that ended the run (ST_DB, ST_NOMEM) */
    arena_t *scratch;   /* what one row needs only while it is checked */
    target_t t;
    const char *late_reason, *file_why;
    bool commit, header_done;
    int colmap[IMPORT_MAX_COLS];
    size_t ncols;
    title_t *titles;
    size_t n_titles;
    const char **folds; /* the titles' names, folded */
    queued_t *q;
    size_t nq, capq, cap_problems;
    seen_t *seen;
    registration_import_report_t rep;
};

static void import_free(registration_import_t *im)
{
    if (!im)
        return;
    arena_free(im->scratch);
    xfree(im->seen);
    xfree(im);
}

static void import_problem(registration_import_t *im, int64_t row, const char *msg)
{
    im->rep.n_errors++;
    if (im->rep.n_problems >= IMPORT_MAX_PROBLEMS)
        return;
    registration_problem_t *p = arena_push(im->c->arena, (void **)&im->rep.problems, &im->rep.n_problems,
                                           &im->cap_problems, sizeof *p);
    if (p)
        *p = (registration_problem_t){row, msg ? msg : "Lỗi không xác định."};
}

status_t registration_import_begin(ctx_t *c, int64_t movement, bool commit, const char *late_reason,
                                   registration_import_t **out, const char **why)
{
    *out = NULL;
    *why = NULL;
    if (late_reason && text_chars(late_reason) > 1000)
        return invalid(why, "Lý do đăng ký muộn không quá 1.000 ký tự.", ST_INVALID);
    registration_import_t *im = xcalloc(1, sizeof *im);
    status_t s = im ? perm_any(c, PERM_WRITE) : ST_NOMEM;
    if (s == ST_OK && (!(im->seen = xcalloc(SEEN_SLOTS, sizeof *im->seen)) || !(im->scratch = arena_new(SCRATCH_MAX))))
        s = ST_NOMEM;
    if (s == ST_OK)
        s = db_begin_write(c->db);
    if (s != ST_OK) {
        import_free(im);
        return s;
    }
    im->c = c;
    im->commit = commit;
    im->late_reason = opt(late_reason);
    s = movement_open(c, movement, NULL, im->late_reason, &im->t, why);
    if (s == ST_OK)
        s = title_list(c, im->t.today, NULL, &im->titles, &im->n_titles);
    if (s == ST_OK && !(im->folds = arena_calloc(c->arena, im->n_titles + 1, sizeof *im->folds)))
        s = ST_NOMEM;
    for (size_t i = 0; s == ST_OK && i < im->n_titles; i++)
        if (!(im->folds[i] = column_fold(c->arena, im->titles[i].name)))
            s = ST_NOMEM;
    if (s != ST_OK) {
        db_rollback(c->db);
        import_free(im);
        return s;
    }
    *out = im;
    return ST_OK;
}

void registration_import_refuse(registration_import_t *im, const char *why)
{
    if (im && !im->file_why)
        im->file_why = arena_strdup(im->c->arena, why);
    if (im && !im->file_why)
        im->file_why = "Không đọc được tệp.";
}

static status_t import_header(registration_import_t *im, const char *const *cells, size_t n)
{
    bool have[R__N] = {false};
    im->ncols = n < IMPORT_MAX_COLS ? n : IMPORT_MAX_COLS;
    for (size_t i = 0; i < im->ncols; i++) {
        const char *folded = cells[i] ? column_fold(im->c->arena, cells[i]) : "";
        if (!folded)
            return ST_NOMEM;
        const column_t *col = column_find(reg_columns, folded);
        im->colmap[i] = col && col->field > 0 && !have[col->field] ? col->field : COLUMN_NONE;
        have[im->colmap[i] > 0 ? im->colmap[i] : 0] = true;
    }
    im->header_done = true;
    if (!have[R_NAME] || !have[R_TITLE] || (!have[R_CCCD] && !have[R_ID]))
        im->file_why = "Tệp cần có các cột «Họ và tên», «Danh hiệu đăng ký» và «Số CCCD» hoặc «Mã hồ sơ» "
                       "(dòng đầu tiên là tiêu đề cột).";
    return ST_OK;
}

/* The cell of FIELD in the row, trimmed by the reader; NULL when empty. */
static const char *import_cell(const registration_import_t *im, int field, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n && i < im->ncols; i++)
        if (im->colmap[i] == field)
            return cells[i] && *cells[i] ? cells[i] : NULL;
    return NULL;
}

/* The catalogue index of the title written as S (its code, or its name
 * whatever the case and marks); n_titles when none. */
static size_t import_title(registration_import_t *im, const char *s)
{
    const char *f = column_fold(im->scratch, s);
    for (size_t i = 0; i < im->n_titles; i++)
        if (strcasecmp(s, im->titles[i].code) == 0 || (f && strcmp(f, im->folds[i]) == 0))
            return i;
    return im->n_titles;
}

typedef struct {
    int64_t id, unit;
    const char *name;
} found_t;

/* The person the row names, by CCCD or else by id; ST_NOT_FOUND when it
 * says none (the problem reported), ST_FORBIDDEN when not found or out of
 * the caller's write scope. */
static status_t import_person(registration_import_t *im, int64_t row, const char *const *cells, size_t n,
                              found_t *p)
{
    const char *cc = import_cell(im, R_CCCD, cells, n), *ids = import_cell(im, R_ID, cells, n);
    char digits[13];
    int64_t id = 0;
    if (cc && cccd_clean(cc, digits) == CCCD_BAD) {
        import_problem(im, row, arena_printf(im->c->arena, "Số CCCD «%s» không hợp lệ: phải gồm đúng 12 chữ số.", cc));
        return ST_NOT_FOUND;
    }
    if (!cc && ids) {
        char *end;
        long long v = strtoll(ids, &end, 10);
        if (*end || v <= 0) {
            import_problem(im, row, arena_printf(im->c->arena, "Mã hồ sơ «%s» không hợp lệ: phải là một số.", ids));
            return ST_NOT_FOUND;
        }
        id = v;
    }
    if (!cc && !ids) {
        import_problem(im, row, "Thiếu số CCCD hoặc mã hồ sơ để xác định người đăng ký.");
        return ST_NOT_FOUND;
    }
    db_stmt_t *st;
    status_t s = db_prepare(im->c->db, "SELECT p.id, COALESCE(" PERSON_SCOPE_UNIT("p") ", 0), p.full_name"
                            " FROM persons p WHERE p.merged_into IS NULL AND (p.cccd = ?1 OR p.id = ?2)", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "ti", cc ? digits : "", id);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *p = (found_t){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(im->scratch, db_col_text(st, 2))};
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(im->c->db);
    db_finalize(st);
    if (s == ST_OK && !p->unit)
        s = ST_FORBIDDEN;
    if (s == ST_OK)
        s = perm_check(im->c, PERM_WRITE, p->unit);
    if (s == ST_FORBIDDEN)
        import_problem(im, row, "Không tìm thấy người này trong phạm vi bạn được đăng ký thay (kiểm tra số CCCD "
                                "hoặc mã hồ sơ).");
    return s;
}

/* Remembers (PERSON, TITLE) first seen on ROW; returns the row it was
 * already seen on, or 0. */
static int64_t import_seen(registration_import_t *im, int64_t person, size_t title, int64_t row)
{
    int64_t key = person * 64 + (int64_t)title + 1;
    size_t i = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ull >> 47) & (SEEN_SLOTS - 1);
    while (im->seen[i].key && im->seen[i].key != key)
        i = (i + 1) & (SEEN_SLOTS - 1);
    if (im->seen[i].key)
        return im->seen[i].row;
    im->seen[i] = (seen_t){key, row};
    return 0;
}

/* The checks that need the person: movement, name, repeats. ST_OK with
 * *QUEUE whether to register; problems reported. */
static status_t import_checks(registration_import_t *im, int64_t row, const char *name, const found_t *p,
                              size_t ti, bool *queue)
{
    *queue = false;
    int64_t dup = 0;
    bool under = false;
    status_t s = under_owner(im->c, im->t.owner, p->unit, im->t.today, &under);
    if (s != ST_OK)
        return s;
    const char *f1 = text_fold(im->scratch, name), *f2 = text_fold(im->scratch, p->name);
    if (!under) {
        import_problem(im, row, "Người này không thuộc các đơn vị trong phạm vi phong trào.");
        return ST_OK;
    }
    if (!f1 || !f2 || strcmp(f1, f2) != 0) {
        import_problem(im, row, arena_printf(im->c->arena, "Họ và tên «%s» không khớp với hồ sơ («%s»).", name,
                                             p->name));
        return ST_OK;
    }
    int64_t first = import_seen(im, p->id, ti, row);
    if (first) {
        import_problem(im, row, arena_printf(im->c->arena, "Trùng với dòng %lld: cùng người, cùng danh hiệu.",
                                             (long long)first));
        return ST_OK;
    }
    s = db_get_int(im->c->db, &dup, ACTIVE_REG(1, 2, "?3"), "iti", im->t.movement, im->titles[ti].code, p->id);
    if (s == ST_OK)
        im->rep.unchanged++;
    *queue = s == ST_NOT_FOUND;
    return s == ST_NOT_FOUND ? ST_OK : s;
}

static bool row_empty(const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i] && *cells[i])
            return false;
    return true;
}

static status_t import_row(registration_import_t *im, int64_t row, const char *const *cells, size_t n);

status_t registration_import_row(registration_import_t *im, int64_t row, const char *const *cells, size_t n)
{
    if (im->fatal == ST_OK && arena_used(im->scratch) > SCRATCH_RENEW) {
        arena_free(im->scratch);
        im->scratch = arena_new(SCRATCH_MAX);
        im->fatal = im->scratch ? ST_OK : ST_NOMEM;
    }
    if (im->fatal == ST_OK)
        im->fatal = import_row(im, row, cells, n);
    return im->fatal;
}

/* A row the list's download marks as a collective's ("Tập thể"). */
static bool collective_row(registration_import_t *im, const char *const *cells, size_t n)
{
    const char *s = import_cell(im, R_SUBJECT, cells, n);
    const char *f = s ? column_fold(im->scratch, s) : NULL;
    return f && strcmp(f, "tap the") == 0;
}

static status_t import_row(registration_import_t *im, int64_t row, const char *const *cells, size_t n)
{
    if (im->file_why)
        return ST_OK;
    if (!im->header_done)
        return row_empty(cells, n) ? ST_OK : import_header(im, cells, n);
    if (row_empty(cells, n) || collective_row(im, cells, n))
        return ST_OK;
    if (++im->rep.rows > REGISTRATION_MAX_PEOPLE) {
        im->file_why = "Tệp có quá 50.000 dòng: hãy chia thành nhiều tệp.";
        return ST_OK;
    }
    const char *name = import_cell(im, R_NAME, cells, n), *title = import_cell(im, R_TITLE, cells, n);
    const char *targets = import_cell(im, R_TARGETS, cells, n);
    size_t ti = title ? import_title(im, title) : im->n_titles;
    size_t errors = (size_t)im->rep.n_errors;
    if (!name)
        import_problem(im, row, "Thiếu họ và tên.");
    if (!title)
        import_problem(im, row, "Thiếu danh hiệu đăng ký.");
    else if (ti == im->n_titles)
        import_problem(im, row, arena_printf(im->c->arena, "Danh hiệu «%s» không có trong danh mục hoặc không còn "
                                             "áp dụng.", title));
    else if (!title_for(&im->titles[ti], "individual"))
        import_problem(im, row, arena_printf(im->c->arena, "Danh hiệu «%s» dành cho tập thể, không đăng ký cho cá "
                                             "nhân được.", im->titles[ti].name));
    if (targets && text_chars(targets) > 4000)
        import_problem(im, row, "Chỉ tiêu đăng ký không quá 4.000 ký tự.");
    if ((size_t)im->rep.n_errors != errors)
        return ST_OK;
    found_t p = {0};
    bool queue = false;
    status_t s = import_person(im, row, cells, n, &p);
    if (s == ST_OK)
        s = import_checks(im, row, name, &p, ti, &queue);
    if (s == ST_NOT_FOUND || s == ST_FORBIDDEN)
        return ST_OK;
    queued_t *e = s == ST_OK && queue ? arena_push(im->c->arena, (void **)&im->q, &im->nq, &im->capq, sizeof *e)
                                      : NULL;
    if (e)
        *e = (queued_t){p.id, p.unit, row, ti, arena_strdup(im->c->arena, targets)};
    return s == ST_OK && queue && !e ? ST_NOMEM : s;
}

/* Writes the queued rows and their audit entries (one per unit). */
static status_t import_write(registration_import_t *im)
{
    ctx_t *c = im->c;
    written_t *w = arena_calloc(c->arena, im->nq ? im->nq : 1, sizeof *w);
    db_stmt_t *st;
    status_t s = w ? db_prepare(c->db,
        "INSERT INTO registrations (movement_id, title_code, subject, unit_id, person_id, subject_key, targets, late,"
        " late_reason, registered_on, registered_by, registered_at)"
        " VALUES (?1, ?2, 'individual', ?3, ?4, ?4, ?5, ?6, ?7, ?8, " NO_USER(9) ", ?10) RETURNING id", &st)
                   : ST_NOMEM;
    int64_t now = time_now();
    for (size_t i = 0; s == ST_OK && i < im->nq; i++) {
        const queued_t *q = &im->q[i];
        db_bindf(st, "itiitittii", im->t.movement, im->titles[q->title].code, q->unit, q->person, q->targets,
                 (int64_t)im->t.late, im->t.late ? im->late_reason : NULL, im->t.today, c->user_id, now);
        int rc = db_step(st);
        if (rc == DB_ROW)
            w[i] = (written_t){db_col_int(st, 0), q->person, q->unit, im->titles[q->title].code, q->targets};
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_reset(st);
    }
    if (w)
        db_finalize(st);
    json_t *head = json_pack("{s:I, s:s, s:b}", "movement_id", (json_int_t)im->t.movement, "source", "import", "late",
                             im->t.late);
    jobj_str(head, "late_reason", im->t.late ? im->late_reason : NULL);
    if (s == ST_OK)
        s = head ? audit_written(c, head, w, im->nq) : ST_NOMEM;
    json_decref(head);
    return s;
}

status_t registration_import_finish(registration_import_t *im, registration_import_report_t *rep, const char **why)
{
    *rep = (registration_import_report_t){0};
    *why = NULL;
    if (!im)
        return ST_INVALID;
    ctx_t *c = im->c;
    status_t s = im->fatal == ST_NOMEM ? invalid(why, "Tệp quá lớn để kiểm tra trong một lần: hãy chia thành nhiều "
                                                      "tệp nhỏ hơn.", ST_INVALID)
                                       : im->fatal;
    if (s == ST_OK && !im->file_why && !im->header_done)
        im->file_why = "Tệp không có dòng nào.";
    if (s == ST_OK && im->file_why)
        s = invalid(why, im->file_why, ST_INVALID);
    else if (s == ST_OK)
        im->rep.registered = (int64_t)im->nq;
    if (s == ST_OK && im->commit && im->rep.n_errors == 0 && im->nq > 0)
        s = import_write(im);
    if (s == ST_OK && im->commit && im->rep.n_errors == 0 && im->nq > 0) {
        s = db_commit(c->db);
        im->rep.written = s == ST_OK;
    } else {
        db_rollback(c->db);
    }
    if (s == ST_OK)
        *rep = im->rep;
    import_free(im);
    return s;
}
