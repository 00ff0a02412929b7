#include "web/registration_web.h"

#include <string.h>

#include "core/person.h"
#include "export/transfer.h"

int64_t registration_page(req_t *r)
{
    int64_t p = req_param_int(r, "page", 1);
    return p < 1 ? 1 : p > 100000 ? 100000 : p;
}

registration_query_t registration_query_from(req_t *r)
{
    return (registration_query_t){req_param_int(r, "id", 0), req_param_int(r, "unit_id", 0),
                                  req_param_bool(r, "withdrawn"), false};
}

typedef struct {
    arena_t *a;
    int64_t *ids;
    size_t n, cap;
    bool full;
} members_t;

static const char too_many[] = "Đơn vị có hơn 50.000 đoàn viên: hãy đăng ký theo từng đơn vị trực thuộc.";

static int add_member(const person_row_t *row, void *arg)
{
    members_t *m = arg;
    int64_t *slot = m->n < REGISTRATION_MAX_PEOPLE ? arena_push(m->a, (void **)&m->ids, &m->n, &m->cap, sizeof *slot)
                                                   : NULL;
    if (!slot) {
        m->full = true;
        return 1;
    }
    *slot = row->id;
    return 0;
}

/* The current members of UNIT (its own, not its subtree's); ST_INVALID
 * when there are too many for one registration. */
static status_t unit_members(req_t *r, int64_t unit, members_t *m)
{
    *m = (members_t){.a = r->arena};
    status_t st = person_list_each(&r->ctx, unit, NULL, false, add_member, m);
    return st == ST_OK && m->full ? (m->n < REGISTRATION_MAX_PEOPLE ? ST_NOMEM : ST_INVALID) : st;
}

status_t registration_add_from(req_t *r, registration_outcome_t *out)
{
    *out = (registration_outcome_t){0};
    registration_in_t in = {req_param(r, "title_code"), req_param(r, "targets"), req_param(r, "late_reason")};
    int64_t movement = req_param_int(r, "id", 0), unit = req_param_int(r, "unit_id", 0);
    size_t n = 0;
    const int64_t *ids = req_param_ids(r, &n);
    const char *subject = req_param(r, "subject");
    bool all = unit && req_param_bool(r, "all_members");
    bool collective = subject && strcmp(subject, "collective") == 0;
    bool people = !collective && (n || all || (subject && strcmp(subject, "individual") == 0));
    members_t m = {0};
    status_t st = ST_OK;
    if (!n && all) {
        st = unit_members(r, unit, &m);
        ids = m.ids;
        n = m.n;
        if (st == ST_INVALID)
            out->why = too_many;
        if (st == ST_OK && !n) {
            out->why = "Đơn vị chưa có đoàn viên nào để đăng ký.";
            return ST_INVALID;
        }
    }
    if (st != ST_OK)
        return st;
    if (people && !n) {
        out->why = "Chưa chọn người nào để đăng ký: đánh dấu từng người, hoặc chọn «tất cả đoàn viên».";
        return ST_INVALID;
    }
    if (people) {
        registration_result_t res;
        st = registration_add_people(&r->ctx, movement, ids, n, &in, &res, &out->why);
        *out = (registration_outcome_t){res.first_id, res.registered, res.late, out->why};
        return st;
    }
    if (!unit) {
        out->why = "Chưa chọn đơn vị hoặc người để đăng ký.";
        return ST_INVALID;
    }
    st = registration_add_unit(&r->ctx, movement, unit, &in, &out->id, &out->late, &out->why);
    out->registered = st == ST_OK;
    return st;
}

status_t registration_import_from(req_t *r, registration_import_report_t *rep, const char **why)
{
    *rep = (registration_import_report_t){0};
    *why = NULL;
    if (!r->upload_path) {
        *why = "Hãy chọn một tệp Excel (.xlsx) hoặc CSV có danh sách đăng ký.";
        return ST_INVALID;
    }
    return transfer_import_registrations(&r->ctx, req_param_int(r, "id", 0), r->upload_path,
                                         !req_param_bool(r, "dry_run"), req_param(r, "late_reason"), rep, why);
}

int registration_setting_value(const char *s)
{
    if (s && (strcmp(s, "1") == 0 || strcmp(s, "có") == 0 || strcmp(s, "true") == 0))
        return 1;
    if (s && (strcmp(s, "0") == 0 || strcmp(s, "không") == 0 || strcmp(s, "false") == 0))
        return 0;
    if (!s || strcmp(s, "inherit") == 0 || strcmp(s, "-1") == 0)
        return -1;
    return 2; /* refused by core with its message */
}
