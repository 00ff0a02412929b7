/* The catalogue of emulation titles (danh hiệu thi đua) and commendation
 * forms (hình thức khen thưởng), kept as data in the table `titles`
 * (migration 0018_registration.sql; facts from REFERENCE.md §2 and §7.2). Each has
 * a stable code (IND_LDTT, COL_TTLDXS, U_BK_TLD, …) that registrations, and
 * later the rules engine and nominations, refer to. See
 * docs/internals/title.md.
 *
 * The catalogue is public reference data: every logged-in user may read it,
 * so these calls check no permission. Results live in C->arena. */
#ifndef TDKT_CORE_TITLE_H
#define TDKT_CORE_TITLE_H
#include <stdbool.h>
#include <stddef.h>
#include "core/ctx.h"
#include "lib/status.h"

typedef struct {
    const char *code;
    const char *name;        /* Vietnamese */
    const char *subject;     /* "individual", "collective" or "both" */
    const char *kind;        /* "title" (danh hiệu) or "form" (hình thức) */
    const char *scheme;      /* "state" or "union" */
    const char *legal_basis; /* may be NULL */
    const char *valid_from;  /* ISO; NULL: open */
    const char *valid_to;    /* ISO, exclusive; NULL: open */
    const char *confidence;  /* "H", "M" or "L" (REFERENCE.md §0) */
    int64_t rank;            /* display order */
} title_t;

/* The titles valid on ON (ISO date; NULL: today) in display order; SUBJECT
 * NULL for all, "individual" or "collective" for those that subject may
 * receive (titles for both included). ST_INVALID for a bad date or subject. */
status_t title_list(ctx_t *c, const char *on, const char *subject, title_t **out, size_t *n);

/* The title CODE (whatever its dates); ST_NOT_FOUND when there is none. */
status_t title_find(ctx_t *c, const char *code, title_t *out);

/* True when T may be received by SUBJECT ("individual" / "collective"). */
bool title_for(const title_t *t, const char *subject);

/* True when T is valid on ON (ISO). */
bool title_valid_on(const title_t *t, const char *on);

/* "Danh hiệu" or "Hình thức khen thưởng"; "Cá nhân", "Tập thể", "Cá nhân và
 * tập thể": labels for screens and exports. */
const char *title_kind_label(const char *kind);
const char *title_subject_label(const char *subject);

#endif
