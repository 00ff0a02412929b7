/* The one permission check (issue 2 §5). A user holds roles (grants) on
 * units; a role on a unit applies to that unit and everything under it in
 * the CURRENT tree (unit_tree closure rows with valid_to NULL: a unit
 * transferred away leaves its former superior's scope; a dissolved unit stays
 * in its last superior's); what each role may do is data (role_perms). Every core
 * read and write calls perm_check() or filters its query with PERM_SCOPE. */
#ifndef TDKT_CORE_PERM_H
#define TDKT_CORE_PERM_H
#include "core/ctx.h"
#include "lib/status.h"

typedef enum {
    PERM_READ,          /* see the unit's data */
    PERM_WRITE,         /* change the unit's data */
    PERM_APPROVE,       /* sign and approve */
    PERM_VOTE,          /* vote in a council */
    PERM_MANAGE_USERS,  /* create accounts, grant roles on the unit */
    PERM_AUDIT,         /* read the audit log of the unit */
    PERM__COUNT
} perm_t;

/* Stable code stored in role_perms.perm, e.g. "read". */
const char *perm_code(perm_t p);

/* ST_OK when C may do P on UNIT_ID; ST_FORBIDDEN otherwise (also for a unit
 * that does not exist, so existence does not leak); ST_DB on failure. */
status_t perm_check(ctx_t *c, perm_t p, int64_t unit_id);

/* ST_OK when C holds P on at least one unit. */
status_t perm_any(ctx_t *c, perm_t p);

/* Value to bind for the user parameter of PERM_SCOPE: the user id, or -1 for
 * the system context (which sees everything). */
int64_t perm_scope_user(const ctx_t *c);

/* SQL condition "COL is a unit where user ?U holds perm ?P", for list
 * queries. Bind ?U with perm_scope_user(c) and ?P with perm_code(p). */
#define PERM_SCOPE(COL, U, P)                                                                  \
    "(?" #U " < 0 OR " COL " IN (SELECT t.descendant_id FROM grants g"                       \
    " JOIN role_perms rp ON rp.role = g.role JOIN unit_tree t ON t.ancestor_id = g.unit_id" \
    " WHERE g.user_id = ?" #U " AND rp.perm = ?" #P " AND t.valid_to IS NULL))"

/* The same condition as PERM_SCOPE, and bound the same way, as a probe per
 * row (the caller's grants, then one closure entry each): for queries that
 * test few rows (one unit by id, a page of search candidates). PERM_SCOPE
 * first lists the whole scope, which for a city officer is its twelve
 * thousand units (3 ms) before the first row; it stays the choice for
 * queries that test many rows. */
#define PERM_HOLDS(COL, U, P)                                                                  \
    "(?" #U " < 0 OR EXISTS (SELECT 1 FROM grants g JOIN role_perms rp ON rp.role = g.role"  \
    " JOIN unit_tree t ON t.ancestor_id = g.unit_id WHERE g.user_id = ?" #U " AND rp.perm = ?" #P \
    " AND t.descendant_id = " COL " AND t.valid_to IS NULL))"

#endif
