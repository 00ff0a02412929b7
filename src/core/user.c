#include "core/user.h"

#include <sodium.h>
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/perm.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

static bool valid_login(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

static status_t check_password(const char *pw, const char **why)
{
    size_t n = text_chars(pw);
    if (n < 8 || n > 128) {
        *why = "Mật khẩu phải có từ 8 đến 128 ký tự.";
        return ST_INVALID;
    }
    return ST_OK;
}

/* Runs a one-statement write with the given binds inside the open transaction. */
static status_t exec1(ctx_t *c, db_stmt_t *st)
{
    status_t s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* Commits when S is ST_OK, otherwise rolls back; returns the final status. */
static status_t finish(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

static status_t insert_user(ctx_t *c, const char *login, const char *name, const char *hash, int64_t *id)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO users (login, full_name, password_hash, active, created_by, created_at, password_changed_at)"
        " VALUES (?1, ?2, ?3, 1, ?5, ?4, ?4) RETURNING id", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, login);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, hash);
    db_bind_int(st, 4, time_now());
    if (c->user_id)
        db_bind_int(st, 5, c->user_id);
    else
        db_bind_null(st, 5);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *id = db_col_int(st, 0);
    s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

/* Accounts the caller manages: those holding a role on a unit in the
 * caller's PERM_MANAGE_USERS scope, and those the caller created that hold no
 * role yet (so they can be granted one). ?1 user (-1 system), ?2 perm. */
#define MANAGED_USER(COL)                                                                      \
    "(?1 < 0 OR " COL " IN (SELECT g.user_id FROM grants g WHERE " PERM_SCOPE("g.unit_id", 1, 2) ")" \
    " OR " COL " IN (SELECT n.id FROM users n WHERE n.created_by = ?1"                              \
    " AND NOT EXISTS (SELECT 1 FROM grants g2 WHERE g2.user_id = n.id)))"

status_t user_create(ctx_t *c, const char *login, const char *full_name, const char *password,
                     int64_t *id, const char **why)
{
    *why = NULL;
    if (!valid_login(login)) {
        *why = "Tên đăng nhập phải có từ 3 đến 64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới.";
        return ST_INVALID;
    }
    if (!full_name || !*full_name || text_chars(full_name) > 255) {
        *why = "Họ và tên không được để trống và không quá 255 ký tự.";
        return ST_INVALID;
    }
    status_t s = check_password(password, why);
    if (s == ST_OK && (s = perm_any(c, PERM_MANAGE_USERS)) == ST_FORBIDDEN)
        *why = "Bạn không có quyền quản lý tài khoản.";
    char hash[crypto_pwhash_STRBYTES];
    if (s == ST_OK)
        s = password_hash(password, hash, sizeof hash);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = insert_user(c, login, full_name, hash, id);
    if (s == ST_OK) {
        json_t *after = json_object();
        jobj_str(after, "login", login);
        jobj_str(after, "full_name", full_name);
        s = audit_append(c, "create", "user", *id, 0, NULL, after);
        json_decref(after);
    }
    if (s == ST_CONFLICT)
        *why = "Tên đăng nhập này đã có người dùng.";
    return finish(c, s);
}

status_t user_grant(ctx_t *c, int64_t user_id, int64_t unit_id, const char *role, const char **why)
{
    *why = NULL;
    status_t s = perm_check(c, PERM_MANAGE_USERS, unit_id);
    if (s == ST_FORBIDDEN)
        *why = "Bạn không có quyền phân quyền trên đơn vị này.";
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db,
        "INSERT INTO grants (user_id, unit_id, role, granted_by, granted_at)"
        " SELECT ?1, ?2, r.code, ?4, ?5 FROM roles r, users u WHERE r.code = ?3 AND u.id = ?1"
        " ON CONFLICT (user_id, unit_id, role) DO NOTHING", &st);
    if (s == ST_OK) {
        db_bind_int(st, 1, user_id);
        db_bind_int(st, 2, unit_id);
        db_bind_text(st, 3, role);
        if (c->user_id)
            db_bind_int(st, 4, c->user_id);
        else
            db_bind_null(st, 4);
        db_bind_int(st, 5, time_now());
        if (db_step(st) != DB_DONE)
            s = db_last_status(c->db);
        else if (db_changes(st) == 0)
            s = ST_NOT_FOUND; /* unknown role/user, or already held: told apart below */
        db_finalize(st);
    }
    if (s == ST_NOT_FOUND) {
        int64_t held;
        db_stmt_t *q;
        s = db_prepare(c->db, "SELECT COUNT(*) FROM grants WHERE user_id = ?1 AND unit_id = ?2 AND role = ?3", &q);
        if (s == ST_OK) {
            db_bind_int(q, 1, user_id);
            db_bind_int(q, 2, unit_id);
            db_bind_text(q, 3, role);
            held = db_step(q) == DB_ROW ? db_col_int(q, 0) : 0;
            db_finalize(q);
            s = held ? ST_OK : ST_INVALID;
            *why = held ? NULL : "Tài khoản hoặc vai trò không tồn tại.";
        }
        db_rollback(c->db);
        return s;
    }
    if (s == ST_OK) {
        json_t *after = json_object();
        jobj_int(after, "user_id", user_id);
        jobj_int(after, "unit_id", unit_id);
        jobj_str(after, "role", role);
        s = audit_append(c, "grant", "user", user_id, unit_id, NULL, after);
        json_decref(after);
    }
    return finish(c, s);
}

/* ST_OK when C may reset USER_ID's password without knowing the old one. */
static status_t may_manage(ctx_t *c, int64_t user_id)
{
    if (c->system)
        return ST_OK;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT 1 WHERE " MANAGED_USER("?3"), &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, perm_scope_user(c));
    db_bind_text(st, 2, perm_code(PERM_MANAGE_USERS));
    db_bind_int(st, 3, user_id);
    int rc = db_step(st);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s;
}

static status_t store_password(ctx_t *c, int64_t user_id, const char *hash)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "UPDATE users SET password_hash = ?1, password_changed_at = ?2 WHERE id = ?3", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, hash);
    db_bind_int(st, 2, time_now());
    db_bind_int(st, 3, user_id);
    if ((s = exec1(c, st)) != ST_OK)
        return s;
    /* Every session of the account ends but the one making the change. */
    s = db_prepare(c->db, "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, user_id);
    db_bind_int(st, 2, c->session_id);
    return exec1(c, st);
}

status_t user_set_password(ctx_t *c, int64_t user_id, const char *old, const char *password,
                           const char **why)
{
    *why = NULL;
    status_t s = check_password(password, why);
    if (s != ST_OK)
        return s;
    user_t u;
    s = old ? (user_id == c->user_id ? ST_OK : ST_FORBIDDEN) : may_manage(c, user_id);
    if (s == ST_OK && old) {
        int64_t id;
        s = user_get(c, user_id, &u);
        if (s == ST_OK && auth_login(c->db, u.login, old, c->ip, &id) != ST_OK) {
            *why = "Mật khẩu hiện tại không đúng.";
            return ST_INVALID;
        }
    }
    if (s == ST_FORBIDDEN)
        *why = "Bạn không có quyền đổi mật khẩu của tài khoản này.";
    char hash[crypto_pwhash_STRBYTES];
    if (s != ST_OK || (s = password_hash(password, hash, sizeof hash)) != ST_OK ||
        (s = db_begin_write(c->db)) != ST_OK)
        return s;
    s = store_password(c, user_id, hash);
    if (s == ST_OK)
        s = audit_append(c, "set_password", "user", user_id, 0, NULL, NULL);
    return finish(c, s);
}

static status_t get_user(ctx_t *c, const char *sql, int64_t id, const char *login, user_t *out)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, sql, &st);
    if (s != ST_OK)
        return s;
    if (login)
        db_bind_text(st, 1, login);
    else
        db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *out = (user_t){.id = db_col_int(st, 0), .login = arena_strdup(c->arena, db_col_text(st, 1)),
                        .full_name = arena_strdup(c->arena, db_col_text(st, 2)),
                        .active = db_col_int(st, 3) != 0};
    }
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_NOT_FOUND : db_last_status(c->db);
    db_finalize(st);
    if (s == ST_OK && !c->system && out->id != c->user_id && may_manage(c, out->id) != ST_OK)
        s = ST_FORBIDDEN;
    return s;
}

status_t user_get(ctx_t *c, int64_t id, user_t *out)
{
    return get_user(c, "SELECT id, login, full_name, active FROM users WHERE id = ?1", id, NULL, out);
}

status_t user_find_login(ctx_t *c, const char *login, user_t *out)
{
    return get_user(c, "SELECT id, login, full_name, active FROM users WHERE login = ?1", 0, login, out);
}

static status_t roles_of(ctx_t *c, int64_t user_id, const char **out)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "SELECT r.name, u.name FROM grants g JOIN roles r ON r.code = g.role JOIN units u ON u.id = g.unit_id"
        " WHERE g.user_id = ?1 ORDER BY r.rank, u.sort_key", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, user_id);
    buf_t b;
    buf_init(&b, 64 * 1024);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        buf_printf(&b, "%s%s @ %s", b.len ? "; " : "", db_col_text(st, 0), db_col_text(st, 1));
    s = rc == DB_DONE ? (buf_failed(&b) ? ST_NOMEM : ST_OK) : db_last_status(c->db);
    db_finalize(st);
    *out = arena_strdup(c->arena, buf_str(&b));
    buf_free(&b);
    return s;
}

static void read_user(db_stmt_t *st, void *row, arena_t *a)
{
    *(user_t *)row = (user_t){.id = db_col_int(st, 0), .login = arena_strdup(a, db_col_text(st, 1)),
                              .full_name = arena_strdup(a, db_col_text(st, 2)), .active = db_col_int(st, 3) != 0};
}

status_t user_list(ctx_t *c, user_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = perm_any(c, PERM_MANAGE_USERS);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db,
        "SELECT u.id, u.login, u.full_name, u.active FROM users u WHERE " MANAGED_USER("u.id") " ORDER BY u.login",
        &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, perm_scope_user(c));
    db_bind_text(st, 2, perm_code(PERM_MANAGE_USERS));
    s = db_collect(st, c->arena, (void **)out, n, sizeof **out, read_user);
    for (size_t i = 0; s == ST_OK && i < *n; i++)
        s = roles_of(c, (*out)[i].id, &(*out)[i].roles);
    return s;
}

static void read_grant(db_stmt_t *st, void *row, arena_t *a)
{
    *(grant_t *)row = (grant_t){.role = arena_strdup(a, db_col_text(st, 0)), .role_name = arena_strdup(a, db_col_text(st, 1)),
                                .unit_id = db_col_int(st, 2), .unit_code = arena_strdup(a, db_col_text(st, 3)),
                                .unit_name = arena_strdup(a, db_col_text(st, 4))};
}

status_t user_grants(ctx_t *c, int64_t user_id, grant_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = user_id == c->user_id ? ST_OK : may_manage(c, user_id);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "SELECT g.role, ro.name, u.id, u.code, u.name FROM grants g JOIN roles ro ON ro.code = g.role"
                          " JOIN units u ON u.id = g.unit_id WHERE g.user_id = ?1 ORDER BY ro.rank, u.sort_key", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, user_id);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_grant);
}
