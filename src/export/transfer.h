/* Files in and out of the core (issue 3 §3): an XLSX or CSV file read row
 * by row into an import run (core/import.h), the lists of core/export.h
 * written to XLSX or CSV, the dry-run report as a CSV file, and the
 * background jobs that do all of this for the web faces. The command line
 * calls the same functions synchronously. See docs/internals/import.md.
 *
 * Job kinds (registered in core/jobs.c): import_people_check,
 * import_units_check (dry runs), import_people, import_units (the real
 * thing), export_people, export_units. Import jobs read the job's input
 * file; params (JSON) may hold "force": true. Export jobs take params
 * {"unit_id", "at", "format": "xlsx"|"csv", "subtree"} and leave their
 * file as the job's result. Every job writes its report CSV next to its
 * input and sets a Vietnamese message. */
#ifndef TDKT_EXPORT_TRANSFER_H
#define TDKT_EXPORT_TRANSFER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/import.h"
#include "core/job.h"
#include "core/registration.h"
#include "export/table.h"
#include "lib/status.h"

/* Reads the file at PATH (format from its bytes) into an import run with
 * options O. LIM may be NULL (the reader's defaults). A refused or
 * unreadable file is a report with one problem (REP->refused), not an error.
 * Returns what import_finish returns (ST_OK: REP is valid), or the status of
 * import_begin (ST_FORBIDDEN: no write permission on O->unit_id). */
status_t transfer_import(ctx_t *c, const char *path, const import_opts_t *o, const table_limits_t *lim,
                         import_report_t *rep);

/* Reads the file at PATH (XLSX or CSV) into a registration import for
 * MOVEMENT (core/registration.h): a dry run unless COMMIT. A file that
 * cannot be read is ST_INVALID with *WHY; otherwise as
 * registration_import_finish. Synchronous: at most 50 000 rows. */
status_t transfer_import_registrations(ctx_t *c, int64_t movement, const char *path, bool commit,
                                       const char *late_reason, registration_import_report_t *rep, const char **why);

/* Writes REP's problems to a CSV file at PATH ("Dòng", "Mức", "Cột", "Nội
 * dung"; row 0 shows as empty). WHY gets a Vietnamese message on failure. */
status_t transfer_write_report(const import_report_t *rep, const char *path, char *why, size_t why_len);

/* Reads back at most MAX problems of a report file written above into
 * *OUT (strings in A); *TOTAL and *DUPLICATES (may be NULL) get the number
 * of all its rows and of those at IMPORT_DUPLICATE. */
status_t transfer_read_report(const char *path, arena_t *a, size_t max, import_problem_t **out, size_t *n,
                              int64_t *total, int64_t *duplicates);

/* A Vietnamese summary of REP (in A): what was (or would be) done, or why
 * nothing was. DRY: it was a dry run. */
const char *transfer_summary(arena_t *a, const import_report_t *rep, bool dry);

typedef enum {
    TRANSFER_PEOPLE = 1,
    TRANSFER_UNITS = 2,
} transfer_what_t;

/* Writes the export WHAT of UNIT_ID (0: the caller's whole scope) as of AT
 * (NULL: today; SUBTREE: people of the units under it too) to a new file at
 * PATH in FMT. PROGRESS (may be NULL) is called every 1 000 rows; false
 * stops (ST_BUSY). *ROWS gets the rows written. On error the file is
 * removed and WHY holds a Vietnamese message when there is one. */
status_t transfer_export(ctx_t *c, transfer_what_t what, int64_t unit_id, const char *at, bool subtree,
                         table_format_t fmt, const char *path, bool (*progress)(void *arg, int64_t rows),
                         void *arg, int64_t *rows, char *why, size_t why_len);

/* ---- jobs ---------------------------------------------------------------------- */

/* The job functions (job.h job_fn) of the kinds above. */
status_t transfer_job_import(ctx_t *c, const job_t *job, job_run_t *run);
status_t transfer_job_export(ctx_t *c, const job_t *job, job_run_t *run);

/* The file name under which the caller's upload becomes the input of a job:
 * moves UPLOAD_PATH into job_dir() (the caller no longer owns it on ST_OK)
 * and queues a check (DRY_RUN) or import job of WHAT for UNIT_ID (0: none).
 * *ID gets the job. ST_FORBIDDEN when the caller may not write UNIT_ID. */
status_t transfer_submit_import(ctx_t *c, transfer_what_t what, int64_t unit_id, bool dry_run, bool force,
                                const char *upload_path, const char *upload_name, int64_t *id);

/* Queues the real import of a finished check job CHECK_ID of the caller,
 * with the same file (linked, so each job owns its own name) and unit.
 * ST_NOT_FOUND: no such job of the caller; ST_CONFLICT (with *WHY) when it is
 * not a check that passed. *ID gets the new job. */
status_t transfer_submit_commit(ctx_t *c, int64_t check_id, bool force, int64_t *id, const char **why);

/* Queues an export job (see transfer_export). FORMAT "xlsx" or "csv", AT
 * ISO or NULL. ST_INVALID for a bad format; ST_FORBIDDEN when UNIT_ID may
 * not be read. */
status_t transfer_submit_export(ctx_t *c, transfer_what_t what, int64_t unit_id, const char *at, bool subtree,
                                const char *format, int64_t *id);

/* The report file of import job JOB (a path in A), or NULL when it has none. */
const char *transfer_report_path(arena_t *a, const job_t *job);

/* True for the four import kinds; *DRY for the checks, *WHAT the kind. */
bool transfer_is_import(const char *kind, bool *dry, transfer_what_t *what);

#endif
