/* Criteria and scoring (tiêu chí, chấm điểm, xếp loại; issue 4 §3). A
 * movement carries one score sheet: groups of criteria (nhóm tiêu chí) whose
 * maxima add up to the sheet's declared total, each group's criteria adding
 * up to the group's maximum, and bonus (điểm thưởng) and penalty (điểm trừ)
 * items outside the total; an item may need evidence (minh chứng). Bands
 * (xếp loại) turn a total into a classification.
 *
 * A unit under the movement's owner scores itself (tự chấm); a superior of
 * the unit fixes the official score per item; both are kept. The sheet may be
 * replaced as a whole until the first score, then it is locked.
 *
 * Points are integers in hundredths (87,5 điểm = 8750) and shown with a
 * Vietnamese decimal comma ("87,5").
 *
 * Permissions: the sheet is read by whoever may see the movement
 * (movement_get) and saved with PERM_WRITE on the owner. Self scores need
 * PERM_WRITE on the scored unit; official scores PERM_WRITE on the unit's
 * direct superior (a grant on the unit alone is not enough). Cards need
 * PERM_READ on the unit; a ranking PERM_READ on the cluster's owner. Writes
 * are audited (entity "score_sheet" / "score") in their transaction; on any
 * error nothing is written. On ST_INVALID / ST_CONFLICT *WHY is Vietnamese.
 * Results live in C->arena. */
#ifndef TDKT_CORE_SCORING_H
#define TDKT_CORE_SCORING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

#define SCORE_MAX_POINTS 100000 /* 1000 điểm */
#define SCORE_MAX_LINES 500
#define SCORE_MAX_BANDS 10

typedef enum { SCORE_GROUP, SCORE_ITEM, SCORE_BONUS, SCORE_PENALTY } score_kind_t;

/* One line of a sheet. An ITEM belongs to the nearest GROUP above it. */
typedef struct {
    int64_t id;          /* 0 before saving */
    score_kind_t kind;
    const char *name;    /* 1..500 characters */
    int64_t max;         /* hundredths, > 0 */
    bool evidence;       /* minh chứng required (items, bonus, penalty) */
} score_line_t;

typedef struct {
    int64_t min;         /* hundredths: a total ≥ min gets NAME */
    const char *name;
} score_band_t;

typedef struct {
    int64_t movement_id, total;   /* total: hundredths */
    score_line_t *lines;
    size_t n_lines;
    score_band_t *bands;          /* descending thresholds, the last 0 */
    size_t n_bands;
    bool exists;                  /* a sheet has been saved */
    bool locked;                  /* scoring has begun */
} score_sheet_t;

/* "87,5" → 8750, "90" → 9000, "89.99" → 8999; -1 when not a non-negative
 * number with at most two decimals (or above SCORE_MAX_POINTS). */
int64_t scoring_points_parse(const char *s);
/* 8750 → "87,5", 9000 → "90", 8999 → "89,99"; in A. */
const char *scoring_points_format(arena_t *a, int64_t v);

/* The default bands: ≥ 90 Xuất sắc, ≥ 80 Tốt, ≥ 50 Hoàn thành, below
 * Không hoàn thành. */
void scoring_default_bands(const score_band_t **bands, size_t *n);

/* The band NAME of TOTAL (BANDS descending, the last 0). */
const char *scoring_classify(const score_band_t *bands, size_t n, int64_t total);

/* The sheet in its line format, one line each (see docs/internals/scoring.md):
 *   group|Công tác tổ chức|30
 *   item|Tỷ lệ phát triển đoàn viên|10|evidence
 *   bonus|Sáng kiến cấp thành phố|5
 *   penalty|Vi phạm kỷ luật|5
 * Keywords may also be Vietnamese (nhóm, tiêu chí, thưởng, trừ; minh chứng).
 * Fills LINES/N_LINES of OUT; ST_INVALID with "Dòng N: …" when malformed. */
status_t scoring_lines_parse(arena_t *a, const char *text, score_sheet_t *out, const char **why);
/* Bands, one a line "90|Xuất sắc"; an empty TEXT gives the defaults. */
status_t scoring_bands_parse(arena_t *a, const char *text, score_sheet_t *out, const char **why);
/* The three texts a user edits (the total as points, "100"; the lines; the
 * bands, empty for the defaults) into OUT; ST_INVALID with *WHY. */
status_t scoring_sheet_parse(arena_t *a, const char *total, const char *lines, const char *bands, score_sheet_t *out,
                             const char **why);
/* The reverse of the two parsers (for editing). */
const char *scoring_lines_text(arena_t *a, const score_sheet_t *s);
const char *scoring_bands_text(arena_t *a, const score_sheet_t *s);

/* ST_OK when the weights add up and the bands are well formed; otherwise
 * ST_INVALID and *WHY names the group and the sums. Pure: no database. */
status_t scoring_sheet_check(arena_t *a, const score_sheet_t *s, const char **why);

/* The sheet of MOVEMENT (exists = false and the default bands when none was
 * saved). ST_FORBIDDEN when the movement may not be seen. */
status_t scoring_sheet_get(ctx_t *c, int64_t movement, score_sheet_t *out);

/* Replaces the sheet of MOVEMENT (total, lines, bands of IN) after
 * scoring_sheet_check. ST_CONFLICT once a unit has been scored or when the
 * movement is closed. */
status_t scoring_sheet_save(ctx_t *c, int64_t movement, const score_sheet_t *in, const char **why);

/* Points given on one item. */
typedef struct {
    int64_t item_id;
    int64_t points;          /* hundredths, 0..the item's maximum */
    const char *comment;     /* at most 2000 characters */
    const char *evidence;    /* self only: evidence note or file name, at most 1000 */
} score_in_t;

/* Records IN[0..N) for UNIT (strictly under the movement's owner): its self
 * score, or the official score when OFFICIAL. The movement must be launched
 * and not closed; an item that needs evidence needs an evidence note when its
 * self points are above 0; a self score cannot change once the unit has an
 * official score (ST_CONFLICT). */
status_t scoring_save(ctx_t *c, int64_t movement, int64_t unit, bool official, const score_in_t *in, size_t n,
                      const char **why);

/* Totals of one unit: sum of items + bonus − penalty, clamped at 0. The
 * official total counts, for items the superior did not fix, the self
 * points. */
typedef struct {
    int64_t self_total, official_total;
    bool scored;             /* the unit has self-scored something */
    bool reviewed;           /* the superior has fixed at least one item */
    int64_t total;           /* official when reviewed, else self */
    const char *band;        /* classification of TOTAL; NULL when neither */
    bool provisional;        /* BAND comes from the self total (not reviewed) */
} score_totals_t;

typedef struct {
    score_line_t line;
    bool has_self, has_official;
    int64_t self_points, official_points;
    const char *self_comment, *evidence, *official_comment;
} score_row_t;

typedef struct {
    int64_t movement_id, unit_id;
    const char *unit_name, *movement_name;
    score_sheet_t sheet;
    score_row_t *rows;       /* one per sheet line, in order (groups too) */
    size_t n_rows;
    score_totals_t totals;
    bool can_self, can_official, movement_open;
} score_card_t;

/* UNIT's scores on MOVEMENT: items side by side, totals, classification,
 * and what the caller may change. */
status_t scoring_card(ctx_t *c, int64_t movement, int64_t unit, score_card_t *out);

typedef struct {
    int64_t unit_id;
    const char *code, *name;
    score_totals_t totals;
    int64_t rank;            /* 0: not ranked (no official score yet) */
    bool tie;                /* another ranked unit has the same total */
} score_rank_t;

/* The units of CLUSTER (an emulation cluster or block; 0: the units directly
 * under the movement's owner) ranked on MOVEMENT by official total
 * descending: equal totals share a rank and the next skips (1, 2, 2, 4);
 * units without an official score last, without rank. */
status_t scoring_ranking(ctx_t *c, int64_t movement, int64_t cluster, score_rank_t **out, size_t *n);

#endif
