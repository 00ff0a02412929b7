/* Shared by the unit screen (ui_unit.c) and its change forms
 * (ui_unit_change.c). */
#ifndef TDKT_WEB_UI_UNIT_H
#define TDKT_WEB_UI_UNIT_H
#include "core/unit.h"
#include "web/req.h"

/* Renders unit ID's page with an optional error or success message. */
void ui_unit_render(req_t *r, int64_t id, int http_status, const char *error, const char *ok);

/* The forms to add a child and restructure U (caller may write U). When
 * REFILL, the submitted values are shown again. */
void ui_unit_forms(req_t *r, buf_t *b, const unit_t *u, bool refill);

/* An ISO date as dd/mm/yyyy (nothing when not a date). */
void ui_date_vn(buf_t *b, const char *iso);

#endif
