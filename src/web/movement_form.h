/* The fields of a movement as the API and the UI forms send them (routes.c
 * declares them once, in MOVEMENT_SPEC). */
#ifndef TDKT_WEB_MOVEMENT_FORM_H
#define TDKT_WEB_MOVEMENT_FORM_H
#include "core/movement.h"
#include "lib/buf.h"
#include "web/req.h"

/* The movement's fields from the declared parameters (NULL when absent). */
movement_spec_t movement_spec_from(req_t *r);

/* The inputs of the movement form (name, kind, period, target group,
 * titles, content, goals, legal basis) holding SP's values (NULL: empty).
 * Dates are shown dd/mm/yyyy. */
void movement_form_fields(req_t *r, buf_t *b, const movement_spec_t *sp);

#endif
