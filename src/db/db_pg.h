/* Private header: the PostgreSQL backend of db.h, implemented in db_pg.c with
 * libpq. Only the dispatching db_* functions (db_sqlite.c) include it; the
 * rest of the program uses db.h. Every pgdb_* function has the contract of the
 * db_* function of the same name in db.h, on the opaque types below; the
 * differences that callers can observe are listed here.
 *
 * - Placeholders ?1 … ?64 are rewritten to $1 … $64 once, at prepare time;
 *   '…' strings (also E'…'), "…" identifiers, $tag$…$tag$ strings, -- and
 *   nested block comments are left alone. A bare "?" (without a number), ?0
 *   or a number above 64 is refused by pgdb_prepare (ST_DB).
 * - Syntax and unknown-table errors are reported by the first pgdb_step, not
 *   by pgdb_prepare (nothing is sent to the server before the first step).
 * - Parameters are typed: int as bigint, text as text. So compare a text
 *   parameter only with text, an int one only with numbers, and write
 *   CAST(?1 AS INTEGER) where a function wants a 32-bit integer (substr,
 *   left, round's digits…): there is no implicit bigint -> integer cast.
 *   A NULL takes the type last bound to that index; when there is none, the
 *   placeholder is replaced by the literal NULL in the SQL sent (an untyped
 *   parameter fails in "?1 IS NULL OR x = ?1", the literal does not).
 *   Unbound parameters are NULL.
 * - Binding an index outside 1 … (highest ?N in the SQL) is ignored, as
 *   SQLite's out-of-range bind is when its result is not checked.
 * - pgdb_col_count is 0 before the first pgdb_step. Booleans read as 1/0 with
 *   pgdb_col_int and as "1"/"0" with pgdb_col_text, as in SQLite.
 * - pgdb_changes counts rows of INSERT/UPDATE/DELETE/MERGE (with or without
 *   RETURNING); it is 0 for other statements.
 * - After an error inside a transaction PostgreSQL refuses every statement
 *   until the rollback: the only useful call then is pgdb_rollback.
 *   pgdb_commit of such a transaction rolls it back and returns ST_DB.
 * - pgdb_begin_write is BEGIN plus a transaction-scoped advisory lock that all
 *   write transactions take, so write transactions run one at a time as with
 *   SQLite's BEGIN IMMEDIATE (waiting at most the statement timeout, then
 *   ST_BUSY). pgdb_begin_read is BEGIN ISOLATION LEVEL REPEATABLE READ: one
 *   snapshot for the whole transaction, as an SQLite read transaction.
 * - pgdb_rollback keeps the error of the call that failed (so a caller can
 *   roll back, then return pgdb_last_status); it never changes it to ST_OK.
 * - The session runs with client_encoding UTF8, statement_timeout 30s,
 *   client_min_messages warning and TimeZone UTC (CURRENT_TIMESTAMP then
 *   reads as UTC, like SQLite's). Server notices go to log_warn.
 * - When the connection is lost outside a transaction, the next call
 *   reconnects once; inside a transaction every call fails until rollback. */
#ifndef TDKT_DB_DB_PG_H
#define TDKT_DB_DB_PG_H
#include <stdbool.h>
#include <stdint.h>
#include "lib/status.h"

struct pgdb;      /* one libpq connection, one thread at a time */
struct pgdb_stmt; /* one statement of a connection */

/* URL: "postgresql://…", "postgres://…" or "key=value …" (libpq syntax). */
status_t pgdb_open(const char *url, struct pgdb **out, char **err);
void pgdb_close(struct pgdb *db); /* NULL is fine */

status_t pgdb_prepare(struct pgdb *db, const char *sql, struct pgdb_stmt **out);
void pgdb_bind_int(struct pgdb_stmt *st, int idx, int64_t v);
void pgdb_bind_text(struct pgdb_stmt *st, int idx, const char *s);
void pgdb_bind_null(struct pgdb_stmt *st, int idx);
int pgdb_step(struct pgdb_stmt *st);
void pgdb_reset(struct pgdb_stmt *st);
int64_t pgdb_col_int(struct pgdb_stmt *st, int col);
const char *pgdb_col_text(struct pgdb_stmt *st, int col);
bool pgdb_col_null(struct pgdb_stmt *st, int col);
int pgdb_col_count(struct pgdb_stmt *st);
int64_t pgdb_changes(struct pgdb_stmt *st);
void pgdb_finalize(struct pgdb_stmt *st); /* NULL is fine */

status_t pgdb_exec(struct pgdb *db, const char *sql);
status_t pgdb_begin_write(struct pgdb *db);
status_t pgdb_begin_read(struct pgdb *db);
status_t pgdb_commit(struct pgdb *db);
void pgdb_rollback(struct pgdb *db);
/* Runs SAVEPOINT_SQL (ROLLBACK TO … ; RELEASE …) keeping the last error
 * as it was, as pgdb_rollback does. */
void pgdb_rollback_to(struct pgdb *db, const char *savepoint_sql);
bool pgdb_in_transaction(const struct pgdb *db);

const char *pgdb_errmsg(const struct pgdb *db);
status_t pgdb_last_status(const struct pgdb *db);

#endif
