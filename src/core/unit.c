#include "core/unit.h"

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/org.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

/* Columns of unit_t as of the date bound to ?AT (a placeholder number). The
 * name is the one the unit had then (unit_names keeps past names). */
#define UNIT_SELECT(AT)                                                                              \
    "SELECT u.id, COALESCE(u.parent_id, 0), u.code,"                                                  \
    " CASE WHEN n.unit_id IS NULL THEN u.name ELSE n.name END,"                                       \
    " CASE WHEN n.unit_id IS NULL THEN u.short_name ELSE n.short_name END,"                           \
    " u.kind, k.name, COALESCE(k.level, 0), u.sector, u.address, u.valid_from, u.valid_to, u.year_type," \
    " (SELECT COUNT(*) FROM unit_tree ct JOIN units cu ON cu.id = ct.descendant_id"                   \
    "   WHERE ct.ancestor_id = u.id AND ct.depth = 1 AND " ALIVE("ct", AT) " AND " ALIVE("cu", AT) ")" \
    " FROM units u LEFT JOIN unit_kinds k ON k.code = u.kind"                                         \
    " LEFT JOIN unit_names n ON n.unit_id = u.id AND n.valid_from <= ?" #AT " AND n.valid_to > ?" #AT

/* Row or closure row T holds on the date ?AT. */
#define ALIVE(T, AT) "(" T ".valid_from <= ?" #AT " AND (" T ".valid_to IS NULL OR " T ".valid_to > ?" #AT "))"

const char *unit_today(ctx_t *c)
{
    time_t t = (time_t)(time_now() + 7 * 3600); /* Vietnam time, no DST */
    struct tm tm;
    gmtime_r(&t, &tm);
    buf_t b;
    buf_init(&b, 16);
    date_format_iso(&b, (date_t){.y = tm.tm_year + 1900, .m = tm.tm_mon + 1, .d = tm.tm_mday});
    const char *s = buf_failed(&b) ? NULL : arena_strdup(c->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static bool valid_code(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

static bool valid_iso(const char *s)
{
    date_t d;
    return s && date_parse_iso(s, &d);
}

static status_t validate(const unit_spec_t *sp, const char **why)
{
    if (!valid_code(sp->code))
        *why = "Mã đơn vị phải có từ 1 đến 32 ký tự, chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.";
    else if (!sp->name || !*sp->name || text_chars(sp->name) > 255)
        *why = "Tên đơn vị không được để trống và không quá 255 ký tự.";
    else if (sp->short_name && text_chars(sp->short_name) > 100)
        *why = "Tên viết tắt không quá 100 ký tự.";
    else if (sp->address && text_chars(sp->address) > 500)
        *why = "Địa chỉ không quá 500 ký tự.";
    else if (sp->valid_from && !valid_iso(sp->valid_from))
        *why = "Ngày thành lập không hợp lệ.";
    else if (sp->year_type && strcmp(sp->year_type, "calendar") != 0 && strcmp(sp->year_type, "school") != 0)
        *why = "Loại năm phải là năm dương lịch hoặc năm học.";
    else
        return ST_OK;
    return ST_INVALID;
}

/* Kind and sector codes must exist. */
static status_t check_refs(ctx_t *c, const unit_spec_t *sp, const char **why)
{
    static const struct { const char *sql, *msg; } refs[] = {
        {"SELECT COUNT(*) FROM unit_kinds WHERE code = ?1", "Loại đơn vị không có trong danh mục."},
        {"SELECT COUNT(*) FROM sectors WHERE code = ?1", "Khu vực, loại hình không có trong danh mục."},
    };
    const char *vals[] = {sp->kind, sp->sector};
    for (int i = 0; i < 2; i++) {
        if (!vals[i])
            continue;
        db_stmt_t *st;
        status_t s = db_prepare(c->db, refs[i].sql, &st);
        if (s != ST_OK)
            return s;
        db_bind_text(st, 1, vals[i]);
        int64_t n = db_step(st) == DB_ROW ? db_col_int(st, 0) : -1;
        db_finalize(st);
        if (n < 0)
            return db_last_status(c->db);
        if (n == 0) {
            *why = refs[i].msg;
            return ST_INVALID;
        }
    }
    return ST_OK;
}

static void bind_opt(db_stmt_t *st, int idx, const char *s)
{
    if (s && *s)
        db_bind_text(st, idx, s);
    else
        db_bind_null(st, idx);
}

static status_t insert_unit(ctx_t *c, const unit_spec_t *sp, const char *from, int64_t *id)
{
    const char *fold = text_fold(c->arena, sp->name), *key = text_sort_key(c->arena, sp->name);
    if (!fold || !key)
        return ST_NOMEM;
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO units (parent_id, code, name, name_fold, sort_key, created_at, short_name, kind, sector,"
        " address, valid_from, year_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        &st);
    if (s != ST_OK)
        return s;
    if (sp->parent_id)
        db_bind_int(st, 1, sp->parent_id);
    else
        db_bind_null(st, 1);
    db_bind_text(st, 2, sp->code);
    db_bind_text(st, 3, sp->name);
    db_bind_text(st, 4, fold);
    db_bind_text(st, 5, key);
    db_bind_int(st, 6, time_now());
    bind_opt(st, 7, sp->short_name);
    bind_opt(st, 8, sp->kind);
    bind_opt(st, 9, sp->sector);
    bind_opt(st, 10, sp->address);
    db_bind_text(st, 11, from);
    db_bind_text(st, 12, sp->year_type ? sp->year_type : "calendar");
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* The new unit is its own ancestor at depth 0 and its parent's child, from
 * FROM on; the rows above follow the parent's history from then. */
static status_t insert_closure(ctx_t *c, int64_t parent_id, int64_t id, const char *from)
{
    status_t s = db_run(c->db, NULL, "INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from)"
                        " VALUES (?1, ?1, 0, ?2)", "it", id, from);
    if (s == ST_OK && parent_id)
        s = db_run(c->db, NULL, "INSERT INTO unit_tree (ancestor_id, descendant_id, depth, valid_from)"
                   " VALUES (?1, ?2, 1, ?3)", "iit", parent_id, id, from);
    return s == ST_OK && parent_id ? org_derive_tree(c, id) : s;
}

status_t unit_can_hold(ctx_t *c, int64_t parent, const char *date, const char *until, unit_hold_t *out)
{
    int64_t v = UNIT_ABSENT;
    status_t s = db_get_int(c->db, &v, "SELECT CASE WHEN NOT " ALIVE("u", 2) " THEN 1 WHEN u.valid_to IS NOT NULL"
                            " AND (?3 IS NULL OR u.valid_to < ?3) THEN 2 ELSE 0 END FROM units u WHERE u.id = ?1",
                            "itt", parent, date, until);
    *out = s == ST_OK ? (unit_hold_t)v : UNIT_ABSENT;
    return s == ST_NOT_FOUND ? ST_OK : s;
}

/* ST_OK when units may be founded under PARENT on FROM; *WHY otherwise. */
static status_t parent_alive(ctx_t *c, int64_t parent, const char *from, const char **why)
{
    unit_hold_t h;
    status_t s = unit_can_hold(c, parent, from, NULL, &h);
    if (s == ST_OK && h == UNIT_ABSENT) {
        *why = "Đơn vị cấp trên không tồn tại vào ngày thành lập đơn vị mới.";
        return ST_NOT_FOUND;
    }
    if (s == ST_OK && h == UNIT_ENDED) {
        *why = "Đơn vị cấp trên đã giải thể hoặc sáp nhập sau ngày đó; không thể thêm đơn vị trực thuộc.";
        return ST_CONFLICT;
    }
    return s;
}

/* The audit "after" of a new unit: the fields given (absent ones left out). */
static json_t *spec_json(const unit_spec_t *sp, const char *from)
{
    json_t *j = json_object();
    const char *keys[] = {"code", "name", "short_name", "kind", "sector", "address", "decision_no", "valid_from"};
    const char *vals[] = {sp->code, sp->name, sp->short_name, sp->kind, sp->sector, sp->address, sp->decision_no, from};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (vals[i] && *vals[i])
            jobj_str(j, keys[i], vals[i]);
    jobj_int(j, "parent_id", sp->parent_id);
    return j;
}

static status_t create_in_tx(ctx_t *c, const unit_spec_t *sp, const char *from, int64_t *id)
{
    status_t s = insert_unit(c, sp, from, id);
    if (s == ST_OK)
        s = insert_closure(c, sp->parent_id, *id, from);
    if (s == ST_OK)
        s = org_record_event(c, *id, "create", from, sp->decision_no, sp->parent_id, NULL);
    if (s != ST_OK)
        return s;
    json_t *after = spec_json(sp, from);
    s = audit_append(c, "create", "unit", *id, *id, NULL, after);
    json_decref(after);
    return s;
}

status_t unit_create_in_tx(ctx_t *c, const unit_spec_t *sp, int64_t *id, const char **why)
{
    *why = NULL;
    const char *from = sp->valid_from ? sp->valid_from : unit_today(c);
    status_t s = validate(sp, why);
    if (s == ST_OK)
        s = sp->parent_id ? perm_check(c, PERM_WRITE, sp->parent_id) : (c->system ? ST_OK : ST_FORBIDDEN);
    if (s == ST_OK)
        s = check_refs(c, sp, why);
    if (s == ST_OK && sp->parent_id)
        s = parent_alive(c, sp->parent_id, from, why);
    if (s == ST_OK)
        s = create_in_tx(c, sp, from, id);
    if (s == ST_CONFLICT && !*why)
        *why = "Mã đơn vị này đã được dùng cho một đơn vị khác.";
    return s;
}

status_t unit_create_spec(ctx_t *c, const unit_spec_t *sp, int64_t *id, const char **why)
{
    status_t s = db_begin_write(c->db);
    if (s != ST_OK) {
        *why = NULL;
        return s;
    }
    s = unit_create_in_tx(c, sp, id, why);
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

status_t unit_create(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id,
                     const char **why)
{
    unit_spec_t sp = {.parent_id = parent_id, .code = code, .name = name};
    return unit_create_spec(c, &sp, id, why);
}

static void read_unit(db_stmt_t *st, void *row, arena_t *a)
{
    unit_t *u = row;
    *u = (unit_t){
        .id = db_col_int(st, 0), .parent_id = db_col_int(st, 1), .code = arena_strdup(a, db_col_text(st, 2)),
        .name = arena_strdup(a, db_col_text(st, 3)), .short_name = arena_strdup(a, db_col_text(st, 4)),
        .kind = arena_strdup(a, db_col_text(st, 5)), .kind_name = arena_strdup(a, db_col_text(st, 6)),
        .level = (int)db_col_int(st, 7), .sector = arena_strdup(a, db_col_text(st, 8)),
        .address = arena_strdup(a, db_col_text(st, 9)), .valid_from = arena_strdup(a, db_col_text(st, 10)),
        .valid_to = arena_strdup(a, db_col_text(st, 11)), .year_type = arena_strdup(a, db_col_text(st, 12)),
        .children = db_col_int(st, 13),
    };
}

/* Runs ST (already bound) and collects its rows into *OUT. */
static status_t collect(ctx_t *c, db_stmt_t *st, unit_t **out, size_t *n)
{
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_unit);
}

/* Binds ?1 (id or code), ?2 user, ?3 perm, ?4 today and collects one row. */
static status_t get_one(ctx_t *c, const char *sql, int64_t id, const char *code, unit_t *out)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, sql, &st);
    if (s != ST_OK)
        return s;
    if (code)
        db_bind_text(st, 1, code);
    else
        db_bind_int(st, 1, id);
    db_bind_int(st, 2, perm_scope_user(c));
    db_bind_text(st, 3, perm_code(PERM_READ));
    db_bind_text(st, 4, unit_today(c));
    unit_t *rows = NULL;
    size_t n = 0;
    s = collect(c, st, &rows, &n);
    if (s == ST_OK && n == 0)
        s = ST_FORBIDDEN;
    if (s == ST_OK)
        *out = rows[0];
    return s;
}

status_t unit_get(ctx_t *c, int64_t id, unit_t *out)
{
    return get_one(c, UNIT_SELECT(4) " WHERE u.id = ?1 AND " PERM_HOLDS("u.id", 2, 3), id, NULL, out);
}

status_t unit_find_code(ctx_t *c, const char *code, unit_t *out)
{
    return get_one(c, UNIT_SELECT(4) " WHERE u.code = ?1 AND " PERM_HOLDS("u.id", 2, 3), 0, code, out);
}

status_t unit_list_scope(ctx_t *c, perm_t p, size_t limit, unit_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, UNIT_SELECT(4) " WHERE " PERM_SCOPE("u.id", 1, 2)
                            " AND u.valid_to IS NULL ORDER BY u.sort_key LIMIT ?3", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, perm_scope_user(c));
    db_bind_text(st, 2, perm_code(p));
    db_bind_int(st, 3, (int64_t)limit);
    db_bind_text(st, 4, unit_today(c));
    return collect(c, st, out, n);
}

/* The children of ?1 on ?4 that the caller (?2, perm ?3) may read. */
#define BY_PARENT                                                                                      \
    " JOIN unit_tree t ON t.descendant_id = u.id AND t.ancestor_id = ?1 AND t.depth = 1"               \
    " WHERE " ALIVE("t", 4) " AND " ALIVE("u", 4) " AND " PERM_SCOPE("u.id", 2, 3)

/* The readable units whose parent is not: the roots for a caller who reads
 * everything, else among the units granted to the caller (a unit below one
 * is readable, and so is its parent). The candidates come from indexes, not
 * from a scan of every unit. */
#define TOPS                                                                                           \
    " WHERE ?1 = 0 AND ((?2 < 0 AND u.parent_id IS NULL) OR u.id IN (SELECT g.unit_id"                  \
    " FROM grants g JOIN role_perms rp ON rp.role = g.role WHERE g.user_id = ?2 AND rp.perm = ?3))"     \
    " AND " ALIVE("u", 4) " AND " PERM_HOLDS("u.id", 2, 3)                                              \
    " AND (u.parent_id IS NULL OR NOT " PERM_HOLDS("u.parent_id", 2, 3) ")"

/* ?5: a LIKE pattern (escape '!') on the current folded name or the code, or NULL. */
#define MATCHING " AND (?5 IS NULL OR u.name_fold LIKE ?5 ESCAPE '!' OR LOWER(u.code) LIKE ?5 ESCAPE '!')"

/* *OUT: "%part%" of the folded Q with the LIKE wildcards escaped, or NULL
 * when Q folds to nothing (absent, blank, or only marks). ST_NOMEM on OOM. */
static status_t like_pattern(arena_t *a, const char *q, const char **out)
{
    *out = NULL;
    const char *fold = q ? text_fold(a, q) : "";
    if (!fold)
        return ST_NOMEM;
    if (!*fold)
        return ST_OK;
    buf_t b;
    buf_init(&b, strlen(fold) * 2 + 3);
    buf_putc(&b, '%');
    for (const char *p = fold; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '!')
            buf_putc(&b, '!');
        buf_putc(&b, *p);
    }
    buf_putc(&b, '%');
    *out = buf_failed(&b) ? NULL : arena_strdup(a, buf_str(&b));
    buf_free(&b);
    return *out ? ST_OK : ST_NOMEM;
}

static void bind_query(ctx_t *c, db_stmt_t *st, const unit_query_t *q, const char *pattern)
{
    db_bind_int(st, 1, q->parent_id);
    db_bind_int(st, 2, perm_scope_user(c));
    db_bind_text(st, 3, perm_code(PERM_READ));
    db_bind_text(st, 4, q->at ? q->at : unit_today(c));
    if (pattern)
        db_bind_text(st, 5, pattern);
    else
        db_bind_null(st, 5);
}

#define PAGE " ORDER BY u.sort_key, u.id LIMIT ?6 OFFSET ?7"

status_t unit_children(ctx_t *c, const unit_query_t *q, unit_page_t *out)
{
    /* [by parent][0 the page, 1 the count] */
    static const char *const sql[2][2] = {
        {UNIT_SELECT(4) TOPS MATCHING PAGE, "SELECT COUNT(*) FROM units u" TOPS MATCHING},
        {UNIT_SELECT(4) BY_PARENT MATCHING PAGE, "SELECT COUNT(*) FROM units u" BY_PARENT MATCHING},
    };
    *out = (unit_page_t){0};
    if (q->at && !valid_iso(q->at))
        return ST_INVALID;
    const char *const *mine = sql[q->parent_id != 0];
    status_t s = q->parent_id ? perm_check(c, PERM_READ, q->parent_id) : ST_OK;
    const char *pattern = NULL;
    if (s == ST_OK)
        s = like_pattern(c->arena, q->q, &pattern);
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, mine[0], &st)) != ST_OK)
        return s;
    bind_query(c, st, q, pattern);
    db_bind_int(st, 6, q->limit ? (int64_t)q->limit : INT64_MAX);
    db_bind_int(st, 7, (int64_t)q->offset);
    if ((s = collect(c, st, &out->items, &out->n)) != ST_OK)
        return s;
    out->total = (int64_t)(q->offset + out->n);
    /* A full page may have more after it, an empty one more before it. */
    if (!q->limit || (out->n < q->limit && (out->n > 0 || q->offset == 0)))
        return ST_OK;
    if ((s = db_prepare(c->db, mine[1], &st)) != ST_OK)
        return s;
    bind_query(c, st, q, pattern);
    s = db_step(st) == DB_ROW ? ST_OK : db_last_status(c->db);
    if (s == ST_OK)
        out->total = db_col_int(st, 0);
    db_finalize(st);
    return s;
}

status_t unit_list_at(ctx_t *c, int64_t parent_id, const char *at, unit_t **out, size_t *n)
{
    unit_query_t q = {.parent_id = parent_id, .at = at};
    unit_page_t pg;
    status_t s = unit_children(c, &q, &pg);
    *out = pg.items;
    *n = pg.n;
    return s;
}

status_t unit_list(ctx_t *c, int64_t parent_id, unit_t **out, size_t *n)
{
    return unit_list_at(c, parent_id, NULL, out, n);
}

status_t unit_count_subtree(ctx_t *c, int64_t root, const char *at, int64_t *count)
{
    if (at && !valid_iso(at))
        return ST_INVALID;
    status_t s = perm_check(c, PERM_READ, root);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "SELECT COUNT(*) FROM unit_tree t JOIN units u ON u.id = t.descendant_id"
                          " WHERE t.ancestor_id = ?1 AND " ALIVE("t", 2) " AND " ALIVE("u", 2), &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, root);
    db_bind_text(st, 2, at ? at : unit_today(c));
    s = db_step(st) == DB_ROW ? ST_OK : db_last_status(c->db);
    if (s == ST_OK)
        *count = db_col_int(st, 0);
    db_finalize(st);
    return s;
}

status_t unit_parent_at(ctx_t *c, int64_t id, const char *at, int64_t *parent)
{
    *parent = 0;
    status_t s = perm_check(c, PERM_READ, id);
    if (s == ST_OK)
        s = db_get_int(c->db, parent,
                       "SELECT ancestor_id FROM unit_tree t WHERE t.descendant_id = ?1 AND t.depth = 1 AND " ALIVE("t", 2),
                       "it", id, at);
    return s == ST_NOT_FOUND ? ST_OK : s;
}

status_t unit_ancestors(ctx_t *c, int64_t id, unit_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = perm_check(c, PERM_READ, id);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, UNIT_SELECT(4) " JOIN unit_tree a ON a.ancestor_id = u.id AND a.descendant_id = ?1"
                   " AND a.depth > 0 AND a.valid_to IS NULL WHERE " PERM_HOLDS("u.id", 2, 3) " ORDER BY a.depth DESC",
                   &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, perm_scope_user(c));
    db_bind_text(st, 3, perm_code(PERM_READ));
    db_bind_text(st, 4, unit_today(c));
    return collect(c, st, out, n);
}

static void read_kind(db_stmt_t *st, void *row, arena_t *a)
{
    *(unit_kind_t *)row = (unit_kind_t){arena_strdup(a, db_col_text(st, 0)), arena_strdup(a, db_col_text(st, 1)),
                                        (int)db_col_int(st, 2)};
}

static status_t catalogue(ctx_t *c, const char *sql, unit_kind_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, sql, &st);
    if (s != ST_OK)
        return s;
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_kind);
}

status_t unit_kind_list(ctx_t *c, unit_kind_t **out, size_t *n)
{
    return catalogue(c, "SELECT code, name, level FROM unit_kinds ORDER BY rank", out, n);
}

status_t unit_sector_list(ctx_t *c, unit_kind_t **out, size_t *n)
{
    return catalogue(c, "SELECT code, name, 0 FROM sectors ORDER BY rank", out, n);
}
