/* Unit tests for the db.h interface: the same behaviour checks run against
 * SQLite (a temporary file) and, when TDKT_TEST_PG holds a libpq conninfo
 * (see tests/pg.sh), against PostgreSQL; then a few PostgreSQL-only checks
 * (URL forms, placeholder scanner, write lock, failed transactions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "db/db.h"
#include "lib/alloc.h"

/* Nguyễn Văn Đức, NFC, spelled in bytes so the editor cannot change it. */
#define VI_NAME "Nguy\xe1\xbb\x85n V\xc4\x83n \xc4\x90\xe1\xbb\xa9" "c"

#define ITEMS_DDL                                                              \
    "DROP TABLE IF EXISTS items;"                                              \
    "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"    \
    " note TEXT, qty INTEGER)"

struct fixture {
    db_t *db;
    bool pg;
    char dir[64];   /* SQLite: temporary directory of the database file */
    char schema[64]; /* PostgreSQL: private schema of this run */
};

static struct fixture lite_fx, pg_fx;

/* ---- helpers ------------------------------------------------------------ */

static db_t *fx_db(void **state)
{
    return ((struct fixture *)*state)->db;
}

static bool fx_pg(void **state)
{
    return ((struct fixture *)*state)->pg;
}

static void exec_ok(db_t *db, const char *sql)
{
    status_t st = db_exec(db, sql);
    if (st != ST_OK)
        print_error("db_exec(%s): %s\n", sql, db_errmsg(db));
    assert_int_equal(st, ST_OK);
}

static db_stmt_t *prep(db_t *db, const char *sql)
{
    db_stmt_t *st = NULL;
    status_t s = db_prepare(db, sql, &st);
    if (s != ST_OK)
        print_error("db_prepare(%s): %s\n", sql, db_errmsg(db));
    assert_int_equal(s, ST_OK);
    assert_non_null(st);
    return st;
}

static void step_expect(db_t *db, db_stmt_t *st, int want)
{
    int rc = db_step(st);
    if (rc != want)
        print_error("db_step: got %d, want %d: %s\n", rc, want, db_errmsg(db));
    assert_int_equal(rc, want);
}

static void insert(db_t *db, int64_t id, const char *name, const char *note, int64_t qty)
{
    db_stmt_t *st = prep(db, "INSERT INTO items (id, name, note, qty) VALUES (?1, ?2, ?3, ?4)");
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, note);
    db_bind_int(st, 4, qty);
    step_expect(db, st, DB_DONE);
    assert_int_equal(db_changes(st), 1);
    db_finalize(st);
}

static int64_t count_items(db_t *db)
{
    int64_t n = -1;
    assert_int_equal(db_query_int(db, "SELECT COUNT(*) FROM items", false, 0, &n), ST_OK);
    return n;
}

/* ---- fixtures ----------------------------------------------------------- */

static int lite_group_setup(void **state)
{
    struct fixture *fx = &lite_fx;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/tdkt-test-db-XXXXXX");
    if (mkdtemp(fx->dir) == NULL)
        return -1;
    char url[256];
    snprintf(url, sizeof url, "sqlite:%s/test.db", fx->dir);
    char *err = NULL;
    if (db_open(url, &fx->db, &err) != ST_OK) {
        fprintf(stderr, "test_db: cannot open %s: %s\n", url, err ? err : "?");
        xfree(err);
        return -1;
    }
    *state = fx;
    return 0;
}

static int lite_group_teardown(void **state)
{
    struct fixture *fx = *state;
    db_close(fx->db);
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/test.db%s", fx->dir, suffixes[i]);
        unlink(path);
    }
    rmdir(fx->dir);
    return 0;
}

/* Every run works in its own schema, so runs sharing a database (plain and
 * sanitizer builds, several checkouts) do not see each other's tables. */
static int pg_group_setup(void **state)
{
    struct fixture *fx = &pg_fx;
    const char *url = getenv("TDKT_TEST_PG");
    char *err = NULL;
    if (db_open(url, &fx->db, &err) != ST_OK) {
        fprintf(stderr, "test_db: cannot open TDKT_TEST_PG (%s): %s\n", url, err ? err : "?");
        xfree(err);
        return -1;
    }
    fx->pg = true;
    snprintf(fx->schema, sizeof fx->schema, "test_db_%ld", (long)getpid());
    char sql[512];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET search_path TO %s",
             fx->schema, fx->schema, fx->schema);
    if (db_exec(fx->db, sql) != ST_OK) {
        fprintf(stderr, "test_db: %s\n", db_errmsg(fx->db));
        db_close(fx->db);
        return -1;
    }
    *state = fx;
    return 0;
}

static int pg_group_teardown(void **state)
{
    struct fixture *fx = *state;
    char sql[256];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", fx->schema);
    db_rollback(fx->db);
    (void)db_exec(fx->db, sql);
    db_close(fx->db);
    return 0;
}

static int setup(void **state)
{
    db_t *db = fx_db(state);
    db_rollback(db);
    return db_exec(db, ITEMS_DDL) == ST_OK ? 0 : -1;
}

static int teardown(void **state)
{
    alloc_fail_after(0);
    (void)db_batch_end(fx_db(state), false); /* a failed test_batch */
    db_rollback(fx_db(state));
    return 0;
}

/* ---- checks run on both backends --------------------------------------- */

static void test_kind(void **state)
{
    assert_int_equal(db_kind(fx_db(state)), fx_pg(state) ? DB_PG : DB_SQLITE);
}

static void test_insert_select(void **state)
{
    db_t *db = fx_db(state);
    insert(db, 1, "alpha", "first", 10);
    insert(db, 2, "beta", NULL, -3);

    db_stmt_t *st = prep(db, "SELECT id, name, note, qty FROM items ORDER BY id");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_count(st), 4);
    assert_int_equal(db_col_int(st, 0), 1);
    assert_string_equal(db_col_text(st, 1), "alpha");
    assert_string_equal(db_col_text(st, 2), "first");
    assert_false(db_col_null(st, 2));
    assert_int_equal(db_col_int(st, 3), 10);
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 2);
    assert_true(db_col_null(st, 2));
    assert_null(db_col_text(st, 2));
    assert_int_equal(db_col_int(st, 2), 0);
    assert_int_equal(db_col_int(st, 3), -3);
    assert_string_equal(db_col_text(st, 3), "-3");
    step_expect(db, st, DB_DONE);
    db_finalize(st);
    assert_int_equal(db_last_status(db), ST_OK);
}

static void test_int64_limits(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = prep(db, "SELECT ?1, ?2, ?3");
    db_bind_int(st, 1, INT64_MAX);
    db_bind_int(st, 2, INT64_MIN);
    db_bind_int(st, 3, 0);
    step_expect(db, st, DB_ROW);
    assert_true(db_col_int(st, 0) == INT64_MAX);
    assert_true(db_col_int(st, 1) == INT64_MIN);
    assert_string_equal(db_col_text(st, 0), "9223372036854775807");
    assert_int_equal(db_col_int(st, 2), 0);
    db_finalize(st);
}

static void test_returning(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = prep(db, "INSERT INTO items (id, name) VALUES (?1, ?2) RETURNING id, name");
    db_bind_int(st, 1, 42);
    db_bind_text(st, 2, "answer");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 42);
    assert_string_equal(db_col_text(st, 1), "answer");
    step_expect(db, st, DB_DONE);
    assert_int_equal(db_changes(st), 1);
    db_finalize(st);
    assert_int_equal(count_items(db), 1);
}

static void test_utf8_round_trip(void **state)
{
    db_t *db = fx_db(state);
    insert(db, 7, VI_NAME, "Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh", 1);
    db_stmt_t *st = prep(db, "SELECT id, name, note, length(name) FROM items WHERE name = ?1");
    db_bind_text(st, 1, VI_NAME);
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 7);
    assert_string_equal(db_col_text(st, 1), VI_NAME);
    assert_string_equal(db_col_text(st, 2), "Th\xc3\xa0nh ph\xe1\xbb\x91 H\xe1\xbb\x93 Ch\xc3\xad Minh");
    assert_int_equal(db_col_int(st, 3), 14); /* characters, not bytes */
    step_expect(db, st, DB_DONE);
    db_finalize(st);
}

static void test_unique_violation_is_conflict(void **state)
{
    db_t *db = fx_db(state);
    insert(db, 1, "alpha", NULL, 0);
    db_stmt_t *st = prep(db, "INSERT INTO items (id, name) VALUES (?1, ?2)");
    db_bind_int(st, 1, 2);
    db_bind_text(st, 2, "alpha");
    assert_int_equal(db_step(st), DB_ERROR);
    assert_int_equal(db_last_status(db), ST_CONFLICT);
    assert_true(strlen(db_errmsg(db)) > 0);
    db_finalize(st);

    /* Primary key too, and NOT NULL (an integrity violation as well). */
    st = prep(db, "INSERT INTO items (id, name) VALUES (?1, ?2)");
    db_bind_int(st, 1, 1);
    db_bind_text(st, 2, "other");
    assert_int_equal(db_step(st), DB_ERROR);
    assert_int_equal(db_last_status(db), ST_CONFLICT);
    db_reset(st);
    db_bind_int(st, 1, 3);
    db_bind_null(st, 2);
    assert_int_equal(db_step(st), DB_ERROR);
    assert_int_equal(db_last_status(db), ST_CONFLICT);
    db_finalize(st);

    /* Outside a transaction the connection goes on. */
    assert_int_equal(count_items(db), 1);
    assert_int_equal(db_last_status(db), ST_OK);
}

static void test_rollback_leaves_nothing(void **state)
{
    db_t *db = fx_db(state);
    db_rollback(db); /* no transaction: harmless */
    assert_false(db_in_transaction(db));

    assert_int_equal(db_begin_write(db), ST_OK);
    assert_true(db_in_transaction(db));
    insert(db, 1, "alpha", NULL, 0);
    insert(db, 2, "beta", NULL, 0);
    db_rollback(db);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 0);

    /* A failed statement, then rollback: nothing of the transaction stays. */
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 1, "alpha", NULL, 0);
    db_stmt_t *st = prep(db, "INSERT INTO items (id, name) VALUES (?1, ?2)");
    db_bind_int(st, 1, 1);
    db_bind_text(st, 2, "again");
    assert_int_equal(db_step(st), DB_ERROR);
    db_finalize(st);
    assert_int_equal(db_last_status(db), ST_CONFLICT);
    db_rollback(db);
    assert_int_equal(db_last_status(db), ST_CONFLICT); /* kept for the caller */
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 0);

    /* Commit keeps; a read transaction sees it. */
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 1, "alpha", NULL, 0);
    assert_int_equal(db_commit(db), ST_OK);
    assert_false(db_in_transaction(db));
    assert_int_equal(db_begin_read(db), ST_OK);
    assert_int_equal(count_items(db), 1);
    assert_int_equal(db_commit(db), ST_OK);

    /* Nesting is refused. */
    assert_int_equal(db_begin_write(db), ST_OK);
    assert_int_not_equal(db_begin_write(db), ST_OK);
    db_rollback(db);
    assert_int_equal(count_items(db), 1);
}

/* A batch (db.h): one transaction, each operation in it a savepoint. */
static void test_batch(void **state)
{
    db_t *db = fx_db(state);
    assert_int_equal(db_batch_end(db, true), ST_INTERNAL); /* none open */
    assert_int_equal(db_batch_begin(db), ST_OK);
    assert_true(db_in_transaction(db));
    assert_int_equal(db_batch_begin(db), ST_INTERNAL);
    assert_int_equal(db_commit(db), ST_INTERNAL); /* no operation open */

    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 1, "alpha", NULL, 0);
    assert_int_equal(db_commit(db), ST_OK);
    assert_true(db_in_transaction(db));

    /* A failed operation leaves nothing and keeps its error; the batch goes on. */
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 2, "beta", NULL, 0);
    db_stmt_t *st = prep(db, "INSERT INTO items (id, name) VALUES (?1, ?2)");
    db_bind_int(st, 1, 1);
    db_bind_text(st, 2, "again");
    assert_int_equal(db_step(st), DB_ERROR);
    db_finalize(st);
    db_rollback(db);
    assert_int_equal(db_last_status(db), ST_CONFLICT);
    assert_true(db_in_transaction(db));
    assert_int_equal(db_begin_read(db), ST_OK);
    assert_int_equal(count_items(db), 1); /* the first operation's row, not the second's */
    assert_int_equal(db_commit(db), ST_OK);

    /* Nesting stays refused. */
    assert_int_equal(db_begin_write(db), ST_OK);
    assert_int_equal(db_begin_write(db), ST_INTERNAL);
    db_rollback(db);

    /* Rolling the batch back undoes its committed operations. */
    assert_int_equal(db_batch_end(db, false), ST_OK);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 0);

    /* Committed at its end; an operation left open is rolled back first. */
    assert_int_equal(db_batch_begin(db), ST_OK);
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 1, "alpha", NULL, 0);
    assert_int_equal(db_commit(db), ST_OK);
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 2, "beta", NULL, 0);
    assert_int_equal(db_batch_end(db, true), ST_OK);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 1);
    assert_int_equal(db_begin_write(db), ST_OK); /* a plain transaction again */
    assert_int_not_equal(db_begin_write(db), ST_OK);
    db_rollback(db);

    /* A batch the database rolled back by itself (SQLite does after a full
     * disk or an I/O error; a ROLLBACK stands in) takes no more operations
     * and does not report success. */
    assert_int_equal(db_batch_begin(db), ST_OK);
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 2, "beta", NULL, 0);
    assert_int_equal(db_commit(db), ST_OK);
    assert_int_equal(db_exec(db, "ROLLBACK"), ST_OK);
    assert_int_equal(db_begin_write(db), ST_DB);
    assert_int_equal(db_batch_end(db, true), ST_DB);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 1);
}

static void test_changes(void **state)
{
    db_t *db = fx_db(state);
    insert(db, 1, "a", NULL, 1);
    insert(db, 2, "b", NULL, 5);
    insert(db, 3, "c", NULL, 9);

    db_stmt_t *st = prep(db, "UPDATE items SET qty = qty + 1 WHERE qty > ?1");
    db_bind_int(st, 1, 2);
    step_expect(db, st, DB_DONE);
    assert_int_equal(db_changes(st), 2);
    db_reset(st);
    db_bind_int(st, 1, 100);
    step_expect(db, st, DB_DONE);
    assert_int_equal(db_changes(st), 0);
    db_finalize(st);

    st = prep(db, "DELETE FROM items WHERE id <> ?1");
    db_bind_int(st, 1, 2);
    step_expect(db, st, DB_DONE);
    assert_int_equal(db_changes(st), 2);
    db_finalize(st);
    assert_int_equal(count_items(db), 1);
}

static void test_placeholder_in_literal(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = prep(db,
                         "SELECT '?1', ?1, 'it''s ?2', ?2 -- ?3 in a comment\n"
                         " , /* ?4 */ 'x' AS \"col?5\"");
    db_bind_int(st, 1, 7);
    db_bind_text(st, 2, "two");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_count(st), 5);
    assert_string_equal(db_col_text(st, 0), "?1");
    assert_int_equal(db_col_int(st, 1), 7);
    assert_string_equal(db_col_text(st, 2), "it's ?2");
    assert_string_equal(db_col_text(st, 3), "two");
    assert_string_equal(db_col_text(st, 4), "x");
    step_expect(db, st, DB_DONE);
    db_finalize(st);

    /* And into a table. */
    st = prep(db, "INSERT INTO items (id, name, note) VALUES (?1, '?2 literal', ?2)");
    db_bind_int(st, 1, 1);
    db_bind_text(st, 2, "bound");
    step_expect(db, st, DB_DONE);
    db_finalize(st);
    st = prep(db, "SELECT name, note FROM items WHERE id = 1");
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 0), "?2 literal");
    assert_string_equal(db_col_text(st, 1), "bound");
    db_finalize(st);
}

static void test_reset_rebind(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *ins = prep(db, "INSERT INTO items (id, name, qty) VALUES (?1, ?2, ?1 * 10)");
    const char *names[] = {"m\xe1\xbb\x99t", "hai", "ba"}; /* một */
    for (int i = 0; i < 3; i++) {
        db_reset(ins);
        db_bind_int(ins, 1, i + 1);
        db_bind_text(ins, 2, names[i]);
        step_expect(db, ins, DB_DONE);
        assert_int_equal(db_changes(ins), 1);
    }
    db_finalize(ins);

    db_stmt_t *sel = prep(db, "SELECT name, qty FROM items WHERE id = ?1");
    for (int i = 3; i >= 1; i--) {
        db_reset(sel);
        db_bind_int(sel, 1, i);
        step_expect(db, sel, DB_ROW);
        assert_string_equal(db_col_text(sel, 0), names[i - 1]);
        assert_int_equal(db_col_int(sel, 1), i * 10);
        step_expect(db, sel, DB_DONE);
    }
    /* The bindings survive a reset. */
    db_reset(sel);
    step_expect(db, sel, DB_ROW);
    assert_string_equal(db_col_text(sel, 0), names[0]);
    db_finalize(sel);
}

/* Statements prepared again are as if new (SQLite keeps them prepared):
 * the same SQL open twice, no bindings left over, nothing held after an
 * early finalize, the schema followed, more statements than are kept. */
static void test_statement_reuse(void **state)
{
    db_t *db = fx_db(state);
    exec_ok(db, "INSERT INTO items (id, name, qty) VALUES (1, 'a', 10), (2, 'b', 20)");
    const char *sql = "SELECT id FROM items WHERE qty >= ?1 ORDER BY id";
    db_stmt_t *outer = prep(db, sql), *inner;
    db_bind_int(outer, 1, 0);
    step_expect(db, outer, DB_ROW);
    inner = prep(db, sql);
    db_bind_int(inner, 1, 15);
    step_expect(db, inner, DB_ROW);
    assert_int_equal(db_col_int(inner, 0), 2);
    db_finalize(inner);
    assert_int_equal(db_col_int(outer, 0), 1);
    step_expect(db, outer, DB_ROW);
    assert_int_equal(db_col_int(outer, 0), 2);
    db_finalize(outer);

    /* Finalized after one row of two: the table is free again. */
    db_stmt_t *st = prep(db, sql);
    db_bind_int(st, 1, 0);
    step_expect(db, st, DB_ROW);
    db_finalize(st);
    exec_ok(db, "ALTER TABLE items ADD COLUMN extra TEXT");
    st = prep(db, "SELECT * FROM items");
    step_expect(db, st, DB_ROW);
    int cols = db_col_count(st);
    db_finalize(st);
    exec_ok(db, "ALTER TABLE items ADD COLUMN extra2 TEXT");
    st = prep(db, "SELECT * FROM items");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_count(st), cols + 1);
    db_finalize(st);
    if (!fx_pg(state)) {
        /* The bindings of the last use are gone: ?1 is NULL. */
        st = prep(db, sql);
        step_expect(db, st, DB_DONE);
        db_finalize(st);
    }

    /* Four times as many distinct statements as are kept, twice over. */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 256; i++) {
            char q[64];
            snprintf(q, sizeof q, "SELECT %d + qty FROM items WHERE id = 1", i);
            st = prep(db, q);
            step_expect(db, st, DB_ROW);
            assert_int_equal(db_col_int(st, 0), i + 10);
            db_finalize(st);
        }
    exec_ok(db, "DROP TABLE items");
}

static void test_null_parameters(void **state)
{
    db_t *db = fx_db(state);
    insert(db, 1, "alpha", "x", 1);
    insert(db, 2, "beta", NULL, 2);

    /* The optional-filter idiom, NULL first, then a value, then NULL again. */
    db_stmt_t *st = prep(db, "SELECT COUNT(*) FROM items WHERE (?1 IS NULL OR name = ?1)");
    db_bind_null(st, 1);
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 2);
    db_reset(st);
    db_bind_text(st, 1, "beta");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    db_reset(st);
    db_bind_text(st, 1, NULL);
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 2);
    db_finalize(st);

    /* The same with an int column, and NULL where nothing gives it a type. */
    st = prep(db, "SELECT CASE WHEN ?1 IS NULL THEN 'none' ELSE 'some' END, ?2, ?1,"
                  " (SELECT COUNT(*) FROM items WHERE ?1 IS NULL OR qty = ?1)");
    db_bind_null(st, 1);
    db_bind_int(st, 2, 5);
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 0), "none");
    assert_int_equal(db_col_int(st, 1), 5);
    assert_true(db_col_null(st, 2));
    assert_int_equal(db_col_int(st, 3), 2);
    db_reset(st);
    db_bind_int(st, 1, 2);
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 0), "some");
    assert_int_equal(db_col_int(st, 2), 2);
    assert_int_equal(db_col_int(st, 3), 1);
    db_reset(st);
    db_bind_null(st, 1);
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 0), "none");
    assert_int_equal(db_col_int(st, 3), 2);
    db_finalize(st);

    /* Unbound parameters are NULL; NULL into an int column. */
    st = prep(db, "INSERT INTO items (id, name, note, qty) VALUES (?1, ?2, ?3, ?4)");
    db_bind_int(st, 1, 3);
    db_bind_text(st, 2, "gamma");
    db_bind_null(st, 4);
    step_expect(db, st, DB_DONE);
    db_finalize(st);
    st = prep(db, "SELECT note, qty, COALESCE(qty, ?1) FROM items WHERE id = 3");
    db_bind_int(st, 1, -1);
    step_expect(db, st, DB_ROW);
    assert_true(db_col_null(st, 0));
    assert_true(db_col_null(st, 1));
    assert_int_equal(db_col_int(st, 2), -1);
    db_finalize(st);
}

static void test_syntax_error_is_db(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = NULL;
    /* SQLite reports it at prepare time, PostgreSQL at the first step. */
    status_t s = db_prepare(db, "SELEC id FROM items", &st);
    if (s == ST_OK) {
        assert_int_equal(db_step(st), DB_ERROR);
        db_finalize(st);
    } else {
        assert_null(st);
    }
    assert_int_equal(db_last_status(db), ST_DB);
    assert_true(strlen(db_errmsg(db)) > 0);

    s = db_prepare(db, "SELECT nope FROM no_such_table", &st);
    if (s == ST_OK) {
        assert_int_equal(db_step(st), DB_ERROR);
        db_finalize(st);
    }
    assert_int_equal(db_last_status(db), ST_DB);

    /* The connection is still good. */
    assert_int_equal(count_items(db), 0);
    assert_int_equal(db_last_status(db), ST_OK);
}

static void test_exec_script_and_query_int(void **state)
{
    db_t *db = fx_db(state);
    exec_ok(db, "INSERT INTO items (id, name, qty) VALUES (1, 'a', 4);\n"
                "INSERT INTO items (id, name, qty) VALUES (2, 'b', 6);\n"
                "UPDATE items SET qty = qty * 2 WHERE id = 2;");
    int64_t v = 0;
    assert_int_equal(db_query_int(db, "SELECT qty FROM items WHERE id = ?1", true, 2, &v), ST_OK);
    assert_int_equal(v, 12);
    assert_int_equal(db_query_int(db, "SELECT SUM(qty) FROM items", false, 0, &v), ST_OK);
    assert_int_equal(v, 16);
    assert_int_equal(db_query_int(db, "SELECT qty FROM items WHERE id = ?1", true, 99, &v),
                     ST_NOT_FOUND);
    /* A failing script reports its error. */
    assert_int_equal(db_exec(db, "INSERT INTO items (id, name) VALUES (3, 'c'); INSERT INTO items (id, name) VALUES (4, 'a')"),
                     ST_CONFLICT);
}

static void test_expressions(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = prep(db, "SELECT 1 = 1, 1 = 2, CASE WHEN ?1 > 0 THEN 'pos' ELSE 'neg' END,"
                             " ?2 || '-' || ?3");
    db_bind_int(st, 1, 5);
    db_bind_text(st, 2, "a");
    db_bind_text(st, 3, "b");
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1);
    assert_int_equal(db_col_int(st, 1), 0);
    assert_string_equal(db_col_text(st, 0), "1");
    assert_string_equal(db_col_text(st, 1), "0");
    assert_string_equal(db_col_text(st, 2), "pos");
    assert_string_equal(db_col_text(st, 3), "a-b");
    step_expect(db, st, DB_DONE);
    /* As in SQLite, stepping a finished statement runs it again. */
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 2), "pos");
    db_finalize(st);

    /* No rows: DB_DONE at once. */
    st = prep(db, "SELECT id FROM items WHERE id = ?1");
    db_bind_int(st, 1, 1);
    step_expect(db, st, DB_DONE);
    db_finalize(st);

    /* ON CONFLICT, written once for both. */
    st = prep(db, "INSERT INTO items (id, name, qty) VALUES (?1, ?2, 1)"
                  " ON CONFLICT (id) DO UPDATE SET qty = items.qty + 1");
    for (int i = 0; i < 3; i++) {
        db_reset(st);
        db_bind_int(st, 1, 9);
        db_bind_text(st, 2, "nine");
        step_expect(db, st, DB_DONE);
        assert_int_equal(db_changes(st), 1);
    }
    db_finalize(st);
    int64_t v = 0;
    assert_int_equal(db_query_int(db, "SELECT qty FROM items WHERE id = 9", false, 0, &v), ST_OK);
    assert_int_equal(v, 3);
}

static void test_alloc_failures(void **state)
{
    db_t *db = fx_db(state);
    /* Each of the first allocations fails in turn: no crash, no leak, and
     * either a clean failure or the right answer. */
    for (long n = 1; n <= 8; n++) {
        alloc_fail_after(n);
        db_stmt_t *st = NULL;
        status_t s = db_prepare(db, "SELECT ?1, ?2", &st);
        if (s != ST_OK) {
            assert_null(st);
            assert_int_equal(s, ST_NOMEM);
            continue;
        }
        db_bind_text(st, 1, "one");
        db_bind_text(st, 2, "two");
        int rc = db_step(st);
        alloc_fail_after(0);
        if (rc == DB_ROW) {
            assert_string_equal(db_col_text(st, 0), "one");
            assert_string_equal(db_col_text(st, 1), "two");
        } else {
            assert_int_equal(rc, DB_ERROR);
            assert_int_equal(db_last_status(db), ST_NOMEM);
        }
        db_finalize(st);
    }
    alloc_fail_after(0);
}

/* ---- PostgreSQL only ----------------------------------------------------- */

/* Builds a postgresql:// URL (with SCHEME) equal to the TDKT_TEST_PG conninfo. */
static void url_from_conninfo(const char *scheme, char *out, size_t cap)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(getenv("TDKT_TEST_PG"), &err);
    assert_non_null(opts);
    const char *host = "", *port = "", *dbname = "", *user = "";
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (o->val == NULL)
            continue;
        if (strcmp(o->keyword, "host") == 0)
            host = o->val;
        else if (strcmp(o->keyword, "port") == 0)
            port = o->val;
        else if (strcmp(o->keyword, "dbname") == 0)
            dbname = o->val;
        else if (strcmp(o->keyword, "user") == 0)
            user = o->val;
    }
    int n = snprintf(out, cap, "%s:///%s?host=%s&port=%s&user=%s", scheme, dbname, host, port, user);
    assert_true(n > 0 && (size_t)n < cap);
    PQconninfoFree(opts);
}

static void test_pg_url_forms(void **state)
{
    (void)state;
    const char *schemes[] = {"postgresql", "postgres"};
    for (size_t i = 0; i < 2; i++) {
        char url[512];
        url_from_conninfo(schemes[i], url, sizeof url);
        db_t *db = NULL;
        char *err = NULL;
        assert_int_equal(db_open(url, &db, &err), ST_OK);
        assert_null(err);
        assert_int_equal(db_kind(db), DB_PG);
        db_stmt_t *st = prep(db, "SELECT current_setting('statement_timeout'),"
                                 " current_setting('client_encoding'), current_setting('TimeZone')");
        step_expect(db, st, DB_ROW);
        assert_string_equal(db_col_text(st, 0), "30s");
        assert_string_equal(db_col_text(st, 1), "UTF8");
        assert_string_equal(db_col_text(st, 2), "UTC");
        db_finalize(st);
        db_close(db);
    }

    db_t *db = NULL;
    char *err = NULL;
    assert_int_equal(db_open("host=/nonexistent-tdkt port=1 dbname=x connect_timeout=2", &db, &err),
                     ST_DB);
    assert_null(db);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    xfree(err);
}

static void test_pg_placeholder_scanner(void **state)
{
    db_t *db = fx_db(state);
    db_stmt_t *st = prep(db, "SELECT E'a\\'?1', $$?2$$, $q$ '?3 $q$, /* a /* nested ?4 */ ?5 */ ?1");
    db_bind_text(st, 1, "one");
    step_expect(db, st, DB_ROW);
    assert_string_equal(db_col_text(st, 0), "a'?1");
    assert_string_equal(db_col_text(st, 1), "?2");
    assert_string_equal(db_col_text(st, 2), " '?3 ");
    assert_string_equal(db_col_text(st, 3), "one");
    db_finalize(st);

    /* ?64 is the last; ?65, ?0 and a bare ? are refused at prepare. */
    st = prep(db, "SELECT ?64");
    db_bind_int(st, 64, 64);
    db_bind_int(st, 65, 65); /* out of range: ignored */
    step_expect(db, st, DB_ROW);
    assert_int_equal(db_col_int(st, 0), 64);
    db_finalize(st);
    const char *bad[] = {"SELECT ?65", "SELECT ?0", "SELECT ?", "SELECT ?1 + ?"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st = NULL;
        assert_int_equal(db_prepare(db, bad[i], &st), ST_DB);
        assert_null(st);
    }
}

static void test_pg_failed_transaction(void **state)
{
    db_t *db = fx_db(state);
    assert_int_equal(db_begin_write(db), ST_OK);
    insert(db, 1, "alpha", NULL, 0);
    assert_int_equal(db_exec(db, "INSERT INTO items (id, name) VALUES (1, 'dup')"), ST_CONFLICT);
    /* PostgreSQL refuses everything until the rollback... */
    assert_int_equal(db_exec(db, "SELECT 1"), ST_DB);
    /* ...and a commit rolls back. */
    assert_int_not_equal(db_commit(db), ST_OK);
    assert_false(db_in_transaction(db));
    assert_int_equal(count_items(db), 0);

    /* Commit without a transaction is an error, as in SQLite. */
    assert_int_equal(db_commit(db), ST_DB);
}

static void test_pg_write_lock(void **state)
{
    db_t *db = fx_db(state);
    db_t *other = NULL;
    char *err = NULL;
    assert_int_equal(db_open(getenv("TDKT_TEST_PG"), &other, &err), ST_OK);
    exec_ok(other, "SET statement_timeout = '200ms'");

    /* Write transactions exclude each other (SQLite BEGIN IMMEDIATE)... */
    assert_int_equal(db_begin_write(db), ST_OK);
    assert_int_equal(db_begin_write(other), ST_BUSY);
    assert_false(db_in_transaction(other));
    /* ...but not readers. */
    assert_int_equal(db_begin_read(other), ST_OK);
    assert_int_equal(db_commit(other), ST_OK);
    db_rollback(db);
    assert_int_equal(db_begin_write(other), ST_OK);
    assert_int_equal(db_commit(other), ST_OK);
    db_close(other);
}

static void test_pg_reconnect(void **state)
{
    db_t *db = fx_db(state);
    db_t *other = NULL;
    char *err = NULL;
    assert_int_equal(db_open(getenv("TDKT_TEST_PG"), &other, &err), ST_OK);
    int64_t pid = 0;
    assert_int_equal(db_query_int(other, "SELECT pg_backend_pid()", false, 0, &pid), ST_OK);
    int64_t ok = 0;
    assert_int_equal(db_query_int(db, "SELECT CAST(pg_terminate_backend(CAST(?1 AS INTEGER)) AS INTEGER)", true, pid, &ok), ST_OK);
    assert_int_equal(ok, 1);
    usleep(100 * 1000);
    /* The first call sees the loss, the next one reconnects. */
    int64_t v = 0;
    status_t s = db_query_int(other, "SELECT 5", false, 0, &v);
    if (s != ST_OK)
        s = db_query_int(other, "SELECT 5", false, 0, &v);
    assert_int_equal(s, ST_OK);
    assert_int_equal(v, 5);
    db_close(other);
}

/* ---- main ---------------------------------------------------------------- */

#define BOTH_TESTS                                                             \
    cmocka_unit_test_setup_teardown(test_kind, setup, teardown),               \
    cmocka_unit_test_setup_teardown(test_insert_select, setup, teardown),      \
    cmocka_unit_test_setup_teardown(test_int64_limits, setup, teardown),       \
    cmocka_unit_test_setup_teardown(test_returning, setup, teardown),          \
    cmocka_unit_test_setup_teardown(test_utf8_round_trip, setup, teardown),    \
    cmocka_unit_test_setup_teardown(test_unique_violation_is_conflict, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_batch, setup, teardown),              \
    cmocka_unit_test_setup_teardown(test_changes, setup, teardown),            \
    cmocka_unit_test_setup_teardown(test_placeholder_in_literal, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_reset_rebind, setup, teardown),       \
    cmocka_unit_test_setup_teardown(test_statement_reuse, setup, teardown),    \
    cmocka_unit_test_setup_teardown(test_null_parameters, setup, teardown),    \
    cmocka_unit_test_setup_teardown(test_syntax_error_is_db, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_exec_script_and_query_int, setup, teardown), \
    cmocka_unit_test_setup_teardown(test_expressions, setup, teardown),        \
    cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown)

int main(void)
{
    const struct CMUnitTest lite_tests[] = {BOTH_TESTS};
    const struct CMUnitTest pg_tests[] = {
        BOTH_TESTS,
        cmocka_unit_test_setup_teardown(test_pg_url_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_placeholder_scanner, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_failed_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_write_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_reconnect, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("db_sqlite", lite_tests, lite_group_setup,
                                             lite_group_teardown);
    const char *pg = getenv("TDKT_TEST_PG");
    if (pg == NULL || *pg == '\0') {
        printf("[  SKIPPED ] db_postgresql: TDKT_TEST_PG is not set "
               "(start a cluster with tests/pg.sh start DIR)\n");
        fflush(stdout);
        return failed != 0;
    }
    failed += cmocka_run_group_tests_name("db_postgresql", pg_tests, pg_group_setup,
                                          pg_group_teardown);
    return failed != 0;
}
