/* Bulk mode for creating many people: see person_bulk.h. */
#include "core/person_bulk.h"
#include <string.h>
#include "lib/alloc.h"
#include "lib/buf.h"

/* The trigger feeding the full-text index (0022_search_pairs.sqlite.sql). */
static const char fts_trigger_sql[] =
    "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'persons_fts_insert'";
static const char fts_trigger_drop[] = "DROP TRIGGER persons_fts_insert";

/* The listing indexes (0016_people_lists, 0020_list_order_covering): the
 * same three names in both statements. None is used to find a person. */
static const char lists_sql[] = "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name IN"
                                " ('persons_order_live', 'memberships_unit_people', 'memberships_current_order')";
static const char lists_drop[] = "DROP INDEX IF EXISTS persons_order_live;"
                                 " DROP INDEX IF EXISTS memberships_unit_people;"
                                 " DROP INDEX IF EXISTS memberships_current_order";

/* Runs SQL (selecting the sql column of sqlite_schema rows) and keeps the
 * statements it returns as one script in *OUT (NULL when none). */
static status_t keep_schema(db_t *db, const char *sql, char **out)
{
    db_stmt_t *st;
    status_t s = db_prepare(db, sql, &st);
    if (s != ST_OK)
        return s;
    buf_t b;
    buf_init(&b, 1 << 16);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        buf_puts(&b, db_col_text(st, 0));
        buf_puts(&b, ";\n");
    }
    s = rc == DB_DONE ? ST_OK : db_last_status(db);
    db_finalize(st);
    if (s == ST_OK && buf_failed(&b))
        s = ST_NOMEM;
    *out = s == ST_OK && b.len > 0 ? buf_detach(&b, NULL) : NULL;
    buf_free(&b);
    return s;
}

status_t person_bulk_begin(db_t *db, person_bulk_t *b, int64_t first_id)
{
    *b = (person_bulk_t){.db = db, .fts_from = first_id};
    db_bulk_begin(db);
    if (db_kind(db) != DB_SQLITE)
        return ST_OK;
    int64_t persons = 0;
    status_t s = db_get_int(db, &persons, "SELECT COALESCE(MAX(id), 0) FROM persons", "");
    if (s == ST_OK)
        s = db_get_int(db, &b->held, "SELECT COALESCE(MAX(id), 0) FROM memberships", "");
    if (s == ST_OK && persons > b->held)
        b->held = persons;
    if (s == ST_OK && first_id == 0)
        b->fts_from = persons + 1;
    if (s == ST_OK)
        s = keep_schema(db, fts_trigger_sql, &b->fts_trigger);
    if (s == ST_OK && b->fts_trigger)
        s = db_exec(db, fts_trigger_drop);
    return s;
}

status_t person_bulk_progress(person_bulk_t *b, int64_t created)
{
    if (db_kind(b->db) != DB_SQLITE || b->lists || created < b->held)
        return ST_OK;
    status_t s = keep_schema(b->db, lists_sql, &b->lists);
    if (s == ST_OK && b->lists)
        s = db_exec(b->db, lists_drop);
    return s;
}

status_t person_bulk_finish(person_bulk_t *b)
{
    status_t s = ST_OK;
    if (b->fts_trigger) {
        s = db_run(b->db, NULL,
                   "INSERT INTO persons_fts (rowid, name_fold, name_pairs)"
                   " SELECT id, name_fold, name_pairs FROM persons WHERE id >= ?1",
                   "i", b->fts_from);
        if (s == ST_OK)
            s = db_exec(b->db, b->fts_trigger);
    }
    if (s == ST_OK && b->lists)
        s = db_exec(b->db, b->lists);
    return s;
}

void person_bulk_free(person_bulk_t *b)
{
    if (b->db)
        db_bulk_end(b->db);
    xfree(b->fts_trigger);
    xfree(b->lists);
    *b = (person_bulk_t){0};
}
