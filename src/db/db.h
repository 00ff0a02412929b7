/* The one database interface (DESIGN.md §1, §3.10). Two backends: SQLite
 * (db_sqlite.c, the embedded default) and PostgreSQL through libpq
 * (db_pg.c). SQL is written once with ?1 ?2 … placeholders and standard SQL
 * that both accept (INSERT … RETURNING, ON CONFLICT, CASE, COALESCE);
 * dialect differences stay inside the two backend files.
 *
 * A db_t is one connection, used by one thread at a time. Statements belong to
 * their connection and must be finalised before it closes. */
#ifndef TDKT_DB_DB_H
#define TDKT_DB_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "lib/status.h"

struct arena;

typedef struct db db_t;
typedef struct db_stmt db_stmt_t;

typedef enum { DB_SQLITE, DB_PG } db_kind_t;

/* Results of db_step. */
enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };

/* Opens URL: "sqlite:PATH" (the file is created; WAL, foreign keys, busy
 * timeout) or "postgresql://…" / "postgres://…" / "host=… dbname=…"
 * (UTF-8 client encoding, statement timeout). On failure returns ST_DB and,
 * when ERR is not NULL, *ERR is a message the caller frees with xfree. */
status_t db_open(const char *url, db_t **out, char **err);
void db_close(db_t *db); /* NULL is fine */
db_kind_t db_kind(const db_t *db);

/* Prepares one statement. ST_DB on a syntax error (see db_errmsg). */
status_t db_prepare(db_t *db, const char *sql, db_stmt_t **out);

/* Binds parameter ?IDX (1-based). Text is copied; NULL text binds SQL NULL. */
void db_bind_int(db_stmt_t *st, int idx, int64_t v);
void db_bind_text(db_stmt_t *st, int idx, const char *s);
void db_bind_null(db_stmt_t *st, int idx);

/* Runs the statement or moves to the next row: DB_ROW, DB_DONE or DB_ERROR
 * (the error is kept for db_errmsg / db_last_status). After DB_DONE the
 * statement may be reset with db_reset and re-bound. */
int db_step(db_stmt_t *st);
void db_reset(db_stmt_t *st); /* clears the result, keeps the bindings */

/* Column getters, 0-based, valid after DB_ROW. Text stays valid until the
 * next db_step/db_reset/db_finalize; NULL for SQL NULL. */
int64_t db_col_int(db_stmt_t *st, int col);
const char *db_col_text(db_stmt_t *st, int col);
bool db_col_null(db_stmt_t *st, int col);
int db_col_count(db_stmt_t *st);

/* Rows changed by the last completed INSERT/UPDATE/DELETE of ST. */
int64_t db_changes(db_stmt_t *st);

void db_finalize(db_stmt_t *st); /* NULL is fine */

/* Runs a script of one or more statements without parameters (migrations). */
status_t db_exec(db_t *db, const char *sql);

/* Transactions. db_begin_write takes the write lock at once (SQLite
 * BEGIN IMMEDIATE); db_begin_read is a plain BEGIN. Nesting is not allowed. */
status_t db_begin_write(db_t *db);
status_t db_begin_read(db_t *db);
status_t db_commit(db_t *db);
void db_rollback(db_t *db); /* safe to call when no transaction is open */
bool db_in_transaction(const db_t *db);

/* A batch: one write transaction around many operations that each begin and
 * commit their own (the demo writing a million people). Until db_batch_end,
 * db_begin_write and db_begin_read open a savepoint, db_commit releases it
 * and db_rollback rolls back to it: each operation stays all-or-nothing
 * and sees the batch's earlier writes, and the batch commits once, instead
 * of one commit (and its WAL frames or fsync) per operation.
 * On PostgreSQL each operation is then a subtransaction: past 64 in one
 * batch the backend's cache of them overflows and every visibility check
 * slows down many times, so batches there should stay below that.
 * db_batch_begin fails (ST_INTERNAL) inside a transaction or a batch.
 * db_batch_end commits when COMMIT is true and rolls the batch back
 * otherwise (an operation left open is rolled back first). */
status_t db_batch_begin(db_t *db);
status_t db_batch_end(db_t *db, bool commit);

/* A large write is coming (an import): until db_bulk_end the connection
 * may keep up to DB_BULK_CACHE_KIB (512 MiB) of changed pages in memory. On
 * SQLite the index pages a million new rows touch then stay in the page cache
 * instead of spilling to the WAL and being read back from it; memory is
 * taken only as pages are touched, and db_bulk_end gives it back. Nothing on
 * PostgreSQL (the server's shared buffers do this). Either may be called in
 * or out of a transaction; db_bulk_end without db_bulk_begin is harmless. */
#define DB_BULK_CACHE_KIB 524288
void db_bulk_begin(db_t *db);
void db_bulk_end(db_t *db);

/* Last error of the connection: a message (English, for logs) and its class:
 * ST_CONFLICT for a unique/foreign-key/check violation, ST_BUSY for a lock
 * time-out, ST_DB otherwise; ST_OK when the last call succeeded. */
const char *db_errmsg(const db_t *db);
status_t db_last_status(const db_t *db);

/* Binds ?1, ?2 … in order from the arguments described by FMT: 'i' an
 * int64_t (cast literals: (int64_t)0), 't' a const char * (NULL binds NULL),
 * 'n' SQL NULL (takes no argument). */
void db_bindf(db_stmt_t *st, const char *fmt, ...);

/* Prepare, bind (as db_bindf), run to completion: for writes. *CHANGES (may
 * be NULL) gets the rows changed. Returns ST_OK or the error's class. */
status_t db_run(db_t *db, int64_t *changes, const char *sql, const char *fmt, ...);

/* Prepare, bind, and read column 0 of the first row: as an integer into
 * *OUT, or as text copied into ARENA (NULL for SQL NULL). ST_NOT_FOUND when
 * there is no row (*OUT untouched). */
status_t db_get_int(db_t *db, int64_t *out, const char *sql, const char *fmt, ...);
status_t db_get_text(db_t *db, struct arena *arena, const char **out, const char *sql, const char *fmt, ...);

/* Reads one row of ST into ROW (zeroed, ELEM bytes), strings copied into the
 * arena given to db_collect. */
typedef void (*db_row_fn)(db_stmt_t *st, void *row, struct arena *a);

/* Runs ST (prepared and bound) to the end, appending one element of ELEM
 * bytes per row to the array *ARR of *N elements held in A, each filled by
 * READ. ST is finalised. ST_NOMEM when the arena runs out (the rows read so
 * far stay), else ST_OK or the error's class. */
status_t db_collect(db_stmt_t *st, struct arena *a, void **arr, size_t *n, size_t elem, db_row_fn read);

/* Convenience: runs SQL with up to one int parameter bound to ?1 (when
 * HAS_PARAM) and stores the first column of the first row in *OUT.
 * ST_NOT_FOUND when there is no row. */
status_t db_query_int(db_t *db, const char *sql, bool has_param, int64_t param, int64_t *out);

/* Online backup of an SQLite database into the file DEST_PATH.
 * ST_INVALID for PostgreSQL (use pg_dump). */
status_t db_backup(db_t *db, const char *dest_path, char **err);

#endif
