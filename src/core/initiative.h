/* Initiatives (sáng kiến; issue 4 §4): title, summary, field, the unit where
 * applied, date applied, benefit, authors with their shares, attachments
 * (file names only for now); recognition level by level (cơ sở → cấp trên
 * trực tiếp → tỉnh/thành phố → toàn quốc), and the one commendation the
 * initiative backs (REFERENCE §1.3: an initiative is used once). See
 * docs/internals/initiative.md.
 *
 * Writes need PERM_WRITE on the applying unit (a recognition: on the
 * recognising unit), reads PERM_READ; an initiative out of scope and one that
 * does not exist both answer ST_FORBIDDEN. Every write runs in one
 * transaction with its audit entry (entity "initiative"). On ST_INVALID /
 * ST_CONFLICT *WHY is Vietnamese (static or in C->arena). */
#ifndef TDKT_CORE_INITIATIVE_H
#define TDKT_CORE_INITIATIVE_H
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

enum { INIT_LEVEL_CO_SO = 1, INIT_LEVEL_CAP_TREN = 2, INIT_LEVEL_TINH = 3, INIT_LEVEL_TOAN_QUOC = 4, INIT_LEVELS = 4 };

/* "co_so", "cap_tren", "tinh", "toan_quoc" for levels 1..4, NULL otherwise;
 * initiative_level_parse is the reverse (0 when unknown). */
const char *initiative_level_code(int64_t level);
const char *initiative_level_name(int64_t level); /* "cấp cơ sở", … */
int64_t initiative_level_parse(const char *code);

typedef struct {
    int64_t person_id;
    int64_t share;        /* percent, 1..100; the shares sum to 100 */
    const char *full_name; /* output only */
} initiative_author_t;

typedef struct {
    const char *title;        /* required, at most 500 characters */
    const char *summary;      /* optional */
    const char *field;        /* lĩnh vực, optional, at most 255 */
    const char *applied_on;   /* ISO date, optional */
    int64_t benefit_vnd;      /* giá trị làm lợi, đồng; 0 when none */
    const char *benefit_text; /* lợi ích xã hội; one of the two is required */
    const char *const *attachments; /* file names, no '/' or newline */
    size_t n_attachments;
    const initiative_author_t *authors;
    size_t n_authors;
} initiative_in_t;

typedef struct {
    int64_t level, unit_id;
    const char *unit_name, *decision_no, *decision_date;
} initiative_recognition_t;

typedef struct {
    int64_t id, unit_id, benefit_vnd;
    const char *unit_name, *title, *summary, *field, *applied_on, *benefit_text;
    const char **attachments;
    size_t n_attachments;
    initiative_author_t *authors;
    size_t n_authors;
    initiative_recognition_t *recognitions; /* by level */
    size_t n_recognitions;
    int64_t top_level;                      /* highest level recognised, 0 none */
    const char *used_for, *used_ref;        /* NULL while unused */
} initiative_t;

status_t initiative_create(ctx_t *c, int64_t unit, const initiative_in_t *in, int64_t *id, const char **why);

/* Replaces every field and the authors; refused once recognised. */
status_t initiative_update(ctx_t *c, int64_t id, const initiative_in_t *in, const char **why);

status_t initiative_get(ctx_t *c, int64_t id, initiative_t *out);

/* Initiatives applied in ROOT's current subtree, applied in YEAR (0: all),
 * newest first, at most 1000; authors and recognitions not filled except
 * top_level. */
status_t initiative_list(ctx_t *c, int64_t root, int64_t year, initiative_t **out, size_t *n);

/* Recognition at LEVEL by UNIT (itself or above the applying unit) with its
 * decision. ST_CONFLICT when the level is already recognised; ST_INVALID when
 * the level below is not (no skipping) or the date precedes it. */
status_t initiative_recognize(ctx_t *c, int64_t id, int64_t level, int64_t unit, const char *decision_no,
                              const char *decision_date, const char **why);

/* Records the one commendation (PURPOSE, e.g. "Bằng khen của Tổng Liên đoàn")
 * the initiative backs, with REFERENCE (a decision or file number). A second
 * use is ST_CONFLICT, *WHY naming the first. */
status_t initiative_use(ctx_t *c, int64_t id, const char *purpose, const char *reference, const char **why);

/* Recognitions per level (COUNTS[1..4]; [0] unused) of initiatives applied
 * in ROOT's current subtree, by decision date in YEAR. One query. */
status_t initiative_count_levels(ctx_t *c, int64_t root, int64_t year, int64_t counts[INIT_LEVELS + 1]);

#endif
