#include "core/audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <string.h>

#include "core/perm.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/time.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)

typedef struct {
    int64_t id, at, user_id, entity_id, unit_id;
    const char *ip, *request_id, *action, *entity, *before, *after, *prev_hash;
} entry_t;

static void field(crypto_hash_sha256_state *h, const char *s)
{
    /* Length-prefixed so that field boundaries cannot be shifted. NULL and ""
     * differ. */
    char len[24];
    int n = s ? snprintf(len, sizeof len, "%zu:", strlen(s)) : snprintf(len, sizeof len, "-:");
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)n);
    if (s)
        crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
}

static void int_field(crypto_hash_sha256_state *h, int64_t v)
{
    char s[24];
    snprintf(s, sizeof s, "%" PRId64, v);
    field(h, s);
}

static void entry_hash(const entry_t *e, char out[HASH_HEX])
{
    crypto_hash_sha256_state h;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    int_field(&h, e->id);
    int_field(&h, e->at);
    int_field(&h, e->user_id);
    field(&h, e->ip);
    field(&h, e->request_id);
    field(&h, e->action);
    field(&h, e->entity);
    int_field(&h, e->entity_id);
    int_field(&h, e->unit_id);
    field(&h, e->before);
    field(&h, e->after);
    field(&h, e->prev_hash);
    crypto_hash_sha256_final(&h, digest);
    sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

/* Takes the next sequence number and the previous hash; the UPDATE locks the
 * head row until the transaction ends. */
static status_t take_head(ctx_t *c, int64_t *seq, char prev[HASH_HEX])
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash", &st);
    if (s != ST_OK)
        return s;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *seq = db_col_int(st, 0);
        snprintf(prev, HASH_HEX, "%s", db_col_text(st, 1));
        while (rc == DB_ROW)
            rc = db_step(st);
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

static status_t store(ctx_t *c, const entry_t *e, const char *hash)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db,
        "INSERT INTO audit_log (id, at, user_id, ip, request_id, action, entity, entity_id, unit_id,"
        " before_json, after_json, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, e->id);
    db_bind_int(st, 2, e->at);
    db_bind_int(st, 3, e->user_id);
    db_bind_text(st, 4, e->ip);
    db_bind_text(st, 5, e->request_id);
    db_bind_text(st, 6, e->action);
    db_bind_text(st, 7, e->entity);
    db_bind_int(st, 8, e->entity_id);
    db_bind_int(st, 9, e->unit_id);
    db_bind_text(st, 10, e->before);
    db_bind_text(st, 11, e->after);
    db_bind_text(st, 12, e->prev_hash);
    db_bind_text(st, 13, hash);
    s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    if (s != ST_OK)
        return s;
    s = db_prepare(c->db, "UPDATE audit_head SET hash = ?1 WHERE id = 1", &st);
    if (s != ST_OK)
        return s;
    db_bind_text(st, 1, hash);
    s = db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
    db_finalize(st);
    return s;
}

status_t audit_append(ctx_t *c, const char *action, const char *entity, int64_t entity_id,
                      int64_t unit_id, const json_t *before, const json_t *after)
{
    const char *b = before ? json_dump_arena(before, c->arena) : NULL;
    const char *a = after ? json_dump_arena(after, c->arena) : NULL;
    if ((before && !b) || (after && !a))
        return ST_NOMEM;
    return audit_append_text(c, action, entity, entity_id, unit_id, b, a);
}

status_t audit_append_text(ctx_t *c, const char *action, const char *entity, int64_t entity_id,
                           int64_t unit_id, const char *before, const char *after)
{
    if (!db_in_transaction(c->db))
        return ST_INTERNAL;
    char prev[HASH_HEX], hash[HASH_HEX];
    entry_t e = {
        .at = time_now(), .user_id = c->user_id, .entity_id = entity_id, .unit_id = unit_id,
        .ip = c->ip, .request_id = c->request_id, .action = action, .entity = entity,
        .before = before, .after = after, .prev_hash = prev,
    };
    status_t s = take_head(c, &e.id, prev);
    if (s != ST_OK)
        return s;
    entry_hash(&e, hash);
    return store(c, &e, hash);
}

/* Checks one row's link to the previous hash and its own hash; on success
 * PREV becomes this row's hash. Returns NULL or the reason it is broken. */
static const char *check_row(db_stmt_t *st, char prev[HASH_HEX])
{
    entry_t e = {
        .id = db_col_int(st, 0), .at = db_col_int(st, 1), .user_id = db_col_int(st, 2),
        .ip = db_col_text(st, 3), .request_id = db_col_text(st, 4), .action = db_col_text(st, 5),
        .entity = db_col_text(st, 6), .entity_id = db_col_int(st, 7), .unit_id = db_col_int(st, 8),
        .before = db_col_text(st, 9), .after = db_col_text(st, 10), .prev_hash = db_col_text(st, 11),
    };
    const char *stored = db_col_text(st, 12);
    char hash[HASH_HEX];
    if (!e.prev_hash || strcmp(e.prev_hash, prev) != 0)
        return "previous-hash link does not match the entry before it";
    entry_hash(&e, hash);
    if (!stored || strcmp(hash, stored) != 0)
        return "entry content does not match its hash (altered)";
    memcpy(prev, hash, HASH_HEX);
    return NULL;
}

static status_t check_tip(db_t *db, int64_t last_id, const char *tip, audit_report_t *r)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, "SELECT seq, hash FROM audit_head WHERE id = 1", &st);
    if (s != ST_OK)
        return s;
    if (db_step(st) != DB_ROW) {
        db_finalize(st);
        return db_last_status(db) == ST_OK ? ST_CONFLICT : ST_DB;
    }
    if (db_col_int(st, 0) != last_id || strcmp(db_col_text(st, 1), tip) != 0) {
        r->bad_id = last_id + 1;
        r->why = "entries at the end of the log are missing (head does not match)";
        s = ST_CONFLICT;
    }
    db_finalize(st);
    return s;
}

status_t audit_verify(db_t *db, audit_report_t *r)
{
    *r = (audit_report_t){0};
    db_stmt_t *st;
    status_t s = db_prepare(db,
        "SELECT id, at, user_id, ip, request_id, action, entity, entity_id, unit_id, before_json,"
        " after_json, prev_hash, hash FROM audit_log ORDER BY id", &st);
    if (s != ST_OK)
        return s;
    char prev[HASH_HEX] = "0000000000000000000000000000000000000000000000000000000000000000";
    int64_t expect = 1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        const char *why = id != expect ? "entry missing (gap in the sequence)" : check_row(st, prev);
        if (why) {
            r->bad_id = id != expect ? expect : id;
            r->why = why;
            db_finalize(st);
            return ST_CONFLICT;
        }
        r->checked++;
        expect++;
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(db);
    db_finalize(st);
    return s == ST_OK ? check_tip(db, expect - 1, prev, r) : s;
}

static void read_entry(db_stmt_t *st, void *row, arena_t *a)
{
    audit_entry_t *e = row;
    *e = (audit_entry_t){
        .id = db_col_int(st, 0), .at = db_col_int(st, 1), .user_id = db_col_int(st, 2),
        .user_login = arena_strdup(a, db_col_text(st, 3)), .ip = arena_strdup(a, db_col_text(st, 4)),
        .action = arena_strdup(a, db_col_text(st, 5)), .entity = arena_strdup(a, db_col_text(st, 6)),
        .entity_id = db_col_int(st, 7), .unit_id = db_col_int(st, 8),
        .before = arena_strdup(a, db_col_text(st, 9)), .after = arena_strdup(a, db_col_text(st, 10)),
        .unit_name = arena_strdup(a, db_col_text(st, 11)),
    };
}

status_t audit_list(ctx_t *c, int64_t before_id, size_t limit, audit_entry_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    status_t s = perm_any(c, PERM_AUDIT);
    if (s != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db,
        "SELECT a.id, a.at, a.user_id, us.login, a.ip, a.action, a.entity, a.entity_id, a.unit_id,"
        " a.before_json, a.after_json, un.name FROM audit_log a"
        " LEFT JOIN users us ON us.id = a.user_id LEFT JOIN units un ON un.id = a.unit_id"
        " WHERE (?3 <= 0 OR a.id < ?3) AND ((a.unit_id <> 0 AND " PERM_SCOPE("a.unit_id", 1, 2) ")"
        "  OR (a.unit_id = 0 AND (?1 < 0 OR EXISTS (SELECT 1 FROM grants g JOIN units r ON r.id = g.unit_id"
        "   JOIN role_perms rp ON rp.role = g.role WHERE g.user_id = ?1 AND rp.perm = ?2 AND r.parent_id IS NULL))))"
        " ORDER BY a.id DESC LIMIT ?4", &st);
    if (s != ST_OK)
        return s;
    db_bind_int(st, 1, perm_scope_user(c));
    db_bind_text(st, 2, perm_code(PERM_AUDIT));
    db_bind_int(st, 3, before_id);
    db_bind_int(st, 4, (int64_t)limit);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_entry);
}
