/* Honouring (biểu dương) and advanced models (điển hình tiên tiến; issue 4
 * §6). An honouring event — a conference, seminar, ceremony, news article,
 * exchange with models — is organised by a unit on a date, optionally for a
 * movement, and names who was honoured (people and units, each with a short
 * citation). An advanced model is a person or a collective held up as an
 * example by a recognising unit in a year, with its story and the movement it
 * came from; other units replicate it (nhân rộng). See
 * docs/internals/honour.md.
 *
 * Permissions: writing an event needs PERM_WRITE on the organiser, a model on
 * the recognising unit; every person or unit honoured (or held up as a model)
 * must be within the caller's read scope, and a linked movement visible to
 * it. A replication needs PERM_WRITE on the replicating unit and PERM_READ on
 * the model. Reads need PERM_READ on the organiser / recognising unit (lists
 * and counts: on the subtree root). An event or model out of scope and one
 * that does not exist both answer ST_FORBIDDEN. Every write runs in one
 * transaction with its audit entry (entity "honour_event" or "honour_model");
 * after any error nothing was written. On ST_INVALID / ST_CONFLICT (and on an
 * honoree out of scope, ST_FORBIDDEN) *WHY is Vietnamese, static or in
 * C->arena. Everything returned lives in C->arena. */
#ifndef TDKT_CORE_HONOUR_H
#define TDKT_CORE_HONOUR_H
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

/* Kinds of honouring event, in display order. */
enum {
    HONOUR_HOI_NGHI,       /* hội nghị biểu dương */
    HONOUR_TOA_DAM,        /* tọa đàm */
    HONOUR_LE_TUYEN_DUONG, /* lễ tuyên dương */
    HONOUR_TIN_BAI,        /* tin bài (báo, trang tin) */
    HONOUR_GIAO_LUU,       /* gặp gỡ, giao lưu với điển hình */
    HONOUR_KHAC,           /* hình thức khác */
    HONOUR_KINDS
};

/* "hoi_nghi", "toa_dam", "le_tuyen_duong", "tin_bai", "giao_luu", "khac" for
 * 0..HONOUR_KINDS-1, NULL otherwise; honour_kind_name gives the Vietnamese
 * name ("Hội nghị", …); honour_kind_parse is the reverse of the code (-1 when
 * unknown). */
const char *honour_kind_code(int kind);
const char *honour_kind_name(int kind);
int honour_kind_parse(const char *code);

/* One honoree: PERSON_ID or UNIT_ID (exactly one is > 0). */
typedef struct {
    int64_t id;          /* output only */
    int64_t person_id, unit_id;
    const char *citation; /* optional, at most 1000 characters */
    const char *name;     /* output only: the person's or unit's name */
} honour_honoree_t;

typedef struct {
    const char *kind;        /* a kind code, required */
    const char *title;       /* required, at most 500 characters */
    const char *held_on;     /* ISO date, required */
    const char *place;       /* venue, or the newspaper / site (required for tin_bai); at most 500 */
    const char *link;        /* http(s) address of the article, optional, at most 1000 */
    int64_t movement_id;     /* 0: none */
    const char *description; /* optional, at most 20000 */
} honour_event_in_t;

typedef struct {
    int64_t id, unit_id, movement_id;
    int kind;
    const char *unit_name, *title, *held_on, *place, *link, *movement_name, *description;
    honour_honoree_t *honorees; /* get: in the order added; list: NULL */
    size_t n_honorees;          /* list: the count */
} honour_event_t;

/* Creates an event organised by UNIT with its honorees HS[0..N) (N may be
 * 0), all in one transaction. */
status_t honour_event_create(ctx_t *c, int64_t unit, const honour_event_in_t *in, const honour_honoree_t *hs,
                             size_t n, int64_t *id, const char **why);

/* Adds one honoree to EVENT (PERM_WRITE on its organiser); a person or unit
 * already honoured at the event is ST_CONFLICT. *ID (may be NULL) gets the
 * honoree row's id. */
status_t honour_add_honoree(ctx_t *c, int64_t event, const honour_honoree_t *h, int64_t *id, const char **why);

status_t honour_event_get(ctx_t *c, int64_t id, honour_event_t *out);

/* Events organised in ROOT's current subtree, held in YEAR (0: all), newest
 * first, at most 1000; n_honorees counted, honorees not filled. */
status_t honour_event_list(ctx_t *c, int64_t root, int64_t year, honour_event_t **out, size_t *n);

/* Events per kind (COUNTS[kind]) organised in ROOT's current subtree and held
 * in YEAR: the seeds' "245 hội nghị, 56 cuộc tọa đàm, 138 tin bài". One query. */
status_t honour_count_kinds(ctx_t *c, int64_t root, int64_t year, int64_t counts[HONOUR_KINDS]);

typedef struct {
    int64_t person_id;       /* the model is a person … */
    int64_t subject_unit_id; /* … or a collective (exactly one > 0) */
    const char *title;       /* short heading, required, at most 500 */
    const char *story;       /* required, at most 20000 */
    int64_t movement_id;     /* 0: none */
    int64_t year;            /* 1945..2100 */
} honour_model_in_t;

typedef struct {
    int64_t unit_id;
    const char *unit_name, *replicated_on, *note;
} honour_replication_t;

typedef struct {
    int64_t id, unit_id, person_id, subject_unit_id, movement_id, year;
    const char *unit_name, *subject_name, *title, *story, *movement_name;
    honour_replication_t *replications; /* get: by date; list: NULL */
    size_t n_replications;              /* list: the count */
} honour_model_t;

status_t honour_model_create(ctx_t *c, int64_t unit, const honour_model_in_t *in, int64_t *id, const char **why);

status_t honour_model_get(ctx_t *c, int64_t id, honour_model_t *out);

/* Models recognised in ROOT's current subtree in YEAR (0: all), newest
 * first, at most 1000, each with its number of replications. */
status_t honour_model_list(ctx_t *c, int64_t root, int64_t year, honour_model_t **out, size_t *n);

/* Models recognised in ROOT's subtree in YEAR and the replications of them
 * (any date). One query. */
status_t honour_count_models(ctx_t *c, int64_t root, int64_t year, int64_t *models, int64_t *replications);

/* UNIT replicates MODEL on DATE (ISO, not before the model's year) with an
 * optional NOTE (at most 2000). A unit replicates a model once
 * (ST_CONFLICT, naming the date). */
status_t honour_model_replicate(ctx_t *c, int64_t model, int64_t unit, const char *date, const char *note,
                                const char **why);

#endif
