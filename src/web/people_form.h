/* The parameters of a person and of a membership, as the API and the UI
 * forms send them (one declaration for both: routes.c uses PEOPLE_FIELDS). */
#ifndef TDKT_WEB_PEOPLE_FORM_H
#define TDKT_WEB_PEOPLE_FORM_H
#include "core/person.h"
#include "web/req.h"

#define PEOPLE_IDENTITY_PARAMS                                                                              \
    {"full_name", P_TEXT, 1, 255, "Họ và tên"}, {"gender", P_TEXT, 0, 10, "Giới tính"},                     \
        {"birth_date", P_TEXT, 0, 10, "Ngày sinh hoặc năm sinh"}, {"cccd", P_TEXT, 0, 20, "Số CCCD"},       \
        {"phone", P_TEXT, 0, 20, "Điện thoại"}, {"email", P_TEXT, 0, 254, "Thư điện tử"},                   \
        {"recruited_on", P_DATE, 0, 10, "Ngày tuyển dụng"}

#define PEOPLE_MEMBERSHIP_PARAMS                                                                              \
    {"unit_id", P_INT, 1, 0, "Đơn vị"}, {"position", P_TEXT, 0, 255, "Chức vụ"},                              \
        {"from_date", P_DATE, 1, 10, "Từ ngày"}, {"to_date", P_DATE, 0, 10, "Đến ngày"},                      \
        {"direct_worker", P_TEXT, 0, 5, "Lao động trực tiếp"}, {"manager", P_TEXT, 0, 5, "Cán bộ quản lý"}, \
        {"member_since", P_DATE, 0, 10, "Ngày vào công đoàn"}

/* Identity fields from the request. The birth date may be dd/mm/yyyy,
 * yyyy-mm-dd or a year alone; gender "nam"/"nữ"/"M"/"F". */
person_fields_t people_form_fields(req_t *r);

/* A Vietnamese message when a value cannot be used as typed (e.g. a gender
 * that is neither nam nor nữ), else NULL. */
const char *people_form_problem(req_t *r);

/* A membership from the request. */
person_membership_in_t people_form_membership(req_t *r);

#endif
