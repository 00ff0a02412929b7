#include "core/perm.h"

static const char *codes[PERM__COUNT] = {
    [PERM_READ] = "read",       [PERM_WRITE] = "write",
    [PERM_APPROVE] = "approve", [PERM_VOTE] = "vote",
    [PERM_MANAGE_USERS] = "manage_users", [PERM_AUDIT] = "audit",
};

const char *perm_code(perm_t p) { return (int)p >= 0 && p < PERM__COUNT ? codes[p] : "none"; }

int64_t perm_scope_user(const ctx_t *c) { return c->system ? -1 : c->user_id; }

/* Runs SQL binding ?1 user, ?2 perm, ?3 unit (when UNIT >= 0); a row means yes. */
static status_t ask(ctx_t *c, const char *sql, perm_t p, int64_t unit)
{
    if (c->system)
        return ST_OK;
    if (c->user_id <= 0)
        return ST_FORBIDDEN;
    db_stmt_t *st;
    status_t s = db_prepare(c->db, sql, &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, c->user_id);
    db_bind_text(st, 2, perm_code(p));
    if (unit >= 0)
        db_bind_int(st, 3, unit);
    int rc = db_step(st);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t perm_check(ctx_t *c, perm_t p, int64_t unit_id)
{
    static const char sql[] =
        "SELECT 1 FROM grants g JOIN role_perms rp ON rp.role = g.role"
        " JOIN unit_tree t ON t.ancestor_id = g.unit_id JOIN users u ON u.id = g.user_id"
        " WHERE g.user_id = ?1 AND rp.perm = ?2 AND t.descendant_id = ?3 AND t.valid_to IS NULL AND u.active = 1"
        " LIMIT 1";
    return ask(c, sql, p, unit_id);
}

status_t perm_any(ctx_t *c, perm_t p)
{
    static const char sql[] =
        "SELECT 1 FROM grants g JOIN role_perms rp ON rp.role = g.role JOIN users u ON u.id = g.user_id"
        " WHERE g.user_id = ?1 AND rp.perm = ?2 AND u.active = 1 LIMIT 1";
    return ask(c, sql, p, -1);
}
