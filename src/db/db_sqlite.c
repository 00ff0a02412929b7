/* The public db_* interface (db.h): SQLite implementation, and dispatch to
 * the PostgreSQL backend (db_pg.c) for connections opened on a postgres URL. */
#include "db/db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db/db_pg.h"
#include "lib/alloc.h"
#include "lib/arena.h"

/* SQLite statements kept prepared per connection, by SQL text: planning the
 * larger queries (a search: four tiers, scope probes) costs more than running
 * them. db_finalize resets and unbinds a cached statement instead of
 * finalizing it; a statement prepared while its cached twin is in use is
 * prepared apart and finalized as before. The least recently used idle one
 * makes room. Schema changes re-prepare them (sqlite3_prepare_v3). */
#define STMT_CACHE 64

typedef struct {
    sqlite3_stmt *stmt; /* NULL: free slot */
    uint64_t hash;      /* of its SQL text */
    uint64_t used;      /* tick of its last prepare */
    bool busy;          /* handed out, not yet finalized */
} cached_stmt_t;

struct db {
    db_kind_t kind;
    sqlite3 *lite;
    struct pgdb *pg;
    status_t last;
    cached_stmt_t cache[STMT_CACHE];
    uint64_t tick;
    bool batch;   /* db_batch_begin: one write transaction holds the operations */
    bool op_open; /* in a batch: an operation's savepoint is open */
};

struct db_stmt {
    db_t *db;
    sqlite3_stmt *lite;
    struct pgdb_stmt *pg;
    int64_t changes;
    int slot; /* index in db->cache, or -1 */
};

#define SQLITE_PREFIX "sqlite:"

static bool is_pg_url(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0 ||
           strstr(url, "dbname=") != NULL || strstr(url, "host=") != NULL;
}

/* Records the outcome of a SQLite call on DB; returns the status. */
static status_t lite_status(db_t *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: db->last = ST_OK; break;
    case SQLITE_CONSTRAINT: db->last = ST_CONFLICT; break;
    case SQLITE_BUSY: case SQLITE_LOCKED: db->last = ST_BUSY; break;
    case SQLITE_NOMEM: db->last = ST_NOMEM; break;
    default: db->last = ST_DB; break;
    }
    return db->last;
}

/* The page cache of a connection, in KiB (PRAGMA cache_size takes it negated). */
#define LITE_CACHE_KIB 32768
#define STR_(x) #x
#define STR(x) STR_(x)

static status_t open_sqlite(const char *path, db_t *db, char **err)
{
    int rc = sqlite3_open_v2(path, &db->lite,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db->lite, 1);
        sqlite3_busy_timeout(db->lite, 10000);
        /* Reads through a memory map of the file (up to 2 GiB, shared by all
         * connections through the OS page cache) and a 32 MiB page cache per
         * connection: index probes over a million people stay in memory
         * instead of one read() per page (bench/people.sh). */
        rc = sqlite3_exec(db->lite,
                          "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                          " PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
                          " PRAGMA mmap_size=2147418112; PRAGMA cache_size=-" STR(LITE_CACHE_KIB) ";",
                          NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        if (err)
            *err = xstrdup(db->lite ? sqlite3_errmsg(db->lite) : "out of memory");
        sqlite3_close(db->lite);
        db->lite = NULL;
        return ST_DB;
    }
    return ST_OK;
}

status_t db_open(const char *url, db_t **out, char **err)
{
    *out = NULL;
    if (err)
        *err = NULL;
    db_t *db = xcalloc(1, sizeof *db);
    if (!db)
        return ST_NOMEM;
    status_t st;
    if (strncmp(url, SQLITE_PREFIX, strlen(SQLITE_PREFIX)) == 0) {
        db->kind = DB_SQLITE;
        st = open_sqlite(url + strlen(SQLITE_PREFIX), db, err);
    } else if (is_pg_url(url)) {
        db->kind = DB_PG;
        st = pgdb_open(url, &db->pg, err);
    } else {
        if (err)
            *err = xstrdup("unknown database URL (use sqlite:PATH or postgresql://...)");
        st = ST_INVALID;
    }
    if (st != ST_OK) {
        xfree(db);
        return st;
    }
    *out = db;
    return ST_OK;
}

void db_close(db_t *db)
{
    if (!db)
        return;
    for (int i = 0; i < STMT_CACHE; i++)
        sqlite3_finalize(db->cache[i].stmt);
    if (db->kind == DB_PG)
        pgdb_close(db->pg);
    else
        sqlite3_close(db->lite);
    xfree(db);
}

db_kind_t db_kind(const db_t *db) { return db->kind; }

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* Hands ST a prepared statement for SQL: an idle cached one, or a new one,
 * cached when a slot is idle and SQL is one whole statement. */
static status_t lite_prepare(db_t *db, const char *sql, db_stmt_t *st)
{
    uint64_t h = sql_hash(sql);
    cached_stmt_t *victim = NULL;
    for (int i = 0; i < STMT_CACHE; i++) {
        cached_stmt_t *c = &db->cache[i];
        if (c->busy)
            continue;
        if (c->stmt && c->hash == h && strcmp(sqlite3_sql(c->stmt), sql) == 0) {
            c->busy = true;
            c->used = ++db->tick;
            st->lite = c->stmt;
            st->slot = i;
            return lite_status(db, SQLITE_OK);
        }
        if (!victim || (victim->stmt && (!c->stmt || c->used < victim->used)))
            victim = c;
    }
    const char *tail = NULL;
    status_t s = lite_status(db, sqlite3_prepare_v3(db->lite, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->lite, &tail));
    if (s != ST_OK || !victim || !st->lite || (tail && *tail))
        return s;
    sqlite3_finalize(victim->stmt);
    *victim = (cached_stmt_t){.stmt = st->lite, .hash = h, .used = ++db->tick, .busy = true};
    st->slot = (int)(victim - db->cache);
    return ST_OK;
}

status_t db_prepare(db_t *db, const char *sql, db_stmt_t **out)
{
    *out = NULL;
    db_stmt_t *st = xcalloc(1, sizeof *st);
    if (!st)
        return ST_NOMEM;
    st->db = db;
    status_t s;
    st->slot = -1;
    if (db->kind == DB_PG)
        s = pgdb_prepare(db->pg, sql, &st->pg);
    else
        s = lite_prepare(db, sql, st);
    if (s != ST_OK) {
        xfree(st);
        return s;
    }
    *out = st;
    return ST_OK;
}

void db_bind_int(db_stmt_t *st, int idx, int64_t v)
{
    if (st->pg)
        pgdb_bind_int(st->pg, idx, v);
    else
        sqlite3_bind_int64(st->lite, idx, v);
}

void db_bind_text(db_stmt_t *st, int idx, const char *s)
{
    if (st->pg)
        pgdb_bind_text(st->pg, idx, s);
    else if (s)
        sqlite3_bind_text(st->lite, idx, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st->lite, idx);
}

void db_bind_null(db_stmt_t *st, int idx)
{
    if (st->pg)
        pgdb_bind_null(st->pg, idx);
    else
        sqlite3_bind_null(st->lite, idx);
}

int db_step(db_stmt_t *st)
{
    if (st->pg)
        return pgdb_step(st->pg);
    int rc = sqlite3_step(st->lite);
    lite_status(st->db, rc);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        st->changes = sqlite3_changes64(st->db->lite);
        return DB_DONE;
    }
    return DB_ERROR;
}

void db_reset(db_stmt_t *st)
{
    if (st->pg)
        pgdb_reset(st->pg);
    else
        sqlite3_reset(st->lite);
}

int64_t db_col_int(db_stmt_t *st, int col)
{
    return st->pg ? pgdb_col_int(st->pg, col) : sqlite3_column_int64(st->lite, col);
}

const char *db_col_text(db_stmt_t *st, int col)
{
    return st->pg ? pgdb_col_text(st->pg, col) : (const char *)sqlite3_column_text(st->lite, col);
}

bool db_col_null(db_stmt_t *st, int col)
{
    return st->pg ? pgdb_col_null(st->pg, col) : sqlite3_column_type(st->lite, col) == SQLITE_NULL;
}

int db_col_count(db_stmt_t *st)
{
    return st->pg ? pgdb_col_count(st->pg) : sqlite3_column_count(st->lite);
}

int64_t db_changes(db_stmt_t *st) { return st->pg ? pgdb_changes(st->pg) : st->changes; }

void db_finalize(db_stmt_t *st)
{
    if (!st)
        return;
    if (st->pg) {
        pgdb_finalize(st->pg);
    } else if (st->slot >= 0) {
        cached_stmt_t *c = &st->db->cache[st->slot];
        sqlite3_reset(c->stmt);
        sqlite3_clear_bindings(c->stmt);
        c->busy = false;
    } else {
        sqlite3_finalize(st->lite);
    }
    xfree(st);
}

status_t db_exec(db_t *db, const char *sql)
{
    if (db->kind == DB_PG)
        return pgdb_exec(db->pg, sql);
    return lite_status(db, sqlite3_exec(db->lite, sql, NULL, NULL, NULL));
}

#define ROLLBACK_OP "ROLLBACK TO tdkt_op; RELEASE tdkt_op"

static status_t begin(db_t *db, const char *lite_sql, bool write)
{
    if (db->batch) {
        if (db->op_open)
            return ST_INTERNAL; /* nesting */
        /* SQLite rolls a whole transaction back by itself after some errors
         * (disk full, I/O): a savepoint now would start a new one. */
        if (!db_in_transaction(db))
            return ST_DB;
        status_t st = db_exec(db, "SAVEPOINT tdkt_op");
        db->op_open = st == ST_OK;
        return st;
    }
    if (db->kind == DB_PG)
        return write ? pgdb_begin_write(db->pg) : pgdb_begin_read(db->pg);
    return db_exec(db, lite_sql);
}

status_t db_begin_write(db_t *db) { return begin(db, "BEGIN IMMEDIATE", true); }

status_t db_begin_read(db_t *db) { return begin(db, "BEGIN", false); }

/* Commits the real transaction (not an operation of a batch). */
static status_t commit_tx(db_t *db)
{
    return db->kind == DB_PG ? pgdb_commit(db->pg) : db_exec(db, "COMMIT");
}

static void rollback_tx(db_t *db)
{
    if (db->kind == DB_PG)
        pgdb_rollback(db->pg);
    else if (!sqlite3_get_autocommit(db->lite))
        sqlite3_exec(db->lite, "ROLLBACK", NULL, NULL, NULL);
}

status_t db_commit(db_t *db)
{
    if (db->batch && !db->op_open)
        return ST_INTERNAL;
    status_t st = db->batch ? db_exec(db, "RELEASE tdkt_op") : commit_tx(db);
    if (st != ST_OK)
        db_rollback(db);
    db->op_open = false;
    return st;
}

void db_rollback(db_t *db)
{
    if (!db->batch) {
        rollback_tx(db);
        return;
    }
    if (!db->op_open)
        return;
    db->op_open = false;
    /* Keeps the error that made the operation fail, as ROLLBACK does. */
    if (db->kind == DB_PG)
        pgdb_rollback_to(db->pg, ROLLBACK_OP);
    else
        sqlite3_exec(db->lite, ROLLBACK_OP, NULL, NULL, NULL);
}

status_t db_batch_begin(db_t *db)
{
    if (db->batch || db_in_transaction(db))
        return ST_INTERNAL;
    status_t st = db_begin_write(db);
    db->batch = st == ST_OK;
    return st;
}

status_t db_batch_end(db_t *db, bool commit)
{
    if (!db->batch)
        return ST_INTERNAL;
    if (db->op_open)
        db_rollback(db);
    db->batch = false;
    if (!commit) {
        rollback_tx(db);
        return ST_OK;
    }
    if (!db_in_transaction(db))
        return ST_DB; /* rolled back by the database: the batch is lost */
    status_t st = commit_tx(db);
    if (st != ST_OK)
        rollback_tx(db);
    return st;
}

void db_bulk_begin(db_t *db)
{
    if (db->kind == DB_SQLITE)
        sqlite3_exec(db->lite, "PRAGMA cache_size=-" STR(DB_BULK_CACHE_KIB), NULL, NULL, NULL);
}

void db_bulk_end(db_t *db)
{
    if (db->kind == DB_SQLITE)
        sqlite3_exec(db->lite, "PRAGMA cache_size=-" STR(LITE_CACHE_KIB), NULL, NULL, NULL);
}

bool db_in_transaction(const db_t *db)
{
    return db->kind == DB_PG ? pgdb_in_transaction(db->pg) : !sqlite3_get_autocommit(db->lite);
}

const char *db_errmsg(const db_t *db)
{
    return db->kind == DB_PG ? pgdb_errmsg(db->pg) : sqlite3_errmsg(db->lite);
}

status_t db_last_status(const db_t *db)
{
    return db->kind == DB_PG ? pgdb_last_status(db->pg) : db->last;
}

status_t db_query_int(db_t *db, const char *sql, bool has_param, int64_t param, int64_t *out)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, sql, &st);
    if (s != ST_OK)
        return s;
    if (has_param)
        db_bind_int(st, 1, param);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *out = db_col_int(st, 0);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_NOT_FOUND : db_last_status(db);
    db_finalize(st);
    return s;
}

status_t db_backup(db_t *db, const char *dest_path, char **err)
{
    if (db->kind != DB_SQLITE) {
        if (err)
            *err = xstrdup("PostgreSQL databases are backed up with pg_dump");
        return ST_INVALID;
    }
    sqlite3 *dest;
    int rc = sqlite3_open(dest_path, &dest);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dest, "main", db->lite, "main");
        if (b) {
            while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
                   rc == SQLITE_LOCKED)
                sqlite3_sleep(10);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dest);
    }
    if (rc != SQLITE_OK && err)
        *err = xstrdup(sqlite3_errmsg(dest));
    sqlite3_close(dest);
    return rc == SQLITE_OK ? ST_OK : ST_DB;
}

static void vbindf(db_stmt_t *st, const char *fmt, va_list ap)
{
    for (int i = 1; *fmt; fmt++, i++) {
        if (*fmt == 'i')
            db_bind_int(st, i, va_arg(ap, int64_t));
        else if (*fmt == 't')
            db_bind_text(st, i, va_arg(ap, const char *));
        else
            db_bind_null(st, i);
    }
}

void db_bindf(db_stmt_t *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vbindf(st, fmt, ap);
    va_end(ap);
}

status_t db_run(db_t *db, int64_t *changes, const char *sql, const char *fmt, ...)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, sql, &st);
    if (s != ST_OK)
        return s;
    va_list ap;
    va_start(ap, fmt);
    vbindf(st, fmt, ap);
    va_end(ap);
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        ;
    s = rc == DB_DONE ? ST_OK : db_last_status(db);
    if (s == ST_OK && changes)
        *changes = db_changes(st);
    db_finalize(st);
    return s;
}

/* Prepares and binds SQL, steps once; *ST is left for the caller to read and
 * finalise. */
static status_t first_row(db_t *db, db_stmt_t **st, const char *sql, const char *fmt, va_list ap)
{
    status_t s = db_prepare(db, sql, st);
    if (s != ST_OK)
        return s;
    vbindf(*st, fmt, ap);
    int rc = db_step(*st);
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_NOT_FOUND : db_last_status(db);
    if (s != ST_OK) {
        db_finalize(*st);
        *st = NULL;
    }
    return s;
}

status_t db_get_int(db_t *db, int64_t *out, const char *sql, const char *fmt, ...)
{
    db_stmt_t *st;
    va_list ap;
    va_start(ap, fmt);
    status_t s = first_row(db, &st, sql, fmt, ap);
    va_end(ap);
    if (s == ST_OK) {
        *out = db_col_int(st, 0);
        db_finalize(st);
    }
    return s;
}

status_t db_get_text(db_t *db, struct arena *arena, const char **out, const char *sql, const char *fmt, ...)
{
    db_stmt_t *st;
    va_list ap;
    va_start(ap, fmt);
    status_t s = first_row(db, &st, sql, fmt, ap);
    va_end(ap);
    if (s == ST_OK) {
        const char *t = db_col_text(st, 0);
        *out = t ? arena_strdup(arena, t) : NULL;
        s = t && !*out ? ST_NOMEM : ST_OK;
        db_finalize(st);
    }
    return s;
}

status_t db_collect(db_stmt_t *st, struct arena *a, void **arr, size_t *n, size_t elem, db_row_fn read)
{
    size_t cap = *n;
    int rc;
    status_t s = ST_OK;
    while ((rc = db_step(st)) == DB_ROW) {
        void *row = arena_push(a, arr, n, &cap, elem);
        if (!row) {
            s = ST_NOMEM;
            break;
        }
        read(st, row, a);
    }
    if (s == ST_OK && rc != DB_DONE)
        s = db_last_status(st->db);
    db_finalize(st);
    return s;
}
