/* /api/v1/units/{id}/initiatives, /api/v1/initiatives/{id}/…: initiatives
 * (sáng kiến); /api/v1/units/{id}/contests, /api/v1/contests/{id}/…: skill
 * contests (hội thi tay nghề); /api/v1/people/{id}/skill-titles. Lists in
 * parameters are text: authors "PERSON_ID:SHARE,PERSON_ID:SHARE",
 * attachments one file name a line, scores in points with up to two
 * decimals ("87.5"). */
#include "core/contest.h"
#include "core/initiative.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/register_form.h"

static const char *const forbid_read = "Bạn không có quyền xem dữ liệu này.";
static const char *const forbid_write = "Bạn không có quyền thay đổi dữ liệu của đơn vị này.";

/* The refusal, or HTTP with {"ok":true,"id":ID}. */
static void answer(req_t *r, status_t st, const char *why, int64_t id, int http)
{
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_write : why) == ST_OK)
        resp_json(r, http, json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

/* Reads the initiative fields; false (answered) when a list is malformed. */
static bool read_in(req_t *r, initiative_in_t *in)
{
    const char *why = register_form_initiative(r, in);
    if (why)
        respond_error(r, ST_INVALID, why);
    return why == NULL;
}

static json_t *initiative_json(const initiative_t *x, bool full)
{
    json_t *o = json_pack("{s:I, s:I, s:s?, s:s, s:s?, s:s?, s:s?, s:o, s:s?, s:s?, s:s?, s:s?}", "id",
                          (json_int_t)x->id, "unit_id", (json_int_t)x->unit_id, "unit_name", x->unit_name, "title",
                          x->title, "summary", x->summary, "field", x->field, "applied_on", x->applied_on,
                          "benefit_vnd", x->benefit_vnd ? json_integer(x->benefit_vnd) : json_null(), "benefit_text",
                          x->benefit_text, "level", initiative_level_code(x->top_level), "used_for", x->used_for,
                          "used_ref", x->used_ref);
    json_t *files = json_array();
    for (size_t i = 0; i < x->n_attachments; i++)
        jarr_take(files, json_string(x->attachments[i]));
    json_object_set_new(o, "attachments", files);
    if (!full)
        return o;
    json_t *authors = json_array(), *recs = json_array();
    for (size_t i = 0; i < x->n_authors; i++)
        jarr_take(authors, json_pack("{s:I, s:s?, s:I}", "person_id", (json_int_t)x->authors[i].person_id,
                                     "full_name", x->authors[i].full_name, "share", (json_int_t)x->authors[i].share));
    for (size_t i = 0; i < x->n_recognitions; i++) {
        const initiative_recognition_t *g = &x->recognitions[i];
        jarr_take(recs, json_pack("{s:s, s:s, s:I, s:s?, s:s, s:s}", "level", initiative_level_code(g->level),
                                  "level_name", initiative_level_name(g->level), "unit_id", (json_int_t)g->unit_id,
                                  "unit_name", g->unit_name, "decision_no", g->decision_no, "decision_date",
                                  g->decision_date));
    }
    json_object_set_new(o, "authors", authors);
    json_object_set_new(o, "recognitions", recs);
    return o;
}

void api_initiatives_list(req_t *r)
{
    int64_t unit = req_param_int(r, "id", 0), year = req_param_int(r, "year", 0);
    initiative_t *x;
    size_t n;
    status_t st = initiative_list(&r->ctx, unit, year, &x, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, initiative_json(&x[i], false));
    json_t *body = json_pack("{s:o}", "items", items);
    if (year > 0) {
        int64_t c[INIT_LEVELS + 1];
        st = initiative_count_levels(&r->ctx, unit, year, c);
        if (check_or_respond(r, st, NULL) != ST_OK) {
            json_decref(body);
            return;
        }
        json_t *counts = json_object();
        for (int64_t l = 1; l <= INIT_LEVELS; l++)
            json_object_set_new(counts, initiative_level_code(l), json_integer(c[l]));
        json_object_set_new(body, "recognised_in_year", counts);
    }
    resp_json(r, 200, body);
}

void api_initiative_create(req_t *r)
{
    initiative_in_t in;
    if (!read_in(r, &in))
        return;
    int64_t id = 0;
    const char *why = NULL;
    status_t st = initiative_create(&r->ctx, req_param_int(r, "id", 0), &in, &id, &why);
    answer(r, st, why, id, 201);
}

void api_initiative_get(req_t *r)
{
    initiative_t x;
    status_t st = initiative_get(&r->ctx, req_param_int(r, "id", 0), &x);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) == ST_OK)
        resp_json(r, 200, initiative_json(&x, true));
}

void api_initiative_update(req_t *r)
{
    initiative_in_t in;
    if (!read_in(r, &in))
        return;
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = initiative_update(&r->ctx, id, &in, &why);
    answer(r, st, why, id, 200);
}

void api_initiative_recognize(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), level = initiative_level_parse(req_param(r, "level"));
    const char *why = NULL;
    status_t st = initiative_recognize(&r->ctx, id, level, req_param_int(r, "unit_id", 0), req_param(r, "decision_no"),
                                       req_param(r, "decision_date"), &why);
    answer(r, st, why, id, 200);
}

void api_initiative_use(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = initiative_use(&r->ctx, id, req_param(r, "purpose"), req_param(r, "reference"), &why);
    answer(r, st, why, id, 200);
}

/* ---- contests -------------------------------------------------------------- */

void api_contest_create(req_t *r)
{
    contest_in_t in = {.name = req_param(r, "name"), .trade = req_param(r, "trade"), .level = req_param(r, "level"),
                       .held_on = req_param(r, "held_on"), .rounds = req_param_int(r, "rounds", 1)};
    int64_t id = 0;
    const char *why = NULL;
    status_t st = contest_create(&r->ctx, req_param_int(r, "id", 0), &in, &id, &why);
    answer(r, st, why, id, 201);
}

void api_contest_participant(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = contest_add_participant(&r->ctx, id, req_param_int(r, "person_id", 0), req_param_int(r, "unit_id", 0),
                                          &why);
    answer(r, st, why, id, 200);
}

void api_contest_judge(req_t *r)
{
    int64_t judge = 0;
    const char *why = NULL;
    status_t st = contest_add_judge(&r->ctx, req_param_int(r, "id", 0), req_param(r, "name"),
                                    req_param_int(r, "person_id", 0), &judge, &why);
    answer(r, st, why, judge, 201);
}

void api_contest_score(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), score = register_form_points(req_param(r, "score"));
    if (score < 0) {
        respond_error(r, ST_INVALID, register_form_bad_points);
        return;
    }
    const char *why = NULL;
    status_t st = contest_score(&r->ctx, id, req_param_int(r, "person_id", 0), req_param_int(r, "round", 0),
                                req_param_int(r, "judge_id", 0), score, &why);
    answer(r, st, why, id, 200);
}

void api_contest_finish(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0), min = -1;
    if (req_param(r, "win_score") && (min = register_form_points(req_param(r, "win_score"))) < 0) {
        respond_error(r, ST_INVALID, register_form_bad_points);
        return;
    }
    const char *why = NULL;
    size_t n = 0;
    status_t st = contest_finish(&r->ctx, id, req_param_int(r, "win_rank", 0), min, &n, &why);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_write : why) == ST_OK)
        resp_json(r, 200, json_pack("{s:b, s:I, s:I}", "ok", 1, "id", (json_int_t)id, "winners", (json_int_t)n));
}

static json_t *points(int64_t hundredths)
{
    return json_real((double)hundredths / 100.0);
}

void api_contest_get(req_t *r)
{
    contest_t g;
    status_t st = contest_get(&r->ctx, req_param_int(r, "id", 0), &g);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *parts = json_array();
    for (size_t i = 0; i < g.n_participants; i++) {
        const contest_participant_t *p = &g.participants[i];
        json_t *rounds = json_array();
        for (size_t k = 0; k < g.n_scores; k++)
            if (g.scores[k].person_id == p->person_id)
                jarr_take(rounds, json_pack("{s:I, s:o, s:o}", "round", (json_int_t)g.scores[k].round, "judge_id",
                                            g.scores[k].judge_id ? json_integer(g.scores[k].judge_id) : json_null(),
                                            "score", points(g.scores[k].score)));
        jarr_take(parts, json_pack("{s:I, s:s?, s:I, s:s?, s:o, s:o, s:b, s:o}", "person_id", (json_int_t)p->person_id,
                                   "full_name", p->full_name, "unit_id", (json_int_t)p->unit_id, "unit_name",
                                   p->unit_name, "total", p->rank ? points(p->total) : json_null(), "rank",
                                   p->rank ? json_integer(p->rank) : json_null(), "winner", p->winner, "scores",
                                   rounds));
    }
    json_t *judges = json_array();
    for (size_t i = 0; i < g.n_judges; i++)
        jarr_take(judges, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)g.judges[i].id, "name", g.judges[i].name,
                                    "person_id", g.judges[i].person_id ? json_integer(g.judges[i].person_id) : json_null()));
    /* More winners than the rank limit: a tie at the limit let them in. */
    bool tie = g.win_rank > 0 && (int64_t)g.n_winners > g.win_rank;
    resp_json(r, 200,
              json_pack("{s:I, s:s, s:I, s:s?, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:I, s:b, s:o, s:o}", "id",
                        (json_int_t)g.id, "state", g.state, "unit_id", (json_int_t)g.unit_id, "unit_name", g.unit_name, "name", g.name,
                        "trade", g.trade, "level", g.level, "title", g.title, "held_on", g.held_on, "rounds",
                        (json_int_t)g.rounds, "win_rank", g.win_rank > 0 ? json_integer(g.win_rank) : json_null(),
                        "win_score", g.win_score >= 0 ? points(g.win_score) : json_null(), "winners",
                        (json_int_t)g.n_winners, "tie_at_limit", tie, "participants", parts, "judges", judges));
}

void api_person_skill_titles(req_t *r)
{
    contest_title_t *t;
    size_t n;
    status_t st = contest_person_titles(&r->ctx, req_param_int(r, "id", 0), &t, &n);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? forbid_read : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, json_pack("{s:s, s:s, s:I, s:I, s:s?, s:I, s:s?}", "title", t[i].title, "level", t[i].level,
                                   "year", (json_int_t)t[i].year, "contest_id", (json_int_t)t[i].contest_id,
                                   "contest_name", t[i].contest_name, "unit_id", (json_int_t)t[i].unit_id,
                                   "unit_name", t[i].unit_name));
    resp_json(r, 200, json_pack("{s:o}", "items", items));
}
