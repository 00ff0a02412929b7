/* Restructuring of the organisation tree (issue 3; REFERENCE §8): rename,
 * transfer to another parent, merge, split, dissolve. History is never
 * overwritten: parent rows are closed at the event date and new ones opened
 * (the closure above them is derived from them), past names keep their
 * periods, and every change is an event carrying the date and the number of
 * the decision that ordered it, plus an audit entry, in one transaction.
 * Dates are ISO "YYYY-MM-DD".
 *
 * Each operation needs PERM_WRITE on every unit it touches (and on the new
 * parent). On ST_INVALID / ST_CONFLICT *WHY is a Vietnamese message. */
#ifndef TDKT_CORE_ORG_H
#define TDKT_CORE_ORG_H
#include <stddef.h>
#include "core/ctx.h"
#include "core/unit.h"
#include "lib/status.h"

typedef struct {
    const char *date;        /* the day the change takes effect (required) */
    const char *decision_no; /* e.g. "123/QĐ-LĐLĐ" (optional) */
    const char *note;        /* optional */
} org_change_t;

/* New name (and short name, may be NULL) from CH->date on; the old ones are
 * kept for the period before. */
status_t org_rename(ctx_t *c, int64_t unit, const char *name, const char *short_name, const org_change_t *ch,
                    const char **why);

/* Moves UNIT (with everything under it) under NEW_PARENT from CH->date
 * until UNIT's next recorded change of place (for good when there is none):
 * a move recorded after a later one fills the period between them. Refused
 * when NEW_PARENT is inside UNIT's subtree during that period, does not exist
 * that day or ends before the period does, is already UNIT's parent that day,
 * or UNIT already changed place that day. A move inside UNIT's subtree or of
 * NEW_PARENT recorded with a later date keeps its effect. */
status_t org_transfer(ctx_t *c, int64_t unit, int64_t new_parent, const org_change_t *ch, const char **why);

/* Ends UNIT on CH->date; the open memberships of its people end that day
 * (their history stays). Refused (ST_CONFLICT) while units under it still
 * exist after that date. */
status_t org_dissolve(ctx_t *c, int64_t unit, const org_change_t *ch, const char **why);

/* Merges FROM into INTO on CH->date: FROM's children are transferred to INTO,
 * its people move to INTO (one history each), and FROM is dissolved; both units get a "merge" event naming the other. */
status_t org_merge(ctx_t *c, int64_t from, int64_t into, const org_change_t *ch, const char **why);

/* Creates a unit split off SOURCE on CH->date (under SOURCE's parent unless
 * SPEC->parent_id is set); SOURCE gets a "split" event naming it. */
status_t org_split(ctx_t *c, int64_t source, const unit_spec_t *spec, const org_change_t *ch, int64_t *id,
                   const char **why);

typedef struct {
    int64_t id, unit_id, other_unit_id;
    const char *event;        /* create rename transfer merge split dissolve */
    const char *event_date, *decision_no, *note;
    const char *other_name;   /* name of the other unit (NULL when none or out of scope) */
} org_event_t;

/* Rebuilds, inside the open write transaction, the closure rows of depth 2
 * and more of UNIT and of every unit ever under it from the parent rows
 * (depth 1): (a, d) holds while d's chain of parents leads to a, so changes
 * recorded out of date order leave no gap. ST_OK or the database's status. */
status_t org_derive_tree(ctx_t *c, int64_t unit);

/* UNIT's events, oldest first (needs PERM_READ on UNIT). */
status_t org_history(ctx_t *c, int64_t unit, org_event_t **out, size_t *n);

/* Appends an event row (inside the caller's write transaction). */
status_t org_record_event(ctx_t *c, int64_t unit, const char *event, const char *date, const char *decision_no,
                          int64_t other_unit, const char *note);

#endif
