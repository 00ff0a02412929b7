/* Shared fixture for the core unit tests: every test gets a fresh, migrated
 * database, on SQLite (a new file in a temporary directory) and, when
 * TDKT_TEST_PG holds a libpq conninfo (tests/pg.sh), on PostgreSQL (a fresh
 * private schema on one connection, so runs sharing a database do not meet).
 * Include after <cmocka.h>. Everything here is static inline so that a test
 * file may leave parts unused under -Werror. */
#ifndef TDKT_TESTS_CORE_FIXTURE_H
#define TDKT_TESTS_CORE_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "core/ctx.h"
#include "core/person.h"
#include "core/unit.h"
#include "core/user.h"
#include "db/db.h"
#include "db/migrate.h"
#include "lib/alloc.h"
#include "lib/arena.h"
#include "lib/text.h"

typedef struct {
    db_t *db;
    arena_t *arena;
    bool pg;
    int serial;       /* SQLite: number of the current database file */
    char dir[64];     /* SQLite: temporary directory */
    char schema[64];  /* PostgreSQL: private schema of this run */
} fx_t;

static fx_t fx_lite, fx_pg;

static inline fx_t *fx(void **state) { return *state; }

/* ---- groups ------------------------------------------------------------- */

static inline int fx_init_libs(void)
{
    if (text_init() != 0 || auth_init() != 0) {
        fprintf(stderr, "fixture: text_init/auth_init failed\n");
        return -1;
    }
    return 0;
}

static inline int fx_lite_group_setup(void **state)
{
    fx_t *f = &fx_lite;
    *f = (fx_t){0};
    snprintf(f->dir, sizeof f->dir, "/tmp/tdkt-test-core-XXXXXX");
    if (fx_init_libs() != 0 || mkdtemp(f->dir) == NULL)
        return -1;
    *state = f;
    return 0;
}

static inline void fx_lite_unlink(fx_t *f, int serial)
{
    static const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/t%d.db%s", f->dir, serial, suffixes[i]);
        unlink(path);
    }
}

static inline int fx_lite_group_teardown(void **state)
{
    fx_t *f = *state;
    if (f == NULL) /* its setup failed (and said why) */
        return 0;
    db_close(f->db);
    f->db = NULL;
    fx_lite_unlink(f, f->serial);
    rmdir(f->dir);
    return 0;
}

static inline int fx_pg_group_setup(void **state)
{
    fx_t *f = &fx_pg;
    *f = (fx_t){.pg = true};
    const char *url = getenv("TDKT_TEST_PG");
    char *err = NULL;
    if (fx_init_libs() != 0)
        return -1;
    if (db_open(url, &f->db, &err) != ST_OK) {
        fprintf(stderr, "fixture: cannot open TDKT_TEST_PG (%s): %s\n", url, err ? err : "?");
        xfree(err);
        return -1;
    }
    snprintf(f->schema, sizeof f->schema, "test_core_%ld", (long)getpid());
    *state = f;
    return 0;
}

static inline int fx_pg_group_teardown(void **state)
{
    fx_t *f = *state;
    if (f == NULL) /* its setup failed (and said why) */
        return 0;
    char sql[256];
    db_rollback(f->db);
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", f->schema);
    (void)db_exec(f->db, sql);
    db_close(f->db);
    f->db = NULL;
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

/* Replaces F's database with a fresh one migrated up to migration LAST. */
static inline int fx_fresh_db(fx_t *f, int last)
{
    char *err = NULL;
    if (f->pg) {
        char sql[512];
        db_rollback(f->db);
        snprintf(sql, sizeof sql,
                 "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET search_path TO %s",
                 f->schema, f->schema, f->schema);
        if (db_exec(f->db, sql) != ST_OK) {
            fprintf(stderr, "fixture: %s\n", db_errmsg(f->db));
            return -1;
        }
    } else {
        char url[128];
        db_close(f->db);
        f->db = NULL;
        fx_lite_unlink(f, f->serial);
        f->serial++;
        snprintf(url, sizeof url, "sqlite:%s/t%d.db", f->dir, f->serial);
        if (db_open(url, &f->db, &err) != ST_OK) {
            fprintf(stderr, "fixture: cannot open %s: %s\n", url, err ? err : "?");
            xfree(err);
            return -1;
        }
    }
    if (migrate_run_to(f->db, last, NULL, &err) != ST_OK) {
        fprintf(stderr, "fixture: migrate_run: %s\n", err ? err : db_errmsg(f->db));
        xfree(err);
        return -1;
    }
    return 0;
}

/* A fresh, migrated database and a new arena for each test. */
static inline int fx_setup(void **state)
{
    fx_t *f = *state;
    if (fx_fresh_db(f, migrate_latest()) != 0)
        return -1;
    f->arena = arena_new(16u << 20);
    return f->arena ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
    fx_t *f = *state;
    alloc_fail_after(0);
    db_rollback(f->db);
    arena_free(f->arena);
    f->arena = NULL;
    return 0;
}

/* The command line's context: every permission. */
static inline ctx_t fx_system(fx_t *f)
{
    return (ctx_t){.db = f->db, .arena = f->arena, .system = true, .ip = "cli"};
}

/* The context of account USER_ID acting over HTTP. */
static inline ctx_t fx_as(fx_t *f, int64_t user_id)
{
    return (ctx_t){.db = f->db, .arena = f->arena, .user_id = user_id, .ip = "192.0.2.10",
                   .request_id = "req-test"};
}

/* ---- helpers ------------------------------------------------------------ */

static inline void fx_exec(fx_t *f, const char *sql)
{
    status_t s = db_exec(f->db, sql);
    if (s != ST_OK)
        print_error("db_exec(%s): %s\n", sql, db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
}

/* First column of the first row of SQL (one optional int parameter ?1). */
static inline int64_t fx_int(fx_t *f, const char *sql, int64_t param)
{
    int64_t v = -1;
    status_t s = db_query_int(f->db, sql, strstr(sql, "?1") != NULL, param, &v);
    if (s != ST_OK)
        print_error("query(%s): %s\n", sql, db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    return v;
}

/* Creates a unit as the system; returns its id. */
static inline int64_t fx_unit(fx_t *f, int64_t parent, const char *code, const char *name)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = unit_create(&c, parent, code, name, &id, &why);
    if (s != ST_OK)
        print_error("unit_create(%s): %d %s / %s\n", code, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    assert_true(id > 0);
    return id;
}

/* Creates a person as the system, a member of UNIT since 01/01/2020 (the
 * duplicate check forced off); returns the id. */
static inline int64_t fx_person(fx_t *f, int64_t unit, const char *name)
{
    ctx_t c = fx_system(f);
    person_fields_t in = {.full_name = name};
    person_membership_in_t m = {.unit_id = unit, .from_date = "2020-01-01"};
    const char *why = NULL;
    int64_t id = 0;
    status_t s = person_create(&c, &in, &m, true, &id, &why);
    if (s != ST_OK)
        print_error("person_create(%s): %d %s\n", name, s, why ? why : "");
    assert_int_equal(s, ST_OK);
    return id;
}

/* Creates an account as the system; returns its id. */
static inline int64_t fx_user(fx_t *f, const char *login, const char *password)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    int64_t id = 0;
    status_t s = user_create(&c, login, "Nguy\xe1\xbb\x85n V\xc4\x83n Th\xe1\xbb\xad", password, &id, &why);
    if (s != ST_OK)
        print_error("user_create(%s): %d %s / %s\n", login, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
    assert_true(id > 0);
    return id;
}

/* Grants ROLE on UNIT as the system. */
static inline void fx_grant(fx_t *f, int64_t user, int64_t unit, const char *role)
{
    ctx_t c = fx_system(f);
    const char *why = NULL;
    status_t s = user_grant(&c, user, unit, role, &why);
    if (s != ST_OK)
        print_error("user_grant(%s): %d %s / %s\n", role, s, why ? why : "", db_errmsg(f->db));
    assert_int_equal(s, ST_OK);
}

/* Runs the group on SQLite, then on PostgreSQL when TDKT_TEST_PG is set. */
#define FX_RUN_BOTH(NAME, TESTS)                                                               \
    do {                                                                                       \
        int failed_ = cmocka_run_group_tests_name(NAME "_sqlite", TESTS, fx_lite_group_setup,  \
                                                  fx_lite_group_teardown);                     \
        const char *pg_ = getenv("TDKT_TEST_PG");                                              \
        if (pg_ == NULL || *pg_ == '\0') {                                                     \
            printf("[  SKIPPED ] " NAME "_postgresql: TDKT_TEST_PG is not set "                \
                   "(start a cluster with tests/pg.sh start DIR)\n");                          \
            fflush(stdout);                                                                    \
            return failed_ != 0;                                                               \
        }                                                                                      \
        failed_ += cmocka_run_group_tests_name(NAME "_postgresql", TESTS, fx_pg_group_setup,   \
                                               fx_pg_group_teardown);                          \
        return failed_ != 0;                                                                   \
    } while (0)

#endif
