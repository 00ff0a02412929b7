/* Numbered schema migrations (src/db/sql/NNNN_name.sql, compiled into the
 * binary), applied in order, each in its own transaction and recorded in the
 * schema_migrations table. In the SQL files {{ID}} stands for the dialect's
 * auto-increment 64-bit primary key. */
#ifndef TDKT_DB_MIGRATE_H
#define TDKT_DB_MIGRATE_H
#include "db/db.h"

/* Highest migration number this program knows. */
int migrate_latest(void);

/* Applies every known migration not yet recorded, in number order (also
 * one numbered below the current version, e.g. merged late). *APPLIED (may be NULL) gets how many ran.
 * ST_CONFLICT when the database is newer than the program (nothing is
 * changed); ST_DB on a failed migration (that migration is rolled back).
 * *ERR (may be NULL) receives a message to xfree. */
status_t migrate_run(db_t *db, int *applied, char **err);

/* migrate_run up to migration LAST only: a database as an older program
 * left it, for the tests of the upgrade path. */
status_t migrate_run_to(db_t *db, int last, int *applied, char **err);

/* Current schema version of DB (0 for an empty database). */
status_t migrate_version(db_t *db, int *version);

#endif
