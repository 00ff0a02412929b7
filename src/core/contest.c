#include "core/contest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/perm.h"
#include "core/person.h"
#include "lib/json.h"
#include "lib/text.h"
#include "lib/time.h"

const char *contest_title_for(const char *level)
{
    if (!level)
        return NULL;
    if (strcmp(level, "co_so") == 0)
        return "Công nhân giỏi cấp cơ sở";
    if (strcmp(level, "cap_tren") == 0)
        return "Công nhân giỏi cấp trên cơ sở";
    if (strcmp(level, "thanh_pho") == 0)
        return "Công nhân giỏi Thủ đô";
    return NULL;
}

static status_t finish_tx(ctx_t *c, status_t s)
{
    if (s == ST_OK)
        return db_commit(c->db);
    db_rollback(c->db);
    return s;
}

status_t contest_create(ctx_t *c, int64_t unit, const contest_in_t *in, int64_t *id, const char **why)
{
    *why = NULL;
    date_t d;
    if (!in->name || !*in->name || text_chars(in->name) > 255)
        *why = "Tên hội thi không được để trống và không quá 255 ký tự.";
    else if (!in->trade || !*in->trade || text_chars(in->trade) > 255)
        *why = "Nghề thi không được để trống và không quá 255 ký tự.";
    else if (!contest_title_for(in->level))
        *why = "Cấp hội thi phải là cơ sở (co_so), cấp trên cơ sở (cap_tren) hoặc thành phố (thanh_pho).";
    else if (!in->held_on || !date_parse_iso(in->held_on, &d) || !date_valid(d))
        *why = "Ngày tổ chức hội thi không hợp lệ.";
    else if (in->rounds < 1 || in->rounds > 20)
        *why = "Số vòng thi phải từ 1 đến 20.";
    if (*why)
        return ST_INVALID;
    status_t s = perm_check(c, PERM_WRITE, unit);
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO contests (unit_id, name, trade, level, held_on, rounds, created_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "ittttii", unit, in->name, in->trade, in->level, in->held_on, in->rounds, time_now());
        int rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int(st, 0);
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:I}", "name", in->name, "trade", in->trade, "level",
                                  in->level, "held_on", in->held_on, "rounds", (json_int_t)in->rounds);
        s = audit_append(c, "create", "contest", *id, unit, NULL, after);
        json_decref(after);
    }
    return finish_tx(c, s);
}

typedef struct {
    int64_t unit, rounds;
    const char *level, *held_on, *state;
} info_t;

/* Reads CONTEST and checks P on its unit (ST_FORBIDDEN when missing). */
static status_t info(ctx_t *c, int64_t contest, perm_t p, info_t *g)
{
    db_stmt_t *st;
    status_t s = db_prepare(c->db, "SELECT unit_id, rounds, level, held_on, state FROM contests WHERE id = ?1", &st);
    if (s != ST_OK)
        return s;
    db_bindf(st, "i", contest);
    int rc = db_step(st);
    if (rc == DB_ROW)
        *g = (info_t){db_col_int(st, 0), db_col_int(st, 1), arena_strdup(c->arena, db_col_text(st, 2)),
                      arena_strdup(c->arena, db_col_text(st, 3)), arena_strdup(c->arena, db_col_text(st, 4))};
    s = rc == DB_ROW ? ST_OK : rc == DB_DONE ? ST_FORBIDDEN : db_last_status(c->db);
    db_finalize(st);
    return s == ST_OK ? perm_check(c, p, g->unit) : s;
}

/* INFO with PERM_WRITE and the contest still open. */
static status_t open_contest(ctx_t *c, int64_t contest, info_t *g, const char **why)
{
    status_t s = info(c, contest, PERM_WRITE, g);
    if (s == ST_OK && strcmp(g->state, "open") != 0) {
        *why = "Hội thi đã kết thúc, không thay đổi được thí sinh và điểm.";
        return ST_CONFLICT;
    }
    return s;
}

/* Runs one write and its audit entry in a transaction. */
static status_t write_audited(ctx_t *c, const char *action, int64_t contest, int64_t unit, json_t *after,
                              const char *sql, const char *fmt, int64_t a, int64_t b, int64_t d, int64_t e,
                              int64_t f)
{
    status_t s = db_begin_write(c->db);
    if (s == ST_OK)
        s = db_run(c->db, NULL, sql, fmt, a, b, d, e, f);
    if (s == ST_OK)
        s = audit_append(c, action, "contest", contest, unit, NULL, after);
    json_decref(after);
    return finish_tx(c, s);
}

status_t contest_add_participant(ctx_t *c, int64_t contest, int64_t person, int64_t unit, const char **why)
{
    *why = NULL;
    info_t g;
    int64_t n = 0;
    status_t s = open_contest(c, contest, &g, why);
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM unit_tree WHERE ancestor_id = ?1 AND descendant_id = ?2"
                       " AND (valid_to IS NULL OR (valid_from <= ?3 AND valid_to > ?3))", "iit", g.unit, unit,
                       g.held_on);
    if (s == ST_OK && !n) {
        *why = "Đơn vị của thí sinh phải là đơn vị tổ chức hội thi hoặc đơn vị trực thuộc.";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM persons WHERE id = ?1 AND merged_into IS NULL", "i", person);
    if (s == ST_OK && !n) {
        *why = "Thí sinh không có trong danh sách người lao động (hoặc hồ sơ đã được gộp).";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM contest_participants WHERE contest_id = ?1 AND person_id = ?2",
                       "ii", contest, person);
    if (s == ST_OK && n) {
        *why = "Người này đã đăng ký dự thi.";
        return ST_CONFLICT;
    }
    if (s != ST_OK)
        return s;
    s = write_audited(c, "add_participant", contest, g.unit,
                      json_pack("{s:I, s:I}", "person_id", (json_int_t)person, "unit_id", (json_int_t)unit),
                      "INSERT INTO contest_participants (contest_id, person_id, unit_id) VALUES (?1, ?2, ?3)", "iii",
                      contest, person, unit, 0, 0);
    if (s == ST_CONFLICT && !*why)
        *why = "Người này đã đăng ký dự thi.";
    return s;
}

status_t contest_add_judge(ctx_t *c, int64_t contest, const char *name, int64_t person, int64_t *id,
                           const char **why)
{
    *why = NULL;
    info_t g;
    int64_t n = 0;
    status_t s = open_contest(c, contest, &g, why);
    if (s != ST_OK)
        return s;
    if (!name || !*name || text_chars(name) > 255) {
        *why = "Tên giám khảo không được để trống và không quá 255 ký tự.";
        return ST_INVALID;
    }
    if (person > 0) {
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM persons WHERE id = ?1 AND merged_into IS NULL", "i", person);
        if (s == ST_OK && !n) {
            *why = "Giám khảo không có trong danh sách người lao động.";
            return ST_INVALID;
        }
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM contest_scores WHERE contest_id = ?1", "i", contest);
    if (s == ST_OK && n) {
        *why = "Hội thi đã có điểm, không thêm giám khảo được nữa.";
        return ST_CONFLICT;
    }
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    db_stmt_t *st;
    s = db_prepare(c->db, "INSERT INTO contest_judges (contest_id, name, person_id) VALUES (?1, ?2, ?3) RETURNING id", &st);
    if (s == ST_OK) {
        db_bindf(st, "iti", contest, name, person);
        if (person <= 0)
            db_bind_null(st, 3);
        int rc = db_step(st);
        if (rc == DB_ROW)
            *id = db_col_int(st, 0);
        s = rc == DB_ROW && db_step(st) == DB_DONE ? ST_OK : db_last_status(c->db);
        db_finalize(st);
    }
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:s, s:I}", "judge_id", (json_int_t)*id, "name", name, "person_id",
                                  (json_int_t)(person > 0 ? person : 0));
        s = audit_append(c, "add_judge", "contest", contest, g.unit, NULL, after);
        json_decref(after);
    }
    s = finish_tx(c, s);
    if (s == ST_CONFLICT)
        *why = "Hội thi đã có giám khảo cùng tên.";
    return s;
}

status_t contest_score(ctx_t *c, int64_t contest, int64_t person, int64_t round, int64_t judge, int64_t score,
                       const char **why)
{
    *why = NULL;
    info_t g;
    int64_t n = 0, judges = 0;
    status_t s = open_contest(c, contest, &g, why);
    if (s != ST_OK)
        return s;
    if (round < 1 || round > g.rounds) {
        *why = arena_printf(c->arena, "Vòng thi phải từ 1 đến %lld.", (long long)g.rounds);
        return ST_INVALID;
    }
    if (score < 0 || score > 100000) {
        *why = "Điểm phải từ 0 đến 1000.";
        return ST_INVALID;
    }
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM contest_participants WHERE contest_id = ?1 AND person_id = ?2",
                   "ii", contest, person);
    if (s == ST_OK && !n) {
        *why = "Người này chưa đăng ký dự thi.";
        return ST_INVALID;
    }
    if (s == ST_OK)
        s = db_get_int(c->db, &judges, "SELECT COUNT(*) FROM contest_judges WHERE contest_id = ?1", "i", contest);
    if (s == ST_OK && judges)
        s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM contest_judges WHERE contest_id = ?1 AND id = ?2", "ii",
                       contest, judge);
    if (s == ST_OK && ((judges && !n) || (!judges && judge != 0))) {
        *why = judges ? "Phải ghi điểm theo phiếu của một giám khảo của hội thi." : "Hội thi không có giám khảo.";
        return ST_INVALID;
    }
    if (s != ST_OK)
        return s;
    return write_audited(c, "score", contest, g.unit,
                         json_pack("{s:I, s:I, s:I, s:I}", "person_id", (json_int_t)person, "round", (json_int_t)round,
                                   "judge_id", (json_int_t)judge, "score", (json_int_t)score),
                         "INSERT INTO contest_scores (contest_id, person_id, round, judge_id, score)"
                         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (contest_id, person_id, round, judge_id)"
                         " DO UPDATE SET score = excluded.score",
                         "iiiii", contest, person, round, judge, score);
}

/* The average of CNT scores summing to SUM, rounded half up to the hundredth. */
static int64_t average(int64_t sum, int64_t cnt) { return cnt > 0 ? (2 * sum + cnt) / (2 * cnt) : 0; }

int64_t contest_round_score(const contest_t *g, int64_t person, int64_t round)
{
    int64_t sum = 0, cnt = 0;
    for (size_t i = 0; i < g->n_scores; i++)
        if (g->scores[i].person_id == person && g->scores[i].round == round) {
            sum += g->scores[i].score;
            cnt++;
        }
    return cnt ? average(sum, cnt) : -1;
}

/* Sets each participant's total: the sum over rounds of the judges' average
 * (rounded half up to the hundredth). */
static status_t set_totals(ctx_t *c, int64_t contest)
{
    status_t s = db_run(c->db, NULL, "UPDATE contest_participants SET total = 0 WHERE contest_id = ?1", "i", contest);
    db_stmt_t *st, *up;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT person_id, SUM(score), COUNT(*) FROM contest_scores"
                                             " WHERE contest_id = ?1 GROUP BY person_id, round", &st)) != ST_OK)
        return s;
    if ((s = db_prepare(c->db, "UPDATE contest_participants SET total = total + ?3 WHERE contest_id = ?1"
                               " AND person_id = ?2", &up)) != ST_OK) {
        db_finalize(st);
        return s;
    }
    db_bindf(st, "i", contest);
    int rc;
    while (s == ST_OK && (rc = db_step(st)) == DB_ROW) {
        int64_t sum = db_col_int(st, 1), cnt = db_col_int(st, 2);
        int64_t avg = average(sum, cnt);
        db_reset(up);
        db_bindf(up, "iii", contest, db_col_int(st, 0), avg);
        if (db_step(up) != DB_DONE)
            s = db_last_status(c->db);
    }
    if (s == ST_OK && rc != DB_DONE)
        s = db_last_status(c->db);
    db_finalize(up);
    db_finalize(st);
    return s;
}

status_t contest_finish(ctx_t *c, int64_t contest, int64_t win_rank, int64_t win_score, size_t *n_winners,
                        const char **why)
{
    *why = NULL;
    if (n_winners)
        *n_winners = 0;
    info_t g;
    int64_t n = 0;
    status_t s = open_contest(c, contest, &g, why);
    if (s != ST_OK)
        return s;
    if (win_rank <= 0 && win_score < 0) {
        *why = "Phải nêu tiêu chí đạt giải: thứ hạng tối đa hoặc điểm tối thiểu.";
        return ST_INVALID;
    }
    if (win_score > 100000 * g.rounds) {
        *why = "Điểm tối thiểu đạt giải vượt quá tổng điểm tối đa.";
        return ST_INVALID;
    }
    s = db_get_int(c->db, &n, "SELECT COUNT(*) FROM contest_participants WHERE contest_id = ?1", "i", contest);
    if (s == ST_OK && !n) {
        *why = "Hội thi chưa có thí sinh.";
        return ST_INVALID;
    }
    if (s != ST_OK || (s = db_begin_write(c->db)) != ST_OK)
        return s;
    int64_t rank_limit = win_rank > 0 ? win_rank : 1000000000, score_min = win_score >= 0 ? win_score : 0;
    int64_t year = (int64_t)strtol(g.held_on, NULL, 10);
    s = set_totals(c, contest);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE contest_participants SET rank = 1 + (SELECT COUNT(*) FROM contest_participants o"
                   " WHERE o.contest_id = contest_participants.contest_id AND o.total > contest_participants.total)"
                   " WHERE contest_id = ?1", "i", contest);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE contest_participants SET winner = CASE WHEN rank <= ?2 AND total >= ?3"
                   " THEN 1 ELSE 0 END WHERE contest_id = ?1", "iii", contest, rank_limit, score_min);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "UPDATE contests SET state = 'finished', win_rank = ?2, win_score = ?3 WHERE id = ?1",
                   "iii", contest, win_rank > 0 ? win_rank : (int64_t)-1, win_score >= 0 ? win_score : (int64_t)-1);
    if (s == ST_OK)
        s = db_run(c->db, NULL, "INSERT INTO person_skill_titles (person_id, title, level, year, contest_id, unit_id,"
                   " created_at) SELECT person_id, ?2, ?3, ?4, contest_id, ?5, ?6 FROM contest_participants"
                   " WHERE contest_id = ?1 AND winner = 1", "ittiii", contest, contest_title_for(g.level), g.level,
                   year, g.unit, time_now());
    json_t *winners = json_array();
    if (s == ST_OK) {
        db_stmt_t *st;
        s = db_prepare(c->db, "SELECT person_id, rank, total FROM contest_participants WHERE contest_id = ?1"
                              " AND winner = 1 ORDER BY rank, person_id", &st);
        if (s == ST_OK) {
            db_bindf(st, "i", contest);
            int rc;
            while ((rc = db_step(st)) == DB_ROW)
                jarr_take(winners, json_pack("{s:I, s:I, s:I}", "person_id", (json_int_t)db_col_int(st, 0), "rank",
                                             (json_int_t)db_col_int(st, 1), "total", (json_int_t)db_col_int(st, 2)));
            s = rc == DB_DONE ? ST_OK : db_last_status(c->db);
            db_finalize(st);
        }
    }
    size_t nw = json_array_size(winners);
    if (s == ST_OK) {
        json_t *after = json_pack("{s:I, s:I, s:s, s:o}", "win_rank", (json_int_t)win_rank, "win_score",
                                  (json_int_t)win_score, "title", contest_title_for(g.level), "winners", winners);
        winners = NULL;
        s = audit_append(c, "finish", "contest", contest, g.unit, NULL, after);
        json_decref(after);
    }
    json_decref(winners);
    s = finish_tx(c, s);
    if (s == ST_OK && n_winners)
        *n_winners = nw;
    return s;
}

static const char *dup(arena_t *a, db_stmt_t *st, int col)
{
    return db_col_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

static void read_part(db_stmt_t *st, void *row, arena_t *a)
{
    contest_participant_t *p = row;
    p->person_id = db_col_int(st, 0);
    p->unit_id = db_col_int(st, 1);
    p->total = db_col_int(st, 2);
    p->rank = db_col_int(st, 3);
    p->winner = db_col_int(st, 4) != 0;
    p->full_name = dup(a, st, 5);
    p->unit_name = dup(a, st, 6);
}

static void read_score(db_stmt_t *st, void *row, arena_t *a)
{
    (void)a;
    contest_score_t *x = row;
    x->person_id = db_col_int(st, 0);
    x->round = db_col_int(st, 1);
    x->judge_id = db_col_int(st, 2);
    x->score = db_col_int(st, 3);
}

static void read_judge(db_stmt_t *st, void *row, arena_t *a)
{
    contest_judge_t *j = row;
    j->id = db_col_int(st, 0);
    j->person_id = db_col_int(st, 1);
    j->name = dup(a, st, 2);
}

status_t contest_get(ctx_t *c, int64_t contest, contest_t *out)
{
    memset(out, 0, sizeof *out);
    info_t g;
    status_t s = info(c, contest, PERM_READ, &g);
    db_stmt_t *st;
    if (s != ST_OK || (s = db_prepare(c->db, "SELECT g.unit_id, u.name, g.name, g.trade, g.level, g.held_on, g.state,"
                                             " g.rounds, COALESCE(g.win_rank, -1), COALESCE(g.win_score, -1)"
                                             " FROM contests g JOIN units u ON u.id = g.unit_id WHERE g.id = ?1",
                                             &st)) != ST_OK)
        return s;
    db_bindf(st, "i", contest);
    if (db_step(st) == DB_ROW) {
        out->id = contest;
        out->unit_id = db_col_int(st, 0);
        out->unit_name = dup(c->arena, st, 1);
        out->name = dup(c->arena, st, 2);
        out->trade = dup(c->arena, st, 3);
        out->level = dup(c->arena, st, 4);
        out->held_on = dup(c->arena, st, 5);
        out->state = dup(c->arena, st, 6);
        out->rounds = db_col_int(st, 7);
        out->win_rank = db_col_int(st, 8);
        out->win_score = db_col_int(st, 9);
        out->title = contest_title_for(out->level);
    } else {
        s = db_last_status(c->db) != ST_OK ? db_last_status(c->db) : ST_FORBIDDEN;
    }
    db_finalize(st);
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT cp.person_id, cp.unit_id, COALESCE(cp.total, 0), COALESCE(cp.rank, 0),"
                                             " cp.winner, p.full_name, u.name FROM contest_participants cp"
                                             " JOIN persons p ON p.id = cp.person_id JOIN units u ON u.id = cp.unit_id"
                                             " WHERE cp.contest_id = ?1 ORDER BY COALESCE(cp.rank, 0), p.order_key, cp.person_id",
                                             &st)) == ST_OK) {
        db_bindf(st, "i", contest);
        s = db_collect(st, c->arena, (void **)&out->participants, &out->n_participants, sizeof *out->participants,
                       read_part);
    }
    for (size_t i = 0; s == ST_OK && i < out->n_participants; i++)
        out->n_winners += out->participants[i].winner;
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT person_id, round, judge_id, score FROM contest_scores"
                                             " WHERE contest_id = ?1 ORDER BY person_id, round, judge_id", &st)) == ST_OK) {
        db_bindf(st, "i", contest);
        s = db_collect(st, c->arena, (void **)&out->scores, &out->n_scores, sizeof *out->scores, read_score);
    }
    if (s == ST_OK && (s = db_prepare(c->db, "SELECT id, COALESCE(person_id, 0), name FROM contest_judges"
                                             " WHERE contest_id = ?1 ORDER BY id", &st)) == ST_OK) {
        db_bindf(st, "i", contest);
        s = db_collect(st, c->arena, (void **)&out->judges, &out->n_judges, sizeof *out->judges, read_judge);
    }
    return s;
}

static void read_listed(db_stmt_t *st, void *row, arena_t *a)
{
    contest_t *g = row;
    g->id = db_col_int(st, 0);
    g->unit_id = db_col_int(st, 1);
    g->unit_name = dup(a, st, 2);
    g->name = dup(a, st, 3);
    g->trade = dup(a, st, 4);
    g->level = dup(a, st, 5);
    g->held_on = dup(a, st, 6);
    g->state = dup(a, st, 7);
    g->rounds = db_col_int(st, 8);
    g->win_rank = db_col_int(st, 9);
    g->win_score = db_col_int(st, 10);
    g->n_participants = (size_t)db_col_int(st, 11);
    g->n_winners = (size_t)db_col_int(st, 12);
    g->title = contest_title_for(g->level);
}

status_t contest_list(ctx_t *c, int64_t root, int64_t year, contest_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    year = year > 0 && year < 3000 ? year : 0;
    char jan1[24], next[24];
    snprintf(jan1, sizeof jan1, "%04d-01-01", (int)year);
    snprintf(next, sizeof next, "%04d-01-01", (int)year + 1);
    status_t s = perm_check(c, PERM_READ, root);
    db_stmt_t *st;
    if (s != ST_OK ||
        (s = db_prepare(c->db, "SELECT g.id, g.unit_id, u.name, g.name, g.trade, g.level, g.held_on, g.state, g.rounds,"
                               " COALESCE(g.win_rank, -1), COALESCE(g.win_score, -1),"
                               " (SELECT COUNT(*) FROM contest_participants p WHERE p.contest_id = g.id),"
                               " (SELECT COUNT(*) FROM contest_participants p WHERE p.contest_id = g.id AND p.winner = 1)"
                               " FROM contests g JOIN units u ON u.id = g.unit_id"
                               " JOIN unit_tree t ON t.descendant_id = g.unit_id"
                               " WHERE t.ancestor_id = ?1 AND t.valid_to IS NULL"
                               " AND (?2 = 0 OR (g.held_on >= ?3 AND g.held_on < ?4))"
                               " ORDER BY g.held_on DESC, g.id DESC LIMIT 1000", &st)) != ST_OK)
        return s;
    db_bindf(st, "iitt", root, year, jan1, next);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_listed);
}

static void read_title(db_stmt_t *st, void *row, arena_t *a)
{
    contest_title_t *t = row;
    t->id = db_col_int(st, 0);
    t->person_id = db_col_int(st, 1);
    t->title = dup(a, st, 2);
    t->level = dup(a, st, 3);
    t->year = db_col_int(st, 4);
    t->contest_id = db_col_int(st, 5);
    t->contest_name = dup(a, st, 6);
    t->unit_id = db_col_int(st, 7);
    t->unit_name = dup(a, st, 8);
}

status_t contest_person_titles(ctx_t *c, int64_t person, contest_title_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int64_t unit = 0;
    status_t s = db_get_int(c->db, &unit, "SELECT " PERSON_SCOPE_UNIT("p") " FROM persons p WHERE p.id = ?1", "i", person);
    if (s == ST_NOT_FOUND || (s == ST_OK && unit <= 0))
        return ST_FORBIDDEN;
    db_stmt_t *st;
    if (s != ST_OK || (s = perm_check(c, PERM_READ, unit)) != ST_OK ||
        (s = db_prepare(c->db, "SELECT t.id, t.person_id, t.title, t.level, t.year, t.contest_id, g.name, t.unit_id, u.name"
                               " FROM person_skill_titles t JOIN contests g ON g.id = t.contest_id"
                               " JOIN units u ON u.id = t.unit_id WHERE t.person_id = ?1 ORDER BY t.year, t.id",
                        &st)) != ST_OK)
        return s;
    db_bindf(st, "i", person);
    return db_collect(st, c->arena, (void **)out, n, sizeof **out, read_title);
}
