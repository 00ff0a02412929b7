/* People (issue 3 §2): đoàn viên, công nhân, viên chức, lao động. Identity,
 * the membership history across units, and the yearly records the title
 * rules read (task ratings, discipline, long absences). See
 * docs/internals/person.md.
 *
 * Scope. A person belongs to the unit of their current membership (the open
 * one, to_date NULL) or, when none is open, of their latest one; a record
 * merged into another belongs where the survivor does. Every read needs
 * PERM_READ on that unit, every write PERM_WRITE on it (and on the unit a new
 * membership goes to). A person out of scope and a person that does not
 * exist both answer ST_FORBIDDEN, so existence does not leak.
 *
 * Input. Strings are expected normalised (text_normalize) by the caller;
 * full names are trimmed and inner runs of spaces collapsed here. Dates are
 * ISO "YYYY-MM-DD"; NULL or "" means absent for optional fields. Years are
 * labels: a calendar year "2024" or a school year "2019-2020".
 *
 * Output. Results live in C->arena. On ST_INVALID / ST_CONFLICT (and
 * ST_FORBIDDEN from writes) *WHY is a Vietnamese message for the user, in
 * static storage or in C->arena; NULL otherwise. Every write runs in one
 * transaction with its audit entries (entity "person"); after any error
 * nothing has changed. */
#ifndef TDKT_CORE_PERSON_H
#define TDKT_CORE_PERSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/arena.h"
#include "lib/status.h"

/* SQL expression: the unit whose scope the persons row aliased P belongs to
 * (see above), NULL when it has no membership. For
 * PERM_SCOPE(PERSON_SCOPE_UNIT("p"), U, P) in list queries. The open
 * membership is one probe of the partial unique index; only people without
 * one pay for the second, ordered lookup (periods never overlap, so the
 * latest start is the latest period). */
#define PERSON_SCOPE_UNIT(P)                                                                        \
    "COALESCE((SELECT sm.unit_id FROM memberships sm WHERE sm.person_id = COALESCE(" P ".merged_into, " \
    P ".id) AND sm.to_date IS NULL), (SELECT sm.unit_id FROM memberships sm WHERE sm.person_id = "     \
    "COALESCE(" P ".merged_into, " P ".id) ORDER BY sm.from_date DESC, sm.id DESC LIMIT 1))"

/* Identity fields. GENDER is "M" (nam), "F" (nữ) or NULL. BIRTH_DATE is a
 * full date or the year alone ("1985"). CCCD is exactly 12 digits, unique
 * among all records. */
typedef struct {
    const char *full_name; /* required, 1-255 characters */
    const char *gender;
    const char *birth_date;
    const char *cccd;
    const char *phone;        /* digits, spaces and + . - ( ), at most 20 */
    const char *email;        /* at most 254, one @ */
    const char *recruited_on; /* date of recruitment */
} person_fields_t;

/* A membership period to add. TO_DATE NULL: a new current membership (the
 * open one, if any, is closed on FROM_DATE: a transfer). TO_DATE set: a past
 * period, which must not overlap the others. */
typedef struct {
    int64_t unit_id;           /* required */
    const char *position;      /* chức vụ, optional, at most 255 characters */
    const char *from_date;     /* required */
    const char *to_date;       /* exclusive: the first day no longer there */
    bool direct_worker;        /* lao động trực tiếp */
    bool manager;              /* cán bộ quản lý */
    const char *member_since;  /* date of joining the union, optional */
} person_membership_in_t;

typedef struct {
    int64_t id, unit_id;
    const char *unit_name, *unit_code; /* the unit's current name */
    const char *position, *from_date, *to_date, *member_since;
    bool direct_worker, manager;
} person_membership_t;

typedef struct {
    int64_t id, unit_id; /* unit_id: the rating unit, 0 when none */
    const char *year_label, *rating, *source_doc;
} person_rating_t;

typedef struct {
    int64_t id;
    const char *form, *decision_no, *from_date, *to_date;
} person_discipline_t;

typedef struct {
    int64_t id, days;
    const char *year_label, *reason;
    bool counts_as_work;
} person_absence_t;

typedef struct {
    int64_t id;
    const char *full_name, *gender, *birth_date, *cccd, *phone, *email, *recruited_on;
    int64_t merged_into; /* 0 unless this record was merged into another */
    int64_t created_at, updated_at;
    int64_t unit_id;     /* the scope unit (current, else last membership) */
    const char *unit_name;
    bool current;        /* has an open membership */
    person_membership_t *memberships; /* oldest first */
    size_t n_memberships;
    person_rating_t *ratings; /* by year label */
    size_t n_ratings;
    person_discipline_t *disciplines; /* oldest first */
    size_t n_disciplines;
    person_absence_t *absences; /* by year label */
    size_t n_absences;
} person_t;

/* One line of a list: identity plus the membership held on the date asked. */
typedef struct {
    int64_t id;
    const char *full_name, *gender, *birth_date, *cccd, *phone, *email;
    int64_t unit_id;
    const char *unit_name, *unit_code, *position, *from_date, *member_since;
    bool direct_worker, manager;
    const char *pos; /* its place in official order, for person_list_q_t.after/before */
} person_row_t;

/* ---- helpers (no database) ------------------------------------------------ */

/* The rules person_create applies to a phone number (digits, spaces and
 * + . - ( ), 8 to 15 digits, at most 20 characters) and to an e-mail address
 * (at most 254 characters, one @, a dot in the domain, no spaces). For
 * callers that check many fields at once (import) and want every problem. */
bool person_phone_valid(const char *s);
bool person_email_valid(const char *s);

/* Official list order key of FULL_NAME: text_sort_key(given name = last word)
 * + " " + text_sort_key(the rest). Byte order of two keys is the order of a
 * printed Vietnamese list. NULL on OOM. */
char *person_order_key(arena_t *a, const char *full_name);

/* "M"/"F" for "M", "F", "nam", "nữ" (any case, with or without marks);
 * NULL for anything else. */
const char *person_gender_code(const char *s);

/* True for "YYYY" and for "YYYY-YYYY" whose second year follows the first
 * (1900-2999). YEAR_TYPE "calendar" allows only the first form, "school"
 * only the second, NULL both. */
bool person_year_label_valid(const char *label, const char *year_type);

/* Vietnamese name of a rating code ("HTXSNV" -> "Hoàn thành xuất sắc nhiệm
 * vụ"); NULL for an unknown code. Codes: HTXSNV HTTNV HTNV KHTNV. */
const char *person_rating_label(const char *code);

/* Discipline forms, mildest first (the rules compare by rank):
 * khien_trach, canh_cao, ha_bac_luong, giang_chuc, cach_chuc, buoc_thoi_viec,
 * khai_tru. Vietnamese name, or NULL for an unknown code. */
const char *person_discipline_label(const char *form);
/* 1 for the mildest form, 0 for an unknown code. */
int person_discipline_rank(const char *form);

/* ---- identity --------------------------------------------------------------- */

/* Creates a person with a first (current) membership M. Needs PERM_WRITE on
 * M->unit_id. CCCD taken: ST_CONFLICT; when the caller may read the holder
 * *WHY names the number and *ID is the holder, otherwise *WHY names nothing
 * and *ID is 0. Without a CCCD, when a record with the same folded name and a
 * matching birth date (the year alone matches any date in it) exists within
 * the caller's read scope and FORCE is false: ST_CONFLICT, a warning in *WHY
 * and *ID the existing record. *ID is the new id on ST_OK. */
status_t person_create(ctx_t *c, const person_fields_t *in, const person_membership_in_t *m, bool force,
                       int64_t *id, const char **why);

/* Replaces the identity fields of ID (all of them: NULL clears an optional
 * one). Refused (ST_CONFLICT) for a record merged into another. */
status_t person_update(ctx_t *c, int64_t id, const person_fields_t *in, const char **why);

/* The same inside the caller's open write transaction (import: many rows,
 * all or nothing); ST_INTERNAL when none is open. Same checks, same audit
 * entry, the same *WHY. After any error part of the call may have been
 * written (a transfer closes the open membership before it checks the new
 * period): the caller must not commit, only roll back. */
status_t person_update_in_tx(ctx_t *c, int64_t id, const person_fields_t *in, const char **why);

/* The whole record: identity, scope unit, full membership history, ratings,
 * disciplines, absences. A merged-away record is returned too (merged_into
 * says where it went). */
status_t person_get(ctx_t *c, int64_t id, person_t *out);

/* ---- membership ------------------------------------------------------------ */

/* Adds a membership period (see person_membership_in_t). Needs PERM_WRITE on
 * M->unit_id and on the person's scope unit. A transfer closes the open
 * membership on M->from_date, which must fall after that membership began;
 * the closing and the opening are audited on their own units. The unit must
 * not have been dissolved by M->from_date. *MEMBERSHIP_ID (may be NULL) gets
 * the new row. */
status_t person_add_membership(ctx_t *c, int64_t person_id, const person_membership_in_t *m,
                               int64_t *membership_id, const char **why);

/* person_add_membership inside the caller's open write transaction (see
 * person_update_in_tx). */
status_t person_add_membership_in_tx(ctx_t *c, int64_t person_id, const person_membership_in_t *m,
                                     int64_t *membership_id, const char **why);

/* Ends the open membership of PERSON_ID on DATE (the first day no longer a
 * member: retirement, leaving). ST_CONFLICT when there is none. */
status_t person_end_membership(ctx_t *c, int64_t person_id, const char *date, const char **why);

/* Corrects one membership row (position, dates, flags; the unit stays).
 * Needs PERM_WRITE on its unit and on the person's scope unit; the corrected
 * period must not overlap the others, and only the last period may be open. */
status_t person_update_membership(ctx_t *c, int64_t membership_id, const person_membership_in_t *m,
                                  const char **why);

/* person_update_membership inside the caller's open write transaction (see
 * person_update_in_tx). */
status_t person_update_membership_in_tx(ctx_t *c, int64_t membership_id, const person_membership_in_t *m,
                                        const char **why);

/* Moves everyone whose open membership is in FROM_UNIT to TO_UNIT on DATE,
 * for unit mergers and dissolutions (org.h), so each person keeps one
 * history: an open membership begun before DATE is closed on DATE and a new
 * one (same position, flags, union date) opens in TO_UNIT; one begun on or
 * after DATE is re-pointed to TO_UNIT. Needs PERM_WRITE on both units; TO_UNIT
 * must exist on DATE. One audit entry per person ("move_membership", on
 * TO_UNIT). *MOVED (may be NULL) gets the number of people moved. */
status_t person_move_members(ctx_t *c, int64_t from_unit, int64_t to_unit, const char *date, int64_t *moved,
                             const char **why);

/* The same inside the caller's open write transaction (org_merge); on error
 * the caller rolls back. */
status_t person_move_members_in_tx(ctx_t *c, int64_t from_unit, int64_t to_unit, const char *date,
                                   int64_t *moved, const char **why);

/* ---- yearly records -------------------------------------------------------- */

/* Sets the rating of PERSON_ID for YEAR_LABEL (replacing an earlier one).
 * RATING is a code (person_rating_label). UNIT_ID is the rating unit; 0 means
 * the person's scope unit. The label must fit that unit's year type
 * (units.year_type: "calendar" -> "2024", "school" -> "2019-2020"), and the
 * unit must be one the person has belonged to or the caller may read.
 * Needs PERM_WRITE on the person's scope unit. */
status_t person_set_rating(ctx_t *c, int64_t person_id, const char *year_label, const char *rating,
                           const char *source_doc, int64_t unit_id, const char **why);

/* Records a discipline: FORM a code (person_discipline_label), DECISION_NO
 * optional, FROM_DATE required, TO_DATE optional (>= FROM_DATE). */
status_t person_add_discipline(ctx_t *c, int64_t person_id, const char *form, const char *decision_no,
                               const char *from_date, const char *to_date, const char **why);

/* Records a long absence of DAYS (1-366) in YEAR_LABEL. REASON is required;
 * the absence counts as working time when COUNTS_AS_WORK is set or the reason
 * is maternity leave ("thai sản" in it, with or without marks). */
status_t person_add_absence(ctx_t *c, int64_t person_id, const char *year_label, int64_t days,
                            const char *reason, bool counts_as_work, const char **why);

/* ---- merge ------------------------------------------------------------------ */

/* Merges the duplicate GONE into KEEP: GONE's memberships, ratings,
 * disciplines and absences move to KEEP (rows KEEP already has identically
 * stay on GONE), KEEP's empty identity fields are filled from GONE (and a
 * year-only birth date from a full one of that year), and GONE.merged_into =
 * KEEP (records merged into GONE earlier now point to KEEP too). GONE stays,
 * so both histories remain; the audit gets the before and after of both.
 * Needs PERM_WRITE on both scope units. ST_CONFLICT (with *WHY) when either
 * is already merged, the CCCDs differ, the ratings of a year differ, or the
 * membership periods overlap (two open memberships in the same unit are
 * joined into one, from the earlier start). */
status_t person_merge(ctx_t *c, int64_t keep_id, int64_t gone_id, const char **why);

/* ---- lists ------------------------------------------------------------------- */

/* Totals of person_list stop counting past this many. */
#define PERSON_LIST_COUNT_MAX 1000

/* Past this many people in the subtree (estimated, at least
 * PERSON_LIST_COUNT_MAX) a page walks persons in official order rather than
 * the subtree (person.c): the first for lists as of a past date, the second
 * for today's. Tuning knobs: tests lower them to reach that path. */
extern int64_t person_list_by_name_above;
extern int64_t person_list_today_by_name_above;

/* Which page of a list. UNIT_ID, AS_OF, SUBTREE: see person_list. AFTER
 * (the pos of a row of an earlier page) asks for the rows that follow it,
 * BEFORE for those that precede it; neither: the first page. Keyset paging:
 * the cost of a page does not grow with its depth. */
typedef struct {
    int64_t unit_id;
    const char *as_of;     /* NULL: today */
    bool subtree;
    const char *after, *before; /* at most one of them */
    size_t limit;          /* 1-1000 */
} person_list_q_t;

typedef struct {
    person_row_t *rows; /* in official order, also for BEFORE */
    size_t n;
    const char *next;   /* AFTER for the page that follows; NULL: none does */
    const char *prev;   /* BEFORE for the page that precedes; NULL: this is the first */
    int64_t total;      /* all rows of the list, counted up to PERSON_LIST_COUNT_MAX;
                         * PERSON_LIST_COUNT_MAX + 1 means "more than that" */
} person_page_t;

/* People whose membership on AS_OF is in UNIT_ID, or anywhere in its subtree
 * as it stood that day when SUBTREE, in official order (person_order_key,
 * then id): one page of Q. Needs PERM_READ on UNIT_ID; rows are further
 * limited to people in the caller's read scope. Merged-away records never
 * appear. ST_INVALID for a bad date, limit or position. Rows in C->arena. */
status_t person_list(ctx_t *c, const person_list_q_t *q, person_page_t *out);

/* The number of rows of that list (without paging), counted up to MAX (a
 * larger count answers MAX + 1). Same permission and errors. */
status_t person_count(ctx_t *c, int64_t unit_id, const char *as_of, bool include_subtree, int64_t max,
                      int64_t *count);

/* The same list without paging, one row at a time, for exports: calls
 * FN(ROW, ARG) in official order; the row's strings are valid only during the
 * call (nothing goes into C->arena). A non-zero return from FN stops the walk
 * (the function still returns ST_OK). */
status_t person_list_each(ctx_t *c, int64_t unit_id, const char *as_of, bool include_subtree,
                          int (*fn)(const person_row_t *row, void *arg), void *arg);

#endif
