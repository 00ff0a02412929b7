/* Emulation registration (đăng ký thi đua; issue 4 §2, REFERENCE.md §5.6).
 * At the start of a period a unit (collective) or a person registers, for a
 * movement, a target title from the catalogue (core/title.h) and its own
 * targets (chỉ tiêu, free text). Most members never log in: an officer
 * registers on their behalf, many people for one title in one call
 * (registration_add_people), or from a file (registration_import).
 * See docs/internals/registration.md.
 *
 * Rules. The movement must be launched and not closed (interim and final
 * reviews still take registrations); the registering unit (for a person:
 * the person's current unit, person.h) must be the movement's owner or under
 * it in today's tree; the title must be valid today and fit the subject.
 * After the movement's registration deadline a registration needs a reason
 * and is marked late; without one it is refused (ST_INVALID). One active
 * registration per subject, title and movement: a second is ST_CONFLICT.
 *
 * Permissions. Writes need PERM_WRITE on the registering unit (for people:
 * on each person's current unit, checked for the whole set in one query);
 * the deadline needs PERM_WRITE on the movement's owner; settings PERM_WRITE
 * on the unit. Lists show the registrations whose unit the caller may read.
 * Something that does not exist answers ST_FORBIDDEN like something out of
 * scope. Every write is audited in the same transaction (entity
 * "registration"; the deadline on entity "movement"; settings on
 * "unit_setting"); after any error nothing was written.
 *
 * On ST_INVALID / ST_CONFLICT / ST_FORBIDDEN *WHY is a Vietnamese message
 * (static or in C->arena). Everything returned lives in C->arena. */
#ifndef TDKT_CORE_REGISTRATION_H
#define TDKT_CORE_REGISTRATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

/* Most people one call registers (a bulk request, an imported file). */
#define REGISTRATION_MAX_PEOPLE 50000

typedef struct {
    const char *title_code;  /* required: a code of the catalogue */
    const char *targets;     /* chỉ tiêu đăng ký; optional, at most 4000 characters */
    const char *late_reason; /* required after the deadline; at most 1000 characters */
    const char *on;          /* ISO day registered; NULL: today. Only the system context (the demo,
                              * records of past years) may give it; others get ST_INVALID */
} registration_in_t;

/* Registers UNIT itself (collective) for IN->title_code in MOVEMENT. *ID
 * gets the registration, *LATE (may be NULL) whether it was after the
 * deadline. */
status_t registration_add_unit(ctx_t *c, int64_t movement, int64_t unit, const registration_in_t *in, int64_t *id,
                               bool *late, const char **why);

typedef struct {
    int64_t registered; /* registrations written */
    int64_t first_id;   /* the first of them (the only one for one person) */
    bool late;          /* after the deadline */
} registration_result_t;

/* Registers the people PEOPLE[0..N) (ids; repeats are ignored; 1 ≤ N ≤
 * REGISTRATION_MAX_PEOPLE) for one individual title in MOVEMENT, all or
 * none, in one transaction: the ids go through one prepared statement, then
 * one query checks them all (exist, in the caller's write scope, under the
 * movement's owner, not yet registered) and one INSERT … SELECT writes them.
 * One audit entry per unit the people belong to. When any person fails,
 * nothing is written: ST_FORBIDDEN (not found or out of scope, naming no
 * one), ST_INVALID (outside the movement, with the count) or ST_CONFLICT
 * (already registered, naming up to three). */
status_t registration_add_people(ctx_t *c, int64_t movement, const int64_t *people, size_t n,
                                 const registration_in_t *in, registration_result_t *res, const char **why);

/* Withdraws registration ID (REASON optional, at most 1000 characters).
 * ST_CONFLICT when already withdrawn. The subject may register again. */
status_t registration_withdraw(ctx_t *c, int64_t id, const char *reason, const char **why);

/* Sets the registration deadline of MOVEMENT (ISO date, the last day on
 * time; NULL or "" removes it). Refused when the movement is closed. */
status_t registration_set_deadline(ctx_t *c, int64_t movement, const char *deadline, const char **why);

/* The deadline of MOVEMENT (*DEADLINE NULL when none) and whether today is
 * past it. Needs the movement to be visible to the caller (movement.h). */
status_t registration_deadline(ctx_t *c, int64_t movement, const char **deadline, bool *passed);

typedef struct {
    int64_t id, movement_id, unit_id, person_id; /* person_id 0: the unit itself */
    const char *title_code, *title_name, *subject; /* subject: individual | collective */
    const char *unit_name, *person_name, *cccd;
    const char *targets, *late_reason, *state;     /* state: active | withdrawn */
    const char *registered_on;                     /* ISO */
    bool late;
} registration_t;

typedef struct {
    const char *title_code, *title_name;
    int64_t count; /* active registrations */
} registration_count_t;

typedef struct {
    int64_t movement;    /* required */
    int64_t unit;        /* > 0: only the registrations of UNIT's current subtree (PERM_READ on UNIT) */
    bool with_withdrawn; /* withdrawn ones too */
    bool unit_only;      /* with UNIT: UNIT's own (itself and its people), not its subtree's */
} registration_query_t;

typedef struct {
    registration_t *rows;  /* one page: collectives first, then people by unit and official order */
    size_t n;
    registration_count_t *counts; /* active ones per title of the whole list, catalogue order */
    size_t n_counts;
    int64_t active, late, withdrawn; /* of the whole list (withdrawn counted even when not listed) */
} registration_list_t;

/* The registrations Q asks for (the movement visible to the caller) whose
 * unit the caller may read: LIMIT (1-1000) rows from OFFSET, and the
 * counts of the whole list. ST_INVALID for a bad limit. */
status_t registration_list(ctx_t *c, const registration_query_t *q, size_t offset, size_t limit,
                           registration_list_t *out);

/* The whole list of Q in the same order, one row at a time, for exports:
 * FN(ROW, ARG), the row's strings valid during the call only; a non-zero
 * return stops the walk (still ST_OK). */
status_t registration_list_each(ctx_t *c, const registration_query_t *q,
                                int (*fn)(const registration_t *row, void *arg), void *arg);

/* ---- the setting "registration required before proposing a title" ---- */

/* *OUT: whether UNIT requires a registration before a title is proposed,
 * from the nearest unit at or above it (today's tree) that set it; false
 * when none did. Needs PERM_READ on UNIT. */
status_t registration_required(ctx_t *c, int64_t unit_id, bool *out);

/* *VALUE: UNIT's own setting, 1 or 0, or -1 when it inherits. Needs
 * PERM_READ on UNIT. */
status_t registration_own_setting(ctx_t *c, int64_t unit_id, int *value);

/* Sets the setting of UNIT: VALUE 1 required, 0 not required, -1 removes
 * UNIT's own setting (it inherits again). */
status_t registration_set_required(ctx_t *c, int64_t unit_id, int value, const char **why);

/* The subject of a registration: PERSON_ID > 0 for a person, else UNIT_ID. */
typedef struct {
    int64_t unit_id, person_id;
} registration_subject_t;

/* *OUT: whether WHO holds an active registration for TITLE_CODE in
 * MOVEMENT (> 0), or, with MOVEMENT 0, in any movement of the year YEAR
 * ("2024": the movement's year label is 2024 or its period meets 2024; a
 * school year "2024-2025": the label). Needs PERM_READ on the subject's
 * unit (a person's current unit). For the nominations (issue 4 §2 setting). */
status_t registration_exists(ctx_t *c, int64_t movement, const char *year, const registration_subject_t *who,
                             const char *title_code, bool *out);

/* ---- import from a list -------------------------------------------------- */

/* The engine knows nothing of file formats: a face (export/transfer.h)
 * reads an XLSX or CSV file and hands its rows over, the header first.
 * Columns are found by their Vietnamese header (core/columns.h): "Họ và
 * tên", "Số CCCD" and/or "Mã hồ sơ" (the person's id, as in the list's
 * export), "Danh hiệu đăng ký" (a code, a name or a name without marks, of
 * an individual title of the catalogue), "Chỉ tiêu" (optional). A person is
 * found by CCCD, else by Mã hồ sơ; the name must be the record's (marks and
 * case aside). One that does not exist and one outside the caller's write
 * scope get the same message. Every row is checked and reported; the
 * registrations are written, with one audit entry per unit, at the end,
 * only when COMMIT and no row had a problem; otherwise nothing is written
 * (a dry run reports what would be written). A person already registered
 * for that title is unchanged, so importing the same file twice changes
 * nothing. Thread-safety: a run belongs to one thread and connection. */

typedef struct {
    int64_t row;          /* as the user sees it in the file; 0 for the file */
    const char *message;  /* Vietnamese */
} registration_problem_t;

typedef struct {
    int64_t rows;          /* data rows */
    int64_t registered;    /* written (a dry run: would be) */
    int64_t unchanged;     /* already registered for the same title: left alone */
    registration_problem_t *problems; /* by row, at most 1000 kept */
    size_t n_problems;
    int64_t n_errors;      /* every problem counted */
    bool written;          /* committed */
} registration_import_report_t;

typedef struct registration_import registration_import_t;

/* Starts a run for MOVEMENT: checks it takes registrations (after the
 * deadline LATE_REASON is needed and used for every row) and opens the
 * write transaction. ST_FORBIDDEN, ST_INVALID (*WHY) as for
 * registration_add_people; *OUT NULL on error. */
status_t registration_import_begin(ctx_t *c, int64_t movement, bool commit, const char *late_reason,
                                   registration_import_t **out, const char **why);

/* One row (the header first): ROW_NO as the user sees it, CELLS[0..N)
 * borrowed for the call. ST_OK unless the run cannot go on (ST_DB,
 * ST_NOMEM); then call only registration_import_finish. */
status_t registration_import_row(registration_import_t *im, int64_t row_no, const char *const *cells, size_t n);

/* The reader refused the file (WHY copied): nothing will be written. */
void registration_import_refuse(registration_import_t *im, const char *why);

/* Ends the run as described above; *REP (in C->arena) gets the report and
 * IM is freed. ST_OK when the run went to its end, whatever the file held
 * (see REP->n_errors, REP->written); ST_INVALID with *WHY when the file
 * lacks a needed column or was refused; ST_DB / ST_NOMEM. After any
 * non-OK return nothing was written. */
status_t registration_import_finish(registration_import_t *im, registration_import_report_t *rep, const char **why);

#endif
