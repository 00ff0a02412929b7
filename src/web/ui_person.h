/* The person screen (ui_person.c). */
#ifndef TDKT_WEB_UI_PERSON_H
#define TDKT_WEB_UI_PERSON_H
#include "web/req.h"

/* Renders person ID's page with an optional error or success message. */
void ui_person_render(req_t *r, int64_t id, int http, const char *error, const char *ok);

#endif
