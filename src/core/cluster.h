/* Emulation clusters and blocks (cụm, khối thi đua; issue 3 §1): named groups
 * of units of one level, formed by a superior unit for one year, with a
 * leader unit (cụm trưởng / khối trưởng). Rankings and the flag rules read
 * them later. Writes need PERM_WRITE on the owner unit, reads PERM_READ; all
 * writes are audited. On ST_INVALID / ST_CONFLICT *WHY is Vietnamese. */
#ifndef TDKT_CORE_CLUSTER_H
#define TDKT_CORE_CLUSTER_H
#include <stddef.h>
#include "core/ctx.h"
#include "core/unit.h"
#include "lib/status.h"

typedef struct {
    int64_t id, owner_unit_id, year, leader_unit_id;
    const char *kind;        /* "cum" (cluster) or "khoi" (block) */
    const char *name;
    unit_t *members;         /* by name */
    size_t n_members;
} cluster_t;

/* A new cluster or block of OWNER for YEAR (1945-2999). NAME unique per owner
 * and year. */
status_t cluster_create(ctx_t *c, int64_t owner, const char *kind, const char *name, int64_t year, int64_t *id,
                        const char **why);

/* Adds UNIT: it must be under the owner today, exist in the cluster's year,
 * be of the same level as the members already there, and not already be in
 * another group of the same kind of that owner and year. */
status_t cluster_add_unit(ctx_t *c, int64_t cluster, int64_t unit, const char **why);

/* Makes UNIT (a member) the leader. */
status_t cluster_set_leader(ctx_t *c, int64_t cluster, int64_t unit, const char **why);

/* The groups OWNER formed for YEAR, with their members. */
status_t cluster_list(ctx_t *c, int64_t owner, int64_t year, cluster_t **out, size_t *n);

#endif
