/* Units of the organisation (issue 2 starts the table: id, parent, code,
 * name; the organisation issue grows it into a versioned tree). Every call
 * checks the caller's permission on the unit; out-of-scope and missing units
 * both answer ST_FORBIDDEN so existence does not leak. */
#ifndef TDKT_CORE_UNIT_H
#define TDKT_CORE_UNIT_H
#include <stddef.h>
#include "core/ctx.h"
#include "core/perm.h"
#include "lib/status.h"

typedef struct {
    int64_t id;
    int64_t parent_id; /* 0 for a root */
    const char *code;
    const char *name;
    int64_t children;  /* number of direct children */
} unit_t;

/* Creates a unit under PARENT_ID (0 = a new root: system context only).
 * Needs PERM_WRITE on the parent. Validates CODE (1-32 of A-Z a-z 0-9 . _ -)
 * and NAME (1-255 characters); on ST_INVALID/ST_CONFLICT *WHY is a Vietnamese
 * message. Writes the audit entry in the same transaction. */
status_t unit_create(ctx_t *c, int64_t parent_id, const char *code, const char *name, int64_t *id,
                     const char **why);

/* One unit the caller may read (PERM_READ); strings live in C->arena. */
status_t unit_get(ctx_t *c, int64_t id, unit_t *out);

/* Looks a unit up by code, within the caller's read scope. */
status_t unit_find_code(ctx_t *c, const char *code, unit_t *out);

/* Direct children of PARENT_ID the caller may read, in Vietnamese name order;
 * PARENT_ID 0 lists the tops of the caller's scope (units they may read whose
 * parent they may not). Array in C->arena. */
status_t unit_list(ctx_t *c, int64_t parent_id, unit_t **out, size_t *n);

/* Every unit where the caller holds P, in Vietnamese name order, at most
 * LIMIT (for pickers). Array in C->arena. */
status_t unit_list_scope(ctx_t *c, perm_t p, size_t limit, unit_t **out, size_t *n);

#endif
