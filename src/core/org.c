#include "core/org.h"

#include <string.h>

#include "core/audit.h"
#include "core/person.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

status_t org_record_event(ctx_t *c, int64_t unit, const char *event, const char *date, const char *decision_no,
                          int64_t other_unit, const char *note)
{
    return db_run(c->db, NULL,
                  "INSERT INTO unit_events (unit_id, event, event_date, decision_no, other_unit_id, note, created_by,"
                  " created_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, 0), ?6, NULLIF(?7, 0), ?8)",
                  "itttitii", unit, event, date, decision_no && *decision_no ? decision_no : NULL, other_unit,
                  note && *note ? note : NULL, c->user_id, time_now());
}

/* Audits a change of UNIT with before/after objects and records its event. */
static status_t record(ctx_t *c, int64_t unit, const char *event, const org_change_t *ch, int64_t other,
                       json_t *before, json_t *after)
{
    jobj_str(after, "date", ch->date);
    jobj_str(after, "decision_no", ch->decision_no);
    status_t s = org_record_event(c, unit, event, ch->date, ch->decision_no, other, ch->note);
    if (s == ST_OK)
        s = audit_append(c, event, "unit", unit, unit, before, after);
    json_decref(before);
    json_decref(after);
    return s;
}

/* ---- checks ------------------------------------------------------------------- */

/* The date is valid, the caller may write UNIT, and UNIT exists on that day. */
static status_t check_change(ctx_t *c, int64_t unit, const org_change_t *ch, const char **why)
{
    date_t d;
    if (!ch->date || !date_parse_iso(ch->date, &d)) {
        *why = "Ngày hiệu lực không hợp lệ.";
        return ST_INVALID;
    }
    if (ch->decision_no && text_chars(ch->decision_no) > 100) {
        *why = "Số quyết định không quá 100 ký tự.";
        return ST_INVALID;
    }
    status_t s = perm_check(c, PERM_WRITE, unit);
    int64_t alive = 0;
    if (s == ST_OK)
        s = db_get_int(c->db, &alive, "SELECT COUNT(*) FROM units WHERE id = ?1 AND valid_from < ?2"
                       " AND (valid_to IS NULL OR valid_to > ?2)", "it", unit, ch->date);
    if (s == ST_OK && !alive) {
        *why = "Đơn vị không tồn tại vào ngày hiệu lực (hoặc ngày hiệu lực trùng ngày thành lập).";
        s = ST_INVALID;
    }
    return s;
}

/* Runs FN inside one write transaction; commits on ST_OK. */
static status_t in_tx(ctx_t *c, status_t (*fn)(ctx_t *, void *), void *arg)
{
    status_t s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    s = fn(c, arg);
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

/* ---- rename --------------------------------------------------------------------- */

typedef struct {
    int64_t unit;
    const char *name, *short_name;
    const org_change_t *ch;
    const char **why;
} rename_t;

static status_t rename_tx(ctx_t *c, void *arg)
{
    rename_t *r = arg;
    const char *since = NULL, *old_name = NULL, *old_short = NULL;
    status_t s = db_get_text(c->db, c->arena, &since,
                             "SELECT COALESCE((SELECT MAX(valid_to) FROM unit_names WHERE unit_id = ?1),"
                             " (SELECT valid_from FROM units WHERE id = ?1))", "i", r->unit);
    if (s == ST_OK && since && strcmp(r->ch->date, since) <= 0) {
        *r->why = "Ngày đổi tên phải sau ngày thành lập và sau lần đổi tên trước.";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &old_name, "SELECT name FROM units WHERE id = ?1", "i", r->unit);
    if (s == ST_OK)
        s = db_get_text(c->db, c->arena, &old_short, "SELECT short_name FROM units WHERE id = ?1", "i", r->unit);
    /* The name used until now is kept for [since, date). */
    if (s == ST_OK)
        s = db_run(c->db, NULL, "INSERT INTO unit_names (unit_id, valid_from, valid_to, name, short_name)"
                   " SELECT id, ?2, ?3, name, short_name FROM units WHERE id = ?1", "itt", r->unit, since, r->ch->date);
    const char *fold = text_fold(c->arena, r->name), *key = text_sort_key(c->arena, r->name);
    if (s == ST_OK && (!fold || !key))
        s = ST_NOMEM;
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE units SET name = ?2, name_fold = ?3, sort_key = ?4, short_name = ?5 WHERE id = ?1",
                   "itttt", r->unit, r->name, fold, key, r->short_name && *r->short_name ? r->short_name : NULL);
    if (s != ST_OK)
        return s;
    json_t *before = json_pack("{s:s?, s:s?}", "name", old_name, "short_name", old_short);
    json_t *after = json_pack("{s:s, s:s?}", "name", r->name, "short_name", r->short_name);
    return record(c, r->unit, "rename", r->ch, 0, before, after);
}

status_t org_rename(ctx_t *c, int64_t unit, const char *name, const char *short_name, const org_change_t *ch,
                    const char **why)
{
    *why = NULL;
    if (!name || !*name || text_chars(name) > 255) {
        *why = "Tên đơn vị không được để trống và không quá 255 ký tự.";
        return ST_INVALID;
    }
    status_t s = check_change(c, unit, ch, why);
    rename_t r = {unit, name, short_name, ch, why};
    return s == ST_OK ? in_tx(c, rename_tx, &r) : s;
}

/* ---- transfer ------------------------------------------------------------------- */

/* The units ever placed under ?1 through parent rows, ?1 included. */
#define EVER_UNDER                                                                                       \
    "WITH RECURSIVE down(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT t.descendant_id FROM unit_tree t"  \
    " JOIN down ON t.ancestor_id = down.id AND t.depth = 1)"

status_t org_derive_tree(ctx_t *c, int64_t unit)
{
    status_t s = db_run(c->db, NULL, EVER_UNDER " DELETE FROM unit_tree WHERE depth >= 2"
                        " AND descendant_id IN (SELECT id FROM down)", "i", unit);
    /* Each step up joins the next parent row over the common period. */
    if (s == ST_OK)
        s = db_run(c->db, NULL, EVER_UNDER ", up(descendant_id, ancestor_id, depth, valid_from, valid_to) AS ("
                   " SELECT descendant_id, ancestor_id, depth, valid_from, valid_to FROM unit_tree"
                   "  WHERE depth = 1 AND descendant_id IN (SELECT id FROM down)"
                   " UNION ALL SELECT up.descendant_id, p.ancestor_id, up.depth + 1,"
                   "  CASE WHEN p.valid_from > up.valid_from THEN p.valid_from ELSE up.valid_from END,"
                   "  CASE WHEN p.valid_to IS NULL OR up.valid_to < p.valid_to THEN up.valid_to ELSE p.valid_to END"
                   "  FROM up JOIN unit_tree p ON p.descendant_id = up.ancestor_id AND p.depth = 1"
                   "  WHERE p.valid_from < COALESCE(up.valid_to, '9999-12-31')"
                   "  AND COALESCE(p.valid_to, '9999-12-31') > up.valid_from AND up.depth < 64)"
                   " INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from, valid_to)"
                   " SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM up WHERE depth >= 2",
                   "i", unit);
    return s;
}

/* Where a move of a unit recorded for a date falls in its history. */
typedef struct {
    const char *eff;   /* the date, or the unit's founding if later */
    const char *next;  /* its next recorded change of place after EFF (NULL: none) */
    const char *until; /* how long the new parent must hold: NEXT, else the unit's end */
    int64_t from;      /* the parent it leaves (0: none) */
    bool same_day;     /* it already changed place on EFF (its founding row aside) */
} placing_t;

/* One query: the unit's row with its parent rows around EFF. */
static status_t find_place(ctx_t *c, int64_t unit, const char *date, placing_t *p)
{
    *p = (placing_t){0};
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT x.eff, (SELECT MIN(t.valid_from) FROM unit_tree t WHERE t.descendant_id = ?1 AND t.depth = 1"
        "  AND t.valid_from > x.eff), x.valid_to,"
        " (SELECT COALESCE(MAX(t.ancestor_id), 0) FROM unit_tree t WHERE t.descendant_id = ?1 AND t.depth = 1"
        "  AND t.valid_from <= x.eff AND (t.valid_to IS NULL OR t.valid_to > x.eff)),"
        " (SELECT COUNT(*) FROM unit_tree t WHERE t.descendant_id = ?1 AND t.depth = 1 AND t.valid_from = x.eff"
        "  AND t.valid_from > x.founded)"
        " FROM (SELECT CASE WHEN valid_from > ?2 THEN valid_from ELSE ?2 END AS eff, valid_from AS founded, valid_to"
        "  FROM units WHERE id = ?1) x", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "it", unit, date);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        p->eff = arena_strdup(c->arena, db_col_text(st, 0));
        p->next = db_col_text(st, 1) ? arena_strdup(c->arena, db_col_text(st, 1)) : NULL;
        p->until = p->next ? p->next : db_col_text(st, 2) ? arena_strdup(c->arena, db_col_text(st, 2)) : NULL;
        p->from = db_col_int(st, 3);
        p->same_day = db_col_int(st, 4) > 0;
    }
    s = rc == DB_ROW ? (p->eff ? ST_OK : ST_NOMEM) : rc == DB_DONE ? ST_NOT_FOUND : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* ST_OK when UNIT may be under PARENT over P's period; *WHY otherwise. */
static status_t check_transfer(ctx_t *c, int64_t unit, int64_t parent, const char *date, const placing_t *p,
                               const char **why)
{
    int64_t n = 0;
    status_t s = perm_check(c, PERM_WRITE, parent);
    /* PARENT under UNIT in that period would close a loop. */
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                       " AND (valid_to IS NULL OR valid_to > ?3) AND (?4 IS NULL OR valid_from < ?4)", "iitt", unit,
                       parent, p->eff, p->next);
    if (s == ST_OK && n) {
        *why = "Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị trực thuộc của nó"
               " (vào ngày điều chuyển hoặc sau đó).";
        return ST_INVALID;
    }
    unit_hold_t h = UNIT_HOLDS;
    if (s == ST_OK)
        s = unit_can_hold(c, parent, date, p->until, &h);
    if (s == ST_OK && h != UNIT_HOLDS) {
        *why = "Đơn vị nhận không tồn tại vào ngày hiệu lực hoặc giải thể trong thời gian đơn vị trực thuộc nó.";
        return ST_INVALID;
    }
    if (s == ST_OK && p->from == parent) {
        *why = "Đơn vị đã trực thuộc đơn vị nhận vào ngày đó.";
        return ST_INVALID;
    }
    /* (A merge moves children founded on or after its date too: their
     * founding row is not a change of place.) */
    if (s == ST_OK && p->same_day) {
        *why = "Đơn vị đã có một lần thay đổi vị trí vào ngày này; hãy chọn ngày khác.";
        return ST_INVALID;
    }
    return s;
}

/* Moves UNIT under PARENT from CH->date (or its founding, if later) until its
 * next recorded change of place, inside the open transaction: the parent row
 * covering that day closes (or goes, when it is the founding row of that
 * day), the new one holds until the next change, and the rows above follow.
 * A move recorded after a later one thus splits the history, which keeps the
 * later move. */
static status_t transfer_in_tx(ctx_t *c, int64_t unit, int64_t parent, const org_change_t *ch, const char **why)
{
    placing_t p;
    status_t s = find_place(c, unit, ch->date, &p);
    if (s == ST_OK)
        s = check_transfer(c, unit, parent, ch->date, &p, why);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "DELETE FROM unit_tree WHERE descendant_id = ?1 AND depth = 1 AND valid_from = ?2",
                   "it", unit, p.eff);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE unit_tree SET valid_to = ?2 WHERE descendant_id = ?1 AND depth = 1"
                   " AND valid_from < ?2 AND (valid_to IS NULL OR valid_to > ?2)", "it", unit, p.eff);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from, valid_to)"
                   " VALUES (?1, ?2, 1, ?3, ?4)", "iitt", parent, unit, p.eff, p.next);
    if (s == ST_OK)
        s = org_derive_tree(c, unit);
    if (s == ST_OK && !p.next)
        s = db_run(c->db, NULL, "UPDATE units SET parent_id = ?2 WHERE id = ?1", "ii", unit, parent);
    if (s != ST_OK)
        return s;
    return record(c, unit, "transfer", ch, parent, json_pack("{s:I}", "parent_id", (json_int_t)p.from),
                  json_pack("{s:I}", "parent_id", (json_int_t)parent));
}

typedef struct {
    int64_t unit, parent;
    const org_change_t *ch;
    const char **why;
} move_t;

static status_t transfer_tx(ctx_t *c, void *arg)
{
    move_t *m = arg;
    return transfer_in_tx(c, m->unit, m->parent, m->ch, m->why);
}

status_t org_transfer(ctx_t *c, int64_t unit, int64_t new_parent, const org_change_t *ch, const char **why)
{
    *why = NULL;
    status_t s = check_change(c, unit, ch, why);
    move_t m = {unit, new_parent, ch, why};
    return s == ST_OK ? in_tx(c, transfer_tx, &m) : s;
}

/* ---- dissolve and merge ---------------------------------------------------------- */

/* Ends, on the dissolution date, the open memberships of UNIT: the people
 * keep their history and are no longer members there. One audit entry lists
 * them. Refused when someone joined on or after that date. */
static status_t end_memberships(ctx_t *c, int64_t unit, const char *date, const char **why)
{
    int64_t late = 0;
    status_t s = db_get_int(c->db, &late, "SELECT COUNT(*) FROM memberships WHERE unit_id = ?1 AND to_date IS NULL"
                            " AND from_date >= ?2", "it", unit, date);
    if (s == ST_OK && late) {
        *why = "Có người bắt đầu sinh hoạt tại đơn vị từ ngày giải thể trở về sau; hãy sửa quá trình sinh hoạt đó trước.";
        return ST_CONFLICT;
    }
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT person_id FROM memberships WHERE unit_id = ?1 AND to_date IS NULL"
                                             " ORDER BY person_id", &st)) != ST_OK)
        return s;
    db_bindf(st, "i", unit);
    json_t *ids = json_array();
    while (db_step(st) == DB_ROW)
        jarr_take(ids, json_integer(db_col_int(st, 0)));
    s = db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && json_array_size(ids) > 0) {
        s = db_run(c->db, NULL, "UPDATE memberships SET to_date = ?2 WHERE unit_id = ?1 AND to_date IS NULL", "it",
                   unit, date);
        json_t *after = json_pack("{s:s, s:O}", "to_date", date, "persons", ids);
        if (s == ST_OK)
            s = audit_append(c, "end_memberships", "unit", unit, unit, NULL, after);
        json_decref(after);
    }
    json_decref(ids);
    return s;
}

static status_t dissolve_in_tx(ctx_t *c, int64_t unit, const org_change_t *ch, const char *event, int64_t other,
                               const char **why)
{
    int64_t alive = 0;
    status_t s = db_get_int(c->db, &alive, "SELECT COUNT(*) FROM unit_tree t JOIN units k ON k.id = t.descendant_id"
                            " WHERE t.ancestor_id = ?1 AND t.depth = 1 AND (t.valid_to IS NULL OR t.valid_to > ?2)"
                            " AND (k.valid_to IS NULL OR k.valid_to > ?2)", "it", unit, ch->date);
    if (s == ST_OK && alive) {
        *why = "Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể các đơn vị đó trước.";
        return ST_CONFLICT;
    }
    if (s == ST_OK)
        s = end_memberships(c, unit, ch->date, why);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE units SET valid_to = ?2 WHERE id = ?1", "it", unit, ch->date);
    if (s != ST_OK)
        return s;
    return record(c, unit, event, ch, other, json_pack("{s:n}", "valid_to"), json_pack("{s:s}", "valid_to", ch->date));
}

static status_t dissolve_tx(ctx_t *c, void *arg)
{
    move_t *m = arg;
    return dissolve_in_tx(c, m->unit, m->ch, "dissolve", 0, m->why);
}

status_t org_dissolve(ctx_t *c, int64_t unit, const org_change_t *ch, const char **why)
{
    *why = NULL;
    status_t s = check_change(c, unit, ch, why);
    move_t m = {unit, 0, ch, why};
    return s == ST_OK ? in_tx(c, dissolve_tx, &m) : s;
}

static void read_id(db_stmt_t *st, void *row, arena_t *a)
{
    (void)a;
    *(int64_t *)row = db_col_int(st, 0);
}

static status_t merge_tx(ctx_t *c, void *arg)
{
    move_t *m = arg; /* unit = from, parent = into */
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT t.descendant_id FROM unit_tree t JOIN units k ON k.id = t.descendant_id"
                                   " WHERE t.ancestor_id = ?1 AND t.depth = 1 AND (t.valid_to IS NULL OR t.valid_to > ?2)"
                                   " AND (k.valid_to IS NULL OR k.valid_to > ?2) GROUP BY t.descendant_id"
                                   " ORDER BY t.descendant_id", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, m->unit);
    db_bind_text(st, 2, m->ch->date);
    int64_t *kids = NULL;
    size_t n = 0;
    s = db_collect(st, c->arena, (void **)&kids, &n, sizeof *kids, read_id);
    for (size_t i = 0; s == ST_OK && i < n; i++)
        s = transfer_in_tx(c, kids[i], m->parent, m->ch, m->why);
    /* Its members follow into the receiving unit, each keeping one history. */
    if (s == ST_OK)
        s = person_move_members_in_tx(c, m->unit, m->parent, m->ch->date, NULL, m->why);
    if (s == ST_OK)
        s = dissolve_in_tx(c, m->unit, m->ch, "merge", m->parent, m->why);
    if (s == ST_OK)
        s = record(c, m->parent, "merge", m->ch, m->unit, NULL, json_pack("{s:I}", "merged_from", (json_int_t)m->unit));
    return s;
}

status_t org_merge(ctx_t *c, int64_t from, int64_t into, const org_change_t *ch, const char **why)
{
    *why = NULL;
    if (from == into) {
        *why = "Không thể sáp nhập một đơn vị vào chính nó.";
        return ST_INVALID;
    }
    status_t s = check_change(c, from, ch, why);
    if (s == ST_OK)
        s = check_change(c, into, ch, why);
    unit_hold_t h = UNIT_HOLDS;
    if (s == ST_OK)
        s = unit_can_hold(c, into, ch->date, NULL, &h);
    if (s == ST_OK && h != UNIT_HOLDS) {
        *why = "Không thể sáp nhập vào đơn vị đã giải thể hoặc sáp nhập sau ngày đó.";
        return ST_INVALID;
    }
    int64_t inside = 0;
    if (s == ST_OK)
        s = db_get_int(c->db, &inside, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                       " AND valid_to IS NULL", "ii", from, into);
    if (s == ST_OK && inside) {
        *why = "Không thể sáp nhập một đơn vị vào đơn vị trực thuộc của nó.";
        return ST_INVALID;
    }
    move_t m = {from, into, ch, why};
    return s == ST_OK ? in_tx(c, merge_tx, &m) : s;
}

/* ---- split ------------------------------------------------------------------------ */

typedef struct {
    int64_t source;
    unit_spec_t spec;
    const org_change_t *ch;
    int64_t *id;
    const char **why;
} split_t;

static status_t split_tx(ctx_t *c, void *arg)
{
    split_t *sp = arg;
    status_t s = unit_create_in_tx(c, &sp->spec, sp->id, sp->why);
    if (s == ST_OK)
        s = record(c, sp->source, "split", sp->ch, *sp->id, NULL, json_pack("{s:I}", "split_into", (json_int_t)*sp->id));
    return s;
}

status_t org_split(ctx_t *c, int64_t source, const unit_spec_t *spec, const org_change_t *ch, int64_t *id,
                   const char **why)
{
    *why = NULL;
    status_t s = check_change(c, source, ch, why);
    int64_t parent = spec->parent_id;
    if (s == ST_OK && !parent)
        s = db_get_int(c->db, &parent, "SELECT COALESCE(parent_id, 0) FROM units WHERE id = ?1", "i", source);
    if (s != ST_OK)
        return s;
    split_t sp = {source, *spec, ch, id, why};
    sp.spec.parent_id = parent;
    sp.spec.valid_from = ch->date;
    if (!sp.spec.decision_no)
        sp.spec.decision_no = ch->decision_no;
    return in_tx(c, split_tx, &sp);
}

/* ---- history ------------------------------------------------------------------------ */

static void read_event(db_stmt_t *st, void *row, arena_t *a)
{
    *(org_event_t *)row = (org_event_t){
        .id = db_col_int(st, 0), .unit_id = db_col_int(st, 1), .other_unit_id = db_col_int(st, 2),
        .event = arena_strdup(a, db_col_text(st, 3)), .event_date = arena_strdup(a, db_col_text(st, 4)),
        .decision_no = arena_strdup(a, db_col_text(st, 5)), .note = arena_strdup(a, db_col_text(st, 6)),
        .other_name = arena_strdup(a, db_col_text(st, 7))};
}

status_t org_history(ctx_t *c, int64_t unit, org_event_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = perm_check(c, PERM_READ, unit);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db,
        "SELECT e.id, e.unit_id, COALESCE(e.other_unit_id, 0), e.event, e.event_date, e.decision_no, e.note,"
        " CASE WHEN " PERM_HOLDS("o.id", 2, 3) " THEN o.name END FROM unit_events e"
        " LEFT JOIN units o ON o.id = e.other_unit_id WHERE e.unit_id = ?1 ORDER BY e.event_date, e.id", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, unit);
    db_bind_int(st, 2, perm_scope_user(c));
    db_bind_text(st, 3, perm_code(PERM_READ));
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_event);
}
