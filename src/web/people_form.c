#include "web/people_form.h"

#include "lib/buf.h"
#include "lib/time.h"

/* A birth date as typed: dd/mm/yyyy -> yyyy-mm-dd; a year or ISO date stays. */
static const char *birth_date(req_t *r, const char *s)
{
    date_t d;
    if (!s || !date_parse_vn(s, &d))
        return s;
    buf_t b;
    buf_init(&b, 16);
    date_format_iso(&b, d);
    const char *iso = arena_strdup(r->arena, buf_str(&b));
    buf_free(&b);
    return iso;
}

person_fields_t people_form_fields(req_t *r)
{
    const char *g = req_param(r, "gender");
    return (person_fields_t){
        .full_name = req_param(r, "full_name"), .gender = g ? person_gender_code(g) : NULL,
        .birth_date = birth_date(r, req_param(r, "birth_date")), .cccd = req_param(r, "cccd"),
        .phone = req_param(r, "phone"), .email = req_param(r, "email"), .recruited_on = req_param(r, "recruited_on"),
    };
}

person_membership_in_t people_form_membership(req_t *r)
{
    return (person_membership_in_t){
        .unit_id = req_param_int(r, "unit_id", 0), .position = req_param(r, "position"),
        .from_date = req_param(r, "from_date"), .to_date = req_param(r, "to_date"),
        .direct_worker = req_param_bool(r, "direct_worker"), .manager = req_param_bool(r, "manager"),
        .member_since = req_param(r, "member_since"),
    };
}

const char *people_form_problem(req_t *r)
{
    const char *g = req_param(r, "gender");
    if (g && !person_gender_code(g))
        return "Giới tính phải là «nam» hoặc «nữ».";
    return NULL;
}
