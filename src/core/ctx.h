/* The context every core operation runs in: who acts, from where, on which
 * database, with which memory. Core functions check permissions against it
 * (perm.h) and write audit entries with it (audit.h). */
#ifndef TDKT_CORE_CTX_H
#define TDKT_CORE_CTX_H
#include <stdbool.h>
#include <stdint.h>
#include "db/db.h"
#include "lib/arena.h"

typedef struct {
    db_t *db;
    arena_t *arena;         /* results of core calls live here */
    int64_t user_id;        /* the acting account; 0 when system */
    int64_t session_id;     /* the session the request came with; 0 when none */
    bool system;            /* the machine operator (command line): every permission */
    const char *ip;         /* "cli" for the command line */
    const char *request_id; /* may be NULL */
} ctx_t;

#endif
