#include "core/unit.h"

#include <string.h>

#include "core/audit.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

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

static status_t validate(const char *code, const char *name, const char **why)
{
    if (!valid_code(code)) {
        *why = "Mã đơn vị phải có từ 1 đến 32 ký tự, chỉ gồm chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.";
        return ST_INVALID;
    }
    if (!name || !*name || text_chars(name) > 255) {
        *why = "Tên đơn vị không được để trống và không quá 255 ký tự.";
        return ST_INVALID;
    }
    return ST_OK;
}

static status_t insert_unit(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO units (parent_id, code, name, name_fold, sort_key, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    const char *fold = text_fold(c->arena, name), *key = text_sort_key(c->arena, name);
    if (!fold || !key) {
        db_finalize(st);
        return ST_NOMEM;
    }
    if (parent_id)
        db_bind_int(st, 1, parent_id);
    else
        db_bind_null(st, 1);
    db_bind_text(st, 2, code);
    db_bind_text(st, 3, name);
    db_bind_text(st, 4, fold);
    db_bind_text(st, 5, key);
    db_bind_int(st, 6, time_now());
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* The new unit is its own ancestor at depth 0 and inherits the parent's. */
static status_t insert_closure(ctx_t *c, int64_t parent_id, int64_t id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO unit_tree (ancestor_id, descendant_id, depth)"
        " SELECT ancestor_id, ?1, depth + 1 FROM unit_tree WHERE descendant_id = ?2"
        " UNION ALL SELECT ?1, ?1, 0", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, parent_id);
    s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

static status_t create_in_tx(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id)
{
    status_t s = insert_unit(c, parent_id, code, name, id);
    if (s == ST_OK)
        s = insert_closure(c, parent_id, *id);
    if (s != ST_OK)
        return s;
    json_t *after = json_object();
    jobj_str(after, "code", code);
    jobj_str(after, "name", name);
    jobj_int(after, "parent_id", parent_id);
    s = audit_append(c, "create", "unit", *id, *id, NULL, after);
    json_decref(after);
    return s;
}

status_t unit_create(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id,
                     const char **why)
{
    *why = NULL;
    status_t s = validate(code, name, why);
    if (s != ST_OK)
        return s;
    s = parent_id ? perm_check(c, PERM_WRITE, parent_id) : (c->system ? ST_OK : ST_FORBIDDEN);
    int64_t found;
    if (s == ST_OK && parent_id && c->system &&
        (s = db_query_int(c->db, "SELECT id FROM units WHERE id = ?1", true, parent_id, &found)) == ST_NOT_FOUND)
        *why = "Không tìm thấy đơn vị cấp trên.";
    if (s != ST_OK)
        return s;
    s = db_begin_write(c->db);
    if (s != ST_OK)
        return s;
    s = create_in_tx(c, parent_id, code, name, id);
    if (s == ST_OK)
        return db_commit(c->db);
    if (s == ST_CONFLICT)
        *why = "Mã đơn vị này đã được dùng cho một đơn vị khác.";
    db_rollback(c->db);
    return s;
}

#define UNIT_COLS "u.id, COALESCE(u.parent_id, 0), u.code, u.name," \
    " (SELECT COUNT(*) FROM units k WHERE k.parent_id = u.id)"

static void read_row(ctx_t *c, db_stmt_t *st, unit_t *u)
{
    u->id = db_col_int(st, 0);
    u->parent_id = db_col_int(st, 1);
    u->code = arena_strdup(c->arena, db_col_text(st, 2));
    u->name = arena_strdup(c->arena, db_col_text(st, 3));
    u->children = db_col_int(st, 4);
}

/* Runs a one-row query whose ?1 is bound to ID or CODE. */
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
    int rc = db_step(st);
    if (rc == DB_ROW)
        read_row(c, st, out);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t unit_get(ctx_t *c, int64_t id, unit_t *out)
{
    return get_one(c, "SELECT " UNIT_COLS " FROM units u WHERE u.id = ?1 AND " PERM_SCOPE("u.id", 2, 3),
                   id, NULL, out);
}

status_t unit_find_code(ctx_t *c, const char *code, unit_t *out)
{
    return get_one(c, "SELECT " UNIT_COLS " FROM units u WHERE u.code = ?1 AND " PERM_SCOPE("u.id", 2, 3),
                   0, code, out);
}

/* Runs ST (already bound) and collects its rows into *OUT. */
static status_t collect(ctx_t *c, db_stmt_t *st, unit_t **out, size_t *n)
{
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        unit_t *u = arena_push(c->arena, (void **)out, n, &cap, sizeof *u);
        if (!u) {
            db_finalize(st);
            return ST_NOMEM;
        }
        read_row(c, st, u);
    }
    status_t s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t unit_list_scope(ctx_t *c, perm_t p, size_t limit, unit_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT " UNIT_COLS " FROM units u WHERE " PERM_SCOPE("u.id", 1, 2)
                            " ORDER BY u.sort_key LIMIT ?3", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, perm_scope_user(c));
    db_bind_text(st, 2, perm_code(p));
    db_bind_int(st, 3, (int64_t)limit);
    return collect(c, st, out, n);
}

status_t unit_list(ctx_t *c, int64_t parent_id, unit_t **out, size_t *n)
{
    static const char by_parent[] =
        "SELECT " UNIT_COLS " FROM units u WHERE u.parent_id = ?1 AND " PERM_SCOPE("u.id", 2, 3)
        " ORDER BY u.sort_key";
    static const char tops[] =
        "SELECT " UNIT_COLS " FROM units u WHERE ?1 = 0 AND " PERM_SCOPE("u.id", 2, 3)
        " AND (u.parent_id IS NULL OR NOT " PERM_SCOPE("u.parent_id", 2, 3) ") ORDER BY u.sort_key";
    *out = NULL;
    *n = 0;
    if (parent_id) {
        status_t s = perm_check(c, PERM_READ, parent_id);
        if (s != ST_OK)
            return s;
    }
    db_stmt_t *st;
    status_t s = db_prepare(c->db, parent_id ? by_parent : tops, &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, parent_id);
    db_bind_int(st, 2, perm_scope_user(c));
    db_bind_text(st, 3, perm_code(PERM_READ));
    return collect(c, st, out, n);
}
