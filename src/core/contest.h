/* Skill contests (hội thi tay nghề, thi thợ giỏi; issue 4 §5): organised by a
 * unit at a level for a trade, with rounds, participants (people and their
 * units), judges, and score sheets: a score per participant per round, one
 * per judge when the contest has judges (the round's score is then their
 * average, rounded to the hundredth). Finishing the contest fixes
 * totals and ranks (equal totals share a rank, the next rank skips: 1, 2, 2,
 * 4) and the winners (rank ≤ N and/or total ≥ a threshold; a tie at rank N
 * lets every tied participant in), who receive the level's title ("Công nhân
 * giỏi cấp cơ sở" / "cấp trên cơ sở" / "Thủ đô", REFERENCE §7.3), recorded
 * in the person's record (person_skill_titles). See
 * docs/internals/initiative.md.
 *
 * Every write needs PERM_WRITE on the organising unit, reads PERM_READ; a
 * contest out of scope and a missing one both answer ST_FORBIDDEN. Writes are
 * audited (entity "contest") in their transaction. On ST_INVALID /
 * ST_CONFLICT *WHY is Vietnamese. Scores are hundredths of a point
 * (0..100000: 87.5 points is 8750). */
#ifndef TDKT_CORE_CONTEST_H
#define TDKT_CORE_CONTEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/ctx.h"
#include "lib/status.h"

/* The title a contest of LEVEL ("co_so", "cap_tren", "thanh_pho") gives;
 * NULL for an unknown level. */
const char *contest_title_for(const char *level);

typedef struct {
    const char *name;    /* required, at most 255 characters */
    const char *trade;   /* nghề, required, at most 255 */
    const char *level;   /* co_so, cap_tren, thanh_pho */
    const char *held_on; /* ISO date, required */
    int64_t rounds;      /* 1..20 */
} contest_in_t;

typedef struct {
    int64_t person_id, unit_id, total, rank; /* total, rank: 0 until finished */
    bool winner;
    const char *full_name, *unit_name;
} contest_participant_t;

typedef struct {
    int64_t person_id, round, judge_id, score; /* judge_id 0: no judges */
} contest_score_t;

typedef struct {
    int64_t id, person_id; /* person_id 0 when not one of our records */
    const char *name;
} contest_judge_t;

typedef struct {
    int64_t id, unit_id, rounds, win_rank, win_score; /* win_*: -1 when not used */
    const char *unit_name, *name, *trade, *level, *held_on, *state, *title;
    contest_participant_t *participants; /* finished: by rank; else by name */
    size_t n_participants;
    contest_score_t *scores;
    size_t n_scores;
    contest_judge_t *judges;
    size_t n_judges;
    size_t n_winners;
} contest_t;

typedef struct {
    int64_t id, person_id, year, contest_id, unit_id;
    const char *title, *level, *contest_name, *unit_name;
} contest_title_t;

status_t contest_create(ctx_t *c, int64_t unit, const contest_in_t *in, int64_t *id, const char **why);

/* Registers PERSON for UNIT (the organiser or a unit under it) while open. */
status_t contest_add_participant(ctx_t *c, int64_t contest, int64_t person, int64_t unit, const char **why);

/* Adds a judge NAME (1-255 characters, unique in the contest; PERSON the
 * judge's person record or 0) while open and before any score. */
status_t contest_add_judge(ctx_t *c, int64_t contest, const char *name, int64_t person, int64_t *id,
                           const char **why);

/* Sets (or replaces) the score JUDGE gave PERSON in ROUND (1..rounds) while
 * open. JUDGE must be one of the contest's judges when it has any, 0 when it
 * has none. A round's score is the average of its judges' scores. */
status_t contest_score(ctx_t *c, int64_t contest, int64_t person, int64_t round, int64_t judge, int64_t score,
                       const char **why);

/* Fixes totals, ranks and winners and gives the winners the title. WIN_RANK
 * > 0: rank ≤ WIN_RANK; WIN_SCORE ≥ 0: total ≥ WIN_SCORE; at least one
 * criterion, both when both given. *N_WINNERS (may be NULL) gets the count.
 * A finished contest is ST_CONFLICT. */
status_t contest_finish(ctx_t *c, int64_t contest, int64_t win_rank, int64_t win_score, size_t *n_winners,
                        const char **why);

status_t contest_get(ctx_t *c, int64_t contest, contest_t *out);

/* The score of PERSON in ROUND from G's score sheets (contest_get): the
 * judges' average rounded half up to the hundredth, as totals are computed;
 * -1 when nobody scored that round yet. */
int64_t contest_round_score(const contest_t *g, int64_t person, int64_t round);

/* Contests organised in ROOT's current subtree (PERM_READ on ROOT), held in
 * YEAR (0: all), newest first, at most 1000. Participants, scores and judges
 * are not filled; n_participants and n_winners are counted. */
status_t contest_list(ctx_t *c, int64_t root, int64_t year, contest_t **out, size_t *n);

/* The titles PERSON won in contests, oldest first (PERM_READ on the person's unit). */
status_t contest_person_titles(ctx_t *c, int64_t person, contest_title_t **out, size_t *n);

#endif
