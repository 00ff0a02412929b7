/* Creating many people in one transaction (an import, a batch of the demo). While it lasts, the
 * connection gets a larger page cache (db_bulk_begin) and, on SQLite, work
 * the schema does row by row is put off to the end:
 * - the names go into the full-text index once: FTS5 writes its pending
 *   terms out at every statement, so feeding it batch by batch writes
 *   thousands of small segments and merges them again. The trigger that
 *   feeds it (persons_fts_insert) is dropped and put back at the end;
 * - once the people to come outnumber the rows the tables held, the three
 *   listing indexes (persons_order_live, memberships_unit_people,
 *   memberships_current_order) are dropped and built again at the end from
 *   sorted keys, instead of taking each new row at a random place (measured:
 *   a million people into a small database, 26 s of inserts became 8 s and
 *   ~6 s of building). The indexes the import looks people up by stay.
 * Every change is DDL inside the caller's transaction, the SQL of each
 * object kept as sqlite_schema holds it: a rollback (the dry run, an error,
 * a crash) leaves the schema as it was, and other connections never see it.
 * On PostgreSQL only the page cache call is made (a no-op there), as
 * dropping an index would lock the table against readers. */
#ifndef TDKT_CORE_PERSON_BULK_H
#define TDKT_CORE_PERSON_BULK_H
#include <stdint.h>
#include "db/db.h"
#include "lib/status.h"

typedef struct {
    db_t *db;           /* NULL until person_bulk_begin */
    int64_t held;       /* rows of persons or memberships at the start, the larger */
    int64_t fts_from;   /* the first person the full-text index still lacks */
    char *fts_trigger;  /* the SQL of the trigger dropped, NULL when none */
    char *lists;        /* the SQL of the listing indexes dropped, NULL when none */
} person_bulk_t;

/* Starts bulk mode on DB, inside a write transaction, before the person
 * FIRST_ID (and every later one) is created; 0 means the next after the
 * highest id in persons. */
status_t person_bulk_begin(db_t *db, person_bulk_t *b, int64_t first_id);

/* Tells how many people the run will have created once the next batch is
 * written (call before writing it): drops the listing indexes once that
 * reaches the rows held at the start. */
status_t person_bulk_progress(person_bulk_t *b, int64_t created);

/* Ends the deferred work, inside the same transaction before its commit:
 * indexes the new names, builds the listing indexes, puts the trigger back. */
status_t person_bulk_finish(person_bulk_t *b);

/* Gives the page cache back and frees B (after commit or rollback). A zeroed
 * B is fine. */
void person_bulk_free(person_bulk_t *b);

#endif
