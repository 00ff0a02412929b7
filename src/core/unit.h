/* Units of the organisation: a versioned tree (issue 3). A unit has a code,
 * names, a kind (with an abstract level), a sector and the period it existed;
 * its place in the tree over time is the unit_tree closure with validity
 * periods. Restructuring (org.h) never overwrites history.
 *
 * Every call checks the caller's permission; out-of-scope and missing units
 * both answer ST_FORBIDDEN so existence does not leak. Dates are ISO
 * "YYYY-MM-DD"; AT NULL means today. Results live in C->arena. */
#ifndef TDKT_CORE_UNIT_H
#define TDKT_CORE_UNIT_H
#include <stddef.h>
#include "core/ctx.h"
#include "core/perm.h"
#include "lib/status.h"

typedef struct {
    int64_t id;
    int64_t parent_id;      /* current parent; 0 for a root */
    const char *code;
    const char *name;       /* as of the date asked (current for unit_get) */
    const char *short_name; /* may be NULL */
    const char *kind;       /* unit_kinds.code, may be NULL */
    const char *kind_name;  /* its display name, may be NULL */
    int level;              /* abstract level 1..6, 0 when no kind */
    const char *sector;     /* sectors.code, may be NULL */
    const char *address;
    const char *valid_from; /* "YYYY-MM-DD" */
    const char *valid_to;   /* NULL while it exists */
    const char *year_type;  /* "calendar" or "school" */
    int64_t children;       /* direct children existing at the date asked */
} unit_t;

typedef struct {
    int64_t parent_id;      /* 0: a new root (system context only) */
    const char *code;       /* 1-32 of A-Z a-z 0-9 . _ - ; unique for ever */
    const char *name;       /* 1-255 characters */
    const char *short_name; /* optional */
    const char *kind;       /* optional unit_kinds.code */
    const char *sector;     /* optional sectors.code */
    const char *address;    /* optional */
    const char *valid_from; /* optional, default today */
    const char *decision_no;/* optional: the decision that created it */
    const char *year_type;  /* optional "calendar" (default) or "school" */
} unit_spec_t;

/* Creates a unit. Needs PERM_WRITE on the parent, which must exist on
 * VALID_FROM. On ST_INVALID/ST_CONFLICT/ST_NOT_FOUND *WHY is Vietnamese. The
 * closure rows, a "create" event and the audit entry are written in one
 * transaction. */
status_t unit_create_spec(ctx_t *c, const unit_spec_t *spec, int64_t *id, const char **why);

/* The same inside the caller's open write transaction (used by org.h). */
status_t unit_create_in_tx(ctx_t *c, const unit_spec_t *spec, int64_t *id, const char **why);

/* unit_create_spec with only parent, code and name (valid from today). */
status_t unit_create(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id,
                     const char **why);

typedef enum {
    UNIT_HOLDS,  /* exists on the date and lasts the period */
    UNIT_ABSENT, /* does not exist on the date (or not at all) */
    UNIT_ENDED,  /* existed then, dissolved or merged before the period ends */
} unit_hold_t;

/* Whether units may be placed under PARENT from DATE until UNTIL (NULL: for
 * good), founded there or moved there: only if PARENT lasts that long, since
 * a unit under it would outlive it and a dissolution is refused while units
 * under it live. No permission check: the caller's operation makes its own. */
status_t unit_can_hold(ctx_t *c, int64_t parent, const char *date, const char *until, unit_hold_t *out);

/* One unit the caller may read (PERM_READ), with its current name. */
status_t unit_get(ctx_t *c, int64_t id, unit_t *out);

/* Looks a unit up by code, within the caller's read scope. */
status_t unit_find_code(ctx_t *c, const char *code, unit_t *out);

/* Direct children of PARENT_ID as of AT that the caller may read, in
 * Vietnamese name order, with the names they had then. PARENT_ID 0 lists the
 * tops of the caller's scope (units they may read whose parent they may not). */
status_t unit_list_at(ctx_t *c, int64_t parent_id, const char *at, unit_t **out, size_t *n);

typedef struct {
    int64_t parent_id;    /* 0: the tops of the caller's scope, as in unit_list_at */
    const char *at;       /* NULL: today */
    const char *q;        /* optional: part of the current name (any accents or
                           * case) or of the code */
    size_t offset, limit; /* LIMIT 0: all */
} unit_query_t;

typedef struct {
    unit_t *items;
    size_t n;
    int64_t total; /* the units matching, over all pages */
} unit_page_t;

/* One page of unit_list_at, filtered by Q->q. ST_INVALID for a bad date,
 * ST_FORBIDDEN when the caller may not read the parent. */
status_t unit_children(ctx_t *c, const unit_query_t *q, unit_page_t *out);

/* unit_list_at for today. */
status_t unit_list(ctx_t *c, int64_t parent_id, unit_t **out, size_t *n);

/* Every unit where the caller holds P, in name order, at most LIMIT. */
status_t unit_list_scope(ctx_t *c, perm_t p, size_t limit, unit_t **out, size_t *n);

/* Number of units in the subtree of ROOT (itself included) existing at AT,
 * answered from the closure in one query. Needs PERM_READ on ROOT. */
status_t unit_count_subtree(ctx_t *c, int64_t root, const char *at, int64_t *count);

/* The parent of ID on AT ("YYYY-MM-DD"): *PARENT is 0 when ID was a root
 * or did not exist that day. Needs PERM_READ on ID. */
status_t unit_parent_at(ctx_t *c, int64_t id, const char *at, int64_t *parent);

/* The current ancestors of ID that the caller may read, top first. */
status_t unit_ancestors(ctx_t *c, int64_t id, unit_t **out, size_t *n);

typedef struct {
    const char *code, *name;
    int level;
} unit_kind_t;

/* The catalogue of unit kinds, by rank. */
status_t unit_kind_list(ctx_t *c, unit_kind_t **out, size_t *n);

/* The catalogue of sectors (level 0), by rank. */
status_t unit_sector_list(ctx_t *c, unit_kind_t **out, size_t *n);

/* Today as "YYYY-MM-DD" in Vietnam time, in C->arena; NULL on OOM. */
const char *unit_today(ctx_t *c);

#endif
