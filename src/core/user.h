/* Accounts and role grants. Creating accounts and granting roles need
 * PERM_MANAGE_USERS on the unit concerned; every change is audited. On
 * ST_INVALID / ST_CONFLICT / ST_FORBIDDEN, *WHY is a Vietnamese message. */
#ifndef TDKT_CORE_USER_H
#define TDKT_CORE_USER_H
#include <stddef.h>
#include "core/ctx.h"
#include "lib/status.h"

typedef struct {
    int64_t id;
    const char *login;
    const char *full_name;
    bool active;
    const char *roles; /* "Cán bộ thi đua – khen thưởng @ LĐLĐ quận Ba Đình; …" (lists only) */
} user_t;

/* LOGIN: 3-64 of a-z 0-9 . _ - (lower-cased by the caller's normaliser is not
 * assumed: upper case is refused). PASSWORD: 8-128 bytes. Needs
 * PERM_MANAGE_USERS somewhere; the new account has no role until granted. */
status_t user_create(ctx_t *c, const char *login, const char *full_name, const char *password,
                     int64_t *id, const char **why);

/* Grants ROLE (a roles.code) on UNIT_ID. Needs PERM_MANAGE_USERS on the unit.
 * Granting what is already held is ST_OK and changes nothing. */
status_t user_grant(ctx_t *c, int64_t user_id, int64_t unit_id, const char *role, const char **why);

/* Sets a new password. When OLD is not NULL it must match (the user changing
 * their own password); when NULL the caller needs PERM_MANAGE_USERS over a
 * unit where the target holds a role (or the system context). Ends the
 * target's other sessions. */
status_t user_set_password(ctx_t *c, int64_t user_id, const char *old, const char *password,
                           const char **why);

/* The account with LOGIN (system context or the account itself only). */
status_t user_get(ctx_t *c, int64_t id, user_t *out);
status_t user_find_login(ctx_t *c, const char *login, user_t *out);

typedef struct {
    const char *role, *role_name;
    int64_t unit_id;
    const char *unit_code, *unit_name;
} grant_t;

/* The roles USER_ID holds, by role rank then unit name: the caller's own, or
 * those of an account the caller manages. */
status_t user_grants(ctx_t *c, int64_t user_id, grant_t **out, size_t *n);

/* Accounts holding a role on a unit within the caller's PERM_MANAGE_USERS
 * scope (all accounts for the system context), with their roles, by login. */
status_t user_list(ctx_t *c, user_t **out, size_t *n);

#endif
