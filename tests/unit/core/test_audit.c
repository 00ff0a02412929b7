/* Unit tests for src/core/audit.c on SQLite and, with TDKT_TEST_PG, on
 * PostgreSQL: every write appends one entry in its own transaction; the chain
 * verifies; altering, removing or cutting off entries is reported at the
 * right entry; the database refuses edits; a failed write leaves neither an
 * entry nor half of the change behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/perm.h"
#include "core/unit.h"
#include "core/user.h"
#include "fixture.h"

#define PW "mat-khau-kiem-toan"
#define N_ROOT "T\xe1\xbb\x95ng Li\xc3\xaan \xc4\x91o\xc3\xa0n"
#define N_A "L\xc4\x90L\xc4\x90 t\xe1\xbb\x89nh B\xe1\xba\xaf" "c Ninh"
#define N_B "L\xc4\x90L\xc4\x90 t\xe1\xbb\x89nh An Giang"

typedef struct {
    int64_t root, a, b, user;
} world_t;

/* Five entries: three units, one account, one grant. */
static world_t make_world(fx_t *f)
{
    world_t w;
    w.root = fx_unit(f, 0, "TLD", N_ROOT);
    w.a = fx_unit(f, w.root, "BN", N_A);
    w.b = fx_unit(f, w.root, "AG", N_B);
    w.user = fx_user(f, "kiem.toan", PW);
    fx_grant(f, w.user, w.a, "admin");
    return w;
}

static int64_t count(fx_t *f, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
    return fx_int(f, sql, 0);
}

static void exec_int(fx_t *f, const char *sql, int64_t p1)
{
    db_stmt_t *st = NULL;
    status_t s = db_prepare(f->db, sql, &st);
    if (s != ST_OK)
        print_error("prepare(%s): %s\n", sql, db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    db_bind_int(st, 1, p1);
    int rc = db_step(st);
    if (rc != DB_DONE)
        print_error("step(%s): %s\n", sql, db_errmsg(f->db));
    assert_int_equal(rc, DB_DONE);
    db_finalize(st);
}

static void assert_intact(fx_t *f, int64_t entries)
{
    audit_report_t r;
    status_t s = audit_verify(f->db, &r);
    if (s != ST_OK)
        print_error("audit_verify: %d at %lld: %s\n", s, (long long)r.bad_id, r.why ? r.why : "");
    assert_int_equal(s, ST_OK);
    assert_int_equal(r.bad_id, 0);
    assert_int_equal(r.checked, entries);
    assert_int_equal(fx_int(f, "SELECT seq FROM audit_head WHERE id = 1", 0), entries);
}

static void assert_broken_at(fx_t *f, int64_t id, const char *why_part)
{
    audit_report_t r;
    assert_int_equal(audit_verify(f->db, &r), ST_CONFLICT);
    if (r.bad_id != id)
        print_error("reported at %lld (%s), expected %lld\n", (long long)r.bad_id,
                    r.why ? r.why : "", (long long)id);
    assert_int_equal(r.bad_id, id);
    assert_non_null(r.why);
    if (why_part && !strstr(r.why, why_part))
        print_error("why '%s' lacks '%s'\n", r.why, why_part);
    if (why_part)
        assert_non_null(strstr(r.why, why_part));
}

/* Lets the test edit audit_log behind the program's back. */
static void drop_guard(fx_t *f)
{
    if (f->pg)
        fx_exec(f, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change");
    else
        fx_exec(f, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete");
}

/* ---- appending --------------------------------------------------------------- */

static void test_writes_append_entries(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);

    static const char *want[][2] = {
        {"create", "unit"}, {"create", "unit"}, {"create", "unit"}, {"create", "user"}, {"grant", "user"},
    };
    const int64_t entity[] = {w.root, w.a, w.b, w.user, w.user};
    const int64_t unit[] = {w.root, w.a, w.b, 0, w.a};
    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, "SELECT id, action, entity, entity_id, unit_id, user_id, ip,"
                                       " before_json, after_json FROM audit_log ORDER BY id", &st),
                     ST_OK);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int(st, 0), i + 1);
        assert_string_equal(db_col_text(st, 1), want[i][0]);
        assert_string_equal(db_col_text(st, 2), want[i][1]);
        assert_int_equal(db_col_int(st, 3), entity[i]);
        assert_int_equal(db_col_int(st, 4), unit[i]);
        assert_int_equal(db_col_int(st, 5), 0); /* the system */
        assert_string_equal(db_col_text(st, 6), "cli");
        assert_true(db_col_null(st, 7));
        const char *after = db_col_text(st, 8);
        assert_non_null(after);
        if (i == 1) {
            char expect[256];
            ctx_t sys = fx_system(f);
            snprintf(expect, sizeof expect, "{\"code\":\"BN\",\"name\":\"%s\",\"parent_id\":%lld,\"valid_from\":\"%s\"}",
                     N_A, (long long)w.root, unit_today(&sys));
            assert_string_equal(after, expect);
        }
        if (i == 3) {
            /* The account entry names the login, never the password or its hash. */
            assert_non_null(strstr(after, "\"login\":\"kiem.toan\""));
            assert_null(strstr(after, PW));
            assert_null(strstr(after, "argon2"));
        }
    }
    assert_int_equal(db_step(st), DB_DONE);
    db_finalize(st);

    /* A grant already held changes nothing and writes no entry. */
    fx_grant(f, w.user, w.a, "admin");
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);
}

static void test_entry_records_actor(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    ctx_t c = fx_as(f, w.user);
    const char *why = NULL;
    int64_t id = 0;
    assert_int_equal(unit_create(&c, w.a, "BN.1", "Qu\xe1\xba\xadn 1", &id, &why), ST_OK);
    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, "SELECT user_id, ip, request_id, entity_id, unit_id FROM audit_log"
                                       " WHERE id = 6", &st), ST_OK);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), w.user);
    assert_string_equal(db_col_text(st, 1), "192.0.2.10");
    assert_string_equal(db_col_text(st, 2), "req-test");
    assert_int_equal(db_col_int(st, 3), id);
    assert_int_equal(db_col_int(st, 4), id);
    db_finalize(st);
    assert_intact(f, 6);
}

static void test_append_needs_transaction(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    ctx_t c = fx_system(f);
    json_t *after = json_pack("{s:s}", "k", "v");
    assert_int_equal(audit_append(&c, "test", "thing", 1, 0, NULL, after), ST_INTERNAL);
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);

    /* Inside a transaction it works; a rollback takes the entry away and
     * leaves the head as it was. */
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(audit_append(&c, "test", "thing", 1, 0, NULL, after), ST_OK);
    db_rollback(f->db);
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);

    json_t *before = json_pack("{s:i}", "n", 1);
    assert_int_equal(db_begin_write(f->db), ST_OK);
    assert_int_equal(audit_append(&c, "test", "thing", 42, 0, before, after), ST_OK);
    assert_int_equal(db_commit(f->db), ST_OK);
    assert_intact(f, 6);
    db_stmt_t *st = NULL;
    assert_int_equal(db_prepare(f->db, "SELECT action, entity, entity_id, before_json, after_json"
                                       " FROM audit_log WHERE id = 6", &st), ST_OK);
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "test");
    assert_string_equal(db_col_text(st, 1), "thing");
    assert_int_equal(db_col_int(st, 2), 42);
    assert_string_equal(db_col_text(st, 3), "{\"n\":1}");
    assert_string_equal(db_col_text(st, 4), "{\"k\":\"v\"}");
    db_finalize(st);
    json_decref(before);
    json_decref(after);
}

static void test_empty_chain(void **state)
{
    fx_t *f = fx(state);
    assert_intact(f, 0);
}

/* ---- the database guards the log ---------------------------------------------- */

static void test_trigger_refuses_edits(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    static const char *edits[] = {
        "UPDATE audit_log SET ip = 'forged' WHERE id = 2",
        "UPDATE audit_log SET hash = prev_hash",
        "DELETE FROM audit_log WHERE id = 5",
        "DELETE FROM audit_log",
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        db_stmt_t *st = NULL;
        assert_int_equal(db_prepare(f->db, edits[i], &st), ST_OK);
        assert_int_equal(db_step(st), DB_ERROR);
        assert_int_not_equal(db_last_status(f->db), ST_OK);
        db_finalize(st);
    }
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM audit_log WHERE ip = 'forged'", 0), 0);
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);
}

/* ---- tampering is found where it happened -------------------------------------- */

static void test_altered_entry_reported(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    drop_guard(f);
    fx_exec(f, "CREATE TABLE audit_copy AS SELECT * FROM audit_log");
    static const struct {
        const char *col, *edit;
    } edits[] = {
        {"at", "at = at + 1"},
        {"user_id", "user_id = COALESCE(user_id, 0) + 1"},
        {"ip", "ip = COALESCE(ip, '') || 'x'"},
        {"request_id", "request_id = COALESCE(request_id, '') || 'r'"},
        {"action", "action = action || 'x'"},
        {"entity", "entity = entity || 's'"},
        {"entity_id", "entity_id = COALESCE(entity_id, 0) + 1"},
        {"unit_id", "unit_id = COALESCE(unit_id, 0) + 1"},
        {"before_json", "before_json = COALESCE(before_json, '') || ' '"},
        {"after_json", "after_json = COALESCE(after_json, '') || ' '"},
        {"prev_hash", "prev_hash = CASE WHEN substr(prev_hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END"
                      " || substr(prev_hash, 2)"},
        {"hash", "hash = CASE WHEN substr(hash, 1, 1) = 'a' THEN 'b' ELSE 'a' END || substr(hash, 2)"},
    };
    for (int64_t k = 1; k <= 5; k++) {
        for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
            char sql[512];
            snprintf(sql, sizeof sql, "UPDATE audit_log SET %s WHERE id = ?1", edits[i].edit);
            exec_int(f, sql, k);
            audit_report_t r;
            if (audit_verify(f->db, &r) != ST_CONFLICT || r.bad_id != k)
                fail_msg("%s of entry %lld altered: reported at %lld (%s)", edits[i].col, (long long)k,
                         (long long)r.bad_id, r.why ? r.why : "intact");
            assert_non_null(strstr(r.why, strcmp(edits[i].col, "prev_hash") == 0 ? "previous-hash"
                                                                                  : "altered"));
            /* Put it back: the chain is whole again. */
            snprintf(sql, sizeof sql,
                     "UPDATE audit_log SET %s = (SELECT c.%s FROM audit_copy c WHERE c.id = audit_log.id)"
                     " WHERE id = ?1", edits[i].col, edits[i].col);
            exec_int(f, sql, k);
            assert_intact(f, 5);
        }
    }
}

static void test_deleted_middle_reported(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    drop_guard(f);
    exec_int(f, "DELETE FROM audit_log WHERE id = ?1", 3);
    assert_broken_at(f, 3, "missing");
}

static void test_deleted_first_reported(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    drop_guard(f);
    exec_int(f, "DELETE FROM audit_log WHERE id = ?1", 1);
    assert_broken_at(f, 1, "missing");
}

static void test_deleted_last_reported(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    drop_guard(f);
    /* Every remaining link is fine: only the head can tell. */
    exec_int(f, "DELETE FROM audit_log WHERE id = ?1", 5);
    assert_broken_at(f, 5, "head");
    /* Cutting off more is reported at the first missing entry too. */
    exec_int(f, "DELETE FROM audit_log WHERE id >= ?1", 3);
    assert_broken_at(f, 3, "head");
}

static void test_inserted_entry_reported(void **state)
{
    fx_t *f = fx(state);
    make_world(f);
    /* No trigger needed: inserting is allowed, forging is not. A copy of
     * entry 5 as entry 6 links to entry 4, not to 5. */
    fx_exec(f, "INSERT INTO audit_log (id, at, user_id, ip, request_id, action, entity, entity_id,"
               " unit_id, before_json, after_json, prev_hash, hash)"
               " SELECT 6, at, user_id, ip, request_id, action, entity, entity_id, unit_id,"
               " before_json, after_json, prev_hash, hash FROM audit_log WHERE id = 5");
    assert_broken_at(f, 6, NULL);
    /* Linked correctly but with a made-up hash. */
    drop_guard(f);
    fx_exec(f, "UPDATE audit_log SET prev_hash = (SELECT hash FROM audit_log p WHERE p.id = 5)"
               " WHERE id = 6");
    assert_broken_at(f, 6, "altered");
}

/* ---- a failed write leaves nothing behind -------------------------------------- */

static void test_failed_write_leaves_nothing(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    int64_t units = count(f, "units"), tree = count(f, "unit_tree");
    int64_t users = count(f, "users"), grants = count(f, "grants");
    const char *why = NULL;
    int64_t id = -5;

    /* A unit code already taken. */
    ctx_t c = fx_system(f);
    assert_int_equal(unit_create(&c, w.a, "AG", "Tr\xc3\xb9ng m\xc3\xa3", &id, &why), ST_CONFLICT);
    assert_non_null(why);
    /* A login already taken. */
    assert_int_equal(user_create(&c, "kiem.toan", "Tr\xc3\xb9ng", PW, &id, &why), ST_CONFLICT);
    assert_non_null(why);
    /* Invalid input never reaches the database. */
    assert_int_equal(unit_create(&c, w.a, "c\xc3\xb3 d\xe1\xba\xa5u", "T\xc3\xaan", &id, &why), ST_INVALID);
    assert_int_equal(unit_create(&c, w.a, "OK", "", &id, &why), ST_INVALID);
    assert_int_equal(user_create(&c, "Hoa", "T\xc3\xaan", PW, &id, &why), ST_INVALID);
    assert_int_equal(user_create(&c, "ngan", "T\xc3\xaan", "short", &id, &why), ST_INVALID);

    assert_int_equal(count(f, "units"), units);
    assert_int_equal(count(f, "unit_tree"), tree);
    assert_int_equal(count(f, "users"), users);
    assert_int_equal(count(f, "grants"), grants);
    assert_int_equal(count(f, "audit_log"), 5);
    assert_intact(f, 5);
    assert_false(db_in_transaction(f->db));
}

static void test_failed_audit_rolls_back_change(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f);
    int64_t units = count(f, "units"), tree = count(f, "unit_tree");
    int64_t users = count(f, "users"), grants = count(f, "grants");
    /* Make the audit insert fail: the change it belongs to must go too. */
    if (f->pg)
        fx_exec(f, "CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$"
                   " BEGIN RAISE EXCEPTION 'test: audit refused'; END; $$;"
                   " CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log"
                   " FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()");
    else
        fx_exec(f, "CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log"
                   " BEGIN SELECT RAISE(ABORT, 'test: audit refused'); END");
    const char *why = NULL;
    int64_t id = 0;
    ctx_t c = fx_system(f);
    assert_int_not_equal(unit_create(&c, w.a, "BN.1", "Qu\xe1\xba\xadn m\xe1\xbb\x99t", &id, &why), ST_OK);
    assert_false(db_in_transaction(f->db));
    assert_int_not_equal(user_create(&c, "moi.tao", "Ng\xc6\xb0\xe1\xbb\x9di m\xe1\xbb\x9bi", PW, &id, &why),
                         ST_OK);
    assert_false(db_in_transaction(f->db));
    assert_int_not_equal(user_grant(&c, w.user, w.b, "viewer", &why), ST_OK);
    assert_false(db_in_transaction(f->db));

    /* No unit, no closure row, no account, no grant; the head did not move. */
    assert_int_equal(count(f, "units"), units);
    assert_int_equal(count(f, "unit_tree"), tree);
    assert_int_equal(fx_int(f, "SELECT COUNT(*) FROM units WHERE code = 'BN.1'", 0), 0);
    assert_int_equal(count(f, "users"), users);
    assert_int_equal(count(f, "grants"), grants);
    assert_intact(f, 5);

    /* With the fault gone the chain continues without a gap. */
    fx_exec(f, f->pg ? "DROP TRIGGER test_refuse_audit ON audit_log" : "DROP TRIGGER test_refuse_audit");
    assert_int_equal(unit_create(&c, w.a, "BN.1", "Qu\xe1\xba\xadn m\xe1\xbb\x99t", &id, &why), ST_OK);
    assert_int_equal(count(f, "unit_tree"), tree + 3); /* itself, a, root */
    assert_intact(f, 6);
}

/* ---- reading the log ------------------------------------------------------------ */

static void test_list_scope(void **state)
{
    fx_t *f = fx(state);
    world_t w = make_world(f); /* kiem.toan is admin of a */
    int64_t top = fx_user(f, "kiem.toan.tw", PW);
    int64_t viewer = fx_user(f, "chi.xem", PW);
    fx_grant(f, top, w.root, "admin");
    fx_grant(f, viewer, w.root, "viewer");
    /* 5 + 2 accounts + 2 grants = 9 entries. */
    assert_intact(f, 9);

    audit_entry_t *list = NULL;
    size_t n = 0;
    ctx_t c = fx_as(f, w.user);
    assert_int_equal(audit_list(&c, 0, 100, &list, &n), ST_OK);
    /* Admin of a: the creation of a and the grant on a, newest first; not b,
     * not the root, not the accounts (unit 0 is for top-level auditors). */
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, 5);
    assert_string_equal(list[0].action, "grant");
    assert_int_equal(list[1].id, 2);
    assert_string_equal(list[1].unit_name, N_A);

    c = fx_as(f, top);
    assert_int_equal(audit_list(&c, 0, 100, &list, &n), ST_OK);
    assert_int_equal(n, 9);
    assert_int_equal(list[0].id, 9);
    assert_int_equal(list[8].id, 1);
    /* Paging: below an id, at most LIMIT. */
    assert_int_equal(audit_list(&c, 5, 3, &list, &n), ST_OK);
    assert_int_equal(n, 3);
    assert_int_equal(list[0].id, 4);
    assert_int_equal(list[2].id, 2);

    c = fx_as(f, viewer);
    assert_int_equal(audit_list(&c, 0, 100, &list, &n), ST_FORBIDDEN);
    assert_int_equal(n, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_writes_append_entries),
        T(test_entry_records_actor),
        T(test_append_needs_transaction),
        T(test_empty_chain),
        T(test_trigger_refuses_edits),
        T(test_altered_entry_reported),
        T(test_deleted_middle_reported),
        T(test_deleted_first_reported),
        T(test_deleted_last_reported),
        T(test_inserted_entry_reported),
        T(test_failed_write_leaves_nothing),
        T(test_failed_audit_rolls_back_change),
        T(test_list_scope),
    };
    FX_RUN_BOTH("audit", tests);
}
