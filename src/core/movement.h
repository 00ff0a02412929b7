/* Emulation movements (phong trào thi đua; issue 4 §1). A unit launches a
 * movement; each unit below responds with its own linked movement
 * (movement_respond), and the launching unit sees the coverage of its
 * subtree. States: draft → launched → interim (sơ kết, any number) → final
 * (tổng kết) → closed, each with its date, note and who acted, kept as a
 * history. Edits after launch make a new version; every version is kept.
 *
 * Permissions: writes need PERM_WRITE on the owner unit (for a response: on
 * the responding unit); a movement is readable with PERM_READ on its owner or
 * on any unit under the owner today (units below see what they must answer);
 * coverage needs PERM_READ on the owner. Every write is audited in the same
 * transaction (entity "movement"). On ST_INVALID / ST_CONFLICT *WHY is a
 * Vietnamese message in static storage; after any error nothing was written.
 * Everything returned lives in C->arena. */
#ifndef TDKT_CORE_MOVEMENT_H
#define TDKT_CORE_MOVEMENT_H
#include <stdbool.h>
#include <stddef.h>
#include "core/ctx.h"
#include "lib/status.h"

/* What the launching unit writes. NULL optional fields are stored as NULL. */
typedef struct {
    const char *name;        /* required, at most 255 characters */
    const char *content;     /* nội dung */
    const char *goals;       /* mục tiêu, chỉ tiêu */
    const char *legal_basis; /* căn cứ: documents it rests on */
    const char *kind;        /* thuong_xuyen, theo_dot, chuyen_de, ngan_ngay */
    const char *period_from; /* yyyy-mm-dd, required */
    const char *period_to;   /* yyyy-mm-dd, required, not before period_from */
    const char *year_label;  /* optional: "2024" or "2019-2020" */
    /* The target group (NULL: no restriction) and the titles it leads to. */
    const char *target_unit_kind; /* unit_kinds.code: units of this kind */
    const char *target_sector;    /* sectors.code: units of this sector */
    const char *target_people;    /* movement_people_codes(): a category of people */
    const char *titles;           /* title codes, comma-separated ("IND_LDTT,COL_TTLDXS") */
} movement_spec_t;

/* The people categories a movement may target: codes and Vietnamese names,
 * NULL-terminated, static. */
typedef struct {
    const char *code, *name;
} movement_people_t;
extern const movement_people_t movement_people_codes[];

/* The Vietnamese name of kind code KIND ("theo đợt"), or KIND itself. */
const char *movement_kind_name(const char *kind);
/* The Vietnamese name of state STATE ("phát động"), or STATE itself. */
const char *movement_state_name(const char *state);

typedef struct {
    int64_t id;
    const char *state;       /* draft, launched, interim, final, closed */
    const char *date;        /* yyyy-mm-dd */
    const char *note;
    int64_t acted_by;        /* 0: the command line */
} movement_state_t;

typedef struct {
    int64_t version;
    movement_spec_t spec;
    int64_t changed_by;
    int64_t changed_at;      /* Unix seconds */
} movement_version_t;

typedef struct {
    int64_t id, owner_unit_id, parent_movement_id, version;
    const char *owner_name;
    const char *state;
    movement_spec_t spec;    /* the current version */
    movement_state_t *history;   /* oldest first; filled by movement_get only */
    size_t n_history;
    movement_version_t *versions; /* oldest first; filled by movement_get only */
    size_t n_versions;
    int64_t response_id;     /* movement_inbox only: the unit's answer (0: none) */
    const char *response_state;
} movement_t;

/* A new movement of OWNER in state draft (PARENT 0: a top movement). */
status_t movement_create(ctx_t *c, int64_t owner, const movement_spec_t *sp, int64_t *id, const char **why);

/* Replaces the fields. In draft the current version is overwritten; once
 * launched a new version is added (the old ones are kept). Refused when
 * closed. */
status_t movement_update(ctx_t *c, int64_t id, const movement_spec_t *sp, const char **why);

/* Moves to STATE on DATE (yyyy-mm-dd, not before the last state's date).
 * Allowed: draft→launched, launched→interim|final, interim→interim|final,
 * final→closed. */
status_t movement_set_state(ctx_t *c, int64_t id, const char *state, const char *date, const char *note,
                            const char **why);

/* UNIT (under the parent's owner today, or at some time in the parent's
 * period: a district federation dissolved since can still be recorded as
 * having answered a movement of 2020) answers PARENT (launched,
 * not closed) with its own movement, in draft, copying the parent's fields;
 * NAME replaces the name when not NULL. One response per unit per parent:
 * ST_CONFLICT for a second. */
status_t movement_respond(ctx_t *c, int64_t parent, int64_t unit, const char *name, int64_t *id, const char **why);

/* One movement with its state history and versions. ST_FORBIDDEN when it
 * does not exist or may not be seen. */
status_t movement_get(ctx_t *c, int64_t id, movement_t *out);

/* The movements OWNER launched (or drafted), newest period first. */
status_t movement_list(ctx_t *c, int64_t owner, movement_t **out, size_t *n);

/* The movements UNIT's superiors (today's tree) launched and have not
 * closed: what UNIT is asked to take up, each with UNIT's own answer
 * (response_id, response_state) when it has one; nearest superior first,
 * then newest period. Needs PERM_READ on UNIT. */
status_t movement_inbox(ctx_t *c, int64_t unit, movement_t **out, size_t *n);

typedef struct {
    int64_t unit_id, parent_id; /* parent_id: the unit's superior today */
    const char *code, *name;
    int64_t depth;           /* 1: directly under the owner */
    int64_t movement_id;     /* the unit's response (0: none) */
    bool responded, launched, interim, final;
    bool registered;         /* it or its people hold an active registration
                              * (core/registration.h) in the movement or the chain */
} coverage_row_t;

typedef struct {
    coverage_row_t *rows;    /* by depth, then list order */
    size_t n;
    int64_t total, responded, launched, interim, final, registered;
    /* Shares as Vietnamese text, e.g. "77,8 %" (7 of 9); "0 %" when total is 0. */
    const char *responded_share, *launched_share, *interim_share, *final_share, *registered_share;
} coverage_t;

/* Which units under the movement's owner (directly under it, or the whole
 * subtree when SUBTREE), as the tree stood on the period's last day (today
 * while the period runs), took the movement up through the chain of
 * responses, launched, held an interim review, held the final review, and
 * registered (itself or its people) in the movement or a response. */
status_t movement_coverage(ctx_t *c, int64_t id, bool subtree, coverage_t *out);

/* "77,8 %" for 7 of 9, "100 %" for 9 of 9; in A. */
const char *movement_share(arena_t *a, int64_t part, int64_t total);

#endif
