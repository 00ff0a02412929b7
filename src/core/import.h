/* Importing units and people from rows of text (issue 3 §3). The engine
 * knows nothing of file formats: a face (src/export/transfer.c) reads an
 * XLSX or CSV file and hands each row over; the first row is the header.
 * See docs/internals/import.md.
 *
 * Columns are found by their Vietnamese header, folded (case, marks, đ,
 * punctuation, spacing and any "(…)" hint do not matter): "Họ và tên",
 * "HO TEN", "Ngày sinh (dd/mm/yyyy)" all match.
 *
 * One run is one write transaction. Every row is checked and, when it is
 * sound, applied at once (through the same permission checks and audit
 * entries as a single write), so later rows see earlier ones (a unit created
 * on row 3 is the parent of row 9) and the report of a dry run is exactly
 * what the real import would do. At the end the transaction is committed
 * only when the run was a real one (COMMIT), the file was not refused, and
 * no row had an error (probable duplicates pass only with FORCE); otherwise
 * it is rolled back and nothing at all has changed.
 *
 * Matching, so that importing the same file twice changes nothing:
 * - people by CCCD; a row without CCCD by the same name, birth date and
 *   current unit; a row whose CCCD is new but whose name, birth date and
 *   unit match a record without CCCD completes that record. A matched person
 *   whose values are all the same is left alone (no write, no audit entry);
 *   an empty cell never clears a stored value.
 * - units by code: an existing unit is never changed by an import (renames
 *   and transfers are restructuring, org.h); differences are noted.
 *
 * Scope: rows may only name units the caller may write; a unit the caller
 * may not read is reported exactly like a code that does not exist. With
 * UNIT_ID set, every row must also fall under that unit, and rows that name
 * no unit go to it (people) or under it (units).
 *
 * Thread-safety: one run belongs to one thread and one connection. */
#ifndef TDKT_CORE_IMPORT_H
#define TDKT_CORE_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "lib/status.h"

typedef enum {
    IMPORT_PEOPLE = 1,
    IMPORT_UNITS = 2,
} import_kind_t;

typedef enum {
    IMPORT_ERROR = 1,     /* "Lỗi": the file cannot be imported as it is */
    IMPORT_DUPLICATE = 2, /* "Nghi trùng": blocks unless FORCE */
    IMPORT_NOTE = 3,      /* "Lưu ý": never blocks */
} import_level_t;

typedef struct {
    int64_t row;         /* the row the user sees in the file; 0: the file as a whole */
    import_level_t level;
    const char *column;  /* the header as written in the file, or NULL */
    const char *message; /* Vietnamese */
} import_problem_t;

typedef struct {
    import_kind_t kind;
    bool commit;          /* false: a dry run (everything is done, then rolled back) */
    bool force;           /* probable duplicates are someone else: add them */
    int64_t unit_id;      /* 0, or the unit the file is for (see above) */
    const char *source;   /* file name for the audit log; may be NULL */
    size_t max_problems;  /* problems kept in the report; 0 = 10 000 (all are counted) */
    /* Called every 1 000 rows with the rows done; returning false stops the
     * run (import_row then returns ST_BUSY). May be NULL. */
    bool (*progress)(void *arg, int64_t rows);
    void *progress_arg;
} import_opts_t;

typedef struct {
    int64_t rows;                     /* data rows (the header not counted) */
    int64_t created, updated, unchanged;
    int64_t errors, duplicates, notes; /* every problem counted, kept or not */
    import_problem_t *problems;       /* the first max_problems, by row; in C->arena */
    size_t n_problems;
    bool refused;                     /* the file itself was refused (import_refuse) */
    bool written;                     /* the changes were committed */
} import_report_t;

typedef struct import import_t;

/* Level name for users: "Lỗi", "Nghi trùng", "Lưu ý". */
const char *import_level_label(import_level_t level);

/* Starts a run: checks the options (ST_INVALID), the caller's PERM_WRITE on
 * O->unit_id when set (ST_FORBIDDEN), and opens the write transaction (C->db
 * must have none open). O is copied (SOURCE must outlive the run). The run
 * keeps C; results and the report go to C->arena. *OUT is NULL on error. */
status_t import_begin(ctx_t *c, const import_opts_t *o, import_t **out);

/* One row: ROW_NO as the user sees it, CELLS[0..N) from column A (borrowed
 * for the call). The first row given is the header. Problems go into the
 * report; the return is ST_OK unless the run cannot go on: ST_DB, ST_NOMEM,
 * ST_BUSY (stopped through progress). After a non-OK return call only
 * import_finish. */
status_t import_row(import_t *im, int64_t row_no, const char *const *cells, size_t n);

/* The reader refused the file (WHY: its Vietnamese message, copied). Rows
 * already given do not count: nothing will be written. */
void import_refuse(import_t *im, const char *why);

/* Ends the run: units are created now (parents first); the transaction is
 * committed or rolled back as described above; *REP gets the report (in
 * C->arena) and IM is freed. Returns ST_OK when the run went through to its
 * end, whatever the file held (see REP->written), or the failure (ST_DB,
 * ST_NOMEM, ST_BUSY), after which nothing has changed. IM may be NULL
 * (ST_INVALID, *REP zeroed). */
status_t import_finish(import_t *im, import_report_t *rep);

#endif
