/* /api/v1/people and /api/v1/search: people, their history and yearly
 * records, merging duplicates, and name search over people and units. */
#include <string.h>

#include "core/person.h"
#include "core/search.h"
#include "lib/json.h"
#include "web/handlers.h"
#include "web/people_form.h"

static json_t *row_json(const person_row_t *p)
{
    return json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:s?, s:b, s:b}", "id",
                     (json_int_t)p->id, "full_name", p->full_name, "gender", p->gender, "birth_date", p->birth_date,
                     "cccd", p->cccd, "phone", p->phone, "email", p->email, "unit_id", (json_int_t)p->unit_id,
                     "unit_name", p->unit_name, "position", p->position, "from_date", p->from_date, "direct_worker",
                     p->direct_worker, "manager", p->manager);
}

static json_t *person_json(const person_t *p)
{
    json_t *j = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:s?, s:b}", "id", (json_int_t)p->id,
                          "full_name", p->full_name, "gender", p->gender, "birth_date", p->birth_date, "cccd",
                          p->cccd, "phone", p->phone, "email", p->email, "recruited_on", p->recruited_on, "unit_id",
                          (json_int_t)p->unit_id, "unit_name", p->unit_name, "current", p->current);
    jobj_take(j, "merged_into", p->merged_into ? json_integer(p->merged_into) : json_null());
    json_t *ms = json_array(), *rs = json_array(), *ds = json_array(), *as = json_array();
    for (size_t i = 0; i < p->n_memberships; i++) {
        const person_membership_t *m = &p->memberships[i];
        jarr_take(ms, json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:b, s:b}", "id", (json_int_t)m->id,
                                "unit_id", (json_int_t)m->unit_id, "unit_name", m->unit_name, "unit_code", m->unit_code,
                                "position", m->position, "from_date", m->from_date, "to_date", m->to_date,
                                "member_since", m->member_since, "direct_worker", m->direct_worker, "manager",
                                m->manager));
    }
    for (size_t i = 0; i < p->n_ratings; i++)
        jarr_take(rs, json_pack("{s:s, s:s, s:s?, s:s?}", "year", p->ratings[i].year_label, "rating",
                                p->ratings[i].rating, "rating_name", person_rating_label(p->ratings[i].rating),
                                "source_doc", p->ratings[i].source_doc));
    for (size_t i = 0; i < p->n_disciplines; i++)
        jarr_take(ds, json_pack("{s:s, s:s?, s:s?, s:s?}", "form", p->disciplines[i].form, "decision_no",
                                p->disciplines[i].decision_no, "from_date", p->disciplines[i].from_date, "to_date",
                                p->disciplines[i].to_date));
    for (size_t i = 0; i < p->n_absences; i++)
        jarr_take(as, json_pack("{s:s, s:I, s:s?, s:b}", "year", p->absences[i].year_label, "days",
                                (json_int_t)p->absences[i].days, "reason", p->absences[i].reason, "counts_as_work",
                                p->absences[i].counts_as_work));
    jobj_take(j, "memberships", ms);
    jobj_take(j, "ratings", rs);
    jobj_take(j, "disciplines", ds);
    jobj_take(j, "absences", as);
    return j;
}

/* Answers with person ID as it now is (HTTP), or the refusal. WHYP is read
 * after the call that set it. */
static void answer(req_t *r, status_t st, const char *const *whyp, int64_t id, int http)
{
    const char *why = *whyp;
    if (st == ST_FORBIDDEN && !why)
        why = "Bạn không có quyền với hồ sơ này.";
    if (check_or_respond(r, st, why) != ST_OK)
        return;
    person_t p;
    if (check_or_respond(r, person_get(&r->ctx, id, &p), NULL) == ST_OK)
        resp_json(r, http, person_json(&p));
}

void api_people_list(req_t *r)
{
    person_list_q_t q = {.unit_id = req_param_int(r, "unit_id", 0), .as_of = req_param(r, "at"),
                         .subtree = req_param_bool(r, "subtree"), .after = req_param(r, "after"),
                         .before = req_param(r, "before"), .limit = (size_t)req_param_int(r, "limit", 50)};
    person_page_t pg;
    status_t st = person_list(&r->ctx, &q, &pg);
    if (check_or_respond(r, st,
                         st == ST_FORBIDDEN ? "Bạn không có quyền xem đơn vị này."
                         : st == ST_INVALID ? "Ngày, số dòng hoặc vị trí trang không hợp lệ."
                                            : NULL) != ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        jarr_take(items, row_json(&pg.rows[i]));
    bool capped = pg.total > PERSON_LIST_COUNT_MAX;
    json_t *body = json_pack("{s:o, s:I, s:b, s:s?, s:s?}", "items", items, "total",
                             (json_int_t)(capped ? PERSON_LIST_COUNT_MAX : pg.total), "total_exact", !capped, "next",
                             pg.next, "prev", pg.prev);
    resp_json(r, 200, body);
}

void api_person_get(req_t *r)
{
    person_t p;
    status_t st = person_get(&r->ctx, req_param_int(r, "id", 0), &p);
    if (check_or_respond(r, st, st == ST_FORBIDDEN ? "Bạn không có quyền xem hồ sơ này." : NULL) == ST_OK)
        resp_json(r, 200, person_json(&p));
}

void api_person_create(req_t *r)
{
    if (people_form_problem(r)) {
        respond_error(r, ST_INVALID, people_form_problem(r));
        return;
    }
    person_fields_t f = people_form_fields(r);
    person_membership_in_t m = people_form_membership(r);
    int64_t id = 0;
    const char *why = NULL;
    status_t st = person_create(&r->ctx, &f, &m, req_param_bool(r, "force"), &id, &why);
    if (st == ST_CONFLICT && id) {
        /* A duplicate: say which record, so the client may open or merge it. */
        json_t *e = json_pack("{s:{s:s, s:s, s:I}}", "error", "code", "conflict", "message", why ? why : "",
                              "existing_id", (json_int_t)id);
        resp_json(r, 409, e);
        return;
    }
    answer(r, st, &why, id, 201);
}

void api_person_update(req_t *r)
{
    if (people_form_problem(r)) {
        respond_error(r, ST_INVALID, people_form_problem(r));
        return;
    }
    person_fields_t f = people_form_fields(r);
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_update(&r->ctx, id, &f, &why);
    answer(r, st, &why, id, 200);
}

void api_person_membership(req_t *r)
{
    person_membership_in_t m = people_form_membership(r);
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_add_membership(&r->ctx, id, &m, NULL, &why);
    answer(r, st, &why, id, 201);
}

void api_person_rating(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_set_rating(&r->ctx, id, req_param(r, "year"), req_param(r, "rating"),
                                    req_param(r, "source_doc"), req_param_int(r, "unit_id", 0), &why);
    answer(r, st, &why, id, 200);
}

void api_person_discipline(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_add_discipline(&r->ctx, id, req_param(r, "form"), req_param(r, "decision_no"),
                                        req_param(r, "from_date"), req_param(r, "to_date"), &why);
    answer(r, st, &why, id, 201);
}

void api_person_absence(req_t *r)
{
    int64_t id = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_add_absence(&r->ctx, id, req_param(r, "year"), req_param_int(r, "days", 0),
                                     req_param(r, "reason"), req_param_bool(r, "counts_as_work"), &why);
    answer(r, st, &why, id, 201);
}

void api_person_merge(req_t *r)
{
    int64_t keep = req_param_int(r, "id", 0);
    const char *why = NULL;
    status_t st = person_merge(&r->ctx, keep, req_param_int(r, "gone_id", 0), &why);
    answer(r, st, &why, keep, 200);
}

static json_t *hit_json(const search_hit_t *h)
{
    return json_pack("{s:I, s:s, s:s?, s:s?, s:I, s:s?, s:s?, s:b}", "id", (json_int_t)h->id, "name", h->name,
                     "birth_date", h->birth_date, "code", h->code, "unit_id", (json_int_t)h->unit_id, "unit_name",
                     h->unit_name, "valid_to", h->valid_to, "exact", h->exact);
}

void api_search(req_t *r)
{
    bool units = req_param(r, "kind") && strcmp(req_param(r, "kind"), "units") == 0, more = false;
    search_hit_t *hits;
    size_t n;
    size_t offset = (size_t)req_param_int(r, "offset", 0), limit = (size_t)req_param_int(r, "limit", 20);
    const char *q = req_param(r, "q") ? req_param(r, "q") : "";
    status_t st = units ? search_units(&r->ctx, q, offset, limit, &hits, &n, &more)
                        : search_people(&r->ctx, q, offset, limit, &hits, &n, &more);
    if (check_or_respond(r, st, st == ST_INVALID ? "Từ khóa tìm kiếm hoặc trang kết quả không hợp lệ." : NULL) !=
        ST_OK)
        return;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        jarr_take(items, hit_json(&hits[i]));
    resp_json(r, 200, json_pack("{s:o, s:b}", "items", items, "more", more));
}
