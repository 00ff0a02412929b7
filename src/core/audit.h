/* The append-only audit chain (issue 2 §5). Every write appends one entry in
 * the same transaction as the change: who, when, from where, what entity,
 * before and after. Entry N stores SHA-256 over its own fields and the hash of
 * entry N-1; audit_head holds the tip, and updating it serialises appends on
 * both databases. */
#ifndef TDKT_CORE_AUDIT_H
#define TDKT_CORE_AUDIT_H
#include <jansson.h>
#include "core/ctx.h"
#include "lib/status.h"

/* Appends an entry. Must run inside a write transaction of C->db (returns
 * ST_INTERNAL otherwise). ACTION is a verb such as "create", ENTITY a table
 * name, UNIT_ID the unit whose scope the entry belongs to (0 for none).
 * BEFORE/AFTER are borrowed and may be NULL. */
status_t audit_append(ctx_t *c, const char *action, const char *entity, int64_t entity_id,
                      int64_t unit_id, const json_t *before, const json_t *after);

/* The same with BEFORE/AFTER already written as compact JSON texts (may be
 * NULL), stored as given: for entries too large to build as json_t values
 * (the audit of an import batch, json_put_str). */
status_t audit_append_text(ctx_t *c, const char *action, const char *entity, int64_t entity_id,
                           int64_t unit_id, const char *before, const char *after);

typedef struct {
    int64_t checked;  /* entries verified */
    int64_t bad_id;   /* first broken entry (0 when the chain is whole) */
    const char *why;  /* English reason for bad_id, static storage */
} audit_report_t;

/* Recomputes the whole chain in id order. ST_OK with bad_id == 0 when intact;
 * ST_CONFLICT with *R filled when an entry was altered, removed or inserted,
 * or the tip does not match audit_head; ST_DB on database failure. */
status_t audit_verify(db_t *db, audit_report_t *r);

typedef struct {
    int64_t id, at, user_id, entity_id, unit_id;
    const char *user_login, *ip, *action, *entity, *before, *after, *unit_name;
} audit_entry_t;

/* The newest entries (at most LIMIT, newest first, ids below BEFORE_ID when
 * it is > 0) that the caller may read: entries of units where it holds
 * PERM_AUDIT; entries tied to no unit (accounts, logins) only for auditors
 * of a top-level unit. Array in C->arena. */
status_t audit_list(ctx_t *c, int64_t before_id, size_t limit, audit_entry_t **out, size_t *n);

#endif
