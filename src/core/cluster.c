#include "core/cluster.h"

#include <string.h>

#include "core/audit.h"
#include "core/perm.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

/* Runs one write and its audit entry in a transaction. */
static status_t write_audited(ctx_t *c, const char *action, int64_t cluster, int64_t owner, json_t *after,
                              const char *sql, const char *fmt, int64_t a, int64_t b)
{
    status_t s = db_begin_write(c->db);
    if (s == ST_OK)
        s = db_run(c->db, NULL, sql, fmt, a, b);
    if (s == ST_OK)
        s = audit_append(c, action, "emulation_group", cluster, owner, NULL, after);
    json_decref(after);
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

status_t cluster_create(ctx_t *c, int64_t owner, const char *kind, const char *name, int64_t year, int64_t *id,
                        const char **why)
{
    *why = NULL;
    if (!kind || (strcmp(kind, "cum") != 0 && strcmp(kind, "khoi") != 0))
        *why = "Loại phải là cụm hoặc khối thi đua.";
    else if (!name || !*name || text_chars(name) > 255)
        *why = "Tên cụm, khối không được để trống và không quá 255 ký tự.";
    else if (year < 1945 || year > 2999)
        *why = "Năm không hợp lệ.";
    if (*why)
        return ST_INVALID;
    status_t s = perm_check(c, PERM_WRITE, owner);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO emulation_groups (owner_unit_id, kind, name, year, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "ittii", owner, kind, name, year, time_now());
        int rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int(st, 0);
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:I}", "kind", kind, "name", name, "year", (json_int_t)year);
        s = audit_append(c, "create", "emulation_group", *id, owner, NULL, after);
        json_decref(after);
    }
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    if (s == ST_CONFLICT)
        *why = "Đơn vị đã có cụm, khối cùng tên trong năm này.";
    return s;
}

typedef struct {
    int64_t owner, year;
    const char *kind;
} group_info_t;

static status_t group_info(ctx_t *c, int64_t cluster, group_info_t *g)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT owner_unit_id, year, kind FROM emulation_groups WHERE id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", cluster);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *g = (group_info_t){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2))};
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK ? perm_check(c, PERM_WRITE, g->owner) : s;
}

/* Checks that UNIT may join the group; *WHY when not. */
static status_t may_join(ctx_t *c, int64_t cluster, const group_info_t *g, int64_t unit, const char **why)
{
    int64_t n = 0;
    char jan1[16], dec31[16];
    snprintf(jan1, sizeof jan1, "%04d-01-01", (int)g->year);
    snprintf(dec31, sizeof dec31, "%04d-12-31", (int)g->year);
    status_t s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree t JOIN units u ON u.id = t.descendant_id"
                            " WHERE t.ancestor_id = ?1 AND t.descendant_id = ?2 AND t.depth > 0 AND t.valid_to IS NULL"
                            " AND u.valid_from <= ?4 AND (u.valid_to IS NULL OR u.valid_to > ?3)",
                            "iitt", g->owner, unit, jan1, dec31);
    if (s == ST_OK && !n) {
        *why = "Đơn vị phải trực thuộc đơn vị tổ chức cụm, khối và tồn tại trong năm đó.";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM emulation_group_members m JOIN units a ON a.id = m.unit_id"
                       " JOIN unit_kinds ka ON ka.code = a.kind, units b JOIN unit_kinds kb ON kb.code = b.kind"
                       " WHERE m.group_id = ?1 AND b.id = ?2 AND ka.level <> kb.level", "ii", cluster, unit);
    if (s == ST_OK && n) {
        *why = "Các đơn vị trong một cụm, khối phải cùng cấp.";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM emulation_group_members m JOIN emulation_groups g ON g.id = m.group_id"
                       " WHERE m.unit_id = ?1 AND g.owner_unit_id = ?2 AND g.year = ?3 AND g.kind = ?4",
                       "iiit", unit, g->owner, g->year, g->kind);
    if (s == ST_OK && n) {
        *why = "Đơn vị đã ở trong một cụm, khối khác cùng loại của năm này.";
        return ST_CONFLICT;
    }
    return s;
}

status_t cluster_add_unit(ctx_t *c, int64_t cluster, int64_t unit, const char **why)
{
    *why = NULL;
    group_info_t g;
    status_t s = group_info(c, cluster, &g);
    if (s == ST_OK)
        s = may_join(c, cluster, &g, unit, why);
    if (s != ST_OK)
        return s;
    return write_audited(c, "add_unit", cluster, g.owner, json_pack("{s:I}", "unit_id", (json_int_t)unit),
                         "INSERT INTO emulation_group_members (group_id, unit_id) VALUES (?1, ?2)", "ii", cluster, unit);
}

status_t cluster_set_leader(ctx_t *c, int64_t cluster, int64_t unit, const char **why)
{
    *why = NULL;
    group_info_t g;
    int64_t member = 0;
    status_t s = group_info(c, cluster, &g);
    if (s == ST_OK)
        s = db_get_int(c->db, &member, "SELECT COUNT(*) FROM emulation_group_members WHERE group_id = ?1 AND unit_id = ?2",
                       "ii", cluster, unit);
    if (s == ST_OK && !member) {
        *why = "Đơn vị trưởng phải là thành viên của cụm, khối.";
        return ST_INVALID;
    }
    if (s != ST_OK)
        return s;
    return write_audited(c, "set_leader", cluster, g.owner, json_pack("{s:I}", "leader_unit_id", (json_int_t)unit),
                         "UPDATE emulation_groups SET leader_unit_id = ?2 WHERE id = ?1", "ii", cluster, unit);
}

static void read_member(db_stmt_t *st, void *row, arena_t *a)
{
    unit_t *u = row;
    u->id = db_col_int(st, 0);
    u->code = arena_strdup(a, db_col_text(st, 1));
    u->name = arena_strdup(a, db_col_text(st, 2));
}

static status_t members_of(ctx_t *c, cluster_t *g)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT u.id, u.code, u.name FROM emulation_group_members m JOIN units u ON u.id = m.unit_id"
                                   " WHERE m.group_id = ?1 ORDER BY u.sort_key", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", g->id);
    return db_collect(st, c->arena, (void **)&g->members, &g->n_members, sizeof *g->members, read_member);
}

static void read_cluster(db_stmt_t *st, void *row, arena_t *a)
{
    cluster_t *g = row;
    g->id = db_col_int(st, 0);
    g->kind = arena_strdup(a, db_col_text(st, 1));
    g->name = arena_strdup(a, db_col_text(st, 2));
    g->leader_unit_id = db_col_int(st, 3);
}

status_t cluster_list(ctx_t *c, int64_t owner, int64_t year, cluster_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = perm_check(c, PERM_READ, owner);
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT id, kind, name, COALESCE(leader_unit_id, 0) FROM emulation_groups"
                                             " WHERE owner_unit_id = ?1 AND year = ?2 ORDER BY kind, name", &st)) != ST_OK)
        return s;
    db_bindf(st, "ii", owner, year);
    s = db_collect(st, c->arena, (void **)out, n, sizeof **out, read_cluster);
    for (size_t i = 0; i < *n; i++) {
        (*out)[i].owner_unit_id = owner;
        (*out)[i].year = year;
    }
    for (size_t i = 0; s == ST_OK && i < *n; i++)
        s = members_of(c, &(*out)[i]);
    return s;
}
